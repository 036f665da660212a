//! End-to-end tests of `hailctl config`, through the built binary in an isolated home.
//! Expected outputs are the Python tool's, as recorded in the reference (hailctl-cli.md §8,
//! config-and-auth.md §8), except where docs/config.md documents a deliberate difference.

use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;

use crate::util::{CANONICAL_FILE, CANONICAL_SETS, Sandbox};

fn canonical(sb: &Sandbox) {
    for (name, value) in CANONICAL_SETS {
        assert_eq!(sb.run(&["config", "set", name, value]).ok(), "");
    }
}

#[test]
fn set_writes_the_canonical_file_and_get_list_read_it() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.hail_dir()).expect("mkdir");
    std::fs::write(sb.hail_dir().join(".hailctl.lock"), "").expect("an old lock file");
    canonical(&sb);
    assert_eq!(sb.read("config.ini"), CANONICAL_FILE);
    // The directory holds what Hail's tool leaves there, and nothing else (no lock file).
    let mut names: Vec<String> = std::fs::read_dir(sb.hail_dir())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["config.ini"]);
    let mode = std::fs::metadata(sb.config_ini())
        .expect("config.ini exists")
        .permissions()
        .mode();
    assert_eq!(mode & 0o111, 0, "config.ini must not be executable");
    assert_eq!(
        sb.redact(sb.run(&["config", "list"]).ok()),
        "Config settings from <T>/xdg/hail/config.ini:\nbatch/billing_project=my-project\n\
         batch/remote_tmpdir=gs://my-bucket/batch/tmp/\nbatch/regions=us-central1,us-east1\n\
         global/domain=example.org\nquery/backend=batch\n"
    );
    assert_eq!(
        sb.redact(sb.run(&["config", "list", "batch"]).ok()),
        "Config settings from <T>/xdg/hail/config.ini:\nbatch/billing_project=my-project\n\
         batch/remote_tmpdir=gs://my-bucket/batch/tmp/\nbatch/regions=us-central1,us-east1\n"
    );
    assert_eq!(sb.run(&["config", "list", "nosuch"]).ok(), "");
    assert_eq!(
        sb.run(&["config", "get", "batch/remote_tmpdir"]).ok(),
        "gs://my-bucket/batch/tmp/\n"
    );
    assert_eq!(
        sb.run(&["config", "get", "global/domain"]).ok(),
        "example.org\n"
    );
    assert_eq!(sb.run(&["config", "get", "domain"]).ok(), "example.org\n");
    assert_eq!(
        sb.run(&["config", "get", "batch/BILLING_PROJECT"]).ok(),
        "my-project\n"
    );
    assert_eq!(sb.run(&["config", "get", "nothere"]).ok(), "");
    assert_eq!(
        sb.redact(sb.run(&["config", "config-location"]).ok()),
        "Default settings: <T>/xdg/hail/config.ini\n"
    );
}

#[test]
fn empty_config_prints_nothing() {
    let sb = Sandbox::new();
    assert_eq!(sb.run(&["config", "list"]).ok(), "");
    assert_eq!(sb.run(&["config", "get", "domain"]).ok(), "");
    assert!(
        !sb.hail_dir().exists(),
        "reading must not create the directory"
    );
}

#[test]
fn bad_values_are_rejected_with_hails_message() {
    let sb = Sandbox::new();
    let cases = [
        (
            "domain",
            "foo",
            "Error: bad value 'foo' for parameter <ConfigVariable.DOMAIN: 'domain'> should be valid domain\n",
        ),
        (
            "batch/backend",
            "foo",
            "Error: bad value 'foo' for parameter <ConfigVariable.BATCH_BACKEND: 'batch/backend'> should be one of \"local\" or \"service\"\n",
        ),
        (
            "batch/regions",
            "us-central1, us-east1",
            "Error: bad value 'us-central1, us-east1' for parameter <ConfigVariable.BATCH_REGIONS: 'batch/regions'> should be comma separated list of regions\n",
        ),
    ];
    for (name, value, message) in cases {
        assert_eq!(
            sb.run(&["config", "set", name, value]).fails_with(1),
            message
        );
    }
    assert!(!sb.config_ini().exists(), "a rejected value writes nothing");
    // Usage errors exit 2, as Click does.
    sb.run(&["config", "set", "foo/bar", "baz"]).fails_with(2);
    sb.run(&["config", "set", "Domain", "x.y"]).fails_with(2);
    sb.run(&["config", "set", "domain"]).fails_with(2);
    sb.run(&["config", "get"]).fails_with(2);
    // A value starting with `-` is taken for a flag, as by Hail's tool; `--` passes it.
    sb.run(&["config", "set", "http/timeout_in_seconds", "-1"])
        .fails_with(2);
    sb.run(&["config", "set", "http/timeout_in_seconds", "--", "-1"])
        .ok();
    assert_eq!(
        sb.run(&["config", "get", "http/timeout_in_seconds"]).ok(),
        "-1\n"
    );
}

#[test]
fn more_than_one_slash_is_an_error() {
    let sb = Sandbox::new();
    let expected = "Parameters must contain at most one slash separating the configuration section\n\
        from the configuration parameter, for example: \"batch/billing_project\".\n\n\
        Parameters may also have no slashes, indicating the parameter is a global\n\
        parameter, for example: \"domain\".\n\n\
        A parameter with more than one slash is invalid, for example:\n\
        \"batch/billing/project\".\n\n";
    assert_eq!(sb.run(&["config", "get", "a/b/c"]).fails_with(1), expected);
    assert_eq!(
        sb.run(&["config", "unset", "a/b/c"]).fails_with(1),
        expected
    );
}

#[test]
fn percent_signs_follow_configparser() {
    let sb = Sandbox::new();
    sb.run(&["config", "set", "batch/remote_tmpdir", "gs://b/100%%x"])
        .ok();
    assert_eq!(
        sb.read("config.ini"),
        "[batch]\nremote_tmpdir = gs://b/100%%x\n\n"
    );
    assert_eq!(
        sb.run(&["config", "get", "batch/remote_tmpdir"]).ok(),
        "gs://b/100%x\n"
    );
    let run = sb.run(&["config", "set", "query/name_prefix", "a%b"]);
    assert_eq!(
        run.fails_with(1),
        "error: invalid interpolation syntax in 'a%b' at position 1\n\
         hint: a literal % is written %% in Hail's configuration files\n"
    );
    assert_eq!(
        sb.read("config.ini"),
        "[batch]\nremote_tmpdir = gs://b/100%%x\n\n"
    );
}

#[test]
fn unusual_values_round_trip_like_python() {
    let sb = Sandbox::new();
    sb.run(&["config", "set", "profile", ""]).ok();
    sb.run(&["config", "set", "http/timeout_in_seconds", " 12 "])
        .ok();
    assert_eq!(
        sb.read("config.ini"),
        "[global]\nprofile = \n\n[http]\ntimeout_in_seconds =  12 \n\n"
    );
    assert_eq!(
        sb.run(&["config", "get", "http/timeout_in_seconds"]).ok(),
        "12\n"
    );
    // The next rewrite stores the value as read back, stripped.
    sb.run(&["config", "set", "query/name_prefix", "a[bold]b"])
        .ok();
    assert_eq!(
        sb.read("config.ini"),
        "[global]\nprofile = \n\n[http]\ntimeout_in_seconds = 12\n\n[query]\nname_prefix = a[bold]b\n\n"
    );
    // Printed raw: Hail's tool would interpret `[bold]` as rich markup and print "ab".
    assert_eq!(
        sb.run(&["config", "get", "query/name_prefix"]).ok(),
        "a[bold]b\n"
    );
    sb.run(&["config", "set", "profile", "multi\nline"]).ok();
    assert!(sb.read("config.ini").contains("profile = multi\n\tline\n"));
}

#[test]
fn hand_written_files_are_read_and_normalised() {
    let sb = Sandbox::new();
    sb.write(
        "config.ini",
        "# leading comment\n; another\n[Batch]\nBilling_Project: from-upper-section\n\n\
         [batch]\n  # indented comment\nBILLING_PROJECT : BP1 ; not a comment\n\
         Remote_TmpDir=gs://bkt/%(billing_project)s/tmp\nregions =\n   us-central1,\n   us-east1\n\n\
         [DEFAULT]\nshared = from-default\n\n[global]\ndomain=example.org   \n",
    );
    assert_eq!(
        sb.run(&["config", "get", "batch/billing_project"]).ok(),
        "BP1 ; not a comment\n"
    );
    assert_eq!(
        sb.run(&["config", "get", "batch/remote_tmpdir"]).ok(),
        "gs://bkt/BP1 ; not a comment/tmp\n"
    );
    assert_eq!(
        sb.run(&["config", "get", "Batch/billing_project"]).ok(),
        "from-upper-section\n"
    );
    assert_eq!(sb.run(&["config", "get", "shared"]).ok(), "from-default\n");
    assert_eq!(
        sb.run(&["config", "get", "DEFAULT/shared"]).ok(),
        "from-default\n"
    );
    assert_eq!(sb.run(&["config", "get", "nosuch/shared"]).ok(), "");
    assert_eq!(
        sb.redact(sb.run(&["config", "list"]).ok()),
        "Config settings from <T>/xdg/hail/config.ini:\nBatch/billing_project=from-upper-section\n\
         Batch/shared=from-default\nbatch/billing_project=BP1 ; not a comment\n\
         batch/remote_tmpdir=gs://bkt/BP1 ; not a comment/tmp\nbatch/regions=\nus-central1,\nus-east1\n\
         batch/shared=from-default\nglobal/domain=example.org\nglobal/shared=from-default\n"
    );
    sb.run(&["config", "set", "query/backend", "spark"]).ok();
    assert_eq!(
        sb.read("config.ini"),
        "[DEFAULT]\nshared = from-default\n\n[Batch]\nbilling_project = from-upper-section\n\n\
         [batch]\nbilling_project = BP1 ; not a comment\nremote_tmpdir = gs://bkt/%(billing_project)s/tmp\n\
         regions = \n\tus-central1,\n\tus-east1\n\n[global]\ndomain = example.org\n\n\
         [query]\nbackend = spark\n\n"
    );
}

#[test]
fn malformed_files_are_errors_and_never_rewritten() {
    let cases = [
        (
            "[batch]\nbilling_project = a\nBilling_Project = b\n",
            ":3: option 'billing_project' in section 'batch' already exists",
        ),
        (
            "[batch]\nbilling_project = a\n[batch]\nregions = x\n",
            ":3: section 'batch' already exists",
        ),
        (
            "billing_project = a\n[batch]\n",
            ":1: 'billing_project = a' appears before any [section] header",
        ),
        (
            "[batch]\nbilling_project\n",
            ":2: 'billing_project' is neither",
        ),
        ("[batch]\n= novalue\n", ":2: '= novalue' is neither"),
        (
            "[batch]\nremote_tmpdir = gs://x/100%\n",
            ":2: '%' must be followed by '%' or '(', found: '%'",
        ),
        (
            "[batch]\nremote_tmpdir = gs://x/%(nope)s\n",
            ":2: Bad value substitution",
        ),
        (
            "\u{feff}[batch]\nbilling_project = bom\n",
            ":1: the file starts with a UTF-8 byte order mark",
        ),
    ];
    for (text, message) in cases {
        let sb = Sandbox::new();
        sb.write("config.ini", text);
        let expected = format!("error: {}{message}", sb.config_ini().display());
        for args in [
            &["config", "get", "batch/billing_project"][..],
            &["config", "list"],
            &["config", "set", "query/backend", "spark"],
            &["config", "unset", "batch/billing_project"],
        ] {
            let stderr = sb.run(args).fails_with(1).to_string();
            assert!(
                stderr.starts_with(&expected),
                "{args:?} on {text:?}: expected {expected:?}, got {stderr:?}"
            );
            assert!(stderr.contains("\nhint: "), "{stderr:?}");
            assert_eq!(
                sb.read("config.ini"),
                text,
                "{args:?} must not rewrite the file"
            );
        }
    }
}

#[test]
fn unreadable_config_is_an_error() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.config_ini()).expect("mkdir config.ini");
    let run = sb.run(&["config", "list"]);
    let stderr = run.fails_with(1);
    assert!(
        stderr.starts_with(&format!("error: cannot read {}", sb.config_ini().display())),
        "{stderr}"
    );
    sb.run(&["config", "set", "domain", "a.b"]).fails_with(1);
}

#[test]
fn profiles_follow_hail() {
    let sb = Sandbox::new();
    assert_eq!(sb.run(&["config", "profile", "list"]).ok(), "* default\n");
    assert_eq!(
        sb.run(&["config", "profile", "create", "p1"]).ok(),
        "Created profile \"p1\". You can load the profile with `hailctl config profile load p1`.\n"
    );
    assert_eq!(
        sb.run(&["config", "profile", "create", "p1"]).fails_with(1),
        "Error: profile p1 already exists!\n"
    );
    assert_eq!(
        sb.run(&["config", "profile", "list"]).ok(),
        "* default\n  p1\n"
    );
    sb.run(&["config", "set", "batch/remote_tmpdir", "gs://b/default/"])
        .ok();
    sb.run(&["config", "set", "query/backend", "spark"]).ok();
    assert_eq!(
        sb.run(&["config", "profile", "load", "nope"]).fails_with(1),
        "Error: profile 'nope' does not exist. Use `hailctl config profile create nope` to create it.\n"
    );
    assert_eq!(
        sb.redact(sb.run(&["config", "profile", "load", "p1"]).ok()),
        "Loaded profile p1 with settings:\n\nConfig settings from <T>/xdg/hail/config.ini:\n\
         batch/remote_tmpdir=gs://b/default/\nquery/backend=spark\nglobal/profile=p1\n"
    );
    assert_eq!(
        sb.read("config.ini"),
        "[batch]\nremote_tmpdir = gs://b/default/\n\n[query]\nbackend = spark\n\n[global]\nprofile = p1\n\n"
    );
    sb.run(&["config", "set", "batch/remote_tmpdir", "gs://b/p1/"])
        .ok();
    sb.run(&["config", "set", "batch/billing_project", "p1bp"])
        .ok();
    assert_eq!(
        sb.read("p1.ini"),
        "[batch]\nremote_tmpdir = gs://b/p1/\nbilling_project = p1bp\n\n"
    );
    assert_eq!(
        sb.redact(sb.run(&["config", "list"]).ok()),
        "Config settings from <T>/xdg/hail/p1.ini:\nbatch/remote_tmpdir=gs://b/p1/\nbatch/billing_project=p1bp\n\n\
         Config settings from <T>/xdg/hail/config.ini:\nquery/backend=spark\nglobal/profile=p1\n"
    );
    assert_eq!(
        sb.redact(sb.run(&["config", "config-location"]).ok()),
        "Default settings: <T>/xdg/hail/config.ini\n\
         Overrode default settings with profile \"p1\": <T>/xdg/hail/p1.ini\n"
    );
    assert_eq!(
        sb.run(&["config", "profile", "list"]).ok(),
        "  default\n* p1\n"
    );
    assert_eq!(
        sb.run(&["config", "profile", "delete", "p1"]).fails_with(1),
        "Cannot delete a profile that is currently being used. Use `hailctl config profile list` \
         to see available profiles. Load a different environment with `hailctl config profile load \
         <profile_name>`.\n"
    );
    assert_eq!(
        sb.run(&["config", "profile", "delete", "default"])
            .fails_with(1),
        "Cannot delete the \"default\" profile.\n"
    );
    sb.run(&["config", "profile", "load", "default"]).ok();
    assert!(
        sb.read("config.ini")
            .contains("[global]\nprofile = default\n")
    );
    assert_eq!(
        sb.run(&["config", "profile", "delete", "p1"]).ok(),
        "Deleted profile \"p1\".\n"
    );
    assert_eq!(
        sb.run(&["config", "profile", "delete", "p1"]).fails_with(1),
        "Unknown profile \"p1\".\n"
    );
    // `config` names config.ini, which Hail would delete; we refuse.
    sb.run(&["config", "profile", "delete", "config"])
        .fails_with(1);
    assert!(sb.config_ini().exists());
}

#[test]
fn unset_removes_the_key_from_the_file_that_holds_it() {
    let sb = Sandbox::new();
    sb.write(
        "config.ini",
        "[query]\nbackend = spark\n\n[batch]\nbilling_project = base\n\n[global]\nprofile = p1\n\n",
    );
    sb.write(
        "p1.ini",
        "[batch]\nremote_tmpdir = gs://b/p1/\nbilling_project = p1bp\n\n",
    );
    // A key only in config.ini: removed there; the profile's file is untouched.
    assert_eq!(sb.run(&["config", "unset", "query/backend"]).ok(), "");
    assert_eq!(
        sb.read("config.ini"),
        "[query]\n\n[batch]\nbilling_project = base\n\n[global]\nprofile = p1\n\n"
    );
    assert_eq!(
        sb.read("p1.ini"),
        "[batch]\nremote_tmpdir = gs://b/p1/\nbilling_project = p1bp\n\n"
    );
    // A key only in the profile: removed from the profile (Hail cannot remove it at all).
    sb.run(&["config", "unset", "batch/remote_tmpdir"]).ok();
    assert_eq!(sb.read("p1.ini"), "[batch]\nbilling_project = p1bp\n\n");
    assert_eq!(sb.run(&["config", "get", "batch/remote_tmpdir"]).ok(), "");
    // A key in both: removed from the profile, and the user is told config.ini's value applies.
    let run = sb.run(&["config", "unset", "batch/billing_project"]);
    assert_eq!(run.ok(), "");
    assert!(
        run.stderr
            .starts_with("note: removed batch/billing_project from "),
        "{run:?}"
    );
    assert!(run.stderr.contains("the value 'base'"), "{run:?}");
    assert_eq!(
        sb.run(&["config", "get", "batch/billing_project"]).ok(),
        "base\n"
    );
    assert_eq!(
        sb.run(&["config", "unset", "nosuch"]).fails_with(0),
        "WARNING: Unknown parameter 'nosuch'\n"
    );
    // Keys inherited from [DEFAULT] are removed through DEFAULT.
    sb.write("config.ini", "[DEFAULT]\nshared = d\n\n[batch]\nx = 1\n\n");
    let stderr = sb
        .run(&["config", "unset", "batch/shared"])
        .fails_with(1)
        .to_string();
    assert!(
        stderr.contains("inherited from the [DEFAULT] section"),
        "{stderr}"
    );
    sb.run(&["config", "unset", "DEFAULT/shared"]).ok();
    assert_eq!(sb.read("config.ini"), "[batch]\nx = 1\n\n");
}

#[test]
fn per_invocation_profile_does_not_rewrite_files() {
    let sb = Sandbox::new();
    sb.write("config.ini", "[batch]\nbilling_project = base\n\n");
    sb.write("ci.ini", "[batch]\nbilling_project = ci-project\n\n");
    let before = sb.read("config.ini");
    assert_eq!(
        sb.run(&["--profile", "ci", "config", "get", "batch/billing_project"])
            .ok(),
        "ci-project\n"
    );
    assert_eq!(
        sb.run(&["config", "get", "batch/billing_project", "--profile", "ci"])
            .ok(),
        "ci-project\n"
    );
    assert_eq!(
        sb.run_with(
            &["config", "get", "batch/billing_project"],
            &[("HAILCTL_PROFILE", "ci")]
        )
        .ok(),
        "ci-project\n"
    );
    // The flag wins over the variable; `default` means no profile.
    assert_eq!(
        sb.run_with(
            &[
                "--profile",
                "default",
                "config",
                "get",
                "batch/billing_project"
            ],
            &[("HAILCTL_PROFILE", "ci")]
        )
        .ok(),
        "base\n"
    );
    assert_eq!(
        sb.run(&["--profile", "ci", "config", "profile", "list"])
            .ok(),
        "  ci\n  default\n".replace("  ci", "* ci")
    );
    // `set` writes into the selected profile's file, never into config.ini.
    sb.run(&[
        "--profile",
        "ci",
        "config",
        "set",
        "batch/regions",
        "us-east1",
    ])
    .ok();
    assert_eq!(
        sb.read("ci.ini"),
        "[batch]\nbilling_project = ci-project\nregions = us-east1\n\n"
    );
    assert_eq!(sb.read("config.ini"), before);
    assert_eq!(
        sb.redact(
            sb.run(&["--profile", "ci", "config", "config-location"])
                .ok()
        ),
        "Default settings: <T>/xdg/hail/config.ini\n\
         Overrode default settings with profile \"ci\": <T>/xdg/hail/ci.ini\n"
    );
    sb.run(&["--profile", "ci", "config", "profile", "delete", "ci"])
        .fails_with(1);
    // A missing profile is an error naming where it was asked for.
    let stderr = sb
        .run(&["--profile", "nope", "config", "list"])
        .fails_with(1)
        .to_string();
    assert!(
        stderr.starts_with("error: profile \"nope\" (from --profile) does not exist"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: create it with `hailctl config profile create nope`"),
        "{stderr}"
    );
    let stderr = sb
        .run_with(&["config", "list"], &[("HAILCTL_PROFILE", "nope")])
        .fails_with(1)
        .to_string();
    assert!(stderr.contains("(from HAILCTL_PROFILE)"), "{stderr}");
}

#[test]
fn list_origin_shows_each_values_source() {
    let sb = Sandbox::new();
    sb.write(
        "config.ini",
        "[batch]\nbilling_project = base\nregions = r1\n\n[global]\nprofile = p\n\n",
    );
    sb.write("p.ini", "[batch]\nbilling_project = from-profile\n\n");
    let run = sb.run_with(
        &["config", "list", "--origin"],
        &[
            ("HAIL_BATCH_REGIONS", "env-region"),
            ("HAIL_GLOBAL_DOMAIN", "ignored.org"),
        ],
    );
    let out = sb.redact(run.ok());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "file:<T>/xdg/hail/p.ini\tbatch/billing_project=from-profile",
            "env:HAIL_BATCH_REGIONS\tbatch/regions=env-region",
            "file:<T>/xdg/hail/config.ini\tglobal/profile=p",
            "default\tdomain=hail.is",
            "default\tbatch/backend=local",
            "default\tquery/backend=spark",
            "default\thttp/timeout_in_seconds=5",
        ]
        .map(|l| l.replace("\tdomain=", "\tglobal/domain="))
    );
    assert_eq!(
        run.stderr,
        "note: HAIL_GLOBAL_DOMAIN is set, but domain is read from the configuration files only (as Hail does)\n"
    );
    let batch_only = sb.run(&["config", "list", "batch", "--origin"]);
    assert!(
        batch_only.ok().lines().all(|l| l.contains("\tbatch/")),
        "{batch_only:?}"
    );
}

#[test]
fn xdg_config_home_empty_means_the_current_directory() {
    let sb = Sandbox::new();
    let run = sb.run_with(&["config", "config-location"], &[("XDG_CONFIG_HOME", "")]);
    assert_eq!(run.ok(), "Default settings: hail/config.ini\n");
    sb.run_with(
        &["config", "set", "domain", "example.org"],
        &[("XDG_CONFIG_HOME", "")],
    )
    .ok();
    let written = std::fs::read_to_string(sb.root().join("hail/config.ini")).expect("in cwd");
    assert_eq!(written, "[global]\ndomain = example.org\n\n");
    let run = sb.run_with(
        &["config", "config-location"],
        &[("XDG_CONFIG_HOME", "/x//y/")],
    );
    assert_eq!(run.ok(), "Default settings: /x/y/hail/config.ini\n");
}

#[test]
fn legacy_config_yaml_is_renamed_only_by_reads() {
    let sb = Sandbox::new();
    sb.write("config.yaml", "[batch]\nbilling_project = legacy\n\n");
    sb.run(&["config", "config-location"]).ok();
    assert!(!sb.config_ini().exists());
    assert_eq!(
        sb.run(&["config", "get", "batch/billing_project"]).ok(),
        "legacy\n"
    );
    assert!(sb.config_ini().exists());
    assert!(!sb.hail_dir().join("config.yaml").exists());
}

#[test]
fn existing_file_mode_is_kept() {
    let sb = Sandbox::new();
    sb.write("config.ini", "[batch]\nbilling_project = a\n\n");
    std::fs::set_permissions(sb.config_ini(), std::fs::Permissions::from_mode(0o600))
        .expect("chmod");
    sb.run(&["config", "set", "batch/billing_project", "b"])
        .ok();
    let mode = std::fs::metadata(sb.config_ini())
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

/// 20 writers at once: the 19 variables, plus one `unset` of a key that was there before. With
/// a read-modify-write race, a set would be lost or the unset key would come back.
#[test]
fn concurrent_writers_lose_nothing() {
    for round in 0..3 {
        let sb = Sandbox::new();
        sb.write("config.ini", "[extra]\nseed = 1\n\n");
        let values: Vec<(&str, String)> = hailctl::VARIABLES
            .iter()
            .map(|v| {
                let value = match v.name {
                    "domain" => format!("d{round}.example.org"),
                    "batch/backend" => "service".to_string(),
                    "query/backend" => "batch".to_string(),
                    "query/disable_progress_bar" => "1".to_string(),
                    "query/batch_driver_memory" | "query/batch_worker_memory" => "highmem".into(),
                    "batch/remote_tmpdir" => format!("gs://bucket/r{round}"),
                    _ => format!("{}", round + 7),
                };
                (v.name, value)
            })
            .collect();
        let mut children: Vec<_> = values
            .iter()
            .map(|(name, value)| {
                sb.command(&["config", "set", name, value])
                    .stdout(Stdio::null())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        children.push(
            sb.command(&["config", "unset", "extra/seed"])
                .stdout(Stdio::null())
                .spawn()
                .expect("spawn"),
        );
        assert_eq!(children.len(), 20);
        for mut child in children {
            assert!(child.wait().expect("wait").success());
        }
        for (name, value) in &values {
            let got = sb.run(&["config", "get", name]);
            assert_eq!(got.ok(), format!("{value}\n"), "{name} in round {round}");
        }
        assert_eq!(sb.run(&["config", "get", "extra/seed"]).ok(), "");
        // No temporary files are left behind.
        let leftovers: Vec<_> = std::fs::read_dir(sb.hail_dir())
            .expect("ls")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

#[test]
fn top_level_behaviour() {
    let sb = Sandbox::new();
    let version = sb.run(&["--version"]);
    assert_eq!(
        version.ok(),
        format!("hailctl {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(
        sb.run(&["version"]).ok(),
        format!("{}\n", env!("CARGO_PKG_VERSION"))
    );
    // A group without a subcommand prints its help on stdout and exits 2, as Hail's tool does.
    for args in [&[][..], &["config"], &["config", "profile"]] {
        let run = sb.run(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stdout.contains("Usage: hailctl"), "{args:?}: {run:?}");
    }
    assert!(
        sb.run(&["config", "--help"])
            .ok()
            .contains("Manage Hail configuration")
    );
    sb.run(&["nosuch"]).fails_with(2);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let sb = Sandbox::new();
    canonical(&sb);
    let mut child = sb
        .command(&["config", "list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
