//! Sentence segmentation for news text.
//!
//! [`sentences`] splits a cleaned article body into sentences and returns byte ranges into
//! the body, each trimmed of surrounding whitespace. A line break always ends a sentence, so
//! a headline or a paragraph without final punctuation is a sentence of its own. Inside a
//! line, a sentence ends at `.`, `?`, `!` or an ellipsis, together with any closing quotes
//! and brackets that follow, when the next word looks like the start of a new sentence.
//! Abbreviations, initials, decimal numbers and quoted speech are told apart by a few local
//! heuristics that look at the word before the mark and the word after it.
//!
//! It works in one linear pass over the bytes, with no regex and no allocation beyond the
//! returned vector, because it runs over every document of a corpus.
//!
//! It deliberately does not model language: there is no trained model, no part-of-speech
//! tagging and no knowledge of names, so a sentence that ends in an abbreviation and is
//! followed by a proper noun ("... in the U.S. Washington said") stays joined to the next
//! one. It does not repair or normalise the text, and it treats every line break as a
//! boundary even where the cleaner left a line wrapped mid-sentence.

use std::ops::Range;

/// The longest word, in bytes, that is looked at before a full stop. Longer words are never
/// abbreviations, and the bound keeps the backward look constant-time on hostile input.
const MAX_PREV_WORD: usize = 32;

/// The longest word, in bytes, that is looked at after a mark. Longer words are never
/// sentence starters from the list.
const MAX_NEXT_WORD: usize = 16;

/// Splits `text` into sentences, returning byte ranges that cover each sentence without
/// its surrounding whitespace.
///
/// The ranges are in order, never overlap, never are empty, lie on char boundaries and never
/// contain a line break; every non-whitespace char of `text` lies in exactly one of them.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    // News sentences average well over 80 bytes, so this rarely reallocates.
    let mut scan = Scan {
        text,
        out: Vec::with_capacity(text.len() / 80 + 1),
        start: 0,
        in_quote: false,
        alnum_checked: 0,
        has_alnum: false,
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    // Only ASCII punctuation and the lead byte 0xE2 (of `…`, `“`, `”`, U+2028 and U+2029)
    // can matter, so every other byte is stepped over without decoding it. Continuation
    // bytes never equal any byte matched here, so stepping one byte at a time is safe.
    while i < bytes.len() {
        match bytes[i] {
            b'\n' | b'\r' => {
                scan.line_break(i, i + 1);
                i += 1;
            }
            b'"' => {
                // A straight double quote cannot say whether it opens or closes, so the
                // state simply flips; it only gates ellipsis splits, where a wrong guess
                // costs little.
                scan.in_quote = !scan.in_quote;
                i += 1;
            }
            b'.' | b'?' | b'!' => i = scan.terminal(i),
            0xE2 => match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(0x80), Some(0xA6)) => i = scan.terminal(i),
                (Some(0x80), Some(0x9C)) => {
                    scan.in_quote = true;
                    i += 3;
                }
                (Some(0x80), Some(0x9D)) => {
                    scan.in_quote = false;
                    i += 3;
                }
                (Some(0x80), Some(0xA8 | 0xA9)) => {
                    scan.line_break(i, i + 3);
                    i += 3;
                }
                _ => i += 1,
            },
            _ => {
                // Most bytes are none of the above: step over a run of them in a tight loop.
                i += 1;
                while i < bytes.len() && !SPECIAL[usize::from(bytes[i])] {
                    i += 1;
                }
            }
        }
    }
    scan.push(text.len());
    scan.out
}

/// The bytes the pass in [`sentences`] acts on: line breaks, the straight double quote,
/// sentence punctuation and the lead byte 0xE2 of the typographic characters it reads.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let bytes = b"\n\r\".?!\xE2";
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

/// The state of the single pass over one text.
struct Scan<'a> {
    text: &'a str,
    out: Vec<Range<usize>>,
    /// Where the current sentence starts (before trimming).
    start: usize,
    /// Whether a double quotation is open on the current line.
    in_quote: bool,
    /// How far the current sentence has been searched for a letter or digit, so that the
    /// search never revisits bytes and the pass stays linear.
    alnum_checked: usize,
    has_alnum: bool,
}

/// What kind of mark ends a candidate sentence.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// A single full stop, the only ambiguous case.
    Stop,
    /// `...`, `…` or a longer run of stops.
    Ellipsis,
    /// A run holding `?` or `!`.
    Strong,
}

/// The word before a full stop, as far as splitting cares.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Prev {
    /// An ordinary word, number or nothing at all: the stop ends the sentence.
    Word,
    /// A title or a word that always leads into more text ("Mr.", "Gen.", "vs.", "e.g.").
    Title,
    /// A month abbreviation: never split before a day number.
    Month,
    /// An abbreviation that mostly sits mid-sentence ("Inc.", "St.", "etc.").
    Abbrev,
    /// An abbreviation used before numbers ("No. 5", "p. 12"); otherwise a plain word.
    Numbered,
    /// Letters joined by stops ("U.S.", "J.R.R.", "a.m.").
    Initialism,
    /// A single capital letter, as in "John F. Kennedy".
    Initial,
}

/// The start of the text after a mark and its whitespace.
struct Next<'a> {
    /// The first char after any opening quotes and brackets.
    first: char,
    /// Whether an opening quote was skipped to reach `first`.
    quoted: bool,
    /// The letters starting at `first`, empty when there are none or too many.
    word: &'a str,
    /// Whether `word` is directly followed by a full stop, as an initial is.
    word_dotted: bool,
}

impl Scan<'_> {
    /// Ends the current sentence at a line break occupying `at..after`.
    fn line_break(&mut self, at: usize, after: usize) {
        self.push(at);
        self.start = after;
        self.alnum_checked = after;
        self.has_alnum = false;
        self.in_quote = false;
    }

    /// Records the current sentence as ending at `end`, trimmed, unless it is blank.
    fn push(&mut self, end: usize) {
        let raw = &self.text[self.start..end];
        let head = raw.trim_start();
        let body = head.trim_end();
        if !body.is_empty() {
            let from = self.start + (raw.len() - head.len());
            self.out.push(from..from + body.len());
        }
    }

    /// Whether the current sentence holds a letter or digit before `upto`, which keeps a
    /// lone run of punctuation from becoming a sentence of its own.
    fn has_alnum_before(&mut self, upto: usize) -> bool {
        if !self.has_alnum && upto > self.alnum_checked {
            self.has_alnum = self.text[self.alnum_checked..upto]
                .chars()
                .any(char::is_alphanumeric);
            self.alnum_checked = upto;
        }
        self.has_alnum
    }

    /// Handles the run of terminal punctuation starting at `i`, splitting after it when it
    /// ends a sentence, and returns where the main loop resumes. The loop resumes right
    /// after the run, not after the closers, so that closing quotes still update the quote
    /// state.
    fn terminal(&mut self, i: usize) -> usize {
        let text = self.text;
        let mut run_end = i;
        let mut stops = 0usize;
        let mut mark = Mark::Stop;
        for c in text[i..].chars() {
            match c {
                '.' => stops += 1,
                '?' | '!' => mark = Mark::Strong,
                '…' => stops += 2,
                _ => break,
            }
            run_end += c.len_utf8();
        }
        if mark != Mark::Strong && stops > 1 {
            mark = Mark::Ellipsis;
        }

        let mut close_end = run_end;
        let mut closed = false;
        let mut closed_quote = false;
        for c in text[run_end..].chars() {
            if !is_closer(c) {
                break;
            }
            closed = true;
            closed_quote |= matches!(c, '"' | '”' | '»');
            close_end += c.len_utf8();
        }

        // A mark must be followed by a space to end a sentence: this is what keeps "3.14",
        // "v1.2" and "example.com" whole. At a line break or the end of the text there is
        // nothing to decide, because the break ends the sentence anyway.
        let Some(next) = next_after(text, close_end) else {
            return run_end;
        };
        if next.first.is_lowercase() || matches!(next.first, ',' | ';' | ':' | '%') {
            return run_end;
        }
        let split = match mark {
            Mark::Strong => true,
            // Inside a quotation an ellipsis usually marks words left out of the quote, so
            // it only ends a sentence when the quotation closes right after it.
            Mark::Ellipsis => next.first.is_uppercase() && (closed_quote || !self.in_quote),
            // A closing quote or bracket after the stop settles it: abbreviations do not
            // end quotations.
            Mark::Stop if closed => true,
            Mark::Stop => match classify_prev(text, self.start, i) {
                Prev::Word => true,
                Prev::Title => false,
                Prev::Numbered => !next.first.is_ascii_digit(),
                Prev::Month | Prev::Abbrev => {
                    !next.first.is_ascii_digit() && starts_sentence(&next)
                }
                Prev::Initialism | Prev::Initial => starts_sentence(&next),
            },
        };
        if split && self.has_alnum_before(i) {
            self.push(close_end);
            self.start = close_end;
            self.alnum_checked = close_end;
            self.has_alnum = false;
        }
        run_end
    }
}

/// Reads what follows a mark ending at `at`: there must be whitespace, then a word on the
/// same line. Returns `None` when the mark cannot end a sentence here or need not.
fn next_after(text: &str, at: usize) -> Option<Next<'_>> {
    let rest = &text[at..];
    let mut chars = rest.char_indices();
    let mut quoted = false;
    let mut seen_space = false;
    let (first_at, first) = loop {
        let (off, c) = chars.next()?;
        if is_break(c) {
            return None;
        }
        if c.is_whitespace() {
            seen_space = true;
            continue;
        }
        if !seen_space {
            return None;
        }
        if is_opener(c) {
            quoted |= !matches!(c, '(' | '[' | '{');
            continue;
        }
        break (off, c);
    };
    let tail = &rest[first_at..];
    let word_len = tail
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(tail.len(), |(off, _)| off);
    let (word, word_dotted) = if word_len <= MAX_NEXT_WORD {
        (&tail[..word_len], tail[word_len..].starts_with('.'))
    } else {
        ("", false)
    };
    Some(Next {
        first,
        quoted,
        word,
        word_dotted,
    })
}

/// Classifies the word that ends right before the full stop at `stop`, looking no further
/// back than the sentence start `start`.
fn classify_prev(text: &str, start: usize, stop: usize) -> Prev {
    let mut lo = stop.saturating_sub(MAX_PREV_WORD).max(start);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let window = &text[lo..stop];
    let word = match window
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
    {
        Some((off, c)) => &window[off + c.len_utf8()..],
        // A word longer than the window is no abbreviation.
        None if lo > start => return Prev::Word,
        None => window,
    };
    let word = word
        .trim_start_matches(is_opener)
        .trim_end_matches(is_closer);
    if word.is_empty() {
        return Prev::Word;
    }
    // A single capital is an initial even when its lowercase form is listed: "P. J. Hill"
    // is a name, while "p. 12" is a page.
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return Prev::Initial;
    }
    if word.is_ascii() {
        let mut buf = [0u8; MAX_PREV_WORD];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        // The bytes are ASCII letters and punctuation copied from a `&str`, so they are
        // valid UTF-8; the fallback is never taken.
        let lower = std::str::from_utf8(lower).unwrap_or("");
        if let Some(kind) = abbreviation(lower) {
            return kind;
        }
    }
    if word.contains('.') && word.split('.').all(is_one_letter) {
        return Prev::Initialism;
    }
    // An amount cut by a stray space ("$2. 6 million", common in tokenised corpora) must
    // not split before its decimals, while "$2. The" still ends a sentence.
    let digits = word.trim_start_matches(['$', '£', '€', '¥']);
    if digits.len() < word.len() && digits.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return Prev::Numbered;
    }
    Prev::Word
}

fn is_one_letter(part: &str) -> bool {
    let mut chars = part.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

/// Looks up a lowercase word (without its final stop) in the list of known abbreviations.
fn abbreviation(lower: &str) -> Option<Prev> {
    let kind = match lower {
        // Titles, ranks and words that are always followed by more of the same sentence.
        "mr" | "mrs" | "ms" | "mx" | "messrs" | "mme" | "mlle" | "dr" | "prof" | "gen" | "gens"
        | "lt" | "col" | "maj" | "sgt" | "cpl" | "pvt" | "capt" | "cmdr" | "cdr" | "adm"
        | "brig" | "gov" | "govs" | "sen" | "sens" | "rep" | "reps" | "pres" | "supt" | "det"
        | "insp" | "const" | "rev" | "fr" | "msgr" | "hon" | "atty" | "amb" | "vs" | "v" | "cf" | "viz"
        | "e.g" | "i.e" => Prev::Title,
        "jan" | "feb" | "mar" | "apr" | "jun" | "jul" | "aug" | "sep" | "sept" | "oct"
        | "nov" | "dec" => Prev::Month,
        "no" | "nos" | "p" | "pp" | "fig" | "figs" | "vol" | "vols" | "ch" | "ca" => {
            Prev::Numbered
        }
        "inc" | "corp" | "co" | "cos" | "ltd" | "llc" | "plc" | "bros" | "assn" | "dept"
        | "univ" | "jr" | "sr" | "st" | "ste" | "mt" | "ft" | "ave" | "blvd" | "rd" | "hwy"
        | "etc" | "al" | "approx" | "est" | "ed" | "eds" | "ph.d" | "govt" | "natl" | "intl"
        // AP-style state abbreviations, common in datelines. Ones that are also everyday
        // words ("Ill.", "Mass.", "Miss.", "Wash.") are left out on purpose.
        | "ala" | "ariz" | "ark" | "calif" | "colo" | "conn" | "fla" | "ga" | "kan" | "ky"
        | "la" | "md" | "mich" | "minn" | "mont" | "neb" | "nev" | "okla" | "ore" | "pa"
        | "tenn" | "tex" | "va" | "vt" | "wis" | "wyo" => Prev::Abbrev,
        _ => return None,
    };
    Some(kind)
}

/// Whether the text after an abbreviation clearly starts a new sentence: a common
/// sentence-opening word, or an opening quote followed by a capital.
fn starts_sentence(next: &Next<'_>) -> bool {
    if next.quoted && next.first.is_uppercase() {
        return true;
    }
    // "A" or "I" followed by a stop is an initial ("J. A. Smith"), not a starter.
    if next.word_dotted || next.word.is_empty() || !next.word.is_ascii() {
        return false;
    }
    let mut buf = [0u8; MAX_NEXT_WORD];
    let lower = &mut buf[..next.word.len()];
    lower.copy_from_slice(next.word.as_bytes());
    lower.make_ascii_lowercase();
    is_starter(lower)
}

/// Common words that open English news sentences and are rarely part of a name.
fn is_starter(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"a" | b"about"
            | b"according"
            | b"after"
            | b"again"
            | b"all"
            | b"also"
            | b"although"
            | b"among"
            | b"an"
            | b"and"
            | b"another"
            | b"any"
            | b"as"
            | b"at"
            | b"because"
            | b"before"
            | b"both"
            | b"but"
            | b"by"
            | b"despite"
            | b"during"
            | b"each"
            | b"earlier"
            | b"even"
            | b"every"
            | b"for"
            | b"from"
            | b"he"
            | b"her"
            | b"here"
            | b"his"
            | b"how"
            | b"however"
            | b"i"
            | b"if"
            | b"in"
            | b"instead"
            | b"it"
            | b"its"
            | b"last"
            | b"later"
            | b"many"
            | b"meanwhile"
            | b"more"
            | b"most"
            | b"my"
            | b"no"
            | b"not"
            | b"now"
            | b"of"
            | b"on"
            | b"once"
            | b"one"
            | b"only"
            | b"or"
            | b"our"
            | b"over"
            | b"several"
            | b"she"
            | b"since"
            | b"so"
            | b"some"
            | b"still"
            | b"such"
            | b"that"
            | b"the"
            | b"their"
            | b"then"
            | b"there"
            | b"these"
            | b"they"
            | b"this"
            | b"those"
            | b"though"
            | b"to"
            | b"today"
            | b"under"
            | b"until"
            | b"we"
            | b"what"
            | b"when"
            | b"where"
            | b"while"
            | b"who"
            | b"why"
            | b"with"
            | b"yesterday"
            | b"yet"
            | b"you"
    )
}

/// Line and paragraph separators: a sentence never crosses one.
fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Chars that may close a sentence after its final mark and stay with it.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '’' | '”' | '»' | ')' | ']' | '}')
}

/// Chars that may open a sentence before its first word.
fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '‘' | '“' | '«' | '(' | '[' | '{')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Returns the sentences of `text` as slices, after checking the invariants.
    fn split(text: &str) -> Vec<&str> {
        let ranges = sentences(text);
        check_invariants(text, &ranges);
        ranges.into_iter().map(|r| &text[r]).collect()
    }

    fn check_invariants(text: &str, ranges: &[Range<usize>]) {
        let mut prev_end = 0;
        for r in ranges {
            assert!(r.start < r.end, "empty range {r:?}");
            assert!(r.start >= prev_end, "unordered or overlapping {r:?}");
            assert!(r.end <= text.len(), "out of bounds {r:?}");
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            let s = &text[r.clone()];
            assert_eq!(s, s.trim(), "untrimmed {s:?}");
            assert!(!s.contains(is_break), "crosses a line break: {s:?}");
            // Everything between two sentences must be whitespace, or a char was lost.
            assert!(
                text[prev_end..r.start].trim().is_empty(),
                "lost text before {r:?}"
            );
            prev_end = r.end;
        }
        assert!(text[prev_end..].trim().is_empty(), "lost text at the end");
    }

    #[test]
    fn empty_and_blank_texts_have_no_sentences() {
        assert!(split("").is_empty());
        assert!(split(" \n\n\t ").is_empty());
    }

    #[test]
    fn simple_sentences_split() {
        assert_eq!(
            split("The army moved. It rained! Was it late? Yes."),
            ["The army moved.", "It rained!", "Was it late?", "Yes."]
        );
    }

    #[test]
    fn newlines_always_end_sentences() {
        assert_eq!(
            split("Troops cross border\n\nThe army moved in at dawn. It rained.\nNext line"),
            [
                "Troops cross border",
                "The army moved in at dawn.",
                "It rained.",
                "Next line"
            ]
        );
        assert_eq!(split("under Gen.\nMilley"), ["under Gen.", "Milley"]);
    }

    #[test]
    fn titles_never_split() {
        assert_eq!(
            split(
                "Mr. Smith met Dr. Jones and Gen. Mark Milley. Lt. Col. Ann Lee, Sgt. Ray and Adm. Ko came."
            ),
            [
                "Mr. Smith met Dr. Jones and Gen. Mark Milley.",
                "Lt. Col. Ann Lee, Sgt. Ray and Adm. Ko came."
            ]
        );
        assert_eq!(
            split("Gov. Ann Lee, Sen. Bo Ray, Rep. Al Di, Mrs. Wu, Ms. Li and Prof. Ng spoke."),
            ["Gov. Ann Lee, Sen. Bo Ray, Rep. Al Di, Mrs. Wu, Ms. Li and Prof. Ng spoke."]
        );
        assert_eq!(
            split("Police Const. Tim Fanning spoke. It was Smith vs. The People."),
            [
                "Police Const. Tim Fanning spoke.",
                "It was Smith vs. The People."
            ]
        );
    }

    #[test]
    fn months_do_not_split_before_a_day() {
        assert_eq!(
            split("The vote on Mar. 14 was close. He was born Oct. 5, 1990. He died on Sept. 3."),
            [
                "The vote on Mar. 14 was close.",
                "He was born Oct. 5, 1990.",
                "He died on Sept. 3."
            ]
        );
        assert_eq!(
            split("It began in Jan. The talks failed."),
            ["It began in Jan.", "The talks failed."]
        );
    }

    #[test]
    fn initialisms_split_only_before_a_sentence_start() {
        assert_eq!(
            split("He lived in the U.S. The next day he left."),
            ["He lived in the U.S.", "The next day he left."]
        );
        assert_eq!(
            split("The U.S. military and U.N. officials met U.K. envoys."),
            ["The U.S. military and U.N. officials met U.K. envoys."]
        );
        assert_eq!(
            split("U.S. President Joe Biden spoke at 9 a.m. The crowd listened."),
            [
                "U.S. President Joe Biden spoke at 9 a.m.",
                "The crowd listened."
            ]
        );
        assert_eq!(
            split("It came from the U.S. \"We are ready,\" he said."),
            ["It came from the U.S.", "\"We are ready,\" he said."]
        );
    }

    #[test]
    fn company_and_other_abbreviations() {
        assert_eq!(
            split("Apple Inc. Chief Tim Cook and Acme Corp. and Ford Motor Co. Ltd. met."),
            ["Apple Inc. Chief Tim Cook and Acme Corp. and Ford Motor Co. Ltd. met."]
        );
        assert_eq!(
            split("They sold tea, rice, etc. The shop closed."),
            ["They sold tea, rice, etc.", "The shop closed."]
        );
        assert_eq!(
            split(
                "It cost approx. 5 dollars, est. 1900 by St. Paul Jr. and John Sr. in Calif. today."
            ),
            ["It cost approx. 5 dollars, est. 1900 by St. Paul Jr. and John Sr. in Calif. today."]
        );
        assert_eq!(
            split("He lives on Main St. The fire started there."),
            ["He lives on Main St.", "The fire started there."]
        );
    }

    #[test]
    fn split_amounts_stay_whole() {
        assert_eq!(
            split("They took two million euros ($2. 6 million). It cost $2. The rest was free."),
            [
                "They took two million euros ($2. 6 million).",
                "It cost $2.",
                "The rest was free."
            ]
        );
    }

    #[test]
    fn numbered_abbreviations() {
        assert_eq!(
            split("He is ranked No. 5 in the world, see p. 12. The answer was no. Police left."),
            [
                "He is ranked No. 5 in the world, see p. 12.",
                "The answer was no.",
                "Police left."
            ]
        );
    }

    #[test]
    fn lowercase_after_a_stop_does_not_split() {
        assert_eq!(
            split("Use force, e.g. the army, i.e. troops. Then stop."),
            ["Use force, e.g. the army, i.e. troops.", "Then stop."]
        );
        assert_eq!(
            split("The device. which failed, was old."),
            ["The device. which failed, was old."]
        );
    }

    #[test]
    fn initials_do_not_split() {
        assert_eq!(
            split("John F. Kennedy read J.R.R. Tolkien. A. Smith said so. F. A. Hayek agreed."),
            [
                "John F. Kennedy read J.R.R. Tolkien.",
                "A. Smith said so.",
                "F. A. Hayek agreed."
            ]
        );
        assert_eq!(
            split("The team lost P. J. Hill and Lynell Hamilton."),
            ["The team lost P. J. Hill and Lynell Hamilton."]
        );
        assert_eq!(
            split("They chose Plan B. The rest failed."),
            ["They chose Plan B.", "The rest failed."]
        );
    }

    #[test]
    fn numbers_and_addresses_stay_whole() {
        assert_eq!(
            split(
                "It cost 2.5 billion, $1.5m or 3.14 in v1.2 per example.com today. See info@example.com now."
            ),
            [
                "It cost 2.5 billion, $1.5m or 3.14 in v1.2 per example.com today.",
                "See info@example.com now."
            ]
        );
        assert_eq!(
            split("Profits rose in 2020. 50 people lost jobs."),
            ["Profits rose in 2020.", "50 people lost jobs."]
        );
    }

    #[test]
    fn ellipses() {
        assert_eq!(
            split("They were stationed at bases… and are expected to stay."),
            ["They were stationed at bases… and are expected to stay."]
        );
        assert_eq!(
            split("We waited... Then nothing happened. We waited… Nothing came."),
            [
                "We waited...",
                "Then nothing happened.",
                "We waited…",
                "Nothing came."
            ]
        );
        assert_eq!(
            split("\"We waited… Then nothing happened,\" he said."),
            ["\"We waited… Then nothing happened,\" he said."]
        );
        assert_eq!(
            split("“We waited…” Then he left."),
            ["“We waited…”", "Then he left."]
        );
        assert_eq!(split("… and then he left."), ["… and then he left."]);
    }

    #[test]
    fn quotes() {
        assert_eq!(
            split("He said \"Go.\" Then he left."),
            ["He said \"Go.\"", "Then he left."]
        );
        assert_eq!(
            split("\"We will win,\" he said."),
            ["\"We will win,\" he said."]
        );
        assert_eq!(
            split(
                "\"Images are a serious thing,\" Putin said during a press conference. \"If there are images, then they reflect something.\""
            ),
            [
                "\"Images are a serious thing,\" Putin said during a press conference.",
                "\"If there are images, then they reflect something.\""
            ]
        );
        assert_eq!(
            split("“First thing. Second thing,” she said."),
            ["“First thing.", "Second thing,” she said."]
        );
        assert_eq!(
            split("He said ‘Go.’ Then he left. ‘Stay.’"),
            ["He said ‘Go.’", "Then he left.", "‘Stay.’"]
        );
        assert_eq!(
            split("\"Are you sure?\" she asked. \"Yes!\" He nodded."),
            ["\"Are you sure?\" she asked.", "\"Yes!\"", "He nodded."]
        );
    }

    #[test]
    fn question_and_exclamation_marks() {
        assert_eq!(
            split("Really?! He came. Why? Because! Ok -- fine — done."),
            [
                "Really?!",
                "He came.",
                "Why?",
                "Because!",
                "Ok -- fine — done."
            ]
        );
    }

    #[test]
    fn brackets_and_closers_stay_with_the_sentence() {
        assert_eq!(
            split("He stayed. (It was late.) Then he left."),
            ["He stayed.", "(It was late.)", "Then he left."]
        );
        assert_eq!(
            split("(He said “Go.”) Then he left (for good). Next."),
            ["(He said “Go.”)", "Then he left (for good).", "Next."]
        );
    }

    #[test]
    fn punctuation_alone_is_not_a_sentence() {
        assert_eq!(split("! ? ... Then he left."), ["! ? ... Then he left."]);
    }

    #[test]
    fn multibyte_text_and_unusual_spaces() {
        assert_eq!(
            split("Le général est arrivé.\u{a0}Élysée a réagi.\u{2029}Ça va"),
            ["Le général est arrivé.", "Élysée a réagi.", "Ça va"]
        );
    }

    /// Fragments that exercise every branch, for building adversarial texts.
    const FRAGMENTS: &[&str] = &[
        "U.S.",
        "Mr.",
        "Mar.",
        "No.",
        "e.g.",
        "etc.",
        "J.R.R.",
        "A.",
        "F",
        "The",
        "the",
        "He",
        "word",
        "3.14",
        "2020",
        "é",
        "日本",
        " ",
        "  ",
        "\u{a0}",
        "\n",
        "\n\n",
        "\r\n",
        "\u{2029}",
        ".",
        "..",
        "...",
        "…",
        "?",
        "!",
        "?!",
        ",",
        "\"",
        "'",
        "“",
        "”",
        "‘",
        "’",
        "(",
        ")",
        "[",
        "]",
        "«",
        "»",
        "—",
        "--",
        "$1.5m",
        "example.com",
    ];

    #[test]
    fn only_the_bytes_the_pass_reads_are_special() {
        let special: Vec<u8> = (0..=255u8).filter(|&b| SPECIAL[usize::from(b)]).collect();
        assert_eq!(special, b"\n\r!\".?\xE2");
    }

    proptest! {
        #[test]
        fn invariants_hold_on_arbitrary_strings(text in any::<String>()) {
            check_invariants(&text, &sentences(&text));
        }

        #[test]
        fn invariants_hold_on_punctuation_heavy_strings(
            text in "[ a-zA-Z0-9.?!…\"'“”‘’()\\[\\]«»,;:\n\r\u{a0}\u{2028}\u{2029}é日-]{0,80}"
        ) {
            check_invariants(&text, &sentences(&text));
        }

        #[test]
        fn invariants_hold_on_news_like_fragments(
            parts in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..40)
        ) {
            let text = parts.concat();
            check_invariants(&text, &sentences(&text));
        }
    }
}
