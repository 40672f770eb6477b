//! The recording policy as stored: modes at three levels, force record, queue opt-in,
//! user and device overrides. Writes take the version they read and change nothing when it
//! moved on (they return `false`, which the service turns into "changed by someone else").

use super::{contains_pattern, Db, Tx};
use crate::policy::treatment::{ContactCenter, Treatment, TreatmentOverride};
use crate::policy::*;

fn mode(text: &str) -> Mode {
    Mode::parse("mode", text).unwrap_or_default()
}

fn system_mode(text: &str) -> SystemMode {
    SystemMode::parse("mode", text).unwrap_or_default()
}

fn overrides(code: &str) -> Matrix<Override> {
    Matrix::from_code(code).unwrap_or_default()
}

#[derive(sqlx::FromRow)]
struct FactsRow {
    company_id: String,
    company_name: String,
    reseller_id: String,
    reseller_name: String,
    licensed: bool,
    seats: i64,
    sys_mode: String,
    sys_outbound: String,
    res_mode: String,
    res_outbound: String,
    co_mode: String,
    co_outbound: String,
    all_users: i64,
    entire_account: i64,
    on_demand_enabled: bool,
    on_demand_code: String,
    treatment: String,
}

/// A JSON column of the shared model; empty (or, defensively, unreadable) is the default.
pub(crate) fn from_json<T: serde::de::DeserializeOwned + Default>(text: &str) -> T {
    if text.is_empty() {
        return T::default();
    }
    serde_json::from_str(text).unwrap_or_else(|e| {
        tracing::error!(error = %e, "a stored policy setting does not parse; its default applies");
        T::default()
    })
}

/// Everything company-wide a decision reads, in one query.
pub async fn facts(db: &Db, company_id: &str) -> Result<Option<PolicyFacts>, sqlx::Error> {
    let row = sqlx::query_as::<_, FactsRow>(
        "SELECT c.id AS company_id, c.name AS company_name, r.id AS reseller_id, r.name AS reseller_name, \
         c.licensed, c.seats, p.recording_mode AS sys_mode, p.outbound_recording AS sys_outbound, \
         r.recording_mode AS res_mode, r.outbound_recording AS res_outbound, \
         c.recording_mode AS co_mode, c.outbound_recording AS co_outbound, \
         f.all_users, f.entire_account, f.on_demand_enabled, f.on_demand_code, c.treatment \
         FROM companies c JOIN resellers r ON r.id = c.reseller_id \
         JOIN force_record f ON f.company_id = c.id CROSS JOIN platform_settings p \
         WHERE c.id = ?",
    )
    .bind(company_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|r| {
        let company = Origin::new(Level::Company, &r.company_id, &r.company_name);
        let reseller = Origin::new(Level::Reseller, &r.reseller_id, &r.reseller_name);
        let levels = |sys: &str, res: &str, co: &str| ModeLevels {
            system: system_mode(sys),
            reseller: mode(res),
            company: mode(co),
            reseller_origin: reseller.clone(),
            company_origin: company.clone(),
        };
        PolicyFacts {
            recording_mode: levels(&r.sys_mode, &r.res_mode, &r.co_mode),
            outbound_recording: levels(&r.sys_outbound, &r.res_outbound, &r.co_outbound),
            licence: Licence { licensed: r.licensed, seats: r.seats.max(0) as u32 },
            force: ForceRecord {
                all_users: Matrix::from_bits(r.all_users),
                entire_account: Matrix::from_bits(r.entire_account),
                on_demand: OnDemand { enabled: r.on_demand_enabled, code: r.on_demand_code },
            },
            treatment: from_json(&r.treatment),
            company,
        }
    }))
}

pub async fn force_record_version(db: &Db, company_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT version FROM force_record WHERE company_id = ?")
        .bind(company_id)
        .fetch_one(db.pool())
        .await
}

pub async fn update_force_record(
    tx: &mut Tx,
    company_id: &str,
    f: &ForceRecord,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE force_record SET all_users = ?, entire_account = ?, on_demand_enabled = ?, on_demand_code = ?, \
         version = version + 1 WHERE company_id = ? AND version = ?",
    )
    .bind(f.all_users.to_bits())
    .bind(f.entire_account.to_bits())
    .bind(f.on_demand.enabled)
    .bind(f.on_demand.code.trim())
    .bind(company_id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The system level and one reseller, as `(mode, outbound, version)`.
pub async fn system_modes(db: &Db) -> Result<(SystemMode, SystemMode, i64), sqlx::Error> {
    let (m, o, v): (String, String, i64) =
        sqlx::query_as("SELECT recording_mode, outbound_recording, version FROM platform_settings WHERE id = 1")
            .fetch_one(db.pool())
            .await?;
    Ok((system_mode(&m), system_mode(&o), v))
}

pub async fn update_system_modes(tx: &mut Tx, m: SystemMode, o: SystemMode, version: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE platform_settings SET recording_mode = ?, outbound_recording = ?, version = version + 1, \
         updated_at = ? WHERE id = 1 AND version = ?",
    )
    .bind(m.as_str())
    .bind(o.as_str())
    .bind(super::now_text())
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Clone, Debug)]
pub struct ResellerModes {
    pub id: String,
    pub name: String,
    pub mode: Mode,
    pub outbound: Mode,
    pub version: i64,
}

pub async fn reseller_modes(db: &Db, reseller_id: &str) -> Result<Option<ResellerModes>, sqlx::Error> {
    let row: Option<(String, String, String, String, i64)> =
        sqlx::query_as("SELECT id, name, recording_mode, outbound_recording, version FROM resellers WHERE id = ?")
            .bind(reseller_id)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(|(id, name, m, o, version)| ResellerModes { id, name, mode: mode(&m), outbound: mode(&o), version }))
}

pub async fn update_reseller_modes(tx: &mut Tx, id: &str, m: Mode, o: Mode, version: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE resellers SET recording_mode = ?, outbound_recording = ?, version = version + 1 \
         WHERE id = ? AND version = ?",
    )
    .bind(m.as_str())
    .bind(o.as_str())
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn update_company_modes(tx: &mut Tx, id: &str, m: Mode, o: Mode, version: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE companies SET recording_mode = ?, outbound_recording = ?, version = version + 1 \
         WHERE id = ? AND version = ?",
    )
    .bind(m.as_str())
    .bind(o.as_str())
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

// Queues

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
struct QueueRow {
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
            contact_center: from_json(&r.contact_center),
            version: r.version,
        }
    }
}

const SELECT_QUEUE: &str = "SELECT id, name, opt_in_audio_file, opt_in_playbook, opt_in_delay_seconds, \
     opt_in_accept_key, opt_in_reject_key, opt_in_replay_limit, contact_center, version FROM queues";

pub async fn queue(db: &Db, company_id: &str, id: &str) -> Result<Option<QueueRecord>, sqlx::Error> {
    let row = sqlx::query_as::<_, QueueRow>(&format!("{SELECT_QUEUE} WHERE company_id = ? AND id = ?"))
        .bind(company_id)
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(Into::into))
}

/// The queues of a company, `after` a name/id cursor, at most `limit`.
pub async fn queues(db: &Db, company_id: &str, limit: i64) -> Result<Vec<QueueRecord>, sqlx::Error> {
    let rows = sqlx::query_as::<_, QueueRow>(&format!("{SELECT_QUEUE} WHERE company_id = ? ORDER BY name, id LIMIT ?"))
        .bind(company_id)
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
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
    let done = sqlx::query(
        "UPDATE queues SET opt_in_audio_file = ?, opt_in_playbook = ?, opt_in_delay_seconds = ?, \
         opt_in_accept_key = ?, opt_in_reject_key = ?, opt_in_replay_limit = ?, version = version + 1 \
         WHERE company_id = ? AND id = ? AND version = ?",
    )
    .bind(file)
    .bind(playbook)
    .bind(o.delay_seconds)
    .bind(o.accept_key.map(String::from))
    .bind(o.reject_key.map(String::from))
    .bind(o.replay_limit)
    .bind(company_id)
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// True when the audio file or playbook is in this company's library.
pub async fn audio_exists(db: &Db, company_id: &str, audio: &OptInAudio) -> Result<bool, sqlx::Error> {
    let sql = match audio {
        OptInAudio::File(_) => "SELECT COUNT(*) FROM audio_files WHERE company_id = ? AND id = ?",
        OptInAudio::Playbook(_) => "SELECT COUNT(*) FROM playbooks WHERE company_id = ? AND id = ?",
    };
    let n: i64 = sqlx::query_scalar(sql).bind(company_id).bind(audio.id()).fetch_one(db.pool()).await?;
    Ok(n > 0)
}

// Users and devices

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
    pub version: i64,
}

impl UserRecord {
    pub fn overrides(&self) -> Matrix<Override> {
        overrides(&self.override_code)
    }

    pub fn treatment(&self) -> TreatmentOverride {
        from_json(&self.treatment)
    }
}

const SELECT_USER: &str =
    "SELECT id, name, extension, team_id, seat, override_code, email, treatment, version FROM users";

pub async fn user(db: &Db, company_id: &str, id: &str) -> Result<Option<UserRecord>, sqlx::Error> {
    sqlx::query_as::<_, UserRecord>(&format!("{SELECT_USER} WHERE company_id = ? AND id = ?"))
        .bind(company_id)
        .bind(id)
        .fetch_optional(db.pool())
        .await
}

pub async fn users(
    db: &Db,
    company_id: &str,
    teams: Option<&[String]>,
    limit: i64,
) -> Result<Vec<UserRecord>, sqlx::Error> {
    let teams_json = teams.map(|t| serde_json::to_string(t).expect("team ids serialize"));
    sqlx::query_as::<_, UserRecord>(&format!(
        "{SELECT_USER} WHERE company_id = ?1 AND (?2 IS NULL OR team_id IN (SELECT value FROM json_each(?2))) \
         ORDER BY name, id LIMIT ?3"
    ))
    .bind(company_id)
    .bind(teams_json)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

pub async fn seats_used(tx: &mut Tx, company_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE company_id = ? AND seat = 1")
        .bind(company_id)
        .fetch_one(&mut **tx)
        .await
}

pub async fn update_user(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    o: &Matrix<Override>,
    seat: bool,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE users SET override_code = ?, seat = ?, version = version + 1 WHERE company_id = ? AND id = ? AND version = ?",
    )
    .bind(o.to_code())
    .bind(seat)
    .bind(company_id)
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DeviceRecord {
    pub id: String,
    pub name: String,
    pub owner_user_id: Option<String>,
    pub override_code: String,
    pub version: i64,
    pub owner_name: Option<String>,
    pub owner_seat: Option<bool>,
    pub owner_override_code: Option<String>,
    pub owner_email: Option<String>,
    pub owner_treatment: Option<String>,
}

impl DeviceRecord {
    pub fn overrides(&self) -> Matrix<Override> {
        overrides(&self.override_code)
    }

    /// What a decision needs to know of this device and its user.
    pub fn facts(&self) -> DeviceFacts {
        DeviceFacts {
            id: self.id.clone(),
            name: self.name.clone(),
            overrides: self.overrides(),
            owner: self.owner_user_id.as_ref().map(|uid| UserFacts {
                id: uid.clone(),
                name: self.owner_name.clone().unwrap_or_default(),
                seat: self.owner_seat.unwrap_or(false),
                overrides: overrides(self.owner_override_code.as_deref().unwrap_or("iiii")),
                treatment: from_json(self.owner_treatment.as_deref().unwrap_or_default()),
                email: self.owner_email.clone(),
            }),
        }
    }
}

/// A device with its owner's settings, as [`DeviceRecord`] reads it.
macro_rules! device_columns {
    () => {
        "SELECT d.id, d.name, d.owner_user_id, d.override_code, d.version, \
         u.name AS owner_name, u.seat AS owner_seat, u.override_code AS owner_override_code, \
         u.email AS owner_email, u.treatment AS owner_treatment"
    };
}
macro_rules! device_from {
    () => {
        "FROM devices d LEFT JOIN users u ON u.id = d.owner_user_id"
    };
}
const SELECT_DEVICE: &str = concat!(device_columns!(), " ", device_from!());

pub async fn device(db: &Db, company_id: &str, id: &str) -> Result<Option<DeviceRecord>, sqlx::Error> {
    sqlx::query_as::<_, DeviceRecord>(&format!("{SELECT_DEVICE} WHERE d.company_id = ? AND d.id = ?"))
        .bind(company_id)
        .bind(id)
        .fetch_optional(db.pool())
        .await
}

/// The company's devices (of some teams' users only, with `teams`), by name.
pub async fn devices(
    db: &Db,
    company_id: &str,
    teams: Option<&[String]>,
    limit: i64,
) -> Result<Vec<DeviceRecord>, sqlx::Error> {
    Ok(searched(db, &DEVICE_SEARCH, (company_id, teams, ""), (limit, 0)).await?.0)
}

pub async fn user_in_company(tx: &mut Tx, company_id: &str, user_id: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE company_id = ? AND id = ?")
        .bind(company_id)
        .bind(user_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(n > 0)
}

pub async fn update_device(
    tx: &mut Tx,
    company_id: &str,
    id: &str,
    o: &Matrix<Override>,
    owner: Option<&str>,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE devices SET override_code = ?, owner_user_id = ?, version = version + 1 \
         WHERE company_id = ? AND id = ? AND version = ?",
    )
    .bind(o.to_code())
    .bind(owner)
    .bind(company_id)
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The objects the API addresses by their own id.
#[derive(Clone, Copy, Debug)]
pub enum Owned {
    Queue,
    User,
    Device,
}

/// The company an object belongs to, to check the caller's scope before anything else.
pub async fn company_of(db: &Db, kind: Owned, id: &str) -> Result<Option<String>, sqlx::Error> {
    let sql = match kind {
        Owned::Queue => "SELECT company_id FROM queues WHERE id = ?",
        Owned::User => "SELECT company_id FROM users WHERE id = ?",
        Owned::Device => "SELECT company_id FROM devices WHERE id = ?",
    };
    sqlx::query_scalar(sql).bind(id).fetch_optional(db.pool()).await
}

/// How one list is searched. Conditions bind ?1 company, ?2 teams (JSON list), ?3 the
/// LIKE pattern; a condition that does not apply is replaced by a constant test of its
/// parameter, so SQLite neither runs its subqueries nor reads more than the index.
struct Search {
    select: &'static str,
    /// FROM for the count: the list's table alone.
    count_from: &'static str,
    /// FROM for the rows, with what the rows show joined in.
    rows_from: &'static str,
    company: &'static str,
    team: &'static str,
    text: &'static str,
    order: &'static str,
}

/// One page of a searched list and the total that match.
async fn searched<T>(
    db: &Db,
    s: &Search,
    (company_id, teams, q): (&str, Option<&[String]>, &str),
    (limit, offset): (i64, i64),
) -> Result<(Vec<T>, i64), sqlx::Error>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
{
    let teams_json = teams.map(|t| serde_json::to_string(t).expect("team ids serialize"));
    let pattern = contains_pattern(q);
    let filter = format!(
        "WHERE {} {} {}",
        s.company,
        if teams.is_some() { s.team } else { "AND ?2 IS NULL" },
        if q.trim().is_empty() { "AND ?3 = '%%'" } else { s.text }
    );
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {} {filter}", s.count_from))
        .bind(company_id)
        .bind(&teams_json)
        .bind(&pattern)
        .fetch_one(db.pool())
        .await?;
    let rows = sqlx::query_as::<_, T>(&format!(
        "{} {} {filter} ORDER BY {} LIMIT ?4 OFFSET ?5",
        s.select, s.rows_from, s.order
    ))
    .bind(company_id)
    .bind(&teams_json)
    .bind(&pattern)
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    Ok((rows, total))
}

const USER_SEARCH: Search = Search {
    select: "SELECT u.id, u.name, u.extension, t.name AS team, u.seat, u.override_code, u.version, \
             (SELECT COUNT(*) FROM devices d WHERE d.owner_user_id = u.id) AS devices",
    count_from: "FROM users u",
    rows_from: "FROM users u LEFT JOIN teams t ON t.id = u.team_id",
    company: "u.company_id = ?1",
    team: "AND u.team_id IN (SELECT value FROM json_each(?2))",
    text: "AND (u.name LIKE ?3 ESCAPE '\\' OR u.extension LIKE ?3 ESCAPE '\\')",
    order: "u.name, u.id",
};

const DEVICE_SEARCH: Search = Search {
    select: device_columns!(),
    count_from: "FROM devices d",
    rows_from: device_from!(),
    company: "d.company_id = ?1",
    team: "AND d.owner_user_id IN (SELECT id FROM users WHERE team_id IN (SELECT value FROM json_each(?2)))",
    text: "AND (d.name LIKE ?3 ESCAPE '\\' OR d.owner_user_id IN \
           (SELECT id FROM users WHERE company_id = ?1 AND name LIKE ?3 ESCAPE '\\'))",
    order: "d.name, d.id",
};

/// One page of users, searched by name or extension, with the total that match.
pub async fn search_users(
    db: &Db,
    company_id: &str,
    teams: Option<&[String]>,
    q: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<UserListRecord>, i64), sqlx::Error> {
    searched(db, &USER_SEARCH, (company_id, teams, q), (limit, offset)).await
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

/// The devices a user owns, with the user's own settings, as a decision reads them.
pub async fn devices_of_user(db: &Db, company_id: &str, user_id: &str) -> Result<Vec<DeviceRecord>, sqlx::Error> {
    sqlx::query_as::<_, DeviceRecord>(&format!(
        "{SELECT_DEVICE} WHERE d.company_id = ? AND d.owner_user_id = ? ORDER BY d.name, d.id"
    ))
    .bind(company_id)
    .bind(user_id)
    .fetch_all(db.pool())
    .await
}

/// One page of devices, searched by device name or owner name, with the total that match.
pub async fn search_devices(
    db: &Db,
    company_id: &str,
    teams: Option<&[String]>,
    q: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<DeviceRecord>, i64), sqlx::Error> {
    searched(db, &DEVICE_SEARCH, (company_id, teams, q), (limit, offset)).await
}

/// A user's (or a device's) override code and version, inside a transaction.
pub async fn override_of(
    tx: &mut Tx,
    user: bool,
    company_id: &str,
    id: &str,
) -> Result<Option<(String, i64)>, sqlx::Error> {
    let sql = if user {
        "SELECT override_code, version FROM users WHERE company_id = ? AND id = ?"
    } else {
        "SELECT override_code, version FROM devices WHERE company_id = ? AND id = ?"
    };
    sqlx::query_as(sql).bind(company_id).bind(id).fetch_optional(&mut **tx).await
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
    let done = sqlx::query(sql).bind(o.to_code()).bind(company_id).bind(id).bind(version).execute(&mut **tx).await?;
    Ok(done.rows_affected() == 1)
}

pub async fn update_licence(
    tx: &mut Tx,
    id: &str,
    licensed: bool,
    seats: i64,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE companies SET licensed = ?, seats = ?, version = version + 1 WHERE id = ? AND version = ?")
            .bind(licensed)
            .bind(seats)
            .bind(id)
            .bind(version)
            .execute(&mut **tx)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Who already has this extension in the company, if anyone.
pub async fn extension_holder(tx: &mut Tx, company_id: &str, extension: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM users WHERE company_id = ? AND extension = ?")
        .bind(company_id)
        .bind(extension)
        .fetch_optional(&mut **tx)
        .await
}

pub async fn team_in_company(tx: &mut Tx, company_id: &str, team_id: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM teams WHERE company_id = ? AND id = ?")
        .bind(company_id)
        .bind(team_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(n > 0)
}

pub async fn insert_user(
    tx: &mut Tx,
    id: &str,
    company_id: &str,
    u: &crate::model::NewUser,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO users (id, company_id, name, extension, team_id, seat, override_code) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(company_id)
    .bind(u.name.trim())
    .bind(u.extension.trim())
    .bind(&u.team)
    .bind(u.seat)
    .bind(u.overrides.to_code())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn insert_device(
    tx: &mut Tx,
    id: &str,
    company_id: &str,
    d: &crate::model::NewDevice,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO devices (id, company_id, name, owner_user_id, override_code) VALUES (?, ?, ?, ?, ?)")
        .bind(id)
        .bind(company_id)
        .bind(d.name.trim())
        .bind(&d.owner)
        .bind(d.overrides.to_code())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The company's audio files and playbooks, by name, for the opt-in audio dropdown.
pub async fn audio_library(
    db: &Db,
    company_id: &str,
) -> Result<(Vec<crate::model::AudioChoice>, Vec<crate::model::AudioChoice>), sqlx::Error> {
    let list = |table: &'static str| async move {
        let rows: Vec<(String, String)> =
            sqlx::query_as(&format!("SELECT id, name FROM {table} WHERE company_id = ? ORDER BY name, id"))
                .bind(company_id)
                .fetch_all(db.pool())
                .await?;
        Ok::<_, sqlx::Error>(rows.into_iter().map(|(id, name)| crate::model::AudioChoice { id, name }).collect())
    };
    Ok((list("audio_files").await?, list("playbooks").await?))
}

pub async fn queue_named(tx: &mut Tx, company_id: &str, name: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM queues WHERE company_id = ? AND name = ? COLLATE NOCASE")
        .bind(company_id)
        .bind(name)
        .fetch_optional(&mut **tx)
        .await
}

pub async fn insert_queue(tx: &mut Tx, id: &str, company_id: &str, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO queues (id, company_id, name) VALUES (?, ?, ?)")
        .bind(id)
        .bind(company_id)
        .bind(name)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What [`rename`] renames: objects edited with the version they were read at.
#[derive(Clone, Copy, Debug)]
pub enum Renamed {
    Queue,
    Playbook,
}

/// Renames a queue or playbook if it is still at `version`; false when it is not.
pub async fn rename(
    tx: &mut Tx,
    what: Renamed,
    company_id: &str,
    id: &str,
    name: &str,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let table = match what {
        Renamed::Queue => "queues",
        Renamed::Playbook => "playbooks",
    };
    let done = sqlx::query(&format!(
        "UPDATE {table} SET name = ?, version = version + 1 WHERE company_id = ? AND id = ? AND version = ?"
    ))
    .bind(name)
    .bind(company_id)
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete_queue(tx: &mut Tx, company_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM queues WHERE company_id = ? AND id = ?")
        .bind(company_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

// The audio library

pub async fn audio_items(db: &Db, company_id: &str) -> Result<Vec<crate::model::AudioItem>, sqlx::Error> {
    let rows: Vec<(String, String, Option<String>, i64)> =
        sqlx::query_as("SELECT id, name, format, size_bytes FROM audio_files WHERE company_id = ? ORDER BY name, id")
            .bind(company_id)
            .fetch_all(db.pool())
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, format, size_bytes)| crate::model::AudioItem {
            id,
            name,
            format: format.as_deref().and_then(crate::audio::AudioFormat::parse),
            size_bytes,
        })
        .collect())
}

pub async fn audio_named(tx: &mut Tx, company_id: &str, name: &str) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audio_files WHERE company_id = ? AND name = ? COLLATE NOCASE")
            .bind(company_id)
            .bind(name)
            .fetch_one(&mut **tx)
            .await?;
    Ok(n > 0)
}

pub async fn insert_audio(
    tx: &mut Tx,
    id: &str,
    company_id: &str,
    name: &str,
    format: crate::audio::AudioFormat,
    bytes: &[u8],
) -> Result<(), sqlx::Error> {
    insert_library_item(tx, false, id, company_id, name).await?;
    put_audio_content(tx, id, format, bytes).await
}

/// Stores an audio file's bytes with their format and size.
pub async fn put_audio_content(
    tx: &mut Tx,
    id: &str,
    format: crate::audio::AudioFormat,
    bytes: &[u8],
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE audio_files SET format = ?, size_bytes = ? WHERE id = ?")
        .bind(format.as_str())
        .bind(bytes.len() as i64)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO audio_blobs (audio_file_id, bytes) VALUES (?, ?)")
        .bind(id)
        .bind(bytes)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The queues whose opt-in prompt plays this audio file or playbook, by name.
pub async fn queues_playing(tx: &mut Tx, company_id: &str, audio: &OptInAudio) -> Result<Vec<String>, sqlx::Error> {
    let (sql, id) = match audio {
        OptInAudio::File(id) => {
            ("SELECT name FROM queues WHERE company_id = ? AND opt_in_audio_file = ? ORDER BY name", id)
        }
        OptInAudio::Playbook(id) => {
            ("SELECT name FROM queues WHERE company_id = ? AND opt_in_playbook = ? ORDER BY name", id)
        }
    };
    sqlx::query_scalar(sql).bind(company_id).bind(id).fetch_all(&mut **tx).await
}

/// The playbooks that play this audio file, by name.
pub async fn playbooks_playing(tx: &mut Tx, company_id: &str, file_id: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT p.name FROM playbooks p JOIN playbook_items i ON i.playbook_id = p.id \
         WHERE p.company_id = ? AND i.audio_file_id = ? ORDER BY p.name",
    )
    .bind(company_id)
    .bind(file_id)
    .fetch_all(&mut **tx)
    .await
}

/// The company's playbooks with their files in playing order; only `only` when given.
pub async fn playbooks(
    db: &Db,
    company_id: &str,
    only: Option<&str>,
) -> Result<Vec<crate::model::PlaybookView>, sqlx::Error> {
    // Playbook id, name and version, then one of its files (id, name), in playing order.
    type Row = (String, String, i64, Option<String>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT p.id, p.name, p.version, f.id, f.name FROM playbooks p \
         LEFT JOIN playbook_items i ON i.playbook_id = p.id LEFT JOIN audio_files f ON f.id = i.audio_file_id \
         WHERE p.company_id = ?1 AND (?2 IS NULL OR p.id = ?2) ORDER BY p.name, p.id, i.position",
    )
    .bind(company_id)
    .bind(only)
    .fetch_all(db.pool())
    .await?;
    let mut out: Vec<crate::model::PlaybookView> = Vec::new();
    for (id, name, version, file_id, file_name) in rows {
        if out.last().is_none_or(|p| p.id != id) {
            out.push(crate::model::PlaybookView { id, name, files: Vec::new(), version });
        }
        if let (Some(id), Some(name), Some(p)) = (file_id, file_name, out.last_mut()) {
            p.files.push(crate::model::AudioChoice { id, name });
        }
    }
    Ok(out)
}

pub async fn playbook_named(tx: &mut Tx, company_id: &str, name: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM playbooks WHERE company_id = ? AND name = ? COLLATE NOCASE")
        .bind(company_id)
        .bind(name)
        .fetch_optional(&mut **tx)
        .await
}

/// The names of these audio files in the company's library, in the given order; None when
/// one of them is not there.
pub async fn library_files(
    tx: &mut Tx,
    company_id: &str,
    ids: &[String],
) -> Result<Option<Vec<crate::model::AudioChoice>>, sqlx::Error> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM audio_files WHERE company_id = ? AND id = ?")
            .bind(company_id)
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
        match name {
            Some(name) => out.push(crate::model::AudioChoice { id: id.clone(), name }),
            None => return Ok(None),
        }
    }
    Ok(Some(out))
}

/// Adds an audio file (its name only; [`put_audio_content`] gives it content) or a
/// playbook to the company's library.
pub async fn insert_library_item(
    tx: &mut Tx,
    playbook: bool,
    id: &str,
    company_id: &str,
    name: &str,
) -> Result<(), sqlx::Error> {
    let table = if playbook { "playbooks" } else { "audio_files" };
    sqlx::query(&format!("INSERT INTO {table} (id, company_id, name, created_at) VALUES (?, ?, ?, ?)"))
        .bind(id)
        .bind(company_id)
        .bind(name)
        .bind(super::now_text())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Replaces the playbook's files with these, in this order.
pub async fn set_playbook_files(tx: &mut Tx, id: &str, files: &[String]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM playbook_items WHERE playbook_id = ?").bind(id).execute(&mut **tx).await?;
    for (position, file) in files.iter().enumerate() {
        sqlx::query("INSERT INTO playbook_items (playbook_id, position, audio_file_id) VALUES (?, ?, ?)")
            .bind(id)
            .bind(position as i64)
            .bind(file)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn delete_playbook(tx: &mut Tx, company_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM playbooks WHERE company_id = ? AND id = ?")
        .bind(company_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete_audio(tx: &mut Tx, company_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM audio_files WHERE company_id = ? AND id = ?")
        .bind(company_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The company of an audio file or playbook, and which of the two it is.
pub async fn audio_company(db: &Db, id: &str) -> Result<Option<(String, OptInAudio)>, sqlx::Error> {
    let row: Option<(String, bool)> = sqlx::query_as(
        "SELECT company_id, FALSE FROM audio_files WHERE id = ?1 \
         UNION ALL SELECT company_id, TRUE FROM playbooks WHERE id = ?1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|(company, playbook)| {
        (company, if playbook { OptInAudio::Playbook(id.to_string()) } else { OptInAudio::File(id.to_string()) })
    }))
}

/// An audio file's bytes and format, for playing it.
pub async fn audio_bytes(db: &Db, company_id: &str, id: &str) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT f.format, b.bytes FROM audio_files f JOIN audio_blobs b ON b.audio_file_id = f.id \
         WHERE f.company_id = ? AND f.id = ?",
    )
    .bind(company_id)
    .bind(id)
    .fetch_optional(db.pool())
    .await
}

// Recording treatment (migration 0009).

/// A JSON setting of the shared policy model, as stored (see migration 0009).
fn setting_json<T: serde::Serialize + Default + PartialEq>(v: &T) -> Result<String, sqlx::Error> {
    if *v == T::default() {
        return Ok(String::new());
    }
    serde_json::to_string(v).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Runs a versioned UPDATE whose first parameter is the new JSON and whose last three are
/// the company, the row and the version read; false when the version moved on.
async fn write_setting(
    tx: &mut Tx,
    sql: &str,
    json: String,
    company_id: &str,
    id: &str,
    version: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(sql).bind(json).bind(company_id).bind(id).bind(version).execute(&mut **tx).await?.rows_affected()
        == 1)
}

/// The company's treatment defaults over the company's version.
pub async fn update_company_treatment(
    tx: &mut Tx,
    company_id: &str,
    t: &Treatment,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE companies SET treatment = ?1, version = version + 1 WHERE id = ?2 AND id = ?3 AND version = ?4";
    write_setting(tx, sql, setting_json(t)?, company_id, company_id, version).await
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
    sqlx::query("UPDATE users SET email = ? WHERE company_id = ? AND id = ? AND version = ?")
        .bind(email)
        .bind(company_id)
        .bind(id)
        .bind(version)
        .execute(&mut **tx)
        .await?;
    let sql =
        "UPDATE users SET treatment = ?1, version = version + 1 WHERE company_id = ?2 AND id = ?3 AND version = ?4";
    write_setting(tx, sql, setting_json(t)?, company_id, id, version).await
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
    write_setting(tx, sql, setting_json(cc)?, company_id, id, version).await
}

/// The company's treatment defaults and version.
pub async fn company_treatment(db: &Db, company_id: &str) -> Result<Option<(Treatment, i64)>, sqlx::Error> {
    let row: Option<(String, i64)> = sqlx::query_as("SELECT treatment, version FROM companies WHERE id = ?")
        .bind(company_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(|(t, v)| (from_json(&t), v)))
}

/// True when the audio file is the company's and an MP3 (checked by content at upload).
pub async fn audio_is_mp3(db: &Db, company_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audio_files WHERE company_id = ? AND id = ? AND format = 'mp3'")
            .bind(company_id)
            .bind(id)
            .fetch_one(db.pool())
            .await?;
    Ok(n > 0)
}

/// The company's MP3 audio files, by name: what an announcement may play.
pub async fn mp3_files(db: &Db, company_id: &str) -> Result<Vec<crate::model::AudioChoice>, sqlx::Error> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, name FROM audio_files WHERE company_id = ? AND format = 'mp3' ORDER BY name")
            .bind(company_id)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.into_iter().map(|(id, name)| crate::model::AudioChoice { id, name }).collect())
}

/// The users whose e-mail is the viewer's ("Me"), within the viewer's teams when limited.
pub async fn users_with_email(
    db: &Db,
    company_id: &str,
    teams: Option<&[String]>,
    email: &str,
) -> Result<Vec<UserListRecord>, sqlx::Error> {
    let teams_json = teams.map(|t| serde_json::to_string(t).expect("team ids serialize"));
    sqlx::query_as::<_, UserListRecord>(&format!(
        "{} {} WHERE u.company_id = ?1 AND (?2 IS NULL OR u.team_id IN (SELECT value FROM json_each(?2))) \
         AND lower(u.email) = lower(?3) ORDER BY {} LIMIT 50",
        USER_SEARCH.select, USER_SEARCH.rows_from, USER_SEARCH.order
    ))
    .bind(company_id)
    .bind(teams_json)
    .bind(email)
    .fetch_all(db.pool())
    .await
}

/// Who plays the audio file as their recording announcement: the company's defaults and
/// users (the treatment JSON names it as `"file":"<id>"`).
pub async fn announcements_playing(tx: &mut Tx, company_id: &str, file_id: &str) -> Result<Vec<String>, sqlx::Error> {
    let needle = format!("\"file\":\"{file_id}\"");
    sqlx::query_scalar(
        "SELECT 'the company defaults' FROM companies WHERE id = ?1 AND instr(treatment, ?2) > 0 \
         UNION ALL SELECT 'user ' || name FROM users WHERE company_id = ?1 AND instr(treatment, ?2) > 0 LIMIT 10",
    )
    .bind(company_id)
    .bind(&needle)
    .fetch_all(&mut **tx)
    .await
}
