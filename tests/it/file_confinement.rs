//! File confinement on a multi-user service: a job's `input_files`/`output_files` reach only
//! the host directories the users file grants its user, and never the service's own files;
//! checked at submission (400) and again when the files are copied (symlinks resolved).

use serde_json::{Value, json};

use crate::util::Sandbox;
use crate::util::http::{Client, Response};
use crate::util::service::Service;

const ALICE: &str = "alice-token-0123456789";
const BOB: &str = "bob-token-0123456789";

/// Alice may copy under `<tmp>/alice-data`; Bob nowhere.
fn service(sb: &Sandbox) -> Service {
    let root = sb.root().join("alice-data");
    std::fs::create_dir_all(root.join("dir")).expect("mkdir");
    std::fs::write(root.join("input.txt"), "alice's data\n").expect("write");
    let path = sb.users_file(&format!(
        r#"
[[users]]
name = "alice"
token = "{ALICE}"
billing_projects = ["p"]
file_roots = ["{}"]

[[users]]
name = "bob"
token = "{BOB}"
billing_projects = ["p"]
"#,
        root.display()
    ));
    sb.start_service(&[
        "--runtime",
        "host",
        "--user",
        "admin",
        "--users-file",
        &path,
    ])
}

/// `create-fast` of one job running `command` with `files` merged into its spec.
fn submit(user: &Client, token: &str, command: &str, files: Value) -> Response {
    let mut job = crate::util::service::job_spec(1, command, &[]);
    if let (Some(job), Some(files)) = (job.as_object_mut(), files.as_object()) {
        for (k, v) in files {
            job.insert(k.clone(), v.clone());
        }
    }
    user.post_json(
        "/api/v1alpha/batches/create-fast",
        &json!({
            "batch": {"billing_project": "p", "token": token, "n_jobs": 1},
            "bunch": [job],
        }),
    )
}

#[test]
fn jobs_copy_only_under_their_users_roots_and_never_the_services_files() {
    let sb = Sandbox::new();
    let service = service(&sb);
    let (alice, bob) = (service.client_as(ALICE), service.client_as(BOB));
    let root = sb.root().join("alice-data");
    let input = |from: &str| json!({"input_files": [{"from": from, "to": "/io/in"}]});
    let own_input = root.join("input.txt").display().to_string();

    // Refused at submission, each with a message naming the rule.
    let state_file = sb.state_home().join("hailctl/server.json");
    let database = sb.root().join("service-data/batch.sqlite");
    let users_file = sb.root().join("users.toml");
    let refusals = [
        (
            &bob,
            input(&own_input),
            "file_roots; none are granted to this user",
        ),
        (
            &alice,
            input("/etc/passwd"),
            "file_roots; this user may use",
        ),
        (
            &alice,
            input(&state_file.display().to_string()),
            "a file of the local Batch service",
        ),
        (
            &alice,
            input(&format!("file://{}", database.display())),
            "a file of the local Batch service",
        ),
        (
            &alice,
            input(&users_file.display().to_string()),
            "a file of the local Batch service",
        ),
        (
            &alice,
            json!({"output_files": [{"from": "/io/x", "to": sb.root().join("elsewhere/x").display().to_string()}]}),
            "output file",
        ),
    ];
    for (i, (user, files, message)) in refusals.into_iter().enumerate() {
        let answer = submit(user, &format!("refused-{i}"), "true", files.clone());
        assert_eq!(answer.status, 400, "{files}: {}", answer.text());
        assert!(
            answer.text().contains(message),
            "{files}: {}",
            answer.text()
        );
    }

    // Within her root, Alice's job reads and writes.
    let out = root.join("out.txt").display().to_string();
    let ok = submit(
        &alice,
        "ok",
        "cat in > copy",
        json!({
            "input_files": [{"from": own_input, "to": "/io/in"}],
            "output_files": [{"from": "/io/copy", "to": out}],
        }),
    );
    assert_eq!(ok.status, 200, "{}", ok.text());
    let batch = alice.wait_complete(ok.json()["id"].as_i64().expect("id"));
    assert_eq!(batch["state"], "success", "{batch}");
    assert_eq!(
        std::fs::read_to_string(&out).expect("output"),
        "alice's data\n"
    );
}

#[test]
fn copies_check_every_file_again_with_symlinks_resolved() {
    let sb = Sandbox::new();
    let service = service(&sb);
    let alice = service.client_as(ALICE);
    let root = sb.root().join("alice-data");
    let state_file = sb.state_home().join("hailctl/server.json");
    // A directory in her root that holds a link to the service's state file (the token).
    std::os::unix::fs::symlink(&state_file, root.join("dir/token")).expect("symlink");
    let through_dir = submit(
        &alice,
        "dir",
        "cat in/token",
        json!({"input_files": [{"from": root.join("dir").display().to_string(), "to": "/io/in"}]}),
    );
    assert_eq!(through_dir.status, 200, "{}", through_dir.text());
    let batch_id = through_dir.json()["id"].as_i64().expect("id");
    let batch = alice.wait_complete(batch_id);
    assert_eq!(batch["state"], "failure", "{batch}");
    let job = alice
        .get(&format!("/api/v1alpha/batches/{batch_id}/jobs/1"))
        .json();
    let error = job["status"]["container_statuses"]["input"]["error"].to_string();
    assert!(error.contains("a file of the local Batch service"), "{job}");
    let log = alice
        .get(&format!("/api/v1alpha/batches/{batch_id}/jobs/1/log"))
        .text();
    assert!(!log.contains(&service.token), "the token leaked: {log}");

    // An output whose source is a link out of /io is not followed.
    let out = root.join("stolen.json");
    let link_out = submit(
        &alice,
        "link-out",
        &format!("ln -s {} out", state_file.display()),
        json!({"output_files": [{"from": "/io/out", "to": out.display().to_string()}]}),
    );
    assert_eq!(link_out.status, 200, "{}", link_out.text());
    let batch_id = link_out.json()["id"].as_i64().expect("id");
    let batch = alice.wait_complete(batch_id);
    assert_eq!(batch["state"], "failure", "{batch}");
    let job = alice
        .get(&format!("/api/v1alpha/batches/{batch_id}/jobs/1"))
        .json();
    let error = job["status"]["container_statuses"]["output"]["error"].to_string();
    assert!(error.contains("a symlink out of /io"), "{job}");
    assert!(!out.exists(), "the state file was copied out");
}
