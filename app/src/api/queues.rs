//! The Queues pages' server functions.

use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn get_queues(company: String) -> Result<Vec<crate::model::QueueView>, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::QueuesView>(&state.db, &company).await?;
        crate::services::queues::queues(&cap, &state.db).await
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
        let can_modify = principal.privileges().has(crate::access::Privilege::QueuesModify);
        crate::services::queues::queue_opt_in_page(&cap, &state.db, can_modify, &queue).await
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
        crate::services::queues::set_queue_opt_in(&cap, &state.db, &queue, &input, form.version).await
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
        let new = crate::model::NewQueue { name, opt_in: None, contact_center: None };
        crate::services::queues::create_queue(&cap, &state.db, &new).await
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
        crate::services::queues::rename_queue(&cap, &state.db, &queue, &name, version).await
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
        crate::services::queues::delete_queue(&cap, &state.db, &queue).await?;
        leptos_axum::redirect(&format!("/c/{company}/queues"));
        Ok(())
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
        let saved = crate::services::queues::set_contact_center(&cap, &state.db, &queue, &body).await?;
        back_to(&format!("/c/{company}/queues/{queue}?tab=contact-center&contact_center=saved"));
        Ok(saved)
    }
    .await;
    respond(result)
}
