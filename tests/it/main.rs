//! The integration tests, in one test binary (one link instead of twelve): end-to-end tests
//! through the built `hailctl` binary in an isolated home, side-by-side tests against Hail's
//! Python tool, and the client library against a loopback fake. Run one file's tests with
//! `cargo test --test it MODULE::`, e.g. `cargo test --test it web_ui::`.

// Tests print what they skip and what a failure looked like (the product prints through
// src/printer.rs only).
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod util;

mod auth_cli;
mod auth_parity;
mod batch_cli;
mod batch_init_cli;
mod browser_ui;
mod callbacks;
mod client_service_mode;
mod config_cli;
mod file_confinement;
mod generated_files;
mod hostile_input;
mod job_runtime;
mod python_client;
mod python_parity;
mod rerun;
mod service_api;
mod service_faults;
mod service_parity;
mod submit_cli;
mod users_billing;
mod web_ui;
