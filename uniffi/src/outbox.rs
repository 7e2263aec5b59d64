//! [`Outbox`]: the robot's durable queue in a store (issue 13; `wecom_bot::outbox`), with its
//! [`OutboxConfig`], [`OutboxStatus`], [`DeadLetter`] and [`RunReport`] records.

use crate::bot::Bot;
use crate::error::{Result, WecomError};
use crate::message::Message;
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};
use wecom_bot::outbox::{Deliverer, OnUncertain, RunReport as CoreReport, Stop};

/// How an [`Outbox`] delivers; every field has a default. Times are in milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OutboxConfig {
    /// The store holding the queue (and the rate window it delivers through): `sqlite:PATH`
    /// (durable; every process of the host), `redis://…` (every host, where the core supports
    /// it) or `memory` (this process only, not durable: tests). Absent: the bot's store.
    #[uniffi(default = None)]
    pub store: Option<String>,
    /// Merge waiting text, markdown and markdown_v2 messages when more wait than the rate
    /// window lets out now.
    #[uniffi(default = true)]
    pub packing: bool,
    /// Put between two merged messages' contents (counted in the byte limit). Absent: a blank
    /// line.
    #[uniffi(default = None)]
    pub separator: Option<String>,
    /// A message that could not be sent for this long goes to the dead letters (24 h).
    #[uniffi(default = 86400000)]
    pub max_age_ms: i64,
    /// A send that may have been delivered (a timeout after sending, a closed connection, a
    /// 5xx): dead letter it at once (true), or retry it once, counted as a possible duplicate
    /// (false).
    #[uniffi(default = false)]
    pub dead_letter_uncertain: bool,
    /// How long a deliverer's claim on the robot lasts without renewal.
    #[uniffi(default = 30000)]
    pub lease_ms: i64,
    /// How often an idle deliverer looks for new messages.
    #[uniffi(default = 200)]
    pub poll_ms: i64,
    /// The first wait after a failed attempt, doubled up to `max_backoff_ms`.
    #[uniffi(default = 1000)]
    pub initial_backoff_ms: i64,
    /// The longest wait between two attempts.
    #[uniffi(default = 60000)]
    pub max_backoff_ms: i64,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        OutboxConfig {
            store: None,
            packing: true,
            separator: None,
            max_age_ms: 86_400_000,
            dead_letter_uncertain: false,
            lease_ms: 30_000,
            poll_ms: 200,
            initial_backoff_ms: 1_000,
            max_backoff_ms: 60_000,
        }
    }
}

/// The state of a robot's outbox.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OutboxStatus {
    /// Messages waiting.
    pub pending: i64,
    /// How long the oldest waiting message has waited (absent when none waits).
    pub oldest_ms: Option<i64>,
    /// Messages delivered so far (each counted once, however packed).
    pub delivered: i64,
    /// Requests that delivered them (a packed batch counts once).
    pub sent: i64,
    /// Dead letters.
    pub dead: i64,
    /// Uncertain outcomes retried: each may have delivered a duplicate.
    pub possible_duplicates: i64,
    /// The store (its password masked).
    pub store: String,
}

/// A message the outbox gave up on.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DeadLetter {
    /// Its id (from `enqueue`).
    pub id: i64,
    /// The message's request body (JSON).
    pub body: String,
    /// Why it was given up (the last error; never the key).
    pub error: String,
    /// When it was enqueued, milliseconds since the Unix epoch.
    pub enqueued_at_ms: i64,
}

/// What a delivery run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct RunReport {
    /// Messages delivered.
    pub delivered: i64,
    /// Requests that delivered them (a packed batch counts once).
    pub sent: i64,
    /// Messages dead-lettered.
    pub dead: i64,
    /// Failed attempts retried.
    pub retries: i64,
    /// Steps the store failed (each retried after a backoff).
    pub store_errors: i64,
}

fn i64_of(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn ms_of(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl From<CoreReport> for RunReport {
    fn from(r: CoreReport) -> Self {
        RunReport {
            delivered: i64_of(r.delivered),
            sent: i64_of(r.sent),
            dead: i64_of(r.dead),
            retries: i64_of(r.retries),
            store_errors: i64_of(r.store_errors),
        }
    }
}

/// A positive number of milliseconds, or an `InvalidArgument` error naming the field.
fn millis(field: &str, ms: i64) -> Result<Duration> {
    match u64::try_from(ms) {
        Ok(ms) if ms > 0 => Ok(Duration::from_millis(ms)),
        _ => Err(WecomError::invalid_argument(
            field,
            format!("{field} must be a positive number of milliseconds (got {ms})"),
        )),
    }
}

fn core_config(c: &OutboxConfig) -> Result<wecom_bot::outbox::OutboxConfig> {
    let mut core = wecom_bot::outbox::OutboxConfig::default();
    core.packing.enabled = c.packing;
    if let Some(s) = &c.separator {
        core.packing.separator = s.clone();
    }
    core.max_age = millis("config.max_age_ms", c.max_age_ms)?;
    core.on_uncertain = if c.dead_letter_uncertain { OnUncertain::DeadLetter } else { OnUncertain::Retry };
    core.lease = millis("config.lease_ms", c.lease_ms)?;
    core.poll = millis("config.poll_ms", c.poll_ms)?;
    core.initial_backoff = millis("config.initial_backoff_ms", c.initial_backoff_ms)?;
    core.max_backoff = millis("config.max_backoff_ms", c.max_backoff_ms)?;
    if core.initial_backoff > core.max_backoff {
        return Err(WecomError::invalid_argument(
            "config.initial_backoff_ms",
            "config.initial_backoff_ms must not exceed config.max_backoff_ms",
        ));
    }
    Ok(core)
}

/// A robot's durable outbox: [`Outbox::enqueue`] stores a message at once (validated,
/// committed to the store, so it survives a crash of the process) and a deliverer sends what
/// waits, one robot at a time (whoever holds the robot's lease in the store), packing waiting
/// text, markdown and markdown_v2 messages into as few as the byte limits allow when more wait
/// than the rate window lets out now. Delivery is at-least-once. Thread-safe.
#[derive(uniffi::Object)]
pub struct Outbox {
    inner: wecom_bot::outbox::Outbox,
    deliverer: Mutex<Option<Deliverer>>,
}

impl Outbox {
    fn slot(&self) -> std::sync::MutexGuard<'_, Option<Deliverer>> {
        self.deliverer.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl Outbox {
    /// The outbox of `bot`'s robot, in `config.store` (else the bot's store).
    #[uniffi::constructor]
    pub fn new(bot: Arc<Bot>, config: OutboxConfig) -> Result<Arc<Outbox>> {
        let core = core_config(&config)?;
        let client = bot.client.clone();
        let client = match &config.store {
            None => client,
            Some(url) => {
                let mut c = client.config().clone();
                c.store = wecom_bot::Store::parse(url)?;
                wecom_bot::Client::with_config(client.webhook().clone(), c)?
            }
        };
        let inner = wecom_bot::outbox::Outbox::new(client, core)?;
        Ok(Arc::new(Outbox { inner, deliverer: Mutex::new(None) }))
    }

    /// Validates `message` and stores it durably; returns its id. A bad message fails with
    /// `Validation` and is never queued; a store that cannot be written fails with `Store`.
    /// Messages enqueued by one thread are delivered in that order.
    pub fn enqueue(&self, message: Message) -> Result<i64> {
        Ok(i64_of(self.inner.enqueue(&message.into())?))
    }

    /// How many wait, how long the oldest has, what was delivered, the dead letters and the
    /// possible duplicates.
    pub fn status(&self) -> Result<OutboxStatus> {
        let s = self.inner.status()?;
        Ok(OutboxStatus {
            pending: i64_of(s.pending),
            oldest_ms: s.oldest.map(ms_of),
            delivered: i64_of(s.delivered),
            sent: i64_of(s.sent),
            dead: i64_of(s.dead),
            possible_duplicates: i64_of(s.possible_duplicates),
            store: s.store,
        })
    }

    /// The dead letters, oldest first.
    pub fn dead_letters(&self) -> Result<Vec<DeadLetter>> {
        Ok(self
            .inner
            .dead_letters()?
            .into_iter()
            .map(|d| DeadLetter {
                id: i64_of(d.id),
                body: d.body,
                error: d.error,
                enqueued_at_ms: d.enqueued_at.duration_since(UNIX_EPOCH).map_or(0, ms_of),
            })
            .collect())
    }

    /// Puts dead letters back in the queue (those of `ids`, or all); returns how many.
    pub fn retry_dead(&self, ids: Option<Vec<i64>>) -> Result<i64> {
        let ids = ids
            .map(|ids| {
                ids.into_iter()
                    .map(|id| {
                        u64::try_from(id).map_err(|_| {
                            WecomError::invalid_argument("ids", format!("ids must not be negative (got {id})"))
                        })
                    })
                    .collect::<Result<Vec<u64>>>()
            })
            .transpose()?;
        Ok(i64_of(self.inner.retry_dead(ids.as_deref())?))
    }

    /// Deletes the dead letters, or (`all`) every message of the robot; returns how many.
    pub fn purge(&self, all: bool) -> Result<i64> {
        Ok(i64_of(self.inner.purge(all)?))
    }

    /// Delivers on the calling thread until nothing waits, or for at most `timeout_ms`: failed
    /// attempts are retried after their backoff meanwhile, and while another deliverer holds
    /// the robot's lease this waits for it. [`Outbox::status`] tells what is left.
    pub fn run_until_empty(&self, timeout_ms: i64) -> Result<RunReport> {
        let timeout = millis("timeout_ms", timeout_ms)?;
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
        let report = self.inner.run(&stop, true);
        drop(done);
        let _ = alarm.join();
        Ok(report?.into())
    }

    /// Starts a deliverer thread: it delivers what waits and what is enqueued later, until
    /// [`Outbox::stop`]. Fails with `InvalidArgument` when one is already running.
    pub fn start(&self) -> Result<()> {
        let mut slot = self.slot();
        if slot.is_some() {
            return Err(WecomError::invalid_argument("outbox", "its deliverer is already running: stop it first"));
        }
        *slot = Some(self.inner.start());
        Ok(())
    }

    /// Stops the deliverer thread: it delivers what it can within `drain_ms` (0: only the send
    /// in flight finishes), then ends; what is left stays queued. Returns what it did, or
    /// nothing when no deliverer was running.
    pub fn stop(&self, drain_ms: i64) -> Result<Option<RunReport>> {
        let drain = u64::try_from(drain_ms).map(Duration::from_millis).map_err(|_| {
            WecomError::invalid_argument("drain_ms", format!("drain_ms must not be negative (got {drain_ms})"))
        })?;
        let running = self.slot().take();
        match running {
            None => Ok(None),
            Some(d) => Ok(Some(d.stop(drain)?.into())),
        }
    }

    /// Whether a deliverer thread of this outbox is running.
    pub fn is_running(&self) -> bool {
        self.slot().is_some()
    }

    /// The store (its password masked).
    pub fn store(&self) -> String {
        self.inner.store_url().to_owned()
    }
}
