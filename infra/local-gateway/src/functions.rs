//! The functions the Lambda binaries run, through the route list of
//! `helpdesk_functions`. The gateway refuses to start when the template names a function
//! or a trigger the list cannot play, so a new function cannot be forgotten here.

use std::sync::Arc;

use aws_lambda_events::event::dynamodb::Event as StreamEvent;
use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use aws_lambda_events::event::streams::DynamoDbEventResponse;
use helpdesk_functions::deps::Env;
use helpdesk_functions::routes::{self, Trigger};
use lambda_http::{Body, Request, Response};
use serde_json::Value;

use crate::template::Template;

/// Every function, with the dependencies built once like in each Lambda's `main`.
#[derive(Debug, Clone)]
pub struct Functions {
    pub env: Arc<Env>,
}

impl std::ops::Deref for Functions {
    type Target = Env;
    fn deref(&self) -> &Env {
        &self.env
    }
}

impl Functions {
    pub async fn http(&self, function: &str, req: Request) -> Option<Response<Body>> {
        routes::http(&self.env, function, req).await
    }

    pub async fn sqs(&self, function: &str, batch: SqsEvent) -> Option<SqsBatchResponse> {
        routes::sqs(&self.env, function, batch).await
    }

    pub async fn stream(&self, function: &str, event: StreamEvent) -> Option<DynamoDbEventResponse> {
        routes::stream(&self.env, function, event).await
    }

    /// An SES receipt event, through the same entry point Lambda calls.
    pub async fn ses(
        &self,
        function: &str,
        event: aws_lambda_events::event::ses::SimpleEmailEvent,
    ) -> Option<Result<Vec<helpdesk_app::inbound::Delivery>, String>> {
        routes::ses(&self.env, function, event).await
    }

    pub async fn schedule(&self, function: &str, event: Value) -> Option<()> {
        routes::schedule(&self.env, function, event).await.map(|_| ())
    }
}

/// Checks that the route list and the template agree on functions, binaries and triggers.
pub fn check_against(template: &Template) -> Result<(), String> {
    let mut problems = Vec::new();
    for f in &template.functions {
        let Some(triggers) = routes::triggers(&f.logical_id) else {
            problems.push(format!(
                "{} is in template.yaml but not in helpdesk_functions::routes",
                f.logical_id
            ));
            continue;
        };
        let needs = [
            (!f.routes.is_empty(), Trigger::Http),
            (!f.queues.is_empty(), Trigger::Sqs),
            (f.stream.is_some(), Trigger::Stream),
            (!f.schedules.is_empty(), Trigger::Schedule),
            (f.ses, Trigger::Ses),
        ];
        for (used, trigger) in needs {
            if used != triggers.contains(&trigger) {
                problems.push(format!(
                    "{}: template and route list disagree on its {trigger:?} trigger",
                    f.logical_id
                ));
            }
        }
    }
    let listed = routes::ROUTES
        .iter()
        .map(|r| r.function)
        .chain(routes::CONSUMERS.iter().map(|c| c.function));
    for id in listed {
        if template.function(id).is_none() {
            problems.push(format!("{id} is in the route list but missing from template.yaml"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}
