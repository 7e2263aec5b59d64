//! The conformance harness: loads the shared vectors, scripts the mock server from them,
//! checks what the mock received for each HTTP case, and checks that every runner ran every
//! case. See `tests/conformance/README.md` for the format and the runner contract.

use base64::Engine as _;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use wecom_bot_mock::{Fault, MockServer};

/// The languages that have a runner, and so a results file.
pub const LANGUAGES: [&str; 5] = ["rust", "c", "python", "kotlin", "swift"];

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

/// The directory an environment variable of the runner contract names, or the default.
pub fn env_path(var: &str, default: impl FnOnce() -> PathBuf) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or_else(default)
}

/// `tests/conformance/results`.
pub fn results_dir() -> PathBuf {
    conformance_dir().join("results")
}

/// One case of a case file.
#[derive(Debug, Clone)]
pub struct Case {
    /// Its unique id.
    pub id: String,
    /// The file it came from.
    pub file: String,
    /// The whole case object.
    pub json: Value,
}

impl Case {
    /// The `input` object.
    pub fn input(&self) -> &Value {
        &self.json["input"]
    }

    /// The `expect` object.
    pub fn expect(&self) -> &Value {
        &self.json["expect"]
    }

    /// Whether the case talks to the mock (`send` or `upload` input).
    pub fn is_http(&self) -> bool {
        self.input().get("send").is_some() || self.input().get("upload").is_some()
    }

    /// The key of an HTTP case.
    pub fn key(&self) -> Option<&str> {
        self.input().get("key").and_then(Value::as_str)
    }
}

/// Every case of every `cases/*.json`, in file-name order; panics with a clear message on a
/// malformed file or a duplicate id (the vectors are ours: that is a bug to fix at once).
pub fn load_cases() -> Vec<Case> {
    let dir = conformance_dir().join("cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut seen = BTreeSet::new();
    let mut cases = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        for c in doc["cases"].as_array().unwrap_or_else(|| panic!("{file}: no cases array")) {
            let id = c["id"].as_str().unwrap_or_else(|| panic!("{file}: a case has no id")).to_owned();
            assert!(seen.insert(id.clone()), "duplicate case id {id}");
            cases.push(Case { id, file: file.clone(), json: c.clone() });
        }
    }
    assert!(!cases.is_empty(), "no cases found in {}", dir.display());
    cases
}

/// Scripts the mock with every HTTP case's `mock.faults`, in order, under the case's key.
pub fn script_mock(mock: &MockServer, cases: &[Case]) -> Result<(), String> {
    for case in cases.iter().filter(|c| c.is_http()) {
        let key = case.key().ok_or_else(|| format!("{}: an HTTP case needs a key", case.id))?;
        for f in case.json["mock"]["faults"].as_array().into_iter().flatten() {
            let fault: Fault =
                serde_json::from_value(f.clone()).map_err(|e| format!("{}: bad fault {f}: {e}", case.id))?;
            mock.script(key, fault, 1);
        }
        for m in case.json["mock"]["media"].as_array().into_iter().flatten() {
            let id = m["media_id"].as_str().ok_or_else(|| format!("{}: mock.media needs media_id", case.id))?;
            let kind = wecom_bot::MediaKind::parse(m["type"].as_str().unwrap_or("file"))
                .map_err(|e| format!("{}: {e}", case.id))?;
            mock.register_media(key, id, kind);
        }
    }
    Ok(())
}

/// The content an upload description (`fixture`, `text` or `generate`) stands for.
pub fn content_bytes(spec: &Value) -> Result<Vec<u8>, String> {
    if let Some(name) = spec.get("fixture").and_then(Value::as_str) {
        let path = fixtures_dir().join(name);
        return std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()));
    }
    if let Some(text) = spec.get("text").and_then(Value::as_str) {
        return Ok(text.as_bytes().to_vec());
    }
    if let Some(g) = spec.get("generate") {
        let size = g["size"].as_u64().ok_or("generate.size missing")? as usize;
        let mut bytes = hex(g.get("header_hex").and_then(Value::as_str).unwrap_or(""))?;
        bytes.resize(size.max(bytes.len()), 0);
        return Ok(bytes);
    }
    Err(format!("no content in {spec}"))
}

fn hex(s: &str) -> Result<Vec<u8>, String> {
    if s.len() % 2 != 0 {
        return Err(format!("odd-length hex {s:?}"));
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|e| e.to_string())).collect()
}

/// The exact multipart body the spec's form implies (written independently of the client's
/// writer, so the two check each other).
pub fn expected_multipart(boundary: &str, filename: &str, content_type: &str, content: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"media\";filename=\"{filename}\"; filelength={}\r\nContent-Type: {content_type}\r\n\r\n",
        content.len()
    )
    .into_bytes();
    out.extend_from_slice(content);
    out.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    out
}

/// Checks what the mock received for one HTTP case against its `received` list.
pub fn check_received(mock: &MockServer, case: &Case) -> Result<(), String> {
    let Some(expected) = case.json.get("received").and_then(Value::as_array) else {
        return Ok(());
    };
    let key = case.key().unwrap_or_default();
    // A request the client gave up on (a timeout) is recorded when the mock finishes answering
    // it: give such late records a moment to land before comparing.
    let mut records = mock.records(key);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while records.len() < expected.len() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
        records = mock.records(key);
    }
    if records.len() != expected.len() {
        return Err(format!(
            "expected {} request(s) for this case, the mock received {}",
            expected.len(),
            records.len()
        ));
    }
    for (i, (want, got)) in expected.iter().zip(&records).enumerate() {
        let at = format!("request {}", i + 1);
        if let Some(path) = want.get("path").and_then(Value::as_str) {
            if got.path != path {
                return Err(format!("{at}: path {:?}, expected {path:?}", got.path));
            }
        }
        let params = wecom_bot_mock_query(&got.query);
        for (k, v) in want.get("query").and_then(Value::as_object).into_iter().flatten() {
            if params.iter().find(|(pk, _)| pk == k).map(|(_, pv)| pv.as_str()) != v.as_str() {
                return Err(format!("{at}: query parameter {k} is not {v}"));
            }
        }
        if let Some(body) = want.get("body_json") {
            let got_json = got.body_json().ok_or_else(|| format!("{at}: the body is not JSON"))?;
            if !json_equal(&got_json, body) {
                return Err(format!("{at}: body {got_json}, expected {body}"));
            }
        }
        if let Some(ct) = want.get("content_type").and_then(Value::as_str) {
            if got.headers.content_type.as_deref() != Some(ct) {
                return Err(format!("{at}: content-type {:?}, expected {ct:?}", got.headers.content_type));
            }
        }
        let expected_body = if let Some(text) = want.get("body_text").and_then(Value::as_str) {
            Some(text.as_bytes().to_vec())
        } else if let Some(m) = want.get("multipart") {
            let boundary = m["boundary"].as_str().ok_or("multipart.boundary missing")?;
            let filename = m["filename"].as_str().ok_or("multipart.filename missing")?;
            let ct = m["content_type"].as_str().unwrap_or("application/octet-stream");
            let content = content_bytes(&m["content"])?;
            let want_ct = format!("multipart/form-data; boundary={boundary}");
            if got.headers.content_type.as_deref() != Some(want_ct.as_str()) {
                return Err(format!("{at}: content-type {:?}, expected {want_ct:?}", got.headers.content_type));
            }
            Some(expected_multipart(boundary, filename, ct, &content))
        } else {
            None
        };
        if let Some(bytes) = expected_body {
            if got.body != bytes {
                let b64 = base64::engine::general_purpose::STANDARD;
                let show = |b: &[u8]| if b.len() > 600 { format!("{} bytes", b.len()) } else { b64.encode(b) };
                return Err(format!("{at}: body differs: got {}, expected {}", show(&got.body), show(&bytes)));
            }
            let len = got.headers.content_length.as_deref().and_then(|l| l.parse::<usize>().ok());
            if len != Some(bytes.len()) {
                return Err(format!(
                    "{at}: Content-Length {:?}, body is {} bytes",
                    got.headers.content_length,
                    bytes.len()
                ));
            }
        }
    }
    Ok(())
}

fn wecom_bot_mock_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

/// JSON equality as the suite defines it: objects by key set, numbers by value.
pub fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_equal(p, q)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// What one language's results files say, merged (`<lang>.json` and `<lang>.<part>.json`).
#[derive(Debug, Default)]
pub struct LanguageResults {
    /// Case ids the runner ran.
    pub ran: BTreeSet<String>,
    /// `(id, reason)` of failed cases.
    pub failed: Vec<(String, String)>,
    /// `(id, reason)` of skipped cases.
    pub skipped: Vec<(String, String)>,
    /// Why the whole runner could not run (its toolchain cannot be had), if it said so.
    pub unavailable: Option<String>,
    /// How many results files were found.
    pub files: usize,
}

/// Reads a language's results files.
pub fn read_results(lang: &str) -> Result<LanguageResults, String> {
    let mut out = LanguageResults::default();
    let Ok(entries) = std::fs::read_dir(results_dir()) else { return Ok(out) };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name == format!("{lang}.json") || (name.starts_with(&format!("{lang}.")) && name.ends_with(".json"));
        if !ours {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).map_err(|e| format!("{name}: {e}"))?;
        let v: Value = serde_json::from_str(&text).map_err(|e| format!("{name}: {e}"))?;
        out.files += 1;
        let pairs = |k: &str| -> Vec<(String, String)> {
            v[k].as_array()
                .into_iter()
                .flatten()
                .map(|f| (f["id"].as_str().unwrap_or("?").to_owned(), f["reason"].as_str().unwrap_or("").to_owned()))
                .collect()
        };
        out.ran.extend(v["ran"].as_array().into_iter().flatten().filter_map(|s| s.as_str().map(str::to_owned)));
        out.failed.extend(pairs("failed"));
        out.skipped.extend(pairs("skipped"));
        if let Some(u) = v["unavailable"].as_str() {
            out.unavailable = Some(u.to_owned());
        }
    }
    Ok(out)
}

/// Writes a results file in the contract's format.
pub fn write_results(
    file_stem: &str,
    lang: &str,
    ran: &[String],
    failed: &[(String, String)],
) -> std::io::Result<PathBuf> {
    let dir = results_dir();
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{file_stem}.json"));
    let failed: Vec<Value> = failed.iter().map(|(id, r)| serde_json::json!({"id": id, "reason": r})).collect();
    let doc = serde_json::json!({"language": lang, "ran": ran, "failed": failed, "skipped": []});
    std::fs::write(&path, serde_json::to_string_pretty(&doc).expect("json") + "\n")?;
    Ok(path)
}
