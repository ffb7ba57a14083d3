//! Reporting constructions in one sentence: who speaks, through which verb, citing what,
//! carried by what.
//!
//! Recognised: a subject before a reporting verb ("officials said", "the agency has
//! confirmed"), the inverted order after a quotation ("…," said the minister), `according
//! to X`, `citing X`, `X cited Y`, the passive with an agent (`was confirmed by X`),
//! carriers after the verb (`in a statement carried by X`, `in a post on X`, `in an
//! interview with X`), and non-confirmation (`has yet to confirm`, `could not verify`).
//! Only words outside quotation marks are read as reporting words.
//!
//! It deliberately does not parse: noun phrases are read by walking a bounded number of
//! tokens from the verb, so a subject with a relative clause ("the company that owns the
//! plant said") is cut at "that". Pronouns and "the report" are returned as anaphors for
//! the document-level pass to resolve.

use model::{Span, Stance};

use crate::lexicon::{self, Form};
use crate::sentence::Sentence;
use crate::token::Kind;

/// The longest noun phrase, in tokens, read on either side of a reporting word.
const MAX_NP: usize = 14;

/// A noun phrase: tokens `a..=b` of the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Np {
    pub a: usize,
    pub b: usize,
}

/// How a speaker phrase points back to an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anaphor {
    /// he, she, I: an earlier person.
    Person,
    /// they, it, we, "the agency": the earlier speaker.
    Any,
    /// "the report", "the statement": the earlier speaker that reported, else any.
    Report,
}

/// The reporting construction found in a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub verb: Span,
    pub lemma: &'static str,
    /// The verb as read when it is not one of the reporting verbs (a quotation introduced
    /// by a colon after "condemned"): its lemma, guessed by removing "-ed".
    pub other_verb: Option<String>,
    pub stance: Stance,
    pub speaker: Option<Np>,
    pub anaphor: Option<Anaphor>,
    /// What the speaker cites, in order (`citing X`).
    pub cited: Vec<Np>,
    /// What carried the statement (`a post on X`, `according to a statement` beside a
    /// speaker, `carried by X`).
    pub carriers: Vec<Np>,
}

struct Cand {
    pos: usize,
    end: usize,
    lemma: &'static str,
    stance: Stance,
    speaker: Option<Np>,
    kind: CandKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CandKind {
    Finite,
    Progressive,
    AccordingTo,
    Citing,
}

fn is_be(w: &str) -> bool {
    matches!(w, "is" | "was" | "were" | "are" | "be" | "been" | "being")
}

fn time_word(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "week"
            | "month"
            | "year"
            | "weekend"
            | "night"
            | "morning"
            | "afternoon"
            | "evening"
            | "today"
            | "yesterday"
    )
}

/// True when tokens before `k` negate a confirmation at `k` ("has yet to confirm",
/// "could not independently verify", "does not feel the need to confirm").
fn negated(s: &Sentence, k: usize) -> bool {
    (k.saturating_sub(5)..k).any(|j| s.is_word(j) && lexicon::negator(s.lower(j)))
}

impl Sentence<'_> {
    fn usable(&self, i: usize) -> bool {
        i < self.len() && !self.in_quote[i]
    }

    /// A full stop after a short capitalised abbreviation inside a name ("Dist. Atty. Ana
    /// Roe", "Capt. Piet Roe").
    pub(crate) fn abbreviation_dot(&self, i: usize) -> bool {
        i > 0
            && self.tokens[i].is_punct('.')
            && self.is_word(i - 1)
            && self.word(i - 1).len() <= 5
            && lexicon::is_capitalised(self.word(i - 1))
            && self.is_word(i + 1)
            && lexicon::is_capitalised(self.word(i + 1))
    }

    /// Reads a noun phrase leftwards, ending at token `end` (inclusive).
    fn left_np(&self, end: usize) -> Option<Np> {
        let mut a = end + 1;
        let mut count = 0;
        let mut j = end as isize;
        while j >= 0 {
            let i = j as usize;
            if self.in_quote[i] {
                break;
            }
            let t = self.tokens[i];
            let ok = match t.kind {
                Kind::Word => {
                    let w = self.lower(i);
                    if lexicon::determiner(w) {
                        a = i;
                        // "Ana Roe of the harbour board": the phrase goes on past "the".
                        let joined = i >= 2
                            && self.is_word(i - 1)
                            && matches!(self.lower(i - 1), "of" | "from" | "at")
                            && self.is_word(i - 2)
                            && lexicon::is_capitalised(self.word(i - 2));
                        if !joined {
                            break;
                        }
                        count += 1;
                        j -= 1;
                        continue;
                    }
                    if w == "of" || w == "for" {
                        true
                    } else if w == "from" || w == "at" {
                        i > 0 && self.is_word(i - 1) && lexicon::is_capitalised(self.word(i - 1))
                    } else if w == "and" {
                        // "Seoul and Washington", "U.S. and Ukrainian officials".
                        i > 0
                            && self.is_word(i - 1)
                            && lexicon::is_capitalised(self.word(i - 1))
                            && self.is_word(i + 1)
                            && lexicon::is_capitalised(self.word(i + 1))
                    } else {
                        let verbish = lexicon::verb(w)
                            .is_some_and(|v| matches!(v.form, Form::Past | Form::Progressive))
                            && !lexicon::is_capitalised(self.word(i));
                        !lexicon::np_breaker(w) && !verbish
                    }
                }
                Kind::Possessive | Kind::Number => true,
                Kind::Punct(')') => {
                    // "(CSD)": an acronym in brackets belongs to the phrase before it.
                    if i >= 2 && self.tokens[i - 2].is_punct('(') && self.is_word(i - 1) {
                        a = i - 2;
                        count += 3;
                        j = i as isize - 3;
                        continue;
                    }
                    false
                }
                Kind::Punct('[') | Kind::Punct(']') => true,
                Kind::Punct('.') => self.abbreviation_dot(i),
                _ => false,
            };
            if !ok {
                break;
            }
            a = i;
            count += 1;
            if count > MAX_NP {
                return None;
            }
            j -= 1;
        }
        // Connectors cannot open the phrase.
        while a <= end && self.is_word(a) && matches!(self.lower(a), "of" | "for" | "and") {
            a += 1;
        }
        while a <= end && matches!(self.tokens[a].kind, Kind::Punct(_)) {
            a += 1;
        }
        if a > end {
            return None;
        }
        // "Some said", "Many believe": a lone quantifier is a subject of its own.
        let lone = a == end
            && self.is_word(a)
            && lexicon::is_capitalised(self.word(a))
            && matches!(
                self.lower(a),
                "some" | "many" | "others" | "several" | "most" | "both"
            );
        let has_head =
            lone || (a..=end).any(|i| self.is_word(i) && !lexicon::determiner(self.lower(i)));
        let last_ok = matches!(
            self.tokens[end].kind,
            Kind::Word | Kind::Possessive | Kind::Punct(')') | Kind::Number
        ) && (lone || !(self.is_word(end) && lexicon::determiner(self.lower(end))));
        (has_head && last_ok).then_some(Np { a, b: end })
    }

    /// Reads a noun phrase rightwards from token `start`.
    fn right_np(&self, start: usize, appositive: bool) -> Option<Np> {
        self.right_np_with(start, appositive, false)
    }

    /// As [`Sentence::right_np`]; with `from_ok`, "from" continues the phrase ("intelligence
    /// from the coast guard"), as in what a speaker cites.
    fn right_np_with(&self, start: usize, appositive: bool, from_ok: bool) -> Option<Np> {
        let mut b = None;
        let mut i = start;
        let mut count = 0;
        while i < self.len() && !self.in_quote[i] {
            let t = self.tokens[i];
            let ok = match t.kind {
                Kind::Word => {
                    let w = self.lower(i);
                    if i == start && lexicon::determiner(w) {
                        true
                    } else if w == "of" || w == "for" {
                        self.is_word(i + 1)
                    } else if w == "and" {
                        b.is_some()
                            && self.is_word(i + 1)
                            && lexicon::is_capitalised(self.word(i + 1))
                            && lexicon::is_capitalised(self.word(i - 1))
                    } else {
                        let verbish = lexicon::verb(w)
                            .is_some_and(|v| matches!(v.form, Form::Past | Form::Progressive))
                            && !lexicon::is_capitalised(self.word(i));
                        let cited_from = from_ok && w == "from" && b.is_some();
                        // A capitalised function word ("Sunday", "However") inside the
                        // phrase ends it too.
                        let stop_word = lexicon::is_capitalised(self.word(i))
                            && lexicon::stop_capital(w)
                            && b.is_some();
                        let breaks = lexicon::np_breaker(w)
                            || verbish
                            || b.is_some() && lexicon::determiner(w)
                            || stop_word;
                        cited_from || !breaks
                    }
                }
                Kind::Possessive | Kind::Number => b.is_some() || t.kind == Kind::Number,
                Kind::Punct('.') => b.is_some() && self.abbreviation_dot(i),
                Kind::Punct('(') => {
                    if b.is_some()
                        && self.is_word(i + 1)
                        && lexicon::is_acronym(self.word(i + 1))
                        && self.tokens.get(i + 2).is_some_and(|t| t.is_punct(')'))
                    {
                        b = Some(i + 2);
                        i += 3;
                        count += 3;
                        continue;
                    }
                    false
                }
                _ => false,
            };
            if !ok {
                break;
            }
            b = Some(i);
            i += 1;
            count += 1;
            if count > MAX_NP {
                return None;
            }
        }
        let mut b = b?;
        // "said Ana Roe's father, Piet Roe.": a name after the comma goes with the phrase.
        if appositive
            && b + 2 < self.len()
            && self.tokens[b + 1].is_punct(',')
            && self.is_word(b + 2)
            && lexicon::is_capitalised(self.word(b + 2))
        {
            let mut j = b + 2;
            while j < self.len()
                && j < b + 6
                && self.is_word(j)
                && lexicon::is_capitalised(self.word(j))
            {
                j += 1;
            }
            if j >= self.len() || self.tokens[j].is_punct('.') {
                b = j - 1;
            }
        }
        // "said John Roe, a spokesman for the ministry, …": the role goes with the name.
        if appositive
            && b + 2 < self.len()
            && self.tokens[b + 1].is_punct(',')
            && self.is_word(b + 2)
            && matches!(self.lower(b + 2), "a" | "an" | "the" | "who")
        {
            let mut j = b + 2;
            while j < self.len()
                && j < b + 2 + MAX_NP
                && !self.in_quote[j]
                && !matches!(self.tokens[j].kind, Kind::Punct(_))
            {
                j += 1;
            }
            b = j - 1;
        }
        let head = (start..=b).any(|i| self.is_word(i) && !lexicon::determiner(self.lower(i)));
        head.then_some(Np { a: start, b })
    }

    /// The speaker of a verb at `k`: the subject before it (past auxiliaries, adverbs and
    /// time words), or, after a quotation or a comma, the phrase after it.
    fn speaker_of(&self, k: usize, unconfirmed: bool) -> Option<Np> {
        let mut j = k as isize - 1;
        while j >= 0 {
            let i = j as usize;
            if !self.is_word(i) || self.in_quote[i] {
                break;
            }
            let w = self.lower(i);
            let skip = lexicon::skippable(w)
                || (w.ends_with("ly") && w.len() > 4 && !lexicon::is_capitalised(self.word(i)))
                || (unconfirmed
                    && (lexicon::negator(w)
                        || matches!(w, "to" | "independently" | "immediately" | "able")
                        || is_be(w)))
                || (time_word(w)
                    && i > 0
                    && self.is_word(i - 1)
                    && matches!(self.lower(i - 1), "on" | "last" | "this" | "earlier"));
            if !skip {
                break;
            }
            if time_word(w)
                && i > 0
                && matches!(self.lower(i - 1), "on" | "last" | "this" | "earlier")
            {
                j -= 2;
            } else {
                j -= 1;
            }
        }
        if j < 0 {
            return None;
        }
        let end = j as usize;
        // "Ana Roe, who announced …": the relative pronoun stands for the name before it.
        if self.is_word(end)
            && self.lower(end) == "who"
            && end >= 2
            && self.tokens[end - 1].is_punct(',')
        {
            return self.left_np(end - 2);
        }
        // "it's believed": a contraction of "is", so a passive without its agent.
        if self.tokens[end].kind == Kind::Possessive
            && end > 0
            && self.is_word(end - 1)
            && matches!(
                self.lower(end - 1),
                "it" | "he" | "she" | "that" | "there" | "what" | "who"
            )
        {
            return None;
        }
        if let Some(np) = self.left_np(end) {
            return Some(np);
        }
        if self.tokens[end].is_punct(',')
            && !self.in_quote[end]
            && end > 0
            && let Some(np) = self.appositive_subject(end)
        {
            return Some(np);
        }
        // The inverted order: `…," said the minister` or `…, says the agency`.
        let prev = self.tokens[end];
        let after_quote_or_comma = prev.kind == Kind::CloseQuote
            || prev.is_punct(',')
            || prev.is_punct(':')
            || prev.is_punct('\u{2014}');
        if after_quote_or_comma && self.is_word(k + 1) && !lexicon::stop_capital(self.lower(k + 1))
            || after_quote_or_comma && self.is_word(k + 1) && lexicon::determiner(self.lower(k + 1))
        {
            let np = self.right_np(k + 1, true)?;
            // "said new Interior Secretary Ana Roe", "said reports from the capital": a
            // name or a group of people, not the start of a clause.
            let named = (np.a..=np.b).any(|i| {
                self.is_word(i)
                    && lexicon::is_capitalised(self.word(i))
                    && !lexicon::stop_capital(self.lower(i))
            });
            let group = self.is_word(np.b) && lexicon::person_group(self.lower(np.b));
            let head_noun = self.is_word(np.b)
                && (lexicon::anaphoric_noun(self.lower(np.b)) || lexicon::title(self.lower(np.b)));
            if named || group || head_noun {
                return Some(np);
            }
        }
        None
    }

    /// The subject of a verb right after a comma: "Ana Roe, a spokesman for the ministry,
    /// said" (the name and its role), or "…, his agent Ana Roe, told" (a name between
    /// commas).
    fn appositive_subject(&self, comma: usize) -> Option<Np> {
        let lo = comma.saturating_sub(25);
        let mut p = comma;
        let mut open = None;
        while p > lo {
            p -= 1;
            if self.in_quote[p] || self.tokens[p].is_quote() {
                break;
            }
            if self.tokens[p].is_punct(',') {
                open = Some(p);
                break;
            }
        }
        let p = open?;
        let first = p + 1;
        if first >= comma || !self.is_word(first) {
            return None;
        }
        let name_like = |np: Np| {
            self.is_word(np.b)
                && lexicon::is_capitalised(self.word(np.b))
                && !lexicon::stop_capital(self.lower(np.b))
        };
        let w = self.lower(first);
        let role_like = !lexicon::is_capitalised(self.word(first)) || lexicon::title(w);
        if role_like
            && p > 0
            && let Some(np) = self.left_np(p - 1)
            && name_like(np)
        {
            return Some(Np {
                a: np.a,
                b: comma - 1,
            });
        }
        let seg = self.left_np(comma - 1)?;
        (seg.a <= first + 1 && name_like(seg)).then_some(seg)
    }

    /// `Minister Ola Berg condemned the move: "It is illegal."`: a quotation introduced by
    /// a colon belongs to the subject of the sentence.
    fn colon_quote(&self) -> Option<Found> {
        let colon = (1..self.len()).find(|&i| {
            self.tokens[i].is_punct(':')
                && !self.in_quote[i]
                && self
                    .tokens
                    .get(i + 1)
                    .is_some_and(|t| t.kind == Kind::OpenQuote)
        })?;
        let np = self.opening_subject(colon)?;
        let v = np.b + 1;
        let word = self.lower(v);
        let lemma = word
            .strip_suffix("ied")
            .map(|s| format!("{s}y"))
            .unwrap_or_else(|| word.strip_suffix("ed").unwrap_or(word).to_string());
        Some(Found {
            verb: self.span(v, v),
            lemma: "",
            other_verb: Some(lemma),
            stance: Stance::Stated,
            speaker: Some(np),
            anaphor: self.anaphor(np),
            cited: Vec::new(),
            carriers: Vec::new(),
        })
    }

    /// The noun phrase that opens the sentence when a past-tense verb follows it directly
    /// ("Norway's navy voiced concern"), read before token `limit`.
    fn opening_subject(&self, limit: usize) -> Option<Np> {
        let first = (0..limit).find(|&i| self.is_word(i))?;
        if self.in_quote[first] || !lexicon::is_capitalised(self.word(first)) {
            return None;
        }
        let mut i = first;
        while i < limit && i < first + MAX_NP {
            if self.is_word(i) && i > first {
                let w = self.lower(i);
                if w.ends_with("ed") && !lexicon::is_capitalised(self.word(i)) {
                    return Some(Np { a: first, b: i - 1 }).filter(|np| np.b >= np.a);
                }
                if lexicon::np_breaker(w) || lexicon::verb(w).is_some() {
                    return None;
                }
            } else if !matches!(self.tokens[i].kind, Kind::Word | Kind::Possessive) {
                return None;
            }
            i += 1;
        }
        None
    }

    /// Every reporting construction in the sentence, reduced to the one that attributes it.
    pub(crate) fn find_attribution(&self) -> Option<Found> {
        let mut cands: Vec<Cand> = Vec::new();
        let n = self.len();
        for k in 0..n {
            if !self.usable(k) || !self.is_word(k) {
                continue;
            }
            let w = self.lower(k);
            if w == "according"
                && self.usable(k + 1)
                && self.is_word(k + 1)
                && self.lower(k + 1) == "to"
            {
                if let Some(np) = self.right_np(k + 2, false) {
                    cands.push(Cand {
                        pos: k,
                        end: k + 1,
                        lemma: "according to",
                        stance: Stance::Stated,
                        speaker: Some(np),
                        kind: CandKind::AccordingTo,
                    });
                }
                continue;
            }
            let Some(v) = lexicon::verb(w) else { continue };
            // A capitalised verb inside a sentence is a Title Case headline, not prose.
            if lexicon::is_capitalised(self.word(k)) && k > 0 {
                continue;
            }
            let next = if self.is_word(k + 1) {
                self.lower(k + 1)
            } else {
                ""
            };
            // "announced as the new coach", "described as": naming, not reporting.
            if next == "as" {
                continue;
            }
            // "added 12 points", "added to its range": "add" reports only before what is
            // said ("added that", a quotation, a comma, the end).
            if v.lemma == "add" {
                let follows = self.tokens.get(k + 1).map(|t| t.kind);
                let speech = next == "that"
                    || matches!(
                        follows,
                        None | Some(Kind::Punct(',' | ':' | '.' | '\u{2014}'))
                            | Some(Kind::OpenQuote | Kind::CloseQuote)
                    )
                    || self.has_quote();
                if !speech {
                    continue;
                }
            }
            // "told her to leave": an order, not a report.
            if v.lemma == "tell" && (k + 2..k + 4).any(|j| self.is_word(j) && self.lower(j) == "to")
            {
                continue;
            }
            // A participle reports only after a comma (", adding that"); elsewhere it is
            // an adjective ("a telling sign").
            if v.form == Form::Progressive
                && v.lemma != "cite"
                && !(k > 0 && self.tokens[k - 1].is_punct(','))
            {
                continue;
            }
            if v.lemma == "cite" && v.form == Form::Progressive {
                if let Some(np) = self.right_np_with(k + 1, false, true) {
                    cands.push(Cand {
                        pos: k,
                        end: k,
                        lemma: "cite",
                        stance: Stance::Reported,
                        speaker: Some(np),
                        kind: CandKind::Citing,
                    });
                }
                continue;
            }
            let prev = k
                .checked_sub(1)
                .filter(|&p| self.is_word(p))
                .map(|p| self.lower(p));
            let confirm_like = matches!(v.lemma, "confirm" | "verify");
            let unconfirmed = confirm_like && negated(self, k);
            // "an estimated 3,000", "the reported attack": an adjective, not a verb.
            if prev.is_some_and(|p| {
                matches!(
                    p,
                    "a" | "an"
                        | "the"
                        | "its"
                        | "his"
                        | "her"
                        | "their"
                        | "our"
                        | "this"
                        | "these"
                        | "those"
                        | "my"
                        | "your"
                )
            }) {
                continue;
            }
            if prev == Some("to") && !unconfirmed {
                continue;
            }
            // A plural noun before another reporting verb: "Ukrainian reports claim".
            if v.form == Form::ThirdPerson
                && v.lemma != "say"
                && self.is_word(k + 1)
                && lexicon::verb(self.lower(k + 1)).is_some()
            {
                continue;
            }
            let stance = if unconfirmed {
                Stance::Unconfirmed
            } else {
                v.stance
            };
            // The passive: "was confirmed by the ministry"; without an agent, no source.
            if prev.is_some_and(is_be) && !unconfirmed {
                if self.usable(k + 1)
                    && self.is_word(k + 1)
                    && self.lower(k + 1) == "by"
                    && let Some(np) = self.right_np(k + 2, false)
                {
                    cands.push(Cand {
                        pos: k,
                        end: k + 1,
                        lemma: v.lemma,
                        stance,
                        speaker: Some(np),
                        kind: CandKind::Finite,
                    });
                }
                continue;
            }
            let speaker = match self.speaker_of(k, unconfirmed) {
                Some(sp) => Some(sp),
                // "Roe voiced concern, warning that …": the participle's subject is the
                // sentence's, the phrase before its first past-tense verb.
                None if v.form == Form::Progressive
                    && k > 0
                    && self.tokens[k - 1].is_punct(',') =>
                {
                    self.opening_subject(k)
                }
                None => None,
            };
            let Some(speaker) = speaker else {
                continue;
            };
            if v.form == Form::Base && !unconfirmed {
                // A bare form needs a plural or first-person subject ("officials say").
                let last = self.lower(speaker.b);
                let plural =
                    last.ends_with('s') || matches!(last, "they" | "we" | "i" | "you" | "police");
                let modal = prev.is_some_and(|p| {
                    matches!(
                        p,
                        "would"
                            | "will"
                            | "could"
                            | "can"
                            | "may"
                            | "might"
                            | "did"
                            | "do"
                            | "does"
                    )
                });
                if !plural && !modal {
                    continue;
                }
            }
            // A lemma of "cite" with a subject: "X cited Y" makes Y what X cites.
            if v.lemma == "cite" {
                if let Some(obj) = self.right_np_with(k + 1, false, true) {
                    cands.push(Cand {
                        pos: k,
                        end: k,
                        lemma: "cite",
                        stance,
                        speaker: Some(speaker),
                        kind: CandKind::Finite,
                    });
                    cands.push(Cand {
                        pos: k,
                        end: k,
                        lemma: "cite",
                        stance,
                        speaker: Some(obj),
                        kind: CandKind::Citing,
                    });
                }
                continue;
            }
            cands.push(Cand {
                pos: k,
                end: k,
                lemma: v.lemma,
                stance,
                speaker: Some(speaker),
                kind: if v.form == Form::Progressive {
                    CandKind::Progressive
                } else {
                    CandKind::Finite
                },
            });
        }
        if cands.is_empty() {
            return self.colon_quote();
        }
        let main = cands
            .iter()
            .position(|c| c.kind == CandKind::Finite)
            .or_else(|| cands.iter().position(|c| c.kind == CandKind::AccordingTo))
            .or_else(|| cands.iter().position(|c| c.kind == CandKind::Progressive))
            .unwrap_or(0);
        let m = &cands[main];
        let mut found = Found {
            verb: self.span(m.pos, m.end),
            lemma: m.lemma,
            other_verb: None,
            stance: m.stance,
            speaker: m.speaker,
            anaphor: None,
            cited: Vec::new(),
            carriers: Vec::new(),
        };
        if m.kind == CandKind::Citing {
            // Only "citing X": the outlet cites X itself.
            found
                .cited
                .push(m.speaker.expect("citing candidates carry their object"));
            found.speaker = None;
        }
        for (i, c) in cands.iter().enumerate() {
            if i == main {
                continue;
            }
            match c.kind {
                CandKind::Citing if c.pos >= m.pos => found.cited.extend(c.speaker),
                CandKind::AccordingTo if m.kind != CandKind::AccordingTo => {
                    found.carriers.extend(c.speaker)
                }
                _ => {}
            }
        }
        self.carriers_after(m.end + 1, &mut found.carriers);
        if found.stance == Stance::Stated || found.stance == Stance::Reported {
            // "said that it has yet to confirm": the reported content is a non-confirmation.
            if (m.end + 1..n).any(|k| {
                self.is_word(k)
                    && matches!(
                        self.lower(k),
                        "confirm" | "confirmed" | "verify" | "verified"
                    )
                    && negated(self, k)
            }) {
                found.stance = Stance::Unconfirmed;
            }
        }
        if let Some(sp) = found.speaker {
            found.anaphor = self.anaphor(sp);
        }
        Some(found)
    }

    /// Carriers named after the verb: "in a statement carried by X", "in a post on X",
    /// "in an interview with X", "quoted by X".
    fn carriers_after(&self, from: usize, out: &mut Vec<Np>) {
        let n = self.len();
        let mut k = from;
        while k + 1 < n {
            if self.in_quote[k] {
                break;
            }
            if self.is_word(k) {
                let w = self.lower(k);
                let next = if self.is_word(k + 1) {
                    self.lower(k + 1)
                } else {
                    ""
                };
                let agent = matches!(
                    w,
                    "carried" | "published" | "quoted" | "broadcast" | "aired" | "cited"
                ) && next == "by";
                let on = lexicon::media_noun(w) && matches!(next, "on" | "with" | "to");
                if (agent || on)
                    && self.is_word(k + 2)
                    && (lexicon::is_capitalised(self.word(k + 2))
                        || lexicon::determiner(self.lower(k + 2)))
                    && let Some(np) = self.right_np(k + 2, false)
                {
                    out.push(np);
                    k = np.b + 1;
                    continue;
                }
            }
            k += 1;
        }
    }

    fn anaphor(&self, np: Np) -> Option<Anaphor> {
        if np.a == np.b {
            return match self.lower(np.a) {
                "he" | "she" | "i" => Some(Anaphor::Person),
                "they" | "it" | "we" => Some(Anaphor::Any),
                _ => None,
            };
        }
        if np.b == np.a + 1
            && matches!(self.lower(np.a), "the" | "this" | "that")
            && lexicon::anaphoric_noun(self.lower(np.b))
        {
            if lexicon::media_noun(self.lower(np.b)) || self.lower(np.b) == "release" {
                return Some(Anaphor::Report);
            }
            return Some(Anaphor::Any);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Speaker, verb lemma, stance, what is cited, what carried it.
    type Read = (String, &'static str, Stance, Vec<String>, Vec<String>);

    fn find(text: &str) -> Option<Read> {
        let s = Sentence::new(text, 0, false);
        let f = s.find_attribution()?;
        let np = |n: &Np| s.slice(n.a, n.b).to_string();
        Some((
            f.speaker.map(|n| np(&n)).unwrap_or_default(),
            f.lemma,
            f.stance,
            f.cited.iter().map(np).collect(),
            f.carriers.iter().map(np).collect(),
        ))
    }

    #[test]
    fn subject_before_verb() {
        let (sp, lemma, stance, ..) =
            find("The port was closed, harbour officials said Tuesday.").unwrap();
        assert_eq!(
            (sp.as_str(), lemma, stance),
            ("harbour officials", "say", Stance::Stated)
        );
        let (sp, lemma, ..) =
            find("Coastal Guard spokeswoman Ana Lind has also confirmed the closure.").unwrap();
        assert_eq!(
            (sp.as_str(), lemma),
            ("Coastal Guard spokeswoman Ana Lind", "confirm")
        );
    }

    #[test]
    fn inverted_after_quote() {
        let (sp, lemma, ..) =
            find("\"We are ready,\" said Piet Varga, a spokesman for the union.").unwrap();
        assert_eq!(sp, "Piet Varga, a spokesman for the union");
        assert_eq!(lemma, "say");
        let (sp, ..) = find("“It is over,” Varga said.").unwrap();
        assert_eq!(sp, "Varga");
    }

    #[test]
    fn according_to_citing_and_carriers() {
        let (sp, lemma, ..) = find("According to the Harbour Authority, 40 ships waited.").unwrap();
        assert_eq!(
            (sp.as_str(), lemma),
            ("the Harbour Authority", "according to")
        );
        let (sp, lemma, stance, cited, _) =
            find("Ships are turning back, the Daily Ledger reported citing port records.").unwrap();
        assert_eq!(
            (sp.as_str(), lemma, stance),
            ("the Daily Ledger", "report", Stance::Reported)
        );
        assert_eq!(cited, vec!["port records"]);
        let (sp, _, _, _, carriers) =
            find("Minister Ola Berg said in a post on Telegram that talks had failed.").unwrap();
        assert_eq!(sp, "Minister Ola Berg");
        assert_eq!(carriers, vec!["Telegram"]);
        let (_, _, _, _, carriers) =
            find("\"No,\" Berg said in a statement carried by the official Norland Wire.").unwrap();
        assert_eq!(carriers, vec!["the official Norland Wire"]);
    }

    #[test]
    fn stances() {
        assert_eq!(
            find("The ministry denied the report.").unwrap().2,
            Stance::Denied
        );
        assert_eq!(
            find("Analysts estimate the cost at $2 billion.").unwrap().2,
            Stance::Estimated
        );
        let (sp, lemma, stance, ..) = find("The alliance has yet to confirm the claims.").unwrap();
        assert_eq!(
            (sp.as_str(), lemma, stance),
            ("The alliance", "confirm", Stance::Unconfirmed)
        );
        let (sp, lemma, stance, ..) =
            find("Ana Lind noted that the alliance has yet to confirm these claims.").unwrap();
        assert_eq!(
            (sp.as_str(), lemma, stance),
            ("Ana Lind", "note", Stance::Unconfirmed)
        );
    }

    #[test]
    fn colon_introduces_a_quote() {
        let s = Sentence::new(
            "Minister Ola Berg condemned the move: \"It is illegal.\"",
            0,
            false,
        );
        let f = s.find_attribution().unwrap();
        assert_eq!(
            s.slice(f.speaker.unwrap().a, f.speaker.unwrap().b),
            "Minister Ola Berg"
        );
        assert_eq!(f.other_verb.as_deref(), Some("condemn"));
    }

    #[test]
    fn quantifier_subject_and_doubled_consonant() {
        let (sp, lemma, ..) = find("Some speculated that the port was closed.").unwrap();
        assert_eq!((sp.as_str(), lemma), ("Some", "speculate"));
        let (sp, lemma, ..) = find("In an interview Ana Lind admitted she was wrong.").unwrap();
        assert_eq!((sp.as_str(), lemma), ("an interview Ana Lind", "admit"));
    }

    #[test]
    fn not_reporting() {
        assert!(find("An estimated 3,000 people attended.").is_none());
        assert!(find("He refused to say more.").is_none());
        assert!(find("Three deaths were reported.").is_none());
        assert!(find("\"They said no,\" the crowd chanted.").is_none());
        assert!(find("The storm hit the coast.").is_none());
    }

    #[test]
    fn plural_noun_before_verb() {
        let (sp, lemma, stance, ..) = find("Local reports claim the port has closed.").unwrap();
        assert_eq!(
            (sp.as_str(), lemma, stance),
            ("Local reports", "claim", Stance::Claimed)
        );
    }

    #[test]
    fn anaphors() {
        let s = Sentence::new("\"Soon,\" he added.", 0, false);
        assert_eq!(s.find_attribution().unwrap().anaphor, Some(Anaphor::Person));
        let s = Sentence::new("The report said ships were waiting.", 0, false);
        assert_eq!(s.find_attribution().unwrap().anaphor, Some(Anaphor::Report));
        let s = Sentence::new("The agency said ships were waiting.", 0, false);
        assert_eq!(s.find_attribution().unwrap().anaphor, Some(Anaphor::Any));
    }
}
