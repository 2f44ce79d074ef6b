//! National code lists (../shared/reference/codes-and-timescales.md): recorded with these codes
//! so the DfE census and Ofsted Annex A exports are exact.

/// Contact and referral source (CIN census item N00152; Annex A "Contact Source").
pub const CONTACT_SOURCES: &[(&str, &str)] = &[
    ("1A", "Individual: family member, relative or carer"),
    ("1B", "Individual: acquaintance (including neighbours and child minders)"),
    ("1C", "Individual: self"),
    ("1D", "Individual: other (including strangers or MPs)"),
    ("2A", "Schools"),
    ("2B", "Education services"),
    ("3A", "Health services: GP"),
    ("3B", "Health services: health visitor"),
    ("3C", "Health services: school nurse"),
    ("3D", "Health services: other primary health services"),
    ("3E", "Health services: A&E"),
    ("3F", "Health services: other (for example hospice)"),
    ("4", "Housing: local authority housing or housing association"),
    ("5A", "LA services: social care (for example adults' social care)"),
    ("5B", "LA services: other internal services"),
    ("5C", "LA services: external, from another local authority"),
    ("5D", "LA services: early help"),
    ("6", "Police"),
    ("7", "Other legal agency (courts, probation, immigration, CAFCASS, prison)"),
    ("8", "Other (children's centres, independent providers, voluntary organisations)"),
    ("9", "Anonymous"),
    ("10", "Unknown"),
];

/// The words for a contact source code, if it is one.
pub fn contact_source_label(code: &str) -> Option<&'static str> {
    CONTACT_SOURCES.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// Primary need (CIN item N00101), the "CIN code".
pub const PRIMARY_NEEDS: &[(&str, &str)] = &[
    ("N1", "Abuse or neglect"),
    ("N2", "Child's disability"),
    ("N3", "Parental disability or illness"),
    ("N4", "Family in acute stress"),
    ("N5", "Family dysfunction"),
    ("N6", "Socially unacceptable behaviour"),
    ("N7", "Low income"),
    ("N8", "Absent parenting"),
    ("N9", "Cases other than children in need"),
    ("N0", "Not stated"),
];

pub fn primary_need_label(code: &str) -> Option<&'static str> {
    PRIMARY_NEEDS.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// Gender as Ofsted's Annex A records it (common column "Gender"): the stored slug, the Annex A
/// code and the words.
pub const GENDERS: &[(&str, &str, &str)] = &[
    ("male", "a", "Male"),
    ("female", "b", "Female"),
    ("not_stated", "c", "Not stated or recorded"),
    ("neither", "d", "Neither"),
];

/// Gender when nobody has recorded it.
pub const GENDER_NOT_STATED: &str = "not_stated";

/// The Annex A code ("a".."d") for a stored gender slug; anything unknown is "not stated".
pub fn gender_annex_a_code(slug: &str) -> &'static str {
    GENDERS.iter().find(|(s, ..)| *s == slug).map(|(_, c, _)| *c).unwrap_or("c")
}

pub fn gender_label(slug: &str) -> Option<&'static str> {
    GENDERS.iter().find(|(s, ..)| *s == slug).map(|(.., l)| *l)
}

/// Ethnicity (DfE main codes, used by the CIN census and Annex A).
pub const ETHNICITIES: &[(&str, &str)] = &[
    ("WBRI", "White: British"),
    ("WIRI", "White: Irish"),
    ("WIRT", "White: Traveller of Irish heritage"),
    ("WROM", "White: Gypsy or Roma"),
    ("WOTH", "White: any other White background"),
    ("MWBC", "Mixed: White and Black Caribbean"),
    ("MWBA", "Mixed: White and Black African"),
    ("MWAS", "Mixed: White and Asian"),
    ("MOTH", "Mixed: any other mixed background"),
    ("AIND", "Asian or Asian British: Indian"),
    ("APKN", "Asian or Asian British: Pakistani"),
    ("ABAN", "Asian or Asian British: Bangladeshi"),
    ("AOTH", "Asian or Asian British: any other Asian background"),
    ("BCRB", "Black or Black British: Caribbean"),
    ("BAFR", "Black or Black British: African"),
    ("BOTH", "Black or Black British: any other Black background"),
    ("CHNE", "Chinese"),
    ("OOTH", "Any other ethnic group"),
    ("REFU", "Refused"),
    ("NOBT", "Information not yet obtained"),
];

/// Ethnicity when nobody has recorded it.
pub const ETHNICITY_NOT_OBTAINED: &str = "NOBT";

pub fn ethnicity_label(code: &str) -> Option<&'static str> {
    ETHNICITIES.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// A reference people can read out on the phone: the prefix and eight characters from an
/// alphabet without 0/O or 1/I, from the caller's random bytes (the domain has no randomness).
pub fn readable_reference(prefix: &str, random: [u8; 8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let chars: String = random.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect();
    format!("{prefix}-{}-{}", &chars[..4], &chars[4..])
}

/// The contact source a caller kind suggests before the handler picks the exact code.
pub fn default_source_for(caller_kind: crate::rules::CallerKind) -> &'static str {
    use crate::rules::CallerKind::*;
    match caller_kind {
        Professional => "10",
        ParentOrCarer => "1A",
        MemberOfPublic => "1D",
        Anonymous => "9",
        ChildOrYoungPerson => "1C",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_labelled() {
        let mut seen = std::collections::HashSet::new();
        for (c, l) in CONTACT_SOURCES.iter().chain(PRIMARY_NEEDS) {
            assert!(seen.insert(*c), "{c} twice");
            assert!(!l.is_empty());
        }
        assert_eq!(CONTACT_SOURCES.len(), 22);
        for (c, _) in ETHNICITIES {
            assert!(seen.insert(*c), "{c} twice");
            assert_eq!(c.len(), 4, "DfE ethnicity codes are four letters");
        }
        assert_eq!(gender_annex_a_code("female"), "b");
        assert_eq!(gender_annex_a_code("anything else"), "c");
        assert_eq!(ethnicity_label(ETHNICITY_NOT_OBTAINED), Some("Information not yet obtained"));
        assert_eq!(contact_source_label("9"), Some("Anonymous"));
        assert_eq!(contact_source_label("11"), None);
    }

    #[test]
    fn references_avoid_confusable_characters() {
        let r = readable_reference("C", [0, 8, 14, 31, 32, 255, 7, 100]);
        assert_eq!(r.len(), "C-XXXX-XXXX".len());
        assert!(!r[2..].contains(['0', 'O', '1', 'I']));
        assert_eq!(readable_reference("C", [0; 8]), "C-AAAA-AAAA");
    }
}
