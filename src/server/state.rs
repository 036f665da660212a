//! Where the local service keeps its state, and the state file through which the CLI finds it.
//!
//! - data directory (`$XDG_DATA_HOME/hailctl/service`, default `~/.local/share/hailctl/service`):
//!   the SQLite database and the job logs; survives restarts.
//! - state directory (`$XDG_STATE_HOME/hailctl`, default `~/.local/state/hailctl`):
//!   `server.json` (mode 0600) with the address, process id, version and API token of the
//!   running service, `server.lock` (serializes starting a service) and `server.log` (the output
//!   of a service started in the background).
//!
//! The token is created once and kept across restarts, so a client that read it stays valid.

use std::io::Write;
use std::net::SocketAddr;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::home_dir;
use crate::env::Env;

/// The directories of the local service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ServicePaths {
    pub state_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl ServicePaths {
    /// The default places, following the XDG base directory conventions.
    pub(crate) fn locate(env: &Env) -> Self {
        let home = home_dir(env);
        let xdg = |var: &str, default: &str| -> PathBuf {
            match env.get_os(var) {
                Some(v) if !v.is_empty() && Path::new(v).is_absolute() => PathBuf::from(v),
                _ => home.join(default),
            }
        };
        ServicePaths {
            state_dir: xdg("XDG_STATE_HOME", ".local/state").join("hailctl"),
            data_dir: xdg("XDG_DATA_HOME", ".local/share")
                .join("hailctl")
                .join("service"),
        }
    }

    pub(crate) fn state_file(&self) -> PathBuf {
        self.state_dir.join("server.json")
    }

    pub(crate) fn lock_file(&self) -> PathBuf {
        self.state_dir.join("server.lock")
    }

    pub(crate) fn log_file(&self) -> PathBuf {
        self.state_dir.join("server.log")
    }
}

/// What a running service records about itself.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct ServiceState {
    /// The process id of the service.
    pub pid: u32,
    /// Where it listens.
    pub addr: SocketAddr,
    /// Whether it serves TLS.
    #[serde(default)]
    pub tls: bool,
    /// The `hailctl` version that runs it.
    pub version: String,
    /// The API token clients must send as `Authorization: Bearer <token>`.
    pub token: String,
    /// Its data directory.
    pub data_dir: PathBuf,
    /// The user jobs are submitted as.
    pub user: String,
    /// The `hailctl batch serve` arguments that start this same service again (data
    /// directory, users file, TLS, cores, regions, ...): an auto-start after a crash uses them.
    #[serde(default)]
    pub serve_args: Vec<String>,
    /// The job runtime it chose (`bubblewrap`, `podman`, `docker`, `host`).
    #[serde(default)]
    pub runtime: String,
    /// Whether its jobs are isolated from the machine (false for the host runtime).
    #[serde(default = "isolated_by_default")]
    pub isolated: bool,
}

fn isolated_by_default() -> bool {
    true
}

impl std::fmt::Debug for ServiceState {
    // The token is a secret: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceState")
            .field("pid", &self.pid)
            .field("addr", &self.addr)
            .field("tls", &self.tls)
            .field("version", &self.version)
            .field("token", &"<redacted>")
            .field("data_dir", &self.data_dir)
            .field("user", &self.user)
            .field("serve_args", &self.serve_args)
            .finish()
    }
}

impl ServiceState {
    /// The base URL of the API.
    pub(crate) fn base_url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }
}

/// Errors reading or writing the state file.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not a valid service state file: {source}", path.display())]
    Malformed {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Reads the state file; `None` if there is none.
pub(crate) fn read_state(paths: &ServicePaths) -> Result<Option<ServiceState>, StateError> {
    let path = paths.state_file();
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|source| StateError::Malformed { path, source }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(StateError::Read { path, source }),
    }
}

/// Writes the state file atomically with mode 0600 (it holds the token).
pub(crate) fn write_state(paths: &ServicePaths, state: &ServiceState) -> Result<(), StateError> {
    let path = paths.state_file();
    let write_err = |source| StateError::Write {
        path: path.clone(),
        source,
    };
    create_private_dir(&paths.state_dir).map_err(write_err)?;
    let temp = paths
        .state_dir
        .join(format!(".server.json.{}.tmp", crate::random::suffix()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&temp)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        file.write_all(&serde_json::to_vec_pretty(state).map_err(std::io::Error::other)?)?;
        file.sync_all()?;
        std::fs::rename(&temp, &path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(write_err)
}

/// Removes the state file if it still describes the process `pid`.
pub(crate) fn remove_state_if_owned(paths: &ServicePaths, pid: u32) {
    if let Ok(Some(state)) = read_state(paths)
        && state.pid == pid
    {
        let _ = std::fs::remove_file(paths.state_file());
    }
}

/// The file in a data directory whose exclusive lock a service holds for its whole lifetime,
/// and which names the holder (pid and address; kept after it stops, so that the next service
/// can take the same port again).
const DATA_DIR_LOCK: &str = "service.lock";

/// Who holds (or last held) a data directory.
#[derive(Debug, Serialize, Deserialize)]
struct DataDirHolder {
    pid: u32,
    addr: SocketAddr,
    #[serde(default)]
    tls: bool,
}

/// A data directory owned by this process: one service per data directory, or two would run
/// the same jobs at once. Released when dropped (or when the process dies, even by `kill -9`).
#[derive(Debug)]
pub(crate) struct DataDirLock {
    _file: std::fs::File,
}

/// Errors taking a data directory.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DataDirError {
    #[error(
        "{} is in use by another local Batch service ({holder}); stop it first (`hailctl batch \
         serve --stop`) or choose another --data-dir",
        dir.display()
    )]
    Busy { dir: PathBuf, holder: String },
    #[error("cannot lock {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl DataDirLock {
    /// Takes `data_dir` (created 0700 if missing, made 0700 if not) for a service at `addr`,
    /// or says who has it.
    pub(crate) fn acquire(
        data_dir: &Path,
        addr: SocketAddr,
        tls: bool,
    ) -> Result<DataDirLock, DataDirError> {
        let path = data_dir.join(DATA_DIR_LOCK);
        let io = |source| DataDirError::Io {
            path: path.clone(),
            source,
        };
        make_private_dir(data_dir).map_err(io)?;
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = match read_holder(&path) {
                    Some(h) if h.pid != 0 => {
                        let scheme = if h.tls { "https" } else { "http" };
                        format!("pid {}, at {scheme}://{}", h.pid, h.addr)
                    }
                    _ => "still starting".to_string(),
                };
                return Err(DataDirError::Busy {
                    dir: data_dir.to_path_buf(),
                    holder,
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
        }
        let holder = DataDirHolder {
            pid: std::process::id(),
            addr,
            tls,
        };
        let text = serde_json::to_vec(&holder).map_err(|e| io(std::io::Error::other(e)))?;
        (|| {
            use std::io::Seek;
            file.set_len(0)?;
            file.seek(std::io::SeekFrom::Start(0))?;
            file.write_all(&text)?;
            file.sync_all()
        })()
        .map_err(io)?;
        Ok(DataDirLock { _file: file })
    }
}

fn read_holder(path: &Path) -> Option<DataDirHolder> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// The address of the service that last held `data_dir`, if any (a restart takes its port again
/// when it is free, so printed links and open browser tabs keep working).
pub(crate) fn previous_addr(data_dir: &Path) -> Option<SocketAddr> {
    read_holder(&data_dir.join(DATA_DIR_LOCK)).map(|h| h.addr)
}

/// Creates `dir` (and parents) if missing and makes it readable only by the user, even if it
/// existed: a service's data (every job's environment, logs, tokens' users) is private.
pub(crate) fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

/// Creates a directory (and parents) readable only by the user.
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if !dir.exists() {
        std::fs::create_dir_all(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Compares a presented value `a` with a secret `b` in time that depends only on `a`'s length:
/// not on where they differ, nor on the secret's length (no early exit on a length mismatch).
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = u8::from(a.len() != b.len());
    if b.is_empty() {
        return a.is_empty();
    }
    for (i, x) in a.iter().enumerate() {
        diff |= x ^ b[i % b.len()];
    }
    diff == 0
}

/// The token of the service: the one in the state file if there is one, else a new one.
pub(crate) fn persistent_token(paths: &ServicePaths) -> String {
    match read_state(paths) {
        Ok(Some(state)) if !state.token.is_empty() => state.token,
        _ => crate::random::token(),
    }
}

/// The name of the user running this process (the local service's only default user).
pub(crate) fn os_user_name(env: &Env) -> String {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .ok()
        .flatten()
        .map(|u| u.name)
        .or_else(|| env.get("USER"))
        .unwrap_or_else(|| "user".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_xdg() {
        let env = Env::from_pairs([("HOME", "/h")]);
        let paths = ServicePaths::locate(&env);
        assert_eq!(paths.state_dir, PathBuf::from("/h/.local/state/hailctl"));
        assert_eq!(
            paths.data_dir,
            PathBuf::from("/h/.local/share/hailctl/service")
        );
        let env = Env::from_pairs([
            ("HOME", "/h"),
            ("XDG_STATE_HOME", "/s"),
            ("XDG_DATA_HOME", "relative"),
        ]);
        let paths = ServicePaths::locate(&env);
        assert_eq!(paths.state_dir, PathBuf::from("/s/hailctl"));
        // Relative values are ignored, as the XDG specification says.
        assert_eq!(
            paths.data_dir,
            PathBuf::from("/h/.local/share/hailctl/service")
        );
    }

    #[test]
    fn state_file_is_private_and_round_trips() {
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = ServicePaths {
            state_dir: dir.path().join("state"),
            data_dir: dir.path().join("data"),
        };
        assert!(read_state(&paths).expect("reads").is_none());
        let state = ServiceState {
            pid: 42,
            addr: "127.0.0.1:5000".parse().expect("addr"),
            tls: false,
            version: "0.1.0".into(),
            token: crate::random::token(),
            data_dir: paths.data_dir.clone(),
            user: "alice".into(),
            serve_args: vec!["--data-dir".into(), "/d".into()],
            runtime: "bubblewrap".into(),
            isolated: true,
        };
        write_state(&paths, &state).expect("writes");
        let mode = std::fs::metadata(paths.state_file())
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(read_state(&paths).expect("reads"), Some(state.clone()));
        assert!(!format!("{state:?}").contains(&state.token));
        assert_eq!(persistent_token(&paths), state.token);
        remove_state_if_owned(&paths, 41);
        assert!(paths.state_file().exists());
        remove_state_if_owned(&paths, 42);
        assert!(!paths.state_file().exists());
    }

    #[test]
    fn one_service_per_data_dir() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        let addr: SocketAddr = "127.0.0.1:5000".parse().expect("addr");
        let held = DataDirLock::acquire(&data, addr, false).expect("first");
        let mode = std::fs::metadata(&data).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        let busy = DataDirLock::acquire(&data, addr, false).expect_err("second");
        let message = busy.to_string();
        assert!(
            message.contains(&format!(
                "pid {}, at http://127.0.0.1:5000",
                std::process::id()
            )),
            "{message}"
        );
        drop(held);
        assert_eq!(previous_addr(&data), Some(addr));
        DataDirLock::acquire(&data, addr, false).expect("free again");
    }

    #[test]
    fn tokens_are_random_and_compared_in_constant_time() {
        let a = crate::random::token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, crate::random::token());
        assert!(constant_time_eq(a.as_bytes(), a.as_bytes()));
        assert!(!constant_time_eq(a.as_bytes(), b"x"));
        assert!(!constant_time_eq(b"abcabc", b"abc"));
        assert!(!constant_time_eq(b"ab", b"abc"));
        assert!(!constant_time_eq(b"", b"abc"));
        assert!(!constant_time_eq(b"x", b""));
        assert!(constant_time_eq(b"", b""));
    }
}
