//! The bulk change of the Users and Devices pages.

use crate::error::AppError;
use leptos::prelude::*;

/// Parses a bulk change's list (`users`/`devices`), cell (`inbound_onnet`) and value
/// (`inherit`/`on`/`off`).
#[cfg(feature = "ssr")]
fn bulk_change(
    target: &str,
    cell: &str,
    value: &str,
) -> Result<
    (
        crate::services::bulk_changes::BulkTarget,
        crate::policy::Direction,
        crate::policy::Network,
        crate::policy::Override,
    ),
    AppError,
> {
    use crate::services::bulk_changes::BulkTarget;
    let target = match target {
        "users" => BulkTarget::Users,
        "devices" => BulkTarget::Devices,
        _ => return Err(AppError::BadRequest),
    };
    let (d, n) = crate::policy::matrix::cell_from_key(cell)
        .ok_or_else(|| AppError::invalid("cell", "Choose which calls to change."))?;
    let v = crate::policy::Override::parse(value)
        .ok_or_else(|| AppError::invalid("value", "Choose Account default, On or Off."))?;
    Ok((target, d, n, v))
}

/// Sets one cell for the selected users or devices (`target`), in one transaction;
/// answers how many changed.
#[server]
pub async fn bulk_set_cell(
    company: String,
    target: String,
    #[server(default)] ids: Vec<String>,
    cell: String,
    value: String,
) -> Result<usize, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::UsersDevicesModify>(&state.db, &company).await?;
        let (target, d, n, v) = bulk_change(&target, &cell, &value)?;
        crate::services::bulk_changes::bulk_set_cell(&cap, &state.db, target, &ids, d, n, v).await
    }
    .await;
    respond(result)
}
