//! `hailctl curl NAMESPACE SERVICE PATH [CURL_ARGS]...`: `curl` with the credentials and the URL
//! the deploy config gives for NAMESPACE (Hail's `hailctl curl`, config-and-auth §6.4).
//!
//! Hail puts the headers on curl's command line, where any user of the machine can read them
//! (`ps`); we hand them to curl in a file only the user can read (`-H @file`), removed when curl
//! ends, and exit with curl's status.

use anyhow::{Context as _, Result};

use super::Context;
use crate::cli::CurlArgs;
use crate::client::auth_service::{AuthService, deploy_config};
use crate::client::transport_url;
use crate::config::UserConfig;
use crate::config::tokens::write_private_file;
use crate::error::{EXIT_FAILURE, Reported};

pub(crate) fn run(ctx: &Context, args: &CurlArgs) -> Result<()> {
    let (header_lines, url) = super::block_on(headers(ctx, args))?;

    let dir = tempfile_dir(ctx);
    let file = dir.join(format!(".hailctl-curl-headers.{}", crate::random::suffix()));
    write_private_file(&file, header_lines.as_bytes(), false)
        .with_context(|| format!("cannot write {}", file.display()))?;
    let status = std::process::Command::new("curl")
        .arg("-H")
        .arg(format!("@{}", file.display()))
        .args(&args.curl_args)
        .arg(&url)
        .status();
    let _ = std::fs::remove_file(&file);
    let status = status.map_err(|e| Reported::failure(format!("error: cannot run curl: {e}")))?;
    match status.code() {
        Some(0) => Ok(()),
        Some(code) => {
            Err(Reported::with_code("", u8::try_from(code).unwrap_or(EXIT_FAILURE)).into())
        }
        None => Err(Reported::with_code("", EXIT_FAILURE).into()),
    }
}

/// The header lines (`Name: value`, one per line) and the URL.
async fn headers(ctx: &Context, args: &CurlArgs) -> Result<(String, String)> {
    let config = UserConfig::load(&ctx.env, &ctx.profile)?;
    let deploy = deploy_config(&ctx.env, &config)?.with_default_namespace(&args.namespace);
    let url = transport_url(&ctx.env, deploy.url(&args.service, &args.path)?);
    let service = AuthService::for_deploy(&ctx.env, &config, deploy)?;
    let auth = service.credentials().await?;
    let mut lines = String::new();
    for (name, value) in auth.headers().await? {
        let name = match name {
            "authorization" => "Authorization",
            _ => "X-Hail-Internal-Authorization",
        };
        lines.push_str(name);
        lines.push_str(": ");
        lines.push_str(&String::from_utf8_lossy(value.as_bytes()));
        lines.push('\n');
    }
    Ok((lines, url))
}

/// Where the header file goes: `$XDG_RUNTIME_DIR` (private to the user) if set, else the
/// system's temporary directory (the file itself is 0600).
fn tempfile_dir(ctx: &Context) -> std::path::PathBuf {
    match ctx.env.get_os("XDG_RUNTIME_DIR") {
        Some(dir) if !dir.is_empty() => std::path::PathBuf::from(dir),
        _ => match ctx.env.get_os("TMPDIR") {
            Some(dir) if !dir.is_empty() => std::path::PathBuf::from(dir),
            _ => std::path::PathBuf::from("/tmp"),
        },
    }
}
