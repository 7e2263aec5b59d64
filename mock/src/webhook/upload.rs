//! `POST /cgi-bin/webhook/upload_media`: the multipart body, the core's upload rules, a new
//! media_id.

use serde_json::json;
use wecom_bot::media::MediaKind;

use super::{commit, Incoming, Outcome};
use crate::clock::unix_secs;
use crate::errcode::{self, ApiError};
use crate::fault::Fault;
use crate::multipart;
use crate::record::{md5_hex, Record, UploadPart};
use crate::state::{Media, Shared};
use crate::validate;

pub(super) fn upload(shared: &Shared, inc: &Incoming, fault: Option<Fault>) -> (Record, &'static str) {
    let pre = upload_pre(shared, inc);
    commit(shared, inc, fault, |sh, st| {
        let now = sh.now_in(st);
        match pre {
            UploadPre { result: Ok(kind), part: Some(mut part) } => {
                let media_id = sh.new_media_id();
                st.media.insert(media_id.clone(), Media { key: inc.key.clone(), kind, created: now });
                let created_at = unix_secs(now).to_string();
                let body = json!({
                    "errcode": 0,
                    "errmsg": "ok",
                    "type": kind.as_str(),
                    "media_id": media_id,
                    "created_at": created_at,
                });
                part.media_id = Some(media_id);
                Outcome { delivered: true, upload: Some(part), ..Outcome::json(body.to_string()) }
            }
            UploadPre { result, part } => {
                let e = result.err().unwrap_or_else(|| ApiError::code(errcode::EMPTY_MEDIA));
                Outcome { upload: part, ..Outcome::json(sh.api_body(e.errcode, &e.errmsg, inc.peer, now)) }
            }
        }
    })
}

/// The outcome of the upload checks made before taking the lock; `part` is what was parsed
/// of the `media` part, if anything.
struct UploadPre {
    part: Option<UploadPart>,
    result: Result<MediaKind, ApiError>,
}

impl UploadPre {
    fn fail(e: ApiError) -> UploadPre {
        UploadPre { part: None, result: Err(e) }
    }
}

fn upload_pre(shared: &Shared, inc: &Incoming) -> UploadPre {
    let empty =
        |detail: &str| UploadPre::fail(ApiError::new(errcode::EMPTY_MEDIA, format!("empty media data: {detail}")));
    if inc.method != "POST" {
        return UploadPre::fail(ApiError::code(errcode::REQUIRE_POST));
    }
    if !shared.key_known(&inc.key) {
        return UploadPre::fail(ApiError::code(errcode::INVALID_WEBHOOK_URL));
    }
    let kind = match validate::media_kind(inc.media_type.as_deref()) {
        Ok(k) => k,
        Err(e) => return UploadPre::fail(e),
    };
    let ctype = inc.headers.content_type.as_deref().unwrap_or("");
    let Some(boundary) = multipart::boundary(ctype) else {
        return empty("not multipart/form-data with a boundary");
    };
    let parts = match multipart::parse(&inc.body, &boundary) {
        Ok(p) => p,
        Err(e) => return empty(&e),
    };
    let Some(part) = parts.iter().find(|p| p.name.as_deref() == Some("media")) else {
        return empty("no part named \"media\"");
    };
    let info = UploadPart {
        media_type: kind.as_str().to_string(),
        boundary: boundary.clone(),
        filename: part.filename.clone(),
        filelength: part.filelength.clone(),
        content_type: part.content_type.clone(),
        size: part.data.len(),
        md5: md5_hex(part.data),
        media_id: None,
    };
    let result = if part.data.is_empty() {
        Err(ApiError::code(errcode::EMPTY_MEDIA))
    } else {
        validate::upload(kind, part.data).map(|()| kind)
    };
    UploadPre { part: Some(info), result }
}
