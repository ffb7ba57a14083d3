//! Bad input, read through [`ingest::load`]: each case gives a diagnostic with the file
//! and an offset, the rest of the input is still read, and nothing panics.

use std::io::Write;
use std::path::{Path, PathBuf};

use ingest::{Config, Input, load};
use model::{Diagnostic, Document};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("crosscheck-bad-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn load_file(path: &Path, config: &Config) -> (Vec<Document>, Vec<Diagnostic>) {
    let mut docs = Vec::new();
    let diags = load(
        &Input::File {
            path: path.to_path_buf(),
        },
        config,
        &mut std::io::empty(),
        &mut |d| docs.push(d),
    );
    (docs, diags)
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(data).unwrap();
    gz.finish().unwrap()
}

fn page(n: usize) -> String {
    format!(
        "<html><head><title>Story {n}</title></head><body><article><p>The council of the town met on Monday evening to discuss the budget for the coming year, story {n} says.</p><p>Members said the budget would be put to a vote next month after a public consultation.</p></article></body></html>"
    )
}

fn warc_record(n: usize) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{}",
        page(n)
    );
    ingest::warc::record(
        &format!("https://example.invalid/{n}"),
        "2024-10-28T05:06:00Z",
        http.as_bytes(),
    )
}

fn assert_diag(diags: &[Diagnostic], code: &str, source_end: &str) {
    let d = diags
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code} in {diags:#?}"));
    assert!(d.source.ends_with(source_end), "{d:?}");
    assert!(d.offset.is_some(), "{d:?}");
}

#[test]
fn truncated_gzip_keeps_the_records_before_the_cut() {
    let dir = temp_dir("gzip");
    let mut data = Vec::new();
    for n in 0..3 {
        data.extend(gzip(&warc_record(n)));
    }
    data.truncate(data.len() - 40);
    std::fs::write(dir.join("cut.warc.gz"), &data).unwrap();
    let (docs, diags) = load_file(&dir.join("cut.warc.gz"), &Config::default());
    assert_eq!(docs.len(), 2, "{diags:#?}");
    assert!(!diags.is_empty());
    assert!(diags.iter().all(|d| d.offset.is_some()), "{diags:#?}");

    let lines = "{\"text\": \"First line of the file, with enough words.\"}\n".repeat(50);
    let mut gz = gzip(lines.as_bytes());
    gz.truncate(gz.len() / 2);
    std::fs::write(dir.join("cut.jsonl.gz"), &gz).unwrap();
    let (_docs, diags) = load_file(&dir.join("cut.jsonl.gz"), &Config::default());
    assert_diag(&diags, "input.unreadable", "cut.jsonl.gz");
}

#[test]
fn a_warc_record_whose_length_lies_is_reported_and_the_rest_read() {
    let dir = temp_dir("warc");
    let mut data = String::from_utf8(warc_record(1)).unwrap();
    let real = data
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .unwrap()
        .trim()
        .to_string();
    data = data.replace(&format!("Content-Length: {real}"), "Content-Length: 60");
    let mut bytes = data.into_bytes();
    bytes.extend(warc_record(2));
    std::fs::write(dir.join("lie.warc"), &bytes).unwrap();
    let (docs, diags) = load_file(&dir.join("lie.warc"), &Config::default());
    assert!(
        docs.iter().any(|d| d.text.contains("story 2 says")),
        "{diags:#?}"
    );
    assert_diag(&diags, "warc.resync", "lie.warc");
}

#[test]
fn a_200_mb_page_is_refused_without_being_read() {
    let dir = temp_dir("huge");
    // A sparse file: the size is what matters, and the test stays cheap.
    let f = std::fs::File::create(dir.join("huge.html")).unwrap();
    f.set_len(200 * 1024 * 1024).unwrap();
    let (docs, diags) = load_file(&dir.join("huge.html"), &Config::default());
    assert!(docs.is_empty());
    assert_diag(&diags, "input.too_large", "huge.html");

    // The same page inside an archive is skipped as a record, and the next one read.
    let config = Config {
        max_bytes: 4096,
        ..Config::default()
    };
    let big = format!(
        "HTTP/1.1 200 OK\r\n\r\n<html><body>{}</body></html>",
        "<p>word</p>".repeat(1000)
    );
    let mut data = ingest::warc::record("https://example.invalid/big", "2024", big.as_bytes());
    data.extend(warc_record(3));
    std::fs::write(dir.join("big.warc"), &data).unwrap();
    let (docs, diags) = load_file(&dir.join("big.warc"), &config);
    assert_eq!(docs.len(), 1, "{diags:#?}");
    assert_diag(&diags, "input.too_large", "big.warc");
}

#[test]
fn deeply_nested_tags_do_not_overflow_the_stack() {
    let dir = temp_dir("deep");
    let mut html = String::from("<!DOCTYPE html><html><body>");
    html.push_str(&"<div>".repeat(100_000));
    html.push_str("<p>Deep text at the bottom of the page, which is still read as text.</p>");
    html.push_str(&"</div>".repeat(100_000));
    html.push_str("</body></html>");
    std::fs::write(dir.join("deep.html"), &html).unwrap();
    // Run on a thread with a small stack, as rayon's workers have.
    let path = dir.join("deep.html");
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || load_file(&path, &Config::default()))
        .unwrap();
    let (docs, diags) = handle.join().expect("no stack overflow or panic");
    assert_eq!(docs.len(), 1);
    assert!(docs[0].text.contains("Deep text at the bottom"));
    assert_diag(&diags, "html.too_deep", "deep.html");
}

#[test]
fn invalid_charsets_decode_with_a_note() {
    let dir = temp_dir("charset");
    // Declares a charset that does not exist, and holds bytes invalid in UTF-8.
    let raw = b"<html><head><meta charset=\"x-no-such-charset\"></head><body><article><p>Caf\xe9 owners in the town said on Monday that the new rules on terraces would cost them customers.</p><p>The council said the rules would be reviewed in the spring after a consultation.</p></article></body></html>";
    std::fs::write(dir.join("bad.html"), raw).unwrap();
    let (docs, diags) = load_file(&dir.join("bad.html"), &Config::default());
    assert_eq!(docs.len(), 1);
    assert!(docs[0].text.contains("Café"), "{}", docs[0].text);
    assert!(
        diags.iter().any(|d| d.code == "decode.fallback"),
        "{diags:#?}"
    );
}

#[test]
fn broken_feed_xml_is_reported() {
    let dir = temp_dir("feed");
    std::fs::write(
        dir.join("broken.rss"),
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>X</title><item><title>A</title><description>Text",
    )
    .unwrap();
    let (docs, diags) = load_file(&dir.join("broken.rss"), &Config::default());
    assert!(docs.is_empty());
    assert_diag(&diags, "feed.invalid", "broken.rss");
}

#[test]
fn a_json_line_that_is_not_json_is_reported_and_the_next_read() {
    let dir = temp_dir("jsonl");
    std::fs::write(
        dir.join("mixed.jsonl"),
        "{\"text\": \"The first article has some words in it.\"}\n{not json at all\n[1, 2]\n{\"title\": \"no text\"}\n{\"text\": \"The last article has some words in it too.\"}\n",
    )
    .unwrap();
    let (docs, diags) = load_file(&dir.join("mixed.jsonl"), &Config::default());
    assert_eq!(docs.len(), 2, "{diags:#?}");
    assert_eq!(docs[1].source.rsplit('#').next(), Some("5"));
    assert_diag(&diags, "jsonl.invalid", "mixed.jsonl#2");
    let bad = diags.iter().find(|d| d.code == "jsonl.invalid").unwrap();
    assert!(bad.offset.unwrap() >= 52, "{bad:?}");
    assert_diag(&diags, "jsonl.no_text", "mixed.jsonl#4");
}
