//! Lambda and HTTP glue shared by every function.
//!
//! It owns how a request becomes a [`Caller`](helpdesk_domain::Caller) (from the JWT
//! authorizer's claims only), how errors become `application/problem+json`, how
//! configuration is read at cold start, telemetry, and the SQS batch loop with partial
//! failures. It holds no business rule and never touches the table.

pub mod auth;
pub mod config;
pub mod http;
pub mod problem;
#[cfg(feature = "store")]
pub mod reports;
pub mod sqs;
pub mod telemetry;
#[cfg(feature = "store")]
pub mod tickets;

pub use problem::Problem;

/// Loads the AWS SDK configuration once per cold start. Endpoints come from the SDK's
/// standard variables (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_DYNAMODB`, ...), which is
/// how the local stack points the same code at DynamoDB Local and moto.
pub async fn aws_config() -> aws_config::SdkConfig {
    sdk_defaults().load().await
}

/// The SDK's config loader with our HTTPS client: hyper with rustls on the ring
/// provider. The SDK's default (aws-lc) adds about a megabyte to every binary, and TLS
/// to AWS endpoints does not need it.
pub fn sdk_defaults() -> aws_config::ConfigLoader {
    use aws_smithy_http_client::tls;
    let https = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::Ring))
        .build_https();
    aws_config::defaults(aws_config::BehaviorVersion::latest()).http_client(https)
}

/// A short, growing, jittered pause before retrying a write that lost a race.
pub async fn back_off(attempt: u32) {
    let jitter = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() % 20)
        .unwrap_or(0);
    tokio::time::sleep(std::time::Duration::from_millis(u64::from(10 * attempt + jitter))).await;
}
