//! The generated corpus: plain-text news articles written from a seed, with the page
//! furniture the clean stage has to remove (section labels, "Read More" links, lists of
//! related stories, photo captions, repeated paragraphs, "Latest Headlines" tails) and the
//! text the segmenter has to get right (abbreviations, initials, decimals, quotations).
//!
//! Every name is invented. The output depends only on the seed and the size: the same
//! arguments write the same bytes. It does not try to read like real reporting beyond the
//! shape of each line; it is load for the benchmark, not a test of extraction quality.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};

/// Files per subdirectory, so that no directory grows too large to list quickly.
const FILES_PER_DIR: u64 = 1000;

/// A splitmix64 generator: tiny, fast and good enough to pick words.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next_u64() % items.len() as u64) as usize]
    }
}

pub(crate) const FIRST: &[&str] = &[
    "Arvel", "Brisa", "Calder", "Deyna", "Eskil", "Falra", "Gorin", "Halvi", "Idris", "Jorun",
    "Kessa", "Lorcan", "Mirelle", "Navid", "Orsolya", "Pell", "Quenna", "Radek", "Silje", "Tovar",
    "Ulla", "Vesna", "Wendal", "Xaviera", "Yorick", "Zelda", "Anouk", "Bertrand", "Cosmina",
    "Dariel", "Elowen", "Fenna", "Gideon", "Hesper", "Ilario", "Jessamy", "Kasimir", "Linnea",
    "Matthis", "Nerys", "Odalric", "Perpetua", "Rosalind", "Severin", "Talitha", "Ulric",
];
pub(crate) const LAST: &[&str] = &[
    "Marbeck",
    "Tollvind",
    "Ostrava",
    "Quillan",
    "Varsenko",
    "Dumarest",
    "Hallgrim",
    "Perrault",
    "Kovalenko",
    "Ashworth",
    "Brennagh",
    "Castellane",
    "Dravik",
    "Elsworth",
    "Fennimore",
    "Granholm",
    "Hesketh",
    "Ingersoll",
    "Jaramillo",
    "Kettering",
    "Lindqvist",
    "Moravec",
    "Nakamori",
    "Oyelaran",
    "Pemberly",
    "Quintero",
    "Rasmark",
    "Szabrin",
    "Thorvald",
    "Urquhart",
    "Valdane",
    "Whitlock",
    "Yarborough",
    "Zelenko",
    "Abernathy",
    "Bellweather",
    "Corvell",
];
const TITLES: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Lt. Gen.", "Sen.", "Gov.", "Prof.", "Adm.", "Col.",
];
pub(crate) const ROLES: &[&str] = &[
    "foreign minister",
    "defence spokesman",
    "finance minister",
    "central bank governor",
    "harbour master",
    "union leader",
    "chief economist",
    "police commissioner",
    "health minister",
    "opposition leader",
    "mayor",
    "relief coordinator",
];
const CITIES: &[&str] = &[
    "Veskar",
    "Port Alder",
    "Lanvik",
    "Orlevo",
    "Kestrel Bay",
    "Marrowgate",
    "Tessaly",
    "Dunmere",
    "Halvard",
    "Caskley",
    "Brunholt",
    "Sevrin",
    "Ostmark",
    "Felgrave",
    "Amberlo",
];
const COUNTRIES: &[&str] = &[
    "Tarsenia",
    "Halvenia",
    "Ostrelia",
    "Corvania",
    "Dravost",
    "Merovia",
    "Quastland",
    "Belmora",
    "Sundravia",
    "Elvareth",
];
const AGENCIES: &[&str] = &[
    "Wirepoint",
    "Meridian Press",
    "Coastwire",
    "Tidewater News",
    "Northline",
    "Orlevo Standard",
    "Harbour Agency",
];
const ORGS: &[&str] = &[
    "the Northern Maritime Compact",
    "the U.M.A. Security Council",
    "the Veyra Port Authority",
    "the Shipowners' Union",
    "the National Statistics Office",
    "the Coastal Surveillance Directorate",
    "the Assembly of Free Ports",
    "the Grain Exporters' League",
    "the Federal Audit Chamber",
];
const SECTIONS: &[&str] = &[
    "World News",
    "Politics",
    "Business",
    "Economy",
    "Top News",
    "Defense",
    "Energy",
    "Region",
    "Markets",
];
const MONTHS: &[(&str, &str)] = &[
    ("January", "Jan."),
    ("February", "Feb."),
    ("March", "Mar."),
    ("April", "Apr."),
    ("May", "May"),
    ("June", "June"),
    ("July", "July"),
    ("August", "Aug."),
    ("September", "Sept."),
    ("October", "Oct."),
    ("November", "Nov."),
    ("December", "Dec."),
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
pub(crate) const NOUNS: &[&str] = &[
    "blockade",
    "ceasefire",
    "grain shipments",
    "fuel imports",
    "budget",
    "tariff plan",
    "inspection regime",
    "port closure",
    "pension reform",
    "election law",
    "trade corridor",
    "relief convoy",
    "bond auction",
    "rail strike",
    "border crossing",
    "naval patrol",
];
pub(crate) const VERBS: &[&str] = &[
    "rejected",
    "welcomed",
    "criticised",
    "defended",
    "questioned",
    "endorsed",
    "delayed",
    "announced",
    "suspended",
    "extended",
];
const QUOTES: &[&str] = &[
    "We will not be pushed into a decision we do not believe in",
    "This is not an exercise and it is not a routine inspection",
    "Every ship they turn away is a message to the world",
    "The numbers speak for themselves, and they are not good",
    "We can move some cargo by road, but not fuel, not at that scale",
    "Nobody in this building wants another winter like the last one",
    "It is too early to say whether the measures are working",
    "We expect the talks to resume next week in the capital",
    "The agreement gives us room to breathe, nothing more",
    "Our patience is not unlimited",
];
const HEADLINE_SUBJECTS: &[&str] = &[
    "Minister",
    "Navy",
    "Dockworkers' Union",
    "High Court",
    "Central Bank",
    "Port Authority",
    "Coalition",
    "Grain Traders",
    "Opposition",
    "Rail Operator",
];
const HEADLINE_VERBS: &[&str] = &[
    "Warns Of", "Blocks", "Delays", "Backs", "Rejects", "Extends", "Scraps", "Weighs", "Defends",
    "Seeks",
];
const HEADLINE_OBJECTS: &[&str] = &[
    "Grain Deal",
    "Fuel Tax",
    "Rail Extension",
    "Border Talks",
    "Pension Reform",
    "New Tariffs",
    "Harbour Curfew",
    "Relief Corridor",
    "Early Election",
    "Bond Sale",
];
const HEADLINE_TAILS: &[&str] = &[
    " As Talks Stall",
    " After Strike",
    " Amid Shortages",
    ": Report",
    " Over Costs",
    " For Second Time",
];
const TAIL_SECTIONS: &[&str] = &[
    "World News",
    "Top News",
    "Business News",
    "Defense News",
    "Science News",
];

/// Writes about `mb` megabytes of articles into `out`, `FILES_PER_DIR` files per
/// subdirectory, and prints what it wrote.
pub fn generate(out: &Path, mb: u64, seed: u64) -> Result<()> {
    let started = Instant::now();
    let target = mb * 1_000_000;
    let mut rng = Rng::new(seed);
    let mut text = String::with_capacity(16 * 1024);
    let mut written = 0u64;
    let mut files = 0u64;
    while written < target {
        let dir = out.join(format!("{:04}", files / FILES_PER_DIR));
        if files.is_multiple_of(FILES_PER_DIR) {
            fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        text.clear();
        article(&mut rng, &mut text);
        let path = dir.join(format!("{files:07}.txt"));
        fs::write(&path, text.as_bytes()).with_context(|| format!("writing {}", path.display()))?;
        written += text.len() as u64;
        files += 1;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "wrote {files} files, {:.1} MB, into {} in {secs:.2} s (seed {seed})",
        written as f64 / 1e6,
        out.display()
    );
    Ok(())
}

/// A full name, sometimes with a middle initial.
fn person(rng: &mut Rng, out: &mut String) {
    out.push_str(rng.pick(FIRST));
    out.push(' ');
    if rng.chance(15) {
        out.push((b'A' + rng.range(0, 25) as u8) as char);
        out.push_str(". ");
    }
    out.push_str(rng.pick(LAST));
}

/// A count of things: "48", "12,305", "3.1 million".
fn count(rng: &mut Rng, out: &mut String) {
    match rng.range(0, 2) {
        0 => write!(out, "{}", rng.range(2, 99)),
        1 => write!(out, "{},{:03}", rng.range(1, 40), rng.range(0, 999)),
        _ => write!(out, "{}.{} million", rng.range(1, 90), rng.range(1, 9)),
    }
    .expect("writing to a String cannot fail");
}

/// An amount or a share: "4.2 percent", "$3.5 billion", "17%".
fn amount(rng: &mut Rng, out: &mut String) {
    match rng.range(0, 2) {
        0 => write!(out, "{}.{} percent", rng.range(0, 30), rng.range(0, 9)),
        1 => write!(out, "${}.{} billion", rng.range(1, 40), rng.range(0, 9)),
        _ => write!(out, "{}%", rng.range(1, 60)),
    }
    .expect("writing to a String cannot fail");
}

/// A title-case headline, sometimes with a tail such as ": Report".
fn headline(rng: &mut Rng, out: &mut String) {
    out.push_str(rng.pick(COUNTRIES));
    out.push(' ');
    out.push_str(rng.pick(HEADLINE_SUBJECTS));
    out.push(' ');
    out.push_str(rng.pick(HEADLINE_VERBS));
    out.push(' ');
    out.push_str(rng.pick(HEADLINE_OBJECTS));
    if rng.chance(50) {
        out.push_str(rng.pick(HEADLINE_TAILS));
    }
}

/// One sentence of prose from a template, ending with its punctuation.
pub(crate) fn sentence(rng: &mut Rng, out: &mut String, curly: bool) {
    let (open, close) = if curly { ("“", "”") } else { ("\"", "\"") };
    let w = |out: &mut String, s: &str| out.push_str(s);
    match rng.range(0, 13) {
        0 => {
            w(out, open);
            w(out, rng.pick(QUOTES));
            w(out, ",");
            w(out, close);
            w(out, " ");
            w(out, rng.pick(LAST));
            w(out, " said.");
        }
        1 => {
            w(out, rng.pick(TITLES));
            w(out, " ");
            person(rng, out);
            w(out, ", the ");
            w(out, rng.pick(ROLES));
            w(out, ", said on ");
            w(out, rng.pick(WEEKDAYS));
            w(out, " that the ");
            w(out, rng.pick(NOUNS));
            w(out, " would cost ");
            amount(rng, out);
            w(out, " this year.");
        }
        2 => {
            w(out, "According to ");
            w(out, rng.pick(ORGS));
            w(out, ", as many as ");
            count(rng, out);
            w(out, " vessels were turned back between ");
            let m = MONTHS[rng.range(0, 11) as usize].1;
            write!(
                out,
                "{m} {} and {m} {}",
                rng.range(1, 12),
                rng.range(13, 28)
            )
            .expect("writing to a String cannot fail");
            w(out, ".");
        }
        3 => {
            w(out, "The U.S. and ");
            w(out, rng.pick(COUNTRIES));
            w(out, " ");
            w(out, rng.pick(VERBS));
            w(out, " the ");
            w(out, rng.pick(NOUNS));
            w(out, " at a meeting in ");
            w(out, rng.pick(CITIES));
            w(out, ", officials said.");
        }
        4 => {
            w(out, "Officials in ");
            w(out, rng.pick(CITIES));
            w(out, " said the ");
            w(out, rng.pick(NOUNS));
            w(out, " had grown by ");
            amount(rng, out);
            w(out, " since Oct. ");
            write!(out, "{}", rng.range(1, 28)).expect("writing to a String cannot fail");
            w(out, ", the largest rise in a decade.");
        }
        5 => {
            w(out, open);
            w(out, rng.pick(QUOTES));
            w(out, ".");
            w(out, close);
            w(out, " ");
            w(out, open);
            w(out, rng.pick(QUOTES));
            w(out, ",");
            w(out, close);
            w(out, " ");
            w(out, rng.pick(TITLES));
            w(out, " ");
            w(out, rng.pick(LAST));
            w(out, " told reporters in ");
            w(out, rng.pick(CITIES));
            w(out, ".");
        }
        6 => {
            w(out, rng.pick(COUNTRIES));
            w(out, "'s ");
            w(out, rng.pick(ROLES));
            w(out, ", ");
            person(rng, out);
            w(out, ", ");
            w(out, rng.pick(VERBS));
            w(out, " the plan, warning that the ");
            w(out, rng.pick(NOUNS));
            w(out, " could last until the end of the year.");
        }
        7 => {
            w(out, "The meeting starts at ");
            write!(out, "{}", rng.range(1, 11)).expect("writing to a String cannot fail");
            w(out, " a.m. local time in ");
            w(out, rng.pick(CITIES));
            w(out, ", and No. ");
            write!(out, "{}", rng.range(2, 9)).expect("writing to a String cannot fail");
            w(out, " on the agenda is the ");
            w(out, rng.pick(NOUNS));
            w(out, ".");
        }
        8 => {
            w(out, "Is the ");
            w(out, rng.pick(NOUNS));
            w(out, " working? Not yet, said ");
            person(rng, out);
            w(out, " of ");
            w(out, rng.pick(ORGS));
            w(out, ".");
        }
        9 => {
            w(out, "Shares of Alderline Corp. fell ");
            amount(rng, out);
            w(out, " on ");
            w(out, rng.pick(WEEKDAYS));
            w(out, " after the company said the ");
            w(out, rng.pick(NOUNS));
            w(out, " would hurt earnings.");
        }
        10 => {
            w(out, "The ");
            w(out, rng.pick(NOUNS));
            w(out, " has left ");
            count(rng, out);
            w(out, " people without work in ");
            w(out, rng.pick(CITIES));
            w(out, " and the surrounding region, ");
            w(out, rng.pick(ORGS));
            w(out, " estimated.");
        }
        11 => {
            w(out, "Talks between ");
            w(out, rng.pick(COUNTRIES));
            w(out, " and ");
            w(out, rng.pick(COUNTRIES));
            w(
                out,
                " stalled again, and a new round is not expected before ",
            );
            w(out, MONTHS[rng.range(0, 11) as usize].0);
            w(out, "...");
        }
        _ => {
            w(out, "In a statement, ");
            w(out, rng.pick(ORGS));
            w(out, " said it had ");
            w(out, rng.pick(VERBS));
            w(out, " the ");
            w(out, rng.pick(NOUNS));
            w(out, " and would review it within ");
            write!(out, "{}", rng.range(2, 30)).expect("writing to a String cannot fail");
            w(out, " days.");
        }
    }
}

fn paragraph(rng: &mut Rng, out: &mut String, curly: bool) {
    let n = rng.range(2, 5);
    for k in 0..n {
        if k > 0 {
            out.push(' ');
        }
        sentence(rng, out, curly);
    }
}

/// A date line for `month` (0-11) and `day` in one of the shapes news sites use.
fn date_line(rng: &mut Rng, out: &mut String, month: usize, day: u64) {
    let (month, abbr) = MONTHS[month];
    let year = rng.range(2019, 2025);
    let hour = rng.range(1, 12);
    let minute = rng.range(0, 59);
    let ampm = if rng.chance(50) { "AM" } else { "PM" };
    match rng.range(0, 5) {
        0 => write!(out, "{abbr} {day}, {year} / {hour}:{minute:02} {ampm}"),
        1 => write!(out, "{month} {day}, {year}"),
        2 => write!(out, "{day} {month} {year}"),
        3 => write!(out, "{year}-{:02}-{day:02}", month_index(month)),
        4 => write!(
            out,
            "Published: {}, {} {day}, {year} at {hour}:{minute:02} {}.m. ET",
            rng.pick(WEEKDAYS),
            abbr.trim_end_matches('.'),
            if ampm == "AM" { "a" } else { "p" }
        ),
        _ => write!(
            out,
            "Updated {abbr} {day}, {year} {hour}:{minute:02} {ampm}"
        ),
    }
    .expect("writing to a String cannot fail");
}

fn month_index(month: &str) -> usize {
    MONTHS
        .iter()
        .position(|(m, _)| *m == month)
        .map_or(1, |i| i + 1)
}

/// Wraps `text` at about `width` columns and appends it to `out`.
fn push_wrapped(out: &mut String, text: &str, width: usize) {
    let mut col = 0;
    for word in text.split(' ') {
        if col > 0 && col + 1 + word.len() > width {
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += word.len();
    }
}

/// Writes one article into `out`.
pub fn article(rng: &mut Rng, out: &mut String) {
    let curly = rng.chance(50);
    // Some sources hard-wrap their text; the cleaner joins such blocks again.
    let wrap = rng.chance(15).then(|| rng.range(68, 78) as usize);
    // Paragraphs are separated by a blank line, or by a bare line break when not wrapped.
    let blank = if wrap.is_some() || rng.chance(70) {
        "\n\n"
    } else {
        "\n"
    };
    let size = rng.range(3000, 7000) as usize;

    // The header: section label, date line, headline and byline in one of a few orders.
    if rng.chance(80) {
        out.push_str(rng.pick(SECTIONS));
        out.push('\n');
    }
    // The dateline repeats the date of the date line, as it does in real articles.
    let month = rng.range(0, 11) as usize;
    let day = rng.range(1, 28);
    let date_first = rng.chance(60);
    if date_first {
        date_line(rng, out, month, day);
        out.push_str(blank);
    }
    headline(rng, out);
    out.push_str(blank);
    out.push_str("By ");
    person(rng, out);
    if rng.chance(20) {
        out.push_str(" and ");
        person(rng, out);
    }
    let agency = rng.pick(AGENCIES);
    if rng.chance(20) {
        out.push_str(", ");
        out.push_str(agency);
    }
    out.push_str(blank);
    if !date_first {
        date_line(rng, out, month, day);
        out.push_str(blank);
    }

    // The dateline opens the first paragraph.
    let mut para = String::with_capacity(1024);
    let city = rng.pick(CITIES).to_uppercase();
    let abbr = MONTHS[month].1;
    let dash = if curly { "—" } else { "--" };
    write!(para, "{city}, {abbr} {day} ({agency}) {dash} ")
        .expect("writing to a String cannot fail");
    paragraph(rng, &mut para, curly);
    let first = para.clone();
    push_para(out, &para, wrap, blank);

    let mut related_done = false;
    let mut repeated = !rng.chance(20);
    let mut caption_done = !rng.chance(40);
    let mut k = 0;
    while out.len() < size {
        k += 1;
        if k == 3 && !related_done {
            related_done = true;
            out.push_str("Related News |\n");
            for _ in 0..2 {
                headline(rng, out);
                out.push('\n');
            }
            out.push_str(blank);
        }
        if rng.chance(12) {
            out.push_str("Read More: ");
            headline(rng, out);
            out.push_str(blank);
        }
        if !caption_done && k >= 2 {
            caption_done = true;
            write!(
                out,
                "{} {} speaks during a news conference in {} on {}. File Photo by {}",
                rng.pick(TITLES),
                rng.pick(LAST),
                rng.pick(CITIES),
                rng.pick(WEEKDAYS),
                agency
            )
            .expect("writing to a String cannot fail");
            out.push_str(blank);
        }
        if !repeated && k >= 4 {
            repeated = true;
            push_para(out, &first, wrap, blank);
            continue;
        }
        para.clear();
        paragraph(rng, &mut para, curly);
        push_para(out, &para, wrap, blank);
    }

    if rng.chance(35) {
        out.push_str("\nLatest Headlines\n");
        for _ in 0..rng.range(2, 4) {
            headline(rng, out);
            out.push('\n');
            writeln!(
                out,
                "{} // {} hours ago",
                rng.pick(TAIL_SECTIONS),
                rng.range(1, 23)
            )
            .expect("writing to a String cannot fail");
            para.clear();
            sentence(rng, &mut para, curly);
            out.push_str(&para);
            out.push('\n');
        }
    } else if rng.chance(30) {
        out.push_str("Comments are closed.\n");
    }
}

fn push_para(out: &mut String, para: &str, wrap: Option<usize>, blank: &str) {
    match wrap {
        Some(width) => push_wrapped(out, para, width),
        None => out.push_str(para),
    }
    out.push_str(blank);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_article() {
        let (mut a, mut b) = (String::new(), String::new());
        article(&mut Rng::new(7), &mut a);
        article(&mut Rng::new(7), &mut b);
        assert_eq!(a, b);
        assert!((3000..9000).contains(&a.len()), "{}", a.len());
    }
}
