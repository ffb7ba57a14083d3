//! The store's behaviour over a small analysis function written here, so that these
//! tests check persistence (idempotence, revisions, incremental scope, search, the
//! format migration) and not the stages. The analysis reads one claim per line, puts
//! documents whose titles start with the same word into one story, and names as entities
//! the capitalised words of titles.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;

use model::{
    Claim, Document, Entity, EntityKind, Group, GroupKind, GroupStatus, Mention, Report, Span,
    Story,
};
use store::{AddConfig, HitKind, Loaded, Query, Scope, Store};

fn doc(text: &str, outlet: &str, published: &str, url: Option<&str>) -> Loaded {
    let mut d = Document::new(
        model::ids::document(text.as_bytes()),
        format!("{outlet}.txt"),
        text,
    );
    d.given.outlet = Some(outlet.into());
    d.given.published = Some(published.into());
    d.given.url = url.map(str::to_string);
    Loaded {
        raw: Some(text.as_bytes().to_vec()),
        doc: d,
    }
}

fn analyze(docs: Vec<Document>) -> Report {
    let mut report = Report::default();
    let mut stories: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut entities: BTreeMap<String, Entity> = BTreeMap::new();
    for mut d in docs {
        let mut lines = d.text.lines();
        let title = lines.next().unwrap_or("").trim().to_string();
        d.body = lines.collect::<Vec<_>>().join("\n").trim().to_string();
        d.title = Some(title.clone());
        d.outlet = d.given.outlet.clone();
        d.published = d.given.published.clone();
        d.url = d.given.url.clone();
        let mut at = 0;
        for (n, line) in d.body.split('\n').enumerate() {
            report.claims.push(Claim {
                id: model::ids::claim(&d.id, n),
                doc: d.id.clone(),
                span: Span::new(at, at + line.len()),
                text: line.to_string(),
                attribution: None,
                quantities: vec![],
                times: vec![],
                entities: vec![],
            });
            at += line.len() + 1;
        }
        let topic = title
            .split_whitespace()
            .next()
            .unwrap_or("none")
            .to_lowercase();
        stories.entry(topic).or_default().push(d.id.clone());
        for (i, w) in title.split_whitespace().enumerate() {
            if w.chars().next().is_some_and(char::is_uppercase) {
                let e = entities.entry(w.to_lowercase()).or_insert_with(|| Entity {
                    id: format!("e-{}", w.to_lowercase()),
                    name: w.to_string(),
                    kind: EntityKind::Other,
                    aliases: vec![],
                    mentions: vec![],
                    merges: vec![],
                    outlet_of: vec![],
                });
                e.mentions.push(Mention {
                    doc: d.id.clone(),
                    span: Span::new(i, i + 1),
                });
            }
        }
        report.documents.push(d);
    }
    for (topic, mut ids) in stories {
        ids.sort();
        let id = format!("s-{topic}");
        let claims: Vec<String> = report
            .claims
            .iter()
            .filter(|c| ids.contains(&c.doc))
            .map(|c| c.id.clone())
            .collect();
        report.groups.push(Group {
            id: format!("g-{topic}"),
            label: topic.clone(),
            claims,
            status: if ids.len() > 1 {
                GroupStatus::Conflicting
            } else {
                GroupStatus::Single
            },
            reason: "test".into(),
            story: id.clone(),
            kind: GroupKind::Event,
            first: None,
            adds_nothing: vec![],
        });
        report.stories.push(Story {
            id,
            label: topic,
            documents: ids,
            reason: "same first word".into(),
            brief: vec![],
        });
    }
    report.entities = entities.into_values().collect();
    report.documents.sort_by(|a, b| a.id.cmp(&b.id));
    report
}

fn add(store: &mut Store, batch: Vec<Loaded>) -> store::AddOutcome {
    store
        .add(batch, &AddConfig::default(), &mut analyze)
        .unwrap()
}

/// Every stored document has its analysis, and its claim rows match it.
fn assert_whole(store: &Store) {
    let conn = store.connection();
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM documents d LEFT JOIN analyses a ON a.doc = d.id WHERE a.doc IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0, "documents without analysis");
    let mut stmt = conn.prepare("SELECT doc, claims FROM analyses").unwrap();
    let rows: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (doc, json) in rows {
        let claims: Vec<Claim> = serde_json::from_str(&json).unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM claims WHERE doc = ?1", [&doc], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(n as usize, claims.len(), "claim rows of {doc}");
    }
    assert_eq!(store.integrity_check().unwrap(), vec!["ok"]);
}

const HARBOR_A: &str =
    "Harbor closed at Veltra\nThe harbor closed on Monday.\nAbout 40 freighters waited.";
const HARBOR_B: &str =
    "Harbor queue grows\nMore than 50 freighters queued at the harbor.\nPilots refused to work.";
const SUMMIT: &str =
    "Summit opens in Orlinde\nDelegates arrived for the summit.\nTalks start tomorrow.";

#[test]
fn the_same_article_is_stored_once() {
    let mut store = Store::open_in_memory().unwrap();
    let first = add(
        &mut store,
        vec![doc(HARBOR_A, "Port Gazette", "2031-03-02", None)],
    );
    assert_eq!(first.stored.len(), 1);
    assert_eq!(first.scope, Scope::Full);
    let again = add(
        &mut store,
        vec![
            doc(HARBOR_A, "Port Gazette", "2031-03-02", None),
            doc(HARBOR_B, "Coast Daily", "2031-03-03", None),
            doc(HARBOR_B, "Coast Daily", "2031-03-03", None),
        ],
    );
    assert_eq!(again.stored.len(), 1);
    assert_eq!(again.skipped.len(), 2);
    let counts = store.counts().unwrap();
    assert_eq!((counts.documents, counts.claims, counts.stories), (2, 4, 1));
    assert_whole(&store);
}

#[test]
fn raw_bytes_are_kept_only_when_they_are_the_input() {
    let mut store = Store::open_in_memory().unwrap();
    let exact = doc(HARBOR_A, "Port Gazette", "2031-03-02", None);
    let mut record = doc(HARBOR_B, "Coast Daily", "2031-03-03", None);
    // A record of an archive: its id hashes the record, not these bytes.
    record.raw = Some(b"WARC/1.0 whole archive bytes".to_vec());
    record.doc.id = "d000000000001".into();
    add(&mut store, vec![exact.clone(), record]);
    let (bytes, is_input) = store.raw(&exact.doc.id).unwrap().unwrap();
    assert!(is_input);
    assert_eq!(bytes, HARBOR_A.as_bytes());
    let (bytes, is_input) = store.raw("d000000000001").unwrap().unwrap();
    assert!(!is_input);
    assert_eq!(bytes, HARBOR_B.as_bytes());
    assert_eq!(store.raw("nope").unwrap(), None);
}

#[test]
fn a_changed_url_is_a_revision_with_its_claim_differences() {
    let mut store = Store::open_in_memory().unwrap();
    let url = "https://gazette.example/harbor";
    let v1 = doc(HARBOR_A, "Port Gazette", "2031-03-02", Some(url));
    let changed = HARBOR_A.replace(
        "The harbor closed on Monday.",
        "The harbor reopened on Tuesday.",
    );
    let v2 = doc(&changed, "Port Gazette", "2031-03-03", Some(url));
    add(&mut store, vec![v1.clone()]);
    let out = add(&mut store, vec![v2.clone()]);
    assert_eq!(out.revisions.len(), 1);
    let r = &out.revisions[0];
    assert_eq!(
        (r.revision, r.previous.as_deref()),
        (2, Some(v1.doc.id.as_str()))
    );
    assert_eq!(r.diff.added, vec!["The harbor reopened on Tuesday."]);
    assert_eq!(r.diff.removed, vec!["The harbor closed on Monday."]);

    let revisions = store.revisions(url).unwrap();
    assert_eq!(revisions.len(), 2);
    assert_eq!(revisions[1].diff, r.diff);
    let old = store.document(&v1.doc.id).unwrap().unwrap();
    assert_eq!(old.superseded_by.as_deref(), Some(v2.doc.id.as_str()));
    assert!(
        old.stories.is_empty(),
        "a replaced revision leaves its stories"
    );
    let new = store.document(&v2.doc.id).unwrap().unwrap();
    assert_eq!(new.revision, 2);
    assert_eq!(new.diff.as_ref(), Some(&r.diff));
    // Only the current revision is searched.
    let hits = store
        .search(&Query {
            q: "Monday".into(),
            ..Query::default()
        })
        .unwrap();
    assert!(hits.is_empty(), "{hits:?}");
    assert!(
        !store
            .search(&Query {
                q: "Tuesday".into(),
                ..Query::default()
            })
            .unwrap()
            .is_empty()
    );
    let counts = store.counts().unwrap();
    assert_eq!((counts.documents, counts.current), (2, 1));
    assert_whole(&store);
}

#[test]
fn two_versions_of_a_url_in_one_batch_are_both_analysed() {
    let mut store = Store::open_in_memory().unwrap();
    let url = "https://gazette.example/harbor";
    let changed = format!("{HARBOR_A}\nTugs stood by.");
    let out = add(
        &mut store,
        vec![
            doc(HARBOR_A, "Port Gazette", "2031-03-02", Some(url)),
            doc(&changed, "Port Gazette", "2031-03-02", Some(url)),
        ],
    );
    assert_eq!(out.stored.len(), 2);
    assert_eq!(out.revisions.len(), 1);
    assert_eq!(out.revisions[0].diff.added, vec!["Tugs stood by."]);
    assert!(out.revisions[0].diff.removed.is_empty());
    assert_whole(&store);
}

#[test]
fn the_stored_analysis_does_not_depend_on_batches_or_order() {
    let docs = vec![
        doc(HARBOR_A, "Port Gazette", "2031-03-02", None),
        doc(HARBOR_B, "Coast Daily", "2031-03-03", None),
        doc(SUMMIT, "Inland Post", "2031-03-01", None),
    ];
    let mut one = Store::open_in_memory().unwrap();
    add(&mut one, docs.clone());
    let mut many = Store::open_in_memory().unwrap();
    for d in docs.into_iter().rev() {
        add(&mut many, vec![d]);
    }
    let (a, b) = (one.report().unwrap(), many.report().unwrap());
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    assert_eq!(a.stories.len(), 2);
    assert_eq!(
        a.entities
            .iter()
            .find(|e| e.id == "e-harbor")
            .unwrap()
            .mentions
            .len(),
        2
    );
}

#[test]
fn a_large_store_analyses_only_the_stories_a_document_may_join() {
    let mut store = Store::open_in_memory().unwrap();
    let config = AddConfig {
        full_limit: 0,
        candidates: 5,
    };
    let seen: RefCell<Vec<Vec<String>>> = RefCell::new(Vec::new());
    let mut recording = |docs: Vec<Document>| {
        seen.borrow_mut()
            .push(docs.iter().map(|d| d.id.clone()).collect());
        analyze(docs)
    };
    let a = doc(HARBOR_A, "Port Gazette", "2031-03-02", None);
    let s = doc(SUMMIT, "Inland Post", "2031-03-01", None);
    store
        .add(vec![a.clone(), s.clone()], &config, &mut recording)
        .unwrap();
    let b = doc(HARBOR_B, "Coast Daily", "2031-03-03", None);
    let out = store.add(vec![b.clone()], &config, &mut recording).unwrap();
    assert_eq!(out.scope, Scope::Stories);
    let last = seen.borrow().last().cloned().unwrap();
    assert!(
        last.contains(&a.doc.id) && last.contains(&b.doc.id),
        "{last:?}"
    );
    assert!(
        !last.contains(&s.doc.id),
        "the unrelated story was analysed again"
    );
    // The untouched story kept its facts; the joined one has both documents.
    let stories = store.stories().unwrap();
    let harbor = stories.iter().find(|x| x.id == "s-harbor").unwrap();
    assert_eq!(
        (harbor.documents, harbor.sources, harbor.conflicts),
        (2, 2, 1)
    );
    assert!(stories.iter().any(|x| x.id == "s-summit"));
    let summit = store.story("s-summit").unwrap().unwrap();
    assert_eq!(summit.groups.len(), 1);
    assert_whole(&store);
}

/// Each new document pulls in whole stories, counted as stories: the nearest documents
/// of one story do not use up the places of the others.
#[test]
fn candidates_count_stories_not_documents() {
    let run = |candidates: usize| -> Vec<String> {
        let mut store = Store::open_in_memory().unwrap();
        let config = AddConfig {
            full_limit: 0,
            candidates,
        };
        let seen: RefCell<Vec<Vec<String>>> = RefCell::new(Vec::new());
        let mut recording = |docs: Vec<Document>| {
            seen.borrow_mut()
                .push(docs.iter().map(|d| d.id.clone()).collect());
            analyze(docs)
        };
        let first = vec![
            doc(HARBOR_A, "Port Gazette", "2031-03-02", None),
            doc(HARBOR_B, "Coast Daily", "2031-03-03", None),
            doc(
                "Harbor pilots strike\nHarbor pilots and freighters stopped.\nThe harbor waited.",
                "Bay Wire",
                "2031-03-03",
                None,
            ),
            doc(
                "Summit on freighters\nDelegates discussed freighters at the summit.",
                "Inland Post",
                "2031-03-01",
                None,
            ),
            doc(
                "Weather turns cold\nSnow fell in the hills.",
                "Hill Times",
                "2031-03-01",
                None,
            ),
        ];
        store.add(first, &config, &mut recording).unwrap();
        let new = doc(
            "Freighters leave\nThe freighters left the harbor at dawn.",
            "Port Gazette",
            "2031-03-04",
            None,
        );
        store.add(vec![new], &config, &mut recording).unwrap();
        seen.take().pop().unwrap()
    };
    let summit = doc(
        "Summit on freighters\nDelegates discussed freighters at the summit.",
        "Inland Post",
        "2031-03-01",
        None,
    )
    .doc
    .id;
    let weather = doc(
        "Weather turns cold\nSnow fell in the hills.",
        "Hill Times",
        "2031-03-01",
        None,
    )
    .doc
    .id;
    // One story: the harbor story, whole (three documents), and the new one.
    let one = run(1);
    assert_eq!(one.len(), 4, "{one:?}");
    assert!(!one.contains(&summit));
    // Two stories: the three harbor documents rank first, yet the summit story, the next
    // one sharing a word, is the second.
    let two = run(2);
    assert_eq!(two.len(), 5, "{two:?}");
    assert!(two.contains(&summit));
    assert!(
        !two.contains(&weather),
        "a story sharing no word was pulled in"
    );
}

#[test]
fn stories_are_listed_newest_activity_first_and_read_back_whole() {
    let mut store = Store::open_in_memory().unwrap();
    add(
        &mut store,
        vec![
            doc(HARBOR_A, "Port Gazette", "2031-03-02", None),
            doc(HARBOR_B, "Coast Daily", "2031-03-03", None),
            doc(SUMMIT, "Inland Post", "2031-03-05", None),
        ],
    );
    let stories = store.stories().unwrap();
    let ids: Vec<&str> = stories.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["s-summit", "s-harbor"]);
    assert_eq!(stories[1].activity.as_deref(), Some("2031-03-03"));
    let report = store.story("s-harbor").unwrap().unwrap();
    assert_eq!(report.documents.len(), 2);
    assert_eq!(report.claims.len(), 4);
    assert_eq!(report.groups[0].status, GroupStatus::Conflicting);
    assert!(report.entities.iter().any(|e| e.id == "e-harbor"));
    assert!(store.story("s-none").unwrap().is_none());
    assert!(store.unassigned(10).unwrap().is_empty());
    assert_eq!(store.documents(2, 0).unwrap().len(), 2);
    assert_eq!(store.documents(10, 2).unwrap().len(), 1);
}

#[test]
fn search_finds_bodies_and_claims_and_applies_filters() {
    let mut store = Store::open_in_memory().unwrap();
    add(
        &mut store,
        vec![
            doc(HARBOR_A, "Port Gazette", "2031-03-02", None),
            doc(HARBOR_B, "Coast Daily", "2031-03-03", None),
            doc(SUMMIT, "Inland Post", "2031-03-05", None),
        ],
    );
    let q = |q: Query| store.search(&q).unwrap();
    let hits = q(Query {
        q: "freighters".into(),
        ..Query::default()
    });
    let docs = hits.iter().filter(|h| h.kind == HitKind::Document).count();
    let claims: Vec<_> = hits.iter().filter(|h| h.kind == HitKind::Claim).collect();
    assert_eq!((docs, claims.len()), (2, 2));
    // Claim hits point at their sentence, and highlights at the matched word.
    let c = claims[0];
    let view = store.document(&c.doc).unwrap().unwrap();
    let sentence = c.span.unwrap().slice(&view.document.body).unwrap();
    assert!(sentence.contains("freighters"));
    assert!(
        c.highlights
            .iter()
            .any(|h| h.slice(&c.snippet) == Some("freighters"))
    );
    // The stemmer matches other forms of a word.
    assert!(
        !q(Query {
            q: "queues".into(),
            ..Query::default()
        })
        .is_empty()
    );

    let only = |query: Query| -> Vec<String> {
        let mut d: Vec<String> = store
            .search(&query)
            .unwrap()
            .into_iter()
            .map(|h| h.doc)
            .collect();
        d.sort();
        d.dedup();
        d
    };
    let a = doc(HARBOR_A, "", "", None).doc.id;
    let b = doc(HARBOR_B, "", "", None).doc.id;
    let s = doc(SUMMIT, "", "", None).doc.id;
    assert_eq!(
        only(Query {
            q: "freighters".into(),
            outlet: Some("coast daily".into()),
            ..Query::default()
        }),
        [b.as_str()]
    );
    assert_eq!(
        only(Query {
            q: "freighters".into(),
            to: Some("2031-03-02".into()),
            ..Query::default()
        }),
        [a.as_str()]
    );
    assert_eq!(
        only(Query {
            from: Some("2031-03-03".into()),
            ..Query::default()
        })
        .len(),
        2
    );
    assert_eq!(
        only(Query {
            story: Some("s-summit".into()),
            ..Query::default()
        }),
        [s.as_str()]
    );
    assert_eq!(
        only(Query {
            entity: Some("Summit".into()),
            ..Query::default()
        }),
        [s.as_str()]
    );
    assert_eq!(
        only(Query {
            entity: Some("e-harbor".into()),
            q: "pilots".into(),
            ..Query::default()
        }),
        [b.as_str()]
    );
    assert!(
        only(Query {
            q: "freighters".into(),
            story: Some("s-summit".into()),
            ..Query::default()
        })
        .is_empty()
    );
    // Query syntax in user input is only words.
    assert!(
        q(Query {
            q: "harbor\" - (".into(),
            ..Query::default()
        })
        .len()
            >= 2
    );
}

#[test]
fn a_store_of_the_previous_format_is_migrated() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1.sqlite");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    std::fs::copy(&fixture, &path).unwrap();
    let version: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1, "the fixture is of the previous format");

    let store = Store::open(&path).unwrap();
    assert_eq!(store.format_version().unwrap(), store::FORMAT_VERSION);
    let counts = store.counts().unwrap();
    assert_eq!((counts.documents, counts.current, counts.claims), (3, 2, 6));
    let revisions = store
        .revisions("https://port-gazette.example/blockade")
        .unwrap();
    assert_eq!(
        revisions.iter().map(|r| r.revision).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(
        revisions[1].diff.added,
        ["The harbour of Veltra reopened on Wednesday."]
    );
    assert_eq!(
        revisions[1].diff.removed,
        ["The harbour of Veltra was closed to freighters on Monday."]
    );
    // Claims are searchable now, and the replaced revision is not.
    let hits = store
        .search(&Query {
            q: "reopened".into(),
            ..Query::default()
        })
        .unwrap();
    assert!(hits.iter().any(|h| h.kind == HitKind::Claim));
    assert!(
        store
            .search(&Query {
                q: "Monday".into(),
                ..Query::default()
            })
            .unwrap()
            .is_empty()
    );
    // The old story rested on the replaced revision, so it awaits analysis again.
    assert!(store.stories().unwrap().is_empty());
    assert_whole(&store);
    drop(store);

    // Opening again is a no-op, and new documents go in as usual.
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.reanalyze(&mut analyze).unwrap(), 2);
    add(
        &mut store,
        vec![doc(SUMMIT, "Inland Post", "2031-03-05", None)],
    );
    assert_eq!(store.counts().unwrap().current, 3);
    assert_eq!(store.stories().unwrap().len(), 3);
    assert_whole(&store);
}

#[test]
fn an_empty_version_one_store_migrates_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    store::schema::create_v1(&rusqlite::Connection::open(&path).unwrap()).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.format_version().unwrap(), store::FORMAT_VERSION);
    assert_eq!(store.counts().unwrap().documents, 0);
}

#[test]
fn an_analysis_that_drops_a_document_stores_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let err = store
        .add(
            vec![doc(HARBOR_A, "Port Gazette", "2031-03-02", None)],
            &AddConfig::default(),
            &mut |_| Report::default(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("no result"), "{err}");
    assert_eq!(store.counts().unwrap().documents, 0);
}
