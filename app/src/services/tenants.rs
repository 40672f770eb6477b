//! Reading the tenancy tree and the objects of a company, within the caller's scope.

use crate::access::capability::{can, CompanyAccess, Principal, Scope};
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
    let scope_label = match &principal.scope() {
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
        name: principal.name().to_string(),
        email: principal.email().to_string(),
        role: principal.role_name().to_string(),
        scope_label,
        privileges: principal.privileges(),
        companies,
        must_change_password: principal.must_change_password(),
    })
}

pub async fn overview(
    cap: &CompanyAccess<can::InScope>,
    db: &Db,
    storages: &crate::store::files::Storages,
) -> AppResult<CompanyOverview> {
    let c = cap.company();
    let counts = store::tenants::counts(db, &c.id).await?;
    let has_storage =
        storages.platform().is_some() || store::storage::company_storage(db, &c.id).await?.account_id.is_some();
    Ok(CompanyOverview {
        company: company_ref(c),
        licensed: c.licensed,
        seats: c.seats,
        seats_used: counts.seats_used,
        queues: counts.queues,
        users: counts.users,
        devices: counts.devices,
        teams: counts.teams,
        has_storage,
    })
}
