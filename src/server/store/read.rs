//! Reads: batches, job groups, jobs, attempts and updates, with access control (§1.6) and the
//! listings' ordering and cursors (§8.9, §8.10). Every query is index-backed: counters are
//! stored, never counted.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use serde_json::Value;

use super::types::{
    AttemptRow, Attributes, BatchRow, JobCounts, JobDetail, JobGroupRow, JobRow, UpdateIds,
    UpdateRow,
};
use super::{Result, SPEC_KEY_OF_J, SqlFilter, Store, StoreError};

/// Page size of every listing.
pub(super) const PAGE: usize = 50;

const BATCH_COLS: &str = "b.id, b.user, b.billing_project, b.token, b.state, g.cancelled,
    b.attributes, b.callback, g.cancel_after_n_failures, g.n_jobs, g.n_completed,
    g.n_succeeded, g.n_failed, g.n_cancelled, b.time_created, b.time_completed, b.n_updates";

/// The batch-listing FROM clause of the query-compiler contract.
const BATCH_FROM: &str =
    "FROM batches AS b JOIN job_groups AS g ON g.batch_id = b.id AND g.job_group_id = 0";

const GROUP_COLS: &str = "g.batch_id, g.job_group_id, g.parent_id, g.update_id, g.state,
    g.cancelled, EXISTS (SELECT 1 FROM job_group_ancestors AS ga
      JOIN job_groups AS gp ON gp.batch_id = ga.batch_id AND gp.job_group_id = ga.ancestor_id
      WHERE ga.batch_id = g.batch_id AND ga.job_group_id = g.job_group_id AND gp.cancelled = 1),
    g.attributes, g.callback, g.cancel_after_n_failures, g.n_jobs, g.n_completed,
    g.n_succeeded, g.n_failed, g.n_cancelled, g.time_created, g.time_completed";

const JOB_COLS: &str = "j.batch_id, j.job_id, j.job_group_id, j.update_id, j.name, j.state,
    j.exit_code, j.always_run, j.n_max_attempts, j.cores_mcpu, j.cancelled,
    j.n_pending_parents, j.attempt_id, cur_a.start_time, cur_a.end_time,
    CASE WHEN j.state IN ('Success', 'Failed', 'Error') AND json_valid(j.status)
      THEN CAST(json_extract(j.status, '$.end_time') AS INTEGER)
         - CAST(json_extract(j.status, '$.start_time') AS INTEGER) END,
    j.instance_collection, j.time_ready";

/// The job-listing FROM clause of the query-compiler contract, plus the current attempt
/// (primary-key lookup) for `end_time`.
const JOB_FROM: &str = "FROM jobs AS j LEFT JOIN attempts AS cur_a ON cur_a.batch_id = j.batch_id
    AND cur_a.job_id = j.job_id AND cur_a.attempt_id = j.attempt_id";

/// SQL: the requesting user (next `?`) is a member of the billing project of batch `b`.
const MEMBER_OF_B: &str = "EXISTS (SELECT 1 FROM billing_project_users AS bpu
    WHERE bpu.billing_project = b.billing_project AND bpu.user = ?)";

/// Stored attributes: a JSON object in submission order, `NULL` when none. Values are strings
/// after validation; anything else is read as its JSON text (as the one-row-per-key layout of
/// job attributes before migration 3 stored it).
fn parse_attributes(text: Option<String>) -> rusqlite::Result<Attributes> {
    let Some(text) = text else {
        return Ok(Attributes::new());
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(m)) => Ok(m
            .into_iter()
            .map(|(k, v)| match v {
                Value::String(s) => (k, s),
                other => (k, other.to_string()),
            })
            .collect()),
        Ok(_) => Ok(Attributes::new()),
        Err(e) => Err(rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            Box::new(e),
        )),
    }
}

/// The five counters, from `n_jobs` at column `at` on.
fn counts_from_row(r: &Row<'_>, at: usize) -> rusqlite::Result<JobCounts> {
    Ok(JobCounts {
        n_jobs: r.get(at)?,
        n_completed: r.get(at + 1)?,
        n_succeeded: r.get(at + 2)?,
        n_failed: r.get(at + 3)?,
        n_cancelled: r.get(at + 4)?,
    })
}

fn parse_enum<T>(s: String) -> rusqlite::Result<T>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    s.parse::<T>().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            Box::new(StoreError::Internal(format!(
                "unreadable stored value: {e}"
            ))),
        )
    })
}

fn batch_from_row(r: &Row<'_>) -> rusqlite::Result<BatchRow> {
    Ok(BatchRow {
        id: r.get(0)?,
        user: r.get(1)?,
        billing_project: r.get(2)?,
        token: r.get(3)?,
        state: parse_enum(r.get(4)?)?,
        cancelled: r.get(5)?,
        attributes: parse_attributes(r.get(6)?)?,
        callback: r.get(7)?,
        cancel_after_n_failures: r.get(8)?,
        counts: counts_from_row(r, 9)?,
        time_created: r.get(14)?,
        time_completed: r.get(15)?,
        n_updates: r.get(16)?,
    })
}

fn group_from_row(r: &Row<'_>) -> rusqlite::Result<JobGroupRow> {
    Ok(JobGroupRow {
        batch_id: r.get(0)?,
        job_group_id: r.get(1)?,
        parent_id: r.get(2)?,
        update_id: r.get(3)?,
        state: parse_enum(r.get(4)?)?,
        cancelled: r.get(5)?,
        effectively_cancelled: r.get(6)?,
        attributes: parse_attributes(r.get(7)?)?,
        callback: r.get(8)?,
        cancel_after_n_failures: r.get(9)?,
        counts: counts_from_row(r, 10)?,
        time_created: r.get(15)?,
        time_completed: r.get(16)?,
    })
}

fn job_from_row(r: &Row<'_>, user: &str, billing_project: &str) -> rusqlite::Result<JobRow> {
    Ok(JobRow {
        batch_id: r.get(0)?,
        job_id: r.get(1)?,
        job_group_id: r.get(2)?,
        update_id: r.get(3)?,
        name: r.get(4)?,
        user: user.to_owned(),
        billing_project: billing_project.to_owned(),
        state: parse_enum(r.get(5)?)?,
        exit_code: r.get(6)?,
        always_run: r.get(7)?,
        n_max_attempts: r.get(8)?,
        cores_mcpu: r.get(9)?,
        cancelled: r.get(10)?,
        n_pending_parents: r.get(11)?,
        attempt_id: r.get(12)?,
        start_time: r.get(13)?,
        end_time: r.get(14)?,
        duration_ms: r.get(15)?,
        inst_coll: r.get(16)?,
        time_ready: r.get(17)?,
    })
}

/// A batch by id without access checks (deleted ones included).
pub(super) fn batch_row_unchecked(conn: &Connection, id: i64) -> Result<Option<BatchRow>> {
    let sql = format!("SELECT {BATCH_COLS} {BATCH_FROM} WHERE b.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id], batch_from_row)
        .optional()?)
}

/// A job group without access or commit checks.
pub(super) fn group_row_unchecked(
    conn: &Connection,
    b: i64,
    g: i64,
) -> Result<Option<JobGroupRow>> {
    let sql = format!(
        "SELECT {GROUP_COLS} FROM job_groups AS g WHERE g.batch_id = ?1 AND g.job_group_id = ?2"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![b, g], group_from_row)
        .optional()?)
}

/// Owner and billing project of a batch the user may read (member of its billing project,
/// not deleted); 404 otherwise.
pub(super) fn visible_batch(conn: &Connection, user: &str, id: i64) -> Result<(String, String)> {
    let sql = format!(
        "SELECT b.user, b.billing_project FROM batches AS b
         WHERE b.id = ? AND b.deleted = 0 AND {MEMBER_OF_B}"
    );
    conn.prepare_cached(&sql)?
        .query_row(params![id, user], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(StoreError::not_found)
}

/// Whether `user` is a member of the batch's billing project, deleted batches included:
/// `Some(deleted)`, or `None` (→ 404). Endpoints that then look the group up answer a
/// deleted batch with 403 `Job Group (<b>, <g>) does not exist.`, like the reference.
pub(super) fn member_batch(conn: &Connection, user: &str, id: i64) -> Result<Option<bool>> {
    let sql = format!("SELECT b.deleted FROM batches AS b WHERE b.id = ? AND {MEMBER_OF_B}");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id, user], |r| r.get(0))
        .optional()?)
}

/// A committed (or root) job group of a visible batch, if it exists.
fn committed_group(conn: &Connection, b: i64, g: i64) -> Result<Option<JobGroupRow>> {
    let sql = format!(
        "SELECT {GROUP_COLS} FROM job_groups AS g
         WHERE g.batch_id = ?1 AND g.job_group_id = ?2 AND g.committed = 1"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![b, g], group_from_row)
        .optional()?)
}

/// An update of a batch the user created; 404 otherwise.
pub(super) fn owned_update(
    conn: &Connection,
    user: &str,
    batch_id: i64,
    update_id: i64,
) -> Result<UpdateRow> {
    conn.prepare_cached(
        "SELECT u.update_id, u.start_job_id, u.start_job_group_id, u.token, u.n_jobs,
                u.n_job_groups, u.committed, u.time_created, u.time_committed
         FROM updates AS u JOIN batches AS b ON b.id = u.batch_id
         WHERE u.batch_id = ?1 AND u.update_id = ?2 AND b.deleted = 0 AND b.user = ?3",
    )?
    .query_row(params![batch_id, update_id, user], |r| {
        Ok(UpdateRow {
            batch_id,
            ids: UpdateIds {
                update_id: r.get(0)?,
                start_job_id: r.get(1)?,
                start_job_group_id: r.get(2)?,
            },
            token: r.get(3)?,
            n_jobs: r.get(4)?,
            n_job_groups: r.get(5)?,
            committed: r.get(6)?,
            time_created: r.get(7)?,
            time_committed: r.get(8)?,
        })
    })
    .optional()?
    .ok_or_else(StoreError::not_found)
}

impl Store {
    /// `GET batch`: the batch if the user is a member of its billing project and it is not
    /// deleted; 404 otherwise.
    pub(crate) fn get_batch(&self, user: &str, batch_id: i64) -> Result<BatchRow> {
        self.read(|tx| {
            let sql = format!(
                "SELECT {BATCH_COLS} {BATCH_FROM} WHERE b.id = ? AND b.deleted = 0 AND {MEMBER_OF_B}"
            );
            tx.prepare_cached(&sql)?
                .query_row(params![batch_id, user], batch_from_row)
                .optional()?
                .ok_or_else(StoreError::not_found)
        })
    }

    /// Batch listing: visible batches matching `filter`, id descending, 50 per page, ids below
    /// `last_batch_id`. The cursor is the last id of the page, present only if more exist.
    pub(crate) fn list_batches(
        &self,
        user: &str,
        filter: &SqlFilter,
        last_batch_id: Option<i64>,
    ) -> Result<(Vec<BatchRow>, Option<i64>)> {
        self.read(|tx| {
            let cursor = if last_batch_id.is_some() {
                "AND b.id < ?"
            } else {
                ""
            };
            let sql = format!(
                "SELECT {BATCH_COLS} {BATCH_FROM}
                 WHERE b.deleted = 0 AND b.billing_project IN
                   (SELECT billing_project FROM billing_project_users WHERE user = ?)
                   {cursor} AND ({})
                 ORDER BY b.id DESC LIMIT {}",
                filter.sql,
                PAGE + 1
            );
            let mut params: Vec<SqlValue> = vec![SqlValue::Text(user.to_owned())];
            params.extend(last_batch_id.map(SqlValue::Integer));
            params.extend(filter.params.iter().cloned());
            let mut rows: Vec<BatchRow> = tx
                .prepare(&sql)?
                .query_map(params_from_iter(params), batch_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            let next = if rows.len() > PAGE {
                rows.truncate(PAGE);
                rows.last().map(|b| b.id)
            } else {
                None
            };
            Ok((rows, next))
        })
    }

    /// `GET job group`: a committed group (or the root) of a visible batch; 404 otherwise.
    pub(crate) fn get_job_group(
        &self,
        user: &str,
        batch_id: i64,
        job_group_id: i64,
    ) -> Result<JobGroupRow> {
        self.read(|tx| {
            visible_batch(tx, user, batch_id)?;
            committed_group(tx, batch_id, job_group_id)?.ok_or_else(StoreError::not_found)
        })
    }

    /// Direct committed children of a group, id ascending, 50 per page, ids above
    /// `last_job_group_id`; the cursor is present only if more exist. 404 for an invisible
    /// batch, 403 `Job Group (<b>, <g>) does not exist.` for a missing/uncommitted parent.
    pub(crate) fn list_child_job_groups(
        &self,
        user: &str,
        batch_id: i64,
        job_group_id: i64,
        last_job_group_id: Option<i64>,
    ) -> Result<(Vec<JobGroupRow>, Option<i64>)> {
        self.read(|tx| {
            match member_batch(tx, user, batch_id)? {
                None => return Err(StoreError::not_found()),
                Some(true) => return Err(StoreError::no_job_group(batch_id, job_group_id)),
                Some(false) => {}
            }
            if committed_group(tx, batch_id, job_group_id)?.is_none() {
                return Err(StoreError::no_job_group(batch_id, job_group_id));
            }
            let sql = format!(
                "SELECT {GROUP_COLS} FROM job_groups AS g
                 WHERE g.batch_id = ?1 AND g.parent_id = ?2 AND g.committed = 1
                   AND g.job_group_id > ?3
                 ORDER BY g.job_group_id LIMIT {}",
                PAGE + 1
            );
            let mut rows: Vec<JobGroupRow> = tx
                .prepare_cached(&sql)?
                .query_map(
                    params![
                        batch_id,
                        job_group_id,
                        last_job_group_id.unwrap_or(i64::MIN)
                    ],
                    group_from_row,
                )?
                .collect::<rusqlite::Result<_>>()?;
            let next = if rows.len() > PAGE {
                rows.truncate(PAGE);
                rows.last().map(|g| g.job_group_id)
            } else {
                None
            };
            Ok((rows, next))
        })
    }

    /// Job listing of a group (with descendants when `recursive`): committed jobs matching
    /// `filter`, id ascending, 50 per page, ids above `last_job_id`. The cursor is the last id
    /// whenever the page holds exactly 50 jobs (§8.9: the final page may be empty). 404 for an
    /// invisible batch or a missing/uncommitted group.
    pub(crate) fn list_jobs(
        &self,
        user: &str,
        batch_id: i64,
        job_group_id: i64,
        recursive: bool,
        filter: &SqlFilter,
        last_job_id: Option<i64>,
    ) -> Result<(Vec<JobRow>, Option<i64>)> {
        self.read(|tx| {
            let (owner, project) = visible_batch(tx, user, batch_id)?;
            if committed_group(tx, batch_id, job_group_id)?.is_none() {
                return Err(StoreError::not_found());
            }
            // Root + recursive = the whole batch: primary-key range. Otherwise the
            // (batch_id, job_group_id, job_id) index, per group of the subtree.
            let groups = match (recursive, job_group_id) {
                (true, 0) => "",
                (true, _) => {
                    "AND j.job_group_id IN (SELECT job_group_id FROM job_group_ancestors
                       WHERE batch_id = ? AND ancestor_id = ?)"
                }
                (false, _) => "AND j.job_group_id = ?",
            };
            let sql = format!(
                "SELECT {JOB_COLS} {JOB_FROM}
                 WHERE j.batch_id = ? {groups} AND j.committed = 1 AND j.job_id > ? AND ({})
                 ORDER BY j.job_id LIMIT {PAGE}",
                filter.sql
            );
            let mut params: Vec<SqlValue> = vec![SqlValue::Integer(batch_id)];
            match (recursive, job_group_id) {
                (true, 0) => {}
                (true, g) => params.extend([SqlValue::Integer(batch_id), SqlValue::Integer(g)]),
                (false, g) => params.push(SqlValue::Integer(g)),
            }
            params.push(SqlValue::Integer(last_job_id.unwrap_or(0)));
            params.extend(filter.params.iter().cloned());
            let rows: Vec<JobRow> = tx
                .prepare(&sql)?
                .query_map(params_from_iter(params), |r| {
                    job_from_row(r, &owner, &project)
                })?
                .collect::<rusqlite::Result<_>>()?;
            let next = if rows.len() == PAGE {
                rows.last().map(|j| j.job_id)
            } else {
                None
            };
            Ok((rows, next))
        })
    }

    /// `GET job`: a committed job of a visible batch with spec, status and attributes.
    pub(crate) fn get_job(&self, user: &str, batch_id: i64, job_id: i64) -> Result<JobDetail> {
        self.read(|tx| {
            let (owner, project) = visible_batch(tx, user, batch_id)?;
            let sql = format!(
                "SELECT {JOB_COLS}, s.spec, j.status, s.attributes {JOB_FROM}
                 JOIN job_specs AS s ON s.id = {SPEC_KEY_OF_J}
                 WHERE j.batch_id = ?1 AND j.job_id = ?2 AND j.committed = 1"
            );
            let found = tx
                .prepare_cached(&sql)?
                .query_row(params![batch_id, job_id], |r| {
                    Ok((
                        job_from_row(r, &owner, &project)?,
                        r.get::<_, String>(18)?,
                        r.get::<_, Option<String>>(19)?,
                        parse_attributes(r.get(20)?)?,
                    ))
                })
                .optional()?;
            let Some((job, spec, status, attributes)) = found else {
                return Err(StoreError::not_found());
            };
            let spec: Value = serde_json::from_str(&spec)?;
            let status: Option<Value> = status.map(|s| serde_json::from_str(&s)).transpose()?;
            Ok(JobDetail {
                job,
                spec,
                status,
                attributes,
            })
        })
    }

    /// Attempts of a committed job of a visible batch, ordered by start time, then end time,
    /// then "now" (i.e. last) for attempts with neither; `None` when the job has none; 404 if
    /// the job does not exist.
    pub(crate) fn attempts(
        &self,
        user: &str,
        batch_id: i64,
        job_id: i64,
    ) -> Result<Option<Vec<AttemptRow>>> {
        self.read(|tx| {
            visible_batch(tx, user, batch_id)?;
            let exists: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM jobs
                     WHERE batch_id = ?1 AND job_id = ?2 AND committed = 1)",
                )?
                .query_row(params![batch_id, job_id], |r| r.get(0))?;
            if !exists {
                return Err(StoreError::not_found());
            }
            let rows: Vec<AttemptRow> = tx
                .prepare_cached(
                    "SELECT attempt_id, instance_name, start_time, end_time, reason
                     FROM attempts WHERE batch_id = ?1 AND job_id = ?2
                     ORDER BY COALESCE(start_time, end_time, 9223372036854775807), rowid",
                )?
                .query_map(params![batch_id, job_id], |r| {
                    Ok(AttemptRow {
                        batch_id,
                        job_id,
                        attempt_id: r.get(0)?,
                        instance_name: r.get(1)?,
                        start_time: r.get(2)?,
                        end_time: r.get(3)?,
                        reason: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(if rows.is_empty() { None } else { Some(rows) })
        })
    }

    /// How many jobs of a visible batch are running (or being created): index-backed
    /// (`jobs_by_state`) and bounded by the running jobs, not the batch's size.
    pub(crate) fn n_running(&self, user: &str, batch_id: i64) -> Result<i64> {
        self.read(|tx| {
            visible_batch(tx, user, batch_id)?;
            let n = tx
                .prepare_cached(
                    "SELECT (SELECT COUNT(*) FROM jobs WHERE state = 'Running' AND batch_id = ?1)
                          + (SELECT COUNT(*) FROM jobs WHERE state = 'Creating' AND batch_id = ?1)",
                )?
                .query_row(params![batch_id], |r| r.get(0))?;
            Ok(n)
        })
    }

    /// Every dependency of a visible batch's committed jobs, `(job_id, parent_id)` in job
    /// order: the local service's extension for `hailctl batch rerun` (Hail's API reports no
    /// job's parents).
    pub(crate) fn job_parents(&self, user: &str, batch_id: i64) -> Result<Vec<(i64, i64)>> {
        self.read(|tx| {
            visible_batch(tx, user, batch_id)?;
            let rows = tx
                .prepare_cached(
                    "SELECT p.job_id, p.parent_id FROM job_parents AS p
                     JOIN jobs AS j ON j.batch_id = p.batch_id AND j.job_id = p.job_id
                     WHERE p.batch_id = ?1 AND j.committed = 1
                     ORDER BY p.job_id, p.parent_id",
                )?
                .query_map(params![batch_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// An update of a batch the user created (404 otherwise). The slow path uses its start
    /// ids to translate in-update ids before [`Store::insert_jobs`].
    pub(crate) fn get_update(
        &self,
        user: &str,
        batch_id: i64,
        update_id: i64,
    ) -> Result<UpdateRow> {
        self.read(|tx| owned_update(tx, user, batch_id, update_id))
    }
}
