//! Several users on one local service (`serve --users-file`), access control
//! (`batch-semantics.md` §13) and billing administration through the CLI (§10).
//!
//! Everything runs against the real binary and the real embedded service.

mod util;

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use util::service::{Response, Service, job_spec as job};
use util::{Run, Sandbox};

const ALICE: &str = "alice-token-0123456789";
const BOB: &str = "bob-token-0123456789";

/// Runs `hailctl ARGS` pointed at the test's service (as its default user).
fn hailctl(sb: &Sandbox, args: &[&str]) -> Run {
    let state = sb.state_home().display().to_string();
    sb.run_with(args, &[("XDG_STATE_HOME", state.as_str())])
}

/// Writes a users file (mode 0600) and returns its path.
fn users_file(sb: &Sandbox, text: &str) -> String {
    let path = sb.root().join("users.toml");
    std::fs::write(&path, text).expect("write users file");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    path.display().to_string()
}

fn two_users(sb: &Sandbox) -> Service {
    let path = users_file(
        sb,
        &format!(
            r#"
[[users]]
name = "alice"
token = "{ALICE}"
billing_projects = ["alice-p", "shared"]

[[users]]
name = "bob"
token = "{BOB}"
billing_projects = ["bob-p", "shared"]
"#
        ),
    );
    sb.start_service(&["--no-sandbox", "--user", "admin", "--users-file", &path])
}

fn get_as(service: &Service, token: &str, path: &str) -> Response {
    service.request_as(Some(token), "GET", path, None)
}

fn post_as(service: &Service, token: &str, path: &str, body: &Value) -> Response {
    service.request_as(Some(token), "POST", path, Some(body.to_string().as_bytes()))
}

/// `create-fast` as the owner of `token`; the raw response.
fn create_as(service: &Service, token: &str, project: &str, batch_token: &str) -> Response {
    post_as(
        service,
        token,
        "/api/v1alpha/batches/create-fast",
        &json!({
            "batch": {"billing_project": project, "token": batch_token, "n_jobs": 1},
            "bunch": [job(1, "echo secret-output", &[])],
        }),
    )
}

fn created_id(response: &Response) -> i64 {
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()["id"].as_i64().expect("batch id")
}

/// Polls `GET batch` as `token`'s user until complete, with a deadline.
fn wait_complete_as(service: &Service, token: &str, id: i64) -> Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let batch = get_as(service, token, &format!("/api/v1alpha/batches/{id}")).json();
        if batch["complete"] == true {
            return batch;
        }
        assert!(
            Instant::now() < deadline,
            "batch {id} did not complete: {batch}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn listed_ids(service: &Service, token: &str) -> Vec<i64> {
    get_as(service, token, "/api/v1alpha/batches?q=").json()["batches"]
        .as_array()
        .expect("batches")
        .iter()
        .filter_map(|b| b["id"].as_i64())
        .collect()
}

#[test]
fn users_see_only_batches_of_their_billing_projects() {
    let sb = Sandbox::new();
    let service = two_users(&sb);

    let private = created_id(&create_as(&service, BOB, "bob-p", "b1"));
    let shared = created_id(&create_as(&service, BOB, "shared", "b2"));
    let bob_batch = wait_complete_as(&service, BOB, private);
    assert_eq!(bob_batch["user"], "bob");
    assert_eq!(bob_batch["state"], "success");
    wait_complete_as(&service, BOB, shared);

    // Alice is not in bob-p: every read or change of that batch is a bare 404.
    let b = format!("/api/v1alpha/batches/{private}");
    for path in [
        b.clone(),
        format!("{b}/jobs"),
        format!("/api/v2alpha/batches/{private}/jobs"),
        format!("{b}/jobs/1"),
        format!("{b}/jobs/1/log"),
        format!("{b}/jobs/1/log/main"),
        format!("{b}/jobs/1/attempts"),
        format!("{b}/job-groups/0"),
        format!("{b}/job-groups"),
        format!("{b}/job-groups/0/jobs"),
    ] {
        let response = get_as(&service, ALICE, &path);
        assert_eq!(response.status, 404, "GET {path}: {}", response.text());
        assert!(!response.text().contains("secret-output"));
    }
    let cancel = service.request_as(Some(ALICE), "PATCH", &format!("{b}/cancel"), None);
    assert_eq!(cancel.status, 404, "{}", cancel.text());
    let delete = service.request_as(Some(ALICE), "DELETE", &b, None);
    assert_eq!(delete.status, 404, "{}", delete.text());
    let update = post_as(
        &service,
        ALICE,
        &format!("{b}/updates/create"),
        &json!({"token": "u", "n_jobs": 1}),
    );
    assert_eq!(update.status, 404, "{}", update.text());
    let alice_list = listed_ids(&service, ALICE);
    assert!(!alice_list.contains(&private), "{alice_list:?}");
    assert!(alice_list.contains(&shared), "{alice_list:?}");
    // Bob still sees his batch untouched (the refused delete did nothing).
    assert_eq!(get_as(&service, BOB, &b).status, 200);
    assert_eq!(
        listed_ids(&service, BOB),
        vec![shared, private],
        "bob lists both of his batches"
    );

    // In the shared project, Alice reads Bob's batch, its jobs and its log...
    let s = format!("/api/v1alpha/batches/{shared}");
    assert_eq!(get_as(&service, ALICE, &s).json()["user"], "bob");
    assert_eq!(get_as(&service, ALICE, &format!("{s}/jobs/1")).status, 200);
    let log = get_as(&service, ALICE, &format!("{s}/jobs/1/log"));
    assert!(log.text().contains("secret-output"), "{}", log.text());
    assert_eq!(
        get_as(&service, ALICE, &format!("{s}/jobs/1/attempts")).status,
        200
    );
    assert_eq!(
        get_as(&service, ALICE, &format!("{s}/job-groups")).status,
        200
    );
    // ...but only the creator may add to it.
    let update = post_as(
        &service,
        ALICE,
        &format!("{s}/updates/create"),
        &json!({"token": "u", "n_jobs": 1}),
    );
    assert_eq!(update.status, 404, "{}", update.text());
    let fast = post_as(
        &service,
        ALICE,
        &format!("{s}/update-fast"),
        &json!({"update": {"token": "u", "n_jobs": 1}, "bunch": [job(1, "true", &[])]}),
    );
    assert_eq!(fast.status, 404, "{}", fast.text());
    let by_bob = post_as(
        &service,
        BOB,
        &format!("{s}/update-fast"),
        &json!({"update": {"token": "u", "n_jobs": 1}, "bunch": [job(1, "true", &[])]}),
    );
    assert_eq!(by_bob.status, 200, "the creator may: {}", by_bob.text());
    // Members may cancel and delete (§13).
    let cancel = service.request_as(Some(ALICE), "PATCH", &format!("{s}/cancel"), None);
    assert_eq!(cancel.status, 200, "{}", cancel.text());
    assert_eq!(
        service.request_as(Some(ALICE), "DELETE", &s, None).status,
        200
    );
    assert_eq!(get_as(&service, BOB, &s).status, 404);

    // With a users file, projects are fixed: no joining or creating on first use.
    for project in ["bob-p", "brand-new"] {
        let refused = create_as(&service, ALICE, project, "a1");
        assert_eq!(refused.status, 403);
        assert_eq!(
            refused.text(),
            format!("403: Unknown Hail Batch billing project {project}.")
        );
    }
    // An unknown token is 401.
    assert_eq!(get_as(&service, "not-a-token", &b).status, 401);
}

#[test]
fn billing_projects_are_visible_to_members_and_administered_by_developers() {
    let sb = Sandbox::new();
    let service = two_users(&sb);

    let names = |token: &str| -> Vec<String> {
        let list = get_as(&service, token, "/api/v1alpha/billing_projects").json();
        list.as_array()
            .expect("list")
            .iter()
            .map(|p| p["billing_project"].as_str().expect("name").to_owned())
            .collect()
    };
    assert_eq!(names(ALICE), ["alice-p", "shared"]);
    assert_eq!(names(BOB), ["bob-p", "shared"]);
    // The default user is a developer: it sees every project.
    assert_eq!(names(&service.token), ["alice-p", "bob-p", "shared"]);
    let shared = get_as(&service, ALICE, "/api/v1alpha/billing_projects/shared").json();
    assert_eq!(shared["users"], json!(["alice", "bob"]));
    assert_eq!(shared["status"], "open");
    let hidden = get_as(&service, ALICE, "/api/v1alpha/billing_projects/bob-p");
    assert_eq!(hidden.status, 403);
    assert_eq!(
        hidden.text(),
        "403: Unknown Hail Batch billing project bob-p."
    );
    assert_eq!(
        get_as(
            &service,
            &service.token,
            "/api/v1alpha/billing_projects/bob-p"
        )
        .json()["users"],
        json!(["bob"])
    );
    let bad_status = get_as(&service, ALICE, "/api/v1alpha/billing_projects?status=gone");
    assert_eq!(bad_status.status, 400);
    assert_eq!(
        bad_status.text(),
        "400: Invalid value for status 'gone'; must be 'open' or 'closed'."
    );

    // Administration without the developer role: 401, and nothing changes.
    let p = "/api/v1alpha/billing_projects";
    for path in [
        format!("{p}/new/create"),
        format!("{p}/bob-p/users/alice/add"),
        format!("{p}/bob-p/users/bob/remove"),
        format!("{p}/bob-p/close"),
        format!("{p}/bob-p/reopen"),
        format!("{p}/bob-p/delete"),
        "/api/v1alpha/billing_limits/bob-p/edit".to_owned(),
    ] {
        let response = post_as(&service, ALICE, &path, &json!({"limit": 0}));
        assert_eq!(response.status, 401, "POST {path}: {}", response.text());
    }
    assert_eq!(names(&service.token), ["alice-p", "bob-p", "shared"]);
    assert_eq!(
        get_as(&service, BOB, "/api/v1alpha/billing_projects/bob-p").json(),
        json!({"billing_project": "bob-p", "status": "open", "users": ["bob"],
               "limit": null, "accrued_cost": 0})
    );

    // The developer adds Alice to bob-p: she now sees it and may submit there.
    let added = post_as(
        &service,
        &service.token,
        &format!("{p}/bob-p/users/alice/add"),
        &json!(null),
    );
    assert_eq!(
        added.json(),
        json!({"billing_project": "bob-p", "user": "alice"})
    );
    assert_eq!(names(ALICE), ["alice-p", "bob-p", "shared"]);
    created_id(&create_as(&service, ALICE, "bob-p", "a-in-bob"));
    // Unknown users cannot be added (checked before the project, as in Hail).
    let carol = post_as(
        &service,
        &service.token,
        &format!("{p}/nope/users/carol/add"),
        &json!(null),
    );
    assert_eq!(carol.status, 403);
    assert_eq!(carol.text(), "403: User carol does not exist.");
}

#[test]
fn billing_lifecycle_through_the_cli() {
    let sb = Sandbox::new();
    let service = two_users(&sb);
    let submit = |project: &str| -> Run {
        hailctl(
            &sb,
            &[
                "batch",
                "submit",
                "--billing-project",
                project,
                "--",
                "true",
            ],
        )
    };

    assert_eq!(
        hailctl(&sb, &["batch", "billing", "create", "lab"]).ok(),
        "Created billing project lab.\n"
    );
    // Idempotent, as in Hail.
    hailctl(&sb, &["batch", "billing", "create", "lab"]).ok();
    // The default user is not a member yet: the reference's 403.
    let refused = submit("lab");
    assert_ne!(refused.code, 0, "{refused:?}");
    assert!(
        refused
            .stderr
            .contains("Unknown Hail Batch billing project lab."),
        "{refused:?}"
    );
    assert_eq!(
        hailctl(&sb, &["batch", "billing", "add-user", "lab", "admin"]).ok(),
        "Added user admin to billing project lab.\n"
    );
    hailctl(&sb, &["batch", "billing", "add-user", "lab", "alice"]).ok();
    let accepted = submit("lab");
    let batch_id: i64 = accepted
        .ok()
        .strip_prefix("Submitted batch ")
        .and_then(|rest| rest.split(',').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no batch id in {accepted:?}"));
    service.wait_complete(batch_id);

    // Deleting an open project is refused with the service's message.
    let open = hailctl(&sb, &["batch", "billing", "delete", "lab"]);
    assert_eq!(
        open.fails_with(1),
        "error: Billing project lab is open and cannot be deleted.\n"
    );
    assert_eq!(
        hailctl(&sb, &["batch", "billing", "close", "lab"]).ok(),
        "Closed billing project lab.\n"
    );
    let closed = submit("lab");
    assert_ne!(closed.code, 0, "{closed:?}");
    assert!(
        closed
            .stderr
            .contains("Billing project lab is closed or deleted."),
        "{closed:?}"
    );
    let raw = create_as(&service, ALICE, "lab", "a-closed");
    assert_eq!(raw.status, 403);
    assert_eq!(raw.text(), "403: Billing project lab is closed or deleted.");
    // A closed project cannot be modified.
    assert_eq!(
        hailctl(&sb, &["batch", "billing", "add-user", "lab", "bob"]).fails_with(1),
        "error: Billing project lab is closed and cannot be modified.\n"
    );

    hailctl(&sb, &["batch", "billing", "reopen", "lab"]).ok();
    assert_eq!(
        hailctl(&sb, &["batch", "billing", "limit", "lab", "0"]).ok(),
        "Set the limit of billing project lab to $0.00.\n"
    );
    let over = create_as(&service, ALICE, "lab", "a-over");
    assert_eq!(over.status, 403);
    assert_eq!(
        over.text(),
        "403: billing project lab has exceeded the budget; accrued=$0.0000 limit=$0.0000"
    );
    assert_ne!(submit("lab").code, 0);
    hailctl(&sb, &["batch", "billing", "limit", "lab", "none"]).ok();
    created_id(&create_as(&service, ALICE, "lab", "a-unlimited"));
    // A bad amount is a usage error, before any request.
    let bad = hailctl(&sb, &["batch", "billing", "limit", "lab", "-3"]);
    assert!(bad.fails_with(2).contains("non-negative"), "{bad:?}");

    assert_eq!(
        hailctl(&sb, &["batch", "billing", "remove-user", "lab", "alice"]).ok(),
        "Removed user alice from billing project lab.\n"
    );
    assert_eq!(create_as(&service, ALICE, "lab", "a-removed").status, 403);

    // Close once every batch is complete, then delete; the project disappears.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let run = hailctl(&sb, &["batch", "billing", "close", "lab"]);
        if run.code == 0 {
            break;
        }
        assert!(
            run.stderr.contains("has running batches") && Instant::now() < deadline,
            "{run:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        hailctl(&sb, &["batch", "billing", "delete", "lab"]).ok(),
        "Deleted billing project lab.\n"
    );
    let gone = hailctl(&sb, &["batch", "billing", "get", "lab"]);
    assert_ne!(gone.code, 0);
    assert!(
        gone.stderr
            .contains("Unknown Hail Batch billing project lab."),
        "{gone:?}"
    );
    assert_eq!(
        hailctl(&sb, &["batch", "billing", "close", "missing"]).fails_with(5),
        "error: Billing project missing does not exist.\n"
    );
    // A user without the developer role gets 401 from the same commands: here through the
    // API with Alice's token (the CLI always speaks as the default user of a local service).
    let refused = post_as(
        &service,
        ALICE,
        "/api/v1alpha/billing_projects/x/create",
        &json!(null),
    );
    assert_eq!(refused.status, 401);
}

#[test]
fn bad_users_files_are_refused_at_start_naming_the_file() {
    let sb = Sandbox::new();
    let path = users_file(
        &sb,
        "[[users]]\nname = \"a\"\ntoken = \"t1\"\n[[users]]\nname = \"a\"\ntoken = \"t2\"\n",
    );
    let data = sb.root().join("data").display().to_string();
    let state = sb.state_home().display().to_string();
    let run = sb.run_with(
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
        &[("XDG_STATE_HOME", state.as_str())],
    );
    let err = run.fails_with(1);
    assert!(
        err.contains(&format!("{path}: users[1] (\"a\") repeats a name")),
        "{err}"
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let run = sb.run_with(
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
        &[("XDG_STATE_HOME", state.as_str())],
    );
    let err = run.fails_with(1);
    assert!(err.contains("readable by other users"), "{err}");
    assert!(
        !err.contains("t1") && !err.contains("t2"),
        "tokens leaked: {err}"
    );
}

#[test]
fn serve_start_passes_the_users_through() {
    let sb = Sandbox::new();
    let path = users_file(
        &sb,
        &format!(
            "[[users]]\nname = \"alice\"\ntoken = \"{ALICE}\"\nbilling_projects = [\"lab\"]\n"
        ),
    );
    let data = sb.root().join("data").display().to_string();
    let started = hailctl(
        &sb,
        &[
            "batch",
            "serve",
            "--start",
            "--no-sandbox",
            "--data-dir",
            &data,
            "--user",
            "boss",
            "--users-file",
            &path,
        ],
    );
    started.ok();
    /// Stops the background service even if an assertion fails.
    struct Stop<'a>(&'a Sandbox);
    impl Drop for Stop<'_> {
        fn drop(&mut self) {
            hailctl(self.0, &["batch", "serve", "--stop"]);
        }
    }
    let stop = Stop(&sb);
    let state: Value = serde_json::from_str(
        &std::fs::read_to_string(sb.state_home().join("hailctl/server.json")).expect("state"),
    )
    .expect("state json");
    assert_eq!(state["user"], "boss");
    let addr = state["addr"].as_str().expect("addr").to_owned();
    // Alice's token works against the background service and she sees her project.
    let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
    use std::io::{Read, Write};
    write!(
        stream,
        "GET /api/v1alpha/billing_projects HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Authorization: Bearer {ALICE}\r\n\r\n"
    )
    .expect("write");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("read");
    assert!(raw.starts_with("HTTP/1.1 200"), "{raw}");
    assert!(raw.contains("\"billing_project\":\"lab\""), "{raw}");
    drop(stop);
    assert!(
        hailctl(&sb, &["batch", "serve", "--status"]).code != 0,
        "the service was stopped"
    );
}

#[test]
fn memberships_are_applied_at_each_start_and_closed_projects_do_not_block_it() {
    let sb = Sandbox::new();
    let path = users_file(
        &sb,
        &format!(
            "[[users]]\nname = \"alice\"\ntoken = \"{ALICE}\"\nbilling_projects = [\"lab\"]\n"
        ),
    );
    let args = [
        "--no-sandbox",
        "--user",
        "admin",
        "--users-file",
        path.as_str(),
    ];
    let service = sb.start_service(&args);
    let p = "/api/v1alpha/billing_projects";
    // The developer removes Alice and closes the project.
    let removed = post_as(
        &service,
        &service.token,
        &format!("{p}/lab/users/alice/remove"),
        &json!(null),
    );
    assert_eq!(removed.status, 200, "{}", removed.text());
    assert_eq!(
        post_as(
            &service,
            &service.token,
            &format!("{p}/lab/close"),
            &json!(null)
        )
        .status,
        200
    );
    drop(service);

    // The file still lists her: the next start cannot add her to the closed project, says so
    // and starts anyway; she stays out until the project is reopened and the service restarts.
    let service = sb.start_service(&args);
    assert_eq!(get_as(&service, ALICE, &format!("{p}/lab")).status, 403);
    assert_eq!(
        post_as(
            &service,
            &service.token,
            &format!("{p}/lab/reopen"),
            &json!(null)
        )
        .status,
        200
    );
    drop(service);
    let service = sb.start_service(&args);
    let lab = get_as(&service, ALICE, &format!("{p}/lab")).json();
    assert_eq!(lab["users"], json!(["alice"]));
    assert_eq!(lab["status"], "open");
}
