//! Splitting decoded text into paragraphs and measuring the shape of each one: how many
//! words, whether it ends like a sentence, how much of it is capitalised, which content
//! words it holds. The cleaning rules in `lib.rs` decide on these measurements alone.

use std::borrow::Cow;

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
fn is_small_word(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "of"
            | "in"
            | "on"
            | "to"
            | "for"
            | "and"
            | "or"
            | "but"
            | "at"
            | "by"
            | "with"
            | "from"
            | "as"
            | "vs"
            | "nor"
            | "per"
            | "via"
            | "into"
            | "over"
            | "is"
            | "are"
            | "be"
    )
}

/// Common English function words, excluded from content-word vocabularies.
fn is_stop_word(w: &str) -> bool {
    matches!(
        w,
        "about"
            | "after"
            | "again"
            | "also"
            | "been"
            | "before"
            | "being"
            | "between"
            | "both"
            | "could"
            | "does"
            | "doing"
            | "down"
            | "during"
            | "each"
            | "from"
            | "further"
            | "have"
            | "having"
            | "here"
            | "into"
            | "just"
            | "more"
            | "most"
            | "other"
            | "over"
            | "same"
            | "should"
            | "some"
            | "such"
            | "than"
            | "that"
            | "their"
            | "theirs"
            | "them"
            | "then"
            | "there"
            | "these"
            | "they"
            | "this"
            | "those"
            | "through"
            | "under"
            | "until"
            | "very"
            | "were"
            | "what"
            | "when"
            | "where"
            | "which"
            | "while"
            | "will"
            | "with"
            | "would"
            | "your"
            | "said"
            | "says"
            | "year"
            | "years"
    )
}

/// Words of web page interfaces (navigation, sharing, comments, promotion). A short line
/// whose words all come from here is page furniture, not article text.
fn is_ui_word(w: &str) -> bool {
    matches!(
        w,
        "advertisement"
            | "ads"
            | "also"
            | "article"
            | "articles"
            | "back"
            | "below"
            | "bookmark"
            | "click"
            | "close"
            | "closed"
            | "comment"
            | "comments"
            | "continue"
            | "copy"
            | "cookie"
            | "cookies"
            | "discussion"
            | "download"
            | "email"
            | "facebook"
            | "feed"
            | "follow"
            | "full"
            | "headlines"
            | "here"
            | "home"
            | "latest"
            | "leave"
            | "like"
            | "link"
            | "listen"
            | "load"
            | "login"
            | "log"
            | "menu"
            | "more"
            | "most"
            | "newsletter"
            | "newsletters"
            | "next"
            | "now"
            | "popular"
            | "post"
            | "posts"
            | "previous"
            | "print"
            | "privacy"
            | "read"
            | "recommended"
            | "related"
            | "reply"
            | "reserved"
            | "rights"
            | "save"
            | "scroll"
            | "see"
            | "share"
            | "sign"
            | "skip"
            | "sponsored"
            | "stories"
            | "story"
            | "subscribe"
            | "subscription"
            | "tags"
            | "terms"
            | "top"
            | "topics"
            | "trending"
            | "twitter"
            | "up"
            | "video"
            | "videos"
            | "view"
            | "watch"
            | "whatsapp"
            | "you"
            | "may"
            | "might"
            | "enjoy"
            | "recommend"
            | "we"
            | "our"
            | "us"
            | "to"
            | "a"
            | "the"
            | "this"
            | "on"
            | "in"
            | "of"
            | "and"
            | "for"
            | "are"
            | "is"
            | "your"
            | "all"
            | "page"
            | "news"
    )
}

/// Interface words that announce a list of other stories ("Related", "Latest Headlines",
/// "You may also like", "More from").
fn is_list_word(w: &str) -> bool {
    matches!(
        w,
        "related"
            | "latest"
            | "headlines"
            | "more"
            | "like"
            | "popular"
            | "trending"
            | "recommended"
            | "stories"
            | "read"
            | "top"
            | "see"
            | "also"
            | "news"
    )
}

/// Lowercases an ASCII word into `buf`; `None` for non-ASCII or long words, which are in
/// none of the word lists above.
fn ascii_lower<'a>(word: &str, buf: &'a mut [u8; 16]) -> Option<&'a str> {
    let bytes = word.as_bytes();
    if bytes.len() > buf.len() || !bytes.is_ascii() {
        return None;
    }
    for (b, w) in buf.iter_mut().zip(bytes) {
        *b = w.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..bytes.len()]).ok()
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
    let mut buf = [0u8; 16];
    for word in text.split_whitespace() {
        let weight = word_weight(word);
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
        let core = if word.is_ascii() {
            word.trim_matches(|c: char| !c.is_ascii_alphanumeric())
        } else {
            word.trim_matches(|c: char| !c.is_alphanumeric())
        };
        let Some(first) = core.chars().next() else {
            continue;
        };
        let lower = ascii_lower(core, &mut buf);
        // Interface words matter only on short lines (see `is_ui`).
        if s.words <= 8 {
            match lower {
                Some(l) => {
                    s.all_ui &= is_ui_word(l);
                    s.list_word |= is_list_word(l);
                }
                None => s.all_ui = false,
            }
        }
        if !first.is_alphabetic() {
            continue;
        }
        s.alpha_words += weight;
        if lower.is_some_and(is_small_word) {
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
        .filter(|w| !is_stop_word(w))
}

/// Whitespace-collapsed, lowercased text, for comparing paragraphs.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalise_into(text, &mut out);
    out
}

/// [`normalise`] into a reused buffer.
pub fn normalise_into(text: &str, out: &mut String) {
    out.clear();
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
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
