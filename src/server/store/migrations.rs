//! Schema migrations, tracked in SQLite's `user_version` (= number of applied migrations).
//!
//! Migration 1 is `schema.sql`, the contract shared with the query compiler. Later migrations
//! only add tables, columns and indexes; existing names are never changed.

use rusqlite::{Connection, TransactionBehavior};

use super::{Result, StoreError};

/// Indexes the store's own queries need beyond migration 1.
const MIGRATION_2: &str = "
-- Subtree of a group (cancellation, recursive job listings).
CREATE INDEX job_group_ancestors_by_ancestor
    ON job_group_ancestors (batch_id, ancestor_id, job_group_id);
-- Child job-group listings.
CREATE INDEX job_groups_by_parent ON job_groups (batch_id, parent_id, job_group_id);
-- The cancel_after_n_failures sweep looks only at groups with a threshold.
CREATE INDEX job_groups_fail_fast ON job_groups (batch_id, job_group_id)
    WHERE cancel_after_n_failures IS NOT NULL;
-- Visibility: the billing projects of a user.
CREATE INDEX billing_project_users_by_user ON billing_project_users (user, billing_project);
";

/// Job specs and attributes leave the hot `jobs` row.
///
/// A job's spec (~0.5 KiB of JSON) is read only by `GET job` and when the job starts, but
/// it made every `jobs` row large: inserting it, and rewriting it when the update commits,
/// dominated the cost of storing a batch. It now lives in `job_specs`, one row per job keyed
/// `batch_id * 2^32 + job_id` (job ids are below 2^31, see `create_update_tx`), so a bunch
/// appends to a single B-tree in key order. The same row keeps the job's attributes as one
/// JSON object in submission order, which `GET job` returns.
///
/// Contract for the query compiler from this version on: the `name` attribute is only in
/// `jobs.name` (NULL when the job has none); `job_attributes` holds every other key, one row
/// each. So a job whose only attribute is its name (the common case) writes no attribute row.
const MIGRATION_3: &str = "
CREATE TABLE job_specs (
    id              INTEGER PRIMARY KEY,        -- batch_id * 4294967296 + job_id
    spec            TEXT NOT NULL,              -- JSON job spec as stored (batch-api §3.9)
    attributes      TEXT                        -- JSON object in submission order, NULL when none
);
INSERT INTO job_specs (id, spec, attributes)
    SELECT j.batch_id * 4294967296 + j.job_id, j.spec,
           (SELECT json_group_object(a.key, a.value ORDER BY a.rowid) FROM job_attributes AS a
            WHERE a.batch_id = j.batch_id AND a.job_id = j.job_id HAVING COUNT(*) > 0)
    FROM jobs AS j ORDER BY j.batch_id, j.job_id;
DELETE FROM job_attributes
    WHERE key = 'name' AND value IS (SELECT j.name FROM jobs AS j
        WHERE j.batch_id = job_attributes.batch_id AND j.job_id = job_attributes.job_id);
ALTER TABLE jobs DROP COLUMN spec;
";

/// All migrations in order; index `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[include_str!("schema.sql"), MIGRATION_2, MIGRATION_3];

/// Applies every migration not applied yet, each in its own transaction together with the
/// bump of `user_version`, so a crash leaves the database at a well-defined version.
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, MIGRATIONS.len())
}

/// [`migrate`], stopping at version `target` (tests build databases of older versions).
pub(super) fn migrate_to(conn: &mut Connection, target: usize) -> Result<()> {
    let supported = MIGRATIONS.len() as i64;
    loop {
        // Immediate: two processes opening the same file cannot both apply a migration.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > supported {
            return Err(StoreError::SchemaTooNew {
                found: version,
                supported,
            });
        }
        let Some(sql) = usize::try_from(version)
            .ok()
            .filter(|v| *v < target)
            .and_then(|v| MIGRATIONS.get(v))
        else {
            return Ok(());
        };
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrate_is_idempotent_and_sets_version() {
        let mut conn = Connection::open_in_memory().expect("open");
        migrate(&mut conn).expect("first");
        migrate(&mut conn).expect("second");
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(v, MIGRATIONS.len() as i64);
    }

    #[test]
    fn newer_schema_is_refused() {
        let mut conn = Connection::open_in_memory().expect("open");
        conn.pragma_update(None, "user_version", 99).expect("set");
        assert!(matches!(
            migrate(&mut conn),
            Err(StoreError::SchemaTooNew { found: 99, .. })
        ));
    }
}
