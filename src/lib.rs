//! hailctl-rs: a fast, single-binary, drop-in `hailctl` for Hail Batch.
//!
//! The crate is laid out by responsibility:
//! - [`cli`]: the command-line definition (clap), apart from any logic;
//! - [`commands`]: what each command does, given resolved settings;
//! - [`config`]: the user's configuration files, variables, profiles, the deploy config and
//!   credentials, and the layered resolution every command uses;
//! - [`client`]: the Batch REST client;
//! - [`server`]: the embedded local Batch service;
//! - [`spec`]: batch spec files (YAML, TOML, JSON) for `batch submit`;
//! - [`printer`] and [`error`]: all output, and how failures become messages and exit codes;
//! - [`env`]: the process environment, read once.

pub mod cli;
pub mod client;
pub mod commands;
pub mod config;
pub mod env;
pub mod error;
pub mod format;
pub mod printer;
pub mod server;
pub mod spec;
pub mod staging;
