//! The signed-in member of staff as every layer sees them.

use crate::roles::{Role, RoleSet};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRef {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffUser {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub teams: Vec<TeamRef>,
    /// Set when an administrator issued the password; the user must choose their own first.
    pub must_change_password: bool,
}

impl StaffUser {
    pub fn role_labels(&self) -> String {
        self.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")
    }

    pub fn in_team(&self, team_id: &str) -> bool {
        self.teams.iter().any(|t| t.id == team_id)
    }
}

impl RoleSet for StaffUser {
    fn roles(&self) -> &[Role] {
        &self.roles
    }
}
