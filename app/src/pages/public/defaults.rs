//! The written defaults for the public pages and the service contacts. The server stores each one
//! (as version 1) the first time it is needed; from then on the database copy is what people see
//! and what an administrator edits. The wording follows seed 004 ("What to expect") in plain
//! English. Contact details are obviously fictional placeholders: the council must set its own.

/// A public page: its slug (also its address, `/<slug>`), the link text in the navigation, and
/// its default title and body (see [`super::content`] for the format).
pub struct PageDefault {
    pub slug: &'static str,
    pub nav_label: &'static str,
    pub title: &'static str,
    pub body: &'static str,
}

/// (key, label, default value, hint for the administrator)
pub const CONTACTS: &[(&str, &str, &str, &str)] = &[
    ("council_name", "Council name", "the council", "As it reads in a sentence, for example “Exampleshire County Council”."),
    ("cass_phone_line", "CASS phone line", "0100 000 0000", "The number the public and professionals call during working hours."),
    ("cass_hours", "CASS opening hours", "Monday to Friday, 9am to 5pm", "When the CASS phone line is answered."),
    ("edt_phone_line", "Emergency Duty Team phone line", "0100 000 0001", "The out-of-hours number for urgent concerns about a child."),
    ("cass_email", "CASS e-mail address for professionals", "cass@council.example", "A secure address for professionals' questions."),
    ("data_protection_email", "Data Protection Officer's e-mail address", "dpo@council.example", "Shown in the privacy notice."),
    ("accessibility_email", "E-mail address for accessibility requests", "accessibility@council.example", "Shown in the accessibility statement."),
    (
        PARTNER_IN_CASS_EMAIL,
        "Partner in CASS e-mail address",
        "cass-partners@council.example",
        "Where the copy of a Request for Support returned to the referrer goes (seed 000: “copy also sent to Partner in CASS”).",
    ),
    (
        MISSING_CHILDREN_WORKER_EMAIL,
        "Missing-children partner worker's e-mail address",
        "missing-children@partner.example",
        "Copied in on every missing-child case note the essential questions record (seed 003 §7.1). A secure address, not a person's own.",
    ),
    ("disclosures_team", "Disclosures Team e-mail address", "disclosures@council.example", "Given to professionals who need detail within an assessment, to book an appointment to view the file (seed 002)."),
    ("ofsted_email_1", "OFSTED suitability checks: first e-mail address", "suitability-1@ofsted.example", "CASS answers OFSTED suitability checks to both OFSTED addresses (seed 002)."),
    ("ofsted_email_2", "OFSTED suitability checks: second e-mail address", "suitability-2@ofsted.example", "CASS answers OFSTED suitability checks to both OFSTED addresses (seed 002)."),
];

/// The service contact that addresses the Partner in CASS's copy of a return to the referrer.
pub const PARTNER_IN_CASS_EMAIL: &str = "partner_in_cass_email";

/// The service contact the missing-child case note is copied to (the scripts' `copy_in` key
/// `missing_children_worker`).
pub const MISSING_CHILDREN_WORKER_EMAIL: &str = "missing_children_worker_email";

pub fn contact_keys() -> Vec<String> {
    CONTACTS.iter().map(|(k, ..)| k.to_string()).collect()
}

pub const PAGES: &[PageDefault] = &[
    PageDefault { slug: "what-to-expect", nav_label: "What to expect", title: "What to expect when you contact us about a child", body: WHAT_TO_EXPECT },
    PageDefault { slug: "ask-for-support", nav_label: "Ask for support", title: "How to ask for support for a child", body: ASK_FOR_SUPPORT },
    PageDefault { slug: "out-of-hours", nav_label: "Out of hours", title: "Urgent help out of hours", body: OUT_OF_HOURS },
    PageDefault { slug: "privacy", nav_label: "Privacy", title: "Privacy notice", body: PRIVACY },
    PageDefault { slug: "accessibility", nav_label: "Accessibility", title: "Accessibility statement", body: ACCESSIBILITY },
];

pub fn page(slug: &str) -> Option<&'static PageDefault> {
    PAGES.iter().find(|p| p.slug == slug)
}

const WHAT_TO_EXPECT: &str = "! If you think a child is in immediate danger, call 999 now.

This page explains what happens when you contact the Children's Advice and Support Service (CASS) about a child, whether you are a parent, a relative, a neighbour or a professional.

## Who answers

During working hours ({{cass_hours}}) your call to {{cass_phone_line}} is answered by a member of our Business Support team. Their job is to take your details and put you through to the right person.

Business Support staff are not trained social workers. They cannot talk to you about the details of your case.

If you are telling us about a new worry, you will be put through to a qualified social worker in CASS. They will talk to you about your concerns and can give you advice.

## Parental Responsibility and what we can tell you

The social worker will ask whether you have Parental Responsibility for the child or children you are contacting us about. Parental Responsibility (PR) is the legal rights and duties a parent has for a child.

- If you have Parental Responsibility, we can talk to you about the child and what we plan to do.
- If you do not have Parental Responsibility, we will listen to you and write down what you tell us, but we cannot give you any information about the child or their family.

## What the social worker will do

If you tell us you are worried about a child, the social worker will use their professional knowledge to decide whether the child might be at risk of harm. They will also think about whether the child or the family needs any support or services.

## What could happen next

After you contact us, one of these things will happen:

- we give you advice and, if you need it, tell you about another service that can help you better
- we take no further action
- we find out more, by gathering information or making enquiries, which may include enquiries by the Multi-Agency Safeguarding Hub (MASH), a team of professionals from different services who work alongside us
- we carry out a Single Assessment of the child's needs
- we start child protection enquiries

Asking other professionals who know your child helps us understand whether they are worried about your child too. This helps us make sure your child is safe and that you know where to go for support.

## Consent

We will usually ask for your consent before we gather information from other professionals.

Sometimes the Duty Manager decides that we must gather information without waiting for consent. This only happens when it is needed to keep a child safe: we have a legal duty to make sure children are safeguarded. The Duty Manager always records the reason.

There are clear rules, called thresholds, for when we must carry out a Single Assessment and when we must start child protection enquiries.

## The outcomes letter

After you contact us, everyone with Parental Responsibility for the child is sent an outcomes letter. It explains what we plan to do about the concerns we have been told about.

If a professional contacted us, they are sent a copy of the outcomes letter. Any professional we contact for information during our enquiries is also sent an outcomes letter.

We have a legal duty to look into every concern about a child's welfare that is brought to our attention. We want you to understand how we can work together to put your child's needs first.

## How long it takes

We aim to respond to everyone who contacts us within 24 hours. Sometimes it takes longer, when the duty social worker or the Multi-Agency Safeguarding Hub need to find out more.

If we find that a child is not safe, we act straight away.

An experienced manager checks every contact made with CASS.

## If you already have an allocated worker

If your family already has a social worker (an allocated worker), your call will be put through to them.

If they are not available, you can leave a message or ask them to call you back. We keep a record of every call to our social work teams.

If your worker is not available and you need to speak to a social worker urgently, you will be put through to someone else in their team.

## If it is urgent

! If a child is in immediate danger, call 999.

- During working hours, call CASS on {{cass_phone_line}}.
- In the evening, at weekends and on bank holidays, call the Emergency Duty Team on {{edt_phone_line}}.

[Find out about help out of hours](/out-of-hours)";

const ASK_FOR_SUPPORT: &str = "You can ask us for support if you are worried about a child, or if your family needs help.

! If a child is in immediate danger, call 999.

## If you are a parent, relative or member of the public

- [Ask for support online](/request-support). It takes about 15 minutes.
- Or call CASS on {{cass_phone_line}} ({{cass_hours}}).

You do not have to give your name, but it helps us if we can contact you.

## If you are a professional

For example a teacher, health visitor, GP, police officer or youth worker.

- [Make a Request for Support online](/request-support). You will need the child's and the family's details, and to know whether a parent or carer has agreed to the request.
- For advice, call CASS on {{cass_phone_line}} or e-mail {{cass_email}}.
- [Ask for information about a child or family you work with](/request-information), for example for a report or an assessment. We need a parent's consent (or the young person's, from 16) unless an exception applies.

We usually need a parent's or carer's consent before we can offer early help. If you know the family well, we may ask you to complete an Early Help Assessment with them.

If you think a child is at risk of significant harm, tell us straight away: you do not need consent to do that.

## What happens next

[What to expect when you contact us](/what-to-expect)";

const OUT_OF_HOURS: &str = "! If a child is in immediate danger, call 999.

CASS is open {{cass_hours}}.

At other times, including evenings, weekends and bank holidays, the Emergency Duty Team deals with urgent worries about children that cannot wait until CASS is open.

Call the Emergency Duty Team on {{edt_phone_line}}.

## When to call the Emergency Duty Team

- a child is at risk of harm and it cannot wait until the next working day
- a child has nowhere safe to stay tonight
- you are a professional and need a social worker's help urgently

## What happens after you call

The Emergency Duty Team will decide what needs to happen straight away. If more needs to be done, they pass the case to CASS on the next working day and CASS follows it up.

## If it can wait

[Ask for support online](/request-support) or call CASS on {{cass_phone_line}} when it is open.";

const PRIVACY: &str = "This notice explains how {{council_name}} uses information about children and families when someone contacts the Children's Advice and Support Service (CASS), including when they ask for support online. It is sometimes called a fair processing notice.

## Why we use this information

Children's services have a legal duty to keep children safe and to support children in need and their families, under the Children Act 1989 and the Children Act 2004. We use the information you give us to decide whether a child needs support or protection, and what kind.

The law that allows us to use it is that it is needed for a task in the public interest (UK GDPR Article 6(1)(e)). Where it includes sensitive information, such as health or ethnicity, it is needed for reasons of substantial public interest: safeguarding children and people at risk.

## What information we use

- the child's name, date of birth, address, ethnicity and any special needs
- the names of the child's parents or carers, brothers and sisters, and other people who live with them
- what you tell us about your worries
- your name, contact details, how you know the child and whether consent was given

## Who we share it with

We may share information with other professionals who know the child, such as schools, health services and the police, to find out whether they are worried too. We usually ask for consent first. Sometimes we share information without consent when it is needed to keep a child safe, and we always record why.

If you do not have Parental Responsibility for the child, we will not tell you anything about the child or their family.

## How long we keep it

We keep records about children in line with the council's records retention schedule.

If you start a request online and do not send it, your answers are deleted automatically: the form tells you how long they are kept.

## Cookies and your browser

The online form uses one cookie to keep your answers together while you fill it in. The cookie holds only a random code, not your answers, and it is deleted when you close your browser. We do not use analytics or advertising cookies, and we do not store anything in your browser's storage.

On a shared or public computer, close the browser when you have finished.

## Your rights

You can ask to see the information we hold about you, and ask us to correct it. To do this, or if you have a question about how we use information, e-mail our Data Protection Officer at {{data_protection_email}}.

If you are unhappy with how we have used your information, you can complain to the Information Commissioner's Office.";

const ACCESSIBILITY: &str = "This statement applies to the public pages of the Children's Front Door and to the online Request for Support.

We want as many people as possible to be able to use this website. You should be able to:

- change colours, contrast levels and fonts using your browser or device settings
- zoom in up to 400% without the text spilling off the screen
- use the website on a small phone screen
- get around the website using just a keyboard or speech recognition software
- listen to the website using a screen reader
- use the website with JavaScript turned off

## How we test this website

We test every public page and every step of the online form against the Web Content Accessibility Guidelines (WCAG) version 2.2 level AA, with automated checks, using the keyboard alone, on a screen 320 pixels wide and at 200% zoom.

## Compliance status

We believe this website meets the WCAG 2.2 AA standard. If you find a problem, please tell us.

## Feedback and contact information

If you need information on this website in a different format, or find a problem with accessibility, e-mail {{accessibility_email}} or call {{cass_phone_line}}.

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) is responsible for enforcing the accessibility regulations. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).";
