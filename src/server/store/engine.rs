//! The job state machine inside one write transaction: terminal transitions with completion
//! accounting and dependency propagation, group cancellation, and fail-fast.
//!
//! Every path that can make a `Ready` job "effectively cancelled" (a parent did not succeed,
//! its group was cancelled, a commit found a failed parent) turns it into `Cancelled` in the
//! same transaction. Hence the invariant the scheduler relies on: a `Ready` job is never
//! effectively cancelled outside a transaction. Work is kept in an explicit queue rather than
//! recursion, so a chain of 100,000 jobs cannot overflow the stack.

use rusqlite::{Connection, OptionalExtension, params};

use super::read::{batch_row_unchecked, group_row_unchecked};
use super::types::{CompletedBatch, Completion, JobState, UnscheduleJob};
use super::{Result, StoreError};

/// SQL: whether the job `j` is effectively cancelled (§2.3): not `always_run` and either its
/// sticky flag is set or its group or an ancestor group is cancelled.
pub(super) const EFFECTIVELY_CANCELLED: &str = "(j.always_run = 0 AND (j.cancelled = 1 OR EXISTS (
    SELECT 1 FROM job_group_ancestors AS ea
    JOIN job_groups AS eg ON eg.batch_id = ea.batch_id AND eg.job_group_id = ea.ancestor_id
    WHERE ea.batch_id = j.batch_id AND ea.job_group_id = j.job_group_id AND eg.cancelled = 1)))";

/// Whether group `g` of batch `b` or one of its ancestors is cancelled.
pub(super) fn group_cancelled(conn: &Connection, b: i64, g: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM job_group_ancestors AS a
             JOIN job_groups AS p ON p.batch_id = a.batch_id AND p.job_group_id = a.ancestor_id
             WHERE a.batch_id = ?1 AND a.job_group_id = ?2 AND p.cancelled = 1)",
        )?
        .query_row(params![b, g], |r| r.get(0))?)
}

/// Whether job `j` of batch `b` is effectively cancelled (false if it does not exist).
pub(super) fn job_cancelled(conn: &Connection, b: i64, j: i64) -> Result<bool> {
    let sql = format!(
        "SELECT {EFFECTIVELY_CANCELLED} FROM jobs AS j WHERE j.batch_id = ?1 AND j.job_id = ?2"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![b, j], |r| r.get(0))
        .optional()?
        .unwrap_or(false))
}

/// Pending state changes of one transaction and the effects collected so far.
pub(super) struct Engine<'a> {
    conn: &'a Connection,
    now: i64,
    /// Jobs (batch, job, terminal state) still to be finished.
    work: Vec<(i64, i64, JobState)>,
    /// Groups (batch, group) that transitioned to complete, in order.
    completed: Vec<(i64, i64)>,
    unschedule: Vec<UnscheduleJob>,
    /// Whether anything changed.
    pub(super) accepted: bool,
}

impl<'a> Engine<'a> {
    pub(super) fn new(conn: &'a Connection, now: i64) -> Self {
        Engine {
            conn,
            now,
            work: Vec::new(),
            completed: Vec::new(),
            unschedule: Vec::new(),
            accepted: false,
        }
    }

    /// Queues a `Ready`/`Creating`/`Running` job for a terminal state; see [`Engine::drain`].
    pub(super) fn push(&mut self, b: i64, j: i64, state: JobState) {
        self.work.push((b, j, state));
    }

    /// Processes queued transitions and everything they cause.
    pub(super) fn drain(&mut self) -> Result<()> {
        while let Some((b, j, state)) = self.work.pop() {
            self.finish_one(b, j, state)?;
        }
        Ok(())
    }

    fn finish_one(&mut self, b: i64, j: i64, state: JobState) -> Result<()> {
        debug_assert!(state.is_terminal());
        // First terminal state wins: the guard makes a second transition a no-op. Pending jobs
        // never go terminal directly (§2.2: they become Ready first).
        let group: Option<i64> = self
            .conn
            .prepare_cached(
                "UPDATE jobs SET state = ?3 WHERE batch_id = ?1 AND job_id = ?2
                 AND state IN ('Ready', 'Creating', 'Running') RETURNING job_group_id",
            )?
            .query_row(params![b, j, state.as_str()], |r| r.get(0))
            .optional()?;
        let Some(group) = group else { return Ok(()) };
        self.accepted = true;

        // Completion accounting up the ancestry (§2.4).
        let (s, f, c) = match state {
            JobState::Success => (1, 0, 0),
            JobState::Failed | JobState::Error => (0, 1, 0),
            _ => (0, 0, 1),
        };
        self.conn
            .prepare_cached(
                "UPDATE job_groups SET n_completed = n_completed + 1,
                   n_succeeded = n_succeeded + ?3, n_failed = n_failed + ?4,
                   n_cancelled = n_cancelled + ?5
                 WHERE batch_id = ?1 AND job_group_id IN
                   (SELECT ancestor_id FROM job_group_ancestors
                    WHERE batch_id = ?1 AND job_group_id = ?2)",
            )?
            .execute(params![b, group, s, f, c])?;
        let newly_complete: Vec<i64> = self
            .conn
            .prepare_cached(
                "UPDATE job_groups SET state = 'complete', time_completed = ?3
                 WHERE batch_id = ?1 AND state = 'running' AND n_completed >= n_jobs
                   AND job_group_id IN (SELECT ancestor_id FROM job_group_ancestors
                                        WHERE batch_id = ?1 AND job_group_id = ?2)
                 RETURNING job_group_id",
            )?
            .query_map(params![b, group, self.now], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for g in newly_complete {
            if g == 0 {
                self.conn
                    .prepare_cached(
                        "UPDATE batches SET state = 'complete', time_completed = ?2 WHERE id = ?1",
                    )?
                    .execute(params![b, self.now])?;
            }
            self.completed.push((b, g));
        }

        // Fail-fast (§4.6), applied at once instead of by a 10 s loop: same outcome, sooner.
        if matches!(state, JobState::Failed | JobState::Error) {
            let groups: Vec<i64> = self
                .conn
                .prepare_cached(
                    "SELECT g.job_group_id FROM job_group_ancestors AS a
                     JOIN job_groups AS g ON g.batch_id = a.batch_id
                       AND g.job_group_id = a.ancestor_id
                     WHERE a.batch_id = ?1 AND a.job_group_id = ?2
                       AND g.cancel_after_n_failures IS NOT NULL AND g.cancelled = 0
                       AND g.state = 'running' AND g.n_failed >= g.cancel_after_n_failures",
                )?
                .query_map(params![b, group], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for g in groups {
                self.cancel_group(b, g)?;
            }
        }

        // Children (§4.2): one fewer pending parent; a parent that did not succeed sets the
        // sticky flag; the last parent makes the child Ready. Uncommitted children are left
        // alone: their commit recounts parents from scratch.
        let children: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT p.job_id FROM job_parents AS p
                 JOIN jobs AS c ON c.batch_id = p.batch_id AND c.job_id = p.job_id
                 WHERE p.batch_id = ?1 AND p.parent_id = ?2
                   AND c.committed = 1 AND c.state = 'Pending'",
            )?
            .query_map(params![b, j], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let failed = state != JobState::Success;
        for child in children {
            let pending: i64 = self
                .conn
                .prepare_cached(
                    "UPDATE jobs SET n_pending_parents = max(n_pending_parents - 1, 0),
                       cancelled = (cancelled OR ?3)
                     WHERE batch_id = ?1 AND job_id = ?2 RETURNING n_pending_parents",
                )?
                .query_row(params![b, child, failed], |r| r.get(0))?;
            if pending == 0 {
                self.make_ready(b, child)?;
            }
        }
        Ok(())
    }

    /// Pending → Ready; an effectively cancelled job is then queued for `Cancelled`.
    pub(super) fn make_ready(&mut self, b: i64, j: i64) -> Result<()> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE jobs SET state = 'Ready', time_ready = ?3
                 WHERE batch_id = ?1 AND job_id = ?2 AND state = 'Pending'",
            )?
            .execute(params![b, j, self.now])?;
        if changed > 0 && job_cancelled(self.conn, b, j)? {
            self.push(b, j, JobState::Cancelled);
        }
        Ok(())
    }

    /// Cancels group `g` (§4.4, §4.5) unless it or an ancestor already is: Ready and Creating
    /// jobs of the subtree are queued for `Cancelled`, Running ones are reported for
    /// unscheduling; `always_run` jobs are untouched. Call [`Engine::drain`] afterwards.
    pub(super) fn cancel_group(&mut self, b: i64, g: i64) -> Result<()> {
        if group_cancelled(self.conn, b, g)? {
            return Ok(());
        }
        self.accepted = true;
        self.conn
            .prepare_cached(
                "UPDATE job_groups SET cancelled = 1 WHERE batch_id = ?1 AND job_group_id = ?2",
            )?
            .execute(params![b, g])?;
        let rows: Vec<(i64, String, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT j.job_id, j.state, j.attempt_id FROM jobs AS j
                 WHERE j.state IN ('Ready', 'Creating', 'Running') AND j.batch_id = ?1
                   AND j.always_run = 0 AND j.committed = 1
                   AND j.job_group_id IN (SELECT job_group_id FROM job_group_ancestors
                                          WHERE batch_id = ?1 AND ancestor_id = ?2)",
            )?
            .query_map(params![b, g], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (j, state, attempt) in rows {
            match (super::types::parse_job_state(&state)?, attempt) {
                (JobState::Running, Some(attempt_id)) => {
                    self.unschedule.push(UnscheduleJob {
                        batch_id: b,
                        job_id: j,
                        attempt_id,
                    });
                }
                (JobState::Creating, attempt) => {
                    // No process runs yet: cancel directly (§2.2 Creating → Cancelled).
                    if let Some(a) = attempt {
                        self.end_attempt(b, j, &a, "cancelled")?;
                    }
                    self.push(b, j, JobState::Cancelled);
                }
                // Ready, or Running without an attempt (cannot happen; nothing to kill).
                _ => self.push(b, j, JobState::Cancelled),
            }
        }
        Ok(())
    }

    /// The fail-fast sweep (§4.6) over every batch: cancels each running group whose recursive
    /// failures reached its `cancel_after_n_failures`. Reads only groups that have a threshold
    /// (partial index).
    pub(super) fn cancel_failed_groups(&mut self) -> Result<()> {
        let groups: Vec<(i64, i64)> = self
            .conn
            .prepare_cached(
                "SELECT batch_id, job_group_id FROM job_groups
                 WHERE cancel_after_n_failures IS NOT NULL AND cancelled = 0
                   AND state = 'running' AND committed = 1
                   AND n_failed >= cancel_after_n_failures",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (b, g) in groups {
            self.cancel_group(b, g)?;
        }
        Ok(())
    }

    /// Queues every Ready job that is effectively cancelled (of one batch, or all). Only a
    /// safety net: transitions already cancel such jobs as they arise.
    pub(super) fn sweep_ready_cancelled(&mut self, batch: Option<i64>) -> Result<()> {
        let sql = format!(
            "SELECT j.batch_id, j.job_id FROM jobs AS j
             WHERE j.state = 'Ready' AND (?1 IS NULL OR j.batch_id = ?1) AND j.committed = 1
               AND {EFFECTIVELY_CANCELLED}"
        );
        let rows: Vec<(i64, i64)> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![batch], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (b, j) in rows {
            self.push(b, j, JobState::Cancelled);
        }
        Ok(())
    }

    /// Ends attempt `a` now with `reason` (no-op if it already ended).
    pub(super) fn end_attempt(&self, b: i64, j: i64, a: &str, reason: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE attempts SET end_time = ?4, reason = ?5
                 WHERE batch_id = ?1 AND job_id = ?2 AND attempt_id = ?3 AND end_time IS NULL",
            )?
            .execute(params![b, j, a, self.now, reason])?;
        Ok(())
    }

    /// Drains the queue and returns the effects, with rows for callbacks read from the
    /// transaction's final state. Deleted batches get no callbacks (§9).
    pub(super) fn finish(mut self) -> Result<Completion> {
        self.drain()?;
        let mut out = Completion {
            accepted: self.accepted,
            to_unschedule: std::mem::take(&mut self.unschedule),
            ..Completion::default()
        };
        let mut groups = Vec::new();
        for (b, g) in std::mem::take(&mut self.completed) {
            let deleted: bool = self
                .conn
                .prepare_cached("SELECT deleted FROM batches WHERE id = ?1")?
                .query_row(params![b], |r| r.get(0))?;
            if deleted {
                continue;
            }
            if g == 0 {
                let batch = batch_row_unchecked(self.conn, b)?
                    .ok_or_else(|| StoreError::Internal(format!("batch {b} vanished")))?;
                let any_group_cancelled: bool = self
                    .conn
                    .prepare_cached(
                        "SELECT EXISTS (SELECT 1 FROM job_groups
                         WHERE batch_id = ?1 AND cancelled = 1)",
                    )?
                    .query_row(params![b], |r| r.get(0))?;
                out.batches_completed.push(CompletedBatch {
                    batch,
                    any_group_cancelled,
                });
            } else {
                let depth: i64 = self
                    .conn
                    .prepare_cached(
                        "SELECT COUNT(*) FROM job_group_ancestors
                         WHERE batch_id = ?1 AND job_group_id = ?2",
                    )?
                    .query_row(params![b, g], |r| r.get(0))?;
                if let Some(row) = group_row_unchecked(self.conn, b, g)? {
                    groups.push((depth, row));
                }
            }
        }
        // Innermost first, so nested callbacks arrive before their parents' (§9).
        groups.sort_by_key(|(depth, _)| std::cmp::Reverse(*depth));
        out.job_groups_completed = groups.into_iter().map(|(_, row)| row).collect();
        Ok(out)
    }
}
