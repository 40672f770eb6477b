//! The Administrators page: who may log in, with which role, and where their authority
//! reaches. Nobody hands out a privilege or a scope they do not hold, and the
//! platform always keeps one enabled platform owner.

use super::password;
use super::roles::visible_roles;
use crate::access::capability::{can, scope_reaches, Principal, Scope, ScopeAccess};
use crate::access::{Privilege, Privileges};
use crate::error::{AppError, AppResult};
use crate::model::administrators::{
    AdminEditor, AdminInput, AdminView, AdminsPage, CheckedAdmin, Choice, ScopeChoice, TeamChoice,
};
use crate::store::{self, administrators, audit_log, Db};

type Cap = ScopeAccess<can::AdministratorsModify>;

/// At most this many administrators on one page; the search narrows the rest.
const LIST_LIMIT: usize = 200;

fn scope_of(c: &ScopeChoice) -> Scope {
    match c {
        ScopeChoice::Platform => Scope::Platform,
        ScopeChoice::Reseller(r) => Scope::Reseller { reseller_id: r.clone() },
        ScopeChoice::Company(c) => Scope::Company { company_id: c.clone() },
    }
}

pub(super) fn choice_of(s: &Scope) -> ScopeChoice {
    match s {
        Scope::Platform => ScopeChoice::Platform,
        Scope::Reseller { reseller_id } => ScopeChoice::Reseller(reseller_id.clone()),
        Scope::Company { company_id } => ScopeChoice::Company(company_id.clone()),
    }
}

fn record_scope(a: &administrators::AdminRecord) -> Scope {
    Principal::from_record(a.clone()).scope().clone()
}

/// Everything the viewer may hand out: the scopes inside their own (the platform, its
/// resellers, their companies), roles they could grant, and the teams of those companies.
struct Offer {
    scopes: Vec<Choice>,
    roles: Vec<(Choice, Privileges, Scope)>,
    teams: Vec<TeamChoice>,
}

async fn offer(cap: &Cap, principal: &Principal, db: &Db, only_company: Option<&str>) -> AppResult<Offer> {
    let mut scopes = Vec::new();
    let companies: Vec<_> = principal
        .reachable_companies(db)
        .await?
        .into_iter()
        .filter(|c| only_company.is_none_or(|only| only == c.id))
        .collect();
    if only_company.is_none() {
        if *cap.scope() == Scope::Platform {
            scopes.push(Choice { value: ScopeChoice::Platform.value(), label: "Platform (everything)".into() });
        }
        let resellers = match cap.scope() {
            Scope::Platform => store::tenants::resellers(db, None).await?,
            Scope::Reseller { reseller_id } => store::tenants::resellers(db, Some(reseller_id)).await?,
            Scope::Company { .. } => Vec::new(),
        };
        for (id, name) in resellers {
            scopes.push(Choice { value: ScopeChoice::Reseller(id).value(), label: format!("Reseller {name}") });
        }
    }
    let ids: Vec<String> = companies.iter().map(|c| c.id.clone()).collect();
    let all_teams = store::teams::teams_of(db, &ids).await?;
    let mut teams = Vec::new();
    for c in &companies {
        let value = ScopeChoice::Company(c.id.clone()).value();
        scopes.push(Choice { value: value.clone(), label: format!("{} ({})", c.name, c.reseller_name) });
        for t in all_teams.iter().filter(|t| t.company_id == c.id) {
            teams.push(TeamChoice {
                id: t.id.clone(),
                label: format!("{} · {}", c.name, t.name),
                scope: value.clone(),
            });
        }
    }
    let roles = visible_roles(cap, db)
        .await?
        .into_iter()
        .filter(|(_, privileges, _)| cap.privileges().contains_all(*privileges))
        .map(|(r, privileges, owner)| (Choice { value: r.id, label: r.name }, privileges, owner))
        .collect();
    Ok(Offer { scopes, roles, teams })
}

fn view_of(r: administrators::AdminListRow) -> AdminView {
    let scope = match (r.scope_kind.as_str(), r.company_name, r.reseller_name) {
        ("platform", _, _) => "Platform".to_string(),
        ("reseller", _, reseller) => format!("Reseller {}", reseller.unwrap_or_default()),
        (_, Some(company), Some(reseller)) => format!("{company} ({reseller})"),
        (_, company, _) => company.unwrap_or_default(),
    };
    AdminView {
        id: r.id,
        email: r.email,
        name: r.name,
        role: r.role_name,
        scope,
        teams: r.teams,
        disabled: r.disabled,
        must_change_password: r.must_change_password,
        last_login_at: r.last_login_at,
    }
}

/// The administrators page: those inside the viewer's scope (or one company's), searched by
/// e-mail or name.
pub async fn page(cap: &Cap, principal: &Principal, db: &Db, company: Option<&str>, q: &str) -> AppResult<AdminsPage> {
    let within = match (company, cap.scope()) {
        (Some(c), _) => store::Within::Company(c),
        (None, Scope::Platform) => store::Within::Platform,
        (None, Scope::Reseller { reseller_id }) => store::Within::Reseller(reseller_id),
        (None, Scope::Company { company_id }) => store::Within::Company(company_id),
    };
    let mut rows = administrators::list(db, within, q.trim(), LIST_LIMIT as i64 + 1).await?;
    let truncated = rows.len() > LIST_LIMIT;
    rows.truncate(LIST_LIMIT);
    let offer = offer(cap, principal, db, company).await?;
    Ok(AdminsPage {
        admins: rows.into_iter().map(view_of).collect(),
        truncated,
        roles: offer.roles.into_iter().map(|(c, _, _)| c).collect(),
        scopes: offer.scopes,
        teams: offer.teams,
    })
}

/// An administrator inside the viewer's scope who holds nothing the viewer lacks; anyone
/// else is "not found" (outside) or "forbidden" (more powerful).
async fn target(cap: &Cap, db: &Db, id: &str) -> AppResult<administrators::AdminRecord> {
    let a = administrators::by_id(db, id).await?.ok_or(AppError::NotFound)?;
    if !cap.reaches(db, &record_scope(&a)).await? {
        return Err(AppError::NotFound);
    }
    if !cap.privileges().contains_all(a.privileges) {
        return Err(AppError::Forbidden);
    }
    Ok(a)
}

pub async fn editor(cap: &Cap, principal: &Principal, db: &Db, id: &str) -> AppResult<AdminEditor> {
    let a = target(cap, db, id).await?;
    let scope = choice_of(&record_scope(&a));
    let row = administrators::list_row(db, &a.id).await?.ok_or(AppError::NotFound)?;
    let offer = offer(cap, principal, db, None).await?;
    Ok(AdminEditor {
        admin: view_of(row),
        role: a.role_id.clone(),
        scope: scope.value(),
        teams: a.teams.clone(),
        version: a.version,
        is_self: a.id == principal.admin_id(),
        roles: offer.roles.into_iter().map(|(c, _, _)| c).collect(),
        scopes: offer.scopes,
        team_choices: offer.teams,
    })
}

/// Checks what the form hands out: a scope inside the viewer's, a role they could hold
/// themselves that suits that scope, teams of that company.
async fn check_grant(cap: &Cap, db: &Db, input: &CheckedAdmin) -> AppResult<Privileges> {
    let target = scope_of(&input.scope);
    // An unknown company or reseller is refused the same way as one outside the scope.
    let exists = match &target {
        Scope::Platform => true,
        Scope::Reseller { reseller_id } => !store::tenants::resellers(db, Some(reseller_id)).await?.is_empty(),
        Scope::Company { company_id } => db.cache().company(db, company_id).await?.is_some(),
    };
    if !exists || !cap.reaches(db, &target).await? {
        return Err(AppError::invalid(
            "scope",
            "Choose a scope inside your own: you cannot give more reach than you have.",
        ));
    }
    let (role, privileges, owner) = visible_roles(cap, db)
        .await?
        .into_iter()
        .find(|(r, _, _)| r.id == input.role)
        .ok_or_else(|| AppError::invalid("role", "Choose one of the roles listed."))?;
    if let Some(missing) = privileges.iter().find(|p| !cap.privileges().has(*p)) {
        return Err(AppError::invalid(
            "role",
            format!("You cannot grant {}: it holds {}, which you do not hold.", role.name, missing.label()),
        ));
    }
    if !scope_reaches(db, &owner, &target).await? {
        return Err(AppError::invalid("role", format!("{} belongs to another scope.", role.name)));
    }
    let above: Vec<_> = privileges
        .iter()
        .filter(|p| match target {
            Scope::Platform => false,
            Scope::Reseller { .. } => *p == Privilege::SystemModify,
            Scope::Company { .. } => p.is_above_company(),
        })
        .map(Privilege::label)
        .collect();
    if !above.is_empty() {
        return Err(AppError::invalid(
            "role",
            format!(
                "{} holds {}, which does not work at this scope: choose a role that suits it.",
                role.name,
                above.join(", ")
            ),
        ));
    }
    Ok(privileges)
}

/// Teams a supervisor is limited to must be their company's: checked in the write's own
/// transaction.
async fn check_teams(tx: &mut store::Tx, input: &CheckedAdmin) -> AppResult<()> {
    if let ScopeChoice::Company(company) = &input.scope {
        let found = store::teams::count_of_company(tx, store::teams::Owned::Teams, company, &input.teams).await?;
        if found != input.teams.len() {
            return Err(AppError::invalid("teams", "Choose teams of the administrator's company."));
        }
    }
    Ok(())
}

fn scope_columns(s: &ScopeChoice) -> (&'static str, Option<&str>, Option<&str>) {
    match s {
        ScopeChoice::Platform => ("platform", None, None),
        ScopeChoice::Reseller(r) => ("reseller", Some(r.as_str()), None),
        ScopeChoice::Company(c) => ("company", None, Some(c.as_str())),
    }
}

pub(super) fn tenant_ids(s: &ScopeChoice) -> (Option<String>, Option<String>) {
    match s {
        ScopeChoice::Platform => (None, None),
        ScopeChoice::Reseller(r) => (Some(r.clone()), None),
        ScopeChoice::Company(c) => (None, Some(c.clone())),
    }
}

fn admin_json(a: &CheckedAdmin) -> Option<String> {
    serde_json::to_string(&serde_json::json!({
        "email": a.email, "name": a.name, "role": a.role, "scope": a.scope.value(), "teams": a.teams,
    }))
    .ok()
}

/// Makes a login with a first password the creator hands over; its owner must change it at
/// their first login.
pub async fn create(cap: &Cap, db: &Db, input: &AdminInput, password: &str, confirm: &str) -> AppResult<String> {
    let checked = input.validate()?;
    check_grant(cap, db, &checked).await?;
    password::check_new(password, confirm, &checked.email)?;
    let hash = password::hash(password.to_string()).await?;
    let id = store::new_id();
    let (scope_kind, reseller_id, company_id) = scope_columns(&checked.scope);
    let mut tx = db.begin().await?;
    check_teams(&mut tx, &checked).await?;
    if administrators::exists_by_email(&mut tx, &checked.email).await? {
        return Err(AppError::invalid("email", "An administrator with this e-mail address already exists."));
    }
    administrators::insert(
        &mut tx,
        &id,
        &administrators::NewAdmin {
            email: &checked.email,
            name: &checked.name,
            password_hash: &hash,
            role_id: &checked.role,
            scope_kind,
            reseller_id,
            company_id,
            teams: &checked.teams,
            must_change_password: true,
        },
    )
    .await?;
    let (reseller_id, company_id) = tenant_ids(&checked.scope);
    let entry = audit_log::Entry {
        reseller_id,
        company_id,
        after: admin_json(&checked),
        ..cap.audit("administrator.create", "administrator", &id)
    };
    audit_log::write(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(id)
}

/// Refuses a change that would leave the platform without an enabled platform owner.
async fn keep_a_platform_owner(
    tx: &mut store::Tx,
    a: &administrators::AdminRecord,
    still_owner: bool,
) -> AppResult<()> {
    let is_owner = !a.disabled && a.scope_kind == "platform" && a.privileges.has(Privilege::SystemModify);
    if is_owner && !still_owner && administrators::other_platform_owners(tx, &a.id).await? == 0 {
        return Err(AppError::Conflict {
            message: format!(
                "{} is the last enabled platform owner: make another platform owner first, or the platform is locked out.",
                a.email
            ),
        });
    }
    Ok(())
}

fn record_json(a: &administrators::AdminRecord) -> Option<String> {
    serde_json::to_string(&serde_json::json!({
        "email": a.email, "name": a.name, "role": a.role_id,
        "scope": choice_of(&record_scope(a)).value(), "teams": a.teams,
    }))
    .ok()
}

fn entry(cap: &Cap, action: &'static str, a: &administrators::AdminRecord) -> audit_log::Entry {
    audit_log::Entry {
        reseller_id: a.reseller_id.clone(),
        company_id: a.company_id.clone(),
        ..cap.audit(action, "administrator", &a.id)
    }
}

/// Changes name, role, scope and teams over the version read. The e-mail (the login) stays.
pub async fn update(cap: &Cap, db: &Db, id: &str, input: &AdminInput, version: i64) -> AppResult<()> {
    let a = target(cap, db, id).await?;
    let checked = AdminInput { email: a.email.clone(), ..input.clone() }.validate()?;
    let privileges = check_grant(cap, db, &checked).await?;
    let (scope_kind, reseller_id, company_id) = scope_columns(&checked.scope);
    let mut tx = db.begin().await?;
    check_teams(&mut tx, &checked).await?;
    keep_a_platform_owner(&mut tx, &a, scope_kind == "platform" && privileges.has(Privilege::SystemModify)).await?;
    let change = administrators::AdminChange {
        name: &checked.name,
        role_id: &checked.role,
        scope_kind,
        reseller_id,
        company_id,
        teams: &checked.teams,
    };
    if !administrators::update(&mut tx, id, version, &change).await? {
        return Err(AppError::Stale);
    }
    let mut e = entry(cap, "administrator.update", &a);
    e.before = record_json(&a);
    e.after = admin_json(&checked);
    audit_log::write(&mut tx, &e).await?;
    tx.commit().await?;
    Ok(())
}

/// Disables (ending every session of theirs at once) or enables a login.
pub async fn set_disabled(cap: &Cap, db: &Db, id: &str, disabled: bool) -> AppResult<()> {
    let a = target(cap, db, id).await?;
    if disabled && a.id == cap.actor().admin_id {
        return Err(AppError::Conflict { message: "You cannot disable your own login.".into() });
    }
    let mut tx = db.begin().await?;
    if disabled {
        keep_a_platform_owner(&mut tx, &a, false).await?;
    }
    administrators::set_disabled(&mut tx, id, disabled).await?;
    let mut e = entry(cap, if disabled { "administrator.disable" } else { "administrator.enable" }, &a);
    e.before = Some(format!(r#"{{"disabled":{}}}"#, a.disabled));
    e.after = Some(format!(r#"{{"disabled":{disabled}}}"#));
    audit_log::write(&mut tx, &e).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a new password for another administrator, who must change it at next login; their
/// sessions end.
pub async fn reset_password(cap: &Cap, db: &Db, id: &str, password: &str, confirm: &str) -> AppResult<()> {
    let a = target(cap, db, id).await?;
    if a.id == cap.actor().admin_id {
        return Err(AppError::invalid("password", "Change your own password on Your account."));
    }
    password::check_new(password, confirm, &a.email)?;
    let hash = password::hash(password.to_string()).await?;
    let mut tx = db.begin().await?;
    administrators::set_password_hash(&mut tx, id, &hash, true).await?;
    store::sessions::delete_all(&mut tx, id, None).await?;
    let mut e = entry(cap, "administrator.reset_password", &a);
    e.after = Some(r#"{"must_change_password":true}"#.into());
    audit_log::write(&mut tx, &e).await?;
    tx.commit().await?;
    Ok(())
}
