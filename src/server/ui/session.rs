//! Browser sign-in for the web UI: one-time login codes and the sessions they open.
//!
//! The API authenticates with a bearer token, which a browser cannot send on its own. The CLI
//! (holding the token) asks `POST /api/v1alpha/ui/login-link` for a one-time code; `GET
//! /login?code=` exchanges the code for a session cookie. Codes are single use and expire after
//! [`CODE_TTL`]; sessions expire after [`SESSION_TTL`]. Both live only in this process's memory:
//! restarting the service signs every browser out (no secret is ever written to disk).
//! Each session carries its own CSRF secret, which every form posts back.
//!
//! Codes, session ids and CSRF secrets are secrets: nothing here logs or prints them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a login code can be redeemed.
pub(crate) const CODE_TTL: Duration = Duration::from_secs(120);
/// How long a session lasts after sign-in.
pub(crate) const SESSION_TTL: Duration = Duration::from_secs(7 * 24 * 3600);
/// Upper bound on live codes and sessions, so a client looping on the API cannot grow memory
/// without bound; the oldest entries are dropped first.
const MAX_ENTRIES: usize = 10_000;
/// Upper bound on one user's live codes and on its sessions: a user signing in in a loop
/// drops its own oldest sessions, never other users' (the global bound is then out of reach
/// for all but 500 users at once).
pub(crate) const MAX_PER_USER: usize = 20;

/// A signed-in browser.
#[derive(Clone, Debug)]
pub(crate) struct SessionInfo {
    /// The user the signing-in token belonged to.
    pub user: String,
    /// This session's CSRF secret (the `_csrf` form field).
    pub csrf: String,
}

struct Code {
    user: String,
    expires: Instant,
}

struct Session {
    info: SessionInfo,
    expires: Instant,
    /// A message to show once on the next page (`Batch 5 cancelled.`).
    flash: Option<String>,
}

/// Login codes and sessions of the web UI.
#[derive(Default)]
pub(crate) struct Sessions {
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for Sessions {
    // The maps hold secrets: show nothing of them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sessions").finish_non_exhaustive()
    }
}

#[derive(Default)]
struct Inner {
    codes: HashMap<String, Code>,
    sessions: HashMap<String, Session>,
}

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves the maps consistent (every change is one
        // insert or remove), so a poisoned lock is still usable.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new one-time login code for `user`.
    pub(crate) fn issue_code(&self, user: &str) -> String {
        let code = crate::random::token();
        let now = Instant::now();
        let mut inner = self.lock();
        inner.codes.retain(|_, c| c.expires > now);
        evict_users_oldest(&mut inner.codes, user, |c| &c.user, |c| c.expires);
        evict_oldest(&mut inner.codes, |c| c.expires);
        inner.codes.insert(
            code.clone(),
            Code {
                user: user.to_owned(),
                expires: now + CODE_TTL,
            },
        );
        code
    }

    /// Redeems a login code: the user it was issued for, if it exists and has not expired. A
    /// code is removed on its first presentation, whether or not it was still valid.
    pub(crate) fn redeem(&self, code: &str) -> Option<String> {
        let found = self.lock().codes.remove(code)?;
        (found.expires > Instant::now()).then_some(found.user)
    }

    /// Opens a session for `user`; returns its id (the cookie value).
    pub(crate) fn open(&self, user: &str) -> String {
        let id = crate::random::token();
        let now = Instant::now();
        let mut inner = self.lock();
        inner.sessions.retain(|_, s| s.expires > now);
        evict_users_oldest(&mut inner.sessions, user, |s| &s.info.user, |s| s.expires);
        evict_oldest(&mut inner.sessions, |s| s.expires);
        inner.sessions.insert(
            id.clone(),
            Session {
                info: SessionInfo {
                    user: user.to_owned(),
                    csrf: crate::random::token(),
                },
                expires: now + SESSION_TTL,
                flash: None,
            },
        );
        id
    }

    /// The live session with this id.
    pub(crate) fn get(&self, id: &str) -> Option<SessionInfo> {
        let mut inner = self.lock();
        match inner.sessions.get(id) {
            Some(s) if s.expires > Instant::now() => Some(s.info.clone()),
            Some(_) => {
                inner.sessions.remove(id);
                None
            }
            None => None,
        }
    }

    /// Ends a session.
    pub(crate) fn close(&self, id: &str) {
        self.lock().sessions.remove(id);
    }

    /// Leaves a message for the session's next page.
    pub(crate) fn set_flash(&self, id: &str, message: String) {
        if let Some(s) = self.lock().sessions.get_mut(id) {
            s.flash = Some(message);
        }
    }

    /// Takes the pending message, if any.
    pub(crate) fn take_flash(&self, id: &str) -> Option<String> {
        self.lock()
            .sessions
            .get_mut(id)
            .and_then(|s| s.flash.take())
    }
}

/// Drops the entry expiring first while the map is full.
/// Makes room for one more entry of `user` within [`MAX_PER_USER`], dropping its oldest.
fn evict_users_oldest<V>(
    map: &mut HashMap<String, V>,
    user: &str,
    owner: impl Fn(&V) -> &String,
    expires: impl Fn(&V) -> Instant,
) {
    let mut own: Vec<(Instant, String)> = map
        .iter()
        .filter(|(_, v)| owner(v) == user)
        .map(|(k, v)| (expires(v), k.clone()))
        .collect();
    if own.len() < MAX_PER_USER {
        return;
    }
    own.sort();
    for (_, key) in own.iter().take(own.len() + 1 - MAX_PER_USER) {
        map.remove(key);
    }
}

fn evict_oldest<V>(map: &mut HashMap<String, V>, expires: impl Fn(&V) -> Instant) {
    while map.len() >= MAX_ENTRIES {
        let Some(oldest) = map
            .iter()
            .min_by_key(|(_, v)| expires(v))
            .map(|(k, _)| k.clone())
        else {
            break;
        };
        map.remove(&oldest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_signing_in_in_a_loop_evicts_only_its_own_sessions() {
        let sessions = Sessions::default();
        let bob = sessions.open("bob");
        let alice: Vec<String> = (0..MAX_PER_USER * 3)
            .map(|_| sessions.open("alice"))
            .collect();
        assert!(sessions.get(&bob).is_some(), "bob was signed out");
        let live = alice.iter().filter(|id| sessions.get(id).is_some()).count();
        assert_eq!(live, MAX_PER_USER);
        assert!(sessions.get(alice.last().expect("last")).is_some());
        for _ in 0..MAX_PER_USER * 3 {
            sessions.issue_code("alice");
        }
        let code = sessions.issue_code("bob");
        assert_eq!(sessions.redeem(&code).as_deref(), Some("bob"));
    }

    #[test]
    fn codes_are_single_use() {
        let sessions = Sessions::default();
        let code = sessions.issue_code("alice");
        assert_eq!(sessions.redeem(&code).as_deref(), Some("alice"));
        assert_eq!(sessions.redeem(&code), None);
        assert_eq!(sessions.redeem("not-a-code"), None);
    }

    #[test]
    fn expired_codes_are_refused() {
        let sessions = Sessions::default();
        let code = sessions.issue_code("alice");
        if let Some(c) = sessions.lock().codes.get_mut(&code) {
            c.expires = Instant::now() - Duration::from_secs(1);
        }
        assert_eq!(sessions.redeem(&code), None);
    }

    #[test]
    fn sessions_carry_user_csrf_and_flash() {
        let sessions = Sessions::default();
        let id = sessions.open("bob");
        let info = sessions.get(&id).expect("session");
        assert_eq!(info.user, "bob");
        assert_eq!(info.csrf.len(), 43);
        assert_ne!(info.csrf, id);
        sessions.set_flash(&id, "hello".into());
        assert_eq!(sessions.take_flash(&id).as_deref(), Some("hello"));
        assert_eq!(sessions.take_flash(&id), None);
        sessions.close(&id);
        assert!(sessions.get(&id).is_none());
    }
}
