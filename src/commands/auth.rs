//! `hailctl auth ...`: signing in to a Hail deployment and managing its users (hailctl-cli §9,
//! config-and-auth §6.7–§6.10), with Hail's prompts, messages, files and exit codes.
//!
//! Deliberate differences (docs/auth.md): the login listens on `localhost:8080` when it is free
//! and on any free port otherwise, and also accepts the redirected address (or its code) pasted
//! on stdin, so it works on a machine without a browser; `identity.json` is written 0600 and
//! atomically; failures are `error: ...` lines instead of tracebacks. Microsoft (Azure)
//! sign-in runs MSAL's flow (PKCE, nonce, the code posted to the listener) but takes the code
//! in the address instead when there is no browser here.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use anyhow::{Context as _, Result};
use reqwest::Url;
use serde_json::{Value, json};

use super::Context;
use super::prompt::{self, Input};
use crate::cli::AuthCommand;
use crate::client::ClientError;
use crate::client::auth::Secret;
use crate::client::auth_service::{AuthService, deploy_config};
use crate::client::microsoft;
use crate::config::UserConfig;
use crate::config::tokens::{Tokens, python_json_dumps, write_private_file};
use crate::error::{EXIT_FAILURE, Reported};
use crate::format;

/// The Terms of Service statement (printed with `print`, so a newline follows).
const TOS_STATEMENT: &str = "\n    The Hail system records your email address and IP address.\n    Your email address is recorded so that we can authenticate you.\n    Your IP address is tracked as part of our surveillance of all traffic to and from the Hail system.\n    This broad surveillance enables the protection of the Hail system from malicious actors.\n    \n";
/// The agreement prompt (printed by `input`, so no newline follows).
const TOS_PROMPT: &str = "\n    Use of Hail requires you to read and agree to our Terms of Service, and to read the Privacy Policy.\n    Please read and agree to the Terms of Service: https://batch.hail.is/tos\n    Please read the Privacy Policy: https://batch.hail.is/privacy\n\n    Enter 'y' to agree or 'n' to disagree with the following statement: I have reviewed and agree to the [Terms of Service](https://batch.hail.is/tos) and have read the [Privacy Policy](https://batch.hail.is/privacy)? y/n:\n    ";
/// The prompt after an answer other than `y` or `n`.
const TOS_REPROMPT: &str = "Invalid input. Enter 'y' to agree or 'n' to disagree with the following statement: I have reviewed and agree to the [Terms of Service](https://batch.hail.is/tos) and have read the [Privacy Policy](https://batch.hail.is/privacy). y/n: ";

/// The scopes of Hail's Google installed-app flow.
const GOOGLE_SCOPES: &str = "https://www.googleapis.com/auth/userinfo.profile https://www.googleapis.com/auth/userinfo.email openid";
/// The port Hail's login listens on (google-auth-oauthlib's default).
const PREFERRED_REDIRECT_PORT: u16 = 8080;
/// What the browser shows once Google's redirect arrived (google-auth-oauthlib's text).
const GOOGLE_REDIRECT_SUCCESS: &str =
    "The authentication flow has completed. You may close this window.";
/// What the browser shows once Microsoft's redirect arrived (MSAL's text).
const MICROSOFT_REDIRECT_SUCCESS: &str =
    "Authentication complete. You can return to the application. Please close this browser tab.

For your security: Do not share the contents of this page, the address bar, or take screenshots.";

pub(crate) fn run(ctx: &Context, command: &AuthCommand) -> Result<()> {
    super::block_on(run_async(ctx, command))
}

async fn run_async(ctx: &Context, command: &AuthCommand) -> Result<()> {
    match command {
        AuthCommand::List => list(ctx),
        AuthCommand::Login { no_browser, port } => {
            if !terms_of_service(ctx)? {
                ctx.printer
                    .line("Could not authenticate, Terms of Service rejected.")?;
                return Err(Reported::with_code("", EXIT_FAILURE).into());
            }
            let options = LoginOptions {
                open_browser: !no_browser,
                port: *port,
            };
            login(ctx, &auth_service(ctx)?, options).await
        }
        AuthCommand::CopyPasteLogin { copy_paste_token } => {
            copy_paste_login(ctx, &auth_service(ctx)?, copy_paste_token).await
        }
        AuthCommand::Logout => logout(ctx, &auth_service(ctx)?).await,
        AuthCommand::User => user(ctx, &auth_service(ctx)?).await,
        AuthCommand::CreateUser {
            username,
            login_id,
            system_roles,
            service_account,
            hail_identity,
            hail_credentials_secret_name,
            wait,
            ..
        } => {
            let service = auth_service(ctx)?;
            let body = json!({
                "login_id": login_id,
                "system_roles": system_roles,
                "is_service_account": service_account,
                "hail_identity": hail_identity,
                "hail_credentials_secret_name": hail_credentials_secret_name,
            });
            let outcome = async {
                service.create_user(username, &body).await?;
                if *wait {
                    poll_user_state(&service, username, "active", "creating").await?;
                    ctx.printer.line(&format!("Created user '{username}'"))?;
                }
                anyhow::Ok(())
            }
            .await;
            outcome.with_context(|| format!("Error while creating user '{username}'"))
        }
        AuthCommand::DeleteUser { username, wait, .. } => {
            let service = auth_service(ctx)?;
            let outcome = async {
                service.delete_user(username).await?;
                if *wait {
                    poll_user_state(&service, username, "deleted", "deleting").await?;
                    ctx.printer.line(&format!("Deleted user '{username}'"))?;
                }
                anyhow::Ok(())
            }
            .await;
            outcome.with_context(|| format!("Error while deleting user '{username}'"))
        }
        AuthCommand::AddRole { username, role } => {
            auth_service(ctx)?
                .patch_role(username, &json!({ "role_addition": role }))
                .await?;
            ctx.printer
                .line(&format!("Added role '{role}' to user '{username}'."))?;
            Ok(())
        }
        AuthCommand::RemoveRole { username, role } => {
            auth_service(ctx)?
                .patch_role(username, &json!({ "role_removal": role }))
                .await?;
            ctx.printer
                .line(&format!("Removed role '{role}' from user '{username}'."))?;
            Ok(())
        }
        AuthCommand::ListRoles { username } => {
            let roles = auth_service(ctx)?.roles(username.as_deref()).await?;
            ctx.printer.line(&format::python_json_indent4(&roles))?;
            Ok(())
        }
    }
}

/// The auth service of the configured deployment.
pub(crate) fn auth_service(ctx: &Context) -> Result<AuthService> {
    let config = UserConfig::load(&ctx.env, &ctx.profile)?;
    Ok(AuthService::new(&ctx.env, &config)?)
}

/// Hail's Terms of Service prompt: `true` if accepted. The end of stdin is an error (Python's
/// `EOFError`).
fn terms_of_service(ctx: &Context) -> Result<bool> {
    ctx.printer.raw(TOS_STATEMENT)?;
    let mut prompt_text = TOS_PROMPT;
    loop {
        let Some(answer) = prompt::input(ctx, prompt_text)? else {
            return Err(Reported::failure(
                "error: no answer to the Terms of Service prompt (standard input ended); answer \
                 y to agree",
            )
            .into());
        };
        match format::python::strip(&answer).to_lowercase().as_str() {
            "y" => {
                ctx.printer.line("Terms accepted. Logging in...")?;
                return Ok(true);
            }
            "n" => {
                ctx.printer
                    .line("You must agree to the Terms of Service to log in.")?;
                return Ok(false);
            }
            _ => prompt_text = TOS_REPROMPT,
        }
    }
}

/// How the browser part of a login goes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LoginOptions {
    /// Start a browser on the authorization URL (it is printed either way).
    pub open_browser: bool,
    /// The redirect listener's port: `None` for 8080 or, if it is taken, any free port.
    pub port: Option<u16>,
}

/// The OAuth login (§6.8 steps 3–7, without the Terms of Service): asks the auth service for its
/// identity provider's client, signs in through the browser, writes `identity.json`, checks it
/// with `userinfo` and prints `Logged into <auth> as <username>.`.
pub(crate) async fn login(
    ctx: &Context,
    service: &AuthService,
    options: LoginOptions,
) -> Result<()> {
    let answer = service.oauth2_client().await?;
    let idp = answer.get("idp").and_then(Value::as_str).unwrap_or("");
    let client = answer.get("oauth2_client").cloned().unwrap_or(Value::Null);
    let credentials = match idp {
        "Google" => google_login(ctx, service, &client, options).await?,
        "Microsoft" => microsoft_login(ctx, service, &client, options).await?,
        other => {
            return Err(Reported::failure(format!(
                "error: the auth service answered with an unknown identity provider {}",
                format::python::str_repr(other)
            ))
            .into());
        }
    };
    let identity = json!({ "idp": idp, "credentials": credentials });
    let path = service.identity_file.clone();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create directory {}", dir.display()))?;
    }
    write_private_file(&path, python_json_dumps(&identity).as_bytes(), false)
        .with_context(|| format!("cannot write {}", path.display()))?;
    let auth = service.credentials().await?;
    let Some(userinfo) = service.userinfo(&auth, false).await? else {
        return Err(Reported::failure(format!(
            "error: the auth service did not accept the new credentials (HTTP 401); they are in \
             {} (run `hailctl auth logout` to remove them)",
            path.display()
        ))
        .into());
    };
    let username = userinfo
        .get("username")
        .and_then(Value::as_str)
        .unwrap_or("");
    ctx.printer.line(&format!(
        "Logged into {} as {username}.",
        service.display_base_url
    ))?;
    Ok(())
}

/// An error about the auth service's `oauth2_client`.
fn bad_client(what: &str) -> anyhow::Error {
    Reported::failure(format!("error: the auth service's oauth2_client {what}")).into()
}

/// A string field of the auth service's `oauth2_client` (or of its `installed` part).
fn client_field(client: &Value, name: &str) -> Result<String> {
    client
        .get(name)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| bad_client(&format!("has no \"{name}\"")))
}

/// A Google client-secrets document (`{"installed": {...}}` or `{"web": {...}}`).
struct GoogleClient {
    client_id: String,
    client_secret: Secret,
    auth_uri: String,
    token_uri: String,
}

impl GoogleClient {
    fn parse(config: &Value) -> Result<GoogleClient> {
        let inner = config
            .get("installed")
            .or_else(|| config.get("web"))
            .ok_or_else(|| {
                bad_client(
                    "is not a Google client secrets document (no \"installed\" or \"web\" key)",
                )
            })?;
        Ok(GoogleClient {
            client_id: client_field(inner, "client_id")?,
            client_secret: Secret::new(
                inner
                    .get("client_secret")
                    .and_then(Value::as_str)
                    .unwrap_or(""),
            ),
            auth_uri: client_field(inner, "auth_uri")?,
            token_uri: client_field(inner, "token_uri")?,
        })
    }
}

/// Google's installed-app flow with a loopback redirect (§6.8 step 4): the credentials to store.
async fn google_login(
    ctx: &Context,
    service: &AuthService,
    oauth2_client: &Value,
    options: LoginOptions,
) -> Result<Value> {
    let client = GoogleClient::parse(oauth2_client)?;
    let listener = RedirectListener::bind(options)?;
    let redirect_uri = format!("http://localhost:{}/", listener.port);
    let state = random_state();
    let mut url = Url::parse(&client.auth_uri)
        .map_err(|e| Reported::failure(format!("error: the auth service's auth_uri: {e}")))?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &client.client_id)
        .append_pair("redirect_uri", &redirect_uri)
        .append_pair("scope", GOOGLE_SCOPES)
        .append_pair("state", &state)
        .append_pair("access_type", "offline");
    let port = listener.port;
    let code = listener.sign_in(
        ctx,
        &BrowserStep {
            url: url.as_str(),
            state: &state,
            open_browser: options.open_browser,
            // google-auth-oauthlib prints it on stdout.
            url_on_stdout: true,
            success_page: GOOGLE_REDIRECT_SUCCESS,
            paste_hint: paste_hint(port),
        },
    )?;
    let refresh_token = service
        .exchange_google_code(
            &client.token_uri,
            &client.client_id,
            &client.client_secret,
            &code,
            &redirect_uri,
        )
        .await?;
    Ok(json!({
        "client_id": client.client_id,
        "client_secret": client.client_secret.expose(),
        "refresh_token": refresh_token.expose(),
        "type": "authorized_user",
    }))
}

/// Microsoft's interactive flow as MSAL runs it for Hail (§6.8 step 5): the authorization code
/// with PKCE and a nonce on a loopback redirect, exchanged for a refresh token. The credentials
/// to store are the auth service's `oauth2_client`, verbatim and in its key order, plus
/// `refreshToken`.
async fn microsoft_login(
    ctx: &Context,
    service: &AuthService,
    oauth2_client: &Value,
    options: LoginOptions,
) -> Result<Value> {
    let Value::Object(client) = oauth2_client else {
        return Err(bad_client("is not a JSON object"));
    };
    let app_id = client_field(oauth2_client, "appId")?;
    let tenant = client_field(oauth2_client, "tenant")?;
    let scope = microsoft::user_scope(&client_field(oauth2_client, "userOauthScope")?);
    let authority = microsoft::Authority::for_tenant(&ctx.env, &tenant);
    let listener = RedirectListener::bind(options)?;
    let port = listener.port;
    // MSAL's form: no trailing slash.
    let redirect_uri = format!("http://localhost:{port}");
    let state = random_state();
    let pkce = microsoft::Pkce::new();
    let nonce = microsoft::new_nonce();
    // MSAL has the code posted to the listener, out of the address bar and the browser's
    // history. Without a browser here the address must be pasted, so the code rides in it.
    let (response_mode, paste_hint) = if options.open_browser {
        (
            "form_post",
            "no browser on this machine? Stop this and run the login again with --no-browser: \
             Microsoft then sends the browser to an address you can paste here"
                .to_string(),
        )
    } else {
        ("query", paste_hint(port))
    };
    let url = microsoft::authorization_url(
        &authority,
        &microsoft::AuthorizationRequest {
            app_id: &app_id,
            redirect_uri: &redirect_uri,
            scope: &scope,
            state: &state,
            response_mode,
            code_challenge: &pkce.challenge,
            nonce: &nonce,
        },
    )?;
    let code = listener.sign_in(
        ctx,
        &BrowserStep {
            url: &url,
            state: &state,
            open_browser: options.open_browser,
            // MSAL prints nothing on stdout.
            url_on_stdout: false,
            success_page: MICROSOFT_REDIRECT_SUCCESS,
            paste_hint,
        },
    )?;
    let exchange = microsoft::CodeExchange {
        app_id: &app_id,
        code: &code,
        code_verifier: &pkce.verifier,
        redirect_uri: &redirect_uri,
        scope: &scope,
        nonce: &nonce,
    };
    let refresh_token =
        microsoft::exchange_code(&service.token_client(), &authority.token, &exchange)
            .await
            .map_err(|e| Reported::failure(format!("error: sign-in failed: {e}")))?;
    let mut credentials = client.clone();
    credentials.insert(
        "refreshToken".into(),
        Value::String(refresh_token.expose().to_string()),
    );
    Ok(Value::Object(credentials))
}

/// The note on pasting the redirected address, for a sign-in whose code comes back in it.
fn paste_hint(port: u16) -> String {
    format!(
        "no browser on this machine? Open the URL anywhere, then paste here the address the \
         browser was sent to (http://localhost:{port}/?...), or just its code"
    )
}

/// 30 random letters and digits (oauthlib's `generate_token()`, the state Hail's tool sends).
fn random_state() -> String {
    crate::random::string(crate::random::ALNUM, 30)
}

/// The browser part of one sign-in.
struct BrowserStep<'a> {
    /// The authorization URL.
    url: &'a str,
    state: &'a str,
    /// Start a browser on the URL.
    open_browser: bool,
    /// Print the URL on stdout (as Hail's Google flow does) rather than stderr.
    url_on_stdout: bool,
    /// What the browser shows once the redirect arrived.
    success_page: &'static str,
    /// How to go on without a browser.
    paste_hint: String,
}

/// The loopback listener the browser is sent back to.
struct RedirectListener {
    listener: TcpListener,
    port: u16,
}

impl RedirectListener {
    /// On the port of `options`, else 8080, else any free port.
    fn bind(options: LoginOptions) -> Result<RedirectListener> {
        let listener = match options.port {
            Some(port) => TcpListener::bind(("127.0.0.1", port)).with_context(|| {
                format!("cannot listen on 127.0.0.1:{port} for the sign-in redirect")
            })?,
            None => TcpListener::bind(("127.0.0.1", PREFERRED_REDIRECT_PORT))
                .or_else(|_| TcpListener::bind(("127.0.0.1", 0)))
                .context("cannot listen on a loopback port for the sign-in redirect")?,
        };
        let port = listener.local_addr()?.port();
        Ok(RedirectListener { listener, port })
    }

    /// Serves the redirect, shows the URL (and opens it), and waits for the code: from the
    /// redirect, or pasted.
    fn sign_in(self, ctx: &Context, step: &BrowserStep<'_>) -> Result<String> {
        let sender = prompt::input_sender();
        let state = step.state.to_string();
        let success_page = step.success_page;
        let listener = self.listener;
        std::thread::spawn(move || serve_redirect(listener, &state, success_page, &sender));
        if step.open_browser
            && let Err(e) = open::that_detached(step.url)
        {
            ctx.printer.note(&format!("cannot open a browser ({e})"))?;
        }
        let line = format!(
            "Please visit this URL to authorize this application: {}",
            step.url
        );
        if step.url_on_stdout {
            ctx.printer.line(&line)?;
        } else {
            ctx.printer.error_line(&line)?;
        }
        ctx.printer.note(&step.paste_hint)?;
        wait_for_code(ctx, step.state)
    }
}

/// Waits for the code: from the redirect listener, or pasted on stdin (the whole redirected
/// address, whose `state` must match, or the bare code).
fn wait_for_code(ctx: &Context, state: &str) -> Result<String> {
    let failed = |why: String| -> anyhow::Error {
        Reported::failure(format!("error: sign-in failed: {why}")).into()
    };
    loop {
        match prompt::next_input() {
            Input::Redirect(Ok(code)) => return Ok(code),
            Input::Redirect(Err(why)) => return Err(failed(why)),
            Input::RedirectIgnored(why) => ctx
                .printer
                .warn(&format!("ignored a request to the sign-in listener: {why}"))?,
            Input::Eof => continue,
            Input::Line(line) => {
                let line = line.trim();
                if line.is_empty() {
                    continue;
                }
                if !line.contains("code=") && !line.contains("error=") {
                    return Ok(line.to_string());
                }
                match code_from_params(query_of(line), state) {
                    Ok(code) => return Ok(code),
                    Err(RedirectProblem::Failed(why)) => return Err(failed(why)),
                    Err(RedirectProblem::Ignored(why)) => ctx.printer.error_line(&format!(
                        "error: {why}; paste the address of this sign-in, or its code"
                    ))?,
                }
            }
        }
    }
}

/// The query part of a pasted address (or the whole text if it has no `?`).
fn query_of(text: &str) -> &str {
    match text.split_once('?') {
        Some((_, query)) => query.split('#').next().unwrap_or(query),
        None => text,
    }
}

/// Why a redirect gave no code.
enum RedirectProblem {
    /// The identity provider refused (`error=access_denied`): the login fails.
    Failed(String),
    /// Not this sign-in's redirect (wrong or missing state, no code): keep waiting.
    Ignored(String),
}

/// The code of a redirect's parameters (its query, or its form body when posted), checking
/// `state`.
fn code_from_params(params: &str, state: &str) -> Result<String, RedirectProblem> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(params).unwrap_or_default();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if get("state") != Some(state) {
        return Err(RedirectProblem::Ignored(
            "the redirect is not from this sign-in (its state does not match)".into(),
        ));
    }
    if let Some(error) = get("error") {
        let description = get("error_description")
            .and_then(|d| d.lines().next())
            .map(str::trim)
            .filter(|d| !d.is_empty());
        return Err(RedirectProblem::Failed(match description {
            Some(description) => format!("the identity provider answered {error}: {description}"),
            None => format!("the identity provider answered {error}"),
        }));
    }
    match get("code") {
        Some(code) if !code.is_empty() => Ok(code.to_string()),
        _ => Err(RedirectProblem::Ignored("the redirect has no code".into())),
    }
}

/// Answers requests on the loopback listener until one carries this sign-in's code (or its
/// refusal), which goes to the input channel: a `GET` with the code in its query, or a form
/// `POST` (Microsoft's `response_mode=form_post`). Anything else gets a 404, 405 or 400 and is
/// ignored, so a stray request (a favicon, a port scan) cannot end the login.
fn serve_redirect(
    listener: TcpListener,
    state: &str,
    success_page: &str,
    sender: &std::sync::mpsc::Sender<Input>,
) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let Some(request) = read_request(&stream) else {
            continue;
        };
        let (path, query) = request
            .target
            .split_once('?')
            .unwrap_or((request.target.as_str(), ""));
        if path != "/" {
            respond(&stream, "404 Not Found", "Not found.");
            continue;
        }
        let params = match request.method.as_str() {
            "GET" => query.to_string(),
            "POST" => String::from_utf8_lossy(&request.body).into_owned(),
            _ => {
                respond(&stream, "405 Method Not Allowed", "Method not allowed.");
                continue;
            }
        };
        match code_from_params(&params, state) {
            Ok(code) => {
                respond(&stream, "200 OK", success_page);
                let _ = sender.send(Input::Redirect(Ok(code)));
                return;
            }
            Err(RedirectProblem::Failed(why)) => {
                let page = format!("Sign-in failed: {}.", why.trim_end_matches('.'));
                respond(&stream, "200 OK", &page);
                let _ = sender.send(Input::Redirect(Err(why)));
                return;
            }
            Err(RedirectProblem::Ignored(why)) => {
                respond(&stream, "400 Bad Request", &format!("{why}."));
                let _ = sender.send(Input::RedirectIgnored(why));
            }
        }
    }
}

/// A request to the listener: its method, target and (bounded) body.
struct ListenerRequest {
    method: String,
    target: String,
    body: Vec<u8>,
}

/// The largest request head and body the listener reads (a redirect is far smaller).
const MAX_REQUEST_PART: u64 = 16 * 1024;

/// Reads one request: at most 16 KiB of head and of body, waiting at most a few seconds.
fn read_request(stream: &TcpStream) -> Option<ListenerRequest> {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream);
    let mut head = std::io::Read::take(&mut reader, MAX_REQUEST_PART);
    let mut first = String::new();
    head.read_line(&mut first).ok()?;
    let mut content_length: u64 = 0;
    loop {
        let mut line = String::new();
        match head.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {
                if let Some((name, value)) = line.split_once(':')
                    && name.trim().eq_ignore_ascii_case("content-length")
                {
                    content_length = value.trim().parse().unwrap_or(0);
                }
            }
        }
    }
    let mut parts = first.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut body = Vec::new();
    if content_length > 0 {
        let mut limited = std::io::Read::take(&mut reader, content_length.min(MAX_REQUEST_PART));
        std::io::Read::read_to_end(&mut limited, &mut body).ok()?;
    }
    Some(ListenerRequest {
        method,
        target,
        body,
    })
}

/// A plain-text answer that closes the connection.
fn respond(mut stream: &TcpStream, status: &str, text: &str) {
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
        text.len()
    );
    let _ = stream.flush();
}

/// `hailctl auth copy-paste-login TOKEN` (§6.10).
async fn copy_paste_login(ctx: &Context, service: &AuthService, token: &str) -> Result<()> {
    let (session, username) = service.copy_paste_login(token).await?;
    let mut tokens = Tokens::load(&ctx.env)?;
    tokens.insert(service.deploy.default_namespace.clone(), session.expose());
    // Python creates ~/.hail whenever it is missing, wherever the file goes.
    Tokens::ensure_dot_hail_dir(&ctx.env)?;
    tokens.save(&ctx.env)?;
    ctx.printer.line(&format!(
        "Logged into {} as {username}.",
        service.display_base_url
    ))?;
    Ok(())
}

/// `hailctl auth logout` (§6.9): the session token of the namespace is logged out and removed,
/// a Google refresh token revoked, and `identity.json` deleted. A Microsoft refresh token is not
/// revoked: Azure AD only revokes all of a user's tokens at once (Hail's
/// `AzureFlow.logout_installed_app` does nothing either). The first failure stops it, with the
/// files still in place.
async fn logout(ctx: &Context, service: &AuthService) -> Result<()> {
    let namespace = service.deploy.default_namespace.clone();
    let mut tokens = Tokens::load(&ctx.env)?;
    if let Some(token) = tokens.get(&namespace) {
        service.logout(&Secret::new(token)).await?;
        tokens.remove(&namespace);
        tokens.save(&ctx.env)?;
    }
    let path = service.identity_file.clone();
    let (text, from_env) = match ctx.env.get("HAIL_IDENTITY_PROVIDER_JSON") {
        Some(text) if !text.is_empty() => (Some(text), true),
        _ => match std::fs::read_to_string(&path) {
            Ok(text) => (Some(text), false),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (None, false),
            Err(e) => return Err(anyhow::anyhow!("cannot read {}: {e}", path.display())),
        },
    };
    if let Some(text) = text {
        let origin = if from_env {
            "HAIL_IDENTITY_PROVIDER_JSON".to_string()
        } else {
            path.display().to_string()
        };
        let spec: Value = serde_json::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{origin}: malformed JSON: {e}"))?;
        let refresh_token = spec
            .get("credentials")
            .and_then(|c| c.get("refresh_token"))
            .and_then(Value::as_str);
        if spec.get("idp").and_then(Value::as_str) == Some("Google")
            && let Some(refresh_token) = refresh_token
        {
            service
                .revoke_google_token(&Secret::new(refresh_token))
                .await
                .context("cannot revoke the Google sign-in; identity.json is kept")?;
        }
    }
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(anyhow::anyhow!("cannot delete {}: {e}", path.display())),
    }
}

/// `hailctl auth list` (§6.7): the namespaces of `tokens.json`, the current one starred.
fn list(ctx: &Context) -> Result<()> {
    let config = UserConfig::load(&ctx.env, &ctx.profile)?;
    let deploy = deploy_config(&ctx.env, &config)?;
    let tokens = Tokens::load(&ctx.env)?;
    for namespace in tokens.namespaces() {
        let marker = if namespace == deploy.default_namespace {
            '*'
        } else {
            ' '
        };
        ctx.printer.line(&format!("{marker}{namespace}"))?;
    }
    Ok(())
}

/// `hailctl auth user` (§6.6): the six fields Hail shows, or `not logged in` (exit 1) on 401.
async fn user(ctx: &Context, service: &AuthService) -> Result<()> {
    let auth = service.credentials().await?;
    let Some(info) = service.userinfo(&auth, true).await? else {
        ctx.printer.line("not logged in")?;
        return Err(Reported::with_code("", EXIT_FAILURE).into());
    };
    let field = |name: &str| info.get(name).cloned().unwrap_or(Value::Null);
    let shown = json!({
        "username": field("username"),
        "email": field("login_id"),
        "gsa_email": field("hail_identity"),
        "hail_identity": field("hail_identity"),
        "login_id": field("login_id"),
        "display_name": field("display_name"),
    });
    ctx.printer.line(&format::python_json_indent4(&shown))?;
    Ok(())
}

/// Polls `GET /users/{u}` until its state is `done`, while it is `pending` (Hail's 5 s base
/// backoff, growing).
async fn poll_user_state(
    service: &AuthService,
    username: &str,
    done: &str,
    pending: &str,
) -> Result<(), ClientError> {
    let mut tries: u32 = 0;
    loop {
        let user = service.get_user(username).await?;
        let state = user.get("state").and_then(Value::as_str).unwrap_or("");
        if state == done {
            return Ok(());
        }
        if state != pending {
            return Err(ClientError::Decode {
                url: format!("/api/v1alpha/users/{username}"),
                message: format!("unexpected user state {state:?}"),
            });
        }
        tries += 1;
        let delay = Duration::from_millis(5_000u64.saturating_mul(1 << tries.min(4)).min(60_000));
        tokio::time::sleep(delay).await;
    }
}
