//! Splitting decoded text into paragraphs and measuring the shape of each one: how many
//! words, whether it ends like a sentence, how much of it is capitalised, which content
//! words it holds. The cleaning rules in `lib.rs` decide on these measurements alone.

use std::borrow::Cow;
use std::sync::LazyLock;

use model::Span;

/// A paragraph of the decoded text: one line, or several hard-wrapped lines joined.
#[derive(Debug, Clone)]
pub struct Para<'a> {
    /// From the start of its first line to the end of its last, in the decoded text.
    pub span: Span,
    /// How many lines it joins (1 for most).
    pub line_count: usize,
    /// The paragraph text with wrapped lines joined by one space (borrowed from the
    /// decoded text when the paragraph is one line, as most are).
    pub text: Cow<'a, str>,
}

impl Para<'_> {
    pub fn span(&self) -> Span {
        self.span
    }

    /// The trimmed lines of the paragraph, as spans into `source` (the decoded text the
    /// paragraph was split from).
    pub fn lines<'s>(&self, source: &'s str) -> impl Iterator<Item = Span> + 's {
        let base = self.span.start;
        source[self.span.start..self.span.end]
            .split('\n')
            .scan(base, |pos, line| {
                let start = *pos;
                *pos += line.len() + 1;
                Some((start, line))
            })
            .filter_map(|(start, line)| {
                let lead = line.len() - line.trim_start().len();
                let trimmed = line.trim();
                (!trimmed.is_empty()).then(|| Span::new(start + lead, start + lead + trimmed.len()))
            })
    }
}

/// Splits `text` into paragraphs. Every non-blank line is a paragraph, except in blocks
/// that look hard-wrapped (every line but the last long and of similar length, and at
/// least one line continuing a sentence in lowercase), which are joined.
pub fn paragraphs<'a>(text: &'a str) -> Vec<Para<'a>> {
    let mut out = Vec::new();
    let mut block: Vec<Span> = Vec::new();
    let mut pos = 0;
    let flush = |block: &mut Vec<Span>, out: &mut Vec<Para<'a>>| {
        if block.is_empty() {
            return;
        }
        if looks_wrapped(text, block) {
            let joined = block
                .iter()
                .map(|s| &text[s.start..s.end])
                .collect::<Vec<_>>()
                .join(" ");
            out.push(Para {
                span: Span::new(block[0].start, block[block.len() - 1].end),
                line_count: block.len(),
                text: Cow::Owned(joined),
            });
        } else {
            for &line in block.iter() {
                out.push(Para {
                    span: line,
                    line_count: 1,
                    text: Cow::Borrowed(&text[line.start..line.end]),
                });
            }
        }
        block.clear();
    };
    for raw_line in text.split_inclusive('\n') {
        let start = pos;
        pos += raw_line.len();
        let trimmed_start = raw_line.len() - raw_line.trim_start().len();
        let trimmed = raw_line.trim();
        if trimmed.is_empty() {
            flush(&mut block, &mut out);
            continue;
        }
        let s = start + trimmed_start;
        block.push(Span::new(s, s + trimmed.len()));
    }
    flush(&mut block, &mut out);
    out
}

/// The trimmed non-blank lines of `text`, without building paragraphs.
pub fn line_texts(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

fn looks_wrapped(text: &str, block: &[Span]) -> bool {
    if block.len() < 2 {
        return false;
    }
    let lens: Vec<usize> = block
        .iter()
        .map(|s| text[s.start..s.end].chars().count())
        .collect();
    let max = lens.iter().copied().max().unwrap_or(0);
    if !(40..=120).contains(&max) {
        return false;
    }
    let body_lines_even = lens[..lens.len() - 1].iter().all(|&l| l * 10 >= max * 6);
    let continues_lowercase = block.windows(2).any(|w| {
        let prev = &text[w[0].start..w[0].end];
        let next = &text[w[1].start..w[1].end];
        !ends_sentence(prev)
            && next
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
    });
    body_lines_even && continues_lowercase
}

/// Closing characters that may follow the final punctuation of a sentence.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '*')
}

/// Whether `text` ends like a sentence: a full stop, question or exclamation mark or an
/// ellipsis, possibly followed by closing quotes or brackets.
pub fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches(is_closer);
    t.ends_with(['.', '!', '?', '…', '。', '！', '？', '।', '؟'])
}

/// True for characters of scripts written without spaces between words (Han, kana,
/// Thai, Lao, Khmer, Myanmar): a run of them is many words, not one.
fn unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK Extension A
        | 0x4E00..=0x9FFF // CJK Unified Ideographs
        | 0xF900..=0xFAFF // CJK Compatibility Ideographs
        | 0x20000..=0x2FFFF // CJK Extensions B and later
    )
}

/// The words of `text` split on white space, exactly as `str::split_whitespace` splits
/// them, but looking at bytes: ASCII is classified by a comparison, and only the four
/// lead bytes that can start a non-ASCII white-space character are decoded. This is the
/// innermost loop of the clean stage.
pub fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

/// Iterator of [`words`].
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
}

/// The byte length of the white-space character starting at `i`, or 0 when the
/// character there is not white space. `i` is a character boundary or a continuation
/// byte (never the start of white space).
fn space_len(text: &str, i: usize) -> usize {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return usize::from(matches!(b, b'\t'..=b'\r' | b' '));
    }
    // U+0085 and U+00A0 start with 0xC2; U+1680 with 0xE1; U+2000 to U+205F with 0xE2;
    // U+3000 with 0xE3. No other character is white space.
    if matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3)
        && let Some(c) = text.get(i..).and_then(|rest| rest.chars().next())
        && c.is_whitespace()
    {
        return c.len_utf8();
    }
    0
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let len = self.text.len();
        let mut i = self.pos;
        loop {
            if i >= len {
                self.pos = len;
                return None;
            }
            let n = space_len(self.text, i);
            if n == 0 {
                break;
            }
            i += n;
        }
        let start = i;
        let bytes = self.text.as_bytes();
        while i < len {
            // Only control bytes, the space and four lead bytes can start white space.
            let b = bytes[i];
            if (b <= b' ' || matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3)) && space_len(self.text, i) > 0
            {
                break;
            }
            i += 1;
        }
        self.pos = i;
        self.text.get(start..i)
    }
}

/// The runs of alphanumeric characters of `text`: the non-empty pieces of
/// `text.split(|c: char| !c.is_alphanumeric())`, found by looking at bytes and decoding
/// only non-ASCII characters.
fn alnum_runs(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    // The length of the character at `i` (a character boundary) and whether it is
    // alphanumeric.
    let char_at = move |i: usize| -> (usize, bool) {
        let b = bytes[i];
        if b < 0x80 {
            return (1, b.is_ascii_alphanumeric());
        }
        // Only non-ASCII characters are decoded.
        match text.get(i..).and_then(|rest| rest.chars().next()) {
            Some(c) => (c.len_utf8(), c.is_alphanumeric()),
            None => (1, false),
        }
    };
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < bytes.len() {
            let (n, alnum) = char_at(pos);
            if !alnum {
                pos += n;
                continue;
            }
            let start = pos;
            pos += n;
            while pos < bytes.len() {
                let (n, alnum) = char_at(pos);
                if !alnum {
                    break;
                }
                pos += n;
            }
            return text.get(start..pos);
        }
        None
    })
}

/// How many words a whitespace-separated chunk counts for: one, or one per two
/// characters of a script written without spaces (about the length of a word there).
fn word_weight(chunk: &str) -> usize {
    if chunk.is_ascii() {
        return 1;
    }
    let unspaced = chunk.chars().filter(|&c| unspaced_script(c)).count();
    unspaced.div_ceil(2).max(1)
}

/// Function words that do not count when measuring title case.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "to", "for", "and", "or", "but", "at", "by", "with",
    "from", "as", "vs", "nor", "per", "via", "into", "over", "is", "are", "be",
];

/// Common English function words, excluded from content-word vocabularies.
const STOP_WORDS: &[&str] = &[
    "about", "after", "again", "also", "been", "before", "being", "between", "both", "could",
    "does", "doing", "down", "during", "each", "from", "further", "have", "having", "here", "into",
    "just", "more", "most", "other", "over", "same", "should", "some", "such", "than", "that",
    "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through",
    "under", "until", "very", "were", "what", "when", "where", "which", "while", "will", "with",
    "would", "your", "said", "says", "year", "years",
];

/// Words of web page interfaces (navigation, sharing, comments, promotion). A short line
/// whose words all come from here is page furniture, not article text.
const UI_WORDS: &[&str] = &[
    "advertisement",
    "ads",
    "also",
    "article",
    "articles",
    "back",
    "below",
    "bookmark",
    "click",
    "close",
    "closed",
    "comment",
    "comments",
    "continue",
    "copy",
    "cookie",
    "cookies",
    "discussion",
    "download",
    "email",
    "facebook",
    "feed",
    "follow",
    "full",
    "headlines",
    "here",
    "home",
    "latest",
    "leave",
    "like",
    "link",
    "listen",
    "load",
    "login",
    "log",
    "menu",
    "more",
    "most",
    "newsletter",
    "newsletters",
    "next",
    "now",
    "popular",
    "post",
    "posts",
    "previous",
    "print",
    "privacy",
    "read",
    "recommended",
    "related",
    "reply",
    "reserved",
    "rights",
    "save",
    "scroll",
    "see",
    "share",
    "sign",
    "skip",
    "sponsored",
    "stories",
    "story",
    "subscribe",
    "subscription",
    "tags",
    "terms",
    "top",
    "topics",
    "trending",
    "twitter",
    "up",
    "video",
    "videos",
    "view",
    "watch",
    "whatsapp",
    "you",
    "may",
    "might",
    "enjoy",
    "recommend",
    "we",
    "our",
    "us",
    "to",
    "a",
    "the",
    "this",
    "on",
    "in",
    "of",
    "and",
    "for",
    "are",
    "is",
    "your",
    "all",
    "page",
    "news",
];

/// Interface words that announce a list of other stories ("Related", "Latest Headlines",
/// "You may also like", "More from").
const LIST_WORDS: &[&str] = &[
    "related",
    "latest",
    "headlines",
    "more",
    "like",
    "popular",
    "trending",
    "recommended",
    "stories",
    "read",
    "top",
    "see",
    "also",
    "news",
];

/// A word is in [`SMALL_WORDS`].
const SMALL: u8 = 1;
/// A word is in [`STOP_WORDS`].
const STOP: u8 = 2;
/// A word is in [`UI_WORDS`].
const UI: u8 = 4;
/// A word is in [`LIST_WORDS`].
const LIST: u8 = 8;

/// Longest word, in bytes, that a word-list key holds; every listed word is shorter.
const KEY_BYTES: usize = 16;

/// The lowercased ASCII bytes of a word packed into one integer (zero-padded), so that
/// looking a word up in all four lists is one binary search over integers instead of a
/// string comparison per listed word. `None` for non-ASCII or long words, which are in
/// none of the lists.
fn word_key(word: &[u8]) -> Option<u128> {
    if word.len() > KEY_BYTES || !word.is_ascii() {
        return None;
    }
    let mut buf = [0u8; KEY_BYTES];
    for (b, w) in buf.iter_mut().zip(word) {
        *b = w.to_ascii_lowercase();
    }
    Some(u128::from_le_bytes(buf))
}

/// Slots of the word table: a power of two, well over twice the number of listed words,
/// so that a lookup rarely probes more than one slot.
const TABLE_SLOTS: usize = 512;

/// The slot a key is looked for first: a multiplicative hash of the packed bytes.
fn slot_of(key: u128) -> usize {
    let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
    (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - TABLE_SLOTS.trailing_zeros())) as usize
}

/// Every listed word with the flags of the lists it is in, in an open-addressing table
/// (linear probing; key 0, which no word packs to, marks an empty slot).
static WORD_TABLE: LazyLock<Vec<(u128, u8)>> = LazyLock::new(|| {
    let mut table = vec![(0u128, 0u8); TABLE_SLOTS];
    for (list, flag) in [
        (SMALL_WORDS, SMALL),
        (STOP_WORDS, STOP),
        (UI_WORDS, UI),
        (LIST_WORDS, LIST),
    ] {
        for word in list {
            let key = word_key(word.as_bytes()).expect("listed words are short ASCII");
            let mut i = slot_of(key);
            while table[i].0 != 0 && table[i].0 != key {
                i = (i + 1) % TABLE_SLOTS;
            }
            table[i].0 = key;
            table[i].1 |= flag;
        }
    }
    table
});

/// The lists a word (already packed by [`word_key`]) is in, as flags.
fn flags_of(key: u128) -> u8 {
    let table = &*WORD_TABLE;
    let mut i = slot_of(key);
    // The table is never full, so an empty slot ends every probe sequence.
    loop {
        let (k, flags) = table[i];
        if k == key {
            return flags;
        }
        if k == 0 {
            return 0;
        }
        i = (i + 1) % TABLE_SLOTS;
    }
}

/// The lists an already lowercased word is in, as flags.
fn flags_of_lower(word: &str) -> u8 {
    word_key(word.as_bytes()).map_or(0, flags_of)
}

/// The measurements the cleaning rules use.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    pub words: usize,
    /// Words that begin with a letter.
    pub alpha_words: usize,
    /// Words beginning with a lowercase letter, other than small function words.
    pub lower_words: usize,
    /// Capitalised words among those that are not small function words.
    pub capital_ratio: f32,
    pub ends_sentence: bool,
    /// Every word is an interface word.
    pub all_ui: bool,
    /// Some word announces a list of other stories.
    pub list_word: bool,
    /// Ends in a separator such as `|`, `:` or `»`.
    pub ends_separator: bool,
}

impl Shape {
    /// A paragraph of the article: ends like a sentence and reads like one, or is long.
    pub fn is_prose(&self) -> bool {
        (self.ends_sentence && self.words >= 6 && self.lower_words >= 2) || self.words >= 30
    }

    /// Capitalised like a headline: most words that are not function words start
    /// uppercase, and it does not end like a sentence.
    pub fn is_title_case(&self) -> bool {
        !self.ends_sentence && self.alpha_words >= 3 && self.capital_ratio >= 0.75
    }

    /// A short line of page interface: only interface words, or a short label ending in
    /// a separator.
    pub fn is_ui(&self) -> bool {
        self.words > 0
            && self.words <= 8
            && (self.all_ui || (self.ends_separator && self.words <= 4 && !self.ends_sentence))
    }
}

/// Word counts above this are not measured exactly (see [`shape`]).
pub const MAX_MEASURED_WORDS: usize = 41;

/// Measures a paragraph's shape in one pass over its words, without allocating.
pub fn shape(text: &str) -> Shape {
    let mut s = Shape {
        ends_sentence: ends_sentence(text),
        ends_separator: text
            .trim_end()
            .ends_with(['|', ':', '»', '›', '>', '/', '–', '—']),
        all_ui: true,
        ..Shape::default()
    };
    let mut caps = 0usize;
    let mut counted = 0usize;
    for word in words(text) {
        let ascii = word.is_ascii();
        let weight = if ascii { 1 } else { word_weight(word) };
        s.words += weight;
        // A paragraph that ends like a sentence and has lowercase words is prose once it
        // passes eight words, whatever follows; every rule compares longer paragraphs
        // with 40 words or less. Stop measuring as soon as the answer cannot change, so
        // `words` is exact only up to these thresholds.
        if s.words > 8 && s.lower_words >= 2 && s.ends_sentence
            || s.words > MAX_MEASURED_WORDS && s.lower_words >= 2
        {
            break;
        }
        // The word without the punctuation around it.
        let core = if ascii {
            let bytes = word.as_bytes();
            let Some(start) = bytes.iter().position(u8::is_ascii_alphanumeric) else {
                continue;
            };
            let end = bytes
                .iter()
                .rposition(u8::is_ascii_alphanumeric)
                .map_or(bytes.len(), |e| e + 1);
            &bytes[start..end]
        } else {
            word.trim_matches(|c: char| !c.is_alphanumeric()).as_bytes()
        };
        let first = match core.first() {
            Some(&b) if b < 0x80 => char::from(b),
            Some(_) => match std::str::from_utf8(core)
                .ok()
                .and_then(|c| c.chars().next())
            {
                Some(c) => c,
                None => continue,
            },
            None => continue,
        };
        let key = word_key(core);
        let flags = key.map_or(0, flags_of);
        // Interface words matter only on short lines (see `is_ui`).
        if s.words <= 8 {
            match key {
                Some(_) => {
                    s.all_ui &= flags & UI != 0;
                    s.list_word |= flags & LIST != 0;
                }
                None => s.all_ui = false,
            }
        }
        if !first.is_alphabetic() {
            continue;
        }
        s.alpha_words += weight;
        if flags & SMALL != 0 {
            continue;
        }
        counted += weight;
        if first.is_uppercase() {
            caps += 1;
        } else {
            // Caseless scripts count as lowercase: their words are prose, not titles.
            s.lower_words += weight;
        }
    }
    if s.words == 0 || s.words > 8 {
        s.all_ui = false;
    }
    s.capital_ratio = if counted == 0 {
        0.0
    } else {
        caps as f32 / counted as f32
    };
    s
}

/// Lowercased content words of `text` (four letters or more, not function words).
pub fn content_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && w.chars().any(|c| c.is_alphabetic()))
        .map(|w| w.to_lowercase())
        .filter(|w| flags_of_lower(w) & STOP == 0)
}

/// The content words of `text` (as [`content_words`] finds them), each as a key of its
/// lowercased form, enough to compare vocabularies without allocating a string per word:
/// an ASCII word of up to 16 bytes is packed into the key exactly (see [`word_key`]); a
/// longer or non-ASCII word is a 64-bit hash of its lowercased form with the top bit of
/// the key set, which no packed ASCII word has.
pub fn content_word_keys(text: &str) -> impl Iterator<Item = u128> + '_ {
    alnum_runs(text).filter_map(|w| {
        if w.is_ascii() {
            if w.len() < 4 || !w.bytes().any(|b| b.is_ascii_alphabetic()) {
                return None;
            }
            if let Some(key) = word_key(w.as_bytes()) {
                // Stop words have four to seven letters.
                if w.len() <= 7 && flags_of(key) & STOP != 0 {
                    return None;
                }
                return Some(key);
            }
            return Some(hashed_key(w.to_ascii_lowercase().as_bytes()));
        }
        if w.chars().count() < 4 || !w.chars().any(|c| c.is_alphabetic()) {
            return None;
        }
        let lower = w.to_lowercase();
        (flags_of_lower(&lower) & STOP == 0).then(|| hashed_key(lower.as_bytes()))
    })
}

/// Keys of the words of `text` that can match a content word of another text: every
/// alphanumeric run of four bytes or more, keyed as [`content_word_keys`] keys it. The
/// runs that are not content words (stop words, numbers, short non-ASCII words) can
/// never equal a content word's key, so a vocabulary built from these answers "is this
/// content word in it" exactly as one built from content words would, without the
/// filtering.
pub fn vocabulary_keys(text: &str) -> impl Iterator<Item = u128> + '_ {
    alnum_runs(text).filter(|w| w.len() >= 4).map(|w| {
        if let Some(key) = word_key(w.as_bytes()) {
            return key;
        }
        if w.is_ascii() {
            hashed_key(w.to_ascii_lowercase().as_bytes())
        } else {
            hashed_key(w.to_lowercase().as_bytes())
        }
    })
}

/// The key of a word that does not pack: its hash, marked by the top bit.
fn hashed_key(lower: &[u8]) -> u128 {
    (1u128 << 127) | u128::from(xxhash_rust::xxh3::xxh3_64(lower))
}

/// Whitespace-collapsed, lowercased text, for comparing paragraphs, written into a
/// reused buffer.
pub fn normalise_into(text: &str, out: &mut String) {
    out.clear();
    for word in words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            let start = out.len();
            out.push_str(word);
            out[start..].make_ascii_lowercase();
        } else {
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_paragraphs_unless_hard_wrapped() {
        let text = "Headline Here\n\nFirst paragraph is here.\nSecond one.\n";
        let paras = paragraphs(text);
        assert_eq!(paras.len(), 3);
        assert_eq!(paras[1].text, "First paragraph is here.");
        let wrapped = "The minister said on Tuesday that the talks would resume\nnext week in the capital, after a pause of several months\nof fruitless negotiation.\n\nNext.";
        let paras = paragraphs(wrapped);
        assert_eq!(paras.len(), 2);
        assert!(paras[0].text.starts_with("The minister"));
        assert!(paras[0].text.ends_with("negotiation."));
        assert_eq!(paras[0].line_count, 3);
        let lines: Vec<_> = paras[0].lines(wrapped).collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[1].slice(wrapped),
            Some("next week in the capital, after a pause of several months")
        );
    }

    #[test]
    fn headline_lists_are_not_wrapped_prose() {
        let text = "Related News |\nAnother Batch Of Troops Will Head East: Report\nMinister Says Talks Collapse";
        assert_eq!(paragraphs(text).len(), 3);
    }

    #[test]
    fn unspaced_scripts_are_measured_by_characters() {
        let ja = shape("報道によると、今回販売されたのは、いわゆる改造したスマートフォンです。");
        assert!(ja.ends_sentence);
        assert!(ja.words > 8, "{ja:?}");
        assert!(ja.is_prose());
        assert_eq!(word_weight("ニュース"), 2);
        assert_eq!(word_weight("naïve"), 1);
    }

    #[test]
    fn the_word_table_answers_as_the_lists_do() {
        for (list, flag) in [
            (SMALL_WORDS, SMALL),
            (STOP_WORDS, STOP),
            (UI_WORDS, UI),
            (LIST_WORDS, LIST),
        ] {
            for word in list {
                assert_ne!(flags_of_lower(word) & flag, 0, "{word}");
                let upper = word.to_ascii_uppercase();
                assert_ne!(flags_of(word_key(upper.as_bytes()).unwrap()) & flag, 0);
            }
        }
        assert_eq!(flags_of_lower("harbour"), 0);
        assert_eq!(flags_of_lower("th"), 0);
        assert_eq!(flags_of_lower("advertisements"), 0);
        assert_eq!(word_key("é".as_bytes()), None);
        assert_eq!(word_key(b"seventeen-letters"), None);
        // A word in two lists carries both flags.
        assert_eq!(
            flags_of_lower("more") & (UI | LIST | STOP),
            UI | LIST | STOP
        );
    }

    #[test]
    fn content_word_keys_match_content_words() {
        let text = "The Ministry’s “spokeswoman” said 2024 figures were ÉNORMES, naïve, über-clear; a counterintelligence-operation";
        let expected: Vec<String> = content_words(text).collect();
        let keys: Vec<u128> = content_word_keys(text).collect();
        assert_eq!(keys.len(), expected.len(), "{expected:?}");
        for (key, word) in keys.iter().zip(&expected) {
            let again: Vec<u128> = content_word_keys(word).collect();
            assert_eq!(again, vec![*key], "{word}");
        }
        // Every content word's key is among the vocabulary keys of the same text.
        let vocab: Vec<u128> = vocabulary_keys(text).collect();
        assert!(keys.iter().all(|k| vocab.contains(k)));
        // Case does not change a key, and different words have different keys.
        assert_eq!(
            content_word_keys("HARBOUR").collect::<Vec<_>>(),
            content_word_keys("harbour").collect::<Vec<_>>()
        );
        assert_ne!(
            content_word_keys("harbour").collect::<Vec<_>>(),
            content_word_keys("harbours").collect::<Vec<_>>()
        );
    }

    #[test]
    fn words_split_on_unicode_white_space() {
        let text = "a\u{a0}b\u{3000}c\u{2009}d\u{85}e\u{1680}f\u{205f}g\x0bh — i\u{200b}j";
        assert_eq!(
            words(text).collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" \n\t ").count(), 0);
    }

    proptest::proptest! {
        #[test]
        fn words_are_split_whitespace(text in "[a-c \t\n\u{a0}\u{85}\u{2000}-\u{200b}\u{3000}\u{1680}é€—’]{0,40}") {
            proptest::prop_assert_eq!(
                words(&text).collect::<Vec<_>>(),
                text.split_whitespace().collect::<Vec<_>>()
            );
        }

        #[test]
        fn alnum_runs_are_the_alphanumeric_pieces(text in "\\PC{0,40}") {
            let expected: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            proptest::prop_assert_eq!(alnum_runs(&text).collect::<Vec<_>>(), expected);
        }

        #[test]
        fn words_match_on_any_text(text in "\\PC{0,60}") {
            proptest::prop_assert_eq!(
                words(&text).collect::<Vec<_>>(),
                text.split_whitespace().collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn shapes() {
        assert!(shape("The army said on Sunday that it moved troops.").is_prose());
        assert!(!shape("Comments are closed.").is_prose());
        assert!(shape("Comments are closed.").is_ui());
        assert!(shape("You may also like").is_ui());
        assert!(shape("Related News |").is_ui());
        assert!(shape("Latest Headlines").is_ui());
        assert!(!shape("Troops Move East").is_ui());
        assert!(shape("Another Batch Of Troops Will Head To The Front: Report").is_title_case());
        assert!(!shape("Troops moved east on Sunday, officials said.").is_title_case());
        assert!(ends_sentence("He said “no.”"));
        assert!(!ends_sentence("Latest Headlines"));
    }
}
