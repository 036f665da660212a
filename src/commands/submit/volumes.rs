//! The local files of `-v SRC:DST`: Hail's rules for what each one becomes in the job, where
//! they are staged (`remote_tmpdir`), and their upload before anything is submitted.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde_json::Value;

use super::Context;
use crate::cli::SubmitArgs;
use crate::client::BatchClient;
use crate::commands::usage_error;
use crate::config::UserConfig;
use crate::config::resolve::resolve_variable;
use crate::error::{Reported, WithHint};
use crate::random;
use crate::spec::FileTransfer;
use crate::staging::{Credentials, Location, Stager, Upload};

/// The `-v` files of a submission and where they go.
pub(super) struct Staging {
    pub location: Location,
    pub uploads: Vec<Upload>,
    /// The batch's scratch under the location (`<uid>`; removed by `--delete-scratch`).
    pub scratch: String,
}

/// Where `-v` files are staged: `--remote-tmpdir` / `batch/remote_tmpdir` (a `gs://` or Azure
/// URL; with the local service also a local directory or `file://` URL), else (local service
/// only) the service's `staging` directory.
pub(super) fn staging_location(
    ctx: &Context,
    client: &BatchClient,
    config: &UserConfig,
    args: &SubmitArgs,
) -> Result<Location> {
    let flag = args
        .remote_tmpdir
        .as_deref()
        .map(|v| ("--remote-tmpdir", v));
    let configured = resolve_variable("batch/remote_tmpdir", flag, &ctx.env, config)?;
    match configured {
        Some(r) => {
            let location = Location::parse(&r.value)?;
            if !location.is_cloud() && !client.is_local() {
                return Err(WithHint {
                    message: format!(
                        "remote_tmpdir {} is a local directory, which the Batch service cannot \
                         read",
                        r.value
                    ),
                    hint: "use a gs:// or https://<account>.blob.core.windows.net/ URL".into(),
                }
                .into());
            }
            Ok(location)
        }
        None if client.is_local() => {
            let paths = crate::server::state::ServicePaths::locate(&ctx.env);
            let data = crate::server::state::read_state(&paths)?
                .map(|s| s.data_dir)
                .unwrap_or(paths.data_dir);
            Ok(Location::Local(data.join("staging")))
        }
        None => Err(Reported::failure(
            "error: Either the 'remote_tmpdir' parameter of ServiceBackend(...) must be set or you \
             must run `hailctl config set batch/remote_tmpdir REMOTE_TMPDIR`.",
        )
        .into()),
    }
}

/// The credentials staging uses: the Batch client's Google identity, and the files named by
/// `GOOGLE_APPLICATION_CREDENTIALS` and Hail's `AZURE_APPLICATION_CREDENTIALS`.
fn staging_credentials(ctx: &Context, client: &BatchClient) -> Result<Credentials> {
    let azure_service_principal = match ctx.env.get("AZURE_APPLICATION_CREDENTIALS") {
        Some(path) if !path.is_empty() => {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read AZURE_APPLICATION_CREDENTIALS {path}"))?;
            let json: Value =
                serde_json::from_str(&text).with_context(|| format!("{path} is not JSON"))?;
            let field = |name: &str| {
                json[name]
                    .as_str()
                    .map(str::to_string)
                    .with_context(|| format!("{path} has no string `{name}`"))
            };
            Some((field("appId")?, field("password")?, field("tenant")?))
        }
        _ => None,
    };
    Ok(Credentials {
        google: client.google_token_provider(),
        google_application_credentials: ctx
            .env
            .get("GOOGLE_APPLICATION_CREDENTIALS")
            .filter(|p| !p.is_empty()),
        azure_service_principal,
    })
}

/// Uploads the submission's `-v` files, with a progress bar of bytes sent.
pub(super) async fn stage(
    ctx: &Context,
    client: &BatchClient,
    staging: &Staging,
) -> Result<Stager> {
    let stager = Stager::new(staging.location.clone(), staging_credentials(ctx, client)?)?;
    let total: u64 = staging
        .uploads
        .iter()
        .map(|u| std::fs::metadata(&u.source).map_or(0, |m| m.len()))
        .sum();
    let bar = ctx.printer.bar(
        total,
        "{msg} {wide_bar} {bytes}/{total_bytes} {elapsed_precise}",
        &format!("staging {} files", staging.uploads.len()),
    );
    stager
        .upload(&staging.uploads, &|n| {
            if let Some(bar) = &bar {
                bar.inc(n);
            }
        })
        .await?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(stager)
}

/// The `-v` files as the job receives them, laid out as Hail's tool lays them out: each one is
/// uploaded to `<location>/<uid>/<random>/inputs/<root>/<name>`, copied into the job at
/// `$BATCH_TMPDIR/inputs/<root>/<name>`, and moved to its destination by the job's script.
pub(super) struct Copies {
    pub input_files: Vec<FileTransfer>,
    /// The directories of the destinations, each once.
    pub directories: Vec<String>,
    /// Each file's place under `$BATCH_TMPDIR` and its destination.
    pub moves: Vec<(String, String)>,
    pub staging: Option<Staging>,
}

/// Lays out the files of `volumes` for the batch `uid`, whose jobs' `BATCH_TMPDIR` is
/// `local_tmpdir`; `location` is where they are staged (`None` when there are none).
pub(super) fn copies(
    volumes: &[String],
    home: &Path,
    location: Option<Location>,
    uid: &str,
    local_tmpdir: &str,
) -> Result<Copies> {
    let mut mounts = Vec::new();
    for v in volumes {
        mounts.extend(expand_volume(v, home)?);
    }
    let mut uploads = Vec::new();
    let mut input_files = Vec::new();
    let mut directories: Vec<String> = Vec::new();
    let mut moves = Vec::new();
    for mount in &mounts {
        let Some(location) = &location else {
            break;
        };
        // Hail's layout: `secret_alnum_string(5)` and `uuid.uuid4().hex[:8]`.
        let root = random::string(random::ALNUM, 5);
        let basename = mount
            .source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let relative = format!(
            "{uid}/{}/inputs/{root}/{basename}",
            random::string(random::HEX, 8)
        );
        input_files.push(FileTransfer {
            from: location.url(&relative),
            to: format!("{local_tmpdir}/inputs/{root}/{basename}"),
        });
        uploads.push(Upload {
            source: mount.source.clone(),
            relative,
        });
        let parent = Path::new(&mount.destination)
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "/".into());
        if !directories.contains(&parent) {
            directories.push(parent);
        }
        let downloaded = format!("/inputs/{root}/{basename}");
        moves.push((downloaded, mount.destination.clone()));
    }
    let staging = location.map(|location| Staging {
        location,
        uploads,
        scratch: uid.to_string(),
    });
    Ok(Copies {
        input_files,
        directories,
        moves,
        staging,
    })
}

/// One file of `-v`: the local source and its destination in the job.
struct Mount {
    source: PathBuf,
    destination: String,
}

/// Hail's `-v SRC:DST` rules (hailctl-cli §5.2).
fn expand_volume(spec: &str, home: &Path) -> Result<Vec<Mount>> {
    let parts: Vec<&str> = spec.split(':').collect();
    let (src, dst) = match parts.as_slice() {
        [src, dst] if !src.is_empty() && !dst.is_empty() => (*src, *dst),
        _ => {
            return Err(usage_error(format_args!(
                "Invalid value for '-v': Invalid format: '{spec}'. Expected 'src:dst'."
            )));
        }
    };
    if !dst.starts_with('/') {
        return Err(usage_error(format_args!(
            "Invalid value for '-v': Invalid format '{spec}'. dst must be an absolute path."
        )));
    }
    let expanded = match src.strip_prefix("~") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            home.join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(src),
    };
    let normalized: PathBuf = expanded.components().collect();
    let join = |base: &str, name: &str| -> String {
        if base.ends_with('/') {
            format!("{base}{name}")
        } else {
            format!("{base}/{name}")
        }
    };
    let basename = normalized
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if normalized.is_file() {
        let destination = if dst.ends_with('/') {
            join(dst, &basename)
        } else {
            dst.to_string()
        };
        return Ok(vec![Mount {
            source: normalized,
            destination,
        }]);
    }
    if !normalized.is_dir() {
        return Err(Reported::failure(format!(
            "error: \"{}\" does not exist or is not a valid directory.",
            expanded.display()
        ))
        .into());
    }
    if src.ends_with('/') && !dst.ends_with('/') {
        return Err(
            Reported::failure("error: copy and renaming a directory is not supported.").into(),
        );
    }
    let root = if !src.ends_with('/') && dst.ends_with('/') && !basename.is_empty() {
        join(dst, &basename)
    } else {
        dst.trim_end_matches('/').to_string()
    };
    let mut mounts = Vec::new();
    let mut stack = vec![normalized.clone()];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
            } else if path.is_file() {
                let relative = path
                    .strip_prefix(&normalized)
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let destination = if root.is_empty() {
                    format!("/{relative}")
                } else {
                    format!("{root}/{relative}")
                };
                mounts.push(Mount {
                    source: path,
                    destination,
                });
            }
        }
    }
    Ok(mounts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volumes_follow_hails_rules() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("d/sub")).expect("mkdir");
        std::fs::write(root.join("f"), "1").expect("write");
        std::fs::write(root.join("d/x"), "2").expect("write");
        std::fs::write(root.join("d/sub/y"), "3").expect("write");
        let r = root.display().to_string();
        let dests = |v: &str| -> Vec<String> {
            let mut d: Vec<String> = expand_volume(v, root)
                .expect(v)
                .into_iter()
                .map(|m| m.destination)
                .collect();
            d.sort();
            d
        };
        assert_eq!(dests(&format!("{r}/f:/dest")), ["/dest"]);
        assert_eq!(dests(&format!("{r}/f:/dest/")), ["/dest/f"]);
        assert_eq!(dests(&format!("{r}/f:/")), ["/f"]);
        assert_eq!(dests(&format!("{r}/d:/dest")), ["/dest/sub/y", "/dest/x"]);
        assert_eq!(
            dests(&format!("{r}/d:/dest/")),
            ["/dest/d/sub/y", "/dest/d/x"]
        );
        assert_eq!(dests(&format!("{r}/d/:/dest/")), ["/dest/sub/y", "/dest/x"]);
        assert_eq!(dests(&format!("{r}/d/:/")), ["/sub/y", "/x"]);
        assert!(expand_volume(&format!("{r}/d/:/dest"), root).is_err());
        assert!(expand_volume(&format!("{r}/missing:/x"), root).is_err());
        assert!(expand_volume("a:b:c", root).is_err());
        assert!(expand_volume(&format!("{r}/f:relative"), root).is_err());
    }
}
