//! The service's side of the Hail Batch REST API (`batch-api.md` in the reference): request
//! parsing and validation of submitted specs, and the response documents.
//!
//! Everything here is pure (no I/O):
//! - [`spec`]: submission request bodies, their validation with Hail's exact 400 messages, the
//!   server-side job checks, id translation and the stored job spec; [`spec::fast`] does the same
//!   for common job bunches several times more cheaply, tested against it;
//! - [`resources`]: cpu / memory / storage parsing and pool selection;
//! - [`types`]: response documents in Hail's exact key order and presence rules, the state
//!   derivations and the job `status` helpers;
//! - [`messages`]: the other literal error messages a server needs (database-dependent checks).

pub mod messages;
mod pyfmt;
pub mod resources;
pub mod spec;
pub mod types;
mod validate;

/// A request rejected with **400**. The string is Hail's exact message.
///
/// Hail normally sends the message as the reason phrase and the body `400: <message>`; two bunch
/// errors set the body to the bare message instead (`batch-api.md` §1.5). [`Self::body`] and
/// [`Self::reason`] give what to send in either case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ValidationError(pub String);

impl ValidationError {
    /// The message.
    pub fn message(&self) -> &str {
        &self.0
    }

    /// True for the two errors whose body is the bare message (§1.5, §2.13).
    pub fn is_body_only(&self) -> bool {
        self.0
            .starts_with("bunch contains job where the job group has already been cancelled")
            || self
                .0
                .starts_with("bunch contains job with duplicated parents")
    }

    /// The response body: `400: <message>`, or the bare message for body-only errors.
    pub fn body(&self) -> String {
        if self.is_body_only() {
            self.0.clone()
        } else {
            format!("400: {}", self.0)
        }
    }

    /// The HTTP reason phrase: the message, or `Bad Request` for body-only errors.
    pub fn reason(&self) -> &str {
        if self.is_body_only() {
            "Bad Request"
        } else {
            &self.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ValidationError;

    #[test]
    fn bodies() {
        let e = ValidationError("batch missing required key token.".into());
        assert_eq!(e.body(), "400: batch missing required key token.");
        assert_eq!(e.reason(), "batch missing required key token.");
        assert!(!e.is_body_only());
        let e = ValidationError("bunch contains job with duplicated parents ([(1, 2, 1)])".into());
        assert_eq!(
            e.body(),
            "bunch contains job with duplicated parents ([(1, 2, 1)])"
        );
        assert_eq!(e.reason(), "Bad Request");
        assert_eq!(e.to_string(), e.message());
    }
}
