//! The ingest stage: turns what the user points at (files, directories, standard input)
//! into decoded [`Document`]s, each with its content-derived id, its source and the
//! metadata the user gave for it.
//!
//! It reads bytes and decodes characters; it does not look inside the text (headlines,
//! bylines and boilerplate are the clean stage's job). Problems with one input (missing,
//! unreadable, empty, binary, too large, a directory loop) become [`Diagnostic`]s and the
//! rest of the batch goes on. Only plain text is read so far; HTML, WARC, feeds and JSON
//! Lines will come in behind the same [`load`] interface.

mod decode;

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
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_bytes: 64 * 1024 * 1024,
            follow_links: true,
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
const TEXT_EXTENSIONS: &[&str] = &["txt", "text"];

/// Expands the paths the user gave into inputs: files as they are, directories walked
/// recursively (in sorted order, so the result does not depend on the file system), `-`
/// as standard input. Sidecar `*.meta.json` files are not inputs.
pub fn discover(paths: &[PathBuf], config: &Config) -> (Vec<Input>, Vec<Diagnostic>) {
    let mut inputs = Vec::new();
    let mut diags = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(err) => {
                diags.push(Diagnostic::new(
                    "input.unreadable",
                    Severity::Error,
                    path.display().to_string(),
                    format!("cannot read path: {err}"),
                ));
                continue;
            }
        };
        if !meta.is_dir() {
            inputs.push(Input::File { path: path.clone() });
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
                        inputs.push(Input::File {
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
                    diags.push(Diagnostic::new(code, Severity::Error, at, message));
                }
            }
        }
    }
    (inputs, diags)
}

fn has_text_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT_EXTENSIONS.iter().any(|t| e.eq_ignore_ascii_case(t)))
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
fn read_limited(reader: impl Read, max: u64) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    reader.take(max.saturating_add(1)).read_to_end(&mut buf)?;
    Ok(buf)
}

/// The result of loading one input: a document, or nothing, and what was noticed.
#[derive(Debug)]
pub struct Loaded {
    pub document: Option<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and decodes one input into a [`Document`] whose cleaned fields are still empty.
/// `stdin` supplies standard input when the input is `-`.
pub fn load(input: &Input, config: &Config, stdin: &mut dyn Read) -> Loaded {
    let source = input.source();
    let mut diagnostics = Vec::new();
    let read = match input {
        Input::File { path } => match File::open(path) {
            Ok(file) => {
                let len = file.metadata().map(|m| m.len()).unwrap_or(0);
                if len > config.max_bytes {
                    Err(too_large(&source, len, config.max_bytes))
                } else {
                    read_limited(file, config.max_bytes).map_err(|err| {
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
        Input::Stdin => read_limited(stdin, config.max_bytes).map_err(|err| {
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
            return Loaded {
                document: None,
                diagnostics,
            };
        }
        Ok(raw) => raw,
        Err(diag) => {
            diagnostics.push(diag);
            return Loaded {
                document: None,
                diagnostics,
            };
        }
    };
    let given = match input {
        Input::File { path } => read_sidecar(path, &source, &mut diagnostics),
        Input::Stdin => GivenMeta::default(),
    };
    let id = model::ids::document(&raw);
    let decoded = match decode(raw) {
        Ok(decoded) => decoded,
        Err(problem) => {
            diagnostics.push(
                Diagnostic::new(problem.code, Severity::Error, &source, problem.message)
                    .at(problem.offset),
            );
            return Loaded {
                document: None,
                diagnostics,
            };
        }
    };
    if let Some(note) = &decoded.note {
        diagnostics.push(
            Diagnostic::new("decode.fallback", Severity::Info, &source, note.clone()).for_doc(&id),
        );
    }
    if decoded.text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::new(
                "input.empty",
                Severity::Warning,
                &source,
                "input has no text; skipped",
            )
            .for_doc(&id),
        );
        return Loaded {
            document: None,
            diagnostics,
        };
    }
    let mut document = Document::new(id, source, decoded.text);
    document.encoding = decoded.encoding.to_string();
    document.given = given;
    Loaded {
        document: Some(document),
        diagnostics,
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
        let a = load(
            &Input::File {
                path: dir.join("a.txt"),
            },
            &Config::default(),
            &mut stdin,
        );
        let doc = a.document.unwrap();
        assert_eq!(doc.given.outlet.as_deref(), Some("The Daily"));
        assert_eq!(doc.given.published.as_deref(), Some("2024-01-02"));
        let b = load(
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
        let loaded = load(&Input::Stdin, &config, &mut big);
        assert!(loaded.document.is_none());
        assert_eq!(loaded.diagnostics[0].code, "input.too_large");

        let mut empty = io::Cursor::new(b"  \n\n ".to_vec());
        let loaded = load(&Input::Stdin, &Config::default(), &mut empty);
        assert!(loaded.document.is_none());
        assert_eq!(loaded.diagnostics[0].code, "input.empty");
    }

    #[test]
    fn binary_input_is_rejected_with_offset() {
        let mut bin = io::Cursor::new(b"PK\x03\x04\x00\x00\x01\x02binary\x00stuff".to_vec());
        let loaded = load(&Input::Stdin, &Config::default(), &mut bin);
        assert!(loaded.document.is_none());
        assert_eq!(loaded.diagnostics[0].code, "input.binary");
        assert!(loaded.diagnostics[0].offset.is_some());
    }
}
