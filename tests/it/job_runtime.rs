//! Jobs in their container images: pulled from a real registry on loopback (through the
//! Docker Hub mirror setting, as an air-gapped site would), run on a fresh overlay of the
//! image's root, isolated from the host; memory limits; pull failures; the cache; a killed
//! service; the host runtime's guarantees. Driven through the binary.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::util::Sandbox;
use crate::util::registry::Registry;
use crate::util::service::{Service, submitted_batch_id};

/// A job that asks for `lowmem` on a quarter core (231 MiB) and allocates 600 MiB.
const OVER_MEMORY_JOB: &[&str] = &[
    "--image",
    "ubuntu:24.04",
    "--cpu",
    "0.25",
    "--memory",
    "lowmem",
    "--",
    "dd",
    "if=/dev/zero",
    "of=/dev/null",
    "bs=600M",
    "count=1",
];

const OS_RELEASE: &str = "PRETTY_NAME=\"Ubuntu 24.04 LTS (hailctl test image)\"";

/// A registry with the test image as Docker Hub's `ubuntu:24.04`, and a service pulling
/// through it with the built-in sandbox.
fn image_service(sb: &Sandbox, extra: &[&str]) -> (Registry, Service) {
    image_service_with(sb, "builtin", extra)
}

fn image_service_with(sb: &Sandbox, runtime: &str, extra: &[&str]) -> (Registry, Service) {
    let registry = Registry::start();
    registry.push(&["library/ubuntu:24.04"], &["--os-release", OS_RELEASE]);
    let mirror = registry.url();
    let mut args = vec!["--runtime", runtime, "--registry-mirror", &mirror];
    args.extend_from_slice(extra);
    let service = sb.start_service(&args);
    (registry, service)
}

fn submit(sb: &Sandbox, args: &[&str]) -> (i64, crate::util::Run) {
    let mut full = vec!["batch", "submit", "--wait"];
    full.extend_from_slice(args);
    let run = sb.run(&full);
    (submitted_batch_id(&run), run)
}

fn main_log(sb: &Sandbox, batch: i64, job: i64) -> String {
    sb.run(&[
        "batch",
        "log",
        &batch.to_string(),
        &job.to_string(),
        "--container",
        "main",
    ])
    .stdout
}

fn job(sb: &Sandbox, batch: i64, job: i64) -> serde_json::Value {
    let out = sb.run(&[
        "batch",
        "job",
        &batch.to_string(),
        &job.to_string(),
        "-o",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(out.ok()).expect("job JSON");
    value.get(0).cloned().unwrap_or(value)
}

#[test]
fn jobs_see_their_image_not_the_host() {
    jobs_see_their_image_not_the_host_with("builtin");
}

#[test]
fn jobs_see_their_image_not_the_host_with_bubblewrap() {
    jobs_see_their_image_not_the_host_with("bubblewrap");
}

fn jobs_see_their_image_not_the_host_with(runtime: &str) {
    let sb = Sandbox::new();
    let (_registry, _service) = image_service_with(&sb, runtime, &[]);
    let (id, run) = submit(
        &sb,
        &[
            "--image",
            "ubuntu:24.04",
            "--",
            "bash",
            "-c",
            "cat /etc/os-release; test -e /etc/debian_version && echo host-visible; \
             command -v python3 || echo no-python; echo cwd=$(pwd) home=$HOME; id -u; \
             grep -E '^Cap(Eff|Bnd)' /proc/self/status; echo seen-hailctl=$(cat /proc/[0-9]*/comm | grep -c hailctl); \
             ls /dev",
        ],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    let log = main_log(&sb, id, 1);
    assert!(
        log.contains(OS_RELEASE),
        "the image's /etc/os-release: {log}"
    );
    assert!(!log.contains("host-visible"), "{log}");
    assert!(
        log.contains("no-python"),
        "the host's python3 is visible: {log}"
    );
    assert!(log.contains("cwd=/ home=/root"), "{log}");
    // Root in its image, without a capability; alone in its PID namespace; Docker's /dev.
    assert!(log.contains("CapEff:\t0000000000000000"), "{log}");
    assert!(log.contains("CapBnd:\t0000000000000000"), "{log}");
    assert!(
        log.contains("seen-hailctl=0"),
        "the job sees the service: {log}"
    );
    for device in ["null", "zero", "urandom", "shm"] {
        assert!(log.lines().any(|l| l == device), "/dev/{device}: {log}");
    }
    let status = &job(&sb, id, 1)["status"];
    assert_eq!(status["sandbox"], runtime);
    assert_eq!(status["enforced"]["isolated"], true);
    let main = &status["container_statuses"]["main"];
    assert!(main["timing"]["pulling"]["duration"].is_number(), "{main}");
    assert!(
        main["image_digest"]
            .as_str()
            .is_some_and(|d| d.starts_with("sha256:"))
    );
}

#[test]
fn the_root_is_writable_and_fresh_for_every_attempt_and_volumes_go_anywhere() {
    let sb = Sandbox::new();
    let (_registry, _service) = image_service(&sb, &[]);
    // Deleting the image's files and making directories where they were (an opaque directory
    // in the overlay) works too.
    let script = "test -e /etc/marker && echo stale; echo x > /etc/marker && mkdir -p /data/x \
                  && rm /etc/os-release && mkdir /etc/os-release && rm -r /home \
                  && mkdir /home && echo wrote";
    for _ in 0..2 {
        let (id, run) = submit(
            &sb,
            &["--image", "ubuntu:24.04", "--", "bash", "-c", script],
        );
        assert_eq!(run.code, 0, "{run:#?}");
        let log = main_log(&sb, id, 1);
        assert!(log.contains("wrote") && !log.contains("stale"), "{log}");
    }
    // `-v SRC:/anywhere/...`, valid on Hail Batch: the generated script copies into /data.
    std::fs::write(sb.root().join("data.txt"), "payload\n").expect("write");
    let (id, run) = submit(
        &sb,
        &[
            "--image",
            "ubuntu:24.04",
            "-v",
            "data.txt:/data/data.txt",
            "--",
            "cat",
            "/data/data.txt",
        ],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(main_log(&sb, id, 1).contains("payload"));
}

#[test]
fn the_service_token_data_and_host_files_are_invisible_to_jobs() {
    let sb = Sandbox::new();
    let (_registry, service) = image_service(&sb, &[]);
    let state_file = sb.state_home().join("hailctl/server.json");
    let database = sb.root().join("service-data/batch.sqlite");
    assert!(state_file.exists() && database.exists());
    let script = format!(
        "cat {} {} 2>&1; ls {} 2>&1; echo done",
        state_file.display(),
        database.display(),
        sb.root().display()
    );
    let (id, run) = submit(
        &sb,
        &["--image", "ubuntu:24.04", "--", "bash", "-c", &script],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    let log = main_log(&sb, id, 1);
    assert!(log.contains("done"), "{log}");
    assert!(
        !log.contains(&service.token),
        "the job read the service's token: {log}"
    );
    assert!(!log.contains("SQLite"), "the job read the database: {log}");
    assert_eq!(log.matches("No such file or directory").count(), 3, "{log}");
}

/// An image planted with links to host paths where the sandbox mounts (`/dev`, `/proc`, `/io`,
/// `/etc/resolv.conf`, `/etc/hosts`): nothing is created or mounted on the host, the job
/// still gets its `/io`, and from inside it cannot mount, see the service, or hold a host
/// file descriptor.
#[test]
fn a_hostile_image_cannot_make_the_sandbox_touch_the_host() {
    let sb = Sandbox::new();
    let host = sb.root().join("host-target");
    let registry = Registry::start();
    let links: Vec<String> = ["dev", "proc", "io", "etc/resolv.conf", "etc/hosts"]
        .iter()
        .map(|path| format!("{path}={}/{}", host.display(), path.replace('/', "-")))
        .collect();
    let mut args: Vec<&str> = Vec::new();
    for link in &links {
        args.extend(["--symlink", link.as_str()]);
    }
    registry.push(&["hostile/image:1"], &args);
    let image = format!(
        "{}/hostile/image:1",
        registry.url().trim_start_matches("http://")
    );
    let _service = sb.start_service(&["--runtime", "builtin"]);
    let script = "echo ok > /io/probe && cat /io/probe; ls /proc/self/fd | wc -l | sed 's/^/fds=/'; \
                  mount -t tmpfs none /tmp 2>/dev/null && echo mounted; \
                  echo seen-hailctl=$(cat /proc/[0-9]*/comm | grep -c hailctl); \
                  test -c /dev/null && echo dev-null";
    let (id, run) = submit(&sb, &["--image", &image, "--", "bash", "-c", script]);
    let log = main_log(&sb, id, 1);
    assert_eq!(run.code, 0, "{run:#?}\n{log}\n{}", job(&sb, id, 1));
    assert!(log.contains("ok\n"), "{log}");
    assert!(log.contains("dev-null"), "{log}");
    assert!(!log.contains("mounted"), "the job could mount: {log}");
    assert!(log.contains("seen-hailctl=0"), "{log}");
    // 0, 1, 2 and the directory `ls` reads: nothing inherited from the service or shim.
    assert!(log.contains("fds=4"), "{log}");
    assert!(
        !host.exists(),
        "the sandbox created {} on the host",
        host.display()
    );
}

#[test]
fn memory_over_the_request_ends_out_of_memory_where_cgroups_allow() {
    let sb = Sandbox::new();
    let (_registry, _service) = image_service(&sb, &[]);
    let (id, run) = submit(&sb, OVER_MEMORY_JOB);
    let job = job(&sb, id, 1);
    let enforced = &job["status"]["enforced"];
    if enforced["memory_limit_bytes"].is_null() {
        println!(
            "skipped the out-of-memory check: this machine's cgroups cannot be used (see {})",
            sb.state_home().join("hailctl/server.log").display()
        );
        return;
    }
    assert_eq!(run.code, 3, "{run:#?}");
    assert_eq!(job["state"], "Failed");
    assert_eq!(job["exit_code"], 137);
    let main = &job["status"]["container_statuses"]["main"];
    assert_eq!(main["container_status"]["out_of_memory"], true, "{main}");
    assert_eq!(main["short_error"], "out of memory");
    assert!(enforced["memory_limit_bytes"].as_u64().unwrap_or(u64::MAX) < 300 << 20);
}

#[test]
fn a_missing_image_or_registry_errors_promptly_naming_the_image() {
    let sb = Sandbox::new();
    let (_registry, _service) = image_service(&sb, &[]);
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let unreachable = format!("127.0.0.1:{closed}/nothing:1");
    let started = Instant::now();
    for (image, short) in [
        ("127.0.0.1:1/x:1", "image cannot be pulled"),
        (unreachable.as_str(), "image cannot be pulled"),
        ("UPPER/case", "image repository is invalid"),
    ] {
        let (id, run) = submit(&sb, &["--image", image, "--", "true"]);
        assert_eq!(run.code, 3, "{image}: {run:#?}");
        let job = job(&sb, id, 1);
        assert_eq!(job["state"], "Error", "{image}");
        assert_eq!(job["exit_code"], serde_json::Value::Null);
        let main = &job["status"]["container_statuses"]["main"];
        assert_eq!(main["short_error"], short, "{image}: {main}");
        assert!(
            main["error"].as_str().is_some_and(|e| e.contains(image)),
            "{main}"
        );
    }
    // A name the registry does not have: found missing on the mirror (Docker Hub itself is
    // unreachable here).
    let (id, _) = submit(&sb, &["--image", "no-such-image:1", "--", "true"]);
    assert_eq!(
        job(&sb, id, 1)["status"]["container_statuses"]["main"]["short_error"],
        "image not found"
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn fifty_concurrent_jobs_pull_a_shared_image_once() {
    let sb = Sandbox::new();
    let (registry, _service) = image_service(&sb, &["--cores", "8"]);
    let mut spec = String::from("defaults:\n  image: ubuntu:24.04\njobs:\n");
    for i in 0..50 {
        spec.push_str(&format!(
            "  - name: j{i}\n    command: [cat, /etc/os-release]\n    cpu: 0.25\n"
        ));
    }
    std::fs::write(sb.root().join("many.yaml"), spec).expect("write spec");
    let (id, run) = submit(&sb, &["--file", "many.yaml"]);
    assert_eq!(run.code, 0, "{run:#?}");
    // The config and the layer, once each; one manifest request (cached afterwards).
    assert_eq!(registry.gets("/v2/library/ubuntu/blobs/"), 2);
    assert_eq!(registry.gets("/v2/library/ubuntu/manifests/"), 1);
    assert!(main_log(&sb, id, 50).contains(OS_RELEASE));
    let cached = sb.run(&[
        "batch",
        "serve",
        "--images",
        "--data-dir",
        &sb.root().join("service-data").display().to_string(),
    ]);
    assert!(
        cached.ok().contains("docker.io/library/ubuntu:24.04"),
        "{cached:#?}"
    );
}

/// Host pids of the job's own `sleep TOKEN` process (whatever runtime started it).
fn sleeping(token: &str) -> Vec<i32> {
    let wanted = format!("sleep\0{token}\0");
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| c == wanted.as_bytes())
        })
        .collect()
}

fn wait_until(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// kill -9 of the service during a job: the job's processes die with it (no orphan), and the
/// restarted service runs the job again, once.
fn killed_service_neither_orphans_nor_double_runs(
    runtime_args: &[&str],
    registry: Option<&Registry>,
) {
    let sb = Sandbox::new();
    let mirror = registry.map(Registry::url);
    let mut args: Vec<&str> = runtime_args.to_vec();
    if let Some(m) = &mirror {
        args.extend(["--registry-mirror", m.as_str()]);
    }
    let mut service = sb.start_service(&args);
    let token = format!("{}", 700_000 + rand_suffix());
    let image = if registry.is_some() {
        "ubuntu:24.04"
    } else {
        "none"
    };
    let submitted = sb.run(&["batch", "submit", "--image", image, "--", "sleep", &token]);
    let id = submitted_batch_id(&submitted);
    wait_until("the job runs", || !sleeping(&token).is_empty());
    let _ = service.kill_hard();
    wait_until("the job's processes died with the service", || {
        let left = sleeping(&token);
        left.is_empty()
    });
    let _restarted = sb.start_service(&args);
    wait_until("the job runs again", || !sleeping(&token).is_empty());
    assert_eq!(sleeping(&token).len(), 1);
    sb.run(&["batch", "cancel", &id.to_string()]).ok();
    wait_until("the cancelled job stops", || sleeping(&token).is_empty());
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() as u64 % 200_000)
}

#[test]
fn kill_9_of_the_service_with_the_builtin_sandbox() {
    let registry = Registry::start();
    registry.push(&["library/ubuntu:24.04"], &[]);
    killed_service_neither_orphans_nor_double_runs(&["--runtime", "builtin"], Some(&registry));
}

#[test]
fn kill_9_of_the_service_with_bubblewrap() {
    let registry = Registry::start();
    registry.push(&["library/ubuntu:24.04"], &[]);
    killed_service_neither_orphans_nor_double_runs(&["--runtime", "bubblewrap"], Some(&registry));
}

#[test]
fn kill_9_of_the_service_with_the_host_runtime() {
    killed_service_neither_orphans_nor_double_runs(&["--runtime", "host"], None);
}

#[test]
fn the_host_runtime_runs_hails_script_without_touching_the_hosts_io() {
    let sb = Sandbox::new();
    let _service = sb.start_service(&["--runtime", "host"]);
    let io_existed = Path::new("/io").exists();
    let (id, run) = submit(
        &sb,
        &[
            "--",
            "bash",
            "-c",
            "echo hi > $BATCH_TMPDIR/f && cat $BATCH_TMPDIR/f",
        ],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(main_log(&sb, id, 1).contains("hi"));
    assert_eq!(
        Path::new("/io").exists(),
        io_existed,
        "the job created the host's /io"
    );
    let status = &job(&sb, id, 1)["status"];
    assert_eq!(status["sandbox"], "host");
    assert_eq!(status["enforced"]["isolated"], false);
    let summary = sb.run(&["batch", "status", &id.to_string()]);
    assert!(
        summary
            .ok()
            .contains("runtime: host (jobs run on this machine's software, NOT isolated"),
        "{summary:#?}"
    );
}

#[test]
fn an_unprivileged_user_runs_image_jobs() {
    if !nix_is_root() {
        println!("this test runs as an unprivileged user already: the other tests cover it");
        return;
    }
    let Some(setpriv) = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|p| Path::new(p).exists())
    else {
        println!("skipped: setpriv (util-linux) is missing");
        return;
    };
    let registry = Registry::start();
    registry.push(&["library/ubuntu:24.04"], &["--os-release", OS_RELEASE]);
    let (_base, home) = home_owned_by("65534:65534");
    let binary = env!("CARGO_BIN_EXE_hailctl");
    let output = std::process::Command::new(setpriv)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .args([
            binary,
            "batch",
            "submit",
            "--wait",
            "--image",
            "ubuntu:24.04",
            "--",
            "cat",
            "/etc/os-release",
        ])
        .env_clear()
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HAILCTL_RUNTIME", "builtin")
        .env("HAILCTL_REGISTRY_MIRRORS", registry.url())
        .current_dir(&home)
        .output()
        .expect("run as nobody");
    let stop = || {
        let _ = std::process::Command::new(setpriv)
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .args([binary, "batch", "serve", "--stop"])
            .env_clear()
            .env("HOME", &home)
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_DATA_HOME", home.join("data"))
            .output();
    };
    stop();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let log = std::fs::read_to_string(home.join("state/hailctl/server.log")).unwrap_or_default();
    assert!(output.status.success(), "{stderr}\n{log}");
    assert!(
        log.contains("isolated by hailctl's built-in sandbox"),
        "{log}"
    );
}

/// A home directory that `owner` (chown's `USER:GROUP`) owns, reachable through directories
/// it may traverse; removed with the returned directory.
fn home_owned_by(owner: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let base = tempfile::tempdir_in("/var/tmp").expect("tempdir");
    let home = base.path().join("home");
    std::fs::create_dir_all(&home).expect("mkdir");
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let chown = std::process::Command::new("chown")
        .args(["-R", owner])
        .arg(&home)
        .status()
        .expect("chown");
    assert!(chown.success());
    (base, home)
}

fn nix_is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|e| e == "0"))
        })
        .unwrap_or(false)
}

/// Whether Podman can run containers here; prints why not (the engine tests are skipped then:
/// CI machines have no container engine).
fn podman_usable() -> bool {
    let works = std::process::Command::new("podman")
        .args(["info", "--format", "{{.Host.OS}}"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !works {
        println!("skipped: podman is not installed or cannot run containers here");
    }
    works
}

/// Rootless Podman: the service runs as an unprivileged user with subordinate ids (as
/// `useradd` gives every new user) and Podman runs its jobs. Where rootless Podman cannot limit
/// resources (cgroup v1), the status says nothing was enforced and the jobs' logs carry no
/// warning about ignored flags.
#[test]
fn rootless_podman_runs_an_unprivileged_users_jobs() {
    if !nix_is_root() || !podman_usable() {
        return;
    }
    let Some(user) = std::fs::read_to_string("/etc/subuid")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.split(':').next().filter(|u| !u.is_empty()))
                .map(str::to_string)
        })
    else {
        println!("skipped: no user has subordinate ids in /etc/subuid");
        return;
    };
    let registry = Registry::start();
    registry.push(&["library/ubuntu:24.04"], &["--os-release", OS_RELEASE]);
    let (_base, home) = home_owned_by(&format!("{user}:"));
    let binary = env!("CARGO_BIN_EXE_hailctl");
    let script = format!(
        "export HOME={home} XDG_CONFIG_HOME={home}/config XDG_STATE_HOME={home}/state \
         XDG_DATA_HOME={home}/data HAILCTL_RUNTIME=podman HAILCTL_REGISTRY_MIRRORS={mirror}; \
         cd \"$HOME\"; {binary} batch submit --logs --memory 100Mi --image ubuntu:24.04 -- \
         cat /etc/os-release; {binary} batch job 1 1 -o json; code=$?; \
         {binary} batch serve --stop >/dev/null; exit $code",
        home = home.display(),
        mirror = registry.url(),
    );
    let output = std::process::Command::new("runuser")
        .args(["-u", &user, "--", "/bin/sh", "-c", &script])
        .output()
        .expect("runuser");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let log = std::fs::read_to_string(home.join("state/hailctl/server.log")).unwrap_or_default();
    let failure = || {
        format!(
            "{stdout}\n{}\n{log}",
            String::from_utf8_lossy(&output.stderr)
        )
    };
    assert!(output.status.success(), "{}", failure());
    // The user's Podman may hold this name from an earlier registry: any test image will do.
    assert!(stdout.contains("hailctl test image"), "{}", failure());
    assert!(
        !stdout.contains("not supported and ignored"),
        "{}",
        failure()
    );
    let json = stdout
        .find("\n{")
        .or_else(|| stdout.find("\n["))
        .map(|at| &stdout[at + 1..])
        .expect("the job's JSON");
    let job: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let job = job.get(0).cloned().unwrap_or(job);
    let enforced = &job["status"]["enforced"];
    assert_eq!(job["status"]["sandbox"], "podman", "{job}");
    assert_eq!(enforced["isolated"], true);
    if log.contains("requests are not enforced") {
        assert!(enforced["memory_limit_bytes"].is_null(), "{job}");
    } else {
        assert!(enforced["memory_limit_bytes"].is_number(), "{job}");
    }
}

#[test]
fn podman_runs_jobs_in_their_images_with_hails_limits() {
    if !podman_usable() {
        return;
    }
    let sb = Sandbox::new();
    let registry = Registry::start();
    registry.push(&["library/ubuntu:24.04"], &["--os-release", OS_RELEASE]);
    let mirror = registry.url();
    let _service = sb.start_service(&["--runtime", "podman", "--registry-mirror", &mirror]);
    let (id, run) = submit(
        &sb,
        &[
            "--image",
            "ubuntu:24.04",
            "--",
            "bash",
            "-c",
            "cat /etc/os-release; echo job=$HAIL_JOB_ID",
        ],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    let log = main_log(&sb, id, 1);
    assert!(log.contains(OS_RELEASE) && log.contains("job=1"), "{log}");
    assert_eq!(job(&sb, id, 1)["status"]["sandbox"], "podman");
    let (id, _) = submit(&sb, OVER_MEMORY_JOB);
    let job = job(&sb, id, 1);
    assert_eq!(job["exit_code"], 137, "{job}");
    assert_eq!(
        job["status"]["container_statuses"]["main"]["short_error"],
        "out of memory"
    );
}

#[test]
fn kill_9_of_the_service_with_podman() {
    if !podman_usable() {
        return;
    }
    let registry = Registry::start();
    registry.push(&["library/ubuntu:24.04"], &[]);
    killed_service_neither_orphans_nor_double_runs(&["--runtime", "podman"], Some(&registry));
}

#[test]
fn a_cached_image_runs_when_its_registry_is_gone() {
    let sb = Sandbox::new();
    let (registry, service) = image_service(&sb, &[]);
    let mirror = registry.url();
    let (_, run) = submit(&sb, &["--image", "ubuntu:24.04", "--", "true"]);
    assert_eq!(run.code, 0, "{run:#?}");
    drop(service);
    drop(registry);
    // A new service (nothing in memory) with the registry gone: the cache answers.
    let _service = sb.start_service(&["--runtime", "builtin", "--registry-mirror", &mirror]);
    let (id, run) = submit(
        &sb,
        &["--image", "ubuntu:24.04", "--", "cat", "/etc/os-release"],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(main_log(&sb, id, 1).contains(OS_RELEASE));
}

#[test]
fn auto_without_isolation_says_so_once_on_the_terminal() {
    let sb = Sandbox::new();
    // No bwrap, podman or docker on this PATH, and no user namespace can be created (the
    // command runs in a user namespace whose limit of nested ones is 0).
    let empty = sb.root().join("empty-path");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let env = [
        ("PATH", empty.to_str().expect("UTF-8")),
        ("HAILCTL_RUNTIME", "auto"),
    ];
    let without_namespaces = |args: &[&str]| {
        let inner = sb.command(args);
        let mut cmd = std::process::Command::new("/usr/bin/unshare");
        cmd.args(["--user", "--map-root-user", "--", "/bin/sh", "-c"])
            .arg("echo 0 > /proc/sys/user/max_user_namespaces && exec \"$0\" \"$@\"")
            .arg(inner.get_program())
            .args(inner.get_args());
        for (key, value) in inner.get_envs() {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            };
        }
        for (key, value) in env {
            cmd.env(key, value);
        }
        if let Some(dir) = inner.get_current_dir() {
            cmd.current_dir(dir);
        }
        crate::util::Run::from_output(cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}")))
    };
    let first = without_namespaces(&["batch", "list"]);
    assert_eq!(first.code, 0, "{first:#?}");
    assert!(
        first.stderr.contains("NOT isolated") && first.stderr.contains("docs/local-service.md"),
        "{first:#?}"
    );
    let second = without_namespaces(&["batch", "list"]);
    assert!(
        !second.stderr.contains("NOT isolated"),
        "said again: {second:#?}"
    );
    let log =
        std::fs::read_to_string(sb.state_home().join("hailctl/server.log")).unwrap_or_default();
    assert!(log.contains("namespace"), "the reason: {log}");
    sb.run_with(&["batch", "serve", "--stop"], &env);
}

#[test]
fn resource_usage_reports_the_main_containers_memory_and_cpu() {
    let sb = Sandbox::new();
    let (_registry, service) = image_service(&sb, &[]);
    let (id, run) = submit(
        &sb,
        &[
            "--image",
            "ubuntu:24.04",
            "--",
            "bash",
            "-c",
            "dd if=/dev/zero of=/dev/null bs=64M count=4",
        ],
    );
    assert_eq!(run.code, 0, "{run:#?}");
    let usage = service
        .get(&format!("/api/v1alpha/batches/{id}/jobs/1/resource_usage"))
        .json();
    if job(&sb, id, 1)["status"]["enforced"]["memory_limit_bytes"].is_null() {
        println!("skipped: no cgroups here, so no resource usage: {usage}");
        return;
    }
    let main = &usage["main"];
    assert_eq!(main["columns"][0], "time_msecs", "{usage}");
    assert_eq!(main["columns"][1], "memory_in_bytes", "{usage}");
    let rows = main["data"].as_array().expect("rows");
    assert!(
        rows.len() >= 2,
        "a sample at the start and one at the end: {usage}"
    );
    assert_eq!(main["index"].as_array().map(Vec::len), Some(rows.len()));
    assert!(
        rows.iter()
            .all(|r| r[0].as_i64().is_some() && r[2].as_f64().is_some()),
        "{usage}"
    );
}
