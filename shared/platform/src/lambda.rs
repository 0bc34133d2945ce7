//! What each Lambda binary runs: telemetry, its dependencies built once from the
//! environment, then the runtime loop around one handler. A binary's `main` is one call:
//!
//! ```ignore
//! fn main() -> Result<(), lambda_http::Error> {
//!     helpdesk_platform::lambda::http(deps::table, http::tickets::create_ticket)
//! }
//! ```
//!
//! Lambda hands an instance one invocation at a time, so the runtime is tokio's
//! current-thread one: starting worker threads would only delay the first request.

use std::future::Future;

use lambda_http::{Body, Request, Response};
use lambda_runtime::LambdaEvent;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub type Error = lambda_runtime::Error;

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    Ok(tokio::runtime::Builder::new_current_thread().enable_all().build()?)
}

/// The dependencies, once per cold start, for as long as the process lives. `init`
/// builds its own SDK configuration ([`crate::aws_config`]) if it needs one: a function
/// that needs none (the API document) does not pay for it.
async fn dependencies<D: 'static, I, IF>(init: I) -> Result<&'static D, Error>
where
    I: FnOnce() -> IF,
    IF: Future<Output = Result<D, Error>>,
{
    crate::telemetry::init_lambda();
    let deps = init().await?;
    Ok(Box::leak(Box::new(deps)))
}

/// An HTTP function behind API Gateway.
pub fn http<D, I, IF, H, HF>(init: I, handler: H) -> Result<(), Error>
where
    D: Sync + 'static,
    I: FnOnce() -> IF,
    IF: Future<Output = Result<D, Error>>,
    H: Fn(&'static D, Request) -> HF + Sync,
    HF: Future<Output = Response<Body>> + Send,
{
    runtime()?.block_on(async {
        let deps = dependencies(init).await?;
        let handler = &handler;
        lambda_http::run(lambda_http::service_fn(move |req| async move {
            Ok::<_, Error>(handler(deps, req).await)
        }))
        .await
    })
}

/// A function of any other trigger (SQS, the stream, SES, the schedule): the event as
/// JSON in, the answer as JSON out.
pub fn events<D, E, R, I, IF, H, HF>(init: I, handler: H) -> Result<(), Error>
where
    D: Sync + 'static,
    E: DeserializeOwned,
    R: Serialize,
    I: FnOnce() -> IF,
    IF: Future<Output = Result<D, Error>>,
    H: Fn(&'static D, E) -> HF + Sync,
    HF: Future<Output = Result<R, Error>> + Send,
{
    runtime()?.block_on(async {
        let deps = dependencies(init).await?;
        let handler = &handler;
        lambda_runtime::run(lambda_runtime::service_fn(move |event: LambdaEvent<E>| async move {
            handler(deps, event.payload).await
        }))
        .await
    })
}
