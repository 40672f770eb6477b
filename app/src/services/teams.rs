//! The teams page: teams of a company, their users and the queues they serve. A supervisor
//! limited to teams sees the recordings of those users and queues.

use crate::access::capability::{can, CompanyAccess};
use crate::error::{AppError, AppResult};
use crate::model::administrators::Choice;
use crate::model::teams::{check_team_name, TeamMember, TeamView, TeamsPage};
use crate::policy::Validation;
use crate::store::{self, audit_log, teams, Db};

type Cap = CompanyAccess<can::AdministratorsModify>;

pub async fn page(cap: &Cap, db: &Db) -> AppResult<TeamsPage> {
    let company = &cap.company().id;
    let members = teams::members(db, company).await?;
    let served = teams::served_queues(db, company).await?;
    let supervisors = teams::supervisors(db, company).await?;
    let of = |pairs: &[(String, String)], team: &str| -> Vec<String> {
        pairs.iter().filter(|(t, _)| t == team).map(|(_, x)| x.clone()).collect()
    };
    let list = teams::teams(db, company)
        .await?
        .into_iter()
        .map(|t| TeamView {
            members: of(&members, &t.id),
            queues: of(&served, &t.id),
            supervisors: of(&supervisors, &t.id),
            id: t.id,
            name: t.name,
            version: t.version,
        })
        .collect();
    let users = teams::users(db, company)
        .await?
        .into_iter()
        .map(|(id, name, extension, team)| TeamMember { id, name, extension, team })
        .collect();
    let queues = store::tenants::queues(db, company, 10_000)
        .await?
        .into_iter()
        .map(|q| Choice { value: q.id, label: q.name })
        .collect();
    Ok(TeamsPage { teams: list, users, queues })
}

/// The company's teams, as the API reads them.
pub async fn teams(cap: &Cap, db: &Db) -> AppResult<Vec<TeamView>> {
    Ok(page(cap, db).await?.teams)
}

/// One team of the company.
pub async fn team(cap: &Cap, db: &Db, id: &str) -> AppResult<TeamView> {
    teams(cap, db).await?.into_iter().find(|t| t.id == id).ok_or(AppError::NotFound)
}

/// What a team form sends.
#[derive(Clone, Debug, Default)]
pub struct TeamForm {
    /// Empty: a new team.
    pub team: String,
    pub name: String,
    pub version: i64,
    pub members: Vec<String>,
    pub queues: Vec<String>,
}

/// Creates or changes a team: its name (over the version read), its users and its queues,
/// all in one transaction.
pub async fn save(cap: &Cap, db: &Db, form: TeamForm) -> AppResult<String> {
    let mut v = Validation::default();
    let name = check_team_name(&form.name).map_err(|e| v.push(e.field, e.message)).unwrap_or_default();
    let company = cap.company();
    let mut members: Vec<String> = form.members.into_iter().filter(|m| !m.is_empty()).collect();
    let mut queues: Vec<String> = form.queues.into_iter().filter(|q| !q.is_empty()).collect();
    members.sort();
    members.dedup();
    queues.sort();
    queues.dedup();
    let mut tx = db.begin().await?;
    if teams::count_of_company(&mut tx, teams::Owned::Users, &company.id, &members).await? != members.len() {
        v.push("members", "Choose users of this company.");
    }
    if teams::count_of_company(&mut tx, teams::Owned::Queues, &company.id, &queues).await? != queues.len() {
        v.push("queues", "Choose queues of this company.");
    }
    if !name.is_empty() && teams::name_taken(&mut tx, &company.id, &name, &form.team).await? {
        v.push("name", "This company already has a team of this name.");
    }
    v.into_result()?;
    let (id, action, before) = if form.team.is_empty() {
        let id = store::new_id();
        teams::insert(&mut tx, &id, &company.id, &name).await?;
        (id, "team.create", None)
    } else {
        let old =
            teams::teams(db, &company.id).await?.into_iter().find(|t| t.id == form.team).ok_or(AppError::NotFound)?;
        if !teams::rename(&mut tx, &company.id, &form.team, form.version, &name).await? {
            return Err(AppError::Stale);
        }
        (form.team.clone(), "team.update", serde_json::to_string(&serde_json::json!({"name": old.name})).ok())
    };
    teams::set_members(&mut tx, &company.id, &id, &members).await?;
    teams::set_queues(&mut tx, &id, &queues).await?;
    let entry = audit_log::Entry {
        before,
        after: serde_json::to_string(&serde_json::json!({"name": name, "users": members, "queues": queues})).ok(),
        ..cap.audit(action, "team", &id)
    };
    audit_log::write(&mut tx, &entry).await?;
    tx.commit().await?;
    // Supervisor scopes follow the teams: nothing cached may outlive the change.
    db.policy_changed(Some(&company.id));
    Ok(id)
}

/// Deletes a team; its users stay, without a team. Refused while a supervisor is limited to
/// it: deleting it would widen their view to the whole company.
pub async fn delete(cap: &Cap, db: &Db, id: &str) -> AppResult<()> {
    let company = cap.company();
    let mut tx = db.begin().await?;
    let limited = teams::limited_to(&mut tx, id).await?;
    if !limited.is_empty() {
        return Err(AppError::Conflict {
            message: format!(
                "{} limited to this team: change their teams first, or they would see the whole company.",
                match limited.len() {
                    1 => format!("{} is", limited[0]),
                    _ => format!("{} are", limited.join(", ")),
                }
            ),
        });
    }
    let old = teams::teams(db, &company.id).await?.into_iter().find(|t| t.id == id).ok_or(AppError::NotFound)?;
    if !teams::delete(&mut tx, &company.id, id).await? {
        return Err(AppError::NotFound);
    }
    let entry = audit_log::Entry {
        before: serde_json::to_string(&serde_json::json!({"name": old.name})).ok(),
        ..cap.audit("team.delete", "team", id)
    };
    audit_log::write(&mut tx, &entry).await?;
    tx.commit().await?;
    db.policy_changed(Some(&company.id));
    Ok(())
}
