//! Erasure by number: the recordings a number is a party in, blanking them, and the ledger.

use super::run;
use super::{Db, Reach, Tx};

/// A number's punctuation dropped, in SQL the same on both backends: what `compared_number`
/// does in Rust, applied to a stored number.
fn compared(column: &str) -> String {
    format!("REPLACE(REPLACE(REPLACE(REPLACE(REPLACE({column}, ' ', ''), '-', ''), '.', ''), '(', ''), ')', '')")
}

/// A recording a number is a party in, with what erasing it needs.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PartyIn {
    pub id: String,
    pub started_at: String,
    pub direction: String,
    pub legal_hold: bool,
    pub hold_reason: Option<String>,
    pub hold_case: Option<String>,
    pub hold_by: Option<String>,
    pub hold_at: Option<String>,
    pub storage_key: String,
    pub storage_account_id: Option<String>,
    pub caller_name: String,
    pub caller_number: String,
    pub callee_name: String,
    pub callee_number: String,
    pub trace: String,
    pub audio_erased_at: Option<String>,
}

/// Every recording of the company (within the team limit of `reach`) in which `number` (as
/// compared) is the caller or the callee, newest first.
pub async fn party_in(db: &Db, reach: Reach<'_>, number: &str) -> Result<Vec<PartyIn>, sqlx::Error> {
    let mut sql = format!(
        "SELECT r.id, r.started_at, r.direction, r.legal_hold, r.hold_reason, r.hold_case, r.hold_by, r.hold_at, \
         r.storage_key, r.storage_account_id, r.caller_name, r.caller_number, r.callee_name, r.callee_number, \
         r.trace, r.audio_erased_at FROM recordings r WHERE r.company_id = ? AND ({} = ? OR {} = ?)",
        compared("r.caller_number"),
        compared("r.callee_number"),
    );
    if reach.teams().is_some() {
        sql.push_str(super::recordings::TEAM_SCOPE);
    }
    sql.push_str(" ORDER BY r.started_at DESC, r.id DESC");
    let json = reach.teams_json();
    run!(db, &sql, |q, c| {
        let mut query = sqlx::query_as::<_, PartyIn>(q).bind(reach.company_id()).bind(number).bind(number);
        if let Some(j) = &json {
            query = query.bind(j).bind(j);
        }
        query.fetch_all(c).await
    })
}

/// A recording's parties, search text and trace after an erasure.
pub struct Blanked<'a> {
    pub caller_name: &'a str,
    pub caller_number: &'a str,
    pub callee_name: &'a str,
    pub callee_number: &'a str,
    pub search_text: &'a str,
    pub trace: &'a str,
}

/// Writes the blanked row and marks its audio erased at `at`; never a row on legal hold.
pub async fn blank(tx: &mut Tx, company_id: &str, id: &str, b: &Blanked<'_>, at: &str) -> Result<bool, sqlx::Error> {
    let done = run!(
        tx,
        "UPDATE recordings SET caller_name = ?, caller_number = ?, callee_name = ?, callee_number = ?, \
         search_text = ?, trace = ?, audio_erased_at = COALESCE(audio_erased_at, ?) \
         WHERE company_id = ? AND id = ? AND legal_hold = FALSE",
        |q, c| sqlx::query(q)
            .bind(b.caller_name)
            .bind(b.caller_number)
            .bind(b.callee_name)
            .bind(b.callee_number)
            .bind(b.search_text)
            .bind(b.trace)
            .bind(at)
            .bind(company_id)
            .bind(id)
            .execute(c)
            .await
            .affected()
    )?;
    Ok(done == 1)
}

/// One erasure of the ledger.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ErasureRow {
    pub id: String,
    pub erased_at: String,
    pub erased_by: String,
    pub erased: i64,
    pub kept: i64,
}

pub struct NewErasure<'a> {
    pub id: &'a str,
    pub company_id: &'a str,
    pub number_hash: &'a str,
    pub at: &'a str,
    pub by: &'a str,
    pub erased: i64,
    pub kept: i64,
}

pub async fn record(tx: &mut Tx, e: &NewErasure<'_>) -> Result<(), sqlx::Error> {
    run!(
        tx,
        "INSERT INTO erasures (id, company_id, number_hash, erased_at, erased_by, erased, kept) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        |q, c| sqlx::query(q)
            .bind(e.id)
            .bind(e.company_id)
            .bind(e.number_hash)
            .bind(e.at)
            .bind(e.by)
            .bind(e.erased)
            .bind(e.kept)
            .execute(c)
            .await
            .affected()
    )?;
    Ok(())
}

/// The company's erasures, newest first.
pub async fn ledger(db: &Db, company_id: &str, limit: i64) -> Result<Vec<ErasureRow>, sqlx::Error> {
    run!(
        db,
        "SELECT id, erased_at, erased_by, erased, kept FROM erasures WHERE company_id = ? \
         ORDER BY erased_at DESC, id DESC LIMIT ?",
        |q, c| sqlx::query_as(q).bind(company_id).bind(limit).fetch_all(c).await
    )
}
