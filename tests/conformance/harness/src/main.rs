//! `wecom-bot-conformance`: runs a language's conformance runner against a scripted mock
//! server and checks the server side; `coverage` checks that every runner ran every case.
//!
//! ```text
//! wecom-bot-conformance run --lang python -- venv/bin/python -m pytest python/tests
//! wecom-bot-conformance coverage
//! ```

use std::process::{Command, ExitCode};
use wecom_bot_conformance::{
    check_received, conformance_dir, fixtures_dir, load_cases, read_results, results_dir, script_mock, LANGUAGES,
};
use wecom_bot_mock::{MockConfig, MockServer};

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
    let results_file = results_dir().join(format!("{lang}.json"));
    let _ = std::fs::create_dir_all(results_dir());
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
        Ok(r) => r,
        Err(e) => {
            eprintln!("harness: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut checked = 0;
    let mut server_failures = Vec::new();
    for case in cases.iter().filter(|c| c.is_http() && results.ran.contains(&c.id)) {
        checked += 1;
        if let Err(e) = check_received(&mock, case) {
            server_failures.push(format!("{}: {e}", case.id));
        }
    }
    for f in &server_failures {
        eprintln!("harness: server side FAILED {f}");
    }
    println!(
        "harness ({lang}): runner {}; {} of {} HTTP cases checked on the server side: {} passed, {} failed",
        if runner_ok { "passed" } else { "FAILED" },
        checked,
        cases.iter().filter(|c| c.is_http()).count(),
        checked - server_failures.len(),
        server_failures.len()
    );
    if runner_ok && server_failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Checks the named languages (default: all): each must have run every case, none failed.
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
        if r.files == 0 {
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
        let missing: Vec<&str> = cases.iter().map(|c| c.id.as_str()).filter(|id| !r.ran.contains(*id)).collect();
        println!(
            "{lang}: ran {} of {} cases; {} failed; {} missing",
            r.ran.len(),
            cases.len(),
            r.failed.len(),
            missing.len()
        );
        for id in missing.iter().take(20) {
            println!("  missing: {id}");
        }
        for (id, why) in r.failed.iter().take(20) {
            println!("  failed: {id}: {why}");
        }
        if !missing.is_empty() || !r.failed.is_empty() {
            ok = false;
        }
    }
    println!("{}", if ok { "coverage: every runner ran every case" } else { "coverage: FAILED" });
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
