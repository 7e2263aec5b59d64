//! Stores: where the senders of a robot keep what they must share (DESIGN.md §4b).
//!
//! One concept, chosen by a URL:
//! - `memory`: this process only (tests; the fallback when nothing shared can be used);
//! - `sqlite:PATH`: every process of the host that names the same file (the default, at a
//!   per-user state path);
//! - `redis://[user:pass@]host:port/db` or `rediss://…`: every process on every host.
//!
//! Today a store holds the sliding rate window of each robot (`window_slot` rows in SQLite, a
//! sorted set `wecom-bot:{robot}:window` in Redis). Everything is named by [`robot_id`], a keyed
//! hash of (base URL, key): the key itself never reaches a store, and a mock's window never
//! merges with the real server's. Other per-robot state (the outbox) lives beside the window:
//! more tables in the same SQLite file, more `wecom-bot:{robot}:…` keys in the same Redis.

#[cfg(test)]
mod bench;
mod memory;
#[cfg(feature = "store-redis")]
pub(crate) mod redis;
#[cfg(feature = "store-sqlite")]
pub(crate) mod sqlite;
pub(crate) mod window;

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

pub(crate) use memory::MemoryStore;
use window::{Reserve, Spec, Usage};

/// The environment variable naming the store (read by [`Store::Default`] and `crate::env`).
pub const ENV_STORE: &str = "WECOM_BOT_STORE";

/// Which store holds the rate window, by URL (see the module docs).
///
/// `Debug` and `Display` mask a Redis password: `redis://user:***@host:6379/0`.
#[derive(Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Store {
    /// `WECOM_BOT_STORE` when set; else SQLite at `$XDG_STATE_HOME/wecom-bot/state.sqlite3`,
    /// `~/.local/state/wecom-bot/state.sqlite3` or a per-user temporary directory, the first
    /// that can be written; else `memory`, with one warning.
    #[default]
    Default,
    /// This process only.
    Memory,
    /// A SQLite file shared by every process of the host that names it.
    Sqlite(PathBuf),
    /// A Redis server shared by every process that names it (`redis://` or `rediss://`).
    Redis(String),
}

impl Store {
    /// Parses `memory`, `sqlite:PATH` (also `sqlite://PATH`), `redis://…` or `rediss://…`.
    pub fn parse(url: &str) -> Result<Store> {
        let url = url.trim();
        if url == "memory" {
            return Ok(Store::Memory);
        }
        if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            if path.is_empty() {
                return Err(Error::invalid_argument(
                    "store",
                    "sqlite: needs a path, e.g. sqlite:/var/lib/app/wecom.db",
                ));
            }
            return Ok(Store::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("redis://") || url.starts_with("rediss://") {
            if url.split_once("://").is_some_and(|(_, rest)| rest.is_empty()) {
                return Err(Error::invalid_argument("store", "redis:// needs a host, e.g. redis://127.0.0.1:6379/0"));
            }
            return Ok(Store::Redis(url.to_owned()));
        }
        Err(Error::invalid_argument(
            "store",
            format!(
                "expected memory, sqlite:PATH, redis://[user:pass@]host:port/db or rediss://…, got {:?}",
                mask_url(url).chars().take(80).collect::<String>()
            ),
        ))
    }

    /// The URL with any password masked.
    pub fn display_url(&self) -> String {
        match self {
            Store::Default => "default".to_owned(),
            Store::Memory => "memory".to_owned(),
            Store::Sqlite(p) => format!("sqlite:{}", p.display()),
            Store::Redis(url) => mask_url(url),
        }
    }

    /// What [`Store::Default`] stands for here and now (other stores stand for themselves).
    pub fn resolve(&self) -> Result<Store> {
        self.resolve_with(|name| std::env::var(name).ok())
    }

    /// [`Store::resolve`] reading variables (`WECOM_BOT_STORE`, `XDG_STATE_HOME`, `HOME`,
    /// `TMPDIR`) through `var`.
    pub fn resolve_with(&self, var: impl Fn(&str) -> Option<String>) -> Result<Store> {
        match self {
            Store::Default => match var(ENV_STORE) {
                Some(v) if !v.trim().is_empty() => Store::parse(&v).map_err(|e| rename_field(e, ENV_STORE)),
                _ => Ok(default_sqlite(&var).map(Store::Sqlite).unwrap_or(Store::Memory)),
            },
            other => Ok(other.clone()),
        }
    }
}

fn rename_field(e: Error, field: &str) -> Error {
    Error::invalid_argument(field, e.message().trim_start_matches("invalid argument store: "))
}

impl fmt::Display for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display_url())
    }
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Store({})", self.display_url())
    }
}

/// What to do when the store cannot be used (Redis down, disk full, locked past the timeout).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnStoreError {
    /// Keep sending under this process's own window; log a warning once per outage (default).
    #[default]
    Local,
    /// Fail the send with an error of kind `store`.
    Fail,
}

impl OnStoreError {
    /// Parses `local` or `fail`.
    pub fn parse(s: &str) -> Result<OnStoreError> {
        match s.trim() {
            "local" => Ok(OnStoreError::Local),
            "fail" => Ok(OnStoreError::Fail),
            _ => Err(Error::invalid_argument("on_store_error", "expected local or fail")),
        }
    }
}

/// A URL with the password of its userinfo (if any) replaced by `***`.
pub(crate) fn mask_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let Some((userinfo, host)) = authority.rsplit_once('@') else { return url.to_owned() };
    let user = match userinfo.split_once(':') {
        Some((user, _)) => format!("{user}:***"),
        // `redis://secret@host`: a lone userinfo may be a password too
        None => "***".to_owned(),
    };
    format!("{scheme}://{user}@{host}{tail}")
}

/// The name of a robot in every store: a keyed hash of (base URL, key), never the key.
pub fn robot_id(base_url: &str, key: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"wecom-bot robot v1\0");
    h.update(base_url.as_bytes());
    h.update(b"\0");
    h.update(key.as_bytes());
    h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// Why a store could not do an operation (the text never holds a password or a key).
#[derive(Debug, Clone)]
pub(crate) struct StoreFailure(pub String);

impl fmt::Display for StoreFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The operations of the rate window, atomic in every store.
pub(crate) trait WindowStore: Send + Sync {
    /// Drops the rows that left the window, then takes a slot if one is free.
    fn reserve(&self, robot: &str, spec: &Spec) -> Result<Reserve, StoreFailure>;
    /// The answer of the slot's request arrived (or it failed): the slot frees one window from now.
    fn stamp(&self, robot: &str, slot: u64, spec: &Spec) -> Result<(), StoreFailure>;
    /// A 45009: the window is full from now on, for every sender of the robot.
    fn fill(&self, robot: &str, spec: &Spec) -> Result<(), StoreFailure>;
    /// How full the window is.
    fn usage(&self, robot: &str, spec: &Spec) -> Result<Usage, StoreFailure>;
}

/// The opened store of a URL, shared by every client of the process that names it.
pub(crate) fn open(store: &Store, timeout: Duration) -> Result<Arc<dyn WindowStore>> {
    type Registry = Mutex<HashMap<String, Arc<dyn WindowStore>>>;
    static OPEN: OnceLock<Registry> = OnceLock::new();
    let id = match store {
        Store::Default | Store::Memory => return Ok(Arc::new(ProcessMemory)),
        Store::Sqlite(p) => format!("sqlite:{}", p.display()),
        Store::Redis(url) => url.clone(),
    };
    let mut open = OPEN.get_or_init(Registry::default).lock().unwrap_or_else(|p| p.into_inner());
    if let Some(s) = open.get(&id) {
        return Ok(Arc::clone(s));
    }
    let opened: Arc<dyn WindowStore> = match store {
        #[cfg(feature = "store-sqlite")]
        Store::Sqlite(p) => Arc::new(sqlite::SqliteStore::new(p.clone(), timeout)),
        #[cfg(feature = "store-redis")]
        Store::Redis(url) => Arc::new(redis::RedisStore::new(url, timeout)?),
        other => {
            return Err(Error::invalid_argument(
                "store",
                format!("{} needs a cargo feature this build of wecom-bot was made without", other.display_url()),
            ))
        }
    };
    let _ = timeout;
    open.insert(id, Arc::clone(&opened));
    Ok(opened)
}

/// The process's memory store behind an `Arc`.
pub(crate) struct ProcessMemory;

impl WindowStore for ProcessMemory {
    fn reserve(&self, robot: &str, spec: &Spec) -> Result<Reserve, StoreFailure> {
        MemoryStore::process().reserve(robot, spec)
    }
    fn stamp(&self, robot: &str, slot: u64, spec: &Spec) -> Result<(), StoreFailure> {
        MemoryStore::process().stamp(robot, slot, spec)
    }
    fn fill(&self, robot: &str, spec: &Spec) -> Result<(), StoreFailure> {
        MemoryStore::process().fill(robot, spec)
    }
    fn usage(&self, robot: &str, spec: &Spec) -> Result<Usage, StoreFailure> {
        MemoryStore::process().usage(robot, spec)
    }
}

/// The default SQLite file: the first of the per-user state paths whose directory can be
/// created and written; `None` (memory, with one warning) when none can.
fn default_sqlite(var: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if !cfg!(feature = "store-sqlite") {
        return None;
    }
    let candidates = default_dirs(|k| var(k).filter(|v| !v.is_empty()).map(PathBuf::from), current_uid());
    for dir in &candidates {
        if writable_dir(dir) {
            return Some(dir.join("state.sqlite3"));
        }
    }
    static WARNED: OnceLock<()> = OnceLock::new();
    WARNED.get_or_init(|| {
        log::warn!(
            "no writable state directory ({}): the rate window is kept in this process only",
            candidates.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ")
        )
    });
    None
}

/// `$XDG_STATE_HOME/wecom-bot`, `~/.local/state/wecom-bot`, then `$TMPDIR/wecom-bot-<uid>`.
fn default_dirs(var: impl Fn(&str) -> Option<PathBuf>, uid: Option<u32>) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    // The XDG spec: relative values are invalid and must be ignored.
    if let Some(x) = var("XDG_STATE_HOME").filter(|p| p.is_absolute()) {
        dirs.push(x.join("wecom-bot"));
    }
    if let Some(h) = var("HOME").filter(|p| p.is_absolute()) {
        dirs.push(h.join(".local/state/wecom-bot"));
    }
    let tmp = var("TMPDIR").filter(|p| p.is_absolute()).unwrap_or_else(std::env::temp_dir);
    dirs.push(tmp.join(match uid {
        Some(u) => format!("wecom-bot-{u}"),
        None => "wecom-bot".to_owned(),
    }));
    dirs
}

/// Creates `dir` (owner-only) if needed and checks that a file can be created in it.
fn writable_dir(dir: &Path) -> bool {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    if builder.create(dir).is_err() {
        return false;
    }
    #[cfg(unix)]
    {
        // A shared temporary directory: use it only if it is ours.
        use std::os::unix::fs::MetadataExt;
        match std::fs::symlink_metadata(dir) {
            Ok(m) if m.is_dir() && current_uid().is_none_or(|u| m.uid() == u) => {}
            _ => return false,
        }
    }
    let probe = dir.join(format!(".probe-{}", std::process::id()));
    let ok = std::fs::write(&probe, b"").is_ok();
    let _ = std::fs::remove_file(&probe);
    ok
}

fn current_uid() -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // The owner of a file we just made is our effective uid (no libc call needed).
        std::fs::metadata("/proc/self").ok().map(|m| m.uid())
    }
    #[cfg(not(unix))]
    None
}

#[cfg(test)]
pub(crate) mod tests {
    use super::window::{Reserve, Spec};
    use super::*;
    use std::time::Duration;

    /// The rules every store must keep, run against each (small windows, real sleeps; the
    /// assertions are about counts, never about how long something took).
    pub(crate) fn conformance(store: &dyn WindowStore) {
        let robot = format!("r{}", std::process::id());
        let window = Duration::from_millis(300);
        let spec = Spec::new(3, window, Duration::from_secs(30));
        let granted = |r| match r {
            Ok(Reserve::Granted(id)) => id,
            other => panic!("expected a slot, got {other:?}"),
        };
        let full = |r| match r {
            Ok(Reserve::Full(w)) => w,
            other => panic!("expected a full window, got {other:?}"),
        };
        let a = granted(store.reserve(&robot, &spec));
        let b = granted(store.reserve(&robot, &spec));
        let c = granted(store.reserve(&robot, &spec));
        assert!(a != b && b != c && a != c, "slot ids are distinct");
        // three in flight: one whole window to wait, at most
        assert_eq!(full(store.reserve(&robot, &spec)), window);
        let u = store.usage(&robot, &spec).unwrap();
        assert_eq!((u.used, u.next_free), (3, Some(window)));
        // another robot is not held back
        granted(store.reserve(&format!("{robot}-other"), &spec));
        // stamping a slot that is not there changes nothing
        store.stamp(&robot, a ^ b ^ c ^ 0x5a5a_5a5a, &spec).unwrap();
        store.stamp(&format!("{robot}-none"), a, &spec).unwrap();
        std::thread::sleep(window + Duration::from_millis(50));
        assert_eq!(full(store.reserve(&robot, &spec)), window, "in-flight slots never free by themselves");
        // the stamped slot frees one window after its stamp, the others stay
        store.stamp(&robot, b, &spec).unwrap();
        let w = full(store.reserve(&robot, &spec));
        assert!(w <= window && w > Duration::ZERO, "{w:?}");
        assert_eq!(store.usage(&robot, &spec).unwrap().used, 3);
        std::thread::sleep(window + Duration::from_millis(50));
        assert_eq!(store.usage(&robot, &spec).unwrap().used, 2);
        let d = granted(store.reserve(&robot, &spec));
        assert!(d != a && d != c);
        assert_eq!(full(store.reserve(&robot, &spec)), window);
        // a 45009 fills the window: every slot stamped now
        let filled = format!("{robot}-filled");
        granted(store.reserve(&filled, &spec));
        store.fill(&filled, &spec).unwrap();
        let u = store.usage(&filled, &spec).unwrap();
        assert_eq!(u.used, 3, "filled up to the count, not past it");
        assert!(u.next_free.is_some_and(|n| n <= window));
        let w = full(store.reserve(&filled, &spec));
        assert!(w <= window, "{w:?}");
        std::thread::sleep(window + Duration::from_millis(50));
        // the fillers left; the in-flight slot stays
        assert_eq!(store.usage(&filled, &spec).unwrap().used, 1);
        store.fill(&filled, &spec).unwrap();
        assert_eq!(store.usage(&filled, &spec).unwrap().used, 3);
        // a slot whose lease ran out frees one window later, stamped or not
        let leased = format!("{robot}-lease");
        let short = Spec::new(1, Duration::from_millis(100), Duration::from_millis(100));
        granted(store.reserve(&leased, &short));
        assert!(matches!(store.reserve(&leased, &short), Ok(Reserve::Full(_))));
        std::thread::sleep(Duration::from_millis(250));
        granted(store.reserve(&leased, &short));
        // an empty window
        let empty = format!("{robot}-empty");
        let u = store.usage(&empty, &spec).unwrap();
        assert_eq!((u.used, u.next_free), (0, None));
    }

    #[test]
    fn store_urls() {
        assert_eq!(Store::parse("memory").unwrap(), Store::Memory);
        assert_eq!(Store::parse(" sqlite:/tmp/x.db ").unwrap(), Store::Sqlite("/tmp/x.db".into()));
        assert_eq!(Store::parse("sqlite://rel/x.db").unwrap(), Store::Sqlite("rel/x.db".into()));
        assert_eq!(Store::parse("redis://h:1/0").unwrap(), Store::Redis("redis://h:1/0".into()));
        assert_eq!(Store::parse("rediss://h:1/0").unwrap(), Store::Redis("rediss://h:1/0".into()));
        for bad in ["", "sqlite:", "redis://", "postgres://u:hunter2@h/db", "mem"] {
            let e = Store::parse(bad).unwrap_err();
            assert_eq!(e.field(), Some("store"), "{bad}");
            assert!(!e.to_string().contains("hunter2"), "{e}");
        }
    }

    #[test]
    fn passwords_are_masked() {
        let s = Store::parse("redis://app:hunter2@10.0.0.1:6379/2").unwrap();
        assert_eq!(s.to_string(), "redis://app:***@10.0.0.1:6379/2");
        assert_eq!(format!("{s:?}"), "Store(redis://app:***@10.0.0.1:6379/2)");
        assert_eq!(mask_url("rediss://:hunter2@h"), "rediss://:***@h");
        assert_eq!(mask_url("redis://hunter2@h/0"), "redis://***@h/0");
        assert_eq!(mask_url("redis://h:6379/0"), "redis://h:6379/0");
        assert_eq!(mask_url("redis://u:p@ss@h/0?x=@"), "redis://u:***@h/0?x=@");
        assert_eq!(Store::Memory.to_string(), "memory");
        assert_eq!(Store::Default.to_string(), "default");
        assert_eq!(Store::Sqlite("/a/b".into()).to_string(), "sqlite:/a/b");
    }

    #[test]
    fn robot_ids_hide_the_key_and_tell_servers_apart() {
        let key = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
        let real = robot_id("https://qyapi.weixin.qq.com", key);
        assert_eq!(real.len(), 32);
        assert!(real.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(!real.contains("693a") || !real.contains("5aaa"));
        assert_ne!(real, robot_id("http://127.0.0.1:8080", key));
        assert_ne!(real, robot_id("https://qyapi.weixin.qq.com", "another-key-0000"));
        assert_eq!(real, robot_id("https://qyapi.weixin.qq.com", key));
        // the separator keeps ("ab", "c") and ("a", "bc") apart
        assert_ne!(robot_id("ab", "c"), robot_id("a", "bc"));
    }

    #[test]
    fn on_store_error_names() {
        assert_eq!(OnStoreError::parse("local").unwrap(), OnStoreError::Local);
        assert_eq!(OnStoreError::parse("fail").unwrap(), OnStoreError::Fail);
        assert_eq!(OnStoreError::parse("x").unwrap_err().field(), Some("on_store_error"));
        assert_eq!(OnStoreError::default(), OnStoreError::Local);
    }

    #[test]
    fn default_dirs_in_order() {
        let env = |k: &str| match k {
            "XDG_STATE_HOME" => Some(PathBuf::from("/x/state")),
            "HOME" => Some(PathBuf::from("/home/u")),
            "TMPDIR" => Some(PathBuf::from("/t")),
            _ => None,
        };
        assert_eq!(
            default_dirs(env, Some(7)),
            [
                PathBuf::from("/x/state/wecom-bot"),
                PathBuf::from("/home/u/.local/state/wecom-bot"),
                PathBuf::from("/t/wecom-bot-7")
            ]
        );
        let relative = |k: &str| match k {
            "XDG_STATE_HOME" => Some(PathBuf::from("rel")),
            "HOME" => Some(PathBuf::from("also-rel")),
            _ => None,
        };
        assert_eq!(default_dirs(relative, None), [std::env::temp_dir().join("wecom-bot")]);
    }

    #[test]
    fn writable_dirs() {
        let tmp = tempfile::Builder::new().prefix("wecom-bot-store-test-").tempdir().unwrap();
        let base = tmp.path();
        let dir = base.join("a/b");
        assert!(writable_dir(&dir));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        }
        std::fs::write(base.join("file"), b"").unwrap();
        assert!(!writable_dir(&base.join("file")), "a file is not a directory");
        assert!(!writable_dir(&base.join("file/sub")));
    }
}
