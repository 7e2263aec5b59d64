//! The splitters on any text and any limit: chunks within the limit, never empty, cut only
//! at character boundaries; plain splitting (text, markdown v1) loses and adds nothing;
//! markdown_v2 splitting (fences and tables repaired) stays within the limit too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wecom_bot::content::{split, SplitOptions, Structure};

fuzz_target!(|data: &[u8]| {
    let (limit, text) = match data.split_first() {
        Some((&l, rest)) => (usize::from(l) + 1, rest),
        None => return,
    };
    let Ok(text) = std::str::from_utf8(text) else { return };
    let limit = limit.max(4);
    let plain = split(text, SplitOptions::new(limit, Structure::Lines));
    assert_eq!(plain.concat(), text, "plain chunks give back the content");
    for c in &plain {
        assert!(c.len() <= limit && !c.is_empty(), "chunk of {} bytes for limit {limit}", c.len());
    }
    for c in split(text, SplitOptions::new(limit, Structure::MarkdownV2)) {
        assert!(c.len() <= limit && !c.is_empty(), "markdown_v2 chunk of {} bytes for limit {limit}", c.len());
    }
    for c in wecom_bot::split_text(text) {
        assert!(c.len() <= wecom_bot::limits::TEXT_CONTENT_MAX_BYTES);
    }
    assert_eq!(wecom_bot::split_markdown(text).concat(), text, "markdown (v1) chunks give back the content");
    let t = wecom_bot::truncate_to_bytes(text, limit);
    assert!(t.len() <= limit && text.starts_with(t));
});
