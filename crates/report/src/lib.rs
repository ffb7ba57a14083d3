//! The report stage: writes a [`Report`] as JSON (the versioned contract described by
//! `docs/report-schema.json`) or as Markdown a person can read.
//!
//! It formats only: every fact it prints was decided by an earlier stage and is in the
//! report value. Output is deterministic: the same report gives the same bytes.

use std::fmt::Write as _;
use std::io::{self, Write};

use model::{Document, Qualifier, Report, Severity};

/// Writes the report as pretty-printed JSON followed by a newline.
pub fn write_json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}

/// Renders the report as Markdown: an overview, then each document with its metadata,
/// what was removed and why, and its claims; then the problems met.
pub fn markdown(report: &Report) -> String {
    let mut md = String::new();
    let docs = &report.documents;
    let outlets: std::collections::BTreeSet<&str> =
        docs.iter().filter_map(|d| d.outlet.as_deref()).collect();
    let _ = writeln!(md, "# crosscheck report\n");
    let _ = writeln!(
        md,
        "{} documents, {} outlets named, {} claims, {} links, {} diagnostics. Report schema {}.\n",
        docs.len(),
        outlets.len(),
        report.claims.len(),
        report.links.len(),
        report.diagnostics.len(),
        report.schema_version
    );

    if !docs.is_empty() {
        let _ = writeln!(md, "## Documents\n");
        let _ = writeln!(md, "| id | published | outlet | title | source |");
        let _ = writeln!(md, "|---|---|---|---|---|");
        for d in docs {
            let _ = writeln!(
                md,
                "| `{}` | {} | {} | {} | `{}` |",
                d.id,
                published_cell(d),
                cell(d.outlet.as_deref().unwrap_or("—")),
                cell(&title_cell(d)),
                cell(&d.source)
            );
        }
        md.push('\n');
    }

    for d in docs {
        let _ = writeln!(md, "## {}\n", inline(&title_cell(d)));
        let _ = writeln!(md, "- id: `{}`", d.id);
        let _ = writeln!(md, "- source: `{}` ({})", d.source, d.encoding);
        if let Some(o) = &d.outlet {
            let _ = writeln!(md, "- outlet: {}", inline(o));
        }
        if !d.authors.is_empty() {
            let _ = writeln!(md, "- authors: {}", inline(&d.authors.join(", ")));
        }
        let _ = writeln!(md, "- published: {}", published_cell(d));
        if let Some(place) = &d.dateline {
            let _ = writeln!(md, "- dateline: {}", inline(place));
        }
        if let Some(url) = &d.url {
            let _ = writeln!(md, "- url: <{url}>");
        }
        md.push('\n');
        if !d.removed.is_empty() {
            let _ = writeln!(md, "### Removed from the text ({})\n", d.removed.len());
            let _ = writeln!(md, "| span | reason | text |");
            let _ = writeln!(md, "|---|---|---|");
            for r in &d.removed {
                let _ = writeln!(
                    md,
                    "| {}–{} | {} | {} |",
                    r.span.start,
                    r.span.end,
                    cell(&r.detail),
                    cell(&excerpt(&r.text, 90))
                );
            }
            md.push('\n');
        }
        let claims: Vec<_> = report.claims.iter().filter(|c| c.doc == d.id).collect();
        let _ = writeln!(md, "### Claims ({})\n", claims.len());
        for (n, c) in claims.iter().enumerate() {
            let _ = writeln!(
                md,
                "{}. {} <sub>`{}` {}–{}</sub>",
                n + 1,
                inline(&c.text),
                c.id,
                c.span.start,
                c.span.end
            );
            if !c.quantities.is_empty() {
                let figures: Vec<String> = c.quantities.iter().map(figure).collect();
                let _ = writeln!(md, "   - figures: {}", figures.join("; "));
            }
            if !c.times.is_empty() {
                let times: Vec<String> = c
                    .times
                    .iter()
                    .map(|t| format!("“{}” → {}", inline(&t.text), t.value))
                    .collect();
                let _ = writeln!(md, "   - times: {}", times.join("; "));
            }
        }
        md.push('\n');
    }

    if !report.links.is_empty() {
        let _ = writeln!(md, "## Links\n");
        for l in &report.links {
            let kind = serde_json::to_value(l.kind)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            let _ = writeln!(
                md,
                "- `{}` {} `{}`: {}",
                l.from,
                kind,
                l.to,
                inline(&l.evidence)
            );
        }
        md.push('\n');
    }

    if !report.diagnostics.is_empty() {
        let _ = writeln!(md, "## Diagnostics\n");
        for diag in &report.diagnostics {
            let sev = match diag.severity {
                Severity::Info => "info",
                Severity::Warning => "warning",
                Severity::Error => "error",
            };
            let at = diag
                .offset
                .map(|o| format!(" at byte {o}"))
                .unwrap_or_default();
            let _ = writeln!(
                md,
                "- {sev} `{}`: `{}`{at}: {}",
                diag.code,
                diag.source,
                inline(&diag.message)
            );
        }
        md.push('\n');
    }
    md
}

/// A quantity as a reader checks it: the words, then the value read with its qualifier
/// and unit.
fn figure(q: &model::Quantity) -> String {
    let qualifier = match q.qualifier {
        Qualifier::Exact => "",
        Qualifier::Approx => "≈ ",
        Qualifier::AtLeast => "≥ ",
        Qualifier::MoreThan => "> ",
        Qualifier::AtMost => "≤ ",
        Qualifier::LessThan => "< ",
        Qualifier::Range => "",
    };
    let value = match q.value_max {
        Some(max) if q.qualifier == Qualifier::Range => {
            format!("{}–{}", number(q.value), number(max))
        }
        _ => number(q.value),
    };
    let unit = q
        .unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    format!(
        "“{}” = {qualifier}{value}{}",
        inline(&q.text),
        inline(&unit)
    )
}

/// A number with thousands separators and no needless decimals.
fn number(v: f64) -> String {
    if v.fract() != 0.0 || v.abs() >= 1e15 {
        return format!("{v}");
    }
    let digits = format!("{}", v.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 { format!("-{out}") } else { out }
}

fn title_cell(d: &Document) -> String {
    match (&d.title, d.title_inferred) {
        (Some(t), false) => t.clone(),
        (Some(t), true) => format!("{t} (no headline; first sentence)"),
        (None, _) => "(untitled)".to_string(),
    }
}

fn published_cell(d: &Document) -> String {
    match (&d.published, &d.published_range) {
        (Some(p), _) if d.published_inferred => format!("{p} (inferred)"),
        (Some(p), _) => p.clone(),
        (None, Some([a, b])) => format!("between {a} and {b} (inferred)"),
        (None, None) => "unknown".to_string(),
    }
}

/// Escapes text for a Markdown table cell.
fn cell(text: &str) -> String {
    inline(text).replace('|', "\\|")
}

/// Escapes text for inline Markdown: no line breaks, no HTML, no accidental emphasis.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '*' | '_' | '`' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn excerpt(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(cell("a|b <script>*x*"), "a\\|b &lt;script&gt;\\*x\\*");
        assert_eq!(inline("two\nlines"), "two lines");
    }

    #[test]
    fn empty_report_renders() {
        let md = markdown(&Report::default());
        assert!(md.starts_with("# crosscheck report"));
        let mut json = Vec::new();
        write_json(&Report::default(), &mut json).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["schema_version"], model::SCHEMA_VERSION);
    }

    #[test]
    fn numbers_read_like_news() {
        assert_eq!(number(12000.0), "12,000");
        assert_eq!(number(1.5), "1.5");
        assert_eq!(number(-3000.0), "-3,000");
        assert_eq!(number(100.0), "100");
    }

    #[test]
    fn excerpts_cut_on_characters() {
        assert_eq!(excerpt("ééééé", 3), "ééé…");
    }
}
