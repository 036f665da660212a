//! Image names as Docker reads them: `ubuntu:24.04` is Docker Hub's `library/ubuntu` at tag
//! `24.04`; `host:port/name:tag` names another registry; `name@sha256:<hex>` pins a digest.
//!
//! The grammar is the distribution project's `reference` package, which Docker, Podman and
//! Hail's worker all use: a first path component that contains a `.` or a `:`, or is
//! `localhost`, is a registry host; otherwise the image is on Docker Hub, and a one-component
//! name gets the `library/` prefix. Without a tag or digest the tag is `latest`.

use std::fmt;

/// Docker Hub's name in references, and the host its API is served from.
pub(crate) const DOCKER_HUB: &str = "docker.io";
const DOCKER_HUB_API_HOST: &str = "registry-1.docker.io";

/// A parsed image reference.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct ImageRef {
    /// `docker.io` for Docker Hub, else `host[:port]`.
    pub registry: String,
    /// The repository path, e.g. `library/ubuntu`, `hailgenetics/hail`.
    pub repository: String,
    /// The tag, `latest` when neither a tag nor a digest is given.
    pub tag: Option<String>,
    /// `sha256:<64 hex>` when pinned.
    pub digest: Option<String>,
}

impl ImageRef {
    /// Parses `text` with Docker's rules. The error says what is wrong, for the job's status
    /// (`image repository is invalid`).
    pub(crate) fn parse(text: &str) -> Result<ImageRef, String> {
        let invalid = |why: &str| Err(format!("invalid image name {text:?}: {why}"));
        if text.is_empty() {
            return invalid("it is empty");
        }
        if text.len() > 4096 || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return invalid("it contains whitespace or control characters");
        }
        let (rest, digest) = match text.split_once('@') {
            Some((rest, digest)) => {
                let Some(hex) = digest.strip_prefix("sha256:") else {
                    return invalid("only sha256 digests are supported");
                };
                if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return invalid("the digest must be sha256: and 64 hexadecimal digits");
                }
                (rest, Some(digest.to_ascii_lowercase()))
            }
            None => (text, None),
        };
        // A tag is after the last ':' that follows the last '/': `host:5000/name` has none.
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
            None => (rest, None),
        };
        if let Some(tag) = tag {
            let valid = !tag.is_empty()
                && tag.len() <= 128
                && tag.bytes().enumerate().all(|(i, b)| {
                    b.is_ascii_alphanumeric() || b == b'_' || (i > 0 && (b == b'.' || b == b'-'))
                });
            if !valid {
                return invalid("the tag must be 1 to 128 letters, digits, '_', '.' or '-'");
            }
        }
        let (registry, path) = match name.split_once('/') {
            Some((first, path))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (first.to_string(), path.to_string())
            }
            _ => (DOCKER_HUB.to_string(), name.to_string()),
        };
        let registry = match registry.as_str() {
            "index.docker.io" | "registry-1.docker.io" => DOCKER_HUB.to_string(),
            _ => registry,
        };
        if registry != DOCKER_HUB && !valid_host(&registry) {
            return invalid("the registry host is not a valid host[:port]");
        }
        if path.is_empty() || !path.split('/').all(valid_component) {
            return invalid(
                "repository names are lowercase letters and digits, separated by '.', '_', '__', '-' or '/'",
            );
        }
        let repository = if registry == DOCKER_HUB && !path.contains('/') {
            format!("library/{path}")
        } else {
            path
        };
        if repository.len() > 255 {
            return invalid("the repository name is longer than 255 characters");
        }
        let tag = match (tag, &digest) {
            (Some(tag), _) => Some(tag.to_string()),
            (None, Some(_)) => None,
            (None, None) => Some("latest".to_string()),
        };
        Ok(ImageRef {
            registry,
            repository,
            tag,
            digest,
        })
    }

    /// The manifest reference to ask for: the digest when pinned, else the tag.
    pub(crate) fn manifest_reference(&self) -> &str {
        self.digest
            .as_deref()
            .or(self.tag.as_deref())
            .unwrap_or("latest")
    }

    pub(crate) fn is_docker_hub(&self) -> bool {
        self.registry == DOCKER_HUB
    }

    /// The host (and port) whose `/v2/` API serves this image, without a mirror.
    pub(crate) fn api_host(&self) -> &str {
        if self.is_docker_hub() {
            DOCKER_HUB_API_HOST
        } else {
            &self.registry
        }
    }
}

impl fmt::Display for ImageRef {
    /// The canonical form: `docker.io/library/ubuntu:24.04`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.registry, self.repository)?;
        if let Some(tag) = &self.tag {
            write!(f, ":{tag}")?;
        }
        if let Some(digest) = &self.digest {
            write!(f, "@{digest}")?;
        }
        Ok(())
    }
}

/// `[a-z0-9]+` joined by `.`, `_`, `__` or `-`+.
fn valid_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if bytes.is_empty() || !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let sep = &component[start..i];
        let dashes = sep.bytes().all(|b| b == b'-');
        if !(sep == "." || sep == "_" || sep == "__" || dashes) {
            return false;
        }
    }
    true
}

/// `host` or `host:port`, where host is a DNS name, an IPv4 address or a bracketed IPv6.
fn valid_host(text: &str) -> bool {
    let (host, port) = if let Some(rest) = text.strip_prefix('[') {
        match rest.split_once(']') {
            Some((v6, tail)) => {
                if v6.parse::<std::net::Ipv6Addr>().is_err() {
                    return false;
                }
                (None, tail.strip_prefix(':'))
            }
            None => return false,
        }
    } else {
        match text.rsplit_once(':') {
            Some((h, p)) => (Some(h), Some(p)),
            None => (Some(text), None),
        }
    };
    if let Some(port) = port
        && port.parse::<u16>().is_err()
    {
        return false;
    }
    host.is_none_or(|h| {
        !h.is_empty()
            && h.split('.').all(|label| {
                !label.is_empty()
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && !label.starts_with('-')
                    && !label.ends_with('-')
            })
    })
}

/// A short stable name for `text` (16 hex digits of its SHA-256), for file and cgroup names.
pub(crate) fn short_hash(text: &str) -> String {
    let digest = super::registry::sha256_digest(text.as_bytes());
    digest.trim_start_matches("sha256:")[..16].to_string()
}

/// Whether `host[:port]` is this machine, where Docker allows plain HTTP without configuration.
pub(crate) fn is_loopback_host(host_port: &str) -> bool {
    let host = if let Some(rest) = host_port.strip_prefix('[') {
        rest.split_once(']').map_or(rest, |(h, _)| h)
    } else {
        host_port.rsplit_once(':').map_or(host_port, |(h, _)| h)
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_naming_rules() {
        let hex = "a".repeat(64);
        let pinned = format!("busybox@sha256:{hex}");
        let cases: Vec<(&str, &str, &str, Option<&str>, bool)> = vec![
            (
                "ubuntu",
                DOCKER_HUB,
                "library/ubuntu",
                Some("latest"),
                false,
            ),
            (
                "ubuntu:24.04",
                DOCKER_HUB,
                "library/ubuntu",
                Some("24.04"),
                false,
            ),
            (
                "hailgenetics/hail:0.2.139",
                DOCKER_HUB,
                "hailgenetics/hail",
                Some("0.2.139"),
                false,
            ),
            (
                "docker.io/library/ubuntu",
                DOCKER_HUB,
                "library/ubuntu",
                Some("latest"),
                false,
            ),
            (
                "index.docker.io/ubuntu",
                DOCKER_HUB,
                "library/ubuntu",
                Some("latest"),
                false,
            ),
            ("localhost/app", "localhost", "app", Some("latest"), false),
            (
                "127.0.0.1:5000/a/b:v1",
                "127.0.0.1:5000",
                "a/b",
                Some("v1"),
                false,
            ),
            (
                "us-docker.pkg.dev/p/r/img:1",
                "us-docker.pkg.dev",
                "p/r/img",
                Some("1"),
                false,
            ),
            ("[::1]:5000/img", "[::1]:5000", "img", Some("latest"), false),
            (pinned.as_str(), DOCKER_HUB, "library/busybox", None, true),
        ];
        for (text, registry, repository, tag, pinned) in cases {
            let r = ImageRef::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(r.registry, registry, "{text}");
            assert_eq!(r.repository, repository, "{text}");
            assert_eq!(r.tag.as_deref(), tag, "{text}");
            assert_eq!(r.digest.is_some(), pinned, "{text}");
        }
        assert_eq!(
            ImageRef::parse("ubuntu:24.04").unwrap().to_string(),
            "docker.io/library/ubuntu:24.04"
        );
        assert_eq!(
            ImageRef::parse("ubuntu").unwrap().api_host(),
            "registry-1.docker.io"
        );
    }

    #[test]
    fn invalid_names_say_why() {
        for text in [
            "",
            "Ubuntu",
            "ubuntu:",
            "ubuntu:-x",
            "a b",
            "ubuntu@sha256:abc",
            "ubuntu@md5:abc",
            "-x/y",
            "a//b",
            "host:99999/x",
            "../../etc",
            "x/",
        ] {
            let e = ImageRef::parse(text).expect_err(text);
            assert!(e.starts_with("invalid image name"), "{text}: {e}");
        }
    }

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback_host("localhost:5000"));
        assert!(is_loopback_host("127.0.0.1:5000"));
        assert!(is_loopback_host("[::1]:5000"));
        assert!(!is_loopback_host("example.com:5000"));
        assert!(!is_loopback_host("10.0.0.1"));
    }
}
