//! Batch spec files (YAML, TOML, JSON) describing many jobs and their dependencies, for
//! `hailctl batch submit --file` (issue 5).
//!
//! A spec file describes one batch: its attributes, shared job `defaults`, and a list of `jobs`
//! with names, commands or scripts, resources, files and `depends_on` edges. A job may carry a
//! `sweep` that expands it into one job per row of a TSV/CSV file, per position of zipped
//! `values` lists, or per element of a `matrix` (cartesian product), with `{var}` substitution.
//! The user-facing format is documented in `docs/batch-spec.md` and published as a JSON Schema
//! in `docs/batch-spec.schema.json`.
//!
//! Loading happens in three stages, each in its own module:
//! 1. [`parse`]: the text is deserialized by the format's own parser into the raw structures
//!    of [`raw`] (`deny_unknown_fields`), so syntax and type errors carry that parser's
//!    line and column;
//! 2. [`sweep`] and [`template`]: sweep rows are produced and `{var}` placeholders filled in;
//! 3. [`plan`]: defaults are merged, values validated, `depends_on` resolved and the jobs put
//!    in a stable topological order, giving a [`BatchPlan`] the submitter turns into API specs.
//!
//! A value that parsed but is not valid is reported at its line and column too: the plan keeps
//! the text ([`SpecSource`]) and [`locate`] finds the value's position by its path
//! (`jobs[1].cpu`) when a message needs it, also after planning (unsupported regions).
//!
//! Nothing here talks to the network or applies configuration: values the spec leaves unset
//! stay `None` so that the submitter can apply flags, configuration and server defaults.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use indexmap::IndexMap;

mod error;
mod locate;
mod parse;
mod plan;
mod raw;
mod sweep;
mod template;

#[cfg(test)]
mod tests;

use error::JobRef;
pub(crate) use error::SpecError;
pub(crate) use locate::{SpecPath, SpecSource};
pub(crate) use plan::{ANY_REGION, Resource, check_resource_value};
pub(crate) use template::is_identifier;

/// A whole batch as described by a spec file, validated and ready to submit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BatchPlan {
    /// The batch name (sent as the batch attribute `name`).
    pub name: Option<String>,
    /// Billing project; `None` leaves it to the command-line flag or configuration.
    pub billing_project: Option<String>,
    /// Batch attributes, in file order (without `name`, which is [`BatchPlan::name`]).
    pub attributes: IndexMap<String, String>,
    /// Batch-level regions as written (may be `["any_region"]`): the regions of the jobs
    /// without their own, unless `--region` replaces them (the submitter decides, see
    /// `commands::submit::settings`).
    pub regions: Option<Vec<String>>,
    /// URL that receives the batch status when the batch completes.
    pub callback: Option<String>,
    /// Cancel the batch after this many failed jobs (> 0).
    pub cancel_after_n_failures: Option<i64>,
    /// The jobs, sweeps expanded, in topological order: every parent index is lower than the
    /// index of its child, so `index + 1` can be used as the in-update job id.
    pub jobs: Vec<PlannedJob>,
    /// The spec's text, to say where a value is in messages; `None` for a plan not read from
    /// a spec (`submit COMMAND`).
    pub source: Option<Arc<SpecSource>>,
}

impl BatchPlan {
    /// Refuses the regions `is_supported` refuses, naming the first place in the spec that has
    /// one: the top-level `regions` when `top_level` (they apply unless `--region` replaces
    /// them), else the job whose entry comes first in the file. `message` says what is wrong
    /// with the refused regions of that place. A plan not read from a spec has nothing to
    /// check.
    pub(crate) fn check_regions(
        &self,
        top_level: bool,
        is_supported: impl Fn(&str) -> bool,
        message: impl Fn(&[&str]) -> String,
    ) -> Result<(), SpecError> {
        let Some(source) = &self.source else {
            return Ok(());
        };
        // The position of the first refused region and all the refused ones.
        fn refused<'a>(
            regions: &'a [String],
            is_supported: &dyn Fn(&str) -> bool,
        ) -> Option<(usize, Vec<&'a str>)> {
            if regions == [ANY_REGION] {
                return None;
            }
            let first = regions.iter().position(|r| !is_supported(r))?;
            let all = regions
                .iter()
                .map(String::as_str)
                .filter(|r| !is_supported(r));
            Some((first, all.collect()))
        }
        if top_level
            && let Some((first, names)) = self
                .regions
                .as_deref()
                .and_then(|r| refused(r, &is_supported))
        {
            let path = SpecPath::root().key("regions").index(first);
            return Err(source.invalid(None, &path, message(&names)));
        }
        let first_job = self
            .jobs
            .iter()
            .filter_map(|job| Some((job, refused(job.regions.as_deref()?, &is_supported)?)))
            .min_by_key(|(job, _)| job.entry);
        match first_job {
            Some((job, (first, names))) => {
                let path = SpecPath::job(job.entry).key("regions").index(first);
                let job_ref = JobRef {
                    index: job.entry,
                    name: Some(job.name.clone()),
                };
                Err(source.invalid(Some(job_ref), &path, message(&names)))
            }
            None => Ok(()),
        }
    }
}

/// One job of a [`BatchPlan`], with defaults merged and placeholders substituted. Values that
/// are usually the same for every job of a sweep are shared (`Arc`), so that a plan of 100,000
/// jobs stays small.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PlannedJob {
    /// Unique job name (sent as the job attribute `name`).
    pub name: String,
    /// The position of the job's entry in the spec's `jobs` list (a sweep's jobs share it).
    pub entry: usize,
    /// Container image; `None` leaves it to configuration or the default image.
    pub image: Option<Arc<str>>,
    /// Final argv. A `script` becomes `[shell, "-c", script]`.
    pub command: Vec<String>,
    /// CPU request as a string (`"1"`, `"0.5"`, `"250m"`), validated against Hail's pattern.
    pub cpu: Option<Arc<str>>,
    /// Memory request (`"standard"`, `"4Gi"`, ...), validated against Hail's pattern.
    pub memory: Option<Arc<str>>,
    /// Extra disk at `/io` (`"10Gi"`), validated against Hail's pattern.
    pub storage: Option<Arc<str>>,
    /// Job-private machine type; never set together with `cpu` or `memory`.
    pub machine_type: Option<Arc<str>>,
    /// Spot (preemptible) capacity; `None` leaves the server default (spot).
    pub spot: Option<bool>,
    /// Environment variables, defaults first, in file order.
    pub env: IndexMap<String, String>,
    /// Job attributes (without `name`, which is [`PlannedJob::name`]).
    pub attributes: IndexMap<String, String>,
    /// The job's own regions; `["any_region"]` (also for `regions: null`) lets it run anywhere;
    /// `None`: the regions of the submission (`--region`, the spec's `regions`, ...).
    pub regions: Option<Arc<[String]>>,
    /// Seconds allowed for each container run (> 0).
    pub timeout: Option<f64>,
    /// Maximum number of attempts (>= 1); `None` leaves the server default (20).
    pub n_max_attempts: Option<i64>,
    /// Run even if parents failed or were cancelled.
    pub always_run: bool,
    /// Read-only bucket mounts.
    pub cloudfuse: Vec<Cloudfuse>,
    /// Files copied into the container before the job runs (`from` = cloud URL or local path).
    pub input_files: Vec<FileTransfer>,
    /// Files copied out of the container after the job runs (`to` = cloud URL or local path).
    pub output_files: Vec<FileTransfer>,
    /// Indices (into [`BatchPlan::jobs`]) of the jobs this one depends on; sorted, unique and
    /// all lower than this job's own index.
    pub parents: Vec<usize>,
}

/// A read-only bucket mounted into a job's container (serialized as a job spec sends it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Cloudfuse {
    pub bucket: String,
    pub mount_path: String,
    pub read_only: bool,
}

/// One file copied into (`input_files`) or out of (`output_files`) a job's container
/// (serialized as a job spec sends it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct FileTransfer {
    pub from: String,
    pub to: String,
}

/// The syntax of a spec file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SpecFormat {
    Yaml,
    Toml,
    Json,
}

impl SpecFormat {
    /// The format named by a file's extension: `.yaml`/`.yml`, `.toml`, `.json`.
    pub(crate) fn from_path(path: &Path) -> Option<SpecFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        ext.parse().ok()
    }

    /// Guesses the format of text without a file name (stdin).
    ///
    /// The first line that is neither blank nor a comment decides: `{` starts JSON; a TOML
    /// table header (`[name]`, `[[jobs]]`) or a `key = value` line means TOML; anything else
    /// is YAML. A top-level YAML sequence or a TOML file starting with an array would be
    /// misread, but neither is a valid spec; callers can also name the format ([`load_as`]).
    pub(crate) fn detect(text: &str) -> SpecFormat {
        let first = text
            .trim_start_matches('\u{feff}')
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty() && !line.starts_with('#'));
        let Some(line) = first else {
            return SpecFormat::Yaml;
        };
        if line.starts_with('{') {
            return SpecFormat::Json;
        }
        if line.starts_with('[') {
            return SpecFormat::Toml;
        }
        // `key = value` (bare, dotted or quoted key) is TOML; YAML would need `key: value`.
        let toml_key = regex::Regex::new(r#"^[A-Za-z0-9_."'-]+\s*="#).ok();
        if toml_key.is_some_and(|re| re.is_match(line)) {
            return SpecFormat::Toml;
        }
        SpecFormat::Yaml
    }

    /// The lower-case name used in messages and accepted by `--format`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            SpecFormat::Yaml => "yaml",
            SpecFormat::Toml => "toml",
            SpecFormat::Json => "json",
        }
    }
}

impl fmt::Display for SpecFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for SpecFormat {
    type Err = String;

    /// Accepts `yaml`, `yml`, `toml` and `json`, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "yaml" | "yml" => Ok(SpecFormat::Yaml),
            "toml" => Ok(SpecFormat::Toml),
            "json" => Ok(SpecFormat::Json),
            _ => Err(format!(
                "unknown spec format `{s}` (expected yaml, toml or json)"
            )),
        }
    }
}

/// The path that means "read the spec from standard input".
pub(crate) const STDIN_PATH: &str = "-";

/// Loads a spec file, choosing the format from its extension (`-` reads stdin and guesses).
pub(crate) fn load(path: &Path) -> Result<BatchPlan, SpecError> {
    load_as(path, None)
}

/// Loads a spec file in the given format, or (with `None`) the format chosen by the extension;
/// for stdin (`-`) without a format, [`SpecFormat::detect`] guesses from the content.
///
/// Relative paths inside the spec (sweep files, local input and output files) are resolved
/// against the spec file's directory, or the current directory for stdin.
pub(crate) fn load_as(path: &Path, format: Option<SpecFormat>) -> Result<BatchPlan, SpecError> {
    if path.as_os_str() == STDIN_PATH {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|cause| SpecError::Read {
                path: PathBuf::from("<stdin>"),
                cause,
            })?;
        let format = format.unwrap_or_else(|| SpecFormat::detect(&text));
        let base_dir = std::path::absolute(".").unwrap_or_else(|_| PathBuf::from("."));
        return load_str(&text, format, "<stdin>", &base_dir);
    }
    let origin = path.display().to_string();
    let format = match format.or_else(|| SpecFormat::from_path(path)) {
        Some(format) => format,
        None => return Err(SpecError::UnknownFormat { origin }),
    };
    let text = crate::user_file::read_to_string(path).map_err(|cause| SpecError::Read {
        path: path.to_path_buf(),
        cause,
    })?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    // Absolute, so that relative local file paths in the spec become absolute paths.
    let base_dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    load_str(&text, format, &origin, &base_dir)
}

/// Loads a spec read from standard input: the format is guessed with [`SpecFormat::detect`],
/// messages name it `<stdin>`, and relative paths are resolved against `base_dir` (normally
/// the current directory).
pub(crate) fn load_stdin(text: &str, base_dir: &Path) -> Result<BatchPlan, SpecError> {
    load_str(text, SpecFormat::detect(text), "<stdin>", base_dir)
}

/// Loads a spec from text. `origin` names the text in messages (a file name or `<stdin>`);
/// `base_dir` anchors the relative paths inside the spec.
pub(crate) fn load_str(
    text: &str,
    format: SpecFormat,
    origin: &str,
    base_dir: &Path,
) -> Result<BatchPlan, SpecError> {
    let raw = parse::parse(text, format, origin)?;
    let source = Arc::new(SpecSource::new(origin, format, text.to_string()));
    plan::build(raw, source, base_dir)
}
