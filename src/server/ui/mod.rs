//! The local service's web UI: server-rendered pages following Hail's Batch UI
//! (`batch-semantics.md` §12), for browsers signed in with a session (see [`session`]).
//!
//! - `GET /` → `/batches`; `GET /batches` (batch list, v2 query `q`, `last_batch_id` paging);
//!   `GET /batches/{id}` (summary, job query `q`, `last_job_id` paging, Cancel / Delete);
//!   `GET /batches/{id}/jobs/{job_id}` (spec, status, attempts, logs);
//!   `GET /batches/{id}/jobs/{job_id}/log/{container}` (a log as a download);
//!   `POST /batches/{id}/cancel`, `POST /batches/{id}/delete`, `POST /logout`;
//! - `GET /login?code=&next=` exchanges a one-time code for a session cookie;
//! - `POST /api/v1alpha/ui/login-link` (bearer-authenticated, part of the API router) issues
//!   the one-time login URL;
//! - `GET /static/style.css`, `GET /static/follow.js` (the job page's log follower).
//!
//! The pages read and act through the same store calls as the JSON API, always with the
//! session's user, so a user sees and changes exactly what their token could. Only paged store
//! queries are used: a page costs the same on a batch of 100,000 jobs as on one of ten.

mod html;
mod pages;
pub(crate) mod session;

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{Extension, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::App;
use super::http::{ApiError, User, int_param};
use super::model::{self, blocking, now_ms};
use super::state::constant_time_eq;
use super::store::StoreError;
use html::{Frame, respond};

/// The session cookie's name.
pub(crate) const COOKIE: &str = "hailctl_session";
/// The most of a log shown inline on the job page (the download has all of it).
const INLINE_LOG_BYTES: u64 = 256 * 1024;

/// Whether `path` belongs to the UI, which authenticates with its session cookie instead of
/// the API's bearer token: every path without an `api` segment (and not `/healthcheck`), so that a browser
/// asking for a page that does not exist gets the UI's 404 page, not the API's 401.
pub(crate) fn is_ui_path(path: &str) -> bool {
    // API paths have an `api` segment: `/api/...`, and the auth service's
    // `/local/auth/api/v1alpha/userinfo` that Hail's clients call.
    !(path == "/healthcheck" || path.split('/').any(|segment| segment == "api"))
}

/// The UI's routes (the login-link endpoint is in [`api_routes`]).
pub(crate) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/batches") }))
        .route("/static/style.css", get(stylesheet))
        .route("/static/follow.js", get(follow_script))
        .route("/login", get(login))
        .route("/logout", post(logout))
        .route("/batches", get(batches_page))
        .route("/batches/{batch_id}", get(batch_page))
        .route("/batches/{batch_id}/cancel", post(cancel_batch))
        .route("/batches/{batch_id}/delete", post(delete_batch))
        .route("/batches/{batch_id}/jobs/{job_id}", get(job_page))
        .route(
            "/batches/{batch_id}/jobs/{job_id}/log/{container}",
            get(log_download),
        )
}

/// The bearer-authenticated API route that issues login links.
pub(crate) fn api_routes() -> Router<Arc<App>> {
    Router::new().route("/api/v1alpha/ui/login-link", post(login_link))
}

// ---------------------------------------------------------------------------------------------
// Sign-in

/// A request from a signed-in browser.
#[derive(Debug)]
struct Signed {
    session_id: String,
    user: String,
    csrf: String,
}

fn cookie_value<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

impl FromRequestParts<Arc<App>> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Response> {
        let found = cookie_value(parts, COOKIE)
            .and_then(|id| app.ui.get(id).map(|info| (id.to_owned(), info)));
        match found {
            Some((session_id, info)) => Ok(Signed {
                session_id,
                user: info.user,
                csrf: info.csrf,
            }),
            // As Hail: a page asked for without a session redirects (302) to signing in,
            // which comes back to the page.
            None if parts.method == Method::GET || parts.method == Method::HEAD => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map_or("/batches", |p| p.as_str());
                let mut response = StatusCode::FOUND.into_response();
                if let Ok(location) =
                    HeaderValue::from_str(&format!("/login?next={}", html::url_encode(next)))
                {
                    response.headers_mut().insert(header::LOCATION, location);
                }
                html::security_headers(response.headers_mut());
                Err(response)
            }
            None => Err(ApiError::unauthorized().into_response()),
        }
    }
}

/// The page shown to a browser without a session.
fn sign_in_page(status: StatusCode, problem: Option<&str>) -> Response {
    let mut body = String::from("<section class=\"card narrow\"><h1>Sign in</h1>");
    if let Some(problem) = problem {
        body.push_str(&format!("<p class=\"error\">{}</p>", html::esc(problem)));
    }
    body.push_str(
        "<p>This page belongs to the local Hail Batch service. Browsers sign in with a one-time \
         link made by the command line, which holds the service's token:</p>\
         <pre>hailctl batch ui</pre>\
         <p>prints such a link and opens it (<code>hailctl batch ui BATCH_ID</code> opens one \
         batch; <code>--no-open</code> only prints it). A link works once, within two minutes. \
         Restarting the service signs browsers out.</p></section>",
    );
    respond(
        status,
        html::page(
            Frame {
                title: "Sign in",
                ..Frame::default()
            },
            &body,
        ),
    )
}

/// Where a login may send the browser: a same-origin path (`/…` but not `//…` or `/\…`)
/// without control characters; anything else falls back to `/batches`.
pub(crate) fn safe_next(next: Option<&str>) -> Option<&str> {
    let next = next?;
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\');
    ok.then_some(next)
}

#[derive(Debug, serde::Deserialize)]
struct LoginLinkRequest {
    next: Option<String>,
}

/// `POST /api/v1alpha/ui/login-link`: a one-time URL signing a browser in as the token's user.
async fn login_link(
    State(app): State<Arc<App>>,
    Extension(User(user)): Extension<User>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let next = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        let request: LoginLinkRequest = serde_json::from_slice(&body).map_err(|e| {
            ApiError::bad_request(format!(
                "login-link: the body is not {{\"next\": PATH}}: {e}"
            ))
        })?;
        request.next
    };
    let next = match next {
        None => "/batches".to_owned(),
        Some(next) => safe_next(Some(&next))
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "login-link: next must be a path on this service starting with /, got {next:?}"
                ))
            })?
            .to_owned(),
    };
    let code = app.ui.issue_code(&user);
    Ok(super::http::json(&json!({
        "url": format!("/login?code={code}&next={}", html::url_encode(&next)),
        "expires_in_seconds": session::CODE_TTL.as_secs(),
    })))
}

/// `GET /login?code=&next=`: redeems the code, sets the session cookie, redirects to `next`.
async fn login(
    State(app): State<Arc<App>>,
    connect: Option<Extension<ConnectInfo<super::tls::Peer>>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let Some(code) = params.get("code").filter(|c| !c.is_empty()) else {
        return sign_in_page(StatusCode::UNAUTHORIZED, None);
    };
    let Some(user) = app.ui.redeem(code) else {
        return sign_in_page(
            StatusCode::UNAUTHORIZED,
            Some("This sign-in link is invalid, expired or already used. Make a new one."),
        );
    };
    let session_id = app.ui.open(&user);
    let next = safe_next(params.get("next").map(String::as_str)).unwrap_or("/batches");
    // Secure only over TLS: a browser drops a Secure cookie set over plain HTTP, and the
    // service also answers plain HTTP on loopback.
    let tls = connect.is_some_and(|Extension(ConnectInfo(peer))| peer.tls);
    // Max-Age: the session outlives the browser's window (until it expires or the service
    // restarts), like Hail's.
    let cookie = format!(
        "{COOKIE}={session_id}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}",
        session::SESSION_TTL.as_secs(),
        if tls { "; Secure" } else { "" }
    );
    let mut response = Redirect::to(next).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    html::security_headers(response.headers_mut());
    response
}

/// The form fields of the UI's POSTs.
#[derive(Debug, Default, serde::Deserialize)]
struct ActionForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    q: Option<String>,
}

/// Parses a POSTed form if its CSRF field matches the session's secret; `None` otherwise
/// (answered with [`csrf_refused`]).
fn checked_form(signed: &Signed, body: &[u8]) -> Option<ActionForm> {
    let form: ActionForm = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let ok =
        !form.csrf.is_empty() && constant_time_eq(form.csrf.as_bytes(), signed.csrf.as_bytes());
    ok.then_some(form)
}

fn csrf_refused() -> Response {
    ApiError::forbidden("invalid or missing CSRF token; reload the page").into_response()
}

async fn logout(State(app): State<Arc<App>>, signed: Signed, body: Bytes) -> Response {
    if checked_form(&signed, &body).is_none() {
        return csrf_refused();
    }
    app.ui.close(&signed.session_id);
    let mut response = sign_in_page(StatusCode::OK, None);
    if let Ok(value) = HeaderValue::from_str(&format!(
        "{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"
    )) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

async fn follow_script() -> Response {
    let mut response = include_str!("follow.js").into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    response
}

async fn stylesheet() -> Response {
    let mut response = include_str!("style.css").into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    response
}

// ---------------------------------------------------------------------------------------------
// Pages

/// Whatever no route answers: the API's plain 404 under `/api/`, else the UI's 404 page (the
/// sign-in page for a browser without a session).
pub(crate) async fn fallback(
    State(app): State<Arc<App>>,
    request: axum::extract::Request,
) -> Response {
    if !is_ui_path(request.uri().path()) {
        return ApiError::not_found().into_response();
    }
    let (mut parts, _) = request.into_parts();
    match Signed::from_request_parts(&mut parts, &app).await {
        Ok(signed) => not_found_page(&signed),
        Err(response) => response,
    }
}

/// A page's id from its path (`/batches/{id}`); `None` (answered with the 404 page rather than
/// the path parser's message) when it is not a number.
fn page_id(text: &str) -> Option<i64> {
    text.parse().ok()
}

fn not_found_page(signed: &Signed) -> Response {
    respond(
        StatusCode::NOT_FOUND,
        html::page(
            Frame {
                title: "Not found",
                user: Some(&signed.user),
                csrf: Some(&signed.csrf),
                ..Frame::default()
            },
            "<section class=\"card\"><h1>Not found</h1><p>There is no such batch or job, or \
             it is not visible to you.</p><p><a href=\"/batches\">All batches</a></p></section>",
        ),
    )
}

/// A store error as a page: 404 page for what does not exist, the API's answer otherwise.
fn store_failure(signed: &Signed, error: ApiError) -> Response {
    if error.status == StatusCode::NOT_FOUND {
        not_found_page(signed)
    } else {
        error.into_response()
    }
}

/// A page's cursor parameter; an empty one (a form's empty field) means the first page.
fn parse_cursor(name: &str, value: Option<&String>) -> Result<Option<i64>, String> {
    int_param(
        name,
        value.map(String::as_str).filter(|v| !v.trim().is_empty()),
    )
}

async fn batches_page(
    State(app): State<Arc<App>>,
    signed: Signed,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let default_q = format!("user = {}", signed.user);
    let q = params.get("q").cloned().unwrap_or(default_q);
    let flash = app.ui.take_flash(&signed.session_id);
    let compiled =
        super::query::batch_filter(super::query::QueryVersion::V2, Some(&q), &signed.user)
            .map_err(|e| e.0)
            .and_then(|f| {
                Ok((
                    f,
                    parse_cursor("last_batch_id", params.get("last_batch_id"))?,
                ))
            });
    let (rows, cursor, error) = match compiled {
        Err(error) => (Vec::new(), None, Some(error)),
        Ok((filter, last)) => {
            let user = signed.user.clone();
            let app2 = app.clone();
            match blocking(move || app2.store.list_batches(&user, &filter, last)).await {
                Ok((rows, cursor)) => (rows, cursor, None),
                Err(error) => return error.into_response(),
            }
        }
    };
    let now = now_ms();
    let body = pages::batches(&q, &rows, cursor, now);
    respond(
        StatusCode::OK,
        html::page(
            Frame {
                title: "Batches",
                user: Some(&signed.user),
                csrf: Some(&signed.csrf),
                flash,
                error,
                refresh_seconds: None,
            },
            &body,
        ),
    )
}

async fn batch_page(
    State(app): State<Arc<App>>,
    signed: Signed,
    Path(batch_id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let Some(batch_id) = page_id(&batch_id) else {
        return not_found_page(&signed);
    };
    let q = params.get("q").cloned().unwrap_or_default();
    let user = signed.user.clone();
    let app2 = app.clone();
    let found = blocking(move || {
        let batch = app2.store.get_batch(&user, batch_id)?;
        let n_running = app2.store.n_running(&user, batch_id)?;
        Ok::<_, StoreError>((batch, n_running))
    })
    .await;
    let (batch, n_running) = match found {
        Ok(found) => found,
        Err(error) => return store_failure(&signed, error),
    };
    let flash = app.ui.take_flash(&signed.session_id);
    let compiled = super::query::job_filter(super::query::QueryVersion::V2, Some(&q))
        .map_err(|e| e.0)
        .and_then(|f| Ok((f, parse_cursor("last_job_id", params.get("last_job_id"))?)));
    let (jobs, cursor, error) = match compiled {
        Err(error) => (Vec::new(), None, Some(error)),
        Ok((filter, last)) => {
            let user = signed.user.clone();
            let app2 = app.clone();
            match blocking(move || {
                app2.store
                    .list_jobs(&user, batch_id, 0, true, &filter, last)
            })
            .await
            {
                Ok((jobs, cursor)) => (jobs, cursor, None),
                Err(error) => return store_failure(&signed, error),
            }
        }
    };
    let body = pages::batch(&batch, n_running, &q, &jobs, cursor, &signed.csrf, now_ms());
    let title = format!("Batch {batch_id}");
    respond(
        StatusCode::OK,
        html::page(
            Frame {
                title: &title,
                user: Some(&signed.user),
                csrf: Some(&signed.csrf),
                flash,
                error,
                refresh_seconds: (!batch.complete()).then_some(10),
            },
            &body,
        ),
    )
}

async fn cancel_batch(
    State(app): State<Arc<App>>,
    signed: Signed,
    Path(batch_id): Path<String>,
    body: Bytes,
) -> Response {
    let Some(form) = checked_form(&signed, &body) else {
        return csrf_refused();
    };
    let Some(batch_id) = page_id(&batch_id) else {
        return not_found_page(&signed);
    };
    let user = signed.user.clone();
    let app2 = app.clone();
    match blocking(move || app2.store.cancel_job_group(&user, batch_id, 0, now_ms())).await {
        Ok(completion) => app.scheduler.handle_completion(completion),
        Err(error) => return store_failure(&signed, error),
    }
    app.ui
        .set_flash(&signed.session_id, format!("Batch {batch_id} cancelled."));
    let target = match form.q.filter(|q| !q.is_empty()) {
        Some(q) => format!("/batches/{batch_id}?q={}", html::url_encode(&q)),
        None => format!("/batches/{batch_id}"),
    };
    Redirect::to(&target).into_response()
}

async fn delete_batch(
    State(app): State<Arc<App>>,
    signed: Signed,
    Path(batch_id): Path<String>,
    body: Bytes,
) -> Response {
    if checked_form(&signed, &body).is_none() {
        return csrf_refused();
    }
    let Some(batch_id) = page_id(&batch_id) else {
        return not_found_page(&signed);
    };
    let user = signed.user.clone();
    let app2 = app.clone();
    match blocking(move || app2.store.delete_batch(&user, batch_id, now_ms())).await {
        Ok(completion) => app.scheduler.handle_completion(completion),
        Err(error) => return store_failure(&signed, error),
    }
    app.ui
        .set_flash(&signed.session_id, format!("Batch {batch_id} deleted."));
    Redirect::to("/batches").into_response()
}

/// One container's log for the job page: its text (at most [`INLINE_LOG_BYTES`], the end of
/// it) and whether it was cut.
pub(crate) struct LogView {
    pub container: &'static str,
    pub text: String,
    pub truncated: bool,
}

/// The log file of a container of the job's current (or latest) attempt.
fn log_file(
    app: &App,
    job: &super::store::JobRow,
    attempts: &[super::store::AttemptRow],
    container: &str,
) -> Option<std::path::PathBuf> {
    let attempt = model::shown_attempt(job, attempts)?;
    let log_dir = app
        .config
        .attempt_log_dir(job.batch_id, job.job_id, &attempt);
    Some(model::log_path(&log_dir, container))
}

fn read_log_tail(path: Option<&std::path::Path>, terminal: bool) -> (String, bool) {
    use std::io::{Read, Seek, SeekFrom};
    let Some(path) = path else {
        return (String::new(), false);
    };
    let Ok(mut file) = std::fs::File::open(path) else {
        let text = if terminal {
            model::MISSING_LOG_TEXT.to_owned()
        } else {
            String::new()
        };
        return (text, false);
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let truncated = len > INLINE_LOG_BYTES;
    if truncated {
        let _ = file.seek(SeekFrom::Start(len - INLINE_LOG_BYTES));
    }
    let mut bytes = Vec::new();
    let _ = file.take(INLINE_LOG_BYTES).read_to_end(&mut bytes);
    (String::from_utf8_lossy(&bytes).into_owned(), truncated)
}

async fn job_page(
    State(app): State<Arc<App>>,
    signed: Signed,
    Path((batch_id, job_id)): Path<(String, String)>,
) -> Response {
    let (Some(batch_id), Some(job_id)) = (page_id(&batch_id), page_id(&job_id)) else {
        return not_found_page(&signed);
    };
    let user = signed.user.clone();
    let app2 = app.clone();
    let found = blocking(move || {
        let detail = app2.store.get_job(&user, batch_id, job_id)?;
        let attempts = app2
            .store
            .attempts(&user, batch_id, job_id)?
            .unwrap_or_default();
        let logs: Vec<LogView> = model::container_names(&detail.spec)
            .into_iter()
            .map(|container| {
                let path = log_file(&app2, &detail.job, &attempts, container);
                let (text, truncated) =
                    read_log_tail(path.as_deref(), detail.job.state.is_terminal());
                LogView {
                    container,
                    text,
                    truncated,
                }
            })
            .collect();
        Ok::<_, StoreError>((detail, attempts, logs))
    })
    .await;
    let (detail, attempts, logs) = match found {
        Ok(found) => found,
        Err(error) => return store_failure(&signed, error),
    };
    let body = pages::job(&detail, &attempts, &logs, now_ms());
    let title = format!("Batch {batch_id} Job {job_id}");
    respond(
        StatusCode::OK,
        html::page(
            Frame {
                title: &title,
                user: Some(&signed.user),
                csrf: Some(&signed.csrf),
                flash: app.ui.take_flash(&signed.session_id),
                error: None,
                // follow.js follows an unfinished job's logs and reloads when its state changes.
                refresh_seconds: None,
            },
            &body,
        ),
    )
}

async fn log_download(
    State(app): State<Arc<App>>,
    signed: Signed,
    Path((batch_id, job_id, container)): Path<(String, String, String)>,
) -> Response {
    let (Some(batch_id), Some(job_id)) = (page_id(&batch_id), page_id(&job_id)) else {
        return not_found_page(&signed);
    };
    let user = signed.user.clone();
    let app2 = app.clone();
    let wanted = container.clone();
    let found = blocking(move || {
        let detail = app2.store.get_job(&user, batch_id, job_id)?;
        let Some(&name) = model::container_names(&detail.spec)
            .iter()
            .find(|c| **c == wanted)
        else {
            return Ok::<_, StoreError>(None);
        };
        let attempts = app2
            .store
            .attempts(&user, batch_id, job_id)?
            .unwrap_or_default();
        let bytes = match log_file(&app2, &detail.job, &attempts, name) {
            None => Vec::new(),
            Some(path) => model::read_log(
                &path,
                detail.job.state.is_terminal(),
                app2.config.max_log_bytes,
            ),
        };
        Ok(Some((name, bytes, detail.job.state)))
    })
    .await;
    let (name, bytes, state) = match found {
        Ok(Some(found)) => found,
        Ok(None) => return not_found_page(&signed),
        Err(error) => return store_failure(&signed, error),
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    html::security_headers(headers);
    // For follow.js, which reloads the job page when the state changes.
    headers.insert("x-job-state", HeaderValue::from_static(state.as_str()));
    if let Ok(value) = HeaderValue::from_str(&format!(
        "attachment; filename=\"batch-{batch_id}-{job_id}-{name}.log\""
    )) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The job's status document, pretty-printed for "Raw Status".
pub(crate) fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_must_stay_on_this_origin() {
        assert_eq!(safe_next(Some("/batches/5")), Some("/batches/5"));
        assert_eq!(safe_next(Some("//evil.example/")), None);
        assert_eq!(safe_next(Some("/\\evil.example/")), None);
        assert_eq!(safe_next(Some("https://evil.example/")), None);
        assert_eq!(safe_next(Some("/a\r\nSet-Cookie: x")), None);
        assert_eq!(safe_next(None), None);
    }

    #[test]
    fn inline_logs_show_the_end_of_a_long_log() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("main.log");
        let mut text = "x".repeat(INLINE_LOG_BYTES as usize);
        text.push_str("the-last-line\n");
        std::fs::write(&path, &text).expect("write");
        let (shown, truncated) = read_log_tail(Some(&path), true);
        assert!(truncated);
        assert_eq!(shown.len(), INLINE_LOG_BYTES as usize);
        assert!(shown.ends_with("the-last-line\n"));
        std::fs::write(&path, "short\n").expect("write");
        assert_eq!(
            read_log_tail(Some(&path), true),
            ("short\n".to_owned(), false)
        );
        // A missing log: Hail's text once the job is over, nothing while it runs.
        let missing = dir.path().join("none.log");
        assert_eq!(read_log_tail(Some(&missing), false).0, "");
        assert_eq!(
            read_log_tail(Some(&missing), true).0,
            model::MISSING_LOG_TEXT
        );
    }

    #[test]
    fn ui_paths_bypass_bearer_auth_but_the_api_does_not() {
        for path in [
            "/",
            "/batches",
            "/batches/3/jobs/1",
            "/login",
            "/static/style.css",
            "/batchesx",
            "/apix",
        ] {
            assert!(is_ui_path(path), "{path}");
        }
        for path in [
            "/api/v1alpha/batches",
            "/api/v1alpha/ui/login-link",
            "/api",
            "/healthcheck",
        ] {
            assert!(!is_ui_path(path), "{path}");
        }
    }
}
