//! Server functions of the Audit log page.

use crate::error::AppError;
use crate::model::audit_log::{AuditFilter, AuditPage};
use leptos::prelude::*;

#[server]
pub async fn get_audit_log(company: String, #[server(default)] filter: AuditFilter) -> Result<AuditPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        if company.is_empty() {
            // Everything inside the viewer's own scope, above company level too.
            let cap = principal.own_scope::<can::AuditLogView>(&state.db).await?;
            return crate::services::audit_log::scope_page(&cap, &state.db, &filter).await;
        }
        let cap = principal.company::<can::AuditLogView>(&state.db, &company).await?;
        crate::services::audit_log::page(&cap, &state.db, &filter).await
    }
    .await;
    respond(result)
}
