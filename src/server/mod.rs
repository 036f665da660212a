//! The embedded local Batch service: Hail's Batch REST API on SQLite, running jobs in local
//! sandboxes.
