//! Pacing requests by what the server says it allows: one limiter per API URL in
//! the process, shared by every request (deploy's concurrent ones included).
//!
//! Every answer's `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
//! `X-RateLimit-Reset` are read; each request started counts against what remains
//! (so never more go out than remain), and when nothing remains the next request
//! waits for the window's reset. A 429's `Retry-After` holds every request until
//! then. `EPSIMO_MAX_RPS` caps the rate on top, for quotas shared across jobs.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::HeaderMap;

/// The longest the limiter waits on the server's word: a `Reset` further away than
/// this (a clock that disagrees with the server's) is not believed.
pub const MAX_WAIT: Duration = Duration::from_secs(120);

/// What the server last said of the current window.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Window {
    pub limit: Option<u64>,
    /// Requests left, counting down as requests start.
    pub remaining: Option<u64>,
    /// When the window resets (`None` before any word, or after a reset until the
    /// new window's first answer).
    pub reset_at: Option<Instant>,
    /// The end of the last window known to be over: answers from it are stale.
    pub passed: Option<Instant>,
}

/// Resets this close together are one window's (a Unix second read at slightly
/// different moments).
const SAME: Duration = Duration::from_millis(500);

/// The limiter's state; its arithmetic is pure (see [`State::admit`]).
#[derive(Debug, Default)]
pub struct State {
    pub window: Window,
    /// A 429 asked everyone to wait until then.
    pub blocked_until: Option<Instant>,
    /// The earliest the next request may start under `EPSIMO_MAX_RPS`.
    pub next_slot: Option<Instant>,
    /// The wait last announced (so a crowd of waiters says it once).
    pub announced: Option<Instant>,
}

/// The three headers, read leniently: a missing or malformed one is `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Headers {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    /// Seconds from now until the reset.
    pub reset_in: Option<Duration>,
}

fn number(headers: &HeaderMap, name: &str) -> Option<f64> {
    headers
        .get(name)?
        .to_str()
        .ok()?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
}

impl Headers {
    /// Reads the headers at wall-clock `now`. `Reset` is Unix seconds, or seconds
    /// from now when it is small (as some servers send); a reset in the past is now.
    pub fn read(headers: &HeaderMap, now: SystemTime) -> Headers {
        let reset_in = number(headers, "x-ratelimit-reset")
            .map(|v| super::retry::reset_wait(v, now, MAX_WAIT));
        Headers {
            limit: number(headers, "x-ratelimit-limit").map(|v| v as u64),
            remaining: number(headers, "x-ratelimit-remaining").map(|v| v as u64),
            reset_in,
        }
    }
}

impl State {
    /// Takes in an answer's headers, read at `now` (monotonic). Within one window
    /// the lower count wins (answers arrive out of order, and requests already
    /// started are counted here but not yet there); a later window starts afresh.
    pub fn observe(&mut self, h: Headers, now: Instant) {
        if h.limit.is_some() {
            self.window.limit = h.limit;
        }
        let Some(remaining) = h.remaining else {
            return;
        };
        let reset_at = h.reset_in.map(|d| now + d.min(MAX_WAIT));
        // An answer from a window that is over says nothing about this one.
        if let (Some(r), Some(p)) = (reset_at, self.window.passed)
            && r <= p + SAME
        {
            return;
        }
        let same_window = match (self.window.reset_at, reset_at) {
            (Some(a), Some(b)) => a.max(b) - a.min(b) < SAME,
            // After a reset, before the new window's first answer: what was counted
            // since belongs to this window.
            (None, Some(_)) => self.window.passed.is_some(),
            _ => false,
        };
        if !same_window
            && let (Some(a), Some(b)) = (self.window.reset_at, reset_at)
            && b < a
        {
            // An earlier window's answer arriving late.
            return;
        }
        self.window.remaining = Some(match (same_window, self.window.remaining) {
            (true, Some(known)) => known.min(remaining),
            _ => remaining,
        });
        if reset_at.is_some() && (!same_window || self.window.reset_at.is_none()) {
            self.window.reset_at = reset_at;
        }
    }

    /// A 429 asked for `wait`: nobody starts before then.
    pub fn refused(&mut self, wait: Duration, now: Instant) {
        let until = now + wait.min(MAX_WAIT);
        self.blocked_until = Some(self.blocked_until.map_or(until, |b| b.max(until)));
        self.window.remaining = Some(0);
    }

    /// Whether a request may start at `now`; if so it is counted. `Err(until)`:
    /// wait until then and ask again.
    pub fn admit(&mut self, now: Instant, min_gap: Option<Duration>) -> Result<(), Instant> {
        if let Some(b) = self.blocked_until {
            if b > now {
                return Err(b);
            }
            self.blocked_until = None;
        }
        if let Some(reset) = self.window.reset_at
            && reset <= now
        {
            // The window turned over: what remains is the limit again (or unknown).
            self.window.remaining = self.window.limit;
            self.window.reset_at = None;
            self.window.passed = Some(reset);
        }
        if self.window.remaining == Some(0) {
            match self.window.reset_at {
                Some(reset) => return Err(reset),
                // Nothing left and no word of when: the server will say (429).
                None => self.window.remaining = None,
            }
        }
        if let (Some(_), Some(slot)) = (min_gap, self.next_slot)
            && slot > now
        {
            return Err(slot);
        }
        if let Some(gap) = min_gap {
            self.next_slot = Some(self.next_slot.map_or(now, |s| s.max(now)) + gap);
        }
        if let Some(r) = &mut self.window.remaining {
            *r -= 1;
        }
        Ok(())
    }
}

/// The process's limiter for one API URL.
#[derive(Debug)]
pub struct Limiter {
    state: Mutex<State>,
    min_gap: Option<Duration>,
}

/// Waits this long or more are said (once) to whoever listens.
pub const ANNOUNCE_FROM: Duration = Duration::from_secs(2);

impl Limiter {
    /// A limiter of its own, at most `max_rps` requests a second.
    pub fn new(max_rps: Option<f64>) -> Limiter {
        Limiter {
            state: Mutex::new(State::default()),
            min_gap: max_rps
                .filter(|r| r.is_finite() && *r > 0.0)
                .map(|r| Duration::from_secs_f64((1.0 / r).min(MAX_WAIT.as_secs_f64()))),
        }
    }

    /// The limiter of `base` in this process (created with `max_rps` the first time):
    /// the command line's clients of one API pace together.
    pub fn for_base(base: &str, max_rps: Option<f64>) -> Arc<Limiter> {
        static ALL: OnceLock<Mutex<HashMap<String, Arc<Limiter>>>> = OnceLock::new();
        let mut all = ALL.get_or_init(Default::default).lock().unwrap();
        all.entry(base.to_string())
            .or_insert_with(|| Arc::new(Limiter::new(max_rps)))
            .clone()
    }

    /// Waits until a request may start, and counts it. `announce` is called once
    /// per long wait (the first waiter's), with how long it is.
    pub async fn acquire(&self, announce: impl Fn(Duration)) {
        loop {
            let now = Instant::now();
            let until = {
                let mut s = self.state.lock().unwrap();
                match s.admit(now, self.min_gap) {
                    Ok(()) => return,
                    Err(until) => {
                        let wait = until - now;
                        if wait >= ANNOUNCE_FROM && s.announced.is_none_or(|a| a < until) {
                            s.announced = Some(until);
                            announce(wait);
                        }
                        until
                    }
                }
            };
            tokio::time::sleep_until(until.into()).await;
        }
    }

    pub fn observe(&self, headers: &HeaderMap) {
        let h = Headers::read(headers, SystemTime::now());
        self.state.lock().unwrap().observe(h, Instant::now());
    }

    pub fn refused(&self, wait: Duration) {
        self.state.lock().unwrap().refused(wait, Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    const NOW_UNIX: u64 = 1_800_000_000;

    fn wall() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(NOW_UNIX)
    }

    #[test]
    fn headers_read_unix_or_relative_resets_and_ignore_garbage() {
        let h = Headers::read(
            &headers(&[
                ("x-ratelimit-limit", "60"),
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", &(NOW_UNIX + 5).to_string()),
            ]),
            wall(),
        );
        assert_eq!(h.limit, Some(60));
        assert_eq!(h.remaining, Some(0));
        assert_eq!(h.reset_in, Some(Duration::from_secs(5)));
        let relative = Headers::read(&headers(&[("x-ratelimit-reset", "7")]), wall());
        assert_eq!(relative.reset_in, Some(Duration::from_secs(7)));
        let past = Headers::read(
            &headers(&[("x-ratelimit-reset", &(NOW_UNIX - 30).to_string())]),
            wall(),
        );
        assert_eq!(past.reset_in, Some(Duration::ZERO));
        let junk = Headers::read(
            &headers(&[
                ("x-ratelimit-remaining", "lots"),
                ("x-ratelimit-reset", "-3"),
                ("x-ratelimit-limit", "NaN"),
            ]),
            wall(),
        );
        assert_eq!(junk, Headers::default());
        assert_eq!(Headers::read(&HeaderMap::new(), wall()), Headers::default());
    }

    #[test]
    fn nothing_left_waits_for_the_reset_then_the_limit_is_there_again() {
        let t0 = Instant::now();
        let mut s = State::default();
        // No headers yet: go.
        assert_eq!(s.admit(t0, None), Ok(()));
        s.observe(
            Headers {
                limit: Some(2),
                remaining: Some(1),
                reset_in: Some(Duration::from_secs(1)),
            },
            t0,
        );
        assert_eq!(s.admit(t0, None), Ok(()), "one left");
        let reset = t0 + Duration::from_secs(1);
        assert_eq!(s.admit(t0, None), Err(reset), "none left: wait");
        // A stale answer from earlier in the window does not raise the count.
        s.observe(
            Headers {
                limit: Some(2),
                remaining: Some(1),
                reset_in: Some(Duration::from_secs(1)),
            },
            t0,
        );
        assert_eq!(s.admit(t0, None), Err(reset));
        let later = reset + Duration::from_millis(1);
        assert_eq!(s.admit(later, None), Ok(()));
        assert_eq!(s.admit(later, None), Ok(()));
        assert!(
            s.admit(later, None).is_ok(),
            "no word of the new window: go"
        );
    }

    #[test]
    fn a_429_holds_everyone_and_a_wild_reset_is_not_believed() {
        let t0 = Instant::now();
        let mut s = State::default();
        s.refused(Duration::from_secs(3), t0);
        assert_eq!(s.admit(t0, None), Err(t0 + Duration::from_secs(3)));
        assert!(s.admit(t0 + Duration::from_secs(3), None).is_ok());
        // A clock far behind the server's: a reset an hour away is capped.
        let mut s = State::default();
        s.observe(
            Headers {
                limit: Some(10),
                remaining: Some(0),
                reset_in: Some(Duration::from_secs(3600)),
            },
            t0,
        );
        assert_eq!(s.admit(t0, None), Err(t0 + MAX_WAIT));
        // A reset in the past (a clock ahead): nothing to wait for.
        let mut s = State::default();
        s.observe(
            Headers {
                limit: Some(10),
                remaining: Some(0),
                reset_in: Some(Duration::ZERO),
            },
            t0,
        );
        assert!(s.admit(t0 + Duration::from_millis(1), None).is_ok());
    }

    #[test]
    fn max_rps_spaces_requests() {
        let t0 = Instant::now();
        let mut s = State::default();
        let gap = Some(Duration::from_millis(100));
        assert_eq!(s.admit(t0, gap), Ok(()));
        assert_eq!(s.admit(t0, gap), Err(t0 + Duration::from_millis(100)));
        assert_eq!(s.admit(t0 + Duration::from_millis(100), gap), Ok(()));
    }
}

#[cfg(test)]
mod waiting {
    use super::*;

    #[tokio::test]
    async fn a_crowd_waiting_on_one_refusal_says_so_once() {
        let limiter = Limiter::for_base("test://a-crowd", None);
        let asked = ANNOUNCE_FROM + Duration::from_millis(200);
        limiter.refused(asked);
        let said = std::sync::Mutex::new(Vec::new());
        let started = Instant::now();
        tokio::join!(
            limiter.acquire(|w| said.lock().unwrap().push(w)),
            limiter.acquire(|w| said.lock().unwrap().push(w)),
            limiter.acquire(|w| said.lock().unwrap().push(w)),
        );
        assert!(started.elapsed() >= ANNOUNCE_FROM);
        let said = said.into_inner().unwrap();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0] <= asked && said[0] >= ANNOUNCE_FROM, "{said:?}");
    }
}
