//! Request and response types of the Hail Batch REST API (`batch-api.md` in the reference),
//! shared by [`crate::client`] and [`crate::server`] so that both sides always agree on the wire
//! format. The types arrive with the local Batch service (issue 3) and the client (issue 4).
