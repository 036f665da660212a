//! User-initiated control (cancel, delete) and the fail-fast sweep (`batch-semantics.md`
//! §4.4–4.7). Transitions are applied synchronously (§2.5 "Local"): Ready jobs become
//! Cancelled at once; Running ones are returned for the caller to kill.

use rusqlite::params;

use super::engine::Engine;
use super::read::member_batch;
use super::types::Completion;
use super::{Result, Store, StoreError};

impl Store {
    /// `PATCH …/job-groups/{g}/cancel` (group 0 = the batch). Idempotent. 404 when the user
    /// is not a member of the batch's billing project; 403 `Job Group (<b>, <g>) does not
    /// exist.` for a missing/uncommitted group or a deleted batch (§4.7, §14.10).
    pub(crate) fn cancel_job_group(
        &self,
        user: &str,
        batch_id: i64,
        job_group_id: i64,
        now_ms: i64,
    ) -> Result<Completion> {
        self.write(|tx| {
            // Membership first, deleted or not; then the group lookup, which excludes deleted
            // batches (hence 403 rather than 404 for a deleted batch, like the reference).
            let deleted = member_batch(tx, user, batch_id)?;
            match deleted {
                None => return Err(StoreError::not_found()),
                Some(true) => return Err(StoreError::no_job_group(batch_id, job_group_id)),
                Some(false) => {}
            }
            let committed: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM job_groups
                     WHERE batch_id = ?1 AND job_group_id = ?2 AND committed = 1)",
                )?
                .query_row(params![batch_id, job_group_id], |r| r.get(0))?;
            if !committed {
                return Err(StoreError::no_job_group(batch_id, job_group_id));
            }
            let mut engine = Engine::new(tx, now_ms);
            engine.cancel_group(batch_id, job_group_id)?;
            engine.finish()
        })
    }

    /// `DELETE /batches/{id}`: cancels the batch, then hides it (every later access is 404,
    /// no callbacks fire). A second delete is 404. The completion's `to_unschedule` lists the
    /// running jobs to kill.
    pub(crate) fn delete_batch(
        &self,
        user: &str,
        batch_id: i64,
        now_ms: i64,
    ) -> Result<Completion> {
        self.write(|tx| {
            super::read::visible_batch(tx, user, batch_id)?;
            // Hide first so that completions caused by the cancellation fire no callback.
            tx.prepare_cached("UPDATE batches SET deleted = 1 WHERE id = ?1")?
                .execute(params![batch_id])?;
            let mut engine = Engine::new(tx, now_ms);
            engine.accepted = true;
            engine.cancel_group(batch_id, 0)?;
            engine.finish()
        })
    }

    /// The fail-fast sweep (§4.6): cancels every running group whose recursive failures reach
    /// its `cancel_after_n_failures`. [`Store::complete_job`] already applies the rule as
    /// failures happen; the sweep is a safety net (e.g. after a restart) and cheap.
    pub(crate) fn apply_cancel_after_n_failures(&self, now_ms: i64) -> Result<Completion> {
        self.write(|tx| {
            let mut engine = Engine::new(tx, now_ms);
            engine.cancel_failed_groups()?;
            engine.finish()
        })
    }
}
