//! The case files: loading them, and the shorthands cases use for bytes (fixtures, hex,
//! generated content, the image forms).

use base64::Engine as _;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::{conformance_dir, fixture};

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

    /// The input's kind: its one key besides `key` (`message`, `split`, `helper`, `json`,
    /// `send`, `upload`).
    pub fn input_kind(&self) -> &str {
        self.input().as_object().and_then(|m| m.keys().find(|k| *k != "key")).map_or("", String::as_str)
    }

    /// Whether the case talks to the mock (`send` or `upload` input).
    pub fn is_http(&self) -> bool {
        self.input().get("send").is_some() || self.input().get("upload").is_some()
    }

    /// The key of an HTTP case.
    pub fn key(&self) -> Option<&str> {
        self.input().get("key").and_then(Value::as_str)
    }

    /// The message of a `message` or `send` case.
    pub fn message(&self) -> Option<&Value> {
        self.input().get("message").or_else(|| self.input().get("send"))
    }
}

/// Every case of every `cases/*.json`, in file-name order; panics with a clear message on a
/// malformed file or a duplicate id (the vectors are ours: that is a bug to fix at once).
pub fn load_cases() -> Vec<Case> {
    load_cases_from(&conformance_dir().join("cases"))
}

/// [`load_cases`] from another directory.
pub fn load_cases_from(dir: &Path) -> Vec<Case> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
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

/// The content an upload description (`fixture`, `text` or `generate`) stands for.
pub fn content_bytes(spec: &Value) -> Result<Vec<u8>, String> {
    if let Some(name) = spec.get("fixture").and_then(Value::as_str) {
        return fixture(name);
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

/// The bytes of a hex string.
pub fn hex(s: &str) -> Result<Vec<u8>, String> {
    if s.len() % 2 != 0 {
        return Err(format!("odd-length hex {s:?}"));
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2).unwrap_or("?"), 16).map_err(|e| format!("bad hex {s:?}: {e}")))
        .collect()
}

/// The raw bytes an image body of the vectors stands for: `bytes_hex`, `fixture` with
/// `pad_to` or `"as": "bytes"` — and, with `by_path`, a plain `fixture` too (read here, as
/// the library would read the path). `Ok(None)`: given as a path (without `by_path`) or as
/// ready-made base64.
pub fn image_bytes(image: &Value, by_path: bool) -> Result<Option<Vec<u8>>, String> {
    if let Some(h) = image.get("bytes_hex").and_then(Value::as_str) {
        return hex(h).map(Some);
    }
    let Some(name) = image.get("fixture").and_then(Value::as_str) else { return Ok(None) };
    if let Some(n) = image.get("pad_to") {
        let n = n.as_u64().ok_or("image.pad_to is not a byte count")?;
        let mut bytes = fixture(name)?;
        bytes.resize(usize::try_from(n).map_err(|e| e.to_string())?, 0);
        return Ok(Some(bytes));
    }
    match image.get("as").and_then(Value::as_str) {
        Some("bytes") => fixture(name).map(Some),
        Some(other) => Err(format!("image.as: unknown value {other:?}")),
        None if by_path => fixture(name).map(Some),
        None => Ok(None),
    }
}

/// The wire form of a vector's message: the image shorthands become `base64` + `md5` of the
/// bytes (lowercase hex), as every client sends them. `None` when the message never reaches
/// the wire (a fixture that does not exist: an `io` error case).
pub fn wire_message(message: &Value) -> Option<Value> {
    if has_api_mentions(message) {
        return None;
    }
    let Some(image) = message.get("image") else { return Some(message.clone()) };
    if image.get("base64").is_some() {
        return Some(message.clone());
    }
    let bytes = image_bytes(image, true).ok()??;
    let md5 = {
        use md5::Digest as _;
        md5::Md5::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    Some(json!({ "msgtype": "image", "image": { "base64": b64, "md5": md5 } }))
}

/// A markdown or markdown_v2 message given mention lists: they are the typed API's (written
/// inline as `<@userid>`, or refused), not wire fields, so the message has no wire form of its
/// own (the case's `body_json` is its wire form).
pub fn has_api_mentions(message: &Value) -> bool {
    ["markdown", "markdown_v2"]
        .iter()
        .any(|t| message[t].get("mentioned_list").is_some() || message[t].get("mentioned_mobile_list").is_some())
}
