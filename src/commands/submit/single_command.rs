//! The batch of `hailctl batch submit COMMAND ARGS...`: one job, the one Hail's tool builds (the
//! same script lines and exported `HAIL_*` variables), planned as a spec file's job is so that
//! both are sent the same way. Two bugs of Hail's tool are fixed on purpose (docs/batch.md):
//! destinations of `-v` files and `--workdir` are shell-quoted, and `--machine-type` is sent
//! without the default `--cpu`/`--memory` it cannot be combined with.

use std::sync::Arc;

use anyhow::Result;
use indexmap::IndexMap;

use super::Context;
use super::volumes::{self, Copies, Staging, staging_location};
use crate::cli::SubmitArgs;
use crate::client::BatchClient;
use crate::commands::usage_error;
use crate::config::UserConfig;
use crate::config::resolve::{Lookup, resolve};
use crate::config::variables::VARIABLES;
use crate::error::WithHint;
use crate::random;
use crate::spec::{BatchPlan, Cloudfuse, PlannedJob, Resource, check_resource_value};

/// Python's `shlex.quote`.
pub(super) fn shell_quote(word: &str) -> String {
    if word.is_empty() {
        return "''".to_string();
    }
    let safe = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c));
    if safe {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\"'\"'"))
    }
}

/// `NAME=VALUE` as Hail's `--env`/`--attr` parser: exactly one `=`.
fn parse_pair(flag: &str, value: &str) -> Result<(String, String)> {
    let parts: Vec<&str> = value.split('=').collect();
    match parts.as_slice() {
        [name, value] => Ok((name.to_string(), value.to_string())),
        _ => Err(usage_error(format_args!(
            "Invalid value for '{flag}': Invalid format: '{value}'. Expected 'NAME=VALUE'."
        ))),
    }
}

/// Refuses cloud bucket mounts on the local service, which runs jobs on this machine and
/// cannot mount buckets: the job would run without them.
pub(super) fn refuse_cloudfuse_locally(client: &BatchClient, mounts: bool) -> Result<()> {
    if mounts && client.is_local() {
        return Err(WithHint {
            message: "the local Batch service cannot mount cloud buckets (cloudfuse)".into(),
            hint: "copy the files with input_files or -v, or submit to Hail Batch \
                   (hailctl config set batch/backend service)"
                .into(),
        }
        .into());
    }
    Ok(())
}

/// `BUCKET:MOUNT:READ_ONLY` as Hail's `--cloudfuse` parser.
fn parse_cloudfuse(entry: &str) -> Result<Cloudfuse> {
    let invalid = |why: &str| {
        usage_error(format_args!(
            "Invalid value for '--cloudfuse': Invalid cloudfuse entry: '{entry}'. {why}"
        ))
    };
    let parts: Vec<&str> = entry.split(':').collect();
    let [bucket, mount, read_only] = parts.as_slice() else {
        return Err(invalid("Expected 'bucket_name:mount_point:read_only'."));
    };
    if bucket.is_empty() || mount.is_empty() {
        return Err(invalid("bucket_name and mount_point must be specified."));
    }
    let read_only = match read_only.to_lowercase().as_str() {
        "true" => true,
        "false" => false,
        _ => {
            return Err(invalid(
                "read_only must be True or False (case insensitive).",
            ));
        }
    };
    Ok(Cloudfuse {
        bucket: bucket.to_string(),
        mount_path: mount.to_string(),
        read_only,
    })
}

/// The `HAIL_*` variables `hailctl batch submit` exports into the job (hailctl-cli §5.4): every
/// known variable that has a value, from the environment or the configuration files.
fn exported_env(ctx: &Context, config: &UserConfig) -> Result<IndexMap<String, String>> {
    let mut out = IndexMap::new();
    for variable in &VARIABLES {
        let key = variable.key();
        let lookup = Lookup {
            honour_env: true,
            ..Lookup::default()
        };
        if let Some(r) = resolve(&key, lookup, &ctx.env, config)? {
            out.insert(key.env_var(), r.value);
        }
    }
    Ok(out)
}

/// Hail's script: `set -e`, the job's directory, the `mkdir`/`mv` lines of the `-v` files,
/// `cd` to `--workdir`, and the command line.
fn script(
    args: &SubmitArgs,
    command_line: &str,
    job_name: &str,
    local_tmpdir: &str,
    copies: &Copies,
) -> String {
    let mkdir_lines: Vec<String> = copies
        .directories
        .iter()
        .map(|d| format!("mkdir -p {}", shell_quote(d)))
        .collect();
    let move_lines: Vec<String> = copies
        .moves
        .iter()
        .map(|(downloaded, destination)| {
            let (from, to) = (shell_quote(downloaded), shell_quote(destination));
            format!("mv ${{BATCH_TMPDIR}}{from} {to}")
        })
        .collect();
    let cd = args
        .workdir
        .as_deref()
        .map(|w| format!("cd {}", shell_quote(w)))
        .unwrap_or_default();
    let body = format!(
        "\n{}\n{}\n{cd}\n{command_line}\n",
        mkdir_lines.join("\n"),
        move_lines.join("\n")
    );
    let body = body.trim();
    let dirname: String = job_name
        .chars()
        .map(|c| match c.is_ascii_alphanumeric() || c == '-' {
            true => c,
            false => '_',
        })
        .take(245)
        .collect();
    // Hail's job directory: `secret_alnum_string(5)`.
    let dirname = format!("{dirname}-{}", random::string(random::ALNUM, 5));
    format!("\nset -e\nmkdir -p {local_tmpdir}/{dirname}\n\n{{\n{{\n{body}\n}}\n}}\n")
}

/// The plan of the single job, and the `-v` files to stage before it is submitted.
pub(super) fn plan(
    ctx: &Context,
    client: &BatchClient,
    config: &UserConfig,
    args: &SubmitArgs,
) -> Result<(BatchPlan, Option<Staging>)> {
    let location = match args.volumes.is_empty() {
        true => None,
        false => Some(staging_location(ctx, client, config, args)?),
    };
    let command = args.command.clone().unwrap_or_default();
    let entrypoint = std::iter::once(&command)
        .chain(args.args.iter())
        .map(|w| shell_quote(w))
        .collect::<Vec<_>>()
        .join(" ");
    let env_pairs = args
        .env
        .iter()
        .map(|e| {
            let (name, value) = parse_pair("--env", e)?;
            // A job cannot have a variable without a name: refused here, with the flag's
            // value, instead of a job that fails to start.
            if !crate::spec::is_identifier(&name) {
                return Err(usage_error(format_args!(
                    "Invalid value for '--env': '{e}': the variable's name must be letters, \
                     digits and _ (not starting with a digit)"
                )));
            }
            Ok((name, value))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut attributes = IndexMap::new();
    for a in &args.attr {
        let (k, v) = parse_pair("--attr", a)?;
        if k == "name" {
            return Err(WithHint {
                message: "'name' is not a valid attribute".into(),
                hint: "use --name to name the batch and its job".into(),
            }
            .into());
        }
        attributes.insert(k, v);
    }
    let cloudfuse = args
        .cloudfuse
        .iter()
        .map(|c| parse_cloudfuse(c))
        .collect::<Result<Vec<_>>>()?;
    refuse_cloudfuse_locally(client, !cloudfuse.is_empty())?;

    // Hail's scratch uid: `uuid.uuid4().hex[:6]`.
    let uid = random::string(random::HEX, 6);
    let local_tmpdir = format!("/io/batch/{uid}");
    let home = crate::config::home_dir(&ctx.env);
    let copies = volumes::copies(&args.volumes, &home, location, &uid, &local_tmpdir)?;
    let job_name = args.name.clone().unwrap_or_else(|| "submit".to_string());
    let script = script(args, &entrypoint, &job_name, &local_tmpdir, &copies);

    let mut env = exported_env(ctx, config)?;
    env.extend(env_pairs);
    env.insert("BATCH_TMPDIR".to_string(), local_tmpdir);

    // Values the service would refuse are refused here, naming the flag.
    // (cpu and memory are not sent with a machine type.)
    let with_machine = args.machine_type.is_some();
    for (flag, resource, value, sent) in [
        ("--cpu", Resource::Cpu, &args.cpu, !with_machine),
        ("--memory", Resource::Memory, &args.memory, !with_machine),
        ("--storage", Resource::Storage, &args.storage, true),
    ] {
        if sent
            && !value.is_empty()
            && let Err(why) = check_resource_value(resource, value)
        {
            return Err(usage_error(format_args!(
                "Invalid value for '{flag}': {why}"
            )));
        }
    }
    // With a machine type, cpu and memory come from the machine (the service rejects both).
    let sized =
        |value: &str| (args.machine_type.is_none() && !value.is_empty()).then(|| value.into());
    let job = PlannedJob {
        name: job_name,
        entry: 0,
        image: None,
        command: vec![args.shell.clone(), "-c".to_string(), script],
        cpu: sized(&args.cpu),
        memory: sized(&args.memory),
        storage: Some(args.storage.as_str())
            .filter(|s| !s.is_empty())
            .map(Arc::from),
        machine_type: args
            .machine_type
            .as_deref()
            .filter(|m| !m.is_empty())
            .map(Arc::from),
        spot: Some(args.spot && !args.no_spot),
        env,
        attributes: attributes.clone(),
        regions: None,
        timeout: None,
        n_max_attempts: None,
        always_run: false,
        cloudfuse,
        input_files: copies.input_files,
        output_files: Vec::new(),
        parents: Vec::new(),
    };
    let plan = BatchPlan {
        // The batch is named after the command line, as Hail's tool names it.
        name: Some(args.name.clone().unwrap_or(entrypoint)),
        billing_project: None,
        attributes,
        regions: None,
        callback: None,
        cancel_after_n_failures: None,
        jobs: vec![job],
        source: None,
    };
    Ok((plan, copies.staging))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quote_matches_python() {
        assert_eq!(shell_quote("echo"), "echo");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("print(\"a b\")"), "'print(\"a b\")'");
        assert_eq!(shell_quote("it's"), "'it'\"'\"'s'");
        assert_eq!(shell_quote("$HOME"), "'$HOME'");
        assert_eq!(shell_quote("a@b%c+d=e:f,g./_-"), "a@b%c+d=e:f,g./_-");
    }
}
