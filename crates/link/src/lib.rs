//! The link stage: relations between documents. So far it finds documents whose cleaned
//! bodies are identical (the same wire copy saved twice, or syndicated verbatim) and links
//! each to the first of its kind. Near-duplicates, reuse, citations and stories come with
//! the cross-checking work; they will use an index (shingles, MinHash), never all pairs.

use std::collections::HashMap;

use model::{Document, Link, LinkKind, Passage, Span};

/// Links documents with identical normalised bodies: each later copy `duplicates` the
/// earliest (by publication date, then id). Runs in linear time through a hash map.
pub fn exact_duplicates(docs: &[Document]) -> Vec<Link> {
    let mut by_hash: HashMap<u64, Vec<&Document>> = HashMap::new();
    for doc in docs.iter().filter(|d| !d.body.trim().is_empty()) {
        let norm: String = doc.body.split_whitespace().collect::<Vec<_>>().join(" ");
        by_hash
            .entry(xxhash_rust::xxh3::xxh3_64(norm.as_bytes()))
            .or_default()
            .push(doc);
    }
    let mut links = Vec::new();
    for mut group in by_hash.into_values().filter(|g| g.len() > 1) {
        group.sort_by(|a, b| {
            (a.published.is_none(), &a.published, &a.id).cmp(&(
                b.published.is_none(),
                &b.published,
                &b.id,
            ))
        });
        let first = group[0];
        for copy in &group[1..] {
            links.push(Link {
                from: copy.id.clone(),
                to: first.id.clone(),
                kind: LinkKind::Duplicates,
                evidence: format!(
                    "identical body text ({} bytes after whitespace normalisation)",
                    first.body.len()
                ),
                score: Some(1.0),
                passages: vec![Passage {
                    from: Span::new(0, copy.body.len()),
                    to: Span::new(0, first.body.len()),
                }],
            });
        }
    }
    links.sort_by(|a, b| (&a.from, &a.to).cmp(&(&b.from, &b.to)));
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, body: &str, published: Option<&str>) -> Document {
        let mut d = Document::new(id, format!("{id}.txt"), "");
        d.body = body.into();
        d.published = published.map(String::from);
        d
    }

    #[test]
    fn identical_bodies_link_to_the_earliest() {
        let docs = vec![
            doc("b", "Same  text here.", Some("2024-01-02")),
            doc("a", "Same text here.", Some("2024-01-03")),
            doc("c", "Other text.", None),
        ];
        let links = exact_duplicates(&docs);
        assert_eq!(links.len(), 1);
        assert_eq!((links[0].from.as_str(), links[0].to.as_str()), ("a", "b"));
        assert_eq!(links[0].kind, LinkKind::Duplicates);
    }

    #[test]
    fn result_does_not_depend_on_input_order() {
        let mut docs = vec![
            doc("x", "Copy.", None),
            doc("y", "Copy.", None),
            doc("z", "Copy.", None),
        ];
        let a = exact_duplicates(&docs);
        docs.reverse();
        assert_eq!(a, exact_duplicates(&docs));
    }
}
