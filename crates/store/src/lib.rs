//! The crosscheck store: documents and the results of their analysis in one SQLite file,
//! so that a corpus can grow article by article and be searched and browsed.
//!
//! What it keeps: each document's input (byte for byte when the input was one file,
//! else the decoded record), its content hash, the document as loaded (so it can be
//! analysed again), and the latest analysis: the cleaned document, claims, stories,
//! claim groups, figures, timeline entries, links and entities, each fact with the
//! documents it rests on. Revisions of a URL are kept with their claim differences.
//! Bodies and claims are indexed for full-text search (FTS5).
//!
//! How it grows: [`Store::add`] takes a batch of loaded documents and an analysis
//! function, skips what is stored already (by content id), chooses the documents to
//! analyse again (the whole corpus while it is small; otherwise the new documents and
//! the stories they may join), and writes the batch and the new analysis in one
//! transaction. A killed ingest therefore leaves every batch either fully stored or
//! absent, and a restart skips what is there.
//!
//! What it deliberately does not do: it runs no stage itself and depends on none (the
//! analysis comes in as a function, so the store cannot disagree with `pipeline`), and
//! it does not read inputs or speak HTTP. It owns persistence (format version,
//! migrations, transactions) and nothing else.

mod read;
pub mod schema;
mod search;
mod write;

use std::path::Path;

use model::{Claim, Document, Report};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

pub use read::{DocumentSummary, DocumentView, StorySummary};
pub use schema::FORMAT_VERSION;
pub use search::{Hit, HitKind, Query};
pub use write::{AddConfig, AddOutcome, Loaded, Revision, Scope};

/// A failure of the store itself (not a problem in an article, which is a diagnostic).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot create the folder {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the store {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error(
        "{0} is not a crosscheck store: it is a SQLite database of another application (it was left untouched)"
    )]
    NotAStore(String),
    #[error(
        "{0} is not a crosscheck store: it is not a SQLite database at all (it was left untouched)"
    )]
    NotSqlite(String),
    #[error(
        "{path} was written by a newer crosscheck (format {found}; this build reads up to {supported})"
    )]
    NewerFormat {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("{path} has unknown format version {found}")]
    UnknownFormat { path: String, found: i64 },
    #[error("the store holds unreadable data ({what}): {detail}")]
    Corrupt { what: String, detail: String },
    #[error("store query failed: {0}")]
    Sql(#[from] rusqlite::Error),
}

/// An open store. One connection; not shared between threads (wrap it in a mutex).
pub struct Store {
    conn: Connection,
    path: String,
    /// Word counts for choosing neighbours of new documents (see `write::DfCache`).
    df: write::DfCache,
}

impl Store {
    /// Opens the store at `path`, creating it (and its folder) when missing and migrating
    /// it when it was written by the previous format version.
    ///
    /// A file that exists is checked before it is opened for writing: one that is not
    /// SQLite, or is SQLite without the crosscheck mark and holds tables, or was written
    /// by a newer build, is refused and left byte for byte as it was. A zero-length file
    /// is taken as a new store, as SQLite itself reads it as an empty database (and an
    /// ingest killed right after creating its file leaves one, which a restart must
    /// accept).
    pub fn open(path: &Path) -> Result<Store, Error> {
        let shown = path.display().to_string();
        schema::inspect(path, &shown)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::CreateDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let conn = Connection::open(path).map_err(|source| Error::Open {
            path: shown.clone(),
            source,
        })?;
        Store::with_connection(conn, shown)
    }

    /// A store that lives in memory only (tests, one-off runs).
    pub fn open_in_memory() -> Result<Store, Error> {
        let conn = Connection::open_in_memory()?;
        Store::with_connection(conn, ":memory:".to_string())
    }

    fn with_connection(mut conn: Connection, path: String) -> Result<Store, Error> {
        // A file that is not SQLite at all fails here, on the first read.
        schema::configure(&conn).map_err(|e| match e {
            Error::Sql(source) => Error::Open {
                path: path.clone(),
                source,
            },
            other => other,
        })?;
        schema::prepare(&mut conn, &path)?;
        Ok(Store {
            conn,
            path,
            df: write::DfCache::default(),
        })
    }

    /// The path the store was opened from.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The format version of the open file (always [`FORMAT_VERSION`] once open).
    pub fn format_version(&self) -> Result<i64, Error> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Runs SQLite's `PRAGMA integrity_check` and returns its lines (`["ok"]` when sound).
    pub fn integrity_check(&self) -> Result<Vec<String>, Error> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// True when a document with this content id is stored.
    pub fn contains(&self, id: &str) -> Result<bool, Error> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
            .exists([id])?)
    }

    /// Adds a batch of loaded documents and stores the new analysis; see
    /// [`write::AddConfig`] for how the documents to analyse again are chosen.
    pub fn add(
        &mut self,
        batch: Vec<Loaded>,
        config: &AddConfig,
        analyze: &mut dyn FnMut(Vec<Document>) -> Report,
    ) -> Result<AddOutcome, Error> {
        write::add(&mut self.conn, &mut self.df, batch, config, analyze)
    }

    /// Analyses every current document again and replaces all stored results. Useful
    /// after an upgrade of the stages.
    pub fn reanalyze(
        &mut self,
        analyze: &mut dyn FnMut(Vec<Document>) -> Report,
    ) -> Result<usize, Error> {
        write::reanalyze_all(&mut self.conn, analyze)
    }

    /// Stories, newest activity first.
    pub fn stories(&self) -> Result<Vec<StorySummary>, Error> {
        read::stories(&self.conn)
    }

    /// Everything the store knows about one story, as a report over its documents.
    pub fn story(&self, id: &str) -> Result<Option<Report>, Error> {
        read::story(&self.conn, id)
    }

    /// Current documents (not replaced by a later revision), newest first, at most
    /// `limit`, skipping `offset`.
    pub fn documents(&self, limit: usize, offset: usize) -> Result<Vec<DocumentSummary>, Error> {
        read::documents(&self.conn, limit, offset)
    }

    /// Documents that belong to no story yet.
    pub fn unassigned(&self, limit: usize) -> Result<Vec<DocumentSummary>, Error> {
        read::unassigned(&self.conn, limit)
    }

    /// One document with its claims, stories and revision history.
    pub fn document(&self, id: &str) -> Result<Option<DocumentView>, Error> {
        read::document(&self.conn, id)
    }

    /// The stored input of a document: its bytes, and whether they are the input file
    /// byte for byte (`true`) or the decoded record of a multi-document input (`false`).
    pub fn raw(&self, id: &str) -> Result<Option<(Vec<u8>, bool)>, Error> {
        read::raw(&self.conn, id)
    }

    /// The revisions of a URL, oldest first.
    pub fn revisions(&self, url: &str) -> Result<Vec<Revision>, Error> {
        read::revisions(&self.conn, url)
    }

    /// Full-text search over bodies and claims, with filters.
    pub fn search(&self, query: &Query) -> Result<Vec<Hit>, Error> {
        search::search(&self.conn, query)
    }

    /// The whole current analysis as one report (documents, claims and all facts).
    pub fn report(&self) -> Result<Report, Error> {
        read::report(&self.conn)
    }

    /// Counts of stored rows: `(documents, current documents, claims, stories)`.
    pub fn counts(&self) -> Result<Counts, Error> {
        read::counts(&self.conn)
    }

    /// A value that changes whenever the stored content may have changed, through this
    /// connection or any other (another process ingesting into the same file): SQLite's
    /// `data_version` (commits by other connections) with this connection's count of
    /// changed rows. Readers can keep what they built from the store while it is equal.
    pub fn generation(&self) -> Result<Generation, Error> {
        let data_version: i64 = self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?;
        Ok(Generation {
            data_version,
            own_changes: self.conn.total_changes(),
        })
    }

    /// The underlying connection, for checks that need SQL (tests, diagnostics).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// See [`Store::generation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Generation {
    data_version: i64,
    own_changes: u64,
}

/// Row counts of a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Every stored document, replaced revisions included.
    pub documents: usize,
    /// Documents not replaced by a later revision.
    pub current: usize,
    pub claims: usize,
    pub stories: usize,
}

/// The claims one revision of a URL added and removed, compared by their text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimDiff {
    /// Claim texts of the new revision that the previous one did not have.
    pub added: Vec<String>,
    /// Claim texts of the previous revision that the new one no longer has.
    pub removed: Vec<String>,
}

/// Compares two revisions' claims by their whitespace-normalised text, as a multiset,
/// keeping each side's order: a sentence said twice and then once is one removal.
pub fn diff_claims(old: &[Claim], new: &[Claim]) -> ClaimDiff {
    use std::collections::HashMap;
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut count: HashMap<String, isize> = HashMap::new();
    for c in old {
        *count.entry(norm(&c.text)).or_default() += 1;
    }
    let mut added = Vec::new();
    for c in new {
        let key = norm(&c.text);
        let n = count.entry(key.clone()).or_default();
        if *n > 0 {
            *n -= 1;
        } else {
            added.push(key);
        }
    }
    let mut removed = Vec::new();
    for c in old {
        let key = norm(&c.text);
        if let Some(n) = count.get_mut(&key).filter(|n| **n > 0) {
            *n -= 1;
            removed.push(key);
        }
    }
    ClaimDiff { added, removed }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::Span;

    fn claim(doc: &str, i: usize, text: &str) -> Claim {
        Claim {
            id: model::ids::claim(doc, i),
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
    fn diff_compares_claims_as_a_multiset_of_texts() {
        let old = [
            claim("a", 0, "The port closed."),
            claim("a", 1, "Ships  waited."),
            claim("a", 2, "Ships waited."),
        ];
        let new = [
            claim("b", 0, "Ships waited."),
            claim("b", 1, "The port reopened."),
        ];
        let diff = diff_claims(&old, &new);
        assert_eq!(diff.added, vec!["The port reopened."]);
        assert_eq!(diff.removed, vec!["The port closed.", "Ships waited."]);
        assert_eq!(diff_claims(&new, &new), ClaimDiff::default());
    }

    proptest::proptest! {
        /// Removing `removed` from the old claims and adding `added` gives the new claims,
        /// as multisets of texts.
        #[test]
        fn diff_turns_old_into_new(
            old in proptest::collection::vec("[abc]{1,2}", 0..8),
            new in proptest::collection::vec("[abc]{1,2}", 0..8),
        ) {
            let as_claims = |texts: &[String]| -> Vec<Claim> {
                texts.iter().enumerate().map(|(i, t)| claim("d", i, t)).collect()
            };
            let diff = diff_claims(&as_claims(&old), &as_claims(&new));
            let mut result = old.clone();
            for r in &diff.removed {
                let at = result.iter().position(|x| x == r);
                proptest::prop_assert!(at.is_some(), "removed {r:?} was not there");
                result.remove(at.unwrap_or(0));
            }
            result.extend(diff.added.iter().cloned());
            let (mut a, mut b) = (result, new.clone());
            a.sort();
            b.sort();
            proptest::prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn refuses_a_file_that_is_not_a_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
        drop(conn);
        assert!(matches!(Store::open(&path), Err(Error::NotAStore(_))));

        let junk = dir.path().join("junk.db");
        std::fs::write(
            &junk,
            b"this is not sqlite, just some text of some length....",
        )
        .unwrap();
        assert!(Store::open(&junk).is_err());
    }

    /// The bytes and modification time of a file, to show it was not touched.
    fn fingerprint(path: &Path) -> (Vec<u8>, std::time::SystemTime) {
        (
            std::fs::read(path).unwrap(),
            std::fs::metadata(path).unwrap().modified().unwrap(),
        )
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_foreign_or_corrupt_file_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let foreign = dir.path().join("other-app.db");
        let conn = Connection::open(&foreign).unwrap();
        conn.execute_batch("CREATE TABLE notes(x); INSERT INTO notes VALUES ('keep me');")
            .unwrap();
        drop(conn);
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "a plain text file, long enough to have a header's worth of bytes, and then some more words\n").unwrap();
        let random = dir.path().join("random.bin");
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        let bytes: Vec<u8> = (0..4096)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        std::fs::write(&random, bytes).unwrap();
        let short = dir.path().join("short.db");
        std::fs::write(&short, b"SQLite format 3\0").unwrap();

        type Expected = fn(&Error) -> bool;
        let cases: [(&Path, Expected); 4] = [
            (&foreign, |e| matches!(e, Error::NotAStore(_))),
            (&text, |e| matches!(e, Error::NotSqlite(_))),
            (&random, |e| matches!(e, Error::NotSqlite(_))),
            (&short, |e| matches!(e, Error::NotSqlite(_))),
        ];
        let before_names = names_in(dir.path());
        for (path, expected) in cases {
            let before = fingerprint(path);
            let err = Store::open(path).err().expect("the file must be refused");
            assert!(expected(&err), "{}: {err}", path.display());
            let message = err.to_string();
            assert!(message.contains(&path.display().to_string()), "{message}");
            assert!(message.contains("left untouched"), "{message}");
            assert_eq!(fingerprint(path), before, "{} changed", path.display());
        }
        // Not even a journal or shared-memory file was left next to them.
        assert_eq!(names_in(dir.path()), before_names);
        let conn = Connection::open(&foreign).unwrap();
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(
            mode, "delete",
            "the other application's journal mode changed"
        );
    }

    #[test]
    fn a_zero_length_file_or_an_empty_database_becomes_a_new_store() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.db");
        std::fs::write(&empty, b"").unwrap();
        let store = Store::open(&empty).unwrap();
        assert_eq!(store.format_version().unwrap(), FORMAT_VERSION);
        drop(store);
        let blank = dir.path().join("blank.db");
        Connection::open(&blank)
            .unwrap()
            .execute_batch("VACUUM")
            .unwrap();
        assert!(Store::open(&blank).is_ok());
    }

    #[test]
    fn a_store_with_an_unmerged_log_is_judged_by_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let store = Store::open(&path).unwrap();
        // A second connection keeps the log from being merged, as a killed writer would.
        let other = Connection::open(&path).unwrap();
        other.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        store
            .connection()
            .execute_batch("CREATE TABLE extra(x); INSERT INTO extra VALUES (1);")
            .unwrap();
        let wal = dir.path().join("s.db-wal");
        assert!(std::fs::metadata(&wal).unwrap().len() > 0);
        assert!(Store::open(&path).is_ok());
        drop(other);
        drop(store);
    }

    #[test]
    fn the_generation_changes_with_writes_from_any_connection() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let store = Store::open(&path).unwrap();
        let g0 = store.generation().unwrap();
        assert_eq!(store.generation().unwrap(), g0, "reading changes nothing");
        store
            .connection()
            .execute("INSERT INTO stories (id, label, json, last_seq, n_docs, n_sources, n_conflicts) VALUES ('s', 'l', '{}', 0, 0, 0, 0)", [])
            .unwrap();
        let g1 = store.generation().unwrap();
        assert_ne!(g1, g0, "a write through this connection");
        let other = Connection::open(&path).unwrap();
        other.execute("DELETE FROM stories", []).unwrap();
        assert_ne!(
            store.generation().unwrap(),
            g1,
            "a write through another one"
        );
    }

    #[test]
    fn header_fields_are_read_from_their_offsets() {
        let mut h = vec![0u8; 100];
        h[..16].copy_from_slice(b"SQLite format 3\0");
        h[28..32].copy_from_slice(&3u32.to_be_bytes());
        h[60..64].copy_from_slice(&2u32.to_be_bytes());
        h[68..72].copy_from_slice(&(schema::APPLICATION_ID as u32).to_be_bytes());
        let header = schema::parse_header(&h).unwrap();
        assert_eq!(header.application_id, schema::APPLICATION_ID);
        assert_eq!(header.user_version, 2);
        assert!(header.may_hold_tables);
        assert_eq!(schema::parse_header(&h[..99]), None);
        h[0] = b's';
        assert_eq!(schema::parse_header(&h), None);
    }

    #[test]
    fn refuses_a_newer_format() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", FORMAT_VERSION + 1)
            .unwrap();
        drop(conn);
        let before = fingerprint(&path);
        assert!(matches!(
            Store::open(&path),
            Err(Error::NewerFormat { found, .. }) if found == FORMAT_VERSION + 1
        ));
        assert_eq!(fingerprint(&path), before);
    }

    #[test]
    fn a_new_store_is_at_the_current_version_and_sound() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("sub/dir/s.db")).unwrap();
        assert_eq!(store.format_version().unwrap(), FORMAT_VERSION);
        assert_eq!(store.integrity_check().unwrap(), vec!["ok"]);
        let mode: String = store
            .connection()
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
