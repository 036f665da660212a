//! Memory and CPU limits through cgroups, where this machine lets the service use them.
//!
//! * cgroup v1 (a `memory` hierarchy, and `cpu` when mounted): the service makes
//!   `hailctl-<key>/` under its own cgroup in each, and one child per attempt;
//! * cgroup v2: the same under the service's own cgroup, when the `memory` controller is
//!   delegated to it (its `cgroup.subtree_control` can enable it for children).
//!
//! Each attempt's cgroup gets Hail's limits (batch-semantics §6.5): a hard memory limit of 99 %
//! of the job's `memory_bytes`, and CPU as a share proportional to `cores_mcpu` (a weight, not a
//! cap). A job over its memory is killed by the kernel with SIGKILL, which the runner reports
//! as Hail does: exit code 137, `out_of_memory: true`.
//!
//! `<key>` names the data directory, so a restarted service finds the cgroups its killed
//! predecessor left and kills what is still in them before running anything.

use std::fs;
use std::path::{Path, PathBuf};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// The cgroups available to this service.
#[derive(Clone, Debug)]
pub(crate) struct Cgroups {
    /// The service's own cgroup directories, one per hierarchy in use.
    memory: PathBuf,
    cpu: Option<PathBuf>,
    /// cgroup v1's `cpuacct` hierarchy, for CPU time (v2 counts it in `cpu.stat`).
    cpuacct: Option<PathBuf>,
    version: Version,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Version {
    V1,
    V2,
}

/// One attempt's cgroups and what they enforce.
#[derive(Debug)]
pub(crate) struct AttemptCgroup {
    pub dirs: Vec<PathBuf>,
    /// Where the attempt's CPU time is counted (`cpuacct.usage` in ns, or v2's `cpu.stat`).
    cpu_time: Option<PathBuf>,
    pub memory_limit_bytes: Option<u64>,
    pub cpu_weight: Option<u64>,
    version: Version,
}

impl Cgroups {
    /// Finds usable cgroups and prepares `hailctl-<key>` in them, killing whatever a previous
    /// service with the same key left running. `Err` says why limits cannot be enforced here.
    pub(crate) fn detect(key: &str) -> Result<Cgroups, String> {
        let own = fs::read_to_string("/proc/self/cgroup")
            .map_err(|e| format!("cannot read /proc/self/cgroup: {e}"))?;
        Cgroups::detect_in(key, &own, Path::new("/sys/fs/cgroup"))
    }

    /// [`Cgroups::detect`] for a process whose `/proc/self/cgroup` says `own`, with the cgroup
    /// file systems mounted under `root`.
    fn detect_in(key: &str, own: &str, root: &Path) -> Result<Cgroups, String> {
        let name = format!("hailctl-{key}");
        // cgroup v2 only (no v1 memory hierarchy).
        if root.join("cgroup.controllers").is_file() {
            let path = own
                .lines()
                .find_map(|l| l.strip_prefix("0::"))
                .ok_or("no cgroup v2 entry in /proc/self/cgroup")?;
            let base = root.join(path.trim_start_matches('/'));
            let controllers =
                fs::read_to_string(base.join("cgroup.controllers")).unwrap_or_default();
            if !controllers.split_whitespace().any(|c| c == "memory") {
                return Err(format!(
                    "the memory controller is not delegated to the service's cgroup {}",
                    base.display()
                ));
            }
            let dir = base.join(&name);
            make_dir(&dir)?;
            // Children of `dir` get the controllers only if `dir` enables them.
            let wanted = if controllers.split_whitespace().any(|c| c == "cpu") {
                "+memory +cpu"
            } else {
                "+memory"
            };
            fs::write(dir.join("cgroup.subtree_control"), wanted).map_err(|e| {
                format!(
                    "cannot enable the memory controller in {}: {e}",
                    dir.display()
                )
            })?;
            let cgroups = Cgroups {
                memory: dir,
                cpu: None,
                cpuacct: None,
                version: Version::V2,
            };
            cgroups.reap_leftovers();
            return Ok(cgroups);
        }
        let v1 = |controller: &str| -> Option<PathBuf> {
            let path = own.lines().find_map(|l| {
                let mut parts = l.splitn(3, ':');
                let (_, list, path) = (parts.next()?, parts.next()?, parts.next()?);
                list.split(',').any(|c| c == controller).then_some(path)
            })?;
            let mount = root.join(controller);
            let own_dir = mount.join(path.trim_start_matches('/'));
            // In a cgroup namespace the mount's root is the service's own cgroup.
            let own_dir = if own_dir.is_dir() { own_dir } else { mount };
            own_dir.is_dir().then(|| own_dir.join(&name))
        };
        let memory = v1("memory").ok_or("no cgroup memory controller is mounted")?;
        make_dir(&memory)?;
        let cpu = v1("cpu").filter(|dir| make_dir(dir).is_ok());
        let cpuacct = v1("cpuacct").filter(|dir| make_dir(dir).is_ok());
        let cgroups = Cgroups {
            memory,
            cpu,
            cpuacct,
            version: Version::V1,
        };
        cgroups.reap_leftovers();
        Ok(cgroups)
    }

    /// "cgroup v1" or "cgroup v2", for the start-up message.
    pub(crate) fn describe(&self) -> String {
        let version = match self.version {
            Version::V1 => "cgroup v1",
            Version::V2 => "cgroup v2",
        };
        format!(
            "memory limits enforced with {version} ({})",
            self.memory.display()
        )
    }

    /// Kills the processes of attempt cgroups a killed service left, and removes them.
    fn reap_leftovers(&self) {
        for parent in std::iter::once(&self.memory)
            .chain(self.cpu.as_ref())
            .chain(self.cpuacct.as_ref())
        {
            let Ok(entries) = fs::read_dir(parent) else {
                continue;
            };
            for entry in entries.filter_map(Result::ok) {
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    kill_all_in(&entry.path());
                    let _ = remove_when_empty(&entry.path());
                }
            }
        }
    }

    /// A cgroup for one attempt, limited to `memory_bytes` (99 %, Hail's hard limit) and
    /// weighted by `cores_mcpu`.
    pub(crate) fn create(
        &self,
        name: &str,
        memory_bytes: Option<u64>,
        cores_mcpu: Option<u64>,
    ) -> Result<AttemptCgroup, String> {
        let memory_dir = self.memory.join(name);
        make_dir(&memory_dir)?;
        let mut cgroup = AttemptCgroup {
            cpu_time: (self.version == Version::V2).then(|| memory_dir.join("cpu.stat")),
            dirs: vec![memory_dir.clone()],
            memory_limit_bytes: None,
            cpu_weight: None,
            version: self.version,
        };
        if let Some(bytes) = memory_bytes {
            let limit = bytes / 100 * 99;
            let file = match self.version {
                Version::V1 => "memory.limit_in_bytes",
                Version::V2 => "memory.max",
            };
            fs::write(memory_dir.join(file), limit.to_string())
                .map_err(|e| format!("cannot set {}: {e}", memory_dir.join(file).display()))?;
            if self.version == Version::V2 {
                // No swap, as Hail's workers.
                let _ = fs::write(memory_dir.join("memory.swap.max"), "0");
            }
            cgroup.memory_limit_bytes = Some(limit);
        }
        if let Some(cpuacct) = &self.cpuacct {
            let dir = cpuacct.join(name);
            if make_dir(&dir).is_ok() {
                cgroup.cpu_time = Some(dir.join("cpuacct.usage"));
                cgroup.dirs.push(dir);
            }
        }
        if let Some(mcpu) = cores_mcpu {
            match (self.version, &self.cpu) {
                (Version::V1, Some(cpu)) => {
                    let dir = cpu.join(name);
                    if make_dir(&dir).is_ok() {
                        // 1024 shares per core.
                        let shares = (mcpu * 1024 / 1000).max(2);
                        if fs::write(dir.join("cpu.shares"), shares.to_string()).is_ok() {
                            cgroup.cpu_weight = Some(shares);
                        }
                        cgroup.dirs.push(dir);
                    }
                }
                (Version::V2, _) => {
                    // cpu.weight is 1..10000, 100 by default: 100 per core.
                    let weight = (mcpu / 10).clamp(1, 10_000);
                    if fs::write(memory_dir.join("cpu.weight"), weight.to_string()).is_ok() {
                        cgroup.cpu_weight = Some(weight);
                    }
                }
                (Version::V1, None) => {}
            }
        }
        Ok(cgroup)
    }
}

impl AttemptCgroup {
    /// The most memory the attempt used, in bytes, if the kernel says.
    pub(crate) fn peak_memory_bytes(&self) -> Option<u64> {
        let dir = self.dirs.first()?;
        let file = match self.version {
            Version::V1 => "memory.max_usage_in_bytes",
            Version::V2 => "memory.peak",
        };
        fs::read_to_string(dir.join(file)).ok()?.trim().parse().ok()
    }

    /// The memory the attempt uses now, in bytes.
    pub(crate) fn memory_bytes(&self) -> Option<u64> {
        let file = match self.version {
            Version::V1 => "memory.usage_in_bytes",
            Version::V2 => "memory.current",
        };
        fs::read_to_string(self.dirs.first()?.join(file))
            .ok()?
            .trim()
            .parse()
            .ok()
    }

    /// The CPU time the attempt used so far, in nanoseconds.
    pub(crate) fn cpu_time_ns(&self) -> Option<u64> {
        let text = fs::read_to_string(self.cpu_time.as_ref()?).ok()?;
        match self.version {
            Version::V1 => text.trim().parse().ok(),
            Version::V2 => text
                .lines()
                .find_map(|l| l.strip_prefix("usage_usec "))
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(|us| us * 1000),
        }
    }

    /// Kills what is left in the attempt's cgroups and removes them.
    pub(crate) fn remove(&self) {
        for dir in &self.dirs {
            kill_all_in(dir);
            let _ = remove_when_empty(dir);
        }
    }
}

fn make_dir(dir: &Path) -> Result<(), String> {
    match fs::create_dir(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(format!("cannot create the cgroup {}: {e}", dir.display())),
    }
}

fn kill_all_in(dir: &Path) {
    if let Ok(text) = fs::read_to_string(dir.join("cgroup.procs")) {
        for pid in text.lines().filter_map(|l| l.trim().parse::<i32>().ok()) {
            let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
        }
    }
}

/// `rmdir` a cgroup, waiting briefly (bounded) for killed processes to leave it.
fn remove_when_empty(dir: &Path) -> std::io::Result<()> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        match fs::remove_dir(dir) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => {
                if std::time::Instant::now() >= deadline {
                    return Err(e);
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! The cgroup protocol (which files are written with what, and read back) against a copy of
    //! the kernel's layout in a temporary directory: cgroup v2 cannot be mounted on the v1
    //! machines the tests run on, where the v1 path is tested end to end
    //! (tests/it/job_runtime.rs).
    use super::*;

    fn read(path: &Path) -> String {
        fs::read_to_string(path)
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    #[test]
    fn cgroup_v2_with_a_delegated_memory_controller() {
        let root = tempfile::tempdir().expect("tempdir");
        let root = root.path();
        fs::write(
            root.join("cgroup.controllers"),
            "cpuset cpu io memory pids\n",
        )
        .expect("w");
        let own =
            root.join("user.slice/user-1000.slice/user@1000.service/app.slice/hailctl.service");
        fs::create_dir_all(&own).expect("mkdir");
        fs::write(own.join("cgroup.controllers"), "cpu memory pids\n").expect("w");
        let cgroups = Cgroups::detect_in(
            "k",
            "0::/user.slice/user-1000.slice/user@1000.service/app.slice/hailctl.service\n",
            root,
        )
        .expect("v2");
        assert_eq!(cgroups.version, Version::V2);
        let parent = own.join("hailctl-k");
        // Children get both controllers (a file the kernel would turn into its list).
        assert_eq!(read(&parent.join("cgroup.subtree_control")), "+memory +cpu");
        assert!(cgroups.describe().contains("cgroup v2"));

        let attempt = cgroups
            .create("1-1-a", Some(1_000_000_000), Some(1500))
            .expect("attempt");
        let dir = parent.join("1-1-a");
        assert_eq!(attempt.dirs, vec![dir.clone()]);
        // Hail's 99 % hard limit, no swap, 100 of weight per core.
        assert_eq!(read(&dir.join("memory.max")), "990000000");
        assert_eq!(read(&dir.join("memory.swap.max")), "0");
        assert_eq!(read(&dir.join("cpu.weight")), "150");
        assert_eq!(attempt.memory_limit_bytes, Some(990_000_000));
        assert_eq!(attempt.cpu_weight, Some(150));

        // What the kernel reports, read from v2's files.
        fs::write(dir.join("memory.peak"), "123456\n").expect("w");
        fs::write(dir.join("memory.current"), "4096\n").expect("w");
        fs::write(dir.join("cpu.stat"), "usage_usec 2500\nuser_usec 2000\n").expect("w");
        assert_eq!(attempt.peak_memory_bytes(), Some(123_456));
        assert_eq!(attempt.memory_bytes(), Some(4096));
        assert_eq!(attempt.cpu_time_ns(), Some(2_500_000));
    }

    #[test]
    fn cgroup_v2_without_the_memory_controller_says_why() {
        let root = tempfile::tempdir().expect("tempdir");
        let root = root.path();
        fs::write(root.join("cgroup.controllers"), "cpu memory\n").expect("w");
        let own = root.join("system.slice/x.service");
        fs::create_dir_all(&own).expect("mkdir");
        fs::write(own.join("cgroup.controllers"), "pids\n").expect("w");
        let error = Cgroups::detect_in("k", "0::/system.slice/x.service\n", root)
            .expect_err("not delegated");
        assert!(error.contains("not delegated"), "{error}");
    }

    #[test]
    fn cgroup_v1_hierarchies() {
        let root = tempfile::tempdir().expect("tempdir");
        let root = root.path();
        for controller in ["memory", "cpu", "cpuacct"] {
            fs::create_dir_all(root.join(controller).join("svc")).expect("mkdir");
        }
        let own = "4:memory:/svc\n3:cpu:/svc\n2:cpuacct:/svc\n0::/\n";
        let cgroups = Cgroups::detect_in("k", own, root).expect("v1");
        assert_eq!(cgroups.version, Version::V1);
        let attempt = cgroups
            .create("1-1-a", Some(2_000_000_000), Some(500))
            .expect("attempt");
        let memory = root.join("memory/svc/hailctl-k/1-1-a");
        assert_eq!(read(&memory.join("memory.limit_in_bytes")), "1980000000");
        assert_eq!(
            read(&root.join("cpu/svc/hailctl-k/1-1-a/cpu.shares")),
            "512"
        );
        fs::write(
            root.join("cpuacct/svc/hailctl-k/1-1-a/cpuacct.usage"),
            "777\n",
        )
        .expect("w");
        assert_eq!(attempt.cpu_time_ns(), Some(777));
        assert_eq!(attempt.dirs.len(), 3);
    }
}
