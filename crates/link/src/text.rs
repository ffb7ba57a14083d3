//! Words, terms and sentences as the link stage reads them: one linear pass over a body
//! that yields lowercased, lightly stemmed content terms with their byte spans, plus a
//! small date reader for `Document::published`.
//!
//! It deliberately knows no language beyond English function words and plural endings:
//! the stages that compare documents need terms that match across outlets, not a
//! linguistic analysis. Sentence splitting here is a fallback for documents without
//! claims; the extract stage's segmenter is the reference.

use model::{Document, Span};

/// English function words and the most common auxiliaries: they carry no topic, so they
/// are left out of term vectors and of sentence comparison. Reporting verbs and other
/// common content words are kept; inverse document frequency weighs them down.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "may",
    "might",
    "must",
    "shall",
    "upon",
    "via",
    "per",
    "yet",
    "since",
    "among",
    "amid",
    "within",
    "without",
    "across",
    "around",
    "toward",
    "towards",
    "onto",
    "s",
    "t",
    "mr",
    "mrs",
    "ms",
    "said",
    "says",
    "say",
    "told",
    "according",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "one",
    "two",
    "three",
    "new",
    "year",
    "years",
    "week",
    "day",
    "days",
    "time",
    "like",
    "many",
    "much",
    "even",
    "still",
    "well",
    "back",
    "however",
    "although",
    "though",
    "meanwhile",
    "nobody",
    "nothing",
    "anyone",
    "everyone",
];

/// True for words that carry no topic.
pub fn is_stopword(word: &str) -> bool {
    use std::collections::HashSet;
    use std::sync::OnceLock;
    static SET: OnceLock<HashSet<&'static str, foldhash::fast::FixedState>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut set = HashSet::with_hasher(foldhash::fast::FixedState::with_seed(0));
        set.extend(STOPWORDS.iter().copied());
        set
    })
    .contains(word)
}

/// One word of a text: its byte span, whether it looks like a name or a number (a
/// capitalised word not opening a sentence, or a word with digits), and whether a
/// sentence ends right after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub span: Span,
    pub named: bool,
    pub ends_sentence: bool,
}

/// Splits `text` into words in one pass. A word is a run of alphanumeric characters; a
/// `.` or `,` between two digits stays inside it (`5.6`, `1,200`), and so does an
/// apostrophe between letters (`don't`), so that numbers and contractions are one term.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut sentence_start = true;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let inside = start.is_some()
            && match c {
                '.' | ',' => {
                    i > 0
                        && bytes[i - 1].is_ascii_digit()
                        && next.is_some_and(|n| n.is_ascii_digit())
                }
                '\'' | '\u{2019}' => {
                    next.is_some_and(|n| n.is_alphabetic())
                        && text[..i]
                            .chars()
                            .next_back()
                            .is_some_and(char::is_alphabetic)
                }
                _ => false,
            };
        if c.is_alphanumeric() || inside {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start.take() {
            push_word(text, s, i, &mut sentence_start, &mut out);
        }
        if matches!(c, '.' | '!' | '?' | '\n') {
            if let Some(last) = out.last_mut() {
                last.ends_sentence = true;
            }
            sentence_start = true;
        }
    }
    if let Some(s) = start {
        push_word(text, s, text.len(), &mut sentence_start, &mut out);
    }
    out
}

fn push_word(text: &str, s: usize, e: usize, sentence_start: &mut bool, out: &mut Vec<Word>) {
    let w = &text[s..e];
    let first_upper = w.chars().next().is_some_and(char::is_uppercase);
    let digits = w.bytes().any(|b| b.is_ascii_digit());
    out.push(Word {
        span: Span::new(s, e),
        named: digits || (first_upper && !*sentence_start),
        ends_sentence: false,
    });
    *sentence_start = false;
}

/// The comparable form of a word: lowercased, a trailing possessive dropped and a plural
/// ending reduced, so that "troops", "Troops" and "troop's" meet. `None` for stopwords
/// and for words too short or too common in form to say anything (single letters, one-
/// and two-digit numbers).
pub fn term(word: &str) -> Option<String> {
    let mut t = String::new();
    term_into(word, &mut t).then_some(t)
}

/// The hash of [`term`] of `word`, computed in a buffer reused across calls on this
/// thread: counting terms runs over every word of the corpus, twice.
pub fn term_hash(word: &str) -> Option<u64> {
    thread_local! {
        static BUF: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    BUF.with_borrow_mut(|t| term_into(word, t).then(|| xxhash_rust::xxh3::xxh3_64(t.as_bytes())))
}

/// Writes the comparable form of `word` (see [`term`]) into `t`; false when it has none.
fn term_into(word: &str, t: &mut String) -> bool {
    t.clear();
    if word.is_ascii() {
        t.push_str(word);
        t.make_ascii_lowercase();
    } else {
        // `str::to_lowercase`, not per character: it knows the word-final sigma.
        t.push_str(&word.to_lowercase());
    }
    for suffix in ["'s", "\u{2019}s"] {
        if t.ends_with(suffix) {
            t.truncate(t.len() - suffix.len());
        }
    }
    let digits = t.bytes().filter(u8::is_ascii_digit).count();
    if digits > 0 {
        // Small bare numbers ("2 people", "the 3rd") recur in every story.
        return !(digits == t.len() && t.len() < 3);
    }
    if t.chars().count() < 2 || is_stopword(t) {
        return false;
    }
    let n = t.len();
    if n > 4 && t.ends_with("ies") {
        t.truncate(n - 3);
        t.push('y');
    } else if n > 3
        && t.ends_with('s')
        && !t.ends_with("ss")
        && !t.ends_with("us")
        && !t.ends_with("is")
    {
        t.truncate(n - 1);
    }
    !is_stopword(t)
}

/// Sentence spans of `body` when no claims give them: a sentence ends after `.`, `!` or
/// `?` followed by white space, or at a line break. Spans are trimmed and non-empty.
pub fn sentences(body: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let bytes = body.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let end = if b == b'\n' {
            Some(i)
        } else if matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace())
        {
            Some(i + 1)
        } else {
            None
        };
        if let Some(e) = end {
            push_trimmed(body, start, e, &mut out);
            start = e;
        }
        i += 1;
    }
    push_trimmed(body, start, body.len(), &mut out);
    out
}

fn push_trimmed(body: &str, s: usize, e: usize, out: &mut Vec<Span>) {
    let slice = &body[s..e];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(Span::new(s + lead, e - trail));
    }
}

/// The document's date as a day number (days since 1970-01-01): its publication date,
/// else the start of its inferred publication range.
pub fn day(doc: &Document) -> Option<i64> {
    doc.published.as_deref().and_then(parse_day).or_else(|| {
        doc.published_range
            .as_ref()
            .and_then(|[from, _]| parse_day(from))
    })
}

/// Reads the `YYYY-MM-DD` prefix of an ISO 8601 value as a day number.
pub fn parse_day(s: &str) -> Option<i64> {
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: i64 = s.get(5..7)?.parse().ok()?;
    let d: i64 = s.get(8..10)?.parse().ok()?;
    if s.as_bytes().get(4) != Some(&b'-') || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm), proleptic Gregorian.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_numbers_and_mark_names() {
        let text = "The quake hit Port Alder at 5.6 magnitude. Officials said 1,200 fled.";
        let ws = words(text);
        let shown: Vec<&str> = ws.iter().map(|w| &text[w.span.start..w.span.end]).collect();
        assert_eq!(
            shown,
            [
                "The",
                "quake",
                "hit",
                "Port",
                "Alder",
                "at",
                "5.6",
                "magnitude",
                "Officials",
                "said",
                "1,200",
                "fled"
            ]
        );
        let named: Vec<bool> = ws.iter().map(|w| w.named).collect();
        // "The" and "Officials" open sentences, so they are not names.
        assert_eq!(
            named,
            [
                false, false, false, true, true, false, true, false, false, false, true, false
            ]
        );
        assert!(ws[7].ends_sentence);
    }

    #[test]
    fn terms_are_lowercased_stemmed_and_filtered() {
        assert_eq!(term("Troops").as_deref(), Some("troop"));
        assert_eq!(term("troop's").as_deref(), Some("troop"));
        assert_eq!(term("casualties").as_deref(), Some("casualty"));
        assert_eq!(term("crisis").as_deref(), Some("crisis"));
        assert_eq!(term("the"), None);
        assert_eq!(term("12"), None);
        assert_eq!(term("2008").as_deref(), Some("2008"));
        assert_eq!(term("x"), None);
    }

    #[test]
    fn sentences_split_on_stops_and_lines() {
        let body = "First one. Second one!\nThird line\n\n  Fourth?";
        let got: Vec<&str> = sentences(body)
            .iter()
            .map(|s| &body[s.start..s.end])
            .collect();
        assert_eq!(got, ["First one.", "Second one!", "Third line", "Fourth?"]);
    }

    #[test]
    fn days_count_from_the_epoch() {
        assert_eq!(parse_day("1970-01-01"), Some(0));
        assert_eq!(parse_day("2024-10-28T05:06"), Some(20_024));
        assert_eq!(
            parse_day("2024-03-01")
                .zip(parse_day("2024-02-28"))
                .map(|(a, b)| a - b),
            Some(2)
        );
        assert_eq!(parse_day("2024-13-01"), None);
        assert_eq!(parse_day("garbage"), None);
    }

    #[test]
    fn odd_text_does_not_panic() {
        for t in [
            "",
            "'",
            "5.",
            ".5",
            "a'",
            "é'é",
            "1,",
            "\u{2019}s",
            "ÀÉ.\n.",
        ] {
            let _ = words(t);
            let _ = sentences(t);
        }
    }
}
