//! Reading and writing the recording policy, and the decision for one call. Every write
//! checks the licence, validates with the shared policy model, and commits together with
//! its audit row (before and after); a write whose version moved on changes nothing.

use crate::access::capability::{can, Actor, CompanyAccess, Principal, ResellerAccess, SystemAccess};
use crate::error::{AppError, AppResult};
use crate::model::*;
use crate::policy::{self, *};
use crate::store::{self, audit, Db, Tx};
use serde::Serialize;

/// The most devices and queues the simulator lists.
pub const SIMULATOR_LIMIT: i64 = 500;
/// The most rows a list of the API returns.
pub const LIST_LIMIT: i64 = 1000;

fn json<T: Serialize>(v: &T) -> Option<String> {
    serde_json::to_string(v).ok()
}

#[derive(Clone)]
struct Change<'a> {
    actor: &'a Actor,
    action: &'static str,
    kind: &'static str,
    id: &'a str,
    company_id: Option<&'a str>,
    reseller_id: Option<&'a str>,
}

async fn audit_write<B: Serialize, A: Serialize>(tx: &mut Tx, c: &Change<'_>, before: &B, after: &A) -> AppResult<()> {
    audit::write(
        tx,
        &audit::Entry {
            actor_id: Some(c.actor.admin_id.clone()),
            actor_email: Some(c.actor.email.clone()),
            action: c.action,
            object_kind: Some(c.kind),
            object_id: Some(c.id.to_string()),
            company_id: c.company_id.map(str::to_string),
            reseller_id: c.reseller_id.map(str::to_string),
            before: json(before),
            after: json(after),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}

/// A refused write is audited on its own (the write's transaction never commits).
async fn audit_refused<A: Serialize>(db: &Db, c: &Change<'_>, attempted: &A, why: &AppError) {
    let entry = audit::Entry {
        actor_id: Some(c.actor.admin_id.clone()),
        actor_email: Some(c.actor.email.clone()),
        action: c.action,
        outcome: audit::Outcome::Refused,
        object_kind: Some(c.kind),
        object_id: Some(c.id.to_string()),
        company_id: c.company_id.map(str::to_string),
        reseller_id: c.reseller_id.map(str::to_string),
        after: json(attempted),
        detail: Some(why.to_string()),
        ..Default::default()
    };
    if let Err(e) = audit::write_alone(db, &entry).await {
        let _ = AppError::internal(e);
    }
}

/// Runs a validated write; on refusal (validation, stale version, licence) audits it.
async fn guarded<T, A: Serialize>(
    db: &Db,
    change: &Change<'_>,
    attempted: &A,
    write: impl std::future::Future<Output = AppResult<T>>,
) -> AppResult<T> {
    match write.await {
        Ok(v) => Ok(v),
        Err(e @ (AppError::Invalid { .. } | AppError::Stale | AppError::NotFound | AppError::TooLarge { .. })) => {
            audit_refused(db, change, attempted, &e).await;
            Err(e)
        }
        Err(e) => Err(e),
    }
}

fn stale_unless(done: bool) -> AppResult<()> {
    if done {
        Ok(())
    } else {
        Err(AppError::Stale)
    }
}

async fn facts(db: &Db, company_id: &str) -> AppResult<PolicyFacts> {
    store::policy::facts(db, company_id).await?.ok_or(AppError::NotFound)
}

fn licensed(facts: &PolicyFacts) -> AppResult<()> {
    if facts.licence.licensed {
        Ok(())
    } else {
        Err(AppError::invalid(
            "licence",
            format!(
                "{} has no call-recording licence, so its recording policy cannot be changed. Ask your reseller to license it.",
                facts.company.name
            ),
        ))
    }
}

fn mode_view(f: &PolicyFacts, version: i64) -> RecordingModeView {
    RecordingModeView {
        mode: f.recording_mode.company,
        outbound: f.outbound_recording.company,
        effective: (&f.recording_mode.resolve()).into(),
        outbound_effective: (&f.outbound_recording.resolve()).into(),
        version,
    }
}

// Recording mode

pub async fn company_mode(cap: &CompanyAccess<can::InScope>, db: &Db) -> AppResult<RecordingModeView> {
    let f = facts(db, &cap.company().id).await?;
    Ok(mode_view(&f, cap.company().version))
}

pub async fn set_company_mode(
    cap: &CompanyAccess<can::CompaniesModify>,
    db: &Db,
    mode: &str,
    outbound: &str,
    version: i64,
) -> AppResult<RecordingModeView> {
    let c = cap.company();
    let change = Change {
        actor: cap.actor(),
        action: "recording_mode.update",
        kind: "company",
        id: &c.id,
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    let attempted = serde_json::json!({"mode": mode, "outbound": outbound, "version": version});
    guarded(db, &change, &attempted, async {
        // Parsed here, inside the guard, so a value that is not a mode is audited as refused.
        let (mode, outbound) = (Mode::parse("mode", mode)?, Mode::parse("outbound", outbound)?);
        let before = facts(db, &c.id).await?;
        licensed(&before)?;
        let mut tx = db.begin().await?;
        stale_unless(store::policy::update_company_modes(&mut tx, &c.id, mode, outbound, version).await?)?;
        let mut after = before.clone();
        after.recording_mode.company = mode;
        after.outbound_recording.company = outbound;
        let (b, a) = (mode_view(&before, version), mode_view(&after, version + 1));
        audit_write(&mut tx, &change, &b, &a).await?;
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(a)
    })
    .await
}

fn reseller_view(r: &store::policy::ResellerModes, system: (SystemMode, SystemMode)) -> RecordingModeView {
    let origin = Origin::new(Level::Reseller, &r.id, &r.name);
    let levels = |sys, res| ModeLevels {
        system: sys,
        reseller: res,
        company: Mode::Default,
        reseller_origin: origin.clone(),
        company_origin: Origin::new(Level::Company, "", ""),
    };
    RecordingModeView {
        mode: r.mode,
        outbound: r.outbound,
        effective: (&levels(system.0, r.mode).resolve_for_reseller()).into(),
        outbound_effective: (&levels(system.1, r.outbound).resolve_for_reseller()).into(),
        version: r.version,
    }
}

pub async fn reseller_mode(cap: &ResellerAccess<can::InScope>, db: &Db) -> AppResult<RecordingModeView> {
    let r = store::policy::reseller_modes(db, cap.reseller_id()).await?.ok_or(AppError::NotFound)?;
    let (m, o, _) = store::policy::system_modes(db).await?;
    Ok(reseller_view(&r, (m, o)))
}

pub async fn set_reseller_mode(
    cap: &ResellerAccess<can::ResellersModify>,
    db: &Db,
    mode: &str,
    outbound: &str,
    version: i64,
) -> AppResult<RecordingModeView> {
    let id = cap.reseller_id();
    let change = Change {
        actor: cap.actor(),
        action: "recording_mode.update",
        kind: "reseller",
        id,
        company_id: None,
        reseller_id: Some(id),
    };
    let attempted = serde_json::json!({"mode": mode, "outbound": outbound, "version": version});
    guarded(db, &change, &attempted, async {
        let (mode, outbound) = (Mode::parse("mode", mode)?, Mode::parse("outbound", outbound)?);
        let before = store::policy::reseller_modes(db, id).await?.ok_or(AppError::NotFound)?;
        let (m, o, _) = store::policy::system_modes(db).await?;
        let mut tx = db.begin().await?;
        stale_unless(store::policy::update_reseller_modes(&mut tx, id, mode, outbound, version).await?)?;
        let after = store::policy::ResellerModes { mode, outbound, version: version + 1, ..before.clone() };
        let (b, a) = (reseller_view(&before, (m, o)), reseller_view(&after, (m, o)));
        audit_write(&mut tx, &change, &b, &a).await?;
        tx.commit().await?;
        db.policy_changed(None);
        Ok(a)
    })
    .await
}

pub async fn system_mode(_cap: &SystemAccess<can::InScope>, db: &Db) -> AppResult<SystemModeView> {
    let (mode, outbound, version) = store::policy::system_modes(db).await?;
    Ok(SystemModeView { mode, outbound, version })
}

pub async fn set_system_mode(
    cap: &SystemAccess<can::SystemModify>,
    db: &Db,
    mode: &str,
    outbound: &str,
    version: i64,
) -> AppResult<SystemModeView> {
    let change = Change {
        actor: cap.actor(),
        action: "recording_mode.update",
        kind: "system",
        id: "system",
        company_id: None,
        reseller_id: None,
    };
    let attempted = serde_json::json!({"mode": mode, "outbound": outbound, "version": version});
    guarded(db, &change, &attempted, async {
        let (mode, outbound) = (SystemMode::parse("mode", mode)?, SystemMode::parse("outbound", outbound)?);
        let after = SystemModeView { mode, outbound, version: version + 1 };
        let (m, o, v) = store::policy::system_modes(db).await?;
        let mut tx = db.begin().await?;
        stale_unless(store::policy::update_system_modes(&mut tx, mode, outbound, version).await?)?;
        audit_write(&mut tx, &change, &SystemModeView { mode: m, outbound: o, version: v }, &after).await?;
        tx.commit().await?;
        db.policy_changed(None);
        Ok(after)
    })
    .await
}

// Account force record

pub async fn force_record(cap: &CompanyAccess<can::RecordingPolicyView>, db: &Db) -> AppResult<ForceRecordView> {
    let f = facts(db, &cap.company().id).await?;
    let version = store::policy::force_record_version(db, &cap.company().id).await?;
    Ok(ForceRecordView { force: f.force, version })
}

pub async fn set_force_record(
    cap: &CompanyAccess<can::RecordingPolicyModify>,
    db: &Db,
    force: ForceRecord,
    version: i64,
) -> AppResult<ForceRecordView> {
    let c = cap.company();
    let change = Change {
        actor: cap.actor(),
        action: "force_record.update",
        kind: "force_record",
        id: &c.id,
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    let mut force = force;
    force.on_demand.code = force.on_demand.code.trim().to_string();
    let attempted = ForceRecordView { force: force.clone(), version };
    guarded(db, &change, &attempted, async {
        let before = facts(db, &c.id).await?;
        licensed(&before)?;
        force.validate(&[]).into_result()?;
        let mut tx = db.begin().await?;
        stale_unless(store::policy::update_force_record(&mut tx, &c.id, &force, version).await?)?;
        let after = ForceRecordView { force: force.clone(), version: version + 1 };
        audit_write(&mut tx, &change, &ForceRecordView { force: before.force, version }, &after).await?;
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(after)
    })
    .await
}

// Queues

fn queue_view(q: store::policy::QueueRecord) -> QueueView {
    QueueView { id: q.id, name: q.name, opt_in: q.opt_in, contact_center: q.contact_center, version: q.version }
}

pub async fn queues(cap: &CompanyAccess<can::QueuesView>, db: &Db) -> AppResult<Vec<QueueView>> {
    Ok(store::policy::queues(db, &cap.company().id, LIST_LIMIT).await?.into_iter().map(queue_view).collect())
}

pub async fn queue(cap: &CompanyAccess<can::QueuesView>, db: &Db, id: &str) -> AppResult<QueueView> {
    store::policy::queue(db, &cap.company().id, id).await?.map(queue_view).ok_or(AppError::NotFound)
}

pub async fn set_queue_opt_in(
    cap: &CompanyAccess<can::QueuesModify>,
    db: &Db,
    id: &str,
    input: &OptInInput,
    version: i64,
) -> AppResult<QueueView> {
    let c = cap.company();
    let change = Change {
        actor: cap.actor(),
        action: "queue.opt_in.update",
        kind: "queue",
        id,
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    guarded(db, &change, input, async {
        // Parsed here, inside the guard, so a key or delay that cannot be read is audited as refused.
        let opt_in = input.parse()?;
        let before = store::policy::queue(db, &c.id, id).await?.ok_or(AppError::NotFound)?;
        licensed(&facts(db, &c.id).await?)?;
        let known = match &opt_in.audio {
            Some(audio) => store::policy::audio_exists(db, &c.id, audio).await?,
            None => true,
        };
        opt_in.validate(|_| known).into_result()?;
        let mut tx = db.begin().await?;
        stale_unless(store::policy::update_queue_opt_in(&mut tx, &c.id, id, &opt_in, version).await?)?;
        let after = QueueView { opt_in: opt_in.clone(), version: version + 1, ..queue_view(before.clone()) };
        audit_write(&mut tx, &change, &queue_view(before), &after).await?;
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(after)
    })
    .await
}

// Users and devices

fn user_view(u: store::policy::UserRecord) -> UserView {
    UserView {
        overrides: u.overrides(),
        treatment: u.treatment(),
        email: u.email.clone(),
        id: u.id,
        name: u.name,
        extension: u.extension,
        team: u.team_id,
        seat: u.seat,
        version: u.version,
    }
}

fn device_view(d: store::policy::DeviceRecord) -> DeviceView {
    DeviceView { overrides: d.overrides(), id: d.id, name: d.name, owner: d.owner_user_id, version: d.version }
}

pub async fn users(cap: &CompanyAccess<can::UsersDevicesView>, db: &Db) -> AppResult<Vec<UserView>> {
    Ok(store::policy::users(db, &cap.company().id, cap.teams(), LIST_LIMIT).await?.into_iter().map(user_view).collect())
}

pub async fn user(cap: &CompanyAccess<can::UsersDevicesView>, db: &Db, id: &str) -> AppResult<UserView> {
    store::policy::user(db, &cap.company().id, id).await?.map(user_view).ok_or(AppError::NotFound)
}

pub async fn set_user(
    cap: &CompanyAccess<can::UsersDevicesModify>,
    db: &Db,
    id: &str,
    overrides: Matrix<Override>,
    seat: bool,
    version: i64,
) -> AppResult<UserView> {
    let c = cap.company();
    let change = Change {
        actor: cap.actor(),
        action: "user.update",
        kind: "user",
        id,
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    let attempted = serde_json::json!({"override": overrides, "seat": seat, "version": version});
    guarded(db, &change, &attempted, async {
        let before = store::policy::user(db, &c.id, id).await?.ok_or(AppError::NotFound)?;
        let f = facts(db, &c.id).await?;
        licensed(&f)?;
        let mut tx = db.begin().await?;
        stale_unless(store::policy::update_user(&mut tx, &c.id, id, &overrides, seat, version).await?)?;
        // Counted inside the transaction, after the write, so two administrators handing
        // out the last seat at once cannot both succeed.
        let used = store::policy::seats_used(&mut tx, &c.id).await?;
        if seat && !before.seat {
            f.licence.check_seats(used.max(0) as u32)?;
        }
        let after = UserView { overrides, seat, version: version + 1, ..user_view(before.clone()) };
        audit_write(&mut tx, &change, &user_view(before), &after).await?;
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(after)
    })
    .await
}

pub async fn devices(cap: &CompanyAccess<can::UsersDevicesView>, db: &Db) -> AppResult<Vec<DeviceView>> {
    Ok(store::policy::devices(db, &cap.company().id, cap.teams(), LIST_LIMIT)
        .await?
        .into_iter()
        .map(device_view)
        .collect())
}

pub async fn device(cap: &CompanyAccess<can::UsersDevicesView>, db: &Db, id: &str) -> AppResult<DeviceView> {
    store::policy::device(db, &cap.company().id, id).await?.map(device_view).ok_or(AppError::NotFound)
}

pub async fn set_device(
    cap: &CompanyAccess<can::UsersDevicesModify>,
    db: &Db,
    id: &str,
    overrides: Matrix<Override>,
    owner: Option<String>,
    version: i64,
) -> AppResult<DeviceView> {
    let c = cap.company();
    let change = Change {
        actor: cap.actor(),
        action: "device.update",
        kind: "device",
        id,
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    let attempted = serde_json::json!({"override": overrides, "owner": owner, "version": version});
    guarded(db, &change, &attempted, async {
        let before = store::policy::device(db, &c.id, id).await?.ok_or(AppError::NotFound)?;
        licensed(&facts(db, &c.id).await?)?;
        let mut tx = db.begin().await?;
        if let Some(owner) = &owner {
            if !store::policy::user_in_company(&mut tx, &c.id, owner).await? {
                return Err(AppError::invalid("owner", "No user of this company has this id."));
            }
        }
        stale_unless(store::policy::update_device(&mut tx, &c.id, id, &overrides, owner.as_deref(), version).await?)?;
        let after = DeviceView { overrides, owner, version: version + 1, ..device_view(before.clone()) };
        audit_write(&mut tx, &change, &device_view(before), &after).await?;
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(after)
    })
    .await
}

// The decision

/// The decision for one call: what the telephony engine asks before it records, and what
/// the Policy Simulator confirms. It reads the company's policy from the read cache, which
/// every policy write invalidates, so it answers at the rate the engine asks.
pub async fn decide(
    cap: &CompanyAccess<can::RecordingPolicyView>,
    db: &Db,
    request: &CallRequest,
) -> AppResult<Decision> {
    let snapshot = db.cache().snapshot(db, &cap.company().id).await?.ok_or(AppError::NotFound)?;
    let call = request.to_call(snapshot.as_ref())?;
    Ok(policy::decide(&snapshot.facts, &call))
}

/// What the simulator decides with in the browser.
pub async fn simulator_data(cap: &CompanyAccess<can::RecordingPolicyView>, db: &Db) -> AppResult<SimulatorData> {
    let company_id = &cap.company().id;
    let facts = facts(db, company_id).await?;
    let devices = store::policy::devices(db, company_id, None, SIMULATOR_LIMIT + 1).await?;
    let queues = store::policy::queues(db, company_id, SIMULATOR_LIMIT + 1).await?;
    let truncated = devices.len() as i64 > SIMULATOR_LIMIT || queues.len() as i64 > SIMULATOR_LIMIT;
    Ok(SimulatorData {
        facts,
        devices: devices.iter().take(SIMULATOR_LIMIT as usize).map(|d| d.facts()).collect(),
        queues: queues.into_iter().take(SIMULATOR_LIMIT as usize).map(|q| q.facts()).collect(),
        truncated,
    })
}

// The Users page

fn user_row(u: store::policy::UserListRecord) -> UserRow {
    UserRow {
        overrides: Matrix::from_code(&u.override_code).unwrap_or_default(),
        id: u.id,
        name: u.name,
        extension: u.extension,
        team: u.team,
        seat: u.seat,
        devices: u.devices,
        version: u.version,
    }
}

/// One page of the company's users that match `q` (name or extension); a supervisor limited
/// to teams sees only those teams' users.
pub async fn users_page(
    cap: &CompanyAccess<can::UsersDevicesView>,
    db: &Db,
    can_modify: bool,
    q: &str,
    page: i64,
    (scope, team): (&str, &str),
) -> AppResult<UsersPage> {
    let c = cap.company();
    let f = facts(db, &c.id).await?;
    let page = page.max(1);
    // Seed 002's filter: Me, Specific teams (only the viewer's own when limited to teams),
    // Everyone (only when not limited).
    let all_teams: Vec<(String, String)> =
        store::teams::teams(db, &c.id).await?.into_iter().map(|t| (t.id, t.name)).collect();
    let offered: Vec<(String, String)> = match cap.teams() {
        Some(mine) => all_teams.into_iter().filter(|(id, _)| mine.contains(id)).collect(),
        None => all_teams,
    };
    let everyone_allowed = cap.teams().is_none();
    let scope = match scope {
        "me" => "me",
        "teams" => "teams",
        _ if everyone_allowed => "everyone",
        _ => "teams",
    };
    let team = if offered.iter().any(|(id, _)| id == team) { team.to_string() } else { String::new() };
    let team_ids: Vec<String> =
        if team.is_empty() { offered.iter().map(|(id, _)| id.clone()).collect() } else { vec![team.clone()] };
    let my_email = cap.actor().email.clone();
    let (rows, total) = match scope {
        "me" => {
            let rows = store::policy::users_with_email(db, &c.id, cap.teams(), &my_email).await?;
            let n = rows.len() as i64;
            (rows, n)
        }
        "teams" => {
            store::policy::search_users(db, &c.id, Some(&team_ids), q, USERS_PER_PAGE, (page - 1) * USERS_PER_PAGE)
                .await?
        }
        _ => store::policy::search_users(db, &c.id, None, q, USERS_PER_PAGE, (page - 1) * USERS_PER_PAGE).await?,
    };
    let seats_used = store::tenants::counts(db, &c.id).await?.seats_used;
    Ok(UsersPage {
        company: c.name.clone(),
        licensed: f.licence.licensed,
        can_modify,
        seats: c.seats,
        seats_used,
        all_users: f.force.all_users,
        rows: rows.into_iter().map(user_row).collect(),
        total,
        page,
        scope: scope.to_string(),
        team,
        teams: offered,
        everyone_allowed,
        my_email,
    })
}

pub async fn user_editor(
    cap: &CompanyAccess<can::UsersDevicesView>,
    db: &Db,
    can_modify: bool,
    id: &str,
) -> AppResult<UserEditor> {
    let c = cap.company();
    let u = store::policy::user(db, &c.id, id).await?.ok_or(AppError::NotFound)?;
    if let Some(teams) = cap.teams() {
        if !u.team_id.as_ref().is_some_and(|t| teams.contains(t)) {
            return Err(AppError::NotFound);
        }
    }
    let f = facts(db, &c.id).await?;
    let devices = store::policy::devices_of_user(db, &c.id, id).await?;
    let own = u.treatment();
    let effective = own.resolve(&Origin::new(Level::User, &u.id, &u.name), &f.treatment, &f.company);
    Ok(UserEditor {
        treatment: policy::treatment::TreatmentForm::from_override(&own, u.email.as_deref()),
        effective,
        mp3_files: store::policy::mp3_files(db, &c.id).await?,
        user: UserRow {
            overrides: u.overrides(),
            id: u.id,
            name: u.name,
            extension: u.extension,
            team: None,
            seat: u.seat,
            devices: devices.len() as i64,
            version: u.version,
        },
        devices: devices.iter().map(|d| d.facts()).collect(),
        all_users: f.force.all_users,
        licensed: f.licence.licensed,
        can_modify,
    })
}

/// Saves a user's override and seat, and says what changes for the calls of their devices.
pub async fn save_user(
    cap: &CompanyAccess<can::UsersDevicesModify>,
    db: &Db,
    id: &str,
    overrides: Matrix<Override>,
    seat: bool,
    version: i64,
) -> AppResult<SavedOverride> {
    let c = cap.company();
    let before = store::policy::user(db, &c.id, id).await?.ok_or(AppError::NotFound)?;
    let saved = set_user(cap, db, id, overrides, seat, version).await?;
    let f = facts(db, &c.id).await?;
    let devices: Vec<DeviceFacts> =
        store::policy::devices_of_user(db, &c.id, id).await?.iter().map(|d| d.facts()).collect();
    let impact = policy::impact::user_change(
        &saved.name,
        &devices,
        &f.force.all_users,
        (before.seat, before.overrides()),
        (saved.seat, saved.overrides),
    );
    Ok(SavedOverride { version: saved.version, impact })
}

// The Devices page

fn device_row(d: &store::policy::DeviceRecord) -> DeviceRow {
    DeviceRow { facts: d.facts(), version: d.version }
}

/// One page of the company's devices that match `q` (device or owner name); a supervisor
/// limited to teams sees only devices of those teams' users.
pub async fn devices_page(
    cap: &CompanyAccess<can::UsersDevicesView>,
    db: &Db,
    can_modify: bool,
    q: &str,
    page: i64,
) -> AppResult<DevicesPage> {
    let c = cap.company();
    let f = facts(db, &c.id).await?;
    let page = page.max(1);
    let (rows, total) =
        store::policy::search_devices(db, &c.id, cap.teams(), q, DEVICES_PER_PAGE, (page - 1) * DEVICES_PER_PAGE)
            .await?;
    Ok(DevicesPage {
        company: c.name.clone(),
        licensed: f.licence.licensed,
        can_modify,
        all_users: f.force.all_users,
        rows: rows.iter().map(device_row).collect(),
        total,
        page,
    })
}

pub async fn device_editor(
    cap: &CompanyAccess<can::UsersDevicesView>,
    db: &Db,
    can_modify: bool,
    id: &str,
) -> AppResult<DeviceEditor> {
    let c = cap.company();
    let d = store::policy::device(db, &c.id, id).await?.ok_or(AppError::NotFound)?;
    if let Some(teams) = cap.teams() {
        // A supervisor limited to teams reaches a device only through its owner's team.
        let owner = match &d.owner_user_id {
            Some(u) => store::policy::user(db, &c.id, u).await?,
            None => None,
        };
        if !owner.and_then(|u| u.team_id).is_some_and(|t| teams.contains(&t)) {
            return Err(AppError::NotFound);
        }
    }
    let f = facts(db, &c.id).await?;
    Ok(DeviceEditor { device: device_row(&d), all_users: f.force.all_users, licensed: f.licence.licensed, can_modify })
}

/// Saves a device's override (its owner stays), and says what changes for its calls.
pub async fn save_device(
    cap: &CompanyAccess<can::UsersDevicesModify>,
    db: &Db,
    id: &str,
    overrides: Matrix<Override>,
    version: i64,
) -> AppResult<SavedOverride> {
    let c = cap.company();
    let before = store::policy::device(db, &c.id, id).await?.ok_or(AppError::NotFound)?;
    let saved = set_device(cap, db, id, overrides, before.owner_user_id.clone(), version).await?;
    // The owner stays, so the device after the save is the one before with its new cells.
    let before = before.facts();
    let after = DeviceFacts { overrides: saved.overrides, ..before.clone() };
    let f = facts(db, &c.id).await?;
    let impact = policy::impact::device_change(&before, &after, &f.force.all_users);
    Ok(SavedOverride { version: saved.version, impact })
}

// Licence

/// A company's licence and seats (Resellers: Modify). Lowering the seats below those in use
/// is refused with the count.
pub async fn set_licence(
    cap: &CompanyAccess<can::ResellersModify>,
    db: &Db,
    licensed: bool,
    seats: i64,
    version: i64,
) -> AppResult<LicenceView> {
    let c = cap.company();
    let change = Change {
        actor: cap.actor(),
        action: "licence.update",
        kind: "company",
        id: &c.id,
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    let attempted = serde_json::json!({"licensed": licensed, "seats": seats, "version": version});
    guarded(db, &change, &attempted, async {
        if !(0..=100_000).contains(&seats) {
            return Err(AppError::invalid("seats", "Seats are a whole number from 0 to 100000."));
        }
        let mut tx = db.begin().await?;
        stale_unless(store::policy::update_licence(&mut tx, &c.id, licensed, seats, version).await?)?;
        let used = store::policy::seats_used(&mut tx, &c.id).await?;
        Licence { licensed, seats: seats as u32 }.validate(used.max(0) as u32).into_result()?;
        let before = LicenceView { licensed: c.licensed, seats: c.seats, seats_used: used, version };
        let after = LicenceView { licensed, seats, seats_used: used, version: version + 1 };
        audit_write(&mut tx, &change, &before, &after).await?;
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(after)
    })
    .await
}

// Bulk changes

/// Which list a bulk change applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BulkTarget {
    Users,
    Devices,
}

/// Sets one cell for several users or devices in one transaction, with an audit row for
/// each one that changed. Returns how many changed (those already at the value do not).
pub async fn bulk_set_cell(
    cap: &CompanyAccess<can::UsersDevicesModify>,
    db: &Db,
    target: BulkTarget,
    ids: &[String],
    direction: Direction,
    network: Network,
    value: Override,
) -> AppResult<usize> {
    let c = cap.company();
    let kind = match target {
        BulkTarget::Users => "user",
        BulkTarget::Devices => "device",
    };
    let change = Change {
        actor: cap.actor(),
        action: if target == BulkTarget::Users { "user.bulk_update" } else { "device.bulk_update" },
        kind,
        id: "",
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    let attempted =
        serde_json::json!({"ids": ids, "cell": format!("{}.{}", direction.key(), network.key()), "value": value});
    guarded(db, &change, &attempted, async {
        licensed(&facts(db, &c.id).await?)?;
        if ids.is_empty() {
            return Err(AppError::invalid("ids", format!("Select at least one {kind}.")));
        }
        let mut tx = db.begin().await?;
        let mut changed = 0;
        for id in ids {
            let Some((code, version)) =
                store::policy::override_of(&mut tx, target == BulkTarget::Users, &c.id, id).await?
            else {
                return Err(AppError::invalid("ids", format!("No {kind} of this company has the id {id}.")));
            };
            let before = Matrix::from_code(&code).unwrap_or_default();
            let after = before.with(direction, network, value);
            if before == after {
                continue;
            }
            stale_unless(
                store::policy::set_override(&mut tx, target == BulkTarget::Users, &c.id, id, &after, version).await?,
            )?;
            let one = Change { id, ..change.clone() };
            audit_write(
                &mut tx,
                &one,
                &serde_json::json!({"override": before}),
                &serde_json::json!({"override": after}),
            )
            .await?;
            changed += 1;
        }
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(changed)
    })
    .await
}

// Creating users and devices

pub async fn create_user(cap: &CompanyAccess<can::UsersDevicesModify>, db: &Db, new: NewUser) -> AppResult<UserView> {
    let c = cap.company();
    let id = store::new_id();
    let change = Change {
        actor: cap.actor(),
        action: "user.create",
        kind: "user",
        id: &id,
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    guarded(db, &change, &new, async {
        new.validate().into_result()?;
        let f = facts(db, &c.id).await?;
        let mut tx = db.begin().await?;
        if let Some(holder) = store::policy::extension_holder(&mut tx, &c.id, new.extension.trim()).await? {
            return Err(AppError::invalid(
                "extension",
                format!("Extension {} is already {holder}'s.", new.extension.trim()),
            ));
        }
        if let Some(team) = &new.team {
            if !store::policy::team_in_company(&mut tx, &c.id, team).await? {
                return Err(AppError::invalid("team", "No team of this company has this id."));
            }
        }
        store::policy::insert_user(&mut tx, &id, &c.id, &new).await?;
        if new.seat {
            f.licence.check_seats(store::policy::seats_used(&mut tx, &c.id).await?.max(0) as u32)?;
        }
        let created = UserView {
            id: id.clone(),
            name: new.name.trim().to_string(),
            extension: new.extension.trim().to_string(),
            team: new.team.clone(),
            seat: new.seat,
            overrides: new.overrides,
            treatment: Default::default(),
            email: None,
            version: 1,
        };
        audit_write(&mut tx, &change, &serde_json::Value::Null, &created).await?;
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(created)
    })
    .await
}

pub async fn create_device(
    cap: &CompanyAccess<can::UsersDevicesModify>,
    db: &Db,
    new: NewDevice,
) -> AppResult<DeviceView> {
    let c = cap.company();
    let id = store::new_id();
    let change = Change {
        actor: cap.actor(),
        action: "device.create",
        kind: "device",
        id: &id,
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    guarded(db, &change, &new, async {
        check_name("name", &new.name)?;
        let mut tx = db.begin().await?;
        if let Some(owner) = &new.owner {
            if !store::policy::user_in_company(&mut tx, &c.id, owner).await? {
                return Err(AppError::invalid("owner", "No user of this company has this id."));
            }
        }
        store::policy::insert_device(&mut tx, &id, &c.id, &new).await?;
        let created = DeviceView {
            id: id.clone(),
            name: new.name.trim().to_string(),
            owner: new.owner.clone(),
            overrides: new.overrides,
            version: 1,
        };
        audit_write(&mut tx, &change, &serde_json::Value::Null, &created).await?;
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(created)
    })
    .await
}

/// Saves account force record and says what changes, switch by switch.
pub async fn save_force_record(
    cap: &CompanyAccess<can::RecordingPolicyModify>,
    db: &Db,
    force: ForceRecord,
    version: i64,
) -> AppResult<SavedOverride> {
    let before = facts(db, &cap.company().id).await?.force;
    let saved = set_force_record(cap, db, force, version).await?;
    Ok(SavedOverride { version: saved.version, impact: policy::impact::force_change(&before, &saved.force) })
}

// The queue's Recording Opt In/Out tab

pub async fn queue_opt_in_page(
    cap: &CompanyAccess<can::QueuesView>,
    db: &Db,
    can_modify: bool,
    id: &str,
) -> AppResult<QueueOptInPage> {
    let c = cap.company();
    let queue = store::policy::queue(db, &c.id, id).await?.map(queue_view).ok_or(AppError::NotFound)?;
    let f = facts(db, &c.id).await?;
    let (audio_files, playbooks) = store::policy::audio_library(db, &c.id).await?;
    Ok(QueueOptInPage {
        company: c.name.clone(),
        licensed: f.licence.licensed,
        can_modify,
        audio_files,
        playbooks,
        mode: mode_view(&f, c.version),
        mode_says: f.recording_mode.resolve().describe(Level::Company),
        contact_center: policy::treatment::ContactCenterForm::from_settings(&queue.contact_center),
        queue,
    })
}

// Recording mode pages

/// The recording mode page of `level` (`system`, `reseller` or `company`) and object `id`.
pub async fn mode_page(principal: &Principal, db: &Db, level: &str, id: &str) -> AppResult<ModePage> {
    let companies_of = |list: Vec<store::tenants::CompanyRecord>| async move {
        let mut out = Vec::with_capacity(list.len());
        for c in list {
            let f = facts(db, &c.id).await?;
            out.push(CompanyModes { name: c.name, recording: f.recording_mode, outbound: f.outbound_recording });
        }
        Ok::<_, AppError>(out)
    };
    match level {
        "system" => {
            let _cap = principal.system::<can::InScope>(db).await?;
            let (mode, outbound, version) = store::policy::system_modes(db).await?;
            Ok(ModePage {
                level: Level::System,
                id: String::new(),
                name: "the system".into(),
                mode: mode.as_str().into(),
                outbound: outbound.as_str().into(),
                version,
                can_modify: principal.privileges.has(crate::access::Privilege::SystemModify)
                    && principal.scope == crate::access::capability::Scope::Platform,
                // Only the companies this administrator reaches: a reseller's administrator
                // must not learn the names of another reseller's companies here.
                companies: companies_of(principal.reachable_companies(db).await?).await?,
            })
        }
        "reseller" => {
            let cap = principal.reseller::<can::InScope>(db, id).await?;
            let r = store::policy::reseller_modes(db, cap.reseller_id()).await?.ok_or(AppError::NotFound)?;
            Ok(ModePage {
                level: Level::Reseller,
                id: r.id.clone(),
                name: r.name.clone(),
                mode: r.mode.as_str().into(),
                outbound: r.outbound.as_str().into(),
                version: r.version,
                can_modify: principal.privileges.has(crate::access::Privilege::ResellersModify),
                companies: companies_of(store::tenants::companies(db, Some(&r.id), None).await?).await?,
            })
        }
        _ => {
            let cap = principal.company::<can::InScope>(db, id).await?;
            let c = cap.company();
            let f = facts(db, &c.id).await?;
            Ok(ModePage {
                level: Level::Company,
                id: c.id.clone(),
                name: c.name.clone(),
                mode: f.recording_mode.company.as_str().into(),
                outbound: f.outbound_recording.company.as_str().into(),
                version: c.version,
                can_modify: principal.privileges.has(crate::access::Privilege::CompaniesModify) && c.licensed,
                companies: vec![CompanyModes {
                    name: c.name.clone(),
                    recording: f.recording_mode,
                    outbound: f.outbound_recording,
                }],
            })
        }
    }
}

/// Saves the recording mode of `level`; each level checks its own privilege.
pub async fn save_mode(
    principal: &Principal,
    db: &Db,
    level: &str,
    id: &str,
    mode: &str,
    outbound: &str,
    version: i64,
) -> AppResult<i64> {
    Ok(match level {
        "system" => {
            let cap = principal.system::<can::SystemModify>(db).await?;
            set_system_mode(&cap, db, mode, outbound, version).await?.version
        }
        "reseller" => {
            let cap = principal.reseller::<can::ResellersModify>(db, id).await?;
            set_reseller_mode(&cap, db, mode, outbound, version).await?.version
        }
        _ => {
            let cap = principal.company::<can::CompaniesModify>(db, id).await?;
            set_company_mode(&cap, db, mode, outbound, version).await?.version
        }
    })
}

// Adding, renaming and deleting queues

async fn unique_queue_name(tx: &mut Tx, company_id: &str, name: &str, except: Option<&str>) -> AppResult<String> {
    check_name("name", name)?;
    let name = name.trim().to_string();
    match store::policy::queue_named(tx, company_id, &name).await? {
        Some(other) if Some(other.as_str()) != except => {
            Err(AppError::invalid("name", format!("A queue named \"{name}\" already exists.")))
        }
        _ => Ok(name),
    }
}

pub async fn create_queue(cap: &CompanyAccess<can::QueuesModify>, db: &Db, name: &str) -> AppResult<QueueView> {
    let c = cap.company();
    let id = store::new_id();
    let change = Change {
        actor: cap.actor(),
        action: "queue.create",
        kind: "queue",
        id: &id,
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    guarded(db, &change, &serde_json::json!({"name": name}), async {
        let mut tx = db.begin().await?;
        let name = unique_queue_name(&mut tx, &c.id, name, None).await?;
        store::policy::insert_queue(&mut tx, &id, &c.id, &name).await?;
        let created = QueueView {
            id: id.clone(),
            name,
            opt_in: OptIn::default(),
            contact_center: Default::default(),
            version: 1,
        };
        audit_write(&mut tx, &change, &serde_json::Value::Null, &created).await?;
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(created)
    })
    .await
}

pub async fn rename_queue(
    cap: &CompanyAccess<can::QueuesModify>,
    db: &Db,
    id: &str,
    name: &str,
    version: i64,
) -> AppResult<QueueView> {
    let c = cap.company();
    let change = Change {
        actor: cap.actor(),
        action: "queue.rename",
        kind: "queue",
        id,
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    guarded(db, &change, &serde_json::json!({"name": name, "version": version}), async {
        let before = store::policy::queue(db, &c.id, id).await?.map(queue_view).ok_or(AppError::NotFound)?;
        let mut tx = db.begin().await?;
        let name = unique_queue_name(&mut tx, &c.id, name, Some(id)).await?;
        stale_unless(store::policy::rename(&mut tx, store::policy::Renamed::Queue, &c.id, id, &name, version).await?)?;
        let after = QueueView { name, version: version + 1, ..before.clone() };
        audit_write(&mut tx, &change, &before, &after).await?;
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(after)
    })
    .await
}

pub async fn delete_queue(cap: &CompanyAccess<can::QueuesModify>, db: &Db, id: &str) -> AppResult<()> {
    let c = cap.company();
    let change = Change {
        actor: cap.actor(),
        action: "queue.delete",
        kind: "queue",
        id,
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    guarded(db, &change, &serde_json::Value::Null, async {
        let before = store::policy::queue(db, &c.id, id).await?.map(queue_view).ok_or(AppError::NotFound)?;
        let mut tx = db.begin().await?;
        if !store::policy::delete_queue(&mut tx, &c.id, id).await? {
            return Err(AppError::NotFound);
        }
        audit_write(&mut tx, &change, &before, &serde_json::Value::Null).await?;
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(())
    })
    .await
}

// The audio library

pub async fn audio_library(cap: &CompanyAccess<can::InScope>, db: &Db) -> AppResult<AudioLibrary> {
    let c = &cap.company().id;
    Ok(AudioLibrary {
        files: store::policy::audio_items(db, c).await?,
        playbooks: store::policy::playbooks(db, c, None).await?,
    })
}

/// Adds an audio file: WAV, MP3 or OGG by content, at most 5 MB, a name unique in the library.
pub async fn upload_audio(
    cap: &CompanyAccess<can::AudioLibraryModify>,
    db: &Db,
    name: &str,
    bytes: &[u8],
) -> AppResult<crate::model::AudioItem> {
    use crate::audio::{megabytes, AudioFormat, MAX_AUDIO_BYTES};
    let c = cap.company();
    let id = store::new_id();
    let change = Change {
        actor: cap.actor(),
        action: "audio.upload",
        kind: "audio_file",
        id: &id,
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    let attempted = serde_json::json!({"name": name, "size_bytes": bytes.len()});
    guarded(db, &change, &attempted, async {
        check_name("name", name)?;
        if bytes.len() > MAX_AUDIO_BYTES {
            return Err(AppError::TooLarge {
                message: format!(
                    "The file is {}; an audio file may be at most {}.",
                    megabytes(bytes.len()),
                    megabytes(MAX_AUDIO_BYTES)
                ),
            });
        }
        let format = AudioFormat::sniff(bytes).ok_or_else(|| {
            AppError::invalid("file", "This file is not WAV, MP3 or OGG audio (its content was checked, not its name).")
        })?;
        let name = name.trim();
        let mut tx = db.begin().await?;
        if store::policy::audio_named(&mut tx, &c.id, name).await? {
            return Err(AppError::invalid("name", format!("The library already has an audio file named \"{name}\".")));
        }
        store::policy::insert_audio(&mut tx, &id, &c.id, name, format, bytes).await?;
        let item = crate::model::AudioItem {
            id: id.clone(),
            name: name.to_string(),
            format: Some(format),
            size_bytes: bytes.len() as i64,
        };
        audit_write(&mut tx, &change, &serde_json::Value::Null, &item).await?;
        tx.commit().await?;
        Ok(item)
    })
    .await
}

/// Deletes an audio file that no queue plays; otherwise says which queues do.
/// Deletes an audio file or a playbook, unless a queue plays it or (for a file) a playbook
/// holds it; the refusal names them.
pub async fn delete_audio(cap: &CompanyAccess<can::AudioLibraryModify>, db: &Db, id: &str) -> AppResult<()> {
    let c = cap.company();
    let audio = match store::policy::audio_company(db, id).await? {
        Some((company, audio)) if company == c.id => audio,
        _ => return Err(AppError::NotFound),
    };
    let audio = &audio;
    let (kind, what) = match audio {
        OptInAudio::File(_) => ("audio_file", "audio file"),
        OptInAudio::Playbook(_) => ("playbook", "playbook"),
    };
    let change = Change {
        actor: cap.actor(),
        action: if kind == "playbook" { "playbook.delete" } else { "audio.delete" },
        kind,
        id,
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    guarded(db, &change, &serde_json::Value::Null, async {
        let mut tx = db.begin().await?;
        let queues = store::policy::queues_playing(&mut tx, &c.id, audio).await?;
        if !queues.is_empty() {
            return Err(AppError::invalid(
                "audio",
                format!("This {what} is the opt-in audio of {}: choose other audio there first.", queues.join(", ")),
            ));
        }
        if let OptInAudio::File(id) = audio {
            let playbooks = store::policy::playbooks_playing(&mut tx, &c.id, id).await?;
            if !playbooks.is_empty() {
                return Err(AppError::invalid(
                    "audio",
                    format!(
                        "This audio file plays in {}: remove it from there first.",
                        quoted_list("playbook", &playbooks)
                    ),
                ));
            }
            let announcing = store::policy::announcements_playing(&mut tx, &c.id, id).await?;
            if !announcing.is_empty() {
                return Err(AppError::invalid(
                    "audio",
                    format!(
                        "This audio file is the recording announcement of {}: choose another announcement there first.",
                        announcing.join(", ")
                    ),
                ));
            }
        }
        let deleted = match audio {
            OptInAudio::File(id) => store::policy::delete_audio(&mut tx, &c.id, id).await?,
            OptInAudio::Playbook(id) => store::policy::delete_playbook(&mut tx, &c.id, id).await?,
        };
        if !deleted {
            return Err(AppError::NotFound);
        }
        audit_write(&mut tx, &change, &serde_json::json!({"id": id}), &serde_json::Value::Null).await?;
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(())
    })
    .await
}

/// "the playbook 'A'" or "the playbooks 'A', 'B'".
fn quoted_list(noun: &str, names: &[String]) -> String {
    let list = names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ");
    if names.len() == 1 {
        format!("the {noun} {list}")
    } else {
        format!("the {noun}s {list}")
    }
}

/// Creates a playbook (no `id`) or replaces one's name and files: files of this company's
/// library, at least one, in playing order; a name unique among the playbooks.
pub async fn save_playbook(
    cap: &CompanyAccess<can::AudioLibraryModify>,
    db: &Db,
    id: Option<&str>,
    input: &PlaybookInput,
) -> AppResult<PlaybookView> {
    let c = cap.company();
    let new_id = store::new_id();
    let change = Change {
        actor: cap.actor(),
        action: if id.is_some() { "playbook.update" } else { "playbook.create" },
        kind: "playbook",
        id: id.unwrap_or(&new_id),
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    guarded(db, &change, input, async {
        input.validate().into_result()?;
        let before = match id {
            Some(id) => Some(store::policy::playbooks(db, &c.id, Some(id)).await?.pop().ok_or(AppError::NotFound)?),
            None => None,
        };
        let name = input.name.trim().to_string();
        let chosen = input.chosen_files();
        let mut tx = db.begin().await?;
        let files = store::policy::library_files(&mut tx, &c.id, &chosen)
            .await?
            .ok_or_else(|| AppError::invalid("files", "Choose audio files of this company's library."))?;
        if let Some(other) = store::policy::playbook_named(&mut tx, &c.id, &name).await? {
            if Some(other.as_str()) != id {
                return Err(AppError::invalid("name", format!("A playbook named \"{name}\" already exists.")));
            }
        }
        let id = match id {
            Some(id) => {
                let version =
                    input.version.ok_or_else(|| AppError::invalid("version", "The version you read is missing."))?;
                stale_unless(
                    store::policy::rename(&mut tx, store::policy::Renamed::Playbook, &c.id, id, &name, version).await?,
                )?;
                id
            }
            None => {
                store::policy::insert_library_item(&mut tx, true, &new_id, &c.id, &name).await?;
                new_id.as_str()
            }
        };
        store::policy::set_playbook_files(&mut tx, id, &chosen).await?;
        let after =
            PlaybookView { id: id.to_string(), name, files, version: before.as_ref().map_or(1, |b| b.version + 1) };
        audit_write(&mut tx, &change, &before, &after).await?;
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(after)
    })
    .await
}

/// An audio file's content type and bytes, to play it in the page.
pub async fn audio_content(cap: &CompanyAccess<can::InScope>, db: &Db, id: &str) -> AppResult<(&'static str, Vec<u8>)> {
    let (format, bytes) = store::policy::audio_bytes(db, &cap.company().id, id).await?.ok_or(AppError::NotFound)?;
    let format = crate::audio::AudioFormat::parse(&format).ok_or(AppError::NotFound)?;
    Ok((format.content_type(), bytes))
}

// Recording treatment (later layers): the company's defaults, a user's own options, a
// queue's contact-center options.

/// The feature codes a manual start or stop code must not clash with: the platform's and
/// the company's on-demand code.
fn feature_codes(f: &PolicyFacts) -> Vec<(String, String)> {
    let mut codes: Vec<(String, String)> =
        policy::force::PLATFORM_FEATURE_CODES.iter().map(|(c, w)| (c.to_string(), w.to_string())).collect();
    if f.force.on_demand.enabled && !f.force.on_demand.code.is_empty() {
        codes.push((f.force.on_demand.code.clone(), "the on-demand recording code".into()));
    }
    codes
}

/// The options' own rules, the feature codes, and an MP3 announcement of the library.
async fn check_treatment(
    db: &Db,
    f: &PolicyFacts,
    own: &policy::treatment::TreatmentOverride,
    effective: &policy::treatment::EffectiveTreatment,
) -> AppResult<()> {
    let codes = feature_codes(f);
    let codes: Vec<(&str, &str)> = codes.iter().map(|(c, w)| (c.as_str(), w.as_str())).collect();
    policy::treatment::validate_options(own, effective, &codes).into_result()?;
    if let Some(policy::treatment::Announcement::Mp3 { file }) = &own.announcement {
        if !store::policy::audio_is_mp3(db, &f.company.id, file).await? {
            return Err(AppError::invalid("announcement.file", "Choose an MP3 of this company's audio library."));
        }
    }
    Ok(())
}

pub async fn treatment(cap: &CompanyAccess<can::RecordingPolicyView>, db: &Db) -> AppResult<TreatmentView> {
    let (treatment, version) =
        store::policy::company_treatment(db, &cap.company().id).await?.ok_or(AppError::NotFound)?;
    Ok(TreatmentView { treatment, version })
}

pub async fn set_treatment(
    cap: &CompanyAccess<can::RecordingPolicyModify>,
    db: &Db,
    treatment: policy::treatment::Treatment,
    version: i64,
) -> AppResult<TreatmentView> {
    let c = cap.company();
    let change = Change {
        actor: cap.actor(),
        action: "treatment.update",
        kind: "company",
        id: &c.id,
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    let attempted = TreatmentView { treatment: treatment.clone(), version };
    guarded(db, &change, &attempted, async {
        let f = facts(db, &c.id).await?;
        licensed(&f)?;
        let all = policy::treatment::TreatmentOverride::from(&treatment);
        check_treatment(db, &f, &all, &treatment.as_effective(&f.company)).await?;
        let mut tx = db.begin().await?;
        stale_unless(store::policy::update_company_treatment(&mut tx, &c.id, &treatment, version).await?)?;
        let before = TreatmentView { treatment: f.treatment.clone(), version };
        let after = TreatmentView { treatment: treatment.clone(), version: version + 1 };
        audit_write(&mut tx, &change, &before, &after).await?;
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(after)
    })
    .await
}

/// A user's own treatment options and e-mail address, over the user's version.
pub async fn set_user_treatment(
    cap: &CompanyAccess<can::UsersDevicesModify>,
    db: &Db,
    id: &str,
    body: &UserTreatmentBody,
) -> AppResult<UserView> {
    let c = cap.company();
    let change = Change {
        actor: cap.actor(),
        action: "user.treatment.update",
        kind: "user",
        id,
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    guarded(db, &change, body, async {
        let before = store::policy::user(db, &c.id, id).await?.ok_or(AppError::NotFound)?;
        if let Some(teams) = cap.teams() {
            if !before.team_id.as_ref().is_some_and(|t| teams.contains(t)) {
                return Err(AppError::NotFound);
            }
        }
        let f = facts(db, &c.id).await?;
        licensed(&f)?;
        let email = body.email.as_deref().map(str::trim).filter(|e| !e.is_empty()).map(str::to_lowercase);
        let origin = Origin::new(Level::User, &before.id, &before.name);
        let effective = body.treatment.resolve(&origin, &f.treatment, &f.company);
        check_treatment(db, &f, &body.treatment, &effective).await?;
        policy::treatment::check_email_delivery(&effective, email.as_deref())?;
        let mut tx = db.begin().await?;
        stale_unless(
            store::policy::update_user_treatment(&mut tx, &c.id, id, &body.treatment, email.as_deref(), body.version)
                .await?,
        )?;
        let after = UserView {
            treatment: body.treatment.clone(),
            email: email.clone(),
            version: body.version + 1,
            ..user_view(before.clone())
        };
        audit_write(&mut tx, &change, &user_view(before), &after).await?;
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(after)
    })
    .await
}

/// A queue's contact-center options, over the queue's version.
pub async fn set_contact_center(
    cap: &CompanyAccess<can::QueuesModify>,
    db: &Db,
    id: &str,
    body: &ContactCenterBody,
) -> AppResult<QueueView> {
    let c = cap.company();
    let change = Change {
        actor: cap.actor(),
        action: "queue.contact_center.update",
        kind: "queue",
        id,
        company_id: Some(&c.id),
        reseller_id: Some(&c.reseller_id),
    };
    guarded(db, &change, body, async {
        let before = store::policy::queue(db, &c.id, id).await?.ok_or(AppError::NotFound)?;
        licensed(&facts(db, &c.id).await?)?;
        body.contact_center.validate().into_result()?;
        let mut tx = db.begin().await?;
        stale_unless(
            store::policy::update_contact_center(&mut tx, &c.id, id, &body.contact_center, body.version).await?,
        )?;
        let after = QueueView {
            contact_center: body.contact_center.clone(),
            version: body.version + 1,
            ..queue_view(before.clone())
        };
        audit_write(&mut tx, &change, &queue_view(before), &after).await?;
        tx.commit().await?;
        db.policy_changed(Some(&c.id));
        Ok(after)
    })
    .await
}

/// The company's Recording treatment page.
pub async fn treatment_page(
    cap: &CompanyAccess<can::RecordingPolicyView>,
    db: &Db,
    can_modify: bool,
) -> AppResult<TreatmentPage> {
    let c = cap.company();
    let f = facts(db, &c.id).await?;
    let (t, version) = store::policy::company_treatment(db, &c.id).await?.ok_or(AppError::NotFound)?;
    Ok(TreatmentPage {
        form: policy::treatment::TreatmentForm::from_override(&policy::treatment::TreatmentOverride::from(&t), None),
        version,
        licensed: f.licence.licensed,
        can_modify,
        mp3_files: store::policy::mp3_files(db, &c.id).await?,
    })
}
