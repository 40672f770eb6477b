//! Users: their override matrix, seat and treatment options, the Users page and its dialog.

use super::decisions::facts;
use super::licence::licensed;
use super::treatment::check_treatment;
use super::write::{audited, stale_unless};
use super::LIST_LIMIT;
use crate::access::capability::{can, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::model::*;
use crate::policy::{self, *};
use crate::store::{self, Db, Tx};

pub(crate) fn user_view(u: store::users::UserRecord) -> UserView {
    UserView {
        overrides: u.overrides(),
        treatment: u.treatment(),
        email: u.email.clone(),
        external_id: u.external_id,
        id: u.id,
        name: u.name,
        extension: u.extension,
        team: u.team_id,
        seat: u.seat,
        version: u.version,
    }
}

pub async fn users(cap: &CompanyAccess<can::UsersDevicesView>, db: &Db) -> AppResult<Vec<UserView>> {
    Ok(store::users::users(db, cap.reach(), LIST_LIMIT).await?.into_iter().map(user_view).collect())
}

pub async fn user(cap: &CompanyAccess<can::UsersDevicesView>, db: &Db, id: &str) -> AppResult<UserView> {
    store::users::user(db, cap.reach(), id).await?.map(user_view).ok_or(AppError::NotFound)
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
    let entry = cap.audit("user.update", "user", id);
    let attempted = serde_json::json!({"override": overrides, "seat": seat, "version": version});
    audited(db, entry, &attempted, async {
        let mut tx = db.begin().await?;
        let before = store::users::user(db, cap.reach(), id).await?.ok_or(AppError::NotFound)?;
        let f = facts(db, &c.id).await?;
        licensed(&f)?;
        stale_unless(store::users::update_user(&mut tx, &c.id, id, &overrides, seat, version).await?)?;
        // Counted inside the transaction, after the write, so two administrators handing
        // out the last seat at once cannot both succeed.
        let used = store::users::seats_used(&mut tx, &c.id).await?;
        if seat && !before.seat {
            f.licence.check_seats(used.max(0) as u32)?;
        }
        let after = UserView { overrides, seat, version: version + 1, ..user_view(before.clone()) };
        Ok((tx, user_view(before), after))
    })
    .await
}

pub(crate) fn user_row(u: store::users::UserListRecord) -> UserRow {
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
            let rows = store::users::users_with_email(db, cap.reach(), &my_email).await?;
            let n = rows.len() as i64;
            (rows, n)
        }
        "teams" => {
            store::users::search_users(db, cap.reach(), Some(&team_ids), q, USERS_PER_PAGE, (page - 1) * USERS_PER_PAGE)
                .await?
        }
        _ => store::users::search_users(db, cap.reach(), None, q, USERS_PER_PAGE, (page - 1) * USERS_PER_PAGE).await?,
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
    let u = store::users::user(db, cap.reach(), id).await?.ok_or(AppError::NotFound)?;
    let f = facts(db, &c.id).await?;
    let devices = store::devices::devices_of_user(db, &c.id, id).await?;
    let own = u.treatment();
    let effective = own.resolve(&Origin::new(Level::User, &u.id, &u.name), &f.treatment, &f.company);
    Ok(UserEditor {
        treatment: policy::treatment::TreatmentForm::from_override(&own, u.email.as_deref()),
        effective,
        mp3_files: store::audio_library::mp3_files(db, &c.id)
            .await?
            .into_iter()
            .map(super::audio_library::choice)
            .collect(),
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
    let before = store::users::user(db, cap.reach(), id).await?.ok_or(AppError::NotFound)?;
    let saved = set_user(cap, db, id, overrides, seat, version).await?;
    let f = facts(db, &c.id).await?;
    let devices: Vec<DeviceFacts> =
        store::devices::devices_of_user(db, &c.id, id).await?.iter().map(|d| d.facts()).collect();
    let impact = policy::impact::user_change(
        &saved.name,
        &devices,
        &f.force.all_users,
        (before.seat, before.overrides()),
        (saved.seat, saved.overrides),
    );
    Ok(SavedOverride { version: saved.version, impact })
}

pub async fn create_user(cap: &CompanyAccess<can::UsersDevicesModify>, db: &Db, new: NewUser) -> AppResult<UserView> {
    let c = cap.company();
    let id = store::new_id();
    let entry = cap.audit("user.create", "user", &id);
    audited(db, entry, &new, async {
        let mut tx = db.begin().await?;
        check_user(&mut tx, &c.id, &new, None).await?;
        let f = facts(db, &c.id).await?;
        store::users::insert_user(&mut tx, &id, &c.id, &new).await?;
        if new.seat {
            f.licence.check_seats(store::users::seats_used(&mut tx, &c.id).await?.max(0) as u32)?;
        }
        let name = new.name.trim().to_string();
        let mut version = 1;
        let (mut treatment, mut email) = (Default::default(), None);
        if new.treatment.is_some() || new.email.is_some() {
            let own = new.treatment.clone().unwrap_or_default();
            email = own_treatment(db, &mut tx, &f, (&id, &name), &own, new.email.as_deref(), version).await?;
            (treatment, version) = (own, version + 1);
        }
        let created = UserView {
            id: id.clone(),
            name,
            extension: new.extension.trim().to_string(),
            team: new.team.clone(),
            seat: new.seat,
            overrides: new.overrides,
            treatment,
            email,
            external_id: new.external_id.clone(),
            version,
        };
        Ok((tx, serde_json::Value::Null, created))
    })
    .await
}

/// Every check a user's fields pass in the company, all their errors at once: on creation and
/// on each change the PBX provisions (`except`: the user changed, who keeps their own
/// extension).
pub(crate) async fn check_user(tx: &mut Tx, company_id: &str, new: &NewUser, except: Option<&str>) -> AppResult<()> {
    let mut v = new.validate();
    let extension = new.extension.trim();
    if v.message_for("extension").is_none() {
        if let Some((_, holder)) = store::users::extension_holder(tx, company_id, extension, except).await? {
            v.push("extension", format!("Extension {extension} is already {holder}'s."));
        }
    }
    if let Some(team) = &new.team {
        if !store::users::team_in_company(tx, company_id, team).await? {
            v.push("team", "No team of this company has this id.");
        }
    }
    Ok(v.into_result()?)
}

/// Deletes a user: their devices stay, unowned; their recordings keep the names and numbers
/// they were made with, and their seat is free again.
pub async fn delete_user(cap: &CompanyAccess<can::UsersDevicesModify>, db: &Db, id: &str) -> AppResult<()> {
    let c = cap.company();
    let entry = cap.audit("user.delete", "user", id);
    audited(db, entry, &serde_json::json!({ "id": id }), async {
        let mut tx = db.begin().await?;
        let before = store::users::user(db, cap.reach(), id).await?.ok_or(AppError::NotFound)?;
        if !store::users::delete_user(&mut tx, &c.id, id).await? {
            return Err(AppError::NotFound);
        }
        Ok((tx, user_view(before), serde_json::Value::Null))
    })
    .await
    .map(|_| ())
}

/// Checks and writes a user's own treatment options and e-mail address over `version` (the
/// licence, the options against what applies, e-mail delivery needing an address); the address
/// as stored.
async fn own_treatment(
    db: &Db,
    tx: &mut Tx,
    f: &PolicyFacts,
    (id, name): (&str, &str),
    own: &policy::treatment::TreatmentOverride,
    email: Option<&str>,
    version: i64,
) -> AppResult<Option<String>> {
    licensed(f)?;
    let email = email.map(str::trim).filter(|e| !e.is_empty()).map(str::to_lowercase);
    let origin = Origin::new(Level::User, id, name);
    let effective = own.resolve(&origin, &f.treatment, &f.company);
    check_treatment(db, f, own, &effective).await?;
    policy::treatment::check_email_delivery(&effective, email.as_deref())?;
    stale_unless(store::users::update_user_treatment(tx, &f.company.id, id, own, email.as_deref(), version).await?)?;
    Ok(email)
}

/// A user's own treatment options and e-mail address, over the user's version.
pub async fn set_user_treatment(
    cap: &CompanyAccess<can::UsersDevicesModify>,
    db: &Db,
    id: &str,
    body: &UserTreatmentBody,
) -> AppResult<UserView> {
    let c = cap.company();
    let entry = cap.audit("user.treatment.update", "user", id);
    audited(db, entry, body, async {
        let mut tx = db.begin().await?;
        let before = store::users::user(db, cap.reach(), id).await?.ok_or(AppError::NotFound)?;
        let f = facts(db, &c.id).await?;
        let email = own_treatment(
            db,
            &mut tx,
            &f,
            (&before.id, &before.name),
            &body.treatment,
            body.email.as_deref(),
            body.version,
        )
        .await?;
        let after = UserView {
            treatment: body.treatment.clone(),
            email: email.clone(),
            version: body.version + 1,
            ..user_view(before.clone())
        };
        Ok((tx, user_view(before), after))
    })
    .await
}
