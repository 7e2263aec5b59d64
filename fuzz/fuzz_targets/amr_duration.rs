//! The AMR duration parser and the upload rules on any bytes: never panic; a duration is
//! always a whole number of 20 ms frames, and at most one frame per byte after the header.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wecom_bot::media::{self, MediaKind, AMR_HEADER};

fuzz_target!(|data: &[u8]| {
    let with_header = [AMR_HEADER, data].concat();
    for bytes in [data, with_header.as_slice()] {
        if let Ok(ms) = media::amr_duration_ms(bytes) {
            assert_eq!(ms % 20, 0);
            assert!(ms / 20 <= (bytes.len() - AMR_HEADER.len()) as u64);
        }
        let _ = media::validate_upload(MediaKind::Voice, bytes);
        let _ = media::validate_upload(MediaKind::File, bytes);
    }
});
