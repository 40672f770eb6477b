//! Queues.

use super::run;
use super::Reach;
use super::{Db, Tx};
use crate::policy::treatment::ContactCenter;
use crate::policy::*;

#[derive(Clone, Debug)]
pub struct QueueRecord {
    pub id: String,
    pub name: String,
    pub opt_in: OptIn,
    pub contact_center: ContactCenter,
    pub version: i64,
}

impl QueueRecord {
    pub fn facts(&self) -> QueueFacts {
        QueueFacts {
            id: self.id.clone(),
            name: self.name.clone(),
            opt_in: self.opt_in.clone(),
            contact_center: self.contact_center.clone(),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct QueueRow {
    id: String,
    name: String,
    opt_in_audio_file: Option<String>,
    opt_in_playbook: Option<String>,
    opt_in_delay_seconds: i64,
    opt_in_accept_key: Option<String>,
    opt_in_reject_key: Option<String>,
    opt_in_replay_limit: i64,
    contact_center: String,
    version: i64,
}

impl From<QueueRow> for QueueRecord {
    fn from(r: QueueRow) -> QueueRecord {
        let key = |k: Option<String>| k.and_then(|k| DtmfKey::parse("key", &k).ok());
        QueueRecord {
            id: r.id,
            name: r.name,
            opt_in: OptIn {
                audio: r.opt_in_audio_file.map(OptInAudio::File).or(r.opt_in_playbook.map(OptInAudio::Playbook)),
                delay_seconds: r.opt_in_delay_seconds.clamp(0, 600) as u32,
                accept_key: key(r.opt_in_accept_key),
                reject_key: key(r.opt_in_reject_key),
                replay_limit: r.opt_in_replay_limit.clamp(0, 100) as u32,
            },
            contact_center: super::from_json(&r.contact_center),
            version: r.version,
        }
    }
}

pub(crate) const SELECT_QUEUE: &str = "SELECT id, name, opt_in_audio_file, opt_in_playbook, opt_in_delay_seconds, \
     opt_in_accept_key, opt_in_reject_key, opt_in_replay_limit, contact_center, version FROM queues";

/// A queue of the company. Reading a queue's settings is not limited to teams (Queues: View
/// shows the company's queues); changing one is, see [`queue_to_change`].
pub async fn queue(db: &Db, reach: Reach<'_>, id: &str) -> Result<Option<QueueRecord>, sqlx::Error> {
    let row =
        run!(db, &format!("{SELECT_QUEUE} WHERE company_id = ? AND id = ?"), |q, c| sqlx::query_as::<_, QueueRow>(q)
            .bind(reach.company_id())
            .bind(id)
            .fetch_optional(c)
            .await)?;
    Ok(row.map(Into::into))
}

/// A queue the reach may change: for an administrator limited to teams, only a queue one of
/// their teams serves.
pub async fn queue_to_change(db: &Db, reach: Reach<'_>, id: &str) -> Result<Option<QueueRecord>, sqlx::Error> {
    let row = run!(
        db,
        &format!(
            "{SELECT_QUEUE} WHERE company_id = ?1 AND id = ?2 AND (?3 IS NULL OR id IN \
         (SELECT queue_id FROM team_queues WHERE team_id IN (SELECT value FROM json_each(?3))))"
        ),
        |q, c| sqlx::query_as::<_, QueueRow>(q)
            .bind(reach.company_id())
            .bind(id)
            .bind(reach.teams_json())
            .fetch_optional(c)
            .await
    )?;
    Ok(row.map(Into::into))
}

/// The queues of a company, `after` a name/id cursor, at most `limit`.
pub async fn queues(db: &Db, reach: Reach<'_>, limit: i64) -> Result<Vec<QueueRecord>, sqlx::Error> {
    let rows =
        run!(db, &format!("{SELECT_QUEUE} WHERE company_id = ? ORDER BY name, id LIMIT ?"), |q, c| sqlx::query_as::<
            _,
            QueueRow,
        >(q)
        .bind(reach.company_id())
        .bind(limit)
        .fetch_all(c)
        .await)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn update_queue_opt_in(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    o: &OptIn,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let (file, playbook) = match &o.audio {
        Some(OptInAudio::File(f)) => (Some(f.as_str()), None),
        Some(OptInAudio::Playbook(p)) => (None, Some(p.as_str())),
        None => (None, None),
    };
    let done = run!(
        tx,
        "UPDATE queues SET opt_in_audio_file = ?, opt_in_playbook = ?, opt_in_delay_seconds = ?, \
         opt_in_accept_key = ?, opt_in_reject_key = ?, opt_in_replay_limit = ?, version = version + 1 \
         WHERE company_id = ? AND id = ? AND version = ?",
        |q, c| sqlx::query(q)
            .bind(file)
            .bind(playbook)
            .bind(i64::from(o.delay_seconds))
            .bind(o.accept_key.map(String::from))
            .bind(o.reject_key.map(String::from))
            .bind(i64::from(o.replay_limit))
            .bind(company_id)
            .bind(id)
            .bind(version)
            .execute(c)
            .await
            .affected()
    )?;
    Ok(done == 1)
}

pub async fn queue_named(tx: &mut Tx, company_id: &str, name: &str) -> Result<Option<String>, sqlx::Error> {
    run!(tx, "SELECT id FROM queues WHERE company_id = ? AND lower(name) = lower(?)", |q, c| sqlx::query_scalar(q)
        .bind(company_id)
        .bind(name)
        .fetch_optional(c)
        .await)
}

pub async fn insert_queue(tx: &mut Tx, id: &str, company_id: &str, name: &str) -> Result<(), sqlx::Error> {
    run!(tx, "INSERT INTO queues (id, company_id, name) VALUES (?, ?, ?)", |q, c| sqlx::query(q)
        .bind(id)
        .bind(company_id)
        .bind(name)
        .execute(c)
        .await
        .affected())?;
    Ok(())
}

pub async fn delete_queue(tx: &mut Tx, company_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done = run!(tx, "DELETE FROM queues WHERE company_id = ? AND id = ?", |q, c| sqlx::query(q)
        .bind(company_id)
        .bind(id)
        .execute(c)
        .await
        .affected())?;
    Ok(done == 1)
}

/// A queue's contact-center options over the queue's version.
pub async fn update_contact_center(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    cc: &ContactCenter,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE queues SET contact_center = ?1, version = version + 1 WHERE company_id = ?2 AND id = ?3 AND version = ?4";
    super::treatment::write_setting(tx, sql, super::treatment::setting_json(cc)?, company_id, id, version).await
}
