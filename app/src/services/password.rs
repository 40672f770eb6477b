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

type Job = Box<dyn FnOnce() + Send>;

/// Each argon2 run takes 19 MiB and a core for a moment. They run on threads of their own, as
/// many as there are cores, and the others wait their turn: 500 sign-ins at once cost a few
/// runs' memory, not 500 (nor, on the blocking pool's many threads, an allocator arena of
/// 19 MiB kept by each thread that ever ran one).
fn argon2_threads() -> &'static std::sync::Mutex<std::sync::mpsc::Sender<Job>> {
    static QUEUE: OnceLock<std::sync::Mutex<std::sync::mpsc::Sender<Job>>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (send, receive) = std::sync::mpsc::channel::<Job>();
        let receive = std::sync::Arc::new(std::sync::Mutex::new(receive));
        for n in 0..std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2) {
            let receive = receive.clone();
            let spawned = std::thread::Builder::new().name(format!("argon2-{n}")).spawn(move || loop {
                let job = match receive.lock() {
                    Ok(r) => r.recv(),
                    Err(_) => return,
                };
                match job {
                    Ok(job) => job(),
                    Err(_) => return,
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start an argon2 thread");
            }
        }
        std::sync::Mutex::new(send)
    })
}

/// Runs `f` on an argon2 thread, and waits for it without holding up the async threads.
async fn in_turn<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
    let (done, answer) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = done.send(f());
    });
    argon2_threads()
        .lock()
        .map_err(|_| AppError::internal("the argon2 queue is poisoned"))?
        .send(job)
        .map_err(AppError::internal)?;
    answer.await.map_err(AppError::internal)
}

pub async fn hash(password: String) -> AppResult<String> {
    in_turn(move || hash_blocking(&password)).await?.map_err(AppError::internal)
}

pub async fn verify(hash: String, password: String) -> AppResult<bool> {
    in_turn(move || verify_blocking(&hash, &password)).await
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[tokio::test]
    async fn no_more_argon2_runs_at_once_than_cores() {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let runs: Vec<_> = (0..cores * 4)
            .map(|_| {
                let (running, most) = (running.clone(), most.clone());
                tokio::spawn(super::in_turn(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(30));
                    running.fetch_sub(1, Ordering::SeqCst);
                }))
            })
            .collect();
        for r in runs {
            r.await.unwrap().unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), cores, "runs at once");
    }
}
