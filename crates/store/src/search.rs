//! Full-text search over bodies and claims (SQLite FTS5 with the Porter stemmer), with
//! filters by story, outlet, entity and publication date.
//!
//! The user's words are never passed to FTS5 as query syntax: each word is quoted, so
//! `"`, `-`, `:` or `NEAR` in a query cannot make it fail or mean something else. Words
//! must all match (AND); a word ending in `*` matches as a prefix. Only current
//! revisions are searched.

use model::Span;
use rusqlite::{Connection, named_params};
use serde::{Deserialize, Serialize};

use crate::Error;

/// A search: words and filters. Every filter is optional; with no words, the filters
/// alone select documents (newest first).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Query {
    /// The words to find.
    pub q: String,
    /// A story id.
    pub story: Option<String>,
    /// An outlet name, compared without case.
    pub outlet: Option<String>,
    /// An entity id, or an entity name compared without case.
    pub entity: Option<String>,
    /// Earliest publication date, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Latest publication date, `YYYY-MM-DD` (inclusive).
    pub to: Option<String>,
    /// At most this many hits of each kind (documents, claims); 50 when zero, at most
    /// 500.
    pub limit: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Document,
    Claim,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub kind: HitKind,
    pub doc: String,
    /// The claim, for claim hits.
    pub claim: Option<String>,
    /// The claim's span in the document's body, for claim hits.
    pub span: Option<Span>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// A short passage around the matches.
    pub snippet: String,
    /// Byte ranges of the matched words in `snippet`.
    pub highlights: Vec<Span>,
    /// BM25 relevance: lower is better (SQLite's convention); 0 without words.
    pub score: f64,
}

const OPEN: char = '\u{2}';
const CLOSE: char = '\u{3}';

/// Turns free text into a safe FTS5 query: every word quoted, all required.
pub(crate) fn fts_query(text: &str) -> Option<String> {
    const MAX_TERMS: usize = 32;
    let mut terms = Vec::new();
    for chunk in text.split_whitespace() {
        let prefix = chunk.ends_with('*');
        let words: Vec<&str> = chunk
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let n = words.len();
        for (i, w) in words.into_iter().enumerate() {
            let star = if prefix && i + 1 == n { "*" } else { "" };
            terms.push(format!("\"{w}\"{star}"));
        }
        if terms.len() >= MAX_TERMS {
            terms.truncate(MAX_TERMS);
            break;
        }
    }
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Splits an FTS5 snippet marked with [`OPEN`] and [`CLOSE`] into text and highlights.
fn highlights(marked: &str) -> (String, Vec<Span>) {
    let mut text = String::with_capacity(marked.len());
    let mut spans = Vec::new();
    let mut start = None;
    for c in marked.chars() {
        match c {
            OPEN => start = Some(text.len()),
            CLOSE => {
                if let Some(s) = start.take() {
                    spans.push(Span::new(s, text.len()));
                }
            }
            c => text.push(c),
        }
    }
    (text, spans)
}

const FILTERS: &str = "d.superseded_by IS NULL \
    AND (:story IS NULL OR d.id IN (SELECT doc FROM story_docs WHERE story = :story)) \
    AND (:outlet IS NULL OR lower(a.outlet) = lower(:outlet)) \
    AND (:entity IS NULL OR d.id IN (SELECT fd.doc FROM fact_docs fd JOIN facts f \
         ON f.id = fd.fact WHERE f.kind = 'entity' \
         AND (f.key = :entity OR lower(f.label) = lower(:entity)))) \
    AND (:from IS NULL OR substr(a.published, 1, 10) >= :from) \
    AND (:to IS NULL OR substr(a.published, 1, 10) <= :to)";

fn blank_to_none(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub(crate) fn search(conn: &Connection, query: &Query) -> Result<Vec<Hit>, Error> {
    let limit = match query.limit {
        0 => 50,
        n => n.min(500),
    } as i64;
    let story = blank_to_none(&query.story);
    let outlet = blank_to_none(&query.outlet);
    let entity = blank_to_none(&query.entity);
    let from = blank_to_none(&query.from);
    let to = blank_to_none(&query.to);

    let Some(q) = fts_query(&query.q) else {
        let sql = format!(
            "SELECT d.id, a.title, a.outlet, a.published, \
             coalesce((SELECT substr(body, 1, 240) FROM body_fts WHERE rowid = d.seq), '') \
             FROM documents d LEFT JOIN analyses a ON a.doc = d.id \
             WHERE {FILTERS} ORDER BY a.published IS NULL, a.published DESC, d.id LIMIT :limit"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            named_params! {":story": story, ":outlet": outlet, ":entity": entity,
            ":from": from, ":to": to, ":limit": limit},
            |r| {
                Ok(Hit {
                    kind: HitKind::Document,
                    doc: r.get(0)?,
                    claim: None,
                    span: None,
                    title: r.get(1)?,
                    outlet: r.get(2)?,
                    published: r.get(3)?,
                    snippet: r.get(4)?,
                    highlights: Vec::new(),
                    score: 0.0,
                })
            },
        )?;
        return Ok(rows.collect::<Result<_, _>>()?);
    };

    let mut hits = Vec::new();
    // The best rows are chosen first and only they get a snippet: SQLite computes every
    // selected column of every matching row before sorting, and a snippet tokenizes the
    // whole body, so a common word over a large store made a search take seconds.
    let doc_sql = format!(
        "WITH top AS (SELECT f.rowid AS rid, bm25(body_fts, 0.0, 4.0, 1.0) AS score, \
           f.doc AS doc, a.title AS title, a.outlet AS outlet, a.published AS published \
           FROM body_fts f JOIN documents d ON d.id = f.doc LEFT JOIN analyses a ON a.doc = d.id \
           WHERE body_fts MATCH :q AND {FILTERS} ORDER BY score, f.doc LIMIT :limit) \
         SELECT top.doc, snippet(body_fts, 2, char(2), char(3), '…', 16), top.score, \
           top.title, top.outlet, top.published \
         FROM top JOIN body_fts ON body_fts.rowid = top.rid \
         WHERE body_fts MATCH :q ORDER BY top.score, top.doc"
    );
    let mut stmt = conn.prepare_cached(&doc_sql)?;
    let rows = stmt.query_map(
        named_params! {":q": q, ":story": story, ":outlet": outlet, ":entity": entity,
        ":from": from, ":to": to, ":limit": limit},
        |r| {
            let (snippet, marks) = highlights(&r.get::<_, String>(1)?);
            Ok(Hit {
                kind: HitKind::Document,
                doc: r.get(0)?,
                claim: None,
                span: None,
                title: r.get(3)?,
                outlet: r.get(4)?,
                published: r.get(5)?,
                snippet,
                highlights: marks,
                score: r.get(2)?,
            })
        },
    )?;
    for row in rows {
        hits.push(row?);
    }

    let claim_sql = format!(
        "WITH top AS (SELECT f.rowid AS rid, bm25(claim_fts) AS score, c.id AS id, \
           c.doc AS doc, c.ordinal AS ordinal, c.start AS start, c.end AS end, \
           a.title AS title, a.outlet AS outlet, a.published AS published \
           FROM claim_fts f JOIN claims c ON c.rowid = f.rowid \
           JOIN documents d ON d.id = c.doc LEFT JOIN analyses a ON a.doc = d.id \
           WHERE claim_fts MATCH :q AND {FILTERS} ORDER BY score, c.doc, c.ordinal LIMIT :limit) \
         SELECT top.id, top.doc, top.start, top.end, \
           snippet(claim_fts, 2, char(2), char(3), '…', 24), top.score, \
           top.title, top.outlet, top.published \
         FROM top JOIN claim_fts ON claim_fts.rowid = top.rid \
         WHERE claim_fts MATCH :q ORDER BY top.score, top.doc, top.ordinal"
    );
    let mut stmt = conn.prepare_cached(&claim_sql)?;
    let rows = stmt.query_map(
        named_params! {":q": q, ":story": story, ":outlet": outlet, ":entity": entity,
        ":from": from, ":to": to, ":limit": limit},
        |r| {
            let (snippet, marks) = highlights(&r.get::<_, String>(4)?);
            let start = r.get::<_, i64>(2)?.max(0) as usize;
            let end = (r.get::<_, i64>(3)?.max(0) as usize).max(start);
            Ok(Hit {
                kind: HitKind::Claim,
                doc: r.get(1)?,
                claim: Some(r.get(0)?),
                span: Some(Span::new(start, end)),
                title: r.get(6)?,
                outlet: r.get(7)?,
                published: r.get(8)?,
                snippet,
                highlights: marks,
                score: r.get(5)?,
            })
        },
    )?;
    for row in rows {
        hits.push(row?);
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn user_words_are_quoted_never_syntax() {
        assert_eq!(fts_query("port closed").unwrap(), "\"port\" \"closed\"");
        assert_eq!(
            fts_query("NEAR(a b) -x \"y").unwrap(),
            "\"NEAR\" \"a\" \"b\" \"x\" \"y\""
        );
        assert_eq!(fts_query("block*").unwrap(), "\"block\"*");
        assert_eq!(fts_query("  \t "), None);
        assert_eq!(fts_query("--- ::"), None);
    }

    #[test]
    fn snippet_marks_become_spans() {
        let (text, spans) = highlights("the \u{2}port\u{3} was \u{2}closed\u{3}.");
        assert_eq!(text, "the port was closed.");
        assert_eq!(spans, vec![Span::new(4, 8), Span::new(13, 19)]);
        assert_eq!(spans[1].slice(&text), Some("closed"));
    }

    proptest! {
        /// Whatever a user types, the query either is empty or runs without an error.
        #[test]
        fn any_text_makes_a_valid_query(text in "\\PC{0,60}") {
            let conn = Connection::open_in_memory().unwrap();
            conn.execute_batch("CREATE VIRTUAL TABLE t USING fts5(body);
                INSERT INTO t VALUES ('the harbour was closed');").unwrap();
            if let Some(q) = fts_query(&text) {
                let r: rusqlite::Result<Vec<String>> = conn
                    .prepare("SELECT body FROM t WHERE t MATCH ?1").unwrap()
                    .query_map([q], |r| r.get(0)).unwrap().collect();
                prop_assert!(r.is_ok(), "{:?}", r);
            }
        }
    }
}
