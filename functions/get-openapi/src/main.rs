use lambda_http::{Error, service_fn};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    helpdesk_platform::telemetry::init_lambda();
    lambda_http::run(service_fn(|req| async move {
        Ok::<_, Error>(get_openapi::handle(req).await)
    }))
    .await
}
