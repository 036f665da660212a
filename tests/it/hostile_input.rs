//! Hostile and malformed input the service and the CLI must refuse clearly (never a hang, a
//! wrong answer or a job that fails far from the mistake), and leftovers a crash must not leave.

use serde_json::json;

use crate::util::Sandbox;
use crate::util::service::job_spec;

#[test]
fn create_fast_checks_n_jobs_like_the_slow_path() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    for (n_jobs, sent) in [(2, 1), (0, 1)] {
        let jobs: Vec<_> = (1..=sent).map(|i| job_spec(i, "true", &[])).collect();
        let answer = service.post_json(
            "/api/v1alpha/batches/create-fast",
            &json!({
                "batch": {"billing_project": "test", "token": format!("t{n_jobs}"), "n_jobs": n_jobs},
                "bunch": jobs,
            }),
        );
        assert_eq!(answer.status, 400, "{}", answer.text());
        assert_eq!(
            answer.text(),
            format!("400: wrong number of jobs: expected {n_jobs}, actual {sent}")
        );
    }
    // Nothing was created.
    let listed = service.get("/api/v1alpha/batches?q=").json();
    assert_eq!(listed["batches"], json!([]), "{listed}");
}

#[test]
fn job_env_names_that_no_process_can_have_are_refused_at_submission() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    for (i, bad) in ["A=B", "", "A\u{0}B"].into_iter().enumerate() {
        let mut job = job_spec(1, "true", &[]);
        job["env"] = json!([{"name": "OK", "value": "1"}, {"name": bad, "value": "x"}]);
        // Both paths: create-fast, and create + a bunch.
        let fast = service.post_json(
            "/api/v1alpha/batches/create-fast",
            &json!({
                "batch": {"billing_project": "test", "token": format!("f{i}"), "n_jobs": 1},
                "bunch": [job.clone()],
            }),
        );
        assert_eq!(fast.status, 400, "{bad:?}: {}", fast.text());
        assert!(
            fast.text().starts_with(
                "400: jobs[0].env[1].name must be a non-empty environment variable name \
                 without '=' or NUL characters"
            ),
            "{bad:?}: {}",
            fast.text()
        );
        let created = service.post_json(
            "/api/v1alpha/batches/create",
            &json!({"billing_project": "test", "token": format!("s{i}"), "n_jobs": 1}),
        );
        let id = created.json()["id"].as_i64().expect("id");
        let bunch = service.request(
            "POST",
            &format!("/api/v1alpha/batches/{id}/updates/1/jobs/create"),
            Some(json!([job]).to_string().as_bytes()),
        );
        assert_eq!(bunch.status, 400, "{bad:?}: {}", bunch.text());
        assert!(
            bunch.text().contains("env[1].name must be"),
            "{}",
            bunch.text()
        );
    }
}

#[test]
fn a_query_with_nul_is_refused_rather_than_matching_everything() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    service.create_fast("t", json!({}), vec![job_spec(1, "true", &[])]);
    for path in [
        "/api/v1alpha/batches?q=%00",
        "/api/v2alpha/batches?q=%00",
        "/api/v1alpha/batches/1/jobs?q=%00",
        "/api/v2alpha/batches/1/jobs?q=a%00b",
    ] {
        let answer = service.get(path);
        assert_eq!(answer.status, 400, "{path}: {}", answer.text());
        assert_eq!(
            answer.text(),
            "400: invalid query: it contains a NUL character"
        );
    }
}

#[test]
fn scratch_directories_left_by_a_killed_service_are_removed_at_start() {
    let sb = Sandbox::new();
    let leftover = sb.root().join("service-data/scratch/7-1-abcdef/io");
    std::fs::create_dir_all(&leftover).expect("mkdir");
    std::fs::write(leftover.join("big.bin"), "left behind").expect("write");
    let _service = sb.start_service(&["--runtime", "host"]);
    assert!(
        !sb.root().join("service-data/scratch/7-1-abcdef").exists(),
        "the leftover scratch directory is still there"
    );
}

#[test]
fn submit_dry_run_starts_no_service() {
    let sb = Sandbox::new();
    let dry = sb.run(&["batch", "submit", "--dry-run", "--", "echo", "hi"]);
    let requests: serde_json::Value = serde_json::from_str(dry.ok()).expect("json");
    let text = requests.to_string();
    assert!(text.contains("\"regions\":[\"us-central1\"]"), "{text}");
    assert!(
        !sb.state_home().join("hailctl/server.json").exists(),
        "a service was started"
    );
    sb.run(&["batch", "serve", "--status"]).fails_with(1);
}

/// Runs `hailctl ARGS` in `sb` and fails the test if it takes more than 15 s.
fn run_promptly(sb: &Sandbox, args: &[&str]) -> (i32, String) {
    let output = crate::util::output_within(sb.command(args), std::time::Duration::from_secs(15));
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_fifo_or_a_device_as_spec_or_config_is_refused_promptly() {
    let sb = Sandbox::new();
    let fifo = sb.root().join("spec.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let fifo = fifo.display().to_string();
    let zero = sb.root().join("zero.yaml");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
    let zero = zero.display().to_string();
    for spec in [fifo.as_str(), zero.as_str()] {
        let (code, stderr) = run_promptly(&sb, &["batch", "submit", "--dry-run", "--file", spec]);
        assert_eq!(code, 1, "{spec}: {stderr}");
        assert!(stderr.contains(spec), "{spec}: {stderr}");
    }
    // The configuration file.
    std::fs::create_dir_all(sb.hail_dir()).expect("mkdir");
    std::os::unix::fs::symlink("/dev/zero", sb.config_ini()).expect("symlink");
    let (code, stderr) = run_promptly(&sb, &["config", "list"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("a device, not a file"), "{stderr}");
}

#[test]
fn a_device_as_token_file_gets_no_chmod_advice() {
    let sb = Sandbox::new();
    let path = sb.users_file("[[users]]\nname = \"a\"\ntoken_file = \"/dev/zero\"\n");
    let data = sb.root().join("d").display().to_string();
    let (code, stderr) = run_promptly(
        &sb,
        &[
            "batch",
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--data-dir",
            &data,
            "--users-file",
            &path,
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("token_file /dev/zero is not a regular file"),
        "{stderr}"
    );
    assert!(!stderr.contains("chmod"), "{stderr}");
}

#[test]
fn serve_start_reports_a_service_that_died_while_starting_at_once() {
    let sb = Sandbox::new();
    let missing = sb.root().join("missing.toml").display().to_string();
    let (code, stderr) = run_promptly(
        &sb,
        &[
            "batch",
            "serve",
            "--start",
            "--runtime",
            "host",
            "--users-file",
            &missing,
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("the local Batch service exited while starting (exit status: 1)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("missing.toml"),
        "the log's tail names the cause: {stderr}"
    );
}
