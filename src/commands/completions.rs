//! Shell completion.
//!
//! `hailctl completions SHELL` prints a static script generated from the CLI definition (the
//! files in `completions/` are exactly these, and a test fails when they are stale): commands,
//! flags, and the 19 variable names of `config set`. `--dynamic` prints a small script that asks
//! `hailctl` itself at each TAB (through the `HAILCTL_COMPLETE` variable), which also completes
//! profile names and the keys present in your configuration files (the candidates are in
//! [`crate::config::completion`]).

use anyhow::Result;
use clap::CommandFactory;
use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};

use super::Context;
use crate::cli::{Cli, CompletionsArgs, Shell};

/// The environment variable that switches `hailctl` into completion mode.
pub const COMPLETE_ENV_VAR: &str = "HAILCTL_COMPLETE";

pub(crate) fn run(ctx: &Context, args: &CompletionsArgs) -> Result<()> {
    let mut out = Vec::new();
    if args.dynamic {
        let completer: &dyn EnvCompleter = match args.shell {
            Shell::Bash => &Bash,
            Shell::Zsh => &Zsh,
            Shell::Fish => &Fish,
            Shell::Powershell => &Powershell,
            Shell::Elvish => &Elvish,
        };
        completer.write_registration(
            COMPLETE_ENV_VAR,
            "hailctl",
            "hailctl",
            "hailctl",
            &mut out,
        )?;
    } else {
        out = static_script(args.shell);
    }
    let text = String::from_utf8_lossy(&out);
    ctx.printer.line(text.trim_end_matches('\n'))?;
    Ok(())
}

/// The static completion script for `shell`.
pub(crate) fn static_script(shell: Shell) -> Vec<u8> {
    let generator = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
        Shell::Elvish => clap_complete::Shell::Elvish,
    };
    let mut out = Vec::new();
    clap_complete::generate(generator, &mut Cli::command(), "hailctl", &mut out);
    out
}
