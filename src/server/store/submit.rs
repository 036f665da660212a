//! The submission protocol (`batch-api.md` §2.8–2.15, §4): batches, updates with reserved id
//! ranges, job-group and job bunches, commit, and the one-transaction fast paths.
//!
//! Inputs carry absolute ids (the HTTP layer translates in-update ids with [`UpdateIds`]);
//! range errors are reported in in-update ids, as Hail does. Every operation is idempotent
//! the way §1.8 describes, so byte-identical retries of the official client are harmless.

use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, params};

use super::billing::check_new_batch;
use super::engine::{EFFECTIVELY_CANCELLED, Engine, group_cancelled};
use super::read::owned_update;
use super::types::{Attributes, Committed, NewBatch, NewJob, NewJobGroup, NewUpdate, UpdateIds};
use super::{Result, Store, StoreError};
use crate::server::api::messages;

/// Stored form of attributes: compact JSON, `NULL` when empty.
fn attributes_json(attributes: &Attributes) -> Result<Option<String>> {
    if attributes.is_empty() {
        return Ok(None);
    }
    Ok(Some(serde_json::to_string(attributes)?))
}

/// Largest job and job-group id (and count): the reference's id columns are 32-bit.
const MAX_ID: i64 = i32::MAX as i64;

/// Key of a job's row in `job_specs` (migration 3): `batch_id * 2^32 + job_id`, so that the
/// rows of a bunch are appended in key order. Both ids are below 2^31 (batch ids are
/// allocated 1, 2, …; job ids are checked by [`create_update_tx`]).
fn spec_key(batch_id: i64, job_id: i64) -> Result<i64> {
    if (0..=MAX_ID).contains(&batch_id) && (0..=MAX_ID).contains(&job_id) {
        Ok(batch_id << 32 | job_id)
    } else {
        Err(StoreError::Internal(format!(
            "job ({batch_id}, {job_id}) has no job_specs key"
        )))
    }
}

fn check_threshold(n: Option<i64>) -> Result<()> {
    match n {
        Some(n) if n <= 0 => Err(StoreError::bad(format!(
            "cancel_after_n_failures must be greater than 0, got {n}"
        ))),
        _ => Ok(()),
    }
}

fn root_cancelled(conn: &Connection, batch_id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT cancelled FROM job_groups WHERE batch_id = ?1 AND job_group_id = 0",
        )?
        .query_row(params![batch_id], |r| r.get(0))
        .optional()?
        .unwrap_or(false))
}

pub(super) fn create_batch_tx(
    conn: &Connection,
    user: &str,
    nb: &NewBatch,
    auto_billing: bool,
    now: i64,
) -> Result<(i64, bool)> {
    // §5: billing checks come before the token lookup, so a retry into a project that was
    // closed meanwhile is refused like a new batch.
    check_new_batch(conn, user, &nb.billing_project, auto_billing, now)?;
    let existing: Option<i64> = conn
        .prepare_cached("SELECT id FROM batches WHERE user = ?1 AND token = ?2")?
        .query_row(params![user, nb.token], |r| r.get(0))
        .optional()?;
    if let Some(id) = existing {
        return Ok((id, false));
    }
    check_threshold(nb.cancel_after_n_failures)?;
    let attributes = attributes_json(&nb.attributes)?;
    // A new batch has no jobs: complete, with time_completed = time_created (§3.4).
    let id: i64 = conn
        .prepare_cached(
            "INSERT INTO batches (user, billing_project, token, state, attributes, callback,
                                  time_created, time_completed)
             VALUES (?1, ?2, ?3, 'complete', ?4, ?5, ?6, ?6) RETURNING id",
        )?
        .query_row(
            params![
                user,
                nb.billing_project,
                nb.token,
                attributes,
                nb.callback,
                now
            ],
            |r| r.get(0),
        )?;
    conn.prepare_cached(
        "INSERT INTO job_groups (batch_id, job_group_id, parent_id, update_id, committed, state,
                                 cancel_after_n_failures, callback, attributes, time_created,
                                 time_completed)
         VALUES (?1, 0, NULL, 0, 1, 'complete', ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![
        id,
        nb.cancel_after_n_failures,
        nb.callback,
        attributes,
        now
    ])?;
    conn.prepare_cached(
        "INSERT INTO job_group_ancestors (batch_id, job_group_id, ancestor_id) VALUES (?1, 0, 0)",
    )?
    .execute(params![id])?;
    insert_group_attributes(conn, id, 0, &nb.attributes)?;
    Ok((id, true))
}

fn insert_group_attributes(conn: &Connection, b: i64, g: i64, attrs: &Attributes) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO job_group_attributes (batch_id, job_group_id, key, value)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (k, v) in attrs {
        stmt.execute(params![b, g, k, v])?;
    }
    Ok(())
}

/// The batch if `user` created it and it is not deleted; 404 otherwise.
fn owned_batch(conn: &Connection, user: &str, batch_id: i64) -> Result<()> {
    let ok: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM batches WHERE id = ?1 AND user = ?2 AND deleted = 0)",
        )?
        .query_row(params![batch_id, user], |r| r.get(0))?;
    if ok {
        Ok(())
    } else {
        Err(StoreError::not_found())
    }
}

pub(super) fn create_update_tx(
    conn: &Connection,
    user: &str,
    batch_id: i64,
    nu: &NewUpdate,
    now: i64,
) -> Result<UpdateIds> {
    owned_batch(conn, user, batch_id)?;
    // §1.8: a repeated token is answered before the cancellation check.
    let existing = conn
        .prepare_cached(
            "SELECT update_id, start_job_id, start_job_group_id FROM updates
             WHERE batch_id = ?1 AND token = ?2",
        )?
        .query_row(params![batch_id, nu.token], |r| {
            Ok(UpdateIds {
                update_id: r.get(0)?,
                start_job_id: r.get(1)?,
                start_job_group_id: r.get(2)?,
            })
        })
        .optional()?;
    if let Some(ids) = existing {
        return Ok(ids);
    }
    // Bounded like the reference's 32-bit id columns, which also keeps id arithmetic exact.
    let max = MAX_ID;
    if !(0..=max).contains(&nu.n_jobs) || !(0..=max).contains(&nu.n_job_groups) {
        return Err(StoreError::bad(format!(
            "n_jobs and n_job_groups must be between 0 and {max}"
        )));
    }
    if root_cancelled(conn, batch_id)? {
        return Err(StoreError::bad(messages::cancelled_batch_submit()));
    }
    // §4.7: ranges follow the previous update's, committed or not (abandoned updates leave
    // permanent gaps).
    let (update_id, start_job_id, start_job_group_id) = conn
        .prepare_cached(
            "SELECT update_id + 1, start_job_id + n_jobs, start_job_group_id + n_job_groups
             FROM updates WHERE batch_id = ?1 ORDER BY update_id DESC LIMIT 1",
        )?
        .query_row(params![batch_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .unwrap_or((1, 1, 1));
    // Job ids are 32-bit, as in the reference, and `job_specs` keys rely on it.
    if start_job_id - 1 > MAX_ID - nu.n_jobs {
        return Err(StoreError::bad(format!(
            "too many jobs in batch {batch_id}: job ids must not exceed {MAX_ID}"
        )));
    }
    conn.prepare_cached(
        "INSERT INTO updates (batch_id, update_id, token, n_jobs, n_job_groups, start_job_id,
                              start_job_group_id, time_created)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        batch_id,
        update_id,
        nu.token,
        nu.n_jobs,
        nu.n_job_groups,
        start_job_id,
        start_job_group_id,
        now
    ])?;
    conn.prepare_cached("UPDATE batches SET n_updates = n_updates + 1 WHERE id = ?1")?
        .execute(params![batch_id])?;
    Ok(UpdateIds {
        update_id,
        start_job_id,
        start_job_group_id,
    })
}

/// `(committed, update_id)` of a group, if it exists.
fn group_info(conn: &Connection, b: i64, g: i64) -> Result<Option<(bool, i64)>> {
    Ok(conn
        .prepare_cached(
            "SELECT committed, update_id FROM job_groups WHERE batch_id = ?1 AND job_group_id = ?2",
        )?
        .query_row(params![b, g], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// An update may refer to committed objects and to its own ones only, so that an update that
/// is never committed cannot leave others waiting on it forever.
fn usable(info: Option<(bool, i64)>, update_id: i64) -> bool {
    matches!(info, Some((committed, u)) if committed || u == update_id)
}

pub(super) fn insert_job_groups_tx(
    conn: &Connection,
    user: &str,
    batch_id: i64,
    update_id: i64,
    groups: &[NewJobGroup],
) -> Result<()> {
    let upd = owned_update(conn, user, batch_id, update_id)?;
    // §7: a group's creation time is its update's request time.
    let now = upd.time_created;
    if upd.committed {
        return Err(StoreError::bad(messages::update_already_committed(
            update_id,
        )));
    }
    let (Some(first), Some(last)) = (groups.first(), groups.last()) else {
        return Ok(());
    };
    let start = upd.ids.start_job_group_id;
    let rel = |g: i64| g.saturating_sub(start).saturating_add(1);
    let out_of_range = groups
        .iter()
        .any(|g| rel(g.job_group_id) < 1 || rel(g.job_group_id) > upd.n_job_groups);
    if out_of_range {
        return Err(StoreError::bad(messages::job_group_ids_out_of_range(
            rel(first.job_group_id),
            rel(last.job_group_id),
            upd.n_job_groups,
            update_id,
        )));
    }
    let ids: HashSet<i64> = groups.iter().map(|g| g.job_group_id).collect();
    if ids.len() != groups.len() {
        return Err(StoreError::bad(
            "job group ids in the request must be distinct",
        ));
    }
    let mut existing = 0;
    for g in &ids {
        if group_info(conn, batch_id, *g)?.is_some() {
            existing += 1;
        }
    }
    if existing == groups.len() {
        return Ok(()); // a retried bunch
    }
    if existing > 0 {
        return Err(StoreError::bad(messages::job_groups_partially_exist(
            existing,
            groups.len(),
            update_id,
        )));
    }
    for g in groups {
        let in_update_id = rel(g.job_group_id);
        if !usable(group_info(conn, batch_id, g.parent_id)?, update_id) {
            return Err(StoreError::bad(messages::job_group_parent_missing(
                in_update_id,
                batch_id,
                Some(g.parent_id),
            )));
        }
        if group_cancelled(conn, batch_id, g.parent_id)? {
            return Err(StoreError::bad(messages::job_group_parent_cancelled(
                in_update_id,
                batch_id,
            )));
        }
        // Levels below the root: root → level 1 → level 2.
        let parent_depth: i64 = conn
            .prepare_cached(
                "SELECT COUNT(*) FROM job_group_ancestors WHERE batch_id = ?1 AND job_group_id = ?2",
            )?
            .query_row(params![batch_id, g.parent_id], |r| r.get(0))?;
        if parent_depth > messages::MAX_JOB_GROUP_NESTING as i64 {
            return Err(StoreError::bad(messages::job_group_too_deep(
                in_update_id,
                batch_id,
            )));
        }
        check_threshold(g.cancel_after_n_failures)?;
        // A new group has no jobs yet: complete until a commit adds jobs to it (§2.12).
        conn.prepare_cached(
            "INSERT INTO job_groups (batch_id, job_group_id, parent_id, update_id, committed,
                                     state, cancel_after_n_failures, callback, attributes,
                                     time_created, time_completed)
             VALUES (?1, ?2, ?3, ?4, 0, 'complete', ?5, ?6, ?7, ?8, ?8)",
        )?
        .execute(params![
            batch_id,
            g.job_group_id,
            g.parent_id,
            update_id,
            g.cancel_after_n_failures,
            g.callback,
            attributes_json(&g.attributes)?,
            now
        ])?;
        conn.prepare_cached(
            "INSERT INTO job_group_ancestors (batch_id, job_group_id, ancestor_id)
             SELECT ?1, ?2, ancestor_id FROM job_group_ancestors
             WHERE batch_id = ?1 AND job_group_id = ?3
             UNION ALL SELECT ?1, ?2, ?2",
        )?
        .execute(params![batch_id, g.job_group_id, g.parent_id])?;
        insert_group_attributes(conn, batch_id, g.job_group_id, &g.attributes)?;
    }
    Ok(())
}

pub(super) fn insert_jobs_tx(
    conn: &Connection,
    user: &str,
    batch_id: i64,
    update_id: i64,
    jobs: &[NewJob],
) -> Result<()> {
    let upd = owned_update(conn, user, batch_id, update_id)?;
    if upd.committed {
        return Err(StoreError::bad(messages::update_already_committed(
            update_id,
        )));
    }
    let (Some(min), Some(max)) = (
        jobs.iter().map(|j| j.job_id).min(),
        jobs.iter().map(|j| j.job_id).max(),
    ) else {
        return Ok(());
    };
    let start = upd.ids.start_job_id;
    let end = start + upd.n_jobs - 1;
    if min < start || max > end {
        return Err(StoreError::bad(messages::job_ids_out_of_range(
            min.saturating_sub(start).saturating_add(1),
            max.saturating_sub(start).saturating_add(1),
            upd.n_jobs,
            update_id,
        )));
    }
    let ids: HashSet<i64> = jobs.iter().map(|j| j.job_id).collect();
    if ids.len() != jobs.len() {
        return Err(StoreError::bad("bunch contains duplicate job ids"));
    }
    // §1.8: if any job of the bunch exists, the bunch was inserted before (bunches are
    // inserted atomically); the retry succeeds without changes.
    // One range scan instead of a lookup per job; other bunches' jobs inside the range (an
    // unusual split) are told apart by the id set.
    {
        let mut existing = conn.prepare_cached(
            "SELECT job_id FROM jobs WHERE batch_id = ?1 AND job_id BETWEEN ?2 AND ?3",
        )?;
        let mut rows = existing.query(params![batch_id, min, max])?;
        while let Some(row) = rows.next()? {
            if ids.contains(&row.get::<_, i64>(0)?) {
                return Ok(());
            }
        }
    }
    // Groups: must be usable by this update and not cancelled (§4.5).
    let mut group_ok: HashMap<i64, bool> = HashMap::new();
    for j in jobs {
        if group_ok.contains_key(&j.job_group_id) {
            continue;
        }
        if !usable(group_info(conn, batch_id, j.job_group_id)?, update_id) {
            return Err(StoreError::bad(format!(
                "bunch contains job with a job group that does not exist (({batch_id}, {}, {}))",
                j.job_id, j.job_group_id
            )));
        }
        let cancelled = group_cancelled(conn, batch_id, j.job_group_id)?;
        group_ok.insert(j.job_group_id, !cancelled);
    }
    if group_ok.values().any(|ok| !ok) {
        return Err(StoreError::bad(messages::job_group_cancelled_bunch(
            batch_id, min,
        )));
    }
    let mut duplicated = Vec::new();
    for j in jobs {
        let mut seen = BTreeSet::new();
        let mut reported = BTreeSet::new();
        for p in &j.parent_ids {
            if !seen.insert(*p) && reported.insert(*p) {
                duplicated.push((batch_id, j.job_id, *p));
            }
        }
    }
    if !duplicated.is_empty() {
        return Err(StoreError::bad(messages::duplicated_parents(duplicated)));
    }
    // Local rule (§4.1 "Local", §14.11): parents are earlier jobs of this update (they will
    // all exist at commit, whose count check guarantees the whole range) or committed jobs of
    // earlier updates. This keeps the graph acyclic and every job reachable.
    {
        let mut committed_job = conn.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM jobs WHERE batch_id = ?1 AND job_id = ?2 AND committed = 1)",
        )?;
        for j in jobs {
            for &p in &j.parent_ids {
                let ok = p >= 1
                    && p < j.job_id
                    && (p >= start
                        || committed_job.query_row(params![batch_id, p], |r| r.get(0))?);
                if !ok {
                    return Err(StoreError::bad(format!(
                        "bunch contains job with a parent that does not exist or is not an \
                         earlier job of the batch (({batch_id}, {}, {p}))",
                        j.job_id
                    )));
                }
            }
            if j.n_max_attempts < 1 {
                return Err(StoreError::bad(format!(
                    "n_max_attempts must be at least 1, got {}",
                    j.n_max_attempts
                )));
            }
            if j.cores_mcpu < 0 {
                return Err(StoreError::bad("cores_mcpu must not be negative"));
            }
        }
    }
    let mut insert_parent = conn.prepare_cached(
        "INSERT INTO job_parents (batch_id, job_id, parent_id) VALUES (?1, ?2, ?3)",
    )?;
    let mut insert_attr = conn.prepare_cached(
        "INSERT INTO job_attributes (batch_id, job_id, key, value) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let new_rows = JobRows {
        batch_id,
        update_id,
    };
    let mut chunks = jobs.chunks_exact(JOBS_PER_INSERT);
    for chunk in chunks.by_ref() {
        new_rows.insert(conn, chunk)?;
    }
    for j in chunks.remainder() {
        new_rows.insert(conn, std::slice::from_ref(j))?;
    }
    for j in jobs {
        for p in &j.parent_ids {
            insert_parent.execute(params![batch_id, j.job_id, p])?;
        }
        for (k, v) in &j.attributes {
            // The name is `jobs.name` (migration 3; see `JobRows::insert`).
            if k == "name" {
                continue;
            }
            insert_attr.execute(params![batch_id, j.job_id, k, v])?;
        }
    }
    Ok(())
}

/// Jobs per multi-row `INSERT` of `jobs` and `job_specs` rows. Besides saving per-statement
/// work, one statement evaluates the constant list of the `jobs.state` CHECK (`state IN
/// (…)`), which SQLite materialises as a temporary B-tree, once per statement instead of once
/// per row: that alone was ~45% of the insert time of a bunch.
const JOBS_PER_INSERT: usize = 64;

/// `<head> VALUES <row>, <row>, …` with `n` rows.
fn values_sql(head: &str, row: &str, n: usize) -> String {
    format!("{head} VALUES {}", vec![row; n].join(", "))
}

/// Inserts the `jobs` and `job_specs` rows of new jobs, [`JOBS_PER_INSERT`] or one per
/// statement (statements for other counts would crowd the statement cache).
struct JobRows {
    batch_id: i64,
    update_id: i64,
}

impl JobRows {
    /// §4.7: update 1 starts parentless jobs Ready (still invisible until commit); later
    /// updates start everything Pending and recount at commit.
    fn state(&self, j: &NewJob) -> &'static str {
        if self.update_id == 1 && j.parent_ids.is_empty() {
            "Ready"
        } else {
            "Pending"
        }
    }

    fn insert(&self, conn: &Connection, jobs: &[NewJob]) -> Result<()> {
        const JOB_COLUMNS: usize = 10;
        const SPEC_COLUMNS: usize = 3;
        let mut insert_job = conn.prepare_cached(&values_sql(
            "INSERT INTO jobs (batch_id, job_id, job_group_id, update_id, committed, state, name,
                               always_run, n_max_attempts, cores_mcpu, n_pending_parents)",
            "(?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)",
            jobs.len(),
        ))?;
        let mut insert_spec = conn.prepare_cached(&values_sql(
            "INSERT INTO job_specs (id, spec, attributes)",
            "(?, ?, ?)",
            jobs.len(),
        ))?;
        for (i, j) in jobs.iter().enumerate() {
            let at = i * JOB_COLUMNS;
            insert_job.raw_bind_parameter(at + 1, self.batch_id)?;
            insert_job.raw_bind_parameter(at + 2, j.job_id)?;
            insert_job.raw_bind_parameter(at + 3, j.job_group_id)?;
            insert_job.raw_bind_parameter(at + 4, self.update_id)?;
            insert_job.raw_bind_parameter(at + 5, self.state(j))?;
            let name = j.attributes.get("name");
            insert_job.raw_bind_parameter(at + 6, name)?;
            insert_job.raw_bind_parameter(at + 7, j.always_run)?;
            insert_job.raw_bind_parameter(at + 8, j.n_max_attempts)?;
            insert_job.raw_bind_parameter(at + 9, j.cores_mcpu)?;
            insert_job.raw_bind_parameter(at + 10, j.parent_ids.len() as i64)?;
            let attributes = attributes_json(&j.attributes)?;
            let at = i * SPEC_COLUMNS;
            insert_spec.raw_bind_parameter(at + 1, spec_key(self.batch_id, j.job_id)?)?;
            insert_spec.raw_bind_parameter(at + 2, &j.spec)?;
            insert_spec.raw_bind_parameter(at + 3, attributes)?;
        }
        insert_job.raw_execute()?;
        insert_spec.raw_execute()?;
        Ok(())
    }
}

/// Whether any of the groups (`(job_group_id, _)` pairs) is cancelled.
fn any_group_cancelled(conn: &Connection, batch_id: i64, groups: &[(i64, i64)]) -> Result<bool> {
    for &(g, _) in groups {
        if group_cancelled(conn, batch_id, g)? {
            return Ok(true);
        }
    }
    Ok(false)
}

pub(super) fn commit_tx(
    conn: &Connection,
    user: &str,
    batch_id: i64,
    update_id: i64,
    now: i64,
) -> Result<Committed> {
    let upd = owned_update(conn, user, batch_id, update_id)?;
    let ids = upd.ids;
    // Idempotent before anything else, so a retried commit (or fast path) returns the
    // original ids even if the batch was cancelled in between.
    if upd.committed {
        return Ok(Committed {
            batch_id,
            update: Some(ids),
            ..Committed::default()
        });
    }
    if root_cancelled(conn, batch_id)? {
        return Err(StoreError::bad(messages::cancelled_batch_commit()));
    }
    let (g0, g1) = (
        ids.start_job_group_id,
        ids.start_job_group_id + upd.n_job_groups - 1,
    );
    let (j0, j1) = (ids.start_job_id, ids.start_job_id + upd.n_jobs - 1);
    let n_groups: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM job_groups
             WHERE batch_id = ?1 AND job_group_id BETWEEN ?2 AND ?3 AND update_id = ?4",
        )?
        .query_row(params![batch_id, g0, g1, update_id], |r| r.get(0))?;
    if n_groups != upd.n_job_groups {
        return Err(StoreError::bad(messages::wrong_number_of_job_groups(
            upd.n_job_groups,
            n_groups,
        )));
    }
    let n_jobs: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM jobs WHERE batch_id = ?1 AND job_id BETWEEN ?2 AND ?3",
        )?
        .query_row(params![batch_id, j0, j1], |r| r.get(0))?;
    if n_jobs != upd.n_jobs {
        // The reference answers 500 here by accident (§4.8); 400 is the intended answer.
        return Err(StoreError::bad(messages::wrong_number_of_jobs(
            upd.n_jobs, n_jobs,
        )));
    }
    conn.prepare_cached(
        "UPDATE updates SET committed = 1, time_committed = ?3 WHERE batch_id = ?1 AND update_id = ?2",
    )?
    .execute(params![batch_id, update_id, now])?;
    conn.prepare_cached(
        "UPDATE job_groups SET committed = 1
         WHERE batch_id = ?1 AND job_group_id BETWEEN ?2 AND ?3",
    )?
    .execute(params![batch_id, g0, g1])?;
    let mut engine = Engine::new(conn, now);
    engine.accepted = true;
    if upd.n_jobs > 0 {
        if update_id == 1 {
            // No state changes at this commit (jobs were inserted Ready or Pending for good):
            // one pass over the rows marks them committed and stamps the Ready ones. Every
            // pass rewrites each row, which is small since specs live in `job_specs`.
            conn.prepare_cached(
                "UPDATE jobs SET committed = 1,
                   time_ready = CASE WHEN state = 'Ready' THEN ?4 ELSE time_ready END
                 WHERE batch_id = ?1 AND job_id BETWEEN ?2 AND ?3",
            )?
            .execute(params![batch_id, j0, j1, now])?;
        } else {
            conn.prepare_cached(
                "UPDATE jobs SET committed = 1 WHERE batch_id = ?1 AND job_id BETWEEN ?2 AND ?3",
            )?
            .execute(params![batch_id, j0, j1])?;
        }
        conn.prepare_cached(
            "UPDATE batches SET state = 'running', time_completed = NULL WHERE id = ?1",
        )?
        .execute(params![batch_id])?;
        // n_jobs of every group receiving jobs and of its ancestors (counts are recursive).
        let per_group: Vec<(i64, i64)> = conn
            .prepare_cached(
                "SELECT job_group_id, COUNT(*) FROM jobs
                 WHERE batch_id = ?1 AND job_id BETWEEN ?2 AND ?3 GROUP BY job_group_id",
            )?
            .query_map(params![batch_id, j0, j1], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut add_jobs = conn.prepare_cached(
            "UPDATE job_groups SET n_jobs = n_jobs + ?3, state = 'running', time_completed = NULL
             WHERE batch_id = ?1 AND job_group_id IN
               (SELECT ancestor_id FROM job_group_ancestors WHERE batch_id = ?1 AND job_group_id = ?2)",
        )?;
        for &(g, k) in &per_group {
            add_jobs.execute(params![batch_id, g, k])?;
        }
        if update_id > 1 {
            // §2.2: parents may have finished (or failed) before this commit; recount.
            conn.prepare_cached(
                "UPDATE jobs AS j SET
                   n_pending_parents = (SELECT COUNT(*) FROM job_parents AS p
                     JOIN jobs AS pj ON pj.batch_id = p.batch_id AND pj.job_id = p.parent_id
                     WHERE p.batch_id = j.batch_id AND p.job_id = j.job_id
                       AND pj.state NOT IN ('Success', 'Failed', 'Error', 'Cancelled')),
                   cancelled = (j.cancelled OR EXISTS (SELECT 1 FROM job_parents AS p
                     JOIN jobs AS pj ON pj.batch_id = p.batch_id AND pj.job_id = p.parent_id
                     WHERE p.batch_id = j.batch_id AND p.job_id = j.job_id
                       AND pj.state IN ('Failed', 'Error', 'Cancelled')))
                 WHERE j.batch_id = ?1 AND j.job_id BETWEEN ?2 AND ?3",
            )?
            .execute(params![batch_id, j0, j1])?;
            conn.prepare_cached(
                "UPDATE jobs SET state = 'Ready' WHERE batch_id = ?1 AND job_id BETWEEN ?2 AND ?3
                 AND state = 'Pending' AND n_pending_parents = 0",
            )?
            .execute(params![batch_id, j0, j1])?;
            conn.prepare_cached(
                "UPDATE jobs SET time_ready = ?4 WHERE batch_id = ?1 AND job_id BETWEEN ?2 AND ?3
                 AND state = 'Ready'",
            )?
            .execute(params![batch_id, j0, j1, now])?;
        }
        // Jobs whose parent already failed, or whose group was cancelled after the jobs were
        // posted, are cancelled right away (Ready → Cancelled). In update 1 no parent can have
        // finished (parents are jobs of the same update, which did not run), so only a
        // cancelled group dooms a job: the scan (a subquery per Ready job) is skipped unless
        // one of the update's groups is cancelled.
        if update_id > 1 || any_group_cancelled(conn, batch_id, &per_group)? {
            let sql = format!(
                "SELECT j.job_id FROM jobs AS j WHERE j.batch_id = ?1 AND j.job_id BETWEEN ?2 AND ?3
                 AND j.state = 'Ready' AND {EFFECTIVELY_CANCELLED}"
            );
            let doomed: Vec<i64> = conn
                .prepare_cached(&sql)?
                .query_map(params![batch_id, j0, j1], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for j in doomed {
                engine.push(batch_id, j, super::JobState::Cancelled);
            }
        }
    }
    let completion = engine.finish()?;
    Ok(Committed {
        batch_id,
        update: Some(ids),
        completion,
    })
}

impl Store {
    /// `POST /batches/create` (§2.8): creates the batch (internal state complete, root group
    /// 0 carrying attributes, callback and threshold) or returns the existing one for
    /// `(user, token)`. Returns `(batch_id, created)`. Update 1 is reserved separately with
    /// [`Store::create_update`] using the batch token.
    pub(crate) fn create_batch(
        &self,
        user: &str,
        batch: &NewBatch,
        now_ms: i64,
    ) -> Result<(i64, bool)> {
        let auto = !self.billing_fixed();
        self.write(|tx| create_batch_tx(tx, user, batch, auto, now_ms))
    }

    /// `POST /batches/create` with jobs or job groups to come: the batch and its update 1 in
    /// one transaction (one durable commit instead of two). A retry with the same tokens
    /// returns the same batch and update; a refused update leaves no batch behind.
    pub(crate) fn create_batch_with_update(
        &self,
        user: &str,
        batch: &NewBatch,
        update: &NewUpdate,
        now_ms: i64,
    ) -> Result<(i64, UpdateIds)> {
        let auto = !self.billing_fixed();
        self.write(|tx| {
            let (id, _) = create_batch_tx(tx, user, batch, auto, now_ms)?;
            let ids = create_update_tx(tx, user, id, update, now_ms)?;
            Ok((id, ids))
        })
    }

    /// `POST /batches/{id}/updates/create` (§2.11): reserves the update's id ranges, or
    /// returns the update with the same token. Creator only (404); 400 for a cancelled batch.
    pub(crate) fn create_update(
        &self,
        user: &str,
        batch_id: i64,
        update: &NewUpdate,
        now_ms: i64,
    ) -> Result<UpdateIds> {
        self.write(|tx| create_update_tx(tx, user, batch_id, update, now_ms))
    }

    /// `POST …/updates/{u}/job-groups/create` (§2.12): one bunch, atomically. A bunch whose
    /// groups all exist is a no-op; parents must exist (committed, or of this update).
    pub(crate) fn insert_job_groups(
        &self,
        user: &str,
        batch_id: i64,
        update_id: i64,
        groups: &[NewJobGroup],
    ) -> Result<()> {
        self.write(|tx| insert_job_groups_tx(tx, user, batch_id, update_id, groups))
    }

    /// `POST …/updates/{u}/jobs/create` (§2.13): one bunch, atomically. A bunch with any
    /// existing job is a no-op (a retry).
    pub(crate) fn insert_jobs(
        &self,
        user: &str,
        batch_id: i64,
        update_id: i64,
        jobs: &[NewJob],
    ) -> Result<()> {
        self.write(|tx| insert_jobs_tx(tx, user, batch_id, update_id, jobs))
    }

    /// `PATCH …/updates/{u}/commit` (§2.15, §4.8). Idempotent. The returned completion lists
    /// batches/groups completed by jobs cancelled at commit (parents already failed).
    pub(crate) fn commit_update(
        &self,
        user: &str,
        batch_id: i64,
        update_id: i64,
        now_ms: i64,
    ) -> Result<Committed> {
        self.write(|tx| commit_tx(tx, user, batch_id, update_id, now_ms))
    }

    /// `POST /batches/create-fast` (§2.9) in one transaction: batch, update 1 (with `update`,
    /// whose token should be the batch token), groups, jobs, commit. `translate` turns the
    /// request's specs into absolute-id inputs once the update's ids are known. A repeat of
    /// a successful call returns the original ids without calling `translate`. With
    /// `n_jobs = n_job_groups = 0` only the batch is created (`update: None`).
    pub(crate) fn create_fast<F>(
        &self,
        user: &str,
        batch: &NewBatch,
        update: &NewUpdate,
        now_ms: i64,
        translate: F,
    ) -> Result<Committed>
    where
        F: FnOnce(i64, &UpdateIds) -> Result<(Vec<NewJobGroup>, Vec<NewJob>)>,
    {
        let auto = !self.billing_fixed();
        self.write(|tx| {
            let (batch_id, _) = create_batch_tx(tx, user, batch, auto, now_ms)?;
            if update.n_jobs == 0 && update.n_job_groups == 0 {
                return Ok(Committed {
                    batch_id,
                    ..Committed::default()
                });
            }
            fast_update(tx, user, batch_id, update, translate, now_ms)
        })
    }

    /// `POST /batches/{id}/update-fast` (§2.10) in one transaction: update, groups, jobs,
    /// commit. Idempotent on the update token like [`Store::create_fast`].
    pub(crate) fn update_fast<F>(
        &self,
        user: &str,
        batch_id: i64,
        update: &NewUpdate,
        now_ms: i64,
        translate: F,
    ) -> Result<Committed>
    where
        F: FnOnce(i64, &UpdateIds) -> Result<(Vec<NewJobGroup>, Vec<NewJob>)>,
    {
        self.write(|tx| fast_update(tx, user, batch_id, update, translate, now_ms))
    }
}

fn fast_update<F>(
    tx: &Connection,
    user: &str,
    batch_id: i64,
    update: &NewUpdate,
    translate: F,
    now: i64,
) -> Result<Committed>
where
    F: FnOnce(i64, &UpdateIds) -> Result<(Vec<NewJobGroup>, Vec<NewJob>)>,
{
    let ids = create_update_tx(tx, user, batch_id, update, now)?;
    if owned_update(tx, user, batch_id, ids.update_id)?.committed {
        return Ok(Committed {
            batch_id,
            update: Some(ids),
            ..Committed::default()
        });
    }
    let (groups, jobs) = translate(batch_id, &ids)?;
    insert_job_groups_tx(tx, user, batch_id, ids.update_id, &groups)?;
    insert_jobs_tx(tx, user, batch_id, ids.update_id, &jobs)?;
    commit_tx(tx, user, batch_id, ids.update_id, now)
}
