//! The roles the seeds name. A user holds one or more; what a role may do is decided here, once.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Business Support (BSS/BSO): filters the CASS inbox, creates contacts, sends letters (seed 000, 002).
    BusinessSupportOfficer,
    /// Referral and Advice Officer: phone line, partner checks, the RAO admin box and IRR folder (seeds 000–002).
    ReferralAndAdviceOfficer,
    /// Early Help RAO: rings parents to gain consent for early help (seeds 000, 001).
    EarlyHelpReferralAndAdviceOfficer,
    /// CASS Social Worker at the front door (seeds 000, 001).
    CassSocialWorker,
    /// CASS Team Manager / Senior Practitioner: analyses contacts against RHRT, agrees decisions.
    TeamManager,
    /// CASS Team Leader: discusses anonymous calls without identifying details (seed 001).
    TeamLeader,
    /// Duty Manager: may override the need for consent, always with a reason (seed 004).
    DutyManager,
    /// Early Help Manager / Senior Early Help Coordinator: the Early Help worklist and triage (seeds 000, 003).
    EarlyHelpManager,
    /// COG (locality early-help coordination) manager (seed 003).
    CogManager,
    /// Family Solutions Team manager (seed 003).
    FstManager,
    /// ASTI / MASH team: strategy discussions and Family Assessments (seeds 000, 001, 003).
    MashTeam,
    /// MASH Targeted Youth Support representative (seed 003).
    MashTysRepresentative,
    /// MASH Early Help representative (seed 003).
    MashEarlyHelpRepresentative,
    /// Local Authority Designated Officer: OFSTED suitability checks (seed 002).
    Lado,
    /// Emergency Duty Team: out-of-hours social work, hands cases back to CASS (seed 000).
    EmergencyDutyTeam,
    /// Configures teams, users, guidance, scripts, letters and contacts. Sees no child's record.
    Administrator,
}

impl Role {
    pub const ALL: [Role; 16] = [
        Role::BusinessSupportOfficer,
        Role::ReferralAndAdviceOfficer,
        Role::EarlyHelpReferralAndAdviceOfficer,
        Role::CassSocialWorker,
        Role::TeamManager,
        Role::TeamLeader,
        Role::DutyManager,
        Role::EarlyHelpManager,
        Role::CogManager,
        Role::FstManager,
        Role::MashTeam,
        Role::MashTysRepresentative,
        Role::MashEarlyHelpRepresentative,
        Role::Lado,
        Role::EmergencyDutyTeam,
        Role::Administrator,
    ];

    /// The stable identifier stored in the database and used in URLs and form values.
    pub fn slug(self) -> &'static str {
        match self {
            Role::BusinessSupportOfficer => "business_support_officer",
            Role::ReferralAndAdviceOfficer => "referral_and_advice_officer",
            Role::EarlyHelpReferralAndAdviceOfficer => "early_help_referral_and_advice_officer",
            Role::CassSocialWorker => "cass_social_worker",
            Role::TeamManager => "team_manager",
            Role::TeamLeader => "team_leader",
            Role::DutyManager => "duty_manager",
            Role::EarlyHelpManager => "early_help_manager",
            Role::CogManager => "cog_manager",
            Role::FstManager => "fst_manager",
            Role::MashTeam => "mash_team",
            Role::MashTysRepresentative => "mash_tys_representative",
            Role::MashEarlyHelpRepresentative => "mash_early_help_representative",
            Role::Lado => "lado",
            Role::EmergencyDutyTeam => "emergency_duty_team",
            Role::Administrator => "administrator",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.slug() == slug)
    }

    /// The name staff know the role by, in the seeds' words.
    pub fn label(self) -> &'static str {
        match self {
            Role::BusinessSupportOfficer => "Business Support Officer",
            Role::ReferralAndAdviceOfficer => "Referral and Advice Officer",
            Role::EarlyHelpReferralAndAdviceOfficer => "Early Help Referral and Advice Officer",
            Role::CassSocialWorker => "CASS Social Worker",
            Role::TeamManager => "Team Manager / Senior Practitioner",
            Role::TeamLeader => "Team Leader",
            Role::DutyManager => "Duty Manager",
            Role::EarlyHelpManager => "Early Help Manager / Senior Early Help Coordinator",
            Role::CogManager => "COG Manager",
            Role::FstManager => "FST Manager",
            Role::MashTeam => "ASTI / MASH team",
            Role::MashTysRepresentative => "MASH TYS representative",
            Role::MashEarlyHelpRepresentative => "MASH Early Help representative",
            Role::Lado => "LADO",
            Role::EmergencyDutyTeam => "Emergency Duty Team",
            Role::Administrator => "Administrator",
        }
    }

    /// Managers agree decisions, reassign work and see who opened a record.
    pub fn is_manager(self) -> bool {
        matches!(
            self,
            Role::TeamManager
                | Role::TeamLeader
                | Role::DutyManager
                | Role::EarlyHelpManager
                | Role::CogManager
                | Role::FstManager
        )
    }

    /// Whether the role works with children's records at all. Administrators configure the
    /// service; they have no reason to read a family's history, so they never can.
    pub fn works_with_case_records(self) -> bool {
        self != Role::Administrator
    }
}

/// What a set of roles allows, answered in one place so pages and server functions agree.
pub trait RoleSet {
    fn roles(&self) -> &[Role];

    fn has_role(&self, role: Role) -> bool {
        self.roles().contains(&role)
    }
    fn can_administer(&self) -> bool {
        self.has_role(Role::Administrator)
    }
    fn can_open_case_records(&self) -> bool {
        self.roles().iter().any(|r| r.works_with_case_records())
    }
    fn can_view_access_history(&self) -> bool {
        self.roles().iter().any(|r| r.is_manager())
    }
    /// Who draws Ofsted's Annex A lists and other returns: the managers who run the front door.
    fn can_export_returns(&self) -> bool {
        self.roles().iter().any(|r| r.is_manager())
    }
    /// Who records a threshold level on a contact: the phone line's RAOs and Social Workers, the
    /// managers who analyse contacts against RHRT, and the Early Help Manager (seeds 000, 001).
    fn can_decide_level(&self) -> bool {
        self.roles().iter().any(|r| {
            matches!(
                r,
                Role::ReferralAndAdviceOfficer
                    | Role::EarlyHelpReferralAndAdviceOfficer
                    | Role::CassSocialWorker
                    | Role::TeamManager
                    | Role::TeamLeader
                    | Role::DutyManager
                    | Role::EarlyHelpManager
                    | Role::MashTeam
            )
        })
    }
}

impl RoleSet for [Role] {
    fn roles(&self) -> &[Role] {
        self
    }
}

impl RoleSet for Vec<Role> {
    fn roles(&self) -> &[Role] {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for role in Role::ALL {
            assert_eq!(Role::from_slug(role.slug()), Some(role));
            assert!(seen.insert(role.slug()), "duplicate slug {}", role.slug());
        }
        assert_eq!(Role::from_slug("superuser"), None);
    }

    #[test]
    fn administrators_never_open_case_records() {
        assert!(!vec![Role::Administrator].can_open_case_records());
        assert!(vec![Role::Administrator, Role::BusinessSupportOfficer].can_open_case_records());
        for role in Role::ALL.into_iter().filter(|r| *r != Role::Administrator) {
            assert!(vec![role].can_open_case_records(), "{role:?}");
        }
    }

    #[test]
    fn business_support_and_administrators_do_not_decide_levels() {
        assert!(!vec![Role::BusinessSupportOfficer].can_decide_level());
        assert!(!vec![Role::Administrator].can_decide_level());
        assert!(vec![Role::CassSocialWorker].can_decide_level());
        assert!(vec![Role::TeamManager].can_decide_level());
    }

    #[test]
    fn only_managers_see_access_history() {
        let managers: Vec<Role> = Role::ALL.into_iter().filter(|r| vec![*r].can_view_access_history()).collect();
        assert_eq!(
            managers,
            vec![
                Role::TeamManager,
                Role::TeamLeader,
                Role::DutyManager,
                Role::EarlyHelpManager,
                Role::CogManager,
                Role::FstManager
            ]
        );
    }
}
