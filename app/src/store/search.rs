//! The searched lists of the Users and Devices pages.

use super::run;
use super::{contains_pattern, Db, Reach};

/// How one list is searched. Conditions bind ?1 company, ?2 teams (JSON list), ?3 the
/// LIKE pattern; a condition that does not apply is replaced by a constant test of its
/// parameter, so SQLite neither runs its subqueries nor reads more than the index.
pub(crate) struct Search {
    pub(crate) select: &'static str,
    /// FROM for the count: the list's table alone.
    pub(crate) count_from: &'static str,
    /// FROM for the rows, with what the rows show joined in.
    pub(crate) rows_from: &'static str,
    pub(crate) company: &'static str,
    pub(crate) team: &'static str,
    pub(crate) text: &'static str,
    pub(crate) order: &'static str,
}

/// One page of a searched list and the total that match: what `reach` reaches, narrowed to
/// the teams in `only` when given.
pub(crate) async fn searched<T>(
    db: &Db,
    s: &Search,
    (reach, only, q): (Reach<'_>, Option<&[String]>, &str),
    (limit, offset): (i64, i64),
) -> Result<(Vec<T>, i64), sqlx::Error>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
        + Send
        + Unpin,
{
    let company_id = reach.company_id();
    let teams = reach.narrowed(only);
    let teams_json = teams.as_ref().map(|t| serde_json::to_string(t).expect("team ids serialize"));
    let pattern = contains_pattern(q);
    let filter = format!(
        "WHERE {} {} {}",
        s.company,
        if teams.is_some() { s.team } else { "AND ?2 IS NULL" },
        if q.trim().is_empty() { "AND ?3 = '%%'" } else { s.text }
    );
    let total: i64 = run!(db, &format!("SELECT COUNT(*) {} {filter}", s.count_from), |q, c| sqlx::query_scalar(q)
        .bind(company_id)
        .bind(&teams_json)
        .bind(&pattern)
        .fetch_one(c)
        .await)?;
    let rows =
        run!(db, &format!("{} {} {filter} ORDER BY {} LIMIT ?4 OFFSET ?5", s.select, s.rows_from, s.order), |q, c| {
            sqlx::query_as::<_, T>(q)
                .bind(company_id)
                .bind(&teams_json)
                .bind(&pattern)
                .bind(limit)
                .bind(offset)
                .fetch_all(c)
                .await
        })?;
    Ok((rows, total))
}
