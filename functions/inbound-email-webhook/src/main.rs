use helpdesk_platform::{config, telemetry};
use inbound_email::Deps;
use lambda_http::{Error, service_fn};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    telemetry::init_lambda();
    let secret = config::required("INBOUND_WEBHOOK_SECRET")?;
    let deps = Deps::from_env().await?;
    let (deps, secret) = (&deps, secret.as_bytes());
    lambda_http::run(service_fn(move |req| async move {
        Ok::<_, Error>(inbound_email_webhook::handle(deps, secret, req).await)
    }))
    .await
}
