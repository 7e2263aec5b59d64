//! Judging: what a runner reported for a case (an [`Outcome`]) against the case's
//! expectation. The one place where any runner's result is compared with a vector.

use serde_json::{json, Map, Value};

use crate::Case;

/// What a runner reports for one case: exactly one of these (README, "Runner contract").
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A message case: the serialized message, as the library produced it.
    Body(String),
    /// A split case: the chunks.
    Chunks(Vec<String>),
    /// A helper case: the string it returned.
    Result(String),
    /// A send case that succeeded.
    Sent,
    /// An upload case that succeeded: the media's kind (`file`/`voice`) and id.
    Media { kind: String, media_id: String },
    /// Any case that failed with an error of the library.
    Error(ErrorReport),
    /// The runner could not run the case (an input it cannot map): always a failure.
    RunnerError(String),
    /// The binding has no entry point for this kind of input, with why: right only where
    /// [`ALLOWED_SKIPS`] lists the language and the input kind, a failure anywhere else.
    Skipped(String),
}

/// `(language, input kind, why)`: the only places a runner may report `skipped`. Kotlin and
/// Swift have no JSON entry point by design (their users build messages with types; a
/// webhook body in JSON is what the CLI, C, Python and Rust take).
pub const ALLOWED_SKIPS: &[(&str, &str, &str)] = &[
    ("kotlin", "json", "the Kotlin binding has no JSON entry point"),
    ("swift", "json", "the Swift binding has no JSON entry point"),
];

/// `(language, input kinds, why)`: runners that run only some kinds of input. Their results
/// hold outcomes for those kinds only: a case of another kind is not missing there, and an
/// outcome reported for one is an unknown id.
pub const PARTIAL_RUNNERS: &[(&str, &[&str], &str)] = &[(
    "cli",
    &["json"],
    "the CLI takes a message as JSON text (`send --json FILE --dry-run`); its other commands build \
     messages through the Rust API, which the Rust runner checks",
)];

/// Runners whose error reports name the field only in the message (a command's one-line
/// error, `error: KIND: MESSAGE`): an expected field is right when the message names it as a
/// whole path (`text` is not named by `text.content`).
pub const FIELD_IN_MESSAGE: &[&str] = &["cli"];

/// Whether `lang`'s runner runs `case` (see [`PARTIAL_RUNNERS`]).
pub fn runs_case(lang: &str, case: &Case) -> bool {
    match PARTIAL_RUNNERS.iter().find(|(l, _, _)| *l == lang) {
        Some((_, kinds, _)) => kinds.contains(&case.input_kind()),
        None => true,
    }
}

/// Whether `message` names `field` as a whole path: not inside a longer name or path.
pub fn names_field(message: &str, field: &str) -> bool {
    let part = |c: char| c.is_alphanumeric() || matches!(c, '_' | '[' | ']');
    !field.is_empty()
        && message.match_indices(field).any(|(at, _)| {
            let before = message[..at].chars().next_back();
            let mut after = message[at + field.len()..].chars();
            // A `.` right after continues the path (`text.content`) when a name follows it.
            let continues = match after.next() {
                Some('.') => after.next().is_some_and(part),
                Some(c) => part(c),
                None => false,
            };
            !before.is_some_and(|c| part(c) || c == '.') && !continues
        })
}

/// Whether `lang` may skip `case` (see [`ALLOWED_SKIPS`]).
pub fn skip_allowed(lang: &str, case: &Case) -> bool {
    ALLOWED_SKIPS.iter().any(|(l, kind, _)| *l == lang && *kind == case.input_kind())
}

/// An error of the library as the runner saw it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorReport {
    /// The stable kind name (`validation`, `api`, …).
    pub kind: String,
    /// The field path of a validation error.
    pub field: Option<String>,
    /// The errcode of an `api` / `rate_limited` error.
    pub errcode: Option<i64>,
    /// The HTTP status of an `http_status` error.
    pub status: Option<u64>,
    /// The error's message (checked never to hold the case's key).
    pub message: Option<String>,
}

impl Outcome {
    /// Reads one entry of a results file: `{"id": …, "<outcome>": …}`; `Err` says why it is
    /// malformed (which fails the case).
    pub fn from_json(entry: &Value) -> Result<Outcome, String> {
        let map = entry.as_object().ok_or("an outcome is not an object")?;
        let mut keys = map.keys().filter(|k| *k != "id");
        let (Some(key), None) = (keys.next(), keys.next()) else {
            return Err(format!(
                "an outcome needs exactly one key besides id, got {:?}",
                map.keys().collect::<Vec<_>>()
            ));
        };
        let v = &map[key];
        let string = |what: &str| v.as_str().map(str::to_owned).ok_or(format!("{what} is not a string"));
        Ok(match key.as_str() {
            "body" => Outcome::Body(string("body")?),
            "result" => Outcome::Result(string("result")?),
            "runner_error" => Outcome::RunnerError(string("runner_error")?),
            "skipped" => Outcome::Skipped(string("skipped")?),
            "sent" if v == &Value::Bool(true) => Outcome::Sent,
            "chunks" => Outcome::Chunks(
                v.as_array()
                    .ok_or("chunks is not an array")?
                    .iter()
                    .map(|c| c.as_str().map(str::to_owned).ok_or("a chunk is not a string"))
                    .collect::<Result<_, _>>()?,
            ),
            "media" => Outcome::Media {
                kind: v["kind"].as_str().ok_or("media.kind is not a string")?.to_owned(),
                media_id: v["media_id"].as_str().ok_or("media.media_id is not a string")?.to_owned(),
            },
            "error" => {
                let opt_str = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
                Outcome::Error(ErrorReport {
                    kind: opt_str("kind").ok_or("error.kind is not a string")?,
                    field: opt_str("field").filter(|f| !f.is_empty()),
                    errcode: v.get("errcode").and_then(Value::as_i64),
                    status: v.get("status").and_then(Value::as_u64),
                    message: opt_str("message"),
                })
            }
            other => return Err(format!("an outcome {other:?} the contract does not know: {v}")),
        })
    }

    /// The results-file entry for `id` (the inverse of [`Outcome::from_json`]).
    pub fn to_json(&self, id: &str) -> Value {
        let (key, value) = match self {
            Outcome::Body(b) => ("body", json!(b)),
            Outcome::Chunks(c) => ("chunks", json!(c)),
            Outcome::Result(r) => ("result", json!(r)),
            Outcome::Sent => ("sent", json!(true)),
            Outcome::Media { kind, media_id } => ("media", json!({ "kind": kind, "media_id": media_id })),
            Outcome::RunnerError(r) => ("runner_error", json!(r)),
            Outcome::Skipped(r) => ("skipped", json!(r)),
            Outcome::Error(e) => {
                let mut m = Map::new();
                m.insert("kind".into(), json!(e.kind));
                if let Some(f) = &e.field {
                    m.insert("field".into(), json!(f));
                }
                if let Some(c) = e.errcode {
                    m.insert("errcode".into(), json!(c));
                }
                if let Some(s) = e.status {
                    m.insert("status".into(), json!(s));
                }
                if let Some(msg) = &e.message {
                    m.insert("message".into(), json!(msg));
                }
                ("error", Value::Object(m))
            }
        };
        json!({ "id": id, key: value })
    }

    fn describe(&self) -> String {
        match self {
            Outcome::Body(b) => format!("the body {}", short(&Value::String(b.clone()))),
            Outcome::Chunks(c) => format!("{} chunks", c.len()),
            Outcome::Result(r) => format!("the result {}", short(&Value::String(r.clone()))),
            Outcome::Sent => "a successful send".into(),
            Outcome::Media { kind, media_id } => format!("a {kind} media {media_id:?}"),
            Outcome::Error(e) => format!(
                "a {} error{}: {}",
                e.kind,
                e.field.as_deref().map(|f| format!(" at {f:?}")).unwrap_or_default(),
                e.message.as_deref().unwrap_or("(no message)")
            ),
            Outcome::RunnerError(r) => format!("a runner error: {r}"),
            Outcome::Skipped(r) => format!("a skip: {r}"),
        }
    }
}

/// Judges one case: `Ok` when the outcome is what the case expects, else why not. A skip is
/// never right here; [`judge_for`] accepts the allowed ones.
pub fn judge(case: &Case, outcome: &Outcome) -> Result<(), String> {
    if let Outcome::RunnerError(why) = outcome {
        return Err(format!("the runner could not run the case: {why}"));
    }
    if let Outcome::Skipped(why) = outcome {
        return Err(format!("skipped ({why}), but a {} case may not be skipped here", case.input_kind()));
    }
    if let Outcome::Error(e) = outcome {
        if let Some(key) = case.key().filter(|k| !k.is_empty()) {
            if e.message.as_deref().is_some_and(|m| m.contains(key)) {
                return Err("the key appears in the error's message".into());
            }
        }
    }
    let expect = case.expect();
    let got = || format!("got {}", outcome.describe());
    if let Some(want) = expect.get("error") {
        let Outcome::Error(e) = outcome else { return Err(format!("expected a {} error, {}", want["kind"], got())) };
        return judge_error(e, want).map_err(|why| format!("{why}; {}", got()));
    }
    match outcome {
        Outcome::Body(body) => {
            let parsed: Value =
                serde_json::from_str(body).map_err(|e| format!("the body is not JSON ({e}): {}", got()))?;
            if let Some(want) = expect.get("body_json") {
                return json_diff(&parsed, want, "body").map_or(Ok(()), Err);
            }
            if let Some(want) = expect.get("image_body") {
                return judge_image_body(&parsed, want);
            }
        }
        Outcome::Chunks(chunks) => {
            if let Some(want) = expect.get("chunks") {
                return json_diff(&json!(chunks), want, "chunks").map_or(Ok(()), Err);
            }
        }
        Outcome::Result(result) => {
            if let Some(want) = expect.get("result") {
                return json_diff(&json!(result), want, "result").map_or(Ok(()), Err);
            }
        }
        Outcome::Sent => {
            if expect.get("ok") == Some(&Value::Bool(true)) {
                return Ok(());
            }
        }
        Outcome::Media { kind, media_id } => {
            if let Some(want) = expect.get("media") {
                if media_id.is_empty() {
                    return Err("the upload returned an empty media id".into());
                }
                return match want["kind"].as_str() {
                    Some(k) if k == kind => Ok(()),
                    k => Err(format!("expected a {k:?} media, {}", got())),
                };
            }
        }
        Outcome::Error(_) | Outcome::RunnerError(_) | Outcome::Skipped(_) => {}
    }
    Err(format!("expected {}, {}", short(expect), got()))
}

/// What [`judge_for`] found: the case passed, or was skipped where [`ALLOWED_SKIPS`] allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judged {
    Passed,
    Skipped,
}

/// Judges one case of a language's runner: [`judge`], except that a skip listed in
/// [`ALLOWED_SKIPS`] for this language and input kind is accepted (and counted apart).
pub fn judge_for(lang: &str, case: &Case, outcome: &Outcome) -> Result<Judged, String> {
    if !runs_case(lang, case) {
        return Err(format!("the {lang} runner runs no {} cases (PARTIAL_RUNNERS)", case.input_kind()));
    }
    match outcome {
        Outcome::Skipped(_) if skip_allowed(lang, case) => Ok(Judged::Skipped),
        Outcome::Error(e) if e.field.is_none() && FIELD_IN_MESSAGE.contains(&lang) => {
            // The field counts as reported when the message names the expected one.
            let want = case.expect().get("error").and_then(|w| w.get("field")).and_then(Value::as_str);
            let mut e = e.clone();
            e.field = want.filter(|f| e.message.as_deref().is_some_and(|m| names_field(m, f))).map(str::to_owned);
            judge(case, &Outcome::Error(e)).map(|()| Judged::Passed)
        }
        _ => judge(case, outcome).map(|()| Judged::Passed),
    }
}

fn judge_error(e: &ErrorReport, want: &Value) -> Result<(), String> {
    let kind = want["kind"].as_str().unwrap_or_default();
    if e.kind != kind {
        return Err(format!("expected a {kind} error"));
    }
    if let Some(field) = want.get("field").and_then(Value::as_str) {
        if e.field.as_deref() != Some(field) {
            return Err(format!("expected the field {field:?}"));
        }
    }
    if let Some(code) = want.get("errcode").and_then(Value::as_i64) {
        if e.errcode != Some(code) {
            return Err(format!("expected errcode {code}, the error has {:?}", e.errcode));
        }
    }
    if let Some(status) = want.get("status").and_then(Value::as_u64) {
        if e.status != Some(status) {
            return Err(format!("expected HTTP status {status}, the error has {:?}", e.status));
        }
    }
    Ok(())
}

fn judge_image_body(got: &Value, want: &Value) -> Result<(), String> {
    if got["msgtype"] != "image" || got.as_object().map(Map::len) != Some(2) {
        return Err(format!("not an image message: {}", short(got)));
    }
    let image = got["image"].as_object().ok_or("body.image is not an object")?;
    if image.len() != 2 {
        return Err(format!("body.image has fields {:?}, expected base64 and md5", image.keys().collect::<Vec<_>>()));
    }
    let b64 = image.get("base64").and_then(Value::as_str).ok_or("body.image.base64 is not a string")?;
    let md5 = image.get("md5").and_then(Value::as_str).ok_or("body.image.md5 is not a string")?;
    let text = |k: &str| want[k].as_str().unwrap_or_default().to_owned();
    if md5 != text("md5") {
        return Err(format!("body.image.md5 is {md5}, expected {}", text("md5")));
    }
    if Some(b64.len() as u64) != want["base64_len"].as_u64() {
        return Err(format!("body.image.base64 is {} bytes long, expected {}", b64.len(), want["base64_len"]));
    }
    if !b64.starts_with(&text("base64_head")) || !b64.ends_with(&text("base64_tail")) {
        return Err("body.image.base64 does not start/end as expected".into());
    }
    Ok(())
}

/// JSON equality as the suite defines it: objects by key set, numbers by value.
pub fn json_equal(a: &Value, b: &Value) -> bool {
    json_diff(a, b, "").is_none()
}

/// The first difference between two JSON values, as structure (numbers compare by value),
/// named by its path under `path`.
pub fn json_diff(got: &Value, want: &Value, path: &str) -> Option<String> {
    match (got, want) {
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => None,
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!("{path}: {} items, expected {}", a.len(), b.len()));
            }
            a.iter().zip(b).enumerate().find_map(|(i, (x, y))| json_diff(x, y, &format!("{path}[{i}]")))
        }
        (Value::Object(a), Value::Object(b)) => {
            if let Some(k) = a.keys().find(|k| !b.contains_key(*k)) {
                return Some(format!("{path}.{k}: present, expected absent"));
            }
            if let Some(k) = b.keys().find(|k| !a.contains_key(*k)) {
                return Some(format!("{path}.{k}: absent, expected present"));
            }
            a.iter().find_map(|(k, v)| json_diff(v, &b[k], &format!("{path}.{k}")))
        }
        (a, b) if a == b => None,
        (a, b) => Some(format!("{path}: got {}, expected {}", short(a), short(b))),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 160 {
        format!("{}… ({} bytes)", s.chars().take(160).collect::<String>(), s.len())
    } else {
        s
    }
}
