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

/// The rows of a sweep, in order. `values` and `matrix` rows are made one at a time as they
/// are taken (a sweep of 100,000 values never holds 100,000 rows); file rows are read up front.
pub(crate) enum Rows<'a> {
    Listed(std::vec::IntoIter<Row>),
    /// Row `i` takes the `i`-th value of every list.
    Zipped {
        values: &'a IndexMap<String, Vec<Scalar>>,
        next: usize,
        len: usize,
    },
    /// Row `i` is the `i`-th combination, the first variable outermost.
    Matrix {
        matrix: &'a IndexMap<String, Vec<Scalar>>,
        next: usize,
        len: usize,
    },
}

impl Iterator for Rows<'_> {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        match self {
            Rows::Listed(rows) => rows.next(),
            Rows::Zipped { values, next, len } => {
                let i = *next;
                (i < *len).then(|| {
                    *next += 1;
                    values
                        .iter()
                        .map(|(name, list)| (name.clone(), list[i].0.clone()))
                        .collect()
                })
            }
            Rows::Matrix { matrix, next, len } => {
                if *next >= *len {
                    return None;
                }
                let mut rest = *next;
                *next += 1;
                // Mixed-radix digits of the index, last variable fastest.
                let mut picks = vec![0; matrix.len()];
                for (k, list) in matrix.values().enumerate().rev() {
                    picks[k] = rest % list.len();
                    rest /= list.len();
                }
                Some(
                    matrix
                        .iter()
                        .zip(picks)
                        .map(|((name, list), pick)| (name.clone(), list[pick].0.clone()))
                        .collect(),
                )
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = match self {
            Rows::Listed(rows) => rows.len(),
            Rows::Zipped { next, len, .. } | Rows::Matrix { next, len, .. } => len - next,
        };
        (left, Some(left))
    }
}

impl ExactSizeIterator for Rows<'_> {}

/// The rows of a sweep. Errors are messages; the caller adds file and job.
pub(crate) fn rows<'a>(sweep: &'a RawSweep, base_dir: &Path) -> Result<Rows<'a>, String> {
    let rows = match (&sweep.file, &sweep.values, &sweep.matrix) {
        (Some(file), None, None) => Rows::Listed(file_rows(file, base_dir)?.into_iter()),
        (None, Some(values), None) => zipped_rows(&values.0)?,
        (None, None, Some(matrix)) => matrix_rows(&matrix.0)?,
        (None, None, None) => {
            return Err("sweep needs one of `file`, `values` or `matrix`".to_string());
        }
        _ => {
            return Err("sweep takes only one of `file`, `values` and `matrix`".to_string());
        }
    };
    if rows.len() == 0 {
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

fn zipped_rows(values: &IndexMap<String, Vec<Scalar>>) -> Result<Rows<'_>, String> {
    check_names(values.keys().map(String::as_str))?;
    let mut lengths = values.iter().map(|(name, list)| (name, list.len()));
    let Some((first_name, len)) = lengths.next() else {
        return Ok(Rows::Listed(Vec::new().into_iter()));
    };
    if let Some((name, other)) = lengths.find(|&(_, l)| l != len) {
        return Err(format!(
            "sweep `values` lists must have the same length: `{first_name}` has {len}, \
             `{name}` has {other} (use `matrix` for all combinations)"
        ));
    }
    Ok(Rows::Zipped {
        values,
        next: 0,
        len,
    })
}

/// At most this many jobs from one `matrix` (a typo there multiplies quickly).
const MAX_MATRIX_ROWS: usize = 10_000_000;

fn matrix_rows(matrix: &IndexMap<String, Vec<Scalar>>) -> Result<Rows<'_>, String> {
    check_names(matrix.keys().map(String::as_str))?;
    if matrix.is_empty() {
        return Ok(Rows::Listed(Vec::new().into_iter()));
    }
    let len = matrix
        .values()
        .try_fold(1usize, |n, list| n.checked_mul(list.len()))
        .filter(|&n| n <= MAX_MATRIX_ROWS)
        .ok_or_else(|| format!("sweep `matrix` has more than {MAX_MATRIX_ROWS} combinations"))?;
    Ok(Rows::Matrix {
        matrix,
        next: 0,
        len,
    })
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
    let text = crate::user_file::read_to_string(&path)
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
