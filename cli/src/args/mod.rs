//! The command line: every subcommand and option (clap derive); `send`'s message types are in
//! [`send`].

use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use wecom_bot::Article;

use crate::spec::{parse_article, parse_field, parse_jump, parse_vertical, FieldSpec, JumpSpec, VerticalSpec};

mod send;
pub use send::*;

/// Send WeCom (企业微信) group-robot messages and uploads from shell scripts, cron and CI jobs.
#[derive(Debug, Parser)]
#[command(
    name = "wecom-bot",
    version,
    about,
    long_about = "Send WeCom (企业微信) group-robot messages and uploads from shell scripts, cron and CI jobs.\n\n\
        The robot's key comes from --key or --webhook, or from the environment: WECOM_BOT_WEBHOOK \
        (the robot's full webhook URL) or WECOM_BOT_KEY (its key). The key is never printed.\n\n\
        Try `wecom-bot demo`: it runs every command against a local mock server, no robot needed.",
    after_help = "Exit codes: 0 ok, 2 usage, 10 validation, 11 api, 12 rate_limited, 13 http_status, \
        14 timeout, 15 transport, 16 decode, 17 io, 18 invalid_argument, 19 store (see docs/cli.md)."
)]
pub struct Cli {
    /// Log to standard error (-v: requests and answers; -vv: the HTTP library's debug lines too)
    #[arg(short, long, action = ArgAction::Count, global = true)]
    pub verbose: u8,

    /// Print nothing on standard error but the error itself: no notes of long waits (rate
    /// limit, 45009, retries), no upload progress
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Send a message (validated before anything goes out)
    Send(SendCmd),
    /// Upload a file or an AMR voice and print its media_id
    Upload(UploadCmd),
    /// Run the local mock WeCom server (prints `listening on http://127.0.0.1:PORT`)
    Mock(MockCmd),
    /// Show every message type and upload working against an embedded mock server
    Demo(DemoCmd),
    /// The robot's rate window in the store every sender shares
    Quota(QuotaCmd),
    /// The robot's durable queue: deliver it (packing through the window), inspect it
    Outbox(OutboxCmd),
    /// Run the HTTP relay for Alertmanager, Grafana and any HTTP sender (docs/relay.md)
    Relay(RelayCmd),
}

/// `wecom-bot quota`.
#[derive(Debug, Args)]
pub struct QuotaCmd {
    /// What to do.
    #[command(subcommand)]
    pub action: QuotaAction,
}

/// The actions of `wecom-bot quota`.
#[derive(Debug, Subcommand)]
pub enum QuotaAction {
    /// Print the slots used in the robot's window, when the next frees, and the store (key masked)
    Status(QuotaStatusArgs),
}

/// `wecom-bot quota status`.
#[derive(Debug, Args)]
pub struct QuotaStatusArgs {
    /// The robot and connection.
    #[command(flatten)]
    pub conn: ConnArgs,
}

/// `wecom-bot outbox`.
#[derive(Debug, Args)]
pub struct OutboxCmd {
    /// What to do.
    #[command(subcommand)]
    pub action: OutboxAction,
}

/// The actions of `wecom-bot outbox`.
#[derive(Debug, Subcommand)]
pub enum OutboxAction {
    /// Deliver the robot's queued messages, packed through the rate window (runs until
    /// SIGTERM/SIGINT, which drain and exit 0; or --until-empty)
    Run(OutboxRunArgs),
    /// Print how many wait (and the oldest's age), delivered, dead letters, possible duplicates
    Status(OutboxArgs),
    /// Print the dead letters, one JSON line each: id, error, message
    Dead(OutboxArgs),
    /// Put dead letters back in the queue: all, or the given ids
    Retry(OutboxRetryArgs),
    /// Delete the dead letters (--all: every queued message of the robot)
    Purge(OutboxPurgeArgs),
}

/// The robot and store of an outbox action.
#[derive(Debug, Args)]
pub struct OutboxArgs {
    /// The robot and connection.
    #[command(flatten)]
    pub conn: ConnArgs,
}

/// `wecom-bot outbox retry`.
#[derive(Debug, Args)]
pub struct OutboxRetryArgs {
    /// The robot and connection.
    #[command(flatten)]
    pub conn: ConnArgs,
    /// The ids to re-queue (default: every dead letter)
    pub ids: Vec<u64>,
}

/// `wecom-bot outbox purge`.
#[derive(Debug, Args)]
pub struct OutboxPurgeArgs {
    /// The robot and connection.
    #[command(flatten)]
    pub conn: ConnArgs,
    /// Delete every queued message of the robot, not only the dead letters
    #[arg(long)]
    pub all: bool,
}

/// `wecom-bot outbox run`.
#[derive(Debug, Args)]
pub struct OutboxRunArgs {
    /// The robot and connection.
    #[command(flatten)]
    pub conn: ConnArgs,
    /// Exit 0 once nothing waits (for scripts and tests) instead of running until a signal
    #[arg(long)]
    pub until_empty: bool,
    /// Send every queued message alone (no packing)
    #[arg(long)]
    pub no_pack: bool,
    /// Put between packed messages (default: a blank line; `\n` is a line feed)
    #[arg(long, value_name = "TEXT")]
    pub separator: Option<String>,
    /// Dead-letter a message that could not be sent for this long (default 86400 s)
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub max_age: Option<Duration>,
    /// A message that may have been delivered (timeout after sending, 5xx): retry once
    /// (default; a possible duplicate) or dead-letter it
    #[arg(long, value_name = "POLICY", value_enum)]
    pub on_uncertain: Option<OnUncertainArg>,
    /// On SIGTERM/SIGINT, keep delivering for at most this long (default 10 s)
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub drain: Option<Duration>,
    /// How long this deliverer's claim on the robot lasts without renewal (default 30 s):
    /// another deliverer takes over that long after this one died
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub lease: Option<Duration>,
}

/// `--on-uncertain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnUncertainArg {
    /// Retry once, counted as a possible duplicate
    Retry,
    /// Dead-letter it at once
    DeadLetter,
}

/// Where and how to send: the robot and the connection.
#[derive(Debug, Clone, Default, Args)]
pub struct ConnArgs {
    /// The robot's key (the `key=` of its webhook URL). Prefer WECOM_BOT_KEY: command lines
    /// are visible to other users of the machine
    #[arg(long, value_name = "KEY", global = true, conflicts_with = "webhook")]
    pub key: Option<String>,

    /// The robot's full webhook URL (…/cgi-bin/webhook/send?key=…); or WECOM_BOT_WEBHOOK
    #[arg(long, value_name = "URL", global = true)]
    pub webhook: Option<String>,

    /// Send to scheme://host[:port] instead of https://qyapi.weixin.qq.com (a gateway, the
    /// mock server); or WECOM_BOT_BASE_URL
    #[arg(long, value_name = "URL", global = true)]
    pub base_url: Option<String>,

    /// The longest one request may take, in seconds (default 30 for a message, 300 for an upload)
    #[arg(long, value_name = "SECONDS", global = true, value_parser = parse_seconds)]
    pub timeout: Option<Duration>,

    /// Use this proxy (http://host:port, socks5://host:port) instead of HTTPS_PROXY/ALL_PROXY
    #[arg(long, value_name = "URL", global = true, conflicts_with = "no_proxy")]
    pub proxy: Option<String>,

    /// Use no proxy, whatever the environment says
    #[arg(long, global = true)]
    pub no_proxy: bool,

    /// Allow plain http to a host other than loopback (the key then crosses the network in clear)
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,

    /// Turn the client-side limit (20 messages per minute per robot) off
    #[arg(long, global = true, conflicts_with = "rate_limit_policy")]
    pub no_rate_limit: bool,

    /// When the client-side limit is reached: wait for a free slot (at most 65 s) or fail at once
    #[arg(long, value_name = "POLICY", global = true, value_enum)]
    pub rate_limit_policy: Option<RatePolicyArg>,

    /// The client-side window as COUNT/SECONDS (default 20/60, the server's); or WECOM_BOT_RATE_LIMIT
    #[arg(long, value_name = "COUNT/SECONDS", global = true, conflicts_with = "no_rate_limit")]
    pub rate_limit: Option<String>,

    /// Where the window is shared: sqlite:PATH, redis://[user:pass@]host:port/db, rediss://…, memory
    /// (default: a per-user SQLite file); or WECOM_BOT_STORE
    #[arg(long, value_name = "URL", global = true)]
    pub store: Option<String>,

    /// When the store cannot be used: send under this invocation's own window (with a
    /// warning), or fail with exit code 19 (store)
    #[arg(long, value_name = "POLICY", global = true, value_enum)]
    pub on_store_error: Option<OnStoreErrorArg>,
}

/// `--on-store-error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnStoreErrorArg {
    /// Keep sending under this invocation's own window, with a warning
    Local,
    /// Fail with exit code 19 (store)
    Fail,
}

/// `--rate-limit-policy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RatePolicyArg {
    /// Wait for a free slot (at most 65 s), then send
    Wait,
    /// Fail at once with exit code 12 (rate_limited)
    FailFast,
}

fn parse_seconds(s: &str) -> Result<Duration, String> {
    let secs: f64 = s.trim().parse().map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if !secs.is_finite() || secs <= 0.0 || secs > 86_400.0 {
        return Err("the timeout must be more than 0 and at most 86400 seconds".into());
    }
    Ok(Duration::from_secs_f64(secs))
}

/// `wecom-bot upload`.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  id=$(wecom-bot upload file report.pdf) && wecom-bot send file --media-id \"$id\"")]
pub struct UploadCmd {
    /// The robot and connection.
    #[command(flatten)]
    pub conn: ConnArgs,

    /// What to upload: any file (≤ 20 MiB) or an AMR voice (≤ 2 MiB, ≤ 60 s)
    #[arg(value_enum, value_name = "TYPE")]
    pub media_type: MediaTypeArg,

    /// The file, or `-` to read it from standard input (needs --filename)
    #[arg(value_name = "PATH|-")]
    pub path: String,

    /// The file name shown in the chat (default: PATH's file name)
    #[arg(long, value_name = "NAME")]
    pub filename: Option<String>,

    /// Print {"media_id":…,"type":…,"created_at":…} instead of the bare media_id
    #[arg(long)]
    pub json: bool,

    /// Check the upload's rules and print what would be uploaded; upload nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// `upload file|voice`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MediaTypeArg {
    /// Any file, sent later as a file message
    File,
    /// An AMR voice, sent later as a voice message
    Voice,
}

impl MediaTypeArg {
    /// The library's media kind.
    pub fn kind(self) -> wecom_bot::MediaKind {
        match self {
            MediaTypeArg::File => wecom_bot::MediaKind::File,
            MediaTypeArg::Voice => wecom_bot::MediaKind::Voice,
        }
    }
}

/// `wecom-bot mock`: the mock server's own options.
#[derive(Debug, Args)]
pub struct MockCmd {
    /// The mock server's options.
    #[command(flatten)]
    pub args: wecom_bot_mock::MockArgs,
}

/// `wecom-bot relay`.
#[derive(Debug, Args)]
pub struct RelayCmd {
    /// The relay's options.
    #[command(flatten)]
    pub args: wecom_bot_relay::RelayArgs,
}

/// `wecom-bot demo`.
#[derive(Debug, Args)]
pub struct DemoCmd {}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_tree_is_consistent() {
        Cli::command().debug_assert();
    }
}
