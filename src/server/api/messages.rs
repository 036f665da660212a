//! Literal error messages of checks that need the database, so that the server uses Hail's
//! exact words (`batch-api.md` §2). Each function returns the message; the status code is in
//! its doc. 400s can be wrapped in [`crate::server::api::ValidationError`].

use crate::format::time::cost_str;

/// The start of the bunch error for a job in a cancelled job group (sent as the whole body).
const CANCELLED_GROUP_BUNCH: &str =
    "bunch contains job where the job group has already been cancelled";
/// The start of the bunch error for a job naming a parent twice (sent as the whole body).
const DUPLICATED_PARENTS_BUNCH: &str = "bunch contains job with duplicated parents";

/// Whether Hail sends `message` as the whole 400 body instead of `400: <message>` (only the two
/// bunch errors, `batch-api.md` §1.5, §2.13).
pub(crate) fn is_body_only(message: &str) -> bool {
    message.starts_with(CANCELLED_GROUP_BUNCH) || message.starts_with(DUPLICATED_PARENTS_BUNCH)
}

/// The `error` of a job that ran out of attempts (`batch-semantics.md` §6.12).
pub(crate) const TOO_MANY_ATTEMPTS: &str = "job has too many prior attempts";

/// 400: posting into a committed update (the fast paths treat it as success, §2.9).
pub(crate) fn update_already_committed(update_id: i64) -> String {
    format!("update {update_id} is already committed")
}

/// 400: `updates/create` / `update-fast` on a cancelled batch.
pub(crate) fn cancelled_batch_submit() -> String {
    "Cannot submit new jobs or job groups to a cancelled batch".to_owned()
}

/// 400: commit on a cancelled batch.
pub(crate) fn cancelled_batch_commit() -> String {
    "Cannot commit an update to a cancelled batch".to_owned()
}

/// 400 (local): a listing query with a NUL character.
pub(crate) fn query_with_nul() -> String {
    "invalid query: it contains a NUL character".to_string()
}

/// 400: commit with a job group count different from the update's `n_job_groups`.
pub(crate) fn wrong_number_of_job_groups(expected: i64, actual: i64) -> String {
    format!("wrong number of job groups: expected {expected}, actual {actual}")
}

/// 400 (Hail: 500, §4.8): commit with a job count different from the update's `n_jobs`.
pub(crate) fn wrong_number_of_jobs(expected: i64, actual: i64) -> String {
    format!("wrong number of jobs: expected {expected}, actual {actual}")
}

/// 400: a bunch's in-update job ids outside the update's range.
pub(crate) fn job_ids_out_of_range(min: i64, max: i64, n_jobs: i64, update_id: i64) -> String {
    format!("job ids [{min}, {max}] are out of range [1, {n_jobs}] allocated by update {update_id}")
}

/// 400: a request's in-update job group ids outside the update's range (`first`, `last`: the
/// request's first and last ids).
pub(crate) fn job_group_ids_out_of_range(
    first: i64,
    last: i64,
    n_job_groups: i64,
    update_id: i64,
) -> String {
    format!(
        "job group ids [{first}, {last}] are out of range [1, {n_job_groups}] allocated by update {update_id}"
    )
}

/// 400, **body only**: a bunch with a job naming a parent twice; `tuples` are
/// `(batch_id, job_id, parent_id)` rows.
pub(crate) fn duplicated_parents(tuples: impl IntoIterator<Item = (i64, i64, i64)>) -> String {
    let rows: Vec<String> = tuples
        .into_iter()
        .map(|(b, j, p)| format!("({b}, {j}, {p})"))
        .collect();
    format!("{DUPLICATED_PARENTS_BUNCH} ([{}])", rows.join(", "))
}

/// 400: some but not all job groups of a request already exist.
pub(crate) fn job_groups_partially_exist(existing: usize, total: usize, update_id: i64) -> String {
    format!("{existing} of {total} job groups in this request already exist in update {update_id}")
}

/// 400: inserting a job group under a cancelled parent.
pub(crate) fn job_group_parent_cancelled(in_update_id: i64, batch_id: i64) -> String {
    format!(
        "error while inserting job group {in_update_id} into batch {batch_id}: job group parent has already been cancelled"
    )
}

/// 400: inserting a job group whose parent does not exist (`None` for a null parent, printed as
/// Python's `None`).
pub(crate) fn job_group_parent_missing(
    in_update_id: i64,
    batch_id: i64,
    parent: Option<i64>,
) -> String {
    let parent = parent.map_or_else(|| "None".to_owned(), |p| p.to_string());
    format!(
        "error while inserting job group {in_update_id} into batch {batch_id}: job group parent {parent} does not exist"
    )
}

/// 400: a job group deeper than root → level 1 → level 2.
pub(crate) fn job_group_too_deep(in_update_id: i64, batch_id: i64) -> String {
    format!(
        "error while inserting job group {in_update_id} into batch {batch_id}: job group exceeded the maximum level of nesting"
    )
}

/// Maximum depth of a job group below the root (level 1 and level 2 exist, level 3 fails).
pub(crate) const MAX_JOB_GROUP_NESTING: usize = 2;

/// 400, **body only**: a bunch whose job targets a cancelled job group (`job_id` is the first
/// absolute job id of the bunch).
pub(crate) fn job_group_cancelled_bunch(batch_id: i64, job_id: i64) -> String {
    format!("{CANCELLED_GROUP_BUNCH} (({batch_id}, {job_id}))")
}

/// 403: billing project unknown to the user (creation, `GET billing project`).
pub(crate) fn unknown_billing_project(billing_project: &str) -> String {
    format!("Unknown Hail Batch billing project {billing_project}.")
}

/// 403: batch creation in a closed or deleted billing project.
pub(crate) fn billing_project_closed(billing_project: &str) -> String {
    format!("Billing project {billing_project} is closed or deleted.")
}

/// 403: batch creation in a billing project whose accrued cost reached its limit.
pub(crate) fn billing_project_over_budget(
    billing_project: &str,
    accrued: f64,
    limit: f64,
) -> String {
    format!(
        "billing project {billing_project} has exceeded the budget; accrued={} limit={}",
        cost_str(accrued),
        cost_str(limit)
    )
}

/// 404: a billing-administration action on a project that does not exist (or is deleted).
pub(crate) fn billing_project_does_not_exist(billing_project: &str) -> String {
    format!("Billing project {billing_project} does not exist.")
}

/// 403: adding a member to (or changing the limit of) a closed billing project.
pub(crate) fn billing_project_closed_unmodifiable(billing_project: &str) -> String {
    format!("Billing project {billing_project} is closed and cannot be modified.")
}

/// 403: removing a member from a closed or deleted billing project.
pub(crate) fn billing_project_not_open_unmodifiable(billing_project: &str) -> String {
    format!("Billing project {billing_project} has been closed or deleted and cannot be modified.")
}

/// 403: closing a billing project while one of its batches runs.
pub(crate) fn billing_project_has_running_batches(billing_project: &str) -> String {
    format!("Billing project {billing_project} has running batches.")
}

/// 403: reopening a deleted billing project.
pub(crate) fn billing_project_deleted_cannot_reopen(billing_project: &str) -> String {
    format!("Billing project {billing_project} has been deleted and cannot be reopened.")
}

/// 403: deleting an open billing project.
pub(crate) fn billing_project_open_cannot_delete(billing_project: &str) -> String {
    format!("Billing project {billing_project} is open and cannot be deleted.")
}

/// 400: a billing limit that is not a number ≥ 0 (`shown` as the request spelled it).
pub(crate) fn invalid_billing_limit(shown: &str) -> String {
    format!("Invalid billing_limit {shown}.")
}

/// 403: adding a user the service does not know to a billing project.
pub(crate) fn user_does_not_exist(user: &str) -> String {
    format!("User {user} does not exist.")
}

/// 403: cancel / child listing of a missing job group (or of a deleted batch).
pub(crate) fn job_group_does_not_exist(batch_id: i64, job_group_id: i64) -> String {
    format!("Job Group ({batch_id}, {job_group_id}) does not exist.")
}

// ---------------------------------------------------------------------------------------------
// The query languages (`batch-semantics.md` §8): every 400 a `q` gets.

/// 400: v1 query term not understood (shown without its leading `!`).
pub(crate) fn invalid_search_term(term: &str) -> String {
    format!("Invalid search term: {term}.")
}

/// 400: a v2 line that is no statement (blank lines between statements included).
pub(crate) fn could_not_parse_term(line: &str) -> String {
    format!("could not parse term \"{line}\"")
}

/// 400: a v2 operator that does not exist.
pub(crate) fn unknown_operator(symbol: &str) -> String {
    format!("unknown operator {symbol}")
}

/// 400: a v2 operator the field does not take (`expected` lists the ones it takes).
pub(crate) fn unexpected_operator(symbol: &str, expected: &str) -> String {
    format!("unexpected operator \"{symbol}\" expected one of {expected}")
}

/// 400: a v2 operator other than `=`/`!=` with `exit_code NULL`.
pub(crate) fn unexpected_null_exit_code_operator(symbol: &str, expected: &str) -> String {
    format!("unexpected operator \"{symbol}\" for NULL exit code, expected one of {expected}")
}

/// 400: a v2 value shorter than `min` characters (3 for a quoted string, 1 for a bare word).
pub(crate) fn string_too_short(min: usize, word: &str) -> String {
    format!("expected a string of minimum length {min}. Found {word}")
}

/// 400: a v2 quoted string without its closing quote.
pub(crate) fn unterminated_string() -> String {
    "expected the last character of the string to be '\"'".to_owned()
}

/// 400: a v2 `state` value that is no state.
pub(crate) fn unknown_state(word: &str) -> String {
    format!("unknown state \"{word}\"")
}

/// 400: a v2 value that should be a number, an integer or a timestamp (`kind`: `int`,
/// `float`, `date`).
pub(crate) fn expected_value(kind: &str, word: &str) -> String {
    format!("expected {kind}, but found {word}")
}

/// 400: a request body that is not JSON (a local message: Hail answers 500).
pub(crate) fn invalid_json_body(error: &serde_json::Error) -> String {
    format!("invalid JSON in request body: {error}")
}

/// 400: the deprecated all-containers log endpoint, for a log that is not UTF-8 (Hail's words).
pub(crate) fn log_not_utf8(container: &str) -> String {
    format!(
        "log for container {container} is not valid UTF-8, upgrade your hail version to download the log"
    )
}

/// 400: a log container the job does not have.
pub(crate) fn unknown_container(container: &str) -> String {
    format!("unknown container {container}")
}

/// 400: billing-project listing with a bad `status` filter.
pub(crate) fn invalid_billing_project_status(status: &str) -> String {
    format!("Invalid value for status '{status}'; must be 'open' or 'closed'.")
}

/// The `X-Hail-Deprecated` header value for a deprecated endpoint (full request path).
pub(crate) fn deprecated_header(path: &str) -> String {
    format!(
        "The endpoint \"{path}\" is deprecated. Please upgrade your Hail version to the latest release."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_messages() {
        let cases = [
            (update_already_committed(2), "update 2 is already committed"),
            (
                wrong_number_of_job_groups(2, 1),
                "wrong number of job groups: expected 2, actual 1",
            ),
            (
                wrong_number_of_jobs(3, 0),
                "wrong number of jobs: expected 3, actual 0",
            ),
            (
                job_groups_partially_exist(1, 2, 1),
                "1 of 2 job groups in this request already exist in update 1",
            ),
            (
                job_group_parent_missing(1, 7, Some(9)),
                "error while inserting job group 1 into batch 7: job group parent 9 does not exist",
            ),
            (
                job_group_parent_missing(1, 7, None),
                "error while inserting job group 1 into batch 7: job group parent None does not exist",
            ),
            (
                job_group_cancelled_bunch(7, 3),
                "bunch contains job where the job group has already been cancelled ((7, 3))",
            ),
            (
                billing_project_over_budget("p", 12.0, 10.0),
                "billing project p has exceeded the budget; accrued=$12.0000 limit=$10.0000",
            ),
            (
                job_group_does_not_exist(4, 0),
                "Job Group (4, 0) does not exist.",
            ),
            (invalid_search_term("foo"), "Invalid search term: foo."),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
        assert!(is_body_only(&job_group_cancelled_bunch(1, 1)));
        assert!(is_body_only(&duplicated_parents([(1, 2, 1)])));
        assert!(!is_body_only(&update_already_committed(1)));
    }
}
