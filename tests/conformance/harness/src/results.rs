//! Results files: what a runner wrote (`results/<language>.json`), read and judged.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::{judge_for, results_dir, runs_case, Case, Judged, Outcome};

/// What one language's results file says.
#[derive(Debug, Default)]
pub struct LanguageResults {
    /// The outcome reported for each case id (`Err`: the entry is malformed).
    pub outcomes: BTreeMap<String, Result<Outcome, String>>,
    /// Why the whole runner could not run (its toolchain cannot be had), if it said so.
    pub unavailable: Option<String>,
    /// Whether a results file was found.
    pub found: bool,
}

/// The harness's verdict on one language's results.
#[derive(Debug, Default)]
pub struct Verdict {
    /// How many cases passed.
    pub passed: usize,
    /// How many cases were skipped where `ALLOWED_SKIPS` allows it (never counted as passed).
    pub skipped: usize,
    /// `(id, why)` of every case whose outcome is wrong.
    pub failed: Vec<(String, String)>,
    /// Case ids with no outcome.
    pub missing: Vec<String>,
    /// Reported ids that are no case.
    pub unknown: Vec<String>,
}

impl Verdict {
    /// Every case has an outcome, every outcome is right, and nothing else was reported.
    pub fn ok(&self) -> bool {
        self.failed.is_empty() && self.missing.is_empty() && self.unknown.is_empty()
    }
}

/// The results file of a language under `results_dir()`.
pub fn results_path(lang: &str) -> PathBuf {
    results_dir().join(format!("{lang}.json"))
}

/// Reads a language's results file (`results/<lang>.json`); no file is not an error (`found`
/// says so), a malformed file or an id reported twice is.
pub fn read_results(lang: &str) -> Result<LanguageResults, String> {
    read_results_file(&results_path(lang))
}

/// [`read_results`] of a given file.
pub fn read_results_file(path: &Path) -> Result<LanguageResults, String> {
    let mut out = LanguageResults::default();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    out.found = true;
    let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    out.unavailable = doc["unavailable"].as_str().map(str::to_owned);
    let entries = doc["outcomes"].as_array();
    if entries.is_none() && out.unavailable.is_none() {
        return Err(format!("{}: no \"outcomes\" list", path.display()));
    }
    for entry in entries.into_iter().flatten() {
        let id =
            entry["id"].as_str().ok_or_else(|| format!("{}: an outcome without an id: {entry}", path.display()))?;
        if out.outcomes.insert(id.to_owned(), Outcome::from_json(entry)).is_some() {
            return Err(format!("{}: case {id} reported twice", path.display()));
        }
    }
    Ok(out)
}

/// Judges every case against a language's outcomes (`lang` decides which skips are allowed,
/// and, for a runner of some input kinds only, which cases it runs: `PARTIAL_RUNNERS`).
pub fn judge_language(lang: &str, cases: &[Case], results: &LanguageResults) -> Verdict {
    let mut v = Verdict::default();
    let cases: Vec<&Case> = cases.iter().filter(|c| runs_case(lang, c)).collect();
    for case in cases.iter().copied() {
        match results.outcomes.get(&case.id) {
            None => v.missing.push(case.id.clone()),
            Some(Err(malformed)) => v.failed.push((case.id.clone(), format!("a malformed outcome: {malformed}"))),
            Some(Ok(outcome)) => match judge_for(lang, case, outcome) {
                Ok(Judged::Passed) => v.passed += 1,
                Ok(Judged::Skipped) => v.skipped += 1,
                Err(why) => v.failed.push((case.id.clone(), format!("{}: {why}", case.file))),
            },
        }
    }
    let ids: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    v.unknown = results.outcomes.keys().filter(|id| !ids.contains(id.as_str())).cloned().collect();
    v
}

/// Writes a results file in the contract's format.
pub fn write_results(path: &Path, lang: &str, outcomes: &[(String, Outcome)]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let entries: Vec<Value> = outcomes.iter().map(|(id, o)| o.to_json(id)).collect();
    let doc = json!({ "language": lang, "outcomes": entries });
    std::fs::write(path, serde_json::to_string_pretty(&doc).expect("json") + "\n")
}
