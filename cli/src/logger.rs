//! A tiny logger to standard error for `-v`: one line per record, every line passed through
//! [`crate::secret::redact`].
//!
//! Written here rather than taken from `env_logger`: it is about thirty lines, it must redact
//! every line (which `env_logger` can only do through a custom formatter anyway), and the
//! command needs no filter syntax beyond `-v` / `-vv`.

use std::io::Write;

use log::{Level, LevelFilter, Log, Metadata, Record};

struct StderrLogger {
    /// The level for this project's crates (`wecom_bot*`).
    ours: LevelFilter,
    /// The level for everything else (the HTTP stack).
    others: LevelFilter,
}

impl StderrLogger {
    fn level_for(&self, target: &str) -> LevelFilter {
        if target.starts_with("wecom_bot") {
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
        let line = format!("wecom-bot: [{level} {}] {}", record.target(), record.args());
        let _ = writeln!(std::io::stderr().lock(), "{}", crate::secret::redact(&crate::exit::one_line(&line)));
    }

    fn flush(&self) {}
}

/// Installs the logger: no `-v`: this project's warnings; `-v`: this project's debug lines;
/// `-vv` and more: everything, the HTTP libraries' trace included.
pub fn init(verbosity: u8) {
    let (ours, others) = match verbosity {
        // Other crates stay quiet below -vv: the HTTP server of the embedded mock logs an
        // accept error when the demo stops it, which is not the user's concern.
        0 => (LevelFilter::Warn, LevelFilter::Off),
        1 => (LevelFilter::Debug, LevelFilter::Off),
        _ => (LevelFilter::Trace, LevelFilter::Trace),
    };
    let logger: &'static StderrLogger = Box::leak(Box::new(StderrLogger { ours, others }));
    if log::set_logger(logger).is_ok() {
        log::set_max_level(ours.max(others));
    }
}
