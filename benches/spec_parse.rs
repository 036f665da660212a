//! Per-job cost of the service's handling of submitted job specs: parsing a bunch, the schema
//! validation, the server-side checks, id translation and the stored spec (`prepare`), and
//! dropping the results, through the reference path (`server::api::spec`) and the fast path
//! (`server::api::spec::fast`).
//!
//! `cargo bench --bench spec_parse` times 10 bunches of 1,024 realistic specs (half as our CLI
//! sends them, half as Hail's Python client does), best of several rounds, and prints the
//! per-job times and their ratio. Without `--bench` (as under `cargo test --all-targets`) it runs
//! one small round as a smoke test. Both paths' results are checked equal before timing.

// A benchmark's report is what it prints (the product prints through src/printer.rs only).
#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use hailctl::service_spec::{self as spec, JobContext, UpdateRange, fast};

const BUNCHES: usize = 10;
const BUNCH_SIZE: usize = 1024;
const ROUNDS: usize = 7;

/// The in-update parent ids of job `id`, without brackets: every fourth job depends on the
/// previous one.
fn parents(id: usize) -> String {
    if id > 1 && id.is_multiple_of(4) {
        format!("{}", id - 1)
    } else {
        String::new()
    }
}

/// A spec as `hailctl batch submit` sends it.
fn cli_spec(id: usize) -> String {
    let parents = parents(id);
    format!(
        r#"{{"always_run":false,"n_max_attempts":20,"always_copy_output":false,"job_id":{id},"absolute_parent_ids":[],"in_update_parent_ids":[{parents}],"process":{{"command":["bash","-c","set -e\necho job {id} > /io/out-{id}.txt"],"image":"ubuntu:24.04","type":"docker"}},"in_update_job_group_id":0,"env":[],"resources":{{"preemptible":true}},"attributes":{{"name":"job-{id}"}},"regions":["us-central1"]}}"#
    )
}

/// A spec as Hail's Python client (`hailtop.batch`) sends it.
fn python_spec(id: usize) -> String {
    let parents = parents(id);
    format!(
        r#"{{"always_run": false, "n_max_attempts": 20, "always_copy_output": false, "job_id": {id}, "absolute_parent_ids": [], "in_update_parent_ids": [{parents}], "process": {{"command": ["/bin/bash", "-c", "set -e\necho job {id}"], "image": "ubuntu:24.04", "type": "docker", "mount_docker_socket": false}}, "in_update_job_group_id": 0, "env": [{{"name": "HAIL_BATCH", "value": "1"}}], "resources": {{"cpu": "1", "memory": "standard", "storage": "0Gi"}}, "attributes": {{"name": "job-{id}"}}}}"#
    )
}

fn bunches(n: usize, size: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|b| {
            let specs: Vec<String> = (1..=size)
                .map(|id| {
                    if b.is_multiple_of(2) {
                        cli_spec(id)
                    } else {
                        python_spec(id)
                    }
                })
                .collect();
            format!("[{}]", specs.join(",")).into_bytes()
        })
        .collect()
}

fn range(n_jobs: usize) -> UpdateRange {
    UpdateRange {
        update_id: 1,
        start_job_id: 1,
        n_jobs: n_jobs as i64,
        start_job_group_id: 1,
        n_job_groups: 0,
    }
}

fn reference(body: &[u8], r: &UpdateRange, ctx: &JobContext) -> usize {
    let jobs = spec::parse_jobs(body).expect("valid bunch");
    let prepared = spec::prepare_jobs(1, r, &jobs, ctx).expect("valid bunch");
    black_box(&prepared);
    prepared.len()
}

fn fast_path(body: &[u8], r: &UpdateRange, ctx: &JobContext) -> usize {
    let bunch = fast::parse_jobs(body).expect("valid bunch");
    let prepared = bunch.prepare(1, r, ctx).expect("valid bunch");
    black_box(&prepared);
    prepared.len()
}

/// Best time over `rounds` of running `f` on every bunch.
fn time(
    rounds: usize,
    bodies: &[Vec<u8>],
    r: &UpdateRange,
    ctx: &JobContext,
    f: fn(&[u8], &UpdateRange, &JobContext) -> usize,
) -> Duration {
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for body in bodies {
                black_box(f(black_box(body), r, ctx));
            }
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let (n, size, rounds) = if bench {
        (BUNCHES, BUNCH_SIZE, ROUNDS)
    } else {
        (2, 64, 1)
    };
    let bodies = bunches(n, size);
    let ctx = JobContext::new(
        "alice",
        vec!["us-central1".to_owned(), "us-east1".to_owned()],
    );
    let r = range(size);
    for body in &bodies {
        let want = spec::parse_jobs(body).and_then(|jobs| spec::prepare_jobs(1, &r, &jobs, &ctx));
        let bunch = fast::parse_jobs(body);
        assert!(
            matches!(bunch, Ok(fast::Bunch::Fast(_))),
            "the fast path must accept these specs"
        );
        let got = bunch.and_then(|b| b.prepare(1, &r, &ctx));
        assert_eq!(got, want, "the fast path must give the reference's results");
    }
    let jobs = (n * size) as f64;
    let bytes: usize = bodies.iter().map(Vec::len).sum();
    let reference_time = time(rounds, &bodies, &r, &ctx, reference);
    let fast_time = time(rounds, &bodies, &r, &ctx, fast_path);
    let per_job = |d: Duration| d.as_secs_f64() * 1e6 / jobs;
    println!(
        "spec_parse: {n} bunches of {size} jobs ({:.0} bytes/job), best of {rounds} rounds",
        bytes as f64 / jobs
    );
    println!("  reference path: {:8.2} µs/job", per_job(reference_time));
    println!("  fast path:      {:8.2} µs/job", per_job(fast_time));
    println!(
        "  ratio:          {:8.1}x",
        reference_time.as_secs_f64() / fast_time.as_secs_f64().max(1e-12)
    );
}
