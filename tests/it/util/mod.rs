//! Test support: run the real `hailctl` binary in an isolated HOME, XDG_CONFIG_HOME and
//! XDG_STATE_HOME; the one HTTP client ([`http`]); a real local service ([`service`]).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A throwaway home for one test: `<tmp>/home`, `<tmp>/xdg` (config) and `<tmp>/state` (where a
/// local service records itself, so that the sandbox's commands find the sandbox's service),
/// with a clean environment.
pub(crate) struct Sandbox {
    pub dir: tempfile::TempDir,
}

/// What one run printed and how it exited.
#[derive(Debug)]
pub(crate) struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    pub(crate) fn from_output(output: Output) -> Self {
        Run {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            code: output.status.code().unwrap_or(-1),
        }
    }

    /// Asserts success and returns stdout.
    #[track_caller]
    pub(crate) fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "expected success, got {self:#?}");
        &self.stdout
    }

    /// Asserts the exit status and returns stderr.
    #[track_caller]
    pub(crate) fn fails_with(&self, code: i32) -> &str {
        assert_eq!(self.code, code, "expected exit {code}, got {self:#?}");
        &self.stderr
    }
}

impl Sandbox {
    pub(crate) fn new() -> Self {
        let dir = tempfile::tempdir().expect("create temp dir");
        std::fs::create_dir_all(dir.path().join("home")).expect("create home");
        Sandbox { dir }
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn home(&self) -> PathBuf {
        self.root().join("home")
    }

    /// `$XDG_STATE_HOME`.
    pub(crate) fn state_home(&self) -> PathBuf {
        self.root().join("state")
    }

    /// `$XDG_CONFIG_HOME/hail`.
    pub(crate) fn hail_dir(&self) -> PathBuf {
        self.root().join("xdg").join("hail")
    }

    pub(crate) fn config_ini(&self) -> PathBuf {
        self.hail_dir().join("config.ini")
    }

    /// Reads a file under the Hail config dir (empty string if missing).
    pub(crate) fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.hail_dir().join(name)).unwrap_or_default()
    }

    /// Writes a file under the Hail config dir.
    pub(crate) fn write(&self, name: &str, contents: &str) {
        let path = self.hail_dir().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write");
    }

    /// A `hailctl` command with only the sandbox's variables set.
    pub(crate) fn command(&self, args: &[&str]) -> Command {
        self.command_for(Path::new(env!("CARGO_BIN_EXE_hailctl")), args)
    }

    /// `program ARGS` with only the sandbox's variables (and `PATH`) set, run in the sandbox.
    pub(crate) fn command_for(&self, program: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .env_clear()
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.root().join("xdg"))
            .env("XDG_STATE_HOME", self.state_home())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            // Jobs run on the host's software unless a test asks for images
            // (tests/it/job_runtime.rs), which need a registry.
            .env("HAILCTL_RUNTIME", "host")
            .current_dir(self.root())
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `hailctl ARGS`.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// Runs `hailctl ARGS` with extra environment variables.
    pub(crate) fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = self.command(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Run::from_output(cmd.output().expect("run hailctl"))
    }

    /// Replaces the sandbox path with `<T>` so outputs can be compared literally.
    pub(crate) fn redact(&self, text: &str) -> String {
        text.replace(&self.root().display().to_string(), "<T>")
    }
}

/// The five `config set`s of the canonical example (reference §8.1)...
pub(crate) const CANONICAL_SETS: [(&str, &str); 5] = [
    ("batch/billing_project", "my-project"),
    ("batch/remote_tmpdir", "gs://my-bucket/batch/tmp/"),
    ("domain", "example.org"),
    ("query/backend", "batch"),
    ("batch/regions", "us-central1,us-east1"),
];

/// ...and the `config.ini` they produce, byte for byte.
pub(crate) const CANONICAL_FILE: &str = "[batch]\nbilling_project = my-project\nremote_tmpdir = \
gs://my-bucket/batch/tmp/\nregions = us-central1,us-east1\n\n[global]\ndomain = example.org\n\n\
[query]\nbackend = batch\n\n";

/// Hail's Python `hailctl` from `HAILCTL_PYTHON` (made absolute), or `None` after saying that
/// `test` was skipped when the variable is unset or empty. `scripts/test.sh` and CI set it.
pub(crate) fn python_hailctl(test: &str) -> Option<PathBuf> {
    let path = match std::env::var_os("HAILCTL_PYTHON") {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => {
            println!(
                "skipped {test}: HAILCTL_PYTHON is not set (the hailctl of a virtualenv with \
                 Hail's Python tool; scripts/test.sh sets it)"
            );
            return None;
        }
    };
    assert!(
        path.is_file(),
        "HAILCTL_PYTHON={} does not exist",
        path.display()
    );
    Some(std::path::absolute(&path).expect("absolute path of HAILCTL_PYTHON"))
}

/// Runs `command` with stdin closed and stdout and stderr piped, and waits for it. Reader threads
/// report on a channel, so nothing sleeps: the wait ends when both pipes close. A command still
/// running at `deadline` is killed and the test fails, showing what it printed.
pub(crate) fn output_within(mut command: Command, deadline: Duration) -> Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
    let (sender, receiver) = mpsc::channel();
    let pipes: [(bool, Box<dyn Read + Send>); 2] = [
        (true, Box::new(child.stdout.take().expect("piped stdout"))),
        (false, Box::new(child.stderr.take().expect("piped stderr"))),
    ];
    for (is_stdout, mut pipe) in pipes {
        let sender = sender.clone();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            let _ = sender.send((is_stdout, bytes));
        });
    }
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let end = Instant::now() + deadline;
    let mut timed_out = false;
    for _ in 0..2 {
        let remaining = end.saturating_duration_since(Instant::now());
        let received = match receiver.recv_timeout(remaining) {
            Ok(received) => received,
            Err(_) => {
                // Killing the command closes its pipes: the readers report what they read.
                timed_out = true;
                let _ = child.kill();
                receiver.recv().expect("a reader thread")
            }
        };
        match received {
            (true, bytes) => stdout = bytes,
            (false, bytes) => stderr = bytes,
        }
    }
    let status = child.wait().expect("wait for the command");
    let output = Output {
        status,
        stdout,
        stderr,
    };
    assert!(
        !timed_out,
        "{command:?} did not finish within {deadline:?}; stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

pub(crate) mod auth_fake;
pub(crate) mod http;
pub(crate) mod registry;
pub(crate) mod service;

/// A command running in the background whose stdout is read line by line as it is printed, to
/// test what a command shows before it ends (killed when dropped).
pub(crate) struct Streaming {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
    /// What was read so far.
    pub seen: Vec<String>,
}

impl Streaming {
    /// Starts `command` with stdout piped (stderr inherited, stdin closed).
    pub(crate) fn start(mut command: Command) -> Self {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Streaming {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// The next line of stdout, failing the test if none comes within 60 seconds.
    #[track_caller]
    pub(crate) fn next_line(&mut self) -> String {
        match self.lines.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => {
                self.seen.push(line.clone());
                line
            }
            Err(e) => panic!("no line within 60 s ({e}); seen so far: {:?}", self.seen),
        }
    }

    /// Waits (60 s at most) for the command to exit and returns its exit status.
    #[track_caller]
    pub(crate) fn wait(&mut self) -> i32 {
        let end = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status.code().unwrap_or(-1);
            }
            assert!(
                Instant::now() < end,
                "the command did not exit: {:?}",
                self.seen
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The lines printed after those already read, until stdout closes.
    pub(crate) fn rest(&mut self) -> Vec<String> {
        let mut rest = Vec::new();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(60)) {
            rest.push(line);
        }
        self.seen.extend(rest.iter().cloned());
        rest
    }
}

impl Drop for Streaming {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
