//! The client of Hail's auth service (reference §6.6–§6.10, hailctl-cli §9): what `hailctl auth`
//! and `hailctl batch init` send to it, and Google's token and revoke endpoints for the
//! installed-app login (Microsoft's are in [`super::microsoft`]).
//!
//! Timeouts and retries follow Hail (reference §7.1, §7.3): `http/timeout_in_seconds` for the
//! login, logout, copy-paste-login and userinfo calls (login and logout calls are not retried),
//! 30 s for the user and role administration calls (300 s to delete a user).

use std::time::Duration;

use reqwest::{Method, Url};
use serde_json::Value;

use super::auth::{Auth, Secret, TokenClient};
use super::encoding::path_segment;
use super::{
    ClientError, ClientOptions, Retrier, build_http, build_url, http_timeout, is_loopback_url,
    maybe_insecure, parse_json, read_response, transport_error,
};
use crate::config::UserConfig;
use crate::config::deploy::{DeployConfig, Location};
use crate::env::Env;

/// Where Google revokes a refresh token (Hail's `GoogleFlow.logout_installed_app`).
pub(crate) const GOOGLE_REVOKE_URI: &str = "https://oauth2.googleapis.com/revoke";

/// **Test only.** A loopback URL that replaces [`GOOGLE_REVOKE_URI`]; any other value is
/// ignored, so the variable cannot send a refresh token elsewhere.
pub(crate) const GOOGLE_REVOKE_URI_ENV_VAR: &str = "HAILCTL_GOOGLE_REVOKE_URI_FOR_TESTS";

/// The timeout of the user and role administration calls (Hail's explicit 30 s).
const ADMIN_TIMEOUT: Duration = Duration::from_secs(30);
/// The timeout of `delete-user` (Hail's explicit 300 s).
const DELETE_USER_TIMEOUT: Duration = Duration::from_secs(300);

/// The deploy config (the user configuration's `global/domain` is its default domain).
pub(crate) fn deploy_config(env: &Env, config: &UserConfig) -> Result<DeployConfig, ClientError> {
    let domain = config
        .merged
        .get("global", "domain")
        .map_err(crate::config::ConfigError::from)?;
    Ok(DeployConfig::load(env, domain.as_deref())?)
}

/// A client of one deployment's auth service.
pub(crate) struct AuthService {
    http: reqwest::Client,
    env: Env,
    /// The deploy config the URLs come from.
    pub(crate) deploy: DeployConfig,
    /// `base_url('auth')` as the deploy config gives it: what messages show.
    pub(crate) display_base_url: String,
    /// Where requests go (the same, except plain `http` to a loopback test fake).
    base_url: String,
    /// `http/timeout_in_seconds` (`None`: no timeout).
    timeout: Option<Duration>,
    retrier: Retrier,
    /// The identity file (`<config dir>/identity.json`).
    pub(crate) identity_file: std::path::PathBuf,
}

impl AuthService {
    /// The auth service of the deployment the deploy config names.
    pub(crate) fn new(env: &Env, config: &UserConfig) -> Result<AuthService, ClientError> {
        Self::for_deploy(env, config, deploy_config(env, config)?)
    }

    /// The auth service of `deploy`.
    pub(crate) fn for_deploy(
        env: &Env,
        config: &UserConfig,
        deploy: DeployConfig,
    ) -> Result<AuthService, ClientError> {
        if deploy.location == Location::K8s {
            return Err(ClientError::Unsupported(
                "deploy config location \"k8s\" (mutual TLS inside the Hail cluster) is not \
                 supported yet by this hailctl; use location \"external\""
                    .into(),
            ));
        }
        let display_base_url = deploy.base_url("auth")?;
        let base_url = maybe_insecure(env, display_base_url.clone());
        let options = ClientOptions::from_env(env)?;
        Ok(AuthService {
            http: build_http(reqwest::Client::builder())?,
            env: env.clone(),
            deploy,
            display_base_url,
            base_url,
            timeout: http_timeout(env, config)?,
            retrier: Retrier::new(env, &options),
            identity_file: config.dir.path().join("identity.json"),
        })
    }

    /// What IdP token requests are sent with.
    pub(crate) fn token_client(&self) -> TokenClient {
        TokenClient {
            http: self.http.clone(),
            timeout: self.timeout,
            retrier: self.retrier.clone(),
        }
    }

    /// The user's credentials for this deployment (§6.4): the identity if there is one, else
    /// `tokens.json`. A missing token fails when a request is made, not here.
    pub(crate) async fn credentials(&self) -> Result<Auth, ClientError> {
        Auth::for_service(
            &self.env,
            &self.identity_file,
            &self.deploy,
            self.token_client(),
        )
        .await
    }

    fn url(&self, path: &str, query: &[(&str, String)]) -> Result<Url, ClientError> {
        build_url(&format!("{}{path}", self.base_url), query)
    }

    /// One request: `auth`'s headers (if any), a JSON body (if any), `timeout`, retried when
    /// `retry`. Any status ≥ 400 is an error, 401 included ([`ClientError::Http`]).
    async fn request(
        &self,
        method: Method,
        url: Url,
        auth: Option<&Auth>,
        body: Option<&Value>,
        timeout: Option<Duration>,
        retry: bool,
    ) -> Result<Vec<u8>, ClientError> {
        // Errors name the URL without its query, which may hold a copy-paste token.
        let url_text = {
            let mut shown = url.clone();
            shown.set_query(None);
            shown.to_string()
        };
        let attempt = || {
            let method = method.clone();
            let url = url.clone();
            let url_text = url_text.as_str();
            async move {
                let mut request = self.http.request(method, url);
                if let Some(auth) = auth {
                    for (name, value) in auth.headers().await? {
                        request = request.header(name, value);
                    }
                }
                if let Some(body) = body {
                    request = request.json(body);
                }
                if let Some(timeout) = timeout {
                    request = request.timeout(timeout);
                }
                let response = request
                    .send()
                    .await
                    .map_err(|e| transport_error(url_text, e))?;
                let (status, _, bytes) = read_response(url_text, response).await?;
                if status >= 400 {
                    return Err(ClientError::http(status, url_text, &bytes));
                }
                Ok(bytes)
            }
        };
        if retry {
            self.retrier.run(&url_text, attempt).await
        } else {
            attempt().await
        }
    }

    /// `GET /api/v1alpha/oauth2-client` without `Authorization`, not retried (§6.8 step 3).
    pub(crate) async fn oauth2_client(&self) -> Result<Value, ClientError> {
        let path = "/api/v1alpha/oauth2-client";
        let url = self.url(path, &[])?;
        let body = self
            .request(Method::GET, url, None, None, self.timeout, false)
            .await?;
        parse_json(path, &body)
    }

    /// `POST /api/v1alpha/copy-paste-login?copy_paste_token=...` without credentials, retried
    /// (§6.10): the session token and the username.
    pub(crate) async fn copy_paste_login(
        &self,
        copy_paste_token: &str,
    ) -> Result<(Secret, String), ClientError> {
        let path = "/api/v1alpha/copy-paste-login";
        let url = self.url(path, &[("copy_paste_token", copy_paste_token.to_string())])?;
        let body = self
            .request(Method::POST, url, None, None, self.timeout, true)
            .await?;
        let answer = parse_json(path, &body)?;
        let field = |name: &str| {
            answer
                .get(name)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| ClientError::Decode {
                    url: path.to_string(),
                    message: format!("no string \"{name}\" in the answer"),
                })
        };
        Ok((Secret::new(field("token")?), field("username")?))
    }

    /// `POST /api/v1alpha/logout` with the session token, not retried (§6.9 step 1).
    pub(crate) async fn logout(&self, session_token: &Secret) -> Result<(), ClientError> {
        let url = self.url("/api/v1alpha/logout", &[])?;
        let auth = Auth::bearer(session_token.expose());
        self.request(Method::POST, url, Some(&auth), None, self.timeout, false)
            .await?;
        Ok(())
    }

    /// `GET /api/v1alpha/userinfo` with `auth`: `None` on 401 (Hail's "not logged in").
    pub(crate) async fn userinfo(
        &self,
        auth: &Auth,
        retry: bool,
    ) -> Result<Option<Value>, ClientError> {
        let path = "/api/v1alpha/userinfo";
        let url = self.url(path, &[])?;
        match self
            .request(Method::GET, url, Some(auth), None, self.timeout, retry)
            .await
        {
            Ok(body) => parse_json(path, &body).map(Some),
            Err(ClientError::Http { status: 401, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// An administrative call with the user's credentials (30 s, retried).
    async fn admin(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        timeout: Duration,
    ) -> Result<Vec<u8>, ClientError> {
        let auth = self.credentials().await?;
        let url = self.url(path, &[])?;
        self.request(method, url, Some(&auth), body, Some(timeout), true)
            .await
    }

    /// `POST /api/v1alpha/users/{u}/create`.
    pub(crate) async fn create_user(
        &self,
        username: &str,
        body: &Value,
    ) -> Result<(), ClientError> {
        let path = format!("/api/v1alpha/users/{}/create", path_segment(username));
        self.admin(Method::POST, &path, Some(body), ADMIN_TIMEOUT)
            .await?;
        Ok(())
    }

    /// `GET /api/v1alpha/users/{u}`.
    pub(crate) async fn get_user(&self, username: &str) -> Result<Value, ClientError> {
        let path = format!("/api/v1alpha/users/{}", path_segment(username));
        let body = self.admin(Method::GET, &path, None, ADMIN_TIMEOUT).await?;
        parse_json(&path, &body)
    }

    /// `DELETE /api/v1alpha/users/{u}`.
    pub(crate) async fn delete_user(&self, username: &str) -> Result<(), ClientError> {
        let path = format!("/api/v1alpha/users/{}", path_segment(username));
        self.admin(Method::DELETE, &path, None, DELETE_USER_TIMEOUT)
            .await?;
        Ok(())
    }

    /// `PATCH /api/v1alpha/system_roles/{u}` with `{"role_addition"|"role_removal": role}`.
    pub(crate) async fn patch_role(&self, username: &str, body: &Value) -> Result<(), ClientError> {
        let path = format!("/api/v1alpha/system_roles/{}", path_segment(username));
        self.admin(Method::PATCH, &path, Some(body), ADMIN_TIMEOUT)
            .await?;
        Ok(())
    }

    /// `GET /api/v1alpha/system_roles/{u or me}`.
    pub(crate) async fn roles(&self, username: Option<&str>) -> Result<Value, ClientError> {
        let path = format!(
            "/api/v1alpha/system_roles/{}",
            path_segment(username.unwrap_or("me"))
        );
        let body = self.admin(Method::GET, &path, None, ADMIN_TIMEOUT).await?;
        parse_json(&path, &body)
    }

    /// Google's installed-app code exchange (§6.8 step 4): `POST token_uri` with HTTP Basic
    /// `client_id:client_secret`; the answer must hold a `refresh_token`.
    pub(crate) async fn exchange_google_code(
        &self,
        token_uri: &str,
        client_id: &str,
        client_secret: &Secret,
        code: &str,
        redirect_uri: &str,
    ) -> Result<Secret, ClientError> {
        let url = Url::parse(token_uri).map_err(|e| {
            ClientError::Setting(format!("the auth service's token_uri {token_uri:?}: {e}"))
        })?;
        let mut request = self
            .http
            .post(url)
            .basic_auth(client_id, Some(client_secret.expose()))
            .header("accept", "application/json")
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", redirect_uri),
            ]);
        if let Some(timeout) = self.timeout {
            request = request.timeout(timeout);
        }
        let response = request
            .send()
            .await
            .map_err(|e| transport_error(token_uri, e))?;
        let (status, _, body) = read_response(token_uri, response).await?;
        if status >= 400 {
            return Err(ClientError::http(status, token_uri, &body));
        }
        let answer = parse_json(token_uri, &body)?;
        match answer.get("refresh_token").and_then(Value::as_str) {
            Some(token) if !token.is_empty() => Ok(Secret::new(token)),
            _ => Err(ClientError::Decode {
                url: token_uri.to_string(),
                message: "Google's answer to the code exchange has no refresh_token".into(),
            }),
        }
    }

    /// Revokes a Google refresh token (§6.9 step 2), not retried.
    pub(crate) async fn revoke_google_token(
        &self,
        refresh_token: &Secret,
    ) -> Result<(), ClientError> {
        let base = match self.env.get(GOOGLE_REVOKE_URI_ENV_VAR) {
            Some(uri) if is_loopback_url(&uri) => uri,
            _ => GOOGLE_REVOKE_URI.to_string(),
        };
        let url = build_url(&base, &[("token", refresh_token.expose().to_string())])?;
        let mut request = self
            .http
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Vec::new());
        if let Some(timeout) = self.timeout {
            request = request.timeout(timeout);
        }
        let response = request
            .send()
            .await
            .map_err(|e| transport_error(&base, e))?;
        let (status, _, body) = read_response(&base, response).await?;
        if status >= 400 {
            return Err(ClientError::http(status, &base, &body));
        }
        Ok(())
    }
}
