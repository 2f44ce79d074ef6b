//! The letters a workflow decision requires (`Outcome.letters`), addressed and queued. The rules
//! name the letter and who it is for (`domain::letters::addressed_to`); this module finds the
//! names and addresses on the contact and the person index: the referrer's e-mail; each person
//! recorded with Parental Responsibility for a child, at their own address; failing that, the
//! parent or carer at the child's address; the Partner in CASS at the address an administrator
//! keeps among the service contacts. A recipient who cannot be reached this way is reported
//! back to the worker so they can send it from the contact's Communications section; nothing is
//! guessed.

use super::letters::{issue, LetterFacts, Recipient};
use super::Ctx;
use crate::error::AppError;
use domain::letters::{addressed_to, letter_title, Channel, RecipientRole};
use domain::rules::Letter;
use storage::ContactDetail;

/// What became of each letter, in words for the worker ("Outcomes letter: queued for 2"). The
/// decision is already stored when this runs, so a failure here is reported per letter (and
/// logged by `ctx.internal`) rather than failing the request the worker would then retry.
pub async fn send_for_decision(ctx: &Ctx, contact: &ContactDetail, letters: &[Letter], step: &str, outcome: &str) -> Vec<String> {
    let mut said = Vec::new();
    for letter in letters {
        let title = letter_title(*letter);
        said.push(match send_one(ctx, contact, *letter, step, outcome).await {
            Ok(line) => format!("{title}: {line}"),
            Err(_) => format!("{title}: not queued, the service could not prepare it just now; send it from Communications"),
        });
    }
    said
}

/// Queues one letter; the words say what happened to it.
async fn send_one(ctx: &Ctx, contact: &ContactDetail, letter: Letter, step: &str, outcome: &str) -> Result<String, AppError> {
    let mut recipients = Vec::new();
    let mut unreached = Vec::new();
    for role in addressed_to(letter) {
        let found = recipients_for(ctx, contact, *role).await?;
        if found.is_empty() {
            unreached.push(role.label());
        }
        recipients.extend(found);
    }
    if recipients.is_empty() {
        return Ok(format!("not queued, no address for the {} is recorded; send it from Communications", unreached.join(" or the ")));
    }
    let facts = LetterFacts {
        child_name: String::new(),
        referrer_name: contact.referrer_name.clone(),
        referrer_organisation: contact.referrer_organisation.clone(),
        concern_summary: contact.summary.clone(),
        outcome: outcome.to_string(),
        worker_name: ctx.staff()?.user.display_name.clone(),
    };
    Ok(match issue(ctx, &contact.id, letter, &recipients, &facts, step).await? {
        Ok(ids) => {
            let mut line = format!("queued for {}", plural(ids.len()));
            if !unreached.is_empty() {
                line.push_str(&format!(" (no address for the {}: send it from Communications)", unreached.join(" or the ")));
            }
            line
        }
        Err(errors) => {
            let why: Vec<String> = errors.into_iter().map(|e| e.message).collect();
            format!("not queued: {}", why.join("; "))
        }
    })
}

fn plural(n: usize) -> String {
    if n == 1 { "1 recipient".to_string() } else { format!("{n} recipients") }
}

/// The recipients in `role` that the contact itself names.
async fn recipients_for(ctx: &Ctx, c: &ContactDetail, role: RecipientRole) -> Result<Vec<Recipient>, AppError> {
    let referrer = || {
        let email = c.referrer_email.trim();
        let name = if c.referrer_name.trim().is_empty() { c.referrer_organisation.trim() } else { c.referrer_name.trim() };
        (!email.is_empty() && !name.is_empty()).then(|| Recipient { name: name.to_string(), role, channel: Channel::Email, email: email.to_string(), address: String::new() })
    };
    Ok(match role {
        // On an EHA the agency asked to complete the assessment is the referring agency (seed 003 §1.8).
        // On a step down the referrer is the Social Worker (seed 003 §4.2.1).
        RecipientRole::Referrer | RecipientRole::RequestingProfessional | RecipientRole::AllocatedAgency | RecipientRole::SocialWorker => referrer().into_iter().collect(),
        // A copy goes to a referrer who is a professional (one with an organisation).
        RecipientRole::ReferringProfessional => referrer().filter(|_| !c.referrer_organisation.trim().is_empty()).into_iter().collect(),
        RecipientRole::Parent | RecipientRole::PersonWithParentalResponsibility => {
            let holders = pr_holders(ctx, c, role).await?;
            if !holders.is_empty() {
                return Ok(holders);
            }
            let mut out: Vec<Recipient> = Vec::new();
            for child in &c.children {
                let Some(p) = ctx.state.store.get_person(&child.person_id).await.map_err(|e| ctx.internal(e))? else { continue };
                if p.address.trim().is_empty() || p.postcode.trim().is_empty() {
                    continue;
                }
                let address = format!("{}\n{}", p.address.trim(), p.postcode.trim());
                // Siblings at one address share one letter.
                if out.iter().any(|r| r.address.eq_ignore_ascii_case(&address)) {
                    continue;
                }
                let name = format!("The parent or carer of {} {}", p.given_name, p.family_name);
                out.push(Recipient { name, role, channel: Channel::Post, email: String::new(), address });
            }
            out
        }
        // Addresses an administrator keeps among the service contacts.
        RecipientRole::PartnerInCass => service_contact(ctx, role, crate::pages::public::defaults::PARTNER_IN_CASS_EMAIL, "Partner in CASS").await?,
        RecipientRole::MissingChildrenWorker => {
            service_contact(ctx, role, crate::pages::public::defaults::MISSING_CHILDREN_WORKER_EMAIL, "Missing-children partner worker").await?
        }
        _ => Vec::new(),
    })
}

/// Everyone the person index records with Parental Responsibility for a child on the contact,
/// at their own address (one letter each, however many of the children they hold PR for).
async fn pr_holders(ctx: &Ctx, c: &ContactDetail, role: RecipientRole) -> Result<Vec<Recipient>, AppError> {
    let store = &ctx.state.store;
    let mut out: Vec<Recipient> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for child in &c.children {
        for r in store.relationships_of(&child.person_id).await.map_err(|e| ctx.internal(e))? {
            // "person holds PR for other person": the holder is the other end from the child.
            if !r.parental_responsibility || r.reader_is_subject || seen.contains(&r.relative_id) {
                continue;
            }
            seen.push(r.relative_id.clone());
            let Some(p) = store.get_person(&r.relative_id).await.map_err(|e| ctx.internal(e))? else { continue };
            if p.address.trim().is_empty() || p.postcode.trim().is_empty() {
                continue;
            }
            let address = format!("{}\n{}", p.address.trim(), p.postcode.trim());
            out.push(Recipient { name: format!("{} {}", p.given_name, p.family_name), role, channel: Channel::Post, email: String::new(), address });
        }
    }
    Ok(out)
}

/// The recipient at a service contact's e-mail address, if the council has set one.
async fn service_contact(ctx: &Ctx, role: RecipientRole, key: &str, name: &str) -> Result<Vec<Recipient>, AppError> {
    let contacts = super::letters::contact_values(&ctx.state.store, ctx.now()).await.map_err(|e| ctx.internal(e))?;
    Ok(contacts
        .get(key)
        .map(|v| v.trim())
        .filter(|v| v.contains('@'))
        .map(|email| Recipient { name: name.into(), role, channel: Channel::Email, email: email.to_string(), address: String::new() })
        .into_iter()
        .collect())
}
