//! Concurrency: no lost or duplicated records under load, and an exact rate limit.

mod common;

use std::collections::HashSet;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use common::*;
use wecom_bot_mock::MockConfig;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .build()
        .into()
}

/// Sends `each` text messages (`"{thread}-{i}"`) from each of `threads` threads, started
/// together, one agent per thread; returns each thread's answers (status, body) in its order.
fn send_from_threads(url: &str, threads: usize, each: usize) -> Vec<Vec<(u16, String)>> {
    let barrier = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let url = url.to_owned();
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || {
                let agent = agent();
                barrier.wait();
                (0..each)
                    .map(|i| {
                        let body = text(&format!("{t}-{i}")).to_string();
                        let mut r = agent.post(&url).header("Content-Type", "application/json").send(body).unwrap();
                        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

#[test]
fn eight_threads_times_500_lose_and_duplicate_nothing() {
    const THREADS: usize = 8;
    const EACH: usize = 500;
    let s = start(MockConfig::default().with_rate_limit(None));
    for answers in send_from_threads(&s.send_url(KEY), THREADS, EACH) {
        for (status, body) in answers {
            assert_eq!((status, body.as_str()), (200, r#"{"errcode":0,"errmsg":"ok"}"#));
        }
    }
    let recs = s.records(KEY);
    assert_eq!(recs.len(), THREADS * EACH);
    assert!(recs.iter().all(|r| r.delivered));
    let mut seen = HashSet::new();
    let mut last = [None::<usize>; THREADS];
    for r in &recs {
        let content = r.body_json().unwrap()["text"]["content"].as_str().unwrap().to_string();
        assert!(seen.insert(content.clone()), "duplicate {content}");
        let (t, i) = content.split_once('-').unwrap();
        let (t, i): (usize, usize) = (t.parse().unwrap(), i.parse().unwrap());
        // Each thread's messages appear in the order it sent them.
        assert_eq!(last[t].map_or(0, |p| p + 1), i, "thread {t} out of order");
        last[t] = Some(i);
    }
    assert_eq!(seen.len(), THREADS * EACH);
    let seqs: Vec<u64> = recs.iter().map(|r| r.seq).collect();
    assert_eq!(seqs, (1..=(THREADS * EACH) as u64).collect::<Vec<_>>());
    // The HTTP listing says the same.
    assert_eq!(records_http(&s, &format!("key={KEY}&delivered=true")).len(), THREADS * EACH);
}

#[test]
fn rate_limit_holds_exactly_under_concurrency() {
    const THREADS: usize = 8;
    const EACH: usize = 10;
    let s = start(MockConfig::default().with_rate_limit(Some((20, Duration::from_secs(3600)))));
    let codes: Vec<i64> = send_from_threads(&s.send_url(KEY), THREADS, EACH)
        .into_iter()
        .flatten()
        .map(|(_, body)| serde_json::from_str::<serde_json::Value>(&body).unwrap()["errcode"].as_i64().unwrap())
        .collect();
    assert_eq!(codes.iter().filter(|c| **c == 0).count(), 20);
    assert_eq!(codes.iter().filter(|c| **c == 45009).count(), 60);
    assert_eq!(s.delivered(KEY).len(), 20);
    assert_eq!(s.records(KEY).len(), 80);
    assert!(s.records(KEY).iter().filter(|r| !r.delivered).all(|r| r.reply.errcode() == Some(45009)));
}
