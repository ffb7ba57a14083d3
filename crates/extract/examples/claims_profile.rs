//! A harness for profiling the extract stage: runs [`extract::claims_checked`] over every
//! file of a directory, a given number of rounds, on one thread, and prints the bytes read,
//! the time taken and a checksum of what was found. It is what `callgrind` and `perf` are
//! pointed at when the stage's speed is measured; it does not score accuracy.
//!
//! `cargo run --release -p extract --example claims_profile -- DIR [ROUNDS] [DUMP]`
//!
//! With a third argument, it also writes every claim and diagnostic of the first round, in
//! their debug form, to the file DUMP: two builds that should extract the same thing must
//! write the same bytes.

use std::time::Instant;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| ".".into());
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let mut names: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    let mut docs = Vec::new();
    for (i, p) in names.iter().enumerate() {
        // Files that are not UTF-8 are skipped: this harness measures extraction, not decoding.
        let Ok(text) = std::fs::read_to_string(p) else {
            continue;
        };
        let mut d = model::Document::new(format!("d{i}"), "bench", "");
        d.body = text;
        d.published = Some("2024-10-28".into());
        docs.push(d);
    }
    let bytes: usize = docs.iter().map(|d| d.body.len()).sum();
    let config = extract::Config::default();
    if let Some(path) = args.next() {
        let mut out = String::new();
        for d in &docs {
            let (cs, ds) = extract::claims_checked(d, &config);
            out.push_str(&format!("{cs:#?}\n{ds:#?}\n"));
        }
        std::fs::write(path, out)?;
    }
    let start = Instant::now();
    let (mut claims, mut quantities, mut times, mut diagnostics) = (0, 0, 0, 0);
    for _ in 0..rounds {
        for d in &docs {
            let (cs, ds) = extract::claims_checked(d, &config);
            claims += cs.len();
            quantities += cs.iter().map(|c| c.quantities.len()).sum::<usize>();
            times += cs.iter().map(|c| c.times.len()).sum::<usize>();
            diagnostics += ds.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1_048_576.0;
    println!(
        "{} documents, {mb:.1} MB in {secs:.2} s: {:.1} MB/s; {claims} claims, {quantities} quantities, {times} times, {diagnostics} diagnostics",
        docs.len(),
        mb / secs
    );
    Ok(())
}
