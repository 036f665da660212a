//! Sweep rows: one variable binding per job a sweep expands into.
//!
//! A sweep has exactly one source:
//! - `file`: a TSV (`.tsv`, tab-separated, no quoting) or CSV (`.csv`, RFC 4180 quoting within
//!   a line) file whose header row names the variables, one row per job;
//! - `values`: one list per variable, all the same length, zipped position by position;
//! - `matrix`: one list per variable, expanded to the cartesian product (first variable
//!   outermost, like Python's `itertools.product`).

use std::path::Path;

use indexmap::IndexMap;

use super::raw::{RawSweep, Scalar};
use super::template::is_identifier;

/// One binding of the sweep's variables.
pub(crate) type Row = IndexMap<String, String>;

/// The rows of a sweep, in order. Errors are messages; the caller adds file and job.
pub(crate) fn rows(sweep: &RawSweep, base_dir: &Path) -> Result<Vec<Row>, String> {
    let rows = match (&sweep.file, &sweep.values, &sweep.matrix) {
        (Some(file), None, None) => file_rows(file, base_dir)?,
        (None, Some(values), None) => zipped_rows(&values.0)?,
        (None, None, Some(matrix)) => matrix_rows(&matrix.0)?,
        (None, None, None) => {
            return Err("sweep needs one of `file`, `values` or `matrix`".to_string());
        }
        _ => {
            return Err("sweep takes only one of `file`, `values` and `matrix`".to_string());
        }
    };
    if rows.is_empty() {
        return Err("sweep is empty: it produces no jobs".to_string());
    }
    Ok(rows)
}

fn check_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<(), String> {
    for name in names {
        if !is_identifier(name) {
            return Err(format!(
                "invalid sweep variable name `{name}`: use letters, digits and `_`, not starting \
                 with a digit"
            ));
        }
    }
    Ok(())
}

fn zipped_rows(values: &IndexMap<String, Vec<Scalar>>) -> Result<Vec<Row>, String> {
    check_names(values.keys().map(String::as_str))?;
    let mut lengths = values.iter().map(|(name, list)| (name, list.len()));
    let Some((first_name, len)) = lengths.next() else {
        return Ok(Vec::new());
    };
    if let Some((name, other)) = lengths.find(|&(_, l)| l != len) {
        return Err(format!(
            "sweep `values` lists must have the same length: `{first_name}` has {len}, \
             `{name}` has {other} (use `matrix` for all combinations)"
        ));
    }
    Ok((0..len)
        .map(|i| {
            values
                .iter()
                .map(|(name, list)| (name.clone(), list[i].0.clone()))
                .collect()
        })
        .collect())
}

fn matrix_rows(matrix: &IndexMap<String, Vec<Scalar>>) -> Result<Vec<Row>, String> {
    check_names(matrix.keys().map(String::as_str))?;
    if matrix.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows = vec![Row::new()];
    for (name, list) in matrix {
        rows = rows
            .iter()
            .flat_map(|row| {
                list.iter().map(move |value| {
                    let mut row = row.clone();
                    row.insert(name.clone(), value.0.clone());
                    row
                })
            })
            .collect();
    }
    Ok(rows)
}

fn file_rows(file: &str, base_dir: &Path) -> Result<Vec<Row>, String> {
    let lower = file.to_ascii_lowercase();
    let separator = if lower.ends_with(".tsv") {
        '\t'
    } else if lower.ends_with(".csv") {
        ','
    } else {
        return Err(format!(
            "sweep file `{file}` must have a .tsv or .csv extension"
        ));
    };
    let path = base_dir.join(file);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read sweep file `{}`: {e}", path.display()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);

    // (line number, fields) of each non-blank line.
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let fields = if separator == ',' {
            split_csv(line).map_err(|e| format!("{file}:{}: {e}", i + 1))?
        } else {
            line.split('\t').map(str::to_string).collect()
        };
        lines.push((i + 1, fields));
    }
    let mut lines = lines.into_iter();
    let Some((header_line, header)) = lines.next() else {
        return Err(format!(
            "sweep file `{file}` is empty: it needs a header row"
        ));
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    check_names(header.iter().map(String::as_str))
        .map_err(|e| format!("{file}:{header_line}: {e}"))?;
    for (i, name) in header.iter().enumerate() {
        if header[..i].contains(name) {
            return Err(format!("{file}:{header_line}: duplicate column `{name}`"));
        }
    }
    lines
        .map(|(line, fields)| {
            if fields.len() != header.len() {
                return Err(format!(
                    "{file}:{line}: row has {} fields but the header has {}",
                    fields.len(),
                    header.len()
                ));
            }
            Ok(header.iter().cloned().zip(fields).collect())
        })
        .collect()
}

/// Splits one CSV line: fields separated by `,`, optionally quoted with `"` (`""` inside
/// quotes is a literal quote). Quoted fields spanning lines are not supported.
fn split_csv(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                    None => return Err("unterminated quoted field".to_string()),
                }
            }
            match chars.next() {
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some(',') => fields.push(field),
                Some(c) => return Err(format!("unexpected `{c}` after a quoted field")),
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        fields.push(field);
                        return Ok(fields);
                    }
                    Some(',') => break,
                    Some(c) => field.push(c),
                }
            }
            fields.push(field);
        }
    }
}
