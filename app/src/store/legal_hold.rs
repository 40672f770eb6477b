//! Legal holds on recordings' rows, one or every recording a list filter matches.

use super::run;
use super::Tx;
use crate::model::legal_hold::HoldForm;

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
