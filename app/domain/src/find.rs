//! "Find anything" (issue 9): what one search box in the staff header means. A query is read
//! once, here, so the results page and the server agree: a contact's reference (with or without
//! its hyphens, in any case), a person's name with perhaps a date of birth, postcode or
//! identifier (handed to the person index's own search, so a misspelt name still finds the
//! child), and the words staff names are matched by.

use crate::matching::normalise::{fold_diacritics, normalise_nhs_number, normalise_upn, parse_date_of_birth, parse_postcode_part};
use crate::people::SearchForm;

/// Longest query read; anything after is ignored.
pub const MAX_QUERY_CHARS: usize = 100;

/// What a query asks for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FindQuery {
    /// The query as read: trimmed, inner white space collapsed, at most `MAX_QUERY_CHARS`.
    pub text: String,
    /// A reference to look up: upper case, hyphens removed ("C100001", "CABCDEFGH").
    pub reference: Option<String>,
    /// The person index's search form, when the query names someone or gives a date of birth
    /// or an identifier; `None` when the query is only a reference.
    pub person: Option<SearchForm>,
}

impl FindQuery {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Reads a query typed into the header's search box.
pub fn parse(q: &str) -> FindQuery {
    let text: String = q.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(MAX_QUERY_CHARS).collect();
    if text.is_empty() {
        return FindQuery::default();
    }
    let reference = reference_key(&text);
    // A single token that is a reference and carries a digit ("C-100001") cannot be a name;
    // one of letters only ("Al-Amin", "C-ABCD-EFGH") is searched both ways.
    let only_reference = reference.as_ref().is_some_and(|r| r.bytes().any(|b| b.is_ascii_digit()));
    let person = if only_reference { None } else { person_form(&text) };
    FindQuery { text, reference, person }
}

/// A reference's comparable form: a prefix of one to three letters, then four to twelve letters
/// or digits in groups separated by hyphens (or none), upper-cased with the hyphens removed.
pub fn reference_key(text: &str) -> Option<String> {
    let t = text.trim();
    if t.contains(char::is_whitespace) || t.len() < 5 || t.len() > 20 {
        return None;
    }
    let upper = t.to_ascii_uppercase();
    if !upper.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') || upper.starts_with('-') || upper.ends_with('-') || upper.contains("--") {
        return None;
    }
    let (prefix, rest) = match upper.split_once('-') {
        Some((p, r)) => (p.to_string(), r.replace('-', "")),
        // Without hyphens: the letters before the first digit, or one letter ("CABCDEFGH").
        None => {
            let split = upper.find(|c: char| c.is_ascii_digit()).filter(|i| (1..=3).contains(i)).unwrap_or(1);
            (upper[..split].to_string(), upper[split..].to_string())
        }
    };
    let ok = (1..=3).contains(&prefix.len()) && prefix.bytes().all(|b| b.is_ascii_alphabetic()) && (4..=12).contains(&rest.len());
    ok.then(|| format!("{prefix}{rest}"))
}

/// A stored reference in the same comparable form as `reference_key`.
pub fn compact_reference(reference: &str) -> String {
    reference.chars().filter(|c| *c != '-' && !c.is_whitespace()).collect::<String>().to_ascii_uppercase()
}

/// The person index's search form for a query: a date of birth, a postcode, an identifier and
/// names, in any order. "Family, Given" puts the family name first; otherwise the last name
/// is the family name. `None` when there is nothing a person could be found by.
pub fn person_form(text: &str) -> Option<SearchForm> {
    let mut form = SearchForm::default();
    let comma_first = text.split_once(',').map(|(family, _)| family.trim().to_string());
    let tokens: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == ',').filter(|t| !t.is_empty()).collect();
    let mut names: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let has_digit = t.chars().any(|c| c.is_ascii_digit());
        if !has_digit {
            names.push(t);
        } else if form.date_of_birth.is_empty() && parse_date_of_birth(t).is_ok() {
            form.date_of_birth = t.to_string();
        } else if form.identifier.is_empty() && (normalise_nhs_number(t).is_ok() || normalise_upn(t).is_ok()) {
            form.identifier = t.to_string();
        } else if form.postcode.is_empty() {
            // "AB1 2DE" is two tokens; "AB1" or "AB12DE" one.
            let pair = tokens.get(i + 1).map(|next| format!("{t} {next}"));
            match pair.filter(|p| parse_postcode_part(p).is_ok() && tokens[i + 1].starts_with(|c: char| c.is_ascii_digit())) {
                Some(p) => {
                    form.postcode = p;
                    i += 1;
                }
                None if parse_postcode_part(t).is_ok() => form.postcode = t.to_string(),
                None => {}
            }
        }
        i += 1;
    }
    match comma_first.filter(|f| !f.is_empty() && !f.chars().any(|c| c.is_ascii_digit())) {
        Some(family) => {
            let family_words = family.split_whitespace().count();
            form.family_name = family;
            form.given_name = names.iter().skip(family_words).copied().collect::<Vec<_>>().join(" ");
        }
        None => {
            if let Some((family, given)) = names.split_last() {
                form.family_name = (*family).to_string();
                form.given_name = given.join(" ");
            }
        }
    }
    let anything = !form.family_name.is_empty() || !form.date_of_birth.is_empty() || !form.identifier.is_empty();
    anything.then_some(form)
}

/// Whether a member of staff matches: every word of the query starts a word of their name or
/// their username (case and accents ignored), so "pri" and "nair priya" both find Priya Nair.
pub fn staff_matches(text: &str, display_name: &str, username: &str) -> bool {
    let fold = |s: &str| fold_diacritics(s).to_lowercase();
    let words: Vec<String> = text.split_whitespace().map(fold).collect();
    if words.is_empty() {
        return false;
    }
    let name = fold(display_name);
    let user = fold(username);
    let name_words: Vec<&str> = name.split(|c: char| c.is_whitespace() || c == '-' || c == '\'').filter(|w| !w.is_empty()).collect();
    words.iter().all(|w| name_words.iter().any(|n| n.starts_with(w.as_str())) || user.starts_with(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_read_in_any_case_with_or_without_hyphens() {
        assert_eq!(reference_key("C-100001").as_deref(), Some("C100001"));
        assert_eq!(reference_key("c100001").as_deref(), Some("C100001"));
        assert_eq!(reference_key("c-abcd-efgh").as_deref(), Some("CABCDEFGH"));
        assert_eq!(reference_key("CABCDEFGH").as_deref(), Some("CABCDEFGH"));
        assert_eq!(reference_key("RFS-AB23-CD45").as_deref(), Some("RFSAB23CD45"));
        assert_eq!(compact_reference("RFS-AB23-CD45"), "RFSAB23CD45");
        assert_eq!(reference_key("Ava Thompson"), None);
        // One word of letters could be a name or a reference: both are looked up.
        assert_eq!(reference_key("Thompson").as_deref(), Some("THOMPSON"));
        assert_eq!(reference_key("C-1"), None);
        assert_eq!(reference_key("//evil"), None);
    }

    #[test]
    fn a_reference_with_digits_is_not_searched_as_a_name() {
        let q = parse("  c-100001 ");
        assert_eq!(q.text, "c-100001");
        assert_eq!(q.reference.as_deref(), Some("C100001"));
        assert_eq!(q.person, None);
        // Letters only could be either.
        let q = parse("Al-Amin");
        assert!(q.reference.is_some());
        assert_eq!(q.person.map(|p| p.family_name).as_deref(), Some("Al-Amin"));
    }

    #[test]
    fn names_dates_postcodes_and_identifiers_go_to_their_fields() {
        let f = person_form("Eva Tomson 12/04/2016 AB1 2DE").expect("form");
        assert_eq!((f.given_name.as_str(), f.family_name.as_str()), ("Eva", "Tomson"));
        assert_eq!(f.date_of_birth, "12/04/2016");
        assert_eq!(f.postcode, "AB1 2DE");
        let f = person_form("Tomson, Eva Maria").expect("form");
        assert_eq!((f.given_name.as_str(), f.family_name.as_str()), ("Eva Maria", "Tomson"));
        let f = person_form("9434765919").expect("form");
        assert_eq!(f.identifier, "9434765919");
        assert_eq!(person_form("AB1"), None, "a postcode alone finds nobody");
        assert_eq!(parse("").person, None);
        assert!(parse("").is_empty());
    }

    #[test]
    fn staff_match_by_the_start_of_any_name_or_the_username() {
        assert!(staff_matches("pri", "Priya Nair", "rao"));
        assert!(staff_matches("nair priya", "Priya Nair", "rao"));
        assert!(staff_matches("RAO", "Priya Nair", "rao"));
        assert!(staff_matches("zoe", "Zoë O'Brien", "zob"));
        assert!(staff_matches("brien", "Zoë O'Brien", "zob"));
        assert!(!staff_matches("iya", "Priya Nair", "rao"));
        assert!(!staff_matches("", "Priya Nair", "rao"));
    }
}
