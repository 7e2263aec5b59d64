//! Measures how much a 20 MiB upload raises this process's peak memory (Linux `VmHWM`).
//!
//! The mock server runs in a child process (this same program with `serve-mock`), so only the
//! client's memory is measured. After a small warm-up upload, the peak is read before and
//! after (1) a 20 MiB upload from a path, which must be streamed from disk, and (2) a 20 MiB
//! upload from bytes already in memory, which must not be copied. Prints the growth of each;
//! with `--max-growth-mib N`, exits 1 when the path upload grew the peak by more than N MiB.
//!
//! `cargo run -p wecom-bot --example upload_rss [-- --max-growth-mib 8]` (or `bench/upload_rss.sh`).

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

use wecom_bot::{Client, ClientConfig, MediaKind, ProxyConfig, Webhook};

const SIZE: u64 = 20 * 1024 * 1024;
const MIB: f64 = 1024.0 * 1024.0;

/// Peak resident set size so far, in bytes (`VmHWM` of /proc/self/status).
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status (Linux only)");
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmHWM line");
    kib * 1024
}

/// Resets the peak to the current RSS (Linux ≥ 4.0); without it, each measurement only sees
/// growth above every earlier peak.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn serve_mock() {
    let mock = wecom_bot_mock::MockServer::start(wecom_bot_mock::MockConfig::new().with_rate_limit(None))
        .expect("start the mock");
    println!("{}", mock.base_url());
    std::io::stdout().flush().ok();
    // Serve until the parent closes our stdin.
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("serve-mock") {
        return serve_mock();
    }
    let max_growth_mib: Option<f64> = args
        .iter()
        .position(|a| a == "--max-growth-mib")
        .map(|i| args.get(i + 1).and_then(|v| v.parse().ok()).expect("--max-growth-mib takes a number"));

    let mut child = Command::new(std::env::current_exe().expect("own path"))
        .arg("serve-mock")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn the mock process");
    let mut base_url = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut base_url).expect("the mock's base URL");

    let dir = std::env::temp_dir().join(format!("wecom-bot-upload-rss-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("twenty.bin");
    {
        // Written in small chunks, so that making the file does not raise our own peak.
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let chunk: Vec<u8> = (0..64 * 1024).map(|i| (i % 251) as u8).collect();
        for _ in 0..SIZE / chunk.len() as u64 {
            f.write_all(&chunk).unwrap();
        }
    }

    let config = ClientConfig {
        base_url: Some(base_url.trim().to_owned()),
        proxy: ProxyConfig::None,
        rate_limit: None,
        ..ClientConfig::default()
    };
    let bot = Client::with_config(Webhook::from_key("upload-rss").unwrap(), config).unwrap();
    bot.upload_bytes(MediaKind::File, b"warm-up upload", "warm.txt").expect("warm-up upload");
    let resettable = reset_peak();

    reset_peak();
    let before = peak_rss();
    let media = bot.upload_path(MediaKind::File, &path).expect("20 MiB upload from a path");
    let path_growth = peak_rss().saturating_sub(before);

    let bytes = std::fs::read(&path).unwrap();
    reset_peak();
    let before = peak_rss();
    bot.upload_bytes(MediaKind::File, &bytes, "twenty.bin").expect("20 MiB upload from bytes");
    let bytes_growth = peak_rss().saturating_sub(before);
    drop(bytes);

    // The instrument's control: holding 20 MiB more does show up.
    reset_peak();
    let before = peak_rss();
    let held = vec![1u8; SIZE as usize];
    let control_growth = peak_rss().saturating_sub(before);
    drop(std::hint::black_box(held));

    drop(child.stdin.take());
    let _ = child.wait();
    std::fs::remove_dir_all(&dir).ok();

    println!("uploaded {} MiB from a path (media_id {}…)", SIZE >> 20, &media.media_id[..8.min(media.media_id.len())]);
    println!("peak RSS growth, 20 MiB upload from a path:  {:.2} MiB", path_growth as f64 / MIB);
    println!(
        "peak RSS growth, 20 MiB upload from bytes:   {:.2} MiB (the bytes themselves were already in memory)",
        bytes_growth as f64 / MIB
    );
    println!("control, holding 20 MiB more:                {:.2} MiB", control_growth as f64 / MIB);
    if !resettable {
        println!("(the peak could not be reset: each figure is growth above every earlier peak)");
    }
    if let Some(max) = max_growth_mib {
        if path_growth as f64 / MIB > max {
            eprintln!("FAILED: the path upload raised the peak by more than {max} MiB");
            std::process::exit(1);
        }
    }
}
