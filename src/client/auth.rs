//! Credentials for requests to Hail services (reference §6): which token goes in which header,
//! and how Google access tokens are obtained and cached.
//!
//! Supported:
//! - legacy session tokens from `tokens.json` (§6.1);
//! - a Google identity (`identity.json` or `HAIL_IDENTITY_PROVIDER_JSON`) with `authorized_user`
//!   credentials (refresh-token exchange, §6.3.1) or `service_account` credentials (RS256 JWT
//!   bearer grant, §6.3.2);
//! - a latent Google identity (no `credentials`): application default credentials from
//!   `$GOOGLE_APPLICATION_CREDENTIALS` or gcloud's file, else the GCE metadata server (§6.3.3);
//! - a Microsoft identity (§6.3.4, [`super::microsoft`]): a user's refresh token (what `auth
//!   login` stores), a service principal's `password`, or, latent, a credentials file. Azure's
//!   default credential chain, Hail's last resort for a latent identity, is not supported and
//!   fails with a clear error when the client is built.
//!
//! Access tokens are cached and refreshed at half their lifetime (§6.3.5, [`TokenCache`]). No
//! token is ever printed or `Debug`-formatted: they are held in [`Secret`] and sent as sensitive
//! headers.
//!
//! Token requests are retried like every call, with their own deadline; they run inside an
//! attempt of the Batch request that needs the token, so a request whose token cannot be had
//! fails after at most that one token deadline (a `RetriesExhausted` error is not retried
//! again). Hail's retry of a 401 when the token expired while the request was in flight (§6.5)
//! is not reproduced: tokens are replaced at half their lifetime, long before they expire.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use reqwest::header::HeaderValue;
use serde_json::{Map, Value, json};

use super::encoding::{base64url_encode, pem_decode};
use super::microsoft::{self, MicrosoftCredentials, MicrosoftTokenProvider};
use super::{ClientError, Retrier, is_loopback_url, read_response, transport_error};
use crate::config::deploy::{DEFAULT_NAMESPACE, DeployConfig, Location};
use crate::config::tokens::{NotLoggedInError, Tokens, not_logged_in_message};
use crate::env::Env;

/// Where Hail (and therefore this client) exchanges Google credentials for access tokens. It is
/// also the JWT audience.
pub(crate) const GOOGLE_TOKEN_URI: &str = "https://www.googleapis.com/oauth2/v4/token";

/// **Test only.** A loopback URL (`http://127.0.0.1:PORT/...`) that replaces
/// [`GOOGLE_TOKEN_URI`] as the place token requests are sent (the JWT audience is unchanged).
/// Any non-loopback value is ignored, so the variable cannot send credentials elsewhere.
pub(crate) const GOOGLE_TOKEN_URI_ENV_VAR: &str = "HAILCTL_GOOGLE_TOKEN_URI_FOR_TESTS";

/// The scopes Hail requests for a service account identity (§6.3.2, observed).
const HAIL_IDENTITY_SCOPES: &str = "email openid profile";

/// The GCE metadata server's token endpoint (§6.3.3).
const METADATA_HOST: &str = "metadata.google.internal";
const METADATA_TOKEN_URL: &str =
    "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token";

/// Hail's error when a latent Google identity finds no credentials (§6.3.3, observed).
const NO_GOOGLE_CREDENTIALS: &str = "No valid Google Cloud credentials found. Run `gcloud auth \
     application-default login` or set `GOOGLE_APPLICATION_CREDENTIALS`.";

/// A token or other credential: never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// `Bearer <token>` as a header value marked sensitive (so HTTP libraries do not log it).
    fn bearer(&self) -> Result<HeaderValue, ClientError> {
        let mut value = HeaderValue::from_str(&format!("Bearer {}", self.0)).map_err(|_| {
            ClientError::Credentials(
                "a token contains characters that are not allowed in an HTTP header".into(),
            )
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Where the value of one authorization header comes from.
#[derive(Clone, Debug)]
pub(crate) enum TokenSource {
    /// A session token (or the local service's token), sent as is.
    Fixed(Secret),
    /// No token for the namespace: every request fails with Hail's `NotLoggedInError` before
    /// anything is sent (Python raises it when it computes the headers, not when the client is
    /// created).
    Missing(NotLoggedInError),
    /// An access token from Google, refreshed as needed.
    Google(Arc<GoogleTokenProvider>),
    /// An access token from Microsoft, refreshed as needed.
    Microsoft(Arc<MicrosoftTokenProvider>),
}

impl TokenSource {
    async fn bearer(&self) -> Result<HeaderValue, ClientError> {
        match self {
            TokenSource::Fixed(token) => token.bearer(),
            TokenSource::Missing(err) => Err(ClientError::NotLoggedIn(err.clone())),
            TokenSource::Google(provider) => provider.access_token().await?.bearer(),
            TokenSource::Microsoft(provider) => provider.access_token().await?.bearer(),
        }
    }
}

/// The headers one client sends (§6.4), computed again for every attempt so that an expired
/// access token is replaced.
#[derive(Clone, Debug, Default)]
pub(crate) struct Auth {
    /// `Authorization: Bearer ...`.
    pub(crate) authorization: Option<TokenSource>,
    /// `X-Hail-Internal-Authorization: Bearer ...` (a dev namespace behind the production
    /// gateway).
    pub(crate) internal: Option<TokenSource>,
}

impl Auth {
    /// Only `Authorization: Bearer <token>` (an explicit token, or the local service's).
    pub(crate) fn bearer(token: &str) -> Auth {
        Auth {
            authorization: Some(TokenSource::Fixed(Secret::new(token))),
            internal: None,
        }
    }

    /// The headers, in the order Hail sends them.
    pub(crate) async fn headers(&self) -> Result<Vec<(&'static str, HeaderValue)>, ClientError> {
        let mut headers = Vec::with_capacity(2);
        if let Some(source) = &self.authorization {
            headers.push(("authorization", source.bearer().await?));
        }
        if let Some(source) = &self.internal {
            headers.push(("x-hail-internal-authorization", source.bearer().await?));
        }
        Ok(headers)
    }

    /// The credentials of §6.4 for `deploy`: an identity (`identity_file` or
    /// `HAIL_IDENTITY_PROVIDER_JSON`) if there is one, else `tokens.json`.
    pub(crate) async fn for_service(
        env: &Env,
        identity_file: &Path,
        deploy: &DeployConfig,
        token_client: TokenClient,
    ) -> Result<Auth, ClientError> {
        let ns = deploy.default_namespace.as_str();
        let needs_internal = deploy.location == Location::External && ns != DEFAULT_NAMESPACE;
        let identity = load_identity(env, identity_file)?;
        let provider = match identity {
            Some(identity) => Some(identity.into_token_source(env, token_client).await?),
            None => None,
        };
        // tokens.json is read only when a header needs it, so a broken tokens file does not
        // get in the way of an identity user in the default namespace.
        let tokens = if provider.is_none() || needs_internal {
            Tokens::load(env)?
        } else {
            Tokens::new()
        };
        let missing = |missing_ns: &str| {
            TokenSource::Missing(NotLoggedInError {
                message: not_logged_in_message(missing_ns, ns),
            })
        };
        let auth = match provider {
            Some(idp) => {
                let internal = needs_internal.then(|| {
                    match tokens.get(DEFAULT_NAMESPACE).filter(|t| !t.is_empty()) {
                        Some(token) => TokenSource::Fixed(Secret::new(token)),
                        None => idp.clone(),
                    }
                });
                Auth {
                    authorization: Some(idp),
                    internal,
                }
            }
            None => Auth {
                authorization: Some(match tokens.get(ns) {
                    Some(token) => TokenSource::Fixed(Secret::new(token)),
                    None => missing(ns),
                }),
                internal: needs_internal.then(|| match tokens.get(DEFAULT_NAMESPACE) {
                    Some(token) => TokenSource::Fixed(Secret::new(token)),
                    None => missing(DEFAULT_NAMESPACE),
                }),
            },
        };
        Ok(auth)
    }
}

/// What IdP token requests are sent with: their own timeout (`http/timeout_in_seconds`) and the
/// shared retry policy.
#[derive(Clone)]
pub(crate) struct TokenClient {
    pub(crate) http: reqwest::Client,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retrier: Retrier,
}

/// A parsed `identity.json` (§6.2).
#[derive(Debug)]
enum Identity {
    /// Google with explicit credentials.
    Google(GoogleCredentials),
    /// Google with no `credentials`: application default credentials.
    GoogleLatent,
    /// Microsoft with explicit credentials, and the scope tokens are asked for
    /// (`userOauthScope`).
    Microsoft {
        credentials: MicrosoftCredentials,
        scope: String,
    },
    /// Microsoft with no `credentials`: a credentials file.
    MicrosoftLatent,
}

/// Reads the identity spec: `HAIL_IDENTITY_PROVIDER_JSON` if set and non-empty (the file is then
/// not read), else `identity_file` if it exists.
fn load_identity(env: &Env, identity_file: &Path) -> Result<Option<Identity>, ClientError> {
    let (text, origin) = match env.get("HAIL_IDENTITY_PROVIDER_JSON") {
        Some(text) if !text.is_empty() => (text, "HAIL_IDENTITY_PROVIDER_JSON".to_string()),
        _ => match std::fs::read_to_string(identity_file) {
            Ok(text) => (text, identity_file.display().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(ClientError::Credentials(format!(
                    "cannot read {}: {e}",
                    identity_file.display()
                )));
            }
        },
    };
    parse_identity(&text, &origin).map(Some)
}

fn parse_identity(text: &str, origin: &str) -> Result<Identity, ClientError> {
    let bad = |what: String| ClientError::Credentials(format!("{origin}: {what}"));
    let value: Value =
        serde_json::from_str(text).map_err(|e| bad(format!("malformed JSON: {e}")))?;
    let Value::Object(spec) = value else {
        return Err(bad("the identity spec must be a JSON object".into()));
    };
    let idp = match spec.get("idp") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => return Err(bad("missing key \"idp\"".into())),
    };
    let credentials = match spec.get("credentials") {
        None | Some(Value::Null) => None,
        Some(Value::Object(c)) => Some(c),
        Some(_) => return Err(bad("\"credentials\" must be a JSON object".into())),
    };
    match idp.as_str() {
        "Google" => match credentials {
            Some(c) => Ok(Identity::Google(GoogleCredentials::parse(c, origin)?)),
            None => Ok(Identity::GoogleLatent),
        },
        "Microsoft" => match credentials {
            Some(c) => {
                let (credentials, scope) = MicrosoftCredentials::parse_with_scope(c, origin)?;
                Ok(Identity::Microsoft { credentials, scope })
            }
            None => Ok(Identity::MicrosoftLatent),
        },
        // Hail's message (ValueError from the IdentityProvider enum).
        other => Err(bad(format!("'{other}' is not a valid IdentityProvider"))),
    }
}

impl Identity {
    /// Resolves latent credentials and builds the token provider.
    async fn into_token_source(
        self,
        env: &Env,
        client: TokenClient,
    ) -> Result<TokenSource, ClientError> {
        let (credentials, scope) = match self {
            Identity::Google(credentials) => {
                let provider = GoogleTokenProvider::new(env, credentials, client);
                return Ok(TokenSource::Google(Arc::new(provider)));
            }
            Identity::GoogleLatent => {
                let credentials = latent_google_credentials(env).await?;
                let provider = GoogleTokenProvider::new(env, credentials, client);
                return Ok(TokenSource::Google(Arc::new(provider)));
            }
            Identity::Microsoft { credentials, scope } => (credentials, scope),
            Identity::MicrosoftLatent => microsoft::latent_credentials(env)?,
        };
        let provider = MicrosoftTokenProvider::new(env, credentials, scope, client);
        Ok(TokenSource::Microsoft(Arc::new(provider)))
    }
}

/// Application default credentials (§6.3.3): the file named by `GOOGLE_APPLICATION_CREDENTIALS`
/// if it exists, else `$HOME/.config/gcloud/application_default_credentials.json`, else the
/// metadata server if its name resolves.
async fn latent_google_credentials(env: &Env) -> Result<GoogleCredentials, ClientError> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(path) = env.get_os("GOOGLE_APPLICATION_CREDENTIALS") {
        candidates.push(PathBuf::from(path));
    }
    // Built from $HOME only (not XDG_CONFIG_HOME or CLOUDSDK_CONFIG), and skipped without HOME.
    if let Some(home) = env.get_os("HOME") {
        candidates
            .push(PathBuf::from(home).join(".config/gcloud/application_default_credentials.json"));
    }
    if let Some(path) = candidates.into_iter().find(|p| p.is_file()) {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| ClientError::Credentials(format!("cannot read {origin}: {e}")))?;
        let value: Value = serde_json::from_str(&text)
            .map_err(|e| ClientError::Credentials(format!("{origin}: malformed JSON: {e}")))?;
        let Value::Object(map) = value else {
            return Err(ClientError::Credentials(format!(
                "{origin}: credentials must be a JSON object"
            )));
        };
        return GoogleCredentials::parse(&map, &origin);
    }
    // A bounded lookup: off GCE the name does not resolve, and that must not stall the CLI.
    let lookup = tokio::time::timeout(
        Duration::from_secs(2),
        tokio::net::lookup_host((METADATA_HOST, 80)),
    )
    .await;
    match lookup {
        Ok(Ok(addrs)) => {
            let mut addrs = addrs;
            if addrs.next().is_some() {
                Ok(GoogleCredentials::Metadata)
            } else {
                Err(ClientError::Credentials(NO_GOOGLE_CREDENTIALS.into()))
            }
        }
        _ => Err(ClientError::Credentials(NO_GOOGLE_CREDENTIALS.into())),
    }
}

/// Google credentials, by `type` (§6.2).
pub(crate) enum GoogleCredentials {
    /// Installed-app user credentials: refresh-token exchange.
    AuthorizedUser {
        client_id: String,
        client_secret: Secret,
        refresh_token: Secret,
    },
    /// A service account key: a JWT signed with its RSA key.
    ServiceAccount {
        client_email: String,
        key: Box<RsaKeyPair>,
    },
    /// The GCE metadata server.
    Metadata,
}

impl fmt::Debug for GoogleCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GoogleCredentials::AuthorizedUser { client_id, .. } => f
                .debug_struct("AuthorizedUser")
                .field("client_id", client_id)
                .finish_non_exhaustive(),
            GoogleCredentials::ServiceAccount { client_email, .. } => f
                .debug_struct("ServiceAccount")
                .field("client_email", client_email)
                .finish_non_exhaustive(),
            GoogleCredentials::Metadata => f.write_str("Metadata"),
        }
    }
}

impl GoogleCredentials {
    fn parse(
        credentials: &Map<String, Value>,
        origin: &str,
    ) -> Result<GoogleCredentials, ClientError> {
        let field = |name: &str| -> Result<String, ClientError> {
            match credentials.get(name) {
                Some(Value::String(s)) => Ok(s.clone()),
                _ => Err(ClientError::Credentials(format!(
                    "{origin}: the Google credentials have no string field \"{name}\""
                ))),
            }
        };
        let kind = match credentials.get("type") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => "None".to_string(),
        };
        match kind.as_str() {
            "authorized_user" => Ok(GoogleCredentials::AuthorizedUser {
                client_id: field("client_id")?,
                client_secret: Secret::new(field("client_secret")?),
                refresh_token: Secret::new(field("refresh_token")?),
            }),
            "service_account" => {
                let client_email = field("client_email")?;
                let key = parse_rsa_private_key(&field("private_key")?).map_err(|why| {
                    ClientError::Credentials(format!("{origin}: private_key: {why}"))
                })?;
                Ok(GoogleCredentials::ServiceAccount {
                    client_email,
                    key: Box::new(key),
                })
            }
            // Hail's message.
            other => Err(ClientError::Credentials(format!(
                "{origin}: unknown Google Cloud credentials type {other}"
            ))),
        }
    }
}

/// Parses an RSA private key in PEM: PKCS#8 (`PRIVATE KEY`, what Google key files hold) or
/// PKCS#1 (`RSA PRIVATE KEY`).
pub(crate) fn parse_rsa_private_key(pem: &str) -> Result<RsaKeyPair, String> {
    let block = pem_decode(pem).map_err(|e| e.to_string())?;
    let parsed = match block.label.as_str() {
        "PRIVATE KEY" => RsaKeyPair::from_pkcs8(&block.der),
        "RSA PRIVATE KEY" => RsaKeyPair::from_der(&block.der),
        other => {
            return Err(format!(
                "expected an RSA private key, found a PEM {other:?} block"
            ));
        }
    };
    parsed.map_err(|e| format!("not a usable RSA private key ({e})"))
}

/// Builds and signs the JWT of the service-account grant (§6.3.2): header
/// `{"alg":"RS256","typ":"JWT"}` and claims `aud`, `iat`, `scope`, `exp = iat + 300`, `iss`, in
/// that order.
pub(crate) fn service_account_jwt(
    key: &RsaKeyPair,
    client_email: &str,
    scope: &str,
    iat: u64,
) -> Result<String, ClientError> {
    let header = json!({"alg": "RS256", "typ": "JWT"});
    let claims = json!({
        "aud": GOOGLE_TOKEN_URI,
        "iat": iat,
        "scope": scope,
        "exp": iat + 300,
        "iss": client_email,
    });
    let signing_input = format!(
        "{}.{}",
        base64url_encode(header.to_string().as_bytes()),
        base64url_encode(claims.to_string().as_bytes())
    );
    let mut signature = vec![0u8; key.public_modulus_len()];
    key.sign(
        &RSA_PKCS1_SHA256,
        &SystemRandom::new(),
        signing_input.as_bytes(),
        &mut signature,
    )
    .map_err(|_| ClientError::Credentials("cannot sign the service account JWT".into()))?;
    Ok(format!("{signing_input}.{}", base64url_encode(&signature)))
}

/// A cached access token.
struct CachedToken {
    token: Secret,
    /// When it is treated as expired: half its lifetime after it was fetched.
    refresh_at: Instant,
}

/// The access token of one identity, kept for half its lifetime (§6.3.5: Google's
/// `floor(expires_in / 2)`, Microsoft's `floor((expires_on - now) / 2)`).
#[derive(Default)]
pub(crate) struct TokenCache {
    /// An async mutex, so concurrent requests wait for one refresh instead of each doing one.
    cached: tokio::sync::Mutex<Option<CachedToken>>,
}

impl TokenCache {
    /// The cached token while it is fresh, else the one `fetch` gives (with its lifetime in
    /// seconds; 0 means "do not cache").
    pub(crate) async fn get<F, Fut>(&self, fetch: F) -> Result<Secret, ClientError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<(Secret, u64), ClientError>>,
    {
        let mut cache = self.cached.lock().await;
        if let Some(cached) = cache.as_ref()
            && Instant::now() < cached.refresh_at
        {
            return Ok(cached.token.clone());
        }
        let fetched_at = Instant::now();
        let (token, lifetime) = fetch().await?;
        *cache = Some(CachedToken {
            token: token.clone(),
            refresh_at: fetched_at + Duration::from_secs(lifetime / 2),
        });
        Ok(token)
    }
}

/// Obtains Google access tokens and caches each for half its lifetime.
pub(crate) struct GoogleTokenProvider {
    credentials: GoogleCredentials,
    /// Where token requests go ([`GOOGLE_TOKEN_URI`] unless overridden for tests).
    token_uri: String,
    client: TokenClient,
    cache: TokenCache,
}

impl fmt::Debug for GoogleTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GoogleTokenProvider")
            .field("credentials", &self.credentials)
            .field("token_uri", &self.token_uri)
            .finish_non_exhaustive()
    }
}

impl GoogleTokenProvider {
    fn new(env: &Env, credentials: GoogleCredentials, client: TokenClient) -> GoogleTokenProvider {
        let token_uri = match env.get(GOOGLE_TOKEN_URI_ENV_VAR) {
            Some(uri) if is_loopback_url(&uri) => uri,
            _ => GOOGLE_TOKEN_URI.to_string(),
        };
        GoogleTokenProvider {
            credentials,
            token_uri,
            client,
            cache: TokenCache::default(),
        }
    }

    /// A valid access token, from the cache or fresh.
    pub(crate) async fn access_token(&self) -> Result<Secret, ClientError> {
        self.cache.get(|| self.fetch()).await
    }

    /// One token request (with retries): the access token and its lifetime in seconds.
    async fn fetch(&self) -> Result<(Secret, u64), ClientError> {
        let url = match self.credentials {
            GoogleCredentials::Metadata => METADATA_TOKEN_URL,
            _ => self.token_uri.as_str(),
        };
        let this = self;
        self.client
            .retrier
            .run(url, move || async move {
                let http = &this.client.http;
                let request = match &this.credentials {
                    GoogleCredentials::AuthorizedUser {
                        client_id,
                        client_secret,
                        refresh_token,
                    } => http.post(url).form(&[
                        ("grant_type", "refresh_token"),
                        ("client_id", client_id.as_str()),
                        ("client_secret", client_secret.expose()),
                        ("refresh_token", refresh_token.expose()),
                    ]),
                    GoogleCredentials::ServiceAccount { client_email, key } => {
                        // A new assertion per attempt: its iat must be current.
                        let jwt = service_account_jwt(
                            key,
                            client_email,
                            HAIL_IDENTITY_SCOPES,
                            unix_now(),
                        )?;
                        http.post(url).form(&[
                            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                            ("assertion", jwt.as_str()),
                        ])
                    }
                    GoogleCredentials::Metadata => {
                        http.get(url).header("Metadata-Flavor", "Google")
                    }
                };
                let request = match this.client.timeout {
                    Some(timeout) => request.timeout(timeout),
                    None => request,
                };
                let response = request.send().await.map_err(|e| transport_error(url, e))?;
                let (status, _, body) = read_response(url, response).await?;
                if status >= 400 {
                    return Err(ClientError::http(status, url, &body));
                }
                parse_token_response(url, &body)
            })
            .await
    }
}

/// `access_token` and `expires_in` (seconds; a missing value means "do not cache") of a token
/// response.
fn parse_token_response(url: &str, body: &[u8]) -> Result<(Secret, u64), ClientError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| ClientError::Decode {
        url: url.to_string(),
        message: format!("not JSON: {e}"),
    })?;
    token_and_expires_in(url, &value)
}

/// `access_token` and `expires_in` (seconds; a missing value means "do not cache") of a token
/// answer (RFC 6749 §5.1) from `url`.
pub(crate) fn token_and_expires_in(
    url: &str,
    answer: &Value,
) -> Result<(Secret, u64), ClientError> {
    let token = answer
        .get("access_token")
        .and_then(Value::as_str)
        .ok_or_else(|| ClientError::Decode {
            url: url.to_string(),
            message: "no access_token in the token response".into(),
        })?;
    let expires_in = match answer.get("expires_in") {
        Some(Value::Number(n)) => n.as_f64().map_or(0, |f| f.max(0.0) as u64),
        // Some servers send it as a string.
        Some(Value::String(s)) => s.trim().parse::<f64>().map_or(0, |f| f.max(0.0) as u64),
        _ => 0,
    };
    Ok((Secret::new(token), expires_in))
}

pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A Google access token from application default credentials (§6.3.3), for the local
/// service's image puller: Google's registries (`*-docker.pkg.dev`, `gcr.io`) take it as the
/// password of the user `oauth2accesstoken`, as `gcloud auth configure-docker` arranges.
pub(crate) async fn application_default_access_token(
    env: &Env,
    http: reqwest::Client,
) -> Result<Secret, ClientError> {
    let options = super::ClientOptions::from_env(env)?;
    let client = TokenClient {
        http,
        timeout: Some(Duration::from_secs(30)),
        retrier: Retrier::new(env, &options),
    };
    let credentials = latent_google_credentials(env).await?;
    GoogleTokenProvider::new(env, credentials, client)
        .access_token()
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lc_rs::encoding::AsDer;
    use aws_lc_rs::rsa::KeySize;
    use aws_lc_rs::signature::{KeyPair, RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};

    use crate::client::encoding::{base64_decode, base64_encode};

    fn test_key_pem() -> (String, Vec<u8>) {
        let key = RsaKeyPair::generate(KeySize::Rsa2048).expect("generate");
        let der = key.as_der().expect("pkcs8");
        let b64 = base64_encode(der.as_ref());
        let lines: Vec<&str> = b64
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).expect("ascii"))
            .collect();
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            lines.join("\n")
        );
        (pem, key.public_key().as_ref().to_vec())
    }

    #[test]
    fn jwt_has_hail_claims_and_verifies() {
        let (pem, public) = test_key_pem();
        let key = parse_rsa_private_key(&pem).expect("parses");
        let jwt = service_account_jwt(
            &key,
            "robot@proj.iam.gserviceaccount.com",
            "email openid profile",
            1_700_000_000,
        )
        .expect("signs");
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header = base64_decode(parts[0]).expect("header");
        assert_eq!(header, br#"{"alg":"RS256","typ":"JWT"}"#);
        let claims = String::from_utf8(base64_decode(parts[1]).expect("claims")).expect("utf8");
        assert_eq!(
            claims,
            r#"{"aud":"https://www.googleapis.com/oauth2/v4/token","iat":1700000000,"scope":"email openid profile","exp":1700000300,"iss":"robot@proj.iam.gserviceaccount.com"}"#
        );
        assert!(!jwt.contains('='), "JWT parts are unpadded");
        let signature = base64_decode(parts[2]).expect("signature");
        let signed = format!("{}.{}", parts[0], parts[1]);
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &public)
            .verify(signed.as_bytes(), &signature)
            .expect("signature verifies");
    }

    #[test]
    fn private_key_errors_do_not_leak_the_key() {
        let err = parse_rsa_private_key(
            "-----BEGIN PRIVATE KEY-----\nZm9vYmFy\n-----END PRIVATE KEY-----",
        )
        .expect_err("not a key");
        assert!(err.contains("not a usable RSA private key"), "{err}");
        let err =
            parse_rsa_private_key("-----BEGIN CERTIFICATE-----\nZm9v\n-----END CERTIFICATE-----")
                .expect_err("wrong label");
        assert!(err.contains("CERTIFICATE"), "{err}");
    }

    #[test]
    fn identity_specs_parse_like_hail() {
        let user = r#"{"idp": "Google", "credentials": {"client_id": "id", "client_secret": "s", "refresh_token": "1//r", "type": "authorized_user"}}"#;
        let identity = parse_identity(user, "identity.json").expect("parses");
        let shown = format!("{identity:?}");
        assert!(
            shown.contains("AuthorizedUser") && !shown.contains("1//r"),
            "{shown}"
        );
        assert!(matches!(
            parse_identity(r#"{"idp": "Google"}"#, "x").expect("latent"),
            Identity::GoogleLatent
        ));
        let err = parse_identity(r#"{"idp": "Yahoo"}"#, "x").expect_err("bad idp");
        assert_eq!(
            err.to_string(),
            "x: 'Yahoo' is not a valid IdentityProvider"
        );
        let err = parse_identity(
            r#"{"idp": "Google", "credentials": {"type": "external_account"}}"#,
            "x",
        )
        .expect_err("bad type");
        assert_eq!(
            err.to_string(),
            "x: unknown Google Cloud credentials type external_account"
        );
        let azure = r#"{"idp": "Microsoft", "credentials": {"appId": "a", "appIdentifierUri": "api://h", "userOauthScope": "api://h/u", "tenant": "t", "refreshToken": "SECRET-RT"}}"#;
        let identity = parse_identity(azure, "x").expect("azure");
        let shown = format!("{identity:?}");
        assert!(
            shown.contains("RefreshToken") && shown.contains("api://h/u"),
            "{shown}"
        );
        assert!(!shown.contains("SECRET-RT"), "{shown}");
        assert!(matches!(
            parse_identity(r#"{"idp": "Microsoft"}"#, "x").expect("latent"),
            Identity::MicrosoftLatent
        ));
        let err = parse_identity(
            r#"{"idp": "Microsoft", "credentials": {"appId": "a"}}"#,
            "x",
        )
        .expect_err("incomplete");
        assert!(matches!(err, ClientError::Credentials(_)), "{err:?}");
    }

    #[test]
    fn token_responses() {
        let (token, expires) = parse_token_response(
            "u",
            br#"{"access_token": "ya29.x", "expires_in": 3599, "scope": "s"}"#,
        )
        .expect("parses");
        assert_eq!((token.expose(), expires), ("ya29.x", 3599));
        assert_eq!(format!("{token:?}"), "<redacted>");
        assert!(parse_token_response("u", b"{}").is_err());
        assert!(parse_token_response("u", b"<html>").is_err());
    }
}
