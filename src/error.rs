//! How failures reach the user: the message format and the exit code, decided in one place.
//!
//! Modules return typed errors (`thiserror`); commands pass them up as `anyhow::Error`; `main`
//! calls [`report`] and exits with [`exit_code`]. Messages that Hail's tool prints in its own
//! words (and that scripts may match) are [`Reported`] errors, printed exactly as given. All
//! others are printed as `error: <message>`, followed by `hint: <hint>` when there is one.

use crate::config::ConfigError;
use crate::config::resolve::ResolveError;
use crate::printer::{write_stderr_line, write_stdout};

/// Exit status for success.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit status for a failure (bad value, missing file, service error, ...).
pub(crate) const EXIT_FAILURE: u8 = 1;
/// Exit status for a usage error (unknown command, flag or choice), as Click uses.
pub(crate) const EXIT_USAGE: u8 = 2;

/// Exit status of `batch wait` (and `submit --wait`) when the batch failed.
pub(crate) const EXIT_BATCH_FAILED: u8 = 3;
/// Exit status of `batch wait` when the batch was cancelled.
pub(crate) const EXIT_BATCH_CANCELLED: u8 = 4;
/// Exit status when the batch or job named on the command line does not exist.
pub(crate) const EXIT_NOT_FOUND: u8 = 5;

/// A failure whose message is already in its final form (usually Hail's exact words).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct Reported {
    pub message: String,
    pub code: u8,
}

impl Reported {
    /// A message printed as is, exiting with `code`.
    pub(crate) fn with_code(message: impl Into<String>, code: u8) -> Self {
        Reported {
            message: message.into(),
            code,
        }
    }

    /// A message printed as is, exiting with status 1.
    pub(crate) fn failure(message: impl Into<String>) -> Self {
        Reported {
            message: message.into(),
            code: EXIT_FAILURE,
        }
    }
}

/// A failure with a suggestion for the user.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct WithHint {
    pub message: String,
    pub hint: String,
}

/// True if the error is a closed stdout or stderr (`hailctl ... | head`), which is not a failure.
pub(crate) fn is_broken_pipe(err: &anyhow::Error) -> bool {
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
        if let Some(staging) = cause.downcast_ref::<crate::staging::StagingError>()
            && let Some(h) = staging.hint()
        {
            return Some(h);
        }
        if let Some(ResolveError::Config(config)) = cause.downcast_ref::<ResolveError>() {
            return config.hint();
        }
    }
    None
}

/// An error and its causes as one line, `outer: cause: ...`, each text once: many errors
/// (a library's, or ours with `{source}` in their message) already include their cause's
/// text, and printing the chain again would repeat it (`x: y: y: y`).
fn chain_text(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if text.is_empty() || out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Prints an error on stderr.
pub fn report(err: &anyhow::Error) {
    if is_broken_pipe(err) {
        return;
    }
    // Nothing useful can be done if stderr itself is closed.
    let _ = match err.downcast_ref::<Reported>() {
        // An empty message means the outcome speaks through the exit status alone.
        Some(reported) if reported.message.is_empty() => Ok(()),
        Some(reported) => write_stderr_line(&reported.message),
        None => {
            // Trimmed: some messages (Hail's NotLoggedInError) start and end with a newline.
            let _ = write_stderr_line(&format!("error: {}", chain_text(err).trim()));
            match hint(err) {
                Some(h) => write_stderr_line(&format!("hint: {h}")),
                None => Ok(()),
            }
        }
    };
}

/// Reports a command line clap refused and gives the exit status. Help and version go to
/// stdout with status 0. A command group called without a subcommand prints its help on stdout
/// with status 2, as Hail's tool does. Other usage errors go to stderr with status 2.
pub fn report_clap_error(err: clap::Error) -> u8 {
    match err.kind() {
        clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = write_stdout(&[err.render().to_string().as_bytes()]);
            EXIT_USAGE
        }
        _ => {
            // clap prints help/version to stdout and errors to stderr, and knows the status.
            let _ = err.print();
            u8::try_from(err.exit_code()).unwrap_or(EXIT_USAGE)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_cause_already_in_the_message_is_printed_once() {
        let io = std::io::Error::other("disk on fire");
        let err = anyhow::Error::new(io).context("cannot write x: disk on fire");
        assert_eq!(super::chain_text(&err), "cannot write x: disk on fire");
        let err = anyhow::anyhow!("inner").context("outer");
        assert_eq!(super::chain_text(&err), "outer: inner");
    }

    #[test]
    fn a_failed_upload_without_credentials_says_so_once_with_a_hint() {
        let repeated = "Error performing token request: 403 Forbidden";
        let upload = crate::staging::StagingError::Upload {
            path: "/data/f.txt".into(),
            url: "gs://b/x/f.txt".into(),
            source: Box::new(std::io::Error::other(repeated)),
        };
        let err = anyhow::Error::new(upload);
        let text = super::chain_text(&err);
        assert_eq!(text.matches(repeated).count(), 1, "{text}");
        let hint = super::hint(&err).expect("a hint");
        assert!(hint.contains("hailctl auth login"), "{hint}");
    }
}
