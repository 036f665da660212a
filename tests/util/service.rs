//! A real local Batch service for tests: `hailctl batch serve` on a port chosen by the OS, with
//! its own data and state directories, and a minimal HTTP/1.1 client to talk to it.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use super::Sandbox;

/// A running service, stopped (SIGKILL) when dropped.
pub struct Service {
    pub child: Child,
    pub addr: SocketAddr,
    pub token: String,
    pub data_dir: PathBuf,
}

/// One HTTP response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        assert_eq!(
            self.status,
            200,
            "expected 200, got {} {}",
            self.status,
            self.text()
        );
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

impl Sandbox {
    pub fn state_home(&self) -> PathBuf {
        self.root().join("state")
    }

    /// Starts `hailctl batch serve` with `extra` arguments and waits until it answers.
    pub fn start_service(&self, extra: &[&str]) -> Service {
        let data_dir = self.root().join("service-data");
        let mut args = vec!["batch", "serve", "--addr", "127.0.0.1:0"];
        let data = data_dir.display().to_string();
        args.extend(["--data-dir", &data]);
        args.extend_from_slice(extra);
        let child = self
            .command(&args)
            .env("XDG_STATE_HOME", self.state_home())
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
            data_dir,
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

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Service {
    /// `http://<addr>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Sends a request with the service's token.
    pub fn request(&self, method: &str, path: &str, body: Option<&[u8]>) -> Response {
        self.request_as(Some(&self.token), method, path, body)
    }

    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path, None)
    }

    pub fn post_json(&self, path: &str, body: &serde_json::Value) -> Response {
        self.request("POST", path, Some(body.to_string().as_bytes()))
    }

    /// Sends a request with the given token (or none).
    pub fn request_as(
        &self,
        token: Option<&str>,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
    ) -> Response {
        let mut stream = TcpStream::connect(self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .expect("timeout");
        let body = body.unwrap_or_default();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        if !body.is_empty() {
            head.push_str("Content-Type: application/json\r\n");
        }
        if let Some(token) = token {
            head.push_str(&format!("Authorization: Bearer {token}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).expect("write head");
        stream.write_all(body).expect("write body");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read response");
        parse_response(&raw)
    }
}

fn parse_response(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let mut content_type = String::new();
    let mut chunked = false;
    for line in lines {
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-type:") {
            content_type = v.trim().to_string();
        }
        if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        content_type,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&data[..end])
                .split(';')
                .next()
                .unwrap_or("0")
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size + 2..];
    }
    out
}

/// A job spec as Hail's client sends it (batch-api §4.2).
pub fn job_spec(id: i64, command: &str, parents: &[i64]) -> serde_json::Value {
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
    pub fn create_fast(
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

    /// Polls `GET batch` until `complete`, with a deadline.
    pub fn wait_complete(&self, batch_id: i64) -> serde_json::Value {
        self.wait_for(&format!("/api/v1alpha/batches/{batch_id}"), |b| {
            b["complete"] == true
        })
    }

    /// Polls a JSON endpoint until `done` holds, with a deadline.
    pub fn wait_for(
        &self,
        path: &str,
        done: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let value = self.get(path).json();
            if done(&value) {
                return value;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting on {path}: {value}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
