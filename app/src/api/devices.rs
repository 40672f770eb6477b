//! The Devices page's server functions.

use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn get_devices_page(company: String, q: String, page: i64) -> Result<crate::model::DevicesPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::UsersDevicesView>(&state.db, &company).await?;
        let can_modify = principal.privileges().has(crate::access::Privilege::UsersDevicesModify);
        crate::services::devices::devices_page(&cap, &state.db, can_modify, &q, page).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn get_device_editor(company: String, device: String) -> Result<crate::model::DeviceEditor, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::UsersDevicesView>(&state.db, &company).await?;
        let can_modify = principal.privileges().has(crate::access::Privilege::UsersDevicesModify);
        crate::services::devices::device_editor(&cap, &state.db, can_modify, &device).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn save_device(
    company: String,
    device: String,
    form: crate::model::OverrideForm,
) -> Result<crate::model::SavedOverride, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::UsersDevicesModify>(&state.db, &company).await?;
        crate::services::devices::save_device(&cap, &state.db, &device, form.overrides(), form.version).await
    }
    .await;
    respond(result)
}
