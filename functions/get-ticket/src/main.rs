use helpdesk_platform::{aws_config, config, telemetry};
use helpdesk_store::Table;
use lambda_http::{Error, service_fn};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    telemetry::init_lambda();
    let table_name = config::required("TABLE_NAME")?;
    let table = Table::new(aws_sdk_dynamodb::Client::new(&aws_config().await), table_name);
    let table = &table;
    lambda_http::run(service_fn(move |req| async move {
        Ok::<_, Error>(get_ticket::handle(table, req).await)
    }))
    .await
}
