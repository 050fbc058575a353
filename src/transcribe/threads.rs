//! How many threads whisper.cpp gets.
//!
//! Rule: by default [`automatic`]: one thread on a machine with two logical CPUs or fewer,
//! otherwise one less than the CPUs there are, at most [`MAX_AUTO_THREADS`]. A request from
//! `--threads` or `REHEARSE_THREADS` is clamped to 1..=the CPUs this process may use, because
//! whisper.cpp aborts on absurd counts (100000) and oversubscription makes it crawl (64 threads
//! on 2 CPUs turned a 1.5 s job into 4 minutes). Sources: docs/sources.md ("Threads": on a
//! 2-vCPU VM two threads took 3.7 s to 65 s for the same 64 s clip as ggml's busy-waiting
//! threads stalled each other, one thread was steady at about 6.9 s); issue 11, item 6.

/// Environment variable asking for a thread count.
pub const THREADS_ENV: &str = "REHEARSE_THREADS";
/// The automatic policy never goes above this: whisper.cpp's small models stop scaling.
pub const MAX_AUTO_THREADS: usize = 8;

/// Logical CPUs this process may run on (1 when unknown).
pub fn available() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// The automatic thread count for a machine with `cpus` logical CPUs.
pub fn automatic(cpus: usize) -> usize {
    if cpus <= 2 {
        1
    } else {
        (cpus - 1).min(MAX_AUTO_THREADS)
    }
}

/// The thread count used and, when a request was lowered or raised, what was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threads {
    pub count: usize,
    pub requested: Option<usize>,
}

impl Threads {
    /// A note for the user when the request could not be honoured.
    pub fn clamp_note(&self) -> Option<String> {
        match self.requested {
            Some(asked) if asked != self.count => Some(format!(
                "{asked} Whisper threads asked for; using {} (this machine has {} CPUs)",
                self.count,
                available()
            )),
            _ => None,
        }
    }
}

/// Parses a thread request (`REHEARSE_THREADS`'s text); `None` when it is not a number.
pub fn parse(text: &str) -> Option<usize> {
    text.trim().parse::<usize>().ok()
}

/// The thread count for a request (from `--threads`, else the environment) on `cpus` CPUs.
pub fn resolve(requested: Option<usize>, cpus: usize) -> Threads {
    let cpus = cpus.max(1);
    match requested {
        Some(asked) => Threads {
            count: asked.clamp(1, cpus),
            requested: Some(asked),
        },
        None => Threads {
            count: automatic(cpus),
            requested: None,
        },
    }
}

/// The thread count for this machine: `--threads` if given, else `REHEARSE_THREADS` if it is a
/// number, else automatic; clamped to the CPUs available.
pub fn choose(cli: Option<usize>) -> Threads {
    let env = std::env::var(THREADS_ENV).ok().and_then(|v| parse(&v));
    resolve(cli.or(env), available())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automatic_policy_uses_one_thread_on_two_cpus_and_leaves_one_free_above() {
        assert_eq!(automatic(1), 1);
        assert_eq!(automatic(2), 1);
        assert_eq!(automatic(4), 3);
        assert_eq!(automatic(64), MAX_AUTO_THREADS);
    }

    #[test]
    fn requests_are_clamped_to_the_machine() {
        let t = resolve(Some(100_000), 2);
        assert_eq!(t.count, 2);
        assert!(t.clamp_note().is_some());
        assert_eq!(resolve(Some(0), 4).count, 1);
        let exact = resolve(Some(2), 4);
        assert_eq!((exact.count, exact.clamp_note()), (2, None));
        assert_eq!(
            resolve(None, 2),
            Threads {
                count: 1,
                requested: None
            }
        );
    }

    #[test]
    fn thread_requests_parse_leniently() {
        assert_eq!(parse(" 3\n"), Some(3));
        assert_eq!(parse("many"), None);
        assert_eq!(parse("-1"), None);
    }
}
