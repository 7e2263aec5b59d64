//! One deliverer thread per robot: the outbox's own delivery step (`Outbox::step_until`: lease,
//! packing, the rate window, outcomes) in a loop that also counts what each step did for
//! `/metrics` — `Outbox::run` does the same loop but reports only totals at its end.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use wecom_bot::outbox::{Deliverer, Outbox, OutboxConfig, RunReport, Step, Stop};

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

/// Starts delivering `outbox` (robot `name` in metrics) on a thread of its own: the core's
/// [`Deliverer`], whose `stop(drain)` delivers what it can within `drain` (a wait for the rate
/// window gives up at the deadline) and whose drop asks it to stop without draining.
pub fn start(
    name: String,
    outbox: Outbox,
    config: OutboxConfig,
    metrics: Arc<Metrics>,
    enqueued: Arc<Enqueued>,
) -> Deliverer {
    Deliverer::spawn(format!("relay-deliver-{name}"), move |stop| {
        Ok(run(&name, &outbox, &config, &metrics, &enqueued, stop))
    })
}

fn run(
    name: &str,
    outbox: &Outbox,
    config: &OutboxConfig,
    metrics: &Metrics,
    enqueued: &Enqueued,
    stop: &Stop,
) -> RunReport {
    let mut report = RunReport::default();
    let mut backoff = config.initial_backoff;
    while !stop.past_deadline() {
        match outbox.step_until(stop) {
            // Stopped while waiting for the window: nothing was sent.
            Ok(None) => break,
            Ok(Some(Step::Idle)) => {
                if stop.requested() {
                    break;
                }
                stop.sleep(config.poll);
            }
            Ok(Some(Step::NotHolder)) => {
                if stop.requested() {
                    break;
                }
                stop.sleep(config.poll.max(config.lease / 10));
            }
            Ok(Some(Step::Delivered { ids, .. })) => {
                metrics.delivered(name, ids.len() as u64, &enqueued.take(&ids));
                report.delivered += ids.len() as u64;
                report.sent += 1;
                backoff = config.initial_backoff;
            }
            Ok(Some(Step::DeadLettered { ids, .. })) => {
                enqueued.take(&ids);
                metrics.dead(name, ids.len() as u64);
                report.dead += ids.len() as u64;
            }
            Ok(Some(Step::Retry { error, .. })) => {
                metrics.retry(name, error.contains("errcode 45009"));
                report.retries += 1;
                stop.sleep(backoff);
                backoff = (backoff * 2).min(config.max_backoff);
            }
            Err(e) => {
                log::warn!(target: crate::LOG_TARGET, "robot {name}: the outbox's store cannot be used: {e}");
                report.store_errors += 1;
                stop.sleep(backoff);
                backoff = (backoff * 2).min(config.max_backoff);
            }
        }
    }
    // Give the robot's lease up at once (a run already past its deadline only releases it),
    // so that the next deliverer (after a reload, another relay) need not wait for it to expire.
    let stop = Stop::new();
    stop.request(Duration::ZERO);
    let _ = outbox.run(&stop, false);
    report
}
