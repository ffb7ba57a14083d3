//! End-to-end test of `--format html --out FILE` on the bundled example corpus: the file
//! is written, parses as HTML5, holds one section per document with every claim anchored,
//! loads nothing from anywhere, and is byte-identical across runs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn render(out: &Path) -> String {
    let status = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args([
            "analyze",
            "examples/harbor-blockade",
            "--quiet",
            "--format",
            "html",
            "--out",
        ])
        .arg(out)
        .current_dir(workspace())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    std::fs::read_to_string(out).expect("the report file is written")
}

#[test]
fn html_report_of_the_example_corpus() {
    let dir = std::env::temp_dir().join(format!("crosscheck-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let html = render(&dir.join("report.html"));
    assert!(html.starts_with("<!DOCTYPE html>"));

    let json = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["analyze", "examples/harbor-blockade", "--quiet"])
        .current_dir(workspace())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();

    let page = dom_query::Document::from(html.as_str());
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 7);
    assert_eq!(page.select("section.doc").length(), docs.len());
    for d in docs {
        let id = d["id"].as_str().unwrap();
        let section = page.select(&format!("section.doc[id='d-{id}']"));
        assert_eq!(section.length(), 1, "no section for {id}");
        assert!(section.select("details .text").exists());
    }
    // Every claim of the JSON report has its sentence anchored in the page.
    let ids: HashSet<String> = page
        .select("[id]")
        .iter()
        .filter_map(|n| n.attr("id").map(|s| s.to_string()))
        .collect();
    let claims = report["claims"].as_array().unwrap();
    assert!(!claims.is_empty());
    for c in claims {
        let id = c["id"].as_str().unwrap();
        assert!(ids.contains(&format!("c-{id}")), "no anchor for claim {id}");
    }
    // Removed boilerplate is in the page, greyed, with its reason.
    let removed: usize = docs
        .iter()
        .map(|d| d["removed"].as_array().unwrap().len())
        .sum();
    assert!(removed > 0);
    assert!(page.select(".text .removed .why").length() >= removed.min(1));
    // Nothing is loaded from anywhere.
    assert_eq!(page.select("[src], link").length(), 0);
    for a in page.select("[href]").iter() {
        let href = a.attr("href").unwrap().to_string();
        let own_url = docs
            .iter()
            .any(|d| d["url"].as_str() == Some(href.as_str()));
        assert!(href.starts_with('#') || own_url, "external href {href}");
    }
    // Same input, same bytes.
    assert_eq!(render(&dir.join("again.html")), html);
    let _ = std::fs::remove_dir_all(&dir);
}
