//! WAL checkpoints off the request path.
//!
//! With SQLite's default auto-checkpoint, the commit that pushes the WAL past 1,000 pages
//! copies the whole WAL into the database file and fsyncs it before returning: a submission
//! request occasionally paid 10–35 ms for work that no reader needs. The writer therefore
//! runs with `wal_autocheckpoint = 0`, and this module's thread checkpoints on its own
//! connection instead:
//!
//! - `PASSIVE` once the writer has been idle for [`IDLE`], or as soon as the WAL holds
//!   [`SOFT_FRAMES`] frames not yet copied back, so that a busy writer does not leave it all
//!   for later. `PASSIVE` never blocks the writer or readers.
//! - The WAL starts over from its beginning only when a write transaction begins while it is
//!   entirely copied back, which a writer that is never idle may not see for a long time.
//!   So once the WAL holds [`HARD_FRAMES`], the writer checkpoints itself right after its
//!   commit, as SQLite does by default ([`Checkpointer::wrote`] returns `true`): the
//!   background thread has usually copied most of it already, and the writer's next
//!   transaction starts the WAL over. The WAL thus stays below about `HARD_FRAMES` plus one
//!   transaction.
//! - `TRUNCATE` when the store is dropped (clean shutdown), leaving an empty WAL.
//!
//! Durability does not depend on checkpoints: every commit is fsynced to the WAL
//! (`synchronous=FULL`), and SQLite replays the WAL after a crash.
//!
//! The WAL's size is known from SQLite's WAL hook, which reports the number of frames in the
//! WAL after each commit. The hook is a plain function, so it leaves the count in a
//! thread-local that the committing thread hands over right after its commit.

use std::cell::Cell;
use std::ffi::c_int;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::hooks::Wal;

use super::{BUSY_TIMEOUT, Result, lock};
use crate::printer::service_log;

/// How long the writer must have been idle before a checkpoint.
pub(super) const IDLE: Duration = Duration::from_millis(100);

/// WAL frames (pages) not yet copied back that trigger a checkpoint even while the writer is
/// busy: 16 MiB of 4 KiB pages, about two 10,000-job submissions.
pub(super) const SOFT_FRAMES: i64 = 4096;

/// WAL size (frames) at which the writer checkpoints itself: 64 MiB of 4 KiB pages.
pub(super) const HARD_FRAMES: i64 = 16384;

/// Upper bound for the WAL file left on disk after the WAL starts over (SQLite truncates it to
/// this size then): 64 MiB.
pub(super) const WAL_SIZE_LIMIT: i64 = 64 << 20;

thread_local! {
    /// Frames in the WAL after the last commit on this thread, reported by [`note_frames`].
    static WAL_FRAMES: Cell<Option<c_int>> = const { Cell::new(None) };
}

/// SQLite's WAL hook of the writer connection: runs on the committing thread, after the
/// commit, with the number of frames now in the WAL. Registering it replaces SQLite's
/// auto-checkpoint.
fn note_frames(_wal: &Wal, frames: c_int) -> rusqlite::Result<()> {
    WAL_FRAMES.with(|f| f.set(Some(frames)));
    Ok(())
}

/// Sets up the writer connection for background checkpoints.
pub(super) fn configure_writer(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "wal_autocheckpoint", 0)?;
    conn.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT)?;
    conn.wal_hook(Some(note_frames));
    Ok(())
}

/// The frame count reported by the last commit on this thread, if any since the last call.
pub(super) fn take_frames() -> Option<i64> {
    WAL_FRAMES.with(|f| f.take()).map(i64::from)
}

#[derive(Default)]
struct State {
    /// Commits reported so far.
    writes: u64,
    /// Frames in the WAL after the latest commit.
    frames: i64,
    /// Frames known to be copied back into the database (a prefix of the WAL).
    backfilled: i64,
    /// Incremented whenever the WAL started over (its frame count went down), so that a
    /// checkpoint result about the previous WAL is not applied to the new one.
    epoch: u64,
    stop: bool,
}

impl State {
    fn pending(&self) -> i64 {
        self.frames - self.backfilled.min(self.frames)
    }
}

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

/// The checkpoint thread of a file database; stops (after a `TRUNCATE` checkpoint) on drop.
pub(super) struct Checkpointer {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Opens a connection to `path` and starts the thread.
    pub(super) fn start(path: &Path) -> Result<Checkpointer> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // A checkpoint fsyncs the database file before the WAL may be reused.
        conn.pragma_update(None, "synchronous", "FULL")?;
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            wake: Condvar::new(),
        });
        let thread = std::thread::Builder::new()
            .name("sqlite-checkpoint".to_owned())
            .spawn({
                let shared = shared.clone();
                move || run(&conn, &shared)
            })?;
        Ok(Checkpointer {
            shared,
            thread: Some(thread),
        })
    }

    /// Reports a commit by the writer, with the WAL's frame count if the hook gave one.
    /// Returns `true` when the WAL holds [`HARD_FRAMES`] or more and the writer should
    /// checkpoint itself.
    pub(super) fn wrote(&self, frames: Option<i64>) -> bool {
        let mut st = lock(&self.shared.state);
        st.writes += 1;
        if let Some(frames) = frames {
            if frames < st.frames {
                st.epoch += 1;
                st.backfilled = 0;
            }
            st.frames = frames;
        }
        let hard = st.frames >= HARD_FRAMES;
        drop(st);
        self.shared.wake.notify_one();
        hard
    }

    /// Records a checkpoint the writer ran itself.
    pub(super) fn checkpointed(&self, backfilled: i64) {
        let mut st = lock(&self.shared.state);
        st.backfilled = backfilled;
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        lock(&self.shared.state).stop = true;
        self.shared.wake.notify_one();
        if let Some(thread) = self.thread.take() {
            // The thread only ends by returning; a panic in it has nothing left to clean up.
            let _ = thread.join();
        }
    }
}

/// `PRAGMA wal_checkpoint(<mode>)`: `(frames in the WAL, frames copied back)`, or `None` when
/// another connection is checkpointing (the writer and the thread may both try at once).
/// Other failures are logged: a checkpoint has no caller to report to, and the next commit
/// tries again.
pub(super) fn checkpoint(conn: &Connection, mode: &str) -> Option<(i64, i64)> {
    let result = conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |r| {
        Ok((r.get(1)?, r.get(2)?))
    });
    match result {
        Ok(frames) => Some(frames),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => None,
        Err(e) => {
            service_log!("WAL checkpoint ({mode}) failed: {e}");
            None
        }
    }
}

fn run(conn: &Connection, shared: &Shared) {
    let mut done = 0;
    loop {
        let mut st = lock(&shared.state);
        // Wait for commits that are not checkpointed yet.
        while st.writes == done && !st.stop {
            st = shared
                .wake
                .wait(st)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        if st.stop {
            break;
        }
        // Then for the writer to be idle, unless the WAL is already large.
        while !st.stop && st.pending() < SOFT_FRAMES {
            let before = st.writes;
            st = shared
                .wake
                .wait_timeout(st, IDLE)
                .map(|(st, _)| st)
                .unwrap_or_else(|poisoned| poisoned.into_inner().0);
            if st.writes == before {
                break;
            }
        }
        if st.stop {
            break;
        }
        done = st.writes;
        let epoch = st.epoch;
        drop(st);
        // On failure the next commit schedules another attempt, and the writer checkpoints
        // itself at HARD_FRAMES.
        if let Some((_, backfilled)) = checkpoint(conn, "PASSIVE") {
            let mut st = lock(&shared.state);
            if st.epoch == epoch {
                st.backfilled = st.backfilled.max(backfilled);
            }
        }
    }
    // Clean shutdown: copy everything back and leave an empty WAL.
    checkpoint(conn, "TRUNCATE");
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use serde_json::json;

    use super::super::{NewBatch, NewJob, NewUpdate, Store};
    use super::*;

    /// Makes specs about as large as real ones (~1 KiB).
    fn pad() -> String {
        "0123456789abcdef".repeat(56)
    }

    fn submit(s: &Store, token: &str, n: i64) {
        let batch = NewBatch {
            token: token.to_owned(),
            billing_project: "p".to_owned(),
            ..NewBatch::default()
        };
        let update = NewUpdate {
            token: token.to_owned(),
            n_jobs: n,
            n_job_groups: 0,
        };
        s.create_fast("u", &batch, &update, 0, |_, _| {
            let jobs = (1..=n)
                .map(|i| NewJob {
                    job_id: i,
                    n_max_attempts: 1,
                    cores_mcpu: 1000,
                    spec: json!({"process": {"command": ["true"], "i": i}, "pad": pad()})
                        .to_string(),
                    ..NewJob::default()
                })
                .collect();
            Ok((Vec::new(), jobs))
        })
        .expect("submit");
    }

    /// Polls `cond` every 10 ms until it holds, for at most 20 s.
    fn eventually(what: &str, mut cond: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !cond() {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    #[test]
    fn commits_leave_checkpoints_to_the_background_thread() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("b.db");
        let s = Store::open(&path).expect("open");
        let autocheckpoint: i64 = lock(&s.writer)
            .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
            .expect("pragma");
        assert_eq!(
            autocheckpoint, 0,
            "no checkpoint inside the writer's commits"
        );
        // 5,000 jobs: several MiB of WAL, past SQLite's default 1,000-page auto-checkpoint.
        submit(&s, "a", 5000);
        let reader = Connection::open(&path).expect("reader");
        let db_bytes = || -> i64 {
            let (pages, size): (i64, i64) = reader
                .query_row(
                    "SELECT (SELECT page_count FROM pragma_page_count()),
                            (SELECT page_size FROM pragma_page_size())",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .expect("page count");
            pages * size
        };
        let expected = db_bytes();
        assert!(expected > 4 << 20, "the batch takes {expected} bytes");
        // The thread copies the whole WAL back into the database file once the writer is idle.
        eventually("the checkpoint", || {
            std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) == expected as u64
        });
        // A clean shutdown leaves no WAL behind.
        drop(reader);
        drop(s);
        let wal = std::fs::metadata(dir.path().join("b.db-wal")).map(|m| m.len());
        assert!(matches!(wal, Err(_) | Ok(0)), "WAL after shutdown: {wal:?}");
        let s = Store::open(&path).expect("reopen");
        assert_eq!(
            s.get_job("u", 1, 5000).expect("last job").spec,
            json!({"process": {"command": ["true"], "i": 5000}, "pad": pad()})
        );
    }

    #[test]
    fn wal_size_is_tracked_across_restarts_of_the_wal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = Checkpointer::start(&dir.path().join("b.db")).expect("start");
        assert!(!c.wrote(Some(100)));
        assert!(!c.wrote(None), "no hook report: nothing new known");
        assert!(c.wrote(Some(HARD_FRAMES)), "the WAL reached the hard bound");
        c.checkpointed(HARD_FRAMES - 10);
        {
            let st = lock(&c.shared.state);
            assert_eq!(
                (st.frames, st.backfilled, st.pending()),
                (HARD_FRAMES, HARD_FRAMES - 10, 10)
            );
        }
        assert!(
            c.wrote(Some(HARD_FRAMES + 10)),
            "the WAL did not start over: still at the bound"
        );
        // The WAL started over: its frames are all new.
        assert!(!c.wrote(Some(5)));
        let st = lock(&c.shared.state);
        assert_eq!((st.frames, st.backfilled, st.pending()), (5, 0, 5));
        assert_eq!(st.writes, 5);
    }
}
