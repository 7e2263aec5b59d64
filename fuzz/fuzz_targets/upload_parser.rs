//! The mock's multipart parser on any body and content type: never panics, and every part it
//! returns lies inside the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
// The mock's parser, compiled from its source (see Cargo.toml for why).
#[allow(dead_code)]
#[path = "../../mock/src/multipart.rs"]
mod mock_multipart;
use mock_multipart::{boundary, parse};

fuzz_target!(|data: &[u8]| {
    // The first line is the content type; the rest is the body.
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let Ok(content_type) = std::str::from_utf8(&data[..split]) else { return };
    let body = data.get(split + 1..).unwrap_or(&[]);
    let Some(b) = boundary(content_type) else { return };
    if let Ok(parts) = parse(body, &b) {
        for p in parts {
            let range = body.as_ptr_range();
            assert!(p.data.is_empty() || range.contains(&p.data.as_ptr()));
        }
    }
});
