//! JSON Lines: one article per line, as news datasets and crawler pipelines export
//! them. A line holds `text` or `html` and optionally `title`, `url`, `outlet`,
//! `authors` (a list or a string) and `published`. Lines are read one at a time with a
//! length limit, so a file of any size streams.
//!
//! A line that is not JSON, or holds no text, is reported with its line number and byte
//! offset and the next line is read. Fields other than those above are ignored.

use std::io::{BufRead, Read};

use model::{Diagnostic, Document, Format, GivenMeta, Severity};
use serde_json::Value;

use crate::{Config, html};

pub(crate) fn read(
    mut reader: impl BufRead,
    source: &str,
    config: &Config,
    sink: &mut dyn FnMut(Document),
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut line = Vec::new();
    let mut offset: u64 = 0;
    let mut number = 0usize;
    loop {
        line.clear();
        number += 1;
        let at = offset;
        let read = reader
            .by_ref()
            .take(config.max_bytes.saturating_add(1))
            .read_until(b'\n', &mut line);
        let n = match read {
            Ok(0) => return,
            Ok(n) => n,
            Err(err) => {
                diagnostics.push(
                    Diagnostic::new(
                        "input.unreadable",
                        Severity::Error,
                        source,
                        format!(
                            "cannot read line {number}: {err}; the rest of the file is skipped"
                        ),
                    )
                    .at(at),
                );
                return;
            }
        };
        offset += n as u64;
        let item_source = format!("{source}#{number}");
        if n as u64 > config.max_bytes && !line.ends_with(b"\n") {
            // Skip the rest of the oversized line without holding it.
            let mut rest = Vec::new();
            loop {
                rest.clear();
                match reader.by_ref().take(1 << 20).read_until(b'\n', &mut rest) {
                    Ok(0) => break,
                    Ok(k) => {
                        offset += k as u64;
                        if rest.ends_with(b"\n") {
                            break;
                        }
                    }
                    Err(_) => break,
                }
            }
            diagnostics.push(
                Diagnostic::new(
                    "input.too_large",
                    Severity::Error,
                    &item_source,
                    format!(
                        "line {number} is longer than the limit of {} bytes; skipped",
                        config.max_bytes
                    ),
                )
                .at(at),
            );
            continue;
        }
        let trimmed = line.trim_ascii();
        if trimmed.is_empty() {
            continue;
        }
        let value: Value = match serde_json::from_slice(trimmed) {
            Ok(Value::Object(map)) => Value::Object(map),
            Ok(_) => {
                diagnostics.push(
                    Diagnostic::new(
                        "jsonl.invalid",
                        Severity::Warning,
                        &item_source,
                        format!("line {number} is not a JSON object; skipped"),
                    )
                    .at(at),
                );
                continue;
            }
            Err(err) => {
                diagnostics.push(
                    Diagnostic::new(
                        "jsonl.invalid",
                        Severity::Warning,
                        &item_source,
                        format!(
                            "line {number} is not JSON (column {}): {err}; skipped",
                            err.column()
                        ),
                    )
                    .at(at + err.column().saturating_sub(1) as u64),
                );
                continue;
            }
        };
        let text_field = |name: &str| {
            value
                .get(name)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let url = text_field("url");
        let mut local = Vec::new();
        let doc = if let Some(html_text) = text_field("html") {
            crate::html_document(
                html_text.into_bytes(),
                Some("utf-8"),
                url.as_deref(),
                item_source.clone(),
                config,
                &mut local,
            )
        } else if let Some(text) = text_field("text") {
            Some(Document::new(
                model::ids::document(trimmed),
                item_source.clone(),
                text,
            ))
        } else {
            local.push(Diagnostic::new(
                "jsonl.no_text",
                Severity::Warning,
                &item_source,
                format!("line {number} has neither `text` nor `html`; skipped"),
            ));
            None
        };
        for d in &mut local {
            d.offset.get_or_insert(at);
        }
        diagnostics.extend(local);
        let Some(mut doc) = doc else { continue };
        // The id hashes the whole line, so the same record in two files shares it.
        doc.id = model::ids::document(trimmed);
        doc.format = Format::Jsonl;
        let authors = match value.get("authors") {
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>(),
            ),
            Some(Value::String(s)) => Some(html::split_byline(s)),
            _ => None,
        }
        .filter(|a| !a.is_empty());
        // Fields stated in the line win over what the page itself says.
        let page = std::mem::take(&mut doc.found);
        doc.found = GivenMeta {
            title: text_field("title").or(page.title),
            outlet: text_field("outlet").or(page.outlet),
            authors: authors.or(page.authors),
            published: text_field("published")
                .and_then(|p| html::iso_date(&p))
                .or(page.published),
            url: url.or(page.url),
            modified: page.modified,
            language: text_field("language").or(page.language),
        };
        sink(doc);
    }
}
