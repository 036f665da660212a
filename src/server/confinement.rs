//! Which host files a job's `input_files` and `output_files` may name, and how host locations
//! are read (absolute paths and `file://` URLs).
//!
//! The copy steps run as the service, so they are where one user could reach another's files
//! or the service's own. [`Confinement`] decides which host paths an attempt may copy from or
//! to: never the service's own files (data directory, state directory, users and token files)
//! nor a directory that holds one; for a user of a users file, only paths under the
//! `file_roots` it grants (none by default). It is checked when jobs are submitted (on the
//! paths as written: a 400) and again by the copy steps (`runner::copy`) on every file and
//! directory actually read or written, with symlinks resolved; an output's source must
//! resolve inside the attempt's `/io`, so a job cannot make the service copy a host file out
//! through a symlink.
//!
//! The runner's interface does not carry the user, so the scheduler registers each attempt's
//! confinement under its scratch directory ([`confine`]) for the copy steps to find.

use std::ffi::OsString;
use std::io;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A host location the copy steps refuse, with the message for the job's log.
pub(crate) type LocationError = String;

/// Which host paths an attempt's copy steps may read or write (see the module's docs).
#[derive(Clone, Debug, Default)]
pub(crate) struct Confinement {
    /// Canonical paths of the service's own files and directories.
    pub service_files: Arc<Vec<PathBuf>>,
    /// Canonical directories host paths must lie under; `None`: anywhere (the default user).
    pub roots: Option<Arc<Vec<PathBuf>>>,
    /// A directory inside the service's files that is not the service's own: `staging/` of
    /// the data directory, where `hailctl batch submit` uploads files for the local service.
    /// Only users whose roots include it (the default user) reach it.
    pub staging: Option<PathBuf>,
}

impl Confinement {
    /// Checks the host path `path` of the location `location` (`word` is `input` or
    /// `output`), with symlinks resolved as far as the path exists.
    pub(crate) fn check(&self, word: &str, location: &str, path: &Path) -> Result<(), String> {
        let resolved = resolve(path).map_err(|e| {
            format!("{word} file {location} cannot be resolved on this machine: {e}")
        })?;
        let staged = self
            .staging
            .as_ref()
            .is_some_and(|staging| resolved.starts_with(staging));
        if !staged
            && self
                .service_files
                .iter()
                .any(|own| resolved.starts_with(own) || own.starts_with(&resolved))
        {
            return Err(format!(
                "{word} file {location} is or holds a file of the local Batch service, which \
                 jobs may not copy"
            ));
        }
        if let Some(roots) = &self.roots
            && !roots.iter().any(|root| resolved.starts_with(root))
        {
            let granted = if roots.is_empty() {
                "none are granted to this user".to_string()
            } else {
                let list: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
                format!("this user may use {}", list.join(", "))
            };
            return Err(format!(
                "{word} file {location} is outside the directories the service's users file \
                 lets this user copy files from and to (file_roots; {granted})"
            ));
        }
        Ok(())
    }

    /// Checks a host location as a job spec writes it (an absolute path or a `file://` URL).
    /// Locations the copy steps would refuse anyway (other schemes, relative paths) pass:
    /// the job ends in `Error` at run time, as before.
    pub(crate) fn check_location(&self, word: &str, location: &str) -> Result<(), String> {
        match host_path(word, location) {
            Ok(path) => self.check(word, location, &path),
            Err(_) => Ok(()),
        }
    }
}

/// `path` with its longest existing prefix canonicalized (symlinks resolved) and the rest
/// appended; a `..` in the part that does not exist is refused.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut existing = path;
    let mut rest = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(mut resolved) => {
                for part in rest.iter().rev() {
                    resolved.push(part);
                }
                return Ok(resolved);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else {
                    return Err(e);
                };
                rest.push(name.to_os_string());
                existing = parent;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Confinements of the running attempts, by scratch directory.
static ATTEMPTS: Mutex<Vec<(PathBuf, Confinement)>> = Mutex::new(Vec::new());

/// An attempt's registered confinement; unregistered when dropped.
#[derive(Debug)]
pub(crate) struct Confined(PathBuf);

impl Drop for Confined {
    fn drop(&mut self) {
        if let Ok(mut attempts) = ATTEMPTS.lock() {
            attempts.retain(|(dir, _)| dir != &self.0);
        }
    }
}

/// Registers the confinement of the attempt whose scratch directory is `scratch_dir`, until
/// the returned guard is dropped.
pub(crate) fn confine(scratch_dir: &Path, confinement: Confinement) -> Confined {
    if let Ok(mut attempts) = ATTEMPTS.lock() {
        attempts.push((scratch_dir.to_path_buf(), confinement));
    }
    Confined(scratch_dir.to_path_buf())
}

/// The confinement of the attempt whose `/io` is `io_dir` (the scratch directory or a
/// directory in it); none registered (the runner's own tests): no restriction.
pub(crate) fn confinement_of(io_dir: &Path) -> Confinement {
    ATTEMPTS
        .lock()
        .ok()
        .and_then(|attempts| {
            attempts
                .iter()
                .find(|(dir, _)| io_dir.starts_with(dir))
                .map(|(_, c)| c.clone())
        })
        .unwrap_or_default()
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
pub(crate) fn host_path(word: &str, location: &str) -> Result<PathBuf, LocationError> {
    let path = local_path(word, location)?;
    if !path.is_absolute() {
        return Err(format!(
            "{word} file {location} is not an absolute path: the local service copies only \
             absolute local paths and file:// URLs"
        ));
    }
    Ok(path)
}

/// A location as a local path: `file://` URLs are decoded, plain paths taken as they are, any
/// other scheme refused.
pub(crate) fn local_path(word: &str, location: &str) -> Result<PathBuf, LocationError> {
    let Some((scheme, rest)) = split_scheme(location) else {
        return Ok(PathBuf::from(location));
    };
    if !scheme.eq_ignore_ascii_case("file") {
        return Err(format!(
            "unsupported URL scheme \"{scheme}\" in {word} file {location}: the local service \
             copies only local paths and file:// URLs"
        ));
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
        return Err(format!(
            "unsupported file URL in {word} file {location}: only local files \
             (file:///path) can be copied"
        ));
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
