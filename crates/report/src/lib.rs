//! The report stage: writes a [`Report`] as JSON (the versioned contract described by
//! `docs/report-schema.json`) or as Markdown a person can read.
//!
//! It formats only: every fact it prints was decided by an earlier stage and is in the
//! report value. Output is deterministic: the same report gives the same bytes.

use std::io::{self, Write};

use model::Report;

mod html;
mod markdown;
pub use html::{Esc, HTML_SCRIPT, HTML_STYLE, HtmlConfig, html_document, html_page, html_story};
pub use markdown::markdown;

/// Writes the report as pretty-printed JSON followed by a newline.
pub fn write_json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_report_writes_json() {
        let mut json = Vec::new();
        write_json(&Report::default(), &mut json).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["schema_version"], model::SCHEMA_VERSION);
    }
}
