//! The one error type of spec loading.
//!
//! Every message starts with where the problem is: `file:line:column:` when the position is
//! known (the parser's for syntax and type errors, the offending value's for values that parsed
//! but are not valid), else `file:`; then the job (`job `align` (jobs[1])`) when the problem
//! belongs to one. The job index is the entry's position in the file's `jobs` list, counting
//! from 0, so it can be found even in an unnamed entry.

use std::fmt;
use std::path::PathBuf;

/// Which `jobs` entry an error is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JobRef {
    /// Position in the file's `jobs` list, from 0.
    pub index: usize,
    /// The entry's `name` (a template for sweeps, or the expanded name), when known.
    pub name: Option<String>,
}

impl fmt::Display for JobRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) => write!(f, "job `{name}` (jobs[{}])", self.index),
            None => write!(f, "jobs[{}]", self.index),
        }
    }
}

/// Why a spec could not be loaded.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SpecError {
    /// The spec file (or stdin) could not be read.
    /// The cause is in the message, and not also a `source`, so that it is printed once.
    #[error("cannot read {}: {cause}", path.display())]
    Read {
        path: PathBuf,
        cause: std::io::Error,
    },
    /// The file's extension names no known format.
    #[error(
        "{origin}: cannot tell the spec format from the file name; use a .yaml, .yml, .toml or \
         .json extension"
    )]
    UnknownFormat { origin: String },
    /// A syntax or type error reported by the format's parser (unknown keys, wrong types,
    /// missing required keys, malformed text).
    #[error("{}", located(origin, *line, *column, job.as_ref(), message))]
    Parse {
        origin: String,
        /// 1-based line, when the parser gives one.
        line: Option<usize>,
        /// 1-based column, when the parser gives one.
        column: Option<usize>,
        job: Option<JobRef>,
        message: String,
    },
    /// The spec parsed but is not valid: bad values, names, dependencies, sweeps. The position
    /// is the offending value's, found by [`super::locate`].
    #[error("{}", located(origin, *line, *column, job.as_ref(), message))]
    Invalid {
        origin: String,
        /// 1-based line of the value, when it could be found.
        line: Option<usize>,
        /// 1-based column of the value, when it could be found.
        column: Option<usize>,
        job: Option<JobRef>,
        message: String,
    },
}

impl SpecError {
    /// The bare message, without file, position or job.
    #[cfg(test)]
    pub(crate) fn message(&self) -> String {
        match self {
            SpecError::Parse { message, .. } | SpecError::Invalid { message, .. } => {
                message.clone()
            }
            other => other.to_string(),
        }
    }
}

fn located(
    origin: &str,
    line: Option<usize>,
    column: Option<usize>,
    job: Option<&JobRef>,
    message: &str,
) -> String {
    let mut out = origin.to_string();
    if let Some(line) = line {
        out.push_str(&format!(":{line}"));
        if let Some(column) = column {
            out.push_str(&format!(":{column}"));
        }
    }
    out.push_str(": ");
    if let Some(job) = job {
        out.push_str(&format!("{job}: "));
    }
    out.push_str(message);
    out
}
