//! Hostile local inputs and a hostile server: every local read is bounded (a device, a FIFO,
//! a huge file or an endless standard input is refused, never read whole, never cut), and text
//! from the server cannot drive the terminal.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{key, mock, scratch, Cmd, BIN};

/// A path to a FIFO with no writer (opening it for reading blocks without O_NONBLOCK).
fn fifo(name: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name).to_string_lossy().into_owned();
    // Not `scratch`: writing to a FIFO left by an earlier run would block.
    let _ = std::fs::remove_file(&path);
    assert!(Command::new("mkfifo").arg(&path).status().unwrap().success());
    path
}

/// A sparse file of `len` bytes (no disk used).
fn sparse(name: &str, len: u64) -> String {
    let path = scratch(name, b"");
    std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(len).unwrap();
    path
}

/// Runs the binary with a safety rail: a run that has not ended after `rail` is killed and
/// reported as `None` (the bug this file guards against is a read that never ends).
fn run_bounded(args: &[&str], stdin: Option<Box<dyn Read + Send>>, rail: Duration) -> Option<(i32, String)> {
    let mut child = Command::new(BIN)
        .args(args)
        .env_remove("WECOM_BOT_KEY")
        .env_remove("WECOM_BOT_WEBHOOK")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        if let Some(mut source) = stdin {
            let _ = std::io::copy(&mut source, &mut pipe);
        }
    });
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
            let _ = feeder.join();
            return Some((status.code().unwrap_or(-1), err));
        }
        if start.elapsed() > rail {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

const RAIL: Duration = Duration::from_secs(60);

#[test]
fn images_from_devices_and_fifos_are_refused_without_reading() {
    let k = key("image-device");
    for path in ["/dev/zero".to_string(), fifo("image.fifo")] {
        let (code, err) = run_bounded(&["send", "image", &path, "--key", &k, "--dry-run"], None, RAIL)
            .unwrap_or_else(|| panic!("send image {path} never ended"));
        assert_eq!(code, 17, "{err}");
        assert!(err.contains("not a regular file"), "{err}");
    }
    // A 3 GiB (sparse) image is refused by the size rule, from its size alone.
    let big = sparse("huge.png", 3 << 30);
    Cmd::new(&["send", "image", &big, "--dry-run"]).run().fails(10, &["3221225472 bytes", "the limit is 2097152"]);
    // Standard input: read at most 2 MiB + 1.
    let (code, err) =
        run_bounded(&["send", "image", "-", "--dry-run"], Some(Box::new(std::io::repeat(0xFF))), RAIL).unwrap();
    assert_eq!(code, 10, "{err}");
    assert!(err.contains("the limit is 2097152"), "{err}");
}

#[test]
fn uploads_with_a_display_name_are_read_only_up_to_the_limit() {
    let k = key("upload-device");
    // Before: the whole of /dev/zero was read into memory.
    for args in [
        vec!["upload", "file", "/dev/zero", "--filename", "z.bin"],
        vec!["send", "file", "/dev/zero", "--filename", "z.bin"],
    ] {
        let mut args = args.clone();
        args.extend(["--key", &k, "--dry-run"]);
        let (code, err) = run_bounded(&args, None, RAIL).expect("the upload of /dev/zero ended");
        assert_eq!(code, 17, "{err}");
        assert!(err.contains("not a regular file"), "{err}");
    }
    let big = sparse("huge.bin", 2 << 30);
    Cmd::new(&["upload", "file", &big, "--filename", "x.bin", "--dry-run"])
        .run()
        .fails(10, &["the file is 2147483648 bytes; the limit is 20971520"]);
    // A voice over 2 MiB, read for its AMR frames, is refused before reading it.
    let big = sparse("huge.amr", 3 << 20);
    Cmd::new(&["upload", "voice", &big, "--dry-run"]).run().fails(10, &["the voice is 3145728 bytes"]);
    Cmd::new(&["upload", "voice", &big, "--filename", "v.amr", "--dry-run"])
        .run()
        .fails(10, &["the voice is 3145728 bytes"]);
    // Standard input: never more than the kind's limit + 1.
    let (code, err) = run_bounded(
        &["upload", "file", "-", "--filename", "z.bin", "--dry-run"],
        Some(Box::new(std::io::repeat(1))),
        RAIL,
    )
    .unwrap();
    assert_eq!(code, 10, "{err}");
    assert!(err.contains("the limit is 20971520"), "{err}");
}

#[test]
fn message_json_is_read_with_a_cap() {
    let (code, err) =
        run_bounded(&["send", "--json", "/dev/zero", "--dry-run"], None, RAIL).expect("send --json /dev/zero ended");
    assert_eq!(code, 17, "{err}");
    let (code, err) = run_bounded(&["send", "--json", &fifo("json.fifo"), "--dry-run"], None, RAIL).unwrap();
    assert_eq!(code, 17, "{err}");
    let big = sparse("huge.json", 1 << 30);
    Cmd::new(&["send", "--json", &big, "--dry-run"]).run().fails(10, &["the message JSON is more than 8388608 bytes"]);
    let (code, err) =
        run_bounded(&["send", "--json", "-", "--dry-run"], Some(Box::new(std::io::repeat(b' '))), RAIL).unwrap();
    assert_eq!(code, 10, "{err}");
    assert!(err.contains("the message JSON is more than 8388608 bytes"), "{err}");
}

#[test]
fn split_standard_input_past_the_cap_is_refused_not_cut() {
    let server = mock();
    let k = key("split-cap");
    // 1 MiB exactly is read and split (512 texts with --dry-run)…
    let line = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n";
    let exact = line.repeat((1 << 20) / line.len());
    assert_eq!(exact.len(), 1 << 20);
    let run = Cmd::new(&["send", "text", "-", "--split", "--dry-run"]).stdin(exact.clone()).run().ok();
    assert_eq!(run.stdout.lines().count(), 512);
    // …one byte more is refused, and nothing is sent (before: cut at the cap, exit 0).
    let over = format!("{exact}x");
    Cmd::new(&["send", "text", "-", "--split"])
        .key(&k)
        .at(&server)
        .stdin(over)
        .run()
        .fails(10, &["standard input is more than 1048576 bytes", "nothing was sent"]);
    assert!(server.all_records().is_empty(), "nothing reached the server");
}

/// A server that answers one request with `body` (HTTP 200, JSON), for text no mock would send.
fn hostile_server(body: &'static str) -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let Ok((mut conn, _)) = listener.accept() else { return };
        conn.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && conn.read(&mut byte).unwrap_or(0) == 1 {
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head).to_lowercase();
        let len: usize =
            head.lines().find_map(|l| l.strip_prefix("content-length:")).map_or(0, |v| v.trim().parse().unwrap_or(0));
        let mut rest = vec![0u8; len];
        let _ = conn.read_exact(&mut rest);
        let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        let _ = conn.write_all(answer.as_bytes());
    });
    (base, handle)
}

#[test]
fn control_characters_from_the_server_are_escaped() {
    let k = key("hostile-server");
    // An errmsg carrying an OSC title change, a colour, a forged line and a C1 CSI.
    let (base, server) = hostile_server(
        r#"{"errcode":93000,"errmsg":"bad\u001b]0;owned\u0007\u001b[31m\nerror: forged line\r\u009b2J"}"#,
    );
    let run = Cmd::new(&["send", "text", "hi", "--base-url", &base, "--no-rate-limit"]).key(&k).run().fails(11, &[]);
    assert!(!run.stderr.chars().any(|c| c.is_control() && c != '\n'), "raw control characters: {:?}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{:?}", run.stderr);
    assert!(run.stderr.contains("\\u001b]0;owned\\u0007"), "{:?}", run.stderr);
    server.join().unwrap();
    // A media_id with an escape sequence and a newline: printed as one escaped line.
    let (base, server) = hostile_server(
        r#"{"errcode":0,"errmsg":"ok","type":"file","media_id":"id\u001b[2J\nrm -rf","created_at":"1"}"#,
    );
    let path = scratch("hostile-upload.txt", b"hello world");
    let run = Cmd::new(&["upload", "file", &path, "--base-url", &base]).key(&k).run().ok();
    assert_eq!(run.stdout, "id\\u001b[2J\\u000arm -rf\n");
    server.join().unwrap();
}
