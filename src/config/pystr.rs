//! Python string semantics that Hail's configuration depends on.
//!
//! The Python tool strips whitespace with `str.strip`, shows values with `repr()` in its error
//! messages and validates `http/timeout_in_seconds` with `float()`. These helpers reproduce the
//! parts of that behaviour that can change what a user sees or which values are accepted.

/// Python's `str.isspace()`: Unicode `White_Space` plus the four ASCII information separators
/// (U+001C..U+001F), which Python counts as whitespace and Rust does not.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()`.
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Python's `str.rstrip()`.
pub fn rstrip(s: &str) -> &str {
    s.trim_end_matches(is_space)
}

/// Python's `repr()` of a `str`: single quotes unless the text contains `'` and no `"`, with the
/// escapes Python uses for backslashes, quotes and non-printable characters.
pub fn repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let n = c as u32;
                if n <= 0xff {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n <= 0xffff {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
        }
    }
    out.push(quote);
    out
}

/// An approximation of Python's `str.isprintable()` for one character: control characters,
/// separators other than the ASCII space, format characters and private-use characters are not
/// printable. (Unassigned code points are treated as printable; they do not occur in practice.)
fn is_printable(c: char) -> bool {
    let n = c as u32;
    if c == ' ' {
        return true;
    }
    if c.is_control() {
        return false;
    }
    let separator = matches!(
        n,
        0xa0 | 0x1680 | 0x2000..=0x200a | 0x2028 | 0x2029 | 0x202f | 0x205f | 0x3000
    );
    let format = matches!(
        n,
        0xad | 0x600..=0x605
            | 0x61c
            | 0x6dd
            | 0x70f
            | 0x180e
            | 0x200b..=0x200f
            | 0x202a..=0x202e
            | 0x2060..=0x2064
            | 0x2066..=0x206f
            | 0xfeff
            | 0xfff9..=0xfffb
            | 0xe0001
            | 0xe0020..=0xe007f
    );
    let private_use = matches!(n, 0xe000..=0xf8ff | 0xf0000..=0xffffd | 0x100000..=0x10fffd);
    !(separator || format || private_use)
}

/// True if Python's `float(s)` accepts `s`: surrounding whitespace, a sign, decimal digits with
/// single underscores between digits, an optional fraction and exponent, or `inf`, `infinity`
/// and `nan` in any case.
pub fn is_python_float(s: &str) -> bool {
    let s = strip(s);
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let lower = s.to_ascii_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity" | "nan") {
        return true;
    }
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    if let Some(exp) = exponent {
        let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
        if !is_digit_part(exp) {
            return false;
        }
    }
    match mantissa.split_once('.') {
        None => is_digit_part(mantissa),
        Some((int, frac)) => match (int.is_empty(), frac.is_empty()) {
            (true, true) => false,
            (true, false) => is_digit_part(frac),
            (false, true) => is_digit_part(int),
            (false, false) => is_digit_part(int) && is_digit_part(frac),
        },
    }
}

/// `digit (["_"] digit)*`, where a digit is any Unicode decimal digit, as Python accepts.
fn is_digit_part(s: &str) -> bool {
    let mut previous_was_digit = false;
    let mut any = false;
    for c in s.chars() {
        if c == '_' {
            if !previous_was_digit {
                return false;
            }
            previous_was_digit = false;
        } else if is_decimal_digit(c) {
            previous_was_digit = true;
            any = true;
        } else {
            return false;
        }
    }
    any && previous_was_digit
}

fn is_decimal_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    // Python also accepts the other Unicode decimal digits (category Nd); these are the zeros of
    // the common Nd blocks, each followed by nine more digits.
    const ZEROS: [u32; 23] = [
        0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6,
        0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0xff10,
    ];
    let n = c as u32;
    ZEROS.iter().any(|&zero| (zero..zero + 10).contains(&n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_matches_python() {
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
            assert_eq!(repr(input), expected, "repr({input:?})");
        }
    }

    #[test]
    fn float_matches_python() {
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
            assert!(is_python_float(s), "float({s:?}) should be accepted");
        }
        for s in rejected {
            assert!(!is_python_float(s), "float({s:?}) should be rejected");
        }
    }

    #[test]
    fn strip_uses_python_whitespace() {
        assert_eq!(strip("\u{1c} x \u{3000}"), "x");
        assert_eq!(rstrip("  x \n\n"), "  x");
    }
}
