//! Reading the store back: story lists, one story as a report, documents with their
//! revisions. Every list has a stable order (by keys stored with the rows, then ids), so
//! the same store always reads the same way.
//!
//! Nothing here writes; nothing here analyses.

use std::collections::{BTreeMap, HashSet};

use model::{
    Claim, Diagnostic, Document, Entity, Figure, Group, Link, Report, Story, TimelineEntry,
};
use rusqlite::{Connection, OptionalExtension, params};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::{ClaimDiff, Counts, Error, Revision};

/// A story as listed: what it is called and how much it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorySummary {
    pub id: String,
    pub label: String,
    /// Why its documents were put together.
    pub reason: String,
    pub documents: usize,
    /// Distinct outlets (a document without a known outlet counts as its own source).
    pub sources: usize,
    /// Claim groups whose sources conflict.
    pub conflicts: usize,
    /// The latest publication date of its documents.
    pub activity: Option<String>,
}

/// A document as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub id: String,
    pub source: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub revision: i64,
    pub claims: usize,
}

/// One document with everything the store holds about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentView {
    /// The cleaned document (metadata, body, removed text, header, segments).
    pub document: Document,
    pub claims: Vec<Claim>,
    pub url: Option<String>,
    pub revision: i64,
    /// The revision this one replaced.
    pub supersedes: Option<String>,
    /// The revision that replaced this one; a replaced revision is kept but no longer
    /// analysed with the rest.
    pub superseded_by: Option<String>,
    /// Claims added and removed since `supersedes`.
    pub diff: Option<ClaimDiff>,
    /// `input` when the stored input is the file byte for byte, `decoded` when it is the
    /// decoded record of a multi-document input.
    pub raw_kind: String,
    /// Content hash of the stored input.
    pub raw_hash: String,
    pub stories: Vec<StorySummary>,
    pub links: Vec<Link>,
    pub entities: Vec<Entity>,
    pub diagnostics: Vec<Diagnostic>,
}

fn parse<T: DeserializeOwned>(what: impl Fn() -> String, json: &str) -> Result<T, Error> {
    serde_json::from_str(json).map_err(|e| Error::Corrupt {
        what: what(),
        detail: e.to_string(),
    })
}

fn summary_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(StorySummary, String)> {
    Ok((
        StorySummary {
            id: r.get(0)?,
            label: r.get(1)?,
            reason: String::new(),
            documents: r.get::<_, i64>(3)? as usize,
            sources: r.get::<_, i64>(4)? as usize,
            conflicts: r.get::<_, i64>(5)? as usize,
            activity: r.get(6)?,
        },
        r.get(2)?,
    ))
}

const STORY_COLUMNS: &str = "id, label, json, n_docs, n_sources, n_conflicts, activity";

fn with_reason(rows: Vec<(StorySummary, String)>) -> Result<Vec<StorySummary>, Error> {
    rows.into_iter()
        .map(|(mut s, json)| {
            let story: Story = parse(|| format!("story {}", s.id), &json)?;
            s.reason = story.reason;
            Ok(s)
        })
        .collect()
}

pub(crate) fn stories(conn: &Connection) -> Result<Vec<StorySummary>, Error> {
    let rows = conn
        .prepare(&format!(
            "SELECT {STORY_COLUMNS} FROM stories \
             ORDER BY activity IS NULL, activity DESC, last_seq DESC, id"
        ))?
        .query_map([], summary_row)?
        .collect::<Result<Vec<_>, _>>()?;
    with_reason(rows)
}

/// The facts of one kind matching a SQL condition on `facts` (aliased `f`).
fn facts<T: DeserializeOwned>(
    conn: &Connection,
    kind: &str,
    condition: &str,
    param: &str,
) -> Result<Vec<T>, Error> {
    let sql = format!(
        "SELECT DISTINCT f.id, f.json FROM facts f WHERE f.kind = ?1 AND ({condition}) ORDER BY f.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let map = |r: &rusqlite::Row<'_>| Ok((r.get(0)?, r.get(1)?));
    let rows: Vec<(i64, String)> = if condition.contains("?2") {
        stmt.query_map(params![kind, param], map)?
            .collect::<Result<_, _>>()?
    } else {
        stmt.query_map(params![kind], map)?
            .collect::<Result<_, _>>()?
    };
    rows.iter()
        .map(|(id, json)| parse(|| format!("{kind} fact {id}"), json))
        .collect()
}

/// Joins the per-document parts of each entity back into one entity.
fn merge_entities(parts: Vec<Entity>) -> Vec<Entity> {
    let mut by_id: BTreeMap<String, Entity> = BTreeMap::new();
    for part in parts {
        match by_id.get_mut(&part.id) {
            None => {
                by_id.insert(part.id.clone(), part);
            }
            Some(e) => {
                e.mentions.extend(part.mentions);
                e.outlet_of.extend(part.outlet_of);
                for a in part.aliases {
                    if !e.aliases.contains(&a) {
                        e.aliases.push(a);
                    }
                }
                for m in part.merges {
                    if !e.merges.iter().any(|x| x.alias == m.alias) {
                        e.merges.push(m);
                    }
                }
            }
        }
    }
    let mut out: Vec<Entity> = by_id.into_values().collect();
    for e in &mut out {
        e.mentions
            .sort_by(|a, b| (&a.doc, a.span).cmp(&(&b.doc, b.span)));
        e.outlet_of.sort();
        e.outlet_of.dedup();
    }
    out
}

/// Analysed documents and their claims for the given ids, in the order given.
fn analysed(conn: &Connection, ids: &[String]) -> Result<(Vec<Document>, Vec<Claim>), Error> {
    let mut docs = Vec::with_capacity(ids.len());
    let mut claims = Vec::new();
    for id in ids {
        let row: Option<(String, String, String)> = conn
            .prepare_cached(
                "SELECT a.document, a.claims, d.text FROM analyses a \
                 JOIN documents d ON d.id = a.doc WHERE a.doc = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((doc_json, claims_json, text)) = row else {
            continue;
        };
        let mut doc: Document = parse(|| format!("analysis of {id}"), &doc_json)?;
        doc.text = text;
        docs.push(doc);
        let mut c: Vec<Claim> = parse(|| format!("claims of {id}"), &claims_json)?;
        claims.append(&mut c);
    }
    Ok((docs, claims))
}

pub(crate) fn story(conn: &Connection, id: &str) -> Result<Option<Report>, Error> {
    let json: Option<String> = conn
        .prepare_cached("SELECT json FROM stories WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let Some(json) = json else { return Ok(None) };
    let story: Story = parse(|| format!("story {id}"), &json)?;
    let in_story: HashSet<String> = conn
        .prepare_cached("SELECT doc FROM story_docs WHERE story = ?1")?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    // The story's own order (earliest first), then any member it does not list.
    let mut ids: Vec<String> = story
        .documents
        .iter()
        .filter(|d| in_story.contains(*d))
        .cloned()
        .collect();
    let mut rest: Vec<String> = in_story
        .iter()
        .filter(|d| !story.documents.contains(d))
        .cloned()
        .collect();
    rest.sort();
    ids.extend(rest);
    let (documents, claims) = analysed(conn, &ids)?;
    let of_story = "f.id IN (SELECT fd.fact FROM fact_docs fd JOIN story_docs sd \
                    ON sd.doc = fd.doc WHERE sd.story = ?2)";
    let groups: Vec<Group> = facts(conn, "group", "f.story = ?2", id)?;
    let figures: Vec<Figure> = facts(conn, "figure", "f.story = ?2", id)?;
    let timeline: Vec<TimelineEntry> = facts(conn, "timeline", "f.story = ?2", id)?;
    let links: Vec<Link> = facts(conn, "link", of_story, id)?;
    let entities = merge_entities(facts(conn, "entity", of_story, id)?);
    let diagnostics: Vec<Diagnostic> = facts(conn, "diagnostic", of_story, id)?;
    Ok(Some(Report {
        documents,
        claims,
        entities,
        groups,
        links,
        diagnostics,
        stories: vec![story],
        figures,
        timeline,
        ..Report::default()
    }))
}

pub(crate) fn report(conn: &Connection) -> Result<Report, Error> {
    let ids: Vec<String> = conn
        .prepare(
            "SELECT d.id FROM documents d JOIN analyses a ON a.doc = d.id \
             WHERE d.superseded_by IS NULL \
             ORDER BY a.published IS NULL, a.published, d.id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let (documents, claims) = analysed(conn, &ids)?;
    let stories: Vec<Story> = {
        let rows: Vec<(String, String)> = conn
            .prepare("SELECT id, json FROM stories ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        rows.iter()
            .map(|(id, json)| parse(|| format!("story {id}"), json))
            .collect::<Result<_, _>>()?
    };
    Ok(Report {
        documents,
        claims,
        entities: merge_entities(facts(conn, "entity", "1", "")?),
        groups: facts(conn, "group", "1", "")?,
        links: facts(conn, "link", "1", "")?,
        diagnostics: facts(conn, "diagnostic", "1", "")?,
        stories,
        figures: facts(conn, "figure", "1", "")?,
        timeline: facts(conn, "timeline", "1", "")?,
        ..Report::default()
    })
}

const SUMMARY_SQL: &str = "SELECT d.id, d.source, a.title, a.outlet, a.published, d.url, \
     d.revision, (SELECT count(*) FROM claims c WHERE c.doc = d.id) \
     FROM documents d LEFT JOIN analyses a ON a.doc = d.id";

fn doc_summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentSummary> {
    Ok(DocumentSummary {
        id: r.get(0)?,
        source: r.get(1)?,
        title: r.get(2)?,
        outlet: r.get(3)?,
        published: r.get(4)?,
        url: r.get(5)?,
        revision: r.get(6)?,
        claims: r.get::<_, i64>(7)? as usize,
    })
}

pub(crate) fn documents(
    conn: &Connection,
    limit: usize,
    offset: usize,
) -> Result<Vec<DocumentSummary>, Error> {
    Ok(conn
        .prepare_cached(&format!(
            "{SUMMARY_SQL} WHERE d.superseded_by IS NULL ORDER BY d.seq DESC LIMIT ?1 OFFSET ?2"
        ))?
        .query_map(params![limit as i64, offset as i64], doc_summary)?
        .collect::<Result<_, _>>()?)
}

pub(crate) fn unassigned(conn: &Connection, limit: usize) -> Result<Vec<DocumentSummary>, Error> {
    Ok(conn
        .prepare_cached(&format!(
            "{SUMMARY_SQL} WHERE d.superseded_by IS NULL \
             AND d.id NOT IN (SELECT doc FROM story_docs) ORDER BY d.seq DESC LIMIT ?1"
        ))?
        .query_map(params![limit as i64], doc_summary)?
        .collect::<Result<_, _>>()?)
}

fn diff_of(conn: &Connection, id: &str) -> Result<Option<ClaimDiff>, Error> {
    let row: Option<(String, String)> = conn
        .prepare_cached("SELECT added, removed FROM revisions WHERE doc = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    row.map(|(added, removed)| {
        Ok(ClaimDiff {
            added: parse(|| format!("revision of {id}"), &added)?,
            removed: parse(|| format!("revision of {id}"), &removed)?,
        })
    })
    .transpose()
}

pub(crate) fn document(conn: &Connection, id: &str) -> Result<Option<DocumentView>, Error> {
    type Row = (
        Option<String>,
        i64,
        Option<String>,
        Option<String>,
        String,
        String,
    );
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT url, revision, supersedes, superseded_by, raw_kind, raw_hash \
             FROM documents WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .optional()?;
    let Some((url, revision, supersedes, superseded_by, raw_kind, raw_hash)) = row else {
        return Ok(None);
    };
    let (mut docs, claims) = analysed(conn, &[id.to_string()])?;
    let document = match docs.pop() {
        Some(d) => d,
        // Every stored document is written with its analysis in one transaction, so a
        // document without one means the file was altered outside crosscheck.
        None => {
            return Err(Error::Corrupt {
                what: format!("document {id}"),
                detail: "stored without its analysis".into(),
            });
        }
    };
    let story_rows = conn
        .prepare_cached(&format!(
            "SELECT {STORY_COLUMNS} FROM stories WHERE id IN \
             (SELECT story FROM story_docs WHERE doc = ?1) ORDER BY id"
        ))?
        .query_map([id], summary_row)?
        .collect::<Result<Vec<_>, _>>()?;
    let of_doc = "f.id IN (SELECT fact FROM fact_docs WHERE doc = ?2)";
    Ok(Some(DocumentView {
        document,
        claims,
        url,
        revision,
        supersedes,
        superseded_by,
        diff: diff_of(conn, id)?,
        raw_kind,
        raw_hash,
        stories: with_reason(story_rows)?,
        links: facts(conn, "link", of_doc, id)?,
        entities: merge_entities(facts(conn, "entity", of_doc, id)?),
        diagnostics: facts(conn, "diagnostic", of_doc, id)?,
    }))
}

pub(crate) fn raw(conn: &Connection, id: &str) -> Result<Option<(Vec<u8>, bool)>, Error> {
    Ok(conn
        .prepare_cached("SELECT raw, raw_kind FROM documents WHERE id = ?1")?
        .query_row([id], |r| {
            Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, String>(1)? == "input"))
        })
        .optional()?)
}

pub(crate) fn revisions(conn: &Connection, url: &str) -> Result<Vec<Revision>, Error> {
    let rows: Vec<(String, i64, Option<String>)> = conn
        .prepare_cached(
            "SELECT id, revision, supersedes FROM documents WHERE url = ?1 ORDER BY seq",
        )?
        .query_map([url], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|(doc, revision, previous)| {
            Ok(Revision {
                url: url.to_string(),
                diff: diff_of(conn, &doc)?.unwrap_or_default(),
                doc,
                revision,
                previous,
            })
        })
        .collect()
}

pub(crate) fn counts(conn: &Connection) -> Result<Counts, Error> {
    let n = |sql: &str| -> Result<usize, Error> {
        Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as usize)
    };
    Ok(Counts {
        documents: n("SELECT count(*) FROM documents")?,
        current: n("SELECT count(*) FROM documents WHERE superseded_by IS NULL")?,
        claims: n("SELECT count(*) FROM claims")?,
        stories: n("SELECT count(*) FROM stories")?,
    })
}
