//! Logging set-up. JSON lines on Lambda (CloudWatch parses them); `RUST_LOG` filters.

use tracing_subscriber::EnvFilter;

/// Initialises JSON logs for a Lambda binary. Safe to call once per process.
pub fn init_lambda() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(false)
        .with_ansi(false)
        .without_time()
        .init();
}

fn local_filter() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,aws_config=warn,aws_smithy_runtime=warn"))
}

/// Human-readable logs for local tools; tests may skip it to stay quiet.
pub fn init_local() {
    let _ = tracing_subscriber::fmt().with_env_filter(local_filter()).try_init();
}

/// Human-readable logs written to `writer` (a log file) instead of the terminal.
pub fn init_local_to<W>(writer: W)
where
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    let _ = tracing_subscriber::fmt()
        .with_env_filter(local_filter())
        .with_ansi(false)
        .with_writer(writer)
        .try_init();
}
