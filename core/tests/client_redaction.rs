//! The webhook key is a secret: with a distinctive key, trigger every error kind over real
//! sockets and find the key in no `Display`, no `Debug` of an error, no `Debug`/`Display` of the
//! client or webhook, and no log record (a capturing `log` logger at debug level).
//! This binary installs the process-wide logger: its tests hold one lock so that each reads
//! only its own log records.

mod client_support;

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use client_support::*;
use wecom_bot::{Client, ClientConfig, Error, ErrorKind, MediaKind, ProxyConfig, RateLimit, RatePolicy, Webhook};
use wecom_bot_mock::Fault;

const KEY: &str = "SECRETKEY-1234-k3yc4n4ry-5678-efgh";
/// Pieces of the key long enough to identify it (its masked form keeps the first and last 4).
const KEY_PIECES: [&str; 3] = [KEY, "SECRETKEY-1234", "k3yc4n4ry-5678-efgh"];

struct Capture;

static RECORDS: Mutex<Vec<String>> = Mutex::new(Vec::new());
static SERIAL: Mutex<()> = Mutex::new(());

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        let line = format!("{} {} {}", record.level(), record.target(), record.args());
        RECORDS.lock().unwrap_or_else(|p| p.into_inner()).push(line);
    }
    fn flush(&self) {}
}

static LOGGER: Capture = Capture;

/// Installs the capturing logger (once), serializes the tests, and empties the capture.
fn start() -> MutexGuard<'static, ()> {
    let guard = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    let _ = log::set_logger(&LOGGER);
    log::set_max_level(log::LevelFilter::Debug);
    RECORDS.lock().unwrap_or_else(|p| p.into_inner()).clear();
    guard
}

fn logs() -> Vec<String> {
    RECORDS.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

fn assert_no_key(what: &str, text: &str) {
    for piece in KEY_PIECES {
        assert!(!text.contains(piece), "{what} contains the key ({piece}): {text}");
    }
}

fn assert_clean(error: &Error) {
    assert_no_key("Display", &error.to_string());
    assert_no_key("Debug", &format!("{error:?}"));
    assert_no_key("Debug (pretty)", &format!("{error:#?}"));
    assert_no_key("message()", error.message());
    if let Some(m) = error.errmsg() {
        assert_no_key("errmsg()", m);
    }
    if let Some(f) = error.field() {
        assert_no_key("field()", f);
    }
    if let Some(p) = error.path() {
        assert_no_key("path()", &p.to_string_lossy());
    }
}

/// The `io` kind keeps its path, with the key inside it masked: whoever reads the file (the
/// client, or a binding loading an image on its own before it sends) and whatever the path's
/// bytes.
#[test]
fn a_key_inside_a_path_is_masked_and_the_path_kept() {
    let _guard = start();
    let mock = mock();
    let bot = client(&mock, KEY);
    let dir = std::env::temp_dir().join(format!("{KEY}-robot"));
    let missing = dir.join(format!("{KEY}.png"));
    let masked = std::env::temp_dir().join("SECR…efgh-robot").join("SECR…efgh.png");
    let errors = [
        bot.send_image(&missing).unwrap_err(),
        bot.upload_path(MediaKind::File, &missing).unwrap_err(),
        bot.upload_path(MediaKind::Voice, &missing).unwrap_err(),
        // What the Python, Kotlin, Swift and C bindings call before they hand a message over.
        wecom_bot::Image::from_path(&missing).unwrap_err(),
    ];
    for e in &errors {
        assert_eq!(e.kind(), ErrorKind::Io, "{e}");
        assert_clean(e);
        assert_eq!(e.path(), Some(masked.as_path()), "{e:?}");
        assert!(e.to_string().contains("SECR…efgh.png"), "{e}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::{OsStrExt, OsStringExt};
        let mut raw = std::env::temp_dir().into_os_string().into_vec();
        raw.extend_from_slice(b"/\xff/");
        raw.extend_from_slice(format!("{KEY}.png").as_bytes());
        let e = wecom_bot::Image::from_path(std::ffi::OsStr::from_bytes(&raw)).unwrap_err();
        assert_clean(&e);
        let shown = e.path().expect("the io error keeps its path").as_os_str().as_bytes();
        assert!(!shown.windows(KEY.len()).any(|w| w == KEY.as_bytes()), "{e:?}");
    }
}

#[test]
fn every_error_kind_keeps_the_key_secret() {
    let _guard = start();
    let mock = mock();
    let bot = client(&mock, KEY);
    let mut seen = Vec::new();
    let mut check = |result: Result<(), Error>, kind: ErrorKind| {
        let e = result.expect_err("this call must fail");
        assert_eq!(e.kind(), kind, "{e}");
        assert_clean(&e);
        seen.push(kind);
    };

    // validation, also when the rejected input itself carries the key
    check(bot.send_text(""), ErrorKind::Validation);
    check(bot.send_json(&format!(r#"{{"msgtype":"text","text":{{"content":"x","{KEY}":1}}}}"#)), ErrorKind::Validation);
    check(bot.send_json(&format!(r#"{{"msgtype":"{KEY}"}}"#)), ErrorKind::Validation);
    check(bot.send_json(&format!(r#"{{"msgtype":"text","text":{{"content":["{KEY}"]}}}}"#)), ErrorKind::Validation);
    check(bot.send_text(&format!("{KEY}{}", "x".repeat(2048))), ErrorKind::Validation);
    // api: the server's errmsg echoes the key
    mock.script(
        KEY,
        Fault::Errcode { errcode: 93000, errmsg: Some(format!("invalid webhook url {KEY}, hint: [x]")) },
        1,
    );
    check(bot.send_text("x"), ErrorKind::Api);
    mock.script(KEY, Fault::Errcode { errcode: 93000, errmsg: None }, 1);
    check(bot.send_text("x"), ErrorKind::Api);
    mock.script(KEY, Fault::Warning { errmsg: Some(format!("Warning: wrong json format. key={KEY}")) }, 1);
    check(bot.send_text("x"), ErrorKind::Api);
    // rate_limited: from the server (errmsg with the key), and from the local limiter
    mock.script(KEY, Fault::Errcode { errcode: 45009, errmsg: Some(format!("api freq out of limit {KEY}")) }, 1);
    check(bot.send_text("x"), ErrorKind::RateLimited);
    let strict = client_with(&mock, KEY, |c| {
        c.rate_limit =
            Some(RateLimit { max_messages: 1, window: Duration::from_secs(60), policy: RatePolicy::FailFast });
    });
    strict.send_text("the one allowed").unwrap();
    check(strict.send_text("refused"), ErrorKind::RateLimited);
    // http_status: a gateway page echoing the URL
    mock.script(
        KEY,
        Fault::HttpStatus { status: 502, body: Some(format!("<h1>502</h1> upstream /cgi-bin/webhook/send?key={KEY}")) },
        1,
    );
    check(bot.send_text("x"), ErrorKind::HttpStatus);
    // decode: a body that is not JSON, echoing the key (the error quotes its start)
    mock.script(KEY, Fault::NotJson { body: Some(format!("key={KEY} is not json")) }, 1);
    check(bot.send_text("x"), ErrorKind::Decode);
    mock.script(KEY, Fault::NotJson { body: Some(format!(r#"{{"errcode":"{KEY}"}}"#)) }, 1);
    check(bot.send_text("x"), ErrorKind::Decode);
    // timeout
    let slow = client_with(&mock, KEY, |c| c.timeout = Duration::from_millis(200));
    mock.script(KEY, Fault::Delay { ms: 1000, then: None }, 1);
    check(slow.send_text("x"), ErrorKind::Timeout);
    // transport: a close after processing, and a refused connection (after retries)
    mock.script(KEY, Fault::Close { after_processing: true }, 1);
    check(bot.send_text("x"), ErrorKind::Transport);
    let nobody = client_with(&mock, KEY, |c| c.base_url = Some(format!("http://127.0.0.1:{}", closed_port())));
    check(nobody.send_text("x"), ErrorKind::Transport);
    check(nobody.upload_bytes(MediaKind::File, b"hello world", "a.txt").map(|_| ()), ErrorKind::Transport);
    // store: an unreachable Redis under the `fail` policy, its password the key (masked)
    let down = client_with(&mock, KEY, |c| {
        c.store = wecom_bot::Store::parse(&format!("redis://app:{KEY}@127.0.0.1:{}/0", closed_port())).unwrap();
        c.on_store_error = wecom_bot::OnStoreError::Fail;
        c.rate_limit = Some(RateLimit::default()); // the window is what lives in the store
    });
    check(down.send_text("x"), ErrorKind::Store);
    // io: a path that contains the key
    let missing = std::env::temp_dir().join(KEY).join("missing.bin");
    check(bot.upload_path(MediaKind::File, &missing).map(|_| ()), ErrorKind::Io);
    check(bot.send_image(&missing), ErrorKind::Io);
    // invalid_argument: bad keys and URLs that carry the key
    check(Client::new(&format!("{KEY}!")).map(|_| ()), ErrorKind::InvalidArgument);
    check(
        Client::new(&format!("https://qyapi.weixin.qq.com/wrong/path?key={KEY}")).map(|_| ()),
        ErrorKind::InvalidArgument,
    );
    check(
        Client::new(&format!("ftp://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={KEY}")).map(|_| ()),
        ErrorKind::InvalidArgument,
    );
    check(
        Client::new(&format!("http://example.com/cgi-bin/webhook/send?key={KEY}")).map(|_| ()),
        ErrorKind::InvalidArgument,
    );
    check(Webhook::parse(&format!("{KEY} {KEY}")).map(|_| ()), ErrorKind::InvalidArgument);
    let bad_proxy = ClientConfig { proxy: ProxyConfig::Url(format!("::{KEY}::")), ..ClientConfig::default() };
    check(Client::with_config(Webhook::from_key(KEY).unwrap(), bad_proxy).map(|_| ()), ErrorKind::InvalidArgument);
    let bad_base = ClientConfig { base_url: Some(format!("https://example.com/{KEY}")), ..ClientConfig::default() };
    check(Client::with_config(Webhook::from_key(KEY).unwrap(), bad_base).map(|_| ()), ErrorKind::InvalidArgument);

    for kind in ErrorKind::ALL {
        assert!(seen.contains(&kind), "error kind {kind} was not triggered");
    }
    // The client, its webhook and its configuration.
    let from_url = Client::with_config(Webhook::parse(&mock.send_url(KEY)).unwrap(), config(&mock)).unwrap();
    for c in [&bot, &from_url] {
        assert_no_key("Client Debug", &format!("{c:?} {c:#?}"));
        assert_no_key("Webhook Debug", &format!("{:?} {:#?}", c.webhook(), c.webhook()));
        assert_no_key("Webhook Display", &c.webhook().to_string());
        assert_no_key("ClientConfig Debug", &format!("{:?}", c.config()));
    }
    assert!(format!("{:?}", bot.webhook()).contains("SECR…efgh"), "the masked form is shown");
    // Every log record of all this.
    let lines = logs();
    assert!(lines.iter().any(|l| l.contains("/cgi-bin/webhook/send")), "debug records were captured: {lines:?}");
    for line in &lines {
        assert_no_key("a log record", line);
    }
}

#[test]
fn refused_connections_are_retried_and_logged_without_the_key() {
    let _guard = start();
    // Even at trace level, this crate's own records mask the key. (ureq's trace-level
    // records show request URLs, key included: documented on `Client`; not checked here.)
    log::set_max_level(log::LevelFilter::Trace);
    let port = closed_port();
    let cfg = ClientConfig {
        base_url: Some(format!("http://127.0.0.1:{port}")),
        proxy: ProxyConfig::None,
        retry: quick_retry(),
        rate_limit: None,
        ..ClientConfig::default()
    };
    let bot = Client::with_config(Webhook::from_key(KEY).unwrap(), cfg).unwrap();
    let e = bot.send_text("x").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    let lines = logs();
    let posts = lines.iter().filter(|l| l.contains("wecom_bot") && l.contains("POST ")).count();
    let retries = lines.iter().filter(|l| l.contains("retrying in")).count();
    assert_eq!((posts, retries), (3, 2), "3 attempts, 2 retries: {lines:#?}");
    for line in lines.iter().filter(|l| l.split(' ').nth(1).is_some_and(|target| target.starts_with("wecom_bot"))) {
        assert_no_key("a log record", line);
    }
}
