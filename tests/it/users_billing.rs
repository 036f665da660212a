//! Several users on one local service (`serve --users-file`), access control
//! (`batch-semantics.md` §13) and billing administration through the CLI (§10).
//!
//! Everything runs against the real binary and the real embedded service.

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::util::http::{Client, Response};
use crate::util::service::{Service, job_spec as job, submitted_batch_id};
use crate::util::{Run, Sandbox};

const ALICE: &str = "alice-token-0123456789";
const BOB: &str = "bob-token-0123456789";

fn two_users(sb: &Sandbox) -> Service {
    let path = sb.users_file(&format!(
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

/// `create-fast` as `user`; the raw response.
fn create_as(user: &Client, project: &str, batch_token: &str) -> Response {
    user.post_json(
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

fn listed_ids(user: &Client) -> Vec<i64> {
    user.get("/api/v1alpha/batches?q=").json()["batches"]
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
    let (alice, bob) = (service.client_as(ALICE), service.client_as(BOB));

    let private = created_id(&create_as(&bob, "bob-p", "b1"));
    let shared = created_id(&create_as(&bob, "shared", "b2"));
    let bob_batch = bob.wait_complete(private);
    assert_eq!(bob_batch["user"], "bob");
    assert_eq!(bob_batch["state"], "success");
    bob.wait_complete(shared);

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
        format!("{b}/job-parents"),
    ] {
        let response = alice.get(&path);
        assert_eq!(response.status, 404, "GET {path}: {}", response.text());
        assert!(!response.text().contains("secret-output"));
    }
    let cancel = alice.request("PATCH", &format!("{b}/cancel"), None);
    assert_eq!(cancel.status, 404, "{}", cancel.text());
    let delete = alice.request("DELETE", &b, None);
    assert_eq!(delete.status, 404, "{}", delete.text());
    let update = alice.post_json(
        &format!("{b}/updates/create"),
        &json!({"token": "u", "n_jobs": 1}),
    );
    assert_eq!(update.status, 404, "{}", update.text());
    let alice_list = listed_ids(&alice);
    assert!(!alice_list.contains(&private), "{alice_list:?}");
    assert!(alice_list.contains(&shared), "{alice_list:?}");
    // Bob still sees his batch untouched (the refused delete did nothing).
    assert_eq!(bob.get(&b).status, 200);
    assert_eq!(
        listed_ids(&bob),
        vec![shared, private],
        "bob lists both of his batches"
    );

    // In the shared project, Alice reads Bob's batch, its jobs and its log...
    let s = format!("/api/v1alpha/batches/{shared}");
    assert_eq!(alice.get(&s).json()["user"], "bob");
    assert_eq!(alice.get(&format!("{s}/jobs/1")).status, 200);
    let log = alice.get(&format!("{s}/jobs/1/log"));
    assert!(log.text().contains("secret-output"), "{}", log.text());
    assert_eq!(alice.get(&format!("{s}/jobs/1/attempts")).status, 200);
    assert_eq!(alice.get(&format!("{s}/job-groups")).status, 200);
    assert_eq!(alice.get(&format!("{s}/job-parents")).status, 200);
    // ...but only the creator may add to it.
    let update = alice.post_json(
        &format!("{s}/updates/create"),
        &json!({"token": "u", "n_jobs": 1}),
    );
    assert_eq!(update.status, 404, "{}", update.text());
    let fast = alice.post_json(
        &format!("{s}/update-fast"),
        &json!({"update": {"token": "u", "n_jobs": 1}, "bunch": [job(1, "true", &[])]}),
    );
    assert_eq!(fast.status, 404, "{}", fast.text());
    let by_bob = bob.post_json(
        &format!("{s}/update-fast"),
        &json!({"update": {"token": "u", "n_jobs": 1}, "bunch": [job(1, "true", &[])]}),
    );
    assert_eq!(by_bob.status, 200, "the creator may: {}", by_bob.text());
    // Members may cancel and delete (§13).
    let cancel = alice.request("PATCH", &format!("{s}/cancel"), None);
    assert_eq!(cancel.status, 200, "{}", cancel.text());
    assert_eq!(alice.request("DELETE", &s, None).status, 200);
    assert_eq!(bob.get(&s).status, 404);

    // With a users file, projects are fixed: no joining or creating on first use.
    for project in ["bob-p", "brand-new"] {
        let refused = create_as(&alice, project, "a1");
        assert_eq!(refused.status, 403);
        assert_eq!(
            refused.text(),
            format!("403: Unknown Hail Batch billing project {project}.")
        );
    }
    // An unknown token is 401.
    assert_eq!(service.client_as("not-a-token").get(&b).status, 401);
}

#[test]
fn billing_projects_are_visible_to_members_and_administered_by_developers() {
    let sb = Sandbox::new();
    let service = two_users(&sb);
    let (admin, alice, bob) = (
        service.client(),
        service.client_as(ALICE),
        service.client_as(BOB),
    );

    let names = |token: &str| -> Vec<String> {
        let list = service
            .client_as(token)
            .get("/api/v1alpha/billing_projects")
            .json();
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
    let shared = alice.get("/api/v1alpha/billing_projects/shared").json();
    assert_eq!(shared["users"], json!(["alice", "bob"]));
    assert_eq!(shared["status"], "open");
    let hidden = alice.get("/api/v1alpha/billing_projects/bob-p");
    assert_eq!(hidden.status, 403);
    assert_eq!(
        hidden.text(),
        "403: Unknown Hail Batch billing project bob-p."
    );
    assert_eq!(
        admin.get("/api/v1alpha/billing_projects/bob-p").json()["users"],
        json!(["bob"])
    );
    let bad_status = alice.get("/api/v1alpha/billing_projects?status=gone");
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
        let response = alice.post_json(&path, &json!({"limit": 0}));
        assert_eq!(response.status, 401, "POST {path}: {}", response.text());
    }
    assert_eq!(names(&service.token), ["alice-p", "bob-p", "shared"]);
    assert_eq!(
        bob.get("/api/v1alpha/billing_projects/bob-p").json(),
        json!({"billing_project": "bob-p", "status": "open", "users": ["bob"],
               "limit": null, "accrued_cost": 0})
    );

    // The developer adds Alice to bob-p: she now sees it and may submit there.
    let added = admin.post_json(&format!("{p}/bob-p/users/alice/add"), &json!(null));
    assert_eq!(
        added.json(),
        json!({"billing_project": "bob-p", "user": "alice"})
    );
    assert_eq!(names(ALICE), ["alice-p", "bob-p", "shared"]);
    created_id(&create_as(&alice, "bob-p", "a-in-bob"));
    // Unknown users cannot be added (checked before the project, as in Hail).
    let carol = admin.post_json(&format!("{p}/nope/users/carol/add"), &json!(null));
    assert_eq!(carol.status, 403);
    assert_eq!(carol.text(), "403: User carol does not exist.");
}

#[test]
fn billing_lifecycle_through_the_cli() {
    let sb = Sandbox::new();
    let service = two_users(&sb);
    let alice = service.client_as(ALICE);
    let submit = |project: &str| -> Run {
        sb.run(&[
            "batch",
            "submit",
            "--billing-project",
            project,
            "--",
            "true",
        ])
    };

    assert_eq!(
        sb.run(&["batch", "billing", "create", "lab"]).ok(),
        "Created billing project lab.\n"
    );
    // Idempotent, as in Hail.
    sb.run(&["batch", "billing", "create", "lab"]).ok();
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
        sb.run(&["batch", "billing", "add-user", "lab", "admin"])
            .ok(),
        "Added user admin to billing project lab.\n"
    );
    sb.run(&["batch", "billing", "add-user", "lab", "alice"])
        .ok();
    let accepted = submit("lab");
    accepted.ok();
    service.wait_complete(submitted_batch_id(&accepted));

    // Deleting an open project is refused with the service's message.
    let open = sb.run(&["batch", "billing", "delete", "lab"]);
    assert_eq!(
        open.fails_with(1),
        "error: Billing project lab is open and cannot be deleted.\n"
    );
    assert_eq!(
        sb.run(&["batch", "billing", "close", "lab"]).ok(),
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
    let raw = create_as(&alice, "lab", "a-closed");
    assert_eq!(raw.status, 403);
    assert_eq!(raw.text(), "403: Billing project lab is closed or deleted.");
    // A closed project cannot be modified.
    assert_eq!(
        sb.run(&["batch", "billing", "add-user", "lab", "bob"])
            .fails_with(1),
        "error: Billing project lab is closed and cannot be modified.\n"
    );

    sb.run(&["batch", "billing", "reopen", "lab"]).ok();
    assert_eq!(
        sb.run(&["batch", "billing", "limit", "lab", "0"]).ok(),
        "Set the limit of billing project lab to $0.00.\n"
    );
    let over = create_as(&alice, "lab", "a-over");
    assert_eq!(over.status, 403);
    assert_eq!(
        over.text(),
        "403: billing project lab has exceeded the budget; accrued=$0.0000 limit=$0.0000"
    );
    assert_ne!(submit("lab").code, 0);
    sb.run(&["batch", "billing", "limit", "lab", "none"]).ok();
    created_id(&create_as(&alice, "lab", "a-unlimited"));
    // A bad amount is a usage error, before any request.
    let bad = sb.run(&["batch", "billing", "limit", "lab", "-3"]);
    assert!(bad.fails_with(2).contains("non-negative"), "{bad:?}");

    assert_eq!(
        sb.run(&["batch", "billing", "remove-user", "lab", "alice"])
            .ok(),
        "Removed user alice from billing project lab.\n"
    );
    assert_eq!(create_as(&alice, "lab", "a-removed").status, 403);

    // Close once every batch is complete, then delete; the project disappears.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let run = sb.run(&["batch", "billing", "close", "lab"]);
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
        sb.run(&["batch", "billing", "delete", "lab"]).ok(),
        "Deleted billing project lab.\n"
    );
    let gone = sb.run(&["batch", "billing", "get", "lab"]);
    assert_ne!(gone.code, 0);
    assert!(
        gone.stderr
            .contains("Unknown Hail Batch billing project lab."),
        "{gone:?}"
    );
    assert_eq!(
        sb.run(&["batch", "billing", "close", "missing"])
            .fails_with(5),
        "error: Billing project missing does not exist.\n"
    );
    // A user without the developer role gets 401 from the same commands: here through the
    // API with Alice's token (the CLI always speaks as the default user of a local service).
    let refused = alice.post_json("/api/v1alpha/billing_projects/x/create", &json!(null));
    assert_eq!(refused.status, 401);
}

#[test]
fn bad_users_files_are_refused_at_start_naming_the_file() {
    let sb = Sandbox::new();
    let path = sb.users_file(
        "[[users]]\nname = \"a\"\ntoken = \"t1-0123456789abcdef\"\n[[users]]\nname = \"a\"\ntoken = \"t2-0123456789abcdef\"\n",
    );
    let data = sb.root().join("data").display().to_string();
    let serve = || {
        sb.run(&[
            "batch",
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--data-dir",
            &data,
            "--users-file",
            &path,
        ])
    };
    let run = serve();
    let err = run.fails_with(1);
    assert!(
        err.contains(&format!("{path}: users[1] (\"a\") repeats a name")),
        "{err}"
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let run = serve();
    let err = run.fails_with(1);
    assert!(err.contains("readable by other users"), "{err}");
    assert!(
        !err.contains("t1-0123456789abcdef") && !err.contains("t2-0123456789abcdef"),
        "tokens leaked: {err}"
    );
}

#[test]
fn serve_start_passes_the_users_through() {
    let sb = Sandbox::new();
    let path = sb.users_file(&format!(
        "[[users]]\nname = \"alice\"\ntoken = \"{ALICE}\"\nbilling_projects = [\"lab\"]\n"
    ));
    let background = sb.serve_start(&["--user", "boss", "--users-file", &path]);
    background.started.ok();
    let state = sb.service_state();
    assert_eq!(state["user"], "boss");
    let addr = state["addr"].as_str().expect("addr").parse().expect("addr");
    // Alice's token works against the background service and she sees her project.
    let projects = Client::new(addr)
        .bearer(ALICE)
        .get("/api/v1alpha/billing_projects");
    assert_eq!(projects.status, 200, "{projects:?}");
    let text = projects.text();
    assert!(text.contains("\"billing_project\":\"lab\""), "{text}");
    drop(background);
    assert!(
        sb.run(&["batch", "serve", "--status"]).code != 0,
        "the service was stopped"
    );
}

#[test]
fn memberships_are_applied_at_each_start_and_closed_projects_do_not_block_it() {
    let sb = Sandbox::new();
    let path = sb.users_file(&format!(
        "[[users]]\nname = \"alice\"\ntoken = \"{ALICE}\"\nbilling_projects = [\"lab\"]\n"
    ));
    let args = [
        "--runtime",
        "host",
        "--user",
        "admin",
        "--users-file",
        path.as_str(),
    ];
    let service = sb.start_service(&args);
    let admin = service.client();
    let p = "/api/v1alpha/billing_projects";
    // The developer removes Alice and closes the project.
    let removed = admin.post_json(&format!("{p}/lab/users/alice/remove"), &json!(null));
    assert_eq!(removed.status, 200, "{}", removed.text());
    assert_eq!(
        admin
            .post_json(&format!("{p}/lab/close"), &json!(null))
            .status,
        200
    );
    drop(service);

    // The file still lists her: the next start cannot add her to the closed project, says so
    // and starts anyway; she stays out until the project is reopened and the service restarts.
    let service = sb.start_service(&args);
    let (admin, alice) = (service.client(), service.client_as(ALICE));
    assert_eq!(alice.get(&format!("{p}/lab")).status, 403);
    assert_eq!(
        admin
            .post_json(&format!("{p}/lab/reopen"), &json!(null))
            .status,
        200
    );
    drop(service);
    let service = sb.start_service(&args);
    let lab = service.client_as(ALICE).get(&format!("{p}/lab")).json();
    assert_eq!(lab["users"], json!(["alice"]));
    assert_eq!(lab["status"], "open");
}
