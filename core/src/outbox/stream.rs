//! The outbox in Redis (`redis://`, `rediss://`): a stream per robot, shared by every process on
//! every host that names the same Redis (DESIGN.md §4b).
//!
//! Keys, named by the robot's keyed hash (`store::robot_id`; never the key) beside the window's
//! `wecom-bot:{robot}:window`:
//! - `wecom-bot:{robot}:outbox` — the stream. An entry is a waiting (or dead) message: its
//!   producer `p`, wire JSON `b`, enqueue time `t` (ms of the Redis server's clock). Its stream
//!   id is `N-0`, `N` the outbox id (`HINCRBY` of `seq` in the same script as the `XADD`), so
//!   ids grow in enqueue order and a taker-over reading the stream from its start delivers the
//!   dead holder's unacknowledged entries before newer ones. A delivered entry is `XDEL`ed;
//! - `…:outbox:dead` — the dead letters' ids (a sorted set scored by id; they stay in the
//!   stream, in place, so that `retry` puts them back in their original order);
//! - `…:outbox:meta` — per entry, uncertain outcomes `u:N` and the last error `e:N`;
//! - `…:outbox:count` — `seq`, `delivered`, `sent`, `possible_duplicates`;
//! - `…:outbox:lease` — the deliverer holding the robot (`SET NX PX`, renewed by its holder;
//!   expiry by the Redis server's clock, so the hosts' clocks do not matter).
//!
//! Every operation is one Lua script: atomic on the server. Durability is Redis's: `enqueue`
//! returns once Redis has the entry; only with `appendonly yes` does that survive a restart of
//! Redis (docs/cli.md says production needs it; one warning per process when it is off).

use super::queue::{Counts, Queue, Row};
use crate::store::redis::RedisStore;
use crate::store::StoreFailure;
use std::sync::OnceLock;

const OUTBOX_LUA: &str = r"
local stream, dead, meta, count, lease = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local op = ARGV[1]
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function sid(id) return id .. '-0' end
local function fields_of(id)
  local e = redis.call('XRANGE', stream, sid(id), sid(id))
  if e[1] then return e[1][2] end
  return nil
end
local function get(fields, name)
  for i = 1, #fields, 2 do
    if fields[i] == name then return fields[i + 1] end
  end
  return false
end
local function push_row(out, id, fields)
  out[#out + 1] = id
  out[#out + 1] = get(fields, 'p')
  out[#out + 1] = get(fields, 'b')
  out[#out + 1] = get(fields, 't')
  out[#out + 1] = redis.call('HGET', meta, 'u:' .. id) or '0'
  out[#out + 1] = redis.call('HGET', meta, 'e:' .. id)
end
-- Calls visit(id, fields) on the live (not dead) entries from the start, until it returns true.
local function live(visit)
  local from = '-'
  while true do
    local page = redis.call('XRANGE', stream, from, '+', 'COUNT', 128)
    if #page == 0 then return end
    for _, e in ipairs(page) do
      local id = string.match(e[1], '^(%d+)')
      if not redis.call('ZSCORE', dead, id) then
        if visit(id, e[2]) then return end
      end
    end
    from = '(' .. page[#page][1]
  end
end

if op == 'enqueue' then
  local t = now()
  local ids = {}
  for i = 3, #ARGV do
    local id = tostring(redis.call('HINCRBY', count, 'seq', 1))
    redis.call('XADD', stream, sid(id), 'p', ARGV[2], 'b', ARGV[i], 't', t)
    ids[#ids + 1] = id
  end
  return ids
elseif op == 'pending' then
  local limit, out, n = tonumber(ARGV[2]), {}, 0
  if limit > 0 then
    live(function(id, fields)
      push_row(out, id, fields)
      n = n + 1
      return n >= limit
    end)
  end
  return out
elseif op == 'delivered' then
  local n = 0
  for i = 2, #ARGV do
    local id = ARGV[i]
    n = n + redis.call('XDEL', stream, sid(id))
    redis.call('HDEL', meta, 'u:' .. id, 'e:' .. id)
    redis.call('ZREM', dead, id)
  end
  redis.call('HINCRBY', count, 'delivered', n)
  redis.call('HINCRBY', count, 'sent', 1)
  return n
elseif op == 'failed' then
  for i = 4, #ARGV do
    local id = ARGV[i]
    if fields_of(id) then
      redis.call('HSET', meta, 'e:' .. id, ARGV[2])
      if ARGV[3] == '1' then redis.call('HINCRBY', meta, 'u:' .. id, 1) end
    end
  end
  if ARGV[3] == '1' then redis.call('HINCRBY', count, 'possible_duplicates', 1) end
  return 0
elseif op == 'dead' then
  for i = 3, #ARGV do
    local id = ARGV[i]
    if fields_of(id) then
      redis.call('ZADD', dead, id, id)
      redis.call('HSET', meta, 'e:' .. id, ARGV[2])
    end
  end
  return 0
elseif op == 'dead_letters' then
  local out = {}
  for _, id in ipairs(redis.call('ZRANGE', dead, 0, -1)) do
    local fields = fields_of(id)
    if fields then push_row(out, id, fields) end
  end
  return out
elseif op == 'requeue' then
  local ids, n = {}, 0
  if ARGV[2] == 'all' then
    ids = redis.call('ZRANGE', dead, 0, -1)
  else
    for i = 3, #ARGV do ids[#ids + 1] = ARGV[i] end
  end
  for _, id in ipairs(ids) do
    if redis.call('ZREM', dead, id) == 1 then
      redis.call('HDEL', meta, 'u:' .. id)
      n = n + 1
    end
  end
  return n
elseif op == 'purge' then
  if ARGV[2] == 'all' then
    local n = redis.call('XLEN', stream)
    redis.call('DEL', stream, dead, meta)
    return n
  end
  local n = 0
  for _, id in ipairs(redis.call('ZRANGE', dead, 0, -1)) do
    n = n + redis.call('XDEL', stream, sid(id))
    redis.call('HDEL', meta, 'u:' .. id, 'e:' .. id)
  end
  redis.call('DEL', dead)
  return n
elseif op == 'counts' then
  local d = redis.call('ZCARD', dead)
  local oldest = false
  live(function(id, fields)
    oldest = get(fields, 't')
    return true
  end)
  local c = redis.call('HMGET', count, 'delivered', 'sent', 'possible_duplicates')
  return {tostring(redis.call('XLEN', stream) - d), oldest, tostring(d), c[1] or '0', c[2] or '0', c[3] or '0'}
elseif op == 'lease' then
  if redis.call('SET', lease, ARGV[2], 'NX', 'PX', ARGV[3]) then return 1 end
  if redis.call('GET', lease) == ARGV[2] then
    redis.call('PEXPIRE', lease, ARGV[3])
    return 1
  end
  return 0
elseif op == 'release' then
  if redis.call('GET', lease) == ARGV[2] then redis.call('DEL', lease) end
  return 0
end
return redis.error_reply('unknown outbox operation ' .. op)
";

fn script() -> &'static redis::Script {
    static SCRIPT: OnceLock<redis::Script> = OnceLock::new();
    SCRIPT.get_or_init(|| redis::Script::new(OUTBOX_LUA))
}

impl RedisStore {
    /// Runs one operation of the script on `robot`'s keys.
    fn outbox<T: redis::FromRedisValue>(&self, robot: &str, op: &str, args: &[String]) -> Result<T, StoreFailure> {
        self.call(|conn| {
            let base = format!("wecom-bot:{robot}:outbox");
            let mut invocation = script().prepare_invoke();
            invocation
                .key(&base)
                .key(format!("{base}:dead"))
                .key(format!("{base}:meta"))
                .key(format!("{base}:count"))
                .key(format!("{base}:lease"))
                .arg(op);
            for a in args {
                invocation.arg(a);
            }
            invocation.invoke::<T>(conn)
        })
    }

    /// Warns once per process when this Redis would lose the outbox on a restart.
    fn warn_unless_appendonly(&self) {
        static CHECKED: OnceLock<()> = OnceLock::new();
        CHECKED.get_or_init(|| {
            // CONFIG may be refused (managed Redis): then nothing is known, and nothing is said.
            let reply: Result<Vec<String>, _> =
                self.call(|conn| redis::cmd("CONFIG").arg("GET").arg("appendonly").query(conn));
            if let Ok(v) = reply {
                if v.get(1).is_some_and(|a| a == "no") {
                    log::warn!(
                        target: super::LOG_TARGET,
                        "{}: appendonly is off, so the outbox's messages are lost if Redis restarts (production needs appendonly yes)",
                        self.shown()
                    );
                }
            }
        });
    }
}

/// Rows from the script's flat reply: six values per row.
fn rows(flat: Vec<Option<String>>) -> Result<Vec<Row>, StoreFailure> {
    let bad = || StoreFailure("the outbox stream holds an entry this version cannot read".to_owned());
    flat.chunks(6)
        .map(|c| {
            let [id, producer, body, at, uncertain, error] = c else { return Err(bad()) };
            let num = |v: &Option<String>| v.as_deref().and_then(|s| s.parse::<u64>().ok());
            Ok(Row {
                id: num(id).ok_or_else(bad)?,
                producer: producer.clone().ok_or_else(bad)?,
                body: body.clone().ok_or_else(bad)?,
                enqueued_at: num(at).ok_or_else(bad)?,
                uncertain: num(uncertain).map_or(0, |u| u32::try_from(u).unwrap_or(u32::MAX)),
                last_error: error.clone(),
            })
        })
        .collect()
}

/// The arguments of an operation: leading values, then ids.
fn args(leading: &[&str], ids: &[u64]) -> Vec<String> {
    leading.iter().map(|s| (*s).to_owned()).chain(ids.iter().map(u64::to_string)).collect()
}

impl Queue for RedisStore {
    fn enqueue(&self, robot: &str, producer: &str, bodies: &[String]) -> Result<Vec<u64>, StoreFailure> {
        self.warn_unless_appendonly();
        let ids: Vec<u64> = self.outbox(
            robot,
            "enqueue",
            &[producer.to_owned()].into_iter().chain(bodies.iter().cloned()).collect::<Vec<_>>(),
        )?;
        Ok(ids)
    }

    fn pending(&self, robot: &str, limit: usize) -> Result<Vec<Row>, StoreFailure> {
        rows(self.outbox(robot, "pending", &[limit.to_string()])?)
    }

    fn delivered(&self, robot: &str, ids: &[u64]) -> Result<(), StoreFailure> {
        self.outbox::<i64>(robot, "delivered", &args(&[], ids)).map(|_| ())
    }

    fn failed(&self, robot: &str, ids: &[u64], error: &str, uncertain: bool) -> Result<(), StoreFailure> {
        self.outbox::<i64>(robot, "failed", &args(&[error, if uncertain { "1" } else { "0" }], ids)).map(|_| ())
    }

    fn dead(&self, robot: &str, ids: &[u64], error: &str) -> Result<(), StoreFailure> {
        self.outbox::<i64>(robot, "dead", &args(&[error], ids)).map(|_| ())
    }

    fn dead_letters(&self, robot: &str) -> Result<Vec<Row>, StoreFailure> {
        rows(self.outbox(robot, "dead_letters", &[])?)
    }

    fn requeue(&self, robot: &str, ids: Option<&[u64]>) -> Result<u64, StoreFailure> {
        match ids {
            None => self.outbox(robot, "requeue", &args(&["all"], &[])),
            Some(ids) => self.outbox(robot, "requeue", &args(&["ids"], ids)),
        }
    }

    fn purge(&self, robot: &str, all: bool) -> Result<u64, StoreFailure> {
        self.outbox(robot, "purge", &args(&[if all { "all" } else { "dead" }], &[]))
    }

    fn counts(&self, robot: &str) -> Result<Counts, StoreFailure> {
        let c: Vec<Option<String>> = self.outbox(robot, "counts", &[])?;
        let n = |i: usize| c.get(i).and_then(|v| v.as_deref()).and_then(|s| s.parse::<u64>().ok());
        Ok(Counts {
            pending: n(0).unwrap_or(0),
            oldest_enqueued_at: n(1),
            dead: n(2).unwrap_or(0),
            delivered: n(3).unwrap_or(0),
            sent: n(4).unwrap_or(0),
            possible_duplicates: n(5).unwrap_or(0),
        })
    }

    fn lease(&self, robot: &str, holder: &str, ttl_ms: u64) -> Result<bool, StoreFailure> {
        self.outbox::<i64>(robot, "lease", &[holder.to_owned(), ttl_ms.max(1).to_string()]).map(|granted| granted == 1)
    }

    fn release(&self, robot: &str, holder: &str) -> Result<(), StoreFailure> {
        self.outbox::<i64>(robot, "release", &[holder.to_owned()]).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// The Redis of `WECOM_BOT_TEST_REDIS` (scripts/test-outbox.sh starts one); without it, says
    /// so (the outbox suite always sets it).
    pub(crate) fn server() -> Option<RedisStore> {
        let Ok(url) = std::env::var("WECOM_BOT_TEST_REDIS") else {
            eprintln!("WECOM_BOT_TEST_REDIS is not set: the Redis outbox tests run in scripts/test-outbox.sh");
            return None;
        };
        Some(RedisStore::new(&url, Duration::from_secs(5)).expect("the Redis store"))
    }

    #[test]
    fn redis_queue() {
        let Some(store) = server() else { return };
        super::super::queue::tests::conformance(&store);
    }

    #[test]
    fn an_unreachable_redis_is_a_failure_without_the_password() {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let store =
            RedisStore::new(&format!("redis://app:hunter2pw@127.0.0.1:{port}/0"), Duration::from_millis(300)).unwrap();
        let e = store.enqueue("r", "p", &["{}".to_owned()]).unwrap_err();
        assert!(e.0.starts_with(&format!("redis://app:***@127.0.0.1:{port}/0: ")), "{e}");
        assert!(!e.0.contains("hunter2pw"), "{e}");
    }
}
