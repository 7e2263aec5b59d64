//! The server side of the HTTP cases: scripting the mock from the cases, and checking what it
//! received (runners never check this: the harness does, after the runner exits).

use base64::Engine as _;
use serde_json::Value;
use wecom_bot_mock::{Fault, MockServer};

use crate::{content_bytes, expected_multipart, json_equal, Case, OCTET_STREAM};

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
            let ct = m["content_type"].as_str().unwrap_or(OCTET_STREAM);
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
