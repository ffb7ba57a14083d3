//! Reading the date lines that sit above or below a headline: "Oct. 28, 2024 / 5:06 AM",
//! "October 28, 2024", "28 October 2024", "2024-10-28", "Published: Monday, Oct 28, 2024
//! at 5:06 p.m. ET". Only whole lines that are a date (plus the words that usually come
//! with one) are read; a sentence that mentions a date is not a date line. Relative and
//! partial dates in prose are the extract stage's job.

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime};
use regex::Regex;

/// Month number from a month name or its common news abbreviation ("Sept.", "Oct").
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    let m = match w.as_str() {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    };
    Some(m)
}

const MONTH: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";

static MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<m>{MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b"
    ))
    .expect("static regex")
});
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{MONTH}),?\s+(?P<y>\d{{4}})\b"
    ))
    .expect("static regex")
});
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::\d{2}(?:\.\d+)?)?(?P<z>Z|[+-]\d{2}:?\d{2})?)?\b")
        .expect("static regex")
});
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<H>\d{1,2})[:.](?P<M>\d{2})\s*(?P<ap>[ap]\.?\s?m\.?)?")
        .expect("static regex")
});

/// Words that may stand beside a date on a date line without making it prose.
const DATE_LINE_WORDS: &[&str] = &[
    "published",
    "updated",
    "posted",
    "modified",
    "last",
    "first",
    "on",
    "at",
    "am",
    "pm",
    "a.m",
    "p.m",
    "a",
    "m",
    "p",
    "utc",
    "gmt",
    "et",
    "est",
    "edt",
    "ct",
    "cst",
    "cdt",
    "pt",
    "pst",
    "pdt",
    "bst",
    "cet",
    "cest",
    "eet",
    "eest",
    "kst",
    "jst",
    "ist",
    "msk",
    "aest",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "date",
    "time",
    "local",
    "hrs",
];

/// A date read from a date line: the day, and the time of day when the line gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineDate {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
}

impl LineDate {
    /// ISO 8601: `2024-10-28` or `2024-10-28T05:06`.
    pub fn iso(&self) -> String {
        match self.time {
            Some(t) => format!("{}T{}", self.date.format("%Y-%m-%d"), t.format("%H:%M")),
            None => self.date.format("%Y-%m-%d").to_string(),
        }
    }
}

/// True when `text` holds four ASCII digits in a row.
fn has_four_digits(text: &str) -> bool {
    let mut run = 0;
    for b in text.bytes() {
        if b.is_ascii_digit() {
            run += 1;
            if run == 4 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Reads `line` as a date line, or returns `None` when it is anything else.
pub fn parse_date_line(line: &str) -> Option<LineDate> {
    let line = line.trim();
    // Every date `find_date` reads has a year in digits.
    if line.is_empty() || line.len() > 80 || !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let (date, range, time_from_iso) = find_date(line)?;
    let rest = format!("{} {}", &line[..range.0], &line[range.1..]);
    let clock = CLOCK.captures(&rest);
    let mut time = time_from_iso;
    let mut rest_clean = rest.clone();
    if let Some(c) = &clock {
        let whole = c.get(0).expect("group 0 always matches");
        rest_clean = format!("{} {}", &rest[..whole.start()], &rest[whole.end()..]);
        if time.is_none() {
            let mut hour: u32 = c["H"].parse().ok()?;
            let minute: u32 = c["M"].parse().ok()?;
            if let Some(ap) = c.name("ap") {
                let pm = ap.as_str().to_ascii_lowercase().starts_with('p');
                if hour == 12 {
                    hour = 0;
                }
                if pm {
                    hour += 12;
                }
            }
            time = NaiveTime::from_hms_opt(hour, minute, 0);
        }
    }
    // What is left must be separators and the words that go with dates.
    let leftover_ok = rest_clean
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .all(|w| {
            let lw = w.to_ascii_lowercase();
            DATE_LINE_WORDS.contains(&lw.as_str())
        });
    leftover_ok.then_some(LineDate { date, time })
}

/// True when `line` is a page's time stamp wherever it sits: a date line, or a line made
/// only of stamp words, dates and clock times, such as "Updated Nov 19, 6:55 AM; Posted
/// Nov 19, 6:51 AM", "PUBLISHED: 10:48, Tue, Nov 19, 2019" or "Updated at 1:23 p.m.".
/// It must name the stamp ("updated", "published", "posted") or give both a month and a
/// clock time, so that a list item such as "June 17" is not read as one.
pub fn is_stamp_line(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || line.len() > 120 {
        return false;
    }
    // A date line and a clock time both need digits; a line without any can only be a
    // stamp word and a month name, and the regular expressions are skipped for it.
    let has_digit = line.bytes().any(|b| b.is_ascii_digit());
    if has_digit && parse_date_line(line).is_some() {
        return true;
    }
    let clock = has_digit && CLOCK.is_match(line);
    let rest = if clock {
        CLOCK.replace_all(line, " ")
    } else {
        std::borrow::Cow::Borrowed(line)
    };
    let (mut stamp_word, mut month) = (false, false);
    let all_date_words = rest
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .all(|w| {
            let lw = w.to_ascii_lowercase();
            if matches!(lw.as_str(), "updated" | "published" | "posted" | "modified") {
                stamp_word = true;
                return true;
            }
            if month_number(w).is_some() {
                month = true;
                return true;
            }
            let digits = lw.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
            DATE_LINE_WORDS.contains(&lw.as_str())
                || !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
        });
    all_date_words && (stamp_word && (clock || month) || clock && month)
}

/// Finds the first full date (with a year) in `text`, with its byte range and the time
/// of day when the date is an ISO date-time.
pub fn find_date(text: &str) -> Option<(NaiveDate, (usize, usize), Option<NaiveTime>)> {
    // Every date read here has a year of four ASCII digits (the regexes' `\d` also takes
    // other scripts' digits, but such a year does not parse and the date is refused), so
    // text without four digits in a row is refused without running the regexes.
    if !has_four_digits(text) {
        return None;
    }
    if let Some(c) = ISO.captures(text) {
        let whole = c.get(0).expect("group 0 always matches");
        let date = NaiveDate::from_ymd_opt(
            c["y"].parse().ok()?,
            c["m"].parse().ok()?,
            c["d"].parse().ok()?,
        )?;
        let time = match (c.name("H"), c.name("M")) {
            (Some(h), Some(m)) => {
                NaiveTime::from_hms_opt(h.as_str().parse().ok()?, m.as_str().parse().ok()?, 0)
            }
            _ => None,
        };
        return Some((date, (whole.start(), whole.end()), time));
    }
    for re in [&*MDY, &*DMY] {
        if let Some(c) = re.captures(text) {
            let whole = c.get(0).expect("group 0 always matches");
            let date = NaiveDate::from_ymd_opt(
                c["y"].parse().ok()?,
                month_number(&c["m"])?,
                c["d"].parse().ok()?,
            )?;
            return Some((date, (whole.start(), whole.end()), None));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(line: &str) -> Option<String> {
        parse_date_line(line).map(|d| d.iso())
    }

    #[test]
    fn digit_fast_paths_agree_with_the_regexes() {
        assert!(has_four_digits("on 2024-10-28"));
        assert!(!has_four_digits("at 10:48 on the 28th"));
        assert!(find_date("Oct. 28 at 5:06").is_none());
        // A year in another script's digits matches `\d` but is refused all the same.
        assert!(find_date("October 28, \u{0662}\u{0660}\u{0662}\u{0664}").is_none());
        assert!(is_stamp_line("Updated May"));
        assert!(is_stamp_line("Updated at 1:23 p.m."));
        assert!(!is_stamp_line("June 17"));
        assert!(!is_stamp_line("Updated headlines"));
    }

    #[test]
    fn common_news_date_lines() {
        assert_eq!(
            iso("Oct. 28, 2024 / 5:06 AM").as_deref(),
            Some("2024-10-28T05:06")
        );
        assert_eq!(iso("October 28, 2024").as_deref(), Some("2024-10-28"));
        assert_eq!(iso("28 October 2024").as_deref(), Some("2024-10-28"));
        assert_eq!(iso("2024-10-28").as_deref(), Some("2024-10-28"));
        assert_eq!(
            iso("2024-10-28T17:40:00Z").as_deref(),
            Some("2024-10-28T17:40")
        );
        assert_eq!(
            iso("Published: Monday, Oct 28, 2024 at 5:06 p.m. ET").as_deref(),
            Some("2024-10-28T17:06")
        );
        assert_eq!(
            iso("Updated 12:15 AM EDT, Sept. 3, 2023").as_deref(),
            Some("2023-09-03T00:15")
        );
    }

    #[test]
    fn sentences_with_dates_are_not_date_lines() {
        assert_eq!(iso("The summit ended on October 28, 2024 in Kazan."), None);
        assert_eq!(iso("World News"), None);
        assert_eq!(iso("Oct. 28 (UPI) -- Something happened"), None);
    }

    #[test]
    fn time_stamps_anywhere() {
        assert!(is_stamp_line(
            "Updated Nov 19, 6:55 AM;Posted Nov 19, 6:51 AM"
        ));
        assert!(is_stamp_line("PUBLISHED: 10:48, Tue, Nov 19, 2019"));
        assert!(is_stamp_line("| UPDATED: 11:05, Tue, Nov 19, 2019"));
        assert!(is_stamp_line("Updated at 1:23 p.m."));
        assert!(is_stamp_line(
            "Nov 18, 2019 @17:19 PM · Updated: Nov 18, 2019 @17:26 PM"
        ));
        assert!(!is_stamp_line(
            "June 17 -- Bridgestone Arena, Nashville, TN"
        ));
        assert!(!is_stamp_line("June 17"));
        assert!(!is_stamp_line(
            "The talks were updated at 5:00 p.m. by the mediators."
        ));
        assert!(!is_stamp_line("Updated rules"));
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert_eq!(iso("February 31, 2024"), None);
        assert_eq!(iso("2024-13-01"), None);
    }
}
