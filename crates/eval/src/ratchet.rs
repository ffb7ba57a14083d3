//! Ratchet files: the current scores of a suite, kept in the repository. A test fails when
//! a score falls below its ratchet; a better score is written back with
//! `CROSSCHECK_RATCHET=update` so that it cannot silently be lost later.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Scores by name ("NumberModel.lenient"), each a fraction or a percentage.
pub type Scores = BTreeMap<String, f64>;

/// The ratchet file of `suite`.
pub fn path(suite: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("ratchet")
        .join(format!("{suite}.json"))
}

/// Compares `scores` with the ratchet of `suite`; returns the drops as messages. With
/// `CROSSCHECK_RATCHET=update` in the environment, writes the scores as the new ratchet.
pub fn check(suite: &str, scores: &Scores) -> Vec<String> {
    let file = path(suite);
    if std::env::var("CROSSCHECK_RATCHET").as_deref() == Ok("update") {
        write(&file, scores);
        return Vec::new();
    }
    let stored: Scores = match std::fs::read(&file) {
        Ok(bytes) => serde_json::from_slice(&bytes).expect("ratchet file is valid JSON"),
        Err(_) => {
            return vec![format!(
                "no ratchet file {}; run with CROSSCHECK_RATCHET=update to create it",
                file.display()
            )];
        }
    };
    let mut drops = Vec::new();
    for (name, &old) in &stored {
        match scores.get(name) {
            None => drops.push(format!("{name}: no longer measured (ratchet {old})")),
            Some(&new) if new + 1e-9 < old => {
                drops.push(format!("{name}: {new:.4} is below the ratchet {old:.4}"))
            }
            Some(_) => {}
        }
    }
    drops
}

fn write(file: &Path, scores: &Scores) {
    let rounded: Scores = scores
        .iter()
        .map(|(k, v)| (k.clone(), (v * 10_000.0).floor() / 10_000.0))
        .collect();
    let mut text = serde_json::to_string_pretty(&rounded).expect("scores serialise");
    text.push('\n');
    std::fs::write(file, text).expect("ratchet file is writable");
}
