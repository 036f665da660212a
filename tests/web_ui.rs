//! The local service's web UI over plain HTTP, against the real binary: sign-in with one-time
//! links, refusal without a session, CSRF checks, the three pages' contents, the Cancel and
//! Delete forms, paging links and HTML escaping.

mod util;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::json;
use util::Sandbox;
use util::service::{Service, job_spec};

/// One HTTP answer with its headers.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request (optionally with a session cookie and a form body) and reads the answer.
fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: Option<&str>,
) -> Answer {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let body = form.unwrap_or("");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if form.is_some() {
        head.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
    }
    if let Some(cookie) = cookie {
        head.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("write head");
    stream.write_all(body.as_bytes()).expect("write body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..end]).trim(), 16)
            .expect("chunk size");
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
    out
}

/// A fresh one-time login path (`/login?code=...&next=...`) from the API.
fn login_link(svc: &Service, next: &str) -> String {
    let answer = svc
        .post_json("/api/v1alpha/ui/login-link", &json!({ "next": next }))
        .json();
    assert_eq!(answer["expires_in_seconds"], 120, "{answer}");
    answer["url"].as_str().expect("url").to_string()
}

/// Signs in through a login link; returns the `Cookie` header value.
fn sign_in(svc: &Service) -> String {
    let answer = http(svc.addr, "GET", &login_link(svc, "/batches"), None, None);
    assert_eq!(answer.status, 303, "{answer:?}");
    let set_cookie = answer.header("set-cookie").expect("set-cookie");
    set_cookie.split(';').next().expect("cookie").to_string()
}

/// The `_csrf` value of the first form on a page.
fn csrf_of(page: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = page.find(marker).expect("a CSRF field") + marker.len();
    page[start..start + 64].to_string()
}

#[test]
fn login_links_are_single_use_and_set_a_strict_http_only_cookie() {
    let sandbox = Sandbox::new();
    let svc = sandbox.start_service(&["--no-sandbox"]);
    let link = login_link(&svc, "/batches/7?q=state%20%3D%20bad");
    assert!(link.starts_with("/login?code="), "{link}");
    let code = link
        .strip_prefix("/login?code=")
        .and_then(|rest| rest.split('&').next())
        .expect("code");
    assert_eq!(code.len(), 64, "a 256-bit random code: {link}");

    let first = http(svc.addr, "GET", &link, None, None);
    assert_eq!(first.status, 303, "{first:?}");
    assert_eq!(
        first.header("location"),
        Some("/batches/7?q=state%20%3D%20bad")
    );
    let cookie = first.header("set-cookie").expect("set-cookie");
    assert!(cookie.starts_with("hailctl_session="), "{cookie}");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing: {cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP cannot carry a Secure cookie: {cookie}"
    );
    let session = cookie.split(';').next().expect("pair");
    assert!(!session.contains(code), "the session id is not the code");
    assert_eq!(
        http(svc.addr, "GET", "/batches", Some(session), None).status,
        200
    );

    // The same code again, a made-up code, no code: refused with the sign-in page.
    for path in [link.as_str(), "/login?code=0123456789abcdef", "/login"] {
        let again = http(svc.addr, "GET", path, None, None);
        assert_eq!(again.status, 401, "{path}: {again:?}");
        assert!(again.header("set-cookie").is_none(), "{path}");
        assert!(again.body.contains("hailctl batch ui"), "{}", again.body);
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
    let link = login_link(&svc, "/batches");
    let tampered = link.replace("next=%2Fbatches", "next=%2F%2Fevil.example");
    let answer = http(svc.addr, "GET", &tampered, None, None);
    assert_eq!(answer.header("location"), Some("/batches"), "{answer:?}");

    // Links need the API token.
    let anonymous = svc.request_as(None, "POST", "/api/v1alpha/ui/login-link", None);
    assert_eq!(anonymous.status, 401);
    let wrong = svc.request_as(
        Some("not-the-token"),
        "POST",
        "/api/v1alpha/ui/login-link",
        None,
    );
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
    let svc = sandbox.start_service(&["--no-sandbox"]);
    let id = svc.create_fast("t1", json!({}), vec![job_spec(1, "sleep 60", &[])]);

    for path in [
        "/batches",
        &format!("/batches/{id}"),
        &format!("/batches/{id}/jobs/1"),
    ] {
        let page = http(svc.addr, "GET", path, None, None);
        assert_eq!(page.status, 401, "{path}");
        assert!(
            page.body.contains("hailctl batch ui"),
            "{path}: {}",
            page.body
        );
        let bogus = http(svc.addr, "GET", path, Some("hailctl_session=forged"), None);
        assert_eq!(bogus.status, 401, "{path}");
    }
    let post = http(
        svc.addr,
        "POST",
        &format!("/batches/{id}/cancel"),
        None,
        Some("_csrf=x"),
    );
    assert_eq!(post.status, 401);
    // `/` redirects to the list; the stylesheet is public.
    let root = http(svc.addr, "GET", "/", None, None);
    assert_eq!(root.header("location"), Some("/batches"), "{root:?}");
    let css = http(svc.addr, "GET", "/static/style.css", None, None);
    assert_eq!(css.status, 200);
    assert!(
        css.header("content-type")
            .unwrap_or("")
            .starts_with("text/css")
    );

    let cookie = sign_in(&svc);
    // A session does not authenticate the API.
    let api = http(
        svc.addr,
        "GET",
        &format!("/api/v1alpha/batches/{id}"),
        Some(&cookie),
        None,
    );
    assert_eq!(api.status, 401);

    let page = http(
        svc.addr,
        "GET",
        &format!("/batches/{id}"),
        Some(&cookie),
        None,
    );
    assert_eq!(page.status, 200);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page.header("content-security-policy").is_some());
    let csrf = csrf_of(&page.body);
    let cancel = format!("/batches/{id}/cancel");
    for form in [
        "",
        "_csrf=",
        "_csrf=0000",
        &format!("_csrf={}", "a".repeat(64)),
    ] {
        let refused = http(svc.addr, "POST", &cancel, Some(&cookie), Some(form));
        assert_eq!(refused.status, 403, "{form:?}: {refused:?}");
    }
    // Another session's secret does not work either.
    let other = sign_in(&svc);
    let other_page = http(svc.addr, "GET", "/batches", Some(&other), None);
    let other_csrf = csrf_of(&other_page.body);
    assert_ne!(other_csrf, csrf);
    let refused = http(
        svc.addr,
        "POST",
        &cancel,
        Some(&cookie),
        Some(&format!("_csrf={other_csrf}")),
    );
    assert_eq!(refused.status, 403);
    let batch = svc.get(&format!("/api/v1alpha/batches/{id}")).json();
    assert_eq!(batch["state"], "running", "nothing was cancelled: {batch}");

    // Signing out ends the session.
    let out = http(
        svc.addr,
        "POST",
        "/logout",
        Some(&other),
        Some(&format!("_csrf={other_csrf}")),
    );
    assert_eq!(out.status, 200);
    assert_eq!(
        http(svc.addr, "GET", "/batches", Some(&other), None).status,
        401
    );
    svc.request("PATCH", &format!("/api/v1alpha/batches/{id}/cancel"), None);
}

#[test]
fn pages_show_batches_jobs_and_logs_with_user_text_escaped() {
    let sandbox = Sandbox::new();
    let svc = sandbox.start_service(&["--no-sandbox"]);
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
    let cookie = sign_in(&svc);

    let list = http(svc.addr, "GET", "/batches", Some(&cookie), None);
    assert_eq!(list.status, 200);
    assert!(
        list.header("content-type")
            .unwrap_or("")
            .starts_with("text/html")
    );
    let body = &list.body;
    assert!(
        body.contains(&format!("<a href=\"/batches/{id}\">{id}</a>")),
        "{body}"
    );
    assert!(body.contains("my &lt;batch&gt;"), "{body}");
    assert!(body.contains("1 succeeded, 1 failed"), "{body}");
    assert!(body.contains("$0.0000"), "{body}");
    assert!(body.contains("data-state=\"failure\""), "{body}");
    assert!(!body.contains("<batch>"), "unescaped name: {body}");

    let page = http(
        svc.addr,
        "GET",
        &format!("/batches/{id}"),
        Some(&cookie),
        None,
    );
    let body = &page.body;
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
    let bad = http(
        svc.addr,
        "GET",
        &format!("/batches/{id}?q=state%20%3D%20bad"),
        Some(&cookie),
        None,
    );
    assert!(bad.body.contains("/jobs/2\">2</a>"), "{}", bad.body);
    assert!(!bad.body.contains("/jobs/1\">1</a>"), "{}", bad.body);

    let job = http(
        svc.addr,
        "GET",
        &format!("/batches/{id}/jobs/1"),
        Some(&cookie),
        None,
    );
    let body = &job.body;
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
    let failed = http(
        svc.addr,
        "GET",
        &format!("/batches/{id}/jobs/2"),
        Some(&cookie),
        None,
    );
    assert!(failed.body.contains("Exit 3"), "{}", failed.body);
    assert!(failed.body.contains("failing-now"), "{}", failed.body);

    let log = http(
        svc.addr,
        "GET",
        &format!("/batches/{id}/jobs/1/log/main"),
        Some(&cookie),
        None,
    );
    assert_eq!(log.status, 200);
    assert_eq!(
        log.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(
        log.header("content-disposition"),
        Some(format!("attachment; filename=\"batch-{id}-1-main.log\"").as_str())
    );
    assert!(
        log.body.contains("hello-from-the-log\n<b>bold</b>"),
        "{}",
        log.body
    );
    let unknown = http(
        svc.addr,
        "GET",
        &format!("/batches/{id}/jobs/1/log/sidecar"),
        Some(&cookie),
        None,
    );
    assert_eq!(unknown.status, 404);
    for missing in [
        format!("/batches/{}", id + 100),
        format!("/batches/{id}/jobs/99"),
    ] {
        let page = http(svc.addr, "GET", &missing, Some(&cookie), None);
        assert_eq!(page.status, 404, "{missing}");
    }

    // An invalid query: an error banner and an empty table.
    let invalid = http(
        svc.addr,
        "GET",
        "/batches?q=duration%20%3E%3E%3D%20x",
        Some(&cookie),
        None,
    );
    assert_eq!(invalid.status, 200);
    assert!(invalid.body.contains("class=\"error\""), "{}", invalid.body);
    assert!(invalid.body.contains("No batches."), "{}", invalid.body);
}

#[test]
fn cancel_and_delete_through_the_forms() {
    let sandbox = Sandbox::new();
    let svc = sandbox.start_service(&["--no-sandbox"]);
    let id = svc.create_fast("t3", json!({}), vec![job_spec(1, "sleep 120", &[])]);
    svc.wait_for(&format!("/api/v1alpha/batches/{id}/jobs/1"), |j| {
        j["state"] == "Running"
    });
    let cookie = sign_in(&svc);

    let page = http(
        svc.addr,
        "GET",
        &format!("/batches/{id}"),
        Some(&cookie),
        None,
    );
    assert!(
        page.body.contains("http-equiv=\"refresh\""),
        "a running batch reloads itself"
    );
    assert!(
        page.body
            .contains(&format!("action=\"/batches/{id}/cancel\"")),
        "{}",
        page.body
    );
    assert!(!page.body.contains("/delete\""), "no Delete while running");
    let csrf = csrf_of(&page.body);
    let cancelled = http(
        svc.addr,
        "POST",
        &format!("/batches/{id}/cancel"),
        Some(&cookie),
        Some(&format!("_csrf={csrf}&q=state+%3D+running")),
    );
    assert_eq!(cancelled.status, 303, "{cancelled:?}");
    assert_eq!(
        cancelled.header("location"),
        Some(format!("/batches/{id}?q=state%20%3D%20running").as_str())
    );
    let batch = svc.wait_complete(id);
    assert_eq!(batch["state"], "cancelled", "{batch}");
    let after = http(
        svc.addr,
        "GET",
        &format!("/batches/{id}"),
        Some(&cookie),
        None,
    );
    assert!(
        after.body.contains(&format!("Batch {id} cancelled.")),
        "{}",
        after.body
    );
    assert!(
        after
            .body
            .contains(&format!("action=\"/batches/{id}/delete\""))
    );
    // The flash shows once.
    let again = http(
        svc.addr,
        "GET",
        &format!("/batches/{id}"),
        Some(&cookie),
        None,
    );
    assert!(!again.body.contains("cancelled.</div>"), "{}", again.body);

    let deleted = http(
        svc.addr,
        "POST",
        &format!("/batches/{id}/delete"),
        Some(&cookie),
        Some(&format!("_csrf={csrf}")),
    );
    assert_eq!(deleted.status, 303);
    assert_eq!(deleted.header("location"), Some("/batches"));
    let list = http(svc.addr, "GET", "/batches", Some(&cookie), None);
    assert!(
        list.body.contains(&format!("Batch {id} deleted.")),
        "{}",
        list.body
    );
    assert!(
        !list.body.contains(&format!("href=\"/batches/{id}\"")),
        "{}",
        list.body
    );
    assert_eq!(svc.get(&format!("/api/v1alpha/batches/{id}")).status, 404);
    let gone = http(
        svc.addr,
        "POST",
        &format!("/batches/{id}/cancel"),
        Some(&cookie),
        Some(&format!("_csrf={csrf}")),
    );
    // Like the API (and Hail), cancelling a deleted batch is refused with 403.
    assert_eq!(gone.status, 403, "{gone:?}");
    assert!(gone.body.contains("does not exist"), "{}", gone.body);
}

#[test]
fn batch_and_job_lists_page_with_next_and_previous_links() {
    let sandbox = Sandbox::new();
    let svc = sandbox.start_service(&["--no-sandbox"]);
    // 120 jobs that wait for a parent that never finishes on its own: listed, not run.
    let mut jobs = vec![job_spec(1, "sleep 120", &[])];
    jobs.extend((2..=120).map(|i| job_spec(i, "true", &[1])));
    let big = svc.create_fast("big", json!({}), jobs);
    // 51 more batches so that the batch list has a second page.
    for i in 0..51 {
        svc.create_fast(&format!("small{i}"), json!({}), vec![]);
    }
    let cookie = sign_in(&svc);

    let first = http(svc.addr, "GET", "/batches", Some(&cookie), None).body;
    assert_eq!(first.matches("<tr data-state=").count(), 50, "{first}");
    let marker = "id=\"next-page\" href=\"";
    let next = first.find(marker).expect("Next page link");
    let href = &first[next + marker.len()..];
    let href = href[..href.find('"').expect("end")].replace("&amp;", "&");
    assert!(
        href.starts_with("/batches?q=user%20%3D%20"),
        "keeps q: {href}"
    );
    let second = http(svc.addr, "GET", &href, Some(&cookie), None).body;
    assert_eq!(second.matches("<tr data-state=").count(), 2, "{second}");
    assert!(
        second.contains(&format!("<a href=\"/batches/{big}\">{big}</a>")),
        "{second}"
    );
    assert!(!second.contains("next-page"), "{second}");

    let page1 = http(
        svc.addr,
        "GET",
        &format!("/batches/{big}"),
        Some(&cookie),
        None,
    )
    .body;
    assert!(page1.contains("/jobs/50\">50</a>") && !page1.contains("/jobs/51\">"));
    assert!(!page1.contains("previous-page"));
    assert!(
        page1.contains(&format!(
            "href=\"/batches/{big}?q=&amp;last_job_id=50\">Next page"
        )),
        "{page1}"
    );
    let page2 = http(
        svc.addr,
        "GET",
        &format!("/batches/{big}?q=&last_job_id=50"),
        Some(&cookie),
        None,
    )
    .body;
    assert!(page2.contains("/jobs/51\">51</a>") && page2.contains("/jobs/100\">100</a>"));
    assert!(
        page2.contains(&format!(
            "href=\"/batches/{big}?q=&amp;last_job_id=0\">Previous page"
        )),
        "{page2}"
    );
    assert!(page2.contains("last_job_id=100\">Next page"), "{page2}");
    let page3 = http(
        svc.addr,
        "GET",
        &format!("/batches/{big}?last_job_id=100"),
        Some(&cookie),
        None,
    )
    .body;
    assert_eq!(page3.matches("<tr data-state=").count(), 20, "{page3}");
    assert!(page3.contains("last_job_id=50\">Previous page"), "{page3}");
    assert!(!page3.contains("next-page"), "{page3}");
    svc.request("PATCH", &format!("/api/v1alpha/batches/{big}/cancel"), None);
}

#[test]
fn hailctl_batch_ui_prints_a_signed_in_link() {
    let sandbox = Sandbox::new();
    let svc = sandbox.start_service(&["--no-sandbox"]);
    let id = svc.create_fast("t4", json!({}), vec![job_spec(1, "true", &[])]);
    let state = sandbox.state_home().display().to_string();
    let env = [("XDG_STATE_HOME", state.as_str())];

    let run = sandbox.run_with(&["batch", "ui", &id.to_string(), "--no-open"], &env);
    let url = run.ok().trim().to_string();
    let prefix = format!("{}/login?code=", svc.base_url());
    assert!(url.starts_with(&prefix), "{url}");
    assert!(url.ends_with(&format!("&next=%2Fbatches%2F{id}")), "{url}");
    let path = &url[svc.base_url().len()..];
    let answer = http(svc.addr, "GET", path, None, None);
    assert_eq!(answer.status, 303, "{answer:?}");
    assert_eq!(
        answer.header("location"),
        Some(format!("/batches/{id}").as_str())
    );
    assert!(!run.stderr.contains("code="), "{}", run.stderr);

    let list = sandbox.run_with(&["batch", "ui", "--no-open"], &env);
    assert!(list.ok().trim().ends_with("&next=%2Fbatches"), "{list:?}");
    let missing = sandbox.run_with(&["batch", "ui", "999999", "--no-open"], &env);
    missing.fails_with(5);
}

#[test]
fn open_flags_open_a_signed_in_page() {
    let sandbox = Sandbox::new();
    let svc = sandbox.start_service(&["--no-sandbox"]);
    let id = svc.create_fast("t5", json!({}), vec![job_spec(1, "true", &[])]);
    let state = sandbox.state_home().display().to_string();
    // No browser launcher on PATH: the command warns with the link it would have opened.
    let empty = sandbox.root().join("no-launchers");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let path = empty.display().to_string();
    let env = [("XDG_STATE_HOME", state.as_str()), ("PATH", path.as_str())];
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
    let answer = http(svc.addr, "GET", &link, None, None);
    assert_eq!(answer.status, 303, "{answer:?}");
}

#[test]
fn pages_and_forms_act_as_the_signed_in_user() {
    let sandbox = Sandbox::new();
    let svc = sandbox.start_service(&["--no-sandbox"]);
    let id = svc.create_fast(
        "t6",
        json!({"billing_project": "other"}),
        vec![job_spec(1, "sleep 120", &[])],
    );
    let user = svc.get(&format!("/api/v1alpha/batches/{id}")).json()["user"]
        .as_str()
        .expect("user")
        .to_string();
    let cookie = sign_in(&svc);
    let page = http(
        svc.addr,
        "GET",
        &format!("/batches/{id}"),
        Some(&cookie),
        None,
    );
    assert_eq!(page.status, 200);
    let csrf = csrf_of(&page.body);
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
        let answer = http(svc.addr, "GET", &path, Some(&cookie), None);
        assert_eq!(answer.status, 404, "{path}: {answer:?}");
    }
    let list = http(svc.addr, "GET", "/batches?q=", Some(&cookie), None);
    assert!(
        !list.body.contains(&format!("href=\"/batches/{id}\"")),
        "{}",
        list.body
    );
    for action in ["cancel", "delete"] {
        let answer = http(
            svc.addr,
            "POST",
            &format!("/batches/{id}/{action}"),
            Some(&cookie),
            Some(&format!("_csrf={csrf}")),
        );
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

/// A session for the user of `token` (one of a users file's).
fn sign_in_as(svc: &Service, token: &str) -> String {
    let answer = svc.request_as(Some(token), "POST", "/api/v1alpha/ui/login-link", None);
    assert_eq!(answer.status, 200, "{}", answer.text());
    let link = answer.json()["url"].as_str().expect("url").to_string();
    let login = http(svc.addr, "GET", &link, None, None);
    assert_eq!(login.status, 303, "{login:?}");
    login
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .expect("cookie")
        .to_string()
}

#[test]
fn two_users_see_and_change_only_their_own_batches_in_the_pages() {
    use std::os::unix::fs::PermissionsExt;
    const ALICE: &str = "alice-token-0123456789abcdefghijklmnopqrstuv";
    const BOB: &str = "bob-token-0123456789abcdefghijklmnopqrstuvwxy";
    let sandbox = Sandbox::new();
    let users = sandbox.root().join("users.toml");
    std::fs::write(
        &users,
        format!(
            "[[users]]\nname = \"alice\"\ntoken = \"{ALICE}\"\nbilling_projects = [\"alice-p\"]\n\n\
             [[users]]\nname = \"bob\"\ntoken = \"{BOB}\"\nbilling_projects = [\"bob-p\"]\n"
        ),
    )
    .expect("users file");
    std::fs::set_permissions(&users, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let path = users.display().to_string();
    let svc = sandbox.start_service(&["--no-sandbox", "--user", "admin", "--users-file", &path]);
    let created = svc.request_as(
        Some(ALICE),
        "POST",
        "/api/v1alpha/batches/create-fast",
        Some(
            json!({
                "batch": {"billing_project": "alice-p", "token": "a1", "n_jobs": 1,
                          "attributes": {"name": "alice-batch"}},
                "bunch": [job_spec(1, "echo alice-secret-output; sleep 120", &[])],
            })
            .to_string()
            .as_bytes(),
        ),
    );
    assert_eq!(created.status, 200, "{}", created.text());
    let id = created.json()["id"].as_i64().expect("id");

    let alice = sign_in_as(&svc, ALICE);
    let bob = sign_in_as(&svc, BOB);
    let page = http(
        svc.addr,
        "GET",
        &format!("/batches/{id}"),
        Some(&alice),
        None,
    );
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Submitted by <b>alice</b>"),
        "{}",
        page.body
    );
    let alice_list = http(svc.addr, "GET", "/batches", Some(&alice), None).body;
    assert!(alice_list.contains("alice-batch"), "{alice_list}");

    // Bob: not in his list (even with an empty query), 404 on the pages and the log.
    let bob_page = http(svc.addr, "GET", "/batches?q=", Some(&bob), None);
    assert!(
        bob_page.body.contains("<span class=\"who\">bob</span>"),
        "{}",
        bob_page.body
    );
    assert!(!bob_page.body.contains("alice-batch"), "{}", bob_page.body);
    for path in [
        format!("/batches/{id}"),
        format!("/batches/{id}/jobs/1"),
        format!("/batches/{id}/jobs/1/log/main"),
    ] {
        let answer = http(svc.addr, "GET", &path, Some(&bob), None);
        assert_eq!(answer.status, 404, "{path}: {answer:?}");
        assert!(!answer.body.contains("alice-secret-output"), "{path}");
    }
    // Bob's forms, with his own valid CSRF secret, cannot cancel or delete it.
    let bob_csrf = csrf_of(&bob_page.body);
    for action in ["cancel", "delete"] {
        let answer = http(
            svc.addr,
            "POST",
            &format!("/batches/{id}/{action}"),
            Some(&bob),
            Some(&format!("_csrf={bob_csrf}")),
        );
        assert_eq!(answer.status, 404, "{action}: {answer:?}");
    }
    let batch = svc
        .request_as(
            Some(ALICE),
            "GET",
            &format!("/api/v1alpha/batches/{id}"),
            None,
        )
        .json();
    assert_eq!(batch["state"], "running", "{batch}");
    // Alice can.
    let alice_csrf = csrf_of(&page.body);
    let cancelled = http(
        svc.addr,
        "POST",
        &format!("/batches/{id}/cancel"),
        Some(&alice),
        Some(&format!("_csrf={alice_csrf}")),
    );
    assert_eq!(cancelled.status, 303, "{cancelled:?}");
}
