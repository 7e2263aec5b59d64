//! What a shell user is told while the command works and when it fails: errors name the host
//! (never the key) and say when a message may have been delivered; markdown-v2's `--split` repeats
//! a table's header; long uploads show their progress (a line every 10 % with standard
//! error piped, a bar on a terminal, nothing with `--quiet`).

use std::process::Command;

use wecom_bot_mock::{Fault, MockServer};

use crate::support::{key, mock, scratch, sent, Cmd, BIN};

fn scripted(key: &str, fault: Fault) -> MockServer {
    let server = mock();
    server.script(key, fault, 10);
    server
}

#[test]
fn a_refused_connection_names_the_host_and_says_nothing_was_sent() {
    let k = key("hostname");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let host = listener.local_addr().unwrap().to_string();
    drop(listener);
    let run = Cmd::new(&["send", "text", "x", "--base-url", &format!("http://{host}")])
        .key(&k)
        .run()
        .fails(15, &["error: transport:", &format!("(host {host})")]);
    assert!(!run.stderr.contains("may have been delivered"), "{run:?}");
}

#[test]
fn a_connection_closed_after_the_request_may_have_delivered_the_message() {
    let k = key("closed");
    let server = scripted(&k, Fault::Close { after_processing: true });
    let host = server.base_url().trim_start_matches("http://").to_string();
    Cmd::new(&["send", "text", "x"])
        .key(&k)
        .at(&server)
        .run()
        .fails(15, &["error: transport:", &format!("(host {host})"), "the message may have been delivered"]);
    assert_eq!(server.delivered(&k).len(), 1, "the mock did deliver it");
}

#[test]
fn a_timeout_waiting_for_the_answer_may_have_delivered_the_message() {
    let k = key("slowanswer");
    let server = scripted(&k, Fault::Delay { ms: 20_000, then: None });
    Cmd::new(&["send", "text", "x", "--timeout", "0.3"])
        .key(&k)
        .at(&server)
        .run()
        .fails(14, &["error: timeout:", "(host 127.0.0.1:", "the message may have been delivered"]);
}

#[test]
fn markdown_v2_over_the_limit_offers_split_and_split_keeps_the_table_header() {
    let k = key("mdv2split");
    let server = mock();
    let long = "x".repeat(4100);
    Cmd::new(&["send", "markdown-v2", &long])
        .key(&k)
        .at(&server)
        .run()
        .fails(10, &["markdown_v2.content", "--split sends it as several messages"]);
    assert!(server.all_records().is_empty());
    let mut table = String::from("| name | value |\n| --- | --- |\n");
    for i in 0..200 {
        table.push_str(&format!("| row {i} | {} |\n", "v".repeat(20)));
    }
    Cmd::new(&["send", "markdown-v2", "-", "--split"]).key(&k).at(&server).stdin(table).run().ok();
    let messages = sent(&server, &k);
    assert!(messages.len() >= 2, "a 6 KB table goes out as several messages: {messages:?}");
    for m in &messages {
        let content = m["markdown_v2"]["content"].as_str().unwrap();
        assert!(
            content.starts_with("| name | value |\n| --- | --- |\n"),
            "every chunk starts with the header: {content}"
        );
    }
}

/// A file large enough to show its progress.
fn big_file(name: &str) -> String {
    scratch(name, &vec![b'z'; 5 * 1024 * 1024 + 17])
}

#[test]
fn a_long_upload_with_stderr_piped_prints_a_line_every_ten_percent() {
    let k = key("progresslines");
    let server = mock();
    let path = big_file("progress-lines.bin");
    let run = Cmd::new(&["upload", "file", &path]).key(&k).at(&server).run().ok();
    let lines: Vec<&str> = run.stderr.lines().collect();
    let expected: Vec<String> =
        (0..=10).map(|t| format!("wecom-bot: uploading progress-lines.bin: {}% (", t * 10)).collect();
    assert_eq!(lines.len(), 11, "{run:?}");
    for (line, start) in lines.iter().zip(&expected) {
        assert!(line.starts_with(start.as_str()), "{line:?} should start with {start:?}");
    }
    assert!(lines[10].ends_with("(5.00 MiB of 5.00 MiB)"), "{run:?}");
    assert_eq!(server.delivered(&k).len(), 1);
    // --quiet: nothing on stderr, the media_id on stdout.
    let run = Cmd::new(&["-q", "upload", "file", &path]).key(&k).at(&server).run().ok();
    assert_eq!(run.stderr, "", "{run:?}");
    assert!(!run.stdout.trim().is_empty());
    // A small file: no progress.
    let run = Cmd::new(&["upload", "file", &crate::support::fixture("icon.png")]).key(&k).at(&server).run().ok();
    assert_eq!(run.stderr, "", "{run:?}");
}

/// Runs the binary under a pseudo-terminal (util-linux `script`), returning what the terminal
/// showed (stdout and stderr both go to it).
fn on_a_terminal(args: &[String], env: &[(&str, &str)]) -> (i32, String) {
    let quoted: Vec<String> = std::iter::once(BIN.to_string())
        .chain(args.iter().cloned())
        .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
        .collect();
    let mut command = Command::new("script");
    command.args(["-q", "-e", "-c", &quoted.join(" "), "/dev/null"]);
    for (name, value) in env {
        command.env(name, value);
    }
    for var in ["WECOM_BOT_KEY", "WECOM_BOT_WEBHOOK", "WECOM_BOT_BASE_URL", "HTTP_PROXY", "http_proxy"] {
        if !env.iter().any(|(n, _)| *n == var) {
            command.env_remove(var);
        }
    }
    let out = command.output().expect("`script` (util-linux) runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_long_upload_on_a_terminal_shows_a_progress_bar() {
    let k = key("progressbar");
    let server = mock();
    let path = big_file("progress-bar.bin");
    let args: Vec<String> = ["upload", "file", &path, "--base-url", &server.base_url()].map(String::from).to_vec();
    let (code, screen) = on_a_terminal(&args, &[("WECOM_BOT_KEY", &k)]);
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("uploading progress-bar.bin ["), "a bar is drawn: {screen:?}");
    assert!(!screen.contains("10% ("), "no progress lines on a terminal: {screen:?}");
    assert!(!screen.contains(&k), "the key is not shown");
    let id = server.delivered(&k)[0].upload.as_ref().unwrap().media_id.clone().unwrap();
    assert!(screen.contains(&id), "the media_id is printed: {screen:?}");
    // --quiet: only the media_id.
    let args: Vec<String> =
        ["-q", "upload", "file", &path, "--base-url", &server.base_url()].map(String::from).to_vec();
    let (code, screen) = on_a_terminal(&args, &[("WECOM_BOT_KEY", &k)]);
    assert_eq!(code, 0, "{screen}");
    assert!(!screen.contains("uploading"), "{screen:?}");
}
