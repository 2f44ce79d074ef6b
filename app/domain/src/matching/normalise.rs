//! Normalising what a call handler types, so that the same person written two ways gives the same
//! key: names (case, accents, punctuation, double-barrelled surnames, "Mc"/"Mac"), UK postcodes,
//! phone numbers, dates of birth and the three identifiers (NHS number, UPN, LA child id).
//!
//! Everything here is a pure function of its argument. Nothing uses a crate beyond `std`, `chrono`
//! (for dates) and `thiserror` (for the errors), so it runs in the browser as well.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

// ---------------------------------------------------------------------------------------------
// Letters

/// Appends the ASCII spelling of `c` to `out` when `c` is a Latin letter with a diacritic (é → e,
/// ß → ss, Ł → L, Æ → AE, ŵ → w …); other characters are appended unchanged, except combining
/// marks (U+0300–U+036F), which are dropped so that decomposed input folds the same way.
fn fold_char(c: char, out: &mut String) {
    let s: &str = match c {
        'À'..='Å' | 'Ā' | 'Ă' | 'Ą' | 'Ǎ' => "A",
        'à'..='å' | 'ā' | 'ă' | 'ą' | 'ǎ' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ð' | 'Ď' | 'Đ' => "D",
        'ð' | 'ď' | 'đ' => "d",
        'È'..='Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ĥ' | 'Ħ' => "H",
        'ĥ' | 'ħ' => "h",
        'Ì'..='Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' | 'Ǐ' => "I",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' => "i",
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'Ĵ' => "J",
        'ĵ' => "j",
        'Ķ' => "K",
        'ķ' => "k",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' => "N",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' => "n",
        'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' | 'Ǒ' => "O",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' => "o",
        'Œ' => "OE",
        'œ' => "oe",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "S",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "T",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'Þ' => "TH",
        'þ' => "th",
        'Ù'..='Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' | 'Ǔ' => "U",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' => "u",
        'Ŵ' => "W",
        'ŵ' => "w",
        'Ý' | 'Ÿ' | 'Ŷ' => "Y",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        '\u{0300}'..='\u{036F}' => "",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(s);
}

/// `s` with Latin diacritics folded to plain letters: "Zoë Nuñez-Ó Briain" → "Zoe Nunez-O Briain".
/// Case is kept; characters that are not Latin letters are kept as they are.
pub fn fold_diacritics(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | 'ʼ' | '´' | 'ʻ')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '_')
}

/// Upper-case ASCII words of a name: diacritics folded, apostrophes removed (O'Neill → ONEILL),
/// hyphens kept as `-` (a separate token), every other character that is not a letter treated as
/// a space. Letters of other scripts are dropped: the key is for comparison, never for display.
fn name_tokens(s: &str) -> Vec<String> {
    let folded = fold_diacritics(s);
    let mut tokens = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, tokens: &mut Vec<String>| {
        if !word.is_empty() {
            tokens.push(std::mem::take(word));
        }
    };
    for c in folded.chars() {
        if c.is_ascii_alphabetic() {
            word.push(c.to_ascii_uppercase());
        } else if is_apostrophe(c) || (!c.is_ascii() && c.is_alphabetic()) {
            // Joined: O'Neill → ONEILL. Letters we cannot fold are dropped.
        } else if is_hyphen(c) {
            flush(&mut word, &mut tokens);
            tokens.push("-".to_string());
        } else {
            flush(&mut word, &mut tokens);
        }
    }
    flush(&mut word, &mut tokens);
    tokens
}

/// Name particles that belong to the word after them: "De La Cruz" is one surname part, "O Neill"
/// is "ONEILL", "Van der Berg" is "VANDERBERG".
const PARTICLES: &[&str] = &[
    "O", "MC", "MAC", "VAN", "VON", "DE", "DA", "DI", "DU", "DEL", "DELLA", "DOS", "DAS", "LA",
    "LE", "LO", "DER", "DEN", "TER", "TEN", "ST", "SAINT", "AL", "EL", "ABU", "BIN", "BINT", "AP",
    "NI", "NIC", "UI",
];

/// "MACDONALD" → "MCDONALD": the Scottish and Irish prefix written either way compares equal.
/// Only folded when what follows looks like a name in its own right (a consonant other than H,
/// at least three letters), so Mace, Machin, Mack and Macey keep their spelling.
pub fn fold_mac(part: &str) -> String {
    let b = part.as_bytes();
    if b.len() >= 6 && part.starts_with("MAC") {
        let next = b[3];
        if !matches!(next, b'A' | b'E' | b'I' | b'O' | b'U' | b'Y' | b'H') {
            return format!("MC{}", &part[3..]);
        }
    }
    part.to_string()
}

/// A family name reduced for comparison.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormalisedName {
    /// Upper-case letters only, Mc/Mac folded, parts joined: "Smith-Jones" → "SMITHJONES",
    /// "O'Neill" → "ONEILL", "MacDonald" → "MCDONALD". Empty when nothing usable was typed.
    pub key: String,
    /// The parts of a double-barrelled (or two-word) surname, each as in `key`:
    /// "Smith-Jones" → ["SMITH", "JONES"]; "De La Cruz" → ["DELACRUZ"]. One part for most names.
    pub parts: Vec<String>,
}

impl NormalisedName {
    pub fn is_empty(&self) -> bool {
        self.key.is_empty()
    }
    /// True for a double-barrelled or two-word surname.
    pub fn is_multi_part(&self) -> bool {
        self.parts.len() > 1
    }
}

/// Normalises a family name (see [`NormalisedName`]). Hyphens and spaces both separate parts;
/// a particle (O, Mc, Mac, De, Van, Al, Bin …) joins the word after it.
pub fn normalise_family_name(s: &str) -> NormalisedName {
    let tokens = name_tokens(s);
    let mut parts: Vec<String> = Vec::new();
    let mut pending = String::new();
    for t in tokens {
        if t == "-" {
            // A hyphen ends a part, but a dangling particle still joins what follows.
            continue;
        }
        if PARTICLES.contains(&t.as_str()) {
            pending.push_str(&t);
            continue;
        }
        let word = format!("{pending}{t}");
        pending.clear();
        parts.push(fold_mac(&word));
    }
    if !pending.is_empty() {
        // A particle on its own ("O", "Van") is the whole name.
        parts.push(pending);
    }
    let key = parts.concat();
    NormalisedName { key, parts }
}

/// Given names as upper-case keys, first name first: "Mary Jane" → ["MARY", "JANE"];
/// "Zoë-Louise" → ["ZOELOUISE"] (a hyphenated given name is one name); "J." → ["J"].
pub fn normalise_given_names(s: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut joined_by_hyphen = false;
    for t in name_tokens(s) {
        if t == "-" {
            joined_by_hyphen = !names.is_empty();
            continue;
        }
        match names.last_mut() {
            Some(last) if joined_by_hyphen => last.push_str(&t),
            _ => names.push(t),
        }
        joined_by_hyphen = false;
    }
    names
}

/// The first given name's key, or "" when none was typed.
pub fn first_given_name(s: &str) -> String {
    normalise_given_names(s).into_iter().next().unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Postcodes

/// Why a postcode was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum PostcodeError {
    #[error("Enter a postcode")]
    Empty,
    #[error("Enter a full UK postcode, like AA1 1AA")]
    Format,
}

/// A full UK postcode in its standard form, "AB1 2DE": the outward code, one space, the inward
/// code (a digit and two letters).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Postcode(String);

impl Postcode {
    /// "AB1 2DE".
    pub fn as_str(&self) -> &str {
        &self.0
    }
    fn split(&self) -> (&str, &str) {
        let at = self.0.len().saturating_sub(4);
        (&self.0[..at], &self.0[at + 1..])
    }
    /// The outward code (postcode district): "AB1".
    pub fn outward(&self) -> &str {
        self.split().0
    }
    /// The inward code: "2DE".
    pub fn inward(&self) -> &str {
        self.split().1
    }
    /// The postcode sector: the outward code, a space and the inward digit, "AB1 2". A sector is a
    /// few thousand addresses: near enough to say "lives around here" after a move in the area.
    pub fn sector(&self) -> &str {
        &self.0[..self.0.len().saturating_sub(2)]
    }
    /// The postcode area: the leading letters, "AB".
    pub fn area(&self) -> &str {
        let end = self.0.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(self.0.len());
        &self.0[..end]
    }
}

impl std::fmt::Display for Postcode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_outward(o: &[u8]) -> bool {
    let letter = |c: u8| c.is_ascii_uppercase();
    let digit = |c: u8| c.is_ascii_digit();
    // First letter: not Q, V or X. Second letter (when there are two): not I, J or Z.
    let first_ok = |c: u8| letter(c) && !matches!(c, b'Q' | b'V' | b'X');
    let second_ok = |c: u8| letter(c) && !matches!(c, b'I' | b'J' | b'Z');
    match *o {
        // A9, A99, A9A
        [a, d] => first_ok(a) && digit(d),
        [a, d, e] if first_ok(a) && digit(d) && digit(e) => true,
        [a, d, l] if first_ok(a) && digit(d) => b"ABCDEFGHJKPSTUW".contains(&l),
        // AA9, AA99, AA9A
        [a, b, d] => first_ok(a) && second_ok(b) && digit(d),
        [a, b, d, e] if first_ok(a) && second_ok(b) && digit(d) && digit(e) => true,
        [a, b, d, l] if first_ok(a) && second_ok(b) && digit(d) => b"ABEHMNPRVWXY".contains(&l),
        _ => false,
    }
}

fn is_inward(i: &[u8]) -> bool {
    // A digit and two letters, never C, I, K, M, O or V.
    let ok =
        |c: u8| c.is_ascii_uppercase() && !matches!(c, b'C' | b'I' | b'K' | b'M' | b'O' | b'V');
    matches!(*i, [d, a, b] if d.is_ascii_digit() && ok(a) && ok(b))
}

fn compact_upper(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect()
}

/// Parses a full UK postcode written any usual way ("ab12de", " AB1  2DE ") into "AB1 2DE".
/// Checks the shape and the letters each position may hold; it cannot know whether the postcode
/// exists. GIR 0AA (the one historic exception) is accepted.
pub fn parse_postcode(s: &str) -> Result<Postcode, PostcodeError> {
    let c = compact_upper(s);
    if c.is_empty() {
        return Err(PostcodeError::Empty);
    }
    if c == "GIR0AA" {
        return Ok(Postcode("GIR 0AA".to_string()));
    }
    if !c.is_ascii() || c.len() < 5 || c.len() > 7 {
        return Err(PostcodeError::Format);
    }
    let (o, i) = c.as_bytes().split_at(c.len() - 3);
    if is_outward(o) && is_inward(i) {
        Ok(Postcode(format!("{} {}", &c[..c.len() - 3], &c[c.len() - 3..])))
    } else {
        Err(PostcodeError::Format)
    }
}

/// What a search box may hold: a full postcode, a sector ("AB1 2") or a district ("AB1").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PostcodePart {
    Full(Postcode),
    Sector(String),
    District(String),
}

impl PostcodePart {
    pub fn sector(&self) -> Option<&str> {
        match self {
            PostcodePart::Full(p) => Some(p.sector()),
            PostcodePart::Sector(s) => Some(s),
            PostcodePart::District(_) => None,
        }
    }
    pub fn district(&self) -> &str {
        match self {
            PostcodePart::Full(p) => p.outward(),
            PostcodePart::Sector(s) => s.split(' ').next().unwrap_or(s),
            PostcodePart::District(d) => d,
        }
    }
}

/// Parses a full postcode, or failing that a sector ("AB1 2") or district ("AB1") typed on its
/// own. A space decides between a sector and a longer district: "AB1 2" is a sector, "AB12" the
/// district AB12.
pub fn parse_postcode_part(s: &str) -> Result<PostcodePart, PostcodeError> {
    match parse_postcode(s) {
        Ok(p) => return Ok(PostcodePart::Full(p)),
        Err(PostcodeError::Empty) => return Err(PostcodeError::Empty),
        Err(PostcodeError::Format) => {}
    }
    let upper = s.trim().to_ascii_uppercase();
    if !upper.is_ascii() {
        return Err(PostcodeError::Format);
    }
    let words: Vec<&str> = upper.split_whitespace().collect();
    match words.as_slice() {
        [district] if is_outward(district.as_bytes()) => {
            Ok(PostcodePart::District((*district).to_string()))
        }
        [district, digit]
            if is_outward(district.as_bytes())
                && digit.len() == 1
                && digit.as_bytes()[0].is_ascii_digit() =>
        {
            Ok(PostcodePart::Sector(format!("{district} {digit}")))
        }
        _ => Err(PostcodeError::Format),
    }
}

// ---------------------------------------------------------------------------------------------
// Phone numbers

/// Why a phone number was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum PhoneError {
    #[error("Enter a phone number")]
    Empty,
    #[error("Enter a phone number using only digits, spaces, brackets, hyphens and +")]
    Characters,
    #[error(
        "Enter a UK phone number with 10 or 11 digits, or an international number starting with +"
    )]
    Length,
}

/// A phone number as digits: UK numbers with the leading 0 ("+44 (0)7700 900123" →
/// "07700900123"), other countries as "+" and digits ("+353 1 234 5678" → "+35312345678").
/// An extension ("ext 12", "x12", "#12") is dropped: it does not identify a household.
pub fn normalise_phone(s: &str) -> Result<String, PhoneError> {
    let lower = s.trim().to_ascii_lowercase();
    let main = ["ext", "x", "#"]
        .iter()
        .filter_map(|m| lower.find(m))
        .min()
        .map_or(lower.as_str(), |at| &lower[..at]);
    if main.trim().is_empty() {
        return Err(PhoneError::Empty);
    }
    let mut digits = String::new();
    let mut plus = false;
    for c in main.trim().chars() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if digits.is_empty() && !plus => plus = true,
            '(' | ')' | ' ' | '-' | '.' | '/' | '\u{a0}' => {}
            _ => return Err(PhoneError::Characters),
        }
    }
    let international = if plus { Some(digits.as_str()) } else { digits.strip_prefix("00") };
    let national = match international {
        Some(rest) => match rest.strip_prefix("44") {
            // "+44 (0)7700 …": the trunk zero in brackets is not dialled from abroad.
            Some(uk) => format!("0{}", uk.strip_prefix('0').unwrap_or(uk)),
            None => {
                return if (7..=15).contains(&rest.len()) {
                    Ok(format!("+{rest}"))
                } else {
                    Err(PhoneError::Length)
                };
            }
        },
        None if !digits.starts_with('0') && digits.len() == 10 => format!("0{digits}"),
        None => digits,
    };
    if national.starts_with('0') && (10..=11).contains(&national.len()) {
        Ok(national)
    } else {
        Err(PhoneError::Length)
    }
}

// ---------------------------------------------------------------------------------------------
// Identifiers

/// Why an identifier was not accepted. The messages follow the GOV.UK pattern of saying how to fix
/// the problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum IdentifierError {
    #[error("Enter an NHS number")]
    NhsNumberEmpty,
    #[error("NHS number must be 10 digits")]
    NhsNumberLength,
    #[error("NHS number must contain only digits and spaces")]
    NhsNumberCharacters,
    #[error("Enter a valid NHS number: the last digit does not match the others, so one may be mistyped")]
    NhsNumberCheckDigit,
    #[error("Enter a real NHS number, not a placeholder such as 0000000000")]
    NhsNumberPlaceholder,
    #[error("Enter a UPN")]
    UpnEmpty,
    #[error("UPN must be 13 characters")]
    UpnLength,
    #[error("UPN must be a letter, 11 digits, and a final digit or letter")]
    UpnFormat,
    #[error("Enter a valid UPN: the first letter does not match the rest, so a character may be mistyped")]
    UpnCheckLetter,
    #[error("Enter an LA child ID")]
    LaChildIdEmpty,
    #[error("LA child ID must be 40 characters or fewer")]
    LaChildIdLength,
}

fn strip_separators(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, ' ' | '-' | '\u{a0}' | '\t')).collect()
}

/// The NHS number check digit for the first nine digits (each 0–9), by modulus 11 with weights
/// 10 down to 2. `None` when the remainder gives 10: no valid NHS number starts with those nine.
pub fn nhs_check_digit(first_nine: &[u8; 9]) -> Option<u8> {
    let sum: u32 = first_nine.iter().zip((2..=10u32).rev()).map(|(d, w)| u32::from(*d) * w).sum();
    match 11 - (sum % 11) {
        11 => Some(0),
        10 => None,
        c => u8::try_from(c).ok(),
    }
}

/// Validates and normalises an NHS number: "943 476 5919" or "943-476-5919" → "9434765919".
pub fn normalise_nhs_number(s: &str) -> Result<String, IdentifierError> {
    let c = strip_separators(s.trim());
    if c.is_empty() {
        return Err(IdentifierError::NhsNumberEmpty);
    }
    if !c.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IdentifierError::NhsNumberCharacters);
    }
    if c.len() != 10 {
        return Err(IdentifierError::NhsNumberLength);
    }
    let d: Vec<u8> = c.bytes().map(|b| b - b'0').collect();
    if d.iter().all(|x| *x == d[0]) {
        return Err(IdentifierError::NhsNumberPlaceholder);
    }
    let mut first = [0u8; 9];
    first.copy_from_slice(&d[..9]);
    match nhs_check_digit(&first) {
        Some(check) if check == d[9] => Ok(c),
        _ => Err(IdentifierError::NhsNumberCheckDigit),
    }
}

/// An NHS number as people write it: "943 476 5919" (3-3-4). Input that is not ten digits is
/// returned unchanged.
pub fn format_nhs_number(s: &str) -> String {
    let c = strip_separators(s);
    if c.len() == 10 && c.bytes().all(|b| b.is_ascii_digit()) {
        format!("{} {} {}", &c[..3], &c[3..6], &c[6..])
    } else {
        s.to_string()
    }
}

/// The 23 letters a UPN uses for its check letter and a temporary UPN's last character, in order
/// of value (A = 0 … Z = 22): the alphabet without I, O and S.
const UPN_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

fn upn_letter_value(c: u8) -> Option<u32> {
    UPN_LETTERS.iter().position(|l| *l == c).and_then(|p| u32::try_from(p).ok())
}

/// The UPN check letter (character 1) for characters 2–13, by the DfE rule: each character times
/// its position (2 to 13), a temporary UPN's final letter counting as its letter value, the sum
/// modulo 23 as a letter. `None` if `rest` is not 11 digits and a final digit or letter.
pub fn upn_check_letter(rest: &str) -> Option<char> {
    let b = rest.as_bytes();
    if b.len() != 12 || !b[..11].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut sum = 0u32;
    for (i, c) in b.iter().enumerate() {
        let weight = u32::try_from(i).ok()? + 2;
        let value = if c.is_ascii_digit() { u32::from(c - b'0') } else { upn_letter_value(*c)? };
        sum += value * weight;
    }
    let index = usize::try_from(sum % 23).ok()?;
    UPN_LETTERS.get(index).map(|c| char::from(*c))
}

/// Validates and normalises a Unique Pupil Number: 13 characters, a check letter, 11 digits and a
/// final digit (or, for a temporary UPN, a letter). "b801 2000 05001" → "B801200005001".
pub fn normalise_upn(s: &str) -> Result<String, IdentifierError> {
    let c = strip_separators(s.trim()).to_ascii_uppercase();
    if c.is_empty() {
        return Err(IdentifierError::UpnEmpty);
    }
    if c.chars().count() != 13 {
        return Err(IdentifierError::UpnLength);
    }
    if !c.is_ascii() {
        return Err(IdentifierError::UpnFormat);
    }
    let b = c.as_bytes();
    let last_ok = b[12].is_ascii_digit() || upn_letter_value(b[12]).is_some();
    if upn_letter_value(b[0]).is_none() || !b[1..12].iter().all(u8::is_ascii_digit) || !last_ok {
        return Err(IdentifierError::UpnFormat);
    }
    match upn_check_letter(&c[1..]) {
        Some(check) if u32::from(check) == u32::from(b[0]) => Ok(c),
        _ => Err(IdentifierError::UpnCheckLetter),
    }
}

/// An LA child id is the council's own reference and otherwise opaque: trimmed, inner runs of
/// white space made single, upper case.
pub fn normalise_la_child_id(s: &str) -> Result<String, IdentifierError> {
    let c = s.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase();
    if c.is_empty() {
        Err(IdentifierError::LaChildIdEmpty)
    } else if c.chars().count() > 40 {
        Err(IdentifierError::LaChildIdLength)
    } else {
        Ok(c)
    }
}

// ---------------------------------------------------------------------------------------------
// Dates of birth and addresses

/// Why a date of birth was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum DateOfBirthError {
    #[error("Enter a date of birth")]
    Empty,
    #[error("Date of birth must be a real date, like 27 3 2015")]
    Invalid,
}

/// Parses a date of birth as people type it: "27/03/2015", "27-3-2015", "27.03.2015",
/// "27 03 2015", "27032015" (day first, as in England) or "2015-03-27".
pub fn parse_date_of_birth(s: &str) -> Result<NaiveDate, DateOfBirthError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(DateOfBirthError::Empty);
    }
    let nums: Vec<&str> = t.split(['/', '-', '.', ' ']).filter(|p| !p.is_empty()).collect();
    let parse = |p: &str| p.parse::<u32>().map_err(|_| DateOfBirthError::Invalid);
    let (y, m, d) = match nums.as_slice() {
        [one] if one.len() == 8 && one.bytes().all(|b| b.is_ascii_digit()) => {
            (parse(&one[4..])?, parse(&one[2..4])?, parse(&one[..2])?)
        }
        [a, b, c] if a.len() == 4 => (parse(a)?, parse(b)?, parse(c)?),
        [a, b, c] if c.len() == 4 => (parse(c)?, parse(b)?, parse(a)?),
        _ => return Err(DateOfBirthError::Invalid),
    };
    let y = i32::try_from(y).map_err(|_| DateOfBirthError::Invalid)?;
    NaiveDate::from_ymd_opt(y, m, d).ok_or(DateOfBirthError::Invalid)
}

/// A date of birth as the stored key, "2015-03-27".
pub fn dob_key(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// The date as the eight digits people type, day first: "27032015". Typo tolerance compares these.
pub fn dob_digits(d: NaiveDate) -> [u8; 8] {
    let s = format!("{:02}{:02}{:04}", d.day(), d.month(), d.year().rem_euclid(10000));
    let mut out = [0u8; 8];
    for (o, b) in out.iter_mut().zip(s.bytes()) {
        *o = b - b'0';
    }
    out
}

const STREET_WORDS: &[(&str, &str)] = &[
    ("RD", "ROAD"),
    ("ST", "STREET"),
    ("AVE", "AVENUE"),
    ("AV", "AVENUE"),
    ("LN", "LANE"),
    ("CL", "CLOSE"),
    ("CRES", "CRESCENT"),
    ("CRESC", "CRESCENT"),
    ("DR", "DRIVE"),
    ("GDNS", "GARDENS"),
    ("GRN", "GREEN"),
    ("GR", "GROVE"),
    ("GRO", "GROVE"),
    ("PL", "PLACE"),
    ("SQ", "SQUARE"),
    ("TER", "TERRACE"),
    ("TERR", "TERRACE"),
    ("CT", "COURT"),
    ("PK", "PARK"),
    ("WY", "WAY"),
    ("HSE", "HOUSE"),
    ("APT", "FLAT"),
    ("APARTMENT", "FLAT"),
];

/// The building line of an address reduced for comparison: upper case, diacritics folded,
/// punctuation removed, common abbreviations spelt out, and a flat or unit number left out (a
/// caller often gives the building without it). "12a Oak Rd., Townley" → "12A OAK ROAD";
/// "Flat 3, 12 Oak Road" → "12 OAK ROAD". Only the first line is used: the town and county add
/// nothing the postcode does not say.
pub fn normalise_address_line(s: &str) -> String {
    let mut lines = s.split([',', '\n', ';']).map(address_words).filter(|w| !w.is_empty());
    let Some(mut words) = lines.next() else { return String::new() };
    if matches!(words.first().map(String::as_str), Some("FLAT" | "UNIT" | "ROOM")) {
        // "Flat 3 12 Oak Road" or "Flat 3" then "12 Oak Road" on the next line.
        words.drain(..words.len().min(2));
        if words.is_empty() {
            words = lines.next().unwrap_or_default();
        }
    }
    words.join(" ")
}

fn address_words(line: &str) -> Vec<String> {
    let folded = fold_diacritics(line).to_ascii_uppercase();
    let cleaned: String = folded
        .chars()
        .filter(|c| !is_apostrophe(*c))
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            // "St" is "Saint" before a name ("St Mary's Road") and "Street" at the end.
            match STREET_WORDS.iter().find(|(abbr, _)| abbr == w) {
                Some((_, full)) if *w != "ST" || i == last => (*full).to_string(),
                _ => (*w).to_string(),
            }
        })
        .collect()
}
