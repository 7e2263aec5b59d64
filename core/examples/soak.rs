//! The soak run of scripts/soak.sh (docs/reliability.md): MESSAGES text messages from THREADS
//! threads through ONE client against the in-process mock, with random scripted faults, in
//! rounds of 5,000. After each round every message's outcome is checked against what the mock
//! recorded, then the mock forgets its records and RSS, threads and open fds are sampled.
//!
//!   cargo run -p wecom-bot --example soak -- [MESSAGES] [THREADS] [SEED]
//!
//! The rate window is scaled (20 per 50 ms on both sides) so that 50,000 messages take minutes.
//! Exit code 1 when any message breaks the rules below.
//!
//! Rules checked (each message ends in exactly one outcome: its call returns once):
//! - `ok` ⇒ the mock delivered it exactly once;
//! - `api`, `rate_limited`, `http_status`, `decode` ⇒ never delivered;
//! - `timeout`, `transport` ⇒ delivered at most once, and only when the delivered request met
//!   a `delay` (answered after the timeout) or a `close` after processing — the two cases a
//!   client cannot tell apart from a lost message;
//! - no message is ever delivered twice.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use wecom_bot::{Client, ClientConfig, ErrorKind, ProxyConfig, RateLimit, RatePolicy, RetryPolicy, Webhook};
use wecom_bot_mock::{Fault, MockConfig, MockServer};

const ROUND: u64 = 5_000;
const WINDOW: Duration = Duration::from_millis(50);
const TIMEOUT: Duration = Duration::from_millis(300);

/// Each message's id and how its call ended.
type Outcomes = Mutex<Vec<(u64, Result<(), ErrorKind>)>>;

/// A small xorshift generator: the run is reproducible from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn faults() -> Vec<(&'static str, Fault)> {
    vec![
        ("errcode -1", Fault::Errcode { errcode: -1, errmsg: None }),
        ("errcode 45009", Fault::Errcode { errcode: 45009, errmsg: None }),
        ("http 502", Fault::HttpStatus { status: 502, body: None }),
        ("delay beyond timeout", Fault::Delay { ms: 600, then: None }),
        ("close before processing", Fault::Close { after_processing: false }),
        ("close after processing", Fault::Close { after_processing: true }),
        ("garbage", Fault::NotJson { body: Some("\u{1b}[2J<html>garbage\u{0}".into()) }),
        ("warning", Fault::Warning { errmsg: None }),
    ]
}

fn proc_status(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map(|d| d.count()).unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let total: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(50_000);
    let threads: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(8);
    let seed: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(0x5eed_2026_1202);
    let fault_rate = 50; // one message in 50 scripts a fault (for whichever request comes next)

    let mock = MockServer::start(MockConfig::new().with_rate_limit(Some((20, WINDOW)))).expect("mock");
    let key = "soak-k3yc4n4ry-5aaa";
    let config = ClientConfig {
        base_url: Some(mock.base_url()),
        proxy: ProxyConfig::None,
        connect_timeout: Duration::from_secs(2),
        timeout: TIMEOUT,
        retry: RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(2),
            max_backoff: Duration::from_millis(10),
        },
        rate_limit: Some(RateLimit {
            max_messages: 20,
            window: WINDOW,
            policy: RatePolicy::Wait { max_wait: Duration::from_secs(2) },
        }),
        max_total: Duration::from_secs(5),
        ..ClientConfig::default()
    };
    let client = Client::with_config(Webhook::from_key(key).unwrap(), config).expect("client");
    let faults = faults();

    println!(
        "soak: {total} messages, {threads} threads, one client, seed {seed:#x}, 1 in {fault_rate} scripts a fault"
    );
    println!("{:>7} {:>9} {:>8} {:>4} {:>7}", "sent", "rss_kib", "threads", "fds", "secs");
    let started = Instant::now();
    let sample = |sent: u64| {
        println!(
            "{sent:>7} {:>9} {:>8} {:>4} {:>7.1}",
            proc_status("VmRSS:"),
            proc_status("Threads:"),
            open_fds(),
            started.elapsed().as_secs_f64()
        );
    };
    sample(0);

    let mut outcomes: HashMap<String, u64> = HashMap::new();
    let mut injected: HashMap<&str, u64> = HashMap::new();
    let mut broken: Vec<String> = Vec::new();
    let mut next_id = 0u64;
    while next_id < total {
        let round_end = (next_id + ROUND).min(total);
        let cursor = Arc::new(AtomicU64::new(next_id));
        let results: Arc<Outcomes> = Arc::default();
        let scripted: Arc<Mutex<Vec<&'static str>>> = Arc::default();
        std::thread::scope(|s| {
            for t in 0..threads {
                let (client, mock, cursor, results, scripted, faults) =
                    (&client, &mock, &cursor, &results, &scripted, &faults);
                s.spawn(move || {
                    let mut rng = Rng(seed ^ (t + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ next_id);
                    loop {
                        let id = cursor.fetch_add(1, Ordering::Relaxed);
                        if id >= round_end {
                            break;
                        }
                        if rng.next() % fault_rate == 0 {
                            let (name, fault) = &faults[(rng.next() % faults.len() as u64) as usize];
                            mock.script(key, fault.clone(), 1);
                            scripted.lock().unwrap().push(name);
                        }
                        let outcome = client.send_text(&format!("soak #{id}")).map_err(|e| e.kind());
                        results.lock().unwrap().push((id, outcome));
                    }
                });
            }
        });
        // Check the round against the mock's records.
        let mut delivered: HashMap<u64, Vec<Option<Fault>>> = HashMap::new();
        for r in mock.records(key) {
            if !r.delivered {
                continue;
            }
            let body = r.body_json().expect("JSON body");
            let text = body["text"]["content"].as_str().unwrap_or_default().to_string();
            let id: u64 = text.strip_prefix("soak #").and_then(|n| n.parse().ok()).expect("a soak message");
            delivered.entry(id).or_default().push(r.fault.clone());
        }
        for (id, outcome) in results.lock().unwrap().iter() {
            let times = delivered.get(id).map_or(0, Vec::len);
            let name = match outcome {
                Ok(()) => "ok".to_string(),
                Err(k) => k.as_str().to_string(),
            };
            let uncertain_fault =
                |f: &Option<Fault>| matches!(f, Some(Fault::Delay { .. } | Fault::Close { after_processing: true }));
            let fine = match outcome {
                Ok(()) => times == 1,
                Err(ErrorKind::Timeout | ErrorKind::Transport) => {
                    times == 0 || (times == 1 && delivered[id].iter().all(uncertain_fault))
                }
                Err(_) => times == 0,
            };
            if !fine {
                broken.push(format!("message {id}: outcome {name}, delivered {times} times ({:?})", delivered.get(id)));
            }
            *outcomes.entry(name).or_default() += 1;
        }
        for name in scripted.lock().unwrap().iter() {
            *injected.entry(name).or_default() += 1;
        }
        mock.reset();
        next_id = round_end;
        sample(next_id);
    }
    // Idle: every connection the client keeps may close; then the leak check.
    std::thread::sleep(Duration::from_secs(1));
    let mut outcomes: Vec<_> = outcomes.into_iter().collect();
    outcomes.sort();
    let mut injected: Vec<_> = injected.into_iter().collect();
    injected.sort();
    println!("outcomes: {outcomes:?}");
    println!("faults scripted: {injected:?}");
    println!("after 1 s idle: threads {}, fds {}", proc_status("Threads:"), open_fds());
    let sum: u64 = outcomes.iter().map(|(_, n)| n).sum();
    println!("messages with an outcome: {sum} of {total}; rule violations: {}", broken.len());
    for b in broken.iter().take(20) {
        println!("  {b}");
    }
    if sum != total || !broken.is_empty() {
        std::process::exit(1);
    }
}
