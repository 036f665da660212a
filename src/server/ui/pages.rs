//! The bodies of the three pages (`batch-semantics.md` §12.1–12.3), rendered from store rows.
//! Everything user-derived is escaped with [`esc`] or encoded with [`url_encode`].

use serde_json::Value;

use super::LogView;
use super::html::{batch_icon, csrf_field, esc, job_icon, url_encode};
use crate::format::time::{cost_str, format_timestamp, humanize_duration_ms};
use crate::server::store::{AttemptRow, BatchRow, JobDetail, JobRow};

/// The `name` attribute of a batch, if any.
fn batch_name(batch: &BatchRow) -> Option<String> {
    batch.attributes.get("name").cloned()
}

fn name_or_none(name: Option<&str>) -> String {
    match name {
        Some(name) => esc(name),
        None => "<i>no name</i>".to_owned(),
    }
}

/// `3 pending, 5 succeeded, 1 failed` (only the non-zero parts).
fn job_statuses(b: &BatchRow) -> String {
    let parts = [
        (b.counts.n_jobs - b.counts.n_completed, "pending"),
        (b.counts.n_succeeded, "succeeded"),
        (b.counts.n_cancelled, "cancelled"),
        (b.counts.n_failed, "failed"),
    ];
    parts
        .iter()
        .filter(|(n, _)| *n != 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Elapsed time of a batch: until completion, or until now while it runs.
fn batch_duration(b: &BatchRow, now: i64) -> String {
    humanize_duration_ms(b.time_completed.unwrap_or(now) - b.time_created)
}

fn search_form(action: &str, q: &str, placeholder: &str) -> String {
    format!(
        "<form method=\"get\" action=\"{action}\" class=\"search\">\
         <textarea name=\"q\" rows=\"3\" spellcheck=\"false\" placeholder=\"{placeholder}\">{}</textarea>\
         <div><button type=\"submit\">Search</button> \
         <span class=\"hint\">One condition per line, all must hold (Hail's v2 query language: \
         <code>name = x</code>, <code>state = running</code>, <code>duration &gt; 60</code>, \
         <code>start_time &gt;= 2024-01-01T00:00:00Z</code>, a bare word matches attributes).</span></div>\
         </form>",
        esc(q),
        placeholder = esc(placeholder)
    )
}

/// `/batches`.
pub(super) fn batches(q: &str, rows: &[BatchRow], cursor: Option<i64>, now: i64) -> String {
    let mut out = String::from("<h1>Batches</h1>\n");
    out.push_str(&search_form("/batches", q, "user = me"));
    out.push_str(
        "<table class=\"list\" id=\"batches\"><thead><tr><th></th><th>ID</th><th>Batch Name</th>\
         <th>Billing Project</th><th>Job Statuses</th><th>Created</th><th>Completed</th>\
         <th>Duration</th><th>Cost</th></tr></thead><tbody>\n",
    );
    for b in rows {
        let link = format!("/batches/{}", b.id);
        out.push_str(&format!(
            "<tr data-state=\"{state}\"><td>{icon}</td><td><a href=\"{link}\">{id}</a></td>\
             <td><a href=\"{link}\">{name}</a></td><td>{project}</td><td>{statuses}</td>\
             <td>{created}</td><td>{completed}</td><td>{duration}</td><td>{cost}</td></tr>\n",
            state = b.reported_state(),
            icon = batch_icon(b),
            id = b.id,
            name = name_or_none(batch_name(b).as_deref()),
            project = esc(&b.billing_project),
            statuses = job_statuses(b),
            created = time_cell(b.time_created),
            completed = b
                .time_completed
                .map(time_cell)
                .unwrap_or_else(|| "--".to_owned()),
            duration = batch_duration(b, now),
            cost = cost_str(0.0),
        ));
    }
    if rows.is_empty() {
        out.push_str("<tr><td colspan=\"9\" class=\"empty\">No batches.</td></tr>\n");
    }
    out.push_str("</tbody></table>\n");
    if let Some(last) = cursor {
        out.push_str(&format!(
            "<nav class=\"pages\"><a class=\"button\" id=\"next-page\" \
             href=\"/batches?q={}&amp;last_batch_id={last}\">Next page</a></nav>\n",
            url_encode(q)
        ));
    }
    out
}

/// A filter link of the batch page's Jobs section.
fn filter_link(batch_id: i64, q: &str, label: &str) -> String {
    format!(
        "<a href=\"/batches/{batch_id}?q={}\" title=\"{}\">{label}</a>",
        url_encode(q),
        esc(q)
    )
}

/// `/batches/{id}`.
pub(super) fn batch(
    b: &BatchRow,
    n_running: i64,
    q: &str,
    jobs: &[JobRow],
    cursor: Option<i64>,
    csrf: &str,
    now: i64,
) -> String {
    let id = b.id;
    let mut out = String::from("<div class=\"columns\"><section class=\"card summary\">\n");
    out.push_str(&format!("<h1>{} Batch {id}</h1>\n", batch_icon(b)));
    if let Some(name) = batch_name(b) {
        out.push_str(&format!("<h2 class=\"name\">{}</h2>\n", esc(&name)));
    }
    out.push_str(&format!(
        "<p class=\"state\">State: <b id=\"batch-state\">{}</b>{}</p>\n",
        b.reported_state(),
        if b.complete() {
            ""
        } else {
            " <span class=\"hint\">(this page reloads every 10 s)</span>"
        }
    ));
    out.push_str(&format!(
        "<p>Submitted by <b>{}</b></p><p>Billed to <b>{}</b></p>\n",
        esc(&b.user),
        esc(&b.billing_project)
    ));
    if !b.complete() {
        out.push_str(&format!(
            "<form method=\"post\" action=\"/batches/{id}/cancel\">{}\
             <input type=\"hidden\" name=\"q\" value=\"{}\">\
             <button type=\"submit\" id=\"cancel\" class=\"danger\">Cancel</button></form>\n",
            csrf_field(csrf),
            esc(q)
        ));
    } else {
        out.push_str(&format!(
            "<form method=\"post\" action=\"/batches/{id}/delete\">{}\
             <button type=\"submit\" id=\"delete\" class=\"danger\">Delete</button></form>\n",
            csrf_field(csrf)
        ));
    }
    // Jobs counters with filter / inverse-filter links (Hail's strings).
    out.push_str(&format!(
        "<details open><summary>Jobs: {}</summary><table class=\"counts\">\n",
        b.counts.n_jobs
    ));
    out.push_str(&format!(
        "<tr><td>Incomplete (Blocked, Queued or Running)</td><td>{}</td><td>{}</td><td></td></tr>\n",
        b.counts.n_jobs - b.counts.n_completed,
        filter_link(
            id,
            "state != done",
            "filter"
        )
    ));
    out.push_str(&format!(
        "<tr><td>Running</td><td id=\"n-running\">{n_running}</td><td>{}</td><td></td></tr>\n",
        filter_link(id, "state = running", "filter")
    ));
    for (label, n, keyword) in [
        ("Succeeded", b.counts.n_succeeded, "success"),
        ("Failure or error", b.counts.n_failed, "bad"),
        ("Cancelled", b.counts.n_cancelled, "cancelled"),
    ] {
        out.push_str(&format!(
            "<tr><td>{label}</td><td>{n}</td><td>{}</td><td>{}</td></tr>\n",
            filter_link(id, &format!("state = {keyword}"), "filter"),
            filter_link(id, &format!("state != {keyword}"), "exclude"),
        ));
    }
    out.push_str("</table></details>\n");
    if !b.attributes.is_empty() {
        out.push_str("<details open><summary>Attributes</summary><table class=\"kv\">\n");
        out.push_str(&kv_rows(
            b.attributes.iter().map(|(k, v)| (k.clone(), v.clone())),
        ));
        out.push_str("</table></details>\n");
    }
    out.push_str(&format!(
        "<details open><summary>Duration: {}</summary><table class=\"kv\">\
         <tr><td>Created</td><td>{}</td></tr><tr><td>Completed</td><td>{}</td></tr></table></details>\n",
        batch_duration(b, now),
        time_cell(b.time_created),
        b.time_completed
            .map(time_cell)
            .unwrap_or_else(|| "--".to_owned()),
    ));
    out.push_str(&format!(
        "<details><summary>Cost: {}</summary><p class=\"hint\">The local service does not \
         bill: every cost is zero.</p></details>\n",
        cost_str(0.0)
    ));
    out.push_str("</section>\n<section class=\"jobs\">\n");
    out.push_str(&search_form(
        &format!("/batches/{id}"),
        q,
        "state = running",
    ));
    out.push_str(&format!(
        "<p class=\"filters\">Show: <a href=\"/batches/{id}\">all</a> · {} · {} · {} · {} · {} · {}</p>\n",
        filter_link(id, "state = running", "running"),
        filter_link(id, "state = ready", "ready"),
        filter_link(id, "state = pending", "pending"),
        filter_link(id, "state = success", "succeeded"),
        filter_link(id, "state = bad", "failed or error"),
        filter_link(id, "state = cancelled", "cancelled"),
    ));
    out.push_str(
        "<table class=\"list\" id=\"jobs\"><thead><tr><th>ID</th><th>Name</th><th>State</th>\
         <th>Exit Code</th><th>Duration</th><th>Cost</th></tr></thead><tbody>\n",
    );
    for j in jobs {
        out.push_str(&format!(
            "<tr data-state=\"{state}\"><td><a href=\"/batches/{id}/jobs/{job}\">{job}</a></td>\
             <td>{icon} {name}</td><td>{state}</td><td>{exit}</td><td>{duration}</td><td>{cost}</td></tr>\n",
            state = j.state.as_str(),
            job = j.job_id,
            icon = job_icon(j.state.as_str()),
            name = name_or_none(j.name.as_deref()),
            exit = j.exit_code.map(|c| c.to_string()).unwrap_or_default(),
            duration = job_duration(j, now),
            cost = cost_str(0.0),
        ));
    }
    if jobs.is_empty() {
        out.push_str("<tr><td colspan=\"6\" class=\"empty\">No jobs.</td></tr>\n");
    }
    out.push_str("</tbody></table>\n<nav class=\"pages\">");
    let qs = url_encode(q);
    if let Some(first) = jobs.first().map(|j| j.job_id).filter(|&first| first > 1) {
        // Hail's rule: the previous page starts 50 ids back (exact without a filter).
        let previous = (first - 51).max(0);
        out.push_str(&format!(
            "<a class=\"button\" id=\"previous-page\" \
             href=\"/batches/{id}?q={qs}&amp;last_job_id={previous}\">Previous page</a> "
        ));
    }
    if let Some(last) = cursor {
        out.push_str(&format!(
            "<a class=\"button\" id=\"next-page\" \
             href=\"/batches/{id}?q={qs}&amp;last_job_id={last}\">Next page</a>"
        ));
    }
    out.push_str("</nav>\n</section></div>\n");
    out
}

/// `timed out` → `Timed out`, as Hail's UI shows short errors.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A job's duration: its attempt's once it ended, the time since it started while it runs
/// (`running for …`), nothing before it starts.
fn job_duration(j: &JobRow, now: i64) -> String {
    match (j.duration_ms, j.start_time) {
        (Some(ms), _) => humanize_duration_ms(ms),
        (None, Some(start)) if !j.state.is_terminal() => {
            format!("running for {}", humanize_duration_ms(now - start))
        }
        _ => String::new(),
    }
}

/// A timestamp as the pages show it: UTC to the second (the exact value, with milliseconds,
/// in its tooltip), never wrapped.
fn time_cell(epoch_ms: i64) -> String {
    let exact = format_timestamp(epoch_ms);
    let shown = format!("{} {} UTC", &exact[..10], &exact[11..19]);
    format!("<time class=\"ts\" datetime=\"{exact}\" title=\"{exact}\">{shown}</time>")
}

fn kv_rows(rows: impl IntoIterator<Item = (String, String)>) -> String {
    let mut out = String::new();
    for (k, v) in rows {
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td></tr>\n",
            esc(&k),
            esc(&v)
        ));
    }
    out
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A shell-like rendering of a command array (arguments with spaces or quotes are quoted).
fn command_text(command: &Value) -> String {
    match command {
        Value::Array(args) => args
            .iter()
            .map(|a| {
                let s = value_text(a);
                if !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c))
                {
                    s
                } else {
                    format!("'{}'", s.replace('\'', "'\\''"))
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
        other => value_text(other),
    }
}

/// `/batches/{id}/jobs/{job_id}`.
/// How the attempt ran, from the status document's local keys: the runtime, and "NOT
/// isolated" for the host runtime.
fn runtime_text(status: &Value) -> Option<String> {
    let name = status.get("sandbox")?.as_str()?;
    let isolated = status
        .get("enforced")
        .and_then(|e| e.get("isolated"))
        .and_then(Value::as_bool)
        .unwrap_or(name != "host");
    Some(if isolated {
        format!("{name} (isolated)")
    } else {
        format!("{name} (NOT isolated from the machine)")
    })
}

/// The attempt's peak memory and limit, from the status document's `enforced` (the samples
/// behind `resource_usage` come from the same cgroup).
fn memory_text(status: &Value) -> Option<String> {
    let enforced = status.get("enforced")?;
    let mib = |key: &str| {
        enforced
            .get(key)
            .and_then(Value::as_u64)
            .map(|b| b as f64 / (1024.0 * 1024.0))
    };
    match (mib("peak_memory_bytes"), mib("memory_limit_bytes")) {
        (Some(peak), Some(limit)) => Some(format!("peak {peak:.1} MiB of a {limit:.0} MiB limit")),
        (Some(peak), None) => Some(format!("peak {peak:.1} MiB")),
        (None, Some(limit)) => Some(format!("limit {limit:.0} MiB")),
        (None, None) => None,
    }
}

pub(super) fn job(
    detail: &JobDetail,
    attempts: &[AttemptRow],
    logs: &[LogView],
    now: i64,
) -> String {
    let j = &detail.job;
    let (batch_id, job_id) = (j.batch_id, j.job_id);
    let spec = &detail.spec;
    let mut out = format!("<p><a href=\"/batches/{batch_id}\">&larr; Batch {batch_id}</a></p>\n");
    let badge = match j.exit_code {
        Some(code) if code > 0 => {
            format!(
                "{} <span class=\"bad\">Exit {code}</span>",
                job_icon("Failed")
            )
        }
        _ => job_icon(j.state.as_str()),
    };
    out.push_str(&format!(
        "<div class=\"columns\"><section class=\"card summary\"><h1>Batch {batch_id} Job {job_id} {badge}</h1>\n"
    ));
    if let Some(name) = &j.name {
        out.push_str(&format!("<h2 class=\"name\">{}</h2>\n", esc(name)));
    }
    out.push_str(&format!(
        "<p class=\"state\">State: <b id=\"job-state\" data-state=\"{0}\">{0}</b>{1}</p>\n",
        j.state.as_str(),
        if j.state.is_terminal() {
            ""
        } else {
            " <span class=\"hint\">(the logs follow the job; the page reloads when its state changes)</span>"
        }
    ));
    out.push_str(&format!(
        "<p>Submitted by <b>{}</b></p><p>Billed to <b>{}</b></p>\n",
        esc(&j.user),
        esc(&j.billing_project)
    ));
    if j.always_run {
        out.push_str("<p><b>Always Run</b></p>\n");
    }
    let process = spec.get("process").cloned().unwrap_or(Value::Null);
    out.push_str("<details open><summary>Command</summary><table class=\"kv\">\n");
    let mut spec_rows = Vec::new();
    if let Some(image) = process.get("image") {
        spec_rows.push(("Image".to_owned(), value_text(image)));
    }
    if let Some(user_code) = spec.get("user_code") {
        spec_rows.push(("User Code".to_owned(), value_text(user_code)));
    }
    spec_rows.push((
        "Exit Code".to_owned(),
        j.exit_code.map(|c| c.to_string()).unwrap_or_default(),
    ));
    spec_rows.push(("Duration".to_owned(), job_duration(j, now)));
    if let Some(runtime) = detail.status.as_ref().and_then(runtime_text) {
        spec_rows.push(("Runtime".to_owned(), runtime));
    }
    if let Some(memory) = detail.status.as_ref().and_then(memory_text) {
        spec_rows.push(("Memory".to_owned(), memory));
    }
    out.push_str(&kv_rows(spec_rows));
    out.push_str("</table>\n");
    if let Some(command) = process.get("command") {
        // A script's lines stay lines.
        out.push_str(&format!(
            "<p class=\"label\">Command</p><pre class=\"command\" id=\"command\">{}</pre>\n",
            esc(&command_text(command))
        ));
    }
    out.push_str("</details>\n");
    let env: Vec<(String, String)> = spec
        .get("env")
        .and_then(Value::as_array)
        .map(|vars| {
            vars.iter()
                .map(|v| {
                    (
                        v.get("name").map(value_text).unwrap_or_default(),
                        v.get("value").map(value_text).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if !env.is_empty() {
        out.push_str(
            "<details open><summary>Environment Variables</summary><table class=\"kv\">\n",
        );
        out.push_str(&kv_rows(env));
        out.push_str("</table></details>\n");
    }
    if !detail.attributes.is_empty() {
        out.push_str("<details open><summary>Attributes</summary><table class=\"kv\">\n");
        out.push_str(&kv_rows(
            detail
                .attributes
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        ));
        out.push_str("</table></details>\n");
    }
    if let Some(resources) = spec.get("resources").and_then(Value::as_object) {
        out.push_str("<details open><summary>Resources</summary><table class=\"kv\">\n");
        out.push_str(&kv_rows(resources.iter().map(|(k, v)| resource_row(k, v))));
        out.push_str("</table></details>\n");
    }
    out.push_str(&format!(
        "<details><summary>Cost: {}</summary><p class=\"hint\">The local service does not \
         bill: every cost is zero.</p></details>\n</section>\n<div class=\"detail\">\n",
        cost_str(0.0)
    ));
    // Attempts.
    out.push_str(
        "<section class=\"card\"><h2>Attempts</h2><table class=\"list\" id=\"attempts\"><thead><tr>\
         <th>Attempt ID</th><th>Worker</th><th>Started</th><th>Ended</th><th>Duration</th>\
         <th>Status</th></tr></thead><tbody>\n",
    );
    for a in attempts {
        let duration = a
            .start_time
            .map(|start| humanize_duration_ms(a.end_time.unwrap_or(now) - start))
            .unwrap_or_default();
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{duration}</td><td>{}</td></tr>\n",
            esc(&a.attempt_id),
            esc(a.instance_name.as_deref().unwrap_or("")),
            a.start_time.map(time_cell).unwrap_or_default(),
            a.end_time.map(time_cell).unwrap_or_default(),
            esc(a.reason.as_deref().unwrap_or("")),
        ));
    }
    if attempts.is_empty() {
        out.push_str("<tr><td colspan=\"6\" class=\"empty\">No attempts yet.</td></tr>\n");
    }
    out.push_str("</tbody></table></section>\n");
    // Logs, one per container.
    let statuses = detail
        .status
        .as_ref()
        .and_then(|s| s.get("container_statuses"));
    let running = !j.state.is_terminal();
    for log in logs {
        let step = statuses.and_then(|s| s.get(log.container));
        out.push_str(&format!(
            "<section class=\"card log\" id=\"log-{c}\"><h2>{title}</h2>\n",
            c = log.container,
            title = match log.container {
                "input" => "Input",
                "main" => "Main",
                _ => "Output",
            }
        ));
        if let Some(ms) = step
            .and_then(|s| s.pointer("/timing/running/duration"))
            .and_then(Value::as_f64)
        {
            out.push_str(&format!("<p>Command runtime: {}s</p>\n", ms / 1000.0));
        }
        let full = step
            .and_then(|s| s.get("error"))
            .map(value_text)
            .filter(|e| !e.trim().is_empty());
        // The reason in words: the short error, else the last line of the full error (a
        // traceback ends with its message).
        let reason = step
            .and_then(|s| s.get("short_error"))
            .map(value_text)
            .filter(|e| !e.is_empty())
            .or_else(|| {
                full.as_deref()
                    .and_then(|f| f.lines().rev().find(|l| !l.trim().is_empty()))
                    .map(|l| l.trim().to_owned())
            });
        if let Some(reason) = &reason {
            out.push_str(&format!(
                "<p class=\"bad\" id=\"error-{c}\">Errored with: {}</p>\n",
                esc(&capitalize(reason)),
                c = log.container,
            ));
        }
        if let Some(full) = full.filter(|f| Some(f.trim()) != reason.as_deref()) {
            out.push_str(&format!(
                "<details class=\"error-details\"><summary>Full error</summary>\
                 <pre class=\"traceback\">{}</pre></details>\n",
                esc(&full)
            ));
        }
        out.push_str(&format!(
            "<p>Logs <a class=\"download\" href=\"/batches/{batch_id}/jobs/{job_id}/log/{c}\" \
             download=\"batch-{batch_id}-{job_id}-{c}.log\">download</a>{}</p>\n",
            if log.truncated {
                " <span class=\"hint\">(only the end is shown; download the whole log)</span>"
            } else {
                ""
            },
            c = log.container,
        ));
        if log.text.is_empty() && !running {
            out.push_str("<p class=\"hint empty-log\">No output.</p>\n");
        } else {
            // Scrolled to the end (the box's column is reversed); a running job's log is
            // followed by /static/follow.js.
            let follow = if running {
                format!(
                    " data-follow=\"/batches/{batch_id}/jobs/{job_id}/log/{c}\"",
                    c = log.container
                )
            } else {
                String::new()
            };
            out.push_str(&format!(
                "<div class=\"logbox\"><pre{follow}>{}</pre></div>\n",
                esc(&log.text)
            ));
        }
        out.push_str("</section>\n");
    }
    if let Some(status) = &detail.status {
        out.push_str(&format!(
            "<section class=\"card\"><details><summary>Raw Status</summary><pre>{}</pre></details></section>\n",
            esc(&super::pretty(status))
        ));
    }
    out.push_str("</div></div>\n");
    out
}

/// A spec resource as the job page shows it: Hail's human-readable `actual_*` rows replace
/// the raw `memory_bytes`, `storage_gib` and `cores_mcpu`.
fn resource_row(key: &str, value: &Value) -> (String, String) {
    let number = value.as_f64();
    match (key, number) {
        ("memory_bytes", Some(bytes)) => ("actual_memory".to_owned(), gib(bytes)),
        ("storage_gib", Some(g)) => ("actual_storage".to_owned(), format!("{g} GiB")),
        ("cores_mcpu", Some(m)) => ("actual_cpu".to_owned(), format!("{}", m / 1000.0)),
        _ => (key.to_owned(), value_text(value)),
    }
}

fn gib(bytes: f64) -> String {
    let g = bytes / (1024.0 * 1024.0 * 1024.0);
    let text = format!("{g:.2}");
    format!("{} GiB", text.trim_end_matches('0').trim_end_matches('.'))
}

#[cfg(test)]
mod runtime_tests {
    use super::runtime_text;
    use serde_json::json;

    #[test]
    fn the_job_page_says_when_a_job_was_not_isolated() {
        let host = json!({"sandbox": "host", "enforced": {"isolated": false}});
        assert_eq!(
            runtime_text(&host).as_deref(),
            Some("host (NOT isolated from the machine)")
        );
        let bwrap = json!({"sandbox": "bubblewrap", "enforced": {"isolated": true}});
        assert_eq!(
            runtime_text(&bwrap).as_deref(),
            Some("bubblewrap (isolated)")
        );
        assert_eq!(runtime_text(&json!({})), None);
        let used =
            json!({"enforced": {"peak_memory_bytes": 3 << 20, "memory_limit_bytes": 256 << 20}});
        assert_eq!(
            super::memory_text(&used).as_deref(),
            Some("peak 3.0 MiB of a 256 MiB limit")
        );
    }
}
