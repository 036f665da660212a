//! A real OCI registry on loopback (Debian's `docker-registry`) holding test images built
//! offline by `scripts/test-image.py` from Debian's static busybox and bash. Stopped when
//! dropped.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) struct Registry {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    _dir: tempfile::TempDir,
}

impl Registry {
    /// Starts a registry on a free port. The tools are test requirements (`.ci/run` installs
    /// them): missing ones fail the test with what to install.
    pub(crate) fn start() -> Registry {
        for (tool, package) in [
            ("/usr/bin/docker-registry", "docker-registry"),
            ("/bin/busybox", "busybox-static"),
            ("/bin/bash-static", "bash-static"),
        ] {
            assert!(
                Path::new(tool).exists(),
                "{tool} is missing: install Debian's {package} (.ci/run does)"
            );
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let addr = format!("127.0.0.1:{port}");
        let config = dir.path().join("config.yml");
        std::fs::write(
            &config,
            format!(
                "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: {}\nhttp:\n  addr: {addr}\nlog:\n  level: info\n",
                dir.path().join("data").display()
            ),
        )
        .expect("write registry config");
        let log = std::fs::File::create(dir.path().join("registry.log")).expect("registry log");
        let child = Command::new("/usr/bin/docker-registry")
            .arg("serve")
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start docker-registry");
        let registry = Registry {
            child,
            addr,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(&registry.addr).is_err() {
            assert!(Instant::now() < deadline, "the registry did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        registry
    }

    /// How many `GET` requests for a path containing `path` the registry answered (its
    /// access log at level info).
    pub(crate) fn gets(&self, path: &str) -> usize {
        std::fs::read_to_string(self._dir.path().join("registry.log"))
            .unwrap_or_default()
            .lines()
            .filter(|l| {
                l.contains("response completed")
                    && l.contains("http.request.method=GET")
                    && l.contains(path)
            })
            .count()
    }

    /// The registry's URL, for `--registry-mirror`.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Pushes the test image under each of `names` (`repo:tag`), with `scripts/test-image.py`'s
    /// `extra` options; returns the manifest digest.
    pub(crate) fn push(&self, names: &[&str], extra: &[&str]) -> String {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/test-image.py");
        let mut cmd = Command::new("python3");
        cmd.arg(script).args(["--registry", &self.addr]);
        for name in names {
            cmd.args(["--name", name]);
        }
        let output = cmd.args(extra).output().expect("run scripts/test-image.py");
        assert!(
            output.status.success(),
            "test-image.py failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
