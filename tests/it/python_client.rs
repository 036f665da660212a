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
//! HAILCTL_PYTHON=$PWD/target/python-hailctl/bin/hailctl cargo test --test it python_client::
//! ```

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::util::{Sandbox, output_within, python_hailctl};

/// How long the whole Python script may take.
const SCRIPT_DEADLINE: Duration = Duration::from_secs(300);

/// The `python` beside `HAILCTL_PYTHON`'s `hailctl`, or `None` (skip) when it is unset.
fn python(test: &str) -> Option<PathBuf> {
    let hailctl = python_hailctl(test)?;
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

#[test]
fn hail_python_client_drives_the_tls_service() {
    let Some(python) = python("hail_python_client_drives_the_tls_service") else {
        return;
    };
    drive_with_hails_client(&python, &["--tls"]);
}

/// The same with every job in its image (`ubuntu:24.04` from a loopback registry), run by
/// the built-in sandbox: Hail's client and the jobs it creates work unchanged.
#[test]
fn hail_python_client_drives_jobs_in_their_images() {
    let Some(python) = python("hail_python_client_drives_jobs_in_their_images") else {
        return;
    };
    let registry = crate::util::registry::Registry::start();
    registry.push(&["library/ubuntu:24.04"], &[]);
    let mirror = registry.url();
    drive_with_hails_client(
        &python,
        &[
            "--tls",
            "--runtime",
            "builtin",
            "--registry-mirror",
            &mirror,
        ],
    );
}

/// A pipeline written with Hail's `hailtop.batch` (`Batch`, `ServiceBackend`, bash jobs) runs
/// on the local service with every job in its image: the scripts Hail generates run unchanged
/// (tests/python/pipeline.py).
#[test]
fn hailtop_batch_pipelines_run_in_their_images() {
    let Some(python) = python("hailtop_batch_pipelines_run_in_their_images") else {
        return;
    };
    let registry = crate::util::registry::Registry::start();
    registry.push(&["library/ubuntu:24.04"], &[]);
    let mirror = registry.url();
    let sb = Sandbox::new();
    let service = sb.start_service(&[
        "--tls",
        "--runtime",
        "builtin",
        "--registry-mirror",
        &mirror,
    ]);
    let exports = parse_exports(sb.run(&["batch", "serve", "--python-env"]).ok());
    run_python_script(&sb, &python, &exports, "pipeline.py", &["ubuntu:24.04"]);
    drop(service);
}

/// Runs `tests/python/SCRIPT ARGS` with the `--python-env` exports, and checks that it exited 0
/// after printing `<name>: all checks passed`.
fn run_python_script(
    sb: &Sandbox,
    python: &Path,
    exports: &[(String, String)],
    script: &str,
    args: &[&str],
) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/python")
        .join(script);
    let mut full = vec![path.to_str().expect("UTF-8 path")];
    full.extend_from_slice(args);
    let mut command = sb.command_for(python, &full);
    command.env("PYTHONUNBUFFERED", "1");
    for (name, value) in exports {
        command.env(name, value);
    }
    let output = output_within(command, SCRIPT_DEADLINE);
    let printed = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "tests/python/{script} failed ({}): {printed}",
        output.status
    );
    let done = format!("{}: all checks passed", script.trim_end_matches(".py"));
    assert!(
        printed.contains(&done),
        "tests/python/{script} did not finish: {printed}"
    );
}

/// Starts a service with `serve_args`, checks `--python-env`, and runs tests/python/interop.py.
fn drive_with_hails_client(python: &Path, serve_args: &[&str]) {
    let sb = Sandbox::new();
    let service = sb.start_service(serve_args);
    let state_dir = sb.state_home().join("hailctl");
    let status = sb.run(&["batch", "serve", "--status"]);
    assert!(
        status.ok().contains(&format!("https://{}", service.addr)),
        "{status:#?}"
    );

    let printed = sb.run(&["batch", "serve", "--python-env"]);
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

    let user = sb.service_state()["user"]
        .as_str()
        .expect("user")
        .to_string();
    run_python_script(&sb, python, &exports, "interop.py", &[&user]);
    drop(service);
}

/// Issue 14's three behaviours of Hail's own service tests, through Hail's Python client and
/// Python `hailctl auth user` (tests/python/parity14.py).
#[test]
fn hail_python_client_sees_workers_redirects_and_userinfo() {
    let test = "hail_python_client_sees_workers_redirects_and_userinfo";
    let (Some(python), Some(hailctl)) = (python(test), python_hailctl(test)) else {
        return;
    };
    let sb = Sandbox::new();
    let service = sb.start_service(&["--tls", "--runtime", "host"]);
    let exports = parse_exports(sb.run(&["batch", "serve", "--python-env"]).ok());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/parity14.py");
    let user = sb.service_state()["user"]
        .as_str()
        .expect("user")
        .to_string();
    let mut command = sb.command_for(
        &python,
        &[
            script.to_str().expect("UTF-8 path"),
            &user,
            hailctl.to_str().expect("UTF-8 path"),
        ],
    );
    for (name, value) in &exports {
        command.env(name, value);
    }
    let output = output_within(command, SCRIPT_DEADLINE);
    let printed = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        printed.contains("parity14: all checks passed"),
        "tests/python/parity14.py failed ({}): {printed}",
        output.status
    );
    drop(service);
}

#[test]
fn python_env_requires_a_running_tls_service() {
    let sb = Sandbox::new();
    let none = sb.run(&["batch", "serve", "--python-env"]);
    assert!(
        none.fails_with(1)
            .contains("No local Batch service is running"),
        "{none:#?}"
    );

    let _service = sb.start_service(&[]);
    let plain = sb.run(&["batch", "serve", "--python-env"]);
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
