//! Where a value is in a spec's text: the line and column of the value at a path such as
//! `jobs[1].cpu`, for messages about values that parsed but are not valid (`cpu: 3`, an unknown
//! region).
//!
//! The planner works on deserialized structures, which carry no positions; keeping a span for
//! every value of a spec of 100,000 jobs would cost more than the plan itself. Positions are
//! therefore found only when a message needs one, by the same parsers that locate syntax and
//! type errors ([`super::parse`]): the text is read again by a [`DeserializeSeed`] that follows
//! the path, skipping everything else, and fails at the value it names; the format's parser
//! reports where that failure happened. Each parser says where differently: serde_yaml and toml
//! at the start of the value the failing visitor was given; serde_json where it stopped reading,
//! so for JSON the walk fails just before reading the value, and the whitespace up to it is
//! skipped here.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::SpecFormat;
use super::error::{JobRef, SpecError};
use super::parse::{self, line_column};

/// One step of a [`SpecPath`]: a mapping key or a list position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

/// The path of a value in a spec, from the top level: `jobs[1].regions[0]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SpecPath(Vec<Step>);

impl SpecPath {
    /// The top level.
    pub(crate) fn root() -> SpecPath {
        SpecPath(Vec::new())
    }

    /// The `jobs` entry at `index`.
    pub(crate) fn job(index: usize) -> SpecPath {
        SpecPath::root().key("jobs").index(index)
    }

    /// This path, then the mapping key `key`.
    pub(crate) fn key(mut self, key: &str) -> SpecPath {
        self.0.push(Step::Key(key.to_string()));
        self
    }

    /// This path, then the list position `index`.
    pub(crate) fn index(mut self, index: usize) -> SpecPath {
        self.0.push(Step::Index(index));
        self
    }

    /// This path, then `rest`.
    pub(crate) fn join(mut self, rest: &SpecPath) -> SpecPath {
        self.0.extend(rest.0.iter().cloned());
        self
    }
}

impl fmt::Display for SpecPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(key) if i == 0 => write!(f, "{key}")?,
                Step::Key(key) => write!(f, ".{key}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// The text a spec was read from, kept beside its plan so that a message about one of its
/// values, even one found after planning (a region the service does not support), can say where
/// the value is.
pub(crate) struct SpecSource {
    /// The name of the text in messages: a file name or `<stdin>`.
    origin: String,
    format: SpecFormat,
    text: String,
}

impl SpecSource {
    pub(crate) fn new(origin: &str, format: SpecFormat, text: String) -> SpecSource {
        SpecSource {
            origin: origin.to_string(),
            format,
            text,
        }
    }

    /// The error `message` about the value at `path`, of `job` when it belongs to one:
    /// `origin:line:column: job ...: message` (without the position if the value cannot be
    /// found, e.g. for the root path).
    pub(crate) fn invalid(
        &self,
        job: Option<JobRef>,
        path: &SpecPath,
        message: impl Into<String>,
    ) -> SpecError {
        let position = locate(&self.text, self.format, path);
        SpecError::Invalid {
            origin: self.origin.clone(),
            line: position.map(|(line, _)| line),
            column: position.map(|(_, column)| column),
            job,
            message: message.into(),
        }
    }
}

/// Every source equals every other: two plans are equal when they submit the same batch,
/// whatever text they were read from (the same pipeline written in YAML, TOML and JSON).
impl PartialEq for SpecSource {
    fn eq(&self, _: &SpecSource) -> bool {
        true
    }
}

impl fmt::Debug for SpecSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SpecSource")
            .field("origin", &self.origin)
            .field("format", &self.format)
            .finish_non_exhaustive()
    }
}

/// The 1-based line and column of the value at `path` in `text`. A path that goes further
/// than the text (`regions[0]` where `regions` is one string, a key the entry does not have)
/// is located at its deepest part that exists; `None` if not even the first step does.
pub(crate) fn locate(text: &str, format: SpecFormat, path: &SpecPath) -> Option<(usize, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    (1..=path.0.len())
        .rev()
        .find_map(|len| locate_exactly(text, format, &path.0[..len]))
}

/// The message of the walk's own failure, told apart from the parser's other errors.
const FOUND: &str = "\u{0}the value looked for";

fn locate_exactly(text: &str, format: SpecFormat, path: &[Step]) -> Option<(usize, usize)> {
    let (line, column, message) = match format {
        SpecFormat::Yaml => {
            let walk = Walk { path, touch: true };
            let error = walk
                .deserialize(serde_yaml::Deserializer::from_str(text))
                .err()?;
            let location = error.location()?;
            (location.line(), location.column(), error.to_string())
        }
        SpecFormat::Toml => {
            let walk = Walk { path, touch: true };
            let deserializer = toml::Deserializer::parse(text).ok()?;
            let error = walk.deserialize(deserializer).err()?;
            let (line, column) = line_column(text, error.span()?.start);
            (line, column, error.message().to_string())
        }
        SpecFormat::Json => {
            let walk = Walk { path, touch: false };
            let mut deserializer = serde_json::Deserializer::from_str(text);
            let error = walk.deserialize(&mut deserializer).err()?;
            // serde_json's column counts the bytes read on the line, so the next one, after
            // any whitespace, is where the value starts.
            let read = parse::json_offset(text, error.line(), error.column())?;
            let start = read + (text[read..].len() - text[read..].trim_start().len());
            let (line, column) = line_column(text, start);
            (line, column, error.to_string())
        }
    };
    message.contains(FOUND).then_some((line, column))
}

/// Follows `path` and fails at its end; succeeds (finding nothing) where the text has no such
/// path. `touch`: fail inside the value's own visitor rather than before reading it.
struct Walk<'p> {
    path: &'p [Step],
    touch: bool,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.path.split_first() {
            None if self.touch => deserializer.deserialize_any(Fail),
            None => Err(de::Error::custom(FOUND)),
            Some((step, rest)) => deserializer.deserialize_any(StepVisitor {
                step,
                rest: Walk {
                    path: rest,
                    touch: self.touch,
                },
            }),
        }
    }
}

/// Fails at whatever value it is given.
struct Fail;

impl<'de> Visitor<'de> for Fail {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_some<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        Err(de::Error::custom(FOUND))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
}

/// Takes one step into a mapping or list; anything else does not have the path.
struct StepVisitor<'p> {
    step: &'p Step,
    rest: Walk<'p>,
}

impl<'de> Visitor<'de> for StepVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Step::Index(wanted) = *self.step else {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(());
        };
        let mut index = 0;
        loop {
            if index == wanted {
                seq.next_element_seed(self.rest)?;
                break;
            }
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
            index += 1;
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Step::Key(wanted) = self.step else {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(());
        };
        let mut rest = Some(self.rest);
        while let Some(key) = map.next_key::<KeyText>()? {
            match (key.0 == *wanted, rest.take()) {
                (true, Some(walk)) => map.next_value_seed(walk)?,
                (_, taken) => {
                    rest = taken;
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A mapping key as text, whatever scalar it is written as (a YAML `1:` is the key `1`).
struct KeyText(String);

impl<'de> de::Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(super::raw::ScalarVisitor("a mapping key"))
            .map(|scalar| KeyText(scalar.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, format: SpecFormat, path: &SpecPath) -> Option<(usize, usize)> {
        locate(text, format, path)
    }

    /// The same spec in the three formats; every path is found at the start of its value, or
    /// at its deepest part that exists.
    #[test]
    fn values_are_found_at_their_start_in_every_format() {
        let yaml = "name: b\nregions: us-east1\ndefaults:\n  cpu: 3\njobs:\n  - name: a\n    \
                    command: [x]\n  - {name: big, command: [x], cpu: '3', regions: [us-east1, \
                    mars]}\n";
        let toml = "name = \"b\"\nregions = \"us-east1\"\n[defaults]\ncpu = 3\n[[jobs]]\nname = \
                    \"a\"\ncommand = [\"x\"]\n[[jobs]]\nname = \"big\"\ncommand = [\"x\"]\ncpu = \
                    \"3\"\nregions = [\"us-east1\", \"mars\"]\n";
        let json = "{\"name\": \"b\", \"regions\": \"us-east1\",\n \"defaults\": {\"cpu\":   3},\n \
                    \"jobs\": [\n  {\"name\": \"a\", \"command\": [\"x\"]},\n  {\"name\": \"big\", \
                    \"command\": [\"x\"], \"cpu\": \"3\",\n   \"regions\": [\"us-east1\",\n    \
                    \"mars\"]}]}\n";
        let cases = [
            // path, yaml, toml, json
            (
                SpecPath::root().key("defaults").key("cpu"),
                (4, 8),
                (4, 7),
                (2, 24),
            ),
            (SpecPath::job(1).key("cpu"), (8, 36), (11, 7), (5, 44)),
            (
                SpecPath::job(1).key("regions").index(1),
                (8, 61),
                (12, 24),
                (7, 5),
            ),
            // The entry itself: its mapping (TOML: its table header).
            (SpecPath::job(1), (8, 5), (8, 1), (5, 3)),
            // `regions` is one string, not a list: the string.
            (
                SpecPath::root().key("regions").index(0),
                (2, 10),
                (2, 11),
                (1, 26),
            ),
            // A key the entry does not have: the entry.
            (SpecPath::job(0).key("cpu"), (6, 5), (5, 1), (4, 3)),
            // An entry that does not exist: the list.
            (SpecPath::job(5).key("cpu"), (6, 3), (5, 1), (3, 10)),
        ];
        for (path, in_yaml, in_toml, in_json) in cases {
            assert_eq!(
                at(yaml, SpecFormat::Yaml, &path),
                Some(in_yaml),
                "yaml {path}"
            );
            assert_eq!(
                at(toml, SpecFormat::Toml, &path),
                Some(in_toml),
                "toml {path}"
            );
            assert_eq!(
                at(json, SpecFormat::Json, &path),
                Some(in_json),
                "json {path}"
            );
        }
    }

    #[test]
    fn columns_count_characters_and_skip_a_byte_order_mark() {
        let path = SpecPath::job(0).key("cpu");
        let yaml = "\u{feff}jobs:\n  - {name: é, cpu: x}\n";
        assert_eq!(at(yaml, SpecFormat::Yaml, &path), Some((2, 20)));
        // Escapes and non-ASCII text before the value, strings holding `:` and `,`.
        let json = "{\"jobs\": [{\"name\": \"é\\\"a:b,c\", \"cpu\": \"x\"}]}";
        assert_eq!(at(json, SpecFormat::Json, &path), Some((1, 39)));
        let toml = "[[jobs]]\nname = \"é\"\ncpu = \"x\"\n";
        assert_eq!(at(toml, SpecFormat::Toml, &path), Some((3, 7)));
    }

    #[test]
    fn paths_print_as_written() {
        let path = SpecPath::job(2).key("regions").index(0);
        assert_eq!(path.to_string(), "jobs[2].regions[0]");
        assert_eq!(
            SpecPath::root().key("defaults").key("cpu").to_string(),
            "defaults.cpu"
        );
        // Nothing to find for the whole spec, or for a path the text does not start with.
        assert_eq!(at("jobs: []\n", SpecFormat::Yaml, &SpecPath::root()), None);
        assert_eq!(
            at(
                "jobs: []\n",
                SpecFormat::Yaml,
                &SpecPath::root().key("name")
            ),
            None
        );
    }
}
