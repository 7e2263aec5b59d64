//! The outbox (issue 13, DESIGN.md §4b): a durable queue per robot in the client's store, and
//! one deliverer per robot that packs waiting messages through the rate window.
//!
//! - [`Outbox::enqueue`] validates the message (a bad one is refused at once, never queued) and
//!   returns only once it is committed to the store (SQLite: WAL, committed before the call
//!   returns, so a process crash loses nothing; Redis: in the server's memory and its
//!   append-only file when it has one); when the store cannot be used it fails with
//!   kind `store` — it never pretends.
//! - Delivery runs in one place at a time per robot: whoever holds the robot's lease in the
//!   store (renewed while delivering, also while waiting for the window; a deliverer that lost
//!   it sends nothing more; taken over when it runs out, and the taker-over delivers what is
//!   left, oldest first). [`Outbox::start`] runs it on
//!   a background thread, [`Outbox::run`] on the caller's (`wecom-bot outbox run`).
//! - When more messages wait than the window lets out now, waiting text, markdown and
//!   markdown_v2 messages are packed ([`Packing`]); order is kept per producer (the process and
//!   thread that enqueued).
//! - Failures (see `outcome`): nothing sent → retried with backoff until `max_age`, then dead
//!   letter; may have been delivered → retried once (`OnUncertain::Retry`, counted as a
//!   possible duplicate) or dead letter; refused → dead letter at once. Delivery is
//!   at-least-once: a duplicate comes from an uncertain outcome retried, or from a crash between
//!   the server's answer and the store's mark.
//! - Stores: `sqlite:PATH` (the default), `redis://` / `rediss://` (a stream per robot, shared
//!   by every host; durable across a restart of Redis only with `appendonly yes`, which
//!   production needs: see `stream`), and `memory` (this process only, not durable: tests).

#[cfg(test)]
mod bench;
mod deliverer;
mod outcome;
mod pack;
mod queue;
#[cfg(feature = "store-redis")]
mod stream;
#[cfg(test)]
mod tests;

pub use deliverer::{Deliverer, RunReport, Stop};
pub use pack::{packing_bound, Packing};

use crate::error::{Error, Result};
use crate::store::{self, Store};
use crate::{Client, Message};
use outcome::{classify, Outcome};
use pack::{next_batch, Waiting};
use queue::{now_ms, Queue, Row};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The log target of the deliverer's lines (`wecom_bot::outbox`): one `info` line per
/// delivered batch, `warn` for failures.
pub const LOG_TARGET: &str = "wecom_bot::outbox";

/// Rows read per step: the head of the queue the packer looks at.
const HEAD: usize = 512;

/// What to do with a message whose delivery may have happened (a timeout after sending, a
/// closed connection, a 5xx).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnUncertain {
    /// Retry once (default), counting a possible duplicate; dead letter if it happens again.
    #[default]
    Retry,
    /// Dead letter at once (never a duplicate; the message may be lost instead).
    DeadLetter,
}

/// How the outbox delivers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxConfig {
    /// Packing of waiting messages (on by default).
    pub packing: Packing,
    /// A message that could not be sent for this long goes to the dead letters (default 24 h).
    pub max_age: Duration,
    /// Uncertain outcomes: retry once, or dead letter.
    pub on_uncertain: OnUncertain,
    /// How long a deliverer's claim on a robot lasts without renewal (default 30 s): another
    /// deliverer takes over this long after the holder died.
    pub lease: Duration,
    /// How often an idle deliverer looks for new messages (default 200 ms).
    pub poll: Duration,
    /// The first wait after a failure that sent nothing (doubles up to `max_backoff`).
    pub initial_backoff: Duration,
    /// The longest wait between two attempts.
    pub max_backoff: Duration,
}

impl Default for OutboxConfig {
    fn default() -> OutboxConfig {
        OutboxConfig {
            packing: Packing::default(),
            max_age: Duration::from_secs(24 * 3600),
            on_uncertain: OnUncertain::Retry,
            lease: Duration::from_secs(30),
            poll: Duration::from_millis(200),
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(60),
        }
    }
}

/// The state of a robot's outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxStatus {
    /// Messages waiting.
    pub pending: u64,
    /// How long the oldest waiting message has waited.
    pub oldest: Option<Duration>,
    /// Dead letters.
    pub dead: u64,
    /// Messages delivered so far (each once, however packed).
    pub delivered: u64,
    /// Requests that delivered them (a packed batch counts once).
    pub sent: u64,
    /// Uncertain outcomes retried: each may have delivered a duplicate.
    pub possible_duplicates: u64,
    /// The store (its password masked).
    pub store: String,
}

/// A message the outbox gave up on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLetter {
    /// Its id (from `enqueue`).
    pub id: u64,
    /// The message's request body (JSON).
    pub body: String,
    /// Why it was given up.
    pub error: String,
    /// When it was enqueued.
    pub enqueued_at: SystemTime,
}

/// What one delivery step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Nothing waits.
    Idle,
    /// Another deliverer holds the robot's lease.
    NotHolder,
    /// One request delivered these messages.
    Delivered {
        /// The ids, in the order they appear in the message.
        ids: Vec<u64>,
        /// The request body's size.
        bytes: usize,
    },
    /// The attempt sent nothing (or may have, and is retried once); retry after the backoff.
    Retry {
        /// The ids.
        ids: Vec<u64>,
        /// The failure.
        error: String,
    },
    /// These messages went to the dead letters.
    DeadLettered {
        /// The ids.
        ids: Vec<u64>,
        /// The failure.
        error: String,
    },
}

/// A robot's outbox, over the client's store. Cheap to clone; thread-safe.
#[derive(Clone)]
pub struct Outbox(Arc<Inner>);

struct Inner {
    client: Client,
    robot: String,
    queue: Arc<dyn Queue>,
    shown: String,
    config: OutboxConfig,
    /// This outbox's name as a lease holder (process, and a per-outbox nonce).
    holder: String,
    /// While this outbox holds the lease: the newest id that waited when it took the lease, as
    /// long as older-or-equal ids wait (they go first: the previous holder's unacknowledged
    /// messages before anything enqueued later). `None` outside that backlog.
    backlog: Mutex<Backlog>,
}

/// Whether this outbox holds the lease, and the backlog it found when it took it.
#[derive(Default)]
struct Backlog {
    holding: bool,
    until: Option<u64>,
}

impl std::fmt::Debug for Outbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outbox").field("client", &self.0.client).field("store", &self.0.shown).finish()
    }
}

/// Delegates to the process's memory queue (which lives as long as the process).
struct ProcessQueue;

macro_rules! delegate {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {
        impl Queue for ProcessQueue {
            $(fn $name(&self, $($arg: $ty),*) -> $ret { queue::MemoryQueue::process().$name($($arg),*) })*
        }
    };
}
delegate! {
    enqueue(robot: &str, producer: &str, bodies: &[String]) -> std::result::Result<Vec<u64>, store::StoreFailure>;
    pending(robot: &str, limit: usize) -> std::result::Result<Vec<Row>, store::StoreFailure>;
    delivered(robot: &str, ids: &[u64]) -> std::result::Result<(), store::StoreFailure>;
    failed(robot: &str, ids: &[u64], error: &str, uncertain: bool) -> std::result::Result<(), store::StoreFailure>;
    dead(robot: &str, ids: &[u64], error: &str) -> std::result::Result<(), store::StoreFailure>;
    dead_letters(robot: &str) -> std::result::Result<Vec<Row>, store::StoreFailure>;
    requeue(robot: &str, ids: Option<&[u64]>) -> std::result::Result<u64, store::StoreFailure>;
    purge(robot: &str, all: bool) -> std::result::Result<u64, store::StoreFailure>;
    counts(robot: &str) -> std::result::Result<queue::Counts, store::StoreFailure>;
    lease(robot: &str, holder: &str, ttl_ms: u64) -> std::result::Result<bool, store::StoreFailure>;
    release(robot: &str, holder: &str) -> std::result::Result<(), store::StoreFailure>;
}

impl Outbox {
    /// The outbox of `client`'s robot in `client`'s store (`ClientConfig::store`).
    pub fn new(client: Client, config: OutboxConfig) -> Result<Outbox> {
        if config.lease.is_zero() || config.poll.is_zero() || config.max_backoff < config.initial_backoff {
            return Err(Error::invalid_argument(
                "outbox",
                "lease and poll must be positive, and max_backoff at least initial_backoff",
            ));
        }
        let resolved = client.config().store.resolve()?;
        let queue: Arc<dyn Queue> = match &resolved {
            Store::Memory | Store::Default => Arc::new(ProcessQueue),
            #[cfg(feature = "store-sqlite")]
            Store::Sqlite(p) => Arc::new(store::sqlite::SqliteStore::new(p.clone(), client.config().store_timeout)),
            #[cfg(feature = "store-redis")]
            Store::Redis(url) => Arc::new(store::redis::RedisStore::new(url, client.config().store_timeout)?),
            // a store whose cargo feature is off
            #[allow(unreachable_patterns)]
            other => {
                return Err(Error::invalid_argument(
                    "store",
                    format!("{other} needs a cargo feature this build of wecom-bot was made without"),
                ))
            }
        };
        let robot = store::robot_id(client.base_url(), client.webhook().expose_key());
        let nonce = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        Ok(Outbox(Arc::new(Inner {
            robot,
            queue,
            shown: resolved.display_url(),
            config,
            holder: format!("{}-{nonce:08x}", std::process::id()),
            backlog: Mutex::default(),
            client,
        })))
    }

    /// The store (its password masked).
    pub fn store_url(&self) -> &str {
        &self.0.shown
    }

    fn store_error(&self, e: store::StoreFailure) -> Error {
        Error::store(&self.0.shown, e)
    }

    /// Validates `message` and stores it durably; returns its id. A markdown message with a
    /// follow-up mention text is stored as two messages, in order (the id is the first's). The
    /// producer, whose order delivery keeps, is this process and thread.
    pub fn enqueue(&self, message: &Message) -> Result<u64> {
        let producer = format!("{}-{:?}", std::process::id(), std::thread::current().id());
        self.enqueue_from(&producer, message)
    }

    /// [`Outbox::enqueue`] for a producer named by the caller: messages of one producer are
    /// delivered in the order they were enqueued (the CLI names the shell that runs it, so a
    /// script's successive `send --queue` keep their order).
    pub fn enqueue_from(&self, producer: &str, message: &Message) -> Result<u64> {
        let mut bodies = vec![message.to_json()?];
        if let Some(text) = message.followup_text() {
            bodies.push(Message::from(text).to_json()?);
        }
        let ids = self.0.queue.enqueue(&self.0.robot, producer, &bodies).map_err(|e| self.store_error(e))?;
        ids.first().copied().ok_or_else(|| self.store_error(store::StoreFailure("no id was returned".into())))
    }

    /// How many wait, how long the oldest has, dead letters, and what was delivered.
    pub fn status(&self) -> Result<OutboxStatus> {
        let c = self.0.queue.counts(&self.0.robot).map_err(|e| self.store_error(e))?;
        let now = now_ms();
        Ok(OutboxStatus {
            pending: c.pending,
            oldest: c.oldest_enqueued_at.map(|t| Duration::from_millis(now.saturating_sub(t))),
            dead: c.dead,
            delivered: c.delivered,
            sent: c.sent,
            possible_duplicates: c.possible_duplicates,
            store: self.0.shown.clone(),
        })
    }

    /// The dead letters, oldest first.
    pub fn dead_letters(&self) -> Result<Vec<DeadLetter>> {
        let rows = self.0.queue.dead_letters(&self.0.robot).map_err(|e| self.store_error(e))?;
        Ok(rows
            .into_iter()
            .map(|r| DeadLetter {
                id: r.id,
                body: r.body,
                error: r.last_error.unwrap_or_default(),
                enqueued_at: UNIX_EPOCH + Duration::from_millis(r.enqueued_at),
            })
            .collect())
    }

    /// Puts dead letters back in the queue (all, or those of `ids`); returns how many.
    pub fn retry_dead(&self, ids: Option<&[u64]>) -> Result<u64> {
        self.0.queue.requeue(&self.0.robot, ids).map_err(|e| self.store_error(e))
    }

    /// Deletes the dead letters, or (`all`) every message of the robot; returns how many.
    pub fn purge(&self, all: bool) -> Result<u64> {
        self.0.queue.purge(&self.0.robot, all).map_err(|e| self.store_error(e))
    }

    /// One delivery step: takes (or renews) the robot's lease, waits (renewing it) while the
    /// rate window is full, then sends the next message, packed from the head of the queue when
    /// more wait than the window lets out now, and records the outcome.
    pub fn step(&self) -> Result<Step> {
        Ok(self.step_inner(None)?.unwrap_or(Step::Idle))
    }

    /// [`Outbox::step`] for a loop of the caller's that can be stopped: a wait for the window
    /// gives up (`None`, nothing sent) once `stop` is raised and past its deadline.
    pub fn step_until(&self, stop: &Stop) -> Result<Option<Step>> {
        self.step_inner(Some(stop))
    }

    fn step_inner(&self, stop: Option<&Stop>) -> Result<Option<Step>> {
        let inner = &self.0;
        let started = Instant::now();
        let lease_ms = u64::try_from(inner.config.lease.as_millis()).unwrap_or(u64::MAX);
        if !inner.queue.lease(&inner.robot, &inner.holder, lease_ms).map_err(|e| self.store_error(e))? {
            self.let_go();
            return Ok(Some(Step::NotHolder));
        }
        let mut rows = inner.queue.pending(&inner.robot, HEAD).map_err(|e| self.store_error(e))?;
        if rows.is_empty() {
            return Ok(Some(Step::Idle));
        }
        // What waits when the lease is taken is the backlog, marked before any wait.
        self.backlog_first(&mut rows);
        // Wait here rather than in the client: the lease is renewed meanwhile, a lease lost
        // stops delivery before anything is sent, and what arrived during the wait joins the
        // batch.
        match self.wait_for_window(lease_ms, stop)? {
            Waited::No => {}
            Waited::Yes => rows = inner.queue.pending(&inner.robot, HEAD).map_err(|e| self.store_error(e))?,
            Waited::LostLease => {
                self.let_go();
                return Ok(Some(Step::NotHolder));
            }
            Waited::Stopped => return Ok(None),
        }
        if rows.is_empty() {
            return Ok(Some(Step::Idle));
        }
        self.backlog_first(&mut rows);
        let mut waiting = Vec::with_capacity(rows.len());
        for r in &rows {
            match Message::from_json(&r.body) {
                Ok(message) => waiting.push(Waiting { id: r.id, producer: r.producer.clone(), message }),
                Err(e) => {
                    // Only this library writes rows; an unreadable one cannot ever be sent.
                    let error = format!("unreadable stored message: {e}");
                    inner.queue.dead(&inner.robot, &[r.id], &error).map_err(|e| self.store_error(e))?;
                    return Ok(Some(Step::DeadLettered { ids: vec![r.id], error }));
                }
            }
        }
        let free = match inner.client.quota_status() {
            Ok(Some(q)) => q.limit.saturating_sub(q.used) as usize,
            Ok(None) => usize::MAX,
            Err(_) => 0,
        };
        let off = Packing { enabled: false, ..inner.config.packing.clone() };
        let packing = if waiting.len() > free { &inner.config.packing } else { &off };
        let batch = next_batch(&waiting, packing).expect("the queue is not empty");
        let result = inner.client.send(&batch.message);
        // Renew the lease after a long send (a retried -1, another sender's slot), before recording.
        let _ = inner.queue.lease(&inner.robot, &inner.holder, lease_ms);
        match result {
            Ok(()) => {
                inner.queue.delivered(&inner.robot, &batch.ids).map_err(|e| self.store_error(e))?;
                let bytes = batch.message.to_json_bytes().map_or(0, |b| b.len());
                log::info!(
                    target: LOG_TARGET,
                    "delivered {} (ids {}) in one {} message of {bytes} bytes after {:.1} s",
                    plural(batch.ids.len()),
                    ranges(&batch.ids),
                    batch.message.msgtype(),
                    started.elapsed().as_secs_f64()
                );
                Ok(Some(Step::Delivered { ids: batch.ids, bytes }))
            }
            Err(e) => self.failed(&batch.ids, &rows, &e).map(Some),
        }
    }

    /// On taking the lease, what waits then is the backlog: until it is delivered (or dead),
    /// only its rows are packed and sent, so that the previous holder's unacknowledged
    /// messages go before anything enqueued after the takeover.
    fn backlog_first(&self, rows: &mut Vec<Row>) {
        let mut b = self.0.backlog.lock().unwrap_or_else(|p| p.into_inner());
        if !b.holding {
            b.holding = true;
            b.until = rows.last().map(|r| r.id);
        }
        if let Some(until) = b.until {
            if rows.first().is_some_and(|r| r.id <= until) {
                rows.retain(|r| r.id <= until);
            } else {
                b.until = None;
            }
        }
    }

    /// The lease is no longer this outbox's.
    fn let_go(&self) {
        *self.0.backlog.lock().unwrap_or_else(|p| p.into_inner()) = Backlog::default();
    }

    /// Waits while the robot's window is full, renewing the lease every third of its length.
    fn wait_for_window(&self, lease_ms: u64, stop: Option<&Stop>) -> Result<Waited> {
        let inner = &self.0;
        let mut waited = Waited::No;
        loop {
            let wait = match inner.client.quota_status() {
                Ok(Some(q)) if q.used >= q.limit => q.next_free.unwrap_or(q.window),
                // Room, no limiter, or a store that cannot tell: the client's own send decides.
                _ => return Ok(waited),
            };
            let chunk = wait.min(inner.config.lease / 3).max(Duration::from_millis(1));
            match stop {
                Some(stop) if stop.past_deadline() => return Ok(Waited::Stopped),
                Some(stop) => stop.nap(chunk),
                None => std::thread::sleep(chunk),
            }
            if !inner.queue.lease(&inner.robot, &inner.holder, lease_ms).map_err(|e| self.store_error(e))? {
                log::warn!(target: LOG_TARGET, "the robot's lease was taken by another deliverer: this one stops delivering");
                return Ok(Waited::LostLease);
            }
            waited = Waited::Yes;
        }
    }

    fn failed(&self, ids: &[u64], rows: &[Row], e: &Error) -> Result<Step> {
        let inner = &self.0;
        let error = e.to_string();
        let carried: Vec<&Row> = rows.iter().filter(|r| ids.contains(&r.id)).collect();
        let dead = |why: &str| -> Result<Step> {
            inner.queue.dead(&inner.robot, ids, &error).map_err(|e| self.store_error(e))?;
            log::warn!(target: LOG_TARGET, "dead-lettered ids {} ({why}): {error}", ranges(ids));
            Ok(Step::DeadLettered { ids: ids.to_vec(), error: error.clone() })
        };
        match classify(e) {
            Outcome::Permanent => dead("refused"),
            Outcome::Uncertain => {
                if inner.config.on_uncertain == OnUncertain::Retry && carried.iter().all(|r| r.uncertain == 0) {
                    inner.queue.failed(&inner.robot, ids, &error, true).map_err(|e| self.store_error(e))?;
                    log::warn!(
                        target: LOG_TARGET,
                        "ids {} may have been delivered ({error}): retried once, counted as a possible duplicate",
                        ranges(ids)
                    );
                    Ok(Step::Retry { ids: ids.to_vec(), error })
                } else {
                    dead("may have been delivered")
                }
            }
            Outcome::NotSent => {
                let oldest = carried.iter().map(|r| r.enqueued_at).min().unwrap_or(0);
                let age = Duration::from_millis(now_ms().saturating_sub(oldest));
                if age > inner.config.max_age {
                    return dead("older than max_age");
                }
                inner.queue.failed(&inner.robot, ids, &error, false).map_err(|e| self.store_error(e))?;
                log::warn!(target: LOG_TARGET, "ids {} not sent ({error}): retrying", ranges(ids));
                Ok(Step::Retry { ids: ids.to_vec(), error })
            }
        }
    }

    /// Delivers until `stop` is raised (then drains until its deadline, or until nothing is
    /// left), or with `until_empty` until the queue is empty. A store that cannot be used is
    /// retried after the backoff (and logged); the lease is given up at the end.
    pub fn run(&self, stop: &Stop, until_empty: bool) -> Result<RunReport> {
        let config = &self.0.config;
        let mut report = RunReport::default();
        let mut backoff = config.initial_backoff;
        loop {
            let stopping = stop.requested();
            if stopping && stop.past_deadline() {
                break;
            }
            match self.step_inner(Some(stop)) {
                Ok(None) => break,
                Ok(Some(Step::Idle)) => {
                    if stopping || until_empty {
                        break;
                    }
                    stop.sleep(config.poll);
                }
                Ok(Some(Step::NotHolder)) => {
                    if stopping {
                        break;
                    }
                    stop.sleep(config.poll.max(config.lease / 10));
                }
                Ok(Some(Step::Delivered { ids, .. })) => {
                    report.delivered += ids.len() as u64;
                    report.sent += 1;
                    backoff = config.initial_backoff;
                }
                Ok(Some(Step::DeadLettered { ids, .. })) => report.dead += ids.len() as u64,
                Ok(Some(Step::Retry { .. })) => {
                    report.retries += 1;
                    stop.sleep(backoff);
                    backoff = (backoff * 2).min(config.max_backoff);
                }
                Err(e) => {
                    log::warn!(target: LOG_TARGET, "the outbox's store cannot be used: {e}");
                    report.store_errors += 1;
                    stop.sleep(backoff);
                    backoff = (backoff * 2).min(config.max_backoff);
                }
            }
        }
        let _ = self.0.queue.release(&self.0.robot, &self.0.holder);
        self.let_go();
        Ok(report)
    }

    /// Runs the deliverer on a background thread until [`Deliverer::stop`].
    pub fn start(&self) -> Deliverer {
        let outbox = self.clone();
        Deliverer::spawn("wecom-bot-outbox", move |stop| outbox.run(stop, false))
    }
}

/// How a wait for the window ended.
enum Waited {
    /// The window had room.
    No,
    /// It had to wait (the queue may have changed meanwhile).
    Yes,
    /// Another deliverer took the lease meanwhile.
    LostLease,
    /// The run's stop passed its deadline.
    Stopped,
}

fn plural(n: usize) -> String {
    if n == 1 {
        "1 message".to_owned()
    } else {
        format!("{n} messages")
    }
}

/// `1-3,7,9-10`.
fn ranges(ids: &[u64]) -> String {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        while i + 1 < sorted.len() && sorted[i + 1] == sorted[i] + 1 {
            i += 1;
        }
        out.push(if sorted[i] == start { start.to_string() } else { format!("{start}-{}", sorted[i]) });
        i += 1;
    }
    out.join(",")
}
