//! Building blocks that reproduce Hail's schema validator (`hailtop/utils/validate/validate.py`)
//! message for message (`batch-api.md` §3.1). Each function checks one JSON value under a
//! dotted `name` (`jobs[0].resources.cpu`) and either returns the typed value or the exact
//! message Hail would put in the 400.
//!
//! Python semantics worth knowing: JSON booleans are accepted where an int is expected (`bool`
//! is a subclass of `int`), integers are never accepted where a bool is expected, and "numeric"
//! accepts ints and floats.

use regex::Regex;
use serde_json::{Map, Value};

use super::ValidationError;
use super::types::Attributes;
use crate::format::python;

pub(crate) type VResult<T> = Result<T, ValidationError>;

pub(crate) fn err<T>(message: impl Into<String>) -> VResult<T> {
    Err(ValidationError(message.into()))
}

/// `<name> is not <class 'T'>`.
pub(crate) fn not_type<T>(name: &str, class: &str) -> VResult<T> {
    err(format!("{name} is not <class '{class}'>"))
}

/// A Python `int`: a JSON integer that fits in i64, or a boolean (0/1).
pub(crate) fn int(name: &str, v: &Value) -> VResult<i64> {
    match v {
        Value::Bool(b) => Ok(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Ok(i),
            None => not_type(name, "int"),
        },
        _ => not_type(name, "int"),
    }
}

pub(crate) fn string<'v>(name: &str, v: &'v Value) -> VResult<&'v str> {
    match v {
        Value::String(s) => Ok(s),
        _ => not_type(name, "str"),
    }
}

pub(crate) fn boolean(name: &str, v: &Value) -> VResult<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        _ => not_type(name, "bool"),
    }
}

pub(crate) fn list<'v>(name: &str, v: &'v Value) -> VResult<&'v Vec<Value>> {
    match v {
        Value::Array(a) => Ok(a),
        _ => not_type(name, "list"),
    }
}

pub(crate) fn dict<'v>(name: &str, v: &'v Value) -> VResult<&'v Map<String, Value>> {
    match v {
        Value::Object(m) => Ok(m),
        _ => not_type(name, "dict"),
    }
}

/// `listof(f)`: elements are named `<name>[i]`.
pub(crate) fn list_of<T>(
    name: &str,
    v: &Value,
    mut f: impl FnMut(&str, &Value) -> VResult<T>,
) -> VResult<Vec<T>> {
    list(name, v)?
        .iter()
        .enumerate()
        .map(|(i, item)| f(&format!("{name}[{i}]"), item))
        .collect()
}

/// `dictof(str_type)`: a free-form string map; values are named `<name>[<key>]`.
pub(crate) fn str_map(name: &str, v: &Value) -> VResult<Attributes> {
    let m = dict(name, v)?;
    let mut out = Attributes::new();
    for (k, item) in m {
        out.insert(k.clone(), string(&format!("{name}[{k}]"), item)?.to_owned());
    }
    Ok(out)
}

/// The unknown-key check `keyed` performs before anything else.
pub(crate) fn known_keys(name: &str, m: &Map<String, Value>, allowed: &[&str]) -> VResult<()> {
    let unknown: Vec<&str> = m
        .keys()
        .map(String::as_str)
        .filter(|k| !allowed.contains(k))
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        err(format!(
            "unknown keys in {name}: {}",
            python::set_of(unknown)
        ))
    }
}

/// A required key: `<name> missing required key <key>.`
pub(crate) fn required<'m>(name: &str, m: &'m Map<String, Value>, key: &str) -> VResult<&'m Value> {
    match m.get(key) {
        Some(v) => Ok(v),
        None => err(format!("{name} missing required key {key}.")),
    }
}

/// `oneof(...)`: any value not among the (string) choices fails, whatever its type.
pub(crate) fn one_of<'c>(name: &str, v: &Value, choices: &[&'c str]) -> VResult<&'c str> {
    if let Value::String(s) = v
        && let Some(c) = choices.iter().find(|c| **c == s.as_str())
    {
        return Ok(c);
    }
    err(format!(
        "{name} must be one of: {}",
        python::set_of(choices.iter().copied())
    ))
}

/// `regex(pattern)`: a string that the pattern matches in full, with an optional length limit.
pub(crate) fn regex<'v>(
    name: &str,
    v: &'v Value,
    pattern: &str,
    re: &Regex,
    maxlen: Option<usize>,
) -> VResult<&'v str> {
    let s = string(name, v)?;
    if let Some(max) = maxlen
        && s.chars().count() > max
    {
        return err(format!("length of {name} must be <= {max}"));
    }
    if re.is_match(s) {
        Ok(s)
    } else {
        err(format!("{name} must match regex: {pattern}"))
    }
}

/// A JSON number as Python sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Num {
    Int(i64),
    Float(f64),
}

impl Num {
    pub(crate) fn as_f64(self) -> f64 {
        match self {
            // i64 → f64 may round for huge values, which is fine for a comparison with 0.
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }
}

/// `numeric(...)`: `<name> is not numeric` for non-numbers (booleans are numbers in Python).
pub(crate) fn numeric(name: &str, v: &Value) -> VResult<Num> {
    match v {
        Value::Bool(b) => Ok(Num::Int(i64::from(*b))),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Ok(Num::Int(i)),
            (None, Some(f)) if n.is_f64() => Ok(Num::Float(f)),
            // Integers beyond i64: treated as (huge) numbers.
            (None, Some(f)) => Ok(Num::Float(f)),
            (None, None) => err(format!("{name} is not numeric")),
        },
        _ => err(format!("{name} is not numeric")),
    }
}

/// `<name> does not satisfy the condition <cond>`.
pub(crate) fn condition<T>(name: &str, cond: &str) -> VResult<T> {
    err(format!("{name} does not satisfy the condition {cond}"))
}

/// The count fields of batch / update / job-group specs: an integral number with a lower bound
/// (`x > 0` or `x >= 0`), non-integral numbers failing the condition like in Hail.
pub(crate) fn int_with_min(name: &str, v: &Value, min: i64, cond: &str) -> VResult<i64> {
    match numeric(name, v)? {
        Num::Int(i) if i >= min => Ok(i),
        _ => condition(name, cond),
    }
}

/// `nullable(f)`: `null` and absence both give `None`.
pub(crate) fn nullable<T>(
    name: &str,
    v: Option<&Value>,
    f: impl FnOnce(&str, &Value) -> VResult<T>,
) -> VResult<Option<T>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => f(name, v).map(Some),
    }
}

/// An optional key: absent gives `None`, present values go through `f` under `<name>.<key>`.
pub(crate) fn optional<T>(
    name: &str,
    m: &Map<String, Value>,
    key: &str,
    f: impl FnOnce(&str, &Value) -> VResult<T>,
) -> VResult<Option<T>> {
    match m.get(key) {
        None => Ok(None),
        Some(v) => f(&format!("{name}.{key}"), v).map(Some),
    }
}

/// A required key whose value goes through `f` under `<name>.<key>`.
pub(crate) fn required_with<T>(
    name: &str,
    m: &Map<String, Value>,
    key: &str,
    f: impl FnOnce(&str, &Value) -> VResult<T>,
) -> VResult<T> {
    let v = required(name, m, key)?;
    f(&format!("{name}.{key}"), v)
}

/// The storage limits of `batch-api.md` §1.11 that Hail leaves to the database; we report them
/// in the validator's own length-limit wording.
pub(crate) fn max_len(name: &str, s: &str, max: usize) -> VResult<()> {
    if s.chars().count() > max {
        err(format!("length of {name} must be <= {max}"))
    } else {
        Ok(())
    }
}

/// Whether `s` can be the name of a process's environment variable: not empty, no `=`, no
/// NUL.
pub(crate) fn is_env_name(s: &str) -> bool {
    !s.is_empty() && !s.contains(['=', '\0'])
}

/// A job's `env` name (a local tightening: Hail accepts any string, and such a job then fails
/// at run time far from the mistake).
pub(crate) fn env_name(name: &str, s: &str) -> VResult<()> {
    if is_env_name(s) {
        Ok(())
    } else {
        err(format!(
            "{name} must be a non-empty environment variable name without '=' or NUL characters, found {}",
            python::str_repr(s)
        ))
    }
}

/// Attribute maps: keys at most 100 characters, values at most 65 535 bytes (§1.11).
pub(crate) fn attribute_limits(name: &str, attrs: &Attributes) -> VResult<()> {
    for (k, v) in attrs {
        if k.chars().count() > 100 {
            return err(format!("length of keys in {name} must be <= 100"));
        }
        if v.len() > 65_535 {
            return err(format!("length of {name}[{k}] must be <= 65535"));
        }
    }
    Ok(())
}
