//! Adding documents and replacing analysis results, one transaction per batch.
//!
//! A batch goes through four steps: drop what is stored already (by content id), number
//! revisions of URLs already stored, choose the documents to analyse again and run the
//! analysis (outside the transaction: it reads, and may take a while), then write the
//! new documents, the replaced analysis and the revision differences in one
//! transaction. Nothing here decides what a claim, story or group is: the analysis
//! function does.

use std::collections::{BTreeSet, HashMap, HashSet};

use model::{Claim, Document, Entity, Report};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::{ClaimDiff, Error};

/// A document as the ingest stage loaded it, with its input when known.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub doc: Document,
    /// The input file byte for byte, when the document is the whole of one file. The
    /// store checks it against the document's content id and keeps the decoded text
    /// instead when they disagree (a record of an archive, feed or JSON Lines file).
    pub raw: Option<Vec<u8>>,
}

/// How [`crate::Store::add`] chooses what to analyse again.
#[derive(Debug, Clone)]
pub struct AddConfig {
    /// While the store holds at most this many current documents, every batch analyses
    /// the whole corpus again: cross-document steps (recurring boilerplate, story
    /// clustering) then see everything, and the result does not depend on how the
    /// corpus was split into batches.
    pub full_limit: usize,
    /// Above `full_limit`, each new document pulls in this many stories: those of the
    /// stored documents that share the most words with its title and lead (by BM25),
    /// nearest first, a document in no story counting as a story of its own.
    pub candidates: usize,
}

impl Default for AddConfig {
    fn default() -> AddConfig {
        AddConfig {
            // A thousand articles analyse in a few seconds on one core, which keeps an
            // ingest batch interactive while staying exact for a typical story corpus.
            full_limit: 1000,
            // A document joins at most one story, and when it continues one, members of
            // that story are among its nearest neighbours by title and lead. Counting
            // stories rather than documents keeps the work per batch proportional to the
            // batch: twenty nearest documents used to pull in twenty stories for every
            // new document, a thousand documents analysed again for a batch of fifty.
            candidates: 3,
        }
    }
}

/// Which documents a batch analysed again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Nothing was new.
    Nothing,
    /// The whole current corpus.
    Full,
    /// The new documents and the stories they may join.
    Stories,
}

/// What a batch did.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddOutcome {
    /// `(id, source)` of each document stored, in the order given.
    pub stored: Vec<(String, String)>,
    /// `(id, source)` of each document skipped because it was stored already.
    pub skipped: Vec<(String, String)>,
    /// New revisions of URLs stored before, with their claim differences.
    pub revisions: Vec<Revision>,
    /// How many documents were analysed again.
    pub analysed: usize,
    pub scope: Scope,
}

/// One revision of a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub url: String,
    pub doc: String,
    /// 1 for the first version stored.
    pub revision: i64,
    /// The revision it replaced.
    pub previous: Option<String>,
    /// Claims added and removed since `previous`.
    pub diff: ClaimDiff,
}

pub(crate) fn add(
    conn: &mut Connection,
    df: &mut DfCache,
    batch: Vec<Loaded>,
    config: &AddConfig,
    analyze: &mut dyn FnMut(Vec<Document>) -> Report,
) -> Result<AddOutcome, Error> {
    let mut outcome = AddOutcome {
        stored: Vec::new(),
        skipped: Vec::new(),
        revisions: Vec::new(),
        analysed: 0,
        scope: Scope::Nothing,
    };
    // A batch holding two versions of one URL is written in parts, so that each
    // version is analysed while it is current and every stored document has claims.
    let mut part: Vec<Loaded> = Vec::new();
    let mut part_urls: HashSet<String> = HashSet::new();
    let mut seen: HashSet<String> = HashSet::new();
    for item in batch {
        let exists = conn
            .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
            .exists([&item.doc.id])?;
        if exists || !seen.insert(item.doc.id.clone()) {
            outcome
                .skipped
                .push((item.doc.id.clone(), item.doc.source.clone()));
            continue;
        }
        if let Some(url) = url_of(&item.doc)
            && !part_urls.insert(url)
        {
            add_part(
                conn,
                df,
                std::mem::take(&mut part),
                config,
                analyze,
                &mut outcome,
            )?;
            part_urls.clear();
            if let Some(url) = url_of(&item.doc) {
                part_urls.insert(url);
            }
        }
        part.push(item);
    }
    if !part.is_empty() {
        add_part(conn, df, part, config, analyze, &mut outcome)?;
    }
    Ok(outcome)
}

/// The URL that identifies a document across revisions: the one the user gave, else the
/// one the input states.
fn url_of(doc: &Document) -> Option<String> {
    let clean = |u: &Option<String>| {
        u.as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_string)
    };
    clean(&doc.given.url).or_else(|| clean(&doc.found.url))
}

/// A new document about to be written.
struct Pending {
    loaded: Loaded,
    url: Option<String>,
    revision: i64,
    previous: Option<String>,
}

fn add_part(
    conn: &mut Connection,
    df: &mut DfCache,
    part: Vec<Loaded>,
    config: &AddConfig,
    analyze: &mut dyn FnMut(Vec<Document>) -> Report,
    outcome: &mut AddOutcome,
) -> Result<(), Error> {
    let mut pending = Vec::with_capacity(part.len());
    for loaded in part {
        let url = url_of(&loaded.doc);
        let prev: Option<(String, i64)> = match &url {
            Some(u) => conn
                .prepare_cached(
                    "SELECT id, revision FROM documents WHERE url = ?1 AND superseded_by IS NULL \
                     ORDER BY seq DESC LIMIT 1",
                )?
                .query_row([u], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?,
            None => None,
        };
        pending.push(Pending {
            loaded,
            url,
            revision: prev.as_ref().map_or(1, |(_, n)| n + 1),
            previous: prev.map(|(id, _)| id),
        });
    }
    let superseded: Vec<String> = pending.iter().filter_map(|p| p.previous.clone()).collect();

    let current: i64 = conn.query_row(
        "SELECT count(*) FROM documents WHERE superseded_by IS NULL",
        [],
        |r| r.get(0),
    )?;
    let after = current as usize + pending.len() - superseded.len();
    let (scope, stored_scope) = if after <= config.full_limit {
        let all: Vec<String> = conn
            .prepare("SELECT id FROM documents WHERE superseded_by IS NULL ORDER BY seq")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let gone: HashSet<&String> = superseded.iter().collect();
        (
            Scope::Full,
            all.into_iter().filter(|d| !gone.contains(d)).collect(),
        )
    } else {
        (
            Scope::Stories,
            affected(conn, df, &pending, &superseded, config.candidates)?,
        )
    };

    let mut docs = Vec::with_capacity(stored_scope.len() + pending.len());
    for id in &stored_scope {
        docs.push(load_document(conn, id)?);
    }
    docs.extend(pending.iter().map(|p| p.loaded.doc.clone()));
    // The analysis sees documents in id order, so what it stores does not depend on the
    // order or batches in which they arrived.
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    let analysed = docs.len();
    let report = analyze(docs);
    for p in &pending {
        if !report.documents.iter().any(|d| d.id == p.loaded.doc.id) {
            return Err(Error::Corrupt {
                what: format!("analysis of {}", p.loaded.doc.id),
                detail: "the analysis returned no result for this document".into(),
            });
        }
    }

    let tx = conn.transaction()?;
    let mut seq: i64 = tx.query_row("SELECT coalesce(max(seq), 0) FROM documents", [], |r| {
        r.get(0)
    })?;
    for p in &pending {
        seq += 1;
        insert_document(&tx, p, seq)?;
    }
    for (p, prev) in pending
        .iter()
        .filter_map(|p| p.previous.as_ref().map(|prev| (p, prev)))
    {
        tx.execute(
            "UPDATE documents SET superseded_by = ?1 WHERE id = ?2",
            params![p.loaded.doc.id, prev],
        )?;
    }
    let mut cleared: Vec<String> = stored_scope.clone();
    cleared.extend(superseded.iter().cloned());
    match scope {
        Scope::Full => clear_all_facts(&tx)?,
        _ => delete_facts_of(&tx, &cleared)?,
    }
    write_report(&tx, &report)?;
    for p in pending.iter() {
        let Some(prev) = &p.previous else { continue };
        let old = claims_of(&tx, prev)?;
        let new: Vec<Claim> = report
            .claims
            .iter()
            .filter(|c| c.doc == p.loaded.doc.id)
            .cloned()
            .collect();
        let diff = crate::diff_claims(&old, &new);
        insert_revision(&tx, &p.loaded.doc.id, prev, &diff)?;
        outcome.revisions.push(Revision {
            url: p.url.clone().unwrap_or_default(),
            doc: p.loaded.doc.id.clone(),
            revision: p.revision,
            previous: Some(prev.clone()),
            diff,
        });
    }
    tx.commit()?;

    outcome.stored.extend(
        pending
            .iter()
            .map(|p| (p.loaded.doc.id.clone(), p.loaded.doc.source.clone())),
    );
    outcome.analysed += analysed;
    outcome.scope = match (outcome.scope, scope) {
        (Scope::Full, _) | (_, Scope::Full) => Scope::Full,
        (_, s) => s,
    };
    Ok(())
}

/// The stored documents a batch may change the analysis of: the stories of the
/// revisions it replaces, and the stories of the stored documents closest in words to
/// each new one. Whole stories are taken, so every story the analysis rewrites is
/// rewritten from all its documents.
fn affected(
    conn: &Connection,
    df: &mut DfCache,
    pending: &[Pending],
    superseded: &[String],
    candidates: usize,
) -> Result<Vec<String>, Error> {
    let mut seeds: BTreeSet<String> = superseded.iter().cloned().collect();
    // Nearest documents are read a few per wanted story, as neighbours often share one.
    let nearest = (candidates * 4) as i64;
    for p in pending {
        let Some(query) = lead_query(conn, df, &p.loaded.doc)? else {
            continue;
        };
        // The story of each neighbour is looked up only for the few kept: a column of
        // the ranked query would be computed for every match before sorting.
        let mut stmt = conn.prepare_cached(
            "WITH top AS (SELECT f.doc AS doc, bm25(body_fts) AS score \
               FROM body_fts f JOIN documents d ON d.id = f.doc \
               WHERE body_fts MATCH ?1 AND d.superseded_by IS NULL \
               ORDER BY score, f.doc LIMIT ?2) \
             SELECT top.doc, (SELECT min(story) FROM story_docs WHERE doc = top.doc) \
             FROM top ORDER BY top.score, top.doc",
        )?;
        let rows = stmt.query_map(params![query, nearest], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })?;
        let mut stories: HashSet<String> = HashSet::new();
        for row in rows {
            let (doc, story) = row?;
            if stories.len() >= candidates {
                break;
            }
            if stories.insert(story.unwrap_or_else(|| format!("\u{0}{doc}"))) {
                seeds.insert(doc);
            }
        }
    }
    let mut scope: BTreeSet<String> = BTreeSet::new();
    let mut stmt = conn.prepare_cached(
        "SELECT s2.doc FROM story_docs s1 JOIN story_docs s2 ON s1.story = s2.story \
         WHERE s1.doc = ?1",
    )?;
    for seed in &seeds {
        scope.insert(seed.clone());
        for row in stmt.query_map([seed], |r| r.get::<_, String>(0))? {
            scope.insert(row?);
        }
    }
    let gone: HashSet<&String> = superseded.iter().collect();
    Ok(scope.into_iter().filter(|d| !gone.contains(d)).collect())
}

/// How many stored bodies hold each word, as last counted, for choosing the words that
/// find a new document's neighbours. A word held by more than [`MAX_POSTING`] bodies is
/// left out of the query: it tells little about which story a document belongs to, and
/// a ranked full-text query reads every body holding any of its words, so one common
/// word made each lookup cost time in proportion to the whole store (quadratic ingest).
/// Counts only grow, so a word once too common stays so; rarer words are counted again
/// when the store has grown by a tenth since.
#[derive(Debug, Default)]
pub(crate) struct DfCache {
    counts: HashMap<String, (u32, u64)>,
}

/// Bodies a word may be in and still pick neighbours (the story stage's own limit on
/// candidate terms is of the same size).
const MAX_POSTING: u32 = 500;
/// Words kept in the cache before it is emptied, to bound memory.
const MAX_CACHED_WORDS: usize = 200_000;

impl DfCache {
    /// The number of current bodies holding `word` (`"word"` as an FTS5 phrase), from
    /// the cache when fresh enough.
    fn count(&mut self, conn: &Connection, word: &str, size: u64) -> Result<u32, Error> {
        if let Some(&(n, at)) = self.counts.get(word)
            && (n > MAX_POSTING || size <= at + at / 10)
        {
            return Ok(n);
        }
        // Counting stops past the limit: beyond it, the exact number does not matter.
        let n: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM body_fts WHERE body_fts MATCH ?1 LIMIT ?2)",
            )?
            .query_row(params![format!("\"{word}\""), MAX_POSTING + 1], |r| {
                r.get(0)
            })?;
        if self.counts.len() >= MAX_CACHED_WORDS {
            self.counts.clear();
        }
        let n = n as u32;
        self.counts.insert(word.to_string(), (n, size));
        Ok(n)
    }
}

/// The FTS5 query that finds a new document's neighbours: the words of its title and
/// lead ([`lead_terms`]) that at most [`MAX_POSTING`] stored bodies hold, the rarest
/// first, at most twelve, joined by OR. `None` when no word qualifies.
fn lead_query(
    conn: &Connection,
    df: &mut DfCache,
    doc: &Document,
) -> Result<Option<String>, Error> {
    const MAX_QUERY_TERMS: usize = 12;
    let Some(words) = lead_words(doc) else {
        return Ok(None);
    };
    let size: i64 = conn
        .prepare_cached("SELECT coalesce(max(rowid), 0) FROM body_fts")?
        .query_row([], |r| r.get(0))?;
    let mut counted = Vec::with_capacity(words.len());
    for w in words {
        let n = df.count(conn, &w, size.max(0) as u64)?;
        if (1..=MAX_POSTING).contains(&n) {
            counted.push((n, w));
        }
    }
    counted.sort();
    counted.truncate(MAX_QUERY_TERMS);
    Ok((!counted.is_empty()).then(|| {
        counted
            .iter()
            .map(|(_, w)| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(" OR ")
    }))
}

/// The distinct words of a document's title and lead, lowercased, of at least four
/// letters, in order, at most 24.
fn lead_words(doc: &Document) -> Option<Vec<String>> {
    const LEAD_BYTES: usize = 1500;
    const MAX_TERMS: usize = 24;
    let title = doc
        .given
        .title
        .as_deref()
        .or(doc.found.title.as_deref())
        .unwrap_or("");
    let mut end = doc.text.len().min(LEAD_BYTES);
    while !doc.text.is_char_boundary(end) {
        end -= 1;
    }
    let lead = &doc.text[..end];
    let mut seen = HashSet::new();
    let mut terms = Vec::new();
    for word in title
        .split(|c: char| !c.is_alphanumeric())
        .chain(lead.split(|c: char| !c.is_alphanumeric()))
    {
        if word.chars().count() < 4 {
            continue;
        }
        let w = word.to_lowercase();
        if seen.insert(w.clone()) {
            terms.push(w);
            if terms.len() == MAX_TERMS {
                break;
            }
        }
    }
    (!terms.is_empty()).then_some(terms)
}

/// The lead words as an FTS5 query: each quoted (so no word is read as query syntax),
/// joined by OR.
#[cfg(test)]
fn lead_terms(doc: &Document) -> Option<String> {
    lead_words(doc).map(|w| {
        w.iter()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(" OR ")
    })
}

/// Rebuilds a stored document as the ingest stage loaded it, ready to analyse again.
pub(crate) fn load_document(conn: &Connection, id: &str) -> Result<Document, Error> {
    let (loaded, text, given, found): (String, String, String, String) = conn
        .prepare_cached("SELECT loaded, text, given, found FROM documents WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    let corrupt = |e: serde_json::Error| Error::Corrupt {
        what: format!("document {id}"),
        detail: e.to_string(),
    };
    let mut doc: Document = serde_json::from_str(&loaded).map_err(corrupt)?;
    doc.text = text;
    doc.given = serde_json::from_str(&given).map_err(corrupt)?;
    doc.found = serde_json::from_str(&found).map_err(corrupt)?;
    Ok(doc)
}

fn json<T: Serialize>(value: &T) -> String {
    // The model's types serialise without fallible parts (no maps with non-string keys,
    // no custom errors), so this cannot fail; an empty object is a safe fallback.
    serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string())
}

fn insert_document(tx: &Transaction<'_>, p: &Pending, seq: i64) -> Result<(), Error> {
    let doc = &p.loaded.doc;
    // The raw bytes are kept only when they are what the content id was made from; a
    // record of a multi-document input keeps its decoded text instead.
    let (raw, raw_kind): (&[u8], &str) = match &p.loaded.raw {
        Some(raw) if model::ids::document(raw) == doc.id => (raw, "input"),
        _ => (doc.text.as_bytes(), "decoded"),
    };
    tx.prepare_cached(
        "INSERT INTO documents (id, seq, source, url, raw, raw_kind, raw_hash, text, loaded, \
         given, found, revision, supersedes) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        doc.id,
        seq,
        doc.source,
        p.url,
        raw,
        raw_kind,
        model::ids::document(raw),
        doc.text,
        json(doc),
        json(&doc.given),
        json(&doc.found),
        p.revision,
        p.previous,
    ])?;
    Ok(())
}

pub(crate) fn insert_revision(
    tx: &Transaction<'_>,
    doc: &str,
    previous: &str,
    diff: &ClaimDiff,
) -> Result<(), Error> {
    tx.execute(
        "INSERT OR REPLACE INTO revisions (doc, previous, added, removed) VALUES (?1, ?2, ?3, ?4)",
        params![doc, previous, json(&diff.added), json(&diff.removed)],
    )?;
    Ok(())
}

fn claims_of(conn: &Connection, doc: &str) -> Result<Vec<Claim>, Error> {
    let json: Option<String> = conn
        .prepare_cached("SELECT claims FROM analyses WHERE doc = ?1")?
        .query_row([doc], |r| r.get(0))
        .optional()?;
    match json {
        None => Ok(Vec::new()),
        Some(j) => serde_json::from_str(&j).map_err(|e| Error::Corrupt {
            what: format!("claims of {doc}"),
            detail: e.to_string(),
        }),
    }
}

/// Writes claims as rows and into the claim index (whose row ids follow the claims').
pub(crate) fn insert_claims(tx: &Transaction<'_>, claims: &[Claim]) -> Result<(), Error> {
    let mut ordinal: HashMap<&str, i64> = HashMap::new();
    for c in claims {
        let n = ordinal.entry(c.doc.as_str()).or_default();
        tx.prepare_cached(
            "INSERT OR REPLACE INTO claims (id, doc, ordinal, start, end, text) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            c.id,
            c.doc,
            *n,
            c.span.start as i64,
            c.span.end as i64,
            c.text
        ])?;
        let rowid = tx.last_insert_rowid();
        tx.prepare_cached(
            "INSERT INTO claim_fts (rowid, claim, doc, text) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![rowid, c.id, c.doc, c.text])?;
        *n += 1;
    }
    Ok(())
}

fn delete_claims_of(tx: &Transaction<'_>, doc: &str) -> Result<(), Error> {
    tx.prepare_cached(
        "DELETE FROM claim_fts WHERE rowid IN (SELECT rowid FROM claims WHERE doc = ?1)",
    )?
    .execute([doc])?;
    tx.prepare_cached("DELETE FROM claims WHERE doc = ?1")?
        .execute([doc])?;
    Ok(())
}

fn clear_all_facts(tx: &Transaction<'_>) -> Result<(), Error> {
    tx.execute_batch(
        "DELETE FROM fact_docs; DELETE FROM facts; DELETE FROM story_docs; DELETE FROM stories;",
    )?;
    Ok(())
}

/// Deletes every fact and story that rests on one of `docs`.
pub(crate) fn delete_facts_of(tx: &Transaction<'_>, docs: &[String]) -> Result<(), Error> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS scope_docs (doc TEXT PRIMARY KEY); \
         CREATE TEMP TABLE IF NOT EXISTS gone_facts (fact INTEGER PRIMARY KEY); \
         CREATE TEMP TABLE IF NOT EXISTS gone_stories (story TEXT PRIMARY KEY); \
         DELETE FROM scope_docs; DELETE FROM gone_facts; DELETE FROM gone_stories;",
    )?;
    for d in docs {
        tx.prepare_cached("INSERT OR IGNORE INTO scope_docs (doc) VALUES (?1)")?
            .execute([d])?;
    }
    tx.execute_batch(
        "INSERT OR IGNORE INTO gone_facts SELECT fact FROM fact_docs \
           WHERE doc IN (SELECT doc FROM scope_docs); \
         DELETE FROM fact_docs WHERE fact IN (SELECT fact FROM gone_facts); \
         DELETE FROM facts WHERE id IN (SELECT fact FROM gone_facts); \
         INSERT OR IGNORE INTO gone_stories SELECT story FROM story_docs \
           WHERE doc IN (SELECT doc FROM scope_docs); \
         DELETE FROM story_docs WHERE story IN (SELECT story FROM gone_stories); \
         DELETE FROM stories WHERE id IN (SELECT story FROM gone_stories); \
         DELETE FROM scope_docs; DELETE FROM gone_facts; DELETE FROM gone_stories;",
    )?;
    Ok(())
}

/// One fact row: what it is, the key that names it, its story and label, and its
/// JSON.
struct Fact<'a> {
    kind: &'a str,
    key: &'a str,
    story: &'a str,
    label: &'a str,
    status: Option<&'a str>,
    json: String,
}

fn insert_fact(tx: &Transaction<'_>, fact: Fact<'_>, docs: &BTreeSet<&str>) -> Result<(), Error> {
    tx.prepare_cached(
        "INSERT INTO facts (kind, key, story, label, status, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        fact.kind,
        fact.key,
        fact.story,
        fact.label,
        fact.status,
        fact.json
    ])?;
    let id = tx.last_insert_rowid();
    for d in docs {
        tx.prepare_cached("INSERT OR IGNORE INTO fact_docs (fact, doc) VALUES (?1, ?2)")?
            .execute(params![id, d])?;
    }
    Ok(())
}

fn status_word<T: Serialize>(status: &T) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Writes the analysis of the documents a report covers, replacing what was stored for
/// them. Facts resting on these documents must have been deleted first.
pub(crate) fn write_report(tx: &Transaction<'_>, report: &Report) -> Result<(), Error> {
    let seq_of = |id: &str| -> Result<i64, Error> {
        Ok(tx
            .prepare_cached("SELECT seq FROM documents WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?)
    };
    let mut claims_by_doc: HashMap<&str, Vec<&Claim>> = HashMap::new();
    for c in &report.claims {
        claims_by_doc.entry(c.doc.as_str()).or_default().push(c);
    }
    for doc in &report.documents {
        let claims: Vec<&Claim> = claims_by_doc.remove(doc.id.as_str()).unwrap_or_default();
        let (doc_json, claims_json) = (json(doc), json(&claims));
        // Most documents of a corpus analysed again come out as they were: their rows and
        // index entries are left alone, which keeps a batch's writes close to its news.
        let unchanged = tx
            .prepare_cached(
                "SELECT 1 FROM analyses WHERE doc = ?1 AND document = ?2 AND claims = ?3",
            )?
            .exists(params![doc.id, doc_json, claims_json])?;
        if unchanged {
            continue;
        }
        tx.prepare_cached(
            "INSERT OR REPLACE INTO analyses (doc, title, outlet, published, document, claims) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            doc.id,
            doc.title,
            doc.outlet,
            doc.published,
            doc_json,
            claims_json
        ])?;
        delete_claims_of(tx, &doc.id)?;
        let owned: Vec<Claim> = claims.into_iter().cloned().collect();
        insert_claims(tx, &owned)?;
        let seq = seq_of(&doc.id)?;
        tx.prepare_cached("DELETE FROM body_fts WHERE rowid = ?1")?
            .execute([seq])?;
        tx.prepare_cached(
            "INSERT INTO body_fts (rowid, doc, title, body) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            seq,
            doc.id,
            doc.title.as_deref().unwrap_or(""),
            doc.body
        ])?;
    }

    let doc_of_claim: HashMap<&str, &str> = report
        .claims
        .iter()
        .map(|c| (c.id.as_str(), c.doc.as_str()))
        .collect();
    let docs_of_claims = |claims: &[String]| -> BTreeSet<&str> {
        claims
            .iter()
            .filter_map(|c| doc_of_claim.get(c.as_str()).copied())
            .collect()
    };
    let doc_info: HashMap<&str, &Document> = report
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d))
        .collect();

    for story in &report.stories {
        let docs: Vec<&Document> = story
            .documents
            .iter()
            .filter_map(|d| doc_info.get(d.as_str()).copied())
            .collect();
        let sources: BTreeSet<&str> = docs
            .iter()
            .map(|d| d.outlet.as_deref().unwrap_or(d.id.as_str()))
            .collect();
        let conflicts = report
            .groups
            .iter()
            .filter(|g| g.story == story.id && g.status == model::GroupStatus::Conflicting)
            .count();
        let activity = docs.iter().filter_map(|d| d.published.clone()).max();
        let mut last_seq = 0;
        for d in &docs {
            last_seq = last_seq.max(seq_of(&d.id)?);
        }
        tx.prepare_cached("DELETE FROM story_docs WHERE story = ?1")?
            .execute([&story.id])?;
        tx.prepare_cached(
            "INSERT OR REPLACE INTO stories \
             (id, label, json, activity, last_seq, n_docs, n_sources, n_conflicts) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            story.id,
            story.label,
            json(story),
            activity,
            last_seq,
            docs.len() as i64,
            sources.len() as i64,
            conflicts as i64
        ])?;
        for d in &docs {
            tx.prepare_cached("INSERT OR IGNORE INTO story_docs (story, doc) VALUES (?1, ?2)")?
                .execute(params![story.id, d.id])?;
        }
    }
    for g in &report.groups {
        let status = status_word(&g.status);
        insert_fact(
            tx,
            Fact {
                kind: "group",
                key: &g.id,
                story: &g.story,
                label: &g.label,
                status: Some(&status),
                json: json(g),
            },
            &docs_of_claims(&g.claims),
        )?;
    }
    for f in &report.figures {
        let docs: BTreeSet<&str> = f.rows.iter().map(|r| r.doc.as_str()).collect();
        let status = status_word(&f.status);
        insert_fact(
            tx,
            Fact {
                kind: "figure",
                key: &format!("{}/{}", f.story, f.label),
                story: &f.story,
                label: &f.label,
                status: Some(&status),
                json: json(f),
            },
            &docs,
        )?;
    }
    for t in &report.timeline {
        insert_fact(
            tx,
            Fact {
                kind: "timeline",
                key: &format!("{}/{}", t.story, t.date),
                story: &t.story,
                label: &t.label,
                status: None,
                json: json(t),
            },
            &docs_of_claims(&t.claims),
        )?;
    }
    for l in &report.links {
        let docs: BTreeSet<&str> = [l.from.as_str(), l.to.as_str()]
            .into_iter()
            .filter(|d| doc_info.contains_key(d))
            .collect();
        let kind = status_word(&l.kind);
        insert_fact(
            tx,
            Fact {
                kind: "link",
                key: &format!("{}>{}", l.from, l.to),
                story: "",
                label: &l.evidence,
                status: Some(&kind),
                json: json(l),
            },
            &docs,
        )?;
    }
    for e in &report.entities {
        write_entity(tx, e)?;
    }
    for d in &report.diagnostics {
        let Some(doc) = d.doc.as_deref().filter(|d| doc_info.contains_key(d)) else {
            continue;
        };
        let severity = status_word(&d.severity);
        insert_fact(
            tx,
            Fact {
                kind: "diagnostic",
                key: &d.code,
                story: "",
                label: &d.message,
                status: Some(&severity),
                json: json(d),
            },
            &BTreeSet::from([doc]),
        )?;
    }
    Ok(())
}

/// Entities are stored one row per document they are named in, each holding only that
/// document's mentions, so that analysing some stories again replaces exactly their
/// part of an entity that other stories also name.
fn write_entity(tx: &Transaction<'_>, e: &Entity) -> Result<(), Error> {
    let mut docs: BTreeSet<&str> = e.mentions.iter().map(|m| m.doc.as_str()).collect();
    docs.extend(e.outlet_of.iter().map(String::as_str));
    let kind = status_word(&e.kind);
    for doc in docs {
        let part = Entity {
            mentions: e
                .mentions
                .iter()
                .filter(|m| m.doc == doc)
                .cloned()
                .collect(),
            outlet_of: e.outlet_of.iter().filter(|d| *d == doc).cloned().collect(),
            ..e.clone()
        };
        insert_fact(
            tx,
            Fact {
                kind: "entity",
                key: &e.id,
                story: "",
                label: &e.name,
                status: Some(&kind),
                json: json(&part),
            },
            &BTreeSet::from([doc]),
        )?;
    }
    Ok(())
}

/// Analyses every current document again and replaces all facts.
pub(crate) fn reanalyze_all(
    conn: &mut Connection,
    analyze: &mut dyn FnMut(Vec<Document>) -> Report,
) -> Result<usize, Error> {
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM documents WHERE superseded_by IS NULL ORDER BY seq")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut docs = Vec::with_capacity(ids.len());
    for id in &ids {
        docs.push(load_document(conn, id)?);
    }
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    let report = analyze(docs);
    let tx = conn.transaction()?;
    clear_all_facts(&tx)?;
    write_report(&tx, &report)?;
    tx.commit()?;
    Ok(ids.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_terms_quote_distinct_long_words_of_title_and_lead() {
        let mut d = Document::new(
            "d1",
            "x",
            "Pilots struck; the PORT closed. Port pilots said so.",
        );
        d.found.title = Some("Strike at the port".into());
        let q = lead_terms(&d).unwrap();
        assert_eq!(
            q,
            "\"strike\" OR \"port\" OR \"pilots\" OR \"struck\" OR \"closed\" OR \"said\""
        );
        let empty = Document::new("d2", "x", "a b c");
        assert_eq!(lead_terms(&empty), None);
    }

    #[test]
    fn neighbours_are_found_by_the_rarest_words_not_the_common_ones() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(crate::schema::SCHEMA_V1).unwrap();
        for i in 0..=MAX_POSTING {
            conn.execute(
                "INSERT INTO body_fts (rowid, doc, title, body) VALUES (?1, ?2, '', ?3)",
                params![
                    i64::from(i) + 1,
                    format!("d{i}"),
                    if i < 3 {
                        "officials harbor quay"
                    } else {
                        "officials said"
                    }
                ],
            )
            .unwrap();
        }
        let mut df = DfCache::default();
        let d = Document::new(
            "new",
            "x",
            "Officials closed the harbor quay; officials waited.",
        );
        // "officials" is in every body, "closed" and "waited" in none; "harbor" and
        // "quay" are rare and kept, the rarest first.
        assert_eq!(
            lead_query(&conn, &mut df, &d).unwrap().as_deref(),
            Some("\"harbor\" OR \"quay\"")
        );
        assert_eq!(
            df.counts.get("officials").map(|c| c.0),
            Some(MAX_POSTING + 1)
        );
        let common = Document::new("c", "x", "Officials closed.");
        assert_eq!(lead_query(&conn, &mut df, &common).unwrap(), None);
    }

    #[test]
    fn the_given_url_wins_and_blank_urls_do_not_count() {
        let mut d = Document::new("d1", "x", "text");
        d.found.url = Some(" https://found.example/a ".into());
        assert_eq!(url_of(&d).as_deref(), Some("https://found.example/a"));
        d.given.url = Some("https://given.example/b".into());
        assert_eq!(url_of(&d).as_deref(), Some("https://given.example/b"));
        d.given.url = Some("  ".into());
        assert_eq!(url_of(&d).as_deref(), Some("https://found.example/a"));
        d.found.url = None;
        assert_eq!(url_of(&d), None);
    }
}
