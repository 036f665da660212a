//! Registry credentials, found as Docker finds them: `$DOCKER_CONFIG/config.json` (default
//! `~/.docker/config.json`) with its `auths` entries, its per-registry `credHelpers` and its
//! default `credsStore` (both run `docker-credential-<name> get`); then, for Google's
//! registries (Artifact Registry's `*-docker.pkg.dev`, Container Registry's `gcr.io`), the
//! application default credentials the client already uses for `gs://`.
//!
//! Credentials are looked up only when a registry answers 401, and never logged.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

use super::reference::DOCKER_HUB;
use crate::client::auth::Secret;
use crate::client::encoding::{base64_decode, base64_encode};
use crate::env::Env;

/// A user name and password (or identity token) for one registry.
#[derive(Clone)]
pub(crate) struct Credentials {
    pub username: String,
    pub password: Secret,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

impl Credentials {
    /// The `Authorization: Basic` value.
    pub(crate) fn basic(&self) -> String {
        let raw = format!("{}:{}", self.username, self.password.expose());
        format!("Basic {}", base64_encode(raw.as_bytes()))
    }
}

/// The keys Docker's config may use for `registry` (Docker Hub has its historical URL).
fn config_keys(registry: &str) -> Vec<String> {
    if registry == DOCKER_HUB {
        vec![
            "https://index.docker.io/v1/".into(),
            "index.docker.io".into(),
            "docker.io".into(),
            "registry-1.docker.io".into(),
        ]
    } else {
        vec![
            registry.to_string(),
            format!("https://{registry}"),
            format!("http://{registry}"),
        ]
    }
}

fn docker_config_path(env: &Env) -> Option<PathBuf> {
    match env.get_os("DOCKER_CONFIG") {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir).join("config.json")),
        _ => env
            .get_os("HOME")
            .map(|home| PathBuf::from(home).join(".docker/config.json")),
    }
}

/// Credentials for `registry` from Docker's configuration, if it has any. A helper that fails
/// or a malformed file is an error naming the file or helper.
pub(crate) fn docker_credentials(env: &Env, registry: &str) -> Result<Option<Credentials>, String> {
    let Some(path) = docker_config_path(env) else {
        return Ok(None);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let config: Value = serde_json::from_str(&text)
        .map_err(|e| format!("{}: malformed JSON: {e}", path.display()))?;
    let keys = config_keys(registry);
    let helper = config
        .get("credHelpers")
        .and_then(|h| keys.iter().find_map(|k| h.get(k)))
        .and_then(Value::as_str);
    if let Some(helper) = helper {
        return credential_helper(env, helper, &keys[0]);
    }
    if let Some(auths) = config.get("auths")
        && let Some(entry) = keys.iter().find_map(|k| auths.get(k))
    {
        if let Some(auth) = entry.get("auth").and_then(Value::as_str)
            && !auth.is_empty()
        {
            let decoded = base64_decode(auth.trim())
                .map_err(|e| format!("{}: auths.{registry}.auth: {}", path.display(), e.0))?;
            let decoded = String::from_utf8(decoded)
                .map_err(|_| format!("{}: auths.{registry}.auth is not UTF-8", path.display()))?;
            let (user, pass) = decoded.split_once(':').ok_or_else(|| {
                format!(
                    "{}: auths.{registry}.auth is not user:password",
                    path.display()
                )
            })?;
            return Ok(Some(Credentials {
                username: user.to_string(),
                password: Secret::new(pass),
            }));
        }
        if let Some(token) = entry.get("identitytoken").and_then(Value::as_str) {
            return Ok(Some(Credentials {
                username: "<token>".into(),
                password: Secret::new(token),
            }));
        }
    }
    if let Some(store) = config.get("credsStore").and_then(Value::as_str) {
        return credential_helper(env, store, &keys[0]);
    }
    Ok(None)
}

/// Runs `docker-credential-<helper> get` with the server on stdin (Docker's protocol); "not
/// found" answers mean no credentials.
fn credential_helper(env: &Env, helper: &str, server: &str) -> Result<Option<Credentials>, String> {
    if helper.is_empty() || helper.contains('/') {
        return Err(format!("invalid credential helper name {helper:?}"));
    }
    let program = format!("docker-credential-{helper}");
    let mut child = Command::new(&program)
        .arg("get")
        .env_clear()
        .envs(env.vars_os())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A helper that exits without reading stdin is reported by its status below.
        let _ = stdin.write_all(server.as_bytes());
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("{program} get: {e}"))?;
    if !output.status.success() {
        let stdout = String::from_utf8_lossy(&output.stdout);
        if stdout.contains("credentials not found") {
            return Ok(None);
        }
        return Err(format!(
            "{program} get failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let answer: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("{program} get printed malformed JSON: {e}"))?;
    let field = |name: &str| answer.get(name).and_then(Value::as_str).unwrap_or_default();
    Ok(Some(Credentials {
        username: field("Username").to_string(),
        password: Secret::new(field("Secret")),
    }))
}

/// Whether `registry` is one of Google's, which take an OAuth access token.
pub(crate) fn is_google_registry(registry: &str) -> bool {
    let host = registry.split(':').next().unwrap_or(registry);
    host.ends_with("-docker.pkg.dev") || host == "gcr.io" || host.ends_with(".gcr.io")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_with_config(json: &str) -> (tempfile::TempDir, Env) {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("config.json"), json).expect("write");
        let env = Env::from_pairs([(
            "DOCKER_CONFIG".to_string(),
            dir.path().display().to_string(),
        )]);
        (dir, env)
    }

    #[test]
    fn auths_entries_by_registry() {
        let auth = base64_encode(b"alice:s3cret");
        let (_dir, env) = env_with_config(&format!(
            r#"{{"auths": {{"https://index.docker.io/v1/": {{"auth": "{auth}"}},
                           "127.0.0.1:5000": {{"auth": "{auth}"}}}}}}"#
        ));
        let hub = docker_credentials(&env, DOCKER_HUB).unwrap().unwrap();
        assert_eq!(hub.username, "alice");
        assert_eq!(hub.password.expose(), "s3cret");
        assert!(
            docker_credentials(&env, "127.0.0.1:5000")
                .unwrap()
                .is_some()
        );
        assert!(docker_credentials(&env, "other:5000").unwrap().is_none());
        assert!(!format!("{hub:?}").contains("s3cret"));
    }

    #[test]
    fn malformed_config_names_the_file() {
        let (_dir, env) = env_with_config("{not json");
        let e = docker_credentials(&env, DOCKER_HUB).unwrap_err();
        assert!(e.contains("config.json: malformed JSON"), "{e}");
    }

    #[test]
    fn google_registries() {
        assert!(is_google_registry("us-central1-docker.pkg.dev"));
        assert!(is_google_registry("gcr.io"));
        assert!(is_google_registry("eu.gcr.io"));
        assert!(!is_google_registry("docker.io"));
    }
}
