//! Given-name variants: common English nicknames (Bill for William, Kate for Catherine), and
//! spellings of one name that a phonetic code cannot join (Irish, Welsh and Scots Gaelic forms,
//! transliterations from Arabic, Polish and Yoruba). Each entry is a canonical name and the names
//! people use for it. A name may belong to several entries: Alex is Alexander or Alexandra; Sam is
//! Samuel or Samantha. Two given names are *variants* when they share an entry.
//!
//! The table is data, not rules: adding a line adds a variant; nothing else needs to change.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::normalise::first_given_name;

/// Canonical name, then the names that stand for it.
#[rustfmt::skip]
pub const NAME_VARIANTS: &[(&str, &[&str])] = &[
    // Men's names
    ("William", &["Bill", "Billy", "Will", "Willie", "Willy", "Wills", "Liam", "Gwilym"]),
    ("Robert", &["Bob", "Bobby", "Rob", "Robbie", "Robby", "Bert", "Bertie", "Rab"]),
    ("Richard", &["Dick", "Rich", "Richie", "Rick", "Ricky", "Dicky"]),
    ("James", &["Jim", "Jimmy", "Jimmie", "Jamie", "Jas", "Jay", "Seamus", "Shamus", "Hamish",
        "Jakub"]),
    ("John", &["Jack", "Johnny", "Johnnie", "Jon", "Jonny", "Sean", "Jan", "Ian", "Evan", "Ioan"]),
    ("Jonathan", &["Jon", "Jonny", "Johnny", "Jonty", "Jono"]),
    ("Joseph", &["Joe", "Joey", "Jo", "Joss", "Josef", "Jozef"]),
    ("Thomas", &["Tom", "Tommy", "Thom", "Tomos", "Tomasz", "Tam"]),
    ("Edward", &["Ed", "Eddie", "Eddy", "Ted", "Teddy", "Ned", "Edd"]),
    ("Charles", &["Charlie", "Charley", "Chas", "Chaz", "Chuck", "Carl"]),
    ("Michael", &["Mike", "Mikey", "Mick", "Micky", "Mickey", "Michal", "Mikhail", "Micheal"]),
    ("Christopher", &["Chris", "Kit", "Christy", "Topher", "Krzysztof"]),
    ("Alexander", &["Alex", "Alec", "Alexis", "Sandy", "Sasha", "Sacha", "Xander", "Zander", "Lex",
        "Aleksander", "Alasdair", "Alistair", "Alastair"]),
    ("Andrew", &["Andy", "Drew", "Andrzej", "Aindrea"]),
    ("Anthony", &["Tony", "Ant", "Antony", "Anton", "Antoni"]),
    ("Benjamin", &["Ben", "Benny", "Benji", "Benjy"]),
    ("Daniel", &["Dan", "Danny", "Dani"]),
    ("David", &["Dave", "Davey", "Davie", "Dai", "Dafydd", "Dewi", "Dawid"]),
    ("Stephen", &["Steve", "Steven", "Stevie", "Stephan", "Stefan", "Steph"]),
    ("Samuel", &["Sam", "Sammy", "Sammie"]),
    ("Patrick", &["Pat", "Paddy", "Padraig", "Patsy"]),
    ("Peter", &["Pete", "Piotr", "Pedro"]),
    ("Paul", &["Pawel", "Pablo", "Pol"]),
    ("Matthew", &["Matt", "Matty", "Mat", "Mateusz", "Mathew"]),
    ("Nicholas", &["Nick", "Nicky", "Nico", "Nik", "Nicolas", "Mikolaj"]),
    ("Philip", &["Phil", "Pip", "Phillip", "Filip"]),
    ("Henry", &["Harry", "Hal", "Hank", "Hen", "Henri", "Henryk"]),
    ("Harold", &["Harry", "Hal"]),
    ("Frederick", &["Fred", "Freddie", "Freddy", "Fritz"]),
    ("Alfred", &["Alf", "Alfie", "Fred", "Freddie"]),
    ("Albert", &["Al", "Bert", "Bertie", "Albie"]),
    ("Archibald", &["Archie", "Archy"]),
    ("Arthur", &["Art", "Artie"]),
    ("Francis", &["Frank", "Frankie", "Fran", "Franciszek"]),
    ("Gabriel", &["Gabe", "Gabi"]),
    ("George", &["Georgie", "Geordie", "Jerzy"]),
    ("Gregory", &["Greg", "Gregor", "Grzegorz"]),
    ("Jacob", &["Jake", "Jakob", "Jack", "Jakub", "Yakub", "Yaqub"]),
    ("Joshua", &["Josh", "Joss"]),
    ("Kenneth", &["Ken", "Kenny"]),
    ("Lawrence", &["Larry", "Laurie", "Laurence", "Lorenzo"]),
    ("Leonard", &["Len", "Lenny", "Leo", "Leon"]),
    ("Louis", &["Lou", "Louie", "Lewis", "Luis", "Ludwik"]),
    ("Nathaniel", &["Nat", "Nate", "Nathan"]),
    ("Raymond", &["Ray"]),
    ("Ronald", &["Ron", "Ronnie"]),
    ("Donald", &["Don", "Donny", "Donnie"]),
    ("Timothy", &["Tim", "Timmy"]),
    ("Zachary", &["Zach", "Zack", "Zak", "Zac"]),
    ("Theodore", &["Theo", "Ted", "Teddy"]),
    ("Sebastian", &["Seb", "Sebby", "Bastian"]),
    ("Dominic", &["Dom", "Dominik"]),
    ("Maximilian", &["Max", "Maxi", "Maks"]),
    ("Maxwell", &["Max"]),
    ("Tobias", &["Toby", "Tobi"]),
    ("Reginald", &["Reg", "Reggie"]),
    ("Terence", &["Terry", "Tel", "Terrence"]),
    ("Douglas", &["Doug", "Dougie"]),
    ("Stuart", &["Stu", "Stewart"]),
    ("Edmund", &["Ed", "Eddie", "Ned", "Eamon", "Eamonn"]),
    ("Edwin", &["Ed", "Eddie"]),
    ("Gerald", &["Gerry", "Jerry", "Ged", "Gerard"]),
    ("Geoffrey", &["Geoff", "Jeff", "Jeffrey", "Jeffery"]),
    ("Jeremy", &["Jerry", "Jez"]),
    ("Bernard", &["Bernie", "Barney"]),
    ("Brian", &["Bryan", "Brien"]),
    ("Cameron", &["Cam"]),
    ("Eugene", &["Gene", "Eoghan"]),
    ("Abraham", &["Abe", "Bram", "Ibrahim", "Ebrahim", "Ibraheem"]),
    ("Martin", &["Marty", "Marcin"]),
    ("Mark", &["Marc", "Marek"]),
    ("Marcus", &["Markus", "Marek"]),
    ("Oliver", &["Ollie", "Olly", "Oli"]),
    ("Neil", &["Neal", "Niall", "Neill", "Niel"]),
    ("Ian", &["Iain", "Ean"]),
    ("Sean", &["Shaun", "Shawn", "Shon"]),
    ("Owen", &["Eoin", "Owain", "Ewan", "Euan"]),
    ("Ewan", &["Euan", "Ewen"]),
    ("Rhys", &["Reece", "Reese", "Rees", "Rhyce"]),
    ("Aidan", &["Aiden", "Aden", "Ayden", "Aodhan", "Aydan"]),
    ("Conor", &["Connor", "Conner", "Konnor", "Conchobar"]),
    ("Ciaran", &["Kieran", "Kieron", "Keiran", "Kieren"]),
    ("Dermot", &["Diarmuid", "Diarmaid"]),
    ("Oisin", &["Osheen"]),
    ("Tadhg", &["Teague", "Tige"]),
    ("Callum", &["Calum", "Cal", "Kallum"]),
    ("Finley", &["Finlay", "Finn", "Fin", "Fionn"]),
    ("Elliott", &["Elliot", "Eliot", "Eli"]),
    ("Aaron", &["Aron", "Arron", "Haroun", "Harun"]),
    ("Jayden", &["Jaden", "Jaydon", "Jaiden", "Jadon"]),
    ("Jackson", &["Jaxon", "Jaxson", "Jax"]),
    ("Mason", &["Maison", "Mayson"]),
    ("Reuben", &["Ruben", "Rube"]),
    ("Dylan", &["Dillon", "Dilan"]),
    ("Luke", &["Luc", "Lucas", "Lukas", "Lukasz"]),
    ("Bradley", &["Brad"]),
    ("Ashley", &["Ash", "Ashleigh"]),
    ("Tyrone", &["Ty"]),
    ("Wojciech", &["Wojtek"]),
    ("Rajesh", &["Raj"]),
    ("Rajinder", &["Raj"]),
    ("Oluwaseun", &["Seun", "Olu"]),
    ("Oluwafemi", &["Femi", "Olu"]),
    ("Oluwatobi", &["Tobi", "Olu"]),
    ("Adebayo", &["Bayo"]),
    ("Chukwuemeka", &["Emeka"]),
    ("Oluwatosin", &["Tosin"]),
    // Transliterations of Arabic names
    ("Mohammed", &["Mo", "Moe", "Muhammad", "Mohammad", "Mohamed", "Muhammed", "Mohamad",
        "Mohammod", "Mohd", "Mehmet", "Mahomed"]),
    ("Ahmed", &["Ahmad", "Ahmet", "Amed"]),
    ("Hussain", &["Hussein", "Husain", "Hossain", "Husein"]),
    ("Hassan", &["Hasan"]),
    ("Yusuf", &["Yousef", "Youssef", "Yusef", "Yosef"]),
    ("Omar", &["Umar", "Omer"]),
    ("Usman", &["Osman", "Uthman", "Othman"]),
    ("Mustafa", &["Mostafa", "Mustapha", "Moustafa"]),
    ("Amir", &["Ameer", "Emir"]),
    ("Bilal", &["Belal"]),
    ("Hamza", &["Hamzah"]),
    ("Ali", &["Aly"]),
    ("Abdullah", &["Abdallah", "Abdulla"]),
    ("Ismail", &["Ismael", "Esmail"]),
    ("Idris", &["Idrees", "Idriss"]),
    ("Zakariya", &["Zakaria", "Zakariyya", "Zachariah"]),
    // Women's names
    ("Elizabeth", &["Liz", "Lizzie", "Lizzy", "Beth", "Betty", "Bess", "Bessie", "Betsy", "Eliza",
        "Elsie", "Libby", "Lisa", "Liza", "Elisabeth", "Elspeth", "Ellie", "Elzbieta"]),
    ("Catherine", &["Katherine", "Kathryn", "Katharine", "Catharine", "Catrin", "Catriona", "Kate",
        "Katie", "Katy", "Kath", "Kathy", "Cathy", "Cath", "Kat", "Kay", "Kitty", "Cate",
        "Katarzyna", "Kasia"]),
    ("Kathleen", &["Cathleen", "Kath", "Kathy", "Kay", "Kathlyn"]),
    ("Margaret", &["Maggie", "Meg", "Peggy", "Marge", "Margie", "Maisie", "Greta", "Rita", "Mags",
        "Mairead", "Malgorzata", "Gosia"]),
    ("Mary", &["Molly", "Polly", "Mae", "May", "Mamie", "Mair", "Maire", "Mhairi", "Maria", "Marie",
        "Maryam", "Mariam", "Miriam"]),
    ("Patricia", &["Pat", "Patty", "Trish", "Tricia", "Patsy"]),
    ("Samantha", &["Sam", "Sammy", "Sammie", "Sammi"]),
    ("Susan", &["Sue", "Susie", "Suzy", "Susanne", "Suzanne", "Zuzanna"]),
    ("Victoria", &["Vicky", "Vikki", "Vicki", "Tori", "Vic", "Wiktoria"]),
    ("Rebecca", &["Becky", "Becca", "Bex", "Rebekah"]),
    ("Jennifer", &["Jen", "Jenny", "Jenni", "Jennie"]),
    ("Jessica", &["Jess", "Jessie", "Jessy"]),
    ("Abigail", &["Abby", "Abbie", "Abi", "Gail"]),
    ("Amelia", &["Millie", "Milly", "Amelie", "Mia"]),
    ("Isabel", &["Isobel", "Isabelle", "Isabella", "Izzy", "Izzie", "Issy", "Bella", "Belle",
        "Ishbel", "Izabela"]),
    ("Olivia", &["Liv", "Livvy", "Livvie", "Ollie", "Oliwia"]),
    ("Alexandra", &["Alex", "Lexi", "Lexie", "Sandra", "Sandy", "Sasha", "Alexa", "Ali", "Ally",
        "Alix", "Aleksandra", "Ola"]),
    ("Christine", &["Chris", "Chrissie", "Chrissy", "Tina", "Kirsty", "Kirsten", "Kristina",
        "Christina", "Krystyna"]),
    ("Frances", &["Fran", "Frankie", "Franny", "Fanny"]),
    ("Francesca", &["Fran", "Frankie", "Cesca", "Chessie"]),
    ("Gabriella", &["Gabby", "Gabbie", "Gaby", "Gabrielle", "Gabriela"]),
    ("Georgina", &["Georgie", "Gina", "Georgia"]),
    ("Joanne", &["Jo", "Jojo", "Joanna", "Joann", "Joan"]),
    ("Josephine", &["Jo", "Josie", "Joey"]),
    ("Louise", &["Lou", "Lulu", "Louisa", "Luiza"]),
    ("Nicola", &["Nicky", "Nikki", "Nic", "Nicole"]),
    ("Eleanor", &["Ellie", "Elly", "Nell", "Nellie", "Nora", "Elinor", "Eleanore", "Leonora",
        "Ella"]),
    ("Helen", &["Nell", "Nellie", "Ellen", "Lena", "Helena", "Elena"]),
    ("Emily", &["Em", "Emmy", "Millie", "Emilia"]),
    ("Emma", &["Em", "Emmy"]),
    ("Evelyn", &["Evie", "Eve", "Eva"]),
    ("Florence", &["Flo", "Florrie", "Flossie"]),
    ("Grace", &["Gracie"]),
    ("Hannah", &["Hanna", "Anna", "Ana"]),
    ("Harriet", &["Hattie", "Hatty", "Harri"]),
    ("Jacqueline", &["Jackie", "Jacqui", "Jacky"]),
    ("Jane", &["Janey", "Jayne", "Sian", "Sine", "Jana"]),
    ("Janet", &["Jan", "Jess", "Netta"]),
    ("Judith", &["Judy", "Jude"]),
    ("Julia", &["Jules", "Julie", "Julianne"]),
    ("Kimberley", &["Kim", "Kimmy", "Kimberly"]),
    ("Laura", &["Laurie", "Lori", "Lora"]),
    ("Lucinda", &["Lucy", "Cindy"]),
    ("Madeleine", &["Maddie", "Maddy", "Madeline", "Madelyn", "Magda", "Magdalena"]),
    ("Matilda", &["Tilly", "Tillie", "Mattie", "Tilda"]),
    ("Megan", &["Meg", "Meggie", "Meghan", "Megane"]),
    ("Natalie", &["Nat", "Tali", "Natalia"]),
    ("Natasha", &["Tash", "Tasha", "Nat"]),
    ("Penelope", &["Penny", "Pen"]),
    ("Rosemary", &["Rosie", "Rose", "Romy"]),
    ("Rose", &["Rosie", "Rosa"]),
    ("Sarah", &["Sara", "Sally", "Sadie", "Sal"]),
    ("Sophia", &["Sophie", "Soph", "Sofia", "Sofie", "Zofia"]),
    ("Stephanie", &["Steph", "Stef", "Steffi"]),
    ("Theresa", &["Teresa", "Tess", "Tessa", "Terri", "Terry", "Tracy", "Tracey"]),
    ("Valerie", &["Val"]),
    ("Winifred", &["Win", "Winnie"]),
    ("Zoe", &["Zoey", "Zowie"]),
    ("Deborah", &["Debbie", "Deb", "Debra", "Debs"]),
    ("Dorothy", &["Dot", "Dottie", "Dolly", "Dora"]),
    ("Gillian", &["Gill", "Jill", "Gilly", "Jillian"]),
    ("Annabel", &["Anna", "Bella", "Annie", "Annabelle"]),
    ("Anne", &["Ann", "Annie", "Nan", "Nancy", "Anna", "Ania", "Anya"]),
    ("Caroline", &["Carolyn", "Carrie", "Caz", "Carol", "Caro"]),
    ("Charlotte", &["Charlie", "Lottie", "Lotte", "Lotty", "Char"]),
    ("Clare", &["Claire", "Clair"]),
    ("Cassandra", &["Cass", "Cassie"]),
    ("Alison", &["Allison", "Ali", "Ally", "Allie", "Alyson"]),
    ("Amanda", &["Mandy", "Manda"]),
    ("Angela", &["Angie", "Ange"]),
    ("Antonia", &["Toni", "Tonia"]),
    ("Barbara", &["Barb", "Babs", "Barbie"]),
    ("Beatrice", &["Bea", "Bee", "Trixie", "Beattie", "Beatrix"]),
    ("Bridget", &["Bridie", "Biddy", "Brigid", "Bridgette", "Brid"]),
    ("Camilla", &["Millie", "Milla", "Cam"]),
    ("Cecilia", &["Cece", "Cecily", "Sissy"]),
    ("Diana", &["Di", "Diane", "Dianne"]),
    ("Felicity", &["Fliss", "Flick"]),
    ("Gwendolen", &["Gwen", "Wendy", "Gwendolyn"]),
    ("Gwyneth", &["Gwen", "Gwyn"]),
    ("Lillian", &["Lily", "Lilly", "Lil", "Lillie", "Lilian"]),
    ("Melissa", &["Mel", "Missy", "Lissa"]),
    ("Melanie", &["Mel"]),
    ("Philippa", &["Pippa", "Pip", "Pippy", "Phillipa"]),
    ("Kayleigh", &["Kayley", "Kaylee", "Kailey", "Kaley", "Caleigh", "Kayla"]),
    ("Caitlin", &["Kaitlyn", "Katelyn", "Caitlyn", "Kaitlin", "Caitlen"]),
    ("Hayley", &["Hailey", "Haley", "Haylee"]),
    ("Leah", &["Lea", "Lia"]),
    ("Phoebe", &["Pheobe", "Phebe"]),
    ("Chloe", &["Cloe", "Khloe"]),
    ("Lacey", &["Lacie", "Lacy"]),
    ("Maisie", &["Maisy", "Macie", "Macy", "Maizie"]),
    ("Freya", &["Freja", "Freyja"]),
    ("Isla", &["Islay", "Ayla"]),
    ("Courtney", &["Kourtney", "Cortney"]),
    ("Siobhan", &["Shivaun", "Shivon", "Chevonne", "Shevaun"]),
    ("Niamh", &["Neve", "Neave", "Neeve", "Nieve", "Niav"]),
    ("Aoife", &["Eefa", "Ifa"]),
    ("Caoimhe", &["Keeva", "Kweeva"]),
    ("Saoirse", &["Seersha", "Sersha"]),
    ("Ciara", &["Kiara", "Keira", "Kiera", "Ciera", "Kira"]),
    ("Sinead", &["Shinead", "Shanaid"]),
    ("Grainne", &["Grania"]),
    ("Roisin", &["Rosheen"]),
    ("Fionnuala", &["Nuala", "Finola"]),
    ("Sian", &["Shan", "Siani"]),
    ("Aisha", &["Ayesha", "Aysha", "Aishah", "Aicha", "Ayisha"]),
    ("Fatima", &["Fatimah", "Fatma", "Fatuma"]),
    ("Zainab", &["Zaynab", "Zeinab", "Zenab"]),
    ("Khadija", &["Khadijah", "Khadeeja", "Hadiza"]),
    ("Noor", &["Nur", "Nour"]),
    ("Yasmin", &["Yasmine", "Yasmeen", "Jasmine", "Jasmin", "Jazmin"]),
    ("Layla", &["Leila", "Laila", "Leyla", "Lailah", "Lela"]),
    ("Hafsa", &["Hafsah", "Hafza"]),
    ("Safiya", &["Safia", "Safiyah"]),
    ("Ruqayyah", &["Ruqaya", "Rukiya"]),
    ("Priyanka", &["Priya"]),
    ("Agnieszka", &["Aga", "Agnes"]),
    ("Temitope", &["Temi", "Tope"]),
    ("Chiamaka", &["Amaka"]),
    ("Oluwadamilola", &["Dami", "Damilola", "Lola"]),
];

struct Index {
    /// Upper-case name → indices of the entries it appears in.
    entries_of: HashMap<String, Vec<usize>>,
    /// Per entry, every upper-case name in it (canonical first).
    names: Vec<Vec<String>>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut entries_of: HashMap<String, Vec<usize>> = HashMap::new();
        let mut names = Vec::with_capacity(NAME_VARIANTS.len());
        for (i, (canonical, variants)) in NAME_VARIANTS.iter().enumerate() {
            let mut entry: Vec<String> = Vec::with_capacity(variants.len() + 1);
            for n in std::iter::once(canonical).chain(variants.iter()) {
                let key = first_given_name(n);
                if key.is_empty() || entry.contains(&key) {
                    continue;
                }
                let list = entries_of.entry(key.clone()).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
                entry.push(key);
            }
            names.push(entry);
        }
        Index { entries_of, names }
    })
}

fn key_of(name: &str) -> String {
    let upper = name.to_ascii_uppercase();
    if !upper.is_empty() && upper.bytes().all(|b| b.is_ascii_uppercase()) {
        upper
    } else {
        first_given_name(name)
    }
}

/// The canonical names `name` stands for, in table order ("Alex" → Alexander, Alexandra;
/// "William" → William). Empty when the name is in no entry.
pub fn canonical_names(name: &str) -> Vec<&'static str> {
    let idx = index();
    idx.entries_of
        .get(&key_of(name))
        .map(|entries| {
            entries.iter().filter_map(|e| NAME_VARIANTS.get(*e).map(|(c, _)| *c)).collect()
        })
        .unwrap_or_default()
}

/// The first canonical name for `name`, upper case ("BILLY" → "WILLIAM"), or the name's own key
/// when it is in no entry.
pub fn canonical_name(name: &str) -> String {
    let key = key_of(name);
    match index().entries_of.get(&key).and_then(|e| e.first()) {
        Some(e) => index().names.get(*e).and_then(|n| n.first()).cloned().unwrap_or(key),
        None => key,
    }
}

/// Every upper-case name that is a variant of `name`, `name` itself first: "Bill" → BILL, WILLIAM,
/// BILLY, WILL, WILLIE, …; "Sam" → SAM, SAMUEL, SAMMY, …, SAMANTHA, …
pub fn name_variants(name: &str) -> Vec<String> {
    let key = key_of(name);
    let mut out = vec![key.clone()];
    if let Some(entries) = index().entries_of.get(&key) {
        for e in entries {
            for n in index().names.get(*e).into_iter().flatten() {
                if !out.contains(n) {
                    out.push(n.clone());
                }
            }
        }
    }
    out
}

/// When `a` and `b` are different names in one entry, the canonical name of that entry (title
/// case, for "Bill → William"). `None` when they are the same name or not variants.
pub fn shared_canonical(a: &str, b: &str) -> Option<&'static str> {
    let (ka, kb) = (key_of(a), key_of(b));
    if ka.is_empty() || ka == kb {
        return None;
    }
    let idx = index();
    let ea = idx.entries_of.get(&ka)?;
    let eb = idx.entries_of.get(&kb)?;
    ea.iter().find(|e| eb.contains(e)).and_then(|e| NAME_VARIANTS.get(*e)).map(|(c, _)| *c)
}

/// True when `a` and `b` are different names for one person (see [`shared_canonical`]).
pub fn are_variants(a: &str, b: &str) -> bool {
    shared_canonical(a, b).is_some()
}

/// The names that stand for `canonical` (for the generator): "William" → Bill, Billy, …
pub fn variants_of(canonical: &str) -> &'static [&'static str] {
    let key = key_of(canonical);
    NAME_VARIANTS.iter().find(|(c, _)| key_of(c) == key).map(|(_, v)| *v).unwrap_or(&[])
}
