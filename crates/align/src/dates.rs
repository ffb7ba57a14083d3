//! Reads the ISO 8601 values of the model (days, months, weeks, years, intervals) as
//! ranges of days, so the stage can ask whether two reports speak of the same time and
//! which came first.
//!
//! It reads only what the extract stage writes; it does not parse free text, and values
//! it cannot read (decades like `195X`, reference words) give `None` and are left out of
//! time comparisons rather than guessed.

use chrono::{Datelike, NaiveDate};
use model::Document;

/// An inclusive range of days, as days since the Common Era.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Days {
    pub start: i32,
    pub end: i32,
}

impl Days {
    pub fn overlaps(self, other: Days) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// Length in days.
    pub fn len(self) -> i32 {
        self.end - self.start + 1
    }
}

/// Reads `YYYY-MM-DD` (with an optional time after it), `YYYY-MM`, `YYYY-Www`, `YYYY`
/// and `A/B` intervals of those.
pub fn parse(value: &str) -> Option<Days> {
    if let Some((a, b)) = value.split_once('/') {
        let (a, b) = (parse(a)?, parse(b)?);
        return (a.start <= b.end).then_some(Days {
            start: a.start,
            end: b.end,
        });
    }
    let day = |d: NaiveDate| d.num_days_from_ce();
    let bytes = value.as_bytes();
    let num = |r: std::ops::Range<usize>| {
        value
            .get(r)
            .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse::<i32>().ok())
    };
    let year = num(0..4)?;
    if bytes.len() == 4 {
        let a = NaiveDate::from_ymd_opt(year, 1, 1)?;
        let b = NaiveDate::from_ymd_opt(year, 12, 31)?;
        return Some(Days {
            start: day(a),
            end: day(b),
        });
    }
    if bytes.get(4) != Some(&b'-') {
        return None;
    }
    if bytes.get(5) == Some(&b'W') {
        let week = u32::try_from(num(6..8)?).ok()?;
        let a = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon)?;
        return Some(Days {
            start: day(a),
            end: day(a) + 6,
        });
    }
    let month = u32::try_from(num(5..7)?).ok()?;
    if bytes.len() == 7 {
        let a = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        return Some(Days {
            start: day(a),
            end: day(next) - 1,
        });
    }
    if bytes.get(7) != Some(&b'-') {
        return None;
    }
    let d = u32::try_from(num(8..10)?).ok()?;
    if bytes.len() > 10 && bytes[10] != b'T' && bytes[10] != b' ' {
        return None;
    }
    let a = NaiveDate::from_ymd_opt(year, month, d)?;
    Some(Days {
        start: day(a),
        end: day(a),
    })
}

/// The day a document speaks from, as `extract::reference_date` reads it: its
/// publication date, else the start of its inferred publication range.
pub fn reference(doc: &Document) -> Option<(i32, String)> {
    let from = |s: &str| {
        let iso = s.get(..10)?;
        let d = parse(iso)?;
        (d.len() == 1).then(|| (d.start, iso.to_string()))
    };
    doc.published
        .as_deref()
        .and_then(from)
        .or_else(|| doc.published_range.as_ref().and_then(|[a, _]| from(a)))
}

/// A day as `YYYY-MM-DD`.
pub fn iso_day(days: i32) -> String {
    NaiveDate::from_num_days_from_ce_opt(days)
        .map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_model_form() {
        let d = |s| parse(s).map(|r| (iso_day(r.start), iso_day(r.end)));
        let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(d("2025-03-12"), pair("2025-03-12", "2025-03-12"));
        assert_eq!(d("2025-03-12T06:12"), pair("2025-03-12", "2025-03-12"));
        assert_eq!(d("2025-02"), pair("2025-02-01", "2025-02-28"));
        assert_eq!(d("2025-12"), pair("2025-12-01", "2025-12-31"));
        assert_eq!(d("2025-W11"), pair("2025-03-10", "2025-03-16"));
        assert_eq!(d("2025"), pair("2025-01-01", "2025-12-31"));
        assert_eq!(d("2025-03-08/2025-03-11"), pair("2025-03-08", "2025-03-11"));
        for bad in [
            "195X",
            "PRESENT_REF",
            "2025-13",
            "2025-02-30",
            "",
            "2025-03-11/2025-03-01",
            "2025-0é",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn reference_prefers_published() {
        let mut doc = Document::new("d1", "x", "");
        assert_eq!(reference(&doc), None);
        doc.published_range = Some(["2025-03-10".into(), "2025-03-14".into()]);
        assert_eq!(reference(&doc).map(|r| r.1), Some("2025-03-10".to_string()));
        doc.published = Some("2025-03-13T08:00".into());
        assert_eq!(reference(&doc).map(|r| r.1), Some("2025-03-13".to_string()));
    }
}
