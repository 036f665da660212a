//! Completion candidates read from the user's configuration: profile names, and the keys of the
//! configuration files. The command line ([`crate::cli`]) attaches them to its arguments.
//!
//! They run inside a completion request, where there is no command `Context`; they read the
//! environment themselves and never fail (no candidates is the fallback).

use clap_complete::engine::CompletionCandidate;

use super::variables::VARIABLES;
use super::{ConfigDir, ProfileOverride, UserConfig, list_profiles};
use crate::env::Env;

/// Profile names, for `--profile` and `config profile load|delete`.
pub(crate) fn profile_candidates() -> Vec<CompletionCandidate> {
    let env = Env::from_process();
    let dir = ConfigDir::locate(&env);
    list_profiles(&dir)
        .unwrap_or_default()
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

/// The 19 known variables plus every key in the merged configuration, for `get` and `unset`.
pub(crate) fn config_key_candidates() -> Vec<CompletionCandidate> {
    let mut candidates: Vec<CompletionCandidate> = VARIABLES
        .iter()
        .map(|v| CompletionCandidate::new(v.name).help(Some(v.help.into())))
        .collect();
    let env = Env::from_process();
    if let Ok(config) = UserConfig::load(&env, &ProfileOverride::default()) {
        for entry in config.listing().unwrap_or_default() {
            let name = if entry.section == "global" {
                entry.option
            } else {
                format!("{}/{}", entry.section, entry.option)
            };
            if !VARIABLES.iter().any(|v| v.name == name) {
                candidates.push(CompletionCandidate::new(name));
            }
        }
    }
    candidates
}
