//! The user's Hail configuration: where the files are, how they are read and merged, which
//! profile is active, and how they are written back.
//!
//! Submodules:
//! - [`ini`]: Python `configparser`'s INI dialect (parse, interpolate, write byte-exact);
//! - [`variables`]: the 19 variables `config set` knows, their checks and messages;
//! - [`resolve`]: the layered lookup every command uses (flag > env > profile > config.ini >
//!   default), each value carrying its source;
//! - [`deploy`] and [`tokens`]: the deploy config (service URLs) and legacy session tokens;
//! - [`files`]: atomic writes and the lock that serializes writers;
//! - [`completion`]: shell completion candidates (profile names, configuration keys).
//!
//! Paths follow Hail's rules exactly (including `XDG_CONFIG_HOME=""` meaning the current
//! directory), so that this tool and the Python one always read and write the same files.

pub(crate) mod completion;
pub(crate) mod deploy;
pub(crate) mod files;
pub(crate) mod ini;
pub(crate) mod resolve;
pub(crate) mod tokens;
pub(crate) mod variables;

use std::path::{Component, Path, PathBuf};

use crate::env::Env;
use ini::{Ini, IniError};

/// The environment variable that selects a profile for one invocation, like `--profile`.
/// (Hail's `HAIL_GLOBAL_PROFILE` is deliberately not used for this: the Python tool ignores it
/// and `batch submit` exports it into jobs, so honouring it would make the tools disagree.)
pub(crate) const PROFILE_ENV_VAR: &str = "HAILCTL_PROFILE";

/// Errors reading or writing the configuration files.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    Malformed(#[from] IniError),
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: the file is not valid UTF-8", path.display())]
    NotUtf8 { path: PathBuf },
    #[error("cannot write {}: {source}", path.display())]
    Unwritable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("profile {name:?} (from {origin}) does not exist: {} is missing", path.display())]
    MissingProfile {
        name: String,
        origin: ProfileSource,
        path: PathBuf,
    },
}

impl ConfigError {
    /// A suggestion shown under the error, if there is a useful one.
    pub fn hint(&self) -> Option<String> {
        match self {
            ConfigError::Malformed(IniError::Interpolation { .. }) => {
                Some("a literal % is written %% in Hail's configuration files".into())
            }
            ConfigError::Malformed(_) => Some(
                "fix or remove the line; hailctl does not rewrite a file it cannot parse".into(),
            ),
            ConfigError::MissingProfile { name, .. } => Some(format!(
                "create it with `hailctl config profile create {name}`, or see `hailctl config profile list`"
            )),
            _ => None,
        }
    }
}

/// The Hail configuration directory, `$XDG_CONFIG_HOME/hail`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigDir {
    path: PathBuf,
}

impl ConfigDir {
    /// Finds the directory as Hail does: `$XDG_CONFIG_HOME` if it is set, **even to the empty
    /// string** (which means the current directory), else `~/.config` with `~` from `$HOME`.
    pub fn locate(env: &Env) -> Self {
        let base = match env.get_os("XDG_CONFIG_HOME") {
            Some(xdg) => PathBuf::from(xdg),
            None => home_dir(env).join(".config"),
        };
        ConfigDir {
            path: normalize(&base.join("hail")),
        }
    }

    /// A directory at a known place.
    #[cfg(test)]
    pub(crate) fn at(path: impl Into<PathBuf>) -> Self {
        ConfigDir { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `config.ini`.
    pub fn config_ini(&self) -> PathBuf {
        self.path.join("config.ini")
    }

    /// `config.yaml`, the misnamed file of old versions.
    pub fn legacy_config_yaml(&self) -> PathBuf {
        self.path.join("config.yaml")
    }

    /// The file of profile `name`: `<name>.ini`, used as is (a `/` makes subdirectories, as in
    /// Hail). The empty name means `config.ini`.
    pub fn profile_ini(&self, name: &str) -> PathBuf {
        if name.is_empty() {
            self.config_ini()
        } else {
            normalize(&self.path.join(format!("{name}.ini")))
        }
    }
}

/// `$HOME`, as Python's `Path.home()` finds it (the passwd entry only when `HOME` is unset).
pub(crate) fn home_dir(env: &Env) -> PathBuf {
    match env.get_os("HOME") {
        Some(home) => PathBuf::from(home),
        #[allow(deprecated)] // Its behaviour (passwd fallback) is what we want on Unix.
        None => std::env::home_dir().unwrap_or_default(),
    }
}

/// Normalizes a path as Python's `pathlib` prints it: repeated and trailing slashes and `.`
/// components are dropped, `..` is kept.
fn normalize(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// Where the active profile was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileSource {
    /// `hailctl --profile NAME`.
    Flag,
    /// The `HAILCTL_PROFILE` environment variable.
    Env,
    /// `profile` in `[global]` of `config.ini` (what Hail uses).
    ConfigIni,
}

impl std::fmt::Display for ProfileSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ProfileSource::Flag => "--profile",
            ProfileSource::Env => PROFILE_ENV_VAR,
            ProfileSource::ConfigIni => "config.ini",
        })
    }
}

/// The profile whose file overlays `config.ini`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActiveProfile {
    pub name: String,
    pub source: ProfileSource,
    pub path: PathBuf,
}

impl ActiveProfile {
    /// The file `config set` writes a variable into: the active profile's file, or `config.ini`
    /// without one (and always `config.ini` for `profile` itself).
    pub fn set_target(profile: Option<&ActiveProfile>, dir: &ConfigDir, variable: &str) -> PathBuf {
        match profile {
            Some(profile) if variable != "profile" => profile.path.clone(),
            _ => dir.config_ini(),
        }
    }
}

/// A profile asked for on the command line, if any (`--profile`).
#[derive(Clone, Debug, Default)]
pub struct ProfileOverride(pub Option<String>);

/// Reads a configuration file's text. A missing file is `None`; any other failure is an error
/// (Hail silently treats an unreadable file as empty, and a later `set` then clobbers it).
pub(crate) fn read_text(path: &Path) -> Result<Option<String>, ConfigError> {
    let bytes = match crate::user_file::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(ConfigError::Unreadable {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| ConfigError::NotUtf8 {
            path: path.to_path_buf(),
        })
}

/// Reads and parses a configuration file; a missing file is `None`.
pub(crate) fn read_file(path: &Path) -> Result<Option<Ini>, ConfigError> {
    match read_text(path)? {
        Some(text) => Ok(Some(Ini::parse(&text, path)?)),
        None => Ok(None),
    }
}

/// The active profile: `--profile`, else `HAILCTL_PROFILE`, else `profile` in `[global]` of
/// `config.ini` (`default` and the empty string mean none). A profile chosen by flag or
/// environment must exist; one named in `config.ini` need not (Hail ignores a missing file).
pub(crate) fn active_profile(
    dir: &ConfigDir,
    env: &Env,
    requested: &ProfileOverride,
    config_ini: Option<&Ini>,
) -> Result<Option<ActiveProfile>, ConfigError> {
    let chosen = match (&requested.0, env.get(PROFILE_ENV_VAR)) {
        (Some(name), _) => Some((name.clone(), ProfileSource::Flag)),
        (None, Some(name)) if !name.is_empty() => Some((name, ProfileSource::Env)),
        _ => None,
    };
    if let Some((name, source)) = chosen {
        if name == "default" || name.is_empty() {
            return Ok(None);
        }
        let path = dir.profile_ini(&name);
        if !path.is_file() {
            return Err(ConfigError::MissingProfile {
                name,
                origin: source,
                path,
            });
        }
        return Ok(Some(ActiveProfile { name, source, path }));
    }
    let Some(ini) = config_ini else {
        return Ok(None);
    };
    match ini.get("global", "profile")? {
        Some(name) if !name.is_empty() && name != "default" => Ok(Some(ActiveProfile {
            path: dir.profile_ini(&name),
            name,
            source: ProfileSource::ConfigIni,
        })),
        _ => Ok(None),
    }
}

/// The profile name Hail's `config config-location` reports: `profile` of an existing
/// `[global]` section of `config.ini` (with `DEFAULT` inheritance), unless it is `default`. Unlike
/// profile selection, the empty string counts here (Hail prints it, with `config.ini` as the
/// path).
pub(crate) fn config_profile_name(config_ini: Option<&Ini>) -> Result<Option<String>, ConfigError> {
    let Some(ini) = config_ini else {
        return Ok(None);
    };
    if !ini.sections().any(|s| s == "global") {
        return Ok(None);
    }
    Ok(ini
        .get("global", "profile")?
        .filter(|name| name != "default"))
}

/// The merged user configuration: `config.ini` overlaid with the active profile's file.
#[derive(Clone, Debug)]
pub struct UserConfig {
    pub dir: ConfigDir,
    pub profile: Option<ActiveProfile>,
    /// `config.ini` alone.
    pub base: Ini,
    /// The profile file alone, if a profile is active and its file exists.
    pub profile_file: Option<Ini>,
    /// Both, as one parser: what every lookup reads.
    pub merged: Ini,
}

impl UserConfig {
    /// Loads the merged configuration, as Hail's `get_user_config` does (including the silent
    /// rename of a legacy `config.yaml` when `config.ini` does not exist).
    pub fn load(env: &Env, requested: &ProfileOverride) -> Result<Self, ConfigError> {
        let dir = ConfigDir::locate(env);
        Self::load_from(dir, env, requested)
    }

    /// [`UserConfig::load`] for a given directory.
    pub fn load_from(
        dir: ConfigDir,
        env: &Env,
        requested: &ProfileOverride,
    ) -> Result<Self, ConfigError> {
        let config_ini = dir.config_ini();
        let legacy = dir.legacy_config_yaml();
        if !config_ini.exists() && legacy.is_file() {
            std::fs::rename(&legacy, &config_ini).map_err(|source| ConfigError::Unwritable {
                path: config_ini.clone(),
                source,
            })?;
        }
        let base = read_file(&config_ini)?;
        let profile = active_profile(&dir, env, requested, base.as_ref())?;
        let base = base.unwrap_or_default();
        let mut merged = base.clone();
        let mut profile_file = None;
        if let Some(profile) = &profile
            && let Some(text) = read_text(&profile.path)?
        {
            // Read into the merged parser too: sections merge and keys replace in place,
            // exactly as Python reads the profile after config.ini into one parser.
            merged.read_str(&text, &profile.path)?;
            profile_file = Some(Ini::parse(&text, &profile.path)?);
        }
        merged.check_interpolation()?;
        Ok(UserConfig {
            dir,
            profile,
            base,
            profile_file,
            merged,
        })
    }

    /// The entries `config list` shows, in Hail's order, each with the file it is attributed
    /// to: `config.ini`'s sections and keys in file order (own keys, then inherited `DEFAULT`
    /// keys), then the profile's, a key the profile also sets keeping its place but taking the
    /// profile as its source. Values are interpolated within their own file.
    pub fn listing(&self) -> Result<Vec<ListEntry>, ConfigError> {
        let mut entries: Vec<ListEntry> = Vec::new();
        let files = std::iter::once((&self.base, self.dir.config_ini())).chain(
            self.profile_file
                .as_ref()
                .zip(self.profile.as_ref().map(|p| p.path.clone())),
        );
        for (ini, path) in files {
            for section in ini.sections() {
                for (option, _) in ini.items(section) {
                    // Each file is interpolated on its own here, as Hail's `config list` does
                    // (its source map reads every file with a separate parser).
                    let value = ini.get(section, option)?.unwrap_or_default();
                    match entries
                        .iter_mut()
                        .find(|e| e.section == section && e.option == option)
                    {
                        Some(existing) => {
                            existing.value = value;
                            existing.file = path.clone();
                        }
                        None => entries.push(ListEntry {
                            section: section.to_string(),
                            option: option.to_string(),
                            value,
                            file: path.clone(),
                        }),
                    }
                }
            }
        }
        Ok(entries)
    }
}

/// The profiles `config profile list` shows: `default` plus every `<name>.ini` in the directory
/// other than `config.ini`, sorted. A missing directory has only `default` (where Hail crashes).
pub(crate) fn list_profiles(dir: &ConfigDir) -> Result<Vec<String>, ConfigError> {
    let mut names = vec!["default".to_string()];
    let entries = match std::fs::read_dir(dir.path()) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(names),
        Err(source) => {
            return Err(ConfigError::Unreadable {
                path: dir.path().to_path_buf(),
                source,
            });
        }
    };
    for entry in entries.flatten() {
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let file_name = entry.file_name();
        let Some(name) = file_name.to_str() else {
            continue;
        };
        if let Some(stem) = name.strip_suffix(".ini")
            && name != "config.ini"
            && !is_dir
        {
            names.push(stem.to_string());
        }
    }
    names.sort();
    Ok(names)
}

/// One line of `config list`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListEntry {
    pub section: String,
    pub option: String,
    pub value: String,
    pub file: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_dir_follows_hail() {
        let env = Env::from_pairs([("HOME", "/home/u")]);
        assert_eq!(
            ConfigDir::locate(&env).config_ini(),
            PathBuf::from("/home/u/.config/hail/config.ini")
        );
        let env = Env::from_pairs([("HOME", "/home/u"), ("XDG_CONFIG_HOME", "/x//y/")]);
        assert_eq!(
            ConfigDir::locate(&env).config_ini(),
            PathBuf::from("/x/y/hail/config.ini")
        );
        // Set but empty: relative to the current directory, as Python does.
        let env = Env::from_pairs([("HOME", "/home/u"), ("XDG_CONFIG_HOME", "")]);
        assert_eq!(
            ConfigDir::locate(&env).config_ini(),
            PathBuf::from("hail/config.ini")
        );
        let env = Env::from_pairs([("XDG_CONFIG_HOME", "rel/./dir")]);
        let dir = ConfigDir::locate(&env);
        assert_eq!(dir.config_ini(), PathBuf::from("rel/dir/hail/config.ini"));
        assert_eq!(
            dir.profile_ini("a/b"),
            PathBuf::from("rel/dir/hail/a/b.ini")
        );
        assert_eq!(dir.profile_ini(""), dir.config_ini());
        assert_eq!(dir.profile_ini("config"), dir.config_ini());
    }
}
