//! Inputs and rows of the store API: plain data, with the few fields every reader derives
//! (`complete`, `closed`, durations, the reported state through the API's one rule).

use serde_json::Value;

use super::StoreError;

/// The API's states, counters and attributes, so that the store and the documents cannot
/// disagree on them.
pub(crate) use crate::server::api::types::{
    Attributes, BillingProjectStatus, InternalState, JobCounts, JobState, ReportedState,
    reported_state,
};

/// Reads a stored job state name.
pub(crate) fn parse_job_state(s: &str) -> Result<JobState, StoreError> {
    s.parse().map_err(StoreError::Internal)
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// A validated batch spec (`batch-api.md` §3.2).
#[derive(Debug, Clone, Default)]
pub(crate) struct NewBatch {
    /// Idempotency key, unique per user.
    pub token: String,
    /// Billing project, compared case-sensitively.
    pub billing_project: String,
    /// Batch attributes; empty when none.
    pub attributes: Attributes,
    /// URL POSTed the batch status when the batch completes.
    pub callback: Option<String>,
    /// Cancel the batch after this many failed jobs.
    pub cancel_after_n_failures: Option<i64>,
}

/// A validated update spec (`batch-api.md` §3.3). `create-fast` uses the batch token.
#[derive(Debug, Clone, Default)]
pub(crate) struct NewUpdate {
    /// Idempotency key, unique per batch.
    pub token: String,
    /// Jobs the update will contain (ids reserved at creation).
    pub n_jobs: i64,
    /// Job groups the update will contain (ids reserved at creation).
    pub n_job_groups: i64,
}

/// A job group to insert, with ids already translated to absolute ones (`api::spec`).
#[derive(Debug, Clone, Default)]
pub(crate) struct NewJobGroup {
    /// Absolute id, inside the update's reserved range.
    pub job_group_id: i64,
    /// Absolute id of the parent group (0 = root).
    pub parent_id: i64,
    /// Group attributes; empty when none.
    pub attributes: Attributes,
    /// URL POSTed the group status when the group completes.
    pub callback: Option<String>,
    /// Cancel the group's subtree after this many failed jobs in it.
    pub cancel_after_n_failures: Option<i64>,
}

/// A job to insert, with ids already translated to absolute ones (`api::spec`).
#[derive(Debug, Clone, Default)]
pub(crate) struct NewJob {
    /// Absolute id, inside the update's reserved range.
    pub job_id: i64,
    /// Absolute id of its job group (0 = root).
    pub job_group_id: i64,
    /// Absolute ids of its parents: earlier committed jobs, or lower ids of the same update.
    pub parent_ids: Vec<i64>,
    /// Run even when parents did not succeed or the group is cancelled.
    pub always_run: bool,
    /// Attempts allowed before the job errors with `job has too many prior attempts` (≥ 1).
    pub n_max_attempts: i64,
    /// CPU request in millicores (scheduling).
    pub cores_mcpu: i64,
    /// Job attributes. The store keeps `name` in `jobs.name` only (for listings and queries,
    /// see migration 3).
    pub attributes: Attributes,
    /// The spec as stored and returned by `GET job` (`batch-api.md` §3.9), as compact JSON
    /// text: serialised once, before the write transaction.
    pub spec: String,
}

/// The outcome of an attempt, reported by the job runner.
#[derive(Debug, Clone)]
pub(crate) struct JobResult {
    /// `Success`, `Failed`, `Error` (or `Cancelled` if the runner itself cancelled it).
    pub state: JobState,
    /// Exit code derived from the status (`batch-api.md` §5.3), `None` when undefined.
    pub exit_code: Option<i64>,
    /// The job status document (`batch-api.md` §5.5).
    pub status_json: Option<Value>,
    /// Attempt start (epoch ms) as measured by the runner; keeps the stored one when `None`.
    pub start_ms: Option<i64>,
    /// Attempt end (epoch ms); `now` when `None`.
    pub end_ms: Option<i64>,
    /// Attempt end reason; `completed` when `None`.
    pub reason: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

/// Ids reserved by an update (`batch-api.md` §4.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UpdateIds {
    /// 1, 2, … per batch.
    pub update_id: i64,
    /// First absolute job id of the update.
    pub start_job_id: i64,
    /// First absolute job-group id of the update.
    pub start_job_group_id: i64,
}

/// The tests' shorthand for the API's id translation (`api::spec::absolute_id`).
#[cfg(test)]
impl UpdateIds {
    /// Absolute job id of in-update job id `rel`.
    pub(crate) fn job_id(&self, rel: i64) -> i64 {
        crate::server::api::spec::absolute_id(self.start_job_id, rel)
    }

    /// Absolute job-group id of in-update group id `rel`.
    pub(crate) fn job_group_id(&self, rel: i64) -> i64 {
        crate::server::api::spec::absolute_id(self.start_job_group_id, rel)
    }
}

/// An update as stored.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UpdateRow {
    /// Batch id.
    pub batch_id: i64,
    /// Reserved ids.
    pub ids: UpdateIds,
    /// Idempotency token.
    pub token: String,
    /// Declared number of jobs.
    pub n_jobs: i64,
    /// Declared number of job groups.
    pub n_job_groups: i64,
    /// Whether it has been committed.
    pub committed: bool,
    /// Epoch ms.
    pub time_created: i64,
    /// Epoch ms, `None` until committed.
    pub time_committed: Option<i64>,
}

/// Result of a commit and of the fast paths.
#[derive(Debug, Clone, Default)]
pub(crate) struct Committed {
    /// The batch (useful for `create_fast`).
    pub batch_id: i64,
    /// The committed update; `None` when `create_fast` got an update with nothing in it.
    pub update: Option<UpdateIds>,
    /// Callbacks and unscheduling caused by the commit (jobs whose parents had already failed
    /// are cancelled at once, which may complete the batch).
    pub completion: Completion,
}

impl Committed {
    /// `start_job_id` of the committed update (1 when there was no update).
    pub(crate) fn start_job_id(&self) -> i64 {
        self.update.map_or(1, |u| u.start_job_id)
    }

    /// `start_job_group_id` of the committed update (1 when there was no update).
    pub(crate) fn start_job_group_id(&self) -> i64 {
        self.update.map_or(1, |u| u.start_job_group_id)
    }
}

/// A running job that must be stopped because its group, an ancestor group or the batch was
/// cancelled. The caller kills it and then calls [`super::Store::unschedule_job`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct UnscheduleJob {
    /// Batch id.
    pub batch_id: i64,
    /// Job id.
    pub job_id: i64,
    /// Current attempt.
    pub attempt_id: String,
}

/// Side effects a state change produced that the caller must act on.
#[derive(Debug, Clone, Default)]
pub(crate) struct Completion {
    /// Whether the call changed anything (false: a stale or duplicate report, ignored).
    pub accepted: bool,
    /// Batches that became complete (fire their `callback`, if any). Never deleted batches.
    pub batches_completed: Vec<CompletedBatch>,
    /// Non-root job groups that became complete (fire their `callback`, if any), innermost
    /// first. Never groups of deleted batches.
    pub job_groups_completed: Vec<JobGroupRow>,
    /// Running jobs to kill, then report with [`super::Store::unschedule_job`].
    pub to_unschedule: Vec<UnscheduleJob>,
}

impl Completion {
    /// Appends `other`'s effects (for callers batching several calls).
    pub(crate) fn merge(&mut self, other: Completion) {
        self.accepted |= other.accepted;
        self.batches_completed.extend(other.batches_completed);
        self.job_groups_completed.extend(other.job_groups_completed);
        self.to_unschedule.extend(other.to_unschedule);
    }
}

/// A batch that just completed, with what its callback body needs.
#[derive(Debug, Clone)]
pub(crate) struct CompletedBatch {
    /// The batch status.
    pub batch: BatchRow,
    /// Whether *any* group of the batch is cancelled: the callback body's state rule uses this
    /// instead of the root marker (`batch-semantics.md` §9).
    pub any_group_cancelled: bool,
}

impl CompletedBatch {
    /// Reported state for the callback body (§9: any cancelled group counts).
    pub(crate) fn callback_state(&self) -> ReportedState {
        reported_state(
            self.batch.state,
            self.batch.cancelled || self.any_group_cancelled,
            &self.batch.counts,
        )
    }
}

/// A batch with its root group's counters: everything `batch-api.md` §5.1 renders.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BatchRow {
    /// Batch id.
    pub id: i64,
    /// Creator.
    pub user: String,
    /// Billing project.
    pub billing_project: String,
    /// Batch token.
    pub token: String,
    /// Internal state.
    pub state: InternalState,
    /// Root group explicitly cancelled (batch cancel/delete, batch-level fail-fast, budget).
    pub cancelled: bool,
    /// Batch attributes; empty when none.
    pub attributes: Attributes,
    /// Callback URL.
    pub callback: Option<String>,
    /// Root group's threshold.
    pub cancel_after_n_failures: Option<i64>,
    /// The root group's (recursive) counters: the batch's jobs of committed updates.
    pub counts: JobCounts,
    /// Epoch ms.
    pub time_created: i64,
    /// Epoch ms of the last completion; `None` while running.
    pub time_completed: Option<i64>,
    /// Updates created (committed or not).
    pub n_updates: i64,
}

impl BatchRow {
    /// Reported `state` (`batch-semantics.md` §3.1).
    pub(crate) fn reported_state(&self) -> ReportedState {
        reported_state(self.state, self.cancelled, &self.counts)
    }

    /// `complete`: every committed job is terminal.
    pub(crate) fn complete(&self) -> bool {
        self.state == InternalState::Complete
    }

    /// `closed`: internal state is not `open` (always true for current batches).
    pub(crate) fn closed(&self) -> bool {
        self.state != InternalState::Open
    }

    /// `duration_ms`: `time_completed − time_created` once complete.
    pub(crate) fn duration_ms(&self) -> Option<i64> {
        completed_after(self.time_created, self.time_completed)
    }
}

/// The duration of a batch or job group: from creation to completion.
fn completed_after(time_created: i64, time_completed: Option<i64>) -> Option<i64> {
    time_completed.map(|t| t.saturating_sub(time_created))
}

/// A job group: everything `batch-api.md` §5.2 renders.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct JobGroupRow {
    /// Batch id.
    pub batch_id: i64,
    /// Group id (0 = root).
    pub job_group_id: i64,
    /// Parent group; `None` for the root.
    pub parent_id: Option<i64>,
    /// Update that created it (0 for the root).
    pub update_id: i64,
    /// Internal state (`Running` or `Complete`).
    pub state: InternalState,
    /// This group is explicitly cancelled.
    pub cancelled: bool,
    /// This group or an ancestor is cancelled (what the reported state uses).
    pub effectively_cancelled: bool,
    /// Attributes; empty when none (the root carries the batch's).
    pub attributes: Attributes,
    /// Callback URL (for the root: the batch callback).
    pub callback: Option<String>,
    /// Fail-fast threshold.
    pub cancel_after_n_failures: Option<i64>,
    /// Counters of the committed jobs of the group and its descendants.
    pub counts: JobCounts,
    /// Epoch ms.
    pub time_created: i64,
    /// Epoch ms; `None` while running.
    pub time_completed: Option<i64>,
}

impl JobGroupRow {
    /// Reported `state` (`batch-semantics.md` §3.5).
    pub(crate) fn reported_state(&self) -> ReportedState {
        reported_state(self.state, self.effectively_cancelled, &self.counts)
    }

    /// `complete`: every job of the group and its descendants is terminal.
    pub(crate) fn complete(&self) -> bool {
        self.state == InternalState::Complete
    }

    /// `duration` (integer ms for groups).
    pub(crate) fn duration_ms(&self) -> Option<i64> {
        completed_after(self.time_created, self.time_completed)
    }
}

/// A job as listed (`batch-api.md` §5.3) plus internal fields.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct JobRow {
    /// Batch id.
    pub batch_id: i64,
    /// Absolute job id.
    pub job_id: i64,
    /// Absolute group id.
    pub job_group_id: i64,
    /// Update that created it.
    pub update_id: i64,
    /// The `name` attribute.
    pub name: Option<String>,
    /// Batch creator.
    pub user: String,
    /// Batch billing project.
    pub billing_project: String,
    /// State.
    pub state: JobState,
    /// Exit code stored at completion.
    pub exit_code: Option<i64>,
    /// `always_run`.
    pub always_run: bool,
    /// `n_max_attempts`.
    pub n_max_attempts: i64,
    /// CPU request in millicores.
    pub cores_mcpu: i64,
    /// Sticky flag: a parent did not succeed.
    pub cancelled: bool,
    /// Parents not yet terminal.
    pub n_pending_parents: i64,
    /// Current (latest) attempt.
    pub attempt_id: Option<String>,
    /// Start of the current attempt (epoch ms).
    pub start_time: Option<i64>,
    /// End of the current attempt (epoch ms): the job's `end_time`.
    pub end_time: Option<i64>,
    /// `status.end_time − status.start_time` of the final status; `None` without a worker
    /// result.
    pub duration_ms: Option<i64>,
    /// Instance collection (`inst_coll`).
    pub inst_coll: String,
    /// When it last became Ready (epoch ms).
    pub time_ready: Option<i64>,
}

/// A single job (`batch-api.md` §5.4).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct JobDetail {
    /// The list fields.
    pub job: JobRow,
    /// Stored spec.
    pub spec: Value,
    /// Status document of the latest attempt; `None` before any finished attempt.
    pub status: Option<Value>,
    /// Attributes in insertion order (empty when none).
    pub attributes: Attributes,
}

/// An attempt (`batch-api.md` §5.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AttemptRow {
    /// Batch id.
    pub batch_id: i64,
    /// Job id.
    pub job_id: i64,
    /// 6 alphanumeric characters.
    pub attempt_id: String,
    /// Where it ran.
    pub instance_name: Option<String>,
    /// Epoch ms.
    pub start_time: Option<i64>,
    /// Epoch ms; `None` while running.
    pub end_time: Option<i64>,
    /// Why it ended; `None` while running.
    pub reason: Option<String>,
}

/// A job the scheduler may start now.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReadyJob {
    /// Batch id.
    pub batch_id: i64,
    /// Job id.
    pub job_id: i64,
    /// Group id.
    pub job_group_id: i64,
    /// CPU request in millicores.
    pub cores_mcpu: i64,
    /// Stored spec.
    pub spec: Value,
    /// Batch creator.
    pub user: String,
    /// Batch billing project.
    pub billing_project: String,
    /// `always_run`.
    pub always_run: bool,
    /// 1-based number of the attempt about to start.
    pub attempt_number: i64,
}

/// What recovery did to one job that was running when the service stopped.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RecoveredJob {
    /// Batch id.
    pub batch_id: i64,
    /// Job id.
    pub job_id: i64,
    /// The attempt that was ended with reason `terminated`.
    pub attempt_id: Option<String>,
    /// `Ready` (will be retried), `Error` (attempts exhausted) or `Cancelled`.
    pub new_state: JobState,
}

/// Result of [`super::Store::recover_after_restart`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Recovery {
    /// Jobs that were `Running`/`Creating`.
    pub jobs: Vec<RecoveredJob>,
    /// Callbacks and unscheduling caused by recovery.
    pub completion: Completion,
}

/// A billing project (`batch-api.md` §5.9).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BillingProjectRow {
    /// Name, case preserved.
    pub name: String,
    /// `open` or `closed` (deleted ones are never returned).
    pub status: BillingProjectStatus,
    /// Members, sorted.
    pub users: Vec<String>,
    /// Spending limit in USD.
    pub limit: Option<f64>,
    /// Always 0 locally (no costs accrue).
    pub accrued_cost: f64,
}
