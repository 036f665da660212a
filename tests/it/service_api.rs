//! End-to-end tests of the embedded local Batch service: the real `hailctl batch serve` on a port
//! chosen by the OS, a real SQLite file, real jobs, driven over HTTP with the request bodies of
//! Hail's reference (`batch-api.md`) and checked against `batch-semantics.md`.

use serde_json::{Value, json};

use crate::util::Sandbox;
use crate::util::service::{Service, job_spec as job};

fn job_state(service: &Service, batch_id: i64, job_id: i64) -> Value {
    service
        .get(&format!("/api/v1alpha/batches/{batch_id}/jobs/{job_id}"))
        .json()
}

fn states(service: &Service, batch_id: i64) -> Vec<String> {
    let jobs = service
        .get(&format!(
            "/api/v1alpha/batches/{batch_id}/job-groups/0/jobs?recursive=True"
        ))
        .json();
    jobs["jobs"]
        .as_array()
        .expect("jobs")
        .iter()
        .map(|j| j["state"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn authentication_and_service_information() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    for (token, path) in [
        (None, "/api/v1alpha/batches"),
        (Some("wrong"), "/api/v1alpha/batches"),
        (None, "/api/v1alpha/supported_regions"),
    ] {
        let client = match token {
            Some(token) => service.client_as(token),
            None => service.anonymous(),
        };
        let r = client.get(path);
        assert_eq!((r.status, r.text()), (401, "401: Unauthorized".to_string()));
        assert_eq!(r.content_type(), "text/plain; charset=utf-8");
    }
    assert_eq!(service.anonymous().get("/healthcheck").status, 200);
    let cloud = service.anonymous().get("/api/v1alpha/cloud");
    assert_eq!((cloud.status, cloud.text()), (200, "gcp".to_string()));
    assert_eq!(
        service.get("/api/v1alpha/supported_regions").json(),
        json!(["us-central1"])
    );
    let region = service.get("/api/v1alpha/default_region");
    assert_eq!(region.text(), "us-central1");
    assert_eq!(region.content_type(), "text/plain; charset=utf-8");
    let missing = service.get("/api/v1alpha/batches/999");
    assert_eq!(
        (missing.status, missing.text()),
        (404, "404: Not Found".to_string())
    );
    // The token is a secret: the state file is private.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(sb.state_home().join("hailctl/server.json"))
        .expect("state file")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_dependency_chain_runs_in_order_with_logs_and_attempts() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    let id = service.create_fast(
        "chain",
        json!({"attributes": {"tag": "chain"}}),
        vec![
            job(1, "echo one; echo oops >&2", &[]),
            job(2, "echo two $HAIL_JOB_ID $HAIL_BATCH_ID", &[1]),
            job(3, "echo three", &[2]),
        ],
    );
    let batch = service.wait_complete(id);
    assert_eq!(batch["state"], "success", "{batch}");
    assert_eq!(
        (
            batch["n_jobs"].as_i64(),
            batch["n_completed"].as_i64(),
            batch["n_succeeded"].as_i64()
        ),
        (Some(3), Some(3), Some(3))
    );
    assert_eq!(batch["attributes"], json!({"tag": "chain"}));
    assert!(batch["duration"].is_string());
    // Closed, with no closing time: Hail's batches are created closed and nothing sets
    // `time_closed` any more (docs/local-service.md says where in Hail's source).
    let listed = service.get("/api/v1alpha/batches?q=tag%3Dchain").json();
    for batch in [&batch, &listed["batches"][0]] {
        assert_eq!(batch["closed"], json!(true), "{batch}");
        assert_eq!(batch["time_closed"], Value::Null, "{batch}");
        assert!(batch["time_completed"].is_string(), "{batch}");
    }
    // Each job ended after its parent started.
    let ends: Vec<i64> = (1..=3)
        .map(|j| {
            job_state(&service, id, j)["status"]["start_time"]
                .as_i64()
                .expect("start time")
        })
        .collect();
    assert!(ends[0] <= ends[1] && ends[1] <= ends[2], "{ends:?}");
    let job2 = job_state(&service, id, 2);
    assert_eq!(job2["state"], "Success");
    assert_eq!(job2["exit_code"], 0);
    assert_eq!(job2["name"], "job2");
    assert_eq!(job2["spec"]["process"]["image"], "ubuntu:24.04");
    let logs = service
        .get(&format!("/api/v1alpha/batches/{id}/jobs/2/log"))
        .json();
    assert_eq!(logs, json!({"main": format!("two 2 {id}\n")}));
    let raw = service.get(&format!("/api/v1alpha/batches/{id}/jobs/1/log/main"));
    assert_eq!(raw.text(), "one\noops\n");
    assert_eq!(raw.content_type(), "application/octet-stream");
    let attempts = service
        .get(&format!("/api/v1alpha/batches/{id}/jobs/1/attempts"))
        .json();
    assert_eq!(attempts.as_array().map(Vec::len), Some(1), "{attempts}");
    assert_eq!(attempts[0]["reason"], "completed");
    assert_eq!(attempts[0]["attempt_id"].as_str().map(str::len), Some(6));
    let usage = service
        .get(&format!("/api/v1alpha/batches/{id}/jobs/1/resource_usage"))
        .json();
    // Samples where the machine's cgroups can be used (tests/it/job_runtime.rs), else `{}`.
    assert!(
        usage == json!({}) || usage["main"]["columns"][0] == "time_msecs",
        "{usage}"
    );
    let bad_container = service.get(&format!("/api/v1alpha/batches/{id}/jobs/1/log/nosuch"));
    assert_eq!(bad_container.status, 400);
}

#[test]
fn failure_cancels_children_but_always_run_still_runs() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    let mut always = job(3, "echo cleanup", &[1]);
    always["always_run"] = json!(true);
    let id = service.create_fast(
        "failing",
        json!({}),
        vec![job(1, "exit 3", &[]), job(2, "echo never", &[1]), always],
    );
    let batch = service.wait_complete(id);
    assert_eq!(batch["state"], "failure");
    assert_eq!(states(&service, id), ["Failed", "Cancelled", "Success"]);
    let failed = job_state(&service, id, 1);
    assert_eq!(failed["exit_code"], 3);
    let cancelled = job_state(&service, id, 2);
    assert_eq!(cancelled["status"], Value::Null);
    let logs = service
        .get(&format!("/api/v1alpha/batches/{id}/jobs/2/log"))
        .json();
    assert_eq!(logs, json!({"main": null}));
    assert_eq!(
        (
            batch["n_failed"].as_i64(),
            batch["n_cancelled"].as_i64(),
            batch["n_succeeded"].as_i64()
        ),
        (Some(1), Some(1), Some(1))
    );
}

#[test]
fn cancelling_a_running_batch_kills_its_jobs() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    let id = service.create_fast(
        "cancel",
        json!({}),
        vec![job(1, "sleep 600", &[]), job(2, "echo after", &[1])],
    );
    service.wait_for(&format!("/api/v1alpha/batches/{id}/jobs/1"), |j| {
        j["state"] == "Running"
    });
    let r = service.request(
        "PATCH",
        &format!("/api/v1alpha/batches/{id}/job-groups/0/cancel"),
        None,
    );
    assert_eq!((r.status, r.body.len()), (200, 0));
    let batch = service.wait_complete(id);
    assert_eq!(batch["state"], "cancelled");
    assert_eq!(states(&service, id), ["Cancelled", "Cancelled"]);
    let attempts = service
        .get(&format!("/api/v1alpha/batches/{id}/jobs/1/attempts"))
        .json();
    assert_eq!(attempts[0]["reason"], "cancelled", "{attempts}");
    // A cancelled batch takes no more updates.
    let update = service.post_json(
        &format!("/api/v1alpha/batches/{id}/updates/create"),
        &json!({"token": "u2", "n_jobs": 1}),
    );
    assert_eq!(update.status, 400, "{}", update.text());
    assert!(
        update
            .text()
            .contains("Cannot submit new jobs or job groups to a cancelled batch")
    );
    // Deleting hides it everywhere.
    assert_eq!(
        service
            .request("DELETE", &format!("/api/v1alpha/batches/{id}"), None)
            .status,
        200
    );
    assert_eq!(
        service.get(&format!("/api/v1alpha/batches/{id}")).status,
        404
    );
    assert_eq!(
        service
            .get(&format!("/api/v1alpha/batches/{id}/jobs/1"))
            .status,
        404
    );
}

#[test]
fn cancel_after_n_failures_and_timeouts() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host", "--cores", "4"]);
    let mut timed = job(1, "sleep 30", &[]);
    timed["timeout"] = json!(1);
    let id = service.create_fast(
        "fail-fast",
        json!({"cancel_after_n_failures": 1}),
        vec![job(1, "exit 1", &[]), job(2, "sleep 600", &[])],
    );
    let batch = service.wait_complete(id);
    assert_eq!(batch["state"], "failure");
    assert_eq!(states(&service, id), ["Failed", "Cancelled"]);

    let id = service.create_fast("timeout", json!({}), vec![timed]);
    service.wait_complete(id);
    let j = job_state(&service, id, 1);
    assert_eq!(j["state"], "Error", "{j}");
    let main = &j["status"]["container_statuses"]["main"];
    assert_eq!(main["short_error"], "timed out", "{j}");
    assert!(
        main["error"]
            .as_str()
            .unwrap_or_default()
            .contains("timed out"),
        "{j}"
    );
}

#[test]
fn queries_filter_batches_and_jobs() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    let a = service.create_fast(
        "qa",
        json!({"attributes": {"tag": "alpha"}}),
        vec![job(1, "true", &[])],
    );
    let b = service.create_fast(
        "qb",
        json!({"attributes": {"tag": "beta"}}),
        vec![job(1, "true", &[]), job(2, "exit 2", &[])],
    );
    service.wait_complete(a);
    service.wait_complete(b);
    let ids = |path: &str| -> Vec<i64> {
        service.get(path).json()["batches"]
            .as_array()
            .expect("batches")
            .iter()
            .filter_map(|b| b["id"].as_i64())
            .collect()
    };
    assert_eq!(ids("/api/v1alpha/batches"), [b, a]);
    assert_eq!(ids("/api/v1alpha/batches?q=tag%3Dalpha"), [a]);
    assert_eq!(ids("/api/v1alpha/batches?q=failure"), [b]);
    assert_eq!(ids("/api/v1alpha/batches?q=%21failure"), [a]);
    assert_eq!(ids("/api/v2alpha/batches?q=tag%20%3D%20beta"), [b]);
    assert_eq!(ids("/api/v2alpha/batches?q=state%20%3D%20success"), [a]);
    let bad = service.get("/api/v1alpha/batches?q=bogus%3Aterm");
    assert_eq!(
        (bad.status, bad.text()),
        (400, "400: Invalid search term: bogus:term.".to_string())
    );
    let bad = service.get("/api/v2alpha/batches?q=batch_id%20%3D%20x");
    assert_eq!(bad.status, 400, "{}", bad.text());
    let jobs = service
        .get(&format!(
            "/api/v2alpha/batches/{b}/job-groups/0/jobs?recursive=True&q=state%20%3D%20failed"
        ))
        .json();
    assert_eq!(jobs["jobs"].as_array().map(Vec::len), Some(1), "{jobs}");
    assert_eq!(jobs["jobs"][0]["job_id"], 2);
    let jobs = service
        .get(&format!(
            "/api/v2alpha/batches/{b}/job-groups/0/jobs?recursive=True&q=exit_code%20%3E%200"
        ))
        .json();
    assert_eq!(jobs["jobs"][0]["exit_code"], 2);
}

#[test]
fn submission_is_idempotent_and_validated() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    let first = service.create_fast("same-token", json!({}), vec![job(1, "true", &[])]);
    let again = service.create_fast("same-token", json!({}), vec![job(1, "true", &[])]);
    assert_eq!(first, again);
    let batch = service.wait_complete(first);
    assert_eq!(batch["n_jobs"], 1);

    // The slow path, with a retried bunch.
    let created = service
        .post_json(
            "/api/v1alpha/batches/create",
            &json!({"billing_project": "test", "token": "slow", "n_jobs": 2}),
        )
        .json();
    let (id, update) = (
        created["id"].as_i64().expect("id"),
        created["update_id"].as_i64().expect("update"),
    );
    let bunch = json!([job(1, "echo a", &[]), job(2, "echo b", &[1])]);
    for _ in 0..2 {
        let r = service.post_json(
            &format!("/api/v1alpha/batches/{id}/updates/{update}/jobs/create"),
            &bunch,
        );
        assert_eq!(r.status, 200, "{}", r.text());
    }
    let commit = service
        .request(
            "PATCH",
            &format!("/api/v1alpha/batches/{id}/updates/{update}/commit"),
            None,
        )
        .json();
    assert_eq!(commit, json!({"start_job_id": 1, "start_job_group_id": 1}));
    let batch = service.wait_complete(id);
    assert_eq!(
        (batch["n_jobs"].as_i64(), batch["state"].as_str()),
        (Some(2), Some("success"))
    );

    // Client mistakes are 400 with Hail's message, never 5xx.
    let missing_token = service.post_json(
        "/api/v1alpha/batches/create",
        &json!({"billing_project": "test", "n_jobs": 0}),
    );
    assert_eq!(
        (missing_token.status, missing_token.text()),
        (400, "400: batch missing required key token.".to_string())
    );
    let not_json = service.request("POST", "/api/v1alpha/batches/create-fast", Some(b"{nope"));
    assert_eq!(not_json.status, 400);
    let bad_id = service.get("/api/v1alpha/batches/1/jobs?last_job_id=abc");
    assert_eq!(bad_id.status, 400);
}

#[test]
fn files_are_copied_in_and_out() {
    let sb = Sandbox::new();
    let service = sb.start_service(&[]);
    let input = sb.root().join("input.txt");
    std::fs::write(&input, "payload\n").expect("write input");
    let output = sb.root().join("out/result.txt");
    let mut spec = job(1, "tr a-z A-Z < /io/in.txt > /io/result.txt", &[]);
    spec["input_files"] = json!([{"from": input.display().to_string(), "to": "/io/in.txt"}]);
    spec["output_files"] =
        json!([{"from": "/io/result.txt", "to": format!("file://{}", output.display())}]);
    let id = service.create_fast("files", json!({}), vec![spec]);
    let batch = service.wait_complete(id);
    assert_eq!(batch["state"], "success", "{}", job_state(&service, id, 1));
    assert_eq!(
        std::fs::read_to_string(&output).expect("output copied"),
        "PAYLOAD\n"
    );
    let logs = service
        .get(&format!("/api/v1alpha/batches/{id}/jobs/1/log"))
        .json();
    let containers: Vec<&String> = logs.as_object().expect("logs").keys().collect();
    assert_eq!(containers, ["input", "main", "output"]);

    let mut remote = job(1, "true", &[]);
    remote["input_files"] = json!([{"from": "gs://bucket/x", "to": "/io/x"}]);
    let id = service.create_fast("remote", json!({}), vec![remote]);
    service.wait_complete(id);
    let j = job_state(&service, id, 1);
    assert_eq!(j["state"], "Error", "{j}");
    assert!(j.to_string().contains("gs"), "{j}");
}

#[test]
fn a_killed_service_loses_nothing_and_retries_running_jobs() {
    let sb = Sandbox::new();
    let mut service = sb.start_service(&["--runtime", "host", "--cores", "4"]);
    let marker = sb.root().join("attempts");
    let command = format!("echo x >> {}; sleep 1", marker.display());
    let jobs: Vec<Value> = (1..=6).map(|i| job(i, &command, &[])).collect();
    let id = service.create_fast("crash", json!({}), jobs);
    service.wait_for(&format!("/api/v1alpha/batches/{id}/jobs/1"), |j| {
        j["state"] == "Running"
    });
    // kill -9: no clean shutdown, no chance to record anything.
    service.child.kill().expect("kill -9");
    service.child.wait().expect("reap");
    let restarted = sb.start_service(&["--runtime", "host", "--cores", "4"]);
    service = restarted;
    let batch = service.wait_complete(id);
    assert_eq!(batch["state"], "success", "{batch}");
    assert_eq!(batch["n_succeeded"], 6);
    let attempts = service
        .get(&format!("/api/v1alpha/batches/{id}/jobs/1/attempts"))
        .json();
    let reasons: Vec<&str> = attempts
        .as_array()
        .expect("attempts")
        .iter()
        .filter_map(|a| a["reason"].as_str())
        .collect();
    assert_eq!(reasons, ["terminated", "completed"], "{attempts}");
}

#[test]
fn the_cli_starts_finds_and_stops_a_background_service() {
    let sb = Sandbox::new();
    let status = sb.run(&["batch", "serve", "--status"]);
    assert_eq!(status.fails_with(1), "No local Batch service is running.\n");
    let background = sb.serve_start(&[]);
    let data = &background.data_dir;
    let first = background.started.ok().to_string();
    assert!(
        first.starts_with("The local Batch service is running at http://127.0.0.1:"),
        "{first}"
    );
    // A second start finds the same service.
    let second = sb.run(&["batch", "serve", "--start", "--data-dir", data]);
    assert_eq!(second.ok(), first);
    let status = sb.run(&["batch", "serve", "--status"]);
    assert!(status.ok().contains(data.as_str()), "{status:?}");
    let stop = sb.run(&["batch", "serve", "--stop"]);
    assert!(
        stop.ok().starts_with("Stopped the local Batch service"),
        "{stop:?}"
    );
    sb.run(&["batch", "serve", "--status"]).fails_with(1);
    assert_eq!(
        sb.run(&["batch", "serve", "--stop"]).ok(),
        "No local Batch service is running.\n"
    );
}
