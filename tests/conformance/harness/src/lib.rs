//! The conformance harness library: loads the shared vectors, scripts the mock server from
//! them, checks what the mock received, and **judges** what each language's runner reported.
//!
//! Runners only execute cases and report what happened (the toml-test model); every
//! comparison with an expectation happens once, here (`judge`). See
//! `tests/conformance/README.md` for the format and the runner contract.

mod cases;
mod judge;
mod mock_side;
mod multipart;
mod results;

pub use cases::{content_bytes, hex, image_bytes, load_cases, load_cases_from, wire_message, Case};
pub use judge::{
    json_diff, json_equal, judge, judge_for, names_field, runs_case, skip_allowed, ErrorReport, Judged, Outcome,
    ALLOWED_SKIPS, FIELD_IN_MESSAGE, PARTIAL_RUNNERS,
};
pub use mock_side::{check_received, script_mock};
pub use multipart::{expected_multipart, OCTET_STREAM};
pub use results::{
    judge_language, read_results, read_results_file, results_path, write_results, LanguageResults, Verdict,
};

use std::path::{Path, PathBuf};

/// The languages that have a runner, and so a results file (`cli` runs the `json` cases only:
/// `PARTIAL_RUNNERS`).
pub const LANGUAGES: [&str; 6] = ["rust", "c", "python", "kotlin", "swift", "cli"];

/// `$WECOM_CONFORMANCE_DIR`, else `tests/conformance` in this checkout.
pub fn conformance_dir() -> PathBuf {
    env_path("WECOM_CONFORMANCE_DIR", || {
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("harness lives in tests/conformance").to_path_buf()
    })
}

/// `$WECOM_FIXTURES_DIR`, else `tests/fixtures` in this checkout.
pub fn fixtures_dir() -> PathBuf {
    env_path("WECOM_FIXTURES_DIR", || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures"))
}

/// The bytes of a file of `tests/fixtures`.
pub fn fixture(name: &str) -> Result<Vec<u8>, String> {
    let path = fixtures_dir().join(name);
    std::fs::read(&path).map_err(|e| format!("cannot read fixture {}: {e}", path.display()))
}

/// The directory an environment variable of the runner contract names, or the default.
pub fn env_path(var: &str, default: impl FnOnce() -> PathBuf) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or_else(default)
}

/// `$WECOM_CONFORMANCE_RESULTS_DIR`, else `tests/conformance/results`: where runners' results
/// files go (`<language>.json`).
pub fn results_dir() -> PathBuf {
    env_path("WECOM_CONFORMANCE_RESULTS_DIR", || conformance_dir().join("results"))
}
