//! A real local Batch service for tests: `hailctl batch serve` on a port chosen by the OS, with
//! its own data and state directories, talked to through the [`http`](super::http) client.

use std::net::SocketAddr;
use std::os::unix::fs::PermissionsExt;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use super::http::{Client, Response};
use super::{Run, Sandbox};

/// A running service, stopped (SIGKILL) when dropped.
pub(crate) struct Service {
    pub child: Child,
    pub addr: SocketAddr,
    pub token: String,
}

impl Sandbox {
    /// The running service's state file, `$XDG_STATE_HOME/hailctl/server.json`, parsed.
    pub(crate) fn service_state(&self) -> serde_json::Value {
        let path = self.state_home().join("hailctl/server.json");
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        serde_json::from_slice(&bytes).expect("server.json is JSON")
    }

    /// Writes a users file for `serve --users-file` (mode 0600) and returns its path.
    pub(crate) fn users_file(&self, text: &str) -> String {
        let path = self.root().join("users.toml");
        std::fs::write(&path, text).expect("write users file");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        path.display().to_string()
    }

    /// Starts `hailctl batch serve` with `extra` arguments and waits until it answers.
    pub(crate) fn start_service(&self, extra: &[&str]) -> Service {
        let mut args = vec!["batch", "serve", "--addr", "127.0.0.1:0"];
        let data = self.root().join("service-data").display().to_string();
        args.extend(["--data-dir", &data]);
        args.extend_from_slice(extra);
        let child = self
            .command(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn hailctl batch serve");
        let pid = child.id();
        let state_file = self.state_home().join("hailctl/server.json");
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut service = Service {
            child,
            addr: ([127, 0, 0, 1], 0).into(),
            token: String::new(),
        };
        loop {
            assert!(Instant::now() < deadline, "the service did not start");
            if let Ok(bytes) = std::fs::read(&state_file)
                && let Ok(state) = serde_json::from_slice::<serde_json::Value>(&bytes)
                && state["pid"].as_u64() == Some(u64::from(pid))
            {
                service.addr = state["addr"].as_str().expect("addr").parse().expect("addr");
                service.token = state["token"].as_str().expect("token").to_string();
                if service.get("/healthcheck").status == 200 {
                    return service;
                }
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// A service started in the background by `hailctl batch serve --start`, stopped with
/// `hailctl batch serve --stop` when dropped, even if the test fails first.
pub(crate) struct Background<'a> {
    sandbox: &'a Sandbox,
    /// What `--start` printed.
    pub started: Run,
    /// Its `--data-dir`.
    pub data_dir: String,
}

impl Sandbox {
    /// `hailctl batch serve --start --runtime host --data-dir <tmp>/bg-data EXTRA`.
    pub(crate) fn serve_start(&self, extra: &[&str]) -> Background<'_> {
        let data_dir = self.root().join("bg-data").display().to_string();
        let mut args = vec!["batch", "serve", "--start", "--runtime", "host"];
        args.extend(["--data-dir", &data_dir]);
        args.extend_from_slice(extra);
        Background {
            sandbox: self,
            started: self.run(&args),
            data_dir,
        }
    }
}

impl Drop for Background<'_> {
    fn drop(&mut self) {
        self.sandbox.run(&["batch", "serve", "--stop"]);
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Service {
    /// SIGKILLs the service (a crash), leaving whatever it could not clean up.
    pub(crate) fn kill_hard(&mut self) -> std::io::Result<()> {
        self.child.kill()?;
        self.child.wait().map(|_| ())
    }

    /// `http://<addr>`.
    pub(crate) fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A client that speaks as the service's default user (its token).
    pub(crate) fn client(&self) -> Client {
        self.client_as(&self.token)
    }

    /// A client that speaks as the user of `token`.
    pub(crate) fn client_as(&self, token: &str) -> Client {
        Client::new(self.addr).bearer(token)
    }

    /// A client without credentials.
    pub(crate) fn anonymous(&self) -> Client {
        Client::new(self.addr)
    }

    /// A request as the default user; a body is sent as JSON.
    pub(crate) fn request(&self, method: &str, path: &str, body: Option<&[u8]>) -> Response {
        self.client().request(method, path, body)
    }

    pub(crate) fn get(&self, path: &str) -> Response {
        self.client().get(path)
    }

    pub(crate) fn post_json(&self, path: &str, body: &serde_json::Value) -> Response {
        self.client().post_json(path, body)
    }

    /// A fresh one-time sign-in path for the web UI (`/login?code=...&next=...`).
    pub(crate) fn login_link(&self, next: &str) -> String {
        let answer = self
            .post_json(
                "/api/v1alpha/ui/login-link",
                &serde_json::json!({ "next": next }),
            )
            .json();
        assert_eq!(answer["expires_in_seconds"], 120, "{answer}");
        answer["url"].as_str().expect("url").to_string()
    }
}

/// A job spec as Hail's client sends it (batch-api §4.2).
pub(crate) fn job_spec(id: i64, command: &str, parents: &[i64]) -> serde_json::Value {
    serde_json::json!({
        "job_id": id,
        "always_run": false,
        "n_max_attempts": 20,
        "always_copy_output": false,
        "absolute_parent_ids": [],
        "in_update_parent_ids": parents,
        "in_update_job_group_id": 0,
        "process": {"type": "docker", "image": "ubuntu:24.04", "command": ["/bin/bash", "-c", command]},
        "attributes": {"name": format!("job{id}")},
    })
}

impl Service {
    /// Submits a batch with `create-fast`; `extra` adds keys to the batch spec.
    pub(crate) fn create_fast(
        &self,
        token: &str,
        extra: serde_json::Value,
        jobs: Vec<serde_json::Value>,
    ) -> i64 {
        let mut batch =
            serde_json::json!({"billing_project": "test", "token": token, "n_jobs": jobs.len()});
        if let (Some(b), Some(e)) = (batch.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                b.insert(k.clone(), v.clone());
            }
        }
        let response = self.post_json(
            "/api/v1alpha/batches/create-fast",
            &serde_json::json!({"batch": batch, "bunch": jobs}),
        );
        let body = response.json();
        assert_eq!(body["start_job_id"], 1, "{body}");
        body["id"].as_i64().expect("batch id")
    }

    /// Polls `GET batch` as the default user until `complete`, with a deadline.
    pub(crate) fn wait_complete(&self, batch_id: i64) -> serde_json::Value {
        self.client().wait_complete(batch_id)
    }

    /// Polls a JSON endpoint as the default user until `done` holds, with a deadline.
    pub(crate) fn wait_for(
        &self,
        path: &str,
        done: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        self.client().wait_for(path, done)
    }
}

impl Client {
    /// Polls `GET batch` until `complete`, with a deadline.
    pub(crate) fn wait_complete(&self, batch_id: i64) -> serde_json::Value {
        self.wait_for(&format!("/api/v1alpha/batches/{batch_id}"), |b| {
            b["complete"] == true
        })
    }
}

/// The id in `Submitted batch <id>, see ...`.
#[track_caller]
pub(crate) fn submitted_batch_id(run: &Run) -> i64 {
    run.stdout
        .strip_prefix("Submitted batch ")
        .and_then(|rest| rest.split(',').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no batch id in {run:?}"))
}
