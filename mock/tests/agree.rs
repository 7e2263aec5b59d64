//! The mock accepts exactly the messages the core accepts, for every message of the shared
//! conformance vectors (`tests/conformance/cases/*.json`), and accepts every request body the
//! vectors expect a client to produce.

mod common;

use std::path::PathBuf;

use common::*;
use serde_json::Value;
use wecom_bot::Message;
use wecom_bot_mock::{MediaKind, MockConfig, MockServer};

fn case_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

/// The wire form of a vector's message: the image shorthands (`fixture`, `pad_to`,
/// `bytes_hex`) become `base64` + `md5` of the bytes, as every client sends them. `None` when
/// the message never reaches the wire (a fixture that does not exist: an `io` error case).
fn wire(message: &Value) -> Option<Value> {
    let mut m = message.clone();
    if m["msgtype"] == "image" {
        let img = &m["image"];
        let bytes = if let Some(name) = img["fixture"].as_str() {
            let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name);
            let mut b = std::fs::read(path).ok()?;
            if let Some(n) = img["pad_to"].as_u64() {
                b.resize(n as usize, 0);
            }
            Some(b)
        } else {
            img["bytes_hex"].as_str().map(hex)
        };
        if let Some(b) = bytes {
            m = image(&b);
        }
    }
    Some(m)
}

/// Registers the media ids a message refers to, so that only the message rules decide.
fn register_media(server: &MockServer, key: &str, msg: &Value) {
    if let Ok(parsed) = Message::from_value(msg.clone()) {
        let kind = if matches!(parsed, Message::Voice(_)) { MediaKind::Voice } else { MediaKind::File };
        for id in parsed.media_ids() {
            server.register_media(key, id, kind);
        }
    }
}

#[test]
fn mock_and_core_agree_on_every_conformance_message() {
    let s = start(MockConfig::default().with_rate_limit(None));
    let mut checked = 0;
    let mut rejected = 0;
    let mut expected_bodies = 0;
    let mut failures = Vec::new();
    let mut skipped = Vec::new();
    for file in case_files() {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for case in doc["cases"].as_array().unwrap() {
            let id = case["id"].as_str().unwrap();
            let input = &case["input"];
            let Some(message) = input.get("message").or_else(|| input.get("send")) else {
                continue;
            };
            let key = format!("agree-{id}");
            let Some(msg) = wire(message) else {
                skipped.push(id.to_string());
                continue;
            };
            register_media(&s, &key, &msg);
            let core = Message::from_value(msg.clone()).and_then(|m| m.validate());
            let resp = send(&s, &key, &msg);
            let accepted = resp.status == 200 && resp.errcode() == 0 && resp.errmsg() == "ok";
            checked += 1;
            match (&core, accepted) {
                (Ok(()), true) => {}
                (Err(e), false) => {
                    rejected += 1;
                    // The mock rejects with a real errcode, never a warning (the body is JSON).
                    if resp.errcode() == 0 {
                        failures.push(format!("{id}: core says {e:?}, mock answered a warning: {}", resp.text()));
                    }
                    // A 40058 names the field the core names.
                    let field = e.field().unwrap_or_default();
                    if resp.errcode() == 40058 && !resp.errmsg().contains(field) {
                        failures.push(format!("{id}: core names {field:?}, mock answered {}", resp.text()));
                    }
                }
                (Ok(()), false) => failures.push(format!("{id}: core accepts, mock answered {}", resp.text())),
                (Err(e), true) => failures.push(format!("{id}: core rejects ({e:?}), mock accepted")),
            }
            // Whatever a client is expected to send, the mock accepts.
            if let Some(body) = case["expect"].get("body_json") {
                register_media(&s, &key, body);
                let resp = send(&s, &key, body);
                expected_bodies += 1;
                if resp.errcode() != 0 || resp.errmsg() != "ok" {
                    failures.push(format!("{id}: the expected body_json is refused: {}", resp.text()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} disagreement(s):\n{}", failures.len(), failures.join("\n"));
    assert!(checked >= 100, "only {checked} messages found in the conformance vectors");
    assert!(rejected > 0 && expected_bodies > 0, "{rejected} rejected, {expected_bodies} expected bodies");
    assert!(skipped.len() <= 2, "too many cases without a wire form: {skipped:?}");
    eprintln!(
        "{checked} messages agree ({rejected} rejected by both); {expected_bodies} expected bodies accepted; \
         no wire form: {skipped:?}"
    );
}
