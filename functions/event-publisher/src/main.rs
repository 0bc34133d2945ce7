use event_publisher::Bus;
use helpdesk_platform::{aws_config, config, telemetry};
use lambda_runtime::{Error, LambdaEvent, service_fn};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    telemetry::init_lambda();
    let name = config::required("EVENT_BUS_NAME")?;
    let bus = Bus {
        client: aws_sdk_eventbridge::Client::new(&aws_config().await),
        name,
    };
    let bus = &bus;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<_>| async move {
        Ok::<_, Error>(event_publisher::handle(bus, event.payload).await)
    }))
    .await
}
