//! End-to-end tests of the `hailctl batch` client commands through the built binary, against a
//! real embedded service (found through the state file, as a user's commands find it).

use serde_json::{Value, json};

use crate::util::Run;
use crate::util::Sandbox;
use crate::util::Streaming;
use crate::util::service::{Service, job_spec as job};

fn json_out(run: &Run) -> Value {
    serde_json::from_str(run.ok()).unwrap_or_else(|e| panic!("not JSON ({e}): {run:?}"))
}

/// One successful batch (tag alpha) and one failed batch (tag beta) with a cancelled child.
fn two_batches(service: &Service) -> (i64, i64) {
    let ok = service.create_fast(
        "ok",
        json!({"attributes": {"tag": "alpha"}}),
        vec![job(1, "echo hello", &[]), job(2, "echo world", &[1])],
    );
    let bad = service.create_fast(
        "bad",
        json!({"attributes": {"tag": "beta"}}),
        vec![
            job(1, "echo about to fail; exit 7", &[]),
            job(2, "true", &[1]),
        ],
    );
    service.wait_complete(ok);
    service.wait_complete(bad);
    (ok, bad)
}

#[test]
fn list_get_job_jobs_and_attempts() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    let (ok, bad) = two_batches(&service);

    let grid = sb.run(&["batch", "list"]);
    let expected = format!(
        "+------+---------+\n|   id | state   |\n+======+=========+\n|    {bad} | Failure |\n\
         +------+---------+\n|    {ok} | Success |\n+------+---------+\n"
    );
    assert_eq!(grid.ok(), expected);
    let rows = json_out(&sb.run(&["batch", "list", "-o", "json"]));
    assert_eq!(
        rows,
        json!([{"id": bad, "state": "Failure"}, {"id": ok, "state": "Success"}])
    );
    let full = json_out(&sb.run(&["batch", "list", "--full", "-o", "json", "--limit", "1"]));
    assert_eq!(full.as_array().map(Vec::len), Some(1));
    assert_eq!(full[0]["n_jobs"], 2);
    assert!(full[0].get("attributes").is_none(), "{full}");
    let query = json_out(&sb.run(&["batch", "list", "--query", "tag=alpha", "-o", "json"]));
    assert_eq!(query, json!([{"id": ok, "state": "Success"}]));
    let csv = sb.run(&["batch", "list", "-o", "csv"]);
    assert_eq!(
        csv.ok(),
        format!("id,state\r\n{bad},Failure\r\n{ok},Success\r\n")
    );
    assert_eq!(
        sb.run(&["batch", "list", "--limit", "0"]).ok(),
        "No batches to display.\n"
    );
    // Programs get an empty list or a header, not a sentence.
    let none = ["batch", "list", "--query", "tag=none"];
    assert_eq!(sb.run(&[&none[..], &["-o", "json"]].concat()).ok(), "[]\n");
    assert_eq!(
        sb.run(&[&none[..], &["-o", "yaml"]].concat()).ok(),
        "[]\n\n"
    );
    assert_eq!(
        sb.run(&[&none[..], &["-o", "csv"]].concat()).ok(),
        "id,state\r\n"
    );

    let got = json_out(&sb.run(&["batch", "get", &ok.to_string(), "-o", "json"]));
    assert_eq!(got[0]["id"], ok);
    assert_eq!(got[0]["state"], "success");
    let yaml = sb.run(&["batch", "get", &ok.to_string()]);
    assert!(
        yaml.ok().starts_with("- attributes:\n    tag: alpha\n"),
        "{yaml:?}"
    );
    assert!(
        yaml.ok().ends_with("\n\n"),
        "PyYAML output plus print's newline"
    );

    let job1 = json_out(&sb.run(&["batch", "job", &bad.to_string(), "1", "-o", "json"]));
    assert_eq!(job1[0]["exit_code"], 7);
    assert_eq!(job1[0]["state"], "Failed");

    let failed = json_out(&sb.run(&[
        "batch",
        "jobs",
        &bad.to_string(),
        "--state",
        "failed",
        "-o",
        "json",
    ]));
    assert_eq!(failed.as_array().map(Vec::len), Some(1), "{failed}");
    let by_code = json_out(&sb.run(&[
        "batch",
        "jobs",
        &bad.to_string(),
        "--exit-code",
        "7",
        "--name",
        "job1",
        "-o",
        "json",
    ]));
    assert_eq!(by_code[0]["job_id"], 1);
    assert_eq!(
        sb.run(&["batch", "jobs", &ok.to_string(), "--state", "failed"])
            .ok(),
        "No jobs found.\n"
    );
    let no_jobs = sb.run(&[
        "batch",
        "jobs",
        &ok.to_string(),
        "--state",
        "failed",
        "-o",
        "json",
    ]);
    assert_eq!(no_jobs.ok(), "[]\n");
    sb.run(&["batch", "jobs", &ok.to_string(), "--state", "garbage"])
        .fails_with(2);

    let attempts = json_out(&sb.run(&["batch", "attempts", &ok.to_string(), "1", "-o", "json"]));
    assert_eq!(attempts[0]["reason"], "completed");
    let none = sb.run(&["batch", "attempts", &bad.to_string(), "2"]);
    assert_eq!(
        none.ok(),
        "null\n...\n\n",
        "a job that never ran has no attempts"
    );
}

#[test]
fn not_found_and_usage_errors_have_distinct_exit_codes() {
    let sb = Sandbox::new();
    let _service = sb.start_service(&["--runtime", "host"]);
    for args in [
        &["batch", "get", "99"][..],
        &["batch", "cancel", "99"],
        &["batch", "delete", "99"],
        &["batch", "wait", "99"],
        &["batch", "jobs", "99"],
        &["batch", "status", "99"],
    ] {
        let run = sb.run(args);
        assert_eq!(
            run.fails_with(5),
            "Batch with id 99 not found\n",
            "{args:?}"
        );
        assert_eq!(run.stdout, "");
    }
    for args in [
        &["batch", "job", "99", "1"][..],
        &["batch", "log", "99", "1"],
        &["batch", "attempts", "99", "1"],
    ] {
        assert_eq!(
            sb.run(args).fails_with(5),
            "Job with ID 1 on batch 99 not found\n",
            "{args:?}"
        );
    }
    let run = sb.run(&["batch", "log", "1", "1", "--attempt", "x"]);
    assert!(
        run.fails_with(2).contains("--attempt requires --container"),
        "{run:?}"
    );
    let run = sb.run(&["batch", "log", "1", "1", "--raw"]);
    assert!(
        run.fails_with(2).contains("--raw requires --container"),
        "{run:?}"
    );
    sb.run(&["batch", "get", "abc"]).fails_with(2);
    sb.run(&["batch", "list", "-o", "table"]).fails_with(2);
}

#[test]
fn logs_and_follow() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    let (ok, bad) = two_batches(&service);
    let logs = json_out(&sb.run(&["batch", "log", &ok.to_string(), "2", "-o", "json"]));
    assert_eq!(logs, json!({"main": "world\n"}));
    let yaml = sb.run(&["batch", "log", &ok.to_string(), "1"]);
    assert_eq!(yaml.ok(), "main: 'hello\n\n  '\n\n");
    assert_eq!(yaml.stderr, "", "no warning about a deprecated endpoint");
    let never_ran = json_out(&sb.run(&["batch", "log", &bad.to_string(), "2", "-o", "json"]));
    assert_eq!(never_ran, json!({"main": null}));
    let binary = service.create_fast("binary", json!({}), vec![job(1, "printf 'a\\377b'", &[])]);
    service.wait_complete(binary);
    let not_text = sb.run(&["batch", "log", &binary.to_string(), "1"]);
    assert_eq!(
        not_text.fails_with(1),
        format!(
            "error: the log of container main is not text (not valid UTF-8)\nhint: print its \
             bytes with: hailctl batch log {binary} 1 --container main --raw\n"
        )
    );
    let bytes = sb
        .command(&[
            "batch",
            "log",
            &binary.to_string(),
            "1",
            "--container",
            "main",
            "--raw",
        ])
        .output()
        .expect("run");
    assert_eq!(bytes.stdout, b"a\xffb");
    let raw = sb.run(&["batch", "log", &bad.to_string(), "1", "--container", "main"]);
    assert_eq!(raw.ok(), "about to fail\n");

    // --follow prints the log of a running job as the job writes it (stdout a pipe), then
    // returns when the job ends.
    let gate = sb.root().join("gate");
    let slow = service.create_fast(
        "slow",
        json!({}),
        vec![job(
            1,
            &format!(
                "echo line1; while [ ! -e {} ]; do sleep 0.05; done; echo line2",
                gate.display()
            ),
            &[],
        )],
    );
    let mut follow =
        Streaming::start(sb.command(&["batch", "log", &slow.to_string(), "1", "--follow"]));
    assert_eq!(follow.next_line(), "line1", "printed while the job runs");
    let job1 = service
        .get(&format!("/api/v1alpha/batches/{slow}/jobs/1"))
        .json();
    assert_eq!(job1["state"], "Running", "{job1}");
    std::fs::write(&gate, "").expect("open the gate");
    assert_eq!(follow.rest(), ["line2"]);
    assert_eq!(follow.wait(), 0);
}

#[test]
fn wait_exit_codes_follow_the_outcome() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    let (ok, bad) = two_batches(&service);
    let success = sb.run(&["batch", "wait", &ok.to_string(), "-o", "json"]);
    let status: Value = serde_json::from_str(success.ok()).expect("compact JSON");
    assert_eq!(status["state"], "success");
    assert!(
        !success.stdout.contains(": "),
        "compact JSON like orjson: {}",
        success.stdout
    );
    let failure = sb.run(&["batch", "wait", &bad.to_string()]);
    assert_eq!(failure.code, 3, "{failure:?}");
    assert!(
        failure
            .stdout
            .starts_with(&format!("{{'id': {bad}, 'user': ")),
        "{failure:?}"
    );
    assert!(failure.stdout.contains("'complete': True"), "{failure:?}");

    let running = service.create_fast("long", json!({}), vec![job(1, "sleep 600", &[])]);
    service.wait_for(&format!("/api/v1alpha/batches/{running}/jobs/1"), |j| {
        j["state"] == "Running"
    });
    let cancel = sb.run(&["batch", "cancel", &running.to_string()]);
    assert_eq!(
        cancel.ok(),
        format!("Batch with id {running} was cancelled successfully\n")
    );
    let cancelled = sb.run(&["batch", "wait", &running.to_string(), "-q"]);
    assert_eq!(cancelled.code, 4, "{cancelled:?}");
    let delete = sb.run(&["batch", "delete", &running.to_string()]);
    assert_eq!(
        delete.ok(),
        format!("Batch with id {running} was deleted successfully\n")
    );
    sb.run(&["batch", "get", &running.to_string()])
        .fails_with(5);
}

#[test]
fn billing_regions_and_status() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    let (_, bad) = two_batches(&service);
    let projects = json_out(&sb.run(&["batch", "billing", "list", "-o", "json"]));
    assert_eq!(projects[0]["billing_project"], "test");
    assert_eq!(projects[0]["status"], "open");
    let project = json_out(&sb.run(&["batch", "billing", "get", "test", "-o", "json"]));
    assert_eq!(project["billing_project"], "test");
    let unknown = sb.run(&["batch", "billing", "get", "nope"]);
    assert_eq!(unknown.code, 1, "{unknown:?}");
    assert!(unknown.stderr.contains("nope"), "{unknown:?}");

    assert_eq!(
        sb.run(&["batch", "regions"]).ok(),
        "us-central1 (default)\n"
    );
    let regions = json_out(&sb.run(&["batch", "regions", "-o", "json"]));
    assert_eq!(
        regions,
        json!({"supported_regions": ["us-central1"], "default_region": "us-central1"})
    );

    let summary = sb.run(&["batch", "status", &bad.to_string()]);
    let text = summary.ok();
    assert!(
        text.starts_with(&format!("Batch {bad}: failure\n")),
        "{text}"
    );
    assert!(text.contains("job 1 (job1): Failed, exit code 7"), "{text}");
    assert!(text.contains("    | about to fail"), "{text}");

    let env = sb.run(&["batch", "status"]);
    let text = env.ok();
    assert!(text.contains("backend:"), "{text}");
    assert!(text.contains("local  (default)"), "{text}");
    assert!(text.contains(&service.addr.to_string()), "{text}");
}

/// `status` says why a job ended in Error (the service records it: `timed out`), instead of
/// `exit code null`.
#[test]
fn status_names_why_a_job_errored() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    let mut slow = job(1, "echo started; sleep 30", &[]);
    slow["timeout"] = json!(0.5);
    let id = service.create_fast("timeout", json!({}), vec![slow]);
    service.wait_complete(id);
    let summary = sb.run(&["batch", "status", &id.to_string()]);
    let text = summary.ok();
    assert!(
        text.contains("  job 1 (job1): Error: timed out\n"),
        "{text}"
    );
    assert!(!text.contains("null"), "{text}");
    assert!(text.contains("    | started"), "{text}");
    let json = json_out(&sb.run(&["batch", "status", &id.to_string(), "-o", "json"]));
    assert_eq!(json["failed_jobs"][0]["reason"], "timed out", "{json}");
}

/// The README's main command: `submit --logs` submits, waits, and shows the summary and every
/// job's log in one command.
#[test]
fn submit_logs_shows_the_summary_and_every_jobs_log() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/hello.yaml");
    let run = sb.run(&["batch", "submit", "--logs", "--file", spec]);
    let out = run.ok();
    let id = crate::util::service::submitted_batch_id(&run);
    let base = service.base_url();
    let expected_start = format!(
        "Submitted batch {id}, see {base}/batches/{id}\nbatch {id} complete: success\n\
         Batch {id}: success\n  jobs: 2 total, 2 completed (2 succeeded, 0 failed, 0 cancelled)\n"
    );
    assert!(out.starts_with(&expected_start), "{out}");
    let expected_jobs = "  job 1 (hello): Success, exit code 0\n    | hello from the first job\n  \
         job 2 (world): Success, exit code 0\n    | the first job has finished\n    | hello, world\n";
    assert!(out.ends_with(expected_jobs), "{out}");

    let failing = sb.run(&[
        "batch",
        "submit",
        "--logs",
        "--",
        "bash",
        "-c",
        "echo oops; exit 2",
    ]);
    assert_eq!(failing.code, 3, "{failing:?}");
    assert!(
        failing
            .stdout
            .ends_with("  job 1 (submit): Failed, exit code 2\n    | oops\n"),
        "{failing:?}"
    );
}
