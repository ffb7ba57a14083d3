//! The store subcommands end to end: `ingest` is idempotent, records revisions with
//! their claim differences, and survives being killed at any point; `search` reads
//! what was stored.
//!
//! The durability test runs the real binary on ECB+ texts from `../shared/data/ecbplus`
//! and kills it with SIGKILL at seeded pseudo-random moments, at least 50 times.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use store::Store;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_crosscheck"));
    c.env_remove("CROSSCHECK_DB");
    c
}

fn shared_data(rel: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(rel);
    assert!(
        path.is_dir(),
        "test data missing: {} (the public evaluation data lives in ../shared/data beside the repository)",
        path.display()
    );
    path
}

/// Copies the first `n` ECB+ texts into a fresh folder, so the corpus is fixed.
fn ecb_subset(dir: &Path, n: usize) -> PathBuf {
    let texts = shared_data("ecbplus/texts");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&texts)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    assert!(
        names.len() >= n,
        "fewer than {n} ECB+ texts in {}",
        texts.display()
    );
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for p in &names[..n] {
        std::fs::copy(p, corpus.join(p.file_name().unwrap())).unwrap();
    }
    corpus
}

/// Every stored document has its analysis and exactly its claims: no half-written one.
fn assert_consistent(store: &Store) {
    assert_eq!(store.integrity_check().unwrap(), vec!["ok"]);
    let conn = store.connection();
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM documents d LEFT JOIN analyses a ON a.doc = d.id \
             WHERE a.doc IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0, "a document was stored without its analysis");
    let mismatched: i64 = conn
        .query_row(
            "SELECT count(*) FROM analyses a WHERE json_array_length(a.claims) != \
             (SELECT count(*) FROM claims c WHERE c.doc = a.doc)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        mismatched, 0,
        "a document's claim rows do not match its analysis"
    );
}

/// A small deterministic generator (xorshift), so the kill points are the same on
/// every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn a_killed_ingest_leaves_a_sound_store_holding_everything_reported() {
    const KILLS: usize = 55;
    let dir = tempfile::tempdir().unwrap();
    let corpus = ecb_subset(dir.path(), 16);
    let db = dir.path().join("store.db");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let started = Instant::now();
    let (mut kills, mut completed, mut resets) = (0, 0, 0);
    let mut reported: Vec<String> = Vec::new();
    while kills < KILLS {
        let mut child = bin()
            .args(["ingest", "--batch", "1", "--db"])
            .arg(&db)
            .arg(&corpus)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::<String>::new()));
        let sink = lines.clone();
        let reader = std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match r.read_until(b'\n', &mut buf) {
                    // Only whole lines count: a line cut by the kill was not reported.
                    Ok(n) if n > 0 && buf.ends_with(b"\n") => sink
                        .lock()
                        .unwrap()
                        .push(String::from_utf8_lossy(&buf).into_owned()),
                    _ => break,
                }
            }
        });
        let delay = 10 + rng.next() % 450;
        std::thread::sleep(Duration::from_millis(delay));
        let finished = child.try_wait().unwrap().is_some();
        if !finished {
            child.kill().unwrap();
            kills += 1;
        } else {
            completed += 1;
        }
        child.wait().unwrap();
        reader.join().unwrap();
        for line in lines.lock().unwrap().iter() {
            if let Some(rest) = line.strip_prefix("stored ") {
                reported.push(rest.split_whitespace().next().unwrap().to_string());
            }
        }

        let store = Store::open(&db).unwrap();
        assert_consistent(&store);
        for id in &reported {
            assert!(
                store.contains(id).unwrap(),
                "{id} was reported stored but is missing"
            );
        }
        let stored = store.counts().unwrap().documents;
        drop(store);
        // Once everything is in, start again from an empty store so that later kills
        // still land in the middle of writes.
        if stored == 16 {
            resets += 1;
            reported.clear();
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
            }
        }
    }
    // A last run, not killed, completes the store.
    let out = bin()
        .args(["ingest", "--batch", "1", "--db"])
        .arg(&db)
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = Store::open(&db).unwrap();
    assert_consistent(&store);
    assert_eq!(store.counts().unwrap().documents, 16);
    eprintln!(
        "{kills} kills, {completed} runs finished before their kill, {resets} resets, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(kills >= 50);
}

#[test]
fn ingest_is_idempotent_and_shows_revisions_with_their_claim_differences() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    assert!(
        seeds.is_dir(),
        "the seed articles are missing: {}",
        seeds.display()
    );

    let first = bin()
        .arg("ingest")
        .arg(&seeds)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let out = String::from_utf8(first.stdout).unwrap();
    assert_eq!(
        out.lines().filter(|l| l.starts_with("stored ")).count(),
        5,
        "{out}"
    );

    // The store can be named through the environment too.
    let second = bin()
        .arg("ingest")
        .arg(&seeds)
        .env("CROSSCHECK_DB", &db)
        .output()
        .unwrap();
    assert!(second.status.success());
    let out = String::from_utf8(second.stdout).unwrap();
    assert_eq!(
        out.lines().filter(|l| l.starts_with("skipped ")).count(),
        5,
        "{out}"
    );
    assert!(!out.lines().any(|l| l.starts_with("stored ")), "{out}");

    // Two versions of one article at one URL (given in a sidecar).
    let v1 = dir.path().join("v1");
    let v2 = dir.path().join("v2");
    for (folder, sentence) in [
        (
            &v1,
            "The harbour of Veltra was closed to freighters on Monday.",
        ),
        (&v2, "The harbour of Veltra reopened on Wednesday."),
    ] {
        std::fs::create_dir_all(folder).unwrap();
        std::fs::write(
            folder.join("gazette.txt"),
            format!(
                "Veltra harbour news\n\n{sentence} About 40 ships waited outside the breakwater, \
                 the harbour master said.\n"
            ),
        )
        .unwrap();
        std::fs::write(
            folder.join("gazette.meta.json"),
            r#"{"url": "https://gazette.example/veltra", "outlet": "Gazette"}"#,
        )
        .unwrap();
    }
    let run = |folder: &Path| {
        let o = bin()
            .arg("ingest")
            .arg(folder)
            .arg("--db")
            .arg(&db)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    run(&v1);
    let out = run(&v2);
    assert!(
        out.contains("revision 2 of https://gazette.example/veltra"),
        "{out}"
    );
    assert!(
        out.contains("  + The harbour of Veltra reopened on Wednesday."),
        "{out}"
    );
    assert!(
        out.contains("  - The harbour of Veltra was closed to freighters on Monday."),
        "{out}"
    );

    // The differences stay available after the ingest.
    let listed = bin()
        .args(["revisions", "https://gazette.example/veltra", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(listed.status.success());
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert!(listed.starts_with("revision 1 d"), "{listed}");
    assert!(listed.contains("\nrevision 2 d"), "{listed}");
    assert!(
        listed.contains("  + The harbour of Veltra reopened on Wednesday."),
        "{listed}"
    );
    let unknown = bin()
        .args(["revisions", "https://gazette.example/none", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));

    // The input file is kept byte for byte.
    let store = Store::open(&db).unwrap();
    let id = out.lines().find_map(|l| l.strip_prefix("stored ")).unwrap();
    let id = id.split_whitespace().next().unwrap();
    let (raw, exact) = store.raw(id).unwrap().unwrap();
    assert!(exact);
    assert_eq!(raw, std::fs::read(v2.join("gazette.txt")).unwrap());
    drop(store);

    let found = bin()
        .args(["search", "reopened", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(found.status.success());
    let hits: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert!(
        hits.as_array().unwrap().iter().any(|h| h["doc"] == id),
        "{hits}"
    );
    let gone = bin()
        .args(["search", "freighters", "--outlet", "gazette", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(gone.status.success());
    assert!(gone.stdout.is_empty(), "the replaced revision was searched");
}

#[test]
fn search_without_a_store_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["search", "x", "--db"])
        .arg(dir.path().join("none.db"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no store at"));
}

#[test]
fn the_stored_analysis_does_not_depend_on_batch_size() {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/harbor-blockade");
    let mut reports = Vec::new();
    for batch in ["1", "3", "50"] {
        let db = dir.path().join(format!("b{batch}.db"));
        let out = bin()
            .args(["ingest", "-q", "--batch", batch, "--db"])
            .arg(&db)
            .arg(&example)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let store = Store::open(&db).unwrap();
        assert_consistent(&store);
        let report = store.report().unwrap();
        assert_eq!(report.documents.len(), 7);
        reports.push(serde_json::to_string(&report).unwrap());
    }
    assert_eq!(reports[0], reports[1]);
    assert_eq!(reports[0], reports[2]);
}
