//! The latency of `Outbox::enqueue` per store (`bench/outbox-storm.sh` runs it in a release
//! build and commits the figures in `bench/RESULTS-outbox.md`): the whole public call —
//! validation, JSON, the store's durable write — each call timed on its own. An ignored test,
//! not a criterion bench: it measures, never asserts.

use super::*;
use crate::{ClientConfig, Text, Webhook};

fn enqueue_latencies(store: Store, n: usize) -> Vec<Duration> {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_nanos();
    let config = ClientConfig { base_url: Some("http://127.0.0.1:9".into()), store, ..ClientConfig::default() };
    let key = format!("bench-enqueue-{}-{nanos}", std::process::id());
    let outbox =
        Outbox::new(Client::with_config(Webhook::from_key(&key).unwrap(), config).unwrap(), OutboxConfig::default())
            .expect("an outbox");
    let alert = Text::new(format!("[FIRING:1] DiskFull db1 /var {}", "x".repeat(160))).into();
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        outbox.enqueue(&alert).expect("enqueue");
        out.push(t.elapsed());
    }
    outbox.purge(true).expect("purge");
    out
}

fn micros(mut d: Vec<Duration>) -> (f64, f64) {
    d.sort();
    let at = |q: f64| d[((d.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e6;
    (at(0.5), at(0.99))
}

#[test]
#[ignore = "a benchmark: bench/outbox-storm.sh runs it in a release build"]
fn enqueue_latency_per_store() {
    let n: usize = std::env::var("WECOM_BENCH_ENQUEUES").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000);
    let dir = std::env::temp_dir().join(format!("wecom-bot-bench-outbox-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut stores = vec![
        ("memory (this process; not durable)".to_owned(), Store::Memory),
        ("sqlite (a local file, WAL, synchronous=NORMAL)".to_owned(), Store::Sqlite(dir.join("state.sqlite3"))),
    ];
    if let Ok(url) = std::env::var("WECOM_BOT_TEST_REDIS") {
        stores.push(("redis (loopback TCP, one Lua script, appendonly yes)".to_owned(), Store::Redis(url)));
    }
    println!("| store | enqueue median (µs) | enqueue p99 (µs) |");
    println!("|---|---:|---:|");
    for (name, store) in stores {
        enqueue_latencies(store.clone(), n / 10); // warm-up: connections, statements, pages
        let (p50, p99) = micros(enqueue_latencies(store, n));
        println!("| {name} | {p50:.1} | {p99:.1} |");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
