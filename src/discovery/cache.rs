//! The answer cache: TTL per entry, bounded by LRU eviction, thread-safe.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::record::Answer;

struct Entry {
    answer: Answer,
    expires: Instant,
    tick: u64,
}

#[derive(Default)]
struct State {
    map: HashMap<String, Entry>,
    order: BTreeMap<u64, String>,
    next_tick: u64,
}

/// Answers keyed by normalised domain, each valid for `ttl`, at most
/// `capacity` of them (the least recently used is evicted first).
pub struct Cache {
    ttl: Duration,
    capacity: usize,
    state: Mutex<State>,
}

impl Cache {
    /// A cache keeping answers for `ttl` (zero: nothing is kept).
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        Self {
            ttl,
            capacity,
            state: Mutex::new(State::default()),
        }
    }

    /// Whether the cache keeps anything at all.
    pub fn enabled(&self) -> bool {
        !self.ttl.is_zero() && self.capacity > 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The live answer for `key`, marking it recently used.
    pub fn get(&self, key: &str) -> Option<Answer> {
        if !self.enabled() {
            return None;
        }
        let mut st = self.lock();
        let now = Instant::now();
        let tick = st.next_tick;
        let entry = st.map.get_mut(key)?;
        if entry.expires <= now {
            let old = entry.tick;
            st.map.remove(key);
            st.order.remove(&old);
            return None;
        }
        let old = std::mem::replace(&mut entry.tick, tick);
        let answer = entry.answer.clone();
        st.next_tick += 1;
        st.order.remove(&old);
        st.order.insert(tick, key.to_owned());
        Some(answer)
    }

    /// Stores `answer` under `key`, evicting the least recently used entries
    /// beyond the capacity.
    pub fn insert(&self, key: &str, answer: Answer) {
        if !self.enabled() {
            return;
        }
        let Some(expires) = Instant::now().checked_add(self.ttl) else {
            return;
        };
        let mut st = self.lock();
        let tick = st.next_tick;
        st.next_tick += 1;
        if let Some(old) = st.map.insert(
            key.to_owned(),
            Entry {
                answer,
                expires,
                tick,
            },
        ) {
            st.order.remove(&old.tick);
        }
        st.order.insert(tick, key.to_owned());
        while st.map.len() > self.capacity {
            let Some((_, victim)) = st.order.pop_first() else {
                break;
            };
            st.map.remove(&victim);
        }
    }

    /// Drops every entry.
    pub fn clear(&self) {
        let mut st = self.lock();
        st.map.clear();
        st.order.clear();
    }

    /// Number of entries held (expired ones included until touched).
    pub fn len(&self) -> usize {
        self.lock().map.len()
    }

    /// Whether no entry is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_least_recently_used() {
        let c = Cache::new(Duration::from_secs(60), 2);
        c.insert("a", Answer::NullMx);
        c.insert("b", Answer::NullMx);
        assert!(c.get("a").is_some());
        c.insert("c", Answer::NullMx);
        assert!(c.get("b").is_none());
        assert!(c.get("a").is_some() && c.get("c").is_some());
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn expires_and_disables() {
        let c = Cache::new(Duration::from_millis(20), 10);
        c.insert("a", Answer::NullMx);
        assert!(c.get("a").is_some());
        std::thread::sleep(Duration::from_millis(30));
        assert!(c.get("a").is_none());
        let off = Cache::new(Duration::ZERO, 10);
        off.insert("a", Answer::NullMx);
        assert!(off.get("a").is_none() && off.is_empty());
    }
}
