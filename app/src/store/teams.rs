//! Teams of a company: their users (a user is in at most one team), the queues they serve,
//! and the supervisors limited to them.

use super::run;
use super::{Db, Tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TeamRow {
    pub id: String,
    pub company_id: String,
    pub name: String,
    pub version: i64,
}

pub async fn teams(db: &Db, company_id: &str) -> Result<Vec<TeamRow>, sqlx::Error> {
    run!(db, "SELECT id, company_id, name, version FROM teams WHERE company_id = ? ORDER BY name", |q, c| {
        sqlx::query_as::<_, TeamRow>(q).bind(company_id).fetch_all(c).await
    })
}

/// The teams of these companies, by company then name, in one query.
pub async fn teams_of(db: &Db, company_ids: &[String]) -> Result<Vec<TeamRow>, sqlx::Error> {
    let ids = serde_json::to_string(company_ids).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    run!(
        db,
        "SELECT id, company_id, name, version FROM teams \
         WHERE company_id IN (SELECT value FROM json_each(?)) ORDER BY company_id, name",
        |q, c| sqlx::query_as::<_, TeamRow>(q).bind(ids).fetch_all(c).await
    )
}

/// (team, user) of every member of the company's teams.
pub async fn members(db: &Db, company_id: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
    run!(
        db,
        "SELECT u.team_id, u.id FROM users u WHERE u.company_id = ? AND u.team_id IS NOT NULL ORDER BY u.name",
        |q, c| sqlx::query_as(q).bind(company_id).fetch_all(c).await
    )
}

/// (team, queue) of every queue the company's teams serve.
pub async fn served_queues(db: &Db, company_id: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
    run!(
        db,
        "SELECT tq.team_id, tq.queue_id FROM team_queues tq JOIN teams t ON t.id = tq.team_id \
         WHERE t.company_id = ?",
        |q, c| sqlx::query_as(q).bind(company_id).fetch_all(c).await
    )
}

/// (team, e-mail) of every administrator limited to one of the company's teams.
pub async fn supervisors(db: &Db, company_id: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
    run!(
        db,
        "SELECT x.team_id, a.email FROM administrator_teams x JOIN teams t ON t.id = x.team_id \
         JOIN administrators a ON a.id = x.administrator_id WHERE t.company_id = ? ORDER BY a.email",
        |q, c| sqlx::query_as(q).bind(company_id).fetch_all(c).await
    )
}

/// (id, name, extension, team) of the company's users, by name.
pub async fn users(db: &Db, company_id: &str) -> Result<Vec<(String, String, String, Option<String>)>, sqlx::Error> {
    run!(db, "SELECT id, name, extension, team_id FROM users WHERE company_id = ? ORDER BY name, id", |q, c| {
        sqlx::query_as(q).bind(company_id).fetch_all(c).await
    })
}

pub async fn name_taken(tx: &mut Tx, company_id: &str, name: &str, except: &str) -> Result<bool, sqlx::Error> {
    let n: i64 =
        run!(tx, "SELECT COUNT(*) FROM teams WHERE company_id = ? AND lower(name) = lower(?) AND id <> ?", |q, c| {
            sqlx::query_scalar(q).bind(company_id).bind(name).bind(except).fetch_one(c).await
        })?;
    Ok(n > 0)
}

pub async fn insert(tx: &mut Tx, id: &str, company_id: &str, name: &str) -> Result<(), sqlx::Error> {
    run!(tx, "INSERT INTO teams (id, company_id, name) VALUES (?, ?, ?)", |q, c| sqlx::query(q)
        .bind(id)
        .bind(company_id)
        .bind(name)
        .execute(c)
        .await
        .affected())?;
    Ok(())
}

/// Renames over the version read; false when it moved on (or the team is not the company's).
pub async fn rename(tx: &mut Tx, company_id: &str, id: &str, version: i64, name: &str) -> Result<bool, sqlx::Error> {
    Ok(run!(
        tx,
        "UPDATE teams SET name = ?, version = version + 1 WHERE id = ? AND company_id = ? AND version = ?",
        |q, c| sqlx::query(q).bind(name).bind(id).bind(company_id).bind(version).execute(c).await.affected()
    )? == 1)
}

/// Makes exactly `users` (of the company) the team's members: others leave it, these join it
/// (leaving any team they were in).
pub async fn set_members(tx: &mut Tx, company_id: &str, id: &str, users: &[String]) -> Result<(), sqlx::Error> {
    run!(tx, "UPDATE users SET team_id = NULL, version = version + 1 WHERE company_id = ? AND team_id = ?", |q, c| {
        sqlx::query(q).bind(company_id).bind(id).execute(c).await.affected()
    })?;
    for user in users {
        run!(tx, "UPDATE users SET team_id = ?, version = version + 1 WHERE company_id = ? AND id = ?", |q, c| {
            sqlx::query(q).bind(id).bind(company_id).bind(user).execute(c).await.affected()
        })?;
    }
    Ok(())
}

pub async fn set_queues(tx: &mut Tx, id: &str, queues: &[String]) -> Result<(), sqlx::Error> {
    run!(tx, "DELETE FROM team_queues WHERE team_id = ?", |q, c| sqlx::query(q).bind(id).execute(c).await.affected())?;
    for queue in queues {
        run!(tx, "INSERT INTO team_queues (team_id, queue_id) VALUES (?, ?)", |q, c| sqlx::query(q)
            .bind(id)
            .bind(queue)
            .execute(c)
            .await
            .affected())?;
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
        let found: i64 = run!(tx, &sql, |q, c| sqlx::query_scalar(q).bind(company_id).bind(id).fetch_one(c).await)?;
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
    Ok(run!(tx, "DELETE FROM teams WHERE id = ? AND company_id = ?", |q, c| sqlx::query(q)
        .bind(id)
        .bind(company_id)
        .execute(c)
        .await
        .affected())?
        == 1)
}

/// E-mails of the administrators limited to the team.
pub async fn limited_to(tx: &mut Tx, id: &str) -> Result<Vec<String>, sqlx::Error> {
    run!(
        tx,
        "SELECT a.email FROM administrator_teams x JOIN administrators a ON a.id = x.administrator_id \
         WHERE x.team_id = ? ORDER BY a.email",
        |q, c| sqlx::query_scalar(q).bind(id).fetch_all(c).await
    )
}
