//! The lookup every command uses to find a configuration value.
//!
//! Each layer is plain data; [`combine`] takes the first layer that has a value, in the order
//! Hail's `configuration_of` uses:
//!
//! 1. an explicit flag on the command line;
//! 2. the environment variable `HAIL_<SECTION>_<OPTION>` (set counts, even to the empty string);
//! 3. a deprecated environment variable, for Hail Query's flags (both set is an error);
//! 4. the active profile's file, then `config.ini` (one merged view, with `DEFAULT` inheritance
//!    and `%` interpolation);
//! 5. the variable's default.
//!
//! The result carries its [`Source`], so commands can explain where a value came from.

use std::fmt;
use std::path::PathBuf;

use super::variables::{Key, deprecated_env_var};
use super::{ConfigError, UserConfig};
use crate::env::Env;

/// Where a resolved value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// A command-line flag, by its name (`--billing-project`).
    Flag(String),
    /// An environment variable, by its name.
    Env(String),
    /// A deprecated environment variable, by its name.
    DeprecatedEnv(String),
    /// A file: `config.ini`, a profile's file, or (for `batch submit`) the batch spec file.
    File(PathBuf),
    /// The built-in default.
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(name) => write!(f, "flag:{name}"),
            Source::Env(name) | Source::DeprecatedEnv(name) => write!(f, "env:{name}"),
            Source::File(path) => write!(f, "file:{}", path.display()),
            Source::Default => f.write_str("default"),
        }
    }
}

/// A value and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub value: String,
    pub source: Source,
}

/// Errors of the lookup itself.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// Both the new and the deprecated environment variable are set. (The text, including the
    /// missing closing parenthesis, is Hail's.)
    #[error("{0}")]
    Ambiguous(Box<Ambiguous>),
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// A new and a deprecated environment variable both set for one key.
#[derive(Debug, thiserror::Error)]
#[error(
    "Value for configuration variable {key} is ambiguous because both {new} and {old} are set \
     (respectively to: {new_value} and {old_value}."
)]
pub struct Ambiguous {
    pub key: Key,
    pub new: String,
    pub old: String,
    pub new_value: String,
    pub old_value: String,
}

/// The candidate value of each layer for one key, highest priority first.
#[derive(Clone, Debug, Default)]
pub(crate) struct Layers {
    pub flag: Option<Resolved>,
    pub env: Option<Resolved>,
    pub deprecated_env: Option<Resolved>,
    pub file: Option<Resolved>,
    pub default: Option<Resolved>,
}

/// Takes the highest-priority layer that has a value. This is the whole precedence rule.
pub(crate) fn combine(layers: Layers) -> Option<Resolved> {
    layers
        .flag
        .or(layers.env)
        .or(layers.deprecated_env)
        .or(layers.file)
        .or(layers.default)
}

/// Options of one lookup.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Lookup<'a> {
    /// The flag's name and value, if the command line gave one.
    pub flag: Option<(&'a str, &'a str)>,
    /// Whether the consumer reads `HAIL_<SECTION>_<OPTION>` (Hail ignores it for
    /// `global/domain`, `global/profile` and `batch/bucket`).
    pub honour_env: bool,
    /// The default when nothing else sets the key.
    pub default: Option<&'a str>,
}

/// Collects the layers for `key`.
pub(crate) fn layers(
    key: &Key,
    lookup: Lookup<'_>,
    env: &Env,
    config: &UserConfig,
) -> Result<Layers, ResolveError> {
    let flag = lookup.flag.map(|(name, value)| Resolved {
        value: value.to_string(),
        source: Source::Flag(name.to_string()),
    });
    let mut env_layer = None;
    let mut deprecated_layer = None;
    if lookup.honour_env {
        let new = key.env_var();
        let new_value = env.get(&new);
        // Hail's `optimize` flag has the same new and deprecated name, which makes Hail report
        // it as ambiguous whenever it is set; one variable set once is not ambiguous here.
        let old = deprecated_env_var(key).filter(|old| *old != new);
        let old_value = old.and_then(|o| env.get(o));
        if let (Some(new_value), Some(old_value), Some(old)) = (&new_value, &old_value, old) {
            return Err(ResolveError::Ambiguous(Box::new(Ambiguous {
                key: key.clone(),
                new: new.clone(),
                old: old.to_string(),
                new_value: new_value.clone(),
                old_value: old_value.clone(),
            })));
        }
        env_layer = new_value.map(|value| Resolved {
            value,
            source: Source::Env(new.clone()),
        });
        deprecated_layer = old.zip(old_value).map(|(old, value)| Resolved {
            value,
            source: Source::DeprecatedEnv(old.to_string()),
        });
    }
    let file = match config.merged.get_entry(&key.section, &key.option) {
        Some(entry) => {
            let path = config
                .merged
                .source_path(entry)
                .map(|p| p.to_path_buf())
                .unwrap_or_else(|| config.dir.config_ini());
            let value = config
                .merged
                .get(&key.section, &key.option)
                .map_err(ConfigError::from)?
                .unwrap_or_default();
            Some(Resolved {
                value,
                source: Source::File(path),
            })
        }
        None => None,
    };
    let default = lookup.default.map(|value| Resolved {
        value: value.to_string(),
        source: Source::Default,
    });
    Ok(Layers {
        flag,
        env: env_layer,
        deprecated_env: deprecated_layer,
        file,
        default,
    })
}

/// Resolves `key`: [`layers`] then [`combine`].
pub(crate) fn resolve(
    key: &Key,
    lookup: Lookup<'_>,
    env: &Env,
    config: &UserConfig,
) -> Result<Option<Resolved>, ResolveError> {
    Ok(combine(layers(key, lookup, env, config)?))
}

/// Resolves one of the 19 known variables with its own default and environment rule.
pub(crate) fn resolve_variable(
    name: &str,
    flag: Option<(&str, &str)>,
    env: &Env,
    config: &UserConfig,
) -> Result<Option<Resolved>, ResolveError> {
    let variable = super::variables::Variable::named(name);
    let key = variable
        .map(|v| v.key())
        .or_else(|| Key::parse(name).ok())
        .unwrap_or_else(|| Key::new("global", name));
    let lookup = Lookup {
        flag,
        honour_env: variable.is_none_or(|v| v.env_honoured),
        default: variable.and_then(|v| v.default),
    };
    resolve(&key, lookup, env, config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigDir, ProfileOverride};

    /// The reference's §8.5 scenario: config.ini sets billing_project and the profile `p`,
    /// whose file overrides billing_project.
    fn scenario() -> (tempfile::TempDir, ConfigDir) {
        let dir = tempfile::tempdir().expect("tempdir");
        let hail = dir.path().join("hail");
        std::fs::create_dir_all(&hail).expect("mkdir");
        std::fs::write(
            hail.join("config.ini"),
            "[batch]\nbilling_project = from-config\nregions = r1\n\n[global]\nprofile = p\n\n",
        )
        .expect("write");
        std::fs::write(
            hail.join("p.ini"),
            "[batch]\nbilling_project = from-profile\n",
        )
        .expect("write");
        std::fs::write(hail.join("other.ini"), "[batch]\nbilling_project = other\n")
            .expect("write");
        (dir, ConfigDir::at(hail))
    }

    fn value(name: &str, flag: Option<(&str, &str)>, env: &[(&str, &str)]) -> Option<Resolved> {
        let (_guard, dir) = scenario();
        let env = Env::from_pairs(env.iter().copied());
        let config = UserConfig::load_from(dir, &env, &ProfileOverride::default()).expect("loads");
        resolve_variable(name, flag, &env, &config).expect("resolves")
    }

    #[test]
    fn precedence_matches_configuration_of() {
        let bp = "batch/billing_project";
        let explicit = value(bp, Some(("--billing-project", "explicit")), &[]).expect("set");
        assert_eq!(explicit.value, "explicit");
        assert_eq!(explicit.source, Source::Flag("--billing-project".into()));

        let from_profile = value(bp, None, &[]).expect("set");
        assert_eq!(from_profile.value, "from-profile");
        assert!(matches!(&from_profile.source, Source::File(p) if p.ends_with("hail/p.ini")));

        let empty_env = value(bp, None, &[("HAIL_BATCH_BILLING_PROJECT", "")]).expect("set");
        assert_eq!(empty_env.value, "");
        assert_eq!(
            empty_env.source,
            Source::Env("HAIL_BATCH_BILLING_PROJECT".into())
        );

        let env = value(bp, None, &[("HAIL_BATCH_BILLING_PROJECT", "from-env")]).expect("set");
        assert_eq!(env.value, "from-env");

        let both = value(
            bp,
            Some(("--billing-project", "x")),
            &[("HAIL_BATCH_BILLING_PROJECT", "from-env")],
        )
        .expect("set");
        assert_eq!(both.value, "x");

        // HAIL_GLOBAL_PROFILE never selects a profile.
        let ignored = value(bp, None, &[("HAIL_GLOBAL_PROFILE", "other")]).expect("set");
        assert_eq!(ignored.value, "from-profile");

        let config_ini = value("batch/regions", None, &[]).expect("set");
        assert!(matches!(&config_ini.source, Source::File(p) if p.ends_with("hail/config.ini")));

        let default = value("batch/backend", None, &[]).expect("default");
        assert_eq!(
            (default.value.as_str(), default.source),
            ("local", Source::Default)
        );
        assert_eq!(value("batch/remote_tmpdir", None, &[]), None);
    }

    #[test]
    fn domain_ignores_its_environment_variable() {
        let domain = value("domain", None, &[("HAIL_GLOBAL_DOMAIN", "env.org")]).expect("default");
        assert_eq!(domain.value, "hail.is");
    }

    #[test]
    fn deprecated_query_variables() {
        let cachedir = value("query/cachedir", None, &[("HAIL_CACHE_DIR", "/old")]).expect("set");
        assert_eq!(cachedir.value, "/old");
        assert_eq!(
            cachedir.source,
            Source::DeprecatedEnv("HAIL_CACHE_DIR".into())
        );
        let (_guard, dir) = scenario();
        let env = Env::from_pairs([("HAIL_QUERY_CACHEDIR", "/new"), ("HAIL_CACHE_DIR", "/old")]);
        let config = UserConfig::load_from(dir, &env, &ProfileOverride::default()).expect("loads");
        let err = resolve_variable("query/cachedir", None, &env, &config).expect_err("ambiguous");
        assert_eq!(
            err.to_string(),
            "Value for configuration variable query/cachedir is ambiguous because both \
             HAIL_QUERY_CACHEDIR and HAIL_CACHE_DIR are set (respectively to: /new and /old."
        );
        let optimize = value("query/optimize", None, &[("HAIL_QUERY_OPTIMIZE", "0")]).expect("set");
        assert_eq!(optimize.value, "0");
    }

    #[test]
    fn combine_takes_the_first_layer() {
        let r = |v: &str, s: Source| {
            Some(Resolved {
                value: v.into(),
                source: s,
            })
        };
        let layers = Layers {
            flag: None,
            env: None,
            deprecated_env: r("old", Source::DeprecatedEnv("OLD".into())),
            file: r("file", Source::File("/f".into())),
            default: r("d", Source::Default),
        };
        assert_eq!(combine(layers).map(|r| r.value).as_deref(), Some("old"));
        assert_eq!(combine(Layers::default()), None);
    }
}
