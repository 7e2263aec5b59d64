//! `wecom_outbox`: the robot's durable queue in a store (issue 13; `wecom_bot::outbox`).
//! Messages are enqueued at once (validated, committed to the store) and delivered by one
//! deliverer per robot, which packs waiting text and markdown messages when more wait than the
//! rate window lets out now.
//!
//! Delivery runs either on a background thread (`wecom_outbox_start`, then
//! `wecom_deliverer_stop` drains within a deadline) or on the caller's
//! (`wecom_outbox_run_until_empty`, `wecom_outbox_step`).
//!
//! Over 600 lines on purpose: the C API of one object (the outbox, its deliverer and its status
//! and dead-letter records), each function with the doc comment cbindgen copies into the header.

use crate::boundary::{
    arg_mut, arg_ref, arg_slice, arg_str, free_handle, guard, guard_value, into_handle, out_ptr, out_value,
};
use crate::client::wecom_client;
use crate::message::wecom_message;
use crate::result::wecom_result;
use std::ffi::{c_char, CString};
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};
use wecom_bot::outbox::{Deliverer, OnUncertain, Outbox, OutboxConfig, RunReport, Step, Stop};
use wecom_bot::{Client, Error, Message, Store};

/// How an outbox delivers: packing, retries, the lease, and which store holds it. Not
/// thread-safe: configure it on one thread, then pass it to `wecom_outbox_new` (which copies it).
pub struct wecom_outbox_config {
    inner: OutboxConfig,
    store: Option<Store>,
}

/// A robot's outbox. Thread-safe: any number of threads may enqueue, read the status and
/// deliver at once (delivery itself runs in one place at a time per robot: the lease holder).
pub struct wecom_outbox {
    inner: Outbox,
}

/// A deliverer running on a background thread (`wecom_outbox_start`).
pub struct wecom_deliverer {
    inner: Option<Deliverer>,
}

/// The dead letters of an outbox at the time they were listed. Thread-safe to read.
pub struct wecom_dead_letters {
    items: Vec<DeadLetterItem>,
}

struct DeadLetterItem {
    id: u64,
    body: CString,
    error: CString,
    enqueued_at_ms: u64,
}

/// The state of a robot's outbox (`wecom_outbox_get_status`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct wecom_outbox_status {
    /// Messages waiting.
    pub pending: u64,
    /// How long the oldest waiting message has waited, in milliseconds (0 when none waits).
    pub oldest_age_ms: u64,
    /// Messages delivered so far (each counted once, however packed).
    pub delivered: u64,
    /// Requests that delivered them (a packed batch counts once).
    pub sent: u64,
    /// Dead letters.
    pub dead: u64,
    /// Uncertain outcomes retried: each may have delivered a duplicate.
    pub possible_duplicates: u64,
}

/// What a delivery run did (`wecom_outbox_run_until_empty`, `wecom_deliverer_stop`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct wecom_outbox_report {
    /// Messages delivered.
    pub delivered: u64,
    /// Requests that delivered them (a packed batch counts once).
    pub sent: u64,
    /// Messages dead-lettered.
    pub dead: u64,
    /// Failed attempts retried.
    pub retries: u64,
    /// Steps the store failed (each retried after a backoff).
    pub store_errors: u64,
}

impl From<RunReport> for wecom_outbox_report {
    fn from(r: RunReport) -> Self {
        wecom_outbox_report {
            delivered: r.delivered,
            sent: r.sent,
            dead: r.dead,
            retries: r.retries,
            store_errors: r.store_errors,
        }
    }
}

/// What to do with a message whose delivery may have happened (a timeout after sending, a
/// closed connection, a 5xx).
pub type wecom_on_uncertain = u32;
/// Retry once, counting a possible duplicate; dead letter if it happens again (default).
pub const WECOM_ON_UNCERTAIN_RETRY: wecom_on_uncertain = 1;
/// Dead letter at once: never a duplicate, but the message may be lost instead.
pub const WECOM_ON_UNCERTAIN_DEAD_LETTER: wecom_on_uncertain = 2;

/// What one `wecom_outbox_step` did.
pub type wecom_outbox_step_kind = u32;
/// Nothing waits.
pub const WECOM_OUTBOX_STEP_IDLE: wecom_outbox_step_kind = 1;
/// Another deliverer holds the robot's lease: it delivers.
pub const WECOM_OUTBOX_STEP_NOT_HOLDER: wecom_outbox_step_kind = 2;
/// One request delivered some messages (several when packed).
pub const WECOM_OUTBOX_STEP_DELIVERED: wecom_outbox_step_kind = 3;
/// The attempt failed and will be retried (after a backoff, when running).
pub const WECOM_OUTBOX_STEP_RETRY: wecom_outbox_step_kind = 4;
/// The messages went to the dead letters.
pub const WECOM_OUTBOX_STEP_DEAD_LETTERED: wecom_outbox_step_kind = 5;

fn millis(ms: u64, name: &str) -> Result<Duration, Error> {
    if ms == 0 {
        return Err(Error::invalid_argument(name, "must be more than 0 milliseconds"));
    }
    Ok(Duration::from_millis(ms))
}

unsafe fn with_config(
    config: *mut wecom_outbox_config,
    f: impl FnOnce(&mut wecom_outbox_config) -> Result<(), Error>,
) -> wecom_result {
    guard(|| f(arg_mut(config, "config")?))
}

/// Makes an outbox configuration holding the defaults: the client's store, packing on with a
/// blank line between merged messages, dead letter after 24 h of failed attempts, uncertain
/// outcomes retried once, a 30 s lease, new messages looked for every 200 ms, backoff from 1 s
/// doubling up to 60 s.
///
/// Ownership: on success `*out_config` is a new config the caller releases with
/// `wecom_outbox_config_free`; on failure it is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_config_new(out_config: *mut *mut wecom_outbox_config) -> wecom_result {
    guard(|| {
        let out = out_ptr(out_config, "out_config")?;
        *out = into_handle(wecom_outbox_config { inner: OutboxConfig::default(), store: None });
        Ok(())
    })
}

/// Releases an outbox configuration. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_config_free(config: *mut wecom_outbox_config) {
    guard_value((), || free_handle(config))
}

/// Keeps the outbox in this store instead of the client's (`wecom_client_config_set_store`):
/// `"sqlite:PATH"` (durable; every process of the host), `"redis://…"` (every host, when the
/// core supports it), or `"memory"` (this process only, NOT durable: for tests). A malformed
/// URL fails with `WECOM_RESULT_INVALID_ARGUMENT` naming `store` (a password is never echoed).
///
/// Ownership: `store` is borrowed for the call (copied).
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_config_set_store(
    config: *mut wecom_outbox_config,
    store: *const c_char,
) -> wecom_result {
    with_config(config, |c| {
        c.store = Some(Store::parse(arg_str(store, "store")?)?);
        Ok(())
    })
}

/// Turns packing on (default) or off: when off, every message goes alone.
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_config_set_packing(
    config: *mut wecom_outbox_config,
    enabled: bool,
) -> wecom_result {
    with_config(config, |c| {
        c.inner.packing.enabled = enabled;
        Ok(())
    })
}

/// Sets what is put between two merged messages' contents (default `"\n\n"`; counted in the
/// byte limit).
///
/// Ownership: `separator` is borrowed for the call (copied).
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_config_set_separator(
    config: *mut wecom_outbox_config,
    separator: *const c_char,
) -> wecom_result {
    with_config(config, |c| {
        c.inner.packing.separator = arg_str(separator, "separator")?.to_owned();
        Ok(())
    })
}

/// A message that could not be sent for this long goes to the dead letters (more than 0;
/// default 86400000, 24 h).
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_config_set_max_age_ms(config: *mut wecom_outbox_config, ms: u64) -> wecom_result {
    with_config(config, |c| {
        c.inner.max_age = millis(ms, "ms")?;
        Ok(())
    })
}

/// Uncertain outcomes: `WECOM_ON_UNCERTAIN_RETRY` (default) or `WECOM_ON_UNCERTAIN_DEAD_LETTER`.
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_config_set_on_uncertain(
    config: *mut wecom_outbox_config,
    policy: wecom_on_uncertain,
) -> wecom_result {
    with_config(config, |c| {
        c.inner.on_uncertain = match policy {
            WECOM_ON_UNCERTAIN_RETRY => OnUncertain::Retry,
            WECOM_ON_UNCERTAIN_DEAD_LETTER => OnUncertain::DeadLetter,
            other => return Err(Error::invalid_argument("policy", format!("{other} is not a wecom_on_uncertain"))),
        };
        Ok(())
    })
}

/// How long a deliverer's claim on the robot lasts without renewal, in milliseconds (more
/// than 0; default 30000): another deliverer takes over this long after the holder died.
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_config_set_lease_ms(config: *mut wecom_outbox_config, ms: u64) -> wecom_result {
    with_config(config, |c| {
        c.inner.lease = millis(ms, "ms")?;
        Ok(())
    })
}

/// How often an idle deliverer looks for new messages, in milliseconds (more than 0;
/// default 200).
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_config_set_poll_ms(config: *mut wecom_outbox_config, ms: u64) -> wecom_result {
    with_config(config, |c| {
        c.inner.poll = millis(ms, "ms")?;
        Ok(())
    })
}

/// The wait after a failed attempt: `initial_ms`, doubling up to `max_ms` (defaults 1000 and
/// 60000; `initial_ms` must not exceed `max_ms`).
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_config_set_backoff_ms(
    config: *mut wecom_outbox_config,
    initial_ms: u64,
    max_ms: u64,
) -> wecom_result {
    with_config(config, |c| {
        if initial_ms > max_ms {
            return Err(Error::invalid_argument("initial_ms", "must not exceed max_ms"));
        }
        c.inner.initial_backoff = Duration::from_millis(initial_ms);
        c.inner.max_backoff = Duration::from_millis(max_ms);
        Ok(())
    })
}

/// Opens the outbox of `client`'s robot, in the config's store (else the client's). The
/// store is checked when used: a store that cannot be used fails later calls with
/// `WECOM_RESULT_STORE`.
///
/// Ownership: `client` and `config` are borrowed for the call (the outbox keeps its own
/// reference to the client's connection pool and rate window; either may be freed after).
/// On success `*out_outbox` is a new outbox the caller releases with `wecom_outbox_free`.
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_new(
    client: *const wecom_client,
    config: *const wecom_outbox_config,
    out_outbox: *mut *mut wecom_outbox,
) -> wecom_result {
    guard(|| {
        let out = out_ptr(out_outbox, "out_outbox")?;
        let client = &arg_ref(client, "client")?.inner;
        let config = arg_ref(config, "config")?;
        let client = match &config.store {
            None => client.clone(),
            Some(store) => {
                let mut c = client.config().clone();
                c.store = store.clone();
                Client::with_config(client.webhook().clone(), c)?
            }
        };
        *out = into_handle(wecom_outbox { inner: Outbox::new(client, config.inner.clone())? });
        Ok(())
    })
}

/// Releases an outbox. NULL is a no-op. What it holds stays in the store; a deliverer
/// started from it keeps running until stopped.
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_free(outbox: *mut wecom_outbox) {
    guard_value((), || free_handle(outbox))
}

unsafe fn with_outbox(outbox: *const wecom_outbox, f: impl FnOnce(&Outbox) -> Result<(), Error>) -> wecom_result {
    guard(|| f(&arg_ref(outbox, "outbox")?.inner))
}

unsafe fn enqueue(
    outbox: *const wecom_outbox,
    out_id: *mut u64,
    message: impl FnOnce() -> Result<Message, Error>,
) -> wecom_result {
    with_outbox(outbox, |o| {
        let out = out_value(out_id, "out_id")?;
        *out = 0;
        *out = o.enqueue(&message()?)?;
        Ok(())
    })
}

/// Validates `message` and stores it durably; `*out_id` is its id. A bad message fails with
/// `WECOM_RESULT_VALIDATION` and is never queued; a store that cannot be written fails with
/// `WECOM_RESULT_STORE` (nothing was queued). Messages enqueued by one thread are delivered in
/// the order they were enqueued.
///
/// Ownership: every argument is borrowed for the call (the message is copied).
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_enqueue(
    outbox: *const wecom_outbox,
    message: *const wecom_message,
    out_id: *mut u64,
) -> wecom_result {
    enqueue(outbox, out_id, || Ok(arg_ref(message, "message")?.inner.clone()))
}

/// Enqueues a text message with this content (≤ 2048 bytes), as `wecom_outbox_enqueue`.
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_enqueue_text(
    outbox: *const wecom_outbox,
    content: *const c_char,
    out_id: *mut u64,
) -> wecom_result {
    enqueue(outbox, out_id, || Ok(Message::from(wecom_bot::Text::new(arg_str(content, "content")?))))
}

/// Enqueues a markdown message with this content (≤ 4096 bytes), as `wecom_outbox_enqueue`.
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_enqueue_markdown(
    outbox: *const wecom_outbox,
    content: *const c_char,
    out_id: *mut u64,
) -> wecom_result {
    enqueue(outbox, out_id, || Ok(Message::from(wecom_bot::Markdown::new(arg_str(content, "content")?))))
}

/// Fills `*out_status` with how many messages wait, how long the oldest has, what was
/// delivered, the dead letters and the possible duplicates.
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_get_status(
    outbox: *const wecom_outbox,
    out_status: *mut wecom_outbox_status,
) -> wecom_result {
    with_outbox(outbox, |o| {
        let out = out_value(out_status, "out_status")?;
        let s = o.status()?;
        *out = wecom_outbox_status {
            pending: s.pending,
            oldest_age_ms: s.oldest.map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
            delivered: s.delivered,
            sent: s.sent,
            dead: s.dead,
            possible_duplicates: s.possible_duplicates,
        };
        Ok(())
    })
}

/// Lists the dead letters, oldest first.
///
/// Ownership: on success `*out_list` is a new list the caller releases with
/// `wecom_dead_letters_free`; on failure it is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_dead_letters(
    outbox: *const wecom_outbox,
    out_list: *mut *mut wecom_dead_letters,
) -> wecom_result {
    guard(|| {
        let out = out_ptr(out_list, "out_list")?;
        let outbox = &arg_ref(outbox, "outbox")?.inner;
        let c_string = |s: String| CString::new(s.replace('\0', "\u{FFFD}")).unwrap_or_default();
        let items = outbox
            .dead_letters()?
            .into_iter()
            .map(|d| DeadLetterItem {
                id: d.id,
                body: c_string(d.body),
                error: c_string(d.error),
                enqueued_at_ms: d
                    .enqueued_at
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |t| u64::try_from(t.as_millis()).unwrap_or(u64::MAX)),
            })
            .collect();
        *out = into_handle(wecom_dead_letters { items });
        Ok(())
    })
}

/// The number of dead letters in `list`; 0 when `list` is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_dead_letters_len(list: *const wecom_dead_letters) -> usize {
    guard_value(0, || list.as_ref().map_or(0, |l| l.items.len()))
}

unsafe fn dead_letter<'a>(list: *const wecom_dead_letters, index: usize) -> Option<&'a DeadLetterItem> {
    list.as_ref().and_then(|l| l.items.get(index))
}

/// The id (from `wecom_outbox_enqueue`) of the dead letter at `index`; 0 when `list` is NULL
/// or `index` is out of range (ids start at 1).
#[no_mangle]
pub unsafe extern "C" fn wecom_dead_letters_id(list: *const wecom_dead_letters, index: usize) -> u64 {
    guard_value(0, || dead_letter(list, index).map_or(0, |d| d.id))
}

/// The request body (JSON) of the dead letter at `index`; NULL when `list` is NULL or `index`
/// is out of range.
///
/// Ownership: borrowed from `list`; valid until `wecom_dead_letters_free(list)`.
#[no_mangle]
pub unsafe extern "C" fn wecom_dead_letters_body(list: *const wecom_dead_letters, index: usize) -> *const c_char {
    guard_value(std::ptr::null(), || dead_letter(list, index).map_or(std::ptr::null(), |d| d.body.as_ptr()))
}

/// Why the dead letter at `index` was given up (the last error; never the key); NULL when
/// `list` is NULL or `index` is out of range.
///
/// Ownership: borrowed from `list`; valid until `wecom_dead_letters_free(list)`.
#[no_mangle]
pub unsafe extern "C" fn wecom_dead_letters_error(list: *const wecom_dead_letters, index: usize) -> *const c_char {
    guard_value(std::ptr::null(), || dead_letter(list, index).map_or(std::ptr::null(), |d| d.error.as_ptr()))
}

/// When the dead letter at `index` was enqueued, in milliseconds since the Unix epoch; 0
/// when `list` is NULL or `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn wecom_dead_letters_enqueued_at_ms(list: *const wecom_dead_letters, index: usize) -> u64 {
    guard_value(0, || dead_letter(list, index).map_or(0, |d| d.enqueued_at_ms))
}

/// Releases a dead-letter list and every string borrowed from it. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn wecom_dead_letters_free(list: *mut wecom_dead_letters) {
    guard_value((), || free_handle(list))
}

/// Puts dead letters back in the queue: the `n_ids` ids at `ids`, or every one when `ids` is
/// NULL. `*out_count` (when `out_count` is not NULL) is how many were re-queued.
///
/// Ownership: every argument is borrowed for the call.
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_retry_dead(
    outbox: *const wecom_outbox,
    ids: *const u64,
    n_ids: usize,
    out_count: *mut u64,
) -> wecom_result {
    with_outbox(outbox, |o| {
        set_if_wanted(out_count, 0);
        let ids = if ids.is_null() { None } else { Some(arg_slice(ids, n_ids, "ids")?) };
        set_if_wanted(out_count, o.retry_dead(ids)?);
        Ok(())
    })
}

/// Deletes the dead letters, or with `all` every message of the robot, waiting ones too.
/// `*out_count` (when `out_count` is not NULL) is how many were deleted.
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_purge(
    outbox: *const wecom_outbox,
    all: bool,
    out_count: *mut u64,
) -> wecom_result {
    with_outbox(outbox, |o| {
        set_if_wanted(out_count, 0);
        set_if_wanted(out_count, o.purge(all)?);
        Ok(())
    })
}

/// One delivery step on the calling thread: takes (or renews) the robot's lease, sends the
/// next message (packed from the waiting ones when more wait than the rate window lets out
/// now), records the outcome. `*out_step` says what happened; `*out_messages` (when
/// `out_messages` is not NULL) how many messages it delivered, retried or dead-lettered. It
/// waits for the rate window as the client's policy says. A failed send is not an error of
/// this call (see `*out_step`); a store that cannot be used is (`WECOM_RESULT_STORE`).
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_step(
    outbox: *const wecom_outbox,
    out_step: *mut wecom_outbox_step_kind,
    out_messages: *mut usize,
) -> wecom_result {
    with_outbox(outbox, |o| {
        let out = out_value(out_step, "out_step")?;
        set_if_wanted_usize(out_messages, 0);
        let (kind, n) = match o.step()? {
            Step::Idle => (WECOM_OUTBOX_STEP_IDLE, 0),
            Step::NotHolder => (WECOM_OUTBOX_STEP_NOT_HOLDER, 0),
            Step::Delivered { ids, .. } => (WECOM_OUTBOX_STEP_DELIVERED, ids.len()),
            Step::Retry { ids, .. } => (WECOM_OUTBOX_STEP_RETRY, ids.len()),
            Step::DeadLettered { ids, .. } => (WECOM_OUTBOX_STEP_DEAD_LETTERED, ids.len()),
        };
        *out = kind;
        set_if_wanted_usize(out_messages, n);
        Ok(())
    })
}

/// Delivers on the calling thread until nothing waits, or for at most `timeout_ms` (more
/// than 0): failed attempts are retried after their backoff meanwhile, and while another
/// deliverer holds the robot's lease this waits for it. Returns `WECOM_RESULT_OK` either way:
/// `wecom_outbox_get_status` tells what is left. `*out_report` (when not NULL) is what it did.
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_run_until_empty(
    outbox: *const wecom_outbox,
    timeout_ms: u64,
    out_report: *mut wecom_outbox_report,
) -> wecom_result {
    with_outbox(outbox, |o| {
        set_report(out_report, RunReport::default());
        let report = run_until_empty(o, millis(timeout_ms, "timeout_ms")?)?;
        set_report(out_report, report);
        Ok(())
    })
}

/// `Outbox::run` until the queue is empty, stopped (without a drain) at `timeout`.
fn run_until_empty(outbox: &Outbox, timeout: Duration) -> Result<RunReport, Error> {
    let stop = Arc::new(Stop::new());
    let (done, timer) = channel::<()>();
    let alarm = {
        let stop = Arc::clone(&stop);
        std::thread::Builder::new()
            .name("wecom-bot-outbox-timeout".into())
            .spawn(move || {
                if let Err(RecvTimeoutError::Timeout) = timer.recv_timeout(timeout) {
                    stop.request(Duration::ZERO);
                }
            })
            .map_err(|e| Error::invalid_argument("outbox", format!("a thread could not be started: {e}")))?
    };
    let report = outbox.run(&stop, true);
    drop(done);
    let _ = alarm.join();
    report
}

/// Starts delivering on a background thread: it delivers what waits and what is enqueued
/// later, until `wecom_deliverer_stop`.
///
/// Ownership: on success `*out_deliverer` is a new deliverer the caller stops with
/// `wecom_deliverer_stop` and releases with `wecom_deliverer_free`; on failure it is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_outbox_start(
    outbox: *const wecom_outbox,
    out_deliverer: *mut *mut wecom_deliverer,
) -> wecom_result {
    guard(|| {
        let out = out_ptr(out_deliverer, "out_deliverer")?;
        let outbox = &arg_ref(outbox, "outbox")?.inner;
        *out = into_handle(wecom_deliverer { inner: Some(outbox.start()) });
        Ok(())
    })
}

/// Stops a deliverer: it delivers what it can within `drain_ms` milliseconds (0: only the
/// send in flight finishes), then its thread ends and this returns; what is left stays queued
/// for the next deliverer. `*out_report` (when not NULL) is what the deliverer did. Stopping
/// it twice fails with `WECOM_RESULT_INVALID_ARGUMENT`.
///
/// Ownership: the deliverer still needs `wecom_deliverer_free`.
#[no_mangle]
pub unsafe extern "C" fn wecom_deliverer_stop(
    deliverer: *mut wecom_deliverer,
    drain_ms: u64,
    out_report: *mut wecom_outbox_report,
) -> wecom_result {
    guard(|| {
        let d = arg_mut(deliverer, "deliverer")?;
        set_report(out_report, RunReport::default());
        let running = d.inner.take().ok_or_else(|| Error::invalid_argument("deliverer", "was already stopped"))?;
        set_report(out_report, running.stop(Duration::from_millis(drain_ms))?);
        Ok(())
    })
}

/// Releases a deliverer. NULL is a no-op. One still running is told to stop without
/// draining and is not waited for (use `wecom_deliverer_stop` first to drain).
#[no_mangle]
pub unsafe extern "C" fn wecom_deliverer_free(deliverer: *mut wecom_deliverer) {
    guard_value((), || free_handle(deliverer))
}

unsafe fn set_if_wanted(out: *mut u64, value: u64) {
    if let Some(o) = out.as_mut() {
        *o = value;
    }
}

unsafe fn set_if_wanted_usize(out: *mut usize, value: usize) {
    if let Some(o) = out.as_mut() {
        *o = value;
    }
}

unsafe fn set_report(out: *mut wecom_outbox_report, report: RunReport) {
    if let Some(o) = out.as_mut() {
        *o = report.into();
    }
}
