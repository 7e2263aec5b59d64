//! The plumbing on its own, with a small handler: what the mock's tests do not reach.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{mpsc, Mutex};

use super::*;

/// `/panic` panics, `/close` closes, `/slow` tells the test it started and answers after
/// 300 ms; anything else is echoed.
struct Echo {
    started: Mutex<mpsc::Sender<()>>,
}

impl Handler for Echo {
    fn handle(&self, req: Request) -> impl Future<Output = Answer> + Send + 'static {
        let started = self.started.lock().unwrap().clone();
        async move {
            match req.target.as_str() {
                "/panic" => panic!("a handler bug"),
                "/close" => Answer::Close,
                "/slow" => {
                    let _ = started.send(());
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    Answer::text(200, "slow")
                }
                _ => Answer::text(200, format!("{} {} {}", req.method, req.target, req.body.len())),
            }
        }
    }

    /// Says what it was told, and asks (in vain) to keep the connection.
    fn refusal(&self, status: u16, method: &str, target: &str, why: &str) -> Answer {
        Answer::RespondWith {
            status,
            content_type: "application/x-refusal".into(),
            headers: vec![("connection", "keep-alive".into())],
            body: format!("refused {status} {method} {target}: {why}").into(),
        }
    }
}

fn server(limits: Limits) -> (Server, mpsc::Receiver<()>) {
    let (tx, rx) = mpsc::channel();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let s = Server::start(listener, limits, "serve-test", Arc::new(Echo { started: Mutex::new(tx) })).unwrap();
    (s, rx)
}

/// Writes `raw`, then reads until the server closes the connection.
fn exchange(addr: SocketAddr, raw: &[u8]) -> String {
    let mut c = TcpStream::connect(addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    c.write_all(raw).unwrap();
    let mut out = Vec::new();
    let _ = c.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn pipelined_requests_are_answered_in_order() {
    let (s, _) = server(Limits::default());
    let out = exchange(
        s.addr(),
        b"POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc\
          POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n\
          GET /c HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    let a = out.find("POST /a 3").expect(&out);
    let b = out.find("POST /b 2").expect(&out);
    let c = out.find("GET /c 0").expect(&out);
    assert!(a < b && b < c, "{out}");
    assert_eq!(out.matches("HTTP/1.1 200 OK").count(), 3, "{out}");
    assert!(out.contains("server: serve-test"), "{out}");
}

#[test]
fn a_panic_answers_500_and_close_answers_nothing() {
    let (s, _) = server(Limits::default());
    let out = exchange(s.addr(), b"GET /panic HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n");
    assert!(out.starts_with("HTTP/1.1 500 Internal Server Error\r\n"), "{out}");
    assert_eq!(out.matches("HTTP/1.1 ").count(), 1, "{out}");
    assert_eq!(exchange(s.addr(), b"GET /close HTTP/1.1\r\n\r\n"), "");
    assert!(exchange(s.addr(), b"GET /fine HTTP/1.1\r\nConnection: close\r\n\r\n").ends_with("GET /fine 0"));
}

#[test]
fn the_handler_words_the_plumbings_own_answers_and_the_connection_still_closes() {
    let limits = Limits { max_body: 10, read_timeout: Duration::from_millis(300), ..Limits::default() };
    let (s, _) = server(limits);
    let cases: [(&[u8], &str); 3] = [
        (
            b"POST /big?x=1 HTTP/1.1\r\nContent-Length: 11\r\n\r\nGET / HTTP/1.1\r\n\r\n",
            "refused 413 POST /big?x=1: the request body is larger than 10 bytes",
        ),
        (
            b"POST /late HTTP/1.1\r\nContent-Length: 5\r\n\r\nab",
            "refused 408 POST /late: the request body did not arrive within the read timeout",
        ),
        (
            b"GET /panic HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n",
            "refused 500 GET /panic: the server failed on this request",
        ),
    ];
    for (raw, said) in cases {
        let out = exchange(s.addr(), raw);
        assert!(out.ends_with(said), "{out}");
        assert!(out.contains("content-type: application/x-refusal"), "{out}");
        assert!(out.contains("connection: close") && !out.contains("keep-alive"), "{out}");
        assert_eq!(out.matches("HTTP/1.1 ").count(), 1, "nothing after the refusal: {out}");
    }
}

#[test]
fn a_huge_read_timeout_is_capped_not_a_panic() {
    let (s, _) = server(Limits { read_timeout: Duration::MAX, ..Limits::default() });
    assert!(exchange(s.addr(), b"GET /x HTTP/1.1\r\nConnection: close\r\n\r\n").ends_with("GET /x 0"));
}

#[test]
fn shutdown_lets_a_request_in_flight_finish_and_stop_does_not() {
    for (grace, answered) in [(Duration::from_secs(30), true), (Duration::ZERO, false)] {
        let (mut s, started) = server(Limits::default());
        let addr = s.addr();
        let client = thread::spawn(move || exchange(addr, b"GET /slow HTTP/1.1\r\n\r\n"));
        started.recv().unwrap();
        s.shutdown(grace);
        // Stopped: nothing listens any more.
        assert!(TcpStream::connect(addr).is_err());
        let out = client.join().unwrap();
        assert_eq!(out.ends_with("slow"), answered, "grace {grace:?}: {out:?}");
    }
}
