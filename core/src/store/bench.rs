//! The cost of the window's store work per message, per store (`bench/stores.sh` runs it in a
//! release build and commits the figures in `bench/RESULTS-stores.md`). An ignored test, not a
//! criterion bench: it needs the crate-private stores, and it measures, never asserts.

use super::window::{Reserve, Spec};
use super::WindowStore;
use std::time::{Duration, Instant};

const SLOTS_PER_ROBOT: u32 = 20;

/// `n` messages' worth of store work (reserve, then stamp), 20 per robot as the server allows,
/// each call timed on its own; returns the reserve and the stamp latencies.
fn measure(store: &dyn WindowStore, n: usize) -> (Vec<Duration>, Vec<Duration>) {
    let spec = Spec::new(SLOTS_PER_ROBOT, Duration::from_secs(60), Duration::from_secs(35));
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
    let run = format!("bench-{}-{nanos}", std::process::id());
    let (mut reserve, mut stamp) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n {
        let robot = format!("{run}-{}", i / SLOTS_PER_ROBOT as usize);
        let t = Instant::now();
        let id = match store.reserve(&robot, &spec) {
            Ok(Reserve::Granted(id)) => id,
            other => panic!("a fresh robot's window refused a slot: {other:?}"),
        };
        reserve.push(t.elapsed());
        let t = Instant::now();
        store.stamp(&robot, id, &spec).expect("stamp");
        stamp.push(t.elapsed());
    }
    (reserve, stamp)
}

fn micros(mut d: Vec<Duration>) -> (f64, f64) {
    d.sort();
    let at = |q: f64| d[((d.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e6;
    (at(0.5), at(0.99))
}

#[test]
#[ignore = "a benchmark: bench/stores.sh runs it in a release build"]
fn reservation_cost_per_store() {
    let n: usize = std::env::var("WECOM_BENCH_RESERVATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(5_000);
    let mut stores: Vec<(String, Box<dyn WindowStore>)> =
        vec![("memory (the in-process window)".to_owned(), Box::new(super::ProcessMemory))];
    let dir = std::env::temp_dir().join(format!("wecom-bot-bench-{}", std::process::id()));
    #[cfg(feature = "store-sqlite")]
    {
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.sqlite3");
        stores.push((
            "sqlite (a local file, WAL)".to_owned(),
            Box::new(super::sqlite::SqliteStore::new(path, Duration::from_secs(5))),
        ));
    }
    #[cfg(feature = "store-redis")]
    if let Ok(url) = std::env::var("WECOM_BOT_TEST_REDIS") {
        let store = super::redis::RedisStore::new(&url, Duration::from_secs(5)).expect("the Redis store");
        stores.push(("redis (loopback TCP, one Lua script)".to_owned(), Box::new(store)));
    }
    println!("| store | reserve median (µs) | reserve p99 (µs) | stamp median (µs) | stamp p99 (µs) |");
    println!("|---|---:|---:|---:|---:|");
    for (name, store) in &stores {
        measure(store.as_ref(), n / 10); // warm-up: connections, statements, pages
        let (reserve, stamp) = measure(store.as_ref(), n);
        let ((r50, r99), (s50, s99)) = (micros(reserve), micros(stamp));
        println!("| {name} | {r50:.1} | {r99:.1} | {s50:.1} | {s99:.1} |");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
