//! hailctl-rs: a fast, single-binary, drop-in `hailctl` for Hail Batch.
//!
//! The crate is laid out by responsibility, each module using only those below it:
//! - `cli`: the command-line definition (clap), apart from any logic;
//! - `commands`: what each command does, given resolved settings;
//! - `staging`: uploading `-v` files under `remote_tmpdir`;
//! - `client`: the Batch REST client;
//! - `server`: the embedded local Batch service (its own layers are in its module docs);
//! - `spec`: batch spec files (YAML, TOML, JSON) for `batch submit`;
//! - `config`: the user's configuration files, variables, profiles, the deploy config and
//!   credentials, and the layered resolution every command uses;
//! - `printer` and `error`: all output, and how failures become messages and exit codes;
//! - `format`: Python's formatters and string semantics, Hail's time and money display;
//! - `env`: the process environment, read once; `user_file`: reading a file the user names
//!   (promptly and within a size limit, even a FIFO or a device).
//!
//! The library's public face is only what the `hailctl` binary, the integration tests and the
//! benchmarks use; everything else is crate-private, so the compiler shows what nothing uses.

mod cli;
mod client;
mod commands;
mod config;
mod env;
mod error;
mod format;
mod printer;
mod random;
mod server;
mod spec;
mod staging;
mod user_file;

// The binary (`src/main.rs`).
pub use cli::{Cli, Shell};
pub use commands::completions::COMPLETE_ENV_VAR;
pub use commands::run;
pub use env::Env;
pub use error::{exit_code, report, report_clap_error};
pub use server::runner::shim::run_if_shim as run_job_shim;

// The integration tests that drive the client and read the configuration directly.
pub use client::{BatchClient, ClientError, ClientOptions, RetryPolicy, WarningSink};
pub use config::variables::VARIABLES;
pub use config::{ProfileOverride, UserConfig};

/// The service's parse of submitted job specs, for `cargo bench --bench spec_parse`.
pub use server::api::spec as service_spec;
