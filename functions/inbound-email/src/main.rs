use helpdesk_platform::telemetry;
use inbound_email::Deps;
use lambda_runtime::{Error, LambdaEvent, service_fn};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    telemetry::init_lambda();
    let deps = Deps::from_env().await?;
    let deps = &deps;
    // An error makes Lambda retry the event (twice), then hand it to the function's
    // on-failure destination; a retry converges (see the crate docs).
    lambda_runtime::run(service_fn(move |event: LambdaEvent<_>| async move {
        inbound_email::handle(deps, event.payload).await.map(|_| ())
    }))
    .await
}
