//! The store's on-disk format: the tables of each format version and the migrations
//! between them.
//!
//! The version lives in `PRAGMA user_version`; `PRAGMA application_id` marks the file as
//! a crosscheck store so that an unrelated SQLite file is refused rather than altered.
//! A new file is created at the current version directly; a file of the previous version
//! is migrated in one transaction, so a crash during migration leaves it at the old
//! version. This module does not read or write documents: `write.rs` and `read.rs` do.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, Transaction, params};

use crate::Error;

/// The format version this build writes.
pub const FORMAT_VERSION: i64 = 2;

/// Marks a SQLite file as a crosscheck store ("CRCK" in ASCII).
pub const APPLICATION_ID: i64 = 0x4352_434B;

/// Version 1: documents with their raw input, one analysis row per document, facts
/// (stories, groups, figures, timeline entries, links, entities) with the documents they
/// rest on, and full-text search over bodies.
pub const SCHEMA_V1: &str = r#"
CREATE TABLE documents (
    id        TEXT PRIMARY KEY,
    seq       INTEGER NOT NULL UNIQUE,
    source    TEXT NOT NULL,
    url       TEXT,
    raw       BLOB NOT NULL,
    raw_kind  TEXT NOT NULL,
    raw_hash  TEXT NOT NULL,
    text      TEXT NOT NULL,
    loaded    TEXT NOT NULL,
    given     TEXT NOT NULL,
    found     TEXT NOT NULL
);
CREATE INDEX documents_url ON documents(url);
CREATE TABLE analyses (
    doc       TEXT PRIMARY KEY REFERENCES documents(id),
    title     TEXT,
    outlet    TEXT,
    published TEXT,
    document  TEXT NOT NULL,
    claims    TEXT NOT NULL
);
CREATE TABLE stories (
    id          TEXT PRIMARY KEY,
    label       TEXT NOT NULL,
    json        TEXT NOT NULL,
    activity    TEXT,
    last_seq    INTEGER NOT NULL,
    n_docs      INTEGER NOT NULL,
    n_sources   INTEGER NOT NULL,
    n_conflicts INTEGER NOT NULL
);
CREATE TABLE story_docs (
    story TEXT NOT NULL,
    doc   TEXT NOT NULL,
    PRIMARY KEY (story, doc)
);
CREATE INDEX story_docs_doc ON story_docs(doc);
CREATE TABLE facts (
    id     INTEGER PRIMARY KEY,
    kind   TEXT NOT NULL,
    key    TEXT NOT NULL,
    story  TEXT NOT NULL,
    label  TEXT NOT NULL,
    status TEXT,
    json   TEXT NOT NULL
);
CREATE INDEX facts_kind_key ON facts(kind, key);
CREATE INDEX facts_story ON facts(story);
CREATE TABLE fact_docs (
    fact INTEGER NOT NULL REFERENCES facts(id),
    doc  TEXT NOT NULL,
    PRIMARY KEY (fact, doc)
);
CREATE INDEX fact_docs_doc ON fact_docs(doc);
CREATE VIRTUAL TABLE body_fts USING fts5(
    doc UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2'
);
"#;

/// What version 2 adds to version 1: revisions of a URL (a revision number, the
/// revision it replaces and the claim differences) and claims as rows with their own
/// full-text index.
const V2_ADDITIONS: &str = r#"
ALTER TABLE documents ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE documents ADD COLUMN supersedes TEXT;
ALTER TABLE documents ADD COLUMN superseded_by TEXT;
CREATE TABLE revisions (
    doc      TEXT PRIMARY KEY REFERENCES documents(id),
    previous TEXT NOT NULL REFERENCES documents(id),
    added    TEXT NOT NULL,
    removed  TEXT NOT NULL
);
CREATE TABLE claims (
    id      TEXT PRIMARY KEY,
    doc     TEXT NOT NULL REFERENCES documents(id),
    ordinal INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL,
    text    TEXT NOT NULL
);
CREATE INDEX claims_doc ON claims(doc, ordinal);
CREATE VIRTUAL TABLE claim_fts USING fts5(
    claim UNINDEXED, doc UNINDEXED, text, tokenize = 'porter unicode61 remove_diacritics 2'
);
"#;

/// Sets the connection options every store uses: write-ahead logging (readers do not
/// block the writer, and a killed writer leaves the last committed state), full sync on
/// commit (a document reported stored survives a power cut too), and a busy timeout so
/// that the server and an ingest can share a file.
pub(crate) fn configure(conn: &Connection) -> Result<(), Error> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// What the header of an existing file says, read without opening it for writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Header {
    pub application_id: i64,
    pub user_version: i64,
    /// True when the file may hold tables: it has more than the one page of an empty
    /// database (every table needs a root page of its own).
    pub may_hold_tables: bool,
}

/// The 16 bytes every SQLite database file starts with.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Reads the fields of a SQLite file header that decide whether a file is a store
/// (layout from sqlite.org/fileformat.html: page count at byte 28, user version at 60,
/// application id at 68, all big-endian). `None` when the bytes are not a SQLite header.
pub(crate) fn parse_header(bytes: &[u8]) -> Option<Header> {
    if bytes.len() < 100 || &bytes[..16] != SQLITE_MAGIC {
        return None;
    }
    let be =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    Some(Header {
        application_id: i64::from(be(68) as i32),
        user_version: i64::from(be(60) as i32),
        may_hold_tables: be(28) != 1,
    })
}

/// Decides from the mark and version of an existing SQLite file whether it may be opened
/// for writing: refused when it belongs to another application or a newer build.
fn judge(header: Header, path: &str) -> Result<(), Error> {
    if header.application_id == APPLICATION_ID {
        return match header.user_version {
            v if v > FORMAT_VERSION => Err(Error::NewerFormat {
                path: path.to_string(),
                found: v,
                supported: FORMAT_VERSION,
            }),
            v if (1..=FORMAT_VERSION).contains(&v) => Ok(()),
            v => Err(Error::UnknownFormat {
                path: path.to_string(),
                found: v,
            }),
        };
    }
    if header.user_version == 0 && !header.may_hold_tables {
        // An empty SQLite database without a mark holds nothing to lose.
        return Ok(());
    }
    Err(Error::NotAStore(path.to_string()))
}

/// Checks a file before it is opened for writing, so that a file which is not a store is
/// refused without a byte of it changing (setting write-ahead logging alone rewrites the
/// header of a SQLite file). A missing or zero-length file is a new store.
pub(crate) fn inspect(path: &Path, shown: &str) -> Result<(), Error> {
    use std::io::Read;
    let io_err = |source: std::io::Error| Error::Read {
        path: shown.to_string(),
        source,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_err(e)),
    };
    if meta.is_dir() {
        return Err(Error::NotSqlite(shown.to_string()));
    }
    let wal_len = {
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        std::fs::metadata(std::path::PathBuf::from(wal)).map_or(0, |m| m.len())
    };
    if meta.len() == 0 && wal_len == 0 {
        return Ok(());
    }
    let mut head = Vec::with_capacity(100);
    std::fs::File::open(path)
        .and_then(|f| f.take(100).read_to_end(&mut head))
        .map_err(io_err)?;
    if wal_len == 0 {
        let header = parse_header(&head).ok_or_else(|| Error::NotSqlite(shown.to_string()))?;
        return judge(header, shown);
    }
    // With a write-ahead log, the newest header may be in the log (a store whose writer
    // was killed before a checkpoint): a read-only connection sees the database as a
    // reader would, and writes nothing to it.
    if !head.is_empty() && !head.starts_with(SQLITE_MAGIC) {
        return Err(Error::NotSqlite(shown.to_string()));
    }
    let conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|source| {
            Error::Open {
                path: shown.to_string(),
                source,
            }
        })?;
    let read = || -> rusqlite::Result<Header> {
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        Ok(Header {
            application_id: conn.pragma_query_value(None, "application_id", |r| r.get(0))?,
            user_version: conn.pragma_query_value(None, "user_version", |r| r.get(0))?,
            may_hold_tables: tables > 0,
        })
    };
    match read() {
        Ok(header) => judge(header, shown),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Err(Error::NotSqlite(shown.to_string()))
        }
        Err(source) => Err(Error::Open {
            path: shown.to_string(),
            source,
        }),
    }
}

/// Brings the file to [`FORMAT_VERSION`]: creates it when empty, migrates it when older,
/// refuses it when it is newer or not a store.
pub(crate) fn prepare(conn: &mut Connection, path: &str) -> Result<(), Error> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let app: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
        [],
        |r| r.get(0),
    )?;
    if version == 0 && tables == 0 {
        let tx = conn.transaction()?;
        tx.execute_batch(SCHEMA_V1)?;
        tx.execute_batch(V2_ADDITIONS)?;
        stamp(&tx, FORMAT_VERSION)?;
        tx.commit()?;
        return Ok(());
    }
    if app != APPLICATION_ID {
        return Err(Error::NotAStore(path.to_string()));
    }
    match version {
        FORMAT_VERSION => Ok(()),
        1 => {
            let tx = conn.transaction()?;
            migrate_v1_to_v2(&tx)?;
            stamp(&tx, 2)?;
            tx.commit()?;
            Ok(())
        }
        v if v > FORMAT_VERSION => Err(Error::NewerFormat {
            path: path.to_string(),
            found: v,
            supported: FORMAT_VERSION,
        }),
        v => Err(Error::UnknownFormat {
            path: path.to_string(),
            found: v,
        }),
    }
}

fn stamp(tx: &Transaction<'_>, version: i64) -> Result<(), Error> {
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", version)?;
    Ok(())
}

/// Creates an empty store of format version 1, as older builds wrote it. Kept so that
/// the migration can be tested on files made now as well as on the committed fixture.
pub fn create_v1(conn: &Connection) -> Result<(), Error> {
    conn.execute_batch(SCHEMA_V1)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    conn.pragma_update(None, "user_version", 1)?;
    Ok(())
}

/// Version 1 kept every document of a URL as an unrelated row and claims only inside
/// the analysis JSON. Migration numbers the revisions of each URL in ingest order, links
/// each to the one it replaced with the claim differences, and copies claims into their
/// own table and index.
fn migrate_v1_to_v2(tx: &Transaction<'_>) -> Result<(), Error> {
    tx.execute_batch(V2_ADDITIONS)?;

    let mut claims_of: std::collections::HashMap<String, Vec<model::Claim>> =
        std::collections::HashMap::new();
    {
        let mut stmt = tx.prepare("SELECT doc, claims FROM analyses ORDER BY doc")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (doc, json) = row?;
            let claims: Vec<model::Claim> =
                serde_json::from_str(&json).map_err(|e| Error::Corrupt {
                    what: format!("claims of {doc}"),
                    detail: e.to_string(),
                })?;
            claims_of.insert(doc, claims);
        }
    }
    for claims in claims_of.values() {
        crate::write::insert_claims(tx, claims)?;
    }

    let by_url: Vec<(String, String)> = {
        let mut stmt =
            tx.prepare("SELECT url, id FROM documents WHERE url IS NOT NULL ORDER BY url, seq")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    let mut previous: Option<(&str, &str, i64)> = None;
    for (url, id) in &by_url {
        let revision = match previous {
            Some((prev_url, prev_id, n)) if prev_url == url => {
                tx.execute(
                    "UPDATE documents SET revision = ?1, supersedes = ?2 WHERE id = ?3",
                    params![n + 1, prev_id, id],
                )?;
                tx.execute(
                    "UPDATE documents SET superseded_by = ?1 WHERE id = ?2",
                    params![id, prev_id],
                )?;
                let empty = Vec::new();
                let diff = crate::diff_claims(
                    claims_of.get(prev_id).unwrap_or(&empty),
                    claims_of.get(id.as_str()).unwrap_or(&empty),
                );
                crate::write::insert_revision(tx, id, prev_id, &diff)?;
                // A replaced revision leaves the analysis: its facts go with it.
                crate::write::delete_facts_of(tx, &[prev_id.to_string()])?;
                n + 1
            }
            _ => 1,
        };
        previous = Some((url, id, revision));
    }
    Ok(())
}
