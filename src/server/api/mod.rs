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

pub(crate) mod messages;
pub(crate) mod resources;
pub mod spec;
pub(crate) mod types;
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
        messages::is_body_only(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::ValidationError;

    #[test]
    fn body_only_errors() {
        let e = ValidationError("batch missing required key token.".into());
        assert!(!e.is_body_only());
        assert_eq!(e.to_string(), e.message());
        let e = ValidationError("bunch contains job with duplicated parents ([(1, 2, 1)])".into());
        assert!(e.is_body_only());
    }
}
