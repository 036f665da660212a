//! Every random identifier: tokens, idempotency tokens, OAuth states, attempt ids, instance
//! names, staging directories and the names of temporary files.
//!
//! [`string`] draws each character uniformly from an alphabet with the thread's generator
//! (`rand::rng()`: ChaCha, seeded from the operating system), which is fit for secrets, so
//! every identifier here may be one. The alphabets are Hail's, for the identifiers a user or
//! Hail's tools see: the same shape as the ones Hail makes.

use rand::Rng;

/// Letters of both cases and digits: Hail's `secret_alnum_string` (attempt ids, staging
/// roots) and oauthlib's `state`.
pub(crate) const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// Lower-case letters and digits: Hail's `secret_alnum_string(case='lower')` (worker and
/// bucket names, which allow no capitals).
pub(crate) const LOWER_ALNUM: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
/// Lower-case hexadecimal digits: the `uuid.uuid4().hex[:n]` of Hail's staging paths.
pub(crate) const HEX: &[u8] = b"0123456789abcdef";
/// URL-safe base64: Hail's `secrets.token_urlsafe`.
pub(crate) const URL_SAFE: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `len` characters drawn uniformly and independently from `alphabet` (ASCII, not empty).
pub(crate) fn string(alphabet: &[u8], len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(alphabet[rng.random_range(0..alphabet.len())]))
        .collect()
}

/// A secret token: 43 URL-safe characters (258 bits), the shape of Hail's
/// `secrets.token_urlsafe(32)`. API tokens, batch idempotency tokens, web UI codes, sessions and
/// CSRF secrets.
pub(crate) fn token() -> String {
    string(URL_SAFE, 43)
}

/// A suffix that keeps the name of a temporary file or directory from colliding with another
/// one's, in this process or another (10 characters, about 52 bits).
pub(crate) fn suffix() -> String {
    string(LOWER_ALNUM, 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_have_their_length_and_alphabet() {
        for alphabet in [ALNUM, LOWER_ALNUM, HEX, URL_SAFE] {
            let drawn = string(alphabet, 500);
            assert_eq!(drawn.len(), 500);
            assert!(drawn.bytes().all(|b| alphabet.contains(&b)), "{drawn}");
        }
        assert_eq!(string(HEX, 0), "");
        let token = token();
        assert_eq!(token.len(), 43);
        assert!(token.bytes().all(|b| URL_SAFE.contains(&b)), "{token}");
        assert_ne!(token, super::token());
        assert_eq!(suffix().len(), 10);
    }

    /// Every character of the alphabet comes up, none much more often than the others: 64
    /// characters, 64,000 draws, each expected 1,000 times (a count outside 800..1,200 is more
    /// than six standard deviations away).
    #[test]
    fn characters_are_drawn_uniformly() {
        let drawn = string(URL_SAFE, 64_000);
        let mut counts = [0usize; 256];
        for b in drawn.bytes() {
            counts[usize::from(b)] += 1;
        }
        for &c in URL_SAFE {
            let n = counts[usize::from(c)];
            assert!(
                (800..1200).contains(&n),
                "{} drawn {n} times",
                char::from(c)
            );
        }
    }
}
