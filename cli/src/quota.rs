//! `wecom-bot quota status`: the robot's rate window as the configured store holds it.

use crate::args::{QuotaAction, QuotaCmd};
use crate::conn;
use crate::ctx::Ctx;
use crate::exit::Failure;

/// Runs `wecom-bot quota …`.
pub fn run(cmd: QuotaCmd, ctx: &mut Ctx) -> Result<(), Failure> {
    match cmd.action {
        QuotaAction::Status(args) => status(&args.conn, ctx),
    }
}

fn status(conn: &crate::args::ConnArgs, ctx: &mut Ctx) -> Result<(), Failure> {
    let client = conn::client(conn, ctx)?;
    // Asked first: a store that fails (with --on-store-error fail) prints nothing to stdout.
    let quota = client.quota_status()?;
    let key = client.webhook().masked_key();
    ctx.println(&format!("robot   {}/cgi-bin/webhook/send?key={key}", client.base_url()))?;
    let Some(q) = quota else {
        ctx.println("window  none (--no-rate-limit): only the server's limit applies")?;
        return Ok(());
    };
    let shared = if q.shared { "" } else { " (this process only)" };
    ctx.println(&format!("store   {}{shared}", q.store))?;
    ctx.println(&format!("window  {} of {} slots used per {} s", q.used, q.limit, secs(q.window)))?;
    let next = match q.next_free {
        None => "the window is empty".to_owned(),
        Some(_) if q.used < q.limit => {
            format!("a slot is free now; the next used slot frees in {} s", secs(q.next_free.unwrap_or_default()))
        }
        Some(d) => format!("the window is full; a slot frees in {} s", secs(d)),
    };
    ctx.println(&format!("next    {next}"))
}

fn secs(d: std::time::Duration) -> String {
    let s = format!("{:.3}", d.as_secs_f64());
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}
