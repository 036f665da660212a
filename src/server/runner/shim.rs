//! `hailctl __job-shim`: the steps that must happen inside a job's own process, after the
//! service forked it and before the job's program runs. The service runs its own executable
//! with these arguments (the binary's `main` hands them here before anything else starts, so
//! the process is still single-threaded, as `unshare(CLONE_NEWUSER)` requires):
//!
//! ```text
//! hailctl __job-shim [--parent PID] [--cgroup DIR]... [--overlay LOWER UPPER WORK MERGED]
//!                    [--sandbox IO WORKDIR UID GID] [--supervise] -- PROGRAM [ARG]...
//! ```
//!
//! 0. `--parent PID` (without `--supervise`): die (SIGKILL) with the service, and stop at once
//!    if it already died.
//! 1. `--cgroup`: join each cgroup (its `cgroup.procs`), so everything the job starts is
//!    counted and limited from its first instruction.
//! 2. `--overlay`: enter a new user namespace (the service's user is root inside it, and no
//!    other id is mapped) and a new mount namespace, and mount an overlay of
//!    `LOWER` (the image's unpacked root, never written) and `UPPER` (the attempt's own
//!    writable layer) at `MERGED`. The mount lives only as long as the job's processes: no
//!    cleanup is needed even when the service is killed. The overlay is `volatile` (never
//!    synced: the attempt's layer is thrown away after it) and keeps its marks in `user.`
//!    attributes (`userxattr`) where the kernel allows.
//!    With `--sandbox` (the `builtin` runtime) the namespaces include new PID, IPC and UTS
//!    ones, and the job's process makes the overlay its whole world before PROGRAM runs
//!    (`sandbox.rs`); PROGRAM is then looked up in the image and is the init of its PID
//!    namespace, as in a container.
//! 3. `--supervise`: stay as the job's parent (a child subreaper, so nothing the job starts
//!    can leave the shim's tree), run PROGRAM, and kill every descendant when the service
//!    goes away or ends the attempt (the shim's stdin, a pipe from the service, reaches end of
//!    file) and when PROGRAM ends; exit as PROGRAM did. Both runtimes use it: bubblewrap's own
//!    `--die-with-parent` leaves a window while it starts, and the host runtime has no
//!    namespace to die with.
//! 4. Otherwise `exec` PROGRAM.
//!
//! A failure is printed to stderr (the job's log) and ends the shim with [`SHIM_FAILED`]; a
//! PROGRAM that cannot be found or executed ends it with the shell's 127 or 126, as a
//! container whose command is missing.

use std::ffi::{OsStr, OsString};
use std::io::Read as _;
use std::os::unix::process::{CommandExt as _, ExitStatusExt as _};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use nix::mount::{MsFlags, mount};
use nix::sched::{CloneFlags, unshare};
use nix::sys::signal::{Signal, killpg, raise};
use nix::unistd::{Pid, getgid, getpgrp, getuid};

use super::sandbox::{self, SandboxPlan};

/// The first argument that makes `hailctl` a job shim.
pub(crate) const SHIM_ARG: &str = "__job-shim";

/// The shim's exit status when it could not start the job (Docker's for a runtime failure).
pub(crate) const SHIM_FAILED: i32 = 125;

/// What the shim was asked to do.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct ShimPlan {
    /// The service's pid: the shim dies with it (SIGKILL), even if it died before the shim
    /// could ask for that.
    pub parent: Option<u32>,
    pub cgroups: Vec<PathBuf>,
    pub overlay: Option<[PathBuf; 4]>,
    /// The built-in sandbox around the overlay (needs `overlay` and `supervise`).
    pub sandbox: Option<SandboxPlan>,
    pub supervise: bool,
    /// A command run after killing the job when the service goes away (an engine's
    /// `rm --force NAME`: its container is not the shim's descendant).
    pub cleanup: Vec<OsString>,
    pub argv: Vec<OsString>,
}

impl ShimPlan {
    /// The arguments (after [`SHIM_ARG`]) that make a shim do this.
    pub(crate) fn to_args(&self) -> Vec<OsString> {
        let mut args: Vec<OsString> = Vec::new();
        if let Some(pid) = self.parent {
            args.push("--parent".into());
            args.push(pid.to_string().into());
        }
        for dir in &self.cgroups {
            args.push("--cgroup".into());
            args.push(dir.into());
        }
        if let Some(paths) = &self.overlay {
            args.push("--overlay".into());
            args.extend(paths.iter().map(OsString::from));
        }
        if let Some(sandbox) = &self.sandbox {
            args.push("--sandbox".into());
            args.push(sandbox.io.clone().into());
            args.push(sandbox.workdir.clone().into());
            args.push(sandbox.uid.to_string().into());
            args.push(sandbox.gid.to_string().into());
        }
        if self.supervise {
            args.push("--supervise".into());
        }
        for arg in &self.cleanup {
            args.push("--cleanup-arg".into());
            args.push(arg.clone());
        }
        args.push("--".into());
        args.extend(self.argv.iter().cloned());
        args
    }

    fn parse(mut args: impl Iterator<Item = OsString>) -> Result<ShimPlan, String> {
        let mut plan = ShimPlan::default();
        let path = |args: &mut dyn Iterator<Item = OsString>, flag: &str| {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("{flag} needs a path"))
        };
        while let Some(arg) = args.next() {
            match arg.to_str() {
                Some("--cgroup") => plan.cgroups.push(path(&mut args, "--cgroup")?),
                Some("--overlay") => {
                    plan.overlay = Some([
                        path(&mut args, "--overlay")?,
                        path(&mut args, "--overlay")?,
                        path(&mut args, "--overlay")?,
                        path(&mut args, "--overlay")?,
                    ]);
                }
                Some("--sandbox") => {
                    let io = path(&mut args, "--sandbox")?;
                    let workdir = path(&mut args, "--sandbox")?;
                    let mut id = || {
                        args.next()
                            .and_then(|v| v.to_str().and_then(|v| v.parse().ok()))
                            .ok_or("--sandbox needs a uid and a gid")
                    };
                    let (uid, gid) = (id()?, id()?);
                    plan.sandbox = Some(SandboxPlan {
                        io,
                        workdir,
                        uid,
                        gid,
                    });
                }
                Some("--supervise") => plan.supervise = true,
                Some("--cleanup-arg") => {
                    plan.cleanup
                        .push(args.next().ok_or("--cleanup-arg needs a value")?);
                }
                Some("--parent") => {
                    let pid = args
                        .next()
                        .and_then(|p| p.to_str().and_then(|p| p.parse().ok()))
                        .ok_or("--parent needs a pid")?;
                    plan.parent = Some(pid);
                }
                Some("--") => {
                    plan.argv = args.collect();
                    break;
                }
                _ => return Err(format!("unknown shim argument {arg:?}")),
            }
        }
        if plan.argv.is_empty() {
            return Err("no program to run".into());
        }
        if plan.sandbox.is_some() && (plan.overlay.is_none() || !plan.supervise) {
            return Err("--sandbox needs --overlay and --supervise".into());
        }
        Ok(plan)
    }
}

/// Runs the shim if `args` (the process' arguments, program name first) ask for it, and
/// returns its exit status; `None` for every other command line.
pub fn run_if_shim(args: &[OsString]) -> Option<i32> {
    if args.get(1).map(OsString::as_os_str) != Some(OsStr::new(SHIM_ARG)) {
        return None;
    }
    let result = ShimPlan::parse(args.iter().skip(2).cloned()).and_then(run);
    Some(match result {
        Ok(code) => code,
        Err(message) => {
            let _ = crate::printer::write_stderr_line(&format!("hailctl job runtime: {message}"));
            SHIM_FAILED
        }
    })
}

fn run(plan: ShimPlan) -> Result<i32, String> {
    close_inherited_descriptors();
    let pid = std::process::id().to_string();
    for dir in &plan.cgroups {
        let procs = dir.join("cgroup.procs");
        std::fs::write(&procs, &pid)
            .map_err(|e| format!("cannot join the cgroup {}: {e}", dir.display()))?;
    }
    if let Some([lower, upper, work, merged]) = &plan.overlay {
        let extra = if plan.sandbox.is_some() {
            sandbox::NAMESPACES
        } else {
            CloneFlags::empty()
        };
        enter_namespaces(extra)?;
        let options = format!(
            "lowerdir={},upperdir={},workdir={}",
            overlay_path(lower)?,
            overlay_path(upper)?,
            overlay_path(work)?
        );
        let overlay = |options: &str| {
            mount(
                Some("overlay"),
                merged,
                Some("overlay"),
                MsFlags::empty(),
                Some(options),
            )
        };
        // `userxattr` keeps the overlay's own marks (an opaque directory made where the image
        // had a file) in `user.` attributes, the only ones a user namespace may set: without
        // it, `mkdir` over a deleted file of the image fails with EIO. `volatile` spares the
        // sync of the whole upper file system that unmounting an overlay otherwise does
        // (milliseconds per job). Kernels before 5.11 and 5.10 refuse them.
        overlay(&format!("{options},userxattr,volatile"))
            .or_else(|_| overlay(&format!("{options},userxattr")))
            .or_else(|_| overlay(&format!("{options},volatile")))
            .or_else(|_| overlay(&options))
            .map_err(|e| {
                format!(
                    "cannot mount the image's overlay at {}: {e}",
                    merged.display()
                )
            })?;
    }
    if let Some(parent) = plan.parent.filter(|_| !plan.supervise) {
        // A supervising shim must outlive the service long enough to kill the job: it
        // watches its stdin instead. Asked for last: entering a user namespace changes credentials, which clears it.
        // Kept across exec, so bubblewrap is covered before it asks for the same itself.
        nix::sys::prctl::set_pdeathsig(Signal::SIGKILL)
            .map_err(|e| format!("cannot ask to die with the service: {e}"))?;
        if std::os::unix::process::parent_id() != parent {
            return Err("the service is gone".into());
        }
    }
    let (program, rest) = plan
        .argv
        .split_first()
        .ok_or_else(|| "no program to run".to_string())?;
    let mut command = Command::new(program);
    command.args(rest);
    if let (Some(sandbox), Some([.., root])) = (plan.sandbox, &plan.overlay) {
        let root = root.clone();
        // The sandbox is entered by the job's own process between fork and exec: the new PID
        // namespace holds only the shim's children, and the job must be its first.
        // SAFETY: `pre_exec` closures run in the forked child, where only async-signal-safe
        // work is sound in general because other threads' locks may be held. The shim has no
        // other thread at this point (its watcher thread starts after the spawn, and `main`
        // hands over to the shim before anything else starts), so the closure may allocate
        // and format like any single-threaded program. It only makes system calls on its own
        // process and returns an error instead of panicking.
        #[allow(unsafe_code)]
        unsafe {
            command.pre_exec(move || sandbox::enter(&root, &sandbox));
        }
    }
    if !plan.supervise {
        let error = command.exec();
        return Err(format!("cannot run {}: {error}", program.to_string_lossy()));
    }
    supervise(command, program, plan.cleanup)
}

/// Closes every descriptor but stdin, stdout and stderr. The service opens its own files
/// close-on-exec, but it may have inherited others from whoever started it (a shell, a CI
/// runner, make's jobserver), and a job must not get any: a directory among them would be a
/// way out of the sandbox.
fn close_inherited_descriptors() {
    let Ok(entries) = std::fs::read_dir("/proc/self/fd") else {
        return;
    };
    let inherited: Vec<i32> = entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .filter(|fd| *fd > 2)
        .collect();
    // The directory's own descriptor is in the list, and closed already: EBADF, ignored.
    for fd in inherited {
        let _ = nix::unistd::close(fd);
    }
}

/// A user namespace in which the service's user is root, a private mount namespace, and the
/// `extra` ones.
fn enter_namespaces(extra: CloneFlags) -> Result<(), String> {
    let (uid, gid) = (getuid(), getgid());
    unshare(CloneFlags::CLONE_NEWUSER | CloneFlags::CLONE_NEWNS | extra)
        .map_err(|e| format!("cannot create a user and mount namespace: {e}"))?;
    let write = |file: &str, text: &str| {
        std::fs::write(format!("/proc/self/{file}"), text)
            .map_err(|e| format!("cannot write /proc/self/{file}: {e}"))
    };
    // A process can map only its own ids into the namespace it just created (mapping more
    // needs a helper in the parent namespace): the service's user becomes the job's root. The
    // image was unpacked without ownership for that reason.
    write("uid_map", &format!("0 {uid} 1"))?;
    write("setgroups", "deny")?;
    write("gid_map", &format!("0 {gid} 1"))?;
    mount(
        None::<&str>,
        "/",
        None::<&str>,
        MsFlags::MS_REC | MsFlags::MS_PRIVATE,
        None::<&str>,
    )
    .map_err(|e| format!("cannot make the mount namespace private: {e}"))?;
    Ok(())
}

/// Overlay options separate paths with `,` and `:`: the service's paths never hold them, and
/// one that did would be refused rather than misread.
fn overlay_path(path: &std::path::Path) -> Result<String, String> {
    let text = path
        .to_str()
        .ok_or_else(|| format!("{} is not valid UTF-8", path.display()))?;
    if text.contains([',', ':', '\\']) {
        return Err(format!(
            "{text} contains ',', ':' or '\\', which an overlay mount cannot take"
        ));
    }
    Ok(text.to_string())
}

/// Runs `command` as a child and waits for it. The shim is a child subreaper, so everything
/// the job starts stays below it even when its parent dies (bubblewrap's own processes
/// included); all of it is killed when stdin ends (the service died, or stopped the attempt)
/// and after the child ended (its stragglers die with it, as in a container). Exits as the
/// child did.
///
/// One `poll` watches both the service's pipe and the child (SIGCHLD through a signalfd): a
/// process that entered a new PID namespace cannot start a thread.
fn supervise(mut command: Command, program: &OsStr, cleanup: Vec<OsString>) -> Result<i32, String> {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    use nix::sys::signal::SigSet;
    use nix::sys::signalfd::{SfdFlags, SignalFd};
    use std::os::fd::AsFd as _;

    nix::sys::prctl::set_child_subreaper(true)
        .map_err(|e| format!("cannot become a subreaper: {e}"))?;
    let mut mask = SigSet::empty();
    mask.add(Signal::SIGCHLD);
    // The child starts with an empty mask again (std resets it between fork and exec).
    mask.thread_block()
        .map_err(|e| format!("cannot block SIGCHLD: {e}"))?;
    let children = SignalFd::with_flags(&mask, SfdFlags::SFD_CLOEXEC | SfdFlags::SFD_NONBLOCK)
        .map_err(|e| format!("cannot watch the job: {e}"))?;
    let mut child = match command.stdin(Stdio::null()).spawn() {
        Ok(child) => child,
        Err(e) => {
            let code = match e.kind() {
                // The sandbox said why in the log already.
                _ if e.raw_os_error() == Some(sandbox::SANDBOX_FAILED as i32) => {
                    return Ok(SHIM_FAILED);
                }
                std::io::ErrorKind::NotFound => 127,
                std::io::ErrorKind::PermissionDenied => 126,
                _ => return Err(format!("cannot run {}: {e}", program.to_string_lossy())),
            };
            let _ = crate::printer::write_stderr_line(&format!(
                "hailctl job runtime: cannot run {}: {e}",
                program.to_string_lossy()
            ));
            return Ok(code);
        }
    };
    let stdin = std::io::stdin();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(e) => return Err(format!("waiting for {}: {e}", program.to_string_lossy())),
        }
        let mut fds = [
            PollFd::new(stdin.as_fd(), PollFlags::POLLIN),
            PollFd::new(children.as_fd(), PollFlags::POLLIN),
        ];
        match poll(&mut fds, PollTimeout::NONE) {
            Ok(_) | Err(nix::errno::Errno::EINTR) => {}
            Err(e) => return Err(format!("waiting for {}: {e}", program.to_string_lossy())),
        }
        let service_gone = fds[0].revents().is_some_and(|r| !r.is_empty()) && {
            let mut sink = [0u8; 64];
            !matches!(stdin.lock().read(&mut sink), Ok(n) if n > 0)
        };
        if service_gone {
            // The service is gone, or ended the attempt: nothing of the job may outlive it.
            kill_descendants();
            if let Some((program, args)) = cleanup.split_first() {
                let _ = Command::new(program)
                    .args(args)
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .status();
            }
            let _ = killpg(getpgrp(), Signal::SIGKILL);
            std::process::exit(SHIM_FAILED);
        }
        // Drain the signals; the loop's `try_wait` tells whether the job is the one that ended.
        while let Ok(Some(_)) = children.read_signal() {}
    };
    kill_descendants();
    if let Some(signal) = status.signal() {
        // Die the same way, so the runner sees what the job saw.
        if let Ok(signal) = Signal::try_from(signal) {
            let _ = mask.thread_unblock();
            let _ = raise(signal);
        }
        return Ok(128 + signal);
    }
    Ok(status.code().unwrap_or(SHIM_FAILED))
}

/// SIGKILLs every descendant of this process, until none is left (a process may fork while
/// the tree is read; orphans come back to this subreaper, so they are found next round).
fn kill_descendants() {
    let me = std::process::id() as i32;
    for _ in 0..50 {
        // No child at all means no descendant (orphans are reparented to this subreaper):
        // the usual case after a job that left nothing behind, decided without reading /proc.
        if nix::sys::wait::waitpid(None, Some(nix::sys::wait::WaitPidFlag::WNOHANG))
            == Err(nix::errno::Errno::ECHILD)
        {
            return;
        }
        let parents: Vec<(i32, i32)> = std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
            .filter_map(|pid| {
                let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
                // The command name may hold spaces: fields after the last ')'.
                let rest = &stat[stat.rfind(')')? + 2..];
                let ppid = rest.split(' ').nth(1)?.parse().ok()?;
                Some((pid, ppid))
            })
            .collect();
        let mut tree = vec![me];
        let mut found = Vec::new();
        while let Some(parent) = tree.pop() {
            for &(pid, ppid) in &parents {
                if ppid == parent && pid != me {
                    found.push(pid);
                    tree.push(pid);
                }
            }
        }
        if found.is_empty() {
            return;
        }
        for pid in found {
            let _ = nix::sys::signal::kill(Pid::from_raw(pid), Signal::SIGKILL);
        }
        // Reap what died, so the next round does not count zombies.
        while let Ok(status) =
            nix::sys::wait::waitpid(None, Some(nix::sys::wait::WaitPidFlag::WNOHANG))
        {
            if status == nix::sys::wait::WaitStatus::StillAlive {
                break;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_round_trip() {
        let plan = ShimPlan {
            parent: Some(42),
            cgroups: vec!["/sys/fs/cgroup/memory/x".into()],
            overlay: Some(["/l".into(), "/u".into(), "/w".into(), "/m".into()]),
            sandbox: Some(SandboxPlan {
                io: "/scratch/io".into(),
                workdir: "/home/me".into(),
                uid: 1000,
                gid: 100,
            }),
            supervise: true,
            cleanup: vec!["podman".into(), "rm".into()],
            argv: vec!["bash".into(), "-c".into(), "--cgroup".into()],
        };
        assert_eq!(ShimPlan::parse(plan.to_args().into_iter()).unwrap(), plan);
        assert!(ShimPlan::parse(vec![OsString::from("--")].into_iter()).is_err());
        assert!(ShimPlan::parse(vec![OsString::from("--bogus")].into_iter()).is_err());
    }

    #[test]
    fn overlay_paths_with_separators_are_refused() {
        assert!(overlay_path(std::path::Path::new("/a/b")).is_ok());
        assert!(overlay_path(std::path::Path::new("/a,b")).is_err());
        assert!(overlay_path(std::path::Path::new("/a:b")).is_err());
    }
}
