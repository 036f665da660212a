//! Legacy Hail session tokens: `tokens.json`.
//!
//! This module owns finding `tokens.json` (§1.5 of the compatibility reference), reading it,
//! writing it back byte-for-byte as Python's `json.dump` would (§6.1), creating `~/.hail` the way
//! `hailctl auth copy-paste-login` does (§1.8), and the `NotLoggedInError` message. It mirrors
//! `hailtop/auth/tokens.py` from Hail 0.2.139.
//!
//! Token values are secrets: nothing here prints them, and `Debug` redacts them.
//!
//! `hailctl auth copy-paste-login` and `logout` write it; `identity.json` (written by
//! `hailctl auth login`) goes through the same private-file writer, [`write_private_file`].

use std::fmt;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde_json::Value;

use crate::config::deploy::dot_hail_file;
use crate::config::deploy::home_dir;
use crate::env::Env;

/// Path used inside Hail's own pods, where tokens are mounted from a secret.
const POD_TOKENS_FILE: &str = "/user-tokens/tokens.json";

/// Everything that can go wrong reading or writing `tokens.json`.
#[derive(Debug, thiserror::Error)]
pub enum TokensError {
    /// The file exists but could not be read.
    #[error("{}: cannot read tokens file: {source}", .path.display())]
    Read {
        /// The tokens file.
        path: PathBuf,
        /// The underlying I/O error.
        source: io::Error,
    },
    /// The file is not valid JSON.
    #[error("{}: malformed JSON in tokens file: {source}", .path.display())]
    MalformedJson {
        /// The tokens file.
        path: PathBuf,
        /// The parser error (with line and column; it never quotes token values).
        source: serde_json::Error,
    },
    /// The file is JSON but not an object mapping namespaces to strings.
    #[error("{}: tokens file must be a JSON object mapping namespaces to token strings{detail}", .path.display())]
    BadShape {
        /// The tokens file.
        path: PathBuf,
        /// Which part is wrong (e.g. `; the value for "default" is not a string`).
        detail: String,
    },
    /// Creating `~/.hail` failed.
    #[error("{}: cannot create directory: {source}", .path.display())]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// The underlying I/O error.
        source: io::Error,
    },
    /// Writing the file (or its temporary sibling) failed.
    #[error("{}: cannot write tokens file: {source}", .path.display())]
    Write {
        /// The tokens file.
        path: PathBuf,
        /// The underlying I/O error.
        source: io::Error,
    },
}

/// The contents of `tokens.json`: namespace → Hail session token, in file order.
///
/// Order matters because the file is rewritten after a login or logout and Python keeps the
/// insertion order of its dict: a new namespace goes last, a replaced token keeps its place.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Tokens {
    tokens: IndexMap<String, String>,
}

/// Shows the namespaces but never the tokens, so a stray `{:?}` cannot leak a session.
impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Redacted;
        impl fmt::Debug for Redacted {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<redacted>")
            }
        }
        f.debug_map()
            .entries(self.tokens.keys().map(|ns| (ns, Redacted)))
            .finish()
    }
}

impl Tokens {
    /// An empty set of tokens.
    pub(crate) fn new() -> Tokens {
        Tokens::default()
    }

    /// The file to read (§1.5): the first of `$HAIL_TOKENS_FILE`, `~/.hail/tokens.json`,
    /// `/user-tokens/tokens.json` that is a regular file (symlinks followed); if none is,
    /// `~/.hail/tokens.json`.
    pub(crate) fn path_for_read(env: &Env) -> PathBuf {
        let default = dot_hail_file(env, "tokens.json");
        let mut candidates = Vec::with_capacity(3);
        if let Some(p) = env.get_os("HAIL_TOKENS_FILE") {
            candidates.push(PathBuf::from(p));
        }
        candidates.push(default.clone());
        candidates.push(PathBuf::from(POD_TOKENS_FILE));
        candidates
            .into_iter()
            .find(|p| p.is_file())
            .unwrap_or(default)
    }

    /// The file to write: the same lookup as [`Tokens::path_for_read`], done again at write
    /// time. So a `HAIL_TOKENS_FILE` that does not exist yet is *not* created; the tokens go to
    /// `~/.hail/tokens.json` (observed with Python).
    pub(crate) fn path_for_write(env: &Env) -> PathBuf {
        Self::path_for_read(env)
    }

    /// Loads the tokens from [`Tokens::path_for_read`]. A missing file gives no tokens.
    pub(crate) fn load(env: &Env) -> Result<Tokens, TokensError> {
        let path = Self::path_for_read(env);
        if !path.is_file() {
            return Ok(Tokens::new());
        }
        match fs::read(&path) {
            Ok(bytes) => Self::parse(&bytes, &path),
            // Removed between the check and the read: same as never there.
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Tokens::new()),
            Err(source) => Err(TokensError::Read { path, source }),
        }
    }

    /// Loads an explicitly chosen tokens file (Python's `token_file=` argument). Unlike
    /// [`Tokens::load`], a missing file is an error.
    #[cfg(test)]
    pub(crate) fn load_from(path: &Path) -> Result<Tokens, TokensError> {
        let bytes = fs::read(path).map_err(|source| TokensError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&bytes, path)
    }

    /// Parses a tokens document; `origin` names it in errors.
    #[cfg(test)]
    pub(crate) fn from_json_str(json: &str, origin: &Path) -> Result<Tokens, TokensError> {
        Self::parse(json.as_bytes(), origin)
    }

    fn parse(json: &[u8], origin: &Path) -> Result<Tokens, TokensError> {
        let value: Value =
            serde_json::from_slice(json).map_err(|source| TokensError::MalformedJson {
                path: origin.to_path_buf(),
                source,
            })?;
        let Value::Object(map) = value else {
            return Err(TokensError::BadShape {
                path: origin.to_path_buf(),
                detail: String::new(),
            });
        };
        // `serde_json` is built with `preserve_order`, so this iterates in file order.
        let mut tokens = IndexMap::with_capacity(map.len());
        for (ns, v) in map {
            match v {
                Value::String(token) => {
                    tokens.insert(ns, token);
                }
                // Python would accept any value and fail later; we refuse up front. The value
                // itself is not echoed: it may be a token.
                _ => {
                    return Err(TokensError::BadShape {
                        path: origin.to_path_buf(),
                        detail: format!("; the value for {ns:?} is not a string"),
                    });
                }
            }
        }
        Ok(Tokens { tokens })
    }

    /// The token for `namespace`, if any.
    pub(crate) fn get(&self, namespace: &str) -> Option<&str> {
        self.tokens.get(namespace).map(String::as_str)
    }

    /// The token for `namespace`, or the `NotLoggedInError` of §6.1. `default_namespace` is the
    /// deploy config's, which decides whether the message suggests `-n <ns>`.
    #[cfg(test)]
    pub(crate) fn get_or_not_logged_in(
        &self,
        namespace: &str,
        default_namespace: &str,
    ) -> Result<&str, NotLoggedInError> {
        self.get(namespace).ok_or_else(|| NotLoggedInError {
            message: not_logged_in_message(namespace, default_namespace),
        })
    }

    /// Sets the token for `namespace`, returning the old one. A new namespace goes last; an
    /// existing one keeps its position (Python dict semantics).
    pub(crate) fn insert(
        &mut self,
        namespace: impl Into<String>,
        token: impl Into<String>,
    ) -> Option<String> {
        self.tokens.insert(namespace.into(), token.into())
    }

    /// Removes the token for `namespace`, keeping the order of the others.
    pub(crate) fn remove(&mut self, namespace: &str) -> Option<String> {
        self.tokens.shift_remove(namespace)
    }

    /// The namespaces that have a token, in file order (what `hailctl auth list` shows).
    pub(crate) fn namespaces(&self) -> impl Iterator<Item = &str> {
        self.tokens.keys().map(String::as_str)
    }

    /// Number of tokens.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True if there are no tokens.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The file contents Python's `json.dump(tokens, f)` produces: `{"ns": "token", ...}` with
    /// `", "` and `": "` separators, every non-printable-ASCII character as a lowercase `\uXXXX`
    /// escape (UTF-16, so astral characters become surrogate pairs), no trailing newline, and
    /// `{}` when empty.
    pub(crate) fn to_python_json(&self) -> String {
        let mut out = String::from("{");
        for (i, (ns, token)) in self.tokens.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            push_python_json_string(&mut out, ns);
            out.push_str(": ");
            push_python_json_string(&mut out, token);
        }
        out.push('}');
        out
    }

    /// Writes the tokens to [`Tokens::path_for_write`] and returns that path.
    ///
    /// If the target is `~/.hail/tokens.json` and `~/.hail` is missing, it is first created
    /// with mode 0700 (see [`Tokens::ensure_dot_hail_dir`]). The write itself is
    /// [`Tokens::save_to`].
    pub(crate) fn save(&self, env: &Env) -> Result<PathBuf, TokensError> {
        let path = Self::path_for_write(env);
        // Python's copy-paste-login creates ~/.hail right before writing; doing it only when
        // the file goes there avoids leaving a stray directory when HAIL_TOKENS_FILE is used.
        if dot_hail_dir(env).is_some_and(|dir| path.parent() == Some(dir.as_path())) {
            Self::ensure_dot_hail_dir(env)?;
        }
        self.save_to(&path)?;
        Ok(path)
    }

    /// Creates `~/.hail` with mode 0700 (before umask) if nothing exists at that path, exactly
    /// like `hailctl auth copy-paste-login`. It is a single `mkdir`, so it fails if the home
    /// directory itself does not exist; an existing directory's mode is left alone.
    ///
    /// [`Tokens::save`] calls this when it writes into `~/.hail`. Python's copy-paste-login
    /// calls it even when `HAIL_TOKENS_FILE` is in use; a caller that wants that exact effect
    /// can call it first.
    pub(crate) fn ensure_dot_hail_dir(env: &Env) -> Result<(), TokensError> {
        let Some(dir) = dot_hail_dir(env) else {
            return Ok(());
        };
        // `exists` follows symlinks, as Python's os.path.exists does.
        if dir.exists() {
            return Ok(());
        }
        let mut builder = fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder
            .create(&dir)
            .map_err(|source| TokensError::CreateDir { path: dir, source })
    }

    /// Writes [`Tokens::to_python_json`] to `path`, atomically.
    ///
    /// The bytes go to a new temporary file in the same directory, which is then renamed over
    /// `path`, so a crash never leaves a truncated tokens file (Python truncates in place). To
    /// stay compatible with Python otherwise:
    /// * a new file gets mode 0600 (before umask);
    /// * an existing file keeps its mode (Python's `open(..., O_TRUNC, 0o600)` does not change
    ///   it; observed: a 0644 file stayed 0644);
    /// * if `path` is a symlink, the file it points to is replaced and the link kept, as
    ///   writing through the link would.
    pub(crate) fn save_to(&self, path: &Path) -> Result<(), TokensError> {
        write_private_file(path, self.to_python_json().as_bytes(), true).map_err(|source| {
            TokensError::Write {
                path: path.to_path_buf(),
                source,
            }
        })
    }
}

/// Writes `bytes` to `path` atomically, through a new temporary file of mode 0600 in the same
/// directory renamed over `path` (a symlink is followed, so its target is replaced and the link
/// kept). With `keep_mode`, an existing file keeps its mode, as Python's in-place rewrite would;
/// otherwise the file ends up 0600 whatever it was.
pub(crate) fn write_private_file(path: &Path, bytes: &[u8], keep_mode: bool) -> io::Result<()> {
    // Follow a symlink so the rename replaces the target, not the link.
    let target = match fs::canonicalize(path) {
        Ok(real) => real,
        Err(_) => path.to_path_buf(),
    };
    let existing_permissions = if keep_mode {
        fs::metadata(&target).ok().map(|m| m.permissions())
    } else {
        None
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "tokens.json".to_string());

    let (tmp_path, mut file) = create_temp_sibling(&dir, &file_name)?;
    let result = (|| {
        file.write_all(bytes)?;
        if let Some(perms) = existing_permissions {
            file.set_permissions(perms)?;
        }
        // Data must be on disk before the rename makes it the file.
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp_path, &target)
    })();
    if let Err(source) = result {
        // Best effort: do not leave a temp file holding secrets behind.
        let _ = fs::remove_file(&tmp_path);
        return Err(source);
    }
    // Make the rename itself durable; failure here does not undo a completed write.
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Python's `json.dumps(value)` with its defaults (`", "` and `": "` separators, ASCII only):
/// how `identity.json` is written. Numbers and literals print as serde does, which matches
/// Python for the integers and booleans such documents hold.
pub(crate) fn python_json_dumps(value: &Value) -> String {
    let mut out = String::new();
    push_python_json_value(&mut out, value);
    out
}

fn push_python_json_value(out: &mut String, value: &Value) {
    match value {
        Value::String(s) => push_python_json_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_python_json_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_python_json_string(out, key);
                out.push_str(": ");
                push_python_json_value(out, item);
            }
            out.push('}');
        }
        Value::Null => out.push_str("null"),
        other => out.push_str(&other.to_string()),
    }
}

/// `~/.hail`, if a home directory is known.
fn dot_hail_dir(env: &Env) -> Option<PathBuf> {
    home_dir(env).map(|h| h.join(".hail"))
}

/// Creates a fresh, uniquely named file next to the target, readable by the owner only.
fn create_temp_sibling(dir: &Path, file_name: &str) -> io::Result<(PathBuf, fs::File)> {
    loop {
        let tmp = dir.join(format!(".{file_name}.{}.tmp", crate::random::suffix()));
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            // A name taken (by chance): try another.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Appends `s` as a JSON string literal the way Python's `json` module does with
/// `ensure_ascii=True`: only printable ASCII (space to `~`) is kept as is.
pub(crate) fn push_python_json_string(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            ' '..='~' => out.push(ch),
            _ => {
                let mut units = [0u16; 2];
                for unit in ch.encode_utf16(&mut units) {
                    // Writing to a String cannot fail.
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

/// The text of Python's `NotLoggedInError` (§6.1), including the leading and trailing newline.
///
/// The login hint has `-n <ns>` only when `missing_namespace` differs from the deploy config's
/// `default_namespace`; otherwise the line ends with `login ` (a trailing space, as in Python).
pub(crate) fn not_logged_in_message(missing_namespace: &str, default_namespace: &str) -> String {
    let ns_arg = if missing_namespace == default_namespace {
        String::new()
    } else {
        format!("-n {missing_namespace}")
    };
    format!(
        "\nYou are not authenticated.  Please log in with:\n\n  $ hailctl auth login {ns_arg}\n\nto obtain new credentials.\n"
    )
}

/// No token for the namespace that is needed (Python's `NotLoggedInError`). Displays as
/// [`not_logged_in_message`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct NotLoggedInError {
    /// The full message.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_home(home: &Path, vars: &[(&str, &str)]) -> Env {
        let mut env = Env::from_pairs(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        env.set("HOME", home.as_os_str());
        env
    }

    fn tokens(pairs: &[(&str, &str)]) -> Tokens {
        let mut t = Tokens::new();
        for (ns, tok) in pairs {
            t.insert(*ns, *tok);
        }
        t
    }

    fn pod_file_exists() -> bool {
        Path::new(POD_TOKENS_FILE).is_file()
    }

    // ---- path lookup (§1.5) ----

    #[test]
    fn path_prefers_existing_hail_tokens_file() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let explicit = tmp.path().join("mine.json");
        fs::write(&explicit, "{}").expect("write");
        let env = env_home(
            tmp.path(),
            &[("HAIL_TOKENS_FILE", explicit.to_str().expect("utf8"))],
        );
        assert_eq!(Tokens::path_for_read(&env), explicit);
        assert_eq!(Tokens::path_for_write(&env), explicit);
    }

    #[test]
    fn path_missing_hail_tokens_file_falls_back_to_home() {
        if pod_file_exists() {
            return; // Inside a Hail pod the fallback would legitimately be the pod file.
        }
        let tmp = tempfile::tempdir().expect("tempdir");
        let env = env_home(
            tmp.path(),
            &[("HAIL_TOKENS_FILE", "/nonexistent/tokens.json")],
        );
        let home_tokens = tmp.path().join(".hail").join("tokens.json");
        // Nothing exists: the default path.
        assert_eq!(Tokens::path_for_read(&env), home_tokens);
        // ~/.hail/tokens.json exists: found as the second candidate.
        fs::create_dir(tmp.path().join(".hail")).expect("mkdir");
        fs::write(&home_tokens, "{}").expect("write");
        assert_eq!(Tokens::path_for_read(&env), home_tokens);
        // A directory is not a regular file.
        let env = env_home(
            tmp.path(),
            &[("HAIL_TOKENS_FILE", tmp.path().to_str().expect("utf8"))],
        );
        assert_eq!(Tokens::path_for_read(&env), home_tokens);
    }

    // ---- loading ----

    #[test]
    fn load_missing_file_is_empty() {
        if pod_file_exists() {
            return;
        }
        let tmp = tempfile::tempdir().expect("tempdir");
        let env = env_home(tmp.path(), &[]);
        let t = Tokens::load(&env).expect("load");
        assert!(t.is_empty());
        assert_eq!(t.to_python_json(), "{}");
    }

    #[test]
    fn load_keeps_file_order() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let f = tmp.path().join("t.json");
        fs::write(&f, r#"{"zeta": "z", "default": "d", "alice": "a"}"#).expect("write");
        let env = env_home(
            tmp.path(),
            &[("HAIL_TOKENS_FILE", f.to_str().expect("utf8"))],
        );
        let t = Tokens::load(&env).expect("load");
        assert_eq!(
            t.namespaces().collect::<Vec<_>>(),
            ["zeta", "default", "alice"]
        );
        assert_eq!(t.get("default"), Some("d"));
        assert_eq!(t.get("bob"), None);
        assert_eq!(t.len(), 3);
        assert_eq!(
            t.to_python_json(),
            r#"{"zeta": "z", "default": "d", "alice": "a"}"#
        );
    }

    #[test]
    fn load_malformed_json_names_file() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let f = tmp.path().join("t.json");
        fs::write(&f, r#"{"default": "#).expect("write");
        let env = env_home(
            tmp.path(),
            &[("HAIL_TOKENS_FILE", f.to_str().expect("utf8"))],
        );
        let err = Tokens::load(&env).expect_err("malformed");
        assert!(matches!(err, TokensError::MalformedJson { .. }));
        assert!(
            err.to_string()
                .starts_with(&format!("{}: malformed JSON", f.display())),
            "{err}"
        );
    }

    #[test]
    fn load_non_string_value_names_file_not_value() {
        let f = Path::new("/x/tokens.json");
        let err =
            Tokens::from_json_str(r#"{"default": "ok", "alice": 12345}"#, f).expect_err("bad");
        assert_eq!(
            err.to_string(),
            "/x/tokens.json: tokens file must be a JSON object mapping namespaces to token strings; \
             the value for \"alice\" is not a string"
        );
        let err = Tokens::from_json_str(r#"["default"]"#, f).expect_err("bad");
        assert!(matches!(err, TokensError::BadShape { .. }));
    }

    #[test]
    fn load_from_explicit_missing_file_is_error() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let err = Tokens::load_from(&tmp.path().join("nope.json")).expect_err("missing");
        assert!(matches!(err, TokensError::Read { .. }));
    }

    // ---- serialisation (§6.1) ----

    #[test]
    fn python_json_observed_bytes() {
        let t = tokens(&[("default", "c2Vzc2lvbi1pZC0zMi1ieXRlcy1sb25nLWZha2UhISE=")]);
        let json = t.to_python_json();
        assert_eq!(
            json,
            r#"{"default": "c2Vzc2lvbi1pZC0zMi1ieXRlcy1sb25nLWZha2UhISE="}"#
        );
        assert_eq!(json.len(), 59); // Size of the file observed after copy-paste-login.
        assert_eq!(
            tokens(&[("default", "TOKEN")]).to_python_json(),
            r#"{"default": "TOKEN"}"#
        );
        assert_eq!(Tokens::new().to_python_json(), "{}");
    }

    #[test]
    fn python_json_separators_and_escapes() {
        // Expected output produced by CPython 3.11: json.dumps({"a\x7f\x01é😀\"\\\n": "b"}).
        let t = tokens(&[("a\u{7f}\u{1}é😀\"\\\n", "b")]);
        assert_eq!(
            t.to_python_json(),
            r#"{"a\u007f\u0001\u00e9\ud83d\ude00\"\\\n": "b"}"#
        );
        let t = tokens(&[("x", "\t\r\u{8}\u{c}/ ~"), ("y", "\u{2028}")]);
        assert_eq!(t.to_python_json(), r#"{"x": "\t\r\b\f/ ~", "y": "\u2028"}"#);
    }

    #[test]
    fn python_json_round_trips() {
        let t = tokens(&[("default", "a\"b"), ("ü", "😀")]);
        let back = Tokens::from_json_str(&t.to_python_json(), Path::new("mem")).expect("parse");
        assert_eq!(back, t);
    }

    #[test]
    fn insert_and_remove_keep_python_dict_order() {
        let mut t = tokens(&[("a", "1"), ("b", "2"), ("c", "3")]);
        assert_eq!(t.insert("a", "9"), Some("1".to_string()));
        assert_eq!(t.remove("b"), Some("2".to_string()));
        t.insert("d", "4");
        assert_eq!(t.to_python_json(), r#"{"a": "9", "c": "3", "d": "4"}"#);
        assert_eq!(t.remove("zz"), None);
    }

    // ---- secrets ----

    #[test]
    fn debug_redacts_tokens() {
        let t = tokens(&[("default", "SECRET-TOKEN")]);
        let shown = format!("{t:?} {t:#?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("\"default\": <redacted>"), "{shown}");
    }

    // ---- NotLoggedInError (§6.1) ----

    #[test]
    fn not_logged_in_message_default_namespace() {
        assert_eq!(
            not_logged_in_message("default", "default"),
            "\nYou are not authenticated.  Please log in with:\n\n  $ hailctl auth login \n\nto obtain new credentials.\n"
        );
    }

    #[test]
    fn not_logged_in_message_other_namespace() {
        assert_eq!(
            not_logged_in_message("alice", "default"),
            "\nYou are not authenticated.  Please log in with:\n\n  $ hailctl auth login -n alice\n\nto obtain new credentials.\n"
        );
        // "Default" means the deploy config's namespace, not the literal "default".
        assert!(not_logged_in_message("alice", "alice").contains("login \n"));
    }

    #[test]
    fn get_or_not_logged_in() {
        let t = tokens(&[("default", "T")]);
        assert_eq!(t.get_or_not_logged_in("default", "default"), Ok("T"));
        let err = t
            .get_or_not_logged_in("bob", "default")
            .expect_err("missing");
        assert_eq!(err.to_string(), not_logged_in_message("bob", "default"));
    }

    // ---- saving (§1.5, §1.8) ----

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).expect("metadata").permissions().mode() & 0o777
    }

    #[test]
    fn save_creates_dot_hail_and_private_file() {
        if pod_file_exists() {
            return;
        }
        let tmp = tempfile::tempdir().expect("tempdir");
        let env = env_home(tmp.path(), &[]);
        let t = tokens(&[("default", "TOKEN")]);
        let written = t.save(&env).expect("save");
        assert_eq!(written, tmp.path().join(".hail").join("tokens.json"));
        assert_eq!(
            fs::read_to_string(&written).expect("read"),
            r#"{"default": "TOKEN"}"#
        );
        #[cfg(unix)]
        {
            // Mode before umask is 0700/0600; a umask can only clear bits.
            assert_eq!(mode(&tmp.path().join(".hail")) & !0o700, 0);
            assert_eq!(mode(&written) & !0o600, 0);
        }
        // No temporary files left behind.
        let names: Vec<_> = fs::read_dir(tmp.path().join(".hail"))
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["tokens.json"]);
        // And it loads back.
        assert_eq!(Tokens::load(&env).expect("load"), t);
    }

    #[test]
    fn save_to_missing_hail_tokens_file_goes_to_home() {
        if pod_file_exists() {
            return;
        }
        let tmp = tempfile::tempdir().expect("tempdir");
        let missing = tmp.path().join("custom.json");
        let env = env_home(
            tmp.path(),
            &[("HAIL_TOKENS_FILE", missing.to_str().expect("utf8"))],
        );
        let written = tokens(&[("default", "T")]).save(&env).expect("save");
        assert_eq!(written, tmp.path().join(".hail").join("tokens.json"));
        assert!(!missing.exists());
    }

    #[test]
    fn save_to_existing_hail_tokens_file_does_not_create_dot_hail() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let custom = tmp.path().join("custom.json");
        fs::write(&custom, r#"{"default": "old"}"#).expect("write");
        let env = env_home(
            tmp.path(),
            &[("HAIL_TOKENS_FILE", custom.to_str().expect("utf8"))],
        );
        let mut t = Tokens::load(&env).expect("load");
        t.remove("default");
        assert_eq!(t.save(&env).expect("save"), custom);
        assert_eq!(fs::read_to_string(&custom).expect("read"), "{}");
        assert!(!tmp.path().join(".hail").exists());
    }

    #[cfg(unix)]
    #[test]
    fn save_keeps_mode_of_existing_file() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().expect("tempdir");
        let f = tmp.path().join("tokens.json");
        fs::write(&f, "{}").expect("write");
        fs::set_permissions(&f, fs::Permissions::from_mode(0o644)).expect("chmod");
        tokens(&[("default", "T")]).save_to(&f).expect("save");
        assert_eq!(mode(&f), 0o644);
    }

    #[cfg(unix)]
    #[test]
    fn save_through_symlink_keeps_link() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let real = tmp.path().join("real.json");
        let link = tmp.path().join("link.json");
        fs::write(&real, "{}").expect("write");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        tokens(&[("default", "T")]).save_to(&link).expect("save");
        assert!(
            fs::symlink_metadata(&link)
                .expect("lstat")
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            fs::read_to_string(&real).expect("read"),
            r#"{"default": "T"}"#
        );
    }

    #[test]
    fn ensure_dot_hail_dir_keeps_existing_and_needs_home() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let env = env_home(tmp.path(), &[]);
        Tokens::ensure_dot_hail_dir(&env).expect("create");
        Tokens::ensure_dot_hail_dir(&env).expect("idempotent");
        assert!(tmp.path().join(".hail").is_dir());
        // A single mkdir: a missing home directory is an error, as in Python.
        let env = env_home(&tmp.path().join("no-such-home"), &[]);
        let err = Tokens::ensure_dot_hail_dir(&env).expect_err("no home");
        assert!(matches!(err, TokensError::CreateDir { .. }));
    }

    #[test]
    fn save_error_names_file() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let target = tmp.path().join("no-such-dir").join("tokens.json");
        let err = tokens(&[]).save_to(&target).expect_err("no dir");
        assert!(
            err.to_string().starts_with(&target.display().to_string()),
            "{err}"
        );
    }
}
