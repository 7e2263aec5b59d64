//! The bridge from the core's `log` records to Python's `logging` (logger `wecom_bot`).
//!
//! Only the library's own records are forwarded (never those of the HTTP stack, whose URLs
//! hold the key), and every key of the process is masked in them once more by the core's one
//! rule (`wecom_bot::secret`: every `Webhook` registers its key when it is made), in case a
//! record ever carried one.
//!
//! A debug record the logger would drop costs nothing: whether the logger drops debug is read
//! with the GIL held when a call of ours starts (`refresh_level`, from `Bot`'s and `Outbox`'s
//! methods), and read again by a record that finds the reading older than a second (a
//! background deliverer). Without it, each send's two debug records took the GIL back twice
//! only to be dropped (issue 17).
//!
//! While the logger drops debug records, the `log` crate's own level is set to `Info`, so that
//! the HTTP stack's debug and trace records (a dozen per request, never forwarded) and ours stop
//! at the macro instead of each calling the bridge (callgrind: ≈ 3,000 instructions of a send's
//! 56,000). Info and above always reach the bridge, and take the GIL to ask the logger, so a
//! background deliverer's next delivery record finds a stale reading and reads it again (and
//! with it, the level); the debug records of a send before that record are not seen.

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

/// Whether the `wecom_bot` logger drops debug records, as last read.
static DEBUG_DROPPED: AtomicBool = AtomicBool::new(false);
/// When it was read (`clock_ms`); 0: never.
static READ_AT_MS: AtomicU64 = AtomicU64::new(0);
/// How long a reading made by one call is trusted by records outside any call.
const FRESH_MS: u64 = 1000;

/// Milliseconds since the bridge's first use, from 1.
fn clock_ms() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    u64::try_from(START.get_or_init(Instant::now).elapsed().as_millis()).unwrap_or(u64::MAX - 1) + 1
}

/// Reads (with the GIL held) whether the logger drops debug records: `isEnabledFor(DEBUG)`,
/// which answers from the logger's own cache and minds `disabled` and `logging.disable`. Only
/// debug records are frequent (two a send); the rarer ones take the slow way, which asks anew.
pub(crate) fn refresh_level(py: Python<'_>) {
    let debug = python_level(log::Level::Debug);
    // The name interned: made and hashed once, not on every call.
    let read =
        || -> PyResult<bool> { Ok(!logger(py)?.call_method1(intern!(py, "isEnabledFor"), (debug,))?.is_truthy()?) };
    // A logger that cannot be read: every record goes the slow way, which reports it.
    let dropped = read().unwrap_or(false);
    DEBUG_DROPPED.store(dropped, Ordering::Relaxed);
    READ_AT_MS.store(clock_ms(), Ordering::Relaxed);
    if INSTALLED.load(Ordering::Relaxed) {
        log::set_max_level(if dropped { log::LevelFilter::Info } else { log::LevelFilter::Trace });
    }
}

fn logger(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    Ok(LOGGER
        .get_or_try_init(py, || py.import("logging")?.call_method1("getLogger", ("wecom_bot",)).map(Bound::unbind))?
        .bind(py))
}

struct Bridge;

static BRIDGE: Bridge = Bridge;

impl log::Log for Bridge {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        let ours = metadata.target() == "wecom_bot" || metadata.target().starts_with("wecom_bot::");
        ours && !known_dropped(python_level(metadata.level()))
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) {
            return; // not ours, or debug while a fresh reading says dropped: no GIL taken
        }
        let level = python_level(record.level());
        let fresh = is_fresh();
        let text = wecom_bot::secret::redact(&record.args().to_string()).into_owned();
        // Called with the GIL released (inside network calls): take it just for the record,
        // unless the interpreter is shutting down (then the record is dropped).
        Python::try_attach(|py| {
            if !fresh {
                refresh_level(py);
            }
            if let Err(e) = emit(py, level, &text) {
                // A broken handler must not break a send.
                e.write_unraisable(py, None);
            }
        });
    }

    fn flush(&self) {}
}

fn python_level(level: log::Level) -> i32 {
    match level {
        log::Level::Error => 40,
        log::Level::Warn => 30,
        log::Level::Info => 20,
        log::Level::Debug => 10,
        log::Level::Trace => 5,
    }
}

/// Whether the reading was made less than `FRESH_MS` ago.
fn is_fresh() -> bool {
    let read_at = READ_AT_MS.load(Ordering::Relaxed);
    read_at != 0 && clock_ms().saturating_sub(read_at) < FRESH_MS
}

/// A record of `level` would be dropped, as far as a fresh reading tells (`log_enabled!` asks
/// this before building a costly record): a debug or trace record while debug is dropped.
fn known_dropped(level: i32) -> bool {
    level <= python_level(log::Level::Debug) && is_fresh() && DEBUG_DROPPED.load(Ordering::Relaxed)
}

fn emit(py: Python<'_>, level: i32, text: &str) -> PyResult<()> {
    let logger = logger(py)?;
    if logger.call_method1("isEnabledFor", (level,))?.is_truthy()? {
        logger.call_method1("log", (level, "%s", text))?;
    }
    Ok(())
}

/// Whether the bridge is the `log` crate's logger (then the level is ours to set).
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// Installs the bridge (once per process; a logger installed by someone else is left alone).
pub(crate) fn install() {
    if log::set_logger(&BRIDGE).is_ok() {
        INSTALLED.store(true, Ordering::Relaxed);
        log::set_max_level(log::LevelFilter::Trace);
    }
}
