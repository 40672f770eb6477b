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

/// Whether a password appears in the bundled list of common passwords, as typed or with the
/// digits and signs people add at its end taken off ("Password1234!" is "password").
pub fn is_common_password(password: &str) -> bool {
    use std::collections::HashSet;
    use std::sync::OnceLock;
    static LIST: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let list = LIST.get_or_init(|| {
        include_str!("../../data/common-passwords.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    });
    let lower = password.trim().to_lowercase();
    let stem = lower.trim_end_matches(|c: char| !c.is_alphabetic());
    list.contains(lower.as_str()) || (stem.len() >= 4 && list.contains(stem))
}

/// All the rules of a new password, the bundled list included.
pub fn check_new(password: &str, confirm: &str, email: &str) -> AppResult<()> {
    crate::model::administrators::check_new_password(password, confirm, email)?;
    if is_common_password(password) {
        return Err(AppError::invalid(
            "password",
            "This password is among the most common ones and easily guessed. Choose another, e.g. a few unrelated words.",
        ));
    }
    Ok(())
}
