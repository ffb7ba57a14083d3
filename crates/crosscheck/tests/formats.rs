//! End-to-end tests of the input formats: each fixture under
//! `crates/ingest/tests/fixtures/` (HTML, WARC, RSS, Atom, JSON Lines, text, and HTML
//! recognised by content) goes through `crosscheck analyze`, alone and mixed in one
//! directory, and comes out as documents with the metadata its format states.

use std::path::PathBuf;
use std::process::Command;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ingest/tests/fixtures")
}

fn analyze(paths: &[PathBuf]) -> (i32, serde_json::Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .arg("analyze")
        .args(paths)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    (out.status.code().unwrap_or(-1), report)
}

/// The document whose source ends with `suffix`.
fn doc<'a>(report: &'a serde_json::Value, suffix: &str) -> &'a serde_json::Value {
    report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["source"].as_str().unwrap().ends_with(suffix))
        .unwrap_or_else(|| panic!("no document from {suffix}"))
}

#[test]
fn a_directory_mixing_all_formats_gives_one_report() {
    let (code, report) = analyze(&[fixtures().join("mixed"), fixtures().join("sniffed/page")]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 0);
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 10);
    let mut formats: Vec<&str> = docs.iter().map(|d| d["format"].as_str().unwrap()).collect();
    formats.sort();
    formats.dedup();
    assert_eq!(formats, ["feed", "html", "jsonl", "text", "warc"]);
    assert!(!report["claims"].as_array().unwrap().is_empty());

    let html = doc(&report, "mixed/dam.html");
    assert_eq!(html["title"], "Dam fails after three days of rain");
    assert_eq!(html["outlet"], "The Valley Post");
    assert_eq!(html["authors"][0], "Ana Ruiz");
    assert_eq!(html["published"], "2024-10-28T05:06");
    assert_eq!(html["language"], "en");
    assert!(
        html["url"]
            .as_str()
            .unwrap()
            .starts_with("https://valley-post.invalid/")
    );
    let body = html["body"].as_str().unwrap();
    assert!(
        body.starts_with("The old dam above the town of Merrow"),
        "{body}"
    );
    assert!(
        !body.contains("Most read") && !body.contains("Copyright"),
        "{body}"
    );

    // The chunked, gzip-encoded response inside a per-record gzip archive.
    let warc = doc(&report, "crawl.warc.gz#1");
    assert_eq!(warc["format"], "warc");
    // The page's canonical address wins over the address it was captured from.
    assert!(
        warc["url"]
            .as_str()
            .unwrap()
            .starts_with("https://valley-post.invalid/news/")
    );
    assert_eq!(warc["authors"][0], "Tom Bell");
    assert_eq!(doc(&report, "crawl.warc.gz#2")["outlet"], "River News");

    let rss = doc(&report, "gazette.rss#1");
    assert_eq!(rss["title"], "School opens its doors to flooded families");
    assert_eq!(rss["outlet"], "Merrow Gazette");
    assert_eq!(rss["authors"][0], "Rosa Diaz");
    assert_eq!(rss["url"], "https://merrow-gazette.invalid/school");
    assert!(
        rss["body"]
            .as_str()
            .unwrap()
            .contains("\n\nVolunteers brought")
    );

    let atom = doc(&report, "radio.atom#1");
    assert_eq!(atom["authors"][0], "Marta Sol");
    assert_eq!(atom["published"], "2024-10-31T11:00");
    assert_eq!(atom["modified"], "2024-10-31T12:00");

    let line = doc(&report, "wire.jsonl#1");
    assert_eq!(line["outlet"], "Weather Desk");
    assert_eq!(line["published"], "2024-11-01");
    let html_line = doc(&report, "wire.jsonl#2");
    assert_eq!(
        html_line["title"],
        "Volunteers clear mud from Merrow streets"
    );
    assert_eq!(
        html_line["url"],
        "https://valley-post.invalid/news/volunteers"
    );

    assert_eq!(doc(&report, "sniffed/page")["format"], "html");
    assert_eq!(doc(&report, "mixed/notes.txt")["authors"][0], "Rosa Diaz");
}

#[test]
fn each_format_alone() {
    for (name, count) in [
        ("mixed/dam.html", 1),
        ("mixed/crawl.warc.gz", 2),
        ("mixed/gazette.rss", 2),
        ("mixed/radio.atom", 1),
        ("mixed/wire.jsonl", 2),
        ("sniffed/page", 1),
    ] {
        let (code, report) = analyze(&[fixtures().join(name)]);
        assert_eq!(code, 0, "{name}: {report}");
        assert_eq!(
            report["documents"].as_array().unwrap().len(),
            count,
            "{name}"
        );
    }
}

#[test]
fn user_metadata_wins_over_what_the_page_states() {
    let dir = std::env::temp_dir().join(format!("crosscheck-formats-given-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixtures().join("mixed/dam.html"), dir.join("dam.html")).unwrap();
    std::fs::write(
        dir.join("dam.meta.json"),
        r#"{"outlet": "Given Outlet", "published": "2024-10-27"}"#,
    )
    .unwrap();
    let (code, report) = analyze(&[dir.join("dam.html")]);
    assert_eq!(code, 0);
    let d = doc(&report, "dam.html");
    assert_eq!(d["outlet"], "Given Outlet");
    assert_eq!(d["published"], "2024-10-27");
    assert_eq!(d["title"], "Dam fails after three days of rain");
}
