//! Running one attempt of one job as local processes: the embedded service's "worker".
//!
//! This module owns everything between "the scheduler dispatched this attempt" and "the attempt
//! ended": preparing the attempt's scratch directory, the `input` / `main` / `output` phases
//! (batch-semantics §6.1), the main command's environment (§6.3), sandboxing, the timeout
//! (§6.6), cancellation, mapping exit codes to states (§6.7, §6.8), the per-container logs
//! (§6.11) and the job `status` document (batch-api §5.5). It does not touch the database,
//! schedule anything or retry: [`run_attempt`] returns an [`Outcome`] and the caller records it.
//!
//! # Phases
//!
//! * `input` exists iff `input_files` is non-empty; it copies into `/io` (see `copy.rs`). If it
//!   does not succeed, `main` and `output` do not run and the job takes the input's state.
//! * `main` runs `process.command` as an argv list (no shell is added), with the job's
//!   environment, stdin from `/dev/null`, stdout and stderr interleaved into `main.log`.
//!   With the bubblewrap runtime it runs in `process.image`, pulled first (the container's
//!   `pulling` step), on a fresh overlay of the image's root (`setting up overlay`).
//! * `output` exists iff `output_files` is non-empty and runs when `main` succeeded or
//!   `always_copy_output` is true (absent means true: the server's stored default).
//! * Job state: the input's if it did not succeed; else main's if it did not succeed; else the
//!   output's if it ran; else `succeeded`. A cancellation that interrupts any phase makes the
//!   job `cancelled` and skips the remaining phases.
//!
//! Each phase writes `<log_dir>/<container>.log` (raw bytes, nothing added); a container that
//! never ran has no log file, which the service reports as `ERROR: could not find log file`
//! (`model::MISSING_LOG_TEXT`).
//!
//! # Runtimes and limits
//!
//! `runtime.rs` starts the main command: in its image and isolated (bubblewrap), or on the
//! host's software, not isolated (host); see there for what each lets a job see. `cgroup.rs`
//! enforces memory (Hail's 99 % hard limit, out of memory reported as exit 137) and weighs CPU
//! where the machine's cgroups allow; the status says what was enforced (`enforced`, a local
//! extension). `timeout` is enforced on the main command (its process group is SIGKILLed).

mod cgroup;
mod copy;
mod runtime;
mod sandbox;
pub(crate) mod shim;
mod status;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use serde_json::Value;
use tokio::sync::watch;

pub(crate) use cgroup::Cgroups;
pub(crate) use runtime::{
    DEFAULT_PATH, Runtime, RuntimeChoice, remove_engine_leftovers, select_runtime,
};

use super::api::types::{JobState, OOM_EXIT_CODE, exit_code};
use super::image::{ImageStore, PullErrorKind, PulledImage};
use super::model::{container_names, log_path, now_ms};
use crate::printer::service_log;
use copy::{CopyFailure, Direction, Transfer};
use status::{ContainerRecord, ProcStatus, State, StatusDoc, Step};

/// What a service's jobs run with, chosen at start: the runtime, the image store (for the
/// runtimes that run images) and the cgroups (where limits can be enforced).
#[derive(Debug)]
pub(crate) struct JobRuntime {
    pub runtime: Runtime,
    pub images: Option<ImageStore>,
    pub cgroups: Option<Cgroups>,
    /// Docker Hub mirrors (an engine runtime pulls through them).
    pub mirrors: Vec<String>,
    /// Names this service's cgroups and engine containers (a hash of its data directory).
    pub service_key: String,
    /// The log cap (`--max-log-mib`), held while jobs write.
    pub max_log_bytes: u64,
}

impl JobRuntime {
    /// The runtime alone, no images or cgroups (unit tests).
    #[cfg(test)]
    pub(crate) fn bare(runtime: Runtime) -> JobRuntime {
        JobRuntime {
            runtime,
            images: None,
            cgroups: None,
            mirrors: Vec::new(),
            service_key: "test".into(),
            max_log_bytes: u64::MAX,
        }
    }

    /// What the status document says was enforced: by the attempt's cgroup, or by the
    /// engine (`limits`: memory limit and CPU weight).
    fn enforced(
        &self,
        cgroup: Option<&cgroup::AttemptCgroup>,
        limits: Option<(u64, u64)>,
    ) -> Value {
        let mut m = serde_json::Map::new();
        m.insert("isolated".into(), Value::Bool(self.runtime.isolated()));
        let memory = cgroup
            .and_then(|c| c.memory_limit_bytes)
            .or(limits.map(|l| l.0));
        let cpu = cgroup.and_then(|c| c.cpu_weight).or(limits.map(|l| l.1));
        m.insert(
            "memory_limit_bytes".into(),
            memory.map_or(Value::Null, Value::from),
        );
        m.insert("cpu_weight".into(), cpu.map_or(Value::Null, Value::from));
        if let Some(peak) = cgroup.and_then(cgroup::AttemptCgroup::peak_memory_bytes) {
            m.insert("peak_memory_bytes".into(), Value::from(peak));
        }
        Value::Object(m)
    }
}

/// Everything the runner needs to know about the attempt to run.
#[derive(Debug)]
pub(crate) struct Attempt<'a> {
    pub batch_id: i64,
    /// Absolute job id.
    pub job_id: i64,
    pub job_group_id: i64,
    /// The attempt id (6 alphanumerics), also exported as `HAIL_ATTEMPT_ID`.
    pub attempt_id: &'a str,
    pub user: &'a str,
    /// The stored job spec (batch-api §3.9).
    pub spec: &'a Value,
    /// Exported as `HAIL_REGION` and written to the status.
    pub region: &'a str,
    /// Directory for this attempt's `<container>.log` files; created if missing. Must not lie
    /// inside `scratch_dir`, which is deleted at the end.
    pub log_dir: PathBuf,
    /// Private per-attempt directory; created if missing and removed (with everything the job
    /// left in it) when the attempt ends. `/io` is its `io` subdirectory in the sandbox, and
    /// the directory itself for a plain process.
    pub scratch_dir: PathBuf,
    /// Further variables for the main command, applied last (they win over the spec's `env`
    /// and the runner's own `HAIL_*` variables).
    pub extra_env: Vec<(String, String)>,
    /// The status document's `worker`.
    pub worker_name: &'a str,
    /// Sent (if given) once the attempt's processes are over, before the scratch directory is
    /// removed: the caller may hand the attempt's cores to the next job while that happens.
    pub processes_done: Option<tokio::sync::oneshot::Sender<()>>,
}

/// The job state an attempt ends the job in (`Success`, `Failed`, `Error` or `Cancelled`),
/// from the worker-side state of the whole job.
fn job_state(state: State) -> JobState {
    match state {
        State::Succeeded => JobState::Success,
        State::Failed => JobState::Failed,
        State::Cancelled => JobState::Cancelled,
        // A job can only end in the four states; anything else is a runner bug, reported as
        // the job erroring rather than a panic.
        State::Error | State::Pending | State::Running => JobState::Error,
    }
}

/// The result of [`run_attempt`].
#[derive(Clone, Debug)]
pub(crate) struct Outcome {
    /// `Success`, `Failed`, `Error` or `Cancelled`.
    pub state: JobState,
    /// The job's exit code as the service stores it: [`exit_code`] of `status`.
    pub exit_code: Option<i64>,
    /// The full status document (batch-api §5.5, version 5), plus the local keys `sandbox`,
    /// `enforced`, `requested_resources` and `container_statuses.main.image`.
    pub status: Value,
    /// Epoch ms when the attempt started / ended (equal to the status' `start_time` / `end_time`).
    pub start_ms: i64,
    pub end_ms: i64,
}

/// The main command and its settings, read from the spec before anything runs.
#[derive(Debug)]
struct JobPlan {
    image: Option<String>,
    command: Vec<String>,
    env: Vec<(String, String)>,
    port: Option<i64>,
    inputs: Vec<Transfer>,
    outputs: Vec<Transfer>,
    timeout: Option<Timeout>,
    always_copy_output: bool,
}

#[derive(Debug)]
struct Timeout {
    /// `None` when the value is too large to represent (no timer is set).
    limit: Option<Duration>,
    /// The value as given in the spec (`5` or `5.0`), for the error text.
    text: String,
}

impl JobPlan {
    fn from_spec(spec: &Value) -> Result<Self, String> {
        let invalid = |what: &str| format!("invalid job spec: {what}");
        if !spec.is_object() {
            return Err(invalid("the spec is not an object"));
        }
        // The stored spec always has `process`; the deprecated top-level command/image pair is
        // accepted too, as the server would have normalised it.
        let process = spec.get("process").unwrap_or(spec);
        match process.get("type").and_then(Value::as_str) {
            None | Some("docker") => {}
            Some("jvm") => {
                return Err("jvm jobs are not supported by the local batch service".into());
            }
            Some(other) => return Err(invalid(&format!("unknown process type {other:?}"))),
        }
        let command: Vec<String> = process
            .get("command")
            .and_then(Value::as_array)
            .and_then(|a| a.iter().map(|v| v.as_str().map(str::to_string)).collect())
            .filter(|c: &Vec<String>| !c.is_empty())
            .ok_or_else(|| invalid("process.command must be a non-empty list of strings"))?;
        if command.iter().any(|a| a.contains('\0')) {
            return Err(invalid("process.command contains a NUL character"));
        }
        let image = process
            .get("image")
            .and_then(Value::as_str)
            .map(str::to_string);

        let mut env = Vec::new();
        if let Some(list) = spec.get("env").filter(|v| !v.is_null()) {
            let list = list
                .as_array()
                .ok_or_else(|| invalid("env must be a list"))?;
            for (i, entry) in list.iter().enumerate() {
                let name = entry.get("name").and_then(Value::as_str);
                let value = entry.get("value").and_then(Value::as_str);
                let (Some(name), Some(value)) = (name, value) else {
                    return Err(invalid(&format!(
                        "env[{i}] must have string name and value"
                    )));
                };
                env.push((name.to_string(), value.to_string()));
            }
        }

        let timeout = match spec.get("timeout").filter(|v| !v.is_null()) {
            None => None,
            Some(Value::Number(n)) => {
                let secs = n
                    .as_f64()
                    .filter(|s| s.is_finite() && *s > 0.0)
                    .ok_or_else(|| invalid(&format!("timeout must be a number > 0, found {n}")))?;
                Some(Timeout {
                    limit: Duration::try_from_secs_f64(secs).ok(),
                    text: n.to_string(),
                })
            }
            Some(other) => {
                return Err(invalid(&format!("timeout must be a number, found {other}")));
            }
        };

        Ok(JobPlan {
            image,
            command,
            env,
            port: spec.get("port").and_then(Value::as_i64),
            inputs: copy::parse_transfers(spec, "input_files")?,
            outputs: copy::parse_transfers(spec, "output_files")?,
            timeout,
            always_copy_output: spec
                .get("always_copy_output")
                .and_then(Value::as_bool)
                .unwrap_or(true),
        })
    }
}

/// Runs one attempt of one job to the end and reports how it went. Never panics on a bad spec
/// and never returns early on failure: every problem becomes part of the [`Outcome`].
///
/// Cancellation: when `cancel` becomes `true`, a running main command's process group is
/// killed, a running copy stops at the next chunk, no further phase starts, and the outcome is
/// [`JobState::Cancelled`]. If the sender is dropped the attempt simply runs to completion.
/// Dropping the returned future also kills the main command's process group.
pub(crate) async fn run_attempt(
    runtime: &JobRuntime,
    mut attempt: Attempt<'_>,
    mut cancel: watch::Receiver<bool>,
) -> Outcome {
    let processes_done = attempt.processes_done.take();
    let start_ms = now_ms();
    let mut doc = StatusDoc {
        worker: attempt.worker_name,
        batch_id: attempt.batch_id,
        job_id: attempt.job_id,
        job_group_id: attempt.job_group_id,
        attempt_id: attempt.attempt_id,
        user: attempt.user,
        region: attempt.region,
        state: State::Running,
        error: None,
        start_time: start_ms,
        end_time: None,
        containers: container_names(attempt.spec)
            .into_iter()
            .map(|n| (n, ContainerRecord::pending()))
            .collect(),
        timing: Vec::new(),
        sandbox: runtime.runtime.name(),
        enforced: runtime.enforced(None, None),
        requested_resources: attempt
            .spec
            .get("resources")
            .cloned()
            .unwrap_or_else(|| Value::Object(Default::default())),
    };

    doc.state = match JobPlan::from_spec(attempt.spec) {
        Err(error) => {
            doc.error = Some(error);
            State::Error
        }
        Ok(plan) => {
            if let Some(main) = doc.container_mut("main") {
                main.image = plan.image.clone();
            }
            run_phases(runtime, &attempt, &plan, &mut doc, &mut cancel).await
        }
    };

    if let Some(done) = processes_done {
        // The receiver may be gone (the caller does not care): nothing to do then.
        let _ = done.send(());
    }
    // The reference's "post-job finally block" is where the worker cleans up; here that is
    // removing the scratch directory with whatever the job left in it.
    let cleanup_start = now_ms();
    remove_scratch(attempt.scratch_dir.clone()).await;
    doc.timing.push((
        "post-job finally block",
        Step {
            start: cleanup_start,
            finish: Some(now_ms()),
        },
    ));

    let end_ms = now_ms();
    doc.end_time = Some(end_ms);
    let status = doc.to_json();
    Outcome {
        state: job_state(doc.state),
        exit_code: exit_code(Some(&status)),
        status,
        start_ms,
        end_ms,
    }
}

/// Runs the phases in order, recording each container, and returns the job state.
async fn run_phases(
    runtime: &JobRuntime,
    attempt: &Attempt<'_>,
    plan: &JobPlan,
    doc: &mut StatusDoc<'_>,
    cancel: &mut watch::Receiver<bool>,
) -> State {
    // The host runtime uses the scratch directory itself as its `/io`, working directory and
    // HOME: private, writable and removed afterwards like a container's, with one directory
    // to create and remove per attempt (each costs a block allocation and a discard on
    // ext4, a measurable part of a short job). The image runtime binds `<scratch>/io` at
    // `/io`, beside the overlay's layers.
    let io_dir = if runtime.runtime.uses_images() {
        attempt.scratch_dir.join("io")
    } else {
        attempt.scratch_dir.clone()
    };

    let env = main_env(attempt, plan);

    let setup_start = now_ms();
    // All of the attempt's filesystem set-up in one trip to the blocking pool (each trip costs
    // a thread wake-up, which matters for short jobs). When main is next (no input phase, a
    // valid environment) its log is created here too; it must not exist unless main starts.
    let setup = {
        let (io_dir, log_dir) = (io_dir.clone(), attempt.log_dir.clone());
        let main_log = (plan.inputs.is_empty() && env.is_ok()).then(|| log_path(&log_dir, "main"));
        tokio::task::spawn_blocking(move || prepare_dirs(&io_dir, &log_dir, main_log))
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    };
    doc.timing.push((
        "setup_io",
        Step {
            start: setup_start,
            finish: Some(now_ms()),
        },
    ));
    let main_log = match setup {
        Ok(main_log) => main_log,
        Err(e) => {
            doc.error = Some(format!(
                "cannot prepare the attempt's directories ({}, {}): {e}",
                attempt.scratch_dir.display(),
                attempt.log_dir.display()
            ));
            return State::Error;
        }
    };

    let env = match env {
        Ok(env) => env,
        Err(error) => {
            doc.error = Some(error);
            return State::Error;
        }
    };

    if !plan.inputs.is_empty() {
        if is_cancelled(cancel) {
            return State::Cancelled;
        }
        let record = run_copy(Direction::Input, &plan.inputs, &io_dir, attempt, cancel).await;
        let state = record.state;
        set_container(doc, "input", record);
        if state != State::Succeeded {
            return state;
        }
    }

    if is_cancelled(cancel) {
        if main_log.is_some() {
            // Created ahead of time, but main never started: it has no log.
            let _ = std::fs::remove_file(log_path(&attempt.log_dir, "main"));
        }
        return State::Cancelled;
    }
    let (mut main, enforced) =
        run_main(runtime, attempt, plan, &env, &io_dir, main_log, cancel).await;
    doc.enforced = enforced;
    main.image = plan.image.clone();
    let main_state = main.state;
    set_container(doc, "main", main);
    if main_state == State::Cancelled {
        return State::Cancelled;
    }

    let mut output_state = None;
    if !plan.outputs.is_empty() && (main_state == State::Succeeded || plan.always_copy_output) {
        if is_cancelled(cancel) {
            return State::Cancelled;
        }
        let record = run_copy(Direction::Output, &plan.outputs, &io_dir, attempt, cancel).await;
        output_state = Some(record.state);
        set_container(doc, "output", record);
        if output_state == Some(State::Cancelled) {
            return State::Cancelled;
        }
    }

    if main_state != State::Succeeded {
        main_state
    } else {
        output_state.unwrap_or(State::Succeeded)
    }
}

fn set_container(doc: &mut StatusDoc<'_>, name: &str, record: ContainerRecord) {
    if let Some(slot) = doc.container_mut(name) {
        *slot = record;
    }
}

/// The job's part of the main command's environment (batch-semantics §6.3), later entries
/// replacing earlier ones with the same name: the spec's `env`, the worker-injected `HAIL_*`
/// variables, `HAIL_BATCH_WORKER_PORT`/`_IP` if the job asked for a port, then `extra_env`.
/// The runtime's defaults (the image's `ENV`, `PATH`, `HOME`) go under it: [`full_env`]. No
/// cloud-credential variables are added: the local service mounts no key.
fn main_env(attempt: &Attempt<'_>, plan: &JobPlan) -> Result<Vec<(String, String)>, String> {
    let mut env: Vec<(String, String)> = plan.env.clone();
    env.push(("HAIL_REGION".into(), attempt.region.to_string()));
    env.push(("HAIL_BATCH_ID".into(), attempt.batch_id.to_string()));
    env.push(("HAIL_JOB_ID".into(), attempt.job_id.to_string()));
    env.push(("HAIL_JOB_GROUP_ID".into(), attempt.job_group_id.to_string()));
    env.push(("HAIL_ATTEMPT_ID".into(), attempt.attempt_id.to_string()));
    if let Some(port) = plan.port {
        // The network is shared with the host, so the job's port is the host port.
        env.push(("HAIL_BATCH_WORKER_PORT".into(), port.to_string()));
        env.push(("HAIL_BATCH_WORKER_IP".into(), "127.0.0.1".into()));
    }
    env.extend(attempt.extra_env.iter().cloned());
    for (k, v) in &env {
        if k.is_empty() || k.contains('=') || k.contains('\0') {
            return Err(format!("invalid environment variable name {k:?}"));
        }
        if v.contains('\0') {
            return Err(format!(
                "environment variable {k} has a value containing a NUL character"
            ));
        }
    }
    Ok(env)
}

/// The whole environment: `defaults` (the image's `ENV`, or the host runtime's), `PATH` and
/// `HOME` if those lack them, then the job's `env`; a later entry replaces an earlier one.
fn full_env(
    defaults: &[(String, String)],
    home: &str,
    job: &[(String, String)],
) -> Vec<(String, String)> {
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    env.insert("PATH".into(), DEFAULT_PATH.into());
    env.insert("HOME".into(), home.into());
    for (k, v) in defaults.iter().chain(job) {
        env.insert(k.clone(), v.clone());
    }
    env.into_iter().collect()
}

fn is_cancelled(cancel: &watch::Receiver<bool>) -> bool {
    *cancel.borrow()
}

/// Resolves when `cancel` becomes true; never, if the sender is gone.
async fn cancelled(cancel: &mut watch::Receiver<bool>) {
    if cancel.wait_for(|c| *c).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Runs a copy phase on a blocking thread, stopping it if the attempt is cancelled.
async fn run_copy(
    direction: Direction,
    transfers: &[Transfer],
    io_dir: &Path,
    attempt: &Attempt<'_>,
    cancel: &mut watch::Receiver<bool>,
) -> ContainerRecord {
    let container = match direction {
        Direction::Input => "input",
        Direction::Output => "output",
    };
    let started = now_ms();
    let log = log_path(&attempt.log_dir, container);
    let flag = Arc::new(AtomicBool::new(false));
    let task = {
        let (transfers, io_dir, flag) = (transfers.to_vec(), io_dir.to_path_buf(), flag.clone());
        tokio::task::spawn_blocking(move || {
            let mut log = std::fs::File::create(&log)
                .map_err(|e| CopyFailure::Error(format!("cannot create {}: {e}", log.display())))?;
            copy::copy_all(direction, &transfers, &io_dir, &mut log, &flag)
        })
    };
    tokio::pin!(task);
    let joined = tokio::select! {
        biased;
        r = &mut task => r,
        () = cancelled(cancel) => {
            flag.store(true, Ordering::Relaxed);
            // Wait for the copy to notice, so nothing writes into /io after the phase ended.
            (&mut task).await
        }
    };
    let finished = now_ms();
    let running = Some(Step {
        start: started,
        finish: Some(finished),
    });
    match joined {
        Ok(Ok(())) => ContainerRecord {
            state: State::Succeeded,
            running,
            proc_status: Some(ProcStatus {
                started_at: started,
                finished_at: Some(finished),
                exit_code: Some(0),
            }),
            ..ContainerRecord::pending()
        },
        Ok(Err(CopyFailure::Cancelled)) => ContainerRecord {
            state: State::Cancelled,
            running,
            ..ContainerRecord::pending()
        },
        Ok(Err(CopyFailure::Error(message))) => ContainerRecord::errored(running, message),
        Err(join_error) => ContainerRecord::errored(
            running,
            format!("the {container} copy crashed: {join_error}"),
        ),
    }
}

/// Kills a process group with SIGKILL when asked, and again when dropped: after the leader
/// exits (the reference's container ends with its main process, taking everything with it), and
/// when the attempt's future is dropped mid-run.
struct GroupKiller {
    pgid: Option<Pid>,
}

impl GroupKiller {
    fn kill(&self) {
        if let Some(pgid) = self.pgid {
            // ESRCH (nothing left) is the normal case after a clean exit.
            let _ = killpg(pgid, Signal::SIGKILL);
        }
    }
}

impl Drop for GroupKiller {
    fn drop(&mut self) {
        self.kill();
    }
}

enum MainEnd {
    Exited(std::io::Result<std::process::ExitStatus>),
    TimedOut,
    Cancelled,
}

/// Pulls the image (image runtimes), prepares the cgroup, runs the main command enforcing the
/// timeout and cancellation, and records the container and what was enforced.
#[allow(clippy::too_many_arguments)]
async fn run_main(
    runtime: &JobRuntime,
    attempt: &Attempt<'_>,
    plan: &JobPlan,
    job_env: &[(String, String)],
    io_dir: &Path,
    created_log: Option<std::fs::File>,
    cancel: &mut watch::Receiver<bool>,
) -> (ContainerRecord, Value) {
    let log_file = log_path(&attempt.log_dir, "main");
    let mut steps: Vec<(&'static str, Step)> = Vec::new();
    let no_log = |created: Option<std::fs::File>| {
        if created.is_some() {
            // Created ahead of time, but main never started: it has no log.
            let _ = std::fs::remove_file(&log_file);
        }
    };

    let pulled = match pull_image(runtime, plan, &mut steps).await {
        Ok(pulled) => pulled,
        Err(record) => {
            no_log(created_log);
            return (*record, runtime.enforced(None, None));
        }
    };
    let (env, user, working_dir) = match &pulled {
        Some(image) => {
            let user = match runtime::resolve_user(&image.config.user, &image.rootfs) {
                Ok(user) => user,
                Err(e) => {
                    no_log(created_log);
                    let record = ContainerRecord {
                        steps,
                        ..ContainerRecord::errored(None, e)
                    };
                    return (record, runtime.enforced(None, None));
                }
            };
            let home = runtime::home_of(user.0, &image.rootfs);
            let workdir = Some(image.config.working_dir.clone())
                .filter(|w| w.starts_with('/'))
                .unwrap_or_else(|| "/".to_string());
            (full_env(&image.config.env, &home, job_env), user, workdir)
        }
        // An engine adds the image's ENV, HOME and working directory itself.
        None if matches!(runtime.runtime, Runtime::Engine { .. }) => {
            (job_env.to_vec(), (0, 0), "/".to_string())
        }
        None => {
            let home = attempt.scratch_dir.display().to_string();
            (full_env(&[], &home, job_env), (0, 0), "/".to_string())
        }
    };
    let resources = attempt.spec.get("resources");
    let resource = |key: &str| resources.and_then(|r| r.get(key)).and_then(Value::as_u64);
    // Hail's limits for an engine: a hard memory limit of 99 % and 1024 CPU shares a core.
    // `None` inside: an engine that cannot apply them (rootless on cgroup v1).
    let engine_limits = match runtime.runtime {
        Runtime::Engine { limits, .. } => Some(limits.then(|| {
            (
                resource("memory_bytes").map_or(0, |b| b / 100 * 99),
                resource("cores_mcpu").map_or(1024, |m| (m * 1024 / 1000).max(2)),
            )
        })),
        _ => None,
    };

    let setup_start = now_ms();
    let cgroups = runtime.cgroups.as_ref().filter(|_| engine_limits.is_none());
    let cgroup = cgroups.and_then(|cgroups| {
        let number = resource;
        let name = format!(
            "{}-{}-{}",
            attempt.batch_id, attempt.job_id, attempt.attempt_id
        );
        match cgroups.create(&name, number("memory_bytes"), number("cores_mcpu")) {
            Ok(cgroup) => Some(cgroup),
            Err(e) => {
                service_log!(
                    "job ({}, {}): no resource limits: {e}",
                    attempt.batch_id,
                    attempt.job_id
                );
                None
            }
        }
    });
    let log = match created_log.map_or_else(|| std::fs::File::create(&log_file), Ok) {
        Ok(f) => f,
        Err(e) => {
            let record = ContainerRecord {
                steps,
                ..ContainerRecord::errored(
                    None,
                    format!("cannot create the main log {}: {e}", log_file.display()),
                )
            };
            return finish_cgroup(runtime, cgroup, engine_limits.flatten(), record).await;
        }
    };
    let cgroup_dirs = cgroup.as_ref().map(|c| c.dirs.clone()).unwrap_or_default();
    let launch = runtime::Launch {
        argv: &plan.command,
        env: &env,
        scratch: &attempt.scratch_dir,
        io_dir,
        image: pulled.as_ref(),
        user,
        working_dir: &working_dir,
        cgroups: &cgroup_dirs,
        container: engine_limits.and_then(|limits| {
            Some(runtime::EngineContainer {
                name: format!(
                    "hailctl-{}-{}-{}-{}",
                    runtime.service_key, attempt.batch_id, attempt.job_id, attempt.attempt_id
                )
                .to_ascii_lowercase(),
                label: format!("hailctl.service={}", runtime.service_key),
                image: plan.image.as_deref()?,
                memory_limit_bytes: limits.map(|l| l.0).filter(|m| *m > 0),
                cpu_shares: limits.map(|l| l.1),
            })
        }),
    };
    let prepared = runtime::job_command(&runtime.runtime, &launch, log);
    steps.push((
        "setting up overlay",
        Step {
            start: setup_start,
            finish: Some(now_ms()),
        },
    ));
    let (command, pipe) = match prepared {
        Ok(c) => c,
        Err(e) => {
            let record = ContainerRecord {
                steps,
                ..ContainerRecord::errored(None, format!("cannot prepare the job's runtime: {e}"))
            };
            return finish_cgroup(runtime, cgroup, engine_limits.flatten(), record).await;
        }
    };
    let mut command = tokio::process::Command::from(command);
    command.kill_on_drop(true);
    if pipe {
        command.stdin(std::process::Stdio::piped());
    }

    let started = now_ms();
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            let mut record = spawn_failure(&runtime.runtime, &plan.command, &log_file, started, e);
            record.steps = steps;
            return finish_cgroup(runtime, cgroup, engine_limits.flatten(), record).await;
        }
    };
    // The shim ends the job when this pipe closes: when the service dies, or below.
    let mut lifeline = child.stdin.take();
    let killer = GroupKiller {
        pgid: child
            .id()
            .and_then(|id| i32::try_from(id).ok())
            .map(Pid::from_raw),
    };

    let deadline = plan
        .timeout
        .as_ref()
        .and_then(|t| t.limit)
        .map(|limit| tokio::time::Instant::now() + limit);
    let mut usage = UsageSamples::new(cgroup.as_ref());
    let ended = loop {
        let sample_in = usage.next_in();
        tokio::select! {
            // On a tie, a process that already exited reports its real status.
            biased;
            status = child.wait() => break MainEnd::Exited(status),
            () = sleep_until_or_forever(deadline) => break MainEnd::TimedOut,
            () = cancelled(cancel) => break MainEnd::Cancelled,
            () = sleep_or_forever(sample_in) => usage.sample(),
            // The job writes its log itself: what is over the cap is given back as it grows.
            () = tokio::time::sleep(LOG_CHECK_INTERVAL) => {
                if let Err(e) = crate::server::logs::release_middle(&log_file, runtime.max_log_bytes) {
                    service_log!("cannot release the middle of {}: {e}", log_file.display());
                }
            }
        }
    };
    usage.sample();
    usage.write(&super::model::resource_usage_path(&attempt.log_dir, "main"));
    if !matches!(ended, MainEnd::Exited(_)) {
        if lifeline.take().is_some() {
            // The shim kills everything below it, bubblewrap's processes included; the group
            // kill after it is for a shim that does not answer.
            let _ = tokio::time::timeout(Duration::from_secs(5), child.wait()).await;
        }
        killer.kill();
        // Reap the leader; its status is irrelevant (we killed it).
        let _ = child.wait().await;
    }
    // Stragglers (background children) die with the container, as in the reference. The
    // leader is already reaped here, but its pid cannot be reused while group members keep the
    // group alive, and with none left the kill normally finds nothing (ESRCH).
    drop(killer);
    let finished = now_ms();

    let running_killed = |state: State| ContainerRecord {
        state,
        running: Some(Step {
            start: started,
            finish: Some(finished),
        }),
        // The reference keeps a killed container's process "running" with no exit code.
        proc_status: Some(ProcStatus {
            started_at: started,
            finished_at: None,
            exit_code: None,
        }),
        ..ContainerRecord::pending()
    };
    let mut record = match ended {
        MainEnd::Exited(Ok(status)) => {
            let code = exit_code_of(status);
            finished_record(started, finished, code)
        }
        MainEnd::Exited(Err(e)) => ContainerRecord::errored(
            Some(Step {
                start: started,
                finish: Some(finished),
            }),
            format!("waiting for the main command failed: {e}"),
        ),
        MainEnd::TimedOut => {
            let text = plan.timeout.as_ref().map_or("?", |t| t.text.as_str());
            ContainerRecord {
                error: Some(timeout_error(attempt, text)),
                short_error: Some("timed out"),
                ..running_killed(State::Error)
            }
        }
        MainEnd::Cancelled => running_killed(State::Cancelled),
    };
    record.steps = steps;
    record.image_digest = pulled.map(|p| p.digest);
    finish_cgroup(runtime, cgroup, engine_limits.flatten(), record).await
}

/// An engine runtime's pull (the engine keeps the image), recorded as the `pulling` step.
async fn engine_pull(
    runtime: &JobRuntime,
    kind: runtime::EngineKind,
    program: &Path,
    plan: &JobPlan,
    steps: &mut Vec<(&'static str, Step)>,
) -> Result<Option<PulledImage>, Box<ContainerRecord>> {
    let Some(name) = plan.image.as_deref() else {
        return Err(Box::new(ContainerRecord::errored(
            None,
            "the job names no image (process.image)".into(),
        )));
    };
    let start = now_ms();
    let pulled = runtime::engine_pull(kind, program, name, &runtime.mirrors).await;
    steps.push((
        "pulling",
        Step {
            start,
            finish: Some(now_ms()),
        },
    ));
    let Err(message) = pulled else {
        return Ok(None);
    };
    let lower = message.to_ascii_lowercase();
    let kind = if message.starts_with("invalid image name") {
        PullErrorKind::Invalid
    } else if ["not found", "manifest unknown", "does not exist"]
        .iter()
        .any(|w| lower.contains(w))
    {
        PullErrorKind::NotFound
    } else {
        PullErrorKind::CannotPull
    };
    Err(Box::new(ContainerRecord {
        steps: std::mem::take(steps),
        short_error: Some(kind.short_error()),
        ..ContainerRecord::errored(None, format!("image {name}: {message}"))
    }))
}

/// Records what the cgroup enforced, then kills what is left in it and removes it.
async fn finish_cgroup(
    runtime: &JobRuntime,
    cgroup: Option<cgroup::AttemptCgroup>,
    engine_limits: Option<(u64, u64)>,
    record: ContainerRecord,
) -> (ContainerRecord, Value) {
    let enforced = runtime.enforced(cgroup.as_ref(), engine_limits);
    if let Some(cgroup) = cgroup {
        // Off the attempt's path: the job's processes are already gone (the shim killed what
        // was left), so the next job need not wait for the kernel to release the cgroup.
        drop(tokio::task::spawn_blocking(move || cgroup.remove()));
    }
    (record, enforced)
}

/// Pulls the job's image for the image runtimes (`Ok(None)` for the host runtime), recording
/// the `pulling` step; a failure is the main container's error, with Hail's `short_error`.
async fn pull_image(
    runtime: &JobRuntime,
    plan: &JobPlan,
    steps: &mut Vec<(&'static str, Step)>,
) -> Result<Option<PulledImage>, Box<ContainerRecord>> {
    if let Runtime::Engine { kind, program, .. } = &runtime.runtime {
        return engine_pull(runtime, *kind, program, plan, steps).await;
    }
    let Some(images) = runtime
        .images
        .as_ref()
        .filter(|_| runtime.runtime.uses_images())
    else {
        return Ok(None);
    };
    let Some(name) = plan.image.as_deref() else {
        return Err(Box::new(ContainerRecord::errored(
            None,
            "the job names no image (process.image)".into(),
        )));
    };
    let start = now_ms();
    let pulled = images.get(name).await;
    steps.push((
        "pulling",
        Step {
            start,
            finish: Some(now_ms()),
        },
    ));
    match pulled {
        Ok(image) => Ok(Some(image)),
        Err(e) => Err(Box::new(ContainerRecord {
            steps: std::mem::take(steps),
            short_error: Some(e.kind.short_error()),
            ..ContainerRecord::errored(None, format!("image {name}: {}", e.message))
        })),
    }
}

/// A container whose process exited with `code`: 0 succeeded, anything else failed, 137 also
/// out of memory.
fn finished_record(started: i64, finished: i64, code: i64) -> ContainerRecord {
    ContainerRecord {
        state: if code == 0 {
            State::Succeeded
        } else {
            State::Failed
        },
        running: Some(Step {
            start: started,
            finish: Some(finished),
        }),
        short_error: (code == OOM_EXIT_CODE).then_some("out of memory"),
        proc_status: Some(ProcStatus {
            started_at: started,
            finished_at: Some(finished),
            exit_code: Some(code),
        }),
        ..ContainerRecord::pending()
    }
}

/// The exit code of a process, with the shell/runtime convention 128 + signal for a process
/// killed by a signal (so SIGKILL gives 137, which the reference reads as out of memory).
fn exit_code_of(status: std::process::ExitStatus) -> i64 {
    match (status.code(), status.signal()) {
        (Some(code), _) => i64::from(code),
        (None, Some(signal)) => 128 + i64::from(signal),
        // Neither exited nor signalled cannot happen for a reaped process.
        (None, None) => 1,
    }
}

/// The reference's timeout error: a traceback ending in `ContainerTimeoutError: timed out after
/// <timeout>s`, which clients match on.
fn timeout_error(attempt: &Attempt<'_>, timeout: &str) -> String {
    format!(
        "Traceback (most recent call last):\n  \
         main container of job ({}, {}), attempt {} (hailctl local batch service)\n\
         batch.worker.worker.ContainerTimeoutError: timed out after {timeout}s",
        attempt.batch_id, attempt.job_id, attempt.attempt_id
    )
}

/// A command that could not be started. With the host runtime started directly (unit tests),
/// a missing or non-executable program is the job's fault and ends `failed` with the shell's
/// codes (127, 126), with the reason in the main log, as the reference's runtime fails the
/// container with a non-zero exit. (Through the shim or bubblewrap the same situation is
/// reported by them, with a non-zero exit.) Anything else is the runner's fault: `error`.
fn spawn_failure(
    runtime: &Runtime,
    argv: &[String],
    log_file: &Path,
    started: i64,
    e: std::io::Error,
) -> ContainerRecord {
    let program = argv.first().map_or("", String::as_str);
    let direct = matches!(runtime, Runtime::Host { shim: None });
    let code = match (direct, e.kind()) {
        (true, std::io::ErrorKind::NotFound) => Some(127),
        (true, std::io::ErrorKind::PermissionDenied) => Some(126),
        _ => None,
    };
    let finished = now_ms();
    match code {
        Some(code) => {
            // Best effort: the exit code tells the story even without the log line.
            let _ = std::fs::write(log_file, format!("{program}: {e}\n"));
            finished_record(started, finished, code)
        }
        None => ContainerRecord::errored(None, format!("cannot start {program}: {e}")),
    }
}

async fn sleep_until_or_forever(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// How often a running main container's log is held to the cap (`logs`).
const LOG_CHECK_INTERVAL: Duration = Duration::from_secs(1);

/// How often a running main container's memory and CPU are sampled (Hail's worker: 5 s).
const USAGE_INTERVAL: Duration = Duration::from_secs(5);

/// The main container's resource usage samples (batch-api §5.8), read from its cgroup: one
/// when it starts, one every [`USAGE_INTERVAL`], one when it ends. Storage and network are
/// not measured (`null`).
struct UsageSamples<'a> {
    cgroup: Option<&'a cgroup::AttemptCgroup>,
    rows: Vec<Value>,
    last_cpu: Option<(u64, std::time::Instant)>,
    next: tokio::time::Instant,
}

impl<'a> UsageSamples<'a> {
    fn new(cgroup: Option<&'a cgroup::AttemptCgroup>) -> Self {
        let mut samples = UsageSamples {
            cgroup,
            rows: Vec::new(),
            last_cpu: None,
            next: tokio::time::Instant::now(),
        };
        samples.sample();
        samples
    }

    /// How long until the next sample; `None` without a cgroup (nothing to sample).
    fn next_in(&self) -> Option<Duration> {
        self.cgroup.map(|_| {
            self.next
                .saturating_duration_since(tokio::time::Instant::now())
        })
    }

    fn sample(&mut self) {
        self.next = tokio::time::Instant::now() + USAGE_INTERVAL;
        let Some(cgroup) = self.cgroup else {
            return;
        };
        let now = std::time::Instant::now();
        let cpu = cgroup.cpu_time_ns().map(|ns| (ns, now));
        // Cores used since the previous sample (Hail's cpu_usage).
        let cores = match (self.last_cpu, cpu) {
            (Some((ns0, t0)), Some((ns1, t1))) if t1 > t0 => {
                Value::from(ns1.saturating_sub(ns0) as f64 / (t1 - t0).as_nanos() as f64)
            }
            _ => Value::from(0.0),
        };
        self.last_cpu = cpu.or(self.last_cpu);
        self.rows.push(serde_json::json!([
            now_ms(),
            cgroup.memory_bytes(),
            cores,
            null,
            null,
            null,
            null
        ]));
    }

    /// Writes the frame next to the attempt's logs (best effort: usage is informational).
    fn write(&self, path: &Path) {
        if self.cgroup.is_none() || self.rows.is_empty() {
            return;
        }
        let frame = serde_json::json!({
            "index": (0..self.rows.len()).collect::<Vec<_>>(),
            "columns": super::model::RESOURCE_USAGE_COLUMNS,
            "data": self.rows,
        });
        let _ = std::fs::write(path, frame.to_string());
    }
}

async fn sleep_or_forever(limit: Option<Duration>) {
    match limit {
        Some(d) => tokio::time::sleep(d).await,
        None => std::future::pending().await,
    }
}

/// Creates the attempt's directories (`io_dir`, with the scratch directory if that is its
/// parent, and the log directory) and, if asked, the main log.
fn prepare_dirs(
    io_dir: &Path,
    log_dir: &Path,
    main_log: Option<PathBuf>,
) -> std::io::Result<Option<std::fs::File>> {
    std::fs::create_dir_all(io_dir)?;
    std::fs::create_dir_all(log_dir)?;
    main_log.map(std::fs::File::create).transpose()
}

/// Removes the scratch directory. Best effort: a job can leave directories without write
/// permission, so permissions are repaired once before giving up; a leftover directory only
/// costs disk space and must not change the job's outcome.
async fn remove_scratch(dir: PathBuf) {
    let _ = tokio::task::spawn_blocking(move || remove_tree(&dir)).await;
}

/// Removes `dir` and everything in it, repairing permissions once if needed (best effort).
pub(crate) fn remove_tree(dir: &Path) {
    if std::fs::remove_dir_all(dir).is_err() && dir.exists() {
        make_writable(dir, 0);
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn make_writable(dir: &Path, depth: usize) {
    use std::os::unix::fs::PermissionsExt;
    if depth > 256 {
        return;
    }
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                make_writable(&entry.path(), depth + 1);
            }
        }
    }
}
