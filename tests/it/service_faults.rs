//! The local service under faults: one service per data directory, restarts that remember how
//! the service was started, clients that follow a restarted service, private service data.

use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::service::submitted_batch_id;
use crate::util::{Sandbox, output_within};

/// `kill -9 PID` (a crash, as far as the service can tell).
fn kill_hard(pid: u64) {
    let status = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -9 {pid}");
}

/// Polls until process `pid` is gone (a killed process is reaped by its parent or init).
fn wait_gone(pid: u64) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // A zombie has ended: only its parent's wait is missing.
        if stat.split_whitespace().nth(2) == Some("Z") {
            return;
        }
        assert!(Instant::now() < deadline, "pid {pid} did not end");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_second_service_on_one_data_dir_refuses_naming_the_holder() {
    let sb = Sandbox::new();
    let first = sb.start_service(&["--runtime", "host"]);
    let data = sb.root().join("service-data").display().to_string();
    // Another state directory, so only the data directory is shared.
    let mut second = sb.command(&["batch", "serve", "--runtime", "host", "--data-dir", &data]);
    second.env("XDG_STATE_HOME", sb.root().join("other-state"));
    let output = output_within(second, Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{data} is in use by another local Batch service (pid {}, at http://{})",
            first.child.id(),
            first.addr
        )),
        "{stderr}"
    );
    // It refused before recording itself anywhere.
    assert!(!sb.root().join("other-state/hailctl/server.json").exists());
    assert_eq!(sb.service_state()["pid"], first.child.id());
    assert_eq!(first.get("/healthcheck").status, 200);
}

#[test]
fn a_command_waits_for_a_starting_service_instead_of_starting_another() {
    let sb = Sandbox::new();
    // A foreground service on the default data directory, and at once a command that needs a
    // service: it must use that one, not race it with a second.
    let mut foreground = sb
        .command(&["batch", "serve", "--runtime", "host"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn serve");
    let listed = sb.run(&["batch", "list", "-o", "json"]);
    let pid = u64::from(foreground.id());
    let state = sb.service_state();
    let alive = foreground.try_wait().expect("try_wait").is_none();
    let _ = foreground.kill();
    let _ = foreground.wait();
    listed.ok();
    assert!(alive, "the foreground service died: {listed:?}");
    assert_eq!(state["pid"].as_u64(), Some(pid), "{state}");
}

#[test]
fn a_crashed_service_comes_back_as_it_was_started() {
    let sb = Sandbox::new();
    let background = sb.serve_start(&["--cores", "1", "--region", "us-east1", "--region", "eu"]);
    background.started.ok();
    let before = sb.service_state();
    let submitted = sb.run(&["batch", "submit", "--", "sleep", "2"]);
    let batch_id = submitted_batch_id(&submitted);
    let pid = before["pid"].as_u64().expect("pid");
    kill_hard(pid);
    wait_gone(pid);
    // The next command starts the same service: same data directory (the batch is there),
    // same regions, same port (free again).
    let listed = sb.run(&["batch", "list", "-o", "json"]);
    let batches: serde_json::Value = serde_json::from_str(listed.ok()).expect("json");
    assert_eq!(batches[0]["id"], batch_id, "{batches}");
    let after = sb.service_state();
    assert_ne!(after["pid"], before["pid"]);
    assert_eq!(after["data_dir"], background.data_dir.as_str());
    assert_eq!(after["addr"], before["addr"]);
    assert_eq!(after["serve_args"], before["serve_args"]);
    let regions = sb.run(&["batch", "regions", "-o", "json"]);
    let regions: serde_json::Value = serde_json::from_str(regions.ok()).expect("json");
    assert_eq!(regions["default_region"], "us-east1", "{regions}");
    assert_eq!(
        regions["supported_regions"],
        serde_json::json!(["us-east1", "eu"]),
        "{regions}"
    );
    // The interrupted job runs again and the batch finishes.
    let waited = sb.run(&["batch", "wait", &batch_id.to_string(), "-o", "json"]);
    assert!(waited.ok().contains("\"success\""), "{waited:?}");
}

#[test]
fn wait_follows_a_restarted_service() {
    let sb = Sandbox::new();
    let background = sb.serve_start(&[]);
    background.started.ok();
    let submitted = sb.run(&["batch", "submit", "--", "sleep", "3"]);
    let batch_id = submitted_batch_id(&submitted).to_string();
    let pid = sb.service_state()["pid"].as_u64().expect("pid");
    // A bounded retry deadline: without following the service, wait would fail after it.
    let mut waiting = sb.command(&["batch", "wait", &batch_id, "-o", "json"]);
    waiting.env("HAILCTL_RETRY_DEADLINE_SECONDS", "40");
    let waiter = std::thread::spawn(move || output_within(waiting, Duration::from_secs(90)));
    // Let wait reach the service once before it dies.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !sb.root().join("bg-data/logs").exists() {
        assert!(Instant::now() < deadline, "the job did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    kill_hard(pid);
    let output = waiter.join().expect("waiter");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("\"success\""), "{stdout}");
    assert_ne!(sb.service_state()["pid"].as_u64(), Some(pid));
}

#[test]
fn service_data_is_private() {
    let sb = Sandbox::new();
    let data = sb.root().join("service-data");
    std::fs::create_dir_all(&data).expect("mkdir");
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let service = sb.start_service(&["--runtime", "host"]);
    let batch_id = service.create_fast(
        "t1",
        serde_json::json!({}),
        vec![crate::util::service::job_spec(1, "echo secret", &[])],
    );
    service.wait_complete(batch_id);
    let mode = |path: &std::path::Path| {
        std::fs::metadata(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode(&data), 0o700);
    for name in ["batch.sqlite", "batch.sqlite-wal", "service.lock"] {
        assert_eq!(mode(&data.join(name)), 0o600, "{name}");
    }
}

/// Writes a spec of `n` jobs running `true` (a sweep) and returns its path.
fn big_spec(sb: &Sandbox, n: usize) -> String {
    let mut text =
        String::from("jobs:\n  - name: \"job-{i}\"\n    sweep:\n      values:\n        i: [");
    text.push_str(
        &(1..=n)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    );
    text.push_str("]\n    command: [\"true\"]\n");
    let path = sb.root().join(format!("big-{n}.yaml"));
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

#[test]
fn submit_again_with_the_token_of_a_committed_large_batch_returns_it() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    let spec = big_spec(&sb, 1100);
    let args = ["batch", "submit", "--token", "nightly-1", "--file", &spec];
    let first = submitted_batch_id(&sb.run(&args));
    let again = sb.run(&args);
    assert_eq!(submitted_batch_id(&again), first, "{again:?}");
    let batch = service.wait_complete(first);
    assert_eq!(batch["n_jobs"], 1100, "{batch}");
}

#[test]
fn an_interrupted_submit_leaves_no_batch_that_looks_successful() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host", "--cores", "1"]);
    let spec = big_spec(&sb, 40_000);
    let mut submit = sb
        .command(&["batch", "submit", "--file", &spec])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn submit");
    // Interrupt it once the batch exists, while its jobs are being sent.
    let deadline = Instant::now() + Duration::from_secs(60);
    while service.get("/api/v1alpha/batches/1").status != 200 {
        assert!(Instant::now() < deadline, "the batch was not created");
        std::thread::sleep(Duration::from_millis(5));
    }
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &submit.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(interrupted.success());
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut submit.stderr.take().expect("stderr"), &mut stderr)
        .expect("read stderr");
    let status = submit.wait().expect("wait submit");
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "batch 1 was created but its jobs could not all be submitted; it was cancelled"
        ),
        "{stderr}"
    );
    let batch = service.get("/api/v1alpha/batches/1").json();
    assert_eq!(batch["state"], "cancelled", "{batch}");
}

/// The peak resident memory of process `pid`, in bytes (`VmHWM`).
fn peak_rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
        .expect("VmHWM")
        * 1024
}

#[test]
fn log_downloads_are_streamed_not_read_whole() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    // A 64 MiB log.
    let batch_id = service.create_fast(
        "big-log",
        serde_json::json!({}),
        vec![crate::util::service::job_spec(
            1,
            "head -c 67108864 /dev/zero | tr '\\0' 'x'",
            &[],
        )],
    );
    assert_eq!(service.wait_complete(batch_id)["state"], "success");
    let before = peak_rss(service.child.id());
    let path = format!("/api/v1alpha/batches/{batch_id}/jobs/1/log/main");
    let downloads: Vec<_> = (0..3)
        .map(|_| {
            let client = service.client();
            let path = path.clone();
            std::thread::spawn(move || client.get(&path))
        })
        .collect();
    for download in downloads {
        let answer = download.join().expect("download");
        assert_eq!(answer.status, 200);
        assert_eq!(answer.body.len(), 64 << 20);
    }
    let after = peak_rss(service.child.id());
    assert!(
        after < before + (32 << 20),
        "three downloads of a 64 MiB log raised the service's peak memory from {} to {} MiB",
        before >> 20,
        after >> 20
    );
}

#[test]
fn a_log_beyond_the_cap_is_cut_and_says_so() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host", "--max-log-mib", "1"]);
    // About 3.4 MB of output.
    let batch_id = service.create_fast(
        "long-log",
        serde_json::json!({}),
        vec![crate::util::service::job_spec(1, "seq 1 500000", &[])],
    );
    assert_eq!(service.wait_complete(batch_id)["state"], "success");
    let log = service
        .get(&format!("/api/v1alpha/batches/{batch_id}/jobs/1/log/main"))
        .text();
    assert!(log.starts_with("1\n2\n3\n"), "{}", &log[..20]);
    assert!(log.ends_with("499999\n500000\n"));
    assert!(
        log.contains("[hailctl: this log was cut to its first and last 524288 bytes"),
        "no notice"
    );
    assert!(log.len() < (1 << 20) + 300, "{} bytes", log.len());
}

/// A job that writes far beyond the cap while it runs: the middle of its log is given back to
/// the file system as it writes (the disk never holds much more than the cap), and a download
/// while it runs gets the kept parts and the notice, never the released bytes.
#[test]
fn a_running_log_beyond_the_cap_never_fills_the_disk() {
    use std::os::unix::fs::MetadataExt as _;
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host", "--max-log-mib", "1"]);
    let go = sb.root().join("go");
    // 40 MiB of output, then the job waits for the test.
    let command = format!(
        "head -c 41943040 /dev/zero | tr '\\0' x; echo; echo end; \
         while [ ! -e {} ]; do sleep 0.05; done",
        go.display()
    );
    let batch_id = service.create_fast(
        "growing-log",
        serde_json::json!({}),
        vec![crate::util::service::job_spec(1, &command, &[])],
    );
    let logs = sb.root().join("service-data/logs");
    let find_log = || -> Option<std::path::PathBuf> {
        let mut dirs = vec![logs.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).ok()?.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.file_name().is_some_and(|n| n == "main.log") {
                    return Some(path);
                }
            }
        }
        None
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    let log_file = loop {
        if let Some(path) = find_log()
            && std::fs::read(&path).is_ok_and(|b| b.ends_with(b"end\n"))
        {
            break path;
        }
        assert!(Instant::now() < deadline, "the job did not write its log");
        std::thread::sleep(Duration::from_millis(50));
    };
    let on_disk = || {
        std::fs::metadata(&log_file)
            .map(|m| m.blocks() * 512)
            .unwrap_or(u64::MAX)
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while on_disk() > 2 << 20 {
        assert!(
            Instant::now() < deadline,
            "the running job's 40 MiB log still takes {} bytes on disk",
            on_disk()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let running = service
        .get(&format!("/api/v1alpha/batches/{batch_id}/jobs/1/log/main"))
        .text();
    assert!(!running.contains('\0'), "released bytes were served");
    assert!(running.starts_with("xxxx") && running.ends_with("x\nend\n"));
    assert!(
        running.contains("bytes in between were left out]"),
        "no notice"
    );
    assert!(running.len() < (1 << 20) + 300, "{} bytes", running.len());
    std::fs::write(&go, "").expect("go");
    assert_eq!(service.wait_complete(batch_id)["state"], "success");
    let done = service
        .get(&format!("/api/v1alpha/batches/{batch_id}/jobs/1/log/main"))
        .text();
    assert!(
        done == running,
        "the final cut ({} bytes) differs from what was served while running ({} bytes)",
        done.len(),
        running.len()
    );
}

#[test]
fn a_service_on_the_port_of_a_dead_one_is_not_mistaken_for_it() {
    let sb = Sandbox::new();
    let background = sb.serve_start(&[]);
    background.started.ok();
    let before = sb.service_state();
    let pid = before["pid"].as_u64().expect("pid");
    kill_hard(pid);
    wait_gone(pid);
    // Another service (another user's state and data) takes the port.
    let addr = before["addr"].as_str().expect("addr");
    let other_data = sb.root().join("other-data").display().to_string();
    let mut other = sb
        .command(&[
            "batch",
            "serve",
            "--runtime",
            "host",
            "--addr",
            addr,
            "--data-dir",
            &other_data,
        ])
        .env("XDG_STATE_HOME", sb.root().join("other-state"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the other service");
    let other_state = sb.root().join("other-state/hailctl/server.json");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !other_state.exists() {
        assert!(Instant::now() < deadline, "the other service did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Our commands restart our service rather than send our token to that one.
    let listed = sb.run(&["batch", "list", "-o", "json"]);
    let _ = other.kill();
    let _ = other.wait();
    listed.ok();
    let after = sb.service_state();
    assert_ne!(after["addr"], before["addr"]);
    assert_eq!(after["data_dir"], background.data_dir.as_str());
}
