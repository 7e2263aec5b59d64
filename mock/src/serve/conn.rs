//! One connection: hyper's HTTP/1.1 state machine plus the plumbing's own answers (413, 408,
//! 500, 503, and dropping the connection without an answer).

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, SERVER};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::watch;

use super::{Answer, Handler, Request, Shared};

/// The first byte of a TLS handshake record.
const TLS_HANDSHAKE: u8 = 0x16;

/// The service's error: hyper then drops the connection without writing anything.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped without an answer")
    }
}

impl std::error::Error for Dropped {}

/// Serves one accepted connection until it closes, times out, or the server stops.
pub(super) async fn serve<H: Handler>(
    stream: TcpStream,
    peer: SocketAddr,
    shared: Arc<Shared<H>>,
    mut draining: watch::Receiver<bool>,
) {
    let limits = &shared.limits;
    let read_timeout = limits.read_timeout.min(super::MAX_READ_TIMEOUT);
    // A TLS ClientHello on this plain-HTTP port would get hyper's 400, which a TLS client
    // reports as a garbled handshake. Say nothing instead, as a server that does not speak TLS
    // and waits for a request line: the client's handshake times out (or the read timeout
    // closes the connection).
    let mut first = [0u8; 1];
    match tokio::time::timeout(read_timeout, stream.peek(&mut first)).await {
        Ok(Ok(1)) if first[0] == TLS_HANDSHAKE => {
            tokio::time::sleep(read_timeout).await;
            return;
        }
        Ok(Ok(n)) if n > 0 => {}
        // Closed, failed, or silent for the whole read timeout.
        _ => return,
    }
    let for_service = Arc::clone(&shared);
    let service = service_fn(move |req| respond(Arc::clone(&for_service), peer, req));
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        // Runs while hyper waits for a request head, so it is also the keep-alive idle timeout.
        .header_read_timeout(read_timeout)
        .max_buf_size(limits.max_head.max(8192))
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = async { drop(draining.wait_for(|d| *d).await) } => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// Reads the body within the limits, asks the handler, and turns its answer into a response.
async fn respond<H: Handler>(
    shared: Arc<Shared<H>>,
    peer: SocketAddr,
    req: hyper::Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let limits = &shared.limits;
    let (parts, body) = req.into_parts();
    // What the handler answers to a request the plumbing refuses; the connection closes after.
    let closing = |status: u16, why: &str| {
        into_response(
            shared.name,
            shared.handler.refusal(status, parts.method.as_str(), &target(&parts.uri), why),
            true,
        )
    };
    let declared = parts.headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
    let too_large = format!("the request body is larger than {} bytes", limits.max_body);
    if declared.is_some_and(|n| n > limits.max_body as u64) {
        // Refused before reading: a client that sent `Expect: 100-continue` sends nothing more.
        return closing(413, &too_large);
    }
    let body = match tokio::time::timeout(limits.read_timeout, Limited::new(body, limits.max_body).collect()).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.is::<LengthLimitError>() => return closing(413, &too_large),
        // The client went away mid-body, or sent a malformed chunk: nobody to answer.
        Ok(Err(_)) => return Err(Dropped),
        Err(_) => return closing(408, "the request body did not arrive within the read timeout"),
    };
    let request = Request {
        method: parts.method.as_str().to_string(),
        target: target(&parts.uri),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).trim().to_string()))
            .collect(),
        body,
        peer,
    };
    // A task of its own: a panic is caught here, and the request is handled to its end even
    // if the connection goes away meanwhile.
    match tokio::spawn(shared.handler.handle(request)).await {
        Ok(answer) => into_response(shared.name, answer, false),
        Err(_) => closing(500, "the server failed on this request"),
    }
}

/// The request target as the handler sees it: path and query (the whole URI for the rare
/// forms that have none).
fn target(uri: &hyper::Uri) -> String {
    uri.path_and_query().map_or_else(|| uri.to_string(), |pq| pq.as_str().to_string())
}

/// The response for a handler's answer (`Close`: drop the connection without one).
fn into_response(name: &'static str, answer: Answer, close: bool) -> Result<Response<Full<Bytes>>, Dropped> {
    match answer {
        Answer::Close => Err(Dropped),
        Answer::Respond { status, content_type, body } => Ok(response(name, status, &content_type, body, close)),
        Answer::RespondWith { status, content_type, headers, body } => {
            let mut resp = response(name, status, &content_type, body, close);
            for (name, value) in headers {
                if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&value)) {
                    resp.headers_mut().insert(n, v);
                }
            }
            if close {
                // Whatever the handler's headers said: this connection ends here.
                resp.headers_mut().insert(CONNECTION, HeaderValue::from_static("close"));
            }
            Ok(resp)
        }
    }
}

fn response(name: &'static str, status: u16, content_type: &str, body: Bytes, close: bool) -> Response<Full<Bytes>> {
    let status = StatusCode::from_u16(status)
        .ok()
        .filter(|s| (200..600).contains(&s.as_u16()))
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = Response::new(Full::new(body));
    *resp.status_mut() = status;
    let headers = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(name) {
        headers.insert(SERVER, v);
    }
    if let Ok(v) = HeaderValue::from_str(content_type) {
        headers.insert(CONTENT_TYPE, v);
    }
    if close {
        headers.insert(CONNECTION, HeaderValue::from_static("close"));
    }
    resp
}

/// Answers a connection over the cap `503` and closes it, within a second.
pub(super) async fn refuse(mut stream: TcpStream, name: &'static str) {
    let body = "too many connections; try again later";
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\nServer: {name}\r\nContent-Type: text/plain; charset=UTF-8\r\n\
         Content-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        stream.write_all(answer.as_bytes()).await?;
        stream.shutdown().await?;
        // Read (a bounded amount of) what the client sends, so that closing with unread data
        // does not reset the connection before the client has read the answer.
        let mut sink = [0u8; 4096];
        let mut left = 64 * 1024usize;
        loop {
            let n = stream.read(&mut sink).await?;
            if n == 0 || n >= left {
                return Ok::<(), io::Error>(());
            }
            left -= n;
        }
    })
    .await;
}
