//! The 19 configuration variables `hailctl config set` knows, with their help texts, checks and
//! error messages exactly as Hail's `config_variables.py` defines them, plus the deprecated
//! environment variables of Hail Query's flags.
//!
//! The order of [`VARIABLES`] is the order of Hail's `ConfigVariable` enum, which is also the
//! order in which `batch submit` exports variables into a job.

use std::sync::OnceLock;

use regex::Regex;

use crate::format::python::{parse_float, str_repr as repr};

/// How a variable's value is checked by `config set`.
#[derive(Clone, Copy, Debug)]
pub enum Check {
    /// A Python regular expression that must match the whole value (`re.fullmatch`).
    Regex(&'static str),
    /// One of these exact values (case-sensitive).
    OneOf(&'static [&'static str]),
    /// Anything at all, including empty and multi-line values.
    Anything,
    /// A storage URL any of Hail's file systems accepts (`batch/remote_tmpdir`).
    HailFsUrl,
    /// Python's `float()` accepts it.
    PythonFloat,
    /// A memory size (regex) or one of `standard`, `lowmem`, `highmem`.
    Memory,
}

/// One of the variables `config set` accepts.
#[derive(Debug)]
pub struct Variable {
    /// `section/option`, or the bare option for the `global` section.
    pub name: &'static str,
    /// The `ConfigVariable` enum member name, shown in error messages.
    pub enum_name: &'static str,
    /// The help text (shown by `--help` and shell completion).
    pub help: &'static str,
    pub check: Check,
    /// The text that follows the parameter in a "bad value" error.
    pub error_suffix: &'static str,
    /// The value consumers use when the variable is not set anywhere.
    pub default: Option<&'static str>,
    /// Whether the `HAIL_<SECTION>_<OPTION>` environment variable is read by the consumer.
    /// Hail reads `global/domain` and `batch/bucket` straight from the files and never
    /// selects a profile from `HAIL_GLOBAL_PROFILE`; we do the same, so that both tools reach
    /// the same service with the same environment.
    pub env_honoured: bool,
}

const MEMORY_REGEX: &str = r"[+]?((?:[0-9]*[.])?[0-9]+)([KMGTP][i]?)?B?";
const CPU_REGEX: &str = r"[+]?((?:[0-9]*[.])?[0-9]+)([m])?";
const CORES_SUFFIX: &str = "should be an integer which is a power of two from 1 to 16 inclusive";
// Hail prints this message through `rich`, which takes `[i]` for an italics tag and drops it;
// users and scripts see the text below, so that is what we print.
const MEMORY_SUFFIX: &str = "should be a valid string specifying memory \
     \"[+]?((?:[0-9]*[.])?[0-9]+)([KMGTP]?)?B?\" or one of standard, lowmem, highmem";

/// All variables, in Hail's enum order.
pub static VARIABLES: [Variable; 19] = [
    Variable {
        name: "domain",
        enum_name: "DOMAIN",
        help: "Domain of the Batch service",
        check: Check::Regex(r".+\..+"),
        error_suffix: "should be valid domain",
        default: Some("hail.is"),
        env_honoured: false,
    },
    Variable {
        name: "profile",
        enum_name: "PROFILE",
        help: "Configuration profile name to use",
        check: Check::Anything,
        error_suffix: "can be anything",
        default: None,
        env_honoured: false,
    },
    Variable {
        name: "gcs_requester_pays/project",
        enum_name: "GCS_REQUESTER_PAYS_PROJECT",
        help: "Project when using requester pays buckets in GCS",
        check: Check::Regex(r"[^:/\s]+"),
        error_suffix: "should be valid GCS project name",
        default: None,
        env_honoured: true,
    },
    Variable {
        name: "gcs_requester_pays/buckets",
        enum_name: "GCS_REQUESTER_PAYS_BUCKETS",
        help: "Allowed buckets when using requester pays in GCS",
        check: Check::Regex(r"[^:/\s]+(,[^:/\s]+)*"),
        error_suffix: "should be comma separated list of bucket names",
        default: None,
        env_honoured: true,
    },
    Variable {
        name: "gcs/bucket_allow_list",
        enum_name: "GCS_BUCKET_ALLOW_LIST",
        help: "Allows Hail to access the given buckets, even if their default policy is to use \
               cold storage.",
        check: Check::Regex(r"^[-\.\w]+(,[-\.\w]+)*$"),
        error_suffix: "should match the pattern 'bucket1,bucket2,bucket3'.",
        default: None,
        env_honoured: true,
    },
    Variable {
        name: "batch/bucket",
        enum_name: "BATCH_BUCKET",
        help: "Deprecated - Name of GCS bucket to use as a temporary scratch directory",
        check: Check::Regex(r"[^:/\s]+"),
        error_suffix: "should be valid Google Bucket identifier, with no gs:// prefix",
        default: None,
        env_honoured: false,
    },
    Variable {
        name: "batch/remote_tmpdir",
        enum_name: "BATCH_REMOTE_TMPDIR",
        help: "Cloud storage URI to use as a temporary scratch directory",
        check: Check::HailFsUrl,
        error_suffix: "should be valid cloud storage URI such as gs://my-bucket/batch-tmp/",
        default: None,
        env_honoured: true,
    },
    Variable {
        name: "batch/regions",
        enum_name: "BATCH_REGIONS",
        help: "Comma-separated list of regions to run jobs in",
        check: Check::Regex(r"[^\s]+(,[^\s]+)*"),
        error_suffix: "should be comma separated list of regions",
        default: None,
        env_honoured: true,
    },
    Variable {
        name: "batch/billing_project",
        enum_name: "BATCH_BILLING_PROJECT",
        help: "Batch billing project",
        check: Check::Regex(r"[^:/\s]+"),
        error_suffix: "should be valid Batch billing project name",
        default: None,
        env_honoured: true,
    },
    Variable {
        name: "batch/backend",
        enum_name: "BATCH_BACKEND",
        help: "Backend to use. One of local or service.",
        check: Check::OneOf(&["local", "service"]),
        error_suffix: "should be one of \"local\" or \"service\"",
        default: Some("local"),
        env_honoured: true,
    },
    Variable {
        name: "query/backend",
        enum_name: "QUERY_BACKEND",
        help: "Backend to use for Hail Query. One of spark, local, batch.",
        check: Check::OneOf(&["local", "spark", "batch"]),
        error_suffix: "should be one of \"local\", \"spark\", or \"batch\"",
        default: Some("spark"),
        env_honoured: true,
    },
    Variable {
        name: "query/batch_backend_max_read_parallelism",
        enum_name: "QUERY_BATCH_BACKEND_MAX_READ_PARALLELISM",
        help: "Maximum number of parallel reads of partition results",
        check: Check::Regex(r"[1-9]\d*"),
        error_suffix: "should be a positive integer",
        default: None,
        env_honoured: true,
    },
    Variable {
        name: "query/batch_driver_cores",
        enum_name: "QUERY_BATCH_DRIVER_CORES",
        help: "Cores specification for the query driver",
        check: Check::Regex(CPU_REGEX),
        error_suffix: CORES_SUFFIX,
        default: None,
        env_honoured: true,
    },
    Variable {
        name: "query/batch_worker_cores",
        enum_name: "QUERY_BATCH_WORKER_CORES",
        help: "Cores specification for the query worker",
        check: Check::Regex(CPU_REGEX),
        error_suffix: CORES_SUFFIX,
        default: None,
        env_honoured: true,
    },
    Variable {
        name: "query/batch_driver_memory",
        enum_name: "QUERY_BATCH_DRIVER_MEMORY",
        help: "Memory specification for the query driver",
        check: Check::Memory,
        error_suffix: MEMORY_SUFFIX,
        default: None,
        env_honoured: true,
    },
    Variable {
        name: "query/batch_worker_memory",
        enum_name: "QUERY_BATCH_WORKER_MEMORY",
        help: "Memory specification for the query worker",
        check: Check::Memory,
        error_suffix: MEMORY_SUFFIX,
        default: None,
        env_honoured: true,
    },
    Variable {
        name: "query/name_prefix",
        enum_name: "QUERY_NAME_PREFIX",
        help: "Name used when displaying query progress in a progress bar",
        check: Check::Regex(r"[^\s]+"),
        error_suffix: "should be single word without spaces",
        default: None,
        env_honoured: true,
    },
    Variable {
        name: "query/disable_progress_bar",
        enum_name: "QUERY_DISABLE_PROGRESS_BAR",
        help: "Disable the progress bar with a value of 1. Enable the progress bar with a value \
               of 0",
        check: Check::OneOf(&["0", "1"]),
        error_suffix: "should be a value of 0 or 1",
        default: None,
        env_honoured: true,
    },
    Variable {
        name: "http/timeout_in_seconds",
        enum_name: "HTTP_TIMEOUT_IN_SECONDS",
        help: "The default timeout for HTTP requests in seconds.",
        check: Check::PythonFloat,
        error_suffix: "should be a float or an int like 42.42 or 42",
        default: Some("5"),
        env_honoured: true,
    },
];

impl Variable {
    /// Looks a variable up by its exact name (`domain`, `batch/billing_project`, ...).
    pub fn named(name: &str) -> Option<&'static Variable> {
        VARIABLES.iter().find(|v| v.name == name)
    }

    /// The variable's key.
    pub fn key(&self) -> Key {
        Key::parse(self.name).unwrap_or_else(|_| Key::new("global", self.name))
    }

    /// Whether `value` passes the check `config set` applies.
    pub fn accepts(&self, value: &str) -> bool {
        match self.check {
            Check::Regex(pattern) => full_match(pattern, value),
            Check::OneOf(values) => values.contains(&value),
            Check::Anything => true,
            Check::HailFsUrl => is_hail_fs_url(value),
            Check::PythonFloat => parse_float(value).is_some(),
            Check::Memory => {
                matches!(value, "standard" | "lowmem" | "highmem")
                    || full_match(MEMORY_REGEX, value)
            }
        }
    }

    /// The error line Hail prints for a rejected value (without a trailing newline).
    pub fn bad_value_message(&self, value: &str) -> String {
        format!(
            "Error: bad value {} for parameter <ConfigVariable.{}: {}> {}",
            repr(value),
            self.enum_name,
            repr(self.name),
            self.error_suffix
        )
    }
}

/// Python's `re.fullmatch(pattern, value)`. Rust's `regex` crate is Unicode-aware for `\w`, `\s`
/// and `\d` and does not let `.` match `\n`, as Python's `re` does for `str` patterns.
fn full_match(pattern: &str, value: &str) -> bool {
    // Only one pattern is ever compiled per process (one `config set`), so no cache is needed.
    match Regex::new(&format!(r"\A(?:{pattern})\z")) {
        Ok(re) => re.is_match(value),
        Err(_) => false,
    }
}

/// The `set` check of `batch/remote_tmpdir`: a URL that one of Hail's file systems claims.
fn is_hail_fs_url(value: &str) -> bool {
    // Local file system: `file://` or anything without a scheme.
    if value.starts_with("file://") || !value.contains("://") {
        return true;
    }
    if value.starts_with("gs://") || value.starts_with("s3://") {
        return true;
    }
    // Azure blob storage: `https://<account>.blob.core.windows.net/...`.
    if let Some(rest) = value.strip_prefix("https://") {
        let netloc = rest.split('/').next().unwrap_or("");
        static AZURE: OnceLock<Option<Regex>> = OnceLock::new();
        return AZURE
            .get_or_init(|| Regex::new(r"\A(?:.+)\.blob\.core\.windows\.net\z").ok())
            .as_ref()
            .is_some_and(|re| re.is_match(netloc));
    }
    false
}

/// A `section/option` pair as `config get` and `config unset` take it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub section: String,
    pub option: String,
}

/// A parameter with more than one `/`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", MULTI_SLASH_MESSAGE)]
pub struct TooManySlashes;

/// What Hail prints (on stderr) for a parameter with more than one slash.
pub(crate) const MULTI_SLASH_MESSAGE: &str =
    "Parameters must contain at most one slash separating the \
configuration section
from the configuration parameter, for example: \"batch/billing_project\".

Parameters may also have no slashes, indicating the parameter is a global
parameter, for example: \"domain\".

A parameter with more than one slash is invalid, for example:
\"batch/billing/project\".
";

impl Key {
    pub fn new(section: &str, option: &str) -> Self {
        Key {
            section: section.to_string(),
            option: option.to_string(),
        }
    }

    /// `opt` means `global/opt`; `section/opt` is taken as is; more slashes are an error.
    pub fn parse(parameter: &str) -> Result<Self, TooManySlashes> {
        let mut parts = parameter.split('/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(option), None, _) => Ok(Key::new("global", option)),
            (Some(section), Some(option), None) => Ok(Key::new(section, option)),
            _ => Err(TooManySlashes),
        }
    }

    /// The environment variable that overrides this key: `HAIL_<SECTION>_<OPTION>`.
    pub fn env_var(&self) -> String {
        format!(
            "HAIL_{}_{}",
            self.section.to_uppercase(),
            self.option.to_uppercase()
        )
    }

    /// The variable `config set` knows under this key, if any.
    pub fn variable(&self) -> Option<&'static Variable> {
        VARIABLES.iter().find(|v| v.key() == *self)
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.section, self.option)
    }
}

/// Hail Query's flags and the deprecated environment variable each one still honours
/// (`hail/backend/backend.py`).
pub(crate) static DEPRECATED_QUERY_ENV: [(&str, &str); 28] = [
    ("branching_factor", "HAIL_BRANCHING_FACTOR"),
    ("cachedir", "HAIL_CACHE_DIR"),
    (
        "distributed_scan_comb_op",
        "HAIL_DEV_DISTRIBUTED_SCAN_COMB_OP",
    ),
    (
        "grouped_aggregate_buffer_size",
        "HAIL_GROUPED_AGGREGATE_BUFFER_SIZE",
    ),
    ("index_branching_factor", "HAIL_INDEX_BRANCHING_FACTOR"),
    ("jvm_bytecode_dump", "HAIL_DEV_JVM_BYTECODE_DUMP"),
    ("lower", "HAIL_DEV_LOWER"),
    ("lower_bm", "HAIL_DEV_LOWER_BM"),
    ("lower_only", "HAIL_DEV_LOWER_ONLY"),
    ("max_leader_scans", "HAIL_DEV_MAX_LEADER_SCANS"),
    ("max_optimizer_iterations", "HAIL_OPTIMIZER_ITERATIONS"),
    ("method_split_ir_limit", "HAIL_DEV_METHOD_SPLIT_LIMIT"),
    ("no_ir_logging", "HAIL_DEV_NO_IR_LOG"),
    ("no_whole_stage_codegen", "HAIL_DEV_NO_WHOLE_STAGE_CODEGEN"),
    ("optimize", "HAIL_QUERY_OPTIMIZE"),
    ("print_inputs_on_worker", "HAIL_DEV_PRINT_INPUTS_ON_WORKER"),
    ("print_ir_on_worker", "HAIL_DEV_PRINT_IR_ON_WORKER"),
    ("profile", "HAIL_PROFILE"),
    ("rng_nonce", "HAIL_RNG_NONCE"),
    ("shuffle_cutoff_to_local_sort", "HAIL_SHUFFLE_CUTOFF"),
    ("shuffle_max_branch_factor", "HAIL_SHUFFLE_MAX_BRANCH"),
    (
        "spark_max_stage_parallelism",
        "HAIL_SPARK_MAX_STAGE_PARALLELISM",
    ),
    ("strict_invariants", "HAIL_STRICT_INVARIANTS"),
    ("use_fast_restarts", "HAIL_USE_FAST_RESTARTS"),
    ("use_new_shuffle", "HAIL_USE_NEW_SHUFFLE"),
    ("use_ssa_logs", "HAIL_USE_SSA_LOGS"),
    ("use_unstable_encodings", "HAIL_DEV_USE_UNSTABLE_ENCODINGS"),
    ("write_ir_files", "HAIL_WRITE_IR_FILES"),
];

/// The deprecated environment variable for `key`, if it is one of Hail Query's flags.
pub(crate) fn deprecated_env_var(key: &Key) -> Option<&'static str> {
    if key.section != "query" {
        return None;
    }
    DEPRECATED_QUERY_ENV
        .iter()
        .find(|(flag, _)| *flag == key.option)
        .map(|(_, var)| *var)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(name: &str) -> &'static Variable {
        Variable::named(name).expect("known variable")
    }

    #[test]
    fn there_are_nineteen_distinct_variables() {
        let mut names: Vec<_> = VARIABLES.iter().map(|v| v.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 19);
        assert_eq!(var("domain").key(), Key::new("global", "domain"));
        assert_eq!(var("domain").key().env_var(), "HAIL_GLOBAL_DOMAIN");
        assert_eq!(
            var("gcs_requester_pays/project").key().env_var(),
            "HAIL_GCS_REQUESTER_PAYS_PROJECT"
        );
    }

    /// Every accepted and rejected value the reference observed with the real tool.
    #[test]
    fn checks_match_the_python_tool() {
        let accepted: &[(&str, &str)] = &[
            ("batch/remote_tmpdir", "/tmp/foo"),
            ("batch/remote_tmpdir", "relative/dir"),
            ("batch/remote_tmpdir", "file:///x"),
            ("batch/remote_tmpdir", "s3://b/x"),
            ("batch/remote_tmpdir", "gs://b/x"),
            (
                "batch/remote_tmpdir",
                "https://acct.blob.core.windows.net/c/x",
            ),
            ("query/batch_driver_cores", "3"),
            ("query/batch_driver_cores", "250m"),
            ("query/batch_driver_cores", "+0.5"),
            ("query/batch_driver_memory", "1.5GiB"),
            ("query/batch_driver_memory", "100"),
            ("query/batch_worker_memory", "highmem"),
            ("http/timeout_in_seconds", "1e3"),
            ("http/timeout_in_seconds", "inf"),
            ("http/timeout_in_seconds", "nan"),
            ("http/timeout_in_seconds", "1_000"),
            ("http/timeout_in_seconds", " 12 "),
            ("domain", "a b.c"),
            ("domain", "example.org"),
            ("gcs/bucket_allow_list", "bücket"),
            ("gcs/bucket_allow_list", "a,b.c,d-e"),
            ("batch/regions", "a,,b"),
            ("batch/regions", "us-central1,us-east1"),
            ("query/batch_backend_max_read_parallelism", "10"),
            ("profile", ""),
            ("profile", "multi\nline"),
            ("batch/backend", "service"),
            ("query/backend", "batch"),
            ("query/disable_progress_bar", "1"),
        ];
        let rejected: &[(&str, &str)] = &[
            ("batch/remote_tmpdir", "https://example.com/c/x"),
            ("batch/remote_tmpdir", "hail-az://acct/c/x"),
            ("batch/remote_tmpdir", "asdf://foo/bar"),
            ("query/batch_driver_memory", "1gi"),
            ("query/batch_driver_memory", "1bar"),
            ("domain", ".x"),
            ("domain", "foo"),
            ("domain", "a\n.b"),
            ("gcs_requester_pays/buckets", "a, b"),
            ("gcs/bucket_allow_list", "a,b/c"),
            ("query/batch_backend_max_read_parallelism", "007"),
            ("http/timeout_in_seconds", "abc"),
            ("batch/regions", "us-central1, us-east1"),
            ("batch/backend", "foo"),
            ("query/backend", "Spark"),
            ("query/disable_progress_bar", "2"),
            ("query/name_prefix", "two words"),
            ("batch/billing_project", "a/b"),
        ];
        for (name, value) in accepted {
            assert!(var(name).accepts(value), "{name} should accept {value:?}");
        }
        for (name, value) in rejected {
            assert!(!var(name).accepts(value), "{name} should reject {value:?}");
        }
    }

    #[test]
    fn error_messages_match_the_python_tool() {
        let cases = [
            (
                "domain",
                "foo",
                "Error: bad value 'foo' for parameter <ConfigVariable.DOMAIN: 'domain'> should be valid domain",
            ),
            (
                "gcs_requester_pays/buckets",
                "a, b",
                "Error: bad value 'a, b' for parameter <ConfigVariable.GCS_REQUESTER_PAYS_BUCKETS: 'gcs_requester_pays/buckets'> should be comma separated list of bucket names",
            ),
            (
                "gcs/bucket_allow_list",
                "a,b/c",
                "Error: bad value 'a,b/c' for parameter <ConfigVariable.GCS_BUCKET_ALLOW_LIST: 'gcs/bucket_allow_list'> should match the pattern 'bucket1,bucket2,bucket3'.",
            ),
            (
                "batch/remote_tmpdir",
                "asdf://foo/bar",
                "Error: bad value 'asdf://foo/bar' for parameter <ConfigVariable.BATCH_REMOTE_TMPDIR: 'batch/remote_tmpdir'> should be valid cloud storage URI such as gs://my-bucket/batch-tmp/",
            ),
            (
                "query/batch_driver_memory",
                "1bar",
                "Error: bad value '1bar' for parameter <ConfigVariable.QUERY_BATCH_DRIVER_MEMORY: 'query/batch_driver_memory'> should be a valid string specifying memory \"[+]?((?:[0-9]*[.])?[0-9]+)([KMGTP]?)?B?\" or one of standard, lowmem, highmem",
            ),
            (
                "query/batch_backend_max_read_parallelism",
                "007",
                "Error: bad value '007' for parameter <ConfigVariable.QUERY_BATCH_BACKEND_MAX_READ_PARALLELISM: 'query/batch_backend_max_read_parallelism'> should be a positive integer",
            ),
            (
                "http/timeout_in_seconds",
                "abc",
                "Error: bad value 'abc' for parameter <ConfigVariable.HTTP_TIMEOUT_IN_SECONDS: 'http/timeout_in_seconds'> should be a float or an int like 42.42 or 42",
            ),
            (
                "batch/backend",
                "foo",
                "Error: bad value 'foo' for parameter <ConfigVariable.BATCH_BACKEND: 'batch/backend'> should be one of \"local\" or \"service\"",
            ),
        ];
        for (name, value, message) in cases {
            assert_eq!(var(name).bad_value_message(value), message);
        }
    }

    #[test]
    fn keys_parse_like_hail() {
        assert_eq!(Key::parse("domain"), Ok(Key::new("global", "domain")));
        assert_eq!(
            Key::parse("batch/billing_project"),
            Ok(Key::new("batch", "billing_project"))
        );
        assert_eq!(Key::parse("/x"), Ok(Key::new("", "x")));
        assert_eq!(Key::parse("a/b/c"), Err(TooManySlashes));
        assert_eq!(
            deprecated_env_var(&Key::new("query", "cachedir")),
            Some("HAIL_CACHE_DIR")
        );
        assert_eq!(deprecated_env_var(&Key::new("batch", "cachedir")), None);
    }
}
