//! `Outbox`: the robot's durable queue in a store (issue 13; `wecom_bot::outbox`), with its
//! `OutboxStatus`, `DeadLetter` and `RunReport`. Every call that touches the store or the
//! network runs with the GIL released (the deliverer thread logs through Python's `logging`,
//! which needs the GIL: `stop()` must not hold it while it waits for that thread).

use crate::args::{optional, or_default, type_error};
use crate::bot::PyBot;
use crate::convert::quote;
use crate::errors::{invalid_argument, OrRaise};
use crate::messages::message_of;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyString};
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};
use wecom_bot::outbox::{Deliverer, OnUncertain, Outbox, OutboxConfig, RunReport, Stop};
use wecom_bot::{Client, Store};

/// The state of a robot's outbox (`Outbox.status()`).
#[pyclass(frozen, eq, get_all, name = "OutboxStatus", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyOutboxStatus {
    /// Messages waiting.
    pending: u64,
    /// Seconds the oldest waiting message has waited (`None` when none waits).
    oldest: Option<f64>,
    /// Messages delivered so far (each counted once, however packed).
    delivered: u64,
    /// Requests that delivered them (a packed batch counts once).
    sent: u64,
    /// Dead letters.
    dead: u64,
    /// Uncertain outcomes retried: each may have delivered a duplicate.
    possible_duplicates: u64,
    /// The store (its password masked).
    store: String,
}

#[pymethods]
impl PyOutboxStatus {
    fn __repr__(&self) -> String {
        format!(
            "OutboxStatus(pending={}, oldest={}, delivered={}, sent={}, dead={}, possible_duplicates={}, store={})",
            self.pending,
            self.oldest.map_or("None".to_owned(), |o| format!("{o:?}")),
            self.delivered,
            self.sent,
            self.dead,
            self.possible_duplicates,
            quote(&self.store)
        )
    }
}

/// A message the outbox gave up on (`Outbox.dead_letters()`).
#[pyclass(frozen, eq, get_all, name = "DeadLetter", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyDeadLetter {
    /// Its id (from `enqueue`).
    id: u64,
    /// The message's request body (JSON).
    body: String,
    /// Why it was given up (the last error; never the key).
    error: String,
    /// When it was enqueued, Unix seconds.
    enqueued_at: f64,
}

#[pymethods]
impl PyDeadLetter {
    fn __repr__(&self) -> String {
        format!("DeadLetter(id={}, error={}, body={})", self.id, quote(&self.error), quote(&self.body))
    }
}

/// What a delivery run did (`Outbox.run_until_empty()`, `Outbox.stop()`).
#[pyclass(frozen, eq, get_all, name = "RunReport", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyRunReport {
    /// Messages delivered.
    delivered: u64,
    /// Requests that delivered them (a packed batch counts once).
    sent: u64,
    /// Messages dead-lettered.
    dead: u64,
    /// Failed attempts retried.
    retries: u64,
    /// Steps the store failed (each retried after a backoff).
    store_errors: u64,
}

impl From<RunReport> for PyRunReport {
    fn from(r: RunReport) -> Self {
        PyRunReport {
            delivered: r.delivered,
            sent: r.sent,
            dead: r.dead,
            retries: r.retries,
            store_errors: r.store_errors,
        }
    }
}

#[pymethods]
impl PyRunReport {
    fn __repr__(&self) -> String {
        format!(
            "RunReport(delivered={}, sent={}, dead={}, retries={}, store_errors={})",
            self.delivered, self.sent, self.dead, self.retries, self.store_errors
        )
    }
}

/// A robot's durable outbox: `enqueue` stores a message at once (validated, committed to the
/// store) and a deliverer sends what waits, packing waiting text, markdown and markdown_v2
/// messages into as few as the byte limits allow when more wait than the rate window lets out.
///
/// `store` (default: the bot's) is `"sqlite:PATH"` (durable; every process of the host),
/// `"redis://…"` (every host, where the core supports it) or `"memory"` (this process only,
/// not durable: tests). Delivery is at-least-once and runs in one place at a time per robot.
///
/// A context manager: `with Outbox(bot) as outbox:` starts a deliverer thread and, at the end
/// of the block, stops it after delivering what it can within `drain` seconds.
///
/// Options: `packing` (default True) and its `separator` (default a blank line); `max_age`
/// seconds of failed attempts before a dead letter (default 86400); `on_uncertain`, what to do
/// when a send may have been delivered: `"retry"` once (default) or `"dead_letter"`; `lease`
/// (30 s), `poll` (0.2 s), `initial_backoff` (1 s), `max_backoff` (60 s).
///
/// Raises (when made):
///     InvalidArgumentError: a bad store URL or option (`field` names it), or the bot is closed.
///     TypeError: an argument has the wrong type.
#[pyclass(frozen, name = "Outbox", module = "wecom_bot")]
pub(crate) struct PyOutbox {
    inner: Outbox,
    drain: Duration,
    deliverer: Mutex<Option<Deliverer>>,
}

/// An optional argument of seconds (`default` when absent), checked as `Bot`'s are.
fn seconds(py: Python<'_>, name: &str, obj: Option<&Bound<'_, PyAny>>, default: f64) -> PyResult<Duration> {
    crate::bot::seconds(py, name, or_default(obj, name, default)?)
}

impl PyOutbox {
    fn take_deliverer(&self) -> Option<Deliverer> {
        self.deliverer.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    fn stop_for(&self, py: Python<'_>, drain: Duration) -> PyResult<Option<PyRunReport>> {
        match self.take_deliverer() {
            None => Ok(None),
            Some(d) => py.detach(move || d.stop(drain)).or_raise(py).map(|r| Some(r.into())),
        }
    }
}

#[pymethods]
impl PyOutbox {
    #[new]
    #[pyo3(signature = (bot, *, store = None, packing = None, separator = None, max_age = None,
        on_uncertain = None, lease = None, poll = None, initial_backoff = None, max_backoff = None, drain = None))]
    #[pyo3(
        text_signature = "(bot, *, store=None, packing=True, separator='\\n\\n', max_age=86400.0, on_uncertain='retry', lease=30.0, poll=0.2, initial_backoff=1.0, max_backoff=60.0, drain=10.0)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        bot: &Bound<'_, PyAny>,
        store: Option<&Bound<'_, PyAny>>,
        packing: Option<&Bound<'_, PyAny>>,
        separator: Option<&Bound<'_, PyAny>>,
        max_age: Option<&Bound<'_, PyAny>>,
        on_uncertain: Option<&Bound<'_, PyAny>>,
        lease: Option<&Bound<'_, PyAny>>,
        poll: Option<&Bound<'_, PyAny>>,
        initial_backoff: Option<&Bound<'_, PyAny>>,
        max_backoff: Option<&Bound<'_, PyAny>>,
        drain: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let bot = bot.cast::<PyBot>().map_err(|_| type_error("bot", "a Bot", bot))?;
        let client = bot.get().client_for_a_call(py)?;
        let mut config = OutboxConfig::default();
        config.packing.enabled = or_default(packing, "packing", true)?;
        if let Some(s) = optional::<String>(separator, "separator")? {
            config.packing.separator = s;
        }
        config.max_age = seconds(py, "max_age", max_age, 86400.0)?;
        config.on_uncertain = match or_default(on_uncertain, "on_uncertain", "retry".to_owned())?.as_str() {
            "retry" => OnUncertain::Retry,
            "dead_letter" => OnUncertain::DeadLetter,
            _ => return Err(invalid_argument(py, "on_uncertain", "must be \"retry\" or \"dead_letter\"")),
        };
        config.lease = seconds(py, "lease", lease, 30.0)?;
        config.poll = seconds(py, "poll", poll, 0.2)?;
        config.initial_backoff = seconds(py, "initial_backoff", initial_backoff, 1.0)?;
        config.max_backoff = seconds(py, "max_backoff", max_backoff, 60.0)?;
        if config.initial_backoff > config.max_backoff {
            return Err(invalid_argument(py, "initial_backoff", "must not exceed max_backoff"));
        }
        let drain = match drain {
            // 0 is allowed: stop without draining.
            Some(d) if !d.is_instance_of::<PyBool>() => {
                let v = crate::args::required::<f64>(d, "drain")?;
                Duration::try_from_secs_f64(v).map_err(|_| {
                    invalid_argument(py, "drain", format!("must be a finite number of seconds of at least 0, not {v}"))
                })?
            }
            Some(d) => return Err(type_error("drain", "a number (int or float)", d)),
            None => Duration::from_secs(10),
        };
        let client = match optional::<String>(store, "store")? {
            None => client,
            Some(url) => {
                let mut c = client.config().clone();
                c.store = Store::parse(&url).or_raise(py)?;
                let webhook = client.webhook().clone();
                py.detach(move || Client::with_config(webhook, c)).or_raise(py)?
            }
        };
        let inner = py.detach(move || Outbox::new(client, config)).or_raise(py)?;
        Ok(PyOutbox { inner, drain, deliverer: Mutex::new(None) })
    }

    /// Validates `message` (any message object, or a dict shaped like the request body) and
    /// stores it durably; returns its id. Messages enqueued by one thread are delivered in that
    /// order.
    ///
    /// Raises:
    ///     ValidationError: the message breaks a rule of the spec; nothing was queued.
    ///     StoreError: the store cannot be written; nothing was queued.
    ///     TypeError: `message` is not a message.
    fn enqueue(&self, py: Python<'_>, message: &Bound<'_, PyAny>) -> PyResult<u64> {
        crate::logging::refresh_level(py);
        let message = message_of(message)?;
        let outbox = self.inner.clone();
        py.detach(move || outbox.enqueue(&message)).or_raise(py)
    }

    /// How many messages wait, how long the oldest has, what was delivered, the dead letters
    /// and the possible duplicates.
    ///
    /// Raises:
    ///     StoreError: the store cannot be read.
    fn status(&self, py: Python<'_>) -> PyResult<PyOutboxStatus> {
        let outbox = self.inner.clone();
        let s = py.detach(move || outbox.status()).or_raise(py)?;
        Ok(PyOutboxStatus {
            pending: s.pending,
            oldest: s.oldest.map(|d| d.as_secs_f64()),
            delivered: s.delivered,
            sent: s.sent,
            dead: s.dead,
            possible_duplicates: s.possible_duplicates,
            store: s.store,
        })
    }

    /// The dead letters, oldest first.
    ///
    /// Raises:
    ///     StoreError: the store cannot be read.
    fn dead_letters(&self, py: Python<'_>) -> PyResult<Vec<PyDeadLetter>> {
        let outbox = self.inner.clone();
        let list = py.detach(move || outbox.dead_letters()).or_raise(py)?;
        Ok(list
            .into_iter()
            .map(|d| PyDeadLetter {
                id: d.id,
                body: d.body,
                error: d.error,
                enqueued_at: d.enqueued_at.duration_since(UNIX_EPOCH).map_or(0.0, |t| t.as_secs_f64()),
            })
            .collect())
    }

    /// Puts dead letters back in the queue: those of `ids`, or every one; returns how many.
    ///
    /// Raises:
    ///     StoreError: the store cannot be written.
    #[pyo3(signature = (ids = None))]
    fn retry_dead(&self, py: Python<'_>, ids: Option<&Bound<'_, PyAny>>) -> PyResult<u64> {
        let ids: Option<Vec<u64>> = match ids.filter(|i| !i.is_none()) {
            None => None,
            Some(list) => {
                let bad = || type_error("ids", "a list of int", list);
                if list.is_instance_of::<PyString>() {
                    return Err(bad());
                }
                let mut out = Vec::new();
                for item in list.try_iter().map_err(|_| bad())? {
                    let item = item?;
                    let n = crate::args::required::<i64>(&item, "ids[]")?;
                    out.push(u64::try_from(n).map_err(|_| invalid_argument(py, "ids", "ids are positive"))?);
                }
                Some(out)
            }
        };
        let outbox = self.inner.clone();
        py.detach(move || outbox.retry_dead(ids.as_deref())).or_raise(py)
    }

    /// Deletes the dead letters, or with `all=True` every message of the robot, waiting ones
    /// too; returns how many.
    ///
    /// Raises:
    ///     StoreError: the store cannot be written.
    #[pyo3(signature = (all = None))]
    #[pyo3(text_signature = "($self, all=False)")]
    fn purge(&self, py: Python<'_>, all: Option<&Bound<'_, PyAny>>) -> PyResult<u64> {
        let all = or_default(all, "all", false)?;
        let outbox = self.inner.clone();
        py.detach(move || outbox.purge(all)).or_raise(py)
    }

    /// Delivers on the calling thread (the GIL released) until nothing waits, or for at most
    /// `timeout` seconds: failed attempts are retried after their backoff meanwhile, and while
    /// another deliverer holds the robot's lease this waits for it. `status()` tells what is
    /// left.
    ///
    /// Raises:
    ///     InvalidArgumentError: `timeout` is not a positive number of seconds.
    #[pyo3(signature = (timeout = None))]
    #[pyo3(text_signature = "($self, timeout=60.0)")]
    fn run_until_empty(&self, py: Python<'_>, timeout: Option<&Bound<'_, PyAny>>) -> PyResult<PyRunReport> {
        crate::logging::refresh_level(py);
        let timeout = seconds(py, "timeout", timeout, 60.0)?;
        let outbox = self.inner.clone();
        let report = py.detach(move || {
            let stop = Arc::new(Stop::new());
            let (done, timer) = channel::<()>();
            let alarm = {
                let stop = Arc::clone(&stop);
                std::thread::spawn(move || {
                    if let Err(RecvTimeoutError::Timeout) = timer.recv_timeout(timeout) {
                        stop.request(Duration::ZERO);
                    }
                })
            };
            let report = outbox.run(&stop, true);
            drop(done);
            let _ = alarm.join();
            report
        });
        report.or_raise(py).map(Into::into)
    }

    /// Starts a deliverer thread: it delivers what waits and what is enqueued later, until
    /// `stop()`.
    ///
    /// Raises:
    ///     InvalidArgumentError: a deliverer of this outbox is already running.
    fn start(&self, py: Python<'_>) -> PyResult<()> {
        crate::logging::refresh_level(py);
        let mut slot = self.deliverer.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_some() {
            return Err(invalid_argument(py, "outbox", "its deliverer is already running: stop() it first"));
        }
        *slot = Some(self.inner.start());
        Ok(())
    }

    /// Stops the deliverer thread: it delivers what it can within `drain` seconds (default:
    /// the outbox's `drain`; 0: only the send in flight finishes), then ends; what is left
    /// stays queued. Returns what it did, or `None` when no deliverer was running.
    #[pyo3(signature = (drain = None))]
    fn stop(&self, py: Python<'_>, drain: Option<&Bound<'_, PyAny>>) -> PyResult<Option<PyRunReport>> {
        let drain = match optional::<f64>(drain, "drain")? {
            None => self.drain,
            Some(v) => Duration::try_from_secs_f64(v).map_err(|_| {
                invalid_argument(py, "drain", format!("must be a finite number of seconds of at least 0, not {v}"))
            })?,
        };
        self.stop_for(py, drain)
    }

    /// Whether a deliverer thread of this outbox is running.
    #[getter]
    fn running(&self) -> bool {
        self.deliverer.lock().unwrap_or_else(|p| p.into_inner()).is_some()
    }

    /// The store (its password masked).
    #[getter]
    fn store(&self) -> &str {
        self.inner.store_url()
    }

    fn __enter__(slf: Bound<'_, Self>) -> PyResult<Bound<'_, Self>> {
        if !slf.get().running() {
            slf.get().start(slf.py())?;
        }
        Ok(slf)
    }

    /// Stops the deliverer at the end of a `with` block, draining for `drain` seconds
    /// (exceptions propagate).
    #[pyo3(signature = (_exc_type = None, _exc_value = None, _traceback = None))]
    fn __exit__(
        &self,
        py: Python<'_>,
        _exc_type: Option<&Bound<'_, PyAny>>,
        _exc_value: Option<&Bound<'_, PyAny>>,
        _traceback: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<bool> {
        self.stop_for(py, self.drain)?;
        Ok(false)
    }

    fn __repr__(&self) -> String {
        format!(
            "Outbox(store={}, running={})",
            quote(self.inner.store_url()),
            if self.running() { "True" } else { "False" }
        )
    }
}
