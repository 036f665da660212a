//! `hailctl config ...`: what each subcommand does, with Hail's messages and exit codes.
//!
//! Deliberate differences from the Python tool (see `docs/config.md`): `unset` removes the key
//! from the file that holds it instead of writing the merged view into `config.ini`; malformed
//! or unreadable files are errors instead of tracebacks or silent emptiness; `profile list` works
//! before the directory exists; values are printed raw (no `rich` markup).

use anyhow::{Context as _, Result};

use super::Context;
use crate::cli::{ConfigCommand, ProfileCommand};
use crate::config::files::{self, DirLock};
use crate::config::ini::{DEFAULT_SECTION, check_settable};
use crate::config::resolve::{Lookup, resolve};
use crate::config::variables::{Key, MULTI_SLASH_MESSAGE, VARIABLES, Variable};
use crate::config::{
    ActiveProfile, ConfigDir, ListEntry, ProfileOverride, UserConfig, active_profile,
    list_profiles, read_file,
};
use crate::error::{Reported, WithHint};

pub(crate) fn run(ctx: &Context, command: &ConfigCommand) -> Result<()> {
    match command {
        ConfigCommand::Set { parameter, value } => set(ctx, parameter, value),
        ConfigCommand::Get { parameter } => get(ctx, parameter),
        ConfigCommand::Unset { parameter } => unset(ctx, parameter),
        ConfigCommand::ConfigLocation => config_location(ctx),
        ConfigCommand::List { section, origin } => list(ctx, section.as_deref(), *origin),
        ConfigCommand::Profile(p) => match p {
            ProfileCommand::List => profile_list(ctx),
            ProfileCommand::Load { profile_name } => profile_load(ctx, profile_name),
            ProfileCommand::Create { profile_name } => profile_create(ctx, profile_name),
            ProfileCommand::Delete { profile_name } => profile_delete(ctx, profile_name),
        },
    }
}

fn parse_key(parameter: &str) -> Result<Key> {
    Key::parse(parameter).map_err(|_| {
        // Hail's text ends with a newline, and printing it adds the empty line after it.
        Reported::failure(MULTI_SLASH_MESSAGE).into()
    })
}

pub(crate) fn set(ctx: &Context, parameter: &str, value: &str) -> Result<()> {
    // clap only lets the 19 names through.
    let variable = Variable::named(parameter)
        .ok_or_else(|| Reported::failure(format!("unknown parameter {parameter}")))?;
    if !variable.accepts(value) {
        return Err(Reported::failure(variable.bad_value_message(value)).into());
    }
    check_settable(value).map_err(|message| WithHint {
        message,
        hint: "a literal % is written %% in Hail's configuration files".into(),
    })?;
    let dir = ConfigDir::locate(&ctx.env);
    let _lock = DirLock::acquire(&dir)?;
    let config_ini = read_file(&dir.config_ini())?;
    let profile = active_profile(&dir, &ctx.env, &ctx.profile, config_ini.as_ref())?;
    let target = ActiveProfile::set_target(profile.as_ref(), &dir, variable.name);
    let key = variable.key();
    files::update(&target, |ini| {
        ini.set(&key.section, &key.option, value);
        true
    })?;
    Ok(())
}

fn get(ctx: &Context, parameter: &str) -> Result<()> {
    let key = parse_key(parameter)?;
    let config = UserConfig::load(&ctx.env, &ctx.profile)?;
    if let Some(value) = config.merged.get(&key.section, &key.option)? {
        ctx.printer.line(&value)?;
    }
    Ok(())
}

fn unset(ctx: &Context, parameter: &str) -> Result<()> {
    let key = parse_key(parameter)?;
    let dir = ConfigDir::locate(&ctx.env);
    // Look before locking: an unknown key must not create the directory (Hail writes nothing).
    let unlocked = UserConfig::load_from(dir.clone(), &ctx.env, &ctx.profile)?;
    if unlocked
        .merged
        .get_entry(&key.section, &key.option)
        .is_none()
    {
        return unknown_parameter(ctx, parameter);
    }
    let _lock = DirLock::acquire(&dir)?;
    let config = UserConfig::load_from(dir, &ctx.env, &ctx.profile)?;
    let Some(entry) = config.merged.get_entry(&key.section, &key.option) else {
        return unknown_parameter(ctx, parameter);
    };
    let path = config
        .merged
        .source_path(entry)
        .map(|p| p.to_path_buf())
        .unwrap_or_else(|| config.dir.config_ini());
    if config.merged.own_entry(&key.section, &key.option).is_none() {
        return Err(WithHint {
            message: format!(
                "{key} is inherited from the [{DEFAULT_SECTION}] section of {}",
                path.display()
            ),
            hint: format!(
                "run `hailctl config unset {DEFAULT_SECTION}/{}` to remove it from every section",
                key.option
            ),
        }
        .into());
    }
    let mut removed = false;
    files::update(&path, |ini| {
        removed = ini.remove(&key.section, &key.option);
        removed
    })
    .with_context(|| format!("cannot unset {key}"))?;
    // If another file also sets the key (config.ini under a profile), its value now applies.
    let after = UserConfig::load_from(config.dir.clone(), &ctx.env, &ctx.profile)?;
    if let Some(still) = after.merged.get_entry(&key.section, &key.option) {
        let value = after
            .merged
            .get(&key.section, &key.option)?
            .unwrap_or_default();
        let from = after
            .merged
            .source_path(still)
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        ctx.printer.note(&format!(
            "removed {key} from {}; the value {} from {from} now applies",
            path.display(),
            crate::format::python::str_repr(&value)
        ))?;
    }
    Ok(())
}

/// Hail's answer to `unset` of a key no file sets: a warning, and success.
fn unknown_parameter(ctx: &Context, parameter: &str) -> Result<()> {
    ctx.printer.error_line(&format!(
        "WARNING: Unknown parameter {}",
        crate::format::python::str_repr(parameter)
    ))?;
    Ok(())
}

fn config_location(ctx: &Context) -> Result<()> {
    let dir = ConfigDir::locate(&ctx.env);
    let config_ini = read_file(&dir.config_ini())?;
    let profile = active_profile(&dir, &ctx.env, &ctx.profile, config_ini.as_ref())?;
    ctx.printer
        .line(&format!("Default settings: {}", dir.config_ini().display()))?;
    let (name, path) = match profile {
        Some(p) => (Some(p.name), p.path),
        // Hail also reports an empty profile name (whose file is config.ini).
        None if ctx.profile.0.is_none()
            && ctx.env.get(crate::config::PROFILE_ENV_VAR).is_none() =>
        {
            let name = crate::config::config_profile_name(config_ini.as_ref())?;
            let path = dir.profile_ini(name.as_deref().unwrap_or(""));
            (name, path)
        }
        None => (None, dir.config_ini()),
    };
    if let Some(name) = name {
        ctx.printer.line(&format!(
            "Overrode default settings with profile \"{name}\": {}",
            path.display()
        ))?;
    }
    Ok(())
}

/// `config list` as Hail prints it: one group per file, in order of each file's first key.
fn format_listing(entries: &[ListEntry]) -> String {
    let mut groups: Vec<(&std::path::Path, Vec<String>)> = Vec::new();
    for entry in entries {
        let line = format!("{}/{}={}", entry.section, entry.option, entry.value);
        match groups.iter_mut().find(|(file, _)| *file == entry.file) {
            Some((_, lines)) => lines.push(line),
            None => groups.push((&entry.file, vec![line])),
        }
    }
    groups
        .iter()
        .map(|(file, lines)| {
            format!(
                "Config settings from {}:\n{}",
                file.display(),
                lines.join("\n")
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

pub(crate) fn list(ctx: &Context, section: Option<&str>, origin: bool) -> Result<()> {
    let config = UserConfig::load(&ctx.env, &ctx.profile)?;
    let mut entries = config.listing()?;
    if let Some(section) = section {
        entries.retain(|e| e.section == section);
    }
    if origin {
        return list_origins(ctx, &config, section, &entries);
    }
    let text = format_listing(&entries);
    if !text.is_empty() {
        ctx.printer.line(&text)?;
    }
    Ok(())
}

/// `config list --origin`: the value every command would use for each key, and its source.
fn list_origins(
    ctx: &Context,
    config: &UserConfig,
    section: Option<&str>,
    entries: &[ListEntry],
) -> Result<()> {
    let mut keys: Vec<Key> = entries
        .iter()
        .map(|e| Key::new(&e.section, &e.option))
        .collect();
    for variable in &VARIABLES {
        let key = variable.key();
        if !keys.contains(&key) && section.is_none_or(|s| s == key.section) {
            keys.push(key);
        }
    }
    let mut lines = Vec::new();
    for key in &keys {
        let variable = key.variable();
        let lookup = Lookup {
            flag: None,
            honour_env: variable.is_none_or(|v| v.env_honoured),
            default: variable.and_then(|v| v.default),
        };
        if let Some(resolved) = resolve(key, lookup, &ctx.env, config)? {
            lines.push(format!("{}\t{key}={}", resolved.source, resolved.value));
        }
        if let Some(v) = variable.filter(|v| !v.env_honoured) {
            let var = key.env_var();
            if ctx.env.get(&var).is_some() {
                ctx.printer.note(&format!(
                    "{var} is set, but {} is read from the configuration files only (as Hail does)",
                    v.name
                ))?;
            }
        }
    }
    if !lines.is_empty() {
        ctx.printer.line(&lines.join("\n"))?;
    }
    Ok(())
}

fn current_profile_name(ctx: &Context, dir: &ConfigDir) -> Result<String> {
    let config_ini = read_file(&dir.config_ini())?;
    Ok(
        active_profile(dir, &ctx.env, &ctx.profile, config_ini.as_ref())?
            .map(|p| p.name)
            .unwrap_or_else(|| "default".to_string()),
    )
}

fn profile_list(ctx: &Context) -> Result<()> {
    let dir = ConfigDir::locate(&ctx.env);
    let current = current_profile_name(ctx, &dir)?;
    let lines: Vec<String> = list_profiles(&dir)?
        .into_iter()
        .map(|name| {
            let mark = if name == current { '*' } else { ' ' };
            format!("{mark} {name}")
        })
        .collect();
    ctx.printer.line(&lines.join("\n"))?;
    Ok(())
}

fn profile_load(ctx: &Context, name: &str) -> Result<()> {
    let dir = ConfigDir::locate(&ctx.env);
    let target = if name == "default" {
        dir.config_ini()
    } else {
        dir.profile_ini(name)
    };
    if !target.is_file() {
        return Err(Reported::failure(format!(
            "Error: profile '{name}' does not exist. Use `hailctl config profile create {name}` \
             to create it."
        ))
        .into());
    }
    {
        let _lock = DirLock::acquire(&dir)?;
        files::update(&dir.config_ini(), |ini| {
            ini.set("global", "profile", name);
            true
        })?;
    }
    // The listing shows what the profile just loaded gives, whatever `--profile` says.
    let loaded = ProfileOverride(Some(name.to_string()));
    let config = UserConfig::load_from(dir, &ctx.env, &loaded)?;
    let text = format_listing(&config.listing()?);
    ctx.printer
        .line(&format!("Loaded profile {name} with settings:\n"))?;
    if !text.is_empty() {
        ctx.printer.line(&text)?;
    }
    Ok(())
}

fn profile_create(ctx: &Context, name: &str) -> Result<()> {
    let dir = ConfigDir::locate(&ctx.env);
    let path = dir.profile_ini(name);
    if path.is_file() {
        return Err(Reported::failure(format!("Error: profile {name} already exists!")).into());
    }
    let _lock = DirLock::acquire(&dir)?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && path.is_file() => {
            return Err(Reported::failure(format!("Error: profile {name} already exists!")).into());
        }
        Err(e) => return Err(e).with_context(|| format!("cannot create {}", path.display())),
    }
    ctx.printer.line(&format!(
        "Created profile \"{name}\". You can load the profile with `hailctl config profile load {name}`."
    ))?;
    Ok(())
}

fn profile_delete(ctx: &Context, name: &str) -> Result<()> {
    if name == "default" {
        return Err(Reported::failure("Cannot delete the \"default\" profile.").into());
    }
    let dir = ConfigDir::locate(&ctx.env);
    let _lock = DirLock::acquire(&dir)?;
    if name == current_profile_name(ctx, &dir)? {
        return Err(Reported::failure(
            "Cannot delete a profile that is currently being used. Use `hailctl config profile \
             list` to see available profiles. Load a different environment with `hailctl config \
             profile load <profile_name>`.",
        )
        .into());
    }
    let path = dir.profile_ini(name);
    if path == dir.config_ini() {
        // Hail would delete config.ini here, losing every setting.
        return Err(WithHint {
            message: format!(
                "{} holds the default settings, not a profile",
                path.display()
            ),
            hint: "use `hailctl config unset` to remove settings from it".into(),
        }
        .into());
    }
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Reported::failure(format!("Unknown profile \"{name}\".")).into());
        }
        Err(e) => return Err(e).with_context(|| format!("cannot delete {}", path.display())),
    }
    ctx.printer.line(&format!("Deleted profile \"{name}\"."))?;
    Ok(())
}
