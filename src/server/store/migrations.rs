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

/// All migrations in order; index `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[include_str!("schema.sql"), MIGRATION_2];

/// Applies every migration not applied yet, each in its own transaction together with the
/// bump of `user_version`, so a crash leaves the database at a well-defined version.
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
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
