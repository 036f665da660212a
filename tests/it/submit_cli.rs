//! End-to-end tests of `hailctl batch submit` through the binary against a real embedded
//! service: single-command mode with files, spec files in three formats, sweeps, dry runs,
//! idempotency and large submissions split into bunches.

use serde_json::Value;

use crate::util::service::submitted_batch_id;
use crate::util::{Sandbox, Streaming};

fn batch_count(sb: &Sandbox) -> usize {
    let run = sb.run(&["batch", "list", "-o", "json", "--limit", "1000"]);
    serde_json::from_str::<Value>(run.ok())
        .expect("json")
        .as_array()
        .map(Vec::len)
        .unwrap_or(0)
}

/// Writes a spec file named `name` into the sandbox; its path, as the command line takes it.
fn write_spec(sb: &Sandbox, name: &str, text: &str) -> String {
    let path = sb.root().join(name);
    std::fs::write(&path, text).expect("write spec");
    path.display().to_string()
}

#[test]
fn a_single_command_with_files_runs_and_waits() {
    let sb = Sandbox::new();
    // The job's script uses /io paths, which exist in the bubblewrap sandbox (CI installs it).
    let service = sb.start_service(&[]);
    let data = sb.root().join("data");
    std::fs::create_dir_all(data.join("sub")).expect("mkdir");
    std::fs::write(data.join("a.txt"), "A\n").expect("write");
    std::fs::write(data.join("sub/b.txt"), "B\n").expect("write");
    std::fs::write(sb.root().join("single.txt"), "single\n").expect("write");
    let run = sb.run(&[
        "batch",
        "submit",
        "--wait",
        "--name",
        "files",
        "-v",
        &format!("{}:/io/in/", data.display()),
        "-v",
        &format!("{}:/io/one.txt", sb.root().join("single.txt").display()),
        "--env",
        "GREETING=hi there",
        "--",
        "bash",
        "-c",
        "cat /io/in/data/a.txt /io/in/data/sub/b.txt /io/one.txt; echo \"$GREETING $0\"",
        "it's",
    ]);
    let out = run.ok().to_string();
    let id = submitted_batch_id(&run);
    assert!(
        out.contains(&format!("see {}/batches/{id}/jobs/1", service.base_url())),
        "{out}"
    );
    assert!(
        out.ends_with(&format!("batch {id} complete: success\n")),
        "{out}"
    );
    let log = sb.run(&["batch", "log", &id.to_string(), "1", "--container", "main"]);
    assert_eq!(log.ok(), "A\nB\nsingle\nhi there it's\n");
    let job = service
        .get(&format!("/api/v1alpha/batches/{id}/jobs/1"))
        .json();
    assert_eq!(job["attributes"]["name"], "files");
    let env = job["spec"]["env"].as_array().expect("env");
    let names: Vec<&str> = env.iter().filter_map(|e| e["name"].as_str()).collect();
    let position = |n: &str| names.iter().position(|x| *x == n);
    assert!(position("GREETING") < position("BATCH_TMPDIR"), "{names:?}");
    assert!(position("BATCH_TMPDIR").is_some(), "{names:?}");

    // A failing command: --wait exits 3.
    let failing = sb.run(&["batch", "submit", "--wait", "--", "bash", "-c", "exit 4"]);
    assert_eq!(failing.code, 3, "{failing:?}");
    assert!(failing.stdout.contains("complete: failure"), "{failing:?}");
}

#[test]
fn dry_runs_send_nothing_and_tokens_make_submission_idempotent() {
    let sb = Sandbox::new();
    let _service = sb.start_service(&["--runtime", "host"]);
    let dry = sb.run(&[
        "batch",
        "submit",
        "--dry-run",
        "--token",
        "t1",
        "echo",
        "hi",
    ]);
    let requests: Value = serde_json::from_str(dry.ok()).expect("dry run prints JSON");
    assert_eq!(requests[0]["path"], "/api/v1alpha/batches/create-fast");
    assert_eq!(requests[0]["body"]["batch"]["token"], "t1");
    let script = requests[0]["body"]["bunch"][0]["process"]["command"][2]
        .as_str()
        .expect("script");
    assert!(
        script.starts_with("\nset -e\nmkdir -p /io/batch/"),
        "{script}"
    );
    assert!(script.ends_with("\n\n{\n{\necho hi\n}\n}\n"), "{script}");
    assert_eq!(batch_count(&sb), 0, "a dry run creates nothing");

    let first = sb.run(&["batch", "submit", "--token", "same", "true"]);
    let second = sb.run(&["batch", "submit", "--token", "same", "true"]);
    assert_eq!(submitted_batch_id(&first), submitted_batch_id(&second));
    assert_eq!(batch_count(&sb), 1);

    let bad_region = sb.run(&["batch", "submit", "--region", "mars-north1", "true"]);
    assert_eq!(bad_region.code, 1, "{bad_region:?}");
    assert!(bad_region.stderr.contains("mars-north1"), "{bad_region:?}");
    assert!(bad_region.stderr.contains("us-central1"), "{bad_region:?}");
    sb.run(&["batch", "submit", "--env", "A=B=C", "true"])
        .fails_with(2);
    sb.run(&["batch", "submit", "-v", "nocolon", "true"])
        .fails_with(2);
    sb.run(&["batch", "submit"]).fails_with(2);
    assert_eq!(batch_count(&sb), 1, "rejected submissions create nothing");
}

const PIPELINE_YAML: &str = r#"
name: dag
attributes: {team: tests}
defaults:
  image: ubuntu:24.04
jobs:
  - name: first
    command: [bash, -c, "echo first"]
  - name: broken
    command: [bash, -c, "exit 1"]
    depends_on: [first]
  - name: after-broken
    command: [bash, -c, "echo never"]
    depends_on: [broken]
  - name: "greet-{who}"
    sweep:
      values: {who: [ann, bob]}
    command: [bash, -c, "echo hello {who}"]
    depends_on: [first]
"#;

const PIPELINE_TOML: &str = r#"
name = "dag"
[attributes]
team = "tests"
[defaults]
image = "ubuntu:24.04"
[[jobs]]
name = "first"
command = ["bash", "-c", "echo first"]
[[jobs]]
name = "broken"
command = ["bash", "-c", "exit 1"]
depends_on = ["first"]
[[jobs]]
name = "after-broken"
command = ["bash", "-c", "echo never"]
depends_on = ["broken"]
[[jobs]]
name = "greet-{who}"
command = ["bash", "-c", "echo hello {who}"]
depends_on = ["first"]
[jobs.sweep.values]
who = ["ann", "bob"]
"#;

const PIPELINE_JSON: &str = r#"{
  "name": "dag",
  "attributes": {"team": "tests"},
  "defaults": {"image": "ubuntu:24.04"},
  "jobs": [
    {"name": "first", "command": ["bash", "-c", "echo first"]},
    {"name": "broken", "command": ["bash", "-c", "exit 1"], "depends_on": ["first"]},
    {"name": "after-broken", "command": ["bash", "-c", "echo never"], "depends_on": ["broken"]},
    {"name": "greet-{who}", "sweep": {"values": {"who": ["ann", "bob"]}},
     "command": ["bash", "-c", "echo hello {who}"], "depends_on": ["first"]}
  ]
}"#;

#[test]
fn spec_files_in_three_formats_submit_the_same_dag() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    let mut dry_runs = Vec::new();
    for (name, text) in [
        ("p.yaml", PIPELINE_YAML),
        ("p.toml", PIPELINE_TOML),
        ("p.json", PIPELINE_JSON),
    ] {
        let path = write_spec(&sb, name, text);
        let run = sb.run(&[
            "batch",
            "submit",
            "--dry-run",
            "--token",
            "x",
            "--file",
            &path,
        ]);
        dry_runs.push(run.ok().to_string());
    }
    assert_eq!(
        dry_runs[0], dry_runs[1],
        "YAML and TOML give the same requests"
    );
    assert_eq!(
        dry_runs[0], dry_runs[2],
        "YAML and JSON give the same requests"
    );

    let path = sb.root().join("p.yaml").display().to_string();
    let run = sb.run(&["batch", "submit", "--wait", "--file", &path]);
    assert_eq!(run.code, 3, "a failed job fails the wait: {run:?}");
    let id = submitted_batch_id(&run);
    let jobs = service
        .get(&format!(
            "/api/v1alpha/batches/{id}/job-groups/0/jobs?recursive=True"
        ))
        .json();
    let states: Vec<(String, String)> = jobs["jobs"]
        .as_array()
        .expect("jobs")
        .iter()
        .map(|j| {
            (
                j["name"].as_str().unwrap_or_default().to_string(),
                j["state"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expect = |name: &str, state: &str| {
        assert!(
            states.contains(&(name.to_string(), state.to_string())),
            "{name} should be {state}: {states:?}"
        );
    };
    expect("first", "Success");
    expect("broken", "Failed");
    expect("after-broken", "Cancelled");
    expect("greet-ann", "Success");
    expect("greet-bob", "Success");
    let batch = service.get(&format!("/api/v1alpha/batches/{id}")).json();
    assert_eq!(batch["attributes"]["name"], "dag");
    assert_eq!(batch["attributes"]["team"], "tests");
}

#[test]
fn spec_errors_name_the_file_and_line() {
    let sb = Sandbox::new();
    let _service = sb.start_service(&["--runtime", "host"]);
    let cases = [
        (
            "unknown.yaml",
            "jobs:\n  - name: a\n    command: [true]\n    colour: red\n",
        ),
        (
            "cycle.yaml",
            "jobs:\n  - name: a\n    command: [true]\n    depends_on: [b]\n  - name: b\n    command: [true]\n    depends_on: [a]\n",
        ),
        (
            "missing.yaml",
            "jobs:\n  - name: a\n    command: [true]\n    depends_on: [nosuch]\n",
        ),
    ];
    for (name, text) in cases {
        let path = write_spec(&sb, name, text);
        let run = sb.run(&["batch", "submit", "--file", &path]);
        assert_eq!(run.code, 1, "{name}: {run:?}");
        assert!(run.stderr.contains(name), "{name}: {run:?}");
    }
    // Messages a user can act on: the line of a misindented entry (not an entry that does not
    // exist), kinds of values instead of Rust types, a missing file's cause once.
    let exact = [
        (
            "indent.yaml",
            "jobs:\n  - name: a\n    command: [true]\n   - name: b\n    command: [true]\n",
            "error: <T>/indent.yaml:4:4: did not find expected '-' indicator, while parsing a \
             block collection at line 2 column 3 (check this line's indentation)\n",
        ),
        (
            "types.yaml",
            "jobs:\n  - name: a\n    command: [true]\n    timeout: soon\n",
            "error: <T>/types.yaml:4:14: job `a` (jobs[0]): timeout: invalid type: string \
             \"soon\", expected a number\n",
        ),
    ];
    for (name, text, expected) in exact {
        let path = write_spec(&sb, name, text);
        let run = sb.run(&["batch", "submit", "--file", &path]);
        assert_eq!(sb.redact(run.fails_with(1)), expected, "{name}");
    }
    // Values the service would refuse are refused before sending, at their line and column in
    // the file, with the job's name, in every format.
    let refused = [
        (
            "cpu.yaml",
            "jobs:\n  - name: small\n    command: [true]\n  - name: big\n    command: [true]\n    cpu: 3\n",
            "error: <T>/cpu.yaml:6:10: job `big` (jobs[1]): invalid cpu `3`: the service takes a \
             power of two number of cores, at least 0.25 (0.25, 0.5, 1, 2, 4, ...)\n",
        ),
        (
            "cpu.toml",
            "[[jobs]]\nname = \"small\"\ncommand = [\"true\"]\n\n[[jobs]]\nname = \"big\"\ncommand = [\"true\"]\ncpu = 3\n",
            "error: <T>/cpu.toml:8:7: job `big` (jobs[1]): invalid cpu `3`: the service takes a \
             power of two number of cores, at least 0.25 (0.25, 0.5, 1, 2, 4, ...)\n",
        ),
        (
            "memory.json",
            "{\"jobs\": [\n  {\"name\": \"greedy\", \"command\": [\"true\"],\n   \"memory\": \"lots\"}\n]}\n",
            "error: <T>/memory.json:3:14: job `greedy` (jobs[0]): invalid memory `lots`: expected \
             `lowmem`, `standard`, `highmem` or a size such as `4Gi` or `500M`\n",
        ),
        (
            "storage.yaml",
            "defaults:\n  storage: huge\njobs:\n  - {name: a, command: [true]}\n",
            "error: <T>/storage.yaml:2:12: defaults: invalid storage `huge`: expected a size such \
             as `10Gi`\n",
        ),
        (
            "region.yaml",
            "jobs:\n  - name: far\n    command: [true]\n    regions: [mars-central1]\n",
            "error: <T>/region.yaml:4:15: job `far` (jobs[0]): the Batch service does not support \
             the region(s) \"mars-central1\"\nhint: choose from: us-central1\n",
        ),
        (
            "region.toml",
            "regions = [\"us-central1\", \"mars-central1\"]\n[[jobs]]\nname = \"a\"\ncommand = [\"true\"]\n",
            "error: <T>/region.toml:1:27: the Batch service does not support the region(s) \
             \"mars-central1\"\nhint: choose from: us-central1\n",
        ),
        (
            "region.json",
            "{\"jobs\": [{\"name\": \"near\", \"command\": [\"true\"]},\n  {\"name\": \"far\", \"command\": [\"true\"], \"regions\": \"mars-central1\"}]}\n",
            "error: <T>/region.json:2:51: job `far` (jobs[1]): the Batch service does not support \
             the region(s) \"mars-central1\"\nhint: choose from: us-central1\n",
        ),
    ];
    for (name, text, expected) in refused {
        let path = write_spec(&sb, name, text);
        let run = sb.run(&["batch", "submit", "--file", &path]);
        assert_eq!(sb.redact(run.fails_with(1)), expected, "{name}");
    }
    for (flag, value) in [("--memory", "lots"), ("--cpu", "3"), ("--storage", "big")] {
        let run = sb.run(&["batch", "submit", flag, value, "--", "true"]);
        let stderr = run.fails_with(2);
        assert!(
            stderr.starts_with(&format!("error: Invalid value for '{flag}': invalid ")),
            "{run:?}"
        );
        assert!(!stderr.contains("HTTP 400"), "{run:?}");
    }
    let absent = sb.root().join("absent.yaml").display().to_string();
    let run = sb.run(&["batch", "submit", "--file", &absent]);
    assert_eq!(
        sb.redact(run.fails_with(1)),
        "error: cannot read <T>/absent.yaml: No such file or directory (os error 2)\n"
    );
    assert_eq!(batch_count(&sb), 0);
}

#[test]
fn a_large_spec_is_sent_in_bunches_with_the_right_ids() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host", "--cores", "2"]);
    let mut text =
        String::from("jobs:\n  - name: \"job-{i}\"\n    sweep:\n      values:\n        i: [");
    text.push_str(
        &(1..=2500)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    );
    text.push_str("]\n    command: [\"true\"]\n    always_run: false\n");
    let path = write_spec(&sb, "big.yaml", &text);
    let dry = sb.run(&["batch", "submit", "--dry-run", "--file", &path]);
    let requests: Value = serde_json::from_str(dry.ok()).expect("json");
    let paths: Vec<&str> = requests
        .as_array()
        .expect("requests")
        .iter()
        .filter_map(|r| r["path"].as_str())
        .collect();
    assert_eq!(paths.first(), Some(&"/api/v1alpha/batches/create"));
    assert_eq!(
        paths.len(),
        5,
        "create, 3 bunches of at most 1024, commit: {paths:?}"
    );
    let run = sb.run(&["batch", "submit", "--file", &path]);
    let id = submitted_batch_id(&run);
    let batch = service.wait_complete(id);
    assert_eq!(batch["n_jobs"], 2500);
    assert_eq!(batch["state"], "success");
    let last = service
        .get(&format!("/api/v1alpha/batches/{id}/jobs/2500"))
        .json();
    assert_eq!(last["name"], "job-2500");
}

#[test]
fn files_are_staged_under_remote_tmpdir_and_a_failed_staging_creates_nothing() {
    let sb = Sandbox::new();
    // The generated script writes under /io, which exists in the bubblewrap sandbox.
    let _service = sb.start_service(&[]);
    let input = sb.root().join("in.txt");
    std::fs::write(&input, "staged\n").expect("write");
    let tmpdir = sb.root().join("remote-tmp");
    let volume = format!("{}:/tmp/in.txt", input.display());
    let remote = format!("file://{}/", tmpdir.display());

    // --dry-run stages nothing and sends nothing; the spec names the staged URL.
    let dry = sb.run(&[
        "batch",
        "submit",
        "--dry-run",
        "--remote-tmpdir",
        &remote,
        "-v",
        &volume,
        "true",
    ]);
    let requests: Value = serde_json::from_str(dry.ok()).expect("json");
    let from = requests[0]["body"]["bunch"][0]["input_files"][0]["from"]
        .as_str()
        .expect("input file")
        .to_string();
    assert!(
        from.starts_with(&format!("file://{}/", tmpdir.display())) && from.ends_with("/in.txt"),
        "{from}"
    );
    assert!(!tmpdir.exists(), "a dry run uploads nothing");
    assert_eq!(batch_count(&sb), 0);

    // Staged under remote_tmpdir, read by the job, deleted by --delete-scratch once complete.
    let run = sb.run(&[
        "batch",
        "submit",
        "--wait",
        "--delete-scratch",
        "--remote-tmpdir",
        &remote,
        "-v",
        &volume,
        "cat",
        "/tmp/in.txt",
    ]);
    let id = submitted_batch_id(&run);
    assert!(run.ok().contains("complete: success"), "{run:?}");
    let log = sb.run(&["batch", "log", &id.to_string(), "1", "--container", "main"]);
    assert_eq!(log.ok(), "staged\n");
    assert!(tmpdir.is_dir(), "the staging root stays");
    assert_eq!(
        std::fs::read_dir(&tmpdir).expect("read_dir").count(),
        0,
        "the batch's scratch is deleted"
    );

    // Without --delete-scratch the staged copy stays.
    let kept = sb.run(&[
        "batch",
        "submit",
        "--wait",
        "--remote-tmpdir",
        &remote,
        "-v",
        &volume,
        "true",
    ]);
    assert!(kept.ok().contains("complete: success"), "{kept:?}");
    assert_eq!(std::fs::read_dir(&tmpdir).expect("read_dir").count(), 1);

    // A staging area that cannot be written: an error naming it, and no batch is created.
    let before = batch_count(&sb);
    let blocked = sb.root().join("blocked");
    std::fs::write(&blocked, "a file, not a directory").expect("write");
    let failed = sb.run(&[
        "batch",
        "submit",
        "--remote-tmpdir",
        &format!("{}/tmp", blocked.display()),
        "-v",
        &volume,
        "true",
    ]);
    assert_ne!(failed.code, 0, "{failed:?}");
    assert!(
        failed.stderr.contains("error:") && failed.stderr.contains(&blocked.display().to_string()),
        "{failed:?}"
    );
    assert_eq!(
        batch_count(&sb),
        before,
        "nothing created after a failed staging"
    );

    // An unsupported scheme: Hail's message.
    let s3 = sb.run(&[
        "batch",
        "submit",
        "--remote-tmpdir",
        "s3://b/x",
        "-v",
        &volume,
        "true",
    ]);
    assert_ne!(s3.code, 0);
    assert!(
        s3.stderr
            .contains("remote_tmpdir must be a storage uri path like gs://bucket/folder"),
        "{s3:?}"
    );
    assert_eq!(batch_count(&sb), before);
}

#[test]
fn verbose_names_each_setting_with_its_true_source() {
    let sb = Sandbox::new();
    let _service = sb.start_service(&["--runtime", "host"]);
    let spec = write_spec(
        &sb,
        "billed.yaml",
        "billing_project: from-spec\njobs:\n  - name: a\n    command: [\"true\"]\n",
    );

    // A billing project written in the spec file comes from the spec file, not from a flag.
    let run = sb.run(&["batch", "submit", "--verbose", "--file", &spec]);
    run.ok();
    assert!(
        run.stderr
            .contains(&format!("billing project: from-spec (file:{spec})\n")),
        "{run:?}"
    );
    assert!(!run.stderr.contains("flag:--billing-project"), "{run:?}");

    // The flag still wins over the spec file, and says so.
    let run = sb.run(&[
        "batch",
        "submit",
        "--verbose",
        "--billing-project",
        "from-flag",
        "--image",
        "busybox",
        "--file",
        &spec,
    ]);
    run.ok();
    assert!(
        run.stderr
            .contains("billing project: from-flag (flag:--billing-project)\n"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("image: busybox (flag:--image)\n"),
        "{run:?}"
    );
}

/// `submit --wait` prints `Submitted batch N, see URL` as soon as the batch exists (a CI log
/// shows it while the batch runs; an interrupted wait keeps the id), linking the job for one
/// command and the batch for a spec of many jobs.
#[test]
fn submit_wait_prints_the_batch_at_once_and_links_the_batch_of_a_spec() {
    let sb = Sandbox::new();
    let service = sb.start_service(&["--runtime", "host"]);
    let gate = sb.root().join("gate");
    let script = format!("while [ ! -e {} ]; do sleep 0.05; done", gate.display());
    let mut submit =
        Streaming::start(sb.command(&["batch", "submit", "--wait", "--", "bash", "-c", &script]));
    let first = submit.next_line();
    let id: i64 = first
        .strip_prefix("Submitted batch ")
        .and_then(|rest| rest.split(',').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("{first}"));
    assert_eq!(
        first,
        format!(
            "Submitted batch {id}, see {}/batches/{id}/jobs/1",
            service.base_url()
        )
    );
    let batch = service.get(&format!("/api/v1alpha/batches/{id}")).json();
    assert_eq!(
        batch["complete"], false,
        "printed before the batch completes"
    );
    std::fs::write(&gate, "").expect("open the gate");
    assert_eq!(submit.rest(), [format!("batch {id} complete: success")]);
    assert_eq!(submit.wait(), 0);

    let spec = write_spec(
        &sb,
        "two.yaml",
        "jobs:\n  - name: a\n    command: [true]\n  - name: b\n    command: [true]\n",
    );
    let run = sb.run(&["batch", "submit", "--file", &spec]);
    let id = submitted_batch_id(&run);
    assert_eq!(
        run.ok(),
        format!(
            "Submitted batch {id}, see {}/batches/{id}\n",
            service.base_url()
        )
    );
}

/// `-q` hides every progress bar, the staging bar included, on a terminal too (run under
/// `script`, which gives the command a pseudo-terminal).
#[test]
fn quiet_submit_draws_no_bar_on_a_terminal() {
    let sb = Sandbox::new();
    // The job's `-v` files land under /io, which exists in the bubblewrap sandbox.
    let _service = sb.start_service(&[]);
    let big = sb.root().join("big.bin");
    std::fs::write(&big, vec![b'x'; 4 << 20]).expect("write");
    let on_terminal = |quiet: bool| {
        let mut line = format!(
            "{} batch submit --wait -v {}:/io/big.bin",
            env!("CARGO_BIN_EXE_hailctl"),
            big.display()
        );
        if quiet {
            line.push_str(" -q");
        }
        line.push_str(" -- true");
        let mut command = sb.command_for(
            std::path::Path::new("script"),
            &["-qec", &line, "/dev/null"],
        );
        command.env("TERM", "xterm");
        let output = crate::util::output_within(command, std::time::Duration::from_secs(120));
        assert!(output.status.success(), "{output:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let loud = on_terminal(false);
    assert!(loud.contains("staging 1 files"), "a bar without -q: {loud}");
    let quiet = on_terminal(true);
    assert!(!quiet.contains("staging"), "no bar with -q: {quiet}");
    assert!(
        !quiet.contains('\u{1b}'),
        "no terminal control with -q: {quiet:?}"
    );
    assert!(quiet.contains("complete: success"), "{quiet}");
}

/// What a submission must not accept or keep quiet about: a variable without a name, an empty
/// token, bucket mounts the local service cannot make, a relative remote_tmpdir; a reused token
/// is said to return the earlier batch, and `--verbose` does not show the token's length as if
/// it were the token.
#[test]
fn submissions_refuse_what_cannot_work_and_say_when_a_token_is_reused() {
    let sb = Sandbox::new();
    let _service = sb.start_service(&["--runtime", "host"]);
    let before = batch_count(&sb);

    let nameless = sb.run(&["batch", "submit", "--env", "=x", "--", "true"]);
    assert!(
        nameless
            .fails_with(2)
            .contains("Invalid value for '--env': '=x'"),
        "{nameless:?}"
    );
    let empty_token = sb.run(&["batch", "submit", "--token", "", "--", "true"]);
    assert!(
        empty_token
            .fails_with(2)
            .contains("the token must not be empty"),
        "{empty_token:?}"
    );
    let mount = sb.run(&[
        "batch",
        "submit",
        "--cloudfuse",
        "bucket:/mnt/b:true",
        "--",
        "true",
    ]);
    assert!(
        mount.fails_with(1).contains("cannot mount cloud buckets"),
        "{mount:?}"
    );
    let spec = write_spec(
        &sb,
        "mount.yaml",
        "jobs:\n  - name: a\n    command: [\"true\"]\n    cloudfuse: [{bucket: b, mount_path: /b, read_only: true}]\n",
    );
    let spec_mount = sb.run(&["batch", "submit", "--file", &spec]);
    assert!(
        spec_mount
            .fails_with(1)
            .contains("cannot mount cloud buckets"),
        "{spec_mount:?}"
    );
    let data = sb.root().join("in.txt");
    std::fs::write(&data, "x").expect("write");
    let relative = sb.run(&[
        "batch",
        "submit",
        "--remote-tmpdir",
        "scratch",
        "-v",
        &format!("{}:/io/in.txt", data.display()),
        "--",
        "true",
    ]);
    assert!(
        relative
            .fails_with(1)
            .contains("remote_tmpdir scratch is a relative path"),
        "{relative:?}"
    );
    assert!(
        !sb.root().join("scratch").exists(),
        "nothing staged under the current directory"
    );
    assert_eq!(batch_count(&sb), before, "nothing was submitted");

    let first = sb.run(&[
        "batch",
        "submit",
        "--verbose",
        "--token",
        "same",
        "--",
        "true",
    ]);
    first.ok();
    assert!(
        first.stderr.contains("(the idempotency token of --token):"),
        "{first:?}"
    );
    assert!(!first.stderr.contains("already existed"), "{first:?}");
    let again = sb.run(&["batch", "submit", "--token", "same", "--", "true"]);
    assert_eq!(submitted_batch_id(&again), submitted_batch_id(&first));
    assert!(
        again.stderr.contains(&format!(
            "warning: batch {} already existed with this --token",
            submitted_batch_id(&first)
        )),
        "{again:?}"
    );
    let fresh = sb.run(&["batch", "submit", "--verbose", "--", "true"]);
    assert!(
        fresh.stderr.contains("(a fresh idempotency token):"),
        "{fresh:?}"
    );
}

/// The requests of `submit --dry-run ARGS` and the specs of their jobs.
fn dry_run_jobs(sb: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> Vec<Value> {
    let mut all = vec!["batch", "submit", "--dry-run"];
    all.extend_from_slice(args);
    let run = sb.run_with(&all, env);
    let requests: Value = serde_json::from_str(run.ok()).expect("dry run prints JSON");
    requests[0]["body"]["bunch"]
        .as_array()
        .expect("one bunch")
        .clone()
}

/// `--region` replaces the spec file's top-level `regions` (as `--billing-project` replaces its
/// `billing_project`); a job's own `regions` stay; `regions: null` lets a job run anywhere.
#[test]
fn the_region_flag_replaces_the_spec_files_regions() {
    let sb = Sandbox::new();
    let _service = sb.start_service(&[
        "--runtime",
        "host",
        "--region",
        "us-central1",
        "--region",
        "us-east1",
    ]);
    let spec = write_spec(
        &sb,
        "regions.yaml",
        "regions: [us-east1]\njobs:\n  - {name: inherits, command: [\"true\"]}\n  - {name: own, command: [\"true\"], regions: [us-east1]}\n  - {name: anywhere, command: [\"true\"], regions: null}\n",
    );
    let regions =
        |jobs: &[Value]| -> Vec<Value> { jobs.iter().map(|j| j["regions"].clone()).collect() };
    let east = serde_json::json!(["us-east1"]);
    let central = serde_json::json!(["us-central1"]);

    let from_file = dry_run_jobs(&sb, &["--file", &spec], &[]);
    assert_eq!(
        regions(&from_file),
        [east.clone(), east.clone(), Value::Null]
    );
    let flagged = dry_run_jobs(&sb, &["--region", "us-central1", "--file", &spec], &[]);
    assert_eq!(regions(&flagged), [central.clone(), east, Value::Null]);
    let verbose = sb.run(&[
        "batch",
        "submit",
        "--verbose",
        "--region",
        "us-central1",
        "--file",
        &spec,
    ]);
    assert!(
        verbose.ok().contains("Submitted batch")
            && verbose
                .stderr
                .contains("regions: us-central1 (flag:--region)\n"),
        "{verbose:?}"
    );

    // Regions the flag replaces are not checked against the service; without the flag they are.
    let unknown = write_spec(
        &sb,
        "unknown.yaml",
        "regions: [mars-central1]\njobs:\n  - {name: a, command: [\"true\"]}\n",
    );
    let replaced = dry_run_jobs(&sb, &["--region", "us-central1", "--file", &unknown], &[]);
    assert_eq!(regions(&replaced), [central]);
    let run = sb.run(&["batch", "submit", "--file", &unknown]);
    assert_eq!(
        sb.redact(run.fails_with(1)),
        "error: <T>/unknown.yaml:1:11: the Batch service does not support the region(s) \
         \"mars-central1\"\nhint: choose from: us-central1, us-east1\n"
    );
}

/// A job that names no image gets Hail's: `--image`, else `HAIL_GENETICS_HAIL_IMAGE` (unless
/// empty), else the default that `hailctl batch submit --help` shows, for one command and for
/// a spec file's jobs alike; docs/batch-spec.md states the same default.
#[test]
fn jobs_without_an_image_get_hails_default_image() {
    let sb = Sandbox::new();
    let _service = sb.start_service(&["--runtime", "host"]);
    let help = sb.run(&["batch", "submit", "--help"]);
    let help = help.ok().split_whitespace().collect::<Vec<_>>().join(" ");
    let default = help
        .split("[default: $HAIL_GENETICS_HAIL_IMAGE or ")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .expect("--image names its default")
        .to_string();
    // Hail's `hailctl batch submit` default (hailctl-cli reference: hailgenetics/hail:<version>).
    assert!(default.starts_with("hailgenetics/hail:0.2."), "{default}");
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/batch-spec.md"))
        .expect("read docs/batch-spec.md");
    assert!(
        doc.contains(&format!(
            "`--image`, else `HAIL_GENETICS_HAIL_IMAGE`, else `{default}`"
        )),
        "docs/batch-spec.md states another default image than {default}"
    );

    let spec = write_spec(
        &sb,
        "images.yaml",
        "jobs:\n  - {name: plain, command: [\"true\"]}\n  - {name: own, command: [\"true\"], image: \"busybox:1\"}\n",
    );
    let images = |jobs: &[Value]| -> Vec<String> {
        jobs.iter()
            .map(|j| j["process"]["image"].as_str().expect("image").to_string())
            .collect()
    };
    for env in [&[][..], &[("HAIL_GENETICS_HAIL_IMAGE", "")][..]] {
        assert_eq!(
            images(&dry_run_jobs(&sb, &["--", "true"], env)),
            [default.as_str()]
        );
        assert_eq!(
            images(&dry_run_jobs(&sb, &["--file", &spec], env)),
            [default.as_str(), "busybox:1"]
        );
    }
    let env = [("HAIL_GENETICS_HAIL_IMAGE", "foo/bar:1")];
    assert_eq!(
        images(&dry_run_jobs(&sb, &["--", "true"], &env)),
        ["foo/bar:1"]
    );
    assert_eq!(
        images(&dry_run_jobs(&sb, &["--file", &spec], &env)),
        ["foo/bar:1", "busybox:1"]
    );
    let flag = ["--image", "alpine:3", "--file", &spec];
    assert_eq!(
        images(&dry_run_jobs(&sb, &flag, &env)),
        ["alpine:3", "busybox:1"]
    );
}
