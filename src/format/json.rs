//! Python `json.dumps(value, indent=2)` and `orjson.dumps(value)`.

use serde_json::Value;

use super::python::{float_repr, orjson_float};

/// `json.dumps(value, indent=2)` with Python's defaults (`ensure_ascii=True`).
pub(super) fn indented(value: &Value) -> String {
    let mut out = String::new();
    write_indented(value, 0, &mut out);
    out
}

fn write_indented(value: &Value, level: usize, out: &mut String) {
    match value {
        // Empty containers never get a newline: `[]`, `{}`.
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                // With an indent, the item separator is a bare `,` followed by the newline.
                out.push_str(if index == 0 { "\n" } else { ",\n" });
                push_indent(level + 1, out);
                write_indented(item, level + 1, out);
            }
            out.push('\n');
            push_indent(level, out);
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (index, (key, item)) in map.iter().enumerate() {
                out.push_str(if index == 0 { "\n" } else { ",\n" });
                push_indent(level + 1, out);
                write_ascii_string(key, out);
                out.push_str(": ");
                write_indented(item, level + 1, out);
            }
            out.push('\n');
            push_indent(level, out);
            out.push('}');
        }
        scalar => write_python_scalar(scalar, out),
    }
}

fn push_indent(level: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', level * 2));
}

/// Python's encoding of a JSON scalar: `null`, `true`, ints as is, floats via `float.__repr__`
/// (with `NaN` / `Infinity` for the non-finite ones, which `allow_nan=True` permits).
fn write_python_scalar(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => match number.as_f64() {
            Some(float) if number.is_f64() => out.push_str(&match float {
                f if f.is_nan() => "NaN".to_owned(),
                f if f == f64::INFINITY => "Infinity".to_owned(),
                f if f == f64::NEG_INFINITY => "-Infinity".to_owned(),
                f => float_repr(f),
            }),
            _ => out.push_str(&number.to_string()),
        },
        Value::String(text) => write_ascii_string(text, out),
        // Containers are handled by the callers.
        Value::Array(_) | Value::Object(_) => {}
    }
}

/// A JSON string with `ensure_ascii`: everything outside `' '..='~'` is escaped, using the
/// short forms where JSON has them, `\u00XX` (lowercase) otherwise, and surrogate pairs beyond
/// the Basic Multilingual Plane.
fn write_ascii_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

/// `orjson.dumps(value)`: no whitespace, UTF-8 as is, only `"`, `\` and control characters
/// escaped.
pub(super) fn compact(value: &Value) -> String {
    let mut out = String::new();
    write_compact(value, &mut out);
    out
}

fn write_compact(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => match number.as_f64() {
            Some(float) if number.is_f64() => out.push_str(&orjson_float(float)),
            _ => out.push_str(&number.to_string()),
        },
        Value::String(text) => write_utf8_string(text, out),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_compact(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (index, (key, item)) in map.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_utf8_string(key, out);
                out.push(':');
                write_compact(item, out);
            }
            out.push('}');
        }
    }
}

fn write_utf8_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            c if c < ' ' => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}
