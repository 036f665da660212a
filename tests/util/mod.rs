//! Test support: run the real `hailctl` binary in an isolated HOME and XDG_CONFIG_HOME.

#![allow(dead_code)] // Each test binary uses a different part of this module.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A throwaway home for one test: `<tmp>/home` and `<tmp>/xdg`, with a clean environment.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

/// What one run printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    fn from_output(output: Output) -> Self {
        Run {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            code: output.status.code().unwrap_or(-1),
        }
    }

    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "expected success, got {self:#?}");
        &self.stdout
    }

    /// Asserts the exit status and returns stderr.
    #[track_caller]
    pub fn fails_with(&self, code: i32) -> &str {
        assert_eq!(self.code, code, "expected exit {code}, got {self:#?}");
        &self.stderr
    }
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("create temp dir");
        std::fs::create_dir_all(dir.path().join("home")).expect("create home");
        Sandbox { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn home(&self) -> PathBuf {
        self.root().join("home")
    }

    /// `$XDG_CONFIG_HOME/hail`.
    pub fn hail_dir(&self) -> PathBuf {
        self.root().join("xdg").join("hail")
    }

    pub fn config_ini(&self) -> PathBuf {
        self.hail_dir().join("config.ini")
    }

    /// Reads a file under the Hail config dir (empty string if missing).
    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.hail_dir().join(name)).unwrap_or_default()
    }

    /// Writes a file under the Hail config dir.
    pub fn write(&self, name: &str, contents: &str) {
        let path = self.hail_dir().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write");
    }

    /// A `hailctl` command with only the sandbox's variables set.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_hailctl"));
        cmd.args(args)
            .env_clear()
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.root().join("xdg"))
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .current_dir(self.root())
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `hailctl ARGS`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// Runs `hailctl ARGS` with extra environment variables.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = self.command(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Run::from_output(cmd.output().expect("run hailctl"))
    }

    /// Replaces the sandbox path with `<T>` so outputs can be compared literally.
    pub fn redact(&self, text: &str) -> String {
        text.replace(&self.root().display().to_string(), "<T>")
    }
}
pub mod service;
