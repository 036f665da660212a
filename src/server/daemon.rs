//! Finding, starting and stopping the local service from the CLI, as an explicit protocol:
//!
//! 1. read the state file; if it names a live process of our version that answers
//!    `GET /healthcheck`, use it;
//! 2. otherwise take the start lock, look again (another `hailctl` may have just started one),
//!    wait for a service of our version that is still starting (it has written the state file
//!    but does not answer yet) rather than race it, stop a service of another version, spawn
//!    our own binary as `hailctl batch serve` in a new session with its output in
//!    `server.log`, and wait — with a deadline — until it has written the state file and
//!    answers.
//!
//! A service that died without removing its state file (a crash, `kill -9`) is started again
//! as it was started ([`ServiceState::serve_args`]: same data directory, users file, TLS,
//! cores, regions), so a restart never silently swaps the user's service for a bare one.
//!
//! Everything here is blocking and runtime-free, so `hailctl batch serve --status` and friends
//! stay instant.

use std::fs::OpenOptions;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::state::{ServicePaths, ServiceState, StateError, read_state};

/// How long a new service may take to become ready.
pub(crate) const START_DEADLINE: Duration = Duration::from_secs(20);
/// How long a stopping service may take to exit.
pub(crate) const STOP_DEADLINE: Duration = Duration::from_secs(15);

/// What the state file and a probe say about the local service.
#[derive(Debug)]
pub(crate) enum Status {
    /// No state file.
    NotRunning,
    /// The recorded process answers.
    Running(ServiceState),
    /// A state file exists but its service is gone or does not answer.
    Stale(ServiceState),
}

/// Errors of the start/stop protocol.
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    #[error(transparent)]
    State(#[from] StateError),
    #[error("cannot start the local Batch service: {0}")]
    Spawn(std::io::Error),
    #[error(
        "the local Batch service did not become ready within {}s; its log is {}{}",
        START_DEADLINE.as_secs(), log.display(), tail
    )]
    NotReady {
        log: std::path::PathBuf,
        tail: String,
    },
    #[error("the local Batch service exited while starting ({status}); its log is {}{}", log.display(), tail)]
    Exited {
        status: std::process::ExitStatus,
        log: std::path::PathBuf,
        tail: String,
    },
    #[error("the local Batch service (pid {pid}) did not stop within {}s", STOP_DEADLINE.as_secs())]
    DidNotStop { pid: u32 },
    #[error("cannot lock {}: {source}", path.display())]
    Lock {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

/// The header through which `GET /healthcheck` names the process answering.
pub(crate) const PID_HEADER: &str = "x-hailctl-pid";

/// True if the service `pid` answers `GET /healthcheck` with 200 at `addr` (plain HTTP).
/// Another service answering at that address (one that took the port of a service that died)
/// is not it: its token is not the one in the state file.
pub(crate) fn healthy(addr: SocketAddr, pid: u32) -> bool {
    let attempt = || -> std::io::Result<bool> {
        let timeout = Duration::from_millis(1000);
        let mut stream = TcpStream::connect_timeout(&addr, timeout)?;
        stream.set_read_timeout(Some(timeout))?;
        stream.set_write_timeout(Some(timeout))?;
        stream.write_all(
            format!("GET /healthcheck HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )?;
        let mut head = Vec::new();
        (&mut stream).take(4096).read_to_end(&mut head)?;
        let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
        let ok = head.starts_with("http/1.1 200") || head.starts_with("http/1.0 200");
        Ok(ok && head.contains(&format!("\r\n{PID_HEADER}: {pid}\r\n")))
    };
    attempt().unwrap_or(false)
}

/// True if process `pid` exists.
pub(crate) fn process_alive(pid: u32) -> bool {
    let Ok(pid) = i32::try_from(pid) else {
        return false;
    };
    // Signal 0 checks existence and permission without sending anything.
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None).is_ok()
}

/// True if process `pid` is alive and is a `hailctl batch serve` (not another program that
/// was given the pid of a service that died). Without `/proc`, any live process counts.
fn is_service_process(pid: u32) -> bool {
    if !process_alive(pid) {
        return false;
    }
    // A zombie (a service killed but not yet reaped) has an empty command line.
    match std::fs::read(format!("/proc/{pid}/cmdline")) {
        Ok(cmdline) => cmdline
            .windows(b"batch\0serve\0".len())
            .any(|w| w == b"batch\0serve\0"),
        Err(_) => true,
    }
}

/// How [`ensure_running`] starts a service when it has to.
#[derive(Clone, Copy, Debug)]
pub(crate) enum StartWith<'a> {
    /// As the last service recorded in the state file was started (a crashed service comes
    /// back the same), else with the defaults: what commands that need a service use.
    Remembered,
    /// With these `hailctl batch serve` arguments (`serve --start ...`).
    Args(&'a [String]),
}

/// The service's status, from the state file and a probe.
pub(crate) fn status(paths: &ServicePaths) -> Result<Status, DaemonError> {
    Ok(match read_state(paths)? {
        None => Status::NotRunning,
        Some(state) if is_service_process(state.pid) && healthy(state.addr, state.pid) => {
            Status::Running(state)
        }
        Some(state) => Status::Stale(state),
    })
}

/// Returns a running service of this version, starting one if needed (see [`StartWith`]).
pub(crate) fn ensure_running(
    paths: &ServicePaths,
    start: StartWith<'_>,
) -> Result<ServiceState, DaemonError> {
    if let Status::Running(state) = status(paths)?
        && state.version == env!("CARGO_PKG_VERSION")
    {
        return Ok(state);
    }
    super::state::create_private_dir(&paths.state_dir).map_err(|source| DaemonError::Lock {
        path: paths.state_dir.clone(),
        source,
    })?;
    let lock_path = paths.lock_file();
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .and_then(|f| f.lock().map(|()| f))
        .map_err(|source| DaemonError::Lock {
            path: lock_path.clone(),
            source,
        })?;
    // Another hailctl may have started one while we waited for the lock.
    let remembered = match status(paths)? {
        Status::Running(state) if state.version == env!("CARGO_PKG_VERSION") => return Ok(state),
        Status::Running(old) => {
            stop_process(old.pid)?;
            old.serve_args
        }
        // A service that recorded itself but does not answer yet is starting (opening its
        // database, recovering): wait for it rather than start a second one beside it.
        Status::Stale(state)
            if state.version == env!("CARGO_PKG_VERSION") && is_service_process(state.pid) =>
        {
            return wait_until_ready(paths, state.pid, None);
        }
        Status::Stale(state) => state.serve_args,
        Status::NotRunning => Vec::new(),
    };
    let serve_args = match start {
        StartWith::Args(args) => args.to_vec(),
        StartWith::Remembered => remembered,
    };
    let state = match spawn(paths, &serve_args) {
        // A service started by hand (`hailctl batch serve`, which does not take the start
        // lock) may have taken the data directory meanwhile: ours refused to start beside it.
        // Use that one once it is ready.
        Err(DaemonError::Exited { .. })
            if let Ok(Some(other)) = read_state(paths)
                && other.version == env!("CARGO_PKG_VERSION")
                && is_service_process(other.pid) =>
        {
            wait_until_ready(paths, other.pid, None)?
        }
        other => other?,
    };
    drop(lock);
    let auto = state
        .serve_args
        .windows(2)
        .any(|w| w[0] == "--runtime" && w[1] == "auto");
    if !state.isolated && auto {
        // `--runtime auto` found nothing that isolates: said once, where the user sees it,
        // when this command started the service.
        let _ = crate::printer::write_stderr_line(&format!(
            "warning: the local Batch service started with the {} runtime: jobs run on this \
             machine's software, NOT isolated from it (see {} for why, and \
             docs/local-service.md for what makes jobs run in their images)",
            if state.runtime.is_empty() {
                "host"
            } else {
                &state.runtime
            },
            paths.state_dir.join("server.log").display()
        ));
    }
    Ok(state)
}

/// Starts `hailctl batch serve` in the background and waits until it is ready.
fn spawn(paths: &ServicePaths, serve_args: &[String]) -> Result<ServiceState, DaemonError> {
    let exe = std::env::current_exe().map_err(DaemonError::Spawn)?;
    let log = OpenOptions::new()
        .create(true)
        .append(true)
        .open(paths.log_file())
        .map_err(DaemonError::Spawn)?;
    let log_err = log.try_clone().map_err(DaemonError::Spawn)?;
    let mut child = Command::new(exe)
        .args(["batch", "serve"])
        .args(serve_args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(log))
        .stderr(Stdio::from(log_err))
        // A new process group, so the terminal's Ctrl-C does not reach the service.
        .process_group(0)
        .spawn()
        .map_err(DaemonError::Spawn)?;
    let pid = child.id();
    wait_until_ready(paths, pid, Some(&mut child))
}

/// Waits until the service `pid` has recorded itself and answers, or has exited (its exit
/// status is known when it is our `child`), or the deadline passed.
fn wait_until_ready(
    paths: &ServicePaths,
    pid: u32,
    mut child: Option<&mut std::process::Child>,
) -> Result<ServiceState, DaemonError> {
    let deadline = Instant::now() + START_DEADLINE;
    let mut delay = Duration::from_millis(5);
    while Instant::now() < deadline {
        let exited = match child.as_deref_mut() {
            Some(child) => child.try_wait().ok().flatten(),
            None if !process_alive(pid) => {
                return Err(DaemonError::NotReady {
                    log: paths.log_file(),
                    tail: log_tail(paths),
                });
            }
            None => None,
        };
        if let Some(status) = exited {
            return Err(DaemonError::Exited {
                status,
                log: paths.log_file(),
                tail: log_tail(paths),
            });
        }
        if let Ok(Some(state)) = read_state(paths)
            && state.pid == pid
            && healthy(state.addr, pid)
        {
            return Ok(state);
        }
        std::thread::sleep(delay);
        delay = (delay * 2).min(Duration::from_millis(100));
    }
    Err(DaemonError::NotReady {
        log: paths.log_file(),
        tail: log_tail(paths),
    })
}

/// The last lines of `server.log`, after a colon and a newline (empty if there is no log).
fn log_tail(paths: &ServicePaths) -> String {
    std::fs::read_to_string(paths.log_file())
        .map(|text| {
            let lines: Vec<&str> = text.lines().collect();
            let start = lines.len().saturating_sub(5);
            format!(":\n{}", lines[start..].join("\n"))
        })
        .unwrap_or_default()
}

/// Stops the running service, if any. Returns the state of the service that was stopped.
pub(crate) fn stop(paths: &ServicePaths) -> Result<Option<ServiceState>, DaemonError> {
    match read_state(paths)? {
        Some(state) if is_service_process(state.pid) => {
            stop_process(state.pid)?;
            super::state::remove_state_if_owned(paths, state.pid);
            Ok(Some(state))
        }
        Some(state) => {
            super::state::remove_state_if_owned(paths, state.pid);
            Ok(None)
        }
        None => Ok(None),
    }
}

/// Sends SIGTERM and waits for the process to exit.
fn stop_process(pid: u32) -> Result<(), DaemonError> {
    if let Ok(raw) = i32::try_from(pid) {
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(raw),
            nix::sys::signal::Signal::SIGTERM,
        );
    }
    let deadline = Instant::now() + STOP_DEADLINE;
    while Instant::now() < deadline {
        if !is_service_process(pid) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Err(DaemonError::DidNotStop { pid })
}
