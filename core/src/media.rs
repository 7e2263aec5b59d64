//! Upload rules: what the server accepts as a `file` or a `voice` media, checked before any
//! network use, and the AMR duration computed from the frames.

use crate::error::{Error, Result, Rule};
use crate::limits::{FILE_UPLOAD_MAX_BYTES, UPLOAD_MIN_BYTES_EXCLUSIVE, VOICE_MAX_DURATION_MS, VOICE_UPLOAD_MAX_BYTES};
use std::fmt;
use std::path::Path;

/// The `type` of an upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaKind {
    /// Any file of at most 20 MiB, sent later as a `file` message.
    File,
    /// An AMR recording of at most 2 MiB and 60 s, sent later as a `voice` message.
    Voice,
}

impl MediaKind {
    /// `"file"` or `"voice"`, as in the upload URL's `type` parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::File => "file",
            MediaKind::Voice => "voice",
        }
    }

    /// Parses `"file"` or `"voice"`.
    pub fn parse(s: &str) -> Result<MediaKind> {
        match s {
            "file" => Ok(MediaKind::File),
            "voice" => Ok(MediaKind::Voice),
            other => Err(Error::validation(
                "type",
                Rule::AllowedValues,
                format!("upload type {other:?} is not \"file\" or \"voice\""),
            )),
        }
    }

    /// The largest upload of this kind, in bytes.
    pub fn max_bytes(self) -> u64 {
        match self {
            MediaKind::File => FILE_UPLOAD_MAX_BYTES,
            MediaKind::Voice => VOICE_UPLOAD_MAX_BYTES,
        }
    }
}

impl fmt::Display for MediaKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The result of a successful upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    /// The id to send in a file or voice message (valid 3 days, for this robot only).
    pub media_id: String,
    /// What was uploaded.
    pub kind: MediaKind,
    /// Upload time, unix seconds, as the server reported it.
    pub created_at: i64,
}

/// The header every AMR-NB file starts with.
pub const AMR_HEADER: &[u8] = b"#!AMR\n";

/// Checks the size rules that need only the length (more than 5 bytes; at most 20 MiB for a
/// file, 2 MiB for a voice).
pub fn validate_upload_len(kind: MediaKind, len: u64) -> Result<()> {
    if len <= UPLOAD_MIN_BYTES_EXCLUSIVE {
        return Err(Error::validation(
            "media",
            Rule::MinBytes,
            format!("the {kind} is {len} bytes; uploads must be more than {UPLOAD_MIN_BYTES_EXCLUSIVE} bytes"),
        )
        .with_limit(UPLOAD_MIN_BYTES_EXCLUSIVE));
    }
    if len > kind.max_bytes() {
        return Err(upload_too_large(kind, len));
    }
    Ok(())
}

/// The size rule's error for an upload of `len` bytes (over the kind's limit).
pub fn upload_too_large(kind: MediaKind, len: u64) -> Error {
    let max = kind.max_bytes();
    Error::validation(
        "media",
        Rule::MaxBytes,
        format!("the {kind} is {len} bytes; the limit is {max} ({} MiB)", max >> 20),
    )
    .with_limit(max)
}

/// Reads an upload into memory through the bounded reader: a regular file only, never more
/// than the kind's size limit + 1 bytes; a larger file is refused by the size rule.
pub fn read_upload(kind: MediaKind, path: &Path) -> Result<Vec<u8>> {
    crate::input::read_file(path, kind.max_bytes())?.or_else(|len| upload_too_large(kind, len))
}

/// Checks every upload rule of `kind` on the full content (voice: AMR header and ≤ 60 s too).
pub fn validate_upload(kind: MediaKind, bytes: &[u8]) -> Result<()> {
    validate_upload_len(kind, bytes.len() as u64)?;
    if kind == MediaKind::Voice {
        let ms = amr_duration_ms(bytes)?;
        if ms > VOICE_MAX_DURATION_MS {
            return Err(Error::validation(
                "media",
                Rule::MaxDuration,
                format!("the voice plays {:.2} s; the limit is {} s", ms as f64 / 1000.0, VOICE_MAX_DURATION_MS / 1000),
            )
            .with_limit(VOICE_MAX_DURATION_MS));
        }
    }
    Ok(())
}

/// Checks an upload's file name: not empty, and no `"`, CR or LF (they would break the
/// multipart header).
pub fn validate_filename(filename: &str) -> Result<()> {
    if filename.is_empty() {
        return Err(Error::validation(
            "filename",
            Rule::Required,
            "the upload's filename is required and must not be empty",
        ));
    }
    if filename.contains(['"', '\r', '\n', '\0']) {
        return Err(Error::validation(
            "filename",
            Rule::Format,
            "the upload's filename must not contain '\"', NUL, CR or LF",
        ));
    }
    Ok(())
}

/// The playing time of an AMR-NB file in milliseconds: 20 ms per frame, frames sized by the
/// mode in each frame's header byte. A missing header or a truncated frame is a format error.
pub fn amr_duration_ms(bytes: &[u8]) -> Result<u64> {
    // Frame sizes by mode (header byte included): modes 0-7 speech, 8 SID, 9-14 unused
    // (header only, as decoders treat them), 15 no data.
    const FRAME_BYTES: [usize; 16] = [13, 14, 16, 18, 20, 21, 27, 32, 6, 1, 1, 1, 1, 1, 1, 1];
    let Some(mut rest) = bytes.strip_prefix(AMR_HEADER) else {
        return Err(Error::validation(
            "media",
            Rule::Format,
            "a voice must be AMR (the file does not start with \"#!AMR\\n\")",
        ));
    };
    let mut frames: u64 = 0;
    while let Some(&header) = rest.first() {
        let size = FRAME_BYTES[usize::from((header >> 3) & 0x0F)];
        if rest.len() < size {
            return Err(Error::validation(
                "media",
                Rule::Format,
                format!("the AMR voice is truncated inside frame {}", frames + 1),
            ));
        }
        rest = &rest[size..];
        frames += 1;
    }
    Ok(frames * 20)
}
