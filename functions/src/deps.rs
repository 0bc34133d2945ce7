//! What each function builds at cold start from its environment (missing variables stop
//! it there, naming the variable), and the [`Env`] that hosts running every function at
//! once (the local gateway, the tests) hold.

use aws_config::SdkConfig;
use helpdesk_app::inbound::Mailroom;
use helpdesk_app::notify::Mailer;
use std::sync::Arc;

use helpdesk_app::search::Indexes;
use helpdesk_blobs::{FileBucket, S3, SearchBucket};
use helpdesk_mail::Signer;
use helpdesk_mail::send::Ses;
use helpdesk_platform::aws_config;
use helpdesk_platform::config::required;
use helpdesk_platform::lambda::Error;
use helpdesk_store::Table;

/// The bus and the client that reaches it.
#[derive(Debug, Clone)]
pub struct Bus {
    pub client: aws_sdk_eventbridge::Client,
    pub name: String,
}

/// What the inbound-mail webhook needs besides delivery: its shared secret.
#[derive(Debug, Clone)]
pub struct Webhook {
    pub mailroom: Mailroom<Table, S3>,
    pub secret: String,
}

/// An org's search index, its files in the search bucket, its local copies.
pub type Search = Arc<Indexes<Table, SearchBucket>>;

/// The table and the attachments bucket's files: the functions that take or serve uploads.
#[derive(Debug, Clone)]
pub struct WithFiles {
    pub table: Table,
    pub files: FileBucket,
    /// `MALWARE_SCAN=required`: serve files only once GuardDuty found them clean.
    pub scanning: helpdesk_app::attachments::Scanning,
}

/// The notifier's table, mail, and the files a reply's mail carries.
#[derive(Debug, Clone)]
pub struct Notifier {
    pub table: Table,
    pub mailer: Mailer<Ses>,
    pub files: FileBucket,
    pub scanning: helpdesk_app::attachments::Scanning,
}

/// The survey links' functions: the table and the signing key that checks their tokens.
#[derive(Debug, Clone)]
pub struct Surveys {
    pub table: Table,
    pub signer: Signer,
}

/// Every function's dependencies, for hosts that run them all.
#[derive(Debug, Clone)]
pub struct Env {
    /// What functions that need nothing get.
    pub none: (),
    pub table: Table,
    pub bus: Bus,
    pub notifier: Notifier,
    pub mailroom: Mailroom<Table, S3>,
    pub webhook: Webhook,
    pub search: Search,
    pub files: WithFiles,
    pub surveys: Surveys,
}

/// Functions that need nothing (the OpenAPI document): not even an SDK configuration.
pub async fn none() -> Result<(), Error> {
    Ok(())
}

/// The table (`TABLE_NAME`).
pub async fn table() -> Result<Table, Error> {
    table_with(&aws_config().await)
}

fn table_with(aws: &SdkConfig) -> Result<Table, Error> {
    Ok(Table::new(aws_sdk_dynamodb::Client::new(aws), required("TABLE_NAME")?))
}

/// The table and the attachments bucket (`ATTACHMENTS_BUCKET`).
pub async fn files() -> Result<WithFiles, Error> {
    let aws = aws_config().await;
    Ok(WithFiles {
        table: table_with(&aws)?,
        files: FileBucket {
            client: aws_sdk_s3::Client::new(&aws),
            bucket: required("ATTACHMENTS_BUCKET")?,
        },
        scanning: scanning(),
    })
}

/// `MALWARE_SCAN` (`required` or unset).
fn scanning() -> helpdesk_app::attachments::Scanning {
    match std::env::var("MALWARE_SCAN").as_deref() {
        Ok("required") => helpdesk_app::attachments::Scanning::Required,
        _ => helpdesk_app::attachments::Scanning::Off,
    }
}

/// The bus (`EVENT_BUS_NAME`).
pub async fn bus() -> Result<Bus, Error> {
    let aws = aws_config().await;
    Ok(Bus {
        client: aws_sdk_eventbridge::Client::new(&aws),
        name: required("EVENT_BUS_NAME")?,
    })
}

fn signer() -> Result<Signer, Error> {
    Ok(Signer::new(
        required("MAIL_SIGNING_KEY")?.into_bytes(),
        required("MAIL_DOMAIN")?,
    ))
}

/// The table and the signing key (`MAIL_SIGNING_KEY`, `MAIL_DOMAIN`).
pub async fn surveys() -> Result<Surveys, Error> {
    Ok(Surveys {
        table: table_with(&aws_config().await)?,
        signer: signer()?,
    })
}

/// The table, mail through SESv2 (`MAIL_FROM`, `PORTAL_URL`, the signing key) and the
/// attachments bucket (`ATTACHMENTS_BUCKET`).
pub async fn notifier() -> Result<Notifier, Error> {
    let aws = aws_config().await;
    let mailer = Mailer {
        sender: Ses(aws_sdk_sesv2::Client::new(&aws)),
        signer: signer()?,
        from: required("MAIL_FROM")?,
        portal_url: required("PORTAL_URL")?,
    };
    Ok(Notifier {
        table: table_with(&aws)?,
        mailer,
        files: FileBucket {
            client: aws_sdk_s3::Client::new(&aws),
            bucket: required("ATTACHMENTS_BUCKET")?,
        },
        scanning: scanning(),
    })
}

/// Inbound delivery: the table, both buckets, the signing key.
pub async fn mailroom() -> Result<Mailroom<Table, S3>, Error> {
    let aws = aws_config().await;
    let blobs = S3 {
        client: aws_sdk_s3::Client::new(&aws),
        inbound_bucket: required("INBOUND_BUCKET")?,
        attachments_bucket: required("ATTACHMENTS_BUCKET")?,
    };
    Ok(Mailroom {
        store: table_with(&aws)?,
        blobs,
        signer: signer()?,
        limits: helpdesk_inbound::Limits::default(),
    })
}

/// The webhook: delivery and `INBOUND_WEBHOOK_SECRET`.
pub async fn webhook() -> Result<Webhook, Error> {
    Ok(Webhook {
        mailroom: mailroom().await?,
        secret: required("INBOUND_WEBHOOK_SECRET")?,
    })
}

/// Search: the table (manifests, documents), the search bucket (`SEARCH_BUCKET`), and
/// local copies under `SEARCH_DIR` (default `/tmp/search`, Lambda's writable disk).
pub async fn search() -> Result<Search, Error> {
    let aws = aws_config().await;
    let files = SearchBucket {
        client: aws_sdk_s3::Client::new(&aws),
        bucket: required("SEARCH_BUCKET")?,
    };
    let root = std::env::var("SEARCH_DIR").unwrap_or_else(|_| "/tmp/search".to_owned());
    Ok(Arc::new(Indexes::new(table_with(&aws)?, files, root)))
}
