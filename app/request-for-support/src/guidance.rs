//! The shared rules applied to the online form, and what they mean in plain English for the
//! person filling it in. This is an adapter over `domain::rules` (nothing here decides anything
//! the rules do not): the answers become the essential-question script's answers, `guidance`
//! suggests the RHRT level, and `route_contact(ContactChannel::OnlineForm, …)` gives the next
//! step, which is then worded for a referrer instead of for staff.

use crate::form::{Audience, SupportAnswers, OTHER_CONCERN};
use crate::Choice;
use domain::rules::routing::ParentContact;
use domain::rules::scripts::{Question, QuestionKind, Script};
use domain::rules::{
    check_online_request_consent, evaluate_script, guidance, route_contact, visible_answers, Action, Answer, Answers, CallerKind, ContactChannel, ContactFacts,
    Guidance, Letter, Level, Route, RuleSet, RuleViolation,
};
use serde::{Deserialize, Serialize};

/// The answer "I do not know" to a follow-up question: recorded, but not given to the rules.
pub const NOT_KNOWN: &str = "not_known";

/// The phone script whose questions the form shares for this kind of referrer.
pub fn caller_kind(a: &SupportAnswers) -> CallerKind {
    if a.is_professional() {
        CallerKind::Professional
    } else if a.may_have_pr() {
        CallerKind::ParentOrCarer
    } else {
        CallerKind::MemberOfPublic
    }
}

pub fn script_for<'a>(rules: &'a RuleSet, a: &SupportAnswers) -> Option<&'a Script> {
    rules.scripts.phone_script(caller_kind(a)).or_else(|| rules.scripts.phone_script(CallerKind::Professional))
}

/// The concern areas the script offers, and "Something else".
pub fn concern_choices(rules: &RuleSet, a: &SupportAnswers) -> Vec<Choice> {
    let mut c: Vec<Choice> = script_for(rules, a)
        .and_then(|s| s.question("concern_areas"))
        .map(|q| q.options.iter().map(|o| Choice::new(o.value.clone(), o.label.clone())).collect())
        .unwrap_or_default();
    c.push(Choice::new(OTHER_CONCERN, "Something else"));
    c
}

/// The script's follow-up questions that the concern areas chosen bring up (for example "Is there
/// an injury that has not been explained?" after "An injury or physical harm").
pub fn follow_up_questions<'a>(rules: &'a RuleSet, a: &SupportAnswers) -> Vec<&'a Question> {
    let Some(script) = script_for(rules, a) else { return Vec::new() };
    let state = evaluate_script(&rules.scripts, script, &rule_answers(script, a));
    script
        .questions
        .iter()
        .filter(|q| q.show_when.is_some() && matches!(q.kind, QuestionKind::YesNo | QuestionKind::Choice) && state.visible.contains(&q.id))
        .filter(|q| q.id != "consent_scopes" && q.id != "caller_has_pr")
        .collect()
}

pub fn follow_up_choices(q: &Question) -> Vec<Choice> {
    let mut c = match q.kind {
        QuestionKind::YesNo => vec![Choice::new("yes", "Yes"), Choice::new("no", "No")],
        _ => q.options.iter().map(|o| Choice::new(o.value.clone(), o.label.clone())).collect(),
    };
    c.push(Choice::new(NOT_KNOWN, "I do not know"));
    c
}

fn yes_no(v: &str) -> Option<Answer> {
    match v {
        "yes" => Some(Answer::YesNo(true)),
        "no" => Some(Answer::YesNo(false)),
        _ => None,
    }
}

/// The form's answers as the script's answers (question ids shared with the phone scripts, so
/// the framework's indicators read them the same way).
pub fn rule_answers(script: &Script, a: &SupportAnswers) -> Answers {
    let mut out = Answers::new();
    let mut set = |id: &str, answer: Option<Answer>| {
        if let Some(ans) = answer {
            if script.question(id).is_some() {
                out.set(id, ans);
            }
        }
    };
    set("child_missing", Some(Answer::YesNo(false)));
    set("immediate_danger", yes_no(&a.immediate_danger));
    set("caller_name", Some(Answer::Text(a.your_name.trim().to_string())));
    set("caller_agency", Some(Answer::Text(format!("{} {}", a.your_organisation.trim(), a.your_role.trim()).trim().to_string())));
    set("caller_contact", Some(Answer::Text(format!("{} {}", a.your_email.trim(), a.your_phone.trim()).trim().to_string())));
    set("caller_relationship", (!a.relationship.is_empty()).then(|| Answer::Choice(a.relationship.clone())));
    set("caller_has_pr", if a.may_have_pr() { yes_no(&a.parental_responsibility) } else { Some(Answer::YesNo(false)) });
    set("child_name", Some(Answer::Text(a.child_name())));
    set("child_date_of_birth", a.child_date_of_birth().map(Answer::Date));
    set("child_address", Some(Answer::Text(format!("{} {}", a.child_address.trim(), a.child_postcode.trim()).trim().to_string())));
    set("household", Some(Answer::Text(format!("{}\n{}\n{}", a.parents.trim(), a.siblings.trim(), a.household.trim()).trim().to_string())));
    set("concern_summary", Some(Answer::Text(a.concern_summary.trim().to_string())));
    let areas: Vec<String> = a.concern_areas.iter().filter(|c| c.as_str() != OTHER_CONCERN).cloned().collect();
    set("concern_areas", Some(Answer::Choices(areas)));
    for (id, value) in &a.follow_ups {
        let Some(q) = script.question(id) else { continue };
        let ans = match q.kind {
            QuestionKind::YesNo => yes_no(value),
            QuestionKind::Choice if q.options.iter().any(|o| o.value == *value) => Some(Answer::Choice(value.clone())),
            _ => None,
        };
        set(id, ans);
    }
    set("ongoing_relationship", if a.is_professional() { yes_no(&a.ongoing_relationship) } else { None });
    set("parent_aware", yes_no(&a.parent_aware));
    set("parent_consent", matches!(a.consent.as_str(), "given" | "refused" | "not_asked").then(|| Answer::Choice(a.consent.clone())));
    set("consent_scopes", a.consent_given().then(|| Answer::Choices(a.consent_scopes.clone())));
    out
}

/// What the rules say about the answers so far.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    pub guidance: Guidance,
    pub facts: ContactFacts,
    pub route: Route,
    pub script_id: String,
    pub scripts_version: String,
    pub answers: Answers,
}

/// Runs the shared rules on the answers: guidance from the visible answers, then the route of a
/// Request for Support made online at the suggested level.
pub fn evaluate(rules: &RuleSet, a: &SupportAnswers) -> Option<Evaluation> {
    let script = script_for(rules, a)?;
    let answers = visible_answers(script, &rule_answers(script, a));
    let g = guidance(&rules.framework, &answers);
    let mut facts = ContactFacts::new(g.suggested);
    facts.consent = a.consent_given();
    facts.referrer_has_ongoing_relationship = a.is_professional() && a.ongoing_relationship == "yes";
    if a.has_pr() {
        // A parent with PR who asks for support has spoken to us about consent themselves.
        facts.parent_contact = match a.consent.as_str() {
            "given" => ParentContact::SpokeAndConsented,
            "refused" => ParentContact::SpokeAndRefused,
            _ => ParentContact::NotYetTried,
        };
    }
    let route = route_contact(ContactChannel::OnlineForm, &facts);
    Some(Evaluation { guidance: g, facts, route, script_id: script.id.clone(), scripts_version: rules.scripts.version.clone(), answers })
}

/// Why the rules refuse to send this request as it stands (seed 000, via
/// `check_online_request_consent`): the consent page reports it and the server will not send it.
pub fn refusal(rules: &RuleSet, a: &SupportAnswers) -> Option<RuleViolation> {
    evaluate(rules, a).and_then(|e| check_online_request_consent(&e.facts).err())
}

/// The guidance panel's content, ready to render with [`crate::panel::render`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuidanceView {
    pub level: String,
    pub level_slug: String,
    pub descriptor: String,
    pub because: Vec<String>,
    pub next_steps: Vec<String>,
    pub cannot_proceed: Option<String>,
    pub urgent: bool,
    pub framework: String,
}

impl GuidanceView {
    pub fn new(rules: &RuleSet, a: &SupportAnswers, e: &Evaluation) -> GuidanceView {
        let level = e.guidance.suggested;
        let audience = a.audience().unwrap_or(Audience::Public);
        let descriptor = rules.framework.level(level).map(|l| l.descriptor.clone()).unwrap_or_default();
        GuidanceView {
            level: level.label().to_string(),
            level_slug: level.slug().to_string(),
            descriptor,
            because: e.guidance.drivers.iter().map(|d| d.text.clone()).collect(),
            next_steps: next_steps(&e.route, level, audience, a),
            cannot_proceed: cannot_proceed(e, a),
            urgent: level == Level::SignificantHarm || a.immediate_danger == "yes",
            framework: format!("{} (version {})", rules.framework.title, rules.framework.version),
        }
    }

    /// The one sentence a screen reader hears when the guidance changes.
    pub fn status_sentence(&self) -> String {
        format!("Guidance updated: the level of need is likely to be {}.", self.level)
    }
}

fn you(audience: Audience) -> bool {
    audience == Audience::Professional
}

/// Each step of the route in words for the person asking. Every action and letter the rules can
/// give an online request has a sentence; anything new falls back to the rule's own label.
pub fn next_steps(route: &Route, level: Level, audience: Audience, a: &SupportAnswers) -> Vec<String> {
    let mut out = vec!["Business Support add your request to the CASS inbox, and a manager reads it and decides the level of need using the council's Right Help, Right Time guidance. We aim to respond within 24 hours.".to_string()];
    for action in &route.actions {
        let s = match action {
            Action::CopyToPartnerInCass => continue,
            Action::AdviseAndSignpost => "We give advice and, if it is needed, tell the family about the service that can best meet their needs.".to_string(),
            Action::ReturnToReferrerToUndertakeEha if you(audience) => {
                "Because you have an ongoing relationship with the family, we will ask you to complete an Early Help Assessment with them, gaining the parent's or carer's consent if you do not have it already. CASS then closes the request.".to_string()
            }
            Action::ReturnToReferrerToGainConsent if you(audience) => {
                "We will return the request to you asking you to gain the parent's or carer's consent and send it again. CASS then closes the request.".to_string()
            }
            Action::ReturnToReferrerToUndertakeEha | Action::ReturnToReferrerToGainConsent => {
                "We will contact the person who made the request about consent and an Early Help Assessment.".to_string()
            }
            Action::ReturnToReferrerForMoreInformation => "We will ask for more information before we can decide.".to_string(),
            Action::EhRaoContactsParentForConsent => {
                "An Early Help worker contacts the child's parent or carer to ask for their consent to support.".to_string()
            }
            Action::RequestPartnerAgencyEha => "With consent, we ask a service that knows the family to complete an Early Help Assessment.".to_string(),
            Action::SendSignpostingToSingleAgency => "We send details of a service that can help.".to_string(),
            Action::ShareWithAgreedAgency => "We share information only with the organisations agreed.".to_string(),
            Action::EarlyHelpManagerReviews => "The Early Help Manager reviews the request.".to_string(),
            Action::AllocateToFamilySupportOrThinkFamily => {
                "With consent, the family is offered support from a Family Support or Think Family team.".to_string()
            }
            Action::EmailRaoAdminBoxForPartnerChecks | Action::SwReviewsHistoryAndChecks => {
                "A social worker looks at the request and any history, checks with other professionals who know the family, and may call the parents and the person who asked.".to_string()
            }
            Action::SwSendsRationaleToTeamManager | Action::TmSendsToAstiForFamilyAssessment => {
                "A manager decides whether a Family Assessment (a social work assessment of the child's needs) is needed.".to_string()
            }
            Action::PrioritiseForStrategyDiscussion => {
                "The request is treated as a priority: social workers, the police and health decide straight away whether child protection enquiries are needed.".to_string()
            }
            other => other.label().to_string(),
        };
        if !out.contains(&s) {
            out.push(s);
        }
    }
    if level >= Level::SignificantHarm {
        out.push("Consent is not needed to share information when a child may be at risk of significant harm.".to_string());
    }
    for letter in &route.letters {
        let s = match letter {
            Letter::OutcomesLetter if you(audience) => {
                "Everyone with Parental Responsibility is sent an outcomes letter saying what we will do, and you are sent a copy.".to_string()
            }
            Letter::OutcomesLetter => "Everyone with Parental Responsibility is sent an outcomes letter saying what we will do.".to_string(),
            Letter::UndertakeEhaRequest | Letter::GainConsentAndResubmit | Letter::RequestForMoreInformation => continue,
            other => other.label().to_string(),
        };
        out.push(s);
    }
    if !a.is_professional() && !a.has_pr() && level < Level::ComplexAndSignificant {
        out.push("Because you do not have Parental Responsibility, we will not be able to tell you what happens.".to_string());
    }
    out
}

/// When the rules say the request will not go ahead as it stands.
pub fn cannot_proceed(e: &Evaluation, a: &SupportAnswers) -> Option<String> {
    let route = &e.route;
    if check_online_request_consent(&e.facts).is_err() {
        return Some(
            "This request cannot go ahead without consent. Ask the child's parent or carer for their consent first. If you think the child is at risk of significant harm, say so in your description: consent is not needed then."
                .to_string(),
        );
    }
    if a.has_pr() && a.consent == "refused" && route.closes_contact && route.actions.is_empty() {
        return Some(
            "We cannot offer early help without your agreement. You can still send this request, and you can contact us again at any time if you change your mind."
                .to_string(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::SupportAnswers;

    fn rules() -> RuleSet {
        RuleSet::builtin().unwrap_or_else(|p| panic!("built-in rules: {p:?}"))
    }

    fn professional(areas: &[&str], relationship: &str, consent: &str) -> SupportAnswers {
        SupportAnswers {
            referrer_kind: "professional".into(),
            immediate_danger: "no".into(),
            ongoing_relationship: relationship.into(),
            concern_summary: "Worried".into(),
            concern_areas: areas.iter().map(|s| s.to_string()).collect(),
            consent: consent.into(),
            ..SupportAnswers::default()
        }
    }

    #[test]
    fn universal_plus_asks_the_referrer_to_complete_an_eha() {
        let r = rules();
        let a = professional(&["behaviour"], "yes", "given");
        let e = evaluate(&r, &a).unwrap_or_else(|| panic!("evaluates"));
        assert_eq!(e.guidance.suggested, Level::UniversalPlus);
        let v = GuidanceView::new(&r, &a, &e);
        assert!(v.next_steps.iter().any(|s| s.contains("complete an Early Help Assessment")), "{v:?}");
        assert_eq!(v.cannot_proceed, None);
    }

    #[test]
    fn additional_needs_without_consent_cannot_proceed() {
        let r = rules();
        let a = professional(&["domestic_abuse"], "yes", "refused");
        let e = evaluate(&r, &a).unwrap_or_else(|| panic!("evaluates"));
        assert_eq!(e.guidance.suggested, Level::AdditionalNeeds);
        let v = GuidanceView::new(&r, &a, &e);
        assert!(v.cannot_proceed.as_deref().unwrap_or("").contains("cannot go ahead without consent"), "{v:?}");
        // With consent it goes to the Early Help Manager.
        let a = professional(&["domestic_abuse"], "yes", "given");
        let v = GuidanceView::new(&r, &a, &evaluate(&r, &a).unwrap_or_else(|| panic!("evaluates")));
        assert_eq!(v.cannot_proceed, None);
        assert!(v.next_steps.iter().any(|s| s.contains("Early Help Manager")));
    }

    #[test]
    fn follow_up_answers_drive_the_level_and_danger_is_urgent() {
        let r = rules();
        let mut a = professional(&["neglect"], "no", "not_asked");
        assert_eq!(follow_up_questions(&r, &a).iter().map(|q| q.id.as_str()).collect::<Vec<_>>(), vec!["neglect_severity"]);
        a.follow_ups.insert("neglect_severity".into(), "severe".into());
        let e = evaluate(&r, &a).unwrap_or_else(|| panic!("evaluates"));
        assert_eq!(e.guidance.suggested, Level::SignificantHarm);
        assert!(GuidanceView::new(&r, &a, &e).urgent);
        a.follow_ups.insert("neglect_severity".into(), NOT_KNOWN.into());
        assert_eq!(evaluate(&r, &a).map(|e| e.guidance.suggested), Some(Level::Universal));
        a.immediate_danger = "yes".into();
        assert_eq!(evaluate(&r, &a).map(|e| e.guidance.suggested), Some(Level::SignificantHarm));
    }

    #[test]
    fn a_public_referrer_without_pr_is_told_we_cannot_share() {
        let r = rules();
        let a = SupportAnswers {
            referrer_kind: "member_of_public".into(),
            relationship: "neighbour".into(),
            concern_areas: vec!["behaviour".into()],
            ..SupportAnswers::default()
        };
        let v = GuidanceView::new(&r, &a, &evaluate(&r, &a).unwrap_or_else(|| panic!("evaluates")));
        assert!(v.next_steps.iter().any(|s| s.contains("will not be able to tell you")), "{v:?}");
    }
}
