//! Container images for the local service: pulled from their registries, cached by digest,
//! unpacked into a root filesystem that every attempt of every job using the image shares as
//! the read-only lower layer of its own overlay.
//!
//! The cache lives in the data directory (`<data_dir>/images`, 0700 like the rest):
//!
//! ```text
//! blobs/sha256/<hex>          layers and configs, as downloaded (shared between images)
//! roots/<config hex>/rootfs   the unpacked root filesystem
//! roots/<config hex>/config.json
//! refs/<hash of name>.json    what a name resolved to: {reference, manifest_digest, config_digest, ...}
//! tmp/                        unpacking in progress (renamed into roots/ when complete)
//! ```
//!
//! A name is resolved against its registry at most once per [`RECHECK`] (a cached image costs
//! one manifest request, no blob traffic); a digest reference never needs the registry once
//! cached; when the registry cannot be reached, a cached image is used as it is. Concurrent
//! jobs naming the same image wait for one pull.

mod credentials;
pub(crate) mod reference;
mod registry;
mod unpack;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::env::Env;
use crate::printer::service_log;
use reference::ImageRef;
pub(crate) use registry::{PullError, PullErrorKind};
use registry::{RegistryClient, sha256_digest};

/// How long a resolved name is trusted before its registry is asked again.
pub(crate) const RECHECK: Duration = Duration::from_secs(60);

/// The environment variable naming Docker Hub mirrors (comma-separated URLs), like Docker's
/// `registry-mirrors`; `hailctl batch serve --registry-mirror` adds to it.
pub(crate) const MIRRORS_ENV_VAR: &str = "HAILCTL_REGISTRY_MIRRORS";

/// What a job needs of an image's configuration (OCI image config `config`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ImageConfig {
    /// `ENV`, in order.
    pub env: Vec<(String, String)>,
    /// `WORKDIR`, empty when unset.
    pub working_dir: String,
    /// `USER`, empty when unset.
    pub user: String,
}

impl ImageConfig {
    fn from_json(config: &Value) -> ImageConfig {
        let c = config.get("config").unwrap_or(&Value::Null);
        let text = |key: &str| {
            c.get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let env = c
            .get("Env")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter_map(|kv| {
                kv.split_once('=')
                    .map(|(k, v)| (k.to_string(), v.to_string()))
            })
            .collect();
        ImageConfig {
            env,
            working_dir: text("WorkingDir"),
            user: text("User"),
        }
    }
}

/// An image ready to run.
#[derive(Clone, Debug)]
pub(crate) struct PulledImage {
    /// The manifest digest the name resolved to.
    pub digest: String,
    /// The unpacked root filesystem.
    pub rootfs: PathBuf,
    pub config: ImageConfig,
    /// Whether this request downloaded anything.
    pub downloaded: bool,
}

/// A cached image, for `hailctl batch serve --images`.
#[derive(Clone, Debug)]
pub(crate) struct CachedImage {
    pub reference: String,
    pub digest: String,
    pub size_bytes: u64,
    pub pulled_at_ms: i64,
}

type Slot = Arc<tokio::sync::Mutex<Option<(Instant, PulledImage)>>>;

/// The image cache and puller of one service.
#[derive(Debug)]
pub(crate) struct ImageStore {
    dir: PathBuf,
    registry: RegistryClient,
    slots: std::sync::Mutex<HashMap<String, Slot>>,
}

impl ImageStore {
    /// The store in `dir` (created 0700), pulling with `env`'s credentials through `mirrors`
    /// (plus those of [`MIRRORS_ENV_VAR`]).
    pub(crate) fn new(
        dir: PathBuf,
        env: &Env,
        mut mirrors: Vec<String>,
    ) -> Result<ImageStore, String> {
        if let Some(listed) = env.get(MIRRORS_ENV_VAR) {
            mirrors.extend(
                listed
                    .split(',')
                    .map(str::trim)
                    .filter(|m| !m.is_empty())
                    .map(str::to_string),
            );
        }
        for mirror in &mirrors {
            if !(mirror.starts_with("http://") || mirror.starts_with("https://")) {
                return Err(format!(
                    "registry mirror {mirror:?} must be an http:// or https:// URL"
                ));
            }
        }
        for sub in ["blobs/sha256", "roots", "refs", "tmp"] {
            create_private_dir(&dir.join(sub))?;
        }
        Ok(ImageStore {
            registry: RegistryClient::new(env.clone(), mirrors)?,
            dir,
            slots: std::sync::Mutex::new(HashMap::new()),
        })
    }

    /// The image `name`, pulled if needed. Errors carry Hail's `short_error`.
    pub(crate) async fn get(&self, name: &str) -> Result<PulledImage, PullError> {
        let image = ImageRef::parse(name).map_err(|message| PullError {
            kind: PullErrorKind::Invalid,
            message,
        })?;
        let canonical = image.to_string();
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
            slots.entry(canonical.clone()).or_default().clone()
        };
        let mut slot = slot.lock().await;
        if let Some((checked, pulled)) = slot.as_ref()
            && checked.elapsed() < RECHECK
            && pulled.rootfs.is_dir()
        {
            let mut pulled = pulled.clone();
            pulled.downloaded = false;
            return Ok(pulled);
        }
        let cached = self.cached(&canonical);
        if image.digest.is_some()
            && let Some(pulled) = &cached
        {
            *slot = Some((Instant::now(), pulled.clone()));
            return Ok(pulled.clone());
        }
        let pulled = match (self.registry.resolve(&image).await, cached) {
            (Ok((_, manifest)), Some(cached)) if cached.digest == manifest.digest => cached,
            (Ok((source, manifest)), _) => {
                self.pull(&image, &canonical, &source, &manifest).await?
            }
            // Offline, or the registry is down: the copy we have is the best answer.
            (Err(e), Some(cached)) if e.kind == PullErrorKind::CannotPull => {
                service_log!(
                    "using the cached {canonical}: its registry cannot be reached ({})",
                    e.message
                );
                cached
            }
            (Err(e), _) => return Err(e),
        };
        *slot = Some((Instant::now(), pulled.clone()));
        Ok(pulled)
    }

    fn ref_file(&self, canonical: &str) -> PathBuf {
        let key = sha256_digest(canonical.as_bytes());
        let hex_part = key.trim_start_matches("sha256:");
        self.dir
            .join("refs")
            .join(format!("{}.json", &hex_part[..32]))
    }

    fn root_dir(&self, config_digest: &str) -> PathBuf {
        self.dir
            .join("roots")
            .join(config_digest.trim_start_matches("sha256:"))
    }

    /// What `canonical` resolved to last time, if its root is still unpacked.
    fn cached(&self, canonical: &str) -> Option<PulledImage> {
        let text = std::fs::read_to_string(self.ref_file(canonical)).ok()?;
        let record: Value = serde_json::from_str(&text).ok()?;
        let digest = record.get("manifest_digest")?.as_str()?.to_string();
        let config_digest = record.get("config_digest")?.as_str()?;
        let root = self.root_dir(config_digest);
        let config: Value =
            serde_json::from_slice(&std::fs::read(root.join("config.json")).ok()?).ok()?;
        let rootfs = root.join("rootfs");
        rootfs.is_dir().then(|| PulledImage {
            digest,
            rootfs,
            config: ImageConfig::from_json(&config),
            downloaded: false,
        })
    }

    async fn pull(
        &self,
        image: &ImageRef,
        canonical: &str,
        source: &registry::Source,
        manifest: &registry::Manifest,
    ) -> Result<PulledImage, PullError> {
        let started = Instant::now();
        let fail = |message: String| PullError {
            kind: PullErrorKind::CannotPull,
            message,
        };
        let mut total: u64 = 0;
        for blob in std::iter::once(&manifest.config).chain(&manifest.layers) {
            let path = self.blob_path(&blob.digest);
            if path.is_file() {
                continue;
            }
            let tmp = self.dir.join("tmp").join(format!(
                "blob-{}-{}",
                blob.digest.trim_start_matches("sha256:"),
                crate::random::suffix()
            ));
            self.registry
                .fetch_blob(source, &image.repository, blob, &tmp)
                .await?;
            std::fs::rename(&tmp, &path)
                .map_err(|e| fail(format!("cannot store {}: {e}", path.display())))?;
            total += blob.size;
        }
        let config_bytes = std::fs::read(self.blob_path(&manifest.config.digest))
            .map_err(|e| fail(format!("cannot read the image config: {e}")))?;
        let config: Value = serde_json::from_slice(&config_bytes)
            .map_err(|e| fail(format!("malformed image config: {e}")))?;
        let root = self.root_dir(&manifest.config.digest);
        if !root.join("rootfs").is_dir() {
            let staging = self
                .dir
                .join("tmp")
                .join(format!("root-{}", crate::random::suffix()));
            let layers: Vec<(PathBuf, String)> = manifest
                .layers
                .iter()
                .map(|l| (self.blob_path(&l.digest), l.media_type.clone()))
                .collect();
            let (staging_dir, root_dir, config_copy) =
                (staging.clone(), root.clone(), config_bytes.clone());
            let unpacked = tokio::task::spawn_blocking(move || -> Result<(), String> {
                let rootfs = staging_dir.join("rootfs");
                std::fs::create_dir_all(&rootfs).map_err(|e| e.to_string())?;
                for (blob, media_type) in &layers {
                    unpack::apply_layer(blob, media_type, &rootfs)?;
                }
                std::fs::write(staging_dir.join("config.json"), &config_copy)
                    .map_err(|e| e.to_string())?;
                match std::fs::rename(&staging_dir, &root_dir) {
                    Ok(()) => Ok(()),
                    // Unpacked meanwhile by another pull of an image with the same config.
                    Err(_) if root_dir.join("rootfs").is_dir() => {
                        let _ = std::fs::remove_dir_all(&staging_dir);
                        Ok(())
                    }
                    Err(e) => Err(format!("cannot move the unpacked image into place: {e}")),
                }
            })
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
            if let Err(e) = unpacked {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(fail(e));
            }
        }
        let size: u64 = manifest.layers.iter().map(|l| l.size).sum();
        let record = json!({
            "reference": canonical,
            "manifest_digest": manifest.digest,
            "config_digest": manifest.config.digest,
            "size": size,
            "pulled_at": super::model::now_ms(),
        });
        write_atomically(&self.ref_file(canonical), record.to_string().as_bytes())
            .map_err(|e| fail(format!("cannot record the image: {e}")))?;
        service_log!(
            "pulled {canonical} ({}, {} layers, {:.1} MiB downloaded) in {:.1}s",
            manifest.digest,
            manifest.layers.len(),
            total as f64 / (1024.0 * 1024.0),
            started.elapsed().as_secs_f64()
        );
        Ok(PulledImage {
            digest: manifest.digest.clone(),
            rootfs: root.join("rootfs"),
            config: ImageConfig::from_json(&config),
            downloaded: true,
        })
    }

    fn blob_path(&self, digest: &str) -> PathBuf {
        self.dir
            .join("blobs/sha256")
            .join(digest.trim_start_matches("sha256:"))
    }
}

/// The Docker Hub mirrors: `flags` (`--registry-mirror`), then those of [`MIRRORS_ENV_VAR`];
/// each must be an http:// or https:// URL.
pub(crate) fn mirrors(env: &Env, flags: &[String]) -> Result<Vec<String>, String> {
    let mut mirrors = flags.to_vec();
    if let Some(listed) = env.get(MIRRORS_ENV_VAR) {
        mirrors.extend(
            listed
                .split(',')
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_string),
        );
    }
    for mirror in &mirrors {
        if !(mirror.starts_with("http://") || mirror.starts_with("https://")) {
            return Err(format!(
                "registry mirror {mirror:?} must be an http:// or https:// URL"
            ));
        }
    }
    Ok(mirrors)
}

/// The images cached in `dir`, newest first.
pub(crate) fn list_cached(dir: &Path) -> Vec<CachedImage> {
    let mut images: Vec<CachedImage> = std::fs::read_dir(dir.join("refs"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .filter_map(|text| serde_json::from_str::<Value>(&text).ok())
        .filter_map(|r| {
            Some(CachedImage {
                reference: r.get("reference")?.as_str()?.to_string(),
                digest: r.get("manifest_digest")?.as_str()?.to_string(),
                size_bytes: r.get("size").and_then(Value::as_u64).unwrap_or(0),
                pulled_at_ms: r.get("pulled_at").and_then(Value::as_i64).unwrap_or(0),
            })
        })
        .collect();
    images.sort_by(|a, b| {
        b.pulled_at_ms
            .cmp(&a.pulled_at_ms)
            .then(a.reference.cmp(&b.reference))
    });
    images
}

/// Removes every cached image from `dir` (names, unpacked roots, blobs). The caller makes sure
/// no service uses the cache. Returns the bytes freed.
pub(crate) fn prune(dir: &Path) -> Result<u64, String> {
    let mut freed = 0;
    for sub in ["refs", "roots", "blobs", "tmp"] {
        let path = dir.join(sub);
        freed += disk_usage(&path);
        match std::fs::remove_dir_all(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot remove {}: {e}", path.display())),
        }
    }
    Ok(freed)
}

fn disk_usage(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if meta.is_dir() {
        std::fs::read_dir(path)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| disk_usage(&e.path()))
            .sum()
    } else {
        meta.len()
    }
}

fn create_private_dir(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::DirBuilderExt as _;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("tmp-{}", crate::random::suffix()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_config_fields() {
        let config = json!({"config": {"Env": ["PATH=/usr/bin", "A=b=c", "junk"],
            "WorkingDir": "/work", "User": "1000:1000"}});
        let c = ImageConfig::from_json(&config);
        assert_eq!(
            c.env,
            vec![
                ("PATH".to_string(), "/usr/bin".to_string()),
                ("A".to_string(), "b=c".to_string())
            ]
        );
        assert_eq!(c.working_dir, "/work");
        assert_eq!(c.user, "1000:1000");
        assert_eq!(ImageConfig::from_json(&json!({})), ImageConfig::default());
    }
}
