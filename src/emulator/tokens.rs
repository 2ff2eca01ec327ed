//! Real JWTs (HS256, `header.payload.signature`) for user and project tokens.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    pub sub: String,
    pub email: String,
    /// `user` or `project`.
    pub scope: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
}

#[derive(Debug, PartialEq)]
pub enum TokenError {
    Expired,
    Invalid,
}

pub fn issue(
    secret: &str,
    user_id: &str,
    email: &str,
    project_id: Option<&str>,
    ttl_secs: u64,
) -> String {
    let now = chrono::Utc::now().timestamp();
    let claims = Claims {
        sub: user_id.to_string(),
        email: email.to_string(),
        scope: if project_id.is_some() {
            "project"
        } else {
            "user"
        }
        .to_string(),
        project_id: project_id.map(str::to_owned),
        iat: now,
        exp: now + ttl_secs as i64,
        jti: uuid::Uuid::new_v4().simple().to_string(),
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("HS256 signing with an in-memory key cannot fail")
}

pub fn verify(secret: &str, token: &str) -> Result<Claims, TokenError> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    validation.validate_exp = true;
    validation.required_spec_claims = ["exp", "sub"].iter().map(|s| s.to_string()).collect();
    jsonwebtoken::decode::<Claims>(
        token,
        &DecodingKey::from_secret(secret.as_bytes()),
        &validation,
    )
    .map(|d| d.claims)
    .map_err(|e| match e.kind() {
        ErrorKind::ExpiredSignature => TokenError::Expired,
        _ => TokenError::Invalid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_verify_and_reject() {
        let t = issue("s3cret", "u1", "a@b.c", Some("p1"), 3600);
        assert_eq!(t.split('.').count(), 3);
        let c = verify("s3cret", &t).unwrap();
        assert_eq!(c.scope, "project");
        assert_eq!(c.project_id.as_deref(), Some("p1"));
        assert!((c.exp - c.iat - 3600).abs() <= 1);
        // The client reading this `exp` is checked end to end in tests/it
        // (emulator_http::signup_login_and_real_jwts): the emulator stands on the
        // contract only, tests included.
        assert_eq!(verify("other", &t), Err(TokenError::Invalid));
        assert_eq!(verify("s3cret", "garbage"), Err(TokenError::Invalid));
        let expired = issue("s3cret", "u1", "a@b.c", None, 0);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(verify("s3cret", &expired), Err(TokenError::Expired));
    }
}
