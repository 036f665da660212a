//! Safe writes of configuration files.
//!
//! Hail's tool truncates a file and writes it in place, so a crash or a second `hailctl` at the
//! same moment can leave a half-written or stale file. Here every change is a read-modify-write
//! done under an exclusive lock on the configuration directory, and the new text replaces the
//! file atomically (temporary file in the same directory, `fsync`, `rename`). A symlinked file is
//! written through its link, and an existing file keeps its permissions, as Python's in-place
//! rewrite would.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::ini::Ini;
use super::{ConfigDir, ConfigError, read_file};

/// The lock file earlier versions left in the configuration directory; removed when seen.
const OLD_LOCK_FILE: &str = ".hailctl.lock";

/// An exclusive lock on the configuration directory, released when dropped. It is an advisory
/// lock (`flock`) on the directory itself, so that nothing is left behind in the user's
/// configuration directory (Hail's tool leaves nothing there either).
#[derive(Debug)]
pub(crate) struct DirLock {
    _dir: File,
}

impl DirLock {
    /// Creates the directory if needed and waits for the lock.
    pub(crate) fn acquire(dir: &ConfigDir) -> Result<Self, ConfigError> {
        let unwritable = |source| ConfigError::Unwritable {
            path: dir.path().to_path_buf(),
            source,
        };
        std::fs::create_dir_all(dir.path()).map_err(unwritable)?;
        let handle = File::open(dir.path()).map_err(unwritable)?;
        handle.lock().map_err(unwritable)?;
        // Under the lock, so no other writer is using it.
        let _ = std::fs::remove_file(dir.path().join(OLD_LOCK_FILE));
        Ok(DirLock { _dir: handle })
    }
}

/// Reads `path` (missing means empty), lets `change` edit it, and writes it back if `change`
/// says it changed something. The caller holds the directory lock. Nothing is written if the
/// file cannot be parsed.
pub(crate) fn update(
    path: &Path,
    change: impl FnOnce(&mut Ini) -> bool,
) -> Result<(), ConfigError> {
    let mut ini = read_file(path)?.unwrap_or_default();
    ini.check_interpolation()?;
    if change(&mut ini) {
        write_atomic(path, ini.write().as_bytes())?;
    }
    Ok(())
}

/// Follows a chain of symbolic links to the file that would be written.
fn resolve_links(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::read_link(&current) {
            Ok(target) => {
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            Err(_) => break,
        }
    }
    current
}

/// Replaces the content of `path` atomically, creating missing parent directories. A new file
/// gets the default mode (0666 less the umask, as Python's `open` gives); an existing file keeps
/// its mode.
pub(crate) fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), ConfigError> {
    let target = resolve_links(path);
    let unwritable = |source| ConfigError::Unwritable {
        path: target.clone(),
        source,
    };
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(unwritable)?;
    if target.is_dir() {
        return Err(unwritable(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a directory",
        )));
    }
    let existing_permissions = std::fs::metadata(&target).ok().map(|m| m.permissions());

    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = parent.join(format!(".{file_name}.{}.tmp", crate::random::suffix()));

    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(contents)?;
        if let Some(permissions) = existing_permissions {
            file.set_permissions(permissions)?;
        }
        file.sync_all()?;
        std::fs::rename(&temp, &target)?;
        // Make the rename itself durable; not all file systems support syncing a directory.
        if let Ok(dir) = File::open(&parent) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(unwritable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_through_symlinks_and_keeps_mode() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real.ini");
        std::fs::write(&real, "old").expect("write");
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        let link = dir.path().join("config.ini");
        symlink("real.ini", &link).expect("symlink");
        write_atomic(&link, b"new").expect("write");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).expect("read"), "new");
        let mode = std::fs::metadata(&real).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn creates_missing_directories() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a/b/config.ini");
        write_atomic(&path, b"[x]\n\n").expect("write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "[x]\n\n");
    }
}
