//! The Redis store: every process on every host that names the same Redis shares the window.
//!
//! Each operation is one Lua script (atomic on the server) over a sorted set per robot,
//! `wecom-bot:{robot}:window`, whose members are slots and whose scores are their `frees_at`
//! in ms of the Redis server's own clock (`TIME`), so the hosts' clocks do not matter. The
//! script mirrors `window::Spec` (its tests in Rust run against a real server in
//! scripts/test-stores.sh). Every write renews a TTL of lease + window, so an idle robot leaves
//! nothing behind.

use super::window::{Reserve, Spec, Usage};
use super::{mask_url, StoreFailure, WindowStore};
use crate::error::{Error, Result};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// ARGV: op, max, window_ms, lease_ms, member. Returns {granted, wait_ms, used, earliest_ms}.
const WINDOW_LUA: &str = r"
local key = KEYS[1]
local op, max, win, lease, member = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
local function keep()
  local ttl = redis.call('PTTL', key)
  if ttl < lease + win then redis.call('PEXPIRE', key, lease + win) end
end
local function state()
  local used = redis.call('ZCARD', key)
  local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  local earliest = -1
  if first[2] then earliest = tonumber(first[2]) end
  return used, earliest
end
local used, earliest = state()
if op == 'reserve' then
  if used < max then
    redis.call('ZADD', key, now + lease + win, member)
    keep()
    return {1, 0, used + 1, earliest}
  end
  local wait = win
  if earliest >= 0 then wait = math.min(earliest - now, win) end
  return {0, math.max(wait, 1), used, earliest}
elseif op == 'stamp' then
  if redis.call('ZADD', key, 'XX', 'CH', now + win + 1, member) == 1 then keep() end
  return {1, 0, used, earliest}
elseif op == 'fill' then
  for i = used + 1, max do
    redis.call('ZADD', key, now + win + 1, member .. ':' .. i)
  end
  if used < max then keep() end
  used, earliest = state()
  return {1, 0, used, earliest}
end
local wait = -1
if earliest >= 0 then wait = math.min(earliest - now, win) end
return {1, wait, used, earliest}
";

pub(crate) struct RedisStore {
    client: redis::Client,
    /// The URL with its password masked, for messages.
    shown: String,
    /// The password, to scrub from the client library's messages (which should not hold it).
    password: Option<String>,
    timeout: Duration,
    conn: Mutex<Option<redis::Connection>>,
}

fn script() -> &'static redis::Script {
    static SCRIPT: OnceLock<redis::Script> = OnceLock::new();
    SCRIPT.get_or_init(|| redis::Script::new(WINDOW_LUA))
}

impl RedisStore {
    pub(crate) fn new(url: &str, timeout: Duration) -> Result<RedisStore> {
        let shown = mask_url(url);
        let client = redis::Client::open(url).map_err(|e| {
            Error::invalid_argument("store", format!("{shown} is not a usable Redis URL ({:?})", e.kind()))
        })?;
        let password = client.get_connection_info().redis_settings().password().map(str::to_owned);
        Ok(RedisStore { client, shown, password, timeout, conn: Mutex::new(None) })
    }

    /// The URL with its password masked.
    pub(crate) fn shown(&self) -> &str {
        &self.shown
    }

    fn scrub(&self, text: String) -> String {
        match &self.password {
            Some(p) if !p.is_empty() => text.replace(p.as_str(), "***"),
            _ => text,
        }
    }

    /// Runs the script once; a failed connection is dropped and opened again next time.
    fn run(&self, robot: &str, op: &str, spec: &Spec, member: &str) -> Result<(i64, i64, i64, i64), StoreFailure> {
        self.call(|conn| {
            script()
                .key(format!("wecom-bot:{robot}:window"))
                .arg(op)
                .arg(spec.max)
                .arg(spec.window_ms)
                .arg(spec.lease_ms)
                .arg(member)
                .invoke::<(i64, i64, i64, i64)>(conn)
        })
    }

    /// Runs `f` on the store's connection (opened on first use, with the store's timeouts);
    /// after a failure the connection is dropped and opened again next time. The failure names
    /// the store with its password masked.
    pub(crate) fn call<T>(
        &self,
        f: impl FnOnce(&mut redis::Connection) -> redis::RedisResult<T>,
    ) -> Result<T, StoreFailure> {
        let mut guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let result = self.connected(&mut guard).and_then(f);
        result.map_err(|e| {
            *guard = None;
            StoreFailure(self.scrub(format!("{}: {e}", self.shown)))
        })
    }

    fn connected<'c>(&self, conn: &'c mut Option<redis::Connection>) -> redis::RedisResult<&'c mut redis::Connection> {
        if conn.is_none() {
            let c = self.client.get_connection_with_timeout(self.timeout)?;
            c.set_read_timeout(Some(self.timeout))?;
            c.set_write_timeout(Some(self.timeout))?;
            *conn = Some(c);
        }
        Ok(conn.as_mut().expect("connected above"))
    }
}

/// A slot's member in the sorted set: random, so that hosts never collide.
fn random_member() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u32(std::process::id());
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |t| t.as_nanos()));
    h.finish()
}

fn ms(v: i64) -> Option<u64> {
    u64::try_from(v).ok()
}

impl WindowStore for RedisStore {
    fn reserve(&self, robot: &str, spec: &Spec) -> Result<Reserve, StoreFailure> {
        let id = random_member();
        let (granted, wait, _, _) = self.run(robot, "reserve", spec, &id.to_string())?;
        Ok(if granted == 1 {
            Reserve::Granted(id)
        } else {
            Reserve::Full(Duration::from_millis(ms(wait).unwrap_or(spec.window_ms).max(1)))
        })
    }

    fn stamp(&self, robot: &str, slot: u64, spec: &Spec) -> Result<(), StoreFailure> {
        self.run(robot, "stamp", spec, &slot.to_string()).map(|_| ())
    }

    fn fill(&self, robot: &str, spec: &Spec) -> Result<(), StoreFailure> {
        self.run(robot, "fill", spec, &format!("45009:{}", random_member())).map(|_| ())
    }

    fn usage(&self, robot: &str, spec: &Spec) -> Result<Usage, StoreFailure> {
        let (_, wait, used, _) = self.run(robot, "usage", spec, "")?;
        let used = ms(used).unwrap_or(0);
        Ok(Usage { used, next_free: if used == 0 { None } else { ms(wait).map(Duration::from_millis) } })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::conformance;
    use super::*;

    /// Runs against the Redis of `WECOM_BOT_TEST_REDIS` (scripts/test-stores.sh starts one);
    /// without it, says so (the stores suite always sets it).
    fn server() -> Option<String> {
        let url = std::env::var("WECOM_BOT_TEST_REDIS").ok();
        if url.is_none() {
            eprintln!("WECOM_BOT_TEST_REDIS is not set: the Redis store tests run in scripts/test-stores.sh");
        }
        url
    }

    #[test]
    fn the_window_rules() {
        let Some(url) = server() else { return };
        conformance(&RedisStore::new(&url, Duration::from_secs(2)).unwrap());
    }

    #[test]
    fn a_down_server_is_a_failure_without_the_password() {
        // a port nothing listens on: bind one, learn its number, close it
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let store =
            RedisStore::new(&format!("redis://app:hunter2pw@127.0.0.1:{port}/0"), Duration::from_millis(300)).unwrap();
        let spec = Spec::new(1, Duration::from_secs(60), Duration::from_secs(1));
        let e = store.reserve("r", &spec).unwrap_err();
        assert!(e.0.starts_with(&format!("redis://app:***@127.0.0.1:{port}/0: ")), "{e}");
        assert!(!e.0.contains("hunter2pw"), "{e}");
    }

    #[test]
    fn bad_urls_are_invalid_arguments() {
        let e = RedisStore::new("redis://u:hunter2pw@/0?protocol=zz", Duration::from_secs(1)).err();
        if let Some(e) = e {
            assert_eq!(e.field(), Some("store"));
            assert!(!e.to_string().contains("hunter2pw"), "{e}");
        }
    }
}
