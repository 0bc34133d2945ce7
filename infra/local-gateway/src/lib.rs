//! The local gateway: plays, on one machine, the AWS parts around our functions.
//!
//! - API Gateway: routes from `template.yaml` to the same handlers the Lambda binaries
//!   run, with a JWT authorizer like the HTTP API's ([`auth::Authorizer`]).
//! - Cognito, for local sign-in of seeded users ([`auth::LocalIssuer`]).
//! - The event sources: the table's stream, the SQS queues and the schedule
//!   ([`sources`]).
//! - CloudFormation, as far as the emulators need it ([`provision`]).
//!
//! It is never deployed. It talks to DynamoDB Local and moto through the AWS SDK, whose
//! endpoints come from the standard variables (`AWS_ENDPOINT_URL`, ...) or, in tests,
//! from [`Clients::for_endpoints`].

pub mod auth;
pub mod bridge;
pub mod functions;
pub mod mailbox;
pub mod provision;
pub mod seed;
pub mod server;
pub mod sources;
pub mod template;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use aws_config::{Region, SdkConfig};
use helpdesk_functions::deps::{Bus, Env, Webhook};
use helpdesk_store::Table;
use tokio::task::JoinHandle;

use crate::auth::{Authorizer, LOCAL_AUDIENCE, LocalIssuer, LocalUser};
use crate::functions::Functions;
use crate::provision::Stack;
use crate::template::Template;

/// The key that signs Message-IDs of local mail. Local only: never a deployed secret.
pub const LOCAL_MAIL_KEY: &str = "local-development-mail-signing-key";
/// The key that signs local inbound-webhook requests. Local only.
pub const LOCAL_WEBHOOK_SECRET: &str = "local-development-webhook-secret";

/// SDK clients for every emulated service.
#[derive(Debug, Clone)]
pub struct Clients {
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub streams: aws_sdk_dynamodbstreams::Client,
    pub sqs: aws_sdk_sqs::Client,
    pub eventbridge: aws_sdk_eventbridge::Client,
    pub s3: aws_sdk_s3::Client,
    pub ses: aws_sdk_sesv2::Client,
    /// The endpoint of everything but DynamoDB (moto), for its own API (sent mail).
    pub moto_url: Option<String>,
}

impl Clients {
    /// From the environment, as the Lambda functions do.
    pub async fn from_env() -> Self {
        Self::new(&helpdesk_platform::aws_config().await)
    }

    /// For explicit endpoints (tests run their own emulators), with dummy credentials.
    pub async fn for_endpoints(dynamodb: &str, others: &str) -> Self {
        let base = helpdesk_platform::sdk_defaults()
            .region(Region::new("us-east-1"))
            .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
                "local", "local", None, None, "local",
            ))
            .endpoint_url(others)
            .load()
            .await;
        let ddb = base.clone().into_builder().endpoint_url(dynamodb).build();
        let mut clients = Self::new(&base);
        clients.dynamodb = aws_sdk_dynamodb::Client::new(&ddb);
        clients.streams = aws_sdk_dynamodbstreams::Client::new(&ddb);
        clients
    }

    fn new(config: &SdkConfig) -> Self {
        // moto serves S3 on one host name: path-style addressing.
        let s3 = aws_sdk_s3::config::Builder::from(config).force_path_style(true).build();
        Self {
            dynamodb: aws_sdk_dynamodb::Client::new(config),
            streams: aws_sdk_dynamodbstreams::Client::new(config),
            sqs: aws_sdk_sqs::Client::new(config),
            eventbridge: aws_sdk_eventbridge::Client::new(config),
            s3: aws_sdk_s3::Client::from_conf(s3),
            ses: aws_sdk_sesv2::Client::new(config),
            moto_url: config.endpoint_url().map(str::to_owned),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub addr: SocketAddr,
    pub template: PathBuf,
    pub seed: Option<PathBuf>,
    /// Also seed the orgs' worked tickets (resolved and rated): `make dev`, not tests.
    pub seed_history: bool,
    /// Prefix of every physical resource name.
    pub prefix: String,
    /// Run the stream, queue and schedule pollers.
    pub event_sources: bool,
    /// Override of the schedule period (tests tick faster).
    pub schedule_period: Option<Duration>,
    /// The web app's build, served at `/`.
    pub web_dir: PathBuf,
}

/// A running gateway. Dropping it stops the server and the pollers.
#[derive(Debug)]
pub struct Gateway {
    pub addr: SocketAddr,
    pub stack: Stack,
    pub template: Template,
    pub issuer: Arc<LocalIssuer>,
    pub functions: Arc<Functions>,
    pub clients: Clients,
    pub users: Vec<LocalUser>,
    pub seeded_tickets: usize,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for Gateway {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

impl Gateway {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Provisions the stack, seeds it, and starts the server and the event sources.
pub async fn start(clients: Clients, options: Options) -> Result<Gateway> {
    let template = Template::load(&options.template)?;
    functions::check_against(&template).map_err(|e| anyhow!("template.yaml and the local gateway disagree:\n{e}"))?;
    let stack = provision::provision(&clients, &template, &options.prefix)
        .await
        .context("provisioning the local stack (are the emulators running?)")?;

    let table = Table::new(clients.dynamodb.clone(), stack.table("Table")?);
    let bus = Bus {
        client: clients.eventbridge.clone(),
        name: stack.bus("EventBus")?.to_owned(),
    };
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .with_context(|| format!("binding {}", options.addr))?;
    let addr = listener.local_addr()?;
    // Local mail goes to moto's SES from the template's mail domain, signed with a key
    // that exists only here (on AWS it is a generated Secrets Manager secret).
    let mail_domain = template
        .mail_identities
        .first()
        .cloned()
        .unwrap_or_else(|| "mail.helpdesk.example".to_owned());
    let mailer = helpdesk_app::notify::Mailer {
        sender: helpdesk_mail::send::Ses(clients.ses.clone()),
        signer: helpdesk_mail::Signer::new(LOCAL_MAIL_KEY.as_bytes().to_vec(), mail_domain.clone()),
        from: format!("support@{mail_domain}"),
        portal_url: format!("http://{addr}"),
    };
    let rule = template
        .receipt_rules
        .first()
        .cloned()
        .ok_or_else(|| anyhow!("template.yaml has no SES receipt rule"))?;
    let mailroom = helpdesk_app::inbound::Mailroom {
        store: table.clone(),
        blobs: helpdesk_blobs::S3 {
            client: clients.s3.clone(),
            inbound_bucket: stack.bucket(&rule.bucket)?.to_owned(),
            attachments_bucket: stack.bucket("AttachmentsBucket")?.to_owned(),
        },
        signer: helpdesk_mail::Signer::new(LOCAL_MAIL_KEY.as_bytes().to_vec(), mail_domain.clone()),
        limits: helpdesk_inbound::Limits::default(),
    };
    // Local copies of the search indexes: one directory per gateway (its stack prefix).
    let search = Arc::new(helpdesk_app::search::Indexes::new(
        table.clone(),
        helpdesk_blobs::SearchBucket {
            client: clients.s3.clone(),
            bucket: stack.bucket("SearchBucket")?.to_owned(),
        },
        std::env::temp_dir().join("helpdesk-search").join(&options.prefix),
    ));
    let functions = Functions {
        env: Arc::new(Env {
            search,
            files: helpdesk_functions::deps::WithFiles {
                table: table.clone(),
                files: helpdesk_blobs::FileBucket {
                    client: clients.s3.clone(),
                    bucket: stack.bucket("AttachmentsBucket")?.to_owned(),
                },
                // moto has no GuardDuty: files are not scanned locally.
                scanning: helpdesk_app::attachments::Scanning::Off,
            },
            none: (),
            surveys: helpdesk_functions::deps::Surveys {
                table: table.clone(),
                signer: mailroom.signer.clone(),
            },
            table: table.clone(),
            bus,
            notifier: helpdesk_functions::deps::Notifier {
                table,
                mailer,
                files: helpdesk_blobs::FileBucket {
                    client: clients.s3.clone(),
                    bucket: stack.bucket("AttachmentsBucket")?.to_owned(),
                },
                scanning: helpdesk_app::attachments::Scanning::Off,
            },
            webhook: Webhook {
                mailroom: mailroom.clone(),
                secret: LOCAL_WEBHOOK_SECRET.to_owned(),
            },
            mailroom,
        }),
    };
    let functions = Arc::new(functions);
    let issuer = Arc::new(LocalIssuer::new(format!("http://{addr}/local"))?);
    let authorizer = Authorizer::new(issuer.issuer(), LOCAL_AUDIENCE, issuer.jwks().clone());

    let (users, seeded_tickets) = match &options.seed {
        Some(path) => {
            let seed = seed::Seed::load(path)?;
            let n = seed::apply(&seed, &functions, options.seed_history)
                .await
                .context("seeding")?;
            (seed.users()?, n)
        }
        None => (Vec::new(), 0),
    };
    let logins: HashMap<String, LocalUser> = users.iter().map(|u| (u.email.clone(), u.clone())).collect();

    let mut tasks = Vec::new();
    let app = server::router(
        &template,
        server::State {
            functions: functions.clone(),
            authorizer,
            issuer: issuer.clone(),
            logins: Arc::new(logins),
            moto_url: clients.moto_url.clone(),
            inbound_rule: rule,
            s3: clients.s3.clone(),
        },
        &options.web_dir,
    );
    tasks.push(tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "gateway server stopped");
        }
    }));

    if options.event_sources {
        for f in &template.functions {
            if let Some(table) = &f.stream {
                let arn = stack
                    .stream_arns
                    .get(table)
                    .cloned()
                    .ok_or_else(|| anyhow!("{table} has no stream"))?;
                tasks.push(tokio::spawn(sources::run_stream(
                    functions.clone(),
                    clients.streams.clone(),
                    arn,
                    f.logical_id.clone(),
                )));
            }
            for q in &f.queues {
                let url = stack
                    .queue_urls
                    .get(q)
                    .cloned()
                    .ok_or_else(|| anyhow!("queue {q} missing"))?;
                let arn = stack.queue_arns.get(q).cloned().unwrap_or_default();
                tasks.push(tokio::spawn(sources::run_queue(
                    functions.clone(),
                    clients.sqs.clone(),
                    url,
                    arn,
                    f.logical_id.clone(),
                )));
            }
            for s in &f.schedules {
                let period = options
                    .schedule_period
                    .or_else(|| sources::parse_rate(s))
                    .ok_or_else(|| anyhow!("{}: unsupported schedule {s}", f.logical_id))?;
                tasks.push(tokio::spawn(sources::run_schedule(
                    functions.clone(),
                    f.logical_id.clone(),
                    period,
                )));
            }
        }
    }

    Ok(Gateway {
        addr,
        stack,
        template,
        issuer,
        functions,
        clients,
        users,
        seeded_tickets,
        tasks,
    })
}
