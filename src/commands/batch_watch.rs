//! Following a batch that exists: looking it up (exit status 5 when there is none), opening its
//! page, waiting for it to complete with Hail's backoff, and the exit status of its outcome.
//! Shared by the batch commands (`get`, `wait`, `status`, ...) and `submit` (`--open`, `--wait`).

use std::time::Duration;

use anyhow::Result;
use rand::Rng;
use serde_json::Value;

use super::Context;
use crate::client::BatchClient;
use crate::error::{EXIT_BATCH_CANCELLED, EXIT_BATCH_FAILED, EXIT_NOT_FOUND, Reported};

/// The batch's status, or Hail's "not found" message (on stderr, exit status 5).
pub(crate) async fn lookup_batch(client: &BatchClient, batch_id: i64) -> Result<Value> {
    client.get_batch(batch_id).await?.ok_or_else(|| {
        let message = format!("Batch with id {batch_id} not found");
        Reported::with_code(message, EXIT_NOT_FOUND).into()
    })
}

/// Opens `path` of the web UI in a browser, signed in when the backend is the local service
/// (see [`BatchClient::signed_in_ui_url`]). Opening is a convenience after the real work (a
/// submission, a wait): failing to sign in or to start a browser is only a warning.
pub(crate) async fn open_page(ctx: &Context, client: &BatchClient, path: &str) -> Result<()> {
    let url = match client.signed_in_ui_url(path).await {
        Ok(url) => url,
        Err(e) => {
            ctx.printer.warn(&format!(
                "cannot make a sign-in link ({e}); opening the page as is"
            ))?;
            client.ui_url(path)
        }
    };
    if let Err(e) = open::that_detached(&url) {
        ctx.printer.warn(&format!(
            "cannot open a browser ({}); the page is {url}",
            browser_failure(&e)
        ))?;
    }
    Ok(())
}

/// Why no browser opened, in words: the `open` crate reports a launcher's failure with its
/// whole command line and Rust's debug form of the exit status.
pub(crate) fn browser_failure(error: &std::io::Error) -> String {
    if error.kind() == std::io::ErrorKind::NotFound {
        return "no launcher such as xdg-open is installed".to_string();
    }
    let text = error.to_string();
    let launcher = text
        .strip_prefix("Launcher \"")
        .and_then(|rest| rest.split('"').next());
    let status = text
        .split("unix_wait_status(")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .and_then(|n| n.parse::<i32>().ok());
    match (launcher, status) {
        (Some(launcher), Some(status)) if status & 0x7f == 0 => {
            format!("{launcher} exited with status {}", status >> 8)
        }
        (Some(launcher), Some(status)) => {
            format!("{launcher} was killed by signal {}", status & 0x7f)
        }
        (Some(launcher), None) => format!("{launcher} failed"),
        _ => text,
    }
}

/// Hail's wait backoff: `0.1 s × randrange(floor(1.1^i))`, `i` growing to 64.
fn wait_delay(i: u32) -> Duration {
    let bound = 1.1f64.powi(i.min(64) as i32).floor() as u64;
    let steps = if bound <= 1 {
        0
    } else {
        rand::rng().random_range(0..bound)
    };
    Duration::from_millis(100 * steps)
}

/// Polls the batch until it is complete (Hail's backoff), with a progress bar on stderr when
/// `show_bar` and the printer draws bars (a terminal, no `--quiet`). Returns the final status.
pub(crate) async fn wait_for_batch(
    ctx: &Context,
    client: &BatchClient,
    batch_id: i64,
    show_bar: bool,
) -> Result<Value> {
    let mut batch = lookup_batch(client, batch_id).await?;
    let bar = if show_bar {
        ctx.printer.bar(
            batch["n_jobs"].as_u64().unwrap_or(0),
            "{msg} {wide_bar} {percent:>3}% {pos}/{len} {eta} {elapsed_precise}",
            &client.ui_url(&format!("/batches/{batch_id}")),
        )
    } else {
        None
    };
    let mut i = 0u32;
    loop {
        if let Some(bar) = &bar {
            bar.set_length(batch["n_jobs"].as_u64().unwrap_or(0));
            bar.set_position(batch["n_completed"].as_u64().unwrap_or(0));
        }
        if batch["complete"] == Value::Bool(true) {
            break;
        }
        tokio::time::sleep(wait_delay(i)).await;
        i = (i + 1).min(64);
        batch = lookup_batch(client, batch_id).await?;
    }
    if let Some(bar) = bar {
        // Cleared: the line that follows (the outcome) replaces it.
        bar.finish_and_clear();
    }
    Ok(batch)
}

/// Exit status of a finished batch: 0 success, 3 failure, 4 cancelled.
pub(crate) fn outcome_exit(batch: &Value) -> Result<()> {
    match batch["state"].as_str() {
        Some("success") => Ok(()),
        Some("cancelled") => Err(Reported::with_code(String::new(), EXIT_BATCH_CANCELLED).into()),
        _ => Err(Reported::with_code(String::new(), EXIT_BATCH_FAILED).into()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn browser_failures_are_said_in_words() {
        let failed = std::io::Error::other(
            "Launcher \"xdg-open\" \"http://x/login?code=1\" failed with ExitStatus(unix_wait_status(768))",
        );
        assert_eq!(
            super::browser_failure(&failed),
            "xdg-open exited with status 3"
        );
        let killed = std::io::Error::other(
            "Launcher \"xdg-open\" \"u\" failed with ExitStatus(unix_wait_status(9))",
        );
        assert_eq!(
            super::browser_failure(&killed),
            "xdg-open was killed by signal 9"
        );
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(
            super::browser_failure(&missing),
            "no launcher such as xdg-open is installed"
        );
    }
}
