//! The attribute stage: who each claim comes from, through which chain it reached the
//! page, and which actors the text names, merged into one entity per actor across the
//! corpus.
//!
//! Two steps, split so the expensive one runs in parallel:
//!
//! - [`attribute`] reads one document: it fills each claim's [`Attribution`] (source,
//!   reporting verb and stance, the chain in `via` starting with the document's outlet,
//!   the quoted words, inheritance from an earlier sentence of the same reported speech)
//!   and returns the entity mentions of the body ([`DocMentions`]).
//! - [`resolve`] reads the mentions of all documents in one pass over hash maps: it merges
//!   names, acronyms, spelling variants, surnames, places and descriptions of bodies into
//!   [`Entity`] values, each merge with its reason, adds an entity per outlet, and sets
//!   `claim.entities` and `attribution.entity`.
//!
//! Everything is rules over tokens: reporting verbs and word lists from news language in
//! general (`lexicon`), a gazetteer of countries, capitals and regions
//! (`data/places.tsv`, see the crate README for its source), and bounded scans around
//! each reporting word, so the cost is linear in the text. It deliberately has no
//! statistical model, no coreference beyond "he/she/they/the report" pointing to a recent
//! speaker, and no knowledge of any particular story; it reads English only. It never
//! fails: odd input yields fewer attributions, never an error, so there is no error type.

mod attribution;
mod gazetteer;
mod lexicon;
mod mentions;
mod resolve;
mod sentence;
mod token;

use model::{Attribution, Claim, Document, Span};

pub use mentions::{EntityMention, LinkReason, MentionForm, MentionLink};
pub use resolve::resolve;

use crate::attribution::{Anaphor, Found};
use crate::sentence::Sentence;

/// Choices for attribution and entity resolution.
#[derive(Debug, Clone)]
pub struct Config {
    /// How many sentences back "he" or "she" may find the person speaking.
    pub person_reach: usize,
    /// How many sentences back "they", "it" or "the report" may find the speaker, and a
    /// quotation may continue the one before it.
    pub speaker_reach: usize,
    /// The largest group of descriptions of one kind of body in one country that is
    /// compared for merging; above it only identical descriptions merge, which keeps
    /// resolution linear on hostile input.
    pub max_description_group: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            person_reach: 8,
            speaker_reach: 6,
            max_description_group: 64,
        }
    }
}

/// The entity mentions of one document, and the links its text makes between them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocMentions {
    pub doc: String,
    pub mentions: Vec<EntityMention>,
    pub links: Vec<MentionLink>,
}

/// A speaker as the text names it.
#[derive(Debug, Clone)]
struct Named {
    text: String,
    span: Span,
}

/// What a sentence's attribution was built from, kept so later sentences can inherit it.
#[derive(Debug, Clone)]
struct Said {
    claim: usize,
    attribution: Attribution,
    speaker: Option<Named>,
    carriers: Vec<String>,
    person: bool,
}

/// Fills the attribution of each claim of `doc` (claims in body order, spans into
/// `doc.body`) and returns the entity mentions of the body.
pub fn attribute(doc: &Document, claims: &mut [Claim], config: &Config) -> DocMentions {
    let body = doc.body.as_str();
    let outlet = doc
        .outlet
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty());
    let mut out = DocMentions {
        doc: doc.id.clone(),
        ..DocMentions::default()
    };
    let mut quote_open = false;
    let mut prev_end = 0;
    let mut starts_in_quote = vec![false; claims.len()];
    let mut ends_in_quote = vec![false; claims.len()];
    let mut last: Option<Said> = None;
    let mut last_person: Option<Said> = None;
    let mut last_report: Option<Said> = None;
    // The last person named as the subject of a sentence ("Roe issued a statement."), a
    // candidate for a later "he" or "she".
    let mut last_subject: Option<(usize, Named)> = None;
    // Sentences in a row that began inside a quotation.
    let mut quoted_run = 0usize;
    let mut buffers = sentence::Buffers::default();
    for ci in 0..claims.len() {
        let span = claims[ci].span;
        let Some(text) = span.slice(body) else {
            continue;
        };
        // A paragraph break (a blank line) closes any quotation left open.
        if body
            .get(prev_end.min(span.start)..span.start)
            .is_some_and(|gap| gap.contains("\n\n"))
        {
            quote_open = false;
        }
        // A quotation that stays open over more than four sentences has lost its closing
        // mark; reading on as quoted would silence the rest of the document.
        quoted_run = if quote_open { quoted_run + 1 } else { 0 };
        if quoted_run > 4 {
            quote_open = false;
            quoted_run = 0;
        }
        prev_end = span.end;
        let s = Sentence::with_buffers(text, span.start, quote_open, std::mem::take(&mut buffers));
        quote_open = s.ends_in_quote;
        starts_in_quote[ci] = s.starts_in_quote
            || s.tokens
                .first()
                .is_some_and(|t| t.kind == token::Kind::OpenQuote);
        ends_in_quote[ci] = s.ends_in_quote;

        let (locals, links) = mentions::find(&s);
        let subject = locals
            .iter()
            .filter(|l| l.a <= 6 && !s.in_quote[l.a] && l.m.form == MentionForm::Name)
            .filter(|l| {
                l.m.kind == model::EntityKind::Person
                    || l.m.kind == model::EntityKind::Other
                        && person_like(&s, attribution::Np { a: l.a, b: l.b })
            })
            .min_by_key(|l| l.a)
            .map(|l| Named {
                text: l.m.text.clone(),
                span: l.m.span,
            });
        let found = s.find_attribution();
        let base = out.mentions.len();
        let speaker_np = found.as_ref().and_then(|f| f.speaker);
        let mut person = false;
        // The speaker is the mention at the end of the speaker phrase (its head): in
        // "Harbour Board spokesperson Ana Lind" the person, not the board.
        let head = speaker_np.and_then(|np| {
            locals
                .iter()
                .enumerate()
                .filter(|(_, l)| {
                    l.a >= np.a && (l.b == np.b || l.b + 1 == np.b && s.tokens[np.b].is_punct(')'))
                })
                .max_by_key(|(i, l)| (l.b, l.b - l.a, usize::MAX - i))
                .map(|(i, _)| i)
        });
        for (li, mut l) in locals.into_iter().enumerate() {
            if Some(li) == head {
                l.m.speaker = true;
                person |= l.m.kind == model::EntityKind::Person;
            }
            out.mentions.push(l.m);
        }
        out.links
            .extend(links.into_iter().map(|(from, to, reason)| MentionLink {
                from: base + from,
                to: base + to,
                reason,
            }));

        // A person named earlier in the same sentence is the nearest antecedent of "she"
        // ("…Ana Roe's address, in which she said…").
        let before_speaker = speaker_np.and_then(|np| {
            let start = s.span(np.a, np.a).start;
            // Not a name inside the quotation: "'I met Ana Roe,' he said."
            let quoted = s.quote_span();
            out.mentions[base..]
                .iter()
                .filter(|m| !quoted.is_some_and(|q| q.start <= m.span.start && m.span.end <= q.end))
                .rfind(|m| m.kind == model::EntityKind::Person && m.span.end <= start)
                .map(|m| Named {
                    text: m.text.clone(),
                    span: m.span,
                })
        });
        let said = match found {
            Some(f) => Some(build(
                &s,
                ci,
                &f,
                outlet,
                person,
                &last,
                &last_person,
                &last_report,
                &last_subject,
                before_speaker,
                config,
            )),
            None => continuation(&s, ci, &last, config),
        };
        if let Some(said) = said {
            claims[ci].attribution = Some(said.attribution.clone());
            if said.person && !said.attribution.inherited {
                last_person = Some(said.clone());
            } else if said.person
                && let Some(lp) = last_person.as_mut()
            {
                lp.claim = ci;
            }
            if said.attribution.stance == model::Stance::Reported && !said.attribution.inherited {
                last_report = Some(said.clone());
            }
            last = Some(said);
        }
        if let Some(subj) = subject {
            last_subject = Some((ci, subj));
        }
        buffers = s.into_buffers();
    }
    backfill_quotes(claims, &starts_in_quote, &ends_in_quote, body);
    surnames_in_document(&mut out);
    out
}

/// Builds the attribution of a sentence with a reporting construction.
#[allow(clippy::too_many_arguments)]
fn build(
    s: &Sentence,
    ci: usize,
    f: &Found,
    outlet: Option<&str>,
    mention_person: bool,
    last: &Option<Said>,
    last_person: &Option<Said>,
    last_report: &Option<Said>,
    last_subject: &Option<(usize, Named)>,
    before_speaker: Option<Named>,
    config: &Config,
) -> Said {
    let np_named = |np: attribution::Np| Named {
        text: s.slice(np.a, np.b).to_string(),
        span: s.span(np.a, np.b),
    };
    let mut speaker = f.speaker.map(np_named);
    // A named person, or a role that only a person holds ("the officer", "a spokesman").
    let mut person = mention_person
        || f.speaker.is_some_and(|np| {
            person_like(s, np) || s.is_word(np.b) && lexicon::title(s.lower(np.b))
        });
    let mut inherited = false;
    let mut carriers: Vec<String> = f.carriers.iter().map(|&np| np_named(np).text).collect();
    if let Some(anaphor) = f.anaphor {
        // "he" or "she": the person named as a subject more recently than the last
        // person who spoke, if any.
        let subject = last_subject
            .as_ref()
            .filter(|(c, _)| ci - c <= config.person_reach)
            .filter(|(c, _)| last_person.as_ref().is_none_or(|p| *c > p.claim));
        let local = before_speaker.filter(|_| anaphor == Anaphor::Person);
        if let Some(named) = local.clone() {
            speaker = Some(named);
            person = true;
            inherited = true;
        } else if let (Anaphor::Person, Some((_, named))) = (anaphor, subject) {
            speaker = Some(named.clone());
            person = true;
            inherited = true;
        }
        let antecedent = match anaphor {
            Anaphor::Person if local.is_some() || subject.is_some() => None,
            Anaphor::Person => last_person
                .as_ref()
                .filter(|p| ci - p.claim <= config.person_reach),
            Anaphor::Any => last
                .as_ref()
                .filter(|p| ci - p.claim <= config.speaker_reach),
            Anaphor::Report => last_report
                .as_ref()
                .or(last.as_ref())
                .filter(|p| ci - p.claim <= config.speaker_reach),
        };
        if let Some(a) = antecedent
            && a.speaker.is_some()
        {
            speaker = a.speaker.clone();
            person = a.person;
            inherited = true;
            if carriers.is_empty() {
                carriers = a.carriers.clone();
            }
        }
    }
    let cited: Vec<Named> = f.cited.iter().map(|&np| np_named(np)).collect();
    let (source, source_span, via) = chain(outlet, &carriers, speaker.as_ref(), &cited);
    Said {
        claim: ci,
        attribution: Attribution {
            source,
            entity: None,
            via,
            span: f.verb,
            source_span,
            verb: f.other_verb.clone().unwrap_or_else(|| f.lemma.to_string()),
            stance: f.stance,
            inherited,
            quote: s.quote_span(),
        },
        speaker,
        carriers,
        person,
    }
}

/// The chain from the outlet to the origin: `via` is the outlet, then what carried the
/// statement, then, when the speaker cites something, the speaker and all but the last
/// thing cited; the source is the last thing cited, or else the speaker.
fn chain(
    outlet: Option<&str>,
    carriers: &[String],
    speaker: Option<&Named>,
    cited: &[Named],
) -> (String, Option<Span>, Vec<String>) {
    let mut via: Vec<String> = Vec::new();
    let push = |v: &mut Vec<String>, item: &str| {
        let key = norm(item);
        if key.is_empty() || v.iter().any(|x| norm(x) == key) {
            return;
        }
        v.push(item.to_string());
    };
    if let Some(o) = outlet {
        push(&mut via, o);
    }
    for c in carriers {
        push(&mut via, c);
    }
    let origin = match cited.split_last() {
        Some((last, rest)) => {
            if let Some(sp) = speaker {
                push(&mut via, &sp.text);
            }
            for c in rest {
                push(&mut via, &c.text);
            }
            Some(last)
        }
        None => speaker,
    };
    match origin {
        Some(o) => {
            // The outlet reporting its own story ("The Daily Ledger reported") is not a
            // step of its own chain.
            via.retain(|v| norm(v) != norm(&o.text));
            (o.text.clone(), Some(o.span), via)
        }
        None => (String::new(), None, via),
    }
}

/// A speaker phrase that names a person rather than a body or a group: it ends in a
/// capitalised word that is not an acronym, a place or the head of a body.
fn person_like(s: &Sentence, np: attribution::Np) -> bool {
    let b = np.b;
    if !s.is_word(b) {
        return false;
    }
    let w = s.word(b);
    lexicon::is_capitalised(w)
        && !lexicon::is_acronym(w)
        && !lexicon::org_head(s.lower(b))
        && !lexicon::stop_capital(s.lower(b))
        && gazetteer::gazetteer().get(w).is_none()
}

/// A sentence without its own reporting construction that continues the quotation of
/// the sentence before it inherits that sentence's attribution.
fn continuation(s: &Sentence, ci: usize, last: &Option<Said>, config: &Config) -> Option<Said> {
    let prev = last.as_ref()?;
    if ci != prev.claim + 1 || ci - prev.claim > config.speaker_reach || !s.has_quote() {
        return None;
    }
    // A sentence wholly inside quotation marks, or one that opens inside a quotation
    // carried over from the sentence before.
    let all_quoted = (0..s.len()).all(|i| !s.is_word(i) || s.in_quote[i]);
    if !(s.starts_in_quote || all_quoted && prev.attribution.quote.is_some()) {
        return None;
    }
    let mut a = prev.attribution.clone();
    a.inherited = true;
    a.quote = s.quote_span();
    Some(Said {
        claim: ci,
        attribution: a,
        ..prev.clone()
    })
}

/// A quotation over several sentences attributed only at its end (`"A. B," she said.`):
/// the earlier sentences of the quotation take the attribution of the one that has it.
fn backfill_quotes(claims: &mut [Claim], starts: &[bool], ends: &[bool], body: &str) {
    let n = claims.len();
    let mut i = 0;
    while i < n {
        // The run of sentences joined by an open quotation.
        let mut j = i;
        while j + 1 < n && ends[j] && starts[j + 1] {
            j += 1;
        }
        if j > i {
            let mut next: Option<Attribution> = None;
            for k in (i..=j).rev() {
                match &claims[k].attribution {
                    Some(a) => next = Some(a.clone()),
                    None => {
                        if let Some(a) = &next {
                            let mut a = a.clone();
                            a.inherited = true;
                            a.quote = quote_of(&claims[k], body);
                            claims[k].attribution = Some(a);
                        }
                    }
                }
            }
        }
        i = j + 1;
    }
}

fn quote_of(claim: &Claim, body: &str) -> Option<Span> {
    // The whole sentence lies inside the quotation when it is part of a run.
    claim.span.slice(body).map(|_| claim.span)
}

/// Links each surname in a document to the one full name in the same document that ends
/// with it (or, for a three-part name, starts with it: "Han Do Yun" order).
fn surnames_in_document(out: &mut DocMentions) {
    use foldhash::{HashMap, HashMapExt};
    let mut by_last: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, m) in out.mentions.iter().enumerate() {
        if m.form != MentionForm::Name || m.kind == model::EntityKind::Organization {
            continue;
        }
        if m.kind != model::EntityKind::Person && !m.speaker {
            continue;
        }
        let count = words(&m.text).take(5).count();
        if !(2..=4).contains(&count) {
            continue;
        }
        let mut ws = words(&m.text);
        let first = ws.next().unwrap_or_default();
        let last = ws.next_back().unwrap_or(first);
        by_last.entry(resolve::fold(last)).or_default().push(i);
        if count == 3 {
            by_first.entry(resolve::fold(first)).or_default().push(i);
        }
    }
    if by_last.is_empty() && by_first.is_empty() {
        return;
    }
    let distinct = |ids: &[usize], ms: &[EntityMention]| {
        let mut names: Vec<String> = ids.iter().map(|&i| resolve::fold(&ms[i].text)).collect();
        names.sort();
        names.dedup();
        names.len() == 1
    };
    let mut links = Vec::new();
    for (i, m) in out.mentions.iter().enumerate() {
        if m.form != MentionForm::Name
            || m.text.contains(' ')
            || m.kind == model::EntityKind::Organization
        {
            continue;
        }
        let key = resolve::fold(&m.text);
        let target = match by_last.get(&key) {
            Some(ids) => distinct(ids, &out.mentions).then(|| ids[0]),
            None => by_first
                .get(&key)
                .filter(|ids| distinct(ids, &out.mentions))
                .map(|ids| ids[0]),
        };
        if let Some(t) = target {
            links.push(MentionLink {
                from: i,
                to: t,
                reason: LinkReason::SurnameInDocument,
            });
        }
    }
    for l in &links {
        out.mentions[l.from].kind = model::EntityKind::Person;
    }
    out.links.extend(links);
}

/// The words of `text` split at whitespace, exactly as `str::split_whitespace` gives
/// them; an ASCII text (most names) is split byte by byte rather than char by char.
pub(crate) enum Words<'a> {
    Ascii(&'a str),
    Other(std::str::SplitWhitespace<'a>),
}

pub(crate) fn words(text: &str) -> Words<'_> {
    if text.is_ascii() {
        Words::Ascii(text)
    } else {
        Words::Other(text.split_whitespace())
    }
}

/// The ASCII characters `char::is_whitespace` accepts.
fn ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            Words::Other(it) => it.next(),
            Words::Ascii(rest) => {
                let bytes = rest.as_bytes();
                let Some(start) = bytes.iter().position(|&b| !ascii_space(b)) else {
                    *rest = "";
                    return None;
                };
                let end = bytes[start..]
                    .iter()
                    .position(|&b| ascii_space(b))
                    .map_or(bytes.len(), |len| start + len);
                // The text is ASCII, so every byte offset is a character boundary.
                let word = rest.get(start..end)?;
                *rest = rest.get(end..).unwrap_or_default();
                Some(word)
            }
        }
    }
}

impl DoubleEndedIterator for Words<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self {
            Words::Other(it) => it.next_back(),
            Words::Ascii(rest) => {
                let bytes = rest.as_bytes();
                let Some(last) = bytes.iter().rposition(|&b| !ascii_space(b)) else {
                    *rest = "";
                    return None;
                };
                let start = bytes[..last]
                    .iter()
                    .rposition(|&b| ascii_space(b))
                    .map_or(0, |p| p + 1);
                let word = rest.get(start..=last)?;
                *rest = rest.get(..start).unwrap_or_default();
                Some(word)
            }
        }
    }
}

/// A name reduced for comparison: lowercase, without a leading "the", dots, possessive
/// endings or extra spaces, curly apostrophes made straight.
pub(crate) fn norm(name: &str) -> String {
    if name.is_ascii() {
        // The same steps byte by byte, for the usual ASCII name.
        let mut s: Vec<u8> = Vec::with_capacity(name.len());
        for &b in name.as_bytes() {
            match b {
                b'.' => {}
                // What `char::is_whitespace` accepts in ASCII.
                b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => {
                    if s.last().is_some_and(|&l| l != b' ') {
                        s.push(b' ');
                    }
                }
                b => s.push(b.to_ascii_lowercase()),
            }
        }
        let mut t: &[u8] = &s;
        if let [rest @ .., b' '] = t {
            t = rest;
        }
        while let [rest @ .., b'\'', b's'] = t {
            t = rest;
        }
        while let [rest @ .., b'\''] = t {
            t = rest;
        }
        let end = t.len();
        let start = if t.starts_with(b"the ") { 4 } else { 0 };
        s.truncate(end);
        s.drain(..start);
        // Only ASCII bytes were pushed, so the bytes are UTF-8 and nothing is lost.
        return String::from_utf8(s).unwrap_or_default();
    }
    norm_chars(name)
}

/// [`norm`] char by char, for names outside ASCII.
fn norm_chars(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '.' => {}
            '\u{2019}' => s.push('\''),
            c if c.is_whitespace() => {
                if !s.ends_with(' ') && !s.is_empty() {
                    s.push(' ');
                }
            }
            c => s.extend(c.to_lowercase()),
        }
    }
    let s = s.trim_end().trim_end_matches("'s").trim_end_matches('\'');
    s.strip_prefix("the ").unwrap_or(s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::Stance;

    fn doc(body: &str, outlet: Option<&str>) -> (Document, Vec<Claim>) {
        let mut d = Document::new("d1", "x.txt", body);
        d.body = body.to_string();
        d.outlet = outlet.map(str::to_string);
        // One claim per line keeps these tests independent of the segmenter.
        let mut claims = Vec::new();
        let mut pos = 0;
        for (i, line) in body.split('\n').enumerate() {
            if !line.trim().is_empty() {
                claims.push(Claim {
                    id: format!("d1:c{i}"),
                    doc: "d1".into(),
                    span: Span::new(pos, pos + line.len()),
                    text: line.to_string(),
                    attribution: None,
                    quantities: vec![],
                    times: vec![],
                    entities: vec![],
                });
            }
            pos += line.len() + 1;
        }
        (d, claims)
    }

    #[test]
    fn chain_outlet_speaker_and_cited() {
        let (d, mut c) = doc(
            "Ships are turning back, the Daily Ledger reported citing Norland's coast guard (NCG).",
            Some("Harbour Times"),
        );
        attribute(&d, &mut c, &Config::default());
        let a = c[0].attribution.as_ref().unwrap();
        assert_eq!(a.source, "Norland's coast guard (NCG)");
        assert_eq!(a.via, vec!["Harbour Times", "the Daily Ledger"]);
        assert_eq!(a.stance, Stance::Reported);
        assert_eq!(a.verb, "report");
        assert_eq!(
            a.source_span.unwrap().slice(&d.body),
            Some("Norland's coast guard (NCG)")
        );
    }

    #[test]
    fn quotes_continue_and_pronouns_inherit() {
        let body = "Harbour chief Ana Lind said Tuesday the port would reopen.\n\
                    \"We are ready,\" she said. \"The ships can come.\"\n\
                    \"Soon,\" the crowd shouted.";
        let (d, mut c) = doc(body, None);
        // Split the second line into its two sentences.
        let second = c[1].span;
        let cut = second.start + body[second.start..].find(". ").unwrap() + 1;
        c.insert(
            2,
            Claim {
                span: Span::new(cut + 1, second.end),
                ..c[1].clone()
            },
        );
        c[1].span = Span::new(second.start, cut);
        attribute(&d, &mut c, &Config::default());
        let a0 = c[0].attribution.as_ref().unwrap();
        assert_eq!(a0.source, "Harbour chief Ana Lind");
        assert!(!a0.inherited);
        let a1 = c[1].attribution.as_ref().unwrap();
        assert_eq!(a1.source, "Harbour chief Ana Lind");
        assert!(a1.inherited);
        assert_eq!(a1.quote.unwrap().slice(body), Some("\"We are ready,\""));
        let a2 = c[2].attribution.as_ref().unwrap();
        assert!(a2.inherited);
        assert_eq!(a2.source, "Harbour chief Ana Lind");
        assert!(c[3].attribution.is_none());
    }

    #[test]
    fn quotation_attributed_at_its_end_backfills() {
        let body = "\"The port is shut. Nobody can sail,\" Lind said.";
        let (d, mut c) = doc(body, None);
        let cut = body.find(" Nobody").unwrap();
        let second = Claim {
            span: Span::new(cut + 1, body.len()),
            ..c[0].clone()
        };
        c[0].span = Span::new(0, cut);
        c.push(second);
        attribute(&d, &mut c, &Config::default());
        assert_eq!(c[1].attribution.as_ref().unwrap().source, "Lind");
        let a0 = c[0].attribution.as_ref().unwrap();
        assert_eq!(a0.source, "Lind");
        assert!(a0.inherited);
    }

    #[test]
    fn she_refers_to_the_person_named_before_her_in_the_sentence() {
        let (d, mut c) = doc(
            "Harbour chief Piet Varga spoke first.\nThe vote followed President Ana Lind's address, in which she said the port would reopen.",
            None,
        );
        attribute(&d, &mut c, &Config::default());
        let a = c[1].attribution.as_ref().unwrap();
        assert_eq!(a.source, "Ana Lind");
        assert!(a.inherited);
    }

    #[test]
    fn surname_links_to_full_name_in_document() {
        let (d, mut c) = doc(
            "Harbour chief Ana Lind spoke on Monday.\nLind said the port was closed.",
            None,
        );
        let m = attribute(&d, &mut c, &Config::default());
        let link = m
            .links
            .iter()
            .find(|l| l.reason == LinkReason::SurnameInDocument)
            .unwrap();
        assert_eq!(m.mentions[link.from].text, "Lind");
        assert_eq!(m.mentions[link.to].text, "Ana Lind");
    }

    proptest::proptest! {
        #[test]
        fn words_split_as_split_whitespace(text in "[ab\\- .\t\n\r\x0b\x0c\u{a0}\u{e9}]{0,24}") {
            let expected: Vec<&str> = text.split_whitespace().collect();
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), expected.clone());
            let mut back: Vec<&str> = words(&text).rev().collect();
            back.reverse();
            proptest::prop_assert_eq!(back, expected.clone());
            // From both ends at once, as the surname index reads a name.
            let mut ws = words(&text);
            let first = ws.next();
            let last = ws.next_back();
            proptest::prop_assert_eq!(first, expected.first().copied());
            proptest::prop_assert_eq!(last, expected.get(1..).and_then(|r| r.last().copied()));
        }

        #[test]
        fn ascii_norm_agrees_with_char_norm(
            name in "(the |The |THE )?[A-Za-z .'sS\t\n\r\x0b\x0c-]{0,24}( 's|'s|'S|')*"
        ) {
            proptest::prop_assert_eq!(norm(&name), norm_chars(&name));
        }
    }

    #[test]
    fn norm_strips_article_dots_and_possessive() {
        assert_eq!(norm("The Daily  Ledger"), "daily ledger");
        assert_eq!(norm("U.S."), "us");
        assert_eq!(norm("Norland’s"), "norland");
    }
}
