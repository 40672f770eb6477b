//! The CSV import and export of users and devices. An upload is staged; its preview runs the
//! whole import inside a transaction that is rolled back, so it shows exactly what applying
//! would do (the same checks, in the same order, each line seeing the lines before it);
//! applying runs it again and commits only when no line has an error: all or nothing.

use super::decisions::facts;
use super::devices::{check_device, device_view};
use super::users::{check_user, user_view};
use super::write::audit_one;
use crate::access::capability::{can, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::model::imports::*;
use crate::model::*;
use crate::policy::FieldError;
use crate::store::{self, Db, Tx};
use std::collections::HashMap;

type Cap = CompanyAccess<can::UsersDevicesModify>;

/// Stages an uploaded file after reading its header and lines: a file that cannot be an
/// import of `kind` is refused at once, with every problem.
pub async fn stage(cap: &Cap, db: &Db, kind: ImportKind, file_name: &str, content: &[u8]) -> AppResult<String> {
    if content.len() > MAX_IMPORT_BYTES {
        return Err(AppError::TooLarge {
            message: format!("The file is larger than {} KB, the most an import takes.", MAX_IMPORT_BYTES / 1024),
        });
    }
    let Ok(text) = std::str::from_utf8(content) else {
        return Err(AppError::invalid(
            "file",
            "The file is not UTF-8 text: save it from the spreadsheet as CSV UTF-8.",
        ));
    };
    Table::read(kind, text)?;
    let id = store::new_id();
    let now = time::OffsetDateTime::now_utc();
    let name: String = file_name.chars().filter(|c| !c.is_control()).take(200).collect();
    store::imports::stage(
        db,
        (&id, &cap.company().id, &cap.actor().admin_id),
        (kind.as_str(), if name.is_empty() { "import.csv" } else { &name }, text),
        (&store::seconds_text(now), &store::seconds_text(now - time::Duration::days(1))),
    )
    .await?;
    Ok(id)
}

async fn staged(cap: &Cap, db: &Db, id: &str) -> AppResult<(store::imports::StagedImport, ImportKind, Table)> {
    let s =
        store::imports::staged(db, id, &cap.company().id, &cap.actor().admin_id).await?.ok_or(AppError::NotFound)?;
    let kind = ImportKind::parse(&s.kind).ok_or(AppError::NotFound)?;
    let table = Table::read(kind, &s.content)?;
    Ok((s, kind, table))
}

/// What applying the staged import would change, line by line; nothing is written.
pub async fn preview(cap: &Cap, db: &Db, id: &str) -> AppResult<ImportPreview> {
    let (s, kind, table) = staged(cap, db, id).await?;
    let mut tx = db.begin().await?;
    let lines = run(cap, db, &mut tx, kind, &table).await?;
    tx.rollback().await?;
    Ok(ImportPreview { import: s.id, kind, file_name: s.file_name, lines })
}

/// Applies the staged import in one transaction; a line with an error refuses all of them.
pub async fn apply(cap: &Cap, db: &Db, id: &str) -> AppResult<ImportOutcome> {
    let (s, kind, table) = staged(cap, db, id).await?;
    let mut tx = db.begin().await?;
    let lines = run(cap, db, &mut tx, kind, &table).await?;
    let wrong: Vec<FieldError> = lines
        .iter()
        .flat_map(|l| l.errors.iter().map(move |e| FieldError::new("file", format!("Line {}: {}", l.line, e.message))))
        .collect();
    if !wrong.is_empty() {
        tx.rollback().await?;
        return Err(crate::policy::Validation { errors: wrong }.into());
    }
    store::imports::forget(&mut tx, &s.id).await?;
    tx.commit().await?;
    db.policy_changed(Some(&cap.company().id));
    let count = |a: LineAction| lines.iter().filter(|l| l.action == a).count();
    Ok(ImportOutcome {
        kind: Some(kind),
        created: count(LineAction::Create),
        updated: count(LineAction::Update),
        unchanged: count(LineAction::Unchanged),
    })
}

/// A refusal's field errors, for the line; any other error ends the import.
fn refusal(e: AppError) -> AppResult<Vec<FieldError>> {
    match e {
        AppError::Invalid { fields, field, message } if fields.is_empty() => {
            Ok(vec![FieldError::new(field.unwrap_or_default(), message)])
        }
        AppError::Invalid { fields, .. } => Ok(fields),
        e => Err(e),
    }
}

/// Values a file may hold once: the line that had each first.
#[derive(Default)]
struct Seen(HashMap<(&'static str, String), usize>);

impl Seen {
    fn once(&mut self, what: &'static str, value: &str, line: usize, errors: &mut Vec<FieldError>) {
        if value.is_empty() {
            return;
        }
        match self.0.get(&(what, value.to_string())) {
            Some(first) => {
                errors.push(FieldError::new(what, format!("Line {first} has this {} too.", what.replace('_', " "))))
            }
            None => {
                self.0.insert((what, value.to_string()), line);
            }
        }
    }
}

async fn run(cap: &Cap, db: &Db, tx: &mut Tx, kind: ImportKind, table: &Table) -> AppResult<Vec<ImportLine>> {
    let mut seen = Seen::default();
    let mut out = Vec::with_capacity(table.lines.len());
    let teams: HashMap<String, (String, String)> = store::teams::teams(db, &cap.company().id)
        .await?
        .into_iter()
        .map(|t| (t.name.to_lowercase(), (t.id, t.name)))
        .collect();
    for (line, cells) in &table.lines {
        let l = match kind {
            ImportKind::Users => user_line(cap, db, tx, table, (*line, cells), &teams, &mut seen).await?,
            ImportKind::Devices => device_line(cap, db, tx, table, (*line, cells), &mut seen).await?,
        };
        out.push(l);
    }
    Ok(out)
}

/// The user or device a line names, and the column that named it: its `id` when the line
/// gives one, else the one `found` by its external id (or, for a user, its extension).
fn named(id: &str, found: Option<(String, &'static str)>) -> Option<(String, &'static str)> {
    match id {
        "" => found,
        id => Some((id.to_string(), "id")),
    }
}

/// The user or device the line names, if the caller reaches it; if not, the line's error.
fn found<T>(reached: Option<T>, field: &'static str, what: &str, errors: &mut Vec<FieldError>) -> Option<T> {
    if reached.is_none() {
        errors.push(match field {
            "id" => FieldError::new("id", format!("No {what} of this company has this id.")),
            _ => FieldError::new(field, format!("This {what} is outside your teams.")),
        });
    }
    reached
}

fn change(changes: &mut Vec<String>, what: &str, before: &str, after: &str) {
    if before != after {
        let shown = |s: &str| if s.is_empty() { "none".to_string() } else { s.to_string() };
        changes.push(format!("{what}: {} → {}", shown(before), shown(after)));
    }
}

fn text(o: &Option<String>) -> String {
    o.clone().unwrap_or_default()
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// One line of a users import: the user it is (by id, external id or extension, else a new
/// one), checked as a create or a provisioning update is, and written into `tx`.
async fn user_line(
    cap: &Cap,
    db: &Db,
    tx: &mut Tx,
    t: &Table,
    (line, cells): (usize, &[String]),
    teams: &HashMap<String, (String, String)>,
    seen: &mut Seen,
) -> AppResult<ImportLine> {
    let c = cap.company();
    let cell = |col: &str| t.cell(cells, col).unwrap_or_default().to_string();
    let (id, external_id, name, extension) = (cell("id"), cell("external_id"), cell("name"), cell("extension"));
    let mut errors = Vec::new();
    let by_external = match external_id.as_str() {
        "" => None,
        x => store::users::user_by_external_id(db, &c.id, x).await?.map(|u| (u.id, "external_id")),
    };
    let by_extension = match (id.is_empty() && external_id.is_empty(), extension.as_str()) {
        (true, ext) => store::users::extension_holder(tx, &c.id, ext, None).await?.map(|(u, _)| (u, "extension")),
        (false, _) => None,
    };
    let existing = match named(&id, by_external.or(by_extension)) {
        Some((uid, field)) => {
            let u = store::users::user(db, cap.reach(), &uid).await?;
            found(u, field, "user", &mut errors)
        }
        None => None,
    };
    let team = match t.cell(cells, "team") {
        None => existing.as_ref().and_then(|u| u.team_id.clone()),
        Some("") => None,
        Some(n) => match teams.get(&n.to_lowercase()) {
            Some((tid, _)) => Some(tid.clone()),
            None => {
                errors.push(FieldError::new("team", format!("No team of this company is named \"{n}\".")));
                None
            }
        },
    };
    let seat = match t.cell(cells, "seat") {
        None => existing.as_ref().is_some_and(|u| u.seat),
        Some(s) => crate::model::imports::seat(s).unwrap_or_else(|e| {
            errors.push(e);
            false
        }),
    };
    let external = if external_id.is_empty() {
        existing.as_ref().and_then(|u| u.external_id.clone())
    } else {
        Some(external_id.clone())
    };
    if let (Some(x), Some(u)) = (&external, &existing) {
        if let Some(other) = store::users::user_by_external_id(db, &c.id, x).await? {
            if other.id != u.id {
                errors.push(FieldError::new("external_id", "Another user of this company has this external id."));
            }
        }
    }
    let wanted = NewUser { name, extension, team, seat, external_id: external, ..NewUser::default() };
    if let Some(x) = &wanted.external_id {
        errors.extend(crate::model::provisioning::check_external_id(x).err());
    }
    seen.once("user", existing.as_ref().map(|u| u.id.as_str()).unwrap_or_default(), line, &mut errors);
    seen.once("external_id", wanted.external_id.as_deref().unwrap_or_default(), line, &mut errors);
    seen.once("extension", wanted.extension.trim(), line, &mut errors);
    if let Err(e) = check_user(tx, &c.id, &wanted, existing.as_ref().map(|u| u.id.as_str())).await {
        errors.extend(refusal(e)?);
    }
    let label = format!("{} ({})", wanted.name.trim(), wanted.extension.trim());
    let team_name = |id: &Option<String>| {
        id.as_ref().and_then(|id| teams.values().find(|(t, _)| t == id)).map(|(_, n)| n.clone()).unwrap_or_default()
    };
    let invalid = |errors: Vec<FieldError>, label: String| ImportLine {
        line,
        action: LineAction::Invalid,
        label,
        changes: vec![],
        errors,
    };
    if !errors.is_empty() {
        return Ok(invalid(errors, label));
    }
    let gains_seat = wanted.seat && !existing.as_ref().is_some_and(|u| u.seat);
    let (action, changes) = match &existing {
        None => {
            let id = store::new_id();
            store::users::insert_user(tx, &id, &c.id, &wanted).await?;
            let created = UserView {
                id: id.clone(),
                name: wanted.name.trim().to_string(),
                extension: wanted.extension.trim().to_string(),
                team: wanted.team.clone(),
                seat: wanted.seat,
                overrides: Default::default(),
                treatment: Default::default(),
                email: None,
                external_id: wanted.external_id.clone(),
                version: 1,
            };
            audit_one(tx, &cap.audit("user.import", "user", &id), &serde_json::Value::Null, &created).await?;
            (LineAction::Create, vec![])
        }
        Some(before) => {
            let mut changes = Vec::new();
            change(&mut changes, "Name", &before.name, wanted.name.trim());
            change(&mut changes, "Extension", &before.extension, wanted.extension.trim());
            change(&mut changes, "Team", &team_name(&before.team_id), &team_name(&wanted.team));
            change(&mut changes, "Seat", yes_no(before.seat), yes_no(wanted.seat));
            change(&mut changes, "External id", &text(&before.external_id), &text(&wanted.external_id));
            if changes.is_empty() {
                return Ok(ImportLine { line, action: LineAction::Unchanged, label, changes, errors });
            }
            if !store::users::update_provisioned_user(tx, &c.id, &before.id, &wanted, before.version).await? {
                return Err(AppError::Stale);
            }
            let after = UserView {
                name: wanted.name.trim().to_string(),
                extension: wanted.extension.trim().to_string(),
                team: wanted.team.clone(),
                seat: wanted.seat,
                external_id: wanted.external_id.clone(),
                version: before.version + 1,
                ..user_view(before.clone())
            };
            audit_one(tx, &cap.audit("user.import", "user", &before.id), &user_view(before.clone()), &after).await?;
            (LineAction::Update, changes)
        }
    };
    if gains_seat {
        let f = facts(db, &c.id).await?;
        if let Err(e) = f.licence.check_seats(store::users::seats_used(tx, &c.id).await?.max(0) as u32) {
            return Ok(invalid(vec![e], label));
        }
    }
    Ok(ImportLine { line, action, label, changes, errors })
}

/// One line of a devices import: the device it is (by id or external id, else a new one),
/// its owner by extension.
async fn device_line(
    cap: &Cap,
    db: &Db,
    tx: &mut Tx,
    t: &Table,
    (line, cells): (usize, &[String]),
    seen: &mut Seen,
) -> AppResult<ImportLine> {
    let c = cap.company();
    let cell = |col: &str| t.cell(cells, col).unwrap_or_default().to_string();
    let (id, external_id, name) = (cell("id"), cell("external_id"), cell("name"));
    let mut errors = Vec::new();
    let by_external = match external_id.as_str() {
        "" => None,
        x => store::devices::device_by_external_id(db, &c.id, x).await?.map(|d| (d.id, "external_id")),
    };
    let existing = match named(&id, by_external) {
        Some((did, field)) => {
            let d = store::devices::device(db, cap.reach(), &did).await?;
            found(d, field, "device", &mut errors)
        }
        None => None,
    };
    let owner = match t.cell(cells, "owner_extension") {
        None => existing.as_ref().and_then(|d| d.owner_user_id.clone()),
        Some("") => None,
        Some(ext) => {
            let found = store::users::extension_holder(tx, &c.id, ext, None).await?.map(|(id, _)| id);
            if found.is_none() {
                errors
                    .push(FieldError::new("owner_extension", format!("No user of this company has extension {ext}.")));
            }
            found
        }
    };
    let external = if external_id.is_empty() {
        existing.as_ref().and_then(|d| d.external_id.clone())
    } else {
        Some(external_id.clone())
    };
    if let (Some(x), Some(d)) = (&external, &existing) {
        if let Some(other) = store::devices::device_by_external_id(db, &c.id, x).await? {
            if other.id != d.id {
                errors.push(FieldError::new("external_id", "Another device of this company has this external id."));
            }
        }
    }
    let wanted = NewDevice { name, owner, external_id: external, ..NewDevice::default() };
    seen.once("device", existing.as_ref().map(|d| d.id.as_str()).unwrap_or_default(), line, &mut errors);
    seen.once("external_id", wanted.external_id.as_deref().unwrap_or_default(), line, &mut errors);
    if let Err(e) = check_device(tx, &c.id, &wanted).await {
        errors.extend(refusal(e)?);
    }
    let label = wanted.name.trim().to_string();
    if !errors.is_empty() {
        return Ok(ImportLine { line, action: LineAction::Invalid, label, changes: vec![], errors });
    }
    match &existing {
        None => {
            let id = store::new_id();
            store::devices::insert_device(tx, &id, &c.id, &wanted).await?;
            let created = DeviceView {
                id: id.clone(),
                name: label.clone(),
                owner: wanted.owner.clone(),
                overrides: Default::default(),
                external_id: wanted.external_id.clone(),
                version: 1,
            };
            audit_one(tx, &cap.audit("device.import", "device", &id), &serde_json::Value::Null, &created).await?;
            Ok(ImportLine { line, action: LineAction::Create, label, changes: vec![], errors })
        }
        Some(before) => {
            let mut changes = Vec::new();
            change(&mut changes, "Name", &before.name, &label);
            if before.owner_user_id != wanted.owner {
                let b = store::imports::extension_of(tx, before.owner_user_id.as_deref()).await?.unwrap_or_default();
                let a = store::imports::extension_of(tx, wanted.owner.as_deref()).await?.unwrap_or_default();
                change(&mut changes, "Owner's extension", &b, &a);
            }
            change(&mut changes, "External id", &text(&before.external_id), &text(&wanted.external_id));
            if changes.is_empty() {
                return Ok(ImportLine { line, action: LineAction::Unchanged, label, changes, errors });
            }
            if !store::devices::update_provisioned_device(tx, &c.id, &before.id, &wanted, before.version).await? {
                return Err(AppError::Stale);
            }
            let after = DeviceView {
                name: label.clone(),
                owner: wanted.owner.clone(),
                external_id: wanted.external_id.clone(),
                version: before.version + 1,
                ..device_view(before.clone())
            };
            audit_one(tx, &cap.audit("device.import", "device", &before.id), &device_view(before.clone()), &after)
                .await?;
            Ok(ImportLine { line, action: LineAction::Update, label, changes, errors })
        }
    }
}

/// The company's users or devices (those within the caller's teams) as the import reads them.
pub async fn export(cap: &CompanyAccess<can::UsersDevicesView>, db: &Db, kind: ImportKind) -> AppResult<String> {
    const ALL: i64 = 1_000_000;
    let c = cap.company();
    let mut out = crate::model::csv::line(kind.columns());
    match kind {
        ImportKind::Users => {
            let teams: HashMap<String, String> =
                store::teams::teams(db, &c.id).await?.into_iter().map(|t| (t.id, t.name)).collect();
            for u in store::users::users(db, cap.reach(), ALL).await? {
                let team = u.team_id.as_ref().and_then(|t| teams.get(t)).map(String::as_str).unwrap_or_default();
                let external = u.external_id.as_deref().unwrap_or_default();
                out.push_str(&crate::model::csv::line(&[&u.id, external, &u.name, &u.extension, team, yes_no(u.seat)]));
            }
        }
        ImportKind::Devices => {
            let extensions: HashMap<String, String> =
                store::teams::users(db, &c.id).await?.into_iter().map(|(id, _, ext, _)| (id, ext)).collect();
            for d in store::devices::devices(db, cap.reach(), ALL).await? {
                let owner =
                    d.owner_user_id.as_ref().and_then(|u| extensions.get(u)).map(String::as_str).unwrap_or_default();
                let external = d.external_id.as_deref().unwrap_or_default();
                out.push_str(&crate::model::csv::line(&[&d.id, external, &d.name, owner]));
            }
        }
    }
    Ok(out)
}
