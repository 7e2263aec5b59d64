//! `wecom-bot outbox run|status|dead|retry|purge` and `send --queue`: the robot's durable
//! queue in the store (see `wecom_bot::outbox` and docs/cli.md "The outbox").

use std::sync::Arc;
use std::time::Duration;

use wecom_bot::outbox::{OnUncertain, Outbox, OutboxConfig, Stop};
use wecom_bot::Message;

use crate::args::{ConnArgs, OnUncertainArg, OutboxAction, OutboxCmd, OutboxRunArgs};
use crate::conn;
use crate::ctx::Ctx;
use crate::exit::Failure;

/// The outbox of the robot and store the options name.
fn outbox(conn: &ConnArgs, config: OutboxConfig, ctx: &Ctx) -> Result<Outbox, Failure> {
    Ok(Outbox::new(conn::client(conn, ctx)?, config)?)
}

/// `send … --queue`: every message validated first, then enqueued in order; prints the ids.
pub fn enqueue(conn: &ConnArgs, messages: &[Message], ctx: &mut Ctx) -> Result<(), Failure> {
    for m in messages {
        m.validate()?;
    }
    let outbox = outbox(conn, OutboxConfig::default(), ctx)?;
    // The producer whose order is kept: the shell (or program) running this command.
    #[cfg(unix)]
    let producer = format!("cli-parent-{}", std::os::unix::process::parent_id());
    #[cfg(not(unix))]
    let producer = format!("cli-{}", std::process::id());
    for m in messages {
        let id = outbox.enqueue_from(&producer, m)?;
        ctx.println(&format!("queued {id}"))?;
    }
    Ok(())
}

/// Runs `wecom-bot outbox …`.
pub fn run(cmd: OutboxCmd, ctx: &mut Ctx) -> Result<(), Failure> {
    match cmd.action {
        OutboxAction::Run(args) => deliver(args, ctx),
        OutboxAction::Status(args) => {
            let s = outbox(&args.conn, OutboxConfig::default(), ctx)?.status()?;
            let oldest = s.oldest.map_or("-".to_owned(), |d| format!("{:.1} s", d.as_secs_f64()));
            ctx.println(&format!("store      {}", s.store))?;
            ctx.println(&format!("pending    {} (oldest {oldest})", s.pending))?;
            ctx.println(&format!("delivered  {} in {} messages", s.delivered, s.sent))?;
            ctx.println(&format!("dead       {}", s.dead))?;
            ctx.println(&format!("possible duplicates {}", s.possible_duplicates))
        }
        OutboxAction::Dead(args) => {
            for d in outbox(&args.conn, OutboxConfig::default(), ctx)?.dead_letters()? {
                let line = serde_json::json!({ "id": d.id, "error": d.error, "message": serde_json::from_str::<serde_json::Value>(&d.body).unwrap_or_default() });
                ctx.println(&line.to_string())?;
            }
            Ok(())
        }
        OutboxAction::Retry(args) => {
            let ids = (!args.ids.is_empty()).then_some(args.ids.as_slice());
            let n = outbox(&args.conn, OutboxConfig::default(), ctx)?.retry_dead(ids)?;
            ctx.println(&format!("re-queued {n}"))
        }
        OutboxAction::Purge(args) => {
            let n = outbox(&args.conn, OutboxConfig::default(), ctx)?.purge(args.all)?;
            ctx.println(&format!("purged {n}"))
        }
    }
}

/// `outbox run`: delivers until SIGTERM/SIGINT (then drains for `--drain` and exits 0), or
/// with `--until-empty` until nothing waits. One line per delivered batch at info level (`-v`).
fn deliver(args: OutboxRunArgs, ctx: &mut Ctx) -> Result<(), Failure> {
    let mut config = OutboxConfig::default();
    config.packing.enabled = !args.no_pack;
    if let Some(s) = args.separator {
        config.packing.separator = s.replace("\\n", "\n");
    }
    if let Some(a) = args.max_age {
        config.max_age = a;
    }
    if let Some(l) = args.lease {
        config.lease = l;
    }
    if let Some(u) = args.on_uncertain {
        config.on_uncertain = match u {
            OnUncertainArg::Retry => OnUncertain::Retry,
            OnUncertainArg::DeadLetter => OnUncertain::DeadLetter,
        };
    }
    let outbox = outbox(&args.conn, config, ctx)?;
    let stop = Arc::new(Stop::new());
    let drain = args.drain.unwrap_or(Duration::from_secs(10));
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT])
            .map_err(|e| Failure::Error(wecom_bot::Error::invalid_argument("signals", e)))?;
        let stop = Arc::clone(&stop);
        std::thread::Builder::new()
            .name("wecom-bot-outbox-signals".into())
            .spawn(move || {
                if signals.forever().next().is_some() {
                    stop.request(drain);
                }
            })
            .map_err(|e| Failure::Error(wecom_bot::Error::invalid_argument("signals", e)))?;
    }
    let report = outbox.run(&stop, args.until_empty)?;
    ctx.note(&format!(
        "wecom-bot: outbox: delivered {} in {} messages, {} dead-lettered, {} retries",
        report.delivered, report.sent, report.dead, report.retries
    ));
    Ok(())
}
