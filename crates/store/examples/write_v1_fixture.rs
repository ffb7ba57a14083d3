//! Writes `tests/fixtures/v1.sqlite`: a store of format version 1 as the previous
//! release wrote it, for the migration test. Run once when the previous format changes:
//! `cargo run -p store --example write_v1_fixture`. The file is committed; the test never
//! writes it.

use model::{Claim, Document, GivenMeta, Span, Story};
use rusqlite::{Connection, params};

/// One article: id source url text, and its claim sentences.
struct Article {
    source: &'static str,
    url: Option<&'static str>,
    title: &'static str,
    outlet: &'static str,
    published: &'static str,
    sentences: &'static [&'static str],
}

const ARTICLES: &[Article] = &[
    Article {
        source: "port-gazette.txt",
        url: Some("https://port-gazette.example/blockade"),
        title: "Harbour of Veltra closed to freighters",
        outlet: "Port Gazette",
        published: "2031-03-02",
        sentences: &[
            "The harbour of Veltra was closed to freighters on Monday.",
            "About 40 ships waited outside the breakwater, the harbour master said.",
        ],
    },
    Article {
        source: "coast-daily.txt",
        url: None,
        title: "Ships queue off Veltra",
        outlet: "Coast Daily",
        published: "2031-03-03",
        sentences: &[
            "More than 50 ships queued off Veltra on Tuesday.",
            "Fishermen said the closure cost them a week of catches.",
        ],
    },
    Article {
        source: "port-gazette-updated.txt",
        url: Some("https://port-gazette.example/blockade"),
        title: "Harbour of Veltra reopens",
        outlet: "Port Gazette",
        published: "2031-03-04",
        sentences: &[
            "The harbour of Veltra reopened on Wednesday.",
            "About 40 ships waited outside the breakwater, the harbour master said.",
        ],
    },
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1.sqlite");
    let _ = std::fs::remove_file(&path);
    let conn = Connection::open(&path)?;
    conn.pragma_update(None, "page_size", 1024)?;
    store::schema::create_v1(&conn)?;
    let mut story_docs = Vec::new();
    for (i, a) in ARTICLES.iter().enumerate() {
        let body = a.sentences.join(" ");
        let text = format!("{}\n\n{}\n", a.title, body);
        let id = model::ids::document(text.as_bytes());
        let mut loaded = Document::new(&id, a.source, text.clone());
        loaded.given = GivenMeta {
            url: a.url.map(str::to_string),
            ..GivenMeta::default()
        };
        let mut analysed = loaded.clone();
        analysed.title = Some(a.title.into());
        analysed.outlet = Some(a.outlet.into());
        analysed.published = Some(a.published.into());
        analysed.url = a.url.map(str::to_string);
        analysed.body = body.clone();
        let mut claims = Vec::new();
        let mut at = 0;
        for (n, s) in a.sentences.iter().enumerate() {
            claims.push(Claim {
                id: model::ids::claim(&id, n),
                doc: id.clone(),
                span: Span::new(at, at + s.len()),
                text: s.to_string(),
                attribution: None,
                quantities: vec![],
                times: vec![],
                entities: vec![],
            });
            at += s.len() + 1;
        }
        let seq = i as i64 + 1;
        conn.execute(
            "INSERT INTO documents (id, seq, source, url, raw, raw_kind, raw_hash, text, loaded, \
             given, found) VALUES (?1, ?2, ?3, ?4, ?5, 'input', ?1, ?6, ?7, ?8, ?9)",
            params![
                id,
                seq,
                a.source,
                a.url,
                text.as_bytes(),
                text,
                serde_json::to_string(&loaded)?,
                serde_json::to_string(&loaded.given)?,
                serde_json::to_string(&loaded.found)?,
            ],
        )?;
        conn.execute(
            "INSERT INTO analyses (doc, title, outlet, published, document, claims) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id,
                a.title,
                a.outlet,
                a.published,
                serde_json::to_string(&analysed)?,
                serde_json::to_string(&claims)?
            ],
        )?;
        conn.execute(
            "INSERT INTO body_fts (rowid, doc, title, body) VALUES (?1, ?2, ?3, ?4)",
            params![seq, id, a.title, body],
        )?;
        story_docs.push(id);
    }
    // Version 1 analysed every document, the replaced revision included, into one story.
    let story = Story {
        id: "s-veltra".into(),
        label: "Harbour of Veltra".into(),
        documents: story_docs.clone(),
        reason: "the documents share the place and the closure".into(),
        brief: vec![],
    };
    conn.execute(
        "INSERT INTO stories (id, label, json, activity, last_seq, n_docs, n_sources, n_conflicts) \
         VALUES (?1, ?2, ?3, '2031-03-04', 3, 3, 2, 0)",
        params![story.id, story.label, serde_json::to_string(&story)?],
    )?;
    for d in &story_docs {
        conn.execute(
            "INSERT INTO story_docs (story, doc) VALUES (?1, ?2)",
            params![story.id, d],
        )?;
    }
    conn.execute_batch("VACUUM;")?;
    println!("wrote {}", path.display());
    Ok(())
}
