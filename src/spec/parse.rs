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
        SpecFormat::Json => serde_json::from_str::<RawSpec>(text).map_err(|e| json_error(&e)),
    };
    let context = raw::take_job_context();
    result.map_err(|located| {
        let job = context.map(|ctx| JobRef {
            index: ctx.index,
            name: ctx.name,
        });
        let message = match &job {
            Some(job) => strip_yaml_job_path(&located.message, job.index),
            None => located.message,
        };
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

fn json_error(error: &serde_json::Error) -> Located {
    let (line, column) = (error.line(), error.column());
    let text = error.to_string();
    if line == 0 {
        return Located {
            line: None,
            column: None,
            message: text,
        };
    }
    Located {
        line: Some(line),
        column: Some(column),
        message: text.replacen(&format!(" at line {line} column {column}"), "", 1),
    }
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
