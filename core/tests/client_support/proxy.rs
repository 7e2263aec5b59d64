//! A tiny real HTTP proxy for the proxy tests: `CONNECT host:port` tunnels (what ureq 3 sends
//! for http and https targets alike) and absolute-form requests (`POST http://host:port/path`,
//! what other clients send for http targets), each forwarded over its own sockets.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// A running proxy; it lives until the test process ends.
pub struct Proxy {
    /// The port it listens on (127.0.0.1).
    pub port: u16,
    seen: Arc<Mutex<Vec<Vec<String>>>>,
}

impl Proxy {
    /// Starts a proxy; with `refuse`, it answers every request `403 Forbidden`.
    pub fn start(refuse: bool) -> Proxy {
        Proxy::start_with(refuse, None)
    }

    /// Starts a proxy that tunnels every CONNECT to `upstream` whatever host it names (so that
    /// a test can name a non-loopback host and still reach only the local mock).
    pub fn start_to(upstream: String) -> Proxy {
        Proxy::start_with(false, Some(upstream))
    }

    fn start_with(refuse: bool, upstream: Option<String>) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = Arc::clone(&log);
                let upstream = upstream.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &log, refuse, upstream.as_deref());
                });
            }
        });
        Proxy { port, seen }
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The head (request line and headers) of every request the proxy received, in order.
    pub fn requests(&self) -> Vec<Vec<String>> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The request lines only.
    pub fn request_lines(&self) -> Vec<String> {
        self.requests().into_iter().map(|h| h[0].clone()).collect()
    }
}

/// Reads a request head byte by byte (so that nothing after it is consumed).
fn read_head(stream: &mut TcpStream) -> std::io::Result<Vec<String>> {
    let mut bytes = Vec::new();
    let mut byte = [0u8; 1];
    while !bytes.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        bytes.push(byte[0]);
        if bytes.len() > 64 * 1024 {
            return Err(std::io::ErrorKind::InvalidData.into());
        }
    }
    let text = String::from_utf8_lossy(&bytes);
    Ok(text.split("\r\n").filter(|l| !l.is_empty()).map(str::to_owned).collect())
}

fn serve(
    mut client: TcpStream,
    log: &Mutex<Vec<Vec<String>>>,
    refuse: bool,
    upstream: Option<&str>,
) -> std::io::Result<()> {
    let head = read_head(&mut client)?;
    log.lock().unwrap_or_else(|p| p.into_inner()).push(head.clone());
    if refuse {
        client.write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")?;
        return Ok(());
    }
    let mut parts = head[0].split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let upstream = if method == "CONNECT" {
        let upstream = TcpStream::connect(upstream.unwrap_or(target))?;
        client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")?;
        upstream
    } else {
        // Absolute form: http://host:port/path?query → connect, then send the origin form.
        let rest = target.strip_prefix("http://").ok_or(std::io::ErrorKind::InvalidData)?;
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let mut upstream = TcpStream::connect(authority)?;
        let mut out =
            format!("{method} {} {}\r\n", if path.is_empty() { "/" } else { path }, parts.next().unwrap_or("HTTP/1.1"));
        for line in head.iter().skip(1).filter(|l| !l.to_ascii_lowercase().starts_with("proxy-")) {
            out.push_str(line);
            out.push_str("\r\n");
        }
        out.push_str("\r\n");
        upstream.write_all(out.as_bytes())?;
        upstream
    };
    pipe(client, upstream)
}

/// Copies bytes both ways until either side closes.
fn pipe(client: TcpStream, upstream: TcpStream) -> std::io::Result<()> {
    let (mut c_read, mut u_write) = (client.try_clone()?, upstream.try_clone()?);
    let forward = std::thread::spawn(move || {
        let _ = std::io::copy(&mut c_read, &mut u_write);
        let _ = u_write.shutdown(Shutdown::Write);
    });
    let (mut u_read, mut c_write) = (upstream, client);
    let _ = std::io::copy(&mut u_read, &mut c_write);
    let _ = c_write.shutdown(Shutdown::Both);
    let _ = forward.join();
    Ok(())
}
