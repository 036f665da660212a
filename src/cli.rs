//! The command-line interface: every command, argument and flag, with its help text.
//!
//! Only definitions live here (parsed by clap); what a command does is in [`crate::commands`].
//! The names, argument order and defaults follow Hail's `hailctl` so that scripts written for the
//! Python tool keep working.

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCandidates;

use crate::commands::completions::{config_key_candidates, profile_candidates};
use crate::config::variables::VARIABLES;

/// Manage Hail Batch and your Hail configuration: a fast, single-binary `hailctl`.
#[derive(Debug, Parser)]
#[command(
    name = "hailctl",
    version,
    propagate_version = true,
    arg_required_else_help = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Use this configuration profile for this command only, without changing config.ini
    /// (also: the HAILCTL_PROFILE environment variable; `default` means no profile).
    #[arg(
        long,
        global = true,
        value_name = "NAME",
        add = ArgValueCandidates::new(profile_candidates)
    )]
    pub profile: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage Hail configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print version information and exit.
    Version,
}

#[derive(Debug, Subcommand)]
#[command(arg_required_else_help = true)]
pub enum ConfigCommand {
    /// Set a Hail configuration parameter.
    Set {
        /// The parameter to set.
        #[arg(value_parser = variable_parser())]
        parameter: String,
        /// The new value.
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// Unset a Hail configuration parameter (restore to default behavior).
    Unset {
        /// `section/option`, or `option` for the global section.
        #[arg(add = ArgValueCandidates::new(config_key_candidates))]
        parameter: String,
    },
    /// Get the value of a Hail configuration parameter.
    Get {
        /// `section/option`, or `option` for the global section.
        #[arg(add = ArgValueCandidates::new(config_key_candidates))]
        parameter: String,
    },
    /// Print the location of the config file.
    ConfigLocation,
    /// Lists every config variable in the section.
    List {
        /// Only this section (default: all sections).
        section: Option<String>,
        /// Show the effective value of every variable and where it comes from: a flag, an
        /// environment variable, a file, or the default.
        #[arg(long)]
        origin: bool,
    },
    /// Manage Hail configuration profiles.
    #[command(subcommand)]
    Profile(ProfileCommand),
}

#[derive(Debug, Subcommand)]
#[command(arg_required_else_help = true)]
pub enum ProfileCommand {
    /// List the available Hail configuration profiles.
    List,
    /// Load a Hail configuration profile.
    Load {
        #[arg(default_value = "default", add = ArgValueCandidates::new(profile_candidates))]
        profile_name: String,
    },
    /// Create a new Hail configuration profile.
    Create { profile_name: String },
    /// Delete a Hail configuration profile.
    Delete {
        #[arg(add = ArgValueCandidates::new(profile_candidates))]
        profile_name: String,
    },
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
    /// Print a small script that asks `hailctl` for candidates at each TAB, which also completes
    /// profile names and the keys in your configuration files.
    #[arg(long)]
    pub dynamic: bool,
}

/// Shells with completion support.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

impl Shell {
    pub const ALL: [Shell; 5] = [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::Powershell,
        Shell::Elvish,
    ];

    /// The file name of this shell's script in `completions/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Shell::Bash => "hailctl.bash",
            Shell::Zsh => "_hailctl",
            Shell::Fish => "hailctl.fish",
            Shell::Powershell => "_hailctl.ps1",
            Shell::Elvish => "hailctl.elv",
        }
    }
}

/// The 19 variables `config set` accepts, with their help texts.
fn variable_parser() -> PossibleValuesParser {
    PossibleValuesParser::new(
        VARIABLES
            .iter()
            .map(|v| PossibleValue::new(v.name).help(v.help)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
