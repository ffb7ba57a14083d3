//! The ingest stage: turns what the user points at (files, directories, standard input)
//! into decoded [`Document`]s, each with its content-derived id, its source and the
//! metadata the user gave for it.
//!
//! It reads bytes and decodes characters; it does not look inside the text (headlines,
//! bylines and boilerplate are the clean stage's job). Problems with one input (missing,
//! unreadable, empty, binary, too large, a directory loop) become [`Diagnostic`]s and the
//! rest of the batch goes on.
//!
//! Formats: plain text; HTML pages (by extension, or by content when a named file starts
//! like HTML); WARC archives (`.warc`, `.warc.gz`), read record by record; RSS and Atom
//! feeds (`.xml`, `.rss`, `.atom`), one document per item; JSON Lines (`.jsonl`,
//! `.jsonl.gz`), one document per line. Multi-record inputs stream their documents to
//! the caller's sink, so an archive is never held whole. A document read from a record of
//! a multi-record file has the source `PATH#N`, where `N` counts from 1: the line number
//! for JSON Lines, the item number for feeds, and the number of the HTML response for
//! WARC (the record's target URI is in the document's `url`). Its id is the hash of the
//! record's own bytes, so it does not depend on where the record sits.

mod decode;
pub mod feed;
pub mod html;
mod jsonl;
pub mod warc;

/// Entry points for the fuzz targets in `fuzz/` and for the test that replays their saved
/// corpora: each runs one parser of untrusted input over arbitrary bytes.
pub mod fuzz {
    use crate::{Config, feed, html, warc};

    /// The WARC reader, with a small record limit.
    pub fn warc(data: &[u8]) {
        let _ = warc::read(data, 1 << 16, &mut |_| {}, &mut |_| {});
    }

    /// The feed reader.
    pub fn feed(data: &[u8]) {
        let mut diagnostics = Vec::new();
        feed::read(
            data,
            "fuzz",
            &Config::default(),
            &mut |_| {},
            &mut diagnostics,
        );
    }

    /// HTML decoding and article extraction.
    pub fn html(data: &[u8]) {
        if let Ok(page) = html::decode_html(data.to_vec(), None) {
            let limits = html::Limits {
                max_elements: 20_000,
                max_depth: html::DEFAULT_MAX_DEPTH,
            };
            let _ = html::extract(page, Some("https://example.invalid/a"), &limits);
        }
    }
}

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use model::{Diagnostic, Document, GivenMeta, Severity};

pub use decode::{Decoded, decode};

/// Limits and choices for reading inputs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Inputs larger than this many bytes are reported and skipped, never read whole.
    pub max_bytes: u64,
    /// Follow symbolic links while walking directories (loops are detected and reported).
    pub follow_links: bool,
    /// HTML pages with more elements than this are not scored for an article; their
    /// whole text is read instead, which bounds the extractor's time.
    pub max_html_elements: usize,
    /// HTML pages nested deeper than this are read as flat text without a DOM.
    pub max_html_depth: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_bytes: 64 * 1024 * 1024,
            follow_links: true,
            max_html_elements: 200_000,
            max_html_depth: html::DEFAULT_MAX_DEPTH,
        }
    }
}

/// One input to read: a file found on disk or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File {
        /// The path as the user gave it, or as found by walking a directory the user gave.
        path: PathBuf,
    },
    Stdin,
}

impl Input {
    /// The source as shown in reports: the path, or `-` for standard input.
    pub fn source(&self) -> String {
        match self {
            Input::File { path } => path.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }
}

/// File extensions read when walking a directory. A file named explicitly is read
/// whatever its extension.
const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "text", "html", "htm", "warc", "xml", "rss", "atom", "jsonl",
];

/// How an input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Html,
    Warc { gzip: bool },
    Feed,
    Jsonl { gzip: bool },
}

/// The kind an input's file name announces; `.gz` counts only after `.warc` or `.jsonl`.
fn kind_of(path: &Path) -> Kind {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let (stem, gzip) = match name.strip_suffix(".gz") {
        Some(stem) => (stem, true),
        None => (name.as_str(), false),
    };
    let ext = stem.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    match (ext, gzip) {
        ("warc", gzip) => Kind::Warc { gzip },
        ("jsonl", gzip) => Kind::Jsonl { gzip },
        ("html" | "htm", false) => Kind::Html,
        ("xml" | "rss" | "atom", false) => Kind::Feed,
        _ => Kind::Text,
    }
}

/// Expands the paths the user gave into inputs: files as they are, directories walked
/// recursively (in sorted order, so the result does not depend on the file system), `-`
/// as standard input. Sidecar `*.meta.json` files are not inputs. See [`discover_each`]
/// for the same walk without collecting the list.
pub fn discover(paths: &[PathBuf], config: &Config) -> (Vec<Input>, Vec<Diagnostic>) {
    let mut inputs = Vec::new();
    let mut diags = Vec::new();
    discover_each(paths, config, &mut |input| inputs.push(input), &mut |d| {
        diags.push(d)
    });
    (inputs, diags)
}

/// The walk of [`discover`], handing each input to `on_input` and each problem to
/// `on_problem` as soon as it is found, in the same order. Nothing is collected, so
/// memory does not grow with the number of files: it holds the sorted entries of the
/// directories open on the current path only.
pub fn discover_each(
    paths: &[PathBuf],
    config: &Config,
    on_input: &mut dyn FnMut(Input),
    on_problem: &mut dyn FnMut(Diagnostic),
) {
    for path in paths {
        if path.as_os_str() == "-" {
            on_input(Input::Stdin);
            continue;
        }
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(err) => {
                on_problem(Diagnostic::new(
                    "input.unreadable",
                    Severity::Error,
                    path.display().to_string(),
                    format!("cannot read path: {err}"),
                ));
                continue;
            }
        };
        if !meta.is_dir() {
            on_input(Input::File { path: path.clone() });
            continue;
        }
        let walker = walkdir::WalkDir::new(path)
            .follow_links(config.follow_links)
            .sort_by_file_name();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if !entry.file_type().is_file() || is_sidecar(entry.path()) {
                        continue;
                    }
                    if has_text_extension(entry.path()) {
                        on_input(Input::File {
                            path: entry.into_path(),
                        });
                    }
                }
                Err(err) => {
                    let at = err.path().unwrap_or(path.as_path()).display().to_string();
                    let (code, message) = match err.loop_ancestor() {
                        Some(ancestor) => (
                            "input.loop",
                            format!(
                                "directory loop: links back to {}; not followed",
                                ancestor.display()
                            ),
                        ),
                        None => ("input.unreadable", format!("cannot read: {err}")),
                    };
                    on_problem(Diagnostic::new(code, Severity::Error, at, message));
                }
            }
        }
    }
}

fn has_text_extension(path: &Path) -> bool {
    let ext_ok = |p: &Path| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| TEXT_EXTENSIONS.iter().any(|t| e.eq_ignore_ascii_case(t)))
    };
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    {
        return matches!(kind_of(path), Kind::Warc { .. } | Kind::Jsonl { .. });
    }
    ext_ok(path)
}

fn is_sidecar(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".meta.json"))
}

/// The sidecar checked for `path`: `NAME.meta.json` beside `NAME.txt`.
fn sidecar_path(path: &Path) -> Option<PathBuf> {
    let mut name = path.file_stem()?.to_os_string();
    name.push(".meta.json");
    Some(path.with_file_name(name))
}

/// Reads at most `max + 1` bytes, so an oversized input is detected without loading it.
/// `expected` is the size the input announces (a file's length, 0 when unknown): the
/// buffer is allocated once at that size, so a file is read in one call and one more
/// that finds its end, instead of a growing buffer and a read per doubling.
fn read_limited(reader: impl Read, max: u64, expected: u64) -> io::Result<Vec<u8>> {
    let capacity = usize::try_from(expected.min(max).saturating_add(1)).unwrap_or(0);
    let mut buf = Vec::with_capacity(capacity);
    reader.take(max.saturating_add(1)).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Reads and decodes one input into [`Document`]s whose cleaned fields are still empty,
/// handing each to `sink` as soon as it is read, and returns what was noticed. `stdin`
/// supplies standard input when the input is `-` (read as text, or HTML when it starts
/// like HTML).
pub fn load(
    input: &Input,
    config: &Config,
    stdin: &mut dyn Read,
    sink: &mut dyn FnMut(Document),
) -> Vec<Diagnostic> {
    let source = input.source();
    let mut diagnostics = Vec::new();
    let kind = match input {
        Input::File { path } => kind_of(path),
        Input::Stdin => Kind::Text,
    };
    if let (Input::File { path }, Kind::Warc { gzip } | Kind::Jsonl { gzip }) = (input, kind) {
        let file = match File::open(path) {
            Ok(file) => io::BufReader::new(file),
            Err(err) => {
                diagnostics.push(Diagnostic::new(
                    "input.unreadable",
                    Severity::Error,
                    &source,
                    format!("cannot open file: {err}"),
                ));
                return diagnostics;
            }
        };
        let reader: Box<dyn io::BufRead> = if gzip {
            Box::new(io::BufReader::new(flate2::read::MultiGzDecoder::new(file)))
        } else {
            Box::new(file)
        };
        if matches!(kind, Kind::Warc { .. }) {
            read_warc(reader, &source, config, sink, &mut diagnostics);
        } else {
            jsonl::read(reader, &source, config, sink, &mut diagnostics);
        }
        return diagnostics;
    }
    let read = match input {
        Input::File { path } => match File::open(path) {
            Ok(file) => {
                let len = file.metadata().map(|m| m.len()).unwrap_or(0);
                if len > config.max_bytes {
                    Err(too_large(&source, len, config.max_bytes))
                } else {
                    read_limited(file, config.max_bytes, len).map_err(|err| {
                        Diagnostic::new(
                            "input.unreadable",
                            Severity::Error,
                            &source,
                            format!("cannot read file: {err}"),
                        )
                    })
                }
            }
            Err(err) => Err(Diagnostic::new(
                "input.unreadable",
                Severity::Error,
                &source,
                format!("cannot open file: {err}"),
            )),
        },
        Input::Stdin => read_limited(stdin, config.max_bytes, 0).map_err(|err| {
            Diagnostic::new(
                "input.unreadable",
                Severity::Error,
                &source,
                format!("cannot read standard input: {err}"),
            )
        }),
    };
    let raw = match read {
        Ok(raw) if raw.len() as u64 > config.max_bytes => {
            diagnostics.push(too_large(&source, raw.len() as u64, config.max_bytes));
            return diagnostics;
        }
        Ok(raw) => raw,
        Err(diag) => {
            diagnostics.push(diag);
            return diagnostics;
        }
    };
    if kind == Kind::Feed {
        feed::read(&raw, &source, config, sink, &mut diagnostics);
        return diagnostics;
    }
    let given = match input {
        Input::File { path } => read_sidecar(path, &source, &mut diagnostics),
        Input::Stdin => GivenMeta::default(),
    };
    let is_html = kind == Kind::Html || html::looks_like_html(&raw);
    let document = if is_html {
        html_document(raw, None, None, source, config, &mut diagnostics)
    } else {
        text_document(raw, source, &mut diagnostics)
    };
    if let Some(mut document) = document {
        document.given = given;
        sink(document);
    }
    diagnostics
}

/// A document from the bytes of a plain-text input.
fn text_document(
    raw: Vec<u8>,
    source: String,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Document> {
    let id = model::ids::document(&raw);
    let decoded = match decode(raw) {
        Ok(decoded) => decoded,
        Err(problem) => {
            diagnostics.push(
                Diagnostic::new(problem.code, Severity::Error, &source, problem.message)
                    .at(problem.offset),
            );
            return None;
        }
    };
    if let Some(note) = &decoded.note {
        diagnostics.push(
            Diagnostic::new("decode.fallback", Severity::Info, &source, note.clone()).for_doc(&id),
        );
    }
    if decoded.text.trim().is_empty() {
        diagnostics.push(empty(&source, &id));
        return None;
    }
    let mut document = Document::new(id, source, decoded.text);
    document.encoding = decoded.encoding.to_string();
    Some(document)
}

fn empty(source: &str, id: &str) -> Diagnostic {
    Diagnostic::new(
        "input.empty",
        Severity::Warning,
        source,
        "input has no text; skipped",
    )
    .for_doc(id)
}

/// A document from the bytes of an HTML page: decoded with `charset` (from an HTTP
/// header) when given, its article extracted, its metadata in `found`.
fn html_document(
    raw: Vec<u8>,
    charset: Option<&str>,
    url: Option<&str>,
    source: String,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Document> {
    let id = model::ids::document(&raw);
    let page = match html::decode_html(raw, charset) {
        Ok(page) => page,
        Err(problem) => {
            diagnostics.push(
                Diagnostic::new(problem.code, Severity::Error, &source, problem.message)
                    .at(problem.offset),
            );
            return None;
        }
    };
    if let Some(note) = &page.note {
        diagnostics.push(
            Diagnostic::new("decode.fallback", Severity::Info, &source, note.clone()).for_doc(&id),
        );
    }
    let limits = html::Limits {
        max_elements: config.max_html_elements,
        max_depth: config.max_html_depth,
    };
    let Some(page) = html::extract(page, url, &limits) else {
        diagnostics.push(empty(&source, &id));
        return None;
    };
    if let Some(note) = page.note.as_ref().filter(|n| n.starts_with("tags nested")) {
        diagnostics.push(
            Diagnostic::new("html.too_deep", Severity::Warning, &source, note.clone())
                .at(0)
                .for_doc(&id),
        );
    }
    let mut document = Document::new(id, source, page.text);
    document.format = model::Format::Html;
    document.encoding = page.encoding.to_string();
    document.found = page.meta;
    Some(document)
}

fn read_warc(
    reader: impl io::BufRead,
    source: &str,
    config: &Config,
    sink: &mut dyn FnMut(Document),
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut n = 0usize;
    let mut problems = Vec::new();
    let mut stream_problems = Vec::new();
    let end = warc::read(
        reader,
        config.max_bytes,
        &mut |response| {
            n += 1;
            let record_source = format!("{source}#{n}");
            let mut local = Vec::new();
            let doc = html_document(
                response.body,
                response.charset.as_deref(),
                response.target_uri.as_deref(),
                record_source,
                config,
                &mut local,
            );
            for d in &mut local {
                d.offset.get_or_insert(response.offset);
            }
            problems.extend(local);
            if let Some(mut doc) = doc {
                doc.format = model::Format::Warc;
                if doc.found.url.is_none() {
                    doc.found.url = response.target_uri.clone();
                }
                if doc.found.published.is_none() {
                    // The capture date bounds the publication date but is not it; it
                    // is kept only as the date of the copy read.
                    doc.found.modified = doc
                        .found
                        .modified
                        .take()
                        .or_else(|| response.date.as_deref().and_then(html::iso_date));
                }
                sink(doc);
            }
        },
        &mut |p| {
            stream_problems
                .push(Diagnostic::new(p.code, Severity::Warning, source, p.message).at(p.offset));
        },
    );
    diagnostics.extend(problems);
    diagnostics.extend(stream_problems);
    if let Err(p) = end {
        diagnostics.push(Diagnostic::new(p.code, Severity::Error, source, p.message).at(p.offset));
    }
}

fn too_large(source: &str, len: u64, max: u64) -> Diagnostic {
    Diagnostic::new(
        "input.too_large",
        Severity::Error,
        source,
        format!("input is larger than the limit of {max} bytes (at least {len} bytes); skipped"),
    )
    .at(max)
}

fn read_sidecar(path: &Path, source: &str, diagnostics: &mut Vec<Diagnostic>) -> GivenMeta {
    let Some(sidecar) = sidecar_path(path) else {
        return GivenMeta::default();
    };
    let bytes = match std::fs::read(&sidecar) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return GivenMeta::default(),
        Err(err) => {
            diagnostics.push(Diagnostic::new(
                "meta.unreadable",
                Severity::Warning,
                source,
                format!("cannot read sidecar {}: {err}", sidecar.display()),
            ));
            return GivenMeta::default();
        }
    };
    serde_json::from_slice::<GivenMeta>(&bytes).unwrap_or_else(|err| {
        diagnostics.push(
            Diagnostic::new(
                "meta.invalid",
                Severity::Warning,
                source,
                format!(
                    "sidecar {} is not valid metadata (line {}, column {}): {err}; ignored",
                    sidecar.display(),
                    err.line(),
                    err.column()
                ),
            )
            .at(0),
        );
        GivenMeta::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Loads one input and returns its documents and diagnostics.
    fn load_all(input: &Input, config: &Config, stdin: &mut dyn Read) -> Loaded {
        let mut documents = Vec::new();
        let diagnostics = load(input, config, stdin, &mut |d| documents.push(d));
        Loaded {
            document: documents.into_iter().next(),
            diagnostics,
        }
    }

    struct Loaded {
        document: Option<Document>,
        diagnostics: Vec<Diagnostic>,
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("crosscheck-ingest-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn discover_walks_sorted_and_skips_sidecars_and_other_files() {
        let dir = temp_dir("walk");
        std::fs::write(dir.join("b.txt"), "B").unwrap();
        std::fs::write(dir.join("a.txt"), "A").unwrap();
        std::fs::write(dir.join("a.meta.json"), "{}").unwrap();
        std::fs::write(dir.join("notes.md"), "x").unwrap();
        std::fs::create_dir(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/c.TXT"), "C").unwrap();
        let (inputs, diags) = discover(std::slice::from_ref(&dir), &Config::default());
        assert!(diags.is_empty());
        let names: Vec<_> = inputs
            .iter()
            .map(|i| i.source().replace(&dir.display().to_string(), ""))
            .collect();
        assert_eq!(names, vec!["/a.txt", "/b.txt", "/sub/c.TXT"]);
    }

    #[test]
    fn discover_each_streams_what_discover_collects() {
        let dir = temp_dir("stream");
        std::fs::create_dir(dir.join("b")).unwrap();
        std::fs::write(dir.join("b/x.txt"), "X").unwrap();
        std::fs::write(dir.join("a.txt"), "A").unwrap();
        std::fs::write(dir.join("c.html"), "<p>C</p>").unwrap();
        let paths = [dir.clone(), PathBuf::from("/definitely/not/here.txt")];
        let (inputs, diags) = discover(&paths, &Config::default());
        let mut streamed = Vec::new();
        let mut problems = Vec::new();
        discover_each(
            &paths,
            &Config::default(),
            &mut |i| streamed.push(i),
            &mut |d| problems.push(d),
        );
        assert_eq!(streamed, inputs);
        assert_eq!(inputs.len(), 3);
        assert_eq!(problems.len(), diags.len());
        assert_eq!(problems[0].code, "input.unreadable");
    }

    #[test]
    fn reading_is_exact_whatever_size_the_file_announces() {
        for expected in [0, 3, 11, 12, 100] {
            let data = b"hello world!".to_vec();
            let read = read_limited(io::Cursor::new(data.clone()), 64, expected).unwrap();
            assert_eq!(read, data, "{expected}");
            // One byte past the limit is read, so an oversized input is detected.
            let read = read_limited(io::Cursor::new(data.clone()), 5, expected).unwrap();
            assert_eq!(read, b"hello ".to_vec());
        }
    }

    #[test]
    fn missing_path_is_a_diagnostic() {
        let (inputs, diags) = discover(
            &[PathBuf::from("/definitely/not/here.txt")],
            &Config::default(),
        );
        assert!(inputs.is_empty());
        assert_eq!(diags[0].code, "input.unreadable");
    }

    #[cfg(unix)]
    #[test]
    fn directory_loop_is_reported_not_followed_forever() {
        let dir = temp_dir("loop");
        std::fs::create_dir(dir.join("inner")).unwrap();
        std::fs::write(dir.join("inner/a.txt"), "A").unwrap();
        std::os::unix::fs::symlink(&dir, dir.join("inner/back")).unwrap();
        let (inputs, diags) = discover(std::slice::from_ref(&dir), &Config::default());
        assert_eq!(inputs.len(), 1);
        assert!(diags.iter().any(|d| d.code == "input.loop"), "{diags:?}");
    }

    #[test]
    fn sidecar_metadata_is_read_and_bad_sidecar_reported() {
        let dir = temp_dir("sidecar");
        std::fs::write(dir.join("a.txt"), "Some text.").unwrap();
        std::fs::write(
            dir.join("a.meta.json"),
            r#"{"outlet": "The Daily", "published": "2024-01-02"}"#,
        )
        .unwrap();
        std::fs::write(dir.join("b.txt"), "Other text.").unwrap();
        std::fs::write(dir.join("b.meta.json"), r#"{"outlet": 3}"#).unwrap();
        let mut stdin = io::empty();
        let a = load_all(
            &Input::File {
                path: dir.join("a.txt"),
            },
            &Config::default(),
            &mut stdin,
        );
        let doc = a.document.unwrap();
        assert_eq!(doc.given.outlet.as_deref(), Some("The Daily"));
        assert_eq!(doc.given.published.as_deref(), Some("2024-01-02"));
        let b = load_all(
            &Input::File {
                path: dir.join("b.txt"),
            },
            &Config::default(),
            &mut stdin,
        );
        assert!(b.document.is_some());
        assert_eq!(b.diagnostics[0].code, "meta.invalid");
    }

    #[test]
    fn oversized_and_empty_inputs_are_skipped_with_reasons() {
        let config = Config {
            max_bytes: 8,
            ..Config::default()
        };
        let mut big = io::Cursor::new(vec![b'a'; 100]);
        let loaded = load_all(&Input::Stdin, &config, &mut big);
        assert!(loaded.document.is_none());
        assert_eq!(loaded.diagnostics[0].code, "input.too_large");

        let mut empty = io::Cursor::new(b"  \n\n ".to_vec());
        let loaded = load_all(&Input::Stdin, &Config::default(), &mut empty);
        assert!(loaded.document.is_none());
        assert_eq!(loaded.diagnostics[0].code, "input.empty");
    }

    #[test]
    fn binary_input_is_rejected_with_offset() {
        let mut bin = io::Cursor::new(b"PK\x03\x04\x00\x00\x01\x02binary\x00stuff".to_vec());
        let loaded = load_all(&Input::Stdin, &Config::default(), &mut bin);
        assert!(loaded.document.is_none());
        assert_eq!(loaded.diagnostics[0].code, "input.binary");
        assert!(loaded.diagnostics[0].offset.is_some());
    }
}
