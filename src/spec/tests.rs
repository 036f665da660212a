//! Tests of spec loading: formats, validation messages, sweeps, substitution, ordering, and the
//! files in `examples/`.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use super::template::{TemplateError, substitute};
use super::*;

fn base() -> PathBuf {
    PathBuf::from("/specs")
}

fn load_yaml(text: &str) -> Result<BatchPlan, SpecError> {
    load_str(text, SpecFormat::Yaml, "spec.yaml", &base())
}

fn yaml(text: &str) -> BatchPlan {
    match load_yaml(text) {
        Ok(plan) => plan,
        Err(e) => panic!("unexpected error: {e}"),
    }
}

/// The full message of the error `text` (YAML) produces.
fn yaml_err(text: &str) -> String {
    match load_yaml(text) {
        Ok(plan) => panic!("expected an error, got {plan:?}"),
        Err(e) => e.to_string(),
    }
}

fn err_in(text: &str, format: SpecFormat, origin: &str) -> String {
    match load_str(text, format, origin, &base()) {
        Ok(plan) => panic!("expected an error, got {plan:?}"),
        Err(e) => e.to_string(),
    }
}

fn names(plan: &BatchPlan) -> Vec<&str> {
    plan.jobs.iter().map(|j| j.name.as_str()).collect()
}

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

fn tempdir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        std::fs::write(dir.path().join(name), content).unwrap();
    }
    dir
}

// ---------------------------------------------------------------------------------------------
// Formats

#[test]
fn pipeline_is_the_same_in_yaml_toml_and_json() {
    let dir = examples_dir();
    let yaml = load(&dir.join("pipeline.yaml")).unwrap();
    let toml = load(&dir.join("pipeline.toml")).unwrap();
    let json = load(&dir.join("pipeline.json")).unwrap();
    assert_eq!(yaml, toml);
    assert_eq!(yaml, json);
}

#[test]
fn inline_spec_is_the_same_in_all_formats() {
    let y = r#"
name: b
billing_project: proj
attributes: {team: genomics, n: 3}
regions: [us-central1]
callback: https://example.org/done
cancel_after_n_failures: 2
defaults: {image: "ubuntu:24.04", cpu: 1, memory: 4Gi, storage: 10Gi, spot: false, env: {A: x}}
jobs:
  - name: a
    command: [echo, 1, 2.5, true]
  - name: b
    script: "echo b"
    depends_on: [a]
    timeout: 30
    n_max_attempts: 3
    always_run: true
    cloudfuse: [{bucket: bk, mount_path: /m}]
    input_files: ["gs://x/in.txt:/io/in.txt"]
    output_files: [{from: /io/out.txt, to: "gs://x/out.txt"}]
"#;
    let t = r#"
name = "b"
billing_project = "proj"
attributes = { team = "genomics", n = 3 }
regions = ["us-central1"]
callback = "https://example.org/done"
cancel_after_n_failures = 2
[defaults]
image = "ubuntu:24.04"
cpu = 1
memory = "4Gi"
storage = "10Gi"
spot = false
env = { A = "x" }
[[jobs]]
name = "a"
command = ["echo", 1, 2.5, true]
[[jobs]]
name = "b"
script = "echo b"
depends_on = ["a"]
timeout = 30
n_max_attempts = 3
always_run = true
cloudfuse = [{ bucket = "bk", mount_path = "/m" }]
input_files = ["gs://x/in.txt:/io/in.txt"]
output_files = [{ from = "/io/out.txt", to = "gs://x/out.txt" }]
"#;
    let j = r#"{
"name": "b", "billing_project": "proj", "attributes": {"team": "genomics", "n": 3},
"regions": ["us-central1"], "callback": "https://example.org/done",
"cancel_after_n_failures": 2,
"defaults": {"image": "ubuntu:24.04", "cpu": 1, "memory": "4Gi", "storage": "10Gi",
             "spot": false, "env": {"A": "x"}},
"jobs": [
  {"name": "a", "command": ["echo", 1, 2.5, true]},
  {"name": "b", "script": "echo b", "depends_on": ["a"], "timeout": 30, "n_max_attempts": 3,
   "always_run": true, "cloudfuse": [{"bucket": "bk", "mount_path": "/m"}],
   "input_files": ["gs://x/in.txt:/io/in.txt"],
   "output_files": [{"from": "/io/out.txt", "to": "gs://x/out.txt"}]}
]}"#;
    let from_yaml = yaml(y);
    let from_toml = load_str(t, SpecFormat::Toml, "s.toml", &base()).unwrap();
    let from_json = load_str(j, SpecFormat::Json, "s.json", &base()).unwrap();
    assert_eq!(from_yaml, from_toml);
    assert_eq!(from_yaml, from_json);

    let p = from_yaml;
    assert_eq!(p.name.as_deref(), Some("b"));
    assert_eq!(p.billing_project.as_deref(), Some("proj"));
    assert_eq!(p.attributes.get("n").map(String::as_str), Some("3"));
    assert_eq!(p.cancel_after_n_failures, Some(2));
    let a = &p.jobs[0];
    assert_eq!(a.command, ["echo", "1", "2.5", "true"]);
    assert_eq!(a.image.as_deref(), Some("ubuntu:24.04"));
    assert_eq!(a.cpu.as_deref(), Some("1"));
    assert_eq!(a.memory.as_deref(), Some("4Gi"));
    assert_eq!(a.storage.as_deref(), Some("10Gi"));
    assert_eq!(a.spot, Some(false));
    assert_eq!(p.regions, Some(vec!["us-central1".to_string()]));
    assert_eq!(a.regions, None);
    assert_eq!(a.env.get("A").map(String::as_str), Some("x"));
    let b = &p.jobs[1];
    assert_eq!(b.command, ["/bin/bash", "-c", "echo b"]);
    assert_eq!(b.parents, [0]);
    assert_eq!(b.timeout, Some(30.0));
    assert_eq!(b.n_max_attempts, Some(3));
    assert!(b.always_run);
    assert_eq!(
        b.cloudfuse,
        [Cloudfuse {
            bucket: "bk".into(),
            mount_path: "/m".into(),
            read_only: true
        }]
    );
    assert_eq!(
        b.input_files,
        [FileTransfer {
            from: "gs://x/in.txt".into(),
            to: "/io/in.txt".into()
        }]
    );
    assert_eq!(
        b.output_files,
        [FileTransfer {
            from: "/io/out.txt".into(),
            to: "gs://x/out.txt".into()
        }]
    );
}

#[test]
fn format_from_extension_and_content() {
    assert_eq!(
        SpecFormat::from_path(Path::new("a.yml")),
        Some(SpecFormat::Yaml)
    );
    assert_eq!(
        SpecFormat::from_path(Path::new("a.YAML")),
        Some(SpecFormat::Yaml)
    );
    assert_eq!(
        SpecFormat::from_path(Path::new("a.toml")),
        Some(SpecFormat::Toml)
    );
    assert_eq!(
        SpecFormat::from_path(Path::new("a.json")),
        Some(SpecFormat::Json)
    );
    assert_eq!(SpecFormat::from_path(Path::new("a.txt")), None);
    assert_eq!(SpecFormat::detect("  {\"jobs\": []}"), SpecFormat::Json);
    assert_eq!(
        SpecFormat::detect("# c\n\nname = \"x\"\n"),
        SpecFormat::Toml
    );
    assert_eq!(
        SpecFormat::detect("[[jobs]]\nname = \"x\""),
        SpecFormat::Toml
    );
    assert_eq!(SpecFormat::detect("name: x\njobs: []"), SpecFormat::Yaml);
    assert_eq!(SpecFormat::detect(""), SpecFormat::Yaml);
    assert_eq!("YML".parse::<SpecFormat>(), Ok(SpecFormat::Yaml));
    assert!("xml".parse::<SpecFormat>().is_err());
}

#[test]
fn stdin_text_is_detected() {
    let plan = load_stdin("[[jobs]]\nname = \"a\"\ncommand = [\"true\"]\n", &base()).unwrap();
    assert_eq!(names(&plan), ["a"]);
    let e = load_stdin("{\"jobs\": 3}", &base())
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "<stdin>:1:10: invalid type: integer `3`, expected a list of jobs"
    );
}

#[test]
fn unknown_extension_and_missing_file() {
    let e = load(Path::new("/nonexistent/spec.txt"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "/nonexistent/spec.txt: cannot tell the spec format from the file name; use a .yaml, \
         .yml, .toml or .json extension"
    );
    let e = load(Path::new("/nonexistent/spec.yaml"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "cannot read /nonexistent/spec.yaml: No such file or directory (os error 2)"
    );
}

#[test]
fn examples_all_load() {
    let mut seen = 0;
    for entry in std::fs::read_dir(examples_dir()).unwrap() {
        let path = entry.unwrap().path();
        if SpecFormat::from_path(&path).is_none() {
            continue;
        }
        let plan = load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(!plan.jobs.is_empty(), "{}", path.display());
        for (i, job) in plan.jobs.iter().enumerate() {
            assert!(job.parents.iter().all(|&p| p < i), "{}", path.display());
        }
        seen += 1;
    }
    assert!(seen >= 4, "expected the example specs, found {seen}");
}

#[test]
fn example_pipeline_plan() {
    let plan = load(&examples_dir().join("pipeline.yaml")).unwrap();
    assert_eq!(
        names(&plan),
        [
            "prepare",
            "greet-NA12878",
            "greet-NA12891",
            "greet-NA12892",
            "summary"
        ]
    );
    assert_eq!(plan.jobs[4].parents, [1, 2, 3]);
    let greet = &plan.jobs[2];
    assert_eq!(greet.parents, [0]);
    assert_eq!(greet.env.get("SAMPLE").map(String::as_str), Some("NA12891"));
    assert_eq!(
        greet.env.get("OUT_DIR").map(String::as_str),
        Some("/tmp/hailctl-example")
    );
    assert!(greet.command[2].contains("echo \"good afternoon, ${SAMPLE}\""));
    assert_eq!(
        greet.output_files[0].to,
        "/tmp/hailctl-example/results/NA12891.txt"
    );
    assert_eq!(greet.cpu.as_deref(), Some("0.5"));
    let hello = load(&examples_dir().join("hello.yaml")).unwrap();
    assert_eq!(names(&hello), ["hello", "world"]);
    assert_eq!(hello.jobs[1].parents, [0]);
}

// ---------------------------------------------------------------------------------------------
// Parser errors: position and job

#[test]
fn unknown_top_level_key_lists_allowed_keys() {
    assert_eq!(
        yaml_err("nme: x\njobs: []\n"),
        "spec.yaml:1:1: unknown field `nme`, expected one of `name`, `billing_project`, \
         `attributes`, `regions`, `callback`, `cancel_after_n_failures`, `defaults`, `jobs`"
    );
}

#[test]
fn unknown_job_key_names_the_job_in_every_format() {
    let allowed = "expected one of `name`, `command`, `script`, `shell`, `image`, `cpu`, \
                   `memory`, `storage`, `machine_type`, `spot`, `env`, `attributes`, \
                   `regions`, `timeout`, `n_max_attempts`, `always_run`, `cloudfuse`, \
                   `input_files`, `output_files`, `depends_on`, `sweep`";
    assert_eq!(
        yaml_err("jobs:\n  - name: a\n    command: [x]\n  - name: b\n    comand: [x]\n"),
        format!("spec.yaml:5:5: job `b` (jobs[1]): unknown field `comand`, {allowed}")
    );
    assert_eq!(
        err_in(
            "[[jobs]]\nname = \"a\"\ncommand = [\"x\"]\n[[jobs]]\nname = \"b\"\ncomand = [\"x\"]\n",
            SpecFormat::Toml,
            "s.toml"
        ),
        // toml checks the keys of a table before reading its values, so the name is not known.
        format!("s.toml:6:1: jobs[1]: unknown field `comand`, {allowed}")
    );
    assert_eq!(
        err_in(
            "{\"jobs\": [{\"name\": \"a\", \"command\": [\"x\"]},\n {\"name\": \"b\", \"comand\": []}]}",
            SpecFormat::Json,
            "s.json"
        ),
        format!("s.json:2:23: job `b` (jobs[1]): unknown field `comand`, {allowed}")
    );
}

#[test]
fn wrong_types_are_located() {
    assert_eq!(
        yaml_err("jobs:\n  - name: a\n    command: [x]\n    timeout: soon\n"),
        "spec.yaml:4:14: job `a` (jobs[0]): timeout: invalid type: string \"soon\", expected a number"
    );
    assert_eq!(
        yaml_err("jobs:\n  - name: a\n    command: echo hi\n"),
        "spec.yaml:3:14: job `a` (jobs[0]): command: invalid type: string \"echo hi\", expected \
         a list of arguments (for a shell command line, use `script`)"
    );
    // Before the name is read, the job is named by its index.
    assert_eq!(
        yaml_err("jobs:\n  - command: [x]\n    always_run: 3\n    name: a\n"),
        "spec.yaml:3:17: jobs[0]: always_run: invalid type: integer `3`, expected a boolean"
    );
    assert_eq!(
        yaml_err("jobs:\n  - command: [x]\n"),
        "spec.yaml:2:5: jobs[0]: missing field `name`"
    );
    assert_eq!(yaml_err("name: x\n"), "spec.yaml:1:1: missing field `jobs`");
    assert_eq!(
        err_in("[[jobs]]\nname = 1\n", SpecFormat::Toml, "s.toml"),
        "s.toml:2:8: jobs[0]: invalid type: integer `1`, expected a string"
    );
    assert_eq!(
        err_in("{\"jobs\": [}", SpecFormat::Json, "s.json"),
        "s.json:1:11: jobs[0]: expected value"
    );
    // Columns count characters, not bytes (serde_json counts bytes; it stops at the end of
    // the value).
    assert_eq!(
        err_in(
            "{\"jobs\": [{\"name\": \"ééé\", \"timeout\": \"x\"}]}",
            SpecFormat::Json,
            "s.json"
        ),
        "s.json:1:40: job `ééé` (jobs[0]): invalid type: string \"x\", expected a number"
    );
    assert_eq!(
        yaml_err("jobs:\n  - name: a\n    env: {A: 1, A: 2}\n    command: [x]\n"),
        "spec.yaml:3:10: job `a` (jobs[0]): env: duplicate key `A`"
    );
}

#[test]
fn syntax_errors_are_located() {
    assert_eq!(
        yaml_err("jobs:\n  - name: a\n   command: [x]\n"),
        "spec.yaml:3:4: did not find expected '-' indicator, while parsing a block \
         collection at line 2 column 3 (check this line's indentation)"
    );
}

// ---------------------------------------------------------------------------------------------
// Validation errors

#[test]
fn command_and_script_are_exclusive_and_one_is_required() {
    assert_eq!(
        yaml_err("jobs:\n  - name: a\n    command: [x]\n    script: y\n"),
        "spec.yaml:4:13: job `a` (jobs[0]): `command` and `script` are exclusive; use one"
    );
    assert_eq!(
        yaml_err("jobs:\n  - name: a\n"),
        "spec.yaml:2:5: job `a` (jobs[0]): a job needs a `command` (a list of arguments) or a `script`"
    );
    assert_eq!(
        yaml_err("jobs:\n  - name: a\n    command: []\n"),
        "spec.yaml:3:14: job `a` (jobs[0]): `command` must not be empty"
    );
}

#[test]
fn unknown_dependency_suggests_a_close_name() {
    let spec = "jobs:\n  - name: prepare\n    command: [x]\n  - name: align\n    command: [x]\n    depends_on: [prepar]\n";
    assert_eq!(
        yaml_err(spec),
        "spec.yaml:6:18: job `align` (jobs[1]): unknown job `prepar` in `depends_on`; did you mean \
         `prepare`?"
    );
    let spec = "jobs:\n  - name: prepare\n    command: [x]\n  - name: align\n    command: [x]\n    depends_on: [zzz]\n";
    assert_eq!(
        yaml_err(spec),
        "spec.yaml:6:18: job `align` (jobs[1]): unknown job `zzz` in `depends_on`"
    );
}

#[test]
fn cycles_are_named() {
    let spec = "jobs:
  - {name: a, command: [x], depends_on: [b]}
  - {name: b, command: [x], depends_on: [c]}
  - {name: c, command: [x], depends_on: [a]}
  - {name: d, command: [x]}
";
    assert_eq!(
        yaml_err(spec),
        "spec.yaml:2:41: job `a` (jobs[0]): dependency cycle: a -> b -> c -> a (each job depends on \
         the next)"
    );
    assert_eq!(
        yaml_err("jobs:\n  - {name: a, command: [x], depends_on: [a]}\n"),
        "spec.yaml:2:41: job `a` (jobs[0]): dependency cycle: a -> a"
    );
    // A job outside the cycle that waits on it is not part of the message.
    let spec = "jobs:
  - {name: x, command: [x], depends_on: [b]}
  - {name: a, command: [x], depends_on: [b]}
  - {name: b, command: [x], depends_on: [a]}
";
    assert_eq!(
        yaml_err(spec),
        "spec.yaml:3:41: job `a` (jobs[1]): dependency cycle: a -> b -> a (each job depends on the next)"
    );
}

#[test]
fn duplicate_names() {
    assert_eq!(
        yaml_err("jobs:\n  - {name: a, command: [x]}\n  - {name: a, command: [y]}\n"),
        "spec.yaml:3:12: job `a` (jobs[1]): duplicate job name `a` (also jobs[0])"
    );
    assert_eq!(
        yaml_err(
            "jobs:\n  - {name: s-a, command: [x]}\n  - name: 's-{v}'\n    command: [x]\n    sweep: {values: {v: [b, a]}}\n"
        ),
        "spec.yaml:3:11: job `s-a` (jobs[1]): duplicate job name `s-a` (also produced by jobs[0])"
    );
    assert_eq!(
        yaml_err("jobs:\n  - name: same\n    command: [x]\n    sweep: {values: {v: [a, b]}}\n"),
        "spec.yaml:2:11: job `same` (jobs[0]): the sweep produces the job name `same` more than \
         once; put a sweep variable in the name, e.g. `same-{v}`"
    );
    assert_eq!(
        yaml_err("jobs:\n  - {name: '', command: [x]}\n"),
        "spec.yaml:2:12: job `` (jobs[0]): job name must not be empty"
    );
}

#[test]
fn resource_values_use_hails_patterns() {
    for (cpu, ok) in [
        ("1", true),
        ("0.5", true),
        ("250m", true),
        ("+2", true),
        ("16", true),
    ]
    .into_iter()
    .chain([("abc", false), ("1c", false), ("-1", false), ("", false)])
    // The pattern matches, but the service takes only powers of two from 0.25 cores.
    .chain([("1.5m", false), ("3", false), ("0.1", false), ("0", false)])
    {
        let spec = format!("jobs:\n  - {{name: a, command: [x], cpu: '{cpu}'}}\n");
        assert_eq!(load_yaml(&spec).is_ok(), ok, "cpu {cpu:?}");
    }
    for (memory, ok) in [
        ("standard", true),
        ("lowmem", true),
        ("highmem", true),
        ("4Gi", true),
    ]
    .into_iter()
    .chain([
        ("500M", true),
        ("1.5GiB", true),
        ("100", true),
        ("4gb", false),
    ])
    .chain([("medium", false), ("4 Gi", false)])
    {
        let spec = format!("jobs:\n  - {{name: a, command: [x], memory: '{memory}'}}\n");
        assert_eq!(load_yaml(&spec).is_ok(), ok, "memory {memory:?}");
    }
    assert_eq!(
        yaml_err("jobs:\n  - {name: a, command: [x], cpu: 2 cores}\n"),
        "spec.yaml:2:34: job `a` (jobs[0]): invalid cpu `2 cores`: expected a number of cores (`1`, \
         `0.5`) or millicores (`250m`)"
    );
    assert_eq!(
        yaml_err("jobs:\n  - {name: a, command: [x], memory: medium}\n"),
        "spec.yaml:2:37: job `a` (jobs[0]): invalid memory `medium`: expected `lowmem`, `standard`, \
         `highmem` or a size such as `4Gi` or `500M`"
    );
    assert_eq!(
        yaml_err("jobs:\n  - {name: a, command: [x], storage: standard}\n"),
        "spec.yaml:2:38: job `a` (jobs[0]): invalid storage `standard`: expected a size such as `10Gi`"
    );
    assert_eq!(
        yaml_err("defaults: {cpu: lots}\njobs:\n  - {name: a, command: [x]}\n"),
        "spec.yaml:1:17: defaults: invalid cpu `lots`: expected a number of cores (`1`, `0.5`) or \
         millicores (`250m`)"
    );
}

#[test]
fn other_value_checks() {
    let one = |extra: &str| yaml_err(&format!("jobs:\n  - {{name: a, command: [x], {extra}}}\n"));
    assert_eq!(
        one("timeout: 0"),
        "spec.yaml:2:38: job `a` (jobs[0]): `timeout` must be a positive number of seconds, found 0"
    );
    assert_eq!(
        one("n_max_attempts: 0"),
        "spec.yaml:2:45: job `a` (jobs[0]): `n_max_attempts` must be at least 1, found 0"
    );
    assert_eq!(
        one("regions: []"),
        "spec.yaml:2:38: job `a` (jobs[0]): `regions` must not be empty (use `any_region` to allow \
         every region)"
    );
    assert_eq!(
        one("regions: [any_region, us-east1]"),
        "spec.yaml:2:39: job `a` (jobs[0]): `any_region` must be the only entry of `regions`"
    );
    assert_eq!(
        one("machine_type: n1-standard-4, cpu: 2"),
        "spec.yaml:2:43: job `a` (jobs[0]): `machine_type` cannot be combined with `cpu` or `memory`"
    );
    assert_eq!(
        one("cloudfuse: [{bucket: b, mount_path: /io}]"),
        "spec.yaml:2:65: job `a` (jobs[0]): cloudfuse bucket `b` cannot be mounted at /io (the job's \
         working disk)"
    );
    assert_eq!(
        one("cloudfuse: [{bucket: b, mount_path: /m, read_only: false}]"),
        "spec.yaml:2:80: job `a` (jobs[0]): cloudfuse bucket `b` must be mounted read-only: the \
         service rejects `read_only: false`"
    );
    assert_eq!(
        one("env: {1BAD: x}"),
        "spec.yaml:2:41: job `a` (jobs[0]): invalid environment variable name `1BAD`"
    );
    assert_eq!(
        one("attributes: {name: x}"),
        "spec.yaml:2:48: job `a` (jobs[0]): the job attribute `name` is set by the job's `name` key; \
         remove it from `attributes`"
    );
    assert_eq!(
        one("input_files: [in.txt]"),
        "spec.yaml:2:43: job `a` (jobs[0]): `input_files` entry `in.txt` must be \"SRC:DST\" or \
         {from: SRC, to: DST}"
    );
    assert_eq!(
        one("input_files: ['gs://b/x:io/x']"),
        "spec.yaml:2:43: job `a` (jobs[0]): `input_files`: the container path `io/x` must be \
         absolute (e.g. under /io)"
    );
    assert_eq!(
        yaml_err("cancel_after_n_failures: 0\njobs: []\n"),
        "spec.yaml:1:26: `cancel_after_n_failures` must be positive, found 0"
    );
    assert_eq!(
        yaml_err("defaults: {machine_type: n1-standard-4, memory: highmem}\njobs: []\n"),
        "spec.yaml:1:26: defaults: `machine_type` cannot be combined with `cpu` or `memory`"
    );
}

/// A value that parses but that the service would refuse is reported at its own line and
/// column, with its job's name, whichever format the spec is written in.
#[test]
fn invalid_values_are_located_in_every_format() {
    // (yaml, toml, json, where in each, message after the position)
    let cases = [
        (
            "jobs:\n  - name: small\n    command: [x]\n  - name: big\n    command: [x]\n    cpu: 3\n",
            "[[jobs]]\nname = \"small\"\ncommand = [\"x\"]\n\n[[jobs]]\nname = \"big\"\ncommand = [\"x\"]\ncpu = 3\n",
            "{\"jobs\": [\n  {\"name\": \"small\", \"command\": [\"x\"]},\n  {\"name\": \"big\", \"command\": [\"x\"],\n   \"cpu\": 3}\n]}\n",
            ["6:10", "8:7", "4:11"],
            "job `big` (jobs[1]): invalid cpu `3`: the service takes a power of two number of \
             cores, at least 0.25 (0.25, 0.5, 1, 2, 4, ...)",
        ),
        (
            "defaults:\n  memory: lots\njobs: []\n",
            "jobs = []\n[defaults]\nmemory = \"lots\"\n",
            "{\"defaults\": {\"memory\": \"lots\"}, \"jobs\": []}",
            ["2:11", "3:10", "1:25"],
            "defaults: invalid memory `lots`: expected `lowmem`, `standard`, `highmem` or a size \
             such as `4Gi` or `500M`",
        ),
        (
            "jobs:\n  - name: 'a-{i}'\n    sweep: {values: {i: [1, 2]}}\n    command: [x]\n    storage: big\n",
            "[[jobs]]\nname = \"a-{i}\"\nsweep = { values = { i = [1, 2] } }\ncommand = [\"x\"]\nstorage = \"big\"\n",
            "{\"jobs\": [{\"name\": \"a-{i}\", \"sweep\": {\"values\": {\"i\": [1, 2]}},\n  \"command\": [\"x\"], \"storage\": \"big\"}]}",
            ["5:14", "5:11", "2:32"],
            "job `a-{i}` (jobs[0]): invalid storage `big`: expected a size such as `10Gi`",
        ),
        (
            "regions: [us-central1, any_region]\njobs: []\n",
            "regions = [\"us-central1\", \"any_region\"]\njobs = []\n",
            "{\"regions\": [\"us-central1\", \"any_region\"], \"jobs\": []}",
            ["1:24", "1:27", "1:29"],
            "`any_region` must be the only entry of `regions`",
        ),
        (
            "jobs:\n  - name: a\n    command: [x]\n    env: {GOOD: 1, 1BAD: x}\n",
            "[[jobs]]\nname = \"a\"\ncommand = [\"x\"]\nenv.GOOD = 1\nenv.1BAD = \"x\"\n",
            "{\"jobs\": [{\"name\": \"a\", \"command\": [\"x\"], \"env\": {\"GOOD\": 1, \"1BAD\": \"x\"}}]}",
            ["4:26", "5:12", "1:70"],
            "job `a` (jobs[0]): invalid environment variable name `1BAD`",
        ),
    ];
    for (yaml, toml, json, positions, message) in cases {
        for ((text, format), position) in [
            (yaml, SpecFormat::Yaml),
            (toml, SpecFormat::Toml),
            (json, SpecFormat::Json),
        ]
        .into_iter()
        .zip(positions)
        {
            let origin = format!("spec.{format}");
            assert_eq!(
                err_in(text, format, &origin),
                format!("{origin}:{position}: {message}")
            );
        }
    }
}

/// Regions the service does not support are found after planning (the service names the ones
/// it supports), and still reported at their place in the file.
#[test]
fn unsupported_regions_are_located_in_every_format() {
    let check = |text: &str, format: SpecFormat, top_level: bool| {
        let plan = load_str(text, format, &format!("spec.{format}"), &base()).unwrap();
        let supported = |region: &str| region == "us-central1";
        let message = |refused: &[&str]| format!("refused {}", refused.join(" "));
        plan.check_regions(top_level, supported, message)
            .map_err(|e| e.to_string())
    };
    let jobs = [
        (
            "jobs:\n  - {name: near, command: [x]}\n  - name: far\n    command: [x]\n    regions: [us-central1, mars-central1, moon]\n",
            SpecFormat::Yaml,
            "5:28",
        ),
        (
            "[[jobs]]\nname = \"near\"\ncommand = [\"x\"]\n[[jobs]]\nname = \"far\"\ncommand = [\"x\"]\nregions = [\"us-central1\", \"mars-central1\", \"moon\"]\n",
            SpecFormat::Toml,
            "7:27",
        ),
        (
            "{\"jobs\": [{\"name\": \"near\", \"command\": [\"x\"]},\n {\"name\": \"far\", \"command\": [\"x\"],\n  \"regions\": [\"us-central1\", \"mars-central1\", \"moon\"]}]}",
            SpecFormat::Json,
            "3:30",
        ),
    ];
    for (text, format, position) in jobs {
        assert_eq!(
            check(text, format, false),
            Err(format!(
                "spec.{format}:{position}: job `far` (jobs[1]): refused mars-central1 moon"
            ))
        );
    }
    // The top-level `regions`, when they apply (no `--region`); a single name is located too.
    let top = [
        ("regions: mars\njobs: []\n", SpecFormat::Yaml, "1:10"),
        ("jobs = []\nregions = \"mars\"\n", SpecFormat::Toml, "2:11"),
        (
            "{\"jobs\": [], \"regions\": [\"mars\"]}",
            SpecFormat::Json,
            "1:26",
        ),
    ];
    for (text, format, position) in top {
        assert_eq!(
            check(text, format, true),
            Err(format!("spec.{format}:{position}: refused mars"))
        );
        assert_eq!(check(text, format, false), Ok(()));
    }
    // `any_region`, and `null` (any region), are not regions to check.
    let any = "regions: any_region\njobs:\n  - {name: a, command: [x], regions: null}\n";
    assert_eq!(check(any, SpecFormat::Yaml, true), Ok(()));
}

// ---------------------------------------------------------------------------------------------
// Defaults

#[test]
fn defaults_merge_and_job_keys_override() {
    let plan = yaml(
        "defaults:
  image: img:1
  cpu: 2
  memory: highmem
  env: {A: '1', B: '2'}
  attributes: {team: t}
  shell: /bin/sh
  timeout: 10
  always_run: true
  cloudfuse: [{bucket: ref, mount_path: /ref}]
jobs:
  - {name: a, script: 'echo a', env: {B: three, C: '4'}, attributes: {step: s}}
  - {name: b, command: [x], image: null, timeout: null, cloudfuse: [], always_run: false}
  - {name: c, command: [x], machine_type: n1-highmem-8}
  - {name: d, command: [x], cpu: '0.25'}
",
    );
    let [a, b, c, d] = &plan.jobs[..] else {
        panic!()
    };
    assert_eq!(a.command, ["/bin/sh", "-c", "echo a"]);
    assert_eq!(a.image.as_deref(), Some("img:1"));
    let env: Vec<(&str, &str)> = a
        .env
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(env, [("A", "1"), ("B", "three"), ("C", "4")]);
    assert_eq!(a.attributes.keys().collect::<Vec<_>>(), ["team", "step"]);
    assert_eq!(a.timeout, Some(10.0));
    assert!(a.always_run);
    assert_eq!(a.cloudfuse.len(), 1);
    // `null` clears a default; an empty list replaces it.
    assert_eq!(b.image, None);
    assert_eq!(b.timeout, None);
    assert!(b.cloudfuse.is_empty());
    assert!(!b.always_run);
    // A job's machine type drops the default cpu and memory.
    assert_eq!(
        (
            c.machine_type.as_deref(),
            c.cpu.as_deref(),
            c.memory.as_deref()
        ),
        (Some("n1-highmem-8"), None, None)
    );
    assert_eq!(
        (d.cpu.as_deref(), d.memory.as_deref()),
        (Some("0.25"), Some("highmem"))
    );

    // A job's cpu drops a default machine type.
    let plan = yaml(
        "defaults: {machine_type: n1-standard-4}\njobs:\n  - {name: a, command: [x], cpu: 1}\n  - {name: b, command: [x]}\n",
    );
    assert_eq!(
        (
            plan.jobs[0].machine_type.as_deref(),
            plan.jobs[0].cpu.as_deref()
        ),
        (None, Some("1"))
    );
    assert_eq!(plan.jobs[1].machine_type.as_deref(), Some("n1-standard-4"));
}

#[test]
fn regions_precedence_and_forms() {
    let plan = yaml(
        "regions: any_region
jobs:
  - {name: a, command: [x]}
  - {name: b, command: [x], regions: us-east1}
  - {name: c, command: [x], regions: null}
",
    );
    // The top-level regions are the batch's: the submitter applies them (or `--region`) to the
    // jobs without their own.
    assert_eq!(plan.regions, Some(vec!["any_region".to_string()]));
    assert_eq!(plan.jobs[0].regions, None);
    assert_eq!(
        plan.jobs[1].regions.as_deref(),
        Some(&["us-east1".to_string()][..])
    );
    // `null` lets the job run anywhere, as Hail's `j.regions(None)`.
    assert_eq!(
        plan.jobs[2].regions.as_deref(),
        Some(&["any_region".to_string()][..])
    );
}

#[test]
fn relative_local_paths_are_resolved_against_the_spec_directory() {
    let plan = yaml(
        "jobs:
  - name: a
    command: [x]
    input_files: ['data/in.txt:/io/in.txt', {from: 'file:///abs/x', to: /io/x}]
    output_files: ['/io/out.txt:results/out.txt', '/io/o2:gs://b/o2']
",
    );
    let job = &plan.jobs[0];
    assert_eq!(job.input_files[0].from, "/specs/data/in.txt");
    assert_eq!(job.input_files[1].from, "file:///abs/x");
    assert_eq!(job.output_files[0].to, "/specs/results/out.txt");
    assert_eq!(
        job.output_files[1],
        FileTransfer {
            from: "/io/o2".into(),
            to: "gs://b/o2".into()
        }
    );
}

// ---------------------------------------------------------------------------------------------
// Sweeps

#[test]
fn sweep_over_values_zips() {
    let plan = yaml(
        "jobs:
  - name: 'call-{sample}'
    sweep: {values: {sample: [a, b, c], n: [1, 2, 3]}}
    command: [echo, '{sample}', '{n}']
    env: {SAMPLE: '{sample}'}
    attributes: {sample: '{sample}'}
    input_files: ['/data/{sample}.bam:/io/in.bam']
    output_files: [{from: /io/out.vcf, to: 'gs://b/{sample}.vcf'}]
",
    );
    assert_eq!(names(&plan), ["call-a", "call-b", "call-c"]);
    let b = &plan.jobs[1];
    assert_eq!(b.command, ["echo", "b", "2"]);
    assert_eq!(b.env.get("SAMPLE").map(String::as_str), Some("b"));
    assert_eq!(b.attributes.get("sample").map(String::as_str), Some("b"));
    assert_eq!(b.input_files[0].from, "/data/b.bam");
    assert_eq!(b.output_files[0].to, "gs://b/b.vcf");
}

#[test]
fn sweep_over_matrix_is_a_product() {
    let plan = yaml(
        "jobs:
  - name: 'j-{sample}-{chrom}'
    sweep: {matrix: {sample: [a, b], chrom: [1, 2, X]}}
    command: [echo]
",
    );
    assert_eq!(
        names(&plan),
        ["j-a-1", "j-a-2", "j-a-X", "j-b-1", "j-b-2", "j-b-X"]
    );
}

#[test]
fn sweep_over_tsv_and_csv_files() {
    let dir = tempdir_with(&[
        ("s.tsv", "sample\tpath\r\nA\t/d/a.bam\r\n\nB\t/d/b bam\n"),
        ("s.csv", "sample,desc\nA,\"x, y\"\nB,\"say \"\"hi\"\"\"\n"),
    ]);
    let spec = |file: &str| {
        format!(
            "jobs:\n  - name: 'j-{{sample}}'\n    sweep: {{file: {file}}}\n    command: [echo, '{{{}}}']\n",
            if file.ends_with("tsv") {
                "path"
            } else {
                "desc"
            }
        )
    };
    let plan = load_str(&spec("s.tsv"), SpecFormat::Yaml, "spec.yaml", dir.path()).unwrap();
    assert_eq!(names(&plan), ["j-A", "j-B"]);
    assert_eq!(plan.jobs[1].command, ["echo", "/d/b bam"]);
    let plan = load_str(&spec("s.csv"), SpecFormat::Yaml, "spec.yaml", dir.path()).unwrap();
    assert_eq!(plan.jobs[0].command, ["echo", "x, y"]);
    assert_eq!(plan.jobs[1].command, ["echo", "say \"hi\""]);
}

#[test]
fn sweep_errors() {
    let dir = tempdir_with(&[
        ("ragged.tsv", "a\tb\n1\t2\n1\t2\t3\n"),
        ("empty.tsv", "\n\n"),
        ("header.csv", "a,b\n"),
        ("badname.tsv", "a\tsample id\n"),
        ("dup.csv", "a,a\n1,2\n"),
        ("quote.csv", "a\n\"x\n"),
        ("s.txt", "a\n1\n"),
    ]);
    let err = |sweep: &str| {
        let spec = format!("jobs:\n  - name: 'j-{{a}}'\n    command: [x]\n    sweep: {sweep}\n");
        load_str(&spec, SpecFormat::Yaml, "spec.yaml", dir.path())
            .unwrap_err()
            .to_string()
    };
    // At the entry's `sweep`.
    let prefix = "spec.yaml:4:12: job `j-{a}` (jobs[0]): ";
    assert_eq!(
        err("{file: ragged.tsv}"),
        format!("{prefix}ragged.tsv:3: row has 3 fields but the header has 2")
    );
    assert_eq!(
        err("{file: empty.tsv}"),
        format!("{prefix}sweep file `empty.tsv` is empty: it needs a header row")
    );
    assert_eq!(
        err("{file: header.csv}"),
        format!("{prefix}sweep is empty: it produces no jobs")
    );
    assert_eq!(
        err("{file: badname.tsv}"),
        format!(
            "{prefix}badname.tsv:1: invalid sweep variable name `sample id`: use letters, digits and `_`, not starting with a digit"
        )
    );
    assert_eq!(
        err("{file: dup.csv}"),
        format!("{prefix}dup.csv:1: duplicate column `a`")
    );
    assert_eq!(
        err("{file: quote.csv}"),
        format!("{prefix}quote.csv:2: unterminated quoted field")
    );
    assert_eq!(
        err("{file: s.txt}"),
        format!("{prefix}sweep file `s.txt` must have a .tsv or .csv extension")
    );
    let missing = err("{file: missing.tsv}");
    assert!(
        missing.starts_with(&format!(
            "{prefix}cannot read sweep file `{}/missing.tsv`: ",
            dir.path().display()
        )),
        "{missing}"
    );
    assert_eq!(
        err("{values: {a: []}}"),
        format!("{prefix}sweep is empty: it produces no jobs")
    );
    assert_eq!(
        err("{matrix: {a: [1], b: []}}"),
        format!("{prefix}sweep is empty: it produces no jobs")
    );
    assert_eq!(
        err("{}"),
        format!("{prefix}sweep needs one of `file`, `values` or `matrix`")
    );
    assert_eq!(
        err("{values: {a: [1]}, matrix: {a: [1]}}"),
        format!("{prefix}sweep takes only one of `file`, `values` and `matrix`")
    );
    assert_eq!(
        err("{values: {a: [1, 2], b: [1]}}"),
        format!(
            "{prefix}sweep `values` lists must have the same length: `a` has 2, `b` has 1 (use `matrix` for all combinations)"
        )
    );
}

// ---------------------------------------------------------------------------------------------
// Substitution

#[test]
fn substitution_rules() {
    let vars: IndexMap<String, String> = [("s".to_string(), "A".to_string())].into_iter().collect();
    let sub = |t: &str| substitute(t, &vars);
    assert_eq!(sub("x-{s}-{s}").unwrap(), "x-A-A");
    assert_eq!(sub("{{s}} {{{s}}}").unwrap(), "{s} {A}");
    assert_eq!(
        sub("echo ${HOME} $s ${s:-{x}").unwrap(),
        "echo ${HOME} $s ${s:-{x}"
    );
    assert_eq!(sub("awk '{{print $1}}'").unwrap(), "awk '{print $1}'");
    assert_eq!(sub("{t}"), Err(TemplateError::Unknown("t".into())));
    assert_eq!(sub("{s"), Err(TemplateError::Unmatched('{')));
    assert_eq!(sub("{s{s}"), Err(TemplateError::Unmatched('{')));
    assert_eq!(sub("s}"), Err(TemplateError::Unmatched('}')));
    assert_eq!(
        sub("{print $1}"),
        Err(TemplateError::Invalid("print $1".into()))
    );
    assert_eq!(sub("{}"), Err(TemplateError::Invalid(String::new())));
}

#[test]
fn substitution_errors_name_the_variable_and_field() {
    let job = |field: &str| {
        yaml_err(&format!(
            "jobs:\n  - name: 'j-{{a}}'\n    sweep: {{values: {{a: [1], b: [2]}}}}\n    command: [x]\n    {field}\n"
        ))
    };
    // At the value that does not fill in.
    let at = |position: &str| format!("spec.yaml:{position}: job `j-{{a}}` (jobs[0]): ");
    assert_eq!(
        job("env: {X: '{sample}'}"),
        format!(
            "{}unknown variable `{{sample}}` in env `X`; the sweep defines: a, b",
            at("5:14")
        )
    );
    assert_eq!(
        job("input_files: ['/d/{c}:/io/x']"),
        format!(
            "{}unknown variable `{{c}}` in `input_files`; the sweep defines: a, b",
            at("5:19")
        )
    );
    assert_eq!(
        yaml_err(
            "jobs:\n  - name: 'j-{a}'\n    sweep: {values: {a: [1]}}\n    script: \"awk '{print $1}'\"\n"
        ),
        format!(
            "{}invalid placeholder `{{print $1}}` in `script`: placeholders are `{{name}}` \
             with a sweep variable name (write `{{{{` and `}}}}` for literal braces)",
            at("4:13")
        )
    );
    assert_eq!(
        yaml_err(
            "jobs:\n  - name: 'j-{a}'\n    sweep: {values: {a: [1]}}\n    command: [y, 'x}']\n"
        ),
        format!(
            "{}unmatched `}}` in `command` (write `}}}}` for a literal brace)",
            at("4:18")
        )
    );
}

#[test]
fn plain_jobs_are_not_templates() {
    let plan = yaml("jobs:\n  - {name: 'a{b}', command: [awk, '{print $1}', '{{x}}']}\n");
    assert_eq!(plan.jobs[0].name, "a{b}");
    assert_eq!(plan.jobs[0].command, ["awk", "{print $1}", "{{x}}"]);
}

// ---------------------------------------------------------------------------------------------
// Dependencies and order

#[test]
fn jobs_are_ordered_topologically_and_stably() {
    let plan = yaml(
        "jobs:
  - {name: report, command: [x], depends_on: [merge]}
  - {name: a, command: [x]}
  - {name: merge, command: [x], depends_on: [b, a, a]}
  - {name: b, command: [x]}
  - {name: other, command: [x]}
",
    );
    assert_eq!(names(&plan), ["a", "b", "merge", "report", "other"]);
    assert_eq!(plan.jobs[2].parents, [0, 1]);
    assert_eq!(plan.jobs[3].parents, [2]);
    assert!(plan.jobs[4].parents.is_empty());
}

#[test]
fn sweep_dependencies() {
    let plan = yaml(
        "jobs:
  - {name: prep, command: [x]}
  - name: 'align-{s}'
    sweep: {values: {s: [a, b]}}
    depends_on: [prep]
    command: [x]
  - name: 'call-{s}'
    sweep: {values: {s: [a, b]}}
    depends_on: ['align-{s}']
    command: [x]
  - name: 'all-{s}'
    sweep: {values: {s: [a]}}
    depends_on: ['align-{{s}}']
    command: [x]
  - {name: merge, command: [x], depends_on: ['call-{s}']}
",
    );
    assert_eq!(
        names(&plan),
        [
            "prep", "align-a", "align-b", "call-a", "call-b", "all-a", "merge"
        ]
    );
    assert_eq!(plan.jobs[1].parents, [0]);
    // Row by row: call-b waits only for align-b.
    assert_eq!(plan.jobs[4].parents, [2]);
    // `{{s}}` keeps the template: all-a waits for the whole align sweep.
    assert_eq!(plan.jobs[5].parents, [1, 2]);
    // A plain job naming a sweep's template waits for all of it.
    assert_eq!(plan.jobs[6].parents, [3, 4]);

    // A single expanded name works too.
    let plan = yaml(
        "jobs:
  - {name: last, command: [x], depends_on: [j-b]}
  - {name: 'j-{v}', command: [x], sweep: {values: {v: [a, b]}}}
",
    );
    assert_eq!(names(&plan), ["j-a", "j-b", "last"]);
    assert_eq!(plan.jobs[2].parents, [1]);
}

#[test]
fn empty_job_list_is_allowed() {
    let plan = yaml("name: nothing\njobs: []\n");
    assert!(plan.jobs.is_empty());
}

#[test]
fn json_schema_lists_the_same_keys_as_the_parser() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/batch-spec.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let keys = |v: &serde_json::Value| -> std::collections::BTreeSet<String> {
        v["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    // The parser's allowed keys, as its "unknown field" message lists them.
    let allowed = |spec: &str| -> std::collections::BTreeSet<String> {
        let message = load_yaml(spec).unwrap_err().message();
        let list = message
            .split("expected one of ")
            .nth(1)
            .unwrap()
            .to_string();
        list.split(", ")
            .map(|k| k.trim_matches('`').to_string())
            .collect()
    };
    assert_eq!(keys(&schema), allowed("bogus: 1\njobs: []\n"));
    assert_eq!(
        keys(&schema["properties"]["jobs"]["items"]),
        allowed("jobs:\n  - bogus: 1\n")
    );
    assert_eq!(
        keys(&schema["properties"]["defaults"]),
        allowed("defaults: {bogus: 1}\njobs: []\n")
    );
}
