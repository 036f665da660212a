//! `hailctl batch ...`: the one place that sends each subcommand to the module doing it, and
//! `serve`.
//!
//! `serve` runs the local Batch service in the foreground; `serve --status` and `serve --stop`
//! inspect and stop the one recorded in the state file (see [`crate::server::daemon`]). Every
//! other subcommand is a client of a Batch service: it runs on a fresh single-threaded runtime,
//! with the configuration loaded once and the client made from it.

use anyhow::{Context as _, Result};

use super::{Context, batch_env, batch_init, batch_ops, billing, rerun, submit};
use crate::cli::{BatchCommand, RuntimeArg, ServeArgs, StatusArgs};
use crate::client::BatchClient;
use crate::config::UserConfig;
use crate::server::daemon::{self, Status};
use crate::server::runner::RuntimeChoice;
use crate::server::state::ServicePaths;

pub(crate) fn run(ctx: &Context, command: &BatchCommand) -> Result<()> {
    if let BatchCommand::Serve(args) = command {
        return serve(ctx, args);
    }
    if let BatchCommand::Init(args) = command {
        return batch_init::run(ctx, args);
    }
    // Nothing is left to wait for once the command is done; joining the idle threads of the
    // blocking pool (which read and planned a spec file) would only delay the exit.
    super::block_on(run_client_command(ctx, command))
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
    let client = &match command {
        // A dry run sends nothing: it does not start a local service either.
        BatchCommand::Submit(args) if args.dry_run => {
            BatchClient::for_dry_run(&ctx.env, &config).await?
        }
        _ => BatchClient::for_backend(&ctx.env, &config).await?,
    };
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
        BatchCommand::Serve(_) | BatchCommand::Init(_) => Err(anyhow::anyhow!(
            "`batch serve` and `batch init` are not commands of a Batch client"
        )),
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
    let options = crate::server::ServeOptions {
        addr: args.addr,
        data_dir: args.data_dir.clone().unwrap_or(paths.data_dir.clone()),
        cores: args.cores,
        max_log_mib: args.max_log_mib,
        regions: args.region.clone(),
        runtime: match args.runtime {
            RuntimeArg::Auto => RuntimeChoice::Auto,
            RuntimeArg::Builtin => RuntimeChoice::Builtin,
            RuntimeArg::Bubblewrap => RuntimeChoice::Bubblewrap,
            RuntimeArg::Podman => RuntimeChoice::Podman,
            RuntimeArg::Docker => RuntimeChoice::Docker,
            RuntimeArg::Host => RuntimeChoice::Host,
        },
        registry_mirrors: args.registry_mirrors.clone(),
        tls: args.tls,
        user: args.user.clone(),
        users_file: args.users_file.clone(),
        paths: paths.clone(),
        env: ctx.env.clone(),
    };
    if args.start {
        let serve_args = options.serve_args()?;
        let state = daemon::ensure_running(&paths, daemon::StartWith::Args(&serve_args))?;
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
    if args.images || args.prune_images {
        let data_dir = args.data_dir.clone().unwrap_or(paths.data_dir.clone());
        return images(ctx, &paths, &data_dir.join("images"), args.prune_images);
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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(crate::server::run_foreground(options))
}

/// `serve --images` and `serve --prune-images`: the image cache of a data directory.
fn images(ctx: &Context, paths: &ServicePaths, dir: &std::path::Path, prune: bool) -> Result<()> {
    if prune {
        if let Status::Running(state) = daemon::status(paths)? {
            return Err(crate::error::Reported::failure(format!(
                "The local Batch service (pid {}) is running and may be using the cached images; \
                 stop it first with `hailctl batch serve --stop`.",
                state.pid
            ))
            .into());
        }
        let freed = crate::server::image::prune(dir).map_err(|e| anyhow::anyhow!(e))?;
        ctx.printer.line(&format!(
            "Removed the cached images in {} ({:.1} MiB).",
            dir.display(),
            freed as f64 / (1024.0 * 1024.0)
        ))?;
        return Ok(());
    }
    let cached = crate::server::image::list_cached(dir);
    if cached.is_empty() {
        ctx.printer.line("No images are cached.")?;
        return Ok(());
    }
    let mut out = String::from("IMAGE\tDIGEST\tSIZE (MiB)\tPULLED\n");
    for image in cached {
        out.push_str(&format!(
            "{}\t{}\t{:.1}\t{}\n",
            image.reference,
            image.digest,
            image.size_bytes as f64 / (1024.0 * 1024.0),
            crate::format::time::format_timestamp(image.pulled_at_ms)
        ));
    }
    ctx.printer.raw(&out)?;
    Ok(())
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
