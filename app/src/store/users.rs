//! Users.

use super::run;
use super::Reach;
use super::{Db, Tx};
use crate::policy::treatment::TreatmentOverride;
use crate::policy::*;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserRecord {
    pub id: String,
    pub name: String,
    pub extension: String,
    pub team_id: Option<String>,
    pub seat: bool,
    pub override_code: String,
    pub email: Option<String>,
    pub treatment: String,
    pub external_id: Option<String>,
    pub version: i64,
}

impl UserRecord {
    pub fn overrides(&self) -> Matrix<Override> {
        super::overrides_of(&self.override_code)
    }

    pub fn treatment(&self) -> TreatmentOverride {
        super::from_json(&self.treatment)
    }
}

pub(crate) const SELECT_USER: &str =
    "SELECT id, name, extension, team_id, seat, override_code, email, treatment, external_id, version FROM users";

/// The company's user with this external id, whatever the caller's teams: provisioning must
/// find it to refuse it, not create a second one.
pub async fn user_by_external_id(
    db: &Db,
    company_id: &str,
    external_id: &str,
) -> Result<Option<UserRecord>, sqlx::Error> {
    run!(db, &format!("{SELECT_USER} WHERE company_id = ? AND external_id = ?"), |q, c| {
        sqlx::query_as::<_, UserRecord>(q).bind(company_id).bind(external_id).fetch_optional(c).await
    })
}

/// A user of the company, `None` outside the reach's teams.
pub async fn user(db: &Db, reach: Reach<'_>, id: &str) -> Result<Option<UserRecord>, sqlx::Error> {
    run!(
        db,
        &format!(
            "{SELECT_USER} WHERE company_id = ?1 AND id = ?2 \
         AND (?3 IS NULL OR team_id IN (SELECT value FROM json_each(?3)))"
        ),
        |q, c| sqlx::query_as::<_, UserRecord>(q)
            .bind(reach.company_id())
            .bind(id)
            .bind(reach.teams_json())
            .fetch_optional(c)
            .await
    )
}

/// The users within the reach, by name.
pub async fn users(db: &Db, reach: Reach<'_>, limit: i64) -> Result<Vec<UserRecord>, sqlx::Error> {
    run!(
        db,
        &format!(
            "{SELECT_USER} WHERE company_id = ?1 AND (?2 IS NULL OR team_id IN (SELECT value FROM json_each(?2))) \
         ORDER BY name, id LIMIT ?3"
        ),
        |q, c| sqlx::query_as::<_, UserRecord>(q)
            .bind(reach.company_id())
            .bind(reach.teams_json())
            .bind(limit)
            .fetch_all(c)
            .await
    )
}

pub async fn seats_used(tx: &mut Tx, company_id: &str) -> Result<i64, sqlx::Error> {
    run!(tx, "SELECT COUNT(*) FROM users WHERE company_id = ? AND seat = TRUE", |q, c| sqlx::query_scalar(q)
        .bind(company_id)
        .fetch_one(c)
        .await)
}

pub async fn update_user(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    o: &Matrix<Override>,
    seat: bool,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let done = run!(tx, "UPDATE users SET override_code = ?, seat = ?, version = version + 1 WHERE company_id = ? AND id = ? AND version = ?", |q, c| sqlx::query(q)
    .bind(o.to_code())
    .bind(seat)
    .bind(company_id)
    .bind(id)
    .bind(version)
    .execute(c).await.affected())?;
    Ok(done == 1)
}

const USER_SEARCH: super::search::Search = super::search::Search {
    select: "SELECT u.id, u.name, u.extension, t.name AS team, u.seat, u.override_code, u.version, \
             (SELECT COUNT(*) FROM devices d WHERE d.owner_user_id = u.id) AS devices",
    count_from: "FROM users u",
    rows_from: "FROM users u LEFT JOIN teams t ON t.id = u.team_id",
    company: "u.company_id = ?1",
    team: "AND u.team_id IN (SELECT value FROM json_each(?2))",
    text: "AND (u.name LIKE ?3 ESCAPE '\\' OR u.extension LIKE ?3 ESCAPE '\\')",
    order: "u.name, u.id",
};

/// One page of users, searched by name or extension, with the total that match.
/// `only`: the teams the page's filter chose, inside what `reach` reaches.
pub async fn search_users(
    db: &Db,
    reach: Reach<'_>,
    only: Option<&[String]>,
    q: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<UserListRecord>, i64), sqlx::Error> {
    super::search::searched(db, &USER_SEARCH, (reach, only, q), (limit, offset)).await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserListRecord {
    pub id: String,
    pub name: String,
    pub extension: String,
    pub team: Option<String>,
    pub seat: bool,
    pub override_code: String,
    pub version: i64,
    pub devices: i64,
}

/// Who else (than user `except`) already has this extension in the company, if anyone: their
/// id and name.
pub async fn extension_holder(
    tx: &mut Tx,
    company_id: &str,
    extension: &str,
    except: Option<&str>,
) -> Result<Option<(String, String)>, sqlx::Error> {
    run!(
        tx,
        "SELECT id, name FROM users WHERE company_id = ?1 AND extension = ?2 AND (?3 IS NULL OR id <> ?3)",
        |q, c| sqlx::query_as(q).bind(company_id).bind(extension).bind(except).fetch_optional(c).await
    )
}

/// What the PBX (or an import) says of a user: name, extension, team, seat and external id,
/// over the version read.
pub async fn update_provisioned_user(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    u: &crate::model::NewUser,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let done = run!(
        tx,
        "UPDATE users SET name = ?, extension = ?, team_id = ?, seat = ?, external_id = ?, version = version + 1 \
         WHERE company_id = ? AND id = ? AND version = ?",
        |q, c| sqlx::query(q)
            .bind(u.name.trim())
            .bind(u.extension.trim())
            .bind(&u.team)
            .bind(u.seat)
            .bind(&u.external_id)
            .bind(company_id)
            .bind(id)
            .bind(version)
            .execute(c)
            .await
            .affected()
    )?;
    Ok(done == 1)
}

/// Deletes the user: their devices stay, unowned, and their recordings keep the user's name
/// (the foreign keys set the user to none). False when not found.
pub async fn delete_user(tx: &mut Tx, company_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    run!(
        tx,
        "UPDATE recordings SET user_name = (SELECT name FROM users WHERE id = ?1) WHERE company_id = ?2 AND user_id = ?1",
        |q, c| sqlx::query(q).bind(id).bind(company_id).execute(c).await.affected()
    )?;
    let done = run!(tx, "DELETE FROM users WHERE company_id = ? AND id = ?", |q, c| sqlx::query(q)
        .bind(company_id)
        .bind(id)
        .execute(c)
        .await
        .affected())?;
    Ok(done == 1)
}

pub async fn team_in_company(tx: &mut Tx, company_id: &str, team_id: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = run!(tx, "SELECT COUNT(*) FROM teams WHERE company_id = ? AND id = ?", |q, c| sqlx::query_scalar(q)
        .bind(company_id)
        .bind(team_id)
        .fetch_one(c)
        .await)?;
    Ok(n > 0)
}

pub async fn insert_user(
    tx: &mut Tx,
    id: &str,
    company_id: &str,
    u: &crate::model::NewUser,
) -> Result<(), sqlx::Error> {
    run!(tx, "INSERT INTO users (id, company_id, name, extension, team_id, seat, override_code, external_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", |q, c| sqlx::query(q)
    .bind(id)
    .bind(company_id)
    .bind(u.name.trim())
    .bind(u.extension.trim())
    .bind(&u.team)
    .bind(u.seat)
    .bind(u.overrides.to_code())
    .bind(&u.external_id)
    .execute(c).await.affected())?;
    Ok(())
}

/// A user's own options and e-mail address over the user's version.
pub async fn update_user_treatment(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    t: &TreatmentOverride,
    email: Option<&str>,
    version: i64,
) -> Result<bool, sqlx::Error> {
    run!(tx, "UPDATE users SET email = ? WHERE company_id = ? AND id = ? AND version = ?", |q, c| sqlx::query(q)
        .bind(email)
        .bind(company_id)
        .bind(id)
        .bind(version)
        .execute(c)
        .await
        .affected())?;
    let sql =
        "UPDATE users SET treatment = ?1, version = version + 1 WHERE company_id = ?2 AND id = ?3 AND version = ?4";
    super::treatment::write_setting(tx, sql, super::treatment::setting_json(t)?, company_id, id, version).await
}

/// The users whose e-mail is the viewer's ("Me"), within the viewer's teams when limited.
pub async fn users_with_email(db: &Db, reach: Reach<'_>, email: &str) -> Result<Vec<UserListRecord>, sqlx::Error> {
    let teams_json = reach.teams_json();
    run!(
        db,
        &format!(
            "{} {} WHERE u.company_id = ?1 AND (?2 IS NULL OR u.team_id IN (SELECT value FROM json_each(?2))) \
         AND lower(u.email) = lower(?3) ORDER BY {} LIMIT 50",
            USER_SEARCH.select, USER_SEARCH.rows_from, USER_SEARCH.order
        ),
        |q, c| sqlx::query_as::<_, UserListRecord>(q)
            .bind(reach.company_id())
            .bind(teams_json)
            .bind(email)
            .fetch_all(c)
            .await
    )
}
