//! The scheduler's side of the store (no user checks): picking Ready jobs fairly, attempts,
//! completion reports, unscheduling cancelled jobs, retries after infrastructure loss and
//! recovery after a restart (`batch-semantics.md` §2.2, §6.12).
//!
//! Fairness: [`Store::next_ready_jobs`] hands out jobs round-robin across batches, always
//! picking next from the batch with the fewest jobs running (counting the ones already picked
//! in this call), ties broken by the older batch; within a batch jobs go in id order (which
//! respects submission order and is index-backed). So a batch of 100,000 jobs cannot starve a
//! later batch of one job.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use super::engine::{EFFECTIVELY_CANCELLED, Engine, job_cancelled};
use super::types::{
    Completion, JobResult, JobState, ReadyJob, RecoveredJob, Recovery, UnscheduleJob,
};
use super::{Result, SPEC_KEY_OF_J, Store, StoreError};
use crate::server::api::messages;
use crate::server::api::types::scheduler_error_status;

/// Hail's attempt ids: `secret_alnum_string(6)`.
fn new_attempt_id() -> String {
    crate::random::string(crate::random::ALNUM, 6)
}

fn attempt_count(conn: &Connection, b: i64, j: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM attempts WHERE batch_id = ?1 AND job_id = ?2")?
        .query_row(params![b, j], |r| r.get(0))?)
}

/// Puts a Ready job in `Error` with `job has too many prior attempts`: one more attempt row
/// (reason `error`, no instance, no times) and the scheduler-error status of `batch-api.md`
/// §5.5.
fn error_too_many_attempts(
    engine: &mut Engine<'_>,
    conn: &Connection,
    b: i64,
    j: i64,
) -> Result<()> {
    let (user, group): (String, i64) = conn
        .prepare_cached(
            "SELECT b.user, j.job_group_id FROM jobs AS j JOIN batches AS b ON b.id = j.batch_id
             WHERE j.batch_id = ?1 AND j.job_id = ?2",
        )?
        .query_row(params![b, j], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut attempt_id = new_attempt_id();
    while conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM attempts
             WHERE batch_id = ?1 AND job_id = ?2 AND attempt_id = ?3)",
        )?
        .query_row(params![b, j, attempt_id], |r| r.get::<_, bool>(0))?
    {
        attempt_id = new_attempt_id();
    }
    conn.prepare_cached(
        "INSERT INTO attempts (batch_id, job_id, attempt_id, reason) VALUES (?1, ?2, ?3, 'error')",
    )?
    .execute(params![b, j, attempt_id])?;
    let status =
        scheduler_error_status(b, j, group, &attempt_id, &user, messages::TOO_MANY_ATTEMPTS);
    conn.prepare_cached(
        "UPDATE jobs SET attempt_id = ?3, status = ?4, exit_code = NULL
         WHERE batch_id = ?1 AND job_id = ?2",
    )?
    .execute(params![b, j, attempt_id, status.to_string()])?;
    engine.push(b, j, JobState::Error);
    Ok(())
}

/// Ends the job's attempt with `reason` and returns it to Ready for another attempt — or,
/// if it is effectively cancelled, to Cancelled; or, if its attempts are exhausted, to Error
/// (checked here rather than at the next dispatch, so a Ready job always has attempts left).
fn requeue(
    engine: &mut Engine<'_>,
    conn: &Connection,
    b: i64,
    j: i64,
    attempt: Option<&str>,
    reason: &str,
    now: i64,
) -> Result<JobState> {
    if let Some(a) = attempt {
        engine.end_attempt(b, j, a, reason)?;
    }
    let n_max_attempts: Option<i64> = conn
        .prepare_cached(
            "UPDATE jobs SET state = 'Ready', attempt_id = NULL, time_ready = ?3
             WHERE batch_id = ?1 AND job_id = ?2 AND state IN ('Running', 'Creating')
             RETURNING n_max_attempts",
        )?
        .query_row(params![b, j, now], |r| r.get(0))
        .optional()?;
    let Some(n_max_attempts) = n_max_attempts else {
        return Err(StoreError::Internal(format!(
            "job ({b}, {j}) is not running"
        )));
    };
    let cancelled = job_cancelled(conn, b, j)?;
    engine.accepted = true;
    if cancelled {
        engine.push(b, j, JobState::Cancelled);
        Ok(JobState::Cancelled)
    } else if attempt_count(conn, b, j)? >= n_max_attempts {
        error_too_many_attempts(engine, conn, b, j)?;
        Ok(JobState::Error)
    } else {
        Ok(JobState::Ready)
    }
}

/// `(state, current attempt, always_run)` of a job.
fn job_state(
    conn: &Connection,
    b: i64,
    j: i64,
) -> Result<Option<(JobState, Option<String>, bool)>> {
    let found: Option<(String, Option<String>, bool)> = conn
        .prepare_cached(
            "SELECT state, attempt_id, always_run FROM jobs WHERE batch_id = ?1 AND job_id = ?2",
        )?
        .query_row(params![b, j], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    found
        .map(|(s, a, ar)| Ok((super::types::parse_job_state(&s)?, a, ar)))
        .transpose()
}

impl Store {
    /// Up to `limit` Ready jobs that are committed, not effectively cancelled and fit in
    /// `free_mcpu` together, chosen fairly across batches (module docs). Read-only: call
    /// [`Store::start_attempt`] for each job actually started.
    #[cfg(test)]
    pub(crate) fn next_ready_jobs(&self, free_mcpu: i64, limit: usize) -> Result<Vec<ReadyJob>> {
        if limit == 0 || free_mcpu < 0 {
            return Ok(Vec::new());
        }
        self.read(|tx| ready_jobs_tx(tx, free_mcpu, limit))
    }

    /// [`Store::next_ready_jobs`] and [`Store::start_attempts`] in one write transaction: picks
    /// up to `limit` Ready jobs that fit in `free_mcpu` (fairly, as `next_ready_jobs`) and
    /// moves each to Running with a new attempt. Returns the started jobs with their attempt
    /// ids.
    ///
    /// This commit is not fsynced (`synchronous=NORMAL` for this one transaction): it is on the
    /// critical path of every job start, an fsync costs milliseconds, and losing it is
    /// harmless. A process crash loses nothing (the WAL is in the OS page cache); a power loss
    /// before the next durable commit forgets that the jobs started, so after the restart they
    /// are Ready again and simply run, where otherwise their attempt would have ended as
    /// `terminated` and been retried. No client was told about a start. Every completion is
    /// still committed with a full fsync, which also makes these earlier starts durable.
    pub(crate) fn start_ready_jobs(
        &self,
        free_mcpu: i64,
        limit: usize,
        instance_name: &str,
        now_ms: i64,
    ) -> Result<Vec<(ReadyJob, String)>> {
        if limit == 0 || free_mcpu < 0 {
            return Ok(Vec::new());
        }
        self.write_unsynced(|tx| {
            let mut started = Vec::new();
            for job in ready_jobs_tx(tx, free_mcpu, limit)? {
                let attempt_id = new_attempt_id();
                // False only on an attempt-id collision: the job stays Ready for the next round.
                if start_attempt_tx(
                    tx,
                    job.batch_id,
                    job.job_id,
                    &attempt_id,
                    instance_name,
                    now_ms,
                )? {
                    started.push((job, attempt_id));
                }
            }
            Ok(started)
        })
    }

    /// [`Store::write`] without the commit's fsync (see [`Store::start_ready_jobs`] for when
    /// that is acceptable). The connection returns to `synchronous=FULL` afterwards, even when
    /// `f` fails.
    fn write_unsynced<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let mut conn = super::lock(&self.writer);
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let result: Result<T> = (|| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })();
        let restored = conn.pragma_update(None, "synchronous", "FULL");
        let out = result?;
        self.committed(&conn);
        restored?;
        Ok(out)
    }

    /// Ready → Running with a new attempt. Returns false (and changes nothing) if the job is
    /// no longer Ready, uncommitted, effectively cancelled, or the attempt id is taken.
    #[cfg(test)]
    pub(crate) fn start_attempt(
        &self,
        batch_id: i64,
        job_id: i64,
        attempt_id: &str,
        instance_name: &str,
        now_ms: i64,
    ) -> Result<bool> {
        self.write(|tx| start_attempt_tx(tx, batch_id, job_id, attempt_id, instance_name, now_ms))
    }

    /// A runner's completion report (§2.2). Accepted only while the job is Ready, Creating or
    /// Running and `attempt_id` is its current attempt — or the job has no current attempt
    /// and `attempt_id` is one of its earlier attempts (a late report). Otherwise ignored
    /// (`accepted: false`): the first terminal state wins. Propagates to children, counters,
    /// group/batch completion and fail-fast. 404 for an unknown job; 400 for a non-terminal
    /// `result.state`.
    #[cfg(test)]
    pub(crate) fn complete_job(
        &self,
        batch_id: i64,
        job_id: i64,
        attempt_id: &str,
        result: &JobResult,
        now_ms: i64,
    ) -> Result<Completion> {
        check_terminal(result)?;
        self.write(|tx| complete_job_tx(tx, batch_id, job_id, attempt_id, result, now_ms))
    }

    /// [`Store::complete_job`] for several reports in one transaction (one fsync), so that a
    /// stream of short jobs does not pay one durable commit each. A report for a job that no
    /// longer exists is skipped; any other error aborts the whole group.
    pub(crate) fn complete_jobs(
        &self,
        reports: &[(i64, i64, String, JobResult)],
        now_ms: i64,
    ) -> Result<Completion> {
        for (_, _, _, result) in reports {
            check_terminal(result)?;
        }
        self.write(|tx| {
            let mut completion = Completion::default();
            for (b, j, a, result) in reports {
                match complete_job_tx(tx, *b, *j, a, result, now_ms) {
                    Ok(c) => completion.merge(c),
                    Err(StoreError::NotFound(_)) => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(completion)
        })
    }

    /// Running jobs that must be killed: not `always_run`, and their group, an ancestor group
    /// or the batch is cancelled. (The sticky parent flag never applies to running jobs.)
    pub(crate) fn jobs_to_unschedule(&self) -> Result<Vec<UnscheduleJob>> {
        self.read(|tx| {
            Ok(tx
                .prepare_cached(
                    "SELECT j.batch_id, j.job_id, j.attempt_id FROM jobs AS j
                     WHERE j.state = 'Running' AND j.always_run = 0 AND j.attempt_id IS NOT NULL
                       AND EXISTS (SELECT 1 FROM job_group_ancestors AS a
                         JOIN job_groups AS g ON g.batch_id = a.batch_id
                           AND g.job_group_id = a.ancestor_id
                         WHERE a.batch_id = j.batch_id AND a.job_group_id = j.job_group_id
                           AND g.cancelled = 1)",
                )?
                .query_map([], |r| {
                    Ok(UnscheduleJob {
                        batch_id: r.get(0)?,
                        job_id: r.get(1)?,
                        attempt_id: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The runner killed a cancelled job: its attempt ends with reason `cancelled` and the job
    /// becomes Cancelled (the attempt stays the job's latest, so its log and status remain
    /// readable). Ignored unless the job is Running/Creating with that attempt and not
    /// `always_run`.
    pub(crate) fn unschedule_job(
        &self,
        batch_id: i64,
        job_id: i64,
        attempt_id: &str,
        now_ms: i64,
    ) -> Result<Completion> {
        self.write(|tx| {
            let Some((state, current, always_run)) = job_state(tx, batch_id, job_id)? else {
                return Err(StoreError::not_found());
            };
            if always_run
                || !matches!(state, JobState::Running | JobState::Creating)
                || current.as_deref() != Some(attempt_id)
            {
                return Ok(Completion::default());
            }
            let mut engine = Engine::new(tx, now_ms);
            engine.end_attempt(batch_id, job_id, attempt_id, "cancelled")?;
            engine.push(batch_id, job_id, JobState::Cancelled);
            engine.finish()
        })
    }
    /// Infrastructure loss (the sandbox or its host went away without a result): the attempt
    /// ends with `reason` and the job is retried (Ready), or errors when its attempts are
    /// exhausted, or is cancelled when it is effectively cancelled. Ignored unless the job is
    /// Running/Creating with that attempt.
    #[cfg(test)]
    pub(crate) fn requeue_job(
        &self,
        batch_id: i64,
        job_id: i64,
        attempt_id: &str,
        reason: &str,
        now_ms: i64,
    ) -> Result<Completion> {
        self.write(|tx| {
            let Some((state, current, _)) = job_state(tx, batch_id, job_id)? else {
                return Err(StoreError::not_found());
            };
            if !matches!(state, JobState::Running | JobState::Creating)
                || current.as_deref() != Some(attempt_id)
            {
                return Ok(Completion::default());
            }
            let mut engine = Engine::new(tx, now_ms);
            requeue(
                &mut engine,
                tx,
                batch_id,
                job_id,
                Some(attempt_id),
                reason,
                now_ms,
            )?;
            engine.finish()
        })
    }

    /// After a restart: every job that was Running or Creating lost its process. Its attempt
    /// ends with reason `terminated` and it is retried, errored (attempts exhausted) or
    /// cancelled, as in [`Store::requeue_job`]; then the fail-fast and cancellation sweeps
    /// run. Every accepted batch therefore still finishes.
    pub(crate) fn recover_after_restart(&self, now_ms: i64) -> Result<Recovery> {
        self.write(|tx| {
            let running: Vec<(i64, i64, Option<String>)> = tx
                .prepare_cached(
                    "SELECT batch_id, job_id, attempt_id FROM jobs
                     WHERE state IN ('Running', 'Creating')",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut engine = Engine::new(tx, now_ms);
            let mut jobs = Vec::new();
            for (b, j, attempt) in running {
                let new_state = requeue(
                    &mut engine,
                    tx,
                    b,
                    j,
                    attempt.as_deref(),
                    "terminated",
                    now_ms,
                )?;
                jobs.push(RecoveredJob {
                    batch_id: b,
                    job_id: j,
                    attempt_id: attempt,
                    new_state,
                });
            }
            engine.cancel_failed_groups()?;
            engine.sweep_ready_cancelled(None)?;
            let completion = engine.finish()?;
            Ok(Recovery { jobs, completion })
        })
    }
}

/// The Ready jobs [`Store::next_ready_jobs`] returns, inside a transaction.
fn ready_jobs_tx(tx: &Connection, free_mcpu: i64, limit: usize) -> Result<Vec<ReadyJob>> {
    // Batches with Ready jobs: one index seek per batch on (state, batch_id, job_id).
    let mut batches = Vec::new();
    let mut next_batch = tx.prepare_cached(
        "SELECT batch_id FROM jobs WHERE state = 'Ready' AND batch_id > ?1
         ORDER BY batch_id LIMIT 1",
    )?;
    let mut after = i64::MIN;
    while let Some(b) = next_batch
        .query_row(params![after], |r| r.get::<_, i64>(0))
        .optional()?
    {
        batches.push(b);
        after = b;
    }
    let mut running: HashMap<i64, i64> = tx
        .prepare_cached(
            "SELECT batch_id, COUNT(*) FROM jobs
             WHERE state IN ('Running', 'Creating') GROUP BY batch_id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let sql = format!(
        "SELECT j.job_id, j.job_group_id, j.cores_mcpu, s.spec, j.always_run,
                b.user, b.billing_project,
                (SELECT COUNT(*) FROM attempts AS a
                 WHERE a.batch_id = j.batch_id AND a.job_id = j.job_id)
         FROM jobs AS j JOIN batches AS b ON b.id = j.batch_id
           JOIN job_specs AS s ON s.id = {SPEC_KEY_OF_J}
         WHERE j.state = 'Ready' AND j.batch_id = ?1 AND j.committed = 1
           AND j.cores_mcpu <= ?2 AND NOT {EFFECTIVELY_CANCELLED}
         ORDER BY j.job_id"
    );
    let mut per_batch = tx.prepare_cached(&sql)?;
    let mut queues: Vec<(i64, std::collections::VecDeque<ReadyJob>)> = Vec::new();
    for b in batches {
        let rows = per_batch
            .query_map(params![b, free_mcpu], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, bool>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, i64>(7)?,
                ))
            })?
            // Rows are produced as they are read (the index delivers them in job id order),
            // so taking `limit` reads no more. Not `LIMIT ?`: a bound LIMIT makes SQLite
            // re-prepare the statement whenever the value is re-bound.
            .take(limit)
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut queue = std::collections::VecDeque::new();
        for (job_id, group, cores, spec, always_run, user, project, n_attempts) in rows {
            queue.push_back(ReadyJob {
                batch_id: b,
                job_id,
                job_group_id: group,
                cores_mcpu: cores,
                spec: serde_json::from_str::<Value>(&spec)?,
                user,
                billing_project: project,
                always_run,
                attempt_number: n_attempts + 1,
            });
        }
        if !queue.is_empty() {
            queues.push((b, queue));
        }
    }
    let mut free = free_mcpu;
    let mut picked = Vec::new();
    while picked.len() < limit {
        // Drop jobs that no longer fit; pick from the least-served batch.
        for (_, q) in &mut queues {
            q.retain(|c| c.cores_mcpu <= free);
        }
        queues.retain(|(_, q)| !q.is_empty());
        let Some((b, q)) = queues
            .iter_mut()
            .min_by_key(|(b, _)| (running.get(b).copied().unwrap_or(0), *b))
        else {
            break;
        };
        let Some(c) = q.pop_front() else { break };
        free -= c.cores_mcpu;
        *running.entry(*b).or_insert(0) += 1;
        picked.push(c);
    }
    Ok(picked)
}

/// Ready → Running with a new attempt, inside a transaction (see [`Store::start_attempt`]).
fn start_attempt_tx(
    tx: &Connection,
    batch_id: i64,
    job_id: i64,
    attempt_id: &str,
    instance_name: &str,
    now_ms: i64,
) -> Result<bool> {
    let sql = format!(
        "SELECT j.state = 'Ready' AND j.committed = 1 AND NOT {EFFECTIVELY_CANCELLED}
         FROM jobs AS j WHERE j.batch_id = ?1 AND j.job_id = ?2"
    );
    let startable: Option<bool> = tx
        .prepare_cached(&sql)?
        .query_row(params![batch_id, job_id], |r| r.get(0))
        .optional()?;
    if startable != Some(true) {
        return Ok(false);
    }
    let inserted = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO attempts (batch_id, job_id, attempt_id, instance_name,
                                             start_time)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![batch_id, job_id, attempt_id, instance_name, now_ms])?;
    if inserted == 0 {
        return Ok(false);
    }
    tx.prepare_cached(
        "UPDATE jobs SET state = 'Running', attempt_id = ?3
         WHERE batch_id = ?1 AND job_id = ?2",
    )?
    .execute(params![batch_id, job_id, attempt_id])?;
    Ok(true)
}

fn check_terminal(result: &JobResult) -> Result<()> {
    if result.state.is_terminal() {
        Ok(())
    } else {
        Err(StoreError::bad(format!(
            "a job cannot complete in state {}",
            result.state
        )))
    }
}

/// A completion report, inside a transaction (see [`Store::complete_job`]).
fn complete_job_tx(
    tx: &Connection,
    batch_id: i64,
    job_id: i64,
    attempt_id: &str,
    result: &JobResult,
    now_ms: i64,
) -> Result<Completion> {
    let Some((state, current, _)) = job_state(tx, batch_id, job_id)? else {
        return Err(StoreError::not_found());
    };
    if !matches!(
        state,
        JobState::Ready | JobState::Creating | JobState::Running
    ) {
        return Ok(Completion::default());
    }
    let ours = match current.as_deref() {
        Some(c) => c == attempt_id,
        None => tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM attempts
                 WHERE batch_id = ?1 AND job_id = ?2 AND attempt_id = ?3)",
            )?
            .query_row(params![batch_id, job_id, attempt_id], |r| r.get(0))?,
    };
    if !ours {
        return Ok(Completion::default());
    }
    tx.prepare_cached(
        "UPDATE attempts SET start_time = COALESCE(?4, start_time),
           end_time = COALESCE(end_time, ?5), reason = COALESCE(reason, ?6)
         WHERE batch_id = ?1 AND job_id = ?2 AND attempt_id = ?3",
    )?
    .execute(params![
        batch_id,
        job_id,
        attempt_id,
        result.start_ms,
        result.end_ms.unwrap_or(now_ms),
        result.reason.as_deref().unwrap_or("completed")
    ])?;
    tx.prepare_cached(
        "UPDATE jobs SET status = ?3, exit_code = ?4, attempt_id = ?5
         WHERE batch_id = ?1 AND job_id = ?2",
    )?
    .execute(params![
        batch_id,
        job_id,
        result.status_json.as_ref().map(Value::to_string),
        result.exit_code,
        attempt_id
    ])?;
    let mut engine = Engine::new(tx, now_ms);
    engine.push(batch_id, job_id, result.state);
    engine.finish()
}
