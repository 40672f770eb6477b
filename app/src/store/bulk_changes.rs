//! One override cell for several users or devices.

use super::run;
use super::Reach;
use super::Tx;
use crate::policy::*;

/// A user's (or a device's) override code and version, inside a transaction; `None`
/// outside the reach's teams (a device through its owner's team).
pub async fn override_of(
    tx: &mut Tx,
    user: bool,
    reach: Reach<'_>,
    id: &str,
) -> Result<Option<(String, i64)>, sqlx::Error> {
    let sql = if user {
        "SELECT override_code, version FROM users WHERE company_id = ?1 AND id = ?2 \
         AND (?3 IS NULL OR team_id IN (SELECT value FROM json_each(?3)))"
    } else {
        "SELECT d.override_code, d.version FROM devices d LEFT JOIN users u ON u.id = d.owner_user_id \
         WHERE d.company_id = ?1 AND d.id = ?2 AND (?3 IS NULL OR u.team_id IN (SELECT value FROM json_each(?3)))"
    };
    run!(tx, sql, |q, c| sqlx::query_as(q)
        .bind(reach.company_id())
        .bind(id)
        .bind(reach.teams_json())
        .fetch_optional(c)
        .await)
}

pub async fn set_override(
    tx: &mut Tx,
    user: bool,
    company_id: &str,
    id: &str,
    o: &Matrix<Override>,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let sql = if user {
        "UPDATE users SET override_code = ?, version = version + 1 WHERE company_id = ? AND id = ? AND version = ?"
    } else {
        "UPDATE devices SET override_code = ?, version = version + 1 WHERE company_id = ? AND id = ? AND version = ?"
    };
    let done = run!(tx, sql, |q, c| sqlx::query(q)
        .bind(o.to_code())
        .bind(company_id)
        .bind(id)
        .bind(version)
        .execute(c)
        .await
        .affected())?;
    Ok(done == 1)
}
