//! The process environment, read once.
//!
//! Every other module gets an [`Env`] value instead of calling `std::env::var`, so the order of
//! configuration layers can be tested with a plain map and a command never sees the environment
//! change half way through.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};

/// A snapshot of environment variables.
#[derive(Clone, Debug, Default)]
pub struct Env {
    vars: BTreeMap<OsString, OsString>,
}

impl Env {
    /// Reads the environment of this process.
    pub fn from_process() -> Self {
        Env {
            vars: std::env::vars_os().collect(),
        }
    }

    /// An environment holding exactly these variables (for tests and embedding).
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<OsString>,
        V: Into<OsString>,
    {
        Env {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// The raw value of `name`, if it is set (possibly to the empty string).
    pub fn get_os(&self, name: &str) -> Option<&OsStr> {
        self.vars.get(OsStr::new(name)).map(OsString::as_os_str)
    }

    /// The value of `name` as text, if it is set. A value that is not valid UTF-8 is converted
    /// lossily, as Python's `os.environ` would show it with surrogate escapes.
    pub fn get(&self, name: &str) -> Option<String> {
        self.get_os(name).map(|v| v.to_string_lossy().into_owned())
    }

    /// True if `name` is set to a non-empty value.
    pub fn is_set_non_empty(&self, name: &str) -> bool {
        self.get_os(name).is_some_and(|v| !v.is_empty())
    }

    /// Sets a variable in this snapshot (not in the process).
    pub fn set(&mut self, name: impl Into<OsString>, value: impl Into<OsString>) {
        self.vars.insert(name.into(), value.into());
    }

    /// Removes a variable from this snapshot (not from the process).
    pub fn remove(&mut self, name: &str) {
        self.vars.remove(OsStr::new(name));
    }

    /// Every variable, for handing the environment to a program the service runs on its own
    /// behalf (a registry credential helper), never to a job.
    pub(crate) fn vars_os(&self) -> impl Iterator<Item = (&OsStr, &OsStr)> {
        self.vars
            .iter()
            .map(|(k, v)| (k.as_os_str(), v.as_os_str()))
    }

    /// All variables whose name starts with `prefix`, in name order.
    pub fn with_prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (String, String)> + 'a {
        self.vars.iter().filter_map(move |(k, v)| {
            let k = k.to_str()?;
            k.starts_with(prefix)
                .then(|| (k.to_string(), v.to_string_lossy().into_owned()))
        })
    }
}
