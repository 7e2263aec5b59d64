//! The multipart/form-data body of an upload, written by hand (DESIGN.md §3): one part named
//! `media` with `filename` and `filelength` exactly as the spec shows, streamed after a small
//! header so that the file is never held in memory, with a known Content-Length.

use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};

/// The content type of the media part.
pub const PART_CONTENT_TYPE: &str = "application/octet-stream";

/// The head and tail around the content of the `media` part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartFrame {
    /// The boundary (without the leading `--`).
    pub boundary: String,
    /// Everything before the content.
    pub head: Vec<u8>,
    /// Everything after the content.
    pub tail: Vec<u8>,
}

impl MultipartFrame {
    /// The frame for a `media` part of `filelength` bytes named `filename`.
    pub fn new(boundary: &str, filename: &str, filelength: u64) -> MultipartFrame {
        let head = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"media\";filename=\"{filename}\"; filelength={filelength}\r\nContent-Type: {PART_CONTENT_TYPE}\r\n\r\n"
        );
        let tail = format!("\r\n--{boundary}--\r\n");
        MultipartFrame { boundary: boundary.to_owned(), head: head.into_bytes(), tail: tail.into_bytes() }
    }

    /// The request's Content-Type header value.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// The body's total length for content of `filelength` bytes.
    pub fn content_length(&self, filelength: u64) -> u64 {
        self.head.len() as u64 + filelength + self.tail.len() as u64
    }

    /// The whole body for in-memory content.
    pub fn to_bytes(&self, content: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.head.len() + content.len() + self.tail.len());
        out.extend_from_slice(&self.head);
        out.extend_from_slice(content);
        out.extend_from_slice(&self.tail);
        out
    }

    /// A reader over the body, streaming `content` (exactly `filelength` bytes of it) between
    /// head and tail; a shorter content is an error, so the Content-Length is never a lie.
    pub fn reader<R: Read>(self, content: R, filelength: u64) -> impl Read {
        io::Cursor::new(self.head)
            .chain(ExactLength { inner: content.take(filelength), remaining: filelength })
            .chain(io::Cursor::new(self.tail))
    }
}

struct ExactLength<R> {
    inner: R,
    remaining: u64,
}

impl<R: Read> Read for ExactLength<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.remaining == 0 || buf.is_empty() {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        if n == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the file became shorter while it was uploaded"));
        }
        self.remaining -= n as u64;
        Ok(n)
    }
}

/// A fresh boundary: unpredictable enough that it never occurs in a file by chance.
pub fn random_boundary() -> String {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    let a = h.finish();
    h.write_u64(a);
    format!("------------------------wecombot{:016x}{:016x}", a, h.finish())
}
