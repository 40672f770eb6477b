//! The Roles page: the built-in roles and custom ones made of privileges the maker holds,
//! belonging to the scope they were made in.

use super::administrators::{choice_of, tenant_ids};
use crate::access::capability::{can, scope_reaches, Scope, ScopeAccess};
use crate::access::{Privilege, Privileges};
use crate::error::{AppError, AppResult};
use crate::model::administrators::Choice;
use crate::model::roles::{RoleInput, RoleView, RolesPage};
use crate::store::{self, audit_log, roles, Db};

type Cap = ScopeAccess<can::AdministratorsModify>;

fn role_privileges(r: &roles::RoleRow) -> Privileges {
    r.privileges.as_deref().unwrap_or_default().split(',').filter_map(Privilege::from_key).collect()
}

fn role_owner(r: &roles::RoleRow) -> Scope {
    match (&r.reseller_id, &r.company_id) {
        (_, Some(company_id)) => Scope::Company { company_id: company_id.clone() },
        (Some(reseller_id), None) => Scope::Reseller { reseller_id: reseller_id.clone() },
        (None, None) => Scope::Platform,
    }
}

/// The roles the viewer sees: built-in ones, custom ones made inside their scope, and custom
/// ones made above it that reach it.
pub(super) async fn visible_roles(cap: &Cap, db: &Db) -> AppResult<Vec<(roles::RoleRow, Privileges, Scope)>> {
    let mut out = Vec::new();
    for r in roles::all(db).await? {
        let owner = role_owner(&r);
        // Built in; made inside the viewer's scope; or made above it, for a scope holding theirs.
        let visible = r.builtin || cap.reaches(db, &owner).await? || scope_reaches(db, &owner, cap.scope()).await?;
        if visible {
            let privileges = role_privileges(&r);
            out.push((r, privileges, owner));
        }
    }
    Ok(out)
}

// Roles.

async fn owner_label(db: &Db, owner: &Scope) -> AppResult<String> {
    Ok(match owner {
        Scope::Platform => "Platform".into(),
        Scope::Reseller { reseller_id } => store::tenants::resellers(db, Some(reseller_id))
            .await?
            .into_iter()
            .next()
            .map_or_else(String::new, |(_, name)| format!("Reseller {name}")),
        Scope::Company { company_id } => db.cache().company(db, company_id).await?.map(|c| c.name).unwrap_or_default(),
    })
}

pub async fn page(cap: &Cap, db: &Db) -> AppResult<RolesPage> {
    let mut roles = Vec::new();
    for (r, privileges, owner) in visible_roles(cap, db).await? {
        let can_delete = !r.builtin && cap.reaches(db, &owner).await?;
        roles.push(RoleView {
            owner: if r.builtin { "Built in".into() } else { owner_label(db, &owner).await? },
            id: r.id,
            name: r.name,
            builtin: r.builtin,
            privileges: privileges.iter().map(|p| p.label().to_string()).collect(),
            in_use: r.in_use,
            can_delete,
        });
    }
    Ok(RolesPage {
        roles,
        grantable: cap
            .privileges()
            .iter()
            .map(|p| Choice { value: p.key().to_string(), label: p.label().to_string() })
            .collect(),
    })
}

/// A custom role of privileges the maker holds, belonging to the maker's scope.
pub async fn create(cap: &Cap, db: &Db, input: &RoleInput) -> AppResult<String> {
    let (name, privileges) = input.validate()?;
    if let Some(missing) = privileges.iter().find(|p| !cap.privileges().has(*p)) {
        return Err(AppError::invalid(
            "privileges",
            format!("You cannot grant {}, which you do not hold.", missing.label()),
        ));
    }
    let (reseller_id, company_id) = tenant_ids(&choice_of(cap.scope()));
    let id = store::new_id();
    let keys: Vec<&str> = privileges.iter().map(Privilege::key).collect();
    let mut tx = db.begin().await?;
    if roles::name_taken(&mut tx, &name).await? {
        return Err(AppError::invalid("name", "A role with this name already exists. Choose another name."));
    }
    roles::insert(&mut tx, &id, &name, reseller_id.as_deref(), company_id.as_deref(), &keys).await?;
    let entry = audit_log::Entry {
        after: serde_json::to_string(&serde_json::json!({"name": name, "privileges": keys})).ok(),
        ..cap.audit("role.create", "role", &id)
    };
    audit_log::write(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(id)
}

/// Deletes a custom role made inside the viewer's scope and held by nobody.
pub async fn delete(cap: &Cap, db: &Db, id: &str) -> AppResult<()> {
    let (role, privileges, owner) =
        visible_roles(cap, db).await?.into_iter().find(|(r, _, _)| r.id == id).ok_or(AppError::NotFound)?;
    if role.builtin {
        return Err(AppError::Conflict { message: format!("{} is built in: it cannot be deleted.", role.name) });
    }
    if !cap.reaches(db, &owner).await? {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let holders = roles::holders(&mut tx, id).await?;
    if !holders.is_empty() {
        return Err(AppError::Conflict {
            message: format!("{} is held by {}: give them another role first.", role.name, holders.join(", ")),
        });
    }
    if !roles::delete(&mut tx, id).await? {
        return Err(AppError::NotFound);
    }
    let (reseller_id, company_id) = tenant_ids(&choice_of(&owner));
    let keys: Vec<&str> = privileges.iter().map(Privilege::key).collect();
    let entry = audit_log::Entry {
        reseller_id,
        company_id,
        before: serde_json::to_string(&serde_json::json!({"name": role.name, "privileges": keys})).ok(),
        ..cap.audit("role.delete", "role", id)
    };
    audit_log::write(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}
