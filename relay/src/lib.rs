//! `wecom-bot relay`: an HTTP receiver for Alertmanager, Grafana and any HTTP sender that
//! validates, durably enqueues in the robot's outbox, and lets the outbox deliver (packing
//! through the rate window shared in the store). See docs/relay.md.
//!
//! - [`config`]: the TOML file, every error with its line;
//! - [`http`]: the endpoints, on the mock's HTTP server stack (`wecom_bot_mock::serve`);
//! - [`alerts`], [`alertmanager`], [`grafana`]: the payloads; [`routes`]: labels → robots;
//! - [`render`]: templates and the messages they become; [`deliver`]: a deliverer per robot;
//! - [`metrics`]: `/metrics`; [`state`]: what a configuration runs, rebuilt on reload.

pub mod alertmanager;
pub mod alerts;
pub mod config;
pub mod deliver;
pub mod grafana;
pub mod http;
pub mod metrics;
pub mod render;
pub mod routes;
pub mod state;

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use wecom_bot_mock::serve::{Limits, Server};

use crate::config::{Config, Env};
use crate::metrics::Metrics;
use crate::state::Live;

/// The log target of the relay's lines.
pub const LOG_TARGET: &str = "wecom_bot_relay";

/// How long stopping lets deliverers drain.
pub const DRAIN: Duration = Duration::from_secs(10);

/// The options of `wecom-bot relay`.
#[derive(Debug, Clone, clap::Args)]
pub struct RelayArgs {
    /// The configuration file (TOML; see docs/relay.md)
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,

    /// Listen here instead of the file's `listen` (default 127.0.0.1:9095; port 0: a free
    /// port, printed on the first line)
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Option<SocketAddr>,

    /// Check the file and exit: 0 when it is good, else 2 with every error as FILE:LINE: …
    #[arg(long)]
    pub check_config: bool,
}

/// Reads variables for the config (keys, tokens, the environment contract).
pub type VarFn = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// What every request and reload shares.
pub struct Shared {
    live: RwLock<Arc<Live>>,
    /// The metrics.
    pub metrics: Arc<Metrics>,
    path: PathBuf,
    listen: Option<SocketAddr>,
    var: VarFn,
}

impl Shared {
    /// The configuration at work now.
    pub fn live(&self) -> Arc<Live> {
        Arc::clone(&self.live.read().unwrap_or_else(|p| p.into_inner()))
    }
}

/// Loads and checks the file at `path`.
pub fn load(path: &std::path::Path, listen: Option<SocketAddr>, var: &VarFn) -> Result<Config, String> {
    let shown = path.display().to_string();
    let src = std::fs::read_to_string(path).map_err(|e| format!("{shown}: cannot be read: {e}"))?;
    let read_file = |p: &str| std::fs::read_to_string(p);
    let var_ref = |n: &str| var(n);
    let env = Env { var: &var_ref, read_file: &read_file };
    Config::parse(&src, &shown, listen, &env).map_err(|e| e.to_string())
}

/// A running relay.
pub struct Relay {
    shared: Arc<Shared>,
    server: Server,
}

impl std::fmt::Debug for Relay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Relay").field("addr", &self.server.addr()).finish_non_exhaustive()
    }
}

impl Relay {
    /// Loads the file, starts a deliverer per robot, binds and serves.
    pub fn start(path: PathBuf, listen: Option<SocketAddr>, var: VarFn) -> Result<Relay, String> {
        let config = load(&path, listen, &var)?;
        let metrics = Arc::new(Metrics::new());
        let listener =
            TcpListener::bind(config.listen).map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
        let limits = Limits { max_body: config.max_body, ..Limits::default() };
        let live = Live::build(config, None, &metrics, &*var)?;
        let shared = Arc::new(Shared { live: RwLock::new(Arc::new(live)), metrics, path, listen, var });
        let server = Server::start(listener, limits, "wecom-bot-relay", Arc::new(http::Api(Arc::clone(&shared))))
            .map_err(|e| format!("cannot serve: {e}"))?;
        Ok(Relay { shared, server })
    }

    /// The address listened on.
    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// Re-reads the file; on any error the running configuration stays and the error is
    /// returned (and logged). `listen` and `max_body` take effect only on restart.
    pub fn reload(&self) -> Result<(), String> {
        let s = &self.shared;
        let result = load(&s.path, s.listen, &s.var).and_then(|config| {
            let old = s.live();
            if config.listen != old.config.listen || config.max_body != old.config.max_body {
                log::warn!(target: LOG_TARGET, "listen and max_body changes take effect on restart");
            }
            let next = Live::build(config, Some(&old), &s.metrics, &*s.var)?;
            old.retire(&next);
            *s.live.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(next);
            Ok(())
        });
        s.metrics.reload(result.is_ok());
        match &result {
            Ok(()) => log::info!(target: LOG_TARGET, "reloaded {}", s.path.display()),
            Err(e) => log::warn!(target: LOG_TARGET, "reload failed, the running config stays: {e}"),
        }
        result
    }

    /// Stops serving (requests in flight get a second), then lets the deliverers drain.
    pub fn stop(mut self, drain: Duration) {
        self.server.shutdown(Duration::from_secs(1));
        self.shared.live().stop(drain);
    }
}

/// Runs `wecom-bot relay` until SIGTERM/SIGINT; SIGHUP reloads the config.
pub fn run(args: RelayArgs) -> ExitCode {
    let var: VarFn = Arc::new(|n: &str| std::env::var(n).ok());
    if args.check_config {
        return match load(&args.config, args.listen, &var) {
            Ok(c) => {
                println!(
                    "{}: ok ({} robots, {} routes, listen {})",
                    args.config.display(),
                    c.robots.len(),
                    c.routes.len(),
                    c.listen
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(2)
            }
        };
    }
    let relay = match Relay::start(args.config.clone(), args.listen, var) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("wecom-bot relay: {e}");
            return ExitCode::from(2);
        }
    };
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on http://{}", relay.addr());
        let _ = out.flush();
    }
    log::info!(target: LOG_TARGET, "listening on http://{} with {}", relay.addr(), args.config.display());
    wait_for_signals(&relay);
    log::info!(target: LOG_TARGET, "stopping: draining the outboxes for up to {} s", DRAIN.as_secs());
    relay.stop(DRAIN);
    ExitCode::SUCCESS
}

#[cfg(unix)]
fn wait_for_signals(relay: &Relay) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT]) else {
        log::warn!(target: LOG_TARGET, "signals cannot be handled: stopping");
        return;
    };
    for signal in signals.forever() {
        if signal == SIGHUP {
            let _ = relay.reload();
        } else {
            return;
        }
    }
}

#[cfg(not(unix))]
fn wait_for_signals(_relay: &Relay) {
    loop {
        std::thread::park();
    }
}
