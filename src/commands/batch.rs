//! `hailctl batch ...`: the one place that sends each subcommand to the module doing it, and
//! `serve`.
//!
//! `serve` runs the local Batch service in the foreground; `serve --status` and `serve --stop`
//! inspect and stop the one recorded in the state file (see [`crate::server::daemon`]). Every
//! other subcommand is a client of a Batch service: it runs on a fresh single-threaded runtime,
//! with the configuration loaded once and the client made from it.

use anyhow::{Context as _, Result};

use super::{Context, batch_env, batch_ops, billing, rerun, submit};
use crate::cli::{BatchCommand, ServeArgs, StatusArgs};
use crate::client::BatchClient;
use crate::config::UserConfig;
use crate::server::daemon::{self, Status};
use crate::server::state::ServicePaths;

pub(crate) fn run(ctx: &Context, command: &BatchCommand) -> Result<()> {
    if let BatchCommand::Serve(args) = command {
        return serve(ctx, args);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let outcome = runtime.block_on(run_client_command(ctx, command));
    // Nothing is left to wait for once the command is done; joining the idle threads of the
    // blocking pool (which read and planned a spec file) would only delay the exit.
    runtime.shutdown_background();
    outcome
}

async fn run_client_command(ctx: &Context, command: &BatchCommand) -> Result<()> {
    // Usage checks come before any network call, as in Hail.
    if let BatchCommand::Log(args) = command {
        batch_ops::check_log_args(args)?;
    }
    if let BatchCommand::Status(StatusArgs {
        batch_id: None,
        output,
        ..
    }) = command
    {
        // Describing the environment must not start a service just to say that it answers.
        return batch_env::environment_status(ctx, *output).await;
    }
    let config = UserConfig::load(&ctx.env, &ctx.profile)?;
    let client = &BatchClient::for_backend(&ctx.env, &config).await?;
    match command {
        BatchCommand::Submit(args) => submit::submit(ctx, client, &config, args).await,
        BatchCommand::List(args) => batch_ops::list(ctx, client, args).await,
        BatchCommand::Get(args) => batch_ops::get(ctx, client, args).await,
        BatchCommand::Cancel { batch_id } => batch_ops::cancel(ctx, client, *batch_id).await,
        BatchCommand::Delete { batch_id } => batch_ops::delete(ctx, client, *batch_id).await,
        BatchCommand::Job(args) => batch_ops::job(ctx, client, args).await,
        BatchCommand::Jobs(args) => batch_ops::jobs(ctx, client, args).await,
        BatchCommand::Log(args) => batch_ops::log(ctx, client, args).await,
        BatchCommand::Attempts(args) => batch_ops::attempts(ctx, client, args).await,
        BatchCommand::Wait(args) => batch_ops::wait(ctx, client, args).await,
        BatchCommand::Rerun(args) => rerun::rerun(ctx, client, args).await,
        BatchCommand::Status(args) => batch_ops::status(ctx, client, args).await,
        BatchCommand::Regions { output } => batch_ops::regions(ctx, client, *output).await,
        BatchCommand::Ui(args) => batch_ops::ui(ctx, client, args).await,
        BatchCommand::Billing(command) => billing::run(ctx, client, command).await,
        BatchCommand::Serve(_) => Err(anyhow::anyhow!("`batch serve` is not a client command")),
    }
}

fn serve(ctx: &Context, args: &ServeArgs) -> Result<()> {
    let paths = ServicePaths::locate(&ctx.env);
    if args.status {
        return match daemon::status(&paths)? {
            Status::Running(state) => {
                ctx.printer.line(&format!(
                    "The local Batch service is running at {} (pid {}, version {}, user {}, data in {}).",
                    state.base_url(),
                    state.pid,
                    state.version,
                    state.user,
                    state.data_dir.display()
                ))?;
                Ok(())
            }
            Status::Stale(state) => Err(crate::error::Reported::failure(format!(
                "No local Batch service is running (the state file names pid {} at {}, which does not answer).",
                state.pid, state.addr
            ))
            .into()),
            Status::NotRunning => {
                Err(crate::error::Reported::failure("No local Batch service is running.").into())
            }
        };
    }
    if args.start {
        let mut serve_args = vec!["--addr".to_string(), args.addr.to_string()];
        if let Some(dir) = &args.data_dir {
            serve_args.extend(["--data-dir".to_string(), dir.display().to_string()]);
        }
        if let Some(cores) = args.cores {
            serve_args.extend(["--cores".to_string(), cores.to_string()]);
        }
        serve_args.extend(["--region".to_string(), args.region.clone()]);
        if args.no_sandbox {
            serve_args.push("--no-sandbox".to_string());
        }
        if args.tls {
            serve_args.push("--tls".to_string());
        }
        if let Some(user) = &args.user {
            serve_args.extend(["--user".to_string(), user.clone()]);
        }
        if let Some(file) = &args.users_file {
            let file = std::path::absolute(file)
                .with_context(|| format!("cannot resolve {}", file.display()))?;
            serve_args.extend(["--users-file".to_string(), file.display().to_string()]);
        }
        let state = daemon::ensure_running(&paths, &serve_args)?;
        ctx.printer.line(&format!(
            "The local Batch service is running at {} (pid {}).",
            state.base_url(),
            state.pid
        ))?;
        return Ok(());
    }
    if args.python_env {
        return python_env(ctx, &paths);
    }
    if args.stop {
        match daemon::stop(&paths)? {
            Some(state) => ctx.printer.line(&format!(
                "Stopped the local Batch service (pid {}).",
                state.pid
            ))?,
            None => ctx.printer.line("No local Batch service is running.")?,
        }
        return Ok(());
    }
    let options = crate::server::ServeOptions {
        addr: args.addr,
        data_dir: args.data_dir.clone().unwrap_or(paths.data_dir.clone()),
        cores: args.cores,
        region: args.region.clone(),
        sandbox: !args.no_sandbox,
        tls: args.tls,
        user: args.user.clone(),
        users_file: args.users_file.clone(),
        paths,
        env: ctx.env.clone(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(crate::server::run_foreground(options))
}

/// `serve --python-env`: the environment pointing Hail's Python client at the running service.
fn python_env(ctx: &Context, paths: &ServicePaths) -> Result<()> {
    let Status::Running(state) = daemon::status(paths)? else {
        return Err(crate::error::Reported::failure(
            "No local Batch service is running. Start one with `hailctl batch serve --tls`.",
        )
        .into());
    };
    let current = ctx
        .env
        .get_os("SSL_CERT_FILE")
        .map(std::path::PathBuf::from);
    let env = crate::server::tls::python_env(paths, &state, current.as_deref())
        .map_err(|e| crate::error::Reported::failure(format!("{e:#}")))?;
    ctx.printer.line(env.shell_lines().trim_end())?;
    Ok(())
}
