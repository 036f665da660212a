//! `tabulate(rows, headers='keys', tablefmt='grid')` (tabulate 0.10, without `wcwidth`), and
//! the `csv.writer` formatter that shares its list-of-dicts input.

use std::sync::LazyLock;

use indexmap::IndexSet;
use regex::Regex;
use serde_json::{Map, Value};

use super::python::{float_g, parse_float, parses_as_int, splitlines, strip, value_str};

/// tabulate's `MIN_PADDING`: a column is at least this much wider than its header.
const MIN_PADDING: usize = 2;

/// tabulate's cell types, ordered from least to most generic (`_more_generic`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum CellType {
    None,
    Bool,
    Int,
    Float,
    Str,
}

/// `_float_with_thousands_separators`, with Python's conditional group `(?(1)…)` spelled out
/// as two alternatives: after an integer part the fraction may be empty (`1.`), without one it
/// needs digits (`.5`).
static THOUSANDS: LazyLock<Regex> = LazyLock::new(|| {
    // A constant pattern exercised by the tests, so this cannot fail at run time.
    Regex::new(r"^(?:[+-]?[0-9]{1,3}(?:,[0-9]{3})*(?:\.[0-9]*)?|(?:\.[0-9]+)?)$")
        .expect("valid thousands-separator pattern")
});

/// `_isnumber_with_thousands_separator`. Python's `$` also matches before a final `\n`.
fn is_number_with_thousands_separator(text: &str) -> bool {
    THOUSANDS.is_match(text.strip_suffix('\n').unwrap_or(text))
}

/// `_isnumber` for a string: `float()` accepts it and it is not an overflow to infinity
/// (the spellings `inf`, `-inf` and `nan` themselves count).
fn is_number(text: &str) -> bool {
    parse_float(text).is_some_and(|float| {
        float.is_finite() || matches!(text.to_lowercase().as_str(), "inf" | "-inf" | "nan")
    })
}

/// `_type`: the least generic type of one raw cell value.
fn cell_type(value: Option<&Value>) -> CellType {
    match value {
        None | Some(Value::Null) => CellType::None,
        Some(Value::Bool(_)) => CellType::Bool,
        Some(Value::Number(number)) if number.is_f64() => CellType::Float,
        Some(Value::Number(_)) => CellType::Int,
        Some(Value::String(text)) => {
            if text.is_empty() {
                CellType::None
            } else if text == "True" || text == "False" {
                CellType::Bool
            } else if parses_as_int(text)
                || (is_number_with_thousands_separator(text) && !text.contains('.'))
            {
                CellType::Int
            } else if is_number(text) || is_number_with_thousands_separator(text) {
                CellType::Float
            } else {
                CellType::Str
            }
        }
        Some(Value::Array(_) | Value::Object(_)) => CellType::Str,
    }
}

/// `_format`: a cell's text given its column's type (`floatfmt='g'`, `missingval=''`).
fn format_cell(value: Option<&Value>, column_type: CellType) -> String {
    let value = match value {
        None | Some(Value::Null) => return String::new(),
        Some(value) => value,
    };
    if column_type != CellType::Float {
        return value_str(value);
    }
    let float = match value {
        Value::Number(number) => number.as_f64(),
        Value::Bool(flag) => Some(if *flag { 1.0 } else { 0.0 }),
        Value::String(text) => parse_float(&text.replace(',', "")),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    };
    float.map_or_else(|| value_str(value), float_g)
}

/// `_afterpoint`: digits after the decimal point (or after the `e`), -1 for integers and
/// non-numbers.
fn after_point(text: &str) -> isize {
    if !(is_number(text) || is_number_with_thousands_separator(text)) || parses_as_int(text) {
        return -1;
    }
    let chars: Vec<char> = text.chars().collect();
    let position = chars
        .iter()
        .rposition(|&c| c == '.')
        .or_else(|| chars.iter().rposition(|&c| c.eq_ignore_ascii_case(&'e')));
    position.map_or(-1, |position| (chars.len() - position - 1) as isize)
}

fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// `re.split("[\r\n]", text)`, as tabulate measures multi-line cells.
fn split_cr_lf(text: &str) -> impl Iterator<Item = &str> {
    text.split(['\r', '\n'])
}

/// The widest line of a (possibly multi-line) cell.
fn multiline_width(text: &str) -> usize {
    split_cr_lf(text).map(char_len).max().unwrap_or(0)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Align {
    Left,
    Decimal,
}

/// Python `'{:<N}'.format(text)` / `'{:>N}'.format(text)`.
fn pad(text: &str, width: usize, align: Align) -> String {
    let fill = " ".repeat(width.saturating_sub(char_len(text)));
    match align {
        Align::Left => format!("{text}{fill}"),
        Align::Decimal => format!("{fill}{text}"),
    }
}

/// `_align_column` (no invisible characters, no wide characters).
fn align_column(
    cells: Vec<String>,
    align: Align,
    min_width: usize,
    multiline: bool,
) -> Vec<String> {
    let cells: Vec<String> = match align {
        Align::Left => cells.iter().map(|cell| strip(cell).to_owned()).collect(),
        Align::Decimal => {
            let decimals: Vec<isize> = cells.iter().map(|cell| after_point(cell)).collect();
            let max_decimals = decimals.iter().copied().max().unwrap_or(-1);
            cells
                .into_iter()
                .zip(decimals)
                .map(|(cell, decimals)| {
                    let fill = (max_decimals - decimals).max(0) as usize;
                    format!("{cell}{}", " ".repeat(fill))
                })
                .collect()
        }
    };
    let widest = cells
        .iter()
        .map(|cell| {
            if multiline {
                multiline_width(cell)
            } else {
                char_len(cell)
            }
        })
        .max()
        .unwrap_or(0);
    let width = widest.max(min_width);
    cells
        .iter()
        .map(|cell| {
            if multiline {
                splitlines(cell)
                    .into_iter()
                    .map(|line| pad(line, width, align))
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                pad(cell, width, align)
            }
        })
        .collect()
}

/// `_align_header`: multi-line headers are split on `\r|\n|\r\n` (which splits `\r\n` twice).
fn align_header(header: &str, align: Align, width: usize, multiline: bool) -> String {
    if multiline {
        split_cr_lf(header)
            .map(|line| pad(line, width, align))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        pad(header, width, align)
    }
}

/// `+-----+-----+` (or `+=====+=====+` under the header).
fn rule(widths: &[usize], fill: char) -> String {
    let mut line = String::from("+");
    for &width in widths {
        line.extend(std::iter::repeat_n(fill, width + 2));
        line.push('+');
    }
    line
}

/// `|` + cells padded by one space + `|`, one output line per cell line for multi-line rows.
fn push_row(lines: &mut Vec<String>, cells: &[String], widths: &[usize], multiline: bool) {
    if !multiline {
        lines.push(format!("| {} |", cells.join(" | ")));
        return;
    }
    let cell_lines: Vec<Vec<&str>> = cells.iter().map(|cell| splitlines(cell)).collect();
    let height = cell_lines.iter().map(Vec::len).max().unwrap_or(0);
    for index in 0..height {
        let parts: Vec<String> = cell_lines
            .iter()
            .zip(widths)
            .map(|(lines, &width)| {
                // Shorter cells are padded at the bottom with blank lines (rowalign top).
                lines
                    .get(index)
                    .map_or_else(|| " ".repeat(width), |line| (*line).to_owned())
            })
            .collect();
        lines.push(format!("| {} |", parts.join(" | ")));
    }
}

/// `tabulate(rows, headers='keys', tablefmt='grid')`.
pub(super) fn grid(rows: &[Map<String, Value>]) -> String {
    if rows.is_empty() {
        // tabulate returns "" for a completely empty table.
        return String::new();
    }
    let headers: IndexSet<&str> = rows
        .iter()
        .flat_map(|row| row.keys().map(String::as_str))
        .collect();
    if headers.is_empty() {
        // Rows without keys have no columns, and tabulate's transpose then has no rows either.
        return String::new();
    }
    let columns: Vec<Vec<Option<&Value>>> = headers
        .iter()
        .map(|&key| rows.iter().map(|row| row.get(key)).collect())
        .collect();

    // tabulate switches to multi-line mode when any header or cell's `str()` has a line
    // break; `str()` of a nested value is its repr, where breaks are escaped.
    let has_break = |text: &str| text.contains(['\r', '\n']);
    let multiline = headers.iter().any(|header| has_break(header))
        || columns.iter().flatten().any(|value| match value {
            Some(Value::String(text)) => has_break(text),
            _ => false,
        });
    let width_of = |text: &str| {
        if multiline {
            multiline_width(text)
        } else {
            char_len(text)
        }
    };

    let mut aligned_columns = Vec::with_capacity(columns.len());
    let mut aligns = Vec::with_capacity(columns.len());
    let mut widths = Vec::with_capacity(columns.len());
    for (column, header) in columns.iter().zip(&headers) {
        // `_column_type` folds `_more_generic` starting from `bool`.
        let column_type = column
            .iter()
            .map(|&value| cell_type(value))
            .fold(CellType::Bool, Ord::max);
        let align = if matches!(column_type, CellType::Int | CellType::Float) {
            Align::Decimal
        } else {
            Align::Left
        };
        let cells = column
            .iter()
            .map(|&value| format_cell(value, column_type))
            .collect();
        let min_width = width_of(header) + MIN_PADDING;
        let cells = align_column(cells, align, min_width, multiline);
        let width = cells
            .iter()
            .map(|cell| width_of(cell))
            .fold(min_width, usize::max);
        aligned_columns.push(cells);
        aligns.push(align);
        widths.push(width);
    }
    let header_cells: Vec<String> = headers
        .iter()
        .zip(&aligns)
        .zip(&widths)
        .map(|((header, &align), &width)| align_header(header, align, width, multiline))
        .collect();

    let mut lines = vec![rule(&widths, '-')];
    push_row(&mut lines, &header_cells, &widths, multiline);
    lines.push(rule(&widths, '='));
    for index in 0..rows.len() {
        let row: Vec<String> = aligned_columns
            .iter()
            .map(|column| column[index].clone())
            .collect();
        push_row(&mut lines, &row, &widths, multiline);
        lines.push(rule(&widths, '-'));
    }
    lines.join("\n")
}

/// Python's `csv.writer` defaults: fields with `,`, `"`, `\r` or `\n` are quoted, quotes are
/// doubled, records end with `\r\n`.
fn csv_field(text: &str, out: &mut String) {
    if text.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

fn csv_record(fields: impl ExactSizeIterator<Item = String>, out: &mut String) {
    let count = fields.len();
    let start = out.len();
    for (index, field) in fields.enumerate() {
        if index > 0 {
            out.push(',');
        }
        csv_field(&field, out);
    }
    // A record made of one empty field is written as `""`, so it is not read back as an
    // empty line.
    if count > 0 && out.len() == start {
        out.push_str("\"\"");
    }
    out.push_str("\r\n");
}

/// hailctl's `separated_format(rows, ',')`: the header is the first row's keys, then each
/// row's own values in its own order, `None` as an empty field and other values as `str()`.
pub(super) fn csv(rows: &[Map<String, Value>]) -> String {
    let mut out = String::new();
    let Some(first) = rows.first() else {
        return out;
    };
    csv_record(first.keys().cloned(), &mut out);
    for row in rows {
        let fields = row.values().map(|value| match value {
            Value::Null => String::new(),
            other => value_str(other),
        });
        csv_record(fields, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_types_follow_tabulate() {
        let string = |text: &str| Value::String(text.to_owned());
        assert_eq!(cell_type(Some(&string("1,000"))), CellType::Int);
        assert_eq!(cell_type(Some(&string("1,000.5"))), CellType::Float);
        assert_eq!(cell_type(Some(&string(" 12 "))), CellType::Int);
        assert_eq!(cell_type(Some(&string("1_000"))), CellType::Int);
        assert_eq!(cell_type(Some(&string("nan"))), CellType::Float);
        assert_eq!(cell_type(Some(&string("infinity"))), CellType::Str);
        assert_eq!(cell_type(Some(&string("1e400"))), CellType::Str);
        assert_eq!(cell_type(Some(&string("True"))), CellType::Bool);
        assert_eq!(cell_type(Some(&string(""))), CellType::None);
        assert!(super::super::python::is_space('\u{3000}'));
    }

    #[test]
    fn after_point_counts_fraction_digits() {
        assert_eq!(after_point("123.45"), 2);
        assert_eq!(after_point("1001"), -1);
        assert_eq!(after_point("eggs"), -1);
        assert_eq!(after_point("123e45"), 2);
        assert_eq!(after_point("123,456.78"), 2);
        assert_eq!(after_point("1e-05"), 3);
    }
}
