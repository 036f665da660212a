//! The local service's web UI over plain HTTP, against the real binary: sign-in with one-time
//! links, refusal without a session, CSRF checks, the three pages' contents, the Cancel and
//! Delete forms, paging links and HTML escaping.

use serde_json::json;

use crate::util::Sandbox;
use crate::util::http::Client;
use crate::util::service::{Service, job_spec};

/// A browser signed in through a one-time link: its requests carry the session cookie.
fn sign_in(svc: &Service) -> Client {
    signed_in(svc, &svc.login_link("/batches"))
}

/// Follows a login link without credentials; a client with the session cookie it sets.
fn signed_in(svc: &Service, link: &str) -> Client {
    let answer = svc.anonymous().get(link);
    assert_eq!(answer.status, 303, "{answer:?}");
    let set_cookie = answer.header("set-cookie").expect("set-cookie");
    svc.anonymous()
        .cookie(set_cookie.split(';').next().expect("cookie"))
}

/// The `_csrf` value of the first form on a page.
fn csrf_of(page: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = page.find(marker).expect("a CSRF field") + marker.len();
    let value = &page[start..];
    value[..value.find('"').expect("the field's end")].to_string()
}

#[test]
fn login_links_are_single_use_and_set_a_strict_http_only_cookie() {
    let sandbox = Sandbox::new();
    let svc = sandbox.start_service(&["--runtime", "host"]);
    let link = svc.login_link("/batches/7?q=state%20%3D%20bad");
    assert!(link.starts_with("/login?code="), "{link}");
    let code = link
        .strip_prefix("/login?code=")
        .and_then(|rest| rest.split('&').next())
        .expect("code");
    assert_eq!(code.len(), 43, "a 256-bit random code: {link}");

    let first = svc.anonymous().get(&link);
    assert_eq!(first.status, 303, "{first:?}");
    assert_eq!(
        first.header("location"),
        Some("/batches/7?q=state%20%3D%20bad")
    );
    let cookie = first.header("set-cookie").expect("set-cookie");
    assert!(cookie.starts_with("hailctl_session="), "{cookie}");
    // Max-Age: the session outlives the browser window (issue 16).
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=604800"] {
        assert!(cookie.contains(flag), "{flag} missing: {cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP cannot carry a Secure cookie: {cookie}"
    );
    let session = cookie.split(';').next().expect("pair");
    assert!(!session.contains(code), "the session id is not the code");
    assert_eq!(svc.anonymous().cookie(session).get("/batches").status, 200);

    // The same code again, a made-up code, no code: refused with the sign-in page.
    for path in [link.as_str(), "/login?code=0123456789abcdef", "/login"] {
        let again = svc.anonymous().get(path);
        assert_eq!(again.status, 401, "{path}: {again:?}");
        assert!(again.header("set-cookie").is_none(), "{path}");
        assert!(
            again.text().contains("hailctl batch ui"),
            "{}",
            again.text()
        );
    }

    // `next` may only be a path on this service.
    for next in ["//evil.example/x", "https://evil.example/", "batches"] {
        let refused = svc.post_json("/api/v1alpha/ui/login-link", &json!({ "next": next }));
        assert_eq!(refused.status, 400, "{next}: {}", refused.text());
        assert!(
            refused.text().contains("next must be a path"),
            "{}",
            refused.text()
        );
    }
    // A tampered `next` in the URL falls back to /batches.
    let link = svc.login_link("/batches");
    let tampered = link.replace("next=%2Fbatches", "next=%2F%2Fevil.example");
    let answer = svc.anonymous().get(&tampered);
    assert_eq!(answer.header("location"), Some("/batches"), "{answer:?}");

    // Links need the API token.
    let anonymous = svc
        .anonymous()
        .request("POST", "/api/v1alpha/ui/login-link", None);
    assert_eq!(anonymous.status, 401);
    let wrong = svc
        .client_as("not-the-token")
        .request("POST", "/api/v1alpha/ui/login-link", None);
    assert_eq!(wrong.status, 401);
    // Without a body the link leads to the batch list.
    let default = svc
        .request("POST", "/api/v1alpha/ui/login-link", None)
        .json();
    assert!(
        default["url"]
            .as_str()
            .expect("url")
            .ends_with("&next=%2Fbatches"),
        "{default}"
    );
}

#[test]
fn pages_refuse_browsers_without_a_session_and_forms_without_the_csrf_secret() {
    let sandbox = Sandbox::new();
    let svc = sandbox.start_service(&["--runtime", "host"]);
    let id = svc.create_fast("t1", json!({}), vec![job_spec(1, "sleep 60", &[])]);

    for path in [
        "/batches",
        &format!("/batches/{id}"),
        &format!("/batches/{id}/jobs/1"),
    ] {
        // As Hail: 302 to signing in, which comes back to the page.
        let page = svc.anonymous().get(path);
        assert_eq!(page.status, 302, "{path}");
        let next = path.replace('/', "%2F");
        assert_eq!(
            page.header("location"),
            Some(format!("/login?next={next}").as_str()),
            "{path}"
        );
        let sign_in_page = svc
            .anonymous()
            .get(page.header("location").expect("location"));
        assert!(sign_in_page.text().contains("hailctl batch ui"), "{path}");
        let bogus = svc.anonymous().cookie("hailctl_session=forged").get(path);
        assert_eq!(bogus.status, 302, "{path}");
    }
    let post = svc
        .anonymous()
        .post_form(&format!("/batches/{id}/cancel"), "_csrf=x");
    assert_eq!(post.status, 401);
    // `/` redirects to the list; the stylesheet is public.
    let root = svc.anonymous().get("/");
    assert_eq!(root.header("location"), Some("/batches"), "{root:?}");
    let css = svc.anonymous().get("/static/style.css");
    assert_eq!(css.status, 200);
    assert!(css.content_type().starts_with("text/css"));

    let browser = sign_in(&svc);
    // A session does not authenticate the API.
    let api = browser.get(&format!("/api/v1alpha/batches/{id}"));
    assert_eq!(api.status, 401);

    let page = browser.get(&format!("/batches/{id}"));
    assert_eq!(page.status, 200);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page.header("content-security-policy").is_some());
    let csrf = csrf_of(&page.text());
    let cancel = format!("/batches/{id}/cancel");
    for form in [
        "",
        "_csrf=",
        "_csrf=0000",
        &format!("_csrf={}", "a".repeat(43)),
    ] {
        let refused = browser.post_form(&cancel, form);
        assert_eq!(refused.status, 403, "{form:?}: {refused:?}");
    }
    // Another session's secret does not work either.
    let other = sign_in(&svc);
    let other_page = other.get("/batches");
    let other_csrf = csrf_of(&other_page.text());
    assert_ne!(other_csrf, csrf);
    let refused = browser.post_form(&cancel, &format!("_csrf={other_csrf}"));
    assert_eq!(refused.status, 403);
    let batch = svc.get(&format!("/api/v1alpha/batches/{id}")).json();
    assert_eq!(batch["state"], "running", "nothing was cancelled: {batch}");

    // Signing out ends the session.
    let out = other.post_form("/logout", &format!("_csrf={other_csrf}"));
    assert_eq!(out.status, 200);
    assert_eq!(other.get("/batches").status, 302);
    svc.request("PATCH", &format!("/api/v1alpha/batches/{id}/cancel"), None);
}

#[test]
fn pages_show_batches_jobs_and_logs_with_user_text_escaped() {
    let sandbox = Sandbox::new();
    let svc = sandbox.start_service(&["--runtime", "host"]);
    let mut evil = job_spec(1, "echo hello-from-the-log; echo '<b>bold</b>'", &[]);
    evil["attributes"] = json!({"name": "<script>alert(1)</script>"});
    evil["env"] = json!([{"name": "GREETING", "value": "hi & bye"}]);
    let failing = job_spec(2, "echo failing-now >&2; exit 3", &[]);
    let id = svc.create_fast(
        "t2",
        json!({"attributes": {"name": "my <batch>", "team": "x\"y"}}),
        vec![evil, failing],
    );
    svc.wait_complete(id);
    let browser = sign_in(&svc);

    let list = browser.get("/batches");
    assert_eq!(list.status, 200);
    assert!(list.content_type().starts_with("text/html"));
    let body = &list.text();
    assert!(
        body.contains(&format!("<a href=\"/batches/{id}\">{id}</a>")),
        "{body}"
    );
    assert!(body.contains("my &lt;batch&gt;"), "{body}");
    assert!(body.contains("1 succeeded, 1 failed"), "{body}");
    assert!(body.contains("$0.0000"), "{body}");
    assert!(body.contains("data-state=\"failure\""), "{body}");
    assert!(!body.contains("<batch>"), "unescaped name: {body}");

    let page = browser.get(&format!("/batches/{id}"));
    let body = &page.text();
    assert!(body.contains(&format!("Batch {id}")), "{body}");
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{body}"
    );
    assert!(!body.contains("<script>"), "unescaped job name: {body}");
    assert!(body.contains("x&quot;y"), "attributes escaped: {body}");
    assert!(
        body.contains(&format!("<a href=\"/batches/{id}/jobs/2\">2</a>")),
        "{body}"
    );
    assert!(
        body.contains("<td>Failed</td><td>3</td>"),
        "exit code column: {body}"
    );
    assert!(
        body.contains(&format!("action=\"/batches/{id}/delete\"")),
        "{body}"
    );
    assert!(
        !body.contains("/cancel\""),
        "no Cancel once complete: {body}"
    );
    assert!(
        !body.contains("http-equiv=\"refresh\""),
        "complete: no reload: {body}"
    );

    // The job query: filter links and a v2 query narrow the table.
    let bad = browser.get(&format!("/batches/{id}?q=state%20%3D%20bad"));
    assert!(bad.text().contains("/jobs/2\">2</a>"), "{}", bad.text());
    assert!(!bad.text().contains("/jobs/1\">1</a>"), "{}", bad.text());

    let job = browser.get(&format!("/batches/{id}/jobs/1"));
    let body = &job.text();
    assert!(body.contains("hello-from-the-log"), "{body}");
    assert!(
        body.contains("&lt;b&gt;bold&lt;/b&gt;"),
        "log escaped: {body}"
    );
    assert!(
        body.contains("GREETING") && body.contains("hi &amp; bye"),
        "{body}"
    );
    assert!(body.contains("ubuntu:24.04"), "image: {body}");
    assert!(body.contains("hello-from-the-log;"), "command: {body}");
    assert!(body.contains("<h2>Attempts</h2>"), "{body}");
    assert!(!body.contains("<script>"), "{body}");
    let failed = browser.get(&format!("/batches/{id}/jobs/2"));
    assert!(failed.text().contains("Exit 3"), "{}", failed.text());
    assert!(failed.text().contains("failing-now"), "{}", failed.text());

    let log = browser.get(&format!("/batches/{id}/jobs/1/log/main"));
    assert_eq!(log.status, 200);
    assert_eq!(log.content_type(), "text/plain; charset=utf-8");
    assert_eq!(
        log.header("content-disposition"),
        Some(format!("attachment; filename=\"batch-{id}-1-main.log\"").as_str())
    );
    assert!(
        log.text().contains("hello-from-the-log\n<b>bold</b>"),
        "{}",
        log.text()
    );
    let unknown = browser.get(&format!("/batches/{id}/jobs/1/log/sidecar"));
    assert_eq!(unknown.status, 404);
    for missing in [
        format!("/batches/{}", id + 100),
        format!("/batches/{id}/jobs/99"),
    ] {
        let page = browser.get(&missing);
        assert_eq!(page.status, 404, "{missing}");
    }

    // An invalid query: an error banner and an empty table.
    let invalid = browser.get("/batches?q=duration%20%3E%3E%3D%20x");
    assert_eq!(invalid.status, 200);
    assert!(
        invalid.text().contains("class=\"error\""),
        "{}",
        invalid.text()
    );
    assert!(invalid.text().contains("No batches."), "{}", invalid.text());
}

#[test]
fn cancel_and_delete_through_the_forms() {
    let sandbox = Sandbox::new();
    let svc = sandbox.start_service(&["--runtime", "host"]);
    let id = svc.create_fast("t3", json!({}), vec![job_spec(1, "sleep 120", &[])]);
    svc.wait_for(&format!("/api/v1alpha/batches/{id}/jobs/1"), |j| {
        j["state"] == "Running"
    });
    let browser = sign_in(&svc);

    let page = browser.get(&format!("/batches/{id}"));
    assert!(
        page.text().contains("http-equiv=\"refresh\""),
        "a running batch reloads itself"
    );
    assert!(
        page.text()
            .contains(&format!("action=\"/batches/{id}/cancel\"")),
        "{}",
        page.text()
    );
    assert!(
        !page.text().contains("/delete\""),
        "no Delete while running"
    );
    let csrf = csrf_of(&page.text());
    let cancelled = browser.post_form(
        &format!("/batches/{id}/cancel"),
        &format!("_csrf={csrf}&q=state+%3D+running"),
    );
    assert_eq!(cancelled.status, 303, "{cancelled:?}");
    assert_eq!(
        cancelled.header("location"),
        Some(format!("/batches/{id}?q=state%20%3D%20running").as_str())
    );
    let batch = svc.wait_complete(id);
    assert_eq!(batch["state"], "cancelled", "{batch}");
    let after = browser.get(&format!("/batches/{id}"));
    assert!(
        after.text().contains(&format!("Batch {id} cancelled.")),
        "{}",
        after.text()
    );
    assert!(
        after
            .text()
            .contains(&format!("action=\"/batches/{id}/delete\""))
    );
    // The flash shows once.
    let again = browser.get(&format!("/batches/{id}"));
    assert!(
        !again.text().contains("cancelled.</div>"),
        "{}",
        again.text()
    );

    let deleted = browser.post_form(&format!("/batches/{id}/delete"), &format!("_csrf={csrf}"));
    assert_eq!(deleted.status, 303);
    assert_eq!(deleted.header("location"), Some("/batches"));
    let list = browser.get("/batches");
    assert!(
        list.text().contains(&format!("Batch {id} deleted.")),
        "{}",
        list.text()
    );
    assert!(
        !list.text().contains(&format!("href=\"/batches/{id}\"")),
        "{}",
        list.text()
    );
    assert_eq!(svc.get(&format!("/api/v1alpha/batches/{id}")).status, 404);
    let gone = browser.post_form(&format!("/batches/{id}/cancel"), &format!("_csrf={csrf}"));
    // Like the API (and Hail), cancelling a deleted batch is refused with 403.
    assert_eq!(gone.status, 403, "{gone:?}");
    assert!(gone.text().contains("does not exist"), "{}", gone.text());
}

#[test]
fn batch_and_job_lists_page_with_next_and_previous_links() {
    let sandbox = Sandbox::new();
    let svc = sandbox.start_service(&["--runtime", "host"]);
    // 120 jobs that wait for a parent that never finishes on its own: listed, not run.
    let mut jobs = vec![job_spec(1, "sleep 120", &[])];
    jobs.extend((2..=120).map(|i| job_spec(i, "true", &[1])));
    let big = svc.create_fast("big", json!({}), jobs);
    // 51 more batches so that the batch list has a second page.
    for i in 0..51 {
        svc.create_fast(&format!("small{i}"), json!({}), vec![]);
    }
    let browser = sign_in(&svc);

    let first = browser.get("/batches").text();
    assert_eq!(first.matches("<tr data-state=").count(), 50, "{first}");
    let marker = "id=\"next-page\" href=\"";
    let next = first.find(marker).expect("Next page link");
    let href = &first[next + marker.len()..];
    let href = href[..href.find('"').expect("end")].replace("&amp;", "&");
    assert!(
        href.starts_with("/batches?q=user%20%3D%20"),
        "keeps q: {href}"
    );
    let second = browser.get(&href).text();
    assert_eq!(second.matches("<tr data-state=").count(), 2, "{second}");
    assert!(
        second.contains(&format!("<a href=\"/batches/{big}\">{big}</a>")),
        "{second}"
    );
    assert!(!second.contains("next-page"), "{second}");

    let page1 = browser.get(&format!("/batches/{big}")).text();
    assert!(page1.contains("/jobs/50\">50</a>") && !page1.contains("/jobs/51\">"));
    assert!(!page1.contains("previous-page"));
    assert!(
        page1.contains(&format!(
            "href=\"/batches/{big}?q=&amp;last_job_id=50\">Next page"
        )),
        "{page1}"
    );
    let page2 = browser
        .get(&format!("/batches/{big}?q=&last_job_id=50"))
        .text();
    assert!(page2.contains("/jobs/51\">51</a>") && page2.contains("/jobs/100\">100</a>"));
    assert!(
        page2.contains(&format!(
            "href=\"/batches/{big}?q=&amp;last_job_id=0\">Previous page"
        )),
        "{page2}"
    );
    assert!(page2.contains("last_job_id=100\">Next page"), "{page2}");
    let page3 = browser
        .get(&format!("/batches/{big}?last_job_id=100"))
        .text();
    assert_eq!(page3.matches("<tr data-state=").count(), 20, "{page3}");
    assert!(page3.contains("last_job_id=50\">Previous page"), "{page3}");
    assert!(!page3.contains("next-page"), "{page3}");
    svc.request("PATCH", &format!("/api/v1alpha/batches/{big}/cancel"), None);
}

#[test]
fn hailctl_batch_ui_prints_a_signed_in_link() {
    let sandbox = Sandbox::new();
    let svc = sandbox.start_service(&["--runtime", "host"]);
    let id = svc.create_fast("t4", json!({}), vec![job_spec(1, "true", &[])]);

    let run = sandbox.run(&["batch", "ui", &id.to_string(), "--no-open"]);
    let url = run.ok().trim().to_string();
    let prefix = format!("{}/login?code=", svc.base_url());
    assert!(url.starts_with(&prefix), "{url}");
    assert!(url.ends_with(&format!("&next=%2Fbatches%2F{id}")), "{url}");
    let path = &url[svc.base_url().len()..];
    let answer = svc.anonymous().get(path);
    assert_eq!(answer.status, 303, "{answer:?}");
    assert_eq!(
        answer.header("location"),
        Some(format!("/batches/{id}").as_str())
    );
    assert!(!run.stderr.contains("code="), "{}", run.stderr);

    let list = sandbox.run(&["batch", "ui", "--no-open"]);
    assert!(list.ok().trim().ends_with("&next=%2Fbatches"), "{list:?}");
    let missing = sandbox.run(&["batch", "ui", "999999", "--no-open"]);
    missing.fails_with(5);
}

#[test]
fn open_flags_open_a_signed_in_page() {
    let sandbox = Sandbox::new();
    let svc = sandbox.start_service(&["--runtime", "host"]);
    let id = svc.create_fast("t5", json!({}), vec![job_spec(1, "true", &[])]);
    // No browser launcher on PATH: the command warns with the link it would have opened.
    let empty = sandbox.root().join("no-launchers");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let path = empty.display().to_string();
    let env = [("PATH", path.as_str())];
    let run = sandbox.run_with(&["batch", "get", &id.to_string(), "--open"], &env);
    run.ok();
    assert!(run.stderr.contains("cannot open a browser"), "{run:?}");
    let start = run.stderr.find("/login?code=").expect("a login link");
    let link: String = run.stderr[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    assert!(
        link.ends_with(&format!("&next=%2Fbatches%2F{id}")),
        "{link}"
    );
    let answer = svc.anonymous().get(&link);
    assert_eq!(answer.status, 303, "{answer:?}");
    assert!(
        run.stderr
            .contains("cannot open a browser (no launcher such as xdg-open is installed)"),
        "{run:?}"
    );
    // A launcher that fails is reported by its exit status, in words.
    let failing = sandbox.root().join("failing-launcher");
    std::fs::create_dir_all(&failing).expect("mkdir");
    let launcher = failing.join("xdg-open");
    std::fs::write(&launcher, "#!/bin/sh\nexit 3\n").expect("write launcher");
    std::fs::set_permissions(
        &launcher,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .expect("chmod");
    let path = format!("{}:/usr/bin:/bin", failing.display());
    let run = sandbox.run_with(
        &["batch", "ui", "--", &id.to_string()],
        &[("PATH", path.as_str())],
    );
    run.ok();
    assert!(
        run.stderr.contains(
            "warning: cannot open a browser (xdg-open exited with status 3); open the link above"
        ),
        "{run:?}"
    );
    assert!(!run.stderr.contains("ExitStatus"), "{run:?}");
}

#[test]
fn pages_and_forms_act_as_the_signed_in_user() {
    let sandbox = Sandbox::new();
    let svc = sandbox.start_service(&["--runtime", "host"]);
    let id = svc.create_fast(
        "t6",
        json!({"billing_project": "other"}),
        vec![job_spec(1, "sleep 120", &[])],
    );
    let user = svc.get(&format!("/api/v1alpha/batches/{id}")).json()["user"]
        .as_str()
        .expect("user")
        .to_string();
    let browser = sign_in(&svc);
    let page = browser.get(&format!("/batches/{id}"));
    assert_eq!(page.status, 200);
    let csrf = csrf_of(&page.text());
    // The user leaves the batch's billing project: the batch is no longer theirs to see.
    let removed = svc.request(
        "POST",
        &format!("/api/v1alpha/billing_projects/other/users/{user}/remove"),
        None,
    );
    assert_eq!(removed.status, 200, "{}", removed.text());
    for path in [
        format!("/batches/{id}"),
        format!("/batches/{id}/jobs/1"),
        format!("/batches/{id}/jobs/1/log/main"),
    ] {
        let answer = browser.get(&path);
        assert_eq!(answer.status, 404, "{path}: {answer:?}");
    }
    let list = browser.get("/batches?q=");
    assert!(
        !list.text().contains(&format!("href=\"/batches/{id}\"")),
        "{}",
        list.text()
    );
    for action in ["cancel", "delete"] {
        let answer =
            browser.post_form(&format!("/batches/{id}/{action}"), &format!("_csrf={csrf}"));
        assert_eq!(answer.status, 404, "{action}: {answer:?}");
    }
    // Back in the project, the batch is there and still running: nothing was cancelled.
    let added = svc.request(
        "POST",
        &format!("/api/v1alpha/billing_projects/other/users/{user}/add"),
        None,
    );
    assert_eq!(added.status, 200, "{}", added.text());
    let batch = svc.get(&format!("/api/v1alpha/batches/{id}")).json();
    assert_eq!(batch["state"], "running", "{batch}");
    svc.request("PATCH", &format!("/api/v1alpha/batches/{id}/cancel"), None);
}

/// A browser signed in as the user of `token` (one of a users file's).
fn sign_in_as(svc: &Service, token: &str) -> Client {
    let answer = svc
        .client_as(token)
        .request("POST", "/api/v1alpha/ui/login-link", None);
    assert_eq!(answer.status, 200, "{}", answer.text());
    signed_in(svc, answer.json()["url"].as_str().expect("url"))
}

#[test]
fn two_users_see_and_change_only_their_own_batches_in_the_pages() {
    const ALICE: &str = "alice-token-0123456789abcdefghijklmnopqrstuv";
    const BOB: &str = "bob-token-0123456789abcdefghijklmnopqrstuvwxy";
    let sandbox = Sandbox::new();
    let path = sandbox.users_file(&format!(
        "[[users]]\nname = \"alice\"\ntoken = \"{ALICE}\"\nbilling_projects = [\"alice-p\"]\n\n\
         [[users]]\nname = \"bob\"\ntoken = \"{BOB}\"\nbilling_projects = [\"bob-p\"]\n"
    ));
    let svc = sandbox.start_service(&[
        "--runtime",
        "host",
        "--user",
        "admin",
        "--users-file",
        &path,
    ]);
    let created = svc.client_as(ALICE).post_json(
        "/api/v1alpha/batches/create-fast",
        &json!({
            "batch": {"billing_project": "alice-p", "token": "a1", "n_jobs": 1,
                      "attributes": {"name": "alice-batch"}},
            "bunch": [job_spec(1, "echo alice-secret-output; sleep 120", &[])],
        }),
    );
    assert_eq!(created.status, 200, "{}", created.text());
    let id = created.json()["id"].as_i64().expect("id");

    let alice = sign_in_as(&svc, ALICE);
    let bob = sign_in_as(&svc, BOB);
    let page = alice.get(&format!("/batches/{id}"));
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("Submitted by <b>alice</b>"),
        "{}",
        page.text()
    );
    let alice_list = alice.get("/batches").text();
    assert!(alice_list.contains("alice-batch"), "{alice_list}");

    // Bob: not in his list (even with an empty query), 404 on the pages and the log.
    let bob_page = bob.get("/batches?q=");
    assert!(
        bob_page.text().contains("<span class=\"who\">bob</span>"),
        "{}",
        bob_page.text()
    );
    assert!(
        !bob_page.text().contains("alice-batch"),
        "{}",
        bob_page.text()
    );
    for path in [
        format!("/batches/{id}"),
        format!("/batches/{id}/jobs/1"),
        format!("/batches/{id}/jobs/1/log/main"),
    ] {
        let answer = bob.get(&path);
        assert_eq!(answer.status, 404, "{path}: {answer:?}");
        assert!(!answer.text().contains("alice-secret-output"), "{path}");
    }
    // Bob's forms, with his own valid CSRF secret, cannot cancel or delete it.
    let bob_csrf = csrf_of(&bob_page.text());
    for action in ["cancel", "delete"] {
        let answer = bob.post_form(
            &format!("/batches/{id}/{action}"),
            &format!("_csrf={bob_csrf}"),
        );
        assert_eq!(answer.status, 404, "{action}: {answer:?}");
    }
    let batch = svc
        .client_as(ALICE)
        .get(&format!("/api/v1alpha/batches/{id}"))
        .json();
    assert_eq!(batch["state"], "running", "{batch}");
    // Alice can.
    let alice_csrf = csrf_of(&page.text());
    let cancelled = alice.post_form(
        &format!("/batches/{id}/cancel"),
        &format!("_csrf={alice_csrf}"),
    );
    assert_eq!(cancelled.status, 303, "{cancelled:?}");
}

/// Issue 16's page defects: icons drawn without fonts, a script's lines kept, the Incomplete
/// filter, timestamps to the second, errors in words, an empty log without a black bar,
/// elapsed time and the running count, and 404 pages for bad and unknown paths.
#[test]
fn pages_draw_icons_keep_script_lines_and_answer_404_pages() {
    let sandbox = Sandbox::new();
    let svc = sandbox.start_service(&["--runtime", "host"]);
    let gate = sandbox.root().join("gate");
    let wait = format!("while [ ! -e {} ]; do sleep 0.05; done", gate.display());
    let mut timeout = job_spec(1, "sleep 30", &[]);
    timeout["timeout"] = json!(0.5);
    let id = svc.create_fast(
        "issue16",
        json!({}),
        vec![
            timeout,
            job_spec(2, "echo first\necho second\necho third", &[]),
            job_spec(3, &wait, &[]),
            job_spec(4, "true", &[3]),
            job_spec(5, "exit 1", &[]),
        ],
    );
    svc.wait_for(&format!("/api/v1alpha/batches/{id}/jobs/1"), |j| {
        j["state"] == "Error"
    });
    svc.wait_for(&format!("/api/v1alpha/batches/{id}/jobs/5"), |j| {
        j["state"] == "Failed"
    });
    svc.wait_for(&format!("/api/v1alpha/batches/{id}/jobs/3"), |j| {
        j["state"] == "Running"
    });
    let browser = sign_in(&svc);

    let page = browser.get(&format!("/batches/{id}")).text();
    // 15: every icon is an SVG; none is a character a font has to carry.
    for glyph in ["&#x23F2;", "&#x2714;", "&#x2716;", "&#x2298;", "&#x27F3;"] {
        assert!(!page.contains(glyph), "{glyph}: {page}");
    }
    assert!(
        page.contains("<span class=\"icon muted\" title=\"Pending\"><svg"),
        "{page}"
    );
    // 22: the running count, and a running job's elapsed time.
    assert!(page.contains("<td id=\"n-running\">1</td>"), "{page}");
    assert!(page.contains("<td>running for "), "{page}");
    // 17: the Incomplete filter lists Pending, Ready and Running jobs, not Error ones.
    assert!(page.contains("q=state%20%21%3D%20done"), "{page}");
    let incomplete = browser
        .get(&format!("/batches/{id}?q=state%20%21%3D%20done"))
        .text();
    for (job, shown) in [(1, false), (2, false), (3, true), (4, true), (5, false)] {
        let link = format!("/jobs/{job}\">{job}</a>");
        assert_eq!(incomplete.contains(&link), shown, "job {job}: {incomplete}");
    }
    // 18: timestamps to the second, the exact value in the tooltip.
    let list = browser.get("/batches").text();
    let shown = list
        .split("<time class=\"ts\"")
        .nth(1)
        .expect("a time element");
    let shown = &shown[shown.find('>').expect(">") + 1..shown.find("</time>").expect("</time>")];
    assert!(shown.ends_with(" UTC") && !shown.contains('.'), "{shown}");

    // 16: the script's three lines stay three lines.
    let script = browser.get(&format!("/batches/{id}/jobs/2")).text();
    assert!(
        script.contains("<pre class=\"command\" id=\"command\">/bin/bash -c &#39;echo first\necho second\necho third&#39;</pre>"),
        "{script}"
    );
    // 20: the reason in words; the traceback folded away; no empty black log box.
    let error = browser.get(&format!("/batches/{id}/jobs/1")).text();
    assert!(error.contains("Errored with: Timed out</p>"), "{error}");
    assert!(
        error.contains("<details class=\"error-details\"><summary>Full error</summary>"),
        "{error}"
    );
    let empty = browser.get(&format!("/batches/{id}/jobs/5")).text();
    assert!(
        empty.contains("<p class=\"hint empty-log\">No output.</p>"),
        "{empty}"
    );
    assert!(!empty.contains("<pre></pre>"), "{empty}");
    // 19: a running job's log is followed by the page's script, not by reloading the page.
    let running = browser.get(&format!("/batches/{id}/jobs/3")).text();
    assert!(
        running.contains(&format!(
            "<pre data-follow=\"/batches/{id}/jobs/3/log/main\">"
        )),
        "{running}"
    );
    assert!(!running.contains("http-equiv=\"refresh\""), "{running}");
    let log = browser.get(&format!("/batches/{id}/jobs/3/log/main"));
    assert_eq!(log.header("x-job-state"), Some("Running"));
    let script = browser.get("/static/follow.js");
    assert_eq!(script.status, 200);
    assert!(script.content_type().starts_with("text/javascript"));

    // 21: bad ids and unknown paths are 404 pages, signed in or not.
    for path in [
        "/batches/abc".to_string(),
        format!("/batches/{id}/jobs/x"),
        format!("/batches/{id}/jobs/1/log/main/extra"),
        "/no-such-page".to_string(),
    ] {
        let answer = browser.get(&path);
        assert_eq!(answer.status, 404, "{path}: {}", answer.text());
        assert!(answer.content_type().starts_with("text/html"), "{path}");
        assert!(answer.text().contains("<h1>Not found</h1>"), "{path}");
        assert!(!answer.text().contains("i64"), "{path}");
    }
    assert_eq!(
        svc.anonymous().get("/no-such-page").status,
        302,
        "to the sign-in page, as Hail"
    );
    assert_eq!(svc.anonymous().get("/api/v1alpha/nothing").status, 401);
    assert_eq!(svc.get("/api/v1alpha/nothing").status, 404);
    std::fs::write(&gate, "").expect("open the gate");
    svc.wait_complete(id);
}
