//! What a running mock remembers (records, media, rate windows, faults, the clock offset) and
//! the helpers every endpoint shares.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, RandomState};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use serde_json::json;
use wecom_bot::media::MediaKind;

use crate::clock::unix_secs;
use crate::config::MockConfig;
use crate::errcode;
use crate::fault::Script;
use crate::record::Records;

const MORE_INFO: &str = "https://open.work.weixin.qq.com/devtool/query?e=";

/// An uploaded (or registered) media_id.
pub(crate) struct Media {
    pub key: String,
    pub kind: MediaKind,
    pub created: SystemTime,
}

/// Everything `reset` forgets.
#[derive(Default)]
pub(crate) struct State {
    pub seq: u64,
    pub records: Records,
    pub media: HashMap<String, Media>,
    pub windows: HashMap<String, VecDeque<SystemTime>>,
    pub scripts: Vec<Script>,
    /// How far the mock's clock runs ahead of the configured clock.
    pub offset: Duration,
}

/// The server's configuration and state, shared by every connection.
pub(crate) struct Shared {
    pub config: MockConfig,
    pub addr: SocketAddr,
    state: Mutex<State>,
    counter: AtomicU64,
    random: RandomState,
    /// How many resets so far (the inbox page's version includes it).
    resets: AtomicU64,
}

impl Shared {
    pub fn new(config: MockConfig, addr: SocketAddr) -> Shared {
        Shared {
            config,
            addr,
            state: Mutex::new(State::default()),
            counter: AtomicU64::new(0),
            random: RandomState::new(),
            resets: AtomicU64::new(0),
        }
    }

    /// The state, even after a panic elsewhere poisoned the lock (every change to it is
    /// complete before anything that could panic).
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forgets everything but the configuration.
    pub fn reset(&self) {
        *self.lock() = State::default();
        self.resets.fetch_add(1, Ordering::Relaxed);
    }

    /// How many resets so far.
    pub fn generation(&self) -> u64 {
        self.resets.load(Ordering::Relaxed)
    }

    /// An opaque id for `key` (stable while the server runs, different in every run), for the
    /// inbox page's filter: the page never shows or sends a key.
    pub fn key_id(&self, key: &str) -> String {
        format!("{:016x}", self.random.hash_one(("inbox-key", key)))
    }

    /// The mock's time: the configured clock plus the offset (which the clock endpoint keeps
    /// small enough to add).
    pub fn now_in(&self, st: &State) -> SystemTime {
        let base = self.config.clock.now();
        base.checked_add(st.offset).unwrap_or(base)
    }

    pub fn key_known(&self, key: &str) -> bool {
        !key.is_empty() && self.config.keys.as_ref().is_none_or(|ks| ks.iter().any(|k| k == key))
    }

    fn random(&self) -> u64 {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        self.random.hash_one(n)
    }

    pub fn new_media_id(&self) -> String {
        let mut bytes = Vec::with_capacity(32);
        for _ in 0..4 {
            bytes.extend_from_slice(&self.random().to_le_bytes());
        }
        format!("3{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }

    /// The errmsg in the real server's style.
    pub fn full_errmsg(&self, errcode: i64, msg: &str, peer: Option<SocketAddr>, now: SystemTime) -> String {
        if errcode == errcode::OK && msg == "ok" {
            return msg.to_string();
        }
        let ip = peer.map(|p| p.ip().to_string()).unwrap_or_else(|| "127.0.0.1".into());
        let hint = format!("{}_{}_{:016x}", unix_secs(now), self.addr.port(), self.random());
        format!("{msg}, hint: [{hint}], from ip: {ip}, more info at {MORE_INFO}{errcode}")
    }

    pub fn api_body(&self, errcode: i64, msg: &str, peer: Option<SocketAddr>, now: SystemTime) -> String {
        json!({"errcode": errcode, "errmsg": self.full_errmsg(errcode, msg, peer, now)}).to_string()
    }

    pub fn log(&self, line: impl FnOnce() -> String) {
        if self.config.log {
            eprintln!("wecom-bot-mock: {}", line());
        }
    }
}

impl Shared {
    /// Moves the mock's clock forward by `by`; its new time, or an error naming the rule when
    /// that would pass 9999-12-31 (nothing changes then).
    pub fn advance_clock(&self, by: Duration) -> Result<SystemTime, String> {
        let mut st = self.lock();
        st.offset = crate::clock::advanced(self.config.clock.now(), st.offset, by)?;
        Ok(self.now_in(&st))
    }
}
