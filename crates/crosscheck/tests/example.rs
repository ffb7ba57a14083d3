//! Golden end-to-end test: the README's main command on the bundled example corpus.
//! The exit code, standard error, JSON report and Markdown report are reviewed
//! snapshots; a few properties are also asserted directly so that a careless snapshot
//! update cannot hide a regression.

use std::path::PathBuf;
use std::process::Command;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(format: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["analyze", "examples/harbor-blockade", "--format", format])
        .current_dir(workspace())
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn example_json_report() {
    let (code, stdout, stderr) = run("json");
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 7);
    for d in docs {
        let body = d["body"].as_str().unwrap();
        for b in [
            "Read More",
            "Also read",
            "Related News",
            "Trending now",
            "More from",
            "Latest Headlines",
            "File Photo",
            "hours ago",
            "Comments are closed",
            "Leave a comment",
            "You may also like",
        ] {
            assert!(!body.contains(b), "{}: {b:?} left in body", d["source"]);
        }
    }
    let courier = docs
        .iter()
        .find(|d| d["encoding"] == "windows-1252")
        .expect("cp1252 article");
    assert!(courier["authors"][0].as_str().unwrap().contains("Renée"));
    let dispatch = docs
        .iter()
        .find(|d| d["source"].as_str().unwrap().contains("06-"))
        .unwrap();
    assert!(
        dispatch["removed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["reason"] == "repeated")
    );
    insta::assert_snapshot!("stderr", stderr);
    insta::assert_snapshot!("json", stdout);
}

#[test]
fn example_markdown_report() {
    let (code, stdout, _) = run("md");
    assert_eq!(code, 0);
    insta::assert_snapshot!("markdown", stdout);
}
