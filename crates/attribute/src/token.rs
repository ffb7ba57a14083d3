//! A small tokenizer for one sentence: words (with `U.S.`-style initialisms and inner
//! hyphens and apostrophes kept whole), possessive endings split off, numbers, quote marks
//! told apart as opening or closing, and other punctuation.
//!
//! It makes one pass over the characters and never looks back more than one character, so
//! its cost is linear in the sentence. It does not normalise or lowercase anything: tokens
//! are byte ranges into the text they came from.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters (and digits, hyphens, inner apostrophes) starting with a letter.
    Word,
    /// Starts with a digit (`3,000`, `92nd`, `1.5`).
    Number,
    /// The `'s` or lone `'` that marks a possessive, split from its word.
    Possessive,
    /// A double quote mark (straight or curly) that opens a quotation.
    OpenQuote,
    /// A double quote mark (straight or curly) that closes a quotation.
    CloseQuote,
    /// Any other character that is not a letter, digit or space.
    Punct(char),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

impl Token {
    pub fn text<'a>(&self, s: &'a str) -> &'a str {
        &s[self.start..self.end]
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    pub fn is_quote(&self) -> bool {
        matches!(self.kind, Kind::OpenQuote | Kind::CloseQuote)
    }
}

/// True when `rest` is a space and then a capitalised word: the dot before it is an
/// initial's ("John F. Kennedy").
fn next_is_name(rest: &str) -> bool {
    let mut c = rest.chars();
    c.next() == Some(' ') && c.next().is_some_and(char::is_uppercase)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// ASCII letters and digits, as a table: the inner loop of the scan is one load per byte.
const ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The character that starts at byte `i` of `text`, read without decoding when it is
/// ASCII (most of English news), so the scan costs a byte comparison per letter.
#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        None => None,
        Some(&b) if b < 0x80 => Some(char::from(b)),
        Some(_) => text.get(i..).and_then(|rest| rest.chars().next()),
    }
}

/// Splits `text` into tokens. Offsets are relative to `text`.
#[cfg(test)]
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out);
    out
}

/// Splits `text` into tokens, into `out` (cleared first, so one vector serves every
/// sentence of a document). Offsets are relative to `text`.
pub(crate) fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    out.clear();
    out.reserve(text.len() / 5 + 1);
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    // The character before the current one, to tell an opening quote from a closing one.
    let mut prev: Option<char> = None;
    while let Some(c) = char_at(text, i) {
        if c == ' ' {
            prev = Some(c);
            i += 1;
            continue;
        }
        let clen = c.len_utf8();
        if c.is_alphanumeric() {
            let numeric = c.is_ascii_digit();
            let mut last = c;
            // Letters seen since the last dot, to keep `U.S.` and `a.m.` whole.
            let mut run_letters = 1usize;
            let mut initialism = true;
            let mut dots = 0usize;
            // The end of the word so far; the scan never goes past it by more than the
            // character it is looking at.
            let mut j = i + clen;
            while j < n {
                // A run of ASCII letters and digits in one tight loop: the count only
                // grows, so testing it once at the end of the run is the same as after
                // each letter.
                let run_start = j;
                while j < n && ALNUM[usize::from(bytes[j])] {
                    j += 1;
                }
                if j > run_start {
                    run_letters += j - run_start;
                    if run_letters > 1 {
                        initialism = false;
                    }
                    last = char::from(bytes[j - 1]);
                    continue;
                }
                let Some(d) = char_at(text, j) else { break };
                let dlen = d.len_utf8();
                if d.is_alphanumeric() {
                    run_letters += 1;
                    if run_letters > 1 {
                        initialism = false;
                    }
                    j += dlen;
                    last = d;
                    continue;
                }
                // An inner joiner is kept only when a letter or digit follows it.
                let joiner = d == '-' || is_apostrophe(d) || d == '.' || (numeric && d == ',');
                if !joiner {
                    break;
                }
                let next = char_at(text, j + dlen);
                let follows = next.is_some_and(|n| n.is_alphanumeric());
                if d == '.' {
                    if numeric && next.is_some_and(|n| n.is_ascii_digit()) {
                        // A decimal point.
                    } else if !numeric
                        && initialism
                        && run_letters == 1
                        && (follows || dots > 0 || next_is_name(&text[j + 1..]))
                    {
                        // `U.S.`, `F. Kennedy`: a single letter, then a dot. A lone
                        // capital before a full stop that ends the text is a word.
                        dots += 1;
                        j += 1;
                        last = '.';
                        run_letters = 0;
                        if follows {
                            continue;
                        }
                        break;
                    } else {
                        break;
                    }
                } else if is_apostrophe(d) && !numeric {
                    // `'s` at the end of a word is a possessive, not part of the word.
                    let rest = &text[j + dlen..];
                    let s_end = rest
                        .strip_prefix('s')
                        .or_else(|| rest.strip_prefix('S'))
                        .is_some_and(|r| !r.chars().next().is_some_and(|n| n.is_alphanumeric()));
                    if s_end || !follows {
                        break;
                    }
                } else if numeric && d == ',' {
                    // `3,000` but not `3, 4`.
                    if !next.is_some_and(|n| n.is_ascii_digit()) {
                        break;
                    }
                } else if !follows {
                    break;
                }
                j += dlen;
                last = d;
                if d != '.' {
                    run_letters = 0;
                    initialism = false;
                }
            }
            out.push(Token {
                start: i,
                end: j,
                kind: if numeric { Kind::Number } else { Kind::Word },
            });
            prev = Some(last);
            i = j;
            continue;
        }
        if is_apostrophe(c) {
            let after_word = prev.is_some_and(|p| p.is_alphanumeric());
            let next = char_at(text, i + clen);
            if after_word && (next == Some('s') || next == Some('S')) {
                let after_s = char_at(text, i + clen + 1);
                if !after_s.is_some_and(|n| n.is_alphanumeric()) {
                    out.push(Token {
                        start: i,
                        end: i + clen + 1,
                        kind: Kind::Possessive,
                    });
                    prev = Some('s');
                    i += clen + 1;
                    continue;
                }
            }
            if after_word
                && prev.is_some_and(|p| p == 's' || p == 'S')
                && !next.is_some_and(|n| n.is_alphanumeric())
            {
                // `officials' statement`: a plural possessive.
                out.push(Token {
                    start: i,
                    end: i + clen,
                    kind: Kind::Possessive,
                });
                prev = Some(c);
                i += clen;
                continue;
            }
        }
        if c.is_whitespace() {
            prev = Some(c);
            i += clen;
            continue;
        }
        let kind = match c {
            '\u{201C}' | '\u{201E}' | '\u{00AB}' => Kind::OpenQuote,
            '\u{201D}' | '\u{00BB}' => Kind::CloseQuote,
            '"' => {
                // A straight quote opens after a space or an opening bracket (or at the
                // start) and closes otherwise.
                let opens =
                    prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '-'));
                if opens {
                    Kind::OpenQuote
                } else {
                    Kind::CloseQuote
                }
            }
            other => Kind::Punct(other),
        };
        out.push(Token {
            start: i,
            end: i + clen,
            kind,
        });
        prev = Some(c);
        i += clen;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The tokenizer as first written, over `char_indices`: the reference the faster
    /// byte scan must agree with.
    fn reference(text: &str) -> Vec<Token> {
        let mut out = Vec::with_capacity(text.len() / 5 + 1);
        let mut chars = text.char_indices().peekable();
        // The character before the current one, to tell an opening quote from a closing one.
        let mut prev: Option<char> = None;
        while let Some((i, c)) = chars.next() {
            if c.is_alphanumeric() {
                let numeric = c.is_ascii_digit();
                let mut end = i + c.len_utf8();
                let mut last = c;
                // Letters seen since the last dot, to keep `U.S.` and `a.m.` whole.
                let mut run_letters = 1usize;
                let mut initialism = true;
                let mut dots = 0usize;
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_alphanumeric() {
                        run_letters += 1;
                        if run_letters > 1 {
                            initialism = false;
                        }
                        end = j + d.len_utf8();
                        last = d;
                        chars.next();
                        continue;
                    }
                    // An inner joiner is kept only when a letter or digit follows it.
                    let joiner = d == '-' || is_apostrophe(d) || d == '.' || (numeric && d == ',');
                    if !joiner {
                        break;
                    }
                    let next = text[j + d.len_utf8()..].chars().next();
                    let follows = next.is_some_and(|n| n.is_alphanumeric());
                    if d == '.' {
                        if numeric && next.is_some_and(|n| n.is_ascii_digit()) {
                            // A decimal point.
                        } else if !numeric
                            && initialism
                            && run_letters == 1
                            && (follows || dots > 0 || next_is_name(&text[j + 1..]))
                        {
                            // `U.S.`, `F. Kennedy`: a single letter, then a dot. A lone
                            // capital before a full stop that ends the text is a word.
                            dots += 1;
                            chars.next();
                            end = j + 1;
                            last = '.';
                            run_letters = 0;
                            if follows {
                                continue;
                            }
                            break;
                        } else {
                            break;
                        }
                    } else if is_apostrophe(d) && !numeric {
                        // `'s` at the end of a word is a possessive, not part of the word.
                        let rest = &text[j + d.len_utf8()..];
                        let s_end = rest
                            .strip_prefix('s')
                            .or_else(|| rest.strip_prefix('S'))
                            .is_some_and(|r| {
                                !r.chars().next().is_some_and(|n| n.is_alphanumeric())
                            });
                        if s_end || !follows {
                            break;
                        }
                    } else if numeric && d == ',' {
                        // `3,000` but not `3, 4`.
                        if !next.is_some_and(|n| n.is_ascii_digit()) {
                            break;
                        }
                    } else if !follows {
                        break;
                    }
                    chars.next();
                    end = j + d.len_utf8();
                    last = d;
                    if d != '.' {
                        run_letters = 0;
                        initialism = false;
                    }
                }
                out.push(Token {
                    start: i,
                    end,
                    kind: if numeric { Kind::Number } else { Kind::Word },
                });
                prev = Some(last);
                continue;
            }
            if is_apostrophe(c) {
                let after_word = prev.is_some_and(|p| p.is_alphanumeric());
                let rest = &text[i + c.len_utf8()..];
                let next = rest.chars().next();
                if after_word && (next == Some('s') || next == Some('S')) {
                    let after_s = rest[1..].chars().next();
                    if !after_s.is_some_and(|n| n.is_alphanumeric()) {
                        chars.next();
                        out.push(Token {
                            start: i,
                            end: i + c.len_utf8() + 1,
                            kind: Kind::Possessive,
                        });
                        prev = Some('s');
                        continue;
                    }
                }
                if after_word
                    && prev.is_some_and(|p| p == 's' || p == 'S')
                    && !next.is_some_and(|n| n.is_alphanumeric())
                {
                    // `officials' statement`: a plural possessive.
                    out.push(Token {
                        start: i,
                        end: i + c.len_utf8(),
                        kind: Kind::Possessive,
                    });
                    prev = Some(c);
                    continue;
                }
            }
            if c.is_whitespace() {
                prev = Some(c);
                continue;
            }
            let kind = match c {
                '\u{201C}' | '\u{201E}' | '\u{00AB}' => Kind::OpenQuote,
                '\u{201D}' | '\u{00BB}' => Kind::CloseQuote,
                '"' => {
                    // A straight quote opens after a space or an opening bracket (or at the
                    // start) and closes otherwise.
                    let opens = prev
                        .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '-'));
                    if opens {
                        Kind::OpenQuote
                    } else {
                        Kind::CloseQuote
                    }
                }
                other => Kind::Punct(other),
            };
            out.push(Token {
                start: i,
                end: i + c.len_utf8(),
                kind,
            });
            prev = Some(c);
        }
        out
    }

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn words_initialisms_possessives_and_numbers() {
        assert_eq!(
            texts("U.S. officials' view: Kyiv’s 3,000 troops, 1.5 km."),
            vec![
                "U.S.",
                "officials",
                "'",
                "view",
                ":",
                "Kyiv",
                "’s",
                "3,000",
                "troops",
                ",",
                "1.5",
                "km",
                "."
            ]
        );
        assert_eq!(
            texts("Kursk-Voronezh don't"),
            vec!["Kursk-Voronezh", "don't"]
        );
        assert_eq!(texts("a post on X."), vec!["a", "post", "on", "X", "."]);
        assert_eq!(texts("John F. Kennedy"), vec!["John", "F.", "Kennedy"]);
    }

    #[test]
    fn quotes_open_and_close() {
        let s = "\"Yes,\" he said. “No.”";
        let kinds: Vec<Kind> = tokenize(s)
            .iter()
            .filter(|t| t.is_quote())
            .map(|t| t.kind)
            .collect();
        assert_eq!(
            kinds,
            vec![
                Kind::OpenQuote,
                Kind::CloseQuote,
                Kind::OpenQuote,
                Kind::CloseQuote
            ]
        );
    }

    proptest! {
        #[test]
        fn byte_scan_agrees_with_the_reference(text in "\\PC{0,80}") {
            prop_assert_eq!(tokenize(&text), reference(&text));
        }

        #[test]
        fn byte_scan_agrees_on_news_punctuation(
            text in "[aAsS19 .,'\u{2019}\"\u{201C}\u{201D}()\u{00AB}\u{00BB}\u{2014}\u{00E9}\u{0130}-]{0,60}"
        ) {
            prop_assert_eq!(tokenize(&text), reference(&text));
        }
    }

    #[test]
    fn byte_scan_agrees_on_edge_cases() {
        for text in [
            "",
            "U.S.",
            "a.m. U.S. F. Kennedy",
            "officials' view, Kyiv\u{2019}s 3,000 and 1.5",
            "\u{00E9}t\u{00E9}'s caf\u{00E9}-bar",
            "A. ",
            "X.",
            "'s",
            "s'",
            "3, 4",
            "\"Yes,\" he said. \u{201C}No.\u{201D}",
        ] {
            assert_eq!(tokenize(text), reference(text), "{text:?}");
        }
    }
}
