//! All output goes through the [`Printer`]: results to stdout, warnings and notes to stderr, and
//! (for the batch commands) progress bars, which are shown only when they cannot get in the way.
//! The local service's log lines go through [`service_log!`].
//!
//! Writes return `io::Result` instead of panicking as `println!` does, so a closed pipe
//! (`hailctl config list | head -1`) ends the command quietly.

use std::io::{self, IsTerminal, Write};

use crate::env::Env;

/// Where output goes, and whether decorations are allowed.
#[derive(Debug)]
pub(crate) struct Printer {
    quiet: bool,
    progress: bool,
}

impl Printer {
    /// A printer for this process. Progress bars need stderr to be a terminal, no `--quiet`,
    /// and no `CI` environment (CI logs are not terminals, even when they pretend to be).
    pub(crate) fn new(env: &Env, quiet: bool) -> Self {
        let ci = env.is_set_non_empty("CI");
        let dumb = env.get("TERM").is_some_and(|t| t == "dumb");
        Printer {
            quiet,
            progress: !quiet && !ci && !dumb && io::stderr().is_terminal(),
        }
    }

    /// A progress bar of `len` steps drawn on stderr with `template` (indicatif's syntax) and
    /// `message`, or `None` when bars are not allowed (see [`Printer::new`]).
    pub(crate) fn bar(
        &self,
        len: u64,
        template: &str,
        message: &str,
    ) -> Option<indicatif::ProgressBar> {
        if !self.progress {
            return None;
        }
        let bar = indicatif::ProgressBar::new(len);
        bar.set_style(
            indicatif::ProgressStyle::with_template(template)
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.set_message(message.to_string());
        Some(bar)
    }

    /// Writes `text` and a newline to stdout.
    pub(crate) fn line(&self, text: &str) -> io::Result<()> {
        write_stdout(&[text.as_bytes(), b"\n"])
    }

    /// Writes `text` to stdout as is.
    pub(crate) fn raw(&self, text: &str) -> io::Result<()> {
        write_stdout(&[text.as_bytes()])
    }

    /// Writes `bytes` to stdout as they are (a raw log).
    pub(crate) fn bytes(&self, bytes: &[u8]) -> io::Result<()> {
        write_stdout(&[bytes])
    }

    /// Writes `text` and a newline to stderr (never suppressed: it is what went wrong).
    pub(crate) fn error_line(&self, text: &str) -> io::Result<()> {
        write_stderr_line(text)
    }

    /// Writes a `warning:` line to stderr unless `--quiet`.
    pub(crate) fn warn(&self, text: &str) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        self.error_line(&format!("warning: {text}"))
    }

    /// Writes a `note:` line to stderr unless `--quiet`.
    pub(crate) fn note(&self, text: &str) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        self.error_line(&format!("note: {text}"))
    }
}

/// Writes `parts` to stdout and flushes: every stdout write of the tool.
pub(crate) fn write_stdout(parts: &[&[u8]]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    for part in parts {
        out.write_all(part)?;
    }
    out.flush()
}

/// Writes `text` and a newline to stderr: every stderr write of the tool. Writers without a
/// [`Printer`] (the error reporter, the client's default warning sink) call it directly.
pub(crate) fn write_stderr_line(text: &str) -> io::Result<()> {
    let mut err = io::stderr().lock();
    err.write_all(text.as_bytes())?;
    err.write_all(b"\n")
}

/// `service_log!("…", args)`: a line of the local service's log, `hailctl: <text>` on stderr,
/// which `hailctl batch serve --start` sends to `server.log`. Never give it a token.
macro_rules! service_log {
    ($($arg:tt)*) => {
        $crate::printer::write_service_log(format_args!($($arg)*))
    };
}
pub(crate) use service_log;

/// What [`service_log!`] writes.
pub(crate) fn write_service_log(text: std::fmt::Arguments<'_>) {
    // A log line that cannot be written (stderr closed) is not worth failing the service for.
    let _ = write_stderr_line(&format!("hailctl: {text}"));
}
