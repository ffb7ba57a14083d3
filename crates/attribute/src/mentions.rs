//! Entity mentions in one sentence, found without a statistical model: capitalised
//! sequences split into roles and names, acronyms and the phrase they abbreviate, places
//! and demonyms from the gazetteer, and descriptions of bodies by their country ("Kyiv's
//! military intelligence", "the Defence Intelligence of Norland").
//!
//! It does not decide which mentions name the same actor: it only records what the text
//! says next to each mention (a title, a country, an acronym in brackets). The resolver
//! merges them.

use model::{EntityKind, Span};

use crate::gazetteer::{PlaceKind, gazetteer};
use crate::lexicon;
use crate::sentence::Sentence;
use crate::token::Kind;

/// How a mention names its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MentionForm {
    /// A capitalised name ("Ana Lind", "Harbour Authority").
    Name,
    /// An acronym ("NATO").
    Acronym,
    /// A place from the gazetteer by one of its names ("Norway", "U.S.").
    Place,
    /// A demonym standing for its country ("Norwegian").
    Demonym,
    /// A body described by its country and what it is ("Oslo's military intelligence").
    Description,
}

/// One place in a body where an entity is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityMention {
    /// Span into the document's body of the name as written, without a possessive ending.
    pub span: Span,
    pub text: String,
    pub kind: EntityKind,
    pub form: MentionForm,
    /// For places and demonyms, the gazetteer's name of the place meant ("Ukraine" for
    /// "Ukrainian").
    pub canonical: Option<String>,
    /// The country a description or place belongs to.
    pub country: Option<String>,
    /// A title or role written before a person's name ("Foreign Minister").
    pub role: Option<String>,
    /// For descriptions: the content words, folded and sorted, the head last.
    pub signature: Vec<String>,
    /// True when the mention is the subject of a reporting verb.
    pub speaker: bool,
    /// The first word of its sentence, with nothing else to say it is a name.
    pub(crate) initial: bool,
}

/// Why two mentions of one document name the same actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkReason {
    /// An acronym in brackets right after a name or description.
    AcronymDefined,
    /// A description whose words include a name ("South Korea's National Intelligence
    /// Service").
    NamedWithCountry,
    /// A surname and the one full name in the document that ends (or, for three-part
    /// names, starts) with it.
    SurnameInDocument,
}

/// Two mentions (indices into [`crate::DocMentions::mentions`]) linked in one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MentionLink {
    pub from: usize,
    pub to: usize,
    pub reason: LinkReason,
}

/// A mention with the tokens it covers, while its sentence is being read.
pub(crate) struct Local {
    pub a: usize,
    pub b: usize,
    pub m: EntityMention,
}

const CONNECTORS: &[&str] = &[
    "of", "the", "de", "la", "van", "von", "bin", "al", "del", "da", "du", "le", "di", "der",
    "den", "y", "and", "&", "el", "ibn",
];

fn mention(s: &Sentence, a: usize, b: usize, kind: EntityKind, form: MentionForm) -> Local {
    Local {
        a,
        b,
        m: EntityMention {
            span: s.span(a, b),
            text: s.slice(a, b).to_string(),
            kind,
            form,
            canonical: None,
            country: None,
            role: None,
            signature: Vec::new(),
            speaker: false,
            initial: false,
        },
    }
}

/// True when more than half of the sentence's words are in capitals: a shouted headline or
/// an all-caps text, where capitals say nothing about names.
fn shouting(s: &Sentence) -> bool {
    let mut words = 0;
    let mut caps = 0;
    for i in 0..s.len() {
        if s.is_word(i) {
            words += 1;
            let w = s.word(i);
            if w.len() > 1 && !w.chars().any(char::is_lowercase) {
                caps += 1;
            }
        }
    }
    words >= 4 && caps * 2 > words
}

/// Finds the mentions of sentence `s`, with links between them (indices into the returned
/// list).
pub(crate) fn find(s: &Sentence) -> (Vec<Local>, Vec<(usize, usize, LinkReason)>) {
    let mut out: Vec<Local> = Vec::new();
    let mut links = Vec::new();
    let shout = shouting(s);
    let n = s.len();
    let first_word = (0..n).find(|&i| s.is_word(i));
    let mut i = 0;
    while i < n {
        if !s.is_word(i) {
            i += 1;
            continue;
        }
        let w = s.word(i);
        // A word in capitals too long for an acronym is shouted ("GUILTY", "BREAKING").
        let shouted = || w.chars().count() > 6 && !w.chars().any(char::is_lowercase);
        if !lexicon::is_capitalised(w) || lexicon::stop_capital(s.lower(i)) || shouted() {
            i += 1;
            continue;
        }
        // A run of capitalised words, with connectors inside ("Bank of England").
        let mut j = i;
        let mut last = i;
        while j < n && (s.is_word(j) || s.abbreviation_dot(j)) {
            let w = s.word(j);
            if lexicon::is_capitalised(w) && !lexicon::stop_capital(s.lower(j)) {
                last = j;
                j += 1;
            } else if CONNECTORS.contains(&s.lower(j)) && j + 1 < n && s.is_word(j + 1)
                || s.abbreviation_dot(j)
            {
                j += 1;
            } else {
                break;
            }
            if j > last + 2 {
                break;
            }
        }
        run(
            s,
            i,
            last,
            shout,
            Some(i) == first_word,
            &mut out,
            &mut links,
        );
        i = last + 1;
    }
    descriptions(s, &mut out, &mut links);
    acronym_definitions(s, &out, &mut links);
    (out, links)
}

/// Splits a capitalised run `a..=b` into places, roles, names and acronyms.
fn run(
    s: &Sentence,
    a: usize,
    b: usize,
    shout: bool,
    initial: bool,
    out: &mut Vec<Local>,
    links: &mut Vec<(usize, usize, LinkReason)>,
) {
    let g = gazetteer();
    // The longest place name at the start of the run.
    let max = g.max_words.min(b - a + 1);
    for len in (1..=max).rev() {
        let end = a + len - 1;
        // A capital or a region at the head of a longer name belongs to it ("Harbour City
        // Times", "Pacific Fleet"); a country or demonym qualifies it ("Norwegian Navy").
        let Some(p) = g
            .get(s.slice(a, end))
            .filter(|p| end == b || matches!(p.kind, PlaceKind::Country | PlaceKind::Demonym))
        else {
            continue;
        };
        {
            let form = if p.kind == PlaceKind::Demonym {
                MentionForm::Demonym
            } else {
                MentionForm::Place
            };
            let mut l = mention(s, a, end, EntityKind::Place, form);
            l.m.canonical = Some(p.canonical.to_string());
            l.m.country = match p.kind {
                PlaceKind::Country | PlaceKind::Demonym => Some(p.canonical.to_string()),
                _ => p.country.map(str::to_string),
            };
            out.push(l);
            if end < b {
                let mut next = end + 1;
                while next <= b && CONNECTORS.contains(&s.lower(next)) {
                    next += 1;
                }
                if next <= b {
                    run(s, next, b, shout, false, out, links);
                }
            }
            return;
        }
    }
    // "Oslo and Bergen": two names, unless the whole is one ("Trinidad and Tobago" is
    // caught above) or a body ("Bureau of Fish and Game").
    if let Some(and) = (a + 1..b).find(|&k| s.lower(k) == "and" || s.lower(k) == "&")
        && !(a..=b).any(|k| lexicon::org_head(s.lower(k)))
    {
        run(s, a, and - 1, shout, initial, out, links);
        run(s, and + 1, b, shout, false, out, links);
        return;
    }
    // Acronyms stand alone, even inside a run ("KCNA UPI").
    if !shout
        && lexicon::is_acronym(s.word(a))
        && (a..=b).all(|k| lexicon::is_acronym(s.word(k)) || CONNECTORS.contains(&s.lower(k)))
    {
        for k in a..=b {
            if lexicon::is_acronym(s.word(k)) {
                let mut l = mention(s, k, k, EntityKind::Organization, MentionForm::Acronym);
                l.m.initial = initial && k == a;
                out.push(l);
            }
        }
        return;
    }
    if shout {
        return;
    }
    // "the BBC Ana Roe": an acronym before a name that is not part of a body's name.
    if a < b
        && lexicon::is_acronym(s.word(a))
        // Two capitals before a name are the person's initials ("PJ Hill").
        && s.word(a).chars().count() > 2
        && s.is_word(a + 1)
        && !(a + 1..=b).any(|k| lexicon::org_head(s.lower(k)))
    {
        let mut l = mention(s, a, a, EntityKind::Organization, MentionForm::Acronym);
        l.m.initial = initial;
        out.push(l);
        run(s, a + 1, b, shout, false, out, links);
        return;
    }
    // A title inside the run: "Foreign Minister Ola Berg", "Nato Secretary General Ana Lind".
    let is_title = |k: usize| s.is_word(k) && lexicon::title(s.lower(k).trim_end_matches('.'));
    let mut split = None;
    for k in a..b {
        if is_title(k) && (k + 1..=b).any(|x| !is_title(x) && lexicon::is_capitalised(s.word(x))) {
            split = Some(k);
        }
    }
    // "Vice Foreign Ministry Kim Jo": a body's name with a title, then a person.
    if let Some(t) = (a..=b).find(|&k| is_title(k)) {
        for k in t.max(split.unwrap_or(a))..b {
            if lexicon::org_head(s.lower(k)) && lexicon::is_capitalised(s.word(k + 1)) {
                split = Some(k);
            }
        }
    }
    if let Some(k) = split {
        let name_start = (k + 1..=b).find(|&x| s.is_word(x) && !CONNECTORS.contains(&s.lower(x)));
        if let Some(ns) = name_start {
            // The part before the first title may itself be a name ("Nato").
            // The title with the words that qualify it ("Foreign Minister").
            let mut first_title = k;
            while first_title > a
                && (is_title(first_title - 1)
                    || lexicon::generic_org_word(s.lower(first_title - 1)))
            {
                first_title -= 1;
            }
            if first_title > a {
                run(s, a, first_title - 1, shout, initial, out, links);
            }
            // "Ana Roe of Harbour City": the person's name stops at "of".
            let end = (ns..=b).find(|&x| s.lower(x) == "of").map_or(b, |x| x - 1);
            let mut l = mention(s, ns, end.max(ns), EntityKind::Person, MentionForm::Name);
            l.m.role = Some(role_before(s, a, k));
            out.push(l);
            if end + 2 <= b {
                run(s, end + 2, b, shout, false, out, links);
            }
            return;
        }
    }
    // "Defence Intelligence of Norway": a body of a country.
    if let Some(of) = (a + 1..b).rev().find(|&k| s.lower(k) == "of")
        && let Some(p) = g.get(s.slice(of + 1, b))
    {
        let has_head = (a..of).any(|k| lexicon::state_body(s.lower(k)));
        if has_head && p.kind == PlaceKind::Country {
            let country = match p.kind {
                PlaceKind::Country => p.canonical,
                _ => p.country.unwrap_or(p.canonical),
            };
            let name = out.len();
            out.push(mention(
                s,
                a,
                b,
                EntityKind::Organization,
                MentionForm::Name,
            ));
            let mut place = mention(s, of + 1, b, EntityKind::Place, MentionForm::Place);
            place.m.canonical = Some(p.canonical.to_string());
            place.m.country = Some(country.to_string());
            out.push(place);
            let sig = signature(s, a, of - 1);
            if !sig.is_empty() {
                let mut d = mention(s, a, b, EntityKind::Organization, MentionForm::Description);
                d.m.country = Some(country.to_string());
                d.m.signature = sig;
                let di = out.len();
                out.push(d);
                links.push((di, name, LinkReason::NamedWithCountry));
            }
            return;
        }
    }
    let kind = if (a..=b).any(|k| lexicon::org_head(s.lower(k))) {
        EntityKind::Organization
    } else if a > 0 && s.is_word(a - 1) && lexicon::title(s.lower(a - 1)) {
        EntityKind::Person
    } else {
        EntityKind::Other
    };
    // A lone title ("President") or a single common word is not a name.
    if a == b && is_title(a) {
        return;
    }
    let mut l = mention(s, a, b, kind, MentionForm::Name);
    if kind == EntityKind::Person {
        l.m.role = Some(role_before(s, a.saturating_sub(1), a - 1));
    }
    l.m.initial = initial && a == b;
    out.push(l);
}

/// The role text before a name: the title at `k` and the words before it that belong to
/// it ("White House spokesperson", "Norway's Foreign Minister").
fn role_before(s: &Sentence, a: usize, k: usize) -> String {
    let mut start = a.min(k);
    let mut j = start;
    while j > 0 && start + 8 > k {
        let p = j - 1;
        let ok = match s.tokens[p].kind {
            Kind::Word => {
                let w = s.word(p);
                (lexicon::is_capitalised(w) && !lexicon::stop_capital(s.lower(p)))
                    || lexicon::title(s.lower(p))
            }
            Kind::Possessive => true,
            _ => false,
        };
        if !ok {
            break;
        }
        start = p;
        j = p;
    }
    while start < k && s.tokens[start].kind == Kind::Possessive {
        start += 1;
    }
    s.slice(start, k).to_string()
}

/// The folded content words of tokens `a..=b`, sorted, with the head (the last content
/// word) last.
fn signature(s: &Sentence, a: usize, b: usize) -> Vec<String> {
    let mut words: Vec<String> = (a..=b)
        .filter(|&k| s.is_word(k) || s.tokens[k].kind == Kind::Number)
        .filter_map(|k| lexicon::fold_modifier(s.lower(k)).map(str::to_string))
        .collect();
    let Some(head) = words.pop() else {
        return Vec::new();
    };
    words.sort();
    words.dedup();
    words.retain(|w| *w != head);
    words.push(head);
    words
}

/// Descriptions of bodies by their country: a place or demonym (with or without a
/// possessive) followed by words ending in the head of a body.
fn descriptions(s: &Sentence, out: &mut Vec<Local>, links: &mut Vec<(usize, usize, LinkReason)>) {
    let n = s.len();
    let count = out.len();
    for pi in 0..count {
        let (pa, pb) = (out[pi].a, out[pi].b);
        let country = match (&out[pi].m.form, &out[pi].m.country) {
            (MentionForm::Place | MentionForm::Demonym, Some(c)) => c.clone(),
            _ => continue,
        };
        let mut k = pb + 1;
        if k < n && s.tokens[k].kind == Kind::Possessive {
            k += 1;
        }
        let start = k;
        let mut head = None;
        while k < n && k < start + 6 && s.in_quote[k] == s.in_quote[pa] {
            let t = s.tokens[k];
            if t.kind == Kind::Number {
                k += 1;
                continue;
            }
            if t.kind != Kind::Word {
                break;
            }
            let w = s.lower(k);
            let capital = lexicon::is_capitalised(s.word(k));
            let verbish = !capital
                && (lexicon::verb(w).is_some()
                    || (w.ends_with("ed") && !matches!(w, "armed" | "united"))
                    || (w.ends_with("ing") && !matches!(w, "ruling" | "governing")));
            let modifier = capital
                || lexicon::org_head(w)
                || lexicon::generic_org_word(w)
                || [
                    "al", "ic", "ary", "ian", "an", "ese", "ish", "ive", "ern", "ar", "ate",
                ]
                .iter()
                .any(|x| w.ends_with(x));
            if lexicon::np_breaker(w) || lexicon::determiner(w) || verbish || w == "of" || !modifier
            {
                break;
            }
            if lexicon::person_group(w) && !lexicon::org_head(w) {
                break;
            }
            if lexicon::state_body(w) {
                head = Some(k);
            }
            k += 1;
        }
        let Some(h) = head else { continue };
        let sig = signature(s, start, h);
        if sig.is_empty() {
            continue;
        }
        let mut d = mention(s, pa, h, EntityKind::Organization, MentionForm::Description);
        d.m.country = Some(country);
        d.m.signature = sig;
        let di = out.len();
        // A name inside the description: "Seoul's National Intelligence Service".
        let inner: Vec<usize> = (0..count)
            .filter(|&x| {
                x != pi && out[x].a >= start && out[x].b <= h && out[x].m.form == MentionForm::Name
            })
            .collect();
        out.push(d);
        for x in inner {
            links.push((di, x, LinkReason::NamedWithCountry));
        }
    }
}

/// "National Intelligence Service (NIS)": an acronym in brackets right after a name or a
/// description defines it.
fn acronym_definitions(s: &Sentence, out: &[Local], links: &mut Vec<(usize, usize, LinkReason)>) {
    for (ai, acr) in out.iter().enumerate() {
        if acr.m.form != MentionForm::Acronym || acr.a < 2 {
            continue;
        }
        let open = acr.a - 1;
        if !s.tokens[open].is_punct('(')
            || !s.tokens.get(acr.b + 1).is_some_and(|t| t.is_punct(')'))
        {
            continue;
        }
        // The longest mention that ends right before the bracket: a description over the
        // name inside it.
        let best = out
            .iter()
            .enumerate()
            .filter(|(x, m)| *x != ai && m.b + 1 == open && m.m.form != MentionForm::Acronym)
            .max_by_key(|(x, m)| (m.b - m.a, usize::MAX - x));
        if let Some((x, _)) = best {
            links.push((x, ai, LinkReason::AcronymDefined));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, MentionForm, EntityKind)> {
        let s = Sentence::new(text, 0, false);
        find(&s)
            .0
            .into_iter()
            .map(|l| (l.m.text, l.m.form, l.m.kind))
            .collect()
    }

    #[test]
    fn titles_split_roles_from_names() {
        let s = Sentence::new("Norwegian Foreign Minister Ola Berg spoke.", 0, false);
        let (ms, _) = find(&s);
        let berg = ms.iter().find(|l| l.m.text == "Ola Berg").unwrap();
        assert_eq!(berg.m.kind, EntityKind::Person);
        assert_eq!(berg.m.role.as_deref(), Some("Norwegian Foreign Minister"));
        assert!(
            ms.iter()
                .any(|l| l.m.text == "Norwegian" && l.m.form == MentionForm::Demonym)
        );
        let s = Sentence::new("Harbour Board spokesperson Ana Lind spoke.", 0, false);
        let (ms, _) = find(&s);
        let lind = ms.iter().find(|l| l.m.text == "Ana Lind").unwrap();
        assert_eq!(lind.m.kind, EntityKind::Person);
        assert_eq!(lind.m.role.as_deref(), Some("Harbour Board spokesperson"));
    }

    #[test]
    fn acronym_defined_in_brackets() {
        let s = Sentence::new(
            "Norway's coastal intelligence agency (NCIA) said so.",
            0,
            false,
        );
        let (ms, links) = find(&s);
        let (from, to, why) = links
            .iter()
            .find(|l| l.2 == LinkReason::AcronymDefined)
            .copied()
            .unwrap();
        assert_eq!(ms[from].m.text, "Norway's coastal intelligence agency");
        assert_eq!(ms[from].m.signature, vec!["coastal", "intelligence"]);
        assert_eq!(ms[to].m.text, "NCIA");
        assert_eq!(why, LinkReason::AcronymDefined);
    }

    #[test]
    fn descriptions_by_capital_and_of_country() {
        let s = Sentence::new("Oslo's military intelligence said it.", 0, false);
        let (ms, _) = find(&s);
        let d = ms
            .iter()
            .find(|l| l.m.form == MentionForm::Description)
            .unwrap();
        assert_eq!(d.m.country.as_deref(), Some("Norway"));
        assert_eq!(d.m.signature, vec!["defence", "intelligence"]);
        let s = Sentence::new("The Defense Intelligence of Norway said it.", 0, false);
        let (ms, _) = find(&s);
        let d = ms
            .iter()
            .find(|l| l.m.form == MentionForm::Description)
            .unwrap();
        assert_eq!(d.m.signature, vec!["defence", "intelligence"]);
        // People are not bodies.
        let s = Sentence::new("Norwegian officials said it.", 0, false);
        assert!(
            find(&s)
                .0
                .iter()
                .all(|l| l.m.form != MentionForm::Description)
        );
    }

    #[test]
    fn places_and_plain_names() {
        let f = found("The ship left South Korea for Varna Oblast with NATO approval.");
        assert!(f.contains(&("South Korea".into(), MentionForm::Place, EntityKind::Place)));
        assert!(f.contains(&("Varna Oblast".into(), MentionForm::Name, EntityKind::Other)));
        assert!(f.contains(&(
            "NATO".into(),
            MentionForm::Acronym,
            EntityKind::Organization
        )));
        assert!(found("THE PORT IS CLOSED TODAY SAYS NOBODY").is_empty());
    }
}
