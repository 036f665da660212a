//! The spec as written: serde structures deserialized directly by each format's parser.
//!
//! Every structure denies unknown keys, so a typo is reported by the parser at its position
//! with the list of allowed keys. Values that users naturally write either way (a cpu of `1` or
//! `"1"`, an env value of `4`) are accepted as scalars and kept as strings; checking them is
//! left to [`super::plan`].
//!
//! Parser errors do not say which `jobs` entry they occurred in (serde_json and toml give no
//! path at all), so while the jobs list is deserialized its visitor records the current entry
//! and, once read, its name in a thread-local [`JobContext`] that [`super::parse`] reads back
//! when the parser fails. A thread-local rather than a `DeserializeSeed` because the derived
//! job deserializer cannot thread a seed down to its `name` field.

use std::cell::RefCell;
use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Top level of a spec file.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSpec {
    pub name: Option<String>,
    pub billing_project: Option<String>,
    pub attributes: Option<Map<Scalar>>,
    pub regions: Option<Regions>,
    pub callback: Option<String>,
    pub cancel_after_n_failures: Option<i64>,
    pub defaults: Option<RawDefaults>,
    pub jobs: Jobs,
}

/// Settings shared by all jobs; a job's own keys override them.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDefaults {
    pub image: Option<String>,
    pub shell: Option<String>,
    pub cpu: Option<Scalar>,
    pub memory: Option<Scalar>,
    pub storage: Option<Scalar>,
    pub machine_type: Option<String>,
    pub spot: Option<bool>,
    pub env: Option<Map<Scalar>>,
    pub attributes: Option<Map<Scalar>>,
    pub timeout: Option<f64>,
    pub n_max_attempts: Option<i64>,
    pub always_run: Option<bool>,
    pub cloudfuse: Option<Vec<RawCloudfuse>>,
}

/// A setting a job may set, leave out (inherit the default: outer `None`) or set to `null`
/// (clear the default: `Some(None)`). Only YAML and JSON can write `null`.
pub(crate) type Setting<T> = Option<Option<T>>;

/// Deserializes a present key into `Some(value or None)`, so `null` differs from absence.
fn setting<'de, D, T>(deserializer: D) -> Result<Setting<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// One entry of `jobs`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawJob {
    #[serde(deserialize_with = "record_name")]
    pub name: String,
    pub command: Option<Argv>,
    pub script: Option<String>,
    #[serde(default, deserialize_with = "setting")]
    pub shell: Setting<String>,
    #[serde(default, deserialize_with = "setting")]
    pub image: Setting<String>,
    #[serde(default, deserialize_with = "setting")]
    pub cpu: Setting<Scalar>,
    #[serde(default, deserialize_with = "setting")]
    pub memory: Setting<Scalar>,
    #[serde(default, deserialize_with = "setting")]
    pub storage: Setting<Scalar>,
    #[serde(default, deserialize_with = "setting")]
    pub machine_type: Setting<String>,
    #[serde(default, deserialize_with = "setting")]
    pub spot: Setting<bool>,
    pub env: Option<Map<Scalar>>,
    pub attributes: Option<Map<Scalar>>,
    #[serde(default, deserialize_with = "setting")]
    pub regions: Setting<Regions>,
    #[serde(default, deserialize_with = "setting")]
    pub timeout: Setting<f64>,
    #[serde(default, deserialize_with = "setting")]
    pub n_max_attempts: Setting<i64>,
    pub always_run: Option<bool>,
    pub cloudfuse: Option<Vec<RawCloudfuse>>,
    pub input_files: Option<Vec<RawTransfer>>,
    pub output_files: Option<Vec<RawTransfer>>,
    pub depends_on: Option<Vec<String>>,
    pub sweep: Option<RawSweep>,
}

/// A cloudfuse mount; `read_only` defaults to true (the only value the service accepts).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCloudfuse {
    pub bucket: String,
    pub mount_path: String,
    #[serde(default = "yes")]
    pub read_only: bool,
}

fn yes() -> bool {
    true
}

/// How a sweep produces its rows; exactly one key must be present (checked in the planner, so
/// the message can say so rather than serde's generic one).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSweep {
    pub file: Option<String>,
    pub values: Option<Map<Vec<Scalar>>>,
    pub matrix: Option<Map<Vec<Scalar>>>,
}

/// A mapping with string keys, in file order. (`indexmap` is built without its serde feature.)
/// A key given twice is an error rather than a silent override.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Map<V>(pub IndexMap<String, V>);

impl<V> Default for Map<V> {
    fn default() -> Self {
        Map(IndexMap::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Map<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = Map<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Map<V>, A::Error> {
                let mut map = IndexMap::new();
                while let Some(key) = access.next_key::<String>()? {
                    if map.contains_key(&key) {
                        return Err(de::Error::custom(format!("duplicate key `{key}`")));
                    }
                    let value = access.next_value()?;
                    map.insert(key, value);
                }
                Ok(Map(map))
            }
        }
        deserializer.deserialize_map(MapVisitor(std::marker::PhantomData))
    }
}

/// A string, number or boolean, kept as the string the user would expect (`1` → `"1"`,
/// `0.5` → `"0.5"`, `true` → `"true"`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor("a string, number or boolean"))
    }
}

pub(super) struct ScalarVisitor(pub(super) &'static str);

impl Visitor<'_> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        // Shortest round-trip form, as Python's `str(0.5)`; `1.0` becomes `"1"`.
        Ok(Scalar(v.to_string()))
    }
}

/// A `command`: a list of arguments (scalars allowed). A plain string is refused with a hint,
/// because it is ambiguous between one argument and a shell command line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Argv(pub Vec<String>);

impl<'de> Deserialize<'de> for Argv {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ArgvVisitor;
        impl<'de> Visitor<'de> for ArgvVisitor {
            type Value = Argv;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of arguments (for a shell command line, use `script`)")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Argv, A::Error> {
                let mut args = Vec::new();
                while let Some(Scalar(arg)) = seq.next_element()? {
                    args.push(arg);
                }
                Ok(Argv(args))
            }
        }
        deserializer.deserialize_seq(ArgvVisitor)
    }
}

/// `regions`: a list of region names, or one name as a plain string.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Regions(pub Vec<String>);

impl<'de> Deserialize<'de> for Regions {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RegionsVisitor;
        impl<'de> Visitor<'de> for RegionsVisitor {
            type Value = Regions;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of region names or a single region name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Regions, E> {
                Ok(Regions(vec![v.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Regions, A::Error> {
                let mut regions = Vec::new();
                while let Some(region) = seq.next_element::<String>()? {
                    regions.push(region);
                }
                Ok(Regions(regions))
            }
        }
        deserializer.deserialize_any(RegionsVisitor)
    }
}

/// An input or output file: `{from, to}` or the short form `"SRC:DST"`. The short form is split
/// later, because where to split depends on the direction (see [`super::plan`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawTransfer {
    Short(String),
    Full { from: String, to: String },
}

impl<'de> Deserialize<'de> for RawTransfer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            from: String,
            to: String,
        }
        struct TransferVisitor;
        impl<'de> Visitor<'de> for TransferVisitor {
            type Value = RawTransfer;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a `{from, to}` mapping or a \"SRC:DST\" string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawTransfer, E> {
                Ok(RawTransfer::Short(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawTransfer, A::Error> {
                let full = Full::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawTransfer::Full {
                    from: full.from,
                    to: full.to,
                })
            }
        }
        deserializer.deserialize_any(TransferVisitor)
    }
}

/// The `jobs` list, deserialized entry by entry so that errors can be traced to an entry.
#[derive(Debug, Default)]
pub(crate) struct Jobs(pub Vec<RawJob>);

/// The `jobs` entry being deserialized, for error messages (see the module doc).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct JobContext {
    pub index: usize,
    pub name: Option<String>,
}

thread_local! {
    static CURRENT_JOB: RefCell<Option<JobContext>> = const { RefCell::new(None) };
}

/// Forgets any entry recorded by an earlier parse on this thread.
pub(crate) fn reset_job_context() {
    CURRENT_JOB.with(|current| *current.borrow_mut() = None);
}

/// The entry being deserialized when the parser stopped, if it stopped inside `jobs`.
pub(crate) fn take_job_context() -> Option<JobContext> {
    CURRENT_JOB.with(|current| current.borrow_mut().take())
}

fn record_name<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let name = String::deserialize(deserializer)?;
    CURRENT_JOB.with(|current| {
        if let Some(ctx) = current.borrow_mut().as_mut() {
            ctx.name = Some(name.clone());
        }
    });
    Ok(name)
}

impl<'de> Deserialize<'de> for Jobs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct JobsVisitor;
        impl<'de> Visitor<'de> for JobsVisitor {
            type Value = Jobs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of jobs")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Jobs, A::Error> {
                let mut jobs = Vec::new();
                loop {
                    let ctx = JobContext {
                        index: jobs.len(),
                        name: None,
                    };
                    CURRENT_JOB.with(|current| *current.borrow_mut() = Some(ctx));
                    // On error, return with the context still set for the caller to read.
                    match seq.next_element::<RawJob>()? {
                        Some(job) => jobs.push(job),
                        None => break,
                    }
                }
                reset_job_context();
                Ok(Jobs(jobs))
            }
        }
        deserializer.deserialize_seq(JobsVisitor)
    }
}
