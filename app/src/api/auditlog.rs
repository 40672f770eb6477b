//! Server functions of the Audit log page.

use crate::auditlog::{AuditFilter, AuditPage};
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn get_audit_log(company: String, #[server(default)] filter: AuditFilter) -> Result<AuditPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::AuditLogView>(&state.db, &company).await?;
        crate::services::auditlog::page(&cap, &state.db, &filter).await
    }
    .await;
    respond(result)
}
