//! Reading answers from standard input: Python's `input()` and rich's `Prompt`, `Confirm` and
//! `IntPrompt` as Hail's `auth login` and `batch init` use them (prompt on stdout, answer read
//! from stdin, an invalid answer explained and asked again).
//!
//! One thread reads stdin line by line for the whole process and hands lines over a channel, so
//! a login can wait for a pasted address and for the browser's redirect at once (see
//! [`Input::Redirect`]) without a stray read stealing the answer to a later prompt.

use std::io::BufRead;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Mutex, OnceLock};

use anyhow::Result;

use super::Context;
use crate::error::{EXIT_FAILURE, Reported};

/// What the input channel carries.
#[derive(Debug)]
pub(crate) enum Input {
    /// A line of stdin, without its line ending.
    Line(String),
    /// Stdin ended.
    Eof,
    /// The OAuth redirect reached the login's loopback listener: the code, or why it failed.
    Redirect(Result<String, String>),
    /// A request reached the login's loopback listener that is not this sign-in's redirect (a
    /// wrong `state`): why it was ignored.
    RedirectIgnored(String),
}

struct Channel {
    sender: Sender<Input>,
    receiver: Mutex<Receiver<Input>>,
    /// Set once [`Input::Eof`] was received: later reads return at once.
    eof: Mutex<bool>,
}

fn channel_handle() -> &'static Channel {
    static CHANNEL: OnceLock<Channel> = OnceLock::new();
    CHANNEL.get_or_init(|| {
        let (sender, receiver) = channel();
        let reader = sender.clone();
        std::thread::spawn(move || {
            let stdin = std::io::stdin();
            loop {
                let mut line = String::new();
                match stdin.lock().read_line(&mut line) {
                    Ok(0) | Err(_) => {
                        let _ = reader.send(Input::Eof);
                        return;
                    }
                    Ok(_) => {
                        let line = line.strip_suffix('\n').unwrap_or(&line);
                        let line = line.strip_suffix('\r').unwrap_or(line).to_string();
                        if reader.send(Input::Line(line)).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        Channel {
            sender,
            receiver: Mutex::new(receiver),
            eof: Mutex::new(false),
        }
    })
}

/// A sender into the input channel (the login's redirect listener uses it).
pub(crate) fn input_sender() -> Sender<Input> {
    channel_handle().sender.clone()
}

/// The next input: a line, the end of stdin (once, then [`next_input`] skips stdin), or a
/// redirect. After the end of stdin only redirects can come.
pub(crate) fn next_input() -> Input {
    let handle = channel_handle();
    let Ok(receiver) = handle.receiver.lock() else {
        return Input::Eof;
    };
    match receiver.recv() {
        Ok(Input::Eof) | Err(_) => {
            if let Ok(mut eof) = handle.eof.lock() {
                *eof = true;
            }
            Input::Eof
        }
        Ok(other) => other,
    }
}

/// True once stdin has ended.
pub(crate) fn stdin_ended() -> bool {
    channel_handle().eof.lock().map(|e| *e).unwrap_or(true)
}

/// The next line of stdin, or `None` at its end. A stray redirect is ignored.
pub(crate) fn read_line() -> Option<String> {
    if stdin_ended() {
        return None;
    }
    loop {
        match next_input() {
            Input::Line(line) => return Some(line),
            Input::Eof => return None,
            Input::Redirect(_) | Input::RedirectIgnored(_) => continue,
        }
    }
}

/// Python's `input(prompt)`: the prompt on stdout, then a line; `None` at the end of stdin.
pub(crate) fn input(ctx: &Context, prompt: &str) -> Result<Option<String>> {
    ctx.printer.raw(prompt)?;
    Ok(read_line())
}

/// Click's abort when a prompt meets the end of stdin: an empty line, then `Aborted.` on
/// stderr, exit 1.
pub(crate) fn aborted_at_eof() -> anyhow::Error {
    Reported::with_code("\nAborted.", EXIT_FAILURE).into()
}

/// `Aborted.` on stderr, exit 1 (`typer.Abort`).
pub(crate) fn aborted() -> anyhow::Error {
    Reported::with_code("Aborted.", EXIT_FAILURE).into()
}

/// rich's `Prompt.ask(prompt, default=..., choices=...)`: `prompt [a/b] (default): `; an empty
/// answer takes the default; an answer outside the choices says so and asks again.
pub(crate) fn ask(
    ctx: &Context,
    prompt: &str,
    default: Option<&str>,
    choices: Option<&[String]>,
) -> Result<String> {
    let mut text = prompt.to_string();
    if let Some(choices) = choices {
        text.push_str(&format!(" [{}]", choices.join("/")));
    }
    if let Some(default) = default {
        text.push_str(&format!(" ({default})"));
    }
    text.push_str(": ");
    loop {
        let Some(answer) = input(ctx, &text)? else {
            return Err(aborted_at_eof());
        };
        if answer.is_empty()
            && let Some(default) = default
        {
            return Ok(default.to_string());
        }
        let answer = crate::format::python::strip(&answer).to_string();
        if let Some(choices) = choices
            && !choices.contains(&answer)
        {
            ctx.printer
                .line("Please select one of the available options")?;
            continue;
        }
        return Ok(answer);
    }
}

/// rich's `Confirm.ask(prompt)`: `prompt [y/n]: `, `y` or `n` in any case.
pub(crate) fn confirm(ctx: &Context, prompt: &str) -> Result<bool> {
    let text = format!("{prompt} [y/n]: ");
    loop {
        let Some(answer) = input(ctx, &text)? else {
            return Err(aborted_at_eof());
        };
        match crate::format::python::strip(&answer)
            .to_lowercase()
            .as_str()
        {
            "y" => return Ok(true),
            "n" => return Ok(false),
            _ => ctx.printer.line("Please enter Y or N")?,
        }
    }
}

/// rich's `IntPrompt.ask(prompt, default=...)`: an integer as Python's `int()` reads it.
pub(crate) fn ask_int(ctx: &Context, prompt: &str, default: i64) -> Result<i64> {
    let text = format!("{prompt} ({default}): ");
    loop {
        let Some(answer) = input(ctx, &text)? else {
            return Err(aborted_at_eof());
        };
        if answer.is_empty() {
            return Ok(default);
        }
        let digits = crate::format::python::strip(&answer).replace('_', "");
        match digits.parse::<i64>() {
            Ok(n) => return Ok(n),
            Err(_) => ctx.printer.line("Please enter a valid integer number")?,
        }
    }
}
