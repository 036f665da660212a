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
    /// Manage batches running on the batch service managed by the Hail team, or on the
    /// embedded local Batch service.
    #[command(subcommand)]
    Batch(BatchCommand),
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

#[derive(Debug, Subcommand)]
#[command(arg_required_else_help = true)]
pub enum BatchCommand {
    /// Run the local Batch service in the foreground (Hail's Batch REST API on this machine).
    ///
    /// Without options, serves until interrupted (Ctrl-C or SIGTERM) and records its address and
    /// API token in the state file that other `hailctl` commands read. Commands that need the
    /// local service start one in the background by themselves when none is running.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Port 0 lets the system choose a free port.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:0")]
    pub addr: std::net::SocketAddr,
    /// Where to keep the database and job logs [default: $XDG_DATA_HOME/hailctl/service].
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<std::path::PathBuf>,
    /// Number of cores jobs may use at once [default: the machine's].
    #[arg(long, value_name = "N")]
    pub cores: Option<f64>,
    /// Region reported to clients and jobs.
    #[arg(long, value_name = "REGION", default_value = "us-central1")]
    pub region: String,
    /// Run jobs as plain processes even if bubblewrap is available.
    #[arg(long)]
    pub no_sandbox: bool,
    /// Show whether a local service is running, then exit.
    #[arg(long, conflicts_with_all = ["stop", "start"])]
    pub status: bool,
    /// Start a local service in the background unless one of this version is already running,
    /// print its address, then exit.
    #[arg(long, conflicts_with_all = ["stop"])]
    pub start: bool,
    /// Stop the running local service, then exit.
    #[arg(long)]
    pub stop: bool,
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
