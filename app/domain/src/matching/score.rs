//! Scoring a candidate against a search: a score from 0 to 100 and the reasons, in plain English,
//! that the call handler sees beside each candidate.
//!
//! Each reason carries the points it adds to the *evidence* (names, date of birth, postcode,
//! address, phone; at most 100). The score is the evidence scaled to 0–90, because without an
//! identifier nobody is certain; a matching NHS number, UPN or LA child id lifts it to 95–100, so
//! an identifier match always ranks first. A different NHS number or UPN caps the score at 40:
//! both have check characters, so a single mistyped character cannot produce another valid one.
//! docs/MATCHING.md gives the weights and why.

use std::borrow::Borrow;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::distance::{damerau_levenshtein_chars, is_adjacent_swap};
use super::nicknames::shared_canonical;
use super::normalise::{
    dob_digits, normalise_address_line, normalise_family_name, normalise_given_names,
    normalise_la_child_id, normalise_nhs_number, normalise_phone, normalise_upn, parse_postcode,
    parse_postcode_part, NormalisedName, PostcodePart,
};
use super::phonetic::{phonetic_key, PhoneticCode};
use super::{present, PersonFacts, SearchQuery};

/// Why a candidate scored what it did. `code` is stable (tests, analytics); `label` is for the
/// screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    NhsNumberMatches,
    UpnMatches,
    LaChildIdMatches,
    NhsNumberDifferent,
    UpnDifferent,
    LaChildIdDifferent,
    SameSurname,
    SurnamePartMatches,
    SurnameOneLetterDifferent,
    SurnameLettersSwapped,
    SameSurnameSound,
    SurnameSimilarSpelling,
    SameGivenName,
    GivenNameNickname,
    GivenNameOneLetterDifferent,
    GivenNameLettersSwapped,
    SameGivenNameSound,
    GivenNameSimilarSpelling,
    SameInitial,
    MatchesMiddleName,
    GivenNameDifferent,
    PossibleSibling,
    SameDateOfBirth,
    DayAndMonthSwapped,
    DateOfBirthOneDigitDifferent,
    YearOfBirthOneOut,
    DateOfBirthDigitsSwapped,
    SameMonthAndYearOfBirth,
    SameYearOfBirth,
    NoDateOfBirthRecorded,
    DateOfBirthDifferent,
    SamePostcode,
    PreviousPostcode,
    SamePostcodeSector,
    PreviousPostcodeSector,
    SamePostcodeDistrict,
    SameAddress,
    SamePhoneNumber,
}

/// One reason, with the points it added to the evidence (negative: counts against).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub code: ReasonCode,
    pub label: String,
    pub points: i32,
}

impl Reason {
    fn new(code: ReasonCode, points: i32, label: impl Into<String>) -> Self {
        Reason { code, label: label.into(), points }
    }
    /// True for a reason that counts against the candidate.
    pub fn is_against(&self) -> bool {
        self.points < 0
            || matches!(
                self.code,
                ReasonCode::NhsNumberDifferent
                    | ReasonCode::UpnDifferent
                    | ReasonCode::LaChildIdDifferent
            )
    }
}

/// How strongly a candidate matches, for the screen's wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchStrength {
    Weak,
    Possible,
    Strong,
    /// An identifier matches.
    Identifier,
}

/// A candidate's score (0–100) and the reasons for it, in a fixed order: identifiers, surname,
/// given name, date of birth, postcode, address, phone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Match {
    pub score: u32,
    /// The evidence from names, date of birth, postcode, address and phone before the identifier
    /// rule (0–100). Breaks ties between equal scores.
    pub evidence: u32,
    pub reasons: Vec<Reason>,
}

impl Match {
    pub fn strength(&self) -> MatchStrength {
        match self.score {
            95.. => MatchStrength::Identifier,
            70..=94 => MatchStrength::Strong,
            45..=69 => MatchStrength::Possible,
            _ => MatchStrength::Weak,
        }
    }
    /// True when a reason with `code` is among the reasons.
    pub fn has(&self, code: ReasonCode) -> bool {
        self.reasons.iter().any(|r| r.code == code)
    }
}

// Points (the evidence scale). A perfect name, date of birth and postcode add to 100 or a little
// more (the evidence is capped at 100). The weights follow how much more likely each agreement is
// for the same person than for a stranger: an exact date of birth is shared by very few strangers,
// a day/month swap or a year one out points to a single other date, while a date one digit out
// has some seventy neighbours, so it counts for less.
const SURNAME_SAME: i32 = 30;
const SURNAME_PART: i32 = 24;
const SURNAME_ONE_EDIT: i32 = 23;
const SURNAME_SOUND: i32 = 22;
/// Same sound, but spelt three or more letters apart: Double Metaphone ignores vowels, so short,
/// different names can share a code.
const SURNAME_SOUND_FAR: i32 = 16;
const SURNAME_SIMILAR: i32 = 12;
const GIVEN_SAME: i32 = 25;
const GIVEN_NICKNAME: i32 = 22;
const GIVEN_ONE_EDIT: i32 = 21;
const GIVEN_SOUND: i32 = 20;
const GIVEN_SOUND_FAR: i32 = 12;
const GIVEN_MIDDLE: i32 = 15;
const GIVEN_SIMILAR: i32 = 12;
const GIVEN_INITIAL: i32 = 10;
const GIVEN_DIFFERENT: i32 = -8;
const DOB_SAME: i32 = 35;
const DOB_SWAPPED: i32 = 28;
const DOB_YEAR_ONE_OUT: i32 = 24;
const DOB_DIGITS_SWAPPED: i32 = 20;
const DOB_ONE_DIGIT: i32 = 18;
const DOB_SAME_MONTH_YEAR: i32 = 6;
const DOB_SAME_YEAR: i32 = 2;
const DOB_NOT_RECORDED: i32 = 4;
const DOB_DIFFERENT: i32 = -18;
const POSTCODE_SAME: i32 = 14;
const POSTCODE_PREVIOUS: i32 = 10;
const POSTCODE_SECTOR: i32 = 7;
const POSTCODE_PREVIOUS_SECTOR: i32 = 5;
const POSTCODE_DISTRICT: i32 = 3;
const ADDRESS_SAME: i32 = 6;
const PHONE_SAME: i32 = 12;
const LA_ID_DIFFERENT: i32 = -20;
/// The highest score without an identifier, and the floor with one.
const NO_IDENTIFIER_MAX: u32 = 90;
const IDENTIFIER_FLOOR: u32 = 95;
const CONFLICT_CAP: u32 = 40;

struct Name {
    /// As typed, trimmed, for labels.
    shown: String,
    key: String,
    chars: Vec<char>,
    code: PhoneticCode,
}

impl Name {
    fn new(shown: &str, key: String) -> Self {
        let code = phonetic_key(&key);
        Name { shown: shown.trim().to_string(), chars: key.chars().collect(), key, code }
    }
}

struct SurnameQuery {
    name: Name,
    normalised: NormalisedName,
    part_codes: Vec<PhoneticCode>,
}

/// A search made ready to score many candidates: everything about the query is normalised once.
pub struct PreparedQuery {
    given: Option<Name>,
    surname: Option<SurnameQuery>,
    dob: Option<NaiveDate>,
    postcode: Option<PostcodePart>,
    address: Option<String>,
    phone: Option<String>,
    nhs: Option<String>,
    upn: Option<String>,
    la: Option<String>,
}

fn part_codes(n: &NormalisedName) -> Vec<PhoneticCode> {
    if n.is_multi_part() {
        n.parts.iter().map(|p| phonetic_key(p)).collect()
    } else {
        Vec::new()
    }
}

fn uk_date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

impl PreparedQuery {
    pub fn new(q: &SearchQuery) -> Self {
        let given = present(&q.given_name).and_then(|g| {
            let first = normalise_given_names(g).into_iter().next()?;
            let shown = g.split_whitespace().next().unwrap_or(g);
            Some(Name::new(shown, first))
        });
        let surname = present(&q.family_name).and_then(|s| {
            let normalised = normalise_family_name(s);
            if normalised.is_empty() {
                return None;
            }
            Some(SurnameQuery {
                name: Name::new(s, normalised.key.clone()),
                part_codes: part_codes(&normalised),
                normalised,
            })
        });
        PreparedQuery {
            given,
            surname,
            dob: q.date_of_birth,
            postcode: present(&q.postcode).and_then(|s| parse_postcode_part(s).ok()),
            address: present(&q.address).map(normalise_address_line).filter(|a| !a.is_empty()),
            phone: present(&q.phone).and_then(|s| normalise_phone(s).ok()),
            nhs: present(&q.nhs_number).and_then(|s| normalise_nhs_number(s).ok()),
            upn: present(&q.upn).and_then(|s| normalise_upn(s).ok()),
            la: present(&q.la_child_id).and_then(|s| normalise_la_child_id(s).ok()),
        }
    }

    /// Scores one candidate.
    pub fn score(&self, p: &PersonFacts) -> Match {
        let mut reasons: Vec<Reason> = Vec::new();
        let (id_match, id_conflict) = self.identifiers(p, &mut reasons);
        let surname_points = self.surname(p, &mut reasons);
        self.given(p, surname_points, &mut reasons);
        self.date_of_birth(p, &mut reasons);
        self.postcode(p, &mut reasons);
        if let (Some(q), Some(a)) = (&self.address, present(&p.address)) {
            if *q == normalise_address_line(a) {
                reasons.push(Reason::new(
                    ReasonCode::SameAddress,
                    ADDRESS_SAME,
                    format!("Same address ({})", title_words(q)),
                ));
            }
        }
        if let (Some(q), Some(ph)) = (&self.phone, present(&p.phone)) {
            if normalise_phone(ph).is_ok_and(|c| c == *q) {
                reasons.push(Reason::new(
                    ReasonCode::SamePhoneNumber,
                    PHONE_SAME,
                    "Same phone number",
                ));
            }
        }
        let sum: i32 = reasons.iter().map(|r| r.points).sum();
        let evidence = u32::try_from(sum.clamp(0, 100)).unwrap_or(0);
        let scaled = evidence * NO_IDENTIFIER_MAX / 100;
        let score = if id_match {
            IDENTIFIER_FLOOR + evidence * (100 - IDENTIFIER_FLOOR) / 100
        } else if id_conflict {
            scaled.min(CONFLICT_CAP)
        } else {
            scaled
        };
        Match { score, evidence, reasons }
    }

    /// Pushes identifier reasons; returns (any identifier matches, NHS number or UPN differs).
    fn identifiers(&self, p: &PersonFacts, reasons: &mut Vec<Reason>) -> (bool, bool) {
        let mut matched = false;
        let mut conflict = false;
        if let (Some(q), Some(c)) =
            (&self.nhs, present(&p.nhs_number).and_then(|s| normalise_nhs_number(s).ok()))
        {
            if *q == c {
                matched = true;
                reasons.push(Reason::new(ReasonCode::NhsNumberMatches, 0, "NHS number matches"));
            } else {
                conflict = true;
                reasons.push(Reason::new(
                    ReasonCode::NhsNumberDifferent,
                    0,
                    "Different NHS number",
                ));
            }
        }
        if let (Some(q), Some(c)) = (&self.upn, present(&p.upn).and_then(|s| normalise_upn(s).ok()))
        {
            if *q == c {
                matched = true;
                reasons.push(Reason::new(ReasonCode::UpnMatches, 0, "UPN matches"));
            } else {
                conflict = true;
                reasons.push(Reason::new(ReasonCode::UpnDifferent, 0, "Different UPN"));
            }
        }
        if let (Some(q), Some(c)) =
            (&self.la, present(&p.la_child_id).and_then(|s| normalise_la_child_id(s).ok()))
        {
            if *q == c {
                matched = true;
                reasons.push(Reason::new(ReasonCode::LaChildIdMatches, 0, "LA child ID matches"));
            } else {
                reasons.push(Reason::new(
                    ReasonCode::LaChildIdDifferent,
                    LA_ID_DIFFERENT,
                    "Different LA child ID",
                ));
            }
        }
        (matched, conflict && !matched)
    }

    /// Pushes the surname reason, if any; returns its points.
    fn surname(&self, p: &PersonFacts, reasons: &mut Vec<Reason>) -> i32 {
        let Some(q) = &self.surname else { return 0 };
        let c = normalise_family_name(&p.family_name);
        if c.is_empty() {
            return 0;
        }
        let shown = p.family_name.trim();
        let reason = if q.name.key == c.key {
            Reason::new(ReasonCode::SameSurname, SURNAME_SAME, "Same surname")
        } else if let Some(part) = shared_part(&q.normalised, &c) {
            Reason::new(
                ReasonCode::SurnamePartMatches,
                SURNAME_PART,
                format!("One part of a double-barrelled surname matches ({})", title_case(&part)),
            )
        } else {
            let c_chars: Vec<char> = c.key.chars().collect();
            let distance = damerau_levenshtein_chars(&q.name.chars, &c_chars);
            let c_code = phonetic_key(&c.key);
            let sounds = q.name.code.sounds_like(&c_code) || parts_sound_alike(q, &c, &c_code);
            if distance == 1 && is_adjacent_swap(&q.name.key, &c.key) {
                Reason::new(
                    ReasonCode::SurnameLettersSwapped,
                    SURNAME_ONE_EDIT,
                    format!("Two letters swapped in the surname ({}, {})", q.name.shown, shown),
                )
            } else if distance == 1 {
                Reason::new(
                    ReasonCode::SurnameOneLetterDifferent,
                    SURNAME_ONE_EDIT,
                    format!("Surname one letter different ({}, {})", q.name.shown, shown),
                )
            } else if sounds {
                Reason::new(
                    ReasonCode::SameSurnameSound,
                    if distance <= 2 { SURNAME_SOUND } else { SURNAME_SOUND_FAR },
                    format!("Same surname sound ({}, {})", q.name.shown, shown),
                )
            } else if distance == 2 && q.name.chars.len().min(c_chars.len()) >= 5 {
                Reason::new(
                    ReasonCode::SurnameSimilarSpelling,
                    SURNAME_SIMILAR,
                    format!("Similar surname spelling ({}, {})", q.name.shown, shown),
                )
            } else {
                return 0;
            }
        };
        let points = reason.points;
        reasons.push(reason);
        points
    }

    fn given(&self, p: &PersonFacts, surname_points: i32, reasons: &mut Vec<Reason>) {
        let Some(q) = &self.given else { return };
        let names = normalise_given_names(&p.given_names);
        let Some(first) = names.first() else { return };
        let shown = p.given_names.split_whitespace().next().unwrap_or("");
        let c_chars: Vec<char> = first.chars().collect();
        let reason = if q.key == *first {
            Some(Reason::new(ReasonCode::SameGivenName, GIVEN_SAME, "Same given name"))
        } else if let Some(canonical) = shared_canonical(&q.key, first) {
            // Bill → William; when the record holds the nickname, its canonical name in brackets.
            let target =
                if first.eq_ignore_ascii_case(canonical) || q.key.eq_ignore_ascii_case(canonical) {
                    shown.to_string()
                } else {
                    format!("{shown}, {canonical}")
                };
            Some(Reason::new(
                ReasonCode::GivenNameNickname,
                GIVEN_NICKNAME,
                format!("Nickname of the given name ({} → {})", q.shown, target),
            ))
        } else if q.chars.len() == 1 || c_chars.len() == 1 {
            (q.chars.first() == c_chars.first()).then(|| {
                Reason::new(
                    ReasonCode::SameInitial,
                    GIVEN_INITIAL,
                    format!("Same initial ({})", q.key.chars().take(1).collect::<String>()),
                )
            })
        } else {
            let distance = damerau_levenshtein_chars(&q.chars, &c_chars);
            if distance == 1 && is_adjacent_swap(&q.key, first) {
                Some(Reason::new(
                    ReasonCode::GivenNameLettersSwapped,
                    GIVEN_ONE_EDIT,
                    format!("Two letters swapped in the given name ({}, {})", q.shown, shown),
                ))
            } else if distance == 1 {
                Some(Reason::new(
                    ReasonCode::GivenNameOneLetterDifferent,
                    GIVEN_ONE_EDIT,
                    format!("Given name one letter different ({}, {})", q.shown, shown),
                ))
            } else if q.code.sounds_like(&phonetic_key(first)) {
                Some(Reason::new(
                    ReasonCode::SameGivenNameSound,
                    if distance <= 2 { GIVEN_SOUND } else { GIVEN_SOUND_FAR },
                    format!("Same given name sound ({}, {})", q.shown, shown),
                ))
            } else if distance == 2 && q.chars.len().min(c_chars.len()) >= 5 {
                Some(Reason::new(
                    ReasonCode::GivenNameSimilarSpelling,
                    GIVEN_SIMILAR,
                    format!("Similar given name spelling ({}, {})", q.shown, shown),
                ))
            } else {
                None
            }
        };
        let reason = reason.or_else(|| {
            // The name the caller used may be a middle name.
            let words: Vec<&str> = p.given_names.split_whitespace().collect();
            names
                .iter()
                .enumerate()
                .skip(1)
                .find(|(_, m)| **m == q.key || shared_canonical(&q.key, m).is_some())
                .map(|(i, m)| {
                    let shown_middle = if names.len() == words.len() {
                        words.get(i).copied().unwrap_or(m)
                    } else {
                        m
                    };
                    Reason::new(
                        ReasonCode::MatchesMiddleName,
                        GIVEN_MIDDLE,
                        format!("Matches a middle name ({shown_middle})"),
                    )
                })
        });
        match reason {
            Some(r) => reasons.push(r),
            None if surname_points >= SURNAME_SOUND => reasons.push(Reason::new(
                ReasonCode::PossibleSibling,
                GIVEN_DIFFERENT,
                "Same surname, different given name (possible sibling)",
            )),
            None => reasons.push(Reason::new(
                ReasonCode::GivenNameDifferent,
                GIVEN_DIFFERENT,
                format!("Different given name ({}, {})", q.shown, shown),
            )),
        }
    }

    fn date_of_birth(&self, p: &PersonFacts, reasons: &mut Vec<Reason>) {
        let Some(q) = self.dob else { return };
        let Some(c) = p.date_of_birth else {
            reasons.push(Reason::new(
                ReasonCode::NoDateOfBirthRecorded,
                DOB_NOT_RECORDED,
                "No date of birth on record",
            ));
            return;
        };
        let both = format!("{}, {}", uk_date(q), uk_date(c));
        let (qd, cd) = (dob_digits(q), dob_digits(c));
        let differing: Vec<usize> = (0..8).filter(|i| qd[*i] != cd[*i]).collect();
        let reason = if q == c {
            Reason::new(ReasonCode::SameDateOfBirth, DOB_SAME, "Same date of birth")
        } else if q.year() == c.year() && q.day() == c.month() && q.month() == c.day() {
            Reason::new(
                ReasonCode::DayAndMonthSwapped,
                DOB_SWAPPED,
                format!("Day and month swapped ({both})"),
            )
        } else if q.day() == c.day() && q.month() == c.month() && (q.year() - c.year()).abs() == 1 {
            Reason::new(
                ReasonCode::YearOfBirthOneOut,
                DOB_YEAR_ONE_OUT,
                format!("Year of birth one out ({both})"),
            )
        } else if differing.len() == 1 {
            Reason::new(
                ReasonCode::DateOfBirthOneDigitDifferent,
                DOB_ONE_DIGIT,
                format!("Date of birth one digit different ({both})"),
            )
        } else if matches!(differing.as_slice(), [i, j] if *j == i + 1 && qd[*i] == cd[*j] && qd[*j] == cd[*i])
        {
            Reason::new(
                ReasonCode::DateOfBirthDigitsSwapped,
                DOB_DIGITS_SWAPPED,
                format!("Two digits swapped in the date of birth ({both})"),
            )
        } else if q.year() == c.year() && q.month() == c.month() {
            Reason::new(
                ReasonCode::SameMonthAndYearOfBirth,
                DOB_SAME_MONTH_YEAR,
                format!("Same month and year of birth ({both})"),
            )
        } else if q.year() == c.year() {
            Reason::new(
                ReasonCode::SameYearOfBirth,
                DOB_SAME_YEAR,
                format!("Same year of birth ({both})"),
            )
        } else {
            Reason::new(
                ReasonCode::DateOfBirthDifferent,
                DOB_DIFFERENT,
                format!("Date of birth different ({both})"),
            )
        };
        reasons.push(reason);
    }

    fn postcode(&self, p: &PersonFacts, reasons: &mut Vec<Reason>) {
        let Some(q) = &self.postcode else { return };
        let current = p.postcode.as_deref().and_then(|s| parse_postcode(s).ok());
        if let Some(c) = &current {
            if let PostcodePart::Full(full) = q {
                if full == c {
                    reasons.push(Reason::new(
                        ReasonCode::SamePostcode,
                        POSTCODE_SAME,
                        format!("Same postcode ({c})"),
                    ));
                    return;
                }
            }
        }
        let previous: Vec<_> =
            p.previous_postcodes.iter().filter_map(|s| parse_postcode(s).ok()).collect();
        if let PostcodePart::Full(full) = q {
            if previous.contains(full) {
                reasons.push(Reason::new(
                    ReasonCode::PreviousPostcode,
                    POSTCODE_PREVIOUS,
                    format!("Lived at this postcode before ({full})"),
                ));
                return;
            }
        }
        if let (Some(sector), Some(c)) = (q.sector(), &current) {
            if sector == c.sector() {
                reasons.push(Reason::new(
                    ReasonCode::SamePostcodeSector,
                    POSTCODE_SECTOR,
                    format!("Same postcode sector ({sector})"),
                ));
                return;
            }
        }
        if let Some(sector) = q.sector() {
            if previous.iter().any(|p| p.sector() == sector) {
                reasons.push(Reason::new(
                    ReasonCode::PreviousPostcodeSector,
                    POSTCODE_PREVIOUS_SECTOR,
                    format!("Lived in this postcode sector before ({sector})"),
                ));
                return;
            }
        }
        if let Some(c) = &current {
            if q.district() == c.outward() {
                reasons.push(Reason::new(
                    ReasonCode::SamePostcodeDistrict,
                    POSTCODE_DISTRICT,
                    format!("Same postcode district ({})", c.outward()),
                ));
            }
        }
    }
}

/// A surname part the two names share, when either is double-barrelled.
fn shared_part(q: &NormalisedName, c: &NormalisedName) -> Option<String> {
    if !q.is_multi_part() && !c.is_multi_part() {
        return None;
    }
    q.parts.iter().find(|p| p.len() > 1 && c.parts.contains(p)).cloned()
}

/// True when a part of one surname sounds like the other surname or one of its parts.
fn parts_sound_alike(q: &SurnameQuery, c: &NormalisedName, c_code: &PhoneticCode) -> bool {
    let c_parts = part_codes(c);
    let q_all: Vec<&PhoneticCode> =
        std::iter::once(&q.name.code).chain(q.part_codes.iter()).collect();
    let c_all: Vec<&PhoneticCode> = std::iter::once(c_code).chain(c_parts.iter()).collect();
    (q.part_codes.len() + c_parts.len() > 0)
        && q_all.iter().any(|a| c_all.iter().any(|b| a.sounds_like(b)))
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        out.push(if i == 0 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() });
    }
    out
}

/// "12 OAK ROAD" → "12 Oak Road", for labels.
fn title_words(upper: &str) -> String {
    upper.split(' ').map(title_case).collect::<Vec<_>>().join(" ")
}

/// Scores one candidate against a search. To score many, prepare the query once with
/// [`PreparedQuery::new`] (as [`rank`] does).
pub fn score(q: &SearchQuery, p: &PersonFacts) -> Match {
    PreparedQuery::new(q).score(p)
}

/// Scores every candidate and returns `(index into candidates, match)`, best first. Ties keep the
/// candidates' order (the sort is stable), so the same input always ranks the same way.
///
/// Takes `&[PersonFacts]` or `&[&PersonFacts]`.
pub fn rank<C: Borrow<PersonFacts>>(q: &SearchQuery, candidates: &[C]) -> Vec<(usize, Match)> {
    let prepared = PreparedQuery::new(q);
    let mut ranked: Vec<(usize, Match)> =
        candidates.iter().map(|c| prepared.score(c.borrow())).enumerate().collect();
    ranked.sort_by(|(_, a), (_, b)| b.score.cmp(&a.score).then(b.evidence.cmp(&a.evidence)));
    ranked
}
