//! What Hail's own service tests and clients expect that the local service did not do:
//! instance names of Hail's form, the auth service's userinfo, several regions; and the
//! protections of a service shared by several users (throttled failed authentication, short
//! tokens refused, a warning when serving plain HTTP beyond this machine).

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::util::Sandbox;
use crate::util::service::job_spec;

#[test]
fn jobs_run_on_instances_named_like_hails_workers() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    let id = service.create_fast("t", json!({}), vec![job_spec(1, "true", &[])]);
    service.wait_complete(id);
    let attempts = service
        .get(&format!("/api/v1alpha/batches/{id}/jobs/1/attempts"))
        .json();
    let instance = attempts[0]["instance_name"]
        .as_str()
        .expect("instance_name");
    assert!(
        instance.starts_with("batch-worker-default-standard-") && instance.len() == 35,
        "{instance}"
    );
    // What Hail's test_batch::test_list_jobs_v2 asks.
    let found = service
        .get(&format!(
            "/api/v2alpha/batches/{id}/jobs?q=instance%20%3D~%20batch-worker"
        ))
        .json();
    assert_eq!(found["jobs"].as_array().map(Vec::len), Some(1), "{found}");
}

#[test]
fn userinfo_answers_at_the_auth_services_path() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host", "--user", "me"]);
    for path in ["/api/v1alpha/userinfo", "/local/auth/api/v1alpha/userinfo"] {
        let info = service.get(path);
        assert_eq!(info.status, 200, "{path}: {}", info.text());
        let info = info.json();
        assert_eq!(info["username"], "me", "{info}");
        assert_eq!(info["login_id"], "me");
        assert_eq!(info["is_developer"], 1);
        assert_eq!(service.anonymous().get(path).status, 401, "{path}");
    }
}

#[test]
fn failed_authentication_is_throttled() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    let guesser = service.client_as("guess");
    let start = Instant::now();
    for _ in 0..20 {
        assert_eq!(guesser.get("/api/v1alpha/batches").status, 401);
    }
    // Beyond 10 free failures (one more each second), each costs 200 ms: at least 6 of the
    // last 10.
    assert!(
        start.elapsed() >= Duration::from_millis(1200),
        "20 guesses took only {:?}",
        start.elapsed()
    );
    // The valid token is not throttled.
    assert_eq!(service.get("/api/v1alpha/batches").status, 200);
}

#[test]
fn a_users_file_with_a_short_token_is_refused() {
    let sb = Sandbox::new();
    let path = sb.users_file("[[users]]\nname = \"a\"\ntoken = \"abc\"\n");
    let run = sb.run(&[
        "batch",
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--data-dir",
        &sb.root().join("d").display().to_string(),
        "--users-file",
        &path,
    ]);
    let err = run.fails_with(1);
    assert!(
        err.contains("users[0] (\"a\") has a token of 3 characters: tokens must have at least 16"),
        "{err}"
    );
}

#[test]
fn serving_plain_http_beyond_this_machine_warns() {
    let sb = Sandbox::new();
    let data = sb.root().join("d").display().to_string();
    let mut child = sb
        .command(&[
            "batch",
            "serve",
            "--runtime",
            "host",
            "--addr",
            "0.0.0.0:0",
            "--data-dir",
            &data,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn serve");
    let stderr = child.stderr.take().expect("stderr");
    // The start-up lines (the runtime's and the cgroups' come first), up to the warning.
    let mut seen = Vec::new();
    for line in BufReader::new(stderr).lines().take(8).map_while(Result::ok) {
        let done = line.contains("warning: 0.0.0.0:");
        seen.push(line);
        if done {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let listening = seen
        .iter()
        .position(|l| l.contains("listening on http://0.0.0.0:"));
    let warning = seen
        .iter()
        .position(|l| l.contains("warning: 0.0.0.0:") && l.contains("add --tls"));
    assert!(
        matches!((listening, warning), (Some(a), Some(b)) if a < b),
        "{seen:#?}"
    );
}

#[test]
fn several_regions_are_offered_the_first_by_default() {
    let sb = Sandbox::new();
    let service = sb.start_service(&[
        "--runtime",
        "host",
        "--region",
        "us-central1",
        "--region",
        "us-east1",
    ]);
    assert_eq!(
        service.get("/api/v1alpha/supported_regions").json(),
        json!(["us-central1", "us-east1"])
    );
    assert_eq!(
        service.get("/api/v1alpha/default_region").text(),
        "us-central1"
    );
    // The seed's two-region example.
    let mut job = job_spec(1, "echo $HAIL_REGION", &[]);
    job["regions"] = json!(["us-central1", "us-east1"]);
    let id = service.create_fast("t", json!({}), vec![job]);
    assert_eq!(service.wait_complete(id)["state"], "success");
}
