//! `wecom-bot-conformance`: runs a language's conformance runner against a scripted mock
//! server, then judges what the runner reported and what the mock received; `coverage`
//! judges the results files of every language again and fails on any case without an outcome.
//!
//! ```text
//! wecom-bot-conformance run --lang python -- venv/bin/python python/tests/conformance/runner.py
//! wecom-bot-conformance coverage [LANG…]
//! ```

use std::process::{Command, ExitCode};
use wecom_bot_conformance::{
    check_received, conformance_dir, fixtures_dir, judge_language, load_cases, read_results, results_path, runs_case,
    script_mock, Case, Verdict, LANGUAGES,
};
use wecom_bot_mock::{MockConfig, MockServer};

/// How many failures are printed per language (the rest are counted).
const SHOW: usize = 30;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("coverage") => coverage(&args[1..]),
        _ => {
            eprintln!("usage: wecom-bot-conformance run --lang LANG -- COMMAND [ARGS…] | coverage [LANG…]");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> ExitCode {
    let (lang, command) = match args {
        [flag, lang, sep, command @ ..] if flag == "--lang" && sep == "--" && !command.is_empty() => {
            (lang.as_str(), command)
        }
        _ => {
            eprintln!("usage: wecom-bot-conformance run --lang LANG -- COMMAND [ARGS…]");
            return ExitCode::from(2);
        }
    };
    let cases = load_cases();
    let mock = match MockServer::start(MockConfig::new()) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("harness: cannot start the mock server: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = script_mock(&mock, &cases) {
        eprintln!("harness: {e}");
        return ExitCode::FAILURE;
    }
    let results_file = results_path(lang);
    let _ = std::fs::create_dir_all(results_file.parent().expect("results live in a directory"));
    let _ = std::fs::remove_file(&results_file);
    eprintln!("harness: {} cases; mock at {}; running {}", cases.len(), mock.base_url(), command.join(" "));
    let status = Command::new(&command[0])
        .args(&command[1..])
        .env("WECOM_MOCK_URL", mock.base_url())
        .env("WECOM_CONFORMANCE_DIR", conformance_dir())
        .env("WECOM_FIXTURES_DIR", fixtures_dir())
        .env("WECOM_CONFORMANCE_RESULTS", &results_file)
        .status();
    let runner_ok = match status {
        Ok(s) => s.success(),
        Err(e) => {
            eprintln!("harness: cannot run {}: {e}", command[0]);
            return ExitCode::FAILURE;
        }
    };
    let results = match read_results(lang) {
        Ok(r) if r.found => r,
        Ok(_) => {
            eprintln!("harness: the {lang} runner wrote no results file ({})", results_file.display());
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("harness: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut verdict = judge_language(lang, &cases, &results);
    // The server side of every HTTP case the runner ran.
    let http: Vec<&Case> = cases.iter().filter(|c| c.is_http() && results.outcomes.contains_key(&c.id)).collect();
    for case in &http {
        if let Err(e) = check_received(&mock, case) {
            verdict.failed.push((case.id.clone(), format!("server side: {e}")));
        }
    }
    report(lang, &verdict, cases.iter().filter(|c| runs_case(lang, c)).count());
    println!(
        "harness ({lang}): runner exited {}; {} HTTP cases checked on the server side",
        if runner_ok { "0" } else { "with a FAILURE" },
        http.len()
    );
    if runner_ok && verdict.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Prints a verdict: one summary line, then the first failures.
fn report(lang: &str, v: &Verdict, total: usize) {
    println!(
        "{lang}: {} of {total} cases passed; {} skipped as allowed; {} failed; {} missing; {} unknown ids",
        v.passed,
        v.skipped,
        v.failed.len(),
        v.missing.len(),
        v.unknown.len()
    );
    for id in v.missing.iter().take(SHOW) {
        println!("  missing: {id}");
    }
    for id in v.unknown.iter().take(SHOW) {
        println!("  unknown id: {id}");
    }
    for (id, why) in v.failed.iter().take(SHOW) {
        println!("  FAILED {id}: {why}");
    }
    if v.failed.len() > SHOW {
        println!("  … and {} more failures", v.failed.len() - SHOW);
    }
}

/// Judges the named languages' results (default: all): each must have an outcome for every
/// case, and every outcome must be right.
fn coverage(only: &[String]) -> ExitCode {
    let cases = load_cases();
    let scripts = conformance_dir().join("../../scripts");
    let mut ok = true;
    for lang in LANGUAGES.into_iter().filter(|l| only.is_empty() || only.iter().any(|o| o == l)) {
        let has_runner = lang == "rust" || scripts.join(format!("test-{lang}.sh")).exists();
        let r = match read_results(lang) {
            Ok(r) => r,
            Err(e) => {
                println!("{lang}: unreadable results: {e}");
                ok = false;
                continue;
            }
        };
        if !r.found {
            if has_runner {
                println!("{lang}: FAILED: the runner exists but wrote no results (was its suite run?)");
                ok = false;
            } else {
                println!("{lang}: no runner yet");
            }
            continue;
        }
        if let Some(why) = &r.unavailable {
            // Allowed only where the toolchain truly cannot be had; said loudly.
            println!("{lang}: SKIPPED WHOLE (toolchain unavailable): {why}");
            continue;
        }
        let verdict = judge_language(lang, &cases, &r);
        report(lang, &verdict, cases.iter().filter(|c| runs_case(lang, c)).count());
        ok &= verdict.ok();
    }
    println!(
        "{}",
        if ok { "coverage: every runner ran every case, and every outcome is right" } else { "coverage: FAILED" }
    );
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
