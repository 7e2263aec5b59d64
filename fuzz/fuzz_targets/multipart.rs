//! The client's multipart writer against the mock's strict parser: for any file name the
//! client accepts and any content, the mock reads back exactly one `media` part with that
//! name, the declared length and the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wecom_bot::media::validate_filename;
use wecom_bot::multipart::MultipartFrame;
// The mock's parser, compiled from its source (see Cargo.toml for why).
#[allow(dead_code)]
#[path = "../../mock/src/multipart.rs"]
mod mock_multipart;
use mock_multipart::{boundary, parse};

fuzz_target!(|data: &[u8]| {
    // First byte: the name's length; then the name; the rest is the content.
    let Some((&n, rest)) = data.split_first() else { return };
    let n = usize::from(n).min(rest.len());
    let (name, content) = rest.split_at(n);
    let Ok(name) = std::str::from_utf8(name) else { return };
    if validate_filename(name).is_err() {
        return;
    }
    let frame = MultipartFrame::new("wecombot-fuzz-boundary-0123456789", name, content.len() as u64);
    let body = frame.to_bytes(content);
    let b = boundary(&frame.content_type()).expect("our content type names the boundary");
    // Content that contains the delimiter line cannot round-trip (the random boundary of a
    // real upload makes that impossible in practice); the parser must still not panic.
    let delimiter_inside = content.windows(b.len() + 4).any(|w| w[..4] == *b"\r\n--" && w[4..] == *b.as_bytes());
    match parse(&body, &b) {
        Ok(parts) if !delimiter_inside => {
            assert_eq!(parts.len(), 1, "one part");
            let p = &parts[0];
            assert_eq!(p.name.as_deref(), Some("media"));
            assert_eq!(p.filename.as_deref(), Some(name));
            assert_eq!(p.filelength.as_deref(), Some(content.len().to_string().as_str()));
            assert_eq!(p.data, content);
        }
        Ok(_) => {}
        Err(e) => assert!(delimiter_inside, "the mock refused our body: {e}"),
    }
});
