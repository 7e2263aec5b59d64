//! The in-process store: today's window, shared by every client of a robot in this process
//! (and the fallback of the `local` policy when a shared store fails).

use super::window::{is_live, Reserve, Spec, Usage};
use super::{StoreFailure, WindowStore};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Instant;

/// Rows per robot: `(slot id, frees_at)`, in ms of a monotonic clock.
#[derive(Debug, Default)]
pub(crate) struct MemoryStore {
    robots: Mutex<HashMap<String, Robot>>,
}

#[derive(Debug, Default)]
struct Robot {
    slots: Vec<(u64, u64)>,
    next_id: u64,
}

impl Robot {
    /// Drops the rows that left the window; returns how many are live and the earliest.
    fn prune(&mut self, now: u64) -> (u64, Option<u64>) {
        self.slots.retain(|&(_, frees_at)| is_live(frees_at, now));
        (self.slots.len() as u64, self.slots.iter().map(|&(_, f)| f).min())
    }

    fn push(&mut self, frees_at: u64) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.slots.push((id, frees_at));
        id
    }
}

impl MemoryStore {
    /// The one memory store of the process.
    pub(crate) fn process() -> &'static MemoryStore {
        static STORE: OnceLock<MemoryStore> = OnceLock::new();
        STORE.get_or_init(MemoryStore::default)
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Robot>> {
        self.robots.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Milliseconds of a monotonic clock that every memory store of the process shares.
fn now_ms() -> u64 {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    // Starts at one day so that `now - window` never needs to go below zero.
    let since = EPOCH.get_or_init(Instant::now).elapsed();
    86_400_000 + u64::try_from(since.as_millis()).unwrap_or(u64::MAX / 2)
}

impl WindowStore for MemoryStore {
    fn reserve(&self, robot: &str, spec: &Spec) -> Result<Reserve, StoreFailure> {
        let now = now_ms();
        let mut robots = self.lock();
        let r = robots.entry(robot.to_owned()).or_default();
        let (live, earliest) = r.prune(now);
        Ok(match spec.wait(live, earliest, now) {
            Some(wait) => Reserve::Full(wait),
            None => Reserve::Granted(r.push(spec.reserved_until(now))),
        })
    }

    fn stamp(&self, robot: &str, slot: u64, spec: &Spec) -> Result<(), StoreFailure> {
        let now = now_ms();
        let mut robots = self.lock();
        if let Some(entry) = robots.get_mut(robot).and_then(|r| r.slots.iter_mut().find(|(id, _)| *id == slot)) {
            entry.1 = spec.stamped_until(now);
        }
        Ok(())
    }

    fn fill(&self, robot: &str, spec: &Spec) -> Result<(), StoreFailure> {
        let now = now_ms();
        let mut robots = self.lock();
        let r = robots.entry(robot.to_owned()).or_default();
        let (live, _) = r.prune(now);
        for _ in 0..spec.fillers(live) {
            r.push(spec.stamped_until(now));
        }
        Ok(())
    }

    fn usage(&self, robot: &str, spec: &Spec) -> Result<Usage, StoreFailure> {
        let now = now_ms();
        let mut robots = self.lock();
        let Some(r) = robots.get_mut(robot) else { return Ok(Usage::new(0, None, spec, now)) };
        let (live, earliest) = r.prune(now);
        Ok(Usage::new(live, earliest, spec, now))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::conformance;
    use super::*;

    #[test]
    fn the_window_rules() {
        conformance(&MemoryStore::default());
    }

    #[test]
    fn robots_are_apart() {
        let store = MemoryStore::default();
        let spec = Spec::new(1, std::time::Duration::from_secs(60), std::time::Duration::from_secs(1));
        assert!(matches!(store.reserve("a", &spec), Ok(Reserve::Granted(_))));
        assert!(matches!(store.reserve("b", &spec), Ok(Reserve::Granted(_))));
        assert!(matches!(store.reserve("a", &spec), Ok(Reserve::Full(_))));
    }
}
