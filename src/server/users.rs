//! The users of the local service: who a bearer token belongs to and who may administer
//! billing projects (`batch-semantics.md` §13).
//!
//! There is always the *default user* (the OS user, or `serve --user NAME`), whose token is the
//! one in the 0600 state file; it is a developer (billing administrator). `serve --users-file
//! PATH` adds more users from a TOML file:
//!
//! ```toml
//! [[users]]
//! name = "alice"
//! token = "a-long-random-secret-1234"  # or: token_file = "alice.token" (relative to this file)
//! role = "developer"                  # optional: "developer" (billing admin) or "user" (default)
//! billing_projects = ["shared", "alice-project"]
//! file_roots = ["/data/alice"]        # optional: host directories its jobs' files may be
//!                                     # copied from and to (none by default)
//! ```
//!
//! Tokens are secrets: the file (and every `token_file`) must not be readable by group or
//! others, tokens never appear in `Debug` output or logs, and [`Users::lookup`] compares the
//! presented token with every known token, with no early exit, so timing does not reveal
//! which one (or whether any) matched.

use std::collections::HashSet;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::state::constant_time_eq;

/// Hail's limit on user names (batch-api "Limits").
const MAX_NAME_LEN: usize = 100;
/// The shortest token a users file may give (the service's own tokens have 43 characters).
const MIN_TOKEN_CHARS: usize = 16;

/// One user of the service.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct UserEntry {
    pub name: String,
    /// The API token (a secret: never printed).
    pub token: String,
    /// A billing administrator (Hail's `developer` role).
    pub developer: bool,
    /// Billing projects the user is made a member of when the service starts.
    pub billing_projects: Vec<String>,
    /// Host directories (canonical) its jobs' `input_files`/`output_files` may name; `None`:
    /// anywhere but the service's own files (the default user only).
    pub file_roots: Option<Arc<Vec<PathBuf>>>,
}

impl std::fmt::Debug for UserEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserEntry")
            .field("name", &self.name)
            .field("token", &"<redacted>")
            .field("developer", &self.developer)
            .field("billing_projects", &self.billing_projects)
            .field("file_roots", &self.file_roots)
            .finish()
    }
}

/// Every user the service knows: the default user first, then those of the users file.
#[derive(Clone, Debug, Default)]
pub(crate) struct Users {
    entries: Vec<UserEntry>,
    /// Whether a users file was given (several users: billing projects are fixed).
    from_file: bool,
}

impl Users {
    /// Only the default user.
    pub(crate) fn single(name: &str, token: &str) -> Users {
        Users {
            entries: vec![UserEntry {
                name: name.to_owned(),
                token: token.to_owned(),
                developer: true,
                billing_projects: Vec::new(),
                file_roots: None,
            }],
            from_file: false,
        }
    }

    /// The default user plus the users of a users file; an error if a file entry reuses the
    /// default user's name or token.
    pub(crate) fn with_file(name: &str, token: &str, file: UsersFile) -> Result<Users, UsersError> {
        let mut users = Users::single(name, token);
        for (index, entry) in file.users.into_iter().enumerate() {
            if entry.name == name {
                return Err(UsersError::entry(
                    &file.path,
                    index,
                    &entry.name,
                    "has the name of the service's default user (choose another name, or set the default user with `serve --user NAME`)",
                ));
            }
            if constant_time_eq(entry.token.as_bytes(), token.as_bytes()) {
                return Err(UsersError::entry(
                    &file.path,
                    index,
                    &entry.name,
                    "has the token of the service's default user",
                ));
            }
            users.entries.push(entry);
        }
        users.from_file = true;
        Ok(users)
    }

    /// Whether a users file was given.
    pub(crate) fn is_from_file(&self) -> bool {
        self.from_file
    }

    /// The user `token` belongs to. Compares against every token, without early exit.
    pub(crate) fn lookup(&self, token: &str) -> Option<&UserEntry> {
        let mut found = None;
        for entry in &self.entries {
            let matches = constant_time_eq(token.as_bytes(), entry.token.as_bytes());
            // Keep scanning after a match: the time taken must not depend on which one matched.
            if matches && found.is_none() {
                found = Some(entry);
            }
        }
        found
    }

    /// The user called `name`, if any.
    pub(crate) fn get(&self, name: &str) -> Option<&UserEntry> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// Whether `name` is a billing administrator.
    pub(crate) fn is_developer(&self, name: &str) -> bool {
        self.get(name).is_some_and(|e| e.developer)
    }

    /// Every user, the default one first.
    pub(crate) fn entries(&self) -> &[UserEntry] {
        &self.entries
    }
}

/// A parsed users file.
#[derive(Debug)]
pub(crate) struct UsersFile {
    pub path: PathBuf,
    pub users: Vec<UserEntry>,
    /// The `token_file`s it names (secrets no job may copy).
    pub token_files: Vec<PathBuf>,
}

/// Problems with a users file. Each names the file, and the entry when there is one.
#[derive(Debug, thiserror::Error)]
pub(crate) enum UsersError {
    #[error("cannot read the users file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
}

impl UsersError {
    fn invalid(path: &Path, message: impl Into<String>) -> Self {
        UsersError::Invalid {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }

    fn entry(path: &Path, index: usize, name: &str, message: &str) -> Self {
        let which = if name.is_empty() {
            format!("users[{index}]")
        } else {
            format!("users[{index}] ({name:?})")
        };
        Self::invalid(path, format!("{which} {message}"))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    users: Vec<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    name: String,
    token: Option<String>,
    token_file: Option<PathBuf>,
    role: Option<String>,
    #[serde(default)]
    billing_projects: Vec<String>,
    #[serde(default)]
    file_roots: Vec<PathBuf>,
}

/// Refuses a secret file that group or others may read.
fn check_private(path: &Path, what: &str) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {what}: {e}"))?;
    // A device or a FIFO is not a file of secrets (and `chmod` would be the wrong advice).
    if !meta.is_file() {
        return Err(format!("{what} is not a regular file"));
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(format!(
            "{what} holds secrets but is readable by other users (mode {mode:03o}); run `chmod 600 {}`",
            path.display()
        ));
    }
    Ok(())
}

/// Checks a user name given on the command line (`serve --user`).
pub(crate) fn check_user_name(name: &str) -> Result<(), String> {
    if valid_name(name) {
        Ok(())
    } else {
        Err(format!(
            "invalid user name {name:?}: names are 1 to {MAX_NAME_LEN} characters without spaces or '/'"
        ))
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '/')
}

/// Reads and validates a users file (see the module docs for the format).
pub(crate) fn load_users_file(path: &Path) -> Result<UsersFile, UsersError> {
    let text = crate::user_file::read_to_string(path).map_err(|source| UsersError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    check_private(path, "the users file").map_err(|m| UsersError::invalid(path, m))?;
    let base = path.parent().unwrap_or(Path::new("."));
    parse_users(path, base, &text)
}

/// Parses the text of a users file; `base` resolves relative `token_file`s.
pub(crate) fn parse_users(path: &Path, base: &Path, text: &str) -> Result<UsersFile, UsersError> {
    let raw: RawFile = toml::from_str(text)
        .map_err(|e| UsersError::invalid(path, format!("not a valid users file: {e}")))?;
    let mut users = Vec::with_capacity(raw.users.len());
    let mut names = HashSet::new();
    let mut tokens: Vec<String> = Vec::new();
    let mut token_files = Vec::new();
    for (index, value) in raw.users.into_iter().enumerate() {
        let name_hint = value
            .get("name")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned();
        let err = |message: &str| UsersError::entry(path, index, &name_hint, message);
        let entry: RawEntry = value
            .try_into()
            .map_err(|e: toml::de::Error| err(e.message()))?;
        if !valid_name(&entry.name) {
            return Err(err(&format!(
                "has an invalid name: names are 1 to {MAX_NAME_LEN} characters without spaces or '/'"
            )));
        }
        if !names.insert(entry.name.clone()) {
            return Err(err("repeats a name used by an earlier entry"));
        }
        let token = match (entry.token, entry.token_file) {
            (Some(t), None) => t,
            (None, Some(file)) => {
                let file = base.join(file);
                token_files.push(file.clone());
                check_private(&file, &format!("token_file {}", file.display()))
                    .map_err(|m| err(&m))?;
                crate::user_file::read_to_string(&file)
                    .map_err(|e| err(&format!("cannot read token_file {}: {e}", file.display())))?
                    .trim()
                    .to_owned()
            }
            (Some(_), Some(_)) => return Err(err("sets both token and token_file; keep one")),
            (None, None) => return Err(err("has no token (set token or token_file)")),
        };
        if token.trim().is_empty() {
            return Err(err("has an empty token"));
        }
        let length = token.chars().count();
        if length < MIN_TOKEN_CHARS {
            return Err(err(&format!(
                "has a token of {length} characters: tokens must have at least \
                 {MIN_TOKEN_CHARS} (a guessable token lets anyone in as this user; \
                 e.g. `openssl rand -base64 32`)"
            )));
        }
        if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(err("has a token with spaces or control characters"));
        }
        if tokens
            .iter()
            .any(|t| constant_time_eq(t.as_bytes(), token.as_bytes()))
        {
            return Err(err("repeats a token used by an earlier entry"));
        }
        tokens.push(token.clone());
        let developer = match entry.role.as_deref() {
            None | Some("user") => false,
            Some("developer") => true,
            Some(other) => {
                return Err(err(&format!(
                    "has an unknown role {other:?}: should be \"developer\" or \"user\""
                )));
            }
        };
        if let Some(p) = entry.billing_projects.iter().find(|p| !valid_name(p)) {
            return Err(err(&format!("has an invalid billing project name {p:?}")));
        }
        let mut file_roots = Vec::with_capacity(entry.file_roots.len());
        for (i, root) in entry.file_roots.iter().enumerate() {
            if !root.is_absolute() {
                return Err(err(&format!(
                    "has file_roots[{i}] {} that is not an absolute path",
                    root.display()
                )));
            }
            // Canonical, so that checks compare resolved paths with resolved paths.
            let canonical = root
                .canonicalize()
                .map_err(|e| err(&format!("has file_roots[{i}] {}: {e}", root.display())))?;
            file_roots.push(canonical);
        }
        users.push(UserEntry {
            name: entry.name,
            token,
            developer,
            billing_projects: entry.billing_projects,
            file_roots: Some(Arc::new(file_roots)),
        });
    }
    Ok(UsersFile {
        path: path.to_path_buf(),
        users,
        token_files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<UsersFile, String> {
        parse_users(
            Path::new("/etc/users.toml"),
            Path::new("/nonexistent"),
            text,
        )
        .map_err(|e| e.to_string())
    }

    #[test]
    fn parses_users_roles_and_projects() {
        let file = parse(
            r#"
            [[users]]
            name = "alice"
            token = "tok-a-0123456789ab"
            role = "developer"
            billing_projects = ["shared", "a"]

            [[users]]
            name = "bob"
            token = "tok-b-0123456789ab"
            "#,
        )
        .expect("valid");
        assert_eq!(file.users.len(), 2);
        assert_eq!(file.users[0].name, "alice");
        assert!(file.users[0].developer);
        assert_eq!(file.users[0].billing_projects, ["shared", "a"]);
        assert!(!file.users[1].developer);
        assert!(file.users[1].billing_projects.is_empty());
        assert!(!format!("{file:?}").contains("tok-a-0123456789ab"));
        assert!(parse("").expect("empty file").users.is_empty());
    }

    #[test]
    fn errors_name_the_file_and_the_entry() {
        let cases = [
            (
                "[[users]]\nname = \"a\"\ntoken = \"x-0123456789abcdef\"\n[[users]]\nname = \"a\"\ntoken = \"y-0123456789abcdef\"\n",
                "/etc/users.toml: users[1] (\"a\") repeats a name",
            ),
            (
                "[[users]]\nname = \"a\"\ntoken = \"x-0123456789abcdef\"\n[[users]]\nname = \"b\"\ntoken = \"x-0123456789abcdef\"\n",
                "/etc/users.toml: users[1] (\"b\") repeats a token",
            ),
            (
                "[[users]]\nname = \"a\"\ntoken = \"  \"\n",
                "users[0] (\"a\") has an empty token",
            ),
            (
                "[[users]]\nname = \"a\"\ntoken = \"x\"\n",
                "users[0] (\"a\") has a token of 1 characters: tokens must have at least 16",
            ),
            (
                "[[users]]\nname = \"a\"\ntoken = \"x-0123456789abcdef\"\ncolour = \"red\"\n",
                "users[0] (\"a\") unknown field `colour`",
            ),
            ("[[users]]\nname = \"a\"\n", "users[0] (\"a\") has no token"),
            (
                "[[users]]\nname = \"a\"\ntoken = \"x-0123456789abcdef\"\nrole = \"root\"\n",
                "users[0] (\"a\") has an unknown role \"root\"",
            ),
            (
                "[[users]]\nname = \"a b\"\ntoken = \"x-0123456789abcdef\"\n",
                "users[0] (\"a b\") has an invalid name",
            ),
            (
                "[[users]]\ntoken = \"x-0123456789abcdef\"\n",
                "users[0] missing field `name`",
            ),
            ("user = []\n", "/etc/users.toml: not a valid users file"),
            (
                "[[users]]\nname = \"a\"\ntoken = \"x-0123456789abcdef\"\ntoken_file = \"f\"\n",
                "sets both token and token_file",
            ),
        ];
        for (text, expected) in cases {
            let err = parse(text).expect_err(text);
            assert!(
                err.contains(expected),
                "{err:?} should contain {expected:?}"
            );
        }
    }

    #[test]
    fn token_files_must_be_private() {
        let dir = tempfile::tempdir().expect("tempdir");
        let token = dir.path().join("alice.token");
        std::fs::write(&token, "secret-a-0123456789\n").expect("write");
        std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let users = dir.path().join("users.toml");
        std::fs::write(
            &users,
            "[[users]]\nname = \"alice\"\ntoken_file = \"alice.token\"\n",
        )
        .expect("write");
        std::fs::set_permissions(&users, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        let err = load_users_file(&users).expect_err("token file is 0644");
        assert!(err.to_string().contains("readable by other users"), "{err}");
        std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        let file = load_users_file(&users).expect("valid");
        assert_eq!(file.users[0].token, "secret-a-0123456789");
        std::fs::set_permissions(&users, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        let err = load_users_file(&users).expect_err("users file is 0640");
        assert!(
            err.to_string().contains("the users file holds secrets"),
            "{err}"
        );
    }

    #[test]
    fn lookup_finds_each_user_and_rejects_others() {
        let file = parse(
            "[[users]]\nname = \"alice\"\ntoken = \"tok-a-0123456789ab\"\n[[users]]\nname = \"bob\"\ntoken = \"tok-b-0123456789ab\"\nrole = \"developer\"\n",
        )
        .expect("valid");
        let users = Users::with_file("me", "tok-me", file).expect("valid");
        assert_eq!(
            users.lookup("tok-a-0123456789ab").map(|u| u.name.as_str()),
            Some("alice")
        );
        assert_eq!(
            users.lookup("tok-b-0123456789ab").map(|u| u.name.as_str()),
            Some("bob")
        );
        assert_eq!(users.lookup("tok-me").map(|u| u.name.as_str()), Some("me"));
        assert!(users.lookup("tok-").is_none());
        assert!(users.lookup("").is_none());
        assert!(users.is_developer("me"));
        assert!(users.is_developer("bob"));
        assert!(!users.is_developer("alice"));
        assert!(!users.is_developer("carol"));
        assert!(users.is_from_file());
        let clash =
            parse("[[users]]\nname = \"me\"\ntoken = \"t-0123456789abcdef\"\n").expect("valid");
        let err = Users::with_file("me", "tok-me", clash).expect_err("name clash");
        assert!(err.to_string().contains("default user"), "{err}");
    }
}
