//! `hailctl batch rerun` through the binary against a real local service: which jobs run again,
//! with which dependencies, and what the new batch says about the one it reruns.

use serde_json::{Value, json};

use crate::util::Sandbox;
use crate::util::service::{job_spec as job, submitted_batch_id};

/// The job specs of a `--dry-run`'s single `create-fast` request, and its batch.
fn dry_run_jobs(stdout: &str) -> (Vec<Value>, Value) {
    let requests: Value = serde_json::from_str(stdout).expect("dry run JSON");
    let body = &requests[0]["body"];
    assert_eq!(
        requests[0]["path"], "/api/v1alpha/batches/create-fast",
        "{requests}"
    );
    (
        body["bunch"].as_array().expect("bunch").clone(),
        body["batch"].clone(),
    )
}

/// (name, in-update parents) of each spec.
fn shape(specs: &[Value]) -> Vec<(String, Value)> {
    specs
        .iter()
        .map(|s| {
            let name = s["attributes"]["name"].as_str().unwrap_or("").to_string();
            (name, s["in_update_parent_ids"].clone())
        })
        .collect()
}

#[test]
fn rerun_submits_the_jobs_that_did_not_succeed_and_their_dependents() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    let marker = sb.root().join("fixed");
    let flaky = format!("echo trying; [ -e {} ] || exit 3", marker.display());
    // 1 ok; 2 (after 1) fails until fixed; 3 (after 2) is cancelled; 4 ok; 5 (after 1 and 2,
    // always_run) runs and succeeds.
    let mut always = job(5, "echo always", &[1, 2]);
    always["always_run"] = json!(true);
    let id = service.create_fast(
        "original",
        json!({"attributes": {"name": "pipeline"}}),
        vec![
            job(1, "echo one", &[]),
            job(2, &flaky, &[1]),
            job(3, "echo three", &[2]),
            job(4, "echo four", &[]),
            always,
        ],
    );
    let done = service.wait_complete(id);
    assert_eq!(done["state"], "failure");
    let id_text = id.to_string();

    let dry = sb.run(&["batch", "rerun", &id_text, "--dry-run"]);
    let (specs, batch) = dry_run_jobs(dry.ok());
    assert_eq!(
        shape(&specs),
        [
            ("job2".to_string(), json!([])),
            ("job3".to_string(), json!([1])),
            ("job5".to_string(), json!([1])),
        ],
        "a succeeded parent is not a dependency; dependents are rerun too"
    );
    assert_eq!(specs[0]["process"]["command"][2], flaky.as_str());
    assert_eq!(specs[2]["always_run"], true);
    assert_eq!(
        batch["attributes"],
        json!({"name": "pipeline", "rerun_of": id_text})
    );
    assert_eq!(batch["n_jobs"], 3);

    let cancelled_only = sb.run(&[
        "batch",
        "rerun",
        &id_text,
        "--dry-run",
        "--state",
        "cancelled",
    ]);
    let (specs, _) = dry_run_jobs(cancelled_only.ok());
    assert_eq!(shape(&specs), [("job3".to_string(), json!([]))]);

    std::fs::write(&marker, "").expect("fix the flaky job");
    let rerun = sb.run(&["batch", "rerun", &id_text, "--wait"]);
    let new_id = submitted_batch_id(&rerun);
    assert_eq!(
        rerun.ok(),
        format!(
            "Submitted batch {new_id}, see {}/batches/{new_id}\nbatch {new_id} complete: success\n",
            service.base_url()
        )
    );
    let new_batch = service
        .get(&format!("/api/v1alpha/batches/{new_id}"))
        .json();
    assert_eq!(new_batch["attributes"]["rerun_of"], id_text);
    assert_eq!(new_batch["n_jobs"], 3);
    let log = sb.run(&[
        "batch",
        "log",
        &new_id.to_string(),
        "1",
        "--container",
        "main",
    ]);
    assert_eq!(log.ok(), "trying\n");

    let nothing = sb.run(&["batch", "rerun", &new_id.to_string()]);
    assert_eq!(
        nothing.fails_with(1),
        format!("batch {new_id} has no job to rerun (none is Failed, Error, Cancelled)\n")
    );
    assert_eq!(
        sb.run(&["batch", "rerun", "99"]).fails_with(5),
        "Batch with id 99 not found\n"
    );
}
