//! What the service's front ends (the API's [`routes`](super::routes), the web
//! [`ui`](super::ui) and the [`scheduler`](super::scheduler)'s callbacks) share, below them and
//! above the [`store`](super::store):
//! - the documents of the API made from the store's rows (`batch-api.md` §5), each in one
//!   function, so a page, a listing and a callback cannot render a batch differently;
//! - where an attempt's logs live and which log a request means (`batch-semantics.md` §6.11);
//! - the service's one clock, and the one way handlers run blocking work.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::api::types::{
    Attempt, BatchStatus, BillingProject, Job, JobGroupStatus, JobListEntry, exit_code,
    job_duration_ms, non_empty,
};
use super::http::ApiError;
use super::store::{
    AttemptRow, BatchRow, BillingProjectRow, CompletedBatch, JobDetail, JobGroupRow, JobRow,
};
use crate::format::time::{format_timestamp, format_timestamp_opt, humanize_duration_ms};

/// Now, in epoch milliseconds: the service's one clock (the store never reads it; callers
/// pass it in).
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Runs blocking work (store calls, parsing job bunches) on the blocking pool; its error
/// becomes the API's answer through the one mapping in [`super::http`].
pub(crate) async fn blocking<T, E>(
    f: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, ApiError>
where
    T: Send + 'static,
    E: Send + 'static,
    ApiError: From<E>,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result.map_err(ApiError::from),
        Err(e) => Err(ApiError::internal(format!(
            "the request handler failed: {e}"
        ))),
    }
}

// ---------------------------------------------------------------------------------------------
// Documents

/// `GET batch`, batch listings (§5.1). Nothing is billed locally: costs are 0.
pub(crate) fn batch_status(row: &BatchRow) -> BatchStatus {
    let duration_ms = row.duration_ms();
    BatchStatus {
        id: row.id,
        user: row.user.clone(),
        billing_project: row.billing_project.clone(),
        token: row.token.clone(),
        state: row.reported_state(),
        complete: row.complete(),
        closed: row.closed(),
        counts: row.counts,
        time_created: format_timestamp(row.time_created),
        time_closed: None,
        time_completed: format_timestamp_opt(row.time_completed),
        duration_ms,
        duration: duration_ms.map(humanize_duration_ms),
        msec_mcpu: 0,
        cost: 0.0,
        cost_breakdown: None,
        attributes: non_empty(&row.attributes),
    }
}

/// The body of a batch's completion callback: its status, with the callback's state rule
/// (`batch-semantics.md` §9: any cancelled group counts).
pub(crate) fn batch_callback(done: &CompletedBatch) -> BatchStatus {
    BatchStatus {
        state: done.callback_state(),
        ..batch_status(&done.batch)
    }
}

/// `GET job group`, child listings, job group callbacks (§5.2).
pub(crate) fn job_group_status(row: &JobGroupRow) -> JobGroupStatus {
    JobGroupStatus {
        batch_id: row.batch_id,
        job_group_id: row.job_group_id,
        state: row.reported_state(),
        complete: row.complete(),
        counts: row.counts,
        time_created: format_timestamp(row.time_created),
        time_completed: format_timestamp_opt(row.time_completed),
        duration: row.duration_ms(),
        cost: 0.0,
        cost_breakdown: None,
        attributes: non_empty(&row.attributes),
    }
}

/// A job of a listing (§5.3). Listings read the exit code and duration the store derived from
/// the final status when the job completed, rather than every status document.
pub(crate) fn job_list_entry(row: &JobRow) -> JobListEntry {
    JobListEntry {
        batch_id: row.batch_id,
        job_id: row.job_id,
        name: row.name.clone(),
        user: row.user.clone(),
        billing_project: row.billing_project.clone(),
        state: row.state,
        exit_code: row.exit_code,
        end_time: format_timestamp_opt(row.end_time),
        duration: row.duration_ms,
        cost: 0.0,
        msec_mcpu: 0,
        cost_breakdown: None,
        always_run: row.always_run,
        display_state: None,
    }
}

/// `GET job` (§5.4): the list entry's keys, derived from the job's status document when it has
/// one, then the status, spec, instance collection and attributes.
pub(crate) fn job(detail: &JobDetail) -> Job {
    let status = detail.status.as_ref();
    let mut entry = job_list_entry(&detail.job);
    if status.is_some() {
        entry.exit_code = exit_code(status);
    }
    entry.duration = job_duration_ms(status);
    Job {
        entry,
        status: detail.status.clone(),
        spec: Some(detail.spec.clone()),
        inst_coll: Some(detail.job.inst_coll.clone()),
        attributes: non_empty(&detail.attributes),
    }
}

/// One attempt (§5.6); `now_ms` measures attempts still running. Nothing is billed locally, so
/// an attempt is billed up to its end.
pub(crate) fn attempt(row: &AttemptRow, now_ms: i64) -> Attempt {
    let duration_ms = row
        .start_time
        .map(|s| row.end_time.unwrap_or(now_ms).saturating_sub(s).max(0));
    Attempt {
        batch_id: row.batch_id,
        job_id: row.job_id,
        attempt_id: row.attempt_id.clone(),
        instance_name: row.instance_name.clone(),
        start_time: format_timestamp_opt(row.start_time),
        rollup_time: row.end_time,
        end_time: format_timestamp_opt(row.end_time),
        reason: row.reason.clone(),
        start_time_ms: row.start_time,
        end_time_ms: row.end_time,
        duration: duration_ms.map(humanize_duration_ms),
        duration_ms,
    }
}

/// A billing project (§5.9).
pub(crate) fn billing_project(row: &BillingProjectRow) -> BillingProject {
    BillingProject {
        billing_project: row.name.clone(),
        status: row.status,
        users: row.users.clone(),
        limit: row.limit,
        accrued_cost: row.accrued_cost,
    }
}

// ---------------------------------------------------------------------------------------------
// Logs

/// The log text the service returns for a container whose log file does not exist once the
/// job is over (`batch-semantics.md` §6.11).
pub(crate) const MISSING_LOG_TEXT: &str = "ERROR: could not find log file";

/// The containers a job has, in order: `input` iff `input_files` is a non-empty list, `main`
/// always, `output` iff `output_files` is a non-empty list.
pub(crate) fn container_names(spec: &Value) -> Vec<&'static str> {
    let non_empty = |key: &str| {
        spec.get(key)
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    };
    let mut names = Vec::with_capacity(3);
    if non_empty("input_files") {
        names.push("input");
    }
    names.push("main");
    if non_empty("output_files") {
        names.push("output");
    }
    names
}

/// The directory of one attempt's logs under the service's `logs_dir`.
pub(crate) fn attempt_log_dir(
    logs_dir: &Path,
    batch_id: i64,
    job_id: i64,
    attempt_id: &str,
) -> PathBuf {
    logs_dir
        .join(batch_id.to_string())
        .join(job_id.to_string())
        .join(attempt_id)
}

/// The log file of `container` in an attempt's log directory.
pub(crate) fn log_path(log_dir: &Path, container: &str) -> PathBuf {
    log_dir.join(format!("{container}.log"))
}

/// The resource usage samples of `container` in an attempt's log directory (a JSON frame in
/// the shape of `GET .../resource_usage`, batch-api §5.8).
pub(crate) fn resource_usage_path(log_dir: &Path, container: &str) -> PathBuf {
    log_dir.join(format!("{container}.resource_usage.json"))
}

/// The columns of a resource usage frame, in Hail's order.
pub(crate) const RESOURCE_USAGE_COLUMNS: [&str; 7] = [
    "time_msecs",
    "memory_in_bytes",
    "cpu_usage",
    "non_io_storage_in_bytes",
    "io_storage_in_bytes",
    "network_bandwidth_upload_in_bytes_per_second",
    "network_bandwidth_download_in_bytes_per_second",
];

/// The attempt whose logs a request means when it names none: the job's current one, else
/// its latest.
pub(crate) fn shown_attempt(job: &JobRow, attempts: &[AttemptRow]) -> Option<String> {
    job.attempt_id
        .clone()
        .or_else(|| attempts.last().map(|a| a.attempt_id.clone()))
}

/// A whole log as served (its parts if it is over `cap` bytes: see `logs`); for a missing file
/// [`MISSING_LOG_TEXT`] once the job is over (`terminal`), nothing while it runs.
pub(crate) fn read_log(path: &Path, terminal: bool, cap: u64) -> Vec<u8> {
    super::logs::read(path, cap).unwrap_or_else(|_| {
        if terminal {
            MISSING_LOG_TEXT.as_bytes().to_vec()
        } else {
            Vec::new()
        }
    })
}

#[cfg(test)]
mod tests;
