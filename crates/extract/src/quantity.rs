//! Quantities in news text: the figures a sentence states, with how they are hedged and
//! what they count.
//!
//! [`quantities`] reads one sentence (or any string) and returns every quantity in it: the
//! number as written in any form news uses (`3,000`, `1.5 million`, `$30B`, `12k`, `three`,
//! `a dozen`, `two thirds`, `hundreds of`, `tens of thousands`), its qualifier (`at least`,
//! `more than`, `around`, `up to`, `fewer than`, a range `between 10,000 and 12,000`), and
//! its unit: a currency as an ISO code (`USD`), a measure by its full name (`kilometre`), a
//! percentage (`percent`), or else the noun the number counts, lemmatised to its singular
//! (`soldiers` -> `soldier`, `square miles` -> `square mile`), skipping the adjectives in
//! between (`1,500 elite North Korean troops` -> `troop`). [`scan`] returns the same plus
//! ordinals, which are kept apart because `101st` names a division rather than counting it.
//!
//! A rate keeps what it is per in its unit, because news sets a cost per month against a
//! total: `$2.5 billion a month` is `USD per month`, `$26 per share` is `USD per share`,
//! `four times a week` is `time per week`; a period that places the figure in time (`a year
//! ago`, `a month into the war`) is not a rate. Units written with symbols and operators
//! are read the way science writing composes them (`J/m^2 per year` is `joule per square
//! metre per year`, `fb−1` is `inverse femtobarn`, `J s` is `joule second`), but only in
//! shapes ordinary words cannot take: an operator or an exponent, or one of a few products
//! that are units of their own, so `5 ms`, `2 am` or `J-1 visas` are left alone. A value
//! with its uncertainty (`9.83 ± 0.01`) is the range it bounds.
//!
//! What is deliberately left out: years (`in 2022`), dates (`October 27`, `5/17/2018`),
//! times of day (`5:06 AM`, `0440 GMT`), decades (`the 1950s`), codes and names with digits
//! (`COVID-19`, `F-16`, `Firefox 3.0`, `Route 9`, `No. 5`), phone numbers and addresses,
//! and `one` used as a pronoun (`one of the`, `which one`). Those belong to the time
//! extractor or to nobody. Values that do not fit an `f64` (`10^400`) are dropped rather
//! than reported wrong.
//!
//! `a`/`an` is a number only before a scale or fraction word (`a dozen`, `a million`, `a
//! third`) or a measure (`a gallon`, not `a day`); `one` only when it counts a noun (`one
//! rocket`), is hedged (`one or more`) or negated (`minus one`).
//!
//! Vague plurals are read as a bracket of one order of magnitude, flagged approximate:
//! `hundreds` is 100 with `value_max` 1000, `tens of thousands` is 10,000 to 100,000,
//! `dozens` is 12 to 144. A plain range keeps both ends (`value`, `value_max`).
//!
//! It works by hand over a token list, with no regex: one pass splits the text into words,
//! digit runs and single symbols; a numeral grammar reads a number at each token where one
//! may start, looking a bounded number of tokens ahead; then the context around each
//! numeral (qualifier words before it, unit words after it, the numeral before and after)
//! decides what it is. Every look is bounded, so the whole is linear in the text.
//!
//! It does not parse syntax. The noun a number counts is found by local rules (the first
//! plural noun after the number, or the first word that is not an adjective), which are
//! right for the way news states figures and wrong for some unusual word orders.

use std::ops::Range;

use model::{Qualifier, Quantity, Span};

/// What sort of number a [`Found`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A count or a measure: `3,000 soldiers`, `25 miles`, `three`.
    Cardinal,
    /// A fraction written as one: `two thirds`, `1/40`, `one in five`.
    Fraction,
    /// A rank, not an amount: `101st`, `the tenth`. Only [`scan`] returns these.
    Ordinal,
    /// A percentage: `35%`, `70 percent`.
    Percent,
    /// An amount of money: `$30 billion`, `110 billion euros`.
    Money,
    /// Two numbers as the ends of one range: `between 10,000 and 12,000`, `60–90 minutes`.
    Range,
}

/// How one end of a range is bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bound {
    /// As news writes ranges (`between 10 and 20`, `10-20`): the end is the figure given.
    Plain,
    /// Stated as included: `at least 20 and at most 30`.
    Inclusive,
    /// Stated as excluded: `more than 20 and fewer than 30`.
    Exclusive,
}

/// One number found in a text, with its context. All spans are byte ranges into the text
/// given to [`scan`] or [`quantities`] and lie on char boundaries.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Everything read: qualifier, number(s) and unit, as written (`at least 3,000 soldiers`).
    pub span: Range<usize>,
    /// The words that hedge the number (`at least`, `between`), when there are any.
    pub qualifier_span: Option<Range<usize>>,
    /// The number itself (`3,000`, `1.5 million`, `a dozen`); for a range, its lower end.
    pub number_span: Range<usize>,
    /// For a range, the upper end's number.
    pub max_span: Option<Range<usize>>,
    /// The qualifier and the number(s), with any qualifier written after them (`500 or
    /// more`), but without the unit words.
    pub figure: Range<usize>,
    /// The words or sign naming the unit (`soldiers`, `$`, `%`), when there are any. A rate
    /// is named by its unit and its period together, so its span runs from one to the other
    /// (`$15 an hour` whole, `times a week` in `three times a week`).
    pub unit_span: Option<Range<usize>>,
    pub value: f64,
    /// The upper end of a range, or of the bracket a vague plural stands for.
    pub value_max: Option<f64>,
    pub qualifier: Qualifier,
    /// The ends of a range; `(Plain, Plain)` for everything else.
    pub bounds: (Bound, Bound),
    /// The currency (`USD`), the measure (`kilometre`), `percent`, or the lemma of the noun
    /// counted (`soldier`).
    pub unit: Option<String>,
    pub kind: Kind,
}

impl Found {
    /// The model value, with spans shifted by `offset` (the start of `text` in the body).
    pub fn to_model(&self, text: &str, offset: usize) -> Quantity {
        Quantity {
            text: text.get(self.span.clone()).unwrap_or_default().to_string(),
            span: Span::new(self.span.start + offset, self.span.end + offset),
            value: self.value,
            value_max: self.value_max,
            qualifier: self.qualifier,
            unit: self.unit.clone(),
        }
    }

    /// True for everything but ordinals: a quantity of something.
    pub fn is_quantity(&self) -> bool {
        self.kind != Kind::Ordinal
    }
}

/// The quantities in `text`, in order: everything [`scan`] finds except ordinals.
pub fn quantities(text: &str) -> Vec<Found> {
    let mut out = scan(text);
    out.retain(Found::is_quantity);
    out
}

/// Every number in `text` that is a quantity or an ordinal, in order of position.
pub fn scan(text: &str) -> Vec<Found> {
    scan_checked(text).0
}

/// The quantities of `text` as [`quantities`] finds them, and the byte ranges of the
/// numbers it refused because they are too large to hold (`10^400`, 400 digits): those
/// are reported, not silently lost.
pub fn quantities_checked(text: &str) -> (Vec<Found>, Vec<Range<usize>>) {
    let (mut out, refused) = scan_checked(text);
    out.retain(Found::is_quantity);
    (out, refused)
}

fn scan_checked(text: &str) -> (Vec<Found>, Vec<Range<usize>>) {
    let ctx = Ctx::new(text);
    if ctx.toks.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut items = Vec::new();
    let mut i = 0;
    while i < ctx.toks.len() {
        if !may_start(&ctx, i) {
            i += 1;
            continue;
        }
        match numeral(&ctx, i) {
            Some(num) => {
                i = num.t1.max(i + 1);
                items.push(Item::new(num));
            }
            None => i += 1,
        }
    }
    if items.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let refused: Vec<Range<usize>> = items
        .iter()
        .filter(|it| it.num.overflow)
        .map(|it| ctx.start(it.num.t0)..ctx.end(it.num.t1.max(it.num.t0 + 1) - 1))
        .collect();
    for k in 0..items.len() {
        let prev_end = if k == 0 { 0 } else { items[k - 1].num.t1 };
        context(&ctx, &mut items, k, prev_end);
    }
    // A number inside a unit the one before read belongs to it: the exponent of `J/m^2`,
    // the `a` of `$3 a gallon`.
    let mut reach = 0;
    for it in items.iter_mut().filter(|it| !it.dropped) {
        if it.num.t0 < reach {
            it.dropped = true;
            continue;
        }
        let exponent = it
            .unit_tok
            .is_some_and(|(a, b)| (a.max(it.num.t1)..b).any(|t| ctx.is_digits(t)));
        if it.rate.is_some() || exponent {
            reach = it.e_tok;
        }
    }
    ranges(&ctx, &mut items);
    bound_pairs(&ctx, &mut items);
    share_units(&ctx, &mut items);
    decide(&ctx, &mut items);
    let mut out: Vec<Found> = items
        .iter()
        .filter(|it| !it.dropped)
        .filter_map(|it| found(&ctx, it))
        .collect();
    out.sort_by_key(|f| (f.span.start, f.span.end));
    (out, refused)
}

// ---------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TK {
    Word,
    Digits,
    Sym,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: TK,
    s: usize,
    e: usize,
}

/// The token list and lower-cased copy of the last text read, kept for the next one: a
/// sentence is short, and allocating these two afresh for each cost more than reading it.
type Scratch = (Vec<Tok>, String);

thread_local! {
    static SCRATCH: std::cell::Cell<Option<Scratch>> = const { std::cell::Cell::new(None) };
}

/// Splits `text` into words (letters, with the apostrophes inside them: "didn't"), runs of
/// ASCII digits and single other characters, skipping white space. ASCII, which is most
/// of any English text, is classified byte by byte; other characters are decoded.
fn tokenize(text: &str, toks: &mut Vec<Tok>) {
    let b = text.as_bytes();
    let n = b.len();
    // The character at byte `i` (a char boundary below `n`) and its length.
    let char_at = |i: usize| {
        let c = text[i..].chars().next().unwrap_or(' ');
        (c, c.len_utf8())
    };
    // True when the character starting at byte `i` is a letter.
    let letter_at = |i: usize| match b.get(i) {
        None => false,
        Some(&c) if c < 0x80 => c.is_ascii_alphabetic(),
        Some(_) => char_at(i).0.is_alphabetic(),
    };
    let mut i = 0;
    while i < n {
        let c = b[i];
        let s = i;
        if c < 0x80 {
            // The ASCII white space of `char::is_whitespace`: tab to carriage return, space.
            if matches!(c, b'\t'..=b'\r' | b' ') {
                i += 1;
                continue;
            }
            if c.is_ascii_digit() {
                i += 1;
                while i < n && b[i].is_ascii_digit() {
                    i += 1;
                }
                toks.push(Tok {
                    kind: TK::Digits,
                    s,
                    e: i,
                });
                continue;
            }
            if !c.is_ascii_alphabetic() {
                toks.push(Tok {
                    kind: TK::Sym,
                    s,
                    e: s + 1,
                });
                i += 1;
                continue;
            }
            i += 1;
        } else {
            let (ch, w) = char_at(i);
            if ch.is_whitespace() {
                i += w;
                continue;
            }
            if !ch.is_alphabetic() {
                toks.push(Tok {
                    kind: TK::Sym,
                    s,
                    e: s + w,
                });
                i += w;
                continue;
            }
            i += w;
        }
        // A word: letters, and an apostrophe with a letter after it ("didn't", "KO's").
        while i < n {
            let d = b[i];
            if d.is_ascii_alphabetic() {
                i += 1;
            } else if d == b'\'' {
                if letter_at(i + 1) {
                    i += 1;
                } else {
                    break;
                }
            } else if d >= 0x80 {
                let (ch, w) = char_at(i);
                if ch.is_alphabetic() || (ch == '\u{2019}' && letter_at(i + w)) {
                    i += w;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        toks.push(Tok {
            kind: TK::Word,
            s,
            e: i,
        });
    }
}

/// The largest text whose buffers are kept for the next: a huge one's are freed, so that
/// one pathological input does not hold its memory for the rest of the run.
const SCRATCH_MAX_BYTES: usize = 1 << 16;

impl Drop for Ctx<'_> {
    fn drop(&mut self) {
        if self.low.capacity() > SCRATCH_MAX_BYTES {
            return;
        }
        let scratch = (
            std::mem::take(&mut self.toks),
            std::mem::take(&mut self.low),
        );
        SCRATCH.with(|s| s.set(Some(scratch)));
    }
}

/// The text, its ASCII-lowercased copy (same byte offsets) and its tokens.
struct Ctx<'a> {
    text: &'a str,
    low: String,
    toks: Vec<Tok>,
    /// Whether the text is a title-case headline, computed once when first needed.
    title_case: std::cell::OnceCell<bool>,
}

/// `got` is one of the `|`-separated alternatives in `want`. Always inlined: it runs for
/// every word of every qualifier phrase tried. It walks the alternatives byte by byte: a
/// substring search first (`str::contains`) cost more than the whole comparison, since
/// the phrases are short.
#[inline(always)]
fn alt_eq(want: &str, got: &str) -> bool {
    if want == got {
        return true;
    }
    let (w, g) = (want.as_bytes(), got.as_bytes());
    if g.is_empty() || g.len() > w.len() {
        return false;
    }
    let mut start = 0;
    for (k, &b) in w.iter().enumerate() {
        if b == b'|' {
            if k - start == g.len() && &w[start..k] == g {
                return true;
            }
            start = k + 1;
        }
    }
    w.len() - start == g.len() && &w[start..] == g
}

/// The most tokens a numeral may span. It bounds the work done at each start, which keeps
/// the scan linear even on text made only of number words.
const MAX_NUM_TOKS: usize = 40;

impl<'a> Ctx<'a> {
    fn new(text: &'a str) -> Ctx<'a> {
        let (mut toks, mut low) = SCRATCH.with(|s| s.take()).unwrap_or_default();
        toks.clear();
        toks.reserve(text.len() / 5 + 1);
        tokenize(text, &mut toks);
        low.clear();
        low.push_str(text);
        low.make_ascii_lowercase();
        Ctx {
            text,
            low,
            toks,
            title_case: std::cell::OnceCell::new(),
        }
    }

    fn len(&self) -> usize {
        self.toks.len()
    }

    fn kind(&self, i: usize) -> Option<TK> {
        self.toks.get(i).map(|t| t.kind)
    }

    /// The lowercased text of token `i` ("" past the end).
    fn w(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.low[t.s..t.e])
    }

    /// The text of token `i` as written.
    fn raw(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.text[t.s..t.e])
    }

    fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(TK::Word)
    }

    fn is_digits(&self, i: usize) -> bool {
        self.kind(i) == Some(TK::Digits)
    }

    fn sym(&self, i: usize) -> Option<char> {
        match self.toks.get(i) {
            Some(t) if t.kind == TK::Sym => self.text[t.s..].chars().next(),
            _ => None,
        }
    }

    fn is_sym(&self, i: usize, c: char) -> bool {
        self.sym(i) == Some(c)
    }

    /// True when tokens `a` and `b` (= a + 1) touch, with no space between.
    fn adj(&self, a: usize, b: usize) -> bool {
        match (self.toks.get(a), self.toks.get(b)) {
            (Some(x), Some(y)) => x.e == y.s,
            _ => false,
        }
    }

    /// The whitespace between tokens `a` and `a + 1`.
    fn gap(&self, a: usize) -> &str {
        match (self.toks.get(a), self.toks.get(a + 1)) {
            (Some(x), Some(y)) => &self.text[x.e..y.s],
            _ => "",
        }
    }

    fn capitalised(&self, i: usize) -> bool {
        self.is_word(i) && self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    fn start(&self, i: usize) -> usize {
        self.toks.get(i).map_or(self.text.len(), |t| t.s)
    }

    fn end(&self, i: usize) -> usize {
        self.toks.get(i).map_or(self.text.len(), |t| t.e)
    }

    /// Token `i` is the first word of its sentence (ignoring quotes and brackets before it).
    fn sentence_initial(&self, i: usize) -> bool {
        let mut k = i;
        // Bounded: a run of quotes and brackets longer than this is not a sentence start.
        while k > 0 && i - k < 8 {
            k -= 1;
            match self.sym(k) {
                Some('"' | '\'' | '“' | '‘' | '(' | '[' | '«') => continue,
                Some('.' | '!' | '?' | ':' | '•' | '-' | '–' | '—') => return true,
                _ => return false,
            }
        }
        true
    }

    /// Does the token sequence ending just before `end` spell `phrase`? Each element of the
    /// phrase is a lowercased token; alternatives are separated by `|`.
    fn ends_with(&self, end: usize, phrase: &[&str]) -> Option<usize> {
        if phrase.len() > end {
            return None;
        }
        let start = end - phrase.len();
        // Compare from the last word, which rejects most phrases at once.
        for (k, want) in phrase.iter().enumerate().rev() {
            if !alt_eq(want, self.w(start + k)) {
                return None;
            }
        }
        Some(start)
    }

    /// Does the token sequence starting at `start` spell `phrase`?
    fn starts_with(&self, start: usize, phrase: &[&str]) -> Option<usize> {
        if start + phrase.len() > self.len() {
            return None;
        }
        for (k, want) in phrase.iter().enumerate() {
            if !alt_eq(want, self.w(start + k)) {
                return None;
            }
        }
        Some(start + phrase.len())
    }
}

// ---------------------------------------------------------------------------------------
// Lexicon
// ---------------------------------------------------------------------------------------

fn unit_word(w: &str) -> Option<f64> {
    Some(match w {
        "zero" | "nought" | "naught" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        _ => return None,
    })
}

fn teen_word(w: &str) -> Option<f64> {
    Some(match w {
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        _ => return None,
    })
}

fn tens_word(w: &str) -> Option<f64> {
    Some(match w {
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" | "fourty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        _ => return None,
    })
}

/// Scale words above a hundred, written out or abbreviated after a space.
fn scale_word(w: &str) -> Option<f64> {
    Some(match w {
        "thousand" => 1e3,
        "lakh" | "lakhs" | "lac" => 1e5,
        "million" | "mln" | "mn" | "mil" | "mio" => 1e6,
        "crore" | "crores" => 1e7,
        "billion" | "bln" | "bn" => 1e9,
        "trillion" | "tln" | "tn" => 1e12,
        _ => return None,
    })
}

/// Letters written against a number that multiply it (`12k`, `$30B`, `1.2bn`, `10M`).
/// Lowercase `m` is handled apart, because it is also the metre.
fn glued_scale(raw: &str, long_number: bool) -> Option<f64> {
    Some(match raw {
        "k" | "K" => 1e3,
        "M" | "MM" | "mm" if raw != "mm" => 1e6,
        "mil" | "mln" | "mn" | "Mn" | "MN" | "million" => 1e6,
        "b" | "B" | "bn" | "Bn" | "BN" | "bln" | "billion" => 1e9,
        // A lone digit before G is a network generation (4G, 5G); longer numbers are giga.
        "G" if long_number => 1e9,
        "T" | "tn" | "tln" | "trillion" => 1e12,
        "lakh" => 1e5,
        "crore" => 1e7,
        _ => return None,
    })
}

/// Ordinal words, with the number they rank. Their plurals are fraction denominators.
fn ordinal_word(w: &str) -> Option<(f64, bool)> {
    let (stem, plural) = match w.strip_suffix('s') {
        Some(s) if s != "thirtieth" && w != "s" => (s, true),
        _ => (w, false),
    };
    let v = match stem {
        "first" => 1.0,
        "second" => 2.0,
        "third" => 3.0,
        "fourth" => 4.0,
        "fifth" => 5.0,
        "sixth" => 6.0,
        "seventh" => 7.0,
        "eighth" => 8.0,
        "ninth" => 9.0,
        "tenth" => 10.0,
        "eleventh" => 11.0,
        "twelfth" => 12.0,
        "thirteenth" => 13.0,
        "fourteenth" => 14.0,
        "fifteenth" => 15.0,
        "sixteenth" => 16.0,
        "seventeenth" => 17.0,
        "eighteenth" => 18.0,
        "nineteenth" => 19.0,
        "twentieth" => 20.0,
        "thirtieth" => 30.0,
        "fortieth" => 40.0,
        "fiftieth" => 50.0,
        "sixtieth" => 60.0,
        "seventieth" => 70.0,
        "eightieth" => 80.0,
        "ninetieth" => 90.0,
        "hundredth" => 100.0,
        "thousandth" => 1e3,
        "millionth" => 1e6,
        "billionth" => 1e9,
        "trillionth" => 1e12,
        _ => return None,
    };
    Some((v, plural))
}

/// A word that can close a fraction: `thirds`, `a half`, `three quarters`. `second` is left
/// out because `two seconds` is a duration.
fn denominator_word(w: &str) -> Option<f64> {
    match w {
        "half" | "halves" => Some(2.0),
        "quarter" | "quarters" => Some(4.0),
        "second" | "seconds" => None,
        _ => ordinal_word(w).map(|(v, _)| v).filter(|&v| v >= 2.0),
    }
}

fn vulgar_fraction(c: char) -> Option<f64> {
    Some(match c {
        '½' => 0.5,
        '⅓' => 1.0 / 3.0,
        '⅔' => 2.0 / 3.0,
        '¼' => 0.25,
        '¾' => 0.75,
        '⅕' => 0.2,
        '⅖' => 0.4,
        '⅗' => 0.6,
        '⅘' => 0.8,
        '⅙' => 1.0 / 6.0,
        '⅚' => 5.0 / 6.0,
        '⅛' => 0.125,
        '⅜' => 0.375,
        '⅝' => 0.625,
        '⅞' => 0.875,
        _ => return None,
    })
}

fn month_word(ctx: &Ctx, i: usize) -> bool {
    if !ctx.is_word(i) {
        return false;
    }
    let full = matches!(
        ctx.w(i),
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    );
    let short = matches!(
        ctx.w(i),
        "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    );
    // Months are capitalised in running text; "may" and "march" are also verbs.
    (full || short) && ctx.capitalised(i)
}

fn weekday_word(w: &str) -> bool {
    matches!(
        w,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// Prefix currency signs and codes.
fn currency_sign(ctx: &Ctx, i: usize) -> Option<&'static str> {
    if let Some(c) = ctx.sym(i) {
        return Some(match c {
            '$' => {
                // "US$", "A$", "HK$": the letters touch the sign.
                if i > 0 && ctx.adj(i - 1, i) && ctx.is_word(i - 1) {
                    return Some(match ctx.raw(i - 1) {
                        "A" | "AU" => "AUD",
                        "C" | "CA" => "CAD",
                        "HK" => "HKD",
                        "NZ" => "NZD",
                        "S" => "SGD",
                        "R" => "BRL",
                        "NT" => "TWD",
                        _ => "USD",
                    });
                }
                "USD"
            }
            '£' => "GBP",
            '€' => "EUR",
            '¥' => "JPY",
            '₹' => "INR",
            '₩' => "KRW",
            '₽' => "RUB",
            '₪' => "ILS",
            '₺' => "TRY",
            _ => return None,
        });
    }
    currency_code(ctx.raw(i))
}

fn currency_code(raw: &str) -> Option<&'static str> {
    Some(match raw {
        "USD" => "USD",
        "EUR" => "EUR",
        "GBP" => "GBP",
        "JPY" => "JPY",
        "CNY" | "RMB" => "CNY",
        "INR" | "Rs" => "INR",
        "CHF" => "CHF",
        "CAD" => "CAD",
        "AUD" => "AUD",
        "SEK" => "SEK",
        "NOK" => "NOK",
        "DKK" => "DKK",
        "RUB" => "RUB",
        "KRW" => "KRW",
        "HKD" => "HKD",
        "BRL" => "BRL",
        "MXN" => "MXN",
        "ZAR" => "ZAR",
        "UAH" => "UAH",
        _ => return None,
    })
}

/// Currency words after a number (lemma), with the adjective that can precede them.
fn currency_word(lemma: &str, before: &str) -> Option<&'static str> {
    Some(match lemma {
        "dollar" => match before {
            "canadian" => "CAD",
            "australian" => "AUD",
            "singapore" => "SGD",
            "kong" => "HKD",
            "zealand" => "NZD",
            "taiwan" => "TWD",
            _ => "USD",
        },
        "euro" => "EUR",
        "yen" => "JPY",
        "yuan" | "renminbi" => "CNY",
        "rupee" => "INR",
        "rouble" | "ruble" => "RUB",
        "hryvnia" | "hryvnias" => "UAH",
        "franc" => "CHF",
        "peso" => "MXN",
        "shekel" => "ILS",
        "lira" => "TRY",
        "rand" => "ZAR",
        "real" if before == "brazilian" => "BRL",
        "sterling" => "GBP",
        _ => return None,
    })
}

/// Measures written as symbols right after the number, case-sensitive (`km`, `GHz`).
fn unit_symbol(raw: &str) -> Option<&'static str> {
    Some(match raw {
        "m" => "metre",
        "km" => "kilometre",
        "cm" => "centimetre",
        "mm" => "millimetre",
        "nm" => "nanometre",
        "pm" => "picometre",
        "mi" => "mile",
        "ft" => "foot",
        "yd" => "yard",
        "km2" => "square kilometre",
        "m2" => "square metre",
        "kg" | "kgs" => "kilogram",
        "g" => "gram",
        "mg" => "milligram",
        "t" => "tonne",
        "lb" | "lbs" => "pound",
        "oz" => "ounce",
        "l" | "L" => "litre",
        "ml" | "mL" => "millilitre",
        "cl" => "centilitre",
        "gal" => "gallon",
        "tbsp" | "Tbsp" | "tbs" => "tablespoon",
        "tsp" => "teaspoon",
        "eV" => "electronvolt",
        "keV" => "kiloelectronvolt",
        "MeV" => "megaelectronvolt",
        "GeV" => "gigaelectronvolt",
        "TeV" => "teraelectronvolt",
        "W" => "watt",
        "kW" => "kilowatt",
        "MW" => "megawatt",
        "GW" => "gigawatt",
        "Wh" => "watt hour",
        "kWh" => "kilowatt hour",
        "MWh" => "megawatt hour",
        "GWh" => "gigawatt hour",
        "TWh" => "terawatt hour",
        "hp" => "horsepower",
        "Hz" => "hertz",
        "kHz" => "kilohertz",
        "MHz" => "megahertz",
        "GHz" => "gigahertz",
        "KB" | "kB" => "kilobyte",
        "MB" => "megabyte",
        "GB" => "gigabyte",
        "TB" => "terabyte",
        "PB" => "petabyte",
        "kb" | "Kb" => "kilobit",
        "Mb" => "megabit",
        "Gb" => "gigabit",
        "Mbps" => "megabit per second",
        "Gbps" => "gigabit per second",
        "mph" => "mile per hour",
        "kph" | "kmh" => "kilometre per hour",
        "hrs" | "hr" => "hour",
        "mins" | "min" => "minute",
        "sec" | "secs" => "second",
        "ha" => "hectare",
        "tpd" => "ton per day",
        "mGy" => "milligray",
        "Gy" => "gray",
        "°C" | "C" => "degree celsius",
        "°F" | "F" => "degree fahrenheit",
        "K" => "kelvin",
        "Ma" => "megayear",
        "Ga" => "gigayear",
        _ => return None,
    })
}

/// Measures by name (the lemma of the word), to one spelling each.
fn unit_name(lemma: &str) -> Option<&'static str> {
    Some(match lemma {
        "metre" | "meter" => "metre",
        "kilometre" | "kilometer" => "kilometre",
        "centimetre" | "centimeter" => "centimetre",
        "millimetre" | "millimeter" => "millimetre",
        "nanometre" | "nanometer" => "nanometre",
        "mile" => "mile",
        "foot" => "foot",
        "inch" => "inch",
        "yard" => "yard",
        "kilogram" | "kilo" | "kilogramme" => "kilogram",
        "gram" | "gramme" => "gram",
        "milligram" => "milligram",
        "tonne" => "tonne",
        "ton" => "ton",
        "pound" => "pound",
        "ounce" => "ounce",
        "litre" | "liter" => "litre",
        "millilitre" | "milliliter" => "millilitre",
        "centilitre" | "centiliter" => "centilitre",
        "gallon" => "gallon",
        "barrel" => "barrel",
        "cup" => "cup",
        "tablespoon" => "tablespoon",
        "teaspoon" => "teaspoon",
        "acre" => "acre",
        "hectare" => "hectare",
        "watt" => "watt",
        "kilowatt" => "kilowatt",
        "megawatt" => "megawatt",
        "gigawatt" => "gigawatt",
        "horsepower" => "horsepower",
        "volt" => "volt",
        "byte" => "byte",
        "kilobyte" => "kilobyte",
        "megabyte" => "megabyte",
        "gigabyte" => "gigabyte",
        "terabyte" => "terabyte",
        "petabyte" => "petabyte",
        "exabyte" => "exabyte",
        "kibibyte" => "kibibyte",
        "bit" => "bit",
        "knot" => "knot",
        "degree" => "degree",
        "calorie" => "calorie",
        "second" => "second",
        "minute" => "minute",
        "hour" => "hour",
        "day" => "day",
        "week" => "week",
        "month" => "month",
        "year" => "year",
        "decade" => "decade",
        "century" => "century",
        // The geologist's million and billion years (`Ma`, `Ga`), by name.
        "megaannum" | "megayear" => "megayear",
        "gigaannum" | "gigayear" => "gigayear",
        "cent" => "cent",
        "penny" => "penny",
        "dime" => "dime",
        "nanosecond" => "nanosecond",
        "millisecond" => "millisecond",
        "percent" => "percent",
        _ => return None,
    })
}

fn time_unit(unit: &str) -> bool {
    matches!(
        unit,
        "second" | "minute" | "hour" | "day" | "week" | "month" | "year" | "decade" | "century"
    )
}

/// Words that end the search for the noun a number counts: function words, auxiliaries,
/// pronouns and the adverbs that follow figures in news.
fn stop_word(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "of"
            | "in"
            | "on"
            | "at"
            | "to"
            | "from"
            | "for"
            | "with"
            | "without"
            | "by"
            | "and"
            | "or"
            | "but"
            | "nor"
            | "as"
            | "than"
            | "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "this"
            | "these"
            | "those"
            | "there"
            | "here"
            | "it"
            | "its"
            | "they"
            | "them"
            | "their"
            | "he"
            | "him"
            | "his"
            | "she"
            | "her"
            | "we"
            | "us"
            | "our"
            | "you"
            | "your"
            | "i"
            | "me"
            | "my"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "am"
            | "has"
            | "have"
            | "had"
            | "do"
            | "does"
            | "did"
            | "will"
            | "would"
            | "could"
            | "should"
            | "can"
            | "may"
            | "might"
            | "must"
            | "shall"
            | "not"
            | "no"
            | "if"
            | "when"
            | "while"
            | "where"
            | "since"
            | "until"
            | "after"
            | "before"
            | "during"
            | "into"
            | "onto"
            | "over"
            | "under"
            | "about"
            | "around"
            | "across"
            | "through"
            | "via"
            | "per"
            | "each"
            | "every"
            | "ago"
            | "later"
            | "earlier"
            | "now"
            | "then"
            | "today"
            | "yesterday"
            | "tomorrow"
            | "tonight"
            | "so"
            | "too"
            | "very"
            | "also"
            | "only"
            | "just"
            | "even"
            | "still"
            | "already"
            | "yet"
            | "again"
            | "more"
            | "less"
            | "fewer"
            | "most"
            | "least"
            | "apiece"
            | "according"
            | "due"
            | "because"
            | "said"
            | "says"
            | "say"
            | "told"
            | "against"
            | "between"
            | "among"
            | "toward"
            | "towards"
            | "within"
            | "out"
            | "up"
            | "down"
            | "off"
            | "away"
            | "back"
            | "instead"
            | "respectively"
            | "percent"
            | "all"
            | "both"
            | "either"
            | "neither"
            | "what"
            | "how"
            | "why"
            | "whether"
            | "like"
            | "unlike"
            | "despite"
            | "above"
            | "below"
            | "near"
            | "behind"
            | "beyond"
            | "along"
            | "alongside"
            | "amid"
            | "outside"
            | "inside"
            | "upon"
            | "there's"
            | "it's"
            | "including"
            | "versus"
            | "vs"
    )
}

/// Words that are not plurals though they end in `s`.
fn false_plural(w: &str) -> bool {
    matches!(
        w,
        "this"
            | "his"
            | "its"
            | "was"
            | "is"
            | "has"
            | "does"
            | "as"
            | "us"
            | "yes"
            | "various"
            | "previous"
            | "plus"
            | "thus"
            | "whereas"
            | "perhaps"
            | "always"
            | "downstairs"
            | "upstairs"
            | "overseas"
            | "afterwards"
            | "towards"
            | "besides"
            | "sometimes"
            | "nevertheless"
            | "unless"
            | "across"
            | "less"
            | "news"
            | "bus"
            | "gas"
            | "alias"
            | "atlas"
            | "lens"
            | "canvas"
            | "chaos"
            | "ethos"
            | "physics"
            | "politics"
            | "economics"
            | "mathematics"
            | "whereabouts"
            | "apiece"
            | "outdoors"
            | "indoors"
            | "nowadays"
            | "meanwhile"
            | "its'"
    )
}

/// Nouns whose plural is written like their singular, or that count people as a group.
fn invariant_noun(w: &str) -> bool {
    matches!(
        w,
        "personnel"
            | "police"
            | "staff"
            | "crew"
            | "cattle"
            | "livestock"
            | "sheep"
            | "deer"
            | "fish"
            | "aircraft"
            | "spacecraft"
            | "hovercraft"
            | "offspring"
            | "species"
            | "series"
            | "means"
            | "headquarters"
            | "barracks"
            | "crossroads"
            | "horsepower"
            | "infantry"
            | "artillery"
            | "militia"
            | "yen"
            | "yuan"
    )
}

/// Irregular plurals and their singulars.
fn irregular_plural(w: &str) -> Option<&'static str> {
    Some(match w {
        "men" => "man",
        "women" => "woman",
        "children" => "child",
        "people" => "person",
        "persons" => "person",
        "feet" => "foot",
        "teeth" => "tooth",
        "mice" => "mouse",
        "geese" => "goose",
        "oxen" => "ox",
        "lives" => "life",
        "wives" => "wife",
        "knives" => "knife",
        "leaves" => "leaf",
        "thieves" => "thief",
        "halves" => "half",
        "shelves" => "shelf",
        "wolves" => "wolf",
        "calves" => "calf",
        "loaves" => "loaf",
        "selves" => "self",
        "criteria" => "criterion",
        "phenomena" => "phenomenon",
        "data" => "data",
        "media" => "media",
        "alumni" => "alumnus",
        "bacteria" => "bacterium",
        "crises" => "crisis",
        "analyses" => "analysis",
        "theses" => "thesis",
        "diagnoses" => "diagnosis",
        "indices" => "index",
        "movies" => "movie",
        "cookies" => "cookie",
        "zombies" => "zombie",
        "rookies" => "rookie",
        "calories" => "calorie",
        "ties" => "tie",
        "lies" => "lie",
        "pies" => "pie",
        "shoes" => "shoe",
        "toes" => "toe",
        "canoes" => "canoe",
        "oboes" => "oboe",
        "aches" => "ache",
        "headaches" => "headache",
        "niches" => "niche",
        "caches" => "cache",
        "gases" => "gas",
        "buses" => "bus",
        "lenses" => "lens",
        "statuses" => "status",
        "viruses" => "virus",
        "bonuses" => "bonus",
        "campuses" => "campus",
        "censuses" => "census",
        "species" => "species",
        "series" => "series",
        _ => return None,
    })
}

/// Looks like a plural noun: `soldiers`, `men`, `KO's`.
fn plural_looking(ctx: &Ctx, i: usize) -> bool {
    if !ctx.is_word(i) {
        return false;
    }
    let w = ctx.w(i);
    if irregular_plural(w).is_some() && !matches!(w, "data" | "media" | "species" | "series") {
        return true;
    }
    if w.ends_with("'s") || w.ends_with("’s") {
        // "KO's" is a plural; "Russia's" is a possessive.
        let raw = ctx.raw(i);
        let stem = raw
            .strip_suffix("'s")
            .or_else(|| raw.strip_suffix("’s"))
            .unwrap_or(raw);
        return !stem.is_empty() && stem.chars().all(char::is_uppercase);
    }
    w.len() > 2
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
        && !w.ends_with("'s")
        && !false_plural(w)
}

/// The singular of a lowercased noun, by rules and a short irregular list. Not a general
/// lemmatiser: it only undoes plural endings.
pub fn singular(w: &str) -> String {
    if let Some(s) = irregular_plural(w) {
        return s.to_string();
    }
    if invariant_noun(w) {
        return w.to_string();
    }
    if let Some(stem) = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")) {
        return stem.to_string();
    }
    if w.len() <= 3 || !w.ends_with('s') || false_plural(w) {
        return w.to_string();
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return w.to_string();
    }
    if let Some(stem) = w.strip_suffix("ies") {
        return format!("{stem}y");
    }
    if let Some(stem) = w.strip_suffix("sses") {
        return format!("{stem}ss");
    }
    if w.ends_with("xes") || w.ends_with("ches") || w.ends_with("shes") || w.ends_with("zzes") {
        return w[..w.len() - 2].to_string();
    }
    if let Some(stem) = w.strip_suffix("oes") {
        return format!("{stem}o");
    }
    w[..w.len() - 1].to_string()
}

/// Adjectives and modifiers that sit between a number and its noun.
fn adjective_like(ctx: &Ctx, i: usize) -> bool {
    let w = ctx.w(i);
    if matches!(
        w,
        "other"
            | "new"
            | "old"
            | "young"
            | "elite"
            | "additional"
            | "extra"
            | "single"
            | "small"
            | "large"
            | "big"
            | "major"
            | "minor"
            | "key"
            | "top"
            | "senior"
            | "junior"
            | "total"
            | "separate"
            | "different"
            | "straight"
            | "solid"
            | "full"
            | "whole"
            | "entire"
            | "further"
            | "few"
            | "many"
            | "several"
            | "such"
            | "same"
            | "own"
            | "tiny"
            | "huge"
            | "last"
            | "first"
            | "next"
            | "more"
            | "armed"
            | "foreign"
            | "local"
            | "civilian"
            | "civil"
            | "federal"
            | "high"
            | "low"
            | "long"
            | "short"
            | "main"
            | "key's"
            | "brand"
            | "fresh"
            | "live"
            | "dead"
            | "wounded"
            | "injured"
            | "missing"
            | "active"
            | "former"
            | "current"
            | "possible"
            | "potential"
            | "alleged"
            | "suspected"
            | "known"
            | "unknown"
            | "uniformed"
            | "unarmed"
            | "innocent"
            | "average"
            | "special"
            | "regular"
            | "heavy"
            | "light"
            | "deadly"
            | "daily"
            | "weekly"
            | "monthly"
            | "yearly"
            | "annual"
            | "free"
            | "good"
            | "bad"
            | "best"
            | "worst"
            | "great"
            | "hot"
            | "cold"
            | "key-"
    ) {
        return true;
    }
    if ctx.capitalised(i) && !plural_looking(ctx, i) {
        // "North Korean soldiers", "Russian troops": proper adjectives and names modify.
        return true;
    }
    let n = w.len();
    n > 4
        && [
            "al", "ic", "ous", "ive", "ful", "less", "able", "ible", "ary", "ed", "ing", "est",
            "ish", "ian",
        ]
        .iter()
        .any(|suf| w.ends_with(suf))
}

// ---------------------------------------------------------------------------------------
// Numerals
// ---------------------------------------------------------------------------------------

/// A number as written, before its context is read.
#[derive(Debug, Clone)]
struct Num {
    /// First token (a sign or `minus` included) and one past the last token.
    t0: usize,
    t1: usize,
    value: f64,
    /// Upper end of the bracket of a vague plural (`hundreds` -> 1000).
    vague_max: Option<f64>,
    frac: bool,
    ordinal: bool,
    /// Written with at least one word (`three`, `1.5 million`).
    words: bool,
    /// The multiplier of a scale word or suffix (`million` -> 1e6), or 1.
    scale: f64,
    /// Digits in a bare run of digits with nothing else (`2022`), else 0.
    bare: usize,
    /// A date, time, code, version or phone number: not a quantity.
    code: bool,
    /// A measure written against the number (`32km`, `10kg`, `1cds`) and the token after it.
    glued: Option<(String, usize)>,
    /// The word `one` (or `a`) alone, which is often a pronoun or an article.
    lone_one: bool,
    /// A plural noun may follow even a one (`one or more flybys`).
    plural_ok: bool,
    /// Too large to hold (`10^400`): read so that its digits are not misread, then refused.
    overflow: bool,
}

impl Num {
    fn new(t0: usize) -> Num {
        Num {
            t0,
            t1: t0,
            value: 0.0,
            vague_max: None,
            frac: false,
            ordinal: false,
            words: false,
            scale: 1.0,
            bare: 0,
            code: false,
            glued: None,
            lone_one: false,
            plural_ok: false,
            overflow: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Digits,
    Unit,
    Teen,
    Tens,
    Hundred,
    Scale,
    Dozen,
    Frac,
}

/// The running state of a number being composed from parts.
#[derive(Debug, Clone, Copy)]
struct Acc {
    total: f64,
    current: f64,
    largest: f64,
    last: Last,
    /// The value of the last tens word, when it came without `and` after other parts (it
    /// may belong to a denominator: `one hundred thirty fifths` is 100/35).
    free_tens: Option<f64>,
    scale: f64,
    words: bool,
}

impl Acc {
    fn value(&self) -> f64 {
        self.total + self.current
    }
}

fn is_minus(c: Option<char>) -> bool {
    matches!(c, Some('-' | '−'))
}

/// Reads the numeral starting at token `i`, if one does.
fn numeral(ctx: &Ctx, i: usize) -> Option<Num> {
    let mut t = i;
    let mut neg = false;
    let c = ctx.sym(i);
    if is_minus(c) {
        let before_blocks = i > 0
            && ctx.adj(i - 1, i)
            && (matches!(ctx.kind(i - 1), Some(TK::Word | TK::Digits))
                || matches!(ctx.sym(i - 1), Some(')' | '-' | '−')));
        let touching = ctx.adj(i, i + 1)
            && (ctx.is_digits(i + 1) || (ctx.is_sym(i + 1, '.') && ctx.is_digits(i + 2)));
        // A spaced minus counts only at the very start ("- 1 4/5").
        let spaced_start = i == 0 && ctx.is_digits(i + 1);
        if (touching && !before_blocks) || spaced_start {
            neg = true;
            t = i + 1;
        } else {
            return None;
        }
    } else if matches!(ctx.w(i), "minus" | "negative")
        && (ctx.is_digits(i + 1) || word_can_start(ctx, i + 1))
    {
        neg = true;
        t = i + 1;
    }
    let mut num = core(ctx, t, 0, false)?;
    if !num.value.is_finite() || num.value.abs() > 1e300 {
        // Too large to hold: the tokens are consumed and nothing is reported, rather than a
        // wrong value or the digits after the overflow.
        num.code = true;
        num.overflow = true;
        num.value = 0.0;
    }
    num.t0 = i;
    if neg {
        num.value = -num.value;
        num.bare = 0;
        num.lone_one = false;
    }
    Some(num)
}

/// A cheap test run at every token before the numeral grammar: most words cannot start a
/// number, and this keeps the scan fast on running text.
fn may_start(ctx: &Ctx, i: usize) -> bool {
    match ctx.toks[i].kind {
        TK::Digits => true,
        TK::Sym => {
            matches!(ctx.sym(i), Some('-' | '−' | '.'))
                || ctx.sym(i).and_then(vulgar_fraction).is_some()
        }
        TK::Word => {
            let w = ctx.w(i);
            if w.len() > 10 {
                return false;
            }
            let after_the = i > 0 && ctx.w(i - 1) == "the";
            if !after_the && !maybe_start_word(w) {
                return false;
            }
            word_can_start(ctx, i)
                || matches!(
                    w,
                    "minus"
                        | "negative"
                        | "quarter"
                        | "dozens"
                        | "hundreds"
                        | "thousands"
                        | "millions"
                        | "billions"
                        | "trillions"
                        | "tens"
                        | "several"
                        | "many"
                        | "few"
                )
                || (after_the && ordinal_word(w).is_some())
        }
    }
}

/// The words that can begin a numeral without "the" before them: those
/// [`word_can_start`] accepts and the vague counts of [`may_start`]. Only their first
/// letters and lengths are kept, in [`START_SHAPES`].
const START_WORDS: &[&str] = &[
    "zero",
    "nought",
    "naught",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fourty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "a",
    "an",
    "half",
    "minus",
    "negative",
    "quarter",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "billions",
    "trillions",
    "tens",
    "several",
    "many",
    "few",
];

/// For each first and last letter, a bit for each length (up to 15) of the
/// [`START_WORDS`] that begin and end with them.
const START_SHAPES: [u16; 26 * 26] = {
    let mut t = [0u16; 26 * 26];
    let mut k = 0;
    while k < START_WORDS.len() {
        let w = START_WORDS[k].as_bytes();
        let first = (w[0] - b'a') as usize;
        let last = (w[w.len() - 1] - b'a') as usize;
        t[first * 26 + last] |= 1 << w.len();
        k += 1;
    }
    t
};

/// False when the lower-cased word `w` has neither the first and last letters nor the
/// length of any of the [`START_WORDS`]: a filter that turns away most words of a text
/// ("the" is not "two" or "ten") at the cost of a table look-up, before the word lists are
/// compared.
fn maybe_start_word(w: &str) -> bool {
    match w.as_bytes() {
        [f @ b'a'..=b'z', .., l @ b'a'..=b'z'] | [f @ b'a'..=b'z', l @ b'a'..=b'z']
            if w.len() < 16 =>
        {
            START_SHAPES[usize::from(f - b'a') * 26 + usize::from(l - b'a')] & (1 << w.len()) != 0
        }
        [f @ b'a'..=b'z'] => START_SHAPES[usize::from(f - b'a') * 27] & (1 << 1) != 0,
        _ => false,
    }
}

fn word_can_start(ctx: &Ctx, i: usize) -> bool {
    let w = ctx.w(i);
    maybe_start_word(w)
        && (unit_word(w).is_some()
            || teen_word(w).is_some()
            || tens_word(w).is_some()
            || matches!(w, "a" | "an" | "half"))
}

/// Reads a numeral at `t` without a sign. `depth` bounds the nested reads done for `and`,
/// `over`, `out of` and `in`; `no_scale_after_frac` keeps a nested fraction from taking the
/// scale word that belongs to the outer number (`five and a half million`).
fn core(ctx: &Ctx, t: usize, depth: u8, no_scale_after_frac: bool) -> Option<Num> {
    if t >= ctx.len() {
        return None;
    }
    let mut num = Num::new(t);
    let mut acc;
    let mut j;
    if ctx.is_digits(t)
        || (ctx.is_sym(t, '.') && ctx.adj(t, t + 1) && ctx.is_digits(t + 1))
        || ctx.sym(t).and_then(vulgar_fraction).is_some()
    {
        if ctx.is_sym(t, '.')
            && t > 0
            && ctx.adj(t - 1, t)
            && matches!(ctx.kind(t - 1), Some(TK::Word | TK::Digits))
        {
            return None;
        }
        let (end, value) = digits(ctx, t, &mut num)?;
        j = end;
        acc = Acc {
            total: 0.0,
            current: value,
            largest: 0.0,
            last: if num.frac { Last::Frac } else { Last::Digits },
            free_tens: None,
            scale: 1.0,
            words: false,
        };
        if num.code || num.ordinal || num.glued.is_some() || num.scale != 1.0 {
            num.t1 = j;
            num.value = value;
            return Some(num);
        }
    } else {
        if let Some(v) = vague(ctx, t, &mut num) {
            return Some(v);
        }
        let w = ctx.w(t);
        acc = Acc {
            total: 0.0,
            current: 0.0,
            largest: 0.0,
            last: Last::Unit,
            free_tens: None,
            scale: 1.0,
            words: true,
        };
        j = t + 1;
        if let Some(v) = unit_word(w) {
            acc.current = v;
        } else if let Some(v) = teen_word(w) {
            acc.current = v;
            acc.last = Last::Teen;
        } else if let Some(v) = tens_word(w) {
            acc.current = v;
            acc.last = Last::Tens;
        } else if matches!(w, "a" | "an") {
            let n = ctx.w(t + 1);
            let ok = n == "hundred"
                || scale_word(n).is_some()
                || matches!(n, "dozen" | "half" | "quarter")
                || denominator(ctx, t + 1).is_some();
            if !ok {
                let measure =
                    unit_name(n).filter(|u| !time_unit(u) && *u != "degree" && *u != "percent");
                measure?;
                // "a gallon", "a penny": one of a measure.
                num.value = 1.0;
                num.words = true;
                num.t1 = t + 1;
                return Some(num);
            }
            acc.current = 1.0;
        } else if w == "half" {
            let prev = if t > 0 { ctx.w(t - 1) } else { "" };
            if ordinal_word(prev).is_some()
                || matches!(prev, "the" | "this" | "that" | "other" | "second" | "first")
                || (ctx.adj(t, t + 1) && is_minus(ctx.sym(t + 1)))
            {
                return None;
            }
            acc.current = 0.5;
            acc.last = Last::Frac;
            num.frac = true;
        } else if let Some((v, false)) = ordinal_word(w).filter(|_| t > 0 && ctx.w(t - 1) == "the")
        {
            // "the tenth": a rank, reported apart from quantities.
            num.ordinal = true;
            num.words = true;
            num.value = v;
            num.t1 = t + 1;
            return Some(num);
        } else if w == "quarter" && scale_word(ctx.w(t + 1)).is_some() {
            acc.current = 0.25;
            acc.last = Last::Frac;
            num.frac = true;
        } else {
            return None;
        }
        if acc.last == Last::Frac {
            j = scale_after_fraction(ctx, j, &mut acc.current, no_scale_after_frac);
        }
    }
    j = compose(ctx, t, j, &mut acc, depth, &mut num);
    num.words |= acc.words;
    num.scale = acc.scale;
    let mut value = acc.value();
    // A fraction closing the number: "two thirds", "one hundred thirty fifths".
    if !num.frac && acc.last != Last::Frac {
        let mut k = j;
        if is_minus(ctx.sym(k)) && (ctx.adj(k - 1, k) || ctx.gap(k - 1) == " ") {
            k += 1;
        }
        let stolen = acc
            .free_tens
            .filter(|_| acc.last == Last::Tens)
            .and_then(|tens| {
                let (ord, plural) = ordinal_word(ctx.w(k))?;
                (ord < 10.0 && ctx.is_word(k) && (ord >= 1.0)).then_some((tens, ord, plural))
            });
        if let Some((tens, ord, _)) = stolen {
            value = (value - tens) / (tens + ord);
            num.frac = true;
            j = k + 1;
        } else if let Some((den, end)) = denominator(ctx, k) {
            let prev = if t > 0 { ctx.w(t - 1) } else { "" };
            let period = matches!(ctx.w(k), "quarter" | "quarters")
                && matches!(
                    prev,
                    "the" | "first" | "last" | "past" | "next" | "previous"
                );
            if !period && den > 1.0 {
                value /= den;
                num.frac = true;
                j = end;
                if value < 1.0 || acc.total == 0.0 {
                    let mut v = value;
                    j = scale_after_fraction(ctx, j, &mut v, no_scale_after_frac);
                    value = v;
                }
            }
        }
    }
    // "one over three", "two out of five", "one in five".
    if depth < 2
        && !num.frac
        && let Some((v, end)) = ratio(ctx, j, value, depth)
    {
        value = v;
        num.frac = true;
        j = end;
    }
    num.t1 = j;
    num.value = value;
    if num.words && j == t + 1 && matches!(ctx.w(t), "one") {
        num.lone_one = true;
    }
    Some(num)
}

/// `half a dozen`, `half million`, `two thirds of a million`.
fn scale_after_fraction(ctx: &Ctx, j: usize, value: &mut f64, off: bool) -> usize {
    if off {
        return j;
    }
    let scale_at = |k: usize| -> Option<f64> {
        let w = ctx.w(k);
        scale_word(w).or(match w {
            "dozen" => Some(12.0),
            "hundred" => Some(100.0),
            _ => None,
        })
    };
    if let Some(s) = scale_at(j) {
        *value *= s;
        return j + 1;
    }
    if matches!(ctx.w(j), "a" | "an")
        && let Some(s) = scale_at(j + 1)
    {
        *value *= s;
        return j + 2;
    }
    if ctx.w(j) == "of"
        && matches!(ctx.w(j + 1), "a" | "an")
        && let Some(s) = scale_at(j + 2)
    {
        *value *= s;
        return j + 3;
    }
    j
}

/// A denominator at `k`: `thirds`, `half`, `twenty-first`, `one hundred fifth`.
fn denominator(ctx: &Ctx, k: usize) -> Option<(f64, usize)> {
    if !ctx.is_word(k) {
        return None;
    }
    let w = ctx.w(k);
    if let Some(d) = denominator_word(w) {
        return Some((d, k + 1));
    }
    if let Some(tens) = tens_word(w) {
        let mut m = k + 1;
        if is_minus(ctx.sym(m)) {
            m += 1;
        }
        if let Some((ord, _)) = ordinal_word(ctx.w(m)).filter(|&(o, _)| o < 10.0) {
            return Some((tens + ord, m + 1));
        }
    }
    if matches!(w, "one" | "a") && matches!(ctx.w(k + 1), "hundred" | "thousand") {
        let base = if ctx.w(k + 1) == "hundred" {
            100.0
        } else {
            1000.0
        };
        let mut m = k + 2;
        if ctx.w(m) == "and" {
            m += 1;
        }
        if let Some((ord, _)) = ordinal_word(ctx.w(m)).filter(|&(o, _)| o < 100.0) {
            return Some((base + ord, m + 1));
        }
    }
    None
}

/// `over three`, `out of five`, `in twenty-one` after a number: a ratio.
fn ratio(ctx: &Ctx, j: usize, value: f64, depth: u8) -> Option<(f64, usize)> {
    let (k, kind) = match ctx.w(j) {
        "over" => (j + 1, 0),
        "out" if ctx.w(j + 1) == "of" => (j + 2, 1),
        "in" => (j + 1, 2),
        _ => return None,
    };
    let den = core(ctx, k, depth + 1, false)?;
    if den.code || den.ordinal || den.vague_max.is_some() || den.value == 0.0 {
        return None;
    }
    match kind {
        // "2000 over 3" only when nothing follows: "over 3 years" is a duration.
        0 if ctx.is_word(den.t1) || ctx.is_digits(den.t1) => return None,
        1 if value >= den.value => return None,
        2 if value >= den.value || value <= 0.0 || (den.bare == 4 && year_value(den.value)) => {
            return None;
        }
        _ => {}
    }
    Some((value / den.value, den.t1))
}

/// A number below a hundred in words or digits: `two`, `twenty-one`, `21`.
fn small_number(ctx: &Ctx, k: usize) -> Option<(f64, usize)> {
    if ctx.is_digits(k) {
        let v: f64 = ctx.raw(k).parse().ok()?;
        return (v < 100.0).then_some((v, k + 1));
    }
    let w = ctx.w(k);
    if let Some(v) = unit_word(w).or(teen_word(w)) {
        return Some((v, k + 1));
    }
    let tens = tens_word(w)?;
    if is_minus(ctx.sym(k + 1))
        && let Some(u) = unit_word(ctx.w(k + 2))
    {
        return Some((tens + u, k + 3));
    }
    if let Some(u) = unit_word(ctx.w(k + 1)).filter(|&u| u > 0.0) {
        return Some((tens + u, k + 2));
    }
    Some((tens, k + 1))
}

fn year_value(v: f64) -> bool {
    (1000.0..=2100.0).contains(&v) && v.fract() == 0.0
}

/// Adds words to a number: `hundred`, `thousand`, `and three`, `point five`.
fn compose(ctx: &Ctx, t: usize, mut j: usize, acc: &mut Acc, depth: u8, num: &mut Num) -> usize {
    loop {
        if j >= ctx.len() || j - t >= MAX_NUM_TOKS {
            return j;
        }
        let w = ctx.w(j);
        // "twenty-one", "fifty - two".
        if acc.last == Last::Tens && is_minus(ctx.sym(j)) {
            if let Some(u) = unit_word(ctx.w(j + 1)).filter(|&u| u > 0.0) {
                acc.current += u;
                acc.last = Last::Unit;
                acc.free_tens = None;
                j += 2;
                continue;
            }
            return j;
        }
        if ctx.is_digits(j) && acc.last == Last::Scale && !ctx.adj(j - 1, j) {
            // "4 thousand 3 hundred and 21".
            let v: f64 = ctx.raw(j).parse().unwrap_or(f64::MAX);
            if v < 1000.0 && v > 0.0 && ctx.w(j + 1) == "hundred" {
                acc.current += v;
                acc.last = Last::Digits;
                j += 1;
                continue;
            }
            return j;
        }
        if !ctx.is_word(j) {
            return j;
        }
        if let Some(u) = unit_word(w) {
            if u > 0.0 && matches!(acc.last, Last::Tens | Last::Hundred | Last::Scale) {
                acc.current += u;
                acc.last = Last::Unit;
                acc.words = true;
                acc.free_tens = None;
                j += 1;
                continue;
            }
            return j;
        }
        if let Some(v) = teen_word(w).or(tens_word(w)) {
            if matches!(acc.last, Last::Hundred | Last::Scale) {
                acc.current += v;
                acc.last = if v >= 20.0 { Last::Tens } else { Last::Teen };
                acc.free_tens = (v >= 20.0).then_some(v);
                acc.words = true;
                j += 1;
                continue;
            }
            return j;
        }
        if w == "hundred" || (w == "hundreds" && acc.last != Last::Frac) {
            let ok = match acc.last {
                Last::Digits => acc.current > 0.0,
                Last::Unit | Last::Teen | Last::Tens => acc.current < 100.0 && acc.current > 0.0,
                _ => false,
            };
            if !ok {
                return j;
            }
            acc.current *= 100.0;
            acc.last = Last::Hundred;
            acc.free_tens = None;
            acc.scale = 100.0;
            acc.words = true;
            j += 1;
            continue;
        }
        if let Some(s) = scale_word(w).or(if w == "thousands" { Some(1e3) } else { None }) {
            if acc.last == Last::Scale && s > acc.largest && acc.current == 0.0 {
                // "three lakh crore": a scale of a scale.
                acc.total *= s;
                acc.largest = s;
                acc.scale *= s;
                j += 1;
                continue;
            }
            if !matches!(
                acc.last,
                Last::Digits
                    | Last::Unit
                    | Last::Teen
                    | Last::Tens
                    | Last::Hundred
                    | Last::Dozen
                    | Last::Frac
            ) || (acc.current == 0.0 && acc.total == 0.0)
            {
                return j;
            }
            if s > acc.largest {
                acc.total = (acc.total + acc.current) * s;
                acc.largest = s;
            } else {
                acc.total += acc.current * s;
            }
            acc.current = 0.0;
            acc.scale = s;
            acc.last = Last::Scale;
            acc.free_tens = None;
            acc.words = true;
            j += 1;
            continue;
        }
        if matches!(w, "dozen" | "dozens" | "dz" | "dzs" | "doz" | "dozs") {
            if !matches!(
                acc.last,
                Last::Digits | Last::Unit | Last::Teen | Last::Tens | Last::Hundred | Last::Frac
            ) {
                return j;
            }
            acc.current *= 12.0;
            acc.last = Last::Dozen;
            acc.words = true;
            j += 1;
            continue;
        }
        if w == "and" && depth < 2 {
            match and_part(ctx, j, acc, depth) {
                Some(next) => {
                    j = next;
                    continue;
                }
                None => return j,
            }
        }
        if w == "point" && !matches!(acc.last, Last::Frac | Last::Dozen) {
            let mut k = j + 1;
            let mut digits = String::new();
            while k < ctx.len() && k - t < MAX_NUM_TOKS {
                let d = ctx.w(k);
                if let Some(u) = unit_word(d) {
                    digits.push(char::from(b'0' + u as u8));
                    k += 1;
                } else if let Some(v) = teen_word(d) {
                    digits.push_str(&format!("{}", v as u32));
                    k += 1;
                } else if let Some(v) = tens_word(d) {
                    let mut v = v as u32;
                    k += 1;
                    if is_minus(ctx.sym(k))
                        && let Some(u) = unit_word(ctx.w(k + 1))
                    {
                        v += u as u32;
                        k += 2;
                    }
                    digits.push_str(&format!("{v}"));
                } else {
                    break;
                }
            }
            if digits.is_empty() {
                return j;
            }
            let fraction: f64 = format!("0.{digits}").parse().unwrap_or(0.0);
            acc.current += fraction;
            acc.last = Last::Frac;
            num.words = true;
            return k;
        }
        return j;
    }
}

/// `and` inside a number: `one hundred and three`, `two and a half`, `3 million and a
/// quarter`, `twenty and three`. Returns the token after what it took, or `None` when the
/// `and` joins two separate numbers.
fn and_part(ctx: &Ctx, j: usize, acc: &mut Acc, _depth: u8) -> Option<usize> {
    let k = j + 1;
    if matches!(ctx.w(k), "minus" | "negative") {
        return None;
    }
    let sub = core(ctx, k, 2, true)?;
    if sub.frac && sub.value >= 1.0 && matches!(acc.last, Last::Hundred | Last::Scale | Last::Tens)
    {
        // "one hundred and thirty fifths": the numerator joins; the denominator then
        // divides the whole.
        let (v, end) = small_number(ctx, k)?;
        let limit = if acc.last == Last::Tens { 10.0 } else { 100.0 };
        if v >= limit {
            return None;
        }
        acc.current += v;
        acc.last = if v >= 20.0 && v % 10.0 == 0.0 {
            Last::Tens
        } else {
            Last::Unit
        };
        acc.free_tens = None;
        return Some(end);
    }
    if sub.code || sub.vague_max.is_some() || sub.ordinal || sub.glued.is_some() {
        return None;
    }
    if sub.frac && sub.value < 1.0 && sub.value > 0.0 {
        // A mixed number. A scale word after the fraction takes it ("one billion and a
        // half million"); otherwise it is a fraction of the last scale ("3 million and a
        // half") or of one ("one hundred and three quarters").
        let f = sub.value;
        let mut next = sub.t1;
        if let Some(s) = scale_word(ctx.w(next)) {
            if s < acc.largest {
                acc.total += acc.current + f * s;
                acc.current = 0.0;
                next += 1;
            } else {
                acc.current += f;
            }
        } else if acc.largest >= 1e3 && acc.current == 0.0 {
            acc.total += f * acc.largest;
        } else {
            acc.current += f;
        }
        acc.last = Last::Frac;
        return Some(next);
    }
    if sub.frac || sub.value <= 0.0 || sub.value.fract() != 0.0 {
        return None;
    }
    let first = ctx.w(k);
    let first_unit = unit_word(first).is_some() && sub.t1 == k + 1;
    match acc.last {
        Last::Tens if first_unit && sub.value < 10.0 => {
            acc.current += sub.value;
            acc.last = Last::Unit;
            acc.free_tens = None;
            Some(sub.t1)
        }
        Last::Hundred | Last::Scale | Last::Dozen => {
            let limit = match acc.last {
                Last::Hundred => 100.0,
                Last::Dozen => acc.current.max(1.0),
                _ => acc.largest,
            };
            if matches!(first, "a" | "an") {
                return None;
            }
            if sub.value >= limit {
                // "two hundred and two thousand": the small number joins and the larger
                // scale after it multiplies the whole.
                let (v, end) = small_number(ctx, k)?;
                let s = scale_word(ctx.w(end))?;
                if acc.last != Last::Hundred || v >= 100.0 || s <= acc.largest {
                    return None;
                }
                acc.current += v;
                acc.last = Last::Unit;
                acc.free_tens = None;
                return Some(end);
            }
            if acc.last == Last::Scale {
                acc.total += sub.value;
                acc.current = 0.0;
                acc.last = Last::Scale;
            } else {
                acc.current += sub.value;
                acc.last = if tens_word(ctx.w(sub.t1 - 1)).is_some() {
                    Last::Tens
                } else {
                    Last::Unit
                };
            }
            acc.free_tens = None;
            Some(sub.t1)
        }
        _ => None,
    }
}

/// Reads a number written in digits at `t`: groups, decimals, fractions, powers, suffixes.
/// Returns the token after it and its value; marks codes, ordinals and glued units on `num`.
fn digits(ctx: &Ctx, t: usize, num: &mut Num) -> Option<(usize, f64)> {
    let mut int = String::new();
    let mut frac = String::new();
    let mut j;
    let mut bare = false;
    if ctx.is_sym(t, '.') {
        int.push('0');
        frac.push_str(ctx.raw(t + 1));
        j = t + 2;
    } else if let Some(v) = ctx.sym(t).and_then(vulgar_fraction) {
        num.frac = true;
        return Some((t + 1, v));
    } else {
        let first = ctx.raw(t);
        let mut groups = vec![t];
        let mut k = t + 1;
        // Bounded: no number has more than six groups of thousands, and the bound keeps a
        // long list ("1,2,3,...") linear.
        while groups.len() < 8
            && ctx.is_sym(k, ',')
            && ctx.adj(k - 1, k)
            && ctx.is_digits(k + 1)
            && ctx.adj(k, k + 1)
        {
            groups.push(k + 1);
            k += 2;
        }
        if groups.len() > 1 {
            let lens: Vec<usize> = groups.iter().map(|&g| ctx.raw(g).len()).collect();
            let n = lens.len();
            let thousands = lens[0] <= 3 && lens[1..].iter().all(|&l| l == 3);
            let indian = n >= 3
                && lens[0] <= 2
                && lens[1..n - 1].iter().all(|&l| l == 2)
                && lens[n - 1] == 3;
            if thousands || indian {
                for &g in &groups {
                    int.push_str(ctx.raw(g));
                }
                j = k;
            } else if n == 2
                && lens[1] <= 2
                && !(ctx.is_sym(k, '.') && ctx.is_digits(k + 1))
                && !(t > 0 && ctx.is_sym(t - 1, ',') && ctx.adj(t - 1, t))
            {
                // A decimal comma: "1,3", "5,00".
                int.push_str(first);
                frac.push_str(ctx.raw(groups[1]));
                j = k;
            } else {
                // A list: "22,24,26".
                int.push_str(first);
                j = t + 1;
            }
        } else {
            int.push_str(first);
            j = t + 1;
            bare = true;
            // Dots between groups of three, then a decimal comma: "1.111,11".
            let mut k = j;
            let mut dots = Vec::new();
            while dots.len() < 8
                && ctx.is_sym(k, '.')
                && ctx.adj(k - 1, k)
                && ctx.is_digits(k + 1)
                && ctx.adj(k, k + 1)
                && ctx.raw(k + 1).len() == 3
            {
                dots.push(k + 1);
                k += 2;
            }
            if first.len() <= 3
                && !dots.is_empty()
                && ctx.is_sym(k, ',')
                && ctx.adj(k - 1, k)
                && ctx.is_digits(k + 1)
                && ctx.adj(k, k + 1)
                && ctx.raw(k + 1).len() != 3
            {
                for &g in &dots {
                    int.push_str(ctx.raw(g));
                }
                frac.push_str(ctx.raw(k + 1));
                j = k + 2;
                bare = false;
            } else if first.len() <= 3 && !(t > 0 && ctx.adj(t - 1, t) && ctx.is_word(t - 1)) {
                // Groups of three after single spaces: "1 234 567", "40 000".
                let mut k = j;
                let mut spaced = Vec::new();
                while ctx.is_digits(k)
                    && ctx.raw(k).len() == 3
                    && matches!(ctx.gap(k - 1), " " | "\u{a0}" | "\u{202f}" | "\u{2009}")
                    && !(is_minus(ctx.sym(k + 1)) && ctx.adj(k, k + 1))
                {
                    spaced.push(k);
                    k += 1;
                }
                if !spaced.is_empty() {
                    for &g in &spaced {
                        int.push_str(ctx.raw(g));
                    }
                    j = k;
                    bare = false;
                }
            }
        }
        if frac.is_empty()
            && ctx.is_sym(j, '.')
            && ctx.adj(j - 1, j)
            && ctx.is_digits(j + 1)
            && ctx.adj(j, j + 1)
        {
            frac.push_str(ctx.raw(j + 1));
            j += 2;
            bare = false;
            // A third group: a version, an address or a date ("192.168.1.2", "1.2.3").
            if ctx.is_sym(j, '.') && ctx.adj(j - 1, j) && ctx.is_digits(j + 1) && ctx.adj(j, j + 1)
            {
                while ctx.is_sym(j, '.') && ctx.adj(j - 1, j) && ctx.is_digits(j + 1) {
                    j += 2;
                }
                num.code = true;
            }
        }
    }
    let text = if frac.is_empty() {
        int.clone()
    } else {
        format!("{int}.{frac}")
    };
    let mut value: f64 = text.parse().ok()?;
    if bare && int.len() == ctx.raw(t).len() {
        num.bare = int.len();
    }
    if num.code {
        return Some((j, value));
    }
    // A time of day or a clock: "2:56", "22:07", "01: 43".
    if ctx.is_sym(j, ':')
        && ctx.adj(j - 1, j)
        && ctx.is_digits(j + 1)
        && ctx.raw(j + 1).len() == 2
        && (ctx.adj(j, j + 1) || ctx.gap(j) == " ")
    {
        j += 2;
        while ctx.is_sym(j, ':') && ctx.is_digits(j + 1) {
            j += 2;
        }
        num.code = true;
        return Some((j, value));
    }
    // Slashes: fractions ("3/4", "1/40"), dates ("5/17/2018", "9/11"), idioms ("24/7").
    if ctx.is_sym(j, '/') && ctx.adj(j - 1, j) && ctx.is_digits(j + 1) && ctx.adj(j, j + 1) {
        let b: f64 = ctx.raw(j + 1).parse().ok()?;
        j += 2;
        if ctx.is_sym(j, '/') && ctx.is_digits(j + 1) {
            while ctx.is_sym(j, '/') && ctx.is_digits(j + 1) {
                j += 2;
            }
            num.code = true;
            return Some((j, value));
        }
        let common = matches!(b as u32, 2 | 3 | 4 | 5 | 6 | 8 | 10 | 16 | 32 | 64 | 100);
        let date_like = value <= 12.0 && b <= 31.0 && !common;
        if !frac.is_empty() || b == 0.0 || value >= b || date_like {
            num.code = true;
            return Some((j, value));
        }
        num.frac = true;
        return Some((j, value / b));
    }
    // A mixed number: "2 1/4".
    if frac.is_empty()
        && ctx.is_digits(j)
        && !ctx.adj(j - 1, j)
        && ctx.is_sym(j + 1, '/')
        && ctx.adj(j, j + 1)
        && ctx.is_digits(j + 2)
        && ctx.adj(j + 1, j + 2)
    {
        let a: f64 = ctx.raw(j).parse().ok()?;
        let b: f64 = ctx.raw(j + 2).parse().ok()?;
        if a > 0.0 && a < b && !(ctx.is_sym(j + 3, '/')) {
            num.frac = true;
            num.bare = 0;
            return Some((j + 3, value + a / b));
        }
    }
    if let Some(v) = ctx.sym(j).and_then(vulgar_fraction)
        && ctx.adj(j - 1, j)
        && frac.is_empty()
    {
        num.frac = true;
        num.bare = 0;
        return Some((j + 1, value + v));
    }
    // Digit groups joined by hyphens: phone numbers, ISO dates, seasons.
    if is_minus(ctx.sym(j)) && ctx.adj(j - 1, j) && ctx.is_digits(j + 1) && ctx.adj(j, j + 1) {
        let mut groups = vec![ctx.raw(t)];
        let mut k = j;
        let chained = |k: usize| {
            is_minus(ctx.sym(k)) && ctx.adj(k - 1, k) && ctx.is_digits(k + 1) && ctx.adj(k, k + 1)
        };
        while groups.len() < 6 && chained(k) {
            groups.push(ctx.raw(k + 1));
            k += 2;
        }
        if chained(k) {
            // A longer chain of hyphenated digits is a code; consume it all at once, so
            // that the scan stays linear.
            while chained(k) {
                k += 2;
            }
            num.code = true;
            return Some((k, value));
        }
        let long = groups.iter().any(|g| g.len() >= 3);
        let phone = groups.len() == 2
            && groups[0].len() == 3
            && groups[1].len() == 4
            && !(groups[0].ends_with('0') && groups[1].ends_with("00"));
        let date = groups.len() == 2
            && groups[0].len() == 4
            && groups[1].len() == 2
            && year_value(value)
            && frac.is_empty();
        let plus = t > 0 && ctx.is_sym(t - 1, '+') && ctx.adj(t - 1, t);
        if (groups.len() >= 3 && long) || phone || date || plus {
            num.code = true;
            return Some((k, value));
        }
    }
    if t > 1
        && ctx.is_sym(t - 1, '+')
        && ctx.adj(t - 1, t)
        && ctx.adj(t - 2, t - 1)
        && matches!(ctx.kind(t - 2), Some(TK::Digits | TK::Word))
    {
        num.code = true;
        return Some((j, value));
    }
    if t > 0 && ctx.is_sym(t - 1, '+') && ctx.adj(t - 1, t) && is_minus(ctx.sym(j)) {
        num.code = true;
        return Some((j, value));
    }
    // Powers: "1e10", "1.1^23", "1.3x10^6", "2.48×10−5", "8x2^10".
    if ctx.adj(j - 1, j)
        && let Some((v, end)) = power(ctx, j, value)
    {
        num.bare = 0;
        value = v;
        j = end;
    }
    // Letters against the number.
    if ctx.is_word(j) && ctx.adj(j - 1, j) {
        let raw = ctx.raw(j);
        let low = ctx.w(j);
        let long = int.len() > 1 || !frac.is_empty();
        if matches!(low, "st" | "nd" | "rd" | "th") {
            num.ordinal = true;
            return Some((j + 1, value));
        }
        if low == "s" || low == "'s" {
            // A decade: "1950s", "'90s".
            num.code = true;
            return Some((j + 1, value));
        }
        if matches!(low, "am" | "pm") && (frac.is_empty() || frac.len() == 2) {
            num.code = true;
            return Some((j + 1, value));
        }
        if raw == "m" {
            // Lowercase m is a million after a currency sign or before a plural noun, and a
            // metre otherwise.
            let money = t > 0 && currency_sign(ctx, t - 1).is_some();
            if money || plural_looking(ctx, j + 1) {
                num.scale = 1e6;
                num.bare = 0;
                return Some((j + 1, value * 1e6));
            }
        }
        if let Some(s) = glued_scale(raw, long) {
            num.scale = s;
            num.bare = 0;
            return Some((j + 1, value * s));
        }
        // A compound symbol against the number ("20J/m^2", "1cds") before a simple one,
        // which would stop at its first factor.
        if let Some((u, end)) = compound_unit(ctx, j, true) {
            num.bare = 0;
            num.glued = Some((u, end));
            return Some((j, value));
        }
        if let Some(u) = unit_symbol(raw) {
            num.bare = 0;
            let (u, end) = square_unit(ctx, j, u);
            num.glued = Some((u.to_string(), end));
            return Some((j, value));
        }
        num.code = true;
        return Some((j + 1, value));
    }
    // Single letters after a space: "2.33 k", "1,674.5 G".
    if ctx.is_word(j) && !ctx.is_word(j + 1) && !ctx.is_digits(j + 1) {
        let raw = ctx.raw(j);
        if matches!(raw, "k" | "K" | "M" | "G" | "B" | "T" | "bn" | "mn" | "MM")
            && let Some(s) = glued_scale(raw, true)
        {
            num.scale = s;
            num.bare = 0;
            return Some((j + 1, value * s));
        }
    }
    if num.bare == 0 && !frac.is_empty() {
        num.bare = 0;
    }
    Some((j, value))
}

/// `km2`, `km^2` and `cubic` forms of a glued unit symbol.
fn square_unit(ctx: &Ctx, j: usize, unit: &'static str) -> (&'static str, usize) {
    let mut k = j + 1;
    if ctx.is_sym(k, '^') && ctx.adj(j, k) {
        k += 1;
    }
    if ctx.is_digits(k) && ctx.adj(k - 1, k) {
        let sq = match (unit, ctx.raw(k)) {
            ("kilometre", "2") => Some("square kilometre"),
            ("kilometre", "3") => Some("cubic kilometre"),
            ("metre", "2") => Some("square metre"),
            ("metre", "3") => Some("cubic metre"),
            _ => None,
        };
        if let Some(sq) = sq {
            return (sq, k + 1);
        }
    }
    (unit, j + 1)
}

fn power(ctx: &Ctx, j: usize, value: f64) -> Option<(f64, usize)> {
    let signed_exp = |mut k: usize| -> Option<(f64, usize)> {
        let mut neg = false;
        while matches!(ctx.sym(k), Some('-' | '−' | '+')) && ctx.adj(k, k + 1) {
            if ctx.sym(k) != Some('+') {
                neg = !neg;
            }
            k += 1;
        }
        if !ctx.is_digits(k) || !ctx.adj(k - 1, k) {
            return None;
        }
        let mut e: f64 = ctx.raw(k).parse().ok()?;
        k += 1;
        if ctx.is_sym(k, '.') && ctx.is_digits(k + 1) && ctx.adj(k, k + 1) && ctx.adj(k - 1, k) {
            e = format!("{}.{}", ctx.raw(k - 1), ctx.raw(k + 1))
                .parse()
                .ok()?;
            k += 2;
        }
        Some((if neg { -e } else { e }, k))
    };
    let w = ctx.raw(j);
    if (w == "e" || w == "E") && ctx.is_word(j) {
        let (e, k) = signed_exp(j + 1)?;
        return Some((value * 10f64.powf(e), k));
    }
    if ctx.is_sym(j, '^') {
        let (e, k) = signed_exp(j + 1)?;
        return Some((value.powf(e), k));
    }
    if (w == "x" && ctx.is_word(j)) || ctx.is_sym(j, '×') {
        let k = j + 1;
        if !ctx.is_digits(k) || !ctx.adj(j, k) {
            return None;
        }
        let base: f64 = ctx.raw(k).parse().ok()?;
        if ctx.is_sym(k + 1, '^') {
            let (e, end) = signed_exp(k + 2)?;
            return Some((value * base.powf(e), end));
        }
        if matches!(ctx.sym(k + 1), Some('−' | '-')) && base == 10.0 {
            let (e, end) = signed_exp(k + 1)?;
            return Some((value * 10f64.powf(e), end));
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// Compound unit symbols
// ---------------------------------------------------------------------------------------

/// Which SI prefixes a unit symbol takes in a compound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prefixes {
    /// Any prefix (`km`, `mg`, `µs`, `GeV`).
    Any,
    /// None: hours, minutes, days and years are not prefixed in running text.
    Bare,
    /// Only multiples, and a prefix is required: `kB`, `kt`. This keeps `dB` (a decibel)
    /// from reading as a tenth of a byte.
    Large,
    /// `b` with a prefix, which is required: a bit after a multiple (`kb`, `Mb`), a barn
    /// after a small fraction (`fb`, `pb`), the only ways these symbols are met.
    LargeOrSmall,
}

/// The unit symbols that compose into compound units (`J/m^2`, `km/s2`, `s-1`, `W m-2`):
/// the SI units and the few others science writing combines with them, with their names and
/// the prefixes they take. A `match` rather than a table, because it runs after most numbers
/// followed by a word and must reject ordinary words fast.
fn compound_base(sym: &str) -> Option<(&'static str, &'static str, Prefixes)> {
    use Prefixes::*;
    Some(match sym {
        "m" => ("m", "metre", Any),
        "g" => ("g", "gram", Any),
        "s" => ("s", "second", Any),
        "A" => ("A", "ampere", Any),
        "K" => ("K", "kelvin", Any),
        "mol" => ("mol", "mole", Any),
        "cd" => ("cd", "candela", Any),
        "J" => ("J", "joule", Any),
        "W" => ("W", "watt", Any),
        "Wh" => ("Wh", "watt hour", Any),
        "N" => ("N", "newton", Any),
        "Pa" => ("Pa", "pascal", Any),
        "Hz" => ("Hz", "hertz", Any),
        "V" => ("V", "volt", Any),
        "Ω" => ("Ω", "ohm", Any),
        "eV" => ("eV", "electronvolt", Any),
        "L" | "l" => ("L", "litre", Any),
        "Gy" => ("Gy", "gray", Any),
        "Sv" => ("Sv", "sievert", Any),
        "Bq" => ("Bq", "becquerel", Any),
        "lm" => ("lm", "lumen", Any),
        "cal" => ("cal", "calorie", Any),
        "t" => ("t", "tonne", Large),
        "B" => ("B", "byte", Large),
        // A bit with a multiple (`kb`, `Mb`), a barn with a fraction (`fb`, `pb`).
        "b" => ("b", "bit", LargeOrSmall),
        "h" => ("h", "hour", Bare),
        "min" => ("min", "minute", Bare),
        "d" => ("d", "day", Bare),
        "yr" => ("yr", "year", Bare),
        _ => return None,
    })
}

/// An SI prefix by its symbol: its name, and whether it is a multiple or a fraction. Atto
/// is left out: `am` is a time of day.
fn si_prefix(c: char) -> Option<(&'static str, bool)> {
    Some(match c {
        'E' => ("exa", true),
        'P' => ("peta", true),
        'T' => ("tera", true),
        'G' => ("giga", true),
        'M' => ("mega", true),
        'k' => ("kilo", true),
        'h' => ("hecto", true),
        'd' => ("deci", false),
        'c' => ("centi", false),
        'm' => ("milli", false),
        'µ' | 'μ' => ("micro", false),
        'n' => ("nano", false),
        'p' => ("pico", false),
        'f' => ("femto", false),
        _ => return None,
    })
}

/// Products that are units of their own, written without an operator: `J s` (action),
/// `N m` (torque), `cd s` (luminous energy), `A h` (battery charge). A product of other
/// symbols needs an operator or an exponent to be read.
const SYMBOL_PRODUCTS: &[(&str, &str)] = &[("J", "s"), ("N", "m"), ("cd", "s"), ("A", "h")];

/// The name of a unit symbol with its SI prefix (`fb` -> `femtobarn`, `kWh` -> `kilowatt
/// hour`) and the bare symbol it is built on.
fn symbol_name(sym: &str) -> Option<(String, &'static str)> {
    // The longest symbol is a two-byte prefix on three letters (`µmol`); "pm" is far more
    // often a time of day than a picometre.
    if sym.is_empty() || sym.len() > 5 || sym == "pm" {
        return None;
    }
    if let Some((base, name, how)) = compound_base(sym)
        && matches!(how, Prefixes::Any | Prefixes::Bare)
    {
        return Some((name.to_string(), base));
    }
    let c = sym.chars().next()?;
    let (pname, multiple) = si_prefix(c)?;
    let (base, name, how) = compound_base(&sym[c.len_utf8()..])?;
    let small = matches!(c, 'µ' | 'μ' | 'n' | 'p' | 'f');
    let name = match how {
        Prefixes::Any => name,
        Prefixes::Bare => return None,
        Prefixes::Large if multiple => name,
        Prefixes::LargeOrSmall if multiple && c != 'h' => name,
        Prefixes::LargeOrSmall if small => "barn",
        _ => return None,
    };
    Some((format!("{pname}{name}"), base))
}

/// A product written as one word: `Js`, `Nm`, `mAh`, `cds`.
fn symbol_product(sym: &str) -> Option<String> {
    // Every product of the list is two or three letters after a prefix (`mAh`, `µAh`), and
    // ends in the second symbol of its pair: most words are rejected here.
    if sym.len() > 4 || sym.len() < 2 || !SYMBOL_PRODUCTS.iter().any(|(_, r)| sym.ends_with(r)) {
        return None;
    }
    for (i, _) in sym.char_indices().skip(1) {
        let (left, right) = sym.split_at(i);
        if let Some((name, base)) = symbol_name(left)
            && let Some(&(_, r)) = SYMBOL_PRODUCTS
                .iter()
                .find(|(b, r)| *b == base && *r == right)
            && let Some((rname, _)) = symbol_name(r)
        {
            return Some(format!("{name} {rname}"));
        }
    }
    None
}

/// The exponent written after the symbol at token `i`: `^2`, `^-1`, `-1`, `−1`, `2` (against
/// a lowercase symbol: `km2`, `s2`), `²`, `⁻¹`. Returns it and the token after it, or `None`
/// when there is none. `Err` marks something that looks like an exponent but is a code
/// (`K-9`, `J-1`, `H-1B`) or a power no unit has: the symbol is then not a unit.
fn symbol_exponent(ctx: &Ctx, i: usize) -> Result<Option<(i32, usize)>, ()> {
    let k = i + 1;
    if !ctx.adj(i, k) {
        return Ok(None);
    }
    let raw = ctx.raw(i);
    let lower = raw.chars().next().is_some_and(char::is_lowercase);
    let superscript = |c: Option<char>| match c {
        Some('¹') => Some(1),
        Some('²') => Some(2),
        Some('³') => Some(3),
        _ => None,
    };
    let (exp, end) = if ctx.is_sym(k, '^') {
        let mut m = k + 1;
        let mut neg = false;
        if matches!(ctx.sym(m), Some('-' | '−' | '+')) && ctx.adj(k, m) {
            neg = ctx.sym(m) != Some('+');
            m += 1;
        }
        if !ctx.is_digits(m) || !ctx.adj(m - 1, m) {
            return Err(());
        }
        let e: i32 = ctx.raw(m).parse().map_err(|_| ())?;
        (if neg { -e } else { e }, m + 1)
    } else if is_minus(ctx.sym(k)) && ctx.is_digits(k + 1) && ctx.adj(k, k + 1) {
        // A hyphen after a lone capital is a code ("J-1 visa", "K-9"); the true minus sign
        // is never one.
        if ctx.sym(k) == Some('-') && !lower {
            return Err(());
        }
        let e: i32 = ctx.raw(k + 1).parse().map_err(|_| ())?;
        (-e, k + 2)
    } else if ctx.is_digits(k) {
        if !lower || !matches!(ctx.raw(k), "2" | "3") {
            return Err(());
        }
        (if ctx.raw(k) == "2" { 2 } else { 3 }, k + 1)
    } else if let Some(e) = superscript(ctx.sym(k)) {
        (e, k + 1)
    } else if ctx.is_sym(k, '⁻')
        && ctx.adj(k, k + 1)
        && let Some(e) = superscript(ctx.sym(k + 1))
    {
        (-e, k + 2)
    } else {
        return Ok(None);
    };
    // An exponent ends the symbol: "H-1B" and "s2a" are codes.
    if ctx.adj(end - 1, end) && matches!(ctx.kind(end), Some(TK::Word | TK::Digits)) {
        return Err(());
    }
    if exp == 0 || exp.abs() > 3 {
        return Err(());
    }
    Ok(Some((exp, end)))
}

/// One factor of a compound unit at token `i`: its name, exponent (1 when none is written),
/// whether an exponent or a product word was read, and the token after it.
fn symbol_factor(ctx: &Ctx, i: usize, glued: bool) -> Option<(String, i32, bool, usize)> {
    if !ctx.is_word(i) {
        return None;
    }
    let raw = ctx.raw(i);
    if let Some((name, _)) = symbol_name(raw) {
        return match symbol_exponent(ctx, i) {
            Ok(Some((e, end))) => Some((name, e, true, end)),
            Ok(None) => Some((name, 1, false, i + 1)),
            Err(()) => None,
        };
    }
    // A lowercase product ending in "s" after a space reads as an English plural ("10
    // cds"); against the number it is a symbol ("1cds").
    let plural = raw.ends_with('s') && raw.chars().all(char::is_lowercase);
    let product = symbol_product(raw).filter(|_| glued || !plural)?;
    match symbol_exponent(ctx, i) {
        Ok(None) => Some((product, 1, true, i + 1)),
        _ => None,
    }
}

/// The most factors a compound unit may have; it bounds the look-ahead.
const MAX_FACTORS: usize = 6;

/// A unit written with symbols and operators from token `j`: `J/m^2 per year`, `km/s2`,
/// `s-1`, `fb−1`, `W m-2`, `J s`, `kg·m`. Only shapes that cannot be ordinary words are
/// read: an operator (`/`, `·`, `*`) or an exponent must be present, or the whole must be
/// one of [`SYMBOL_PRODUCTS`]; so `5 ms`, `2 am`, `3 pm` and `the 1990 s` are not units
/// here. `glued` says the symbol touches the number. Returns the unit's name, built the way
/// measures are named (`kilometre per square second`, `inverse femtobarn`, `joule second`),
/// and the token after it.
fn compound_unit(ctx: &Ctx, j: usize, glued: bool) -> Option<(String, usize)> {
    if !ctx.is_word(j) {
        return None;
    }
    let (name, exp, mut evidence, mut i) = symbol_factor(ctx, j, glued)?;
    let mut factors = vec![(name, exp)];
    while factors.len() < MAX_FACTORS {
        let touching = ctx.adj(i - 1, i) && ctx.adj(i, i + 1);
        match ctx.sym(i) {
            Some('/') if touching => {
                let Some((name, exp, _, end)) = symbol_factor(ctx, i + 1, true).or_else(|| {
                    let p = period(ctx.w(i + 1))?;
                    Some((p.to_string(), 1, false, i + 2))
                }) else {
                    break;
                };
                factors.push((name, -exp));
                evidence = true;
                i = end;
            }
            Some('·' | '⋅' | '*') => {
                let Some((name, exp, _, end)) = symbol_factor(ctx, i + 1, true) else {
                    break;
                };
                factors.push((name, exp));
                evidence = true;
                i = end;
            }
            None if ctx.gap(i - 1) == " " && ctx.is_word(i) => {
                // Juxtaposed after a space: "W m-2", "J s". The next factor must carry an
                // exponent, or the two must make a known product.
                let Some((name, exp, written, end)) = symbol_factor(ctx, i, false) else {
                    break;
                };
                let product = factors.len() == 1
                    && factors[0].1 == 1
                    && exp == 1
                    && symbol_product(&format!("{}{}", ctx.raw(i - 1), ctx.raw(i))).is_some()
                    && ctx.is_word(i - 1);
                if !((written && exp != 1) || product) {
                    break;
                }
                factors.push((name, exp));
                evidence = true;
                i = end;
            }
            _ => break,
        }
    }
    if !evidence {
        return None;
    }
    // Two lone capitals across a slash are an abbreviation ("N/A", "W/L"), not a quotient.
    if factors.len() == 2
        && (j..i).all(|t| {
            !ctx.is_word(t) || {
                let r = ctx.raw(t);
                r.chars().count() == 1 && r.chars().all(char::is_uppercase)
            }
        })
        && factors.iter().all(|f| f.1.abs() == 1)
    {
        return None;
    }
    // A trailing rate: "J/m^2 per year".
    let mut extra = Vec::new();
    while extra.len() < 2 && ctx.w(i) == "per" {
        if let Some(p) = period(ctx.w(i + 1)) {
            extra.push(p.to_string());
            i += 2;
        } else if let Some((name, exp, _, end)) = symbol_factor(ctx, i + 1, true) {
            extra.push(power_name(&name, exp));
            i = end;
        } else {
            break;
        }
    }
    let up: Vec<String> = factors
        .iter()
        .filter(|f| f.1 > 0)
        .map(|(n, e)| power_name(n, *e))
        .collect();
    let down: Vec<String> = factors
        .iter()
        .filter(|f| f.1 < 0)
        .map(|(n, e)| power_name(n, -e))
        .chain(extra)
        .collect();
    let name = match (up.is_empty(), down.split_first()) {
        (true, Some((first, rest))) => {
            let mut s = format!("inverse {first}");
            for d in rest {
                s.push_str(" per ");
                s.push_str(d);
            }
            s
        }
        _ => {
            let mut s = up.join(" ");
            for d in &down {
                s.push_str(" per ");
                s.push_str(d);
            }
            s
        }
    };
    Some((name, i))
}

/// `square metre`, `cubic centimetre`: a unit's name raised to a power of 1 to 3.
fn power_name(name: &str, exp: i32) -> String {
    match exp {
        2 => format!("square {name}"),
        3 => format!("cubic {name}"),
        _ => name.to_string(),
    }
}

/// A period of time a rate is counted over, by its singular (`a month`, `per week`), or by
/// the Latin of `per annum` and `per diem`.
fn period(w: &str) -> Option<&'static str> {
    Some(match w {
        "second" => "second",
        "minute" => "minute",
        "hour" => "hour",
        "day" | "diem" => "day",
        "night" => "night",
        "week" => "week",
        "fortnight" => "fortnight",
        "month" => "month",
        "quarter" => "quarter",
        "year" | "annum" => "year",
        "season" => "season",
        _ => return None,
    })
}

/// Vague plurals: `dozens`, `hundreds`, `tens of thousands`, `several hundred`.
fn vague(ctx: &Ctx, t: usize, num: &mut Num) -> Option<Num> {
    let mag = |w: &str| -> Option<f64> {
        Some(match w {
            "dozen" | "dozens" => 12.0,
            "hundred" | "hundreds" => 100.0,
            "thousand" | "thousands" => 1e3,
            "million" | "millions" => 1e6,
            "billion" | "billions" => 1e9,
            "trillion" | "trillions" => 1e12,
            _ => return None,
        })
    };
    let w = ctx.w(t);
    let (m, end) = match w {
        "tens" | "hundreds" if ctx.w(t + 1) == "of" => {
            let outer = if w == "tens" { 10.0 } else { 100.0 };
            match ctx.w(t + 2) {
                "thousands" | "millions" | "billions" => (outer * mag(ctx.w(t + 2))?, t + 3),
                _ if w == "hundreds" => (100.0, t + 1),
                _ => return None,
            }
        }
        "dozens" | "hundreds" | "thousands" | "millions" | "billions" | "trillions" => {
            (mag(w)?, t + 1)
        }
        "several" | "many" | "few" => {
            let next = ctx.w(t + 1);
            let m = mag(next)?;
            // "several hundred thousand".
            match mag(ctx.w(t + 2)) {
                Some(m2) if m2 > m && m < 1e3 => (m * m2, t + 3),
                _ => (m, t + 2),
            }
        }
        "a" if ctx.w(t + 1) == "few" => {
            let m = mag(ctx.w(t + 2))?;
            (m, t + 3)
        }
        _ => return None,
    };
    let mut v = Num::new(t);
    v.t1 = end;
    v.value = m;
    v.vague_max = Some(if m == 12.0 { 144.0 } else { m * 10.0 });
    v.words = true;
    let _ = num;
    Some(v)
}

// ---------------------------------------------------------------------------------------
// Context
// ---------------------------------------------------------------------------------------

/// How the unit of an item was found, which decides how much it proves (a year followed
/// by a singular noun, `2015 mine collapse`, is still a year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitHow {
    /// A currency, a measure, a percentage, or a plural noun: the number counts it.
    Strong,
    /// A singular noun after a number other than one: a compound modifier at best.
    Weak,
}

#[derive(Debug, Clone)]
struct Item {
    num: Num,
    dropped: bool,
    /// A date's day or year, kept to recognise the day after it (`October 27 and 28`).
    date: bool,
    /// An id or code, kept to recognise the list after it (`IE6, 7, 8`).
    id: bool,
    /// First and one-past-last token of everything read.
    s_tok: usize,
    e_tok: usize,
    /// One past the last token of the figure (numbers and qualifiers, no unit).
    fig_end: usize,
    q: Qualifier,
    q_span: Option<(usize, usize)>,
    currency: Option<&'static str>,
    currency_tok: Option<(usize, usize)>,
    unit: Option<String>,
    unit_tok: Option<(usize, usize)>,
    unit_how: UnitHow,
    percent: bool,
    /// The upper end of a range: value and tokens.
    max: Option<(f64, usize, usize)>,
    bounds: (Bound, Bound),
    /// The noun was reached through `of the` (`one of the`), a pronoun use of `one`.
    partitive: bool,
    /// What the amount is per: `hour` in `$15 an hour`, `week` in `four times a week`.
    rate: Option<String>,
}

impl Item {
    fn new(num: Num) -> Item {
        Item {
            s_tok: num.t0,
            e_tok: num.t1,
            fig_end: num.t1,
            num,
            dropped: false,
            date: false,
            id: false,
            q: Qualifier::Exact,
            q_span: None,
            currency: None,
            currency_tok: None,
            unit: None,
            unit_tok: None,
            unit_how: UnitHow::Strong,
            percent: false,
            max: None,
            bounds: (Bound::Plain, Bound::Plain),
            partitive: false,
            rate: None,
        }
    }
}

const ID_HEADS: &[&str] = &[
    "number",
    "version",
    "page",
    "pages",
    "chapter",
    "article",
    "section",
    "line",
    "route",
    "highway",
    "interstate",
    "room",
    "flight",
    "channel",
    "ch",
    "level",
    "exit",
    "gate",
    "platform",
    "terminal",
    "pier",
    "bus",
    "apollo",
    "episode",
    "vol",
    "volume",
    "issue",
    "phase",
    "stage",
    "category",
    "type",
    "model",
    "row",
    "track",
    "step",
    "grade",
    "ward",
    "district",
    "precinct",
    "zone",
    "sector",
    "unit",
    "building",
    "lot",
    "item",
    "figure",
    "table",
    "game",
    "week",
    "day",
    "round",
    "season",
    "proposition",
    "prop",
    "amendment",
    "title",
    "act",
    "resolution",
    "windows",
    "iphone",
    "android",
    "ios",
];

/// Qualifier phrases before a number, longest first within each group.
const PREFIXES: &[(&[&str], Qualifier)] = &[
    (&["at", "least", "or", "equal", "to"], Qualifier::AtLeast),
    (
        &[
            "equal",
            "to",
            "or",
            "more|greater|higher|larger|bigger",
            "than",
        ],
        Qualifier::AtLeast,
    ),
    (
        &["equal", "to", "or", "less|fewer|lower|smaller", "than"],
        Qualifier::AtMost,
    ),
    (
        &[
            "more|greater|higher|larger|bigger",
            "than",
            "or",
            "equal",
            "to",
        ],
        Qualifier::AtLeast,
    ),
    (
        &["less|fewer|lower|smaller", "than", "or", "equal", "to"],
        Qualifier::AtMost,
    ),
    (
        &[
            "more|greater|higher|larger|bigger",
            "or",
            "equal",
            "than|to",
        ],
        Qualifier::AtLeast,
    ),
    (
        &["less|fewer|lower|smaller", "or", "equal", "than|to"],
        Qualifier::AtMost,
    ),
    (&["no|not", "less|fewer", "than"], Qualifier::AtLeast),
    (&["no|not", "more", "than"], Qualifier::AtMost),
    (&["at", "least"], Qualifier::AtLeast),
    (&["a", "minimum", "of"], Qualifier::AtLeast),
    (&["minimum", "of"], Qualifier::AtLeast),
    (&[">", "="], Qualifier::AtLeast),
    (&["≥"], Qualifier::AtLeast),
    (&["in", "excess", "of"], Qualifier::MoreThan),
    (&["upwards|upward", "of"], Qualifier::MoreThan),
    (&["well|just|slightly", "over|above"], Qualifier::MoreThan),
    (
        &["more|greater|larger|bigger|higher", "than"],
        Qualifier::MoreThan,
    ),
    (&["north", "of"], Qualifier::MoreThan),
    (
        &[
            "over|above|exceeding|exceed|exceeds|exceeded|surpass|surpasses|surpassed|surpassing|topping",
        ],
        Qualifier::MoreThan,
    ),
    (&[">"], Qualifier::MoreThan),
    (&["as", "many|much|high", "as"], Qualifier::AtMost),
    (&["up", "to"], Qualifier::AtMost),
    (&["at", "most"], Qualifier::AtMost),
    (&["a", "maximum", "of"], Qualifier::AtMost),
    (&["maximum", "of"], Qualifier::AtMost),
    (&["<", "="], Qualifier::AtMost),
    (&["≤"], Qualifier::AtMost),
    (&["just|slightly", "under|below"], Qualifier::LessThan),
    (&["fewer|less|lower|smaller", "than"], Qualifier::LessThan),
    (&["shy", "of"], Qualifier::LessThan),
    (&["under|below"], Qualifier::LessThan),
    (&["<"], Qualifier::LessThan),
    (&["an", "estimated"], Qualifier::Approx),
    (&["close", "to"], Qualifier::Approx),
    (&["somewhere", "around|near"], Qualifier::Approx),
    (&["around", "about"], Qualifier::Approx),
    (&["something", "like"], Qualifier::Approx),
    (&["approx", "."], Qualifier::Approx),
    (
        &["around|about|approximately|approx|nearly|some|roughly|estimated|almost|circa|~|≈"],
        Qualifier::Approx,
    ),
    (&["equals|equaling|equalling|equal", "to"], Qualifier::Exact),
    (&["exactly|precisely|equals|="], Qualifier::Exact),
];

/// Qualifiers written after a number (`500 or more`).
const SUFFIXES: &[(&[&str], Qualifier)] = &[
    (&["or|and", "more|greater", "than"], Qualifier::AtLeast),
    (&["or", "less|fewer", "than"], Qualifier::AtMost),
    (
        &["or|and", "more|greater|above|over|higher|up"],
        Qualifier::AtLeast,
    ),
    (
        &["or|and", "less|fewer|below|under|lower"],
        Qualifier::AtMost,
    ),
    (&["or", "so"], Qualifier::Approx),
    (&["give", "or", "take"], Qualifier::Approx),
    (&["-|+", "plus"], Qualifier::AtLeast),
    (&["plus"], Qualifier::AtLeast),
];

/// Verbs of change: `rose from 5 to 7` gives two figures, not a range.
fn change_verb(w: &str) -> bool {
    matches!(
        w,
        "rose"
            | "rise"
            | "rises"
            | "risen"
            | "rising"
            | "fell"
            | "fall"
            | "falls"
            | "fallen"
            | "falling"
            | "increased"
            | "increase"
            | "increases"
            | "increasing"
            | "decreased"
            | "decrease"
            | "decreases"
            | "decreasing"
            | "dropped"
            | "drop"
            | "drops"
            | "dropping"
            | "grew"
            | "grow"
            | "grows"
            | "growing"
            | "climbed"
            | "climb"
            | "climbs"
            | "jumped"
            | "jump"
            | "jumps"
            | "declined"
            | "decline"
            | "declines"
            | "slipped"
            | "slid"
            | "plunged"
            | "soared"
            | "surged"
            | "tumbled"
            | "cut"
            | "cuts"
            | "reduced"
            | "raised"
            | "boosted"
            | "lowered"
            | "lifted"
            | "up"
            | "down"
            | "changed"
            | "revised"
            | "shrank"
            | "doubled"
            | "tripled"
            | "went"
            | "moved"
            | "gained"
            | "lost"
            | "expanded"
            | "narrowed"
            | "widened"
            | "swelled"
    )
}

fn change_before(ctx: &Ctx, tok: usize) -> bool {
    (1..=3).any(|d| tok >= d && change_verb(ctx.w(tok - d)))
}

fn title_case(ctx: &Ctx) -> bool {
    *ctx.title_case.get_or_init(|| count_title_case(ctx))
}

fn count_title_case(ctx: &Ctx) -> bool {
    let mut words = 0;
    let mut caps = 0;
    for i in 0..ctx.len() {
        if ctx.is_word(i) && ctx.raw(i).len() > 3 {
            words += 1;
            if ctx.capitalised(i) {
                caps += 1;
            }
        }
    }
    words >= 3 && caps * 10 >= words * 7
}

/// Reads the context of item `k`: what it is not (date, time, code, name), its currency,
/// qualifier, unit and suffix qualifier.
fn context(ctx: &Ctx, items: &mut [Item], k: usize, prev_end: usize) {
    let num = items[k].num.clone();
    let t0 = num.t0;
    let t1 = num.t1;
    if num.code {
        items[k].dropped = true;
        items[k].id = true;
        return;
    }
    // Dates: "October 27", "Oct. 28", "7 July 2012", "Nov 27, 2005", "October 27 and 28".
    let before = |d: usize| if t0 >= d { Some(t0 - d) } else { None };
    let prev = before(1);
    let month_before = prev.is_some_and(|p| month_word(ctx, p))
        || (prev.is_some_and(|p| ctx.is_sym(p, '.'))
            && before(2).is_some_and(|p| month_word(ctx, p)));
    let small_int = num.value.fract() == 0.0 && num.value >= 1.0 && num.value <= 31.0;
    let month_after = small_int && !num.words && month_word(ctx, t1);
    let after_date_comma = prev.is_some_and(|p| ctx.is_sym(p, ','))
        && k > 0
        && items[k - 1].date
        && items[k - 1].num.t1 + 1 == t0;
    let date_continued = k > 0
        && items[k - 1].date
        && prev.is_some_and(|p| {
            matches!(ctx.w(p), "and" | "to" | "through" | "-" | "–" | "&" | "or")
                && items[k - 1].num.t1 == p
        });
    if (month_before && !num.words) || month_after || after_date_comma || date_continued {
        items[k].dropped = true;
        items[k].date = true;
        return;
    }
    if prev.is_some_and(|p| weekday_word(ctx.w(p))) && prev.is_some_and(|p| ctx.is_sym(p + 1, ','))
    {
        // "WEDNESDAY, MARCH 13" is caught by the month; nothing to do here.
    }
    // Times of day: "3 p.m.", "9 am", "0440 GMT".
    let zone = |w: &str| {
        matches!(
            w,
            "gmt"
                | "utc"
                | "et"
                | "est"
                | "edt"
                | "pst"
                | "pdt"
                | "cst"
                | "cdt"
                | "cet"
                | "cest"
                | "bst"
                | "ist"
                | "jst"
                | "kst"
                | "o'clock"
                | "o’clock"
                | "hrs."
        )
    };
    let ampm = matches!(ctx.w(t1), "am" | "pm" | "a" | "p")
        && (ctx.w(t1) == "am"
            || ctx.w(t1) == "pm"
            || (ctx.is_sym(t1 + 1, '.') && ctx.w(t1 + 2) == "m"));
    let clock_value = num.value.fract() == 0.0 && num.value >= 0.0 && num.value <= 12.0;
    // "2.1 pm" is a length in picometres, not a time.
    let pm_measure = ctx.w(t1) == "pm" && !clock_value;
    if !pm_measure && ((ampm && (clock_value || !num.words)) || (zone(ctx.w(t1)) && !num.words)) {
        items[k].dropped = true;
        items[k].date = true;
        return;
    }
    // An address: "the 12000 block of".
    if ctx.w(t1) == "block" && ctx.w(t1 + 1) == "of" {
        items[k].dropped = true;
        return;
    }
    if !num.words {
        let list_after_id = k > 0 && items[k - 1].id && {
            let between: Vec<&str> = (items[k - 1].num.t1..t0).map(|i| ctx.w(i)).collect();
            matches!(
                between.as_slice(),
                [","] | ["and"] | [",", "and"] | ["or"] | ["/"]
            )
        };
        let code_before = prev.is_some_and(|p| {
            (ctx.is_word(p) && ctx.adj(p, t0) && currency_code(ctx.raw(p)).is_none())
                || (is_minus(ctx.sym(p))
                    && ctx.adj(p, t0)
                    && p > 0
                    && ctx.is_word(p - 1)
                    && ctx.adj(p - 1, p)
                    && !(k > 0 && items[k - 1].num.t1 == p))
                || (ctx.is_sym(p, '#') && ctx.adj(p, t0))
        });
        let no_before = prev.is_some_and(|p| ctx.is_sym(p, '.'))
            && before(2).is_some_and(|p| matches!(ctx.raw(p), "No" | "no" | "Nos" | "nos"));
        let head_before = prev.is_some_and(|p| {
            ctx.is_word(p) && ID_HEADS.contains(&ctx.w(p)) && !ctx.sentence_initial(p)
                || (ctx.is_word(p) && ctx.sentence_initial(p) && ID_HEADS.contains(&ctx.w(p)))
        }) || (prev.is_some_and(|p| ctx.is_sym(p, '.'))
            && before(2).is_some_and(|p| matches!(ctx.w(p), "ch" | "vol" | "p" | "pp")));
        let name_before = prev.is_some_and(|p| name_before(ctx, p, t1));
        if list_after_id || code_before || no_before || head_before || name_before {
            items[k].dropped = true;
            items[k].id = true;
            return;
        }
    }
    if num.words
        && ctx.capitalised(t0)
        && prev.is_some_and(|p| {
            is_minus(ctx.sym(p))
                && ctx.adj(p, t0)
                && p > 0
                && ctx.is_word(p - 1)
                && ctx.adj(p - 1, p)
        })
    {
        // "Take-Two": a name.
        items[k].dropped = true;
        return;
    }
    if num.ordinal {
        // Ordinals keep a qualifier for "higher than the tenth"; nothing else is read.
        let mut s = t0;
        if s > 0 && ctx.w(s - 1) == "the" {
            s -= 1;
        }
        if let Some((q, a)) = prefix(ctx, s) {
            items[k].q = q;
            items[k].q_span = Some((a, s));
            items[k].s_tok = a;
        }
        return;
    }
    // A currency before the number: "$30", "US$ 1MM", "€10M", "USD 5", "Rs500".
    let mut s = t0;
    if let Some(p) = prev.filter(|&p| p >= prev_end)
        && let Some(code) = currency_sign(ctx, p)
    {
        let mut a = p;
        if ctx.is_sym(p, '$') && p > 0 && ctx.adj(p - 1, p) && ctx.is_word(p - 1) {
            a = p - 1;
        }
        items[k].currency = Some(code);
        items[k].currency_tok = Some((a, p + 1));
        s = a;
    }
    // A qualifier before: "at least", "more than", "around", also across "an additional".
    if s >= prev_end {
        let extra = ["an|a", "additional|extra|further"];
        let inner = ctx
            .ends_with(s, &extra)
            .or_else(|| ctx.ends_with(s, &["another"]))
            .filter(|&a| a >= prev_end);
        let found_q = prefix(ctx, s).or_else(|| inner.and_then(|a| prefix(ctx, a)));
        if let Some((q, a)) = found_q.filter(|&(_, a)| a >= prev_end) {
            let over_period = ctx.w(a) == "over" && over_a_period(ctx, &num, a, t1);
            if !over_period {
                items[k].q = q;
                items[k].q_span = Some((a, s));
                s = a;
            }
        }
    }
    items[k].s_tok = s;
    // After the number: a qualifier, the unit, a qualifier again.
    let mut j = t1;
    let unqualified = s_after_prefix(&items[k], t0);
    if let Some((q, end)) = suffix(ctx, j) {
        apply_suffix(&mut items[k], q, j, end, unqualified);
        j = end;
    }
    items[k].fig_end = j;
    let mut num = num;
    num.plural_ok = items[k].q != Qualifier::Exact;
    if let Some((unit, a, b, how, currency, percent)) = unit_after(ctx, &num, j) {
        if percent {
            items[k].percent = true;
        }
        if currency {
            if items[k].currency.is_none() {
                items[k].currency = Some(match unit.as_str() {
                    "USD" => "USD",
                    "EUR" => "EUR",
                    "GBP" => "GBP",
                    "JPY" => "JPY",
                    "CNY" => "CNY",
                    "INR" => "INR",
                    "RUB" => "RUB",
                    "CHF" => "CHF",
                    "CAD" => "CAD",
                    "AUD" => "AUD",
                    "SGD" => "SGD",
                    "HKD" => "HKD",
                    "NZD" => "NZD",
                    "TWD" => "TWD",
                    "MXN" => "MXN",
                    "ILS" => "ILS",
                    "TRY" => "TRY",
                    "ZAR" => "ZAR",
                    "BRL" => "BRL",
                    "UAH" => "UAH",
                    "SEK" => "SEK",
                    "NOK" => "NOK",
                    "DKK" => "DKK",
                    "KRW" => "KRW",
                    _ => "USD",
                });
            }
            items[k].unit_tok = Some((a, b));
        } else if items[k].currency.is_none() {
            items[k].unit = Some(unit);
            items[k].unit_tok = Some((a, b));
            items[k].unit_how = how;
        }
        items[k].partitive = a > j && ctx.w(j) == "of";
        j = b;
        rate_at(ctx, &mut items[k], &mut j);
        if let Some((q, end)) = suffix(ctx, j) {
            apply_suffix(&mut items[k], q, j, end, unqualified);
            j = end;
        }
    } else if let Some((a, b)) = items[k].currency_tok {
        items[k].unit_tok = Some((a, b));
        rate_at(ctx, &mut items[k], &mut j);
    }
    if let (Some((a, b)), Some(_)) = (items[k].currency_tok, items[k].currency)
        && items[k].unit_tok.is_none()
    {
        items[k].unit_tok = Some((a, b));
    }
    items[k].e_tok = j.max(t1);
}

/// Where an item starts once its prefix qualifier is set aside: at its currency or number.
fn s_after_prefix(item: &Item, t0: usize) -> usize {
    item.currency_tok.map_or(t0, |(a, _)| a)
}

/// A suffix qualifier wins over a prefix one (`about five hundred or more` is at least
/// 500); `or equal` after `more than` or `less than` includes the bound.
fn apply_suffix(item: &mut Item, q: Qualifier, j: usize, end: usize, unqualified: usize) {
    if q == Qualifier::Exact {
        item.q = match item.q {
            Qualifier::MoreThan => Qualifier::AtLeast,
            Qualifier::LessThan => Qualifier::AtMost,
            other => other,
        };
        if let Some((a, _)) = item.q_span {
            item.q_span = Some((a, end));
        }
        return;
    }
    if item.q != Qualifier::Exact && item.q_span.is_some() {
        item.s_tok = unqualified;
    }
    item.q = q;
    item.q_span = Some((j, end));
}

/// `loans over three years`: "over" a span of time, not "more than" one, unless a verb of
/// duration or a preposition comes before it (`for over three years`).
fn over_a_period(ctx: &Ctx, num: &Num, a: usize, t1: usize) -> bool {
    if a == 0 || t1 >= ctx.len() {
        return false;
    }
    let is_time = unit_after(ctx, num, t1).is_some_and(|(u, ..)| time_unit(&u));
    let durative = matches!(
        ctx.w(a - 1),
        "for"
            | "of"
            | "took"
            | "lasted"
            | "lasting"
            | "spent"
            | "after"
            | "than"
            | "is"
            | "was"
            | "were"
            | "are"
            | "be"
            | "been"
            | "at"
            | "with"
            | "in"
            | "within"
    );
    is_time && !durative
}

/// A capitalised word right before a number names it (`Firefox 3`, `Interstate 540`),
/// unless the number is a percentage or a score, or the sentence is a title-case headline.
fn name_before(ctx: &Ctx, p: usize, t1: usize) -> bool {
    let w = ctx.w(p);
    if !ctx.capitalised(p)
        || ctx.sentence_initial(p)
        || month_word(ctx, p)
        || weekday_word(w)
        || currency_code(ctx.raw(p)).is_some()
        || stop_word(w)
        || unit_word(w).is_some()
        || matches!(w, "us" | "u.s" | "percent")
        || PREFIXES
            .iter()
            .any(|(ph, _)| ph.len() == 1 && alt_eq(ph[0], w))
    {
        return false;
    }
    if matches!(ctx.sym(t1), Some('%')) || matches!(ctx.w(t1), "percent" | "per") {
        return false;
    }
    if is_minus(ctx.sym(t1)) && ctx.adj(t1 - 1, t1) && ctx.is_digits(t1 + 1) {
        return false;
    }
    !title_case(ctx)
}

/// The qualifier phrase ending just before token `s`, and where it starts.
fn prefix(ctx: &Ctx, s: usize) -> Option<(Qualifier, usize)> {
    // Every phrase of the table ends in one of these; most numbers have none before them.
    if s == 0
        || !matches!(
            ctx.w(s - 1),
            "to" | "least"
                | "than"
                | "of"
                | "over"
                | "above"
                | "exceeding"
                | "exceed"
                | "exceeds"
                | "exceeded"
                | "surpass"
                | "surpasses"
                | "surpassed"
                | "surpassing"
                | "topping"
                | ">"
                | "="
                | "≥"
                | "≤"
                | "<"
                | "as"
                | "most"
                | "under"
                | "below"
                | "estimated"
                | "around"
                | "about"
                | "approximately"
                | "approx"
                | "."
                | "nearly"
                | "some"
                | "roughly"
                | "almost"
                | "circa"
                | "~"
                | "≈"
                | "near"
                | "like"
                | "equals"
                | "exactly"
                | "precisely"
        )
    {
        return None;
    }
    for (phrase, q) in PREFIXES {
        if let Some(a) = ctx.ends_with(s, phrase) {
            // "some" qualifies only a number right after it; ">" must not be "=>" or "<>".
            if (phrase == &["<"] || phrase == &[">"])
                && a > 0
                && matches!(ctx.sym(a - 1), Some('=' | '<' | '>'))
                && ctx.adj(a - 1, a)
            {
                return None;
            }
            if ctx.sym(a) == Some('~') && a > 0 && ctx.adj(a - 1, a) && ctx.is_digits(a - 1) {
                return None;
            }
            if phrase.len() == 1 && phrase[0].starts_with('=') {
                if a > 0 && matches!(ctx.sym(a - 1), Some('<' | '>')) {
                    return None;
                }
                if matches!(ctx.sym(a + 1), Some('<' | '>')) {
                    return None;
                }
            }
            return Some((*q, a));
        }
    }
    None
}

/// A qualifier written after a number, starting at `j`.
fn suffix(ctx: &Ctx, j: usize) -> Option<(Qualifier, usize)> {
    // Every phrase tried below starts with one of these; most numbers have none after them.
    if !matches!(ctx.w(j), "or" | "and" | "give" | "-" | "+" | "plus") {
        return None;
    }
    // "more than 5000 or equal to" (no number after) includes the bound.
    if let Some(end) = ctx
        .starts_with(j, &["or", "equal", "to"])
        .or_else(|| ctx.starts_with(j, &["or", "equal"]))
        && (!(ctx.is_digits(end) || word_can_start(ctx, end)) || ctx.w(end) == "a")
    {
        return Some((Qualifier::Exact, end));
    }
    for (phrase, q) in SUFFIXES {
        if let Some(end) = ctx.starts_with(j, phrase) {
            // "or greater than 190" is a new qualified number, not a suffix.
            if phrase.last() == Some(&"than") && (ctx.is_digits(end) || word_can_start(ctx, end)) {
                continue;
            }
            if phrase[0] == "plus" && (ctx.is_digits(end) || word_can_start(ctx, end)) {
                continue;
            }
            if matches!(phrase[0], "-|+") && !ctx.adj(j, j + 1) {
                continue;
            }
            if matches!(phrase[0], "or|and" | "or")
                && (ctx.is_digits(end)
                    || word_can_start(ctx, end)
                    || matches!(ctx.w(end), "than" | "or" | "equal" | "the" | "-" | "$"))
            {
                continue;
            }
            return Some((*q, end));
        }
    }
    None
}

type UnitFound = (String, usize, usize, UnitHow, bool, bool);

/// The unit after a number, starting at token `j`: `(unit, first token, one past the last
/// token, how it was found, is a currency, is a percentage)`.
fn unit_after(ctx: &Ctx, num: &Num, j: usize) -> Option<UnitFound> {
    if let Some((u, end)) = &num.glued {
        let (u, end) = per_unit(ctx, u, *end);
        return Some((u, j, end, UnitHow::Strong, false, false));
    }
    if j >= ctx.len() {
        return None;
    }
    let w = ctx.w(j);
    // Percentages.
    if ctx.is_sym(j, '%') {
        return Some(("percent".into(), j, j + 1, UnitHow::Strong, false, true));
    }
    // Every spelling of a percentage starts with a "p"; most units do not.
    let per = w.starts_with('p');
    if per
        && let Some(end) = ctx
            .starts_with(j, &["percentage", "points|point"])
            .or_else(|| ctx.starts_with(j, &["percent|pct", "points|point"]))
    {
        return Some((
            "percentage point".into(),
            j,
            end,
            UnitHow::Strong,
            false,
            false,
        ));
    }
    if per
        && let Some(end) = ctx
            .starts_with(j, &["per", "cent"])
            .or_else(|| ctx.starts_with(j, &["percent|pct"]))
    {
        return Some(("percent".into(), j, end, UnitHow::Strong, false, true));
    }
    // A currency sign written after the number: "15€".
    if let Some(code) = ctx
        .sym(j)
        .and_then(|_| currency_sign(ctx, j))
        .filter(|_| ctx.adj(j - 1, j))
        && !ctx.is_digits(j + 1)
    {
        return Some((code.into(), j, j + 1, UnitHow::Strong, true, false));
    }
    // Degrees: "°C", "° C", "℃", "degrees Celsius".
    if ctx.is_sym(j, '°') || ctx.is_sym(j, '℃') || ctx.is_sym(j, '℉') {
        let u = match (ctx.sym(j), ctx.raw(j + 1)) {
            (Some('℃'), _) => {
                return Some((
                    "degree celsius".into(),
                    j,
                    j + 1,
                    UnitHow::Strong,
                    false,
                    false,
                ));
            }
            (Some('℉'), _) => {
                return Some((
                    "degree fahrenheit".into(),
                    j,
                    j + 1,
                    UnitHow::Strong,
                    false,
                    false,
                ));
            }
            (_, "C") => "degree celsius",
            (_, "F") => "degree fahrenheit",
            _ => return Some(("degree".into(), j, j + 1, UnitHow::Strong, false, false)),
        };
        return Some((u.into(), j, j + 2, UnitHow::Strong, false, false));
    }
    // A hyphenated adjective: "36-year-old", "6,900-tonne", "million-euro", "15-inch".
    if is_minus(ctx.sym(j)) && ctx.adj(j - 1, j) && ctx.is_word(j + 1) && ctx.adj(j, j + 1) {
        let word = ctx.w(j + 1);
        let lemma = singular(word);
        if let Some(code) = currency_word(&lemma, "") {
            return Some((code.into(), j, j + 2, UnitHow::Strong, true, false));
        }
        if matches!(
            word,
            "strong" | "odd" | "plus" | "fold" | "member" | "man" | "nation"
        ) || (adjective_like(ctx, j + 1) && unit_name(&lemma).is_none())
            || stop_word(word)
        {
            return None;
        }
        let mut end = j + 2;
        // "-year-old", "-years-old".
        if is_minus(ctx.sym(end)) && ctx.w(end + 1) == "old" {
            end += 2;
        }
        let u = unit_name(&lemma).map_or(lemma.clone(), str::to_string);
        return Some((u, j + 1, end, UnitHow::Strong, false, false));
    }
    // Currency words and codes: "euros", "US dollars", "pounds sterling", "SEK".
    if ctx.is_word(j) {
        if let Some(code) = currency_code(ctx.raw(j)) {
            return Some((code.into(), j, j + 1, UnitHow::Strong, true, false));
        }
        let (adj_word, at) = match w {
            "us" | "u.s" | "canadian" | "australian" | "singapore" | "taiwan" | "brazilian" => {
                (w, j + 1)
            }
            "hong" if ctx.w(j + 1) == "kong" => ("kong", j + 2),
            "new" if ctx.w(j + 1) == "zealand" => ("zealand", j + 2),
            _ => ("", j),
        };
        let lemma = singular(ctx.w(at));
        if let Some(code) = currency_word(&lemma, adj_word) {
            return Some((code.into(), j, at + 1, UnitHow::Strong, true, false));
        }
        if lemma == "pound" {
            // Pounds are money with a scale word or "sterling", and weight otherwise.
            if ctx.w(at + 1) == "sterling" {
                return Some(("GBP".into(), j, at + 2, UnitHow::Strong, true, false));
            }
            if num.scale >= 1e6 {
                return Some(("GBP".into(), j, at + 1, UnitHow::Strong, true, false));
            }
        }
        if lemma == "cent" {
            return Some(("cent".into(), j, at + 1, UnitHow::Strong, false, false));
        }
    }
    // Measures by symbol after a space: "4,000 km", "82 kWh", "3 to 4 L".
    if ctx.is_word(j) {
        let raw = ctx.raw(j);
        let single = raw.chars().count() == 1;
        if raw == "lb" && is_minus(ctx.sym(j + 1)) && ctx.w(j + 2) == "ft" {
            return Some(("pound-foot".into(), j, j + 3, UnitHow::Strong, false, false));
        }
        if let Some((u, end)) = compound_unit(ctx, j, false) {
            return Some((u, j, end, UnitHow::Strong, false, false));
        }
        if let Some(u) = unit_symbol(raw) {
            let next_is_word = ctx.is_word(j + 1) && !ctx.is_sym(j + 1, '/');
            let next_free = !next_is_word
                || stop_word(ctx.w(j + 1))
                || (ctx.w(j + 1).ends_with("ed") && !ctx.capitalised(j + 1));
            let ok = if single {
                !num.words && (next_free || raw == "m")
            } else {
                !matches!(raw, "pm" | "am" | "min" | "t")
            };
            if ok && !(raw == "m" && num.words) {
                let (u, end) = square_unit(ctx, j, u);
                let (u, end) = match (u, ctx.w(end)) {
                    ("kilometre" | "metre" | "mile" | "foot", "squared") => (
                        if u == "foot" {
                            "square foot".to_string()
                        } else {
                            format!("square {u}")
                        },
                        end + 1,
                    ),
                    ("kilometre" | "metre", "cubed") => (format!("cubic {u}"), end + 1),
                    _ => (u.to_string(), end),
                };
                let (u, end) = per_unit(ctx, &u, end);
                let end = if ctx.is_sym(end, '.') && raw.eq_ignore_ascii_case("tbsp") {
                    end + 1
                } else {
                    end
                };
                return Some((u, j, end, UnitHow::Strong, false, false));
            }
        }
        if w == "sq" {
            let k = if ctx.is_sym(j + 1, '.') { j + 2 } else { j + 1 };
            if let Some(u) = unit_symbol(ctx.raw(k)).or(unit_name(&singular(ctx.w(k))))
                && matches!(u, "mile" | "kilometre" | "metre" | "foot")
            {
                return Some((
                    format!("square {u}"),
                    j,
                    k + 1,
                    UnitHow::Strong,
                    false,
                    false,
                ));
            }
        }
        // "2 in", "2 1/2 in thick": an inch only where "in" cannot be the preposition.
        if w == "in"
            && !num.words
            && (!ctx.is_word(j + 1)
                || matches!(
                    ctx.w(j + 1),
                    "thick" | "wide" | "long" | "tall" | "high" | "deep"
                ))
            && !ctx.is_digits(j + 1)
        {
            return Some(("inch".into(), j, j + 1, UnitHow::Strong, false, false));
        }
        if raw == "pm" && num.value.fract() != 0.0 {
            return Some(("picometre".into(), j, j + 1, UnitHow::Strong, false, false));
        }
    }
    // "of" before the noun: "hundreds of square miles", "seven of the men".
    let mut k = j;
    if w == "of" {
        let det = matches!(
            ctx.w(j + 1),
            "the" | "his" | "her" | "their" | "its" | "our" | "your" | "these" | "those" | "my"
        );
        if num.vague_max.is_some() {
            k = j + 1;
        } else if det {
            k = j + 2;
        } else if num.frac {
            k = j + 1;
            if matches!(ctx.w(k), "a" | "an") {
                k += 1;
            }
        } else {
            return None;
        }
    }
    head_noun(ctx, num, k)
}

/// A rate after an amount, starting at token `j`: `$15 an hour`, `$2.5 billion a month`,
/// `$15.4/hour`, `$26 per share`, `four times per week`, `5,000 barrels a day`. Returns
/// what the amount is per (a period, a measure's name or, for money after `per`, the noun's
/// lemma) and the token after it. Money may be per item (`a share`, `per barrel`); counts
/// and measures only per period of time.
fn rate_after(ctx: &Ctx, j: usize, money: bool) -> Option<(String, usize)> {
    let (k, article, slash) = match ctx.w(j) {
        "per" => (j + 1, false, false),
        "a" | "an" => (j + 1, true, false),
        "/" if j > 0 && ctx.adj(j - 1, j) && ctx.adj(j, j + 1) => (j + 1, false, true),
        _ => return None,
    };
    if !ctx.is_word(k) || (ctx.capitalised(k) && !slash) {
        return None;
    }
    let w = ctx.w(k);
    let by_symbol = || match ctx.raw(k) {
        "h" | "hr" => Some("hour"),
        "d" => Some("day"),
        "wk" => Some("week"),
        "mo" => Some("month"),
        "yr" => Some("year"),
        _ => None,
    };
    let after = ctx.w(k + 1);
    if let Some(p) = period(w).or_else(|| if slash { by_symbol() } else { None }) {
        // "a year ago", "a month into the war", "a day or two": a time, not a rate. So is
        // "a second", "a quarter" before a noun ("a second round").
        let temporal = matches!(
            after,
            "ago"
                | "earlier"
                | "later"
                | "before"
                | "after"
                | "prior"
                | "since"
                | "previously"
                | "back"
                | "from"
                | "into"
                | "ahead"
                | "old"
                | "long"
        ) || (matches!(after, "or" | "and")
            && (ctx.is_digits(k + 2)
                || word_can_start(ctx, k + 2)
                || matches!(ctx.w(k + 2), "so" | "more" | "less")));
        let ordinal = matches!(w, "second" | "quarter")
            && ctx.is_word(k + 1)
            && !stop_word(after)
            && !ctx.is_sym(k + 1, '.');
        if article && (temporal || ordinal) {
            return None;
        }
        return Some((p.to_string(), k + 1));
    }
    if !money {
        return None;
    }
    if !article && let Some(u) = unit_symbol(ctx.raw(k)) {
        // "$15.4/kg", "$350 per kg".
        return Some((u.to_string(), k + 1));
    }
    let lemma = singular(w);
    if matches!(lemma.as_str(), "cent" | "percent") {
        return None;
    }
    if let Some(u) = unit_name(&lemma) {
        // "$3 a gallon", "$80 per barrel".
        return Some((u.to_string(), k + 1));
    }
    if article {
        // The items prices are quoted per in news.
        return matches!(
            lemma.as_str(),
            "share" | "head" | "person" | "piece" | "unit" | "ticket" | "seat" | "dose"
        )
        .then(|| (lemma, k + 1));
    }
    // "per share", "per diluted share", "/share".
    let mut n = k;
    if adjective_like(ctx, n) && ctx.is_word(n + 1) && !stop_word(ctx.w(n + 1)) {
        n += 1;
    }
    let w = ctx.w(n);
    if stop_word(w)
        || ctx.capitalised(n)
        || unit_word(w).is_some()
        || scale_word(w).is_some()
        || plural_looking(ctx, n)
    {
        return None;
    }
    Some((singular(w), n + 1))
}

/// Reads a rate after the unit of `it` (see [`rate_after`]), which ends before token `*j`,
/// and moves `*j` past it. The unit's span then runs from the unit's first token (the
/// currency sign of `$15`) to the period.
fn rate_at(ctx: &Ctx, it: &mut Item, j: &mut usize) {
    if it.percent {
        // "3 percent a year" is a percentage in news usage, not a rate of one.
        return;
    }
    let money = it.currency.is_some();
    let counted = !money
        && it.unit_how == UnitHow::Strong
        && it
            .unit
            .as_deref()
            .is_some_and(|u| !u.contains(" per ") && !u.starts_with("inverse "));
    if !(money || counted) {
        return;
    }
    if let Some((per, end)) = rate_after(ctx, *j, money) {
        it.rate = Some(per);
        let start = it.unit_tok.map_or(*j, |(a, _)| a.min(*j));
        it.unit_tok = Some((start, end));
        *j = end;
    }
}

/// `km/h`, `kilometres per hour`: a rate.
fn per_unit(ctx: &Ctx, unit: &str, end: usize) -> (String, usize) {
    let denom = |i: usize| -> Option<&'static str> {
        match ctx.raw(i) {
            "h" | "hr" | "hour" => Some("hour"),
            "s" | "sec" | "second" => Some("second"),
            "min" | "minute" => Some("minute"),
            "day" | "d" => Some("day"),
            "km" => Some("kilometre"),
            "kg" => Some("kilogram"),
            _ => None,
        }
    };
    if ctx.is_sym(end, '/')
        && ctx.adj(end - 1, end)
        && let Some(d) = denom(end + 1)
    {
        return (format!("{unit} per {d}"), end + 2);
    }
    if matches!(ctx.w(end), "per" | "an" | "a")
        && let Some(d) = denom(end + 1).or_else(|| match singular(ctx.w(end + 1)).as_str() {
            "hour" => Some("hour"),
            "second" => Some("second"),
            "minute" => Some("minute"),
            _ => None,
        })
        && unit_name(unit.split(' ').next().unwrap_or(unit)).is_some()
        && !time_unit(unit)
    {
        return (format!("{unit} per {d}"), end + 2);
    }
    (unit.to_string(), end)
}

/// The noun a number counts, from token `k`: the first plural noun, skipping adjectives, or
/// the first word that is not an adjective when the number is one.
fn head_noun(ctx: &Ctx, num: &Num, k: usize) -> Option<UnitFound> {
    let one = num.value == 1.0 && !num.frac;
    let mut i = k;
    let mut first: Option<usize> = None;
    let mut seen = 0;
    while seen < 7 && ctx.is_word(i) {
        let w = ctx.w(i);
        if stop_word(w)
            || month_word(ctx, i)
            || weekday_word(w)
            || unit_word(w).is_some()
            || teen_word(w).is_some()
            || tens_word(w).is_some()
            || scale_word(w).is_some()
        {
            break;
        }
        let compound = is_minus(ctx.sym(i + 1)) && ctx.adj(i, i + 1) && ctx.is_word(i + 2);
        let lemma = singular(w);
        if unit_name(&lemma).is_some() && !time_unit(&lemma) && !compound && !ctx.capitalised(i) {
            // A measure word heads what follows it: "½ cup cherry tomatoes".
            return Some(noun_unit(ctx, k, i, UnitHow::Strong));
        }
        if plural_looking(ctx, i) || (!compound && invariant_noun(w)) {
            if one && !num.plural_ok && !invariant_noun(w) && plural_looking(ctx, i) {
                // "one steps back": a plural after one is not what it counts.
                return None;
            }
            return Some(noun_unit(ctx, k, i, UnitHow::Strong));
        }
        if first.is_none() && !compound && !adjective_like(ctx, i) {
            first = Some(i);
            if one {
                return Some(noun_unit(ctx, k, i, UnitHow::Strong));
            }
        }
        seen += 1;
        i += if compound { 3 } else { 1 };
    }
    let f = first?;
    if one || num.frac {
        return Some(noun_unit(ctx, k, f, UnitHow::Strong));
    }
    // A singular noun after a number other than one is a modifier of a noun after it
    // ("a three punch combo"), and says little.
    let followed = ctx.is_word(f + 1) && !stop_word(ctx.w(f + 1));
    if num.value.fract() == 0.0 && followed {
        return Some(noun_unit(ctx, k, f, UnitHow::Weak));
    }
    None
}

fn noun_unit(ctx: &Ctx, k: usize, i: usize, how: UnitHow) -> UnitFound {
    let lemma = singular(ctx.w(i));
    let mut start = i;
    let mut unit = unit_name(&lemma).map_or(lemma.clone(), str::to_string);
    if i > k && matches!(ctx.w(i - 1), "square" | "cubic" | "sq") && unit_name(&lemma).is_some() {
        let pre = if ctx.w(i - 1) == "cubic" {
            "cubic"
        } else {
            "square"
        };
        unit = format!("{pre} {unit}");
        start = i - 1;
    }
    let mut after = i + 1;
    if lemma == "degree" {
        match ctx.w(i + 1) {
            "celsius" | "centigrade" | "c" => {
                unit = "degree celsius".into();
                after += 1;
            }
            "fahrenheit" | "f" => {
                unit = "degree fahrenheit".into();
                after += 1;
            }
            _ => {}
        }
    }
    let (unit, end) = if unit_name(&lemma).is_some() {
        per_unit(ctx, &unit, after)
    } else {
        (unit, after)
    };
    // "six weeks' time": the possessive apostrophe belongs to the noun.
    let end = if matches!(ctx.sym(end), Some('\'' | '’'))
        && end == i + 1
        && ctx.adj(i, end)
        && ctx.w(i).ends_with('s')
        && !ctx.adj(end, end + 1)
    {
        end + 1
    } else {
        end
    };
    (unit, k.min(start), end, how, false, false)
}

// ---------------------------------------------------------------------------------------
// Ranges, bounds and decisions
// ---------------------------------------------------------------------------------------

fn bare_year(it: &Item) -> bool {
    it.num.bare == 4 && year_value(it.num.value) && it.currency.is_none()
}

/// Joins two numbers into one range: `between 10,000 and 12,000`, `60–90 minutes`,
/// `from $150 to $200`, `two or three`.
fn ranges(ctx: &Ctx, items: &mut [Item]) {
    let mut k = 0;
    while k + 1 < items.len() {
        if items[k].dropped {
            k += 1;
            continue;
        }
        let mut n = k + 1;
        while n < items.len() && items[n].dropped && items[n].date {
            n += 1;
        }
        if n >= items.len() || items[n].dropped {
            k += 1;
            continue;
        }
        if let Some(merged) = range_of(ctx, &items[k], &items[n]) {
            items[k] = merged;
            items[n].dropped = true;
            k = n + 1;
        } else {
            k += 1;
        }
    }
}

fn range_of(ctx: &Ctx, a: &Item, b: &Item) -> Option<Item> {
    // Skip "the" before an ordinal end: "between the tenth and the fifteenth".
    let a_start = a.currency_tok.map_or(a.num.t0, |(s, _)| s);
    let mut lead = a_start;
    if a.num.ordinal && lead > 0 && ctx.w(lead - 1) == "the" {
        lead -= 1;
    }
    let before = if lead > 0 { ctx.w(lead - 1) } else { "" };
    let between = before == "between" && a.q_span.is_none();
    let from = before == "from" && a.q_span.is_none() && !change_before(ctx, lead - 1);
    // The tokens joining the ends.
    let a_end = if a.unit_tok.is_some_and(|(s, _)| s >= a.num.t1) {
        a.e_tok
    } else {
        a.fig_end
    };
    let mut b_start = b.currency_tok.map_or(b.num.t0, |(s, _)| s);
    if b.num.ordinal && b_start > 0 && ctx.w(b_start - 1) == "the" {
        b_start -= 1;
    }
    if b_start < a_end || b_start - a_end > 3 {
        return None;
    }
    let joint: Vec<&str> = (a_end..b_start).map(|i| ctx.w(i)).collect();
    // A value and its uncertainty: "9.83e-3 +/- 1e-5", "2,000.45±0.01", read as the range
    // they bound. A sign against the second number belongs to the "±".
    let plus_minus = match joint.as_slice() {
        ["±"] | ["+", "/", "-" | "−"] => b.num.value > 0.0,
        ["+", "/"] => b.num.value < 0.0 && is_minus(ctx.sym(b.num.t0)),
        _ => false,
    };
    if plus_minus {
        let units_agree = match (&a.unit, &b.unit) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        };
        if between
            || from
            || a.q != Qualifier::Exact
            || b.q != Qualifier::Exact
            || a.num.vague_max.is_some()
            || b.num.vague_max.is_some()
            || a.num.ordinal
            || b.num.ordinal
            || !units_agree
            || a.currency != b.currency && a.currency.is_some() && b.currency.is_some()
            || a.percent != b.percent && a.percent && b.unit.is_some()
        {
            return None;
        }
        let (mid, err) = (a.num.value, b.num.value.abs());
        let mut m = a.clone();
        m.num.value = mid - err;
        m.max = Some((mid + err, b.num.t0, b.num.t1));
        m.q = Qualifier::Range;
        m.q_span = None;
        m.e_tok = b.e_tok;
        m.fig_end = b.fig_end;
        if m.unit.is_none() {
            m.unit = b.unit.clone();
            m.unit_how = b.unit_how;
        }
        if b.unit_tok.is_some() {
            m.unit_tok = b.unit_tok;
        }
        m.currency = m.currency.or(b.currency);
        m.percent |= b.percent;
        m.rate = m.rate.clone().or_else(|| b.rate.clone());
        m.num.bare = 0;
        return Some(m);
    }
    let starts_digit =
        |n: &Num| ctx.is_digits(n.t0) || (is_minus(ctx.sym(n.t0)) && ctx.is_digits(n.t0 + 1));
    let digits_both = starts_digit(&a.num) && starts_digit(&b.num);
    let dash = matches!(joint.as_slice(), ["-" | "–" | "—" | "~" | "−"]);
    let kind = match joint.as_slice() {
        _ if dash && digits_both => "dash",
        ["to"] | ["-", "to"] | ["–", "to"] | ["through"] | ["thru"] => "to",
        ["and"] if between => "and",
        ["or"] if !between && !from => "or",
        _ => return None,
    };
    if kind == "to"
        && !between
        && !from
        && change_before(ctx, a_start)
        && !(a_start > 0 && ctx.w(a_start - 1) == "by")
    {
        return None;
    }
    if a.num.ordinal != b.num.ordinal || (a.num.ordinal && !between) {
        return None;
    }
    if b.q != Qualifier::Exact || b.q_span.is_some() {
        return None;
    }
    if a.q != Qualifier::Exact && !(a.q == Qualifier::Approx && !between && !from) {
        return None;
    }
    if a.num.vague_max.is_some() || b.num.vague_max.is_some() {
        return None;
    }
    // Both ends years: a period, which is the time extractor's.
    if bare_year(a) && bare_year(b) && a.unit.is_none() {
        return None;
    }
    // Units must agree; a missing one is taken from the other end.
    if let (Some(x), Some(y)) = (&a.unit, &b.unit)
        && x != y
    {
        return None;
    }
    if a.currency.is_some() && b.currency.is_some() && a.currency != b.currency {
        return None;
    }
    if let (Some(x), Some(y)) = (&a.rate, &b.rate)
        && x != y
    {
        return None;
    }
    if (a.currency.is_some() && (b.percent || b.unit.is_some()))
        || (b.currency.is_some() && (a.percent || a.unit.is_some()))
        || (a.percent && !b.percent && b.unit.is_some())
    {
        return None;
    }
    let mut lo = a.num.value;
    let hi = b.num.value;
    if a.num.scale == 1.0 && b.num.scale > 1.0 && lo < hi / b.num.scale {
        lo *= b.num.scale;
    }
    let mut hi = hi;
    if lo > hi && (between || from) && a.unit.is_some() {
        // "from -18 °C to -34 °C": the ends in either order.
        std::mem::swap(&mut lo, &mut hi);
    }
    if lo >= hi {
        return None;
    }
    if kind == "or" && (hi > lo * 10.0 || lo.fract() != 0.0 || hi.fract() != 0.0) {
        return None;
    }
    let mut m = a.clone();
    m.num.value = lo;
    m.max = Some((hi, b.num.t0, b.num.t1));
    m.q = Qualifier::Range;
    m.bounds = (Bound::Plain, Bound::Plain);
    m.s_tok = if between || from { lead - 1 } else { a_start };
    m.q_span = (between || from).then(|| (lead - 1, lead));
    m.e_tok = b.e_tok;
    m.fig_end = b.fig_end;
    if m.unit.is_none() {
        m.unit = b.unit.clone();
        m.unit_how = b.unit_how;
    }
    if b.unit_tok.is_some() {
        m.unit_tok = b.unit_tok;
    }
    m.currency = m.currency.or(b.currency);
    m.percent |= b.percent;
    m.rate = m.rate.clone().or_else(|| b.rate.clone());
    m.num.bare = 0;
    Some(m)
}

/// `45 and 50 mg`: a bare number joined to a measure takes its unit.
fn share_units(ctx: &Ctx, items: &mut [Item]) {
    for k in (0..items.len().saturating_sub(1)).rev() {
        let (a, b) = (&items[k], &items[k + 1]);
        if a.dropped || b.dropped || a.unit.is_some() || a.currency.is_some() || a.percent {
            continue;
        }
        let joint: Vec<&str> = (a.e_tok..b.s_tok).map(|i| ctx.w(i)).collect();
        let measure = b
            .unit
            .as_deref()
            .is_some_and(|u| unit_name(u).is_some() || u.contains(' '))
            && b.unit_how == UnitHow::Strong
            && !b.unit.as_deref().is_some_and(time_unit);
        if measure
            && matches!(
                joint.as_slice(),
                ["and"] | ["or"] | [","] | ["-", "and"] | ["-", "or"]
            )
        {
            items[k].unit = b.unit.clone();
        }
    }
}

/// Joins a lower and an upper bound: `more than 10 and less than 20`, `at most 100 and at
/// least 20`.
fn bound_pairs(ctx: &Ctx, items: &mut [Item]) {
    let lower = |q| matches!(q, Qualifier::MoreThan | Qualifier::AtLeast);
    let upper = |q| matches!(q, Qualifier::LessThan | Qualifier::AtMost);
    let mut k = 0;
    while k + 1 < items.len() {
        let (a, b) = (&items[k], &items[k + 1]);
        if a.dropped || b.dropped || a.num.ordinal != b.num.ordinal {
            k += 1;
            continue;
        }
        let joint: Vec<&str> = (a.e_tok..b.s_tok).map(|i| ctx.w(i)).collect();
        let joined = matches!(
            joint.as_slice(),
            ["and"] | ["but"] | [","] | [",", "and"] | [",", "but"]
        );
        let pair = if lower(a.q) && upper(b.q) {
            Some((a.num.value, a.q, b.num.value, b.q))
        } else if upper(a.q) && lower(b.q) {
            Some((b.num.value, b.q, a.num.value, a.q))
        } else {
            None
        };
        match pair {
            Some((lo, lq, hi, hq)) if joined && lo < hi => {
                let bound = |q| {
                    if matches!(q, Qualifier::AtLeast | Qualifier::AtMost) {
                        Bound::Inclusive
                    } else {
                        Bound::Exclusive
                    }
                };
                let b = items[k + 1].clone();
                let m = &mut items[k];
                let upper_first = upper(m.q);
                m.num.value = lo;
                m.max = Some((hi, b.num.t0, b.num.t1));
                if upper_first {
                    // Keep the number spans in text order; the values say which is which.
                    m.max = Some((hi, m.num.t0, m.num.t1));
                    m.num.t0 = b.num.t0;
                    m.num.t1 = b.num.t1;
                }
                m.q = Qualifier::Range;
                m.bounds = (bound(lq), bound(hq));
                m.q_span = Some((m.s_tok, b.fig_end));
                m.e_tok = b.e_tok;
                m.fig_end = b.fig_end;
                if m.unit.is_none() {
                    m.unit = b.unit.clone();
                    m.unit_tok = b.unit_tok;
                }
                items[k + 1].dropped = true;
                k += 2;
            }
            _ => k += 1,
        }
    }
}

/// The last decisions: years, `one` as a pronoun.
fn decide(ctx: &Ctx, items: &mut [Item]) {
    for it in items.iter_mut() {
        if it.dropped || it.num.ordinal {
            continue;
        }
        // A year: four bare digits in the range of years, not hedged, not counting anything.
        if bare_year(it)
            && it.q == Qualifier::Exact
            && it.q_span.is_none()
            && it.max.is_none()
            && !it.percent
            && (it.unit.is_none() || it.unit_how == UnitHow::Weak)
        {
            it.dropped = true;
            continue;
        }
        // "over 2015", "around 2015": a preposition before a year, not a qualifier.
        if bare_year(it)
            && it.max.is_none()
            && (it.unit.is_none() || it.unit_how == UnitHow::Weak)
            && it.q_span.is_some_and(|(a, b)| {
                b == a + 1
                    && matches!(
                        ctx.w(a),
                        "over"
                            | "under"
                            | "above"
                            | "below"
                            | "around"
                            | "about"
                            | "circa"
                            | "some"
                    )
            })
        {
            it.dropped = true;
            continue;
        }
        if it.num.lone_one {
            let t0 = it.num.t0;
            let prev = if t0 > 0 { ctx.w(t0 - 1) } else { "" };
            let determiner = matches!(
                prev,
                "the"
                    | "this"
                    | "that"
                    | "which"
                    | "each"
                    | "every"
                    | "any"
                    | "no"
                    | "some"
                    | "someone"
                    | "anyone"
                    | "no-one"
                    | "if"
                    | "no one"
                    | "little"
            );
            let qualified = it.q != Qualifier::Exact || it.q_span.is_some();
            let day_idiom = it
                .unit
                .as_deref()
                .is_some_and(|u| matches!(u, "day" | "night" | "morning" | "evening" | "time"))
                && !matches!(
                    prev,
                    "for"
                        | "in"
                        | "within"
                        | "after"
                        | "than"
                        | "only"
                        | "just"
                        | "about"
                        | "over"
                        | "try"
                        | "least"
                )
                && it.unit.as_deref() != Some("time");
            let counted = it.unit.is_some() && !it.partitive;
            let kept = qualified || (counted && !determiner && !day_idiom);
            if !kept {
                it.dropped = true;
            }
        }
    }
}

fn found(ctx: &Ctx, it: &Item) -> Option<Found> {
    let num = &it.num;
    let range = |a: usize, b: usize| -> Range<usize> {
        if b <= a {
            let s = ctx.start(a);
            return s..s;
        }
        ctx.start(a)..ctx.end(b - 1)
    };
    let mut s_tok = it.s_tok.min(num.t0);
    if let Some((a, _)) = it.unit_tok {
        s_tok = s_tok.min(a);
    }
    let e_tok = it.e_tok.max(num.t1).max(it.fig_end);
    let span = range(s_tok, e_tok);
    let number_span = range(num.t0, num.t1);
    let max_span = it.max.map(|(_, a, b)| range(a, b));
    let figure = range(it.s_tok.min(num.t0), it.fig_end.max(num.t1));
    let unit_span = it.unit_tok.map(|(a, b)| range(a, b));
    let qualifier_span = it.q_span.map(|(a, b)| range(a, b));
    let kind = if num.ordinal {
        Kind::Ordinal
    } else if it.q == Qualifier::Range {
        Kind::Range
    } else if it.currency.is_some() {
        Kind::Money
    } else if it.percent {
        Kind::Percent
    } else if num.frac {
        Kind::Fraction
    } else {
        Kind::Cardinal
    };
    let unit = if let Some(c) = it.currency {
        Some(c.to_string())
    } else if it.percent {
        Some("percent".to_string())
    } else {
        it.unit.clone()
    };
    let unit = match (unit, &it.rate) {
        (Some(u), Some(per)) => Some(format!("{u} per {per}")),
        (u, _) => u,
    };
    let mut q = it.q;
    if num.vague_max.is_some() && q == Qualifier::Exact {
        q = Qualifier::Approx;
    }
    let value_max = it.max.map(|(v, ..)| v).or(num.vague_max);
    if !num.value.is_finite() || value_max.is_some_and(|v| !v.is_finite()) {
        return None;
    }
    Some(Found {
        span,
        qualifier_span,
        number_span,
        max_span,
        figure,
        unit_span,
        value: num.value,
        value_max,
        qualifier: q,
        bounds: it.bounds,
        unit,
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// (surface, value, qualifier, unit) of each quantity in `text`.
    fn read(text: &str) -> Vec<(String, f64, Qualifier, Option<String>)> {
        quantities(text)
            .into_iter()
            .map(|f| {
                (
                    text[f.span.clone()].to_string(),
                    f.value,
                    f.qualifier,
                    f.unit,
                )
            })
            .collect()
    }

    fn one(text: &str) -> Found {
        let all = quantities(text);
        assert_eq!(all.len(), 1, "{text:?} gave {all:?}");
        all.into_iter().next().unwrap()
    }

    fn check(text: &str, value: f64, q: Qualifier, unit: Option<&str>) {
        let f = one(text);
        assert!(
            (f.value - value).abs() <= 1e-9 * value.abs().max(1.0),
            "{text:?}: {f:?}"
        );
        assert_eq!(f.qualifier, q, "{text:?}: {f:?}");
        assert_eq!(f.unit.as_deref(), unit, "{text:?}: {f:?}");
    }

    // Seed-like sentences: the figures the issue asks for, read the way a reader does.

    #[test]
    fn seed_figures() {
        use Qualifier::*;
        check(
            "U.S. sources initially estimated around 3,000 North Korean soldiers training in Russia.",
            3000.0,
            Approx,
            Some("soldier"),
        );
        // The text does not say what the 10,000 are; we read only what is written.
        check(
            "the figure could reach 10,000 by December",
            10000.0,
            Exact,
            None,
        );
        assert_eq!(
            read(
                "Pyongyang has sent close to 12,000 personnel, including 500 officers and three generals, to aid Moscow."
            ),
            vec![
                (
                    "close to 12,000 personnel".into(),
                    12000.0,
                    Approx,
                    Some("personnel".into())
                ),
                ("500 officers".into(), 500.0, Exact, Some("officer".into())),
                ("three generals".into(), 3.0, Exact, Some("general".into())),
            ]
        );
        assert_eq!(
            read(
                "Pyongyang has already supplied more than 13,000 containers of artillery to Russia on more than 70 occasions since August last year."
            ),
            vec![
                (
                    "more than 13,000 containers".into(),
                    13000.0,
                    MoreThan,
                    Some("container".into())
                ),
                (
                    "more than 70 occasions".into(),
                    70.0,
                    MoreThan,
                    Some("occasion".into())
                ),
            ]
        );
        check(
            "after over 600,000 Russian soldiers were killed or wounded",
            600000.0,
            MoreThan,
            Some("soldier"),
        );
        check(
            "approximately 1,500 elite North Korean troops were escorted by Russia's Pacific Fleet",
            1500.0,
            Approx,
            Some("troop"),
        );
        let f = one("where Ukrainian forces have occupied hundreds of square miles since August");
        assert_eq!(
            (f.value, f.value_max, f.qualifier),
            (100.0, Some(1000.0), Approx)
        );
        assert_eq!(f.unit.as_deref(), Some("square mile"));
        let f = one("Pyongyang has already supplied Russia with millions of rounds of ammunition");
        assert_eq!(
            (f.value, f.value_max, f.unit.as_deref()),
            (1e6, Some(1e7), Some("round"))
        );
        let f = one("finalized a $30 billion settlement with the Brazilian government");
        assert_eq!(
            (f.value, f.unit.as_deref(), f.kind),
            (30e9, Some("USD"), Kind::Money)
        );
        check(
            "Sundanese rebel group kills at least 120 in deadliest civil conflict",
            120.0,
            AtLeast,
            None,
        );
    }

    #[test]
    fn names_dates_and_years_are_not_quantities() {
        assert!(quantities("officers of the army's 101st Airborne Division").is_empty());
        assert!(quantities("since Moscow's invasion of Ukraine in February 2022").is_empty());
        assert!(quantities("more than 70 occasions since August last year").len() == 1);
        assert!(quantities("since August last year").is_empty());
        assert!(quantities("On October 27, the agency reported it; Oct. 28 (UPI) --").is_empty());
        assert!(quantities("between October 27 and 28").is_empty());
        assert!(quantities("at 5:06 AM and at 10 p.m. and 0440 GMT").is_empty());
        for t in [
            "the COVID-19 wave",
            "an F-16",
            "Route 9 was closed",
            "upgrade to Firefox 3.0",
        ] {
            assert!(quantities(t).is_empty(), "{t:?}: {:?}", read(t));
        }
        assert!(quantities("call 555-1234 or +1-222-333-4444").is_empty());
        assert!(quantities("in the 1950s and the '90s").is_empty());
        assert!(quantities("one of the players said it was the one").is_empty());
        assert!(quantities("2015 Brazilian mine collapse").is_empty());
        assert!(quantities("the 12000 block of East Street").is_empty());
        // The ordinal is found by scan, apart from quantities.
        let all = scan("the 101st division");
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].kind, Kind::Ordinal);
    }

    #[test]
    fn numerals_in_every_form() {
        let v = |t: &str| one(t).value;
        assert_eq!(v("3000 people"), 3000.0);
        assert_eq!(v("1.5 million people"), 1.5e6);
        assert_eq!(v("$30B"), 30e9);
        assert_eq!(v("12k troops"), 12000.0);
        assert_eq!(v("a dozen eggs"), 12.0);
        assert_eq!(v("two weeks"), 2.0);
        assert_eq!(v("twenty-one trillion three hundred"), 21e12 + 300.0);
        assert_eq!(v("one hundred and three"), 103.0);
        assert_eq!(v("two and a half years"), 2.5);
        assert!((v("two thirds of voters") - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(v("1/40 of it"), 0.025);
        assert_eq!(v("1,234,567"), 1234567.0);
        assert_eq!(v("1 234 567"), 1234567.0);
        assert_eq!(v("-9.5 degrees"), -9.5);
        assert_eq!(v("1.3e6"), 1.3e6);
        assert_eq!(v("$334m deal"), 334e6);
        let f = one("tens of thousands of protesters");
        assert_eq!((f.value, f.value_max), (1e4, Some(1e5)));
        assert_eq!(f.unit.as_deref(), Some("protester"));
    }

    #[test]
    fn qualifiers_ranges_money_and_percentages() {
        use Qualifier::*;
        check("up to 700 contract workers", 700.0, AtMost, Some("worker"));
        check(
            "as many as 40 firefighters",
            40.0,
            AtMost,
            Some("firefighter"),
        );
        check("no more than 12 days", 12.0, AtMost, Some("day"));
        check("fewer than 100 people", 100.0, LessThan, Some("person"));
        check("under 18 years", 18.0, LessThan, Some("year"));
        check(
            "upwards of 500 buildings",
            500.0,
            MoreThan,
            Some("building"),
        );
        check("some 14,000 refugees", 14000.0, Approx, Some("refugee"));
        check("an estimated 3,000 people", 3000.0, Approx, Some("person"));
        check("nearly 70 percent", 70.0, Approx, Some("percent"));
        check("110 billion euros in loans", 110e9, Exact, Some("EUR"));
        check("£2,000 fine", 2000.0, Exact, Some("GBP"));
        let f = one("between 10,000 and 12,000 troops");
        assert_eq!(
            (f.value, f.value_max, f.qualifier),
            (10000.0, Some(12000.0), Range)
        );
        assert_eq!(f.unit.as_deref(), Some("troop"));
        let f = one("10,000-12,000 troops");
        assert_eq!(
            (f.value, f.value_max, f.kind),
            (10000.0, Some(12000.0), Kind::Range)
        );
        let f = one("$10-12 million");
        assert_eq!((f.value, f.value_max), (10e6, Some(12e6)));
        // A score is two numbers, not a range.
        assert_eq!(quantities("won 34-12 on Sunday").len(), 2);
        // A change is two figures, not a range.
        assert_eq!(
            quantities("sales rose from 5 percent to 7 percent").len(),
            2
        );
        check("35% of voters", 35.0, Exact, Some("percent"));
    }

    #[test]
    fn units_are_lemmas_and_measures_have_one_name() {
        let u = |t: &str| one(t).unit;
        assert_eq!(u("two men").as_deref(), Some("man"));
        assert_eq!(u("four people").as_deref(), Some("person"));
        assert_eq!(u("21 cities").as_deref(), Some("city"));
        assert_eq!(u("40 houses").as_deref(), Some("house"));
        assert_eq!(u("5 boxes").as_deref(), Some("box"));
        assert_eq!(u("1,009 species").as_deref(), Some("species"));
        assert_eq!(u("25 miles east").as_deref(), Some("mile"));
        assert_eq!(u("32km from here").as_deref(), Some("kilometre"));
        assert_eq!(u("60 metres high").as_deref(), Some("metre"));
        assert_eq!(u("a 36-year-old man").as_deref(), Some("year"));
        assert_eq!(u("3.7 GHz").as_deref(), Some("gigahertz"));
        assert_eq!(
            u("200 kilometres per hour").as_deref(),
            Some("kilometre per hour")
        );
        assert_eq!(u("32 degrees Celsius").as_deref(), Some("degree celsius"));
    }

    #[test]
    fn absurd_values_are_dropped_not_wrong() {
        assert!(quantities("10^400 grains").is_empty());
        let (found, refused) = quantities_checked("Some 10^400 grains and 3 cups.");
        assert_eq!(found.len(), 1);
        assert_eq!(refused.len(), 1, "{refused:?}");
        assert!("Some 10^400 grains and 3 cups."[refused[0].clone()].starts_with("10"));
        assert!(quantities("1e999 stars").is_empty());
        let long = "9".repeat(400);
        assert!(quantities(&long).is_empty());
    }

    #[test]
    fn to_model_shifts_spans() {
        let text = "about 25 miles";
        let q = one(text).to_model(text, 100);
        assert_eq!(q.text, "about 25 miles");
        assert_eq!((q.span.start, q.span.end), (100, 114));
        assert_eq!(q.qualifier, Qualifier::Approx);
    }

    #[test]
    fn hostile_inputs_stay_linear() {
        // Each input is about 200 KB; a quadratic scan would take minutes here.
        for unit in [
            "one and ",
            "1-",
            "twenty ",
            "(((( Route 5 ",
            "a hundred and ",
            "1,",
            "between 1 and 2 ",
            "more than ",
            "1 in 2 in ",
            "half a ",
            "$1 to ",
            "Jan. 5, ",
            "1 J/m^2 per ",
            "1 s-1 ",
            "1 W m-2 s-1 ",
            "$1 a day ",
            "1 ± ",
        ] {
            let bytes = std::env::var("HOSTILE_BYTES")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(200_000);
            let text = unit.repeat(bytes / unit.len());
            let start = std::time::Instant::now();
            let _ = scan(&text);
            assert!(
                start.elapsed().as_secs_f64() < 5.0,
                "{unit:?} took {:?}",
                start.elapsed()
            );
        }
    }

    /// (surface, unit) of each quantity in `text`.
    fn units(text: &str) -> Vec<(String, Option<String>)> {
        quantities(text)
            .into_iter()
            .map(|f| (text[f.span.clone()].to_string(), f.unit))
            .collect()
    }

    #[test]
    fn money_rates_say_what_they_are_per() {
        let u = |t: &str| units(t);
        let pair = |s: &str, u: &str| vec![(s.to_string(), Some(u.to_string()))];
        assert_eq!(u("only for $15.4/hour"), pair("$15.4/hour", "USD per hour"));
        assert_eq!(
            u("Workers earn $15 an hour."),
            pair("$15 an hour", "USD per hour")
        );
        assert_eq!(
            u("The blockade costs $2.5 billion a month, officials said."),
            pair("$2.5 billion a month", "USD per month")
        );
        assert_eq!(
            u("earnings of $2.52 a share"),
            pair("$2.52 a share", "USD per share")
        );
        assert_eq!(
            u("crude fell to $55.12 per barrel"),
            pair("$55.12 per barrel", "USD per barrel")
        );
        assert_eq!(
            u("gallium at $350 per kg"),
            pair("$350 per kg", "USD per kilogram")
        );
        assert_eq!(
            u("profit of $2.53 per diluted share"),
            pair("$2.53 per diluted share", "USD per share")
        );
        assert_eq!(
            u("less than 1,000 euros a month"),
            pair("less than 1,000 euros a month", "EUR per month")
        );
        assert_eq!(
            u("It costs $3 a gallon."),
            pair("$3 a gallon", "USD per gallon")
        );
        // A range takes the rate written after its upper end.
        let f = one("wages of $10 to $15 an hour");
        assert_eq!(
            (f.value, f.value_max, f.unit.as_deref()),
            (10.0, Some(15.0), Some("USD per hour"))
        );
        // A rate and a total side by side.
        assert_eq!(
            u("It costs $5 a day or $30 a week."),
            vec![
                ("$5 a day".to_string(), Some("USD per day".to_string())),
                ("$30 a week".to_string(), Some("USD per week".to_string())),
            ]
        );
    }

    #[test]
    fn a_period_that_places_a_figure_in_time_is_not_a_rate() {
        let u = |t: &str| units(t);
        let pair = |s: &str, u: &str| vec![(s.to_string(), Some(u.to_string()))];
        assert_eq!(
            u("The company lost $5 billion a year ago."),
            pair("$5 billion", "USD")
        );
        assert_eq!(
            u("It had spent $2 billion a month into the war."),
            pair("$2 billion", "USD")
        );
        assert_eq!(
            u("He was paid $60,000 a year and a half later.")[0],
            pair("$60,000", "USD")[0]
        );
        assert_eq!(
            u("Sixty people died a day after the storm."),
            pair("Sixty people", "person")
        );
        assert_eq!(u("It paid $5 a second time."), pair("$5", "USD"));
        // A percentage per year is still a percentage.
        assert_eq!(
            u("prices rose 3 percent a year"),
            pair("3 percent", "percent")
        );
        // "per cent" is the percentage.
        assert_eq!(u("a rise of 5 per cent"), pair("5 per cent", "percent"));
    }

    #[test]
    fn counts_and_measures_per_period() {
        let u = |t: &str| units(t);
        let pair = |s: &str, u: &str| vec![(s.to_string(), Some(u.to_string()))];
        assert_eq!(
            u("it's used four times per week"),
            pair("four times per week", "time per week")
        );
        assert_eq!(
            u("They meet three times a week."),
            pair("three times a week", "time per week")
        );
        assert_eq!(
            u("Output is 5,000 barrels a day."),
            pair("5,000 barrels a day", "barrel per day")
        );
        assert_eq!(
            u("the site logs about 20 million hits a month"),
            pair("about 20 million hits a month", "hit per month")
        );
        assert_eq!(
            u("at 60 frames per second"),
            pair("60 frames per second", "frame per second")
        );
    }

    #[test]
    fn compound_unit_symbols() {
        let u = |t: &str| units(t);
        let pair = |s: &str, u: &str| vec![(s.to_string(), Some(u.to_string()))];
        assert_eq!(
            u("Violet light oscillates at 4e14 s-1"),
            pair("4e14 s-1", "inverse second")
        );
        assert_eq!(
            u("to reach 1 fb−1 of data"),
            pair("1 fb−1", "inverse femtobarn")
        );
        assert_eq!(u("45 Js l"), pair("45 Js", "joule second"));
        assert_eq!(u("a constant of 45 J s"), pair("45 J s", "joule second"));
        assert_eq!(
            u("I want 1cds in this room!"),
            pair("1cds", "candela second")
        );
        assert_eq!(
            u("exposed to 20 J/m^2 per year"),
            pair("20 J/m^2 per year", "joule per square metre per year")
        );
        assert_eq!(
            u("an acceleration of 3 km/s2"),
            pair("3 km/s2", "kilometre per square second")
        );
        assert_eq!(
            u("a flux of 1.5 W m-2 today"),
            pair("1.5 W m-2", "watt per square metre")
        );
        assert_eq!(
            u("particles at 35 µg/m3 in the air"),
            pair("35 µg/m3", "microgram per cubic metre")
        );
        assert_eq!(
            u("the engine makes 400 Nm of torque"),
            pair("400 Nm", "newton metre")
        );
        assert_eq!(u("a 5000mAh battery"), pair("5000mAh", "milliampere hour"));
        assert_eq!(
            u("a 100 MB/s link"),
            pair("100 MB/s", "megabyte per second")
        );
        assert_eq!(u("a 4 m s⁻¹ wind"), pair("4 m s⁻¹", "metre per second"));
        assert_eq!(u("3 kg·m"), pair("3 kg·m", "kilogram metre"));
        // The names stay those of the simple symbols.
        assert_eq!(u("at 100 km/h"), pair("100 km/h", "kilometre per hour"));
        assert_eq!(u("301,338 km2"), pair("301,338 km2", "square kilometre"));
        assert_eq!(u("4km^3"), pair("4km^3", "cubic kilometre"));
    }

    #[test]
    fn compound_symbols_do_not_fire_on_news_text() {
        // No unit for a lone symbol-like word: no operator, no exponent.
        assert_eq!(units("The flight took 5 ms."), vec![("5".into(), None)]);
        assert_eq!(units("in 10 s"), vec![("10".into(), None)]);
        assert!(quantities("He left at 2 am and came back at 3 pm.").is_empty());
        assert!(quantities("In the 1990 s the city grew.").is_empty());
        // Codes with a hyphen after a capital are not inverse units.
        for text in [
            "It issued 20,000 J-1 visas.",
            "It has two K-9 units.",
            "It granted 85,000 H-1B visas.",
            "She printed 3 A4 sheets.",
            "Scores were 5 N/A and 3 P/E.",
            "They sold 10 cds at the fair.",
        ] {
            for f in quantities(text) {
                let unit = f.unit.unwrap_or_default();
                assert!(
                    !unit.contains("inverse")
                        && !unit.contains(" per ")
                        && !unit.contains("second")
                        && !unit.contains("joule")
                        && !unit.contains("newton"),
                    "{text:?}: {unit:?}"
                );
            }
        }
        // A decibel is not a tenth of a byte.
        let f = one("a 3 dB gain");
        assert_ne!(f.unit.as_deref(), Some("decibyte"));
    }

    #[test]
    fn a_value_with_its_uncertainty_is_the_range_it_bounds() {
        let f = one("an acceleration of 9.83e-3 +/- 1e-5 km/s2");
        assert!(
            (f.value - 0.00982).abs() < 1e-12 && (f.value_max.unwrap() - 0.00984).abs() < 1e-12
        );
        assert_eq!(f.qualifier, Qualifier::Range);
        assert_eq!(f.unit.as_deref(), Some("kilometre per square second"));
        assert_eq!(f.span, 19..41);
        let f = one("support of 52% ± 3% in the poll");
        assert_eq!(
            (f.value, f.value_max, f.unit.as_deref()),
            (49.0, Some(55.0), Some("percent"))
        );
        let f = one("it weighs 2,000.45±0.01 pounds");
        assert!((f.value - 2000.44).abs() < 1e-9 && (f.value_max.unwrap() - 2000.46).abs() < 1e-9);
        assert_eq!(f.unit.as_deref(), Some("pound"));
    }

    proptest! {
        #[test]
        fn never_panics_and_spans_hold(text in "\\PC{0,120}") {
            check_spans(&text);
        }

        #[test]
        fn number_soup_never_panics(parts in proptest::collection::vec(proptest::sample::select(vec![
            "1", "22", "333", "4444", ",", ".", "-", "–", "/", "^", "e", "x", "%", "$", "€", " ", "  ",
            "one", "two", "twenty", "hundred", "thousand", "million", "and", "a", "half", "thirds",
            "point", "over", "out", "of", "in", "between", "to", "more", "than", "at", "least", "KO’s", "that’s", "’s", "'s",
            "or", "more", "k", "m", "bn", "th", "s", "km", "people", "the", "tenth", "October",
            "am", "pm", ":", "+", "(", ")", "½", "é", "中",
            "J", "Js", "cds", "fb", "µg", "Nm", "−", "⁻", "¹", "²", "·", "±", "per", "an", "hour",
            "share", "ago",
        ]), 0..40)) {
            check_spans(&parts.concat());
        }
    }

    fn check_spans(text: &str) {
        for f in scan(text) {
            for r in [
                Some(&f.span),
                Some(&f.number_span),
                Some(&f.figure),
                f.max_span.as_ref(),
                f.unit_span.as_ref(),
                f.qualifier_span.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                assert!(r.start <= r.end && r.end <= text.len(), "{text:?}: {r:?}");
                assert!(
                    text.get(r.clone()).is_some(),
                    "{text:?}: {r:?} not on char boundaries"
                );
            }
            assert!(f.value.is_finite());
            assert!(
                f.span.start <= f.number_span.start && f.number_span.end <= f.span.end,
                "{text:?}: {f:?}"
            );
        }
    }

    /// The tokenizer as first written, one decoded character at a time: the byte-wise
    /// [`tokenize`] must split every text exactly as it does.
    fn tokenize_by_chars(text: &str) -> Vec<(TK, usize, usize)> {
        let mut toks = Vec::new();
        let mut it = text.char_indices().peekable();
        while let Some((s, c)) = it.next() {
            if c.is_whitespace() {
                continue;
            }
            if c.is_ascii_digit() {
                let mut e = s + 1;
                while let Some(&(p, d)) = it.peek() {
                    if !d.is_ascii_digit() {
                        break;
                    }
                    e = p + 1;
                    it.next();
                }
                toks.push((TK::Digits, s, e));
            } else if c.is_alphabetic() {
                let mut e = s + c.len_utf8();
                while let Some(&(p, d)) = it.peek() {
                    let apostrophe = (d == '\'' || d == '’')
                        && text[p + d.len_utf8()..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphabetic);
                    if !(d.is_alphabetic() || apostrophe) {
                        break;
                    }
                    e = p + d.len_utf8();
                    it.next();
                }
                toks.push((TK::Word, s, e));
            } else {
                toks.push((TK::Sym, s, s + c.len_utf8()));
            }
        }
        toks
    }

    fn tokens_of(text: &str) -> Vec<(TK, usize, usize)> {
        let mut toks = Vec::new();
        tokenize(text, &mut toks);
        toks.iter().map(|t| (t.kind, t.s, t.e)).collect()
    }

    #[test]
    fn the_byte_tokenizer_splits_as_the_character_one() {
        for text in [
            "",
            "Didn't the KO's 3,000-strong force\u{a0}arrive at 5:06\u{2009}AM?",
            "Zürich’s 12km² lake, naïve café owners' dog’ and 'quotes'",
            "\u{b}\u{c}tabs\tand\r\nbreaks\u{2028}x\u{85}y ½ ¾ — “quoted” São Paulo",
            "Ελλάδα 2024 日本語 テキスト ١٢٣ a’ ’b x'y'z'",
        ] {
            assert_eq!(tokens_of(text), tokenize_by_chars(text), "{text:?}");
        }
    }

    #[test]
    fn the_start_filter_lets_every_start_word_through() {
        for w in START_WORDS {
            assert!(maybe_start_word(w), "{w}");
        }
        // Every word the lists accept is among the start words.
        let ctx = Ctx::new(
            "zero nought naught one two three four five six seven eight nine ten eleven \
             twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty \
             thirty forty fourty fifty sixty seventy eighty ninety a an half",
        );
        for i in 0..ctx.len() {
            assert!(word_can_start(&ctx, i), "{}", ctx.w(i));
            assert!(START_WORDS.contains(&ctx.w(i)), "{}", ctx.w(i));
        }
        for w in ["the", "for", "and", "said", "", "Ω", "twentyfive"] {
            assert!(!maybe_start_word(w), "{w}");
        }
    }

    #[test]
    fn alternatives_match_whole_words_only() {
        assert!(alt_eq("more|greater|higher", "greater"));
        assert!(alt_eq("more|greater|higher", "higher"));
        assert!(alt_eq("more", "more"));
        assert!(!alt_eq("more|greater|higher", "great"));
        assert!(!alt_eq("more|greater|higher", "e|g"));
        assert!(!alt_eq("more|greater", ""));
        assert!(!alt_eq("a|b", "more"));
    }

    proptest! {
        #[test]
        fn any_text_is_split_as_the_character_tokenizer_splits_it(text in "\\PC{0,60}") {
            prop_assert_eq!(tokens_of(&text), tokenize_by_chars(&text));
        }

        #[test]
        fn alternatives_agree_with_splitting(
            want in "[ab|]{0,8}",
            got in "[ab|]{0,4}",
        ) {
            let split = want == got || (!got.is_empty() && want.split('|').any(|a| a == got));
            prop_assert_eq!(alt_eq(&want, &got), split);
        }
    }
}
