//! `--rate-limit N/s|N/min`: a fixed window per token, as the platform's documented
//! tiers work. Every answer carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
//! `X-RateLimit-Reset` (the window's end, in Unix seconds); past the limit the answer
//! is 429 with `Retry-After`, and the request is not acted on.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Shared;
use super::http::ErrorReply;

/// How many requests a token may make per window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub requests: u64,
    /// The window's length in seconds (1 or 60).
    pub window: u64,
}

impl std::str::FromStr for RateLimit {
    type Err = String;
    fn from_str(raw: &str) -> Result<Self, String> {
        let (n, per) = raw
            .split_once('/')
            .ok_or_else(|| format!("{raw:?} is not N/s or N/min"))?;
        let requests: u64 = n
            .trim()
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("{n:?} is not a positive number of requests"))?;
        let window = match per.trim() {
            "s" | "sec" | "second" => 1,
            "min" | "m" | "minute" => 60,
            other => return Err(format!("{other:?} is not `s` or `min`")),
        };
        Ok(RateLimit { requests, window })
    }
}

/// Requests counted per token in the current window.
#[derive(Debug, Default)]
pub struct Windows {
    counts: Mutex<HashMap<String, (u64, u64)>>,
}

/// What one request gets: whether it may proceed, and the headers' values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    pub allowed: bool,
    pub remaining: u64,
    /// The window's end, Unix seconds.
    pub reset: u64,
    /// Seconds until then (at least 1), for `Retry-After`.
    pub retry_after: u64,
}

impl Windows {
    /// Counts a request of `key` at `now` (Unix seconds, fractional).
    pub fn count(&self, limit: RateLimit, key: &str, now: f64) -> Verdict {
        let window = (now / limit.window as f64).floor() as u64;
        let reset = (window + 1) * limit.window;
        let mut counts = self.counts.lock().unwrap();
        // Old windows are forgotten as they pass.
        counts.retain(|_, (w, _)| *w == window);
        let entry = counts.entry(key.to_string()).or_insert((window, 0));
        entry.1 += 1;
        let used = entry.1;
        Verdict {
            allowed: used <= limit.requests,
            remaining: limit.requests.saturating_sub(used),
            reset,
            retry_after: ((reset as f64 - now).ceil() as u64).max(1),
        }
    }
}

pub async fn middleware(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let Some(limit) = shared.cfg.rate_limit else {
        return next.run(req).await;
    };
    if req.uri().path().starts_with("/_emulator/") || req.method() == axum::http::Method::OPTIONS {
        return next.run(req).await;
    }
    // Keyed on the token itself, whatever the spelling of its header.
    let key = super::http::bearer_token(req.headers())
        .unwrap_or("anonymous")
        .to_string();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    let v = shared.rate_windows.count(limit, &key, now);
    let mut resp = if v.allowed {
        next.run(req).await
    } else {
        let mut r =
            ErrorReply::new(StatusCode::TOO_MANY_REQUESTS, "Rate limit exceeded").into_response();
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(v.retry_after));
        r
    };
    let h = resp.headers_mut();
    h.insert("x-ratelimit-limit", HeaderValue::from(limit.requests));
    h.insert("x-ratelimit-remaining", HeaderValue::from(v.remaining));
    h.insert("x-ratelimit-reset", HeaderValue::from(v.reset));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_token_is_one_key_whatever_the_spelling() {
        use axum::http::HeaderMap;
        let key = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::AUTHORIZATION, HeaderValue::from_str(v).unwrap());
            super::super::http::bearer_token(&h).map(str::to_owned)
        };
        for v in ["Bearer abc", "bearer abc", "BEARER  abc ", "BeArEr\tabc"] {
            assert_eq!(key(v).as_deref(), Some("abc"), "{v:?}");
        }
        assert_eq!(key("Basic abc"), None);
        assert_eq!(key("Bearer "), None);
    }

    #[test]
    fn limits_parse_and_windows_count_per_token() {
        let l: RateLimit = "10/s".parse().unwrap();
        assert_eq!(
            l,
            RateLimit {
                requests: 10,
                window: 1
            }
        );
        assert_eq!("60/min".parse::<RateLimit>().unwrap().window, 60);
        assert!("0/s".parse::<RateLimit>().is_err());
        assert!("ten/s".parse::<RateLimit>().is_err());
        assert!("10/h".parse::<RateLimit>().is_err());
        let w = Windows::default();
        let two = RateLimit {
            requests: 2,
            window: 1,
        };
        assert!(w.count(two, "a", 100.1).allowed);
        let second = w.count(two, "a", 100.2);
        assert_eq!(
            (second.allowed, second.remaining, second.reset),
            (true, 0, 101)
        );
        let third = w.count(two, "a", 100.7);
        assert!(!third.allowed);
        assert_eq!(third.retry_after, 1);
        assert!(
            w.count(two, "b", 100.8).allowed,
            "another token has its own window"
        );
        assert!(w.count(two, "a", 101.0).allowed, "a new window");
    }
}
