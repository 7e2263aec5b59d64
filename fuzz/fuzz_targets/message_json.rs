//! `Message::from_json` on any text: never panics; whatever parses and validates serializes
//! to JSON that parses back to the same message (and the same bytes).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wecom_bot::Message;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(message) = Message::from_json(text) else { return };
    let Ok(json) = message.to_json() else { return };
    let again = Message::from_json(&json).expect("our own JSON parses");
    assert_eq!(again.to_json().expect("and validates"), json, "the round trip is stable");
    assert_eq!(message.msgtype(), again.msgtype());
});
