//! What a configuration runs: its templates compiled, and per robot an outbox with its
//! deliverer. A reload builds a new one and keeps the robots whose settings did not change
//! (their deliverer keeps its lease and goes on without a pause).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use wecom_bot::outbox::{Deliverer, Outbox, OutboxConfig};
use wecom_bot::{Client, Environment, RateLimit, RetryPolicy, Store};

use crate::config::{Config, Robot};
use crate::deliver::{self, Enqueued};
use crate::metrics::Metrics;
use crate::render::Templates;

/// A robot at work.
#[derive(Debug)]
pub struct RobotRt {
    /// Its outbox.
    pub outbox: Outbox,
    /// When this relay enqueued what still waits.
    pub enqueued: Arc<Enqueued>,
    deliverer: Mutex<Option<Deliverer>>,
    /// What it was built from: a reload reuses it when these are equal.
    settings: (Robot, Option<Store>, Option<(u32, Duration)>),
}

impl RobotRt {
    /// Asks its deliverer to stop and returns at once: the thread ends after its step (a send
    /// in flight, or a wait for the window) and gives the robot's lease up.
    fn retire(&self) {
        drop(self.deliverer.lock().unwrap_or_else(|p| p.into_inner()).take());
    }

    /// Stops its deliverer, draining for up to `drain`.
    pub fn stop(&self, drain: Duration) {
        let d = self.deliverer.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(d) = d {
            // What it did is in the metrics; a failed run was logged by it.
            let _ = d.stop(drain);
        }
    }
}

/// A configuration at work.
#[derive(Debug)]
pub struct Live {
    /// The configuration.
    pub config: Config,
    /// Its templates.
    pub templates: Templates,
    /// Its robots.
    pub robots: BTreeMap<String, Arc<RobotRt>>,
}

impl Live {
    /// Starts what `config` describes; robots of `old` with the same settings are kept.
    pub fn build(
        config: Config,
        old: Option<&Live>,
        metrics: &Arc<Metrics>,
        var: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Live, String> {
        let templates = Templates::new(&config.templates)?;
        let env = Environment::read_with(var).unwrap_or_default();
        let mut robots = BTreeMap::new();
        let mut fresh = Vec::new();
        for (name, robot) in &config.robots {
            metrics.robot(name);
            let settings = (robot.clone(), config.store.clone(), config.rate_limit);
            if let Some(kept) = old.and_then(|o| o.robots.get(name)).filter(|r| r.settings == settings) {
                robots.insert(name.clone(), Arc::clone(kept));
                continue;
            }
            let mut cc = env.client_config();
            cc.base_url = robot.base_url.clone();
            if let Some(store) = &config.store {
                cc.store = store.clone();
            }
            if let Some((count, window)) = config.rate_limit {
                let base = cc.rate_limit.unwrap_or_default();
                cc.rate_limit = Some(RateLimit { max_messages: count, window, ..base });
            }
            // The outbox retries; every failed attempt reaches it, so 45009s are counted.
            cc.retry = RetryPolicy::none();
            let client = Client::with_config(robot.webhook.clone(), cc).map_err(|e| format!("robots.{name}: {e}"))?;
            let outbox = Outbox::new(client, OutboxConfig::default()).map_err(|e| format!("robots.{name}: {e}"))?;
            fresh.push(name.clone());
            robots.insert(
                name.clone(),
                Arc::new(RobotRt {
                    outbox,
                    enqueued: Arc::new(Enqueued::default()),
                    deliverer: Mutex::new(None),
                    settings,
                }),
            );
        }
        // Started only once every robot could be built: a failed reload starts nothing.
        for name in fresh {
            let r = &robots[&name];
            let d = deliver::start(
                name.clone(),
                r.outbox.clone(),
                OutboxConfig::default(),
                Arc::clone(metrics),
                Arc::clone(&r.enqueued),
            );
            *r.deliverer.lock().unwrap_or_else(|p| p.into_inner()) = Some(d);
        }
        Ok(Live { config, templates, robots })
    }

    /// Stops (without waiting) the deliverers of `self`'s robots that `next` does not keep.
    pub fn retire(&self, next: &Live) {
        for (name, r) in &self.robots {
            if !next.robots.get(name).is_some_and(|n| Arc::ptr_eq(n, r)) {
                r.retire();
            }
        }
    }

    /// Stops every deliverer, each draining for up to `drain`.
    pub fn stop(&self, drain: Duration) {
        for r in self.robots.values() {
            r.stop(drain);
        }
    }
}
