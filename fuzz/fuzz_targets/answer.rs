//! The client's reading of the server's answer (a send's or an upload's JSON) on any HTTP
//! status and any body: never panics; a non-2xx status is always `http_status`; success only
//! for `errcode` 0 without a `Warning`, and an upload's success always carries a non-empty
//! media id of the requested kind; 45009 is `rate_limited`; only -1 and 45009 are retry-safe;
//! no error text ever holds the webhook key the body echoes. And the round trip: an upload
//! answer written from any media id and time reads back as that media.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use wecom_bot::fuzzing::read_answer;
use wecom_bot::{ErrorKind, Media, MediaKind, Webhook};

/// A canary key (tests/canary/README.md): registered as every client's key is, and echoed by
/// the hostile bodies below.
const KEY: &str = "fuzz-answer-k3yc4n4ry-5aaa";

fn webhook() -> &'static Webhook {
    static W: OnceLock<Webhook> = OnceLock::new();
    W.get_or_init(|| Webhook::from_key(KEY).expect("a valid key"))
}

fn check(status: u16, body: &str, kind: Option<MediaKind>) {
    match read_answer(status, body, kind, webhook()) {
        Ok(media) => {
            assert!((200..300).contains(&status), "success on HTTP {status}");
            let v: serde_json::Value = serde_json::from_str(body).expect("a success is JSON");
            assert_eq!(v["errcode"].as_i64(), Some(0), "a success has errcode 0: {body}");
            assert!(!v["errmsg"].as_str().unwrap_or("").contains("Warning"));
            match (kind, media) {
                (None, None) => {}
                (Some(k), Some(m)) => {
                    assert_eq!(m.kind, k);
                    assert!(!m.media_id.is_empty());
                    assert_eq!(v["media_id"].as_str(), Some(m.media_id.as_str()));
                }
                (k, m) => panic!("asked for {k:?}, answered {m:?}"),
            }
        }
        Err((e, retry_safe)) => {
            let all = format!("{e} {e:?} {}", e.errmsg().unwrap_or(""));
            assert!(!all.contains(KEY), "the key leaked: {all}");
            if !(200..300).contains(&status) {
                assert_eq!(e.kind(), ErrorKind::HttpStatus);
                assert_eq!(e.status(), Some(status));
            }
            match e.errcode() {
                Some(45009) => assert_eq!(e.kind(), ErrorKind::RateLimited),
                Some(_) => assert_eq!(e.kind(), ErrorKind::Api),
                None => assert!(matches!(e.kind(), ErrorKind::HttpStatus | ErrorKind::Decode), "{e:?}"),
            }
            assert_eq!(retry_safe, matches!(e.errcode(), Some(-1 | 45009)), "{e:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // Two bytes of status (any u16, mostly 200), one of kind, then the body.
    let [s0, s1, k, rest @ ..] = data else { return };
    let status = if s0 & 0x80 == 0 { 200 } else { u16::from_be_bytes([*s0 & 0x7f, *s1]) };
    let kind = match k % 3 {
        0 => None,
        1 => Some(MediaKind::File),
        _ => Some(MediaKind::Voice),
    };
    let body = String::from_utf8_lossy(rest);
    check(status, &body, kind);
    // The same body echoing the key, as a hostile or broken server might.
    check(status, &body.replacen("KEY", KEY, 4), kind);

    // The round trip: an answer written from a media id and a time reads back as that media.
    if let Some(kind) = kind {
        let created_at = i64::from_le_bytes(rest.get(..8).and_then(|b| b.try_into().ok()).unwrap_or([7; 8]));
        let media_id: String = body.chars().skip(8).take(64).collect();
        if media_id.is_empty() {
            return;
        }
        for created in [serde_json::json!(created_at), serde_json::json!(created_at.to_string())] {
            let answer = serde_json::json!({
                "errcode": 0, "errmsg": "ok", "type": kind.as_str(), "media_id": media_id, "created_at": created,
            });
            let read = read_answer(200, &answer.to_string(), Some(kind), webhook()).map_err(|(e, _)| e);
            assert_eq!(read, Ok(Some(Media { media_id: media_id.clone(), kind, created_at })));
        }
    }
});
