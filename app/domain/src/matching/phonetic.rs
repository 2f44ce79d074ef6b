//! Phonetic keys for names: Double Metaphone (Lawrence Philips, 2000), written here in plain Rust,
//! plus a thin layer for British spellings ([`phonetic_key`]).
//!
//! Double Metaphone reduces a name to up to four consonant sounds, with a *primary* and an
//! *alternate* code where a spelling has two common pronunciations (Smith: SM0 and XMT; Schmidt:
//! XMT and SMT). Two names "sound the same" when any code of one equals any code of the other.
//! Vowels count only at the start (as "A"), which is why vowel typos rarely change the code.

use serde::{Deserialize, Serialize};

use super::normalise::fold_diacritics;

/// The two Double Metaphone codes of a name. They are equal for most names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PhoneticCode {
    pub primary: String,
    pub alternate: String,
}

impl PhoneticCode {
    /// True when any code of `self` equals any code of `other` (and neither is empty).
    pub fn sounds_like(&self, other: &PhoneticCode) -> bool {
        let mine = [self.primary.as_str(), self.alternate.as_str()];
        let theirs = [other.primary.as_str(), other.alternate.as_str()];
        mine.iter().any(|m| !m.is_empty() && theirs.contains(m))
    }
    /// The distinct, non-empty codes: one or two.
    pub fn codes(&self) -> Vec<&str> {
        let mut v = Vec::with_capacity(2);
        if !self.primary.is_empty() {
            v.push(self.primary.as_str());
        }
        if !self.alternate.is_empty() && self.alternate != self.primary {
            v.push(self.alternate.as_str());
        }
        v
    }
}

/// The standard code length.
pub const CODE_LENGTH: usize = 4;

/// Double Metaphone with the standard four-character codes.
pub fn double_metaphone(name: &str) -> PhoneticCode {
    double_metaphone_with_length(name, CODE_LENGTH)
}

/// The phonetic key the person index uses: Double Metaphone of the name after the British
/// respellings below. Use this, not [`double_metaphone`], when comparing names.
///
/// - A silent P between M and S or T: Thompson sounds as Thomson and Tomson; Sampson as Samson.
/// - "Mac" folds to "Mc" (done by `normalise`), so MacDonald and McDonald share a key.
pub fn phonetic_key(name: &str) -> PhoneticCode {
    let upper = prepare(name);
    let mut respelt: Vec<u8> = Vec::with_capacity(upper.len());
    for (i, c) in upper.iter().enumerate() {
        let silent_p = *c == b'P'
            && i > 0
            && upper[i - 1] == b'M'
            && matches!(upper.get(i + 1), Some(b'S') | Some(b'T'));
        if !silent_p {
            respelt.push(*c);
        }
    }
    encode(&respelt, CODE_LENGTH)
}

/// Double Metaphone with codes of at most `max_len` characters (0 means unlimited).
pub fn double_metaphone_with_length(name: &str, max_len: usize) -> PhoneticCode {
    encode(&prepare(name), max_len)
}

/// Upper-case ASCII letters and single spaces. Ç and Ñ keep their sounds (S, N); other accents
/// fold to the plain letter; apostrophes vanish (O'Neill → ONEILL); hyphens become spaces.
fn prepare(name: &str) -> Vec<u8> {
    let mut pre = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            'Ç' | 'ç' => pre.push('S'),
            'Ñ' | 'ñ' => pre.push('N'),
            _ => pre.push(c),
        }
    }
    let folded = fold_diacritics(&pre);
    let mut out: Vec<u8> = Vec::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphabetic() {
            out.push(c.to_ascii_uppercase() as u8);
        } else if (c.is_whitespace() || c == '-') && out.last().is_some_and(|l| *l != b' ') {
            out.push(b' ');
        }
    }
    while out.last() == Some(&b' ') {
        out.pop();
    }
    out
}

fn encode(word: &[u8], max_len: usize) -> PhoneticCode {
    if word.is_empty() {
        return PhoneticCode::default();
    }
    let max = if max_len == 0 { usize::MAX } else { max_len };
    let mut e = Encoder { w: word, primary: String::new(), alternate: String::new(), max };
    e.run();
    PhoneticCode { primary: e.primary, alternate: e.alternate }
}

const VOWELS: &[u8] = b"AEIOUY";

struct Encoder<'a> {
    w: &'a [u8],
    primary: String,
    alternate: String,
    max: usize,
}

impl Encoder<'_> {
    fn len(&self) -> isize {
        self.w.len() as isize
    }
    fn last(&self) -> isize {
        self.len() - 1
    }
    /// The letter at `i`, or 0 outside the word.
    fn at(&self, i: isize) -> u8 {
        if i < 0 {
            return 0;
        }
        self.w.get(i as usize).copied().unwrap_or(0)
    }
    fn vowel(&self, i: isize) -> bool {
        let c = self.at(i);
        c != 0 && VOWELS.contains(&c)
    }
    /// True when one of `options` is spelt starting at `i`.
    fn has(&self, i: isize, options: &[&str]) -> bool {
        if i < 0 {
            return false;
        }
        let start = i as usize;
        options.iter().any(|o| {
            let o = o.as_bytes();
            start + o.len() <= self.w.len() && &self.w[start..start + o.len()] == o
        })
    }
    fn push(code: &mut String, s: &str, max: usize) {
        for c in s.chars() {
            if code.len() < max {
                code.push(c);
            }
        }
    }
    fn add(&mut self, s: &str) {
        Self::push(&mut self.primary, s, self.max);
        Self::push(&mut self.alternate, s, self.max);
    }
    fn add2(&mut self, p: &str, a: &str) {
        Self::push(&mut self.primary, p, self.max);
        Self::push(&mut self.alternate, a, self.max);
    }
    fn add_primary(&mut self, p: &str) {
        Self::push(&mut self.primary, p, self.max);
    }
    fn add_alternate(&mut self, a: &str) {
        Self::push(&mut self.alternate, a, self.max);
    }
    fn complete(&self) -> bool {
        self.primary.len() >= self.max && self.alternate.len() >= self.max
    }
    /// Skips a doubled letter: returns the next index after `c` at `i`.
    fn skip_double(&self, i: isize, c: u8) -> isize {
        if self.at(i + 1) == c {
            i + 2
        } else {
            i + 1
        }
    }

    fn slavo_germanic(&self) -> bool {
        let w = self.w;
        w.contains(&b'W') || w.contains(&b'K') || w.windows(2).any(|p| p == b"CZ")
    }

    fn run(&mut self) {
        let slavo = self.slavo_germanic();
        // Silent first letters: GNome, KNight, PNeumatic, WRight, PSychology.
        let mut i: isize = if self.has(0, &["GN", "KN", "PN", "WR", "PS"]) { 1 } else { 0 };
        while !self.complete() && i < self.len() {
            i = match self.at(i) {
                b'A' | b'E' | b'I' | b'O' | b'U' | b'Y' => {
                    if i == 0 {
                        self.add("A");
                    }
                    i + 1
                }
                b'B' => {
                    self.add("P");
                    self.skip_double(i, b'B')
                }
                b'C' => self.c(i),
                b'D' => self.d(i),
                b'F' => {
                    self.add("F");
                    self.skip_double(i, b'F')
                }
                b'G' => self.g(i, slavo),
                b'H' => self.h(i),
                b'J' => self.j(i, slavo),
                b'K' => {
                    self.add("K");
                    self.skip_double(i, b'K')
                }
                b'L' => self.l(i),
                b'M' => {
                    self.add("M");
                    let umb = self.has(i - 1, &["UMB"])
                        && (i + 1 == self.last() || self.has(i + 2, &["ER"]));
                    if self.at(i + 1) == b'M' || umb {
                        i + 2
                    } else {
                        i + 1
                    }
                }
                b'N' => {
                    self.add("N");
                    self.skip_double(i, b'N')
                }
                b'P' => {
                    if self.at(i + 1) == b'H' {
                        self.add("F");
                        i + 2
                    } else {
                        self.add("P");
                        if self.has(i + 1, &["P", "B"]) {
                            i + 2
                        } else {
                            i + 1
                        }
                    }
                }
                b'Q' => {
                    self.add("K");
                    self.skip_double(i, b'Q')
                }
                b'R' => {
                    // French final -IER: Rogier is "ROJAY" in French, with an R in English.
                    if i == self.last()
                        && !slavo
                        && self.has(i - 2, &["IE"])
                        && !self.has(i - 4, &["ME", "MA"])
                    {
                        self.add_alternate("R");
                    } else {
                        self.add("R");
                    }
                    self.skip_double(i, b'R')
                }
                b'S' => self.s(i, slavo),
                b'T' => self.t(i),
                b'V' => {
                    self.add("F");
                    self.skip_double(i, b'V')
                }
                b'W' => self.w(i),
                b'X' => {
                    if i == 0 {
                        // Xavier
                        self.add("S");
                        i + 1
                    } else {
                        // French final -AUX, -OUX is silent.
                        let silent = i == self.last()
                            && (self.has(i - 3, &["IAU", "EAU"]) || self.has(i - 2, &["AU", "OU"]));
                        if !silent {
                            self.add("KS");
                        }
                        if self.has(i + 1, &["C", "X"]) {
                            i + 2
                        } else {
                            i + 1
                        }
                    }
                }
                b'Z' => {
                    if self.at(i + 1) == b'H' {
                        // Chinese pinyin: Zhao, Zhang.
                        self.add("J");
                        i + 2
                    } else {
                        if self.has(i + 1, &["ZO", "ZI", "ZA"])
                            || (slavo && i > 0 && self.at(i - 1) != b'T')
                        {
                            self.add2("S", "TS");
                        } else {
                            self.add("S");
                        }
                        self.skip_double(i, b'Z')
                    }
                }
                _ => i + 1,
            };
        }
    }

    fn c(&mut self, i: isize) -> isize {
        if self.c_as_k_after_ach(i) {
            self.add("K");
            return i + 2;
        }
        if i == 0 && self.has(i, &["CAESAR"]) {
            self.add("S");
            return i + 2;
        }
        if self.has(i, &["CH"]) {
            return self.ch(i);
        }
        if self.has(i, &["CZ"]) && !self.has(i - 2, &["WICZ"]) {
            // Czerny
            self.add2("S", "X");
            return i + 2;
        }
        if self.has(i + 1, &["CIA"]) {
            // Focaccia
            self.add("X");
            return i + 3;
        }
        if self.has(i, &["CC"]) && !(i == 1 && self.at(0) == b'M') {
            // Double C, but not McClelland.
            if self.has(i + 2, &["I", "E", "H"]) && !self.has(i + 2, &["HU"]) {
                if (i == 1 && self.at(i - 1) == b'A') || self.has(i - 1, &["UCCEE", "UCCES"]) {
                    // Accident, succeed.
                    self.add("KS");
                } else {
                    // Bacci, Bertucci.
                    self.add("X");
                }
                return i + 3;
            }
            // Pierce's rule: Bacchus, McCabe.
            self.add("K");
            return i + 2;
        }
        if self.has(i, &["CK", "CG", "CQ"]) {
            self.add("K");
            return i + 2;
        }
        if self.has(i, &["CI", "CE", "CY"]) {
            if self.has(i, &["CIO", "CIE", "CIA"]) {
                self.add2("S", "X");
            } else {
                self.add("S");
            }
            return i + 2;
        }
        self.add("K");
        if self.has(i + 1, &[" C", " Q", " G"]) {
            // Mac Caffrey, Mac Gregor.
            i + 3
        } else if self.has(i + 1, &["C", "K", "Q"]) && !self.has(i + 1, &["CE", "CI"]) {
            i + 2
        } else {
            i + 1
        }
    }

    /// -ACH- sounding K (Bacher, Macher, Bach), and CHIA (Chianti).
    fn c_as_k_after_ach(&self, i: isize) -> bool {
        if self.has(i, &["CHIA"]) {
            return true;
        }
        if i <= 1 || self.vowel(i - 2) || !self.has(i - 1, &["ACH"]) {
            return false;
        }
        let next = self.at(i + 2);
        (next != b'I' && next != b'E') || self.has(i - 2, &["BACHER", "MACHER"])
    }

    fn ch(&mut self, i: isize) -> isize {
        if i > 0 && self.has(i, &["CHAE"]) {
            // Michael
            self.add2("K", "X");
            return i + 2;
        }
        let greek_start = i == 0
            && (self.has(i + 1, &["HARAC", "HARIS"])
                || self.has(i + 1, &["HOR", "HYM", "HIA", "HEM"]))
            && !self.has(0, &["CHORE"]);
        let germanic = self.has(0, &["VAN ", "VON ", "SCH"])
            || self.has(i - 2, &["ORCHES", "ARCHIT", "ORCHID"])
            || self.has(i + 2, &["T", "S"])
            || ((self.has(i - 1, &["A", "O", "U", "E"]) || i == 0)
                && (self.has(i + 2, &["L", "R", "N", "M", "B", "H", "F", "V", "W", " "])
                    || i + 1 == self.last()));
        if greek_start || germanic {
            self.add("K");
        } else if i > 0 {
            if self.has(0, &["MC"]) {
                // McHugh
                self.add("K");
            } else {
                self.add2("X", "K");
            }
        } else {
            self.add("X");
        }
        i + 2
    }

    fn d(&mut self, i: isize) -> isize {
        if self.has(i, &["DG"]) {
            if self.has(i + 2, &["I", "E", "Y"]) {
                // Edge
                self.add("J");
                return i + 3;
            }
            // Edgar
            self.add("TK");
            return i + 2;
        }
        self.add("T");
        if self.has(i, &["DT", "DD"]) {
            i + 2
        } else {
            i + 1
        }
    }

    fn g(&mut self, i: isize, slavo: bool) -> isize {
        let next = self.at(i + 1);
        if next == b'H' {
            return self.gh(i);
        }
        if next == b'N' {
            if i == 1 && self.vowel(0) && !slavo {
                self.add2("KN", "N");
            } else if !self.has(i + 2, &["EY"]) && !slavo {
                self.add2("N", "KN");
            } else {
                self.add("KN");
            }
            return i + 2;
        }
        if self.has(i + 1, &["LI"]) && !slavo {
            // Tagliaro
            self.add2("KL", "L");
            return i + 2;
        }
        if i == 0
            && (next == b'Y'
                || self.has(
                    i + 1,
                    &["ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE", "EI", "ER"],
                ))
        {
            self.add2("K", "J");
            return i + 2;
        }
        if (self.has(i + 1, &["ER"]) || next == b'Y')
            && !self.has(0, &["DANGER", "RANGER", "MANGER"])
            && !self.has(i - 1, &["E", "I"])
            && !self.has(i - 1, &["RGY", "OGY"])
        {
            // -GER-, -GY-
            self.add2("K", "J");
            return i + 2;
        }
        if self.has(i + 1, &["E", "I", "Y"]) || self.has(i - 1, &["AGGI", "OGGI"]) {
            if self.has(0, &["VAN ", "VON ", "SCH"]) || self.has(i + 1, &["ET"]) {
                self.add("K");
            } else if self.has(i + 1, &["IER"]) {
                self.add("J");
            } else {
                self.add2("J", "K");
            }
            return i + 2;
        }
        self.add("K");
        if next == b'G' {
            i + 2
        } else {
            i + 1
        }
    }

    fn gh(&mut self, i: isize) -> isize {
        if i > 0 && !self.vowel(i - 1) {
            self.add("K");
            return i + 2;
        }
        if i == 0 {
            // Ghislane, Ghiradelli: J; Ghost: K.
            if self.at(i + 2) == b'I' {
                self.add("J");
            } else {
                self.add("K");
            }
            return i + 2;
        }
        // Parker's rule: Hugh, bough, broughton.
        if (i > 1 && self.has(i - 2, &["B", "H", "D"]))
            || (i > 2 && self.has(i - 3, &["B", "H", "D"]))
            || (i > 3 && self.has(i - 4, &["B", "H"]))
        {
            return i + 2;
        }
        if i > 2 && self.at(i - 1) == b'U' && self.has(i - 3, &["C", "G", "L", "R", "T"]) {
            // Laugh, McLaughlin, cough, tough.
            self.add("F");
        } else if i > 0 && self.at(i - 1) != b'I' {
            self.add("K");
        }
        i + 2
    }

    fn h(&mut self, i: isize) -> isize {
        // Kept only at the start or between vowels, before a vowel.
        if (i == 0 || self.vowel(i - 1)) && self.vowel(i + 1) {
            self.add("H");
            i + 2
        } else {
            i + 1
        }
    }

    fn j(&mut self, i: isize, slavo: bool) -> isize {
        if self.has(i, &["JOSE"]) || self.has(0, &["SAN "]) {
            // Spanish: Jose, San Jacinto.
            if (i == 0 && self.at(i + 4) == b' ') || self.len() == 4 || self.has(0, &["SAN "]) {
                self.add("H");
            } else {
                self.add2("J", "H");
            }
            return i + 1;
        }
        if i == 0 {
            // Jankelowicz: J or A (as Y).
            self.add2("J", "A");
        } else if self.vowel(i - 1) && !slavo && matches!(self.at(i + 1), b'A' | b'O') {
            // Bajador
            self.add2("J", "H");
        } else if i == self.last() {
            self.add_primary("J");
        } else if !self.has(i + 1, &["L", "T", "K", "S", "N", "M", "B", "Z"])
            && !self.has(i - 1, &["S", "K", "L"])
        {
            self.add("J");
        }
        self.skip_double(i, b'J')
    }

    fn l(&mut self, i: isize) -> isize {
        if self.at(i + 1) == b'L' {
            // Spanish -LLO, -LLA, -ALLE: Cabrillo, Gallegos (L in English only).
            let len = self.len();
            let spanish = (i == len - 3 && self.has(i - 1, &["ILLO", "ILLA", "ALLE"]))
                || ((self.has(len - 2, &["AS", "OS"]) || self.has(len - 1, &["A", "O"]))
                    && self.has(i - 1, &["ALLE"]));
            if spanish {
                self.add_primary("L");
            } else {
                self.add("L");
            }
            return i + 2;
        }
        self.add("L");
        i + 1
    }

    fn s(&mut self, i: isize, slavo: bool) -> isize {
        if self.has(i - 1, &["ISL", "YSL"]) {
            // Island, isle, Carlisle, Carlysle.
            return i + 1;
        }
        if i == 0 && self.has(i, &["SUGAR"]) {
            self.add2("X", "S");
            return i + 1;
        }
        if self.has(i, &["SH"]) {
            if self.has(i + 1, &["HEIM", "HOEK", "HOLM", "HOLZ"]) {
                self.add("S");
            } else {
                self.add("X");
            }
            return i + 2;
        }
        if self.has(i, &["SIO", "SIA"]) {
            // Italian and Armenian: -SIAN, -SIO.
            if slavo {
                self.add("S");
            } else {
                self.add2("S", "X");
            }
            return i + 3;
        }
        if (i == 0 && self.has(i + 1, &["M", "N", "L", "W"])) || self.has(i + 1, &["Z"]) {
            // Smith ~ Schmidt, Snider ~ Schneider; -SZ- in Slavic names.
            self.add2("S", "X");
            return if self.has(i + 1, &["Z"]) { i + 2 } else { i + 1 };
        }
        if self.has(i, &["SC"]) {
            if self.at(i + 2) == b'H' {
                // Schlesinger's rule.
                if self.has(i + 3, &["OO", "ER", "EN", "UY", "ED", "EM"]) {
                    // Dutch: school, schooner; Schermerhorn, Schenker.
                    if self.has(i + 3, &["ER", "EN"]) {
                        self.add2("X", "SK");
                    } else {
                        self.add("SK");
                    }
                } else if i == 0 && !self.vowel(3) && self.at(3) != b'W' {
                    self.add2("X", "S");
                } else {
                    self.add("X");
                }
            } else if self.has(i + 2, &["I", "E", "Y"]) {
                self.add("S");
            } else {
                self.add("SK");
            }
            return i + 3;
        }
        if i == self.last() && self.has(i - 2, &["AI", "OI"]) {
            // French: Resnais, Artois.
            self.add_alternate("S");
        } else {
            self.add("S");
        }
        if self.has(i + 1, &["S", "Z"]) {
            i + 2
        } else {
            i + 1
        }
    }

    fn t(&mut self, i: isize) -> isize {
        if self.has(i, &["TION", "TIA", "TCH"]) {
            self.add("X");
            return i + 3;
        }
        if self.has(i, &["TH", "TTH"]) {
            if self.has(i + 2, &["OM", "AM"]) || self.has(0, &["VAN ", "VON ", "SCH"]) {
                // Thomas, Thames.
                self.add("T");
            } else {
                self.add2("0", "T");
            }
            return i + 2;
        }
        self.add("T");
        if self.has(i + 1, &["T", "D"]) {
            i + 2
        } else {
            i + 1
        }
    }

    fn w(&mut self, i: isize) -> isize {
        if self.has(i, &["WR"]) {
            self.add("R");
            return i + 2;
        }
        if i == 0 && (self.vowel(i + 1) || self.has(i, &["WH"])) {
            if self.vowel(i + 1) {
                // Wasserman ~ Vasserman.
                self.add2("A", "F");
            } else {
                // Uomo ~ Womo.
                self.add("A");
            }
            return i + 1;
        }
        if (i == self.last() && self.vowel(i - 1))
            || self.has(i - 1, &["EWSKI", "EWSKY", "OWSKI", "OWSKY"])
            || self.has(0, &["SCH"])
        {
            // Arnow ~ Arnoff.
            self.add_alternate("F");
            return i + 1;
        }
        if self.has(i, &["WICZ", "WITZ"]) {
            // Polish: Filipowicz.
            self.add2("TS", "FX");
            return i + 4;
        }
        i + 1
    }
}
