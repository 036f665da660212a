//! `hailctl batch rerun BATCH_ID`: a new batch with the jobs of BATCH_ID that did not succeed
//! (failed, errored, cancelled; `--state` narrows them) and every job that depends on them, with
//! their specs as the service stored them and the dependencies among them. A rerun job whose
//! parent succeeded does not depend on it: that parent's work is done.
//!
//! It only reads and submits, so it works against any Batch service. Hail's API reports no
//! job's parents; the local service answers them at `GET .../job-parents` (its extension). A
//! service without it gets the chosen jobs one after another, in their original order: slower,
//! never out of order.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context as _, Result};
use serde_json::{Map, Value, json};

use super::Context;
use super::batch_watch::{lookup_batch, outcome_exit};
use super::submit::{AfterSubmit, Bunches, after_submit, dry_run, send};
use crate::cli::{RerunArgs, RerunState};
use crate::client::{BatchClient, ClientError};
use crate::error::Reported;

/// The job states `rerun` selects by default.
const DEFAULT_STATES: [RerunState; 3] =
    [RerunState::Failed, RerunState::Error, RerunState::Cancelled];

/// The service's name of a [`RerunState`].
fn state_name(state: RerunState) -> &'static str {
    match state {
        RerunState::Failed => "Failed",
        RerunState::Error => "Error",
        RerunState::Cancelled => "Cancelled",
    }
}

pub(crate) async fn rerun(ctx: &Context, client: &BatchClient, args: &RerunArgs) -> Result<()> {
    let batch_id = args.batch_id;
    let batch = lookup_batch(client, batch_id).await?;
    let states: Vec<&str> = if args.state.is_empty() {
        DEFAULT_STATES.iter().map(|s| state_name(*s)).collect()
    } else {
        args.state.iter().map(|s| state_name(*s)).collect()
    };
    let jobs = job_states(client, batch_id).await?;
    let parents = job_parents(client, batch_id).await?;
    if parents.is_none() {
        ctx.printer.warn(
            "the service does not report job dependencies (Hail's API has none): the jobs are \
             rerun one after another, in their original order",
        )?;
    }
    let chosen = choose(&jobs, &states, parents.as_ref());
    if chosen.is_empty() {
        return Err(Reported::failure(format!(
            "batch {batch_id} has no job to rerun (none is {})",
            states.join(", ")
        ))
        .into());
    }
    let new_ids: BTreeMap<i64, i64> = chosen
        .iter()
        .zip(1..)
        .map(|(&old, new)| (old, new))
        .collect();
    let mut specs = Vec::with_capacity(chosen.len());
    for (&old, &new) in &new_ids {
        let job = client
            .get_json(&format!("/api/v1alpha/batches/{batch_id}/jobs/{old}"), &[])
            .await?;
        let in_update_parents: Vec<i64> = match &parents {
            Some(parents) => parents
                .get(&old)
                .into_iter()
                .flatten()
                .filter_map(|p| new_ids.get(p).copied())
                .collect(),
            None if new > 1 => vec![new - 1],
            None => Vec::new(),
        };
        specs.push(
            rerun_spec(&job, new, &in_update_parents)
                .with_context(|| format!("cannot rerun job {old} of batch {batch_id}"))?,
        );
    }
    let mut attributes = batch["attributes"].as_object().cloned().unwrap_or_default();
    attributes.insert("rerun_of".into(), json!(batch_id.to_string()));
    let new_batch = json!({
        "billing_project": batch["billing_project"],
        "n_jobs": specs.len(),
        "n_job_groups": 0,
        "token": crate::random::token(),
        "attributes": attributes,
    });
    if args.dry_run {
        return dry_run(ctx, &new_batch, Bunches::new(specs.iter()));
    }
    let new_id = send(
        ctx,
        client,
        &new_batch,
        specs.len(),
        Bunches::new(specs.iter()),
    )
    .await?;
    let then = AfterSubmit {
        output: args.output,
        open: args.open,
        wait: args.wait || args.logs,
        logs: args.logs,
    };
    match after_submit(ctx, client, new_id, specs.len(), &then).await? {
        Some(done) => outcome_exit(&done),
        None => Ok(()),
    }
}

/// Every job of the batch: its id and state, in id order.
async fn job_states(client: &BatchClient, batch_id: i64) -> Result<Vec<(i64, String)>> {
    let mut jobs = Vec::new();
    let mut last = None;
    loop {
        let page = client.list_jobs_page(batch_id, None, last).await?;
        for job in page["jobs"].as_array().into_iter().flatten() {
            let id = job["job_id"]
                .as_i64()
                .context("a listed job has no job_id")?;
            jobs.push((id, job["state"].as_str().unwrap_or("").to_string()));
        }
        match page.get("last_job_id").and_then(Value::as_i64) {
            Some(next) => last = Some(next),
            None => break,
        }
    }
    jobs.sort_by_key(|(id, _)| *id);
    Ok(jobs)
}

/// Each job's parents, from the local service's `job-parents`; `None` from a service without it.
async fn job_parents(
    client: &BatchClient,
    batch_id: i64,
) -> Result<Option<BTreeMap<i64, Vec<i64>>>> {
    let answer = match client
        .get_json(&format!("/api/v1alpha/batches/{batch_id}/job-parents"), &[])
        .await
    {
        Ok(answer) => answer,
        Err(ClientError::Http { status: 404, .. }) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let mut parents: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for pair in answer["job_parents"].as_array().into_iter().flatten() {
        if let (Some(job), Some(parent)) = (pair[0].as_i64(), pair[1].as_i64()) {
            parents.entry(job).or_default().push(parent);
        }
    }
    Ok(Some(parents))
}

/// The jobs to rerun: those in `states`, and (when the parents are known) every job that
/// depends on one of them. A parent's id is lower than its child's, so one pass in id order
/// sees every parent's choice before its children.
fn choose(
    jobs: &[(i64, String)],
    states: &[&str],
    parents: Option<&BTreeMap<i64, Vec<i64>>>,
) -> BTreeSet<i64> {
    let mut chosen = BTreeSet::new();
    for (id, state) in jobs {
        let depends_on_chosen = parents
            .and_then(|p| p.get(id))
            .is_some_and(|ps| ps.iter().any(|p| chosen.contains(p)));
        if states.contains(&state.as_str()) || depends_on_chosen {
            chosen.insert(*id);
        }
    }
    chosen
}

/// The environment variable and secret the service adds to every stored spec (the user's
/// credentials): sent again, they would be refused or doubled.
const CREDENTIALS_MOUNT: &str = "/gsa-key";
const CREDENTIALS_FILE: &str = "/gsa-key/key.json";

/// A job spec to submit again, made from a `GET job` document: the stored spec (batch-api §3.9)
/// turned back into what a client sends (§3.5), with the new id and in-update parents.
fn rerun_spec(job: &Value, new_id: i64, parents: &[i64]) -> Result<Value> {
    let mut spec = job["spec"]
        .as_object()
        .cloned()
        .context("the service did not return the job's spec")?;
    spec.remove("job_id");
    spec.remove("job_group_id");
    if let Some(resources) = spec.get("resources").and_then(Value::as_object) {
        let mut sent = Map::new();
        let mut copy = |from: &str, to: &str| {
            if let Some(v) = resources.get(from).filter(|v| !v.is_null()) {
                sent.insert(to.to_string(), v.clone());
            }
        };
        if resources.get("machine_type").is_some_and(|m| !m.is_null()) {
            copy("machine_type", "machine_type");
        } else {
            copy("req_cpu", "cpu");
            copy("req_memory", "memory");
        }
        copy("req_storage", "storage");
        copy("preemptible", "preemptible");
        spec.insert("resources".into(), Value::Object(sent));
    }
    if let Some(mounts) = spec.remove("gcsfuse") {
        spec.insert("cloudfuse".into(), mounts);
    }
    if let Some(Value::Array(env)) = spec.get_mut("env") {
        env.retain(|e| {
            let credentials = matches!(
                e["name"].as_str(),
                Some("GOOGLE_APPLICATION_CREDENTIALS" | "AZURE_APPLICATION_CREDENTIALS")
            );
            !(credentials && e["value"] == CREDENTIALS_FILE)
        });
    }
    if let Some(Value::Array(secrets)) = spec.get_mut("secrets") {
        secrets.retain(|s| s["mount_path"] != CREDENTIALS_MOUNT);
        if secrets.is_empty() {
            spec.remove("secrets");
        }
    }
    spec.insert("job_id".into(), json!(new_id));
    spec.insert("absolute_parent_ids".into(), json!([]));
    spec.insert("in_update_parent_ids".into(), json!(parents));
    spec.insert("in_update_job_group_id".into(), json!(0));
    if let Some(attributes) = job.get("attributes").filter(|a| a.is_object()) {
        spec.insert("attributes".into(), attributes.clone());
    }
    Ok(Value::Object(spec))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependents_of_chosen_jobs_are_chosen_and_others_are_not() {
        // 1 ok → 2 failed → 3 (cancelled) → 4 (always_run, succeeded); 5 ok, 6 error.
        let jobs: Vec<(i64, String)> = [
            (1, "Success"),
            (2, "Failed"),
            (3, "Cancelled"),
            (4, "Success"),
            (5, "Success"),
            (6, "Error"),
        ]
        .iter()
        .map(|(id, s)| (*id, s.to_string()))
        .collect();
        let parents = BTreeMap::from([(2, vec![1]), (3, vec![2]), (4, vec![3]), (6, vec![5])]);
        let all = ["Failed", "Error", "Cancelled"];
        assert_eq!(
            choose(&jobs, &all, Some(&parents)),
            BTreeSet::from([2, 3, 4, 6])
        );
        assert_eq!(
            choose(&jobs, &["Error"], Some(&parents)),
            BTreeSet::from([6])
        );
        assert_eq!(choose(&jobs, &["Cancelled"], None), BTreeSet::from([3]));
    }

    #[test]
    fn a_stored_spec_becomes_a_spec_to_send() {
        let job = json!({
            "attributes": {"name": "align"},
            "spec": {
                "always_copy_output": false, "job_id": 7, "job_group_id": 0,
                "process": {"command": ["true"], "image": "ubuntu:24.04", "type": "docker"},
                "env": [{"name": "A", "value": "1"},
                        {"name": "GOOGLE_APPLICATION_CREDENTIALS", "value": "/gsa-key/key.json"}],
                "resources": {"req_cpu": "2", "req_memory": "standard", "req_storage": "0Gi",
                              "cores_mcpu": 2000, "memory_bytes": 1, "storage_gib": 0,
                              "preemptible": true},
                "secrets": [{"namespace": "n", "name": "u-gsa-key", "mount_path": "/gsa-key",
                             "mount_in_copy": true}],
                "gcsfuse": [{"bucket": "b", "mount_path": "/b", "read_only": true}],
                "n_max_attempts": 20, "always_run": false
            }
        });
        let spec = rerun_spec(&job, 2, &[1]).expect("spec");
        assert_eq!(
            spec,
            json!({
                "always_copy_output": false,
                "process": {"command": ["true"], "image": "ubuntu:24.04", "type": "docker"},
                "env": [{"name": "A", "value": "1"}],
                "resources": {"cpu": "2", "memory": "standard", "storage": "0Gi", "preemptible": true},
                "cloudfuse": [{"bucket": "b", "mount_path": "/b", "read_only": true}],
                "n_max_attempts": 20, "always_run": false,
                "job_id": 2, "absolute_parent_ids": [], "in_update_parent_ids": [1],
                "in_update_job_group_id": 0, "attributes": {"name": "align"}
            })
        );
        assert!(rerun_spec(&json!({"spec": null}), 1, &[]).is_err());
    }
}
