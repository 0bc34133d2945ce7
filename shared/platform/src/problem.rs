//! RFC 9457 problem details: the one error shape every endpoint answers with.

use helpdesk_domain::{DomainError, FieldError};
use lambda_http::http::{StatusCode, header};
use lambda_http::{Body, Response};
use serde::Serialize;

/// An error response. Build one with a constructor; the `detail` is for people and must
/// never contain internals (those go to the log).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Extra members for this problem type (e.g. `current_version` on a collision).
    #[serde(flatten)]
    pub extensions: serde_json::Map<String, serde_json::Value>,
}

impl Problem {
    fn new(status: StatusCode, kind: &'static str, title: &'static str, detail: Option<String>) -> Self {
        Self {
            kind,
            title,
            status: status.as_u16(),
            detail,
            errors: Vec::new(),
            extensions: serde_json::Map::new(),
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "about:blank#bad-request",
            "Bad request",
            Some(detail.into()),
        )
    }
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let mut p = Self::new(
            StatusCode::BAD_REQUEST,
            "about:blank#validation",
            "Invalid input",
            Some("one or more fields are invalid".into()),
        );
        p.errors = errors;
        p
    }
    /// The request has the documented shape but breaks a rule no schema can state.
    pub fn unprocessable(errors: Vec<FieldError>) -> Self {
        let mut p = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "about:blank#unprocessable",
            "Unprocessable content",
            Some("the request is well formed but breaks a rule".into()),
        );
        p.errors = errors;
        p
    }
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "about:blank#unauthorized",
            "Unauthorized",
            Some("a valid bearer token is required".into()),
        )
    }
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "about:blank#forbidden",
            "Forbidden",
            Some(detail.into()),
        )
    }
    /// Also the answer for ids of other tenants: their existence is not revealed.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "about:blank#not-found",
            "Not found",
            Some(format!("{what} not found")),
        )
    }
    pub fn payload_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "about:blank#too-large",
            "Payload too large",
            Some(format!("the body must be at most {limit} bytes")),
        )
    }
    pub fn unsupported_media_type() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "about:blank#media-type",
            "Unsupported media type",
            Some("send application/json".into()),
        )
    }
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "about:blank#conflict",
            "Conflict",
            Some(detail.into()),
        )
    }
    /// A link that worked once and no longer does (an expired survey link).
    pub fn gone(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::GONE, "about:blank#expired", "Gone", Some(detail.into()))
    }
    /// `If-Match` named a version of `what` that is no longer current.
    pub fn precondition_failed(what: &str) -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            "about:blank#stale",
            "Precondition failed",
            Some(format!("the {what} changed since you loaded it; reload and try again")),
        )
    }
    /// A reply to a ticket that changed since its author loaded it: review, then send
    /// again with `confirm`.
    pub fn collision(current_version: u64) -> Self {
        let mut p =
            Self::conflict("the ticket changed since you opened it; review and send again with \"confirm\": true");
        p.kind = "about:blank#collision";
        p.extensions
            .insert("current_version".into(), serde_json::json!(current_version));
        p
    }
    pub fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "about:blank#unavailable",
            "Service unavailable",
            Some("please retry shortly".into()),
        )
    }
    /// Logs the cause chain and answers a bare 500.
    pub fn internal(err: &(dyn std::error::Error + 'static)) -> Self {
        let mut chain = err.to_string();
        let mut source = err.source();
        while let Some(s) = source {
            chain.push_str(": ");
            chain.push_str(&s.to_string());
            source = s.source();
        }
        tracing::error!(error = %chain, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "about:blank#internal",
            "Internal error",
            None,
        )
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    pub fn into_response(self) -> Response<Body> {
        let body = serde_json::to_string(&self).unwrap_or_default();
        Response::builder()
            .status(self.status())
            .header(header::CONTENT_TYPE, "application/problem+json")
            .body(Body::Text(body))
            .unwrap_or_default()
    }
}

impl From<DomainError> for Problem {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Validation(errors) => Self::validation(errors),
            DomainError::Unprocessable(errors) => Self::unprocessable(errors),
            DomainError::Forbidden(why) => Self::forbidden(why),
            DomainError::Conflict(why) => Self::conflict(why),
        }
    }
}
