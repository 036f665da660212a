//! What each command does. Commands receive a [`Context`] (the environment snapshot, the
//! per-invocation profile and the printer), never raw process state.

pub(crate) mod auth;
pub(crate) mod batch;
pub(crate) mod batch_env;
pub(crate) mod batch_init;
pub(crate) mod batch_ops;
pub(crate) mod batch_watch;
pub(crate) mod billing;
pub(crate) mod completions;
pub(crate) mod config;
pub(crate) mod curl;
pub(crate) mod prompt;
pub(crate) mod rerun;
pub(crate) mod submit;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::config::ProfileOverride;
use crate::env::Env;
use crate::error::{EXIT_USAGE, Reported};
use crate::printer::Printer;

/// Everything a command needs from the outside world.
#[derive(Debug)]
pub(crate) struct Context {
    pub env: Env,
    pub profile: ProfileOverride,
    pub printer: Printer,
}

/// Runs the parsed command line.
pub fn run(cli: Cli, env: Env) -> Result<()> {
    let ctx = Context {
        printer: Printer::new(&env, asks_for_quiet(&cli.command)),
        profile: ProfileOverride(cli.profile),
        env,
    };
    match &cli.command {
        Command::Config(command) => config::run(&ctx, command),
        Command::Batch(command) => batch::run(&ctx, command),
        Command::Auth(command) => auth::run(&ctx, command),
        Command::Curl(args) => curl::run(&ctx, args),
        Command::Completions(args) => completions::run(&ctx, args),
        Command::Version => {
            ctx.printer.line(env!("CARGO_PKG_VERSION"))?;
            Ok(())
        }
    }
}

/// Runs `future` on a fresh single-threaded runtime (a command's network calls), then drops the
/// runtime without waiting for idle blocking threads.
pub(crate) fn block_on<T>(future: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    use anyhow::Context as _;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let outcome = runtime.block_on(future);
    runtime.shutdown_background();
    outcome
}

/// Whether the command line says `-q`/`--quiet`: the printer then draws no progress bar and
/// prints no warning or note (errors and results are still printed).
fn asks_for_quiet(command: &Command) -> bool {
    use crate::cli::BatchCommand;
    match command {
        Command::Batch(BatchCommand::Submit(args)) => args.quiet && !args.no_quiet,
        Command::Batch(BatchCommand::Wait(args)) => args.quiet,
        Command::Batch(BatchCommand::Rerun(args)) => args.quiet,
        _ => false,
    }
}

/// A usage error found after parsing, in Click's words: `error: <message>`, exit status 2.
pub(crate) fn usage_error(message: impl std::fmt::Display) -> anyhow::Error {
    Reported::with_code(format!("error: {message}"), EXIT_USAGE).into()
}
