//! Where a contact's work sits: the stages of seeds 000 and 001, which worklist each belongs to,
//! who may act on it and which clock runs while it waits.

use serde::{Deserialize, Serialize};

use crate::roles::{Role, RoleSet};
use crate::rules::{Timescale, Worklist};

/// A step of the front door's work on a contact, in the seeds' words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// A call in progress on the CASS phone line; the call handler (or the Social Worker the call
    /// was transferred to) holds the record (seed 000 "CASS Phone line"; seed 001).
    Call,
    /// TM/SP initial analysis of a Request for Support using RHRT (seed 000 "CASS Contacts").
    InitialAnalysis,
    /// RAO ADMIN box: partner checks and updating relationships (seed 000 "CASS Contacts").
    PartnerChecks,
    /// Grouping/relationships RAO: groups siblings, completes the contact and sends it to the
    /// Social Worker who took the call (seed 000 phone line; seed 001, every level).
    Grouping,
    /// CASS Social Worker: history, partner checks, calls, rationale (seed 000 "Complex and
    /// Significant"; seed 001).
    SocialWorkerAssessment,
    /// CASS Team Manager reviews the Social Worker's recommendation (seeds 000, 001).
    TeamManagerReview,
    /// The Early Help Manager has asked a TM/SP to agree that the concern is Complex and
    /// Significant (seed 000 "Additional Need identified").
    TeamManagerAgreement,
    /// The CASS Early Help Manager's worklist or EHFS Team Desktop (seed 000; seed 001).
    EarlyHelpManagerReview,
    /// Ringing the parent to gain consent or discuss support (Early Help RAO, or the Social
    /// Worker on an anonymous Additional Needs call) (seeds 000, 001).
    ParentContact,
    /// An RAO carries out the actions the Early Help Manager set (seed 000 "Additional Need").
    RaoActions,
    /// An anonymous call with nothing to identify the child: discussed with the CASS Team Leader
    /// instead of being transferred (seed 001).
    TeamLeaderDiscussion,
    /// The CP worklist: a strategy discussion in MASH (seeds 000, 001).
    StrategyDiscussion,
    /// The ASTI team in MASH progresses a Family Assessment (seeds 000, 001).
    FamilyAssessment,
    /// Allocated to an area Family Support Team or the Think Family Team (seed 000; seed 001).
    FamilySupportAllocation,
    /// An inbox e-mail about a child or sibling open in the last 4 weeks: an RAO or TM/SP decides
    /// whether a contact is needed (seed 000, BSS filter). Decided on the inbox item's page.
    InboxReview,
}

impl Stage {
    pub const ALL: [Stage; 15] = [
        Stage::Call,
        Stage::InitialAnalysis,
        Stage::PartnerChecks,
        Stage::Grouping,
        Stage::SocialWorkerAssessment,
        Stage::TeamManagerReview,
        Stage::TeamManagerAgreement,
        Stage::EarlyHelpManagerReview,
        Stage::ParentContact,
        Stage::RaoActions,
        Stage::TeamLeaderDiscussion,
        Stage::StrategyDiscussion,
        Stage::FamilyAssessment,
        Stage::FamilySupportAllocation,
        Stage::InboxReview,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Stage::Call => "call",
            Stage::InitialAnalysis => "initial_analysis",
            Stage::PartnerChecks => "partner_checks",
            Stage::Grouping => "grouping",
            Stage::SocialWorkerAssessment => "social_worker_assessment",
            Stage::TeamManagerReview => "team_manager_review",
            Stage::TeamManagerAgreement => "team_manager_agreement",
            Stage::EarlyHelpManagerReview => "early_help_manager_review",
            Stage::ParentContact => "parent_contact",
            Stage::RaoActions => "rao_actions",
            Stage::TeamLeaderDiscussion => "team_leader_discussion",
            Stage::StrategyDiscussion => "strategy_discussion",
            Stage::FamilyAssessment => "family_assessment",
            Stage::FamilySupportAllocation => "family_support_allocation",
            Stage::InboxReview => "inbox_review",
        }
    }

    pub fn from_slug(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.slug() == s)
    }

    /// What the person holding the item is asked to do, in plain English.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Call => "Call in progress",
            Stage::InitialAnalysis => "Initial analysis using RHRT",
            Stage::PartnerChecks => "Partner checks and relationships",
            Stage::Grouping => "Group siblings and complete the contact",
            Stage::SocialWorkerAssessment => "Social Worker: history, checks and rationale",
            Stage::TeamManagerReview => "Team Manager review of the recommendation",
            Stage::TeamManagerAgreement => "TM/SP agreement: Complex and Significant?",
            Stage::EarlyHelpManagerReview => "Early Help Manager review",
            Stage::ParentContact => "Contact the parent",
            Stage::RaoActions => "Carry out the Early Help Manager's actions",
            Stage::TeamLeaderDiscussion => "Discuss the anonymous call",
            Stage::StrategyDiscussion => "Strategy discussion in MASH",
            Stage::FamilyAssessment => "Family Assessment",
            Stage::FamilySupportAllocation => "Family support allocation",
            Stage::InboxReview => "Decide whether an inbox e-mail needs a contact",
        }
    }

    /// The clock that runs while an item waits at this stage. Where the seeds give no timescale
    /// for a step inside the front door, the contact's 24-hour initial response applies (seed
    /// 004); steps on a referral run on the 1-working-day referral decision (Working Together).
    pub fn timescale(self) -> Timescale {
        match self {
            Stage::Call
            | Stage::InitialAnalysis
            | Stage::PartnerChecks
            | Stage::Grouping
            | Stage::TeamLeaderDiscussion
            | Stage::EarlyHelpManagerReview
            | Stage::TeamManagerAgreement
            | Stage::RaoActions
            | Stage::FamilySupportAllocation
            | Stage::InboxReview => Timescale::ContactInitialResponse,
            Stage::SocialWorkerAssessment | Stage::TeamManagerReview | Stage::StrategyDiscussion => {
                Timescale::ReferralDecision
            }
            Stage::ParentContact => Timescale::ParentContactAttempts,
            Stage::FamilyAssessment => Timescale::AssessmentCompletion,
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Worklist slugs, stored on work items and used in addresses.
pub fn worklist_slug(w: Worklist) -> &'static str {
    match w {
        Worklist::CassTeamManager => "cass_team_manager",
        Worklist::RaoAdminBox => "rao_admin_box",
        Worklist::CassReferralAndAdviceOfficer => "cass_referral_and_advice_officer",
        Worklist::CassSocialWorker => "cass_social_worker",
        Worklist::CassTeamLeader => "cass_team_leader",
        Worklist::CpWorklist => "cp_worklist",
        Worklist::AstiTeam => "asti_team",
        Worklist::EarlyHelpManagersWorklist => "early_help_managers_worklist",
        Worklist::EhfsTeamDesktop => "ehfs_team_desktop",
        Worklist::EarlyHelpReferralAndAdviceOfficer => "early_help_referral_and_advice_officer",
        Worklist::EarlyHelpTeamLeader => "early_help_team_leader",
        Worklist::AreaFamilySupportTeam => "area_family_support_team",
        Worklist::ThinkFamilyTeam => "think_family_team",
        Worklist::AllocatedWorker => "allocated_worker",
        Worklist::IrrFolder => "irr_folder",
        Worklist::EarlyHelpTriage => "early_help_triage",
        Worklist::EarlyHelpTriageSupport => "early_help_triage_support",
        Worklist::CogTeam => "cog_team",
        Worklist::FstGroup => "fst_group",
        Worklist::MashTeam => "mash_team",
    }
}

pub fn worklist_from_slug(s: &str) -> Option<Worklist> {
    Worklist::ALL.iter().copied().find(|w| worklist_slug(*w) == s)
}

/// A short name for a worklist on a tab or a count (the routing label is a sentence).
pub fn worklist_short_name(w: Worklist) -> &'static str {
    match w {
        Worklist::CassTeamManager => "CASS TM/SP",
        Worklist::RaoAdminBox => "RAO ADMIN box",
        Worklist::CassReferralAndAdviceOfficer => "CASS RAO",
        Worklist::CassSocialWorker => "CASS Social Worker",
        Worklist::CassTeamLeader => "CASS Team Leader",
        Worklist::CpWorklist => "CP worklist",
        Worklist::AstiTeam => "ASTI",
        Worklist::EarlyHelpManagersWorklist => "Early Help Manager",
        Worklist::EhfsTeamDesktop => "EHFS Team Desktop",
        Worklist::EarlyHelpReferralAndAdviceOfficer => "Early Help RAO",
        Worklist::EarlyHelpTeamLeader => "Early Help Team Leader",
        Worklist::AreaFamilySupportTeam => "Area Family Support",
        Worklist::ThinkFamilyTeam => "Think Family",
        Worklist::AllocatedWorker => "Allocated worker",
        Worklist::IrrFolder => "IRR folder",
        Worklist::EarlyHelpTriage => "Early Help Triage",
        Worklist::EarlyHelpTriageSupport => "Early Help Triage Support",
        Worklist::CogTeam => "COG Team",
        Worklist::FstGroup => "FST Group",
        Worklist::MashTeam => "MASH Team",
    }
}

/// The roles whose holders take work from a worklist (claim it, decide on it). Managers may
/// also reassign from any worklist of their teams (`may_reassign`).
pub fn worklist_roles(w: Worklist) -> &'static [Role] {
    use Role::*;
    match w {
        Worklist::CassTeamManager => &[TeamManager, DutyManager],
        Worklist::RaoAdminBox | Worklist::CassReferralAndAdviceOfficer => &[ReferralAndAdviceOfficer],
        Worklist::CassSocialWorker => &[CassSocialWorker],
        Worklist::CassTeamLeader => &[TeamLeader],
        Worklist::CpWorklist | Worklist::AstiTeam | Worklist::MashTeam => &[MashTeam],
        Worklist::EarlyHelpManagersWorklist | Worklist::EhfsTeamDesktop => &[EarlyHelpManager],
        // Seed 001: "reassign to the EH RAO via the Team Leader".
        Worklist::EarlyHelpReferralAndAdviceOfficer | Worklist::EarlyHelpTeamLeader => {
            &[EarlyHelpReferralAndAdviceOfficer, EarlyHelpManager]
        }
        Worklist::AreaFamilySupportTeam | Worklist::ThinkFamilyTeam => &[EarlyHelpManager],
        Worklist::AllocatedWorker => &[CassSocialWorker, TeamManager],
        Worklist::IrrFolder => &[ReferralAndAdviceOfficer],
        Worklist::EarlyHelpTriage => &[EarlyHelpManager],
        Worklist::EarlyHelpTriageSupport => &[BusinessSupportOfficer, EarlyHelpManager],
        Worklist::CogTeam => &[CogManager],
        Worklist::FstGroup => &[FstManager],
    }
}

/// May someone with these roles take and decide work on this worklist?
pub fn may_work(roles: &[Role], w: Worklist) -> bool {
    worklist_roles(w).iter().any(|r| roles.has_role(*r))
}

/// Managers reassign work between people and worklists of their teams, with a rationale.
pub fn may_reassign(roles: &[Role]) -> bool {
    roles.iter().any(|r| r.is_manager())
}

/// A work item's stage in words: the contact workflow's, or the Early Help desk's (issue 7).
pub fn stage_label(slug: &str) -> String {
    Stage::from_slug(slug).map(Stage::label).or_else(|| crate::early_help::DeskStage::from_slug(slug).map(|s| s.label())).unwrap_or(slug).to_string()
}
