//! What a request is: its method, path, token, payload and retry stance. Built by the
//! platform layer, sent by [`super::Api`].

use std::sync::Arc;

use reqwest::Method;
use serde_json::Value;

use crate::util::encode_segment;

/// Which token a call carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    None,
    User,
    Project(String),
    /// An assistant's public token (the platform's public routes): sent as it is,
    /// never stored, never logged.
    Public(String),
    /// A user token given for this call (`auth login --with-token` checks it before
    /// storing it): no login renews it.
    Given(String),
}

/// A request body.
#[derive(Clone)]
pub enum Payload {
    None,
    Json(Value),
    /// Multipart forms cannot be cloned, so a retry builds the form again.
    Multipart(Arc<dyn Fn() -> reqwest::multipart::Form + Send + Sync>),
}

/// One API call, before tokens, retries and fallbacks are applied.
#[derive(Clone)]
pub struct Call {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub payload: Payload,
    pub auth: Auth,
    /// A collection path (`/assistants/`): on a 405, try the other slash form once.
    pub collection: bool,
    /// Extra request headers (`epsimo api -H`).
    pub headers: Vec<(String, String)>,
    /// Whether failures may be retried (a call that must cost one request says no).
    pub retry: bool,
    /// A streamed answer (a run): no total deadline, the reader keeps its own.
    pub streaming: bool,
}

impl Call {
    pub fn new(method: Method, path: impl Into<String>, auth: Auth) -> Self {
        let path = path.into();
        let collection = path.ends_with('/') && path.matches('/').count() == 2;
        Call {
            method,
            path,
            query: Vec::new(),
            payload: Payload::None,
            auth,
            collection,
            headers: Vec::new(),
            retry: true,
            streaming: false,
        }
    }
    /// A call whose answer is a stream (runs): the total request deadline does not
    /// apply; the stream's reader has an idle and an overall deadline of its own.
    pub fn streamed(mut self) -> Self {
        self.streaming = true;
        self
    }
    /// A call made once: no retries, whatever fails.
    pub fn once(mut self) -> Self {
        self.retry = false;
        self
    }
    pub fn get(path: impl Into<String>, auth: Auth) -> Self {
        Call::new(Method::GET, path, auth)
    }
    pub fn post(path: impl Into<String>, auth: Auth, body: Value) -> Self {
        Call::new(Method::POST, path, auth).json(body)
    }
    pub fn json(mut self, body: Value) -> Self {
        self.payload = Payload::Json(body);
        self
    }
    pub fn query(mut self, key: &str, value: &str) -> Self {
        self.query.push((key.to_string(), value.to_string()));
        self
    }
}

/// Marks a path built from an id that no encoding can keep in its place: an
/// empty id would name the collection, and `.`/`..` are dot segments that URL
/// parsing resolves even when percent-encoded. [`Api::send`] refuses such paths.
pub(super) const UNUSABLE_ID: char = '\0';

/// Builds `/prefix/{id}/rest` with the id percent-encoded.
pub fn item_path(prefix: &str, id: &str, rest: &str) -> String {
    if id.is_empty() || id.chars().all(|c| c == '.') {
        return format!("{prefix}/{UNUSABLE_ID}{rest}");
    }
    format!("{prefix}/{}{rest}", encode_segment(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unusable_ids_are_marked() {
        for id in ["", ".", ".."] {
            assert!(
                item_path("/threads", id, "").contains(UNUSABLE_ID),
                "{id:?}"
            );
        }
        assert!(!item_path("/threads", "...x", "").contains(UNUSABLE_ID));
    }

    #[test]
    fn item_paths_are_encoded() {
        assert_eq!(
            item_path("/threads", "a/../b", "/state"),
            "/threads/a%2F..%2Fb/state"
        );
    }
}
