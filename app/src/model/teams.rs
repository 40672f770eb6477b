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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamView {
    pub id: String,
    pub name: String,
    pub version: i64,
    pub members: Vec<String>,
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
