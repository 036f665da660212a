//! The job spec a planned job is sent as (`batch-api.md` §3.1), serialised straight from the
//! plan: the one path for a spec file's jobs and the single job of `submit COMMAND`.
//!
//! Serde's derive writes each spec into its bunch without building a `serde_json::Value` (an
//! insertion-ordered map per object): with thousands of jobs, building and dropping those
//! trees was most of the CLI's CPU time. The keys come in the order our client has always sent
//! them; `tests::specs_are_sent_as_always` holds the bytes.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::server::api::spec::DEFAULT_N_MAX_ATTEMPTS;
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
            n_max_attempts: job.n_max_attempts.unwrap_or(DEFAULT_N_MAX_ATTEMPTS),
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

/// The job's attributes in the plan's order, then `name`: the job's name (a plan's attributes
/// never hold `name`; the spec file and `--attr` refuse it).
struct Attributes<'a>(&'a PlannedJob);

impl Serialize for Attributes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let job = self.0;
        let mut map = s.serialize_map(Some(job.attributes.len() + 1))?;
        for (key, value) in &job.attributes {
            map.serialize_entry(key, value)?;
        }
        map.serialize_entry("name", &job.name)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::cli::DEFAULT_IMAGE;
    use crate::spec::{SpecFormat, load_str};

    /// The specs are the bytes our client has always sent, key order included.
    #[test]
    fn specs_are_sent_as_always() {
        let spec = r#"{"jobs": [
            {"name": "plain", "command": ["true"]},
            {"name": "full", "image": "python:3.12", "command": ["bash", "-c", "echo \"$X\" \\ done"],
             "cpu": "0.5", "memory": "4Gi", "storage": "10Gi", "spot": false,
             "env": {"X": "1", "EMPTY": "", "U": "ü"}, "attributes": {"tag": "a", "sample": "NA12878"},
             "regions": ["us-east1", "us-central1"], "timeout": 1.5, "n_max_attempts": 3,
             "always_run": true, "cloudfuse": [{"bucket": "b", "mount_path": "/b", "read_only": true}],
             "input_files": [{"from": "gs://b/in", "to": "/io/in"}],
             "output_files": [{"from": "/io/out", "to": "gs://b/out"}], "depends_on": ["plain"]},
            {"name": "machine", "command": ["true"], "machine_type": "n1-standard-4", "spot": true,
             "timeout": 60, "regions": ["any_region"]}
        ]}"#;
        let plan = load_str(spec, SpecFormat::Json, "spec.json", Path::new("/")).expect("plan");
        let simple = |id: usize, rest: &str| {
            format!(
                r#"{{"always_run":false,"n_max_attempts":{DEFAULT_N_MAX_ATTEMPTS},"always_copy_output":false,"job_id":{id},"absolute_parent_ids":[],"in_update_parent_ids":[],"process":{{"command":["true"],"image":"{DEFAULT_IMAGE}","type":"docker"}},"in_update_job_group_id":0,"env":[],{rest}}}"#
            )
        };
        let expected = [
            simple(
                1,
                r#""resources":{},"attributes":{"name":"plain"},"regions":["us-central1"]"#,
            ),
            concat!(
                r#"{"always_run":true,"n_max_attempts":3,"always_copy_output":false,"job_id":2,"#,
                r#""absolute_parent_ids":[],"in_update_parent_ids":[1],"#,
                r#""process":{"command":["bash","-c","echo \"$X\" \\ done"],"#,
                r#""image":"python:3.12","type":"docker"},"in_update_job_group_id":0,"#,
                r#""env":[{"name":"X","value":"1"},{"name":"EMPTY","value":""},"#,
                r#"{"name":"U","value":"ü"}],"resources":{"cpu":"0.5","memory":"4Gi","#,
                r#""storage":"10Gi","preemptible":false},"#,
                r#""attributes":{"tag":"a","sample":"NA12878","name":"full"},"#,
                r#""input_files":[{"from":"gs://b/in","to":"/io/in"}],"#,
                r#""output_files":[{"from":"/io/out","to":"gs://b/out"}],"timeout":1.5,"#,
                r#""cloudfuse":[{"bucket":"b","mount_path":"/b","read_only":true}],"#,
                r#""regions":["us-east1","us-central1"]}"#
            )
            .to_string(),
            // `any_region`: no regions at all.
            simple(
                3,
                r#""resources":{"machine_type":"n1-standard-4","preemptible":true},"attributes":{"name":"machine"},"timeout":60.0"#,
            ),
        ];
        assert_eq!(plan.jobs.len(), expected.len());
        let batch_regions = ["us-central1".to_string()];
        for ((index, job), expected) in plan.jobs.iter().enumerate().zip(expected) {
            let wire = WireJob::new(job, index, DEFAULT_IMAGE, Some(&batch_regions));
            let wire = serde_json::to_string(&wire).expect("serialize");
            assert_eq!(wire, expected, "job {}", job.name);
        }
    }
}
