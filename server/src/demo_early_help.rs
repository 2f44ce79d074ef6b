//! Demo EHAs on the Early Help MASH desk (issue 7), and the desk's settings: a COG table for
//! the demo postcodes. Names are invented; no person from the seeds appears here.

use app::ssr::early_help::{plan, COG_TABLE};
use chrono::{DateTime, Duration, Utc};
use domain::early_help::{DeskStage, IntakeForm, CHANNEL};
use domain::rules::RuleSet;
use storage::{NewCaseContact, NewEha, NewPerson, Referrer, Store, StorageError};

/// Postcode districts of the demo families and their COG teams.
const DEMO_COG_TABLE: &str = "# postcode district or sector, COG team\nAB1, COG North\nAB2, COG North\nAB3 9, COG South\n";

fn intake(source: &str, consent: &str, given: &str, family: &str, dob: &str, postcode: &str, needs: &str) -> IntakeForm {
    IntakeForm {
        source: source.into(),
        referrer_name: "Demo Referrer".into(),
        referrer_organisation: "Example Primary School".into(),
        referrer_email: "referrer@example.org".into(),
        consent: consent.into(),
        child_given_name: given.into(),
        child_family_name: family.into(),
        child_date_of_birth: dob.into(),
        child_address: "3 Example Road, Exampletown".into(),
        child_postcode: postcode.into(),
        parents_or_carers: format!("Parent {family}"),
        siblings: String::new(),
        no_siblings: true,
        household_members: String::new(),
        no_household_members: true,
        ethnicity: "White British".into(),
        special_needs: "None".into(),
        needs: needs.into(),
        welfare_rights: true,
        ..IntakeForm::default()
    }
}

pub async fn seed(store: &Store, by: &str, now: DateTime<Utc>) -> Result<(), StorageError> {
    store.save_eha_setting(COG_TABLE, DEMO_COG_TABLE, 0, "admin", now).await?;
    let Ok(rules) = RuleSet::builtin() else { return Ok(()) };
    let ehas = [
        ("EH-100001", intake("mash", "yes", "Lily", "Carter", "14/05/2017", "AB1 3CD", "Low school attendance and a family under financial strain"), 3),
        ("EH-100002", intake("white_mail", "no", "Noah", "Bennett", "02/09/2014", "AB2 4EF", "Parenting support asked for by the school"), 20),
    ];
    for (reference, form, hours_ago) in ehas {
        let received = now - Duration::hours(hours_ago);
        let Ok(planned) = plan(store, DeskStage::ConsentCheck, received, received, &rules.calendar).await? else { return Ok(()) };
        let dob = domain::early_help::parse_date(&form.child_date_of_birth);
        let person = store
            .create_person(NewPerson { given_name: &form.child_given_name, family_name: &form.child_family_name, date_of_birth: dob, address: &form.child_address, postcode: &form.child_postcode }, now)
            .await?;
        let name = format!("{} {}", form.child_given_name, form.child_family_name);
        let json = serde_json::to_string(&form).unwrap_or_default();
        let children = vec![person];
        let contact = NewCaseContact {
            reference,
            status: "open",
            channel: CHANNEL,
            caller_kind: None,
            summary: &name,
            concern: &form.needs,
            referrer: Referrer { name: &form.referrer_name, organisation: &form.referrer_organisation, email: &form.referrer_email, ..Default::default() },
            contact_source: "10",
            flow: "",
            level: None,
            received_at: received,
            created_by: by,
            children: &children,
            repeat_within_7_days: false,
            referral_within_12_months: false,
            first_items: vec![planned.item()],
        };
        let summary = format!("EHA received from {} about {name}", form.referrer_organisation);
        store
            .create_eha(NewEha { contact, source: &form.source, form: &json, framework_version: &rules.framework.version, calendar_version: &rules.calendar.version, log_summary: &summary }, received)
            .await?;
    }
    Ok(())
}
