//! The recording treatment as the API and its pages read and write it.

use super::*;
pub use crate::policy::{CallRequest, PartyRef};
use serde::{Deserialize, Serialize};

/// `GET/PUT /companies/{c}/treatment`: the company's defaults of the recording treatment.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TreatmentView {
    pub treatment: crate::policy::treatment::Treatment,
    pub version: i64,
}

/// The company's Recording treatment page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TreatmentPage {
    pub form: crate::policy::treatment::TreatmentForm,
    pub version: i64,
    pub licensed: bool,
    pub can_modify: bool,
    pub mp3_files: Vec<AudioChoice>,
}
