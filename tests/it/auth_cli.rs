//! `hailctl auth ...` and `hailctl curl` end to end: the built binary against the loopback fake
//! of Hail's auth service and Google's and Microsoft's endpoints (`util::auth_fake`), in an
//! isolated home. The browser is this test: a stub `xdg-open` on `PATH` records the URL the login
//! opens, and the test follows it (the fake's authorization page redirects, or posts a form, to
//! the login's loopback listener), or, without a browser, pastes the redirected address into the
//! login's stdin.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::util::auth_fake::{self, AuthFake, MicrosoftBehaviour};
use crate::util::http::Client;
use crate::util::{Run, Sandbox};

/// How long a login may take before the test fails.
const DEADLINE: Duration = Duration::from_secs(60);

/// A sandbox wired to the fake: deploy config, the test switches, a stub directory first on
/// `PATH`.
pub(crate) struct AuthSandbox {
    pub sandbox: Sandbox,
    pub fake: AuthFake,
    /// Hail's Python `hailctl` instead of ours (against an HTTPS fake it trusts through
    /// `SSL_CERT_FILE`).
    python: Option<PathBuf>,
}

impl AuthSandbox {
    /// Our binary against a plain-HTTP fake.
    pub(crate) fn new() -> AuthSandbox {
        Self::with(None)
    }

    /// Hail's Python tool at `program` against an HTTPS fake.
    pub(crate) fn python(program: &Path) -> AuthSandbox {
        Self::with(Some(program.to_path_buf()))
    }

    fn with(python: Option<PathBuf>) -> AuthSandbox {
        let sandbox = Sandbox::new();
        let fake = match python {
            Some(_) => AuthFake::start_tls(&sandbox.root().join("ca.pem")),
            None => AuthFake::start(),
        };
        std::fs::write(
            sandbox.root().join("deploy-config.json"),
            fake.deploy_config(),
        )
        .expect("write the deploy config");
        std::fs::create_dir_all(sandbox.root().join("bin")).expect("mkdir bin");
        AuthSandbox {
            sandbox,
            fake,
            python,
        }
    }

    /// A stub program on the sandbox's `PATH`.
    pub(crate) fn stub(&self, name: &str, script: &str) {
        let path = self.sandbox.root().join("bin").join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{script}")).expect("write a stub");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .expect("chmod a stub");
    }

    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut command = match &self.python {
            Some(program) => {
                let mut command = self.sandbox.command_for(program, args);
                command
                    .env("SSL_CERT_FILE", self.sandbox.root().join("ca.pem"))
                    // google-auth-oauthlib's code exchange goes through `requests`.
                    .env("REQUESTS_CA_BUNDLE", self.sandbox.root().join("ca.pem"))
                    // Python's webbrowser runs this (our binary finds xdg-open on PATH).
                    .env("BROWSER", self.sandbox.root().join("bin/xdg-open"))
                    .env("COLUMNS", "250")
                    .env("NO_COLOR", "1")
                    .env("TERM", "dumb")
                    .env("LC_ALL", "C.UTF-8")
                    // The fake's authorization page is plain HTTP (the test's browser is), which
                    // oauthlib refuses to build a URL for without this.
                    .env("OAUTHLIB_INSECURE_TRANSPORT", "1")
                    // So that a line printed before a wait (the login's URL) is seen at once.
                    .env("PYTHONUNBUFFERED", "1");
                // MSAL talks to the fixed https://login.microsoftonline.com: through the fake's
                // CONNECT proxy, which tunnels that host (only) to the fake.
                if let Some(proxy) = self.fake.proxy_port {
                    command
                        .env("HTTPS_PROXY", format!("http://127.0.0.1:{proxy}"))
                        .env("NO_PROXY", "127.0.0.1,localhost");
                }
                command
            }
            None => self.sandbox.command(args),
        };
        let path = format!(
            "{}:{}",
            self.sandbox.root().join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        command
            .env("PATH", path)
            .env(
                "HAIL_DEPLOY_CONFIG_FILE",
                self.sandbox.root().join("deploy-config.json"),
            )
            .env("HAILCTL_RETRY_DEADLINE_SECONDS", "5");
        for (name, value) in self.fake.env_for_ours() {
            command.env(name, value);
        }
        command
    }

    pub(crate) fn run(&self, args: &[&str]) -> Run {
        run_output(self.command(args))
    }

    /// Starts `hailctl ARGS` with `input` written to its stdin, which stays open, and its
    /// stdout and stderr piped.
    pub(crate) fn spawn(&self, args: &[&str], input: &str) -> Child {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start hailctl");
        child
            .stdin
            .as_mut()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
        child
    }

    /// Runs with `stdin` as standard input.
    pub(crate) fn run_input(&self, args: &[&str], stdin: &str) -> Run {
        let mut child = self.spawn(args, stdin);
        drop(child.stdin.take());
        wait_run(child)
    }

    pub(crate) fn tokens_file(&self) -> PathBuf {
        self.sandbox.home().join(".hail/tokens.json")
    }

    pub(crate) fn identity_file(&self) -> PathBuf {
        self.sandbox.hail_dir().join("identity.json")
    }

    pub(crate) fn logged_in_with_session(&self) {
        self.run(&["auth", "copy-paste-login", auth_fake::COPY_PASTE_TOKEN])
            .ok();
    }
}

fn run_output(command: Command) -> Run {
    let output = crate::util::output_within(command, DEADLINE);
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code().unwrap_or(-1),
    }
}

/// Waits for a child whose stdout and stderr are piped, with the deadline.
fn wait_run(mut child: Child) -> Run {
    let (sender, receiver) = mpsc::channel();
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let s2 = sender.clone();
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut text);
        let _ = sender.send((true, text));
    });
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        let _ = s2.send((false, text));
    });
    finish(child, receiver, String::new())
}

fn finish(
    mut child: Child,
    receiver: mpsc::Receiver<(bool, String)>,
    stdout_prefix: String,
) -> Run {
    let (mut out, mut err) = (stdout_prefix, String::new());
    for _ in 0..2 {
        match receiver.recv_timeout(DEADLINE) {
            Ok((true, text)) => out.push_str(&text),
            Ok((false, text)) => err = text,
            Err(_) => {
                let _ = child.kill();
                panic!("hailctl did not finish within {DEADLINE:?}; stdout so far: {out}");
            }
        }
    }
    let status = child.wait().expect("wait");
    Run {
        stdout: out,
        stderr: err,
        code: status.code().unwrap_or(-1),
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Polls for a JSON object to be written to `path` (Python writes in place, not atomically),
/// with the deadline.
pub(crate) fn wait_for_json(path: &Path) {
    let end = Instant::now() + DEADLINE;
    while !std::fs::read_to_string(path).is_ok_and(|t| t.starts_with('{') && t.ends_with('}')) {
        assert!(Instant::now() < end, "{} never appeared", path.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Polls for a file to appear, with the deadline.
pub(crate) fn wait_for_file(path: &Path) -> String {
    let end = Instant::now() + DEADLINE;
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && text.ends_with('\n')
        {
            return text.trim().to_string();
        }
        assert!(Instant::now() < end, "{} never appeared", path.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The browser: opens `url` (on the fake) and returns where the fake's consent redirects to.
pub(crate) fn authorize(url: &str) -> String {
    let rest = url.strip_prefix("http://").expect("the fake's http URL");
    let (host, path) = rest.split_at(rest.find('/').expect("a path"));
    let client = Client::new(host.parse().expect("host:port"));
    let answer = client.get(path);
    assert_eq!(answer.status, 302, "{answer:?}");
    answer.header("location").expect("a redirect").to_string()
}

/// The browser delivering the redirect to the login's loopback listener.
pub(crate) fn deliver(location: &str) -> crate::util::http::Response {
    let (client, path) = listener_client(location);
    client.get(&path)
}

/// A client of the login's listener that `address` (`http://localhost:PORT[/][?...]`) names, and
/// the path to ask for there.
fn listener_client(address: &str) -> (Client, String) {
    let rest = address
        .strip_prefix("http://localhost:")
        .expect("a localhost address");
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (port, path) = rest.split_at(end);
    let port: u16 = port.parse().expect("port");
    let path = match path.strip_prefix('?') {
        Some(query) => format!("/?{query}"),
        None if path.is_empty() => "/".to_string(),
        None => path.to_string(),
    };
    (Client::new(([127, 0, 0, 1], port).into()), path)
}

/// What Microsoft's authorization page sends the browser back with: a redirect
/// (`response_mode=query`) or a self-posting form (`form_post`).
#[derive(Clone, Debug)]
pub(crate) enum Consent {
    Redirect(String),
    Form {
        action: String,
        fields: Vec<(String, String)>,
    },
}

impl Consent {
    /// The browser going on to the login's listener.
    pub(crate) fn deliver(&self) -> crate::util::http::Response {
        match self {
            Consent::Redirect(location) => deliver(location),
            Consent::Form { action, fields } => {
                let (client, path) = listener_client(action);
                let body = serde_urlencoded::to_string(fields).expect("encode");
                client.post_form(&path, &body)
            }
        }
    }

    /// The same answer with another `state` (another sign-in's).
    pub(crate) fn with_state(&self, state: &str) -> Consent {
        match self {
            Consent::Redirect(location) => {
                let re = regex::Regex::new(r"state=[^&]*").expect("regex");
                Consent::Redirect(re.replace(location, format!("state={state}")).into_owned())
            }
            Consent::Form { action, fields } => Consent::Form {
                action: action.clone(),
                fields: fields
                    .iter()
                    .map(|(k, v)| {
                        let v = if k == "state" {
                            state.to_string()
                        } else {
                            v.clone()
                        };
                        (k.clone(), v)
                    })
                    .collect(),
            },
        }
    }
}

/// The browser on Microsoft's authorization page at `url` (Hail's `https://login.microsoftonline.com`
/// URLs are sent to the fake's plain-HTTP port).
pub(crate) fn microsoft_consent(fake: &AuthFake, url: &str) -> Consent {
    let url = url.replacen(
        &format!("https://{}", auth_fake::MS_LOGIN_HOST),
        &format!("http://127.0.0.1:{}", fake.browser_port()),
        1,
    );
    let rest = url.strip_prefix("http://").expect("the fake's http URL");
    let (host, path) = rest.split_at(rest.find('/').expect("a path"));
    let answer = Client::new(host.parse().expect("host:port")).get(path);
    match answer.status {
        302 => Consent::Redirect(answer.header("location").expect("a redirect").to_string()),
        200 => {
            let page = answer.text();
            let action = regex::Regex::new(r#"action="([^"]+)""#)
                .expect("regex")
                .captures(&page)
                .unwrap_or_else(|| panic!("no form in {page}"))[1]
                .to_string();
            let unescape = |v: &str| {
                v.replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&")
            };
            let fields =
                regex::Regex::new(r#"<input type="hidden" name="([^"]+)" value="([^"]*)" />"#)
                    .expect("regex")
                    .captures_iter(&page)
                    .map(|c| (c[1].to_string(), unescape(&c[2])))
                    .collect();
            Consent::Form { action, fields }
        }
        _ => panic!("the authorization page answered {answer:?}"),
    }
}

const TOS: &str = "\n    The Hail system records your email address and IP address.\n    Your email address is recorded so that we can authenticate you.\n    Your IP address is tracked as part of our surveillance of all traffic to and from the Hail system.\n    This broad surveillance enables the protection of the Hail system from malicious actors.\n    \n\n    Use of Hail requires you to read and agree to our Terms of Service, and to read the Privacy Policy.\n    Please read and agree to the Terms of Service: https://batch.hail.is/tos\n    Please read the Privacy Policy: https://batch.hail.is/privacy\n\n    Enter 'y' to agree or 'n' to disagree with the following statement: I have reviewed and agree to the [Terms of Service](https://batch.hail.is/tos) and have read the [Privacy Policy](https://batch.hail.is/privacy)? y/n:\n    ";

#[test]
fn copy_paste_login_list_user_and_logout() {
    let t = AuthSandbox::new();
    let run = t.run(&["auth", "copy-paste-login", auth_fake::COPY_PASTE_TOKEN]);
    assert_eq!(
        run.ok(),
        format!("Logged into {} as alice.\n", t.fake.auth_base_url())
    );
    assert_eq!(
        std::fs::read_to_string(t.tokens_file()).expect("tokens.json"),
        r#"{"default": "session-token-xyz"}"#
    );
    assert_eq!(mode(&t.tokens_file()), 0o600);
    assert_eq!(mode(&t.sandbox.home().join(".hail")), 0o700);
    let login = &t.fake.seen_at("copy-paste-login")[0];
    assert_eq!(
        (login.method.as_str(), login.query.as_str()),
        ("POST", "copy_paste_token=good")
    );
    // The default namespace needs no internal authorization.
    assert_eq!(login.internal, None);

    assert_eq!(t.run(&["auth", "list"]).ok(), "*default\n");
    assert_eq!(
        t.run(&["auth", "user"]).ok(),
        "{\n    \"username\": \"alice\",\n    \"email\": \"alice@example.org\",\n    \"gsa_email\": \"alice-sa@proj.iam.gserviceaccount.com\",\n    \"hail_identity\": \"alice-sa@proj.iam.gserviceaccount.com\",\n    \"login_id\": \"alice@example.org\",\n    \"display_name\": \"Alice\"\n}\n"
    );

    assert_eq!(t.run(&["auth", "logout"]).ok(), "");
    let logouts = t.fake.seen_at("logout");
    assert_eq!(logouts.len(), 1);
    assert_eq!(
        logouts[0].authorization.as_deref(),
        Some("Bearer session-token-xyz")
    );
    assert_eq!(
        std::fs::read_to_string(t.tokens_file()).expect("tokens.json"),
        "{}"
    );
    // Nothing left to log out: no request.
    assert_eq!(t.run(&["auth", "logout"]).ok(), "");
    assert_eq!(t.fake.seen_at("logout").len(), 1);
    assert_eq!(t.run(&["auth", "list"]).ok(), "");
    t.fake.assert_no_violations();
}

#[test]
fn copy_paste_login_with_a_bad_token_writes_nothing() {
    let t = AuthSandbox::new();
    let run = t.run(&["auth", "copy-paste-login", "bad"]);
    let stderr = run.fails_with(1);
    assert!(
        stderr.starts_with("error: HTTP 401 Unauthorized"),
        "{stderr}"
    );
    assert!(!stderr.contains("Traceback"));
    assert!(!t.tokens_file().exists());
}

#[test]
fn user_with_a_rejected_token_is_not_logged_in() {
    let t = AuthSandbox::new();
    std::fs::create_dir_all(t.sandbox.home().join(".hail")).expect("mkdir");
    std::fs::write(t.tokens_file(), r#"{"default": "expired"}"#).expect("write");
    let run = t.run(&["auth", "user"]);
    run.fails_with(1);
    assert_eq!(run.stdout, "not logged in\n");
}

#[test]
fn not_logged_in_names_auth_login_once() {
    let t = AuthSandbox::new();
    for args in [&["auth", "user"][..], &["batch", "list"][..]] {
        let mut command = t.command(args);
        command.env("HAIL_BATCH_BACKEND", "service");
        let run = run_output(command);
        let stderr = run.fails_with(1);
        assert_eq!(
            stderr,
            "error: You are not authenticated.  Please log in with:\n\n  $ hailctl auth login \n\nto obtain new credentials.\n",
            "{args:?}"
        );
        assert_eq!(stderr.matches("hailctl auth login").count(), 1);
    }
    assert!(t.fake.seen().is_empty(), "{:?}", t.fake.seen());
}

#[test]
fn login_rejecting_the_terms_of_service() {
    let t = AuthSandbox::new();
    let run = t.run_input(&["auth", "login"], "x\nn\n");
    run.fails_with(1);
    assert_eq!(
        run.stdout,
        format!(
            "{TOS}Invalid input. Enter 'y' to agree or 'n' to disagree with the following statement: I have reviewed and agree to the [Terms of Service](https://batch.hail.is/tos) and have read the [Privacy Policy](https://batch.hail.is/privacy). y/n: You must agree to the Terms of Service to log in.\nCould not authenticate, Terms of Service rejected.\n"
        )
    );
    assert_eq!(run.stderr, "");
    assert!(t.fake.seen().is_empty());
}

/// Starts `hailctl auth login ARGS` with "y" answered, its stdout read line by line.
fn start_login(t: &AuthSandbox, args: &[&str]) -> (Child, mpsc::Receiver<String>) {
    let mut full = vec!["auth", "login"];
    full.extend_from_slice(args);
    start_interactive(t, &full, "y\n")
}

/// Starts `hailctl ARGS` with `input` written to its stdin (left open), its stdout read line by
/// line.
pub(crate) fn start_interactive(
    t: &AuthSandbox,
    args: &[&str],
    input: &str,
) -> (Child, mpsc::Receiver<String>) {
    let mut child = t.spawn(args, input);
    let stdout = child.stdout.take().expect("stdout");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    (child, receiver)
}

/// Reads lines until the authorization URL; returns the URL and everything read.
pub(crate) fn read_until_url(lines: &mpsc::Receiver<String>) -> (String, String) {
    let mut seen = String::new();
    loop {
        let line = lines
            .recv_timeout(DEADLINE)
            .unwrap_or_else(|_| panic!("no authorization URL; stdout so far: {seen}"));
        seen.push_str(&line);
        seen.push('\n');
        if let Some(url) =
            line.strip_prefix("Please visit this URL to authorize this application: ")
        {
            return (url.to_string(), seen);
        }
    }
}

/// The rest of a login: the remaining stdout lines, stderr and the exit status.
pub(crate) fn finish_login(mut child: Child, lines: mpsc::Receiver<String>, seen: String) -> Run {
    drop(child.stdin.take());
    let mut stderr_pipe = child.stderr.take().expect("stderr");
    let (sender, receiver) = mpsc::channel();
    let s2 = sender.clone();
    std::thread::spawn(move || {
        let mut rest = String::new();
        while let Ok(line) = lines.recv() {
            rest.push_str(&line);
            rest.push('\n');
        }
        let _ = sender.send((true, rest));
    });
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr_pipe, &mut text);
        let _ = s2.send((false, text));
    });
    finish(child, receiver, seen)
}

pub(crate) fn assert_identity_written(t: &AuthSandbox) {
    assert_eq!(
        std::fs::read_to_string(t.identity_file()).expect("identity.json"),
        r#"{"idp": "Google", "credentials": {"client_id": "FAKE-CLIENT-ID.apps.googleusercontent.com", "client_secret": "FAKE-CLIENT-SECRET", "refresh_token": "1//FAKE-REFRESH-TOKEN", "type": "authorized_user"}}"#
    );
    assert_eq!(mode(&t.identity_file()), 0o600);
}

#[test]
fn login_through_the_browser_then_user_and_logout() {
    let t = AuthSandbox::new();
    let opened = t.sandbox.root().join("opened-url");
    t.stub(
        "xdg-open",
        &format!("echo \"$1\" > {}.tmp && mv {0}.tmp {0}\n", opened.display()),
    );
    let (child, lines) = start_login(&t, &["--port", "0"]);
    let (printed_url, seen) = read_until_url(&lines);
    let url = wait_for_file(&opened);
    assert_eq!(url, printed_url);
    let answer = deliver(&authorize(&url));
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.text(),
        "The authentication flow has completed. You may close this window."
    );
    let run = finish_login(child, lines, seen);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(
        run.stdout,
        format!(
            "{TOS}Terms accepted. Logging in...\nPlease visit this URL to authorize this application: {url}\nLogged into {} as alice.\n",
            t.fake.auth_base_url()
        )
    );
    assert_identity_written(&t);
    // The order of §6.8: client, code exchange, refresh, userinfo with the access token.
    let order: Vec<String> = t.fake.seen().iter().map(|s| s.path.clone()).collect();
    assert_eq!(
        order,
        [
            "oauth2-client",
            "google/auth",
            "google/token",
            "google/token",
            "userinfo"
        ]
    );
    let userinfo = t.fake.seen_at("userinfo");
    assert_eq!(
        userinfo[0].authorization.as_deref(),
        Some("Bearer ya29.FAKE-ACCESS")
    );
    // No tokens.json for an OAuth login.
    assert!(!t.tokens_file().exists());

    // The identity works for later commands, and logout revokes it.
    assert!(
        t.run(&["auth", "user"])
            .ok()
            .contains("\"username\": \"alice\"")
    );
    assert_eq!(t.run(&["auth", "logout"]).ok(), "");
    let revokes = t.fake.seen_at("google/revoke");
    assert_eq!(revokes.len(), 1);
    assert_eq!(
        revokes[0].content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert!(!t.identity_file().exists());
    t.fake.assert_no_violations();
}

#[test]
fn login_without_a_browser_accepts_the_pasted_address() {
    let t = AuthSandbox::new();
    // A browser stub that would fail the test if it were used.
    let opened = t.sandbox.root().join("opened-url");
    t.stub("xdg-open", &format!("echo \"$1\" > {}\n", opened.display()));
    let (mut child, lines) = start_login(&t, &["--no-browser", "--port", "0"]);
    let (url, seen) = read_until_url(&lines);
    let location = authorize(&url);
    // Another sign-in's address is refused, this one's accepted.
    let foreign = location.replace("state=", "state=X");
    let stdin = child.stdin.as_mut().expect("stdin");
    writeln!(stdin, "{foreign}").expect("paste");
    writeln!(stdin, "{location}").expect("paste");
    let run = finish_login(child, lines, seen);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(
        run.stdout.ends_with(&format!(
            "Logged into {} as alice.\n",
            t.fake.auth_base_url()
        )),
        "{run:#?}"
    );
    assert!(
        run.stderr.contains("the redirect is not from this sign-in"),
        "{run:#?}"
    );
    assert!(!opened.exists(), "a browser was started with --no-browser");
    assert_identity_written(&t);
    t.fake.assert_no_violations();
}

#[test]
fn logout_keeps_the_identity_when_revoking_fails() {
    let t = AuthSandbox::new();
    std::fs::create_dir_all(t.sandbox.hail_dir()).expect("mkdir");
    std::fs::write(
        t.identity_file(),
        r#"{"idp": "Google", "credentials": {"client_id": "FAKE-CLIENT-ID.apps.googleusercontent.com", "client_secret": "FAKE-CLIENT-SECRET", "refresh_token": "1//FAKE-REFRESH-TOKEN", "type": "authorized_user"}}"#,
    )
    .expect("write identity");
    t.fake.set_revoke_status(400);
    let run = t.run(&["auth", "logout"]);
    let stderr = run.fails_with(1);
    assert!(
        stderr.contains("cannot revoke the Google sign-in"),
        "{stderr}"
    );
    assert!(!stderr.contains("FAKE-REFRESH-TOKEN"), "{stderr}");
    assert!(t.identity_file().exists());
    t.fake.set_revoke_status(200);
    t.run(&["auth", "logout"]).ok();
    assert!(!t.identity_file().exists());
}

#[test]
fn user_and_role_administration() {
    let t = AuthSandbox::new();
    t.logged_in_with_session();
    let run = t.run(&[
        "auth",
        "create-user",
        "bob",
        "bob@example.org",
        "developer",
        "--service-account",
        "--wait",
    ]);
    assert_eq!(run.ok(), "Created user 'bob'\n");
    let create = &t.fake.seen_at("users/bob/create")[0];
    assert_eq!(
        create.body,
        r#"{"login_id":"bob@example.org","system_roles":["developer"],"is_service_account":true,"hail_identity":null,"hail_credentials_secret_name":null}"#
    );
    // A second create fails with Hail's words.
    let stderr = t
        .run(&["auth", "create-user", "bob", "bob@example.org"])
        .fails_with(1)
        .to_string();
    assert!(
        stderr.starts_with("error: Error while creating user 'bob': HTTP 400"),
        "{stderr}"
    );
    assert_eq!(
        t.run(&["auth", "add-role", "bob", "developer"]).ok(),
        "Added role 'developer' to user 'bob'.\n"
    );
    assert_eq!(
        t.run(&["auth", "remove-role", "bob", "developer"]).ok(),
        "Removed role 'developer' from user 'bob'.\n"
    );
    let patches = t.fake.seen_at("system_roles/bob");
    assert_eq!(patches[0].body, r#"{"role_addition":"developer"}"#);
    assert_eq!(patches[1].body, r#"{"role_removal":"developer"}"#);
    assert_eq!(
        t.run(&["auth", "list-roles"]).ok(),
        "{\n    \"username\": \"alice\",\n    \"roles\": [\n        \"developer\",\n        \"billing_manager\"\n    ]\n}\n"
    );
    assert_eq!(t.fake.seen_at("system_roles/me").len(), 1);
    assert_eq!(
        t.run(&["auth", "delete-user", "bob", "--wait"]).ok(),
        "Deleted user 'bob'\n"
    );
    t.fake.assert_no_violations();
}

#[test]
fn curl_passes_credentials_in_a_private_file() {
    let t = AuthSandbox::new();
    t.logged_in_with_session();
    let record = t.sandbox.root().join("curl-argv");
    t.stub(
        "curl",
        &format!(
            "for a in \"$@\"; do echo \"$a\"; done > {0}\nhdr=$(echo \"$2\" | cut -c2-)\ncat \"$hdr\" >> {0}\nstat -c %a \"$hdr\" >> {0}\nexit 7\n",
            record.display()
        ),
    );
    let run = t.run(&[
        "curl",
        "default",
        "batch",
        "/api/v1alpha/batches",
        "-s",
        "--fail",
    ]);
    run.fails_with(7);
    let argv = std::fs::read_to_string(&record).expect("curl ran");
    let lines: Vec<&str> = argv.lines().collect();
    assert_eq!(lines[0], "-H");
    assert!(lines[1].starts_with('@'), "{argv}");
    assert_eq!(
        &lines[2..],
        [
            "-s",
            "--fail",
            // Hail's URL for the default namespace: no base path (so not the fake's).
            &format!(
                "https://batch.127.0.0.1:{}/api/v1alpha/batches",
                t.fake.port
            ),
            "Authorization: Bearer session-token-xyz",
            "600"
        ]
    );
    // The header file is gone, and the token was never on curl's command line.
    assert!(!Path::new(&lines[1][1..]).exists());
}

// ---------------------------------------------------------------------------------------------
// Microsoft (Azure)
// ---------------------------------------------------------------------------------------------

/// MSAL's page once the redirect arrived.
pub(crate) const MSAL_SUCCESS_PAGE: &str = "Authentication complete. You can return to the application. Please close this browser tab.\n\nFor your security: Do not share the contents of this page, the address bar, or take screenshots.";

/// The `identity.json` of a Microsoft sign-in: the auth service's client verbatim, in its key
/// order, plus the refresh token (Hail's bytes).
pub(crate) const MS_IDENTITY: &str = r#"{"idp": "Microsoft", "credentials": {"appId": "aaaaaaaa-1111-2222-3333-444444444444", "appIdentifierUri": "api://hail-app", "userOauthScope": "api://hail-app/hail.user", "tenant": "11111111-2222-3333-4444-555555555555", "refreshToken": "AZURE-NEW-REFRESH"}}"#;

/// What a refresh of [`MS_IDENTITY`] sends, byte for byte (reference §6.3.4).
const MS_REFRESH_BODY: &str = "client_id=aaaaaaaa-1111-2222-3333-444444444444&grant_type=refresh_token&client_info=1&refresh_token=AZURE-NEW-REFRESH&scope=api%3A%2F%2Fhail-app%2Fhail.user+offline_access+openid+profile";

/// A sandbox whose auth service names Microsoft, and a browser stub that records what it opens.
fn microsoft_sandbox() -> (AuthSandbox, PathBuf) {
    let t = AuthSandbox::new();
    t.fake.use_microsoft();
    let opened = t.sandbox.root().join("opened-url");
    t.stub(
        "xdg-open",
        &format!(
            "echo \"$1\" > {0}.tmp && mv {0}.tmp {0}\n",
            opened.display()
        ),
    );
    (t, opened)
}

/// Starts `hailctl auth login --port 0` in `t` (see [`microsoft_sandbox`]), and goes, as the
/// browser, to the URL it opened (the one it printed on stderr): the login, and what Microsoft's
/// page answered.
fn microsoft_browser_login(t: &AuthSandbox, opened: &Path) -> (Interactive, Consent) {
    let mut login = Interactive::start(t, &["auth", "login", "--port", "0"], "y\n");
    let printed = login.url_on_stderr();
    let url = wait_for_file(opened);
    assert_eq!(url, printed);
    let consent = microsoft_consent(&t.fake, &url);
    (login, consent)
}

/// A running `hailctl` with its stdout and stderr read line by line.
pub(crate) struct Interactive {
    child: Child,
    stdout: mpsc::Receiver<String>,
    stderr: mpsc::Receiver<String>,
    out: String,
    err: String,
}

fn line_reader(pipe: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

impl Interactive {
    /// Starts `hailctl ARGS` with `input` written to its stdin, which stays open.
    pub(crate) fn start(t: &AuthSandbox, args: &[&str], input: &str) -> Interactive {
        let mut child = t.spawn(args, input);
        let stdout = line_reader(child.stdout.take().expect("stdout"));
        let stderr = line_reader(child.stderr.take().expect("stderr"));
        Interactive {
            child,
            stdout,
            stderr,
            out: String::new(),
            err: String::new(),
        }
    }

    pub(crate) fn stdin(&mut self) -> &mut ChildStdin {
        self.child.stdin.as_mut().expect("stdin")
    }

    /// Reads stderr until the authorization URL (where our Microsoft sign-in prints it).
    pub(crate) fn url_on_stderr(&mut self) -> String {
        loop {
            let line = self
                .stderr
                .recv_timeout(DEADLINE)
                .unwrap_or_else(|_| panic!("no authorization URL; stderr so far: {}", self.err));
            self.err.push_str(&line);
            self.err.push('\n');
            if let Some(url) =
                line.strip_prefix("Please visit this URL to authorize this application: ")
            {
                return url.to_string();
            }
        }
    }

    /// Reads stderr until a line containing `text`.
    pub(crate) fn wait_on_stderr(&mut self, text: &str) {
        loop {
            let line = self
                .stderr
                .recv_timeout(DEADLINE)
                .unwrap_or_else(|_| panic!("no {text:?} on stderr; so far: {}", self.err));
            self.err.push_str(&line);
            self.err.push('\n');
            if line.contains(text) {
                return;
            }
        }
    }

    /// Closes stdin and collects the rest of the output and the exit status.
    pub(crate) fn finish(mut self) -> Run {
        drop(self.child.stdin.take());
        let end = Instant::now() + DEADLINE;
        for (receiver, text) in [(&self.stdout, &mut self.out), (&self.stderr, &mut self.err)] {
            loop {
                let left = end.saturating_duration_since(Instant::now());
                match receiver.recv_timeout(left) {
                    Ok(line) => {
                        text.push_str(&line);
                        text.push('\n');
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        let _ = self.child.kill();
                        panic!("hailctl did not finish within {DEADLINE:?}; output: {text}");
                    }
                }
            }
        }
        let status = self.child.wait().expect("wait");
        Run {
            stdout: self.out,
            stderr: self.err,
            code: status.code().unwrap_or(-1),
        }
    }
}

fn assert_microsoft_identity_written(t: &AuthSandbox) {
    assert_eq!(
        std::fs::read_to_string(t.identity_file()).expect("identity.json"),
        MS_IDENTITY
    );
    assert_eq!(mode(&t.identity_file()), 0o600);
}

#[test]
fn microsoft_login_through_the_browser_then_user_batch_list_and_logout() {
    let (t, opened) = microsoft_sandbox();
    let (login, consent) = microsoft_browser_login(&t, &opened);
    let url = wait_for_file(&opened);
    let authorize_url = format!(
        "http://127.0.0.1:{}/{}/oauth2/v2.0/authorize?",
        t.fake.port,
        auth_fake::MS_TENANT
    );
    assert!(url.starts_with(&authorize_url), "{url}");
    // MSAL's request: the code comes back in a form posted to the listener.
    assert!(matches!(consent, Consent::Form { .. }), "{consent:?}");
    let answer = consent.deliver();
    assert_eq!(
        (answer.status, answer.text().as_str()),
        (200, MSAL_SUCCESS_PAGE)
    );
    let run = login.finish();
    assert_eq!(run.code, 0, "{run:#?}");
    // Hail's stdout: nothing about the URL (MSAL prints nothing).
    assert_eq!(
        run.stdout,
        format!(
            "{TOS}Terms accepted. Logging in...\nLogged into {} as alice.\n",
            t.fake.auth_base_url()
        )
    );
    assert!(
        run.stderr.contains("run the login again with --no-browser"),
        "{run:#?}"
    );
    assert_microsoft_identity_written(&t);
    let order: Vec<String> = t.fake.seen().iter().map(|s| s.path.clone()).collect();
    assert_eq!(
        order,
        [
            "oauth2-client",
            "microsoft/authorize",
            "microsoft/token",
            "microsoft/token",
            "userinfo"
        ]
    );
    let authorize = &t.fake.seen_at("microsoft/authorize")[0];
    let port = regex::Regex::new(r"redirect_uri=http%3A%2F%2Flocalhost%3A(\d+)&")
        .expect("regex")
        .captures(&authorize.query)
        .unwrap_or_else(|| panic!("{}", authorize.query))[1]
        .to_string();
    let masked = regex::Regex::new(r"(state|code_challenge|nonce)=[^&]+")
        .expect("regex")
        .replace_all(&authorize.query, "$1=<X>");
    assert_eq!(
        masked,
        format!(
            "client_id=aaaaaaaa-1111-2222-3333-444444444444&response_type=code&redirect_uri=http%3A%2F%2Flocalhost%3A{port}&scope=api%3A%2F%2Fhail-app%2Fhail.user+offline_access+openid+profile&state=<X>&response_mode=form_post&code_challenge=<X>&code_challenge_method=S256&nonce=<X>&client_info=1"
        )
    );
    let tokens = t.fake.seen_at("microsoft/token");
    let exchange = regex::Regex::new(r"code_verifier=[A-Za-z0-9._~%-]{43,}&")
        .expect("regex")
        .replace(&tokens[0].body, "code_verifier=<V>&");
    assert_eq!(
        exchange,
        format!(
            "client_id=aaaaaaaa-1111-2222-3333-444444444444&grant_type=authorization_code&client_info=1&code_verifier=<V>&code=MS-CODE-1&redirect_uri=http%3A%2F%2Flocalhost%3A{port}&scope=api%3A%2F%2Fhail-app%2Fhail.user+offline_access+openid+profile"
        )
    );
    assert_eq!(tokens[1].body, MS_REFRESH_BODY);
    assert_eq!(
        tokens[1].content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        t.fake.seen_at("userinfo")[0].authorization.as_deref(),
        Some("Bearer AZURE-ACCESS-TOKEN")
    );
    assert!(!t.tokens_file().exists());

    // Later commands get their access token from the stored refresh token, once per process.
    let user = t.run(&["auth", "user"]).ok().to_string();
    assert!(user.contains("\"username\": \"alice\""), "{user}");
    let tokens = t.fake.seen_at("microsoft/token");
    assert_eq!(tokens.len(), 3);
    assert_eq!(tokens[2].body, MS_REFRESH_BODY);
    let mut command = t.command(&["batch", "list", "-o", "json"]);
    command.env("HAIL_BATCH_BACKEND", "service");
    let listed = run_output(command).ok().to_string();
    assert!(listed.contains("\"id\": 7"), "{listed}");
    let batches = t.fake.seen_at("batches");
    assert_eq!(batches.len(), 1);
    assert_eq!(
        batches[0].authorization.as_deref(),
        Some("Bearer AZURE-ACCESS-TOKEN")
    );
    assert_eq!(t.fake.seen_at("microsoft/token").len(), 4);
    // The rotated refresh token is never written back (as MSAL's in-memory cache).
    assert_microsoft_identity_written(&t);

    // Logout: nothing to revoke at Microsoft (Hail's AzureFlow), the identity is deleted.
    let before = t.fake.seen().len();
    assert_eq!(t.run(&["auth", "logout"]).ok(), "");
    assert!(!t.identity_file().exists());
    assert_eq!(t.fake.seen().len(), before, "{:?}", t.fake.seen());
    t.fake.assert_no_violations();
}

#[test]
fn microsoft_login_without_a_browser_accepts_the_pasted_address() {
    let (t, opened) = microsoft_sandbox();
    let mut login =
        Interactive::start(&t, &["auth", "login", "--no-browser", "--port", "0"], "y\n");
    let url = login.url_on_stderr();
    // Without a browser here, the code comes back in the address, which can be pasted.
    assert!(url.contains("&response_mode=query&"), "{url}");
    let Consent::Redirect(location) = microsoft_consent(&t.fake, &url) else {
        panic!("expected a redirect");
    };
    let foreign = Consent::Redirect(location.clone()).with_state("another-sign-in");
    let Consent::Redirect(foreign) = foreign else {
        unreachable!()
    };
    writeln!(login.stdin(), "{foreign}").expect("paste");
    login.wait_on_stderr("the redirect is not from this sign-in");
    writeln!(login.stdin(), "{location}").expect("paste");
    let run = login.finish();
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(
        run.stdout.ends_with(&format!(
            "Logged into {} as alice.\n",
            t.fake.auth_base_url()
        )),
        "{run:#?}"
    );
    assert!(!opened.exists(), "a browser was started with --no-browser");
    assert_microsoft_identity_written(&t);
    t.fake.assert_no_violations();
}

#[test]
fn microsoft_login_ignores_a_redirect_with_another_state() {
    let (t, opened) = microsoft_sandbox();
    let (mut login, consent) = microsoft_browser_login(&t, &opened);
    // A form posted with another sign-in's state: refused, said so, and the login waits on.
    let answer = consent.with_state("stale").deliver();
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.text(),
        "the redirect is not from this sign-in (its state does not match)."
    );
    login.wait_on_stderr(
        "warning: ignored a request to the sign-in listener: the redirect is not from this \
         sign-in (its state does not match)",
    );
    assert!(t.fake.seen_at("microsoft/token").is_empty());
    assert_eq!(consent.deliver().status, 200);
    let run = login.finish();
    assert_eq!(run.code, 0, "{run:#?}");
    assert_microsoft_identity_written(&t);
    t.fake.assert_no_violations();
}

#[test]
fn microsoft_login_declined_consent_fails_clearly() {
    let (t, opened) = microsoft_sandbox();
    t.fake.set_microsoft(MicrosoftBehaviour::Deny);
    let (login, consent) = microsoft_browser_login(&t, &opened);
    let answer = consent.deliver();
    assert_eq!(
        answer.text(),
        "Sign-in failed: the identity provider answered access_denied: AADSTS65004: User declined to consent to access the app."
    );
    let run = login.finish();
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        run.stderr.ends_with(
            "error: sign-in failed: the identity provider answered access_denied: AADSTS65004: User declined to consent to access the app.\n"
        ),
        "{run:#?}"
    );
    assert!(!run.stdout.contains("Logged into"), "{run:#?}");
    assert!(!t.identity_file().exists());
    assert!(t.fake.seen_at("microsoft/token").is_empty());
    t.fake.assert_no_violations();
}

#[test]
fn microsoft_login_refused_code_fails_clearly() {
    let (t, opened) = microsoft_sandbox();
    t.fake.set_microsoft(MicrosoftBehaviour::RefuseCode);
    let (login, consent) = microsoft_browser_login(&t, &opened);
    let answer = consent.deliver();
    assert_eq!(answer.status, 200);
    let run = login.finish();
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        run.stderr.ends_with(
            "error: sign-in failed: Microsoft's token endpoint answered invalid_grant: AADSTS70000: The provided value for the 'code' parameter is not valid.\n"
        ),
        "{run:#?}"
    );
    assert!(!t.identity_file().exists());
    assert_eq!(t.fake.seen_at("microsoft/token").len(), 1);
    t.fake.assert_no_violations();
}

#[test]
fn microsoft_refresh_refused_asks_for_a_new_sign_in() {
    let t = AuthSandbox::new();
    std::fs::create_dir_all(t.sandbox.hail_dir()).expect("mkdir");
    std::fs::write(t.identity_file(), MS_IDENTITY).expect("write identity");
    t.fake.set_microsoft(MicrosoftBehaviour::RefuseRefresh);
    let expected = "error: Microsoft's token endpoint answered invalid_grant: AADSTS700082: The refresh token has expired due to inactivity; run `hailctl auth login` to sign in again\n";
    let run = t.run(&["auth", "user"]);
    assert_eq!(run.fails_with(1), expected);
    assert_eq!(run.stdout, "");
    let mut command = t.command(&["batch", "list"]);
    command.env("HAIL_BATCH_BACKEND", "service");
    let run = run_output(command);
    assert_eq!(run.fails_with(1), expected);
    // Refused at once: a 400 is not retried, and no secret is shown.
    assert_eq!(t.fake.seen_at("microsoft/token").len(), 2);
    assert!(t.fake.seen_at("batches").is_empty());
    assert!(!run.stderr.contains("AZURE-NEW-REFRESH"));
    t.fake.assert_no_violations();
}

#[test]
fn microsoft_login_refuses_an_id_token_of_another_sign_in() {
    let (t, opened) = microsoft_sandbox();
    t.fake.set_microsoft(MicrosoftBehaviour::WrongNonce);
    let (login, consent) = microsoft_browser_login(&t, &opened);
    assert_eq!(consent.deliver().status, 200);
    let run = login.finish();
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        run.stderr.ends_with(
            "error: sign-in failed: the id_token of Microsoft's answer is not for this sign-in (its nonce does not match)\n"
        ),
        "{run:#?}"
    );
    assert!(!t.identity_file().exists());
    t.fake.assert_no_violations();
}
