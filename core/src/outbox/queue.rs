//! Where waiting messages are kept: one queue per robot in the store the URL names, beside the
//! rate window (`outbox_*` tables in the same SQLite file; the process's memory for `memory`).
//!
//! Every operation is atomic. A row is a message's wire JSON (validated at enqueue; never the
//! key: the robot is named by `store::robot_id`), its producer, when it was enqueued, and what
//! its delivery attempts said. Delivered rows are deleted and counted.

use crate::store::StoreFailure;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

/// A waiting or dead message as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub id: u64,
    pub producer: String,
    /// The message's wire JSON.
    pub body: String,
    /// Milliseconds since the Unix epoch.
    pub enqueued_at: u64,
    /// Uncertain outcomes so far (the message may have been delivered each time).
    pub uncertain: u32,
    /// The last failure, if any.
    pub last_error: Option<String>,
}

/// The counters of a robot's queue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub pending: u64,
    pub oldest_enqueued_at: Option<u64>,
    pub dead: u64,
    /// Messages delivered (each waiting message once, however it was packed).
    pub delivered: u64,
    /// Requests that delivered them (a packed batch counts once).
    pub sent: u64,
    /// Uncertain outcomes retried: each may have delivered a duplicate.
    pub possible_duplicates: u64,
}

/// The operations of the outbox, atomic in every store.
pub(crate) trait Queue: Send + Sync {
    /// Stores `bodies` in order for `producer`; returns their ids.
    fn enqueue(&self, robot: &str, producer: &str, bodies: &[String]) -> Result<Vec<u64>, StoreFailure>;
    /// Up to `limit` waiting (not dead) rows, oldest first.
    fn pending(&self, robot: &str, limit: usize) -> Result<Vec<Row>, StoreFailure>;
    /// `ids` were delivered by one request: removed and counted.
    fn delivered(&self, robot: &str, ids: &[u64]) -> Result<(), StoreFailure>;
    /// `ids` failed with `error`; `uncertain` when the request may have delivered them.
    fn failed(&self, robot: &str, ids: &[u64], error: &str, uncertain: bool) -> Result<(), StoreFailure>;
    /// `ids` go to the dead letters with `error`.
    fn dead(&self, robot: &str, ids: &[u64], error: &str) -> Result<(), StoreFailure>;
    /// The dead letters, oldest first.
    fn dead_letters(&self, robot: &str) -> Result<Vec<Row>, StoreFailure>;
    /// Puts dead letters back in the queue (all, or those of `ids`), in their original order;
    /// returns how many.
    fn requeue(&self, robot: &str, ids: Option<&[u64]>) -> Result<u64, StoreFailure>;
    /// Deletes the dead letters (`all`: every row of the robot); returns how many.
    fn purge(&self, robot: &str, all: bool) -> Result<u64, StoreFailure>;
    /// The counters.
    fn counts(&self, robot: &str) -> Result<Counts, StoreFailure>;
    /// Takes or renews the robot's delivery lease for `holder` until `ttl_ms` from now; `false`
    /// when another holder's lease is still running.
    fn lease(&self, robot: &str, holder: &str, ttl_ms: u64) -> Result<bool, StoreFailure>;
    /// Gives the lease up (when `holder` has it).
    fn release(&self, robot: &str, holder: &str) -> Result<(), StoreFailure>;
}

pub(crate) fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// The process's queues (`memory`: tests, and documented as not durable).
#[derive(Default)]
pub(crate) struct MemoryQueue {
    robots: Mutex<HashMap<String, RobotQueue>>,
}

#[derive(Default)]
struct RobotQueue {
    rows: BTreeMap<u64, (Row, bool)>,
    next_id: u64,
    counts: Counts,
    lease: Option<(String, u64)>,
}

impl MemoryQueue {
    pub(crate) fn process() -> &'static MemoryQueue {
        static QUEUE: OnceLock<MemoryQueue> = OnceLock::new();
        QUEUE.get_or_init(MemoryQueue::default)
    }

    fn with<T>(&self, robot: &str, f: impl FnOnce(&mut RobotQueue) -> T) -> Result<T, StoreFailure> {
        let mut robots = self.robots.lock().unwrap_or_else(|p| p.into_inner());
        Ok(f(robots.entry(robot.to_owned()).or_default()))
    }
}

impl Queue for MemoryQueue {
    fn enqueue(&self, robot: &str, producer: &str, bodies: &[String]) -> Result<Vec<u64>, StoreFailure> {
        let now = now_ms();
        self.with(robot, |q| {
            bodies
                .iter()
                .map(|body| {
                    q.next_id += 1;
                    let row = Row {
                        id: q.next_id,
                        producer: producer.to_owned(),
                        body: body.clone(),
                        enqueued_at: now,
                        uncertain: 0,
                        last_error: None,
                    };
                    q.rows.insert(q.next_id, (row, false));
                    q.next_id
                })
                .collect()
        })
    }

    fn pending(&self, robot: &str, limit: usize) -> Result<Vec<Row>, StoreFailure> {
        self.with(robot, |q| q.rows.values().filter(|(_, dead)| !dead).take(limit).map(|(r, _)| r.clone()).collect())
    }

    fn delivered(&self, robot: &str, ids: &[u64]) -> Result<(), StoreFailure> {
        self.with(robot, |q| {
            let removed = ids.iter().filter(|id| q.rows.remove(id).is_some()).count() as u64;
            q.counts.delivered += removed;
            q.counts.sent += 1;
        })
    }

    fn failed(&self, robot: &str, ids: &[u64], error: &str, uncertain: bool) -> Result<(), StoreFailure> {
        self.with(robot, |q| {
            for id in ids {
                if let Some((row, _)) = q.rows.get_mut(id) {
                    row.last_error = Some(error.to_owned());
                    row.uncertain += u32::from(uncertain);
                }
            }
            q.counts.possible_duplicates += u64::from(uncertain);
        })
    }

    fn dead(&self, robot: &str, ids: &[u64], error: &str) -> Result<(), StoreFailure> {
        self.with(robot, |q| {
            for id in ids {
                if let Some((row, dead)) = q.rows.get_mut(id) {
                    row.last_error = Some(error.to_owned());
                    *dead = true;
                }
            }
        })
    }

    fn dead_letters(&self, robot: &str) -> Result<Vec<Row>, StoreFailure> {
        self.with(robot, |q| q.rows.values().filter(|(_, dead)| *dead).map(|(r, _)| r.clone()).collect())
    }

    fn requeue(&self, robot: &str, ids: Option<&[u64]>) -> Result<u64, StoreFailure> {
        self.with(robot, |q| {
            let mut n = 0;
            for (id, (row, dead)) in q.rows.iter_mut() {
                if *dead && ids.is_none_or(|ids| ids.contains(id)) {
                    *dead = false;
                    row.uncertain = 0;
                    n += 1;
                }
            }
            n
        })
    }

    fn purge(&self, robot: &str, all: bool) -> Result<u64, StoreFailure> {
        self.with(robot, |q| {
            let before = q.rows.len();
            q.rows.retain(|_, (_, dead)| !(all || *dead));
            (before - q.rows.len()) as u64
        })
    }

    fn counts(&self, robot: &str) -> Result<Counts, StoreFailure> {
        self.with(robot, |q| {
            let live = q.rows.values().filter(|(_, dead)| !dead);
            Counts {
                pending: live.clone().count() as u64,
                oldest_enqueued_at: live.map(|(r, _)| r.enqueued_at).min(),
                dead: q.rows.values().filter(|(_, dead)| *dead).count() as u64,
                ..q.counts
            }
        })
    }

    fn lease(&self, robot: &str, holder: &str, ttl_ms: u64) -> Result<bool, StoreFailure> {
        let now = now_ms();
        self.with(robot, |q| match &q.lease {
            Some((h, until)) if h != holder && *until > now => false,
            _ => {
                q.lease = Some((holder.to_owned(), now + ttl_ms));
                true
            }
        })
    }

    fn release(&self, robot: &str, holder: &str) -> Result<(), StoreFailure> {
        self.with(robot, |q| {
            if q.lease.as_ref().is_some_and(|(h, _)| h == holder) {
                q.lease = None;
            }
        })
    }
}

#[cfg(feature = "store-sqlite")]
pub(crate) mod sqlite {
    //! The outbox tables in the store's SQLite file (see `crate::store::sqlite` for the file,
    //! its locking and its mode).

    use super::{Counts, Queue, Row};
    use crate::store::sqlite::{sql, SqliteStore};
    use crate::store::StoreFailure;
    use rusqlite::{params, OptionalExtension};

    fn ids_param(ids: &[u64]) -> String {
        // A JSON array read by json_each: one statement for any number of ids.
        serde_json::to_string(ids).unwrap_or_else(|_| "[]".to_owned())
    }

    fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
        Ok(Row {
            id: u64::try_from(r.get::<_, i64>(0)?).unwrap_or(0),
            producer: r.get(1)?,
            body: r.get(2)?,
            enqueued_at: u64::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
            uncertain: u32::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
            last_error: r.get(5)?,
        })
    }

    const COLUMNS: &str = "id, producer, body, enqueued_at, uncertain, last_error";

    fn bump(tx: &rusqlite::Transaction<'_>, robot: &str, column: &str, by: u64) -> rusqlite::Result<()> {
        tx.execute("INSERT OR IGNORE INTO outbox_counter (robot) VALUES (?1)", params![robot])?;
        tx.execute(
            &format!("UPDATE outbox_counter SET {column} = {column} + ?2 WHERE robot = ?1"),
            params![robot, sql(by)],
        )?;
        Ok(())
    }

    impl Queue for SqliteStore {
        fn enqueue(&self, robot: &str, producer: &str, bodies: &[String]) -> Result<Vec<u64>, StoreFailure> {
            self.atomic(|tx, now| {
                let mut stmt = tx.prepare_cached(
                    "INSERT INTO outbox_entry (robot, producer, body, enqueued_at) VALUES (?1, ?2, ?3, ?4)",
                )?;
                bodies
                    .iter()
                    .map(|b| {
                        stmt.execute(params![robot, producer, b, sql(now)])?;
                        Ok(u64::try_from(tx.last_insert_rowid()).unwrap_or(0))
                    })
                    .collect()
            })
        }

        fn pending(&self, robot: &str, limit: usize) -> Result<Vec<Row>, StoreFailure> {
            self.atomic(|tx, _| {
                let mut stmt = tx.prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM outbox_entry WHERE robot = ?1 AND dead = 0 ORDER BY id LIMIT ?2"
                ))?;
                let rows = stmt.query_map(params![robot, i64::try_from(limit).unwrap_or(i64::MAX)], row)?;
                rows.collect()
            })
        }

        fn delivered(&self, robot: &str, ids: &[u64]) -> Result<(), StoreFailure> {
            self.atomic(|tx, _| {
                let n = tx.execute(
                    "DELETE FROM outbox_entry WHERE robot = ?1 AND id IN (SELECT value FROM json_each(?2))",
                    params![robot, ids_param(ids)],
                )?;
                bump(tx, robot, "delivered", n as u64)?;
                bump(tx, robot, "sent", 1)
            })
        }

        fn failed(&self, robot: &str, ids: &[u64], error: &str, uncertain: bool) -> Result<(), StoreFailure> {
            self.atomic(|tx, _| {
                tx.execute(
                    "UPDATE outbox_entry SET last_error = ?3, uncertain = uncertain + ?4
                     WHERE robot = ?1 AND id IN (SELECT value FROM json_each(?2))",
                    params![robot, ids_param(ids), error, i64::from(uncertain)],
                )?;
                bump(tx, robot, "possible_duplicates", u64::from(uncertain))
            })
        }

        fn dead(&self, robot: &str, ids: &[u64], error: &str) -> Result<(), StoreFailure> {
            self.atomic(|tx, _| {
                tx.execute(
                    "UPDATE outbox_entry SET dead = 1, last_error = ?3
                     WHERE robot = ?1 AND id IN (SELECT value FROM json_each(?2))",
                    params![robot, ids_param(ids), error],
                )?;
                Ok(())
            })
        }

        fn dead_letters(&self, robot: &str) -> Result<Vec<Row>, StoreFailure> {
            self.atomic(|tx, _| {
                let mut stmt = tx.prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM outbox_entry WHERE robot = ?1 AND dead = 1 ORDER BY id"
                ))?;
                let rows = stmt.query_map(params![robot], row)?;
                rows.collect()
            })
        }

        fn requeue(&self, robot: &str, ids: Option<&[u64]>) -> Result<u64, StoreFailure> {
            self.atomic(|tx, _| {
                let n = match ids {
                    None => tx.execute(
                        "UPDATE outbox_entry SET dead = 0, uncertain = 0 WHERE robot = ?1 AND dead = 1",
                        params![robot],
                    )?,
                    Some(ids) => tx.execute(
                        "UPDATE outbox_entry SET dead = 0, uncertain = 0
                         WHERE robot = ?1 AND dead = 1 AND id IN (SELECT value FROM json_each(?2))",
                        params![robot, ids_param(ids)],
                    )?,
                };
                Ok(n as u64)
            })
        }

        fn purge(&self, robot: &str, all: bool) -> Result<u64, StoreFailure> {
            self.atomic(|tx, _| {
                let n = if all {
                    tx.execute("DELETE FROM outbox_entry WHERE robot = ?1", params![robot])?
                } else {
                    tx.execute("DELETE FROM outbox_entry WHERE robot = ?1 AND dead = 1", params![robot])?
                };
                Ok(n as u64)
            })
        }

        fn counts(&self, robot: &str) -> Result<Counts, StoreFailure> {
            self.atomic(|tx, _| {
                let (pending, oldest): (i64, Option<i64>) = tx.query_row(
                    "SELECT COUNT(*), MIN(enqueued_at) FROM outbox_entry WHERE robot = ?1 AND dead = 0",
                    params![robot],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                let dead: i64 = tx.query_row(
                    "SELECT COUNT(*) FROM outbox_entry WHERE robot = ?1 AND dead = 1",
                    params![robot],
                    |r| r.get(0),
                )?;
                let (delivered, sent, dups): (i64, i64, i64) = tx
                    .query_row(
                        "SELECT delivered, sent, possible_duplicates FROM outbox_counter WHERE robot = ?1",
                        params![robot],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .optional()?
                    .unwrap_or_default();
                let u = |v: i64| u64::try_from(v).unwrap_or(0);
                Ok(Counts {
                    pending: u(pending),
                    oldest_enqueued_at: oldest.map(u),
                    dead: u(dead),
                    delivered: u(delivered),
                    sent: u(sent),
                    possible_duplicates: u(dups),
                })
            })
        }

        fn lease(&self, robot: &str, holder: &str, ttl_ms: u64) -> Result<bool, StoreFailure> {
            self.atomic(|tx, now| {
                let current: Option<(String, i64)> = tx
                    .query_row("SELECT holder, until FROM outbox_lease WHERE robot = ?1", params![robot], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .optional()?;
                if current.is_some_and(|(h, until)| h != holder && until > sql(now)) {
                    return Ok(false);
                }
                tx.execute(
                    "INSERT INTO outbox_lease (robot, holder, until) VALUES (?1, ?2, ?3)
                     ON CONFLICT (robot) DO UPDATE SET holder = ?2, until = ?3",
                    params![robot, holder, sql(now.saturating_add(ttl_ms))],
                )?;
                Ok(true)
            })
        }

        fn release(&self, robot: &str, holder: &str) -> Result<(), StoreFailure> {
            self.atomic(|tx, _| {
                tx.execute("DELETE FROM outbox_lease WHERE robot = ?1 AND holder = ?2", params![robot, holder])?;
                Ok(())
            })
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The rules every queue keeps.
    pub(crate) fn conformance(q: &dyn Queue) {
        let robot = format!("q{}-{}", std::process::id(), now_ms());
        let body = |s: &str| format!(r#"{{"msgtype":"text","text":{{"content":"{s}"}}}}"#);
        let a = q.enqueue(&robot, "p1", &[body("a1"), body("a2")]).unwrap();
        let b = q.enqueue(&robot, "p2", &[body("b1")]).unwrap();
        assert!(a[0] < a[1] && a[1] < b[0], "ids grow in enqueue order: {a:?} {b:?}");
        let pending = q.pending(&robot, 10).unwrap();
        assert_eq!(pending.iter().map(|r| r.id).collect::<Vec<_>>(), [a[0], a[1], b[0]]);
        assert_eq!(pending[0].producer, "p1");
        assert_eq!(q.pending(&robot, 1).unwrap().len(), 1);
        assert_eq!(q.counts(&robot).unwrap().pending, 3);
        // a packed batch of two: delivered together, counted as one request
        q.delivered(&robot, &[a[0], b[0]]).unwrap();
        let c = q.counts(&robot).unwrap();
        assert_eq!((c.pending, c.delivered, c.sent), (1, 2, 1));
        q.failed(&robot, &[a[1]], "timeout", true).unwrap();
        let row = &q.pending(&robot, 10).unwrap()[0];
        assert_eq!((row.uncertain, row.last_error.as_deref()), (1, Some("timeout")));
        assert_eq!(q.counts(&robot).unwrap().possible_duplicates, 1);
        q.dead(&robot, &[a[1]], "93000 invalid webhook").unwrap();
        assert!(q.pending(&robot, 10).unwrap().is_empty());
        let dead = q.dead_letters(&robot).unwrap();
        assert_eq!((dead.len(), dead[0].last_error.as_deref()), (1, Some("93000 invalid webhook")));
        assert_eq!(q.counts(&robot).unwrap().dead, 1);
        assert_eq!(q.requeue(&robot, Some(&[a[1] + 1000])).unwrap(), 0);
        assert_eq!(q.requeue(&robot, None).unwrap(), 1);
        assert_eq!(q.pending(&robot, 10).unwrap()[0].uncertain, 0, "a re-queued message starts afresh");
        q.dead(&robot, &[a[1]], "again").unwrap();
        assert_eq!(q.purge(&robot, false).unwrap(), 1);
        q.enqueue(&robot, "p3", &[body("c")]).unwrap();
        assert_eq!(q.purge(&robot, true).unwrap(), 1);
        assert_eq!(q.counts(&robot).unwrap().pending, 0);
        // one lease holder at a time
        assert!(q.lease(&robot, "d1", 60_000).unwrap());
        assert!(!q.lease(&robot, "d2", 60_000).unwrap());
        assert!(q.lease(&robot, "d1", 60_000).unwrap(), "the holder renews");
        q.release(&robot, "d2").unwrap();
        assert!(!q.lease(&robot, "d2", 60_000).unwrap(), "only the holder releases");
        q.release(&robot, "d1").unwrap();
        assert!(q.lease(&robot, "d2", 1).unwrap());
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert!(q.lease(&robot, "d1", 60_000).unwrap(), "an expired lease is taken over");
    }

    #[test]
    fn memory_queue() {
        conformance(&MemoryQueue::default());
    }

    #[cfg(feature = "store-sqlite")]
    #[test]
    fn sqlite_queue() {
        let tmp = tempfile::Builder::new().prefix("wecom-bot-outbox-queue-").tempdir().unwrap();
        let dir = tmp.path();
        let path = dir.join("state.sqlite3");
        conformance(&crate::store::sqlite::SqliteStore::new(path.clone(), std::time::Duration::from_secs(5)));
        // a second handle on the file sees the same queue (another process would)
        let other = crate::store::sqlite::SqliteStore::new(path, std::time::Duration::from_secs(5));
        let robot = "shared-robot";
        let ids = other.enqueue(robot, "p", &["{}".to_owned()]).unwrap();
        let first =
            crate::store::sqlite::SqliteStore::new(dir.join("state.sqlite3"), std::time::Duration::from_secs(5));
        assert_eq!(first.pending(robot, 10).unwrap()[0].id, ids[0]);
    }
}
