//! Teams: the users and queues a team serves, as the Teams page and the server see them; a
//! supervisor limited to teams sees only their recordings.

use super::administrators::Choice;
use crate::policy::FieldError;
use serde::{Deserialize, Serialize};

pub fn check_team_name(name: &str) -> Result<String, FieldError> {
    super::names::checked_name("name", name, 60, "team name")
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamMember {
    pub id: String,
    pub name: String,
    pub extension: String,
    pub team: Option<String>,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamView {
    pub id: String,
    pub name: String,
    pub version: i64,
    /// The ids of the team's users.
    pub members: Vec<String>,
    /// The ids of the queues the team serves.
    pub queues: Vec<String>,
    /// Supervisors limited to this team (a delete is refused while there are any).
    pub supervisors: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamsPage {
    pub teams: Vec<TeamView>,
    pub users: Vec<TeamMember>,
    pub queues: Vec<Choice>,
}

/// `POST /companies/{c}/teams`: a team with its users and the queues it serves, by id.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTeam {
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::model::names::team_name_schema))]
    pub name: String,
    #[serde(default)]
    pub members: Vec<String>,
    #[serde(default)]
    pub queues: Vec<String>,
}

/// `PUT /companies/{c}/teams/{team}`: the whole team, over the version read. A user joining
/// leaves the team they were in.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamChange {
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::model::names::team_name_schema))]
    pub name: String,
    #[serde(default)]
    pub members: Vec<String>,
    #[serde(default)]
    pub queues: Vec<String>,
    pub version: i64,
}
