//! Submission request bodies and their validation (`batch-api.md` §2.8–2.15, §3, §4.7).
//!
//! This module owns everything between the raw request bytes and rows ready to insert:
//!
//! 1. **Parsing and schema validation** with Hail's exact 400 messages: [`parse_create_batch`],
//!    [`parse_create_fast`], [`parse_update_fast`], [`parse_create_update`],
//!    [`parse_job_groups`], [`parse_jobs`] (deprecated keys normalised per §3.6, contiguous ids).
//! 2. **Server-side job checks** of §3.8 that need the batch id, the user and the deployment
//!    ([`JobSpec::check`], giving the normalised [`ResolvedResources`]).
//! 3. **Id translation** of §4.7 ([`UpdateRange`], [`prepare_jobs`], [`prepare_job_groups`])
//!    and the bunch-level duplicated-parents check ([`check_duplicated_parents`]).
//! 4. **The stored job spec** returned by `GET job` (§3.9, [`JobSpec::stored_spec`]).
//!
//! Checks that need the database (update exists / committed, bunch already inserted, parent
//! group exists or is cancelled, commit counts) stay with the server; their messages are in
//! [`crate::server::api::messages`].
//!
//! A typical `POST .../updates/{u}/jobs/create` handler: `parse_jobs(body)` → look up the
//! update (404 / `update_already_committed`) → `prepare_jobs(batch_id, &range, &jobs, &ctx)`
//! → answer 200 if the bunch already exists → cancelled-group check → `check_duplicated_parents`
//! → insert.
//!
//! The code here is the reference implementation: [`fast`] parses and prepares the common job
//! specs several times more cheaply, is tested against it, and falls back to it for anything
//! else. Handlers use [`fast`]'s entry points for job bunches.

use serde_json::{Map, Value, json};

use super::ValidationError;
use super::messages;
use super::resources::{
    self, CPU_PATTERN, CPU_RE, DEFAULT_CPU, DEFAULT_MEMORY, DEFAULT_STORAGE, MEMORY_PATTERN,
    MEMORY_RE, MemoryRequest, WorkerType,
};
use super::validate::{self as v, VResult};
use crate::format::python;

pub use super::types::Attributes;

pub mod fast;

/// The absolute id of the root job group.
pub const ROOT_JOB_GROUP_ID: i64 = 0;

/// Default `n_max_attempts` of a job.
pub const DEFAULT_N_MAX_ATTEMPTS: i64 = 20;

/// Column limit of batch and update tokens, billing project and user names (§1.11).
const MAX_TOKEN_LEN: usize = 100;
/// Column limit of a job group's `callback` (also the root group's copy of the batch callback).
const MAX_CALLBACK_LEN: usize = 255;

fn parse_json(body: &[u8]) -> VResult<Value> {
    serde_json::from_slice(body).map_err(|e| ValidationError(messages::invalid_json_body(&e)))
}

// ---------------------------------------------------------------------------------------------
// Batch spec (§3.2)

/// A validated batch spec: the body of `create`, the `batch` key of `create-fast`.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchSpec {
    /// Billing project to charge (membership is checked by the server: 403).
    pub billing_project: String,
    /// Idempotency token, unique per user; also the token of update 1.
    pub token: String,
    /// Jobs in update 1 (sign not validated, as in Hail).
    pub n_jobs: i64,
    /// Job groups in update 1 (default 0).
    pub n_job_groups: i64,
    /// Batch (= root job group) attributes; `None` when absent, null or empty.
    pub attributes: Option<Attributes>,
    /// URL receiving the batch status on completion.
    pub callback: Option<String>,
    /// Cancel the batch after this many failures (> 0).
    pub cancel_after_n_failures: Option<i64>,
}

const BATCH_KEYS: &[&str] = &[
    "attributes",
    "billing_project",
    "callback",
    "cancel_after_n_failures",
    "n_jobs",
    "token",
    "n_job_groups",
];

/// Validates a batch spec value under the name `batch` (§3.2).
pub fn validate_batch_spec(value: &Value) -> Result<BatchSpec, ValidationError> {
    let name = "batch";
    let m = v::dict(name, value)?;
    v::known_keys(name, m, BATCH_KEYS)?;
    let attributes = v::nullable(
        &format!("{name}.attributes"),
        m.get("attributes"),
        v::str_map,
    )?;
    let billing_project = v::required_with(name, m, "billing_project", |n, x| {
        v::string(n, x).map(str::to_owned)
    })?;
    let callback = v::nullable(&format!("{name}.callback"), m.get("callback"), |n, x| {
        v::string(n, x).map(str::to_owned)
    })?;
    let cancel_after_n_failures = v::nullable(
        &format!("{name}.cancel_after_n_failures"),
        m.get("cancel_after_n_failures"),
        |n, x| v::int_with_min(n, x, 1, "x > 0"),
    )?;
    let n_jobs = v::required_with(name, m, "n_jobs", v::int)?;
    let token = v::required_with(name, m, "token", |n, x| v::string(n, x).map(str::to_owned))?;
    let n_job_groups = v::optional(name, m, "n_job_groups", v::int)?.unwrap_or(0);
    // Storage limits Hail leaves to the database (§1.11).
    v::max_len("batch.token", &token, MAX_TOKEN_LEN)?;
    v::max_len("batch.billing_project", &billing_project, MAX_TOKEN_LEN)?;
    if let Some(cb) = &callback {
        v::max_len("batch.callback", cb, MAX_CALLBACK_LEN)?;
    }
    if let Some(attrs) = &attributes {
        v::attribute_limits("batch.attributes", attrs)?;
        if let Some(Value::Object(raw)) = m.get("attributes") {
            let len = serde_json::to_string(raw).map_or(0, |s| s.len());
            if len > 65_535 {
                return v::err("length of batch.attributes must be <= 65535");
            }
        }
    }
    Ok(BatchSpec {
        billing_project,
        token,
        n_jobs,
        n_job_groups,
        attributes: attributes.filter(|a| !a.is_empty()),
        callback,
        cancel_after_n_failures,
    })
}

/// Parses the body of `POST /api/v1alpha/batches/create`.
pub fn parse_create_batch(body: &[u8]) -> Result<BatchSpec, ValidationError> {
    validate_batch_spec(&parse_json(body)?)
}

// ---------------------------------------------------------------------------------------------
// Update spec (§3.3)

/// A validated update spec: the body of `updates/create`, the `update` key of `update-fast`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateSpec {
    /// Idempotency token, unique per batch.
    pub token: String,
    /// Jobs in this update (≥ 0).
    pub n_jobs: i64,
    /// Job groups in this update (≥ 0, default 0).
    pub n_job_groups: i64,
}

/// Validates an update spec value under the name `batch_update` (§3.3).
///
/// Hail answers 500 when both counts are 0 (an internal assertion the official client never
/// trips); we answer 400 `batch_update must have n_jobs > 0 or n_job_groups > 0` instead.
pub fn validate_update_spec(value: &Value) -> Result<UpdateSpec, ValidationError> {
    let name = "batch_update";
    let m = v::dict(name, value)?;
    v::known_keys(name, m, &["token", "n_jobs", "n_job_groups"])?;
    let token = v::required_with(name, m, "token", |n, x| v::string(n, x).map(str::to_owned))?;
    let n_jobs = v::required_with(name, m, "n_jobs", |n, x| v::int_with_min(n, x, 0, "x >= 0"))?;
    let n_job_groups = v::optional(name, m, "n_job_groups", |n, x| {
        v::int_with_min(n, x, 0, "x >= 0")
    })?
    .unwrap_or(0);
    v::max_len("batch_update.token", &token, MAX_TOKEN_LEN)?;
    if n_jobs == 0 && n_job_groups == 0 {
        return v::err("batch_update must have n_jobs > 0 or n_job_groups > 0");
    }
    Ok(UpdateSpec {
        token,
        n_jobs,
        n_job_groups,
    })
}

/// Parses the body of `POST /api/v1alpha/batches/{id}/updates/create`.
pub fn parse_create_update(body: &[u8]) -> Result<UpdateSpec, ValidationError> {
    validate_update_spec(&parse_json(body)?)
}

// ---------------------------------------------------------------------------------------------
// Job group spec (§3.4)

/// A reference to a job group, absolute or relative to the update's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupRef {
    /// An absolute job group id (0 = root).
    Absolute(i64),
    /// An in-update id, translated as `start_job_group_id + id − 1` (0 in update 1 = root).
    InUpdate(i64),
}

impl GroupRef {
    /// The absolute id given the update's `start_job_group_id` (§4.7).
    pub fn absolute(self, start_job_group_id: i64) -> i64 {
        match self {
            GroupRef::Absolute(id) => id,
            GroupRef::InUpdate(id) => absolute_id(start_job_group_id, id),
        }
    }
}

/// `start + in_update_id − 1`, the translation of §4.7 for jobs and job groups alike.
pub fn absolute_id(start: i64, in_update_id: i64) -> i64 {
    start.saturating_add(in_update_id).saturating_sub(1)
}

/// A validated job group spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobGroupSpec {
    /// In-update id (1-based).
    pub job_group_id: i64,
    /// The parent; `None` when the winning parent key is `null` (validation only checks presence;
    /// the insert then fails, see [`crate::server::api::messages::job_group_parent_missing`]).
    /// `absolute_parent_id` wins when both keys are present.
    pub parent: Option<GroupRef>,
    /// Group attributes; `None` when absent, null or empty.
    pub attributes: Option<Attributes>,
    /// URL receiving the job group status on completion (≤ 255 characters).
    pub callback: Option<String>,
    /// Cancel the group after this many failures (> 0).
    pub cancel_after_n_failures: Option<i64>,
}

const JOB_GROUP_KEYS: &[&str] = &[
    "job_group_id",
    "attributes",
    "callback",
    "cancel_after_n_failures",
    "absolute_parent_id",
    "in_update_parent_id",
];

fn validate_job_group(name: &str, value: &Value) -> VResult<JobGroupSpec> {
    let m = v::dict(name, value)?;
    v::known_keys(name, m, JOB_GROUP_KEYS)?;
    let job_group_id = v::required_with(name, m, "job_group_id", v::int)?;
    let attributes = v::nullable(
        &format!("{name}.attributes"),
        m.get("attributes"),
        v::str_map,
    )?;
    let callback = v::nullable(&format!("{name}.callback"), m.get("callback"), |n, x| {
        v::string(n, x).map(str::to_owned)
    })?;
    let cancel_after_n_failures = v::nullable(
        &format!("{name}.cancel_after_n_failures"),
        m.get("cancel_after_n_failures"),
        |n, x| v::int_with_min(n, x, 1, "x > 0"),
    )?;
    let absolute = v::nullable(
        &format!("{name}.absolute_parent_id"),
        m.get("absolute_parent_id"),
        v::int,
    )?;
    let in_update = v::nullable(
        &format!("{name}.in_update_parent_id"),
        m.get("in_update_parent_id"),
        v::int,
    )?;
    let parent = if m.contains_key("absolute_parent_id") {
        absolute.map(GroupRef::Absolute)
    } else if m.contains_key("in_update_parent_id") {
        in_update.map(GroupRef::InUpdate)
    } else {
        return v::err("job group must define in_update_parent_id or absolute_parent_id");
    };
    if let Some(cb) = &callback {
        v::max_len(&format!("{name}.callback"), cb, MAX_CALLBACK_LEN)?;
    }
    if let Some(attrs) = &attributes {
        v::attribute_limits(&format!("{name}.attributes"), attrs)?;
    }
    Ok(JobGroupSpec {
        job_group_id,
        parent,
        attributes: attributes.filter(|a| !a.is_empty()),
        callback,
        cancel_after_n_failures,
    })
}

/// Validates a list of job group specs (`job_groups[i]`), then the contiguity of their ids.
pub fn validate_job_groups(value: &Value) -> Result<Vec<JobGroupSpec>, ValidationError> {
    let Value::Array(items) = value else {
        return v::err("job_groups is not a list");
    };
    let mut out = Vec::with_capacity(items.len());
    let mut prev: Option<i64> = None;
    for (i, item) in items.iter().enumerate() {
        let group = validate_job_group(&format!("job_groups[{i}]"), item)?;
        // Hail compares with the previous id only when that id is truthy (non-zero).
        if let Some(p) = prev.filter(|p| *p != 0)
            && group.job_group_id != p.saturating_add(1)
        {
            return v::err(format!(
                "noncontiguous job group ids found in the spec: {p} -> {}",
                group.job_group_id
            ));
        }
        prev = Some(group.job_group_id);
        out.push(group);
    }
    Ok(out)
}

/// The first pair of consecutive ids `(previous, next)` that are not contiguous. Hail compares
/// with the previous id only when that id is truthy (non-zero).
pub(crate) fn first_gap(ids: impl IntoIterator<Item = i64>) -> Option<(i64, i64)> {
    let mut prev: Option<i64> = None;
    for id in ids {
        if let Some(p) = prev.filter(|p| *p != 0)
            && id != p.saturating_add(1)
        {
            return Some((p, id));
        }
        prev = Some(id);
    }
    None
}

/// Parses the body of `POST .../updates/{u}/job-groups/create` (a JSON list).
pub fn parse_job_groups(body: &[u8]) -> Result<Vec<JobGroupSpec>, ValidationError> {
    validate_job_groups(&parse_json(body)?)
}

// ---------------------------------------------------------------------------------------------
// Job spec (§3.5, §3.6)

/// The container process of a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Process {
    /// A docker container: `image` and argv `command`.
    Docker {
        /// Image reference (not validated).
        image: String,
        /// Argv.
        command: Vec<String>,
    },
    /// A JVM job running a Hail query JAR.
    Jvm {
        /// Which JAR to run.
        jar_spec: JarSpec,
        /// JVM argv.
        command: Vec<String>,
        /// Record a profile (default false).
        profile: bool,
    },
}

/// The `jar_spec` of a JVM process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JarSpec {
    /// `git_revision` or `jar_url`.
    pub kind: JarKind,
    /// The revision or URL.
    pub value: String,
}

/// Kinds of JAR reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JarKind {
    /// A 40-hex-digit git revision.
    GitRevision,
    /// A URL below the deployment's query-JAR prefix.
    JarUrl,
}

/// One environment variable of the main container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvVar {
    /// Variable name.
    pub name: String,
    /// Value.
    pub value: String,
}

/// One `input_files` / `output_files` pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileTransfer {
    /// Source (cloud URL for inputs, container path for outputs).
    pub from: String,
    /// Destination.
    pub to: String,
}

/// One cloudfuse (gcsfuse) mount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudfuseMount {
    /// Bucket name.
    pub bucket: String,
    /// Where it is mounted in the container.
    pub mount_path: String,
    /// Must be true (§3.8).
    pub read_only: bool,
}

/// One Kubernetes secret mount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretMount {
    /// Kubernetes namespace.
    pub namespace: String,
    /// Secret name.
    pub name: String,
    /// Mount path in the container.
    pub mount_path: String,
}

/// A Kubernetes service account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceAccount {
    /// Kubernetes namespace.
    pub namespace: String,
    /// Account name.
    pub name: String,
}

/// The `resources` object as requested (strings unparsed; see [`JobSpec::check`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceRequest {
    /// `cpu` (matches [`CPU_PATTERN`]).
    pub cpu: Option<String>,
    /// `memory` (matches [`MEMORY_PATTERN`] or is `lowmem` / `standard` / `highmem`).
    pub memory: Option<String>,
    /// `storage` (matches [`MEMORY_PATTERN`]; also where a deprecated `pvc_size` lands).
    pub storage: Option<String>,
    /// `machine_type` (job-private VM).
    pub machine_type: Option<String>,
    /// `preemptible` (default true).
    pub preemptible: Option<bool>,
}

/// A validated and normalised job spec (§3.5, §3.6). Ids are as sent (in-update job id,
/// absolute or in-update parents and group); see [`prepare_jobs`] for translation.
#[derive(Debug, Clone, PartialEq)]
pub struct JobSpec {
    /// In-update job id (1-based).
    pub job_id: i64,
    /// Absolute parent ids (after the deprecated `parent_ids` replaced them).
    pub absolute_parent_ids: Vec<i64>,
    /// In-update parent ids.
    pub in_update_parent_ids: Vec<i64>,
    /// The job's group (root when neither group key was given).
    pub job_group: GroupRef,
    /// Run even if parents failed or were cancelled (default false).
    pub always_run: bool,
    /// Attempts before the job errors (default 20).
    pub n_max_attempts: i64,
    /// Copy outputs even if `main` failed (server default **true**).
    pub always_copy_output: bool,
    /// The process.
    pub process: Process,
    /// Environment, in request order.
    pub env: Vec<EnvVar>,
    /// Job attributes (`name` is the display name); empty when none.
    pub attributes: Attributes,
    /// Inputs; non-empty means an `input` container exists.
    pub input_files: Vec<FileTransfer>,
    /// Outputs; non-empty means an `output` container exists.
    pub output_files: Vec<FileTransfer>,
    /// Requested resources.
    pub resources: ResourceRequest,
    /// Cloudfuse mounts (`cloudfuse` or the deprecated `gcsfuse`).
    pub cloudfuse: Vec<CloudfuseMount>,
    /// Seconds allowed per container run (> 0).
    pub timeout: Option<f64>,
    /// Container port to publish.
    pub port: Option<i64>,
    /// Allowed regions; `None` = any.
    pub regions: Option<Vec<String>>,
    /// Project billed for requester-pays buckets.
    pub requester_pays_project: Option<String>,
    /// `public` or `private` (only `ci` may use `private`).
    pub network: Option<String>,
    /// Only `ci` may set true.
    pub unconfined: bool,
    /// Deprecated: mount the user's Hail tokens.
    pub mount_tokens: bool,
    /// Kubernetes secrets (only `ci`).
    pub secrets: Vec<SecretMount>,
    /// Kubernetes service account.
    pub service_account: Option<ServiceAccount>,
    /// Free text shown in the UI.
    pub user_code: Option<String>,
    /// The spec object after the §3.6 normalisation, the base of [`JobSpec::stored_spec`].
    normalized: Map<String, Value>,
}

/// Keys of the job schema, in the order Hail's validator checks them.
const JOB_KEYS: &[&str] = &[
    "always_copy_output",
    "always_run",
    "attributes",
    "env",
    "cloudfuse",
    "input_files",
    "job_id",
    "absolute_job_group_id",
    "in_update_job_group_id",
    "mount_tokens",
    "network",
    "unconfined",
    "output_files",
    "parent_ids",
    "absolute_parent_ids",
    "in_update_parent_ids",
    "port",
    "process",
    "requester_pays_project",
    "resources",
    "secrets",
    "service_account",
    "timeout",
    "user_code",
    "regions",
    "n_max_attempts",
];

/// `k8s-name` of §3.5.
const K8S_NAME_PATTERN: &str =
    r"[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*";
static K8S_NAME_RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    // A constant pattern; failing to compile is a programming error.
    regex::Regex::new(&format!("^(?:{K8S_NAME_PATTERN})$")).expect("constant regex")
});

fn k8s_name(name: &str, x: &Value) -> VResult<String> {
    v::regex(name, x, K8S_NAME_PATTERN, &K8S_NAME_RE, Some(253)).map(str::to_owned)
}

fn owned_str(name: &str, x: &Value) -> VResult<String> {
    v::string(name, x).map(str::to_owned)
}

fn str_list(name: &str, x: &Value) -> VResult<Vec<String>> {
    v::list_of(name, x, owned_str)
}

fn int_list(name: &str, x: &Value) -> VResult<Vec<i64>> {
    v::list_of(name, x, v::int)
}

fn file_transfers(name: &str, x: &Value) -> VResult<Vec<FileTransfer>> {
    v::list_of(name, x, |n, item| {
        let m = v::dict(n, item)?;
        v::known_keys(n, m, &["from", "to"])?;
        Ok(FileTransfer {
            from: v::required_with(n, m, "from", owned_str)?,
            to: v::required_with(n, m, "to", owned_str)?,
        })
    })
}

/// Python truthiness of a JSON value.
fn truthy(x: &Value) -> bool {
    match x {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// §3.6 steps 1–4, applied to a copy of the job object before schema validation.
fn handle_deprecated_keys(i: usize, job: &mut Map<String, Value>) -> VResult<()> {
    let name = format!("jobs[{i}]");
    if let Some(pvc) = job.get("pvc_size").cloned() {
        if let Some(Value::Object(r)) = job.get("resources")
            && r.contains_key("storage")
        {
            return v::err(format!(
                "{name}.resources.storage is already defined, but deprecated key 'pvc_size' is also present."
            ));
        }
        v::regex(
            &format!("{name}.pvc_size"),
            &pvc,
            MEMORY_PATTERN,
            &MEMORY_RE,
            None,
        )
        .map_err(|e| {
            ValidationError(format!(
                "[pvc_size key is DEPRECATED. Use resources.storage] {e}"
            ))
        })?;
        match job.get_mut("resources") {
            Some(Value::Object(r)) => {
                r.insert("storage".to_owned(), pvc);
            }
            None | Some(Value::Null) => {
                job.insert("resources".to_owned(), json!({ "storage": pvc }));
            }
            // A non-object `resources` is reported by the schema check.
            Some(_) => {}
        }
        job.shift_remove("pvc_size");
    }

    if !job.contains_key("process") {
        let missing: Vec<&str> = ["command", "image"]
            .into_iter()
            .filter(|k| !job.contains_key(*k))
            .collect();
        if !missing.is_empty() {
            return v::err(format!(
                "{name}.process is not defined, but deprecated keys {} are not in {name}",
                python::list_of(missing)
            ));
        }
        let prefix = "[command, image keys are DEPRECATED. Use process.command, process.image, with process.type = 'docker'.]";
        let command = job.shift_remove("command").unwrap_or(Value::Null);
        let image = job.shift_remove("image").unwrap_or(Value::Null);
        str_list(&format!("{name}.command"), &command)
            .and_then(|_| v::string(&format!("{name}.image"), &image).map(|_| ()))
            .map_err(|e| ValidationError(format!("{prefix} {e}")))?;
        job.insert(
            "process".to_owned(),
            json!({ "command": command, "image": image, "type": "docker" }),
        );
    } else if job.contains_key("command") || job.contains_key("image") {
        return v::err(format!(
            "{name}.process is already defined, but deprecated keys 'command', 'image' are also present. Please remove deprecated keys."
        ));
    }

    if let Some(Value::Object(p)) = job.get_mut("process")
        && let Some(socket) = p.shift_remove("mount_docker_socket")
        && truthy(&socket)
    {
        return v::err(
            "mount_docker_socket is no longer supported but was set to True in request. Please upgrade.",
        );
    }

    if let Some(g) = job.shift_remove("gcsfuse") {
        job.insert("cloudfuse".to_owned(), g);
    }
    Ok(())
}

fn validate_process(name: &str, x: &Value) -> VResult<Process> {
    let m = v::dict(name, x)?;
    // Hail indexes `type` without checking (a 500); we report it as a missing key.
    let kind = v::required(name, m, "type")?;
    let kind_name = format!("{name}.{}", python::value_str(kind));
    let kind = v::one_of(&kind_name, kind, &["docker", "jvm"])?;
    if kind == "docker" {
        v::known_keys(
            name,
            m,
            &["type", "command", "image", "mount_docker_socket"],
        )?;
        let command = v::required_with(name, m, "command", str_list)?;
        let image = v::required_with(name, m, "image", owned_str)?;
        // A false `mount_docker_socket` was removed by the deprecated-key handling.
        v::optional(name, m, "mount_docker_socket", v::boolean)?;
        Ok(Process::Docker { image, command })
    } else {
        v::known_keys(name, m, &["type", "jar_spec", "command", "profile"])?;
        let jar_spec = v::required_with(name, m, "jar_spec", |n, js| {
            let jm = v::dict(n, js)?;
            v::known_keys(n, jm, &["type", "value"])?;
            let kind = v::required_with(n, jm, "type", |n, t| {
                v::one_of(n, t, &["git_revision", "jar_url"])
            })?;
            let value = v::required_with(n, jm, "value", owned_str)?;
            Ok(JarSpec {
                kind: if kind == "git_revision" {
                    JarKind::GitRevision
                } else {
                    JarKind::JarUrl
                },
                value,
            })
        })?;
        let command = v::required_with(name, m, "command", str_list)?;
        let profile = v::optional(name, m, "profile", v::boolean)?.unwrap_or(false);
        Ok(Process::Jvm {
            jar_spec,
            command,
            profile,
        })
    }
}

fn validate_resources(name: &str, x: &Value) -> VResult<ResourceRequest> {
    let m = v::dict(name, x)?;
    v::known_keys(
        name,
        m,
        &["memory", "cpu", "storage", "machine_type", "preemptible"],
    )?;
    let memory = v::optional(name, m, "memory", |n, x| {
        let as_regex = v::regex(n, x, MEMORY_PATTERN, &MEMORY_RE, None);
        match as_regex {
            Ok(s) => Ok(s.to_owned()),
            Err(first) => match v::one_of(n, x, &["lowmem", "standard", "highmem"]) {
                Ok(s) => Ok(s.to_owned()),
                Err(second) => v::err(format!(
                    "{n} does not satisfy any conditions: {first} or {second}"
                )),
            },
        }
    })?;
    let cpu = v::optional(name, m, "cpu", |n, x| {
        v::regex(n, x, CPU_PATTERN, &CPU_RE, None).map(str::to_owned)
    })?;
    let storage = v::optional(name, m, "storage", |n, x| {
        v::regex(n, x, MEMORY_PATTERN, &MEMORY_RE, None).map(str::to_owned)
    })?;
    let machine_type = v::optional(name, m, "machine_type", owned_str)?;
    let preemptible = v::optional(name, m, "preemptible", v::boolean)?;
    Ok(ResourceRequest {
        cpu,
        memory,
        storage,
        machine_type,
        preemptible,
    })
}

/// Schema validation of one (deprecation-normalised) job, in schema order.
fn validate_job_schema(name: &str, m: &Map<String, Value>) -> VResult<JobSpec> {
    v::known_keys(name, m, JOB_KEYS)?;
    let always_copy_output = v::optional(name, m, "always_copy_output", v::boolean)?;
    let always_run = v::optional(name, m, "always_run", v::boolean)?;
    let attributes = v::optional(name, m, "attributes", v::str_map)?;
    let env = v::optional(name, m, "env", |n, x| {
        v::list_of(n, x, |n, item| {
            let e = v::dict(n, item)?;
            v::known_keys(n, e, &["name", "value"])?;
            let env_name: String = v::required_with(n, e, "name", owned_str)?;
            let value = v::required_with(n, e, "value", owned_str)?;
            v::env_name(&format!("{n}.name"), &env_name)?;
            Ok(EnvVar {
                name: env_name,
                value,
            })
        })
    })?;
    let cloudfuse = v::optional(name, m, "cloudfuse", |n, x| {
        v::list_of(n, x, |n, item| {
            let c = v::dict(n, item)?;
            v::known_keys(n, c, &["bucket", "mount_path", "read_only"])?;
            Ok(CloudfuseMount {
                bucket: v::required_with(n, c, "bucket", owned_str)?,
                mount_path: v::required_with(n, c, "mount_path", owned_str)?,
                read_only: v::required_with(n, c, "read_only", v::boolean)?,
            })
        })
    })?;
    let input_files = v::optional(name, m, "input_files", file_transfers)?;
    let job_id = v::required_with(name, m, "job_id", v::int)?;
    let absolute_job_group_id = v::optional(name, m, "absolute_job_group_id", v::int)?;
    let in_update_job_group_id = v::optional(name, m, "in_update_job_group_id", v::int)?;
    let mount_tokens = v::optional(name, m, "mount_tokens", v::boolean)?;
    let network = v::optional(name, m, "network", |n, x| {
        v::one_of(n, x, &["public", "private"]).map(str::to_owned)
    })?;
    let unconfined = v::optional(name, m, "unconfined", v::boolean)?;
    let output_files = v::optional(name, m, "output_files", file_transfers)?;
    let parent_ids = v::optional(name, m, "parent_ids", int_list)?;
    let absolute_parent_ids = v::optional(name, m, "absolute_parent_ids", int_list)?;
    let in_update_parent_ids = v::optional(name, m, "in_update_parent_ids", int_list)?;
    let port = v::optional(name, m, "port", v::int)?;
    let process = v::required_with(name, m, "process", validate_process)?;
    let requester_pays_project = v::optional(name, m, "requester_pays_project", owned_str)?;
    let resources = v::optional(name, m, "resources", validate_resources)?;
    let secrets = v::optional(name, m, "secrets", |n, x| {
        v::list_of(n, x, |n, item| {
            let s = v::dict(n, item)?;
            v::known_keys(n, s, &["namespace", "name", "mount_path"])?;
            Ok(SecretMount {
                namespace: v::required_with(n, s, "namespace", k8s_name)?,
                name: v::required_with(n, s, "name", k8s_name)?,
                mount_path: v::required_with(n, s, "mount_path", owned_str)?,
            })
        })
    })?;
    let service_account = v::optional(name, m, "service_account", |n, x| {
        let s = v::dict(n, x)?;
        v::known_keys(n, s, &["namespace", "name"])?;
        Ok(ServiceAccount {
            namespace: v::required_with(n, s, "namespace", k8s_name)?,
            name: v::required_with(n, s, "name", k8s_name)?,
        })
    })?;
    let timeout = v::optional(name, m, "timeout", |n, x| {
        let t = v::numeric(n, x)?.as_f64();
        if t > 0.0 {
            Ok(t)
        } else {
            v::condition(n, "x > 0")
        }
    })?;
    let user_code = v::optional(name, m, "user_code", owned_str)?;
    let regions = v::nullable(&format!("{name}.regions"), m.get("regions"), str_list)?;
    let n_max_attempts = v::optional(name, m, "n_max_attempts", v::int)?;

    let attributes = attributes.unwrap_or_default();
    v::attribute_limits(&format!("{name}.attributes"), &attributes)?;
    let job_group = match (absolute_job_group_id, in_update_job_group_id) {
        (Some(a), _) => GroupRef::Absolute(a),
        (None, Some(u)) => GroupRef::InUpdate(u),
        (None, None) => GroupRef::Absolute(ROOT_JOB_GROUP_ID),
    };
    Ok(JobSpec {
        job_id,
        // §3.6 step 6: `parent_ids` replaces `absolute_parent_ids`.
        absolute_parent_ids: parent_ids.or(absolute_parent_ids).unwrap_or_default(),
        in_update_parent_ids: in_update_parent_ids.unwrap_or_default(),
        job_group,
        always_run: always_run.unwrap_or(false),
        n_max_attempts: n_max_attempts.unwrap_or(DEFAULT_N_MAX_ATTEMPTS),
        // §3.6 step 7: the server default is true.
        always_copy_output: always_copy_output.unwrap_or(true),
        process,
        env: env.unwrap_or_default(),
        attributes,
        input_files: input_files.unwrap_or_default(),
        output_files: output_files.unwrap_or_default(),
        resources: resources.unwrap_or_default(),
        cloudfuse: cloudfuse.unwrap_or_default(),
        timeout,
        port,
        regions,
        requester_pays_project,
        network,
        unconfined: unconfined.unwrap_or(false),
        mount_tokens: mount_tokens.unwrap_or(false),
        secrets: secrets.unwrap_or_default(),
        service_account,
        user_code,
        normalized: Map::new(),
    })
}

/// §3.6 steps 5–9 on the object that is kept for the stored spec.
fn handle_backwards_compatibility(job: &mut Map<String, Value>) {
    if let Some(c) = job.shift_remove("cloudfuse") {
        job.insert("gcsfuse".to_owned(), c);
    }
    if let Some(p) = job.shift_remove("parent_ids") {
        job.insert("absolute_parent_ids".to_owned(), p);
    }
    if !job.contains_key("always_copy_output") {
        job.insert("always_copy_output".to_owned(), Value::Bool(true));
    }
    if let Some(Value::Object(p)) = job.get_mut("process")
        && p.get("type").and_then(Value::as_str) == Some("jvm")
        && !p.contains_key("profile")
    {
        p.insert("profile".to_owned(), Value::Bool(false));
    }
    if !job.contains_key("absolute_job_group_id") && !job.contains_key("in_update_job_group_id") {
        job.insert("absolute_job_group_id".to_owned(), json!(ROOT_JOB_GROUP_ID));
    }
}

fn validate_job(i: usize, value: Value) -> VResult<JobSpec> {
    let name = format!("jobs[{i}]");
    let mut job = match value {
        Value::Object(map) => map,
        _ => return v::not_type(&name, "dict"),
    };
    handle_deprecated_keys(i, &mut job)?;
    let mut spec = validate_job_schema(&name, &job)?;
    handle_backwards_compatibility(&mut job);
    spec.normalized = job;
    Ok(spec)
}

/// Validates a list of job specs (`jobs[i]`): per job the deprecated keys (§3.6 1–4), the
/// schema (§3.5) and the normalisation (§3.6 5–9); then the contiguity of the ids.
/// Takes the parsed list by value: each job's map becomes its normalized spec without a copy.
pub fn validate_jobs(value: Value) -> Result<Vec<JobSpec>, ValidationError> {
    let Value::Array(items) = value else {
        return v::err("jobs is not list");
    };
    let jobs = items
        .into_iter()
        .enumerate()
        .map(|(i, x)| validate_job(i, x))
        .collect::<VResult<Vec<_>>>()?;
    if let Some((p, id)) = first_gap(jobs.iter().map(|j| j.job_id)) {
        return v::err(format!(
            "noncontiguous job ids found in the spec: {p} -> {id}"
        ));
    }
    Ok(jobs)
}

/// Parses the body of `POST .../updates/{u}/jobs/create` and of the deprecated
/// `POST .../jobs/create`: a JSON list of job specs, as raw bytes.
pub fn parse_jobs(body: &[u8]) -> Result<Vec<JobSpec>, ValidationError> {
    validate_jobs(parse_json(body)?)
}

// ---------------------------------------------------------------------------------------------
// Fast paths (§2.9, §2.10)

/// The body of `POST /api/v1alpha/batches/create-fast`.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateFastRequest {
    /// The batch spec (`batch`); its token is also the token of update 1, its counts the
    /// counts of update 1.
    pub batch: BatchSpec,
    /// The jobs (`bunch`), in-update ids of update 1.
    pub bunch: Vec<JobSpec>,
    /// The job groups (`job_groups`, default empty), in-update ids of update 1.
    pub job_groups: Vec<JobGroupSpec>,
}

/// The body of `POST /api/v1alpha/batches/{id}/update-fast`.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateFastRequest {
    /// The update spec (`update`).
    pub update: UpdateSpec,
    /// The jobs (`bunch`).
    pub bunch: Vec<JobSpec>,
    /// The job groups (`job_groups`, default empty).
    pub job_groups: Vec<JobGroupSpec>,
}

/// The wrapper object of a fast-path body. Hail indexes it blindly (500 on a missing key or a
/// non-object body); we answer 400 `body is not <class 'dict'>` /
/// `body missing required key <key>.` instead. Unknown keys are ignored, as in Hail.
fn fast_body(body: &[u8], required: &str) -> VResult<Map<String, Value>> {
    match parse_json(body)? {
        Value::Object(m) => {
            for key in [required, "bunch"] {
                if !m.contains_key(key) {
                    return v::err(format!("body missing required key {key}."));
                }
            }
            Ok(m)
        }
        _ => v::not_type("body", "dict"),
    }
}

/// Parses `create-fast`; validation order as in Hail: `batch`, then `bunch`, then `job_groups`.
pub fn parse_create_fast(body: &[u8]) -> Result<CreateFastRequest, ValidationError> {
    let mut m = fast_body(body, "batch")?;
    let batch = validate_batch_spec(m.get("batch").unwrap_or(&Value::Null))?;
    let bunch = validate_jobs(m.remove("bunch").unwrap_or(Value::Null))?;
    let job_groups = match m.get("job_groups") {
        Some(g) => validate_job_groups(g)?,
        None => Vec::new(),
    };
    Ok(CreateFastRequest {
        batch,
        bunch,
        job_groups,
    })
}

/// Parses `update-fast`; validation order as in Hail: `update`, then `bunch`, then `job_groups`.
pub fn parse_update_fast(body: &[u8]) -> Result<UpdateFastRequest, ValidationError> {
    let mut m = fast_body(body, "update")?;
    let update = validate_update_spec(m.get("update").unwrap_or(&Value::Null))?;
    let bunch = validate_jobs(m.remove("bunch").unwrap_or(Value::Null))?;
    let job_groups = match m.get("job_groups") {
        Some(g) => validate_job_groups(g)?,
        None => Vec::new(),
    };
    Ok(UpdateFastRequest {
        update,
        bunch,
        job_groups,
    })
}

// ---------------------------------------------------------------------------------------------
// Server-side checks (§3.8) and resources (§3.7)

/// What the job checks and the stored spec need to know about the deployment and the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobContext {
    /// `gcp` or `azure`.
    pub cloud: String,
    /// The submitting user (`ci` is privileged for secrets, network and unconfined).
    pub user: String,
    /// Regions known to the service, in service order.
    pub supported_regions: Vec<String>,
    /// Cores of a pool worker (upper bound of a pool job's cores).
    pub worker_cores: i64,
    /// Accepted prefix of JVM `jar_url`s; `None` accepts none (no query JARs deployed).
    pub jar_url_prefix: Option<String>,
    /// Kubernetes namespace of the deployment (of the credentials secret).
    pub namespace: String,
    /// Name of the user's credentials secret, mounted at `/gsa-key`.
    pub credentials_secret: String,
    /// Name of the user's tokens secret, mounted at `/user-tokens` with `mount_tokens`.
    pub tokens_secret: String,
}

impl JobContext {
    /// A GCP deployment with 16-core workers, namespace `default`, no query JARs, and the
    /// secrets named `<user>-gsa-key` / `<user>-tokens`.
    pub fn new(user: &str, supported_regions: Vec<String>) -> JobContext {
        JobContext {
            cloud: "gcp".to_owned(),
            user: user.to_owned(),
            supported_regions,
            worker_cores: resources::DEFAULT_WORKER_CORES,
            jar_url_prefix: None,
            namespace: "default".to_owned(),
            credentials_secret: format!("{user}-gsa-key"),
            tokens_secret: format!("{user}-tokens"),
        }
    }

    fn privileged(&self) -> bool {
        self.user == "ci"
    }

    /// The variable pointing at the user's credentials in the main container.
    pub(crate) fn credentials_var(&self) -> &'static str {
        if self.cloud == "azure" {
            "AZURE_APPLICATION_CREDENTIALS"
        } else {
            "GOOGLE_APPLICATION_CREDENTIALS"
        }
    }

    /// The `env` entry added to the stored spec unless the user set [`Self::credentials_var`].
    pub(crate) fn credentials_env(&self) -> Value {
        json!({"name": self.credentials_var(), "value": "/gsa-key/key.json"})
    }

    /// The secret entries added to the stored spec: with `mount_tokens` the tokens and SSL
    /// secrets, then always the credentials secret.
    pub(crate) fn token_secrets(&self) -> [Value; 2] {
        [
            json!({"namespace": self.namespace, "name": self.tokens_secret, "mount_path": "/user-tokens", "mount_in_copy": false}),
            json!({"namespace": self.namespace, "name": "ssl-config-batch-user-code", "mount_path": "/ssl-config", "mount_in_copy": false}),
        ]
    }

    /// See [`Self::token_secrets`].
    pub(crate) fn credentials_secret(&self) -> Value {
        json!({"namespace": self.namespace, "name": self.credentials_secret, "mount_path": "/gsa-key", "mount_in_copy": true})
    }

    /// The stored spec's default `regions`: all supported regions, sorted.
    pub(crate) fn all_regions(&self) -> Value {
        let mut all = self.supported_regions.clone();
        all.sort();
        json!(all)
    }
}

/// The normalised resources of a job (§3.7), as stored in the spec, plus its pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedResources {
    /// The cpu string as requested or defaulted; `None` for job-private machines.
    pub req_cpu: Option<String>,
    /// The memory string as requested or defaulted; `None` for job-private machines.
    pub req_memory: Option<String>,
    /// The storage string as requested or defaulted.
    pub req_storage: String,
    /// Granted millicores.
    pub cores_mcpu: i64,
    /// Granted memory in bytes.
    pub memory_bytes: i64,
    /// Granted extra storage in GiB (0 = none).
    pub storage_gib: i64,
    /// Preemptible capacity.
    pub preemptible: bool,
    /// The job-private machine type, if any.
    pub machine_type: Option<String>,
    /// Instance collection (`standard`, `highmem`, `highcpu`, `-np` variants, `job-private`).
    pub inst_coll: String,
}

impl ResolvedResources {
    /// The stored `resources` object: `req_cpu`, `req_memory` (pool jobs only), `req_storage`,
    /// `cores_mcpu`, `memory_bytes`, `storage_gib`, `preemptible`, then `machine_type` if set.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        if let Some(c) = &self.req_cpu {
            m.insert("req_cpu".to_owned(), json!(c));
        }
        if let Some(mem) = &self.req_memory {
            m.insert("req_memory".to_owned(), json!(mem));
        }
        m.insert("req_storage".to_owned(), json!(self.req_storage));
        m.insert("cores_mcpu".to_owned(), json!(self.cores_mcpu));
        m.insert("memory_bytes".to_owned(), json!(self.memory_bytes));
        m.insert("storage_gib".to_owned(), json!(self.storage_gib));
        m.insert("preemptible".to_owned(), json!(self.preemptible));
        if let Some(mt) = &self.machine_type {
            m.insert("machine_type".to_owned(), json!(mt));
        }
        Value::Object(m)
    }
}

fn is_git_sha1(s: &str) -> bool {
    s.len() == 40
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// §3.8 steps 1–7 for a job requesting `r` (`jar_spec` for JVM jobs): the normalised resources
/// (§3.7), or Hail's message naming the job `(batch_id, job_id)`.
pub(crate) fn resolve_resources(
    r: &ResourceRequest,
    jar_spec: Option<&JarSpec>,
    ctx: &JobContext,
    batch_id: i64,
    job_id: i64,
) -> Result<ResolvedResources, ValidationError> {
    let id = format!("({batch_id}, {job_id})");
    let preemptible = r.preemptible.unwrap_or(true);

    // 1–2. machine types.
    let shape = match &r.machine_type {
        Some(mt) => match resources::machine_shape(&ctx.cloud, mt) {
            Some(s) => Some(s),
            None => {
                return v::err(format!("unknown machine type {mt} for cloud {}", ctx.cloud));
            }
        },
        None => None,
    };
    if r.machine_type.is_some() && (r.cpu.is_some() || r.memory.is_some()) {
        return v::err("cannot specify cpu and memory with machine_type");
    }

    // 4. JVM jobs. No query JARs are deployed locally unless a URL prefix is configured.
    if let Some(jar_spec) = jar_spec {
        if let Some(cpu) = &r.cpu
            && !matches!(
                resources::parse_cpu_mcpu(cpu),
                Some(1000 | 2000 | 4000 | 8000)
            )
        {
            return v::err("invalid cpu for jvm jobs. must be 1, 2, 4, or 8");
        }
        if r.memory.as_deref() == Some("lowmem") {
            return v::err("jvm jobs cannot be on lowmem machines");
        }
        if r.machine_type.is_some() {
            return v::err("jvm jobs may not specify machine_type");
        }
        match jar_spec.kind {
            JarKind::GitRevision if !is_git_sha1(&jar_spec.value) => {
                return v::err(format!(
                    "revision must be 40 character hexadecimal encoded SHA-1, got: {}",
                    jar_spec.value
                ));
            }
            JarKind::GitRevision => {
                return v::err(format!(
                    "Could not find a JAR matching revision {}",
                    jar_spec.value
                ));
            }
            JarKind::JarUrl => {
                let ok = ctx
                    .jar_url_prefix
                    .as_deref()
                    .is_some_and(|p| jar_spec.value.starts_with(p));
                if !ok {
                    return v::err(format!("unacceptable JAR url: {}", jar_spec.value));
                }
            }
        }
    }

    // 5–7. cpu, storage, pool.
    let req_storage = r
        .storage
        .clone()
        .unwrap_or_else(|| DEFAULT_STORAGE.to_owned());
    let (req_cpu, req_memory, mcpu) = if shape.is_none() {
        let cpu = r.cpu.clone().unwrap_or_else(|| DEFAULT_CPU.to_owned());
        let mcpu = resources::parse_cpu_mcpu(&cpu)
            .filter(|m| resources::is_valid_cores_mcpu(*m))
            .ok_or_else(|| {
                ValidationError(format!(
                    "bad resource request for job {id}: cpu must be a power of two with a min of 0.25; found {cpu}."
                ))
            })?;
        let memory = r
            .memory
            .clone()
            .unwrap_or_else(|| DEFAULT_MEMORY.to_owned());
        (Some(cpu), Some(memory), mcpu)
    } else {
        (None, None, 0)
    };
    let Some(storage_bytes) = resources::parse_memory_bytes(&req_storage) else {
        return v::err(format!(
            "bad resource request for job {id}: storage must be convertable to bytes; found {req_storage}"
        ));
    };
    let unsatisfiable = || {
        ValidationError(format!(
            "resource requests for job {id} are unsatisfiable: cloud={}, cpu={}, memory={}, storage={req_storage}, preemptible={}, machine_type={}",
            ctx.cloud,
            req_cpu.as_deref().unwrap_or("None"),
            req_memory.as_deref().unwrap_or("None"),
            python::bool_str(preemptible),
            r.machine_type.as_deref().unwrap_or("None"),
        ))
    };
    let (cores_mcpu, memory_bytes, storage_gib, inst_coll) = match shape {
        Some(s) => (
            s.cores.saturating_mul(1000),
            s.memory_bytes,
            resources::storage_gib(storage_bytes, false),
            "job-private".to_owned(),
        ),
        None => {
            let memory_str = req_memory.as_deref().unwrap_or(DEFAULT_MEMORY);
            let memory = match WorkerType::from_memory_name(memory_str) {
                Some(w) => MemoryRequest::Named(w),
                None => MemoryRequest::Bytes(
                    resources::parse_memory_bytes(memory_str).ok_or_else(unsatisfiable)?,
                ),
            };
            let (worker, mcpu, mem) =
                resources::select_pool(mcpu, memory, ctx.worker_cores).ok_or_else(unsatisfiable)?;
            (
                mcpu,
                mem,
                resources::storage_gib(storage_bytes, true),
                worker.pool_name(preemptible),
            )
        }
    };
    if storage_gib > resources::max_storage_gib(&ctx.cloud) {
        return Err(unsatisfiable());
    }
    Ok(ResolvedResources {
        req_cpu,
        req_memory,
        req_storage,
        cores_mcpu,
        memory_bytes,
        storage_gib,
        preemptible,
        machine_type: r.machine_type.clone(),
        inst_coll,
    })
}

impl JobSpec {
    /// The server-side checks of §3.8, in order, for the job with absolute id `job_id` of
    /// `batch_id`; on success, the normalised resources (§3.7).
    pub fn check(
        &self,
        ctx: &JobContext,
        batch_id: i64,
        job_id: i64,
    ) -> Result<ResolvedResources, ValidationError> {
        let jar_spec = match &self.process {
            Process::Jvm { jar_spec, .. } => Some(jar_spec),
            Process::Docker { .. } => None,
        };
        let resolved = resolve_resources(&self.resources, jar_spec, ctx, batch_id, job_id)?;

        // 8. regions: unknown names first, then emptiness.
        if let Some(regions) = &self.regions {
            let mut invalid: Vec<&str> = Vec::new();
            for r in regions {
                if !ctx.supported_regions.contains(r) && !invalid.contains(&r.as_str()) {
                    invalid.push(r);
                }
            }
            if !invalid.is_empty() {
                return v::err(format!(
                    "invalid regions specified: {}. Choose from {}",
                    python::set_of(invalid),
                    python::set_of(ctx.supported_regions.iter().map(String::as_str))
                ));
            }
            if regions.is_empty() {
                return v::err("regions must not be an empty array");
            }
        }

        // 9. secrets.
        if !self.secrets.is_empty() && !ctx.privileged() {
            let tuples: Vec<String> = self
                .secrets
                .iter()
                .map(|s| {
                    format!(
                        "({}, {})",
                        python::str_repr(&s.namespace),
                        python::str_repr(&s.name)
                    )
                })
                .collect();
            return v::err(format!(
                "unauthorized secret [{}] for user {}",
                tuples.join(", "),
                ctx.user
            ));
        }

        // 10. cloudfuse, reported with the entry as the user sent it.
        let raw_entries = self.normalized.get("gcsfuse").and_then(Value::as_array);
        for (i, mount) in self.cloudfuse.iter().enumerate() {
            let shown = raw_entries
                .and_then(|a| a.get(i))
                .map(python::value_repr)
                .unwrap_or_default();
            if !mount.read_only {
                return v::err(format!(
                    "Only read-only cloudfuse requests are supported. Found {shown}"
                ));
            }
            if mount.mount_path == "/io" {
                return v::err(format!(
                    "Cloudfuse requests with mount_path=/io are not supported. Found {shown}"
                ));
            }
        }

        // 11. service accounts: none is permitted locally (Hail allows two fixed accounts for
        // its own CI and test users only).
        if let Some(sa) = &self.service_account {
            return v::err(format!(
                "unauthorized service account ({}, {}) for user {}",
                python::str_repr(&sa.namespace),
                python::str_repr(&sa.name),
                ctx.user
            ));
        }

        // 12–13. network and unconfined.
        if let Some(network) = &self.network
            && network != "public"
            && !ctx.privileged()
        {
            return v::err(format!("unauthorized network {network}"));
        }
        if self.unconfined && !ctx.privileged() {
            return v::err("unauthorized use of unconfined=True");
        }

        Ok(resolved)
    }

    /// Absolute parent ids given the update's `start_job_id`: `absolute_parent_ids` followed
    /// by the translated `in_update_parent_ids` (§4.7), duplicates kept.
    pub fn parent_ids(&self, start_job_id: i64) -> Vec<i64> {
        parent_ids(
            &self.absolute_parent_ids,
            &self.in_update_parent_ids,
            start_job_id,
        )
    }

    /// The spec object stored at submission and returned under `spec` by `GET job` (§3.9):
    /// the normalised request with `job_id` made absolute, parent and group keys, `attributes`,
    /// `always_run`, `n_max_attempts` removed, then `job_group_id` added, `resources`
    /// rewritten, `secrets` and `env` completed, and finally `n_max_attempts`, `always_run`,
    /// `network` (default `public`) and `regions` (default: all supported, sorted).
    pub fn stored_spec(
        &self,
        job_id: i64,
        job_group_id: i64,
        resources: &ResolvedResources,
        ctx: &JobContext,
    ) -> Value {
        let mut spec = self.normalized.clone();
        spec.insert("job_id".to_owned(), json!(job_id));
        for key in [
            "absolute_parent_ids",
            "in_update_parent_ids",
            "parent_ids",
            "absolute_job_group_id",
            "in_update_job_group_id",
            "attributes",
            "always_run",
            "n_max_attempts",
        ] {
            spec.shift_remove(key);
        }
        spec.insert("job_group_id".to_owned(), json!(job_group_id));
        spec.insert("resources".to_owned(), resources.to_json());

        let mut secrets: Vec<Value> = match spec.get("secrets") {
            Some(Value::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        if self.mount_tokens {
            secrets.extend(ctx.token_secrets());
        }
        secrets.push(ctx.credentials_secret());
        spec.insert("secrets".to_owned(), Value::Array(secrets));

        let mut env: Vec<Value> = match spec.get("env") {
            Some(Value::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        if !self.env.iter().any(|e| e.name == ctx.credentials_var()) {
            env.push(ctx.credentials_env());
        }
        spec.insert("env".to_owned(), Value::Array(env));

        spec.insert("n_max_attempts".to_owned(), json!(self.n_max_attempts));
        spec.insert("always_run".to_owned(), json!(self.always_run));
        if !spec.contains_key("network") {
            spec.insert("network".to_owned(), json!("public"));
        }
        if self.regions.is_none() {
            spec.insert("regions".to_owned(), ctx.all_regions());
        }
        Value::Object(spec)
    }
}

// ---------------------------------------------------------------------------------------------
// Id translation (§4.7)

/// The id ranges reserved by an update (§4.1, §4.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpdateRange {
    /// The update id.
    pub update_id: i64,
    /// First absolute job id of the update.
    pub start_job_id: i64,
    /// Jobs reserved by the update.
    pub n_jobs: i64,
    /// First absolute job group id of the update.
    pub start_job_group_id: i64,
    /// Job groups reserved by the update.
    pub n_job_groups: i64,
}

impl UpdateRange {
    /// Absolute job id of an in-update job id.
    pub fn job_id(&self, in_update_id: i64) -> i64 {
        absolute_id(self.start_job_id, in_update_id)
    }

    /// Absolute job group id of an in-update job group id (0 in update 1 = root).
    pub fn job_group_id(&self, in_update_id: i64) -> i64 {
        absolute_id(self.start_job_group_id, in_update_id)
    }
}

/// `job ids [<min>, <max>] are out of range [1, <n_jobs>] allocated by update <u>`.
pub fn check_job_ids_in_range(
    jobs: &[JobSpec],
    range: &UpdateRange,
) -> Result<(), ValidationError> {
    let (Some(min), Some(max)) = (
        jobs.iter().map(|j| j.job_id).min(),
        jobs.iter().map(|j| j.job_id).max(),
    ) else {
        return Ok(());
    };
    if min < 1 || max > range.n_jobs {
        return v::err(messages::job_ids_out_of_range(
            min,
            max,
            range.n_jobs,
            range.update_id,
        ));
    }
    Ok(())
}

/// `job group ids [<first>, <last>] are out of range [1, <n_job_groups>] allocated by update <u>`.
pub fn check_job_group_ids_in_range(
    groups: &[JobGroupSpec],
    range: &UpdateRange,
) -> Result<(), ValidationError> {
    let (Some(first), Some(last)) = (groups.first(), groups.last()) else {
        return Ok(());
    };
    let min = groups
        .iter()
        .map(|g| g.job_group_id)
        .min()
        .unwrap_or(first.job_group_id);
    let max = groups
        .iter()
        .map(|g| g.job_group_id)
        .max()
        .unwrap_or(last.job_group_id);
    if min < 1 || max > range.n_job_groups {
        return v::err(messages::job_group_ids_out_of_range(
            first.job_group_id,
            last.job_group_id,
            range.n_job_groups,
            range.update_id,
        ));
    }
    Ok(())
}

/// [`JobSpec::parent_ids`] of a job with these parents.
pub(crate) fn parent_ids(absolute: &[i64], in_update: &[i64], start_job_id: i64) -> Vec<i64> {
    let translated = in_update.iter().map(|p| absolute_id(start_job_id, *p));
    absolute.iter().copied().chain(translated).collect()
}

/// The first parent of in-update job `job_id` that breaks the parent check of [`prepare_jobs`]
/// (absolute parents first), as an absolute id.
pub(crate) fn bad_parent(
    job_id: i64,
    absolute: &[i64],
    in_update: &[i64],
    range: &UpdateRange,
) -> Option<i64> {
    let bad_absolute = absolute
        .iter()
        .find(|p| **p < 1 || **p >= range.start_job_id);
    let bad_in_update = in_update.iter().find(|p| **p < 1 || **p >= job_id);
    bad_absolute
        .copied()
        .or(bad_in_update.map(|p| range.job_id(*p)))
}

/// A job ready to insert: absolute ids, resolved resources and the stored spec.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedJob {
    /// The in-update id as sent.
    pub in_update_job_id: i64,
    /// Absolute job id.
    pub job_id: i64,
    /// Absolute job group id.
    pub job_group_id: i64,
    /// Absolute parent ids (absolute ones first, then translated in-update ones).
    pub parent_ids: Vec<i64>,
    /// `always_run`.
    pub always_run: bool,
    /// `n_max_attempts`.
    pub n_max_attempts: i64,
    /// Job attributes (returned separately from the spec).
    pub attributes: Attributes,
    /// Resolved resources and pool.
    pub resources: ResolvedResources,
    /// The spec returned by `GET job` (§3.9), as compact JSON text.
    pub spec: String,
}

/// For a bunch of jobs posted to the update `range` of `batch_id`: the id range check, the
/// §3.8 checks per job in order, a parent check, and translation to absolute ids (§4.7).
///
/// The parent check is a local tightening (`batch-semantics.md` §4.1, §14.11): an in-update
/// parent must satisfy `1 ≤ p < job_id` and an absolute parent must lie before the update
/// (`1 ≤ p < start_job_id`); otherwise 400
/// `invalid parent id <absolute p> for job (<b>, <j>): parents must be earlier jobs of the same batch`.
/// Existence of absolute parents (committed, not deleted) is for the server to check.
pub fn prepare_jobs(
    batch_id: i64,
    range: &UpdateRange,
    jobs: &[JobSpec],
    ctx: &JobContext,
) -> Result<Vec<PreparedJob>, ValidationError> {
    check_job_ids_in_range(jobs, range)?;
    let mut out = Vec::with_capacity(jobs.len());
    for job in jobs {
        let job_id = range.job_id(job.job_id);
        let resources = job.check(ctx, batch_id, job_id)?;
        let bad = bad_parent(
            job.job_id,
            &job.absolute_parent_ids,
            &job.in_update_parent_ids,
            range,
        );
        if let Some(p) = bad {
            return v::err(format!(
                "invalid parent id {p} for job ({batch_id}, {job_id}): parents must be earlier jobs of the same batch"
            ));
        }
        let job_group_id = job.job_group.absolute(range.start_job_group_id);
        let spec = job
            .stored_spec(job_id, job_group_id, &resources, ctx)
            .to_string();
        out.push(PreparedJob {
            in_update_job_id: job.job_id,
            job_id,
            job_group_id,
            parent_ids: job.parent_ids(range.start_job_id),
            always_run: job.always_run,
            n_max_attempts: job.n_max_attempts,
            attributes: job.attributes.clone(),
            resources,
            spec,
        });
    }
    Ok(out)
}

/// The duplicated-parents check done when Hail inserts a bunch's parent rows (§2.13), to run
/// after the bunch-already-inserted check. The message lists every `(batch_id, job_id,
/// parent_id)` row of the bunch, as Hail does; it is a body-only error
/// ([`ValidationError::is_body_only`]).
pub fn check_duplicated_parents(
    batch_id: i64,
    jobs: &[PreparedJob],
) -> Result<(), ValidationError> {
    let has_duplicate = jobs.iter().any(|j| {
        let mut seen = std::collections::HashSet::new();
        j.parent_ids.iter().any(|p| !seen.insert(*p))
    });
    if !has_duplicate {
        return Ok(());
    }
    v::err(messages::duplicated_parents(jobs.iter().flat_map(|j| {
        j.parent_ids.iter().map(move |p| (batch_id, j.job_id, *p))
    })))
}

/// A job group ready to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedJobGroup {
    /// The in-update id as sent.
    pub in_update_id: i64,
    /// Absolute job group id.
    pub job_group_id: i64,
    /// Absolute parent id; `None` for a `null` parent (the server answers
    /// [`crate::server::api::messages::job_group_parent_missing`] at insert).
    pub parent_id: Option<i64>,
    /// Attributes (empty when none).
    pub attributes: Attributes,
    /// Callback URL.
    pub callback: Option<String>,
    /// Fail-fast threshold.
    pub cancel_after_n_failures: Option<i64>,
}

/// For job groups posted to the update `range`: the id range check and translation (§4.7).
pub fn prepare_job_groups(
    range: &UpdateRange,
    groups: &[JobGroupSpec],
) -> Result<Vec<PreparedJobGroup>, ValidationError> {
    check_job_group_ids_in_range(groups, range)?;
    Ok(groups
        .iter()
        .map(|g| PreparedJobGroup {
            in_update_id: g.job_group_id,
            job_group_id: range.job_group_id(g.job_group_id),
            parent_id: g.parent.map(|p| p.absolute(range.start_job_group_id)),
            attributes: g.attributes.clone().unwrap_or_default(),
            callback: g.callback.clone(),
            cancel_after_n_failures: g.cancel_after_n_failures,
        })
        .collect())
}

#[cfg(test)]
pub(crate) mod tests;
