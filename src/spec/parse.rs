//! From text to [`RawSpec`] with each format's parser, turning its errors into
//! [`SpecError::Parse`] with a 1-based line and column and the `jobs` entry they occurred in.

use super::SpecFormat;
use super::error::{JobRef, SpecError};
use super::raw::{self, RawSpec};

/// Parses `text` as `format`. `origin` names the text in messages.
pub(crate) fn parse(text: &str, format: SpecFormat, origin: &str) -> Result<RawSpec, SpecError> {
    // A byte-order mark is not part of any of the three syntaxes but editors write one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    raw::reset_job_context();
    let result = match format {
        SpecFormat::Yaml => serde_yaml::from_str::<RawSpec>(text).map_err(|e| yaml_error(&e)),
        SpecFormat::Toml => toml::from_str::<RawSpec>(text).map_err(|e| toml_error(&e, text)),
        SpecFormat::Json => serde_json::from_str::<RawSpec>(text).map_err(|e| json_error(&e, text)),
    };
    let context = raw::take_job_context();
    result.map_err(|located| {
        // A syntax error is about the text, not about an entry (the entry the parser was about
        // to read may not exist).
        let syntax = is_syntax_error(&located.message);
        let job = context.filter(|_| !syntax).map(|ctx| JobRef {
            index: ctx.index,
            name: ctx.name,
        });
        let message = match &job {
            Some(job) => strip_yaml_job_path(&located.message, job.index),
            None if syntax => strip_syntax_error_path(&located.message),
            None => located.message,
        };
        let message = plain_type_names(&message);
        SpecError::Parse {
            origin: origin.to_string(),
            line: located.line,
            column: located.column,
            job,
            message,
        }
    })
}

/// A parser's message with its position, before the origin and job are attached.
struct Located {
    line: Option<usize>,
    column: Option<usize>,
    message: String,
}

fn yaml_error(error: &serde_yaml::Error) -> Located {
    let text = error.to_string();
    match error.location() {
        Some(loc) => Located {
            line: Some(loc.line()),
            column: Some(loc.column()),
            // The position is reported separately; drop serde_yaml's own copy of it.
            message: text.replacen(
                &format!(" at line {} column {}", loc.line(), loc.column()),
                "",
                1,
            ),
        },
        None => Located {
            line: None,
            column: None,
            message: text,
        },
    }
}

/// serde_yaml prefixes messages with the path of the failing value (`jobs[1].timeout: ...`);
/// the job is already named, so keep only the part below the entry.
fn strip_yaml_job_path(message: &str, index: usize) -> String {
    let prefix = format!("jobs[{index}]");
    match message.strip_prefix(&prefix) {
        Some(rest) if rest.starts_with(": ") => rest[2..].to_string(),
        Some(rest) if rest.starts_with('.') => rest[1..].to_string(),
        _ => message.to_string(),
    }
}

/// Whether a YAML message is libyaml's: the text is not YAML at all.
fn is_syntax_error(message: &str) -> bool {
    ["while parsing", "while scanning", "did not find expected"]
        .iter()
        .any(|m| message.contains(m))
}

/// A YAML syntax error (the text could not be read as YAML at all) comes with the path where
/// the parser would have put the next value, such as `jobs[1]` for a misindented line below
/// `jobs[0]`: an entry that does not exist. The position says where; the path is dropped, and
/// an indentation hint is added.
fn strip_syntax_error_path(message: &str) -> String {
    let bare = match message.split_once(": ") {
        Some((path, rest))
            if !path.is_empty() && !path.contains(' ') && path.chars().all(|c| c != '\'') =>
        {
            rest
        }
        _ => message,
    };
    format!("{bare} (check this line's indentation)")
}

/// The parsers name Rust types (`expected f64`, `expected u32`); a user reads the kind of value.
fn plain_type_names(message: &str) -> String {
    let mut out = message.to_string();
    for (rust, plain) in [
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected u64", "expected a whole number (0 or more)"),
        ("expected u32", "expected a whole number (0 or more)"),
        ("expected usize", "expected a whole number (0 or more)"),
        ("expected i64", "expected a whole number"),
        ("expected i32", "expected a whole number"),
    ] {
        out = out.replace(rust, plain);
    }
    out
}

fn toml_error(error: &toml::de::Error, text: &str) -> Located {
    let message = error.message().trim_end().to_string();
    match error.span() {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            Located {
                line: Some(line),
                column: Some(column),
                message,
            }
        }
        None => Located {
            line: None,
            column: None,
            message,
        },
    }
}

fn json_error(error: &serde_json::Error, text: &str) -> Located {
    let (line, byte_column) = (error.line(), error.column());
    let message = error.to_string();
    let Some(offset) = json_offset(text, line, byte_column) else {
        return Located {
            line: None,
            column: None,
            message,
        };
    };
    // serde_json counts the bytes of the line up to and including the one in error; the
    // column is that byte's character.
    let column = match byte_column {
        0 => 1,
        _ => line_column(text, offset - 1).1,
    };
    Located {
        line: Some(line),
        column: Some(column),
        message: message.replacen(&format!(" at line {line} column {byte_column}"), "", 1),
    }
}

/// The byte offset after `column` bytes of the 1-based `line`, as serde_json reports
/// positions; `None` for line 0 (no position).
pub(crate) fn json_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = match line {
        0 => return None,
        1 => 0,
        _ => text.match_indices('\n').nth(line - 2)?.0 + 1,
    };
    Some((line_start + column).min(text.len()))
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}
