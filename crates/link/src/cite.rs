//! Citations: a document that names another outlet as its source ("X reported",
//! "according to X", "citing X") is linked to that outlet's document in the same story,
//! or to the outlet's entity when no document of it is in the story.
//!
//! Two kinds of evidence are read. Attributions from the extract stage, when present,
//! name outlets in their `source` and `via` chain. Failing those, the body is scanned in
//! one pass for the outlet names of the corpus's documents (and of entities that publish
//! documents) next to a reporting cue. It does not guess that an unknown capitalised name
//! is an outlet: only names the corpus or the entity list knows as outlets are linked.

use std::collections::{BTreeMap, HashMap};

use model::{Claim, Document, Entity, EntityKind, Span, Stance};

use crate::text;

/// A citation found in one document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Citation {
    /// Index of the citing document.
    pub from: usize,
    /// A document index or an entity id.
    pub to: Target,
    /// Span of the citing phrase in the citing document's body.
    pub span: Span,
    /// The phrase as written.
    pub phrase: String,
    /// The outlet name as matched.
    pub outlet: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Target {
    Doc(usize),
    Entity(String),
}

/// Words after an outlet's name that make it the source of what follows or precedes.
const AFTER_CUES: &[&str] = &[
    "reported",
    "reports",
    "report",
    "reporting",
    "said",
    "says",
    "wrote",
    "writes",
    "published",
    "quoted",
    "quotes",
    "cited",
    "cites",
    "learned",
    "revealed",
    "confirmed",
    "obtained",
];

/// Words that may stand between an outlet's name and its reporting verb.
const BRIDGES: &[&str] = &[
    "has",
    "had",
    "have",
    "also",
    "first",
    "earlier",
    "previously",
    "recently",
    "was",
    "initially",
];

/// Words before an outlet's name that make it the source.
const BEFORE_CUES: &[&str] = &[
    "according",
    "citing",
    "cited",
    "quoted",
    "quoting",
    "told",
    "via",
    "per",
    "by",
    "reported",
    "interview",
];

/// Head words of news outlets' names ("Daily Herald", "Press Association", "Channel 4
/// News"): a source so named is a medium even when no document of it is in the corpus.
const OUTLET_WORDS: &[&str] = &[
    "news",
    "times",
    "post",
    "press",
    "herald",
    "journal",
    "tribune",
    "gazette",
    "daily",
    "wire",
    "television",
    "tv",
    "radio",
    "newspaper",
    "magazine",
    "broadcaster",
    "broadcasting",
    "telegraph",
    "guardian",
    "chronicle",
    "courier",
    "observer",
    "standard",
    "independent",
    "dispatch",
    "ledger",
    "reporter",
    "mirror",
    "express",
    "examiner",
    "inquirer",
    "bulletin",
];

/// True when `name` reads as a news outlet's name.
fn looks_like_outlet(name: &str) -> bool {
    text::words(name).iter().any(|w| {
        let word = &name[w.span.start..w.span.end];
        word.chars().next().is_some_and(char::is_uppercase)
            && OUTLET_WORDS.contains(&word.to_lowercase().as_str())
    })
}

/// The comparable form of an outlet name: lowercased words without a leading article.
pub(crate) fn outlet_key(name: &str) -> Vec<String> {
    let ws: Vec<String> = text::words(name)
        .iter()
        .map(|w| name[w.span.start..w.span.end].to_lowercase())
        .collect();
    match ws.first().map(String::as_str) {
        Some("the") if ws.len() > 1 => ws[1..].to_vec(),
        _ => ws,
    }
}

/// The outlets the corpus knows: each name key, its display name, the documents it
/// published and the entity standing for it.
#[derive(Default)]
struct Outlets {
    by_key: BTreeMap<Vec<String>, (String, Vec<usize>, Option<String>)>,
}

impl Outlets {
    fn build(docs: &[&Document], entities: &[Entity]) -> Outlets {
        let mut o = Outlets::default();
        let pos: HashMap<&str, usize> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        for (i, d) in docs.iter().enumerate() {
            if let Some(name) = d.outlet.as_deref() {
                let key = outlet_key(name);
                if !key.is_empty() {
                    let e = o
                        .by_key
                        .entry(key)
                        .or_insert_with(|| (name.trim().to_string(), Vec::new(), None));
                    e.1.push(i);
                }
            }
        }
        for ent in entities {
            let published: Vec<usize> = ent
                .outlet_of
                .iter()
                .filter_map(|id| pos.get(id.as_str()).copied())
                .collect();
            if published.is_empty() && ent.outlet_of.is_empty() {
                continue;
            }
            for name in std::iter::once(&ent.name).chain(&ent.aliases) {
                let key = outlet_key(name);
                if key.is_empty() {
                    continue;
                }
                let e = o
                    .by_key
                    .entry(key)
                    .or_insert_with(|| (ent.name.clone(), Vec::new(), None));
                for &i in &published {
                    if !e.1.contains(&i) {
                        e.1.push(i);
                    }
                }
                e.2.get_or_insert_with(|| ent.id.clone());
            }
        }
        o
    }
}

/// Finds the citations of every document. `story_of[i]` is the story of document `i`.
pub(crate) fn citations(
    docs: &[&Document],
    claims: &[Claim],
    entities: &[Entity],
    story_of: &[usize],
) -> Vec<Citation> {
    let outlets = Outlets::build(docs, entities);
    let pos: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let entity_by_id: HashMap<&str, &Entity> =
        entities.iter().map(|e| (e.id.as_str(), e)).collect();
    // Entities by name key, for outlets that have no document in the corpus.
    let mut entity_by_key: HashMap<Vec<String>, &Entity> = HashMap::new();
    for e in entities {
        for name in std::iter::once(&e.name).chain(&e.aliases) {
            entity_by_key.entry(outlet_key(name)).or_insert(e);
        }
    }
    // First word of each outlet name -> the names starting with it.
    let mut first: HashMap<&str, Vec<&Vec<String>>> = HashMap::new();
    for key in outlets.by_key.keys() {
        first.entry(key[0].as_str()).or_default().push(key);
    }

    let mut found: Vec<Citation> = Vec::new();
    let resolve = |from: usize, key: &[String], name: &str, entity: Option<&str>| {
        let own = docs[from].outlet.as_deref().map(outlet_key);
        if own.as_deref() == Some(key) || key.is_empty() {
            return None;
        }
        let (display, published, ent) = match outlets.by_key.get(key) {
            Some((d, p, e)) => (d.clone(), p.clone(), e.clone()),
            None => {
                let e = entity
                    .and_then(|id| entity_by_id.get(id).copied())
                    .or_else(|| entity_by_key.get(key).copied())
                    .filter(|e| {
                        !e.outlet_of.is_empty()
                            || (e.kind == EntityKind::Organization
                                && (looks_like_outlet(name) || looks_like_outlet(&e.name)))
                    })?;
                let p = e
                    .outlet_of
                    .iter()
                    .filter_map(|id| pos.get(id.as_str()).copied())
                    .collect();
                (name.to_string(), p, Some(e.id.clone()))
            }
        };
        // A document naming its own outlet ("told the Gazette" in the Gazette) cites
        // nothing.
        if published.contains(&from) {
            return None;
        }
        let in_story: Vec<usize> = published
            .into_iter()
            .filter(|&j| j != from && story_of[j] == story_of[from])
            .collect();
        let target = pick(docs, from, &in_story)
            .map(Target::Doc)
            .or(ent.map(Target::Entity))?;
        Some((target, display))
    };

    // Attributions: the `via` chain names outlets; a source reported by a medium may be one.
    for claim in claims {
        let Some(&from) = pos.get(claim.doc.as_str()) else {
            continue;
        };
        let Some(a) = &claim.attribution else {
            continue;
        };
        let mut names: Vec<(&str, Option<&str>)> =
            a.via.iter().map(|v| (v.as_str(), None)).collect();
        if matches!(a.stance, Stance::Reported)
            || outlets.by_key.contains_key(&outlet_key(&a.source))
        {
            names.push((a.source.as_str(), a.entity.as_deref()));
        }
        for (name, entity) in names {
            if let Some((to, outlet)) = resolve(from, &outlet_key(name), name, entity) {
                let span = a.source_span.unwrap_or(a.span);
                let phrase = span
                    .slice(&docs[from].body)
                    .map(str::to_string)
                    .unwrap_or_else(|| name.to_string());
                found.push(Citation {
                    from,
                    to,
                    span,
                    phrase,
                    outlet,
                });
            }
        }
    }

    // The text: outlet names next to a reporting cue.
    for (from, doc) in docs.iter().enumerate() {
        let body = &doc.body;
        let ws = text::words(body);
        let lower: Vec<String> = ws
            .iter()
            .map(|w| body[w.span.start..w.span.end].to_lowercase())
            .collect();
        let mut i = 0;
        while i < ws.len() {
            let Some(cands) = first.get(lower[i].as_str()) else {
                i += 1;
                continue;
            };
            // The longest name that matches here, written with a capital.
            let matched = cands
                .iter()
                .filter(|k| {
                    i + k.len() <= ws.len()
                        && k.iter().zip(&lower[i..]).all(|(a, b)| a == b)
                        && body[ws[i].span.start..]
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                        // A name does not run across a sentence end.
                        && ws[i..i + k.len() - 1].iter().all(|w| !w.ends_sentence)
                })
                .max_by_key(|k| k.len());
            let Some(key) = matched else {
                i += 1;
                continue;
            };
            let end = i + key.len();
            // A leading "the" belongs to the phrase.
            let start = if i > 0 && lower[i - 1] == "the" && !ws[i - 1].ends_sentence {
                i - 1
            } else {
                i
            };
            // The cue follows the name directly, or after one auxiliary or adverb
            // ("X has reported", "X first reported").
            let is_cue = |j: usize| j < ws.len() && AFTER_CUES.contains(&lower[j].as_str());
            let after = if ws[end - 1].ends_sentence {
                None
            } else if is_cue(end) {
                Some(end)
            } else if end < ws.len()
                && !ws[end].ends_sentence
                && BRIDGES.contains(&lower[end].as_str())
                && is_cue(end + 1)
            {
                Some(end + 1)
            } else {
                None
            };
            let before = (start.saturating_sub(3)..start)
                .rev()
                .take_while(|&j| !ws[j].ends_sentence)
                .find(|&j| BEFORE_CUES.contains(&lower[j].as_str()));
            if after.is_some() || before.is_some() {
                let name = &body[ws[i].span.start..ws[end - 1].span.end];
                if let Some((to, outlet)) = resolve(from, key, name, None) {
                    let lo = before.map_or(ws[start].span.start, |j| ws[j].span.start);
                    let hi = after.map_or(ws[end - 1].span.end, |j| ws[j].span.end);
                    let span = Span::new(lo, hi);
                    found.push(Citation {
                        from,
                        to,
                        span,
                        phrase: body[lo..hi].to_string(),
                        outlet,
                    });
                }
            }
            i = end;
        }
    }
    found.sort_by(|a, b| (a.from, &a.to, a.span).cmp(&(b.from, &b.to, b.span)));
    // Attribution and text may find the same phrase; keep one per overlapping span.
    found.dedup_by(|b, a| a.from == b.from && a.to == b.to && a.span.end > b.span.start);
    found
}

/// Which of the outlet's documents a citing document means: the latest published no later
/// than the citing one, else the earliest; undated documents come last.
fn pick(docs: &[&Document], from: usize, candidates: &[usize]) -> Option<usize> {
    let day = text::day(docs[from]);
    let mut sorted: Vec<(Option<i64>, &str, usize)> = candidates
        .iter()
        .map(|&j| (text::day(docs[j]), docs[j].id.as_str(), j))
        .collect();
    sorted.sort();
    let before = sorted
        .iter()
        .rfind(|(d, _, _)| matches!((d, day), (Some(d), Some(day)) if *d <= day));
    before
        .or_else(|| sorted.iter().find(|(d, _, _)| d.is_some()))
        .or(sorted.first())
        .map(|e| e.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, outlet: Option<&str>, body: &str, published: Option<&str>) -> Document {
        let mut d = Document::new(id, format!("{id}.txt"), "");
        d.outlet = outlet.map(String::from);
        d.body = body.to_string();
        d.published = published.map(String::from);
        d
    }

    #[test]
    fn outlet_names_next_to_cues_are_citations() {
        let a = doc(
            "a",
            Some("The Marrow Gazette"),
            "The harbour was closed.",
            Some("2024-05-01"),
        );
        let b = doc(
            "b",
            Some("Port Wire"),
            "The harbour was closed, the Marrow Gazette reported on Monday. Officials agreed.",
            Some("2024-05-02"),
        );
        let c = doc(
            "c",
            None,
            "According to Port Wire, ships waited. Marrow Gazette readers wrote in.",
            Some("2024-05-03"),
        );
        let docs = [&a, &b, &c];
        let found = citations(&docs, &[], &[], &[0, 0, 0]);
        let got: Vec<(usize, Target, &str)> = found
            .iter()
            .map(|c| (c.from, c.to.clone(), c.phrase.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (1, Target::Doc(0), "the Marrow Gazette reported"),
                (2, Target::Doc(1), "According to Port Wire"),
            ]
        );
    }

    #[test]
    fn own_outlet_and_other_stories_are_not_cited() {
        let a = doc("a", Some("Port Wire"), "Port Wire reported it first.", None);
        let b = doc(
            "b",
            Some("Lanvik Times"),
            "Port Wire reported a storm.",
            None,
        );
        let docs = [&a, &b];
        // Different stories: no document target and no entity, so nothing.
        assert!(citations(&docs, &[], &[], &[0, 1]).is_empty());
    }

    #[test]
    fn unknown_outlet_links_to_its_entity() {
        let a = doc(
            "a",
            None,
            "The Veskar Herald reported that the port shut.",
            None,
        );
        let ent = Entity {
            id: "e1".into(),
            name: "Veskar Herald".into(),
            kind: EntityKind::Organization,
            aliases: vec![],
            mentions: vec![],
            merges: vec![],
            outlet_of: vec![],
        };
        let claim = Claim {
            id: "a:c0".into(),
            doc: "a".into(),
            span: Span::new(0, 46),
            text: a.body.clone(),
            attribution: Some(model::Attribution {
                source: "The Veskar Herald".into(),
                entity: Some("e1".into()),
                via: vec![],
                span: Span::new(18, 26),
                source_span: Some(Span::new(0, 17)),
                verb: "report".into(),
                stance: Stance::Reported,
                inherited: false,
                quote: None,
            }),
            quantities: vec![],
            times: vec![],
            entities: vec![],
        };
        let found = citations(&[&a], &[claim], &[ent], &[0]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].to, Target::Entity("e1".into()));
        assert_eq!(found[0].phrase, "The Veskar Herald");
    }

    #[test]
    fn the_latest_earlier_document_of_the_outlet_is_meant() {
        let a1 = doc("a1", Some("Port Wire"), "x", Some("2024-05-01"));
        let a2 = doc("a2", Some("Port Wire"), "y", Some("2024-05-03"));
        let b = doc("b", None, "z", Some("2024-05-02"));
        let docs = [&a1, &a2, &b];
        assert_eq!(pick(&docs, 2, &[0, 1]), Some(0));
        let late = doc("c", None, "z", Some("2024-04-01"));
        let docs = [&a1, &a2, &late];
        assert_eq!(pick(&docs, 2, &[0, 1]), Some(0));
    }
}
