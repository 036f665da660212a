//! The embedded local Batch service: Hail's Batch REST API on SQLite, running jobs in local
//! sandboxes.
//!
//! - [`api`]: Hail's API on the service's side: request validation, response documents and
//!   their rules, and every Hail message text;
//! - [`store`]: the SQLite database and every state transition of batches, job groups and jobs;
//! - [`query`]: Hail's v1 and v2 query languages, compiled to SQL;
//! - [`runner`]: one attempt of one job, in a bubblewrap sandbox (or a plain process);
//! - [`scheduler`]: starts Ready jobs within the cores available, fairly between batches,
//!   and records their outcomes;
//! - [`router`]: Hail's paths and authentication; [`routes`]: the API's handlers; [`http`]: the
//!   answers, and the one place errors become statuses;
//! - [`model`]: the API's documents made from the store's rows, log locations, the clock;
//! - [`ui`]: the web UI's pages and browser sessions;
//! - [`users`]: who a token belongs to and who administers billing projects;
//! - [`state`] and [`daemon`]: the state file, and how the CLI finds, starts and stops the
//!   service.
//!
//! The service is a library: [`serve`] takes a bound listener and a shutdown signal, so tests
//! and `hailctl batch serve` run exactly the same code.
//!
//! Each module uses only those after it in this order: `router`; `routes` and `ui`;
//! `scheduler`; `runner`; `model`; `http`; `query`; `store`; `api` (then `crate::format`).

pub(crate) mod api;
pub(crate) mod daemon;
pub(crate) mod http;
mod model;
/// Which containers a job has (`input`, `main`, `output`): a Hail rule the client needs too.
pub(crate) use model::container_names;
pub(crate) mod query;
mod router;
pub(crate) mod routes;
pub(crate) mod runner;
pub(crate) mod scheduler;
pub(crate) mod state;
pub(crate) mod store;
pub(crate) mod tls;
pub(crate) mod ui;
pub(crate) mod users;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, Result};

use crate::env::Env;
use crate::printer::service_log;
use state::{ServicePaths, ServiceState};

/// How `hailctl batch serve` was asked to run.
#[derive(Debug)]
pub(crate) struct ServeOptions {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    /// Cores jobs may use at once (default: the machine's).
    pub cores: Option<f64>,
    pub region: String,
    /// Use bubblewrap when available.
    pub sandbox: bool,
    /// Serve HTTPS with the certificates of [`tls`].
    pub tls: bool,
    /// The default user (default: the OS user).
    pub user: Option<String>,
    /// More users, from a TOML users file ([`users`]).
    pub users_file: Option<PathBuf>,
    pub paths: ServicePaths,
    pub env: Env,
}

/// The settings of a running service.
#[derive(Clone, Debug)]
pub(crate) struct ServiceConfig {
    /// Every user (the default one first, whose token is the service's own in the state
    /// file) and their roles.
    pub users: users::Users,
    pub data_dir: PathBuf,
    /// Total millicores jobs may use at once.
    pub capacity_mcpu: i64,
    /// Regions the service reports; the first is the default.
    pub regions: Vec<String>,
}

impl ServiceConfig {
    pub(crate) fn default_region(&self) -> &str {
        self.regions.first().map(String::as_str).unwrap_or("local")
    }

    pub(crate) fn logs_dir(&self) -> PathBuf {
        self.data_dir.join("logs")
    }

    /// The directory of one attempt's logs (the layout is [`model::attempt_log_dir`]'s).
    pub(crate) fn attempt_log_dir(&self, batch_id: i64, job_id: i64, attempt_id: &str) -> PathBuf {
        model::attempt_log_dir(&self.logs_dir(), batch_id, job_id, attempt_id)
    }

    pub(crate) fn scratch_dir(&self) -> PathBuf {
        self.data_dir.join("scratch")
    }
}

/// Everything the handlers share.
pub(crate) struct App {
    pub config: ServiceConfig,
    pub store: Arc<store::Store>,
    pub scheduler: Arc<scheduler::Scheduler>,
    /// Web UI login codes and sessions (in memory only: a restart signs browsers out).
    pub ui: ui::session::Sessions,
}

impl App {
    /// The user a token belongs to, if it is valid (compared with every known token, in
    /// constant time: see [`users::Users::lookup`]).
    pub(crate) fn user_for_token(&self, token: &str) -> Option<String> {
        self.config.users.lookup(token).map(|u| u.name.clone())
    }

    /// Whether `user` may administer billing projects (else 401, like Hail).
    pub(crate) fn is_developer(&self, user: &str) -> bool {
        self.config.users.is_developer(user)
    }
}

/// Runs the service on `listener` (over TLS when `tls` is given, see [`tls::TlsListener`])
/// until `shutdown` resolves, then stops running jobs.
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    tls: Option<tls::TlsAcceptor>,
    config: ServiceConfig,
    sandbox: runner::SandboxMode,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("cannot create {}", config.data_dir.display()))?;
    let store = Arc::new(
        store::Store::open(config.data_dir.join("batch.sqlite"))
            .context("cannot open the service database")?,
    );
    let (scheduler, reports) = scheduler::Scheduler::new(store.clone(), config.clone(), sandbox);
    scheduler.recover().await?;
    apply_users(&store, &config.users);
    let app = Arc::new(App {
        config,
        store,
        scheduler: scheduler.clone(),
        ui: ui::session::Sessions::default(),
    });
    let scheduler_task = tokio::spawn(scheduler.clone().run());
    let recorder_task = tokio::spawn(scheduler.clone().record(reports));
    let router = tls::with_base_path(router::router(app));
    let served = match tls {
        None => {
            axum::serve(listener, router)
                .with_graceful_shutdown(shutdown)
                .await
        }
        Some(acceptor) => {
            axum::serve(
                tls::TlsListener::new(listener, acceptor)?,
                tls::service(router),
            )
            .with_graceful_shutdown(shutdown)
            .await
        }
    };
    served.context("the HTTP server failed")?;
    scheduler.shutdown().await;
    scheduler_task.abort();
    recorder_task.abort();
    Ok(())
}

/// `hailctl batch serve`: bind, record the state file, serve until SIGINT or SIGTERM.
pub(crate) async fn run_foreground(options: ServeOptions) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .with_context(|| format!("cannot listen on {}", options.addr))?;
    let addr = listener.local_addr()?;
    let token = state::persistent_token(&options.paths);
    let user = match &options.user {
        Some(name) => {
            users::check_user_name(name).map_err(|m| anyhow::anyhow!("--user: {m}"))?;
            name.clone()
        }
        None => state::os_user_name(&options.env),
    };
    let users = match &options.users_file {
        Some(path) => users::Users::with_file(&user, &token, users::load_users_file(path)?)?,
        None => users::Users::single(&user, &token),
    };
    let cores = options.cores.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get() as f64)
            .unwrap_or(1.0)
    });
    let config = ServiceConfig {
        users,
        data_dir: options.data_dir.clone(),
        capacity_mcpu: (cores * 1000.0).round().max(1.0) as i64,
        regions: vec![options.region.clone()],
    };
    let sandbox = if options.sandbox {
        runner::detect_sandbox()
    } else {
        runner::SandboxMode::PlainProcess
    };
    let tls = if options.tls {
        Some(tls::acceptor(&tls::load_or_create(
            &options.paths.state_dir,
        )?)?)
    } else {
        None
    };
    let scheme = if options.tls { "https" } else { "http" };
    let pid = std::process::id();
    state::write_state(
        &options.paths,
        &ServiceState {
            pid,
            addr,
            tls: options.tls,
            version: env!("CARGO_PKG_VERSION").to_string(),
            token,
            data_dir: options.data_dir.clone(),
            user,
        },
    )?;
    service_log!(
        "local Batch service listening on {scheme}://{addr} (data in {}, {cores} cores, {})",
        options.data_dir.display(),
        sandbox.describe()
    );
    let result = serve(listener, tls, config, sandbox, shutdown_signal()).await;
    state::remove_state_if_owned(&options.paths, pid);
    service_log!("local Batch service stopped");
    result
}

/// With a users file, billing projects are fixed (a batch may only name a project that lists
/// its user, as in Hail) and each user's `billing_projects` are created if missing and joined.
/// A project that cannot be joined (closed, deleted, another case) is reported and skipped:
/// the database outlives the file, and refusing to start would lock everyone out.
fn apply_users(store: &store::Store, users: &users::Users) {
    if !users.is_from_file() {
        return;
    }
    store.set_billing_projects_fixed(true);
    for entry in users.entries() {
        for project in &entry.billing_projects {
            let joined = store
                .create_billing_project(project, model::now_ms())
                .and_then(|()| store.add_billing_project_user(project, &entry.name));
            if let Err(e) = joined {
                service_log!(
                    "cannot make {} a member of billing project {project}: {e}",
                    entry.name
                );
            }
        }
    }
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = match signal(SignalKind::terminate()) {
        Ok(s) => s,
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
            return;
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}
