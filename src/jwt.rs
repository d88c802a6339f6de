//! HS256 tokens signed from an `id.secret` API key, exactly as the official SDKs sign them
//! (zai-api.md A.3, Python `zai-sdk` `_jwt_token.py`): JOSE header
//! `{"alg":"HS256","sign_type":"SIGN","typ":"JWT"}` (PyJWT's sorted keys), claims
//! `{"api_key":"<id>","exp":<ms>,"timestamp":<ms>}` with both times in **milliseconds** and a
//! 210 s lifetime, signed with HMAC-SHA256 keyed by the UTF-8 bytes of the secret. A token is
//! reused for at most 180 s ([`TokenCache`]), so it always has 30 s left when it is sent.
//!
//! SHA-256, HMAC and base64url are written out here (FIPS 180-4, RFC 2104, RFC 4648 §5): no
//! dependency, no `core::fmt`, no panics.
//!
//! ```
//! use zai_wasm::jwt;
//! let token = jwt::sign("abc.def", 1_795_620_137_966).unwrap();
//! assert!(token.starts_with("eyJhbGciOiJIUzI1NiIsInNpZ25fdHlwZSI6IlNJR04iLCJ0eXAiOiJKV1QifQ."));
//! assert!(jwt::sign("no-dot", 0).is_err());
//! ```
use crate::prelude::*;

use crate::error::{Error, ErrorKind};
use crate::util;

/// Lifetime of a signed token: `exp = timestamp + TOKEN_TTL_MS`.
pub const TOKEN_TTL_MS: u64 = 210_000;
/// How long a signed token is reused before a new one is signed.
pub const REUSE_MS: u64 = 180_000;

/// The message of a malformed key. It never contains the key.
const BAD_KEY: &str = "apiKey must look like \"id.secret\" to sign a JWT";

/// `{"alg":"HS256","sign_type":"SIGN","typ":"JWT"}`, exactly as PyJWT serialises it.
const HEADER_JSON: &[u8] = br#"{"alg":"HS256","sign_type":"SIGN","typ":"JWT"}"#;

/// Signs a token for `api_key` (`"<id>.<secret>"`) issued at `now_ms` (ms since the epoch).
///
/// The key must have exactly one `.` with a non-empty id and secret, as the SDKs require; the
/// id must be printable ASCII without `"` or `\` (it goes into the JSON claims verbatim).
/// Otherwise this fails with an `InvalidRequestError` that does not echo the key.
pub fn sign(api_key: &str, now_ms: u64) -> Result<String, Error> {
    let (id, secret) =
        split_key(api_key).ok_or_else(|| Error::new(ErrorKind::InvalidRequest, BAD_KEY))?;
    let mut claims = Vec::with_capacity(id.len() + 60);
    claims.extend_from_slice(br#"{"api_key":""#);
    claims.extend_from_slice(id.as_bytes());
    claims.extend_from_slice(br#"","exp":"#);
    util::push_u64_bytes(&mut claims, now_ms.saturating_add(TOKEN_TTL_MS));
    claims.extend_from_slice(br#","timestamp":"#);
    util::push_u64_bytes(&mut claims, now_ms);
    claims.push(b'}');

    let mut token = String::with_capacity(200);
    push_base64url(&mut token, HEADER_JSON);
    token.push('.');
    push_base64url(&mut token, &claims);
    let mac = hmac_sha256(secret.as_bytes(), token.as_bytes());
    token.push('.');
    push_base64url(&mut token, &mac);
    Ok(token)
}

/// `(id, secret)` of a well-formed key.
fn split_key(api_key: &str) -> Option<(&str, &str)> {
    // By bytes, not `split_once('.')`: no char pattern searcher, no slicing panic path.
    let dot = api_key.bytes().position(|b| b == b'.')?;
    let (id, secret) = (api_key.get(..dot)?, api_key.get(dot + 1..)?);
    let id_ok = !id.is_empty()
        && id
            .bytes()
            .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\');
    (id_ok && !secret.is_empty() && !secret.bytes().any(|b| b == b'.')).then_some((id, secret))
}

/// Whether a token issued at `issued_ms` may still be sent at `now_ms`: for [`REUSE_MS`] after
/// signing, and never if the clock went backwards.
pub fn reusable(issued_ms: u64, now_ms: u64) -> bool {
    now_ms
        .checked_sub(issued_ms)
        .is_some_and(|age| age <= REUSE_MS)
}

/// The last signed token, reused while [`reusable`] and the key is the same.
///
/// ```
/// use zai_wasm::jwt::TokenCache;
/// let mut cache = TokenCache::default();
/// let a = cache.token("abc.def", 1_000).unwrap();
/// assert_eq!(cache.token("abc.def", 181_000).unwrap(), a);
/// assert_ne!(cache.token("abc.def", 181_001).unwrap(), a);
/// ```
#[derive(Default, Clone, PartialEq, Eq)]
pub struct TokenCache {
    key: String,
    issued_ms: u64,
    token: String,
}

impl TokenCache {
    /// The cached token for `api_key`, or a new one signed at `now_ms` (and cached).
    pub fn token(&mut self, api_key: &str, now_ms: u64) -> Result<String, Error> {
        if !self.token.is_empty() && self.key == api_key && reusable(self.issued_ms, now_ms) {
            return Ok(self.token.clone());
        }
        let token = sign(api_key, now_ms)?;
        self.key.clear();
        self.key.push_str(api_key);
        self.issued_ms = now_ms;
        self.token.clone_from(&token);
        Ok(token)
    }

    /// Forgets the cached token (the next call signs a new one).
    pub fn clear(&mut self) {
        self.key.clear();
        self.token.clear();
    }
}

/// The business code of a 401 whose signed token has expired (zai-api.md §10.2).
pub const EXPIRED_TOKEN_CODE: &str = "1003";

/// Whether an error answer says the token this client signed has expired: the client then signs
/// a new one and resends the call, once (zai-api.md §10.2: "re-sign JWT once"), whatever
/// `maxRetries` says; a second 1003 is the caller's error (a clock far off, say).
///
/// ```
/// use zai_wasm::jwt::token_expired;
/// assert!(token_expired(Some("1003")));
/// assert!(!token_expired(Some("1002"))); // invalid token: signing again cannot help
/// assert!(!token_expired(None));
/// ```
pub fn token_expired(code: Option<&str>) -> bool {
    code == Some(EXPIRED_TOKEN_CODE)
}

/// Shows neither the key nor the token.
impl core::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("TokenCache { .. }")
    }
}

// ------------------------------------------------------------------------------------------------
// SHA-256 (FIPS 180-4), HMAC (RFC 2104), base64url without padding (RFC 4648 §5)
// ------------------------------------------------------------------------------------------------

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// The SHA-256 digest of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    // The message, 0x80, zeros up to 56 mod 64, and the length in bits.
    let mut m = Vec::with_capacity(data.len() + 72);
    m.extend_from_slice(data);
    m.push(0x80);
    m.resize((m.len() + 8).div_ceil(64) * 64 - 8, 0);
    m.extend_from_slice(&(data.len() as u64).wrapping_mul(8).to_be_bytes());
    let mut state = H0;
    for block in m.chunks_exact(64) {
        compress(&mut state, block);
    }
    let mut out = [0u8; 32];
    for (i, slot) in out.iter_mut().enumerate() {
        let word = state.get(i / 4).copied().unwrap_or(0);
        *slot = (word >> (24 - 8 * (i % 4))) as u8;
    }
    out
}

fn compress(state: &mut [u32; 8], block: &[u8]) {
    // The message schedule as a ring of 16 words, each computed in the round that uses it.
    let mut w = [0u32; 16];
    let mut v = *state;
    for (i, &k) in K.iter().enumerate() {
        let wi = if i < 16 {
            let b = |n: usize| block.get(4 * i + n).copied().unwrap_or(0);
            u32::from_be_bytes([b(0), b(1), b(2), b(3)])
        } else {
            // `i - 16` and `i` share a slot.
            let at = |back: usize| w.get((i - back) & 15).copied().unwrap_or(0);
            let (w2, w7, w15, w16) = (at(2), at(7), at(15), at(16));
            let s0 = w15.rotate_right(7) ^ w15.rotate_right(18) ^ (w15 >> 3);
            let s1 = w2.rotate_right(17) ^ w2.rotate_right(19) ^ (w2 >> 10);
            w16.wrapping_add(s0).wrapping_add(w7).wrapping_add(s1)
        };
        if let Some(slot) = w.get_mut(i & 15) {
            *slot = wi;
        }
        let [a, b, c, d, e, f, g, h] = v;
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = h
            .wrapping_add(s1)
            .wrapping_add(ch)
            .wrapping_add(k)
            .wrapping_add(wi);
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        v = [
            t1.wrapping_add(s0.wrapping_add(maj)),
            a,
            b,
            c,
            d.wrapping_add(t1),
            e,
            f,
            g,
        ];
    }
    for (s, x) in state.iter_mut().zip(v) {
        *s = s.wrapping_add(x);
    }
}

/// HMAC-SHA256 of `message` under `key`.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        for (slot, b) in block.iter_mut().zip(sha256(key)) {
            *slot = b;
        }
    } else {
        for (slot, &b) in block.iter_mut().zip(key) {
            *slot = b;
        }
    }
    let mut inner = Vec::with_capacity(64 + message.len());
    inner.extend(block.iter().map(|b| b ^ 0x36));
    inner.extend_from_slice(message);
    let inner_hash = sha256(&inner);
    let mut outer = Vec::with_capacity(96);
    outer.extend(block.iter().map(|b| b ^ 0x5c));
    outer.extend_from_slice(&inner_hash);
    sha256(&outer)
}

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `data` in base64url without padding.
pub fn push_base64url(out: &mut String, data: &[u8]) {
    for at in (0..data.len()).step_by(3) {
        let byte = |i: usize| u32::from(data.get(at + i).copied().unwrap_or(0));
        let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..=(data.len() - at).min(3) {
            let sextet = (n >> (18 - 6 * i)) & 63;
            if let Some(&c) = BASE64URL.get(sextet as usize) {
                out.push(char::from(c));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn sha256_fips_180_vectors() {
        let cases: &[(&[u8], &str)] = &[
            (
                b"",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                b"abc",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
            (
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            ),
            (
                b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(
                hex(&sha256(input)),
                *want,
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
        let million = vec![b'a'; 1_000_000];
        assert_eq!(
            hex(&sha256(&million)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    #[test]
    fn sha256_padding_edges() {
        // Around the one-or-two-final-blocks boundary (55 bytes fit one final block, 56 need
        // two); expected values from Python's hashlib.
        assert_eq!(
            hex(&sha256(&[b'a'; 55])),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"
        );
        assert_eq!(
            hex(&sha256(&[b'a'; 56])),
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"
        );
        assert_eq!(
            hex(&sha256(&[b'a'; 64])),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"
        );
    }

    #[test]
    fn hmac_rfc_4231_vectors() {
        let long_key = [0xaau8; 131];
        let cases: Vec<(Vec<u8>, Vec<u8>, &str)> = vec![
            (
                vec![0x0b; 20],
                b"Hi There".to_vec(),
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            ),
            (
                b"Jefe".to_vec(),
                b"what do ya want for nothing?".to_vec(),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                vec![0xaa; 20],
                vec![0xdd; 50],
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
            ),
            (
                (1..=25).collect(),
                vec![0xcd; 50],
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
            ),
            (
                long_key.to_vec(),
                b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            ),
            (
                long_key.to_vec(),
                b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
            ),
        ];
        for (key, data, want) in &cases {
            assert_eq!(hex(&hmac_sha256(key, data)), *want);
        }
        // Test case 5 is truncated to 128 bits in the RFC.
        assert_eq!(
            hex(&hmac_sha256(&[0x0c; 20], b"Test With Truncation")).get(..32),
            Some("a3b6167473100ee06e0c796c2955552b")
        );
    }

    #[test]
    fn base64url_without_padding() {
        let enc = |d: &[u8]| {
            let mut s = String::new();
            push_base64url(&mut s, d);
            s
        };
        assert_eq!(enc(b""), "");
        assert_eq!(enc(b"f"), "Zg");
        assert_eq!(enc(b"fo"), "Zm8");
        assert_eq!(enc(b"foo"), "Zm9v");
        assert_eq!(enc(b"foob"), "Zm9vYg");
        assert_eq!(enc(&[0xfb, 0xff, 0xbf]), "-_-_");
    }

    /// Expected values computed independently with Python's `hmac`/`hashlib`/`base64`
    /// (the bytes PyJWT produces for the Python SDK's claims).
    #[test]
    fn jwt_matches_python_sdk_bytes() {
        assert_eq!(
            sign("abc.def", 1_795_620_137_966).unwrap(),
            "eyJhbGciOiJIUzI1NiIsInNpZ25fdHlwZSI6IlNJR04iLCJ0eXAiOiJKV1QifQ.\
             eyJhcGlfa2V5IjoiYWJjIiwiZXhwIjoxNzk1NjIwMzQ3OTY2LCJ0aW1lc3RhbXAiOjE3OTU2MjAxMzc5NjZ9.\
             DWD3kCgXATqgvsHfATf_GsJECMMt9tvpNdmK7hLyLO0"
        );
        assert_eq!(
            sign("test-id.test-secret", 1_700_000_000_000).unwrap(),
            "eyJhbGciOiJIUzI1NiIsInNpZ25fdHlwZSI6IlNJR04iLCJ0eXAiOiJKV1QifQ.\
             eyJhcGlfa2V5IjoidGVzdC1pZCIsImV4cCI6MTcwMDAwMDIxMDAwMCwidGltZXN0YW1wIjoxNzAwMDAwMDAwMDAwfQ.\
             yPlyfmQvmn-bmIv5ws-FUxYAIxoGfDkjO6BTs56zhBw"
        );
    }

    #[test]
    fn malformed_keys_are_rejected_without_echo() {
        for key in [
            "",
            "nodot",
            ".secret",
            "id.",
            "a.b.c",
            "i\"d.secret",
            "i\\d.secret",
            "i\nd.secret",
        ] {
            let e = sign(key, 0).unwrap_err();
            assert_eq!(e.kind, ErrorKind::InvalidRequest);
            assert_eq!(e.message, BAD_KEY);
            assert!(!e.retryable);
        }
        assert!(sign("id.sécret ünicode", 0).is_ok());
    }

    #[test]
    fn cache_reuses_for_180_s_then_resigns() {
        assert!(reusable(1000, 1000));
        assert!(reusable(1000, 181_000));
        assert!(!reusable(1000, 181_001));
        assert!(!reusable(1000, 999), "clock went backwards");
        let mut c = TokenCache::default();
        let a = c.token("abc.def", 10_000).unwrap();
        assert_eq!(c.token("abc.def", 190_000).unwrap(), a);
        assert_ne!(c.token("xyz.def", 190_000).unwrap(), a, "another key");
        let b = c.token("abc.def", 190_000).unwrap();
        assert_ne!(b, a, "signed anew at 190 s");
        assert!(c.token("bad", 190_000).is_err());
        assert_eq!(
            c.token("abc.def", 190_000).unwrap(),
            b,
            "a failure keeps the cache"
        );
        c.clear();
        assert_eq!(
            c.token("abc.def", 190_000).unwrap(),
            b,
            "same instant, same bytes"
        );
        assert_eq!(format!("{c:?}"), "TokenCache { .. }");
    }
}
