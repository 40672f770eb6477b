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
        crate::services::decisions::simulator_data(&cap, &state.db).await
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
        crate::services::decisions::decide(&cap, &state.db, &request).await
    }
    .await;
    respond(result)
}
