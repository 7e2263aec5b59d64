//! `wecom-bot demo`: starts the mock server in this process, runs one command of every kind
//! through the real client over real HTTP, shows what the server received, and ends with how
//! to point the same commands at a real robot. Needs no key and no network.

use std::io::Cursor;
use std::path::PathBuf;

use clap::Parser;
use serde_json::Value;
use wecom_bot::webhook::mask;
use wecom_bot::Error;
use wecom_bot_mock::{MockConfig, MockServer, Record, Reply};

use crate::args::{Cli, Command};
use crate::conn::{ENV_BASE_URL, ENV_KEY};
use crate::ctx::Ctx;
use crate::exit::Failure;

/// A made-up key in the shape of a real one; the mock accepts any key.
const DEMO_KEY: &str = "0a1b2c3d-demo-4e5f-8a9b-0c1d2e3f4a5b";
const ICON_PNG: &[u8] = include_bytes!("../../tests/fixtures/icon.png");
const VOICE_AMR: &[u8] = include_bytes!("../../tests/fixtures/voice-3s.amr");
const REPORT_CSV: &str = "service,p50_ms,p99_ms,errors\napi,12,87,0\nweb,30,140,2\nworker,5,41,0\n";

/// A scratch directory removed when dropped.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn new() -> Result<ScratchDir, Failure> {
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("wecom-bot-demo-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, &e))?;
        Ok(ScratchDir(dir))
    }

    fn write(&self, name: &str, bytes: &[u8]) -> Result<String, Failure> {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, &e))?;
        Ok(path.to_string_lossy().into_owned())
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Demo<'s> {
    server: &'s MockServer,
    base_url: String,
    step: usize,
    seen: usize,
}

/// Runs the demo.
pub fn run(ctx: &mut Ctx) -> Result<(), Failure> {
    let server = MockServer::start(MockConfig::default())
        .map_err(|e| Error::transport(format!("cannot start the embedded mock server: {e}")))?;
    let dir = ScratchDir::new()?;
    let icon = dir.write("icon.png", ICON_PNG)?;
    let voice = dir.write("voice-3s.amr", VOICE_AMR)?;
    let report = dir.write("latency-report.csv", REPORT_CSV.as_bytes())?;
    let mut demo = Demo { base_url: server.base_url(), server: &server, step: 0, seen: 0 };

    ctx.println(&format!(
        "wecom-bot demo: a mock WeCom server is listening on {base}.\n\
         Each command below runs as if WECOM_BOT_BASE_URL={base} and WECOM_BOT_KEY were set\n\
         (a made-up key: the mock accepts any), through the real client over real HTTP.\n\
         Scratch files (an image, a voice, a CSV report) are in {}.",
        dir.0.display(),
        base = demo.base_url,
    ))?;

    demo.step(
        ctx,
        "A text message that mentions everyone",
        &["send", "text", "Build #128 passed ✅ deployed to staging", "--mention-all"],
    )?;
    demo.step(
        ctx,
        "Markdown (mentions and font colours work here)",
        &["send", "markdown", "## Deploy report\n> env: <font color=\"info\">staging</font>\n> duration: <font color=\"comment\">3m 12s</font>\n\nThanks <@alice>!"],
    )?;
    demo.step(
        ctx,
        "markdown_v2 (tables, lists)",
        &["send", "markdown-v2", "| service | p99 |\n| :-- | --: |\n| api | 87 ms |\n| web | 140 ms |\n\n- [x] migrations\n- [ ] cache warm-up"],
    )?;
    demo.step(ctx, "An image (base64 and md5 computed for you)", &["send", "image", &icon])?;
    demo.step(
        ctx,
        "News: up to 8 articles",
        &[
            "send",
            "news",
            "--article",
            "title=Release 2.4: faster builds, smaller images,url=https://example.com/releases/2.4,description=What changed and why,picurl=https://example.com/2.4.png",
            "--article",
            "title=Migration guide,url=https://example.com/docs/migrate",
        ],
    )?;
    let media_id = demo.step(ctx, "Upload a file: the media_id is printed", &["upload", "file", &report])?;
    demo.step(ctx, "...and send it as a file message", &["send", "file", "--media-id", media_id.trim()])?;
    demo.step(ctx, "A voice message: upload an AMR file and send it, in one command", &["send", "voice", &voice])?;
    demo.step(
        ctx,
        "A text_notice template card",
        &[
            "send",
            "card",
            "--card-type",
            "text_notice",
            "--source-desc",
            "CI",
            "--source-color",
            "green",
            "--title",
            "Nightly build",
            "--desc",
            "main @ 4f2c9e1",
            "--emphasis-title",
            "100%",
            "--emphasis-desc",
            "tests passed",
            "--field",
            "Duration=14m 03s",
            "--field",
            "keyname=Log,value=open,url=https://ci.example.com/runs/812",
            "--jump",
            "Artifacts=https://ci.example.com/runs/812/artifacts",
            "--action-url",
            "https://ci.example.com/runs/812",
        ],
    )?;
    demo.step(
        ctx,
        "A news_notice template card",
        &[
            "send",
            "card",
            "--card-type",
            "news_notice",
            "--title",
            "Q3 roadmap review",
            "--desc",
            "Thursday 15:00, room 4F",
            "--image-url",
            "https://example.com/roadmap.png",
            "--aspect-ratio",
            "2.25",
            "--vertical",
            "Agenda=Goals, risks, staffing",
            "--jump",
            "Slides=https://example.com/slides",
            "--action-url",
            "https://example.com/roadmap",
        ],
    )?;
    let long_log: String = (1..=120).map(|i| format!("[{i:03}] step {i} finished in {} ms\n", i * 7)).collect();
    demo.step(
        ctx,
        "--split: long text goes out as several messages, in order",
        &["send", "text", &long_log, "--split"],
    )?;
    demo.step(
        ctx,
        "--dry-run: validate and print the exact JSON; nothing is sent",
        &["send", "text", "hello", "--dry-run"],
    )?;

    let received = server.all_records();
    let delivered = received.iter().filter(|r| r.delivered).count();
    ctx.println(&format!(
        "\nThe mock received {} requests ({delivered} delivered) for {} commands.\n\n\
         Point the same commands at a real robot (group chat → … → Add group robot, copy its webhook URL):\n\n  \
         export WECOM_BOT_WEBHOOK='https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=<your key>'\n  \
         wecom-bot send text 'Hello from wecom-bot'\n  \
         wecom-bot send markdown - < release-notes.md\n  \
         wecom-bot send --json message.json --dry-run   # check a message, send nothing\n\n\
         Or keep testing locally: `wecom-bot mock --port 8080` in one terminal, and\n  \
         WECOM_BOT_KEY=any-key WECOM_BOT_BASE_URL=http://127.0.0.1:8080 wecom-bot send text hi\n\
         in another. More in docs/cli.md.",
        received.len(),
        demo.step,
    ))?;
    Ok(())
}

impl Demo<'_> {
    /// Runs one command, prints it, its output and what the server received; returns its stdout.
    fn step(&mut self, ctx: &mut Ctx, title: &str, args: &[&str]) -> Result<String, Failure> {
        self.step += 1;
        ctx.println(&format!("\n── {}. {title}\n$ wecom-bot {}", self.step, shell_words(args)))?;
        let cli = Cli::try_parse_from(std::iter::once("wecom-bot").chain(args.iter().copied()))
            .map_err(|e| Failure::Usage(format!("demo step {}: {}", self.step, e.render())))?;
        let base_url = self.base_url.clone();
        // The rate window in this process: the demo leaves no state file behind (the default
        // store, seeing no HOME here, would be a file in the temporary directory).
        let env = move |name: &str| match name {
            ENV_KEY => Some(DEMO_KEY.to_string()),
            ENV_BASE_URL => Some(base_url.clone()),
            wecom_bot::store::ENV_STORE => Some("memory".to_string()),
            _ => None,
        };
        let mut stdin = Cursor::new(Vec::new());
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let result = {
            let mut sub = Ctx { env: &env, stdin: &mut stdin, out: &mut out, err: &mut err };
            match cli.command {
                Command::Send(cmd) => crate::send::run(cmd, &mut sub),
                Command::Upload(cmd) => crate::upload::run(cmd, &mut sub),
                _ => Err(Failure::Usage("the demo runs only send and upload".into())),
            }
        };
        let out = String::from_utf8_lossy(&out).into_owned();
        for line in out.lines() {
            ctx.println(&format!("  {line}"))?;
        }
        for line in String::from_utf8_lossy(&err).lines() {
            ctx.println(&format!("  (stderr) {line}"))?;
        }
        let records = self.server.all_records();
        let new = records.get(self.seen..).unwrap_or_default();
        if new.is_empty() {
            ctx.println("  (the server received nothing)")?;
        }
        for record in new {
            ctx.println(&describe(record))?;
        }
        self.seen = records.len();
        result?;
        Ok(out)
    }
}

/// A record, readably: the request line, the body (long strings shortened) and the answer.
fn describe(r: &Record) -> String {
    let query = r.query.replace(&r.key, &mask(&r.key));
    let mut s = format!(
        "  server received: {} {}?{query}  ({}, {} bytes)\n",
        r.method,
        r.path,
        r.headers.content_type.as_deref().unwrap_or("no content type"),
        r.body.len()
    );
    if let Some(u) = &r.upload {
        s.push_str(&format!(
            "    media part: filename={:?} filelength={} ({} bytes, md5 {})\n",
            u.filename.as_deref().unwrap_or(""),
            u.filelength.as_deref().unwrap_or("?"),
            u.size,
            u.md5
        ));
    } else if let Some(json) = r.body_json() {
        let pretty = serde_json::to_string_pretty(&shorten(json)).unwrap_or_default();
        for line in pretty.lines() {
            s.push_str(&format!("    {line}\n"));
        }
    } else {
        s.push_str(&format!("    {}\n", r.body_text()));
    }
    match &r.reply {
        Reply::Http { status, body } => {
            s.push_str(&format!("  server answered: HTTP {status} {}", body.replace(&r.key, &mask(&r.key))))
        }
        Reply::Closed => s.push_str("  server closed the connection without answering"),
    }
    s
}

/// Long strings (an image's base64, a long chunk) shortened for display.
fn shorten(v: Value) -> Value {
    match v {
        Value::String(s) if s.chars().count() > 300 => {
            let head: String = s.chars().take(60).collect();
            Value::String(format!("{head}… ({} bytes in all)", s.len()))
        }
        Value::Array(items) => Value::Array(items.into_iter().map(shorten).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, shorten(v))).collect()),
        other => other,
    }
}

/// The arguments as a shell would need them typed (single-quoted where needed; newlines shown
/// as `$'…\n…'`), long ones shortened.
fn shell_words(args: &[&str]) -> String {
    args.iter()
        .map(|a| {
            let a: String =
                if a.len() > 160 { format!("{}…", a.chars().take(60).collect::<String>()) } else { (*a).to_string() };
            let plain = !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=@,%+".contains(c));
            if plain {
                a
            } else if a.contains('\n') {
                format!("$'{}'", a.replace('\\', "\\\\").replace('\'', "\\'").replace('\n', "\\n"))
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn quotes_like_a_shell() {
        assert_eq!(
            shell_words(&["send", "text", "a b", "it's", "x\ny", "--key=v"]),
            r#"send text 'a b' 'it'\''s' $'x\ny' --key=v"#
        );
        assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/icon.png").exists());
    }
}
