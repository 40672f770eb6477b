//! Which company an object addressed by its own id belongs to: the first step of
//! [`crate::access::capability::Principal::company_of`], which then checks the caller's
//! scope and privilege on that company.

use super::run;
use super::Db;

/// The objects the API addresses by their own id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owned {
    Queue,
    User,
    Device,
    /// An audio file or a playbook of the library.
    Audio,
    Token,
    Recording,
}

/// The company an object belongs to, to check the caller's scope before anything else.
pub async fn company_of(db: &Db, kind: Owned, id: &str) -> Result<Option<String>, sqlx::Error> {
    let sql = match kind {
        Owned::Queue => "SELECT company_id FROM queues WHERE id = ?1",
        Owned::User => "SELECT company_id FROM users WHERE id = ?1",
        Owned::Device => "SELECT company_id FROM devices WHERE id = ?1",
        Owned::Audio => {
            "SELECT company_id FROM audio_files WHERE id = ?1 UNION ALL SELECT company_id FROM playbooks WHERE id = ?1"
        }
        Owned::Token => "SELECT company_id FROM api_tokens WHERE id = ?1",
        Owned::Recording => "SELECT company_id FROM recordings WHERE id = ?1",
    };
    run!(db, sql, |q, c| sqlx::query_scalar(q).bind(id).fetch_optional(c).await)
}
