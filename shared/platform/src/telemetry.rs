//! Logging set-up. JSON lines on Lambda (CloudWatch parses them); `RUST_LOG` filters
//! with `target=level` directives (`Targets`, no regex engine: it keeps binaries small).

use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// `RUST_LOG` when it parses, else `default`.
fn filter(default: &str) -> Targets {
    std::env::var("RUST_LOG")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| default.parse().unwrap_or_default())
}

/// Initialises JSON logs for a Lambda binary. Safe to call once per process.
pub fn init_lambda() {
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .json()
                .with_current_span(false)
                .with_ansi(false)
                .without_time(),
        )
        .with(filter("info"))
        .try_init();
}

const LOCAL_DEFAULT: &str = "info,aws_config=warn,aws_smithy_runtime=warn";

/// Human-readable logs for local tools; tests may skip it to stay quiet.
pub fn init_local() {
    let _ = tracing_subscriber::registry()
        .with(tracing_subscriber::fmt::layer())
        .with(filter(LOCAL_DEFAULT))
        .try_init();
}

/// Human-readable logs written to `writer` (a log file) instead of the terminal.
pub fn init_local_to<W>(writer: W)
where
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    let _ = tracing_subscriber::registry()
        .with(tracing_subscriber::fmt::layer().with_ansi(false).with_writer(writer))
        .with(filter(LOCAL_DEFAULT))
        .try_init();
}
