//! Server functions of the API tokens page.

use crate::error::AppError;
use crate::model::TokensPage;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
const JUST_MADE: &str = "earmark.token_just_made";

#[server]
pub async fn get_tokens(company: String) -> Result<TokensPage, AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::AdministratorsModify>(&state.db, &company).await?;
        let mut page = crate::services::tokens::page(&cap, &principal, &state.db).await?;
        // A token made by a form posted without JavaScript: shown on this one reading.
        page.just_made = session().await?.remove::<crate::model::CreatedTokenView>(JUST_MADE).await?;
        Ok(page)
    }
    .await;
    respond(result)
}

/// Makes a token; its secret is in the answer and never again.
#[server]
pub async fn create_token(
    company: String,
    name: String,
    #[server(default)] privileges: Vec<String>,
    #[server(default)] expires_in_days: String,
) -> Result<crate::model::CreatedTokenView, AppError> {
    use super::ctx::*;
    let result = async {
        let (state, principal) = principal().await?;
        let days = match expires_in_days.trim() {
            "" => None,
            d => Some(d.parse::<u32>().map_err(|_| {
                AppError::invalid(
                    "expires_in_days",
                    "Enter the days until it expires as a whole number, or leave it empty.",
                )
            })?),
        };
        let req = crate::services::tokens::NewTokenRequest { company, name, privileges, expires_in_days: days };
        let t = crate::services::tokens::create(&principal, &state.db, req).await?;
        let made = crate::model::CreatedTokenView { name: t.name, token: t.token };
        // Without JavaScript the browser is sent back to the page, which must show the secret
        // once: it rides in the session (never in the address), taken by the next reading.
        if is_plain_form_post() {
            session().await?.insert(JUST_MADE, &made).await?;
        }
        Ok(made)
    }
    .await;
    respond(result)
}

#[server]
pub async fn revoke_token(company: String, id: String) -> Result<(), AppError> {
    use super::ctx::*;
    use crate::access::capability::can;
    let result = async {
        let (state, principal) = principal().await?;
        let cap = principal.company::<can::AdministratorsModify>(&state.db, &company).await?;
        crate::services::tokens::revoke(&cap, &state.db, &id).await?;
        leptos_axum::redirect(&format!("/c/{company}/tokens?revoked=1"));
        Ok(())
    }
    .await;
    respond(result)
}
