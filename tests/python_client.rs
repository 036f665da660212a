//! Interoperability with Hail's own Python client: `hailctl batch serve --tls`, the environment
//! printed by `hailctl batch serve --python-env`, and `tests/python/interop.py`, which drives the
//! service with `hailtop.batch_client` (dependent jobs, logs, v1 and v2 listings, cancellation).
//!
//! Hail's Python client is found through `HAILCTL_PYTHON` (the `hailctl` of the virtualenv that
//! `scripts/test.sh` installs; its `python` is beside it). When the variable is unset the interop
//! test says it was skipped and passes. To run it locally:
//!
//! ```text
//! bash bench/install-python-hailctl.sh target/python-hailctl
//! HAILCTL_PYTHON=$PWD/target/python-hailctl/bin/hailctl cargo test --test python_client
//! ```

mod util;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use util::Sandbox;

/// How long the whole Python script may take.
const SCRIPT_DEADLINE: Duration = Duration::from_secs(300);

/// The venv's `python`, or `None` (skip) when `HAILCTL_PYTHON` is unset.
fn python() -> Option<PathBuf> {
    let hailctl = match std::env::var_os("HAILCTL_PYTHON") {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => {
            eprintln!(
                "skipped: set HAILCTL_PYTHON to the hailctl of a virtualenv with Hail's Python \
                 client (scripts/test.sh does) to run the interop test"
            );
            return None;
        }
    };
    assert!(
        hailctl.is_file(),
        "HAILCTL_PYTHON={} does not exist",
        hailctl.display()
    );
    let python = hailctl
        .parent()
        .expect("HAILCTL_PYTHON has a directory")
        .join("python");
    assert!(
        python.is_file(),
        "no python beside HAILCTL_PYTHON: {}",
        python.display()
    );
    Some(python)
}

/// Runs `hailctl ARGS` against the sandbox's service state.
fn hailctl(sb: &Sandbox, args: &[&str]) -> util::Run {
    sb.run_with(
        args,
        &[("XDG_STATE_HOME", &sb.state_home().display().to_string())],
    )
}

/// The variables set by the `export NAME=VALUE` lines of `--python-env`.
fn parse_exports(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| line.strip_prefix("export "))
        .map(|assignment| {
            let (name, value) = assignment.split_once('=').expect("NAME=VALUE");
            (name.to_string(), unquote(value))
        })
        .collect()
}

/// Undoes POSIX single quoting (`'...'` pieces and `'\''`).
fn unquote(value: &str) -> String {
    if !value.starts_with('\'') {
        return value.to_string();
    }
    value
        .replace(r"'\''", "\u{0}")
        .replace('\'', "")
        .replace('\u{0}', "'")
}

/// The `user` recorded in the state file.
fn service_user(sb: &Sandbox) -> String {
    let state: serde_json::Value = serde_json::from_slice(
        &std::fs::read(sb.state_home().join("hailctl/server.json")).expect("read server.json"),
    )
    .expect("server.json is JSON");
    state["user"].as_str().expect("user").to_string()
}

/// Runs `command` to completion within `deadline`, with stdout and stderr in `log`; returns its
/// exit status and output.
fn run_with_deadline(mut command: Command, log: &Path, deadline: Duration) -> (bool, String) {
    let out = File::create(log).expect("create log");
    let err = out.try_clone().expect("clone log");
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err))
        .spawn()
        .expect("spawn python");
    let end = Instant::now() + deadline;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if Instant::now() > end {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = std::fs::read_to_string(log).unwrap_or_default();
    match status {
        Some(status) => (status.success(), format!("{status}\n{output}")),
        None => (
            false,
            format!("killed after {}s\n{output}", deadline.as_secs()),
        ),
    }
}

#[test]
fn hail_python_client_drives_the_tls_service() {
    let Some(python) = python() else {
        return;
    };
    let sb = Sandbox::new();
    let service = sb.start_service(&["--tls"]);
    let state_dir = sb.state_home().join("hailctl");
    let status = hailctl(&sb, &["batch", "serve", "--status"]);
    assert!(
        status.ok().contains(&format!("https://{}", service.addr)),
        "{status:#?}"
    );

    let printed = hailctl(&sb, &["batch", "serve", "--python-env"]);
    let exports = parse_exports(printed.ok());
    let names: Vec<&str> = exports.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "HAIL_DEPLOY_CONFIG_FILE",
            "HAIL_TOKENS_FILE",
            "SSL_CERT_FILE",
            "REQUESTS_CA_BUNDLE"
        ],
        "{printed:#?}"
    );
    let deploy: serde_json::Value = serde_json::from_slice(
        &std::fs::read(state_dir.join("deploy-config.json")).expect("deploy config"),
    )
    .expect("JSON");
    assert_eq!(
        deploy,
        serde_json::json!({
            "location": "external",
            "default_namespace": "default",
            "domain": format!("localhost:{}", service.addr.port()),
            "base_path": "/local",
        })
    );
    let tokens = state_dir.join("tokens.json");
    assert_eq!(
        std::fs::read_to_string(&tokens).expect("tokens"),
        format!("{{\"default\": \"{}\"}}", service.token)
    );
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&tokens)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/interop.py");
    let mut command = Command::new(&python);
    command
        .arg(&script)
        .arg(service_user(&sb))
        .env_clear()
        .env("HOME", sb.home())
        .env("XDG_CONFIG_HOME", sb.root().join("xdg"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("PYTHONUNBUFFERED", "1")
        .current_dir(sb.root());
    for (name, value) in &exports {
        command.env(name, value);
    }
    let (ok, output) = run_with_deadline(command, &sb.root().join("interop.log"), SCRIPT_DEADLINE);
    assert!(ok, "tests/python/interop.py failed: {output}");
    assert!(
        output.contains("interop: all checks passed"),
        "tests/python/interop.py did not finish: {output}"
    );
    drop(service);
}

#[test]
fn python_env_requires_a_running_tls_service() {
    let sb = Sandbox::new();
    let none = hailctl(&sb, &["batch", "serve", "--python-env"]);
    assert!(
        none.fails_with(1)
            .contains("No local Batch service is running"),
        "{none:#?}"
    );

    let _service = sb.start_service(&[]);
    let plain = hailctl(&sb, &["batch", "serve", "--python-env"]);
    let message = plain.fails_with(1);
    assert!(
        message.contains("does not serve TLS") && message.contains("hailctl batch serve --tls"),
        "{plain:#?}"
    );
    assert!(!sb.state_home().join("hailctl/tokens.json").exists());
}

#[test]
fn unquote_undoes_shell_quoting() {
    assert_eq!(unquote("/plain/path"), "/plain/path");
    assert_eq!(unquote(r"'/a b'\''c'"), "/a b'c");
}
