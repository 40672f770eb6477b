//! The tenancy tree (platform > resellers > companies) and the objects a company owns.

use super::run;
use super::{now_text, Db, Tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CompanyRecord {
    pub id: String,
    pub name: String,
    pub reseller_id: String,
    pub reseller_name: String,
    pub licensed: bool,
    pub seats: i64,
    pub version: i64,
}

const SELECT_COMPANY: &str =
    "SELECT c.id, c.name, c.reseller_id, r.name AS reseller_name, c.licensed, c.seats, c.version \
     FROM companies c JOIN resellers r ON r.id = c.reseller_id";

pub async fn company(db: &Db, id: &str) -> Result<Option<CompanyRecord>, sqlx::Error> {
    run!(db, &format!("{SELECT_COMPANY} WHERE c.id = ?"), |q, c| sqlx::query_as::<_, CompanyRecord>(q)
        .bind(id)
        .fetch_optional(c)
        .await)
}

/// Companies, optionally only one reseller's or only one, ordered by reseller then name.
pub async fn companies(
    db: &Db,
    reseller_id: Option<&str>,
    company_id: Option<&str>,
) -> Result<Vec<CompanyRecord>, sqlx::Error> {
    run!(
        db,
        &format!(
            "{SELECT_COMPANY} WHERE (?1 IS NULL OR c.reseller_id = ?1) AND (?2 IS NULL OR c.id = ?2) \
         ORDER BY r.name, c.name"
        ),
        |q, c| sqlx::query_as::<_, CompanyRecord>(q).bind(reseller_id).bind(company_id).fetch_all(c).await
    )
}

#[derive(Clone, Debug, Default)]
pub struct CompanyCounts {
    pub queues: i64,
    pub users: i64,
    pub devices: i64,
    pub teams: i64,
    pub seats_used: i64,
}

pub async fn counts(db: &Db, company_id: &str) -> Result<CompanyCounts, sqlx::Error> {
    let (queues, users, devices, teams, seats_used): (i64, i64, i64, i64, i64) = run!(
        db,
        "SELECT (SELECT COUNT(*) FROM queues WHERE company_id = ?1), \
                (SELECT COUNT(*) FROM users WHERE company_id = ?1), \
                (SELECT COUNT(*) FROM devices WHERE company_id = ?1), \
                (SELECT COUNT(*) FROM teams WHERE company_id = ?1), \
                (SELECT COUNT(*) FROM users WHERE company_id = ?1 AND seat = TRUE)",
        |q, c| sqlx::query_as(q).bind(company_id).fetch_one(c).await
    )?;
    Ok(CompanyCounts { queues, users, devices, teams, seats_used })
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct QueueRow {
    pub id: String,
    pub name: String,
}

pub async fn queues(db: &Db, company_id: &str, limit: i64) -> Result<Vec<QueueRow>, sqlx::Error> {
    run!(db, "SELECT id, name FROM queues WHERE company_id = ? ORDER BY name, id LIMIT ?", |q, c| sqlx::query_as::<
        _,
        QueueRow,
    >(q)
    .bind(company_id)
    .bind(limit)
    .fetch_all(c)
    .await)
}

// Writes used by the demo seed and by `create-admin`. Each returns the existing id when the
// natural key is already there, so seeding twice changes nothing.

pub async fn ensure_platform(tx: &mut Tx) -> Result<(), sqlx::Error> {
    run!(tx, "INSERT INTO platform_settings (id, updated_at) VALUES (1, ?) ON CONFLICT (id) DO NOTHING", |q, c| {
        sqlx::query(q).bind(now_text()).execute(c).await.affected()
    })?;
    Ok(())
}

async fn existing_or(tx: &mut Tx, select: &str, keys: &[&str], id: String) -> Result<(String, bool), sqlx::Error> {
    let found = run!(tx, select, |q, c| {
        let mut q = sqlx::query_scalar::<_, String>(q);
        for k in keys {
            q = q.bind(*k);
        }
        q.fetch_optional(c).await
    })?;
    match found {
        Some(found) => Ok((found, false)),
        None => Ok((id, true)),
    }
}

pub async fn ensure_reseller(tx: &mut Tx, name: &str) -> Result<String, sqlx::Error> {
    let (id, new) = existing_or(tx, "SELECT id FROM resellers WHERE name = ?", &[name], super::new_id()).await?;
    if new {
        run!(tx, "INSERT INTO resellers (id, name, created_at) VALUES (?, ?, ?)", |q, c| sqlx::query(q)
            .bind(&id)
            .bind(name)
            .bind(now_text())
            .execute(c)
            .await
            .affected())?;
    }
    Ok(id)
}

pub async fn ensure_company(
    tx: &mut Tx,
    reseller_id: &str,
    name: &str,
    licensed: bool,
    seats: i64,
) -> Result<String, sqlx::Error> {
    let (id, new) = existing_or(
        tx,
        "SELECT id FROM companies WHERE reseller_id = ? AND name = ?",
        &[reseller_id, name],
        super::new_id(),
    )
    .await?;
    if new {
        run!(
            tx,
            "INSERT INTO companies (id, reseller_id, name, licensed, seats, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            |q, c| sqlx::query(q)
                .bind(&id)
                .bind(reseller_id)
                .bind(name)
                .bind(licensed)
                .bind(seats)
                .bind(now_text())
                .execute(c)
                .await
                .affected()
        )?;
    }
    Ok(id)
}

pub async fn ensure_team(tx: &mut Tx, company_id: &str, name: &str) -> Result<String, sqlx::Error> {
    let (id, new) =
        existing_or(tx, "SELECT id FROM teams WHERE company_id = ? AND name = ?", &[company_id, name], super::new_id())
            .await?;
    if new {
        run!(tx, "INSERT INTO teams (id, company_id, name) VALUES (?, ?, ?)", |q, c| sqlx::query(q)
            .bind(&id)
            .bind(company_id)
            .bind(name)
            .execute(c)
            .await
            .affected())?;
    }
    Ok(id)
}

pub async fn ensure_queue(
    tx: &mut Tx,
    company_id: &str,
    name: &str,
    served_by: Option<&str>,
) -> Result<String, sqlx::Error> {
    let (id, new) = existing_or(
        tx,
        "SELECT id FROM queues WHERE company_id = ? AND name = ?",
        &[company_id, name],
        super::new_id(),
    )
    .await?;
    if new {
        run!(tx, "INSERT INTO queues (id, company_id, name) VALUES (?, ?, ?)", |q, c| sqlx::query(q)
            .bind(&id)
            .bind(company_id)
            .bind(name)
            .execute(c)
            .await
            .affected())?;
        if let Some(team) = served_by {
            run!(tx, "INSERT INTO team_queues (team_id, queue_id) VALUES (?, ?)", |q, c| sqlx::query(q)
                .bind(team)
                .bind(&id)
                .execute(c)
                .await
                .affected())?;
        }
    }
    Ok(id)
}

pub async fn ensure_user(
    tx: &mut Tx,
    company_id: &str,
    name: &str,
    extension: &str,
    team_id: Option<&str>,
    seat: bool,
) -> Result<String, sqlx::Error> {
    let (id, new) = existing_or(
        tx,
        "SELECT id FROM users WHERE company_id = ? AND extension = ?",
        &[company_id, extension],
        super::new_id(),
    )
    .await?;
    if new {
        run!(
            tx,
            "INSERT INTO users (id, company_id, name, extension, team_id, seat) VALUES (?, ?, ?, ?, ?, ?)",
            |q, c| sqlx::query(q)
                .bind(&id)
                .bind(company_id)
                .bind(name)
                .bind(extension)
                .bind(team_id)
                .bind(seat)
                .execute(c)
                .await
                .affected()
        )?;
    }
    Ok(id)
}

pub async fn ensure_device(
    tx: &mut Tx,
    company_id: &str,
    name: &str,
    owner: Option<&str>,
) -> Result<String, sqlx::Error> {
    let (id, new) = existing_or(
        tx,
        "SELECT id FROM devices WHERE company_id = ? AND name = ?",
        &[company_id, name],
        super::new_id(),
    )
    .await?;
    if new {
        run!(tx, "INSERT INTO devices (id, company_id, name, owner_user_id) VALUES (?, ?, ?, ?)", |q, c| sqlx::query(
            q
        )
        .bind(&id)
        .bind(company_id)
        .bind(name)
        .bind(owner)
        .execute(c)
        .await
        .affected())?;
    }
    Ok(id)
}

/// An audio file or playbook of the company's library, by name.
pub async fn ensure_audio(tx: &mut Tx, company_id: &str, playbook: bool, name: &str) -> Result<String, sqlx::Error> {
    let table = if playbook { "playbooks" } else { "audio_files" };
    let (id, new) = existing_or(
        tx,
        &format!("SELECT id FROM {table} WHERE company_id = ? AND name = ?"),
        &[company_id, name],
        super::new_id(),
    )
    .await?;
    if new {
        super::audio_library::insert_library_item(tx, playbook, &id, company_id, name).await?;
    }
    Ok(id)
}

/// Gives a demo playbook its files when it has none yet.
pub async fn ensure_playbook_files(tx: &mut Tx, playbook_id: &str, files: &[String]) -> Result<(), sqlx::Error> {
    let has: i64 = run!(tx, "SELECT COUNT(*) FROM playbook_items WHERE playbook_id = ?", |q, c| sqlx::query_scalar(q)
        .bind(playbook_id)
        .fetch_one(c)
        .await)?;
    if has == 0 {
        super::audio_library::set_playbook_files(tx, playbook_id, files).await?;
    }
    Ok(())
}

/// Gives a queue that has no prompt yet the demo's opt-in prompt.
pub async fn ensure_demo_prompt(tx: &mut Tx, queue_id: &str, audio_file: &str) -> Result<(), sqlx::Error> {
    run!(
        tx,
        "UPDATE queues SET opt_in_audio_file = ?, opt_in_accept_key = '1', opt_in_reject_key = '2' \
         WHERE id = ? AND opt_in_audio_file IS NULL AND opt_in_playbook IS NULL",
        |q, c| sqlx::query(q).bind(audio_file).bind(queue_id).execute(c).await.affected()
    )?;
    Ok(())
}

/// Gives a demo audio file content when it has none yet.
pub async fn ensure_audio_content(tx: &mut Tx, id: &str, bytes: &[u8]) -> Result<(), sqlx::Error> {
    let has: i64 = run!(tx, "SELECT COUNT(*) FROM audio_blobs WHERE audio_file_id = ?", |q, c| sqlx::query_scalar(q)
        .bind(id)
        .fetch_one(c)
        .await)?;
    if has == 0 {
        super::audio_library::put_audio_content(tx, id, crate::model::audio::AudioFormat::Wav, bytes).await?;
    }
    Ok(())
}

/// (id, name) of every reseller, or of one, by name.
pub async fn resellers(db: &Db, only: Option<&str>) -> Result<Vec<(String, String)>, sqlx::Error> {
    run!(db, "SELECT id, name FROM resellers WHERE (?1 IS NULL OR id = ?1) ORDER BY name", |q, c| sqlx::query_as(q)
        .bind(only)
        .fetch_all(c)
        .await)
}
