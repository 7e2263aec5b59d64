//! The spec's upload form, byte for byte: the one template every Rust test compares with.

/// The part's content type when the caller gives none (the spec's example).
pub const OCTET_STREAM: &str = "application/octet-stream";

/// The exact multipart body the spec's form implies (written independently of the client's
/// writer, so the two check each other). Note the spec's `name="media";filename=` with no
/// space, and the `filelength` parameter.
pub fn expected_multipart(boundary: &str, filename: &str, content_type: &str, content: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"media\";filename=\"{filename}\"; filelength={}\r\nContent-Type: {content_type}\r\n\r\n",
        content.len()
    )
    .into_bytes();
    out.extend_from_slice(content);
    out.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    out
}
