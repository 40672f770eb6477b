//! Teams of a company: their users (a user is in at most one team), the queues they serve,
//! and the supervisors limited to them.

use super::{Db, Tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TeamRow {
    pub id: String,
    pub company_id: String,
    pub name: String,
    pub version: i64,
}

pub async fn teams(db: &Db, company_id: &str) -> Result<Vec<TeamRow>, sqlx::Error> {
    sqlx::query_as::<_, TeamRow>("SELECT id, company_id, name, version FROM teams WHERE company_id = ? ORDER BY name")
        .bind(company_id)
        .fetch_all(db.pool())
        .await
}

/// The teams of these companies, by company then name, in one query.
pub async fn teams_of(db: &Db, company_ids: &[String]) -> Result<Vec<TeamRow>, sqlx::Error> {
    let ids = serde_json::to_string(company_ids).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query_as::<_, TeamRow>(
        "SELECT id, company_id, name, version FROM teams \
         WHERE company_id IN (SELECT value FROM json_each(?)) ORDER BY company_id, name",
    )
    .bind(ids)
    .fetch_all(db.pool())
    .await
}

/// (team, user) of every member of the company's teams.
pub async fn members(db: &Db, company_id: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.team_id, u.id FROM users u WHERE u.company_id = ? AND u.team_id IS NOT NULL ORDER BY u.name",
    )
    .bind(company_id)
    .fetch_all(db.pool())
    .await
}

/// (team, queue) of every queue the company's teams serve.
pub async fn served_queues(db: &Db, company_id: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT tq.team_id, tq.queue_id FROM team_queues tq JOIN teams t ON t.id = tq.team_id \
         WHERE t.company_id = ?",
    )
    .bind(company_id)
    .fetch_all(db.pool())
    .await
}

/// (team, e-mail) of every administrator limited to one of the company's teams.
pub async fn supervisors(db: &Db, company_id: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT x.team_id, a.email FROM administrator_teams x JOIN teams t ON t.id = x.team_id \
         JOIN administrators a ON a.id = x.administrator_id WHERE t.company_id = ? ORDER BY a.email",
    )
    .bind(company_id)
    .fetch_all(db.pool())
    .await
}

/// (id, name, extension, team) of the company's users, by name.
pub async fn users(db: &Db, company_id: &str) -> Result<Vec<(String, String, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, extension, team_id FROM users WHERE company_id = ? ORDER BY name, id")
        .bind(company_id)
        .fetch_all(db.pool())
        .await
}

pub async fn name_taken(tx: &mut Tx, company_id: &str, name: &str, except: &str) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM teams WHERE company_id = ? AND name = ? COLLATE NOCASE AND id <> ?")
            .bind(company_id)
            .bind(name)
            .bind(except)
            .fetch_one(&mut **tx)
            .await?;
    Ok(n > 0)
}

pub async fn insert(tx: &mut Tx, id: &str, company_id: &str, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO teams (id, company_id, name) VALUES (?, ?, ?)")
        .bind(id)
        .bind(company_id)
        .bind(name)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Renames over the version read; false when it moved on (or the team is not the company's).
pub async fn rename(tx: &mut Tx, company_id: &str, id: &str, version: i64, name: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("UPDATE teams SET name = ?, version = version + 1 WHERE id = ? AND company_id = ? AND version = ?")
        .bind(name)
        .bind(id)
        .bind(company_id)
        .bind(version)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        == 1)
}

/// Makes exactly `users` (of the company) the team's members: others leave it, these join it
/// (leaving any team they were in).
pub async fn set_members(tx: &mut Tx, company_id: &str, id: &str, users: &[String]) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET team_id = NULL, version = version + 1 WHERE company_id = ? AND team_id = ?")
        .bind(company_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for user in users {
        sqlx::query("UPDATE users SET team_id = ?, version = version + 1 WHERE company_id = ? AND id = ?")
            .bind(id)
            .bind(company_id)
            .bind(user)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn set_queues(tx: &mut Tx, id: &str, queues: &[String]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM team_queues WHERE team_id = ?").bind(id).execute(&mut **tx).await?;
    for queue in queues {
        sqlx::query("INSERT INTO team_queues (team_id, queue_id) VALUES (?, ?)")
            .bind(id)
            .bind(queue)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// How many of `ids` are the company's rows of `table` (users, queues or teams).
pub async fn count_of_company(
    tx: &mut Tx,
    table: Owned,
    company_id: &str,
    ids: &[String],
) -> Result<usize, sqlx::Error> {
    let mut n = 0;
    for id in ids {
        let sql = format!("SELECT COUNT(*) FROM {} WHERE company_id = ? AND id = ?", table.table());
        let found: i64 = sqlx::query_scalar(&sql).bind(company_id).bind(id).fetch_one(&mut **tx).await?;
        n += found as usize;
    }
    Ok(n)
}

/// The company tables a team form refers to.
#[derive(Clone, Copy, Debug)]
pub enum Owned {
    Users,
    Queues,
    Teams,
}

impl Owned {
    fn table(self) -> &'static str {
        match self {
            Owned::Users => "users",
            Owned::Queues => "queues",
            Owned::Teams => "teams",
        }
    }
}

/// Deletes the team: its users stay in the company without a team. False when not found.
pub async fn delete(tx: &mut Tx, company_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM teams WHERE id = ? AND company_id = ?")
        .bind(id)
        .bind(company_id)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        == 1)
}

/// E-mails of the administrators limited to the team.
pub async fn limited_to(tx: &mut Tx, id: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT a.email FROM administrator_teams x JOIN administrators a ON a.id = x.administrator_id \
         WHERE x.team_id = ? ORDER BY a.email",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await
}
