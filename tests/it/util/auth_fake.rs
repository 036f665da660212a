//! A loopback fake of what `hailctl auth`, `hailctl batch init` and `hailctl curl` talk to,
//! speaking the reference's protocols (config-and-auth §6.6–§6.10, hailctl-cli §9): Hail's auth
//! service (`oauth2-client`, `copy-paste-login`, `logout`, `userinfo`, users and system roles),
//! the Batch endpoints `batch init` and `batch list` read (`cloud`, `supported_regions`,
//! `batches`), Google's authorization page, token endpoint and revoke endpoint, and Microsoft's
//! (Azure AD's) tenant discovery, authorization page and token endpoint.
//!
//! Google's authorization page consents at once: it answers `302` to the `redirect_uri` with the
//! `state` it was given and the code [`AUTH_CODE`], as Google does after the user agrees.
//! Microsoft's consents (or, if told to, refuses with `access_denied`) at once too, answering as
//! Azure AD does for the `response_mode` asked for: a self-posting HTML form to the
//! `redirect_uri` (`form_post`, MSAL's) or a `302` (`query`). Its token endpoint checks the PKCE
//! verifier against the challenge of the authorization, answers with an id_token carrying the
//! nonce, and rotates refresh tokens. The auth service hands out Google's client, or Microsoft's
//! after [`AuthFake::use_microsoft`]. The fake records every request (method, path, query, the
//! headers that matter, the body) and whatever it found wrong in one
//! ([`AuthFake::assert_no_violations`]).
//!
//! For Hail's Python tool, whose MSAL talks to the fixed `https://login.microsoftonline.com`, the
//! HTTPS fake also runs a CONNECT proxy ([`AuthFake::proxy_port`], given to Python as
//! `HTTPS_PROXY`) that tunnels that host, and only that host, to the fake, whose certificate
//! names it.
//!
//! It runs on its own thread and runtime, so tests that drive the binary stay synchronous.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use serde_json::{Value, json};

/// The code Google's fake authorization page hands out.
pub(crate) const AUTH_CODE: &str = "FAKE-AUTH-CODE";
/// The refresh token the code exchange gives.
pub(crate) const REFRESH_TOKEN: &str = "1//FAKE-REFRESH-TOKEN";
/// The access token a refresh gives (what userinfo accepts from a Google identity).
pub(crate) const ACCESS_TOKEN: &str = "ya29.FAKE-ACCESS";
/// The OAuth client the auth service hands out.
pub(crate) const CLIENT_ID: &str = "FAKE-CLIENT-ID.apps.googleusercontent.com";
pub(crate) const CLIENT_SECRET: &str = "FAKE-CLIENT-SECRET";
/// The copy-paste token the fake accepts, and the session it gives for it.
pub(crate) const COPY_PASTE_TOKEN: &str = "good";
pub(crate) const SESSION_TOKEN: &str = "session-token-xyz";

/// Microsoft's OAuth client as the auth service hands it out.
pub(crate) const MS_APP_ID: &str = "aaaaaaaa-1111-2222-3333-444444444444";
pub(crate) const MS_APP_URI: &str = "api://hail-app";
pub(crate) const MS_SCOPE: &str = "api://hail-app/hail.user";
pub(crate) const MS_TENANT: &str = "11111111-2222-3333-4444-555555555555";
/// The refresh token the code exchange gives, and the one each refresh rotates to.
pub(crate) const MS_REFRESH_TOKEN: &str = "AZURE-NEW-REFRESH";
pub(crate) const MS_ROTATED_REFRESH_TOKEN: &str = "AZURE-ROTATED-REFRESH";
/// The access token a refresh gives (what userinfo and the Batch API accept from a Microsoft
/// identity).
pub(crate) const MS_ACCESS_TOKEN: &str = "AZURE-ACCESS-TOKEN";
/// The host Hail's MSAL signs in at.
pub(crate) const MS_LOGIN_HOST: &str = "login.microsoftonline.com";

/// What Microsoft's fake does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum MicrosoftBehaviour {
    /// Consents, exchanges codes and refreshes.
    #[default]
    Grant,
    /// The user declines consent: the redirect carries `error=access_denied`.
    Deny,
    /// The token endpoint refuses the code (`invalid_grant`).
    RefuseCode,
    /// The token endpoint refuses refresh tokens (`invalid_grant`, expired).
    RefuseRefresh,
    /// The code exchange answers with an id_token for another sign-in (another nonce).
    WrongNonce,
}

/// An authorization given out, waiting for its code exchange.
#[derive(Clone, Debug)]
struct Pending {
    challenge: String,
    nonce: String,
    redirect_uri: String,
}

/// One request as the fake saw it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Seen {
    pub method: String,
    pub path: String,
    pub query: String,
    pub authorization: Option<String>,
    pub internal: Option<String>,
    pub content_type: Option<String>,
    pub body: String,
}

#[derive(Default)]
struct FakeState {
    port: Mutex<u16>,
    /// Where the "browser" reaches Google's fake authorization page: plain HTTP always (an
    /// extra listener when the fake serves HTTPS), because the test's HTTP client is plain.
    browser_port: Mutex<u16>,
    /// `http` or `https`.
    scheme: Mutex<&'static str>,
    seen: Mutex<Vec<Seen>>,
    violations: Mutex<Vec<String>>,
    /// Users by name: their state (`creating`, `active`, `deleting`, `deleted`) and roles.
    users: Mutex<HashMap<String, Value>>,
    /// Status the revoke endpoint answers (200 unless set).
    revoke_status: Mutex<u16>,
    /// The cloud `batch init` is told.
    cloud: Mutex<String>,
    /// The identity provider the auth service names: `Google` (default) or `Microsoft`.
    idp: Mutex<&'static str>,
    microsoft: Mutex<MicrosoftBehaviour>,
    /// Microsoft's codes not yet exchanged.
    pending: Mutex<HashMap<String, Pending>>,
    /// Microsoft's codes given out so far.
    codes_issued: Mutex<u32>,
}

/// The running fake.
pub(crate) struct AuthFake {
    state: Arc<FakeState>,
    pub port: u16,
    /// The CONNECT proxy to [`MS_LOGIN_HOST`] (HTTPS fake only).
    pub proxy_port: Option<u16>,
}

impl AuthFake {
    /// The fake on plain HTTP (our binary reaches it through `HAILCTL_INSECURE_HTTP_FOR_TESTS`).
    pub(crate) fn start() -> AuthFake {
        Self::start_with(None)
    }

    /// The fake on HTTPS only, with a certificate for `127.0.0.1` signed by a new CA written to
    /// `ca_file` (Hail's Python tool trusts it through `SSL_CERT_FILE`).
    pub(crate) fn start_tls(ca_file: &std::path::Path) -> AuthFake {
        Self::start_with(Some(tls_acceptor(ca_file)))
    }

    fn start_with(tls: Option<tokio_rustls::TlsAcceptor>) -> AuthFake {
        let state = Arc::new(FakeState::default());
        *state.scheme.lock().expect("lock") = if tls.is_some() { "https" } else { "http" };
        *state.revoke_status.lock().expect("lock") = 200;
        *state.cloud.lock().expect("lock") = "gcp".into();
        *state.idp.lock().expect("lock") = "Google";
        let app = Router::new()
            .route("/x/auth/api/v1alpha/oauth2-client", get(oauth2_client))
            .route(
                "/x/auth/api/v1alpha/copy-paste-login",
                post(copy_paste_login),
            )
            .route("/x/auth/api/v1alpha/logout", post(logout))
            .route("/x/auth/api/v1alpha/userinfo", get(userinfo))
            .route("/x/auth/api/v1alpha/users/{user}/create", post(create_user))
            .route("/x/auth/api/v1alpha/users/{user}", any(user))
            .route("/x/auth/api/v1alpha/system_roles/{user}", any(roles))
            .route("/x/batch/api/v1alpha/cloud", get(cloud))
            .route(
                "/x/batch/api/v1alpha/supported_regions",
                get(supported_regions),
            )
            .route("/google/auth", get(google_authorize))
            .route("/google/token", post(google_token))
            .route("/google/revoke", post(google_revoke))
            .route("/x/batch/api/v1alpha/batches", get(batches))
            .route(
                "/{tenant}/v2.0/.well-known/openid-configuration",
                get(microsoft_openid_configuration),
            )
            .route("/{tenant}/oauth2/v2.0/authorize", get(microsoft_authorize))
            .route("/{tenant}/oauth2/v2.0/token", post(microsoft_token))
            .with_state(state.clone());
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind");
                let port = listener.local_addr().expect("addr").port();
                let (browser_port, proxy_port) = if tls.is_some() {
                    let plain = tokio::net::TcpListener::bind("127.0.0.1:0")
                        .await
                        .expect("bind");
                    let browser_port = plain.local_addr().expect("addr").port();
                    let app = app.clone();
                    tokio::spawn(async move { axum::serve(plain, app).await });
                    let proxy = tokio::net::TcpListener::bind("127.0.0.1:0")
                        .await
                        .expect("bind");
                    let proxy_port = proxy.local_addr().expect("addr").port();
                    tokio::spawn(connect_proxy(proxy, port));
                    (browser_port, Some(proxy_port))
                } else {
                    (port, None)
                };
                sender
                    .send((port, browser_port, proxy_port))
                    .expect("report the port");
                match tls {
                    None => axum::serve(listener, app).await.expect("serve"),
                    Some(acceptor) => axum::serve(TlsOnly { listener, acceptor }, app)
                        .await
                        .expect("serve"),
                }
            });
        });
        let (port, browser_port, proxy_port) = receiver.recv().expect("the fake's port");
        *state.port.lock().expect("lock") = port;
        *state.browser_port.lock().expect("lock") = browser_port;
        AuthFake {
            state,
            port,
            proxy_port,
        }
    }

    /// The auth service names Microsoft as its identity provider from now on.
    pub(crate) fn use_microsoft(&self) {
        *self.state.idp.lock().expect("lock") = "Microsoft";
    }

    pub(crate) fn set_microsoft(&self, behaviour: MicrosoftBehaviour) {
        *self.state.microsoft.lock().expect("lock") = behaviour;
    }

    /// Where the test's plain-HTTP browser reaches the fake's pages.
    pub(crate) fn browser_port(&self) -> u16 {
        *self.state.browser_port.lock().expect("lock")
    }

    /// The deploy config that points at the fake (location `external`, base path `/x`).
    pub(crate) fn deploy_config(&self) -> String {
        format!(
            r#"{{"location": "external", "default_namespace": "default", "domain": "127.0.0.1:{}", "base_path": "/x"}}"#,
            self.port
        )
    }

    /// `https://127.0.0.1:PORT/x/auth`: the auth service's base URL as messages show it.
    pub(crate) fn auth_base_url(&self) -> String {
        format!("https://127.0.0.1:{}/x/auth", self.port)
    }

    /// Environment for our binary: the insecure-loopback and Google switches.
    pub(crate) fn env_for_ours(&self) -> Vec<(String, String)> {
        vec![
            ("HAILCTL_INSECURE_HTTP_FOR_TESTS".into(), "1".into()),
            (
                "HAILCTL_GOOGLE_TOKEN_URI_FOR_TESTS".into(),
                format!("http://127.0.0.1:{}/google/token", self.port),
            ),
            (
                "HAILCTL_GOOGLE_REVOKE_URI_FOR_TESTS".into(),
                format!("http://127.0.0.1:{}/google/revoke", self.port),
            ),
            (
                "HAILCTL_MICROSOFT_LOGIN_URI_FOR_TESTS".into(),
                format!("http://127.0.0.1:{}", self.port),
            ),
        ]
    }

    pub(crate) fn seen(&self) -> Vec<Seen> {
        self.state.seen.lock().expect("lock").clone()
    }

    /// The requests to paths ending with `suffix`.
    pub(crate) fn seen_at(&self, suffix: &str) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|s| s.path.ends_with(suffix))
            .collect()
    }

    pub(crate) fn assert_no_violations(&self) {
        let violations = self.state.violations.lock().expect("lock");
        assert!(violations.is_empty(), "the fake saw: {violations:#?}");
    }

    pub(crate) fn set_cloud(&self, cloud: &str) {
        *self.state.cloud.lock().expect("lock") = cloud.into();
    }

    pub(crate) fn set_revoke_status(&self, status: u16) {
        *self.state.revoke_status.lock().expect("lock") = status;
    }
}

fn record(
    state: &FakeState,
    method: &str,
    path: &str,
    query: Option<String>,
    headers: &HeaderMap,
    body: String,
) {
    let header = |name: &str| {
        headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    state.seen.lock().expect("lock").push(Seen {
        method: method.into(),
        path: path.into(),
        query: query.unwrap_or_default(),
        authorization: header("authorization"),
        internal: header("x-hail-internal-authorization"),
        content_type: header("content-type"),
        body,
    });
}

fn violation(state: &FakeState, what: String) {
    state.violations.lock().expect("lock").push(what);
}

fn query_pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(query).unwrap_or_default()
}

fn query_get(query: &str, name: &str) -> Option<String> {
    query_pairs(query)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// Who a bearer token belongs to, if anyone.
fn user_of(headers: &HeaderMap) -> Option<&'static str> {
    let value = headers.get("authorization")?.to_str().ok()?;
    match value.strip_prefix("Bearer ")? {
        SESSION_TOKEN | ACCESS_TOKEN | MS_ACCESS_TOKEN => Some("alice"),
        _ => None,
    }
}

fn unauthorized() -> Response {
    (StatusCode::UNAUTHORIZED, "401: Unauthorized").into_response()
}

async fn oauth2_client(State(state): State<Arc<FakeState>>, headers: HeaderMap) -> Response {
    record(
        &state,
        "GET",
        "oauth2-client",
        None,
        &headers,
        String::new(),
    );
    if headers.contains_key("authorization") {
        violation(
            &state,
            "oauth2-client was sent an Authorization header".into(),
        );
    }
    if *state.idp.lock().expect("lock") == "Microsoft" {
        // Hail's Azure client, in the auth service's key order.
        return axum::Json(json!({
            "idp": "Microsoft",
            "oauth2_client": {
                "appId": MS_APP_ID,
                "appIdentifierUri": MS_APP_URI,
                "userOauthScope": MS_SCOPE,
                "tenant": MS_TENANT
            }
        }))
        .into_response();
    }
    let port = *state.port.lock().expect("lock");
    let scheme = *state.scheme.lock().expect("lock");
    let browser_port = *state.browser_port.lock().expect("lock");
    axum::Json(json!({
        "idp": "Google",
        "oauth2_client": {
            "installed": {
                "client_id": CLIENT_ID,
                "project_id": "fake-project",
                "auth_uri": format!("http://127.0.0.1:{browser_port}/google/auth"),
                "token_uri": format!("{scheme}://127.0.0.1:{port}/google/token"),
                "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
                "client_secret": CLIENT_SECRET,
                "redirect_uris": ["http://localhost"]
            }
        }
    }))
    .into_response()
}

async fn copy_paste_login(
    State(state): State<Arc<FakeState>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: String,
) -> Response {
    let query = query.unwrap_or_default();
    record(
        &state,
        "POST",
        "copy-paste-login",
        Some(query.clone()),
        &headers,
        body,
    );
    if headers.contains_key("authorization") {
        violation(
            &state,
            "copy-paste-login was sent an Authorization header".into(),
        );
    }
    match query_get(&query, "copy_paste_token").as_deref() {
        Some(COPY_PASTE_TOKEN) => {
            axum::Json(json!({"token": SESSION_TOKEN, "username": "alice"})).into_response()
        }
        _ => unauthorized(),
    }
}

async fn logout(State(state): State<Arc<FakeState>>, headers: HeaderMap) -> Response {
    record(&state, "POST", "logout", None, &headers, String::new());
    match user_of(&headers) {
        Some(_) => StatusCode::OK.into_response(),
        None => unauthorized(),
    }
}

async fn userinfo(State(state): State<Arc<FakeState>>, headers: HeaderMap) -> Response {
    record(&state, "GET", "userinfo", None, &headers, String::new());
    match user_of(&headers) {
        Some(user) => axum::Json(json!({
            "id": 7,
            "state": "active",
            "username": user,
            "login_id": "alice@example.org",
            "display_name": "Alice",
            "is_developer": 1,
            "is_service_account": 0,
            "hail_identity": "alice-sa@proj.iam.gserviceaccount.com",
            "trial_bp_name": "alice-trial",
            "system_permissions": {"read_users": true}
        }))
        .into_response(),
        None => unauthorized(),
    }
}

async fn create_user(
    State(state): State<Arc<FakeState>>,
    UrlPath(user): UrlPath<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    record(
        &state,
        "POST",
        &format!("users/{user}/create"),
        None,
        &headers,
        body.clone(),
    );
    if user_of(&headers).is_none() {
        return unauthorized();
    }
    let mut users = state.users.lock().expect("lock");
    if users.contains_key(&user) {
        return (StatusCode::BAD_REQUEST, "user already exists").into_response();
    }
    let request: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    users.insert(
        user.clone(),
        json!({"username": user, "state": "creating", "roles": request["system_roles"]}),
    );
    StatusCode::OK.into_response()
}

/// `GET` shows a user one step on (creating → active, deleting → deleted), as if the real
/// service's background work had finished; `DELETE` starts the deletion.
async fn user(
    State(state): State<Arc<FakeState>>,
    method: Method,
    UrlPath(user): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    record(
        &state,
        method.as_str(),
        &format!("users/{user}"),
        None,
        &headers,
        String::new(),
    );
    if user_of(&headers).is_none() {
        return unauthorized();
    }
    let mut users = state.users.lock().expect("lock");
    let Some(entry) = users.get_mut(&user) else {
        return (StatusCode::NOT_FOUND, "no such user").into_response();
    };
    if method == Method::DELETE {
        entry["state"] = json!("deleting");
        return StatusCode::OK.into_response();
    }
    let next = match entry["state"].as_str() {
        Some("creating") => "active",
        Some("deleting") => "deleted",
        Some(other) => other,
        None => "active",
    }
    .to_string();
    entry["state"] = json!(next);
    axum::Json(entry.clone()).into_response()
}

async fn roles(
    State(state): State<Arc<FakeState>>,
    method: Method,
    UrlPath(user): UrlPath<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    record(
        &state,
        method.as_str(),
        &format!("system_roles/{user}"),
        None,
        &headers,
        body.clone(),
    );
    if user_of(&headers).is_none() {
        return unauthorized();
    }
    if method == Method::GET {
        let name = if user == "me" {
            "alice".to_string()
        } else {
            user
        };
        return axum::Json(json!({"username": name, "roles": ["developer", "billing_manager"]}))
            .into_response();
    }
    if headers.get("content-type").map(|v| v.as_bytes()) != Some(b"application/json") {
        violation(
            &state,
            "system_roles PATCH without a JSON content type".into(),
        );
    }
    StatusCode::OK.into_response()
}

async fn cloud(State(state): State<Arc<FakeState>>, headers: HeaderMap) -> Response {
    record(&state, "GET", "cloud", None, &headers, String::new());
    if user_of(&headers).is_none() {
        return unauthorized();
    }
    state.cloud.lock().expect("lock").clone().into_response()
}

async fn supported_regions(State(state): State<Arc<FakeState>>, headers: HeaderMap) -> Response {
    record(
        &state,
        "GET",
        "supported_regions",
        None,
        &headers,
        String::new(),
    );
    if user_of(&headers).is_none() {
        return unauthorized();
    }
    axum::Json(json!(["us-central1", "us-east1"])).into_response()
}

/// Google's authorization page, consenting at once: a redirect to `redirect_uri` with the state
/// and the code.
async fn google_authorize(
    State(state): State<Arc<FakeState>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let query = query.unwrap_or_default();
    record(
        &state,
        "GET",
        "google/auth",
        Some(query.clone()),
        &headers,
        String::new(),
    );
    let get = |name: &str| query_get(&query, name).unwrap_or_default();
    let expected = [
        ("response_type", "code"),
        ("client_id", CLIENT_ID),
        (
            "scope",
            "https://www.googleapis.com/auth/userinfo.profile https://www.googleapis.com/auth/userinfo.email openid",
        ),
        ("access_type", "offline"),
    ];
    for (name, value) in expected {
        if get(name) != value {
            violation(
                &state,
                format!("authorization URL: {name} = {:?}", get(name)),
            );
        }
    }
    let redirect_uri = get("redirect_uri");
    if !redirect_uri.starts_with("http://localhost:") || !redirect_uri.ends_with('/') {
        violation(&state, format!("redirect_uri {redirect_uri:?}"));
    }
    let location = format!(
        "{redirect_uri}?{}",
        serde_urlencoded::to_string([
            ("state", get("state").as_str()),
            ("code", AUTH_CODE),
            ("scope", "email profile openid"),
        ])
        .expect("encode")
    );
    (StatusCode::FOUND, [("location", location)]).into_response()
}

/// Google's token endpoint: the installed-app code exchange (HTTP Basic client credentials) and
/// the refresh-token grant.
async fn google_token(
    State(state): State<Arc<FakeState>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    record(&state, "POST", "google/token", None, &headers, body.clone());
    let get = |name: &str| query_get(&body, name).unwrap_or_default();
    match get("grant_type").as_str() {
        "authorization_code" => {
            use base64::Engine;
            let basic = format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD
                    .encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
            );
            if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(basic.as_str()) {
                violation(
                    &state,
                    "code exchange without the client's Basic credentials".into(),
                );
                return unauthorized();
            }
            if get("code") != AUTH_CODE {
                return (StatusCode::BAD_REQUEST, r#"{"error": "invalid_grant"}"#).into_response();
            }
            if !get("redirect_uri").starts_with("http://localhost:") {
                violation(
                    &state,
                    format!("code exchange redirect_uri {:?}", get("redirect_uri")),
                );
            }
            axum::Json(json!({
                "access_token": "ya29.FIRST",
                "expires_in": 3599,
                "refresh_token": REFRESH_TOKEN,
                // All the scopes asked for (oauthlib refuses an answer with fewer).
                "scope": "https://www.googleapis.com/auth/userinfo.email openid https://www.googleapis.com/auth/userinfo.profile",
                "token_type": "Bearer",
                "id_token": "x.y.z"
            }))
            .into_response()
        }
        "refresh_token" => {
            if get("client_id") != CLIENT_ID
                || get("client_secret") != CLIENT_SECRET
                || get("refresh_token") != REFRESH_TOKEN
            {
                return (StatusCode::BAD_REQUEST, r#"{"error": "invalid_grant"}"#).into_response();
            }
            axum::Json(json!({"access_token": ACCESS_TOKEN, "expires_in": 3599})).into_response()
        }
        other => {
            violation(&state, format!("token endpoint: grant_type {other:?}"));
            (StatusCode::BAD_REQUEST, "unsupported grant").into_response()
        }
    }
}

async fn google_revoke(
    State(state): State<Arc<FakeState>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: String,
) -> Response {
    let query = query.unwrap_or_default();
    record(
        &state,
        "POST",
        "google/revoke",
        Some(query.clone()),
        &headers,
        body,
    );
    if query_get(&query, "token").as_deref() != Some(REFRESH_TOKEN) {
        violation(&state, format!("revoke of {query:?}"));
    }
    let status = *state.revoke_status.lock().expect("lock");
    StatusCode::from_u16(status)
        .unwrap_or(StatusCode::OK)
        .into_response()
}

/// `GET /api/v1alpha/batches?q=...`: one batch for anyone the fake knows.
async fn batches(
    State(state): State<Arc<FakeState>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    record(&state, "GET", "batches", query, &headers, String::new());
    if user_of(&headers).is_none() {
        return unauthorized();
    }
    axum::Json(json!({"batches": [{
        "id": 7,
        "user": "alice",
        "billing_project": "alice-trial",
        "token": "tok",
        "state": "success",
        "complete": true,
        "closed": true,
        "n_jobs": 1,
        "n_completed": 1,
        "n_succeeded": 1,
        "n_failed": 0,
        "n_cancelled": 0,
        "time_created": "2024-01-01T00:00:00Z",
        "time_closed": "2024-01-01T00:00:00Z",
        "time_completed": "2024-01-01T00:00:01Z",
        "duration": "1s",
        "msec_mcpu": 0,
        "cost": "$0.0000",
        "cost_breakdown": [],
        "attributes": {"name": "hello"}
    }]}))
    .into_response()
}

/// The `https://login.microsoftonline.com/<tenant>` prefix Hail's MSAL knows the endpoints by.
fn microsoft_authority(tenant: &str) -> String {
    format!("https://{MS_LOGIN_HOST}/{tenant}")
}

/// Azure AD's tenant discovery (what MSAL asks for before anything else).
async fn microsoft_openid_configuration(
    State(state): State<Arc<FakeState>>,
    UrlPath(tenant): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    record(
        &state,
        "GET",
        "microsoft/openid-configuration",
        None,
        &headers,
        String::new(),
    );
    if tenant != MS_TENANT {
        return (StatusCode::BAD_REQUEST, r#"{"error": "invalid_tenant"}"#).into_response();
    }
    let authority = microsoft_authority(&tenant);
    axum::Json(json!({
        "token_endpoint": format!("{authority}/oauth2/v2.0/token"),
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "jwks_uri": format!("https://{MS_LOGIN_HOST}/{tenant}/discovery/v2.0/keys"),
        "response_modes_supported": ["query", "fragment", "form_post"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": format!("{authority}/v2.0"),
        "authorization_endpoint": format!("{authority}/oauth2/v2.0/authorize"),
        "device_authorization_endpoint": format!("{authority}/oauth2/v2.0/devicecode"),
        "end_session_endpoint": format!("{authority}/oauth2/v2.0/logout"),
        "tenant_region_scope": "NA",
        "cloud_instance_name": "microsoftonline.com"
    }))
    .into_response()
}

/// The space-separated scopes, as a sorted list (Python's MSAL sends them in set order).
fn scope_set(scope: &str) -> Vec<String> {
    let mut scopes: Vec<String> = scope.split_whitespace().map(str::to_string).collect();
    scopes.sort();
    scopes
}

fn expected_microsoft_scopes() -> Vec<String> {
    scope_set(&format!("{MS_SCOPE} offline_access openid profile"))
}

/// Azure AD's authorization page: consents at once (or declines), answering with the code or
/// the refusal in the `response_mode` asked for.
async fn microsoft_authorize(
    State(state): State<Arc<FakeState>>,
    UrlPath(tenant): UrlPath<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let query = query.unwrap_or_default();
    record(
        &state,
        "GET",
        "microsoft/authorize",
        Some(query.clone()),
        &headers,
        String::new(),
    );
    let get = |name: &str| query_get(&query, name).unwrap_or_default();
    let mut wrong = Vec::new();
    if tenant != MS_TENANT {
        wrong.push(format!("tenant {tenant:?}"));
    }
    for (name, value) in [
        ("client_id", MS_APP_ID),
        ("response_type", "code"),
        ("code_challenge_method", "S256"),
        ("client_info", "1"),
    ] {
        if get(name) != value {
            wrong.push(format!("{name} = {:?}", get(name)));
        }
    }
    if scope_set(&get("scope")) != expected_microsoft_scopes() {
        wrong.push(format!("scope = {:?}", get("scope")));
    }
    let redirect_uri = get("redirect_uri");
    let port_ok = redirect_uri
        .strip_prefix("http://localhost:")
        .is_some_and(|p| p.parse::<u16>().is_ok());
    if !port_ok {
        wrong.push(format!("redirect_uri {redirect_uri:?}"));
    }
    let challenge = get("code_challenge");
    if challenge.len() != 43 {
        wrong.push(format!("code_challenge {challenge:?}"));
    }
    if get("nonce").is_empty() || get("state").is_empty() {
        wrong.push("no nonce or no state".into());
    }
    let response_mode = get("response_mode");
    if response_mode != "form_post" && response_mode != "query" {
        wrong.push(format!("response_mode {response_mode:?}"));
    }
    if !wrong.is_empty() {
        for what in &wrong {
            violation(&state, format!("Microsoft authorization URL: {what}"));
        }
        return (StatusCode::BAD_REQUEST, "AADSTS900144: bad request").into_response();
    }
    let state_param = get("state");
    let fields: Vec<(&str, String)> = match *state.microsoft.lock().expect("lock") {
        MicrosoftBehaviour::Deny => vec![
            ("error", "access_denied".into()),
            (
                "error_description",
                "AADSTS65004: User declined to consent to access the app.\r\nTrace ID: 0".into(),
            ),
            ("state", state_param),
        ],
        _ => {
            let code = {
                let mut issued = state.codes_issued.lock().expect("lock");
                *issued += 1;
                format!("MS-CODE-{issued}")
            };
            state.pending.lock().expect("lock").insert(
                code.clone(),
                Pending {
                    challenge,
                    nonce: get("nonce"),
                    redirect_uri: redirect_uri.clone(),
                },
            );
            vec![
                ("code", code),
                ("client_info", client_info()),
                ("state", state_param),
                (
                    "session_state",
                    "00000000-0000-0000-0000-000000000001".into(),
                ),
            ]
        }
    };
    if response_mode == "query" {
        let location = format!(
            "{redirect_uri}?{}",
            serde_urlencoded::to_string(&fields).expect("encode")
        );
        return (StatusCode::FOUND, [("location", location)]).into_response();
    }
    let inputs: String = fields
        .iter()
        .map(|(name, value)| {
            format!(
                r#"<input type="hidden" name="{name}" value="{}" />"#,
                html_escape(value)
            )
        })
        .collect();
    let page = format!(
        r#"<html><head><title>Working...</title></head><body><form method="POST" name="hiddenform" action="{redirect_uri}">{inputs}<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit" /></noscript></form><script language="javascript">document.forms[0].submit();</script></body></html>"#
    );
    ([("content-type", "text/html; charset=utf-8")], page).into_response()
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn base64url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Azure AD's `client_info`: the user's object id and tenant.
fn client_info() -> String {
    base64url(
        json!({"uid": "alice-oid", "utid": MS_TENANT})
            .to_string()
            .as_bytes(),
    )
}

/// An id_token (unsigned: MSAL decodes it without verifying) valid for an hour.
fn id_token(nonce: Option<&str>) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let mut claims = json!({
        "aud": MS_APP_ID,
        "iss": format!("https://{MS_LOGIN_HOST}/{MS_TENANT}/v2.0"),
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        "name": "Alice",
        "oid": "alice-oid",
        "preferred_username": "alice@example.org",
        "sub": "alice-sub",
        "tid": MS_TENANT,
        "ver": "2.0"
    });
    if let Some(nonce) = nonce {
        claims["nonce"] = json!(nonce);
    }
    format!(
        "{}.{}.c2ln",
        base64url(br#"{"typ":"JWT","alg":"RS256","kid":"k"}"#),
        base64url(claims.to_string().as_bytes())
    )
}

fn microsoft_error(code: &str, description: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({
            "error": code,
            "error_description": format!("{description}\r\nTrace ID: 0\r\nCorrelation ID: 0"),
            "error_codes": [70000],
        })),
    )
        .into_response()
}

/// Azure AD's token endpoint for a public client: the code exchange (with the PKCE verifier) and
/// the refresh-token grant, both answered with tokens for [`MS_SCOPE`] and a rotated refresh
/// token.
async fn microsoft_token(
    State(state): State<Arc<FakeState>>,
    UrlPath(tenant): UrlPath<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    record(
        &state,
        "POST",
        "microsoft/token",
        None,
        &headers,
        body.clone(),
    );
    let get = |name: &str| query_get(&body, name).unwrap_or_default();
    if tenant != MS_TENANT || get("client_id") != MS_APP_ID {
        violation(
            &state,
            format!(
                "token request for tenant {tenant:?}, client {:?}",
                get("client_id")
            ),
        );
        return microsoft_error("invalid_client", "AADSTS700016: unknown application.");
    }
    if query_get(&body, "client_secret").is_some() {
        violation(&state, "a public client sent a client_secret".into());
    }
    if scope_set(&get("scope")) != expected_microsoft_scopes() || get("client_info") != "1" {
        violation(
            &state,
            format!(
                "token request scope {:?}, client_info {:?}",
                get("scope"),
                get("client_info")
            ),
        );
    }
    let behaviour = *state.microsoft.lock().expect("lock");
    let nonce = match get("grant_type").as_str() {
        "authorization_code" => {
            if behaviour == MicrosoftBehaviour::RefuseCode {
                return microsoft_error(
                    "invalid_grant",
                    "AADSTS70000: The provided value for the 'code' parameter is not valid.",
                );
            }
            let Some(pending) = state.pending.lock().expect("lock").remove(&get("code")) else {
                return microsoft_error("invalid_grant", "AADSTS70000: unknown or used code.");
            };
            use aws_lc_rs::digest::{SHA256, digest};
            let computed = base64url(digest(&SHA256, get("code_verifier").as_bytes()).as_ref());
            if computed != pending.challenge {
                violation(
                    &state,
                    "the PKCE verifier does not match the challenge".into(),
                );
                return microsoft_error(
                    "invalid_grant",
                    "AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.",
                );
            }
            if get("redirect_uri") != pending.redirect_uri {
                violation(
                    &state,
                    format!("code exchange redirect_uri {:?}", get("redirect_uri")),
                );
            }
            Some(pending.nonce)
        }
        "refresh_token" => {
            let token = get("refresh_token");
            if token != MS_REFRESH_TOKEN && token != MS_ROTATED_REFRESH_TOKEN {
                return microsoft_error("invalid_grant", "AADSTS9002313: Invalid request.");
            }
            if behaviour == MicrosoftBehaviour::RefuseRefresh {
                return microsoft_error(
                    "invalid_grant",
                    "AADSTS700082: The refresh token has expired due to inactivity.",
                );
            }
            None
        }
        other => {
            violation(
                &state,
                format!("Microsoft token endpoint: grant_type {other:?}"),
            );
            return microsoft_error("unsupported_grant_type", "AADSTS70003: unsupported.");
        }
    };
    let nonce = match behaviour {
        MicrosoftBehaviour::WrongNonce => nonce.map(|_| "another-sign-in".to_string()),
        _ => nonce,
    };
    let (access_token, refresh_token) = match nonce {
        Some(_) => ("AZURE-FIRST-ACCESS", MS_REFRESH_TOKEN),
        None => (MS_ACCESS_TOKEN, MS_ROTATED_REFRESH_TOKEN),
    };
    axum::Json(json!({
        "token_type": "Bearer",
        "scope": format!("{MS_SCOPE} openid profile offline_access"),
        "expires_in": 4621,
        "ext_expires_in": 4621,
        "access_token": access_token,
        "refresh_token": refresh_token,
        "id_token": id_token(nonce.as_deref()),
        "client_info": client_info()
    }))
    .into_response()
}

/// An HTTP CONNECT proxy that tunnels [`MS_LOGIN_HOST`]`:443`, and nothing else, to the HTTPS
/// fake on `target_port` (what lets Hail's MSAL reach the fake through `HTTPS_PROXY`).
async fn connect_proxy(listener: tokio::net::TcpListener, target_port: u16) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    loop {
        let Ok((mut client, _)) = listener.accept().await else {
            continue;
        };
        tokio::spawn(async move {
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && head.len() < 8192 {
                match client.read(&mut byte).await {
                    Ok(1) => head.push(byte[0]),
                    _ => return,
                }
            }
            let text = String::from_utf8_lossy(&head);
            let wanted = format!("CONNECT {MS_LOGIN_HOST}:443 ");
            if !text.starts_with(&wanted) {
                let _ = client
                    .write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n")
                    .await;
                return;
            }
            let Ok(mut upstream) = tokio::net::TcpStream::connect(("127.0.0.1", target_port)).await
            else {
                return;
            };
            if client
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                .await
                .is_err()
            {
                return;
            }
            let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
        });
    }
}

/// An axum listener that completes a TLS handshake before handing a connection over (one at a
/// time: enough for a test's sequential requests).
struct TlsOnly {
    listener: tokio::net::TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
}

impl axum::serve::Listener for TlsOnly {
    type Io = tokio_rustls::server::TlsStream<tokio::net::TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((tcp, addr)) = self.listener.accept().await else {
                continue;
            };
            if let Ok(stream) = self.acceptor.accept(tcp).await {
                return (stream, addr);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.listener.local_addr()
    }
}

/// A CA (written to `ca_file`) and a server certificate for `127.0.0.1` and `localhost`.
fn tls_acceptor(ca_file: &std::path::Path) -> tokio_rustls::TlsAcceptor {
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer,
        KeyPair, KeyUsagePurpose,
    };
    use tokio_rustls::rustls;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "auth fake CA");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_key = KeyPair::generate().expect("CA key");
    let ca_cert = ca_params.self_signed(&ca_key).expect("CA certificate");
    let issuer = Issuer::new(ca_params, ca_key);
    let mut params = CertificateParams::new(vec![
        "127.0.0.1".to_string(),
        "localhost".to_string(),
        MS_LOGIN_HOST.to_string(),
    ])
    .expect("server params");
    params
        .distinguished_name
        .push(DnType::CommonName, "127.0.0.1");
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    let key = KeyPair::generate().expect("server key");
    let cert = params.signed_by(&key, &issuer).expect("server certificate");
    std::fs::write(ca_file, ca_cert.pem()).expect("write the CA");
    let chain = vec![cert.der().clone(), ca_cert.der().clone()];
    let key = rustls::pki_types::PrivateKeyDer::try_from(key.serialize_der()).expect("key DER");
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("TLS config");
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
}
