//! Legal holds on recordings' rows, one or every recording a list filter matches.

use super::run;
use super::{Db, Reach, Tx};
use crate::model::legal_hold::HoldForm;
use crate::model::recordings::ListQuery;

/// Places the hold (or replaces its reason and case) on the company's recording `id`.
pub async fn place(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    hold: &HoldForm,
    by: &str,
    at: &str,
) -> Result<bool, sqlx::Error> {
    let done = run!(
        tx,
        "UPDATE recordings SET legal_hold = TRUE, hold_reason = ?, hold_case = ?, hold_by = ?, hold_at = ? \
         WHERE company_id = ? AND id = ?",
        |q, c| sqlx::query(q)
            .bind(&hold.reason)
            .bind(&hold.case_reference)
            .bind(by)
            .bind(at)
            .bind(company_id)
            .bind(id)
            .execute(c)
            .await
            .affected()
    )?;
    Ok(done == 1)
}

/// Releases the hold of the company's recording `id`; false when it was not held.
pub async fn release(tx: &mut Tx, company_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done = run!(
        tx,
        "UPDATE recordings SET legal_hold = FALSE, hold_reason = NULL, hold_case = NULL, hold_by = NULL, \
         hold_at = NULL WHERE company_id = ? AND id = ? AND legal_hold = TRUE",
        |q, c| sqlx::query(q).bind(company_id).bind(id).execute(c).await.affected()
    )?;
    Ok(done == 1)
}

/// The ids of up to `limit` recordings the filter matches within `reach` (its cursor
/// ignored), each with whether it is held: the list's own query, so the bulk action changes
/// exactly what the list shows.
pub async fn matching(
    db: &Db,
    reach: Reach<'_>,
    q: &ListQuery,
    limit: usize,
) -> Result<Vec<(String, bool)>, sqlx::Error> {
    let whole = ListQuery { before: None, after: None, oldest_first: false, ..q.clone() };
    let rare = super::recordings::is_rare(db, &whole).await?;
    let (inner, binds) = super::recordings::list_sql(reach.company_id(), reach.teams(), &whole, limit, rare);
    let sql = format!("SELECT m.id, m.legal_hold FROM ({inner}) m");
    run!(db, &sql, |q, c| {
        let mut query = sqlx::query_as::<_, (String, bool)>(q);
        for b in &binds {
            query = query.bind(b);
        }
        query.fetch_all(c).await
    })
}
