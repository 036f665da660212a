//! Staging local files under `remote_tmpdir` for `hailctl batch submit -v`, through the
//! `object_store` crate, so that the job can copy them in as `input_files`:
//!
//! - a local directory or `file://` URL — what the local service reads (and, when
//!   `remote_tmpdir` is unset, a `staging` directory of the service);
//! - `gs://<bucket>[/<path>]` — Google Cloud Storage, with the Google credentials of the
//!   Batch client (Hail's identity), else application default credentials;
//! - `https://<account>.blob.core.windows.net/<container>[/<path>]` — Azure Blob Storage, with
//!   Hail's `AZURE_APPLICATION_CREDENTIALS` service principal, else the Azure conventions
//!   (`AZURE_STORAGE_*`, `AZURE_CLIENT_*` variables) that `object_store` reads.
//!
//! Uploads run concurrently, at most [`MAX_CONCURRENT_UPLOADS`] at a time; the first failure
//! fails the whole staging, and the caller creates nothing on the service before staging
//! succeeded. Large files are uploaded in parts (`object_store`'s buffered writer), never read
//! into memory whole.

use std::path::PathBuf;
use std::sync::Arc;

use futures::{StreamExt, TryStreamExt};
use object_store::ObjectStore;
use object_store::path::Path as ObjectPath;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::client::auth::GoogleTokenProvider;

/// At most this many files are uploaded at the same time.
pub(crate) const MAX_CONCURRENT_UPLOADS: usize = 8;
/// Files are read and sent in pieces of this size.
const CHUNK: usize = 1024 * 1024;

/// What can go wrong while staging.
#[derive(Debug, thiserror::Error)]
pub(crate) enum StagingError {
    /// Hail's `ServiceBackend` message for an unusable `remote_tmpdir`.
    #[error(
        "remote_tmpdir must be a storage uri path like gs://bucket/folder. Received: {0}. \
         Possible schemes include gs for GCP and https for Azure"
    )]
    Scheme(String),
    #[error(
        "remote_tmpdir {0} is not an Azure Blob Storage URL: expected \
         https://<account>.blob.core.windows.net/<container>[/<path>]"
    )]
    NotAzure(String),
    /// A local `remote_tmpdir` must say where it is: a relative path would stage files under
    /// whatever directory the command runs in.
    #[error(
        "remote_tmpdir {0} is a relative path: give an absolute directory (/scratch/hail), a \
         file:// URL or a cloud URL (gs://bucket/folder)"
    )]
    Relative(String),
    #[error("remote_tmpdir {url} names no {what}")]
    Incomplete { url: String, what: &'static str },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot create the staging directory {}: {source}", path.display())]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot stage {} to {url}: {source}", path.display())]
    Upload {
        path: PathBuf,
        url: String,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("cannot use {url} for staging: {source}")]
    Store {
        url: String,
        source: object_store::Error,
    },
    #[error("cannot delete the scratch files under {url}: {source}")]
    Delete {
        url: String,
        source: object_store::Error,
    },
}

/// Where staged files go: a parsed `remote_tmpdir`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Location {
    /// A directory on this machine (absolute).
    Local(PathBuf),
    /// `gs://<bucket>/<prefix>`.
    Gcs { bucket: String, prefix: String },
    /// `https://<account>.blob.core.windows.net/<container>/<prefix>`.
    Azure {
        account: String,
        container: String,
        prefix: String,
    },
}

const AZURE_HOST_SUFFIX: &str = ".blob.core.windows.net";

impl Location {
    /// Parses a `remote_tmpdir` value. Trailing slashes are dropped (as Hail does); an absolute
    /// path, or a `file://` URL, is a local directory; a relative path is refused.
    pub(crate) fn parse(value: &str) -> Result<Location, StagingError> {
        if let Some(rest) = value.strip_prefix("gs://") {
            let rest = rest.trim_end_matches('/');
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(StagingError::Incomplete {
                    url: value.to_string(),
                    what: "bucket",
                });
            }
            return Ok(Location::Gcs {
                bucket: bucket.to_string(),
                prefix: clean_prefix(prefix),
            });
        }
        if let Some(rest) = value.strip_prefix("https://") {
            let rest = rest.trim_end_matches('/');
            let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
            let Some(account) = host
                .strip_suffix(AZURE_HOST_SUFFIX)
                .filter(|a| !a.is_empty() && !a.contains('.'))
            else {
                return Err(StagingError::NotAzure(value.to_string()));
            };
            let (container, prefix) = path.split_once('/').unwrap_or((path, ""));
            if container.is_empty() {
                return Err(StagingError::Incomplete {
                    url: value.to_string(),
                    what: "container",
                });
            }
            return Ok(Location::Azure {
                account: account.to_string(),
                container: container.to_string(),
                prefix: clean_prefix(prefix),
            });
        }
        let local = match value.strip_prefix("file://") {
            Some(path) => path,
            None if value.contains("://") => {
                return Err(StagingError::Scheme(value.to_string()));
            }
            None => value,
        };
        if local.is_empty() {
            return Err(StagingError::Scheme(value.to_string()));
        }
        // `/` and `file:///` trim to nothing: the root directory.
        let local = match local.trim_end_matches('/') {
            "" => "/",
            trimmed => trimmed,
        };
        if !local.starts_with('/') {
            return Err(StagingError::Relative(value.to_string()));
        }
        Ok(Location::Local(PathBuf::from(local)))
    }

    /// Whether a Batch service in the cloud can read from here.
    pub(crate) fn is_cloud(&self) -> bool {
        !matches!(self, Location::Local(_))
    }

    /// The URL (or absolute `file://` URL) of `relative` under this location, as the job's
    /// `input_files` name it.
    pub(crate) fn url(&self, relative: &str) -> String {
        // The object's name as the store writes it (unusual characters percent-encoded).
        let relative = ObjectPath::from(relative);
        let relative = relative.as_ref();
        let join = |base: String, prefix: &str| {
            let mut url = base;
            for part in [prefix, relative] {
                if !part.is_empty() {
                    url.push('/');
                    url.push_str(part);
                }
            }
            url
        };
        match self {
            Location::Local(dir) => join(
                format!("file://{}", dir.display().to_string().trim_end_matches('/')),
                "",
            ),
            Location::Gcs { bucket, prefix } => join(format!("gs://{bucket}"), prefix),
            Location::Azure {
                account,
                container,
                prefix,
            } => join(
                format!("https://{account}{AZURE_HOST_SUFFIX}/{container}"),
                prefix,
            ),
        }
    }

    /// The object path of `relative` in this location's store.
    fn object_path(&self, relative: &str) -> ObjectPath {
        let full = match self {
            Location::Local(_) => relative.to_string(),
            Location::Gcs { prefix, .. } | Location::Azure { prefix, .. } if prefix.is_empty() => {
                relative.to_string()
            }
            Location::Gcs { prefix, .. } | Location::Azure { prefix, .. } => {
                format!("{prefix}/{relative}")
            }
        };
        ObjectPath::from(full)
    }
}

/// A prefix without empty segments (`a//b/` → `a/b`).
fn clean_prefix(prefix: &str) -> String {
    prefix
        .split('/')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

impl StagingError {
    /// What to do about it, when the cause is a missing credential (the cloud stores report a
    /// failed token request, or a refusal, in their own words).
    pub(crate) fn hint(&self) -> Option<String> {
        let StagingError::Upload { url, source, .. } = self else {
            return None;
        };
        let text = source.to_string();
        let credentials = ["token request", "401", "403", "credential", "Unauthorized"]
            .iter()
            .any(|m| text.contains(m));
        if !credentials {
            return None;
        }
        Some(if url.starts_with("gs://") {
            "no usable Google credentials: run `hailctl auth login`, or set \
             GOOGLE_APPLICATION_CREDENTIALS to a service account key file (docs/batch.md, Staging)"
                .to_string()
        } else {
            "no usable Azure credentials: set AZURE_APPLICATION_CREDENTIALS or the \
             AZURE_STORAGE_* variables (docs/batch.md, Staging)"
                .to_string()
        })
    }
}

/// One file to stage: the local source and its path under the location.
#[derive(Debug, Clone)]
pub(crate) struct Upload {
    pub source: PathBuf,
    /// `/`-separated path under the location (e.g. `<uid>/<hex>/inputs/<root>/<name>`).
    pub relative: String,
}

/// Credentials for the cloud stores, found by the caller.
#[derive(Default)]
pub(crate) struct Credentials {
    /// The Batch client's Google identity.
    pub(crate) google: Option<Arc<GoogleTokenProvider>>,
    /// `GOOGLE_APPLICATION_CREDENTIALS` (used when there is no identity).
    pub google_application_credentials: Option<String>,
    /// Contents of Hail's `AZURE_APPLICATION_CREDENTIALS` file (`appId`, `password`, `tenant`).
    pub azure_service_principal: Option<(String, String, String)>,
}

/// Uploads files to one [`Location`].
pub(crate) struct Stager {
    location: Location,
    store: Arc<dyn ObjectStore>,
}

impl std::fmt::Debug for Stager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stager")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

/// Adapts the Batch client's Google token provider to `object_store`.
#[derive(Debug)]
struct GoogleCredentials(Arc<GoogleTokenProvider>);

#[async_trait::async_trait]
impl object_store::CredentialProvider for GoogleCredentials {
    type Credential = object_store::gcp::GcpCredential;

    async fn get_credential(&self) -> object_store::Result<Arc<Self::Credential>> {
        let token = self
            .0
            .access_token()
            .await
            .map_err(|e| object_store::Error::Generic {
                store: "GCS",
                source: Box::new(e),
            })?;
        Ok(Arc::new(object_store::gcp::GcpCredential {
            bearer: token.expose().to_string(),
        }))
    }
}

impl Stager {
    /// A stager for `location` with the real store for its kind.
    pub(crate) fn new(
        location: Location,
        credentials: Credentials,
    ) -> Result<Stager, StagingError> {
        let url = location.url("");
        let store_error = |source| StagingError::Store {
            url: url.clone(),
            source,
        };
        let store: Arc<dyn ObjectStore> = match &location {
            Location::Local(dir) => {
                std::fs::create_dir_all(dir).map_err(|source| StagingError::CreateDir {
                    path: dir.clone(),
                    source,
                })?;
                Arc::new(
                    object_store::local::LocalFileSystem::new_with_prefix(dir)
                        .map_err(store_error)?,
                )
            }
            Location::Gcs { bucket, .. } => {
                let mut builder =
                    object_store::gcp::GoogleCloudStorageBuilder::new().with_bucket_name(bucket);
                if let Some(provider) = credentials.google {
                    builder = builder.with_credentials(Arc::new(GoogleCredentials(provider)));
                } else if let Some(path) = credentials.google_application_credentials {
                    builder = builder.with_application_credentials(path);
                }
                Arc::new(builder.build().map_err(store_error)?)
            }
            Location::Azure {
                account, container, ..
            } => {
                // The Azure conventions (AZURE_STORAGE_ACCOUNT_KEY, AZURE_CLIENT_ID, ...) are
                // read by object_store itself, as every Azure tool does.
                let mut builder = object_store::azure::MicrosoftAzureBuilder::from_env()
                    .with_account(account)
                    .with_container_name(container);
                if let Some((app_id, password, tenant)) = credentials.azure_service_principal {
                    builder = builder.with_client_secret_authorization(app_id, password, tenant);
                }
                Arc::new(builder.build().map_err(store_error)?)
            }
        };
        Ok(Stager { location, store })
    }

    /// A stager writing to `store` as if it were `location` (tests: an in-memory store).
    #[cfg(test)]
    pub(crate) fn with_store(location: Location, store: Arc<dyn ObjectStore>) -> Stager {
        Stager { location, store }
    }

    #[cfg(test)]
    pub(crate) fn location(&self) -> &Location {
        &self.location
    }

    /// Uploads every file, [`MAX_CONCURRENT_UPLOADS`] at a time; `progress` is called with
    /// the number of bytes sent as they go. The first failure is returned (the other uploads
    /// are dropped).
    pub(crate) async fn upload(
        &self,
        files: &[Upload],
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<(), StagingError> {
        futures::stream::iter(files.iter().map(|file| self.upload_one(file, progress)))
            .buffer_unordered(MAX_CONCURRENT_UPLOADS)
            .try_collect::<()>()
            .await
    }

    async fn upload_one(
        &self,
        file: &Upload,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<(), StagingError> {
        let read_error = |source| StagingError::Read {
            path: file.source.clone(),
            source,
        };
        let upload_error =
            |source: Box<dyn std::error::Error + Send + Sync>| StagingError::Upload {
                path: file.source.clone(),
                url: self.location.url(&file.relative),
                source,
            };
        let mut input = tokio::fs::File::open(&file.source)
            .await
            .map_err(read_error)?;
        let mut writer = object_store::buffered::BufWriter::new(
            self.store.clone(),
            self.location.object_path(&file.relative),
        );
        let mut buffer = vec![0u8; CHUNK];
        loop {
            let n = input.read(&mut buffer).await.map_err(read_error)?;
            if n == 0 {
                break;
            }
            if let Err(e) = writer.write_all(&buffer[..n]).await {
                // Leaves no half-written object behind (aborts a multipart upload).
                let _ = writer.abort().await;
                return Err(upload_error(Box::new(e)));
            }
            progress(n as u64);
        }
        writer
            .shutdown()
            .await
            .map_err(|e| upload_error(Box::new(e)))
    }

    /// Deletes everything under `relative` (a batch's scratch: `--delete-scratch`).
    pub(crate) async fn delete_prefix(&self, relative: &str) -> Result<(), StagingError> {
        let url = self.location.url(relative);
        let prefix = self.location.object_path(relative);
        let locations = self
            .store
            .list(Some(&prefix))
            .map_ok(|meta| meta.location)
            .boxed();
        self.store
            .delete_stream(locations)
            .try_collect::<Vec<_>>()
            .await
            .map_err(|source| StagingError::Delete {
                url: url.clone(),
                source,
            })?;
        if let Location::Local(dir) = &self.location {
            // The object store removes files; their directories stay behind.
            let _ = std::fs::remove_dir_all(dir.join(relative));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use object_store::ObjectStoreExt;
    use object_store::memory::InMemory;

    fn parse(value: &str) -> Result<Location, StagingError> {
        Location::parse(value)
    }

    #[test]
    fn remote_tmpdirs_parse_like_hail() {
        let gcs = |bucket: &str, prefix: &str| Location::Gcs {
            bucket: bucket.into(),
            prefix: prefix.into(),
        };
        assert_eq!(parse("gs://b/tmp/").expect("gs"), gcs("b", "tmp"));
        assert_eq!(parse("gs://b/t//").expect("gs"), gcs("b", "t"));
        assert_eq!(parse("gs://b").expect("gs"), gcs("b", ""));
        assert_eq!(parse("gs://b/a//c").expect("gs"), gcs("b", "a/c"));
        assert!(matches!(
            parse("gs://"),
            Err(StagingError::Incomplete { what: "bucket", .. })
        ));
        assert_eq!(
            parse("https://acct.blob.core.windows.net/cont/tmp/").expect("azure"),
            Location::Azure {
                account: "acct".into(),
                container: "cont".into(),
                prefix: "tmp".into(),
            }
        );
        assert!(matches!(
            parse("https://acct.blob.core.windows.net"),
            Err(StagingError::Incomplete {
                what: "container",
                ..
            })
        ));
        assert!(matches!(
            parse("https://example.org/x"),
            Err(StagingError::NotAzure(_))
        ));
        let err = parse("s3://x/y").expect_err("s3");
        assert_eq!(
            err.to_string(),
            "remote_tmpdir must be a storage uri path like gs://bucket/folder. Received: \
             s3://x/y. Possible schemes include gs for GCP and https for Azure"
        );
        assert_eq!(
            parse("file:///tmp/x/").expect("file"),
            Location::Local("/tmp/x".into())
        );
        for relative in ["scratch", "./scratch", "file://scratch"] {
            assert!(
                matches!(parse(relative), Err(StagingError::Relative(_))),
                "{relative}"
            );
        }
        assert_eq!(parse("/").expect("root"), Location::Local("/".into()));
    }

    #[test]
    fn urls_and_object_paths() {
        let gcs = parse("gs://b/tmp").expect("gs");
        assert_eq!(gcs.url("u/x/f.txt"), "gs://b/tmp/u/x/f.txt");
        assert_eq!(gcs.object_path("u/x/f.txt").as_ref(), "tmp/u/x/f.txt");
        let root = parse("gs://b").expect("gs");
        assert_eq!(root.url("f"), "gs://b/f");
        assert_eq!(root.object_path("f").as_ref(), "f");
        let azure = parse("https://acct.blob.core.windows.net/cont/p/q").expect("azure");
        assert_eq!(
            azure.url("u/f"),
            "https://acct.blob.core.windows.net/cont/p/q/u/f"
        );
        assert_eq!(azure.object_path("u/f").as_ref(), "p/q/u/f");
        let local = parse("/data/tmp/").expect("local");
        assert_eq!(local.url("u/f"), "file:///data/tmp/u/f");
        assert_eq!(local.object_path("u/f").as_ref(), "u/f");
        assert!(gcs.is_cloud() && azure.is_cloud() && !local.is_cloud());
    }

    #[tokio::test]
    async fn uploads_reach_the_store_and_count_bytes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut files = Vec::new();
        let mut total = 0;
        for i in 0..20 {
            let path = dir.path().join(format!("f{i}"));
            let body = vec![b'a' + (i as u8 % 26); 1000 * i + 1];
            total += body.len() as u64;
            std::fs::write(&path, &body).expect("write");
            files.push(Upload {
                source: path,
                relative: format!("batch/{i}/f{i}"),
            });
        }
        // A file bigger than one chunk, to cross the writer's buffering.
        let big = dir.path().join("big");
        std::fs::write(&big, vec![7u8; 3 * CHUNK + 5]).expect("write");
        total += (3 * CHUNK + 5) as u64;
        files.push(Upload {
            source: big,
            relative: "batch/big".into(),
        });
        let store = Arc::new(InMemory::new());
        let stager = Stager::with_store(parse("gs://b/tmp").expect("gs"), store.clone());
        let sent = std::sync::atomic::AtomicU64::new(0);
        stager
            .upload(&files, &|n| {
                sent.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
            })
            .await
            .expect("upload");
        assert_eq!(sent.into_inner(), total);
        for file in &files {
            let got = store
                .get(&ObjectPath::from(format!("tmp/{}", file.relative)))
                .await
                .expect("object")
                .bytes()
                .await
                .expect("bytes");
            assert_eq!(got.as_ref(), std::fs::read(&file.source).expect("read"));
        }

        stager.delete_prefix("batch").await.expect("delete");
        let left: Vec<_> = store.list(None).try_collect().await.expect("list");
        assert!(left.is_empty(), "scratch deleted: {left:?}");
    }

    #[tokio::test]
    async fn a_missing_source_fails_the_staging_naming_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let good = dir.path().join("good");
        std::fs::write(&good, "x").expect("write");
        let files = [
            Upload {
                source: good,
                relative: "u/good".into(),
            },
            Upload {
                source: dir.path().join("missing"),
                relative: "u/missing".into(),
            },
        ];
        let stager = Stager::with_store(
            parse("https://acct.blob.core.windows.net/c").expect("azure"),
            Arc::new(InMemory::new()),
        );
        let err = stager.upload(&files, &|_| {}).await.expect_err("missing");
        assert!(
            matches!(&err, StagingError::Read { path, .. } if path.ends_with("missing")),
            "{err}"
        );
    }

    #[tokio::test]
    async fn local_staging_writes_files_the_service_can_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let source = dir.path().join("in.txt");
        std::fs::write(&source, "hello").expect("write");
        let root = dir.path().join("staging/area");
        let location = Location::parse(&format!("file://{}/", root.display())).expect("location");
        let stager = Stager::new(location, Credentials::default()).expect("stager");
        let upload = Upload {
            source,
            relative: "u1/abc/inputs/r/in.txt".into(),
        };
        stager
            .upload(std::slice::from_ref(&upload), &|_| {})
            .await
            .expect("upload");
        let url = stager.location().url(&upload.relative);
        let path = url.strip_prefix("file://").expect("file url");
        assert_eq!(std::fs::read_to_string(path).expect("staged"), "hello");
        stager.delete_prefix("u1").await.expect("delete");
        assert!(!root.join("u1").exists());
        assert!(root.exists(), "only the batch's scratch is deleted");
    }
}
