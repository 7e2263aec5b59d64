//! A tiny logger to standard error: one line per record, every line passed through
//! [`crate::secret::redact`]. Without `-v` it shows this project's warnings and the library's
//! announcements of long waits (`wecom_bot::wait`: the rate limit, a 45009, a retry's
//! back-off) and the outbox's line per delivered request (`wecom_bot::outbox`); `--quiet`
//! shows none of them.
//!
//! Written here rather than taken from `env_logger`: it is about thirty lines, it must redact
//! every line (which `env_logger` can only do through a custom formatter anyway), and the
//! command needs no filter syntax beyond `-v` / `-vv` / `-q`.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use log::{Level, LevelFilter, Log, Metadata, Record};

struct StderrLogger {
    /// The level for this project's crates (`wecom_bot*`).
    ours: LevelFilter,
    /// The level for everything else (the HTTP stack).
    others: LevelFilter,
    /// Whether the announcements of long waits are shown.
    waits: bool,
}

impl StderrLogger {
    fn level_for(&self, target: &str) -> LevelFilter {
        if (target == wecom_bot::wait::TARGET
            || target == wecom_bot::outbox::LOG_TARGET
            || target == wecom_bot_relay::LOG_TARGET)
            && self.waits
        {
            self.ours.max(LevelFilter::Info)
        } else if target.starts_with("wecom_bot") {
            self.ours
        } else {
            self.others
        }
    }
}

impl Log for StderrLogger {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.level() <= self.level_for(metadata.target())
    }

    fn log(&self, record: &Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let level = match record.level() {
            Level::Error => "error",
            Level::Warn => "warn",
            Level::Info => "info",
            Level::Debug => "debug",
            Level::Trace => "trace",
        };
        let line = if record.target() == wecom_bot::wait::TARGET {
            // For people, not for debugging: `wecom-bot: waiting 58 s: the rate limit …`.
            format!("wecom-bot: {}", record.args())
        } else {
            format!("wecom-bot: [{level} {}] {}", record.target(), record.args())
        };
        let _ = writeln!(std::io::stderr().lock(), "{}", crate::secret::redact(&crate::exit::one_line(&line)));
    }

    fn flush(&self) {}
}

static QUIET: AtomicBool = AtomicBool::new(false);

/// Whether `--quiet` was given: no notes, no progress on standard error.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Installs the logger: no `-v`: this project's warnings and the wait announcements; `-v`:
/// this project's debug lines; `-vv` and more: this project's trace and the HTTP libraries'
/// debug lines; `--quiet`: this project's errors only.
///
/// The HTTP libraries' trace level is never shown: it dumps the raw bytes of each request as
/// hex and text, 16 bytes a line, which cuts the key in the URL across lines where no mask
/// can recognise it.
pub fn init(verbosity: u8, quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
    let (ours, others) = match (quiet, verbosity) {
        (true, _) => (LevelFilter::Error, LevelFilter::Off),
        // Other crates stay quiet below -vv: the HTTP server of the embedded mock logs an
        // accept error when the demo stops it, which is not the user's concern.
        (false, 0) => (LevelFilter::Warn, LevelFilter::Off),
        (false, 1) => (LevelFilter::Debug, LevelFilter::Off),
        (false, _) => (LevelFilter::Trace, LevelFilter::Debug),
    };
    let logger: &'static StderrLogger = Box::leak(Box::new(StderrLogger { ours, others, waits: !quiet }));
    if log::set_logger(logger).is_ok() {
        log::set_max_level(ours.max(others).max(if quiet { LevelFilter::Off } else { LevelFilter::Info }));
    }
}
