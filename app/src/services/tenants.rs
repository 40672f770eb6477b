//! Reading the tenancy tree and the objects of a company, within the caller's scope.

use crate::access::capability::{can, CompanyAccess, Principal, Scope};
use crate::access::Section;
use crate::error::AppResult;
use crate::model::*;
use crate::store::{self, tenants::CompanyRecord, Db};

fn company_ref(c: &CompanyRecord) -> CompanyRef {
    CompanyRef {
        id: c.id.clone(),
        name: c.name.clone(),
        reseller_id: c.reseller_id.clone(),
        reseller_name: c.reseller_name.clone(),
    }
}

pub async fn companies(principal: &Principal, db: &Db) -> AppResult<Vec<CompanyRef>> {
    Ok(principal.reachable_companies(db).await?.iter().map(company_ref).collect())
}

pub async fn me(principal: &Principal, db: &Db) -> AppResult<Me> {
    let companies = companies(principal, db).await?;
    let scope_label = match &principal.scope {
        Scope::Platform => "Platform".to_string(),
        Scope::Reseller { reseller_id } => {
            let name = companies.iter().find(|c| &c.reseller_id == reseller_id).map(|c| c.reseller_name.clone());
            format!("Reseller {}", name.unwrap_or_default()).trim().to_string()
        }
        Scope::Company { company_id } => {
            companies.iter().find(|c| &c.id == company_id).map(|c| c.name.clone()).unwrap_or_default()
        }
    };
    Ok(Me {
        name: principal.name.clone(),
        email: principal.email.clone(),
        role: principal.role_name.clone(),
        scope_label,
        privileges: principal.privileges,
        companies,
        must_change_password: principal.must_change_password,
    })
}

pub async fn overview(cap: &CompanyAccess<can::InScope>, db: &Db) -> AppResult<CompanyOverview> {
    let c = cap.company();
    let counts = store::tenants::counts(db, &c.id).await?;
    Ok(CompanyOverview {
        company: company_ref(c),
        licensed: c.licensed,
        seats: c.seats,
        seats_used: counts.seats_used,
        queues: counts.queues,
        users: counts.users,
        devices: counts.devices,
        teams: counts.teams,
    })
}

/// Splits one row past the limit off, to tell the page there are more.
fn limited<T>(mut rows: Vec<T>) -> (Vec<T>, bool) {
    let truncated = rows.len() > SECTION_ROWS;
    rows.truncate(SECTION_ROWS);
    (rows, truncated)
}

const FETCH: i64 = SECTION_ROWS as i64 + 1;

/// One page of a company. Each section needs its own privilege, checked here through the
/// typed capability before anything is read.
pub async fn section(principal: &Principal, db: &Db, company_id: &str, section: Section) -> AppResult<SectionPage> {
    let (company, rows, truncated) = match section {
        Section::Queues => {
            let cap = principal.company::<can::QueuesView>(db, company_id).await?;
            let (rows, t) = limited(store::tenants::queues(db, &cap.company().id, FETCH).await?);
            let rows = rows.into_iter().map(|q| QueueItem { id: q.id, name: q.name }).collect();
            (company_ref(cap.company()), SectionRows::Queues(rows), t)
        }
        Section::Users => {
            let cap = principal.company::<can::UsersDevicesView>(db, company_id).await?;
            let (rows, t) = limited(store::tenants::users(db, &cap.company().id, cap.teams(), FETCH).await?);
            let rows = rows
                .into_iter()
                .map(|u| UserItem { id: u.id, name: u.name, extension: u.extension, team: u.team, seat: u.seat })
                .collect();
            (company_ref(cap.company()), SectionRows::Users(rows), t)
        }
        Section::Devices => {
            let cap = principal.company::<can::UsersDevicesView>(db, company_id).await?;
            let (rows, t) = limited(store::tenants::devices(db, &cap.company().id, cap.teams(), FETCH).await?);
            let rows = rows.into_iter().map(|d| DeviceItem { id: d.id, name: d.name, owner: d.owner }).collect();
            (company_ref(cap.company()), SectionRows::Devices(rows), t)
        }
        Section::AuditLog => {
            let cap = principal.company::<can::AuditLogView>(db, company_id).await?;
            let (rows, t) = limited(store::audit::recent_for_company(db, &cap.company().id, FETCH).await?);
            let rows = rows
                .into_iter()
                .map(|a| AuditItem {
                    id: a.id,
                    at: a.at,
                    actor: a.actor_email,
                    action: a.action,
                    outcome: a.outcome,
                    detail: a.detail,
                })
                .collect();
            (company_ref(cap.company()), SectionRows::AuditLog(rows), t)
        }
        Section::Administrators => {
            let cap = principal.company::<can::AdministratorsModify>(db, company_id).await?;
            let within = store::Within::Company(&cap.company().id);
            let (rows, t) = limited(store::admins::list(db, within, "", SECTION_ROWS as i64 + 1).await?);
            let rows = rows
                .into_iter()
                .map(|a| AdminItem {
                    id: a.id,
                    email: a.email,
                    name: a.name,
                    role: a.role_name,
                    disabled: a.disabled,
                    last_login_at: a.last_login_at,
                })
                .collect();
            (company_ref(cap.company()), SectionRows::Administrators(rows), t)
        }
        Section::ForceRecord => {
            let cap = principal.company::<can::RecordingPolicyView>(db, company_id).await?;
            (company_ref(cap.company()), SectionRows::Pending, false)
        }
        Section::Recordings => {
            let cap = principal.company::<can::RecordingsView>(db, company_id).await?;
            (company_ref(cap.company()), SectionRows::Pending, false)
        }
        Section::RecordingMode => {
            let cap = principal.company::<can::CompaniesModify>(db, company_id).await?;
            (company_ref(cap.company()), SectionRows::Pending, false)
        }
    };
    Ok(SectionPage { company, section, rows, truncated })
}
