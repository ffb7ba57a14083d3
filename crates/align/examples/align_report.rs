//! Re-runs the align stage on a JSON report written by `crosscheck analyze --format json`
//! and prints how long it took and what it found: the measurement of the stage alone.
//!
//! Usage: `cargo run --release -p align --example align_report -- REPORT.json`

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: align_report REPORT.json")?;
    let report: model::Report = serde_json::from_slice(&std::fs::read(&path)?)?;
    let mut stories = report.stories.clone();
    for s in &mut stories {
        s.brief.clear();
    }
    if stories.is_empty() && !report.documents.is_empty() {
        stories.push(align::whole_corpus_story(&report.documents));
    }
    let start = Instant::now();
    let aligned = align::align(
        &report.documents,
        &report.claims,
        &report.entities,
        &mut stories,
        &report.links,
        &align::Config::default(),
    );
    let secs = start.elapsed().as_secs_f64();
    let biggest = stories.iter().map(|s| s.documents.len()).max().unwrap_or(0);
    println!(
        "{} documents, {} claims, {} stories (largest {} documents): {} groups, {} figures tables, {} timeline entries in {:.3} s ({:.0} claims/s)",
        report.documents.len(),
        report.claims.len(),
        stories.len(),
        biggest,
        aligned.groups.len(),
        aligned.figures.len(),
        aligned.timeline.len(),
        secs,
        report.claims.len() as f64 / secs.max(1e-9)
    );
    Ok(())
}
