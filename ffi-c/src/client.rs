//! `wecom_client`: sends messages and uploads media. One client may be shared by any number
//! of threads at once (every function here takes it as `const`).

use crate::boundary::{arg_path, arg_ref, arg_slice, arg_str, free_handle, guard, guard_value, into_handle, out_ptr};
use crate::config::wecom_client_config;
use crate::media::{media_kind, wecom_media, wecom_media_kind};
use crate::message::wecom_message;
use crate::result::wecom_result;
use std::ffi::c_char;
use wecom_bot::{Client, ClientConfig, Error, Media, Webhook};

/// A robot client: its webhook key (a secret the library never prints), a keep-alive
/// connection pool, and the shared rate limiter of its key.
///
/// Thread safety: every function taking a `const wecom_client *` may be called from many
/// threads at once on the same client; only `wecom_client_free` needs exclusive access.
pub struct wecom_client {
    pub(crate) inner: Client,
}

unsafe fn new_client(
    webhook: *const c_char,
    config: impl FnOnce() -> Result<ClientConfig, Error>,
    out_client: *mut *mut wecom_client,
) -> wecom_result {
    guard(|| {
        let out = out_ptr(out_client, "out_client")?;
        let config = config()?;
        let webhook = Webhook::parse(arg_str(webhook, "webhook")?)?;
        *out = into_handle(wecom_client { inner: Client::with_config(webhook, config)? });
        Ok(())
    })
}

/// Makes a client with the default configuration for `webhook`: the full webhook URL
/// (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`, whose host becomes the base
/// URL) or the bare key. A malformed URL or key fails with `WECOM_RESULT_INVALID_ARGUMENT`
/// (the error never echoes the key).
///
/// Ownership: `webhook` is borrowed for the call (copied). On success `*out_client` is a
/// new client the caller owns and releases with `wecom_client_free`; on failure it is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_new(webhook: *const c_char, out_client: *mut *mut wecom_client) -> wecom_result {
    new_client(webhook, || Ok(ClientConfig::default()), out_client)
}

/// Makes a client from the environment contract: the robot from `WECOM_BOT_WEBHOOK` (the full
/// webhook URL) or else `WECOM_BOT_KEY` (the bare key), and `WECOM_BOT_BASE_URL`,
/// `WECOM_BOT_STORE`, `WECOM_BOT_RATE_LIMIT` when set. No robot, or a malformed value, fails
/// with `WECOM_RESULT_INVALID_ARGUMENT` naming the variable (never echoing the key).
///
/// Ownership: as for `wecom_client_new`.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_from_env(out_client: *mut *mut wecom_client) -> wecom_result {
    guard(|| {
        let out = out_ptr(out_client, "out_client")?;
        *out = into_handle(wecom_client { inner: Client::from_env()? });
        Ok(())
    })
}

/// Makes a client for `webhook` (as in `wecom_client_new`) with a configuration.
///
/// Ownership: `webhook` and `config` are borrowed for the call (copied: the config may be
/// freed or changed afterwards without affecting the client). `*out_client` as in
/// `wecom_client_new`.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_new_with_config(
    webhook: *const c_char,
    config: *const wecom_client_config,
    out_client: *mut *mut wecom_client,
) -> wecom_result {
    new_client(webhook, || Ok(arg_ref(config, "config")?.inner.clone()), out_client)
}

/// Releases a client. NULL is a no-op. No call on it may be running in another thread.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_free(client: *mut wecom_client) {
    guard_value((), || free_handle(client))
}

unsafe fn with_client(client: *const wecom_client, f: impl FnOnce(&Client) -> Result<(), Error>) -> wecom_result {
    guard(|| f(&arg_ref(client, "client")?.inner))
}

/// Validates and sends any message. Validation failures send nothing.
///
/// Ownership: `client` and `message` are borrowed for the call; the message may be sent
/// again, and several threads may send the same message at once.
///
/// # Safety
/// Other threads may send or read `message` meanwhile, but none may modify it.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_send(client: *const wecom_client, message: *const wecom_message) -> wecom_result {
    with_client(client, |c| c.send(&arg_ref(message, "message")?.inner))
}

/// Sends a text message with this content (≤ 2048 bytes).
///
/// Ownership: every argument is borrowed for the call.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_send_text(client: *const wecom_client, content: *const c_char) -> wecom_result {
    with_client(client, |c| c.send_text(arg_str(content, "content")?))
}

/// Sends a markdown message with this content (≤ 4096 bytes).
///
/// Ownership: every argument is borrowed for the call.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_send_markdown(
    client: *const wecom_client,
    content: *const c_char,
) -> wecom_result {
    with_client(client, |c| c.send_markdown(arg_str(content, "content")?))
}

/// Sends a markdown_v2 message with this content (≤ 4096 bytes).
///
/// Ownership: every argument is borrowed for the call.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_send_markdown_v2(
    client: *const wecom_client,
    content: *const c_char,
) -> wecom_result {
    with_client(client, |c| c.send_markdown_v2(arg_str(content, "content")?))
}

/// Sends long text as as many ≤ 2048-byte text messages as needed, in order, split at line
/// breaks where possible; every chunk is validated before the first is sent. On success
/// `*out_sent` is the number of messages sent. On failure it is 0: the chunks before the
/// failing one were delivered, in order, but the library does not count them for you.
/// `out_sent` may be NULL when the count is not wanted.
///
/// Ownership: every argument is borrowed for the call.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_send_text_chunked(
    client: *const wecom_client,
    content: *const c_char,
    out_sent: *mut usize,
) -> wecom_result {
    send_chunked(client, content, out_sent, Client::send_text_chunked)
}

/// Sends long markdown as ≤ 4096-byte markdown messages (split as text is: v1 has no code
/// blocks, nothing is added); as
/// `wecom_client_send_text_chunked` otherwise (`out_sent` may be NULL).
///
/// Ownership: every argument is borrowed for the call.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_send_markdown_chunked(
    client: *const wecom_client,
    content: *const c_char,
    out_sent: *mut usize,
) -> wecom_result {
    send_chunked(client, content, out_sent, Client::send_markdown_chunked)
}

/// Sends long markdown_v2 as ≤ 4096-byte markdown_v2 messages: a code block cut by a chunk
/// boundary is closed and reopened, a table's header and separator rows are repeated at the
/// top of the next chunk; as `wecom_client_send_text_chunked` otherwise (`out_sent` may be
/// NULL).
///
/// Ownership: every argument is borrowed for the call.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_send_markdown_v2_chunked(
    client: *const wecom_client,
    content: *const c_char,
    out_sent: *mut usize,
) -> wecom_result {
    send_chunked(client, content, out_sent, Client::send_markdown_v2_chunked)
}

/// Stores `value` in an optional out-parameter (NULL: the caller does not want it).
///
/// # Safety
/// `out` is NULL or points to a writable `size_t`.
/// A chunked send: `*out_sent` (when wanted) is 0 until the whole send succeeds.
unsafe fn send_chunked(
    client: *const wecom_client,
    content: *const c_char,
    out_sent: *mut usize,
    send: fn(&Client, &str) -> Result<usize, Error>,
) -> wecom_result {
    with_client(client, |c| {
        set_if_wanted(out_sent, 0);
        set_if_wanted(out_sent, send(c, arg_str(content, "content")?)?);
        Ok(())
    })
}

unsafe fn set_if_wanted(out: *mut usize, value: usize) {
    if let Some(o) = out.as_mut() {
        *o = value;
    }
}

unsafe fn media_out(
    client: *const wecom_client,
    out_media: *mut *mut wecom_media,
    f: impl FnOnce(&Client) -> Result<Media, Error>,
) -> wecom_result {
    guard(|| {
        let out = out_ptr(out_media, "out_media")?;
        let client = &arg_ref(client, "client")?.inner;
        *out = into_handle(wecom_media::new(f(client)?)?);
        Ok(())
    })
}

/// Uploads a file from disk (streamed, never held in memory whole) as `kind`
/// (`WECOM_MEDIA_KIND_FILE`: ≤ 20 MiB; `WECOM_MEDIA_KIND_VOICE`: AMR, ≤ 2 MiB, ≤ 60 s; both
/// more than 5 bytes). The name shown is the path's file name. The rules are checked before
/// any network use.
///
/// Ownership: `client` and `path` are borrowed for the call. On success `*out_media` is a
/// new media the caller releases with `wecom_media_free`; on failure it is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_upload_path(
    client: *const wecom_client,
    kind: wecom_media_kind,
    path: *const c_char,
    out_media: *mut *mut wecom_media,
) -> wecom_result {
    media_out(client, out_media, |c| c.upload_path(media_kind(kind)?, arg_path(path, "path")?))
}

/// Uploads `len` bytes at `data` as `kind` under the display name `filename` (no `"`, CR,
/// LF). Rules as in `wecom_client_upload_path`.
///
/// Ownership: every pointer argument is borrowed for the call. `*out_media` as in
/// `wecom_client_upload_path`.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_upload_bytes(
    client: *const wecom_client,
    kind: wecom_media_kind,
    data: *const u8,
    len: usize,
    filename: *const c_char,
    out_media: *mut *mut wecom_media,
) -> wecom_result {
    media_out(client, out_media, |c| {
        let kind = media_kind(kind)?;
        let bytes = arg_slice(data, len, "data")?;
        c.upload_bytes(kind, bytes, arg_str(filename, "filename")?)
    })
}

/// Uploads a file from disk and sends it as a file message.
///
/// Ownership: as in `wecom_client_upload_path`; `*out_media` is the upload.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_send_file(
    client: *const wecom_client,
    path: *const c_char,
    out_media: *mut *mut wecom_media,
) -> wecom_result {
    media_out(client, out_media, |c| c.send_file(arg_path(path, "path")?))
}

/// Uploads an AMR voice from disk and sends it as a voice message.
///
/// Ownership: as in `wecom_client_upload_path`; `*out_media` is the upload.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_send_voice(
    client: *const wecom_client,
    path: *const c_char,
    out_media: *mut *mut wecom_media,
) -> wecom_result {
    media_out(client, out_media, |c| c.send_voice(arg_path(path, "path")?))
}
