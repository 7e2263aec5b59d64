//! A small HTTP/1.1 server: one thread per connection, requests read in full, answered in
//! order.
//!
//! Why not tiny_http: tiny_http 0.12 runs each connection as a task of its own thread pool,
//! whose `spawn` can queue two new connections for one idle thread; the second connection is
//! then not read until some other connection closes. Clients keep idle keep-alive
//! connections open, so a concurrent request could wait out its whole timeout. Here each
//! accepted connection gets its own thread at once, and "close without an answer" is a plain
//! shutdown of a socket the server owns.
//!
//! What it speaks: request line and headers (at most [`MAX_HEAD`] bytes), bodies by
//! `Content-Length` or `Transfer-Encoding: chunked`, `Expect: 100-continue`, keep-alive
//! (HTTP/1.1 by default, HTTP/1.0 when asked) and `Connection: close`, `HEAD` (no body in the
//! answer). A malformed request is answered 400 (431 for a head too large, 501 for a transfer
//! coding other than chunked, 505 for a version other than HTTP/1.x) and the connection closed.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// The largest request line plus headers read, in bytes.
pub(crate) const MAX_HEAD: usize = 64 * 1024;

/// A request, its body read (up to the handler's limit).
#[derive(Debug)]
pub(crate) struct Request {
    /// `GET`, `POST`, … as sent.
    pub method: String,
    /// The request target as sent (`/path?query`).
    pub target: String,
    /// Headers in the order sent, values trimmed.
    pub headers: Vec<(String, String)>,
    /// The body (decoded when chunked), at most `body_limit + 1` bytes.
    pub body: Vec<u8>,
    /// The peer's address.
    pub peer: SocketAddr,
}

impl Request {
    /// The first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// What to do with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    /// Answer with this status, `Content-Type` and body.
    Respond {
        /// The status code.
        status: u16,
        /// The `Content-Type` header.
        content_type: String,
        /// The body.
        body: Vec<u8>,
    },
    /// Close the connection without any answer.
    Close,
}

/// Serves requests: `handle` is called on the connection's thread, one request at a time.
pub(crate) trait Handler: Send + Sync + 'static {
    /// The largest body kept for a request: more is read and dropped, and the request's body
    /// is cut to `limit + 1` bytes so that the handler sees it was larger.
    fn body_limit(&self) -> usize;
    /// Decides the answer.
    fn handle(&self, req: Request) -> Answer;
}

/// The open connections, so that stopping the server closes them.
#[derive(Default)]
struct Connections {
    next: AtomicU64,
    open: Mutex<HashMap<u64, TcpStream>>,
}

impl Connections {
    fn lock(&self) -> MutexGuard<'_, HashMap<u64, TcpStream>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running server. [`Server::stop`] (or dropping it) stops listening, closes every open
/// connection and returns once the port is free.
pub(crate) struct Server {
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    conns: Arc<Connections>,
    acceptor: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `listener` with `handler` until stopped.
    pub fn start<H: Handler>(listener: TcpListener, handler: Arc<H>) -> io::Result<Server> {
        let addr = listener.local_addr()?;
        let stopping = Arc::new(AtomicBool::new(false));
        let conns = Arc::new(Connections::default());
        let acceptor = {
            let stopping = Arc::clone(&stopping);
            let conns = Arc::clone(&conns);
            thread::Builder::new()
                .name("wecom-bot-mock-accept".into())
                .spawn(move || accept_loop(&listener, &handler, &stopping, &conns))?
        };
        Ok(Server { addr, stopping, conns, acceptor: Some(acceptor) })
    }

    /// Stops listening (the port is free when this returns) and closes the open connections.
    pub fn stop(&mut self) {
        let Some(acceptor) = self.acceptor.take() else {
            return;
        };
        self.stopping.store(true, Ordering::SeqCst);
        // Wake the blocking accept; the loop sees `stopping` and drops the listener. Should no
        // connection get through (it always does on loopback), the thread is left to end on
        // its next accept rather than blocking the caller forever.
        let woken = (0..10)
            .any(|_| TcpStream::connect_timeout(&self.addr, Duration::from_secs(1)).is_ok() || acceptor.is_finished());
        if woken {
            let _ = acceptor.join();
        }
        for (_, stream) in self.conns.lock().drain() {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn accept_loop<H: Handler>(listener: &TcpListener, handler: &Arc<H>, stopping: &AtomicBool, conns: &Arc<Connections>) {
    loop {
        let accepted = listener.accept();
        if stopping.load(Ordering::SeqCst) {
            return;
        }
        let (stream, peer) = match accepted {
            Ok(a) => a,
            Err(_) => {
                // Out of descriptors or an aborted handshake: try again shortly.
                thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let id = conns.next.fetch_add(1, Ordering::Relaxed);
        match stream.try_clone() {
            Ok(clone) => {
                conns.lock().insert(id, clone);
            }
            Err(_) => continue,
        }
        let handler = Arc::clone(handler);
        let conns2 = Arc::clone(conns);
        let spawned = thread::Builder::new().name("wecom-bot-mock-conn".into()).spawn(move || {
            serve(stream, peer, &*handler);
            conns2.lock().remove(&id);
        });
        if spawned.is_err() {
            if let Some(s) = conns.lock().remove(&id) {
                let _ = s.shutdown(Shutdown::Both);
            }
        }
    }
}

/// A request head that could not be read; the status to answer before closing.
#[derive(Debug)]
enum HeadError {
    /// The connection ended (cleanly between requests, or not): nothing to answer.
    Gone,
    /// Answer this status and close.
    Bad(u16, &'static str),
}

/// A parsed request head.
#[derive(Debug)]
struct Head {
    method: String,
    target: String,
    http10: bool,
    headers: Vec<(String, String)>,
}

impl Head {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn connection_has(&self, token: &str) -> bool {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("connection"))
            .flat_map(|(_, v)| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    }

    fn keep_alive(&self) -> bool {
        if self.http10 {
            self.connection_has("keep-alive")
        } else {
            !self.connection_has("close")
        }
    }
}

/// How the body is framed.
#[derive(Debug, PartialEq, Eq)]
enum Framing {
    Length(u64),
    Chunked,
}

fn framing(head: &Head) -> Result<Framing, HeadError> {
    if let Some(te) = head.header("transfer-encoding") {
        let last = te.rsplit(',').next().unwrap_or("").trim();
        return if last.eq_ignore_ascii_case("chunked") {
            Ok(Framing::Chunked)
        } else {
            Err(HeadError::Bad(501, "only the chunked transfer coding is supported"))
        };
    }
    let mut lengths =
        head.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("content-length")).map(|(_, v)| v.as_str());
    match lengths.next() {
        None => Ok(Framing::Length(0)),
        Some(v) => {
            let n = parse_length(v)?;
            if lengths.any(|o| parse_length(o).ok() != Some(n)) {
                return Err(HeadError::Bad(400, "conflicting Content-Length headers"));
            }
            Ok(Framing::Length(n))
        }
    }
}

fn parse_length(v: &str) -> Result<u64, HeadError> {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(HeadError::Bad(400, "bad Content-Length"));
    }
    v.parse().map_err(|_| HeadError::Bad(400, "bad Content-Length"))
}

/// Reads one line, up to CRLF, counting against `budget`; the line without its CRLF. A bare LF
/// does not end a line (as in tiny_http, which the mock used before): a TLS ClientHello sent to
/// this plain-HTTP server then rarely makes a "line", and the client times out in its
/// handshake instead of reading a 400.
fn read_line(r: &mut impl BufRead, budget: &mut usize) -> Result<Vec<u8>, HeadError> {
    let mut line = Vec::new();
    loop {
        let n = r.by_ref().take(*budget as u64 + 1).read_until(b'\n', &mut line).map_err(|_| HeadError::Gone)?;
        if n > *budget {
            return Err(HeadError::Bad(431, "request head too large"));
        }
        *budget -= n;
        if n == 0 || line.last() != Some(&b'\n') {
            return Err(HeadError::Gone);
        }
        if line.ends_with(b"\r\n") {
            line.truncate(line.len() - 2);
            return Ok(line);
        }
    }
}

fn read_head(r: &mut impl BufRead) -> Result<Head, HeadError> {
    let mut budget = MAX_HEAD;
    // Empty lines before a request are ignored (RFC 9112 §2.2).
    let mut line = read_line(r, &mut budget)?;
    while line.is_empty() {
        line = read_line(r, &mut budget)?;
    }
    let bad = |why| HeadError::Bad(400, why);
    let line = String::from_utf8(line).map_err(|_| bad("request line not UTF-8"))?;
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("malformed request line"));
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-') {
        return Err(bad("malformed method"));
    }
    if target.is_empty() || target.bytes().any(|b| b.is_ascii_control()) {
        return Err(bad("malformed request target"));
    }
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        v if v.starts_with("HTTP/") => return Err(HeadError::Bad(505, "HTTP/1.x only")),
        _ => return Err(bad("malformed request line")),
    };
    let mut headers = Vec::new();
    loop {
        let line = read_line(r, &mut budget)?;
        if line.is_empty() {
            break;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            return Err(bad("folded header line"));
        }
        let line = String::from_utf8_lossy(&line);
        let Some((name, value)) = line.split_once(':') else {
            return Err(bad("header line without a colon"));
        };
        if name.is_empty() || name.bytes().any(|b| b <= b' ' || b == 0x7f) {
            return Err(bad("malformed header name"));
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    Ok(Head { method: method.to_string(), target: target.to_string(), http10, headers })
}

/// Reads a chunked body from `r`.
struct Chunked<'a, R> {
    r: &'a mut R,
    /// Bytes left in the current chunk; `None` before the first chunk's size line.
    left: Option<u64>,
    done: bool,
}

impl<R: BufRead> Chunked<'_, R> {
    fn next_chunk(&mut self) -> io::Result<()> {
        let invalid = |why: &str| io::Error::new(io::ErrorKind::InvalidData, why.to_string());
        if self.left.is_some() {
            // The CRLF that ends the previous chunk's data.
            let mut crlf = [0u8; 2];
            self.r.read_exact(&mut crlf)?;
            if &crlf != b"\r\n" {
                return Err(invalid("chunk data not followed by CRLF"));
            }
        }
        let mut budget = 1024;
        let line = read_line(self.r, &mut budget).map_err(|_| invalid("bad chunk size line"))?;
        let line = String::from_utf8_lossy(&line);
        let size = line.split(';').next().unwrap_or("").trim();
        let size = u64::from_str_radix(size, 16).map_err(|_| invalid("bad chunk size"))?;
        if size == 0 {
            // Trailers, up to the empty line.
            let mut budget = MAX_HEAD;
            while !read_line(self.r, &mut budget).map_err(|_| invalid("bad trailer"))?.is_empty() {}
            self.done = true;
        }
        self.left = Some(size);
        Ok(())
    }
}

impl<R: BufRead> Read for Chunked<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while !self.done && self.left.unwrap_or(0) == 0 {
            self.next_chunk()?;
        }
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        let left = self.left.unwrap_or(0);
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = self.r.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        self.left = Some(left - n as u64);
        Ok(n)
    }
}

/// Reads the body into memory (at most `limit + 1` bytes kept) and the rest into nothing.
fn read_body(r: &mut impl BufRead, framing: &Framing, limit: usize) -> io::Result<Vec<u8>> {
    let keep = limit as u64 + 1;
    let mut body = Vec::new();
    match framing {
        Framing::Length(n) => {
            let mut reader = r.take(*n);
            reader.by_ref().take(keep).read_to_end(&mut body)?;
            let drained = io::copy(&mut reader, &mut io::sink())?;
            if body.len() as u64 + drained < *n {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
        }
        Framing::Chunked => {
            let mut reader = Chunked { r, left: None, done: false };
            reader.by_ref().take(keep).read_to_end(&mut body)?;
            io::copy(&mut reader, &mut io::sink())?;
        }
    }
    Ok(body)
}

/// Serves one connection until it closes, a request asks to close it, or an answer is
/// [`Answer::Close`].
fn serve(stream: TcpStream, peer: SocketAddr, handler: &impl Handler) {
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    loop {
        let head = match read_head(&mut reader) {
            Ok(h) => h,
            Err(HeadError::Gone) => break,
            Err(HeadError::Bad(status, why)) => {
                let _ = writer.write_all(&response(status, "text/plain; charset=UTF-8", why.as_bytes(), false, false));
                break;
            }
        };
        let framing = match framing(&head) {
            Ok(f) => f,
            Err(HeadError::Bad(status, why)) => {
                let _ = writer.write_all(&response(status, "text/plain; charset=UTF-8", why.as_bytes(), false, false));
                break;
            }
            Err(HeadError::Gone) => break,
        };
        if !head.http10
            && head.header("expect").is_some_and(|e| e.eq_ignore_ascii_case("100-continue"))
            && writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").is_err()
        {
            break;
        }
        let Ok(body) = read_body(&mut reader, &framing, handler.body_limit()) else {
            // The client went away mid-body, or sent a bad chunk: nothing to answer.
            break;
        };
        let keep_alive = head.keep_alive();
        let is_head = head.method == "HEAD";
        let req = Request { method: head.method, target: head.target, headers: head.headers, body, peer };
        // A panic answers 500 and closes the connection; the server goes on.
        let (answer, keep_alive) = match catch_unwind(AssertUnwindSafe(|| handler.handle(req))) {
            Ok(answer) => (answer, keep_alive),
            Err(_) => (
                Answer::Respond {
                    status: 500,
                    content_type: "text/plain; charset=UTF-8".into(),
                    body: b"the mock failed on this request".to_vec(),
                },
                false,
            ),
        };
        match answer {
            Answer::Respond { status, content_type, body } => {
                let bytes = response(status, &content_type, &body, keep_alive, is_head);
                if writer.write_all(&bytes).is_err() || !keep_alive {
                    break;
                }
            }
            Answer::Close => break,
        }
    }
    let _ = writer.shutdown(Shutdown::Both);
}

/// A whole response: status line, headers, body (none for `HEAD`).
fn response(status: u16, content_type: &str, body: &[u8], keep_alive: bool, head: bool) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} {}\r\nServer: wecom-bot-mock\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n",
        reason_phrase(status),
        body.len()
    )
    .into_bytes();
    if !keep_alive {
        out.extend_from_slice(b"Connection: close\r\n");
    }
    out.extend_from_slice(b"\r\n");
    if !head {
        out.extend_from_slice(body);
    }
    out
}

/// The standard reason phrase of `status` (`"Unknown"` for codes without one).
pub(crate) fn reason_phrase(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// Echoes what it got: `METHOD TARGET len=N header=VALUE…`; `/close` closes, `/panic`
    /// panics.
    struct Echo;

    impl Handler for Echo {
        fn body_limit(&self) -> usize {
            16
        }

        fn handle(&self, req: Request) -> Answer {
            match req.target.as_str() {
                "/close" => return Answer::Close,
                "/panic" => panic!("a handler bug"),
                _ => {}
            }
            let mut out = format!("{} {} len={}", req.method, req.target, req.body.len());
            if let Some(v) = req.header("x-echo") {
                out.push_str(&format!(" x-echo={v}"));
            }
            out.push_str(&format!(" body={}", String::from_utf8_lossy(&req.body)));
            Answer::Respond { status: 200, content_type: "text/plain".into(), body: out.into_bytes() }
        }
    }

    fn server() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        Server::start(listener, Arc::new(Echo)).unwrap()
    }

    /// Writes `raw`, then reads until the server closes the connection.
    fn exchange(s: &Server, raw: &[u8]) -> String {
        let mut c = TcpStream::connect(s.addr).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        c.write_all(raw).unwrap();
        let mut out = Vec::new();
        let _ = c.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    fn head(raw: &str) -> Result<Head, HeadError> {
        read_head(&mut Cursor::new(raw.as_bytes().to_vec()))
    }

    #[test]
    fn heads_parse() {
        let h = head("\r\nPOST /a?b=c HTTP/1.1\r\nHost: x\r\nX-Echo:  spaced \r\n\r\n").unwrap();
        assert_eq!((h.method.as_str(), h.target.as_str()), ("POST", "/a?b=c"));
        assert_eq!(h.header("x-echo"), Some("spaced"));
        assert!(h.keep_alive());
        let h = head("GET / HTTP/1.1\r\nConnection: Keep-Alive, Close\r\n\r\n").unwrap();
        assert!(!h.keep_alive());
        let h = head("GET / HTTP/1.0\r\n\r\n").unwrap();
        assert!(!h.keep_alive());
        let h = head("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").unwrap();
        assert!(h.keep_alive());
    }

    #[test]
    fn bad_heads_are_refused_with_a_status() {
        for (raw, status) in [
            ("GET /\r\n\r\n", 400),
            ("GET  / HTTP/1.1\r\n\r\n", 400),
            ("G@T / HTTP/1.1\r\n\r\n", 400),
            ("GET / HTTP/2.0\r\n\r\n", 505),
            ("GET / FTP/1.0\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nNo colon\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nBad Name: b\r\n\r\n", 400),
        ] {
            assert_eq!(head(raw).unwrap_err(), HeadError::Bad(status, ""), "{raw:?}");
        }
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert!(matches!(head(&huge), Err(HeadError::Bad(431, _))));
        // Cut short: the connection is just gone.
        assert_eq!(head("GET / HTTP/1.1\r\nHost").unwrap_err(), HeadError::Gone);
        assert_eq!(head("").unwrap_err(), HeadError::Gone);
        // Only CRLF ends a line: bare LFs never make a head (a TLS ClientHello is not answered).
        assert_eq!(head("GET / HTTP/1.1\nHost: x\n\n").unwrap_err(), HeadError::Gone);
        let h = head("GET /a\nb HTTP/1.1\r\n\r\n");
        assert!(matches!(h, Err(HeadError::Bad(400, _))));
    }

    impl PartialEq<HeadError> for HeadError {
        fn eq(&self, other: &HeadError) -> bool {
            match (self, other) {
                (HeadError::Gone, HeadError::Gone) => true,
                // The status decides; the wording is free.
                (HeadError::Bad(a, _), HeadError::Bad(b, _)) => a == b,
                _ => false,
            }
        }
    }

    #[test]
    fn framing_follows_the_headers() {
        let f = |raw: &str| framing(&head(raw).unwrap());
        assert_eq!(f("POST / HTTP/1.1\r\n\r\n"), Ok(Framing::Length(0)));
        assert_eq!(f("POST / HTTP/1.1\r\nContent-Length: 12\r\n\r\n"), Ok(Framing::Length(12)));
        assert_eq!(f("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n"), Ok(Framing::Length(3)));
        assert_eq!(
            f("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
            Ok(Framing::Chunked)
        );
        for bad in ["-1", "+3", "3 4", "", "99999999999999999999999"] {
            let raw = format!("POST / HTTP/1.1\r\nContent-Length: {bad}\r\n\r\n");
            assert_eq!(f(&raw), Err(HeadError::Bad(400, "")), "{bad:?}");
        }
        assert_eq!(
            f("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"),
            Err(HeadError::Bad(400, ""))
        );
        assert_eq!(f("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"), Err(HeadError::Bad(501, "")));
    }

    #[test]
    fn bodies_are_read_and_cut_at_the_limit() {
        let body = |raw: &str, framing: Framing, limit: usize| {
            let mut r = Cursor::new(raw.as_bytes().to_vec());
            let b = read_body(&mut r, &framing, limit).map(|b| String::from_utf8(b).unwrap()).map_err(|e| e.kind());
            (b, r.position() as usize)
        };
        assert_eq!(body("hello!next", Framing::Length(6), 16), (Ok("hello!".into()), 6));
        // Longer than the limit: limit + 1 kept, the rest read and dropped.
        assert_eq!(body("0123456789next", Framing::Length(10), 4), (Ok("01234".into()), 10));
        // The connection ends inside a long body: an error, though the kept part is whole.
        assert_eq!(body("0123456", Framing::Length(10), 4).0, Err(io::ErrorKind::UnexpectedEof));
        let chunked = "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\nnext";
        assert_eq!(body(chunked, Framing::Chunked, 16), (Ok("hello world".into()), chunked.len() - 4));
        assert_eq!(body(chunked, Framing::Chunked, 2), (Ok("hel".into()), chunked.len() - 4));
        assert!(body("0\r\n\r\n", Framing::Chunked, 16).0.unwrap().is_empty());
        // Cut short or malformed: an error, never a partial body taken for whole.
        assert!(body("abc", Framing::Length(6), 16).0.is_err());
        assert!(body("5\r\nhel", Framing::Chunked, 16).0.is_err());
        assert!(body("5\r\nhelloXX0\r\n\r\n", Framing::Chunked, 16).0.is_err());
        assert!(body("zz\r\nhello\r\n0\r\n\r\n", Framing::Chunked, 16).0.is_err());
        assert!(body("5\r\nhello\r\n", Framing::Chunked, 16).0.is_err());
    }

    #[test]
    fn keep_alive_requests_are_answered_in_order_on_one_connection() {
        let s = server();
        let out = exchange(
            &s,
            b"POST /a HTTP/1.1\r\nContent-Length: 3\r\nX-Echo: 1\r\n\r\nabc\
              POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n\
              GET /c HTTP/1.1\r\nConnection: close\r\n\r\n",
        );
        let bodies = ["POST /a len=3 x-echo=1 body=abc", "POST /b len=2 body=de", "GET /c len=0 body="];
        let mut rest = out.as_str();
        for (i, b) in bodies.iter().enumerate() {
            let expect = format!(
                "HTTP/1.1 200 OK\r\nServer: wecom-bot-mock\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n{}\r\n{b}",
                b.len(),
                if i == 2 { "Connection: close\r\n" } else { "" }
            );
            assert!(rest.starts_with(&expect), "{i}: {rest:?}");
            rest = &rest[expect.len()..];
        }
        assert_eq!(rest, "");
    }

    #[test]
    fn expect_continue_head_http10_and_too_large_bodies() {
        let s = server();
        let out = exchange(
            &s,
            b"POST /up HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
        );
        assert!(out.starts_with("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"), "{out}");
        assert!(out.ends_with("POST /up len=2 body=ok"), "{out}");
        // HEAD: the length of the body that GET would get, but no body.
        let out = exchange(&s, b"HEAD /h HTTP/1.1\r\nConnection: close\r\n\r\n");
        assert!(out.contains("Content-Length: 19\r\n"), "{out}"); // "HEAD /h len=0 body="
        assert!(out.ends_with("\r\n\r\n"), "{out}");
        // HTTP/1.0 closes after one answer, whatever follows.
        let out = exchange(&s, b"GET /one HTTP/1.0\r\n\r\nGET /two HTTP/1.0\r\n\r\n");
        assert!(out.ends_with("GET /one len=0 body="), "{out}");
        // A body over the limit is cut to limit + 1 and the rest skipped: the connection goes on.
        let big = "x".repeat(100_000);
        let raw = format!(
            "POST /big HTTP/1.1\r\nContent-Length: {}\r\n\r\n{big}GET /after HTTP/1.1\r\nConnection: close\r\n\r\n",
            big.len()
        );
        let out = exchange(&s, raw.as_bytes());
        assert!(out.contains("POST /big len=17 body=xxxxxxxxxxxxxxxxx"), "{out}");
        assert!(out.ends_with("GET /after len=0 body="), "{out}");
    }

    #[test]
    fn bad_requests_get_a_status_then_the_connection_closes() {
        let s = server();
        let out = exchange(&s, b"NONSENSE\r\n\r\nGET / HTTP/1.1\r\n\r\n");
        assert!(out.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{out}");
        assert!(out.contains("Connection: close\r\n"), "{out}");
        assert_eq!(out.matches("HTTP/1.1").count(), 1, "{out}");
        let out = exchange(&s, b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n");
        assert!(out.starts_with("HTTP/1.1 501 Not Implemented\r\n"), "{out}");
        // A bad chunk: nothing to answer, the connection is closed.
        assert_eq!(exchange(&s, b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), "");
    }

    #[test]
    fn close_and_panics() {
        let s = server();
        // Answer::Close: closed without a byte, even on a keep-alive connection.
        assert_eq!(exchange(&s, b"GET /close HTTP/1.1\r\n\r\n"), "");
        // A panicking handler: 500, connection closed, the server still serves.
        let out = exchange(&s, b"GET /panic HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n");
        assert!(out.starts_with("HTTP/1.1 500 Internal Server Error\r\n"), "{out}");
        assert_eq!(out.matches("HTTP/1.1").count(), 1, "{out}");
        let out = exchange(&s, b"GET /fine HTTP/1.1\r\nConnection: close\r\n\r\n");
        assert!(out.ends_with("GET /fine len=0 body="), "{out}");
    }

    #[test]
    fn stop_frees_the_port_and_closes_idle_connections() {
        let mut s = server();
        let addr = s.addr;
        let mut idle = TcpStream::connect(addr).unwrap();
        idle.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        idle.write_all(b"GET / HTTP/1.1\r\n\r\n").unwrap();
        let mut buf = [0u8; 512];
        assert!(idle.read(&mut buf).unwrap() > 0);
        s.stop();
        // The idle keep-alive connection sees the end at once, not after its timeout.
        match idle.read(&mut buf) {
            Ok(n) => assert_eq!(n, 0, "{:?}", String::from_utf8_lossy(&buf[..n])),
            Err(e) => {
                assert!(!matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut), "still open: {e}")
            }
        }
        // Nothing listens any more, and the port can be bound again.
        assert!(TcpStream::connect(addr).is_err());
        TcpListener::bind(addr).unwrap();
    }

    #[test]
    fn reason_phrases() {
        assert_eq!(reason_phrase(200), "OK");
        assert_eq!(reason_phrase(502), "Bad Gateway");
        assert_eq!(reason_phrase(599), "Unknown");
    }
}
