//! The Rust side of `bench/run.sh`: the client under measurement, one mode per benchmark.
//! Prints one JSON object on standard output; exits non-zero if any request failed.
//!
//! ```text
//! bench_client send   BASE_URL KEY N                  N text messages over one keep-alive client
//! bench_client floor  BASE_URL KEY N                  the loopback floor: the same requests
//!                                                     written and answers read over a plain
//!                                                     TcpStream, no HTTP library, no checks
//! bench_client store  BASE_URL KEY N STORE            `send` with the limiter on, its window in
//!                                                     STORE (memory, sqlite:PATH, redis://…)
//! bench_client upload BASE_URL KEY PATH               one file upload: peak-RSS growth
//! bench_client rate   BASE_URL KEY N COUNT WINDOW_MS  N messages through the client's limiter
//! ```
//!
//! `send` times only its loop (after one warm-up message that opens the connection) with the
//! process's own CPU clock (`getrusage(RUSAGE_SELF)`: user + system time of every thread).
//! `upload` resets the kernel's peak-RSS mark (`/proc/self/clear_refs`) after a warm-up
//! message, so the growth it reports is the upload's own.

use std::process::ExitCode;
use std::time::{Duration, Instant};
use wecom_bot::{Client, ClientConfig, MediaKind, OnStoreError, RateLimit, RatePolicy, RetryPolicy, Store, Webhook};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["send", base, key, n] => parse(n).and_then(|n| send(base, key, n)),
        ["floor", base, key, n] => parse(n).and_then(|n| floor(base, key, n)),
        ["store", base, key, n, store] => parse(n).and_then(|n| send_through_store(base, key, n, store)),
        ["upload", base, key, path] => upload(base, key, path),
        ["rate", base, key, n, count, window_ms] => parse(n)
            .and_then(|n| Ok((n, parse(count)?, parse(window_ms)?)))
            .and_then(|(n, c, w)| rate(base, key, n, c, w)),
        _ => Err("usage: bench_client send|floor BASE KEY N | store BASE KEY N STORE | upload BASE KEY PATH \
                 | rate BASE KEY N COUNT WINDOW_MS"
            .into()),
    };
    match result {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench_client: {e}");
            ExitCode::FAILURE
        }
    }
}

type Outcome = Result<serde_json::Value, String>;

fn parse<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.parse().map_err(|_| format!("not a number: {s:?}"))
}

fn client(base: &str, key: &str, rate_limit: Option<RateLimit>) -> Result<Client, String> {
    let webhook = Webhook::parse(key).map_err(|e| e.to_string())?;
    // Only the limiter benchmark keeps the default retries (a 45009 waits for the window);
    // elsewhere a failure must show, not be retried away.
    let retry = if rate_limit.is_some() { RetryPolicy::default() } else { RetryPolicy::none() };
    let config = ClientConfig { base_url: Some(base.to_owned()), rate_limit, retry, ..ClientConfig::default() };
    Client::with_config(webhook, config).map_err(|e| e.to_string())
}

fn send(base: &str, key: &str, n: u32) -> Outcome {
    let bot = client(base, key, None)?;
    bot.send_text("warm-up").map_err(|e| format!("warm-up: {e}"))?;
    timed_loop(n, |i| bot.send_text(&format!("benchmark message {i}")).map_err(|e| e.to_string()))
}

/// `send` with the limiter on and its window kept in `store`: each message reserves a slot
/// there before its request and stamps it after the answer, as every send does by default. The
/// window (1,000 per millisecond) never fills, so the loop never waits: what it adds to `send`
/// is the store's work per message, not the server's 20-per-minute pace.
fn send_through_store(base: &str, key: &str, n: u32, store: &str) -> Outcome {
    let webhook = Webhook::parse(key).map_err(|e| e.to_string())?;
    let limit = RateLimit { max_messages: 1000, window: Duration::from_millis(1), policy: RatePolicy::FailFast };
    let config = ClientConfig {
        base_url: Some(base.to_owned()),
        rate_limit: Some(limit),
        store: Store::parse(store).map_err(|e| e.to_string())?,
        on_store_error: OnStoreError::Fail, // a store that fails must show, not fall back to memory
        retry: RetryPolicy::none(),
        ..ClientConfig::default()
    };
    let bot = Client::with_config(webhook, config).map_err(|e| e.to_string())?;
    bot.send_text("warm-up").map_err(|e| format!("warm-up: {e}"))?;
    timed_loop(n, |i| bot.send_text(&format!("benchmark message {i}")).map_err(|e| e.to_string()))
}

/// Runs `one` for 0..n, timed by the process's CPU clock and the wall clock: the JSON line
/// bench/bench.py reads for every keep-alive client.
fn timed_loop(n: u32, mut one: impl FnMut(u32) -> Result<(), String>) -> Outcome {
    let cpu0 = cpu_time();
    let t0 = Instant::now();
    for i in 0..n {
        one(i).map_err(|e| format!("message {i}: {e}"))?;
    }
    let wall = t0.elapsed();
    let cpu = cpu_time().zip(cpu0).map(|((u1, s1), (u0, s0))| (u1 - u0, s1 - s0));
    Ok(serde_json::json!({
        "messages": n,
        "wall_s": wall.as_secs_f64(),
        "user_s": cpu.map(|c| c.0.as_secs_f64()),
        "sys_s": cpu.map(|c| c.1.as_secs_f64()),
        "peak_rss_kib": proc_status_kib("VmHWM")?,
    }))
}

/// What any client must pay per message on this machine: a write of the request our client
/// sends (same headers and body) and a read of the answer, over one kept-alive socket.
fn floor(base: &str, key: &str, n: u32) -> Outcome {
    use std::io::{Read, Write};
    let host = base.strip_prefix("http://").ok_or("floor needs an http:// base URL")?.trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(host).map_err(|e| format!("connect: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let mut answer = vec![0u8; 64 * 1024];
    let mut exchange = |i: u64| -> Result<(), String> {
        let body =
            serde_json::json!({"msgtype": "text", "text": {"content": format!("benchmark message {i}")}}).to_string();
        let request = format!(
            "POST /cgi-bin/webhook/send?key={key} HTTP/1.1\r\nhost: {host}\r\nuser-agent: wecom-bot-bench-floor\r\n\
             accept: */*\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).map_err(|e| format!("write: {e}"))?;
        // Read until the head and the Content-Length's worth of body are in.
        let mut got = 0;
        loop {
            let k = stream.read(&mut answer[got..]).map_err(|e| format!("read: {e}"))?;
            if k == 0 {
                return Err("the mock closed the connection".into());
            }
            got += k;
            let text = String::from_utf8_lossy(&answer[..got]);
            if let Some(head_end) = text.find("\r\n\r\n") {
                let len = text[..head_end]
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>())
                    })
                    .ok_or("an answer without Content-Length")?
                    .map_err(|e| e.to_string())?;
                if got >= head_end + 4 + len {
                    return if text.starts_with("HTTP/1.1 200") { Ok(()) } else { Err(format!("answer: {text}")) };
                }
            }
        }
    };
    exchange(u64::MAX)?;
    timed_loop(n, |i| exchange(u64::from(i)))
}

fn upload(base: &str, key: &str, path: &str) -> Outcome {
    let bot = client(base, key, None)?;
    bot.send_text("warm-up").map_err(|e| format!("warm-up: {e}"))?;
    let size = std::fs::metadata(path).map_err(|e| format!("{path}: {e}"))?.len();
    std::fs::write("/proc/self/clear_refs", "5").map_err(|e| format!("resetting the peak RSS: {e}"))?;
    let before = proc_status_kib("VmRSS")?;
    let t0 = Instant::now();
    let media = bot.upload_path(MediaKind::File, path).map_err(|e| format!("upload: {e}"))?;
    let wall = t0.elapsed();
    let peak = proc_status_kib("VmHWM")?;
    Ok(serde_json::json!({
        "file_bytes": size,
        "rss_before_kib": before,
        "peak_after_kib": peak,
        "growth_kib": peak.saturating_sub(before),
        "wall_s": wall.as_secs_f64(),
        "media_id_len": media.media_id.len(),
    }))
}

fn rate(base: &str, key: &str, n: u32, count: u32, window_ms: u64) -> Outcome {
    let window = Duration::from_millis(window_ms);
    let limit = RateLimit { max_messages: count, window, policy: RatePolicy::Wait { max_wait: window * 3 } };
    let bot = client(base, key, Some(limit))?;
    let t0 = Instant::now();
    for i in 0..n {
        bot.send_text(&format!("rate-limited message {i}")).map_err(|e| format!("message {i}: {e}"))?;
    }
    Ok(serde_json::json!({ "messages": n, "wall_s": t0.elapsed().as_secs_f64() }))
}

/// A line of `/proc/self/status` such as `VmHWM:   12345 kB`, in KiB.
fn proc_status_kib(field: &str) -> Result<u64, String> {
    let status = std::fs::read_to_string("/proc/self/status").map_err(|e| format!("/proc/self/status: {e}"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':')?.trim().strip_suffix("kB")?.trim().parse().ok())
        .ok_or_else(|| format!("no {field} in /proc/self/status"))
}

/// (user, system) CPU time of this process, every thread included.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn cpu_time() -> Option<(Duration, Duration)> {
    // struct rusage on 64-bit Linux: two struct timeval (i64 seconds, i64 microseconds)
    // followed by fourteen longs.
    #[repr(C)]
    struct Rusage {
        utime: [i64; 2],
        stime: [i64; 2],
        rest: [i64; 14],
    }
    extern "C" {
        fn getrusage(who: i32, usage: *mut Rusage) -> i32;
    }
    const RUSAGE_SELF: i32 = 0;
    let mut usage = Rusage { utime: [0; 2], stime: [0; 2], rest: [0; 14] };
    // SAFETY: `usage` is a live, writable struct with the kernel's layout of struct rusage.
    let rc = unsafe { getrusage(RUSAGE_SELF, &mut usage) };
    let tv = |t: [i64; 2]| Duration::from_secs(t[0] as u64) + Duration::from_micros(t[1] as u64);
    (rc == 0).then(|| (tv(usage.utime), tv(usage.stime)))
}

/// (user, system) CPU time: not measured on this platform.
#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn cpu_time() -> Option<(Duration, Duration)> {
    None
}
