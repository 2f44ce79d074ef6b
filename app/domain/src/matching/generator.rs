//! A deterministic synthetic population for measuring the person index: families (one or two
//! parents and one to five children, siblings sharing a surname and address, some blended families
//! and double-barrelled surnames), moves, missing dates of birth and identifiers — and, for each
//! person chosen as a search subject, a *noisy search* as a call handler might type it: typos,
//! swapped letters, nicknames, phonetic misspellings, missing or mistyped dates of birth, the old
//! postcode after a move.
//!
//! Everything comes from one seeded [`SplitMix64`], so a seed always gives the same people and
//! searches. People are produced by an iterator, one family at a time: a million take seconds and
//! need not all be held. Names are generic common names from the lists below (no real person's);
//! identifiers are valid-looking but derived from the person's number, so they are unique.

use std::collections::VecDeque;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::nicknames::name_variants;
use super::normalise::{nhs_check_digit, normalise_family_name, upn_check_letter};
use super::{PersonFacts, SearchQuery};

// ---------------------------------------------------------------------------------------------
// Random numbers

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fast, well-mixed generator. Not for secrets.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (0 when `n` is 0), by Lemire's multiply-shift.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
    /// An index into a list of `n` items (0 when `n` is 0).
    pub fn index(&mut self, n: usize) -> usize {
        usize::try_from(self.below(n as u64)).unwrap_or(0)
    }
    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = u64::try_from(hi - lo).unwrap_or(0).saturating_add(1);
        lo + i64::try_from(self.below(span)).unwrap_or(0)
    }
    /// A number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.index(items.len()))
    }
    /// An index skewed towards the start of a list of `n`: the smallest of `k` uniform draws, so the
    /// first entries of a list ordered by frequency come up more often, as common names do.
    pub fn skewed(&mut self, n: usize, k: u32) -> usize {
        (0..k.max(1)).map(|_| self.index(n)).min().unwrap_or(0)
    }
}

/// A seed for one derived stream (a person's search, say) from a base seed and a number.
pub fn derive_seed(seed: u64, n: u64) -> u64 {
    SplitMix64::new(seed ^ n.wrapping_mul(0xD1B5_4A32_D192_ED03)).next_u64()
}

// ---------------------------------------------------------------------------------------------
// Name lists: generic common names reflecting the UK population, roughly most common first.

#[rustfmt::skip]
pub const GIVEN_NAMES_FEMALE: &[&str] = &[
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia", "Grace",
    "Willow", "Freya", "Florence", "Emily", "Ella", "Poppy", "Evie", "Elsie", "Charlotte", "Evelyn",
    "Sienna", "Sofia", "Daisy", "Phoebe", "Sophie", "Alice", "Harper", "Matilda", "Ruby", "Emilia",
    "Maya", "Millie", "Isabelle", "Eva", "Luna", "Esme", "Chloe", "Jessica", "Layla", "Maisie",
    "Hannah", "Aurora", "Eliza", "Arabella", "Thea", "Violet", "Bonnie", "Harriet", "Penelope",
    "Erin", "Holly", "Imogen", "Megan", "Lucy", "Molly", "Scarlett", "Zara", "Ellie", "Katie",
    "Lauren", "Rebecca", "Amy", "Bethany", "Courtney", "Chelsea", "Jade", "Shannon", "Leah",
    "Abigail", "Caitlin", "Georgia", "Niamh", "Aoife", "Siobhan", "Saoirse", "Ciara", "Orla",
    "Róisín", "Sinead", "Mairead", "Caoimhe", "Eilidh", "Mhairi", "Catriona", "Kirsty", "Morag",
    "Iona", "Ffion", "Cerys", "Seren", "Carys", "Nia", "Bethan", "Siân", "Rhiannon", "Aisha",
    "Fatima", "Maryam", "Zainab", "Khadija", "Amina", "Hafsa", "Safiya", "Inaya", "Anaya", "Aleena",
    "Hania", "Eshal", "Zoya", "Noor", "Yasmin", "Sana", "Samira", "Priya", "Anjali", "Divya",
    "Kavya", "Simran", "Jasleen", "Harleen", "Manpreet", "Gurleen", "Navneet", "Deepa", "Meera",
    "Riya", "Shreya", "Ananya", "Diya", "Precious", "Blessing", "Favour", "Chiamaka", "Adaeze",
    "Ngozi", "Funmilayo", "Temitope", "Folake", "Ama", "Akosua", "Esi", "Abena", "Nadia", "Amara",
    "Zuri", "Imani", "Shanice", "Tanisha", "Keisha", "Jada", "Aaliyah", "Zofia", "Zuzanna", "Maja",
    "Natalia", "Agnieszka", "Oliwia", "Wiktoria", "Julia", "Alicja", "Anastasia", "Daria", "Elena",
    "Ioana", "Andreea", "Bianca", "Mei", "Xin", "Ying", "Linh", "Mai", "Hoa", "Ayesha", "Hira",
    "Mahnoor", "Laiba", "Elif", "Zeynep", "Defne", "Leila", "Samantha", "Victoria", "Elizabeth",
    "Catherine", "Margaret", "Mary", "Sarah", "Laura", "Emma", "Jennifer", "Nicola", "Claire",
    "Joanne", "Michelle", "Kelly", "Stacey", "Kerry", "Donna", "Tracey", "Lisa", "Natalie",
    "Hayley", "Gemma", "Charlene", "Leanne", "Danielle", "Karen", "Susan", "Helen", "Amanda",
    "Louise", "Zoë", "Chloé", "Kayleigh", "Jasmine", "Alexandra", "Eleanor", "Abbie", "Lacey",
];

#[rustfmt::skip]
pub const GIVEN_NAMES_MALE: &[&str] = &[
    "Muhammad", "Noah", "Oliver", "George", "Arthur", "Leo", "Harry", "Oscar", "Archie", "Henry",
    "Theodore", "Freddie", "Jack", "Charlie", "Theo", "Alfie", "Jacob", "Thomas", "Finley", "Arlo",
    "William", "Lucas", "Roman", "Tommy", "Isaac", "Teddy", "Luca", "Edward", "James", "Joshua",
    "Albie", "Elijah", "Max", "Mohammed", "Reggie", "Louie", "Ronnie", "Hugo", "Jaxon", "Toby",
    "Rory", "Ethan", "Sebastian", "Joseph", "Samuel", "Daniel", "Benjamin", "Alexander", "Dylan",
    "Harrison", "Mason", "Logan", "Jake", "Jayden", "Kai", "Ryan", "Connor", "Callum", "Kieran",
    "Liam", "Aaron", "Lewis", "Jordan", "Bradley", "Nathan", "Tyler", "Reece", "Rhys", "Owen",
    "Dafydd", "Gethin", "Iwan", "Osian", "Cai", "Tomos", "Emyr", "Seán", "Ciarán", "Cillian",
    "Oisin", "Padraig", "Darragh", "Eoin", "Niall", "Conor", "Tadhg", "Fionn", "Cormac", "Ruairi",
    "Hamish", "Angus", "Lachlan", "Euan", "Fraser", "Calum", "Finlay", "Alasdair", "Murray",
    "Ahmed", "Ali", "Omar", "Hassan", "Hussain", "Ibrahim", "Yusuf", "Bilal", "Hamza", "Zayn",
    "Ayaan", "Rayyan", "Musa", "Zakariya", "Idris", "Ismail", "Abdullah", "Usman", "Imran", "Tariq",
    "Arjun", "Rohan", "Aarav", "Vihaan", "Krish", "Dev", "Ravi", "Sanjay", "Rajesh", "Harpreet",
    "Gurpreet", "Jaspreet", "Manjit", "Sukhdeep", "Amarjit", "Ranjit", "Kwame", "Kofi", "Kwabena",
    "Yaw", "Chinedu", "Chukwuemeka", "Obinna", "Emeka", "Oluwaseun", "Oluwafemi", "Tunde",
    "Adebayo", "Babatunde", "Olumide", "Segun", "Tobi", "Jamal", "Malik", "Tyrone", "Marcus",
    "Andre", "Jermaine", "Delroy", "Leon", "Kacper", "Jakub", "Szymon", "Filip", "Mateusz",
    "Bartosz", "Wojciech", "Piotr", "Tomasz", "Kamil", "Andrei", "Mihai", "Stefan", "Luka",
    "Nikola", "Wei", "Jun", "Hao", "Ming", "Minh", "Duc", "Kenji", "Mehmet", "Emre", "Can", "Kerem",
    "David", "Michael", "Christopher", "Matthew", "Andrew", "Richard", "Robert", "Paul", "Mark",
    "Stephen", "Peter", "John", "Anthony", "Gary", "Darren", "Lee", "Craig", "Wayne", "Dean",
    "Jason", "Scott", "Martin", "Neil", "Ian", "Kevin", "Simon", "Stuart", "Graham", "Philip",
    "Adam", "Luke", "Jamie", "Ben", "Sam", "Alex", "Joe", "Dan", "Chris", "Tom", "Elliott",
];

#[rustfmt::skip]
pub const SURNAMES: &[&str] = &[
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes",
    "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin",
    "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison",
    "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price",
    "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey",
    "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan", "Marshall",
    "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson", "Foster", "Chapman",
    "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain", "Campbell", "Matthews",
    "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker",
    "Fisher", "Stevens", "Jenkins", "Murray", "Dixon", "Harvey", "Graham", "Pearson", "Ahmed",
    "Fletcher", "Walsh", "Kaur", "Gibson", "Howard", "Andrews", "Stewart", "Elliott", "Reynolds",
    "Saunders", "Payne", "Fox", "Ford", "Pearce", "Day", "Brooks", "West", "Lawrence", "Cole",
    "Atkinson", "Bradley", "Spencer", "Gill", "Dawson", "Ball", "Burton", "O'Brien", "Watts",
    "Rose", "Booth", "Perry", "Ryan", "Grant", "Wells", "Armstrong", "Francis", "Rees", "Hayes",
    "Hart", "Hudson", "Newman", "Barrett", "Webster", "Hunter", "Gregory", "Carr", "Lowe", "Page",
    "Marsh", "Riley", "Dunn", "Woods", "Parsons", "Berry", "Stone", "Reid", "Holland", "Hawkins",
    "Harding", "Porter", "Robertson", "Newton", "Oliver", "Reed", "Kennedy", "Williamson", "Bird",
    "Gardner", "Shah", "Dean", "Lane", "Cooke", "Bates", "Henderson", "Parry", "Burgess", "Bishop",
    "Walton", "Burns", "Nicholson", "Shepherd", "Ross", "Cross", "Long", "Freeman", "Warren",
    "Nicholls", "Hamilton", "Byrne", "Sutton", "McDonald", "Yates", "Hodgson", "Robson", "Curtis",
    "Hopkins", "O'Connor", "Harper", "Coleman", "Watkins", "Moss", "McCarthy", "Chambers",
    "O'Neill", "Griffin", "Sharp", "Hardy", "Wheeler", "Potter", "Osborne", "Johnston", "Gordon",
    "Doyle", "Wallace", "George", "Jordan", "Hutchinson", "Rowe", "Burke", "May", "Pritchard",
    "Gilbert", "Willis", "Higgins", "Read", "Miles", "Stevenson", "Stephenson", "Hammond", "Arnold",
    "Buckley", "Walters", "Hewitt", "Barber", "Nelson", "Slater", "Austin", "Sullivan", "Whitehead",
    "Mann", "Frost", "Lambert", "Stephens", "Blake", "Akhtar", "Lynch", "Goodwin", "Barton",
    "Woodward", "Thomson", "Cunningham", "Quinn", "Barnett", "Baxter", "Bibi", "Clayton", "Nash",
    "Greenwood", "Jennings", "Holt", "Kemp", "Poole", "Gallagher", "Bartlett", "Mahmood", "Iqbal",
    "Rahman", "Hossain", "Islam", "Uddin", "Miah", "Chowdhury", "Sharma", "Kumar", "Gupta",
    "Mistry", "Parmar", "Chauhan", "Sandhu", "Dhillon", "Sidhu", "Grewal", "Okafor", "Okeke",
    "Adeyemi", "Mensah", "Boateng", "Asante", "Owusu", "Osei", "Adebayo", "Okonkwo", "Nwosu",
    "Ogunleye", "Bello", "Ibrahim", "Mohamed", "Abdi", "Farah", "Hassan", "Yusuf", "Warsame",
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
    "Zieliński", "Szymański", "Popescu", "Ionescu", "Chen", "Wang", "Li", "Zhang", "Liu", "Wong",
    "Cheung", "Nguyen", "Tran", "Pham", "Kaya", "Yilmaz", "Demir", "Da Silva", "Santos", "Ferreira",
    "Pereira", "Costa", "Rodrigues", "Fernandes", "Garcia", "Martinez", "Lopez", "Rossi", "Russo",
    "Ferrari", "MacDonald", "MacLeod", "MacKenzie", "McLean", "McGregor", "McKay", "Fraser",
    "Sinclair", "Ferguson", "Morrison", "Paterson", "Duncan", "Macintyre", "Docherty", "Boyle",
    "Devlin", "Kavanagh", "Brennan", "Donnelly", "Fitzgerald", "Gallacher", "Maguire", "McLaughlin",
    "Nolan", "O'Sullivan", "Power", "Regan", "Sweeney", "Bowen", "Pugh", "Howells", "Llewellyn",
    "Vaughan", "Prosser", "Smyth", "Schmidt", "Mohammed",
];

/// Two halves of English place-name surnames (Ash + ford, Whit + ley …): the long tail of rarer
/// surnames, which is most of the population.
#[rustfmt::skip]
const SURNAME_STARTS: &[&str] = &[
    "Ash", "Brad", "Brom", "Craw", "Hol", "Whit", "Mar", "Ather", "Black", "Brook", "Burn", "Cald",
    "Cart", "Chad", "Chil", "Clay", "Cross", "Dal", "Dar", "Den", "Dun", "East", "Elm", "Fair",
    "Farn", "Fen", "Gar", "Glen", "Gold", "Grant", "Green", "Hadd", "Hart", "Haw", "Heath", "High",
    "Hor", "Kirk", "Lang", "Lock", "Long", "Mid", "Mill", "Moor", "Ned", "Nor", "Oak", "Pen", "Rad",
    "Red", "Ridge", "Rom", "Roth", "Rush", "Sand", "Shel", "Sher", "Stan", "Stock", "Sud", "Thorn",
    "Wal", "War", "Wes", "Wick", "Wind", "Wool", "Wor", "Yar", "Bex", "Col", "Ed", "Hen", "Kel",
];
#[rustfmt::skip]
const SURNAME_ENDS: &[&str] = &[
    "ford", "ley", "ton", "wood", "field", "well", "by", "ham", "worth", "bury", "combe", "dale",
    "den", "hurst", "land", "low", "more", "stead", "thorpe", "wick", "croft", "gate", "hall",
    "hill", "ridge", "shaw", "stone", "brook", "cliffe", "man", "son", "er", "cott", "ingham",
];

#[rustfmt::skip]
const STREETS: &[&str] = &[
    "Oak", "Elm", "Ash", "Beech", "Birch", "Cedar", "Chestnut", "Hazel", "Holly", "Maple", "Rowan",
    "Willow", "Church", "Mill", "Station", "Park", "School", "Victoria", "Albert", "Queen", "King",
    "Chapel", "Bridge", "Market", "Castle", "Manor", "Orchard", "Meadow", "Spring", "Garden",
    "North", "South", "West", "East", "High", "New", "Green", "Grange", "Hill", "Valley", "Lake",
    "River", "Brook", "Forest", "Heath", "Moor", "Field", "Windmill", "Priory", "Abbey", "Cherry",
    "Poplar", "Laurel", "Primrose", "Bluebell", "Heather", "Clover", "Foxglove", "Lavender",
    "Juniper", "Stanley", "Clarence", "Nelson", "Wellington", "York", "Windsor",
];
#[rustfmt::skip]
const STREET_TYPES: &[&str] = &[
    "Road", "Street", "Avenue", "Lane", "Close", "Crescent", "Drive", "Gardens", "Grove", "Place",
    "Terrace", "Way", "Court", "View", "Rise", "Walk",
];
const TOWNS: &[&str] = &[
    "Ashby Vale",
    "Brookfield",
    "Eastmoor",
    "Northwick",
    "Westcombe",
    "Millbridge",
    "Fernley",
    "Hollowell",
];

/// The synthetic council's postcode areas: three areas, twelve districts each, eight sectors each.
const POSTCODE_AREAS: &[&str] = &["AB", "CD", "EF"];
const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

// ---------------------------------------------------------------------------------------------
// People

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HouseholdRole {
    Parent,
    Child,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
}

/// One generated person: the stored record, and the truth a caller may know that the record does
/// not (a date of birth the record lacks, the old postcode, other surnames in the household).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedPerson {
    /// 0, 1, 2 … in the order generated.
    pub id: u64,
    pub family_id: u64,
    pub role: HouseholdRole,
    pub sex: Sex,
    /// The record as the index holds it.
    pub facts: PersonFacts,
    pub true_date_of_birth: NaiveDate,
    /// Where the family lives now (the record may be out of date).
    pub true_postcode: String,
    pub true_address: String,
    /// Where the family lived before a move, whether or not the record knows.
    pub previous_postcode: Option<String>,
    pub previous_address: Option<String>,
    /// Other surnames in the household, which a caller may use for this person.
    pub other_surnames: Vec<String>,
}

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PopulationConfig {
    pub seed: u64,
    pub people: usize,
    /// Children are born up to 30 June of this year and at most 17 years before it.
    pub reference_year: i32,
}

impl Default for PopulationConfig {
    fn default() -> Self {
        PopulationConfig { seed: 2025, people: 10_000, reference_year: 2025 }
    }
}

/// The population as an iterator: exactly `config.people` people, family by family.
pub struct Population {
    rng: SplitMix64,
    remaining: usize,
    next_id: u64,
    next_family: u64,
    today: NaiveDate,
    pending: VecDeque<GeneratedPerson>,
}

impl Population {
    pub fn new(config: PopulationConfig) -> Self {
        let today = NaiveDate::from_ymd_opt(config.reference_year, 6, 30).unwrap_or_default();
        Population {
            rng: SplitMix64::new(config.seed),
            remaining: config.people,
            next_id: 0,
            next_family: 0,
            today,
            pending: VecDeque::new(),
        }
    }
}

impl Iterator for Population {
    type Item = GeneratedPerson;
    fn next(&mut self) -> Option<GeneratedPerson> {
        if self.remaining == 0 {
            return None;
        }
        if self.pending.is_empty() {
            self.family();
        }
        let person = self.pending.pop_front()?;
        self.remaining -= 1;
        Some(person)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

fn surname(r: &mut SplitMix64) -> String {
    if r.chance(0.5) {
        let i = r.skewed(SURNAMES.len(), 3);
        SURNAMES.get(i).copied().unwrap_or("Smith").to_string()
    } else {
        let a = r.pick(SURNAME_STARTS).copied().unwrap_or("Ash");
        let b = r.pick(SURNAME_ENDS).copied().unwrap_or("ford");
        format!("{a}{b}")
    }
}

fn given_name(r: &mut SplitMix64, sex: Sex) -> String {
    let list = match sex {
        Sex::Female => GIVEN_NAMES_FEMALE,
        Sex::Male => GIVEN_NAMES_MALE,
    };
    list.get(r.skewed(list.len(), 2)).copied().unwrap_or("Sam").to_string()
}

fn random_date(r: &mut SplitMix64, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days().max(0);
    from + Duration::days(r.range(0, span))
}

fn years_before(d: NaiveDate, years: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year() - years, d.month(), d.day().min(28)).unwrap_or(d)
}

fn postcode(r: &mut SplitMix64) -> String {
    let area = r.pick(POSTCODE_AREAS).copied().unwrap_or("AB");
    let district = r.range(1, 12);
    let sector = r.range(0, 7);
    let a = char::from(*r.pick(INWARD_LETTERS).unwrap_or(&b'A'));
    let b = char::from(*r.pick(INWARD_LETTERS).unwrap_or(&b'B'));
    format!("{area}{district} {sector}{a}{b}")
}

fn address(r: &mut SplitMix64) -> String {
    let number = r.range(1, 250);
    let street = r.pick(STREETS).copied().unwrap_or("Oak");
    let kind = r.pick(STREET_TYPES).copied().unwrap_or("Road");
    let town = r.pick(TOWNS).copied().unwrap_or("Brookfield");
    if r.chance(0.1) {
        format!("Flat {}, {number} {street} {kind}, {town}", r.range(1, 12))
    } else {
        format!("{number} {street} {kind}, {town}")
    }
}

/// A valid NHS number unique to `id` (about one person in eleven gets none: their nine digits
/// have no valid check digit).
pub fn synthetic_nhs_number(id: u64) -> Option<String> {
    let n = (id.wrapping_mul(7_919_393).wrapping_add(123_456_789)) % 1_000_000_000;
    let s = format!("{n:09}");
    let mut digits = [0u8; 9];
    for (d, b) in digits.iter_mut().zip(s.bytes()) {
        *d = b - b'0';
    }
    nhs_check_digit(&digits).map(|c| format!("{s}{c}"))
}

/// A valid UPN unique to `id`.
pub fn synthetic_upn(id: u64) -> Option<String> {
    let n = (id.wrapping_mul(48_271).wrapping_add(555)) % 1_000_000_000;
    let rest = format!("938{n:09}");
    upn_check_letter(&rest).map(|c| format!("{c}{rest}"))
}

impl Population {
    fn family(&mut self) {
        let family_id = self.next_family;
        self.next_family += 1;
        let today = self.today;
        let r = &mut self.rng;

        // Children first: the eldest born in the last 17 years, the others after, some twins.
        let n_children = match r.unit() {
            u if u < 0.30 => 1,
            u if u < 0.65 => 2,
            u if u < 0.85 => 3,
            u if u < 0.95 => 4,
            _ => 5,
        };
        let eldest = random_date(r, years_before(today, 17), today);
        let mut child_dobs = vec![eldest];
        while child_dobs.len() < n_children {
            let Some(prev) = child_dobs.last().copied() else { break };
            let next =
                if r.chance(0.03) { prev } else { prev + Duration::days(r.range(300, 1500)) };
            if next > today {
                break;
            }
            child_dobs.push(next);
        }
        let parent1_sex = if r.chance(0.88) { Sex::Female } else { Sex::Male };
        let parent1_dob = random_date(r, years_before(eldest, 40), years_before(eldest, 17));
        let two_parents = r.chance(0.68);
        let surname1 = surname(r);
        let partner = two_parents.then(|| {
            let sex = match parent1_sex {
                Sex::Female if r.chance(0.97) => Sex::Male,
                Sex::Male if r.chance(0.97) => Sex::Female,
                s => s,
            };
            let dob = parent1_dob + Duration::days(r.range(-2500, 2500));
            let name = if r.chance(0.55) { surname1.clone() } else { surname(r) };
            (sex, dob, name)
        });
        // Children's surname: the household's, the partner's, or both joined.
        let children_surname = match &partner {
            Some((_, _, p)) if *p != surname1 => match r.unit() {
                u if u < 0.45 => surname1.clone(),
                u if u < 0.85 => p.clone(),
                _ => format!("{surname1}-{p}"),
            },
            _ => surname1.clone(),
        };
        // A blended family: the eldest child is from an earlier relationship.
        let blended_surname = (two_parents && r.chance(0.15)).then(|| surname(r));

        let true_postcode = postcode(r);
        let true_address = address(r);
        let moved = r.chance(0.25);
        let (previous_postcode, previous_address) =
            if moved { (Some(postcode(r)), Some(address(r))) } else { (None, None) };
        // What the record knows: 40% of movers have both addresses, 35% only the new one, 25% only
        // the old one (the record was not updated).
        let record_state = r.unit();
        let (record_postcode, record_address, record_previous) = if !moved {
            (true_postcode.clone(), true_address.clone(), Vec::new())
        } else if record_state < 0.40 {
            (
                true_postcode.clone(),
                true_address.clone(),
                previous_postcode.iter().cloned().collect(),
            )
        } else if record_state < 0.75 {
            (true_postcode.clone(), true_address.clone(), Vec::new())
        } else {
            (
                previous_postcode.clone().unwrap_or_default(),
                previous_address.clone().unwrap_or_default(),
                Vec::new(),
            )
        };
        let phone = r.chance(0.8).then(|| format!("07700 {:06}", r.below(1_000_000)));

        let mut members: Vec<(HouseholdRole, Sex, NaiveDate, String)> = Vec::new();
        members.push((HouseholdRole::Parent, parent1_sex, parent1_dob, surname1.clone()));
        if let Some((sex, dob, name)) = &partner {
            members.push((HouseholdRole::Parent, *sex, *dob, name.clone()));
        }
        for (i, dob) in child_dobs.iter().enumerate() {
            let sex = if r.chance(0.5) { Sex::Female } else { Sex::Male };
            let name = match (&blended_surname, i) {
                (Some(s), 0) => s.clone(),
                _ => children_surname.clone(),
            };
            members.push((HouseholdRole::Child, sex, *dob, name));
        }
        let household_surnames: Vec<String> = {
            let mut v: Vec<String> = Vec::new();
            for (_, _, _, s) in &members {
                if !v.contains(s) {
                    v.push(s.clone());
                }
            }
            v
        };

        let mut used_given: Vec<String> = Vec::new();
        for (role, sex, dob, family_name) in members {
            let id = self.next_id;
            self.next_id += 1;
            let r = &mut self.rng;
            let mut first = given_name(r, sex);
            for _ in 0..5 {
                if !used_given.contains(&first) {
                    break;
                }
                first = given_name(r, sex);
            }
            used_given.push(first.clone());
            let given_names = if r.chance(0.4) {
                let middle = given_name(r, sex);
                if middle == first {
                    first.clone()
                } else {
                    format!("{first} {middle}")
                }
            } else {
                first
            };
            let child = role == HouseholdRole::Child;
            let age_years = today.year() - dob.year();
            let record_dob =
                if r.chance(if child { 0.01 } else { 0.05 }) { None } else { Some(dob) };
            let nhs_number = if r.chance(if child { 0.8 } else { 0.35 }) {
                synthetic_nhs_number(id)
            } else {
                None
            };
            let upn =
                if child && age_years >= 4 && r.chance(0.75) { synthetic_upn(id) } else { None };
            let la_child_id = (child && r.chance(0.35)).then(|| format!("LA{id:08}"));
            let other_surnames =
                household_surnames.iter().filter(|s| **s != family_name).cloned().collect();
            let facts = PersonFacts {
                given_names,
                family_name,
                date_of_birth: record_dob,
                postcode: Some(record_postcode.clone()),
                previous_postcodes: record_previous.clone(),
                address: Some(record_address.clone()),
                phone: phone.clone(),
                nhs_number,
                upn,
                la_child_id,
            };
            self.pending.push_back(GeneratedPerson {
                id,
                family_id,
                role,
                sex,
                facts,
                true_date_of_birth: dob,
                true_postcode: true_postcode.clone(),
                true_address: true_address.clone(),
                previous_postcode: previous_postcode.clone(),
                previous_address: previous_address.clone(),
                other_surnames,
            });
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Noisy searches

/// One kind of mistake or variation applied to a search.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Noise {
    GivenNickname,
    GivenTypo,
    GivenRespelt,
    GivenInitialOnly,
    GivenMissing,
    SurnameTypo,
    SurnameRespelt,
    SurnameOnePart,
    SurnameOther,
    SurnameMissing,
    DobMissing,
    DobOneDigit,
    DobDayMonthSwapped,
    DobYearOneOut,
    DobDigitsSwapped,
    OldPostcode,
    AccentsDropped,
}

impl Noise {
    pub fn label(self) -> &'static str {
        match self {
            Noise::GivenNickname => "given name: nickname or other form",
            Noise::GivenTypo => "given name: typo",
            Noise::GivenRespelt => "given name: phonetic misspelling",
            Noise::GivenInitialOnly => "given name: initial only",
            Noise::GivenMissing => "given name: missing",
            Noise::SurnameTypo => "surname: typo",
            Noise::SurnameRespelt => "surname: phonetic misspelling",
            Noise::SurnameOnePart => "surname: one part of a double-barrelled name",
            Noise::SurnameOther => "surname: another household surname",
            Noise::SurnameMissing => "surname: missing",
            Noise::DobMissing => "date of birth: missing",
            Noise::DobOneDigit => "date of birth: one digit wrong",
            Noise::DobDayMonthSwapped => "date of birth: day and month swapped",
            Noise::DobYearOneOut => "date of birth: year one out",
            Noise::DobDigitsSwapped => "date of birth: two digits swapped",
            Noise::OldPostcode => "postcode: the one before a move",
            Noise::AccentsDropped => "accents dropped",
        }
    }
}

/// A search made from a generated person, with the mistakes that went into it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoisyQuery {
    pub person_id: u64,
    pub query: SearchQuery,
    pub noise: Vec<Noise>,
}

/// QWERTY neighbours, for realistic typos.
fn neighbours(c: char) -> &'static str {
    match c {
        'q' => "wa",
        'w' => "qeas",
        'e' => "wrsd",
        'r' => "etdf",
        't' => "ryfg",
        'y' => "tugh",
        'u' => "yihj",
        'i' => "uojk",
        'o' => "ipkl",
        'p' => "ol",
        'a' => "qwsz",
        's' => "awedxz",
        'd' => "serfcx",
        'f' => "drtgvc",
        'g' => "ftyhbv",
        'h' => "gyujnb",
        'j' => "huikmn",
        'k' => "jiolm",
        'l' => "kop",
        'z' => "asx",
        'x' => "zsdc",
        'c' => "xdfv",
        'v' => "cfgb",
        'b' => "vghn",
        'n' => "bhjm",
        'm' => "njk",
        _ => "e",
    }
}

fn recase_like(original: &str, lower: &[char]) -> String {
    let capital = original.chars().next().is_some_and(char::is_uppercase);
    lower
        .iter()
        .enumerate()
        .map(|(i, c)| if i == 0 && capital { c.to_ascii_uppercase() } else { *c })
        .collect()
}

/// One keyboard slip: a neighbouring key, a dropped or doubled letter, or two letters swapped.
/// The first letter is usually right.
pub fn typo(r: &mut SplitMix64, s: &str) -> String {
    let mut c: Vec<char> = s.to_lowercase().chars().collect();
    if c.len() < 3 {
        return s.to_string();
    }
    let start = if r.chance(0.85) { 1 } else { 0 };
    let at = start + r.index(c.len() - start);
    match r.unit() {
        u if u < 0.35 => {
            let ns: Vec<char> = neighbours(c[at]).chars().collect();
            if let Some(n) = r.pick(&ns) {
                c[at] = *n;
            }
        }
        u if u < 0.60 => {
            c.remove(at);
        }
        u if u < 0.75 => {
            let d = c[at];
            c.insert(at, d);
        }
        _ => {
            let i = at.min(c.len() - 2);
            c.swap(i, i + 1);
        }
    }
    recase_like(s, &c)
}

/// Spellings that sound alike, (from, to), lower case.
const RESPELLINGS: &[(&str, &str)] = &[
    ("ph", "f"),
    ("f", "ph"),
    ("ck", "k"),
    ("c", "k"),
    ("k", "c"),
    ("y", "i"),
    ("i", "y"),
    ("ee", "ea"),
    ("ea", "ee"),
    ("ou", "ow"),
    ("ai", "ay"),
    ("ay", "ai"),
    ("ll", "l"),
    ("nn", "n"),
    ("tt", "t"),
    ("ss", "s"),
    ("mm", "m"),
    ("rr", "r"),
    ("th", "t"),
    ("ie", "y"),
    ("ey", "y"),
    ("ey", "ie"),
    ("s", "z"),
    ("z", "s"),
    ("ae", "a"),
    ("eigh", "ey"),
    ("son", "sen"),
    ("ine", "yn"),
    ("ah", "a"),
    ("oo", "u"),
];

/// One phonetic misspelling (Smyth for Smith, Katherine for Catherine), or `None` when no rule
/// applies.
pub fn respell(r: &mut SplitMix64, s: &str) -> Option<String> {
    let lower = s.to_lowercase();
    let options: Vec<(usize, &str, &str)> = RESPELLINGS
        .iter()
        .flat_map(|(from, to)| lower.match_indices(from).map(move |(i, _)| (i, *from, *to)))
        .collect();
    let (i, from, to) = *r.pick(&options)?;
    let changed = format!("{}{}{}", &lower[..i], to, &lower[i + from.len()..]);
    let chars: Vec<char> = changed.chars().collect();
    Some(recase_like(s, &chars))
}

fn title_case(upper: &str) -> String {
    let mut out = String::with_capacity(upper.len());
    for (i, c) in upper.chars().enumerate() {
        out.push(if i == 0 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() });
    }
    out
}

fn strip_accents(s: &str) -> String {
    super::normalise::fold_diacritics(s)
}

fn date_from_digits(d: &[u8; 8]) -> Option<NaiveDate> {
    let day = u32::from(d[0]) * 10 + u32::from(d[1]);
    let month = u32::from(d[2]) * 10 + u32::from(d[3]);
    let year =
        i32::from(d[4]) * 1000 + i32::from(d[5]) * 100 + i32::from(d[6]) * 10 + i32::from(d[7]);
    NaiveDate::from_ymd_opt(year, month, day)
}

fn dob_one_digit(r: &mut SplitMix64, d: NaiveDate) -> Option<NaiveDate> {
    let digits = super::normalise::dob_digits(d);
    for _ in 0..20 {
        let mut x = digits;
        let at = r.index(8);
        let new = u8::try_from(r.below(10)).unwrap_or(0);
        if new == x[at] {
            continue;
        }
        x[at] = new;
        if let Some(t) = date_from_digits(&x) {
            if t != d && (t.year() - d.year()).abs() <= 10 {
                return Some(t);
            }
        }
    }
    None
}

fn dob_digits_swapped(r: &mut SplitMix64, d: NaiveDate) -> Option<NaiveDate> {
    let digits = super::normalise::dob_digits(d);
    for _ in 0..20 {
        let mut x = digits;
        let at = r.index(7);
        x.swap(at, at + 1);
        if let Some(t) = date_from_digits(&x) {
            if t != d && (t.year() - d.year()).abs() <= 10 {
                return Some(t);
            }
        }
    }
    None
}

fn postcode_as_typed(r: &mut SplitMix64, p: &str) -> String {
    match r.unit() {
        u if u < 0.15 => p.to_lowercase(),
        u if u < 0.30 => p.replace(' ', ""),
        _ => p.to_string(),
    }
}

fn phone_as_typed(r: &mut SplitMix64, p: &str) -> String {
    let digits: String = p.chars().filter(char::is_ascii_digit).collect();
    match r.unit() {
        u if u < 0.3 => format!("+44 {}", digits.get(1..).unwrap_or("")),
        u if u < 0.5 => digits,
        u if u < 0.6 => format!("+44 (0){}", digits.get(1..).unwrap_or("")),
        _ => p.to_string(),
    }
}

/// The noisy search a caller might make for `person` (deterministic for a seed and person).
/// A mistyped date stays within ten years of the true one: a form refuses the rest.
pub fn noisy_query(person: &GeneratedPerson, seed: u64) -> NoisyQuery {
    let mut r = SplitMix64::new(derive_seed(seed, person.id));
    let r = &mut r;
    let mut noise: Vec<Noise> = Vec::new();
    let facts = &person.facts;

    // Given name
    let first = facts.given_names.split_whitespace().next().unwrap_or("").to_string();
    let variants: Vec<String> = name_variants(&first).into_iter().skip(1).collect();
    let given = match r.unit() {
        u if u < 0.10 && !variants.is_empty() => {
            noise.push(Noise::GivenNickname);
            r.pick(&variants).map(|v| title_case(v))
        }
        u if u < 0.15 => {
            noise.push(Noise::GivenTypo);
            Some(typo(r, &first))
        }
        u if u < 0.20 => match respell(r, &first) {
            Some(s) => {
                noise.push(Noise::GivenRespelt);
                Some(s)
            }
            None => Some(first.clone()),
        },
        u if u < 0.22 => {
            noise.push(Noise::GivenInitialOnly);
            Some(first.chars().take(1).collect())
        }
        u if u < 0.24 => {
            noise.push(Noise::GivenMissing);
            None
        }
        _ => Some(first.clone()),
    };

    // Surname
    let family = facts.family_name.clone();
    let parts = normalise_family_name(&family);
    let surname = match r.unit() {
        u if u < 0.05 => {
            noise.push(Noise::SurnameTypo);
            Some(typo(r, &family))
        }
        u if u < 0.10 => match respell(r, &family) {
            Some(s) => {
                noise.push(Noise::SurnameRespelt);
                Some(s)
            }
            None => Some(family.clone()),
        },
        u if u < 0.13 && !person.other_surnames.is_empty() => {
            noise.push(Noise::SurnameOther);
            r.pick(&person.other_surnames).cloned()
        }
        u if u < 0.14 => {
            noise.push(Noise::SurnameMissing);
            None
        }
        u if u < 0.44 && parts.is_multi_part() && family.contains('-') => {
            noise.push(Noise::SurnameOnePart);
            family.split('-').nth(r.index(2)).map(str::to_string)
        }
        _ => Some(family.clone()),
    };

    // Date of birth: the caller knows the true one, even when the record does not.
    let dob = person.true_date_of_birth;
    let date_of_birth = match r.unit() {
        u if u < 0.10 => {
            noise.push(Noise::DobMissing);
            None
        }
        u if u < 0.14 => {
            let t = dob_one_digit(r, dob);
            if t.is_some() {
                noise.push(Noise::DobOneDigit);
            }
            t.or(Some(dob))
        }
        u if u < 0.17 && dob.day() <= 12 && dob.day() != dob.month() => {
            noise.push(Noise::DobDayMonthSwapped);
            NaiveDate::from_ymd_opt(dob.year(), dob.day(), dob.month()).or(Some(dob))
        }
        u if u < 0.19 => {
            noise.push(Noise::DobYearOneOut);
            let delta = if r.chance(0.5) { 1 } else { -1 };
            NaiveDate::from_ymd_opt(dob.year() + delta, dob.month(), dob.day()).or(Some(dob))
        }
        u if u < 0.20 => {
            let t = dob_digits_swapped(r, dob);
            if t.is_some() {
                noise.push(Noise::DobDigitsSwapped);
            }
            t.or(Some(dob))
        }
        _ => Some(dob),
    };

    // A search needs a surname or a date of birth: a caller without either is asked for one.
    let date_of_birth = if surname.is_none() && date_of_birth.is_none() {
        noise.retain(|n| *n != Noise::DobMissing);
        Some(dob)
    } else {
        date_of_birth
    };

    // Postcode and address: the caller gives where the family lives now, or where they lived.
    let use_old = person.previous_postcode.is_some() && r.chance(0.4);
    let (pc, addr) = if use_old {
        (person.previous_postcode.clone(), person.previous_address.clone())
    } else {
        (Some(person.true_postcode.clone()), Some(person.true_address.clone()))
    };
    let with_postcode = r.chance(0.55);
    if with_postcode && use_old {
        noise.push(Noise::OldPostcode);
    }
    let postcode = if with_postcode { pc.map(|p| postcode_as_typed(r, &p)) } else { None };
    let address = if r.chance(0.15) { addr } else { None };
    let phone =
        if r.chance(0.08) { facts.phone.as_deref().map(|p| phone_as_typed(r, p)) } else { None };
    let nhs_number = if r.chance(0.06) { facts.nhs_number.clone() } else { None };
    let upn = if r.chance(0.02) { facts.upn.clone() } else { None };
    let la_child_id =
        if r.chance(0.04) { facts.la_child_id.as_deref().map(str::to_lowercase) } else { None };

    // How it was typed: accents often dropped, sometimes all capitals or all lower case.
    let accents = r.chance(0.5);
    let case = r.unit();
    let style = |s: String| -> String {
        let s = if accents { strip_accents(&s) } else { s };
        match case {
            c if c < 0.08 => s.to_uppercase(),
            c if c < 0.16 => s.to_lowercase(),
            _ => s,
        }
    };
    let given = given.map(&style);
    let surname = surname.map(&style);
    if accents && (!facts.given_names.is_ascii() || !facts.family_name.is_ascii()) {
        noise.push(Noise::AccentsDropped);
    }

    NoisyQuery {
        person_id: person.id,
        query: SearchQuery {
            given_name: given,
            family_name: surname,
            date_of_birth,
            postcode,
            address,
            phone,
            nhs_number,
            upn,
            la_child_id,
        },
        noise,
    }
}
