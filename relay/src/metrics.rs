//! `GET /metrics`: the relay's counters in the Prometheus (OpenMetrics) text format, by
//! prometheus-client. Labels are robot and route names from the config, never a key.

use std::sync::Mutex;

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

type Labels = Vec<(&'static str, String)>;

/// The content type of [`Metrics::render`].
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Every metric of the relay.
pub struct Metrics {
    registry: Mutex<Registry>,
    requests: Family<Labels, Counter>,
    alerts: Family<Labels, Counter>,
    enqueued: Family<Labels, Counter>,
    delivered: Family<Labels, Counter>,
    sent: Family<Labels, Counter>,
    packed: Family<Labels, Counter>,
    dead: Family<Labels, Counter>,
    rate_limited: Family<Labels, Counter>,
    retries: Family<Labels, Counter>,
    pending: Family<Labels, Gauge>,
    latency: Family<Labels, Histogram>,
    reloads: Family<Labels, Counter>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

fn latency_histogram() -> Histogram {
    // 50 ms … ~7 min: from an idle robot to a message that waited out several rate windows.
    Histogram::new(exponential_buckets(0.05, 2.0, 14))
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics::new()
    }
}

impl Metrics {
    /// Registers every metric (names in docs/relay.md "Metrics").
    pub fn new() -> Metrics {
        let mut r = Registry::default();
        let m = Metrics {
            requests: Family::default(),
            alerts: Family::default(),
            enqueued: Family::default(),
            delivered: Family::default(),
            sent: Family::default(),
            packed: Family::default(),
            dead: Family::default(),
            rate_limited: Family::default(),
            retries: Family::default(),
            pending: Family::default(),
            latency: Family::new_with_constructor(latency_histogram as fn() -> Histogram),
            reloads: Family::default(),
            registry: Mutex::new(Registry::default()),
        };
        r.register("wecom_relay_requests", "HTTP requests received, by endpoint and status", m.requests.clone());
        r.register("wecom_relay_alerts_received", "Alerts received, by route and source", m.alerts.clone());
        r.register("wecom_relay_messages_enqueued", "Messages durably enqueued, by robot", m.enqueued.clone());
        r.register("wecom_relay_messages_delivered", "Messages delivered by this relay, by robot", m.delivered.clone());
        r.register(
            "wecom_relay_sends",
            "Requests to the WeCom server that delivered messages, by robot",
            m.sent.clone(),
        );
        r.register(
            "wecom_relay_messages_packed",
            "Messages delivered packed with others in one request, by robot",
            m.packed.clone(),
        );
        r.register("wecom_relay_messages_dead", "Messages dead-lettered by this relay, by robot", m.dead.clone());
        r.register(
            "wecom_relay_rate_limited",
            "Answers with errcode 45009 (the robot's quota exceeded) seen, by robot",
            m.rate_limited.clone(),
        );
        r.register(
            "wecom_relay_delivery_retries",
            "Delivery attempts that failed and are retried, by robot",
            m.retries.clone(),
        );
        r.register(
            "wecom_relay_outbox_pending",
            "Messages waiting in the robot's outbox (read at scrape)",
            m.pending.clone(),
        );
        r.register(
            "wecom_relay_delivery_latency_seconds",
            "From enqueue by this relay to delivery, by robot",
            m.latency.clone(),
        );
        r.register("wecom_relay_config_reloads", "Config reloads (SIGHUP), by result", m.reloads.clone());
        *m.registry.lock().unwrap_or_else(|p| p.into_inner()) = r;
        m
    }

    /// Creates every series of a robot at 0, so that they are listed (and `rate()` works)
    /// before the first event.
    pub fn robot(&self, robot: &str) {
        let l = robot_label(robot);
        for f in
            [&self.enqueued, &self.delivered, &self.sent, &self.packed, &self.dead, &self.rate_limited, &self.retries]
        {
            drop(f.get_or_create(&l));
        }
        drop(self.pending.get_or_create(&l));
        drop(self.latency.get_or_create(&l));
    }

    /// One request answered.
    pub fn request(&self, endpoint: &'static str, status: u16) {
        self.requests.get_or_create(&vec![("endpoint", endpoint.to_owned()), ("status", status.to_string())]).inc();
    }

    /// Alerts received on a route.
    pub fn alerts(&self, route: &str, source: &'static str, n: u64) {
        self.alerts.get_or_create(&vec![("route", route.to_owned()), ("source", source.to_owned())]).inc_by(n);
    }

    /// Messages enqueued for a robot.
    pub fn enqueued(&self, robot: &str, n: u64) {
        self.enqueued.get_or_create(&robot_label(robot)).inc_by(n);
    }

    /// One request delivered `n` messages; `latencies` are those this relay enqueued.
    pub fn delivered(&self, robot: &str, n: u64, latencies: &[f64]) {
        let l = robot_label(robot);
        self.delivered.get_or_create(&l).inc_by(n);
        self.sent.get_or_create(&l).inc();
        if n > 1 {
            self.packed.get_or_create(&l).inc_by(n);
        }
        let h = self.latency.get_or_create(&l);
        for s in latencies {
            h.observe(*s);
        }
    }

    /// Messages dead-lettered.
    pub fn dead(&self, robot: &str, n: u64) {
        self.dead.get_or_create(&robot_label(robot)).inc_by(n);
    }

    /// A failed attempt, retried; `rate_limited` when the server answered 45009.
    pub fn retry(&self, robot: &str, rate_limited: bool) {
        let l = robot_label(robot);
        self.retries.get_or_create(&l).inc();
        if rate_limited {
            self.rate_limited.get_or_create(&l).inc();
        }
    }

    /// The robot's outbox depth.
    pub fn pending(&self, robot: &str, n: u64) {
        self.pending.get_or_create(&robot_label(robot)).set(i64::try_from(n).unwrap_or(i64::MAX));
    }

    /// A reload, `ok` or `failed`.
    pub fn reload(&self, ok: bool) {
        self.reloads.get_or_create(&vec![("result", if ok { "ok" } else { "failed" }.to_owned())]).inc();
    }

    /// The text format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let registry = self.registry.lock().unwrap_or_else(|p| p.into_inner());
        // Writing into a String cannot fail.
        let _ = encode(&mut out, &registry);
        out
    }
}

fn robot_label(robot: &str) -> Labels {
    vec![("robot", robot.to_owned())]
}
