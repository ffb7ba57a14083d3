//! One sentence prepared for the attribution and mention scans: its tokens, their
//! lowercase forms, and which tokens lie inside a quotation.
//!
//! Quotations often run over several sentences, so the quote state at the start of a
//! sentence comes in from the previous one (and is reset at a paragraph break). A closing
//! quote met while no quotation is open means the quotation began before the sentence
//! (or its opening mark was lost), so the tokens before it are marked as quoted too.

use model::Span;

use crate::token::{Kind, Token, tokenize_into};

pub(crate) struct Sentence<'a> {
    pub text: &'a str,
    /// Offset of `text` in the document's body.
    pub offset: usize,
    pub tokens: Vec<Token>,
    /// Lowercase form of each token, as ranges into `lower_buf`.
    lower_buf: String,
    lower: Vec<(u32, u32)>,
    pub in_quote: Vec<bool>,
    /// The sentence began inside a quotation.
    pub starts_in_quote: bool,
    /// A quotation is still open at its end.
    pub ends_in_quote: bool,
}

/// The vectors a sentence is built in, handed from one sentence to the next so that a
/// document allocates them once rather than once per sentence.
#[derive(Default)]
pub(crate) struct Buffers {
    tokens: Vec<Token>,
    lower_buf: String,
    lower: Vec<(u32, u32)>,
    in_quote: Vec<bool>,
}

impl<'a> Sentence<'a> {
    #[cfg(test)]
    pub fn new(text: &'a str, offset: usize, starts_in_quote: bool) -> Sentence<'a> {
        Sentence::with_buffers(text, offset, starts_in_quote, Buffers::default())
    }

    /// Prepares `text` (at `offset` in the body) in the vectors of `buffers`.
    pub fn with_buffers(
        text: &'a str,
        offset: usize,
        starts_in_quote: bool,
        buffers: Buffers,
    ) -> Sentence<'a> {
        let Buffers {
            mut tokens,
            mut lower_buf,
            mut lower,
            mut in_quote,
        } = buffers;
        tokenize_into(text, &mut tokens);
        lower_buf.clear();
        lower.clear();
        lower.reserve(tokens.len());
        if text.is_ascii() {
            // Most sentences are ASCII: one lowercase copy of the whole text serves every
            // token at its own offsets.
            lower_buf.push_str(text);
            lower_buf.make_ascii_lowercase();
            lower.extend(tokens.iter().map(|t| (t.start as u32, t.end as u32)));
        } else {
            for t in &tokens {
                let s = lower_buf.len();
                let w = t.text(text);
                if w.is_ascii() {
                    lower_buf.push_str(w);
                    lower_buf[s..].make_ascii_lowercase();
                } else {
                    for c in w.chars() {
                        // Curly apostrophes are read as straight ones, so word lists match.
                        let c = if c == '\u{2019}' { '\'' } else { c };
                        lower_buf.extend(c.to_lowercase());
                    }
                }
                lower.push((s as u32, lower_buf.len() as u32));
            }
        }
        in_quote.clear();
        in_quote.resize(tokens.len(), false);
        let mut open = starts_in_quote;
        // The first token after the last closing quote: retroactive marking never goes
        // back past it, so the whole pass stays linear.
        let mut floor = 0;
        for (i, t) in tokens.iter().enumerate() {
            // A straight quote inside an open quotation closes it, whatever the spacing
            // around it ("… confiscated, "the officer said").
            let kind = if t.kind == Kind::OpenQuote && open && i > 0 && t.text(text) == "\"" {
                Kind::CloseQuote
            } else {
                t.kind
            };
            match kind {
                Kind::OpenQuote => {
                    open = true;
                    in_quote[i] = true;
                }
                Kind::CloseQuote => {
                    if !open {
                        for q in in_quote.iter_mut().take(i).skip(floor) {
                            *q = true;
                        }
                    }
                    in_quote[i] = true;
                    open = false;
                    floor = i + 1;
                }
                _ => in_quote[i] = open,
            }
        }
        // A quotation left open at the end of a sentence whose last words are an
        // attribution ("…, Ana Roe noted."): the closing mark was lost.
        if open && let Some(comma) = tokens.iter().rposition(|t| t.kind == Kind::Punct(',')) {
            let tail = &tokens[comma + 1..];
            if tail.len() <= 7
                && in_quote[comma]
                && !tail
                    .iter()
                    .any(|t| matches!(t.kind, Kind::OpenQuote | Kind::CloseQuote))
                && tail.iter().any(|t| {
                    t.kind == Kind::Word
                        && crate::lexicon::verb(&t.text(text).to_lowercase()).is_some()
                })
            {
                for q in in_quote.iter_mut().skip(comma + 1) {
                    *q = false;
                }
                open = false;
            }
        }
        Sentence {
            text,
            offset,
            tokens,
            lower_buf,
            lower,
            in_quote,
            starts_in_quote,
            ends_in_quote: open,
        }
    }

    /// Gives back the vectors for the next sentence.
    pub fn into_buffers(self) -> Buffers {
        Buffers {
            tokens: self.tokens,
            lower_buf: self.lower_buf,
            lower: self.lower,
            in_quote: self.in_quote,
        }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// The lowercase form of token `i` (curly apostrophes made straight).
    pub fn lower(&self, i: usize) -> &str {
        let (s, e) = self.lower[i];
        &self.lower_buf[s as usize..e as usize]
    }

    pub fn word(&self, i: usize) -> &'a str {
        self.tokens[i].text(self.text)
    }

    pub fn is_word(&self, i: usize) -> bool {
        i < self.tokens.len() && self.tokens[i].kind == Kind::Word
    }

    /// Body span of tokens `a..=b`.
    pub fn span(&self, a: usize, b: usize) -> Span {
        Span::new(
            self.offset + self.tokens[a].start,
            self.offset + self.tokens[b].end,
        )
    }

    /// Text of tokens `a..=b` as written.
    pub fn slice(&self, a: usize, b: usize) -> &'a str {
        &self.text[self.tokens[a].start..self.tokens[b].end]
    }

    /// Body span of the quoted words, when there are any.
    pub fn quote_span(&self) -> Option<Span> {
        let first = self.in_quote.iter().position(|&q| q)?;
        let last = self.in_quote.iter().rposition(|&q| q)?;
        Some(self.span(first, last))
    }

    pub fn has_quote(&self) -> bool {
        self.in_quote.iter().any(|&q| q)
    }
}
