//! Every new connection is served at once, however many keep-alive connections are already
//! open and idle.
//!
//! Regression: on tiny_http 0.12 the mock ran one task per connection in tiny_http's thread
//! pool, whose `spawn` could queue two new connections for a single idle thread; the second
//! one was not read until some other connection closed. With idle keep-alive connections
//! held open by clients, a concurrent send then waited out its whole client timeout. A stall
//! shows here as a client timeout (3 s), an error the tests report.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use common::*;
use wecom_bot::{Client, ClientConfig, File, MediaKind, RetryPolicy, Webhook};
use wecom_bot_mock::{MockConfig, MockServer};

/// The client timeout that turns a stall into an error.
const STALL: Duration = Duration::from_secs(3);

fn client(s: &MockServer) -> Client {
    let config = ClientConfig {
        base_url: Some(s.base_url()),
        connect_timeout: STALL,
        timeout: STALL,
        upload_timeout: STALL,
        retry: RetryPolicy::none(),
        rate_limit: None,
        ..ClientConfig::default()
    };
    Client::with_config(Webhook::from_key(KEY).unwrap(), config).unwrap()
}

/// Reads one response with a `Content-Length` off a keep-alive connection; its body.
fn read_response(r: &mut BufReader<TcpStream>) -> std::io::Result<String> {
    let mut len = None;
    let mut line = String::new();
    let mut status = String::new();
    r.read_line(&mut status)?;
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                len = v.trim().parse::<usize>().ok();
            }
        }
    }
    let mut body = vec![0; len.expect("a Content-Length")];
    r.read_exact(&mut body)?;
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    Ok(String::from_utf8_lossy(&body).into_owned())
}

/// One keep-alive request on a raw connection: its answer's body.
fn keep_alive_send(r: &mut BufReader<TcpStream>, content: &str) -> std::io::Result<String> {
    let body = text(content).to_string();
    let head = format!(
        "POST /cgi-bin/webhook/send?key={KEY} HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let s = r.get_mut();
    s.write_all(head.as_bytes())?;
    s.write_all(body.as_bytes())?;
    read_response(r)
}

#[test]
fn a_burst_of_new_keep_alive_connections_is_served_at_once() {
    // Connections opened in a burst while others are open and idle, each kept open after its
    // answer: each must be answered without waiting for another connection to close.
    const ROUNDS: usize = 10;
    const IDLE: usize = 3;
    const BURST: usize = 12;
    let s = start(MockConfig::default().with_rate_limit(None));
    let connect = || {
        let c = TcpStream::connect(s.addr()).unwrap();
        c.set_read_timeout(Some(STALL)).unwrap();
        BufReader::new(c)
    };
    for round in 0..ROUNDS {
        // Idle keep-alive connections, each served once (like a client's pool after a send).
        let mut idle: Vec<_> = (0..IDLE).map(|_| connect()).collect();
        for (i, c) in idle.iter_mut().enumerate() {
            keep_alive_send(c, &format!("idle {round}-{i}")).unwrap();
        }
        // All connected before any writes: the server accepts them back to back.
        let mut burst: Vec<_> = (0..BURST).map(|_| connect()).collect();
        for (i, c) in burst.iter_mut().enumerate() {
            let answer = keep_alive_send(c, &format!("burst {round}-{i}")).unwrap_or_else(|e| {
                panic!("round {round}: connection {i} of the burst got no answer within {STALL:?}: {e}")
            });
            assert_eq!(answer, r#"{"errcode":0,"errmsg":"ok"}"#);
        }
        // Everything stays open until here, then closes together.
        drop((idle, burst));
    }
    assert_eq!(s.delivered(KEY).len(), ROUNDS * (IDLE + BURST));
}

#[test]
fn concurrent_clients_after_an_upload_are_not_stalled() {
    // The colleagues' reproduction: one client uploads (its idle connection stays in its
    // pool), then 4 threads send 10 messages each with their own clients, plus a round where
    // the 4 threads share one client.
    const ROUNDS: usize = 6;
    const THREADS: usize = 4;
    const EACH: usize = 10;
    let s = Arc::new(start(MockConfig::default().with_rate_limit(None)));
    let mut expected = 0;
    for round in 0..ROUNDS {
        let uploader = client(&s);
        let media = uploader.upload_bytes(MediaKind::File, b"some file bytes", "a.txt").unwrap();
        expected += 1;
        let shared = (round % 2 == 1).then(|| client(&s));
        let barrier = Arc::new(Barrier::new(THREADS));
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let s = Arc::clone(&s);
                let barrier = Arc::clone(&barrier);
                let c = shared.clone().unwrap_or_else(|| client(&s));
                thread::spawn(move || {
                    barrier.wait();
                    for i in 0..EACH {
                        c.send_text(&format!("{round}-{t}-{i}"))
                            .unwrap_or_else(|e| panic!("round {round}, thread {t}, send {i}: {e}"));
                    }
                })
            })
            .collect();
        let failures: Vec<String> = handles
            .into_iter()
            .filter_map(|h| h.join().err())
            .map(|e| e.downcast_ref::<String>().cloned().unwrap_or_else(|| "panic".into()))
            .collect();
        assert!(failures.is_empty(), "{failures:#?}");
        expected += THREADS * EACH;
        // The uploader's connection is still open and still works.
        uploader.send(&File::new(media.media_id.clone()).into()).unwrap();
        expected += 1;
    }
    assert_eq!(s.delivered(KEY).len(), expected);
}
