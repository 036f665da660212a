//! Response documents of the Batch API (`batch-api.md` §2, §5), serializing with Hail's exact
//! key order (struct field order) and presence rules: `Option` fields serialize as `null`
//! unless the reference says the key is *absent*, in which case they are skipped. All types
//! also deserialize, tolerantly, so the client can reuse them.
//!
//! Besides the plain documents this module owns the derivations a server needs to fill them:
//! the reported batch / job-group `state` (§5.1, §5.2), `exit_code` and `duration` from a job
//! `status` (§5.3), attempt durations (§5.6), page cursors (§1.9), and the status document the
//! scheduler writes when it errors a job (§5.5).

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

use indexmap::IndexMap;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Value, json};

use crate::format::time::{format_timestamp, format_timestamp_opt, humanize_duration_ms};

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

/// Page size of every listing (§1.9).
pub const PAGE_SIZE: usize = 50;

/// Costs are JSON numbers; when nothing was billed Hail sends the integer `0`, not `0.0`.
mod cost_number {
    use serde::Serializer;

    pub fn serialize<S: Serializer>(cost: &f64, s: S) -> Result<S::Ok, S::Error> {
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

fn non_empty(attrs: &Attributes) -> Option<Attributes> {
    (!attrs.is_empty()).then(|| attrs.clone())
}

// ---------------------------------------------------------------------------------------------
// States

/// A job state, with the API's capitalised names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JobState {
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
    pub const ALL: [JobState; 8] = [
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
    pub fn as_str(self) -> &'static str {
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
    pub fn is_terminal(self) -> bool {
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
            .ok_or_else(|| format!("unknown job state {s}"))
    }
}

/// The reported `state` of a batch or job group (job groups never report `open`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BatchState {
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

impl BatchState {
    /// The API name (`open`, `failure`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            BatchState::Open => "open",
            BatchState::Failure => "failure",
            BatchState::Cancelled => "cancelled",
            BatchState::Success => "success",
            BatchState::Running => "running",
        }
    }
}

/// The stored (internal) state of a batch (`batch-semantics.md` §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InternalState {
    /// Legacy; never produced by current code.
    Open,
    /// Some committed job is not terminal.
    Running,
    /// Every committed job is terminal (including none).
    Complete,
}

/// The recursive job counters of a batch or job group (§3.2 of the semantics).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobCounts {
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

/// The reported batch `state` (§5.1), first matching rule: `open`, `failure` (`n_failed > 0`),
/// `cancelled` (root group cancelled or `n_cancelled > 0`), `success` (internal complete),
/// `running`.
pub fn batch_state(internal: InternalState, cancelled: bool, counts: &JobCounts) -> BatchState {
    if internal == InternalState::Open {
        BatchState::Open
    } else if counts.n_failed > 0 {
        BatchState::Failure
    } else if cancelled || counts.n_cancelled > 0 {
        BatchState::Cancelled
    } else if internal == InternalState::Complete {
        BatchState::Success
    } else {
        BatchState::Running
    }
}

/// The reported job group `state` (§5.2): `failure`, else `cancelled` (the group or an ancestor
/// cancelled — pass that as `cancelled` — or `n_cancelled > 0`), else `success` if complete,
/// else `running`.
pub fn job_group_state(complete: bool, cancelled: bool, counts: &JobCounts) -> BatchState {
    let internal = if complete {
        InternalState::Complete
    } else {
        InternalState::Running
    };
    batch_state(internal, cancelled, counts)
}

// ---------------------------------------------------------------------------------------------
// Batches and job groups

/// One element of `cost_breakdown`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostBreakdownEntry {
    /// Versioned product name, e.g. `compute/n1-preemptible/us-central1/1`.
    pub resource: String,
    /// Dollars.
    pub cost: f64,
}

/// Batch status (§5.1): `GET batch`, batch listings, batch callbacks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchStatus {
    /// Batch id.
    pub id: i64,
    /// Creator.
    pub user: String,
    /// Billing project.
    pub billing_project: String,
    /// Batch token.
    pub token: String,
    /// Reported state ([`batch_state`]).
    pub state: BatchState,
    /// All committed jobs are terminal; clients wait on this.
    pub complete: bool,
    /// Internal state is not `open` (always true for current batches).
    pub closed: bool,
    /// Jobs of committed updates.
    pub n_jobs: i64,
    /// Terminal jobs.
    pub n_completed: i64,
    /// Successful jobs.
    pub n_succeeded: i64,
    /// Failed or errored jobs.
    pub n_failed: i64,
    /// Cancelled jobs.
    pub n_cancelled: i64,
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
    #[serde(default, skip_serializing_if = "none_or_empty")]
    pub attributes: Option<Attributes>,
}

/// What the server stores about a batch, from which [`BatchStatus::from_record`] derives the
/// document.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRecord {
    /// Batch id.
    pub id: i64,
    /// Creator.
    pub user: String,
    /// Billing project.
    pub billing_project: String,
    /// Token.
    pub token: String,
    /// Stored state.
    pub internal_state: InternalState,
    /// The root job group was explicitly cancelled.
    pub cancelled: bool,
    /// Counters of the root group.
    pub counts: JobCounts,
    /// Creation time, epoch ms.
    pub time_created_ms: i64,
    /// Completion time, epoch ms.
    pub time_completed_ms: Option<i64>,
    /// Legacy counter.
    pub msec_mcpu: i64,
    /// Total cost.
    pub cost: f64,
    /// Per-resource costs.
    pub cost_breakdown: Option<Vec<CostBreakdownEntry>>,
    /// Attributes (empty = none).
    pub attributes: Attributes,
}

impl BatchStatus {
    /// Derives state, `complete`, `closed`, times and durations from a record.
    pub fn from_record(r: &BatchRecord) -> BatchStatus {
        let duration_ms = r
            .time_completed_ms
            .map(|c| c.saturating_sub(r.time_created_ms));
        BatchStatus {
            id: r.id,
            user: r.user.clone(),
            billing_project: r.billing_project.clone(),
            token: r.token.clone(),
            state: batch_state(r.internal_state, r.cancelled, &r.counts),
            complete: r.internal_state == InternalState::Complete,
            closed: r.internal_state != InternalState::Open,
            n_jobs: r.counts.n_jobs,
            n_completed: r.counts.n_completed,
            n_succeeded: r.counts.n_succeeded,
            n_failed: r.counts.n_failed,
            n_cancelled: r.counts.n_cancelled,
            time_created: format_timestamp(r.time_created_ms),
            time_closed: None,
            time_completed: format_timestamp_opt(r.time_completed_ms),
            duration_ms,
            duration: duration_ms.map(humanize_duration_ms),
            msec_mcpu: r.msec_mcpu,
            cost: r.cost,
            cost_breakdown: r.cost_breakdown.clone(),
            attributes: non_empty(&r.attributes),
        }
    }
}

/// Job group status (§5.2): `GET job group`, child listings, job group callbacks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobGroupStatus {
    /// Batch id.
    pub batch_id: i64,
    /// Job group id (0 = root).
    pub job_group_id: i64,
    /// Reported state ([`job_group_state`]).
    pub state: BatchState,
    /// All jobs of the group and its descendants are terminal.
    pub complete: bool,
    /// Recursive counters.
    pub n_jobs: i64,
    /// Terminal jobs.
    pub n_completed: i64,
    /// Successful jobs.
    pub n_succeeded: i64,
    /// Failed or errored jobs.
    pub n_failed: i64,
    /// Cancelled jobs.
    pub n_cancelled: i64,
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
    #[serde(default, skip_serializing_if = "none_or_empty")]
    pub attributes: Option<Attributes>,
}

/// What the server stores about a job group.
#[derive(Debug, Clone, PartialEq)]
pub struct JobGroupRecord {
    /// Batch id.
    pub batch_id: i64,
    /// Job group id.
    pub job_group_id: i64,
    /// Stored state is complete.
    pub complete: bool,
    /// The group or one of its ancestors was cancelled.
    pub cancelled: bool,
    /// Recursive counters.
    pub counts: JobCounts,
    /// Creation time, epoch ms.
    pub time_created_ms: i64,
    /// Completion time, epoch ms.
    pub time_completed_ms: Option<i64>,
    /// Cost.
    pub cost: f64,
    /// Per-resource costs.
    pub cost_breakdown: Option<Vec<CostBreakdownEntry>>,
    /// Attributes (empty = none).
    pub attributes: Attributes,
}

impl JobGroupStatus {
    /// Derives state, times and duration from a record.
    pub fn from_record(r: &JobGroupRecord) -> JobGroupStatus {
        JobGroupStatus {
            batch_id: r.batch_id,
            job_group_id: r.job_group_id,
            state: job_group_state(r.complete, r.cancelled, &r.counts),
            complete: r.complete,
            n_jobs: r.counts.n_jobs,
            n_completed: r.counts.n_completed,
            n_succeeded: r.counts.n_succeeded,
            n_failed: r.counts.n_failed,
            n_cancelled: r.counts.n_cancelled,
            time_created: format_timestamp(r.time_created_ms),
            time_completed: format_timestamp_opt(r.time_completed_ms),
            duration: r
                .time_completed_ms
                .map(|c| c.saturating_sub(r.time_created_ms)),
            cost: r.cost,
            cost_breakdown: r.cost_breakdown.clone(),
            attributes: non_empty(&r.attributes),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Jobs

/// Job list entry (§5.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobListEntry {
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
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
    #[serde(default, skip_serializing_if = "none_or_empty")]
    pub attributes: Option<Attributes>,
}

/// What the server stores about a job, from which the list entry and job documents derive.
#[derive(Debug, Clone, PartialEq)]
pub struct JobRecord {
    /// Batch id.
    pub batch_id: i64,
    /// Absolute job id.
    pub job_id: i64,
    /// Batch creator.
    pub user: String,
    /// Billing project.
    pub billing_project: String,
    /// State.
    pub state: JobState,
    /// `always_run`.
    pub always_run: bool,
    /// Attributes.
    pub attributes: Attributes,
    /// End of the current/latest attempt, epoch ms.
    pub end_time_ms: Option<i64>,
    /// The status document of the current/final attempt.
    pub status: Option<Value>,
    /// Cost.
    pub cost: f64,
    /// Legacy counter.
    pub msec_mcpu: i64,
    /// Per-resource costs.
    pub cost_breakdown: Option<Vec<CostBreakdownEntry>>,
}

impl JobListEntry {
    /// Derives `name`, `exit_code`, `end_time` and `duration`.
    pub fn from_record(r: &JobRecord) -> JobListEntry {
        JobListEntry {
            batch_id: r.batch_id,
            job_id: r.job_id,
            name: r.attributes.get("name").cloned(),
            user: r.user.clone(),
            billing_project: r.billing_project.clone(),
            state: r.state,
            exit_code: exit_code(r.status.as_ref()),
            end_time: format_timestamp_opt(r.end_time_ms),
            duration: job_duration_ms(r.status.as_ref()),
            cost: r.cost,
            msec_mcpu: r.msec_mcpu,
            cost_breakdown: r.cost_breakdown.clone(),
            always_run: r.always_run,
            display_state: None,
        }
    }
}

impl Job {
    /// The `GET job` document of a record with its stored spec and instance collection.
    pub fn from_record(r: &JobRecord, spec: Option<Value>, inst_coll: Option<String>) -> Job {
        Job {
            entry: JobListEntry::from_record(r),
            status: r.status.clone(),
            spec,
            inst_coll,
            attributes: non_empty(&r.attributes),
        }
    }
}

/// The containers whose exit codes count, in order.
const EXIT_CODE_CONTAINERS: [&str; 3] = ["input", "main", "output"];

/// Exit code of each container present in `status.container_statuses` (among `input`, `main`,
/// `output`, in that order): `None` if the container has an `error` or no
/// `container_status.exit_code` (Hail's `Job._get_exit_codes`).
pub fn container_exit_codes(status: &Value) -> OrderedMap<Option<i64>> {
    let mut out = OrderedMap::new();
    let Some(containers) = status.get("container_statuses").and_then(Value::as_object) else {
        return out;
    };
    for name in EXIT_CODE_CONTAINERS {
        let Some(c) = containers.get(name) else {
            continue;
        };
        let code = if c.get("error").is_some_and(|e| !e.is_null()) {
            None
        } else {
            c.get("container_status")
                .and_then(|s| s.get("exit_code"))
                .and_then(Value::as_i64)
        };
        out.insert(name.to_owned(), code);
    }
    out
}

/// The job's `exit_code` (§5.3): `None` without status or with a top-level `error`; otherwise
/// over the containers of [`container_exit_codes`] in order, `None` at the first missing code,
/// the first code > 0, or 0 if all are 0. (No containers at all — a JVM-less edge — gives 0.)
pub fn exit_code(status: Option<&Value>) -> Option<i64> {
    let status = status.filter(|s| s.is_object())?;
    if status.get("error").is_some_and(|e| !e.is_null()) {
        return None;
    }
    for code in container_exit_codes(status).0.into_values() {
        match code {
            None => return None,
            Some(c) if c > 0 => return Some(c),
            Some(_) => {}
        }
    }
    Some(0)
}

/// The job's `duration` in ms: `status.end_time − status.start_time` when both are integers.
pub fn job_duration_ms(status: Option<&Value>) -> Option<i64> {
    let status = status?;
    let start = status.get("start_time")?.as_i64()?;
    let end = status.get("end_time")?.as_i64()?;
    end.checked_sub(start)
}

/// The status document the scheduler writes when it errors a job without a worker (§5.5), e.g.
/// with `job has too many prior attempts`.
pub fn scheduler_error_status(
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

/// `version` of job status documents.
pub const STATUS_VERSION: i64 = 5;
/// `format_version` of job status documents (the batch format version).
pub const FORMAT_VERSION: i64 = 7;

/// A step timing: `finish_time` and `duration` are absent while the step runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimingEntry {
    /// Epoch ms.
    pub start_time: i64,
    /// Epoch ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish_time: Option<i64>,
    /// ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<i64>,
}

/// Steps in the order they happened.
pub type Timing = OrderedMap<TimingEntry>;

/// The process part of a container status, present once the process started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessStatus {
    /// Epoch ms.
    pub started_at: Option<i64>,
    /// Epoch ms.
    pub finished_at: Option<i64>,
    /// `running` or `finished`.
    pub state: String,
    /// Only when finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i64>,
    /// True when the exit code is 137.
    pub out_of_memory: bool,
}

/// One container of a (docker) job status (§5.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerStatus {
    /// `batch-<batch_id>-job-<job_id>-<container>`.
    pub name: String,
    /// `pending`, `creating`, `running`, `succeeded`, `failed`, `error`, `cancelled`.
    pub state: String,
    /// Steps that started.
    #[serde(default)]
    pub timing: Timing,
    /// Only on error (traceback text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Only when set (`timed out`, `out of memory`, image errors …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_error: Option<String>,
    /// Only once the process started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_status: Option<ProcessStatus>,
}

/// A worker-written job status document (§5.5). For the scheduler's variant use
/// [`scheduler_error_status`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobStatusDoc {
    /// [`STATUS_VERSION`].
    pub version: i64,
    /// Worker name.
    pub worker: Option<String>,
    /// Batch id.
    pub batch_id: i64,
    /// Job id.
    pub job_id: i64,
    /// Attempt id.
    pub attempt_id: String,
    /// Job group id.
    pub job_group_id: i64,
    /// User.
    pub user: String,
    /// Worker-side job state (lower case).
    pub state: String,
    /// [`FORMAT_VERSION`].
    #[serde(default)]
    pub format_version: i64,
    /// Billed resources.
    #[serde(default)]
    pub resources: Vec<ResourceQuantity>,
    /// Worker region.
    #[serde(default)]
    pub region: String,
    /// Only on error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Epoch ms.
    #[serde(default)]
    pub start_time: Option<i64>,
    /// Epoch ms, `null` while running.
    #[serde(default)]
    pub end_time: Option<i64>,
    /// By container name (`input`, `main`, `output`).
    #[serde(default)]
    pub container_statuses: OrderedMap<Option<ContainerStatus>>,
    /// Job-level steps.
    #[serde(default)]
    pub timing: Timing,
    /// JVM jobs only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jvm: Option<String>,
}

/// A billed resource and its quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceQuantity {
    /// Versioned product name.
    pub name: String,
    /// Quantity.
    pub quantity: i64,
}

// ---------------------------------------------------------------------------------------------
// Attempts

/// One attempt (§5.6), with its "only if started / ended" keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// Batch id.
    pub batch_id: i64,
    /// Job id.
    pub job_id: i64,
    /// Six alphanumerics.
    pub attempt_id: String,
    /// Worker VM.
    pub instance_name: Option<String>,
    /// Only if started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// Epoch ms billed up to.
    pub rollup_time: Option<i64>,
    /// Only if ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// Why it ended; `null` while running.
    pub reason: Option<String>,
    /// Only if started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time_ms: Option<i64>,
    /// Only if ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time_ms: Option<i64>,
    /// Only if started; humanized, to "now" while running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Only if started; never negative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<i64>,
}

/// What the server stores about an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRecord {
    /// Batch id.
    pub batch_id: i64,
    /// Job id.
    pub job_id: i64,
    /// Attempt id.
    pub attempt_id: String,
    /// Worker VM.
    pub instance_name: Option<String>,
    /// Start, epoch ms.
    pub start_time_ms: Option<i64>,
    /// End, epoch ms.
    pub end_time_ms: Option<i64>,
    /// Billing rollup time, epoch ms.
    pub rollup_time: Option<i64>,
    /// End reason.
    pub reason: Option<String>,
}

impl Attempt {
    /// The document of a record; `now_ms` measures attempts still running.
    pub fn from_record(r: &AttemptRecord, now_ms: i64) -> Attempt {
        let duration_ms = r
            .start_time_ms
            .map(|s| r.end_time_ms.unwrap_or(now_ms).saturating_sub(s).max(0));
        Attempt {
            batch_id: r.batch_id,
            job_id: r.job_id,
            attempt_id: r.attempt_id.clone(),
            instance_name: r.instance_name.clone(),
            start_time: format_timestamp_opt(r.start_time_ms),
            rollup_time: r.rollup_time,
            end_time: format_timestamp_opt(r.end_time_ms),
            reason: r.reason.clone(),
            start_time_ms: r.start_time_ms,
            end_time_ms: r.end_time_ms,
            duration: duration_ms.map(humanize_duration_ms),
            duration_ms,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Billing

/// `open` or `closed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BillingProjectStatus {
    /// Open.
    Open,
    /// Closed.
    Closed,
}

/// Billing project (§5.9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BillingProject {
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingProjectUser {
    /// Billing project.
    pub billing_project: String,
    /// User.
    pub user: String,
}

/// Response of `billing_limits/{bp}/edit`: the limit as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BillingLimit {
    /// Billing project.
    pub billing_project: String,
    /// The limit as sent (number, numeric string, `"None"` or null).
    pub limit: Value,
}

/// Element of `GET /api/v1alpha/billing`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BillingSpend {
    /// Billing project.
    pub billing_project: String,
    /// User.
    pub user: String,
    /// Dollars.
    pub total_spent: f64,
}

/// Element of `GET /api/v1alpha/billing_breakdown`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BillingBreakdownEntry {
    /// Billing project.
    pub billing_project: String,
    /// User.
    pub user: String,
    /// Resource name.
    pub resource: String,
    /// Dollars.
    pub cost: f64,
}

// ---------------------------------------------------------------------------------------------
// Submission responses (§2.8–2.15)

/// `POST /batches/create`; the last three are `null` for an empty batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateBatchResponse {
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateFastResponse {
    /// Batch id.
    pub id: i64,
    /// Must be 1 for a new batch.
    pub start_job_group_id: i64,
    /// Must be 1 for a new batch.
    pub start_job_id: i64,
}

/// `POST /batches/{id}/update-fast`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateFastResponse {
    /// Update id.
    pub update_id: i64,
    /// Start job id.
    pub start_job_id: i64,
    /// Start job group id.
    pub start_job_group_id: i64,
}

/// `POST /batches/{id}/updates/create`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateUpdateResponse {
    /// Update id.
    pub update_id: i64,
    /// Start job group id.
    pub start_job_group_id: i64,
    /// Start job id.
    pub start_job_id: i64,
}

/// `PATCH /batches/{id}/updates/{u}/commit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitResponse {
    /// Start job id.
    pub start_job_id: i64,
    /// Start job group id.
    pub start_job_group_id: i64,
}

/// `GET .../log/{container}/signed_url`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedUrlResponse {
    /// The URL.
    pub signed_url: String,
    /// ISO-8601 with microseconds and `+00:00`.
    pub expires_at: String,
}

/// The deprecated all-containers log: container → text, `null` before any attempt.
pub type JobLogs = OrderedMap<Option<String>>;

// ---------------------------------------------------------------------------------------------
// Pages (§1.9)

/// A page of batches; `last_batch_id` only when more batches exist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchListPage {
    /// Batches, id descending.
    pub batches: Vec<BatchStatus>,
    /// Cursor for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_batch_id: Option<i64>,
}

impl BatchListPage {
    /// From up to `PAGE_SIZE + 1` fetched batches: keep 50, set the cursor if there were more.
    pub fn from_fetched(mut batches: Vec<BatchStatus>) -> BatchListPage {
        let more = batches.len() > PAGE_SIZE;
        batches.truncate(PAGE_SIZE);
        let last_batch_id = if more {
            batches.last().map(|b| b.id)
        } else {
            None
        };
        BatchListPage {
            batches,
            last_batch_id,
        }
    }
}

/// A page of jobs; `last_job_id` whenever the page holds exactly 50 jobs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobListPage {
    /// Jobs, id ascending.
    pub jobs: Vec<JobListEntry>,
    /// Cursor for the next page (may lead to an empty last page, as in Hail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_job_id: Option<i64>,
}

impl JobListPage {
    /// From the fetched jobs (extra ones beyond 50 are dropped).
    pub fn from_fetched(mut jobs: Vec<JobListEntry>) -> JobListPage {
        jobs.truncate(PAGE_SIZE);
        let last_job_id = if jobs.len() == PAGE_SIZE {
            jobs.last().map(|j| j.job_id)
        } else {
            None
        };
        JobListPage { jobs, last_job_id }
    }
}

/// A page of child job groups; `last_job_group_id` only when more exist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobGroupListPage {
    /// Groups, id ascending.
    pub job_groups: Vec<JobGroupStatus>,
    /// Cursor for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_job_group_id: Option<i64>,
}

impl JobGroupListPage {
    /// From up to `PAGE_SIZE + 1` fetched groups.
    pub fn from_fetched(mut job_groups: Vec<JobGroupStatus>) -> JobGroupListPage {
        let more = job_groups.len() > PAGE_SIZE;
        job_groups.truncate(PAGE_SIZE);
        let last_job_group_id = if more {
            job_groups.last().map(|g| g.job_group_id)
        } else {
            None
        };
        JobGroupListPage {
            job_groups,
            last_job_group_id,
        }
    }
}

#[cfg(test)]
mod tests;
