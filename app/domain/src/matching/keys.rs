//! Match keys: what the server stores for each person so that a search can fetch a small,
//! bounded set of candidates with one portable query, and the key values a search looks up.
//!
//! A person gets a handful of *index keys*, short strings such as `sg:SM0|ALFR` (surname sound
//! "SM0" with given-name sound "ALFR") or `dob:2015-03-27`. The server keeps them in one table,
//! `person_match_keys (key TEXT, person_id TEXT, PRIMARY KEY (key, person_id))`, and fetches
//! candidates with `SELECT DISTINCT person_id FROM person_match_keys WHERE key IN ($1, …)`. Both
//! engines answer that from the primary-key index; no extension, no engine-specific SQL.
//!
//! Keys combine two facts where one alone would fetch too many people (thousands share a common
//! surname sound, but few share it *and* a given-name sound or a birth year). Each kind of key
//! survives a different kind of mistake, so the OR of them finds the person when any one survives:
//!
//! | kind | value | survives | looked up |
//! |---|---|---|---|
//! | `nhs`, `upn`, `la`, `tel` | the normalised identifier or phone | any name or date mistake | when typed |
//! | `dob` | date of birth (and the day/month swap) | any name mistake, a new surname | with a date |
//! | `sg` | surname sound × given-name sound (and its variants) | a wrong or missing date | with both names |
//! | `sy` | surname sound × year of birth | a garbled given name, a wrong day or month | with a date |
//! | `sd` | surname sound × day and month of birth | a garbled given name, a wrong year | with a date |
//! | `ss` | surname sound × postcode sector (now and before) | a garbled given name and date | with a postcode |
//! | `gd` | given-name sound × day and month of birth | a garbled surname, a wrong year | with a date |
//! | `gs` | given-name sound × postcode sector (now and before) | a new surname and a wrong date | with a postcode |
//! | `si` | surname sound × first initial | a garbled given name when there is no date | without a date, or an initial only |
//! | `sx` | surname sound × first initial, for a record without a date of birth | a garbled given name | with a date |
//! | `gy` | given-name sound × year of birth | a wrong day or month | with a date but no surname (the name as typed) |
//! | `ad` | the building line of the address ("12 OAK ROAD") | names, date and postcode | with a house number |
//! | `sn` | surname sound alone | — | when the search holds nothing else |
//!
//! Lookups that would fetch many people (`si`, `sn`) are made only when nothing narrower can be.

use std::collections::HashMap;

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::nicknames::name_variants;
use super::normalise::{
    dob_key, first_given_name, normalise_address_line, normalise_family_name,
    normalise_la_child_id, normalise_nhs_number, normalise_phone, normalise_upn, parse_postcode,
    parse_postcode_part, NormalisedName,
};
use super::phonetic::phonetic_key;
use super::{present, PersonFacts, SearchQuery};

/// The version of the index keys. Bump it whenever [`MatchKeys::index_keys`] or the
/// normalisation behind it changes: the server stores the version it keyed people with and
/// re-keys everyone when it differs, because old keys cannot be recomputed to delete them.
pub const KEYS_VERSION: u32 = 1;

/// The normalised match facts of one person: the indexed columns a server may keep beside the
/// record (for display, exact look-ups and diagnostics) and the source of its index keys.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchKeys {
    /// The surname for comparison: "SMITHJONES", "ONEILL", "MCDONALD".
    pub surname: String,
    /// Primary and alternate phonetic codes of the whole surname.
    pub surname_primary: String,
    pub surname_alternate: String,
    /// Codes of each part of a double-barrelled surname, when not already one of the two above.
    pub surname_part_codes: Vec<String>,
    /// The first given name for comparison ("WILLIAM", "ZOE").
    pub given_name: String,
    /// The canonical form of the first given name ("BILLY" → "WILLIAM").
    pub given_canonical: String,
    /// The primary phonetic code of the first given name as written (what `sg` and `gs` keys use).
    pub given_code: String,
    /// "YYYY-MM-DD".
    pub date_of_birth: Option<String>,
    pub birth_year: Option<i32>,
    /// "MM-DD".
    pub birth_month_day: Option<String>,
    /// "AB1 2DE".
    pub postcode: Option<String>,
    /// "AB1 2".
    pub postcode_sector: Option<String>,
    pub previous_postcode_sectors: Vec<String>,
    pub nhs_number: Option<String>,
    pub upn: Option<String>,
    pub la_child_id: Option<String>,
    /// Digits, UK numbers with the leading 0.
    pub phone: Option<String>,
    /// The building line of the address: "12 OAK ROAD".
    pub address_line: Option<String>,
}

impl MatchKeys {
    /// Every distinct surname code: the whole surname's primary and alternate, then the parts'.
    pub fn surname_codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = Vec::with_capacity(2 + self.surname_part_codes.len());
        for c in [self.surname_primary.as_str(), self.surname_alternate.as_str()]
            .into_iter()
            .chain(self.surname_part_codes.iter().map(String::as_str))
        {
            if !c.is_empty() && !codes.contains(&c) {
                codes.push(c);
            }
        }
        codes
    }

    /// The index keys the server stores for this person (see the module documentation).
    pub fn index_keys(&self) -> Vec<IndexKey> {
        let mut keys = Vec::with_capacity(12);
        let mut push = |k: IndexKey| {
            if !keys.contains(&k) {
                keys.push(k);
            }
        };
        for (kind, value) in [
            (KeyKind::NhsNumber, &self.nhs_number),
            (KeyKind::Upn, &self.upn),
            (KeyKind::LaChildId, &self.la_child_id),
            (KeyKind::Phone, &self.phone),
            (KeyKind::DateOfBirth, &self.date_of_birth),
        ] {
            if let Some(v) = value {
                push(IndexKey::new(kind, v));
            }
        }
        let surnames = self.surname_codes();
        let given = self.given_code.as_str();
        let initial: String = self.given_name.chars().take(1).collect();
        let sectors: Vec<&String> =
            self.postcode_sector.iter().chain(self.previous_postcode_sectors.iter()).collect();
        for s in &surnames {
            push(IndexKey::new(KeyKind::Surname, s));
            if !given.is_empty() {
                push(IndexKey::pair(KeyKind::SurnameGiven, s, given));
            }
            if !initial.is_empty() {
                push(IndexKey::pair(KeyKind::SurnameInitial, s, &initial));
            }
            if let Some(y) = self.birth_year {
                push(IndexKey::pair(KeyKind::SurnameYear, s, &y.to_string()));
            }
            if let Some(md) = &self.birth_month_day {
                push(IndexKey::pair(KeyKind::SurnameMonthDay, s, md));
            }
            if self.date_of_birth.is_none() && !initial.is_empty() {
                push(IndexKey::pair(KeyKind::SurnameNoDob, s, &initial));
            }
            for sector in &sectors {
                push(IndexKey::pair(KeyKind::SurnameSector, s, sector));
            }
        }
        if let Some(a) = &self.address_line {
            push(IndexKey::new(KeyKind::Address, a));
        }
        if !given.is_empty() {
            if let Some(md) = &self.birth_month_day {
                push(IndexKey::pair(KeyKind::GivenMonthDay, given, md));
            }
            if let Some(y) = self.birth_year {
                push(IndexKey::pair(KeyKind::GivenYear, given, &y.to_string()));
            }
            for sector in &sectors {
                push(IndexKey::pair(KeyKind::GivenSector, given, sector));
            }
        }
        keys
    }
}

/// The kinds of index key. The prefix is part of the stored key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    NhsNumber,
    Upn,
    LaChildId,
    Phone,
    DateOfBirth,
    SurnameGiven,
    SurnameYear,
    SurnameMonthDay,
    SurnameSector,
    GivenMonthDay,
    GivenSector,
    GivenYear,
    SurnameInitial,
    SurnameNoDob,
    Address,
    Surname,
}

impl KeyKind {
    pub const ALL: [KeyKind; 16] = [
        KeyKind::NhsNumber,
        KeyKind::Upn,
        KeyKind::LaChildId,
        KeyKind::Phone,
        KeyKind::DateOfBirth,
        KeyKind::SurnameGiven,
        KeyKind::SurnameYear,
        KeyKind::SurnameMonthDay,
        KeyKind::SurnameSector,
        KeyKind::GivenMonthDay,
        KeyKind::GivenSector,
        KeyKind::GivenYear,
        KeyKind::SurnameInitial,
        KeyKind::SurnameNoDob,
        KeyKind::Address,
        KeyKind::Surname,
    ];
    pub fn prefix(self) -> &'static str {
        match self {
            KeyKind::NhsNumber => "nhs",
            KeyKind::Upn => "upn",
            KeyKind::LaChildId => "la",
            KeyKind::Phone => "tel",
            KeyKind::DateOfBirth => "dob",
            KeyKind::SurnameGiven => "sg",
            KeyKind::SurnameYear => "sy",
            KeyKind::SurnameMonthDay => "sd",
            KeyKind::SurnameSector => "ss",
            KeyKind::GivenMonthDay => "gd",
            KeyKind::GivenSector => "gs",
            KeyKind::GivenYear => "gy",
            KeyKind::SurnameInitial => "si",
            KeyKind::SurnameNoDob => "sx",
            KeyKind::Address => "ad",
            KeyKind::Surname => "sn",
        }
    }
}

/// One stored or looked-up key: `"<prefix>:<value>"`, e.g. `"sy:SM0|2015"`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IndexKey(String);

impl IndexKey {
    pub fn new(kind: KeyKind, value: &str) -> Self {
        IndexKey(format!("{}:{}", kind.prefix(), value))
    }
    fn pair(kind: KeyKind, a: &str, b: &str) -> Self {
        IndexKey(format!("{}:{}|{}", kind.prefix(), a, b))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn kind(&self) -> Option<KeyKind> {
        let prefix = self.0.split(':').next()?;
        KeyKind::ALL.into_iter().find(|k| k.prefix() == prefix)
    }
}

impl std::fmt::Display for IndexKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The surname's codes: the whole name's, then each part's (for a double-barrelled surname).
fn surname_codes_of(name: &NormalisedName) -> (String, String, Vec<String>) {
    let whole = phonetic_key(&name.key);
    let mut parts: Vec<String> = Vec::new();
    if name.is_multi_part() {
        for p in &name.parts {
            let code = phonetic_key(p);
            for c in code.codes() {
                if c != whole.primary && c != whole.alternate && !parts.iter().any(|x| x == c) {
                    parts.push(c.to_string());
                }
            }
        }
    }
    (whole.primary, whole.alternate, parts)
}

/// The match keys of a stored person. Values that do not normalise (a mistyped NHS number, a
/// postcode that is not one) are left out rather than guessed.
pub fn match_keys(p: &PersonFacts) -> MatchKeys {
    let surname = normalise_family_name(&p.family_name);
    let (surname_primary, surname_alternate, surname_part_codes) = surname_codes_of(&surname);
    let given_name = first_given_name(&p.given_names);
    let given_canonical = if given_name.is_empty() {
        String::new()
    } else {
        super::nicknames::canonical_name(&given_name)
    };
    let given_code = phonetic_key(&given_name).primary;
    let postcode = p.postcode.as_deref().and_then(|s| parse_postcode(s).ok());
    let mut previous_postcode_sectors: Vec<String> = Vec::new();
    for prev in &p.previous_postcodes {
        if let Ok(pc) = parse_postcode(prev) {
            let sector = pc.sector().to_string();
            if Some(sector.as_str()) != postcode.as_ref().map(|c| c.sector())
                && !previous_postcode_sectors.contains(&sector)
            {
                previous_postcode_sectors.push(sector);
            }
        }
    }
    MatchKeys {
        surname: surname.key,
        surname_primary,
        surname_alternate,
        surname_part_codes,
        given_name,
        given_canonical,
        given_code,
        date_of_birth: p.date_of_birth.map(dob_key),
        birth_year: p.date_of_birth.map(|d| d.year()),
        birth_month_day: p.date_of_birth.map(|d| format!("{:02}-{:02}", d.month(), d.day())),
        postcode_sector: postcode.as_ref().map(|c| c.sector().to_string()),
        postcode: postcode.map(|c| c.as_str().to_string()),
        previous_postcode_sectors,
        nhs_number: present(&p.nhs_number).and_then(|s| normalise_nhs_number(s).ok()),
        upn: present(&p.upn).and_then(|s| normalise_upn(s).ok()),
        la_child_id: present(&p.la_child_id).and_then(|s| normalise_la_child_id(s).ok()),
        phone: present(&p.phone).and_then(|s| normalise_phone(s).ok()),
        address_line: present(&p.address).map(normalise_address_line).filter(|a| !a.is_empty()),
    }
}

/// The key values a search looks up: the server fetches every person holding any of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateQuery {
    pub keys: Vec<IndexKey>,
    /// The most candidates worth fetching and scoring. A search that reaches it is too broad: the
    /// screen should ask for a date of birth or a given name rather than show a partial list.
    pub limit: usize,
}

impl CandidateQuery {
    /// True when the search holds nothing to look up: the server should ask for more, not fetch.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
    /// The key strings, for binding to `WHERE key IN ($1, …)`.
    pub fn key_strings(&self) -> Vec<&str> {
        self.keys.iter().map(IndexKey::as_str).collect()
    }
}

/// The default candidate limit: well above what a search with a name and a date of birth fetches
/// from a million people (see docs/MATCHING.md), and small enough to score in a few milliseconds.
pub const CANDIDATE_LIMIT: usize = 2_000;

/// The phonetic codes a search's given name may be stored under: the codes of the name as typed
/// and of every variant (nicknames, other spellings).
pub fn given_name_codes(given: &str) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    let first = if given.bytes().all(|b| b.is_ascii_uppercase()) {
        given.to_string()
    } else {
        first_given_name(given)
    };
    if first.is_empty() {
        return codes;
    }
    for v in name_variants(&first) {
        let code = phonetic_key(&v);
        for c in code.codes() {
            if !codes.iter().any(|x| x == c) {
                codes.push(c.to_string());
            }
        }
    }
    codes
}

/// Which index keys a search looks up (see the module documentation for what each survives).
pub fn candidate_keys(q: &SearchQuery) -> CandidateQuery {
    let mut keys: Vec<IndexKey> = Vec::new();
    let mut push = |k: IndexKey| {
        if !keys.contains(&k) {
            keys.push(k);
        }
    };
    if let Some(v) = present(&q.nhs_number).and_then(|s| normalise_nhs_number(s).ok()) {
        push(IndexKey::new(KeyKind::NhsNumber, &v));
    }
    if let Some(v) = present(&q.upn).and_then(|s| normalise_upn(s).ok()) {
        push(IndexKey::new(KeyKind::Upn, &v));
    }
    if let Some(v) = present(&q.la_child_id).and_then(|s| normalise_la_child_id(s).ok()) {
        push(IndexKey::new(KeyKind::LaChildId, &v));
    }
    if let Some(v) = present(&q.phone).and_then(|s| normalise_phone(s).ok()) {
        push(IndexKey::new(KeyKind::Phone, &v));
    }
    if let Some(d) = q.date_of_birth {
        push(IndexKey::new(KeyKind::DateOfBirth, &dob_key(d)));
        if let Some(swapped) = chrono::NaiveDate::from_ymd_opt(d.year(), d.day(), d.month()) {
            push(IndexKey::new(KeyKind::DateOfBirth, &dob_key(swapped)));
        }
    }
    let surname = present(&q.family_name).map(normalise_family_name).filter(|n| !n.is_empty());
    let surname_codes: Vec<String> = match &surname {
        Some(n) => {
            let (p, a, parts) = surname_codes_of(n);
            let mut v = vec![p];
            if !v.contains(&a) {
                v.push(a);
            }
            v.extend(parts);
            v.retain(|c| !c.is_empty());
            v
        }
        None => Vec::new(),
    };
    let given_first = present(&q.given_name).map(first_given_name).unwrap_or_default();
    let initial: String = given_first.chars().take(1).collect();
    // A lone initial has no useful sound: it is looked up as an initial only.
    let given_codes =
        if given_first.chars().count() > 1 { given_name_codes(&given_first) } else { Vec::new() };
    let month_day = q.date_of_birth.map(|d| format!("{:02}-{:02}", d.month(), d.day()));
    let sector = present(&q.postcode)
        .and_then(|s| parse_postcode_part(s).ok())
        .and_then(|p| p.sector().map(str::to_string));
    for s in &surname_codes {
        for g in &given_codes {
            push(IndexKey::pair(KeyKind::SurnameGiven, s, g));
        }
        if let Some(d) = q.date_of_birth {
            push(IndexKey::pair(KeyKind::SurnameYear, s, &d.year().to_string()));
        }
        if let Some(md) = &month_day {
            push(IndexKey::pair(KeyKind::SurnameMonthDay, s, md));
        }
        if let Some(sector) = &sector {
            push(IndexKey::pair(KeyKind::SurnameSector, s, sector));
        }
        if q.date_of_birth.is_some() && !initial.is_empty() {
            push(IndexKey::pair(KeyKind::SurnameNoDob, s, &initial));
        }
        if !initial.is_empty() && (q.date_of_birth.is_none() || given_codes.is_empty()) {
            push(IndexKey::pair(KeyKind::SurnameInitial, s, &initial));
        }
    }
    for g in &given_codes {
        if let Some(md) = &month_day {
            push(IndexKey::pair(KeyKind::GivenMonthDay, g, md));
        }
        if let Some(sector) = &sector {
            push(IndexKey::pair(KeyKind::GivenSector, g, sector));
        }
    }
    // Without a surname, a wrong day or month leaves the given name and year: the name as typed
    // only (its nicknames too would fetch hundreds).
    if let (Some(d), true, true) =
        (q.date_of_birth, surname_codes.is_empty(), given_first.len() > 1)
    {
        for g in phonetic_key(&given_first).codes() {
            push(IndexKey::pair(KeyKind::GivenYear, g, &d.year().to_string()));
        }
    }
    // A building line narrows to a household, but only with a house number: "Oak Road" alone
    // does not.
    if let Some(a) = present(&q.address).map(normalise_address_line) {
        if a.bytes().any(|b| b.is_ascii_digit()) {
            push(IndexKey::new(KeyKind::Address, &a));
        }
    }
    // A surname and nothing else: every holder of its sound, up to the limit.
    if keys.is_empty() {
        keys.extend(surname_codes.iter().map(|s| IndexKey::new(KeyKind::Surname, s)));
    }
    CandidateQuery { keys, limit: CANDIDATE_LIMIT }
}

/// An in-memory index of the same keys, standing in for the table in tests, the quality measure
/// and tools: it answers exactly what `WHERE key IN (…)` would. Keys are held as 64-bit hashes to
/// keep a million people in memory; a collision can only add a candidate, never lose one.
#[derive(Debug, Default)]
pub struct KeyIndex {
    map: HashMap<u64, Vec<u32>>,
    rows: usize,
}

/// FNV-1a: a small, stable hash for the in-memory index.
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl KeyIndex {
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds person `id` under each of `keys`.
    pub fn insert(&mut self, id: u32, keys: &[IndexKey]) {
        for k in keys {
            let list = self.map.entry(fnv1a(k.as_str())).or_default();
            if list.last() != Some(&id) {
                list.push(id);
                self.rows += 1;
            }
        }
    }
    /// The ids holding any key of `query`, ascending, without duplicates, and whether the limit
    /// cut the list short.
    pub fn candidates(&self, query: &CandidateQuery) -> (Vec<u32>, bool) {
        let mut ids: Vec<u32> = Vec::new();
        for k in &query.keys {
            if let Some(list) = self.map.get(&fnv1a(k.as_str())) {
                ids.extend_from_slice(list);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let truncated = ids.len() > query.limit;
        ids.truncate(query.limit);
        (ids, truncated)
    }
    /// How many people hold `key` (for measuring how selective each kind is).
    pub fn count(&self, key: &IndexKey) -> usize {
        self.map.get(&fnv1a(key.as_str())).map_or(0, Vec::len)
    }
    /// The number of (key, person) rows: what the server's table would hold.
    pub fn rows(&self) -> usize {
        self.rows
    }
    /// The number of distinct keys.
    pub fn len(&self) -> usize {
        self.map.len()
    }
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}
