//! Evaluations of crosscheck's stages against the public suites in `../shared/data`.
//! Each suite has a module that scores the stage and returns rows of a table; the
//! `crosscheck-eval` binary prints them, and the tests in `tests/` compare them with the
//! ratchet files in `ratchet/`, failing when a score drops.
//!
//! Nothing here is used by the product; it reads only the public sets beside the
//! repository and never copies them.

pub mod attribution;
pub mod extraction;
pub mod numbers;
pub mod ratchet;
pub mod stories;
pub mod times;

use std::path::PathBuf;

/// The `shared` folder beside the repository (or `$CROSSCHECK_SHARED`). Panics with a
/// clear message when it is missing: an evaluation that cannot run must fail, never pass.
pub fn shared_dir() -> PathBuf {
    let dir = std::env::var_os("CROSSCHECK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    assert!(
        dir.join("data").is_dir(),
        "the evaluations need ../shared/data beside the repository (or CROSSCHECK_SHARED); not found at {}",
        dir.display()
    );
    dir
}
