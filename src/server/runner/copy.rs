//! The `input` and `output` phases: copying `input_files` into the attempt's `/io` and
//! `output_files` out of it (batch-semantics §6.2).
//!
//! The reference runs Hail's copy tool in a container; the local service copies in-process, on
//! the host, with the service's own permissions. Only local absolute paths and `file://` URLs
//! are supported; every other scheme is refused before anything is copied. Container-side paths
//! must lie under `/io` (the only directory shared with the main command) and are mapped to the
//! attempt's scratch directory, in both sandbox modes.
//!
//! Copy semantics follow the reference: the destination is the exact target path; a directory
//! source is copied recursively to become the target directory (merging into an existing one);
//! parent directories are created. Symlinks in sources are followed (the copy tool uploads
//! contents, not links), with a depth limit that also stops symlink cycles.
//!
//! Which host paths may be copied is [`crate::server::confinement`]'s rule, checked here on
//! every file and directory actually read or written.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::server::confinement::{self, Confinement, confinement_of, local_path};

/// What [`copy_tree`] checks for each path it reads (`Source`) or writes (`Destination`).
struct Guard<'a> {
    direction: Direction,
    confinement: &'a Confinement,
    /// The attempt's `/io`, canonical: where an output's sources must stay.
    io_dir: PathBuf,
    /// The location as written, for messages.
    location: &'a str,
}

impl Guard<'_> {
    fn source(&self, src: &Path) -> Result<(), TreeError> {
        match self.direction {
            Direction::Input => self.host(src),
            Direction::Output => {
                let resolved = src
                    .canonicalize()
                    .map_err(|e| TreeError::Io(src.to_path_buf(), e))?;
                if resolved.starts_with(&self.io_dir) {
                    Ok(())
                } else {
                    Err(TreeError::Other(
                        src.to_path_buf(),
                        "a symlink out of /io (outputs are copied only from inside /io)".into(),
                    ))
                }
            }
        }
    }

    fn destination(&self, dst: &Path) -> Result<(), TreeError> {
        match self.direction {
            Direction::Input => Ok(()),
            Direction::Output => self.host(dst),
        }
    }

    fn host(&self, path: &Path) -> Result<(), TreeError> {
        self.confinement
            .check(self.direction.word(), self.location, path)
            .map_err(|m| TreeError::Other(path.to_path_buf(), m))
    }
}

/// Which copy phase is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Direction {
    Input,
    Output,
}

impl Direction {
    fn word(self) -> &'static str {
        match self {
            Direction::Input => "input",
            Direction::Output => "output",
        }
    }
}

/// One `{"from": ..., "to": ...}` entry of `input_files` / `output_files`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Transfer {
    pub from: String,
    pub to: String,
}

/// Why a copy phase did not succeed.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum CopyFailure {
    /// The runner asked the copy to stop.
    Cancelled,
    /// The phase errored; the text is user-facing.
    Error(String),
}

/// Directory nesting (including followed symlinks) beyond which a copy gives up.
const MAX_DEPTH: usize = 128;
const CHUNK: usize = 1 << 20;

/// Reads `spec[key]` as a list of transfers. Absent or `null` means none.
pub(super) fn parse_transfers(
    spec: &serde_json::Value,
    key: &str,
) -> Result<Vec<Transfer>, String> {
    let Some(value) = spec.get(key).filter(|v| !v.is_null()) else {
        return Ok(Vec::new());
    };
    let list = value
        .as_array()
        .ok_or_else(|| format!("invalid job spec: {key} must be a list"))?;
    list.iter()
        .enumerate()
        .map(|(i, entry)| {
            let field = |name: &str| {
                entry
                    .get(name)
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_string)
                    .ok_or_else(|| format!("invalid job spec: {key}[{i}].{name} must be a string"))
            };
            Ok(Transfer {
                from: field("from")?,
                to: field("to")?,
            })
        })
        .collect()
}

/// Copies every transfer, after first resolving all of them (so a bad URL in the last entry
/// fails the phase before the first file is copied). Progress and errors are written to `log`.
/// Blocking: run it on a blocking thread. `cancel` is checked between chunks.
pub(super) fn copy_all(
    direction: Direction,
    transfers: &[Transfer],
    io_dir: &Path,
    log: &mut dyn Write,
    cancel: &AtomicBool,
) -> Result<(), CopyFailure> {
    let result = copy_all_inner(direction, transfers, io_dir, log, cancel);
    if let Err(CopyFailure::Error(message)) = &result {
        // Log writes are best effort: the status carries the error either way.
        let _ = writeln!(log, "error: {message}");
    }
    result
}

fn copy_all_inner(
    direction: Direction,
    transfers: &[Transfer],
    io_dir: &Path,
    log: &mut dyn Write,
    cancel: &AtomicBool,
) -> Result<(), CopyFailure> {
    let word = direction.word();
    let confinement = confinement_of(io_dir);
    let canonical_io = io_dir
        .canonicalize()
        .unwrap_or_else(|_| io_dir.to_path_buf());
    let mut resolved = Vec::with_capacity(transfers.len());
    for t in transfers {
        let pair = match direction {
            Direction::Input => (
                host_path(word, &t.from)?,
                container_path(word, &t.to, io_dir)?,
            ),
            Direction::Output => (
                container_path(word, &t.from, io_dir)?,
                host_path(word, &t.to)?,
            ),
        };
        let (host, location) = match direction {
            Direction::Input => (&pair.0, &t.from),
            Direction::Output => (&pair.1, &t.to),
        };
        confinement
            .check(word, location, host)
            .map_err(CopyFailure::Error)?;
        resolved.push(pair);
    }
    for (t, (src, dst)) in transfers.iter().zip(&resolved) {
        let _ = writeln!(log, "copying {} to {}", t.from, t.to);
        match fs::metadata(src) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(CopyFailure::Error(format!(
                    "{word} file source {} does not exist",
                    t.from
                )));
            }
            Err(e) => {
                return Err(CopyFailure::Error(format!(
                    "cannot read {word} file source {}: {e}",
                    t.from
                )));
            }
            Ok(_) => {}
        }
        let guard = Guard {
            direction,
            confinement: &confinement,
            io_dir: canonical_io.clone(),
            location: match direction {
                Direction::Input => &t.from,
                Direction::Output => &t.to,
            },
        };
        copy_tree(src, dst, &guard, cancel, 0).map_err(|e| match e {
            TreeError::Cancelled => CopyFailure::Cancelled,
            TreeError::Io(path, e) => CopyFailure::Error(format!(
                "copying {word} file {} to {} failed at {}: {e}",
                t.from,
                t.to,
                display_in(&path, io_dir),
            )),
            TreeError::Other(path, msg) => CopyFailure::Error(format!(
                "copying {word} file {} to {} failed at {}: {msg}",
                t.from,
                t.to,
                display_in(&path, io_dir),
            )),
        })?;
    }
    let _ = writeln!(log, "copied {} {word} file(s)", transfers.len());
    Ok(())
}

/// Shows scratch paths as the job sees them (`/io/...`), other paths as they are.
fn display_in(path: &Path, io_dir: &Path) -> String {
    match path.strip_prefix(io_dir) {
        Ok(rest) => Path::new("/io").join(rest).display().to_string(),
        Err(_) => path.display().to_string(),
    }
}

/// A host-side location (input source, output destination) as a path: an absolute local path
/// or a `file://` URL ([`confinement::host_path`]).
pub(super) fn host_path(word: &str, location: &str) -> Result<PathBuf, CopyFailure> {
    confinement::host_path(word, location).map_err(CopyFailure::Error)
}

/// Resolves a container-side path (input destination, output source), which must lie under
/// `/io`, to the matching path in the attempt's scratch directory `io_dir`.
pub(super) fn container_path(
    word: &str,
    location: &str,
    io_dir: &Path,
) -> Result<PathBuf, CopyFailure> {
    let path = local_path(word, location).map_err(CopyFailure::Error)?;
    let mut components = path.components();
    if components.next() != Some(Component::RootDir)
        || components.next() != Some(Component::Normal("io".as_ref()))
    {
        return Err(CopyFailure::Error(format!(
            "{word} file path {location} is outside /io: only /io is shared between the copy \
             steps and the main command"
        )));
    }
    let mut mapped = io_dir.to_path_buf();
    for c in components {
        match c {
            Component::Normal(part) => mapped.push(part),
            Component::CurDir => {}
            // `..` could climb out of the scratch directory on the host.
            _ => {
                return Err(CopyFailure::Error(format!(
                    "{word} file path {location} must not contain '..'"
                )));
            }
        }
    }
    Ok(mapped)
}

enum TreeError {
    Cancelled,
    Io(PathBuf, io::Error),
    Other(PathBuf, String),
}

/// Copies `src` (file or directory, symlinks followed) to exactly `dst`.
fn copy_tree(
    src: &Path,
    dst: &Path,
    guard: &Guard<'_>,
    cancel: &AtomicBool,
    depth: usize,
) -> Result<(), TreeError> {
    if cancel.load(Ordering::Relaxed) {
        return Err(TreeError::Cancelled);
    }
    guard.source(src)?;
    guard.destination(dst)?;
    if depth > MAX_DEPTH {
        return Err(TreeError::Other(
            src.to_path_buf(),
            format!("directories nested deeper than {MAX_DEPTH} levels (symlink loop?)"),
        ));
    }
    let io_err = |p: &Path| {
        let p = p.to_path_buf();
        move |e| TreeError::Io(p, e)
    };
    let meta = fs::metadata(src).map_err(io_err(src))?;
    if meta.is_dir() {
        fs::create_dir_all(dst).map_err(io_err(dst))?;
        let mut entries: Vec<_> = fs::read_dir(src)
            .map_err(io_err(src))?
            .collect::<Result<_, _>>()
            .map_err(io_err(src))?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name();
            copy_tree(&src.join(&name), &dst.join(&name), guard, cancel, depth + 1)?;
        }
        Ok(())
    } else if meta.is_file() {
        if let Some(parent) = dst.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        copy_file(src, dst, cancel)?;
        // Keep the mode (scripts passed as inputs must stay executable).
        fs::set_permissions(dst, meta.permissions()).map_err(io_err(dst))
    } else {
        // Reading a fifo or device could block forever or never end.
        Err(TreeError::Other(
            src.to_path_buf(),
            "not a regular file or directory".into(),
        ))
    }
}

/// Copies file contents in chunks so a cancellation does not wait for a large file.
fn copy_file(src: &Path, dst: &Path, cancel: &AtomicBool) -> Result<(), TreeError> {
    let mut input = fs::File::open(src).map_err(|e| TreeError::Io(src.to_path_buf(), e))?;
    let mut output = fs::File::create(dst).map_err(|e| TreeError::Io(dst.to_path_buf(), e))?;
    let mut buf = vec![0u8; CHUNK];
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(TreeError::Cancelled);
        }
        let n = match input.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(TreeError::Io(src.to_path_buf(), e)),
        };
        let chunk = buf.get(..n).unwrap_or_default();
        output
            .write_all(chunk)
            .map_err(|e| TreeError::Io(dst.to_path_buf(), e))?;
    }
}
