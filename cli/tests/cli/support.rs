//! Running the binary and checking its output.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;
use wecom_bot_mock::{MockConfig, MockServer, Record, RecordKind};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_wecom-bot");

/// Environment variables that would change what the command does; removed from every run.
const SCRUBBED: &[&str] = &[
    "WECOM_BOT_KEY",
    "WECOM_BOT_WEBHOOK",
    "WECOM_BOT_BASE_URL",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
];

/// A distinctive key for one test: it must never show up in any output.
pub fn key(test: &str) -> String {
    format!("CliSecretKey-{test}-k3yc4n4ry-Zq7Xw93KfP")
}

/// A mock server without a rate limit (tests use their own keys).
pub fn mock() -> MockServer {
    MockServer::start(MockConfig::default().with_rate_limit(None)).expect("the mock starts")
}

/// What a run produced.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Asserts exit code 0.
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "expected success: {self:#?}");
        self
    }

    /// Asserts the exit code and a one-line error on stderr containing every `parts`.
    #[track_caller]
    pub fn fails(self, code: i32, parts: &[&str]) -> Run {
        assert_eq!(self.code, code, "exit code: {self:#?}");
        let lines: Vec<&str> = self.stderr.lines().filter(|l| !l.starts_with("wecom-bot: [")).collect();
        if code != 2 {
            assert_eq!(lines.len(), 1, "one line of error: {self:#?}");
        }
        assert!(lines[0].starts_with("error: "), "{self:#?}");
        for p in parts {
            assert!(self.stderr.contains(p), "stderr should contain {p:?}: {self:#?}");
        }
        self
    }
}

/// One invocation of the binary.
pub struct Cmd {
    command: Command,
    stdin: Option<Vec<u8>>,
    secrets: Vec<String>,
}

impl Cmd {
    /// `wecom-bot ARGS…` with a scrubbed environment.
    pub fn new(args: &[&str]) -> Cmd {
        let mut command = Command::new(BIN);
        command.args(args);
        for var in SCRUBBED {
            command.env_remove(var);
        }
        Cmd { command, stdin: None, secrets: Vec::new() }
    }

    /// Adds arguments.
    pub fn args(mut self, args: &[&str]) -> Cmd {
        self.command.args(args);
        self
    }

    /// Adds `--key KEY` (and remembers KEY as a secret).
    pub fn key(self, key: &str) -> Cmd {
        self.args(&["--key", key]).secret(key)
    }

    /// Adds `--base-url` for the mock.
    pub fn at(self, server: &MockServer) -> Cmd {
        let base = server.base_url();
        self.args(&["--base-url", &base])
    }

    /// Sets an environment variable (its value is remembered as a secret when `secret`).
    pub fn env(mut self, name: &str, value: &str) -> Cmd {
        self.command.env(name, value);
        self
    }

    /// Remembers a string that must not appear in any output.
    pub fn secret(mut self, s: &str) -> Cmd {
        self.secrets.push(s.to_string());
        self
    }

    /// Feeds standard input (otherwise it is empty).
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Cmd {
        self.stdin = Some(bytes.into());
        self
    }

    /// Runs to the end; asserts that no secret was printed.
    pub fn run(mut self) -> Run {
        self.command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = self.command.spawn().expect("the binary runs");
        let input = self.stdin.take().unwrap_or_default();
        let mut pipe = child.stdin.take().expect("stdin is piped");
        let writer = std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
        let out = child.wait_with_output().expect("the binary finishes");
        writer.join().expect("the stdin writer");
        let run = Run {
            code: out.status.code().expect("exited, not killed"),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        };
        for s in &self.secrets {
            assert!(!run.stdout.contains(s.as_str()), "secret in stdout: {run:#?}");
            assert!(!run.stderr.contains(s.as_str()), "secret in stderr: {run:#?}");
        }
        run
    }
}

/// The send bodies the mock delivered for `key`, parsed, in order.
pub fn sent(server: &MockServer, key: &str) -> Vec<Value> {
    server
        .delivered(key)
        .into_iter()
        .filter(|r| r.kind == RecordKind::Send)
        .map(|r| r.body_json().expect("JSON body"))
        .collect()
}

/// The uploads the mock stored for `key`, in order.
pub fn uploads(server: &MockServer, key: &str) -> Vec<Record> {
    server.delivered(key).into_iter().filter(|r| r.kind == RecordKind::Upload).collect()
}

/// Parses JSON text.
pub fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

/// A fixture of the repository's `tests/fixtures`.
pub fn fixture(name: &str) -> String {
    format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A scratch file with these bytes (under the target directory; unique per test name).
pub fn scratch(name: &str, bytes: &[u8]) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-tests");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("scratch file");
    path.to_string_lossy().into_owned()
}
