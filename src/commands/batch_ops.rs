//! The `hailctl batch` commands that talk to a Batch service (the embedded one or the real one
//! through [`crate::client`]), with Hail's outputs: `list`, `get`, `cancel`, `delete`, `job`,
//! `jobs`, `log`, `attempts`, `wait`, plus `regions`, `status` and `ui`, which Hail lacks.
//! [`super::batch`] dispatches to them.
//!
//! Deliberate differences from the Python tool (docs/exit-codes.md, docs/batch.md): "not found"
//! messages go to stderr with exit status 5 (Hail prints them on stdout, exiting 0 for
//! `get/cancel/delete`); `wait` exits 0 only for a successful batch; `wait -o yaml` prints YAML
//! (Hail prints a Python dict there); progress bars go to stderr, only on a terminal.

use std::time::Duration;

use anyhow::Result;
use serde_json::{Map, Value, json};

use super::batch_watch::{lookup_batch, open_page, outcome_exit, wait_for_batch};
use super::{Context, usage_error};
use crate::cli::{
    BatchIdArgs, JobArgs, JobsArgs, ListArgs, ListFormat, LogArgs, StatusArgs, StructuredFormat,
    TextFormat, UiArgs, WaitArgs,
};
use crate::client::BatchClient;
use crate::error::{EXIT_NOT_FOUND, Reported, WithHint};
use crate::format;

/// `get BATCH_ID`: the batch's status.
pub(crate) async fn get(ctx: &Context, client: &BatchClient, args: &BatchIdArgs) -> Result<()> {
    let batch = lookup_batch(client, args.batch_id).await?;
    print_structured(ctx, args.output, &Value::Array(vec![batch]))?;
    if args.open {
        open_page(ctx, client, &format!("/batches/{}", args.batch_id)).await?;
    }
    Ok(())
}

/// `cancel BATCH_ID`.
pub(crate) async fn cancel(ctx: &Context, client: &BatchClient, batch_id: i64) -> Result<()> {
    lookup_batch(client, batch_id).await?;
    client.cancel_batch(batch_id).await?;
    ctx.printer.line(&format!(
        "Batch with id {batch_id} was cancelled successfully"
    ))?;
    Ok(())
}

/// `delete BATCH_ID`.
pub(crate) async fn delete(ctx: &Context, client: &BatchClient, batch_id: i64) -> Result<()> {
    lookup_batch(client, batch_id).await?;
    client.delete_batch(batch_id).await?;
    ctx.printer.line(&format!(
        "Batch with id {batch_id} was deleted successfully"
    ))?;
    Ok(())
}

/// `job BATCH_ID JOB_ID`: the job's status and spec.
pub(crate) async fn job(ctx: &Context, client: &BatchClient, args: &JobArgs) -> Result<()> {
    let job = lookup_job(client, args.batch_id, args.job_id).await?;
    print_structured(ctx, args.output, &Value::Array(vec![job]))
}

/// `attempts BATCH_ID JOB_ID`.
pub(crate) async fn attempts(ctx: &Context, client: &BatchClient, args: &JobArgs) -> Result<()> {
    lookup_job(client, args.batch_id, args.job_id).await?;
    let attempts = client.attempts(args.batch_id, args.job_id).await?;
    print_structured(ctx, args.output, &attempts)
}

/// The job's status, or Hail's "not found" message (on stderr, exit status 5).
async fn lookup_job(client: &BatchClient, batch_id: i64, job_id: i64) -> Result<Value> {
    client.get_job(batch_id, job_id).await?.ok_or_else(|| {
        let message = format!("Job with ID {job_id} on batch {batch_id} not found");
        Reported::with_code(message, EXIT_NOT_FOUND).into()
    })
}

/// Prints YAML (PyYAML's `yaml.dump`, then `print`'s newline) or JSON (`json.dumps(indent=2)`).
pub(super) fn print_structured(
    ctx: &Context,
    output: StructuredFormat,
    value: &Value,
) -> Result<()> {
    match output {
        StructuredFormat::Yaml => ctx.printer.line(&format::python_yaml(value))?,
        StructuredFormat::Json => ctx.printer.line(&format::python_json(value))?,
    }
    Ok(())
}

/// `hailctl batch ui [BATCH_ID] [--no-open]`: prints a signed-in link to the web UI and opens it.
pub(crate) async fn ui(ctx: &Context, client: &BatchClient, args: &UiArgs) -> Result<()> {
    let path = match args.batch_id {
        Some(id) => {
            lookup_batch(client, id).await?;
            format!("/batches/{id}")
        }
        None => "/batches".to_owned(),
    };
    let url = client.signed_in_ui_url(&path).await?;
    ctx.printer.line(&url)?;
    if !args.no_open
        && let Err(e) = open::that_detached(&url)
    {
        let why = super::batch_watch::browser_failure(&e);
        ctx.printer.warn(&format!(
            "cannot open a browser ({why}); open the link above"
        ))?;
    }
    Ok(())
}

/// `running` → `Running`, as Hail's `list` shows states.
fn capitalize(state: &str) -> String {
    let lower = state.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(crate) async fn list(ctx: &Context, client: &BatchClient, args: &ListArgs) -> Result<()> {
    let mut rows: Vec<Map<String, Value>> = Vec::new();
    let limit = usize::try_from(args.limit).unwrap_or(0);
    let mut last = args.before;
    let full = args.full && !args.no_full;
    while rows.len() < limit {
        let mut query = vec![("q", args.query.clone())];
        if let Some(last) = last {
            query.push(("last_batch_id", last.to_string()));
        }
        let page = client.get_json("/api/v1alpha/batches", &query).await?;
        for batch in page["batches"].as_array().into_iter().flatten() {
            if rows.len() >= limit {
                break;
            }
            let Some(object) = batch.as_object() else {
                continue;
            };
            let state = capitalize(object.get("state").and_then(Value::as_str).unwrap_or(""));
            let row: Map<String, Value> = if full {
                object
                    .iter()
                    .filter(|(k, _)| k.as_str() != "attributes")
                    .map(|(k, v)| {
                        let v = if k == "state" {
                            json!(state)
                        } else {
                            v.clone()
                        };
                        (k.clone(), v)
                    })
                    .collect()
            } else {
                let mut row = Map::new();
                row.insert(
                    "id".into(),
                    object.get("id").cloned().unwrap_or(Value::Null),
                );
                row.insert("state".into(), json!(state));
                row
            };
            rows.push(row);
        }
        match page.get("last_batch_id").and_then(Value::as_i64) {
            Some(next) => last = Some(next),
            None => break,
        }
    }
    // No batch: Hail's sentence for people (the grid), an empty list or a header for programs.
    if rows.is_empty() && args.output == ListFormat::Grid {
        ctx.printer.line("No batches to display.")?;
        return Ok(());
    }
    let list = Value::Array(rows.iter().cloned().map(Value::Object).collect());
    match args.output {
        ListFormat::Grid => ctx.printer.line(&format::grid(&rows))?,
        ListFormat::Csv if rows.is_empty() => {
            if !full {
                ctx.printer.raw("id,state\r\n")?;
            }
        }
        ListFormat::Csv => ctx.printer.raw(&format::csv(&rows))?,
        ListFormat::Yaml => ctx.printer.line(&format::python_yaml(&list))?,
        ListFormat::Json => ctx.printer.line(&format::python_json(&list))?,
    }
    Ok(())
}

pub(crate) async fn jobs(ctx: &Context, client: &BatchClient, args: &JobsArgs) -> Result<()> {
    lookup_batch(client, args.batch_id).await?;
    let mut terms = Vec::new();
    if let Some(state) = args.state {
        let name = format!("{state:?}").to_lowercase();
        terms.push(format!("state={name}"));
    }
    if let Some(code) = args.exit_code {
        terms.push(format!("exit_code={code}"));
    }
    if let Some(name) = &args.name {
        terms.push(format!("name={name}"));
    }
    let q = (!terms.is_empty()).then(|| terms.join("\n"));
    let limit = if args.limit <= 0 {
        usize::MAX
    } else {
        usize::try_from(args.limit).unwrap_or(usize::MAX)
    };
    let mut jobs: Vec<Value> = Vec::new();
    let mut last = args.last_job_id;
    while jobs.len() < limit {
        let mut query = vec![("recursive", "True".to_string())];
        if let Some(q) = &q {
            query.push(("q", q.clone()));
        }
        if let Some(last) = last {
            query.push(("last_job_id", last.to_string()));
        }
        let path = format!("/api/v2alpha/batches/{}/job-groups/0/jobs", args.batch_id);
        let page = client.get_json(&path, &query).await?;
        for job in page["jobs"].as_array().into_iter().flatten() {
            if jobs.len() >= limit {
                break;
            }
            jobs.push(job.clone());
        }
        match page.get("last_job_id").and_then(Value::as_i64) {
            Some(next) => last = Some(next),
            None => break,
        }
    }
    // No job: Hail's sentence with its default YAML, an empty list for JSON (for programs).
    if jobs.is_empty() && args.output == StructuredFormat::Yaml {
        ctx.printer.line("No jobs found.")?;
        return Ok(());
    }
    print_structured(ctx, args.output, &Value::Array(jobs))
}

/// The usage errors of `log`, checked before any network call, as in Hail.
pub(crate) fn check_log_args(args: &LogArgs) -> Result<()> {
    if args.attempt.is_some() && args.container.is_none() && !args.follow {
        return Err(usage_error(
            "Invalid value: --attempt requires --container to be specified",
        ));
    }
    if args.raw && !args.no_raw && args.container.is_none() && !args.follow {
        return Err(usage_error(
            "Invalid value: --raw requires --container to be specified",
        ));
    }
    Ok(())
}

fn write_log_bytes(ctx: &Context, bytes: &[u8], raw: bool) -> Result<()> {
    if raw {
        ctx.printer.bytes(bytes)?;
    } else {
        ctx.printer.raw(&String::from_utf8_lossy(bytes))?;
    }
    Ok(())
}

pub(crate) async fn log(ctx: &Context, client: &BatchClient, args: &LogArgs) -> Result<()> {
    let job = lookup_job(client, args.batch_id, args.job_id).await?;
    let raw = args.raw && !args.no_raw;
    if args.follow {
        let container = args.container.map(|c| c.as_str()).unwrap_or("main");
        return follow(ctx, client, args.batch_id, args.job_id, container, raw).await;
    }
    match args.container {
        None => {
            let logs = all_container_logs(client, &job).await?;
            print_structured(ctx, args.output, &logs)
        }
        Some(container) => {
            let bytes = client
                .container_log(
                    args.batch_id,
                    args.job_id,
                    container.as_str(),
                    args.attempt.as_deref().filter(|a| !a.is_empty()),
                )
                .await?;
            write_log_bytes(ctx, &bytes, raw)
        }
    }
}

/// `{container: text|null}` for each of the job's containers, as Hail's deprecated `.../log`
/// endpoint answers, read through the current per-container endpoint (the deprecated one makes
/// the service warn about a choice the user did not make). `null` before any attempt.
async fn all_container_logs(client: &BatchClient, job: &Value) -> Result<Value> {
    let batch_id = job["batch_id"].as_i64().unwrap_or(0);
    let job_id = job["job_id"].as_i64().unwrap_or(0);
    let attempts = client.attempts(batch_id, job_id).await?;
    let has_run = attempts.as_array().is_some_and(|a| !a.is_empty());
    let mut logs = Map::new();
    for container in crate::server::container_names(&job["spec"]) {
        let value = if has_run {
            let bytes = client
                .container_log(batch_id, job_id, container, None)
                .await?;
            let text = String::from_utf8(bytes).map_err(|_| WithHint {
                message: format!("the log of container {container} is not text (not valid UTF-8)"),
                hint: format!(
                    "print its bytes with: hailctl batch log {batch_id} {job_id} --container \
                     {container} --raw"
                ),
            })?;
            Value::String(text)
        } else {
            Value::Null
        };
        logs.insert(container.to_string(), value);
    }
    Ok(Value::Object(logs))
}

/// `log --follow`: print the container's log as the job writes it, until the job has finished.
/// The attempt comes from the job's attempts, not from `status.attempt_id`: the service answers
/// `status: null` while a job runs.
async fn follow(
    ctx: &Context,
    client: &BatchClient,
    batch_id: i64,
    job_id: i64,
    container: &str,
    raw: bool,
) -> Result<()> {
    let mut printed = 0usize;
    let mut attempt: Option<String> = None;
    loop {
        let job = lookup_job(client, batch_id, job_id).await?;
        let state = job["state"].as_str().unwrap_or("").to_string();
        let done = matches!(state.as_str(), "Success" | "Failed" | "Error" | "Cancelled");
        let attempts = client.attempts(batch_id, job_id).await?;
        let current = attempts
            .as_array()
            .and_then(|list| list.last())
            .and_then(|a| a["attempt_id"].as_str())
            .map(str::to_string);
        if current.is_some() && current != attempt {
            // A new attempt starts a new log.
            if attempt.is_some() {
                ctx.printer.error_line(&format!(
                    "--- attempt {} ---",
                    current.as_deref().unwrap_or("")
                ))?;
            }
            attempt = current;
            printed = 0;
        }
        if attempt.is_some() || done {
            let bytes = client
                .container_log(batch_id, job_id, container, attempt.as_deref())
                .await
                .unwrap_or_default();
            let mut end = bytes.len();
            if !raw
                && !done
                && let Some(Err(e)) = bytes.get(printed..).map(std::str::from_utf8)
                && e.error_len().is_none()
            {
                // A character cut in two by the read: its end comes with the next one.
                end = printed + e.valid_up_to();
            }
            if end > printed {
                write_log_bytes(ctx, &bytes[printed..end], raw)?;
                printed = end;
            }
        }
        if done {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// `wait BATCH_ID`: waits, prints the final status, and exits with the batch's outcome.
pub(crate) async fn wait(ctx: &Context, client: &BatchClient, args: &WaitArgs) -> Result<()> {
    lookup_batch(client, args.batch_id).await?;
    if args.open {
        open_page(ctx, client, &format!("/batches/{}", args.batch_id)).await?;
    }
    let show_bar = args.output == TextFormat::Text;
    let batch = wait_for_batch(ctx, client, args.batch_id, show_bar).await?;
    match args.output {
        TextFormat::Json => ctx.printer.line(&format::compact_json(&batch))?,
        TextFormat::Yaml => ctx.printer.line(&format::python_yaml(&batch))?,
        TextFormat::Text => ctx.printer.line(&format::python_repr(&batch))?,
    }
    outcome_exit(&batch)
}

pub(crate) async fn regions(ctx: &Context, client: &BatchClient, output: TextFormat) -> Result<()> {
    let supported = client.supported_regions().await?;
    let default = client.default_region().await?;
    let value = json!({"supported_regions": supported, "default_region": default});
    match output {
        TextFormat::Text => {
            let lines: Vec<String> = supported
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(|r| {
                    if r == default {
                        format!("{r} (default)")
                    } else {
                        r.to_string()
                    }
                })
                .collect();
            ctx.printer.line(&lines.join("\n"))?;
        }
        TextFormat::Yaml => ctx.printer.line(&format::python_yaml(&value))?,
        TextFormat::Json => ctx.printer.line(&format::python_json(&value))?,
    }
    Ok(())
}

/// The last `n` lines of a log.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// Why a job ended in Error, from its status: a container's short error (`timed out`), else the
/// last line of a container's or the job's error text (a traceback ends with its message).
pub(crate) fn error_reason(job: &Value) -> Option<String> {
    let status = &job["status"];
    let containers = ["input", "main", "output"].map(|name| &status["container_statuses"][name]);
    let last_line = |text: &Value| {
        text.as_str()
            .and_then(|t| t.lines().rev().find(|l| !l.trim().is_empty()))
            .map(|l| l.trim().to_string())
    };
    containers
        .iter()
        .find_map(|c| c["short_error"].as_str().map(str::to_string))
        .or_else(|| containers.iter().find_map(|c| last_line(&c["error"])))
        .or_else(|| last_line(&status["error"]))
}

/// Which jobs a batch summary shows, with how many lines of each one's main log.
#[derive(Clone, Copy)]
pub(crate) enum SummaryJobs {
    /// The first 10 jobs that did not succeed, with the last 10 lines of their logs.
    Failed,
    /// The first [`ALL_JOBS_SHOWN`] jobs, with the last [`ALL_JOBS_LOG_LINES`] lines of their logs.
    All,
}

/// How many jobs `submit --logs` shows, and how many lines of each log.
const ALL_JOBS_SHOWN: usize = 100;
const ALL_JOBS_LOG_LINES: usize = 50;

/// The jobs a summary shows, each with its reason (Error jobs) and the tail of its main log.
async fn summary_jobs(
    client: &BatchClient,
    batch_id: i64,
    which: SummaryJobs,
) -> Result<Vec<Value>> {
    let (q, shown, lines) = match which {
        SummaryJobs::Failed => (Some("state = bad"), 10, 10),
        SummaryJobs::All => (None, ALL_JOBS_SHOWN, ALL_JOBS_LOG_LINES),
    };
    let mut query = vec![("recursive", "True".to_string())];
    if let Some(q) = q {
        query.push(("q", q.to_string()));
    }
    let page = client
        .get_json(
            &format!("/api/v2alpha/batches/{batch_id}/job-groups/0/jobs"),
            &query,
        )
        .await?;
    let mut jobs = Vec::new();
    for job in page["jobs"].as_array().into_iter().flatten().take(shown) {
        let job_id = job["job_id"].as_i64().unwrap_or(0);
        let log = client
            .container_log(batch_id, job_id, "main", None)
            .await
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let n_lines = log.lines().count();
        let reason = if job["state"] == "Error" {
            client
                .get_job(batch_id, job_id)
                .await?
                .as_ref()
                .and_then(error_reason)
        } else {
            None
        };
        jobs.push(json!({
            "job_id": job_id,
            "name": job["name"],
            "state": job["state"],
            "exit_code": job["exit_code"],
            "reason": reason,
            "log_tail": tail(&log, lines),
            "log_lines_omitted": n_lines.saturating_sub(lines),
        }));
    }
    Ok(jobs)
}

/// A batch's summary as `status` prints it: its state, counts, duration, cost and page, then
/// `jobs` with their outcome and log tails.
/// The runtime of the local service `client` talks to, when it does not isolate jobs (`host`).
fn unisolated_runtime(ctx: &Context, client: &BatchClient) -> Option<String> {
    let paths = crate::server::state::ServicePaths::locate(&ctx.env);
    let state = crate::server::state::read_state(&paths).ok().flatten()?;
    (!state.isolated && state.base_url() == client.base_url()).then_some(state.runtime)
}

fn summary_text(
    client: &BatchClient,
    batch: &Value,
    jobs: &[Value],
    unisolated: Option<&str>,
) -> String {
    let batch_id = batch["id"].as_i64().unwrap_or(0);
    let n = |k: &str| batch[k].as_i64().unwrap_or(0);
    let mut out = vec![
        format!(
            "Batch {batch_id}: {}",
            batch["state"].as_str().unwrap_or("?")
        ),
        format!(
            "  jobs: {} total, {} completed ({} succeeded, {} failed, {} cancelled)",
            n("n_jobs"),
            n("n_completed"),
            n("n_succeeded"),
            n("n_failed"),
            n("n_cancelled")
        ),
        format!(
            "  complete: {}, duration: {}, cost: {}",
            if batch["complete"] == Value::Bool(true) {
                "yes"
            } else {
                "no"
            },
            batch["duration"].as_str().unwrap_or("-"),
            crate::format::time::cost_str(batch["cost"].as_f64().unwrap_or(0.0))
        ),
        format!("  page: {}", client.ui_url(&format!("/batches/{batch_id}"))),
    ];
    if let Some(runtime) = unisolated {
        out.push(format!(
            "  runtime: {runtime} (jobs run on this machine's software, NOT isolated from it)"
        ));
    }
    for job in jobs {
        let outcome = match (job["state"].as_str(), job["reason"].as_str()) {
            (Some("Error"), Some(reason)) => format!("Error: {reason}"),
            (
                Some(
                    state @ ("Error" | "Cancelled" | "Pending" | "Ready" | "Creating" | "Running"),
                ),
                _,
            ) => state.to_string(),
            (state, _) => format!("{}, exit code {}", state.unwrap_or("?"), job["exit_code"]),
        };
        out.push(format!(
            "  job {} ({}): {outcome}",
            job["job_id"],
            job["name"].as_str().unwrap_or("unnamed"),
        ));
        let omitted = job["log_lines_omitted"].as_u64().unwrap_or(0);
        if omitted > 0 {
            out.push(format!(
                "    | ({omitted} earlier lines: hailctl batch log {batch_id} {} --container main)",
                job["job_id"]
            ));
        }
        for line in job["log_tail"].as_str().unwrap_or("").lines() {
            out.push(format!("    | {line}"));
        }
    }
    out.join("\n")
}

/// Prints a batch's summary with `jobs` (see [`SummaryJobs`]) in `output`'s format.
pub(crate) async fn print_summary(
    ctx: &Context,
    client: &BatchClient,
    batch: &Value,
    which: SummaryJobs,
    output: TextFormat,
) -> Result<()> {
    let batch_id = batch["id"].as_i64().unwrap_or(0);
    let jobs = summary_jobs(client, batch_id, which).await?;
    let key = match which {
        SummaryJobs::Failed => "failed_jobs",
        SummaryJobs::All => "jobs",
    };
    let summary = json!({"batch": batch, key: jobs});
    match output {
        TextFormat::Json => ctx.printer.line(&format::python_json(&summary))?,
        TextFormat::Yaml => ctx.printer.line(&format::python_yaml(&summary))?,
        TextFormat::Text => {
            let unisolated = unisolated_runtime(ctx, client);
            let text = summary_text(client, batch, &jobs, unisolated.as_deref());
            ctx.printer.line(&text)?
        }
    }
    Ok(())
}

pub(crate) async fn status(ctx: &Context, client: &BatchClient, args: &StatusArgs) -> Result<()> {
    let Some(batch_id) = args.batch_id else {
        return super::batch_env::environment_status(ctx, args.output).await;
    };
    let batch = lookup_batch(client, batch_id).await?;
    if args.open {
        open_page(ctx, client, &format!("/batches/{batch_id}")).await?;
    }
    print_summary(ctx, client, &batch, SummaryJobs::Failed, args.output).await
}
