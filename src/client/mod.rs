//! The Hail Batch REST client used by every `hailctl batch` command, against the embedded local
//! service or the real one.
//!
//! [`BatchClient::for_backend`] picks the target from `batch/backend`:
//! - `local` (the default): the embedded service, started if needed, addressed by the URL and
//!   token of its state file (and trusting its own CA when it serves TLS);
//! - `service`: a Hail deployment, addressed through the deploy config (reference §5) with the
//!   user's credentials (§6.4, see [`auth`]).
//!
//! HTTP behaviour follows Hail's Batch client (reference §7 and hailctl-cli §2.3): a 30 s total
//! timeout per request (the configured `http/timeout_in_seconds` for auth and identity-provider
//! calls), retries of transient errors with Hail's jittered exponential backoff, a 401 turned
//! into [`ClientError::NotAuthenticated`], error bodies kept verbatim, and `X-Hail-Deprecated`
//! reported as a warning. The one deliberate difference is that retries stop at a deadline
//! ([`retry`]), so the CLI fails with a clear message instead of hanging without a network.
//!
//! Test-only switches, both honoured **only for loopback URLs** so they cannot weaken real
//! traffic: [`INSECURE_HTTP_ENV_VAR`] (`=1`: speak plain `http` to a loopback "external"
//! deployment) and [`auth::GOOGLE_TOKEN_URI_ENV_VAR`] (send Google token requests to a loopback
//! fake).

pub(crate) mod auth;
pub(crate) mod auth_service;
pub(crate) mod encoding;
pub(crate) mod microsoft;
pub(crate) mod retry;

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use reqwest::{Method, Url};
use serde_json::{Value, json};

use crate::config::deploy::{DeployConfig, DeployConfigError, Location};
use crate::config::resolve::{ResolveError, resolve_variable};
use crate::config::tokens::{NotLoggedInError, TokensError};
use crate::config::{ConfigError, UserConfig};
use crate::env::Env;
use crate::server::daemon::{DaemonError, StartWith, ensure_running};
use crate::server::state::ServicePaths;
use auth::{Auth, TokenClient};
use encoding::path_segment;
pub(crate) use retry::DEADLINE_ENV_VAR;
pub use retry::RetryPolicy;
use retry::{Retry, classify_status, transient_warning};

/// The Batch client's total timeout per request (Hail's explicit 30 s, not configurable).
pub(crate) const BATCH_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The timeout of auth and identity-provider calls when `http/timeout_in_seconds` is not set.
pub(crate) const DEFAULT_HTTP_TIMEOUT: Duration = Duration::from_secs(5);

/// **Test only.** When `1`, `https` service URLs whose host is a loopback address are used as
/// plain `http` (a deploy config with location `external` always means `https`, and a test
/// fake has no certificate). Ignored for any other host.
pub(crate) const INSECURE_HTTP_ENV_VAR: &str = "HAILCTL_INSECURE_HTTP_FOR_TESTS";

/// Hail's `BatchNotAuthenticatedError` message (reference §6.5, observed).
pub(crate) const NOT_AUTHENTICATED_MESSAGE: &str = "Not authenticated with Hail Batch.\n\nPlease run:\n\n    \
     hailctl auth login\n\nto obtain credentials. If problems persist, try logging in to the web \
     UI to check account status.";

/// Everything a client call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// No session token for the namespace and no identity (Hail's `NotLoggedInError`); raised
    /// before any request is sent.
    // Transparent, so that the message is not repeated as its own cause.
    #[error(transparent)]
    NotLoggedIn(#[from] NotLoggedInError),
    /// The service answered 401 (Hail's `BatchNotAuthenticatedError`). For
    /// [`BatchClient::userinfo`] this means "not logged in".
    #[error("{NOT_AUTHENTICATED_MESSAGE}")]
    NotAuthenticated,
    /// Any other status ≥ 400. `body` is the server's text, verbatim.
    #[error("{}", http_message(*.status, .url, .body))]
    Http {
        status: u16,
        url: String,
        body: String,
    },
    /// The request could not be completed (connection, TLS, timeout, ...).
    #[error("request to {url} failed: {message}")]
    Transport {
        url: String,
        message: String,
        /// Whether Hail would retry it (everything but TLS and request-building errors).
        transient: bool,
    },
    /// A response that is not what the API promises (not JSON, missing fields).
    #[error("invalid response from {url}: {message}")]
    Decode { url: String, message: String },
    /// Retries of transient errors went on until the deadline.
    #[error(
        "giving up on {url} after {attempts} attempts in {:.1}s (the retry deadline is {}s; \
         set {DEADLINE_ENV_VAR} to change it). The last error was: {last}",
        .elapsed.as_secs_f64(), .deadline.as_secs_f64()
    )]
    RetriesExhausted {
        url: String,
        attempts: u32,
        elapsed: Duration,
        deadline: Duration,
        last: Box<ClientError>,
    },
    /// The identity or credentials files are unusable.
    #[error("{0}")]
    Credentials(String),
    /// A configuration this client does not support yet (Azure identities, location `k8s`).
    #[error("{0}")]
    Unsupported(String),
    /// A setting has a value the client cannot use.
    #[error("{0}")]
    Setting(String),
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Deploy(#[from] DeployConfigError),
    #[error(transparent)]
    Tokens(#[from] TokensError),
    #[error(transparent)]
    LocalService(#[from] DaemonError),
}

fn http_message(status: u16, url: &str, body: &str) -> String {
    let reason = reason_phrase(status);
    if body.trim().is_empty() {
        format!("HTTP {status} {reason} from {url}")
    } else {
        format!("HTTP {status} {reason} from {url}: {body}")
    }
}

fn reason_phrase(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

impl ClientError {
    /// An HTTP error with the body decoded as text (invalid UTF-8 replaced).
    pub(crate) fn http(status: u16, url: &str, body: &[u8]) -> ClientError {
        ClientError::Http {
            status,
            url: url.to_string(),
            body: String::from_utf8_lossy(body).into_owned(),
        }
    }

    /// The HTTP status, if the server answered with an error status.
    #[cfg(test)]
    fn status(&self) -> Option<u16> {
        match self {
            ClientError::Http { status, .. } => Some(*status),
            ClientError::NotAuthenticated => Some(401),
            _ => None,
        }
    }

    fn retry_kind(&self, retry_500: bool) -> Retry {
        match self {
            ClientError::Http { status, body, .. } => classify_status(*status, body, retry_500),
            ClientError::Transport {
                transient: true, ..
            } => Retry::Transient,
            // A 2xx whose JSON body arrived garbled: the request is idempotent, try again a few
            // times.
            ClientError::Decode { .. } => Retry::Limited,
            _ => Retry::Never,
        }
    }

    /// The error as Hail's warning shows it: Python's class and `ClientResponseError` text for
    /// HTTP errors (§7.2, observed), our own text otherwise.
    fn python_repr(&self) -> String {
        match self {
            ClientError::Http { status, url, body } => format!(
                "<class 'hailtop.httpx.ClientResponseError'> {status}, message='{}', \
                 url=URL('{url}') body='{body}'",
                reason_phrase(*status)
            ),
            other => other.to_string(),
        }
    }
}

/// Receives the client's warnings (without a `warning: ` prefix). The default writes
/// `warning: <text>` to stderr; the CLI may route them through its printer instead.
pub type WarningSink = Arc<dyn Fn(&str) + Send + Sync>;

fn stderr_sink() -> WarningSink {
    Arc::new(|text: &str| {
        // A closed stderr is not worth failing a request for.
        let _ = crate::printer::write_stderr_line(&format!("warning: {text}"));
    })
}

/// How a client retries and reports.
#[derive(Clone)]
pub struct ClientOptions {
    /// Retry schedule and deadline.
    pub retry: RetryPolicy,
    /// Where warnings go; `None` means stderr.
    pub warnings: Option<WarningSink>,
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("retry", &self.retry)
            .field("warnings", &self.warnings.as_ref().map(|_| "<sink>"))
            .finish()
    }
}

impl ClientOptions {
    /// Hail's schedule with the deadline from [`DEADLINE_ENV_VAR`], warnings on stderr.
    pub fn from_env(env: &Env) -> Result<ClientOptions, ClientError> {
        Ok(ClientOptions {
            retry: RetryPolicy::from_env(env).map_err(|e| ClientError::Setting(e.to_string()))?,
            warnings: None,
        })
    }
}

/// Runs a call with the retry policy.
#[derive(Clone)]
pub(crate) struct Retrier {
    policy: RetryPolicy,
    /// Hail stops treating 500 as transient when `HAIL_DONT_RETRY_500=1`.
    retry_500: bool,
    warn: WarningSink,
}

impl Retrier {
    fn new(env: &Env, options: &ClientOptions) -> Retrier {
        Retrier {
            policy: options.retry,
            retry_500: env.get("HAIL_DONT_RETRY_500").as_deref() != Some("1"),
            warn: options.warnings.clone().unwrap_or_else(stderr_sink),
        }
    }

    /// Calls `op` until it succeeds, fails with an error that is not retried, or the next
    /// attempt would start after the deadline.
    pub(crate) async fn run<T, F, Fut>(&self, url: &str, mut op: F) -> Result<T, ClientError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ClientError>>,
    {
        let start = Instant::now();
        let mut failures = 0u32;
        loop {
            let err = match op().await {
                Ok(value) => return Ok(value),
                Err(err) => err,
            };
            failures += 1;
            let kind = err.retry_kind(self.retry_500);
            let retry = match kind {
                Retry::Transient | Retry::RateLimited => true,
                Retry::Limited => failures <= 5,
                Retry::Never => false,
            };
            if !retry || self.policy.deadline.is_zero() {
                return Err(err);
            }
            let delay = self.policy.delay(failures);
            let elapsed = start.elapsed();
            if elapsed + delay > self.policy.deadline {
                return Err(ClientError::RetriesExhausted {
                    url: url.to_string(),
                    attempts: failures,
                    elapsed,
                    deadline: self.policy.deadline,
                    last: Box::new(err),
                });
            }
            // Hail warns on the second transient failure; rate limiting is retried silently.
            if kind == Retry::Transient && failures == 2 {
                (self.warn)(&transient_warning(failures, delay, &err.python_repr()));
            }
            tokio::time::sleep(delay).await;
        }
    }
}

/// Maps a reqwest failure to [`ClientError::Transport`], deciding whether Hail would retry it.
pub(crate) fn transport_error(url: &str, err: reqwest::Error) -> ClientError {
    let tls = chain_has_tls_error(&err);
    let transient =
        !tls && (err.is_timeout() || err.is_connect() || err.is_request() || err.is_body());
    ClientError::Transport {
        url: url.to_string(),
        message: describe(&err),
        transient,
    }
}

/// The causes of a reqwest error, innermost last (reqwest's own text repeats the URL).
fn describe(err: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    if err.is_timeout() {
        parts.push("timed out".into());
    }
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    if parts.is_empty() {
        // reqwest's own text, without the URL the caller shows anyway.
        let text = err.to_string();
        parts.push(match text.find(" for url (") {
            Some(i) => text[..i].to_string(),
            None => text,
        });
    }
    parts.join(": ")
}

/// True if a TLS (certificate, handshake) error is in the chain: those are not transient.
fn chain_has_tls_error(err: &(dyn std::error::Error + 'static)) -> bool {
    use tokio_rustls::rustls;
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        if e.is::<rustls::Error>() {
            return true;
        }
        // io::Error::source skips the wrapped error itself, so look inside explicitly.
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && io
                .get_ref()
                .is_some_and(|inner| inner.is::<rustls::Error>())
        {
            return true;
        }
        current = e.source();
    }
    false
}

/// Status, headers and body of a response; a failure while reading the body is a transport
/// error (Hail: "Response payload is not completed", transient).
pub(crate) async fn read_response(
    url: &str,
    response: reqwest::Response,
) -> Result<(u16, HeaderMap, Vec<u8>), ClientError> {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .bytes()
        .await
        .map_err(|e| transport_error(url, e))?;
    Ok((status, headers, body.to_vec()))
}

/// True if `url` parses and its host is `localhost` or a loopback IP address.
pub(crate) fn is_loopback_url(url: &str) -> bool {
    let Ok(parsed) = Url::parse(url) else {
        return false;
    };
    let Some(host) = parsed.host_str() else {
        return false;
    };
    // IPv6 hosts come bracketed.
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `url` with `https` replaced by `http` when [`INSECURE_HTTP_ENV_VAR`] is `1` and the host is a
/// loopback address; otherwise unchanged.
fn maybe_insecure(env: &Env, url: String) -> String {
    transport_url(env, url)
}

/// The URL requests to `url` go to: `url` itself, except plain `http` to a loopback test fake
/// when [`INSECURE_HTTP_ENV_VAR`] is `1`.
pub(crate) fn transport_url(env: &Env, url: String) -> String {
    if env.get(INSECURE_HTTP_ENV_VAR).as_deref() == Some("1")
        && is_loopback_url(&url)
        && let Some(rest) = url.strip_prefix("https://")
    {
        return format!("http://{rest}");
    }
    url
}

/// The configured `http/timeout_in_seconds` (default 5): `None` for 0 or a negative value
/// (no timeout, as Hail), an error for text Python's `float()` rejects or infinity.
fn http_timeout(env: &Env, config: &UserConfig) -> Result<Option<Duration>, ClientError> {
    let Some(resolved) = resolve_variable("http/timeout_in_seconds", None, env, config)? else {
        return Ok(Some(DEFAULT_HTTP_TIMEOUT));
    };
    let bad = || {
        ClientError::Setting(format!(
            "http/timeout_in_seconds = {:?} (from {}) is not a usable number of seconds",
            resolved.value, resolved.source
        ))
    };
    // Python's float() accepts surrounding whitespace and digit-group underscores.
    let seconds: f64 = resolved
        .value
        .trim()
        .replace('_', "")
        .parse()
        .map_err(|_| bad())?;
    if seconds.is_nan() || seconds.is_infinite() {
        return Err(bad());
    }
    if seconds <= 0.0 {
        return Ok(None);
    }
    Duration::try_from_secs_f64(seconds)
        .map(Some)
        .map_err(|_| bad())
}

/// Which Hail service a request goes to: decides timeout, authentication and header checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Service {
    /// The Batch API: 30 s, authenticated, `X-Hail-Deprecated` checked.
    Batch,
    /// The auth service: the configured timeout, authenticated, not checked for deprecation.
    Auth,
}

/// What the client talks to.
#[derive(Clone, Debug)]
enum Target {
    /// The embedded local service (found through the state file in `paths`); jobs run as
    /// `user`. `offline`: no service runs and none is started (`submit --dry-run` sends
    /// nothing); these regions stand for the service's answers.
    Local {
        user: String,
        paths: ServicePaths,
        offline: Option<Vec<String>>,
    },
    /// A Hail deployment.
    Service {
        deploy: DeployConfig,
        auth_base_url: String,
    },
    /// An explicit base URL and token ([`BatchClient::with_base_url`]).
    Explicit,
}

/// An async client of the Hail Batch REST API.
pub struct BatchClient {
    http: reqwest::Client,
    /// Batch API base URL, without a trailing slash.
    base_url: String,
    target: Target,
    auth: Auth,
    retrier: Retrier,
    /// Timeout of auth-service calls (`http/timeout_in_seconds`).
    auth_timeout: Option<Duration>,
    /// `X-Hail-Deprecated` values already reported (Python warns once per call site).
    deprecations: Mutex<HashSet<String>>,
    /// Where the local service went after it stopped answering at `base_url` (restarted
    /// after a crash, on another port or with another token): a long `wait` follows it.
    moved: Mutex<Option<Endpoint>>,
    /// The local service's token requests are sent with (empty for other targets).
    local_token: Mutex<String>,
}

/// A Batch API address and the credentials it takes.
#[derive(Clone)]
struct Endpoint {
    base_url: String,
    auth: Auth,
}

/// The base URL a client uses for a local service: plain HTTP on loopback even when the
/// service also serves TLS (nothing can be intercepted there, and setting TLS up costs more
/// than a whole command).
fn local_base_url(state: &crate::server::state::ServiceState) -> String {
    if state.tls && state.addr.ip().is_loopback() {
        format!("http://{}", state.addr)
    } else {
        state.base_url()
    }
}

/// `url` with the scheme, host and port of `base`.
fn rebase(url: &Url, base: &str) -> Url {
    let Ok(base) = Url::parse(base) else {
        return url.clone();
    };
    let mut moved = url.clone();
    let _ = moved.set_scheme(base.scheme());
    let _ = moved.set_host(base.host_str());
    let _ = moved.set_port(base.port());
    moved
}

impl fmt::Debug for BatchClient {
    // Tokens stay out of Debug output: only the address and the kind of target are shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchClient")
            .field("base_url", &self.base_url)
            .field("target", &self.target)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

impl BatchClient {
    /// The Google access-token provider of this client's identity, if it has one: what
    /// staging to `gs://` authenticates with (the same credentials as Hail's client).
    pub(crate) fn google_token_provider(&self) -> Option<Arc<auth::GoogleTokenProvider>> {
        match &self.auth.authorization {
            Some(auth::TokenSource::Google(provider)) => Some(provider.clone()),
            _ => None,
        }
    }

    /// The client for the configured `batch/backend` (`local` by default), with Hail's retry
    /// schedule and the deadline of [`DEADLINE_ENV_VAR`].
    pub async fn for_backend(env: &Env, config: &UserConfig) -> Result<BatchClient, ClientError> {
        Self::for_backend_with(env, config, ClientOptions::from_env(env)?).await
    }

    /// [`BatchClient::for_backend`] with explicit options (a short retry policy in tests, a
    /// warning sink).
    pub async fn for_backend_with(
        env: &Env,
        config: &UserConfig,
        options: ClientOptions,
    ) -> Result<BatchClient, ClientError> {
        let backend = resolve_variable("batch/backend", None, env, config)?
            .map(|r| r.value)
            .unwrap_or_else(|| "local".to_string());
        match backend.as_str() {
            "local" => Self::local(env, config, options).await,
            "service" => Self::service(env, config, options).await,
            other => Err(ClientError::Setting(format!(
                "batch/backend = {other:?}: should be one of \"local\" or \"service\""
            ))),
        }
    }

    /// The embedded local service, started in the background if it is not running.
    pub async fn local(
        env: &Env,
        config: &UserConfig,
        options: ClientOptions,
    ) -> Result<BatchClient, ClientError> {
        let paths = ServicePaths::locate(env);
        let state_dir = paths.state_dir.clone();
        // Starting the service blocks (it waits for the child to become ready).
        let for_start = paths.clone();
        let state =
            tokio::task::spawn_blocking(move || ensure_running(&for_start, StartWith::Remembered))
                .await
                .map_err(|e| ClientError::Setting(format!("starting the local service: {e}")))??;
        let mut builder = reqwest::Client::builder();
        // A TLS service also answers plain HTTP from this machine (see [`local_base_url`]).
        let plain_loopback = state.tls && state.addr.ip().is_loopback();
        let base_url = local_base_url(&state);
        if plain_loopback || !state.tls {
            // No TLS at all: without this, building the client would still load and parse
            // the system's root certificates.
            builder = builder.tls_certs_only([]);
        } else {
            // Trust exactly the service's own CA (created beside the state file): nothing else
            // can legitimately serve this address.
            let ca = state_dir.join("ca.pem");
            if let Ok(pem) = std::fs::read(&ca) {
                let cert = reqwest::Certificate::from_pem(&pem).map_err(|e| {
                    ClientError::Setting(format!("{}: not a usable certificate: {e}", ca.display()))
                })?;
                builder = builder.tls_certs_only([cert]);
            }
        }
        let http = build_http(builder)?;
        Ok(BatchClient {
            http,
            base_url,
            target: Target::Local {
                user: state.user.clone(),
                paths,
                offline: None,
            },
            auth: Auth::bearer(&state.token),
            retrier: Retrier::new(env, &options),
            auth_timeout: http_timeout(env, config)?,
            deprecations: Mutex::new(HashSet::new()),
            moved: Mutex::new(None),
            local_token: Mutex::new(state.token.clone()),
        })
    }

    /// For `submit --dry-run`, which sends nothing: the configured backend's client, except
    /// that a local service is not started when none runs; the regions a restarted service
    /// would offer (those it was last started with, else the default) stand for its answers.
    pub async fn for_dry_run(env: &Env, config: &UserConfig) -> Result<BatchClient, ClientError> {
        let backend = resolve_variable("batch/backend", None, env, config)?.map(|r| r.value);
        let paths = ServicePaths::locate(env);
        let status = crate::server::daemon::status(&paths)?;
        let stale = match status {
            crate::server::daemon::Status::NotRunning => None,
            crate::server::daemon::Status::Stale(state) => Some(state),
            crate::server::daemon::Status::Running(_) => {
                return Self::for_backend(env, config).await;
            }
        };
        if backend.as_deref().is_some_and(|b| b != "local") {
            return Self::for_backend(env, config).await;
        }
        let regions = stale
            .as_ref()
            .map(|state| crate::server::regions_of(&state.serve_args))
            .filter(|regions| !regions.is_empty())
            .unwrap_or_else(|| vec![crate::server::DEFAULT_REGION.to_string()]);
        let user = stale
            .map(|state| state.user)
            .unwrap_or_else(|| crate::server::state::os_user_name(env));
        let mut client =
            Self::with_base_url("http://127.0.0.1:0", None, ClientOptions::from_env(env)?)?;
        client.target = Target::Local {
            user,
            paths,
            offline: Some(regions),
        };
        Ok(client)
    }

    /// A Hail deployment, through the deploy config and the user's credentials.
    pub async fn service(
        env: &Env,
        config: &UserConfig,
        options: ClientOptions,
    ) -> Result<BatchClient, ClientError> {
        let deploy = auth_service::deploy_config(env, config)?;
        if deploy.location == Location::K8s {
            return Err(ClientError::Unsupported(
                "deploy config location \"k8s\" (mutual TLS inside the Hail cluster) is not \
                 supported yet by this hailctl; use location \"external\""
                    .into(),
            ));
        }
        let base_url = maybe_insecure(env, deploy.base_url("batch")?);
        let auth_base_url = maybe_insecure(env, deploy.base_url("auth")?);
        let http = build_http(reqwest::Client::builder())?;
        let retrier = Retrier::new(env, &options);
        let auth_timeout = http_timeout(env, config)?;
        let token_client = TokenClient {
            http: http.clone(),
            timeout: auth_timeout,
            retrier: retrier.clone(),
        };
        let identity_file = config.dir.path().join("identity.json");
        let auth = Auth::for_service(env, &identity_file, &deploy, token_client).await?;
        Ok(BatchClient {
            http,
            base_url,
            target: Target::Service {
                deploy,
                auth_base_url,
            },
            auth,
            retrier,
            auth_timeout,
            deprecations: Mutex::new(HashSet::new()),
            moved: Mutex::new(None),
            local_token: Mutex::new(String::new()),
        })
    }

    /// A client of the Batch API at `base_url` that sends only `Authorization: Bearer <token>`
    /// (like Hail's `BatchClient` created with an explicit token), or nothing without a token.
    /// [`BatchClient::userinfo`] is not available (there is no auth service).
    pub fn with_base_url(
        base_url: &str,
        token: Option<&str>,
        options: ClientOptions,
    ) -> Result<BatchClient, ClientError> {
        Url::parse(base_url)
            .map_err(|e| ClientError::Setting(format!("invalid base URL {base_url:?}: {e}")))?;
        Ok(BatchClient {
            http: build_http(reqwest::Client::builder())?,
            base_url: base_url.trim_end_matches('/').to_string(),
            target: Target::Explicit,
            auth: token.map(Auth::bearer).unwrap_or_default(),
            retrier: Retrier::new(&Env::default(), &options),
            auth_timeout: Some(DEFAULT_HTTP_TIMEOUT),
            deprecations: Mutex::new(HashSet::new()),
            moved: Mutex::new(None),
            local_token: Mutex::new(String::new()),
        })
    }

    /// The Batch API base URL (`https://batch.hail.is`, `http://127.0.0.1:PORT`, ...).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Whether this client talks to the embedded local service.
    pub fn is_local(&self) -> bool {
        matches!(self.target, Target::Local { .. })
    }

    /// The URL a browser should open for `path` (`/batches/7`): the deployment's public URL in
    /// service mode, the service's own address otherwise.
    pub fn ui_url(&self, path: &str) -> String {
        match &self.target {
            Target::Service { deploy, .. } => deploy.external_url("batch", path),
            Target::Local { .. } | Target::Explicit => format!("{}{path}", self.current().base_url),
        }
    }

    // ---- request helpers ----

    /// `GET path?query` on the Batch API, as JSON.
    pub async fn get_json(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Value, ClientError> {
        let url = self.batch_url(path, query)?;
        let body = self
            .send_json(Method::GET, url, None, Service::Batch)
            .await?;
        parse_json(path, &body)
    }

    /// `GET path?query` on the Batch API, as bytes.
    pub async fn get_bytes(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Vec<u8>, ClientError> {
        let url = self.batch_url(path, query)?;
        self.send(Method::GET, url, None, Service::Batch).await
    }

    /// `PATCH path` with no body; the response body is ignored.
    pub async fn patch(&self, path: &str) -> Result<(), ClientError> {
        let url = self.batch_url(path, &[])?;
        self.send(Method::PATCH, url, None, Service::Batch)
            .await
            .map(drop)
    }

    /// `DELETE path`; the response body is ignored.
    pub async fn delete(&self, path: &str) -> Result<(), ClientError> {
        let url = self.batch_url(path, &[])?;
        self.send(Method::DELETE, url, None, Service::Batch)
            .await
            .map(drop)
    }

    /// `POST path` with a JSON body, as JSON (an empty response body is `null`). Retried like
    /// every call, as Hail does: Batch's create and update calls are idempotent by token.
    pub async fn post_json(&self, path: &str, body: &Value) -> Result<Value, ClientError> {
        let url = self.batch_url(path, &[])?;
        let response = self
            .send_json(Method::POST, url, Some(Body::Json(body)), Service::Batch)
            .await?;
        parse_json(path, &response)
    }

    /// `POST path` with a body that is already serialized JSON (submission serializes each job
    /// spec once and sends bunches of them as they are).
    pub async fn post_raw_json(&self, path: &str, body: &[u8]) -> Result<Value, ClientError> {
        let url = self.batch_url(path, &[])?;
        let response = self
            .send_json(Method::POST, url, Some(Body::Raw(body)), Service::Batch)
            .await?;
        parse_json(path, &response)
    }

    // ---- typed conveniences ----

    /// `GET /api/v1alpha/batches/{id}`; `None` if the service answers 404.
    pub async fn get_batch(&self, id: i64) -> Result<Option<Value>, ClientError> {
        not_found_as_none(
            self.get_json(&format!("/api/v1alpha/batches/{id}"), &[])
                .await,
        )
    }

    /// The job lookup of hailctl-cli §4.5: the batch lookup, then
    /// `GET /api/v1alpha/batches/{b}/jobs/{j}`; `None` if either answers 404.
    pub async fn get_job(&self, batch_id: i64, job_id: i64) -> Result<Option<Value>, ClientError> {
        if self.get_batch(batch_id).await?.is_none() {
            return Ok(None);
        }
        not_found_as_none(
            self.get_json(
                &format!("/api/v1alpha/batches/{batch_id}/jobs/{job_id}"),
                &[],
            )
            .await,
        )
    }

    /// One page of
    /// `GET /api/v2alpha/batches/{id}/job-groups/0/jobs?recursive=True[&q=..][&last_job_id=..]`:
    /// `{"jobs": [...], "last_job_id"?: n}`.
    pub async fn list_jobs_page(
        &self,
        batch_id: i64,
        q: Option<&str>,
        last_job_id: Option<i64>,
    ) -> Result<Value, ClientError> {
        let mut query = vec![("recursive", "True".to_string())];
        if let Some(q) = q {
            query.push(("q", q.to_string()));
        }
        if let Some(last) = last_job_id {
            query.push(("last_job_id", last.to_string()));
        }
        self.get_json(
            &format!("/api/v2alpha/batches/{batch_id}/job-groups/0/jobs"),
            &query,
        )
        .await
    }

    /// `PATCH /api/v1alpha/batches/{id}/job-groups/0/cancel`.
    pub async fn cancel_batch(&self, id: i64) -> Result<(), ClientError> {
        self.patch(&format!("/api/v1alpha/batches/{id}/job-groups/0/cancel"))
            .await
    }

    /// `DELETE /api/v1alpha/batches/{id}`; a 404 is ignored (already gone).
    pub async fn delete_batch(&self, id: i64) -> Result<(), ClientError> {
        match self.delete(&format!("/api/v1alpha/batches/{id}")).await {
            Err(ClientError::Http { status: 404, .. }) => Ok(()),
            other => other,
        }
    }

    /// `GET /api/v1alpha/batches/{b}/jobs/{j}/log/{container}[?attempt_id=..]`, raw bytes.
    /// `attempt_id` is sent only when `attempt` is non-empty, as Hail does.
    pub async fn container_log(
        &self,
        batch_id: i64,
        job_id: i64,
        container: &str,
        attempt: Option<&str>,
    ) -> Result<Vec<u8>, ClientError> {
        let query: Vec<(&str, String)> = attempt
            .filter(|a| !a.is_empty())
            .map(|a| ("attempt_id", a.to_string()))
            .into_iter()
            .collect();
        self.get_bytes(
            &format!(
                "/api/v1alpha/batches/{batch_id}/jobs/{job_id}/log/{}",
                path_segment(container)
            ),
            &query,
        )
        .await
    }

    /// `GET /api/v1alpha/batches/{b}/jobs/{j}/attempts`: a list, or `null`.
    pub async fn attempts(&self, batch_id: i64, job_id: i64) -> Result<Value, ClientError> {
        self.get_json(
            &format!("/api/v1alpha/batches/{batch_id}/jobs/{job_id}/attempts"),
            &[],
        )
        .await
    }

    /// `GET /api/v1alpha/billing_projects`.
    pub async fn billing_projects(&self) -> Result<Value, ClientError> {
        self.get_json("/api/v1alpha/billing_projects", &[]).await
    }

    /// `GET /api/v1alpha/billing_projects/{name}` (an unknown project is a 403 from Hail).
    pub async fn billing_project(&self, name: &str) -> Result<Value, ClientError> {
        self.get_json(
            &format!("/api/v1alpha/billing_projects/{}", path_segment(name)),
            &[],
        )
        .await
    }

    fn billing_path(name: &str, action: &str) -> String {
        format!(
            "/api/v1alpha/billing_projects/{}/{action}",
            path_segment(name)
        )
    }

    fn billing_user_path(name: &str, user: &str, action: &str) -> String {
        format!(
            "/api/v1alpha/billing_projects/{}/users/{}/{action}",
            path_segment(name),
            path_segment(user)
        )
    }

    /// `POST /api/v1alpha/billing_projects/{name}/create` (administrators).
    pub async fn create_billing_project(&self, name: &str) -> Result<Value, ClientError> {
        self.post_json(&Self::billing_path(name, "create"), &Value::Null)
            .await
    }

    /// `POST /api/v1alpha/billing_projects/{name}/users/{user}/add` (administrators).
    pub async fn add_billing_project_user(
        &self,
        name: &str,
        user: &str,
    ) -> Result<Value, ClientError> {
        self.post_json(&Self::billing_user_path(name, user, "add"), &Value::Null)
            .await
    }

    /// `POST /api/v1alpha/billing_projects/{name}/users/{user}/remove` (administrators).
    pub async fn remove_billing_project_user(
        &self,
        name: &str,
        user: &str,
    ) -> Result<Value, ClientError> {
        self.post_json(&Self::billing_user_path(name, user, "remove"), &Value::Null)
            .await
    }

    /// `POST /api/v1alpha/billing_projects/{name}/close` (administrators).
    pub async fn close_billing_project(&self, name: &str) -> Result<Value, ClientError> {
        self.post_json(&Self::billing_path(name, "close"), &Value::Null)
            .await
    }

    /// `POST /api/v1alpha/billing_projects/{name}/reopen` (administrators).
    pub async fn reopen_billing_project(&self, name: &str) -> Result<Value, ClientError> {
        self.post_json(&Self::billing_path(name, "reopen"), &Value::Null)
            .await
    }

    /// `POST /api/v1alpha/billing_projects/{name}/delete` (administrators).
    pub async fn delete_billing_project(&self, name: &str) -> Result<Value, ClientError> {
        self.post_json(&Self::billing_path(name, "delete"), &Value::Null)
            .await
    }

    /// `POST /api/v1alpha/billing_limits/{name}/edit` with `{"limit": limit}` (`None`: no
    /// limit; administrators).
    pub async fn edit_billing_limit(
        &self,
        name: &str,
        limit: Option<f64>,
    ) -> Result<Value, ClientError> {
        self.post_json(
            &format!("/api/v1alpha/billing_limits/{}/edit", path_segment(name)),
            &serde_json::json!({ "limit": limit }),
        )
        .await
    }

    /// `GET /api/v1alpha/supported_regions`: a list of region names.
    pub async fn supported_regions(&self) -> Result<Value, ClientError> {
        if let Target::Local {
            offline: Some(regions),
            ..
        } = &self.target
        {
            return Ok(json!(regions));
        }
        self.get_json("/api/v1alpha/supported_regions", &[]).await
    }

    /// `GET /api/v1alpha/cloud`: the deployment's cloud, `gcp` or `azure` (plain text).
    pub async fn cloud(&self) -> Result<String, ClientError> {
        let body = self.get_bytes("/api/v1alpha/cloud", &[]).await?;
        Ok(String::from_utf8_lossy(&body).trim().to_string())
    }

    /// `GET /api/v1alpha/default_region`: a plain-text region name.
    pub async fn default_region(&self) -> Result<String, ClientError> {
        if let Target::Local {
            offline: Some(regions),
            ..
        } = &self.target
            && let Some(first) = regions.first()
        {
            return Ok(first.clone());
        }
        let body = self.get_bytes("/api/v1alpha/default_region", &[]).await?;
        Ok(String::from_utf8_lossy(&body).trim().to_string())
    }

    /// The logged-in user. Service mode: `GET <auth>/api/v1alpha/userinfo` (§6.6; a 401 is
    /// [`ClientError::NotAuthenticated`], which `hailctl auth user` reports as "not logged in").
    /// Local mode: `{"username": <the service's user>}`.
    pub async fn userinfo(&self) -> Result<Value, ClientError> {
        match &self.target {
            Target::Local { user, .. } => Ok(json!({ "username": user })),
            Target::Service { auth_base_url, .. } => {
                let url = build_url(&format!("{auth_base_url}/api/v1alpha/userinfo"), &[])?;
                let body = self
                    .send_json(Method::GET, url, None, Service::Auth)
                    .await?;
                parse_json("/api/v1alpha/userinfo", &body)
            }
            Target::Explicit => Err(ClientError::Unsupported(
                "userinfo needs an auth service; this client was given only a Batch URL".into(),
            )),
        }
    }

    /// The URL a browser should open for `path`, signed in when that is possible: for the
    /// embedded local service, a one-time login link (`POST /api/v1alpha/ui/login-link`) that
    /// opens a browser session and then shows `path`; elsewhere the plain [`BatchClient::ui_url`]
    /// (a Hail deployment signs browsers in itself). The link holds a secret code: it is for the
    /// browser, not for logs.
    pub async fn signed_in_ui_url(&self, path: &str) -> Result<String, ClientError> {
        if !self.is_local() {
            return Ok(self.ui_url(path));
        }
        let answer = self
            .post_json("/api/v1alpha/ui/login-link", &json!({ "next": path }))
            .await?;
        match answer.get("url").and_then(Value::as_str) {
            Some(link) if link.starts_with('/') => Ok(self.ui_url(link)),
            _ => Err(ClientError::Setting(
                "the local service answered the login-link request without a URL".into(),
            )),
        }
    }

    /// `GET /healthcheck` answers 200 (no credentials, no retries, the 5 s default timeout).
    pub async fn healthcheck(&self) -> bool {
        let url = format!("{}/healthcheck", self.current().base_url);
        self.http
            .get(&url)
            .timeout(DEFAULT_HTTP_TIMEOUT)
            .send()
            .await
            .is_ok_and(|r| r.status().as_u16() == 200)
    }

    // ---- internals ----

    fn batch_url(&self, path: &str, query: &[(&str, String)]) -> Result<Url, ClientError> {
        build_url(&format!("{}{path}", self.current().base_url), query)
    }

    /// Where requests go now: where the local service moved, else where it was.
    fn current(&self) -> Endpoint {
        self.moved
            .lock()
            .ok()
            .and_then(|moved| moved.clone())
            .unwrap_or_else(|| Endpoint {
                base_url: self.base_url.clone(),
                auth: self.auth.clone(),
            })
    }

    /// After the local service stopped answering: find it again as any new command would
    /// (the state file; a service that died is started again as it was started) and send the
    /// next attempts there. Nothing happens for other targets or when no service can start.
    /// Returns whether requests should be tried again: the service is elsewhere now, or none
    /// of ours answers yet.
    async fn follow_local_service(&self) -> bool {
        let Target::Local { paths, .. } = &self.target else {
            return false;
        };
        let paths = paths.clone();
        let found =
            tokio::task::spawn_blocking(move || ensure_running(&paths, StartWith::Remembered))
                .await;
        let Ok(Ok(state)) = found else {
            return true;
        };
        let moved = {
            let current = self.current();
            current.base_url != local_base_url(&state) || self.token_changed(&state.token)
        };
        if let Ok(mut slot) = self.moved.lock() {
            *slot = Some(Endpoint {
                base_url: local_base_url(&state),
                auth: Auth::bearer(&state.token),
            });
        }
        if let Ok(mut token) = self.local_token.lock() {
            *token = state.token;
        }
        moved
    }

    /// Whether `token` differs from the local service's token requests are sent with.
    fn token_changed(&self, token: &str) -> bool {
        self.local_token
            .lock()
            .map(|current| *current != token)
            .unwrap_or(true)
    }

    /// Sends one logical request (retried per the policy) and returns the body of the
    /// successful response.
    async fn send(
        &self,
        method: Method,
        url: Url,
        body: Option<Body<'_>>,
        service: Service,
    ) -> Result<Vec<u8>, ClientError> {
        self.send_expecting(method, url, body, service, false).await
    }

    /// [`BatchClient::send`] of a request whose successful answer is JSON (or empty): a body
    /// that is not is retried like a transient failure, a few times.
    async fn send_json(
        &self,
        method: Method,
        url: Url,
        body: Option<Body<'_>>,
        service: Service,
    ) -> Result<Vec<u8>, ClientError> {
        self.send_expecting(method, url, body, service, true).await
    }

    async fn send_expecting(
        &self,
        method: Method,
        url: Url,
        body: Option<Body<'_>>,
        service: Service,
        json: bool,
    ) -> Result<Vec<u8>, ClientError> {
        let timeout = match service {
            Service::Batch => Some(BATCH_REQUEST_TIMEOUT),
            Service::Auth => self.auth_timeout,
        };
        let url_text = url.to_string();
        let (url_ref, url_text_ref) = (&url, url_text.as_str());
        let (headers, bytes) = self
            .retrier
            .run(url_text_ref, || {
                let method = method.clone();
                async move {
                    let endpoint = self.current();
                    let url = if self.is_local() {
                        rebase(url_ref, &endpoint.base_url)
                    } else {
                        url_ref.clone()
                    };
                    // Recomputed per attempt: an access token may have been refreshed.
                    let auth_headers = endpoint.auth.headers().await?;
                    let mut request = self.http.request(method, url);
                    for (name, value) in auth_headers {
                        request = request.header(name, value);
                    }
                    match body {
                        Some(Body::Json(value)) => request = request.json(value),
                        Some(Body::Raw(bytes)) => {
                            request = request
                                .header(reqwest::header::CONTENT_TYPE, "application/json")
                                .body(bytes.to_vec());
                        }
                        None => {}
                    }
                    if let Some(timeout) = timeout {
                        request = request.timeout(timeout);
                    }
                    let response = match request.send().await {
                        Ok(response) => response,
                        Err(e) => {
                            if e.is_connect() {
                                self.follow_local_service().await;
                            }
                            return Err(transport_error(url_text_ref, e));
                        }
                    };
                    let (status, headers, bytes) = read_response(url_text_ref, response).await?;
                    match status {
                        // Something else may answer at the address of a local service that
                        // died (a service that took its port): look for ours again.
                        401 if self.is_local() && self.follow_local_service().await => {
                            Err(ClientError::Transport {
                                url: url_text_ref.to_string(),
                                message: "the local service at this address is not the one \
                                          the state file names"
                                    .to_string(),
                                transient: true,
                            })
                        }
                        401 => Err(ClientError::NotAuthenticated),
                        s if s >= 400 => Err(ClientError::http(s, url_text_ref, &bytes)),
                        _ if json => parse_json(url_text_ref, &bytes).map(|_| (headers, bytes)),
                        _ => Ok((headers, bytes)),
                    }
                }
            })
            .await?;
        if service == Service::Batch {
            self.report_deprecation(&headers);
        }
        Ok(bytes)
    }

    /// Warns about `X-Hail-Deprecated`, once per distinct value.
    fn report_deprecation(&self, headers: &HeaderMap) {
        let Some(value) = headers.get("x-hail-deprecated") else {
            return;
        };
        let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
        let first = self
            .deprecations
            .lock()
            .map(|mut seen| seen.insert(text.clone()))
            .unwrap_or(true);
        if first {
            (self.retrier.warn)(&format!("DEPRECATED: {text}"));
        }
    }
}

/// A request body.
#[derive(Clone, Copy)]
enum Body<'a> {
    Json(&'a Value),
    Raw(&'a [u8]),
}

fn build_http(builder: reqwest::ClientBuilder) -> Result<reqwest::Client, ClientError> {
    builder
        .build()
        .map_err(|e| ClientError::Setting(format!("cannot set up the HTTP client: {e}")))
}

/// `base` with `query` appended, form-encoded as Hail's client does (`q=a%3Db%0Ac`, spaces as
/// `+`).
fn build_url(base: &str, query: &[(&str, String)]) -> Result<Url, ClientError> {
    let mut url =
        Url::parse(base).map_err(|e| ClientError::Setting(format!("invalid URL {base:?}: {e}")))?;
    if !query.is_empty() {
        let mut pairs = url.query_pairs_mut();
        for (key, value) in query {
            pairs.append_pair(key, value);
        }
    }
    Ok(url)
}

fn parse_json(path: &str, body: &[u8]) -> Result<Value, ClientError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(body).map_err(|e| ClientError::Decode {
        url: path.to_string(),
        message: format!("the body is not JSON: {e}"),
    })
}

fn not_found_as_none(result: Result<Value, ClientError>) -> Result<Option<Value>, ClientError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(ClientError::Http { status: 404, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_authenticated_text_is_hails() {
        assert_eq!(
            ClientError::NotAuthenticated.to_string(),
            "Not authenticated with Hail Batch.\n\nPlease run:\n\n    hailctl auth login\n\nto \
             obtain credentials. If problems persist, try logging in to the web UI to check \
             account status."
        );
    }

    #[test]
    fn http_errors_show_the_body() {
        let err = ClientError::http(400, "https://b/api", b"Invalid search term: x.");
        assert_eq!(
            err.to_string(),
            "HTTP 400 Bad Request from https://b/api: Invalid search term: x."
        );
        assert_eq!(err.status(), Some(400));
        assert_eq!(
            err.python_repr(),
            "<class 'hailtop.httpx.ClientResponseError'> 400, message='Bad Request', \
             url=URL('https://b/api') body='Invalid search term: x.'"
        );
        assert_eq!(
            ClientError::http(503, "u", b"").to_string(),
            "HTTP 503 Service Unavailable from u"
        );
    }

    #[test]
    fn loopback_detection_and_insecure_override() {
        assert!(is_loopback_url("https://127.0.0.1:8080/bp/batch"));
        assert!(is_loopback_url("http://localhost/x"));
        assert!(is_loopback_url("https://[::1]:5/"));
        assert!(!is_loopback_url("https://batch.hail.is"));
        assert!(!is_loopback_url("https://127.0.0.1.evil.org/"));
        assert!(!is_loopback_url("not a url"));
        let on = Env::from_pairs([(INSECURE_HTTP_ENV_VAR, "1")]);
        assert_eq!(
            maybe_insecure(&on, "https://127.0.0.1:9/bp/batch".into()),
            "http://127.0.0.1:9/bp/batch"
        );
        assert_eq!(
            maybe_insecure(&on, "https://batch.hail.is".into()),
            "https://batch.hail.is"
        );
        assert_eq!(
            maybe_insecure(&Env::default(), "https://127.0.0.1:9".into()),
            "https://127.0.0.1:9"
        );
    }

    #[test]
    fn query_strings_are_form_encoded() {
        let url = build_url(
            "https://b/api/v2alpha/batches/1/job-groups/0/jobs",
            &[
                ("recursive", "True".into()),
                ("q", "state=bad\nexit_code=1\nname=my step".into()),
            ],
        )
        .expect("url");
        assert_eq!(
            url.as_str(),
            "https://b/api/v2alpha/batches/1/job-groups/0/jobs?recursive=True&\
             q=state%3Dbad%0Aexit_code%3D1%0Aname%3Dmy+step"
        );
        let url = build_url("https://b/api/v1alpha/batches", &[("q", String::new())]).expect("url");
        assert_eq!(url.as_str(), "https://b/api/v1alpha/batches?q=");
    }

    #[tokio::test]
    async fn retries_stop_at_the_deadline_and_warn_once() {
        let warnings = Arc::new(Mutex::new(Vec::<String>::new()));
        let sink = warnings.clone();
        let options = ClientOptions {
            retry: RetryPolicy {
                base: Duration::from_millis(1),
                cap: Duration::from_millis(4),
                deadline: Duration::from_millis(60),
            },
            warnings: Some(Arc::new(move |w: &str| {
                sink.lock().expect("lock").push(w.to_string())
            })),
        };
        let retrier = Retrier::new(&Env::default(), &options);
        let calls = std::sync::atomic::AtomicU32::new(0);
        let result: Result<(), ClientError> = retrier
            .run("http://x/y", || async {
                calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                Err(ClientError::http(503, "http://x/y", b"busy"))
            })
            .await;
        let err = result.expect_err("gives up");
        let n = calls.load(std::sync::atomic::Ordering::SeqCst);
        assert!(n >= 3, "retried {n} times");
        assert!(
            matches!(&err, ClientError::RetriesExhausted { attempts, .. } if *attempts == n),
            "{err}"
        );
        assert!(
            err.to_string().starts_with("giving up on http://x/y after"),
            "{err}"
        );
        assert!(
            err.to_string()
                .ends_with("HTTP 503 Service Unavailable from http://x/y: busy")
        );
        {
            let warnings = warnings.lock().expect("lock");
            assert_eq!(warnings.len(), 1, "{warnings:?}");
            assert!(warnings[0].starts_with("A transient error occured."));
        }

        // Not transient: raised at once.
        let calls = std::sync::atomic::AtomicU32::new(0);
        let result: Result<(), ClientError> = retrier
            .run("u", || async {
                calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                Err(ClientError::NotAuthenticated)
            })
            .await;
        assert!(matches!(result, Err(ClientError::NotAuthenticated)));
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 1);
    }
}
