//! The client's reading of the server's answer, found by the fuzz target `answer`
//! (fuzz/fuzz_targets/answer.rs) and pinned here.

use wecom_bot::fuzzing::read_answer;
use wecom_bot::{ErrorKind, Media, MediaKind, Webhook};

const KEY: &str = "answer-pin-k3yc4n4ry-0a1b";

fn webhook() -> Webhook {
    Webhook::from_key(KEY).unwrap()
}

#[test]
fn an_answer_that_is_not_a_json_object_is_a_decode_error() {
    // serde reads a struct from an array too: `[0]` was taken for errcode 0, a success.
    for body in ["[0]", "[\n0\n]", "[0,\"ok\"]", "0", "\"ok\"", "null"] {
        let (e, retry_safe) = read_answer(200, body, None, &webhook()).expect_err(body);
        assert_eq!(e.kind(), ErrorKind::Decode, "{body}: {e}");
        assert!(!retry_safe);
    }
    let (e, _) = read_answer(200, "[0,\"ok\",\"file\",\"m\",\"1\"]", Some(MediaKind::File), &webhook()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
}

#[test]
fn answers_read_as_documented() {
    let w = webhook();
    assert_eq!(read_answer(200, r#"{"errcode":0,"errmsg":"ok"}"#, None, &w), Ok(None));
    let up = r#"{"errcode":0,"errmsg":"ok","type":"voice","media_id":"m1","created_at":"1380000000"}"#;
    assert_eq!(
        read_answer(200, up, Some(MediaKind::Voice), &w),
        Ok(Some(Media { media_id: "m1".into(), kind: MediaKind::Voice, created_at: 1_380_000_000 }))
    );
    let (e, safe) = read_answer(200, up, Some(MediaKind::File), &w).unwrap_err();
    assert_eq!((e.kind(), safe), (ErrorKind::Decode, false), "a voice answered for a file");
    let (e, safe) = read_answer(200, r#"{"errcode":45009,"errmsg":"api freq out of limit"}"#, None, &w).unwrap_err();
    assert_eq!((e.kind(), e.errcode(), safe), (ErrorKind::RateLimited, Some(45009), true));
    let (e, safe) = read_answer(200, r#"{"errcode":-1,"errmsg":"busy"}"#, None, &w).unwrap_err();
    assert_eq!((e.kind(), safe), (ErrorKind::Api, true));
    let (e, safe) =
        read_answer(200, r#"{"errcode":0,"errmsg":"ok. Warning: wrong json format."}"#, None, &w).unwrap_err();
    assert_eq!((e.kind(), e.errcode(), safe), (ErrorKind::Api, Some(0), false));
    let (e, safe) = read_answer(502, r#"{"errcode":0,"errmsg":"ok"}"#, None, &w).unwrap_err();
    assert_eq!((e.kind(), e.status(), safe), (ErrorKind::HttpStatus, Some(502), false));
}

#[test]
fn an_echoed_key_never_reaches_the_error() {
    let w = webhook();
    for body in [format!("not json {KEY}"), format!(r#"{{"errcode":93000,"errmsg":"invalid key {KEY}"}}"#)] {
        let (e, _) = read_answer(200, &body, None, &w).unwrap_err();
        let shown = format!("{e} {e:?} {}", e.errmsg().unwrap_or(""));
        assert!(!shown.contains(KEY), "{shown}");
    }
}
