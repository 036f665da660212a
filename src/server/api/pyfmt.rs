//! Python-style rendering of values inside error messages.
//!
//! Hail builds its 400 messages with f-strings, so values appear as Python's `str()` / `repr()`
//! would print them: `None`, `True`, `'text'`, `{'a', 'b'}` (sets), `[('ns', 'name')]`,
//! `{'bucket': 'b', 'read_only': False}`. Python set order is unstable; we print elements in
//! the order given (request order, or declaration order for fixed sets), which is one of the
//! orders Python may produce.

use serde_json::Value;

/// `repr()` of a string (shared with the configuration messages).
pub(crate) fn repr_str(s: &str) -> String {
    crate::config::pystr::repr(s)
}

/// `repr()` of a JSON number as Python would print the parsed value.
fn repr_number(n: &serde_json::Number) -> String {
    if n.is_f64() {
        match n.as_f64() {
            Some(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 => format!("{f:.1}"),
            Some(f) => format!("{f}"),
            None => n.to_string(),
        }
    } else {
        n.to_string()
    }
}

/// `repr()` of a JSON value after `json.loads`.
pub(crate) fn repr(v: &Value) -> String {
    match v {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Number(n) => repr_number(n),
        Value::String(s) => repr_str(s),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(repr).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", repr_str(k), repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// `str()` of a JSON value: strings bare, everything else as [`repr`].
pub(crate) fn str_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => repr(other),
    }
}

/// A Python set of strings: `{'a', 'b'}`; the empty set prints as `set()`.
pub(crate) fn set_of<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let parts: Vec<String> = items.into_iter().map(repr_str).collect();
    if parts.is_empty() {
        "set()".to_owned()
    } else {
        format!("{{{}}}", parts.join(", "))
    }
}

/// A Python list of strings: `['a', 'b']`.
pub(crate) fn list_of<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let parts: Vec<String> = items.into_iter().map(repr_str).collect();
    format!("[{}]", parts.join(", "))
}

/// A Python bool: `True` / `False`.
pub(crate) fn bool_str(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renders_like_python() {
        let cases = [
            (json!(null), "None"),
            (json!(true), "True"),
            (json!(1), "1"),
            (json!(1.0), "1.0"),
            (json!(0.5), "0.5"),
            (json!("a'b"), "\"a'b\""),
            (json!("a\nb"), "'a\\nb'"),
            (
                json!({"bucket": "b", "mount_path": "/io", "read_only": true}),
                "{'bucket': 'b', 'mount_path': '/io', 'read_only': True}",
            ),
            (json!([1, "x", [null]]), "[1, 'x', [None]]"),
        ];
        for (v, want) in cases {
            assert_eq!(repr(&v), want);
        }
        assert_eq!(str_of(&json!("shell")), "shell");
        assert_eq!(set_of(["public", "private"]), "{'public', 'private'}");
        assert_eq!(set_of([]), "set()");
        assert_eq!(list_of(["image"]), "['image']");
        assert_eq!(bool_str(false), "False");
    }
}
