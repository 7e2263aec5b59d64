//! Every fault the mock can script, over real sockets: each yields its documented error kind,
//! or a successful bounded retry, and nothing that may have been delivered is sent twice.
//! Time bounds here are generous safety rails (several times the configured timeout), never
//! assertions on how fast something is.

mod client_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use client_support::*;
use wecom_bot::{ErrorKind, MediaKind, RateLimit, RatePolicy, RetryPolicy, TimeoutPhase};
use wecom_bot_mock::{Fault, Reply};

fn busy() -> Fault {
    Fault::Errcode { errcode: -1, errmsg: None }
}

fn rate_limited() -> Fault {
    Fault::Errcode { errcode: 45009, errmsg: None }
}

/// A client-side window of 20 per 200 ms: a 45009 waits at most 200 ms.
fn short_window() -> Option<RateLimit> {
    Some(RateLimit {
        max_messages: 20,
        window: Duration::from_millis(200),
        policy: RatePolicy::Wait { max_wait: Duration::from_secs(2) },
    })
}

fn outcomes(mock: &wecom_bot_mock::MockServer, key: &str) -> Vec<(Option<i64>, bool)> {
    mock.records(key).iter().map(|r| (r.reply.errcode(), r.delivered)).collect()
}

#[test]
fn rate_limited_storm_is_retried_after_the_window_and_succeeds() {
    let mock = mock();
    let key = &canary("fault-45009-storm");
    mock.script(key, rate_limited(), 2);
    let bot = client_with(&mock, key, |c| c.rate_limit = short_window());
    bot.send_text("after the storm").unwrap();
    assert_eq!(outcomes(&mock, key), [(Some(45009), false), (Some(45009), false), (Some(0), true)]);
}

#[test]
fn rate_limited_beyond_the_retries_is_rate_limited() {
    let mock = mock();
    let key = &canary("fault-45009-beyond");
    mock.script(key, rate_limited(), 5);
    let bot = client_with(&mock, key, |c| c.rate_limit = short_window());
    let e = bot.send_text("never").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited);
    assert_eq!(e.errcode(), Some(45009));
    assert!(e.retry_after().is_some(), "a 45009 carries a retry-after estimate");
    assert_eq!(mock.records(key).len(), 3, "exactly max_attempts requests");
    assert!(mock.delivered(key).is_empty());
}

#[test]
fn rate_limited_without_retries_is_returned_at_once() {
    let mock = mock();
    let key = &canary("fault-45009-no-retry");
    mock.script(key, rate_limited(), 1);
    let bot = client_with(&mock, key, |c| {
        c.rate_limit = short_window();
        c.retry = RetryPolicy::none();
    });
    let e = bot.send_text("once").unwrap_err();
    assert_eq!((e.kind(), e.errcode()), (ErrorKind::RateLimited, Some(45009)));
    assert_eq!(mock.records(key).len(), 1);
}

#[test]
fn rate_limited_with_the_client_limiter_off_is_not_waited_for() {
    // Without a client-side limiter, the client has no window to wait for: it reports the
    // 45009 at once, with the server's window (60 s) as the retry-after estimate.
    let mock = mock();
    let key = &canary("fault-45009-no-limiter");
    mock.script(key, rate_limited(), 1);
    let bot = client_with(&mock, key, |c| c.rate_limit = None);
    let started = Instant::now();
    let e = bot.send_text("once").unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(20), "no minute-long sleep");
    assert_eq!((e.kind(), e.errcode()), (ErrorKind::RateLimited, Some(45009)));
    assert_eq!(e.retry_after(), Some(Duration::from_secs(60)));
    assert_eq!(mock.records(key).len(), 1);
}

#[test]
fn system_busy_is_retried_with_backoff_and_succeeds() {
    let mock = mock();
    let key = &canary("fault-busy-once");
    mock.script(key, busy(), 2);
    let bot = client(&mock, key);
    bot.send_text("eventually").unwrap();
    assert_eq!(outcomes(&mock, key), [(Some(-1), false), (Some(-1), false), (Some(0), true)]);
}

#[test]
fn system_busy_every_time_is_an_api_error_after_exactly_max_attempts() {
    let mock = mock();
    let key = &canary("fault-busy-always");
    mock.script(key, busy(), 3);
    let bot = client(&mock, key);
    let e = bot.send_text("never").unwrap_err();
    assert_eq!((e.kind(), e.errcode()), (ErrorKind::Api, Some(-1)));
    assert!(e.errmsg().unwrap().starts_with("system busy"), "{e}");
    assert!(e.to_string().contains("system busy"), "the meaning is in the message: {e}");
    assert_eq!(mock.records(key).len(), 3);
    // The next call starts afresh.
    bot.send_text("now").unwrap();
    assert_eq!(mock.delivered(key).len(), 1);
}

#[test]
fn uploads_are_retried_on_system_busy_too() {
    let mock = mock();
    let key = &canary("fault-busy-upload");
    mock.script(key, busy(), 1);
    let bot = client(&mock, key);
    let media = bot.upload_path(MediaKind::File, fixture("banner.jpg")).unwrap();
    let records = mock.records(key);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].body, records[1].body, "the retry re-sends the whole file");
    assert_eq!(records[1].upload.as_ref().unwrap().media_id.as_deref(), Some(media.media_id.as_str()));
}

#[test]
fn http_502_is_http_status_and_not_retried() {
    let mock = mock();
    let key = &canary("fault-502");
    mock.script(key, Fault::HttpStatus { status: 502, body: None }, 1);
    let bot = client(&mock, key);
    let e = bot.send_text("gateway").unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::HttpStatus, Some(502)));
    assert!(!e.may_have_been_delivered(), "the server answered: its status says what happened");
    assert_eq!(mock.records(key).len(), 1, "a 5xx may have reached the robot: never retried");
    // A JSON body on a non-2xx status is still http_status.
    mock.script(key, Fault::HttpStatus { status: 503, body: Some(r#"{"errcode":0,"errmsg":"ok"}"#.into()) }, 1);
    let e = bot.send_text("gateway").unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::HttpStatus, Some(503)));
    assert_eq!(mock.records(key).len(), 2);
}

#[test]
fn a_delay_past_the_timeout_is_a_timeout_and_not_retried() {
    let mock = mock();
    let key = &canary("fault-delay");
    let timeout = Duration::from_millis(300);
    mock.script(key, Fault::Delay { ms: 1500, then: None }, 1);
    let bot = client_with(&mock, key, |c| c.timeout = timeout);
    let started = Instant::now();
    let e = bot.send_text("slow").unwrap_err();
    let took = started.elapsed();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(e.timeout_phase().is_some());
    assert!(e.to_string().contains("0.300 s"), "the message names the timeout: {e}");
    assert!(e.may_have_been_delivered(), "the request went out before the deadline: {e:?}");
    assert!(took < timeout * 3, "the call returned after {took:?}, far past its {timeout:?} timeout");
    // The mock records the delayed request when its delay ends; a retry would have been
    // answered at once (the fault applies once) and recorded as delivered.
    let records = wait_for_records(&mock, key, 1, Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(100));
    let records = if records.len() == 1 { mock.records(key) } else { records };
    assert_eq!(records.len(), 1, "a request that may have been delivered is not retried");
    assert!(records[0].delivered, "the slow server did deliver it: exactly why it must not be retried");
}

#[test]
fn uploads_time_out_with_the_upload_timeout() {
    let mock = mock();
    let key = &canary("fault-delay-upload");
    mock.script(key, Fault::Delay { ms: 1500, then: None }, 1);
    let timeout = Duration::from_millis(300);
    let bot = client_with(&mock, key, |c| {
        c.upload_timeout = timeout;
        c.timeout = Duration::from_secs(30);
    });
    let started = Instant::now();
    let e = bot.upload_bytes(MediaKind::File, b"some bytes", "a.txt").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(e.may_have_been_delivered(), "{e:?}");
    assert!(started.elapsed() < timeout * 3);
}

#[test]
fn a_close_after_processing_is_transport_and_not_retried() {
    let mock = mock();
    let key = &canary("fault-close-after");
    mock.script(key, Fault::Close { after_processing: true }, 1);
    let bot = client(&mock, key);
    let e = bot.send_text("delivered, then the connection dropped").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    assert!(e.may_have_been_delivered(), "{e:?}");
    let records = mock.records(key);
    assert_eq!(records.len(), 1, "never retried: it was delivered");
    assert!(records[0].delivered);
    assert_eq!(records[0].reply, Reply::Closed);
    // The client recovers: the next send uses a fresh connection.
    bot.send_text("next").unwrap();
    assert_eq!(mock.delivered(key).len(), 2);
}

#[test]
fn a_close_without_an_answer_is_transport_and_not_retried() {
    let mock = mock();
    let key = &canary("fault-close");
    mock.script(key, Fault::Close { after_processing: false }, 1);
    let bot = client(&mock, key);
    let e = bot.send_text("x").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    assert!(e.may_have_been_delivered(), "the client cannot tell this close from one after processing: {e:?}");
    assert_eq!(mock.records(key).len(), 1);
}

#[test]
fn a_close_after_keep_alive_reuse_is_not_retried_either() {
    // The first request opens a keep-alive connection; the second, on the same connection,
    // is delivered and then cut off. It must not be sent again.
    let mock = mock();
    let key = &canary("fault-close-keepalive");
    let bot = client(&mock, key);
    bot.send_text("first").unwrap();
    mock.script(key, Fault::Close { after_processing: true }, 1);
    let e = bot.send_text("second").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport);
    assert!(e.may_have_been_delivered(), "{e:?}");
    assert_eq!(mock.delivered(key).len(), 2);
    assert_eq!(mock.records(key).len(), 2);
}

#[test]
fn garbage_is_a_decode_error() {
    let mock = mock();
    let key = &canary("fault-garbage");
    mock.script(key, Fault::NotJson { body: None }, 1);
    mock.script(key, Fault::NotJson { body: Some("\u{0}\u{1}binary-ish garbage".into()) }, 1);
    mock.script(key, Fault::NotJson { body: Some(r#"{"errmsg":"no errcode"}"#.into()) }, 1);
    let bot = client(&mock, key);
    for _ in 0..3 {
        let e = bot.send_text("x").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
        assert!(!e.may_have_been_delivered(), "{e:?}");
    }
    assert_eq!(mock.records(key).len(), 3, "never retried");
}

#[test]
fn a_warning_is_an_api_error() {
    let mock = mock();
    let key = &canary("fault-warning");
    mock.script(key, Fault::Warning { errmsg: None }, 1);
    let bot = client(&mock, key);
    let e = bot.send_text("x").unwrap_err();
    assert_eq!((e.kind(), e.errcode()), (ErrorKind::Api, Some(0)));
    assert!(e.errmsg().unwrap().contains("Warning"));
    assert_eq!(mock.records(key).len(), 1);
}

#[test]
fn other_errcodes_are_api_errors_with_their_meaning() {
    let mock = mock();
    let key = &canary("fault-errcodes");
    mock.script(key, Fault::Errcode { errcode: 93000, errmsg: None }, 1);
    mock.script(key, Fault::Errcode { errcode: 40007, errmsg: Some("invalid media_id".into()) }, 1);
    mock.script(key, Fault::Errcode { errcode: 123456, errmsg: Some("brand new".into()) }, 1);
    let bot = client(&mock, key);
    let e = bot.send_text("x").unwrap_err();
    assert_eq!((e.kind(), e.errcode()), (ErrorKind::Api, Some(93000)));
    assert!(e.to_string().contains("invalid webhook url"), "{e}");
    let e = bot.send_text("x").unwrap_err();
    assert_eq!((e.kind(), e.errcode(), e.errmsg()), (ErrorKind::Api, Some(40007), Some("invalid media_id")));
    assert!(e.to_string().contains("3 days"), "the known meaning is added: {e}");
    let e = bot.send_text("x").unwrap_err();
    assert_eq!((e.kind(), e.errcode(), e.errmsg()), (ErrorKind::Api, Some(123456), Some("brand new")));
    assert_eq!(mock.records(key).len(), 3, "none of them retried");
    // And a real server-side refusal, not scripted: an unknown media id.
    let e = bot.send(&wecom_bot::File::new("NOT-UPLOADED").into()).unwrap_err();
    assert_eq!((e.kind(), e.errcode()), (ErrorKind::Api, Some(40007)));
}

#[test]
fn connection_refused_is_transport_after_retries() {
    let port = closed_port();
    let cfg = wecom_bot::ClientConfig {
        base_url: Some(format!("http://127.0.0.1:{port}")),
        proxy: wecom_bot::ProxyConfig::None,
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(5),
        retry: quick_retry(),
        rate_limit: None,
        ..wecom_bot::ClientConfig::default()
    };
    let bot = wecom_bot::Client::with_config(wecom_bot::Webhook::from_key("fault-refused").unwrap(), cfg).unwrap();
    let e = bot.send_text("nobody home").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    assert!(!e.may_have_been_delivered(), "nothing was sent to a refused connection: {e:?}");
    let e = bot.upload_bytes(MediaKind::File, b"123456", "a.txt").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    assert!(!e.may_have_been_delivered(), "{e:?}");
}

/// A loopback listener that never accepts, its accept queue full: the kernel drops the SYNs
/// of any further connect, which waits as one to a host that drops packets would (and no
/// packet leaves the machine). Kept alive with the filler connections it holds.
fn stalled_listener() -> (std::net::SocketAddr, TcpListener, Vec<std::net::TcpStream>) {
    use rustix::net::{bind, listen, socket, AddressFamily, SocketType};
    let fd = socket(AddressFamily::INET, SocketType::STREAM, None).unwrap();
    bind(&fd, &std::net::SocketAddr::from(([127, 0, 0, 1], 0))).unwrap();
    listen(&fd, 0).unwrap(); // a queue of one connection
    let listener = TcpListener::from(fd);
    let addr = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..8 {
        match std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            Ok(s) => fillers.push(s),
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => return (addr, listener, fillers),
            Err(e) => panic!("filling the accept queue: {e}"),
        }
    }
    panic!("the accept queue never filled: connects to it do not stall on this kernel");
}

#[test]
fn a_slow_connect_is_a_connect_timeout() {
    let (addr, _listener, _fillers) = stalled_listener();
    let cfg = wecom_bot::ClientConfig {
        base_url: Some(format!("http://{addr}")),
        proxy: wecom_bot::ProxyConfig::None,
        connect_timeout: Duration::from_millis(300),
        timeout: Duration::from_secs(2),
        retry: RetryPolicy::none(),
        rate_limit: None,
        ..wecom_bot::ClientConfig::default()
    };
    let bot =
        wecom_bot::Client::with_config(wecom_bot::Webhook::from_key("fault-connect-timeout").unwrap(), cfg).unwrap();
    let started = Instant::now();
    let e = bot.send_text("x").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert_eq!(e.timeout_phase(), Some(TimeoutPhase::Connect), "{e}");
    assert!(!e.may_have_been_delivered(), "no connection, nothing sent: {e:?}");
    assert!(started.elapsed() < Duration::from_secs(6));
}

#[test]
fn a_huge_answer_is_a_decode_error() {
    let mock = mock();
    let key = &canary("fault-huge");
    mock.script(key, Fault::NotJson { body: Some("x".repeat(2 << 20)) }, 1);
    let e = client(&mock, key).send_text("x").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
    assert!(e.to_string().contains("larger than"), "{e}");
}

/// A raw server that answers each request `{"errcode":0}` with keep-alive, then closes the
/// connection (as servers do with idle keep-alive connections) and reports each close.
fn closing_server() -> (u16, std::sync::mpsc::Receiver<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap();
                }
                if line == "\r\n" {
                    break;
                }
            }
            let mut body = vec![0; len];
            let _ = reader.read_exact(&mut body);
            let answer = r#"{"errcode":0,"errmsg":"ok"}"#;
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{answer}",
                answer.len()
            );
            let _ = stream.flush();
            drop(reader);
            let _ = stream.shutdown(std::net::Shutdown::Both);
            drop(stream);
            if tx.send(n + 1).is_err() {
                return;
            }
        }
    });
    (port, rx)
}

#[test]
fn a_keep_alive_connection_closed_while_idle_is_not_reused() {
    let (port, closed) = closing_server();
    let bot = client_with(&mock(), "fault-idle-close", |c| {
        c.base_url = Some(format!("http://127.0.0.1:{port}"));
        c.retry = RetryPolicy::none();
    });
    for i in 1..=3 {
        bot.send_text(&format!("message {i}")).unwrap_or_else(|e| panic!("message {i} after an idle close: {e}"));
        assert_eq!(closed.recv_timeout(Duration::from_secs(10)).unwrap(), i, "the server closed connection {i}");
    }
}

#[test]
fn every_errcode_the_mock_answers_has_a_known_meaning() {
    let mock = mock();
    let key = &canary("fault-every-errcode");
    let bot = client_with(&mock, key, |c| c.retry = RetryPolicy::none());
    for row in wecom_bot_mock::errcode::TABLE.iter().filter(|r| r.errcode != 0) {
        let meaning = wecom_bot::errcode::meaning(row.errcode)
            .unwrap_or_else(|| panic!("no meaning for errcode {}", row.errcode));
        mock.script(key, Fault::Errcode { errcode: row.errcode, errmsg: None }, 1);
        let e = bot.send_text("x").unwrap_err();
        let kind = if row.errcode == 45009 { ErrorKind::RateLimited } else { ErrorKind::Api };
        assert_eq!((e.kind(), e.errcode()), (kind, Some(row.errcode)));
        assert!(e.to_string().contains(meaning), "{e}");
        assert!(
            e.errmsg()
                .unwrap()
                .contains(&format!("more info at https://open.work.weixin.qq.com/devtool/query?e={}", row.errcode)),
            "{e}"
        );
    }
}

#[test]
fn https_to_a_server_answering_plain_text_is_a_transport_error() {
    // The TLS handshake meets plain text: a clear transport error, with either trust store.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    for roots in [wecom_bot::TlsRoots::Bundled, wecom_bot::TlsRoots::Platform] {
        let bot = client_with(&mock(), "fault-tls", |c| {
            c.base_url = Some(format!("https://127.0.0.1:{port}"));
            c.tls_roots = roots;
            c.retry = RetryPolicy::none();
        });
        let e = bot.send_text("x").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Transport, "{roots:?}: {e}");
    }
}

#[test]
fn a_silent_tls_handshake_is_a_connect_timeout() {
    // The mock speaks plain HTTP and waits for a request line that a TLS ClientHello never
    // completes: the handshake (part of connecting) runs out of connect_timeout.
    let mock = mock();
    let connect_timeout = Duration::from_millis(300);
    let bot = client_with(&mock, "fault-tls-silent", |c| {
        c.base_url = Some(format!("https://127.0.0.1:{}", mock.port()));
        c.connect_timeout = connect_timeout;
        c.retry = RetryPolicy::none();
    });
    let started = Instant::now();
    let e = bot.send_text("x").unwrap_err();
    assert_eq!((e.kind(), e.timeout_phase()), (ErrorKind::Timeout, Some(TimeoutPhase::Connect)), "{e}");
    assert!(started.elapsed() < connect_timeout * 3 + Duration::from_secs(1));
    assert!(mock.delivered("fault-tls-silent").is_empty());
}

#[test]
fn one_client_shared_by_threads_delivers_everything_once() {
    let mock = mock();
    let key = &canary("fault-threads");
    let bot = client(&mock, key);
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let bot = bot.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    bot.send_text(&format!("t{t} m{i}")).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let delivered: Vec<String> = mock
        .delivered(key)
        .iter()
        .map(|r| r.body_json().unwrap()["text"]["content"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(delivered.len(), 100);
    for t in 0..4 {
        let mine: Vec<_> = delivered.iter().filter(|c| c.starts_with(&format!("t{t} "))).cloned().collect();
        assert_eq!(mine, (0..25).map(|i| format!("t{t} m{i}")).collect::<Vec<_>>());
    }
}

#[test]
fn an_upload_answered_45009_waits_for_the_window_before_its_retry() {
    let mock = mock();
    let key = &canary("fault-45009-upload");
    let window = Duration::from_millis(300);
    mock.script(key, rate_limited(), 1);
    let bot = client_with(&mock, key, |c| {
        c.rate_limit =
            Some(RateLimit { max_messages: 20, window, policy: RatePolicy::Wait { max_wait: Duration::from_secs(2) } });
    });
    let started = Instant::now();
    bot.upload_bytes(MediaKind::File, b"hello world", "a.txt").unwrap();
    // A lower bound on purpose: a retry sent at once would have been a second 45009 at the
    // real server. (Loose: the window is measured from the 45009's answer.)
    assert!(started.elapsed() >= window / 2, "the retry did not wait for the window");
    assert_eq!(mock.records(key).len(), 2);
}
