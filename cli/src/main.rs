//! `wecom-bot`: send WeCom (企业微信) group-robot messages and uploads from shell scripts,
//! cron and CI jobs; run the mock server; show a demo. See `docs/cli.md`.

mod args;
mod compose;
mod conn;
mod ctx;
mod demo;
mod escape;
mod exit;
mod input;
mod logger;
mod outbox;
mod preview;
mod progress;
mod quota;
mod secret;
mod send;
mod spec;
mod upload;

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::ctx::Ctx;
use crate::exit::Failure;

fn main() -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().collect();
    // Before anything can print: learn every secret, so that no output can carry one.
    secret::register_from_args(&argv);
    for var in [conn::ENV_KEY, conn::ENV_WEBHOOK] {
        if let Ok(value) = std::env::var(var) {
            secret::register(&value);
        }
    }
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    logger::init(cli.verbose, cli.quiet);
    let env = |name: &str| std::env::var(name).ok();
    // Not locked here: the mock subcommand reads standard input from its own thread.
    let mut stdin = io::stdin();
    let mut stdout = io::stdout().lock();
    let mut stderr = io::stderr();
    let mut ctx = Ctx { env: &env, stdin: &mut stdin, out: &mut stdout, err: &mut stderr };
    match dispatch(cli.command, &mut ctx) {
        Ok(code) => code,
        Err(failure) => report(&failure, &mut ctx),
    }
}

/// Runs one parsed command.
fn dispatch(command: Command, ctx: &mut Ctx) -> Result<ExitCode, Failure> {
    match command {
        Command::Send(cmd) => send::run(cmd, ctx).map(|()| ExitCode::from(exit::EXIT_OK)),
        Command::Upload(cmd) => upload::run(cmd, ctx).map(|()| ExitCode::from(exit::EXIT_OK)),
        Command::Mock(cmd) => Ok(wecom_bot_mock::run(cmd.args)),
        Command::Demo(_) => demo::run(ctx).map(|()| ExitCode::from(exit::EXIT_OK)),
        Command::Quota(cmd) => quota::run(cmd, ctx).map(|()| ExitCode::from(exit::EXIT_OK)),
        Command::Outbox(cmd) => outbox::run(cmd, ctx).map(|()| ExitCode::from(exit::EXIT_OK)),
        Command::Relay(cmd) => Ok(wecom_bot_relay::run(cmd.args)),
    }
}

/// Writes the one-line error report and returns the failure's exit code.
fn report(failure: &Failure, ctx: &mut Ctx) -> ExitCode {
    ctx.note(&failure.to_string());
    if matches!(failure, Failure::Usage(_)) {
        ctx.note("For more information, try '--help'.");
    }
    failure.to_exit()
}

/// clap's own report (help and version on stdout, exit 0; usage errors on stderr, exit 2),
/// redacted.
fn usage_error(e: &clap::Error) -> ExitCode {
    let text = e.render().to_string();
    if e.use_stderr() {
        let _ = write!(io::stderr(), "{}", secret::redact(&text));
    } else {
        let _ = write!(io::stdout(), "{text}");
    }
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(exit::EXIT_USAGE))
}
