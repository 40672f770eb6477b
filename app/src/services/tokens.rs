//! Bearer tokens for the JSON API: made by an administrator for one company and a set of
//! privileges no larger than their own. The secret is shown once; only its SHA-256 is kept.

use crate::access::capability::{can, CompanyAccess, Principal};
use crate::access::{Privilege, Privileges};
use crate::error::{AppError, AppResult};
use crate::store::{self, audit_log, Db};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Secrets carry a prefix so they are recognisable in logs and secret scanners.
const PREFIX: &str = "emk_";

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTokenRequest {
    pub company: String,
    #[schema(schema_with = crate::model::names::token_name_schema)]
    pub name: String,
    #[schema(value_type = Vec<crate::model::tokens::TokenPrivilege>, min_items = 1)]
    pub privileges: Vec<String>,
    /// Days until it expires; none means it lives until revoked.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 3650)]
    pub expires_in_days: Option<u32>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedToken {
    pub id: String,
    pub name: String,
    pub company: String,
    #[schema(value_type = Vec<String>)]
    pub privileges: Vec<&'static str>,
    pub expires_at: Option<String>,
    /// Shown once, never again.
    pub token: String,
}

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

pub async fn create(principal: &Principal, db: &Db, req: NewTokenRequest) -> AppResult<CreatedToken> {
    let cap: CompanyAccess<can::AdministratorsModify> = principal.company(db, &req.company).await?;
    // A token acts for the whole company; the capability is refused to an administrator limited
    // to teams (see `Principal::company`), so no token reaches past a team limit.
    let name = crate::model::names::checked_name("name", &req.name, 80, "token name").map_err(|e| {
        let message = if e.message.starts_with("Enter") {
            "Give the token a name of 1 to 80 characters, e.g. the system that uses it.".to_string()
        } else {
            e.message
        };
        AppError::invalid("name", message)
    })?;
    let name = name.as_str();
    let mut privileges = Privileges::default();
    for key in &req.privileges {
        let p = Privilege::from_key(key)
            .ok_or_else(|| AppError::invalid("privileges", format!("'{key}' is not a privilege.")))?;
        if p.is_above_company() {
            return Err(AppError::invalid("privileges", format!("A company token cannot hold {}.", p.label())));
        }
        if !principal.privileges().has(p) {
            return Err(AppError::invalid(
                "privileges",
                format!("You cannot grant {}, which you do not hold.", p.label()),
            ));
        }
        privileges = privileges.with(p);
    }
    if privileges.iter().next().is_none() {
        return Err(AppError::invalid("privileges", "Choose at least one privilege."));
    }
    let expires_at = match req.expires_in_days {
        Some(0) | Some(3651..) => {
            return Err(AppError::invalid("expires_in_days", "A token expires in 1 to 3650 days."))
        }
        Some(days) => Some(
            (time::OffsetDateTime::now_utc() + time::Duration::days(days.into()))
                .format(&time::format_description::well_known::Rfc3339)
                .map_err(AppError::internal)?,
        ),
        None => None,
    };
    let secret = {
        use rand::RngCore;
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        format!("{PREFIX}{}", hex::encode(bytes))
    };
    let id = store::new_id();
    let keys: Vec<&'static str> = privileges.iter().map(Privilege::key).collect();
    let company = cap.company();
    let mut tx = db.begin().await?;
    store::tokens::insert(
        &mut tx,
        &store::tokens::NewToken {
            id: &id,
            company_id: &company.id,
            name,
            secret_hash: &hash(&secret),
            privileges: &keys.join(","),
            created_by: principal.admin_id(),
            expires_at: expires_at.as_deref(),
        },
    )
    .await?;
    audit_log::write(
        &mut tx,
        &audit_log::Entry {
            actor_id: Some(principal.admin_id().to_string()),
            actor_email: Some(principal.email().to_string()),
            action: "api_token.create",
            object_kind: Some("api_token"),
            object_id: Some(id.clone()),
            company_id: Some(company.id.clone()),
            reseller_id: Some(company.reseller_id.clone()),
            after: serde_json::to_string(
                &serde_json::json!({"name": name, "privileges": keys, "expires_at": expires_at}),
            )
            .ok(),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(CreatedToken {
        id,
        name: name.to_string(),
        company: company.id.clone(),
        privileges: keys,
        expires_at,
        token: secret,
    })
}

/// The principal a bearer token stands for, or `Unauthenticated` for an unknown, revoked or
/// expired one (one answer for all, so a probe learns nothing).
pub async fn principal(db: &Db, secret: &str) -> AppResult<Principal> {
    if !secret.starts_with(PREFIX) {
        return Err(AppError::Unauthenticated);
    }
    let secret_hash = hash(secret);
    let principal = db.cache().token(&secret_hash, load_principal(db, &secret_hash)).await?;
    crate::access::capability::note_in_log("admin", principal.admin_id());
    Ok(Principal::clone(&principal))
}

async fn load_principal(db: &Db, secret_hash: &str) -> AppResult<Principal> {
    let now = store::now_text();
    let t = store::tokens::live_by_hash(db, secret_hash, &now).await?.ok_or(AppError::Unauthenticated)?;
    // Read from the database at most every few seconds (the cache keeps it between), so this
    // write is rare; "last used" is exact to about a minute.
    let a_minute_ago = (time::OffsetDateTime::now_utc() - time::Duration::minutes(1))
        .format(&time::format_description::well_known::Rfc3339)
        .map_err(AppError::internal)?;
    store::tokens::touch(db, &t.id, &now, &a_minute_ago).await?;
    let privileges: Privileges =
        t.privileges.split(',').filter_map(Privilege::from_key).filter(|p| !p.is_above_company()).collect();
    Ok(Principal::for_token(&t.id, &t.name, &t.creator_email, t.company_id, privileges))
}

/// The tokens page: the company's tokens and the privileges the viewer could grant.
pub async fn page(
    cap: &CompanyAccess<can::AdministratorsModify>,
    principal: &Principal,
    db: &Db,
) -> AppResult<crate::model::TokensPage> {
    Ok(crate::model::TokensPage {
        tokens: store::tokens::list(db, &cap.company().id).await?.into_iter().map(token_view).collect(),
        grantable: principal
            .privileges()
            .iter()
            .filter(|p| !p.is_above_company())
            .map(|p| (p.key().to_string(), p.label().to_string()))
            .collect(),
        just_made: None,
    })
}

/// Revokes a token at once (the cache of token principals is dropped with it).
pub async fn revoke(cap: &CompanyAccess<can::AdministratorsModify>, db: &Db, id: &str) -> AppResult<()> {
    let company = cap.company();
    let mut tx = db.begin().await?;
    if !store::tokens::revoke(&mut tx, &company.id, id).await? {
        return Err(AppError::NotFound);
    }
    let entry = audit_log::Entry {
        after: Some(r#"{"revoked":true}"#.into()),
        ..cap.audit("api_token.revoke", "api_token", id)
    };
    audit_log::write(&mut tx, &entry).await?;
    tx.commit().await?;
    db.policy_changed(None);
    Ok(())
}

fn token_view(t: store::tokens::TokenListRow) -> crate::model::TokenView {
    crate::model::TokenView {
        privileges: t.privileges.split(',').filter_map(Privilege::from_key).map(|p| p.label().to_string()).collect(),
        id: t.id,
        name: t.name,
        created_by: t.creator_email,
        created_at: t.created_at,
        expires_at: t.expires_at,
        last_used_at: t.last_used_at,
        revoked_at: t.revoked_at,
    }
}
