//! image: base64 of the raw bytes plus their lowercase-hex md5, computed for the caller.

use crate::error::{Error, Result, Rule};
use crate::limits::IMAGE_MAX_BYTES;
use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize};
use std::path::Path;

const JPEG_MAGIC: &[u8] = &[0xFF, 0xD8, 0xFF];
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// An image message: a JPG or PNG of at most 2 MiB, sent inline as base64 with its md5.
///
/// Built from bytes or a file, the encoding and the md5 are computed here and the result is
/// known to be valid; built from base64 + md5 given by the caller (or parsed JSON), they are
/// checked in [`Image::validate`].
#[derive(Clone, PartialEq, Eq)]
pub struct Image {
    /// The whole request body, `{"msgtype":"image","image":{"base64":"…","md5":"…"}}`, written
    /// once: a 2 MiB image's ~2.8 MB of base64 is then sent from here as it is, not copied into
    /// a second buffer by serialization (base64 and hex never need JSON escaping). Until
    /// validated, the two values are whatever the caller gave; `Serialize` escapes them.
    body: String,
    /// Where the md5 starts in `body`.
    md5_at: usize,
    /// Set only by constructors that computed base64 and md5 from checked raw bytes.
    verified: bool,
}

const BODY_HEAD: &str = r#"{"msgtype":"image","image":{"base64":""#;
const BODY_MID: &str = r#"","md5":""#;
const BODY_TAIL: &str = r#""}}"#;

impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The payload can be megabytes: show its size, not its content.
        f.debug_struct("Image").field("base64_len", &self.base64().len()).field("md5", &self.md5()).finish()
    }
}

impl Serialize for Image {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut image = serializer.serialize_struct("Image", 2)?;
        image.serialize_field("base64", self.base64())?;
        image.serialize_field("md5", self.md5())?;
        image.end()
    }
}

impl<'de> Deserialize<'de> for Image {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Image, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Wire {
            base64: String,
            md5: String,
        }
        let w = Wire::deserialize(d)?;
        Ok(Image::from_base64(w.base64, w.md5))
    }
}

impl Image {
    /// Checks the raw bytes (JPG/PNG, ≤ 2 MiB), then encodes them and computes their md5.
    pub fn from_bytes(bytes: &[u8]) -> Result<Image> {
        check_raw(bytes)?;
        // SIMD encoding (AVX2/SSE/NEON, detected at run time) is ~5x the scalar engine on a
        // 2 MiB image; decoding stays on `base64`, whose errors say where the input is bad.
        let engine = base64_simd::STANDARD;
        let base64_len = engine.encoded_length(bytes.len());
        Ok(Image::assemble(base64_len, |body| engine.encode_append(bytes, body), &md5_hex(bytes), true))
    }

    /// The one place that lays out the body: head, base64 (written by `write_base64`, which
    /// appends `base64_len` bytes), middle, md5, tail; allocated once at its final size.
    fn assemble(base64_len: usize, write_base64: impl FnOnce(&mut String), md5: &str, verified: bool) -> Image {
        let len = BODY_HEAD.len() + base64_len + BODY_MID.len() + md5.len() + BODY_TAIL.len();
        let mut body = String::with_capacity(len);
        body.push_str(BODY_HEAD);
        write_base64(&mut body);
        body.push_str(BODY_MID);
        let md5_at = body.len();
        body.push_str(md5);
        body.push_str(BODY_TAIL);
        Image { body, md5_at, verified }
    }

    /// Reads a JPG or PNG file through the bounded reader: a file over 2 MiB is refused without
    /// reading it whole, and anything but a regular file (`/dev/zero`, a FIFO) is an `io` error.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Image> {
        let bytes = crate::input::read_file(path.as_ref(), IMAGE_MAX_BYTES as u64)?.or_else(too_large)?;
        Image::from_bytes(&bytes)
    }

    /// Reads a JPG or PNG from a stream (standard input, a socket), never more than 2 MiB + 1
    /// bytes: a larger stream is refused by the size rule, not cut.
    pub fn from_reader(reader: impl std::io::Read) -> Result<Image> {
        let bytes = crate::input::read_limited(reader, IMAGE_MAX_BYTES as u64)
            .map_err(|e| Error::io("<stream>", &e))?
            .or_else(too_large)?;
        Image::from_bytes(&bytes)
    }

    /// An image from base64 and md5 computed elsewhere; checked by [`Image::validate`].
    ///
    /// ASCII whitespace in the base64 (line breaks of a wrapped encoding) is removed, and an
    /// upper-case md5 is lower-cased: what is sent is the stripped base64 and lower-case hex.
    pub fn from_base64(base64: impl Into<String>, md5: impl Into<String>) -> Image {
        let mut base64 = base64.into();
        base64.retain(|c| !c.is_ascii_whitespace());
        let mut md5 = md5.into();
        md5.make_ascii_lowercase();
        Image::assemble(base64.len(), |body| body.push_str(&base64), &md5, false)
    }

    /// The base64 of the raw bytes (standard alphabet, padded).
    pub fn base64(&self) -> &str {
        &self.body[BODY_HEAD.len()..self.md5_at - BODY_MID.len()]
    }

    /// The lowercase-hex md5 of the raw bytes.
    pub fn md5(&self) -> &str {
        &self.body[self.md5_at..self.body.len() - BODY_TAIL.len()]
    }

    /// Validates, then the whole request body (`{"msgtype":"image",…}`), held ready to send:
    /// the same text as `Message::from(image).to_json()` without copying megabytes of base64.
    /// Validation guarantees that nothing in it needs JSON escaping; the `body_matches_serde`
    /// test pins it to what serde writes.
    pub fn json_body(&self) -> Result<&str> {
        self.validate()?;
        Ok(&self.body)
    }

    /// Checks: valid base64 of a JPG or PNG of at most 2 MiB, and md5 matching those bytes.
    pub fn validate(&self) -> Result<()> {
        if self.verified {
            return Ok(());
        }
        let (base64, md5) = (self.base64(), self.md5());
        if base64.is_empty() {
            return Err(Error::validation(
                "image.base64",
                Rule::Required,
                "image.base64 is required and must not be empty",
            ));
        }
        // Refuse oversize payloads before decoding them.
        if base64.len() / 4 * 3 > IMAGE_MAX_BYTES + 2 {
            return Err(too_large((base64.len() / 4 * 3) as u64));
        }
        let raw = base64::engine::general_purpose::STANDARD.decode(base64).map_err(|e| {
            Error::validation("image.base64", Rule::Format, format!("image.base64 is not valid base64: {e}"))
        })?;
        check_raw(&raw)?;
        let valid_hex = md5.len() == 32 && md5.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !valid_hex {
            return Err(Error::validation("image.md5", Rule::Format, "image.md5 must be 32 hex digits"));
        }
        let actual = md5_hex(&raw);
        if actual != md5 {
            return Err(Error::validation(
                "image.md5",
                Rule::Md5Mismatch,
                format!("image.md5 is {} but the image's md5 is {actual}", md5),
            ));
        }
        Ok(())
    }
}

fn too_large(len: u64) -> Error {
    Error::validation(
        "image.base64",
        Rule::MaxBytes,
        format!("the image is {len} bytes; the limit is {IMAGE_MAX_BYTES} (2 MiB)"),
    )
    .with_limit(IMAGE_MAX_BYTES as u64)
}

fn check_raw(bytes: &[u8]) -> Result<()> {
    if bytes.len() > IMAGE_MAX_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    if !(bytes.starts_with(JPEG_MAGIC) || bytes.starts_with(PNG_MAGIC)) {
        return Err(Error::validation(
            "image.base64",
            Rule::Format,
            "the image must be a JPG or PNG (checked by its first bytes)",
        ));
    }
    Ok(())
}

/// Lowercase hex md5 of `bytes`.
pub(crate) fn md5_hex(bytes: &[u8]) -> String {
    use md5::Digest as _;
    let digest = md5::Md5::digest(bytes);
    let mut out = String::with_capacity(32);
    for b in digest.iter() {
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 0xF)]));
    }
    out
}
