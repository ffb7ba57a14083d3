//! End-to-end tests of the `crosscheck` binary: exit codes, diagnostics on bad input,
//! standard input, determinism and a closed pipe.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("crosscheck-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const ARTICLE: &str = "Dam fails after heavy rain\n\nBy Ana Ruiz\n\nThe dam on the Vell river failed on Sunday after days of heavy rain, officials said.\n\nRescue crews reached the valley on Monday, the regional governor said in a statement.\n";

fn run(args: &[&str], cwd: &Path) -> Output {
    bin().args(args).current_dir(cwd).output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn codes(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn bad_inputs_are_reported_and_the_batch_goes_on() {
    let dir = temp_dir("bad");
    std::fs::write(dir.join("good.txt"), ARTICLE).unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(
        dir.join("binary.txt"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00payload",
    )
    .unwrap();
    // Windows-1252 text is not valid UTF-8: it is decoded and the encoding reported.
    std::fs::write(
        dir.join("latin1.txt"),
        b"Minister resigns\n\nThe minister Andr\xe9 Leclerc resigned on Monday, his office said in a statement.\n",
    )
    .unwrap();
    // A 1 GB file (sparse, so the test stays cheap) is refused without being read.
    let huge = std::fs::File::create(dir.join("huge.txt")).unwrap();
    huge.set_len(1 << 30).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&dir, dir.join("loop")).unwrap();

    let out = run(
        &[
            "analyze",
            dir.to_str().unwrap(),
            "/no/such/file.txt",
            "--format",
            "json",
        ],
        &dir,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(&out);
    let codes = codes(&report);
    for expected in [
        "input.empty",
        "input.binary",
        "input.too_large",
        "input.unreadable",
        "decode.fallback",
    ] {
        assert!(
            codes.contains(&expected.to_string()),
            "missing {expected} in {codes:?}"
        );
    }
    #[cfg(unix)]
    assert!(codes.contains(&"input.loop".to_string()), "{codes:?}");
    assert_eq!(report["documents"].as_array().unwrap().len(), 2);
    let latin = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["encoding"] == "windows-1252")
        .expect("latin-1 document decoded");
    assert!(latin["body"].as_str().unwrap().contains("André Leclerc"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("huge.txt"), "{stderr}");
    assert!(stderr.contains("binary.txt"), "{stderr}");
}

#[test]
fn nothing_readable_exits_2() {
    let dir = temp_dir("none");
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    let out = run(&["analyze", "empty.txt"], &dir);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn usage_errors_exit_2_and_help_teaches() {
    let dir = temp_dir("usage");
    assert_eq!(run(&["analyze"], &dir).status.code(), Some(2));
    assert_eq!(
        run(&["analyze", "x", "--format", "pdf"], &dir)
            .status
            .code(),
        Some(2)
    );
    let bad_date = run(
        &["analyze", "x.txt", "--published", "x.txt=yesterday"],
        &dir,
    );
    assert_eq!(bad_date.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_date.stderr).contains("--published"));
    let help = run(&["analyze", "--help"], &dir);
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("Examples:") && text.contains("meta.json"),
        "{text}"
    );
}

#[test]
fn stdin_and_published_override() {
    let dir = temp_dir("stdin");
    let mut child = bin()
        .args([
            "analyze",
            "-",
            "--published",
            "-=2024-10-28",
            "--format",
            "json",
        ])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ARTICLE.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(&out);
    let doc = &report["documents"][0];
    assert_eq!(doc["source"], "-");
    assert_eq!(doc["published"], "2024-10-28");
    assert_eq!(doc["title"], "Dam fails after heavy rain");
    assert_eq!(report["claims"].as_array().unwrap().len(), 2);
}

#[test]
fn sidecar_metadata_wins_over_the_text() {
    let dir = temp_dir("sidecar");
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    std::fs::write(
        dir.join("a.meta.json"),
        r#"{"title": "Given title", "outlet": "Valley Post", "authors": ["B. Cole"], "published": "2025-03-02", "url": "https://example.invalid/a"}"#,
    )
    .unwrap();
    let out = run(&["analyze", "a.txt"], &dir);
    assert_eq!(out.status.code(), Some(0));
    let doc = &json(&out)["documents"][0];
    assert_eq!(doc["title"], "Given title");
    assert_eq!(doc["outlet"], "Valley Post");
    assert_eq!(doc["authors"][0], "B. Cole");
    assert_eq!(doc["published"], "2025-03-02");
    assert_eq!(doc["url"], "https://example.invalid/a");
}

#[test]
fn output_does_not_depend_on_input_order() {
    let dir = temp_dir("order");
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    std::fs::write(
        dir.join("b.txt"),
        "Crews shore up levee\n\nCrews worked through the night to shore up the levee, officials said on Tuesday.\n",
    )
    .unwrap();
    let one = run(&["analyze", "a.txt", "b.txt"], &dir);
    let two = run(&["analyze", "b.txt", "a.txt"], &dir);
    assert_eq!(one.status.code(), Some(0));
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn markdown_goes_to_the_out_file() {
    let dir = temp_dir("md");
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    let out = run(
        &["analyze", "a.txt", "--format", "md", "--out", "r.md"],
        &dir,
    );
    assert_eq!(out.status.code(), Some(0));
    let md = std::fs::read_to_string(dir.join("r.md")).unwrap();
    assert!(md.starts_with("# crosscheck report"));
    assert!(md.contains("## Dam fails after heavy rain"));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let dir = temp_dir("pipe");
    // Enough documents that the report is larger than a pipe buffer.
    for i in 0..200 {
        std::fs::write(
            dir.join(format!("{i:03}.txt")),
            format!("{ARTICLE}\nExtra line {i} said officials on Tuesday afternoon.\n"),
        )
        .unwrap();
    }
    let mut child = bin()
        .args(["analyze", ".", "--quiet"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
