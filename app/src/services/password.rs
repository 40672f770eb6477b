//! Password hashing: argon2id with the crate's defaults (OWASP's parameters), always on a
//! blocking thread so a login never stalls the async workers.

use crate::error::{AppError, AppResult};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;

fn hash_blocking(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

fn verify_blocking(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

pub async fn hash(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)
}

pub async fn verify(hash: String, password: String) -> AppResult<bool> {
    tokio::task::spawn_blocking(move || verify_blocking(&hash, &password)).await.map_err(AppError::internal)
}

/// A hash to verify against when the e-mail is unknown, so that an unknown account costs
/// the same time as a wrong password.
pub async fn dummy_hash() -> AppResult<String> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(h) = DUMMY.get() {
        return Ok(h.clone());
    }
    let h = hash(uuid::Uuid::new_v4().to_string()).await?;
    Ok(DUMMY.get_or_init(|| h).clone())
}
