//! The job `status` document (batch-api §5.5, batch-semantics §6.10), built from what the
//! runner recorded while the attempt ran.
//!
//! The runner fills plain Rust records as phases progress and renders them once at the end, so
//! the JSON shape (key names, key order, which keys are present when) lives in this file only.

use serde_json::{Map, Value, json};

use crate::server::api::types::{FORMAT_VERSION, OOM_EXIT_CODE, STATUS_VERSION};

/// Worker-side state of a container or of the whole job, as written in the status document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum State {
    Pending,
    Running,
    Succeeded,
    Failed,
    Error,
    Cancelled,
}

impl State {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Running => "running",
            State::Succeeded => "succeeded",
            State::Failed => "failed",
            State::Error => "error",
            State::Cancelled => "cancelled",
        }
    }
}

/// A timed step: `{start_time, finish_time, duration}` in epoch ms / ms.
#[derive(Clone, Copy, Debug)]
pub(super) struct Step {
    pub start: i64,
    pub finish: Option<i64>,
}

impl Step {
    fn to_json(self) -> Value {
        let mut m = Map::new();
        m.insert("start_time".into(), json!(self.start));
        // The reference omits finish_time and duration while a step is still running.
        if let Some(finish) = self.finish {
            m.insert("finish_time".into(), json!(finish));
            m.insert("duration".into(), json!((finish - self.start).max(0)));
        }
        Value::Object(m)
    }
}

/// What is known about the container's process (`container_status`), present only once the
/// process started.
#[derive(Clone, Copy, Debug)]
pub(super) struct ProcStatus {
    pub started_at: i64,
    /// `None` while running, and also for a process the runner killed (timeout, cancel): the
    /// reference keeps showing such a container as running without an exit code.
    pub finished_at: Option<i64>,
    pub exit_code: Option<i64>,
}

impl ProcStatus {
    fn to_json(self) -> Value {
        let mut m = Map::new();
        m.insert("started_at".into(), json!(self.started_at));
        m.insert("finished_at".into(), json!(self.finished_at));
        let finished = self.finished_at.is_some() && self.exit_code.is_some();
        m.insert(
            "state".into(),
            json!(if finished { "finished" } else { "running" }),
        );
        if let (true, Some(code)) = (finished, self.exit_code) {
            m.insert("exit_code".into(), json!(code));
        }
        m.insert(
            "out_of_memory".into(),
            json!(finished && self.exit_code == Some(OOM_EXIT_CODE)),
        );
        Value::Object(m)
    }
}

/// Everything recorded about one container (`input`, `main` or `output`).
#[derive(Clone, Debug)]
pub(super) struct ContainerRecord {
    pub state: State,
    /// Steps before `running` (`pulling`, `setting up overlay`), in order.
    pub steps: Vec<(&'static str, Step)>,
    /// The `running` step; `None` if the container never ran.
    pub running: Option<Step>,
    pub error: Option<String>,
    pub short_error: Option<&'static str>,
    pub proc_status: Option<ProcStatus>,
    /// The image named by the spec (main only). Not part of §5.5: the local service records
    /// it, and the digest it ran (`image_digest`), so a reader sees what ran.
    pub image: Option<String>,
    pub image_digest: Option<String>,
}

impl ContainerRecord {
    /// A container that exists for the job but has not run (and may never run).
    pub(super) fn pending() -> Self {
        ContainerRecord {
            state: State::Pending,
            steps: Vec::new(),
            running: None,
            error: None,
            short_error: None,
            proc_status: None,
            image: None,
            image_digest: None,
        }
    }

    /// A container that ended in `error` with this text, without a process status.
    pub(super) fn errored(running: Option<Step>, error: String) -> Self {
        ContainerRecord {
            state: State::Error,
            running,
            error: Some(error),
            ..ContainerRecord::pending()
        }
    }

    fn to_json(&self, name: String) -> Value {
        let mut m = Map::new();
        m.insert("name".into(), json!(name));
        if let Some(image) = &self.image {
            m.insert("image".into(), json!(image));
        }
        if let Some(digest) = &self.image_digest {
            m.insert("image_digest".into(), json!(digest));
        }
        m.insert("state".into(), json!(self.state.as_str()));
        let mut timing = Map::new();
        for (name, step) in &self.steps {
            timing.insert((*name).into(), step.to_json());
        }
        if let Some(step) = self.running {
            timing.insert("running".into(), step.to_json());
        }
        m.insert("timing".into(), Value::Object(timing));
        if let Some(error) = &self.error {
            m.insert("error".into(), json!(error));
        }
        if let Some(short) = self.short_error {
            m.insert("short_error".into(), json!(short));
        }
        if let Some(ps) = self.proc_status {
            m.insert("container_status".into(), ps.to_json());
        }
        Value::Object(m)
    }
}

/// The whole attempt, rendered by [`StatusDoc::to_json`].
#[derive(Debug)]
pub(super) struct StatusDoc<'a> {
    pub worker: &'a str,
    pub batch_id: i64,
    pub job_id: i64,
    pub job_group_id: i64,
    pub attempt_id: &'a str,
    pub user: &'a str,
    pub region: &'a str,
    pub state: State,
    pub error: Option<String>,
    pub start_time: i64,
    pub end_time: Option<i64>,
    /// Containers the job has, in the order input, main, output.
    pub containers: Vec<(&'static str, ContainerRecord)>,
    /// Job-level steps, in the order they ran.
    pub timing: Vec<(&'static str, Step)>,
    /// The runtime, `"bubblewrap"` or `"host"`; a local extension of §5.5.
    pub sandbox: &'static str,
    /// What was enforced (isolation, memory limit, CPU weight, peak memory); a local
    /// extension of §5.5.
    pub enforced: Value,
    /// The spec's normalised `resources` object; a local extension of §5.5 (the local service
    /// bills nothing, so the reference's `resources` list stays empty).
    pub requested_resources: Value,
}

impl StatusDoc<'_> {
    pub(super) fn container_mut(&mut self, name: &str) -> Option<&mut ContainerRecord> {
        self.containers
            .iter_mut()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| c)
    }

    pub(super) fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("version".into(), json!(STATUS_VERSION));
        m.insert("worker".into(), json!(self.worker));
        m.insert("batch_id".into(), json!(self.batch_id));
        m.insert("job_id".into(), json!(self.job_id));
        m.insert("job_group_id".into(), json!(self.job_group_id));
        m.insert("attempt_id".into(), json!(self.attempt_id));
        m.insert("user".into(), json!(self.user));
        m.insert("state".into(), json!(self.state.as_str()));
        m.insert("format_version".into(), json!(FORMAT_VERSION));
        m.insert("resources".into(), json!([]));
        m.insert("region".into(), json!(self.region));
        if let Some(error) = &self.error {
            m.insert("error".into(), json!(error));
        }
        m.insert("start_time".into(), json!(self.start_time));
        m.insert("end_time".into(), json!(self.end_time));
        let mut containers = Map::new();
        for (name, record) in &self.containers {
            let full = format!("batch-{}-job-{}-{}", self.batch_id, self.job_id, name);
            containers.insert((*name).into(), record.to_json(full));
        }
        m.insert("container_statuses".into(), Value::Object(containers));
        let mut timing = Map::new();
        for (name, step) in &self.timing {
            timing.insert((*name).into(), step.to_json());
        }
        m.insert("timing".into(), Value::Object(timing));
        m.insert("sandbox".into(), json!(self.sandbox));
        m.insert("enforced".into(), self.enforced.clone());
        m.insert(
            "requested_resources".into(),
            self.requested_resources.clone(),
        );
        Value::Object(m)
    }
}
