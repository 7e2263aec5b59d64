//! `wecom_media`: the result of an upload (media id, kind, creation time).

use crate::boundary::{arg_slice, free_handle, guard, guard_value, out_value};
use crate::result::wecom_result;
use std::ffi::{c_char, CString};
use wecom_bot::{Media, MediaKind};

/// What to upload: the `type` of an upload.
pub type wecom_media_kind = u32;
/// A file of at most 20 MiB, sent later as a `file` message.
pub const WECOM_MEDIA_KIND_FILE: wecom_media_kind = 1;
/// An AMR voice of at most 2 MiB and 60 s, sent later as a `voice` message.
pub const WECOM_MEDIA_KIND_VOICE: wecom_media_kind = 2;

pub(crate) fn media_kind(kind: wecom_media_kind) -> Result<MediaKind, wecom_bot::Error> {
    match kind {
        WECOM_MEDIA_KIND_FILE => Ok(MediaKind::File),
        WECOM_MEDIA_KIND_VOICE => Ok(MediaKind::Voice),
        other => Err(wecom_bot::Error::invalid_argument(
            "kind",
            format!("{other} is not WECOM_MEDIA_KIND_FILE (1) or WECOM_MEDIA_KIND_VOICE (2)"),
        )),
    }
}

/// An uploaded media: its id (valid 3 days, only for the robot that uploaded it), kind and
/// creation time. Immutable; thread-safe to read.
pub struct wecom_media {
    media: Media,
    id: CString,
}

impl wecom_media {
    pub(crate) fn new(media: Media) -> Result<wecom_media, wecom_bot::Error> {
        let id = CString::new(media.media_id.clone())
            .map_err(|_| wecom_bot::Error::decode("the server's media_id contains a NUL byte"))?;
        Ok(wecom_media { media, id })
    }
}

/// The media id, NUL-terminated; NULL when `media` is NULL. Use it in
/// `wecom_message_file_new`, `wecom_message_voice_new` or a card's horizontal content.
///
/// Ownership: borrowed from `media`; valid until `wecom_media_free(media)`; never free it.
#[no_mangle]
pub unsafe extern "C" fn wecom_media_id(media: *const wecom_media) -> *const c_char {
    guard_value(std::ptr::null(), || media.as_ref().map_or(std::ptr::null(), |m| m.id.as_ptr()))
}

/// The kind of the upload (`WECOM_MEDIA_KIND_FILE` or `WECOM_MEDIA_KIND_VOICE`); 0 when
/// `media` is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_media_kind_of(media: *const wecom_media) -> wecom_media_kind {
    guard_value(0, || {
        media.as_ref().map_or(0, |m| match m.media.kind {
            MediaKind::File => WECOM_MEDIA_KIND_FILE,
            MediaKind::Voice => WECOM_MEDIA_KIND_VOICE,
        })
    })
}

/// The upload time the server reported, in unix seconds; 0 when `media` is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_media_created_at(media: *const wecom_media) -> i64 {
    guard_value(0, || media.as_ref().map_or(0, |m| m.media.created_at))
}

/// Releases a media (and the id borrowed from it). NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn wecom_media_free(media: *mut wecom_media) {
    guard_value((), || free_handle(media))
}

/// Checks `len` bytes at `data` against every upload rule of `kind` without any network use:
/// more than 5 bytes; a file at most 20 MiB; a voice at most 2 MiB, AMR, at most 60 s. The
/// uploads check the same rules themselves; this is for checking early.
#[no_mangle]
pub unsafe extern "C" fn wecom_validate_upload(kind: wecom_media_kind, data: *const u8, len: usize) -> wecom_result {
    guard(|| wecom_bot::media::validate_upload(media_kind(kind)?, arg_slice(data, len, "data")?))
}

/// Stores the playing time of an AMR-NB recording (`len` bytes at `data`) in
/// `*out_ms`, in milliseconds (20 ms per frame). A missing `#!AMR` header or a truncated frame
/// fails with `WECOM_RESULT_VALIDATION`.
#[no_mangle]
pub unsafe extern "C" fn wecom_amr_duration_ms(data: *const u8, len: usize, out_ms: *mut u64) -> wecom_result {
    guard(|| {
        let out = out_value(out_ms, "out_ms")?;
        *out = wecom_bot::media::amr_duration_ms(arg_slice(data, len, "data")?)?;
        Ok(())
    })
}
