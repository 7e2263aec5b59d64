//! Running and stopping a delivery loop: [`Stop`], raised with a drain deadline, which the
//! outbox's own loop ([`super::Outbox::run`]) and callers' loops over
//! [`super::Outbox::step_until`] obey; [`Deliverer`], the handle of a loop on a background
//! thread; [`RunReport`], what a loop did.

use crate::error::{Error, Result};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Messages delivered.
    pub delivered: u64,
    /// Requests that delivered them.
    pub sent: u64,
    /// Messages dead-lettered.
    pub dead: u64,
    /// Failed attempts retried.
    pub retries: u64,
    /// Steps the store failed.
    pub store_errors: u64,
}

/// Asks a run to stop: then it delivers what it can until the deadline and returns.
#[derive(Debug, Default)]
pub struct Stop {
    state: Mutex<Option<Instant>>,
    wake: Condvar,
}

impl Stop {
    /// Not raised.
    pub fn new() -> Stop {
        Stop::default()
    }

    /// Raises it: the run drains for at most `drain` more, then returns.
    pub fn request(&self, drain: Duration) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let deadline = Instant::now() + drain;
        *s = Some(s.map_or(deadline, |d| d.min(deadline)));
        self.wake.notify_all();
    }

    /// Whether it was raised.
    pub fn requested(&self) -> bool {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).is_some()
    }

    /// Whether it was raised and its drain deadline has passed.
    pub fn past_deadline(&self) -> bool {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).is_some_and(|d| Instant::now() >= d)
    }

    /// Sleeps `d`, or less when raised meanwhile (not at all once raised: a draining loop
    /// goes straight on).
    pub fn sleep(&self, d: Duration) {
        let s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if s.is_none() {
            let _ = self.wake.wait_timeout(s, d);
        }
    }

    /// Sleeps `d`, or until the deadline once raised (a drain still waits for the window, but
    /// never past its deadline).
    pub(super) fn nap(&self, d: Duration) {
        let s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let d = match *s {
            Some(deadline) => d.min(deadline.saturating_duration_since(Instant::now())),
            None => d,
        };
        let _ = self.wake.wait_timeout(s, d);
    }
}

/// A deliverer on a background thread ([`super::Outbox::start`], or a caller's own loop
/// through [`Deliverer::spawn`]).
#[derive(Debug)]
pub struct Deliverer {
    stop: Arc<Stop>,
    handle: Option<JoinHandle<Result<RunReport>>>,
}

impl Deliverer {
    /// Runs `run` on a thread named `name`, handing it the [`Stop`] that [`Deliverer::stop`]
    /// (or dropping the handle) raises: for a caller's own loop over
    /// [`super::Outbox::step_until`] that must obey the same stop and drain as the outbox's.
    pub fn spawn<F>(name: impl Into<String>, run: F) -> Deliverer
    where
        F: FnOnce(&Stop) -> Result<RunReport> + Send + 'static,
    {
        let stop = Arc::new(Stop::new());
        let signal = Arc::clone(&stop);
        let handle =
            std::thread::Builder::new().name(name.into()).spawn(move || run(&signal)).expect("a thread can be started");
        Deliverer { stop, handle: Some(handle) }
    }

    /// Stops it: it delivers what it can within `drain` (a send in flight finishes first), then
    /// returns what the run did.
    pub fn stop(mut self, drain: Duration) -> Result<RunReport> {
        self.stop.request(drain);
        let handle = self.handle.take().expect("joined once");
        handle.join().unwrap_or_else(|_| Err(Error::invalid_argument("outbox", "the deliverer thread panicked")))
    }
}

impl Drop for Deliverer {
    fn drop(&mut self) {
        // Dropped without stop(): stop without draining, and do not wait.
        self.stop.request(Duration::ZERO);
    }
}
