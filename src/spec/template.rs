//! `{var}` substitution in the fields of sweep jobs.
//!
//! Rules (documented in `docs/batch-spec.md`):
//! - `{name}`, where `name` is an identifier, is replaced by the row's value of `name`; an
//!   unknown name is an error naming it and the known ones;
//! - `{{` and `}}` stand for literal braces;
//! - `${...}` is shell parameter expansion and is copied verbatim up to its closing `}`, so
//!   scripts can use `"${SAMPLE}"` without escaping (a sweep job's env usually carries the
//!   values into the script that way);
//! - any other brace is an error, to catch typos such as `{sample` early rather than send a
//!   command that silently contains them.

use indexmap::IndexMap;

/// Why a template could not be filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TemplateError {
    /// `{name}` with no such variable.
    Unknown(String),
    /// A `{` without `}` or a lone `}`.
    Unmatched(char),
    /// `{...}` whose content is not an identifier.
    Invalid(String),
}

impl TemplateError {
    /// The message for a template in `field` (e.g. "name", "env `SAMPLE`").
    pub(crate) fn describe(&self, field: &str, vars: &IndexMap<String, String>) -> String {
        match self {
            TemplateError::Unknown(name) => {
                let known: Vec<&str> = vars.keys().map(String::as_str).collect();
                format!(
                    "unknown variable `{{{name}}}` in {field}; the sweep defines: {}",
                    known.join(", ")
                )
            }
            TemplateError::Unmatched(brace) => format!(
                "unmatched `{brace}` in {field} (write `{brace}{brace}` for a literal brace)"
            ),
            TemplateError::Invalid(inner) => format!(
                "invalid placeholder `{{{inner}}}` in {field}: placeholders are `{{name}}` with a \
                 sweep variable name (write `{{{{` and `}}}}` for literal braces)"
            ),
        }
    }
}

/// Whether `s` is a valid variable name: `[A-Za-z_][A-Za-z0-9_]*`.
pub(crate) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Fills in `template` with `vars`.
pub(crate) fn substitute(
    template: &str,
    vars: &IndexMap<String, String>,
) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(pos) = rest.find(['{', '}', '$']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if let Some(after) = tail.strip_prefix("${") {
            // Shell expansion: copy through the closing brace (or to the end if none).
            let end = after.find('}').map_or(after.len(), |i| i + 1);
            out.push_str("${");
            out.push_str(&after[..end]);
            rest = &after[end..];
        } else if let Some(after) = tail.strip_prefix('$') {
            out.push('$');
            rest = after;
        } else if let Some(after) = tail.strip_prefix("{{") {
            out.push('{');
            rest = after;
        } else if let Some(after) = tail.strip_prefix("}}") {
            out.push('}');
            rest = after;
        } else if let Some(after) = tail.strip_prefix('{') {
            let Some(end) = after
                .find(['}', '{'])
                .filter(|&i| after[i..].starts_with('}'))
            else {
                return Err(TemplateError::Unmatched('{'));
            };
            let name = &after[..end];
            if !is_identifier(name) {
                return Err(TemplateError::Invalid(name.to_string()));
            }
            match vars.get(name) {
                Some(value) => out.push_str(value),
                None => return Err(TemplateError::Unknown(name.to_string())),
            }
            rest = &after[end + 1..];
        } else {
            return Err(TemplateError::Unmatched('}'));
        }
    }
    out.push_str(rest);
    Ok(out)
}
