//! The `hailctl` binary: parse the command line, run the command, turn the outcome into an exit
//! status. Nothing else happens here.

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;
use clap_complete::CompleteEnv;

use hailctl::cli::Cli;
use hailctl::commands::{self, completions::COMPLETE_ENV_VAR};
use hailctl::env::Env;
use hailctl::error::{self, EXIT_USAGE};

fn main() -> ExitCode {
    // In a completion request (the shell set HAILCTL_COMPLETE), answer it and exit.
    CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command)
        .var(COMPLETE_ENV_VAR)
        .complete();

    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    match commands::run(cli, Env::from_process()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            error::report(&err);
            ExitCode::from(error::exit_code(&err))
        }
    }
}

/// Help and version go to stdout with status 0. A command group called without a subcommand
/// prints its help on stdout with status 2, as Hail's tool does. Other usage errors go to stderr
/// with status 2.
fn usage_error(err: clap::Error) -> ExitCode {
    match err.kind() {
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let help = err.render().to_string();
            print!("{help}");
            ExitCode::from(EXIT_USAGE)
        }
        _ => {
            // clap prints help/version to stdout and errors to stderr, and knows the status.
            let _ = err.print();
            ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(EXIT_USAGE))
        }
    }
}
