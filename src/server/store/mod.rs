//! The embedded Batch service's persistent state: batches, updates, job groups, jobs, attempts
//! and billing projects in one SQLite database.
//!
//! This module owns
//! - the database file: opening it (WAL, `synchronous=FULL`, foreign keys, busy timeout),
//!   migrating its schema (`schema.sql` is migration 1, see [`migrations`]) and checkpointing
//!   its WAL in the background rather than inside commits (see [`checkpoint`]);
//! - every state transition of Hail Batch's object model (`batch-semantics.md` §1–5): the
//!   submission protocol (batches, updates, job-group and job bunches, commit, the fast paths),
//!   the job state machine, dependency propagation, cancellation, `cancel_after_n_failures`,
//!   attempts and `n_max_attempts`, and incrementally maintained counters;
//! - access control of reads and writes (`batch-api.md` §1.6): who may see, cancel, delete or
//!   extend a batch;
//! - the listings' ordering and cursors (`batch-semantics.md` §8.9, §8.10).
//!
//! It does **not** own JSON rendering of responses, spec validation or translation of
//! in-update ids (the HTTP layer), the query languages (`server::query` produces a
//! [`SqlFilter`]), or running jobs (the scheduler loop calls [`Store::start_ready_jobs`],
//! [`Store::complete_jobs`] and friends).
//!
//! The API is synchronous; async callers wrap calls in `tokio::task::spawn_blocking`. Every
//! mutating call is one `BEGIN IMMEDIATE` transaction that is committed (and, with
//! `synchronous=FULL`, fsynced) before the call returns, so a 2xx sent after a successful call
//! is durable. Reads of a file database use a small pool of separate connections so that long
//! listings do not wait behind writes (WAL gives them a consistent snapshot).

mod billing;
mod checkpoint;
mod control;
mod engine;
mod error;
mod migrations;
mod read;
mod sched;
mod submit;
mod types;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub(crate) use error::StoreError;
pub(crate) use types::*;

/// Result type of every store operation.
pub(crate) type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How long a connection waits for a lock held by another connection before failing with
/// `SQLITE_BUSY` (mapped to 503, which Hail's client retries).
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// SQL: the `job_specs` key of job `j` (see `submit::spec_key`, migration 3).
const SPEC_KEY_OF_J: &str = "j.batch_id * 4294967296 + j.job_id";

/// Idle read connections kept around; more are opened on demand and closed after use.
const MAX_IDLE_READERS: usize = 4;

/// A boolean SQL expression produced by the query compiler (`server::query`), ANDed into the
/// WHERE clause of a listing.
///
/// Contract: batch listings select `FROM batches AS b JOIN job_groups AS g ON g.batch_id = b.id
/// AND g.job_group_id = 0`; job listings select `FROM jobs AS j`. The expression may reference
/// those aliases' columns and subqueries over `job_attributes`, `job_group_attributes` and
/// `attempts`. A job's `name` attribute is `j.name` (NULL when it has none) and is not in
/// `job_attributes`, which holds its other attributes (migration 3). Parameters are
/// positional `?` placeholders (never `?NNN` or named ones), bound in order after the store's
/// own parameters, which all precede the filter in the SQL text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SqlFilter {
    /// Boolean SQL expression; `"1"` matches everything.
    pub sql: String,
    /// Values for the `?` placeholders of `sql`, in order.
    pub params: Vec<rusqlite::types::Value>,
}

impl SqlFilter {
    /// The filter that matches every row.
    pub(crate) fn all() -> Self {
        SqlFilter {
            sql: "1".to_owned(),
            params: Vec::new(),
        }
    }
}

impl Default for SqlFilter {
    fn default() -> Self {
        SqlFilter::all()
    }
}

/// The embedded service's database. `Send + Sync`: share it in an `Arc`.
pub(crate) struct Store {
    /// The only connection that writes. Serialising writers in-process avoids `SQLITE_BUSY`
    /// storms between our own threads; SQLite would serialise them anyway.
    writer: Mutex<Connection>,
    /// Read connections of a file database; `None` for in-memory databases, whose reads use
    /// the writer (a private in-memory database is only visible to its own connection).
    readers: Option<ReaderPool>,
    /// When set, batches may only use billing projects that already exist and list the user
    /// (`batch-semantics.md` §10.3); otherwise projects are created on first use.
    billing_projects_fixed: AtomicBool,
    /// Background WAL checkpoints of a file database (`None` in memory).
    checkpointer: Option<checkpoint::Checkpointer>,
}

struct ReaderPool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.readers.as_ref().map(|r| r.path.clone()))
            .field(
                "billing_projects_fixed",
                &self.billing_projects_fixed.load(Ordering::Relaxed),
            )
            .finish()
    }
}

/// Locks a mutex, recovering from poisoning: a panic in another thread cannot leave the
/// connection in a half-written state, because an unfinished transaction rolls back on drop.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // WAL: readers never block the writer and see a consistent snapshot. `query_row` because
    // the pragma answers with the resulting mode ("memory" for in-memory databases).
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    // FULL: the WAL is fsynced at every commit, so an accepted request survives power loss.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

/// A private in-memory database with the current schema and no rows: tests of the query
/// compiler run its fragments against the real schema.
#[cfg(test)]
pub(crate) fn schema_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    migrations::migrate(&mut conn)?;
    Ok(conn)
}

impl Store {
    /// Opens (creating if needed) the database file at `path`, creating missing parent
    /// directories, and migrates it to the current schema.
    pub(crate) fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let mut conn = Connection::open(&path)?;
        configure(&conn)?;
        checkpoint::configure_writer(&conn)?;
        migrations::migrate(&mut conn)?;
        let checkpointer = checkpoint::Checkpointer::start(&path)?;
        // Checkpoints what migrations (or a previous run that did not stop cleanly) left.
        checkpointer.wrote(checkpoint::take_frames());
        Ok(Store {
            writer: Mutex::new(conn),
            readers: Some(ReaderPool {
                path,
                idle: Mutex::new(Vec::new()),
            }),
            billing_projects_fixed: AtomicBool::new(false),
            checkpointer: Some(checkpointer),
        })
    }

    /// A private in-memory database. All reads go through the writer.
    #[cfg(test)]
    pub(crate) fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrations::migrate(&mut conn)?;
        Ok(Store {
            writer: Mutex::new(conn),
            readers: None,
            billing_projects_fixed: AtomicBool::new(false),
            checkpointer: None,
        })
    }

    /// Fixed billing projects: `true` refuses batches in projects that do not exist or do not
    /// list the user (403 `Unknown Hail Batch billing project <p>.`); `false` (the default)
    /// creates a project on first use and adds the user to it.
    pub(crate) fn set_billing_projects_fixed(&self, fixed: bool) {
        self.billing_projects_fixed.store(fixed, Ordering::Relaxed);
    }

    fn billing_fixed(&self) -> bool {
        self.billing_projects_fixed.load(Ordering::Relaxed)
    }

    /// Runs `f` in one immediate (write-locking) transaction and commits it.
    fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        self.committed(&conn);
        Ok(out)
    }

    /// Tells the checkpoint thread about a commit on the writer `conn` (see [`checkpoint`]);
    /// checkpoints right here if the WAL grew past its hard bound.
    fn committed(&self, conn: &Connection) {
        let frames = checkpoint::take_frames();
        let Some(checkpointer) = &self.checkpointer else {
            return;
        };
        // The commit itself succeeded whatever happens here; the next one tries again.
        if checkpointer.wrote(frames)
            && let Some((_, backfilled)) = checkpoint::checkpoint(conn, "PASSIVE")
        {
            checkpointer.checkpointed(backfilled);
        }
    }

    /// Runs `f` in a read transaction (one consistent snapshot) on a read connection.
    fn read<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let Some(pool) = &self.readers else {
            let mut conn = lock(&self.writer);
            let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
            return f(&tx);
        };
        let idle = lock(&pool.idle).pop();
        let mut conn = match idle {
            Some(conn) => conn,
            None => {
                let conn = Connection::open_with_flags(
                    &pool.path,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                conn.busy_timeout(BUSY_TIMEOUT)?;
                // Guards against a read path accidentally writing outside the writer mutex.
                conn.pragma_update(None, "query_only", true)?;
                conn
            }
        };
        let out = {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
            f(&tx)
        };
        let mut idle = lock(&pool.idle);
        if idle.len() < MAX_IDLE_READERS {
            idle.push(conn);
        }
        out
    }
}
