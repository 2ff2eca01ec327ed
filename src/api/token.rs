//! Reading tokens out of responses, and their expiry out of the JWT payload.

use base64::Engine;
use serde_json::Value;

/// A token is treated as expired this many seconds before its `exp`.
pub const EXPIRY_SKEW_SECS: i64 = 60;

/// The token of a login or project response: `access_token`, `token` or `jwt_token`,
/// the first present, in that order.
pub fn token_from_response(body: &Value) -> Option<String> {
    ["access_token", "token", "jwt_token"]
        .iter()
        .find_map(|k| body.get(*k).and_then(Value::as_str))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Unix seconds at which a token expires: the JWT's `exp`, else `expires_in` seconds
/// from `now`, else unknown.
pub fn expiry(token: &str, body: Option<&Value>, now: i64) -> Option<i64> {
    jwt_exp(token).or_else(|| {
        body.and_then(|b| b.get("expires_in"))
            .and_then(Value::as_f64)
            .map(|s| now + s as i64)
    })
}

/// The `exp` claim of a JWT, read without checking the signature (the server checks it).
pub fn jwt_exp(token: &str) -> Option<i64> {
    let mut parts = token.split('.');
    let (_header, payload, _sig) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    let exp = claims.get("exp")?;
    exp.as_i64().or_else(|| exp.as_f64().map(|f| f as i64))
}

/// True when a token with this expiry should not be used any more at `now`.
pub fn is_expired(expires_at: Option<i64>, now: i64) -> bool {
    match expires_at {
        Some(exp) => now >= exp - EXPIRY_SKEW_SECS,
        None => false,
    }
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn jwt(payload: &Value) -> String {
        let b64 = |v: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
        format!(
            "{}.{}.sig",
            b64(br#"{"alg":"HS256","typ":"JWT"}"#),
            b64(payload.to_string().as_bytes())
        )
    }

    #[test]
    fn token_field_order() {
        assert_eq!(
            token_from_response(&json!({"jwt_token":"c","token":"b","access_token":"a"})),
            Some("a".into())
        );
        assert_eq!(
            token_from_response(&json!({"jwt_token":"c","token":"b"})),
            Some("b".into())
        );
        assert_eq!(
            token_from_response(&json!({"jwt_token":"c"})),
            Some("c".into())
        );
        assert_eq!(token_from_response(&json!({"access_token":""})), None);
        assert_eq!(token_from_response(&json!({})), None);
    }

    #[test]
    fn exp_from_jwt_then_expires_in() {
        let t = jwt(&json!({"sub":"u","exp":2000}));
        assert_eq!(jwt_exp(&t), Some(2000));
        assert_eq!(expiry(&t, Some(&json!({"expires_in": 5})), 100), Some(2000));
        assert_eq!(
            expiry("opaque", Some(&json!({"expires_in": 3600})), 100),
            Some(3700)
        );
        assert_eq!(expiry("opaque", None, 100), None);
        assert_eq!(jwt_exp("a.!!!.c"), None);
        assert_eq!(jwt_exp(&jwt(&json!({"sub":"u"}))), None);
        assert_eq!(jwt_exp(&jwt(&json!({"exp": 1.5e3}))), Some(1500));
    }

    #[test]
    fn expired_sixty_seconds_early() {
        assert!(!is_expired(Some(1000), 939));
        assert!(is_expired(Some(1000), 940));
        assert!(is_expired(Some(1000), 2000));
        assert!(!is_expired(None, 2000));
    }
}
