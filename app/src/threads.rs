//! Work on a large copy in memory split over the machine's cores: a search's walk of its
//! matches (`search::SearchIndex::each`) and the tally of every deal (`repo::facts`).

/// How many threads one piece of such work runs on: the machine this runs on has two cores;
/// more would not make it faster.
pub const THREADS: usize = 2;

/// How many shares the work is cut in: a few per thread, so a thread whose core is busy
/// with other work takes fewer (with one share per thread, the work waited for that one).
pub const SHARES: usize = 4 * THREADS;

/// `work` for each of `n` shares, taken in turn by `threads` threads (the calling one among
/// them), its results in the shares' order. The first error is returned, and no share is
/// taken after it. A share that panics panics the caller.
pub fn in_turn<P: Send, E: Send>(n: usize, threads: usize, work: impl Fn(usize) -> Result<P, E> + Sync) -> Result<Vec<P>, E> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let take = || -> Result<Vec<(usize, P)>, E> {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n {
                return Ok(done);
            }
            match work(i) {
                Ok(p) => done.push((i, p)),
                Err(e) => {
                    next.store(n, Ordering::Relaxed);
                    return Err(e);
                }
            }
        }
    };
    let taken: Vec<Result<Vec<(usize, P)>, E>> = std::thread::scope(|s| {
        let others: Vec<_> = (1..threads.max(1)).map(|_| s.spawn(take)).collect();
        let mine = take();
        let theirs = others.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        std::iter::once(mine).chain(theirs).collect()
    });
    let mut taken: Vec<(usize, P)> = taken.into_iter().collect::<Result<Vec<_>, E>>()?.into_iter().flatten().collect();
    taken.sort_unstable_by_key(|(i, _)| *i);
    Ok(taken.into_iter().map(|(_, p)| p).collect())
}

/// [`in_turn`] for work that can't fail.
pub fn each_in_turn<P: Send>(n: usize, threads: usize, work: impl Fn(usize) -> P + Sync) -> Vec<P> {
    match in_turn(n, threads, |i| Ok::<P, std::convert::Infallible>(work(i))) {
        Ok(parts) => parts,
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    use std::time::{Duration, Instant};

    #[test]
    fn shares_taken_in_turn_come_back_in_their_order_and_stop_at_an_error() {
        let wait_for = |until: &dyn Fn() -> bool| {
            let start = Instant::now();
            while !until() && start.elapsed() < Duration::from_secs(10) {
                std::thread::sleep(Duration::from_millis(1));
            }
        };
        // The calling thread holds share 0 until the other thread has taken share 1, and that
        // one holds it until the caller has done two more: each thread's shares are then out of
        // the shares' order (0, 2, 3, ... and 1, ...), and the results must not be.
        let caller = std::thread::current().id();
        let (theirs, mine) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let got = in_turn(8, 2, |i| {
            if std::thread::current().id() == caller {
                if i == 0 {
                    wait_for(&|| theirs.load(SeqCst) > 0);
                }
                mine.fetch_add(1, SeqCst);
            } else if theirs.fetch_add(1, SeqCst) == 0 {
                wait_for(&|| mine.load(SeqCst) >= 3);
            }
            Ok::<_, String>(i)
        })
        .unwrap();
        assert_eq!(got, (0..8).collect::<Vec<_>>());
        assert!(theirs.load(SeqCst) > 0 && mine.load(SeqCst) >= 3, "both threads took shares");
        for threads in [1, 3] {
            assert_eq!(each_in_turn(5, threads, |i| i), (0..5).collect::<Vec<_>>(), "{threads} threads");
        }
        // A failed share's error comes back, and no share is taken after it.
        let taken = AtomicUsize::new(0);
        let failed = in_turn(64, 2, |i| {
            taken.fetch_add(1, SeqCst);
            if i == 0 {
                return Err("share 0 failed".to_string());
            }
            std::thread::sleep(Duration::from_millis(5));
            Ok(i)
        });
        assert_eq!(failed, Err("share 0 failed".to_string()));
        assert!(taken.load(SeqCst) <= 3, "{} shares taken", taken.load(SeqCst));
    }
}
