//! What runs before anyone can sign in, and so without a capability: the first platform
//! owner (`earmark create-admin`). Nothing else skips the checks; the HTTP layer never
//! reaches this module.

use crate::access::BuiltinRole;
use crate::error::{AppError, AppResult};
use crate::policy::validation::check_email;
use crate::store::{self, admins, audit, Db};

/// Makes a platform owner with the password rules of the Your account page (the bundled
/// common-password list included), audited as made by `earmark create-admin`.
pub async fn create_platform_owner(db: &Db, email: &str, name: &str, password: &str) -> AppResult<String> {
    let email = check_email("email", email)?;
    let name = name.trim();
    crate::model::check_name("name", name)?;
    super::admins::check_password(password, password, &email)?;
    let hash = super::password::hash(password.to_string()).await?;
    let mut tx = db.begin().await?;
    if admins::exists_by_email(&mut tx, &email).await? {
        return Err(AppError::invalid("email", format!("An administrator with the e-mail {email} already exists.")));
    }
    let id = store::new_id();
    admins::insert(
        &mut tx,
        &id,
        &admins::NewAdmin {
            email: &email,
            name,
            password_hash: &hash,
            role_id: BuiltinRole::PlatformOwner.id(),
            scope_kind: "platform",
            reseller_id: None,
            company_id: None,
            teams: &[],
            must_change_password: false,
        },
    )
    .await?;
    audit::write(
        &mut tx,
        &audit::Entry {
            actor_email: Some("earmark create-admin".into()),
            action: "administrator.create",
            object_kind: Some("administrator"),
            object_id: Some(id.clone()),
            after: Some(serde_json::json!({"email": email, "role": BuiltinRole::PlatformOwner.name()}).to_string()),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(email)
}
