//! The optimistic fast path for job bunches: typed parsing of the `jobs/create` body and of the
//! `bunch` of `create-fast` / `update-fast`, the §3.8 checks, id translation and the §3.9 stored
//! spec, without building a `serde_json::Value` tree.
//!
//! The Value-based code of [`super`] ([`super::parse_jobs`], [`super::prepare_jobs`], …) stays
//! the **specification**: this module only ever decides "accept, with results identical to the
//! reference" or "decline". It declines anything outside the common subset of the schema
//! (deprecated keys, `null`s, booleans used as integers, duplicate keys, JVM processes, secrets,
//! service accounts, a non-public network, `unconfined: true`, ...), any schema or §3.8 error, and
//! any id error; the reference path then runs on the same bytes and accepts the bunch or answers
//! Hail's exact message. [`Bunch`] and the `parse_*` functions below wrap that fallback, so
//! handlers get the reference's results either way, only cheaper in the common case.
//!
//! What the fast path must reproduce exactly (and what the differential tests in
//! `spec_fast_tests.rs` compare): the [`PreparedJob`]s, including the stored spec text byte for
//! byte. The stored spec's key order follows IndexMap semantics on the request's object (removed
//! keys vanish, replaced keys keep their place, added keys go at the end), so the parser records
//! the order of the keys of every object that is copied into it, and the writer replays it with
//! serde_json's string escaping and number formatting.
//!
//! Per job the fast path borrows strings from the body where they have no escapes, identifies keys
//! with `match` instead of hashing, resolves resources once per distinct request in a bunch, and
//! copies pre-rendered fragments for everything that depends only on the user and deployment.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::resources::{CPU_RE, MEMORY_RE, WorkerType};
use super::{
    BatchSpec, GroupRef, JobContext, JobGroupSpec, JobSpec, PreparedJob, ResolvedResources,
    ResourceRequest, UpdateRange, UpdateSpec, ValidationError,
};
use crate::server::api::validate::is_env_name;

type VResult<T> = Result<T, ValidationError>;

/// The error a visitor returns to decline: its text is never shown (the reference path runs).
fn declined<E: de::Error>() -> E {
    E::custom("declined by the fast path")
}

// ---------------------------------------------------------------------------------------------
// Public entry points: fast path first, the reference on decline.

/// The jobs of one bunch, parsed by whichever path accepted them.
#[derive(Debug)]
pub enum Bunch<'a> {
    /// Accepted by the fast path; borrows the request body.
    Fast(FastBunch<'a>),
    /// Parsed by the reference path.
    Reference(Vec<JobSpec>),
}

impl Bunch<'_> {
    /// Number of jobs.
    pub fn len(&self) -> usize {
        match self {
            Bunch::Fast(b) => b.len(),
            Bunch::Reference(jobs) => jobs.len(),
        }
    }

    /// True when the bunch has no job.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// [`super::prepare_jobs`] for this bunch: the fast path's result when it accepts, otherwise
    /// the reference's (on the same body), with Hail's message on error.
    pub fn prepare(
        &self,
        batch_id: i64,
        range: &UpdateRange,
        ctx: &JobContext,
    ) -> Result<Vec<PreparedJob>, ValidationError> {
        match self {
            Bunch::Fast(b) => match b.prepare(batch_id, range, ctx) {
                Some(prepared) => Ok(prepared),
                None => super::prepare_jobs(batch_id, range, &b.reference_jobs()?, ctx),
            },
            Bunch::Reference(jobs) => super::prepare_jobs(batch_id, range, jobs, ctx),
        }
    }
}

/// [`super::parse_jobs`] through the fast path when it accepts the body.
pub fn parse_jobs(body: &[u8]) -> Result<Bunch<'_>, ValidationError> {
    match FastBunch::parse_jobs(body) {
        Some(b) => Ok(Bunch::Fast(b)),
        None => super::parse_jobs(body).map(Bunch::Reference),
    }
}

/// [`super::CreateFastRequest`] with the bunch parsed by either path.
#[derive(Debug)]
pub struct CreateFastBunch<'a> {
    /// The batch spec (`batch`).
    pub batch: BatchSpec,
    /// The jobs (`bunch`).
    pub bunch: Bunch<'a>,
    /// The job groups (`job_groups`, default empty).
    pub job_groups: Vec<JobGroupSpec>,
}

/// [`super::UpdateFastRequest`] with the bunch parsed by either path.
#[derive(Debug)]
pub struct UpdateFastBunch<'a> {
    /// The update spec (`update`).
    pub update: UpdateSpec,
    /// The jobs (`bunch`).
    pub bunch: Bunch<'a>,
    /// The job groups (`job_groups`, default empty).
    pub job_groups: Vec<JobGroupSpec>,
}

/// [`super::parse_create_fast`] with the bunch through the fast path when it accepts it.
pub fn parse_create_fast(body: &[u8]) -> Result<CreateFastBunch<'_>, ValidationError> {
    let reparse: Reparse = |body| super::parse_create_fast(body).map(|r| r.bunch);
    if let Some(w) = parse_wrapper(body, "batch", reparse) {
        // Hail's order: `batch`, then `bunch` (accepted), then `job_groups`.
        let batch = super::validate_batch_spec(&w.head)?;
        let job_groups = match &w.job_groups {
            Some(g) => super::validate_job_groups(g)?,
            None => Vec::new(),
        };
        return Ok(CreateFastBunch {
            batch,
            bunch: Bunch::Fast(w.bunch),
            job_groups,
        });
    }
    let r = super::parse_create_fast(body)?;
    Ok(CreateFastBunch {
        batch: r.batch,
        bunch: Bunch::Reference(r.bunch),
        job_groups: r.job_groups,
    })
}

/// [`super::parse_update_fast`] with the bunch through the fast path when it accepts it.
pub fn parse_update_fast(body: &[u8]) -> Result<UpdateFastBunch<'_>, ValidationError> {
    let reparse: Reparse = |body| super::parse_update_fast(body).map(|r| r.bunch);
    if let Some(w) = parse_wrapper(body, "update", reparse) {
        let update = super::validate_update_spec(&w.head)?;
        let job_groups = match &w.job_groups {
            Some(g) => super::validate_job_groups(g)?,
            None => Vec::new(),
        };
        return Ok(UpdateFastBunch {
            update,
            bunch: Bunch::Fast(w.bunch),
            job_groups,
        });
    }
    let r = super::parse_update_fast(body)?;
    Ok(UpdateFastBunch {
        update: r.update,
        bunch: Bunch::Reference(r.bunch),
        job_groups: r.job_groups,
    })
}

// ---------------------------------------------------------------------------------------------
// The fast bunch

/// The reference parser of the body a fast bunch came from (giving its jobs), to re-parse it
/// when the fast preparation declines.
type Reparse = fn(&[u8]) -> VResult<Vec<JobSpec>>;

/// A bunch accepted by the fast parser: every job passed the schema validation of the reference
/// (and the id contiguity check) with the same normalised result.
#[derive(Debug)]
pub struct FastBunch<'a> {
    jobs: Vec<FastJob<'a>>,
    body: &'a [u8],
    reparse: Reparse,
}

impl<'a> FastBunch<'a> {
    /// Parses a `jobs/create` body (a JSON list of job specs); `None` declines.
    pub fn parse_jobs(body: &'a [u8]) -> Option<FastBunch<'a>> {
        let jobs = serde_json::from_slice(body).ok()?;
        FastBunch::new(jobs, body, super::parse_jobs)
    }

    fn new(jobs: Vec<FastJob<'a>>, body: &'a [u8], reparse: Reparse) -> Option<FastBunch<'a>> {
        // The schema's formats of the resource strings, checked once per run of equal requests.
        let mut checked: Option<&ResourceReq<'_>> = None;
        for job in &jobs {
            if checked != Some(&job.resources) {
                if !job.resources.formats_valid() {
                    return None;
                }
                checked = Some(&job.resources);
            }
        }
        if super::first_gap(jobs.iter().map(|j| j.job_id)).is_some() {
            return None;
        }
        Some(FastBunch {
            jobs,
            body,
            reparse,
        })
    }

    /// Number of jobs.
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    /// True when the bunch has no job.
    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    /// The same bunch parsed by the reference path.
    fn reference_jobs(&self) -> VResult<Vec<JobSpec>> {
        (self.reparse)(self.body)
    }

    /// [`super::prepare_jobs`] on the fast representation; `None` declines (an error, or a case
    /// the fast path does not cover), and the caller then runs the reference.
    pub fn prepare(
        &self,
        batch_id: i64,
        range: &UpdateRange,
        ctx: &JobContext,
    ) -> Option<Vec<PreparedJob>> {
        // `batch_id` only appears in the reference's error messages, which are never produced
        // here.
        let _ = batch_id;
        let fixed = Fixed::new(ctx);
        let mut cache = ResourceCache::default();
        let mut out = Vec::with_capacity(self.jobs.len());
        let mut capacity = 512;
        for job in &self.jobs {
            // The reference's checks, each job at a time: the order of the checks only matters
            // for the message, which the reference gives after a decline.
            let in_range = (1..=range.n_jobs).contains(&job.job_id);
            let (absolute, in_update) = (&job.absolute_parent_ids, &job.in_update_parent_ids);
            if !in_range
                || !job.checks_pass(ctx)
                || super::bad_parent(job.job_id, absolute, in_update, range).is_some()
            {
                return None;
            }
            let job_id = range.job_id(job.job_id);
            let resources = cache.resolve(&job.resources, ctx)?;
            let job_group_id = job.group().absolute(range.start_job_group_id);
            let mut spec = String::with_capacity(capacity);
            job.write_stored_spec(&mut spec, job_id, job_group_id, &resources.json, &fixed);
            capacity = spec.len() + 64;
            out.push(PreparedJob {
                in_update_job_id: job.job_id,
                job_id,
                job_group_id,
                parent_ids: super::parent_ids(absolute, in_update, range.start_job_id),
                always_run: job.always_run,
                n_max_attempts: job.n_max_attempts,
                attributes: job
                    .attributes
                    .iter()
                    .map(|(k, v)| (k.0.to_string(), v.0.to_string()))
                    .collect(),
                resources: resources.resolved.clone(),
                spec,
            });
        }
        Some(out)
    }
}

/// The wrapper object of `create-fast` / `update-fast` with its bunch parsed fast.
struct Wrapper<'a> {
    head: Value,
    bunch: FastBunch<'a>,
    job_groups: Option<Value>,
}

/// Parses the wrapper object; declines a missing `head` or `bunch` key, duplicate keys, or a
/// bunch the fast path declines. Other keys are parsed as values and ignored, as the reference
/// does.
fn parse_wrapper<'a>(body: &'a [u8], head: &'static str, reparse: Reparse) -> Option<Wrapper<'a>> {
    struct WrapperSeed(&'static str);
    struct Parts<'a> {
        head: Option<Value>,
        bunch: Option<Vec<FastJob<'a>>>,
        job_groups: Option<Value>,
    }
    impl<'de> DeserializeSeed<'de> for WrapperSeed {
        type Value = Parts<'de>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Parts<'de>, D::Error> {
            d.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for WrapperSeed {
        type Value = Parts<'de>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a fast-path body")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parts<'de>, A::Error> {
            let mut parts = Parts {
                head: None,
                bunch: None,
                job_groups: None,
            };
            let mut others: Vec<String> = Vec::new();
            while let Some(key) = map.next_key::<Str<'de>>()? {
                let key = key.0;
                if key == self.0 {
                    if parts.head.is_some() {
                        return Err(declined());
                    }
                    parts.head = Some(map.next_value()?);
                } else if key == "bunch" {
                    if parts.bunch.is_some() {
                        return Err(declined());
                    }
                    parts.bunch = Some(map.next_value()?);
                } else if key == "job_groups" {
                    if parts.job_groups.is_some() {
                        return Err(declined());
                    }
                    parts.job_groups = Some(map.next_value()?);
                } else {
                    // Parsed as the reference parses it (same syntax and depth checks), then
                    // ignored.
                    if others.iter().any(|o| *o == key) {
                        return Err(declined());
                    }
                    others.push(key.into_owned());
                    map.next_value::<Value>()?;
                }
            }
            Ok(parts)
        }
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let parts = WrapperSeed(head).deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(Wrapper {
        head: parts.head?,
        bunch: FastBunch::new(parts.bunch?, body, reparse)?,
        job_groups: parts.job_groups,
    })
}

// ---------------------------------------------------------------------------------------------
// Parsed representation

/// A JSON string, borrowed from the body when it has no escapes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Str<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

impl Str<'_> {
    fn as_str(&self) -> &str {
        &self.0
    }

    /// Writes the string as JSON. A string borrowed from the body needs no escape: serde_json
    /// only borrows strings without escape sequences and rejects raw control characters.
    fn write_json(&self, out: &mut String) {
        match &self.0 {
            Cow::Borrowed(s) => {
                out.push('"');
                out.push_str(s);
                out.push('"');
            }
            Cow::Owned(s) => write_str(out, s),
        }
    }
}

/// The key of an object with a fixed, small key set, as its index in `keys`; unknown keys
/// decline.
struct Ident(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Ident {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Ident {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a known key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.0.iter().position(|k| *k == v).ok_or_else(declined)
    }
}

/// The keys of a small object in request order (indices into its key list), each at most once.
#[derive(Debug, Clone, Copy, Default)]
struct SmallOrder {
    keys: [u8; 4],
    len: u8,
}

impl SmallOrder {
    /// Records `index`; a repeated key declines.
    fn push<E: de::Error>(&mut self, index: usize) -> Result<(), E> {
        let n = usize::from(self.len);
        let index = u8::try_from(index).map_err(|_| declined())?;
        if n >= self.keys.len() || self.keys[..n].contains(&index) {
            return Err(declined());
        }
        self.keys[n] = index;
        self.len += 1;
        Ok(())
    }

    fn iter(&self) -> impl Iterator<Item = u8> + '_ {
        self.keys[..usize::from(self.len)].iter().copied()
    }
}

/// A two-string object: `env` entries (`name`, `value`) and file transfers (`from`, `to`).
#[derive(Debug)]
struct Pair<'a> {
    first: Str<'a>,
    second: Str<'a>,
    /// The second key came first in the request.
    swapped: bool,
}

type PairKeys = &'static [&'static str; 2];
const ENV_KEYS: PairKeys = &["name", "value"];
const TRANSFER_KEYS: PairKeys = &["from", "to"];

struct PairSeed(PairKeys);

impl<'de> DeserializeSeed<'de> for PairSeed {
    type Value = Pair<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Pair<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PairSeed {
    type Value = Pair<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of two strings")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pair<'de>, A::Error> {
        let mut first = None;
        let mut second: Option<Str<'de>> = None;
        let mut swapped = false;
        while let Some(i) = map.next_key_seed(Ident(self.0))? {
            let slot = if i == 0 { &mut first } else { &mut second };
            if slot.is_some() {
                return Err(declined());
            }
            *slot = Some(map.next_value()?);
            if i == 1 && first.is_none() {
                swapped = true;
            }
        }
        match (first, second) {
            (Some(first), Some(second)) => Ok(Pair {
                first,
                second,
                swapped,
            }),
            _ => Err(declined()),
        }
    }
}

/// A list of [`Pair`]s.
struct PairsSeed(PairKeys);

impl<'de> DeserializeSeed<'de> for PairsSeed {
    type Value = Vec<Pair<'de>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Pair<'de>>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PairsSeed {
    type Value = Vec<Pair<'de>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Pair<'de>>, A::Error> {
        let mut out = Vec::new();
        while let Some(p) = seq.next_element_seed(PairSeed(self.0))? {
            out.push(p);
        }
        Ok(out)
    }
}

/// A `cloudfuse` entry.
#[derive(Debug)]
struct Cloudfuse<'a> {
    bucket: Str<'a>,
    mount_path: Str<'a>,
    read_only: bool,
    order: SmallOrder,
}

const CLOUDFUSE_KEYS: &[&str] = &["bucket", "mount_path", "read_only"];

impl<'de> Deserialize<'de> for Cloudfuse<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Cloudfuse<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a cloudfuse entry")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Cloudfuse<'de>, A::Error> {
                let (mut bucket, mut mount_path, mut read_only) = (None, None, None);
                let mut order = SmallOrder::default();
                while let Some(i) = map.next_key_seed(Ident(CLOUDFUSE_KEYS))? {
                    order.push(i)?;
                    match i {
                        0 => bucket = Some(map.next_value()?),
                        1 => mount_path = Some(map.next_value()?),
                        _ => read_only = Some(map.next_value()?),
                    }
                }
                match (bucket, mount_path, read_only) {
                    (Some(bucket), Some(mount_path), Some(read_only)) => Ok(Cloudfuse {
                        bucket,
                        mount_path,
                        read_only,
                        order,
                    }),
                    _ => Err(declined()),
                }
            }
        }
        d.deserialize_map(V)
    }
}

/// A docker `process` (JVM processes decline: no query JARs are deployed locally).
#[derive(Debug, Default)]
struct DockerProcess<'a> {
    command: Vec<Str<'a>>,
    image: Option<Str<'a>>,
    /// Order of `type`, `command`, `image` (`mount_docker_socket: false` is dropped, §3.6).
    order: SmallOrder,
}

const PROCESS_KEYS: &[&str] = &["type", "command", "image", "mount_docker_socket"];

impl<'de> Deserialize<'de> for DockerProcess<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DockerProcess<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a docker process")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<DockerProcess<'de>, A::Error> {
                let mut p = DockerProcess::default();
                let mut socket = false;
                while let Some(i) = map.next_key_seed(Ident(PROCESS_KEYS))? {
                    match i {
                        0 => {
                            p.order.push(0)?;
                            if map.next_value::<Str<'de>>()?.as_str() != "docker" {
                                return Err(declined());
                            }
                        }
                        1 => {
                            p.order.push(1)?;
                            p.command = map.next_value()?;
                        }
                        2 => {
                            p.order.push(2)?;
                            p.image = Some(map.next_value()?);
                        }
                        _ => {
                            // Only `false` is dropped silently; anything else is the reference's.
                            if socket || map.next_value::<bool>()? {
                                return Err(declined());
                            }
                            socket = true;
                        }
                    }
                }
                // `type`, `command` and `image` are all required.
                if p.order.len == 3 {
                    Ok(p)
                } else {
                    Err(declined())
                }
            }
        }
        d.deserialize_map(V)
    }
}

/// The requested `resources`, unvalidated strings (validated with the resolution, once per
/// distinct request).
#[derive(Debug, Default, Clone, PartialEq)]
struct ResourceReq<'a> {
    cpu: Option<Str<'a>>,
    memory: Option<Str<'a>>,
    storage: Option<Str<'a>>,
    machine_type: Option<Str<'a>>,
    preemptible: Option<bool>,
}

const RESOURCE_KEYS: &[&str] = &["memory", "cpu", "storage", "machine_type", "preemptible"];

impl<'de> Deserialize<'de> for ResourceReq<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ResourceReq<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("resources")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<ResourceReq<'de>, A::Error> {
                let mut r = ResourceReq::default();
                let mut seen = 0u8;
                while let Some(i) = map.next_key_seed(Ident(RESOURCE_KEYS))? {
                    let bit = 1u8 << i;
                    if seen & bit != 0 {
                        return Err(declined());
                    }
                    seen |= bit;
                    match i {
                        0 => r.memory = Some(map.next_value()?),
                        1 => r.cpu = Some(map.next_value()?),
                        2 => r.storage = Some(map.next_value()?),
                        3 => r.machine_type = Some(map.next_value()?),
                        _ => r.preemptible = Some(map.next_value()?),
                    }
                }
                Ok(r)
            }
        }
        d.deserialize_map(V)
    }
}

/// Every top-level job key the fast path accepts (the schema's keys less the deprecated
/// `parent_ids` and the always-rejected `service_account`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    AlwaysCopyOutput,
    AlwaysRun,
    Attributes,
    Env,
    Cloudfuse,
    InputFiles,
    JobId,
    AbsoluteJobGroupId,
    InUpdateJobGroupId,
    MountTokens,
    Network,
    Unconfined,
    OutputFiles,
    AbsoluteParentIds,
    InUpdateParentIds,
    Port,
    Process,
    RequesterPaysProject,
    Resources,
    Secrets,
    Timeout,
    UserCode,
    Regions,
    NMaxAttempts,
}

/// Number of [`Key`]s.
const N_KEYS: usize = 24;

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a job key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "always_copy_output" => Key::AlwaysCopyOutput,
                    "always_run" => Key::AlwaysRun,
                    "attributes" => Key::Attributes,
                    "env" => Key::Env,
                    "cloudfuse" => Key::Cloudfuse,
                    "input_files" => Key::InputFiles,
                    "job_id" => Key::JobId,
                    "absolute_job_group_id" => Key::AbsoluteJobGroupId,
                    "in_update_job_group_id" => Key::InUpdateJobGroupId,
                    "mount_tokens" => Key::MountTokens,
                    "network" => Key::Network,
                    "unconfined" => Key::Unconfined,
                    "output_files" => Key::OutputFiles,
                    "absolute_parent_ids" => Key::AbsoluteParentIds,
                    "in_update_parent_ids" => Key::InUpdateParentIds,
                    "port" => Key::Port,
                    "process" => Key::Process,
                    "requester_pays_project" => Key::RequesterPaysProject,
                    "resources" => Key::Resources,
                    "secrets" => Key::Secrets,
                    "timeout" => Key::Timeout,
                    "user_code" => Key::UserCode,
                    "regions" => Key::Regions,
                    "n_max_attempts" => Key::NMaxAttempts,
                    // Deprecated, rejected or unknown keys: the reference's business.
                    _ => return Err(declined()),
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

/// `attributes`: a string map in request order, without duplicate keys and within the §1.11
/// limits.
struct AttributesSeed;

impl<'de> DeserializeSeed<'de> for AttributesSeed {
    type Value = Vec<(Str<'de>, Str<'de>)>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for AttributesSeed {
    type Value = Vec<(Str<'de>, Str<'de>)>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("attributes")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out: Vec<(Str<'de>, Str<'de>)> = Vec::new();
        let mut seen: Option<std::collections::HashSet<String>> = None;
        while let Some(k) = map.next_key::<Str<'de>>()? {
            let v: Str<'de> = map.next_value()?;
            if k.as_str().chars().count() > 100 || v.as_str().len() > 65_535 {
                return Err(declined());
            }
            // A repeated key would replace the value in place (IndexMap): declined. Linear for
            // the usual handful of attributes, hashed beyond.
            let duplicate = if out.len() < 16 {
                out.iter().any(|(o, _)| o.as_str() == k.as_str())
            } else {
                let set = seen.get_or_insert_with(|| {
                    out.iter().map(|(o, _)| o.as_str().to_owned()).collect()
                });
                !set.insert(k.as_str().to_owned())
            };
            if duplicate {
                return Err(declined());
            }
            out.push((k, v));
        }
        Ok(out)
    }
}

/// One job accepted by the fast parser.
#[derive(Debug)]
struct FastJob<'a> {
    job_id: i64,
    /// Top-level keys in request order, each at most once: `order[..n_keys]`.
    order: [Key; N_KEYS],
    n_keys: usize,
    /// Bit `k` set when key `k` was present.
    present: u32,
    always_copy_output: bool,
    always_run: bool,
    n_max_attempts: i64,
    attributes: Vec<(Str<'a>, Str<'a>)>,
    env: Vec<Pair<'a>>,
    cloudfuse: Vec<Cloudfuse<'a>>,
    input_files: Vec<Pair<'a>>,
    output_files: Vec<Pair<'a>>,
    absolute_job_group_id: i64,
    in_update_job_group_id: i64,
    mount_tokens: bool,
    absolute_parent_ids: Vec<i64>,
    in_update_parent_ids: Vec<i64>,
    port: i64,
    process: DockerProcess<'a>,
    requester_pays_project: Option<Str<'a>>,
    resources: ResourceReq<'a>,
    /// Kept as a `Value` keeps it, to be printed back the same way.
    timeout: Option<serde_json::Number>,
    user_code: Option<Str<'a>>,
    regions: Vec<Str<'a>>,
}

impl<'de> Deserialize<'de> for FastJob<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FastJob<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a job spec")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FastJob<'de>, A::Error> {
                let mut j = FastJob::empty();
                while let Some(key) = map.next_key::<Key>()? {
                    let bit = 1u32 << (key as u32);
                    if j.present & bit != 0 {
                        return Err(declined());
                    }
                    j.present |= bit;
                    // Each key at most once, so `n_keys < N_KEYS` here.
                    if let Some(slot) = j.order.get_mut(j.n_keys) {
                        *slot = key;
                        j.n_keys += 1;
                    }
                    match key {
                        Key::AlwaysCopyOutput => j.always_copy_output = map.next_value()?,
                        Key::AlwaysRun => j.always_run = map.next_value()?,
                        Key::Attributes => j.attributes = map.next_value_seed(AttributesSeed)?,
                        Key::Env => {
                            j.env = map.next_value_seed(PairsSeed(ENV_KEYS))?;
                            // The reference refuses such names with a message: decline.
                            if !j.env.iter().all(|e| is_env_name(e.first.as_str())) {
                                return Err(declined());
                            }
                        }
                        Key::Cloudfuse => j.cloudfuse = map.next_value()?,
                        Key::InputFiles => {
                            j.input_files = map.next_value_seed(PairsSeed(TRANSFER_KEYS))?;
                        }
                        Key::JobId => j.job_id = map.next_value()?,
                        Key::AbsoluteJobGroupId => j.absolute_job_group_id = map.next_value()?,
                        Key::InUpdateJobGroupId => j.in_update_job_group_id = map.next_value()?,
                        Key::MountTokens => j.mount_tokens = map.next_value()?,
                        Key::Network => {
                            // `private` is for `ci` only; the reference decides.
                            if map.next_value::<Str<'de>>()?.as_str() != "public" {
                                return Err(declined());
                            }
                        }
                        Key::Unconfined => {
                            if map.next_value::<bool>()? {
                                return Err(declined());
                            }
                        }
                        Key::OutputFiles => {
                            j.output_files = map.next_value_seed(PairsSeed(TRANSFER_KEYS))?;
                        }
                        Key::AbsoluteParentIds => j.absolute_parent_ids = map.next_value()?,
                        Key::InUpdateParentIds => j.in_update_parent_ids = map.next_value()?,
                        Key::Port => j.port = map.next_value()?,
                        Key::Process => j.process = map.next_value()?,
                        Key::RequesterPaysProject => {
                            j.requester_pays_project = Some(map.next_value()?);
                        }
                        Key::Resources => j.resources = map.next_value()?,
                        Key::Secrets => {
                            // Only an empty list: any secret is for `ci` only.
                            if !map.next_value::<Vec<de::IgnoredAny>>()?.is_empty() {
                                return Err(declined());
                            }
                        }
                        Key::Timeout => {
                            let t: serde_json::Number = map.next_value()?;
                            // The reference's `x > 0` on `numeric` (as f64).
                            if !t.as_f64().is_some_and(|t| t > 0.0) {
                                return Err(declined());
                            }
                            j.timeout = Some(t);
                        }
                        Key::UserCode => j.user_code = Some(map.next_value()?),
                        Key::Regions => j.regions = map.next_value()?,
                        Key::NMaxAttempts => j.n_max_attempts = map.next_value()?,
                    }
                }
                // Without `process` the deprecated `command` / `image` would be needed.
                if !j.has(Key::JobId) || !j.has(Key::Process) {
                    return Err(declined());
                }
                Ok(j)
            }
        }
        d.deserialize_map(V)
    }
}

impl FastJob<'_> {
    fn empty() -> Self {
        FastJob {
            job_id: 0,
            order: [Key::JobId; N_KEYS],
            n_keys: 0,
            present: 0,
            // The server default (§3.6 step 7).
            always_copy_output: true,
            always_run: false,
            n_max_attempts: super::DEFAULT_N_MAX_ATTEMPTS,
            attributes: Vec::new(),
            env: Vec::new(),
            cloudfuse: Vec::new(),
            input_files: Vec::new(),
            output_files: Vec::new(),
            absolute_job_group_id: 0,
            in_update_job_group_id: 0,
            mount_tokens: false,
            absolute_parent_ids: Vec::new(),
            in_update_parent_ids: Vec::new(),
            port: 0,
            process: DockerProcess::default(),
            requester_pays_project: None,
            resources: ResourceReq::default(),
            timeout: None,
            user_code: None,
            regions: Vec::new(),
        }
    }

    fn keys(&self) -> &[Key] {
        self.order.get(..self.n_keys).unwrap_or_default()
    }

    fn has(&self, key: Key) -> bool {
        self.present & (1u32 << (key as u32)) != 0
    }

    fn group(&self) -> GroupRef {
        if self.has(Key::AbsoluteJobGroupId) {
            GroupRef::Absolute(self.absolute_job_group_id)
        } else if self.has(Key::InUpdateJobGroupId) {
            GroupRef::InUpdate(self.in_update_job_group_id)
        } else {
            GroupRef::Absolute(super::ROOT_JOB_GROUP_ID)
        }
    }

    /// The §3.8 checks other than resources (8, 10; 9, 11–13 are excluded by the parser).
    fn checks_pass(&self, ctx: &JobContext) -> bool {
        if self.has(Key::Regions) {
            if self.regions.is_empty() {
                return false;
            }
            let known = |r: &Str<'_>| ctx.supported_regions.iter().any(|s| s == r.as_str());
            if !self.regions.iter().all(known) {
                return false;
            }
        }
        self.cloudfuse
            .iter()
            .all(|c| c.read_only && c.mount_path.as_str() != "/io")
    }

    /// Writes [`JobSpec::stored_spec`] as compact JSON text.
    fn write_stored_spec(
        &self,
        out: &mut String,
        job_id: i64,
        job_group_id: i64,
        resources: &str,
        fixed: &Fixed,
    ) {
        let mut w = ObjectWriter::new(out);
        for &key in self.keys() {
            match key {
                // Removed from the stored spec (or, for n_max_attempts / always_run, re-added at
                // the end); `cloudfuse` moves to the end as `gcsfuse`.
                Key::AlwaysRun
                | Key::Attributes
                | Key::AbsoluteJobGroupId
                | Key::InUpdateJobGroupId
                | Key::AbsoluteParentIds
                | Key::InUpdateParentIds
                | Key::NMaxAttempts
                | Key::Cloudfuse => {}
                Key::AlwaysCopyOutput => {
                    w.key("always_copy_output");
                    write_bool(w.out, self.always_copy_output);
                }
                Key::Env => self.write_env(&mut w, fixed),
                Key::InputFiles => {
                    w.key("input_files");
                    write_pairs(w.out, &self.input_files, TRANSFER_KEYS);
                }
                Key::JobId => {
                    w.key("job_id");
                    write_i64(w.out, job_id);
                }
                Key::MountTokens => {
                    w.key("mount_tokens");
                    write_bool(w.out, self.mount_tokens);
                }
                Key::Network => {
                    w.key("network");
                    w.out.push_str("\"public\"");
                }
                Key::Unconfined => {
                    w.key("unconfined");
                    w.out.push_str("false");
                }
                Key::OutputFiles => {
                    w.key("output_files");
                    write_pairs(w.out, &self.output_files, TRANSFER_KEYS);
                }
                Key::Port => {
                    w.key("port");
                    write_i64(w.out, self.port);
                }
                Key::Process => {
                    w.key("process");
                    self.write_process(w.out);
                }
                Key::RequesterPaysProject => {
                    w.key("requester_pays_project");
                    write_opt_str(w.out, self.requester_pays_project.as_ref());
                }
                Key::Resources => {
                    w.key("resources");
                    w.out.push_str(resources);
                }
                Key::Secrets => self.write_secrets(&mut w, fixed),
                Key::Timeout => {
                    w.key("timeout");
                    if let Some(t) = &self.timeout {
                        w.out.push_str(&t.to_string());
                    }
                }
                Key::UserCode => {
                    w.key("user_code");
                    write_opt_str(w.out, self.user_code.as_ref());
                }
                Key::Regions => {
                    w.key("regions");
                    write_str_list(w.out, &self.regions);
                }
            }
        }
        if self.has(Key::Cloudfuse) {
            w.key("gcsfuse");
            self.write_cloudfuse(w.out);
        }
        if !self.has(Key::AlwaysCopyOutput) {
            w.key("always_copy_output");
            w.out.push_str("true");
        }
        w.key("job_group_id");
        write_i64(w.out, job_group_id);
        if !self.has(Key::Resources) {
            w.key("resources");
            w.out.push_str(resources);
        }
        if !self.has(Key::Secrets) {
            self.write_secrets(&mut w, fixed);
        }
        if !self.has(Key::Env) {
            self.write_env(&mut w, fixed);
        }
        w.key("n_max_attempts");
        write_i64(w.out, self.n_max_attempts);
        w.key("always_run");
        write_bool(w.out, self.always_run);
        if !self.has(Key::Network) {
            w.key("network");
            w.out.push_str("\"public\"");
        }
        if !self.has(Key::Regions) {
            w.key("regions");
            w.out.push_str(&fixed.all_regions);
        }
        w.out.push('}');
    }

    fn write_env(&self, w: &mut ObjectWriter<'_>, fixed: &Fixed) {
        w.key("env");
        let out = &mut *w.out;
        out.push('[');
        for (i, e) in self.env.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_pair(out, e, ENV_KEYS);
        }
        if !self
            .env
            .iter()
            .any(|e| e.first.as_str() == fixed.credentials_var)
        {
            if !self.env.is_empty() {
                out.push(',');
            }
            out.push_str(&fixed.credentials_env);
        }
        out.push(']');
    }

    fn write_secrets(&self, w: &mut ObjectWriter<'_>, fixed: &Fixed) {
        w.key("secrets");
        let out = &mut *w.out;
        out.push('[');
        if self.mount_tokens {
            out.push_str(&fixed.token_secrets);
            out.push(',');
        }
        out.push_str(&fixed.credentials_secret);
        out.push(']');
    }

    fn write_process(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        for i in self.process.order.iter() {
            match i {
                0 => {
                    w.key("type");
                    w.out.push_str("\"docker\"");
                }
                1 => {
                    w.key("command");
                    write_str_list(w.out, &self.process.command);
                }
                _ => {
                    w.key("image");
                    write_opt_str(w.out, self.process.image.as_ref());
                }
            }
        }
        w.finish();
    }

    fn write_cloudfuse(&self, out: &mut String) {
        out.push('[');
        for (n, c) in self.cloudfuse.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            let mut w = ObjectWriter::new(out);
            for i in c.order.iter() {
                match i {
                    0 => {
                        w.key("bucket");
                        c.bucket.write_json(w.out);
                    }
                    1 => {
                        w.key("mount_path");
                        c.mount_path.write_json(w.out);
                    }
                    _ => {
                        w.key("read_only");
                        write_bool(w.out, c.read_only);
                    }
                }
            }
            w.finish();
        }
        out.push(']');
    }
}

// ---------------------------------------------------------------------------------------------
// Preparation helpers

/// Stored-spec fragments that depend only on the user and the deployment, rendered once per
/// bunch from the reference's own values (and so with serde_json's escaping).
struct Fixed {
    credentials_var: &'static str,
    /// The `env` entry appended unless the user set `credentials_var`.
    credentials_env: String,
    /// The `/gsa-key` secret entry.
    credentials_secret: String,
    /// The two `mount_tokens` secret entries, comma-separated.
    token_secrets: String,
    /// All supported regions, sorted, as a JSON list.
    all_regions: String,
}

impl Fixed {
    fn new(ctx: &JobContext) -> Fixed {
        let [tokens, ssl] = ctx.token_secrets();
        Fixed {
            credentials_var: ctx.credentials_var(),
            credentials_env: ctx.credentials_env().to_string(),
            credentials_secret: ctx.credentials_secret().to_string(),
            token_secrets: format!("{tokens},{ssl}"),
            all_regions: ctx.all_regions().to_string(),
        }
    }
}

/// A resolved resource request and its stored `resources` object.
struct CachedResources<'b, 'a> {
    key: &'b ResourceReq<'a>,
    resolved: ResolvedResources,
    json: String,
}

/// Resource resolution memoised per distinct request within a bunch (jobs of a bunch usually
/// share one or two): the reference's §3.7 resolution runs once per request.
#[derive(Default)]
struct ResourceCache<'b, 'a> {
    entries: Vec<CachedResources<'b, 'a>>,
}

/// Distinct requests remembered per bunch; beyond that the oldest is forgotten.
const RESOURCE_CACHE_SIZE: usize = 8;

impl<'b, 'a> ResourceCache<'b, 'a> {
    /// The resolution of `req`; `None` when the reference would reject it.
    fn resolve(
        &mut self,
        req: &'b ResourceReq<'a>,
        ctx: &JobContext,
    ) -> Option<&CachedResources<'b, 'a>> {
        let found = self.entries.iter().position(|e| e.key == req);
        let index = match found {
            Some(i) => i,
            None => {
                // The ids only appear in error messages, which decline here.
                let resolved = super::resolve_resources(&req.to_request(), None, ctx, 0, 0).ok()?;
                let json = resolved.to_json().to_string();
                if self.entries.len() >= RESOURCE_CACHE_SIZE {
                    self.entries.remove(0);
                }
                self.entries.push(CachedResources {
                    key: req,
                    resolved,
                    json,
                });
                self.entries.len() - 1
            }
        };
        self.entries.get(index)
    }
}

impl ResourceReq<'_> {
    /// The schema's format checks of the strings (§3.5, §3.7).
    fn formats_valid(&self) -> bool {
        let memory_ok =
            |m: &str| MEMORY_RE.is_match(m) || WorkerType::from_memory_name(m).is_some();
        self.cpu
            .as_ref()
            .is_none_or(|c| CPU_RE.is_match(c.as_str()))
            && self.memory.as_ref().is_none_or(|m| memory_ok(m.as_str()))
            && self
                .storage
                .as_ref()
                .is_none_or(|s| MEMORY_RE.is_match(s.as_str()))
    }

    /// The reference's form of the request.
    fn to_request(&self) -> ResourceRequest {
        let owned = |s: &Option<Str<'_>>| s.as_ref().map(|s| s.as_str().to_owned());
        ResourceRequest {
            cpu: owned(&self.cpu),
            memory: owned(&self.memory),
            storage: owned(&self.storage),
            machine_type: owned(&self.machine_type),
            preemptible: self.preemptible,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON writing, as serde_json's compact serializer writes a `Value`

/// Writes the members of an object, with the commas between them.
struct ObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    fn new(out: &'a mut String) -> ObjectWriter<'a> {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    /// Starts a member: `,"key":` (keys here never need escaping).
    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
    }

    fn finish(self) {
        self.out.push('}');
    }
}

fn write_bool(out: &mut String, b: bool) {
    out.push_str(if b { "true" } else { "false" });
}

fn write_i64(out: &mut String, n: i64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// A JSON string with serde_json's escapes: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other
/// control characters as `\u00xx` (lowercase hex); everything else (including `/`, DEL and
/// non-ASCII) verbatim.
fn write_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x00..=0x1f => "",
            _ => continue,
        };
        // `i` is at an ASCII byte, hence a char boundary.
        out.push_str(s.get(start..i).unwrap_or_default());
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

fn write_opt_str(out: &mut String, s: Option<&Str<'_>>) {
    match s {
        Some(s) => s.write_json(out),
        None => out.push_str("null"),
    }
}

fn write_str_list(out: &mut String, items: &[Str<'_>]) {
    out.push('[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        s.write_json(out);
    }
    out.push(']');
}

fn write_pair(out: &mut String, p: &Pair<'_>, [k0, k1]: PairKeys) {
    let mut w = ObjectWriter::new(out);
    let members = [(k0, &p.first), (k1, &p.second)];
    let ordered = if p.swapped {
        [members[1], members[0]]
    } else {
        members
    };
    for (k, v) in ordered {
        w.key(k);
        v.write_json(w.out);
    }
    w.finish();
}

fn write_pairs(out: &mut String, pairs: &[Pair<'_>], keys: PairKeys) {
    out.push('[');
    for (i, p) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_pair(out, p, keys);
    }
    out.push(']');
}

#[cfg(test)]
mod tests;
