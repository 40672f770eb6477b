//! The Policy Simulator's server functions.

use crate::error::AppError;
use crate::model::{SimulatorData, SimulatorQuery};
use crate::policy::Decision;
use leptos::prelude::*;

#[server]
pub async fn get_simulator_data(company: String) -> Result<SimulatorData, AppError> {
    use super::ctx::*;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<crate::access::capability::can::RecordingPolicyView>(&state.db, &company).await?;
        crate::services::policy::simulator_data(&cap, &state.db).await
    }
    .await;
    respond(result)
}

/// The server's decision for the simulator's call: the authority the browser's preview is
/// checked against.
#[server]
pub async fn simulate_call(company: String, query: SimulatorQuery) -> Result<Decision, AppError> {
    use super::ctx::*;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<crate::access::capability::can::RecordingPolicyView>(&state.db, &company).await?;
        let request = query.to_request()?;
        crate::services::policy::decide(&cap, &state.db, &request).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn get_force_record(company: String) -> Result<crate::model::ForceRecordPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingPolicyView>(&state.db, &company).await?;
        let current = crate::services::policy::force_record(&cap, &state.db).await?;
        Ok(crate::model::ForceRecordPage {
            company: cap.company().name.clone(),
            licensed: cap.company().licensed,
            can_modify: principal.privileges.has(crate::access::Privilege::RecordingPolicyModify),
            current,
        })
    }
    .await;
    respond(result)
}

/// Saves account force record; answers the stored version and what changed, in words.
#[server]
pub async fn save_force_record(
    company: String,
    form: crate::model::ForceRecordForm,
) -> Result<crate::model::SavedOverride, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingPolicyModify>(&state.db, &company).await?;
        crate::services::policy::save_force_record(&cap, &state.db, form.to_force(), form.version).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn get_users_page(
    company: String,
    q: String,
    page: i64,
    #[server(default)] scope: String,
    #[server(default)] team: String,
) -> Result<crate::model::UsersPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::UsersDevicesView>(&state.db, &company).await?;
        let can_modify = principal.privileges.has(crate::access::Privilege::UsersDevicesModify);
        crate::services::policy::users_page(&cap, &state.db, can_modify, &q, page, (&scope, &team)).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn get_user_editor(company: String, user: String) -> Result<crate::model::UserEditor, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::UsersDevicesView>(&state.db, &company).await?;
        let can_modify = principal.privileges.has(crate::access::Privilege::UsersDevicesModify);
        crate::services::policy::user_editor(&cap, &state.db, can_modify, &user).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn save_user(
    company: String,
    user: String,
    form: crate::model::OverrideForm,
) -> Result<crate::model::SavedOverride, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::UsersDevicesModify>(&state.db, &company).await?;
        let seat = form.seat.is_some();
        crate::services::policy::save_user(&cap, &state.db, &user, form.overrides(), seat, form.version).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn get_devices_page(company: String, q: String, page: i64) -> Result<crate::model::DevicesPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::UsersDevicesView>(&state.db, &company).await?;
        let can_modify = principal.privileges.has(crate::access::Privilege::UsersDevicesModify);
        crate::services::policy::devices_page(&cap, &state.db, can_modify, &q, page).await
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
        let can_modify = principal.privileges.has(crate::access::Privilege::UsersDevicesModify);
        crate::services::policy::device_editor(&cap, &state.db, can_modify, &device).await
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
        crate::services::policy::save_device(&cap, &state.db, &device, form.overrides(), form.version).await
    }
    .await;
    respond(result)
}

/// Parses a bulk change's list (`users`/`devices`), cell (`inbound_onnet`) and value
/// (`inherit`/`on`/`off`).
#[cfg(feature = "ssr")]
fn bulk_change(
    target: &str,
    cell: &str,
    value: &str,
) -> Result<
    (crate::services::policy::BulkTarget, crate::policy::Direction, crate::policy::Network, crate::policy::Override),
    AppError,
> {
    use crate::services::policy::BulkTarget;
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
        crate::services::policy::bulk_set_cell(&cap, &state.db, target, &ids, d, n, v).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn get_queues(company: String) -> Result<Vec<crate::model::QueueView>, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::QueuesView>(&state.db, &company).await?;
        crate::services::policy::queues(&cap, &state.db).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn get_queue_opt_in(company: String, queue: String) -> Result<crate::model::QueueOptInPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::QueuesView>(&state.db, &company).await?;
        let can_modify = principal.privileges.has(crate::access::Privilege::QueuesModify);
        crate::services::policy::queue_opt_in_page(&cap, &state.db, can_modify, &queue).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn save_queue_opt_in(
    company: String,
    queue: String,
    form: crate::model::OptInForm,
) -> Result<crate::model::QueueView, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::QueuesModify>(&state.db, &company).await?;
        let input = form.to_input()?;
        crate::services::policy::set_queue_opt_in(&cap, &state.db, &queue, &input, form.version).await
    }
    .await;
    respond(result)
}

/// The recording mode page of `level` (`system`, `reseller`, `company`) and object `id`.
#[server]
pub async fn get_mode_page(level: String, id: String) -> Result<crate::model::ModePage, AppError> {
    use super::ctx::*;
    let result = async {
        let (state, principal) = principal().await?;
        crate::services::policy::mode_page(&principal, &state.db, &level, &id).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn save_mode(
    level: String,
    id: String,
    mode: String,
    outbound: String,
    version: i64,
) -> Result<i64, AppError> {
    use super::ctx::*;
    let result = async {
        let (state, principal) = principal().await?;
        crate::services::policy::save_mode(&principal, &state.db, &level, &id, &mode, &outbound, version).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn add_queue(company: String, name: String) -> Result<crate::model::QueueView, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::QueuesModify>(&state.db, &company).await?;
        crate::services::policy::create_queue(&cap, &state.db, &name).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn rename_queue(
    company: String,
    queue: String,
    name: String,
    version: i64,
) -> Result<crate::model::QueueView, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::QueuesModify>(&state.db, &company).await?;
        crate::services::policy::rename_queue(&cap, &state.db, &queue, &name, version).await
    }
    .await;
    respond(result)
}

/// Deletes a queue and goes back to the list.
#[server]
pub async fn delete_queue(company: String, queue: String) -> Result<(), AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::QueuesModify>(&state.db, &company).await?;
        crate::services::policy::delete_queue(&cap, &state.db, &queue).await?;
        leptos_axum::redirect(&format!("/c/{company}/queues"));
        Ok(())
    }
    .await;
    respond(result)
}

#[server]
pub async fn get_audio_library(company: String) -> Result<crate::model::AudioLibraryPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::InScope>(&state.db, &company).await?;
        Ok(crate::model::AudioLibraryPage {
            can_modify: principal.privileges.has(crate::access::Privilege::AudioLibraryModify),
            library: crate::services::policy::audio_library(&cap, &state.db).await?,
        })
    }
    .await;
    respond(result)
}

#[server]
pub async fn delete_audio_file(company: String, audio: String) -> Result<(), AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::AudioLibraryModify>(&state.db, &company).await?;
        crate::services::policy::delete_audio(&cap, &state.db, &audio).await
    }
    .await;
    respond(result)
}

/// Creates a playbook (empty `id`) or saves one: the page's form posts the files as
/// numbered slots (`files[0]`, `files[1]`, ...), empty slots ignored.
#[server]
pub async fn save_playbook(
    company: String,
    #[server(default)] id: String,
    name: String,
    #[server(default)] files: Vec<String>,
    #[server(default)] version: Option<i64>,
) -> Result<crate::model::PlaybookView, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::AudioLibraryModify>(&state.db, &company).await?;
        let input = crate::model::PlaybookInput { name, files, version };
        let id = Some(id.as_str()).filter(|i| !i.is_empty());
        let saved = crate::services::policy::save_playbook(&cap, &state.db, id, &input).await?;
        // Back to the library with the outcome in the address: the same confirmation with
        // and without JavaScript, and the editor closed.
        let name = crate::components::status::urlencode(&saved.name);
        leptos_axum::redirect(&format!("/c/{company}/audio?saved={name}"));
        Ok(saved)
    }
    .await;
    respond(result)
}

/// The company's Recording treatment page.
#[server]
pub async fn get_treatment_page(company: String) -> Result<crate::model::TreatmentPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingPolicyView>(&state.db, &company).await?;
        let can_modify = principal.privileges.has(crate::access::Privilege::RecordingPolicyModify);
        crate::services::policy::treatment_page(&cap, &state.db, can_modify).await
    }
    .await;
    respond(result)
}

#[server]
pub async fn save_treatment(
    company: String,
    version: i64,
    #[server(default)] form: crate::policy::treatment::TreatmentForm,
) -> Result<crate::model::TreatmentView, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::RecordingPolicyModify>(&state.db, &company).await?;
        let treatment = form.to_defaults()?;
        let saved = crate::services::policy::set_treatment(&cap, &state.db, treatment, version).await?;
        back_to(&format!("/c/{company}/treatment?saved=1"));
        Ok(saved)
    }
    .await;
    respond(result)
}

/// A user's own treatment options (the Treatment section of the user's dialog).
#[server]
pub async fn save_user_treatment(
    company: String,
    user: String,
    version: i64,
    #[server(default)] form: crate::policy::treatment::TreatmentForm,
) -> Result<crate::model::UserView, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::UsersDevicesModify>(&state.db, &company).await?;
        let body = crate::model::UserTreatmentBody {
            treatment: form.to_override()?,
            email: Some(form.email_address.clone()),
            version,
        };
        let saved = crate::services::policy::set_user_treatment(&cap, &state.db, &user, &body).await?;
        back_to(&format!("/c/{company}/users?edit={user}&treatment=saved"));
        Ok(saved)
    }
    .await;
    respond(result)
}

/// A queue's Contact center tab.
#[server]
pub async fn save_contact_center(
    company: String,
    queue: String,
    version: i64,
    #[server(default)] form: crate::policy::treatment::ContactCenterForm,
) -> Result<crate::model::QueueView, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::QueuesModify>(&state.db, &company).await?;
        let body = crate::model::ContactCenterBody { contact_center: form.parse()?, version };
        let saved = crate::services::policy::set_contact_center(&cap, &state.db, &queue, &body).await?;
        back_to(&format!("/c/{company}/queues/{queue}?tab=contact-center&contact_center=saved"));
        Ok(saved)
    }
    .await;
    respond(result)
}
