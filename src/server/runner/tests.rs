//! Tests with real processes. Each test has its own temporary directory; tests that need to
//! observe a running job poll for a marker (never sleep for a fixed time and hope).
//!
//! These run the host runtime started directly (the test binary cannot act as the job shim);
//! the shim, the bubblewrap runtime and images are tested end to end through the binary
//! (`tests/it/job_runtime.rs`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::watch;

use super::copy::{self, CopyFailure};
use super::*;
use crate::server::model::log_path;

/// The runtimes to exercise here: the host runtime without its shim.
fn modes() -> Vec<JobRuntime> {
    vec![host()]
}

fn host() -> JobRuntime {
    JobRuntime::bare(Runtime::Host { shim: None })
}

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        Fixture {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    fn scratch(&self) -> PathBuf {
        self.path().join("scratch")
    }

    /// How the job's command spells its `/io` directory in `mode`.
    fn io(&self, _mode: &JobRuntime) -> String {
        self.scratch().display().to_string()
    }

    fn attempt<'a>(&self, spec: &'a Value) -> Attempt<'a> {
        Attempt {
            batch_id: 4711,
            job_id: 12,
            job_group_id: 3,
            attempt_id: "Ab12Cd",
            user: "alice",
            spec,
            region: "us-central1",
            log_dir: self.path().join("logs"),
            scratch_dir: self.scratch(),
            extra_env: vec![("HAIL_EXTRA".into(), "extra".into())],
            worker_name: "local-worker",
            processes_done: None,
        }
    }

    async fn run(&self, mode: &JobRuntime, spec: &Value) -> Outcome {
        let (_tx, rx) = watch::channel(false);
        run_attempt(mode, self.attempt(spec), rx).await
    }

    fn log(&self, container: &str) -> Option<String> {
        std::fs::read(log_path(&self.path().join("logs"), container))
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }
}

fn job(script: &str) -> Value {
    json!({
        "always_copy_output": false,
        "job_id": 12,
        "job_group_id": 3,
        "process": {"command": ["/bin/sh", "-c", script], "image": "ubuntu:24.04", "type": "docker"},
        "env": [],
        "resources": {"cores_mcpu": 1000, "memory_bytes": 4026531840_i64, "storage_gib": 0},
    })
}

fn with(mut spec: Value, key: &str, value: Value) -> Value {
    if let Some(o) = spec.as_object_mut() {
        o.insert(key.into(), value);
    }
    spec
}

fn main_status(outcome: &Outcome) -> &Value {
    &outcome.status["container_statuses"]["main"]
}

/// Polls `check` every 20 ms until it holds, failing the test after 30 s.
async fn wait_until(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Host pids whose command line contains `token` (sandboxed processes included: the host's
/// /proc sees every PID namespace).
fn processes_with(token: &str) -> Vec<String> {
    let me = std::process::id().to_string();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter(|e| e.file_name().to_string_lossy() != me)
        .filter(|e| {
            std::fs::read(e.path().join("cmdline"))
                .is_ok_and(|c| String::from_utf8_lossy(&c).contains(token))
        })
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// A `sleep` duration that is unique to this test run, to find its processes in /proc.
fn unique_sleep() -> String {
    format!("7{}", crate::random::string(b"0123456789", 8))
}

#[tokio::test]
async fn success_captures_interleaved_stdout_and_stderr() {
    for mode in modes() {
        let fx = Fixture::new();
        let spec = job("echo out; echo err >&2; printf tail");
        let outcome = fx.run(&mode, &spec).await;
        assert_eq!(
            outcome.state,
            JobState::Success,
            "{mode:?}: {:#}",
            outcome.status
        );
        assert_eq!(outcome.exit_code, Some(0));
        assert_eq!(fx.log("main").as_deref(), Some("out\nerr\ntail"));
        assert!(fx.log("input").is_none() && fx.log("output").is_none());

        let s = &outcome.status;
        assert_eq!(s["version"], 5);
        assert_eq!(s["worker"], "local-worker");
        assert_eq!(s["batch_id"], 4711);
        assert_eq!(s["job_id"], 12);
        assert_eq!(s["job_group_id"], 3);
        assert_eq!(s["attempt_id"], "Ab12Cd");
        assert_eq!(s["user"], "alice");
        assert_eq!(s["state"], "succeeded");
        assert_eq!(s["format_version"], 7);
        assert_eq!(s["resources"], json!([]));
        assert_eq!(s["region"], "us-central1");
        assert_eq!(s["start_time"], outcome.start_ms);
        assert_eq!(s["end_time"], outcome.end_ms);
        assert!(s.get("error").is_none());
        assert_eq!(s["sandbox"], mode.runtime.name());
        assert_eq!(s["requested_resources"]["cores_mcpu"], 1000);
        assert!(s["timing"]["setup_io"]["duration"].is_i64());
        assert!(s["timing"]["post-job finally block"]["finish_time"].is_i64());
        let keys: Vec<&str> = s["container_statuses"]
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(keys, ["main"]);

        let main = main_status(&outcome);
        assert_eq!(main["name"], "batch-4711-job-12-main");
        assert_eq!(main["image"], "ubuntu:24.04");
        assert_eq!(main["state"], "succeeded");
        assert!(main.get("short_error").is_none() && main.get("error").is_none());
        let running = &main["timing"]["running"];
        assert_eq!(
            running["duration"].as_i64(),
            Some(
                running["finish_time"].as_i64().unwrap_or(0)
                    - running["start_time"].as_i64().unwrap_or(0)
            )
        );
        let cs = &main["container_status"];
        assert_eq!(cs["state"], "finished");
        assert_eq!(cs["exit_code"], 0);
        assert_eq!(cs["out_of_memory"], false);
        assert!(cs["started_at"].is_i64() && cs["finished_at"].is_i64());

        assert!(!fx.scratch().exists(), "scratch dir is removed afterwards");
    }
}

#[tokio::test]
async fn non_zero_exit_is_failed_with_that_code() {
    for mode in modes() {
        let fx = Fixture::new();
        let outcome = fx.run(&mode, &job("echo failing; exit 7")).await;
        assert_eq!(outcome.state, JobState::Failed, "{mode:?}");
        assert_eq!(outcome.exit_code, Some(7));
        assert_eq!(outcome.status["state"], "failed");
        assert_eq!(main_status(&outcome)["state"], "failed");
        assert_eq!(main_status(&outcome)["container_status"]["exit_code"], 7);
        assert_eq!(
            main_status(&outcome)["container_status"]["out_of_memory"],
            false
        );
        assert_eq!(fx.log("main").as_deref(), Some("failing\n"));
    }
}

#[tokio::test]
async fn killed_by_sigkill_is_137_and_out_of_memory() {
    for mode in modes() {
        let fx = Fixture::new();
        let outcome = fx.run(&mode, &job("kill -9 $$")).await;
        assert_eq!(
            outcome.state,
            JobState::Failed,
            "{mode:?}: {:#}",
            outcome.status
        );
        assert_eq!(outcome.exit_code, Some(137));
        let main = main_status(&outcome);
        assert_eq!(main["container_status"]["out_of_memory"], true);
        assert_eq!(main["short_error"], "out of memory");
    }
}

#[tokio::test]
async fn command_not_found_is_failed() {
    for mode in modes() {
        let fx = Fixture::new();
        // The reference's example: a whole command line as one argv element.
        let spec = json!({"process": {"command": ["sleep 5"], "image": "x", "type": "docker"}});
        let outcome = fx.run(&mode, &spec).await;
        assert_eq!(
            outcome.state,
            JobState::Failed,
            "{mode:?}: {:#}",
            outcome.status
        );
        assert!(outcome.exit_code.is_some_and(|c| c > 0));
        assert!(fx.log("main").is_some_and(|l| l.contains("sleep 5")));
    }
}

#[tokio::test]
async fn environment_has_spec_env_and_hail_variables_only() {
    for mode in modes() {
        let fx = Fixture::new();
        let spec = with(
            job("env; pwd"),
            "env",
            json!([{"name": "GREETING", "value": "hello world"}, {"name": "HAIL_REGION", "value": "overridden"}]),
        );
        let spec = with(spec, "port", json!(5000));
        let outcome = fx.run(&mode, &spec).await;
        assert_eq!(outcome.state, JobState::Success, "{mode:?}");
        let log = fx.log("main").unwrap_or_default();
        for line in [
            "GREETING=hello world",
            "HAIL_BATCH_ID=4711",
            "HAIL_JOB_ID=12",
            "HAIL_JOB_GROUP_ID=3",
            "HAIL_ATTEMPT_ID=Ab12Cd",
            // The worker's value wins over the spec's (the worker injects after the user env).
            "HAIL_REGION=us-central1",
            "HAIL_BATCH_WORKER_PORT=5000",
            "HAIL_BATCH_WORKER_IP=127.0.0.1",
            "HAIL_EXTRA=extra",
            &format!("PATH={DEFAULT_PATH}"),
        ] {
            assert!(
                log.lines().any(|l| l == line),
                "{mode:?}: {line:?} missing in\n{log}"
            );
        }
        // Nothing leaks from the service's own environment (cargo sets these for tests).
        assert!(!log.contains("CARGO_"), "{mode:?}: host env leaked:\n{log}");
        let cwd = fx.io(&mode);
        assert_eq!(
            log.lines().last(),
            Some(cwd.as_str()),
            "{mode:?}: working directory"
        );
    }
}

#[tokio::test]
async fn input_copied_in_and_output_copied_out() {
    for mode in modes() {
        let fx = Fixture::new();
        let src = fx.path().join("src");
        std::fs::create_dir_all(src.join("dir/sub")).expect("mkdir");
        std::fs::write(src.join("a.txt"), "alpha\n").expect("write");
        std::fs::write(src.join("dir/sub/b.txt"), "beta\n").expect("write");
        let dest = fx.path().join("dest");
        let io = fx.io(&mode);
        let spec = job(&format!(
            "cat {io}/in/a.txt {io}/in/tree/sub/b.txt && echo result > {io}/out.txt \
             && mkdir -p {io}/outdir/x && echo deep > {io}/outdir/x/y.txt"
        ));
        let spec = with(
            spec,
            "input_files",
            json!([
                {"from": src.join("a.txt").display().to_string(), "to": "/io/in/a.txt"},
                {"from": format!("file://{}", src.join("dir").display()), "to": "/io/in/tree"},
            ]),
        );
        let spec = with(
            spec,
            "output_files",
            json!([
                {"from": "/io/out.txt", "to": dest.join("nested/out.txt").display().to_string()},
                {"from": "file:///io/outdir", "to": format!("file://{}", dest.join("dir").display())},
            ]),
        );
        let outcome = fx.run(&mode, &spec).await;
        assert_eq!(
            outcome.state,
            JobState::Success,
            "{mode:?}: {:#}",
            outcome.status
        );
        assert_eq!(fx.log("main").as_deref(), Some("alpha\nbeta\n"));
        assert_eq!(
            std::fs::read_to_string(dest.join("nested/out.txt"))
                .ok()
                .as_deref(),
            Some("result\n")
        );
        assert_eq!(
            std::fs::read_to_string(dest.join("dir/x/y.txt"))
                .ok()
                .as_deref(),
            Some("deep\n")
        );
        let cs = &outcome.status["container_statuses"];
        assert_eq!(cs["input"]["name"], "batch-4711-job-12-input");
        assert_eq!(cs["input"]["state"], "succeeded");
        assert_eq!(cs["output"]["state"], "succeeded");
        assert_eq!(cs["output"]["container_status"]["exit_code"], 0);
        assert!(fx.log("input").is_some_and(|l| l.contains("a.txt")));
        assert!(fx.log("output").is_some());
    }
}

#[tokio::test]
async fn unsupported_input_scheme_is_error_and_main_does_not_run() {
    for mode in modes() {
        let fx = Fixture::new();
        let spec = with(
            job("echo should not run"),
            "input_files",
            json!([{"from": "gs://bucket/x", "to": "/io/x"}]),
        );
        let outcome = fx.run(&mode, &spec).await;
        assert_eq!(outcome.state, JobState::Error, "{mode:?}");
        assert_eq!(outcome.exit_code, None);
        let input = &outcome.status["container_statuses"]["input"];
        assert_eq!(input["state"], "error");
        assert_eq!(
            input["error"],
            "unsupported URL scheme \"gs\" in input file gs://bucket/x: the local service \
             copies only local paths and file:// URLs"
        );
        assert_eq!(main_status(&outcome)["state"], "pending");
        assert!(main_status(&outcome).get("container_status").is_none());
        assert!(fx.log("main").is_none(), "main never ran, so it has no log");
        assert!(fx.log("input").is_some_and(|l| l.contains("\"gs\"")));
    }
}

#[tokio::test]
async fn unsupported_output_scheme_errors_after_main() {
    let fx = Fixture::new();
    let spec = with(
        job("echo hi > /dev/null"),
        "output_files",
        json!([{"from": "/io/x", "to": "s3://bucket/x"}]),
    );
    let outcome = fx.run(&host(), &spec).await;
    assert_eq!(outcome.state, JobState::Error);
    assert_eq!(main_status(&outcome)["state"], "succeeded");
    let output = &outcome.status["container_statuses"]["output"];
    assert!(
        output["error"]
            .as_str()
            .is_some_and(|e| e.contains("\"s3\""))
    );
}

#[tokio::test]
async fn missing_input_source_is_error_naming_the_path() {
    let fx = Fixture::new();
    let missing = fx.path().join("no-such-file");
    let spec = with(
        job("true"),
        "input_files",
        json!([{"from": missing.display().to_string(), "to": "/io/x"}]),
    );
    let outcome = fx.run(&host(), &spec).await;
    assert_eq!(outcome.state, JobState::Error);
    let error = outcome.status["container_statuses"]["input"]["error"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(error.contains(&missing.display().to_string()), "{error}");
    assert!(error.contains("does not exist"), "{error}");
}

#[tokio::test]
async fn timeout_kills_the_process_group() {
    for mode in modes() {
        let fx = Fixture::new();
        let token = unique_sleep();
        // A background child that would outlive its shell unless the whole group is killed.
        let spec = with(
            job(&format!("sleep {token} & echo started; sleep {token}")),
            "timeout",
            json!(1),
        );
        let outcome = fx.run(&mode, &spec).await;
        assert_eq!(
            outcome.state,
            JobState::Error,
            "{mode:?}: {:#}",
            outcome.status
        );
        assert_eq!(outcome.exit_code, None);
        assert_eq!(outcome.status["state"], "error");
        let main = main_status(&outcome);
        assert_eq!(main["state"], "error");
        assert_eq!(main["short_error"], "timed out");
        let error = main["error"].as_str().unwrap_or_default();
        assert!(
            error.ends_with("ContainerTimeoutError: timed out after 1s"),
            "{error}"
        );
        assert_eq!(main["container_status"]["state"], "running");
        assert!(main["container_status"].get("exit_code").is_none());
        assert_eq!(main["container_status"]["out_of_memory"], false);
        assert_eq!(
            fx.log("main").as_deref(),
            Some("started\n"),
            "partial log kept"
        );
        wait_until("the timed-out job's processes are gone", || {
            processes_with(&token).is_empty()
        })
        .await;
    }
}

#[tokio::test]
async fn timeout_text_keeps_the_number_as_given() {
    let fx = Fixture::new();
    let spec = with(job("sleep 30"), "timeout", json!(0.5));
    let outcome = fx.run(&host(), &spec).await;
    let error = main_status(&outcome)["error"].as_str().unwrap_or_default();
    assert!(error.ends_with("timed out after 0.5s"), "{error}");
}

#[tokio::test]
async fn cancel_kills_the_process_group() {
    for mode in modes() {
        let fx = Fixture::new();
        let token = unique_sleep();
        let spec = job(&format!("sleep {token} & echo ready; sleep {token}"));
        let (tx, rx) = watch::channel(false);
        let run = run_attempt(&mode, fx.attempt(&spec), rx);
        let canceller = async {
            wait_until("the job started", || {
                fx.log("main").is_some_and(|l| l.contains("ready"))
            })
            .await;
            let _ = tx.send(true);
        };
        let (outcome, ()) = tokio::join!(run, canceller);
        assert_eq!(
            outcome.state,
            JobState::Cancelled,
            "{mode:?}: {:#}",
            outcome.status
        );
        assert_eq!(outcome.exit_code, None);
        assert_eq!(outcome.status["state"], "cancelled");
        assert_eq!(main_status(&outcome)["state"], "cancelled");
        wait_until("the cancelled job's processes are gone", || {
            processes_with(&token).is_empty()
        })
        .await;
        assert!(!fx.scratch().exists());
    }
}

#[tokio::test]
async fn cancelled_before_start_runs_nothing() {
    let fx = Fixture::new();
    let (_tx, rx) = watch::channel(true);
    let outcome = run_attempt(&host(), fx.attempt(&job("true")), rx).await;
    assert_eq!(outcome.state, JobState::Cancelled);
    assert_eq!(main_status(&outcome)["state"], "pending");
    assert!(fx.log("main").is_none());
}

#[tokio::test]
async fn output_skipped_when_main_failed_unless_always_copy_output() {
    for mode in modes() {
        for always in [false, true] {
            let fx = Fixture::new();
            let dest = fx.path().join("out.txt");
            let io = fx.io(&mode);
            let spec = with(
                job(&format!("echo partial > {io}/out.txt; exit 3")),
                "output_files",
                json!([{"from": "/io/out.txt", "to": dest.display().to_string()}]),
            );
            let spec = with(spec, "always_copy_output", json!(always));
            let outcome = fx.run(&mode, &spec).await;
            // The job takes main's state whether or not the output copy ran.
            assert_eq!(outcome.state, JobState::Failed, "{mode:?} always={always}");
            assert_eq!(outcome.exit_code, Some(3));
            let output = &outcome.status["container_statuses"]["output"];
            if always {
                assert_eq!(output["state"], "succeeded");
                assert_eq!(
                    std::fs::read_to_string(&dest).ok().as_deref(),
                    Some("partial\n")
                );
            } else {
                assert_eq!(output["state"], "pending");
                assert!(output.get("container_status").is_none());
                assert!(!dest.exists());
                assert!(fx.log("output").is_none());
            }
        }
    }
}

#[tokio::test]
async fn invalid_spec_is_error_with_top_level_error() {
    let fx = Fixture::new();
    for spec in [
        json!({"process": {"command": [], "image": "x", "type": "docker"}}),
        json!({"process": {"type": "jvm", "command": ["x"], "jar_spec": {}}}),
        json!({"process": {"command": ["true"], "type": "docker"}, "timeout": -1}),
        json!({"process": {"command": ["true"], "type": "docker"}, "env": [{"name": "A=B", "value": "x"}]}),
        json!("not an object"),
    ] {
        let outcome = fx.run(&host(), &spec).await;
        assert_eq!(outcome.state, JobState::Error, "{spec}");
        assert!(outcome.status["error"].is_string(), "{spec}");
        assert_eq!(outcome.exit_code, None);
        assert_eq!(
            outcome.status["container_statuses"]["main"]["state"],
            "pending"
        );
    }
}

#[test]
fn copy_locations_are_resolved_strictly() {
    let io = std::path::Path::new("/scratch/io");
    let ok = |r: Result<PathBuf, CopyFailure>| r.ok();
    assert_eq!(
        ok(copy::container_path("input", "/io/a/b", io)),
        Some(io.join("a/b"))
    );
    assert_eq!(
        ok(copy::container_path("input", "/io", io)),
        Some(io.to_path_buf())
    );
    assert_eq!(
        ok(copy::container_path("input", "file:///io/./x", io)),
        Some(io.join("x"))
    );
    assert!(ok(copy::container_path("input", "/io/../etc/passwd", io)).is_none());
    assert!(ok(copy::container_path("input", "/tmp/x", io)).is_none());
    assert!(ok(copy::container_path("input", "/iox", io)).is_none());
    assert_eq!(
        ok(copy::host_path("input", "file:///data/a%20b.txt")),
        Some(PathBuf::from("/data/a b.txt"))
    );
    assert_eq!(
        ok(copy::host_path("input", "file://localhost/data/x")),
        Some(PathBuf::from("/data/x"))
    );
    assert!(ok(copy::host_path("input", "file://server/data/x")).is_none());
    assert!(ok(copy::host_path("input", "relative/path")).is_none());
    match copy::host_path("output", "hail-az://acct/container/x") {
        Err(CopyFailure::Error(e)) => assert!(e.starts_with("unsupported URL scheme \"hail-az\"")),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn processes_done_is_signalled_after_the_main_command_ended() {
    let fx = Fixture::new();
    let spec = job("echo started");
    let (tx, mut done) = tokio::sync::oneshot::channel();
    let mut attempt = fx.attempt(&spec);
    attempt.processes_done = Some(tx);
    let (_cancel_tx, cancel) = watch::channel(false);
    let runtime = host();
    let run = run_attempt(&runtime, attempt, cancel);
    tokio::pin!(run);
    let outcome = tokio::select! {
        biased;
        outcome = &mut run => {
            assert_eq!(done.try_recv(), Ok(()), "signalled before the attempt returned");
            outcome
        }
        signalled = &mut done => {
            assert!(signalled.is_ok(), "the sender is used, not dropped");
            // The main command has ended and written its log by now.
            assert_eq!(fx.log("main").as_deref(), Some("started\n"));
            run.await
        }
    };
    assert_eq!(outcome.state, JobState::Success, "{:#}", outcome.status);
    assert!(!fx.scratch().exists());
}
