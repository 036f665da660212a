//! The job spec a spec file's planned job is sent as (`batch-api.md` §3.1), serialised straight
//! from the plan.
//!
//! Serde's derive writes each spec into its bunch without building a `serde_json::Value` (an
//! insertion-ordered map per object): with thousands of jobs, building and dropping those
//! trees was most of the CLI's CPU time. The keys come in the order our client has always sent
//! them; `tests::matches_the_value_built_spec` holds this against a spec built as a `Value`.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::spec::{Cloudfuse, FileTransfer, PlannedJob};

/// The job spec of `job`, whose in-update job id is `index + 1`.
#[derive(Serialize)]
pub(super) struct WireJob<'a> {
    always_run: bool,
    n_max_attempts: i64,
    always_copy_output: bool,
    job_id: i64,
    absolute_parent_ids: [i64; 0],
    in_update_parent_ids: InUpdateParents<'a>,
    process: Process<'a>,
    in_update_job_group_id: i64,
    env: Env<'a>,
    resources: Resources<'a>,
    attributes: Attributes<'a>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    input_files: &'a [FileTransfer],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    output_files: &'a [FileTransfer],
    #[serde(skip_serializing_if = "Option::is_none")]
    timeout: Option<f64>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    cloudfuse: &'a [Cloudfuse],
    #[serde(skip_serializing_if = "Option::is_none")]
    regions: Option<&'a [String]>,
}

impl<'a> WireJob<'a> {
    /// `batch_regions` apply when the job names none; a job's `["any_region"]` sends none.
    pub(super) fn new(
        job: &'a PlannedJob,
        index: usize,
        default_image: &'a str,
        batch_regions: Option<&'a [String]>,
    ) -> Self {
        let regions = match job.regions.as_deref() {
            Some([only]) if only == "any_region" => None,
            Some(r) => Some(r),
            None => batch_regions,
        };
        WireJob {
            always_run: job.always_run,
            n_max_attempts: job.n_max_attempts.unwrap_or(20),
            always_copy_output: false,
            job_id: index as i64 + 1,
            absolute_parent_ids: [],
            in_update_parent_ids: InUpdateParents(&job.parents),
            process: Process {
                command: &job.command,
                image: job.image.as_deref().unwrap_or(default_image),
                kind: "docker",
            },
            in_update_job_group_id: 0,
            env: Env(job),
            resources: Resources {
                cpu: job.cpu.as_deref(),
                memory: job.memory.as_deref(),
                storage: job.storage.as_deref(),
                machine_type: job.machine_type.as_deref(),
                preemptible: job.spot,
            },
            attributes: Attributes(job),
            input_files: &job.input_files,
            output_files: &job.output_files,
            timeout: job.timeout,
            cloudfuse: &job.cloudfuse,
            regions,
        }
    }
}

/// Plan indices of the parents, sent as in-update job ids (index + 1).
struct InUpdateParents<'a>(&'a [usize]);

impl Serialize for InUpdateParents<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|p| *p as i64 + 1))
    }
}

#[derive(Serialize)]
struct Process<'a> {
    command: &'a [String],
    image: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// `[{"name": ..., "value": ...}, ...]` in the plan's order.
struct Env<'a>(&'a PlannedJob);

impl Serialize for Env<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Var<'a> {
            name: &'a str,
            value: &'a str,
        }
        s.collect_seq(self.0.env.iter().map(|(name, value)| Var { name, value }))
    }
}

#[derive(Serialize)]
struct Resources<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    cpu: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    memory: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    storage: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    machine_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    preemptible: Option<bool>,
}

/// The job's attributes in the plan's order, with `name` set to the job's name: in the place of
/// an attribute `name` if there is one, else last.
struct Attributes<'a>(&'a PlannedJob);

impl Serialize for Attributes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let job = self.0;
        let named = job.attributes.contains_key("name");
        let mut map = s.serialize_map(Some(job.attributes.len() + usize::from(!named)))?;
        for (key, value) in &job.attributes {
            let value = if key == "name" { &job.name } else { value };
            map.serialize_entry(key, value)?;
        }
        if !named {
            map.serialize_entry("name", &job.name)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use indexmap::IndexMap;
    use serde_json::{Map, Value, json};

    use super::*;

    /// The spec as the client built it before [`WireJob`]: a `Value`, key by key.
    fn value_spec(
        job: &PlannedJob,
        index: usize,
        default_image: &str,
        batch_regions: Option<&Vec<String>>,
    ) -> Value {
        let mut resources = Map::new();
        for (key, value) in [
            ("cpu", &job.cpu),
            ("memory", &job.memory),
            ("storage", &job.storage),
        ] {
            if let Some(v) = value {
                resources.insert(key.into(), json!(v.as_ref()));
            }
        }
        if let Some(m) = &job.machine_type {
            resources.insert("machine_type".into(), json!(m.as_ref()));
        }
        if let Some(spot) = job.spot {
            resources.insert("preemptible".into(), json!(spot));
        }
        let mut attributes: Map<String, Value> = job
            .attributes
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        attributes.insert("name".into(), json!(job.name));
        let env = Value::Array(
            job.env
                .iter()
                .map(|(n, v)| json!({"name": n, "value": v}))
                .collect(),
        );
        let mut spec = json!({
            "always_run": job.always_run,
            "n_max_attempts": job.n_max_attempts.unwrap_or(20),
            "always_copy_output": false,
            "job_id": index as i64 + 1,
            "absolute_parent_ids": [],
            "in_update_parent_ids": job.parents.iter().map(|p| *p as i64 + 1).collect::<Vec<_>>(),
            "process": {
                "command": job.command,
                "image": job.image.as_deref().unwrap_or(default_image),
                "type": "docker",
            },
            "in_update_job_group_id": 0,
            "env": env,
            "resources": Value::Object(resources),
            "attributes": Value::Object(attributes),
        });
        if let Some(object) = spec.as_object_mut() {
            let files = |list: &[crate::spec::FileTransfer]| -> Value {
                Value::Array(
                    list.iter()
                        .map(|f| json!({"from": f.from, "to": f.to}))
                        .collect(),
                )
            };
            if !job.input_files.is_empty() {
                object.insert("input_files".into(), files(&job.input_files));
            }
            if !job.output_files.is_empty() {
                object.insert("output_files".into(), files(&job.output_files));
            }
            if let Some(t) = job.timeout {
                object.insert("timeout".into(), json!(t));
            }
            if !job.cloudfuse.is_empty() {
                object.insert(
                    "cloudfuse".into(),
                    Value::Array(
                        job.cloudfuse
                            .iter()
                            .map(|c| {
                                json!({"bucket": c.bucket, "mount_path": c.mount_path, "read_only": c.read_only})
                            })
                            .collect(),
                    ),
                );
            }
            let regions = match &job.regions {
                Some(r) if r.len() == 1 && r[0] == "any_region" => None,
                Some(r) => Some(r.as_ref()),
                None => batch_regions.map(Vec::as_slice),
            };
            if let Some(regions) = regions {
                object.insert("regions".into(), json!(regions));
            }
        }
        spec
    }

    fn job(name: &str) -> PlannedJob {
        PlannedJob {
            name: name.to_string(),
            image: None,
            command: vec!["true".into()],
            cpu: None,
            memory: None,
            storage: None,
            machine_type: None,
            spot: None,
            env: IndexMap::new(),
            attributes: IndexMap::new(),
            regions: None,
            timeout: None,
            n_max_attempts: None,
            always_run: false,
            cloudfuse: Vec::new(),
            input_files: Vec::new(),
            output_files: Vec::new(),
            parents: Vec::new(),
        }
    }

    fn kv(pairs: &[(&str, &str)]) -> IndexMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn matches_the_value_built_spec() {
        let mut jobs = vec![job("plain"), job("quote \" and \u{e9}\n")];
        let mut full = job("full");
        full.image = Some(Arc::from("python:3.12"));
        full.command = vec!["bash".into(), "-c".into(), "echo \"$X\" \\ done".into()];
        full.cpu = Some(Arc::from("0.5"));
        full.memory = Some(Arc::from("4Gi"));
        full.storage = Some(Arc::from("10Gi"));
        full.spot = Some(false);
        full.env = kv(&[("X", "1"), ("EMPTY", ""), ("Ü", "ü")]);
        full.attributes = kv(&[("tag", "a"), ("sample", "NA12878")]);
        full.regions = Some(Arc::from(vec![
            "us-east1".to_string(),
            "us-central1".to_string(),
        ]));
        full.timeout = Some(1.5);
        full.n_max_attempts = Some(3);
        full.always_run = true;
        full.cloudfuse = vec![Cloudfuse {
            bucket: "b".into(),
            mount_path: "/b".into(),
            read_only: true,
        }];
        full.input_files = vec![FileTransfer {
            from: "gs://b/in".into(),
            to: "/io/in".into(),
        }];
        full.output_files = vec![FileTransfer {
            from: "/io/out".into(),
            to: "gs://b/out".into(),
        }];
        full.parents = vec![0, 1];
        jobs.push(full);
        let mut machine = job("machine");
        machine.machine_type = Some(Arc::from("n1-standard-4"));
        machine.spot = Some(true);
        machine.timeout = Some(60.0);
        machine.regions = Some(Arc::from(vec!["any_region".to_string()]));
        jobs.push(machine);
        let mut named = job("wins");
        named.attributes = kv(&[("a", "1"), ("name", "loses"), ("b", "2")]);
        jobs.push(named);
        let batch_regions = vec!["us-central1".to_string()];
        for regions in [None, Some(&batch_regions)] {
            for (index, job) in jobs.iter().enumerate() {
                let wire = serde_json::to_string(&WireJob::new(
                    job,
                    index,
                    "hailgenetics/hail:0.2.139",
                    regions.map(Vec::as_slice),
                ))
                .expect("serialize");
                let value = value_spec(job, index, "hailgenetics/hail:0.2.139", regions);
                assert_eq!(wire, value.to_string(), "job {}", job.name);
            }
        }
    }
}
