//! The built-in sandbox: what the job shim does, in the job's own process, to make the
//! attempt's overlay the job's whole world (the `builtin` runtime; `bubblewrap` does the same
//! with bubblewrap's executable). The shim has already entered new user, mount, PID, IPC and
//! UTS namespaces and mounted the overlay; [`enter`] runs in the forked child (the new PID
//! namespace's init) just before it executes the job:
//!
//! 1. a new session, and death with the shim (SIGKILL);
//! 2. the mounts, made while the host's root is still there (the kernel binds only what is in
//!    the caller's mount namespace, and lets a user namespace mount `proc` only where one is
//!    already visible): a fresh `/proc` for the job's PID namespace; a fresh `/dev` (tmpfs,
//!    with the host's `null`, `zero`, `full`, `random`, `urandom` and `tty` bound in, a private
//!    `devpts` and `/dev/shm`); the attempt's `/io`; read-only copies of the host's
//!    `/etc/resolv.conf` and `/etc/hosts` (the job shares the host's network, as Hail's
//!    `public` network reaches the internet). Every target is checked to be a real directory
//!    of the overlay, or lies in the fresh `/dev`: a symbolic link in the image can never make
//!    the sandbox create or mount anything on the host;
//! 3. the overlay becomes `/` (`pivot_root`) and the host's root is detached;
//! 4. the job's user: a nested user namespace that maps the image's uid and gid to the shim's
//!    (the only ids a user namespace created without privileges can map), every capability
//!    dropped (bounding set included, so a job running as root in its image has none), and
//!    `no_new_privs`;
//! 5. the image's working directory.
//!
//! A failure is written to the job's log (stderr) and ends the child with the shim's failure
//! status, so the runner reports a runtime failure, not the job's.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use nix::mount::{MntFlags, MsFlags, mount, umount2};
use nix::sched::{CloneFlags, unshare};
use nix::sys::signal::Signal;
use nix::unistd::{chdir, pivot_root, setsid};

/// Device nodes a job gets from the host, as Docker and bubblewrap give them.
const DEVICES: [&str; 6] = ["null", "zero", "full", "random", "urandom", "tty"];

/// Host files a job sees read-only at the same path, when the host has them.
pub(crate) const HOST_FILES: [&str; 2] = ["/etc/resolv.conf", "/etc/hosts"];

/// What the sandbox gives the job, beyond its image.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SandboxPlan {
    /// The attempt's `/io` on the host.
    pub io: PathBuf,
    /// Where the job starts, inside the image.
    pub workdir: PathBuf,
    /// The job's uid and gid inside the image.
    pub uid: u32,
    pub gid: u32,
}

/// The new namespaces the shim enters before mounting the overlay.
pub(crate) const NAMESPACES: CloneFlags = CloneFlags::CLONE_NEWPID
    .union(CloneFlags::CLONE_NEWIPC)
    .union(CloneFlags::CLONE_NEWUTS);

/// The error a failed [`enter`] hands back to the shim (which then exits as a runtime
/// failure, not as a missing program): the reason itself is already in the job's log.
pub(crate) const SANDBOX_FAILED: nix::errno::Errno = nix::errno::Errno::ECANCELED;

/// Sets the sandbox up around the calling process (the job's, after fork, before exec), with
/// the overlay mounted at `root`. On failure, says why on stderr (the job's log) and returns
/// [`SANDBOX_FAILED`].
pub(crate) fn enter(root: &Path, plan: &SandboxPlan) -> std::io::Result<()> {
    set_up(root, plan).map_err(|message| {
        let _ = writeln!(std::io::stderr(), "hailctl job runtime: {message}");
        std::io::Error::from(SANDBOX_FAILED)
    })
}

fn set_up(root: &Path, plan: &SandboxPlan) -> Result<(), String> {
    fn step(what: &str) -> impl Fn(nix::Error) -> String + '_ {
        move |e| format!("{what}: {e}")
    }
    setsid().map_err(step("cannot start a new session"))?;
    nix::sys::prctl::set_pdeathsig(Signal::SIGKILL)
        .map_err(step("cannot ask to die with the shim"))?;

    // 2. Mounts, while the host's root is there (the kernel binds only what is in the
    // caller's mount namespace, and mounts `proc` in a user namespace only where one is
    // visible). Each target is a real directory of the overlay or lies in the fresh `/dev`.
    mount(
        Some("proc"),
        &real_dir(root, "proc")?,
        Some("proc"),
        MsFlags::MS_NOSUID | MsFlags::MS_NODEV | MsFlags::MS_NOEXEC,
        None::<&str>,
    )
    .map_err(step("cannot mount /proc"))?;
    let dev = real_dir(root, "dev")?;
    mount(
        Some("tmpfs"),
        &dev,
        Some("tmpfs"),
        MsFlags::MS_NOSUID | MsFlags::MS_STRICTATIME,
        Some("mode=0755"),
    )
    .map_err(step("cannot mount /dev"))?;
    for name in DEVICES {
        let host = Path::new("/dev").join(name);
        // A host without a tty device (some containers) gives the job none either.
        if !host.exists() {
            continue;
        }
        let target = dev.join(name);
        std::fs::File::create(&target).map_err(|e| format!("cannot create /dev/{name}: {e}"))?;
        bind(&host, &target, false)?;
    }
    for (link, target) in [
        ("fd", "/proc/self/fd"),
        ("stdin", "/proc/self/fd/0"),
        ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"),
        ("ptmx", "pts/ptmx"),
    ] {
        std::os::unix::fs::symlink(target, dev.join(link))
            .map_err(|e| format!("cannot create /dev/{link}: {e}"))?;
    }
    let dev_dir = |name: &str| {
        let path = dev.join(name);
        std::fs::create_dir(&path)
            .map(|()| path)
            .map_err(|e| format!("cannot create /dev/{name}: {e}"))
    };
    mount(
        Some("tmpfs"),
        &dev_dir("shm")?,
        Some("tmpfs"),
        MsFlags::MS_NOSUID | MsFlags::MS_NODEV,
        Some("mode=1777"),
    )
    .map_err(step("cannot mount /dev/shm"))?;
    // Best effort, as a kernel may refuse a private devpts: the job then has no terminals,
    // which a batch job does not need.
    let _ = mount(
        Some("devpts"),
        &dev_dir("pts")?,
        Some("devpts"),
        MsFlags::MS_NOSUID | MsFlags::MS_NOEXEC,
        Some("newinstance,ptmxmode=0666,mode=620"),
    );
    bind(&plan.io, &real_dir(root, "io")?, false)?;
    // The host's files, where the image has a real /etc (an image whose /etc is a link gets
    // none, rather than have a link followed out of it).
    let etc = root.join("etc");
    if std::fs::symlink_metadata(&etc).is_ok_and(|m| m.is_dir()) {
        for file in HOST_FILES {
            let host = Path::new(file);
            let Some(name) = host.file_name().filter(|_| host.is_file()) else {
                continue;
            };
            let target = etc.join(name);
            // The image's own file or link (Ubuntu's resolv.conf points into /run) is replaced
            // in the attempt's layer.
            if std::fs::symlink_metadata(&target).is_ok_and(|m| !m.is_file()) {
                let _ = std::fs::remove_file(&target);
            }
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&target)
                .map_err(|e| format!("cannot create {file} in the image: {e}"))?;
            bind(host, &target, true)?;
        }
    }

    // 3. The overlay becomes `/`; the host's root, stacked on it, is detached.
    chdir(root).map_err(step("cannot enter the job's root"))?;
    pivot_root(".", ".").map_err(step("cannot make the overlay the job's root"))?;
    umount2(".", MntFlags::MNT_DETACH).map_err(step("cannot detach the host's root"))?;
    chdir("/").map_err(step("cannot enter the job's root"))?;

    // 4. The job's user, without capabilities.
    let (outer_uid, outer_gid) = (nix::unistd::getuid(), nix::unistd::getgid());
    unshare(CloneFlags::CLONE_NEWUSER).map_err(step("cannot create the job's user namespace"))?;
    let write = |file: &str, text: String| {
        std::fs::write(format!("/proc/self/{file}"), text)
            .map_err(|e| format!("cannot write /proc/self/{file}: {e}"))
    };
    write("uid_map", format!("{} {outer_uid} 1", plan.uid))?;
    write("setgroups", "deny".into())?;
    write("gid_map", format!("{} {outer_gid} 1", plan.gid))?;
    drop_capabilities()?;
    nix::sys::prctl::set_no_new_privs().map_err(step("cannot set no_new_privs"))?;

    // 5. The working directory.
    chdir(&plan.workdir).map_err(|e| {
        format!(
            "cannot enter the working directory {}: {e}",
            plan.workdir.display()
        )
    })?;
    Ok(())
}

/// `root/name` as a real directory of the overlay (an image's file or link of that name is
/// replaced in the attempt's layer), so that mounting on it cannot follow a link out of the
/// image while the host's root is still there.
fn real_dir(root: &Path, name: &str) -> Result<PathBuf, String> {
    let path = root.join(name);
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_dir() => return Ok(path),
        Ok(_) => std::fs::remove_file(&path)
            .map_err(|e| format!("cannot replace /{name} of the image: {e}"))?,
        Err(_) => {}
    }
    std::fs::create_dir(&path).map_err(|e| format!("cannot create /{name} in the image: {e}"))?;
    Ok(path)
}

/// Bind-mounts the host's `source` at `target`, read-only if asked.
fn bind(source: &Path, target: &Path, read_only: bool) -> Result<(), String> {
    let shown = || {
        target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    };
    mount(
        Some(source),
        target,
        None::<&str>,
        MsFlags::MS_BIND,
        None::<&str>,
    )
    .map_err(|e| format!("cannot mount {} at {}: {e}", source.display(), shown()))?;
    if read_only {
        // A remount must keep the flags the kernel locked on the host's mount.
        let locked = nix::sys::statvfs::statvfs(target)
            .map(|s| s.flags())
            .unwrap_or(nix::sys::statvfs::FsFlags::empty());
        let mut flags = MsFlags::MS_BIND | MsFlags::MS_REMOUNT | MsFlags::MS_RDONLY;
        for (have, keep) in [
            (nix::sys::statvfs::FsFlags::ST_NOSUID, MsFlags::MS_NOSUID),
            (nix::sys::statvfs::FsFlags::ST_NODEV, MsFlags::MS_NODEV),
            (nix::sys::statvfs::FsFlags::ST_NOEXEC, MsFlags::MS_NOEXEC),
        ] {
            if locked.contains(have) {
                flags |= keep;
            }
        }
        mount(None::<&str>, target, None::<&str>, flags, None::<&str>)
            .map_err(|e| format!("cannot make {} read-only: {e}", source.display()))?;
    }
    Ok(())
}

/// Drops every capability: the bounding set (so executing a program as uid 0 grants none),
/// the ambient set, and the inheritable, permitted and effective sets (effective last: the
/// others need it).
fn drop_capabilities() -> Result<(), String> {
    use caps::CapSet;
    for set in [
        CapSet::Bounding,
        CapSet::Ambient,
        CapSet::Inheritable,
        CapSet::Permitted,
        CapSet::Effective,
    ] {
        caps::clear(None, set).map_err(|e| format!("cannot drop the {set:?} capabilities: {e}"))?;
    }
    Ok(())
}
