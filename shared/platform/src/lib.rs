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
