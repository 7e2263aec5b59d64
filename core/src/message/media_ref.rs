//! file and voice messages, which refer to an uploaded media_id.

use crate::check;
use crate::error::Result;
use serde::{Deserialize, Serialize};

/// A file message: a `media_id` from an upload of kind `file` (valid 3 days, this robot only).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    /// The id returned by the upload.
    pub media_id: String,
}

impl File {
    /// A file message for an uploaded media id.
    pub fn new(media_id: impl Into<String>) -> File {
        File { media_id: media_id.into() }
    }

    /// Checks: media_id non-empty.
    pub fn validate(&self) -> Result<()> {
        check::required("file", "media_id", Some(&self.media_id))
    }
}

/// A voice message: a `media_id` from an upload of kind `voice`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Voice {
    /// The id returned by the upload.
    pub media_id: String,
}

impl Voice {
    /// A voice message for an uploaded media id.
    pub fn new(media_id: impl Into<String>) -> Voice {
        Voice { media_id: media_id.into() }
    }

    /// Checks: media_id non-empty.
    pub fn validate(&self) -> Result<()> {
        check::required("voice", "media_id", Some(&self.media_id))
    }
}
