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

/// Every argument and option of every command says what it is in `--help`, and none is hidden
/// (the `--no-*` flags that undo an earlier flag are listed too, as Hail's tool lists them).
#[test]
fn every_argument_is_described_and_none_is_hidden() {
    fn walk(cmd: &clap::Command, path: &str, problems: &mut Vec<String>) {
        let full = format!("{path} {}", cmd.get_name()).trim().to_string();
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if matches!(id, "help" | "version") {
                continue;
            }
            if arg.is_hide_set() {
                problems.push(format!("{full}: {id} is hidden"));
            }
            let described = arg
                .get_help()
                .or(arg.get_long_help())
                .is_some_and(|h| !h.to_string().trim().is_empty());
            if !described {
                problems.push(format!("{full}: {id} has no description"));
            }
        }
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            walk(sub, &full, problems);
        }
    }
    let mut cmd = Cli::command();
    cmd.build();
    let mut problems = Vec::new();
    walk(&cmd, "", &mut problems);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every `hailctl ...` command the examples name exists.
#[test]
fn commands_named_in_the_examples_exist() {
    let dir = repo_file("examples");
    for entry in std::fs::read_dir(&dir).expect("examples/") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (at, _) in text.match_indices("hailctl batch ") {
            let word: String = text[at + "hailctl batch ".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            let known = Cli::command()
                .find_subcommand("batch")
                .is_some_and(|batch| batch.find_subcommand(&word).is_some());
            assert!(
                known,
                "{}: `hailctl batch {word}` does not exist",
                path.display()
            );
        }
    }
}
