//! The answer cache: TTL per entry, bounded by LRU eviction, thread-safe.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::record::Answer;

struct Entry {
    answer: Arc<Answer>,
    expires: Instant,
    /// Last use.
    tick: u64,
    /// The tick this key is filed under in `order` (<= `tick`; moved lazily).
    filed: u64,
}

/// `order` holds each key once, under its `Entry::filed` tick: a hit only
/// bumps `Entry::tick` (no tree update), and eviction re-files a key whose
/// filed tick is stale, so the victim is still the least recently used entry.
#[derive(Default)]
struct State {
    map: HashMap<Arc<str>, Entry, foldhash::fast::RandomState>,
    order: BTreeMap<u64, Arc<str>>,
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
    pub fn get(&self, key: &str) -> Option<Arc<Answer>> {
        if !self.enabled() {
            return None;
        }
        let now = Instant::now();
        let mut st = self.lock();
        let st = &mut *st;
        let tick = st.next_tick;
        let entry = st.map.get_mut(key)?;
        if entry.expires <= now {
            let filed = entry.filed;
            st.order.remove(&filed);
            st.map.remove(key);
            return None;
        }
        entry.tick = tick;
        let answer = entry.answer.clone();
        st.next_tick += 1;
        Some(answer)
    }

    /// Stores `answer` under `key`, evicting the least recently used entries
    /// beyond the capacity.
    pub fn insert(&self, key: &str, answer: Arc<Answer>) {
        if !self.enabled() {
            return;
        }
        let Some(expires) = Instant::now().checked_add(self.ttl) else {
            return;
        };
        let key: Arc<str> = Arc::from(key);
        let mut st = self.lock();
        let tick = st.next_tick;
        st.next_tick += 1;
        let entry = Entry {
            answer,
            expires,
            tick,
            filed: tick,
        };
        if let Some(old) = st.map.insert(key.clone(), entry) {
            st.order.remove(&old.filed);
        }
        st.order.insert(tick, key);
        while st.map.len() > self.capacity {
            let Some((_, victim)) = st.order.pop_first() else {
                break;
            };
            let Some(e) = st.map.get_mut(&victim) else {
                continue;
            };
            if e.tick != e.filed {
                // Used since it was filed: file it under its last use.
                e.filed = e.tick;
                let t = e.tick;
                st.order.insert(t, victim);
            } else {
                st.map.remove(&victim);
            }
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
        c.insert("a", Arc::new(Answer::NullMx));
        c.insert("b", Arc::new(Answer::NullMx));
        assert!(c.get("a").is_some());
        c.insert("c", Arc::new(Answer::NullMx));
        assert!(c.get("b").is_none());
        assert!(c.get("a").is_some() && c.get("c").is_some());
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn expires_and_disables() {
        let c = Cache::new(Duration::from_millis(20), 10);
        c.insert("a", Arc::new(Answer::NullMx));
        assert!(c.get("a").is_some());
        std::thread::sleep(Duration::from_millis(30));
        assert!(c.get("a").is_none());
        let off = Cache::new(Duration::ZERO, 10);
        off.insert("a", Arc::new(Answer::NullMx));
        assert!(off.get("a").is_none() && off.is_empty());
    }
}
