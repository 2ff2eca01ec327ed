//! The retry policy: which failures are retried, and how long to wait between tries.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Retries after the first try.
    pub max_retries: u32,
    /// Total time all waits of one call may add up to.
    pub max_total_wait: Duration,
    /// The first backoff step; each further step doubles it.
    pub base: Duration,
    /// No single backoff step waits longer than this (a `Retry-After` may, within the total).
    pub max_step: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 4,
            max_total_wait: Duration::from_secs(60),
            base: Duration::from_millis(250),
            max_step: Duration::from_secs(8),
        }
    }
}

/// Statuses worth another try of an idempotent call.
pub fn retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

impl RetryPolicy {
    /// The wait before retry number `attempt` (0-based): exponential backoff with jitter.
    /// `jitter` in [0, 1) picks a point between half the step and the whole step.
    pub fn backoff(&self, attempt: u32, jitter: f64) -> Duration {
        let step = self
            .base
            .saturating_mul(2u32.saturating_pow(attempt.min(20)))
            .min(self.max_step);
        step.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
    }

    /// What to do after try `attempt` (0-based) failed in a retryable way, having
    /// already waited `waited`: `Some(wait)` to try again, `None` to give up.
    pub fn next_wait(
        &self,
        attempt: u32,
        waited: Duration,
        server_asks: Option<Duration>,
        jitter: f64,
    ) -> Option<Duration> {
        if attempt >= self.max_retries {
            return None;
        }
        let wait = server_asks.unwrap_or_else(|| self.backoff(attempt, jitter));
        if waited + wait > self.max_total_wait {
            return None;
        }
        Some(wait)
    }
}

/// How long the server asks us to wait: `Retry-After` (seconds or an HTTP date), else
/// `X-RateLimit-Reset` (a Unix time, or seconds when small).
/// How long until `value` of an `X-RateLimit-Reset`: a Unix time when it is large,
/// else seconds from now; never more than `cap`, whatever the number (`1e30` would
/// overflow a `Duration` or a `SystemTime`).
pub fn reset_wait(value: f64, now: SystemTime, cap: Duration) -> Duration {
    if !value.is_finite() || value <= 0.0 {
        return Duration::ZERO;
    }
    let secs = if value > 1_000_000_000.0 {
        let now_unix = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0);
        value - now_unix
    } else {
        value
    };
    Duration::from_secs_f64(secs.clamp(0.0, cap.as_secs_f64()))
}

pub fn server_wait(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    if let Some(v) = headers.get("retry-after").and_then(|v| v.to_str().ok()) {
        let v = v.trim();
        if let Ok(secs) = v.parse::<f64>()
            && secs.is_finite()
            && secs >= 0.0
        {
            return Some(Duration::from_secs_f64(secs.min(86_400.0)));
        }
        if let Ok(when) = httpdate::parse_http_date(v) {
            return Some(
                when.duration_since(now)
                    .unwrap_or(Duration::ZERO)
                    .min(Duration::from_secs(86_400)),
            );
        }
    }
    if let Some(v) = headers
        .get("x-ratelimit-reset")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0)
    {
        return Some(reset_wait(v, now, Duration::from_secs(86_400)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn huge_and_odd_reset_values_are_clamped_not_panicked_on() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let day = Duration::from_secs(86_400);
        for v in ["1e30", "1e300", "18446744073709551616", "1e19"] {
            let mut h = HeaderMap::new();
            h.insert("x-ratelimit-reset", HeaderValue::from_str(v).unwrap());
            assert_eq!(server_wait(&h, now), Some(day), "{v}");
        }
        assert_eq!(reset_wait(f64::NAN, now, day), Duration::ZERO);
        assert_eq!(reset_wait(-5.0, now, day), Duration::ZERO);
        assert_eq!(
            reset_wait(1_700_000_010.0, now, day),
            Duration::from_secs(10)
        );
        assert_eq!(reset_wait(1_600_000_000.0, now, day), Duration::ZERO);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_cap() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(0, 1.0), Duration::from_millis(250));
        assert_eq!(p.backoff(0, 0.0), Duration::from_millis(125));
        assert_eq!(p.backoff(1, 1.0), Duration::from_millis(500));
        assert_eq!(p.backoff(3, 1.0), Duration::from_secs(2));
        assert_eq!(p.backoff(10, 1.0), Duration::from_secs(8));
        assert_eq!(p.backoff(40, 1.0), Duration::from_secs(8));
        for a in 0..6 {
            let lo = p.backoff(a, 0.0);
            let hi = p.backoff(a, 0.999);
            assert!(lo <= hi && hi <= p.max_step);
        }
    }

    #[test]
    fn gives_up_on_attempts_and_total_wait() {
        let p = RetryPolicy {
            max_retries: 2,
            max_total_wait: Duration::from_secs(3),
            ..Default::default()
        };
        assert!(p.next_wait(0, Duration::ZERO, None, 0.5).is_some());
        assert!(p.next_wait(1, Duration::ZERO, None, 0.5).is_some());
        assert!(p.next_wait(2, Duration::ZERO, None, 0.5).is_none());
        assert_eq!(
            p.next_wait(0, Duration::ZERO, Some(Duration::from_secs(2)), 0.5),
            Some(Duration::from_secs(2))
        );
        assert!(
            p.next_wait(0, Duration::from_secs(2), Some(Duration::from_secs(2)), 0.5)
                .is_none()
        );
        assert!(
            p.next_wait(0, Duration::ZERO, Some(Duration::from_secs(10)), 0.5)
                .is_none()
        );
    }

    #[test]
    fn reads_retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("2"));
        assert_eq!(server_wait(&h, now), Some(Duration::from_secs(2)));
        let date = httpdate::fmt_http_date(now + Duration::from_secs(5));
        h.insert("retry-after", HeaderValue::from_str(&date).unwrap());
        assert_eq!(server_wait(&h, now), Some(Duration::from_secs(5)));
        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-reset", HeaderValue::from_static("1700000007"));
        assert_eq!(server_wait(&h, now), Some(Duration::from_secs(7)));
        h.insert("x-ratelimit-reset", HeaderValue::from_static("3"));
        assert_eq!(server_wait(&h, now), Some(Duration::from_secs(3)));
        assert_eq!(server_wait(&HeaderMap::new(), now), None);
    }

    #[test]
    fn retryable_statuses() {
        for s in [429, 500, 502, 503, 504] {
            assert!(retryable_status(s));
        }
        for s in [200, 400, 401, 403, 404, 405, 422, 501] {
            assert!(!retryable_status(s));
        }
    }
}
