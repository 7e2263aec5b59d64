//! One deliverer thread per robot: the outbox's own delivery step (`Outbox::step`: lease,
//! packing, the rate window, outcomes) in a loop that also counts what each step did for
//! `/metrics` — `Outbox::run` does the same loop but reports only totals at its end.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use wecom_bot::outbox::{Outbox, OutboxConfig, Step, Stop};

use crate::metrics::Metrics;

/// When this relay enqueued each id still waiting (for the latency histogram); bounded.
#[derive(Debug, Default)]
pub struct Enqueued(Mutex<HashMap<u64, Instant>>);

/// More ids than this are not tracked (another relay delivers them, or they died).
const MAX_TRACKED: usize = 100_000;

impl Enqueued {
    /// Remembers `ids` as enqueued now.
    pub fn add(&self, ids: &[u64]) {
        let mut m = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if m.len() + ids.len() > MAX_TRACKED {
            m.clear();
        }
        let now = Instant::now();
        for id in ids {
            m.insert(*id, now);
        }
    }

    fn take(&self, ids: &[u64]) -> Vec<f64> {
        let mut m = self.0.lock().unwrap_or_else(|p| p.into_inner());
        ids.iter().filter_map(|id| m.remove(id)).map(|t| t.elapsed().as_secs_f64()).collect()
    }
}

/// Raised to stop: then the loop delivers until idle or the deadline.
#[derive(Debug, Default)]
struct Signal {
    deadline: Mutex<Option<Instant>>,
    wake: Condvar,
}

impl Signal {
    fn raise(&self, drain: Duration) {
        let mut d = self.deadline.lock().unwrap_or_else(|p| p.into_inner());
        let end = Instant::now() + drain;
        *d = Some(d.map_or(end, |x| x.min(end)));
        self.wake.notify_all();
    }

    fn state(&self) -> Option<Instant> {
        *self.deadline.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn sleep(&self, d: Duration) {
        let g = self.deadline.lock().unwrap_or_else(|p| p.into_inner());
        if g.is_none() {
            let _ = self.wake.wait_timeout(g, d);
        }
    }
}

/// A running deliverer; dropping it asks it to stop without draining.
#[derive(Debug)]
pub struct Deliverer {
    signal: Arc<Signal>,
    thread: Option<JoinHandle<()>>,
}

impl Deliverer {
    /// Starts delivering `outbox` (robot `name` in metrics).
    pub fn start(
        name: String,
        outbox: Outbox,
        config: OutboxConfig,
        metrics: Arc<Metrics>,
        enqueued: Arc<Enqueued>,
    ) -> Deliverer {
        let signal = Arc::new(Signal::default());
        let s = Arc::clone(&signal);
        let thread = std::thread::Builder::new()
            .name(format!("relay-deliver-{name}"))
            .spawn(move || run(&name, &outbox, &config, &metrics, &enqueued, &s))
            .expect("a thread can be started");
        Deliverer { signal, thread: Some(thread) }
    }

    /// Stops: delivers what it can within `drain`, then returns.
    pub fn stop(mut self, drain: Duration) {
        self.signal.raise(drain);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Deliverer {
    fn drop(&mut self) {
        self.signal.raise(Duration::ZERO);
    }
}

fn run(name: &str, outbox: &Outbox, config: &OutboxConfig, metrics: &Metrics, enqueued: &Enqueued, signal: &Signal) {
    let mut backoff = config.initial_backoff;
    loop {
        let stopping = signal.state();
        if stopping.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        match outbox.step() {
            Ok(Step::Idle) => {
                if stopping.is_some() {
                    break;
                }
                signal.sleep(config.poll);
            }
            Ok(Step::NotHolder) => {
                if stopping.is_some() {
                    break;
                }
                signal.sleep(config.poll.max(config.lease / 10));
            }
            Ok(Step::Delivered { ids, .. }) => {
                metrics.delivered(name, ids.len() as u64, &enqueued.take(&ids));
                backoff = config.initial_backoff;
            }
            Ok(Step::DeadLettered { ids, .. }) => {
                enqueued.take(&ids);
                metrics.dead(name, ids.len() as u64);
            }
            Ok(Step::Retry { error, .. }) => {
                metrics.retry(name, error.contains("errcode 45009"));
                signal.sleep(backoff);
                backoff = (backoff * 2).min(config.max_backoff);
            }
            Err(e) => {
                log::warn!(target: crate::LOG_TARGET, "robot {name}: the outbox's store cannot be used: {e}");
                signal.sleep(backoff);
                backoff = (backoff * 2).min(config.max_backoff);
            }
        }
    }
    // Give the robot's lease up at once (a run already past its deadline only releases it),
    // so that the next deliverer (after a reload, another relay) need not wait for it to expire.
    let stop = Stop::new();
    stop.request(Duration::ZERO);
    let _ = outbox.run(&stop, false);
}
