//! Secrets the database keeps only sealed: a storage account's secret key, encrypted with the
//! server's `EARMARK_SECRET_KEY` (XChaCha20-Poly1305, a random nonce per seal). What a row
//! seals is bound to the row (its ids as associated data), so a sealed value copied into
//! another row does not open.

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

const VERSION: &str = "v1:";
const NONCE_LEN: usize = 24;

/// The server's key for sealed secrets, from `EARMARK_SECRET_KEY` (64 hexadecimal digits,
/// e.g. `openssl rand -hex 32`). Never printed.
#[derive(Clone)]
pub struct SecretKey(chacha20poly1305::Key);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

/// A sealed value that does not open: another key sealed it, or it was changed.
#[derive(Debug, thiserror::Error)]
#[error("the sealed secret does not open with this EARMARK_SECRET_KEY (another key sealed it, or it was changed)")]
pub struct Unsealable;

impl SecretKey {
    pub fn parse(text: &str) -> Result<SecretKey, String> {
        let bytes = hex::decode(text.trim())
            .ok()
            .filter(|b| b.len() == 32)
            .ok_or("EARMARK_SECRET_KEY must be 64 hexadecimal digits (32 bytes), e.g. from `openssl rand -hex 32`")?;
        Ok(SecretKey(*chacha20poly1305::Key::from_slice(&bytes)))
    }

    pub fn seal(&self, secret: &str, bound_to: &str) -> String {
        let cipher = XChaCha20Poly1305::new(&self.0);
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = cipher
            .encrypt(&nonce, Payload { msg: secret.as_bytes(), aad: bound_to.as_bytes() })
            .expect("XChaCha20-Poly1305 seals any length a row holds");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!("{VERSION}{}", hex::encode(out))
    }

    /// HMAC-SHA-256 of `data` under a key derived from this one for `purpose`, in hex: what a
    /// ledger keeps instead of a value it must be able to recognise but not reveal (the
    /// number of an erasure). Without the server's key nobody can test a guess against it.
    pub fn keyed_hash(&self, purpose: &str, data: &str) -> String {
        use hmac::{Hmac, Mac};
        type HmacSha256 = Hmac<sha2::Sha256>;
        let mut derive =
            <HmacSha256 as Mac>::new_from_slice(self.0.as_slice()).expect("HMAC takes a key of any length");
        derive.update(purpose.as_bytes());
        let key = derive.finalize().into_bytes();
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&key).expect("HMAC takes a key of any length");
        mac.update(data.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    pub fn open(&self, sealed: &str, bound_to: &str) -> Result<String, Unsealable> {
        let bytes = sealed.strip_prefix(VERSION).and_then(|h| hex::decode(h).ok()).ok_or(Unsealable)?;
        if bytes.len() < NONCE_LEN {
            return Err(Unsealable);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let cipher = XChaCha20Poly1305::new(&self.0);
        let plain = cipher
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: bound_to.as_bytes() })
            .map_err(|_| Unsealable)?;
        String::from_utf8(plain).map_err(|_| Unsealable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(digit: char) -> SecretKey {
        SecretKey::parse(&digit.to_string().repeat(64)).unwrap()
    }

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_its_row() {
        let sealed = key('a').seal("wJalrXUtnFEMI/K7MDENG", "account-1");
        assert!(!sealed.contains("wJalrXUtnFEMI"), "the secret is not in the sealed text: {sealed}");
        assert_eq!(key('a').open(&sealed, "account-1").unwrap(), "wJalrXUtnFEMI/K7MDENG");
        assert!(key('b').open(&sealed, "account-1").is_err(), "another key does not open it");
        assert!(key('a').open(&sealed, "account-2").is_err(), "another row does not open it");
        assert_ne!(sealed, key('a').seal("wJalrXUtnFEMI/K7MDENG", "account-1"), "a fresh nonce each time");
        let mut changed = sealed.clone();
        changed.replace_range(sealed.len() - 2.., if sealed.ends_with("00") { "ff" } else { "00" });
        assert!(key('a').open(&changed, "account-1").is_err(), "a changed seal does not open");
    }

    #[test]
    fn the_key_is_64_hexadecimal_digits_and_never_printed() {
        assert!(SecretKey::parse("short").is_err());
        assert!(SecretKey::parse(&"g".repeat(64)).is_err());
        assert_eq!(format!("{:?}", key('c')), "SecretKey(..)");
    }
}
