//! `hailctl batch submit`: one command (as Hail's `hailctl batch submit`) or a whole batch spec
//! file (`--file`), submitted with the semantics of Hail's `ServiceBackend`: billing project,
//! scratch directory, regions checked against the service, idempotency token, dry run, wait.
//!
//! Both modes make a [`BatchPlan`]: [`crate::spec`] reads and plans a spec file, and
//! [`single_command`] plans the job of `submit COMMAND ARGS...`. The [`settings`] of the
//! submission are resolved once, each with its source, and the plan's jobs are sent as
//! [`job_spec::WireJob`]s, in bunches.

use std::path::PathBuf;

use anyhow::{Context as _, Result};
use futures::{StreamExt, TryStreamExt};
use serde_json::{Map, Value, json};

use super::Context;
use super::batch_ops::{SummaryJobs, print_summary};
use super::batch_watch::{open_page, outcome_exit, wait_for_batch};
use crate::cli::{SubmitArgs, TextFormat};
use crate::client::{BatchClient, ClientError};
use crate::config::UserConfig;
use crate::error::WithHint;
use crate::format;
use crate::server::api::messages::update_already_committed;
use crate::spec::{BatchPlan, PlannedJob};

mod job_spec;
mod settings;
mod single_command;
mod volumes;

use settings::Settings;
use single_command::shell_quote;
use volumes::Staging;

/// A bunch holds at most this many specs ...
const MAX_BUNCH_SPECS: usize = 1024;
/// ... and at most this many bytes (Hail's client).
const MAX_BUNCH_BYTES: usize = 1024 * 1024;
/// Bunches sent at the same time.
const CONCURRENT_BUNCHES: usize = 4;

/// Reads and plans the spec file of `--file` (`-`: stdin) on the blocking pool; `None` without
/// `--file`.
async fn load_plan(file: Option<PathBuf>) -> Result<Option<BatchPlan>> {
    let Some(path) = file else {
        return Ok(None);
    };
    let plan = tokio::task::spawn_blocking(move || -> Result<BatchPlan> {
        if path.as_os_str() == crate::spec::STDIN_PATH {
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

pub(crate) async fn submit(
    ctx: &Context,
    client: &BatchClient,
    config: &UserConfig,
    args: &SubmitArgs,
) -> Result<()> {
    let (spec_plan, settings) =
        Settings::resolve(ctx, client, config, args, load_plan(args.file.clone())).await?;
    let (plan, staging) = match spec_plan {
        Some(plan) => {
            refuse_local_files(client, &plan)?;
            let mounts = plan.jobs.iter().any(|j| !j.cloudfuse.is_empty());
            single_command::refuse_cloudfuse_locally(client, mounts)?;
            (plan, None)
        }
        None => single_command::plan(ctx, client, config, args)?,
    };
    let submission = Submission {
        batch: batch_spec(args, &plan, &settings),
        plan: &plan,
        default_image: &settings.image.value,
        regions: settings.regions.as_deref(),
        staging,
    };

    if args.dry_run {
        return dry_run(ctx, &submission.batch, planned_bunches(&submission));
    }
    // Staging comes first: a failed upload fails the submission before anything is created.
    let stager = match &submission.staging {
        Some(staging) if !staging.uploads.is_empty() => {
            Some(volumes::stage(ctx, client, staging).await?)
        }
        _ => None,
    };
    let n_jobs = plan.jobs.len();
    let sent_at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    let batch_id = send(
        ctx,
        client,
        &submission.batch,
        n_jobs,
        planned_bunches(&submission),
    )
    .await?;
    if args.verbose {
        ctx.printer.error_line(&settings.describe())?;
        let token = if args.token.is_some() {
            "the idempotency token of --token"
        } else {
            "a fresh idempotency token"
        };
        ctx.printer.error_line(&format!(
            "Submitted batch {batch_id} with {} jobs ({token}):",
            plan.jobs.len(),
        ))?;
        for (i, job) in plan.jobs.iter().enumerate() {
            let command: Vec<String> = job.command.iter().map(|w| shell_quote(w)).collect();
            ctx.printer
                .error_line(&format!("({batch_id}, {}): {}", i + 1, command.join(" ")))?;
        }
    }
    if args.token.is_some() {
        note_reused_token(ctx, client, batch_id, sent_at).await?;
    }
    let then = AfterSubmit {
        output: args.output,
        open: args.open,
        wait: (args.wait && !args.no_wait) || args.logs,
        logs: args.logs,
    };
    let final_batch = after_submit(ctx, client, batch_id, n_jobs, &then).await?;
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
    match &final_batch {
        Some(batch) => outcome_exit(batch),
        None => Ok(()),
    }
}

/// Says so when `--token` named a batch that already existed: the service answers a repeated
/// token with the earlier batch and creates nothing (Hail's idempotency). A batch created
/// before this submission was sent is an earlier one: by the local service's clock (this
/// machine's) at once, by a remote service's with a few seconds' slack for clock skew.
async fn note_reused_token(
    ctx: &Context,
    client: &BatchClient,
    batch_id: i64,
    sent_at: i64,
) -> Result<()> {
    let slack_ms = if client.is_local() { 0 } else { 5_000 };
    let batch = client.get_batch(batch_id).await?.unwrap_or(Value::Null);
    let created = batch["time_created"]
        .as_str()
        .and_then(crate::format::time::parse_timestamp);
    if created.is_some_and(|created| created < sent_at - slack_ms) {
        ctx.printer.warn(&format!(
            "batch {batch_id} already existed with this --token (created {}): nothing new was \
             submitted; use another token to submit again",
            batch["time_created"].as_str().unwrap_or("?")
        ))?;
    }
    Ok(())
}

/// What happens once a batch is submitted (`submit`, `rerun`).
pub(crate) struct AfterSubmit {
    pub output: TextFormat,
    /// `--open`: open the batch's page.
    pub open: bool,
    /// `--wait` (or `--logs`).
    pub wait: bool,
    /// `--logs`: after the wait, the summary and every job's log.
    pub logs: bool,
}

/// Prints `Submitted batch N, see URL` at once (or, with `-o json|yaml`, job 1 at the end),
/// opens the page, waits and shows the logs as `then` asks. Returns the final status when it
/// waited.
pub(crate) async fn after_submit(
    ctx: &Context,
    client: &BatchClient,
    batch_id: i64,
    n_jobs: usize,
    then: &AfterSubmit,
) -> Result<Option<Value>> {
    // One command links its job, as Hail's tool does; a batch of many jobs links the batch.
    let url = if n_jobs == 1 {
        client.ui_url(&format!("/batches/{batch_id}/jobs/1"))
    } else {
        client.ui_url(&format!("/batches/{batch_id}"))
    };
    if then.output == TextFormat::Text {
        // At once, before any wait: a CI log shows the batch while it runs, and an interrupted
        // wait does not lose its id.
        ctx.printer
            .line(&format!("Submitted batch {batch_id}, see {url}"))?;
    }
    if then.open {
        open_page(ctx, client, &format!("/batches/{batch_id}")).await?;
    }
    let final_batch = if then.wait {
        Some(wait_for_batch(ctx, client, batch_id, true).await?)
    } else {
        None
    };
    match then.output {
        TextFormat::Text => {
            if let Some(batch) = &final_batch {
                ctx.printer.line(&format!(
                    "batch {batch_id} complete: {}",
                    batch["state"].as_str().unwrap_or("?")
                ))?;
                if then.logs {
                    let all = SummaryJobs::All;
                    print_summary(ctx, client, batch, all, TextFormat::Text).await?;
                }
            }
        }
        TextFormat::Json | TextFormat::Yaml => {
            let job = client.get_job(batch_id, 1).await?.unwrap_or(Value::Null);
            if then.output == TextFormat::Json {
                ctx.printer.line(&format::compact_json(&job))?;
            } else {
                ctx.printer.raw(&format::python_yaml(&job))?;
            }
        }
    }
    Ok(final_batch)
}

/// Refuses a spec file whose jobs copy local files when the service is not the local one: the
/// service reads inputs' `from` and writes outputs' `to`, and local paths there mean this
/// machine, which only the local service can reach.
fn refuse_local_files(client: &BatchClient, plan: &BatchPlan) -> Result<()> {
    if client.is_local() {
        return Ok(());
    }
    let is_local = |url: &str| !url.contains("://") || url.starts_with("file://");
    let copies_local_files = |job: &&PlannedJob| {
        job.input_files.iter().any(|f| is_local(&f.from))
            || job.output_files.iter().any(|f| is_local(&f.to))
    };
    match plan.jobs.iter().find(copies_local_files) {
        Some(job) => Err(WithHint {
            message: format!(
                "job {:?} copies local files, which the Batch service cannot read",
                job.name
            ),
            hint: "use cloud storage URLs in input_files/output_files, or the local service".into(),
        }
        .into()),
        None => Ok(()),
    }
}

/// The batch's spec: its attributes and name from the plan (`--name` first), its billing
/// project and token from the settings.
fn batch_spec(args: &SubmitArgs, plan: &BatchPlan, settings: &Settings) -> Value {
    let mut attributes: Map<String, Value> = plan
        .attributes
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    if let Some(name) = args.name.as_ref().or(plan.name.as_ref()) {
        attributes.insert("name".into(), json!(name));
    }
    let mut batch = json!({
        "billing_project": settings.billing_project.value,
        "n_jobs": plan.jobs.len(),
        "n_job_groups": 0,
        "token": settings.token,
        "attributes": attributes,
    });
    if let Some(object) = batch.as_object_mut() {
        if let Some(callback) = &args.callback {
            object.insert("callback".into(), json!(callback));
        }
        if let Some(n) = plan.cancel_after_n_failures {
            object.insert("cancel_after_n_failures".into(), json!(n));
        }
        // A spec file's callback has always been sent after `cancel_after_n_failures`.
        if let (None, Some(callback)) = (&args.callback, &plan.callback) {
            object.insert("callback".into(), json!(callback));
        }
    }
    batch
}

/// What a submission sends. The job specs are turned into JSON one at a time, as their bunch
/// is built, so that submitting 100,000 jobs never holds more than two bunches of specs (2 MiB)
/// besides the plan itself.
struct Submission<'a> {
    batch: Value,
    plan: &'a BatchPlan,
    /// The image of jobs that name none.
    default_image: &'a str,
    /// The regions of jobs that name none.
    regions: Option<&'a [String]>,
    /// Files to stage under `remote_tmpdir` before anything is sent.
    staging: Option<Staging>,
}

/// Builds the request bodies of a submission's bunches, in job order: at most 1,024 specs and
/// 1 MiB each (Hail's client), every spec serialized once, straight into its bunch.
pub(crate) struct Bunches<I> {
    /// The specs not written yet.
    specs: I,
    /// A spec that did not fit into the previous bunch.
    carry: Option<Vec<u8>>,
}

/// The bunches of a planned submission: its jobs as [`job_spec::WireJob`]s.
fn planned_bunches<'a>(
    submission: &'a Submission<'a>,
) -> Bunches<impl Iterator<Item = job_spec::WireJob<'a>> + 'a> {
    let Submission {
        default_image,
        regions,
        ..
    } = submission;
    let specs = submission
        .plan
        .jobs
        .iter()
        .enumerate()
        .map(move |(index, job)| job_spec::WireJob::new(job, index, default_image, *regions));
    Bunches::new(specs)
}

impl<I: Iterator<Item: serde::Serialize>> Bunches<I> {
    pub(crate) fn new(specs: I) -> Self {
        Bunches { specs, carry: None }
    }

    /// The next bunch as a JSON array and its number of specs; `None` after the last.
    pub(crate) fn next_bunch(&mut self) -> Result<Option<(Vec<u8>, usize)>> {
        let mut body = Vec::with_capacity(256 * 1024);
        body.push(b'[');
        let mut count = 0;
        if let Some(spec) = self.carry.take() {
            body.extend_from_slice(&spec);
            count += 1;
        }
        while count < MAX_BUNCH_SPECS
            && let Some(spec) = self.specs.next()
        {
            // Written in place; split off again if it makes the bunch too big.
            let mark = body.len();
            if count > 0 {
                body.push(b',');
            }
            serde_json::to_writer(&mut body, &spec)?;
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

/// `--dry-run`: the requests that would be sent, as JSON, and nothing else.
pub(crate) fn dry_run<I: Iterator<Item: serde::Serialize>>(
    ctx: &Context,
    batch: &Value,
    mut bunches: Bunches<I>,
) -> Result<()> {
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
            "body": {"bunch": bunch, "job_groups": [], "batch": batch},
        }));
    } else {
        requests.push(json!({
            "method": "POST",
            "path": "/api/v1alpha/batches/create",
            "body": batch,
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
pub(crate) async fn send<I: Iterator<Item: serde::Serialize>>(
    ctx: &Context,
    client: &BatchClient,
    batch: &Value,
    n_jobs: usize,
    mut bunches: Bunches<I>,
) -> Result<i64> {
    let first = bunches.next_bunch()?;
    let second = bunches.next_bunch()?;
    if second.is_none() {
        let mut body = b"{\"bunch\":".to_vec();
        match first {
            Some((bunch, _)) => body.extend_from_slice(&bunch),
            None => body.extend_from_slice(b"[]"),
        }
        body.extend_from_slice(b",\"job_groups\":[],\"batch\":");
        serde_json::to_writer(&mut body, batch)?;
        body.push(b'}');
        let response = client
            .post_raw_json("/api/v1alpha/batches/create-fast", &body)
            .await?;
        return response["id"]
            .as_i64()
            .context("the service's create-fast answer has no batch id");
    }
    // Listening for Ctrl-C from before the batch exists: one that comes during `create` is
    // seen as soon as it returns (see below).
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .context("cannot listen for Ctrl-C")?;
    let created = client
        .post_json("/api/v1alpha/batches/create", batch)
        .await?;
    let batch_id = created["id"]
        .as_i64()
        .context("the service's create answer has no batch id")?;
    let update_id = created["update_id"].as_i64().unwrap_or(1);
    // A batch whose jobs never got committed reports `success` with 0 jobs (Hail's rule,
    // batch-semantics §3.1). A submission that fails or is interrupted (Ctrl-C) after the batch
    // exists cancels it, so that it shows as `cancelled`, never as a success.
    let sent = tokio::select! {
        sent = send_jobs(ctx, client, n_jobs, bunches, [first, second], batch_id, update_id) => sent,
        _ = interrupt.recv() => Err(anyhow::anyhow!("interrupted")),
    };
    if let Err(err) = sent {
        let cancelled = client.cancel_batch(batch_id).await;
        let what = match cancelled {
            Ok(()) => "it was cancelled",
            Err(_) => "cancelling it failed too",
        };
        return Err(err.context(format!(
            "batch {batch_id} was created but its jobs could not all be submitted; {what}"
        )));
    }
    Ok(batch_id)
}

/// A bunch of jobs, serialized, and how many jobs it holds.
type Bunch = (Vec<u8>, usize);

/// The slow path's jobs and commit, after `create`.
async fn send_jobs<I: Iterator<Item: serde::Serialize>>(
    ctx: &Context,
    client: &BatchClient,
    n_jobs: usize,
    mut bunches: Bunches<I>,
    built: [Option<Bunch>; 2],
    batch_id: i64,
    update_id: i64,
) -> Result<()> {
    let bar = ctx.printer.bar(
        n_jobs as u64,
        "{msg} {wide_bar} {pos}/{len} jobs {elapsed_precise}",
        &format!("submitting batch {batch_id}"),
    );
    let path = format!("/api/v1alpha/batches/{batch_id}/updates/{update_id}/jobs/create");
    let post = |(body, count): (Vec<u8>, usize)| {
        let (path, bar) = (&path, &bar);
        async move {
            match client.post_raw_json(path, &body).await {
                Ok(_) => {}
                // The update was committed by an earlier run with the same batch token (`submit
                // --token T` again): the batch is whole, as the fast path reports (batch-api
                // §1.8). Commit again below is a no-op.
                Err(ClientError::Http {
                    status: 400, body, ..
                }) if body.strip_prefix("400: ") == Some(&update_already_committed(update_id)) => {}
                Err(err) => return Err(err.into()),
            }
            if let Some(bar) = bar {
                bar.inc(count as u64);
            }
            Ok::<(), anyhow::Error>(())
        }
    };
    // Bunches of one update are independent (each names its own job ids), so a few are in
    // flight at once, as in Hail's client: the service checks one while it stores another.
    // They are built as they are sent, so at most CONCURRENT_BUNCHES + 1 are held.
    let built = built.into_iter().flatten().map(Ok);
    let rest = std::iter::from_fn(|| bunches.next_bunch().transpose());
    futures::stream::iter(built.chain(rest))
        .map(|bunch: Result<Bunch>| async { post(bunch?).await })
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plan of one job per command, planned as a spec file's.
    fn plan(commands: impl Iterator<Item = String>) -> BatchPlan {
        let jobs: Vec<String> = commands
            .enumerate()
            .map(|(i, command)| format!(r#"{{"name": "j{i}", "command": ["{command}"]}}"#))
            .collect();
        let spec = format!(r#"{{"jobs": [{}]}}"#, jobs.join(", "));
        let json = crate::spec::SpecFormat::Json;
        crate::spec::load_str(&spec, json, "spec.json", std::path::Path::new("/")).expect("plan")
    }

    fn all_bunches(plan: &BatchPlan) -> Vec<(Vec<u8>, usize)> {
        let submission = Submission {
            batch: Value::Null,
            plan,
            default_image: "image",
            regions: None,
            staging: None,
        };
        let mut bunches = planned_bunches(&submission);
        let mut out = Vec::new();
        while let Some(b) = bunches.next_bunch().expect("bunch") {
            out.push(b);
        }
        out
    }

    #[test]
    fn bunches_respect_count_and_size() {
        let small = plan((0..2500).map(|i| i.to_string()));
        let b = all_bunches(&small);
        assert_eq!(
            b.iter().map(|(_, n)| *n).collect::<Vec<_>>(),
            [1024, 1024, 452]
        );
        // Every spec exactly once, in order, each bunch a JSON array.
        let ids: Vec<(i64, String)> = b
            .iter()
            .flat_map(|(body, _)| serde_json::from_slice::<Vec<Value>>(body).expect("array"))
            .map(|s| {
                let command = s["process"]["command"][0].as_str().expect("command");
                (s["job_id"].as_i64().expect("id"), command.to_string())
            })
            .collect();
        let expected: Vec<(i64, String)> = (0..2500).map(|i| (i + 1, i.to_string())).collect();
        assert_eq!(ids, expected);
        let big = plan((0..5).map(|_| "x".repeat(400 * 1024)));
        let b = all_bunches(&big);
        assert!(b.iter().all(|(body, _)| body.len() <= MAX_BUNCH_BYTES));
        assert_eq!(b.iter().map(|(_, n)| *n).sum::<usize>(), 5);
        assert_eq!(b.len(), 3, "two 400 KiB specs per 1 MiB bunch");
        assert!(all_bunches(&plan(std::iter::empty())).is_empty());
    }
}
