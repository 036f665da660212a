//! The deploy config: where the Hail services live and how to build their URLs.
//!
//! This module owns `deploy-config.json` (finding it, parsing it, the built-in defaults when it
//! is absent), the `HAIL_*` environment overrides applied on top of it (including the
//! non-default-namespace rule and `HAIL_TERRA`), and the construction of service URLs. It mirrors
//! `hailtop/config/deploy_config.py` from Hail 0.2.139; see §1.6 and §5 of the compatibility
//! reference.
//!
//! The caller supplies the merged user config's `global/domain` (the only input from
//! `config.ini`), so this module does not depend on the INI layer.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde_json::Value;

use crate::env::Env;

/// Domain used when neither a deploy-config file nor `global/domain` says otherwise.
pub(crate) const DEFAULT_DOMAIN: &str = "hail.is";

/// The namespace that gets the public, per-service host names.
pub(crate) const DEFAULT_NAMESPACE: &str = "default";

/// Where the client runs relative to the Hail deployment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Location {
    /// Outside the cluster: public `https://SERVICE.DOMAIN` URLs.
    External,
    /// Inside the Kubernetes cluster: `https://SERVICE.NAMESPACE` with mutual TLS.
    K8s,
    /// On a GCE VM next to the cluster: plain `http` through the internal gateway.
    Gce,
}

impl Location {
    /// Every location, in the order Python lists them.
    pub(crate) const ALL: [Location; 3] = [Location::External, Location::K8s, Location::Gce];

    /// The spelling used in `deploy-config.json` and `HAIL_LOCATION`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Location::External => "external",
            Location::K8s => "k8s",
            Location::Gce => "gce",
        }
    }

    /// URL scheme for service calls (`gce` talks plain `http` to the internal gateway).
    pub(crate) fn scheme(self) -> &'static str {
        match self {
            Location::External | Location::K8s => "https",
            Location::Gce => "http",
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for a string that is not one of `external`, `k8s`, `gce` (exact, case-sensitive).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid location {0:?}; valid locations are: external, k8s, gce")]
pub(crate) struct ParseLocationError(pub String);

impl FromStr for Location {
    type Err = ParseLocationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Location::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| ParseLocationError(s.to_string()))
    }
}

/// Everything that can go wrong loading a deploy config or building a URL from it.
///
/// Python dies with a traceback in each of these cases (`JSONDecodeError`, `KeyError`,
/// `AssertionError`, ...); we report the same conditions as ordinary errors.
#[derive(Debug, thiserror::Error)]
pub enum DeployConfigError {
    /// The file exists but could not be read (permissions, I/O error, ...).
    #[error("{}: cannot read deploy config: {source}", .path.display())]
    Read {
        /// The deploy-config file.
        path: PathBuf,
        /// The underlying I/O error.
        source: io::Error,
    },
    /// The file is not valid JSON.
    #[error("{}: malformed JSON in deploy config: {source}", .path.display())]
    MalformedJson {
        /// The deploy-config file.
        path: PathBuf,
        /// The parser error (with line and column).
        source: serde_json::Error,
    },
    /// The file is valid JSON but not an object.
    #[error("{}: deploy config must be a JSON object", .path.display())]
    NotAnObject {
        /// The deploy-config file.
        path: PathBuf,
    },
    /// One of `location`, `default_namespace`, `domain` is absent. Python checks these before
    /// the environment overrides, so this is an error even if the matching `HAIL_*` is set.
    #[error("{}: missing required key \"{key}\"", .path.display())]
    MissingKey {
        /// The deploy-config file.
        path: PathBuf,
        /// The missing key.
        key: &'static str,
    },
    /// A key that is needed has a value that is not a string (`base_path` may also be null).
    #[error("{}: value of key \"{key}\" must be a string, found {found}", .path.display())]
    NotAString {
        /// The deploy-config file.
        path: PathBuf,
        /// The offending key.
        key: &'static str,
        /// The value as found, in compact JSON.
        found: String,
    },
    /// The effective location is not one of the three known ones.
    #[error("invalid location {value:?} (from {origin}); valid locations are: external, k8s, gce")]
    BadLocation {
        /// The value as given.
        value: String,
        /// Where it came from: `HAIL_LOCATION` or the file path.
        origin: String,
    },
    /// Terra inside Kubernetes only knows fixed local ports for `batch` and `batch-driver`
    /// (Python raises `KeyError` for anything else).
    #[error(
        "no address for service {service:?} in a Terra deployment inside Kubernetes \
         (only \"batch\" and \"batch-driver\" are known)"
    )]
    UnknownTerraService {
        /// The service that was asked for.
        service: String,
    },
}

/// The effective deploy config: file or defaults, with the environment overrides applied.
///
/// Build it with [`DeployConfig::load`] (the normal way), [`DeployConfig::load_from`],
/// [`DeployConfig::from_json_str`] or [`DeployConfig::from_parts`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DeployConfig {
    /// Where the client runs.
    pub location: Location,
    /// The namespace whose services are addressed (`default` for production).
    pub default_namespace: String,
    /// The domain; `internal.<domain>` when a non-default namespace is addressed.
    pub domain: String,
    /// Path prefix for all services (`/<namespace>` for a non-default namespace); never empty.
    pub base_path: Option<String>,
    /// The Terra variant (`HAIL_TERRA` set and non-empty): different host rule (§5.5).
    pub terra: bool,
}

/// The four settings as read from the file (or the defaults), before the environment
/// overrides. Values stay raw JSON because Python only looks at a value when it is used: a
/// file `"location": 5` is fine as long as `HAIL_LOCATION` overrides it.
struct RawConfig {
    /// Where the values came from (a file path, or a label for the defaults).
    origin: PathBuf,
    location: Value,
    default_namespace: Value,
    domain: Value,
    /// `None` when the key is absent.
    base_path: Option<Value>,
}

impl RawConfig {
    /// The built-in defaults of §5.1.
    fn defaults(user_config_domain: Option<&str>) -> RawConfig {
        RawConfig {
            origin: PathBuf::from("<built-in defaults>"),
            location: Value::from(Location::External.as_str()),
            default_namespace: Value::from(DEFAULT_NAMESPACE),
            domain: Value::from(user_config_domain.unwrap_or(DEFAULT_DOMAIN)),
            base_path: None,
        }
    }

    /// Parses a deploy-config document. Required keys are checked here, before any override,
    /// exactly like Python's `config['location']` etc. Other keys are ignored.
    fn parse(json: &[u8], origin: &Path) -> Result<RawConfig, DeployConfigError> {
        // From bytes, so invalid UTF-8 is a JSON error with a position (Python fails too).
        let value: Value =
            serde_json::from_slice(json).map_err(|source| DeployConfigError::MalformedJson {
                path: origin.to_path_buf(),
                source,
            })?;
        let Value::Object(mut map) = value else {
            return Err(DeployConfigError::NotAnObject {
                path: origin.to_path_buf(),
            });
        };
        let mut required = |key: &'static str| {
            map.remove(key)
                .ok_or_else(|| DeployConfigError::MissingKey {
                    path: origin.to_path_buf(),
                    key,
                })
        };
        // Python reads `location` first (it is logged), then domain, then the namespace; the
        // first missing key in that order is the one reported.
        let location = required("location")?;
        let domain = required("domain")?;
        let default_namespace = required("default_namespace")?;
        let base_path = map.remove("base_path");
        Ok(RawConfig {
            origin: origin.to_path_buf(),
            location,
            default_namespace,
            domain,
            base_path,
        })
    }

    /// The value of a key as a string, or an error naming the file and key.
    fn string(&self, key: &'static str, value: &Value) -> Result<String, DeployConfigError> {
        match value {
            Value::String(s) => Ok(s.clone()),
            other => Err(DeployConfigError::NotAString {
                path: self.origin.clone(),
                key,
                found: other.to_string(),
            }),
        }
    }

    /// Applies the §5.2 environment overrides and the namespace rule.
    fn resolve(self, env: &Env, terra: bool) -> Result<DeployConfig, DeployConfigError> {
        // Each override replaces the file value when the variable is set, even to "".
        let (location_text, location_origin) = match env.get("HAIL_LOCATION") {
            Some(v) => (v, "HAIL_LOCATION".to_string()),
            None => (
                self.string("location", &self.location)?,
                self.origin.display().to_string(),
            ),
        };
        let domain = match env.get("HAIL_DOMAIN") {
            Some(v) => v,
            None => self.string("domain", &self.domain)?,
        };
        let default_namespace = match env.get("HAIL_DEFAULT_NAMESPACE") {
            Some(v) => v,
            None => self.string("default_namespace", &self.default_namespace)?,
        };
        // `HAIL_BASE_PATH=""` still counts as set: it hides the file's base_path and the empty
        // result then means "no base path" (Python: `os.environ.get(..., file) or None`).
        let base_path = match env.get("HAIL_BASE_PATH") {
            Some(v) => Some(v),
            None => match &self.base_path {
                None | Some(Value::Null) => None,
                Some(v) => Some(self.string("base_path", v)?),
            },
        }
        .filter(|bp| !bp.is_empty());

        let (domain, base_path) = match base_path {
            Some(bp) => (domain, Some(bp)),
            None if default_namespace != DEFAULT_NAMESPACE => {
                // Built from the file/default domain, so HAIL_DOMAIN is ignored here (observed).
                let file_domain = self.string("domain", &self.domain)?;
                (
                    format!("internal.{file_domain}"),
                    Some(format!("/{default_namespace}")),
                )
            }
            None => (domain, None),
        };

        // Python asserts the location after the overrides, so a bad file value is harmless
        // when HAIL_LOCATION is set.
        let location =
            location_text
                .parse::<Location>()
                .map_err(|e| DeployConfigError::BadLocation {
                    value: e.0,
                    origin: location_origin,
                })?;

        Ok(DeployConfig {
            location,
            default_namespace,
            domain,
            base_path,
            terra,
        })
    }
}

/// The user's home directory, resolved like Python's `os.path.expanduser('~')`.
///
/// `$HOME` wins when set, even if empty; trailing slashes are dropped and an empty result means
/// `/` (so `HOME=` gives `/.hail/...`, as Python does). If `HOME` is unset, the passwd entry is
/// used via [`std::env::home_dir`]; `None` means no home could be found at all.
pub(crate) fn home_dir(env: &Env) -> Option<PathBuf> {
    match env.get_os("HOME") {
        Some(home) => {
            let path = match home.to_str() {
                Some(text) => {
                    let trimmed = text.trim_end_matches('/');
                    PathBuf::from(if trimmed.is_empty() { "/" } else { trimmed })
                }
                // Not UTF-8: use it verbatim; only the printed form could differ from Python.
                None => PathBuf::from(home),
            };
            Some(path)
        }
        None => std::env::home_dir(),
    }
}

/// `~/.hail/<file>`, or Python's unexpanded `~/.hail/<file>` when no home directory is known.
pub(crate) fn dot_hail_file(env: &Env, file: &str) -> PathBuf {
    match home_dir(env) {
        Some(home) => home.join(".hail").join(file),
        // expanduser returns the path unchanged when it cannot find a home.
        None => PathBuf::from("~/.hail").join(file),
    }
}

impl DeployConfig {
    /// Builds a deploy config from already-resolved values; no environment is consulted.
    pub(crate) fn from_parts(
        location: Location,
        default_namespace: impl Into<String>,
        domain: impl Into<String>,
        base_path: Option<String>,
        terra: bool,
    ) -> DeployConfig {
        DeployConfig {
            location,
            default_namespace: default_namespace.into(),
            domain: domain.into(),
            // An empty base path means none everywhere else, so normalise it here too.
            base_path: base_path.filter(|bp| !bp.is_empty()),
            terra,
        }
    }

    /// The deploy-config file to read (§1.6): the first of `$HAIL_DEPLOY_CONFIG_FILE`,
    /// `~/.hail/deploy-config.json`, `/deploy-config/deploy-config.json` that is a regular file
    /// (symlinks followed). `None` means the built-in defaults apply.
    pub(crate) fn path_for_read(env: &Env) -> Option<PathBuf> {
        let mut candidates = Vec::with_capacity(3);
        if let Some(p) = env.get_os("HAIL_DEPLOY_CONFIG_FILE") {
            candidates.push(PathBuf::from(p));
        }
        candidates.push(dot_hail_file(env, "deploy-config.json"));
        candidates.push(PathBuf::from("/deploy-config/deploy-config.json"));
        candidates.into_iter().find(|p| p.is_file())
    }

    /// The file `hailctl dev config set` writes (§1.6): `$HAIL_DEPLOY_CONFIG_FILE` if set,
    /// whether or not it exists (even if empty), else `~/.hail/deploy-config.json`.
    #[cfg(test)]
    pub(crate) fn path_for_write(env: &Env) -> PathBuf {
        match env.get_os("HAIL_DEPLOY_CONFIG_FILE") {
            Some(p) => PathBuf::from(p),
            None => dot_hail_file(env, "deploy-config.json"),
        }
    }

    /// Loads the effective deploy config: the file found by [`DeployConfig::path_for_read`] or
    /// the defaults, then the environment overrides and `HAIL_TERRA`.
    ///
    /// `user_config_domain` is the merged user config's `global/domain` option (`None` when the
    /// option is absent; `HAIL_GLOBAL_DOMAIN` must not be folded in). It is used only when no
    /// file exists.
    pub(crate) fn load(
        env: &Env,
        user_config_domain: Option<&str>,
    ) -> Result<DeployConfig, DeployConfigError> {
        let path = Self::path_for_read(env);
        Self::load_from(env, path.as_deref(), user_config_domain)
    }

    /// Like [`DeployConfig::load`] but with the file chosen by the caller (`None` = defaults).
    /// Reading a given path that does not exist is an error.
    pub(crate) fn load_from(
        env: &Env,
        file: Option<&Path>,
        user_config_domain: Option<&str>,
    ) -> Result<DeployConfig, DeployConfigError> {
        let terra = terra_from_env(env);
        let raw = match file {
            Some(path) => {
                let bytes = std::fs::read(path).map_err(|source| DeployConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                })?;
                RawConfig::parse(&bytes, path)?
            }
            None => RawConfig::defaults(user_config_domain),
        };
        raw.resolve(env, terra)
    }

    /// Parses a deploy-config document and applies the environment overrides, as if it had
    /// been read from `origin` (used in error messages only).
    #[cfg(test)]
    pub(crate) fn from_json_str(
        json: &str,
        origin: &Path,
        env: &Env,
    ) -> Result<DeployConfig, DeployConfigError> {
        RawConfig::parse(json.as_bytes(), origin)?.resolve(env, terra_from_env(env))
    }

    /// The host (and port) for `service`, per §5.3 or, for Terra, §5.5.
    fn host(&self, service: &str) -> Result<String, DeployConfigError> {
        if self.terra {
            return match self.location {
                Location::K8s => match service {
                    "batch" => Ok("localhost:5001".to_string()),
                    "batch-driver" => Ok("localhost:5000".to_string()),
                    _ => Err(DeployConfigError::UnknownTerraService {
                        service: service.to_string(),
                    }),
                },
                // Terra apps reach every service through the one domain.
                Location::External | Location::Gce => Ok(self.domain.clone()),
            };
        }
        Ok(match (self.location, &self.base_path) {
            (Location::K8s, _) => format!("{service}.{}", self.default_namespace),
            (Location::Gce, None) => format!("{service}.hail"),
            (Location::Gce, Some(_)) => "internal.hail".to_string(),
            (Location::External, None) => format!("{service}.{}", self.domain),
            (Location::External, Some(_)) => self.domain.clone(),
        })
    }

    /// The path prefix for `service`: empty, or `<base_path>/<service>`.
    fn path_prefix(&self, service: &str) -> String {
        match &self.base_path {
            Some(bp) => format!("{bp}/{service}"),
            None => String::new(),
        }
    }

    /// `scheme://host` plus the path prefix, e.g. `https://batch.hail.is` or
    /// `https://internal.example.org/alice/batch`.
    ///
    /// Fails only for a Terra deployment inside Kubernetes and a service other than `batch` or
    /// `batch-driver` (Python raises `KeyError` there); every other combination succeeds. We
    /// return a `Result` rather than guess a host, because a wrong host would send credentials
    /// to the wrong place.
    pub(crate) fn base_url(&self, service: &str) -> Result<String, DeployConfigError> {
        Ok(format!(
            "{}://{}{}",
            self.location.scheme(),
            self.host(service)?,
            self.path_prefix(service)
        ))
    }

    /// [`DeployConfig::base_url`] followed by `path`, which should start with `/`.
    pub(crate) fn url(&self, service: &str, path: &str) -> Result<String, DeployConfigError> {
        Ok(format!("{}{path}", self.base_url(service)?))
    }

    /// The public URL of `service` (what a browser should open): always `https`, independent
    /// of the location and of `HAIL_TERRA`.
    pub(crate) fn external_url(&self, service: &str, path: &str) -> String {
        match &self.base_path {
            None if service == "www" => format!("https://{}{path}", self.domain),
            None => format!("https://{service}.{}{path}", self.domain),
            Some(bp) => format!("https://{}{bp}/{service}{path}", self.domain),
        }
    }

    /// Name of the auth service's session cookie: `session` in the default namespace, else
    /// `sesh` (so dev namespaces under the same domain do not clobber production's cookie).
    #[cfg(test)]
    pub(crate) fn auth_session_cookie_name(&self) -> &'static str {
        if self.default_namespace == DEFAULT_NAMESPACE {
            "session"
        } else {
            "sesh"
        }
    }

    /// The same deployment addressed at namespace `namespace` (for `hailctl curl NAMESPACE`).
    ///
    /// Strips one `internal.` prefix from the domain; `default` gets no base path, any other
    /// namespace gets `internal.<domain>` and `/<namespace>`. The location is kept. Like
    /// Python, whose method builds a plain `DeployConfig`, the result is never Terra.
    pub(crate) fn with_default_namespace(&self, namespace: &str) -> DeployConfig {
        let base_domain = self
            .domain
            .strip_prefix("internal.")
            .unwrap_or(&self.domain);
        if namespace == DEFAULT_NAMESPACE {
            DeployConfig::from_parts(self.location, namespace, base_domain, None, false)
        } else {
            DeployConfig::from_parts(
                self.location,
                namespace,
                format!("internal.{base_domain}"),
                Some(format!("/{namespace}")),
                false,
            )
        }
    }
}

/// `HAIL_TERRA` selects the Terra variant when set and non-empty (empty behaves as unset).
fn terra_from_env(env: &Env) -> bool {
    env.is_set_non_empty("HAIL_TERRA")
}

#[cfg(test)]
mod tests {
    use super::*;

    const USERINFO: &str = "/api/v1alpha/userinfo";

    /// An environment whose `HOME` is an empty directory, plus `vars`.
    fn env_with(home: &Path, vars: &[(&str, &str)]) -> Env {
        let mut env = Env::from_pairs(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        env.set("HOME", home.as_os_str());
        env
    }

    fn write_file(dir: &Path, name: &str, content: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, content).expect("write test file");
        path
    }

    /// Loads with an explicit file (or defaults) so the tests do not depend on the machine's
    /// `/deploy-config/deploy-config.json`.
    fn load(
        vars: &[(&str, &str)],
        file_json: Option<&str>,
        user_domain: Option<&str>,
    ) -> DeployConfig {
        let tmp = tempfile::tempdir().expect("tempdir");
        let env = env_with(tmp.path(), vars);
        let file = file_json.map(|j| write_file(tmp.path(), "deploy-config.json", j));
        DeployConfig::load_from(&env, file.as_deref(), user_domain).expect("load deploy config")
    }

    fn load_err(vars: &[(&str, &str)], file_json: &str) -> (DeployConfigError, PathBuf) {
        let tmp = tempfile::tempdir().expect("tempdir");
        let env = env_with(tmp.path(), vars);
        let file = write_file(tmp.path(), "deploy-config.json", file_json);
        let err = DeployConfig::load_from(&env, Some(&file), None).expect_err("should fail");
        (err, file)
    }

    /// Checks batch base_url, auth base_url and the userinfo URL of one §5.4 row.
    fn assert_row(dc: &DeployConfig, batch: &str, auth: &str, userinfo: &str) {
        assert_eq!(dc.base_url("batch").expect("batch"), batch);
        assert_eq!(dc.base_url("auth").expect("auth"), auth);
        assert_eq!(dc.url("auth", USERINFO).expect("userinfo"), userinfo);
    }

    const FILE_ORG: &str =
        r#"{"location":"external","default_namespace":"default","domain":"file.org"}"#;

    // ---- §5.4 worked examples, one test per row ----

    #[test]
    fn row_no_file_no_config() {
        let dc = load(&[], None, None);
        assert_eq!(
            dc,
            DeployConfig::from_parts(Location::External, "default", "hail.is", None, false)
        );
        assert_row(
            &dc,
            "https://batch.hail.is",
            "https://auth.hail.is",
            "https://auth.hail.is/api/v1alpha/userinfo",
        );
    }

    #[test]
    fn row_no_file_user_config_domain() {
        let dc = load(&[], None, Some("example.org"));
        assert_eq!(dc.domain, "example.org");
        assert_eq!(dc.base_path, None);
        assert_row(
            &dc,
            "https://batch.example.org",
            "https://auth.example.org",
            "https://auth.example.org/api/v1alpha/userinfo",
        );
    }

    #[test]
    fn row_file_domain() {
        // A file wins over global/domain.
        let dc = load(&[], Some(FILE_ORG), Some("example.org"));
        assert_eq!(
            dc,
            DeployConfig::from_parts(Location::External, "default", "file.org", None, false)
        );
        assert_row(
            &dc,
            "https://batch.file.org",
            "https://auth.file.org",
            "https://auth.file.org/api/v1alpha/userinfo",
        );
    }

    fn alice_example(dc: &DeployConfig) {
        assert_eq!(
            *dc,
            DeployConfig::from_parts(
                Location::External,
                "alice",
                "internal.example.org",
                Some("/alice".into()),
                false
            )
        );
        assert_row(
            dc,
            "https://internal.example.org/alice/batch",
            "https://internal.example.org/alice/auth",
            "https://internal.example.org/alice/auth/api/v1alpha/userinfo",
        );
    }

    #[test]
    fn row_env_namespace_alice() {
        alice_example(&load(
            &[("HAIL_DEFAULT_NAMESPACE", "alice")],
            None,
            Some("example.org"),
        ));
    }

    #[test]
    fn row_file_namespace_alice() {
        let json = r#"{"location":"external","default_namespace":"alice","domain":"example.org"}"#;
        alice_example(&load(&[], Some(json), None));
    }

    #[test]
    fn row_namespace_alice_ignores_hail_domain() {
        alice_example(&load(
            &[
                ("HAIL_DEFAULT_NAMESPACE", "alice"),
                ("HAIL_DOMAIN", "env.org"),
            ],
            None,
            Some("example.org"),
        ));
    }

    #[test]
    fn row_base_path_default_namespace() {
        let dc = load(&[("HAIL_BASE_PATH", "/bp")], None, Some("example.org"));
        assert_eq!(
            dc,
            DeployConfig::from_parts(
                Location::External,
                "default",
                "example.org",
                Some("/bp".into()),
                false
            )
        );
        assert_row(
            &dc,
            "https://example.org/bp/batch",
            "https://example.org/bp/auth",
            "https://example.org/bp/auth/api/v1alpha/userinfo",
        );
    }

    #[test]
    fn row_location_gce() {
        let dc = load(&[("HAIL_LOCATION", "gce")], None, Some("example.org"));
        assert_eq!(dc.location, Location::Gce);
        assert_eq!(dc.default_namespace, "default");
        assert_row(
            &dc,
            "http://batch.hail",
            "http://auth.hail",
            "http://auth.hail/api/v1alpha/userinfo",
        );
    }

    #[test]
    fn row_file_gce_namespace_bob() {
        let json = r#"{"location":"gce","default_namespace":"bob","domain":"file.org"}"#;
        let dc = load(&[], Some(json), None);
        assert_eq!(
            dc,
            DeployConfig::from_parts(
                Location::Gce,
                "bob",
                "internal.file.org",
                Some("/bob".into()),
                false
            )
        );
        assert_row(
            &dc,
            "http://internal.hail/bob/batch",
            "http://internal.hail/bob/auth",
            "http://internal.hail/bob/auth/api/v1alpha/userinfo",
        );
    }

    #[test]
    fn row_k8s_namespace_alice() {
        let dc = load(
            &[
                ("HAIL_LOCATION", "k8s"),
                ("HAIL_DEFAULT_NAMESPACE", "alice"),
            ],
            None,
            Some("example.org"),
        );
        assert_eq!(
            dc,
            DeployConfig::from_parts(
                Location::K8s,
                "alice",
                "internal.example.org",
                Some("/alice".into()),
                false
            )
        );
        assert_row(
            &dc,
            "https://batch.alice/alice/batch",
            "https://auth.alice/alice/auth",
            "https://auth.alice/alice/auth/api/v1alpha/userinfo",
        );
    }

    #[test]
    fn k8s_default_namespace_has_no_prefix() {
        let dc = load(&[("HAIL_LOCATION", "k8s")], None, None);
        assert_eq!(
            dc.base_url("batch-driver").expect("url"),
            "https://batch-driver.default"
        );
    }

    // ---- external_url (§5.4) ----

    #[test]
    fn external_url_examples() {
        let plain = load(&[], None, Some("example.org"));
        assert_eq!(
            plain.external_url("batch", "/x"),
            "https://batch.example.org/x"
        );
        assert_eq!(plain.external_url("www", "/"), "https://example.org/");

        let alice = load(
            &[("HAIL_DEFAULT_NAMESPACE", "alice")],
            None,
            Some("example.org"),
        );
        assert_eq!(
            alice.external_url("batch", "/x"),
            "https://internal.example.org/alice/batch/x"
        );
        // With a base path even www gets its own prefix.
        assert_eq!(
            alice.external_url("www", "/"),
            "https://internal.example.org/alice/www/"
        );

        // Always https, whatever the location.
        let gce = load(&[("HAIL_LOCATION", "gce")], None, Some("example.org"));
        assert_eq!(
            gce.external_url("batch", "/x"),
            "https://batch.example.org/x"
        );
    }

    // ---- HAIL_TERRA (§5.5) ----

    #[test]
    fn terra_external_uses_bare_domain() {
        let dc = load(&[("HAIL_TERRA", "1")], None, Some("example.org"));
        assert!(dc.terra);
        assert_eq!(dc.base_url("batch").expect("batch"), "https://example.org");
        assert_eq!(dc.base_url("auth").expect("auth"), "https://example.org");
        assert_eq!(
            dc.url("auth", USERINFO).expect("userinfo"),
            "https://example.org/api/v1alpha/userinfo"
        );
        // external_url is unchanged by Terra.
        assert_eq!(
            dc.external_url("batch", "/x"),
            "https://batch.example.org/x"
        );
    }

    #[test]
    fn terra_with_base_path_keeps_prefix() {
        let dc = load(
            &[("HAIL_TERRA", "true"), ("HAIL_BASE_PATH", "/bp")],
            None,
            Some("example.org"),
        );
        assert_eq!(
            dc.base_url("batch").expect("batch"),
            "https://example.org/bp/batch"
        );
    }

    #[test]
    fn terra_gce_uses_domain_with_http() {
        let dc = load(
            &[("HAIL_TERRA", "1"), ("HAIL_LOCATION", "gce")],
            None,
            Some("example.org"),
        );
        assert_eq!(dc.base_url("batch").expect("batch"), "http://example.org");
    }

    #[test]
    fn terra_k8s_fixed_ports_and_unknown_service() {
        let dc = load(&[("HAIL_TERRA", "1"), ("HAIL_LOCATION", "k8s")], None, None);
        assert_eq!(
            dc.base_url("batch").expect("batch"),
            "https://localhost:5001"
        );
        assert_eq!(
            dc.base_url("batch-driver").expect("driver"),
            "https://localhost:5000"
        );
        let err = dc.url("auth", USERINFO).expect_err("auth is unknown");
        assert!(
            matches!(err, DeployConfigError::UnknownTerraService { ref service } if service == "auth")
        );
        assert!(err.to_string().contains("\"auth\""), "{err}");
    }

    #[test]
    fn terra_empty_behaves_as_unset() {
        let dc = load(&[("HAIL_TERRA", "")], None, Some("example.org"));
        assert!(!dc.terra);
        assert_eq!(
            dc.base_url("batch").expect("batch"),
            "https://batch.example.org"
        );
    }

    // ---- other §5.2 rules ----

    #[test]
    fn hail_base_path_empty_means_none_and_hides_file_value() {
        // Observed with the real library: the empty variable overrides the file's base_path.
        let json = r#"{"location":"external","default_namespace":"default","domain":"file.org","base_path":"/fbp"}"#;
        let with_file_bp = load(&[], Some(json), None);
        assert_eq!(with_file_bp.base_path.as_deref(), Some("/fbp"));
        assert_eq!(
            with_file_bp.base_url("batch").expect("url"),
            "https://file.org/fbp/batch"
        );

        let dc = load(&[("HAIL_BASE_PATH", "")], Some(json), None);
        assert_eq!(dc.base_path, None);
        assert_eq!(dc.base_url("batch").expect("url"), "https://batch.file.org");
        assert_eq!(dc.external_url("www", "/"), "https://file.org/");
    }

    #[test]
    fn hail_base_path_empty_with_namespace_applies_namespace_rule() {
        let dc = load(
            &[("HAIL_BASE_PATH", ""), ("HAIL_DEFAULT_NAMESPACE", "alice")],
            None,
            Some("example.org"),
        );
        assert_eq!(dc.base_path.as_deref(), Some("/alice"));
        assert_eq!(dc.domain, "internal.example.org");
    }

    #[test]
    fn explicit_base_path_keeps_hail_domain_in_other_namespace() {
        let dc = load(
            &[
                ("HAIL_BASE_PATH", "/bp"),
                ("HAIL_DEFAULT_NAMESPACE", "alice"),
                ("HAIL_DOMAIN", "env.org"),
            ],
            None,
            None,
        );
        assert_eq!(dc.domain, "env.org");
        assert_eq!(
            dc.base_url("batch").expect("url"),
            "https://env.org/bp/batch"
        );
    }

    #[test]
    fn empty_namespace_is_not_default() {
        // Observed: HAIL_DEFAULT_NAMESPACE= gives base path "/" and a double slash.
        let dc = load(&[("HAIL_DEFAULT_NAMESPACE", "")], Some(FILE_ORG), None);
        assert_eq!(dc.base_path.as_deref(), Some("/"));
        assert_eq!(
            dc.base_url("batch").expect("url"),
            "https://internal.file.org//batch"
        );
    }

    #[test]
    fn hail_domain_applies_in_default_namespace() {
        let dc = load(&[("HAIL_DOMAIN", "env.org")], Some(FILE_ORG), None);
        assert_eq!(dc.base_url("batch").expect("url"), "https://batch.env.org");
    }

    #[test]
    fn file_null_base_path_is_none_and_extra_keys_ignored() {
        let json = r#"{"location":"external","default_namespace":"default","domain":"d.org","base_path":null,"extra":[1,2]}"#;
        let dc = load(&[], Some(json), None);
        assert_eq!(dc.base_path, None);
    }

    #[test]
    fn bad_file_location_is_fine_when_overridden() {
        let json = r#"{"location":"bogus","default_namespace":"default","domain":"d.org"}"#;
        let dc = load(&[("HAIL_LOCATION", "k8s")], Some(json), None);
        assert_eq!(dc.location, Location::K8s);
    }

    // ---- errors (§8.6) ----

    #[test]
    fn bad_location_from_env() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let env = env_with(tmp.path(), &[("HAIL_LOCATION", "bogus")]);
        let err = DeployConfig::load_from(&env, None, None).expect_err("bogus location");
        assert_eq!(
            err.to_string(),
            "invalid location \"bogus\" (from HAIL_LOCATION); valid locations are: external, k8s, gce"
        );
    }

    #[test]
    fn bad_location_from_file_and_empty_env() {
        let (err, file) = load_err(
            &[],
            r#"{"location":"External","default_namespace":"default","domain":"d.org"}"#,
        );
        assert_eq!(
            err.to_string(),
            format!(
                "invalid location \"External\" (from {}); valid locations are: external, k8s, gce",
                file.display()
            )
        );
        // "Set" includes empty for HAIL_LOCATION.
        let (err, _) = load_err(&[("HAIL_LOCATION", "")], FILE_ORG);
        assert!(
            matches!(err, DeployConfigError::BadLocation { ref value, .. } if value.is_empty())
        );
    }

    #[test]
    fn missing_key_names_key_and_file() {
        let (err, file) = load_err(
            &[],
            r#"{"location":"external","default_namespace":"default"}"#,
        );
        assert_eq!(
            err.to_string(),
            format!("{}: missing required key \"domain\"", file.display())
        );
    }

    #[test]
    fn missing_key_is_fatal_even_with_env_override() {
        let (err, _) = load_err(
            &[("HAIL_LOCATION", "external")],
            r#"{"default_namespace":"default","domain":"d.org"}"#,
        );
        assert!(matches!(
            err,
            DeployConfigError::MissingKey {
                key: "location",
                ..
            }
        ));
    }

    #[test]
    fn malformed_json() {
        let (err, file) = load_err(&[], r#"{"location": "external","#);
        assert!(matches!(err, DeployConfigError::MalformedJson { .. }));
        let msg = err.to_string();
        assert!(
            msg.starts_with(&format!(
                "{}: malformed JSON in deploy config: ",
                file.display()
            )),
            "{msg}"
        );
    }

    #[test]
    fn not_an_object_and_not_a_string() {
        let (err, _) = load_err(&[], "[1, 2]");
        assert!(matches!(err, DeployConfigError::NotAnObject { .. }));

        let (err, file) = load_err(
            &[],
            r#"{"location":"external","default_namespace":7,"domain":"d"}"#,
        );
        assert_eq!(
            err.to_string(),
            format!(
                "{}: value of key \"default_namespace\" must be a string, found 7",
                file.display()
            )
        );
    }

    #[test]
    fn unreadable_file() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let env = env_with(tmp.path(), &[]);
        // A directory cannot be read as a file on any platform.
        let err = DeployConfig::load_from(&env, Some(tmp.path()), None).expect_err("dir");
        assert!(matches!(err, DeployConfigError::Read { .. }));
        assert!(
            err.to_string()
                .starts_with(&tmp.path().display().to_string())
        );
    }

    // ---- file search order (§1.6) ----

    #[test]
    fn search_prefers_hail_deploy_config_file() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let explicit = write_file(tmp.path(), "explicit.json", FILE_ORG);
        std::fs::create_dir(tmp.path().join(".hail")).expect("mkdir");
        write_file(
            &tmp.path().join(".hail"),
            "deploy-config.json",
            r#"{"location":"external","default_namespace":"default","domain":"home.org"}"#,
        );
        let env = env_with(
            tmp.path(),
            &[("HAIL_DEPLOY_CONFIG_FILE", explicit.to_str().expect("utf8"))],
        );
        assert_eq!(DeployConfig::path_for_read(&env), Some(explicit));
        assert_eq!(
            DeployConfig::load(&env, None).expect("load").domain,
            "file.org"
        );
    }

    #[test]
    fn missing_hail_deploy_config_file_falls_through_to_home() {
        let tmp = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(tmp.path().join(".hail")).expect("mkdir");
        let home_file = write_file(
            &tmp.path().join(".hail"),
            "deploy-config.json",
            r#"{"location":"external","default_namespace":"default","domain":"home.org"}"#,
        );
        let missing = tmp.path().join("nope.json");
        let env = env_with(
            tmp.path(),
            &[("HAIL_DEPLOY_CONFIG_FILE", missing.to_str().expect("utf8"))],
        );
        assert_eq!(DeployConfig::path_for_read(&env), Some(home_file));
        assert_eq!(
            DeployConfig::load(&env, Some("x.org"))
                .expect("load")
                .domain,
            "home.org"
        );
        // A directory is not a regular file either.
        let env = env_with(
            tmp.path(),
            &[(
                "HAIL_DEPLOY_CONFIG_FILE",
                tmp.path().to_str().expect("utf8"),
            )],
        );
        assert_eq!(
            DeployConfig::load(&env, None).expect("load").domain,
            "home.org"
        );
    }

    #[test]
    fn missing_everything_uses_defaults() {
        if Path::new("/deploy-config/deploy-config.json").is_file() {
            return; // This machine has a real in-cluster deploy config.
        }
        let tmp = tempfile::tempdir().expect("tempdir");
        let env = env_with(
            tmp.path(),
            &[("HAIL_DEPLOY_CONFIG_FILE", "/nonexistent/deploy-config.json")],
        );
        assert_eq!(DeployConfig::path_for_read(&env), None);
        let dc = DeployConfig::load(&env, Some("example.org")).expect("load");
        assert_eq!(
            dc.base_url("batch").expect("url"),
            "https://batch.example.org"
        );
    }

    #[test]
    fn path_for_write_rules() {
        let env = Env::from_pairs([
            ("HOME", "/h"),
            ("HAIL_DEPLOY_CONFIG_FILE", "/x/missing.json"),
        ]);
        assert_eq!(
            DeployConfig::path_for_write(&env),
            PathBuf::from("/x/missing.json")
        );
        let env = Env::from_pairs([("HOME", "/h/")]);
        assert_eq!(
            DeployConfig::path_for_write(&env),
            PathBuf::from("/h/.hail/deploy-config.json")
        );
    }

    #[test]
    fn home_dir_follows_expanduser() {
        let home = |v: &str| home_dir(&Env::from_pairs([("HOME", v)]));
        assert_eq!(home("/home/a/"), Some(PathBuf::from("/home/a")));
        // Python: HOME= expands ~/.hail to /.hail.
        assert_eq!(home(""), Some(PathBuf::from("/")));
        assert_eq!(
            dot_hail_file(&Env::from_pairs([("HOME", "")]), "tokens.json"),
            PathBuf::from("/.hail/tokens.json")
        );
    }

    // ---- small API pieces ----

    #[test]
    fn cookie_name() {
        assert_eq!(load(&[], None, None).auth_session_cookie_name(), "session");
        let alice = load(&[("HAIL_DEFAULT_NAMESPACE", "alice")], None, None);
        assert_eq!(alice.auth_session_cookie_name(), "sesh");
    }

    #[test]
    fn with_default_namespace_round_trip() {
        let base = load(&[], None, Some("example.org"));
        let alice = base.with_default_namespace("alice");
        assert_eq!(
            alice,
            DeployConfig::from_parts(
                Location::External,
                "alice",
                "internal.example.org",
                Some("/alice".into()),
                false
            )
        );
        // From a non-default namespace back to default strips `internal.`.
        assert_eq!(alice.with_default_namespace("default"), base);
        // Switching between two dev namespaces does not stack `internal.` prefixes.
        assert_eq!(
            alice.with_default_namespace("bob").domain,
            "internal.example.org"
        );
        // An explicit base path is dropped for default.
        let bp = load(&[("HAIL_BASE_PATH", "/bp")], None, Some("example.org"));
        assert_eq!(bp.with_default_namespace("default").base_path, None);
        // Python's method builds a plain (non-Terra) config.
        let terra = load(&[("HAIL_TERRA", "1")], None, None);
        assert!(!terra.with_default_namespace("default").terra);
    }

    #[test]
    fn location_parse_and_display() {
        for l in Location::ALL {
            assert_eq!(l.as_str().parse::<Location>(), Ok(l));
            assert_eq!(l.to_string(), l.as_str());
        }
        assert!("K8S".parse::<Location>().is_err());
    }

    #[test]
    fn from_json_str_applies_env() {
        let env = Env::from_pairs([("HAIL_DEFAULT_NAMESPACE", "alice")]);
        let dc =
            DeployConfig::from_json_str(FILE_ORG, Path::new("test.json"), &env).expect("parse");
        assert_eq!(dc.domain, "internal.file.org");
        let err = DeployConfig::from_json_str("{", Path::new("test.json"), &env).expect_err("bad");
        assert!(err.to_string().starts_with("test.json: malformed JSON"));
    }
}
