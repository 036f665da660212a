//! A reader and writer for the INI dialect of Python's `configparser.ConfigParser`, as Hail uses
//! it (all defaults): the same parse of every line, the same `[DEFAULT]` inheritance, the same
//! `%` interpolation on read, and byte-for-byte the same output on write.
//!
//! Several files can be read into one [`Ini`], as Python reads `config.ini` and then the active
//! profile into one parser: sections merge, and a key read later replaces the earlier value in
//! place. Every value remembers the file and line it came from, so errors and `config list
//! --origin` can name them.
//!
//! Where Python would die with a traceback (duplicate keys or sections, lines that are not
//! options, a bad `%`), this module returns an [`IniError`] naming the file and the line.

use std::fmt;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use crate::format::python::{self, str_repr as repr};

/// The name of the section whose options every other section inherits.
pub(crate) const DEFAULT_SECTION: &str = "DEFAULT";

/// Python's `MAX_INTERPOLATION_DEPTH`.
const MAX_INTERPOLATION_DEPTH: usize = 10;

/// One option's raw (uninterpolated) value and where it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The value as stored: multi-line values are joined with `\n`.
    pub raw: String,
    /// Index into [`Ini::sources`]; `None` for values set in memory and not yet read back.
    pub source: Option<usize>,
    /// 1-based line of the option in its source file (0 for values set in memory).
    pub line: usize,
}

type Options = IndexMap<String, Entry>;

/// A parsed (possibly merged) configuration.
#[derive(Clone, Debug, Default)]
pub struct Ini {
    sources: Vec<PathBuf>,
    defaults: Options,
    sections: IndexMap<String, Options>,
}

/// Why a configuration file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IniError {
    #[error("{}:{line}: {} appears before any [section] header", path.display(), repr(text))]
    MissingSectionHeader {
        path: PathBuf,
        line: usize,
        text: String,
    },
    #[error("{}:{line}: section {} already exists in this file", path.display(), repr(section))]
    DuplicateSection {
        path: PathBuf,
        line: usize,
        section: String,
    },
    #[error(
        "{}:{line}: option {} in section {} already exists in this file",
        path.display(), repr(option), repr(section)
    )]
    DuplicateOption {
        path: PathBuf,
        line: usize,
        section: String,
        option: String,
    },
    #[error("{}", format_parsing_errors(path, lines))]
    Parsing {
        path: PathBuf,
        /// Each bad line: its number and its text.
        lines: Vec<(usize, String)>,
    },
    #[error("{}:1: the file starts with a UTF-8 byte order mark, which Hail's tool cannot read; remove it", path.display())]
    ByteOrderMark { path: PathBuf },
    #[error("{}: {message}", location(path.as_deref(), *line))]
    Interpolation {
        path: Option<PathBuf>,
        line: usize,
        message: String,
    },
}

fn location(path: Option<&Path>, line: usize) -> String {
    match path {
        Some(p) if line > 0 => format!("{}:{line}", p.display()),
        Some(p) => p.display().to_string(),
        None => "value".to_string(),
    }
}

fn format_parsing_errors(path: &Path, lines: &[(usize, String)]) -> String {
    let mut out = String::new();
    for (i, (line, text)) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{}:{line}: {} is neither a [section], a `key = value` option nor a comment",
            path.display(),
            repr(text)
        ));
    }
    out
}

/// A problem found while expanding `%` references, before the location is attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InterpolationError(pub String);

impl fmt::Display for InterpolationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Splits text into lines as Python's universal-newline mode does (`\n`, `\r\n` and `\r`).
fn universal_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match rest.find(['\n', '\r']) {
            None => {
                let line = rest;
                rest = "";
                Some(line)
            }
            Some(i) => {
                let line = &rest[..i];
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + skip..];
                Some(line)
            }
        }
    })
}

/// Position (in characters) of the first non-whitespace character, as Python's `\S` search.
fn indentation(line: &str) -> usize {
    line.chars().take_while(|c| python::is_space(*c)).count()
}

/// Where the parser is adding lines while reading one file.
enum Cursor {
    None,
    Defaults,
    Section(String),
}

impl Ini {
    /// An empty configuration.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses one file's text.
    pub fn parse(text: &str, path: &Path) -> Result<Self, IniError> {
        let mut ini = Ini::new();
        ini.read_str(text, path)?;
        Ok(ini)
    }

    /// The path of a value's source file.
    pub fn source_path(&self, entry: &Entry) -> Option<&Path> {
        entry
            .source
            .and_then(|i| self.sources.get(i))
            .map(PathBuf::as_path)
    }

    /// Reads one more file's text into this configuration, as `ConfigParser.read` does: the
    /// duplicate checks apply within this file only, sections already known merge, and keys
    /// replace earlier values in place.
    pub fn read_str(&mut self, text: &str, path: &Path) -> Result<(), IniError> {
        if text.starts_with('\u{feff}') {
            return Err(IniError::ByteOrderMark {
                path: path.to_path_buf(),
            });
        }
        let source = self.sources.len();
        self.sources.push(path.to_path_buf());

        // Values are collected as lists of lines and joined at the end of the file, as Python's
        // `_join_multiline_values` does.
        let mut pending: Vec<(Option<String>, String, Vec<String>)> = Vec::new();
        let mut open_option: Option<usize> = None; // index into `pending`
        let mut cursor = Cursor::None;
        // Sets, not lists: a file of many sections must not take quadratic time.
        let mut seen_sections: std::collections::HashSet<String> = Default::default();
        let mut seen_options: std::collections::HashSet<(Option<String>, String)> =
            Default::default();
        let mut indent_level = 0usize;
        let mut bad_lines = Vec::new();

        for (index, line) in universal_lines(text).enumerate() {
            let lineno = index + 1;
            let stripped = python::strip(line);
            let is_comment = stripped.starts_with('#') || stripped.starts_with(';');
            let value = if is_comment { "" } else { stripped };
            if value.is_empty() {
                // A blank line inside a value is kept (comments are skipped without ending it).
                if let Some(i) = open_option.filter(|_| !is_comment) {
                    pending[i].2.push(String::new());
                }
                continue;
            }
            let current_indent = indentation(line);
            if !matches!(cursor, Cursor::None)
                && open_option.is_some()
                && current_indent > indent_level
            {
                if let Some(i) = open_option {
                    pending[i].2.push(value.to_string());
                }
                continue;
            }
            indent_level = current_indent;
            if let Some(header) = section_header(value) {
                if header == DEFAULT_SECTION {
                    cursor = Cursor::Defaults;
                } else {
                    if seen_sections.contains(header) {
                        return Err(IniError::DuplicateSection {
                            path: path.to_path_buf(),
                            line: lineno,
                            section: header.to_string(),
                        });
                    }
                    seen_sections.insert(header.to_string());
                    self.sections.entry(header.to_string()).or_default();
                    cursor = Cursor::Section(header.to_string());
                }
                open_option = None;
                continue;
            }
            let section = match &cursor {
                Cursor::None => {
                    return Err(IniError::MissingSectionHeader {
                        path: path.to_path_buf(),
                        line: lineno,
                        text: line.to_string(),
                    });
                }
                Cursor::Defaults => None,
                Cursor::Section(s) => Some(s.clone()),
            };
            match split_option(value) {
                Some((key, val)) if !key.is_empty() => {
                    let key = key.to_lowercase();
                    let id = (section.clone(), key.clone());
                    if seen_options.contains(&id) {
                        return Err(IniError::DuplicateOption {
                            path: path.to_path_buf(),
                            line: lineno,
                            section: section.unwrap_or_else(|| DEFAULT_SECTION.to_string()),
                            option: key,
                        });
                    }
                    seen_options.insert(id);
                    // Insert now, so the key keeps its position; the value is filled in at the end.
                    self.options_mut(section.as_deref()).insert(
                        key.clone(),
                        Entry {
                            raw: String::new(),
                            source: Some(source),
                            line: lineno,
                        },
                    );
                    pending.push((section, key, vec![val.to_string()]));
                    open_option = Some(pending.len() - 1);
                }
                _ => {
                    // Python records the error and goes on, so that all bad lines are reported.
                    bad_lines.push((lineno, line.to_string()));
                }
            }
        }

        if !bad_lines.is_empty() {
            return Err(IniError::Parsing {
                path: path.to_path_buf(),
                lines: bad_lines,
            });
        }
        for (section, key, lines) in pending {
            let joined = lines.join("\n");
            if let Some(entry) = self.options_mut(section.as_deref()).get_mut(&key) {
                entry.raw = python::rstrip(&joined).to_string();
            }
        }
        Ok(())
    }

    fn options_mut(&mut self, section: Option<&str>) -> &mut Options {
        match section {
            None => &mut self.defaults,
            Some(s) => self.sections.entry(s.to_string()).or_default(),
        }
    }

    /// Section names in order, without `DEFAULT`.
    pub fn sections(&self) -> impl Iterator<Item = &str> {
        self.sections.keys().map(String::as_str)
    }

    /// The raw entry for `section`/`option` (option matched case-insensitively), inheriting from
    /// `DEFAULT` when the section exists.
    pub fn get_entry(&self, section: &str, option: &str) -> Option<&Entry> {
        let option = option.to_lowercase();
        if section == DEFAULT_SECTION {
            return self.defaults.get(&option);
        }
        let own = self.sections.get(section)?;
        own.get(&option).or_else(|| self.defaults.get(&option))
    }

    /// The entry stored in `section` itself (no `DEFAULT` inheritance).
    pub fn own_entry(&self, section: &str, option: &str) -> Option<&Entry> {
        let option = option.to_lowercase();
        if section == DEFAULT_SECTION {
            self.defaults.get(&option)
        } else {
            self.sections.get(section)?.get(&option)
        }
    }

    /// The interpolated value of `section`/`option`, if present.
    pub fn get(&self, section: &str, option: &str) -> Result<Option<String>, IniError> {
        match self.get_entry(section, option) {
            None => Ok(None),
            Some(entry) => self
                .interpolate(section, &option.to_lowercase(), &entry.raw)
                .map(Some)
                .map_err(|e| self.locate(entry, e)),
        }
    }

    /// The options of `section` in Python's `items(section)` order: the section's own keys in
    /// order, then the `DEFAULT` keys it does not override.
    pub fn items(&self, section: &str) -> Vec<(&str, &Entry)> {
        let mut out: Vec<(&str, &Entry)> = Vec::new();
        if let Some(own) = self.sections.get(section) {
            out.extend(own.iter().map(|(k, v)| (k.as_str(), v)));
            out.extend(
                self.defaults
                    .iter()
                    .filter(|(k, _)| !own.contains_key(*k))
                    .map(|(k, v)| (k.as_str(), v)),
            );
        } else if section == DEFAULT_SECTION {
            out.extend(self.defaults.iter().map(|(k, v)| (k.as_str(), v)));
        }
        out
    }

    /// Checks that every value of every section expands, so that a bad `%` anywhere is reported
    /// before a command reads or rewrites the file (Python fails on it in every `get` and
    /// `list`).
    pub fn check_interpolation(&self) -> Result<(), IniError> {
        for section in self.sections.keys() {
            for (key, entry) in self.items(section) {
                self.interpolate(section, key, &entry.raw)
                    .map_err(|e| self.locate(entry, e))?;
            }
        }
        for (key, entry) in &self.defaults {
            self.interpolate(DEFAULT_SECTION, key, &entry.raw)
                .map_err(|e| self.locate(entry, e))?;
        }
        Ok(())
    }

    fn locate(&self, entry: &Entry, error: InterpolationError) -> IniError {
        IniError::Interpolation {
            path: self.source_path(entry).map(Path::to_path_buf),
            line: entry.line,
            message: error.0,
        }
    }

    /// Python's `BasicInterpolation.before_get`.
    fn interpolate(
        &self,
        section: &str,
        option: &str,
        raw: &str,
    ) -> Result<String, InterpolationError> {
        let mut out = String::new();
        self.interpolate_some(section, option, raw, &mut out, raw, 1)?;
        Ok(out)
    }

    fn interpolate_some(
        &self,
        section: &str,
        option: &str,
        rawval: &str,
        out: &mut String,
        mut rest: &str,
        depth: usize,
    ) -> Result<(), InterpolationError> {
        if depth > MAX_INTERPOLATION_DEPTH {
            return Err(InterpolationError(format!(
                "Recursion limit exceeded in value substitution: option {} in section {} \
                 contains an interpolation key which cannot be substituted in {} steps. \
                 Raw value: {}",
                repr(option),
                repr(section),
                MAX_INTERPOLATION_DEPTH,
                repr(rawval)
            )));
        }
        while !rest.is_empty() {
            let Some(p) = rest.find('%') else {
                out.push_str(rest);
                return Ok(());
            };
            out.push_str(&rest[..p]);
            rest = &rest[p..];
            let next = rest[1..].chars().next();
            match next {
                Some('%') => {
                    out.push('%');
                    rest = &rest[2..];
                }
                Some('(') => {
                    let Some((name, len)) = reference_at(rest) else {
                        return Err(InterpolationError(format!(
                            "bad interpolation variable reference {}",
                            repr(rest)
                        )));
                    };
                    let name = name.to_lowercase();
                    rest = &rest[len..];
                    let Some(value) = self.lookup_for_interpolation(section, &name) else {
                        return Err(InterpolationError(format!(
                            "Bad value substitution: option {} in section {} contains an \
                             interpolation key {} which is not a valid option name. Raw value: {}",
                            repr(option),
                            repr(section),
                            repr(&name),
                            repr(rawval)
                        )));
                    };
                    if value.contains('%') {
                        self.interpolate_some(section, option, rawval, out, value, depth + 1)?;
                    } else {
                        out.push_str(value);
                    }
                }
                _ => {
                    return Err(InterpolationError(format!(
                        "'%' must be followed by '%' or '(', found: {}",
                        repr(rest)
                    )));
                }
            }
        }
        Ok(())
    }

    /// The raw value a `%(name)s` reference in `section` sees: the section's own option, else
    /// the `DEFAULT` one.
    fn lookup_for_interpolation(&self, section: &str, name: &str) -> Option<&str> {
        let own = if section == DEFAULT_SECTION {
            None
        } else {
            self.sections.get(section).and_then(|s| s.get(name))
        };
        own.or_else(|| self.defaults.get(name))
            .map(|e| e.raw.as_str())
    }

    /// Sets a raw value, creating the section if needed. The key is lower-cased, as Python's
    /// `optionxform` does. Call [`check_settable`] first.
    pub fn set(&mut self, section: &str, option: &str, raw: &str) {
        let options = if section == DEFAULT_SECTION {
            &mut self.defaults
        } else {
            self.sections.entry(section.to_string()).or_default()
        };
        let key = option.to_lowercase();
        match options.get_mut(&key) {
            Some(entry) => {
                entry.raw = raw.to_string();
            }
            None => {
                options.insert(
                    key,
                    Entry {
                        raw: raw.to_string(),
                        source: None,
                        line: 0,
                    },
                );
            }
        }
    }

    /// Removes an option stored in `section` itself. The section stays, even if empty, as with
    /// Python. Returns whether the option existed.
    pub fn remove(&mut self, section: &str, option: &str) -> bool {
        let key = option.to_lowercase();
        let options = if section == DEFAULT_SECTION {
            Some(&mut self.defaults)
        } else {
            self.sections.get_mut(section)
        };
        options.is_some_and(|o| o.shift_remove(&key).is_some())
    }

    /// The file text Python's `ConfigParser.write` produces for this configuration.
    pub fn write(&self) -> String {
        let mut out = String::new();
        if !self.defaults.is_empty() {
            write_section(&mut out, DEFAULT_SECTION, &self.defaults);
        }
        for (name, options) in &self.sections {
            write_section(&mut out, name, options);
        }
        out
    }
}

fn write_section(out: &mut String, name: &str, options: &Options) {
    out.push('[');
    out.push_str(name);
    out.push_str("]\n");
    for (key, entry) in options {
        out.push_str(key);
        out.push_str(" = ");
        out.push_str(&entry.raw.replace('\n', "\n\t"));
        out.push('\n');
    }
    out.push('\n');
}

/// Python's `SECTCRE` (`\[(?P<header>.+)\]`, matched at the start, greedy): the text between
/// the first `[` and the last `]`, which must not be empty.
fn section_header(value: &str) -> Option<&str> {
    let inner = value.strip_prefix('[')?;
    let end = inner.rfind(']')?;
    (end > 0).then(|| &inner[..end])
}

/// Python's `OPTCRE`: the key is everything before the first `=` or `:` (right-stripped), the
/// value everything after it (stripped).
fn split_option(value: &str) -> Option<(&str, &str)> {
    let i = value.find(['=', ':'])?;
    Some((python::rstrip(&value[..i]), python::strip(&value[i + 1..])))
}

/// Python's `_KEYCRE` (`%\(([^)]+)\)s`) matched at the start of `s`: the name and the length of
/// the whole reference.
fn reference_at(s: &str) -> Option<(&str, usize)> {
    let body = s.strip_prefix("%(")?;
    let close = body.find(')')?;
    if close == 0 {
        return None;
    }
    body[close + 1..]
        .starts_with('s')
        .then(|| (&body[..close], 2 + close + 2))
}

/// Python's `BasicInterpolation.before_set`: after removing `%%` and every well-formed
/// `%(name)s`, no `%` may remain. The error text is Python's.
pub(crate) fn check_settable(value: &str) -> Result<(), String> {
    let without_escapes = value.replace("%%", "");
    let mut reduced = String::with_capacity(without_escapes.len());
    let mut rest = without_escapes.as_str();
    while let Some(p) = rest.find("%(") {
        reduced.push_str(&rest[..p]);
        match reference_at(&rest[p..]) {
            Some((_, len)) => rest = &rest[p + len..],
            None => {
                reduced.push_str("%(");
                rest = &rest[p + 2..];
            }
        }
    }
    reduced.push_str(rest);
    match reduced.find('%') {
        None => Ok(()),
        Some(byte_pos) => Err(format!(
            "invalid interpolation syntax in {} at position {}",
            repr(value),
            reduced[..byte_pos].chars().count()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Ini, IniError> {
        Ini::parse(text, Path::new("/cfg/config.ini"))
    }

    fn get(ini: &Ini, section: &str, key: &str) -> Option<String> {
        ini.get(section, key).expect("interpolates")
    }

    #[test]
    fn parsing_time_grows_linearly_with_the_sections() {
        // Min of three runs each, to keep scheduling noise out; quadratic parsing makes the
        // ratio about 16, linear about 4.
        let time = |n: usize| {
            let text: String = (0..n).map(|i| format!("[s{i}]\nk = v\n")).collect();
            (0..3)
                .map(|_| {
                    let start = std::time::Instant::now();
                    parse(&text).expect("parses");
                    start.elapsed()
                })
                .min()
                .expect("three runs")
        };
        let (small, large) = (time(5_000), time(20_000));
        assert!(
            large < small * 10,
            "5,000 sections: {small:?}; 20,000: {large:?}"
        );
    }

    #[test]
    fn canonical_file_is_written_byte_for_byte() {
        let mut ini = Ini::new();
        ini.set("batch", "billing_project", "my-project");
        ini.set("batch", "remote_tmpdir", "gs://my-bucket/batch/tmp/");
        ini.set("global", "domain", "example.org");
        ini.set("query", "backend", "batch");
        ini.set("batch", "regions", "us-central1,us-east1");
        assert_eq!(
            ini.write(),
            "[batch]\nbilling_project = my-project\nremote_tmpdir = gs://my-bucket/batch/tmp/\n\
             regions = us-central1,us-east1\n\n[global]\ndomain = example.org\n\n\
             [query]\nbackend = batch\n\n"
        );
        assert_eq!(ini.write().len(), 167);
    }

    #[test]
    fn writer_edge_cases() {
        let mut ini = Ini::new();
        ini.set("global", "profile", "multi\nline");
        ini.set("global", "empty", "");
        ini.set("query", "x", "1");
        ini.remove("query", "x");
        assert_eq!(
            ini.write(),
            "[global]\nprofile = multi\n\tline\nempty = \n\n[query]\n\n"
        );
        assert_eq!(Ini::new().write(), "");
    }

    #[test]
    fn hand_written_file_is_normalised_like_python() {
        let before = "# leading comment\n; another\n[Batch]\nBilling_Project: from-upper-section\n\n\
                      [batch]\n  # indented comment\nBILLING_PROJECT : BP1 ; not a comment\n\
                      Remote_TmpDir=gs://bkt/%(billing_project)s/tmp\nregions =\n   us-central1,\n   us-east1\n\n\
                      [DEFAULT]\nshared = from-default\n\n[global]\ndomain=example.org   \n";
        let mut ini = parse(before).expect("parses");
        ini.set("query", "backend", "spark");
        assert_eq!(
            ini.write(),
            "[DEFAULT]\nshared = from-default\n\n[Batch]\nbilling_project = from-upper-section\n\n\
             [batch]\nbilling_project = BP1 ; not a comment\nremote_tmpdir = gs://bkt/%(billing_project)s/tmp\n\
             regions = \n\tus-central1,\n\tus-east1\n\n[global]\ndomain = example.org\n\n\
             [query]\nbackend = spark\n\n"
        );
        assert_eq!(
            get(&ini, "batch", "remote_tmpdir").as_deref(),
            Some("gs://bkt/BP1 ; not a comment/tmp")
        );
        assert_eq!(
            get(&ini, "batch", "regions").as_deref(),
            Some("\nus-central1,\nus-east1")
        );
        assert_eq!(
            get(&ini, "batch", "shared").as_deref(),
            Some("from-default")
        );
        assert_eq!(
            get(&ini, "DEFAULT", "shared").as_deref(),
            Some("from-default")
        );
        assert_eq!(get(&ini, "nosuch", "shared"), None);
        assert_eq!(
            get(&ini, "batch", "BILLING_PROJECT").as_deref(),
            Some("BP1 ; not a comment")
        );
        assert_eq!(
            get(&ini, "Batch", "billing_project").as_deref(),
            Some("from-upper-section")
        );
    }

    #[test]
    fn items_list_own_keys_then_defaults() {
        let ini =
            parse("[DEFAULT]\nshared = d\nx = dx\n[batch]\nx = own\ny = 2\n").expect("parses");
        let keys: Vec<_> = ini.items("batch").into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["x", "y", "shared"]);
    }

    #[test]
    fn multi_line_values_and_blank_lines() {
        let ini = parse("[s]\nx = 1\n\n  2\n\n\ny = 3\n").expect("parses");
        assert_eq!(get(&ini, "s", "x").as_deref(), Some("1\n\n2"));
        assert_eq!(ini.write(), "[s]\nx = 1\n\t\n\t2\ny = 3\n\n");
        // An indented header after an option is a continuation line.
        let ini = parse("[a]\nx = 1\n  [b]\n").expect("parses");
        assert_eq!(get(&ini, "a", "x").as_deref(), Some("1\n[b]"));
        // A comment inside a value does not end it.
        let ini = parse("[a]\nx = 1\n  # c\n  2\n").expect("parses");
        assert_eq!(get(&ini, "a", "x").as_deref(), Some("1\n2"));
    }

    #[test]
    fn headers_and_delimiters_follow_python() {
        let ini =
            parse("[ batch ]\nk = sp\n[batch] trailing\nk = t\n[a]b]\nk = ab\n").expect("parses");
        let sections: Vec<_> = ini.sections().collect();
        assert_eq!(sections, [" batch ", "batch", "a]b"]);
        let ini = parse("[batch]\nbilling_project:=weird\nkey with spaces = v\nx = a = b : c\n")
            .expect("parses");
        assert_eq!(
            get(&ini, "batch", "billing_project").as_deref(),
            Some("=weird")
        );
        assert_eq!(get(&ini, "batch", "key with spaces").as_deref(), Some("v"));
        assert_eq!(get(&ini, "batch", "x").as_deref(), Some("a = b : c"));
        let ini = parse("[batch]\r\nbilling_project = crlf\r\n").expect("parses");
        assert_eq!(
            get(&ini, "batch", "billing_project").as_deref(),
            Some("crlf")
        );
        let ini = parse("[batch]\rbilling_project = cr\r").expect("parses");
        assert_eq!(get(&ini, "batch", "billing_project").as_deref(), Some("cr"));
    }

    #[test]
    fn malformed_files_name_the_line() {
        let cases: [(&str, &str); 7] = [
            (
                "[batch]\nbilling_project = a\nBilling_Project = b\n",
                "/cfg/config.ini:3: option 'billing_project' in section 'batch' already exists in this file",
            ),
            (
                "[batch]\nbilling_project = a\n[batch]\nregions = x\n",
                "/cfg/config.ini:3: section 'batch' already exists in this file",
            ),
            (
                "billing_project = a\n[batch]\n",
                "/cfg/config.ini:1: 'billing_project = a' appears before any [section] header",
            ),
            (
                "[batch]\nbilling_project\n",
                "/cfg/config.ini:2: 'billing_project' is neither a [section], a `key = value` option nor a comment",
            ),
            (
                "[batch]\n= novalue\n",
                "/cfg/config.ini:2: '= novalue' is neither a [section], a `key = value` option nor a comment",
            ),
            (
                "[]\nx = y\n",
                "/cfg/config.ini:1: '[]' appears before any [section] header",
            ),
            (
                "\u{feff}[batch]\n",
                "/cfg/config.ini:1: the file starts with a UTF-8 byte order mark, which Hail's tool cannot read; remove it",
            ),
        ];
        for (text, message) in cases {
            let err = parse(text).expect_err(text);
            assert_eq!(err.to_string(), message, "for {text:?}");
        }
        // All bad lines are reported.
        let err = parse("[a]\nbad1\nok = 1\nbad2\n").expect_err("two bad lines");
        assert_eq!(err.to_string().lines().count(), 2);
        // DEFAULT may repeat.
        parse("[DEFAULT]\na = 1\n[DEFAULT]\nb = 2\n").expect("DEFAULT merges");
    }

    #[test]
    fn interpolation_follows_python() {
        let ini = parse(
            "[batch]\npct = 100%%\nref = %(pct)s done\nchain = <%(ref)s>\n\
             bad = gs://x/100%\nmissing = gs://x/%(nope)s\nself = %(self)s\nopen = %(x\n",
        )
        .expect("parses");
        assert_eq!(get(&ini, "batch", "pct").as_deref(), Some("100%"));
        assert_eq!(get(&ini, "batch", "ref").as_deref(), Some("100% done"));
        assert_eq!(get(&ini, "batch", "chain").as_deref(), Some("<100% done>"));
        let message = |key: &str| ini.get("batch", key).expect_err(key).to_string();
        assert_eq!(
            message("bad"),
            "/cfg/config.ini:5: '%' must be followed by '%' or '(', found: '%'"
        );
        assert_eq!(
            message("missing"),
            "/cfg/config.ini:6: Bad value substitution: option 'missing' in section 'batch' \
             contains an interpolation key 'nope' which is not a valid option name. \
             Raw value: 'gs://x/%(nope)s'"
        );
        assert!(message("self").contains("Recursion limit exceeded"));
        assert_eq!(
            message("open"),
            "/cfg/config.ini:8: bad interpolation variable reference '%(x'"
        );
        assert!(ini.check_interpolation().is_err());
    }

    #[test]
    fn merged_files_override_in_place() {
        let mut ini =
            parse("[batch]\nbilling_project = base\nregions = r\n[global]\nprofile = p\n")
                .expect("parses");
        ini.read_str(
            "[batch]\nbilling_project = from-profile\nnew = n\n[batch2]\nz = 1\n",
            Path::new("/cfg/p.ini"),
        )
        .expect("profile parses");
        let keys: Vec<_> = ini.items("batch").into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["billing_project", "regions", "new"]);
        let entry = ini.get_entry("batch", "billing_project").expect("present");
        assert_eq!(ini.source_path(entry), Some(Path::new("/cfg/p.ini")));
        assert_eq!(entry.line, 2);
        let sections: Vec<_> = ini.sections().collect();
        assert_eq!(sections, ["batch", "global", "batch2"]);
    }

    #[test]
    fn settable_values_follow_before_set() {
        assert_eq!(check_settable("gs://b/100%%x"), Ok(()));
        assert_eq!(check_settable("%(a)s/%(b)s"), Ok(()));
        assert_eq!(
            check_settable("gs://b/100%x"),
            Err("invalid interpolation syntax in 'gs://b/100%x' at position 10".to_string())
        );
        assert_eq!(
            check_settable("a%b"),
            Err("invalid interpolation syntax in 'a%b' at position 1".to_string())
        );
        assert!(check_settable("%(unclosed").is_err());
    }

    #[test]
    fn round_trip_preserves_raw_values() {
        let text = "[batch]\nremote_tmpdir = gs://b/100%%x\nempty = \nmulti = a\n\tb\n\n";
        let ini = parse(text).expect("parses");
        assert_eq!(ini.write(), text);
    }
}
