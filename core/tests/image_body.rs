//! The image body is written by hand for speed (Image::write_body); it must stay byte-for-byte
//! what serde writes for the same message, for images built from bytes and from base64 + md5.

use proptest::prelude::*;
use wecom_bot::{Image, Message};

const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

fn png(tail: &[u8]) -> Vec<u8> {
    [PNG_MAGIC, tail].concat()
}

proptest! {
    #[test]
    fn body_matches_serde(tail in proptest::collection::vec(any::<u8>(), 0..3000)) {
        let from_bytes: Message = Image::from_bytes(&png(&tail)).unwrap().into();
        let ours = from_bytes.to_json_bytes().unwrap();
        prop_assert_eq!(&ours, &serde_json::to_vec(&from_bytes).unwrap());

        // The same image given as (wrapped, upper-case) base64 + md5 serializes the same.
        let Message::Image(image) = &from_bytes else { unreachable!() };
        let wrapped: String = image.base64().as_bytes().chunks(76).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join("\n");
        let given: Message = Image::from_base64(wrapped, image.md5().to_uppercase()).into();
        prop_assert_eq!(given.to_json_bytes().unwrap(), ours.clone());
        prop_assert_eq!(given.to_json().unwrap().into_bytes(), ours);
    }
}

#[test]
fn a_bad_image_is_still_refused_before_any_body_is_written() {
    let message: Message = Image::from_base64("not base64!", "0".repeat(32)).into();
    let err = message.to_json_bytes().unwrap_err();
    assert!(err.to_string().contains("image.base64"), "{err}");
}
