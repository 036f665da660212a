//! The client side of the OCI distribution API (`/v2/`): manifests (with the multi-platform
//! index resolved to this machine's platform), blobs checked against their digests, and the
//! registry's token or basic authentication.
//!
//! Where an image is fetched from: Docker Hub images go to each configured mirror in turn and
//! then to Docker Hub itself, as Docker's `registry-mirrors` do; other registries are asked
//! directly, over HTTPS, or plain HTTP when the registry is on loopback (as Docker allows).

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use aws_lc_rs::digest::{Context, SHA256};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, WWW_AUTHENTICATE};
use serde_json::Value;
use tokio::io::AsyncWriteExt as _;

use super::credentials::{Credentials, docker_credentials, is_google_registry};
use super::reference::{ImageRef, is_loopback_host};
use crate::client::auth::{Secret, application_default_access_token};
use crate::env::Env;

/// Media types of manifests this client understands, as sent in `Accept`.
const MANIFEST_TYPES: &str = "application/vnd.oci.image.index.v1+json, \
    application/vnd.docker.distribution.manifest.list.v2+json, \
    application/vnd.oci.image.manifest.v1+json, \
    application/vnd.docker.distribution.manifest.v2+json";

/// How many times a request that failed for a transient reason (connection, 5xx, 429) is sent.
const ATTEMPTS: u32 = 3;

/// Why an image could not be pulled, in Hail's words (`short_error`) and ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PullError {
    pub kind: PullErrorKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PullErrorKind {
    /// The registry answered that the repository, tag or digest does not exist.
    NotFound,
    /// The name cannot name an image.
    Invalid,
    /// Anything else: unreachable registry, refused credentials, bad content.
    CannotPull,
}

impl PullErrorKind {
    /// The job status' `short_error` (batch-semantics §6.9).
    pub(crate) fn short_error(self) -> &'static str {
        match self {
            PullErrorKind::NotFound => "image not found",
            PullErrorKind::Invalid => "image repository is invalid",
            PullErrorKind::CannotPull => "image cannot be pulled",
        }
    }
}

fn cannot_pull(message: impl Into<String>) -> PullError {
    PullError {
        kind: PullErrorKind::CannotPull,
        message: message.into(),
    }
}

/// One place an image can be fetched from.
#[derive(Clone, Debug)]
pub(crate) struct Source {
    /// `scheme://host[:port]`, no trailing slash.
    pub base: String,
    /// The registry name credentials are looked up under.
    pub registry: String,
}

/// A blob's address and size, from a manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Descriptor {
    pub media_type: String,
    pub digest: String,
    pub size: u64,
}

/// A single-platform image manifest.
#[derive(Clone, Debug)]
pub(crate) struct Manifest {
    /// The digest of the manifest the name resolved to (the index's, for multi-platform
    /// images: what `docker pull` prints).
    pub digest: String,
    pub config: Descriptor,
    pub layers: Vec<Descriptor>,
}

/// The OCI platform names of this machine.
fn platform() -> (&'static str, &'static str) {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "powerpc64" => "ppc64le",
        other => other,
    };
    ("linux", arch)
}

/// Pulls manifests and blobs, holding the tokens of the registries it has talked to.
#[derive(Debug)]
pub(crate) struct RegistryClient {
    http: reqwest::Client,
    env: Env,
    /// Mirrors of Docker Hub, `scheme://host[:port]`.
    mirrors: Vec<String>,
    /// `Authorization` values by (base, repository).
    tokens: tokio::sync::Mutex<HashMap<(String, String), String>>,
}

impl RegistryClient {
    pub(crate) fn new(env: Env, mirrors: Vec<String>) -> Result<RegistryClient, String> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .read_timeout(Duration::from_secs(60))
            .user_agent(concat!("hailctl/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot create the registry client: {e}"))?;
        Ok(RegistryClient {
            http,
            env,
            mirrors: mirrors
                .into_iter()
                .map(|m| m.trim_end_matches('/').to_string())
                .collect(),
            tokens: tokio::sync::Mutex::new(HashMap::new()),
        })
    }

    /// Where `image` can be fetched from, in the order to try.
    pub(crate) fn sources(&self, image: &ImageRef) -> Vec<Source> {
        let mut sources: Vec<Source> = Vec::new();
        if image.is_docker_hub() {
            for mirror in &self.mirrors {
                let registry = mirror
                    .split_once("://")
                    .map_or(mirror.as_str(), |(_, rest)| rest)
                    .to_string();
                sources.push(Source {
                    base: mirror.clone(),
                    registry,
                });
            }
        }
        let host = image.api_host();
        let scheme = if is_loopback_host(host) {
            "http"
        } else {
            "https"
        };
        sources.push(Source {
            base: format!("{scheme}://{host}"),
            registry: image.registry.clone(),
        });
        sources
    }

    /// Resolves `image` to its manifest for this platform, trying each source in turn. Returns
    /// the source that answered (blobs are fetched from it too).
    pub(crate) async fn resolve(&self, image: &ImageRef) -> Result<(Source, Manifest), PullError> {
        let mut failures: Vec<(String, PullError)> = Vec::new();
        for source in self.sources(image) {
            match self.manifest(&source, image).await {
                Ok(manifest) => return Ok((source, manifest)),
                Err(e) => failures.push((source.base.clone(), e)),
            }
        }
        // One source: its error. Several (mirrors, then Docker Hub): each, and "not found" if
        // any source said so and none could say otherwise.
        if failures.len() == 1 {
            return Err(failures.remove(0).1);
        }
        let kind = if failures
            .iter()
            .any(|(_, e)| e.kind == PullErrorKind::NotFound)
        {
            PullErrorKind::NotFound
        } else {
            PullErrorKind::CannotPull
        };
        let message = failures
            .iter()
            .map(|(base, e)| format!("{base}: {}", e.message))
            .collect::<Vec<_>>()
            .join("; ");
        Err(PullError { kind, message })
    }

    async fn manifest(&self, source: &Source, image: &ImageRef) -> Result<Manifest, PullError> {
        let reference = image.manifest_reference();
        let (body, media_type, digest) = self.fetch_manifest(source, image, reference).await?;
        if let Some(pinned) = &image.digest
            && &digest != pinned
        {
            return Err(cannot_pull(format!(
                "the registry answered a manifest with digest {digest}, not {pinned}"
            )));
        }
        let doc: Value = serde_json::from_slice(&body)
            .map_err(|e| cannot_pull(format!("malformed manifest: {e}")))?;
        if doc.get("manifests").is_some()
            || media_type.contains("index")
            || media_type.contains("list")
        {
            let (os, arch) = platform();
            let chosen = doc
                .get("manifests")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .find(|m| {
                    let p = m.get("platform");
                    p.and_then(|p| p.get("os")).and_then(Value::as_str) == Some(os)
                        && p.and_then(|p| p.get("architecture"))
                            .and_then(Value::as_str)
                            == Some(arch)
                })
                .and_then(|m| m.get("digest").and_then(Value::as_str))
                .ok_or_else(|| {
                    cannot_pull(format!("the image has no variant for platform {os}/{arch}"))
                })?
                .to_string();
            let (body, _, _) = self.fetch_manifest(source, image, &chosen).await?;
            let doc: Value = serde_json::from_slice(&body)
                .map_err(|e| cannot_pull(format!("malformed manifest {chosen}: {e}")))?;
            return parse_image_manifest(&doc, digest);
        }
        parse_image_manifest(&doc, digest)
    }

    /// GETs a manifest: its bytes, media type and digest.
    async fn fetch_manifest(
        &self,
        source: &Source,
        image: &ImageRef,
        reference: &str,
    ) -> Result<(Vec<u8>, String, String), PullError> {
        let url = format!(
            "{}/v2/{}/manifests/{reference}",
            source.base, image.repository
        );
        let response = self
            .get(source, &image.repository, &url, Some(MANIFEST_TYPES))
            .await?;
        let status = response.status();
        if status == StatusCode::NOT_FOUND {
            return Err(PullError {
                kind: PullErrorKind::NotFound,
                message: format!("{}:{reference} was not found", image.repository),
            });
        }
        if !status.is_success() {
            return Err(status_error(
                status,
                response.text().await.unwrap_or_default(),
            ));
        }
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| cannot_pull(format!("reading the manifest: {e}")))?
            .to_vec();
        if body.len() > 4 << 20 {
            return Err(cannot_pull("the manifest is larger than 4 MiB"));
        }
        let computed = sha256_digest(&body);
        let digest = match header(&headers, "docker-content-digest") {
            // The header names the digest of the bytes sent; a mismatch is a broken proxy.
            Some(d) if d == computed || !d.starts_with("sha256:") => computed,
            Some(d) => {
                return Err(cannot_pull(format!(
                    "the manifest's bytes do not match its digest {d}"
                )));
            }
            None => computed,
        };
        if reference.starts_with("sha256:") && reference != digest {
            return Err(cannot_pull(format!(
                "the manifest's bytes do not match the digest {reference}"
            )));
        }
        let media_type = header(&headers, CONTENT_TYPE.as_str()).unwrap_or_default();
        Ok((body, media_type, digest))
    }

    /// Downloads the blob `descriptor` of `repository` into `dest` (created), checking its
    /// digest and size as it streams.
    pub(crate) async fn fetch_blob(
        &self,
        source: &Source,
        repository: &str,
        descriptor: &Descriptor,
        dest: &Path,
    ) -> Result<(), PullError> {
        let url = format!(
            "{}/v2/{repository}/blobs/{}",
            source.base, descriptor.digest
        );
        let mut last = None;
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_millis(500 << attempt)).await;
            }
            match self
                .try_fetch_blob(source, repository, &url, descriptor, dest)
                .await
            {
                Ok(()) => return Ok(()),
                Err((e, transient)) => {
                    let _ = tokio::fs::remove_file(dest).await;
                    if !transient {
                        return Err(e);
                    }
                    last = Some(e);
                }
            }
        }
        Err(last.unwrap_or_else(|| cannot_pull("blob download failed")))
    }

    async fn try_fetch_blob(
        &self,
        source: &Source,
        repository: &str,
        url: &str,
        descriptor: &Descriptor,
        dest: &Path,
    ) -> Result<(), (PullError, bool)> {
        let what = &descriptor.digest;
        let mut response = self
            .get(source, repository, url, None)
            .await
            .map_err(|e| (e, false))?;
        let status = response.status();
        if !status.is_success() {
            let transient = status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS;
            return Err((status_error(status, format!("blob {what}")), transient));
        }
        let mut file = tokio::fs::File::create(dest).await.map_err(|e| {
            (
                cannot_pull(format!("cannot create {}: {e}", dest.display())),
                false,
            )
        })?;
        let mut hash = Context::new(&SHA256);
        let mut size: u64 = 0;
        loop {
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(e) => return Err((cannot_pull(format!("downloading {what}: {e}")), true)),
            };
            size += chunk.len() as u64;
            if size > descriptor.size && descriptor.size > 0 {
                return Err((
                    cannot_pull(format!("{what} is larger than its manifest says")),
                    false,
                ));
            }
            hash.update(&chunk);
            file.write_all(&chunk).await.map_err(|e| {
                (
                    cannot_pull(format!("writing {}: {e}", dest.display())),
                    false,
                )
            })?;
        }
        file.flush().await.map_err(|e| {
            (
                cannot_pull(format!("writing {}: {e}", dest.display())),
                false,
            )
        })?;
        let got = format!("sha256:{}", hex(hash.finish().as_ref()));
        if &got != what {
            return Err((
                cannot_pull(format!("downloaded {what} but its content hashes to {got}")),
                true,
            ));
        }
        Ok(())
    }

    /// A GET with this repository's credentials, answering a 401 challenge once and retrying
    /// transient failures.
    async fn get(
        &self,
        source: &Source,
        repository: &str,
        url: &str,
        accept: Option<&str>,
    ) -> Result<reqwest::Response, PullError> {
        let key = (source.base.clone(), repository.to_string());
        let mut authorization = self.tokens.lock().await.get(&key).cloned();
        let mut challenged = false;
        let mut attempt = 0;
        loop {
            let mut request = self.http.get(url);
            if let Some(accept) = accept {
                request = request.header(ACCEPT, accept);
            }
            if let Some(value) = &authorization {
                request = request.header(AUTHORIZATION, value);
            }
            let response = match request.send().await {
                Ok(r) => r,
                Err(e) => {
                    attempt += 1;
                    if attempt < ATTEMPTS && !e.is_builder() {
                        tokio::time::sleep(Duration::from_millis(250 << attempt)).await;
                        continue;
                    }
                    return Err(cannot_pull(format!(
                        "cannot reach {}: {}",
                        source.base,
                        error_chain(&e)
                    )));
                }
            };
            let status = response.status();
            if status == StatusCode::UNAUTHORIZED && !challenged {
                challenged = true;
                let challenge =
                    header(response.headers(), WWW_AUTHENTICATE.as_str()).unwrap_or_default();
                let value = self.authenticate(source, repository, &challenge).await?;
                self.tokens.lock().await.insert(key.clone(), value.clone());
                authorization = Some(value);
                continue;
            }
            if (status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS)
                && attempt + 1 < ATTEMPTS
            {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(250 << attempt)).await;
                continue;
            }
            return Ok(response);
        }
    }

    /// Answers a `WWW-Authenticate` challenge: a bearer token from the realm (anonymous, or
    /// with the registry's credentials), or basic credentials.
    async fn authenticate(
        &self,
        source: &Source,
        repository: &str,
        challenge: &str,
    ) -> Result<String, PullError> {
        let credentials = self.credentials(&source.registry).await?;
        let (scheme, params) = parse_challenge(challenge);
        if scheme.eq_ignore_ascii_case("basic") {
            return credentials.map(|c| c.basic()).ok_or_else(|| {
                cannot_pull(format!(
                    "{} requires credentials (docker login {})",
                    source.base, source.registry
                ))
            });
        }
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(cannot_pull(format!(
                "{} asked for an unsupported authentication scheme {scheme:?}",
                source.base
            )));
        }
        let realm = params
            .get("realm")
            .ok_or_else(|| cannot_pull(format!("{}: the challenge names no realm", source.base)))?;
        let scope = params
            .get("scope")
            .cloned()
            .unwrap_or_else(|| format!("repository:{repository}:pull"));
        let mut query: Vec<(&str, &str)> = vec![("scope", scope.as_str())];
        if let Some(service) = params.get("service") {
            query.push(("service", service.as_str()));
        }
        let mut request = self.http.get(realm.as_str()).query(&query);
        if let Some(c) = &credentials {
            request = request.header(AUTHORIZATION, c.basic());
        }
        let response = request
            .send()
            .await
            .map_err(|e| cannot_pull(format!("cannot reach {realm}: {}", error_chain(&e))))?;
        let status = response.status();
        if !status.is_success() {
            let hint = if credentials.is_some() {
                "the registry refused the credentials"
            } else {
                "the registry requires credentials"
            };
            return Err(cannot_pull(format!("{realm} answered {status}: {hint}")));
        }
        let body: Value = response
            .json()
            .await
            .map_err(|e| cannot_pull(format!("{realm}: malformed token answer: {e}")))?;
        let token = body
            .get("token")
            .or_else(|| body.get("access_token"))
            .and_then(Value::as_str)
            .ok_or_else(|| cannot_pull(format!("{realm}: the answer holds no token")))?;
        Ok(format!("Bearer {token}"))
    }

    async fn credentials(&self, registry: &str) -> Result<Option<Credentials>, PullError> {
        if let Some(found) = docker_credentials(&self.env, registry).map_err(cannot_pull)? {
            return Ok(Some(found));
        }
        if is_google_registry(registry) {
            let token = application_default_access_token(&self.env, self.http.clone())
                .await
                .map_err(|e| cannot_pull(format!("Google credentials for {registry}: {e}")))?;
            return Ok(Some(Credentials {
                username: "oauth2accesstoken".into(),
                password: Secret::new(token.expose()),
            }));
        }
        Ok(None)
    }
}

fn parse_image_manifest(doc: &Value, digest: String) -> Result<Manifest, PullError> {
    if doc.get("schemaVersion").and_then(Value::as_i64) == Some(1) {
        return Err(cannot_pull(
            "the image uses Docker's schema 1 manifest, which is no longer supported",
        ));
    }
    let descriptor = |v: &Value| -> Option<Descriptor> {
        let digest = v.get("digest")?.as_str()?;
        let hex_part = digest.strip_prefix("sha256:")?;
        (hex_part.len() == 64 && hex_part.bytes().all(|b| b.is_ascii_hexdigit())).then_some(())?;
        Some(Descriptor {
            media_type: v
                .get("mediaType")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            digest: digest.to_string(),
            size: v.get("size").and_then(Value::as_u64).unwrap_or(0),
        })
    };
    let config = doc
        .get("config")
        .and_then(descriptor)
        .ok_or_else(|| cannot_pull("the manifest has no valid config descriptor"))?;
    let layers = doc
        .get("layers")
        .and_then(Value::as_array)
        .ok_or_else(|| cannot_pull("the manifest has no layers"))?
        .iter()
        .map(|l| descriptor(l).ok_or_else(|| cannot_pull("the manifest has an invalid layer")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Manifest {
        digest,
        config,
        layers,
    })
}

fn status_error(status: StatusCode, what: String) -> PullError {
    let text: String = what.chars().take(300).collect();
    let message = match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            format!("access denied ({status}): {text}")
        }
        _ => format!("the registry answered {status}: {text}"),
    };
    cannot_pull(message)
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// `Bearer realm="https://auth.docker.io/token",service="registry.docker.io"` → scheme and
/// parameters.
fn parse_challenge(text: &str) -> (String, HashMap<String, String>) {
    let text = text.trim();
    let (scheme, rest) = text.split_once(' ').unwrap_or((text, ""));
    let mut params = HashMap::new();
    let mut rest = rest.trim();
    while !rest.is_empty() {
        let Some((key, after)) = rest.split_once('=') else {
            break;
        };
        let key = key
            .trim()
            .trim_start_matches(',')
            .trim()
            .to_ascii_lowercase();
        let after = after.trim_start();
        let (value, tail) = if let Some(quoted) = after.strip_prefix('"') {
            match quoted.find('"') {
                Some(end) => (&quoted[..end], &quoted[end + 1..]),
                None => (quoted, ""),
            }
        } else {
            match after.find(',') {
                Some(end) => (&after[..end], &after[end..]),
                None => (after, ""),
            }
        };
        params.insert(key, value.to_string());
        rest = tail.trim_start().trim_start_matches(',').trim_start();
    }
    (scheme.to_string(), params)
}

/// `sha256:<hex>` of `bytes`.
pub(crate) fn sha256_digest(bytes: &[u8]) -> String {
    format!(
        "sha256:{}",
        hex(aws_lc_rs::digest::digest(&SHA256, bytes).as_ref())
    )
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges() {
        let (scheme, p) = parse_challenge(
            r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull""#,
        );
        assert_eq!(scheme, "Bearer");
        assert_eq!(p["realm"], "https://auth.docker.io/token");
        assert_eq!(p["service"], "registry.docker.io");
        assert_eq!(p["scope"], "repository:library/ubuntu:pull");
        let (scheme, p) = parse_challenge(r#"Basic realm="Registry Realm""#);
        assert_eq!(scheme, "Basic");
        assert_eq!(p["realm"], "Registry Realm");
    }

    #[test]
    fn mirrors_come_first_for_docker_hub_only() {
        let client =
            RegistryClient::new(Env::default(), vec!["http://127.0.0.1:5000/".into()]).unwrap();
        let hub = client.sources(&ImageRef::parse("ubuntu:24.04").unwrap());
        assert_eq!(hub.len(), 2);
        assert_eq!(hub[0].base, "http://127.0.0.1:5000");
        assert_eq!(hub[1].base, "https://registry-1.docker.io");
        let local = client.sources(&ImageRef::parse("localhost:5000/x").unwrap());
        assert_eq!(local.len(), 1);
        assert_eq!(local[0].base, "http://localhost:5000");
        let gar = client.sources(&ImageRef::parse("us-docker.pkg.dev/p/r/x").unwrap());
        assert_eq!(gar[0].base, "https://us-docker.pkg.dev");
    }

    #[test]
    fn manifests_need_a_config_and_layers() {
        let d = format!("sha256:{}", "b".repeat(64));
        let ok = serde_json::json!({"schemaVersion": 2, "config": {"digest": d, "size": 3},
            "layers": [{"digest": d, "size": 5, "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip"}]});
        let m = parse_image_manifest(&ok, "sha256:x".into()).unwrap();
        assert_eq!(m.layers.len(), 1);
        assert!(
            parse_image_manifest(&serde_json::json!({"schemaVersion": 1}), String::new()).is_err()
        );
        let bad = serde_json::json!({"config": {"digest": "sha256:zz"}, "layers": []});
        assert!(parse_image_manifest(&bad, String::new()).is_err());
    }
}
