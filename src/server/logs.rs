//! The log cap (`hailctl batch serve --max-log-mib`): a container's log of one attempt keeps
//! its first and last `cap / 2` bytes, with a line in between saying how much was left out.
//! The rule lives here and is applied in three places:
//!
//! * while the job runs (the runner, every second): the bytes in between are given back to the
//!   file system by punching a hole in the file, so a job that writes without end never fills
//!   the disk; its process keeps writing at its own offset, unaware;
//! * when someone reads a running job's log over the cap: they get the kept parts and the line
//!   ([`read`], [`parts`]), never the hole;
//! * when the attempt ends (the scheduler): the file itself is rewritten as the kept parts and
//!   the line ([`cap_logs`]).

use std::io::{self, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::Path;

/// What a log over the cap is served as: `head` bytes from the start, the notice, then the
/// bytes from `tail_start` to the end.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Parts {
    pub head: u64,
    pub notice: String,
    pub tail_start: u64,
}

/// Room for the notice: a log cut to its parts (`cap` bytes and the notice) is within the cap
/// and never cut again.
const NOTICE_ROOM: u64 = 256;

/// The parts of a log of `len` bytes under `cap`; `None` when it is within the cap.
pub(crate) fn parts(len: u64, cap: u64) -> Option<Parts> {
    if len <= cap.saturating_add(NOTICE_ROOM) {
        return None;
    }
    let half = cap / 2;
    Some(Parts {
        head: half,
        notice: notice(len - 2 * half, cap),
        tail_start: len - half,
    })
}

/// The line a cut log holds where bytes were left out.
fn notice(omitted: u64, cap: u64) -> String {
    format!(
        "\n[hailctl: this log was cut to its first and last {} bytes (the service's --max-log-mib); {omitted} bytes in between were left out]\n",
        cap / 2
    )
}

/// A whole log as it is served: the file, or its parts when it is over the cap.
pub(crate) fn read(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let Some(parts) = parts(len, cap) else {
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        return Ok(bytes);
    };
    let mut bytes = Vec::new();
    (&mut file).take(parts.head).read_to_end(&mut bytes)?;
    bytes.extend_from_slice(parts.notice.as_bytes());
    file.seek(SeekFrom::Start(parts.tail_start))?;
    file.take(len - parts.tail_start).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// While the job writes: frees the blocks between the kept parts of a log over the cap (a
/// hole reads as zeros and takes no space). What is kept at the end (the first `cap / 2` and
/// the last `cap / 2` bytes of the final log) is never inside the hole, as the log only grows.
/// File systems without holes (rare: ext4, XFS, Btrfs and tmpfs have them) keep the bytes
/// until the attempt ends.
pub(crate) fn release_middle(path: &Path, cap: u64) -> io::Result<()> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    let Some(parts) = parts(meta.len(), cap) else {
        return Ok(());
    };
    // Whole blocks only: a partial block would be zeroed, not freed.
    const BLOCK: u64 = 64 * 1024;
    let start = parts.head.div_ceil(BLOCK) * BLOCK;
    let end = parts.tail_start / BLOCK * BLOCK;
    if end <= start {
        return Ok(());
    }
    let file = std::fs::OpenOptions::new().write(true).open(path)?;
    let (Ok(offset), Ok(len)) = (i64::try_from(start), i64::try_from(end - start)) else {
        return Ok(());
    };
    nix::fcntl::fallocate(
        &file,
        nix::fcntl::FallocateFlags::FALLOC_FL_PUNCH_HOLE
            | nix::fcntl::FallocateFlags::FALLOC_FL_KEEP_SIZE,
        offset,
        len,
    )
    .map_err(io::Error::from)
}

/// Cuts every log of an attempt's `log_dir` longer than `cap` bytes to its parts. Applied
/// when the attempt has ended; a failure leaves the log as it was.
pub(crate) fn cap_logs(log_dir: &Path, cap: u64) {
    let Ok(entries) = std::fs::read_dir(log_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(len) = entry.metadata().map(|m| m.len()) else {
            continue;
        };
        if path.extension().is_none_or(|e| e != "log") {
            continue;
        }
        let Some(parts) = parts(len, cap) else {
            continue;
        };
        if let Err(e) = cut(&path, len, &parts) {
            crate::printer::service_log!("cannot cut {}: {e}", path.display());
        }
    }
}

fn cut(path: &Path, len: u64, parts: &Parts) -> io::Result<()> {
    let mut source = std::fs::File::open(path)?;
    let temp = path.with_extension("log.cut");
    let mut out = std::fs::File::create(&temp)?;
    let copied = (|| {
        io::copy(&mut (&mut source).take(parts.head), &mut out)?;
        out.write_all(parts.notice.as_bytes())?;
        source.seek(SeekFrom::Start(parts.tail_start))?;
        io::copy(&mut (&mut source).take(len - parts.tail_start), &mut out)?;
        out.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if copied.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    copied
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_over_the_cap_keeps_its_halves_while_written_and_after() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("main.log");
        let cap = 512 * 1024;
        // 2 MiB written in steps, the middle released after each, as the runner does.
        let mut file = std::fs::File::create(&path).expect("create");
        for step in 0u8..8 {
            file.write_all(&vec![b'a' + step; 256 * 1024])
                .expect("write");
            release_middle(&path, cap).expect("punch");
        }
        drop(file);
        let served = read(&path, cap).expect("read");
        assert_eq!(&served[..256 * 1024], &vec![b'a'; 256 * 1024][..]);
        assert!(!served.contains(&0), "a hole was served");
        assert!(String::from_utf8_lossy(&served).contains("1572864 bytes in between"));
        assert!(served.ends_with(&vec![b'h'; 256 * 1024]));
        // The file takes about the cap on disk, not 2 MiB.
        use std::os::unix::fs::MetadataExt as _;
        let on_disk = std::fs::metadata(&path).expect("meta").blocks() * 512;
        assert!(on_disk < 1024 * 1024, "{on_disk} bytes on disk");
        cap_logs(dir.path(), cap);
        assert_eq!(std::fs::read(&path).expect("read"), served);
        // A cut log is within the cap: served as it is, never cut again.
        assert_eq!(read(&path, cap).expect("read"), served);
        cap_logs(dir.path(), cap);
        assert_eq!(std::fs::read(&path).expect("read"), served);
    }

    #[test]
    fn a_log_within_the_cap_is_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("main.log");
        std::fs::write(&path, b"hello\n").expect("write");
        release_middle(&path, 4).expect("no-op");
        assert_eq!(read(&path, 6).expect("read"), b"hello\n");
        assert_eq!(parts(6, 6), None);
    }
}
