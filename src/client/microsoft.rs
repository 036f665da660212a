//! Microsoft (Azure) identities as Hail's Python tool handles them through MSAL and
//! azure-identity (config-and-auth §6.2, §6.3.4, §6.8 step 5, §6.9): the authority's endpoints,
//! the scopes, the credentials `identity.json` holds, access tokens from them, and the pieces of
//! the browser sign-in (PKCE, nonce, authorization URL, code exchange).
//!
//! The endpoints are Microsoft's v2.0 endpoints under the authority
//! `https://login.microsoftonline.com/<tenant>` that Hail uses; unlike MSAL we do not fetch the
//! tenant's OpenID configuration first (docs/auth.md). For tests, the authority's host is
//! replaced by a loopback fake through [`LOGIN_URI_ENV_VAR`], as the Google endpoints are.
//!
//! No token is ever printed or `Debug`-formatted.

use std::fmt;
use std::path::PathBuf;
use std::sync::Mutex;

use aws_lc_rs::digest::{SHA256, digest};
use reqwest::Url;
use serde_json::{Map, Value};

use super::auth::{Secret, TokenCache, TokenClient, token_and_expires_in, unix_now};
use super::encoding::{base64_decode, base64url_encode, path_segment};
use super::{ClientError, is_loopback_url, read_response, transport_error};
use crate::env::Env;

/// Where Hail's authority lives (`https://login.microsoftonline.com/<tenant>`).
pub(crate) const LOGIN_URI: &str = "https://login.microsoftonline.com";

/// **Test only.** A loopback URL (`http://127.0.0.1:PORT`) that replaces [`LOGIN_URI`] for the
/// authorization and token endpoints. Any non-loopback value is ignored, so the variable cannot
/// send a refresh token elsewhere.
pub(crate) const LOGIN_URI_ENV_VAR: &str = "HAILCTL_MICROSOFT_LOGIN_URI_FOR_TESTS";

/// The OpenID scopes MSAL adds to every user request (`offline_access` brings the refresh
/// token), after the application's own scope (observed order).
const RESERVED_SCOPES: &str = "offline_access openid profile";

/// The scope of a latent Microsoft identity without `HAIL_AZURE_OAUTH_SCOPE` (Hail's default).
const DEFAULT_LATENT_SCOPE: &str = "https://management.azure.com/.default";

/// Where a latent Microsoft identity looks for credentials after `$AZURE_APPLICATION_CREDENTIALS`
/// (Hail's list).
const LATENT_CREDENTIALS_FILES: [&str; 2] =
    ["/azure-credentials/credentials.json", "/gsa-key/key.json"];

/// The length of a PKCE code verifier (MSAL's).
const PKCE_VERIFIER_LEN: usize = 43;

/// One tenant's endpoints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Authority {
    /// Where the browser signs in.
    pub(crate) authorize: String,
    /// Where codes and refresh tokens are exchanged for tokens.
    pub(crate) token: String,
}

impl Authority {
    /// The endpoints of `https://login.microsoftonline.com/<tenant>` (or of the test fake).
    pub(crate) fn for_tenant(env: &Env, tenant: &str) -> Authority {
        let base = match env.get(LOGIN_URI_ENV_VAR) {
            Some(uri) if is_loopback_url(&uri) => uri.trim_end_matches('/').to_string(),
            _ => LOGIN_URI.to_string(),
        };
        let authority = format!("{base}/{}", path_segment(tenant));
        Authority {
            authorize: format!("{authority}/oauth2/v2.0/authorize"),
            token: format!("{authority}/oauth2/v2.0/token"),
        }
    }
}

/// The `scope` of a user's sign-in and refresh: the application's scope (`userOauthScope`) and
/// the reserved OpenID scopes, as MSAL sends them.
pub(crate) fn user_scope(app_scope: &str) -> String {
    format!("{app_scope} {RESERVED_SCOPES}")
}

/// Microsoft credentials, by the fields present (§6.2).
pub(crate) enum MicrosoftCredentials {
    /// A user's sign-in (what `auth login` stores): MSAL's refresh-token grant.
    RefreshToken {
        app_id: String,
        tenant: String,
        refresh_token: Secret,
    },
    /// A service principal (`password`): the client-credentials grant of azure-identity.
    ClientSecret {
        app_id: String,
        tenant: String,
        password: Secret,
    },
}

impl fmt::Debug for MicrosoftCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, app_id, tenant) = match self {
            MicrosoftCredentials::RefreshToken { app_id, tenant, .. } => {
                ("RefreshToken", app_id, tenant)
            }
            MicrosoftCredentials::ClientSecret { app_id, tenant, .. } => {
                ("ClientSecret", app_id, tenant)
            }
        };
        f.debug_struct(kind)
            .field("app_id", app_id)
            .field("tenant", tenant)
            .finish_non_exhaustive()
    }
}

/// A string field of a JSON object, or an error naming it and where it is missing.
fn string_field(map: &Map<String, Value>, name: &str, origin: &str) -> Result<String, ClientError> {
    match map.get(name) {
        Some(Value::String(s)) => Ok(s.clone()),
        _ => Err(ClientError::Credentials(format!(
            "{origin}: the Microsoft credentials have no string field \"{name}\""
        ))),
    }
}

impl MicrosoftCredentials {
    /// Hail's choice: `refreshToken` if present, else `password` (both with `appId` and
    /// `tenant`).
    pub(crate) fn parse(
        credentials: &Map<String, Value>,
        origin: &str,
    ) -> Result<MicrosoftCredentials, ClientError> {
        let field = |name: &str| string_field(credentials, name, origin);
        if credentials.contains_key("refreshToken") {
            Ok(MicrosoftCredentials::RefreshToken {
                app_id: field("appId")?,
                tenant: field("tenant")?,
                refresh_token: Secret::new(field("refreshToken")?),
            })
        } else if credentials.contains_key("password") {
            Ok(MicrosoftCredentials::ClientSecret {
                app_id: field("appId")?,
                tenant: field("tenant")?,
                password: Secret::new(field("password")?),
            })
        } else {
            Err(ClientError::Credentials(format!(
                "{origin}: the Microsoft credentials have neither \"refreshToken\" (a user's \
                 sign-in) nor \"password\" (a service principal)"
            )))
        }
    }

    /// The credentials of an identity spec and the scope its tokens are asked for
    /// (`userOauthScope`).
    pub(crate) fn parse_with_scope(
        credentials: &Map<String, Value>,
        origin: &str,
    ) -> Result<(MicrosoftCredentials, String), ClientError> {
        let parsed = Self::parse(credentials, origin)?;
        let scope = string_field(credentials, "userOauthScope", origin)?;
        Ok((parsed, scope))
    }

    fn app_id(&self) -> &str {
        match self {
            MicrosoftCredentials::RefreshToken { app_id, .. }
            | MicrosoftCredentials::ClientSecret { app_id, .. } => app_id,
        }
    }

    fn tenant(&self) -> &str {
        match self {
            MicrosoftCredentials::RefreshToken { tenant, .. }
            | MicrosoftCredentials::ClientSecret { tenant, .. } => tenant,
        }
    }
}

/// A latent Microsoft identity (no `credentials`, §6.3.4): the scope is `HAIL_AZURE_OAUTH_SCOPE`
/// or Hail's default, the credentials the first file of `$AZURE_APPLICATION_CREDENTIALS`,
/// `/azure-credentials/credentials.json` and `/gsa-key/key.json` that exists. Azure's default
/// credential chain (environment, managed identity, Azure CLI), Hail's last resort, is not
/// supported.
pub(crate) fn latent_credentials(env: &Env) -> Result<(MicrosoftCredentials, String), ClientError> {
    let scope = env
        .get("HAIL_AZURE_OAUTH_SCOPE")
        .unwrap_or_else(|| DEFAULT_LATENT_SCOPE.to_string());
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(path) = env.get_os("AZURE_APPLICATION_CREDENTIALS")
        && !path.is_empty()
    {
        candidates.push(PathBuf::from(path));
    }
    candidates.extend(LATENT_CREDENTIALS_FILES.iter().map(PathBuf::from));
    let Some(path) = candidates.into_iter().find(|p| p.exists()) else {
        return Err(ClientError::Unsupported(
            "the Microsoft identity has no credentials and no credentials file was found \
             ($AZURE_APPLICATION_CREDENTIALS, /azure-credentials/credentials.json, \
             /gsa-key/key.json); Azure's default credential chain (environment, managed \
             identity, Azure CLI) is not supported by this hailctl. Sign in with `hailctl auth \
             login` instead"
                .into(),
        ));
    };
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
    Ok((MicrosoftCredentials::parse(&map, &origin)?, scope))
}

/// How tokens are asked for.
enum Grant {
    /// The refresh-token grant. The token starts as the stored one and is replaced by the one
    /// each answer rotates it to, in memory only, as MSAL's cache does: `identity.json` is never
    /// rewritten.
    RefreshToken(Mutex<Secret>),
    /// The client-credentials grant.
    ClientSecret(Secret),
}

/// Obtains Microsoft access tokens and caches each for half its lifetime.
pub(crate) struct MicrosoftTokenProvider {
    app_id: String,
    grant: Grant,
    /// The scope asked for: `userOauthScope` (or the latent scope).
    scope: String,
    /// The tenant's token endpoint.
    token_uri: String,
    client: TokenClient,
    cache: TokenCache,
}

impl fmt::Debug for MicrosoftTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let grant = match self.grant {
            Grant::RefreshToken(_) => "refresh_token",
            Grant::ClientSecret(_) => "client_credentials",
        };
        f.debug_struct("MicrosoftTokenProvider")
            .field("app_id", &self.app_id)
            .field("grant", &grant)
            .field("scope", &self.scope)
            .field("token_uri", &self.token_uri)
            .finish_non_exhaustive()
    }
}

impl MicrosoftTokenProvider {
    pub(crate) fn new(
        env: &Env,
        credentials: MicrosoftCredentials,
        scope: String,
        client: TokenClient,
    ) -> MicrosoftTokenProvider {
        let token_uri = Authority::for_tenant(env, credentials.tenant()).token;
        let app_id = credentials.app_id().to_string();
        let grant = match credentials {
            MicrosoftCredentials::RefreshToken { refresh_token, .. } => {
                Grant::RefreshToken(Mutex::new(refresh_token))
            }
            MicrosoftCredentials::ClientSecret { password, .. } => Grant::ClientSecret(password),
        };
        MicrosoftTokenProvider {
            app_id,
            grant,
            scope,
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
        let url = self.token_uri.as_str();
        let requested_at = unix_now();
        let this = self;
        let refreshing = matches!(self.grant, Grant::RefreshToken(_));
        let answer = self
            .client
            .retrier
            .run(url, move || async move {
                let form: Vec<(&str, String)> = match &this.grant {
                    Grant::RefreshToken(token) => vec![
                        ("client_id", this.app_id.clone()),
                        ("grant_type", "refresh_token".into()),
                        ("client_info", "1".into()),
                        ("refresh_token", current(token)?.expose().to_string()),
                        ("scope", user_scope(&this.scope)),
                    ],
                    Grant::ClientSecret(password) => vec![
                        ("client_id", this.app_id.clone()),
                        ("client_secret", password.expose().to_string()),
                        ("grant_type", "client_credentials".into()),
                        ("scope", this.scope.clone()),
                    ],
                };
                post_token_request(&this.client, url, &form).await
            })
            .await
            .map_err(|e| match e {
                // A refused refresh token (expired, revoked): only a new sign-in helps.
                ClientError::Credentials(why) if refreshing => ClientError::Credentials(format!(
                    "{}; run `hailctl auth login` to sign in again",
                    why.trim_end_matches('.')
                )),
                other => other,
            })?;
        let (access_token, expires_in) = token_and_expires_in(url, &answer)?;
        let lifetime = match &self.grant {
            Grant::RefreshToken(token) => {
                if let Some(rotated) = answer.get("refresh_token").and_then(Value::as_str) {
                    *token.lock().map_err(|_| poisoned())? = Secret::new(rotated);
                }
                // MSAL's expiry is the id_token's `exp`, which Hail halves (§6.3.5).
                match id_token_claims(&answer).and_then(|c| c.get("exp").and_then(Value::as_u64)) {
                    Some(exp) => exp.saturating_sub(requested_at),
                    None => expires_in,
                }
            }
            Grant::ClientSecret(_) => expires_in,
        };
        Ok((access_token, lifetime))
    }
}

fn poisoned() -> ClientError {
    ClientError::Credentials(
        "the Microsoft refresh token is unavailable (a lock was poisoned)".into(),
    )
}

fn current(token: &Mutex<Secret>) -> Result<Secret, ClientError> {
    token.lock().map(|t| t.clone()).map_err(|_| poisoned())
}

/// POSTs a form to a token endpoint and returns its JSON answer. An OAuth error answer
/// (`{"error": ..., "error_description": ...}` with 400 or 401) becomes a
/// [`ClientError::Credentials`] naming it; other failures keep their kind, so that transient ones
/// are retried.
async fn post_token_request(
    client: &TokenClient,
    url: &str,
    form: &[(&str, String)],
) -> Result<Value, ClientError> {
    let mut request = client.http.post(url).form(form);
    if let Some(timeout) = client.timeout {
        request = request.timeout(timeout);
    }
    let response = request.send().await.map_err(|e| transport_error(url, e))?;
    let (status, _, body) = read_response(url, response).await?;
    if status >= 400 {
        return Err(match oauth_error(&body) {
            Some(what) if matches!(status, 400 | 401) => {
                ClientError::Credentials(format!("Microsoft's token endpoint answered {what}"))
            }
            _ => ClientError::http(status, url, &body),
        });
    }
    serde_json::from_slice(&body).map_err(|e| ClientError::Decode {
        url: url.to_string(),
        message: format!("not JSON: {e}"),
    })
}

/// `error: first line of error_description` of an OAuth error answer (RFC 6749 §5.2), if the
/// body is one.
fn oauth_error(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let error = value.get("error")?.as_str()?;
    match value
        .get("error_description")
        .and_then(Value::as_str)
        .and_then(|d| d.lines().next())
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(description) => Some(format!("{error}: {description}")),
        None => Some(error.to_string()),
    }
}

/// The claims of a token answer's `id_token`, decoded but not verified (as MSAL does: the token
/// came straight from the token endpoint over TLS).
fn id_token_claims(answer: &Value) -> Option<Map<String, Value>> {
    let id_token = answer.get("id_token")?.as_str()?;
    let payload = id_token.split('.').nth(1)?;
    match serde_json::from_slice(&base64_decode(payload).ok()?).ok()? {
        Value::Object(claims) => Some(claims),
        _ => None,
    }
}

fn sha256(text: &str) -> Vec<u8> {
    digest(&SHA256, text.as_bytes()).as_ref().to_vec()
}

/// PKCE (RFC 7636) as MSAL makes it: a 43-character verifier and its S256 challenge.
pub(crate) struct Pkce {
    pub(crate) verifier: Secret,
    pub(crate) challenge: String,
}

impl Pkce {
    pub(crate) fn new() -> Pkce {
        // RFC 7636's unreserved characters, which MSAL draws its verifier from (the one
        // alphabet that is not Hail's: crate::random has no use for it elsewhere).
        const UNRESERVED: &[u8] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
        Self::from_verifier(crate::random::string(UNRESERVED, PKCE_VERIFIER_LEN))
    }

    fn from_verifier(verifier: String) -> Pkce {
        let challenge = base64url_encode(&sha256(&verifier));
        Pkce {
            verifier: Secret::new(verifier),
            challenge,
        }
    }
}

/// MSAL's nonce as it goes over the wire: the SHA-256 hex digest of 16 random bytes in URL-safe
/// base64. The id_token must carry the same value.
pub(crate) fn new_nonce() -> String {
    let raw = crate::random::string(crate::random::URL_SAFE, 22);
    sha256(&raw).iter().map(|b| format!("{b:02x}")).collect()
}

/// What the authorization URL asks for.
pub(crate) struct AuthorizationRequest<'a> {
    pub(crate) app_id: &'a str,
    pub(crate) redirect_uri: &'a str,
    /// The full scope ([`user_scope`]).
    pub(crate) scope: &'a str,
    pub(crate) state: &'a str,
    /// `form_post` (MSAL's) or `query` (so the redirected address can be pasted).
    pub(crate) response_mode: &'a str,
    pub(crate) code_challenge: &'a str,
    pub(crate) nonce: &'a str,
}

/// The authorization URL, with MSAL's parameters in MSAL's order.
pub(crate) fn authorization_url(
    authority: &Authority,
    request: &AuthorizationRequest<'_>,
) -> Result<String, ClientError> {
    let mut url = Url::parse(&authority.authorize).map_err(|e| {
        ClientError::Setting(format!(
            "the authorization endpoint {:?}: {e}",
            authority.authorize
        ))
    })?;
    url.query_pairs_mut()
        .append_pair("client_id", request.app_id)
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", request.redirect_uri)
        .append_pair("scope", request.scope)
        .append_pair("state", request.state)
        .append_pair("response_mode", request.response_mode)
        .append_pair("code_challenge", request.code_challenge)
        .append_pair("code_challenge_method", "S256")
        .append_pair("nonce", request.nonce)
        .append_pair("client_info", "1");
    Ok(url.to_string())
}

/// The code exchange of a sign-in.
pub(crate) struct CodeExchange<'a> {
    pub(crate) app_id: &'a str,
    pub(crate) code: &'a str,
    pub(crate) code_verifier: &'a Secret,
    pub(crate) redirect_uri: &'a str,
    pub(crate) scope: &'a str,
    /// The nonce of the authorization URL, which the id_token must carry.
    pub(crate) nonce: &'a str,
}

/// Exchanges a sign-in's code for tokens (MSAL's form, a public client: no secret), not
/// retried, and returns the refresh token. An id_token in the answer must carry the nonce.
pub(crate) async fn exchange_code(
    client: &TokenClient,
    token_uri: &str,
    exchange: &CodeExchange<'_>,
) -> Result<Secret, ClientError> {
    let form = [
        ("client_id", exchange.app_id.to_string()),
        ("grant_type", "authorization_code".to_string()),
        ("client_info", "1".to_string()),
        ("code_verifier", exchange.code_verifier.expose().to_string()),
        ("code", exchange.code.to_string()),
        ("redirect_uri", exchange.redirect_uri.to_string()),
        ("scope", exchange.scope.to_string()),
    ];
    let answer = post_token_request(client, token_uri, &form).await?;
    if answer.get("id_token").is_some() {
        let nonce = id_token_claims(&answer)
            .and_then(|c| c.get("nonce").and_then(Value::as_str).map(str::to_string));
        if nonce.as_deref() != Some(exchange.nonce) {
            return Err(ClientError::Credentials(
                "the id_token of Microsoft's answer is not for this sign-in (its nonce does not \
                 match)"
                    .into(),
            ));
        }
    }
    match answer.get("refresh_token").and_then(Value::as_str) {
        Some(token) if !token.is_empty() => Ok(Secret::new(token)),
        _ => Err(ClientError::Decode {
            url: token_uri.to_string(),
            message: "Microsoft's answer to the code exchange has no refresh_token".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn endpoints_follow_the_tenant_and_the_test_switch() {
        let env = Env::from_pairs([("X", "y")]);
        let authority = Authority::for_tenant(&env, "11111111-2222");
        assert_eq!(
            authority.token,
            "https://login.microsoftonline.com/11111111-2222/oauth2/v2.0/token"
        );
        assert_eq!(
            authority.authorize,
            "https://login.microsoftonline.com/11111111-2222/oauth2/v2.0/authorize"
        );
        // A tenant cannot add path segments.
        assert!(
            Authority::for_tenant(&env, "a/../b")
                .token
                .starts_with("https://login.microsoftonline.com/a%2F..%2Fb/")
        );
        let fake = Env::from_pairs([(LOGIN_URI_ENV_VAR, "http://127.0.0.1:9/")]);
        assert_eq!(
            Authority::for_tenant(&fake, "t").token,
            "http://127.0.0.1:9/t/oauth2/v2.0/token"
        );
        // Only loopback addresses are honoured.
        let elsewhere = Env::from_pairs([(LOGIN_URI_ENV_VAR, "http://evil.example")]);
        assert!(
            Authority::for_tenant(&elsewhere, "t")
                .token
                .starts_with(LOGIN_URI)
        );
    }

    #[test]
    fn pkce_is_rfc_7636_s256() {
        // RFC 7636 appendix B.
        let pkce = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
        assert_eq!(
            pkce.challenge,
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let fresh = Pkce::new();
        assert_eq!(fresh.verifier.expose().len(), 43);
        assert_eq!(format!("{:?}", fresh.verifier), "<redacted>");
        assert_ne!(Pkce::new().verifier, fresh.verifier);
        let nonce = new_nonce();
        assert_eq!(nonce.len(), 64);
        assert!(nonce.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn authorization_url_has_msal_parameters() {
        let env = Env::from_pairs([("X", "y")]);
        let url = authorization_url(
            &Authority::for_tenant(&env, "t"),
            &AuthorizationRequest {
                app_id: "app",
                redirect_uri: "http://localhost:8080",
                scope: &user_scope("api://hail/hail.user"),
                state: "s",
                response_mode: "form_post",
                code_challenge: "c",
                nonce: "n",
            },
        )
        .expect("url");
        assert_eq!(
            url,
            "https://login.microsoftonline.com/t/oauth2/v2.0/authorize?client_id=app&response_type=code&redirect_uri=http%3A%2F%2Flocalhost%3A8080&scope=api%3A%2F%2Fhail%2Fhail.user+offline_access+openid+profile&state=s&response_mode=form_post&code_challenge=c&code_challenge_method=S256&nonce=n&client_info=1"
        );
    }

    #[test]
    fn credentials_parse_like_hail() {
        let map = |v: Value| match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        };
        let user = map(
            json!({"appId": "a", "appIdentifierUri": "api://x", "userOauthScope": "api://x/u", "tenant": "t", "refreshToken": "SECRET-RT"}),
        );
        let (credentials, scope) =
            MicrosoftCredentials::parse_with_scope(&user, "identity.json").expect("parses");
        assert_eq!(scope, "api://x/u");
        let shown = format!("{credentials:?}");
        assert!(
            shown.contains("RefreshToken") && !shown.contains("SECRET-RT"),
            "{shown}"
        );
        let principal = map(json!({"appId": "a", "tenant": "t", "password": "P"}));
        assert!(matches!(
            MicrosoftCredentials::parse(&principal, "x").expect("parses"),
            MicrosoftCredentials::ClientSecret { .. }
        ));
        let err = MicrosoftCredentials::parse(&map(json!({"appId": "a", "tenant": "t"})), "x")
            .expect_err("neither");
        assert!(
            err.to_string().contains("neither \"refreshToken\""),
            "{err}"
        );
        let err = MicrosoftCredentials::parse_with_scope(
            &map(json!({"appId": "a", "tenant": "t", "refreshToken": "R"})),
            "x",
        )
        .expect_err("no scope");
        assert_eq!(
            err.to_string(),
            "x: the Microsoft credentials have no string field \"userOauthScope\""
        );
    }

    #[test]
    fn oauth_errors_and_id_tokens() {
        assert_eq!(
            oauth_error(
                br#"{"error": "invalid_grant", "error_description": "AADSTS70008: expired.\r\nTrace ID: x"}"#
            )
            .as_deref(),
            Some("invalid_grant: AADSTS70008: expired.")
        );
        assert_eq!(
            oauth_error(br#"{"error": "invalid_client"}"#).as_deref(),
            Some("invalid_client")
        );
        assert_eq!(oauth_error(b"<html>"), None);
        let claims = base64url_encode(br#"{"exp": 1700000000, "nonce": "n"}"#);
        let answer = json!({"id_token": format!("e30.{claims}.sig")});
        let decoded = id_token_claims(&answer).expect("claims");
        assert_eq!(decoded["exp"], json!(1_700_000_000));
        assert_eq!(id_token_claims(&json!({"id_token": "garbage"})), None);
    }
}
