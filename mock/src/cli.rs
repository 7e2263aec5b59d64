//! The `wecom-bot-mock` command (also reused by `wecom-bot mock`).

use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use clap::Parser;
use serde::Deserialize;
use wecom_bot::media::MediaKind;

use crate::config::{rate_window, MockConfig};
use crate::fault::Script;
use crate::server::MockServer;

/// The command-line options of the mock server. `wecom-bot mock` flattens these into its own
/// subcommand and calls [`run`].
#[derive(Debug, Clone, Default, clap::Args)]
pub struct MockArgs {
    /// TCP port on 127.0.0.1 (0: a free port, printed on the first line)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub port: u16,

    /// Accept only this key (repeatable); without any key every non-empty key is accepted
    #[arg(long = "key", value_name = "KEY")]
    pub keys: Vec<String>,

    /// Per-key rate limit as COUNT/SECONDS (default 20/60, like the real server)
    #[arg(long, value_name = "COUNT/SECONDS", value_parser = parse_rate, conflicts_with = "no_rate_limit")]
    pub rate_limit: Option<(u32, Duration)>,

    /// Turn the rate limit off
    #[arg(long)]
    pub no_rate_limit: bool,

    /// JSON file with keys, rate limit, faults and media to start with (see mock/README.md)
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,

    /// Keep running when standard input closes (for daemons); stop only on SIGTERM/SIGINT
    #[arg(long)]
    pub no_stdin_watch: bool,

    /// Do not log requests to standard error
    #[arg(long, short)]
    pub quiet: bool,

    /// Print the inbox page's URL (`inbox at URL`) as the second line of standard output, and
    /// open it in a browser when one is available
    #[arg(long)]
    pub open: bool,

    /// Connections served at once; one more is answered 503 [default: 128]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=65_536))]
    pub max_connections: Option<u32>,

    /// Largest request body in bytes; a longer one is answered 413 [default: 33554432]
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..=1 << 30))]
    pub max_body: Option<u64>,

    /// Seconds allowed for a request's head (and for the next one on an idle connection) and
    /// for its body [default: 30]
    #[arg(long, value_name = "SECONDS", value_parser = parse_read_timeout)]
    pub read_timeout: Option<Duration>,

    /// Records kept, the oldest dropped first [default: 10000]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    pub max_records: Option<u32>,

    /// Run COMMAND with WECOM_MOCK_URL set to this server, then stop; exit with its exit code
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}

#[derive(Debug, Parser)]
#[command(
    name = "wecom-bot-mock",
    version,
    about = "A local mock of the WeCom group-robot webhook server, for tests",
    long_about = "A local mock of the WeCom group-robot webhook server, for tests.\n\n\
        Prints `listening on http://127.0.0.1:PORT` as its first line on standard output, \
        logs requests (keys redacted) to standard error, and exits 0 on SIGTERM, SIGINT or \
        when standard input closes."
)]
struct Cli {
    #[command(flatten)]
    args: MockArgs,
}

fn parse_rate(s: &str) -> Result<(u32, Duration), String> {
    let (count, secs) = s.split_once('/').ok_or("expected COUNT/SECONDS, e.g. 20/60")?;
    let count: u32 = count.trim().parse().map_err(|_| format!("bad COUNT {count:?}"))?;
    let secs: f64 = secs.trim().parse().map_err(|_| format!("bad SECONDS {secs:?}"))?;
    if count == 0 {
        return Err("COUNT must be more than 0".into());
    }
    Ok((count, rate_window(secs)?))
}

/// The longest `--read-timeout`: an hour.
const MAX_READ_TIMEOUT_SECS: f64 = 3600.0;

fn parse_read_timeout(s: &str) -> Result<Duration, String> {
    let secs: f64 = s.trim().parse().map_err(|_| format!("bad SECONDS {s:?}"))?;
    if !(secs > 0.0 && secs <= MAX_READ_TIMEOUT_SECS) {
        return Err(format!("the read timeout must be more than 0 and at most {MAX_READ_TIMEOUT_SECS} seconds"));
    }
    Duration::try_from_secs_f64(secs).map_err(|e| e.to_string())
}

/// A scenario file (`--scenario FILE`): the state the server starts in. Every field is
/// optional; command-line flags win over it.
///
/// ```json
/// {
///   "keys": ["k1", "k2"],
///   "rate_limit": {"count": 20, "window_secs": 60},
///   "media_ttl_secs": 259200,
///   "script": [{"key": "*", "fault": {"kind": "errcode", "errcode": -1}, "times": 2}],
///   "media": [{"key": "k1", "media_id": "MEDIAID", "type": "file"}]
/// }
/// ```
/// `"rate_limit": null` turns the limit off.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Keys to accept (added to `--key`).
    #[serde(default)]
    pub keys: Option<Vec<String>>,
    /// The rate limit; absent: the default; `null`: off.
    #[serde(default, deserialize_with = "some")]
    pub rate_limit: Option<Option<ScenarioRate>>,
    /// Media lifetime in seconds.
    #[serde(default)]
    pub media_ttl_secs: Option<u64>,
    /// Faults to script at start.
    #[serde(default)]
    pub script: Vec<Script>,
    /// Media ids to register at start.
    #[serde(default)]
    pub media: Vec<ScenarioMedia>,
}

fn some<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

/// A rate limit in a scenario file.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioRate {
    /// Messages per window.
    pub count: u32,
    /// Window length in seconds.
    pub window_secs: f64,
}

impl ScenarioRate {
    /// The limit as a [`MockConfig`] holds it; an error naming the rule for a `count` of 0 or
    /// a window out of bounds (see [`rate_window`]).
    pub fn window(&self) -> Result<(u32, Duration), String> {
        if self.count == 0 {
            return Err("count must be more than 0".into());
        }
        Ok((self.count, rate_window(self.window_secs)?))
    }
}

/// A media id registered by a scenario file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioMedia {
    /// The key it belongs to.
    pub key: String,
    /// The id.
    pub media_id: String,
    /// `file` (default) or `voice`.
    #[serde(default, rename = "type")]
    pub media_type: Option<String>,
}

impl Scenario {
    /// Reads a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        // serde echoes the offending value ("invalid type: string \"<a key>\"…"): mask values.
        let scenario: Scenario = serde_json::from_str(&text)
            .map_err(|e| format!("bad scenario {}: {}", path.display(), mask_values(&e.to_string())))?;
        if let Some(Some(r)) = scenario.rate_limit {
            r.window().map_err(|e| format!("bad scenario {}: rate_limit: {e}", path.display()))?;
        }
        for s in &scenario.script {
            s.fault.check().map_err(|e| format!("bad scenario {}: script: {e}", path.display()))?;
        }
        for m in &scenario.media {
            MediaKind::parse(m.media_type.as_deref().unwrap_or("file"))
                .map_err(|e| format!("bad scenario {}: {}", path.display(), mask_values(&e.to_string())))?;
        }
        Ok(scenario)
    }
}

/// An error message with every quoted value (`"…"`) and every backquoted name that is not a
/// plain field name (`` `…` ``) masked like a key: a scenario's values may be keys.
fn mask_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        let quote = &rest[open..=open];
        out.push_str(&rest[..=open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(quote) else {
            out.push_str(&crate::redact_key(after));
            return out;
        };
        let inner = &after[..close];
        let field_name = quote == "`" && inner.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        out.push_str(&if field_name { inner.to_string() } else { crate::redact_key(inner) });
        out.push_str(quote);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The configuration the options describe (the scenario's scripts and media are applied by
/// [`run`] once the server is up); an error for a scenario's rate limit out of bounds.
pub fn config_from(args: &MockArgs, scenario: &Scenario) -> Result<MockConfig, String> {
    let mut config = MockConfig::default().with_port(args.port).with_log(!args.quiet);
    let mut keys: Vec<String> = scenario.keys.clone().unwrap_or_default();
    keys.extend(args.keys.iter().cloned());
    if !keys.is_empty() || scenario.keys.is_some() {
        config.keys = Some(keys);
    }
    if let Some(rate) = scenario.rate_limit {
        config.rate_limit = rate.map(|r| r.window()).transpose().map_err(|e| format!("rate_limit: {e}"))?;
    }
    if let Some(rate) = args.rate_limit {
        config.rate_limit = Some(rate);
    }
    if args.no_rate_limit {
        config.rate_limit = None;
    }
    if let Some(ttl) = scenario.media_ttl_secs {
        config.media_ttl = Duration::from_secs(ttl);
    }
    if let Some(n) = args.max_connections {
        config.max_connections = n as usize;
    }
    if let Some(n) = args.max_body {
        config.max_body = usize::try_from(n).unwrap_or(usize::MAX);
    }
    if let Some(t) = args.read_timeout {
        config.read_timeout = t;
    }
    if let Some(n) = args.max_records {
        config.max_records = n as usize;
    }
    Ok(config)
}

/// Whether standard input is something whose end means "stop": a pipe, a socket or a terminal
/// (not `/dev/null` or a regular file, which end at once).
fn stdin_is_watchable() -> bool {
    #[cfg(unix)]
    {
        use std::io::IsTerminal;
        use std::os::fd::AsFd;
        use std::os::unix::fs::FileTypeExt;
        let stdin = io::stdin();
        if stdin.is_terminal() {
            return true;
        }
        let Ok(fd) = stdin.as_fd().try_clone_to_owned() else {
            return false;
        };
        let Ok(meta) = std::fs::File::from(fd).metadata() else {
            return false;
        };
        let t = meta.file_type();
        t.is_fifo() || t.is_socket()
    }
    #[cfg(not(unix))]
    {
        true
    }
}

fn log(line: &str) {
    let _ = writeln!(io::stderr(), "wecom-bot-mock: {line}");
}

/// Runs the mock server until SIGTERM, SIGINT or the end of standard input; returns the exit
/// code (0 after a clean stop, 1 when the server cannot start, 2 for a bad scenario file).
pub fn run(args: MockArgs) -> ExitCode {
    let scenario = match &args.scenario {
        Some(path) => match Scenario::load(path) {
            Ok(s) => s,
            Err(e) => {
                log(&e);
                return ExitCode::from(2);
            }
        },
        None => Scenario::default(),
    };
    let config = match config_from(&args, &scenario) {
        Ok(c) => c,
        Err(e) => {
            log(&format!("bad scenario: {e}"));
            return ExitCode::from(2);
        }
    };
    let summary = format!(
        "keys: {}, rate limit: {}",
        match &config.keys {
            None => "any".to_string(),
            Some(ks) => format!("{} registered", ks.len()),
        },
        match config.rate_limit {
            None => "off".to_string(),
            Some((c, w)) => format!("{c} per {} s", w.as_secs_f64()),
        }
    );
    let server = match MockServer::start(config) {
        Ok(s) => s,
        Err(e) => {
            log(&format!("cannot listen on 127.0.0.1:{}: {e}", args.port));
            return ExitCode::from(1);
        }
    };
    for s in &scenario.script {
        server.script(&s.key, s.fault.clone(), s.times);
    }
    for m in &scenario.media {
        let kind = MediaKind::parse(m.media_type.as_deref().unwrap_or("file")).unwrap_or(MediaKind::File);
        server.register_media(&m.key, &m.media_id, kind);
    }
    if let Some((program, rest)) = args.command.split_first() {
        return ExitCode::from(run_command(&server, program, rest));
    }
    let (tx, rx) = mpsc::channel::<&'static str>();
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        match signal_hook::iterator::Signals::new([SIGTERM, SIGINT]) {
            Ok(mut signals) => {
                let tx = tx.clone();
                let _ = thread::Builder::new().name("wecom-bot-mock-signals".into()).spawn(move || {
                    if let Some(sig) = signals.forever().next() {
                        let _ = tx.send(if sig == SIGTERM { "SIGTERM" } else { "SIGINT" });
                    }
                });
            }
            Err(e) => log(&format!("cannot watch signals: {e}")),
        }
    }
    // Announced only now that SIGTERM/SIGINT are handled: a runner may signal right away.
    {
        let mut out = io::stdout().lock();
        let _ = writeln!(out, "listening on {}", server.base_url());
        if args.open {
            let _ = writeln!(out, "inbox at {}", server.inbox_url());
        }
        let _ = out.flush();
    }
    if args.open {
        match crate::preview::open_in_browser(&server.inbox_url()) {
            Ok(how) => log(&format!("opened the inbox page with {how}")),
            Err(why) => log(&format!("no browser opened ({why}): open {} yourself", server.inbox_url())),
        }
    }

    let watch_stdin = !args.no_stdin_watch && stdin_is_watchable();
    if watch_stdin {
        let tx = tx.clone();
        let _ = thread::Builder::new().name("wecom-bot-mock-stdin".into()).spawn(move || {
            let mut buf = [0u8; 4096];
            let mut stdin = io::stdin();
            loop {
                match stdin.read(&mut buf) {
                    Ok(0) => break,
                    Ok(_) => continue,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(_) => break,
                }
            }
            let _ = tx.send("end of standard input");
        });
    }
    if !args.quiet {
        log(&format!(
            "listening on {} ({summary}; stops on SIGTERM/SIGINT{})",
            server.base_url(),
            if watch_stdin { " or end of standard input" } else { "" }
        ));
    }
    drop(tx);
    let why = rx.recv().unwrap_or("no more stop sources");
    if !args.quiet {
        log(&format!("stopping ({why})"));
    }
    drop(server);
    ExitCode::SUCCESS
}

/// `wecom-bot-mock … -- COMMAND`: runs COMMAND with `WECOM_MOCK_URL` set to the server's base
/// URL and returns its exit code (128 + N when a signal N ended it, 127 when it cannot run);
/// the caller stops the server then.
fn run_command(server: &MockServer, program: &OsString, args: &[OsString]) -> u8 {
    let status = std::process::Command::new(program).args(args).env("WECOM_MOCK_URL", server.base_url()).status();
    match status {
        Ok(s) => match s.code() {
            Some(code) => u8::try_from(code).unwrap_or(1),
            None => {
                #[cfg(unix)]
                {
                    use std::os::unix::process::ExitStatusExt;
                    s.signal().and_then(|n| u8::try_from(128 + n).ok()).unwrap_or(1)
                }
                #[cfg(not(unix))]
                {
                    1
                }
            }
        },
        Err(e) => {
            log(&format!("cannot run {}: {e}", program.to_string_lossy()));
            127
        }
    }
}

/// Parses `args` (the first item is the program name) and [`run`]s; `--help` and `--version`
/// exit 0, a usage error exits 2.
pub fn run_cli<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    match Cli::try_parse_from(args) {
        Ok(cli) => run(cli.args),
        Err(e) => {
            let _ = e.print();
            ExitCode::from(if e.use_stderr() { 2 } else { 0 })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_flags() {
        let cli =
            Cli::try_parse_from(["x", "--port", "9", "--key", "a", "--key", "b", "--rate-limit", "5/0.5"]).unwrap();
        assert_eq!(cli.args.port, 9);
        assert_eq!(cli.args.keys, ["a", "b"]);
        assert_eq!(cli.args.rate_limit, Some((5, Duration::from_millis(500))));
        assert!(Cli::try_parse_from(["x", "--rate-limit", "5/1", "--no-rate-limit"]).is_err());
        assert!(Cli::try_parse_from(["x", "--rate-limit", "0/1"]).is_err());
        let c =
            config_from(&Cli::try_parse_from(["x", "--no-rate-limit"]).unwrap().args, &Scenario::default()).unwrap();
        assert_eq!(c.rate_limit, None);
        assert_eq!(c.keys, None);
    }

    #[cfg(unix)]
    #[test]
    fn runs_a_command_against_the_server() {
        let cli = Cli::try_parse_from(["x", "--quiet", "--", "sh", "-c", "exit 3"]).unwrap();
        assert_eq!(cli.args.command, ["sh", "-c", "exit 3"]);
        let server = MockServer::start(MockConfig::default().with_log(false)).unwrap();
        let probe = format!("[ \"$WECOM_MOCK_URL\" = {} ] && exit 7; exit 1", server.base_url());
        let run = |script: &str| run_command(&server, &"sh".into(), &["-c".into(), script.into()]);
        assert_eq!(run(&probe), 7);
        assert_eq!(run("kill -TERM $$"), 128 + 15);
        assert_eq!(run_command(&server, &"/nonexistent/command".into(), &[]), 127);
    }

    #[test]
    fn scenario_errors_never_echo_a_value() {
        let key = "ScenarioCanaryKey-0d9f3e1c-5a7b";
        let dir = tempfile::Builder::new().prefix("wecom-mock-scenario-").tempdir().unwrap();
        for (i, text) in [
            format!(r#"{{"keys": "{key}"}}"#),
            format!(r#"{{"keys": [1], "{key}": 1}}"#),
            format!(r#"{{"media": [{{"key": "{key}", "media_id": "m", "type": "{key}"}}]}}"#),
            format!(r#"{{"script": [{{"key": "{key}", "fault": {{"kind": "{key}"}}}}]}}"#),
        ]
        .iter()
        .enumerate()
        {
            let path = dir.path().join(format!("s{i}.json"));
            std::fs::write(&path, text).unwrap();
            let e = Scenario::load(&path).unwrap_err();
            assert!(e.starts_with("bad scenario"), "{e}");
            assert!(!e.contains(key), "the key is echoed: {e}");
        }
        assert_eq!(mask_values("unknown field `kes`, expected `keys`"), "unknown field `kes`, expected `keys`");
    }

    #[test]
    fn scenario_merges() {
        let s: Scenario = serde_json::from_str(
            r#"{"keys":["k1"],"rate_limit":null,"script":[{"key":"*","fault":{"kind":"close"}}]}"#,
        )
        .unwrap();
        let args = Cli::try_parse_from(["x", "--key", "k2"]).unwrap().args;
        let c = config_from(&args, &s).unwrap();
        assert_eq!(c.keys, Some(vec!["k1".to_string(), "k2".to_string()]));
        assert_eq!(c.rate_limit, None);
        assert_eq!(s.script.len(), 1);
        let s: Scenario = serde_json::from_str(r#"{"rate_limit":{"count":3,"window_secs":2}}"#).unwrap();
        assert_eq!(config_from(&MockArgs::default(), &s).unwrap().rate_limit, Some((3, Duration::from_secs(2))));
        // A window out of bounds is an error, not a panic, however the scenario was made.
        let s: Scenario = serde_json::from_str(r#"{"rate_limit":{"count":3,"window_secs":1e300}}"#).unwrap();
        assert!(config_from(&MockArgs::default(), &s).unwrap_err().contains("at most 31536000 seconds"));
    }

    #[test]
    fn bounds_flags() {
        for bad in ["1/1e300", "1/inf", "1/NaN", "1/-1", "1/0", "0/1", "1/31536001"] {
            let e = Cli::try_parse_from(["x", "--rate-limit", bad]).unwrap_err();
            assert_eq!(e.kind(), clap::error::ErrorKind::ValueValidation, "{bad}");
        }
        for bad in
            [["--read-timeout", "0"], ["--read-timeout", "1e300"], ["--max-connections", "0"], ["--max-body", "0"]]
        {
            assert!(Cli::try_parse_from(["x", bad[0], bad[1]]).is_err(), "{bad:?}");
        }
        let args = Cli::try_parse_from([
            "x",
            "--max-connections",
            "7",
            "--max-body",
            "1000",
            "--read-timeout",
            "0.5",
            "--max-records",
            "0",
        ])
        .unwrap()
        .args;
        let c = config_from(&args, &Scenario::default()).unwrap();
        assert_eq!((c.max_connections, c.max_body, c.max_records), (7, 1000, 0));
        assert_eq!(c.read_timeout, Duration::from_millis(500));
    }
}
