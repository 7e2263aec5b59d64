//! The one place the mock calls the core crate's rules.

use serde_json::Value;
use wecom_bot::media::{validate_upload, MediaKind};
use wecom_bot::{Message, UnknownFields};

use crate::errcode::{self, ApiError};

/// A media id a valid message refers to, and the upload type it needs (`None`: any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MediaRef {
    pub media_id: String,
    pub kind: Option<MediaKind>,
}

/// A valid send body: the media it refers to, and the unknown fields that were ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Checked {
    pub refs: Vec<MediaRef>,
    pub dropped: Vec<String>,
}

/// Parses and validates a send body (already parsed as JSON) with the core's rules.
///
/// Unknown fields (often copied from the app-message API: `safe`, `enable_duplicate_check`)
/// are ignored, as the real server most likely ignores them: the answer is a plain `ok` (not
/// a `Warning`, which clients rightly treat as failure) and the record lists them.
pub(crate) fn message(value: Value) -> Result<Checked, ApiError> {
    let parsed = Message::from_value_with(value, UnknownFields::Drop).map_err(|e| errcode::for_message(&e))?;
    let msg = parsed.message;
    msg.validate().map_err(|e| errcode::for_message(&e))?;
    let kind = match &msg {
        Message::File(_) => Some(MediaKind::File),
        Message::Voice(_) => Some(MediaKind::Voice),
        _ => None,
    };
    let refs = msg.media_ids().into_iter().map(|id| MediaRef { media_id: id.to_string(), kind }).collect();
    Ok(Checked { refs, dropped: parsed.dropped })
}

/// Validates an upload's content with the core's rules.
pub(crate) fn upload(kind: MediaKind, data: &[u8]) -> Result<(), ApiError> {
    validate_upload(kind, data).map_err(|e| errcode::for_upload(&e))
}

/// Parses the `type` of an upload.
pub(crate) fn media_kind(s: Option<&str>) -> Result<MediaKind, ApiError> {
    MediaKind::parse(s.unwrap_or("")).map_err(|_| ApiError::code(errcode::INVALID_MEDIA_TYPE))
}
