//! The harness catches a wrong runner result: for every case, the outcome a correct runner
//! would report passes, and deliberately wrong outcomes fail — through the library and
//! through the `run` command with a runner that reports a wrong result.

use serde_json::{json, Value};
use wecom_bot_conformance::{
    judge, judge_for, judge_language, load_cases, names_field, read_results_file, write_results, Case, ErrorReport,
    Judged, LanguageResults, Outcome,
};

/// What a correct runner reports for a case, made from its expectation.
fn right(case: &Case) -> Outcome {
    let e = case.expect();
    if let Some(err) = e.get("error") {
        return Outcome::Error(ErrorReport {
            kind: err["kind"].as_str().unwrap().to_owned(),
            field: err.get("field").and_then(Value::as_str).map(str::to_owned),
            errcode: err.get("errcode").and_then(Value::as_i64),
            status: err.get("status").and_then(Value::as_u64),
            message: Some("a message without the key".into()),
        });
    }
    if let Some(body) = e.get("body_json") {
        return Outcome::Body(body.to_string());
    }
    if let Some(img) = e.get("image_body") {
        let (head, tail) = (img["base64_head"].as_str().unwrap(), img["base64_tail"].as_str().unwrap());
        let len = img["base64_len"].as_u64().unwrap() as usize;
        let b64 = format!("{head}{}{tail}", "A".repeat(len - head.len() - tail.len()));
        return Outcome::Body(json!({"msgtype": "image", "image": {"base64": b64, "md5": img["md5"]}}).to_string());
    }
    if let Some(chunks) = e.get("chunks") {
        return Outcome::Chunks(serde_json::from_value(chunks.clone()).unwrap());
    }
    if let Some(r) = e.get("result") {
        return Outcome::Result(r.as_str().unwrap().to_owned());
    }
    if e.get("ok").is_some() {
        return Outcome::Sent;
    }
    if let Some(m) = e.get("media") {
        return Outcome::Media { kind: m["kind"].as_str().unwrap().to_owned(), media_id: "m-1".into() };
    }
    panic!("{}: an expectation this test does not know: {e}", case.id)
}

/// Wrong outcomes for a case: each must fail.
fn wrong(case: &Case) -> Vec<Outcome> {
    let mut out = vec![Outcome::RunnerError("cannot map this input".into()), Outcome::Skipped("not here".into())];
    match right(case) {
        Outcome::Error(e) => {
            let other_kind = if e.kind == "decode" { "validation" } else { "decode" };
            out.push(Outcome::Error(ErrorReport { kind: other_kind.into(), ..e.clone() }));
            if let Some(f) = &e.field {
                out.push(Outcome::Error(ErrorReport { field: Some(format!("{f}.x")), ..e.clone() }));
                out.push(Outcome::Error(ErrorReport { field: None, ..e.clone() }));
            }
            if let Some(c) = e.errcode {
                out.push(Outcome::Error(ErrorReport { errcode: Some(c + 1), ..e.clone() }));
            }
            if let Some(s) = e.status {
                out.push(Outcome::Error(ErrorReport { status: Some(s + 1), ..e.clone() }));
            }
            if let Some(key) = case.key() {
                out.push(Outcome::Error(ErrorReport { message: Some(format!("bad key {key}")), ..e.clone() }));
            }
            out.push(Outcome::Body("{}".into()));
            out.push(Outcome::Sent);
        }
        Outcome::Body(b) => {
            let mut v: Value = serde_json::from_str(&b).unwrap();
            v.as_object_mut().unwrap().insert("extra".into(), json!(1));
            out.push(Outcome::Body(v.to_string()));
            out.push(Outcome::Body(b[..b.len() - 1].to_owned()));
            if let Some(img) = v.get_mut("image").and_then(|i| i.get_mut("base64")) {
                *img = json!(format!("{}A", img.as_str().unwrap()));
                v.as_object_mut().unwrap().remove("extra");
                out.push(Outcome::Body(v.to_string()));
            }
            out.push(Outcome::Error(ErrorReport { kind: "validation".into(), ..Default::default() }));
        }
        Outcome::Chunks(mut c) => {
            c.push("more".into());
            out.push(Outcome::Chunks(c.clone()));
            if c.len() > 1 {
                c.truncate(c.len() - 2);
                out.push(Outcome::Chunks(c));
            }
            out.push(Outcome::Result("x".into()));
        }
        Outcome::Result(r) => {
            out.push(Outcome::Result(format!("{r} ")));
            out.push(Outcome::Chunks(vec![r]));
        }
        Outcome::Sent => {
            out.push(Outcome::Error(ErrorReport { kind: "api".into(), errcode: Some(-1), ..Default::default() }));
            out.push(Outcome::Media { kind: "file".into(), media_id: "m".into() });
        }
        Outcome::Media { kind, .. } => {
            out.push(Outcome::Media { kind: kind.clone(), media_id: String::new() });
            let other = if kind == "file" { "voice" } else { "file" };
            out.push(Outcome::Media { kind: other.into(), media_id: "m".into() });
            out.push(Outcome::Sent);
        }
        Outcome::RunnerError(_) | Outcome::Skipped(_) => unreachable!(),
    }
    out
}

#[test]
fn a_correct_runner_passes_every_case() {
    for case in load_cases() {
        let o = right(&case);
        assert_eq!(judge(&case, &o), Ok(()), "{}: {o:?}", case.id);
        // The results-file form reads back as the same outcome.
        assert_eq!(Outcome::from_json(&o.to_json(&case.id)).as_ref(), Ok(&o), "{}", case.id);
    }
}

#[test]
fn every_case_catches_wrong_outcomes() {
    let mut checked = 0;
    for case in load_cases() {
        for o in wrong(&case) {
            assert!(judge(&case, &o).is_err(), "{}: the wrong outcome {o:?} passed", case.id);
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} wrong outcomes were tried");
}

#[test]
fn a_results_file_is_judged_whole() {
    let cases = load_cases();
    let dir = std::env::temp_dir().join(format!("wecom-judging-{}", std::process::id()));
    let path = dir.join("fake.json");
    let mut outcomes: Vec<(String, Outcome)> = cases.iter().map(|c| (c.id.clone(), right(c))).collect();
    write_results(&path, "fake", &outcomes).unwrap();
    let verdict = judge_language("fake", &cases, &read_results_file(&path).unwrap());
    assert!(verdict.ok() && verdict.passed == cases.len(), "{verdict:?}");

    // One wrong result, one case left out, one id that is no case.
    outcomes[0].1 = wrong(&cases[0]).pop().unwrap();
    let left_out = outcomes.remove(1).0;
    outcomes.push(("no-such-case".into(), Outcome::Sent));
    write_results(&path, "fake", &outcomes).unwrap();
    let verdict = judge_language("fake", &cases, &read_results_file(&path).unwrap());
    assert_eq!(verdict.failed.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), [cases[0].id.as_str()]);
    assert_eq!(verdict.missing, [left_out]);
    assert_eq!(verdict.unknown, ["no-such-case"]);
    assert!(!verdict.ok());

    // A malformed entry fails its case; an id reported twice fails the file.
    std::fs::write(&path, json!({"outcomes": [{"id": cases[0].id, "body": "{}", "sent": true}]}).to_string()).unwrap();
    let r = read_results_file(&path).unwrap();
    assert!(matches!(r.outcomes.get(&cases[0].id), Some(Err(_))));
    let twice = json!({"outcomes": [{"id": "a", "sent": true}, {"id": "a", "sent": true}]});
    std::fs::write(&path, twice.to_string()).unwrap();
    assert!(read_results_file(&path).is_err());
    assert!(!LanguageResults::default().found);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The `run` command with a "runner" that reports every right outcome but one: the harness
/// fails and names that case, with the judge's reason (not the server side's).
#[test]
fn the_run_command_fails_on_a_wrong_result() {
    let cases = load_cases();
    let victim = cases.iter().find(|c| c.expect().get("body_json").is_some() && !c.is_http()).unwrap();
    let dir = std::env::temp_dir().join(format!("wecom-judging-run-{}", std::process::id()));
    let prepared = dir.join("prepared.json");
    let outcomes: Vec<(String, Outcome)> = cases
        .iter()
        .filter(|c| !c.is_http())
        .map(|c| {
            (c.id.clone(), if c.id == victim.id { Outcome::Body("{\"msgtype\":\"text\"}".into()) } else { right(c) })
        })
        .collect();
    write_results(&prepared, "fake", &outcomes).unwrap();
    let results = dir.join("results");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wecom-bot-conformance"))
        .args(["run", "--lang", "fake", "--", "sh", "-c", "cp \"$0\" \"$WECOM_CONFORMANCE_RESULTS\""])
        .arg(&prepared)
        .env("WECOM_CONFORMANCE_RESULTS_DIR", &results)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    let line =
        stdout.lines().find(|l| l.contains(&format!("FAILED {}:", victim.id))).unwrap_or_else(|| panic!("{stdout}"));
    assert!(line.contains("body"), "{line}");
    // The HTTP cases it left out are missing, and every other case passed.
    let http = cases.iter().filter(|c| c.is_http()).count();
    assert!(
        stdout.contains(&format!(
            "{} of {} cases passed; 0 skipped as allowed; 1 failed; {http} missing",
            cases.len() - http - 1,
            cases.len()
        )),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_skip_is_right_only_where_allowed_skips_lists_the_language_and_input_kind() {
    let cases = load_cases();
    let json_cases: Vec<&Case> = cases.iter().filter(|c| c.input_kind() == "json").collect();
    assert!(json_cases.len() >= 10, "only {} json cases", json_cases.len());
    let skip = Outcome::Skipped("no JSON entry point".into());
    for case in &json_cases {
        for lang in ["kotlin", "swift"] {
            assert_eq!(judge_for(lang, case, &skip), Ok(Judged::Skipped), "{lang} {}", case.id);
            // Allowed to skip is not allowed to be wrong: a reported outcome is still judged.
            assert!(judge_for(lang, case, &Outcome::Sent).is_err(), "{lang} {}", case.id);
        }
        for lang in ["rust", "c", "python"] {
            assert!(judge_for(lang, case, &skip).is_err(), "{lang} may not skip {}", case.id);
        }
    }
    // Kotlin and Swift may skip nothing else.
    for case in cases.iter().filter(|c| c.input_kind() != "json") {
        for lang in ["kotlin", "swift"] {
            assert!(judge_for(lang, case, &skip).is_err(), "{lang} may not skip {}", case.id);
        }
    }
    // A whole results file: the skips are counted apart, never as passed.
    let dir = std::env::temp_dir().join(format!("wecom-judging-skip-{}", std::process::id()));
    let path = dir.join("kotlin.json");
    let outcomes: Vec<(String, Outcome)> =
        cases.iter().map(|c| (c.id.clone(), if c.input_kind() == "json" { skip.clone() } else { right(c) })).collect();
    write_results(&path, "kotlin", &outcomes).unwrap();
    let results = read_results_file(&path).unwrap();
    let verdict = judge_language("kotlin", &cases, &results);
    assert!(verdict.ok(), "{verdict:?}");
    assert_eq!((verdict.passed, verdict.skipped), (cases.len() - json_cases.len(), json_cases.len()));
    let verdict = judge_language("python", &cases, &results);
    assert_eq!(verdict.failed.len(), json_cases.len());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The CLI runs the json cases only and names an error's field in its message: its right
/// outcomes pass, a message that does not name the expected field fails, a json case left out
/// is missing, and an outcome for another kind is an unknown id (and judged wrong).
#[test]
fn the_cli_runs_the_json_cases_and_names_the_field_in_its_message() {
    let cases = load_cases();
    let as_cli = |c: &Case, named: bool| match right(c) {
        Outcome::Error(mut e) => {
            let field = e.field.take();
            e.message = Some(match (field, named) {
                (Some(f), true) => format!("unknown field \"{f}\" beside msgtype \"text\""),
                (Some(f), false) => format!("{f}_other: a neighbour, not the field"),
                (None, _) => "the message is not valid JSON".to_owned(),
            });
            Outcome::Error(e)
        }
        o => o,
    };
    let json_cases: Vec<&Case> = cases.iter().filter(|c| c.input_kind() == "json").collect();
    let dir = std::env::temp_dir().join(format!("wecom-judging-cli-{}", std::process::id()));
    let path = dir.join("cli.json");
    let mut outcomes: Vec<(String, Outcome)> = json_cases.iter().map(|c| (c.id.clone(), as_cli(c, true))).collect();
    write_results(&path, "cli", &outcomes).unwrap();
    let verdict = judge_language("cli", &cases, &read_results_file(&path).unwrap());
    assert!(verdict.ok() && verdict.passed == json_cases.len(), "{verdict:?}");

    let with_field: Vec<usize> = (0..json_cases.len())
        .filter(|&i| json_cases[i].expect().get("error").is_some_and(|e| e.get("field").is_some()))
        .collect();
    assert!(with_field.len() >= 5);
    for &i in &with_field {
        let wrong = as_cli(json_cases[i], false);
        assert!(judge_for("cli", json_cases[i], &wrong).is_err(), "{}: {wrong:?} passed", json_cases[i].id);
    }
    let other = cases.iter().find(|c| c.input_kind() != "json").unwrap();
    assert!(judge_for("cli", other, &right(other)).is_err(), "the cli runs no {} cases", other.input_kind());
    let left_out = outcomes.remove(0).0;
    outcomes.push((other.id.clone(), right(other)));
    write_results(&path, "cli", &outcomes).unwrap();
    let verdict = judge_language("cli", &cases, &read_results_file(&path).unwrap());
    assert_eq!((verdict.missing.clone(), verdict.unknown.clone()), (vec![left_out], vec![other.id.clone()]));
    // Other runners report the field itself: a message naming it is not enough.
    let (i, case) = (with_field[0], json_cases[with_field[0]]);
    assert!(judge_for("python", case, &as_cli(case, true)).is_err(), "{}", json_cases[i].id);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_field_is_named_as_a_whole_path() {
    assert!(names_field("unknown field \"safe\" beside msgtype \"text\"", "safe"));
    assert!(names_field("news.articles[0].appid: unknown field `appid`", "news.articles[0].appid"));
    assert!(names_field("msgtype is required", "msgtype"));
    assert!(names_field("ends with the field text.", "text"));
    assert!(!names_field("text.content is 2049 bytes", "text"));
    assert!(!names_field("news.articles[0].appid: bad", "articles"));
    assert!(!names_field("unsafe_mode", "safe"));
    assert!(!names_field("anything", ""));
}
