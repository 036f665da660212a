//! `hailctl batch submit`: one command (as Hail's `hailctl batch submit`) or a whole batch spec
//! file (`--file`), submitted with the semantics of Hail's `ServiceBackend`: billing project,
//! scratch directory, regions checked against the service, idempotency token, dry run, wait.
//!
//! The job of single-command mode is the one Hail's tool builds (the same script lines and
//! exported `HAIL_*` variables), except for two bugs of Hail's tool fixed on purpose
//! (docs/submit.md): destinations of `-v` files and `--workdir` are shell-quoted, and
//! `--machine-type` is sent without the default `--cpu`/`--memory` it cannot be combined with.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use futures::future::{Either, MaybeDone};
use futures::{StreamExt, TryStreamExt};
use rand::Rng;
use serde_json::{Map, Value, json};

use super::{Context, usage_error};
use crate::cli::{SubmitArgs, TextFormat};
use crate::client::{BatchClient, ClientError};
use crate::config::UserConfig;
use crate::config::resolve::{Lookup, resolve, resolve_variable};
use crate::config::variables::VARIABLES;
use crate::error::{Reported, WithHint};
use crate::format;
use crate::staging::{Credentials, Location, Stager, Upload};

mod job_spec;

/// Hail's default image for `hailctl batch submit`.
const DEFAULT_IMAGE: &str = "hailgenetics/hail:0.2.139";
/// A bunch holds at most this many specs ...
const MAX_BUNCH_SPECS: usize = 1024;
/// ... and at most this many bytes (Hail's client).
const MAX_BUNCH_BYTES: usize = 1024 * 1024;
/// Bunches sent at the same time.
const CONCURRENT_BUNCHES: usize = 4;

/// The image of jobs that name none: `--image`, else `HAIL_GENETICS_HAIL_IMAGE`, else Hail's.
fn default_image(ctx: &Context, args: &SubmitArgs) -> String {
    args.image
        .clone()
        .or_else(|| {
            ctx.env
                .get("HAIL_GENETICS_HAIL_IMAGE")
                .filter(|v| !v.is_empty())
        })
        .unwrap_or_else(|| DEFAULT_IMAGE.to_string())
}

fn random_string(alphabet: &[u8], n: usize) -> String {
    let mut rng = rand::rng();
    (0..n)
        .map(|_| alphabet[rng.random_range(0..alphabet.len())] as char)
        .collect()
}

fn random_hex(n: usize) -> String {
    random_string(b"0123456789abcdef", n)
}

fn random_alnum(n: usize) -> String {
    random_string(
        b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        n,
    )
}

/// A batch idempotency token: 32 random bytes, URL-safe base64 (43 characters), as Hail's.
fn new_token() -> String {
    crate::server::state::new_token()
}

/// Python's `shlex.quote`.
pub fn shell_quote(word: &str) -> String {
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
        _ => Err(usage_error(format!(
            "Invalid value for '{flag}': Invalid format: '{value}'. Expected 'NAME=VALUE'."
        ))),
    }
}

/// The resolved submission settings.
struct Settings {
    billing_project: String,
    regions: Option<Vec<String>>,
    token: String,
}

/// Reads and plans the spec file of `--file` (`-`: stdin) on the blocking pool; `None` without
/// `--file`.
async fn load_plan(file: Option<PathBuf>) -> Result<Option<crate::spec::BatchPlan>> {
    let Some(path) = file else {
        return Ok(None);
    };
    let plan = tokio::task::spawn_blocking(move || -> Result<crate::spec::BatchPlan> {
        if path.as_os_str() == "-" {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                .context("cannot read the batch spec from stdin")?;
            Ok(crate::spec::load_stdin(&text, &std::env::current_dir()?)?)
        } else {
            Ok(crate::spec::load(&path)?)
        }
    })
    .await
    .context("reading the batch spec failed")??;
    Ok(Some(plan))
}

/// The service's answers about regions, asked for up front; each is used only if needed, so an
/// error of one that is not needed is no error.
struct ServiceRegions {
    default: Option<Result<String, ClientError>>,
    supported: Result<Value, ClientError>,
}

impl ServiceRegions {
    async fn ask(client: &BatchClient, need_default: bool) -> ServiceRegions {
        let default = async {
            match need_default {
                true => Some(client.default_region().await),
                false => None,
            }
        };
        let (default, supported) = futures::join!(default, client.supported_regions());
        ServiceRegions { default, supported }
    }
}

async fn settings(
    ctx: &Context,
    client: &BatchClient,
    config: &UserConfig,
    args: &SubmitArgs,
    plan_billing: Option<&str>,
    plan_regions: Option<&Vec<String>>,
    mut service_regions: std::pin::Pin<&mut MaybeDone<impl Future<Output = ServiceRegions>>>,
) -> Result<Settings> {
    service_regions.as_mut().await;
    let Some(service_regions) = service_regions.as_mut().take_output() else {
        anyhow::bail!("the service's regions were asked for twice");
    };
    let flag = args
        .billing_project
        .as_deref()
        .or(plan_billing)
        .map(|v| ("--billing-project", v));
    let billing_project = match resolve_variable("batch/billing_project", flag, &ctx.env, config)? {
        Some(r) => r.value,
        // The local service accepts any billing project; a first run needs no configuration.
        None if client.is_local() => "local".to_string(),
        None => {
            return Err(Reported::failure(
                "error: the billing_project parameter of ServiceBackend must be set or run \
                 `hailctl config set batch/billing_project MY_BILLING_PROJECT`",
            )
            .into());
        }
    };
    let regions: Option<Vec<String>> = if !args.region.is_empty() {
        Some(args.region.clone())
    } else if let Some(r) = plan_regions {
        Some(r.clone())
    } else if let Some(r) = resolve_variable("batch/regions", None, &ctx.env, config)? {
        Some(r.value.split(',').map(str::to_string).collect())
    } else {
        match service_regions.default {
            Some(default) => Some(vec![default?]),
            None => Some(vec![client.default_region().await?]),
        }
    };
    // `any_region` means any region (Hail's tool falls back to the default region instead).
    let regions = regions.filter(|r| r != &["any_region".to_string()]);
    if let Some(regions) = &regions {
        let supported = service_regions.supported?;
        let supported: Vec<&str> = supported
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let unknown: Vec<&String> = regions
            .iter()
            .filter(|r| !supported.contains(&r.as_str()))
            .collect();
        if !unknown.is_empty() {
            return Err(WithHint {
                message: format!(
                    "the Batch service does not support the region(s) {}",
                    unknown
                        .iter()
                        .map(|r| format!("{r:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                hint: format!("choose from: {}", supported.join(", ")),
            }
            .into());
        }
    }
    Ok(Settings {
        billing_project,
        regions,
        token: args.token.clone().unwrap_or_else(new_token),
    })
}

/// Where `-v` files are staged: `--remote-tmpdir` / `batch/remote_tmpdir` (a `gs://` or Azure
/// URL; with the local service also a local directory or `file://` URL), else (local service
/// only) the service's `staging` directory.
fn staging_location(
    ctx: &Context,
    client: &BatchClient,
    config: &UserConfig,
    args: &SubmitArgs,
) -> Result<Location> {
    let flag = args
        .remote_tmpdir
        .as_deref()
        .map(|v| ("--remote-tmpdir", v));
    let configured = resolve_variable("batch/remote_tmpdir", flag, &ctx.env, config)?;
    match configured {
        Some(r) => {
            let location = Location::parse(&r.value, &std::env::current_dir()?)?;
            if !location.is_cloud() && !client.is_local() {
                return Err(WithHint {
                    message: format!(
                        "remote_tmpdir {} is a local directory, which the Batch service cannot \
                         read",
                        r.value
                    ),
                    hint: "use a gs:// or https://<account>.blob.core.windows.net/ URL".into(),
                }
                .into());
            }
            Ok(location)
        }
        None if client.is_local() => {
            let paths = crate::server::state::ServicePaths::locate(&ctx.env);
            let data = crate::server::state::read_state(&paths)?
                .map(|s| s.data_dir)
                .unwrap_or(paths.data_dir);
            Ok(Location::Local(data.join("staging")))
        }
        None => Err(Reported::failure(
            "error: Either the 'remote_tmpdir' parameter of ServiceBackend(...) must be set or you \
             must run `hailctl config set batch/remote_tmpdir REMOTE_TMPDIR`.",
        )
        .into()),
    }
}

/// The credentials staging uses: the Batch client's Google identity, and the files named by
/// `GOOGLE_APPLICATION_CREDENTIALS` and Hail's `AZURE_APPLICATION_CREDENTIALS`.
fn staging_credentials(ctx: &Context, client: &BatchClient) -> Result<Credentials> {
    let azure_service_principal = match ctx.env.get("AZURE_APPLICATION_CREDENTIALS") {
        Some(path) if !path.is_empty() => {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read AZURE_APPLICATION_CREDENTIALS {path}"))?;
            let json: Value =
                serde_json::from_str(&text).with_context(|| format!("{path} is not JSON"))?;
            let field = |name: &str| {
                json[name]
                    .as_str()
                    .map(str::to_string)
                    .with_context(|| format!("{path} has no string `{name}`"))
            };
            Some((field("appId")?, field("password")?, field("tenant")?))
        }
        _ => None,
    };
    Ok(Credentials {
        google: client.google_token_provider(),
        google_application_credentials: ctx
            .env
            .get("GOOGLE_APPLICATION_CREDENTIALS")
            .filter(|p| !p.is_empty()),
        azure_service_principal,
    })
}

/// Uploads the submission's `-v` files, with a progress bar of bytes sent.
async fn stage(ctx: &Context, client: &BatchClient, staging: &Staging) -> Result<Stager> {
    let stager = Stager::new(staging.location.clone(), staging_credentials(ctx, client)?)?;
    let total: u64 = staging
        .uploads
        .iter()
        .map(|u| std::fs::metadata(&u.source).map_or(0, |m| m.len()))
        .sum();
    let bar = ctx.printer.bar(
        total,
        "{msg} {wide_bar} {bytes}/{total_bytes} {elapsed_precise}",
        &format!("staging {} files", staging.uploads.len()),
    );
    stager
        .upload(&staging.uploads, &|n| {
            if let Some(bar) = &bar {
                bar.inc(n);
            }
        })
        .await?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(stager)
}

/// One file of `-v`: the local source and its destination in the job.
struct Mount {
    source: PathBuf,
    destination: String,
}

/// Hail's `-v SRC:DST` rules (hailctl-cli §5.2).
fn expand_volume(spec: &str, home: &Path) -> Result<Vec<Mount>> {
    let parts: Vec<&str> = spec.split(':').collect();
    let (src, dst) = match parts.as_slice() {
        [src, dst] if !src.is_empty() && !dst.is_empty() => (*src, *dst),
        _ => {
            return Err(usage_error(format!(
                "Invalid value for '-v': Invalid format: '{spec}'. Expected 'src:dst'."
            )));
        }
    };
    if !dst.starts_with('/') {
        return Err(usage_error(format!(
            "Invalid value for '-v': Invalid format '{spec}'. dst must be an absolute path."
        )));
    }
    let expanded = match src.strip_prefix("~") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            home.join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(src),
    };
    let normalized: PathBuf = expanded.components().collect();
    let join = |base: &str, name: &str| -> String {
        if base.ends_with('/') {
            format!("{base}{name}")
        } else {
            format!("{base}/{name}")
        }
    };
    let basename = normalized
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if normalized.is_file() {
        let destination = if dst.ends_with('/') {
            join(dst, &basename)
        } else {
            dst.to_string()
        };
        return Ok(vec![Mount {
            source: normalized,
            destination,
        }]);
    }
    if !normalized.is_dir() {
        return Err(Reported::failure(format!(
            "error: \"{}\" does not exist or is not a valid directory.",
            expanded.display()
        ))
        .into());
    }
    if src.ends_with('/') && !dst.ends_with('/') {
        return Err(
            Reported::failure("error: copy and renaming a directory is not supported.").into(),
        );
    }
    let root = if !src.ends_with('/') && dst.ends_with('/') && !basename.is_empty() {
        join(dst, &basename)
    } else {
        dst.trim_end_matches('/').to_string()
    };
    let mut mounts = Vec::new();
    let mut stack = vec![normalized.clone()];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
            } else if path.is_file() {
                let relative = path
                    .strip_prefix(&normalized)
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let destination = if root.is_empty() {
                    format!("/{relative}")
                } else {
                    format!("{root}/{relative}")
                };
                mounts.push(Mount {
                    source: path,
                    destination,
                });
            }
        }
    }
    Ok(mounts)
}

/// The `HAIL_*` variables `hailctl batch submit` exports into the job (hailctl-cli §5.4).
fn exported_env(ctx: &Context, config: &UserConfig) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for variable in &VARIABLES {
        let key = variable.key();
        let lookup = Lookup {
            flag: None,
            honour_env: true,
            default: None,
        };
        if let Some(r) = resolve(&key, lookup, &ctx.env, config)? {
            out.push((key.env_var(), r.value));
        }
    }
    Ok(out)
}

fn env_list<'a>(pairs: impl IntoIterator<Item = (&'a String, &'a String)>) -> Value {
    Value::Array(
        pairs
            .into_iter()
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect(),
    )
}

/// What a submission sends.
struct Submission<'a> {
    batch: Value,
    jobs: Jobs<'a>,
    /// Files to stage under `remote_tmpdir` before anything is sent.
    staging: Option<Staging>,
}

/// The `-v` files of a submission and where they go.
struct Staging {
    location: Location,
    uploads: Vec<Upload>,
    /// The batch's scratch under the location (`<uid>`; removed by `--delete-scratch`).
    scratch: String,
}

/// Where a submission's job specs come from. A spec file's jobs are turned into JSON one at a
/// time, as their bunch is built, so that submitting 100,000 jobs never holds more than two
/// bunches of specs (2 MiB) besides the plan itself.
enum Jobs<'a> {
    /// Specs built up front (single-command mode: one job).
    Built(Vec<Value>),
    /// A spec file's plan.
    Plan {
        plan: &'a crate::spec::BatchPlan,
        default_image: String,
        regions: Option<Vec<String>>,
    },
}

impl Jobs<'_> {
    fn len(&self) -> usize {
        match self {
            Jobs::Built(specs) => specs.len(),
            Jobs::Plan { plan, .. } => plan.jobs.len(),
        }
    }

    /// Appends the job spec of the job at `index` (in-update job id `index + 1`) to `out`.
    fn write_spec(&self, index: usize, out: &mut Vec<u8>) -> serde_json::Result<()> {
        match self {
            Jobs::Built(specs) => {
                serde_json::to_writer(out, specs.get(index).unwrap_or(&Value::Null))
            }
            Jobs::Plan {
                plan,
                default_image,
                regions,
            } => match plan.jobs.get(index) {
                Some(job) => serde_json::to_writer(
                    out,
                    &job_spec::WireJob::new(job, index, default_image, regions.as_deref()),
                ),
                None => serde_json::to_writer(out, &Value::Null),
            },
        }
    }

    /// The command of the job at `index`, for `--verbose`.
    fn command(&self, index: usize) -> Vec<&str> {
        match self {
            Jobs::Built(specs) => specs
                .get(index)
                .and_then(|spec| spec["process"]["command"].as_array())
                .map(|c| c.iter().map(|w| w.as_str().unwrap_or("")).collect())
                .unwrap_or_default(),
            Jobs::Plan { plan, .. } => plan
                .jobs
                .get(index)
                .map(|job| job.command.iter().map(String::as_str).collect())
                .unwrap_or_default(),
        }
    }
}

/// The single job of `hailctl batch submit COMMAND ARGS...`.
fn single_command(
    ctx: &Context,
    config: &UserConfig,
    args: &SubmitArgs,
    settings: &Settings,
    staging: Option<Location>,
) -> Result<Submission<'static>> {
    let command = args.command.clone().unwrap_or_default();
    let entrypoint = std::iter::once(&command)
        .chain(args.args.iter())
        .map(|w| shell_quote(w))
        .collect::<Vec<_>>()
        .join(" ");
    let mut env_pairs = Vec::new();
    for e in &args.env {
        env_pairs.push(parse_pair("--env", e)?);
    }
    let mut attr_pairs = Vec::new();
    for a in &args.attr {
        let (k, v) = parse_pair("--attr", a)?;
        if k == "name" {
            return Err(WithHint {
                message: "'name' is not a valid attribute".into(),
                hint: "use --name to name the batch and its job".into(),
            }
            .into());
        }
        attr_pairs.push((k, v));
    }
    let mut cloudfuse = Vec::new();
    for c in &args.cloudfuse {
        let parts: Vec<&str> = c.split(':').collect();
        let [bucket, mount, read_only] = parts.as_slice() else {
            return Err(usage_error(format!(
                "Invalid value for '--cloudfuse': Invalid cloudfuse entry: '{c}'. Expected 'bucket_name:mount_point:read_only'."
            )));
        };
        if bucket.is_empty() || mount.is_empty() {
            return Err(usage_error(format!(
                "Invalid value for '--cloudfuse': Invalid cloudfuse entry: '{c}'. bucket_name and mount_point must be specified."
            )));
        }
        let read_only = match read_only.to_lowercase().as_str() {
            "true" => true,
            "false" => false,
            _ => {
                return Err(usage_error(format!(
                    "Invalid value for '--cloudfuse': Invalid cloudfuse entry: '{c}'. read_only must be True or False (case insensitive)."
                )));
            }
        };
        cloudfuse.push(json!({"bucket": bucket, "mount_path": mount, "read_only": read_only}));
    }

    let uid = random_hex(6);
    let local_tmpdir = format!("/io/batch/{uid}");
    let home = crate::config::home_dir(&ctx.env);
    let mut mounts = Vec::new();
    for v in &args.volumes {
        mounts.extend(expand_volume(v, &home)?);
    }
    let mut uploads = Vec::new();
    let mut input_files = Vec::new();
    let mut mkdirs: Vec<String> = Vec::new();
    let mut mvs = Vec::new();
    for mount in &mounts {
        let Some(location) = &staging else {
            break;
        };
        let root = random_alnum(5);
        let basename = mount
            .source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let relative = format!("{uid}/{}/inputs/{root}/{basename}", random_hex(8));
        input_files.push(json!({
            "from": location.url(&relative),
            "to": format!("{local_tmpdir}/inputs/{root}/{basename}"),
        }));
        uploads.push(Upload {
            source: mount.source.clone(),
            relative,
        });
        let parent = Path::new(&mount.destination)
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "/".into());
        if !mkdirs.contains(&parent) {
            mkdirs.push(parent);
        }
        mvs.push(format!(
            "mv ${{BATCH_TMPDIR}}{} {}",
            shell_quote(&format!("/inputs/{root}/{basename}")),
            shell_quote(&mount.destination)
        ));
    }
    let cd = args
        .workdir
        .as_deref()
        .map(|w| format!("cd {}", shell_quote(w)))
        .unwrap_or_default();
    let mkdir_lines: Vec<String> = mkdirs
        .iter()
        .map(|d| format!("mkdir -p {}", shell_quote(d)))
        .collect();
    let body = format!(
        "\n{}\n{}\n{cd}\n{entrypoint}\n",
        mkdir_lines.join("\n"),
        mvs.join("\n")
    );
    let body = body.trim();
    let job_name = args.name.clone().unwrap_or_else(|| "submit".to_string());
    let dirname: String = job_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(245)
        .collect();
    let dirname = format!("{dirname}-{}", random_alnum(5));
    let script = format!("\nset -e\nmkdir -p {local_tmpdir}/{dirname}\n\n{{\n{{\n{body}\n}}\n}}\n");

    let mut env = exported_env(ctx, config)?;
    for (name, value) in env_pairs {
        match env.iter_mut().find(|(n, _)| *n == name) {
            Some(existing) => existing.1 = value,
            None => env.push((name, value)),
        }
    }
    env.push(("BATCH_TMPDIR".to_string(), local_tmpdir.clone()));

    let image = default_image(ctx, args);
    let mut resources = Map::new();
    // With a machine type, cpu and memory come from the machine (the service rejects both).
    if args.machine_type.is_none() {
        if !args.cpu.is_empty() {
            resources.insert("cpu".into(), json!(args.cpu));
        }
        if !args.memory.is_empty() {
            resources.insert("memory".into(), json!(args.memory));
        }
    }
    if !args.storage.is_empty() {
        resources.insert("storage".into(), json!(args.storage));
    }
    if let Some(m) = args.machine_type.as_deref().filter(|m| !m.is_empty()) {
        resources.insert("machine_type".into(), json!(m));
    }
    resources.insert("preemptible".into(), json!(args.spot && !args.no_spot));

    let mut job_attributes = Map::new();
    let mut batch_attributes = Map::new();
    for (k, v) in &attr_pairs {
        job_attributes.insert(k.clone(), json!(v));
        batch_attributes.insert(k.clone(), json!(v));
    }
    job_attributes.insert("name".into(), json!(job_name));
    batch_attributes.insert(
        "name".into(),
        json!(args.name.clone().unwrap_or_else(|| entrypoint.clone())),
    );

    let mut spec = json!({
        "always_run": false,
        "n_max_attempts": 20,
        "always_copy_output": false,
        "job_id": 1,
        "absolute_parent_ids": [],
        "in_update_parent_ids": [],
        "process": {"command": [args.shell, "-c", script], "image": image, "type": "docker"},
        "in_update_job_group_id": 0,
        "env": env_list(env.iter().map(|(n, v)| (n, v))),
        "resources": Value::Object(resources),
        "attributes": Value::Object(job_attributes),
    });
    if let Some(object) = spec.as_object_mut() {
        if !input_files.is_empty() {
            object.insert("input_files".into(), Value::Array(input_files));
        }
        if !cloudfuse.is_empty() {
            object.insert("cloudfuse".into(), Value::Array(cloudfuse));
        }
        if let Some(regions) = &settings.regions {
            object.insert("regions".into(), json!(regions));
        }
    }
    let batch = batch_spec(settings, args, Value::Object(batch_attributes), None, 1);
    Ok(Submission {
        batch,
        jobs: Jobs::Built(vec![spec]),
        staging: staging.map(|location| Staging {
            location,
            uploads,
            scratch: uid,
        }),
    })
}

fn batch_spec(
    settings: &Settings,
    args: &SubmitArgs,
    attributes: Value,
    cancel_after_n_failures: Option<i64>,
    n_jobs: usize,
) -> Value {
    let mut batch = json!({
        "billing_project": settings.billing_project,
        "n_jobs": n_jobs,
        "n_job_groups": 0,
        "token": settings.token,
        "attributes": attributes,
    });
    if let Some(object) = batch.as_object_mut() {
        if let Some(callback) = &args.callback {
            object.insert("callback".into(), json!(callback));
        }
        if let Some(n) = cancel_after_n_failures {
            object.insert("cancel_after_n_failures".into(), json!(n));
        }
    }
    batch
}

/// The jobs of a spec file.
fn from_plan<'a>(
    ctx: &Context,
    client: &BatchClient,
    plan: &'a crate::spec::BatchPlan,
    args: &SubmitArgs,
    settings: &Settings,
) -> Result<Submission<'a>> {
    let default_image = default_image(ctx, args);
    if !client.is_local() {
        // The service reads inputs' `from` and writes outputs' `to`; local paths there mean
        // this machine, which only the local service can reach.
        let is_local = |url: &str| !url.contains("://") || url.starts_with("file://");
        if let Some(job) = plan.jobs.iter().find(|job| {
            job.input_files.iter().any(|f| is_local(&f.from))
                || job.output_files.iter().any(|f| is_local(&f.to))
        }) {
            return Err(WithHint {
                message: format!(
                    "job {:?} copies local files, which the Batch service cannot read",
                    job.name
                ),
                hint: "use cloud storage URLs in input_files/output_files, or the local service"
                    .into(),
            }
            .into());
        }
    }
    let mut attributes: Map<String, Value> = plan
        .attributes
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    if let Some(name) = args.name.as_ref().or(plan.name.as_ref()) {
        attributes.insert("name".into(), json!(name));
    }
    let mut batch = batch_spec(
        settings,
        args,
        Value::Object(attributes),
        plan.cancel_after_n_failures,
        plan.jobs.len(),
    );
    if let (None, Some(cb), Some(object)) = (&args.callback, &plan.callback, batch.as_object_mut())
    {
        object.insert("callback".into(), json!(cb));
    }
    Ok(Submission {
        batch,
        jobs: Jobs::Plan {
            plan,
            default_image,
            regions: settings.regions.clone(),
        },
        staging: None,
    })
}

/// Builds the request bodies of a submission's bunches, in job order: at most 1,024 specs and
/// 1 MiB each (Hail's client), every spec serialized once, straight into its bunch.
struct Bunches<'a> {
    jobs: &'a Jobs<'a>,
    next: usize,
    /// A spec that did not fit into the previous bunch.
    carry: Option<Vec<u8>>,
}

impl<'a> Bunches<'a> {
    fn new(jobs: &'a Jobs<'a>) -> Self {
        Bunches {
            jobs,
            next: 0,
            carry: None,
        }
    }

    /// The next bunch as a JSON array and its number of specs; `None` after the last.
    fn next_bunch(&mut self) -> Result<Option<(Vec<u8>, usize)>> {
        let mut body = Vec::with_capacity(256 * 1024);
        body.push(b'[');
        let mut count = 0;
        if let Some(spec) = self.carry.take() {
            body.extend_from_slice(&spec);
            count += 1;
        }
        while self.next < self.jobs.len() && count < MAX_BUNCH_SPECS {
            // Written in place; split off again if it makes the bunch too big.
            let mark = body.len();
            if count > 0 {
                body.push(b',');
            }
            self.jobs.write_spec(self.next, &mut body)?;
            self.next += 1;
            if count > 0 && body.len() + 1 > MAX_BUNCH_BYTES {
                let mut spec = body.split_off(mark);
                spec.remove(0);
                self.carry = Some(spec);
                break;
            }
            count += 1;
        }
        if count == 0 {
            return Ok(None);
        }
        body.push(b']');
        Ok(Some((body, count)))
    }
}

pub async fn submit(
    ctx: &Context,
    client: &BatchClient,
    config: &UserConfig,
    args: &SubmitArgs,
) -> Result<()> {
    // The service's regions are asked for while the spec file is read and planned on another
    // thread: for a big spec file that hides the round trips (and the connection set-up). A
    // spec error is reported as soon as it is found, without waiting for the answers.
    let regions_known = !args.region.is_empty()
        || resolve_variable("batch/regions", None, &ctx.env, config)?.is_some();
    let mut service_regions = std::pin::pin!(futures::future::maybe_done(ServiceRegions::ask(
        client,
        !regions_known
    )));
    let load = std::pin::pin!(load_plan(args.file.clone()));
    let plan = match futures::future::select(load, service_regions.as_mut()).await {
        Either::Left((plan, _)) => plan,
        Either::Right(((), load)) => load.await,
    }?;
    let settings = settings(
        ctx,
        client,
        config,
        args,
        plan.as_ref().and_then(|p| p.billing_project.as_deref()),
        plan.as_ref().and_then(|p| p.regions.as_ref()),
        service_regions,
    )
    .await?;
    let submission = match &plan {
        Some(plan) => from_plan(ctx, client, plan, args, &settings)?,
        None => {
            let staging = if args.volumes.is_empty() {
                None
            } else {
                Some(staging_location(ctx, client, config, args)?)
            };
            single_command(ctx, config, args, &settings, staging)?
        }
    };

    if args.dry_run {
        return dry_run(ctx, &submission);
    }
    // Staging comes first: a failed upload fails the submission before anything is created.
    let stager = match &submission.staging {
        Some(staging) if !staging.uploads.is_empty() => Some(stage(ctx, client, staging).await?),
        _ => None,
    };
    let batch_id = send(ctx, client, &submission).await?;
    if args.verbose {
        eprintln!(
            "Submitted batch {batch_id} with {} jobs (token {}):",
            submission.jobs.len(),
            settings.token.len()
        );
        for i in 0..submission.jobs.len() {
            let command = submission
                .jobs
                .command(i)
                .into_iter()
                .map(shell_quote)
                .collect::<Vec<_>>()
                .join(" ");
            eprintln!("({batch_id}, {}): {command}", i + 1);
        }
    }
    let url = client.ui_url(&format!("/batches/{batch_id}/jobs/1"));
    if args.open {
        super::batch_watch::open_page(ctx, client, &format!("/batches/{batch_id}")).await?;
    }
    let wait = args.wait && !args.no_wait;
    let quiet = args.quiet && !args.no_quiet;
    let final_batch = if wait {
        Some(super::batch_watch::wait_for_batch(ctx, client, batch_id, !quiet).await?)
    } else {
        None
    };
    match args.output {
        TextFormat::Text => {
            ctx.printer
                .line(&format!("Submitted batch {batch_id}, see {url}"))?;
            if let Some(batch) = &final_batch {
                ctx.printer.line(&format!(
                    "batch {batch_id} complete: {}",
                    batch["state"].as_str().unwrap_or("?")
                ))?;
            }
        }
        TextFormat::Json | TextFormat::Yaml => {
            let job = client.get_job(batch_id, 1).await?.unwrap_or(Value::Null);
            if args.output == TextFormat::Json {
                ctx.printer.line(&format::compact_json(&job))?;
            } else {
                ctx.printer.raw(&format::python_yaml(&job))?;
            }
        }
    }
    if let (Some(batch), true, Some(stager), Some(staging)) = (
        &final_batch,
        args.delete_scratch,
        &stager,
        &submission.staging,
    ) && batch["complete"] == Value::Bool(true)
        && let Err(e) = stager.delete_prefix(&staging.scratch).await
    {
        ctx.printer.warn(&e.to_string())?;
    }
    let outcome = match &final_batch {
        Some(batch) => super::batch_watch::outcome_exit(batch),
        None => Ok(()),
    };
    // The process exits next: freeing a big plan and its specs (several allocations per job)
    // would only delay that exit, by ~5 ms for 10,000 jobs.
    std::mem::forget(submission);
    std::mem::forget(plan);
    outcome
}

/// `--dry-run`: the requests that would be sent, as JSON, and nothing else.
fn dry_run(ctx: &Context, submission: &Submission) -> Result<()> {
    let mut bunches = Bunches::new(&submission.jobs);
    let mut parsed = Vec::new();
    while let Some((body, _)) = bunches.next_bunch()? {
        parsed.push(serde_json::from_slice::<Value>(&body)?);
    }
    let mut requests = Vec::new();
    if parsed.len() <= 1 {
        let bunch = parsed.pop().unwrap_or_else(|| json!([]));
        requests.push(json!({
            "method": "POST",
            "path": "/api/v1alpha/batches/create-fast",
            "body": {"bunch": bunch, "job_groups": [], "batch": submission.batch},
        }));
    } else {
        requests.push(json!({
            "method": "POST",
            "path": "/api/v1alpha/batches/create",
            "body": submission.batch,
        }));
        for bunch in parsed {
            requests.push(json!({
                "method": "POST",
                "path": "/api/v1alpha/batches/{batch_id}/updates/1/jobs/create",
                "body": bunch,
            }));
        }
        requests.push(json!({
            "method": "PATCH",
            "path": "/api/v1alpha/batches/{batch_id}/updates/1/commit",
        }));
    }
    ctx.printer
        .line(&format::python_json(&Value::Array(requests)))?;
    Ok(())
}

/// The submission protocol of Hail's client: one bunch → `create-fast`; more → `create`, the
/// bunches (a few at a time), `commit`. Every call is idempotent (batch token, bunch ids), so the
/// client's retries cannot duplicate anything. Bunches are built as they are sent.
async fn send(ctx: &Context, client: &BatchClient, submission: &Submission<'_>) -> Result<i64> {
    let mut bunches = Bunches::new(&submission.jobs);
    let first = bunches.next_bunch()?;
    let second = bunches.next_bunch()?;
    if second.is_none() {
        let mut body = b"{\"bunch\":".to_vec();
        match first {
            Some((bunch, _)) => body.extend_from_slice(&bunch),
            None => body.extend_from_slice(b"[]"),
        }
        body.extend_from_slice(b",\"job_groups\":[],\"batch\":");
        serde_json::to_writer(&mut body, &submission.batch)?;
        body.push(b'}');
        let response = client
            .post_raw_json("/api/v1alpha/batches/create-fast", &body)
            .await?;
        return response["id"]
            .as_i64()
            .context("the service's create-fast answer has no batch id");
    }
    let created = client
        .post_json("/api/v1alpha/batches/create", &submission.batch)
        .await?;
    let batch_id = created["id"]
        .as_i64()
        .context("the service's create answer has no batch id")?;
    let update_id = created["update_id"].as_i64().unwrap_or(1);
    let bar = ctx.printer.bar(
        submission.jobs.len() as u64,
        "{msg} {wide_bar} {pos}/{len} jobs {elapsed_precise}",
        &format!("submitting batch {batch_id}"),
    );
    let path = format!("/api/v1alpha/batches/{batch_id}/updates/{update_id}/jobs/create");
    let post = |(body, count): (Vec<u8>, usize)| {
        let (path, bar) = (&path, &bar);
        async move {
            client.post_raw_json(path, &body).await?;
            if let Some(bar) = bar {
                bar.inc(count as u64);
            }
            Ok::<(), anyhow::Error>(())
        }
    };
    // Bunches of one update are independent (each names its own job ids), so a few are in
    // flight at once, as in Hail's client: the service checks one while it stores another.
    // They are built as they are sent, so at most CONCURRENT_BUNCHES + 1 are held.
    let built = [first, second].into_iter().flatten().map(Ok);
    let rest = std::iter::from_fn(|| bunches.next_bunch().transpose());
    futures::stream::iter(built.chain(rest))
        .map(|bunch: Result<(Vec<u8>, usize)>| async { post(bunch?).await })
        .buffer_unordered(CONCURRENT_BUNCHES)
        .try_collect::<()>()
        .await?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    client
        .patch(&format!(
            "/api/v1alpha/batches/{batch_id}/updates/{update_id}/commit"
        ))
        .await?;
    Ok(batch_id)
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

    fn all_bunches(jobs: &Jobs) -> Vec<(Vec<u8>, usize)> {
        let mut bunches = Bunches::new(jobs);
        let mut out = Vec::new();
        while let Some(b) = bunches.next_bunch().expect("bunch") {
            out.push(b);
        }
        out
    }

    #[test]
    fn bunches_respect_count_and_size() {
        let small = Jobs::Built((0..2500).map(|i| json!({"job_id": i})).collect());
        let b = all_bunches(&small);
        assert_eq!(
            b.iter().map(|(_, n)| *n).collect::<Vec<_>>(),
            [1024, 1024, 452]
        );
        // Every spec exactly once, in order, each bunch a JSON array.
        let ids: Vec<i64> = b
            .iter()
            .flat_map(|(body, _)| serde_json::from_slice::<Vec<Value>>(body).expect("array"))
            .map(|s| s["job_id"].as_i64().expect("id"))
            .collect();
        assert_eq!(ids, (0..2500).collect::<Vec<_>>());
        let big = Jobs::Built((0..5).map(|_| json!("x".repeat(400 * 1024))).collect());
        let b = all_bunches(&big);
        assert!(b.iter().all(|(body, _)| body.len() <= MAX_BUNCH_BYTES));
        assert_eq!(b.iter().map(|(_, n)| *n).sum::<usize>(), 5);
        assert_eq!(b.len(), 3, "two 400 KiB specs per 1 MiB bunch");
        assert!(all_bunches(&Jobs::Built(Vec::new())).is_empty());
    }

    #[test]
    fn volumes_follow_hails_rules() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("d/sub")).expect("mkdir");
        std::fs::write(root.join("f"), "1").expect("write");
        std::fs::write(root.join("d/x"), "2").expect("write");
        std::fs::write(root.join("d/sub/y"), "3").expect("write");
        let r = root.display().to_string();
        let dests = |v: &str| -> Vec<String> {
            let mut d: Vec<String> = expand_volume(v, root)
                .expect(v)
                .into_iter()
                .map(|m| m.destination)
                .collect();
            d.sort();
            d
        };
        assert_eq!(dests(&format!("{r}/f:/dest")), ["/dest"]);
        assert_eq!(dests(&format!("{r}/f:/dest/")), ["/dest/f"]);
        assert_eq!(dests(&format!("{r}/f:/")), ["/f"]);
        assert_eq!(dests(&format!("{r}/d:/dest")), ["/dest/sub/y", "/dest/x"]);
        assert_eq!(
            dests(&format!("{r}/d:/dest/")),
            ["/dest/d/sub/y", "/dest/d/x"]
        );
        assert_eq!(dests(&format!("{r}/d/:/dest/")), ["/dest/sub/y", "/dest/x"]);
        assert_eq!(dests(&format!("{r}/d/:/")), ["/sub/y", "/x"]);
        assert!(expand_volume(&format!("{r}/d/:/dest"), root).is_err());
        assert!(expand_volume(&format!("{r}/missing:/x"), root).is_err());
        assert!(expand_volume("a:b:c", root).is_err());
        assert!(expand_volume(&format!("{r}/f:relative"), root).is_err());
    }
}
