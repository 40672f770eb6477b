//! Stored recordings' rows. The list query is built from the filters present only, so that
//! SQLite can walk the (company, time) or (company, direction, time) index in order and
//! stop after one page, however deep the cursor.

use super::run;
use super::{Db, Reach, Tx};
use crate::model::recordings::{Direction, ListQuery, Party};

/// A recording row as an upload writes it.
pub struct NewRecording<'a> {
    pub id: &'a str,
    pub company_id: &'a str,
    pub call_id: &'a str,
    pub started_at: &'a str,
    pub duration_ms: i64,
    pub direction: Direction,
    pub caller: &'a Party,
    pub callee: &'a Party,
    pub user_id: Option<&'a str>,
    pub device_id: Option<&'a str>,
    pub queue_id: Option<&'a str>,
    pub trace: &'a str,
    pub format: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub storage_key: &'a str,
    /// The company's storage account that holds it; none: the platform's storage.
    pub storage_account_id: Option<&'a str>,
    pub peaks: &'a [u8],
    /// JSON, and the caller's choice beside it.
    pub consent: Option<&'a str>,
    pub caller_choice: Option<&'a str>,
    pub pauses: &'a str,
}

/// Lower-case names and numbers of both parties: what the search box matches.
pub fn search_text(caller: &Party, callee: &Party) -> String {
    [&caller.name, &caller.number, &callee.name, &callee.number]
        .iter()
        .map(|s| s.trim().to_lowercase())
        .collect::<Vec<_>>()
        .join("\n")
}

pub async fn insert(tx: &mut Tx, r: &NewRecording<'_>) -> Result<(), sqlx::Error> {
    run!(
        tx,
        "INSERT INTO recordings (id, company_id, call_id, started_at, duration_ms, direction, caller_name, \
         caller_number, callee_name, callee_number, user_id, device_id, queue_id, trace, format, size_bytes, sha256, \
         storage_key, storage_account_id, peaks, search_text, uploaded_at, consent, caller_choice, pauses) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        |q, c| sqlx::query(q)
            .bind(r.id)
            .bind(r.company_id)
            .bind(r.call_id)
            .bind(r.started_at)
            .bind(r.duration_ms)
            .bind(r.direction.as_str())
            .bind(r.caller.name.trim())
            .bind(r.caller.number.trim())
            .bind(r.callee.name.trim())
            .bind(r.callee.number.trim())
            .bind(r.user_id)
            .bind(r.device_id)
            .bind(r.queue_id)
            .bind(r.trace)
            .bind(r.format)
            .bind(r.size_bytes)
            .bind(r.sha256)
            .bind(r.storage_key)
            .bind(r.storage_account_id)
            .bind(r.peaks)
            .bind(search_text(r.caller, r.callee))
            .bind(super::now_text())
            .bind(r.consent)
            .bind(r.caller_choice)
            .bind(r.pauses)
            .execute(c)
            .await
            .affected()
    )?;
    Ok(())
}

/// The recording already stored for this call: its id and SHA-256.
pub async fn by_call_id(db: &Db, company_id: &str, call_id: &str) -> Result<Option<(String, String)>, sqlx::Error> {
    run!(db, "SELECT id, sha256 FROM recordings WHERE company_id = ? AND call_id = ?", |q, c| sqlx::query_as(q)
        .bind(company_id)
        .bind(call_id)
        .fetch_optional(c)
        .await)
}

/// True when `id` is a row of `table` (users, devices, queues) of this company.
pub async fn belongs(db: &Db, table: &'static str, company_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let n: i64 =
        run!(db, &format!("SELECT COUNT(*) FROM {table} WHERE company_id = ? AND id = ?"), |q, c| sqlx::query_scalar(
            q
        )
        .bind(company_id)
        .bind(id)
        .fetch_one(c)
        .await)?;
    Ok(n > 0)
}

const COLUMNS: &str = "r.id, r.call_id, r.started_at, r.duration_ms, r.direction, r.caller_name, r.caller_number, \
     r.callee_name, r.callee_number, COALESCE(u.name, r.user_name) AS user_name, q.name AS queue_name, r.legal_hold";
const JOINS: &str = "recordings r LEFT JOIN users u ON u.id = r.user_id LEFT JOIN queues q ON q.id = r.queue_id";
const JOINS_ON_MATCH: &str =
    "recordings r ON r.seq = m.seq LEFT JOIN users u ON u.id = r.user_id LEFT JOIN queues q ON q.id = r.queue_id";
/// A supervisor limited to teams: recordings of their teams' users or of queues they serve.
pub(crate) const TEAM_SCOPE: &str =
    " AND (r.user_id IN (SELECT id FROM users WHERE team_id IN (SELECT value FROM json_each(?))) \
     OR r.queue_id IN (SELECT queue_id FROM team_queues WHERE team_id IN (SELECT value FROM json_each(?))))";

/// A recording as the list reads it, with the names of its user and queue.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ListedRecording {
    pub id: String,
    pub call_id: String,
    pub started_at: String,
    pub duration_ms: i64,
    /// `inbound` or `outbound`.
    pub direction: String,
    pub caller_name: String,
    pub caller_number: String,
    pub callee_name: String,
    pub callee_number: String,
    pub user_name: Option<String>,
    pub queue_name: Option<String>,
    pub legal_hold: bool,
}

/// A recording with everything stored about it, its file's storage key included.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StoredRecording {
    #[sqlx(flatten)]
    pub listed: ListedRecording,
    pub device_name: Option<String>,
    pub format: String,
    pub size_bytes: i64,
    pub sha256: String,
    /// The decision's trace as JSON.
    pub trace: String,
    pub peaks: Vec<u8>,
    pub hold_reason: Option<String>,
    pub hold_case: Option<String>,
    pub hold_by: Option<String>,
    pub hold_at: Option<String>,
    pub audio_erased_at: Option<String>,
    pub consent: Option<String>,
    pub pauses: String,
    pub uploaded_at: String,
    pub storage_key: String,
    pub storage_account_id: Option<String>,
}

/// A play or download of a recording, from the audit log.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AccessRow {
    pub at: String,
    pub actor_email: Option<String>,
    pub action: String,
}

/// Below this many matches in the whole search index, the list starts from the index's
/// matches; above it, from the time index (a common text is met early walking newest first).
pub const RARE_MATCHES: i64 = 300;

/// The search text as a pattern for the trigram index, when the index can answer it: at
/// least 3 characters and none of LIKE's wildcards (the index takes no ESCAPE clause).
fn indexed_pattern(q: &ListQuery) -> Option<String> {
    let text = q.q.as_deref()?;
    (text.chars().count() >= 3 && !text.contains(['%', '_', '\\'])).then(|| format!("%{text}%"))
}

/// True when the search text is indexed and matches fewer than [`RARE_MATCHES`] rows.
pub async fn is_rare(db: &Db, q: &ListQuery) -> Result<bool, sqlx::Error> {
    // PostgreSQL's planner weighs the trigram index against the time index by itself.
    if matches!(db.pool(), super::Pool::Postgres(_)) {
        return Ok(false);
    }
    let Some(pattern) = indexed_pattern(q) else { return Ok(false) };
    let n: i64 = run!(
        db,
        "SELECT COUNT(*) FROM (SELECT rowid FROM recordings_search WHERE search_text LIKE ? LIMIT ?)",
        |q, c| sqlx::query_scalar(q).bind(pattern).bind(RARE_MATCHES).fetch_one(c).await
    )?;
    Ok(n < RARE_MATCHES)
}

/// The SQL of one page of the list and its parameters (all text), in the order it reads the
/// index (see [`ListQuery::reads_ascending`]). With `rare` (see [`is_rare`]) it starts
/// from the search index's matches. Public so the benchmark can run the very same query in
/// the sqlite3 shell.
pub fn list_sql(
    company_id: &str,
    teams: Option<&[String]>,
    q: &ListQuery,
    limit: usize,
    rare: bool,
) -> (String, Vec<String>) {
    let mut binds: Vec<String> = Vec::new();
    let mut sql = match indexed_pattern(q).filter(|_| rare) {
        // CROSS JOIN keeps SQLite's planner from walking the time index instead.
        Some(pattern) => {
            binds.push(pattern);
            format!(
                "SELECT {COLUMNS} FROM (SELECT rowid AS seq FROM recordings_search WHERE search_text LIKE ?) m \
                 CROSS JOIN {JOINS_ON_MATCH} WHERE r.company_id = ?"
            )
        }
        None => format!("SELECT {COLUMNS} FROM {JOINS} WHERE r.company_id = ?"),
    };
    binds.push(company_id.to_string());
    if let Some(d) = q.direction {
        sql.push_str(" AND r.direction = ?");
        binds.push(d.as_str().into());
    }
    if let Some(from) = &q.from {
        sql.push_str(" AND r.started_at >= ?");
        binds.push(from.clone());
    }
    if let Some(until) = &q.until {
        sql.push_str(" AND r.started_at < ?");
        binds.push(until.clone());
    }
    // A literal, not a bind: the binds are text, and the flag is a boolean in PostgreSQL.
    match q.hold {
        Some(true) => sql.push_str(" AND r.legal_hold = TRUE"),
        Some(false) => sql.push_str(" AND r.legal_hold = FALSE"),
        None => {}
    }
    if let Some(choice) = q.consent {
        sql.push_str(" AND r.caller_choice = ?");
        binds.push(choice.as_str().into());
    }
    if let (Some(text), false) = (&q.q, rare && indexed_pattern(q).is_some()) {
        sql.push_str(" AND r.search_text LIKE ? ESCAPE '\\'");
        binds.push(super::contains_pattern(text));
    }
    if let Some(t) = teams {
        sql.push_str(TEAM_SCOPE);
        let json = serde_json::to_string(t).expect("team ids serialize");
        binds.push(json.clone());
        binds.push(json);
    }
    let ascending = q.reads_ascending();
    if let Some((t, id)) = if ascending { &q.after } else { &q.before } {
        sql.push_str(if ascending {
            " AND (r.started_at, r.id) > (?, ?)"
        } else {
            " AND (r.started_at, r.id) < (?, ?)"
        });
        binds.push(t.clone());
        binds.push(id.clone());
    }
    // One more row than the page: it says whether there is more.
    sql.push_str(&if ascending {
        format!(" ORDER BY r.started_at ASC, r.id ASC LIMIT {}", limit + 1)
    } else {
        format!(" ORDER BY r.started_at DESC, r.id DESC LIMIT {}", limit + 1)
    });
    (sql, binds)
}

/// The ids of up to `limit` recordings the filter matches within `reach` (its cursor
/// ignored), each with whether it is held: the list's own query, so a bulk action (legal hold,
/// download) takes exactly what the list shows.
pub async fn matching(
    db: &Db,
    reach: Reach<'_>,
    q: &ListQuery,
    limit: usize,
) -> Result<Vec<(String, bool)>, sqlx::Error> {
    let whole = ListQuery { before: None, after: None, oldest_first: false, ..q.clone() };
    let rare = is_rare(db, &whole).await?;
    let (inner, binds) = list_sql(reach.company_id(), reach.teams(), &whole, limit, rare);
    let sql = format!("SELECT m.id, m.legal_hold FROM ({inner}) m");
    run!(db, &sql, |q, c| {
        let mut query = sqlx::query_as::<_, (String, bool)>(q);
        for b in &binds {
            query = query.bind(b);
        }
        query.fetch_all(c).await
    })
}

/// One page of the list in the order asked for, and whether there are more rows beyond it
/// in the direction it was read (older, or newer when read ascending).
pub async fn list(
    db: &Db,
    reach: Reach<'_>,
    q: &ListQuery,
    limit: usize,
) -> Result<(Vec<ListedRecording>, bool), sqlx::Error> {
    let rare = is_rare(db, q).await?;
    let (sql, binds) = list_sql(reach.company_id(), reach.teams(), q, limit, rare);
    let mut rows = run!(db, &sql, |q, c| {
        let mut query = sqlx::query_as::<_, ListedRecording>(q);
        for b in &binds {
            query = query.bind(b);
        }
        query.fetch_all(c).await
    })?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    if q.reads_ascending() != q.oldest_first {
        rows.reverse();
    }
    Ok((rows, more))
}

/// A recording of the company, within the team limit of `reach`.
pub async fn get(db: &Db, reach: Reach<'_>, id: &str) -> Result<Option<StoredRecording>, sqlx::Error> {
    let mut sql = format!(
        "SELECT {COLUMNS}, COALESCE(d.name, r.device_name) AS device_name, r.format, r.size_bytes, r.sha256, r.trace, r.peaks, r.hold_reason, \
         r.hold_case, r.hold_by, r.hold_at, r.audio_erased_at, r.consent, r.pauses, r.uploaded_at, r.storage_key, r.storage_account_id FROM {JOINS} LEFT JOIN devices d ON d.id = r.device_id \
         WHERE r.company_id = ? AND r.id = ?"
    );
    if reach.teams().is_some() {
        sql.push_str(TEAM_SCOPE);
    }
    let json = reach.teams_json();
    run!(db, &sql, |q, c| {
        let mut query = sqlx::query_as::<_, StoredRecording>(q).bind(reach.company_id()).bind(id);
        if let Some(j) = &json {
            query = query.bind(j).bind(j);
        }
        query.fetch_optional(c).await
    })
}

pub async fn delete(tx: &mut Tx, company_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done =
        run!(tx, "DELETE FROM recordings WHERE company_id = ? AND id = ? AND legal_hold = FALSE", |q, c| sqlx::query(
            q
        )
        .bind(company_id)
        .bind(id)
        .execute(c)
        .await
        .affected())?;
    Ok(done == 1)
}

/// A demo company that has no recordings yet, with what a seeded recording may name.
pub struct SeedTarget {
    pub company_id: String,
    /// Id, name and extension, by extension.
    pub users: Vec<(String, String, String)>,
    /// Id and name, by name.
    pub queues: Vec<(String, String)>,
}

/// The company of this name, when it exists and has no recordings (the demo seed's target).
pub async fn seed_target(db: &Db, company_name: &str) -> Result<Option<SeedTarget>, sqlx::Error> {
    let company_id: Option<String> = run!(db, "SELECT id FROM companies WHERE name = ?", |q, c| {
        sqlx::query_scalar(q).bind(company_name).fetch_optional(c).await
    })?;
    let Some(company_id) = company_id else { return Ok(None) };
    let has: i64 = run!(db, "SELECT COUNT(*) FROM recordings WHERE company_id = ?", |q, c| {
        sqlx::query_scalar(q).bind(&company_id).fetch_one(c).await
    })?;
    if has > 0 {
        return Ok(None);
    }
    let users = run!(db, "SELECT id, name, extension FROM users WHERE company_id = ? ORDER BY extension", |q, c| {
        sqlx::query_as(q).bind(&company_id).fetch_all(c).await
    })?;
    let queues = run!(db, "SELECT id, name FROM queues WHERE company_id = ? ORDER BY name", |q, c| {
        sqlx::query_as(q).bind(&company_id).fetch_all(c).await
    })?;
    Ok(Some(SeedTarget { company_id, users, queues }))
}

/// Who played or downloaded the recording, newest first.
pub async fn accesses(db: &Db, id: &str) -> Result<Vec<AccessRow>, sqlx::Error> {
    run!(
        db,
        "SELECT at, actor_email, action FROM audit_log WHERE object_kind = 'recording' AND object_id = ? \
         AND action IN ('recording.play', 'recording.download') ORDER BY id DESC LIMIT 200",
        |q, c| sqlx::query_as(q).bind(id).fetch_all(c).await
    )
}

/// What a recording's row says of its file, for `earmark check-storage`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredFile {
    pub id: String,
    pub storage_key: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// Which rows a storage holds: those kept in the platform's storage, or those of the storage
/// accounts at one place (every account saved for the same endpoint, bucket and prefix: a
/// changed secret is a new account of the same bucket).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeldIn {
    Platform,
    Bucket { endpoint: String, bucket: String, prefix: String },
}

/// The files of the rows `held` names, in key order, a page at a time after `after_key` (of
/// one company, or all).
pub async fn stored_files(
    db: &Db,
    held: &HeldIn,
    company_id: Option<&str>,
    after_key: &str,
    limit: i64,
) -> Result<Vec<StoredFile>, sqlx::Error> {
    match held {
        HeldIn::Platform => run!(
            db,
            "SELECT id, storage_key, size_bytes, sha256 FROM recordings \
             WHERE (?1 IS NULL OR company_id = ?1) AND storage_account_id IS NULL AND audio_erased_at IS NULL AND storage_key > ?2 \
             ORDER BY storage_key LIMIT ?3",
            |q, c| sqlx::query_as(q).bind(company_id).bind(after_key).bind(limit).fetch_all(c).await
        ),
        HeldIn::Bucket { endpoint, bucket, prefix } => run!(
            db,
            "SELECT r.id, r.storage_key, r.size_bytes, r.sha256 FROM recordings r \
             JOIN storage_accounts a ON a.id = r.storage_account_id \
             WHERE (?1 IS NULL OR r.company_id = ?1) AND a.endpoint = ?4 AND a.bucket = ?5 AND a.prefix = ?6 AND r.audio_erased_at IS NULL \
             AND r.storage_key > ?2 ORDER BY r.storage_key LIMIT ?3",
            |q, c| sqlx::query_as(q)
                .bind(company_id)
                .bind(after_key)
                .bind(limit)
                .bind(endpoint)
                .bind(bucket)
                .bind(prefix)
                .fetch_all(c)
                .await
        ),
    }
}
