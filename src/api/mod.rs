//! Request and response types of the Hail Batch REST API (`batch-api.md` in the reference), with
//! the validation the service applies to submitted specs. Shared by [`crate::client`] and
//! [`crate::server`] so that both sides always agree on the wire format.
