//! The Hail Batch REST client used by every `hailctl batch` command, against the embedded local
//! service or the real one (issue 4). It will use [`crate::config::deploy`] for URLs and
//! [`crate::config::tokens`] for credentials.
