//! One HTTP exchange with the server (a send or an upload) and the reading of its answer.

use super::{Client, SERVER_RATE_WINDOW};
use crate::errcode;
use crate::error::{Error, TimeoutPhase};
use crate::media::{Media, MediaKind};
use crate::multipart::MultipartFrame;
use crate::progress::{Counted, Progress};
use crate::webhook::{Webhook, SEND_PATH};
use std::path::Path;

/// The largest response body read (the API's answers are tiny).
const MAX_RESPONSE_BYTES: u64 = 1 << 20;

/// One request to make, possibly several times.
pub(super) enum Payload<'a> {
    Json(&'a [u8]),
    Upload { frame: MultipartFrame, content: UploadContent<'a>, len: u64 },
}

pub(super) enum UploadContent<'a> {
    Bytes(&'a [u8]),
    /// A file, and who to tell as its bytes go out.
    Path(&'a Path, Option<Progress<'a>>),
}

/// The API's answer (both send and upload).
#[derive(serde::Deserialize)]
struct ApiResponse {
    errcode: i64,
    #[serde(default)]
    errmsg: String,
    #[serde(default)]
    media_id: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    created_at: Option<serde_json::Value>,
}

/// An attempt's failure, and whether the message certainly was not delivered.
pub(super) struct Failure {
    pub(super) error: Error,
    pub(super) retry_safe: bool,
}

impl Failure {
    fn fatal(error: Error) -> Failure {
        Failure { error, retry_safe: false }
    }
}

impl Client {
    pub(super) fn attempt(
        &self,
        path: &str,
        kind: Option<MediaKind>,
        payload: &Payload<'_>,
        timeout: std::time::Duration,
    ) -> Result<Option<Media>, Failure> {
        let inner = &self.0;
        let url = || endpoint(&inner.base_url, path, &inner.webhook, kind);
        // Masked only when someone listens: a send builds no log text otherwise.
        if log::log_enabled!(log::Level::Debug) {
            log::debug!("POST {}", inner.webhook.redact(&url()));
        }
        let result = match payload {
            Payload::Json(body) => {
                let request = match &inner.send_uri {
                    Some(uri) if path == SEND_PATH && kind.is_none() => inner.agent.post(uri.clone()),
                    _ => inner.agent.post(url()),
                };
                bounded(request, timeout, inner.config.timeout).header("Content-Type", "application/json").send(*body)
            }
            Payload::Upload { frame, content, len } => {
                let request = bounded(inner.upload_agent.post(url()), timeout, inner.config.upload_timeout)
                    .header("Content-Type", frame.content_type())
                    .header("Content-Length", frame.content_length(*len).to_string());
                match content {
                    // Streamed from the caller's slice: never copied into one more buffer.
                    UploadContent::Bytes(bytes) => {
                        let mut reader = frame.clone().reader(*bytes, *len);
                        request.send(ureq::SendBody::from_reader(&mut reader))
                    }
                    UploadContent::Path(p, progress) => {
                        let file = std::fs::File::open(p).map_err(|e| Failure::fatal(Error::io(*p, &e)))?;
                        let file = std::io::BufReader::with_capacity(64 * 1024, file);
                        match progress {
                            Some(progress) => {
                                let mut reader = frame.clone().reader(Counted::new(file, *len, *progress), *len);
                                request.send(ureq::SendBody::from_reader(&mut reader))
                            }
                            None => {
                                let mut reader = frame.clone().reader(file, *len);
                                request.send(ureq::SendBody::from_reader(&mut reader))
                            }
                        }
                    }
                }
            }
        };
        let mut response = result.map_err(|e| self.map_transport_error(e, kind))?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_string()
            .map_err(|e| self.map_transport_error(e, kind))?;
        if log::log_enabled!(log::Level::Debug) {
            log::debug!("HTTP {status}: {}", inner.webhook.redact(&body));
        }
        let answer = read_answer(status, &body, kind, &inner.webhook);
        match answer {
            Err(Failure { error, retry_safe }) if error.errcode() == Some(errcode::RATE_LIMITED) => {
                // The server counted more than we did: our window is full from now on.
                let after = match &inner.window {
                    Some(w) => {
                        w.mark_full();
                        w.time_until_free()
                    }
                    None => SERVER_RATE_WINDOW,
                };
                Err(Failure { error: error.with_retry_after(after), retry_safe })
            }
            other => other,
        }
    }

    /// Maps a ureq error of a send (`kind` None) or an upload to our error, says whether the
    /// request certainly was not delivered, and marks the error when it may have been.
    fn map_transport_error(&self, e: ureq::Error, kind: Option<MediaKind>) -> Failure {
        let went_out = request_may_have_gone_out(&e);
        let mut failure = self.classify_transport_error(e, kind);
        if went_out {
            failure.error = failure.error.after_the_request_went_out();
        }
        failure
    }

    fn classify_transport_error(&self, e: ureq::Error, kind: Option<MediaKind>) -> Failure {
        let config = &self.0.config;
        let (request_timeout, which) = match kind {
            None => (config.timeout, "timeout"),
            Some(_) => (config.upload_timeout, "upload_timeout"),
        };
        match e {
            ureq::Error::Timeout(t) => {
                use ureq::Timeout as T;
                let (phase, safe, detail) = match t {
                    T::Resolve | T::Connect => (
                        TimeoutPhase::Connect,
                        true,
                        format!("no connection within connect_timeout ({:.3} s)", config.connect_timeout.as_secs_f64()),
                    ),
                    T::SendRequest | T::SendBody | T::PerWrite | T::Await100 => {
                        (TimeoutPhase::Send, false, format!("sending the request ({t})"))
                    }
                    T::RecvResponse | T::RecvBody | T::PerRead => {
                        (TimeoutPhase::Receive, false, format!("waiting for the answer ({t})"))
                    }
                    _ => (
                        TimeoutPhase::Overall,
                        false,
                        format!("no complete answer within {which} ({:.3} s)", request_timeout.as_secs_f64()),
                    ),
                };
                Failure { error: Error::timeout(phase, detail), retry_safe: safe }
            }
            // The API's answers are tiny: a huge body is not the expected JSON.
            ureq::Error::BodyExceedsLimit(limit) => {
                Failure::fatal(Error::decode(format!("the response body is larger than {limit} bytes")))
            }
            ureq::Error::HostNotFound => Failure { error: Error::transport("host not found"), retry_safe: true },
            ureq::Error::ConnectionFailed => Failure { error: Error::transport("connection failed"), retry_safe: true },
            ureq::Error::Io(io) => {
                let refused = io.kind() == std::io::ErrorKind::ConnectionRefused;
                if io.kind() == std::io::ErrorKind::TimedOut || io.kind() == std::io::ErrorKind::WouldBlock {
                    return Failure::fatal(Error::timeout(TimeoutPhase::Receive, io.to_string()));
                }
                Failure { error: Error::transport(io.to_string()), retry_safe: refused }
            }
            other => Failure::fatal(Error::transport(other.to_string())),
        }
    }
}

/// The URL of an endpoint (`path`) with the key, and the media type of an upload.
pub(super) fn endpoint(base_url: &str, path: &str, webhook: &Webhook, kind: Option<MediaKind>) -> String {
    let mut url = format!("{base_url}{path}?key={}", webhook.expose_key());
    if let Some(k) = kind {
        url.push_str("&type=");
        url.push_str(k.as_str());
    }
    url
}

/// `request` bounded by `timeout`: with a config of its own (an allocation and a copy of the
/// agent's) only when the time left is shorter than the agent's own timeout (after waits, or
/// near `max_total`).
fn bounded(
    request: ureq::RequestBuilder<ureq::typestate::WithBody>,
    timeout: std::time::Duration,
    agent_timeout: std::time::Duration,
) -> ureq::RequestBuilder<ureq::typestate::WithBody> {
    if timeout == agent_timeout {
        request
    } else {
        request.config().timeout_global(Some(timeout)).build()
    }
}

/// The answer read as an object: serde would also read the struct from an array (`[0]` as
/// errcode 0). The common case goes straight into the struct; anything that fails there (a
/// duplicate key, say) is read again through a map, whose answer (the last of duplicate keys)
/// or error is the one given.
fn decode_answer(body: &str) -> serde_json::Result<ApiResponse> {
    if body.trim_start().starts_with('{') {
        if let Ok(r) = serde_json::from_str::<ApiResponse>(body) {
            return Ok(r);
        }
    }
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(body)
        .and_then(|m| serde_json::from_value::<ApiResponse>(serde_json::Value::Object(m)))
}

/// Reads the server's answer to a send (`kind` None) or an upload: the HTTP status and the body
/// as the API's JSON. No side effects (the caller marks its window on a 45009), so that the
/// fuzz target `answer` can run it on any status and body.
pub(crate) fn read_answer(
    status: u16,
    body: &str,
    kind: Option<MediaKind>,
    webhook: &Webhook,
) -> Result<Option<Media>, Failure> {
    let decoded = decode_answer(body);
    if !(200..300).contains(&status) {
        // A gateway's 5xx may or may not have reached the robot: never retried.
        return Err(Failure::fatal(Error::http_status(status)));
    }
    let r = decoded.map_err(|e| {
        // Masked before it is cut: a cut could leave a piece of the key no scrub would match.
        let snippet: String = webhook.redact(body).chars().take(120).collect();
        Failure::fatal(Error::decode(format!("{e}; body starts {snippet:?}")).with_status(status))
    })?;
    if r.errcode != 0 {
        let retry_safe = matches!(r.errcode, errcode::SYSTEM_BUSY | errcode::RATE_LIMITED);
        return Err(Failure { error: Error::api(r.errcode, r.errmsg), retry_safe });
    }
    if r.errmsg.contains("Warning") {
        // The server accepts some malformed bodies with errcode 0 and a warning: not a success.
        return Err(Failure::fatal(Error::api(0, r.errmsg)));
    }
    let Some(kind) = kind else { return Ok(None) };
    let media_id = r
        .media_id
        .filter(|m| !m.is_empty())
        .ok_or_else(|| Failure::fatal(Error::decode("the upload answer has no media_id")))?;
    if let Some(t) = &r.kind {
        if t != kind.as_str() {
            return Err(Failure::fatal(Error::decode(format!("uploaded a {kind} but the server answered type {t:?}"))));
        }
    }
    let created_at = match &r.created_at {
        Some(serde_json::Value::String(s)) => s.parse::<i64>().ok(),
        Some(serde_json::Value::Number(n)) => n.as_i64(),
        _ => None,
    }
    .ok_or_else(|| Failure::fatal(Error::decode("the upload answer's created_at is not a unix time")))?;
    Ok(Some(Media { media_id, kind, created_at }))
}

/// Whether a transport failure struck after the request (or part of it) may have reached the
/// server. Failures before it (DNS, connect, refused, TLS handshake, proxy, a bad URL) sent
/// nothing; anything else, unknown ones included, may have delivered the message.
fn request_may_have_gone_out(e: &ureq::Error) -> bool {
    use std::io::ErrorKind as Io;
    use ureq::Timeout as T;
    match e {
        ureq::Error::Timeout(t) => !matches!(t, T::Resolve | T::Connect),
        ureq::Error::Io(io) => !matches!(
            io.kind(),
            Io::ConnectionRefused
                | Io::NetworkUnreachable
                | Io::NetworkDown
                | Io::HostUnreachable
                | Io::AddrNotAvailable
                | Io::AddrInUse
                | Io::PermissionDenied
        ),
        ureq::Error::HostNotFound
        | ureq::Error::ConnectionFailed
        | ureq::Error::BadUri(_)
        | ureq::Error::Http(_)
        | ureq::Error::InvalidProxyUrl
        | ureq::Error::ConnectProxyFailed(_)
        | ureq::Error::RequireHttpsOnly(_)
        | ureq::Error::TlsRequired
        | ureq::Error::Tls(_)
        | ureq::Error::Pem(_)
        | ureq::Error::Rustls(_) => false,
        // A body over the limit is mapped to `decode` (the server answered): never uncertain.
        ureq::Error::BodyExceedsLimit(_) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_read_as_an_object_whichever_way_it_is_read() {
        let r = decode_answer(r#" {"errcode":0,"errmsg":"ok","extra":[1]}"#).unwrap();
        assert_eq!((r.errcode, r.errmsg.as_str()), (0, "ok"));
        // A duplicate key fails the struct: read through the map, the last one counts.
        let r = decode_answer(r#"{"errcode":0,"errmsg":"ok","errcode":45009}"#).unwrap();
        assert_eq!(r.errcode, 45009);
        // Never a struct from an array, nor anything after the object.
        assert!(decode_answer("[0]").is_err());
        assert!(decode_answer(r#"{"errcode":0} x"#).is_err());
        assert!(decode_answer(r#"{"errcode":0.5}"#).is_err());
    }
}
