//! Files generated from the CLI definition must match it: the completion scripts in
//! `completions/` and the help reference in `docs/cli.md`. Run with `HAILCTL_UPDATE_GENERATED=1`
//! to regenerate them after changing the CLI.

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use hailctl::{Cli, Shell};

use crate::util::Sandbox;

fn repo_file(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Compares `path` with `expected`, or rewrites it when asked to.
fn check_generated(relative: &str, expected: &str) {
    let path = repo_file(relative);
    if std::env::var_os("HAILCTL_UPDATE_GENERATED").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, expected).expect("write generated file");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{relative} is stale: regenerate it with `HAILCTL_UPDATE_GENERATED=1 cargo test --test it generated_files::`"
    );
}

#[test]
fn completion_scripts_are_up_to_date() {
    let sb = Sandbox::new();
    for shell in Shell::ALL {
        let name = format!("{shell:?}").to_lowercase();
        let script = sb.run(&["completions", &name]).ok().to_string();
        assert!(script.contains("hailctl"), "{name}: {script}");
        // The 19 variable names are offered for `config set` (clap's static fish, PowerShell and
        // elvish scripts do not complete positional values; their --dynamic scripts do).
        if matches!(shell, Shell::Bash | Shell::Zsh) {
            assert!(
                script.contains("query/batch_backend_max_read_parallelism"),
                "{name}"
            );
        }
        check_generated(&format!("completions/{}", shell.file_name()), &script);
    }
}

/// The text of `docs/cli.md`: the long help of every command.
fn cli_reference() -> String {
    fn walk(cmd: &mut clap::Command, path: &str, out: &mut String) {
        let full = if path.is_empty() {
            cmd.get_name().to_string()
        } else {
            format!("{path} {}", cmd.get_name())
        };
        let help = cmd.render_long_help().to_string();
        out.push_str(&format!(
            "## `{full}`\n\n```text\n{}\n```\n\n",
            help.trim_end()
        ));
        let mut subcommands: Vec<clap::Command> = cmd.get_subcommands().cloned().collect();
        for sub in subcommands.iter_mut().filter(|s| s.get_name() != "help") {
            walk(sub, &full, out);
        }
    }
    let mut out = String::from(
        "# Command reference\n\nGenerated from the CLI definition (`src/cli.rs`); a test fails \
         when this file is stale.\n\n",
    );
    let mut cmd = Cli::command().term_width(100);
    cmd.build();
    walk(&mut cmd, "", &mut out);
    out.trim_end().to_string() + "\n"
}

#[test]
fn cli_reference_is_up_to_date() {
    check_generated("docs/cli.md", &cli_reference());
}

#[test]
fn dynamic_completion_offers_profiles_and_keys() {
    let sb = Sandbox::new();
    sb.write(
        "config.ini",
        "[batch]\nbilling_project = bp\ncustom_key = x\n\n",
    );
    sb.write("work.ini", "");
    let script = sb
        .run(&["completions", "bash", "--dynamic"])
        .ok()
        .to_string();
    assert!(script.contains("HAILCTL_COMPLETE=\"bash\""), "{script}");
    // What the bash script does at each TAB: call hailctl with the words so far.
    let complete = |words: &[&str]| -> Vec<String> {
        let index = (words.len() - 1).to_string();
        let mut args = vec!["--"];
        args.extend_from_slice(words);
        let run = sb.run_with(
            &args,
            &[
                ("HAILCTL_COMPLETE", "bash"),
                ("_CLAP_COMPLETE_INDEX", &index),
                ("_CLAP_COMPLETE_COMP_TYPE", "9"),
                ("_CLAP_COMPLETE_SPACE", "true"),
                ("_CLAP_IFS", "\n"),
            ],
        );
        run.ok().lines().map(str::to_string).collect()
    };
    let profiles = complete(&["hailctl", "config", "profile", "load", ""]);
    assert!(profiles.contains(&"default".to_string()), "{profiles:?}");
    assert!(profiles.contains(&"work".to_string()), "{profiles:?}");
    let keys = complete(&["hailctl", "config", "get", "batch/"]);
    assert!(
        keys.contains(&"batch/billing_project".to_string()),
        "{keys:?}"
    );
    assert!(keys.contains(&"batch/custom_key".to_string()), "{keys:?}");
    let variables = complete(&["hailctl", "config", "set", "query/batch_d"]);
    assert_eq!(
        variables,
        ["query/batch_driver_cores", "query/batch_driver_memory"],
        "{variables:?}"
    );
}
