//! PyYAML `yaml.dump(value)` with its default settings.
//!
//! This is a port of the parts of PyYAML's `Representer`, `Serializer`, `Resolver` and
//! `Emitter` (6.0) that JSON-shaped data reaches: block mappings with sorted keys, block
//! sequences, `[]`/`{}` for empty containers, and plain, single-quoted or double-quoted scalars.
//! The emitter's state (column, indentation stack, `whitespace`/`indention` flags) is kept
//! exactly as PyYAML keeps it, because line folding and indentation depend on it; the event
//! state machine itself becomes plain recursion. Literal (`|`) and folded (`>`) styles, anchors,
//! aliases and flow collections with content are never produced by `yaml.dump` for this data.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::python::float_repr;

/// PyYAML's default `width`: plain and quoted scalars are folded past this column.
const BEST_WIDTH: usize = 80;
/// PyYAML's default `indent`.
const BEST_INDENT: usize = 2;

/// `yaml.dump(value)`, ending with a newline as `yaml.dump` does.
pub(super) fn dump(value: &Value) -> String {
    let mut emitter = Emitter::new();
    // DOCUMENT-START is implicit: the first document never gets `---` here.
    emitter.node(value, Context::Root);
    // DOCUMENT-END (implicit).
    emitter.write_indent();
    // STREAM-END: a root plain scalar leaves the document "open ended", which PyYAML closes
    // with `...` (hence `null\n...\n`).
    if emitter.open_ended {
        emitter.write_indicator("...", true, false, false);
        emitter.write_indent();
    }
    emitter.out
}

/// The YAML tags a JSON value can resolve to (PyYAML's implicit resolvers, plus `str`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
    Bool,
    Float,
    Int,
    Merge,
    Null,
    Timestamp,
    Value,
    Yaml,
    Str,
}

impl Tag {
    /// The tag's short form, written only when a non-string scalar cannot be plain.
    fn shorthand(self) -> &'static str {
        match self {
            Tag::Bool => "!!bool",
            Tag::Float => "!!float",
            Tag::Int => "!!int",
            Tag::Merge => "!!merge",
            Tag::Null => "!!null",
            Tag::Timestamp => "!!timestamp",
            Tag::Value => "!!value",
            Tag::Yaml => "!!yaml",
            Tag::Str => "!!str",
        }
    }
}

/// PyYAML's implicit resolvers, in registration order. Each one is only tried for values
/// starting with its listed first characters, but every pattern is anchored and can only
/// match such values, so trying all of them is equivalent.
static RESOLVERS: LazyLock<Vec<(Tag, Regex)>> = LazyLock::new(|| {
    let patterns = [
        (
            Tag::Bool,
            r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
        ),
        (
            Tag::Float,
            r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        ),
        (
            Tag::Int,
            r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
        ),
        (Tag::Merge, r"^(?:<<)$"),
        (Tag::Null, r"^(?:~|null|Null|NULL|)$"),
        (
            Tag::Timestamp,
            r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
        ),
        (Tag::Value, r"^(?:=)$"),
        (Tag::Yaml, r"^(?:!|&|\*)$"),
    ];
    patterns
        .into_iter()
        // The patterns are constants exercised by the tests, so this cannot fail at run time.
        .map(|(tag, pattern)| (tag, Regex::new(pattern).expect("valid resolver pattern")))
        .collect()
});

/// The tag a plain scalar with this text would be read back as.
///
/// Python's `$` also matches before a final newline; that difference is moot because text
/// with a line break is never written plain.
fn resolve(text: &str) -> Tag {
    RESOLVERS
        .iter()
        .find(|(_, regex)| regex.is_match(text))
        .map_or(Tag::Str, |(tag, _)| *tag)
}

/// A scalar as the serializer hands it to the emitter.
struct Scalar {
    text: Vec<char>,
    tag: Tag,
    /// `implicit[0]`: the text, written plain, resolves back to `tag`.
    plain_implicit: bool,
    /// `implicit[1]`: the text, written quoted, resolves back to `tag` (only true for strings).
    quoted_implicit: bool,
}

impl Scalar {
    fn new(text: String, tag: Tag) -> Self {
        let plain_implicit = resolve(&text) == tag;
        Self {
            text: text.chars().collect(),
            tag,
            plain_implicit,
            quoted_implicit: tag == Tag::Str,
        }
    }

    /// PyYAML's representers for the scalar JSON types.
    fn from_value(value: &Value) -> Option<Self> {
        Some(match value {
            Value::Null => Self::new("null".to_owned(), Tag::Null),
            Value::Bool(flag) => Self::new(flag.to_string(), Tag::Bool),
            Value::Number(number) => match number.as_f64() {
                Some(float) if number.is_f64() => Self::new(represent_float(float), Tag::Float),
                _ => Self::new(number.to_string(), Tag::Int),
            },
            Value::String(text) => Self::new(text.clone(), Tag::Str),
            Value::Array(_) | Value::Object(_) => return None,
        })
    }
}

/// `SafeRepresenter.represent_float`: `.nan`, `.inf`, `-.inf`, otherwise `repr()` lowercased,
/// with `.0` inserted before the exponent when there is no point (`1e-05` → `1.0e-05`) so
/// that the text still resolves as a float.
fn represent_float(value: f64) -> String {
    if value.is_nan() {
        return ".nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { ".inf" } else { "-.inf" }.to_owned();
    }
    let text = float_repr(value).to_lowercase();
    if !text.contains('.') && text.contains('e') {
        text.replacen('e', ".0e", 1)
    } else {
        text
    }
}

/// `ScalarAnalysis`: which styles can represent a scalar.
struct Analysis {
    empty: bool,
    multiline: bool,
    allow_block_plain: bool,
    allow_single_quoted: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank_or_break(c: char) -> bool {
    matches!(c, '\0' | ' ' | '\t' | '\r') || is_break(c)
}

/// `Emitter.analyze_scalar` with `allow_unicode=False`, keeping only the fields block
/// context uses. (The flow-plain flag matters only inside flow collections, which are always
/// empty here.)
fn analyze(text: &[char]) -> Analysis {
    if text.is_empty() {
        return Analysis {
            empty: true,
            multiline: false,
            allow_block_plain: true,
            allow_single_quoted: true,
        };
    }
    let mut block_indicators = false;
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;

    // Document markers at the start.
    if text.starts_with(&['-', '-', '-']) || text.starts_with(&['.', '.', '.']) {
        block_indicators = true;
    }
    let mut preceded_by_whitespace = true;
    let mut followed_by_whitespace = text.len() == 1 || is_blank_or_break(text[1]);
    let mut previous_space = false;
    let mut previous_break = false;

    for (index, &ch) in text.iter().enumerate() {
        if index == 0 {
            // Leading indicators.
            if "#,[]{}&*!|>'\"%@`".contains(ch) {
                block_indicators = true;
            }
            if (ch == '?' || ch == ':' || ch == '-') && followed_by_whitespace {
                block_indicators = true;
            }
        } else if (ch == ':' && followed_by_whitespace) || (ch == '#' && preceded_by_whitespace) {
            block_indicators = true;
        }

        if is_break(ch) {
            line_breaks = true;
        }
        // With allow_unicode=False every character outside printable ASCII (bar `\n`) can only
        // be written as a double-quoted escape.
        if !(ch == '\n' || (' '..='~').contains(&ch)) {
            special_characters = true;
        }

        if ch == ' ' {
            if index == 0 {
                leading_space = true;
            }
            if index == text.len() - 1 {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(ch) {
            if index == 0 {
                leading_break = true;
            }
            if index == text.len() - 1 {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }

        preceded_by_whitespace = is_blank_or_break(ch);
        followed_by_whitespace = text.get(index + 2).is_none_or(|&c| is_blank_or_break(c));
    }

    let mut allow_block_plain = true;
    let mut allow_single_quoted = true;
    if leading_space || leading_break || trailing_space || trailing_break {
        allow_block_plain = false;
    }
    if break_space {
        allow_block_plain = false;
        allow_single_quoted = false;
    }
    if space_break || special_characters {
        allow_block_plain = false;
        allow_single_quoted = false;
    }
    if line_breaks || block_indicators {
        allow_block_plain = false;
    }
    Analysis {
        empty: false,
        multiline: line_breaks,
        allow_block_plain,
        allow_single_quoted,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
}

/// Where a node sits; this is what `expect_node`'s keyword arguments record.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Context {
    Root,
    SequenceItem,
    MappingValue,
    /// A key written without `?` (`Emitter.check_simple_key` held).
    SimpleKey,
}

struct Emitter {
    out: String,
    indent: Option<usize>,
    indents: Vec<Option<usize>>,
    /// Characters (not bytes) written on the current line.
    column: usize,
    /// The last character written was whitespace (set by indicators and line breaks only).
    whitespace: bool,
    /// Only indentation and `-`/`?`/`:` indicators have been written on the current line.
    indention: bool,
    open_ended: bool,
    root_context: bool,
    mapping_context: bool,
    simple_key_context: bool,
}

impl Emitter {
    fn new() -> Self {
        Self {
            out: String::new(),
            indent: None,
            indents: Vec::new(),
            column: 0,
            // The start of the stream counts as whitespace and indentation.
            whitespace: true,
            indention: true,
            open_ended: false,
            root_context: false,
            mapping_context: false,
            simple_key_context: false,
        }
    }

    fn node(&mut self, value: &Value, context: Context) {
        self.root_context = context == Context::Root;
        self.mapping_context = matches!(context, Context::MappingValue | Context::SimpleKey);
        self.simple_key_context = context == Context::SimpleKey;
        match value {
            Value::Array(items) if items.is_empty() => self.empty_flow("[", "]"),
            Value::Object(map) if map.is_empty() => self.empty_flow("{", "}"),
            Value::Array(items) => self.block_sequence(items),
            Value::Object(map) => self.block_mapping(map),
            scalar => {
                if let Some(scalar) = Scalar::from_value(scalar) {
                    self.scalar(&scalar);
                }
            }
        }
    }

    /// An empty sequence or mapping, which PyYAML always writes in flow style.
    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.write_indicator(close, false, false, false);
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        self.indent = match self.indent {
            None => Some(if flow { BEST_INDENT } else { 0 }),
            Some(indent) if !indentless => Some(indent + BEST_INDENT),
            same => same,
        };
    }

    fn decrease_indent(&mut self) {
        self.indent = self.indents.pop().flatten();
    }

    fn block_sequence(&mut self, items: &[Value]) {
        // A sequence that is a mapping value starts on the key's line context and is not
        // indented further (`key:` then `- item` at the key's column).
        let indentless = self.mapping_context && !self.indention;
        self.increase_indent(false, indentless);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, Context::SequenceItem);
        }
        self.decrease_indent();
    }

    fn block_mapping(&mut self, map: &serde_json::Map<String, Value>) {
        self.increase_indent(false, false);
        // `yaml.dump` sorts keys (sort_keys=True); Rust's `str` order is code point order,
        // like Python's.
        let mut entries: Vec<(&String, &Value)> = map.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (key, value) in entries {
            self.write_indent();
            let key = Scalar::new(key.clone(), Tag::Str);
            let analysis = analyze(&key.text);
            if check_simple_key(&key, &analysis) {
                self.scalar_in(&key, Context::SimpleKey);
                self.write_indicator(":", false, false, false);
            } else {
                // Long (≥ 123 characters), empty or multi-line keys get the explicit form.
                self.write_indicator("?", true, false, true);
                self.scalar_in(&key, Context::MappingValue);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.node(value, Context::MappingValue);
        }
        self.decrease_indent();
    }

    fn scalar_in(&mut self, scalar: &Scalar, context: Context) {
        self.root_context = false;
        self.mapping_context = true;
        self.simple_key_context = context == Context::SimpleKey;
        self.scalar(scalar);
    }

    /// `process_tag` + `expect_scalar` + `process_scalar`.
    fn scalar(&mut self, scalar: &Scalar) {
        let analysis = analyze(&scalar.text);
        let style = self.choose_style(scalar, &analysis);
        let tag_implied = (style == Style::Plain && scalar.plain_implicit)
            || (style != Style::Plain && scalar.quoted_implicit);
        if !tag_implied {
            self.write_indicator(scalar.tag.shorthand(), true, false, false);
        }
        self.increase_indent(true, false);
        let split = !self.simple_key_context;
        match style {
            Style::Plain => self.write_plain(&scalar.text, split),
            Style::SingleQuoted => self.write_single_quoted(&scalar.text, split),
            Style::DoubleQuoted => self.write_double_quoted(&scalar.text, split),
        }
        self.decrease_indent();
    }

    /// `Emitter.choose_scalar_style` for block context and no requested style.
    fn choose_style(&self, scalar: &Scalar, analysis: &Analysis) -> Style {
        if scalar.plain_implicit
            && !(self.simple_key_context && (analysis.empty || analysis.multiline))
            && analysis.allow_block_plain
        {
            return Style::Plain;
        }
        if analysis.allow_single_quoted && !(self.simple_key_context && analysis.multiline) {
            return Style::SingleQuoted;
        }
        Style::DoubleQuoted
    }

    fn write_raw(&mut self, text: &[char]) {
        self.column += text.len();
        self.out.extend(text.iter());
    }

    fn write_str(&mut self, text: &str) {
        self.column += text.chars().count();
        self.out.push_str(text);
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        whitespace: bool,
        indention: bool,
    ) {
        if !self.whitespace && need_whitespace {
            self.out.push(' ');
            self.column += 1;
        }
        self.out.push_str(indicator);
        self.column += indicator.chars().count();
        self.whitespace = whitespace;
        self.indention = self.indention && indention;
        self.open_ended = false;
    }

    fn write_indent(&mut self) {
        let indent = self.indent.unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.write_line_break(None);
        }
        if self.column < indent {
            self.whitespace = true;
            self.out
                .extend(std::iter::repeat_n(' ', indent - self.column));
            self.column = indent;
        }
    }

    fn write_line_break(&mut self, data: Option<char>) {
        self.out.push(data.unwrap_or('\n'));
        self.whitespace = true;
        self.indention = true;
        self.column = 0;
    }

    /// Writes a run of line breaks inside a quoted scalar: a leading `\n` is doubled because a
    /// single folded newline would read back as a space.
    fn write_breaks(&mut self, breaks: &[char]) {
        if breaks.first() == Some(&'\n') {
            self.write_line_break(None);
        }
        for &br in breaks {
            self.write_line_break(if br == '\n' { None } else { Some(br) });
        }
        self.write_indent();
    }

    fn write_plain(&mut self, text: &[char], split: bool) {
        if self.root_context {
            self.open_ended = true;
        }
        if text.is_empty() {
            return;
        }
        if !self.whitespace {
            self.write_str(" ");
        }
        self.whitespace = false;
        self.indention = false;
        let mut spaces = false;
        let mut breaks = false;
        let mut start = 0;
        for end in 0..=text.len() {
            let ch = text.get(end).copied();
            if spaces {
                if ch != Some(' ') {
                    // Fold at a single space once past the width.
                    if start + 1 == end && self.column > BEST_WIDTH && split {
                        self.write_indent();
                        self.whitespace = false;
                        self.indention = false;
                    } else {
                        self.write_raw(&text[start..end]);
                    }
                    start = end;
                }
            } else if breaks {
                if ch.is_none_or(|c| !is_break(c)) {
                    self.write_breaks(&text[start..end]);
                    self.whitespace = false;
                    self.indention = false;
                    start = end;
                }
            } else if ch.is_none_or(|c| c == ' ' || is_break(c)) {
                self.write_raw(&text[start..end]);
                start = end;
            }
            if let Some(c) = ch {
                spaces = c == ' ';
                breaks = is_break(c);
            }
        }
    }

    fn write_single_quoted(&mut self, text: &[char], split: bool) {
        self.write_indicator("'", true, false, false);
        let mut spaces = false;
        let mut breaks = false;
        let mut start = 0;
        for end in 0..=text.len() {
            let ch = text.get(end).copied();
            if spaces {
                if ch != Some(' ') {
                    if start + 1 == end
                        && self.column > BEST_WIDTH
                        && split
                        && start != 0
                        && end != text.len()
                    {
                        self.write_indent();
                    } else {
                        self.write_raw(&text[start..end]);
                    }
                    start = end;
                }
            } else if breaks {
                if ch.is_none_or(|c| !is_break(c)) {
                    self.write_breaks(&text[start..end]);
                    start = end;
                }
            } else if ch.is_none_or(|c| c == ' ' || is_break(c) || c == '\'') && start < end {
                self.write_raw(&text[start..end]);
                start = end;
            }
            if ch == Some('\'') {
                self.write_str("''");
                start = end + 1;
            }
            if let Some(c) = ch {
                spaces = c == ' ';
                breaks = is_break(c);
            }
        }
        self.write_indicator("'", false, false, false);
    }

    fn write_double_quoted(&mut self, text: &[char], split: bool) {
        self.write_indicator("\"", true, false, false);
        let mut start = 0;
        for end in 0..=text.len() {
            let ch = text.get(end).copied();
            let needs_escape = ch.is_none_or(|c| {
                matches!(
                    c,
                    '"' | '\\' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}'
                ) || !(' '..='~').contains(&c)
            });
            if needs_escape {
                if start < end {
                    self.write_raw(&text[start..end]);
                    start = end;
                }
                if let Some(c) = ch {
                    self.write_str(&escape(c));
                    start = end + 1;
                }
            }
            // Fold before a space (or right after an escape) once past the width, ending the
            // line with `\` so no whitespace is lost; a leading space on the continuation line
            // is protected by another `\`.
            if end > 0
                && end + 1 < text.len()
                && (ch == Some(' ') || start >= end)
                // `end - start` is -1 right after an escape; PyYAML does the signed arithmetic.
                && self.column as isize + end as isize - start as isize > BEST_WIDTH as isize
                && split
            {
                if start < end {
                    self.write_raw(&text[start..end]);
                    start = end;
                }
                self.write_str("\\");
                self.write_indent();
                self.whitespace = false;
                self.indention = false;
                if text[start] == ' ' {
                    self.write_str("\\");
                }
            }
        }
        self.write_indicator("\"", false, false, false);
    }
}

/// `Emitter.check_simple_key` for a string key: the prepared tag (`!!str`, 5 characters)
/// counts towards the 128-character limit even though it is never written.
fn check_simple_key(key: &Scalar, analysis: &Analysis) -> bool {
    let length = key.tag.shorthand().chars().count() + key.text.len();
    length < 128 && !analysis.empty && !analysis.multiline
}

/// A double-quoted escape (`ESCAPE_REPLACEMENTS`, else `\xXX`, `\uXXXX`, `\UXXXXXXXX`).
fn escape(c: char) -> String {
    let short = match c {
        '\0' => Some('0'),
        '\x07' => Some('a'),
        '\x08' => Some('b'),
        '\t' => Some('t'),
        '\n' => Some('n'),
        '\x0b' => Some('v'),
        '\x0c' => Some('f'),
        '\r' => Some('r'),
        '\x1b' => Some('e'),
        '"' => Some('"'),
        '\\' => Some('\\'),
        '\u{85}' => Some('N'),
        '\u{a0}' => Some('_'),
        '\u{2028}' => Some('L'),
        '\u{2029}' => Some('P'),
        _ => None,
    };
    let code = u32::from(c);
    match short {
        Some(letter) => format!("\\{letter}"),
        None if code <= 0xff => format!("\\x{code:02X}"),
        None if code <= 0xffff => format!("\\u{code:04X}"),
        None => format!("\\U{code:08X}"),
    }
}
