//! From [`RawSpec`] to [`BatchPlan`]: merge defaults, validate values, expand sweeps, resolve
//! `depends_on` and order the jobs topologically.
//!
//! Every check that fails says which value it is about, as a [`Problem`] with the value's path
//! below the entry or key it checked, so that the message can name the value's line and column
//! ([`SpecSource::invalid`]).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::path::Path;
use std::sync::Arc;

use indexmap::IndexMap;

use super::error::{JobRef, SpecError};
use super::locate::{SpecPath, SpecSource};
use super::raw::{
    Argv, Map, RawCloudfuse, RawDefaults, RawJob, RawSpec, RawTransfer, Scalar, Setting,
};
use super::sweep::{self, Row};
use super::template::{self, is_identifier};
use super::{BatchPlan, Cloudfuse, FileTransfer, PlannedJob};

/// The shell that runs a `script` when neither the job nor the defaults name one.
pub(crate) const DEFAULT_SHELL: &str = "/bin/bash";
/// The `regions` value that lets jobs run in any region (Hail's `ServiceBackend.ANY_REGION`).
pub(crate) const ANY_REGION: &str = "any_region";

/// Why a value is not valid, and where it is below the entry or key that was checked (an
/// empty path: that entry or key itself).
struct Problem {
    at: SpecPath,
    message: String,
}

impl Problem {
    fn at(at: SpecPath, message: impl Into<String>) -> Problem {
        Problem {
            at,
            message: message.into(),
        }
    }
}

/// A problem with the entry or key itself.
impl From<String> for Problem {
    fn from(message: String) -> Problem {
        Problem::at(SpecPath::root(), message)
    }
}

/// The path of `key`, below the entry or key being checked.
fn key(key: &str) -> SpecPath {
    SpecPath::root().key(key)
}

/// Builds the plan. `source` is the spec's text (kept in the plan, and used to locate values
/// in messages); `base_dir` anchors relative paths.
pub(crate) fn build(
    raw: RawSpec,
    source: Arc<SpecSource>,
    base_dir: &Path,
) -> Result<BatchPlan, SpecError> {
    // A problem found below `base`, of `job` if it belongs to one.
    let fail = |job: Option<JobRef>, base: SpecPath, problem: Problem| {
        source.invalid(job, &base.join(&problem.at), problem.message)
    };
    let top = SpecPath::root;

    let attributes = attributes_map(raw.attributes, "batch").map_err(|p| fail(None, top(), p))?;
    let regions = raw.regions.map(|r| r.0);
    if let Some(regions) = &regions {
        check_regions(regions).map_err(|p| fail(None, key("regions"), p))?;
    }
    if let Some(n) = raw.cancel_after_n_failures
        && n <= 0
    {
        let message = format!("`cancel_after_n_failures` must be positive, found {n}");
        return Err(fail(None, key("cancel_after_n_failures"), message.into()));
    }
    let defaults = raw.defaults.unwrap_or_default();
    check_defaults(&defaults).map_err(|p| {
        let message = format!("defaults: {}", p.message);
        fail(None, key("defaults"), Problem::at(p.at, message))
    })?;

    // Expand every entry into its jobs, in file order.
    // Every expanded job, and beside it (same index) what resolving dependencies needs.
    let mut jobs: Vec<PlannedJob> = Vec::new();
    let mut expanded: Vec<Expanded> = Vec::new();
    let mut entry_names: HashMap<String, usize> = HashMap::new();
    // Sweep name templates, each standing for all of its expansions in `depends_on`.
    let mut templates: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, job) in raw.jobs.0.into_iter().enumerate() {
        let job_ref = JobRef {
            index,
            name: Some(job.name.clone()),
        };
        let entry = SpecPath::job(index);
        if job.name.is_empty() {
            let problem = Problem::at(key("name"), "job name must not be empty");
            return Err(fail(Some(job_ref), entry, problem));
        }
        if let Some(&other) = entry_names.get(&job.name) {
            let message = format!("duplicate job name `{}` (also jobs[{other}])", job.name);
            return Err(fail(
                Some(job_ref),
                entry,
                Problem::at(key("name"), message),
            ));
        }
        entry_names.insert(job.name.clone(), index);
        let is_sweep = job.sweep.is_some();
        let template_name = job.name.clone();
        let first = expanded.len();
        expand_entry(job, index, &defaults, base_dir, &mut jobs, &mut expanded)
            .map_err(|p| fail(Some(job_ref), entry, p))?;
        if is_sweep {
            templates.insert(template_name, (first..expanded.len()).collect());
        }
    }

    // Expanded names must be unique: they are how users and `depends_on` tell jobs apart.
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for (k, (exp, job)) in expanded.iter().zip(&jobs).enumerate() {
        if let Some(&other) = by_name.get(job.name.as_str()) {
            let first = &expanded[other];
            let message = if first.entry == exp.entry {
                format!(
                    "the sweep produces the job name `{}` more than once; put a sweep variable \
                     in the name, e.g. `{}-{{{}}}`",
                    job.name,
                    job.name,
                    exp.first_variable.as_deref().unwrap_or("var")
                )
            } else {
                format!(
                    "duplicate job name `{}` (also produced by jobs[{}])",
                    job.name, first.entry
                )
            };
            let entry = SpecPath::job(exp.entry);
            return Err(fail(
                Some(exp.job_ref(job)),
                entry,
                Problem::at(key("name"), message),
            ));
        }
        by_name.insert(job.name.as_str(), k);
    }

    // Resolve `depends_on`: an exact job name first, then a sweep's name template.
    let mut parents: Vec<Vec<usize>> = Vec::with_capacity(expanded.len());
    for (k, (exp, job)) in expanded.iter().zip(&jobs).enumerate() {
        let mut ps = Vec::new();
        let depends_on = SpecPath::job(exp.entry).key("depends_on");
        for (position, dep) in exp.depends_on.iter().enumerate() {
            if let Some(&p) = by_name.get(dep.as_str()) {
                ps.push(p);
            } else if let Some(all) = templates.get(dep) {
                ps.extend(all);
            } else {
                let mut message = format!("unknown job `{dep}` in `depends_on`");
                let candidates = by_name
                    .keys()
                    .copied()
                    .chain(templates.keys().map(String::as_str));
                if let Some(close) = did_you_mean(dep, candidates) {
                    message.push_str(&format!("; did you mean `{close}`?"));
                }
                let problem = Problem::at(SpecPath::root().index(position), message);
                return Err(fail(Some(exp.job_ref(job)), depends_on, problem));
            }
        }
        ps.sort_unstable();
        ps.dedup();
        if ps.contains(&k) {
            let message = format!("dependency cycle: {0} -> {0}", job.name);
            return Err(fail(Some(exp.job_ref(job)), depends_on, message.into()));
        }
        parents.push(ps);
    }

    let order = topological_order(&parents).map_err(|cycle| {
        let names: Vec<&str> = cycle.iter().map(|&k| jobs[k].name.as_str()).collect();
        let first = &expanded[cycle[0]];
        let message = format!(
            "dependency cycle: {} (each job depends on the next)",
            names.join(" -> ")
        );
        fail(
            Some(first.job_ref(&jobs[cycle[0]])),
            SpecPath::job(first.entry).key("depends_on"),
            message.into(),
        )
    })?;

    drop(by_name);
    drop(templates);
    drop(expanded);
    let mut position = vec![0; jobs.len()];
    for (pos, &k) in order.iter().enumerate() {
        position[k] = pos;
    }
    for (job, ps) in jobs.iter_mut().zip(parents) {
        job.parents = ps.into_iter().map(|p| position[p]).collect();
        job.parents.sort_unstable();
    }
    // Put every job at its position in place (following each permutation cycle), so that
    // 100,000 jobs are never held twice.
    for start in 0..jobs.len() {
        while position[start] != start {
            let target = position[start];
            jobs.swap(start, target);
            position.swap(start, target);
        }
    }

    Ok(BatchPlan {
        name: raw.name,
        billing_project: raw.billing_project,
        attributes,
        regions,
        callback: raw.callback,
        cancel_after_n_failures: raw.cancel_after_n_failures,
        jobs,
        source: Some(source),
    })
}

/// What resolving the dependencies of one expanded job needs besides the job itself.
struct Expanded {
    entry: usize,
    /// The first sweep variable, for the hint when a sweep's names collide (shared by all
    /// the jobs of a sweep).
    first_variable: Option<Arc<str>>,
    depends_on: Vec<String>,
}

impl Expanded {
    fn job_ref(&self, job: &PlannedJob) -> JobRef {
        JobRef {
            index: self.entry,
            name: Some(job.name.clone()),
        }
    }
}

/// The job's value if it mentions the key (`null` clears), else the default.
fn pick<T: Clone>(job: &Setting<T>, default: &Option<T>) -> Option<T> {
    match job {
        Some(value) => value.clone(),
        None => default.clone(),
    }
}

fn is_set<T>(setting: &Setting<T>) -> bool {
    matches!(setting, Some(Some(_)))
}

fn check_defaults(d: &RawDefaults) -> Result<(), Problem> {
    if d.machine_type.is_some() && (d.cpu.is_some() || d.memory.is_some()) {
        let message = "`machine_type` cannot be combined with `cpu` or `memory`";
        return Err(Problem::at(key("machine_type"), message));
    }
    check_resources(d.cpu.as_ref(), d.memory.as_ref(), d.storage.as_ref())?;
    check_runtime(d.timeout, d.n_max_attempts)?;
    env_map(d.env.clone())?;
    attributes_map(d.attributes.clone(), "job")?;
    if let Some(mounts) = &d.cloudfuse {
        cloudfuse(mounts)?;
    }
    Ok(())
}

/// A resource request checked with the service's rules: [`check_resource_value`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resource {
    Cpu,
    Memory,
    Storage,
}

impl Resource {
    /// The key in a spec file (and the word in messages).
    fn key(self) -> &'static str {
        match self {
            Resource::Cpu => "cpu",
            Resource::Memory => "memory",
            Resource::Storage => "storage",
        }
    }
}

fn check_resources(
    cpu: Option<&Scalar>,
    memory: Option<&Scalar>,
    storage: Option<&Scalar>,
) -> Result<(), Problem> {
    for (resource, value) in [
        (Resource::Cpu, cpu),
        (Resource::Memory, memory),
        (Resource::Storage, storage),
    ] {
        if let Some(Scalar(value)) = value {
            check_resource_value(resource, value)
                .map_err(|message| Problem::at(key(resource.key()), message))?;
        }
    }
    Ok(())
}

/// Checks a cpu, memory or storage request with the service's own rules (its patterns, and
/// cpu as a power-of-two number of quarter cores), so that a value it would refuse is named,
/// with its place in the spec file, before anything is sent. The message names the key: the
/// caller adds where it is (a spec file's line and job, or a flag).
pub(crate) fn check_resource_value(resource: Resource, value: &str) -> Result<(), String> {
    use crate::server::api::resources::{is_valid_cores_mcpu, parse_cpu_mcpu, parse_memory_bytes};
    match resource {
        Resource::Cpu => match parse_cpu_mcpu(value) {
            None => Err(format!(
                "invalid cpu `{value}`: expected a number of cores (`1`, `0.5`) or millicores \
                 (`250m`)"
            )),
            Some(mcpu) if !is_valid_cores_mcpu(mcpu) => Err(format!(
                "invalid cpu `{value}`: the service takes a power of two number of cores, at \
                 least 0.25 (0.25, 0.5, 1, 2, 4, ...)"
            )),
            Some(_) => Ok(()),
        },
        Resource::Memory
            if parse_memory_bytes(value).is_none()
                && !matches!(value, "lowmem" | "standard" | "highmem") =>
        {
            Err(format!(
                "invalid memory `{value}`: expected `lowmem`, `standard`, `highmem` or a size \
                 such as `4Gi` or `500M`"
            ))
        }
        Resource::Storage if parse_memory_bytes(value).is_none() => Err(format!(
            "invalid storage `{value}`: expected a size such as `10Gi`"
        )),
        Resource::Memory | Resource::Storage => Ok(()),
    }
}

fn check_runtime(timeout: Option<f64>, n_max_attempts: Option<i64>) -> Result<(), Problem> {
    if let Some(t) = timeout
        && !(t.is_finite() && t > 0.0)
    {
        let message = format!("`timeout` must be a positive number of seconds, found {t}");
        return Err(Problem::at(key("timeout"), message));
    }
    if let Some(n) = n_max_attempts
        && n < 1
    {
        let message = format!("`n_max_attempts` must be at least 1, found {n}");
        return Err(Problem::at(key("n_max_attempts"), message));
    }
    Ok(())
}

/// Checks a `regions` list; the problem's path is below the list.
fn check_regions(regions: &[String]) -> Result<(), Problem> {
    if regions.is_empty() {
        return Err(format!(
            "`regions` must not be empty (use `{ANY_REGION}` to allow every region)"
        )
        .into());
    }
    if let Some(empty) = regions.iter().position(String::is_empty) {
        let message = "`regions` contains an empty region name";
        return Err(Problem::at(SpecPath::root().index(empty), message));
    }
    if regions.len() > 1
        && let Some(any) = regions.iter().position(|r| r == ANY_REGION)
    {
        let message = format!("`{ANY_REGION}` must be the only entry of `regions`");
        return Err(Problem::at(SpecPath::root().index(any), message));
    }
    Ok(())
}

fn env_map(env: Option<Map<Scalar>>) -> Result<IndexMap<String, String>, Problem> {
    let env = env.unwrap_or_default().0;
    for name in env.keys() {
        if !is_identifier(name) {
            let message = format!("invalid environment variable name `{name}`");
            return Err(Problem::at(key("env").key(name), message));
        }
    }
    Ok(env.into_iter().map(|(k, v)| (k, v.0)).collect())
}

/// Attributes as strings; `name` is refused because the spec's `name` key sets it.
fn attributes_map(
    attributes: Option<Map<Scalar>>,
    owner: &str,
) -> Result<IndexMap<String, String>, Problem> {
    let attributes = attributes.unwrap_or_default().0;
    if attributes.contains_key("name") {
        let message = format!(
            "the {owner} attribute `name` is set by the {owner}'s `name` key; remove it from \
             `attributes`"
        );
        return Err(Problem::at(key("attributes").key("name"), message));
    }
    Ok(attributes.into_iter().map(|(k, v)| (k, v.0)).collect())
}

fn cloudfuse(mounts: &[RawCloudfuse]) -> Result<Vec<Cloudfuse>, Problem> {
    let mut checked = Vec::with_capacity(mounts.len());
    for (i, m) in mounts.iter().enumerate() {
        let at = |field: &str| key("cloudfuse").index(i).key(field);
        if m.bucket.is_empty() {
            let message = "cloudfuse `bucket` must not be empty";
            return Err(Problem::at(at("bucket"), message));
        }
        if m.mount_path.is_empty() {
            let message = "cloudfuse `mount_path` must not be empty";
            return Err(Problem::at(at("mount_path"), message));
        }
        if m.mount_path == "/io" {
            let message = format!(
                "cloudfuse bucket `{}` cannot be mounted at /io (the job's working disk)",
                m.bucket
            );
            return Err(Problem::at(at("mount_path"), message));
        }
        if !m.read_only {
            let message = format!(
                "cloudfuse bucket `{}` must be mounted read-only: the service rejects \
                 `read_only: false`",
                m.bucket
            );
            return Err(Problem::at(at("read_only"), message));
        }
        checked.push(Cloudfuse {
            bucket: m.bucket.clone(),
            mount_path: m.mount_path.clone(),
            read_only: true,
        });
    }
    Ok(checked)
}

/// Expands one `jobs` entry into `out` (one job, or one per sweep row). Problems are located
/// below the entry. The defaults were checked before, so a bad value found here is the entry's
/// own.
fn expand_entry(
    job: RawJob,
    index: usize,
    d: &RawDefaults,
    base_dir: &Path,
    jobs: &mut Vec<PlannedJob>,
    out: &mut Vec<Expanded>,
) -> Result<(), Problem> {
    // A job that names its own machine type does not inherit the default cpu and memory, and
    // one that names cpu or memory does not inherit the default machine type: the service
    // rejects the combination, and the job's own choice is clearly the one meant.
    if is_set(&job.machine_type) && (is_set(&job.cpu) || is_set(&job.memory)) {
        let message = "`machine_type` cannot be combined with `cpu` or `memory`";
        return Err(Problem::at(key("machine_type"), message));
    }
    let (machine_type, cpu, memory) = if is_set(&job.machine_type) {
        (pick(&job.machine_type, &None), None, None)
    } else if is_set(&job.cpu) || is_set(&job.memory) {
        (None, pick(&job.cpu, &d.cpu), pick(&job.memory, &d.memory))
    } else {
        (
            pick(&job.machine_type, &d.machine_type),
            pick(&job.cpu, &d.cpu),
            pick(&job.memory, &d.memory),
        )
    };
    let storage = pick(&job.storage, &d.storage);
    check_resources(cpu.as_ref(), memory.as_ref(), storage.as_ref())?;
    let timeout = pick(&job.timeout, &d.timeout);
    let n_max_attempts = pick(&job.n_max_attempts, &d.n_max_attempts);
    check_runtime(timeout, n_max_attempts)?;
    // Only the job's own regions: the batch's are the submission's to choose (`--region`
    // replaces the spec's `regions`). `null` lets the job run anywhere, as Hail's
    // `j.regions(None)` does.
    let regions = match &job.regions {
        Some(Some(r)) => {
            check_regions(&r.0).map_err(|p| Problem::at(key("regions").join(&p.at), p.message))?;
            Some(Arc::from(r.0.as_slice()))
        }
        Some(None) => Some(Arc::from([ANY_REGION.to_string()])),
        None => None,
    };
    let mounts = match &job.cloudfuse {
        Some(mounts) => cloudfuse(mounts)?,
        None => cloudfuse(d.cloudfuse.as_deref().unwrap_or_default())?,
    };
    let mut env = env_map(d.env.clone())?;
    env.extend(env_map(job.env)?);
    let mut attributes = attributes_map(d.attributes.clone(), "job")?;
    attributes.extend(attributes_map(job.attributes, "job")?);

    let shell = pick(&job.shell, &d.shell).unwrap_or_else(|| DEFAULT_SHELL.to_string());
    // The argv before substitution; for a script only the script itself is a template.
    enum Body {
        Argv(Vec<String>),
        Script(String),
    }
    let body = match (job.command, job.script) {
        (Some(Argv(argv)), None) => {
            if argv.is_empty() {
                return Err(Problem::at(key("command"), "`command` must not be empty"));
            }
            Body::Argv(argv)
        }
        (None, Some(script)) => Body::Script(script),
        (Some(_), Some(_)) => {
            let message = "`command` and `script` are exclusive; use one";
            return Err(Problem::at(key("script"), message));
        }
        (None, None) => {
            return Err(
                "a job needs a `command` (a list of arguments) or a `script`"
                    .to_string()
                    .into(),
            );
        }
    };

    let base = PlannedJob {
        name: String::new(),
        entry: index,
        image: pick(&job.image, &d.image).map(Arc::from),
        command: Vec::new(),
        cpu: cpu.map(|s| Arc::from(s.0)),
        memory: memory.map(|s| Arc::from(s.0)),
        storage: storage.map(|s| Arc::from(s.0)),
        machine_type: machine_type.map(Arc::from),
        spot: pick(&job.spot, &d.spot),
        env: IndexMap::new(),
        attributes: IndexMap::new(),
        regions,
        timeout,
        n_max_attempts,
        always_run: job.always_run.or(d.always_run).unwrap_or(false),
        cloudfuse: mounts,
        input_files: Vec::new(),
        output_files: Vec::new(),
        parents: Vec::new(),
    };

    let rows: Box<dyn ExactSizeIterator<Item = Option<Row>>> = match &job.sweep {
        Some(spec) => Box::new(
            sweep::rows(spec, base_dir)
                .map_err(|message| Problem::at(key("sweep"), message))?
                .map(Some),
        ),
        None => Box::new(std::iter::once(None)),
    };
    jobs.reserve(rows.len());
    out.reserve(rows.len());
    let mut first_variable: Option<Arc<str>> = None;
    let inputs = job.input_files.unwrap_or_default();
    let outputs = job.output_files.unwrap_or_default();
    let depends_on = job.depends_on.unwrap_or_default();
    for row in rows {
        // Only sweep jobs are templates: plain jobs keep braces as written (awk, JSON, ...).
        // `field` names the value in messages, `at` is where it is.
        let fill = |field: &str, at: SpecPath, text: &str| -> Result<String, Problem> {
            match &row {
                None => Ok(text.to_string()),
                Some(vars) => template::substitute(text, vars)
                    .map_err(|e| Problem::at(at, e.describe(field, vars))),
            }
        };
        let mut planned = base.clone();
        planned.name = fill("the name", key("name"), &job.name)?;
        planned.command = match &body {
            Body::Argv(argv) => argv
                .iter()
                .enumerate()
                .map(|(i, arg)| fill("`command`", key("command").index(i), arg))
                .collect::<Result<_, _>>()?,
            Body::Script(script) => {
                let script = fill("`script`", key("script"), script)?;
                vec![shell.clone(), "-c".to_string(), script]
            }
        };
        for (name, value) in &env {
            let at = key("env").key(name);
            let value = fill(&format!("env `{name}`"), at, value)?;
            planned.env.insert(name.clone(), value);
        }
        for (name, value) in &attributes {
            let at = key("attributes").key(name);
            let value = fill(&format!("attribute `{name}`"), at, value)?;
            planned.attributes.insert(name.clone(), value);
        }
        for (direction, transfers) in [(Direction::In, &inputs), (Direction::Out, &outputs)] {
            for (i, transfer) in transfers.iter().enumerate() {
                let at = key(direction.key()).index(i);
                let fill = |field: &str, text: &str| fill(field, at.clone(), text);
                let transfer = transfer_files(transfer, direction, &fill, base_dir)
                    .map_err(|message| Problem::at(at.clone(), message))?;
                match direction {
                    Direction::In => planned.input_files.push(transfer),
                    Direction::Out => planned.output_files.push(transfer),
                }
            }
        }
        // In a sweep, an entry that fills in names another row-matched job (`align-{sample}`);
        // one that cannot be filled in is taken literally, as a sweep's name template.
        let deps = depends_on
            .iter()
            .map(|dep| match &row {
                Some(vars) => template::substitute(dep, vars).unwrap_or_else(|_| dep.clone()),
                None => dep.clone(),
            })
            .collect();
        jobs.push(planned);
        out.push(Expanded {
            entry: index,
            first_variable: match (&first_variable, &row) {
                (Some(shared), _) => Some(shared.clone()),
                (None, Some(r)) => {
                    first_variable = r.keys().next().map(|k| Arc::from(k.as_str()));
                    first_variable.clone()
                }
                (None, None) => None,
            },
            depends_on: deps,
        });
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq)]
enum Direction {
    In,
    Out,
}

impl Direction {
    /// The key of this direction's list in a job.
    fn key(self) -> &'static str {
        match self {
            Direction::In => "input_files",
            Direction::Out => "output_files",
        }
    }
}

/// Splits, fills in and checks one file transfer. The container side must be an absolute
/// path; the other side is a URL (`scheme://...`) or a local path, made absolute against the
/// spec's directory.
fn transfer_files(
    transfer: &RawTransfer,
    direction: Direction,
    fill: &dyn Fn(&str, &str) -> Result<String, Problem>,
    base_dir: &Path,
) -> Result<FileTransfer, String> {
    let key = direction.key();
    let (from, to) = match transfer {
        RawTransfer::Full { from, to } => (from.as_str(), to.as_str()),
        RawTransfer::Short(text) => {
            // Inputs go to a container path (no colon), so split at the last colon; outputs
            // come from one, so split at the first. URLs keep their `scheme:`.
            let split = match direction {
                Direction::In => text.rsplit_once(':'),
                Direction::Out => text.split_once(':'),
            };
            match split {
                Some((from, to)) if !from.is_empty() && !to.is_empty() => (from, to),
                _ => {
                    return Err(format!(
                        "`{key}` entry `{text}` must be \"SRC:DST\" or {{from: SRC, to: DST}}"
                    ));
                }
            }
        }
    };
    let from = fill(&format!("`{key}`"), from).map_err(|p| p.message)?;
    let to = fill(&format!("`{key}`"), to).map_err(|p| p.message)?;
    let (container, other) = match direction {
        Direction::In => (&to, &from),
        Direction::Out => (&from, &to),
    };
    if !container.starts_with('/') {
        return Err(format!(
            "`{key}`: the container path `{container}` must be absolute (e.g. under /io)"
        ));
    }
    if other.is_empty() {
        return Err(format!("`{key}`: empty path for `{container}`"));
    }
    let other = if other.contains("://") || other.starts_with('/') {
        other.clone()
    } else {
        base_dir.join(other).display().to_string()
    };
    Ok(match direction {
        Direction::In => FileTransfer {
            from: other,
            to: to.clone(),
        },
        Direction::Out => FileTransfer {
            from: from.clone(),
            to: other,
        },
    })
}

/// Kahn's algorithm, always taking the lowest-numbered ready job so file order is kept
/// wherever the dependencies allow. On a cycle, returns the jobs of one cycle, starting with
/// its lowest-numbered job, that job repeated at the end, each depending on the next.
fn topological_order(parents: &[Vec<usize>]) -> Result<Vec<usize>, Vec<usize>> {
    let n = parents.len();
    let mut children = vec![Vec::new(); n];
    let mut waiting: Vec<usize> = parents.iter().map(Vec::len).collect();
    for (k, ps) in parents.iter().enumerate() {
        for &p in ps {
            children[p].push(k);
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> =
        (0..n).filter(|&k| waiting[k] == 0).map(Reverse).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(Reverse(k)) = ready.pop() {
        order.push(k);
        for &c in &children[k] {
            waiting[c] -= 1;
            if waiting[c] == 0 {
                ready.push(Reverse(c));
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    // Every job left waits on another job left, so following parents must revisit a job.
    let Some(start) = (0..n).find(|&k| waiting[k] > 0) else {
        return Ok(order);
    };
    let mut path = vec![start];
    let mut current = start;
    loop {
        let Some(&next) = parents[current].iter().find(|&&p| waiting[p] > 0) else {
            return Err(path);
        };
        if let Some(pos) = path.iter().position(|&k| k == next) {
            let mut cycle = path.split_off(pos);
            let min = cycle
                .iter()
                .enumerate()
                .min_by_key(|&(_, &k)| k)
                .map_or(0, |(i, _)| i);
            cycle.rotate_left(min);
            cycle.push(cycle[0]);
            return Err(cycle);
        }
        path.push(next);
        current = next;
    }
}

/// The candidate closest to `name` by edit distance, if close enough to be a likely typo.
fn did_you_mean<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .map(|c| (levenshtein(name, c), c))
        .filter(|&(d, c)| d <= limit || c.starts_with(name) || name.starts_with(c))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}
