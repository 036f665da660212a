//! How failures reach the user: the message format and the exit code, decided in one place.
//!
//! Modules return typed errors (`thiserror`); commands pass them up as `anyhow::Error`; `main`
//! calls [`report`] and exits with [`exit_code`]. Messages that Hail's tool prints in its own
//! words (and that scripts may match) are [`Reported`] errors, printed exactly as given. All
//! others are printed as `error: <message>`, followed by `hint: <hint>` when there is one.

use std::io::Write;

use crate::config::ConfigError;
use crate::config::resolve::ResolveError;

/// Exit status for success.
pub const EXIT_OK: u8 = 0;
/// Exit status for a failure (bad value, missing file, service error, ...).
pub const EXIT_FAILURE: u8 = 1;
/// Exit status for a usage error (unknown command, flag or choice), as Click uses.
pub const EXIT_USAGE: u8 = 2;

/// Exit status of `batch wait` (and `submit --wait`) when the batch failed.
pub const EXIT_BATCH_FAILED: u8 = 3;
/// Exit status of `batch wait` when the batch was cancelled.
pub const EXIT_BATCH_CANCELLED: u8 = 4;
/// Exit status when the batch or job named on the command line does not exist.
pub const EXIT_NOT_FOUND: u8 = 5;

/// A failure whose message is already in its final form (usually Hail's exact words).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Reported {
    pub message: String,
    pub code: u8,
}

impl Reported {
    /// A message printed as is, exiting with `code`.
    pub fn with_code(message: impl Into<String>, code: u8) -> Self {
        Reported {
            message: message.into(),
            code,
        }
    }

    /// A message printed as is, exiting with status 1.
    pub fn failure(message: impl Into<String>) -> Self {
        Reported {
            message: message.into(),
            code: EXIT_FAILURE,
        }
    }
}

/// A failure with a suggestion for the user.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct WithHint {
    pub message: String,
    pub hint: String,
}

/// True if the error is a closed stdout or stderr (`hailctl ... | head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The exit status for an error.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if is_broken_pipe(err) {
        return EXIT_OK;
    }
    match err.downcast_ref::<Reported>() {
        Some(reported) => reported.code,
        None => EXIT_FAILURE,
    }
}

fn hint(err: &anyhow::Error) -> Option<String> {
    for cause in err.chain() {
        if let Some(h) = cause.downcast_ref::<WithHint>() {
            return Some(h.hint.clone());
        }
        if let Some(config) = cause.downcast_ref::<ConfigError>() {
            return config.hint();
        }
        if let Some(ResolveError::Config(config)) = cause.downcast_ref::<ResolveError>() {
            return config.hint();
        }
    }
    None
}

/// Prints an error on stderr.
pub fn report(err: &anyhow::Error) {
    if is_broken_pipe(err) {
        return;
    }
    let mut stderr = std::io::stderr().lock();
    // Nothing useful can be done if stderr itself is closed.
    let _ = match err.downcast_ref::<Reported>() {
        // An empty message means the outcome speaks through the exit status alone.
        Some(reported) if reported.message.is_empty() => Ok(()),
        Some(reported) => writeln!(stderr, "{}", reported.message),
        None => {
            let _ = writeln!(stderr, "error: {err:#}");
            match hint(err) {
                Some(h) => writeln!(stderr, "hint: {h}"),
                None => Ok(()),
            }
        }
    };
}
