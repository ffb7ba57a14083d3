//! Time expressions in news text, resolved against the article's reference date.
//!
//! [`times`] reads a sentence or a whole document and returns every time expression it
//! finds: full dates (`October 28, 2024`, `28 October 2024`, `2024-10-28`), dates without a
//! year (`Oct. 8`, `the 27th`), weekdays (`said Sunday`), relative days and periods
//! (`yesterday`, `last week`, `earlier this week`, `this month`, `over the weekend`,
//! `two weeks ago`), months and years (`in June`, `in February 2022`, `last September`),
//! decades and centuries (`the 1950s`), quarters, seasons, written intervals (`between
//! October 8th and 13th`, `October 27-28`, `from 2014 to 2018`), durations (`two weeks`,
//! `18-month`, `four hours`), times of day (`5:06 AM`), repetitions (`every Monday`) and
//! modifiers (`by December`, `since August last year`, `early 2011`).
//!
//! Each expression carries a TIMEX3-style value (`2024-10-27`, `2024-12`, `2024-W43`,
//! `2024-10-08/2024-10-13`, `P2W`, `195X`). Expressions whose meaning depends on the
//! reference are resolved against it: a bare weekday, month or month-day is the most recent
//! one on or before the reference, unless the clause points forward ("will", "is due to",
//! "plans to") or the expression is a deadline ("by December"); then it is the next one.
//! Without a reference such expressions are still found, with no value.
//!
//! The module works in one tokenising pass and a small grammar over tokens with bounded
//! look-ahead, so its cost is linear in the text. It does not read numbers that count
//! things as times ("around 10,000 troops", "12,000"), nor the modal verb "may" as the
//! month. Absurd values ("31 February") are recognised but get no value rather than a
//! wrong one. It does not resolve times relative to the time of day of the reference
//! ("in five minutes"): the reference is a date. It knows only English, and it does not
//! decide which reference a sentence should use (the pipeline does that).

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, Months, NaiveDate, Weekday};

/// What kind of time an expression names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeKind {
    /// One day: `2024-10-27`.
    Date,
    /// A calendar month: `2024-12`.
    Month,
    /// An ISO week: `2024-W43`.
    Week,
    /// A quarter or a half year: `2016-Q3`, `2016-H2`.
    Quarter,
    /// A season: `2016-SU`.
    Season,
    /// A calendar year: `2015`.
    Year,
    /// A decade: `195X`.
    Decade,
    /// A century: `19` (the 1900s).
    Century,
    /// Two written endpoints: `2024-10-08/2024-10-13` ("between October 8th and 13th").
    Interval,
    /// A stretch computed from the reference, written as its first and last day:
    /// `2024-10-26/2024-10-27` ("over the weekend"), "the past three days".
    Range,
    /// A length of time: `P2W`, `PT4H`.
    Duration,
    /// A time of day, alone (`T17:30`) or on a day (`2024-10-28T05:06`).
    Time,
    /// A part of a day: `TMO`, `2024-10-28TEV` ("this evening").
    PartOfDay,
    /// A repetition: `P1W` ("weekly"), `XXXX-WXX-1` ("every Monday").
    Set,
    /// The present, the past or the future in general: `PRESENT_REF` ("now").
    Reference,
}

/// How an expression relates to the time its value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mod {
    /// "before 2010", "no later than Friday".
    Before,
    /// "after 2018", "later than 10 am".
    After,
    /// "since August", "starting January 7th", "2018 or later".
    Since,
    /// "until April 27th", "as late as tomorrow".
    Until,
    /// "by December": the value is a deadline.
    Deadline,
    /// "around the 21st", "circa 5 in the morning", "about 1pm".
    Approx,
    /// A duration qualified as "more than", "over".
    MoreThan,
    /// A duration qualified as "less than", "almost", "under".
    LessThan,
}

/// Which part of the named period is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// "early December", "the beginning of 2000".
    Start,
    /// "mid-November", "the middle of 2000".
    Mid,
    /// "late July", "the end of the year".
    End,
    /// "earlier this week": the part of the period before the reference.
    Earlier,
    /// "later this month": the part of the period after the reference.
    Later,
}

/// One time expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeExpr {
    /// Byte range of the expression in the text given to [`times`].
    pub span: Range<usize>,
    pub kind: TimeKind,
    /// The ISO 8601 / TIMEX3-style value, or `None` when it cannot be resolved (no
    /// reference for a relative expression, an impossible date such as 31 February).
    pub value: Option<String>,
    pub modifier: Option<Mod>,
    /// The part of the period meant ("early", "mid", "late").
    pub part: Option<Part>,
    /// For a stretch measured from the reference ("the past two years"), its length as a
    /// duration (`P2Y`), which is how TIMEX3 annotates such phrases.
    pub length: Option<String>,
    /// The reference the value was resolved against, when it depended on one.
    pub resolved_against: Option<NaiveDate>,
}

impl TimeExpr {
    /// The model's form of this expression, with its span shifted by `offset` (the position
    /// of `text` in the document body). `None` when the expression has no value.
    pub fn to_model(&self, text: &str, offset: usize) -> Option<model::TimeValue> {
        let value = self.value.clone()?;
        let surface = text.get(self.span.clone())?;
        Some(model::TimeValue {
            text: surface.to_string(),
            span: model::Span::new(self.span.start + offset, self.span.end + offset),
            value,
        })
    }
}

/// Finds the time expressions of `text` (a sentence or a whole document), in text order,
/// resolving relative ones against `reference` (the publication or dateline date).
pub fn times(text: &str, reference: Option<NaiveDate>) -> Vec<TimeExpr> {
    let mut parser = Parser::new(text, reference);
    parser.run();
    std::mem::take(&mut parser.out)
}

/// The latest full date (day, month and year all written) that `text` mentions, ignoring
/// relative expressions: a lower bound for the publication date of an undated article.
pub fn latest_explicit_date(text: &str) -> Option<NaiveDate> {
    let mut parser = Parser::new(text, None);
    parser.run();
    parser.explicit_days.iter().copied().max()
}

/// A month and day written without a year, with its byte range: `(month, day, range)`.
pub type YearlessDay = (u32, u32, Range<usize>);

/// What places an undated text in time, read in one pass: the latest full date it
/// mentions (as [`latest_explicit_date`]) and its month-days without a year (as
/// [`month_days_without_year`]).
pub fn dating_anchors(text: &str) -> (Option<NaiveDate>, Vec<YearlessDay>) {
    let mut parser = Parser::new(text, None);
    parser.run();
    (
        parser.explicit_days.iter().copied().max(),
        std::mem::take(&mut parser.yearless),
    )
}

/// The month-days written without a year (`October 27`, `Oct. 8th`, `27 October`), as
/// (month, day, byte range), so that a caller who knows the year window of the story can
/// place them.
pub fn month_days_without_year(text: &str) -> Vec<(u32, u32, Range<usize>)> {
    let mut parser = Parser::new(text, None);
    parser.run();
    std::mem::take(&mut parser.yearless)
}

// ---------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------

/// What a token is. Words are runs of letters, numbers runs of digits (with their thousands
/// commas, so that "10,000" is one token and never a time), punctuation one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tk {
    Word,
    Num,
    Punct(u8),
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    s: u32,
    e: u32,
    kind: Tk,
    lex: Lex,
    /// The value of a number token (saturated), or 0.
    n: u32,
    /// The number of digits of a number token.
    digits: u8,
    /// True for numbers written with thousands separators.
    grouped: bool,
    /// Space before the token: 0 none, 1 spaces, 2 a line break (or the start of the text).
    gap: u8,
    /// True for words that start with a capital letter.
    cap: bool,
}

fn push_tok(out: &mut Vec<Tok>, s: usize, e: usize, kind: Tk, gap: u8) {
    out.push(Tok {
        s: s as u32,
        e: e as u32,
        kind,
        lex: Lex::No,
        n: 0,
        digits: 0,
        grouped: false,
        gap,
        cap: false,
    });
}

/// Splits `text` into tokens in one pass. Letters and digits glued together ("7pm",
/// "27th", "1990s", "Oct2") become separate tokens with no gap between them, so the
/// grammar can ask whether two tokens touch.
fn tokenize(text: &str, out: &mut Vec<Tok>) {
    let b = text.as_bytes();
    let len = b.len();
    // Spans are stored as u32 to keep tokens small; longer texts are read up to 4 GiB.
    let len = len.min(u32::MAX as usize - 1);
    let mut i = 0;
    let mut gap = 2u8;
    while i < len {
        let c = b[i];
        if c == b' ' || c == b'\t' || c == b'\r' {
            gap = gap.max(1);
            i += 1;
        } else if c == b'\n' {
            gap = 2;
            i += 1;
        } else if c.is_ascii_alphabetic() {
            let s = i;
            while i < len && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            let mut ascii = true;
            // A word that goes on with non-ASCII letters ("O'Brien's" is ASCII, "Zürich"
            // is not) is one word, and not one of ours.
            while i < len && b[i] >= 0x80 {
                let ch = text[i..].chars().next().unwrap_or(' ');
                // Typographic punctuation (U+2000-U+206F: quotes, dashes) ends a word; it is
                // common after words, and not worth a Unicode table look-up.
                if ('\u{2000}'..='\u{206f}').contains(&ch) {
                    break;
                }
                if ch.is_alphabetic() {
                    ascii = false;
                    i += ch.len_utf8();
                    while i < len && b[i].is_ascii_alphabetic() {
                        i += 1;
                    }
                } else {
                    break;
                }
            }
            push_tok(out, s, i, Tk::Word, gap);
            let t = out.last_mut().expect("just pushed");
            t.cap = c.is_ascii_uppercase();
            if ascii {
                t.lex = lookup(b, s, i - s);
            }
            gap = 0;
        } else if c.is_ascii_digit() {
            let s = i;
            let mut v: u64 = 0;
            let mut digits = 0u32;
            while i < len && b[i].is_ascii_digit() {
                v = (v * 10 + u64::from(b[i] - b'0')).min(u64::from(u32::MAX));
                digits += 1;
                i += 1;
            }
            let mut grouped = false;
            // Thousands separators: "10,000", "1,500,000"; never "10,0001" or "2,30".
            if digits <= 3 {
                while b.get(i) == Some(&b',')
                    && b.get(i + 1..i + 4)
                        .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
                    && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
                {
                    for k in 1..4 {
                        v = (v * 10 + u64::from(b[i + k] - b'0')).min(u64::from(u32::MAX));
                    }
                    digits += 3;
                    grouped = true;
                    i += 4;
                }
            }
            push_tok(out, s, i, Tk::Num, gap);
            let t = out.last_mut().expect("just pushed");
            t.n = v as u32;
            t.digits = digits.min(255) as u8;
            t.grouped = grouped;
            gap = 0;
        } else if c < 0x80 {
            push_tok(out, i, i + 1, Tk::Punct(c), gap);
            i += 1;
            gap = 0;
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            let w = ch.len_utf8();
            match ch {
                '\u{2019}' | '\u{2018}' | '\u{02bc}' => {
                    push_tok(out, i, i + w, Tk::Punct(b'\''), gap)
                }
                '\u{2013}' | '\u{2014}' | '\u{2012}' | '\u{2015}' | '\u{2212}' => {
                    push_tok(out, i, i + w, Tk::Punct(b'-'), gap)
                }
                '\u{201c}' | '\u{201d}' => push_tok(out, i, i + w, Tk::Punct(b'"'), gap),
                '\u{a0}' | '\u{2009}' | '\u{202f}' | '\u{2002}' | '\u{2003}' => {
                    gap = gap.max(1);
                    i += w;
                    continue;
                }
                '\u{2028}' | '\u{2029}' | '\u{85}' => {
                    gap = 2;
                    i += w;
                    continue;
                }
                '\u{bd}' => {
                    // "½ hour": a number token worth one half, marked by 0 digits.
                    push_tok(out, i, i + w, Tk::Other, gap);
                    out.last_mut().expect("just pushed").n = 1;
                }
                c if c.is_alphabetic() => {
                    let s = i;
                    i += w;
                    while i < len {
                        let ch = text[i..].chars().next().unwrap_or(' ');
                        if ch.is_alphanumeric() && !ch.is_ascii_digit() {
                            i += ch.len_utf8();
                        } else {
                            break;
                        }
                    }
                    push_tok(out, s, i, Tk::Word, gap);
                    gap = 0;
                    continue;
                }
                _ => push_tok(out, i, i + w, Tk::Other, gap),
            }
            i += w;
            gap = 0;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Lexicon
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    No,
    /// A month name: number, abbreviated.
    Month(u8, bool),
    /// A weekday: 1 = Monday; abbreviated; plural ("Sundays").
    Wday(u8, bool, bool),
    /// A cardinal number word.
    Card(u16),
    /// An ordinal number word.
    Ord(u8),
    /// A unit of time; plural.
    Unit(Unit, bool),
    /// A part of the day; plural.
    Dp(Dp, bool),
    /// 1 spring, 2 summer, 3 autumn, 4 winter.
    Season(u8),
    /// A decade word: "seventies" (70), "noughties" (0), "tens" (10), "thousands" (100).
    Decade(u8),
    Kw(Kw),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Night,
    Week,
    Weekend,
    Fortnight,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dp {
    Morning,
    Afternoon,
    Evening,
    Night,
    Daytime,
    Lunch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kw {
    Today,
    Tomorrow,
    Yesterday,
    Tonight,
    Now,
    Currently,
    Right,
    This,
    Last,
    Next,
    Past,
    Previous,
    Coming,
    Upcoming,
    Following,
    Current,
    Ago,
    Later,
    Earlier,
    Early,
    Late,
    Mid,
    Middle,
    Beginning,
    Start,
    Starting,
    End,
    Rest,
    Remaining,
    Since,
    Until,
    Through,
    To,
    From,
    Between,
    And,
    Or,
    By,
    Before,
    After,
    In,
    On,
    At,
    Of,
    The,
    A,
    An,
    Every,
    Each,
    Per,
    Daily,
    Weekly,
    Monthly,
    Annually,
    Quarterly,
    Hourly,
    Nightly,
    Am,
    Pm,
    Noon,
    Midnight,
    Oclock,
    O,
    Clock,
    Half,
    Around,
    About,
    Approx,
    Nearly,
    Some,
    Within,
    Over,
    During,
    For,
    Few,
    Several,
    Couple,
    Dozen,
    Hence,
    Whole,
    All,
    Same,
    That,
    Than,
    More,
    Less,
    Least,
    Up,
    No,
    Will,
    Shall,
    Ll,
    Going,
    Due,
    Plan,
    Scheduled,
    Expect,
    PastVerb,
    St,
    Nd,
    Rd,
    Th,
    S,
    Ish,
    Once,
    Other,
    Date,
    Moment,
    Present,
    Time,
    Future,
    Zone,
    Q,
    H,
    W,
    C,
    Weekday,
    Christmas,
    Easter,
    Halloween,
    Thanksgiving,
    New,
    Eve,
    Independence,
    Labor,
    Hundred,
    Thousand,
    Zero,
    Any,
    Fiscal,
    Calendar,
    Recent,
    Mm,
    P,
    Otd,
    Eod,
    Eoy,
    My,
    Just,
    Annual,
    Semi,
    Bi,
    Twice,
    Be,
    As,
    Workweek,
    Set,
}

const LEXICON_WORDS: &[(&str, Lex)] = &[
    ("january", Lex::Month(1, false)),
    ("jan", Lex::Month(1, true)),
    ("february", Lex::Month(2, false)),
    ("feb", Lex::Month(2, true)),
    ("march", Lex::Month(3, false)),
    ("mar", Lex::Month(3, true)),
    ("april", Lex::Month(4, false)),
    ("apr", Lex::Month(4, true)),
    ("may", Lex::Month(5, false)),
    ("june", Lex::Month(6, false)),
    ("jun", Lex::Month(6, true)),
    ("july", Lex::Month(7, false)),
    ("jul", Lex::Month(7, true)),
    ("august", Lex::Month(8, false)),
    ("aug", Lex::Month(8, true)),
    ("september", Lex::Month(9, false)),
    ("sep", Lex::Month(9, true)),
    ("sept", Lex::Month(9, true)),
    ("october", Lex::Month(10, false)),
    ("oct", Lex::Month(10, true)),
    ("november", Lex::Month(11, false)),
    ("nov", Lex::Month(11, true)),
    ("december", Lex::Month(12, false)),
    ("dec", Lex::Month(12, true)),
    ("monday", Lex::Wday(1, false, false)),
    ("mon", Lex::Wday(1, true, false)),
    ("mondays", Lex::Wday(1, false, true)),
    ("tuesday", Lex::Wday(2, false, false)),
    ("tue", Lex::Wday(2, true, false)),
    ("tues", Lex::Wday(2, true, false)),
    ("tuesdays", Lex::Wday(2, false, true)),
    ("wednesday", Lex::Wday(3, false, false)),
    ("wed", Lex::Wday(3, true, false)),
    ("wednesdays", Lex::Wday(3, false, true)),
    ("thursday", Lex::Wday(4, false, false)),
    ("thu", Lex::Wday(4, true, false)),
    ("thur", Lex::Wday(4, true, false)),
    ("thurs", Lex::Wday(4, true, false)),
    ("thursdays", Lex::Wday(4, false, true)),
    ("friday", Lex::Wday(5, false, false)),
    ("fri", Lex::Wday(5, true, false)),
    ("fridays", Lex::Wday(5, false, true)),
    ("saturday", Lex::Wday(6, false, false)),
    ("sat", Lex::Wday(6, true, false)),
    ("saturdays", Lex::Wday(6, false, true)),
    ("sunday", Lex::Wday(7, false, false)),
    ("sun", Lex::Wday(7, true, false)),
    ("sundays", Lex::Wday(7, false, true)),
    ("zero", Lex::Kw(Kw::Zero)),
    ("oh", Lex::Kw(Kw::Zero)),
    ("one", Lex::Card(1)),
    ("two", Lex::Card(2)),
    ("three", Lex::Card(3)),
    ("four", Lex::Card(4)),
    ("five", Lex::Card(5)),
    ("six", Lex::Card(6)),
    ("seven", Lex::Card(7)),
    ("eight", Lex::Card(8)),
    ("nine", Lex::Card(9)),
    ("ten", Lex::Card(10)),
    ("eleven", Lex::Card(11)),
    ("twelve", Lex::Card(12)),
    ("thirteen", Lex::Card(13)),
    ("fourteen", Lex::Card(14)),
    ("fifteen", Lex::Card(15)),
    ("sixteen", Lex::Card(16)),
    ("seventeen", Lex::Card(17)),
    ("eighteen", Lex::Card(18)),
    ("nineteen", Lex::Card(19)),
    ("twenty", Lex::Card(20)),
    ("thirty", Lex::Card(30)),
    ("forty", Lex::Card(40)),
    ("fourty", Lex::Card(40)),
    ("fifty", Lex::Card(50)),
    ("sixty", Lex::Card(60)),
    ("seventy", Lex::Card(70)),
    ("eighty", Lex::Card(80)),
    ("ninety", Lex::Card(90)),
    ("hundred", Lex::Kw(Kw::Hundred)),
    ("thousand", Lex::Kw(Kw::Thousand)),
    ("first", Lex::Ord(1)),
    ("second", Lex::Ord(2)),
    ("third", Lex::Ord(3)),
    ("fourth", Lex::Ord(4)),
    ("fifth", Lex::Ord(5)),
    ("sixth", Lex::Ord(6)),
    ("seventh", Lex::Ord(7)),
    ("eighth", Lex::Ord(8)),
    ("ninth", Lex::Ord(9)),
    ("tenth", Lex::Ord(10)),
    ("eleventh", Lex::Ord(11)),
    ("twelfth", Lex::Ord(12)),
    ("thirteenth", Lex::Ord(13)),
    ("fourteenth", Lex::Ord(14)),
    ("fifteenth", Lex::Ord(15)),
    ("sixteenth", Lex::Ord(16)),
    ("seventeenth", Lex::Ord(17)),
    ("eighteenth", Lex::Ord(18)),
    ("nineteenth", Lex::Ord(19)),
    ("twentieth", Lex::Ord(20)),
    ("thirtieth", Lex::Ord(30)),
    ("seconds", Lex::Unit(Unit::Second, true)),
    ("sec", Lex::Unit(Unit::Second, false)),
    ("secs", Lex::Unit(Unit::Second, true)),
    ("minute", Lex::Unit(Unit::Minute, false)),
    ("minutes", Lex::Unit(Unit::Minute, true)),
    ("min", Lex::Unit(Unit::Minute, false)),
    ("mins", Lex::Unit(Unit::Minute, true)),
    ("hour", Lex::Unit(Unit::Hour, false)),
    ("hours", Lex::Unit(Unit::Hour, true)),
    ("hr", Lex::Unit(Unit::Hour, false)),
    ("hrs", Lex::Unit(Unit::Hour, true)),
    ("day", Lex::Unit(Unit::Day, false)),
    ("days", Lex::Unit(Unit::Day, true)),
    ("nights", Lex::Unit(Unit::Night, true)),
    ("week", Lex::Unit(Unit::Week, false)),
    ("weeks", Lex::Unit(Unit::Week, true)),
    ("wk", Lex::Unit(Unit::Week, false)),
    ("wks", Lex::Unit(Unit::Week, true)),
    ("weekend", Lex::Unit(Unit::Weekend, false)),
    ("weekends", Lex::Unit(Unit::Weekend, true)),
    ("fortnight", Lex::Unit(Unit::Fortnight, false)),
    ("fortnights", Lex::Unit(Unit::Fortnight, true)),
    ("month", Lex::Unit(Unit::Month, false)),
    ("months", Lex::Unit(Unit::Month, true)),
    ("quarter", Lex::Unit(Unit::Quarter, false)),
    ("quarters", Lex::Unit(Unit::Quarter, true)),
    ("year", Lex::Unit(Unit::Year, false)),
    ("years", Lex::Unit(Unit::Year, true)),
    ("yr", Lex::Unit(Unit::Year, false)),
    ("yrs", Lex::Unit(Unit::Year, true)),
    ("decade", Lex::Unit(Unit::Decade, false)),
    ("decades", Lex::Unit(Unit::Decade, true)),
    ("century", Lex::Unit(Unit::Century, false)),
    ("centuries", Lex::Unit(Unit::Century, true)),
    ("morning", Lex::Dp(Dp::Morning, false)),
    ("mornings", Lex::Dp(Dp::Morning, true)),
    ("afternoon", Lex::Dp(Dp::Afternoon, false)),
    ("afternoons", Lex::Dp(Dp::Afternoon, true)),
    ("evening", Lex::Dp(Dp::Evening, false)),
    ("evenings", Lex::Dp(Dp::Evening, true)),
    ("night", Lex::Dp(Dp::Night, false)),
    ("daytime", Lex::Dp(Dp::Daytime, false)),
    ("lunchtime", Lex::Dp(Dp::Lunch, false)),
    ("spring", Lex::Season(1)),
    ("summer", Lex::Season(2)),
    ("autumn", Lex::Season(3)),
    ("fall", Lex::Season(3)),
    ("winter", Lex::Season(4)),
    ("twenties", Lex::Decade(20)),
    ("thirties", Lex::Decade(30)),
    ("forties", Lex::Decade(40)),
    ("fifties", Lex::Decade(50)),
    ("sixties", Lex::Decade(60)),
    ("seventies", Lex::Decade(70)),
    ("eighties", Lex::Decade(80)),
    ("nineties", Lex::Decade(90)),
    ("noughties", Lex::Decade(0)),
    ("aughts", Lex::Decade(0)),
    ("tens", Lex::Decade(10)),
    ("thousands", Lex::Decade(100)),
    ("as", Lex::Kw(Kw::As)),
    ("workweek", Lex::Kw(Kw::Workweek)),
    ("today", Lex::Kw(Kw::Today)),
    ("tomorrow", Lex::Kw(Kw::Tomorrow)),
    ("tmrw", Lex::Kw(Kw::Tomorrow)),
    ("tmr", Lex::Kw(Kw::Tomorrow)),
    ("yesterday", Lex::Kw(Kw::Yesterday)),
    ("tonight", Lex::Kw(Kw::Tonight)),
    ("tonite", Lex::Kw(Kw::Tonight)),
    ("now", Lex::Kw(Kw::Now)),
    ("currently", Lex::Kw(Kw::Currently)),
    ("right", Lex::Kw(Kw::Right)),
    ("this", Lex::Kw(Kw::This)),
    ("last", Lex::Kw(Kw::Last)),
    ("next", Lex::Kw(Kw::Next)),
    ("past", Lex::Kw(Kw::Past)),
    ("previous", Lex::Kw(Kw::Previous)),
    ("prior", Lex::Kw(Kw::Previous)),
    ("coming", Lex::Kw(Kw::Coming)),
    ("upcoming", Lex::Kw(Kw::Upcoming)),
    ("following", Lex::Kw(Kw::Following)),
    ("current", Lex::Kw(Kw::Current)),
    ("ago", Lex::Kw(Kw::Ago)),
    ("later", Lex::Kw(Kw::Later)),
    ("earlier", Lex::Kw(Kw::Earlier)),
    ("early", Lex::Kw(Kw::Early)),
    ("late", Lex::Kw(Kw::Late)),
    ("mid", Lex::Kw(Kw::Mid)),
    ("middle", Lex::Kw(Kw::Middle)),
    ("beginning", Lex::Kw(Kw::Beginning)),
    ("start", Lex::Kw(Kw::Start)),
    ("starting", Lex::Kw(Kw::Starting)),
    ("commencing", Lex::Kw(Kw::Starting)),
    ("end", Lex::Kw(Kw::End)),
    ("rest", Lex::Kw(Kw::Rest)),
    ("remaining", Lex::Kw(Kw::Remaining)),
    ("remainder", Lex::Kw(Kw::Remaining)),
    ("since", Lex::Kw(Kw::Since)),
    ("until", Lex::Kw(Kw::Until)),
    ("till", Lex::Kw(Kw::Until)),
    ("til", Lex::Kw(Kw::Until)),
    ("through", Lex::Kw(Kw::Through)),
    ("thru", Lex::Kw(Kw::Through)),
    ("to", Lex::Kw(Kw::To)),
    ("from", Lex::Kw(Kw::From)),
    ("between", Lex::Kw(Kw::Between)),
    ("and", Lex::Kw(Kw::And)),
    ("or", Lex::Kw(Kw::Or)),
    ("by", Lex::Kw(Kw::By)),
    ("before", Lex::Kw(Kw::Before)),
    ("after", Lex::Kw(Kw::After)),
    ("in", Lex::Kw(Kw::In)),
    ("on", Lex::Kw(Kw::On)),
    ("at", Lex::Kw(Kw::At)),
    ("of", Lex::Kw(Kw::Of)),
    ("the", Lex::Kw(Kw::The)),
    ("a", Lex::Kw(Kw::A)),
    ("an", Lex::Kw(Kw::An)),
    ("every", Lex::Kw(Kw::Every)),
    ("each", Lex::Kw(Kw::Each)),
    ("per", Lex::Kw(Kw::Per)),
    ("daily", Lex::Kw(Kw::Daily)),
    ("everyday", Lex::Kw(Kw::Daily)),
    ("weekly", Lex::Kw(Kw::Weekly)),
    ("monthly", Lex::Kw(Kw::Monthly)),
    ("annually", Lex::Kw(Kw::Annually)),
    ("yearly", Lex::Kw(Kw::Annually)),
    ("annual", Lex::Kw(Kw::Annual)),
    ("quarterly", Lex::Kw(Kw::Quarterly)),
    ("hourly", Lex::Kw(Kw::Hourly)),
    ("nightly", Lex::Kw(Kw::Nightly)),
    ("semiannual", Lex::Kw(Kw::Semi)),
    ("semiannually", Lex::Kw(Kw::Semi)),
    ("semi", Lex::Kw(Kw::Semi)),
    ("biweekly", Lex::Kw(Kw::Bi)),
    ("bi", Lex::Kw(Kw::Bi)),
    ("twice", Lex::Kw(Kw::Twice)),
    ("am", Lex::Kw(Kw::Am)),
    ("pm", Lex::Kw(Kw::Pm)),
    ("noon", Lex::Kw(Kw::Noon)),
    ("midday", Lex::Kw(Kw::Noon)),
    ("noonish", Lex::Kw(Kw::Noon)),
    ("midnight", Lex::Kw(Kw::Midnight)),
    ("oclock", Lex::Kw(Kw::Oclock)),
    ("o", Lex::Kw(Kw::O)),
    ("clock", Lex::Kw(Kw::Clock)),
    ("half", Lex::Kw(Kw::Half)),
    ("around", Lex::Kw(Kw::Around)),
    ("about", Lex::Kw(Kw::About)),
    ("approximately", Lex::Kw(Kw::Approx)),
    ("circa", Lex::Kw(Kw::Approx)),
    ("roughly", Lex::Kw(Kw::Approx)),
    ("nearly", Lex::Kw(Kw::Nearly)),
    ("almost", Lex::Kw(Kw::Nearly)),
    ("some", Lex::Kw(Kw::Some)),
    ("within", Lex::Kw(Kw::Within)),
    ("over", Lex::Kw(Kw::Over)),
    ("during", Lex::Kw(Kw::During)),
    ("for", Lex::Kw(Kw::For)),
    ("few", Lex::Kw(Kw::Few)),
    ("several", Lex::Kw(Kw::Several)),
    ("couple", Lex::Kw(Kw::Couple)),
    ("dozen", Lex::Kw(Kw::Dozen)),
    ("hence", Lex::Kw(Kw::Hence)),
    ("whole", Lex::Kw(Kw::Whole)),
    ("entire", Lex::Kw(Kw::Whole)),
    ("all", Lex::Kw(Kw::All)),
    ("same", Lex::Kw(Kw::Same)),
    ("that", Lex::Kw(Kw::That)),
    ("than", Lex::Kw(Kw::Than)),
    ("more", Lex::Kw(Kw::More)),
    ("greater", Lex::Kw(Kw::More)),
    ("less", Lex::Kw(Kw::Less)),
    ("fewer", Lex::Kw(Kw::Less)),
    ("least", Lex::Kw(Kw::Least)),
    ("up", Lex::Kw(Kw::Up)),
    ("no", Lex::Kw(Kw::No)),
    ("will", Lex::Kw(Kw::Will)),
    ("shall", Lex::Kw(Kw::Shall)),
    ("ll", Lex::Kw(Kw::Ll)),
    ("going", Lex::Kw(Kw::Going)),
    ("due", Lex::Kw(Kw::Due)),
    ("plan", Lex::Kw(Kw::Plan)),
    ("plans", Lex::Kw(Kw::Plan)),
    ("planned", Lex::Kw(Kw::Plan)),
    ("planning", Lex::Kw(Kw::Plan)),
    ("intends", Lex::Kw(Kw::Plan)),
    ("intend", Lex::Kw(Kw::Plan)),
    ("aims", Lex::Kw(Kw::Plan)),
    ("scheduled", Lex::Kw(Kw::Scheduled)),
    ("set", Lex::Kw(Kw::Set)),
    ("expected", Lex::Kw(Kw::Expect)),
    ("expects", Lex::Kw(Kw::Expect)),
    ("said", Lex::Kw(Kw::PastVerb)),
    ("told", Lex::Kw(Kw::PastVerb)),
    ("was", Lex::Kw(Kw::PastVerb)),
    ("were", Lex::Kw(Kw::PastVerb)),
    ("had", Lex::Kw(Kw::PastVerb)),
    ("did", Lex::Kw(Kw::PastVerb)),
    ("went", Lex::Kw(Kw::PastVerb)),
    ("came", Lex::Kw(Kw::PastVerb)),
    ("met", Lex::Kw(Kw::PastVerb)),
    ("took", Lex::Kw(Kw::PastVerb)),
    ("gave", Lex::Kw(Kw::PastVerb)),
    ("began", Lex::Kw(Kw::PastVerb)),
    ("left", Lex::Kw(Kw::PastVerb)),
    ("held", Lex::Kw(Kw::PastVerb)),
    ("sent", Lex::Kw(Kw::PastVerb)),
    ("spoke", Lex::Kw(Kw::PastVerb)),
    ("wrote", Lex::Kw(Kw::PastVerb)),
    ("fought", Lex::Kw(Kw::PastVerb)),
    ("struck", Lex::Kw(Kw::PastVerb)),
    ("became", Lex::Kw(Kw::PastVerb)),
    ("found", Lex::Kw(Kw::PastVerb)),
    ("brought", Lex::Kw(Kw::PastVerb)),
    ("led", Lex::Kw(Kw::PastVerb)),
    ("flew", Lex::Kw(Kw::PastVerb)),
    ("won", Lex::Kw(Kw::PastVerb)),
    ("lost", Lex::Kw(Kw::PastVerb)),
    ("saw", Lex::Kw(Kw::PastVerb)),
    ("made", Lex::Kw(Kw::PastVerb)),
    ("got", Lex::Kw(Kw::PastVerb)),
    ("st", Lex::Kw(Kw::St)),
    ("nd", Lex::Kw(Kw::Nd)),
    ("rd", Lex::Kw(Kw::Rd)),
    ("th", Lex::Kw(Kw::Th)),
    ("s", Lex::Kw(Kw::S)),
    ("ish", Lex::Kw(Kw::Ish)),
    ("once", Lex::Kw(Kw::Once)),
    ("other", Lex::Kw(Kw::Other)),
    ("date", Lex::Kw(Kw::Date)),
    ("moment", Lex::Kw(Kw::Moment)),
    ("present", Lex::Kw(Kw::Present)),
    ("time", Lex::Kw(Kw::Time)),
    ("future", Lex::Kw(Kw::Future)),
    ("gmt", Lex::Kw(Kw::Zone)),
    ("utc", Lex::Kw(Kw::Zone)),
    ("et", Lex::Kw(Kw::Zone)),
    ("est", Lex::Kw(Kw::Zone)),
    ("edt", Lex::Kw(Kw::Zone)),
    ("pt", Lex::Kw(Kw::Zone)),
    ("pst", Lex::Kw(Kw::Zone)),
    ("pdt", Lex::Kw(Kw::Zone)),
    ("cst", Lex::Kw(Kw::Zone)),
    ("cdt", Lex::Kw(Kw::Zone)),
    ("bst", Lex::Kw(Kw::Zone)),
    ("cet", Lex::Kw(Kw::Zone)),
    ("cest", Lex::Kw(Kw::Zone)),
    ("kst", Lex::Kw(Kw::Zone)),
    ("jst", Lex::Kw(Kw::Zone)),
    ("msk", Lex::Kw(Kw::Zone)),
    ("q", Lex::Kw(Kw::Q)),
    ("h", Lex::Kw(Kw::H)),
    ("w", Lex::Kw(Kw::W)),
    ("c", Lex::Kw(Kw::C)),
    ("weekday", Lex::Kw(Kw::Weekday)),
    ("weekdays", Lex::Kw(Kw::Weekday)),
    ("christmas", Lex::Kw(Kw::Christmas)),
    ("xmas", Lex::Kw(Kw::Christmas)),
    ("easter", Lex::Kw(Kw::Easter)),
    ("halloween", Lex::Kw(Kw::Halloween)),
    ("thanksgiving", Lex::Kw(Kw::Thanksgiving)),
    ("new", Lex::Kw(Kw::New)),
    ("eve", Lex::Kw(Kw::Eve)),
    ("independence", Lex::Kw(Kw::Independence)),
    ("labor", Lex::Kw(Kw::Labor)),
    ("labour", Lex::Kw(Kw::Labor)),
    ("any", Lex::Kw(Kw::Any)),
    ("fiscal", Lex::Kw(Kw::Fiscal)),
    ("calendar", Lex::Kw(Kw::Calendar)),
    ("recent", Lex::Kw(Kw::Recent)),
    ("m", Lex::Kw(Kw::Mm)),
    ("p", Lex::Kw(Kw::P)),
    ("otd", Lex::Kw(Kw::Otd)),
    ("eod", Lex::Kw(Kw::Eod)),
    ("eoy", Lex::Kw(Kw::Eoy)),
    ("my", Lex::Kw(Kw::My)),
    ("just", Lex::Kw(Kw::Just)),
    ("be", Lex::Kw(Kw::Be)),
    ("is", Lex::Kw(Kw::Be)),
    ("are", Lex::Kw(Kw::Be)),
];

/// An open-addressing table from lower-case words (packed into a u128) to their class.
struct Lexicon {
    keys: Vec<u128>,
    vals: Vec<Lex>,
    mask: usize,
    /// For each first and last letter, the lengths of the lexicon's words that start and end
    /// with them: most words of a text are turned away here without hashing.
    shapes: [u16; 26 * 26],
}

const LEX_BITS: u32 = 11;

/// A word of ASCII letters, lower-cased, as a number (its bytes, then its length in the
/// top byte).
fn pack(word: &[u8]) -> Option<u128> {
    if word.is_empty() || word.len() > 15 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..word.len()].copy_from_slice(word);
    Some(pack_raw(u128::from_le_bytes(buf), word.len()))
}

/// Lower-cases and tags the first `len` (1-15) bytes of `raw`.
fn pack_raw(raw: u128, len: usize) -> u128 {
    let keep = u128::MAX >> (8 * (16 - len));
    let lower = u128::from_le_bytes([0x20; 16]) & keep;
    ((raw & keep) | lower) | ((len as u128) << 120)
}

/// The index of the first and last letters of the ASCII word `b[s..s + len]` (`len` > 0)
/// in [`Lexicon::shapes`], whatever their case.
fn shape(b: &[u8], s: usize, len: usize) -> usize {
    let letter = |c: u8| usize::from((c | 0x20).wrapping_sub(b'a')).min(25);
    letter(b[s]) * 26 + letter(b[s + len - 1])
}

fn slot(k: u128) -> usize {
    let x = (k as u64) ^ ((k >> 64) as u64).rotate_left(29);
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - LEX_BITS)) as usize
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let size = 1usize << LEX_BITS;
    let mut t = Lexicon {
        keys: vec![0; size],
        vals: vec![Lex::No; size],
        mask: size - 1,
        shapes: [0; 26 * 26],
    };
    for &(w, lex) in LEXICON_WORDS {
        t.shapes[shape(w.as_bytes(), 0, w.len())] |= 1 << w.len();
        let k = pack(w.as_bytes()).expect("lexicon words are short");
        let mut i = slot(k);
        while t.keys[i] != 0 && t.keys[i] != k {
            i = (i + 1) & t.mask;
        }
        t.keys[i] = k;
        t.vals[i] = lex;
    }
    t
});

/// True when `word` names a month, in full or abbreviated, as the time grammar reads it.
pub(crate) fn is_month_word(word: &str) -> bool {
    word.is_ascii()
        && !word.is_empty()
        && matches!(lookup(word.as_bytes(), 0, word.len()), Lex::Month(..))
}

/// The class of the ASCII word `b[s..s + len]`.
fn lookup(b: &[u8], s: usize, len: usize) -> Lex {
    let t = &*LEXICON;
    if len > 15 || len == 0 || t.shapes[shape(b, s, len)] & (1 << len) == 0 {
        return Lex::No;
    }
    // Read the word straight from the text when 16 bytes are there, which spares a copy
    // through the stack on the hottest path of the tokenizer.
    let k = match b.get(s..s + 16) {
        Some(w) => {
            let mut raw = [0u8; 16];
            raw.copy_from_slice(w);
            pack_raw(u128::from_le_bytes(raw), len)
        }
        None => match pack(&b[s..s + len]) {
            Some(k) => k,
            None => return Lex::No,
        },
    };
    let mut i = slot(k);
    loop {
        let key = t.keys[i];
        if key == k {
            return t.vals[i];
        }
        if key == 0 {
            return Lex::No;
        }
        i = (i + 1) & t.mask;
    }
}

// ---------------------------------------------------------------------------------------
// Meanings
// ---------------------------------------------------------------------------------------

/// Which way an ambiguous expression ("Friday", "in June") is read from the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Past,
    Future,
}

/// Date parts as written, before they are placed on the calendar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct PDate {
    y: Option<i32>,
    m: Option<u32>,
    d: Option<u32>,
    wd: Option<u32>,
}

/// A resolved calendar stretch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cal {
    Day(NaiveDate),
    /// An ISO week, by its Monday.
    Week(NaiveDate),
    /// A weekend, by its Saturday.
    Weekend(NaiveDate),
    Month(i32, u32),
    Quarter(i32, u32),
    Half(i32, u32),
    Season(i32, u8),
    Year(i32),
    /// A decade by its first year (1950).
    Decade(i32),
    /// A century by its hundreds (19 for the 1900s).
    Century(i32),
    /// Any run of days, first and last included.
    Days(NaiveDate, NaiveDate),
}

/// A time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tod {
    h: u32,
    m: u32,
    s: Option<u32>,
    /// True when "am", "pm" or a part of the day fixed the half of the day.
    fixed: bool,
    /// True when the writing makes it a clock time ("10:30", "7 o'clock", "7pm"), not a
    /// bare number that context may read as an hour.
    clock: bool,
}

/// The date side of a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pt {
    /// Written date parts, placed on the calendar with the direction of the clause.
    P(PDate),
    /// A stretch already placed.
    C(Cal, bool),
    /// Recognised, but with no value (no reference, or an impossible date).
    Nil(TimeKind),
}

/// A point: a date, a time of day, a part of the day, or a combination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Point {
    date: Option<Pt>,
    time: Option<Tod>,
    dp: Option<Dp>,
}

/// A length of time; `None` amounts are vague ("several days").
#[derive(Debug, Clone, PartialEq)]
struct Dur {
    parts: Vec<(Option<f64>, Unit)>,
}

#[derive(Debug, Clone, PartialEq)]
enum V {
    Pt(Point),
    /// An interval, boxed: intervals are rare and would double the size of every item.
    Iv(Box<(Point, Point)>),
    Dur(Dur),
    Set(String),
    Ref(&'static str),
}

fn iv(a: Point, b: Point) -> V {
    V::Iv(Box::new((a, b)))
}

#[derive(Debug, Clone, PartialEq)]
struct Item {
    s: usize,
    e: usize,
    v: V,
    m: Option<Mod>,
    part: Option<Part>,
    len: Option<Dur>,
}

impl Item {
    fn new(s: usize, e: usize, v: V) -> Item {
        Item {
            s,
            e,
            v,
            m: None,
            part: None,
            len: None,
        }
    }
    fn pt(s: usize, e: usize, p: Point) -> Item {
        Item::new(s, e, V::Pt(p))
    }
    fn date(s: usize, e: usize, d: Pt) -> Item {
        Item::pt(
            s,
            e,
            Point {
                date: Some(d),
                ..Point::default()
            },
        )
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn wd_num(d: NaiveDate) -> u32 {
    d.weekday().number_from_monday()
}

fn monday(d: NaiveDate) -> NaiveDate {
    d - chrono::Duration::days(i64::from(wd_num(d)) - 1)
}

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    d.checked_add_signed(chrono::Duration::try_days(n)?)
}

fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_months(Months::new(u32::try_from(n).ok()?))
    } else {
        d.checked_sub_months(Months::new(u32::try_from(-n).ok()?))
    }
}

fn month_shift(y: i32, m: u32, n: i64) -> Option<(i32, u32)> {
    let idx = i64::from(y) * 12 + i64::from(m) - 1 + n;
    let y = i32::try_from(idx.div_euclid(12)).ok()?;
    Some((y, (idx.rem_euclid(12) + 1) as u32))
}

fn last_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = month_shift(y, m, 1)?;
    ymd(ny, nm, 1)?.pred_opt()
}

fn easter(y: i32) -> Option<NaiveDate> {
    // The anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    if !(1583..=9999).contains(&y) {
        return None;
    }
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(y, month as u32, day as u32)
}

/// The n-th (1-based; 5 or more = last) weekday `wd` of a month.
fn nth_weekday(y: i32, m: u32, wd: u32, n: u32) -> Option<NaiveDate> {
    let first = ymd(y, m, 1)?;
    let off = (7 + wd as i64 - wd_num(first) as i64) % 7;
    let d = add_days(first, off + 7 * (i64::from(n) - 1))?;
    (d.month() == m).then_some(d)
}

impl Cal {
    fn first(self) -> Option<NaiveDate> {
        match self {
            Cal::Day(d) | Cal::Week(d) | Cal::Weekend(d) | Cal::Days(d, _) => Some(d),
            Cal::Month(y, m) => ymd(y, m, 1),
            Cal::Quarter(y, q) => ymd(y, 3 * q - 2, 1),
            Cal::Half(y, h) => ymd(y, 6 * h - 5, 1),
            Cal::Season(..) => None,
            Cal::Year(y) => ymd(y, 1, 1),
            Cal::Decade(y) => ymd(y, 1, 1),
            Cal::Century(c) => ymd(c * 100, 1, 1),
        }
    }
    fn last(self) -> Option<NaiveDate> {
        match self {
            Cal::Day(d) => Some(d),
            Cal::Week(d) => add_days(d, 6),
            Cal::Weekend(d) => add_days(d, 1),
            Cal::Days(_, e) => Some(e),
            Cal::Month(y, m) => last_of_month(y, m),
            Cal::Quarter(y, q) => last_of_month(y, 3 * q),
            Cal::Half(y, h) => last_of_month(y, 6 * h),
            Cal::Season(..) => None,
            Cal::Year(y) => ymd(y, 12, 31),
            Cal::Decade(y) => ymd(y + 9, 12, 31),
            Cal::Century(c) => ymd(c * 100 + 99, 12, 31),
        }
    }
    fn kind(self) -> TimeKind {
        match self {
            Cal::Day(_) => TimeKind::Date,
            Cal::Week(_) => TimeKind::Week,
            Cal::Weekend(_) | Cal::Days(..) => TimeKind::Range,
            Cal::Month(..) => TimeKind::Month,
            Cal::Quarter(..) | Cal::Half(..) => TimeKind::Quarter,
            Cal::Season(..) => TimeKind::Season,
            Cal::Year(_) => TimeKind::Year,
            Cal::Decade(_) => TimeKind::Decade,
            Cal::Century(_) => TimeKind::Century,
        }
    }
    fn value(self) -> Option<String> {
        let v = match self {
            Cal::Day(d) => iso_day(d),
            Cal::Week(d) => {
                let w = d.iso_week();
                format!("{}-W{:02}", year_str(w.year()), w.week())
            }
            Cal::Weekend(d) => format!("{}/{}", iso_day(d), iso_day(add_days(d, 1)?)),
            Cal::Days(a, b) => format!("{}/{}", iso_day(a), iso_day(b)),
            Cal::Month(y, m) => format!("{}-{:02}", year_str(y), m),
            Cal::Quarter(y, q) => format!("{}-Q{q}", year_str(y)),
            Cal::Half(y, h) => format!("{}-H{h}", year_str(y)),
            Cal::Season(y, s) => format!("{}-{}", year_str(y), season_code(s)),
            Cal::Year(y) => year_str(y),
            Cal::Decade(y) => {
                let s = year_str(y);
                format!("{}X", &s[..s.len() - 1])
            }
            Cal::Century(c) => format!("{c:02}"),
        };
        (!v.starts_with('-')).then_some(v)
    }
}

fn season_code(s: u8) -> &'static str {
    match s {
        1 => "SP",
        2 => "SU",
        3 => "FA",
        _ => "WI",
    }
}

fn year_str(y: i32) -> String {
    if y < 0 {
        format!("-{:04}", -y)
    } else {
        format!("{y:04}")
    }
}

fn iso_day(d: NaiveDate) -> String {
    format!("{}-{:02}-{:02}", year_str(d.year()), d.month(), d.day())
}

fn tod_str(t: Tod) -> String {
    match t.s {
        Some(s) => format!("T{:02}:{:02}:{:02}", t.h, t.m, s),
        None => format!("T{:02}:{:02}", t.h, t.m),
    }
}

fn dp_code(dp: Dp) -> &'static str {
    match dp {
        Dp::Morning => "MO",
        Dp::Afternoon => "AF",
        Dp::Evening => "EV",
        Dp::Night => "NI",
        Dp::Daytime => "DT",
        Dp::Lunch => "MEL",
    }
}

fn num_str(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

impl Dur {
    fn one(q: Option<f64>, u: Unit) -> Dur {
        Dur {
            parts: vec![(q, u)],
        }
    }
    /// The TIMEX3 value: `P2W`, `PT1H30M`, `P1.5Y`, `PXD`, `P3WE`.
    fn value(&self) -> Option<String> {
        let mut date = String::new();
        let mut time = String::new();
        let mut parts = self.parts.clone();
        parts.sort_by_key(|p| std::cmp::Reverse(p.1));
        for (q, u) in parts {
            let (mult, code, is_time) = match u {
                Unit::Century => (100.0, "Y", false),
                Unit::Decade => (10.0, "Y", false),
                Unit::Year => (1.0, "Y", false),
                Unit::Quarter => (3.0, "M", false),
                Unit::Month => (1.0, "M", false),
                Unit::Fortnight => (2.0, "W", false),
                Unit::Week => (1.0, "W", false),
                Unit::Weekend => (1.0, "WE", false),
                Unit::Day | Unit::Night => (1.0, "D", false),
                Unit::Hour => (1.0, "H", true),
                Unit::Minute => (1.0, "M", true),
                Unit::Second => (1.0, "S", true),
            };
            let amount = match q {
                Some(v) if v.is_finite() && (0.0..1e9).contains(&v) => num_str(v * mult),
                Some(_) => return None,
                None => "X".to_string(),
            };
            let target = if is_time { &mut time } else { &mut date };
            target.push_str(&amount);
            target.push_str(code);
        }
        if date.is_empty() && time.is_empty() {
            return None;
        }
        Some(if time.is_empty() {
            format!("P{date}")
        } else {
            format!("P{date}T{time}")
        })
    }
    fn total(&self) -> Option<(f64, Unit)> {
        match self.parts.as_slice() {
            [(Some(q), u)] => Some((*q, *u)),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------

struct Parser<'a> {
    text: &'a str,
    t: Vec<Tok>,
    r: Option<NaiveDate>,
    out: Vec<TimeExpr>,
    explicit_days: Vec<NaiveDate>,
    yearless: Vec<(u32, u32, Range<usize>)>,
    /// Token index after the last expression emitted, for lists ("11/20, 11/22 or 11/25").
    last_end: usize,
    /// The last `point` read, by start: the grammar asks for the same point from several
    /// rules, and a point is the costliest thing it reads.
    memo: std::cell::Cell<(usize, R<Point>)>,
    /// The index of the last token that can join the two sides of a written interval ("-",
    /// "~", "to", "until", "through", "and"), if any: no interval starts after it.
    last_joiner: Option<usize>,
    /// An upper bound on the index of the last token [`Parser::unit`] reads: no duration
    /// starts at or after it.
    last_unit: Option<usize>,
}

thread_local! {
    /// The token list of the last text parsed, kept for the next one: texts are mostly
    /// sentences, and allocating the list afresh for each cost more than filling it.
    static TOKENS: std::cell::Cell<Vec<Tok>> = const { std::cell::Cell::new(Vec::new()) };
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // A huge text's list is freed rather than held for the rest of the run.
        if self.t.capacity() > 1 << 14 {
            return;
        }
        let t = std::mem::take(&mut self.t);
        TOKENS.with(|s| s.set(t));
    }
}

const NONE_TOK: Tok = Tok {
    s: 0,
    e: 0,
    kind: Tk::Other,
    lex: Lex::No,
    n: 0,
    digits: 0,
    grouped: false,
    gap: 2,
    cap: false,
};

type R<T> = Option<(usize, T)>;

fn longer<T>(a: R<T>, b: R<T>) -> R<T> {
    match (&a, &b) {
        (Some((ea, _)), Some((eb, _))) if eb > ea => b,
        (None, Some(_)) => b,
        _ => a,
    }
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, r: Option<NaiveDate>) -> Parser<'a> {
        let mut t = TOKENS.with(|s| s.take());
        t.clear();
        t.reserve(text.len() / 5 + 4);
        tokenize(text, &mut t);
        let (mut last_joiner, mut last_unit) = (None, None);
        for (k, tok) in t.iter().enumerate() {
            match (tok.kind, tok.lex) {
                (Tk::Punct(b'-' | b'~'), _)
                | (Tk::Word, Lex::Kw(Kw::To | Kw::Until | Kw::Through | Kw::And)) => {
                    last_joiner = Some(k)
                }
                // What `unit` accepts, without its tests of the neighbours.
                (
                    _,
                    Lex::Unit(..) | Lex::Ord(2) | Lex::Dp(Dp::Night, _) | Lex::Kw(Kw::H | Kw::W),
                ) => last_unit = Some(k),
                (Tk::Word, Lex::No) if tok.e == tok.s + 1 => last_unit = Some(k),
                _ => {}
            }
        }
        Parser {
            text,
            t,
            r,
            out: Vec::new(),
            explicit_days: Vec::new(),
            yearless: Vec::new(),
            last_end: usize::MAX,
            memo: std::cell::Cell::new((usize::MAX, None)),
            last_joiner,
            last_unit,
        }
    }

    fn tk(&self, i: usize) -> &Tok {
        self.t.get(i).unwrap_or(&NONE_TOK)
    }
    fn lx(&self, i: usize) -> Lex {
        self.tk(i).lex
    }
    fn kw(&self, i: usize) -> Option<Kw> {
        match self.lx(i) {
            Lex::Kw(k) => Some(k),
            _ => None,
        }
    }
    fn is(&self, i: usize, k: Kw) -> bool {
        self.lx(i) == Lex::Kw(k)
    }
    fn pc(&self, i: usize, c: u8) -> bool {
        self.tk(i).kind == Tk::Punct(c)
    }
    fn glued(&self, i: usize) -> bool {
        i < self.t.len() && self.t[i].gap == 0
    }
    fn word(&self, i: usize) -> bool {
        self.tk(i).kind == Tk::Word
    }
    fn numt(&self, i: usize) -> Option<Tok> {
        let t = self.t.get(i)?;
        (t.kind == Tk::Num && !t.grouped).then_some(*t)
    }
    /// A plain number of at most `max_digits` digits.
    fn small(&self, i: usize, max_digits: u8) -> Option<u32> {
        let t = self.numt(i)?;
        (t.digits <= max_digits).then_some(t.n)
    }
    fn surface(&self, i: usize) -> &str {
        let t = self.tk(i);
        self.text.get(t.s as usize..t.e as usize).unwrap_or("")
    }
    /// True when token `i` ends a phrase: the end of the text, punctuation other than a
    /// hyphen or slash, or a line break.
    fn stop(&self, i: usize) -> bool {
        match self.t.get(i) {
            None => true,
            Some(t) => {
                t.gap == 2
                    || matches!(
                        t.kind,
                        Tk::Punct(
                            b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b'"' | b'\'' | b']'
                        )
                    )
            }
        }
    }
    /// Skips one glued full stop after an abbreviation ("Oct.", "Sept.").
    fn dot(&self, i: usize) -> usize {
        if self.pc(i, b'.') && self.glued(i) {
            i + 1
        } else {
            i
        }
    }
    fn opt(&self, i: usize, k: Kw) -> usize {
        if self.is(i, k) { i + 1 } else { i }
    }
    fn optp(&self, i: usize, c: u8) -> usize {
        if self.pc(i, c) { i + 1 } else { i }
    }

    // --- Running --------------------------------------------------------------------

    fn run(&mut self) {
        let n = self.t.len();
        let mut i = 0;
        while i < n {
            if !self.may_start(i) {
                i += 1;
                continue;
            }
            match self.expr(i) {
                Some(item) if item.e > i => {
                    let e = item.e;
                    self.emit(item);
                    self.last_end = e;
                    i = e;
                }
                _ => i += 1,
            }
        }
    }

    /// A cheap test of whether an expression can start at token `i`.
    fn may_start(&self, i: usize) -> bool {
        let t = &self.t[i];
        match t.kind {
            Tk::Num => {
                if i > 0 {
                    let p = &self.t[i - 1];
                    // Digits glued to letters ("cc6f1c38") are codes; "$12" is money; the
                    // digits after a decimal point ("6,107.31") are not a day.
                    if t.gap == 0 && (p.kind == Tk::Word || p.kind == Tk::Other && p.n != 1) {
                        return false;
                    }
                    if matches!(p.kind, Tk::Punct(b'$' | b'#' | b'+')) {
                        return false;
                    }
                    // "133-03-03-2020": the rest of a code after a dash.
                    if t.gap == 0
                        && matches!(p.kind, Tk::Punct(b'-' | b'/'))
                        && p.gap == 0
                        && i >= 2
                        && self.t[i - 2].kind == Tk::Num
                        && self.t[i - 2].digits >= 3
                        && !(self.t[i - 2].digits == 4
                            && i >= 3
                            && matches!(self.t[i - 3].kind, Tk::Punct(b'-' | b'/' | b'.')))
                    {
                        return false;
                    }
                    if t.gap == 0
                        && matches!(p.kind, Tk::Punct(b'.' | b','))
                        && p.gap == 0
                        && i >= 2
                        && self.t[i - 2].kind == Tk::Num
                    {
                        return false;
                    }
                }
                true
            }
            Tk::Word => match t.lex {
                Lex::No => false,
                Lex::Kw(k) => self.kw_may_start(i, k),
                _ => true,
            },
            // "'87", "the '40s".
            Tk::Punct(b'\'') => self.tk(i + 1).kind == Tk::Num && self.glued(i + 1),
            Tk::Other => t.n == 1,
            _ => false,
        }
    }

    /// Whether a keyword can begin an expression here. Function words ("the", "in", "at")
    /// begin one only before a time word, which keeps the grammar away from most tokens.
    fn kw_may_start(&self, i: usize, k: Kw) -> bool {
        match k {
            Kw::Today
            | Kw::Tomorrow
            | Kw::Yesterday
            | Kw::Tonight
            | Kw::Now
            | Kw::Currently
            | Kw::This
            | Kw::Last
            | Kw::Next
            | Kw::Past
            | Kw::Previous
            | Kw::Coming
            | Kw::Upcoming
            | Kw::Following
            | Kw::Current
            | Kw::Early
            | Kw::Late
            | Kw::Mid
            | Kw::Middle
            | Kw::Beginning
            | Kw::Start
            | Kw::End
            | Kw::Rest
            | Kw::Remaining
            | Kw::Earlier
            | Kw::Later
            | Kw::Few
            | Kw::Several
            | Kw::Couple
            | Kw::Dozen
            | Kw::Half
            | Kw::Noon
            | Kw::Midnight
            | Kw::Every
            | Kw::Each
            | Kw::Daily
            | Kw::Weekly
            | Kw::Monthly
            | Kw::Annually
            | Kw::Annual
            | Kw::Quarterly
            | Kw::Hourly
            | Kw::Nightly
            | Kw::Semi
            | Kw::Bi
            | Kw::Once
            | Kw::Twice
            | Kw::Q
            | Kw::H
            | Kw::W
            | Kw::Christmas
            | Kw::Easter
            | Kw::Halloween
            | Kw::Thanksgiving
            | Kw::New
            | Kw::Independence
            | Kw::Labor
            | Kw::Eod
            | Kw::Eoy
            | Kw::Otd
            | Kw::Recent
            | Kw::Within
            | Kw::Any
            | Kw::All
            | Kw::Whole
            | Kw::Starting => true,
            Kw::Right => self.is(i + 1, Kw::Now),
            Kw::No => matches!(self.kw(i + 1), Some(Kw::Later | Kw::Earlier)),
            Kw::More | Kw::Less => self.is(i + 1, Kw::Than),
            Kw::As => matches!(self.kw(i + 1), Some(Kw::Early | Kw::Late)),
            Kw::Up => matches!(self.kw(i + 1), Some(Kw::To | Kw::Until)),
            Kw::At => {
                self.datey(i + 1)
                    || matches!(self.kw(i + 1), Some(Kw::Present | Kw::Least))
                    || matches!(self.kw(i + 1), Some(Kw::The | Kw::This))
                        && (self.datey(i + 2)
                            || matches!(self.kw(i + 2), Some(Kw::Moment | Kw::Present | Kw::Time))
                            || self.lx(i + 2) == Lex::Unit(Unit::Minute, false))
            }
            Kw::The => {
                self.datey(i + 1)
                    || matches!(self.kw(i + 1), Some(Kw::Future))
                    || self.pc(i + 1, b'\'') && self.tk(i + 2).kind == Tk::Num
            }
            Kw::A
            | Kw::An
            | Kw::In
            | Kw::On
            | Kw::By
            | Kw::Since
            | Kw::Until
            | Kw::Before
            | Kw::After
            | Kw::From
            | Kw::Between
            | Kw::For
            | Kw::During
            | Kw::Over
            | Kw::Around
            | Kw::About
            | Kw::Approx
            | Kw::Nearly
            | Kw::My
            | Kw::Some
            | Kw::Through => {
                self.datey(i + 1)
                    || matches!(
                        self.kw(i + 1),
                        Some(Kw::The | Kw::A | Kw::An | Kw::Than | Kw::Later | Kw::Earlier)
                    ) && (self.datey(i + 2) || self.pc(i + 2, b'\''))
            }
            _ => false,
        }
    }

    /// Whether token `i` can carry a time expression on (a cheap look-ahead).
    fn datey(&self, i: usize) -> bool {
        let t = self.tk(i);
        match t.kind {
            Tk::Num => true,
            Tk::Other => t.n == 1,
            Tk::Word => match t.lex {
                Lex::No => false,
                Lex::Kw(k) => matches!(
                    k,
                    Kw::Today
                        | Kw::Tomorrow
                        | Kw::Yesterday
                        | Kw::Tonight
                        | Kw::Now
                        | Kw::This
                        | Kw::Last
                        | Kw::Next
                        | Kw::Past
                        | Kw::Previous
                        | Kw::Coming
                        | Kw::Upcoming
                        | Kw::Following
                        | Kw::Current
                        | Kw::Early
                        | Kw::Late
                        | Kw::Mid
                        | Kw::Middle
                        | Kw::Beginning
                        | Kw::Start
                        | Kw::End
                        | Kw::Rest
                        | Kw::Remaining
                        | Kw::Few
                        | Kw::Several
                        | Kw::Couple
                        | Kw::Dozen
                        | Kw::Half
                        | Kw::Noon
                        | Kw::Midnight
                        | Kw::Every
                        | Kw::Each
                        | Kw::Q
                        | Kw::H
                        | Kw::W
                        | Kw::Christmas
                        | Kw::Easter
                        | Kw::Halloween
                        | Kw::Thanksgiving
                        | Kw::New
                        | Kw::Independence
                        | Kw::Labor
                        | Kw::Eod
                        | Kw::Eoy
                        | Kw::Recent
                        | Kw::Calendar
                        | Kw::Fiscal
                        | Kw::Weekday
                        | Kw::My
                        | Kw::Whole
                        | Kw::All
                        | Kw::Any
                        | Kw::Around
                        | Kw::About
                        | Kw::Approx
                        | Kw::Moment
                        | Kw::Present
                        | Kw::Zero
                        | Kw::Starting
                        | Kw::Otd
                ),
                _ => true,
            },
            _ => false,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Grammar: numbers and date parts
// ---------------------------------------------------------------------------------------

impl Parser<'_> {
    /// A cardinal written in words: "twenty-one", "two thousand and fifteen".
    fn words_num(&self, i: usize) -> R<f64> {
        let mut e = i;
        let mut total: u64 = 0;
        let mut cur: u64 = 0;
        // 0 nothing yet, 1 unit, 2 teen, 3 tens, 4 hundred, 5 thousand.
        let mut last = 0u8;
        // A number in words is a few tokens long; the bound keeps "one hundred one hundred
        // one hundred ..." from making the scan quadratic.
        while e < i + 12 {
            match self.lx(e) {
                Lex::Card(v) => {
                    let class = if v < 10 {
                        1
                    } else if v < 20 {
                        2
                    } else {
                        3
                    };
                    let ok = match last {
                        0 | 4 | 5 => true,
                        3 => class == 1,
                        _ => false,
                    };
                    if !ok {
                        break;
                    }
                    cur = cur.saturating_add(u64::from(v));
                    last = class;
                    e += 1;
                    if class == 3
                        && self.pc(e, b'-')
                        && self.glued(e)
                        && self.glued(e + 1)
                        && matches!(self.lx(e + 1), Lex::Card(1..=9))
                    {
                        e += 1;
                    }
                }
                Lex::Kw(Kw::Hundred) if last != 0 && last != 4 && last != 5 && cur > 0 => {
                    cur = cur.saturating_mul(100);
                    last = 4;
                    e += 1;
                }
                Lex::Kw(Kw::Thousand) if last != 0 && last != 5 && cur > 0 => {
                    total = total.saturating_add(cur.saturating_mul(1000));
                    cur = 0;
                    last = 5;
                    e += 1;
                }
                Lex::Kw(Kw::And)
                    if (last == 4 || last == 5) && matches!(self.lx(e + 1), Lex::Card(_)) =>
                {
                    e += 1;
                }
                _ => break,
            }
        }
        if last == 0 {
            return None;
        }
        if self.is(e - 1, Kw::And) {
            e -= 1;
        }
        Some((e, total.saturating_add(cur) as f64))
    }

    /// 10..=99 written as a teen or a tens word with an optional unit ("seventy eight").
    fn pair_words(&self, i: usize) -> R<u32> {
        match self.lx(i) {
            Lex::Card(v @ 10..=19) => Some((i + 1, u32::from(v))),
            Lex::Card(v @ 20..=90) if v % 10 == 0 => {
                let mut e = i + 1;
                let mut val = u32::from(v);
                let j = if self.pc(e, b'-') && self.glued(e) {
                    e + 1
                } else {
                    e
                };
                if let Lex::Card(u @ 1..=9) = self.lx(j) {
                    val += u32::from(u);
                    e = j + 1;
                }
                Some((e, val))
            }
            _ => None,
        }
    }

    /// A year in words: "nineteen seventy eight", "two thousand and fifteen",
    /// "seventeen hundred thirty three", "nineteen zero one".
    fn year_words(&self, i: usize) -> R<i32> {
        let mut best: R<i32> = None;
        if let Some((e, v)) = self.words_num(i) {
            let has_big = (i..e).any(|k| self.is(k, Kw::Hundred) || self.is(k, Kw::Thousand));
            if has_big && (100.0..=2999.0).contains(&v) {
                best = Some((e, v as i32));
            }
        }
        if let Some((e1, hi)) = self.pair_words(i)
            && (10..=29).contains(&hi)
        {
            let low = if self.is(e1, Kw::Zero) {
                match self.lx(e1 + 1) {
                    Lex::Card(u @ 1..=9) => Some((e1 + 2, u32::from(u))),
                    _ => None,
                }
            } else {
                self.pair_words(e1)
            };
            if let Some((e2, lo)) = low {
                best = longer(best, Some((e2, (hi * 100 + lo) as i32)));
            }
        }
        best
    }

    /// An amount: "3", "3.5", "two", "a", "an", "a couple of", "½"; `None` inside for
    /// vague amounts ("a few", "several", "some").
    fn qty(&self, i: usize) -> R<Option<f64>> {
        let t = self.tk(i);
        match t.kind {
            Tk::Num => {
                let mut v = f64::from(t.n);
                let mut e = i + 1;
                if !t.grouped
                    && self.pc(e, b'.')
                    && self.glued(e)
                    && self.glued(e + 1)
                    && self.numt(e + 1).is_some()
                {
                    let s = &self.text[t.s as usize..self.tk(e + 1).e as usize];
                    v = s.parse().ok()?;
                    e += 2;
                }
                if self.is(e, Kw::And) && self.is(e + 1, Kw::A) && self.is(e + 2, Kw::Half) {
                    v += 0.5;
                    e += 3;
                }
                // "4 1/2", "2-1/2": a whole number and a fraction.
                let f = if self.pc(e, b'-') && self.glued(e) {
                    e + 1
                } else {
                    e
                };
                if let (Some(a), Some(b)) = (self.small(f, 1), self.small(f + 2, 1))
                    && self.pc(f + 1, b'/')
                    && self.glued(f + 1)
                    && self.glued(f + 2)
                    && a < b
                    && !self.glued(f + 3)
                    && (f > e || self.tk(f).gap == 1)
                {
                    v += f64::from(a) / f64::from(b);
                    e = f + 3;
                }
                Some((e, Some(v)))
            }
            Tk::Other if t.n == 1 => Some((i + 1, Some(0.5))),
            Tk::Word => match t.lex {
                Lex::Kw(Kw::A | Kw::An) => match self.kw(i + 1) {
                    Some(Kw::Few) => Some((i + 2, None)),
                    Some(Kw::Couple) => Some((self.opt(i + 2, Kw::Of), Some(2.0))),
                    Some(Kw::Dozen) => Some((i + 2, Some(12.0))),
                    _ => Some((i + 1, Some(1.0))),
                },
                Lex::Kw(Kw::Few | Kw::Several | Kw::Some) => Some((i + 1, None)),
                Lex::Kw(Kw::Couple) => Some((self.opt(i + 1, Kw::Of), Some(2.0))),
                Lex::Card(_) => {
                    let (mut e, mut v) = self.words_num(i)?;
                    if self.is(e, Kw::And) && self.is(e + 1, Kw::A) && self.is(e + 2, Kw::Half) {
                        v += 0.5;
                        e += 3;
                    } else if self.is(e, Kw::And) && self.is(e + 1, Kw::Half) {
                        v += 0.5;
                        e += 2;
                    } else if self.is(e, Kw::And)
                        && self.is(e + 1, Kw::A)
                        && self.lx(e + 2) == Lex::Unit(Unit::Quarter, false)
                    {
                        v += 0.25;
                        e += 3;
                    }
                    Some((e, Some(v)))
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// A day of the month: "27", "27th", "twenty-seventh", "twenty seven"; with whether it
    /// was written as an ordinal.
    fn dom(&self, i: usize) -> R<(u32, bool)> {
        let t = self.tk(i);
        let (e, d, ord) = match t.kind {
            Tk::Num if !t.grouped && t.digits <= 2 => {
                // "the 26.2-mile event": a decimal, not a day.
                if self.pc(i + 1, b'.')
                    && self.glued(i + 1)
                    && self.glued(i + 2)
                    && self.numt(i + 2).is_some()
                {
                    return None;
                }
                if self.glued(i + 1)
                    && matches!(self.kw(i + 1), Some(Kw::St | Kw::Nd | Kw::Rd | Kw::Th))
                {
                    (i + 2, t.n, true)
                } else {
                    (i + 1, t.n, false)
                }
            }
            Tk::Word => match t.lex {
                Lex::Ord(v) => (i + 1, u32::from(v), true),
                Lex::Card(v @ (20 | 30)) => {
                    let j = if self.pc(i + 1, b'-') && self.glued(i + 1) {
                        i + 2
                    } else {
                        i + 1
                    };
                    match self.lx(j) {
                        Lex::Ord(u @ 1..=9) => (j + 1, u32::from(v + u16::from(u)), true),
                        Lex::Card(u @ 1..=9) => (j + 1, u32::from(v + u), false),
                        _ => (i + 1, u32::from(v), false),
                    }
                }
                Lex::Card(v @ 1..=19) => (i + 1, u32::from(v), false),
                _ => return None,
            },
            _ => return None,
        };
        (1..=31).contains(&d).then_some((e, (d, ord)))
    }

    /// A four-digit year token (1000-2999).
    fn year4(&self, i: usize) -> R<i32> {
        let t = self.numt(i)?;
        (t.digits == 4 && (1000..=2999).contains(&t.n)).then_some((i + 1, t.n as i32))
    }

    /// A year after a month or a day: four digits, words, or two digits ("April of 87").
    fn year_after(&self, i: usize, two_digits: bool) -> R<i32> {
        if let Some(r) = self.year4(i) {
            if self.glued(i + 1) && self.word(i + 1) && !self.is(i + 1, Kw::S) {
                return None;
            }
            return Some(r);
        }
        if let Some(r) = self.year_words(i) {
            return Some(r);
        }
        if two_digits {
            let j = if self.pc(i, b'\'') { i + 1 } else { i };
            let t = self.numt(j)?;
            if t.digits == 2 && !self.glued(j + 1) {
                return Some((j + 1, two_digit_year(t.n)));
            }
        }
        None
    }

    /// A month name at `i`, if the context makes it one ("in May", "May 5") rather than
    /// the modal verb, the verb "march" or a name ("Jan Smith").
    fn month(&self, i: usize, strong: bool) -> R<u32> {
        let Lex::Month(m, abbr) = self.lx(i) else {
            return None;
        };
        let t = self.tk(i);
        let ambiguous = m == 5 || m == 3 || abbr;
        if ambiguous && !strong {
            let lower = !t.cap;
            let prev_ok = i > 0
                && (matches!(
                    self.kw(i - 1),
                    Some(
                        Kw::In
                            | Kw::Of
                            | Kw::Since
                            | Kw::Until
                            | Kw::By
                            | Kw::Before
                            | Kw::After
                            | Kw::From
                            | Kw::To
                            | Kw::Through
                            | Kw::Between
                            | Kw::During
                            | Kw::Early
                            | Kw::Late
                            | Kw::Mid
                            | Kw::Last
                            | Kw::Next
                            | Kw::This
                            | Kw::Past
                            | Kw::Coming
                            | Kw::End
                            | Kw::Beginning
                            | Kw::Middle
                            | Kw::Starting
                            | Kw::Start
                            | Kw::And
                            | Kw::Or
                            | Kw::The
                    )
                ) || self.pc(i - 1, b'-'));
            let next_verbish = self.word(i + 1) && self.lx(i + 1) == Lex::No && !self.tk(i + 1).cap;
            let next_name = self.word(i + 1) && self.lx(i + 1) == Lex::No && self.tk(i + 1).cap;
            if m == 5 {
                // "may" is a month after a preposition that takes one, before the end of
                // a phrase or another time word; never "this may take", "may or may not".
                let prep = i > 0
                    && (matches!(
                        self.kw(i - 1),
                        Some(
                            Kw::In
                                | Kw::Of
                                | Kw::Since
                                | Kw::Until
                                | Kw::By
                                | Kw::Before
                                | Kw::After
                                | Kw::From
                                | Kw::To
                                | Kw::Through
                                | Kw::Between
                                | Kw::During
                                | Kw::Early
                                | Kw::Late
                                | Kw::Mid
                                | Kw::End
                                | Kw::Beginning
                                | Kw::Middle
                                | Kw::Starting
                                | Kw::Start
                        )
                    ) || (self.pc(i - 1, b'-') && self.glued(i)));
                let next_ok = self.stop(i + 1)
                    || matches!(
                        self.lx(i + 1),
                        Lex::Month(..)
                            | Lex::Kw(
                                Kw::And
                                    | Kw::Through
                                    | Kw::To
                                    | Kw::Until
                                    | Kw::In
                                    | Kw::Of
                                    | Kw::This
                                    | Kw::Next
                                    | Kw::Last
                            )
                    );
                let prev_rel = i > 0
                    && matches!(
                        self.kw(i - 1),
                        Some(Kw::This | Kw::Next | Kw::Last | Kw::Past | Kw::Coming)
                    );
                if lower {
                    if !prep || !next_ok {
                        return None;
                    }
                } else if !((prep
                    || prev_rel
                    || self.tk(i).gap == 2
                    // "May to March", "May-June": a range of months.
                    || matches!(self.kw(i + 1), Some(Kw::To | Kw::Through | Kw::Until)) && matches!(self.lx(i + 2), Lex::Month(..))
                    || self.pc(i + 1, b'-') && matches!(self.lx(i + 2), Lex::Month(..)))
                    && (next_ok || !next_verbish && !next_name))
                {
                    return None;
                }
            } else if lower {
                if !prev_ok || next_verbish {
                    return None;
                }
            } else if next_name || (!prev_ok && next_verbish) {
                return None;
            }
        }
        Some((i + 1, u32::from(m)))
    }

    /// A weekday name, with the same care for "Sun", "Sat" and "Wed".
    fn weekday(&self, i: usize, strong: bool) -> R<u32> {
        let Lex::Wday(d, abbr, false) = self.lx(i) else {
            return None;
        };
        if abbr && !strong {
            let listed = i > 0
                && (self.is(i - 1, Kw::Or) || self.is(i - 1, Kw::And) || self.pc(i - 1, b','))
                && self.last_end != usize::MAX
                && self.last_end + 1 == i;
            let prev_ok = listed
                || i > 0
                    && matches!(
                        self.kw(i - 1),
                        Some(
                            Kw::On
                                | Kw::Next
                                | Kw::Last
                                | Kw::This
                                | Kw::Every
                                | Kw::Each
                                | Kw::By
                                | Kw::Until
                                | Kw::Since
                                | Kw::From
                                | Kw::To
                                | Kw::Past
                        )
                    );
            if !prev_ok {
                return None;
            }
        }
        // "Fri. Oct 25": the full stop of an abbreviation, not the end of a sentence.
        let e = if abbr && self.pc(i + 1, b'.') && self.glued(i + 1) && !self.stop(i + 2) {
            i + 2
        } else {
            i + 1
        };
        Some((e, u32::from(d)))
    }

    /// An optional leading weekday: "Monday, ", "Wed ".
    fn wday_lead(&self, i: usize) -> (usize, Option<u32>) {
        if let Some((e, d)) = self.weekday(i, true) {
            let e2 = self.optp(e, b',');
            return (e2, Some(d));
        }
        (i, None)
    }
}

fn two_digit_year(n: u32) -> i32 {
    if n < 30 {
        2000 + n as i32
    } else {
        1900 + n as i32
    }
}

// ---------------------------------------------------------------------------------------
// Grammar: written dates
// ---------------------------------------------------------------------------------------

impl Parser<'_> {
    /// Written dates: "Oct. 28, 2024", "28 October 2024", "Friday the 22nd", "October",
    /// "October 2024", "the 27th", and the numeric forms.
    fn written_date(&self, i: usize) -> R<PDate> {
        let mut best = self.month_first(i);
        best = longer(best, self.day_first(i));
        best = longer(best, self.weekday_date(i));
        best = longer(best, self.numeric_date(i));
        best = longer(best, self.year_month(i));
        // "Friday 7/6", "thursday 29/03": the weekday adds nothing to a numeric date.
        let (j, wd) = self.wday_lead(i);
        if wd.is_some()
            && j > i
            && let Some((e, pd)) = self.numeric_date(j)
            && pd.d.is_some()
            && (pd.y.is_some() || !self.pc(j + 1, b'-'))
        {
            best = longer(best, Some((e, PDate { wd, ..pd })));
        }
        best
    }

    fn month_first(&self, i: usize) -> R<PDate> {
        let (j, wd) = self.wday_lead(i);
        let Lex::Month(..) = self.lx(j) else {
            return None;
        };
        let mut k = self.dot(j + 1);
        // Separators between month and day: "Oct/2", "Oct-2", "October, 1st", "june the 28th".
        let glued_sep =
            (self.pc(k, b'/') || self.pc(k, b'-')) && self.glued(k) && self.glued(k + 1);
        if glued_sep || self.pc(k, b',') && self.dom(k + 1).is_some_and(|(_, (_, o))| o) {
            k += 1;
        }
        let k = self.opt(k, Kw::The);
        if matches!(self.lx(k), Lex::Card(_))
            && let Some((ye, y)) = self.year_words(k)
            && self.dom(k).is_none_or(|(de, _)| ye > de)
        {
            self.month(j, true)?;
            let m = if let Lex::Month(m, _) = self.lx(j) {
                u32::from(m)
            } else {
                return None;
            };
            return Some((
                ye,
                PDate {
                    y: Some(y),
                    m: Some(m),
                    d: None,
                    wd: None,
                },
            ));
        }
        if let Some((e, (d, ord))) = self.dom(k) {
            // A bare number after a month is a day only if it does not go on as a time
            // ("May 5:30") or as a count ("March 15 people").
            let t = self.tk(k);
            let digits = t.kind == Tk::Num;
            if digits && (self.pc(e, b':') && self.glued(e)) {
                return self.month_alone(i, j, wd);
            }
            // "August 99": a two-digit number too big for a day is a year.
            let (mut e, mut pd) = (
                e,
                PDate {
                    y: None,
                    m: None,
                    d: Some(d),
                    wd,
                },
            );
            self.month(j, true)?;
            if let Lex::Month(m, _) = self.lx(j) {
                pd.m = Some(u32::from(m));
            }
            // The year: ", 2024", " 2024", " of 2020", " in 2020", words.
            let mut y_at = e;
            if self.pc(y_at, b',') {
                y_at += 1;
            }
            let y_at2 = if self.is(y_at, Kw::Of) || self.is(y_at, Kw::In) {
                y_at + 1
            } else {
                y_at
            };
            if let Some((ye, y)) = self.year_after(y_at2, ord || y_at2 > y_at || self.pc(e, b',')) {
                pd.y = Some(y);
                e = ye;
            } else if glued_sep && (self.pc(e, b'/') || self.pc(e, b'-')) && self.glued(e) {
                // "Sep-23-2020", "May/22/2018".
                if let Some((ye, y)) = self.year_after(e + 1, true) {
                    pd.y = Some(y);
                    e = ye;
                }
            }
            return Some((e, pd));
        }
        self.month_alone(i, j, wd)
    }

    /// A month without a day: "October", "October 2024", "Dec-2018", "April of 87",
    /// "August two thousand and fifteen", "August 99".
    fn month_alone(&self, i: usize, j: usize, wd: Option<u32>) -> R<PDate> {
        if wd.is_some() && j > i {
            return None;
        }
        let Lex::Month(m, _) = self.lx(j) else {
            return None;
        };
        let mut k = self.dot(j + 1);
        let mut sep = false;
        if (self.pc(k, b'/') || self.pc(k, b'-')) && self.glued(k) && self.glued(k + 1)
            || self.pc(k, b',')
            || self.is(k, Kw::Of)
            || self.is(k, Kw::In) && self.year4(k + 1).is_some()
        {
            k += 1;
            sep = true;
        }
        let two = sep || self.numt(k).is_some_and(|t| t.n > 31);
        if let Some((e, y)) = self.year_after(k, two) {
            self.month(j, true)?;
            return Some((
                e,
                PDate {
                    y: Some(y),
                    m: Some(u32::from(m)),
                    d: None,
                    wd: None,
                },
            ));
        }
        let (e, _) = self.month(j, false)?;
        Some((
            e,
            PDate {
                y: None,
                m: Some(u32::from(m)),
                d: None,
                wd: None,
            },
        ))
    }

    fn day_first(&self, i: usize) -> R<PDate> {
        let (j, wd) = self.wday_lead(i);
        let j = self.opt(j, Kw::The);
        let (e, (d, _)) = self.dom(j)?;
        let digits = self.tk(j).kind == Tk::Num;
        let mut k = e;
        if digits && self.pc(k, b'.') && self.glued(k) {
            k += 1;
        }
        if (self.pc(k, b'-') || self.pc(k, b'/')) && self.glued(k) && self.glued(k + 1) && digits {
            // "05-Aug-2016", "23/Sep/2020": handled by numeric_date.
            return None;
        }
        let k = self.opt(k, Kw::Of);
        let Lex::Month(m, _) = self.lx(k) else {
            return None;
        };
        // "5 may join": a lower-case "may" after a number is the verb.
        if m == 5 && !self.tk(k).cap && !(self.stop(k + 1) || self.year4(k + 1).is_some()) {
            return None;
        }
        self.month(k, true)?;
        let mut e = self.dot(k + 1);
        let mut pd = PDate {
            y: None,
            m: Some(u32::from(m)),
            d: Some(d),
            wd,
        };
        let mut y_at = e;
        if self.pc(y_at, b',') {
            y_at += 1;
        }
        let y_at2 = if self.is(y_at, Kw::Of) || self.is(y_at, Kw::In) {
            y_at + 1
        } else {
            y_at
        };
        if let Some((ye, y)) = self.year_after(y_at2, y_at2 > y_at) {
            pd.y = Some(y);
            e = ye;
        } else if e > k + 1 && self.numt(e).is_none() {
            // Do not swallow the sentence-final dot of an abbreviation.
            e = k + 1;
        }
        Some((e, pd))
    }

    /// "Friday", "Friday the 22nd", "Monday 21", "Mon 13th".
    fn weekday_date(&self, i: usize) -> R<PDate> {
        let (e, wd) = self.weekday(i, false)?;
        let k = self.optp(e, b',');
        let has_the = self.is(k, Kw::The);
        let k2 = self.opt(k, Kw::The);
        if let Some((de, (d, ord))) = self.dom(k2) {
            let digits = self.tk(k2).kind == Tk::Num;
            let next_month = matches!(self.lx(de), Lex::Month(..)) || self.is(de, Kw::Of);
            let time_like = self.pc(de, b':')
                || self.pc(de, b'.') && self.numt(de + 1).is_some()
                || matches!(self.kw(de), Some(Kw::Am | Kw::Pm | Kw::Oclock))
                || (self.pc(de, b'-') && self.numt(de + 1).is_some());
            if !next_month
                && !time_like
                && (has_the
                    || ord
                    || (digits
                        && (self.stop(de) || self.is(de, Kw::At) || self.is(de, Kw::Between))))
            {
                return Some((
                    de,
                    PDate {
                        y: None,
                        m: None,
                        d: Some(d),
                        wd: Some(wd),
                    },
                ));
            }
        }
        Some((
            e,
            PDate {
                wd: Some(wd),
                ..PDate::default()
            },
        ))
    }

    /// "the 27th", "the 18th", "the 27" (before the end of a phrase).
    fn the_dom(&self, i: usize) -> R<PDate> {
        if !self.is(i, Kw::The) {
            return None;
        }
        let (e, (d, ord)) = self.dom(i + 1)?;
        // "the 2:15 mark", "the 13\" screen", "the 26.2-mile event": not days.
        if matches!(self.tk(e).kind, Tk::Punct(b':' | b'"' | b'\''))
            || self.pc(e, b'.') && self.numt(e + 1).is_some()
        {
            return None;
        }
        // An ordinal word ("the second", "the fifth") is a day only after a preposition
        // that takes days; otherwise it is a step, a round, a floor.
        if self.tk(i + 1).kind == Tk::Word
            && !(i > 0
                && matches!(
                    self.kw(i - 1),
                    Some(
                        Kw::On | Kw::By | Kw::Until | Kw::Since | Kw::For | Kw::Before | Kw::After
                    )
                ))
        {
            return None;
        }
        let bare_ok = self.stop(e)
            || matches!(
                self.kw(e),
                Some(
                    Kw::This
                        | Kw::At
                        | Kw::From
                        | Kw::Between
                        | Kw::And
                        | Kw::Or
                        | Kw::To
                        | Kw::Of
                        | Kw::Until
                )
            );
        if !bare_ok {
            return None;
        }
        let t = self.tk(i + 1);
        if !ord && t.kind == Tk::Word && !matches!(t.lex, Lex::Card(20 | 30)) {
            return None;
        }
        // "the 27th of this month" and "the 20th of next month" are handled by relative().
        Some((
            e,
            PDate {
                d: Some(d),
                ..PDate::default()
            },
        ))
    }

    /// Numeric dates: 2024-10-28, 10/28/2024, 28/10/2024, 13.5.2015, 20161016, 4/22,
    /// 2015-3, 3/2015, 05-Aug-2016, 2019/aug/01.
    fn numeric_date(&self, i: usize) -> R<PDate> {
        let t = self.numt(i)?;
        // "123-12-1234", "133-03-03-2020": a piece of a longer code is not a date.
        if i >= 2
            && (self.pc(i - 1, b'-') || self.pc(i - 1, b'/'))
            && self.glued(i)
            && self.glued(i - 1)
            && self.tk(i - 2).kind == Tk::Num
        {
            let prev = self.tk(i - 2);
            let date_end = prev.digits == 4
                && i >= 3
                && (self.pc(i - 3, b'/') || self.pc(i - 3, b'-'))
                && self.glued(i - 2);
            if prev.digits >= 3 && !date_end {
                return None;
            }
        }
        let sep_at = |k: usize| -> Option<u8> {
            match self.tk(k).kind {
                Tk::Punct(c @ (b'-' | b'/' | b'.')) if self.glued(k) && self.glued(k + 1) => {
                    Some(c)
                }
                _ => None,
            }
        };
        let month_word = |k: usize| -> Option<u32> {
            match self.lx(k) {
                Lex::Month(m, _) => Some(u32::from(m)),
                _ => None,
            }
        };
        // YYYYMMDD.
        if t.digits == 8 && !(self.glued(i + 1) && self.word(i + 1)) {
            let (y, m, d) = (t.n / 10000, t.n / 100 % 100, t.n % 100);
            if (1900..=2100).contains(&y) && ymd(y as i32, m, d).is_some() {
                return Some((
                    i + 1,
                    PDate {
                        y: Some(y as i32),
                        m: Some(m),
                        d: Some(d),
                        wd: None,
                    },
                ));
            }
            return None;
        }
        if t.digits == 4 {
            let y = t.n as i32;
            // YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY-mon-D, YYYY/D/mon.
            if let Some(s1) = sep_at(i + 1) {
                let mid_num = self.small(i + 2, 2);
                let mid_month = month_word(i + 2);
                if let Some(s2) = sep_at(i + 3)
                    && s2 == s1
                {
                    let last_num = self.small(i + 4, 2);
                    let last_month = month_word(i + 4);
                    let end = i + 5;
                    if self.glued(end)
                        && (self.numt(end).is_some() || self.word(end))
                        && !self.is(end, Kw::H)
                    {
                        return None;
                    }
                    match (mid_num, mid_month, last_num, last_month) {
                        (Some(m), _, Some(d), _) => {
                            return (
                                end,
                                PDate {
                                    y: Some(y),
                                    m: Some(m),
                                    d: Some(d),
                                    wd: None,
                                },
                            )
                                .filter_valid();
                        }
                        (None, Some(m), Some(d), _) => {
                            return (
                                end,
                                PDate {
                                    y: Some(y),
                                    m: Some(m),
                                    d: Some(d),
                                    wd: None,
                                },
                            )
                                .filter_valid();
                        }
                        (Some(d), _, None, Some(m)) => {
                            return (
                                end,
                                PDate {
                                    y: Some(y),
                                    m: Some(m),
                                    d: Some(d),
                                    wd: None,
                                },
                            )
                                .filter_valid();
                        }
                        _ => return None,
                    }
                }
                // YYYY-MM (a month), but not a range of years ("2014-2018", "1957-58").
                if let Some(m) = mid_num {
                    let mdig = self.tk(i + 2).digits;
                    let next_glued =
                        self.glued(i + 3) && (self.numt(i + 3).is_some() || self.word(i + 3));
                    let ok = (1..=12).contains(&m)
                        && !next_glued
                        && (s1 != b'.' || mdig == 1)
                        && !(self.pc(i + 3, s1) && self.glued(i + 3));
                    if ok {
                        return Some((
                            i + 3,
                            PDate {
                                y: Some(y),
                                m: Some(m),
                                d: None,
                                wd: None,
                            },
                        ));
                    }
                }
            }
            // "2016 - 11", "2016 / 11" with spaces.
            if (self.pc(i + 1, b'-') || self.pc(i + 1, b'/'))
                && !(self.glued(i + 1) && self.glued(i + 2))
                && let Some(m) = self.small(i + 2, 2)
                && (1..=12).contains(&m)
                && (1000..=2999).contains(&y)
                && !self.glued(i + 3)
                && self.tk(i + 2).digits <= 2
            {
                return Some((
                    i + 3,
                    PDate {
                        y: Some(y),
                        m: Some(m),
                        d: None,
                        wd: None,
                    },
                ));
            }
            // "2016 10 16".
            if let (Some(m), Some(d)) = (self.small(i + 1, 2), self.small(i + 2, 2))
                && !self.glued(i + 1)
                && !self.glued(i + 2)
                && self.numt(i + 3).is_none()
                && (1..=12).contains(&m)
            {
                return (
                    i + 3,
                    PDate {
                        y: Some(y),
                        m: Some(m),
                        d: Some(d),
                        wd: None,
                    },
                )
                    .filter_valid();
            }
            return None;
        }
        if t.digits > 2 {
            return None;
        }
        let a = t.n;
        // A-B-C with numbers or a month word in the middle.
        if let Some(s1) = sep_at(i + 1) {
            let b_num = self.small(i + 2, 2);
            let b_month = month_word(i + 2);
            let b4 = self.year4(i + 2);
            if let Some(s2) = sep_at(i + 3)
                && s2 == s1
            {
                let end = i + 5;
                let c_tok = self.numt(i + 4);
                let c_month = month_word(i + 4);
                if self.glued(end)
                    && (self.numt(end).is_some()
                        || (self.pc(end, s1)
                            && self.numt(end + 1).is_some()
                            && self.glued(end + 1)))
                {
                    return None;
                }
                if let (Some(b), Some(c)) = (b_num, c_tok) {
                    let y = match c.digits {
                        4 => c.n as i32,
                        2 => two_digit_year(c.n),
                        _ => return None,
                    };
                    let (m, d) = if s1 == b'.' {
                        if b <= 12 { (b, a) } else { (a, b) }
                    } else if a > 12 {
                        (b, a)
                    } else {
                        (a, b)
                    };
                    return (
                        end,
                        PDate {
                            y: Some(y),
                            m: Some(m),
                            d: Some(d),
                            wd: None,
                        },
                    )
                        .filter_valid();
                }
                if let (Some(m), Some(c)) = (b_month, c_tok) {
                    let y = match c.digits {
                        4 => c.n as i32,
                        2 => two_digit_year(c.n),
                        _ => return None,
                    };
                    return (
                        end,
                        PDate {
                            y: Some(y),
                            m: Some(m),
                            d: Some(a),
                            wd: None,
                        },
                    )
                        .filter_valid();
                }
                if let (Some((_, y)), Some(m)) = (b4, c_month) {
                    return (
                        end,
                        PDate {
                            y: Some(y),
                            m: Some(m),
                            d: Some(a),
                            wd: None,
                        },
                    )
                        .filter_valid();
                }
                return None;
            }
            if let Some(m) = b_month {
                // "22-Jan" without a year is rare; "2-Feb" could be a score.
                if self.stop(i + 3) {
                    return Some((
                        i + 3,
                        PDate {
                            y: None,
                            m: Some(m),
                            d: Some(a),
                            wd: None,
                        },
                    ));
                }
                return None;
            }
            if let Some((e, y)) = b4 {
                // "3/2015", "12-2015": a month and a year.
                if (1..=12).contains(&a) && s1 != b'.' && !(self.glued(e) && self.numt(e).is_some())
                {
                    return Some((
                        e,
                        PDate {
                            y: Some(y),
                            m: Some(a),
                            d: None,
                            wd: None,
                        },
                    ));
                }
                return None;
            }
            if let Some(b) = b_num {
                // M/D without a year: only where a date is expected, never a fraction
                // ("2/3 of") or a score.
                let e = i + 3;
                if self.glued(e)
                    && (self.numt(e).is_some()
                        || self.word(e) && !matches!(self.kw(e), Some(Kw::Am | Kw::Pm)))
                {
                    return None;
                }
                if self.glued(e) && self.pc(e, s1) {
                    return None;
                }
                if self.glued(e) && matches!(self.kw(e), Some(Kw::Am | Kw::Pm)) {
                    return None;
                }
                if self.pc(e, b':')
                    || matches!(self.kw(e), Some(Kw::Am | Kw::Pm | Kw::Zone))
                    || self.ampm(e).is_some()
                {
                    return None;
                }
                if !self.date_context(i)
                    && (a <= 12 && b <= 12 || self.is(i.wrapping_sub(1), Kw::At))
                {
                    return None;
                }
                // "08/12,2015", "08/12,15": a year after a comma.
                if s1 == b'/'
                    && self.pc(e, b',')
                    && self.glued(e)
                    && let Some(yt) = self.numt(e + 1)
                    && (yt.digits == 4 || yt.digits == 2 && self.glued(e + 1))
                    && !self.glued(e + 2)
                {
                    let y = if yt.digits == 4 {
                        yt.n as i32
                    } else {
                        two_digit_year(yt.n)
                    };
                    let (m, d) = if a > 12 { (b, a) } else { (a, b) };
                    return (
                        e + 2,
                        PDate {
                            y: Some(y),
                            m: Some(m),
                            d: Some(d),
                            wd: None,
                        },
                    )
                        .filter_valid();
                }
                let (m, d) = if s1 == b'.' {
                    // "4.22" (American month.day) unless the first cannot be a month.
                    if a > 12 { (b, a) } else { (a, b) }
                } else if a > 12 {
                    (b, a)
                } else {
                    (a, b)
                };
                if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
                    return None;
                }
                if s1 == b'.'
                    && !(self.is(i.wrapping_sub(1), Kw::On)
                        || self.is(i.wrapping_sub(1), Kw::In)
                        || matches!(self.lx(i.wrapping_sub(1)), Lex::Wday(..))
                        || self.is(i.wrapping_sub(1), Kw::This)
                        || self.is(i.wrapping_sub(1), Kw::Next))
                {
                    return None;
                }
                return Some((
                    e,
                    PDate {
                        y: None,
                        m: Some(m),
                        d: Some(d),
                        wd: None,
                    },
                ));
            }
            return None;
        }
        // "12 - 2015", "11 / 2016" with spaces.
        if (self.pc(i + 1, b'-') || self.pc(i + 1, b'/'))
            && !(self.glued(i + 1) && self.glued(i + 2))
            && (1..=12).contains(&a)
            && let Some((e, y)) = self.year4(i + 2)
            && !self.glued(e)
        {
            return Some((
                e,
                PDate {
                    y: Some(y),
                    m: Some(a),
                    d: None,
                    wd: None,
                },
            ));
        }
        None
    }

    /// "2016 june", "2016, nov", "2017 april": a year, then a month.
    fn year_month(&self, i: usize) -> R<PDate> {
        let (e, y) = self.year4(i)?;
        let k = self.optp(e, b',');
        let Lex::Month(m, _) = self.lx(k) else {
            return None;
        };
        if self.dom(k + 1).is_some() && !self.stop(k + 1) {
            return None;
        }
        self.month(k, true)?;
        Some((
            k + 1,
            PDate {
                y: Some(y),
                m: Some(u32::from(m)),
                d: None,
                wd: None,
            },
        ))
    }

    /// Whether a bare numeric date ("4/22") may start at `i`: after a preposition that takes
    /// dates, a weekday, or in a list after another date.
    fn date_context(&self, i: usize) -> bool {
        if i == 0 {
            return true;
        }
        let p = i - 1;
        if matches!(
            self.kw(p),
            Some(
                Kw::On
                    | Kw::In
                    | Kw::By
                    | Kw::Since
                    | Kw::Until
                    | Kw::From
                    | Kw::To
                    | Kw::Through
                    | Kw::Between
                    | Kw::Before
                    | Kw::After
                    | Kw::This
                    | Kw::Next
                    | Kw::For
                    | Kw::Date
                    | Kw::Be
            )
        ) || matches!(self.lx(p), Lex::Wday(..))
        {
            return true;
        }
        // The end of a numeric interval ("10/1-11/7", "10/1 to 11/7"): the start must be
        // a numeric date itself, not a plain number ("2-1/2", "14-13-2").
        if (self.pc(p, b'-')
            || self.is(p, Kw::To)
            || self.is(p, Kw::Through)
            || self.is(p, Kw::Until))
            && p >= 3
            && self.tk(p - 1).kind == Tk::Num
            && matches!(self.tk(p - 2).kind, Tk::Punct(b'/' | b'.'))
            && self.glued(p - 1)
            && self.tk(p - 3).kind == Tk::Num
        {
            return true;
        }
        if p > 0 && self.pc(p, b',') && matches!(self.lx(p - 1), Lex::Wday(..)) {
            return true;
        }
        if (self.pc(p, b',') || self.is(p, Kw::Or) || self.is(p, Kw::And) || self.pc(p, b'-'))
            && self.last_end != usize::MAX
            && self.last_end + 1 >= p
            && self.last_end <= p
        {
            return true;
        }
        self.tk(i).gap == 2 || self.pc(p, b'?') || self.pc(p, b':')
    }

    /// A bare year: "in 2015", "2015", but not "2000 pieces" or "$2015".
    fn bare_year(&self, i: usize) -> R<i32> {
        let (e, y) = self.year4(i)?;
        if self.glued(e) && (self.word(e) || self.numt(e).is_some()) {
            return None;
        }
        if self.pc(e, b'%')
            || (self.pc(e, b'.') || self.pc(e, b','))
                && self.glued(e)
                && self.numt(e + 1).is_some()
                && self.glued(e + 1)
        {
            return None;
        }
        if self.pc(e, b':') && self.numt(e + 1).is_some() {
            return None;
        }
        // Part of a longer code or sum: "138-2010-2015", "32 - 2015", "2015 - 32".
        if (self.pc(e, b'-') || self.pc(e, b'/')) && self.numt(e + 1).is_some() {
            return None;
        }
        if i >= 2
            && (self.pc(i - 1, b'-') || self.pc(i - 1, b'/'))
            && self.tk(i - 2).kind == Tk::Num
        {
            return None;
        }
        let prev = i.checked_sub(1);
        let prep = prev.is_some_and(|p| {
            matches!(
                self.kw(p),
                Some(
                    Kw::In
                        | Kw::Of
                        | Kw::Since
                        | Kw::By
                        | Kw::Until
                        | Kw::Before
                        | Kw::After
                        | Kw::From
                        | Kw::To
                        | Kw::Through
                        | Kw::During
                        | Kw::Between
                        | Kw::And
                        | Kw::Or
                        | Kw::Early
                        | Kw::Late
                        | Kw::Mid
                        | Kw::End
                        | Kw::The
                        | Kw::Fiscal
                        | Kw::Calendar
                )
            ) || self.lx(p) == Lex::Unit(Unit::Year, false)
                || (self.pc(p, b'-') && self.glued(i))
                || self.pc(p, b'=')
        });
        if let Some(p) = prev {
            if self.pc(p, b'$') || self.pc(p, b'#') {
                return None;
            }
            if self.pc(p, b'.') && self.glued(i) && self.numt(p.wrapping_sub(1)).is_some() {
                return None;
            }
            let than_time = self.is(p, Kw::Than)
                && p > 0
                && matches!(self.kw(p - 1), Some(Kw::Later | Kw::Earlier | Kw::More));
            let more_words = p > 0 && self.is(p - 1, Kw::More);
            if matches!(
                self.kw(p),
                Some(
                    Kw::Around
                        | Kw::About
                        | Kw::Some
                        | Kw::Nearly
                        | Kw::Over
                        | Kw::Than
                        | Kw::Least
                        | Kw::Approx
                )
            ) && (!than_time || more_words)
            {
                return None;
            }
            if self.tk(p).kind == Tk::Other && self.glued(i) {
                return None;
            }
        }
        // Dimensions: "1920 x 1200".
        if matches!(self.surface(e), "x" | "X" | "\u{d7}")
            || prev.is_some_and(|p| matches!(self.surface(p), "x" | "X" | "\u{d7}"))
        {
            return None;
        }
        // A counted noun after the number: "2000 pieces", "1500 troops".
        let nt = self.tk(e);
        let article = prev.is_some_and(|p| matches!(self.kw(p), Some(Kw::A | Kw::An)));
        if nt.kind == Tk::Word && nt.lex == Lex::No && !nt.cap && !prep && !article {
            let w = self.surface(e);
            if w.len() >= 4
                && w.ends_with('s')
                && !(w.ends_with("ss") || w.ends_with("is") || w.ends_with("us"))
            {
                return None;
            }
        }
        if !prep && !(1800..=2100).contains(&y) {
            return None;
        }
        Some((e, y))
    }
}

trait FilterValid {
    fn filter_valid(self) -> Option<(usize, PDate)>;
}

impl FilterValid for (usize, PDate) {
    /// Keeps a date only if its numbers make a date at all (month 1-12, day 1-31).
    fn filter_valid(self) -> Option<(usize, PDate)> {
        let (_, p) = self;
        let m_ok = p.m.is_none_or(|m| (1..=12).contains(&m));
        let d_ok = p.d.is_none_or(|d| (1..=31).contains(&d));
        (m_ok && d_ok).then_some(self)
    }
}

// ---------------------------------------------------------------------------------------
// Grammar: relative days and periods
// ---------------------------------------------------------------------------------------

/// The word that places a period relative to the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rel {
    This,
    Next,
    Last,
    /// "past Wednesday", "this past Wednesday": the nearest one before the reference.
    Recent,
    /// "coming Thursday", "this upcoming Friday": the nearest one after the reference.
    Coming,
}

impl Parser<'_> {
    /// Places a relative expression when there is a reference, or marks it as valueless.
    fn with_ref(&self, kind: TimeKind, f: impl FnOnce(NaiveDate) -> Option<Cal>) -> Pt {
        match self.r.and_then(f) {
            Some(c) => Pt::C(c, true),
            None => Pt::Nil(kind),
        }
    }

    /// "this", "next", "last", "this past", "the coming", "following", "previous".
    fn rel_word(&self, i: usize) -> R<Rel> {
        let i = self.opt(i, Kw::The);
        // "will last three weekends", "to last two hours": the verb.
        if self.is(i, Kw::Last) && i > 0 {
            let w = self.surface(i - 1).to_ascii_lowercase();
            if matches!(
                w.as_str(),
                "will"
                    | "would"
                    | "could"
                    | "should"
                    | "can"
                    | "may"
                    | "might"
                    | "must"
                    | "to"
                    | "ll"
                    | "t"
                    | "did"
                    | "does"
                    | "do"
                    | "not"
            ) {
                return None;
            }
        }
        match self.kw(i)? {
            Kw::This if self.is(i + 1, Kw::Past) => Some((i + 2, Rel::Recent)),
            Kw::This if matches!(self.kw(i + 1), Some(Kw::Coming | Kw::Upcoming)) => {
                Some((i + 2, Rel::Coming))
            }
            Kw::This | Kw::Current => Some((i + 1, Rel::This)),
            Kw::Next => Some((i + 1, Rel::Next)),
            // "following Sunday elections": the preposition; "the following Sunday".
            Kw::Following
                if i > 0 && matches!(self.kw(i - 1), Some(Kw::The | Kw::On))
                    || !matches!(self.lx(i + 1), Lex::Wday(..)) =>
            {
                Some((i + 1, Rel::Next))
            }
            Kw::Last | Kw::Previous => Some((i + 1, Rel::Last)),
            Kw::Past => Some((i + 1, Rel::Recent)),
            Kw::Coming | Kw::Upcoming => Some((i + 1, Rel::Coming)),
            _ => None,
        }
    }

    fn weekday_rel(r: NaiveDate, wd: u32, rel: Rel) -> Option<NaiveDate> {
        let mon = monday(r);
        let rwd = i64::from(wd_num(r));
        let wd = i64::from(wd);
        match rel {
            Rel::This => add_days(mon, wd - 1),
            Rel::Next => add_days(mon, wd - 1 + 7),
            Rel::Last => add_days(mon, wd - 1 - 7),
            Rel::Recent => add_days(
                r,
                -(((rwd - wd).rem_euclid(7)).max(1) + if rwd == wd { 6 } else { 0 }),
            ),
            Rel::Coming => add_days(
                r,
                ((wd - rwd).rem_euclid(7)).max(1) + if rwd == wd { 6 } else { 0 },
            ),
        }
    }

    fn unit_rel(r: NaiveDate, unit: Unit, k: i64) -> Option<Cal> {
        Some(match unit {
            Unit::Day | Unit::Night => Cal::Day(add_days(r, k)?),
            Unit::Week => Cal::Week(add_days(monday(r), 7 * k)?),
            Unit::Weekend => Cal::Weekend(add_days(monday(r), 5 + 7 * k)?),
            Unit::Fortnight => {
                let start = add_days(monday(r), 14 * k)?;
                Cal::Days(start, add_days(start, 13)?)
            }
            Unit::Month => {
                let (y, m) = month_shift(r.year(), r.month(), k)?;
                Cal::Month(y, m)
            }
            Unit::Quarter => {
                let q = (r.month() - 1) / 3;
                let (y, m) = month_shift(r.year(), 3 * q + 1, 3 * k)?;
                Cal::Quarter(y, (m - 1) / 3 + 1)
            }
            Unit::Year => Cal::Year(r.year().checked_add(i32::try_from(k).ok()?)?),
            Unit::Decade => Cal::Decade((r.year().div_euclid(10) + i32::try_from(k).ok()?) * 10),
            Unit::Century => Cal::Century(r.year().div_euclid(100) + i32::try_from(k).ok()?),
            Unit::Hour | Unit::Minute | Unit::Second => return None,
        })
    }

    fn rel_k(rel: Rel) -> i64 {
        match rel {
            Rel::This => 0,
            Rel::Next | Rel::Coming => 1,
            Rel::Last | Rel::Recent => -1,
        }
    }

    /// Relative days and periods: "today", "last week", "next Friday", "this month",
    /// "last September", "the week after next", "Tuesday next week", "June next year".
    fn relative(&self, i: usize) -> R<Pt> {
        let mut best: R<Pt> = None;
        match self.lx(i) {
            Lex::Kw(Kw::Today) => {
                best = Some((i + 1, self.with_ref(TimeKind::Date, |r| Some(Cal::Day(r)))))
            }
            Lex::Kw(Kw::Otd) => {
                best = Some((i + 1, self.with_ref(TimeKind::Date, |r| Some(Cal::Day(r)))))
            }
            Lex::Kw(Kw::Tomorrow) => {
                best = Some((
                    i + 1,
                    self.with_ref(TimeKind::Date, |r| Some(Cal::Day(add_days(r, 1)?))),
                ))
            }
            Lex::Kw(Kw::Yesterday) => {
                best = Some((
                    i + 1,
                    self.with_ref(TimeKind::Date, |r| Some(Cal::Day(add_days(r, -1)?))),
                ))
            }
            _ => {}
        }
        // "the day before yesterday", "the day after tomorrow".
        {
            let j = self.opt(i, Kw::The);
            if self.lx(j) == Lex::Unit(Unit::Day, false) {
                let k = match (self.kw(j + 1), self.kw(j + 2)) {
                    (Some(Kw::Before), Some(Kw::Yesterday)) => Some(-2),
                    (Some(Kw::After), Some(Kw::Tomorrow)) => Some(2),
                    _ => None,
                };
                if let Some(k) = k {
                    best = longer(
                        best,
                        Some((
                            j + 3,
                            self.with_ref(TimeKind::Date, |r| Some(Cal::Day(add_days(r, k)?))),
                        )),
                    );
                }
            }
        }
        if let Some((j, rel)) = self.rel_word(i) {
            // "last Friday", "next June", "this week", "last summer".
            if let Some((e, wd)) = self.weekday(j, true) {
                // "next week" wins over "next Wed" when followed by a week word.
                best = longer(
                    best,
                    Some((
                        e,
                        self.with_ref(TimeKind::Date, |r| {
                            Some(Cal::Day(Self::weekday_rel(r, wd, rel)?))
                        }),
                    )),
                );
            }
            match self.lx(j) {
                Lex::Unit(
                    u @ (Unit::Week
                    | Unit::Month
                    | Unit::Year
                    | Unit::Weekend
                    | Unit::Quarter
                    | Unit::Decade
                    | Unit::Fortnight
                    | Unit::Century),
                    false,
                ) => {
                    let k = Self::rel_k(rel);
                    // "This weekend Doctor Who fans finally learned", read on a Monday: the
                    // weekend just gone.
                    let k = if u == Unit::Weekend
                        && rel == Rel::This
                        && self.r.is_some_and(|r| wd_num(r) <= 4)
                        && self.cue(i, j + 1, false) == Some(Dir::Past)
                    {
                        -1
                    } else {
                        k
                    };
                    let pt = self.with_ref(unit_kind(u), |r| Self::unit_rel(r, u, k));
                    best = longer(best, Some((j + 1, pt)));
                }
                Lex::Unit(Unit::Day, false) if self.stop(j + 1) => {
                    let k = Self::rel_k(rel);
                    // "the previous day", "the following day", "the next day" count from the
                    // story's own events ("a shooting that had taken place the previous
                    // day"), except in a clause that looks ahead.
                    let anaphoric = matches!(self.kw(j - 1), Some(Kw::Previous | Kw::Following))
                        || k > 0 && self.dir_at(i, j + 1, false) == Dir::Past;
                    if anaphoric {
                        best = longer(best, Some((j + 1, Pt::Nil(TimeKind::Date))));
                    } else if rel != Rel::This || self.is(i, Kw::This) {
                        best = longer(
                            best,
                            Some((
                                j + 1,
                                self.with_ref(TimeKind::Date, |r| Some(Cal::Day(add_days(r, k)?))),
                            )),
                        );
                    }
                }
                Lex::Month(m, _) if self.month(j, false).is_some() => {
                    let m = u32::from(m);
                    let pt = self.with_ref(TimeKind::Month, |r| {
                        let y = match rel {
                            Rel::This => r.year(),
                            Rel::Next => r.year() + 1,
                            Rel::Last => r.year() - 1,
                            Rel::Recent => {
                                if m < r.month() {
                                    r.year()
                                } else {
                                    r.year() - 1
                                }
                            }
                            Rel::Coming => {
                                if m > r.month() {
                                    r.year()
                                } else {
                                    r.year() + 1
                                }
                            }
                        };
                        Some(Cal::Month(y, m))
                    });
                    best = longer(best, Some((self.dot(j + 1).min(j + 1), pt)));
                }
                Lex::Season(s) => {
                    let pt = self.with_ref(TimeKind::Season, |r| {
                        let y = r.year() + i32::try_from(Self::rel_k(rel)).ok()?;
                        Some(Cal::Season(y, s))
                    });
                    best = longer(best, Some((j + 1, pt)));
                }
                Lex::Kw(Kw::Calendar) if self.lx(j + 1) == Lex::Unit(Unit::Year, false) => {
                    let k = Self::rel_k(rel);
                    best = longer(
                        best,
                        Some((
                            j + 2,
                            self.with_ref(TimeKind::Year, |r| Self::unit_rel(r, Unit::Year, k)),
                        )),
                    );
                }
                Lex::Dp(..) => {}
                _ => {}
            }
        }
        // "the week after next", "the month after the next", "the weekend after the next".
        {
            let j = self.opt(i, Kw::The);
            if let Lex::Unit(u @ (Unit::Week | Unit::Month | Unit::Year | Unit::Weekend), false) =
                self.lx(j)
                && self.is(j + 1, Kw::After)
            {
                let k = self.opt(j + 2, Kw::The);
                if self.is(k, Kw::Next) {
                    best = longer(
                        best,
                        Some((
                            k + 1,
                            self.with_ref(unit_kind(u), |r| Self::unit_rel(r, u, 2)),
                        )),
                    );
                }
            }
        }
        // "Tuesday next week", "Sunday of next week", "Monday of the following week".
        if let Some((e, wd)) = self.weekday(i, false) {
            let mut k = self.optp(e, b',');
            k = self.opt(k, Kw::Of);
            if let Some((j, rel)) = self.rel_word(k)
                && self.lx(j) == Lex::Unit(Unit::Week, false)
            {
                let kk = Self::rel_k(rel);
                best = longer(
                    best,
                    Some((
                        j + 1,
                        self.with_ref(TimeKind::Date, |r| {
                            Some(Cal::Day(add_days(monday(r), 7 * kk + i64::from(wd) - 1)?))
                        }),
                    )),
                );
            }
        }
        // "next week Monday", "next week on Friday", "previous week - Monday".
        if let Some((j, rel)) = self.rel_word(i)
            && self.lx(j) == Lex::Unit(Unit::Week, false)
        {
            let mut k = j + 1;
            if self.pc(k, b'-') || self.pc(k, b',') || self.is(k, Kw::On) {
                k += 1;
            }
            if let Some((e, wd)) = self.weekday(k, true) {
                let kk = Self::rel_k(rel);
                best = longer(
                    best,
                    Some((
                        e,
                        self.with_ref(TimeKind::Date, |r| {
                            Some(Cal::Day(add_days(monday(r), 7 * kk + i64::from(wd) - 1)?))
                        }),
                    )),
                );
            }
        }
        // "June next year", "August last year", "August of last year", "summer of 2016".
        if let Lex::Month(m, _) = self.lx(i) {
            let k = self.opt(self.optp(i + 1, b','), Kw::Of);
            if let Some((j, rel)) = self.rel_word(k)
                && self.lx(j) == Lex::Unit(Unit::Year, false)
                && self.month(i, true).is_some()
            {
                let kk = Self::rel_k(rel);
                best = longer(
                    best,
                    Some((
                        j + 1,
                        self.with_ref(TimeKind::Month, |r| {
                            Some(Cal::Month(r.year() + i32::try_from(kk).ok()?, u32::from(m)))
                        }),
                    )),
                );
            }
        }
        // "the 20th of next month", "31st of this month", "the 15th day of next month".
        {
            let j = self.opt(i, Kw::The);
            if let Some((e, (d, _))) = self.dom(j) {
                let mut k = e;
                if self.lx(k) == Lex::Unit(Unit::Day, false) {
                    k += 1;
                }
                let of = self.is(k, Kw::Of);
                if of || matches!(self.kw(k), Some(Kw::This | Kw::Next | Kw::Last)) && j > i {
                    let k = if of { k + 1 } else { k };
                    let target = if let Some((jj, rel)) = self.rel_word(k) {
                        (self.lx(jj) == Lex::Unit(Unit::Month, false))
                            .then_some((jj + 1, Self::rel_k(rel)))
                    } else if self.is(k, Kw::The) && self.lx(k + 1) == Lex::Unit(Unit::Month, false)
                    {
                        Some((k + 2, 0))
                    } else {
                        None
                    };
                    if let Some((e2, kk)) = target {
                        let pt = self.with_ref(TimeKind::Date, |r| {
                            let (y, m) = month_shift(r.year(), r.month(), kk)?;
                            Some(Cal::Day(ymd(y, m, d)?))
                        });
                        best = longer(best, Some((e2, pt)));
                    }
                }
            }
        }
        best
    }
}

/// The kind of a period named by a unit ("this week" is a week).
fn unit_kind(u: Unit) -> TimeKind {
    match u {
        Unit::Day | Unit::Night => TimeKind::Date,
        Unit::Week => TimeKind::Week,
        Unit::Weekend | Unit::Fortnight => TimeKind::Range,
        Unit::Month => TimeKind::Month,
        Unit::Quarter => TimeKind::Quarter,
        Unit::Year => TimeKind::Year,
        Unit::Decade => TimeKind::Decade,
        Unit::Century => TimeKind::Century,
        _ => TimeKind::Time,
    }
}

// ---------------------------------------------------------------------------------------
// Grammar: ordinal periods, quarters, seasons, decades, centuries, holidays
// ---------------------------------------------------------------------------------------

impl Parser<'_> {
    /// An ordinal for periods: "first", "1st", "third", "last".
    fn nth(&self, i: usize) -> R<i32> {
        if self.is(i, Kw::Last) {
            return Some((i + 1, -1));
        }
        let (e, (n, ord)) = self.dom(i)?;
        (ord && n <= 53).then_some((e, n as i32))
    }

    /// What "of ..." names after "the first week of": a month or a year, placed.
    fn of_period(&self, i: usize) -> R<Pt> {
        let i = self.opt(i, Kw::The);
        if let Some((e, pd)) = self.month_first(i).or_else(|| self.month_alone(i, i, None))
            && pd.d.is_none()
        {
            return Some((e, Pt::P(pd)));
        }
        if let Some((e, y)) = self.year4(i).or_else(|| self.year_words(i)) {
            return Some((e, Pt::C(Cal::Year(y), false)));
        }
        if let Some((j, rel)) = self.rel_word(i)
            && let Lex::Unit(u @ (Unit::Month | Unit::Year), false) = self.lx(j)
        {
            let k = Self::rel_k(rel);
            return Some((
                j + 1,
                self.with_ref(unit_kind(u), |r| Self::unit_rel(r, u, k)),
            ));
        }
        if let Lex::Unit(u @ (Unit::Month | Unit::Year), false) = self.lx(i)
            && self.is(i.wrapping_sub(1), Kw::The)
        {
            return Some((
                i + 1,
                self.with_ref(unit_kind(u), |r| Self::unit_rel(r, u, 0)),
            ));
        }
        None
    }

    /// "the first week of October", "the last week of 2016", "week 31", "the third
    /// quarter of 2016", "the first Friday of July", "second Sunday", "the 9th month of
    /// next year", "the first 2 weeks of 2021".
    fn ordinal_period(&self, i: usize) -> R<Pt> {
        let j = self.opt(i, Kw::The);
        let mut best: R<Pt> = None;
        // "week 31", "week 3 of 2027", "the week 27 of last year".
        if self.lx(j) == Lex::Unit(Unit::Week, false)
            && let Some(n) = self.small(j + 1, 2)
            && (1..=53).contains(&n)
            && !self.glued(j + 2)
        {
            let mut e = j + 2;
            let mut year_pt: Option<Pt> = None;
            if self.is(e, Kw::Of)
                && let Some((e2, p)) = self.of_period(e + 1)
            {
                year_pt = Some(p);
                e = e2;
            }
            let pt = match year_pt {
                Some(Pt::C(Cal::Year(y), rel)) => {
                    iso_week(y, n).map_or(Pt::Nil(TimeKind::Week), |d| Pt::C(Cal::Week(d), rel))
                }
                Some(_) => Pt::Nil(TimeKind::Week),
                None => self.with_ref(TimeKind::Week, |r| Some(Cal::Week(iso_week(r.year(), n)?))),
            };
            best = longer(best, Some((e, pt)));
        }
        let Some((k, n)) = self.nth(j) else {
            return best;
        };
        match self.lx(k) {
            Lex::Unit(Unit::Week, false)
                if self.is(k + 1, Kw::Of)
                    || matches!(self.kw(k + 1), Some(Kw::Next | Kw::This | Kw::Last)) =>
            {
                let at = if self.is(k + 1, Kw::Of) { k + 2 } else { k + 1 };
                if let Some((e, p)) = self.of_period(at) {
                    let pt = match p {
                        Pt::C(Cal::Year(y), rel) => {
                            let w = if n < 0 { weeks_in_year(y) } else { n as u32 };
                            iso_week(y, w)
                                .map_or(Pt::Nil(TimeKind::Week), |d| Pt::C(Cal::Week(d), rel))
                        }
                        Pt::C(Cal::Month(y, m), rel) => week_of_month(y, m, n)
                            .map_or(Pt::Nil(TimeKind::Week), |d| Pt::C(Cal::Week(d), rel)),
                        Pt::P(pd) if pd.y.is_some() => {
                            week_of_month(pd.y.unwrap_or(0), pd.m.unwrap_or(1), n)
                                .map_or(Pt::Nil(TimeKind::Week), |d| Pt::C(Cal::Week(d), false))
                        }
                        Pt::P(pd) => {
                            let m = pd.m.unwrap_or(1);
                            self.with_ref(TimeKind::Week, |r| {
                                let mut y = r.year();
                                let mut w = week_of_month(y, m, n)?;
                                if w > r {
                                    y -= 1;
                                    w = week_of_month(y, m, n)?;
                                }
                                Some(Cal::Week(w))
                            })
                        }
                        _ => Pt::Nil(TimeKind::Week),
                    };
                    best = longer(best, Some((e, pt)));
                }
            }
            Lex::Unit(u @ (Unit::Quarter | Unit::Month), false) if n > 0 => {
                let mut e = k + 1;
                let mut yp: Option<Pt> = None;
                if self.is(e, Kw::Of) {
                    if let Some((e2, p)) = self.of_period(e + 1) {
                        yp = Some(p);
                        e = e2;
                    }
                } else if let Some((j2, rel)) = self.rel_word(e)
                    && self.lx(j2) == Lex::Unit(Unit::Year, false)
                {
                    let kk = Self::rel_k(rel);
                    yp = Some(self.with_ref(TimeKind::Year, |r| {
                        Some(Cal::Year(r.year() + i32::try_from(kk).ok()?))
                    }));
                    e = j2 + 1;
                }
                let max = if u == Unit::Quarter { 4 } else { 12 };
                if n as u32 > max {
                    return best;
                }
                let make = |y: i32| {
                    if u == Unit::Quarter {
                        Cal::Quarter(y, n as u32)
                    } else {
                        Cal::Month(y, n as u32)
                    }
                };
                let pt = match yp {
                    Some(Pt::C(Cal::Year(y), rel)) => Pt::C(make(y), rel),
                    Some(_) => Pt::Nil(TimeKind::Quarter),
                    None if u == Unit::Quarter => {
                        // "the third quarter" alone: the latest one begun.
                        self.with_ref(TimeKind::Quarter, |r| {
                            let cur = (r.month() - 1) / 3 + 1;
                            Some(Cal::Quarter(
                                if n as u32 <= cur {
                                    r.year()
                                } else {
                                    r.year() - 1
                                },
                                n as u32,
                            ))
                        })
                    }
                    None => return best,
                };
                best = longer(best, Some((e, pt)));
            }
            Lex::Wday(wd, _, false) => {
                // "the first Friday of July", "second Sunday" (of this month).
                let e0 = self.dot(k + 1);
                if n < 0 && !(self.is(e0, Kw::Of) || self.is(e0, Kw::In)) {
                    return best;
                }
                let e0 = if self.is(e0, Kw::Of) || self.is(e0, Kw::In) {
                    e0
                } else {
                    k + 1
                };
                let (e, p) = if self.is(e0, Kw::Of) || self.is(e0, Kw::In) {
                    match self.of_period(e0 + 1) {
                        Some(x) => x,
                        None => return best,
                    }
                } else {
                    (
                        e0,
                        self.with_ref(TimeKind::Month, |r| Some(Cal::Month(r.year(), r.month()))),
                    )
                };
                let wd = u32::from(wd);
                let nn = if n < 0 { 5 } else { n as u32 };
                let place = |y: i32, m: u32| -> Option<Cal> {
                    if n < 0 {
                        (1..=5)
                            .rev()
                            .find_map(|k| nth_weekday(y, m, wd, k))
                            .map(Cal::Day)
                    } else {
                        nth_weekday(y, m, wd, nn).map(Cal::Day)
                    }
                };
                let pt = match p {
                    Pt::C(Cal::Month(y, m), rel) => {
                        place(y, m).map_or(Pt::Nil(TimeKind::Date), |c| Pt::C(c, rel))
                    }
                    Pt::P(pd) if pd.m.is_some() => {
                        let m = pd.m.unwrap_or(1);
                        match pd.y {
                            Some(y) => {
                                place(y, m).map_or(Pt::Nil(TimeKind::Date), |c| Pt::C(c, false))
                            }
                            None => self.with_ref(TimeKind::Date, |r| {
                                let c = place(r.year(), m)?;
                                if c.first()? > r {
                                    place(r.year() - 1, m)
                                } else {
                                    Some(c)
                                }
                            }),
                        }
                    }
                    _ => Pt::Nil(TimeKind::Date),
                };
                best = longer(best, Some((e, pt)));
            }
            Lex::Unit(Unit::Day, false) if self.is(k + 1, Kw::Of) && n > 0 => {
                // "the twenty third day of September".
                if let Some((e, Pt::P(pd))) = self.of_period(k + 2)
                    && pd.m.is_some()
                {
                    best = longer(
                        best,
                        Some((
                            e,
                            Pt::P(PDate {
                                d: Some(n as u32),
                                ..pd
                            }),
                        )),
                    );
                }
            }
            _ => {}
        }
        best
    }

    /// "Q3", "Q3 2016", "2016 Q3", "2017-q1", "H2 2016", "2016H2".
    fn quarter(&self, i: usize) -> R<Pt> {
        let qh = |k: usize| -> Option<(usize, bool, u32)> {
            let half = match self.kw(k)? {
                Kw::Q => false,
                Kw::H => true,
                _ => return None,
            };
            let n = self.small(k + 1, 1)?;
            if !self.glued(k + 1)
                || self.glued(k + 2) && (self.word(k + 2) || self.numt(k + 2).is_some())
            {
                return None;
            }
            let max = if half { 2 } else { 4 };
            (1..=max).contains(&n).then_some((k + 2, half, n))
        };
        let make = |y: i32, half: bool, n: u32| {
            if half {
                Cal::Half(y, n)
            } else {
                Cal::Quarter(y, n)
            }
        };
        // Year first: "2016 Q3", "2016-Q3", "2016H2".
        if let Some((e, y)) = self.year4(i) {
            let k = if self.pc(e, b'-') && self.glued(e) {
                e + 1
            } else {
                e
            };
            let k = self.opt(k, Kw::The);
            if let Some((e2, half, n)) = qh(k) {
                return Some((e2, Pt::C(make(y, half, n), false)));
            }
            return None;
        }
        let (e, half, n) = qh(i)?;
        if !self.tk(i).cap && half {
            return None;
        }
        let k = if (self.pc(e, b'-') && self.glued(e)) || self.pc(e, b',') {
            e + 1
        } else {
            e
        };
        if let Some((e2, y)) = self.year4(k) {
            return Some((e2, Pt::C(make(y, half, n), false)));
        }
        if let Some((j, rel)) = self.rel_word(k)
            && self.lx(j) == Lex::Unit(Unit::Year, false)
        {
            let kk = Self::rel_k(rel);
            return Some((
                j + 1,
                self.with_ref(TimeKind::Quarter, |r| {
                    Some(make(r.year() + i32::try_from(kk).ok()?, half, n))
                }),
            ));
        }
        if half {
            return None;
        }
        Some((
            e,
            self.with_ref(TimeKind::Quarter, |r| {
                let cur = (r.month() - 1) / 3 + 1;
                Some(make(
                    if n <= cur { r.year() } else { r.year() - 1 },
                    half,
                    n,
                ))
            }),
        ))
    }

    /// "summer", "summer 2016", "the spring of nineteen seventy eight" (with "last
    /// summer" in `relative`).
    fn season(&self, i: usize) -> R<Pt> {
        let j = self.opt(i, Kw::The);
        let Lex::Season(s) = self.lx(j) else {
            return None;
        };
        let k = self.opt(j + 1, Kw::Of);
        if let Some((e, y)) = self.year4(k).or_else(|| self.year_words(k)) {
            return Some((e, Pt::C(Cal::Season(y, s), false)));
        }
        // A bare "fall" is a verb; a bare season is the latest one.
        if s == 3 && !self.tk(j).cap && j == i {
            return None;
        }
        let prev_in = i > 0
            && matches!(
                self.kw(i - 1),
                Some(
                    Kw::In
                        | Kw::During
                        | Kw::Since
                        | Kw::Until
                        | Kw::By
                        | Kw::Over
                        | Kw::This
                        | Kw::Mid
                        | Kw::Early
                        | Kw::Late
                )
            )
            || j > i;
        if !prev_in && self.tk(j).gap != 2 {
            return None;
        }
        Some((
            j + 1,
            self.with_ref(TimeKind::Season, |r| {
                let cur = match r.month() {
                    3..=5 => 1,
                    6..=8 => 2,
                    9..=11 => 3,
                    _ => 4,
                };
                Some(Cal::Season(
                    if s <= cur { r.year() } else { r.year() - 1 },
                    s,
                ))
            }),
        ))
    }

    /// Decades and centuries: "the 1950s", "1990 s", "the '40s", "the seventies", "the
    /// 20th century".
    fn decade(&self, i: usize) -> R<Pt> {
        let j = self.opt(i, Kw::The);
        // "1950s", "1970's", "1990 s".
        if let Some(t) = self.numt(j)
            && t.digits == 4
            && t.n % 10 == 0
            && (1000..=2990).contains(&t.n)
        {
            let mut k = j + 1;
            if self.pc(k, b'\'') && self.glued(k) {
                k += 1;
            }
            if self.is(k, Kw::S)
                && (self.glued(k) || self.tk(k).gap == 1 && k == j + 1 && self.stop(k + 1))
                && !(self.glued(k + 1) && self.word(k + 1))
            {
                return Some((k + 1, Pt::C(Cal::Decade(t.n as i32), false)));
            }
        }
        // "the 70s", "70's", "the '40s".
        {
            let k = if self.pc(j, b'\'') { j + 1 } else { j };
            if let Some(t) = self.numt(k)
                && t.digits == 2
                && t.n % 10 == 0
            {
                let mut e = k + 1;
                if self.pc(e, b'\'') && self.glued(e) {
                    e += 1;
                }
                let s_ok = self.is(e, Kw::S)
                    && (self.glued(e) || self.stop(e + 1))
                    && !(self.glued(e + 1) && self.word(e + 1));
                if s_ok
                    && (j > i
                        || k > j
                        || self.is(i.wrapping_sub(1), Kw::In)
                        || self.is(i.wrapping_sub(1), Kw::Since))
                {
                    return Some((e + 1, self.decade_2(t.n as i32)));
                }
            }
        }
        // Words: "the seventies", "nineties", "the nineteen seventies", "the noughties".
        // Lower-cased on the stack: this runs at every place a date may start.
        let mut buf = [0u8; 16];
        let tens = match lower_short(self.surface(j), &mut buf) {
            "twenties" => Some(20),
            "thirties" => Some(30),
            "forties" => Some(40),
            "fifties" => Some(50),
            "sixties" => Some(60),
            "seventies" => Some(70),
            "eighties" => Some(80),
            "nineties" => Some(90),
            "noughties" | "aughts" => Some(0),
            _ => None,
        };
        if let Some(t) = tens {
            if t == 0 {
                return Some((j + 1, Pt::C(Cal::Decade(2000), false)));
            }
            if j == i && !self.is(i.wrapping_sub(1), Kw::In) {
                return None;
            }
            return Some((j + 1, self.decade_2(t)));
        }
        if let Some((e, hi)) = self.pair_words(j)
            && (10..=29).contains(&hi)
        {
            let w2 = self.surface(e).to_ascii_lowercase();
            let t = match w2.as_str() {
                "tens" => Some(10),
                "twenties" => Some(20),
                "thirties" => Some(30),
                "forties" => Some(40),
                "fifties" => Some(50),
                "sixties" => Some(60),
                "seventies" => Some(70),
                "eighties" => Some(80),
                "nineties" => Some(90),
                _ => None,
            };
            if let Some(t) = t {
                return Some((e + 1, Pt::C(Cal::Decade(hi as i32 * 100 + t), false)));
            }
        }
        // "the twenty-tens".
        if self.lx(j) == Lex::Card(20)
            && self.pc(j + 1, b'-')
            && self.surface(j + 2).eq_ignore_ascii_case("tens")
        {
            return Some((j + 3, Pt::C(Cal::Decade(2010), false)));
        }
        // "the two thousands", "the two thousand and tens".
        if self.lx(j) == Lex::Card(2) && self.surface(j + 1).eq_ignore_ascii_case("thousands") {
            return Some((j + 2, Pt::C(Cal::Decade(2000), false)));
        }
        if self.lx(j) == Lex::Card(2)
            && self.is(j + 1, Kw::Thousand)
            && self.is(j + 2, Kw::And)
            && self.surface(j + 3).eq_ignore_ascii_case("tens")
        {
            return Some((j + 4, Pt::C(Cal::Decade(2010), false)));
        }
        // "the 20th century", "21st century", "the twentieth century".
        if let Some((e, (n, true))) = self.dom(j).or_else(|| {
            let t = self.numt(j)?;
            (t.digits <= 2
                && self.glued(j + 1)
                && matches!(self.kw(j + 1), Some(Kw::St | Kw::Nd | Kw::Rd | Kw::Th)))
            .then_some((j + 2, (t.n, true)))
        }) && self.lx(e) == Lex::Unit(Unit::Century, false)
            && n >= 1
        {
            return Some((e + 1, Pt::C(Cal::Century(n as i32 - 1), false)));
        }
        None
    }

    fn decade_2(&self, t: i32) -> Pt {
        match self.r {
            Some(r) => {
                let mut y = r.year().div_euclid(100) * 100 + t;
                if y + 10 > r.year() {
                    y -= 100;
                }
                Pt::C(Cal::Decade(y), false)
            }
            None => Pt::C(Cal::Decade(1900 + t), false),
        }
    }

    /// Holidays: "Christmas", "Christmas Eve", "Easter 2018", "Halloween", "New Year's
    /// Day", "Independence Day", "Thanksgiving", "Labor Day".
    fn holiday(&self, i: usize) -> R<Pt> {
        // "last Easter", "the next Christmas", "following Easter".
        let j = self.opt(i, Kw::The);
        let rel = match self.kw(j) {
            Some(Kw::Last | Kw::Previous | Kw::Past) => Some(-1),
            Some(Kw::Next | Kw::Following | Kw::Coming | Kw::Upcoming) => Some(1),
            Some(Kw::This) => Some(0),
            _ => None,
        };
        if let Some(dirn) = rel
            && let Some((e, Pt::C(Cal::Day(_), _))) = self.holiday_name(j + 1)
        {
            let which = self.holiday_which(j + 1)?;
            return Some((
                e,
                self.with_ref(TimeKind::Date, |r| {
                    let this = Self::place_holiday(which, r.year())?;
                    let d = match dirn {
                        -1 => {
                            if this < r {
                                this
                            } else {
                                Self::place_holiday(which, r.year() - 1)?
                            }
                        }
                        1 => {
                            if this > r {
                                this
                            } else {
                                Self::place_holiday(which, r.year() + 1)?
                            }
                        }
                        _ => this,
                    };
                    Some(Cal::Day(d))
                }),
            ));
        }
        self.holiday_name(i)
    }

    fn holiday_which(&self, i: usize) -> Option<u8> {
        Some(match self.kw(i)? {
            Kw::Christmas if self.is(i + 1, Kw::Eve) => 1,
            Kw::Christmas => 2,
            Kw::Easter => 3,
            Kw::Halloween => 4,
            Kw::Thanksgiving => 5,
            Kw::New => 7,
            Kw::Independence => 8,
            Kw::Labor => 9,
            _ => return None,
        })
    }

    fn place_holiday(which: u8, y: i32) -> Option<NaiveDate> {
        match which {
            1 => ymd(y, 12, 24),
            2 => ymd(y, 12, 25),
            3 => easter(y),
            4 => ymd(y, 10, 31),
            5 => nth_weekday(y, 11, 4, 4),
            6 => ymd(y, 12, 31),
            7 => ymd(y, 1, 1),
            8 => ymd(y, 7, 4),
            _ => nth_weekday(y, 9, 1, 1),
        }
    }

    fn holiday_name(&self, i: usize) -> R<Pt> {
        let k = self.kw(i)?;
        let (e, which) = match k {
            Kw::Christmas if self.is(i + 1, Kw::Eve) => (i + 2, 1),
            Kw::Christmas => (
                if self.lx(i + 1) == Lex::Unit(Unit::Day, false) {
                    i + 2
                } else {
                    i + 1
                },
                2,
            ),
            Kw::Easter => (i + 1, 3),
            Kw::Halloween => (i + 1, 4),
            Kw::Thanksgiving => (i + 1, 5),
            Kw::New if self.lx(i + 1) == Lex::Unit(Unit::Year, false) && self.tk(i).cap => {
                let mut e = i + 2;
                if self.pc(e, b'\'') && self.is(e + 1, Kw::S) {
                    e += 2;
                }
                if self.is(e, Kw::Eve) {
                    (e + 1, 6)
                } else {
                    (
                        if self.lx(e) == Lex::Unit(Unit::Day, false) {
                            e + 1
                        } else {
                            e
                        },
                        7,
                    )
                }
            }
            Kw::Independence if self.lx(i + 1) == Lex::Unit(Unit::Day, false) => (i + 2, 8),
            Kw::Labor if self.lx(i + 1) == Lex::Unit(Unit::Day, false) && self.tk(i).cap => {
                (i + 2, 9)
            }
            _ => return None,
        };
        let place = |y: i32| -> Option<NaiveDate> {
            match which {
                1 => ymd(y, 12, 24),
                2 => ymd(y, 12, 25),
                3 => easter(y),
                4 => ymd(y, 10, 31),
                5 => nth_weekday(y, 11, 4, 4),
                6 => ymd(y, 12, 31),
                7 => ymd(y, 1, 1),
                8 => ymd(y, 7, 4),
                _ => nth_weekday(y, 9, 1, 1),
            }
        };
        if let Some((e2, y)) = self.year4(e) {
            return Some((
                e2,
                place(y).map_or(Pt::Nil(TimeKind::Date), |d| Pt::C(Cal::Day(d), false)),
            ));
        }
        // A holiday without a year is placed like a month-day: the latest one when the
        // clause looks back, the next one when it looks ahead ("until Christmas").
        let fixed = match which {
            1 => Some((12, 24)),
            2 => Some((12, 25)),
            4 => Some((10, 31)),
            6 => Some((12, 31)),
            7 => Some((1, 1)),
            8 => Some((7, 4)),
            _ => None,
        };
        if let Some((m, d)) = fixed {
            return Some((
                e,
                Pt::P(PDate {
                    y: None,
                    m: Some(m),
                    d: Some(d),
                    wd: None,
                }),
            ));
        }
        let lean = i > 0 && matches!(self.kw(i - 1), Some(Kw::Until | Kw::By | Kw::Before));
        let dir = self.dir_at(i, e, lean);
        Some((
            e,
            self.with_ref(TimeKind::Date, |r| {
                let d = place(r.year())?;
                Some(Cal::Day(match dir {
                    Dir::Past if d > r => place(r.year() - 1)?,
                    Dir::Future if d < r => place(r.year() + 1)?,
                    _ => d,
                }))
            }),
        ))
    }

    /// "year 2008", "the year 2008", "the year of 2008", "calendar year 2008".
    fn year_phrase(&self, i: usize) -> R<Pt> {
        let j = self.opt(i, Kw::The);
        let j = self.opt(j, Kw::Calendar);
        if self.lx(j) != Lex::Unit(Unit::Year, false) {
            return None;
        }
        let k = self.opt(j + 1, Kw::Of);
        if let Some((e, y)) = self.year4(k).or_else(|| self.year_words(k)) {
            return Some((e, Pt::C(Cal::Year(y), false)));
        }
        if let Some(t) = self.numt(k)
            && t.digits <= 3
            && !self.glued(k + 1)
        {
            return Some((k + 1, Pt::C(Cal::Year(t.n as i32), false)));
        }
        if let Some((e, v)) = self.words_num(k)
            && v < 1000.0
        {
            return Some((e, Pt::C(Cal::Year(v as i32), false)));
        }
        None
    }

    /// Any date: written, relative, ordinal periods, quarters, seasons, decades,
    /// holidays, years.
    fn date_pt(&self, i: usize) -> R<Pt> {
        let mut best: R<Pt> = self.written_date(i).map(|(e, p)| (e, Pt::P(p)));
        best = longer(best, self.the_dom(i).map(|(e, p)| (e, Pt::P(p))));
        best = longer(best, self.relative(i));
        best = longer(best, self.ordinal_period(i));
        best = longer(best, self.quarter(i));
        best = longer(best, self.season(i));
        best = longer(best, self.decade(i));
        best = longer(best, self.holiday(i));
        best = longer(best, self.year_phrase(i));
        if best.is_none() {
            best = self.bare_year(i).map(|(e, y)| {
                (
                    e,
                    Pt::P(PDate {
                        y: Some(y),
                        ..PDate::default()
                    }),
                )
            });
        }
        // "in nineteen ninety six", "until two thousand and fourteen".
        if i > 0
            && matches!(self.lx(i), Lex::Card(_))
            && matches!(
                self.kw(i - 1),
                Some(
                    Kw::In
                        | Kw::Since
                        | Kw::From
                        | Kw::Until
                        | Kw::To
                        | Kw::Through
                        | Kw::Of
                        | Kw::By
                        | Kw::Before
                        | Kw::After
                        | Kw::During
                )
            )
            && let Some((e, y)) = self.year_words(i)
        {
            best = longer(
                best,
                Some((
                    e,
                    Pt::P(PDate {
                        y: Some(y),
                        ..PDate::default()
                    }),
                )),
            );
        }
        best
    }
}

/// `word` lower-cased (ASCII) in `buf`, or "" when it is longer than `buf`: for comparing a
/// token with short words without allocating.
fn lower_short<'b>(word: &str, buf: &'b mut [u8; 16]) -> &'b str {
    let Some(dst) = buf.get_mut(..word.len()) else {
        return "";
    };
    dst.copy_from_slice(word.as_bytes());
    dst.make_ascii_lowercase();
    // Lower-casing ASCII letters keeps the bytes valid UTF-8.
    std::str::from_utf8(dst).unwrap_or("")
}

fn iso_week(y: i32, w: u32) -> Option<NaiveDate> {
    NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)
}

fn weeks_in_year(y: i32) -> u32 {
    ymd(y, 12, 28).map_or(52, |d| d.iso_week().week())
}

/// The n-th week of a month (negative: the last), a week belonging to the month when its
/// Thursday does, as ISO weeks belong to years.
fn week_of_month(y: i32, m: u32, n: i32) -> Option<NaiveDate> {
    if n < 0 {
        let last = last_of_month(y, m)?;
        let th = add_days(last, -((7 + i64::from(wd_num(last)) - 4) % 7))?;
        return add_days(th, -3);
    }
    let first_thu = nth_weekday(y, m, 4, 1)?;
    let mon = add_days(first_thu, -3 + 7 * (i64::from(n as u32) - 1))?;
    let th = add_days(mon, 3)?;
    (th.month() == m).then_some(mon)
}

// ---------------------------------------------------------------------------------------
// Grammar: times of day and parts of the day
// ---------------------------------------------------------------------------------------

fn apply_pm(t: &mut Tod, pm: bool) {
    if pm && t.h < 12 {
        t.h += 12;
    } else if !pm && t.h == 12 {
        t.h = 0;
    }
    t.fixed = true;
    t.clock = true;
}

fn apply_dp(t: &mut Tod, dp: Dp) {
    if t.fixed {
        return;
    }
    match dp {
        Dp::Afternoon | Dp::Evening if t.h < 12 => {
            t.h += 12;
        }
        Dp::Night if (6..12).contains(&t.h) => {
            t.h += 12;
        }
        Dp::Morning if t.h == 12 => {
            t.h = 0;
        }
        _ => {}
    }
    t.fixed = true;
}

impl Parser<'_> {
    /// "am", "pm", "a.m.", "p . m .", "a m", and "9a", "7p" glued to the number.
    fn ampm(&self, i: usize) -> R<bool> {
        // "3am3io": letters and digits glued on both sides make a code, not a time.
        let code_after = |e: usize| self.glued(e) && (self.word(e) || self.numt(e).is_some());
        match self.kw(i)? {
            Kw::Am if !code_after(i + 1) => Some((i + 1, false)),
            Kw::Pm if !code_after(i + 1) => Some((i + 1, true)),
            k @ (Kw::A | Kw::P) => {
                let pm = k == Kw::P;
                let mut e = i + 1;
                let dotted = self.pc(e, b'.');
                if dotted {
                    e += 1;
                }
                if self.is(e, Kw::Mm) && (e == i + 2 || self.glued(e) || self.tk(e).gap == 1) {
                    e += 1;
                    if dotted && self.pc(e, b'.') && (self.glued(e) || self.tk(e).gap == 1) {
                        e += 1;
                    }
                    return Some((e, pm));
                }
                // "9a", "7p": only glued to the digits, and not an article.
                if self.glued(i) && !self.word(i + 1) && !code_after(i + 1) {
                    return Some((i + 1, pm));
                }
                None
            }
            _ => None,
        }
    }

    fn oclock(&self, i: usize) -> Option<usize> {
        if self.is(i, Kw::Oclock) {
            return Some(i + 1);
        }
        if self.is(i, Kw::O) && self.pc(i + 1, b'\'') && self.is(i + 2, Kw::Clock) {
            return Some(i + 3);
        }
        None
    }

    /// Minutes in words: "thirty", "forty-five", "oh five".
    fn minute_words(&self, i: usize) -> R<u32> {
        if self.is(i, Kw::Zero)
            && let Lex::Card(u @ 1..=9) = self.lx(i + 1)
        {
            return Some((i + 2, u32::from(u)));
        }
        let (e, v) = self.pair_words(i)?;
        (v < 60).then_some((e, v))
    }

    /// "in the morning", "in the evening", "at night", "in morning".
    fn dp_suffix(&self, i: usize) -> R<Dp> {
        if self.is(i, Kw::In) {
            let j = self.opt(i + 1, Kw::The);
            if let Lex::Dp(dp, false) = self.lx(j) {
                return Some((j + 1, dp));
            }
        }
        if self.is(i, Kw::At) && self.lx(i + 1) == Lex::Dp(Dp::Night, false) {
            return Some((i + 2, Dp::Night));
        }
        None
    }

    /// A time of day written so that it cannot be a count: "5:06 AM", "7pm", "8.30pm",
    /// "noon", "7 o'clock", "half past seven", "seven p.m.". With `loose`, also forms that
    /// are times only in context: "6.45", "nine thirty", "10:30".
    fn tod(&self, i: usize, loose: bool) -> R<Tod> {
        let t = *self.tk(i);
        let mut res: R<Tod> = None;
        match t.kind {
            Tk::Num if !t.grouped => {
                let h = t.n;
                let sep = |c: u8| self.pc(i + 1, c) && self.glued(i + 1) && self.glued(i + 2);
                if t.digits <= 2 && h <= 24 && sep(b':') {
                    if let Some(mt) = self.numt(i + 2)
                        && mt.digits == 2
                        && mt.n < 60
                    {
                        let mut e = i + 3;
                        let mut s = None;
                        if self.pc(e, b':')
                            && self.glued(e)
                            && self.glued(e + 1)
                            && let Some(st) = self.numt(e + 1)
                            && st.digits == 2
                            && st.n < 60
                        {
                            s = Some(st.n);
                            e += 2;
                        }
                        let mut tod = Tod {
                            h,
                            m: mt.n,
                            s,
                            fixed: false,
                            clock: true,
                        };
                        if let Some((e2, pm)) = self.ampm(e) {
                            if h > 12 && pm {
                                return None;
                            }
                            apply_pm(&mut tod, pm);
                            e = e2;
                        } else if h > 12 {
                            tod.fixed = true;
                        }
                        res = Some((e, tod));
                    }
                } else if t.digits <= 2 && h <= 24 && sep(b'.') {
                    if let Some(mt) = self.numt(i + 2)
                        && mt.digits == 2
                        && mt.n < 60
                        && !(self.glued(i + 3) && self.numt(i + 3).is_some())
                    {
                        let e = i + 3;
                        let mut tod = Tod {
                            h,
                            m: mt.n,
                            s: None,
                            fixed: false,
                            clock: false,
                        };
                        if let Some((e2, pm)) = self.ampm(e) {
                            apply_pm(&mut tod, pm);
                            res = Some((e2, tod));
                        } else if loose
                            && !(self.word(e)
                                && (matches!(self.lx(e), Lex::No) && !self.tk(e).cap
                                    || matches!(self.lx(e), Lex::Unit(..) | Lex::Month(..))))
                            && !self.pc(e, b'%')
                            && !(self.pc(e, b'.') && self.glued(e) && self.numt(e + 1).is_some())
                        {
                            res = Some((e, tod));
                        }
                    } else if matches!(self.kw(i + 2), Some(Kw::Am | Kw::Pm)) && h <= 12 {
                        // "9.am".
                        let mut tod = Tod {
                            h,
                            m: 0,
                            s: None,
                            fixed: false,
                            clock: false,
                        };
                        apply_pm(&mut tod, self.is(i + 2, Kw::Pm));
                        res = Some((i + 3, tod));
                    }
                } else if t.digits <= 2 && (1..=12).contains(&h) {
                    if let Some((e, pm)) = self.ampm(i + 1) {
                        let mut tod = Tod {
                            h,
                            m: 0,
                            s: None,
                            fixed: false,
                            clock: false,
                        };
                        apply_pm(&mut tod, pm);
                        res = Some((e, tod));
                    } else if let Some(e) = self.oclock(i + 1) {
                        res = Some((
                            e,
                            Tod {
                                h,
                                m: 0,
                                s: None,
                                fixed: false,
                                clock: true,
                            },
                        ));
                    } else if self.is(i + 1, Kw::Ish) && self.glued(i + 1) {
                        res = Some((
                            i + 2,
                            Tod {
                                h,
                                m: 0,
                                s: None,
                                fixed: false,
                                clock: false,
                            },
                        ));
                    } else if h == 12 && self.is(i + 1, Kw::Noon) {
                        res = Some((
                            i + 2,
                            Tod {
                                h: 12,
                                m: 0,
                                s: None,
                                fixed: true,
                                clock: true,
                            },
                        ));
                    }
                } else if (3..=4).contains(&t.digits)
                    && h % 100 < 60
                    && h / 100 <= 12
                    && let Some((e, pm)) = self.ampm(i + 1)
                {
                    let mut tod = Tod {
                        h: h / 100,
                        m: h % 100,
                        s: None,
                        fixed: false,
                        clock: false,
                    };
                    apply_pm(&mut tod, pm);
                    res = Some((e, tod));
                }
                // "20 min past eight", "10 past 9", "15 past seven o'clock".
                if res.is_none() && t.digits <= 2 && h < 60 {
                    res = self.past_to(i + 1, h);
                }
                // "3 in the morning", "7 in the evening": an hour with its part of the day.
                if res.is_none()
                    && t.digits <= 2
                    && (1..=12).contains(&h)
                    && !self.glued(i + 1)
                    && let Some((e, dp)) = self.dp_suffix(i + 1)
                {
                    let mut tod = Tod {
                        h,
                        m: 0,
                        s: None,
                        fixed: false,
                        clock: true,
                    };
                    apply_dp(&mut tod, dp);
                    return Some((e, tod));
                }
            }
            Tk::Word => match t.lex {
                Lex::Kw(Kw::Noon) => {
                    res = Some((
                        i + 1,
                        Tod {
                            h: 12,
                            m: 0,
                            s: None,
                            fixed: true,
                            clock: true,
                        },
                    ))
                }
                Lex::Kw(Kw::Midnight) => {
                    res = Some((
                        i + 1,
                        Tod {
                            h: 0,
                            m: 0,
                            s: None,
                            fixed: true,
                            clock: true,
                        },
                    ))
                }
                Lex::Kw(Kw::Mid) if self.lx(i + 1) == Lex::Dp(Dp::Night, false) => {
                    res = Some((
                        i + 2,
                        Tod {
                            h: 0,
                            m: 0,
                            s: None,
                            fixed: true,
                            clock: true,
                        },
                    ))
                }
                Lex::Kw(Kw::Half) if self.is(i + 1, Kw::Past) || self.is(i + 1, Kw::To) => {
                    res = self.past_to(i + 1, 30);
                }
                Lex::Unit(Unit::Quarter, false)
                    if self.is(i + 1, Kw::Past) || self.is(i + 1, Kw::To) =>
                {
                    res = self.past_to(i + 1, 15);
                }
                Lex::Kw(Kw::A)
                    if self.lx(i + 1) == Lex::Unit(Unit::Quarter, false)
                        && (self.is(i + 2, Kw::Past) || self.is(i + 2, Kw::To)) =>
                {
                    res = self.past_to(i + 2, 15);
                }
                Lex::Card(h @ 1..=12) => {
                    let h = u32::from(h);
                    let mut e = i + 1;
                    let mut tod = Tod {
                        h,
                        m: 0,
                        s: None,
                        fixed: false,
                        clock: false,
                    };
                    let mut marked = false;
                    // "five-thirty", "nine thirty", "seven twenty-seven", "six forty-three minutes".
                    let j = if self.pc(e, b'-') && self.glued(e) {
                        e + 1
                    } else {
                        e
                    };
                    if let Some((e2, m)) = self.minute_words(j) {
                        tod.m = m;
                        e = e2;
                        if self.lx(e) == Lex::Unit(Unit::Minute, true) {
                            e += 1;
                        }
                        marked = j > i + 1;
                    }
                    if let Some((e2, pm)) = self.ampm(e) {
                        apply_pm(&mut tod, pm);
                        e = e2;
                        marked = true;
                    } else if let Some(e2) = self.oclock(e) {
                        e = e2;
                        marked = true;
                    }
                    if !marked && e == i + 1 && self.dp_suffix(e).is_some() {
                        // "one in the morning".
                        marked = true;
                    }
                    if marked || (loose && e > i + 1) {
                        tod.clock = marked || e > i + 1;
                        res = Some((e, tod));
                    }
                    if res.is_none()
                        && let Some(r) = self.past_to_words(i)
                    {
                        res = Some(r);
                    }
                }
                Lex::Card(_) => {
                    res = self.past_to_words(i);
                }
                _ => {}
            },
            _ => {}
        }
        let (mut e, mut tod) = res?;
        // "in the morning", "in the afternoon", "at night".
        if let Some((e2, dp)) = self.dp_suffix(e) {
            apply_dp(&mut tod, dp);
            e = e2;
        }
        Some((e, tod))
    }

    /// "twenty minutes past eight", "ten past 9": the minutes are read already.
    fn past_to_words(&self, i: usize) -> R<Tod> {
        let (e, m) = self.words_num(i)?;
        if m >= 60.0 {
            return None;
        }
        self.past_to(e, m as u32)
    }

    /// "[min|minutes] past|to HOUR [o'clock]", after the minutes.
    fn past_to(&self, i: usize, minutes: u32) -> R<Tod> {
        let mut k = i;
        // "half past", "quarter to" and "20 minutes past" are clock readings; a bare "five
        // to seven" is more often a range, and "10 past 9" only before the end of a phrase.
        let strong_word = i > 0
            && matches!(
                self.lx(i - 1),
                Lex::Kw(Kw::Half) | Lex::Unit(Unit::Quarter, false)
            );
        let mut strong = strong_word;
        if matches!(self.lx(k), Lex::Unit(Unit::Minute, _)) {
            k += 1;
            strong = true;
        }
        let to = match self.kw(k)? {
            Kw::Past => false,
            Kw::To if strong => true,
            _ => return None,
        };
        let (e, h) = match self.tk(k + 1).kind {
            Tk::Num => {
                let h = self.small(k + 1, 2)?;
                (k + 2, h)
            }
            _ => match self.lx(k + 1) {
                Lex::Card(h @ 1..=12) => (k + 2, u32::from(h)),
                _ => return None,
            },
        };
        if !(1..=12).contains(&h) {
            return None;
        }
        let e = self.oclock(e).unwrap_or(e);
        if !(strong || self.stop(e) || self.dp_suffix(e).is_some() || self.oclock(e).is_some()) {
            return None;
        }
        let tod = if to {
            let h2 = if h == 1 { 12 } else { h - 1 };
            Tod {
                h: h2,
                m: 60 - minutes.min(59),
                s: None,
                fixed: false,
                clock: true,
            }
        } else {
            Tod {
                h,
                m: minutes,
                s: None,
                fixed: false,
                clock: true,
            }
        };
        Some((e, tod))
    }

    /// A bare hour after "at" ("Sat at 5", "tonight around 7"): only before the end of a
    /// phrase, a part of the day or a time zone, never before a noun ("at 5 sites").
    fn bare_hour(&self, i: usize) -> R<Tod> {
        if let Some(h) = self.small(i, 2)
            && h <= 24
            && (!self.glued(i + 1) || self.pc(i + 1, b'.') && self.numt(i + 2).is_none())
        {
            let e = i + 1;
            if self.stop(e)
                || self.is(e, Kw::Zone)
                || self.dp_suffix(e).is_some()
                || matches!(
                    self.kw(e),
                    Some(Kw::Today | Kw::Tomorrow | Kw::Tonight | Kw::On | Kw::Or | Kw::And)
                )
            {
                let mut tod = Tod {
                    h,
                    m: 0,
                    s: None,
                    fixed: h > 12,
                    clock: false,
                };
                let mut e = e;
                if let Some((e2, dp)) = self.dp_suffix(e) {
                    apply_dp(&mut tod, dp);
                    e = e2;
                }
                return Some((e, tod));
            }
        }
        if let Lex::Card(h @ 1..=12) = self.lx(i)
            && (self.stop(i + 1) || self.dp_suffix(i + 1).is_some())
        {
            let mut tod = Tod {
                h: u32::from(h),
                m: 0,
                s: None,
                fixed: false,
                clock: false,
            };
            let mut e = i + 1;
            if let Some((e2, dp)) = self.dp_suffix(e) {
                apply_dp(&mut tod, dp);
                e = e2;
            }
            return Some((e, tod));
        }
        None
    }

    /// A part of the day with its day: "tonight", "this evening", "last night", "tomorrow
    /// morning", "in the morning", "late afternoon".
    fn dp_phrase(&self, i: usize) -> R<Point> {
        let day = |k: i64| self.with_ref(TimeKind::PartOfDay, |r| Some(Cal::Day(add_days(r, k)?)));
        match self.lx(i) {
            Lex::Kw(Kw::Tonight) => {
                return Some((
                    i + 1,
                    Point {
                        date: Some(day(0)),
                        time: None,
                        dp: Some(Dp::Night),
                    },
                ));
            }
            Lex::Kw(Kw::This | Kw::Last | Kw::Next) => {
                let k = match self.kw(i)? {
                    Kw::This => 0,
                    Kw::Last => -1,
                    _ => 1,
                };
                if let Lex::Dp(dp, false) = self.lx(i + 1) {
                    if k != 0 && dp != Dp::Night && dp != Dp::Morning && dp != Dp::Evening {
                        return None;
                    }
                    return Some((
                        i + 2,
                        Point {
                            date: Some(day(k)),
                            time: None,
                            dp: Some(dp),
                        },
                    ));
                }
            }
            Lex::Kw(Kw::In) => {
                let j = self.opt(i + 1, Kw::The);
                if let Lex::Dp(dp, _) = self.lx(j)
                    && !(self.is(j + 1, Kw::Of))
                {
                    return Some((
                        j + 1,
                        Point {
                            date: None,
                            time: None,
                            dp: Some(dp),
                        },
                    ));
                }
            }
            Lex::Dp(Dp::Lunch, false) => {
                return Some((
                    i + 1,
                    Point {
                        date: None,
                        time: None,
                        dp: Some(Dp::Lunch),
                    },
                ));
            }
            Lex::Dp(dp, false) if i > 0 && matches!(self.kw(i - 1), Some(Kw::Early | Kw::Late)) => {
                return Some((
                    i + 1,
                    Point {
                        date: None,
                        time: None,
                        dp: Some(dp),
                    },
                ));
            }
            _ => {}
        }
        None
    }

    /// A part of the day after a date: "Friday afternoon", "tomorrow night", "Sunday early
    /// morning", "today pm", "Tuesday in the morning".
    fn dp_after(&self, i: usize) -> R<Dp> {
        let mut j = i;
        if matches!(self.kw(j), Some(Kw::Early | Kw::Late)) {
            j += 1;
        }
        if let Lex::Dp(dp, false) = self.lx(j) {
            return Some((j + 1, dp));
        }
        if j == i {
            if let Some(r) = self.dp_suffix(i) {
                return Some(r);
            }
            match self.kw(i) {
                Some(Kw::Am) if !self.glued(i) => return Some((i + 1, Dp::Morning)),
                Some(Kw::Pm) if !self.glued(i) => return Some((i + 1, Dp::Afternoon)),
                _ => {}
            }
        }
        None
    }
}

fn day_level(p: &Pt) -> bool {
    match p {
        Pt::P(pd) => pd.d.is_some() || pd.wd.is_some(),
        Pt::C(c, _) => matches!(c, Cal::Day(_)),
        Pt::Nil(k) => *k == TimeKind::Date || *k == TimeKind::PartOfDay,
    }
}

// ---------------------------------------------------------------------------------------
// Grammar: points, intervals, offsets, durations, repetitions, modifiers
// ---------------------------------------------------------------------------------------

impl Parser<'_> {
    /// A date, a time, or both: "tomorrow 8:00am", "Friday afternoon", "8.30pm today",
    /// "13:00 February 28, 2013", "this evening".
    fn point(&self, i: usize) -> R<Point> {
        let (at, hit) = self.memo.get();
        if at == i {
            return hit;
        }
        let res = self.point_uncached(i);
        self.memo.set((i, res));
        res
    }

    fn point_uncached(&self, i: usize) -> R<Point> {
        let mut best: R<Point> = None;
        if let Some((e, d)) = self.date_pt(i) {
            let mut p = Point {
                date: Some(d),
                time: None,
                dp: None,
            };
            let mut e = e;
            if day_level(&d)
                && let Some((e2, dp)) = self.dp_after(e)
            {
                p.dp = Some(dp);
                e = e2;
            }
            best = Some((e, p));
            if day_level(&d) {
                let mut k = e;
                let lead = matches!(self.kw(k), Some(Kw::At | Kw::For | Kw::On | Kw::Around))
                    || self.pc(k, b',')
                    || self.pc(k, b'@')
                    || (self.pc(k, b'-') && self.glued(k));
                if lead {
                    k += 1;
                    if self.is(k, Kw::At) || self.is(k, Kw::Around) {
                        k += 1;
                    }
                }
                let tod = self.tod(k, true).or_else(|| {
                    if k > e && !self.pc(k - 1, b',') && !self.pc(k - 1, b'-') {
                        self.bare_hour(k)
                    } else {
                        None
                    }
                });
                if let Some((e3, mut tod)) = tod {
                    let mut e3 = e3;
                    if let Some(dp) = p.dp {
                        apply_dp(&mut tod, dp);
                    }
                    if let Some((e4, dp)) = self.dp_after(e3) {
                        apply_dp(&mut tod, dp);
                        e3 = e4;
                    }
                    best = longer(
                        best,
                        Some((
                            e3,
                            Point {
                                date: Some(d),
                                time: Some(tod),
                                dp: None,
                            },
                        )),
                    );
                }
            }
        }
        if let Some((e, mut tod)) = self.tod(i, false) {
            best = longer(
                best,
                Some((
                    e,
                    Point {
                        date: None,
                        time: Some(tod),
                        dp: None,
                    },
                )),
            );
            // A time zone belongs to the expression when a day follows it.
            let e = if self.is(e, Kw::Zone) { e + 1 } else { e };
            let k = if self.is(e, Kw::On) || self.pc(e, b',') {
                e + 1
            } else {
                e
            };
            if let Some((e2, dp)) = self.dp_phrase(k)
                && dp.date.is_some()
            {
                if let Some(x) = dp.dp {
                    apply_dp(&mut tod, x);
                }
                best = longer(
                    best,
                    Some((
                        e2,
                        Point {
                            date: dp.date,
                            time: Some(tod),
                            dp: None,
                        },
                    )),
                );
            } else if let Some((e2, d)) = self.date_pt(k)
                && day_level(&d)
            {
                let mut e2 = e2;
                if let Some((e3, dp)) = self.dp_after(e2) {
                    apply_dp(&mut tod, dp);
                    e2 = e3;
                }
                best = longer(
                    best,
                    Some((
                        e2,
                        Point {
                            date: Some(d),
                            time: Some(tod),
                            dp: None,
                        },
                    )),
                );
            }
        }
        if let Some((e, p)) = self.dp_phrase(i) {
            let mut out = (e, p);
            // "tonight at 7", "this evening around 7", "in the morning at 7".
            if p.date.is_some() || p.dp.is_some_and(|d| d != Dp::Lunch) {
                let mut k = e;
                if matches!(self.kw(k), Some(Kw::At | Kw::Around)) {
                    k += 1;
                }
                if let Some((e2, mut tod)) = self
                    .tod(k, true)
                    .or_else(|| if k > e { self.bare_hour(k) } else { None })
                {
                    if let Some(dp) = p.dp
                        && !(dp == Dp::Night && tod.h < 6)
                    {
                        apply_dp(&mut tod, dp);
                    }
                    out = (
                        e2,
                        Point {
                            date: p.date,
                            time: Some(tod),
                            dp: None,
                        },
                    );
                }
            }
            best = longer(best, Some(out));
        }
        best
    }

    /// One side of an interval: a point, a clock time without "am"/"pm", or a bare number
    /// that the other side will complete ("October 8th and 13th", "5 to 6pm").
    /// The readings of one side of an interval: a point, a clock time, a bare number ("4"
    /// in "from 4-23 in next month").
    fn endpoints(&self, i: usize) -> [Option<(usize, Ep)>; 3] {
        let mut out = [None, None, None];
        let mut p = self.point(i).map(|(e, p)| (e, Ep::Pt(p)));
        if self.is(i, Kw::Now) {
            p = longer(
                p,
                Some((
                    i + 1,
                    Ep::Pt(Point {
                        date: Some(self.with_ref(TimeKind::Date, |r| Some(Cal::Day(r)))),
                        time: None,
                        dp: None,
                    }),
                )),
            );
        }
        out[0] = p;
        if let Some((e, tod)) = self.tod(i, true) {
            out[1] = Some((e, Ep::Clock(tod)));
        }
        let j = self.opt(i, Kw::The);
        if let Some((e, (d, ord))) = self.dom(j) {
            let digits = self.tk(j).kind == Tk::Num;
            if !(self.glued(e) && (self.word(e) || self.numt(e).is_some())) {
                out[2] = Some((e, Ep::Bare(d, ord || j > i, digits)));
            }
        }
        out
    }

    /// Written intervals: "between October 8th and 13th", "October 27-28", "from 2014 to
    /// 2018", "Jan-Feb 2017", "4 to 22 this month", "5 to 6pm", "from 10:30 to 3 on
    /// 1/1/2015".
    fn range(&self, i: usize) -> Option<Item> {
        self.range_with(i, None)
    }

    /// An interval, on `day` when the caller has read one ("Monday 8-9am").
    fn range_with(&self, i: usize, day: Option<Pt>) -> Option<Item> {
        let (j, lead) = match self.kw(i) {
            Some(Kw::From) => (i + 1, Some(Kw::From)),
            Some(Kw::Between) => (i + 1, Some(Kw::Between)),
            _ => (i, None),
        };
        if let Some(it) = self.year_range(i, j) {
            return Some(it);
        }
        // "14-13-2", "45-7-2": three numbers joined by dashes that are not a date are a
        // record or a code.
        if self.tk(j).kind == Tk::Num
            && (1..=4).all(|k| self.glued(j + k))
            && self.pc(j + 1, b'-')
            && self.pc(j + 3, b'-')
            && self.numt(j + 2).is_some()
            && self.numt(j + 4).is_some()
            && self.numeric_date(j).is_none()
        {
            return None;
        }
        // Both sides are joined by a word or dash after the first, which ends past `j`.
        if self.last_joiner.is_none_or(|k| k <= j) {
            return None;
        }
        let mut best: Option<Item> = None;
        for (ae, a) in self.endpoints(j).into_iter().flatten() {
            let (k, and) = match self.tk(ae).kind {
                Tk::Punct(b'-' | b'~') => (ae + 1, false),
                Tk::Word => match self.kw(ae) {
                    Some(Kw::To | Kw::Until | Kw::Through) => (ae + 1, false),
                    Some(Kw::And) => (ae + 1, true),
                    _ => continue,
                },
                _ => continue,
            };
            for (be, b) in self.endpoints(k).into_iter().flatten() {
                if and && lead != Some(Kw::Between) {
                    // "October 8th and 13th" is an interval; "2007 and 2009" are two years.
                    let month_day = matches!(
                        a,
                        Ep::Pt(Point {
                            date: Some(Pt::P(PDate {
                                m: Some(_),
                                d: Some(_),
                                ..
                            })),
                            time: None,
                            ..
                        })
                    );
                    if !(month_day && matches!(b, Ep::Bare(..))) {
                        continue;
                    }
                }
                if let Some(it) = self.combine(i, a, b, be, day)
                    && best.as_ref().is_none_or(|x| it.e > x.e)
                {
                    best = Some(it);
                }
            }
        }
        best
    }

    /// "2014-2018", "1957-58", "2014~2018", "from 2014 to 2018", "between 2015 and 2018".
    fn year_range(&self, s: usize, j: usize) -> Option<Item> {
        let (ae, ya) = self.year4(j)?;
        if j >= 2
            && (self.pc(j - 1, b'-') || self.pc(j - 1, b'/'))
            && self.tk(j - 2).kind == Tk::Num
        {
            return None;
        }
        let glued_dash =
            (self.pc(ae, b'-') || self.pc(ae, b'~')) && self.glued(ae) && self.glued(ae + 1);
        let word_conn = matches!(
            self.kw(ae),
            Some(Kw::To | Kw::Through | Kw::Until | Kw::And)
        );
        if !(glued_dash || word_conn) {
            return None;
        }
        if self.is(ae, Kw::And) && !self.is(s, Kw::Between) {
            return None;
        }
        let k = ae + 1;
        let (be, yb) = if let Some((be, yb)) = self.year4(k) {
            (be, yb)
        } else if glued_dash
            && let Some(t) = self.numt(k)
            && t.digits == 2
        {
            let yb = ya / 100 * 100 + t.n as i32;
            let yb = if yb <= ya { yb + 100 } else { yb };
            if yb - ya > 10 {
                return None;
            }
            (k + 1, yb)
        } else {
            return None;
        };
        if yb <= ya || yb - ya > 200 {
            return None;
        }
        // Not a code: "2010-2015-86", "2010-2015/16".
        if self.glued(be)
            && (self.pc(be, b'-') || self.pc(be, b'/') || self.numt(be).is_some() || self.word(be))
        {
            return None;
        }
        // A month after the second year makes it something else ("2014 through May 2018").
        if matches!(self.lx(be), Lex::Month(..)) || matches!(self.lx(k), Lex::Month(..)) {
            return None;
        }
        let pa = Point {
            date: Some(Pt::P(PDate {
                y: Some(ya),
                ..PDate::default()
            })),
            ..Point::default()
        };
        let pb = Point {
            date: Some(Pt::P(PDate {
                y: Some(yb),
                ..PDate::default()
            })),
            ..Point::default()
        };
        Some(Item::new(s, be, iv(pa, pb)))
    }

    /// Joins two endpoints, with a shared suffix ("this month", "of Sept", "tomorrow"),
    /// filling each side from the other.
    fn combine(&self, s: usize, a: Ep, b: Ep, be: usize, ctx_day: Option<Pt>) -> Option<Item> {
        // A shared suffix: a month for days, a day for hours.
        let mut e = be;
        let mut suffix: Option<Pt> = None;
        let mut suffix_dp: Option<Dp> = None;
        if ctx_day.is_none() {
            let mut k = be;
            if matches!(self.kw(k), Some(Kw::Of | Kw::In | Kw::On)) || self.pc(k, b',') {
                k += 1;
            }
            if let Some((e2, d)) = self.date_pt(k) {
                let mut e2 = e2;
                if day_level(&d)
                    && let Some((e3, dp)) = self.dp_after(e2)
                {
                    suffix_dp = Some(dp);
                    e2 = e3;
                }
                suffix = Some(d);
                e = e2;
            } else if let Some((e2, p)) = self.dp_phrase(k) {
                suffix = p.date;
                suffix_dp = p.dp;
                e = e2;
            } else if let Some((e2, dp)) = self.dp_after(be) {
                suffix_dp = Some(dp);
                e = e2;
            }
        }
        let month_level = |p: &Pt| match p {
            Pt::P(pd) => pd.m.is_some() && pd.d.is_none() && pd.wd.is_none(),
            Pt::C(Cal::Month(..), _) => true,
            Pt::Nil(TimeKind::Month) => true,
            _ => false,
        };
        let is_time = |x: &Ep| {
            matches!(x, Ep::Clock(_))
                || matches!(
                    x,
                    Ep::Pt(Point {
                        time: Some(_),
                        date: None,
                        ..
                    })
                )
        };
        let fixed = |x: &Ep| match x {
            Ep::Clock(t) => t.fixed,
            Ep::Pt(Point { time: Some(t), .. }) => t.fixed,
            _ => false,
        };
        // Days: "4 to 22 this month", "from 3 until 12 of Sept", "October 8th and 13th".
        let as_day = |x: &Ep| -> Option<PDate> {
            match x {
                Ep::Bare(d, _, _) => Some(PDate {
                    d: Some(*d),
                    ..PDate::default()
                }),
                Ep::Pt(Point {
                    date: Some(Pt::P(pd)),
                    time: None,
                    dp: None,
                }) => Some(*pd),
                _ => None,
            }
        };
        let suffix_month = suffix.filter(|p| month_level(p));
        if let (Some(mut pa), Some(mut pb)) = (as_day(&a), as_day(&b))
            && !(is_time(&a) || is_time(&b))
            && (pa.m.is_some()
                || pb.m.is_some()
                || suffix_month.is_some()
                || pa.y.is_some() && pb.y.is_some())
            && !(matches!(a, Ep::Bare(..)) && matches!(b, Ep::Bare(..)) && suffix_month.is_none())
        {
            let mut e_end = if suffix_month.is_some() { e } else { be };
            if let Some(sp) = suffix_month {
                match sp {
                    Pt::P(sm) => {
                        for p in [&mut pa, &mut pb] {
                            if p.m.is_none() {
                                p.m = sm.m;
                                p.y = p.y.or(sm.y);
                            }
                        }
                    }
                    Pt::C(Cal::Month(y, m), rel) => {
                        let a2 = Pt::C(Cal::Day(ymd(y, m, pa.d?)?), rel);
                        let b2 = Pt::C(Cal::Day(ymd(y, m, pb.d?)?), rel);
                        return Some(Item::new(
                            s,
                            e_end,
                            iv(
                                Point {
                                    date: Some(a2),
                                    ..Point::default()
                                },
                                Point {
                                    date: Some(b2),
                                    ..Point::default()
                                },
                            ),
                        ));
                    }
                    _ => {
                        return Some(Item::new(
                            s,
                            e_end,
                            iv(
                                Point {
                                    date: Some(Pt::Nil(TimeKind::Date)),
                                    ..Point::default()
                                },
                                Point {
                                    date: Some(Pt::Nil(TimeKind::Date)),
                                    ..Point::default()
                                },
                            ),
                        ));
                    }
                }
            }
            // Fill each side from the other: "4 to January 22, 1995", "Nov-Feb 2017".
            if pa.d.is_some() && pa.m.is_none() {
                pa.m = pb.m;
                if let (Some(da), Some(db), Some(m)) = (pa.d, pb.d, pb.m)
                    && da > db
                {
                    pa.m = Some(if m == 1 { 12 } else { m - 1 });
                }
            }
            if pb.d.is_some() && pb.m.is_none() && pb.wd.is_none() {
                pb.m = pa.m;
                if let (Some(da), Some(db), Some(m)) = (pa.d, pb.d, pa.m)
                    && db < da
                {
                    pb.m = Some(m % 12 + 1);
                }
            }
            if pa.y.is_none() && pb.y.is_some() && (pa.m.is_some() || pa.d.is_some()) {
                let yb = pb.y?;
                let later = (pa.m, pa.d) > (pb.m, pb.d) && pb.m.is_some();
                pa.y = Some(if later { yb - 1 } else { yb });
            }
            if pb.y.is_none() && pa.y.is_some() && (pb.m.is_some() || pb.d.is_some()) {
                let ya = pa.y?;
                let earlier = (pb.m, pb.d) < (pa.m, pa.d);
                pb.y = Some(if earlier { ya + 1 } else { ya });
            }
            if matches!(b, Ep::Bare(_, _, true))
                && pa.y.is_some()
                && pa.m.is_none()
                && pb.m.is_none()
            {
                // "1957-58": a two-digit end year.
                let ya = pa.y?;
                let yb = ya / 100 * 100 + pb.d? as i32;
                pb = PDate {
                    y: Some(yb),
                    ..PDate::default()
                };
            }
            if pa.m.is_none() && pa.y.is_none()
                || pb.m.is_none() && pb.y.is_none() && pb.wd.is_none()
            {
                return None;
            }
            if e_end < be {
                e_end = be;
            }
            return Some(Item::new(
                s,
                e_end,
                iv(
                    Point {
                        date: Some(Pt::P(pa)),
                        ..Point::default()
                    },
                    Point {
                        date: Some(Pt::P(pb)),
                        ..Point::default()
                    },
                ),
            ));
        }
        // Years: "2014-2018", "between 2015 and 2018", "1957-58".
        if let (
            Ep::Pt(Point {
                date: Some(Pt::P(pa)),
                time: None,
                ..
            }),
            Ep::Bare(n, false, true),
        ) = (&a, &b)
            && pa.y.is_some()
            && pa.m.is_none()
        {
            let ya = pa.y?;
            let yb = ya / 100 * 100 + *n as i32;
            if yb <= ya {
                return None;
            }
            return Some(Item::new(
                s,
                be,
                iv(
                    Point {
                        date: Some(Pt::P(*pa)),
                        ..Point::default()
                    },
                    Point {
                        date: Some(Pt::P(PDate {
                            y: Some(yb),
                            ..PDate::default()
                        })),
                        ..Point::default()
                    },
                ),
            ));
        }
        // Times: "5 to 6pm", "from 10:30 to 3 on 1/1/2015", "between 2 and 4:30pm tomorrow".
        let as_tod = |x: &Ep| -> Option<(Tod, Option<Pt>)> {
            match x {
                Ep::Clock(t) => Some((*t, None)),
                Ep::Bare(h, false, _) if *h <= 24 => Some((
                    Tod {
                        h: *h,
                        m: 0,
                        s: None,
                        fixed: false,
                        clock: false,
                    },
                    None,
                )),
                Ep::Pt(Point {
                    time: Some(t),
                    date,
                    ..
                }) => Some((*t, *date)),
                Ep::Pt(Point {
                    date:
                        Some(Pt::P(PDate {
                            y: None,
                            m: None,
                            d: Some(h),
                            wd: None,
                        })),
                    time: None,
                    ..
                }) if *h <= 24 => Some((
                    Tod {
                        h: *h,
                        m: 0,
                        s: None,
                        fixed: false,
                        clock: false,
                    },
                    None,
                )),
                _ => None,
            }
        };
        if let (Some((mut ta, da)), Some((mut tb, db))) = (as_tod(&a), as_tod(&b)) {
            let day = suffix.filter(day_level).or(db).or(da).or(ctx_day);
            let clock = |x: &Ep| match x {
                Ep::Clock(t) => t.clock,
                Ep::Pt(Point { time: Some(t), .. }) => t.clock,
                _ => false,
            };
            let marked = fixed(&a)
                || fixed(&b)
                || day.is_some()
                || suffix_dp.is_some()
                || clock(&a)
                || clock(&b);
            if !marked {
                return None;
            }
            if let Some(dp) = suffix_dp {
                apply_dp(&mut ta, dp);
                apply_dp(&mut tb, dp);
            }
            if tb.fixed && !ta.fixed {
                if tb.h >= 12 && ta.h < 12 && ta.h + 12 <= tb.h {
                    ta.h += 12;
                }
            } else if ta.fixed && !tb.fixed {
                if ta.h >= 12 && tb.h < 12 && tb.h + 12 >= ta.h {
                    tb.h += 12;
                }
            } else if !ta.fixed && !tb.fixed && tb.h < ta.h && tb.h < 12 {
                tb.h += 12;
            }
            let end = if suffix.filter(day_level).is_some() || suffix_dp.is_some() {
                e
            } else {
                be
            };
            let pa = Point {
                date: day,
                time: Some(ta),
                dp: None,
            };
            let pb = Point {
                date: day,
                time: Some(tb),
                dp: None,
            };
            return Some(Item::new(s, end, iv(pa, pb)));
        }
        // Two points: "from Monday to Friday", "January 12, 2016 - 01/22/2016", "from 2pm
        // till tomorrow 4:30pm", "between now and November 15th".
        if let (Ep::Pt(pa), Ep::Pt(pb)) = (a, b) {
            let (pa, pb) = (pa, pb);
            let ok_a = pa.date.is_some() || pa.time.is_some();
            let ok_b = pb.date.is_some() || pb.time.is_some();
            if !ok_a || !ok_b {
                return None;
            }
            // A part of the day is not an end ("from today pm to tomorrow am").
            if (pa.dp.is_some() && pa.time.is_none()) || (pb.dp.is_some() && pb.time.is_none()) {
                return None;
            }
            // A time and a period do not make an interval ("3pm - this week").
            if pa.time.is_some() != pb.time.is_some() && !(pa.date.is_some() && pb.date.is_some()) {
                return None;
            }
            // Fill years: "from May to Oct 2020", "Jan-Feb 2017".
            let (mut da, mut db) = (pa.date, pb.date);
            if let (Some(Pt::P(mut x)), Some(Pt::P(mut y))) = (da, db) {
                if x.y.is_none() && y.y.is_some() {
                    let later = (x.m, x.d.unwrap_or(1)) > (y.m, y.d.unwrap_or(1)) && y.m.is_some();
                    x.y = y.y.map(|v| if later { v - 1 } else { v });
                }
                if y.y.is_none() && x.y.is_some() {
                    let earlier =
                        (y.m, y.d.unwrap_or(1)) < (x.m, x.d.unwrap_or(1)) && y.m.is_some();
                    y.y = x.y.map(|v| if earlier { v + 1 } else { v });
                }
                da = Some(Pt::P(x));
                db = Some(Pt::P(y));
            }
            // "from next monday to friday": the end follows the start.
            let mut pa = Point { date: da, ..pa };
            let pb = Point { date: db, ..pb };
            if pa.time.is_some() && pa.date.is_none() && pb.date.is_some() {
                pa.date = None;
            }
            return Some(Item::new(s, be, iv(pa, pb)));
        }
        None
    }

    fn unit(&self, i: usize) -> R<(Unit, bool)> {
        match self.lx(i) {
            Lex::Unit(u, pl) => Some((i + 1, (u, pl))),
            Lex::Ord(2) => Some((i + 1, (Unit::Second, false))),
            Lex::Dp(Dp::Night, pl) => Some((i + 1, (Unit::Night, pl))),
            Lex::Kw(Kw::H) if self.glued(i) && !self.glued(i + 1) => {
                Some((i + 1, (Unit::Hour, false)))
            }
            Lex::Kw(Kw::W) if self.glued(i) && !self.glued(i + 1) => {
                Some((i + 1, (Unit::Week, false)))
            }
            Lex::No
                if self.glued(i)
                    && self.word(i)
                    && !(self.glued(i + 1) && (self.word(i + 1) || self.numt(i + 1).is_some())) =>
            {
                match self.surface(i) {
                    "d" | "D" => Some((i + 1, (Unit::Day, false))),
                    "y" | "Y" => Some((i + 1, (Unit::Year, false))),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A length of time: "two weeks", "18-month", "four hours", "an hour and a half",
    /// "half an hour", "1 hour and 30 minutes", "3h", "several days".
    fn duration(&self, i: usize) -> R<Dur> {
        // Every reading below ends in a unit after `i`.
        if self.last_unit.is_none_or(|k| k <= i) {
            return None;
        }
        let mut parts = Vec::new();
        let mut e;
        if self.is(i, Kw::Half) && matches!(self.kw(i + 1), Some(Kw::A | Kw::An)) {
            let (e2, (u, _)) = self.unit(i + 2)?;
            parts.push((Some(0.5), u));
            e = e2;
        } else if matches!(self.kw(i), Some(Kw::All | Kw::Whole)) {
            let (e2, (u, pl)) = self.unit(i + 1)?;
            if pl || !matches!(u, Unit::Day | Unit::Week | Unit::Month | Unit::Year) {
                return None;
            }
            parts.push((Some(1.0), u));
            e = e2;
        } else {
            let (e1, q) = self.qty(i)?;
            let mut k = e1;
            let adjectival = self.pc(k, b'-') && self.glued(k) && self.glued(k + 1);
            if adjectival {
                k += 1;
            }
            let (e2, (u, pl)) = self.unit(k)?;
            // "22-year-old" is an age, "a quarter-century" not a quarter; "day-long" is fine.
            if self.pc(e2, b'-')
                && self.glued(e2)
                && self.word(e2 + 1)
                && !self.surface(e2 + 1).eq_ignore_ascii_case("long")
            {
                return None;
            }
            // Number words and units must agree loosely: "a days" is not a duration.
            let a_word = matches!(self.kw(i), Some(Kw::A | Kw::An))
                && !matches!(self.kw(i + 1), Some(Kw::Few | Kw::Couple | Kw::Dozen));
            if a_word && pl {
                return None;
            }
            // "second" after a number is the unit only for "one second", "a second", and not
            // before a noun ("a second round").
            if self.lx(k) == Lex::Ord(2)
                && (q != Some(1.0)
                    || self.word(k + 1) && self.lx(k + 1) == Lex::No && !self.tk(k + 1).cap)
            {
                return None;
            }
            // Glued letters ("3h", "10D") need digits before them.
            if self.glued(k) && !adjectival && self.tk(i).kind != Tk::Num {
                return None;
            }
            parts.push((q, u));
            e = e2;
            // "one hour and a half", "one year and a quarter".
            if self.is(e, Kw::And) {
                if self.is(e + 1, Kw::A) && self.is(e + 2, Kw::Half) || self.is(e + 1, Kw::Half) {
                    if let Some((Some(v), _)) = parts.last_mut() {
                        *v += 0.5;
                    }
                    e += if self.is(e + 1, Kw::Half) { 2 } else { 3 };
                } else if self.is(e + 1, Kw::A) && self.lx(e + 2) == Lex::Unit(Unit::Quarter, false)
                {
                    if let Some((Some(v), _)) = parts.last_mut() {
                        *v += 0.25;
                    }
                    e += 3;
                }
            }
        }
        // More parts: "1 hour and 30 minutes", "2 years 1 month 21 days".
        loop {
            let mut k = e;
            if self.is(k, Kw::And) || self.pc(k, b',') {
                k += 1;
            }
            let Some((e1, q)) = self.qty(k).filter(|(_, q)| q.is_some()) else {
                break;
            };
            if self.tk(k).kind != Tk::Num && !matches!(self.lx(k), Lex::Card(_)) {
                break;
            }
            let Some((e2, (u, _))) = self.unit(e1) else {
                break;
            };
            if parts.iter().any(|p: &(Option<f64>, Unit)| p.1 <= u) {
                break;
            }
            parts.push((q, u));
            e = e2;
        }
        Some((e, Dur { parts }))
    }

    /// A plural unit on its own, as a vague length: "for years", "recent weeks", "days
    /// before".
    fn vague_duration(&self, i: usize) -> R<Dur> {
        let j = self.opt(i, Kw::Recent);
        let Lex::Unit(u, true) = self.lx(j) else {
            return None;
        };
        if matches!(u, Unit::Weekend | Unit::Quarter) {
            return None;
        }
        let prev_ok = j > i || (i > 0 && matches!(self.kw(i - 1), Some(Kw::For | Kw::Over)));
        let next_ok = matches!(
            self.kw(j + 1),
            Some(Kw::Before | Kw::After | Kw::Ago | Kw::Later | Kw::Earlier)
        );
        (prev_ok || next_ok).then(|| (j + 1, Dur::one(None, u)))
    }

    /// Moves the reference by a duration, keeping the granularity of the unit ("two years
    /// ago" is a year, "three days ago" a day).
    fn shift(&self, base: NaiveDate, dur: &Dur, sign: i64, granular: bool) -> Option<Cal> {
        if let Some((q, u)) = dur.total() {
            if q.fract() != 0.0 || q > 1e6 {
                return None;
            }
            let k = sign * q as i64;
            return Some(match u {
                Unit::Day | Unit::Night => Cal::Day(add_days(base, k)?),
                Unit::Week if granular => Cal::Week(monday(add_days(base, 7 * k)?)),
                Unit::Week => Cal::Day(add_days(base, 7 * k)?),
                Unit::Fortnight if granular => Cal::Week(monday(add_days(base, 14 * k)?)),
                Unit::Fortnight => Cal::Day(add_days(base, 14 * k)?),
                Unit::Month if granular => {
                    let (y, m) = month_shift(base.year(), base.month(), k)?;
                    Cal::Month(y, m)
                }
                Unit::Month => Cal::Day(add_months(base, k)?),
                Unit::Quarter => Cal::Day(add_months(base, 3 * k)?),
                Unit::Year if granular => {
                    Cal::Year(base.year().checked_add(i32::try_from(k).ok()?)?)
                }
                Unit::Year => Cal::Day(add_months(base, 12 * k)?),
                Unit::Decade if granular => {
                    Cal::Year(base.year().checked_add(i32::try_from(10 * k).ok()?)?)
                }
                Unit::Decade => Cal::Day(add_months(base, 120 * k)?),
                Unit::Century => Cal::Year(base.year().checked_add(i32::try_from(100 * k).ok()?)?),
                Unit::Weekend => Cal::Weekend(add_days(monday(base), 5 + 7 * k)?),
                Unit::Hour | Unit::Minute | Unit::Second => return None,
            });
        }
        let mut d = base;
        for (q, u) in &dur.parts {
            let q = (*q)?;
            if q.fract() != 0.0 || q > 1e6 {
                return None;
            }
            let k = sign * q as i64;
            d = match u {
                Unit::Day | Unit::Night => add_days(d, k)?,
                Unit::Week => add_days(d, 7 * k)?,
                Unit::Fortnight => add_days(d, 14 * k)?,
                Unit::Month => add_months(d, k)?,
                Unit::Quarter => add_months(d, 3 * k)?,
                Unit::Year => add_months(d, 12 * k)?,
                Unit::Decade => add_months(d, 120 * k)?,
                _ => return None,
            };
        }
        Some(Cal::Day(d))
    }

    /// Offsets from the reference or from a point: "two weeks ago", "in 3 days", "three
    /// weeks from tomorrow", "2 weeks before Christmas", "within 5 days", "the past two
    /// years", "the next 3 days".
    fn offset(&self, i: usize) -> R<Item> {
        let mut best: R<Item> = None;
        // "in two weeks", "in a fortnight's time".
        if self.is(i, Kw::In)
            && let Some((e, dur)) = self.duration(i + 1)
            && dur.parts.iter().all(|p| p.0.is_some())
            && !self.is(e, Kw::Of)
        {
            let mut e = e;
            if self.pc(e, b'\'') && self.is(e + 1, Kw::S) {
                e += 2;
            }
            if self.is(e, Kw::Time) && e > i + 1 && self.pc(e - 1, b's') {
                e += 1;
            }
            // "in two weeks" counts from the reference only in a clause that looks ahead;
            // "the worst in a decade", "could do it in 100 days" are lengths.
            if self.dir_at(i, e, false) == Dir::Future {
                let pt = self.with_ref(TimeKind::Date, |r| self.shift(r, &dur, 1, true));
                if !matches!(pt, Pt::Nil(_)) || self.r.is_none() {
                    best = longer(best, Some((e, Item::date(i, e, pt))));
                }
            } else if let Some((e1, d)) = self.duration(i + 1) {
                best = longer(best, Some((e1, Item::new(i + 1, e1, V::Dur(d)))));
            }
        }
        // "within 5 days", "within the next 3 years".
        if self.is(i, Kw::Within) {
            let mut k = i + 1;
            if self.is(k, Kw::The) {
                k += 1;
            }
            let ahead = matches!(self.kw(k), Some(Kw::Next | Kw::Coming | Kw::Upcoming));
            if ahead {
                k += 1;
            }
            if let Some((e, dur)) = self.duration(k) {
                // "will be back within 5 days" counts from the reference; "within a week of
                // the dissolution", "within 30 minutes" are lengths that bound an event.
                let days = !dur
                    .parts
                    .iter()
                    .any(|p| matches!(p.1, Unit::Hour | Unit::Minute | Unit::Second));
                if days && (ahead || self.dir_at(i, e, false) == Dir::Future) {
                    let pt = self.with_ref(TimeKind::Range, |r| {
                        match self.shift(r, &dur, 1, false)? {
                            Cal::Day(d) => Some(Cal::Days(r, d.pred_opt()?)),
                            _ => None,
                        }
                    });
                    let mut it = Item::date(i, e, pt);
                    it.len = Some(dur);
                    best = longer(best, Some((e, it)));
                } else {
                    let mut it = Item::new(k, e, V::Dur(dur));
                    it.m = Some(Mod::LessThan);
                    best = longer(best, Some((e, it)));
                }
            }
        }
        // "the past two years", "the next 3 days", "last 3 months", "the 5 upcoming years".
        {
            let j = self.opt(i, Kw::The);
            let pre = match self.kw(j) {
                _ if self.rel_word(j).is_none() && self.is(j, Kw::Last) => None,
                Some(Kw::Past | Kw::Last | Kw::Previous) => Some((j + 1, -1)),
                Some(Kw::Next | Kw::Coming | Kw::Upcoming | Kw::Following) => Some((j + 1, 1)),
                _ => None,
            };
            let parsed = if let Some((k, sign)) = pre {
                self.duration(k).map(|(e, d)| {
                    // "the last 3 months and 2 days ago": the chain belongs to "ago".
                    if d.parts.len() > 1 && self.is(e, Kw::Ago) {
                        let first = self
                            .qty(k)
                            .and_then(|(e1, _)| self.unit(e1))
                            .map_or(e, |(e2, _)| e2);
                        (
                            first,
                            Dur {
                                parts: vec![d.parts[0]],
                            },
                            sign,
                        )
                    } else {
                        (e, d, sign)
                    }
                })
            } else if let Some((e1, q)) = self
                .qty(j)
                .filter(|_| self.tk(j).kind == Tk::Num || matches!(self.lx(j), Lex::Card(_)))
            {
                let sign = match self.kw(e1) {
                    Some(Kw::Past | Kw::Last | Kw::Previous) => -1,
                    Some(Kw::Next | Kw::Coming | Kw::Upcoming) => 1,
                    _ => 0,
                };
                if sign != 0 {
                    self.unit(e1 + 1)
                        .filter(|(_, (_, pl))| *pl || q == Some(1.0))
                        .map(|(e, (u, _))| (e, Dur::one(q, u), sign))
                } else {
                    None
                }
            } else {
                None
            };
            if let Some((e, dur, sign)) = parsed
                && (dur.parts.len() > 1
                    || dur.parts[0].0 != Some(1.0)
                    || !matches!(self.lx(e - 1), Lex::Unit(_, false)))
            {
                let vague = dur.parts.iter().any(|p| p.0.is_none())
                    || dur
                        .parts
                        .iter()
                        .any(|p| matches!(p.1, Unit::Hour | Unit::Minute | Unit::Second));
                let mut it = if vague {
                    Item::new(i, e, V::Dur(dur.clone()))
                } else {
                    let pt = self.with_ref(TimeKind::Range, |r| self.stretch(r, &dur, sign));
                    Item::date(i, e, pt)
                };
                it.len = Some(dur);
                best = longer(best, Some((e, it)));
            }
        }
        // "two weeks ago", "3 days from tomorrow", "2 weeks before May 13 1999".
        if let Some((e, dur)) = self.duration(i).or_else(|| self.vague_duration(i)) {
            let vague = dur.parts.iter().any(|p| p.0.is_none());
            match self.kw(e) {
                Some(Kw::Ago) => {
                    // "years ago", "a few days ago": the past, as TIMEX3 writes it.
                    let it = if vague {
                        Item::new(i, e + 1, V::Ref("PAST_REF"))
                    } else {
                        Item::date(
                            i,
                            e + 1,
                            self.with_ref(TimeKind::Date, |r| self.shift(r, &dur, -1, true)),
                        )
                    };
                    best = longer(best, Some((e + 1, it)));
                }
                Some(Kw::Hence) => {
                    let pt = self.with_ref(TimeKind::Range, |r| self.stretch(r, &dur, 1));
                    best = longer(best, Some((e + 1, Item::date(i, e + 1, pt))));
                }
                Some(Kw::From) if self.is(e + 1, Kw::Now) => {
                    let pt = self.with_ref(TimeKind::Date, |r| self.shift(r, &dur, 1, false));
                    best = longer(best, Some((e + 2, Item::date(i, e + 2, pt))));
                }
                Some(k @ (Kw::From | Kw::After | Kw::Before | Kw::Since))
                    if !dur
                        .parts
                        .iter()
                        .any(|p| matches!(p.1, Unit::Hour | Unit::Minute | Unit::Second)) =>
                {
                    let sign = if k == Kw::Before { -1 } else { 1 };
                    if let Some((e2, p)) = self.point(e + 1)
                        && let Some(d) = p.date
                        && p.time.is_none()
                    {
                        let dir = self.dir_at(i, e2, false);
                        let base = match self.resolve(d, dir) {
                            Ok(Cal::Day(x)) => Some(x),
                            Ok(Cal::Year(y)) if k == Kw::Since => ymd(y, 1, 1),
                            _ => None,
                        };
                        let pt = match base.and_then(|b| self.shift(b, &dur, sign, false)) {
                            Some(c) => Pt::C(
                                c,
                                matches!(d, Pt::C(_, true))
                                    || matches!(d, Pt::P(PDate { y: None, .. })),
                            ),
                            None => Pt::Nil(TimeKind::Date),
                        };
                        best = longer(best, Some((e2, Item::date(i, e2, pt))));
                    }
                }
                Some(Kw::Later | Kw::Earlier) => {
                    // "three days later" counts from the story's events, not from the
                    // reference, except in plans.
                    let later = self.is(e, Kw::Later);
                    let dir = self.dir_at(i, e + 1, false);
                    if later && dir == Dir::Future && !vague {
                        let pt = self.with_ref(TimeKind::Date, |r| self.shift(r, &dur, 1, false));
                        best = longer(best, Some((e + 1, Item::date(i, e + 1, pt))));
                    } else {
                        best = longer(best, Some((e, Item::new(i, e, V::Dur(dur.clone())))));
                    }
                }
                _ => {}
            }
        }
        best.map(|(e, mut it)| {
            it.e = e;
            (e, it)
        })
    }

    /// The stretch of `dur` before (sign -1) or after (sign 1) the reference: "the past
    /// three weeks" ends the day before the reference, "the next 3 days" starts the day
    /// after; whole quarters and decades are counted from the current one.
    fn stretch(&self, r: NaiveDate, dur: &Dur, sign: i64) -> Option<Cal> {
        if let Some((q, u)) = dur.total()
            && q.fract() == 0.0
            && q <= 1000.0
        {
            let k = q as i64;
            match u {
                Unit::Quarter => {
                    let cur = Self::unit_rel(r, Unit::Quarter, 0)?.first()?;
                    return Some(if sign < 0 {
                        Cal::Days(add_months(cur, -3 * k)?, cur.pred_opt()?)
                    } else {
                        let s = add_months(cur, 3)?;
                        Cal::Days(s, add_months(s, 3 * k)?.pred_opt()?)
                    });
                }
                Unit::Decade => {
                    let cur = r.year().div_euclid(10) * 10;
                    let k32 = i32::try_from(k).ok()?;
                    return Some(if sign < 0 {
                        Cal::Days(ymd(cur - 10 * k32, 1, 1)?, ymd(cur - 1, 12, 31)?)
                    } else {
                        Cal::Days(ymd(cur + 10, 1, 1)?, ymd(cur + 10 + 10 * k32 - 1, 12, 31)?)
                    });
                }
                _ => {}
            }
        }
        if sign < 0 {
            let Cal::Day(s) = self.shift(r, dur, -1, false)? else {
                return None;
            };
            Some(Cal::Days(s, r.pred_opt()?))
        } else {
            let s = r.succ_opt()?;
            let Cal::Day(e) = self.shift(r, dur, 1, false)? else {
                return None;
            };
            Some(Cal::Days(s, e))
        }
    }

    /// Repetitions: "every Monday", "weekly", "each two days", "every other Friday",
    /// "once a week", "Sundays", "3pm each day".
    fn set(&self, i: usize) -> R<Item> {
        let unit_code = |u: Unit, q: f64| -> Option<String> { Dur::one(Some(q), u).value() };
        let mut best: R<Item> = None;
        let simple = |k: Kw| -> Option<&'static str> {
            Some(match k {
                Kw::Daily => "P1D",
                Kw::Weekly => "P1W",
                Kw::Monthly => "P1M",
                Kw::Annually | Kw::Annual => "P1Y",
                Kw::Quarterly => "P3M",
                Kw::Hourly => "PT1H",
                Kw::Nightly => "TNI",
                _ => return None,
            })
        };
        if let Some(k) = self.kw(i) {
            if let Some(v) = simple(k)
                && (k != Kw::Annual
                    || !self.word(i + 1)
                    || self.stop(i + 1)
                    || matches!(self.lx(i + 1), Lex::No))
            {
                let mut e = i + 1;
                // "everyday 6am".
                let mut val = v.to_string();
                if let Some((e2, t)) = self.tod(e, false).filter(|_| k == Kw::Daily) {
                    val = tod_str(t);
                    e = e2;
                }
                best = longer(best, Some((e, Item::new(i, e, V::Set(val)))));
            }
            // "semi-annually", "bi-monthly", "biweekly".
            if matches!(k, Kw::Semi | Kw::Bi) {
                let j = if self.pc(i + 1, b'-') { i + 2 } else { i + 1 };
                let v = match (k, self.kw(j)) {
                    (Kw::Semi, Some(Kw::Annually | Kw::Annual)) => Some("P0.5Y"),
                    (Kw::Bi, Some(Kw::Monthly)) => Some("P2M"),
                    (Kw::Bi, Some(Kw::Weekly)) => Some("P2W"),
                    (Kw::Semi, _) if self.surface(i).len() > 4 => Some("P0.5Y"),
                    _ => None,
                };
                if let Some(v) = v {
                    let e = if self.surface(i).len() > 4 {
                        i + 1
                    } else {
                        j + 1
                    };
                    best = longer(best, Some((e, Item::new(i, e, V::Set(v.into())))));
                }
            }
            // "every day", "each week", "every other Friday", "every three weeks", "every
            // Monday at 4pm", "every morning", "any weekend".
            if matches!(k, Kw::Every | Kw::Each | Kw::Any | Kw::All) {
                let mut j = i + 1;
                let mut q = 1.0;
                if self.is(j, Kw::Other) {
                    q = 2.0;
                    j += 1;
                } else if let Some((e1, Some(v))) = self
                    .qty(j)
                    .filter(|_| !matches!(self.kw(j), Some(Kw::A | Kw::An)))
                {
                    q = v;
                    j = e1;
                }
                let mut val = None;
                let mut e = j;
                match self.lx(j) {
                    Lex::Unit(u, pl) => {
                        // "all week" is a duration; "all" and "any" repeat only weekends and
                        // years ("any weekend", "all weekends", "any year").
                        let repeats = !((k == Kw::All && !pl)
                            || (k == Kw::All || k == Kw::Any)
                                && !matches!(u, Unit::Weekend | Unit::Year));
                        if repeats {
                            val = if u == Unit::Weekend && q == 1.0 {
                                Some("P1WE".to_string())
                            } else {
                                unit_code(u, q)
                            };
                            e = j + 1;
                        }
                    }
                    Lex::Ord(2) if k != Kw::All => {
                        val = unit_code(Unit::Second, q);
                        e = j + 1;
                    }
                    Lex::Wday(d, _, _) if k != Kw::All && k != Kw::Any => {
                        val = Some(format!("XXXX-WXX-{d}"));
                        e = self.dot(j + 1);
                    }
                    Lex::Dp(dp, _) if k != Kw::Any => {
                        val = Some(format!("T{}", dp_code(dp)));
                        e = j + 1;
                    }
                    Lex::Kw(Kw::Weekday) => {
                        val = Some("P1WD".into());
                        e = j + 1;
                    }
                    _ => {}
                }
                if let Some(mut v) = val {
                    // "every day at 7:13 p.m.", "each monday at 4pm".
                    let k2 = if self.is(e, Kw::At) { e + 1 } else { e };
                    if let Some((e2, t)) = self.tod(k2, true) {
                        if v.starts_with('P') || v.starts_with('T') {
                            v = tod_str(t);
                        } else {
                            v.push_str(&tod_str(t));
                        }
                        e = e2;
                    }
                    best = longer(best, Some((e, Item::new(i, e, V::Set(v)))));
                }
            }
            // "once a week", "twice a year".
            if matches!(k, Kw::Once | Kw::Twice) {
                let j = i + 1;
                if matches!(self.kw(j), Some(Kw::A | Kw::Per))
                    && let Some((e, (u, false))) = self.unit(j + 1)
                {
                    let v = unit_code(u, 1.0);
                    if let Some(v) = v {
                        best = longer(best, Some((e, Item::new(i, e, V::Set(v)))));
                    }
                }
            }
        }
        // "one a day".
        if self.lx(i) == Lex::Card(1)
            && matches!(self.kw(i + 1), Some(Kw::A | Kw::Per))
            && let Some((e, (u, false))) = self.unit(i + 2)
            && let Some(v) = unit_code(u, 1.0)
        {
            best = longer(best, Some((e, Item::new(i, e, V::Set(v)))));
        }
        // "mornings", "evenings": a repeated part of the day.
        if let Lex::Dp(dp, true) = self.lx(i)
            && !(i > 0 && matches!(self.kw(i - 1), Some(Kw::The | Kw::In)))
            && !(i > 0 && matches!(self.lx(i - 1), Lex::Wday(..)))
        {
            best = longer(
                best,
                Some((
                    i + 1,
                    Item::new(i, i + 1, V::Set(format!("T{}", dp_code(dp)))),
                )),
            );
        }
        // "Sundays", "Tuesdays at 9am", "tuesday afternoons", "friday mornings".
        if let Lex::Wday(d, false, true) = self.lx(i) {
            let mut v = format!("XXXX-WXX-{d}");
            let mut e = i + 1;
            if let Lex::Dp(dp, true) = self.lx(e) {
                v.push_str(&format!("T{}", dp_code(dp)));
                e += 1;
            }
            if self.is(e, Kw::At)
                && let Some((e2, t)) = self.tod(e + 1, true)
            {
                v.push_str(&tod_str(t));
                e = e2;
            }
            best = longer(best, Some((e, Item::new(i, e, V::Set(v)))));
        }
        if let Lex::Wday(d, false, false) = self.lx(i)
            && let Lex::Dp(dp, true) = self.lx(i + 1)
        {
            let v = format!("XXXX-WXX-{d}T{}", dp_code(dp));
            best = longer(best, Some((i + 2, Item::new(i, i + 2, V::Set(v)))));
        }
        // "weekends", "mornings".
        if self.lx(i) == Lex::Unit(Unit::Weekend, true) && !self.is(i.wrapping_sub(1), Kw::The) {
            best = longer(
                best,
                Some((i + 1, Item::new(i, i + 1, V::Set("P1WE".into())))),
            );
        }
        // "3pm each day", "6am everyday".
        if let Some((e, t)) = self.tod(i, false) {
            let k = e;
            if (self.is(k, Kw::Each) || self.is(k, Kw::Every))
                && self.lx(k + 1) == Lex::Unit(Unit::Day, false)
            {
                best = longer(best, Some((k + 2, Item::new(i, k + 2, V::Set(tod_str(t))))));
            }
            if self.is(k, Kw::Daily) {
                best = longer(best, Some((k + 1, Item::new(i, k + 1, V::Set(tod_str(t))))));
            }
        }
        // "19th of every month".
        if let Some((e, (d, true))) = self.dom(self.opt(i, Kw::The))
            && self.is(e, Kw::Of)
            && self.is(e + 1, Kw::Every)
            && self.lx(e + 2) == Lex::Unit(Unit::Month, false)
        {
            best = longer(
                best,
                Some((
                    e + 3,
                    Item::new(i, e + 3, V::Set(format!("XXXX-XX-{d:02}"))),
                )),
            );
        }
        best
    }

    /// "now", "right now", "currently", "at the moment", "at present", "the past".
    fn reference_word(&self, i: usize) -> R<Item> {
        let (e, v) = match self.kw(i)? {
            Kw::Now => (i + 1, "PRESENT_REF"),
            Kw::Right if self.is(i + 1, Kw::Now) => (i + 2, "PRESENT_REF"),
            Kw::Currently => (i + 1, "PRESENT_REF"),
            Kw::At => match (self.kw(i + 1), self.kw(i + 2)) {
                (Some(Kw::The), Some(Kw::Moment)) => (i + 3, "PRESENT_REF"),
                (Some(Kw::The), Some(Kw::Present)) if self.is(i + 3, Kw::Time) => {
                    (i + 4, "PRESENT_REF")
                }
                (Some(Kw::Present), _) => (i + 2, "PRESENT_REF"),
                (Some(Kw::This), Some(Kw::Time)) => (i + 3, "PRESENT_REF"),
                (Some(Kw::The), Some(Kw::Time)) if self.stop(i + 3) => (i + 3, "PAST_REF"),
                (Some(Kw::The), None)
                    if self.lx(i + 2) == Lex::Unit(Unit::Minute, false) && self.stop(i + 3) =>
                {
                    (i + 3, "PRESENT_REF")
                }
                _ => return None,
            },
            Kw::The => match self.kw(i + 1) {
                Some(Kw::Past) if self.stop(i + 2) => (i + 2, "PAST_REF"),
                Some(Kw::Future) if self.stop(i + 2) => (i + 2, "FUTURE_REF"),
                _ => return None,
            },
            _ => return None,
        };
        Some((e, Item::new(i, e, V::Ref(v))))
    }

    /// The expressions that can stand without a modifier.
    fn core(&self, i: usize) -> R<Item> {
        let mut best: R<Item> = self.point(i).map(|(e, p)| (e, Item::pt(i, e, p)));
        best = longer(best, self.range(i).map(|it| (it.e, it)));
        best = longer(best, self.offset(i));
        best = longer(best, self.set(i));
        best = longer(
            best,
            self.duration(i)
                .map(|(e, d)| (e, Item::new(i, e, V::Dur(d)))),
        );
        best = longer(
            best,
            self.vague_duration(i)
                .map(|(e, d)| (e, Item::new(i, e, V::Dur(d)))),
        );
        best = longer(best, self.reference_word(i));
        let day_first = best.as_ref().is_some_and(|(_, it)| {
            matches!(
                it.v,
                V::Pt(Point {
                    date: Some(_),
                    time: None,
                    ..
                })
            )
        });
        let mut consider = |it: Option<Item>| {
            if let Some(it) = it {
                best = longer(best.take(), Some((it.e, it)));
            }
        };
        if day_first {
            consider(self.day_with_times(i));
        }
        match self.kw(i) {
            Some(Kw::From | Kw::For) => {
                consider(self.time_for(i));
                consider(self.length_from(i));
            }
            Some(Kw::At) => consider(self.at_time(i)),
            Some(Kw::The) => {
                consider(self.period_of_day(i));
                consider(self.first_last_of(i));
                consider(self.the_weekend(i));
                consider(self.the_unit(i));
            }
            Some(Kw::My) => consider(self.the_weekend(i)),
            Some(Kw::W | Kw::Last) => {
                consider(self.period_of_day(i));
                consider(self.first_last_of(i));
            }
            _ => {
                if matches!(self.lx(i), Lex::Unit(Unit::Week | Unit::Month, false)) {
                    consider(self.period_of_day(i));
                }
                if self.lx(i) == Lex::Ord(1) {
                    consider(self.first_last_of(i));
                }
                if self.tk(i).kind == Tk::Num
                    || matches!(self.lx(i), Lex::Card(_) | Lex::Kw(Kw::A | Kw::An))
                {
                    consider(self.length_from(i));
                }
                if self.tk(i).kind == Tk::Num
                    && let Some(it) = self.game_clock(i)
                {
                    // The game clock wins over the time of day it looks like.
                    best = Some((it.e, it));
                }
            }
        }
        best
    }

    /// "early", "late", "mid", "the end of", "the beginning of", "the middle of".
    fn part_prefix(&self, i: usize) -> R<Part> {
        match self.kw(i)? {
            Kw::Early => Some((i + 1, Part::Start)),
            Kw::Late => Some((i + 1, Part::End)),
            Kw::Mid if self.pc(i + 1, b'-') && self.glued(i + 1) => Some((i + 2, Part::Mid)),
            Kw::Mid => Some((i + 1, Part::Mid)),
            Kw::Earlier if matches!(self.kw(i + 1), Some(Kw::This | Kw::In)) => {
                Some((i + 1, Part::Earlier))
            }
            Kw::Later if matches!(self.kw(i + 1), Some(Kw::This | Kw::In)) => {
                Some((i + 1, Part::Later))
            }
            Kw::The => {
                let (e, p) = self.part_prefix(i + 1)?;
                (e > i + 2
                    || matches!(p, Part::End | Part::Start | Part::Mid) && self.is(e - 1, Kw::Of))
                .then_some((e, p))
            }
            Kw::End | Kw::Beginning | Kw::Start | Kw::Middle if self.is(i + 1, Kw::Of) => {
                let p = match self.kw(i)? {
                    Kw::End => Part::End,
                    Kw::Middle => Part::Mid,
                    _ => Part::Start,
                };
                Some((i + 2, p))
            }
            _ => None,
        }
    }

    /// An expression with its modifiers: "since August last year", "by December", "early
    /// 2011", "around the 21st", "more than 4 days", "2018 or later".
    fn expr(&self, i: usize) -> Option<Item> {
        let mut m: Option<Mod> = None;
        let mut j = i;
        let rel = match self.kw(i) {
            Some(Kw::Since) => Some((i + 1, Mod::Since)),
            Some(Kw::Until) => Some((i + 1, Mod::Until)),
            Some(Kw::By) => Some((i + 1, Mod::Deadline)),
            Some(Kw::Before) => Some((i + 1, Mod::Before)),
            Some(Kw::After) => Some((i + 1, Mod::After)),
            Some(Kw::Up) if matches!(self.kw(i + 1), Some(Kw::To | Kw::Until)) => {
                Some((i + 2, Mod::Until))
            }
            Some(Kw::No) if self.is(i + 2, Kw::Than) && self.is(i + 1, Kw::Later) => {
                Some((i + 3, Mod::Before))
            }
            Some(Kw::No) if self.is(i + 2, Kw::Than) && self.is(i + 1, Kw::Earlier) => {
                Some((i + 3, Mod::Since))
            }
            Some(Kw::Later) if self.is(i + 1, Kw::Than) => Some((i + 2, Mod::After)),
            Some(Kw::Earlier) if self.is(i + 1, Kw::Than) => Some((i + 2, Mod::Before)),
            Some(Kw::Starting | Kw::Beginning) if !self.is(i + 1, Kw::Of) => {
                let k = if matches!(self.kw(i + 1), Some(Kw::On | Kw::From | Kw::In)) {
                    i + 2
                } else {
                    i + 1
                };
                Some((k, Mod::Since))
            }
            Some(Kw::Around | Kw::About | Kw::Approx) if !self.question_about(i) => {
                Some((i + 1, Mod::Approx))
            }
            Some(Kw::More) if self.is(i + 1, Kw::Than) => Some((i + 2, Mod::MoreThan)),
            Some(Kw::Less) if self.is(i + 1, Kw::Than) => Some((i + 2, Mod::LessThan)),
            Some(Kw::Nearly) => Some((i + 1, Mod::LessThan)),
            Some(Kw::At) if self.is(i + 1, Kw::Least) => Some((i + 2, Mod::MoreThan)),
            _ => None,
        };
        // "as early as", "as late as".
        let rel = rel.or_else(|| {
            if self.surface(i).eq_ignore_ascii_case("as")
                && self.surface(i + 2).eq_ignore_ascii_case("as")
            {
                match self.kw(i + 1) {
                    Some(Kw::Early) => Some((i + 3, Mod::Since)),
                    Some(Kw::Late) => Some((i + 3, Mod::Until)),
                    _ => None,
                }
            } else {
                None
            }
        });
        if let Some((k, mm)) = rel {
            m = Some(mm);
            j = k;
        }
        let mut part = None;
        if let Some((k, p)) = self.part_prefix(j) {
            part = Some(p);
            j = k;
        }
        let core = if j == i { None } else { self.core(j) }.or_else(|| {
            // "the end of the day", "end of month", "mid today": a bare unit is the current one.
            if part.is_none() || j == i {
                return None;
            }
            let k = self.opt(self.opt(j, Kw::In), Kw::The);
            let Lex::Unit(u @ (Unit::Day | Unit::Week | Unit::Month | Unit::Year), false) =
                self.lx(k)
            else {
                return None;
            };
            let pt = self.with_ref(unit_kind(u), |r| Self::unit_rel(r, u, 0));
            Some((k + 1, Item::date(j, k + 1, pt)))
        });
        let base = if j > i {
            core.and_then(|(e, it)| self.with_mods(it, i, e, m, part))
        } else {
            None
        };
        // "at the EOD", "the EOY": the end of today, of this year.
        let base = base.or_else(|| {
            let k = self.opt(i, Kw::The);
            let u = match self.kw(k)? {
                Kw::Eod => Unit::Day,
                Kw::Eoy => Unit::Year,
                _ => return None,
            };
            let mut it = Item::date(
                i,
                k + 1,
                self.with_ref(unit_kind(u), |r| Self::unit_rel(r, u, 0)),
            );
            it.part = Some(Part::End);
            Some(it)
        });
        let plain = self.core(i).map(|(_, it)| it);
        let mut best = match (base, plain) {
            (Some(a), Some(b)) => Some(if b.e > a.e { b } else { a }),
            (a, b) => a.or(b),
        }?;
        // Suffixes: "2018 or later", "1/1/2016 and after", "3 pm or later".
        let e = best.e;
        if matches!(self.kw(e), Some(Kw::Or | Kw::And)) && best.m.is_none() {
            let sfx = match self.kw(e + 1) {
                Some(Kw::Later | Kw::After) | Some(Kw::More) => Some(Mod::Since),
                Some(Kw::Earlier | Kw::Before) => Some(Mod::Until),
                _ => None,
            };
            if let Some(sfx) = sfx
                && (self.stop(e + 2) || self.is(e + 2, Kw::On))
                && matches!(best.v, V::Pt(_))
            {
                best.m = Some(sfx);
                best.e = e + 2;
                if self.is(best.e, Kw::On)
                    && let Some((e2, d)) = self.date_pt(best.e + 1)
                    && let V::Pt(p) = &mut best.v
                    && p.date.is_none()
                {
                    p.date = Some(d);
                    best.e = e2;
                }
            }
        }
        Some(best)
    }

    /// Applies a relation and a part to a core expression, when they fit it.
    fn with_mods(
        &self,
        mut it: Item,
        s: usize,
        e: usize,
        m: Option<Mod>,
        part: Option<Part>,
    ) -> Option<Item> {
        it.s = s;
        it.e = e;
        match &it.v {
            V::Dur(_) => {
                if part.is_some()
                    || matches!(
                        m,
                        Some(Mod::Since | Mod::Until | Mod::Deadline | Mod::Before | Mod::After)
                    )
                {
                    return None;
                }
                it.m = m;
            }
            V::Pt(p) => {
                if part.is_some() && p.time.is_some() {
                    return None;
                }
                if part.is_some() && p.date.is_none() && p.dp.is_none() {
                    return None;
                }
                it.m = match m {
                    Some(Mod::MoreThan) => {
                        // "more than 2 weeks before today": a date before.
                        if (s..e).any(|k| self.is(k, Kw::Before)) {
                            Some(Mod::Before)
                        } else if (s..e).any(|k| self.is(k, Kw::After))
                            || matches!(
                                p.date,
                                Some(Pt::P(PDate {
                                    y: Some(_),
                                    m: None,
                                    ..
                                }))
                            )
                        {
                            Some(Mod::After)
                        } else {
                            return None;
                        }
                    }
                    Some(Mod::LessThan) => return None,
                    other => other,
                };
                it.part = part.or(it.part);
            }
            V::Iv(..) => {
                if part.is_some() || m.is_some() && m != Some(Mod::Approx) {
                    return None;
                }
                it.m = m;
            }
            V::Set(_) | V::Ref(_) => return None,
        }
        Some(it)
    }
}

/// One side of an interval.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Ep {
    Pt(Point),
    Clock(Tod),
    /// A bare number: value, written as an ordinal or after "the", written in digits.
    Bare(u32, bool, bool),
}

// ---------------------------------------------------------------------------------------
// Grammar: combinations of a day with times, weeks of a day, lengths with a start
// ---------------------------------------------------------------------------------------

impl Parser<'_> {
    /// "how about", "talking about", "about Tuesday": "about" that is not an
    /// approximation. "about" approximates amounts and clock times, not names of days.
    fn question_about(&self, i: usize) -> bool {
        if i > 0 && self.word(i - 1) {
            let w = self.surface(i - 1).to_ascii_lowercase();
            if matches!(
                w.as_str(),
                "how"
                    | "what"
                    | "talk"
                    | "talking"
                    | "talked"
                    | "talks"
                    | "think"
                    | "thinking"
                    | "know"
                    | "worry"
                    | "worried"
                    | "care"
                    | "ask"
                    | "asked"
                    | "hear"
                    | "heard"
                    | "read"
                    | "learn"
                    | "learned"
                    | "news"
                    | "questions"
                    | "question"
                    | "concerns"
                    | "concerned"
                    | "information"
                    | "details"
                    | "speak"
                    | "spoke"
                    | "wrote"
                    | "write"
                    | "story"
                    | "stories"
                    | "report"
                    | "reports"
                    | "reported"
            ) {
                return true;
            }
        }
        if self.is(i, Kw::About) {
            return !(self.tk(i + 1).kind == Tk::Num
                || matches!(
                    self.lx(i + 1),
                    Lex::Card(_)
                        | Lex::Kw(Kw::A | Kw::An | Kw::Half | Kw::Noon | Kw::Midnight | Kw::The)
                ));
        }
        false
    }

    /// A day followed by a time interval or a bounded time on that day: "Monday 8-9am",
    /// "tonight from 7 to 7:30", "1/1/2015 between 10 and 11:30", "today before 4pm",
    /// "Feb 1st no later than 6:00".
    fn day_with_times(&self, i: usize) -> Option<Item> {
        let (e, p) = self.point(i)?;
        let d = p.date?;
        if p.time.is_some() || !day_level(&d) {
            return None;
        }
        let mut k = e;
        if self.is(k, Kw::At) || self.is(k, Kw::On) {
            k += 1;
        }
        if let Some(mut it) = self.range_with(k, Some(d)).or_else(|| self.time_for(k))
            && let V::Iv(ab) = &mut it.v
            && ab.0.time.is_some()
            && ab.1.time.is_some()
        {
            let (a, b) = &mut **ab;
            for x in [a, b] {
                if x.date.is_none() {
                    x.date = Some(d);
                }
                if let (Some(dp), Some(t)) = (p.dp, x.time.as_mut()) {
                    apply_dp(t, dp);
                }
            }
            it.s = i;
            return Some(it);
        }
        let rel = match self.kw(k) {
            Some(Kw::Before) => Some((k + 1, Mod::Before)),
            Some(Kw::By) => Some((k + 1, Mod::Before)),
            Some(Kw::After) => Some((k + 1, Mod::After)),
            Some(Kw::Since) => Some((k + 1, Mod::Since)),
            Some(Kw::Until) => Some((k + 1, Mod::Until)),
            Some(Kw::No) if self.is(k + 1, Kw::Later) && self.is(k + 2, Kw::Than) => {
                Some((k + 3, Mod::Before))
            }
            Some(Kw::Later) if self.is(k + 1, Kw::Than) => Some((k + 2, Mod::After)),
            Some(Kw::Earlier) if self.is(k + 1, Kw::Than) => Some((k + 2, Mod::Before)),
            _ => None,
        };
        let (k2, m) = rel?;
        let (e2, mut tod) = self.tod(k2, true).or_else(|| self.bare_hour(k2))?;
        if let Some(dp) = p.dp {
            apply_dp(&mut tod, dp);
        }
        let mut it = Item::pt(
            i,
            e2,
            Point {
                date: Some(d),
                time: Some(tod),
                dp: None,
            },
        );
        it.m = Some(m);
        Some(it)
    }

    /// A game clock: "with 7:42 left", "4:43 to play", "2:56 remaining" is a length of
    /// minutes and seconds, not a time of day.
    fn game_clock(&self, i: usize) -> Option<Item> {
        let m = self.small(i, 2)?;
        let s = self.numt(i + 2).filter(|t| t.digits == 2 && t.n < 60)?.n;
        if !(self.pc(i + 1, b':') && self.glued(i + 1) && self.glued(i + 2)) || self.glued(i + 3) {
            return None;
        }
        let after = self.surface(i + 3).to_ascii_lowercase();
        let clock = matches!(after.as_str(), "left" | "remaining")
            || (after == "to"
                && matches!(
                    self.surface(i + 4).to_ascii_lowercase().as_str(),
                    "play" | "go"
                ))
            || (i > 0
                && self.surface(i - 1).eq_ignore_ascii_case("with")
                && self.ampm(i + 3).is_none());
        if !clock {
            return None;
        }
        let d = Dur {
            parts: vec![
                (Some(f64::from(m)), Unit::Minute),
                (Some(f64::from(s)), Unit::Second),
            ],
        };
        Some(Item::new(i, i + 3, V::Dur(d)))
    }

    /// A clock time and a length: "from 9 for 2.5 hrs", "for 3 hours from 10 am", "from
    /// 2pm for 2 hours".
    fn time_for(&self, i: usize) -> Option<Item> {
        let clock_dur = |k: usize| -> Option<(usize, u32)> {
            let (e, d) = self.duration(k)?;
            let mut minutes = 0.0;
            for (q, u) in &d.parts {
                let q = (*q)?;
                minutes += match u {
                    Unit::Hour => q * 60.0,
                    Unit::Minute => q,
                    _ => return None,
                };
            }
            (minutes > 0.0 && minutes < 24.0 * 60.0).then_some((e, minutes.round() as u32))
        };
        let hour = |k: usize| -> R<Tod> {
            self.tod(k, true).or_else(|| {
                let h = self.small(k, 2).filter(|h| *h <= 23)?;
                (!self.glued(k + 1)).then_some((
                    k + 1,
                    Tod {
                        h,
                        m: 0,
                        s: None,
                        fixed: false,
                        clock: false,
                    },
                ))
            })
        };
        let add = |t: Tod, minutes: u32| {
            let total = t.h * 60 + t.m + minutes;
            Tod {
                h: (total / 60) % 24,
                m: total % 60,
                s: None,
                fixed: t.fixed,
                clock: true,
            }
        };
        let make = |s: usize, e: usize, t: Tod, minutes: u32| {
            let a = Point {
                date: None,
                time: Some(t),
                dp: None,
            };
            let b = Point {
                date: None,
                time: Some(add(t, minutes)),
                dp: None,
            };
            Item::new(s, e, iv(a, b))
        };
        if self.is(i, Kw::From)
            && let Some((e, t)) = hour(i + 1)
            && self.is(e, Kw::For)
            && let Some((e2, minutes)) = clock_dur(e + 1)
        {
            return Some(make(i, e2, t, minutes));
        }
        if self.is(i, Kw::For)
            && let Some((e, minutes)) = clock_dur(i + 1)
            && self.is(e, Kw::From)
            && let Some((e2, t)) = hour(e + 1)
        {
            return Some(make(i, e2, t, minutes));
        }
        None
    }

    /// "at 6.45", "at 6" at the end of a phrase: a clock time after "at".
    fn at_time(&self, i: usize) -> Option<Item> {
        if !self.is(i, Kw::At) {
            return None;
        }
        if self.pc(i + 2, b'.')
            && self.numt(i + 3).is_some()
            && let Some((e, tod)) = self.tod(i + 1, true)
        {
            // "at 8.30pm today": the day after the time joins the expression.
            if let Some((e2, p)) = self.point(i + 1)
                && e2 > e
                && p.time.is_some()
            {
                return Some(Item::pt(i, e2, p));
            }
            return Some(Item::pt(
                i,
                e,
                Point {
                    date: None,
                    time: Some(tod),
                    dp: None,
                },
            ));
        }
        let (e, tod) = self.bare_hour(i + 1)?;
        if !self.stop(e) || self.small(i + 1, 2).is_none_or(|h| h > 12) {
            return None;
        }
        Some(Item::pt(
            i + 1,
            e,
            Point {
                date: None,
                time: Some(tod),
                dp: None,
            },
        ))
    }

    /// "the week of April 10th", "week of september.16th", "the week commencing February
    /// 4", "w/c Feb 4", "month of september.16th": the week or month holding a day.
    fn period_of_day(&self, i: usize) -> Option<Item> {
        let j = self.opt(i, Kw::The);
        let (unit, k) = if self.is(j, Kw::W) && self.pc(j + 1, b'/') && self.is(j + 2, Kw::C) {
            (Unit::Week, j + 3)
        } else {
            let u = match self.lx(j) {
                Lex::Unit(u @ (Unit::Week | Unit::Month), false) => u,
                _ => return None,
            };
            let k =
                match self.kw(j + 1) {
                    Some(Kw::Of) => j + 2,
                    Some(Kw::Starting | Kw::Beginning) if u == Unit::Week => {
                        if self.is(j + 2, Kw::On) { j + 3 } else { j + 2 }
                    }
                    _ => return None,
                };
            (u, k)
        };
        let (e, d) = self
            .written_date(k)
            .map(|(e, p)| (e, Pt::P(p)))
            .or_else(|| self.the_dom(k).map(|(e, p)| (e, Pt::P(p))))?;
        if !day_level(&d) {
            return None;
        }
        let dir = self.dir_at(i, e, false);
        let pt = match self.resolve(d, dir) {
            Ok(Cal::Day(x)) => Pt::C(
                if unit == Unit::Week {
                    Cal::Week(monday(x))
                } else {
                    Cal::Month(x.year(), x.month())
                },
                is_relative(&d),
            ),
            _ => Pt::Nil(unit_kind(unit)),
        };
        Some(Item::date(i, e, pt))
    }

    /// A length with its start: "for 3 days from today", "a week starting tomorrow", "2
    /// weeks starting May 20th", "for 1 week, from 20th dec".
    fn length_from(&self, i: usize) -> Option<Item> {
        let s = i;
        let with_for = self.is(i, Kw::For);
        let i = if with_for { i + 1 } else { i };
        let (e, dur) = self.duration(i)?;
        let (q, u) = dur.total()?;
        if !matches!(
            u,
            Unit::Day | Unit::Week | Unit::Month | Unit::Year | Unit::Fortnight
        ) || q.fract() != 0.0
        {
            return None;
        }
        let mut k = e;
        if self.pc(k, b',') {
            k += 1;
        }
        k = match self.kw(k) {
            Some(Kw::Starting | Kw::Beginning) => {
                if matches!(self.kw(k + 1), Some(Kw::On | Kw::From)) {
                    k + 2
                } else {
                    k + 1
                }
            }
            Some(Kw::From) if with_for => k + 1,
            _ => return None,
        };
        let (e2, p) = self.point(k)?;
        let d = p.date?;
        if p.time.is_some() || !day_level(&d) {
            return None;
        }
        let dir = self.dir_at(s, e2, false);
        let pt = match self.resolve(d, dir) {
            Ok(Cal::Day(x)) => match self.shift(x, &dur, 1, false) {
                Some(Cal::Day(y)) => y.pred_opt().map_or(Pt::Nil(TimeKind::Range), |y| {
                    Pt::C(Cal::Days(x, y), is_relative(&d))
                }),
                _ => Pt::Nil(TimeKind::Range),
            },
            _ => Pt::Nil(TimeKind::Range),
        };
        let start = if with_for && (self.is(e, Kw::From) || self.pc(e, b',')) {
            s
        } else {
            i
        };
        let mut it = Item::date(start, e2, pt);
        it.len = Some(dur);
        Some(it)
    }

    /// "the first 2 weeks of 2021", "the last 3 weeks of this year", "the last four months
    /// of 2021", "first ten days of last year".
    fn first_last_of(&self, i: usize) -> Option<Item> {
        let j = self.opt(i, Kw::The);
        let first = match self.lx(j) {
            Lex::Ord(1) => true,
            Lex::Kw(Kw::Last) => false,
            _ => return None,
        };
        let (e1, q) = self.qty(j + 1)?;
        let q = q?;
        let (e2, (u, true)) = self.unit(e1)? else {
            return None;
        };
        if !self.is(e2, Kw::Of) || q.fract() != 0.0 || !(1.0..=60.0).contains(&q) {
            return None;
        }
        let n = q as i64;
        let (e3, p) = self.of_period(e2 + 1)?;
        let dir = self.dir_at(i, e3, false);
        let period = match self.resolve(p, dir) {
            Ok(c) => c,
            Err(_) => return Some(Item::date(i, e3, Pt::Nil(TimeKind::Range))),
        };
        let (a, b) = (period.first()?, period.last()?);
        let span = match (u, period) {
            (Unit::Week, Cal::Year(y)) => {
                let last_w = i64::from(weeks_in_year(y));
                let (w0, w1) = if first {
                    (1, n)
                } else {
                    (last_w - n + 1, last_w)
                };
                let s = iso_week(y, u32::try_from(w0).ok()?)?;
                (s, add_days(iso_week(y, u32::try_from(w1).ok()?)?, 6)?)
            }
            (Unit::Week, _) => {
                if first {
                    let s = monday(add_days(a, 3)?);
                    (s, add_days(s, 7 * n - 1)?)
                } else {
                    let end = add_days(monday(add_days(b, -3)?), 6)?;
                    (add_days(end, -7 * n + 1)?, end)
                }
            }
            (Unit::Month, _) => {
                if first {
                    (a, add_months(a, n)?.pred_opt()?)
                } else {
                    (add_months(b.succ_opt()?, -n)?, b)
                }
            }
            (Unit::Day, _) => {
                if first {
                    (a, add_days(a, n - 1)?)
                } else {
                    (add_days(b, -n + 1)?, b)
                }
            }
            _ => return None,
        };
        let mut it = Item::date(i, e3, Pt::C(Cal::Days(span.0, span.1), is_relative(&p)));
        it.len = Some(Dur::one(Some(q), u));
        Some(it)
    }

    /// "the weekend", "over the weekend", "my weekend": the latest weekend when the clause
    /// looks back (on a Monday, the one just gone), the coming one when it looks forward.
    fn the_weekend(&self, i: usize) -> Option<Item> {
        if !matches!(self.kw(i), Some(Kw::The | Kw::My))
            || self.lx(i + 1) != Lex::Unit(Unit::Weekend, false)
        {
            return None;
        }
        if matches!(self.kw(i + 2), Some(Kw::Of | Kw::Before | Kw::After)) {
            return None;
        }
        let dir = self.dir_at(i, i + 2, false);
        let pt = self.with_ref(TimeKind::Range, |r| {
            let sat = add_days(monday(r), 5)?;
            // Looking back from Monday to Thursday, "the weekend" is the one just gone; from
            // Friday on it is the current one.
            Some(Cal::Weekend(if dir == Dir::Past && wd_num(r) <= 4 {
                add_days(sat, -7)?
            } else {
                sat
            }))
        });
        Some(Item::date(i, i + 2, pt))
    }

    /// "the week", "the month", "the year", "the day" at the end of a phrase after "for",
    /// "of", "in": the current one ("partner of the year", "for the day").
    fn the_unit(&self, i: usize) -> Option<Item> {
        if !self.is(i, Kw::The) || i == 0 {
            return None;
        }
        let Lex::Unit(
            u @ (Unit::Week | Unit::Month | Unit::Year | Unit::Day | Unit::Fortnight),
            false,
        ) = self.lx(i + 1)
        else {
            return None;
        };
        // "the day before", "the day after" closing a phrase: the day before the reference.
        if u == Unit::Day
            && matches!(self.kw(i + 2), Some(Kw::Before | Kw::After))
            && self.stop(i + 3)
        {
            let k = if self.is(i + 2, Kw::Before) { -1 } else { 1 };
            return Some(Item::date(
                i,
                i + 3,
                self.with_ref(TimeKind::Date, |r| Some(Cal::Day(add_days(r, k)?))),
            ));
        }
        if !matches!(self.kw(i - 1), Some(Kw::For | Kw::Of | Kw::In | Kw::During))
            || !self.stop(i + 2)
        {
            return None;
        }
        let pt = self.with_ref(unit_kind(u), |r| Self::unit_rel(r, u, 0));
        Some(Item::date(i, i + 2, pt))
    }
}

// ---------------------------------------------------------------------------------------
// Resolution and output
// ---------------------------------------------------------------------------------------

fn pdate_kind(p: &PDate) -> TimeKind {
    if p.d.is_some() || p.wd.is_some() {
        TimeKind::Date
    } else if p.m.is_some() {
        TimeKind::Month
    } else {
        TimeKind::Year
    }
}

fn is_relative(pt: &Pt) -> bool {
    match pt {
        Pt::P(p) => p.y.is_none(),
        Pt::C(_, rel) => *rel,
        Pt::Nil(_) => true,
    }
}

/// Words that point a clause forward ("will", "'ll", "is due to", "plans to").
fn future_cue(k: Kw) -> bool {
    matches!(
        k,
        Kw::Will | Kw::Shall | Kw::Ll | Kw::Going | Kw::Due | Kw::Plan | Kw::Scheduled | Kw::Expect
    )
}

impl Parser<'_> {
    /// A future cue at token `k`: "due" counts only as "is due to", not "due to flooding";
    /// "going" only as "going to".
    fn future_cue_at(&self, k: usize, kw: Kw) -> bool {
        match kw {
            Kw::Due => {
                k > 0 && (self.is(k - 1, Kw::Be) || matches!(self.surface(k - 1), "was" | "were"))
            }
            Kw::Going => self.is(k + 1, Kw::To),
            _ => future_cue(kw),
        }
    }

    /// Reads the tense of the clause around tokens `s..e`: the nearest cue on the left
    /// (a future auxiliary or a past verb), then on the right; `lean_future` is the default
    /// for deadlines ("by December"), which only a clear past ("had", "was") turns back.
    fn dir_at(&self, s: usize, e: usize, lean_future: bool) -> Dir {
        self.cue(s, e, lean_future)
            .unwrap_or(if lean_future { Dir::Future } else { Dir::Past })
    }

    /// The tense cue of the clause around tokens `s..e`, if it has one.
    fn cue(&self, s: usize, e: usize, lean_future: bool) -> Option<Dir> {
        let mut k = s;
        let mut steps = 0;
        while k > 0 && steps < 10 {
            k -= 1;
            steps += 1;
            let t = &self.t[k];
            match t.kind {
                Tk::Punct(b'.' | b'!' | b'?' | b';' | b':' | b'"') => break,
                Tk::Word => match t.lex {
                    // "...informed lawmakers that the figure could reach 10,000 by December":
                    // the verb before "that" belongs to another clause.
                    Lex::Kw(Kw::That) => break,
                    Lex::Kw(kw) if self.future_cue_at(k, kw) => return Some(Dir::Future),
                    // "is set for", "is set to": a plan.
                    Lex::Kw(Kw::Set) if matches!(self.kw(k + 1), Some(Kw::For | Kw::To)) => {
                        return Some(Dir::Future);
                    }
                    Lex::Kw(Kw::PastVerb) => {
                        let w = self.surface(k).to_ascii_lowercase();
                        let reporting = matches!(w.as_str(), "said" | "told");
                        if lean_future && reporting {
                            // "said the troops would arrive by December": the report is past,
                            // the deadline is not.
                            break;
                        }
                        return Some(Dir::Past);
                    }
                    Lex::No if t.e - t.s > 4 => {
                        let w = self.surface(k);
                        // "-ed" after "be" is a participle ("to be published"), not a past.
                        let after_be = k > 0
                            && (self.is(k - 1, Kw::Be)
                                || matches!(self.surface(k - 1), "been" | "being"));
                        if w.ends_with("ed") && !w.ends_with("eed") && !t.cap && !after_be {
                            return Some(Dir::Past);
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
            if t.gap == 2 {
                break;
            }
        }
        let n = self.t.len();
        for k in e..(e + 6).min(n) {
            let t = &self.t[k];
            if t.gap == 2 || matches!(t.kind, Tk::Punct(b'.' | b'!' | b'?' | b';' | b'"')) {
                break;
            }
            if let Lex::Kw(kw) = t.lex {
                if self.future_cue_at(k, kw) {
                    return Some(Dir::Future);
                }
                if kw == Kw::PastVerb {
                    return Some(Dir::Past);
                }
            }
        }
        None
    }

    /// Places written date parts on the calendar: the latest such date on or before the
    /// reference when reading back, the earliest on or after it when reading forward.
    fn resolve_pdate(&self, p: PDate, dir: Dir) -> Option<Cal> {
        if p.m.is_some_and(|m| !(1..=12).contains(&m))
            || p.d.is_some_and(|d| !(1..=31).contains(&d))
        {
            return None;
        }
        match (p.y, p.m, p.d) {
            (Some(y), Some(m), Some(d)) => ymd(y, m, d).map(Cal::Day),
            (Some(y), Some(m), None) => Some(Cal::Month(y, m)),
            (Some(y), None, None) => Some(Cal::Year(y)),
            (None, Some(m), Some(d)) => {
                let r = self.r?;
                // A day that no year has (30 February) has no value.
                ymd(2000, m, d)?;
                let found = match dir {
                    Dir::Past => (0..9).find_map(|k| ymd(r.year() - k, m, d).filter(|x| *x <= r)),
                    Dir::Future => (0..9).find_map(|k| ymd(r.year() + k, m, d).filter(|x| *x >= r)),
                };
                found.map(Cal::Day)
            }
            (None, Some(m), None) => {
                let r = self.r?;
                let y = match dir {
                    Dir::Past => {
                        if m <= r.month() {
                            r.year()
                        } else {
                            r.year() - 1
                        }
                    }
                    Dir::Future => {
                        if m >= r.month() {
                            r.year()
                        } else {
                            r.year() + 1
                        }
                    }
                };
                Some(Cal::Month(y, m))
            }
            (None, None, Some(d)) => {
                let r = self.r?;
                // "Friday the 26th" names this month's 26th when it is a Friday.
                if let Some(wd) = p.wd
                    && let Some(x) = ymd(r.year(), r.month(), d)
                    && wd_num(x) == wd
                {
                    return Some(Cal::Day(x));
                }
                for k in 0..60i64 {
                    let step = if dir == Dir::Past { -k } else { k };
                    let (y, m) = month_shift(r.year(), r.month(), step)?;
                    let Some(x) = ymd(y, m, d) else {
                        continue;
                    };
                    if (dir == Dir::Past && x > r) || (dir == Dir::Future && x < r) {
                        continue;
                    }
                    if p.wd.is_none_or(|wd| wd_num(x) == wd) {
                        return Some(Cal::Day(x));
                    }
                    if p.wd.is_none() {
                        break;
                    }
                }
                None
            }
            (None, None, None) => {
                let r = self.r?;
                let wd = i64::from(p.wd?);
                let rwd = i64::from(wd_num(r));
                let x = match dir {
                    Dir::Past => add_days(r, -((rwd - wd).rem_euclid(7)))?,
                    Dir::Future => add_days(r, (wd - rwd).rem_euclid(7))?,
                };
                Some(Cal::Day(x))
            }
            _ => None,
        }
    }

    fn resolve(&self, pt: Pt, dir: Dir) -> Result<Cal, TimeKind> {
        match pt {
            Pt::P(p) => self.resolve_pdate(p, dir).ok_or(pdate_kind(&p)),
            Pt::C(c, _) => Ok(c),
            Pt::Nil(k) => Err(k),
        }
    }

    fn format_point(c: Option<Cal>, t: Option<Tod>, dp: Option<Dp>) -> Option<String> {
        match (c, t, dp) {
            (Some(Cal::Day(d)), Some(t), _) => Some(format!("{}{}", iso_day(d), tod_str(t))),
            (_, Some(t), _) => Some(tod_str(t)),
            (Some(Cal::Day(d)), None, Some(dp)) => Some(format!("{}T{}", iso_day(d), dp_code(dp))),
            (_, None, Some(dp)) => Some(format!("T{}", dp_code(dp))),
            (Some(c), None, None) => c.value(),
            (None, None, None) => None,
        }
    }

    fn point_value(&self, p: &Point, dir: Dir) -> (TimeKind, Option<String>, bool) {
        let rel = p.date.as_ref().is_some_and(is_relative);
        let kind_of = |c: Option<Cal>, k: TimeKind| {
            if p.time.is_some() {
                TimeKind::Time
            } else if p.dp.is_some() {
                TimeKind::PartOfDay
            } else {
                c.map_or(k, Cal::kind)
            }
        };
        match p.date {
            Some(d) => match self.resolve(d, dir) {
                Ok(c) => (
                    kind_of(Some(c), c.kind()),
                    Self::format_point(Some(c), p.time, p.dp),
                    rel,
                ),
                Err(k) => (kind_of(None, k), None, rel),
            },
            None => (
                kind_of(None, TimeKind::Time),
                Self::format_point(None, p.time, p.dp),
                false,
            ),
        }
    }

    /// The occurrence of a year-less end on or after `start`: "from 10/25 to 01/25",
    /// "Friday to Monday", "April 9th through 17th".
    fn follow(start: NaiveDate, pb: PDate) -> Option<Cal> {
        for k in 0..3 {
            let cand = match (pb.m, pb.d, pb.wd) {
                (None, Some(d), wd) => (0..62)
                    .filter_map(|n| add_days(start, n))
                    .find(|x| x.day() == d && wd.is_none_or(|w| wd_num(*x) == w))
                    .map(Cal::Day),
                (Some(m), Some(d), _) => ymd(start.year() + k, m, d).map(Cal::Day),
                (Some(m), None, _) => Some(Cal::Month(start.year() + k, m)),
                (None, None, Some(wd)) if k == 0 => {
                    add_days(start, (7 + i64::from(wd) - i64::from(wd_num(start))) % 7)
                        .map(Cal::Day)
                }
                _ => None,
            };
            if let Some(c) = cand
                && c.last().is_some_and(|l| l >= start)
            {
                return Some(c);
            }
        }
        None
    }

    fn interval_value(&self, a: &Point, b: &Point, dir: Dir) -> (TimeKind, Option<String>, bool) {
        let rel =
            a.date.as_ref().is_some_and(is_relative) || b.date.as_ref().is_some_and(is_relative);
        let mut ca = a.date.map(|d| self.resolve(d, dir));
        // Looking forward, a year-less interval under way at the reference is the current
        // one ("will happen between August and October", said in September).
        if dir == Dir::Future
            && let (Some(Pt::P(pa)), Some(Pt::P(pb)), Some(r)) = (a.date, b.date, self.r)
            && pa.y.is_none()
            && pb.y.is_none()
            && let Ok(past) = self.resolve(Pt::P(pa), Dir::Past)
            && let Some(s) = past.first()
            && Self::follow(s, pb)
                .and_then(Cal::last)
                .is_some_and(|l| l >= r)
        {
            ca = Some(Ok(past));
        }
        let cb = match (a.date, b.date, &ca) {
            (Some(_), Some(Pt::P(pb)), Some(Ok(start))) if pb.y.is_none() => match start.first() {
                Some(s) => Self::follow(s, pb).ok_or(TimeKind::Date),
                None => self.resolve(Pt::P(pb), dir),
            },
            (_, Some(d), _) => self.resolve(d, dir),
            (_, None, _) => Err(TimeKind::Time),
        };
        let ca = ca.and_then(Result::ok);
        let cb = cb.ok();
        let va = if a.date.is_some() && ca.is_none() {
            None
        } else {
            Self::format_point(ca, a.time, a.dp)
        };
        let vb = if b.date.is_some() && cb.is_none() {
            None
        } else {
            Self::format_point(cb, b.time, b.dp)
        };
        let value = match (va, vb) {
            (Some(x), Some(y)) => Some(format!("{x}/{y}")),
            _ => None,
        };
        (TimeKind::Interval, value, rel)
    }

    fn emit(&mut self, mut it: Item) {
        let e = it.e.min(self.t.len());
        if e <= it.s {
            return;
        }
        // "the next quarter", "the end of 2000", "the year 2008": the article stays out of the
        // expression, as in the Recognizers specs; it stays in ordinal phrases ("the first
        // week of July", "the last week of July", "the 27th").
        if self.is(it.s, Kw::The) && it.s + 1 < e {
            let k = it.s + 1;
            let has_of = (k..e).any(|x| self.is(x, Kw::Of));
            let drop = match self.lx(k) {
                Lex::Kw(
                    Kw::End
                    | Kw::Middle
                    | Kw::Beginning
                    | Kw::Start
                    | Kw::Mid
                    | Kw::Calendar
                    | Kw::Eoy,
                ) => true,
                Lex::Kw(
                    Kw::Next
                    | Kw::Last
                    | Kw::Past
                    | Kw::Previous
                    | Kw::Following
                    | Kw::Coming
                    | Kw::Upcoming
                    | Kw::Current,
                ) => !has_of,
                Lex::Unit(Unit::Year | Unit::Week, false) => {
                    self.tk(k + 1).kind == Tk::Num || matches!(self.lx(k + 1), Lex::Card(_))
                }
                _ => {
                    (self.tk(k).kind == Tk::Num
                        && matches!(
                            self.kw(k + 1),
                            Some(
                                Kw::Next
                                    | Kw::Last
                                    | Kw::Past
                                    | Kw::Previous
                                    | Kw::Coming
                                    | Kw::Upcoming
                            )
                        ))
                        || matches!(
                            it.v,
                            V::Pt(Point {
                                date: Some(Pt::C(Cal::Century(_), _)),
                                ..
                            })
                        )
                }
            };
            if drop {
                it.s = k;
            }
        }
        let span = self.t[it.s].s as usize..self.t[e - 1].e as usize;
        let lean = matches!(it.m, Some(Mod::Deadline | Mod::Until));
        let dir = self.dir_at(it.s, e, lean);
        let (kind, value, rel) = match &it.v {
            V::Pt(p) => self.point_value(p, dir),
            // An interval that does not resolve although there is a reference is a misreading
            // ("45-7-2", a boxing record), not a time.
            V::Iv(ab)
                if self.r.is_some()
                    && self.interval_value(&ab.0, &ab.1, dir).1.is_none()
                    && ![&ab.0, &ab.1].iter().all(|x| {
                        matches!(
                            x.date,
                            Some(Pt::P(PDate {
                                m: Some(_),
                                d: Some(_),
                                ..
                            }))
                        )
                    }) =>
            {
                return;
            }
            V::Iv(ab) => self.interval_value(&ab.0, &ab.1, dir),
            V::Dur(d) => (TimeKind::Duration, d.value(), false),
            V::Set(v) => (TimeKind::Set, Some(v.clone()), false),
            V::Ref(v) => (TimeKind::Reference, Some((*v).to_string()), false),
        };
        let dates: Vec<Pt> = match &it.v {
            V::Pt(p) => p.date.into_iter().collect(),
            V::Iv(ab) => ab.0.date.into_iter().chain(ab.1.date).collect(),
            _ => Vec::new(),
        };
        for d in dates {
            if let Pt::P(p) = d {
                match (p.y, p.m, p.d) {
                    (Some(y), Some(m), Some(d)) => {
                        if let Some(x) = ymd(y, m, d) {
                            self.explicit_days.push(x);
                        }
                    }
                    (None, Some(m), Some(d)) if ymd(2000, m, d).is_some() => {
                        self.yearless.push((m, d, span.clone()))
                    }
                    _ => {}
                }
            }
        }
        self.out.push(TimeExpr {
            span,
            kind,
            value,
            modifier: it.m,
            part: it.part,
            length: it.len.as_ref().and_then(Dur::value),
            resolved_against: if rel { self.r } else { None },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test dates are valid")
    }

    /// The seed articles' reference: Monday 28 October 2024.
    fn reference() -> Option<NaiveDate> {
        Some(day("2024-10-28"))
    }

    /// The expressions of `text` as (surface, value).
    fn read(text: &str, r: Option<NaiveDate>) -> Vec<(String, Option<String>)> {
        times(text, r)
            .into_iter()
            .map(|t| (text[t.span.clone()].to_string(), t.value))
            .collect()
    }

    /// The single expression of `text` whose surface contains `needle`.
    fn one(text: &str, needle: &str) -> TimeExpr {
        let found: Vec<TimeExpr> = times(text, reference())
            .into_iter()
            .filter(|t| text[t.span.clone()].contains(needle))
            .collect();
        assert_eq!(
            found.len(),
            1,
            "{needle:?} in {text:?}: {:?}",
            read(text, reference())
        );
        found.into_iter().next().expect("one expression")
    }

    fn value(text: &str, needle: &str) -> String {
        one(text, needle).value.unwrap_or_default()
    }

    #[test]
    fn weekdays_are_the_latest_such_day_unless_the_clause_looks_ahead() {
        let said_sunday = "Kyiv's military intelligence said Sunday, citing intercepted audio.";
        assert_eq!(value(said_sunday, "Sunday"), "2024-10-27");
        let thursday = "The spokesman said Thursday that the deployment of North Korean troops was highly concerning.";
        assert_eq!(value(thursday, "Thursday"), "2024-10-24");
        let friday = "On Friday, the North's Foreign Ministry said that it does not feel the need to confirm the reports.";
        assert_eq!(value(friday, "Friday"), "2024-10-25");
        // The reference's own weekday is the reference day.
        assert_eq!(
            value("The minister said Monday that talks had failed.", "Monday"),
            "2024-10-28"
        );
        // Forward: "will", "is due to", "plans to".
        assert_eq!(
            value("The two leaders will meet on Friday in Seoul.", "Friday"),
            "2024-11-01"
        );
        assert_eq!(
            value("The panel is due to report on Thursday.", "Thursday"),
            "2024-10-31"
        );
    }

    #[test]
    fn look_alikes_of_tense_cues_do_not_turn_the_reading() {
        // "due to" is a cause and "following" a preposition here, not the future.
        let t = "has displaced 500,000 due to flooding in the northern Philippines Thursday and Friday.";
        assert_eq!(value(t, "Thursday"), "2024-10-24");
        let t =
            "set to be voted out of power in the Diet following Sunday elections, NHK announced.";
        assert_eq!(value(t, "Sunday"), "2024-10-27");
        // "a shooting that had taken place the previous day": counted from the story.
        assert_eq!(
            one(
                "a shooting that had taken place the previous day.",
                "previous day"
            )
            .value,
            None
        );
    }

    #[test]
    fn weeks_months_and_years_around_the_reference() {
        let t = "Last week, Seoul and Washington confirmed that the North has dispatched at least 3,000 soldiers to eastern Russia this month, where they are being trained.";
        assert_eq!(value(t, "Last week"), "2024-W43");
        assert_eq!(one(t, "Last week").kind, TimeKind::Week);
        assert_eq!(value(t, "this month"), "2024-10");
        assert_eq!(
            value("a summit last September in Russia", "September"),
            "2023-09"
        );
        assert_eq!(
            value("signing a mutual defense pact in June.", "June"),
            "2024-06"
        );
        assert_eq!(
            value(
                "since Moscow's invasion of Ukraine in February 2022, with",
                "February"
            ),
            "2022-02"
        );
        assert_eq!(
            value("over a deadly dam collapse in 2015 that remains", "2015"),
            "2015"
        );
        assert_eq!(
            value("the company reported losses last year.", "last year"),
            "2023"
        );
        assert_eq!(
            value("The talks resume next week.", "next week"),
            "2024-W45"
        );
        assert_eq!(
            value("The army withdrew two weeks ago.", "two weeks ago"),
            "2024-W42"
        );
        assert_eq!(
            value("The army withdrew yesterday.", "yesterday"),
            "2024-10-27"
        );
        assert_eq!(value("The army withdraws today.", "today"), "2024-10-28");
    }

    #[test]
    fn earlier_this_week_is_the_current_week_marked_earlier() {
        // Chosen convention: the ISO week of the reference, with `Part::Earlier` saying that
        // only the days before the reference are meant.
        let t = one(
            "Earlier this week, a government spokesperson said",
            "Earlier this week",
        );
        assert_eq!(t.value.as_deref(), Some("2024-W44"));
        assert_eq!(t.part, Some(Part::Earlier));
    }

    #[test]
    fn modifiers_deadlines_and_starting_points() {
        let by = one(
            "the North plans to send around 10,000 troops by December.",
            "December",
        );
        assert_eq!(by.value.as_deref(), Some("2024-12"));
        assert_eq!(by.modifier, Some(Mod::Deadline));
        let since = one(
            "on more than 70 occasions since August last year, the NIS said.",
            "August",
        );
        assert_eq!(since.value.as_deref(), Some("2023-08"));
        assert_eq!(since.modifier, Some(Mod::Since));
        let could = one(
            "informed lawmakers that the figure could reach 10,000 by December, while",
            "December",
        );
        assert_eq!(could.value.as_deref(), Some("2024-12"));
        let early = one("The surgery took place in early 2011.", "2011");
        assert_eq!(
            (early.value.as_deref(), early.part),
            (Some("2011"), Some(Part::Start))
        );
    }

    #[test]
    fn month_days_without_a_year_and_intervals() {
        assert_eq!(
            value(
                "On October 27, Ukraine's military intelligence agency reported",
                "October 27"
            ),
            "2024-10-27"
        );
        assert_eq!(
            value("the stop by Russian police on October 27.", "October 27"),
            "2024-10-27"
        );
        assert_eq!(
            value(
                "troops were escorted to bases between October 8th and 13th.",
                "October"
            ),
            "2024-10-08/2024-10-13"
        );
        assert_eq!(
            value("escorted on Oct. 8th and 13th to bases", "Oct"),
            "2024-10-08/2024-10-13"
        );
        assert_eq!(
            value("to a combat zone on October 27-28.", "October"),
            "2024-10-27/2024-10-28"
        );
        assert_eq!(value("in the 1950s, a historic shift", "1950s"), "195X");
        let weekend = one(
            "The president warned over the weekend that North Korean soldiers",
            "weekend",
        );
        assert_eq!(weekend.value.as_deref(), Some("2024-10-26/2024-10-27"));
        assert_eq!(weekend.kind, TimeKind::Range);
        assert_eq!(value("from 2014 to 2018", "2014"), "2014/2018");
    }

    #[test]
    fn full_dates_in_news_formats() {
        for (text, v) in [
            ("Oct. 28, 2024 / 5:06 AM", "2024-10-28"),
            ("It was signed on October 28, 2024 in Seoul.", "2024-10-28"),
            ("It was signed on 28 October 2024 in Seoul.", "2024-10-28"),
            ("Published 2024-10-28 by the agency.", "2024-10-28"),
            ("Published Monday, Oct. 28, 2024 at noon.", "2024-10-28"),
        ] {
            let found = read(text, None);
            assert!(
                found
                    .iter()
                    .any(|(_, x)| x.as_deref().is_some_and(|x| x.starts_with(v))),
                "{text}: {found:?}"
            );
        }
        assert_eq!(
            value("SEOUL, Oct. 28 (UPI) -- Russia has begun", "Oct"),
            "2024-10-28"
        );
    }

    #[test]
    fn durations_and_times_of_day() {
        assert_eq!(
            value("missing for almost two weeks in the mountains", "two weeks"),
            "P2W"
        );
        assert_eq!(
            one("missing for almost two weeks", "two weeks").modifier,
            Some(Mod::LessThan)
        );
        assert_eq!(
            value("the deadliest in the 18-month conflict.", "18-month"),
            "P18M"
        );
        assert_eq!(
            value(
                "strikes that lasted four hours and were focused",
                "four hours"
            ),
            "PT4H"
        );
        let clock = one("Oct. 28, 2024 / 5:06 AM", "5:06");
        assert_eq!(
            (clock.kind, clock.value.as_deref()),
            (TimeKind::Time, Some("T05:06"))
        );
        assert_eq!(value("with 7:42 left in the first half", "7:42"), "PT7M42S");
    }

    #[test]
    fn counts_and_modal_verbs_are_not_times() {
        for text in [
            "The North plans to send around 10,000 troops.",
            "close to 12,000 personnel, including 500 officers and three generals",
            "North Korean troops may join the battle against Ukraine.",
            "This may take longer than expected.",
            "May I ask what this is for?",
            "Mortgages were at 6.45 percent.",
            "deliver 2000 pieces of toys",
            "There are two to four people in the room.",
            "He was killed at 5 sites in the city.",
            "Call me on (206) 555-1212 or 138-2010-2015.",
        ] {
            assert_eq!(read(text, reference()), vec![], "{text}");
        }
        // "in May" is the month.
        assert_eq!(value("The elections were held in May.", "May"), "2024-05");
    }

    #[test]
    fn absurd_dates_have_no_value() {
        let t = one("The decree is dated 31 February 2024.", "February");
        assert_eq!(t.value, None);
        assert_eq!(read("10^400 and 1e400 are not dates", reference()), vec![]);
        assert!(
            times(
                "99999999999999999999999 years ago, on 2024-13-45",
                reference()
            )
            .iter()
            .all(|t| t.value.is_none())
        );
    }

    #[test]
    fn without_a_reference_relative_expressions_have_no_value() {
        let found = read("Last week, on October 27, and on 28 October 2024.", None);
        assert_eq!(
            found,
            vec![
                ("Last week".to_string(), None),
                ("October 27".to_string(), None),
                (
                    "28 October 2024".to_string(),
                    Some("2024-10-28".to_string())
                ),
            ]
        );
        let t = &times("said Sunday", None)[0];
        assert_eq!(t.resolved_against, None);
        assert_eq!(
            times("said Sunday", reference())[0].resolved_against,
            reference()
        );
    }

    #[test]
    fn short_words_are_lower_cased_on_the_stack() {
        let mut buf = [0u8; 16];
        assert_eq!(lower_short("NINETIES", &mut buf), "nineties");
        assert_eq!(lower_short("", &mut buf), "");
        assert_eq!(lower_short("Zürich", &mut buf), "zürich");
        assert_eq!(lower_short("a-word-longer-than-sixteen", &mut buf), "");
    }

    /// The bounds the parser keeps must hold: no token past `last_unit` is a unit, and no
    /// token past `last_joiner` joins an interval, or durations and intervals would be
    /// missed.
    fn check_bounds(text: &str) {
        let p = Parser::new(text, None);
        for k in 0..p.t.len() {
            if p.unit(k).is_some() {
                assert!(p.last_unit.is_some_and(|u| u >= k), "{text:?}: unit at {k}");
            }
            let joins = matches!(p.tk(k).kind, Tk::Punct(b'-' | b'~'))
                || p.word(k) && matches!(p.kw(k), Some(Kw::To | Kw::Until | Kw::Through | Kw::And));
            if joins {
                assert!(
                    p.last_joiner.is_some_and(|u| u >= k),
                    "{text:?}: joiner at {k}"
                );
            }
        }
    }

    #[test]
    fn units_and_joiners_are_within_their_bounds() {
        for text in [
            "It lasted 3h, then 10D and 2 y later, one second, two nights, 5 weeks.",
            "From 2014 to 2018 ~ 2020 - through May until June and after.",
            "Nothing here at all",
        ] {
            check_bounds(text);
        }
        let p = Parser::new("Nothing here at all", None);
        assert!(p.last_unit.is_none() && p.last_joiner.is_none());
    }

    #[test]
    fn helpers_for_undated_articles() {
        let text =
            "On October 24, Putin spoke. Talks on 2 September 2024 and October 25, 2024 failed.";
        assert_eq!(latest_explicit_date(text), Some(day("2024-10-25")));
        let md = month_days_without_year(text);
        assert_eq!(md.len(), 1);
        assert_eq!((md[0].0, md[0].1), (10, 24));
        assert_eq!(&text[md[0].2.clone()], "October 24");
    }

    #[test]
    fn to_model_shifts_spans() {
        let text = "It happened on Sunday.";
        let t = &times(text, reference())[0];
        let m = t.to_model(text, 100).expect("a value");
        assert_eq!(m.value, "2024-10-27");
        assert_eq!(m.text, "Sunday");
        assert_eq!((m.span.start, m.span.end), (115, 121));
        assert!(times(text, None)[0].to_model(text, 0).is_none());
    }

    #[test]
    fn tempeval_style_values() {
        let r = Some(day("2013-03-22"));
        let read_r = |t: &str| read(t, r);
        assert_eq!(
            read_r("were reported in the last week, and")[0]
                .1
                .as_deref(),
            Some("2013-W11")
        );
        assert_eq!(
            read_r("bought in 2010, four years ago")[1].1.as_deref(),
            Some("2009")
        );
        assert_eq!(
            read_r("his death last summer, police said")[0].1.as_deref(),
            Some("2012-SU")
        );
        assert_eq!(
            read_r("explorations of the 20th Century")[0].1.as_deref(),
            Some("19")
        );
        assert_eq!(
            read_r("He is now the head of BP.")[0].1.as_deref(),
            Some("PRESENT_REF")
        );
    }

    proptest! {
        #[test]
        fn never_panics_and_spans_are_sound(text in ".{0,200}", days in -200_000i64..200_000) {
            let r = NaiveDate::from_ymd_opt(2000, 1, 1).and_then(|d| add_days(d, days));
            let found = times(&text, r);
            let mut last = 0;
            for t in &found {
                prop_assert!(t.span.start < t.span.end && t.span.end <= text.len());
                prop_assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
                prop_assert!(t.span.start >= last, "expressions are in order and do not overlap");
                last = t.span.end;
            }
            let _ = latest_explicit_date(&text);
            let _ = month_days_without_year(&text);
        }

        #[test]
        fn bounds_hold_on_any_text(text in "[a-zA-Z0-9 ~,.\\-]{0,80}") {
            check_bounds(&text);
        }

        #[test]
        fn dates_written_out_round_trip(y in 1000i32..2999, m in 1u32..=12, d in 1u32..=28) {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("day 1-28 exists");
            let iso = date.format("%Y-%m-%d").to_string();
            for text in [
                format!("It was signed on {}.", date.format("%B %-d, %Y")),
                format!("It was signed on {}.", date.format("%-d %B %Y")),
                format!("It was signed on {iso}."),
            ] {
                let found = times(&text, None);
                prop_assert_eq!(found.len(), 1, "{}", text);
                prop_assert_eq!(found[0].value.as_deref(), Some(iso.as_str()), "{}", text);
            }
        }

        #[test]
        fn word_soup_of_time_words_never_panics(words in proptest::collection::vec(
            prop_oneof![
                Just("the"), Just("last"), Just("next"), Just("of"), Just("week"), Just("May"),
                Just("2024"), Just("31"), Just("-"), Just("to"), Just("between"), Just("and"),
                Just("Friday"), Just("at"), Just("7:30"), Just("pm"), Just("ago"), Just("two"),
                Just("since"), Just("early"), Just("the 1950s"), Just("Q3"), Just("/"), Just("12"),
            ],
            0..30,
        ), days in -100_000i64..100_000) {
            let text = words.join(" ");
            let r = NaiveDate::from_ymd_opt(2000, 1, 1).and_then(|d| add_days(d, days));
            for t in times(&text, r) {
                prop_assert!(text.get(t.span.clone()).is_some());
            }
        }
    }
}
