//! The `hailctl` binary: parse the command line, run the command, turn the outcome into an exit
//! status. Nothing else happens here.

use std::process::ExitCode;

use clap::Parser;
use clap_complete::CompleteEnv;

use hailctl::{COMPLETE_ENV_VAR, Cli, Env};

fn main() -> ExitCode {
    // The local service runs this executable as a job's shim (first argument `__job-shim`),
    // which must act before any thread starts.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(code) = hailctl::run_job_shim(&args) {
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }

    // In a completion request (the shell set HAILCTL_COMPLETE), answer it and exit.
    CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command)
        .var(COMPLETE_ENV_VAR)
        .complete();

    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return ExitCode::from(hailctl::report_clap_error(err)),
    };
    match hailctl::run(cli, Env::from_process()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            hailctl::report(&err);
            ExitCode::from(hailctl::exit_code(&err))
        }
    }
}
