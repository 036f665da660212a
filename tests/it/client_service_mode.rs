//! The Batch client in service mode against a loopback fake of Hail's services: the Google token
//! endpoint (refresh-token and JWT-bearer grants), Microsoft's (refresh-token and
//! client-credentials grants), the auth service's userinfo and a piece of the Batch API. The
//! client is pointed at the fake through an ordinary deploy config (`HAIL_DEPLOY_CONFIG_FILE`,
//! location `external`, a base path) plus the loopback-only test switches
//! `HAILCTL_INSECURE_HTTP_FOR_TESTS`, `HAILCTL_GOOGLE_TOKEN_URI_FOR_TESTS` and
//! `HAILCTL_MICROSOFT_LOGIN_URI_FOR_TESTS`.
//!
//! The fake records every request, so the tests assert what went over the wire: form bodies,
//! headers and request counts. Nothing sleeps: every wait is on a request the test makes.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{KeyPair, RSA_PKCS1_2048_8192_SHA256, RsaKeyPair, UnparsedPublicKey};
use axum::Router;
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};

use hailctl::Env;
use hailctl::{BatchClient, ClientError, ClientOptions, RetryPolicy};
use hailctl::{ProfileOverride, UserConfig};

// ---------------------------------------------------------------------------------------------
// The fake
// ---------------------------------------------------------------------------------------------

/// One request as the fake saw it.
#[derive(Clone, Debug, Default)]
struct Seen {
    authorization: Option<String>,
    internal: Option<String>,
    content_type: Option<String>,
    query: Option<String>,
    body: String,
}

impl Seen {
    fn from(headers: &HeaderMap, query: Option<String>, body: String) -> Seen {
        let header = |name: &str| {
            headers
                .get(name)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        };
        Seen {
            authorization: header("authorization"),
            internal: header("x-hail-internal-authorization"),
            content_type: header("content-type"),
            query,
            body,
        }
    }
}

#[derive(Default)]
struct FakeState {
    /// Token-endpoint requests.
    token: Mutex<Vec<Seen>>,
    /// Userinfo requests.
    userinfo: Mutex<Vec<Seen>>,
    /// Batch API requests, by path.
    batch: Mutex<HashMap<String, Vec<Seen>>>,
    /// The service account's public key (RSAPublicKey DER), for JWT verification.
    public_key: Mutex<Option<Vec<u8>>>,
    /// Problems the fake found in what it was sent (asserted empty by the tests).
    violations: Mutex<Vec<String>>,
    /// Access tokens handed out so far.
    issued: Mutex<u32>,
    /// Requests to Microsoft's token endpoint.
    microsoft: Mutex<Vec<Seen>>,
}

struct Fake {
    state: Arc<FakeState>,
    port: u16,
}

impl Fake {
    async fn start() -> Fake {
        let state = Arc::new(FakeState::default());
        let app = Router::new()
            .route("/oauth2/v4/token", post(token))
            .route("/{tenant}/oauth2/v2.0/token", post(microsoft_token))
            .route("/bp/auth/api/v1alpha/userinfo", get(userinfo))
            .route("/bp/batch/api/v1alpha/batches/{id}", get(batch))
            .route(
                "/bp/batch/api/v2alpha/batches/{id}/job-groups/0/jobs",
                get(jobs),
            )
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        Fake { state, port }
    }

    fn batch_requests(&self, id: &str) -> Vec<Seen> {
        self.state
            .batch
            .lock()
            .expect("lock")
            .get(id)
            .cloned()
            .unwrap_or_default()
    }

    fn token_requests(&self) -> Vec<Seen> {
        self.state.token.lock().expect("lock").clone()
    }

    fn microsoft_requests(&self) -> Vec<Seen> {
        self.state.microsoft.lock().expect("lock").clone()
    }

    fn assert_no_violations(&self) {
        let violations = self.state.violations.lock().expect("lock");
        assert!(violations.is_empty(), "{violations:#?}");
    }
}

/// The Google token endpoint: both grants, checked field by field.
async fn token(State(state): State<Arc<FakeState>>, headers: HeaderMap, body: String) -> Response {
    let seen = Seen::from(&headers, None, body.clone());
    state.token.lock().expect("lock").push(seen);
    let fields: Vec<(String, String)> = serde_urlencoded::from_str(&body).unwrap_or_default();
    let grant = fields.first().map(|(k, v)| (k.as_str(), v.as_str()));
    let ok = match grant {
        Some(("grant_type", "refresh_token")) => true,
        Some(("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")) => {
            match check_jwt(&state, &fields) {
                Ok(()) => true,
                Err(why) => {
                    state.violations.lock().expect("lock").push(why);
                    false
                }
            }
        }
        _ => false,
    };
    if !ok {
        return (StatusCode::BAD_REQUEST, "{\"error\": \"invalid_grant\"}").into_response();
    }
    let n = {
        let mut issued = state.issued.lock().expect("lock");
        *issued += 1;
        *issued
    };
    axum::Json(json!({
        "access_token": format!("ya29.ACCESS-{n}"),
        "expires_in": 3599,
        "scope": "openid",
        "token_type": "Bearer",
    }))
    .into_response()
}

/// Checks the JWT-bearer form and the assertion: header, claims in the reference's order, and
/// the RS256 signature against the test key.
fn check_jwt(state: &FakeState, fields: &[(String, String)]) -> Result<(), String> {
    let names: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    if names != ["grant_type", "assertion"] {
        return Err(format!("JWT grant form fields are {names:?}"));
    }
    let jwt = &fields[1].1;
    let parts: Vec<&str> = jwt.split('.').collect();
    let [header, claims, signature] = parts[..] else {
        return Err(format!("assertion has {} parts", parts.len()));
    };
    let decode = |part: &str| {
        URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|e| format!("JWT part {part:?} is not base64url: {e}"))
    };
    let header_json = String::from_utf8(decode(header)?).map_err(|e| e.to_string())?;
    if header_json != r#"{"alg":"RS256","typ":"JWT"}"# {
        return Err(format!("JWT header {header_json}"));
    }
    let claims_json: Value = serde_json::from_slice(&decode(claims)?).map_err(|e| e.to_string())?;
    let keys: Vec<&str> = claims_json
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    if keys != ["aud", "iat", "scope", "exp", "iss"] {
        return Err(format!("JWT claims keys {keys:?}"));
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let iat = claims_json["iat"].as_u64().unwrap_or(0);
    let checks = [
        (
            claims_json["aud"] == "https://www.googleapis.com/oauth2/v4/token",
            "aud",
        ),
        (claims_json["scope"] == "email openid profile", "scope"),
        (
            claims_json["iss"] == "robot@proj.iam.gserviceaccount.com",
            "iss",
        ),
        (claims_json["exp"].as_u64() == Some(iat + 300), "exp"),
        (iat.abs_diff(now) < 60, "iat"),
    ];
    for (ok, what) in checks {
        if !ok {
            return Err(format!("bad JWT claim {what}: {claims_json}"));
        }
    }
    let public = state
        .public_key
        .lock()
        .expect("lock")
        .clone()
        .ok_or("no public key registered")?;
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &public)
        .verify(format!("{header}.{claims}").as_bytes(), &decode(signature)?)
        .map_err(|_| "JWT signature does not verify".to_string())
}

/// Microsoft's token endpoint: the refresh-token grant (rotating the refresh token, the expiry in
/// the id_token) and the client-credentials grant. The tenant selects the id_token's expiry:
/// `hourly` → an hour, `expiring` → now (so the token is not cached).
async fn microsoft_token(
    State(state): State<Arc<FakeState>>,
    UrlPath(tenant): UrlPath<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    state
        .microsoft
        .lock()
        .expect("lock")
        .push(Seen::from(&headers, None, body.clone()));
    let fields: Vec<(String, String)> = serde_urlencoded::from_str(&body).unwrap_or_default();
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let n = {
        let mut issued = state.issued.lock().expect("lock");
        *issued += 1;
        *issued
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let exp = match tenant.as_str() {
        "hourly" => now + 3600,
        "expiring" => now,
        other => {
            state
                .violations
                .lock()
                .expect("lock")
                .push(format!("Microsoft tenant {other:?}"));
            return StatusCode::NOT_FOUND.into_response();
        }
    };
    match get("grant_type").as_str() {
        "refresh_token" => {
            let claims = URL_SAFE_NO_PAD.encode(json!({"exp": exp, "tid": tenant}).to_string());
            axum::Json(json!({
                "token_type": "Bearer",
                // A lifetime the client must not use: the id_token's expiry counts.
                "expires_in": 3599,
                "access_token": format!("AZURE-ACCESS-{n}"),
                "refresh_token": format!("ROTATED-{n}"),
                "id_token": format!("e30.{claims}.c2ln"),
            }))
            .into_response()
        }
        "client_credentials" => axum::Json(json!({
            "token_type": "Bearer",
            "expires_in": 3599,
            "access_token": format!("AZURE-SP-{n}"),
        }))
        .into_response(),
        _ => (
            StatusCode::BAD_REQUEST,
            "{\"error\": \"unsupported_grant_type\"}",
        )
            .into_response(),
    }
}

/// The auth service's userinfo: accepts the session tokens and access tokens the tests use.
async fn userinfo(State(state): State<Arc<FakeState>>, headers: HeaderMap) -> Response {
    let seen = Seen::from(&headers, None, String::new());
    let accepted = seen.authorization.as_deref().is_some_and(|a| {
        a == "Bearer SESSION-TOKEN"
            || a.starts_with("Bearer ya29.")
            || a.starts_with("Bearer AZURE-")
    });
    state.userinfo.lock().expect("lock").push(seen);
    if accepted {
        axum::Json(json!({"username": "alice", "login_id": "alice@example.org"})).into_response()
    } else {
        StatusCode::UNAUTHORIZED.into_response()
    }
}

/// `GET /api/v1alpha/batches/{id}`. The id selects a behaviour:
/// 1 → 200; 2 → 503, 503, then 200; 3 → 503 forever; 4 → 401; 5 → 200 with
/// `X-Hail-Deprecated`; 6 → 404.
async fn batch(
    State(state): State<Arc<FakeState>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let count = {
        let mut batch = state.batch.lock().expect("lock");
        let seen = batch.entry(id.clone()).or_default();
        seen.push(Seen::from(&headers, None, String::new()));
        seen.len()
    };
    let ok = || axum::Json(json!({"id": id.parse::<i64>().unwrap_or(0), "state": "success"}));
    match id.as_str() {
        "2" if count <= 2 => (StatusCode::SERVICE_UNAVAILABLE, "try later").into_response(),
        "3" => (StatusCode::SERVICE_UNAVAILABLE, "down for good").into_response(),
        "4" => (StatusCode::UNAUTHORIZED, "401: Unauthorized").into_response(),
        "5" => (
            [(
                "x-hail-deprecated",
                "The endpoint \"/api/v1alpha/batches/5\" is deprecated. Please upgrade your Hail version to the latest release.",
            )],
            ok(),
        )
            .into_response(),
        "6" => (StatusCode::NOT_FOUND, "batch 6 not found").into_response(),
        _ => ok().into_response(),
    }
}

/// `GET /api/v2alpha/batches/{id}/job-groups/0/jobs`: records the raw query string.
async fn jobs(
    State(state): State<Arc<FakeState>>,
    UrlPath(id): UrlPath<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    state
        .batch
        .lock()
        .expect("lock")
        .entry(format!("{id}/jobs"))
        .or_default()
        .push(Seen::from(&headers, query, String::new()));
    axum::Json(json!({"jobs": []})).into_response()
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A fresh RSA key as a PKCS#8 PEM (what Google key files hold) and its public key.
fn service_account_key() -> (String, Vec<u8>) {
    let key = RsaKeyPair::generate(KeySize::Rsa2048).expect("generate");
    let der = key.as_der().expect("pkcs8");
    let b64 = STANDARD.encode(der.as_ref());
    let body: Vec<String> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let pem = format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
        body.join("\n")
    );
    (pem, key.public_key().as_ref().to_vec())
}

/// A sandbox: HOME, config dir, deploy config and tokens file in a temp dir.
struct Sandbox {
    _dir: tempfile::TempDir,
    root: PathBuf,
    env: Env,
}

impl Sandbox {
    fn new(fake: &Fake) -> Sandbox {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().to_path_buf();
        std::fs::create_dir_all(root.join("config/hail")).expect("mkdir");
        let deploy = root.join("deploy-config.json");
        std::fs::write(
            &deploy,
            format!(
                r#"{{"location": "external", "default_namespace": "default", "domain": "127.0.0.1:{}", "base_path": "/bp"}}"#,
                fake.port
            ),
        )
        .expect("write deploy config");
        let env = Env::from_pairs([
            ("HOME", root.to_str().expect("utf8")),
            (
                "XDG_CONFIG_HOME",
                root.join("config").to_str().expect("utf8"),
            ),
            ("HAIL_DEPLOY_CONFIG_FILE", deploy.to_str().expect("utf8")),
            (
                "HAIL_TOKENS_FILE",
                root.join("tokens.json").to_str().expect("utf8"),
            ),
            ("HAIL_BATCH_BACKEND", "service"),
            ("HAILCTL_INSECURE_HTTP_FOR_TESTS", "1"),
            (
                "HAILCTL_GOOGLE_TOKEN_URI_FOR_TESTS",
                &format!("http://127.0.0.1:{}/oauth2/v4/token", fake.port),
            ),
            (
                "HAILCTL_MICROSOFT_LOGIN_URI_FOR_TESTS",
                &format!("http://127.0.0.1:{}", fake.port),
            ),
        ]);
        Sandbox {
            _dir: dir,
            root,
            env,
        }
    }

    fn write(&self, relative: &str, text: &str) {
        std::fs::write(self.root.join(relative), text).expect("write");
    }

    fn identity_file(&self) -> PathBuf {
        self.root.join("config/hail/identity.json")
    }

    async fn client(&self) -> Result<BatchClient, ClientError> {
        self.client_with(fast_policy(Duration::from_secs(10)), warnings_sink().1)
            .await
    }

    /// A client, as [`Sandbox::client`], and the warnings it prints.
    async fn client_and_warnings(&self) -> (Captured, BatchClient) {
        let (warnings, sink) = warnings_sink();
        let client = self
            .client_with(fast_policy(Duration::from_secs(10)), sink)
            .await
            .expect("client");
        (warnings, client)
    }

    async fn client_with(
        &self,
        retry: RetryPolicy,
        warnings: hailctl::WarningSink,
    ) -> Result<BatchClient, ClientError> {
        let config = UserConfig::load(&self.env, &ProfileOverride::default()).expect("config");
        let options = ClientOptions {
            retry,
            warnings: Some(warnings),
        };
        BatchClient::for_backend_with(&self.env, &config, options).await
    }
}

/// Hail's schedule scaled down 1000× (1 ms base), with the given deadline.
fn fast_policy(deadline: Duration) -> RetryPolicy {
    RetryPolicy {
        base: Duration::from_millis(1),
        cap: Duration::from_millis(20),
        deadline,
    }
}

type Captured = Arc<Mutex<Vec<String>>>;

fn warnings_sink() -> (Captured, hailctl::WarningSink) {
    let captured: Captured = Arc::default();
    let sink = captured.clone();
    (
        captured,
        Arc::new(move |w: &str| sink.lock().expect("lock").push(w.to_string())),
    )
}

const GOOGLE_USER_IDENTITY: &str = r#"{"idp": "Google", "credentials": {"client_id": "FAKE-CLIENT-ID.apps.googleusercontent.com", "client_secret": "FAKE-CLIENT-SECRET", "refresh_token": "1//FAKE-REFRESH-TOKEN", "type": "authorized_user"}}"#;

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn session_token_is_sent_as_bearer() {
    let fake = Fake::start().await;
    let sandbox = Sandbox::new(&fake);
    sandbox.write("tokens.json", r#"{"default": "SESSION-TOKEN"}"#);
    let client = sandbox.client().await.expect("client");
    let base = format!("http://127.0.0.1:{}/bp/batch", fake.port);
    assert_eq!(client.base_url(), base);
    // The browser URL is the public (https) one.
    assert_eq!(
        client.ui_url("/batches/1"),
        format!("https://127.0.0.1:{}/bp/batch/batches/1", fake.port)
    );
    assert!(!format!("{client:?}").contains("SESSION-TOKEN"));

    let batch = client.get_batch(1).await.expect("get").expect("found");
    assert_eq!(batch["id"], 1);
    let seen = fake.batch_requests("1");
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].authorization.as_deref(),
        Some("Bearer SESSION-TOKEN")
    );
    // Default namespace: no internal header.
    assert_eq!(seen[0].internal, None);

    let user = client.userinfo().await.expect("userinfo");
    assert_eq!(user["username"], "alice");
    // A 404 is "not found", not an error.
    assert!(client.get_batch(6).await.expect("404").is_none());
    assert!(fake.token_requests().is_empty());
}

#[tokio::test]
async fn missing_token_is_not_logged_in_before_any_request() {
    let fake = Fake::start().await;
    let sandbox = Sandbox::new(&fake);
    assert!(!sandbox.root.join("tokens.json").exists());
    let client = sandbox.client().await.expect("client");
    let err = client.get_batch(1).await.expect_err("not logged in");
    assert!(matches!(err, ClientError::NotLoggedIn(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "\nYou are not authenticated.  Please log in with:\n\n  $ hailctl auth login \n\nto obtain new credentials.\n"
    );
    assert!(fake.batch_requests("1").is_empty());
}

#[tokio::test]
async fn authorized_user_identity_refreshes_once_and_caches() {
    let fake = Fake::start().await;
    let sandbox = Sandbox::new(&fake);
    std::fs::write(sandbox.identity_file(), GOOGLE_USER_IDENTITY).expect("identity");
    let client = sandbox.client().await.expect("client");
    client.get_batch(1).await.expect("first").expect("found");
    client.get_batch(1).await.expect("second").expect("found");
    client.userinfo().await.expect("userinfo");

    let token_requests = fake.token_requests();
    assert_eq!(token_requests.len(), 1, "the access token is cached");
    let exchange = &token_requests[0];
    // Byte for byte what Hail sends (reference §8.7).
    assert_eq!(
        exchange.body,
        "grant_type=refresh_token&client_id=FAKE-CLIENT-ID.apps.googleusercontent.com&client_secret=FAKE-CLIENT-SECRET&refresh_token=1%2F%2FFAKE-REFRESH-TOKEN"
    );
    assert_eq!(
        exchange.content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(exchange.authorization, None);

    for seen in fake.batch_requests("1") {
        assert_eq!(seen.authorization.as_deref(), Some("Bearer ya29.ACCESS-1"));
        assert_eq!(seen.internal, None);
    }
    let userinfo = fake.state.userinfo.lock().expect("lock").clone();
    assert_eq!(
        userinfo[0].authorization.as_deref(),
        Some("Bearer ya29.ACCESS-1")
    );
    fake.assert_no_violations();
}

#[tokio::test]
async fn service_account_identity_signs_a_jwt() {
    let fake = Fake::start().await;
    let mut sandbox = Sandbox::new(&fake);
    let (pem, public) = service_account_key();
    *fake.state.public_key.lock().expect("lock") = Some(public);
    let identity = json!({
        "idp": "Google",
        "credentials": {
            "type": "service_account",
            "project_id": "proj",
            "private_key_id": "0123",
            "private_key": pem,
            "client_email": "robot@proj.iam.gserviceaccount.com",
            "client_id": "1234",
        }
    });
    // Through the environment variable, which replaces identity.json.
    std::fs::write(sandbox.identity_file(), "{\"idp\": \"Microsoft\"}").expect("decoy");
    sandbox
        .env
        .set("HAIL_IDENTITY_PROVIDER_JSON", identity.to_string());
    let client = sandbox.client().await.expect("client");
    client.get_batch(1).await.expect("get").expect("found");
    client.get_batch(1).await.expect("get").expect("found");
    fake.assert_no_violations();
    assert_eq!(fake.token_requests().len(), 1);
    assert_eq!(
        fake.batch_requests("1")[1].authorization.as_deref(),
        Some("Bearer ya29.ACCESS-1")
    );
}

#[tokio::test]
async fn dev_namespace_sends_internal_authorization() {
    let fake = Fake::start().await;
    let mut sandbox = Sandbox::new(&fake);
    sandbox.env.set("HAIL_DEFAULT_NAMESPACE", "alice");
    sandbox.write(
        "tokens.json",
        r#"{"default": "DEFAULT-NS-SESSION-TOKEN", "alice": "ALICE-NS-SESSION-TOKEN"}"#,
    );
    // A fresh client's `GET batch 1`: its Authorization and X-Hail-Internal-Authorization.
    let credentials = || async {
        let client = sandbox.client().await.expect("client");
        client.get_batch(1).await.expect("get");
        let seen = fake.batch_requests("1").pop().expect("a request");
        (seen.authorization, seen.internal)
    };
    assert_eq!(
        credentials().await,
        (
            Some("Bearer ALICE-NS-SESSION-TOKEN".into()),
            Some("Bearer DEFAULT-NS-SESSION-TOKEN".into())
        )
    );

    // With a Google identity: the access token, and still the default session token inside.
    std::fs::write(sandbox.identity_file(), GOOGLE_USER_IDENTITY).expect("identity");
    assert_eq!(
        credentials().await,
        (
            Some("Bearer ya29.ACCESS-1".into()),
            Some("Bearer DEFAULT-NS-SESSION-TOKEN".into())
        )
    );

    // Identity and no tokens file: both headers carry the access token.
    std::fs::remove_file(sandbox.root.join("tokens.json")).expect("rm");
    let access = Some("Bearer ya29.ACCESS-2".to_string());
    assert_eq!(credentials().await, (access.clone(), access));

    // No identity, only the namespace's token: the default token is missing.
    std::fs::remove_file(sandbox.identity_file()).expect("rm");
    sandbox.write("tokens.json", r#"{"alice": "ALICE-NS-SESSION-TOKEN"}"#);
    let client = sandbox.client().await.expect("client");
    let err = client.get_batch(1).await.expect_err("no default token");
    assert_eq!(
        err.to_string(),
        "\nYou are not authenticated.  Please log in with:\n\n  $ hailctl auth login -n default\n\nto obtain new credentials.\n"
    );
    fake.assert_no_violations();
}

#[tokio::test]
async fn unauthorized_is_batch_not_authenticated() {
    let fake = Fake::start().await;
    let sandbox = Sandbox::new(&fake);
    sandbox.write("tokens.json", r#"{"default": "STALE"}"#);
    let client = sandbox.client().await.expect("client");
    let err = client.get_batch(4).await.expect_err("401");
    assert!(matches!(err, ClientError::NotAuthenticated));
    assert_eq!(
        err.to_string(),
        "Not authenticated with Hail Batch.\n\nPlease run:\n\n    hailctl auth login\n\nto obtain credentials. If problems persist, try logging in to the web UI to check account status."
    );
    // Not retried.
    assert_eq!(fake.batch_requests("4").len(), 1);
    // Userinfo: the auth service rejects the token too.
    assert!(matches!(
        client.userinfo().await,
        Err(ClientError::NotAuthenticated)
    ));
}

#[tokio::test]
async fn transient_errors_are_retried_once_each() {
    let fake = Fake::start().await;
    let sandbox = Sandbox::new(&fake);
    sandbox.write("tokens.json", r#"{"default": "SESSION-TOKEN"}"#);
    let (warnings, client) = sandbox.client_and_warnings().await;
    let batch = client.get_batch(2).await.expect("retried").expect("found");
    assert_eq!(batch["id"], 2);
    // 503, 503, 200: exactly three requests for one call, each with credentials.
    let seen = fake.batch_requests("2");
    assert_eq!(seen.len(), 3);
    assert!(
        seen.iter()
            .all(|s| s.authorization.as_deref() == Some("Bearer SESSION-TOKEN"))
    );
    let warnings = warnings.lock().expect("lock").clone();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with(
            "A transient error occured. We will automatically retry. Do not be alarmed. We have \
             thus far seen 2 transient errors (next delay: "
        ),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("503, message='Service Unavailable'"));
}

#[tokio::test]
async fn retries_are_bounded_by_the_deadline() {
    let fake = Fake::start().await;
    let sandbox = Sandbox::new(&fake);
    sandbox.write("tokens.json", r#"{"default": "SESSION-TOKEN"}"#);
    let deadline = Duration::from_millis(300);
    let (_, sink) = warnings_sink();
    let client = sandbox
        .client_with(fast_policy(deadline), sink)
        .await
        .expect("client");
    let start = Instant::now();
    let err = client.get_batch(3).await.expect_err("gives up");
    let elapsed = start.elapsed();
    // The deadline bounds when the last retry may start; allow for one request after it.
    assert!(elapsed < deadline + Duration::from_secs(5), "{elapsed:?}");
    let attempts = fake.batch_requests("3").len();
    assert!(attempts >= 3, "only {attempts} attempts");
    match &err {
        ClientError::RetriesExhausted {
            url,
            attempts: counted,
            ..
        } => {
            assert_eq!(*counted as usize, attempts);
            assert!(url.ends_with("/bp/batch/api/v1alpha/batches/3"), "{url}");
        }
        other => panic!("unexpected {other:?}"),
    }
    let text = err.to_string();
    assert!(text.contains("HAILCTL_RETRY_DEADLINE_SECONDS"), "{text}");
    assert!(text.contains("down for good"), "{text}");
}

#[tokio::test]
async fn deprecation_header_warns_once() {
    let fake = Fake::start().await;
    let sandbox = Sandbox::new(&fake);
    sandbox.write("tokens.json", r#"{"default": "SESSION-TOKEN"}"#);
    let (warnings, client) = sandbox.client_and_warnings().await;
    client.get_batch(5).await.expect("get");
    client.get_batch(5).await.expect("get");
    let warnings = warnings.lock().expect("lock").clone();
    assert_eq!(
        warnings,
        [
            "DEPRECATED: The endpoint \"/api/v1alpha/batches/5\" is deprecated. Please upgrade your Hail version to the latest release."
        ]
    );
}

#[tokio::test]
async fn job_list_query_is_form_encoded() {
    let fake = Fake::start().await;
    let sandbox = Sandbox::new(&fake);
    sandbox.write("tokens.json", r#"{"default": "SESSION-TOKEN"}"#);
    let client = sandbox.client().await.expect("client");
    client
        .list_jobs_page(7, Some("state=bad\nexit_code=1\nname=my step"), Some(50))
        .await
        .expect("page");
    client.list_jobs_page(7, None, None).await.expect("page");
    let seen = fake.batch_requests("7/jobs");
    assert_eq!(
        seen[0].query.as_deref(),
        Some("recursive=True&q=state%3Dbad%0Aexit_code%3D1%0Aname%3Dmy+step&last_job_id=50")
    );
    assert_eq!(seen[1].query.as_deref(), Some("recursive=True"));
}

/// A Microsoft identity as `hailctl auth login` writes it, for the tenant the fake reads as the
/// id_token's expiry.
fn microsoft_identity(tenant: &str) -> String {
    format!(
        r#"{{"idp": "Microsoft", "credentials": {{"appId": "app", "appIdentifierUri": "api://hail-app", "userOauthScope": "api://hail-app/hail.user", "tenant": "{tenant}", "refreshToken": "STORED-REFRESH"}}}}"#
    )
}

#[tokio::test]
async fn microsoft_identity_refreshes_once_and_caches() {
    let fake = Fake::start().await;
    let sandbox = Sandbox::new(&fake);
    std::fs::write(sandbox.identity_file(), microsoft_identity("hourly")).expect("identity");
    let client = sandbox.client().await.expect("client");
    client.get_batch(1).await.expect("first").expect("found");
    client.get_batch(1).await.expect("second").expect("found");
    client.userinfo().await.expect("userinfo");

    let requests = fake.microsoft_requests();
    assert_eq!(requests.len(), 1, "the access token is cached");
    // Byte for byte what Hail's MSAL sends (reference §6.3.4).
    assert_eq!(
        requests[0].body,
        "client_id=app&grant_type=refresh_token&client_info=1&refresh_token=STORED-REFRESH&scope=api%3A%2F%2Fhail-app%2Fhail.user+offline_access+openid+profile"
    );
    assert_eq!(
        requests[0].content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(requests[0].authorization, None);
    for seen in fake.batch_requests("1") {
        assert_eq!(seen.authorization.as_deref(), Some("Bearer AZURE-ACCESS-1"));
    }
    assert!(fake.token_requests().is_empty(), "nothing asked of Google");
    fake.assert_no_violations();
}

#[tokio::test]
async fn microsoft_refresh_token_rotates_in_memory_only() {
    let fake = Fake::start().await;
    let sandbox = Sandbox::new(&fake);
    let identity = microsoft_identity("expiring");
    std::fs::write(sandbox.identity_file(), &identity).expect("identity");
    let client = sandbox.client().await.expect("client");
    client.get_batch(1).await.expect("first").expect("found");
    client.get_batch(1).await.expect("second").expect("found");

    // The id_token expires at once (`expires_in` says an hour: it does not count), so each
    // request refreshes, the second with the refresh token the first answer rotated to.
    let bodies: Vec<String> = fake
        .microsoft_requests()
        .into_iter()
        .map(|s| s.body)
        .collect();
    assert_eq!(bodies.len(), 2);
    assert!(
        bodies[0].contains("&refresh_token=STORED-REFRESH&"),
        "{bodies:?}"
    );
    assert!(
        bodies[1].contains("&refresh_token=ROTATED-1&"),
        "{bodies:?}"
    );
    let auth: Vec<Option<String>> = fake
        .batch_requests("1")
        .into_iter()
        .map(|s| s.authorization)
        .collect();
    assert_eq!(
        auth,
        [
            Some("Bearer AZURE-ACCESS-1".to_string()),
            Some("Bearer AZURE-ACCESS-2".to_string())
        ]
    );
    // As Hail: the rotated token is never written back.
    assert_eq!(
        std::fs::read_to_string(sandbox.identity_file()).expect("identity"),
        identity
    );
    fake.assert_no_violations();
}

#[tokio::test]
async fn microsoft_service_principal_uses_client_credentials() {
    let fake = Fake::start().await;
    let sandbox = Sandbox::new(&fake);
    std::fs::write(
        sandbox.identity_file(),
        r#"{"idp": "Microsoft", "credentials": {"appId": "sp", "tenant": "hourly", "password": "SP-SECRET", "userOauthScope": "api://hail-app/.default"}}"#,
    )
    .expect("identity");
    let client = sandbox.client().await.expect("client");
    client.get_batch(1).await.expect("first").expect("found");
    client.get_batch(1).await.expect("second").expect("found");
    let requests = fake.microsoft_requests();
    assert_eq!(requests.len(), 1, "cached for half of expires_in");
    assert_eq!(
        requests[0].body,
        "client_id=sp&client_secret=SP-SECRET&grant_type=client_credentials&scope=api%3A%2F%2Fhail-app%2F.default"
    );
    for seen in fake.batch_requests("1") {
        assert_eq!(seen.authorization.as_deref(), Some("Bearer AZURE-SP-1"));
    }
    // The secret is not in the client's Debug output.
    assert!(!format!("{client:?}").contains("SP-SECRET"));
    fake.assert_no_violations();
}

#[tokio::test]
async fn latent_microsoft_identity_reads_its_credentials_file() {
    let fake = Fake::start().await;
    let mut sandbox = Sandbox::new(&fake);
    std::fs::write(sandbox.identity_file(), r#"{"idp": "Microsoft"}"#).expect("identity");
    let missing = sandbox.root.join("no-such-credentials.json");
    sandbox.env.set("AZURE_APPLICATION_CREDENTIALS", &missing);
    // No credentials file: Azure's default chain is not supported, and says so before any
    // request.
    let err = sandbox.client().await.expect_err("unsupported");
    assert!(matches!(err, ClientError::Unsupported(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("Azure's default credential chain (environment, managed identity, Azure CLI) is not supported"),
        "{err}"
    );
    std::fs::write(
        &missing,
        r#"{"appId": "sp", "tenant": "hourly", "password": "SP-SECRET"}"#,
    )
    .expect("credentials");
    sandbox
        .env
        .set("HAIL_AZURE_OAUTH_SCOPE", "api://hail-app/.default");
    let client = sandbox.client().await.expect("client");
    client.get_batch(1).await.expect("get").expect("found");
    let requests = fake.microsoft_requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].body,
        "client_id=sp&client_secret=SP-SECRET&grant_type=client_credentials&scope=api%3A%2F%2Fhail-app%2F.default"
    );
    fake.assert_no_violations();
}

#[tokio::test]
async fn connection_refused_is_transient_and_bounded() {
    // A port that was just free: nothing listens there.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let (warnings, sink) = warnings_sink();
    let options = ClientOptions {
        retry: fast_policy(Duration::from_millis(200)),
        warnings: Some(sink),
    };
    let client =
        BatchClient::with_base_url(&format!("http://127.0.0.1:{port}"), Some("T"), options)
            .expect("client");
    let start = Instant::now();
    let err = client.get_batch(1).await.expect_err("nothing listens");
    assert!(start.elapsed() < Duration::from_secs(10));
    match &err {
        ClientError::RetriesExhausted { attempts, last, .. } => {
            assert!(*attempts >= 2, "{attempts}");
            assert!(
                matches!(
                    **last,
                    ClientError::Transport {
                        transient: true,
                        ..
                    }
                ),
                "{last:?}"
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(warnings.lock().expect("lock").len(), 1);
    assert!(!client.healthcheck().await);
}

#[tokio::test]
async fn a_garbled_json_answer_is_retried() {
    // A service whose first answer is a 200 with a cut-off JSON body.
    let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = calls.clone();
    let app = axum::Router::new().route(
        "/api/v1alpha/batches/{id}",
        axum::routing::get(move || {
            let counter = counter.clone();
            async move {
                match counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst) {
                    0 => "{\"id\": 1, \"sta".to_string(),
                    _ => "{\"id\": 1, \"state\": \"success\"}".to_string(),
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    let (_warnings, sink) = warnings_sink();
    let client = BatchClient::with_base_url(
        &format!("http://127.0.0.1:{port}"),
        Some("t"),
        ClientOptions {
            retry: fast_policy(Duration::from_secs(10)),
            warnings: Some(sink),
        },
    )
    .expect("client");
    let batch = client.get_batch(1).await.expect("get").expect("found");
    assert_eq!(batch["state"], "success");
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 2);
}
