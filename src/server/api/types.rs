//! Response documents of the Batch API (`batch-api.md` §2, §5), serializing with Hail's exact
//! key order (struct field order) and presence rules: `Option` fields serialize as `null`
//! unless the reference says the key is *absent*, in which case they are skipped.
//!
//! Besides the documents this module owns Hail's rules about them, each written once:
//! - the states: [`JobState`], the stored [`InternalState`] of batches and job groups, and the
//!   [`ReportedState`] derived from it by [`reported_state`] (§5.1, §5.2);
//! - the job `status` document's own rules (§5.3, §5.5): its versions, the job's
//!   [`exit_code`] and [`job_duration_ms`], and the status the scheduler writes when it errors a
//!   job without running it ([`scheduler_error_status`]).
//!
//! Filling a document from the store's rows is `server::model`'s job.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

use indexmap::IndexMap;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Value, json};

/// A string-keyed map that keeps insertion order, serialized as a JSON object in that order.
/// (`indexmap` is built without its serde feature, hence this wrapper.) Derefs to the
/// [`IndexMap`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderedMap<T>(pub IndexMap<String, T>);

impl<T> Default for OrderedMap<T> {
    fn default() -> Self {
        OrderedMap(IndexMap::new())
    }
}

impl<T> OrderedMap<T> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }
}

impl<T> Deref for OrderedMap<T> {
    type Target = IndexMap<String, T>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<T> DerefMut for OrderedMap<T> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl<T> FromIterator<(String, T)> for OrderedMap<T> {
    fn from_iter<I: IntoIterator<Item = (String, T)>>(iter: I) -> Self {
        OrderedMap(iter.into_iter().collect())
    }
}

impl<T> From<IndexMap<String, T>> for OrderedMap<T> {
    fn from(m: IndexMap<String, T>) -> Self {
        OrderedMap(m)
    }
}

impl<'a, T> IntoIterator for &'a OrderedMap<T> {
    type Item = (&'a String, &'a T);
    type IntoIter = indexmap::map::Iter<'a, String, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T> IntoIterator for OrderedMap<T> {
    type Item = (String, T);
    type IntoIter = indexmap::map::IntoIter<String, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<T: Serialize> Serialize for OrderedMap<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OrderedMap<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for MapVisitor<T> {
            type Value = OrderedMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut m = IndexMap::with_capacity(access.size_hint().unwrap_or(0));
                while let Some((k, v)) = access.next_entry::<String, T>()? {
                    m.insert(k, v);
                }
                Ok(OrderedMap(m))
            }
        }
        d.deserialize_map(MapVisitor(PhantomData))
    }
}

/// Attributes of a batch, job group or job: string keys to string values, in request order.
pub type Attributes = OrderedMap<String>;

/// Costs are JSON numbers; when nothing was billed Hail sends the integer `0`, not `0.0`.
mod cost_number {
    use serde::Serializer;

    pub(super) fn serialize<S: Serializer>(cost: &f64, s: S) -> Result<S::Ok, S::Error> {
        if *cost == 0.0 {
            s.serialize_i64(0)
        } else {
            s.serialize_f64(*cost)
        }
    }
}

fn none_or_empty(attrs: &Option<Attributes>) -> bool {
    attrs.as_ref().is_none_or(|a| a.is_empty())
}

/// `attributes` of a document: absent when there are none.
pub(crate) fn non_empty(attrs: &Attributes) -> Option<Attributes> {
    (!attrs.is_empty()).then(|| attrs.clone())
}

// ---------------------------------------------------------------------------------------------
// States

/// A job state, with the API's capitalised names (also its stored spelling).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub(crate) enum JobState {
    /// Waiting for parents.
    Pending,
    /// Runnable, waiting for capacity.
    Ready,
    /// Its job-private VM is being created.
    Creating,
    /// Running on a worker.
    Running,
    /// Finished with exit code 0 everywhere.
    Success,
    /// A container exited non-zero.
    Failed,
    /// The system failed to run it.
    Error,
    /// Cancelled.
    Cancelled,
}

impl JobState {
    /// Every state, in lifecycle order.
    pub(crate) const ALL: [JobState; 8] = [
        JobState::Pending,
        JobState::Ready,
        JobState::Creating,
        JobState::Running,
        JobState::Success,
        JobState::Failed,
        JobState::Error,
        JobState::Cancelled,
    ];

    /// The API name (`Pending`, …).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            JobState::Pending => "Pending",
            JobState::Ready => "Ready",
            JobState::Creating => "Creating",
            JobState::Running => "Running",
            JobState::Success => "Success",
            JobState::Failed => "Failed",
            JobState::Error => "Error",
            JobState::Cancelled => "Cancelled",
        }
    }

    /// Success, Failed, Error and Cancelled are terminal (`Job.wait()` stops on them).
    pub(crate) fn is_terminal(self) -> bool {
        matches!(
            self,
            JobState::Success | JobState::Failed | JobState::Error | JobState::Cancelled
        )
    }
}

impl std::fmt::Display for JobState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for JobState {
    type Err = String;

    /// Parses the exact capitalised API name.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        JobState::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| format!("unknown job state {s:?}"))
    }
}

/// The stored (internal) state of a batch or job group (`batch-semantics.md` §3.1). Job groups
/// are only ever `Running` or `Complete`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum InternalState {
    /// Legacy; never produced by current code.
    Open,
    /// Some committed job is not terminal.
    Running,
    /// Every committed job is terminal (including none).
    Complete,
}

impl InternalState {
    /// The stored spelling (`open`, `running`, `complete`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            InternalState::Open => "open",
            InternalState::Running => "running",
            InternalState::Complete => "complete",
        }
    }
}

impl std::str::FromStr for InternalState {
    type Err = String;

    /// Parses the stored spelling.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            InternalState::Open,
            InternalState::Running,
            InternalState::Complete,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
        .ok_or_else(|| format!("unknown batch state {s:?}"))
    }
}

/// The reported `state` of a batch or job group (job groups never report `open`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ReportedState {
    /// Legacy internal state `open`.
    Open,
    /// Some job failed or errored (even while others still run).
    Failure,
    /// Cancelled, or some job was cancelled.
    Cancelled,
    /// Complete without failures or cancellations.
    Success,
    /// Otherwise.
    Running,
}

impl ReportedState {
    /// The API name (`open`, `failure`, …).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ReportedState::Open => "open",
            ReportedState::Failure => "failure",
            ReportedState::Cancelled => "cancelled",
            ReportedState::Success => "success",
            ReportedState::Running => "running",
        }
    }
}

impl std::fmt::Display for ReportedState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The recursive job counters of a batch or job group (§3.2 of the semantics), in the
/// documents' key order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct JobCounts {
    /// Jobs of committed updates.
    pub n_jobs: i64,
    /// Jobs in a terminal state.
    pub n_completed: i64,
    /// Jobs in `Success`.
    pub n_succeeded: i64,
    /// Jobs in `Failed` or `Error`.
    pub n_failed: i64,
    /// Jobs in `Cancelled`.
    pub n_cancelled: i64,
}

/// The reported `state` of a batch or job group (`batch-semantics.md` §3.1, §3.5), first
/// matching rule: `open`, `failure` (`n_failed > 0`), `cancelled` (`cancelled`, or
/// `n_cancelled > 0`), `success` (internal complete), `running`.
///
/// `cancelled` is the root group's marker for a batch, the group's or an ancestor's for a job
/// group, and whether any group of the batch is cancelled for a batch's callback (§9).
pub(crate) fn reported_state(
    internal: InternalState,
    cancelled: bool,
    counts: &JobCounts,
) -> ReportedState {
    if internal == InternalState::Open {
        ReportedState::Open
    } else if counts.n_failed > 0 {
        ReportedState::Failure
    } else if cancelled || counts.n_cancelled > 0 {
        ReportedState::Cancelled
    } else if internal == InternalState::Complete {
        ReportedState::Success
    } else {
        ReportedState::Running
    }
}

// ---------------------------------------------------------------------------------------------
// Batches and job groups

/// One element of `cost_breakdown`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct CostBreakdownEntry {
    /// Versioned product name, e.g. `compute/n1-preemptible/us-central1/1`.
    pub resource: String,
    /// Dollars.
    pub cost: f64,
}

/// Batch status (§5.1): `GET batch`, batch listings, batch callbacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct BatchStatus {
    /// Batch id.
    pub id: i64,
    /// Creator.
    pub user: String,
    /// Billing project.
    pub billing_project: String,
    /// Batch token.
    pub token: String,
    /// Reported state ([`reported_state`]).
    pub state: ReportedState,
    /// All committed jobs are terminal; clients wait on this.
    pub complete: bool,
    /// Internal state is not `open` (always true for current batches).
    pub closed: bool,
    /// `n_jobs` (of committed updates), `n_completed`, `n_succeeded`, `n_failed`, `n_cancelled`.
    #[serde(flatten)]
    pub counts: JobCounts,
    /// Creation time (§1.4 format).
    pub time_created: String,
    /// Legacy, `null`.
    pub time_closed: Option<String>,
    /// Completion time, `null` while running.
    pub time_completed: Option<String>,
    /// `time_completed − time_created`.
    pub duration_ms: Option<i64>,
    /// `duration_ms` humanized.
    pub duration: Option<String>,
    /// Legacy millicore-milliseconds (0 for current batches).
    pub msec_mcpu: i64,
    /// Total cost (`0` if nothing billed).
    #[serde(serialize_with = "cost_number::serialize")]
    pub cost: f64,
    /// Per-resource costs, `null` if nothing billed.
    pub cost_breakdown: Option<Vec<CostBreakdownEntry>>,
    /// Attributes; absent when none.
    #[serde(skip_serializing_if = "none_or_empty")]
    pub attributes: Option<Attributes>,
}

/// Job group status (§5.2): `GET job group`, child listings, job group callbacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct JobGroupStatus {
    /// Batch id.
    pub batch_id: i64,
    /// Job group id (0 = root).
    pub job_group_id: i64,
    /// Reported state ([`reported_state`]).
    pub state: ReportedState,
    /// All jobs of the group and its descendants are terminal.
    pub complete: bool,
    /// The recursive counters (`n_jobs`, `n_completed`, …).
    #[serde(flatten)]
    pub counts: JobCounts,
    /// Creation time.
    pub time_created: String,
    /// Completion time.
    pub time_completed: Option<String>,
    /// Integer milliseconds (not humanized).
    pub duration: Option<i64>,
    /// Cost (`0` if nothing billed).
    #[serde(serialize_with = "cost_number::serialize")]
    pub cost: f64,
    /// Per-resource costs.
    pub cost_breakdown: Option<Vec<CostBreakdownEntry>>,
    /// Attributes; absent when none.
    #[serde(skip_serializing_if = "none_or_empty")]
    pub attributes: Option<Attributes>,
}

// ---------------------------------------------------------------------------------------------
// Jobs

/// Job list entry (§5.3).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct JobListEntry {
    /// Batch id.
    pub batch_id: i64,
    /// Absolute job id.
    pub job_id: i64,
    /// The `name` attribute.
    pub name: Option<String>,
    /// Batch creator.
    pub user: String,
    /// Billing project.
    pub billing_project: String,
    /// Job state.
    pub state: JobState,
    /// Derived by [`exit_code`].
    pub exit_code: Option<i64>,
    /// End of the current/latest attempt.
    pub end_time: Option<String>,
    /// Milliseconds, [`job_duration_ms`].
    pub duration: Option<i64>,
    /// Cost (`0` if nothing billed).
    #[serde(serialize_with = "cost_number::serialize")]
    pub cost: f64,
    /// Legacy counter.
    pub msec_mcpu: i64,
    /// Per-resource costs.
    pub cost_breakdown: Option<Vec<CostBreakdownEntry>>,
    /// `always_run`.
    pub always_run: bool,
    /// Always `null` in the API.
    pub display_state: Option<String>,
}

/// A single job (§5.4): the list entry keys, then `status`, `spec`, `inst_coll`, `attributes`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Job {
    /// The §5.3 keys.
    #[serde(flatten)]
    pub entry: JobListEntry,
    /// The status document (§5.5); `null` before the first attempt.
    pub status: Option<Value>,
    /// The stored spec (§3.9).
    pub spec: Option<Value>,
    /// Instance collection.
    pub inst_coll: Option<String>,
    /// Attributes; absent when none.
    #[serde(skip_serializing_if = "none_or_empty")]
    pub attributes: Option<Attributes>,
}

// ---------------------------------------------------------------------------------------------
// The job status document (§5.5)

/// `version` of job status documents.
pub(crate) const STATUS_VERSION: i64 = 5;
/// `format_version` of job status documents (the batch format version).
pub(crate) const FORMAT_VERSION: i64 = 7;
/// The exit code the reference treats as "out of memory" (any SIGKILL: 128 + 9).
pub(crate) const OOM_EXIT_CODE: i64 = 137;

/// The containers whose exit codes count, in order.
const EXIT_CODE_CONTAINERS: [&str; 3] = ["input", "main", "output"];

/// The job's `exit_code` (§5.3, `batch-semantics.md` §6.13), as Hail's client helper
/// `Job.exit_code` derives it and as the service stores it: `None` without a status, with a
/// top-level `error`, or without container statuses (an empty object included); otherwise, over
/// the containers present among `input`, `main`, `output` in that order, where a container's
/// code is `None` if it has an `error` or no `container_status.exit_code`: `None` at the first
/// missing code, the first code > 0, or 0 if all are 0.
pub(crate) fn exit_code(status: Option<&Value>) -> Option<i64> {
    let status = status?;
    if status.get("error").is_some_and(|e| !e.is_null()) {
        return None;
    }
    let containers = status
        .get("container_statuses")?
        .as_object()
        .filter(|c| !c.is_empty())?;
    for name in EXIT_CODE_CONTAINERS {
        let Some(container) = containers.get(name) else {
            continue;
        };
        let code = if container.get("error").is_some_and(|e| !e.is_null()) {
            None
        } else {
            container
                .get("container_status")
                .and_then(|s| s.get("exit_code"))
                .and_then(Value::as_i64)
        };
        match code {
            None => return None,
            Some(c) if c > 0 => return Some(c),
            Some(_) => {}
        }
    }
    Some(0)
}

/// The job's `duration` in ms: `status.end_time − status.start_time` when both are integers.
pub(crate) fn job_duration_ms(status: Option<&Value>) -> Option<i64> {
    let status = status?;
    let start = status.get("start_time")?.as_i64()?;
    let end = status.get("end_time")?.as_i64()?;
    end.checked_sub(start)
}

/// The status document the scheduler writes when it errors a job without a worker (§5.5), e.g.
/// with `job has too many prior attempts`.
pub(crate) fn scheduler_error_status(
    batch_id: i64,
    job_id: i64,
    job_group_id: i64,
    attempt_id: &str,
    user: &str,
    error: &str,
) -> Value {
    json!({
        "version": STATUS_VERSION,
        "worker": null,
        "batch_id": batch_id,
        "job_id": job_id,
        "job_group_id": job_group_id,
        "attempt_id": attempt_id,
        "user": user,
        "state": "error",
        "error": error,
        "container_statuses": {"input": null, "main": null, "output": null},
    })
}

// ---------------------------------------------------------------------------------------------
// Attempts

/// One attempt (§5.6), with its "only if started / ended" keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Attempt {
    /// Batch id.
    pub batch_id: i64,
    /// Job id.
    pub job_id: i64,
    /// Six alphanumerics.
    pub attempt_id: String,
    /// Worker VM.
    pub instance_name: Option<String>,
    /// Only if started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// Epoch ms billed up to.
    pub rollup_time: Option<i64>,
    /// Only if ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// Why it ended; `null` while running.
    pub reason: Option<String>,
    /// Only if started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time_ms: Option<i64>,
    /// Only if ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time_ms: Option<i64>,
    /// Only if started; humanized, to "now" while running.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Only if started; never negative.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<i64>,
}

// ---------------------------------------------------------------------------------------------
// Billing

/// `open` or `closed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum BillingProjectStatus {
    /// Open.
    Open,
    /// Closed.
    Closed,
}

impl BillingProjectStatus {
    /// The API name, also the stored one (`open`, `closed`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            BillingProjectStatus::Open => "open",
            BillingProjectStatus::Closed => "closed",
        }
    }
}

impl std::str::FromStr for BillingProjectStatus {
    type Err = String;

    /// Parses the API name.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "open" => Ok(BillingProjectStatus::Open),
            "closed" => Ok(BillingProjectStatus::Closed),
            other => Err(format!("unknown billing project status {other:?}")),
        }
    }
}

/// Billing project (§5.9).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct BillingProject {
    /// Name, case preserved.
    pub billing_project: String,
    /// Status.
    pub status: BillingProjectStatus,
    /// Member user names.
    pub users: Vec<String>,
    /// Spending limit in USD, `null` = unlimited.
    pub limit: Option<f64>,
    /// Total spent (`0` if nothing).
    #[serde(serialize_with = "cost_number::serialize")]
    pub accrued_cost: f64,
}

/// Response of the billing-project user add/remove endpoints (§2.29).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct BillingProjectUser {
    /// Billing project.
    pub billing_project: String,
    /// User.
    pub user: String,
}

/// Response of `billing_limits/{bp}/edit`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct BillingLimit {
    /// Billing project.
    pub billing_project: String,
    /// The new limit, `null` = unlimited.
    pub limit: Option<f64>,
}

// ---------------------------------------------------------------------------------------------
// Submission responses (§2.8–2.15)

/// `POST /batches/create`; the last three are `null` for an empty batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct CreateBatchResponse {
    /// Batch id.
    pub id: i64,
    /// Update 1, or `null` when `n_jobs == n_job_groups == 0`.
    pub update_id: Option<i64>,
    /// Start job group id of update 1.
    pub start_job_group_id: Option<i64>,
    /// Start job id of update 1.
    pub start_job_id: Option<i64>,
}

/// `POST /batches/create-fast` (no `update_id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct CreateFastResponse {
    /// Batch id.
    pub id: i64,
    /// Must be 1 for a new batch.
    pub start_job_group_id: i64,
    /// Must be 1 for a new batch.
    pub start_job_id: i64,
}

/// `POST /batches/{id}/update-fast`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct UpdateFastResponse {
    /// Update id.
    pub update_id: i64,
    /// Start job id.
    pub start_job_id: i64,
    /// Start job group id.
    pub start_job_group_id: i64,
}

/// `POST /batches/{id}/updates/create`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct CreateUpdateResponse {
    /// Update id.
    pub update_id: i64,
    /// Start job group id.
    pub start_job_group_id: i64,
    /// Start job id.
    pub start_job_id: i64,
}

/// `PATCH /batches/{id}/updates/{u}/commit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct CommitResponse {
    /// Start job id.
    pub start_job_id: i64,
    /// Start job group id.
    pub start_job_group_id: i64,
}

// ---------------------------------------------------------------------------------------------
// Pages (§1.9): the store decides the page and its cursor.

/// A page of batches; `last_batch_id` only when more batches exist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct BatchListPage {
    /// Batches, id descending.
    pub batches: Vec<BatchStatus>,
    /// Cursor for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_batch_id: Option<i64>,
}

/// A page of jobs; `last_job_id` whenever the page holds exactly 50 jobs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct JobListPage {
    /// Jobs, id ascending.
    pub jobs: Vec<JobListEntry>,
    /// Cursor for the next page (may lead to an empty last page, as in Hail).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_job_id: Option<i64>,
}

/// A page of child job groups; `last_job_group_id` only when more exist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct JobGroupListPage {
    /// Groups, id ascending.
    pub job_groups: Vec<JobGroupStatus>,
    /// Cursor for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_job_group_id: Option<i64>,
}

#[cfg(test)]
mod tests;
