//! Time expression evaluations: the Microsoft Recognizers-Text English DateTime specs
//! (`DateTimeModel`, `DateParser`, `DatePeriodParser`) and the TempEval-3 platinum news
//! documents, scored on `extract::time::times`.
//!
//! Each suite follows a convention of its own, so this module holds adapters from our
//! `TimeExpr` (a TIMEX3-style value) to the suite's form; the adapters change notation
//! only, never the reading. Where a spec case expects a reading that we refuse on purpose
//! (the past candidate when the clause says "will", a day where TIMEX3 keeps the unit's
//! granularity, a time relative to the reference's hour), the case is listed with its
//! reason in `data/times-skip.tsv` and left out of the rates; nothing is left out silently.
//!
//! How the Recognizers files are scored (the README of the specs describes the upstream
//! rule):
//! - **lenient case pass**: the same number of entities, and in order the same type name,
//!   the same text (case-insensitive) and the same resolution as the expected entry that a
//!   news reader needs: the single one, or the past one when the spec gives a past and a
//!   future candidate. A resolution is compared on `value`, or `start`/`end`, and `Mod`;
//!   durations on their length in seconds; repetitions and unresolved values on `timex`.
//!   Offsets are ignored.
//! - **strict case pass**: lenient, plus the same offsets, plus a spec entry with a single
//!   candidate: we commit to one reading, so a case that the spec leaves ambiguous cannot
//!   pass strictly.
//! - **entity P/R/F1**: an expected entity is found when a returned entity overlaps it and
//!   has the same resolution (type and text not required), one to one.
//!
//! The parser files (`DateParser`, `DatePeriodParser`) give one span per case with its
//! past and future resolution; there a case passes leniently when each expected span is
//! overlapped by one of our expressions with the expected type and past resolution, and
//! strictly when the expression also has the exact offsets and nothing else is returned.
//!
//! TempEval-3 is scored as its task A: extent precision, recall and F1 under strict (same
//! characters) and relaxed (overlap) matching, and value F1 = relaxed matches with the
//! identical TIMEX3 value, micro-averaged over the 20 documents, with the document
//! creation time as the reference.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use extract::time::{Mod, Part, TimeExpr, TimeKind};
use serde_json::Value;

use crate::ratchet::Scores;

/// The Recognizers files we score, by name under `DateTime/English/`.
pub const SPEC_FILES: [&str; 3] = ["DateTimeModel", "DateParser", "DatePeriodParser"];

/// Targets from issue 3, as fractions.
pub const TARGET_DATETIME_MODEL_LENIENT: f64 = 0.75;
pub const TARGET_PARSER_LENIENT: f64 = 0.85;
pub const TARGET_TE3_VALUE_F1: f64 = 0.80;

/// Scores of one spec file.
#[derive(Debug, Clone, Default)]
pub struct SpecScore {
    pub file: String,
    /// Cases scored (not marked unsupported on .NET, not in the skip list).
    pub cases: usize,
    /// Cases in the skip list.
    pub skipped: usize,
    pub strict: usize,
    pub lenient: usize,
    /// Entities returned, expected, and matched.
    pub returned: usize,
    pub expected: usize,
    pub matched_returned: usize,
    pub matched_expected: usize,
    /// Failing cases, for `CROSSCHECK_TIMES_FAILS`.
    pub failures: Vec<String>,
    /// Failing cases that pass when the spec's future candidate is expected instead of
    /// the past one (where it gives both): the reading our tense rule chose.
    pub future_readings: Vec<usize>,
    /// Skipped cases whose reason no longer holds (they pass, or our reading changed).
    pub stale_skips: Vec<usize>,
}

impl SpecScore {
    pub fn strict_rate(&self) -> f64 {
        ratio(self.strict, self.cases)
    }
    pub fn lenient_rate(&self) -> f64 {
        ratio(self.lenient, self.cases)
    }
    /// The lenient rate over every case, the skipped ones counted as failures.
    pub fn lenient_all_rate(&self) -> f64 {
        ratio(self.lenient, self.cases + self.skipped)
    }
    pub fn precision(&self) -> f64 {
        ratio(self.matched_returned, self.returned)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched_expected, self.expected)
    }
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}

/// TempEval-3 task A counts.
#[derive(Debug, Clone, Default)]
pub struct Te3Score {
    pub gold: usize,
    pub system: usize,
    pub strict_sys: usize,
    pub strict_gold: usize,
    pub relaxed_sys: usize,
    pub relaxed_gold: usize,
    pub value_sys: usize,
    pub value_gold: usize,
    pub failures: Vec<String>,
}

impl Te3Score {
    fn prf(&self, sys: usize, gold: usize) -> (f64, f64, f64) {
        let p = ratio(sys, self.system);
        let r = ratio(gold, self.gold);
        (p, r, f1(p, r))
    }
    pub fn strict(&self) -> (f64, f64, f64) {
        self.prf(self.strict_sys, self.strict_gold)
    }
    pub fn relaxed(&self) -> (f64, f64, f64) {
        self.prf(self.relaxed_sys, self.relaxed_gold)
    }
    pub fn value(&self) -> (f64, f64, f64) {
        self.prf(self.value_sys, self.value_gold)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn specs_dir() -> PathBuf {
    crate::shared_dir().join("data/recognizers-specs/DateTime/English")
}

fn skip_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/times-skip.tsv")
}

/// The skip list: (file, case index) -> reason.
pub fn skip_list() -> Result<HashMap<(String, usize), String>> {
    let path = skip_file();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let mut out = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut f = line.splitn(4, '\t');
        let (Some(file), Some(idx), Some(reason)) = (f.next(), f.next(), f.next()) else {
            anyhow::bail!(
                "{}:{}: expected file<TAB>case<TAB>reason",
                path.display(),
                n + 1
            );
        };
        let idx: usize = idx
            .parse()
            .with_context(|| format!("{}:{}: case index", path.display(), n + 1))?;
        out.insert((file.to_string(), idx), reason.to_string());
    }
    Ok(out)
}

fn read_json(path: &PathBuf) -> Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let text = text.trim_start_matches('\u{feff}');
    serde_json::from_str(text).with_context(|| format!("parsing {}", path.display()))
}

fn reference(case: &Value) -> Option<NaiveDateTime> {
    let s = case.pointer("/Context/ReferenceDateTime")?.as_str()?;
    NaiveDateTime::parse_from_str(s.get(..19)?, "%Y-%m-%dT%H:%M:%S").ok()
}

fn unsupported_on_dotnet(case: &Value) -> bool {
    ["NotSupported", "NotSupportedByDesign"].iter().any(|k| {
        case.get(*k)
            .and_then(Value::as_str)
            .is_some_and(|s| s.to_ascii_lowercase().contains("dotnet"))
    })
}

// ---------------------------------------------------------------------------------------
// The adapter: our TIMEX3-style values in Recognizers' notation
// ---------------------------------------------------------------------------------------

/// A calendar period or time read back from our value string.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Per {
    Day(NaiveDate),
    Month(i32, u32),
    Year(i32),
    Week(NaiveDate),
    Quarter(i32, u32),
    Half(i32, u32),
    Decade(i32),
    Century(i32),
    Time(u32, u32, u32),
    DateTime(NaiveDate, u32, u32, u32),
    DayPart(Option<NaiveDate>, &'static str),
}

fn parse_per(v: &str) -> Option<Per> {
    let v = v.trim();
    if let Some(t) = v.strip_prefix('T') {
        if let Some(p) = day_part(t) {
            return Some(Per::DayPart(None, p));
        }
        let (h, m, s) = parse_hms(t)?;
        return Some(Per::Time(h, m, s));
    }
    if let Some((d, t)) = v.split_once('T') {
        let day = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
        if let Some(p) = day_part(t) {
            return Some(Per::DayPart(Some(day), p));
        }
        let (h, m, s) = parse_hms(t)?;
        return Some(Per::DateTime(day, h, m, s));
    }
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return Some(Per::Day(d));
    }
    if let Some((y, w)) = v.split_once("-W") {
        let d = NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, chrono::Weekday::Mon)?;
        return Some(Per::Week(d));
    }
    if let Some((y, q)) = v.split_once("-Q") {
        return Some(Per::Quarter(y.parse().ok()?, q.parse().ok()?));
    }
    if let Some((y, h)) = v.split_once("-H") {
        return Some(Per::Half(y.parse().ok()?, h.parse().ok()?));
    }
    if let Some((y, m)) = v.split_once('-')
        && y.len() == 4
        && m.len() == 2
    {
        return Some(Per::Month(y.parse().ok()?, m.parse().ok()?));
    }
    if v.len() == 4 && v.ends_with('X') {
        return Some(Per::Decade(v[..3].parse::<i32>().ok()? * 10));
    }
    if v.len() == 4 {
        return Some(Per::Year(v.parse().ok()?));
    }
    if v.len() == 2 {
        return Some(Per::Century(v.parse().ok()?));
    }
    None
}

fn day_part(t: &str) -> Option<&'static str> {
    Some(match t {
        "MO" => "MO",
        "AF" => "AF",
        "EV" => "EV",
        "NI" => "NI",
        "DT" => "DT",
        "MEL" => "MEL",
        _ => return None,
    })
}

fn parse_hms(t: &str) -> Option<(u32, u32, u32)> {
    let mut it = t.split(':');
    let h = it.next()?.parse().ok()?;
    let m = it.next().map_or(Some(0), |x| x.parse().ok())?;
    let s = it.next().map_or(Some(0), |x| x.parse().ok())?;
    Some((h, m, s))
}

fn first_last(p: Per) -> Option<(NaiveDate, NaiveDate)> {
    let ymd = NaiveDate::from_ymd_opt;
    let next_month = |y: i32, m: u32| {
        if m == 12 {
            ymd(y + 1, 1, 1)
        } else {
            ymd(y, m + 1, 1)
        }
    };
    Some(match p {
        Per::Day(d) => (d, d.succ_opt()?),
        Per::Month(y, m) => (ymd(y, m, 1)?, next_month(y, m)?),
        Per::Year(y) => (ymd(y, 1, 1)?, ymd(y + 1, 1, 1)?),
        Per::Week(d) => (d, d + Duration::days(7)),
        Per::Quarter(y, q) => (ymd(y, 3 * q - 2, 1)?, next_month(y, 3 * q)?),
        Per::Half(y, h) => (ymd(y, 6 * h - 5, 1)?, next_month(y, 6 * h)?),
        Per::Decade(y) => (ymd(y, 1, 1)?, ymd(y + 10, 1, 1)?),
        Per::Century(c) => (ymd(c * 100, 1, 1)?, ymd(c * 100 + 100, 1, 1)?),
        _ => return None,
    })
}

fn dstr(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn day_part_hours(p: &str) -> (&'static str, &'static str) {
    match p {
        "MO" => ("08:00:00", "12:00:00"),
        "AF" => ("12:00:00", "16:00:00"),
        "EV" => ("16:00:00", "20:00:00"),
        "NI" => ("20:00:00", "23:59:59"),
        "DT" => ("08:00:00", "18:00:00"),
        _ => ("11:00:00", "13:00:00"),
    }
}

/// A resolution in Recognizers' notation: type name and the compared fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecRes {
    pub type_name: String,
    pub fields: BTreeMap<String, String>,
}

fn fields(pairs: &[(&str, String)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect()
}

/// The sub-range Recognizers gives to "early", "mid", "late", "earlier this", "later this".
fn part_range(
    p: Per,
    part: Part,
    explicit: bool,
    r: Option<NaiveDate>,
) -> Option<(NaiveDate, NaiveDate)> {
    let (a, b) = first_last(p)?;
    let ymd = NaiveDate::from_ymd_opt;
    let (cut1, mid_a, mid_b, cut2) = match p {
        Per::Year(y) if explicit => (ymd(y, 5, 1)?, ymd(y, 5, 1)?, ymd(y, 9, 1)?, ymd(y, 9, 1)?),
        Per::Year(y) => (ymd(y, 7, 1)?, ymd(y, 5, 1)?, ymd(y, 9, 1)?, ymd(y, 7, 1)?),
        Per::Month(y, m) => (
            ymd(y, m, 16)?,
            ymd(y, m, 10)?,
            ymd(y, m, 21)?,
            ymd(y, m, 16)?,
        ),
        Per::Week(d) => (
            d + Duration::days(3),
            d + Duration::days(1),
            d + Duration::days(5),
            d + Duration::days(3),
        ),
        _ => return None,
    };
    Some(match part {
        Part::Start => (a, cut1),
        Part::Mid => (mid_a, mid_b),
        Part::End => (cut2, b),
        Part::Earlier => (a, r.map_or(cut1, |r| r.min(cut1))),
        Part::Later => (r.map_or(cut2, |r| r.max(cut2)), b),
    })
}

fn part_name(p: Part) -> Option<&'static str> {
    match p {
        Part::Start => Some("start"),
        Part::Mid => Some("mid"),
        Part::End => Some("end"),
        Part::Earlier | Part::Later => None,
    }
}

fn seconds(v: &str) -> Option<String> {
    let body = v.strip_prefix('P')?;
    let (date, time) = body.split_once('T').unwrap_or((body, ""));
    let mut total = 0.0f64;
    for (part, is_time) in [(date, false), (time, true)] {
        let mut num = String::new();
        let mut chars = part.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_ascii_digit() || c == '.' {
                num.push(c);
                continue;
            }
            let q: f64 = num.parse().ok()?;
            num.clear();
            let unit = if c == 'W' && chars.peek() == Some(&'E') {
                chars.next();
                2.0 * 86400.0
            } else {
                match (c, is_time) {
                    ('Y', false) => 365.0 * 86400.0,
                    ('M', false) => 30.0 * 86400.0,
                    ('W', false) => 7.0 * 86400.0,
                    ('D', false) => 86400.0,
                    ('H', true) => 3600.0,
                    ('M', true) => 60.0,
                    ('S', true) => 1.0,
                    _ => return None,
                }
            };
            total += q * unit;
        }
    }
    Some(if total.fract() == 0.0 {
        format!("{}", total as i64)
    } else {
        format!("{total}")
    })
}

fn norm_timex(t: &str) -> String {
    let mut s = t.to_string();
    while s.ends_with(":00") && s.contains('T') {
        s.truncate(s.len() - 3);
    }
    s
}

/// Our expression in Recognizers' notation.
pub fn recognizers_resolution(te: &TimeExpr, refdt: Option<NaiveDateTime>) -> RecRes {
    let refday = refdt.map(|d| d.date());
    let not_resolved = |t: &str| RecRes {
        type_name: t.to_string(),
        fields: fields(&[("value", "not resolved".into())]),
    };
    let Some(v) = te.value.as_deref() else {
        let t = match te.kind {
            TimeKind::Date => "date",
            TimeKind::Time => "datetime",
            TimeKind::Duration => "duration",
            TimeKind::Set => "set",
            _ => "daterange",
        };
        return not_resolved(t);
    };
    let modifier = te.modifier;
    let mod_name = |base: Option<&str>| -> Option<String> {
        let rel = match modifier? {
            Mod::Before | Mod::Deadline => "before",
            Mod::Until => "before",
            Mod::After => "after",
            Mod::Since => "since",
            Mod::Approx => "approx",
            Mod::MoreThan => "more",
            Mod::LessThan => "less",
        };
        Some(match base {
            Some(b) => format!("{rel}-{b}"),
            None => rel.to_string(),
        })
    };
    match te.kind {
        TimeKind::Duration => {
            let mut f = vec![("value", seconds(v).unwrap_or_else(|| v.to_string()))];
            if let Some(m) = mod_name(None) {
                f.push(("Mod", m));
            }
            return RecRes {
                type_name: "duration".into(),
                fields: fields(&f),
            };
        }
        TimeKind::Set => {
            return RecRes {
                type_name: "set".into(),
                fields: fields(&[("timex", norm_timex(v))]),
            };
        }
        TimeKind::Reference => {
            let value = match (v, refdt) {
                ("PRESENT_REF", Some(r)) => r.format("%Y-%m-%d %H:%M:%S").to_string(),
                _ => v.to_string(),
            };
            return RecRes {
                type_name: "datetime".into(),
                fields: fields(&[("value", value)]),
            };
        }
        TimeKind::Season => {
            return RecRes {
                type_name: "daterange".into(),
                fields: fields(&[("timex", v.to_string())]),
            };
        }
        _ => {}
    }
    // Intervals and ranges: "a/b".
    if let Some((a, b)) = v.split_once('/') {
        let (Some(pa), Some(pb)) = (parse_per(a), parse_per(b)) else {
            return not_resolved("daterange");
        };
        let hms = |h: u32, m: u32, s: u32| format!("{h:02}:{m:02}:{s:02}");
        let f = match (pa, pb) {
            (Per::Time(h1, m1, s1), Per::Time(h2, m2, s2)) => RecRes {
                type_name: "timerange".into(),
                fields: fields(&[("start", hms(h1, m1, s1)), ("end", hms(h2, m2, s2))]),
            },
            (Per::DateTime(d1, h1, m1, s1), Per::DateTime(d2, h2, m2, s2)) => RecRes {
                type_name: "datetimerange".into(),
                fields: fields(&[
                    ("start", format!("{} {}", dstr(d1), hms(h1, m1, s1))),
                    ("end", format!("{} {}", dstr(d2), hms(h2, m2, s2))),
                ]),
            },
            (x, y) => {
                let (Some((s, _)), Some((e0, e1))) = (first_last(x), first_last(y)) else {
                    return not_resolved("daterange");
                };
                // Written intervals end where the end's period starts ("from March to May"
                // ends on May 1st); computed ranges end the day after their last day.
                let end = if te.kind == TimeKind::Interval {
                    e0
                } else {
                    e1
                };
                RecRes {
                    type_name: "daterange".into(),
                    fields: fields(&[("start", dstr(s)), ("end", dstr(end))]),
                }
            }
        };
        return with_mod(f, modifier, &mod_name);
    }
    let Some(p) = parse_per(v) else {
        return not_resolved("daterange");
    };
    let hms = |h: u32, m: u32, s: u32| format!("{h:02}:{m:02}:{s:02}");
    match p {
        Per::Time(h, m, s) => {
            let t = hms(h, m, s);
            match modifier.and_then(|_| mod_name(None)) {
                Some(mm) if mm == "approx" => RecRes {
                    type_name: "time".into(),
                    fields: fields(&[("value", t), ("Mod", mm)]),
                },
                Some(mm) if mm.starts_with("before") => RecRes {
                    type_name: "timerange".into(),
                    fields: fields(&[("end", t), ("Mod", mm)]),
                },
                Some(mm) => RecRes {
                    type_name: "timerange".into(),
                    fields: fields(&[("start", t), ("Mod", mm)]),
                },
                None => RecRes {
                    type_name: "time".into(),
                    fields: fields(&[("value", t)]),
                },
            }
        }
        Per::DateTime(d, h, m, s) => {
            let t = format!("{} {}", dstr(d), hms(h, m, s));
            match modifier.and_then(|_| mod_name(None)) {
                Some(mm) if mm == "approx" => RecRes {
                    type_name: "datetime".into(),
                    fields: fields(&[("value", t), ("Mod", mm)]),
                },
                Some(mm) if mm.starts_with("before") => RecRes {
                    type_name: "datetimerange".into(),
                    fields: fields(&[("end", t), ("Mod", mm)]),
                },
                Some(mm) => RecRes {
                    type_name: "datetimerange".into(),
                    fields: fields(&[("start", t), ("Mod", mm)]),
                },
                None => RecRes {
                    type_name: "datetime".into(),
                    fields: fields(&[("value", t)]),
                },
            }
        }
        Per::DayPart(day, code) => {
            let (mut a, mut b) = day_part_hours(code);
            let mut f = Vec::new();
            if let Some(part) = te.part {
                let halves: (&str, &str, &str) = match code {
                    "MO" => ("08:00:00", "10:00:00", "12:00:00"),
                    "AF" => ("12:00:00", "14:00:00", "16:00:00"),
                    "EV" => ("16:00:00", "18:00:00", "20:00:00"),
                    _ => (a, a, b),
                };
                let name = match part {
                    Part::Start | Part::Earlier => {
                        b = halves.1;
                        "start"
                    }
                    Part::End | Part::Later => {
                        a = halves.1;
                        "end"
                    }
                    Part::Mid => "mid",
                };
                f.push(("Mod", name.to_string()));
            }
            match day {
                Some(d) => {
                    f.push(("start", format!("{} {a}", dstr(d))));
                    f.push(("end", format!("{} {b}", dstr(d))));
                    with_mod(
                        RecRes {
                            type_name: "datetimerange".into(),
                            fields: fields(&f),
                        },
                        modifier,
                        &mod_name,
                    )
                }
                None => {
                    f.push(("start", a.to_string()));
                    f.push(("end", b.to_string()));
                    with_mod(
                        RecRes {
                            type_name: "timerange".into(),
                            fields: fields(&f),
                        },
                        modifier,
                        &mod_name,
                    )
                }
            }
        }
        Per::Day(d) if te.part.is_some() => {
            // Parts of a day: "the end of the day" is its last second, "early in the day"
            // its morning, "mid today" its middle hours, "later in today" its afternoon.
            let day = dstr(d);
            let next = d.succ_opt().map(dstr).unwrap_or_default();
            match te.part {
                Some(Part::End) => RecRes {
                    type_name: "datetime".into(),
                    fields: fields(&[("value", format!("{day} 23:59:59"))]),
                },
                Some(Part::Start | Part::Earlier) => RecRes {
                    type_name: "datetimerange".into(),
                    fields: fields(&[
                        ("start", format!("{day} 00:00:00")),
                        ("end", format!("{day} 12:00:00")),
                        ("Mod", "start".into()),
                    ]),
                },
                Some(Part::Mid) => RecRes {
                    type_name: "datetimerange".into(),
                    fields: fields(&[
                        ("start", format!("{day} 10:00:00")),
                        ("end", format!("{day} 14:00:00")),
                        ("Mod", "mid".into()),
                    ]),
                },
                _ => RecRes {
                    type_name: "datetimerange".into(),
                    fields: fields(&[
                        ("start", format!("{day} 12:00:00")),
                        ("end", format!("{next} 00:00:00")),
                        ("Mod", "end".into()),
                    ]),
                },
            }
        }
        Per::Day(d) => {
            let value = dstr(d);
            match modifier {
                None => RecRes {
                    type_name: "date".into(),
                    fields: fields(&[("value", value)]),
                },
                Some(Mod::Approx) => RecRes {
                    type_name: "date".into(),
                    fields: fields(&[("value", value), ("Mod", "approx".into())]),
                },
                Some(Mod::After | Mod::Since) => RecRes {
                    type_name: "daterange".into(),
                    fields: fields(&[
                        ("start", value),
                        ("Mod", mod_name(None).unwrap_or_default()),
                    ]),
                },
                Some(_) => RecRes {
                    type_name: "daterange".into(),
                    fields: fields(&[("end", value), ("Mod", mod_name(None).unwrap_or_default())]),
                },
            }
        }
        period => {
            let explicit = te.resolved_against.is_none();
            let (s, e, base) = match te.part {
                Some(part) => match part_range(period, part, explicit, refday) {
                    Some((s, e)) => (s, e, part_name(part)),
                    None => return not_resolved("daterange"),
                },
                None => match first_last(period) {
                    Some((s, e)) => (s, e, None),
                    None => return not_resolved("daterange"),
                },
            };
            let mut f: Vec<(&str, String)> = Vec::new();
            // With a part, a bound is the edge of the part that the relation faces: "by the
            // end of the month" ends with the month, "after the beginning of March" starts
            // with March, "after mid May" after the middle.
            match (modifier, te.part) {
                (None | Some(Mod::Approx), _) => {
                    f.push(("start", dstr(s)));
                    f.push(("end", dstr(e)));
                }
                (Some(Mod::Since), _) => f.push(("start", dstr(s))),
                (Some(Mod::After), Some(Part::Start)) => f.push(("start", dstr(s))),
                (Some(Mod::After), _) => f.push(("start", dstr(e))),
                (Some(_), Some(Part::End)) => f.push(("end", dstr(e))),
                (Some(_), _) => f.push(("end", dstr(s))),
            }
            if let Some(m) = mod_name(base).or(base.map(str::to_string)) {
                f.push(("Mod", m));
            }
            RecRes {
                type_name: "daterange".into(),
                fields: fields(&f),
            }
        }
    }
}

fn with_mod(
    mut r: RecRes,
    modifier: Option<Mod>,
    mod_name: &dyn Fn(Option<&str>) -> Option<String>,
) -> RecRes {
    if modifier.is_some()
        && let Some(m) = mod_name(None)
    {
        r.fields.insert("Mod".into(), m);
    }
    r
}

/// The resolution a spec entry expects, in the same form.
fn expected_resolution(type_name: &str, entry: &Value) -> RecRes {
    let mut f = BTreeMap::new();
    let get = |k: &str| entry.get(k).and_then(Value::as_str).map(str::to_string);
    let t = type_name.trim_start_matches("datetimeV2.").to_string();
    if get("value").as_deref() == Some("not resolved") || t == "set" {
        if t == "set" {
            f.insert(
                "timex".into(),
                norm_timex(&get("timex").unwrap_or_default()),
            );
        } else if get("timex").is_some_and(|x| {
            x.ends_with("-SU") || x.ends_with("-WI") || x.ends_with("-SP") || x.ends_with("-FA")
        }) {
            f.insert("timex".into(), get("timex").unwrap_or_default());
        } else {
            f.insert("value".into(), "not resolved".into());
        }
        return RecRes {
            type_name: t,
            fields: f,
        };
    }
    for k in ["value", "start", "end", "Mod"] {
        if let Some(v) = get(k) {
            f.insert(k.to_string(), v);
        }
    }
    RecRes {
        type_name: t,
        fields: f,
    }
}

// ---------------------------------------------------------------------------------------
// Scoring the spec files
// ---------------------------------------------------------------------------------------

/// Character offsets (inclusive end) of a byte span, as Recognizers counts them.
fn char_span(text: &str, span: &std::ops::Range<usize>) -> (usize, usize) {
    let start = text[..span.start].chars().count();
    let len = text[span.clone()].chars().count();
    (start, start + len.saturating_sub(1))
}

struct Ours {
    text: String,
    start: usize,
    end: usize,
    res: RecRes,
}

fn run_ours(input: &str, refdt: Option<NaiveDateTime>) -> Vec<Ours> {
    extract::time::times(input, refdt.map(|d| d.date()))
        .into_iter()
        .map(|te| {
            let (start, end) = char_span(input, &te.span);
            Ours {
                text: input[te.span.clone()].to_lowercase(),
                start,
                end,
                res: recognizers_resolution(&te, refdt),
            }
        })
        .collect()
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

fn describe(ours: &[Ours]) -> String {
    ours.iter()
        .map(|o| format!("{}[{}] {:?}", o.res.type_name, o.text, o.res.fields))
        .collect::<Vec<_>>()
        .join(" ;; ")
}

/// Scores one Recognizers file.
pub fn spec_file(name: &str) -> Result<SpecScore> {
    let path = specs_dir().join(format!("{name}.json"));
    let cases = read_json(&path)?;
    let cases = cases.as_array().context("a spec file is a JSON array")?;
    let skips = skip_list()?;
    let parser_file = name.ends_with("Parser");
    let mut sc = SpecScore {
        file: name.to_string(),
        ..SpecScore::default()
    };
    for (idx, case) in cases.iter().enumerate() {
        if unsupported_on_dotnet(case) {
            continue;
        }
        // Skipped cases are scored too, to find skips that no longer hold, and then their
        // counts are taken back out.
        let skip = skips.get(&(name.to_string(), idx)).cloned();
        let before = (
            sc.cases,
            sc.returned,
            sc.expected,
            sc.matched_expected,
            sc.matched_returned,
            sc.lenient,
            sc.strict,
            sc.failures.len(),
            sc.future_readings.len(),
        );
        let input = case.get("Input").and_then(Value::as_str).unwrap_or("");
        let refdt = reference(case);
        let ours = run_ours(input, refdt);
        let results = case
            .get("Results")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        sc.cases += 1;
        sc.returned += ours.len();
        // Expected entities: (text, start, end, resolution, single candidate).
        let mut expected = Vec::new();
        let mut futures: Vec<RecRes> = Vec::new();
        for r in &results {
            if parser_file {
                let text = r
                    .get("Text")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_lowercase();
                let start = r.get("Start").and_then(Value::as_u64).unwrap_or(0) as usize;
                let len = r.get("Length").and_then(Value::as_u64).unwrap_or(0) as usize;
                let t = r.get("Type").and_then(Value::as_str).unwrap_or("");
                let v = r.get("Value").cloned().unwrap_or(Value::Null);
                let past = v.get("PastResolution").cloned().unwrap_or(Value::Null);
                let mut f = BTreeMap::new();
                let get = |k: &str| past.get(k).and_then(Value::as_str).map(str::to_string);
                let invalid = get("date").as_deref() == Some("0001-01-01");
                if invalid {
                    f.insert("value".to_string(), "not resolved".to_string());
                } else if past.as_object().is_some_and(|o| o.is_empty()) {
                    f.insert(
                        "timex".to_string(),
                        v.get("Timex")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string(),
                    );
                } else {
                    if let Some(x) = get("date") {
                        f.insert("value".into(), x);
                    }
                    if let Some(x) = get("startDate") {
                        f.insert("start".into(), x);
                    }
                    if let Some(x) = get("endDate") {
                        f.insert("end".into(), x);
                    }
                    if let Some(m) = v.get("Mod").and_then(Value::as_str) {
                        f.insert("Mod".into(), m.to_string());
                    }
                }
                let single = v.get("FutureResolution") == v.get("PastResolution");
                let fut = v.get("FutureResolution").cloned().unwrap_or(Value::Null);
                let mut ff = f.clone();
                let getf = |k: &str| fut.get(k).and_then(Value::as_str).map(str::to_string);
                for (k, key) in [
                    ("date", "value"),
                    ("startDate", "start"),
                    ("endDate", "end"),
                ] {
                    if let Some(x) = getf(k) {
                        ff.insert(key.to_string(), x);
                    }
                }
                futures.push(RecRes {
                    type_name: t.to_string(),
                    fields: ff,
                });
                expected.push((
                    text,
                    start,
                    start + len.saturating_sub(1),
                    RecRes {
                        type_name: t.to_string(),
                        fields: f,
                    },
                    single,
                ));
            } else {
                let type_name = r
                    .get("TypeName")
                    .or_else(|| r.get("Typename"))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let text = r
                    .get("Text")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_lowercase();
                let start = r.get("Start").and_then(Value::as_u64).unwrap_or(0) as usize;
                let end = r.get("End").and_then(Value::as_u64).unwrap_or(0) as usize;
                let values = r
                    .pointer("/Resolution/values")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let entry = values.first().cloned().unwrap_or(Value::Null);
                let future = values.get(1).cloned().unwrap_or_else(|| entry.clone());
                futures.push(expected_resolution(type_name, &future));
                expected.push((
                    text,
                    start,
                    end,
                    expected_resolution(type_name, &entry),
                    values.len() <= 1,
                ));
            }
        }
        sc.expected += expected.len();
        // Entity-level matching, one to one.
        let mut used = vec![false; ours.len()];
        for (_, s, e, res, _) in &expected {
            let hit = ours.iter().enumerate().find(|(k, o)| {
                !used[*k] && overlaps((o.start, o.end), (*s, *e)) && o.res.fields == res.fields
            });
            if let Some((k, _)) = hit {
                used[k] = true;
                sc.matched_expected += 1;
                sc.matched_returned += 1;
            }
        }
        // Case-level.
        let (lenient, strict) = if parser_file {
            let mut all = true;
            let mut exact = ours.len() == expected.len();
            for (text, s, e, res, single) in &expected {
                let m = ours.iter().find(|o| {
                    overlaps((o.start, o.end), (*s, *e))
                        && o.res.type_name == res.type_name
                        && o.res.fields == res.fields
                });
                match m {
                    Some(o) => exact &= o.start == *s && o.end == *e && o.text == *text && *single,
                    None => {
                        all = false;
                        exact = false;
                    }
                }
            }
            if expected.is_empty() {
                all = ours.is_empty();
                exact = all;
            }
            (all, exact && all)
        } else {
            let mut all = ours.len() == expected.len();
            let mut exact = all;
            if all {
                for (o, (text, s, e, res, single)) in ours.iter().zip(&expected) {
                    let same = o.res.type_name == res.type_name
                        && o.text.trim() == text.trim()
                        && o.res.fields == res.fields;
                    all &= same;
                    exact &= same && o.start == *s && o.end == *e && *single;
                }
            }
            (all, exact)
        };
        if !lenient && !expected.is_empty() && ours.len() >= expected.len() {
            let all_future = expected.iter().zip(&futures).all(|((_, s, e, _, _), fut)| {
                ours.iter().any(|o| {
                    overlaps((o.start, o.end), (*s, *e))
                        && o.res.type_name == fut.type_name
                        && o.res.fields == fut.fields
                })
            });
            let differs = expected
                .iter()
                .zip(&futures)
                .any(|((_, _, _, r, _), fut)| r.fields != fut.fields);
            if all_future && differs && (parser_file || ours.len() == expected.len()) {
                sc.future_readings.push(idx);
            }
        }
        if lenient {
            sc.lenient += 1;
        } else {
            let exp: Vec<String> = expected
                .iter()
                .map(|(t, _, _, r, _)| format!("{}[{}] {:?}", r.type_name, t, r.fields))
                .collect();
            sc.failures.push(format!(
                "{name} {idx} ref={} | {input}\n    expected: {}\n    ours:     {}",
                refdt.map(|d| d.to_string()).unwrap_or_default(),
                exp.join(" ;; "),
                describe(&ours)
            ));
        }
        if strict {
            sc.strict += 1;
        }
        if let Some(reason) = skip {
            let future_match = sc.future_readings.len() > before.8;
            (
                sc.cases,
                sc.returned,
                sc.expected,
                sc.matched_expected,
                sc.matched_returned,
                sc.lenient,
                sc.strict,
            ) = (
                before.0, before.1, before.2, before.3, before.4, before.5, before.6,
            );
            sc.failures.truncate(before.7);
            sc.future_readings.truncate(before.8);
            sc.skipped += 1;
            // A skip holds while the case fails, and a "future" skip only while our output
            // is the spec's future candidate.
            if lenient
                || (reason.starts_with("future") && reason.contains("[checked]") && !future_match)
            {
                sc.stale_skips.push(idx);
            }
        }
    }
    Ok(sc)
}

// ---------------------------------------------------------------------------------------
// TempEval-3
// ---------------------------------------------------------------------------------------

/// A TIMEX3 of the gold standard: character span in the plain text, value.
#[derive(Debug, Clone)]
pub struct Timex {
    pub start: usize,
    pub end: usize,
    pub value: String,
    pub text: String,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')? + at;
    Some(tag[at..end].to_string())
}

/// Reads a `.tml` document: its DCT, its plain text (the `<TEXT>` content without tags),
/// and its gold TIMEX3s with byte spans into that text.
pub fn read_tml(raw: &str) -> Result<(NaiveDate, String, Vec<Timex>)> {
    let dct_at = raw.find("<DCT>").context("no <DCT>")?;
    let dct_timex = &raw[dct_at + "<DCT>".len()..];
    let dct_val =
        attr(&dct_timex[..dct_timex.find('>').unwrap_or(0)], "value").context("DCT value")?;
    let dct = NaiveDate::parse_from_str(&dct_val[..10.min(dct_val.len())], "%Y-%m-%d")
        .context("DCT date")?;
    let t0 = raw.find("<TEXT>").context("no <TEXT>")? + "<TEXT>".len();
    let t1 = raw.find("</TEXT>").context("no </TEXT>")?;
    let body = &raw[t0..t1];
    let mut text = String::new();
    let mut gold = Vec::new();
    let mut open: Option<(usize, String)> = None;
    let mut i = 0;
    let b = body.as_bytes();
    while i < b.len() {
        if b[i] == b'<' {
            let close = body[i..].find('>').map_or(b.len(), |k| i + k);
            let tag = &body[i..=close.min(b.len() - 1)];
            if tag.starts_with("<TIMEX3") {
                open = Some((text.len(), attr(tag, "value").unwrap_or_default()));
            } else if tag.starts_with("</TIMEX3")
                && let Some((s, v)) = open.take()
            {
                gold.push(Timex {
                    start: s,
                    end: text.len(),
                    value: v,
                    text: text[s..].to_string(),
                });
            }
            i = close + 1;
        } else {
            let next = body[i..].find('<').map_or(b.len(), |k| i + k);
            text.push_str(&unescape(&body[i..next]));
            i = next;
        }
    }
    Ok((dct, text, gold))
}

/// Words that TIMEX3 leaves out of an expression's extent ("since", "by", "about").
const TE3_LEADING: &[&str] = &[
    "since ",
    "until ",
    "till ",
    "by ",
    "before ",
    "after ",
    "from ",
    "between ",
    "around ",
    "about ",
    "approximately ",
    "circa ",
    "over ",
    "more than ",
    "less than ",
    "at least ",
    "up to ",
    "as early as ",
    "as late as ",
    "starting ",
    "beginning ",
    "no later than ",
    "later than ",
    "earlier than ",
    "in ",
    "within ",
];

/// Our expressions as TIMEX3s: signal words trimmed, intervals split into their two ends.
pub fn te3_system(text: &str, dct: NaiveDate) -> Vec<Timex> {
    let mut out = Vec::new();
    for te in extract::time::times(text, Some(dct)) {
        let mut s = te.span.start;
        let e = te.span.end;
        loop {
            let lower = text[s..e].to_ascii_lowercase();
            match TE3_LEADING
                .iter()
                .find(|w| lower.starts_with(**w) && lower.len() > w.len())
            {
                Some(w) => s += w.len(),
                None => break,
            }
        }
        // TIMEX3 keeps "the" in "the last week", "the past two years", "the end of the
        // year", which our extents leave out (as the Recognizers specs do).
        let head = text[s..e]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let the_kept = [
            "next",
            "last",
            "past",
            "previous",
            "following",
            "coming",
            "upcoming",
            "current",
            "end",
            "middle",
            "beginning",
            "start",
            "mid",
        ]
        .contains(&head.as_str())
            || head.starts_with(|c: char| c.is_ascii_digit()) && te.kind != TimeKind::Century;
        if the_kept && s >= 4 && text[..s].to_ascii_lowercase().ends_with("the ") {
            s -= 4;
        }
        // TIMEX3 annotates stretches counted from the reference ("the past two years", "the
        // next decade") as their length.
        let value = match (te.value.clone(), te.length.clone()) {
            (_, Some(len)) => len,
            (Some(v), _) => v,
            (None, _) => String::new(),
        };
        if te.kind == TimeKind::Interval
            && let Some((va, vb)) = value.split_once('/')
        {
            // Split at the connector: "2009-2010", "1957-58", "Monday to Friday".
            let seg = &text[s..e];
            let cut = [
                " to ",
                " through ",
                " until ",
                " till ",
                " and ",
                "-",
                "\u{2013}",
            ]
            .iter()
            .filter_map(|c| seg.find(c).map(|k| (k, c.len())))
            .min();
            if let Some((k, l)) = cut {
                out.push(Timex {
                    start: s,
                    end: s + k,
                    value: va.to_string(),
                    text: seg[..k].to_string(),
                });
                out.push(Timex {
                    start: s + k + l,
                    end: e,
                    value: vb.to_string(),
                    text: seg[k + l..].to_string(),
                });
                continue;
            }
        }
        out.push(Timex {
            start: s,
            end: e,
            value,
            text: text[s..e].to_string(),
        });
    }
    out
}

/// Scores TempEval-3 platinum.
pub fn tempeval() -> Result<Te3Score> {
    let dir = crate::shared_dir().join("data/tempeval3-platinum");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tml"))
        .collect();
    files.sort();
    anyhow::ensure!(!files.is_empty(), "no .tml files in {}", dir.display());
    let mut sc = Te3Score::default();
    for f in files {
        let raw =
            std::fs::read_to_string(&f).with_context(|| format!("reading {}", f.display()))?;
        let (dct, text, gold) =
            read_tml(&raw).with_context(|| format!("reading {}", f.display()))?;
        let sys = te3_system(&text, dct);
        sc.gold += gold.len();
        sc.system += sys.len();
        let ov = |a: &Timex, b: &Timex| a.start < b.end && b.start < a.end;
        sc.strict_sys += sys
            .iter()
            .filter(|s| gold.iter().any(|g| g.start == s.start && g.end == s.end))
            .count();
        sc.strict_gold += gold
            .iter()
            .filter(|g| sys.iter().any(|s| g.start == s.start && g.end == s.end))
            .count();
        sc.relaxed_sys += sys.iter().filter(|s| gold.iter().any(|g| ov(g, s))).count();
        sc.relaxed_gold += gold.iter().filter(|g| sys.iter().any(|s| ov(g, s))).count();
        sc.value_sys += sys
            .iter()
            .filter(|s| gold.iter().any(|g| ov(g, s) && g.value == s.value))
            .count();
        sc.value_gold += gold
            .iter()
            .filter(|g| sys.iter().any(|s| ov(g, s) && g.value == s.value))
            .count();
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        for g in &gold {
            let hit: Vec<&Timex> = sys.iter().filter(|s| ov(g, s)).collect();
            if !hit
                .iter()
                .any(|s| s.value == g.value && s.start == g.start && s.end == g.end)
            {
                let got = hit
                    .iter()
                    .map(|s| format!("[{}] {}", s.text, s.value))
                    .collect::<Vec<_>>()
                    .join(", ");
                sc.failures.push(format!(
                    "{name} dct={dct} gold [{}] {} | ours {}",
                    g.text,
                    g.value,
                    if got.is_empty() { "-".into() } else { got }
                ));
            }
        }
        for s in &sys {
            if !gold.iter().any(|g| ov(g, s)) {
                sc.failures
                    .push(format!("{name} dct={dct} extra [{}] {}", s.text, s.value));
            }
        }
    }
    Ok(sc)
}

// ---------------------------------------------------------------------------------------
// Scores, tables, speed
// ---------------------------------------------------------------------------------------

/// All scores by name, for the ratchet.
pub fn scores() -> Result<Scores> {
    let mut s = Scores::new();
    for name in SPEC_FILES {
        let sc = spec_file(name)?;
        s.insert(format!("{name}.strict"), sc.strict_rate());
        s.insert(format!("{name}.lenient"), sc.lenient_rate());
        // Over every case, so that adding to the skip list cannot hide a drop.
        s.insert(format!("{name}.lenient_all"), sc.lenient_all_rate());
        s.insert(format!("{name}.entity_f1"), sc.f1());
    }
    let te = tempeval()?;
    s.insert("TempEval3.strict_f1".into(), te.strict().2);
    s.insert("TempEval3.relaxed_f1".into(), te.relaxed().2);
    s.insert("TempEval3.value_f1".into(), te.value().2);
    Ok(s)
}

fn pct(x: f64) -> String {
    format!("{:.1}", 100.0 * x)
}

/// Prints the Markdown tables of `crosscheck-eval times`. With `CROSSCHECK_TIMES_FAILS` set
/// to a file name (or `TempEval3`), also prints that suite's failures.
pub fn print() -> Result<()> {
    println!("### Recognizers-Text DateTime (English), past reading\n");
    println!(
        "| file | cases scored | skipped | strict | lenient | lenient, skips as failures | entity P | entity R | entity F1 |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let fails = std::env::var("CROSSCHECK_TIMES_FAILS").ok();
    let mut dumps = Vec::new();
    let mut stale = Vec::new();
    for name in SPEC_FILES {
        let sc = spec_file(name)?;
        println!(
            "| {name} | {} | {} | {} ({}%) | {} ({}%) | {}% | {} | {} | {} |",
            sc.cases,
            sc.skipped,
            sc.strict,
            pct(sc.strict_rate()),
            sc.lenient,
            pct(sc.lenient_rate()),
            pct(sc.lenient_all_rate()),
            pct(sc.precision()),
            pct(sc.recall()),
            pct(sc.f1())
        );
        if fails.as_deref() == Some(name) {
            dumps = sc.failures.clone();
        }
        stale.extend(sc.stale_skips.iter().map(|i| format!("{name} {i}")));
    }
    println!(
        "\nSkipped cases follow a convention we do not share on purpose; each is listed with its reason in `crates/eval/data/times-skip.tsv`."
    );
    if !stale.is_empty() {
        println!("Skips that no longer hold: {}", stale.join(", "));
    }
    let te = tempeval()?;
    println!("\n### TempEval-3 platinum (task A, DCT as reference)\n");
    println!("| | P | R | F1 |");
    println!("|---|---|---|---|");
    for (label, (p, r, f)) in [
        ("strict extent", te.strict()),
        ("relaxed extent", te.relaxed()),
        ("value", te.value()),
    ] {
        println!("| {label} | {} | {} | {} |", pct(p), pct(r), pct(f));
    }
    println!("\n{} gold TIMEX3, {} returned.", te.gold, te.system);
    if fails.as_deref() == Some("TempEval3") {
        dumps = te.failures.clone();
    }
    for f in dumps {
        println!("{f}");
    }
    Ok(())
}

/// News text for the speed measurement: the ECB+ texts and the article-extraction bodies.
pub fn news_corpus() -> Result<Vec<String>> {
    let shared = crate::shared_dir();
    let mut docs = Vec::new();
    let dir = shared.join("data/ecbplus/texts");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for p in paths {
        docs.push(std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?);
    }
    let truth = read_json(&shared.join("data/article-extraction/truth.json"))?;
    if let Some(map) = truth.as_object() {
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort();
        for k in keys {
            if let Some(body) = map[k].get("articleBody").and_then(Value::as_str) {
                docs.push(body.to_string());
            }
        }
    }
    Ok(docs)
}

/// CPU seconds this thread has used, from `/proc/thread-self/stat` (Linux; clock ticks of
/// 1/100 s), so that a busy machine does not slow the measurement down.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// The result of a speed measurement.
#[derive(Debug, Clone, Copy)]
pub struct Speed {
    pub bytes: usize,
    /// Expressions found in one pass over the corpus.
    pub found: usize,
    /// MB/s of wall-clock time.
    pub wall_mbs: f64,
    /// MB/s of CPU time of the measuring thread, when the system reports it.
    pub cpu_mbs: Option<f64>,
}

/// Measures `times()` over at least `min_bytes` of news text on one thread.
pub fn measure_speed(min_bytes: usize) -> Result<Speed> {
    let docs = news_corpus()?;
    let total: usize = docs.iter().map(String::len).sum();
    anyhow::ensure!(total > 0, "empty news corpus");
    let reference = NaiveDate::from_ymd_opt(2024, 10, 28);
    // One pass to warm up (the lexicon, the caches) and count, then timed passes.
    let found: usize = docs
        .iter()
        .map(|d| extract::time::times(d, reference).len())
        .sum();
    let rounds = min_bytes.div_ceil(total).max(1);
    let cpu0 = thread_cpu_seconds();
    let start = Instant::now();
    let mut n = 0usize;
    for _ in 0..rounds {
        for d in &docs {
            n += extract::time::times(std::hint::black_box(d), reference).len();
        }
    }
    let wall = start.elapsed().as_secs_f64();
    let cpu = cpu0.zip(thread_cpu_seconds()).map(|(a, b)| b - a);
    std::hint::black_box(n);
    let bytes = total * rounds;
    let mb = bytes as f64 / 1e6;
    Ok(Speed {
        bytes,
        found,
        wall_mbs: mb / wall.max(1e-9),
        cpu_mbs: cpu.filter(|c| *c > 0.05).map(|c| mb / c),
    })
}

/// `crosscheck-eval times --speed`: single-threaded throughput of `times()` on news text.
pub fn speed() -> Result<()> {
    let sp = measure_speed(25_000_000)?;
    println!("| corpus | bytes | expressions per pass | MB/s (wall) | MB/s (thread CPU time) |");
    println!("|---|---|---|---|---|");
    println!(
        "| ECB+ texts + article-extraction bodies, repeated | {} | {} | {:.1} | {} |",
        sp.bytes,
        sp.found,
        sp.wall_mbs,
        sp.cpu_mbs.map_or("n/a".to_string(), |c| format!("{c:.1}"))
    );
    Ok(())
}
