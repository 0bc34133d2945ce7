//! The local identity provider and the JWT authorizer.
//!
//! [`LocalIssuer`] plays Cognito for seeded users: it signs RS256 ID tokens with a key
//! made at start-up and publishes the public key as a JWKS. [`Authorizer`] does what
//! API Gateway's HTTP API JWT authorizer does with any issuer's JWKS: it checks the
//! signature (by `kid`), `iss`, `aud`, `exp` and `nbf`, and hands the claims on as
//! strings, with arrays flattened to `[a b]` as API Gateway does.

use std::collections::HashMap;

use anyhow::{Context, Result, anyhow};
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use base64::Engine;
use jsonwebtoken::jwk::{Jwk, JwkSet, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{Value, json};

/// The audience (app client id) of local tokens.
pub const LOCAL_AUDIENCE: &str = "helpdesk-local-web";
const TOKEN_LIFETIME_SECS: i64 = 12 * 3600;

/// A user the local issuer can sign in.
#[derive(Debug, Clone)]
pub struct LocalUser {
    pub sub: String,
    pub email: String,
    pub name: String,
    pub org_id: String,
    pub role: String,
}

pub struct LocalIssuer {
    issuer: String,
    kid: String,
    key: EncodingKey,
    jwks: JwkSet,
}

impl std::fmt::Debug for LocalIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalIssuer")
            .field("issuer", &self.issuer)
            .field("kid", &self.kid)
            .finish()
    }
}

impl LocalIssuer {
    /// A fresh RSA key; tokens of an earlier run stop verifying, as after a key rotation.
    pub fn new(issuer: String) -> Result<Self> {
        let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| anyhow!("RSA key generation failed"))?;
        let pkcs8 = pair.as_der().map_err(|_| anyhow!("RSA key export failed"))?;
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            base64::engine::general_purpose::STANDARD.encode(pkcs8.as_ref())
        );
        let key = EncodingKey::from_rsa_pem(pem.as_bytes()).context("loading the generated key")?;
        let kid = ulid::Ulid::new().to_string();
        let mut jwk = Jwk::from_encoding_key(&key, Algorithm::RS256).context("building the JWK")?;
        jwk.common.key_id = Some(kid.clone());
        jwk.common.public_key_use = Some(PublicKeyUse::Signature);
        jwk.common.key_algorithm = Some(KeyAlgorithm::RS256);
        Ok(Self {
            issuer,
            kid,
            key,
            jwks: JwkSet { keys: vec![jwk] },
        })
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn jwks(&self) -> &JwkSet {
        &self.jwks
    }

    /// An ID token shaped like Cognito's: `sub`, `email`, `custom:org_id`, `cognito:groups`.
    pub fn sign_in(&self, user: &LocalUser) -> Result<String> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let claims = json!({
            "iss": self.issuer,
            "aud": LOCAL_AUDIENCE,
            "sub": user.sub,
            "email": user.email,
            "name": user.name,
            "token_use": "id",
            "custom:org_id": user.org_id,
            "cognito:groups": [user.role],
            "iat": now,
            "auth_time": now,
            "exp": now + TOKEN_LIFETIME_SECS,
        });
        self.sign(&claims)
    }

    /// Signs any claims with the issuer's key (tests use it to forge bad tokens).
    pub fn sign(&self, claims: &Value) -> Result<String> {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        Ok(jsonwebtoken::encode(&header, claims, &self.key)?)
    }
}

/// Validates bearer tokens against an issuer's JWKS, like the HTTP API JWT authorizer.
/// Keys are decoded once (API Gateway caches the JWKS too), not per request.
#[derive(Debug, Clone)]
pub struct Authorizer {
    keys: HashMap<String, DecodingKey>,
    validation: Validation,
}

impl Authorizer {
    pub fn new(issuer: impl Into<String>, audience: impl Into<String>, jwks: JwkSet) -> Self {
        let keys = jwks
            .keys
            .iter()
            .filter_map(|jwk| Some((jwk.common.key_id.clone()?, DecodingKey::from_jwk(jwk).ok()?)))
            .collect();
        let mut validation = Validation::new(Algorithm::RS256);
        let (issuer, audience): (String, String) = (issuer.into(), audience.into());
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 0;
        Self { keys, validation }
    }

    /// The claims of a valid `Authorization: Bearer <jwt>` header, or `None`.
    pub fn authorize(&self, authorization: Option<&str>) -> Option<HashMap<String, String>> {
        let token = authorization?
            .strip_prefix("Bearer ")
            .or_else(|| authorization?.strip_prefix("bearer "))?
            .trim();
        let header = jsonwebtoken::decode_header(token).ok()?;
        if header.alg != Algorithm::RS256 {
            return None;
        }
        let key = self.keys.get(header.kid.as_deref()?)?;
        let data = jsonwebtoken::decode::<serde_json::Map<String, Value>>(token, key, &self.validation).ok()?;
        Some(data.claims.into_iter().map(|(k, v)| (k, flatten(v))).collect())
    }
}

/// API Gateway passes claims as strings; arrays become `[a b]`.
fn flatten(v: Value) -> String {
    match v {
        Value::String(s) => s,
        Value::Array(items) => format!("[{}]", items.into_iter().map(flatten).collect::<Vec<_>>().join(" ")),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (LocalIssuer, Authorizer) {
        let issuer = LocalIssuer::new("http://127.0.0.1:3000/local".into()).unwrap();
        let authorizer = Authorizer::new(issuer.issuer(), LOCAL_AUDIENCE, issuer.jwks().clone());
        (issuer, authorizer)
    }

    fn user() -> LocalUser {
        LocalUser {
            sub: "agent-1".into(),
            email: "a@acme.test".into(),
            name: "A".into(),
            org_id: "10001".into(),
            role: "agent".into(),
        }
    }

    #[test]
    fn a_signed_in_user_is_authorized_with_flattened_groups() {
        let (issuer, auth) = setup();
        let token = issuer.sign_in(&user()).unwrap();
        let claims = auth.authorize(Some(&format!("Bearer {token}"))).unwrap();
        assert_eq!(claims["sub"], "agent-1");
        assert_eq!(claims["custom:org_id"], "10001");
        assert_eq!(claims["cognito:groups"], "[agent]");
    }

    #[test]
    fn expired_foreign_audience_other_issuer_or_tampered_tokens_are_refused() {
        let (issuer, auth) = setup();
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let base = json!({"iss": issuer.issuer(), "aud": LOCAL_AUDIENCE, "sub": "x", "exp": now + 60});
        let with = |k: &str, v: Value| {
            let mut c = base.clone();
            c[k] = v;
            format!("Bearer {}", issuer.sign(&c).unwrap())
        };
        assert!(auth.authorize(Some(&with("sub", json!("x")))).is_some(), "control");
        assert!(auth.authorize(Some(&with("exp", json!(now - 1)))).is_none());
        assert!(auth.authorize(Some(&with("aud", json!("other-client")))).is_none());
        assert!(auth.authorize(Some(&with("iss", json!("https://evil.test")))).is_none());
        assert!(auth.authorize(Some(&with("nbf", json!(now + 600)))).is_none());
        let good = issuer.sign(&base).unwrap();
        let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
        parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"iss":"x","aud":"y","sub":"admin","exp":9999999999}"#);
        assert!(auth.authorize(Some(&format!("Bearer {}", parts.join(".")))).is_none());
        assert!(auth.authorize(None).is_none());
        assert!(auth.authorize(Some("Basic abc")).is_none());
    }

    #[test]
    fn a_token_from_another_key_is_refused() {
        let (_, auth) = setup();
        let (other, _) = setup();
        let token = other.sign_in(&user()).unwrap();
        assert!(auth.authorize(Some(&format!("Bearer {token}"))).is_none());
    }
}
