//! The few encodings the client needs, written here rather than pulled in as dependencies:
//! base64 (standard alphabet for PEM, URL-safe without padding for JWTs), PEM, and
//! percent-encoding of URL path segments.

use std::fmt;

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a base64 or PEM text could not be decoded. The text itself is never included: it is
/// usually a private key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DecodeError(pub &'static str);

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for DecodeError {}

fn encode(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        // A chunk of k bytes yields k + 1 significant characters.
        for i in 0..=chunk.len() {
            out.push(char::from(alphabet[((n >> (18 - 6 * i)) & 63) as usize]));
        }
        if pad {
            for _ in chunk.len()..3 {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 with padding (RFC 4648 §4): registry credentials, and PEM keys in tests.
pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    encode(bytes, STANDARD, true)
}

/// URL-safe base64 without padding (RFC 4648 §5), as JWTs use.
pub(super) fn base64url_encode(bytes: &[u8]) -> String {
    encode(bytes, URL_SAFE, false)
}

fn value_of(c: u8) -> Option<u32> {
    Some(u32::from(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        // Both alphabets are accepted: a key file is never ambiguous about which it uses.
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    }))
}

/// Decodes base64 in either alphabet. ASCII whitespace is ignored (PEM wraps lines), padding is
/// optional, and nothing but padding and whitespace may follow the first `=`.
pub(crate) fn base64_decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    let mut symbols = 0usize;
    let mut padding = false;
    for &c in text.as_bytes() {
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == b'=' {
            padding = true;
            continue;
        }
        if padding {
            return Err(DecodeError("invalid base64: data after padding"));
        }
        let v = value_of(c).ok_or(DecodeError("invalid base64: unexpected character"))?;
        acc = (acc << 6) | v;
        bits += 6;
        symbols += 1;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    // One symbol alone carries only 6 bits, less than a byte.
    if symbols % 4 == 1 {
        return Err(DecodeError("invalid base64: truncated input"));
    }
    Ok(out)
}

/// One PEM block: its label (`PRIVATE KEY`, `RSA PRIVATE KEY`, ...) and its DER contents.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct PemBlock {
    pub label: String,
    pub der: Vec<u8>,
}

impl fmt::Debug for PemBlock {
    // PEM blocks read by the client are private keys: show only the label.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PemBlock")
            .field("label", &self.label)
            .field("der", &format_args!("<{} bytes>", self.der.len()))
            .finish()
    }
}

/// Decodes the first PEM block of `text` (RFC 7468). Text before the block is ignored, as
/// OpenSSL does; headers (`Proc-Type:` lines of encrypted keys) are rejected, since an encrypted
/// key cannot be used anyway.
pub(super) fn pem_decode(text: &str) -> Result<PemBlock, DecodeError> {
    let mut lines = text.lines().map(str::trim);
    let label = lines
        .by_ref()
        .find_map(|l| {
            l.strip_prefix("-----BEGIN ")
                .and_then(|r| r.strip_suffix("-----"))
        })
        .ok_or(DecodeError(
            "no PEM block found (expected a -----BEGIN line)",
        ))?
        .to_string();
    let end = format!("-----END {label}-----");
    let mut body = String::new();
    for line in lines {
        if line == end {
            let der = base64_decode(&body)?;
            if der.is_empty() {
                return Err(DecodeError("empty PEM block"));
            }
            return Ok(PemBlock { label, der });
        }
        if line.contains(':') {
            return Err(DecodeError(
                "PEM block has headers (an encrypted key?), which are not supported",
            ));
        }
        body.push_str(line);
    }
    Err(DecodeError(
        "PEM block is not terminated by its -----END line",
    ))
}

/// Percent-encodes one URL path segment: everything but RFC 3986's unreserved characters is
/// escaped, so a user-supplied name (billing project, container) can never change the path.
pub(super) fn path_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for &b in segment.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_rfc4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
            assert_eq!(
                base64url_encode(plain.as_bytes()),
                encoded.trim_end_matches('=')
            );
            assert_eq!(base64_decode(encoded).expect("decodes"), plain.as_bytes());
            assert_eq!(
                base64_decode(encoded.trim_end_matches('=')).expect("unpadded"),
                plain.as_bytes()
            );
        }
    }

    #[test]
    fn base64_alphabets_and_errors() {
        assert_eq!(base64url_encode(&[0xfb, 0xff, 0xbf]), "-_-_");
        assert_eq!(base64_encode(&[0xfb, 0xff, 0xbf]), "+/+/");
        assert_eq!(base64_decode("-_-_").expect("url"), [0xfb, 0xff, 0xbf]);
        assert_eq!(base64_decode("Zm9v\n YmFy\r\n").expect("ws"), b"foobar");
        assert!(base64_decode("Zm9v!").is_err());
        assert!(base64_decode("Zg==Zg").is_err());
        assert!(base64_decode("Z").is_err());
    }

    #[test]
    fn pem_decodes_first_block() {
        let pem = "junk\n-----BEGIN PRIVATE KEY-----\nZm9v\nYmFy\n-----END PRIVATE KEY-----\n";
        let block = pem_decode(pem).expect("decodes");
        assert_eq!(block.label, "PRIVATE KEY");
        assert_eq!(block.der, b"foobar");
        assert!(!format!("{block:?}").contains("102"), "{block:?}");
        // JSON key files carry the PEM with \n line breaks, which serde has already decoded.
        let err = pem_decode("-----BEGIN X-----\nZm9v\n").expect_err("unterminated");
        assert!(err.to_string().contains("not terminated"));
        assert!(pem_decode("no pem here").is_err());
        assert!(
            pem_decode("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nZm9v\n-----END RSA PRIVATE KEY-----")
                .is_err()
        );
    }

    #[test]
    fn path_segments_are_escaped() {
        assert_eq!(path_segment("my-bp_1.x~"), "my-bp_1.x~");
        assert_eq!(path_segment("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(path_segment("é"), "%C3%A9");
    }
}
