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
        prop_assert_eq!(given.to_json().unwrap().into_bytes(), ours.clone());
        prop_assert_eq!(&*from_bytes.json_body().unwrap(), &ours[..]);
        prop_assert_eq!(&*given.json_body().unwrap(), &ours[..]);
        // What serde reads back is the same image.
        let back = Message::from_json(std::str::from_utf8(&ours).unwrap()).unwrap();
        prop_assert_eq!(back.to_json_bytes().unwrap(), ours);
    }
}

#[test]
fn unvalidated_values_are_escaped_by_serde_and_refused_by_validation() {
    // A caller's base64 may hold anything until validated; serializing it must stay valid JSON.
    let message: Message = Image::from_base64("a\"b\\c</", "x\"").into();
    let json = serde_json::to_string(&message).unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["image"]["base64"], "a\"b\\c</");
    assert_eq!(parsed["image"]["md5"], "x\"");
    assert!(message.json_body().is_err());
}

#[test]
fn a_bad_image_is_still_refused_before_any_body_is_written() {
    let message: Message = Image::from_base64("not base64!", "0".repeat(32)).into();
    let err = message.to_json_bytes().unwrap_err();
    assert!(err.to_string().contains("image.base64"), "{err}");
}
