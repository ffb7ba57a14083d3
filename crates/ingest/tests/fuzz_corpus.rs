//! Replays the saved corpora of the fuzz targets (`fuzz/corpus/<target>/`, including
//! crash fixtures saved there) through the same entry points, as an ordinary test.

use std::path::PathBuf;

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "empty corpus {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let data = std::fs::read(&p).unwrap();
            (p, data)
        })
        .collect()
}

#[test]
fn warc_corpus() {
    for (_, data) in corpus("warc") {
        ingest::fuzz::warc(&data);
    }
}

#[test]
fn feed_corpus() {
    for (_, data) in corpus("feed") {
        ingest::fuzz::feed(&data);
    }
}

#[test]
fn html_corpus() {
    for (_, data) in corpus("html") {
        ingest::fuzz::html(&data);
    }
}
