use helpdesk_platform::{aws_config, config, telemetry};
use helpdesk_store::Table;
use inbound_email::Deps;
use lambda_runtime::{Error, LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), Error> {
    telemetry::init_lambda();
    let table_name = config::required("TABLE_NAME")?;
    let domain = config::required("MAIL_DOMAIN")?;
    let key = config::required("MAIL_SIGNING_KEY")?;
    let inbound_bucket = config::required("INBOUND_BUCKET")?;
    let attachments_bucket = config::required("ATTACHMENTS_BUCKET")?;
    let aws = aws_config().await;
    let deps = Deps {
        table: Table::new(aws_sdk_dynamodb::Client::new(&aws), table_name),
        s3: aws_sdk_s3::Client::new(&aws),
        signer: helpdesk_mail::Signer::new(key.into_bytes(), domain),
        inbound_bucket,
        attachments_bucket,
        limits: helpdesk_inbound::Limits::default(),
    };
    let deps = &deps;
    // An error makes Lambda retry the event (twice), then hand it to the function's
    // on-failure destination; a retry converges (see the crate docs).
    lambda_runtime::run(service_fn(move |event: LambdaEvent<_>| async move {
        inbound_email::handle(deps, event.payload).await.map(|_| ())
    }))
    .await
}
