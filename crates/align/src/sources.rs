//! Who stands behind a claim, and which reports are not independent of each other.
//!
//! Documents linked by `reuses` or `duplicates` form one copy family and count once as
//! evidence. A claim whose attribution chain names the outlet of another document of the
//! story, or whose sentence names that outlet ("…, The Daily Orb reported"), counts as
//! that document's evidence. This module decides independence only; it does not find
//! the links (the link stage does) nor the sources named in a sentence (the attribute
//! stage does; without it a claim stands for its outlet).

use std::collections::HashMap;

use model::{Claim, Document, Link, LinkKind};

/// The documents of one run, indexed, with their copy families.
pub struct Sources<'a> {
    pub docs: &'a [Document],
    pub index: HashMap<&'a str, usize>,
    /// For each document, the index of its family's representative (its earliest member).
    family: Vec<usize>,
    /// For each document, why it is not independent, in words, when it is not.
    pub copy_reason: Vec<Option<String>>,
    /// Each document's outlet name in comparable form, when it has one worth matching.
    norm_outlet: Vec<Option<String>>,
    /// Day each document speaks from (`i32::MAX` when unknown, so undated sorts last).
    pub day: Vec<i32>,
    pub day_iso: Vec<Option<String>>,
}

impl<'a> Sources<'a> {
    pub fn new(docs: &'a [Document], links: &[Link]) -> Sources<'a> {
        let index: HashMap<&str, usize> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        let mut day = Vec::with_capacity(docs.len());
        let mut day_iso = Vec::with_capacity(docs.len());
        for d in docs {
            let r = crate::dates::reference(d);
            day.push(r.as_ref().map_or(i32::MAX, |r| r.0));
            day_iso.push(r.map(|r| r.1));
        }
        let order = |i: usize| (day[i], docs[i].id.as_str());
        let mut parent: Vec<usize> = (0..docs.len()).collect();
        let mut copy_reason = vec![None; docs.len()];
        let mut sorted_links: Vec<&Link> = links
            .iter()
            .filter(|l| matches!(l.kind, LinkKind::Reuses | LinkKind::Duplicates))
            .collect();
        sorted_links.sort_by(|a, b| (&a.from, &a.to).cmp(&(&b.from, &b.to)));
        for l in sorted_links {
            let (Some(&a), Some(&b)) = (index.get(l.from.as_str()), index.get(l.to.as_str()))
            else {
                continue;
            };
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                // The earlier document represents the family.
                let (keep, join) = if order(ra) <= order(rb) {
                    (ra, rb)
                } else {
                    (rb, ra)
                };
                parent[join] = keep;
            }
            let verb = if l.kind == LinkKind::Reuses {
                "reuses"
            } else {
                "duplicates"
            };
            let later = if order(a) >= order(b) { a } else { b };
            let other = if later == a { b } else { a };
            copy_reason[later]
                .get_or_insert_with(|| format!("{} {verb} {}", docs[later].id, docs[other].id));
        }
        let family = (0..docs.len()).map(|i| find(&mut parent, i)).collect();
        let norm_outlet = docs
            .iter()
            .map(|d| {
                d.outlet
                    .as_deref()
                    .map(normalise_outlet)
                    .filter(|k| k.chars().count() >= 3)
            })
            .collect();
        Sources {
            docs,
            index,
            family,
            copy_reason,
            norm_outlet,
            day,
            day_iso,
        }
    }

    /// The outlet of a document as a reader knows it: its outlet, else the name of the
    /// file it came from (with the record number of an archive), else its id.
    pub fn outlet(&self, doc: usize) -> String {
        let d = &self.docs[doc];
        d.outlet
            .clone()
            .or_else(|| d.source_name())
            .unwrap_or_else(|| d.id.clone())
    }

    /// The outlets of a story's documents, in comparable form, with their documents.
    pub fn story_outlets(&self, story_docs: &[usize]) -> Vec<(String, Vec<usize>)> {
        let mut by_outlet: HashMap<&str, Vec<usize>> = HashMap::new();
        for &d in story_docs {
            if let Some(o) = &self.norm_outlet[d] {
                by_outlet.entry(o.as_str()).or_default().push(d);
            }
        }
        let mut out: Vec<(String, Vec<usize>)> = by_outlet
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        out.sort();
        out
    }

    /// The document whose evidence a claim is: another document of the story whose
    /// outlet (from [`Sources::story_outlets`]) the claim's attribution chain or sentence
    /// names, else its own document. Returns the document and, when it is another one,
    /// why.
    pub fn origin(
        &self,
        claim: &Claim,
        doc: usize,
        outlets: &[(String, Vec<usize>)],
    ) -> (usize, Option<String>) {
        if outlets.is_empty() {
            return (doc, None);
        }
        let own = self.norm_outlet[doc].as_deref();
        let mut named: Vec<String> = Vec::new();
        if let Some(a) = &claim.attribution {
            named.extend(a.via.iter().map(|v| normalise_outlet(v)));
            named.push(normalise_outlet(&a.source));
        }
        // A cheap test first: most sentences name no outlet at all.
        let lower = claim.text.to_lowercase();
        let maybe = |name: &str| name.split(' ').all(|w| lower.contains(w));
        let mut text: Option<String> = None;
        for (name, outlet_docs) in outlets {
            if Some(name.as_str()) == own {
                continue;
            }
            let in_chain = named.iter().any(|n| n == name);
            let in_text = !in_chain
                && maybe(name)
                && contains_phrase(
                    text.get_or_insert_with(|| normalise_outlet(&claim.text)),
                    name,
                );
            if !(in_chain || in_text) {
                continue;
            }
            // The earliest document of that outlet in the story, published no later
            // than this one, is what the claim relays.
            let mut found: Vec<usize> = outlet_docs
                .iter()
                .copied()
                .filter(|d| self.day[*d] <= self.day[doc] && *d != doc)
                .collect();
            found.sort_by_key(|&d| (self.day[d], &self.docs[d].id));
            if let Some(&d) = found.first() {
                let how = if in_chain {
                    "its attribution chain"
                } else {
                    "its sentence"
                };
                return (
                    d,
                    Some(format!(
                        "{} relays {} ({how} names {})",
                        self.docs[doc].id,
                        self.docs[d].id,
                        self.outlet(d)
                    )),
                );
            }
        }
        (doc, None)
    }

    /// The independent source a document's evidence counts as: its copy family.
    pub fn family(&self, doc: usize) -> usize {
        self.family[doc]
    }
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// An outlet name in a comparable form: lowercase, leading "the" dropped, punctuation
/// as spaces.
pub fn normalise_outlet(name: &str) -> String {
    let lower: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let words = match words.first() {
        Some(&"the") => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}

/// True when `phrase` occurs in `text` on word boundaries (both already normalised).
fn contains_phrase(text: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(pos) = text.get(from..).and_then(|t| t.find(phrase)) {
        let start = from + pos;
        let end = start + phrase.len();
        let before = start == 0 || text.as_bytes()[start - 1] == b' ';
        let after = end == text.len() || text.as_bytes()[end] == b' ';
        if before && after {
            return true;
        }
        from = start + 1;
        while from < text.len() && !text.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::Span;

    fn doc(id: &str, outlet: &str, published: &str) -> Document {
        let mut d = Document::new(id, id, "");
        d.outlet = Some(outlet.into());
        d.published = Some(published.into());
        d
    }

    fn claim(doc: &str, text: &str) -> Claim {
        Claim {
            id: format!("{doc}:c0"),
            doc: doc.into(),
            span: Span::new(0, text.len()),
            text: text.into(),
            attribution: None,
            quantities: vec![],
            times: vec![],
            entities: vec![],
        }
    }

    #[test]
    fn reuse_links_make_one_family_led_by_the_earliest() {
        let docs = vec![
            doc("da", "The Orb", "2025-01-02"),
            doc("db", "Quill", "2025-01-01"),
            doc("dc", "Lantern", "2025-01-03"),
        ];
        let links = vec![Link {
            from: "da".into(),
            to: "db".into(),
            kind: LinkKind::Reuses,
            evidence: String::new(),
            score: None,
            passages: vec![],
        }];
        let s = Sources::new(&docs, &links);
        assert_eq!(s.family(0), 1);
        assert_eq!(s.family(1), 1);
        assert_eq!(s.family(2), 2);
        assert_eq!(s.copy_reason[0].as_deref(), Some("da reuses db"));
    }

    #[test]
    fn a_sentence_naming_an_earlier_outlet_relays_it() {
        let docs = vec![
            doc("da", "The Orb", "2025-01-01"),
            doc("db", "Quill", "2025-01-02"),
        ];
        let s = Sources::new(&docs, &[]);
        let c = claim("db", "Ships left the port, the Orb reported.");
        let outlets = s.story_outlets(&[0, 1]);
        let (origin, why) = s.origin(&c, 1, &outlets);
        assert_eq!(origin, 0);
        assert!(why.unwrap().contains("names The Orb"));
        // A word that merely contains the name is not a mention.
        let c = claim("db", "The Orbit of ships changed.");
        assert_eq!(s.origin(&c, 1, &outlets).0, 1);
        // A later outlet cannot be the origin of an earlier report.
        let c = claim("da", "Quill said so.");
        assert_eq!(s.origin(&c, 0, &outlets).0, 0);
    }
}
