//! A loopback fake of what `hailctl auth`, `hailctl batch init` and `hailctl curl` talk to,
//! speaking the reference's protocols (config-and-auth §6.6–§6.10, hailctl-cli §9): Hail's auth
//! service (`oauth2-client`, `copy-paste-login`, `logout`, `userinfo`, users and system roles),
//! the two Batch endpoints `batch init` reads (`cloud`, `supported_regions`), and Google's
//! authorization page, token endpoint and revoke endpoint.
//!
//! Google's authorization page consents at once: it answers `302` to the `redirect_uri` with the
//! `state` it was given and the code [`AUTH_CODE`], as Google does after the user agrees. The
//! fake records every request (method, path, query, the headers that matter, the body) and
//! whatever it found wrong in one ([`AuthFake::violations`]).
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
}

/// The running fake.
pub(crate) struct AuthFake {
    state: Arc<FakeState>,
    pub port: u16,
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
                let browser_port = if tls.is_some() {
                    let plain = tokio::net::TcpListener::bind("127.0.0.1:0")
                        .await
                        .expect("bind");
                    let browser_port = plain.local_addr().expect("addr").port();
                    let app = app.clone();
                    tokio::spawn(async move { axum::serve(plain, app).await });
                    browser_port
                } else {
                    port
                };
                sender.send((port, browser_port)).expect("report the port");
                match tls {
                    None => axum::serve(listener, app).await.expect("serve"),
                    Some(acceptor) => axum::serve(TlsOnly { listener, acceptor }, app)
                        .await
                        .expect("serve"),
                }
            });
        });
        let (port, browser_port) = receiver.recv().expect("the fake's port");
        *state.port.lock().expect("lock") = port;
        *state.browser_port.lock().expect("lock") = browser_port;
        AuthFake { state, port }
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
        SESSION_TOKEN | ACCESS_TOKEN => Some("alice"),
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
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
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
