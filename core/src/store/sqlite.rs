//! The SQLite store: every process of the host that names the same file shares the window.
//!
//! SQLite does the locking (WAL, a busy timeout, `BEGIN IMMEDIATE` so that the read and the
//! write of a reservation are one atomic step); the clock is the host's wall clock, which
//! every process of the host shares.

use super::window::{is_live, Reserve, Spec, Usage};
use super::{StoreFailure, WindowStore};
use rusqlite::{params, Connection, ErrorCode, TransactionBehavior};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The schema: one table per concern — the window's slots, and the outbox's messages,
/// counters and delivery lease (`crate::outbox`).
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS window_slot (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    robot    TEXT    NOT NULL,
    frees_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS window_slot_robot ON window_slot (robot, frees_at);
CREATE TABLE IF NOT EXISTS outbox_entry (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    robot       TEXT    NOT NULL,
    producer    TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    enqueued_at INTEGER NOT NULL,
    uncertain   INTEGER NOT NULL DEFAULT 0,
    dead        INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT
);
CREATE INDEX IF NOT EXISTS outbox_entry_robot ON outbox_entry (robot, dead, id);
CREATE TABLE IF NOT EXISTS outbox_counter (
    robot               TEXT PRIMARY KEY,
    delivered           INTEGER NOT NULL DEFAULT 0,
    sent                INTEGER NOT NULL DEFAULT 0,
    possible_duplicates INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS outbox_lease (
    robot  TEXT PRIMARY KEY,
    holder TEXT    NOT NULL,
    until  INTEGER NOT NULL
);
";

pub(crate) struct SqliteStore {
    path: PathBuf,
    timeout: Duration,
    /// Opened on first use and dropped after a failure, so that a later call opens it again.
    conn: Mutex<Option<Connection>>,
}

impl SqliteStore {
    pub(crate) fn new(path: PathBuf, timeout: Duration) -> SqliteStore {
        SqliteStore { path, timeout, conn: Mutex::new(None) }
    }

    fn open(&self) -> rusqlite::Result<Connection> {
        create_private(&self.path);
        let conn = Connection::open(&self.path)?;
        conn.busy_timeout(self.timeout)?;
        // WAL: readers never block the writer. NORMAL sync: a commit survives a crash of the
        // process (the outbox's promise); only a power loss may take the last commits.
        self.switch_to_wal(&conn)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.execute_batch(SCHEMA)?;
        Ok(conn)
    }

    /// Switching a new database to WAL needs it to itself: when several processes open a
    /// fresh file at once, SQLite answers "database is locked" at once (a deadlock it avoids,
    /// where the busy handler is not called), so this retries within the store's timeout.
    /// Once the file is in WAL (it stays so), the pragma is a read.
    fn switch_to_wal(&self, conn: &Connection) -> rusqlite::Result<()> {
        let deadline = Instant::now() + self.timeout;
        loop {
            match conn.pragma_update(None, "journal_mode", "WAL") {
                Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                other => return other,
            }
        }
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction (the write lock taken up front, so that
    /// two processes never both read a free slot and both take it).
    pub(crate) fn atomic<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>, u64) -> rusqlite::Result<T>,
    ) -> Result<T, StoreFailure> {
        let mut guard: MutexGuard<'_, Option<Connection>> = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let result = self.transaction(&mut guard, f);
        result.map_err(|e: rusqlite::Error| {
            *guard = None;
            StoreFailure(format!("{}: {e}", self.path.display()))
        })
    }
}

impl SqliteStore {
    fn transaction<T>(
        &self,
        conn: &mut Option<Connection>,
        f: impl FnOnce(&rusqlite::Transaction<'_>, u64) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        if conn.is_none() {
            *conn = Some(self.open()?);
        }
        let conn = conn.as_mut().expect("opened above");
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx, now_ms())?;
        tx.commit()?;
        Ok(out)
    }
}

/// Creates the database file readable by its owner only (SQLite's own files follow its mode).
fn create_private(path: &std::path::Path) {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let _ = options.open(path);
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// SQLite integers are signed: times past `i64::MAX` ms are clamped.
pub(crate) fn sql(t: u64) -> i64 {
    i64::try_from(t).unwrap_or(i64::MAX)
}

/// Drops the rows that left the window; returns how many are live and the earliest.
fn prune(tx: &rusqlite::Transaction<'_>, robot: &str, now: u64) -> rusqlite::Result<(u64, Option<u64>)> {
    tx.execute("DELETE FROM window_slot WHERE robot = ?1 AND frees_at <= ?2", params![robot, sql(now)])?;
    let (live, earliest): (i64, Option<i64>) =
        tx.query_row("SELECT COUNT(*), MIN(frees_at) FROM window_slot WHERE robot = ?1", params![robot], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let earliest = earliest.map(|e| u64::try_from(e).unwrap_or(0));
    debug_assert!(earliest.is_none_or(|e| is_live(e, now)));
    Ok((u64::try_from(live).unwrap_or(0), earliest))
}

fn insert(tx: &rusqlite::Transaction<'_>, robot: &str, frees_at: u64) -> rusqlite::Result<u64> {
    tx.execute("INSERT INTO window_slot (robot, frees_at) VALUES (?1, ?2)", params![robot, sql(frees_at)])?;
    Ok(u64::try_from(tx.last_insert_rowid()).unwrap_or(0))
}

impl WindowStore for SqliteStore {
    fn reserve(&self, robot: &str, spec: &Spec) -> Result<Reserve, StoreFailure> {
        self.atomic(|tx, now| {
            let (live, earliest) = prune(tx, robot, now)?;
            Ok(match spec.wait(live, earliest, now) {
                Some(wait) => Reserve::Full(wait),
                None => Reserve::Granted(insert(tx, robot, spec.reserved_until(now))?),
            })
        })
    }

    fn stamp(&self, robot: &str, slot: u64, spec: &Spec) -> Result<(), StoreFailure> {
        self.atomic(|tx, now| {
            tx.execute(
                "UPDATE window_slot SET frees_at = ?3 WHERE robot = ?1 AND id = ?2",
                params![robot, sql(slot), sql(spec.stamped_until(now))],
            )?;
            Ok(())
        })
    }

    fn fill(&self, robot: &str, spec: &Spec) -> Result<(), StoreFailure> {
        self.atomic(|tx, now| {
            let (live, _) = prune(tx, robot, now)?;
            for _ in 0..spec.fillers(live) {
                insert(tx, robot, spec.stamped_until(now))?;
            }
            Ok(())
        })
    }

    fn usage(&self, robot: &str, spec: &Spec) -> Result<Usage, StoreFailure> {
        self.atomic(|tx, now| {
            let (live, earliest) = prune(tx, robot, now)?;
            Ok(Usage::new(live, earliest, spec, now))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::conformance;
    use super::*;

    /// A database path in a directory of its own, removed when the guard drops.
    fn temp(name: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::Builder::new().prefix(&format!("wecom-bot-sqlite-{name}-")).tempdir().unwrap();
        let path = dir.path().join("state.sqlite3");
        (dir, path)
    }

    #[test]
    fn the_window_rules() {
        let (_dir, path) = temp("rules");
        conformance(&SqliteStore::new(path.clone(), Duration::from_secs(2)));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn the_file_is_in_wal_mode() {
        // Readers never block the writer (and the outbox's NORMAL sync relies on it).
        let (_dir, path) = temp("wal");
        let spec = Spec::new(1, Duration::from_secs(60), Duration::from_secs(1));
        assert!(matches!(
            SqliteStore::new(path.clone(), Duration::from_secs(2)).reserve("r", &spec),
            Ok(Reserve::Granted(_))
        ));
        let mode: String =
            Connection::open(&path).unwrap().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_a_failure_at_once() {
        // Not "busy": no retry, the error names the file. (The timeout is an hour, so that
        // retrying such an error until the timeout would hang the test, not pass it.)
        let (_dir, path) = temp("garbage");
        std::fs::write(&path, [b'x'; 4096]).unwrap();
        let spec = Spec::new(1, Duration::from_secs(60), Duration::from_secs(1));
        let e = SqliteStore::new(path, Duration::from_secs(3600)).reserve("r", &spec).unwrap_err();
        assert!(e.0.contains("state.sqlite3") && e.0.contains("not a database"), "{e}");
    }

    #[test]
    fn two_handles_on_one_file_share_the_window() {
        let (_dir, path) = temp("shared");
        let (a, b) =
            (SqliteStore::new(path.clone(), Duration::from_secs(2)), SqliteStore::new(path, Duration::from_secs(2)));
        let spec = Spec::new(2, Duration::from_secs(60), Duration::from_secs(1));
        assert!(matches!(a.reserve("r", &spec), Ok(Reserve::Granted(_))));
        assert!(matches!(b.reserve("r", &spec), Ok(Reserve::Granted(_))));
        assert!(matches!(a.reserve("r", &spec), Ok(Reserve::Full(_))));
        assert!(matches!(b.reserve("r", &spec), Ok(Reserve::Full(_))));
        // a 45009 seen through one handle holds back the other
        assert!(matches!(b.reserve("q", &spec), Ok(Reserve::Granted(_))));
        a.fill("q", &spec).unwrap();
        assert!(matches!(b.reserve("q", &spec), Ok(Reserve::Full(_))));
        assert_eq!(b.usage("q", &spec).unwrap().used, 2);
    }

    #[test]
    fn threads_never_take_more_than_the_count() {
        let (_dir, path) = temp("threads");
        let spec = Spec::new(20, Duration::from_secs(60), Duration::from_secs(1));
        let granted = std::sync::atomic::AtomicU64::new(0);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    let store = SqliteStore::new(path.clone(), Duration::from_secs(10));
                    for _ in 0..10 {
                        if let Ok(Reserve::Granted(_)) = store.reserve("r", &spec) {
                            granted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                    }
                });
            }
        });
        assert_eq!(granted.into_inner(), 20);
    }

    #[test]
    fn an_unusable_file_is_a_failure_then_recovers() {
        let (dir, _) = temp("gone");
        let path = dir.path().join("sub/state.sqlite3");
        let store = SqliteStore::new(path.clone(), Duration::from_millis(200));
        let spec = Spec::new(1, Duration::from_secs(60), Duration::from_secs(1));
        let e = store.reserve("r", &spec).unwrap_err();
        assert!(e.0.contains("sub/state.sqlite3"), "{e}");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        assert!(matches!(store.reserve("r", &spec), Ok(Reserve::Granted(_))));
    }

    /// Found by CI (four C processes opening one fresh file): eight processes (this test
    /// binary again, see `open_and_reserve_in_a_child`) open a new file at once, ten times;
    /// every one gets its slot. Before `switch_to_wal`, about one round in four had a
    /// "database is locked".
    #[test]
    fn processes_opening_a_new_file_at_once_all_get_in() {
        let Ok(exe) = std::env::current_exe() else { panic!("no path to this test binary") };
        for round in 0..10 {
            let (_dir, path) = temp(&format!("race{round}"));
            // All start at one instant, 300 ms from now, after their start-up.
            let start_at = now_ms() + 300;
            let children: Vec<_> = (0..8)
                .map(|_| {
                    std::process::Command::new(&exe)
                        .args(["--exact", "store::sqlite::tests::open_and_reserve_in_a_child", "--nocapture"])
                        .env("WECOM_SQLITE_RACE_FILE", &path)
                        .env("WECOM_SQLITE_RACE_AT", start_at.to_string())
                        .stdout(std::process::Stdio::null())
                        .stderr(std::process::Stdio::piped())
                        .spawn()
                        .unwrap()
                })
                .collect();
            for child in children {
                let out = child.wait_with_output().unwrap();
                assert!(out.status.success(), "round {round}: {}", String::from_utf8_lossy(&out.stderr));
            }
            let slots: i64 = Connection::open(&path)
                .unwrap()
                .query_row("SELECT COUNT(*) FROM window_slot", [], |r| r.get(0))
                .unwrap();
            assert_eq!(slots, 8, "round {round}");
        }
    }

    /// The child of `processes_opening_a_new_file_at_once_all_get_in`; does nothing when run
    /// by itself.
    #[test]
    fn open_and_reserve_in_a_child() {
        let Some(path) = std::env::var_os("WECOM_SQLITE_RACE_FILE") else { return };
        let start_at: u64 = std::env::var("WECOM_SQLITE_RACE_AT").unwrap().parse().unwrap();
        while now_ms() < start_at {
            std::hint::spin_loop();
        }
        let store = SqliteStore::new(PathBuf::from(path), Duration::from_secs(10));
        let spec = Spec::new(100, Duration::from_secs(60), Duration::from_secs(1));
        match store.reserve("r", &spec) {
            Ok(Reserve::Granted(_)) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_lock_held_past_the_timeout_is_a_failure_not_a_hang() {
        let (_dir, path) = temp("locked");
        let store = SqliteStore::new(path.clone(), Duration::from_millis(100));
        let spec = Spec::new(1, Duration::from_secs(60), Duration::from_secs(1));
        store.usage("r", &spec).unwrap();
        let mut holder = Connection::open(&path).unwrap();
        let tx = holder.transaction_with_behavior(TransactionBehavior::Immediate).unwrap();
        let e = store.reserve("r", &spec).unwrap_err();
        assert!(e.0.contains("locked") || e.0.contains("busy"), "{e}");
        tx.rollback().unwrap();
        assert!(matches!(store.reserve("r", &spec), Ok(Reserve::Granted(_))));
    }
}
