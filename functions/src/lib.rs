//! Every Lambda function of the helpdesk: the HTTP handlers ([`http`]), the consumers
//! ([`consumers`]), the [`routes`] list that names each with its template resource and
//! binary, and one binary per function under `src/bin/`, each one line through
//! [`helpdesk_platform::lambda`].
//!
//! One crate with many binaries rather than one crate per function: a new endpoint is
//! its handler, a line in [`routes`], a one-line binary and its template resource, with
//! no manifests to register it in. Each binary still links only what its handler
//! reaches (link-time optimisation drops the rest), so a read-only endpoint carries no
//! S3 or SES code.
//!
//! A handler extracts its input (caller, path, query, body), calls one use case of
//! `helpdesk_app`, and maps the result to its response. No business rule, no role
//! check and no table access lives here.

pub mod consumers;
pub mod deps;
pub mod http;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod routes;
pub mod wire;
