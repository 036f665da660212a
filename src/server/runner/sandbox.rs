//! The two ways a job's main command is launched: inside a bubblewrap sandbox, or as a plain
//! process group when bubblewrap is unavailable.
//!
//! Both launches clear the environment and set exactly the job's variables, start the command
//! in a new process group (so the runner can kill everything it spawned with one `killpg`), and
//! read nothing from stdin.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use crate::env::Env;

/// `PATH` for jobs that do not set one: Docker's default, which is what most images' `ENV`
/// amounts to (the reference starts from the image's environment).
pub(crate) const DEFAULT_PATH: &str =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Host top-level entries the sandbox does not bind from the host: it provides its own `/dev`,
/// `/proc`, `/tmp` and `/io`.
const NOT_BOUND: [&str; 4] = ["dev", "proc", "tmp", "io"];

/// How job commands are isolated from the host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SandboxMode {
    /// Run the command under `bwrap` (the path of the executable).
    Bubblewrap { bwrap: PathBuf },
    /// Run the command directly in a new process group, with a cleared environment and the
    /// attempt's scratch directory standing in for `/io`. No filesystem isolation.
    PlainProcess,
}

impl SandboxMode {
    /// The value of the status document's `sandbox` key: `"bubblewrap"` or `"none"`.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            SandboxMode::Bubblewrap { .. } => "bubblewrap",
            SandboxMode::PlainProcess => "none",
        }
    }

    /// A one-line description for the service's start-up message.
    pub(crate) fn describe(&self) -> String {
        match self {
            SandboxMode::Bubblewrap { bwrap } => {
                format!("jobs sandboxed with bubblewrap ({})", bwrap.display())
            }
            SandboxMode::PlainProcess => "no sandbox: jobs run as plain processes".to_string(),
        }
    }
}

/// The best sandbox available on this machine, probed once per process (later calls return the
/// first answer): bubblewrap if `bwrap` is on `PATH` and [`probe_bubblewrap`] can create a
/// sandbox with the exact options jobs use, else [`SandboxMode::PlainProcess`].
///
/// Blocking (it runs `bwrap` once); call it at service start-up, not on an async worker thread
/// in a hot path.
pub(crate) fn detect_sandbox() -> SandboxMode {
    static DETECTED: OnceLock<SandboxMode> = OnceLock::new();
    DETECTED
        .get_or_init(|| match probe_bubblewrap(&Env::from_process()) {
            Ok(bwrap) => SandboxMode::Bubblewrap { bwrap },
            Err(_) => SandboxMode::PlainProcess,
        })
        .clone()
}

/// Looks for `bwrap` on `env`'s `PATH` and runs `true` in a sandbox built exactly as for a job
/// (read-only host, fresh `/dev` `/proc` `/tmp`, a bound `/io`, new namespaces). Returns the
/// `bwrap` path, or why bubblewrap cannot be used here (for logs and skipped tests).
///
/// The probe uses the full option set rather than a bare `bwrap --ro-bind / / true` because
/// containers often allow the bind but refuse a new PID namespace or a `/proc` mount, and a
/// probe that passes while every job fails would be worse than no sandbox.
pub(crate) fn probe_bubblewrap(env: &Env) -> Result<PathBuf, String> {
    let bwrap = find_on_path(env, "bwrap").ok_or("bwrap is not on PATH")?;
    let tmp = env
        .get("TMPDIR")
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "/tmp".into());
    let probe_dir = Path::new(&tmp).join(format!(
        "hailctl-bwrap-probe-{}-{}",
        std::process::id(),
        rand::random::<u32>()
    ));
    fs::create_dir_all(&probe_dir)
        .map_err(|e| format!("cannot create {}: {e}", probe_dir.display()))?;
    let result = (|| {
        let args = bwrap_args(&probe_dir, &["true".to_string()])
            .map_err(|e| format!("cannot list the host root directory: {e}"))?;
        let output = Command::new(&bwrap)
            .args(args)
            .env_clear()
            .env("PATH", DEFAULT_PATH)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", bwrap.display()))?;
        if output.status.success() {
            Ok(bwrap.clone())
        } else {
            Err(format!(
                "{} cannot create a sandbox here ({}): {}",
                bwrap.display(),
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        }
    })();
    // Best effort: a leftover empty probe directory is harmless.
    let _ = fs::remove_dir_all(&probe_dir);
    result
}

fn find_on_path(env: &Env, name: &str) -> Option<PathBuf> {
    let path = env.get_os("PATH")?;
    std::env::split_paths(path)
        .filter(|dir| dir.is_absolute())
        .map(|dir| dir.join(name))
        .find(|candidate| {
            use std::os::unix::fs::PermissionsExt;
            fs::metadata(candidate)
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// The `bwrap` arguments that run `argv` with the host read-only and `io_host` at `/io`.
///
/// Why not simply `--ro-bind / /`: `/io` does not exist on the host, and bwrap cannot create the
/// mount point inside a read-only bind. So the sandbox root is bwrap's own tmpfs, every host
/// top-level directory/file is bound read-only into it (symlinks such as `/bin -> usr/bin` are
/// recreated), `/io` is created and bound read-write, and the root tmpfs itself is finally
/// remounted read-only. The effect is the same as `--ro-bind / /` plus a writable `/io`.
pub(super) fn bwrap_args(io_host: &Path, argv: &[String]) -> io::Result<Vec<OsString>> {
    let mut args: Vec<OsString> = Vec::new();
    let mut push = |items: &[&std::ffi::OsStr]| args.extend(items.iter().map(|s| s.to_os_string()));

    let mut entries: Vec<_> = fs::read_dir("/")?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if NOT_BOUND.iter().any(|n| name == *n) {
            continue;
        }
        let host = Path::new("/").join(&name);
        let Ok(meta) = fs::symlink_metadata(&host) else {
            continue;
        };
        if meta.file_type().is_symlink() {
            if let Ok(target) = fs::read_link(&host) {
                push(&["--symlink".as_ref(), target.as_os_str(), host.as_os_str()]);
            }
        } else if meta.is_dir() || meta.is_file() {
            push(&["--ro-bind".as_ref(), host.as_os_str(), host.as_os_str()]);
        }
        // Sockets, fifos and devices at the top level are skipped: nothing a job needs.
    }
    push(&["--dev".as_ref(), "/dev".as_ref()]);
    push(&["--proc".as_ref(), "/proc".as_ref()]);
    push(&["--tmpfs".as_ref(), "/tmp".as_ref()]);
    push(&["--bind".as_ref(), io_host.as_os_str(), "/io".as_ref()]);
    // Last mount operation: later ones would need to create mount points in the root.
    push(&["--remount-ro".as_ref(), "/".as_ref()]);
    push(&[
        "--unshare-pid".as_ref(),
        "--unshare-ipc".as_ref(),
        "--unshare-uts".as_ref(),
        "--die-with-parent".as_ref(),
        "--new-session".as_ref(),
    ]);
    // As root, the sandboxed process would otherwise keep CAP_SYS_ADMIN and could simply
    // remount the host directories read-write. Unprivileged bwrap already runs without caps.
    if nix::unistd::geteuid().is_root() {
        push(&["--cap-drop".as_ref(), "ALL".as_ref()]);
    }
    // The reference's working directory is the image's WorkingDir, or `/` when it has none; the
    // local service has no image, so `/` it is.
    push(&["--chdir".as_ref(), "/".as_ref(), "--".as_ref()]);
    args.extend(argv.iter().map(OsString::from));
    Ok(args)
}

/// Builds the command that runs the job's `argv` in `mode`, with exactly `env`, stdout and
/// stderr both going to `log` (one file description, so the bytes interleave in write order),
/// in a new process group.
///
/// `io_dir` is the attempt's scratch directory (the sandbox's `/io`); in plain-process mode it
/// is also the working directory, because running a job in the host's `/` would let relative
/// writes land in the host root.
pub(super) fn job_command(
    mode: &SandboxMode,
    argv: &[String],
    env: &[(String, String)],
    io_dir: &Path,
    log: fs::File,
) -> io::Result<Command> {
    let mut cmd = match mode {
        SandboxMode::Bubblewrap { bwrap } => {
            let mut c = Command::new(bwrap);
            c.args(bwrap_args(io_dir, argv)?);
            c
        }
        SandboxMode::PlainProcess => {
            let (program, rest) = argv
                .split_first()
                .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "empty command"))?;
            // Spawning an absolute path lets the standard library use posix_spawn (vfork)
            // instead of forking the whole service for every job; the job still sees the name
            // it was given as argv[0], and a name not on PATH still fails with 127 as before.
            let resolved = if program.contains('/') {
                None
            } else {
                let job_env = Env::from_pairs(env.iter().map(|(k, v)| (k.clone(), v.clone())));
                find_on_path(&job_env, program)
            };
            let mut c = match resolved {
                Some(path) => {
                    let mut c = Command::new(path);
                    c.arg0(program);
                    c
                }
                None => Command::new(program),
            };
            c.args(rest).current_dir(io_dir);
            c
        }
    };
    // bwrap hands its own environment to the sandboxed command, so clearing it here clears it
    // for the job in both modes.
    cmd.env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::from(log.try_clone()?))
        .stderr(Stdio::from(log))
        .process_group(0);
    Ok(cmd)
}
