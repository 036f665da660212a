//! The scheduler: starts Ready jobs while cores are free, runs each attempt with the
//! [`runner`](super::runner), records outcomes in the [`store`](super::store), kills jobs whose
//! group was cancelled, and sends completion callbacks.
//!
//! It sleeps until something happens (a submission, a cancellation, a job finishing) and polls
//! only while jobs run (for `cancel_after_n_failures`), so an idle service uses no CPU.
//! Fairness between batches is the store's `next_ready_jobs` order.
//!
//! On shutdown, running attempts are killed **without** recording an outcome: the next start
//! finds them Running and retries them as new attempts (see `Store::recover_after_restart`),
//! exactly as after a crash.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context as _, Result};
use serde_json::Value;
use tokio::sync::{Notify, mpsc, oneshot, watch};
use tokio::task::JoinHandle;

use super::ServiceConfig;
use super::confinement;
use super::model::{self, now_ms};
use super::runner::{self, Attempt, JobRuntime};
use super::store::{Completion, JobResult, JobState, ReadyJob, Store};
use crate::printer::service_log;

/// The name reported as the "instance" jobs run on, in the form of Hail's worker VMs
/// (`batch-worker-<namespace>-<pool>-<5 random characters>`, which users and Hail's own tests
/// match with `instance =~ batch-worker`): one per service start, as a Hail worker is one VM.
fn new_worker_name() -> String {
    // Hail's suffix: `secret_alnum_string(5, case='lower')`.
    let suffix = crate::random::string(crate::random::LOWER_ALNUM, 5);
    format!("batch-worker-default-standard-{suffix}")
}

/// How often `cancel_after_n_failures` is checked while jobs run (Hail: every 10 s).
const POLL_WHILE_RUNNING: Duration = Duration::from_millis(500);

/// How often the `cancel_after_n_failures` safety sweep runs.
const SWEEP_INTERVAL_MS: i64 = 2_000;

/// At most this many finished attempts are recorded in one transaction.
const RECORD_BATCH: usize = 512;

/// While other attempts still run, the recorder waits this long after the first report of a
/// group for more to arrive. A durable commit costs an fsync (milliseconds) and holds the
/// store's write lock meanwhile, which the next job start waits for; committing every few
/// milliseconds instead of back to back keeps that lock mostly free, for at most this much
/// extra delay before a completion is visible.
const RECORD_WINDOW: Duration = Duration::from_millis(8);

/// How many Ready jobs to fetch per round.
const START_BATCH: usize = 256;

struct RunningJob {
    attempt_id: String,
    cores_mcpu: i64,
    /// The attempt's processes are gone and its report is on the way to the recorder: its
    /// cores are free for the next job even though the store still says Running until the
    /// report is committed (that commit waits for an fsync, and the next start need not).
    finished: bool,
    cancel: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

/// The scheduler of one service.
pub(crate) struct Scheduler {
    store: Arc<Store>,
    config: ServiceConfig,
    runtime: Arc<JobRuntime>,
    wake: Notify,
    running: Mutex<HashMap<(i64, i64), RunningJob>>,
    stopping: AtomicBool,
    last_sweep_ms: AtomicI64,
    http: Option<reqwest::Client>,
    /// Finished attempts on their way to [`Scheduler::record`].
    reports: mpsc::UnboundedSender<Report>,
    /// The instance jobs report running on ([`new_worker_name`]).
    worker_name: String,
}

/// A finished attempt, to be recorded.
pub(crate) struct Report {
    batch_id: i64,
    job_id: i64,
    attempt_id: String,
    outcome: runner::Outcome,
}

impl Scheduler {
    /// The scheduler and the receiving end of its reports (give it to [`Scheduler::record`]).
    pub(crate) fn new(
        store: Arc<Store>,
        config: ServiceConfig,
        runtime: Arc<JobRuntime>,
    ) -> (Arc<Self>, mpsc::UnboundedReceiver<Report>) {
        let (reports, receiver) = mpsc::unbounded_channel();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .ok();
        let scheduler = Arc::new(Scheduler {
            store,
            config,
            runtime,
            wake: Notify::new(),
            running: Mutex::new(HashMap::new()),
            stopping: AtomicBool::new(false),
            last_sweep_ms: AtomicI64::new(0),
            http,
            reports,
            worker_name: new_worker_name(),
        });
        (scheduler, receiver)
    }

    fn running(&self) -> std::sync::MutexGuard<'_, HashMap<(i64, i64), RunningJob>> {
        // A panic while holding the lock cannot leave the map inconsistent (single inserts and
        // removes), so a poisoned lock is still usable.
        self.running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Asks the loop to look for work now.
    pub(crate) fn wake(&self) {
        self.wake.notify_one();
    }

    /// Retries the attempts that were running when the service last stopped.
    pub(crate) async fn recover(self: &Arc<Self>) -> Result<()> {
        // Scratch directories of attempts that died with the previous service: nothing runs
        // yet, and the data directory's lock says no other service uses them.
        let scratch = self.config.scratch_dir();
        let removed = tokio::task::spawn_blocking(move || remove_leftover_scratch(&scratch))
            .await
            .unwrap_or(0);
        if removed > 0 {
            service_log!("removed {removed} scratch directories left by the previous service");
        }
        let store = self.store.clone();
        let recovery = tokio::task::spawn_blocking(move || store.recover_after_restart(now_ms()))
            .await
            .context("recovery task failed")?
            .context("cannot recover jobs that were running")?;
        if !recovery.jobs.is_empty() {
            service_log!(
                "{} job(s) were running when the service stopped; they are retried",
                recovery.jobs.len()
            );
        }
        self.handle_completion(recovery.completion);
        Ok(())
    }

    /// Acts on what a store change reports: kills jobs to unschedule, sends callbacks, wakes.
    pub(crate) fn handle_completion(&self, completion: Completion) {
        {
            let running = self.running();
            for job in &completion.to_unschedule {
                if let Some(r) = running.get(&(job.batch_id, job.job_id))
                    && r.attempt_id == job.attempt_id
                {
                    let _ = r.cancel.send(true);
                }
            }
        }
        for batch in &completion.batches_completed {
            if let Some(url) = batch.batch.callback.clone() {
                self.send_callback(url, model::batch_callback(batch));
            }
        }
        for group in &completion.job_groups_completed {
            if group.job_group_id != 0
                && let Some(url) = group.callback.clone()
            {
                self.send_callback(url, model::job_group_status(group));
            }
        }
        self.wake();
    }

    /// One POST, 5 s timeout, no retry (Hail's delivery rule).
    fn send_callback(&self, url: String, body: impl serde::Serialize + Send + 'static) {
        let Some(client) = self.http.clone() else {
            return;
        };
        tokio::spawn(async move {
            match client.post(&url).json(&body).send().await {
                Ok(response) if response.status().is_success() => {}
                Ok(response) => service_log!(
                    "callback to {url} answered {}; not retried",
                    response.status()
                ),
                Err(e) => service_log!("callback to {url} failed: {e}; not retried"),
            }
        });
    }

    /// The scheduling loop; returns when the service stops.
    pub(crate) async fn run(self: Arc<Self>) {
        loop {
            if self.stopping.load(Ordering::SeqCst) {
                return;
            }
            if let Err(e) = self.round().await {
                service_log!("scheduler: {e:#}");
            }
            let busy = !self.running().is_empty();
            if busy {
                let _ = tokio::time::timeout(POLL_WHILE_RUNNING, self.wake.notified()).await;
            } else {
                self.wake.notified().await;
            }
        }
    }

    /// Cancels what must stop, then starts as many Ready jobs as fit.
    async fn round(self: &Arc<Self>) -> Result<()> {
        // The store applies `cancel_after_n_failures` when it records a failure; the sweep is
        // a safety net, so it runs at most once per interval rather than on every round.
        let now = now_ms();
        let mut sweep = now - self.last_sweep_ms.load(Ordering::Relaxed) >= SWEEP_INTERVAL_MS;
        if sweep {
            self.last_sweep_ms.store(now, Ordering::Relaxed);
        }
        let mut check_store = true;
        loop {
            let free = self.config.capacity_mcpu - self.cores_in_use();
            if free <= 0 && !check_store {
                return Ok(());
            }
            // Ask only for as many jobs as could fit (the smallest cpu request is 250 millicores):
            // reading and parsing hundreds of specs to start two jobs dominated the cost.
            let limit = if free > 0 {
                usize::try_from(free / 250)
                    .unwrap_or(1)
                    .clamp(1, START_BATCH)
            } else {
                0
            };
            let store = self.store.clone();
            let worker_name = self.worker_name.clone();
            // One hop to the blocking pool per round: the checks for jobs to kill and the
            // start of what fits (one transaction) together.
            let (completion, to_unschedule, started) = tokio::task::spawn_blocking(move || {
                let completion = if sweep {
                    store.apply_cancel_after_n_failures(now_ms())?
                } else {
                    Completion::default()
                };
                let unschedule = if check_store {
                    store.jobs_to_unschedule()?
                } else {
                    Vec::new()
                };
                let started = store.start_ready_jobs(free, limit, &worker_name, now_ms())?;
                Ok::<_, super::store::StoreError>((completion, unschedule, started))
            })
            .await??;
            sweep = false;
            check_store = false;
            if !completion.batches_completed.is_empty()
                || !completion.job_groups_completed.is_empty()
                || !completion.to_unschedule.is_empty()
            {
                self.handle_completion(completion);
            }
            {
                let running = self.running();
                for job in &to_unschedule {
                    if let Some(r) = running.get(&(job.batch_id, job.job_id))
                        && r.attempt_id == job.attempt_id
                    {
                        let _ = r.cancel.send(true);
                    }
                }
            }
            if started.is_empty() {
                return Ok(());
            }
            for (job, attempt_id) in started {
                self.spawn_attempt(job, attempt_id);
            }
        }
    }

    /// Cores (millicores) held by attempts whose processes still run.
    fn cores_in_use(&self) -> i64 {
        self.running()
            .values()
            .filter(|r| !r.finished)
            .map(|r| r.cores_mcpu)
            .sum()
    }

    /// Registers a started attempt and runs it on its own task.
    fn spawn_attempt(self: &Arc<Self>, job: ReadyJob, attempt_id: String) {
        let (cancel_tx, cancel_rx) = watch::channel(false);
        let key = (job.batch_id, job.job_id);
        self.running().insert(
            key,
            RunningJob {
                attempt_id: attempt_id.clone(),
                cores_mcpu: job.cores_mcpu,
                finished: false,
                cancel: cancel_tx,
                task: None,
            },
        );
        let this = self.clone();
        let task = tokio::spawn(async move {
            this.run_attempt(job, attempt_id, cancel_rx).await;
        });
        if let Some(entry) = self.running().get_mut(&key) {
            entry.task = Some(task);
        }
    }

    async fn run_attempt(
        self: Arc<Self>,
        job: ReadyJob,
        attempt_id: String,
        cancel: watch::Receiver<bool>,
    ) {
        let log_dir = self
            .config
            .attempt_log_dir(job.batch_id, job.job_id, &attempt_id);
        let scratch_dir = self
            .config
            .scratch_dir()
            .join(format!("{}-{}-{}", job.batch_id, job.job_id, attempt_id));
        let kept_log_dir = log_dir.clone();
        let region = job_region(&job.spec, self.config.default_region());
        // Until the attempt has ended: what its copy steps may read and write on the host.
        let _confined = confinement::confine(&scratch_dir, self.config.confinement(&job.user));
        let key = (job.batch_id, job.job_id);
        let (processes_done, mut done) = oneshot::channel();
        let outcome = {
            let run = runner::run_attempt(
                &self.runtime,
                Attempt {
                    batch_id: job.batch_id,
                    job_id: job.job_id,
                    job_group_id: job.job_group_id,
                    attempt_id: &attempt_id,
                    user: &job.user,
                    spec: &job.spec,
                    region: &region,
                    log_dir,
                    scratch_dir,
                    extra_env: Vec::new(),
                    worker_name: &self.worker_name,
                    processes_done: Some(processes_done),
                },
                cancel,
            );
            tokio::pin!(run);
            // The cores are free as soon as the job's processes are over: the next job can start
            // while this one's scratch directory is removed and its outcome recorded.
            tokio::select! {
                biased;
                outcome = &mut run => outcome,
                Ok(()) = &mut done => {
                    self.release_cores(key);
                    run.await
                }
            }
        };
        if self.stopping.load(Ordering::SeqCst) {
            return; // Recorded as interrupted at the next start.
        }
        self.release_cores(key);
        let cap = self.config.max_log_bytes;
        let _ =
            tokio::task::spawn_blocking(move || super::logs::cap_logs(&kept_log_dir, cap)).await;
        let report = Report {
            batch_id: job.batch_id,
            job_id: job.job_id,
            attempt_id,
            outcome,
        };
        if self.reports.send(report).is_err() {
            service_log!(
                "cannot record the end of job ({}, {}): the recorder stopped",
                job.batch_id,
                job.job_id
            );
        }
    }

    /// Marks an attempt's cores free (its report may still be on the way) and looks for work.
    fn release_cores(&self, key: (i64, i64)) {
        let released = match self.running().get_mut(&key) {
            Some(entry) if !entry.finished => {
                entry.finished = true;
                true
            }
            _ => false,
        };
        if released {
            self.wake();
        }
    }

    /// Records finished attempts, many per transaction: whatever has arrived since the last
    /// write is committed together, so short jobs do not each pay a durable commit.
    pub(crate) async fn record(self: Arc<Self>, mut reports: mpsc::UnboundedReceiver<Report>) {
        while let Some(first) = reports.recv().await {
            let mut group = vec![first];
            let others_running = self.running().values().any(|r| !r.finished);
            if others_running {
                tokio::time::sleep(RECORD_WINDOW).await;
            }
            while group.len() < RECORD_BATCH {
                match reports.try_recv() {
                    Ok(report) => group.push(report),
                    Err(_) => break,
                }
            }
            if self.stopping.load(Ordering::SeqCst) {
                return;
            }
            let keys: Vec<(i64, i64)> = group.iter().map(|r| (r.batch_id, r.job_id)).collect();
            let store = self.store.clone();
            let result = tokio::task::spawn_blocking(move || {
                let now = now_ms();
                let mut completed = Vec::new();
                let mut completion = Completion::default();
                for report in group {
                    if report.outcome.state == JobState::Cancelled {
                        completion.merge(store.unschedule_job(
                            report.batch_id,
                            report.job_id,
                            &report.attempt_id,
                            now,
                        )?);
                        continue;
                    }
                    completed.push((
                        report.batch_id,
                        report.job_id,
                        report.attempt_id,
                        JobResult {
                            state: report.outcome.state,
                            exit_code: report.outcome.exit_code,
                            status_json: Some(report.outcome.status),
                            start_ms: Some(report.outcome.start_ms),
                            end_ms: Some(report.outcome.end_ms),
                            reason: Some("completed".to_string()),
                        },
                    ));
                }
                completion.merge(store.complete_jobs(&completed, now)?);
                Ok::<_, super::store::StoreError>(completion)
            })
            .await;
            {
                let mut running = self.running();
                for key in &keys {
                    running.remove(key);
                }
            }
            match result {
                Ok(Ok(completion)) => self.handle_completion(completion),
                Ok(Err(e)) => {
                    service_log!("cannot record the end of {} job(s): {e}", keys.len());
                    self.wake();
                }
                Err(e) => {
                    service_log!("cannot record the end of {} job(s): {e}", keys.len());
                    self.wake();
                }
            }
        }
    }

    /// Stops the loop and kills running attempts without recording them.
    pub(crate) async fn shutdown(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.wake();
        let tasks: Vec<JoinHandle<()>> = self
            .running()
            .values_mut()
            .filter_map(|r| r.task.take())
            .collect();
        for task in tasks {
            // Dropping the runner's future kills the job's process group.
            task.abort();
            let _ = task.await;
        }
    }
}

/// The region a job runs in: its first allowed region, else the service's default.
fn job_region(spec: &Value, default: &str) -> String {
    spec.get("regions")
        .and_then(Value::as_array)
        .and_then(|r| r.first())
        .and_then(Value::as_str)
        .unwrap_or(default)
        .to_string()
}

/// Removes every entry of the scratch directory; returns how many there were.
fn remove_leftover_scratch(scratch: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(scratch) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let gone = if entry.file_type().is_ok_and(|t| t.is_dir()) {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        match gone {
            Ok(()) => removed += 1,
            Err(e) => service_log!("cannot remove {}: {e}", path.display()),
        }
    }
    removed
}
