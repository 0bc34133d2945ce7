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
    aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await
}

/// A short, growing, jittered pause before retrying a write that lost a race.
pub async fn back_off(attempt: u32) {
    let jitter = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() % 20)
        .unwrap_or(0);
    tokio::time::sleep(std::time::Duration::from_millis(u64::from(10 * attempt + jitter))).await;
}
