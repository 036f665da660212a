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
pub(crate) mod confinement;
pub(crate) mod daemon;
pub(crate) mod http;
pub(crate) mod image;
pub(crate) mod logs;
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

/// The most MiB one container's log of one attempt keeps unless `serve --max-log-mib` says.
pub(crate) const DEFAULT_MAX_LOG_MIB: u64 = 1024;

/// The region a service offers when `serve` is given none.
pub(crate) const DEFAULT_REGION: &str = "us-central1";

/// The regions in `serve` arguments (each `--region NAME`), in order.
pub(crate) fn regions_of(serve_args: &[String]) -> Vec<String> {
    serve_args
        .windows(2)
        .filter(|pair| pair[0] == "--region")
        .map(|pair| pair[1].clone())
        .collect()
}

/// How `hailctl batch serve` was asked to run.
#[derive(Debug)]
pub(crate) struct ServeOptions {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    /// Cores jobs may use at once (default: the machine's).
    pub cores: Option<f64>,
    /// `--max-log-mib`: the most one container's log of one attempt keeps.
    pub max_log_mib: Option<u64>,
    /// Regions the service offers, the first the default (`--region`, repeatable).
    pub regions: Vec<String>,
    /// How jobs run (`--runtime`).
    pub runtime: runner::RuntimeChoice,
    /// Docker Hub mirrors (`--registry-mirror`), tried before Docker Hub.
    pub registry_mirrors: Vec<String>,
    /// Serve HTTPS with the certificates of [`tls`].
    pub tls: bool,
    /// The default user (default: the OS user).
    pub user: Option<String>,
    /// More users, from a TOML users file ([`users`]).
    pub users_file: Option<PathBuf>,
    pub paths: ServicePaths,
    pub env: Env,
}

impl ServeOptions {
    /// The log cap in bytes (`--max-log-mib`, default [`DEFAULT_MAX_LOG_MIB`]).
    pub(crate) fn max_log_bytes(&self) -> u64 {
        self.max_log_mib
            .unwrap_or(DEFAULT_MAX_LOG_MIB)
            .saturating_mul(1024 * 1024)
    }

    /// The `hailctl batch serve` arguments that start a service like this one (paths made
    /// absolute): what `serve --start` passes to the background service, and what the state
    /// file records so that a service that died comes back the same.
    pub(crate) fn serve_args(&self) -> Result<Vec<String>> {
        let absolute = |path: &std::path::Path| {
            std::path::absolute(path)
                .map(|p| p.display().to_string())
                .with_context(|| format!("cannot resolve {}", path.display()))
        };
        let mut args = vec!["--addr".to_string(), self.addr.to_string()];
        args.extend(["--data-dir".to_string(), absolute(&self.data_dir)?]);
        if let Some(cores) = self.cores {
            args.extend(["--cores".to_string(), cores.to_string()]);
        }
        if let Some(mib) = self.max_log_mib {
            args.extend(["--max-log-mib".to_string(), mib.to_string()]);
        }
        for region in &self.regions {
            args.extend(["--region".to_string(), region.clone()]);
        }
        args.extend(["--runtime".to_string(), self.runtime.name().to_string()]);
        for mirror in &self.registry_mirrors {
            args.extend(["--registry-mirror".to_string(), mirror.clone()]);
        }
        if self.tls {
            args.push("--tls".to_string());
        }
        if let Some(user) = &self.user {
            args.extend(["--user".to_string(), user.clone()]);
        }
        if let Some(file) = &self.users_file {
            args.extend(["--users-file".to_string(), absolute(file)?]);
        }
        Ok(args)
    }
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
    /// The most bytes one container's log of one attempt keeps (see `logs`).
    pub max_log_bytes: u64,
    /// The service's own files and directories (canonical): data and state directories, the
    /// users file and its token files. No job may copy from or to them.
    pub service_files: Arc<Vec<PathBuf>>,
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

    /// Which host files `user`'s jobs may copy from and to.
    pub(crate) fn confinement(&self, user: &str) -> confinement::Confinement {
        confinement::Confinement {
            service_files: self.service_files.clone(),
            // An unknown user (a batch from a users file since edited) gets no roots.
            roots: match self.users.get(user) {
                Some(entry) => entry.file_roots.clone(),
                None => Some(Arc::new(Vec::new())),
            },
            // The service's files start with the canonical data directory.
            staging: self.service_files.first().map(|data| data.join("staging")),
        }
    }
}

/// Everything the handlers share.
pub(crate) struct App {
    pub config: ServiceConfig,
    pub store: Arc<store::Store>,
    pub scheduler: Arc<scheduler::Scheduler>,
    /// Web UI login codes and sessions (in memory only: a restart signs browsers out).
    pub ui: ui::session::Sessions,
    /// Slows down repeated failed authentications.
    pub auth_throttle: router::AuthThrottle,
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
    runtime: runner::JobRuntime,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    state::make_private_dir(&config.data_dir)
        .with_context(|| format!("cannot create {}", config.data_dir.display()))?;
    let database = config.data_dir.join("batch.sqlite");
    make_database_private(&database)
        .with_context(|| format!("cannot make {} private", database.display()))?;
    let store = Arc::new(store::Store::open(database).context("cannot open the service database")?);
    let (scheduler, reports) =
        scheduler::Scheduler::new(store.clone(), config.clone(), Arc::new(runtime));
    scheduler.recover().await?;
    apply_users(&store, &config.users);
    let app = Arc::new(App {
        config,
        store,
        scheduler: scheduler.clone(),
        ui: ui::session::Sessions::default(),
        auth_throttle: router::AuthThrottle::default(),
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

/// The runtime `options` ask for, with its image store and cgroups; says once, in the
/// service's log, what is not available here (no isolation, no limits).
fn job_runtime(options: &ServeOptions) -> Result<runner::JobRuntime> {
    let scratch = options.data_dir.join("scratch");
    std::fs::create_dir_all(&scratch)
        .with_context(|| format!("cannot create {}", scratch.display()))?;
    let (runtime, fallback) = runner::select_runtime(options.runtime, &options.env, &scratch)
        .map_err(|e| anyhow::anyhow!("--runtime: {e}"))?;
    if let Some(why) = fallback {
        service_log!(
            "WARNING: jobs are NOT ISOLATED from this machine (runtime host), because {why}. \
             Jobs run in their images where unprivileged user namespaces and overlay mounts \
             work (Linux 5.11 or newer), or with podman or docker installed."
        );
    }
    let mirrors = image::mirrors(&options.env, &options.registry_mirrors)
        .map_err(|e| anyhow::anyhow!("--registry-mirror: {e}"))?;
    let images = if runtime.uses_images() {
        Some(
            image::ImageStore::new(
                options.data_dir.join("images"),
                &options.env,
                mirrors.clone(),
            )
            .map_err(|e| anyhow::anyhow!(e))?,
        )
    } else {
        None
    };
    let key = image::reference::short_hash(&options.data_dir.display().to_string());
    if let runner::Runtime::Engine { program, .. } = &runtime {
        runner::remove_engine_leftovers(program, &format!("hailctl.service={key}"));
    }
    let cgroups = match runner::Cgroups::detect(&key) {
        Ok(cgroups) => {
            service_log!("{}", cgroups.describe());
            Some(cgroups)
        }
        Err(why) => {
            service_log!("memory and CPU requests are not enforced: {why}");
            None
        }
    };
    Ok(runner::JobRuntime {
        runtime,
        images,
        cgroups,
        mirrors,
        service_key: key,
        max_log_bytes: options.max_log_bytes(),
    })
}

/// The database and its WAL files readable by the user only (SQLite gives the `-wal` and
/// `-shm` files the database's mode; a database from an older version is tightened too).
fn make_database_private(database: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(database)?;
    for suffix in ["", "-wal", "-shm"] {
        let mut path = database.as_os_str().to_owned();
        path.push(suffix);
        match std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Binds `addr`; with port 0, the port of the service that last used this data directory
/// when it is free, so that a restarted service keeps its links working.
async fn bind(addr: SocketAddr, data_dir: &std::path::Path) -> Result<tokio::net::TcpListener> {
    if addr.port() == 0
        && let Some(previous) = state::previous_addr(data_dir)
        && previous.ip() == addr.ip()
        && let Ok(listener) = tokio::net::TcpListener::bind(previous).await
    {
        return Ok(listener);
    }
    tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))
}

/// `hailctl batch serve`: bind, take the data directory, record the state file, serve until
/// SIGINT or SIGTERM.
pub(crate) async fn run_foreground(options: ServeOptions) -> Result<()> {
    let serve_args = options.serve_args()?;
    let listener = bind(options.addr, &options.data_dir).await?;
    let addr = listener.local_addr()?;
    // Held until the service has stopped: a second service on this data directory refuses
    // to start (before it touches the state file or the jobs) instead of running them twice.
    let data_dir_lock = state::DataDirLock::acquire(&options.data_dir, addr, options.tls)?;
    let token = state::persistent_token(&options.paths);
    let user = match &options.user {
        Some(name) => {
            users::check_user_name(name).map_err(|m| anyhow::anyhow!("--user: {m}"))?;
            name.clone()
        }
        None => state::os_user_name(&options.env),
    };
    state::make_private_dir(&options.data_dir)
        .with_context(|| format!("cannot create {}", options.data_dir.display()))?;
    let mut service_files = vec![options.data_dir.clone(), options.paths.state_dir.clone()];
    let users = match &options.users_file {
        Some(path) => {
            let file = users::load_users_file(path)?;
            service_files.push(path.clone());
            service_files.extend(file.token_files.iter().cloned());
            users::Users::with_file(&user, &token, file)?
        }
        None => users::Users::single(&user, &token),
    };
    state::create_private_dir(&options.paths.state_dir)
        .with_context(|| format!("cannot create {}", options.paths.state_dir.display()))?;
    let service_files = service_files
        .iter()
        .map(|path| {
            path.canonicalize()
                .with_context(|| format!("cannot resolve {}", path.display()))
        })
        .collect::<Result<Vec<_>>>()?;
    let cores = options.cores.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get() as f64)
            .unwrap_or(1.0)
    });
    let config = ServiceConfig {
        users,
        data_dir: options.data_dir.clone(),
        capacity_mcpu: (cores * 1000.0).round().max(1.0) as i64,
        regions: options.regions.clone(),
        service_files: Arc::new(service_files),
        max_log_bytes: options.max_log_bytes(),
    };
    let runtime = job_runtime(&options)?;
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
            serve_args,
            runtime: runtime.runtime.name().to_string(),
            isolated: runtime.runtime.isolated(),
        },
    )?;
    service_log!(
        "local Batch service listening on {scheme}://{addr} (data in {}, {cores} cores, {})",
        options.data_dir.display(),
        runtime.runtime.describe()
    );
    if !addr.ip().is_loopback() && !options.tls {
        service_log!(
            "warning: {addr} is reachable from other machines and serves plain HTTP: tokens \
             and data cross the network in clear; add --tls (or listen on 127.0.0.1)"
        );
    }
    let result = serve(listener, tls, config, runtime, shutdown_signal()).await;
    state::remove_state_if_owned(&options.paths, pid);
    drop(data_dir_lock);
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
