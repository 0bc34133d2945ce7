// The runtime future of this handler nests deeper than the default limit.
#![recursion_limit = "256"]

use helpdesk_platform::{aws_config, config, telemetry};
use helpdesk_store::Table;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use notifier::{Deps, Mailer};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    telemetry::init_lambda();
    let table_name = config::required("TABLE_NAME")?;
    let domain = config::required("MAIL_DOMAIN")?;
    let key = config::required("MAIL_SIGNING_KEY")?;
    let from = config::required("MAIL_FROM")?;
    let portal_url = config::required("PORTAL_URL")?;
    let aws = aws_config().await;
    let deps = Deps {
        table: Table::new(aws_sdk_dynamodb::Client::new(&aws), table_name),
        mailer: Mailer {
            ses: aws_sdk_sesv2::Client::new(&aws),
            signer: helpdesk_mail::Signer::new(key.into_bytes(), domain),
            from,
            portal_url,
        },
    };
    let deps = &deps;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<_>| async move {
        Ok::<_, Error>(notifier::handle(deps, event.payload).await)
    }))
    .await
}
