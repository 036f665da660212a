//! Python's semantics wherever the tool must behave or print as Python does, in one place:
//! `repr(float)`, `format(x, 'g')`, `repr(str)`, `repr()`/`str()` of whole values, Python sets and
//! lists of strings in messages, and the string predicates (`isspace`, `strip`, `splitlines`,
//! `int()` and `float()` acceptance). The formatters (`tabulate`, PyYAML, json), the
//! configuration's validation and messages, and the service's 400 messages all use these.

use serde_json::{Number, Value};

use super::printable_table::NON_PRINTABLE;

/// A finite float split into its shortest round-trip decimal digits and a scientific exponent:
/// the value is `±d.ddd × 10^exponent`, `digits` holding `dddd` without the point.
struct Decimal {
    negative: bool,
    digits: String,
    exponent: i32,
}

impl Decimal {
    /// Shortest round-trip digits, as both Python's `repr` and Rust's `{:e}` produce them.
    fn shortest(value: f64) -> Self {
        Self::parse_scientific(&format!("{:e}", value.abs()), value.is_sign_negative())
    }

    /// The digits of `value` rounded to `significant` digits (round-half-even on the exact
    /// binary value, like Python's `%g`).
    fn rounded(value: f64, significant: usize) -> Self {
        let precision = significant.saturating_sub(1);
        Self::parse_scientific(
            &format!("{:.*e}", precision, value.abs()),
            value.is_sign_negative(),
        )
    }

    /// Parses Rust's `{:e}` output (`1.2345e-5`, `0e0`).
    fn parse_scientific(text: &str, negative: bool) -> Self {
        let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
        Self {
            negative,
            digits: mantissa.replace('.', ""),
            exponent: exponent.parse().unwrap_or(0),
        }
    }

    fn sign(&self) -> &'static str {
        if self.negative { "-" } else { "" }
    }

    /// Positional notation with at least one digit after the point (`10.0`, `0.0012`).
    fn fixed(&self) -> String {
        let mut out = String::from(self.sign());
        if self.exponent < 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-self.exponent - 1) as usize));
            out.push_str(&self.digits);
        } else {
            let int_len = self.exponent as usize + 1;
            if self.digits.len() <= int_len {
                out.push_str(&self.digits);
                out.extend(std::iter::repeat_n('0', int_len - self.digits.len()));
                out.push_str(".0");
            } else {
                out.push_str(&self.digits[..int_len]);
                out.push('.');
                out.push_str(&self.digits[int_len..]);
            }
        }
        out
    }

    /// Scientific notation `d[.ddd]e<sign><exponent>`, the exponent padded to `min_exp_digits`.
    fn scientific(&self, plus_sign: bool, min_exp_digits: usize) -> String {
        let mut out = String::from(self.sign());
        out.push_str(&self.digits[..1]);
        if self.digits.len() > 1 {
            out.push('.');
            out.push_str(&self.digits[1..]);
        }
        out.push('e');
        if self.exponent < 0 {
            out.push('-');
        } else if plus_sign {
            out.push('+');
        }
        out.push_str(&format!(
            "{:0width$}",
            self.exponent.unsigned_abs(),
            width = min_exp_digits
        ));
        out
    }
}

/// Python `repr(float)`: shortest round-trip digits, positional notation for exponents in
/// `-4..16` (always with a `.`), otherwise `1e-05` / `1.5e+16` (sign and two exponent digits).
pub(super) fn float_repr(value: f64) -> String {
    if value.is_nan() {
        return "nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    let decimal = Decimal::shortest(value);
    if decimal.exponent < -4 || decimal.exponent >= 16 {
        decimal.scientific(true, 2)
    } else {
        decimal.fixed()
    }
}

/// orjson's float format: the same digits as Python, but positional notation down to `1e-5`
/// (`0.00001`) and exponents without padding (`1e-7`, `1e+16`); non-finite floats are `null`.
pub(super) fn orjson_float(value: f64) -> String {
    if !value.is_finite() {
        return "null".to_owned();
    }
    let decimal = Decimal::shortest(value);
    if decimal.exponent < -5 || decimal.exponent >= 16 {
        decimal.scientific(true, 1)
    } else {
        decimal.fixed()
    }
}

/// Python `format(value, 'g')` (six significant digits, trailing zeros removed), which is
/// tabulate's default `floatfmt`.
pub(super) fn float_g(value: f64) -> String {
    const PRECISION: i32 = 6;
    if value.is_nan() {
        return "nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    let decimal = Decimal::rounded(value, PRECISION as usize);
    let exponent = decimal.exponent;
    if (-4..PRECISION).contains(&exponent) {
        // Same rounding position as the scientific form above, so the digits agree.
        let decimals = (PRECISION - 1 - exponent) as usize;
        strip_fraction_zeros(&format!("{value:.decimals$}"))
    } else {
        let digits = &decimal.digits;
        let mantissa = strip_fraction_zeros(&format!("{}.{}", &digits[..1], &digits[1..]));
        let sign = if exponent < 0 { '-' } else { '+' };
        format!(
            "{}{mantissa}e{sign}{:02}",
            decimal.sign(),
            exponent.unsigned_abs()
        )
    }
}

/// Removes trailing zeros after a decimal point, and the point itself if nothing remains.
fn strip_fraction_zeros(text: &str) -> String {
    if !text.contains('.') {
        return text.to_owned();
    }
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Python `str(int)` / `repr(float)` of a JSON number.
pub(super) fn number_repr(number: &Number) -> String {
    match number.as_f64() {
        Some(float) if number.is_f64() => float_repr(float),
        _ => number.to_string(),
    }
}

/// Whether Python's `str.isprintable()` holds for this character (Unicode 14.0 tables).
pub(super) fn is_printable(c: char) -> bool {
    let code = u32::from(c);
    NON_PRINTABLE
        .binary_search_by(|&(start, end)| {
            if end < code {
                std::cmp::Ordering::Less
            } else if start > code {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_err()
}

/// Python `repr(str)`: single quotes unless the text holds `'` but no `"`; backslash escapes
/// for the quote, `\\`, `\t`, `\n`, `\r`; `\xNN`, `\uNNNN` or `\UNNNNNNNN` for non-printable
/// characters; printable non-ASCII as is.
pub(crate) fn str_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii() && (c < ' ' || c == '\x7f') => {
                out.push_str(&format!("\\x{:02x}", u32::from(c)));
            }
            c if c.is_ascii() || is_printable(c) => out.push(c),
            c => {
                let code = u32::from(c);
                if code <= 0xff {
                    out.push_str(&format!("\\x{code:02x}"));
                } else if code <= 0xffff {
                    out.push_str(&format!("\\u{code:04x}"));
                } else {
                    out.push_str(&format!("\\U{code:08x}"));
                }
            }
        }
    }
    out.push(quote);
    out
}

/// Python `repr()` of the dict/list/scalar that `json.loads` would have produced.
pub(crate) fn value_repr(value: &Value) -> String {
    let mut out = String::new();
    write_repr(value, &mut out);
    out
}

fn write_repr(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Number(number) => out.push_str(&number_repr(number)),
        Value::String(text) => out.push_str(&str_repr(text)),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                write_repr(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (index, (key, item)) in map.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                out.push_str(&str_repr(key));
                out.push_str(": ");
                write_repr(item, out);
            }
            out.push('}');
        }
    }
}

/// Python `str(value)`: the text itself for strings, `repr()` for everything else.
pub(crate) fn value_str(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => value_repr(other),
    }
}

/// Python `str.isspace()` for one character.
pub(crate) fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\x0b'
            | '\x0c'
            | '\r'
            | '\x1c'..='\x1f'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// Python `str.strip()` with no argument.
pub(crate) fn strip(text: &str) -> &str {
    text.trim_matches(is_space)
}

/// Python `str.rstrip()` with no argument.
pub(crate) fn rstrip(text: &str) -> &str {
    text.trim_end_matches(is_space)
}

/// A Python set of strings as Python prints it: `{'a', 'b'}`, the empty set as `set()`. Python's
/// set order is unstable; the order given (request order, or declaration order for fixed sets)
/// is one of the orders Python may print.
pub(crate) fn set_of<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let parts: Vec<String> = items.into_iter().map(str_repr).collect();
    if parts.is_empty() {
        "set()".to_owned()
    } else {
        format!("{{{}}}", parts.join(", "))
    }
}

/// A Python list of strings as Python prints it: `['a', 'b']`.
pub(crate) fn list_of<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let parts: Vec<String> = items.into_iter().map(str_repr).collect();
    format!("[{}]", parts.join(", "))
}

/// A Python bool as Python prints it: `True` / `False`.
pub(crate) fn bool_str(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// Python `str.splitlines()`: splits on every Unicode line boundary, `\r\n` counting as one,
/// with no empty trailing element.
pub(super) fn splitlines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        let is_boundary = matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if is_boundary {
            lines.push(&text[start..index]);
            let mut next = index + c.len_utf8();
            if c == '\r'
                && let Some(&(_, '\n')) = chars.peek()
            {
                chars.next();
                next += 1;
            }
            start = next;
        }
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// Removes the underscores Python accepts in numeric literals (PEP 515: single underscores
/// between digits), or `None` when an underscore is misplaced.
fn remove_digit_underscores(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (index, &c) in chars.iter().enumerate() {
        if c == '_' {
            let before = index.checked_sub(1).and_then(|i| chars.get(i));
            let after = chars.get(index + 1);
            if !before.is_some_and(char::is_ascii_digit) || !after.is_some_and(char::is_ascii_digit)
            {
                return None;
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Whether Python's `int(text)` would succeed (ASCII digits only).
pub(super) fn parses_as_int(text: &str) -> bool {
    let Some(cleaned) = remove_digit_underscores(strip(text)) else {
        return false;
    };
    let digits = cleaned.strip_prefix(['+', '-']).unwrap_or(cleaned.as_str());
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The other Unicode decimal digits (category Nd) Python accepts in numbers, as ASCII: these
/// are the zeros of the common Nd blocks, each followed by nine more digits.
fn ascii_digits(text: &str) -> std::borrow::Cow<'_, str> {
    const ZEROS: [u32; 23] = [
        0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6,
        0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0xff10,
    ];
    if text.is_ascii() {
        return text.into();
    }
    text.chars()
        .map(|c| {
            let code = u32::from(c);
            ZEROS
                .iter()
                .find(|&&zero| (zero..zero + 10).contains(&code))
                .and_then(|zero| char::from_digit(code - zero, 10))
                .unwrap_or(c)
        })
        .collect::<String>()
        .into()
}

/// Python's `float(text)`, or `None` when it raises.
pub(crate) fn parse_float(text: &str) -> Option<f64> {
    let text = ascii_digits(text);
    let cleaned = remove_digit_underscores(strip(&text))?;
    let unsigned = cleaned.strip_prefix(['+', '-']).unwrap_or(cleaned.as_str());
    let lower = unsigned.to_ascii_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity" | "nan") {
        // Rust accepts the same spellings, case-insensitively.
        return cleaned.parse().ok();
    }
    // Rust's parser accepts exactly Python's decimal literal grammar once the special words
    // are handled: digits with an optional point and exponent, at least one mantissa digit.
    if unsigned.is_empty()
        || !unsigned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    cleaned.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(value, repr(value), format(value, 'g'), orjson.dumps(value))`, from CPython 3.11 and
    /// orjson 3.
    #[allow(clippy::type_complexity)]
    const FLOATS: &[(f64, &str, &str, &str)] = &[
        (0.0, "0.0", "0", "0.0"),
        (-0.0, "-0.0", "-0", "-0.0"),
        (1e-05, "1e-05", "1e-05", "0.00001"),
        (0.0001, "0.0001", "0.0001", "0.0001"),
        (10.0, "10.0", "10", "10.0"),
        (1e16, "1e+16", "1e+16", "1e+16"),
        (1e15, "1000000000000000.0", "1e+15", "1000000000000000.0"),
        (0.0012, "0.0012", "0.0012", "0.0012"),
        (1.5e300, "1.5e+300", "1.5e+300", "1.5e+300"),
        (5e-324, "5e-324", "4.94066e-324", "5e-324"),
        (
            0.1 + 0.2,
            "0.30000000000000004",
            "0.3",
            "0.30000000000000004",
        ),
        (123456.5, "123456.5", "123456", "123456.5"),
        (1234567.0, "1234567.0", "1.23457e+06", "1234567.0"),
        (0.125, "0.125", "0.125", "0.125"),
        (2.5, "2.5", "2.5", "2.5"),
        (1e-07, "1e-07", "1e-07", "1e-7"),
        (-2.5e-05, "-2.5e-05", "-2.5e-05", "-0.000025"),
        (9999995.0, "9999995.0", "1e+07", "9999995.0"),
        (0.000099999, "9.9999e-05", "9.9999e-05", "0.000099999"),
        (1e22, "1e+22", "1e+22", "1e+22"),
        (1e-300, "1e-300", "1e-300", "1e-300"),
        (
            123456789.123,
            "123456789.123",
            "1.23457e+08",
            "123456789.123",
        ),
    ];

    #[test]
    fn floats_format_like_python_and_orjson() {
        for &(value, repr, g, orjson) in FLOATS {
            assert_eq!(float_repr(value), repr, "repr({value:e})");
            assert_eq!(float_g(value), g, "format({value:e}, 'g')");
            assert_eq!(orjson_float(value), orjson, "orjson({value:e})");
        }
        assert_eq!(float_repr(f64::NAN), "nan");
        assert_eq!(float_repr(f64::NEG_INFINITY), "-inf");
        assert_eq!(float_g(f64::INFINITY), "inf");
        assert_eq!(orjson_float(f64::NAN), "null");
    }

    #[test]
    fn str_repr_matches_python() {
        // Expected values from CPython 3.11 `repr()`.
        assert_eq!(str_repr("it's"), r#""it's""#);
        assert_eq!(str_repr(r#"say "hi""#), r#"'say "hi"'"#);
        assert_eq!(str_repr(r#"both ' and ""#), r#"'both \' and "'"#);
        assert_eq!(str_repr("a\\b\n\t\r\x00\x7f"), r"'a\\b\n\t\r\x00\x7f'");
        assert_eq!(str_repr("café 日本 😀"), "'café 日本 😀'");
        assert_eq!(
            str_repr("\u{85}\u{a0}\u{200b}\u{e0001}"),
            r"'\x85\xa0\u200b\U000e0001'"
        );
    }

    #[test]
    fn str_repr_quotes_and_escapes_like_python() {
        let cases = [
            ("foo", "'foo'"),
            ("", "''"),
            ("it's", "\"it's\""),
            ("both ' and \"", "'both \\' and \"'"),
            ("a\\b", "'a\\\\b'"),
            ("multi\nline\t", "'multi\\nline\\t'"),
            ("bücket", "'bücket'"),
            ("\u{7f}\u{1}", "'\\x7f\\x01'"),
            ("nb\u{a0}sp", "'nb\\xa0sp'"),
            ("zw\u{200b}", "'zw\\u200b'"),
            ("a, b", "'a, b'"),
        ];
        for (input, expected) in cases {
            assert_eq!(str_repr(input), expected, "repr({input:?})");
        }
    }

    #[test]
    fn values_and_collections_print_like_python() {
        let cases = [
            (serde_json::json!(null), "None"),
            (serde_json::json!(true), "True"),
            (serde_json::json!(1), "1"),
            (serde_json::json!(1.0), "1.0"),
            (serde_json::json!(0.5), "0.5"),
            (serde_json::json!("a'b"), "\"a'b\""),
            (
                serde_json::json!({"bucket": "b", "mount_path": "/io", "read_only": true}),
                "{'bucket': 'b', 'mount_path': '/io', 'read_only': True}",
            ),
            (serde_json::json!([1, "x", [null]]), "[1, 'x', [None]]"),
        ];
        for (v, want) in cases {
            assert_eq!(value_repr(&v), want);
        }
        assert_eq!(value_str(&serde_json::json!("shell")), "shell");
        assert_eq!(set_of(["public", "private"]), "{'public', 'private'}");
        assert_eq!(set_of([]), "set()");
        assert_eq!(list_of(["image"]), "['image']");
        assert_eq!(bool_str(false), "False");
    }

    #[test]
    fn float_acceptance_matches_python() {
        let accepted = [
            "1",
            "42.42",
            "1e3",
            "inf",
            "-Infinity",
            "nan",
            "NaN",
            "1_000",
            " 12 ",
            ".5",
            "5.",
            "+1.5E-3",
            "1e1_0",
            "\u{661}\u{662}",
        ];
        let rejected = [
            "", "abc", "1__0", "_1", "1_", "1._5", "1_.5", ".", "e3", "1e", "--1", "in f", "0x10",
            "1,5", "Ⅻ",
        ];
        for s in accepted {
            assert!(parse_float(s).is_some(), "float({s:?}) should be accepted");
        }
        for s in rejected {
            assert!(parse_float(s).is_none(), "float({s:?}) should be rejected");
        }
        assert_eq!(parse_float("\u{661}\u{662}"), Some(12.0));
    }

    #[test]
    fn python_string_predicates() {
        assert_eq!(strip("\u{1c} x \u{3000}"), "x");
        assert_eq!(rstrip("  x \n\n"), "  x");
        assert_eq!(
            splitlines("a\r\nb\rc\n\nd\u{2028}e\n"),
            ["a", "b", "c", "", "d", "e"]
        );
        assert_eq!(splitlines(""), Vec::<&str>::new());
        assert_eq!(strip("\u{3000} x \t"), "x");
        assert!(parses_as_int(" -1_000 "));
        assert!(!parses_as_int("1__0"));
        assert!(!parses_as_int("_1"));
        assert_eq!(parse_float("1_0.5"), Some(10.5));
        assert_eq!(parse_float(" -Infinity "), Some(f64::NEG_INFINITY));
        assert_eq!(parse_float("1e"), None);
        assert_eq!(parse_float("0x10"), None);
    }
}
