//! One lock per view being computed: a burst of requests for one uncached view computes it
//! once, and a view never waits for another view's computation.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::OwnedMutexGuard;

/// The locks of the views being computed now, by key; a lock is gone once nobody holds or
/// waits for it, so the map stays as small as the work under way.
#[derive(Default)]
pub struct ViewLocks(Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>);

/// Held while a view is computed; lets go of its lock, and forgets it if nobody waits.
pub struct ViewGuard<'a> {
    locks: &'a ViewLocks,
    key: String,
    lock: Arc<tokio::sync::Mutex<()>>,
    guard: Option<OwnedMutexGuard<()>>,
}

impl ViewLocks {
    /// Waits until no one else computes the view `key`, then holds it.
    pub async fn hold(&self, key: &str) -> ViewGuard<'_> {
        // A poisoned map still leaves each computation correct, only not shared.
        let lock = self.0.lock().map(|mut m| m.entry(key.to_string()).or_default().clone()).unwrap_or_default();
        let guard = lock.clone().lock_owned().await;
        ViewGuard { locks: self, key: key.to_string(), lock, guard: Some(guard) }
    }

    /// How many views are being computed or waited for.
    pub fn len(&self) -> usize {
        self.0.lock().map(|m| m.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Drop for ViewGuard<'_> {
    fn drop(&mut self) {
        self.guard = None;
        if let Ok(mut m) = self.locks.0.lock() {
            // Held by the map and by this guard only: nobody is waiting.
            if m.get(&self.key).is_some_and(|l| Arc::ptr_eq(l, &self.lock) && Arc::strong_count(l) == 2) {
                m.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn views_wait_only_for_themselves() {
        let locks = ViewLocks::default();
        let a = locks.hold("/deals?q=ring").await;
        // Another view goes ahead while the first is computed.
        let b = tokio::time::timeout(Duration::from_secs(1), locks.hold("/deals?state=VA")).await.expect("not held up");
        // The same view waits until the first is done.
        assert!(tokio::time::timeout(Duration::from_millis(50), locks.hold("/deals?q=ring")).await.is_err());
        drop(b);
        assert_eq!(locks.len(), 1);
        let waiter = async { locks.hold("/deals?q=ring").await };
        let (_, again) = tokio::join!(
            async {
                tokio::time::sleep(Duration::from_millis(20)).await;
                drop(a)
            },
            waiter
        );
        drop(again);
        assert!(locks.is_empty(), "forgotten once nobody holds or waits");
    }
}
