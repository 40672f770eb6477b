//! A company's licence.

pub use crate::policy::{CallRequest, PartyRef};
use serde::{Deserialize, Serialize};

/// `GET/PUT /companies/{c}/licence`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LicenceView {
    pub licensed: bool,
    pub seats: i64,
    pub seats_used: i64,
    pub version: i64,
}
