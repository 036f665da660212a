//! The job runtimes: how a job's main command is started.
//!
//! * [`Runtime::Builtin`] (the default where it works): the job runs in its image. The shim
//!   (`shim.rs`) joins the attempt's cgroups, enters new user, mount, PID, IPC and UTS
//!   namespaces and mounts an overlay of the image's unpacked root (read-only, shared) under
//!   the attempt's own writable layer; the job's process then makes that overlay its `/`
//!   (`sandbox.rs`), with a fresh `/dev`, `/proc`, `/dev/shm`, the attempt's `/io`, and the
//!   host's `/etc/resolv.conf` and `/etc/hosts` (the network is the host's, as Hail's `public`
//!   network reaches the internet). Nothing else of the host is visible. No other program is
//!   needed.
//! * [`Runtime::Bubblewrap`]: the same overlay, made the job's `/` by bubblewrap instead of
//!   the shim, for those who prefer its well-known sandbox (`--die-with-parent` ends it with
//!   the service).
//! * [`Runtime::Engine`]: Podman or Docker (`--runtime podman|docker`), for machines where
//!   users prefer them or where unprivileged namespaces are not available. The engine pulls
//!   (through the mirrors: the mirror's copy is pulled, then tagged with the job's name) and
//!   runs the container with `--rm`, the attempt's `/io`, the host's network, Hail's memory
//!   limit and CPU weight; the shim removes the container if the service goes away.
//! * [`Runtime::Host`]: the host's own software, **not isolated** — for machines where no
//!   namespace can be created. The job runs in its scratch directory, where `/io` paths in its
//!   command and environment are mapped (Hail's generated scripts write under `/io/batch/...`);
//!   the shim supervises it so that it dies with the service.
//!
//! Both start the job with exactly its environment, stdin from `/dev/null` (the host runtime's
//! shim holds a pipe from the service instead and gives the job `/dev/null`), stdout and stderr
//! into the log, in a new process group.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::sandbox::{HOST_FILES, SandboxPlan};
use super::shim::{SHIM_ARG, ShimPlan};
use crate::env::Env;
use crate::server::image::PulledImage;

/// `PATH` for jobs whose image sets none: Docker's default.
pub(crate) const DEFAULT_PATH: &str =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Which runtime `hailctl batch serve --runtime` asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RuntimeChoice {
    /// The built-in sandbox if this machine can run it, else bubblewrap, podman, docker,
    /// and last the host runtime (said once at start).
    Auto,
    Builtin,
    Bubblewrap,
    Podman,
    Docker,
    Host,
}

/// A container engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EngineKind {
    Podman,
    Docker,
}

impl EngineKind {
    fn program(self) -> &'static str {
        match self {
            EngineKind::Podman => "podman",
            EngineKind::Docker => "docker",
        }
    }
}

impl RuntimeChoice {
    /// The `--runtime` value naming this choice.
    pub(crate) fn name(self) -> &'static str {
        match self {
            RuntimeChoice::Auto => "auto",
            RuntimeChoice::Builtin => "builtin",
            RuntimeChoice::Bubblewrap => "bubblewrap",
            RuntimeChoice::Podman => "podman",
            RuntimeChoice::Docker => "docker",
            RuntimeChoice::Host => "host",
        }
    }
}

/// How job commands are started, chosen once at service start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Runtime {
    /// In the job's image, isolated by the shim itself (see the module documentation).
    Builtin {
        /// This executable, run as the job shim.
        shim: PathBuf,
    },
    /// In the job's image, isolated with bubblewrap.
    Bubblewrap {
        bwrap: PathBuf,
        /// This executable, run as the job shim.
        shim: PathBuf,
    },
    /// In the job's image, run by a container engine.
    Engine {
        kind: EngineKind,
        program: PathBuf,
        shim: PathBuf,
        /// Whether the engine can apply memory and CPU limits (rootless engines on cgroup v1
        /// cannot: they ignore the flags with a warning in the job's log).
        limits: bool,
    },
    /// On the host's software, not isolated. `shim` is `None` only in unit tests (the test
    /// binary cannot act as the shim): the job is then started directly.
    Host { shim: Option<PathBuf> },
}

impl Runtime {
    /// The value of the status document's `sandbox` key.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Runtime::Builtin { .. } => "builtin",
            Runtime::Bubblewrap { .. } => "bubblewrap",
            Runtime::Engine { kind, .. } => kind.program(),
            Runtime::Host { .. } => "host",
        }
    }

    /// Whether jobs are isolated from the host (false: "not isolated" wherever shown).
    pub(crate) fn isolated(&self) -> bool {
        !matches!(self, Runtime::Host { .. })
    }

    /// Whether jobs run in their image pulled by the service's own image store (builtin,
    /// bubblewrap); an engine pulls for itself.
    pub(crate) fn uses_images(&self) -> bool {
        matches!(self, Runtime::Builtin { .. } | Runtime::Bubblewrap { .. })
    }

    /// A one-line description for the service's start-up message.
    pub(crate) fn describe(&self) -> String {
        match self {
            Runtime::Builtin { .. } => {
                "jobs run in their container images, isolated by hailctl's built-in sandbox".into()
            }
            Runtime::Bubblewrap { bwrap, .. } => format!(
                "jobs run in their container images, isolated with bubblewrap ({})",
                bwrap.display()
            ),
            Runtime::Engine {
                program, limits, ..
            } => format!(
                "jobs run in their container images by {}{}",
                program.display(),
                if *limits {
                    ""
                } else {
                    " (rootless on cgroup v1: memory and CPU requests are not enforced)"
                }
            ),
            Runtime::Host { .. } => {
                "runtime host: jobs run on this machine's software, NOT ISOLATED from it".into()
            }
        }
    }
}

/// The runtime for `choice` on this machine. `Auto` never fails: where nothing isolates it is
/// the host runtime, with the reason in the second value (for the one start-up warning). An
/// explicit choice that cannot work here is an error saying why.
pub(crate) fn select_runtime(
    choice: RuntimeChoice,
    env: &Env,
    scratch_root: &Path,
) -> Result<(Runtime, Option<String>), String> {
    let shim =
        std::env::current_exe().map_err(|e| format!("cannot find this hailctl executable: {e}"))?;
    match choice {
        RuntimeChoice::Host => Ok((Runtime::Host { shim: Some(shim) }, None)),
        RuntimeChoice::Builtin => {
            let runtime = Runtime::Builtin { shim };
            probe_sandbox(&runtime, scratch_root)?;
            Ok((runtime, None))
        }
        RuntimeChoice::Bubblewrap => {
            let runtime = bubblewrap(env, shim)?;
            probe_sandbox(&runtime, scratch_root)?;
            Ok((runtime, None))
        }
        RuntimeChoice::Podman | RuntimeChoice::Docker => {
            let kind = if choice == RuntimeChoice::Podman {
                EngineKind::Podman
            } else {
                EngineKind::Docker
            };
            let (program, limits) = probe_engine(env, kind)?;
            Ok((
                Runtime::Engine {
                    kind,
                    program,
                    shim,
                    limits,
                },
                None,
            ))
        }
        RuntimeChoice::Auto => {
            let builtin = Runtime::Builtin { shim: shim.clone() };
            let why = match probe_sandbox(&builtin, scratch_root) {
                Ok(()) => return Ok((builtin, None)),
                Err(why) => why,
            };
            // Where the built-in sandbox cannot work, bubblewrap may (a setuid build).
            if let Ok(runtime) = bubblewrap(env, shim.clone())
                && probe_sandbox(&runtime, scratch_root).is_ok()
            {
                return Ok((runtime, None));
            }
            for kind in [EngineKind::Podman, EngineKind::Docker] {
                if let Ok((program, limits)) = probe_engine(env, kind) {
                    return Ok((
                        Runtime::Engine {
                            kind,
                            program,
                            shim,
                            limits,
                        },
                        None,
                    ));
                }
            }
            Ok((
                Runtime::Host { shim: Some(shim) },
                Some(format!("{why}, and neither podman nor docker runs here")),
            ))
        }
    }
}

/// The bubblewrap runtime, if `bwrap` is on `PATH`.
fn bubblewrap(env: &Env, shim: PathBuf) -> Result<Runtime, String> {
    let bwrap = find_on_path(env, "bwrap").ok_or("bwrap (Debian's bubblewrap) is not on PATH")?;
    Ok(Runtime::Bubblewrap { bwrap, shim })
}

/// Checks that an image job can start here with `runtime` (builtin or bubblewrap): the
/// shim's namespaces, the overlay mount and the sandbox on top of it all work. The probe image
/// is empty, so success is getting as far as executing the (missing) program.
pub(crate) fn probe_sandbox(runtime: &Runtime, scratch_root: &Path) -> Result<(), String> {
    let probe = scratch_root.join(format!("probe-{}", crate::random::suffix()));
    let result = (|| {
        for sub in ["lower", "upper", "work", "root", "io"] {
            fs::create_dir_all(probe.join(sub))
                .map_err(|e| format!("cannot create {}: {e}", probe.display()))?;
        }
        let launch = Launch {
            argv: &["/hailctl-probe".to_string()],
            env: &[("PATH".to_string(), DEFAULT_PATH.to_string())],
            scratch: &probe,
            io_dir: &probe.join("io"),
            image: None,
            user: (0, 0),
            working_dir: "/",
            cgroups: &[],
            container: None,
        };
        let mut command = image_command(runtime, &launch, &probe.join("lower"))
            .map_err(|e| format!("cannot prepare the probe: {e}"))?;
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run the probe: {e}"))?;
        // The shim lives while this pipe is open, as a job's lives while the service does.
        let lifeline = child.stdin.take();
        let output = child
            .wait_with_output()
            .map_err(|e| format!("cannot run the probe: {e}"))?;
        drop(lifeline);
        let stderr = String::from_utf8_lossy(&output.stderr);
        // bubblewrap says `execvp /hailctl-probe`; the shim exits 127 naming it.
        let reached = match runtime {
            Runtime::Builtin { .. } => output.status.code() == Some(127),
            _ => stderr.contains("execvp"),
        };
        if reached && stderr.contains("hailctl-probe") {
            Ok(())
        } else {
            Err(format!(
                "cannot create a job sandbox here ({}): {}",
                output.status,
                stderr.trim()
            ))
        }
    })();
    super::remove_tree(&probe);
    result
}

/// Finds `podman` or `docker` on `PATH`, checks that it can talk to its engine, and says
/// whether the engine can apply resource limits (not when rootless on cgroup v1).
fn probe_engine(env: &Env, kind: EngineKind) -> Result<(PathBuf, bool), String> {
    let name = kind.program();
    let program = find_on_path(env, name).ok_or_else(|| format!("{name} is not on PATH"))?;
    let format = match kind {
        EngineKind::Podman => "{{.Host.OS}} {{.Host.CgroupsVersion}} {{.Host.Security.Rootless}}",
        EngineKind::Docker => "{{.OSType}} {{.CgroupVersion}} {{.SecurityOptions}}",
    };
    let output = Command::new(&program)
        .args(["info", "--format", format])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    if output.status.success() {
        let info = String::from_utf8_lossy(&output.stdout);
        let v1 = info.split_whitespace().any(|w| w == "v1" || w == "1");
        let rootless = match kind {
            EngineKind::Podman => info.split_whitespace().last() == Some("true"),
            EngineKind::Docker => info.contains("rootless"),
        };
        Ok((program, !(v1 && rootless)))
    } else {
        Err(format!(
            "{} info failed: {}",
            program.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

pub(super) fn find_on_path(env: &Env, name: &str) -> Option<PathBuf> {
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

/// What the runner hands a runtime to start the main command.
#[derive(Debug)]
pub(super) struct Launch<'a> {
    pub argv: &'a [String],
    /// Exactly the job's environment.
    pub env: &'a [(String, String)],
    /// The attempt's scratch directory (the overlay's layers live in it).
    pub scratch: &'a Path,
    /// The attempt's `/io`.
    pub io_dir: &'a Path,
    /// The job's image (the bubblewrap runtime).
    pub image: Option<&'a PulledImage>,
    /// The uid and gid the job runs as, inside its namespace.
    pub user: (u32, u32),
    /// Where the job starts (inside the image).
    pub working_dir: &'a str,
    /// Cgroup directories the job joins.
    pub cgroups: &'a [PathBuf],
    /// For engines: the container's name, its image, and Hail's limits.
    pub container: Option<EngineContainer<'a>>,
}

/// What an engine needs beyond [`Launch`].
#[derive(Debug)]
pub(super) struct EngineContainer<'a> {
    /// `hailctl-<service key>-<batch>-<job>-<attempt>`.
    pub name: String,
    /// The label every container of this service carries: `hailctl.service=<key>`.
    pub label: String,
    pub image: &'a str,
    pub memory_limit_bytes: Option<u64>,
    pub cpu_shares: Option<u64>,
}

/// The command that runs the main command of `launch` in `runtime`, logging to `log`.
/// The second value says whether the command needs a pipe from the service on stdin (the
/// host runtime's shim watches it to die with the service).
pub(super) fn job_command(
    runtime: &Runtime,
    launch: &Launch<'_>,
    log: fs::File,
) -> io::Result<(Command, bool)> {
    let (mut cmd, pipe) = match runtime {
        Runtime::Builtin { .. } | Runtime::Bubblewrap { .. } => {
            let image = launch.image.ok_or_else(|| {
                io::Error::new(io::ErrorKind::InvalidInput, "no image for the job")
            })?;
            (image_command(runtime, launch, &image.rootfs)?, true)
        }
        Runtime::Engine { program, shim, .. } => (engine_command(program, shim, launch)?, true),
        Runtime::Host { shim } => (host_command(shim.as_deref(), launch)?, shim.is_some()),
    };
    cmd.stdout(Stdio::from(log.try_clone()?))
        .stderr(Stdio::from(log))
        .process_group(0);
    if !pipe {
        cmd.stdin(Stdio::null());
    }
    Ok((cmd, pipe))
}

/// `shim --overlay ... --sandbox ... -- argv`, the builtin runtime's command, or
/// `shim --overlay ... -- bwrap ... -- argv`, the bubblewrap runtime's.
fn image_command(runtime: &Runtime, launch: &Launch<'_>, lower: &Path) -> io::Result<Command> {
    let (bwrap, shim) = match runtime {
        Runtime::Builtin { shim } => (None, shim),
        Runtime::Bubblewrap { bwrap, shim } => (Some(bwrap), shim),
        _ => return Err(io::Error::other("not a sandbox runtime")),
    };
    let root = launch.scratch.join("root");
    let upper = launch.scratch.join("upper");
    let work = launch.scratch.join("work");
    for dir in [&root, &upper, &work] {
        fs::create_dir_all(dir)?;
    }
    // A sandbox cannot chdir into a directory the image lacks; Docker creates it.
    let workdir = Path::new(launch.working_dir);
    if workdir.is_absolute() && workdir != Path::new("/") {
        let relative = workdir.strip_prefix("/").unwrap_or(workdir);
        if !lower.join(relative).is_dir() {
            fs::create_dir_all(upper.join(relative))?;
        }
    }
    let overlay = Some([lower.to_path_buf(), upper, work, root.clone()]);
    let Some(bwrap) = bwrap else {
        let plan = ShimPlan {
            parent: Some(std::process::id()),
            cgroups: launch.cgroups.to_vec(),
            overlay,
            sandbox: Some(SandboxPlan {
                io: launch.io_dir.to_path_buf(),
                workdir: PathBuf::from(launch.working_dir),
                uid: launch.user.0,
                gid: launch.user.1,
            }),
            supervise: true,
            cleanup: Vec::new(),
            argv: launch.argv.iter().map(OsString::from).collect(),
        };
        let mut cmd = Command::new(shim);
        // The shim's environment is the job's: the job's process inherits it.
        cmd.arg(SHIM_ARG)
            .args(plan.to_args())
            .env_clear()
            .envs(launch.env.iter().map(|(k, v)| (k, v)));
        return Ok(cmd);
    };
    let mut bwrap_argv: Vec<OsString> = vec![bwrap.into()];
    let mut push =
        |items: &[&std::ffi::OsStr]| bwrap_argv.extend(items.iter().map(|s| s.to_os_string()));
    push(&["--bind".as_ref(), root.as_os_str(), "/".as_ref()]);
    push(&["--dev".as_ref(), "/dev".as_ref()]);
    push(&["--tmpfs".as_ref(), "/dev/shm".as_ref()]);
    push(&["--proc".as_ref(), "/proc".as_ref()]);
    push(&["--bind".as_ref(), launch.io_dir.as_os_str(), "/io".as_ref()]);
    for file in HOST_FILES {
        if Path::new(file).is_file() {
            push(&["--ro-bind-try".as_ref(), file.as_ref(), file.as_ref()]);
        }
    }
    let (uid, gid) = (launch.user.0.to_string(), launch.user.1.to_string());
    push(&[
        "--unshare-user".as_ref(),
        "--uid".as_ref(),
        uid.as_ref(),
        "--gid".as_ref(),
        gid.as_ref(),
        "--unshare-pid".as_ref(),
        "--unshare-ipc".as_ref(),
        "--unshare-uts".as_ref(),
        "--die-with-parent".as_ref(),
        "--new-session".as_ref(),
        // As the built-in sandbox: no capability, even for a job running as root in its image
        // (bubblewrap keeps them all for uid 0 in its namespace).
        "--cap-drop".as_ref(),
        "ALL".as_ref(),
        "--chdir".as_ref(),
        launch.working_dir.as_ref(),
        "--".as_ref(),
    ]);
    bwrap_argv.extend(launch.argv.iter().map(OsString::from));
    let plan = ShimPlan {
        parent: Some(std::process::id()),
        cgroups: launch.cgroups.to_vec(),
        overlay,
        sandbox: None,
        supervise: true,
        cleanup: Vec::new(),
        argv: bwrap_argv,
    };
    let mut cmd = Command::new(shim);
    cmd.arg(SHIM_ARG)
        .args(plan.to_args())
        // bubblewrap hands its environment to the job.
        .env_clear()
        .envs(launch.env.iter().map(|(k, v)| (k, v)));
    Ok(cmd)
}

/// `shim --cleanup-arg <engine rm -f NAME> -- engine run --rm ... IMAGE argv`: the engine
/// runtime's command. The job's variables are passed by name (`-e NAME`), their values through
/// the environment, so they never appear on a command line.
fn engine_command(program: &Path, shim: &Path, launch: &Launch<'_>) -> io::Result<Command> {
    let container = launch
        .container
        .as_ref()
        .ok_or_else(|| io::Error::other("no container for the engine runtime"))?;
    let mut run: Vec<OsString> = vec![
        program.into(),
        "run".into(),
        "--rm".into(),
        "--name".into(),
        container.name.clone().into(),
        "--label".into(),
        container.label.clone().into(),
        "--network".into(),
        "host".into(),
        "--volume".into(),
        format!("{}:/io", launch.io_dir.display()).into(),
    ];
    if let Some(bytes) = container.memory_limit_bytes {
        run.extend(["--memory".into(), bytes.to_string().into()]);
        run.extend(["--memory-swap".into(), bytes.to_string().into()]);
    }
    if let Some(shares) = container.cpu_shares {
        run.extend(["--cpu-shares".into(), shares.to_string().into()]);
    }
    for (name, _) in launch.env {
        run.extend(["--env".into(), name.into()]);
    }
    run.push(container.image.into());
    run.extend(launch.argv.iter().map(OsString::from));
    let plan = ShimPlan {
        parent: Some(std::process::id()),
        cgroups: Vec::new(),
        overlay: None,
        sandbox: None,
        supervise: true,
        cleanup: vec![
            program.into(),
            "rm".into(),
            "--force".into(),
            container.name.clone().into(),
        ],
        argv: run,
    };
    let mut cmd = Command::new(shim);
    cmd.arg(SHIM_ARG)
        .args(plan.to_args())
        .env_clear()
        .env("PATH", DEFAULT_PATH)
        .envs(launch.env.iter().map(|(k, v)| (k, v)))
        .current_dir(launch.io_dir);
    Ok(cmd)
}

/// Pulls `image` with the engine, through the Docker Hub `mirrors` first (the mirror's copy is
/// tagged with the job's name). Returns the error text of the last attempt.
pub(super) async fn engine_pull(
    kind: EngineKind,
    program: &Path,
    image: &str,
    mirrors: &[String],
) -> Result<(), String> {
    let parsed = crate::server::image::reference::ImageRef::parse(image)?;
    let mut failures = Vec::new();
    if parsed.is_docker_hub() {
        for mirror in mirrors {
            let (scheme, host) = mirror.split_once("://").unwrap_or(("https", mirror));
            let from = format!(
                "{}/{}:{}",
                host.trim_end_matches('/'),
                parsed.repository,
                parsed.manifest_reference()
            );
            let mut pull = vec!["pull".to_string()];
            if kind == EngineKind::Podman && scheme == "http" {
                pull.push("--tls-verify=false".into());
            }
            pull.push(from.clone());
            match engine(program, &pull).await {
                Ok(()) => return engine(program, &["tag".into(), from, image.into()]).await,
                Err(e) => failures.push(e),
            }
        }
    }
    match engine(program, &["pull".into(), image.into()]).await {
        Ok(()) => Ok(()),
        Err(e) => {
            failures.push(e);
            Err(failures.join("; "))
        }
    }
}

async fn engine(program: &Path, args: &[String]) -> Result<(), String> {
    let run = tokio::process::Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(std::time::Duration::from_secs(600), run)
        .await
        .map_err(|_| {
            format!(
                "{} {} took more than 10 minutes",
                program.display(),
                args.join(" ")
            )
        })?
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{} {}: {}",
            program.display(),
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// Removes the containers a killed service with label `label` left behind.
pub(crate) fn remove_engine_leftovers(program: &Path, label: &str) {
    let listed = Command::new(program)
        .args([
            "ps",
            "--all",
            "--quiet",
            "--filter",
            &format!("label={label}"),
        ])
        .stdin(Stdio::null())
        .output();
    let Ok(listed) = listed else {
        return;
    };
    let ids: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    if !ids.is_empty() {
        let _ = Command::new(program)
            .args(["rm", "--force"])
            .args(&ids)
            .stdin(Stdio::null())
            .output();
    }
}

/// The host runtime's command: the job's program in its scratch directory, with `/io` paths
/// mapped to it, under the supervising shim.
fn host_command(shim: Option<&Path>, launch: &Launch<'_>) -> io::Result<Command> {
    let io = launch.io_dir.display().to_string();
    let argv: Vec<String> = launch.argv.iter().map(|a| map_io_paths(a, &io)).collect();
    let env: Vec<(String, String)> = launch
        .env
        .iter()
        .map(|(k, v)| (k.clone(), map_io_paths(v, &io)))
        .collect();
    let (program, rest) = argv
        .split_first()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "empty command"))?;
    let mut cmd = match shim {
        Some(shim) => {
            let plan = ShimPlan {
                parent: Some(std::process::id()),
                cgroups: launch.cgroups.to_vec(),
                overlay: None,
                sandbox: None,
                supervise: true,
                cleanup: Vec::new(),
                argv: argv.iter().map(OsString::from).collect(),
            };
            let mut c = Command::new(shim);
            c.arg(SHIM_ARG).args(plan.to_args());
            c
        }
        None => {
            let mut c = Command::new(program);
            c.args(rest);
            c
        }
    };
    cmd.current_dir(launch.io_dir)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)));
    Ok(cmd)
}

/// Replaces the path `/io` (alone, or followed by `/`) with `io` wherever it starts a path in
/// `text`: at the start, or after a character that cannot be part of a path (space, quote,
/// `=`, `:`, `;`, `(`, `$`, `` ` ``, `|`, `&`, `<`, `>`).
pub(super) fn map_io_paths(text: &str, io: &str) -> String {
    const BEFORE: &[char] = &[
        ' ', '\t', '\n', '\'', '"', '=', ':', ';', '(', '$', '`', '|', '&', '<', '>', '{',
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut previous: Option<char> = None;
    while let Some(index) = rest.find("/io") {
        let before = if index == 0 {
            previous
        } else {
            rest[..index].chars().next_back()
        };
        let after = rest[index + 3..].chars().next();
        let starts_path = before.is_none_or(|c| BEFORE.contains(&c));
        let ends_component = after.is_none_or(|c| c == '/' || BEFORE.contains(&c) || c == '}');
        out.push_str(&rest[..index]);
        if starts_path && ends_component {
            out.push_str(io);
        } else {
            out.push_str("/io");
        }
        previous = Some('o');
        rest = &rest[index + 3..];
    }
    out.push_str(rest);
    out
}

/// The uid and gid for an image's `USER` (`uid`, `uid:gid`, `name`, `name:group`), names
/// looked up in the image's `/etc/passwd` and `/etc/group`. Empty means root.
pub(super) fn resolve_user(user: &str, rootfs: &Path) -> Result<(u32, u32), String> {
    if user.is_empty() {
        return Ok((0, 0));
    }
    let (user_part, group_part) = match user.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (user, None),
    };
    let passwd = fs::read_to_string(rootfs.join("etc/passwd")).unwrap_or_default();
    let (uid, primary_gid) = match user_part.parse::<u32>() {
        Ok(uid) => {
            let gid = passwd
                .lines()
                .map(|l| l.split(':').collect::<Vec<_>>())
                .find(|f| f.len() > 3 && f[2] == user_part)
                .and_then(|f| f[3].parse().ok());
            (uid, gid.unwrap_or(uid))
        }
        Err(_) => passwd
            .lines()
            .map(|l| l.split(':').collect::<Vec<_>>())
            .find(|f| f.len() > 3 && f[0] == user_part)
            .and_then(|f| Some((f[2].parse().ok()?, f[3].parse().ok()?)))
            .ok_or_else(|| format!("the image's user {user_part:?} is not in its /etc/passwd"))?,
    };
    let gid = match group_part {
        None => primary_gid,
        Some(g) => match g.parse::<u32>() {
            Ok(gid) => gid,
            Err(_) => fs::read_to_string(rootfs.join("etc/group"))
                .unwrap_or_default()
                .lines()
                .map(|l| l.split(':').collect::<Vec<_>>())
                .find(|f| f.len() > 2 && f[0] == g)
                .and_then(|f| f[2].parse().ok())
                .ok_or_else(|| format!("the image's group {g:?} is not in its /etc/group"))?,
        },
    };
    Ok((uid, gid))
}

/// The home directory of `uid` in the image (Docker sets `HOME` from it), `/root` for root
/// and `/` when the image does not say.
pub(super) fn home_of(uid: u32, rootfs: &Path) -> String {
    if uid == 0 {
        return "/root".into();
    }
    fs::read_to_string(rootfs.join("etc/passwd"))
        .unwrap_or_default()
        .lines()
        .map(|l| l.split(':').collect::<Vec<_>>())
        .find(|f| f.len() > 5 && f[2] == uid.to_string())
        .map_or_else(|| "/".to_string(), |f| f[5].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_paths_are_mapped_only_where_a_path_starts() {
        let io = "/scratch/a1";
        let cases = [
            ("/io", "/scratch/a1"),
            ("/io/batch/x", "/scratch/a1/batch/x"),
            (
                "mkdir -p /io/batch/abc && cd /io/batch/abc",
                "mkdir -p /scratch/a1/batch/abc && cd /scratch/a1/batch/abc",
            ),
            ("BATCH_TMPDIR=/io/batch", "BATCH_TMPDIR=/scratch/a1/batch"),
            ("'/io/in'", "'/scratch/a1/in'"),
            ("/iox", "/iox"),
            ("/data/io/x", "/data/io/x"),
            ("/radio", "/radio"),
        ];
        for (text, want) in cases {
            assert_eq!(map_io_paths(text, io), want, "{text}");
        }
    }

    #[test]
    fn image_users() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir_all(root.path().join("etc")).unwrap();
        fs::write(
            root.path().join("etc/passwd"),
            "root:x:0:0:root:/root:/bin/sh\nhail:x:1000:1001::/home/hail:/bin/sh\n",
        )
        .unwrap();
        fs::write(root.path().join("etc/group"), "root:x:0:\nstaff:x:50:\n").unwrap();
        let r = root.path();
        assert_eq!(resolve_user("", r), Ok((0, 0)));
        assert_eq!(resolve_user("hail", r), Ok((1000, 1001)));
        assert_eq!(resolve_user("1000", r), Ok((1000, 1001)));
        assert_eq!(resolve_user("2000", r), Ok((2000, 2000)));
        assert_eq!(resolve_user("hail:staff", r), Ok((1000, 50)));
        assert_eq!(resolve_user("7:8", r), Ok((7, 8)));
        assert!(resolve_user("nobody", r).is_err());
        assert_eq!(home_of(1000, r), "/home/hail");
        assert_eq!(home_of(0, r), "/root");
    }
}
