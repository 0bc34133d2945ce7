//! The one list of functions: each HTTP route's handler with its template resource and
//! binary, and each consumer with its triggers. It feeds the local gateway (which runs
//! them all), the OpenAPI document (`Paths`, from each handler's `utoipa::path`), and
//! the checks against `template.yaml` and `src/bin` (tests in `infra/openapi` and the
//! gateway). A new endpoint is its handler, one line here, a one-line binary and its
//! template resource.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use aws_lambda_events::event::dynamodb::Event as StreamEvent;
use aws_lambda_events::event::ses::SimpleEmailEvent;
use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use aws_lambda_events::event::streams::DynamoDbEventResponse;
use helpdesk_app::inbound::Delivery;
use lambda_http::{Body, Request, Response};
use serde_json::Value;

use crate::consumers;
use crate::deps::Env;

/// A boxed handler call, so one list holds handlers of every dependency type.
pub type HttpCall = fn(Arc<Env>, Request) -> Pin<Box<dyn Future<Output = Response<Body>> + Send>>;

/// An HTTP function.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// The function's logical id in `template.yaml`.
    pub function: &'static str,
    /// Its binary (`src/bin/<binary>.rs`, the template's `Metadata.Binary`).
    pub binary: &'static str,
    /// The handler's name, also the operation's `operationId` in the OpenAPI document.
    pub operation: &'static str,
    pub call: HttpCall,
}

macro_rules! routes {
    ($( $function:literal $binary:literal $deps:ident $module:ident :: $handler:ident ),* $(,)?) => {
        /// Every HTTP function.
        pub const ROUTES: &[Route] = &[$(
            Route {
                function: $function,
                binary: $binary,
                operation: stringify!($handler),
                call: |env, req| Box::pin(async move { crate::http::$module::$handler(&env.$deps, req).await }),
            },
        )*];

        /// The handlers' OpenAPI operations, in route-list order.
        #[cfg(feature = "openapi")]
        #[derive(utoipa::OpenApi)]
        #[openapi(paths($(crate::http::$module::$handler),*))]
        pub struct Paths;
    };
}

routes! {
    "CreateTicketFunction" "create-ticket" files tickets::create_ticket,
    "ListTicketsFunction" "list-tickets" table tickets::list_tickets,
    "GetTicketFunction" "get-ticket" table tickets::get_ticket,
    "UpdateTicketFunction" "update-ticket" table tickets::update_ticket,
    "SetTicketStatusFunction" "set-ticket-status" table tickets::set_ticket_status,
    "AssignTicketFunction" "assign-ticket" table tickets::assign_ticket,
    "AddInteractionFunction" "add-interaction" files tickets::add_interaction,
    "MergeTicketFunction" "merge-ticket" table tickets::merge_ticket,
    "BulkTicketsFunction" "bulk-tickets" table tickets::bulk_tickets,
    "GetTicketAuditFunction" "get-ticket-audit" table tickets::get_ticket_audit,
    "MyTicketsFunction" "my-tickets" table tickets::my_tickets,
    "CreateTicketAttachmentFunction" "create-ticket-attachment" files attachments::create_ticket_attachment,
    "CreateAttachmentFunction" "create-attachment" files attachments::create_attachment,
    "GetAttachmentFunction" "get-attachment" files attachments::get_attachment,
    "GetAttachmentLimitsFunction" "get-attachment-limits" table attachments::get_attachment_limits,
    "PutAttachmentLimitsFunction" "put-attachment-limits" table attachments::put_attachment_limits,
    "CreateCustomerFunction" "create-customer" table people::create_customer,
    "ListCustomersFunction" "list-customers" table people::list_customers,
    "GetCustomerFunction" "get-customer" table people::get_customer,
    "UpdateCustomerFunction" "update-customer" table people::update_customer,
    "CreateAgentFunction" "create-agent" table people::create_agent,
    "ListAgentsFunction" "list-agents" table people::list_agents,
    "UpdateAgentFunction" "update-agent" table people::update_agent,
    "SetAgentStatusFunction" "set-agent-status" table people::set_agent_status,
    "CreateTeamFunction" "create-team" table people::create_team,
    "ListTeamsFunction" "list-teams" table people::list_teams,
    "UpdateTeamFunction" "update-team" table people::update_team,
    "GetSlaPoliciesFunction" "get-sla-policies" table settings::get_sla_policies,
    "PutSlaPoliciesFunction" "put-sla-policies" table settings::put_sla_policies,
    "GetBusinessHoursFunction" "get-business-hours" table settings::get_business_hours,
    "PutBusinessHoursFunction" "put-business-hours" table settings::put_business_hours,
    "GetMailTemplatesFunction" "get-mail-templates" table settings::get_mail_templates,
    "PutMailTemplatesFunction" "put-mail-templates" table settings::put_mail_templates,
    "ListNotificationsFunction" "list-notifications" table notifications::list_notifications,
    "ReadNotificationFunction" "read-notification" table notifications::read_notification,
    "GetReportOverviewFunction" "get-report-overview" table reports::get_report_overview,
    "GetReportSlaFunction" "get-report-sla" table reports::get_report_sla,
    "GetReportAgentsFunction" "get-report-agents" table reports::get_report_agents,
    "GetReportKnowledgeBaseFunction" "get-report-knowledge-base" table reports::get_report_knowledge_base,
    "GetTicketCountsFunction" "get-ticket-counts" table reports::get_ticket_counts,
    "ListQuarantineFunction" "list-quarantine" table mail::list_quarantine,
    "ListTriggersFunction" "list-triggers" table rules::list_triggers,
    "CreateTriggerFunction" "create-trigger" table rules::create_trigger,
    "GetTriggerFunction" "get-trigger" table rules::get_trigger,
    "UpdateTriggerFunction" "update-trigger" table rules::update_trigger,
    "DeleteTriggerFunction" "delete-trigger" table rules::delete_trigger,
    "DryRunTriggersFunction" "dry-run-triggers" table rules::dry_run_triggers,
    "ListAutomationsFunction" "list-automations" table rules::list_automations,
    "CreateAutomationFunction" "create-automation" table rules::create_automation,
    "GetAutomationFunction" "get-automation" table rules::get_automation,
    "UpdateAutomationFunction" "update-automation" table rules::update_automation,
    "DeleteAutomationFunction" "delete-automation" table rules::delete_automation,
    "DryRunAutomationsFunction" "dry-run-automations" table rules::dry_run_automations,
    "GetRoutingFunction" "get-routing" table rules::get_routing,
    "PutRoutingFunction" "put-routing" table rules::put_routing,
    "GetRoutingQueueFunction" "get-routing-queue" table rules::get_routing_queue,
    "ListArticlesFunction" "list-articles" search kb::list_articles,
    "CreateArticleFunction" "create-article" table kb::create_article,
    "GetArticleFunction" "get-article" table kb::get_article,
    "UpdateArticleFunction" "update-article" table kb::update_article,
    "PublishArticleFunction" "publish-article" table kb::publish_article,
    "ArchiveArticleFunction" "archive-article" table kb::archive_article,
    "ListArticleVersionsFunction" "list-article-versions" table kb::list_article_versions,
    "GetArticleVersionFunction" "get-article-version" table kb::get_article_version,
    "RestoreArticleVersionFunction" "restore-article-version" table kb::restore_article_version,
    "ArticleFeedbackFunction" "article-feedback" table kb::article_feedback,
    "RecordDeflectionFunction" "record-deflection" table kb::record_deflection,
    "ListCategoriesFunction" "list-categories" table kb::list_categories,
    "CreateCategoryFunction" "create-category" table kb::create_category,
    "UpdateCategoryFunction" "update-category" table kb::update_category,
    "HelpCategoriesFunction" "help-categories" table help::help_categories,
    "HelpArticlesFunction" "help-articles" search help::help_articles,
    "HelpArticleFunction" "help-article" table help::help_article,
    "HelpArticleFeedbackFunction" "help-article-feedback" table help::help_article_feedback,
    "SearchFunction" "search" search search::search,
    "SuggestionsFunction" "suggestions" search search::suggestions,
    "ReindexFunction" "reindex" search search::reindex,
    "ListCannedResponsesFunction" "list-canned-responses" table library::list_canned_responses,
    "CreateCannedResponseFunction" "create-canned-response" table library::create_canned_response,
    "GetCannedResponseFunction" "get-canned-response" table library::get_canned_response,
    "UpdateCannedResponseFunction" "update-canned-response" table library::update_canned_response,
    "DeleteCannedResponseFunction" "delete-canned-response" table library::delete_canned_response,
    "RenderCannedResponseFunction" "render-canned-response" table library::render_canned_response,
    "ListMacrosFunction" "list-macros" table library::list_macros,
    "CreateMacroFunction" "create-macro" table library::create_macro,
    "GetMacroFunction" "get-macro" table library::get_macro,
    "UpdateMacroFunction" "update-macro" table library::update_macro,
    "DeleteMacroFunction" "delete-macro" table library::delete_macro,
    "ApplyMacroFunction" "apply-macro" table library::apply_macro,
    "GetCsatFunction" "get-csat" surveys csat::get_csat,
    "RateCsatFunction" "rate-csat" surveys csat::rate_csat,
    "GetTicketSatisfactionFunction" "get-ticket-satisfaction" table csat::get_ticket_satisfaction,
    "RateTicketFunction" "rate-ticket" table csat::rate_ticket,
    "GetCsatSettingsFunction" "get-csat-settings" table csat::get_csat_settings,
    "PutCsatSettingsFunction" "put-csat-settings" table csat::put_csat_settings,
    "GetReportCsatFunction" "get-report-csat" table csat::get_report_csat,
    "InboundEmailWebhookFunction" "inbound-email-webhook" webhook mail::inbound_email_webhook,
    "GetOpenApiFunction" "get-openapi" none meta::get_openapi,
}

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

/// A function that is not HTTP.
#[derive(Debug, Clone, Copy)]
pub struct Consumer {
    pub function: &'static str,
    pub binary: &'static str,
    pub triggers: &'static [Trigger],
}

/// Every consumer.
pub const CONSUMERS: &[Consumer] = &[
    Consumer {
        function: "EventPublisherFunction",
        binary: "event-publisher",
        triggers: &[Trigger::Stream],
    },
    Consumer {
        function: "SlaCheckerFunction",
        binary: "sla-checker",
        triggers: &[Trigger::Sqs, Trigger::Schedule],
    },
    Consumer {
        function: "NotifierFunction",
        binary: "notifier",
        triggers: &[Trigger::Sqs],
    },
    Consumer {
        function: "ReportAggregatorFunction",
        binary: "report-aggregator",
        triggers: &[Trigger::Sqs],
    },
    Consumer {
        function: "RouterFunction",
        binary: "router",
        triggers: &[Trigger::Sqs],
    },
    Consumer {
        function: "AutomationsFunction",
        binary: "automations",
        triggers: &[Trigger::Schedule],
    },
    Consumer {
        function: "SearchIndexerFunction",
        binary: "search-indexer",
        triggers: &[Trigger::Sqs],
    },
    Consumer {
        function: "InboundEmailFunction",
        binary: "inbound-email",
        triggers: &[Trigger::Ses],
    },
];

/// The HTTP route of a function, if it is one.
pub fn route(function: &str) -> Option<&'static Route> {
    ROUTES.iter().find(|r| r.function == function)
}

/// The triggers a function accepts; `None` for a function this list does not know.
pub fn triggers(function: &str) -> Option<&'static [Trigger]> {
    if route(function).is_some() {
        return Some(&[Trigger::Http]);
    }
    CONSUMERS.iter().find(|c| c.function == function).map(|c| c.triggers)
}

/// Runs an HTTP function; `None` when `function` is not one.
pub async fn http(env: &Arc<Env>, function: &str, req: Request) -> Option<Response<Body>> {
    let route = route(function)?;
    Some((route.call)(env.clone(), req).await)
}

/// Runs an SQS consumer on a batch, through the entry point Lambda calls.
pub async fn sqs(env: &Env, function: &str, batch: SqsEvent) -> Option<SqsBatchResponse> {
    match function {
        "NotifierFunction" => consumers::notifier(&env.notifier, batch).await.ok(),
        "ReportAggregatorFunction" => consumers::report_aggregator(&env.table, batch).await.ok(),
        "SearchIndexerFunction" => consumers::search_indexer(&env.search, batch).await.ok(),
        "RouterFunction" => consumers::router(&env.table, batch).await.ok(),
        "SlaCheckerFunction" => {
            let out = consumers::sla_checker(&env.table, serde_json::to_value(batch).ok()?)
                .await
                .ok()?;
            serde_json::from_value(out).ok()
        }
        _ => None,
    }
}

/// Runs the stream's consumer on a batch.
pub async fn stream(env: &Env, function: &str, event: StreamEvent) -> Option<DynamoDbEventResponse> {
    match function {
        "EventPublisherFunction" => consumers::event_publisher(&env.bus, event).await.ok(),
        _ => None,
    }
}

/// Runs a scheduled function with its event.
pub async fn schedule(env: &Env, function: &str, event: Value) -> Option<Value> {
    match function {
        "SlaCheckerFunction" => consumers::sla_checker(&env.table, event).await.ok(),
        "AutomationsFunction" => consumers::automations(&env.table, event).await.ok(),
        _ => None,
    }
}

/// Runs an SES receipt rule's function.
pub async fn ses(env: &Env, function: &str, event: SimpleEmailEvent) -> Option<Result<Vec<Delivery>, String>> {
    match function {
        "InboundEmailFunction" => Some(
            consumers::inbound_email(&env.mailroom, event)
                .await
                .map_err(|e| e.to_string()),
        ),
        _ => None,
    }
}
