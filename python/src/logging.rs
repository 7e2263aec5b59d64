//! The bridge from the core's `log` records to Python's `logging` (logger `wecom_bot`).
//!
//! Only the library's own records are forwarded (never those of the HTTP stack, whose URLs
//! hold the key), and every key of the process is masked in them once more by the core's one
//! rule (`wecom_bot::secret`: every `Webhook` registers its key when it is made), in case a
//! record ever carried one.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

struct Bridge;

static BRIDGE: Bridge = Bridge;

impl log::Log for Bridge {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target() == "wecom_bot" || metadata.target().starts_with("wecom_bot::")
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let level = match record.level() {
            log::Level::Error => 40,
            log::Level::Warn => 30,
            log::Level::Info => 20,
            log::Level::Debug => 10,
            log::Level::Trace => 5,
        };
        let text = wecom_bot::secret::redact(&record.args().to_string()).into_owned();
        // Called with the GIL released (inside network calls): take it just for the record,
        // unless the interpreter is shutting down (then the record is dropped).
        Python::try_attach(|py| {
            if let Err(e) = emit(py, level, &text) {
                // A broken handler must not break a send.
                e.write_unraisable(py, None);
            }
        });
    }

    fn flush(&self) {}
}

fn emit(py: Python<'_>, level: i32, text: &str) -> PyResult<()> {
    static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let logger = LOGGER
        .get_or_try_init(py, || py.import("logging")?.call_method1("getLogger", ("wecom_bot",)).map(Bound::unbind))?
        .bind(py);
    if logger.call_method1("isEnabledFor", (level,))?.is_truthy()? {
        logger.call_method1("log", (level, "%s", text))?;
    }
    Ok(())
}

/// Installs the bridge (once per process; a logger installed by someone else is left alone).
pub(crate) fn install() {
    if log::set_logger(&BRIDGE).is_ok() {
        log::set_max_level(log::LevelFilter::Trace);
    }
}
