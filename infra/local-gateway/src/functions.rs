//! The handlers the Lambda binaries run, by the logical id the template gives each
//! function. The gateway refuses to start when the template names a function or a
//! trigger this registry cannot play, so a new function cannot be forgotten here.

use aws_lambda_events::event::dynamodb::Event as StreamEvent;
use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use aws_lambda_events::event::streams::DynamoDbEventResponse;
use event_publisher::Bus;
use helpdesk_store::Table;
use lambda_http::{Body, Request, Response};
use serde_json::Value;

use crate::template::Template;

/// How a function is triggered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Http,
    Sqs,
    Stream,
    Schedule,
    /// An SES receipt rule's Lambda action.
    Ses,
}

/// Every function the gateway can run, with the triggers it accepts.
pub const REGISTRY: &[(&str, &[Trigger])] = &[
    ("CreateTicketFunction", &[Trigger::Http]),
    ("GetTicketFunction", &[Trigger::Http]),
    ("ListTicketsFunction", &[Trigger::Http]),
    ("UpdateTicketFunction", &[Trigger::Http]),
    ("SetTicketStatusFunction", &[Trigger::Http]),
    ("AssignTicketFunction", &[Trigger::Http]),
    ("AddInteractionFunction", &[Trigger::Http]),
    ("MergeTicketFunction", &[Trigger::Http]),
    ("MyTicketsFunction", &[Trigger::Http]),
    ("GetTicketAuditFunction", &[Trigger::Http]),
    ("CreateCustomerFunction", &[Trigger::Http]),
    ("ListCustomersFunction", &[Trigger::Http]),
    ("GetCustomerFunction", &[Trigger::Http]),
    ("UpdateCustomerFunction", &[Trigger::Http]),
    ("CreateAgentFunction", &[Trigger::Http]),
    ("ListAgentsFunction", &[Trigger::Http]),
    ("UpdateAgentFunction", &[Trigger::Http]),
    ("SetAgentStatusFunction", &[Trigger::Http]),
    ("CreateTeamFunction", &[Trigger::Http]),
    ("ListTeamsFunction", &[Trigger::Http]),
    ("UpdateTeamFunction", &[Trigger::Http]),
    ("GetOpenApiFunction", &[Trigger::Http]),
    ("GetReportOverviewFunction", &[Trigger::Http]),
    ("GetReportSlaFunction", &[Trigger::Http]),
    ("GetReportAgentsFunction", &[Trigger::Http]),
    ("GetTicketCountsFunction", &[Trigger::Http]),
    ("GetMailTemplatesFunction", &[Trigger::Http]),
    ("PutMailTemplatesFunction", &[Trigger::Http]),
    ("InboundEmailWebhookFunction", &[Trigger::Http]),
    ("ListQuarantineFunction", &[Trigger::Http]),
    ("InboundEmailFunction", &[Trigger::Ses]),
    ("ListNotificationsFunction", &[Trigger::Http]),
    ("ReadNotificationFunction", &[Trigger::Http]),
    ("GetSlaPoliciesFunction", &[Trigger::Http]),
    ("PutSlaPoliciesFunction", &[Trigger::Http]),
    ("GetBusinessHoursFunction", &[Trigger::Http]),
    ("PutBusinessHoursFunction", &[Trigger::Http]),
    ("EventPublisherFunction", &[Trigger::Stream]),
    ("SlaCheckerFunction", &[Trigger::Sqs, Trigger::Schedule]),
    ("NotifierFunction", &[Trigger::Sqs]),
    ("ReportAggregatorFunction", &[Trigger::Sqs]),
];

/// The dependencies the functions share, built once like in each Lambda's `main`.
#[derive(Debug, Clone)]
pub struct Functions {
    pub table: Table,
    pub bus: Bus,
    pub notifier: notifier::Deps,
    pub inbound: inbound_email::Deps,
    /// The local webhook secret (on AWS a generated Secrets Manager secret).
    pub webhook_secret: String,
}

impl Functions {
    pub async fn http(&self, function: &str, req: Request) -> Option<Response<Body>> {
        Some(match function {
            "CreateTicketFunction" => create_ticket::handle(&self.table, req).await,
            "GetOpenApiFunction" => get_openapi::handle(req).await,
            "GetReportOverviewFunction" => get_report_overview::handle(&self.table, req).await,
            "GetReportSlaFunction" => get_report_sla::handle(&self.table, req).await,
            "GetReportAgentsFunction" => get_report_agents::handle(&self.table, req).await,
            "GetTicketCountsFunction" => get_ticket_counts::handle(&self.table, req).await,
            "GetMailTemplatesFunction" => get_mail_templates::handle(&self.table, req).await,
            "PutMailTemplatesFunction" => put_mail_templates::handle(&self.table, req).await,
            "InboundEmailWebhookFunction" => {
                inbound_email_webhook::handle(&self.inbound, self.webhook_secret.as_bytes(), req).await
            }
            "ListQuarantineFunction" => list_quarantine::handle(&self.table, req).await,
            "ListNotificationsFunction" => list_notifications::handle(&self.table, req).await,
            "ReadNotificationFunction" => read_notification::handle(&self.table, req).await,
            "GetSlaPoliciesFunction" => get_sla_policies::handle(&self.table, req).await,
            "PutSlaPoliciesFunction" => put_sla_policies::handle(&self.table, req).await,
            "GetBusinessHoursFunction" => get_business_hours::handle(&self.table, req).await,
            "PutBusinessHoursFunction" => put_business_hours::handle(&self.table, req).await,
            "GetTicketFunction" => get_ticket::handle(&self.table, req).await,
            "ListTicketsFunction" => list_tickets::handle(&self.table, req).await,
            "UpdateTicketFunction" => update_ticket::handle(&self.table, req).await,
            "SetTicketStatusFunction" => set_ticket_status::handle(&self.table, req).await,
            "AssignTicketFunction" => assign_ticket::handle(&self.table, req).await,
            "AddInteractionFunction" => add_interaction::handle(&self.table, req).await,
            "MergeTicketFunction" => merge_ticket::handle(&self.table, req).await,
            "MyTicketsFunction" => my_tickets::handle(&self.table, req).await,
            "GetTicketAuditFunction" => get_ticket_audit::handle(&self.table, req).await,
            "CreateCustomerFunction" => create_customer::handle(&self.table, req).await,
            "ListCustomersFunction" => list_customers::handle(&self.table, req).await,
            "GetCustomerFunction" => get_customer::handle(&self.table, req).await,
            "UpdateCustomerFunction" => update_customer::handle(&self.table, req).await,
            "CreateAgentFunction" => create_agent::handle(&self.table, req).await,
            "ListAgentsFunction" => list_agents::handle(&self.table, req).await,
            "UpdateAgentFunction" => update_agent::handle(&self.table, req).await,
            "SetAgentStatusFunction" => set_agent_status::handle(&self.table, req).await,
            "CreateTeamFunction" => create_team::handle(&self.table, req).await,
            "ListTeamsFunction" => list_teams::handle(&self.table, req).await,
            "UpdateTeamFunction" => update_team::handle(&self.table, req).await,
            _ => return None,
        })
    }

    pub async fn sqs(&self, function: &str, batch: SqsEvent) -> Option<SqsBatchResponse> {
        Some(match function {
            "NotifierFunction" => notifier::handle(&self.notifier, batch).await,
            "ReportAggregatorFunction" => report_aggregator::handle(&self.table, batch).await,
            "SlaCheckerFunction" => {
                // Through the same entry point Lambda calls, payload as JSON.
                let payload = serde_json::to_value(batch).ok()?;
                let out = sla_checker::handle(&self.table, payload).await.ok()?;
                serde_json::from_value(out).ok()?
            }
            _ => return None,
        })
    }

    pub async fn stream(&self, function: &str, event: StreamEvent) -> Option<DynamoDbEventResponse> {
        match function {
            "EventPublisherFunction" => Some(event_publisher::handle(&self.bus, event).await),
            _ => None,
        }
    }

    /// An SES receipt event, through the same entry point Lambda calls.
    pub async fn ses(
        &self,
        function: &str,
        event: aws_lambda_events::event::ses::SimpleEmailEvent,
    ) -> Option<Result<Vec<inbound_email::Delivery>, String>> {
        match function {
            "InboundEmailFunction" => Some(
                inbound_email::handle(&self.inbound, event)
                    .await
                    .map_err(|e| e.to_string()),
            ),
            _ => None,
        }
    }

    pub async fn schedule(&self, function: &str, event: Value) -> Option<()> {
        match function {
            "SlaCheckerFunction" => sla_checker::handle(&self.table, event).await.ok().map(|_| ()),
            _ => None,
        }
    }
}

/// Checks that the registry and the template agree on functions and triggers.
pub fn check_against(template: &Template) -> Result<(), String> {
    let mut problems = Vec::new();
    for f in &template.functions {
        let Some((_, triggers)) = REGISTRY.iter().find(|(id, _)| *id == f.logical_id) else {
            problems.push(format!(
                "{} is in template.yaml but the local gateway has no handler for it",
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
                    "{}: template and gateway disagree on its {trigger:?} trigger",
                    f.logical_id
                ));
            }
        }
    }
    for (id, _) in REGISTRY {
        if template.function(id).is_none() {
            problems.push(format!("{id} has a local handler but is missing from template.yaml"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}
