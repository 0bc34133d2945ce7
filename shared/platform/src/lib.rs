//! Lambda and HTTP glue shared by every function.
//!
//! It owns how a request becomes a [`Caller`](helpdesk_domain::Caller) (from the JWT
//! authorizer's claims only), how errors become `application/problem+json`, how
//! configuration is read at cold start, telemetry, and the SQS batch loop with partial
//! failures, and the runtime each Lambda binary starts ([`lambda`]). It holds no
//! business rule and never touches the table.

pub mod auth;
pub mod config;
pub mod http;
pub mod lambda;
pub mod problem;
pub mod sqs;
pub mod telemetry;

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
        .tls_context(tls_context(std::env::var(TLS_ROOTS_VAR).ok().as_deref()))
        .build_https();
    // Lambda hands the function its role's credentials and its region in the
    // environment (so does the local stack). The default chains would also build STS,
    // SSO, ECS and IMDS providers, each parsing the endpoint partitions, at every cold start.
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(https)
        .credentials_provider(aws_config::environment::EnvironmentVariableCredentialsProvider::new())
        .region(aws_config::environment::EnvironmentVariableRegionProvider::new())
}

/// Set to `system` to trust the machine's certificate store instead of the compiled-in
/// Amazon Trust Services roots (for a proxy that re-signs TLS, say).
pub const TLS_ROOTS_VAR: &str = "HELPDESK_TLS_ROOTS";

/// The roots every AWS service endpoint chains to (Amazon Trust Services: Amazon Root
/// CA 1-4 and the Starfield Services G2 cross-signer), copied from Debian's
/// ca-certificates.
pub const AWS_ROOTS_PEM: &[u8] = include_bytes!("../certs/amazon-trust-services.pem");

/// The SDK reads and parses the whole system store when a client is built (every file
/// of /etc/ssl/certs: most of a cold start). Five compiled-in roots parse in microseconds.
fn tls_context(roots: Option<&str>) -> aws_smithy_http_client::tls::TlsContext {
    use aws_smithy_http_client::tls::{TlsContext, TrustStore};
    let store = if roots == Some("system") {
        TrustStore::default()
    } else {
        TrustStore::empty()
            .with_native_roots(false)
            .with_pem_certificate(AWS_ROOTS_PEM)
    };
    // The builder checks nothing today; should it start to, fall back to the SDK's default.
    TlsContext::builder()
        .with_trust_store(store)
        .build()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;

    #[test]
    fn the_compiled_in_roots_are_the_five_amazon_trust_services_certificates() {
        // The SDK parses these when it builds its connector and panics on a bad one.
        let certs: Vec<_> = CertificateDer::pem_slice_iter(super::AWS_ROOTS_PEM)
            .collect::<Result<_, _>>()
            .expect("valid PEM");
        assert_eq!(certs.len(), 5);
        for cert in &certs {
            webpki::anchor_from_trusted_cert(cert).expect("a usable trust anchor");
        }
    }
}
