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

use std::ffi::OsString;
use std::fs;
use std::io::{self, Read, Write};
use std::os::unix::ffi::OsStringExt;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

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
        copy_tree(src, dst, cancel, 0).map_err(|e| match e {
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

/// Splits `scheme://rest` when the prefix is a syntactically valid URL scheme (RFC 3986).
fn split_scheme(s: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = s.split_once("://")?;
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (first_ok && rest_ok).then_some((scheme, rest))
}

/// Resolves a host-side location (input source, output destination): an absolute local path
/// or a `file://` URL. Everything else is refused with a message naming the scheme.
pub(super) fn host_path(word: &str, location: &str) -> Result<PathBuf, CopyFailure> {
    let path = local_path(word, location)?;
    if !path.is_absolute() {
        return Err(CopyFailure::Error(format!(
            "{word} file {location} is not an absolute path: the local service copies only \
             absolute local paths and file:// URLs"
        )));
    }
    Ok(path)
}

/// Resolves a container-side path (input destination, output source), which must lie under
/// `/io`, to the matching path in the attempt's scratch directory `io_dir`.
pub(super) fn container_path(
    word: &str,
    location: &str,
    io_dir: &Path,
) -> Result<PathBuf, CopyFailure> {
    let path = local_path(word, location)?;
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

/// A location as a local path: `file://` URLs are decoded, plain paths taken as they are, any
/// other scheme refused.
fn local_path(word: &str, location: &str) -> Result<PathBuf, CopyFailure> {
    let Some((scheme, rest)) = split_scheme(location) else {
        return Ok(PathBuf::from(location));
    };
    if !scheme.eq_ignore_ascii_case("file") {
        return Err(CopyFailure::Error(format!(
            "unsupported URL scheme \"{scheme}\" in {word} file {location}: the local service \
             copies only local paths and file:// URLs"
        )));
    }
    // file:///path and file://localhost/path name local files; file://otherhost/path does not.
    let path = if rest.starts_with('/') {
        rest
    } else if let Some(p) = rest
        .strip_prefix("localhost")
        .filter(|p| p.starts_with('/'))
    {
        p
    } else {
        return Err(CopyFailure::Error(format!(
            "unsupported file URL in {word} file {location}: only local files \
             (file:///path) can be copied"
        )));
    };
    Ok(PathBuf::from(OsString::from_vec(percent_decode(path))))
}

/// Decodes `%XX` escapes; malformed escapes are kept literally.
fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            // Two hex digits always fit in a byte.
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'%'));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

enum TreeError {
    Cancelled,
    Io(PathBuf, io::Error),
    Other(PathBuf, String),
}

/// Copies `src` (file or directory, symlinks followed) to exactly `dst`.
fn copy_tree(src: &Path, dst: &Path, cancel: &AtomicBool, depth: usize) -> Result<(), TreeError> {
    if cancel.load(Ordering::Relaxed) {
        return Err(TreeError::Cancelled);
    }
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
            copy_tree(&src.join(&name), &dst.join(&name), cancel, depth + 1)?;
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
