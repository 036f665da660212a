//! HTTPS for the local service, so that Hail's Python client — which always speaks `https` to a
//! deploy config with location `external` — can use it.
//!
//! - **Certificates.** On the first start with `--tls`, a certificate authority and a server
//!   certificate for `localhost`, `127.0.0.1` and `::1` signed by it are created beside the state
//!   file: `ca.pem` (0644), `server.pem` (0644, the server certificate followed by the CA) and
//!   `server.key` (0600). Later starts reuse them. The CA's private key is never written: it
//!   signs the server certificate and is dropped, so trusting `ca.pem` trusts this one server
//!   certificate and nothing else.
//! - **Listener.** [`TlsListener`] implements axum's [`Listener`] over a TCP listener: it accepts
//!   connections in a background task and runs every handshake in its own task (with a deadline),
//!   so a slow or failed handshake neither blocks other clients nor stops the server. A
//!   connection whose first byte is not a TLS handshake is served as plain HTTP — this is what
//!   keeps the CLI's plain `GET /healthcheck` probe working — but plain requests are honoured
//!   only from loopback peers (see [`service`]).
//! - **Base path.** Hail's client with location `external` and base path `/P` sends requests to
//!   `https://<domain>/P/batch/api/...`; [`with_base_path`] serves the API under
//!   [`SERVICE_PREFIX`] as well as at the root.
//! - **Python environment.** [`python_env`] writes the deploy config and tokens file that point
//!   Hail's Python client at a running TLS service and returns the shell lines that select them.

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use axum::Router;
use axum::extract::Request;
use axum::extract::connect_info::{ConnectInfo, Connected, IntoMakeServiceWithConnectInfo};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::serve::{IncomingStream, Listener};
use rand::Rng;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, mpsc};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

pub(crate) use tokio_rustls::TlsAcceptor;

use super::http::ApiError;
use super::state::{ServicePaths, ServiceState, create_private_dir};

/// The deploy-config `base_path` that [`python_env`] writes.
pub(crate) const BASE_PATH: &str = "/local";
/// Where Hail's client looks for the service `batch` with base path [`BASE_PATH`].
pub(crate) const SERVICE_PREFIX: &str = "/local/batch";
/// How long a client may take to send its first byte and finish the TLS handshake.
pub(crate) const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// Handshakes in progress at once; further connections wait in the kernel's backlog.
const MAX_PENDING_HANDSHAKES: usize = 256;
/// The names the server certificate is valid for.
const SERVER_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

// ---------------------------------------------------------------------------------------------
// Certificates

/// The certificate files of the local service, in its state directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TlsFiles {
    /// The CA certificate clients trust (0644).
    pub ca: PathBuf,
    /// The server certificate chain: server certificate, then CA (0644).
    pub cert: PathBuf,
    /// The server's private key (0600).
    pub key: PathBuf,
}

impl TlsFiles {
    pub(crate) fn in_dir(state_dir: &Path) -> Self {
        TlsFiles {
            ca: state_dir.join("ca.pem"),
            cert: state_dir.join("server.pem"),
            key: state_dir.join("server.key"),
        }
    }

    pub(crate) fn of(paths: &ServicePaths) -> Self {
        Self::in_dir(&paths.state_dir)
    }
}

/// The server's certificate chain and key, loaded from [`TlsFiles`].
pub(crate) struct ServerIdentity {
    pub files: TlsFiles,
    pub chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
}

impl std::fmt::Debug for ServerIdentity {
    // The key is a secret: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerIdentity")
            .field("files", &self.files)
            .field("chain", &self.chain.len())
            .field("key", &"<redacted>")
            .finish()
    }
}

/// Loads the certificates in `state_dir`, creating them first if any is missing or unreadable.
///
/// Creation is serialized with a lock file, so services starting together agree on one set.
pub(crate) fn load_or_create(state_dir: &Path) -> Result<ServerIdentity> {
    let files = TlsFiles::in_dir(state_dir);
    if let Ok(identity) = load(&files) {
        return Ok(identity);
    }
    create_private_dir(state_dir)
        .with_context(|| format!("cannot create {}", state_dir.display()))?;
    let lock_path = state_dir.join("tls.lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .and_then(|f| f.lock().map(|()| f))
        .with_context(|| format!("cannot lock {}", lock_path.display()))?;
    // Another service may have created them while we waited.
    if let Ok(identity) = load(&files) {
        return Ok(identity);
    }
    generate(&files)?;
    drop(lock);
    load(&files)
}

/// Reads the certificate chain and key.
fn load(files: &TlsFiles) -> Result<ServerIdentity> {
    let read = |path: &Path| {
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
    };
    let chain = CertificateDer::pem_slice_iter(&read(&files.cert)?)
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("{}: not a PEM certificate chain", files.cert.display()))?;
    if chain.is_empty() {
        bail!("{}: no certificate", files.cert.display());
    }
    let key = PrivateKeyDer::from_pem_slice(&read(&files.key)?)
        .with_context(|| format!("{}: not a PEM private key", files.key.display()))?;
    CertificateDer::from_pem_slice(&read(&files.ca)?)
        .with_context(|| format!("{}: not a PEM certificate", files.ca.display()))?;
    let identity = ServerIdentity {
        files: files.clone(),
        chain,
        key,
    };
    // Also checks that the key belongs to the certificate.
    server_config(&identity)?;
    Ok(identity)
}

/// Creates a new CA and server certificate and writes the three files.
fn generate(files: &TlsFiles) -> Result<()> {
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer,
        KeyPair, KeyUsagePurpose,
    };
    let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
    ca_params.distinguished_name = rcgen::DistinguishedName::new();
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "hailctl local Batch service CA");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    ca_params.serial_number = Some(random_serial());
    let ca_key = KeyPair::generate().context("cannot generate the CA key")?;
    let ca_cert = ca_params
        .self_signed(&ca_key)
        .context("cannot create the CA certificate")?;
    let issuer = Issuer::new(ca_params, ca_key);

    let mut params = CertificateParams::new(
        SERVER_NAMES
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>(),
    )?;
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    params.serial_number = Some(random_serial());
    let key = KeyPair::generate().context("cannot generate the server key")?;
    let cert = params
        .signed_by(&key, &issuer)
        .context("cannot sign the server certificate")?;

    // The key first: a certificate on disk always has its key beside it.
    write_file(&files.key, key.serialize_pem().as_bytes(), 0o600)?;
    write_file(
        &files.cert,
        format!("{}{}", cert.pem(), ca_cert.pem()).as_bytes(),
        0o644,
    )?;
    write_file(&files.ca, ca_cert.pem().as_bytes(), 0o644)?;
    Ok(())
}

/// A random positive 128-bit serial number.
fn random_serial() -> rcgen::SerialNumber {
    let mut bytes: [u8; 16] = rand::rng().random();
    bytes[0] &= 0x7f;
    bytes[0] |= 0x01; // Keep it 16 bytes long and positive.
    rcgen::SerialNumber::from_slice(&bytes)
}

/// Writes `path` atomically with `mode`.
fn write_file(path: &Path, contents: &[u8], mode: u32) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temp = dir.join(format!(".{name}.{}.tmp", crate::random::suffix()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(mode)
            .open(&temp)?;
        file.set_permissions(std::fs::Permissions::from_mode(mode))?;
        file.write_all(contents)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}

/// The rustls configuration serving `identity` (HTTP/1.1 only, like the router).
fn server_config(identity: &ServerIdentity) -> Result<rustls::ServerConfig> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("cannot configure TLS")?
        .with_no_client_auth()
        .with_single_cert(identity.chain.clone(), identity.key.clone_key())
        .with_context(|| {
            format!(
                "{} and {} do not form a usable certificate",
                identity.files.cert.display(),
                identity.files.key.display()
            )
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// The TLS acceptor serving `identity`.
pub(crate) fn acceptor(identity: &ServerIdentity) -> Result<TlsAcceptor> {
    Ok(TlsAcceptor::from(Arc::new(server_config(identity)?)))
}

// ---------------------------------------------------------------------------------------------
// Listener

/// One accepted connection: TLS, or plain HTTP (whose first byte was not a TLS handshake).
pub(crate) enum Connection {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::server::TlsStream<TcpStream>>),
}

impl Connection {
    pub(crate) fn is_tls(&self) -> bool {
        matches!(self, Connection::Tls(_))
    }
}

impl AsyncRead for Connection {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Connection::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Connection::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Connection {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Connection::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Connection::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Connection::Plain(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Connection::Tls(s) => Pin::new(s.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Connection::Plain(s) => s.is_write_vectored(),
            Connection::Tls(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Connection::Plain(s) => Pin::new(s).poll_flush(cx),
            Connection::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Connection::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Connection::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// An axum [`Listener`] serving TLS (and plain HTTP, see the module documentation) on a TCP
/// listener. Must be created inside a Tokio runtime; its background task ends when it is
/// dropped.
pub(crate) struct TlsListener {
    ready: mpsc::Receiver<(Connection, SocketAddr)>,
    local_addr: SocketAddr,
}

impl TlsListener {
    pub(crate) fn new(listener: TcpListener, acceptor: TlsAcceptor) -> std::io::Result<Self> {
        let local_addr = listener.local_addr()?;
        let (tx, ready) = mpsc::channel(64);
        tokio::spawn(accept_loop(listener, acceptor, tx));
        Ok(TlsListener { ready, local_addr })
    }
}

/// Accepts TCP connections and hands each to its own handshake task, until the
/// [`TlsListener`] is dropped.
async fn accept_loop(
    listener: TcpListener,
    acceptor: TlsAcceptor,
    tx: mpsc::Sender<(Connection, SocketAddr)>,
) {
    let pending = Arc::new(Semaphore::new(MAX_PENDING_HANDSHAKES));
    loop {
        let Ok(permit) = pending.clone().acquire_owned().await else {
            return;
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = tx.closed() => return,
        };
        let (tcp, addr) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                if !matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionAborted
                        | std::io::ErrorKind::ConnectionReset
                        | std::io::ErrorKind::ConnectionRefused
                ) {
                    // Out of file descriptors, say: wait a little instead of spinning.
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                continue;
            }
        };
        let acceptor = acceptor.clone();
        let tx = tx.clone();
        tokio::spawn(async move {
            let established = tokio::time::timeout(HANDSHAKE_TIMEOUT, establish(tcp, acceptor));
            // A failed or timed-out handshake only drops that connection.
            if let Ok(Ok(connection)) = established.await {
                drop(permit);
                let _ = tx.send((connection, addr)).await;
            }
        });
    }
}

/// Waits for the client's first byte; a TLS handshake record (0x16) starts TLS.
async fn establish(tcp: TcpStream, acceptor: TlsAcceptor) -> std::io::Result<Connection> {
    let mut first = [0u8; 1];
    if tcp.peek(&mut first).await? == 0 {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    if first[0] == 0x16 {
        Ok(Connection::Tls(Box::new(acceptor.accept(tcp).await?)))
    } else {
        Ok(Connection::Plain(tcp))
    }
}

impl Listener for TlsListener {
    type Io = Connection;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(pair) => pair,
            // The accept task is gone (it only ends when this listener is dropped).
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local_addr)
    }
}

/// Who is at the other end of a connection.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Peer {
    pub addr: SocketAddr,
    pub tls: bool,
}

impl Connected<IncomingStream<'_, TlsListener>> for Peer {
    fn connect_info(stream: IncomingStream<'_, TlsListener>) -> Self {
        Peer {
            addr: *stream.remote_addr(),
            tls: stream.io().is_tls(),
        }
    }
}

/// Refuses plain-HTTP requests from other machines: they are honoured only from loopback peers
/// (the CLI's health probe and local tools), so the token never has to cross a network in the
/// clear to be accepted.
async fn plain_only_from_loopback(request: Request, next: Next) -> Response {
    let refused = request
        .extensions()
        .get::<ConnectInfo<Peer>>()
        .is_some_and(|ConnectInfo(peer)| !peer.tls && !is_loopback(peer.addr.ip()));
    if refused {
        return ApiError::bad_request("this service accepts only HTTPS from other machines")
            .into_response();
    }
    next.run(request).await
}

fn is_loopback(ip: IpAddr) -> bool {
    ip.to_canonical().is_loopback()
}

/// The service to pass to `axum::serve` with a [`TlsListener`].
pub(crate) fn service(router: Router) -> IntoMakeServiceWithConnectInfo<Router, Peer> {
    router
        .layer(middleware::from_fn(plain_only_from_loopback))
        .into_make_service_with_connect_info::<Peer>()
}

/// Serves `router` at the root and under [`SERVICE_PREFIX`].
pub(crate) fn with_base_path(router: Router) -> Router {
    router.clone().nest(SERVICE_PREFIX, router)
}

// ---------------------------------------------------------------------------------------------
// Hail's Python client

/// What [`python_env`] wrote.
#[derive(Debug)]
pub(crate) struct PythonEnv {
    pub deploy_config: PathBuf,
    pub tokens: PathBuf,
    pub ca_bundle: PathBuf,
    /// The base URL Hail's client will use.
    pub batch_url: String,
}

impl PythonEnv {
    /// The shell lines selecting these files.
    pub(crate) fn shell_lines(&self) -> String {
        let mut out = String::new();
        // These would override the deploy config file.
        out.push_str(
            "unset HAIL_LOCATION HAIL_DOMAIN HAIL_DEFAULT_NAMESPACE HAIL_BASE_PATH HAIL_TERRA\n",
        );
        for (name, path) in [
            ("HAIL_DEPLOY_CONFIG_FILE", &self.deploy_config),
            ("HAIL_TOKENS_FILE", &self.tokens),
            ("SSL_CERT_FILE", &self.ca_bundle),
            ("REQUESTS_CA_BUNDLE", &self.ca_bundle),
        ] {
            let _ = writeln!(
                out,
                "export {name}={}",
                shell_quote(&path.to_string_lossy())
            );
        }
        let _ = writeln!(out, "# Hail's Python client will use {}", self.batch_url);
        out
    }
}

/// Quotes `s` for POSIX shells.
fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-+:,=@%".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// System CA bundles, in the order OpenSSL-based tools usually find them.
const SYSTEM_CA_BUNDLES: [&str; 4] = [
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/cert.pem",
    "/etc/ssl/ca-bundle.pem",
];

/// Writes the deploy config, tokens file and CA bundle that point Hail's Python client at the
/// running service `state`, into the state directory.
///
/// The CA bundle is the trust store the client would otherwise use (`$SSL_CERT_FILE`, or the
/// system bundle) followed by the service's CA, so the client still reaches public HTTPS
/// services such as cloud storage.
pub(crate) fn python_env(
    paths: &ServicePaths,
    state: &ServiceState,
    current_ssl_cert_file: Option<&Path>,
) -> Result<PythonEnv> {
    if !state.tls {
        bail!(
            "The local Batch service at {} does not serve TLS, which Hail's Python client \
             requires. Restart it with `hailctl batch serve --tls` (stop it first with \
             `hailctl batch serve --stop`).",
            state.base_url()
        );
    }
    let ip = state.addr.ip();
    if !(ip.is_loopback() || ip.is_unspecified()) {
        bail!(
            "The local Batch service listens on {}, but its certificate is only valid for \
             localhost. Restart it on a loopback address, e.g. `hailctl batch serve --tls --addr \
             127.0.0.1:0`.",
            state.addr
        );
    }
    let files = TlsFiles::of(paths);
    let bundle_path = paths.state_dir.join("ca-bundle.pem");
    let ca = std::fs::read(&files.ca)
        .with_context(|| format!("cannot read the service's CA {}", files.ca.display()))?;
    let domain = format!("localhost:{}", state.addr.port());
    let deploy_config = serde_json::json!({
        "location": "external",
        "default_namespace": "default",
        "domain": domain,
        "base_path": BASE_PATH,
    });
    // Python's json.dump format, like Hail's own writer of tokens.json.
    let tokens = format!(
        "{{\"default\": {}}}",
        serde_json::to_string(&state.token).context("cannot encode the token")?
    );
    let mut bundle = current_ssl_cert_file
        .into_iter()
        .map(Path::to_path_buf)
        .chain(SYSTEM_CA_BUNDLES.iter().map(PathBuf::from))
        // Never our own files: running this again in a shell that uses them must not grow
        // the bundle.
        .filter(|p| *p != files.ca && *p != bundle_path)
        .find_map(|p| std::fs::read(p).ok())
        .unwrap_or_default();
    if !bundle.is_empty() && !bundle.ends_with(b"\n") {
        bundle.push(b'\n');
    }
    bundle.extend_from_slice(&ca);

    create_private_dir(&paths.state_dir)
        .with_context(|| format!("cannot create {}", paths.state_dir.display()))?;
    let env = PythonEnv {
        deploy_config: paths.state_dir.join("deploy-config.json"),
        tokens: paths.state_dir.join("tokens.json"),
        ca_bundle: bundle_path,
        batch_url: format!("https://{domain}{SERVICE_PREFIX}"),
    };
    write_file(
        &env.deploy_config,
        deploy_config.to_string().as_bytes(),
        0o644,
    )?;
    write_file(&env.tokens, tokens.as_bytes(), 0o600)?;
    write_file(&env.ca_bundle, &bundle, 0o644)?;
    Ok(env)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn certificates_are_created_once_with_private_key_modes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state_dir = dir.path().join("state");
        let first = load_or_create(&state_dir).expect("creates");
        let files = TlsFiles::in_dir(&state_dir);
        assert_eq!(first.files, files);
        assert_eq!(mode(&files.ca), 0o644);
        assert_eq!(mode(&files.cert), 0o644);
        assert_eq!(mode(&files.key), 0o600);
        assert_eq!(mode(&state_dir), 0o700);
        // The chain is the server certificate then the CA.
        assert_eq!(first.chain.len(), 2);
        let ca =
            CertificateDer::from_pem_slice(&std::fs::read(&files.ca).expect("read")).expect("ca");
        assert_eq!(first.chain[1], ca);
        assert!(!format!("{first:?}").contains("PRIVATE"));

        let key_before = std::fs::read(&files.key).expect("key");
        let again = load_or_create(&state_dir).expect("reuses");
        assert_eq!(again.chain, first.chain);
        assert_eq!(std::fs::read(&files.key).expect("key"), key_before);

        // A damaged file means a new set.
        std::fs::write(&files.cert, "garbage").expect("write");
        let renewed = load_or_create(&state_dir).expect("recreates");
        assert_ne!(renewed.chain, first.chain);
        assert_ne!(std::fs::read(&files.key).expect("key"), key_before);
        assert_eq!(mode(&files.key), 0o600);
    }

    /// A rustls client trusting only `ca.pem`.
    fn connector(ca: &Path) -> tokio_rustls::TlsConnector {
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(CertificateDer::from_pem_slice(&std::fs::read(ca).expect("read")).expect("ca"))
            .expect("add root");
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
        tokio_rustls::TlsConnector::from(Arc::new(config))
    }

    async fn request<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S, path: &str) -> String {
        stream
            .write_all(
                format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            )
            .await
            .expect("write");
        let mut response = String::new();
        stream.read_to_string(&mut response).await.expect("read");
        response
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn serves_https_and_loopback_http_and_survives_bad_handshakes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let identity = load_or_create(dir.path()).expect("certificates");
        let tcp = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let listener = TlsListener::new(tcp, acceptor(&identity).expect("acceptor")).expect("tls");
        let addr = listener.local_addr().expect("addr");
        let router = with_base_path(
            Router::new().route("/healthcheck", axum::routing::get(|| async { "ok" })),
        );
        let server = tokio::spawn(async move {
            axum::serve(listener, service(router)).await.expect("serve");
        });

        // A failed handshake (a handshake record holding an unknown message) only drops that
        // connection: the server answers with an alert and closes it.
        let mut bad = TcpStream::connect(addr).await.expect("connect");
        bad.write_all(&[0x16, 0x03, 0x01, 0x00, 0x04, 0xff, 0x00, 0x00, 0x00])
            .await
            .expect("write");
        let mut sink = Vec::new();
        let _ = bad.read_to_end(&mut sink).await;
        // A client that sends nothing does not block others.
        let _idle = TcpStream::connect(addr).await.expect("connect");

        let connector = connector(&identity.files.ca);
        for name in ["localhost", "127.0.0.1"] {
            let tcp = TcpStream::connect(addr).await.expect("connect");
            let server_name = rustls::pki_types::ServerName::try_from(name)
                .expect("name")
                .to_owned();
            let tls = connector
                .connect(server_name, tcp)
                .await
                .expect("handshake with the generated CA");
            let response = request(tls, "/healthcheck").await;
            assert!(response.starts_with("HTTP/1.1 200"), "{response}");
            assert!(response.ends_with("ok"), "{response}");
        }
        // The base path serves the same router.
        let tcp = TcpStream::connect(addr).await.expect("connect");
        let server_name = rustls::pki_types::ServerName::try_from("localhost").expect("name");
        let tls = connector
            .connect(server_name, tcp)
            .await
            .expect("handshake");
        let response = request(tls, &format!("{SERVICE_PREFIX}/healthcheck")).await;
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");

        // A name the certificate does not cover is refused by the client.
        let tcp = TcpStream::connect(addr).await.expect("connect");
        let other = rustls::pki_types::ServerName::try_from("example.org").expect("name");
        assert!(connector.connect(other, tcp).await.is_err());

        // Plain HTTP from loopback still answers (the CLI's health probe).
        let plain = TcpStream::connect(addr).await.expect("connect");
        let response = request(plain, "/healthcheck").await;
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        server.abort();
    }

    #[test]
    fn loopback_detection_covers_mapped_addresses() {
        assert!(is_loopback("127.0.0.1".parse().expect("ip")));
        assert!(is_loopback("::1".parse().expect("ip")));
        assert!(is_loopback("::ffff:127.0.0.1".parse().expect("ip")));
        assert!(!is_loopback("192.168.1.2".parse().expect("ip")));
    }

    #[test]
    fn python_env_needs_tls_and_writes_private_tokens() {
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = ServicePaths {
            state_dir: dir.path().join("state"),
            data_dir: dir.path().join("data"),
        };
        let mut state = ServiceState {
            pid: 1,
            addr: "127.0.0.1:4321".parse().expect("addr"),
            tls: false,
            version: "0".into(),
            token: "se'cret".into(),
            data_dir: paths.data_dir.clone(),
            user: "alice".into(),
            serve_args: Vec::new(),
            runtime: "host".into(),
            isolated: false,
        };
        let refused = python_env(&paths, &state, None).expect_err("no tls");
        assert!(refused.to_string().contains("--tls"), "{refused}");

        state.tls = true;
        load_or_create(&paths.state_dir).expect("certificates");
        let system = dir.path().join("system.pem");
        std::fs::write(&system, "SYSTEM CAS").expect("write");
        let env = python_env(&paths, &state, Some(&system)).expect("env");
        assert_eq!(env.batch_url, "https://localhost:4321/local/batch");
        let deploy: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&env.deploy_config).expect("read"))
                .expect("json");
        assert_eq!(
            deploy,
            serde_json::json!({"location": "external", "default_namespace": "default",
                               "domain": "localhost:4321", "base_path": "/local"})
        );
        assert_eq!(
            std::fs::read_to_string(&env.tokens).expect("read"),
            r#"{"default": "se'cret"}"#
        );
        assert_eq!(mode(&env.tokens), 0o600);
        let bundle = std::fs::read_to_string(&env.ca_bundle).expect("read");
        assert!(bundle.starts_with("SYSTEM CAS\n-----BEGIN CERTIFICATE-----"));
        let lines = env.shell_lines();
        let tokens_line = format!("export HAIL_TOKENS_FILE={}\n", env.tokens.display());
        assert!(lines.contains(&tokens_line), "{lines}");
        assert!(lines.contains("export SSL_CERT_FILE="), "{lines}");
        assert!(lines.contains("export REQUESTS_CA_BUNDLE="), "{lines}");
        assert_eq!(shell_quote("a b'c"), r"'a b'\''c'");
    }
}
