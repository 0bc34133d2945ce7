//! The sample events in `events/` drive the real handlers, as Lambda would.

use aws_lambda_events::event::dynamodb::Event as StreamEvent;
use aws_lambda_events::event::sqs::SqsEvent;
use helpdesk_domain::OrgId;
#[allow(unused_imports)]
use helpdesk_store::prelude::*;
use helpdesk_tests::{TestApp, root};
use serde_json::Value;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("events").join(name)).unwrap()
}

#[tokio::test]
async fn the_create_ticket_fixture_opens_a_ticket_and_get_reads_only_existing_ones() {
    let app = TestApp::spawn_with(false).await;
    let req = lambda_http::request::from_str(&fixture("apigw-create-ticket.json")).unwrap();
    let resp = helpdesk_functions::http::tickets::create_ticket(app.with_files(), req).await;
    assert_eq!(resp.status(), 201);
    let body: Value = serde_json::from_slice(resp.body().as_ref()).unwrap();
    assert_eq!(body["number"], "TKT-000004");

    // The get fixture names a ticket that does not exist in this stack.
    let req = lambda_http::request::from_str(&fixture("apigw-get-ticket.json")).unwrap();
    let resp = helpdesk_functions::http::tickets::get_ticket(app.table(), req).await;
    assert_eq!(resp.status(), 404);
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn the_stream_fixture_is_published_and_the_sqs_fixture_is_counted() {
    let app = TestApp::spawn_with(false).await;
    let stream: StreamEvent = serde_json::from_str(&fixture("dynamodb-stream-outbox.json")).unwrap();
    let published = helpdesk_functions::consumers::event_publisher(&app.gateway.functions.bus, stream)
        .await
        .unwrap();
    assert!(published.batch_item_failures.is_empty());
    // The rule routed it to the report queue.
    let url = &app.gateway.stack.queue_urls["ReportAggregatorQueue"];
    let got = app
        .gateway
        .clients
        .sqs
        .receive_message()
        .queue_url(url)
        .wait_time_seconds(2)
        .send()
        .await
        .unwrap();
    let body: Value = serde_json::from_str(got.messages()[0].body().unwrap()).unwrap();
    assert_eq!(body["detail-type"], "TicketCreated");
    assert_eq!(body["detail"]["event_id"], "01JD7Z5B1R0000000000000000");

    let batch: SqsEvent = serde_json::from_str(&fixture("sqs-ticket-created.json")).unwrap();
    let response = helpdesk_functions::consumers::report_aggregator(app.table(), batch)
        .await
        .unwrap();
    assert!(response.batch_item_failures.is_empty());
    let n = app
        .table()
        .report_count(
            &OrgId::parse("10001").unwrap(),
            "2026-11-21",
            &helpdesk_domain::reports::Dimension::all(),
            helpdesk_domain::reports::counter::TICKETS_CREATED,
        )
        .await
        .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn the_schedule_fixture_runs_the_sla_checker() {
    let app = TestApp::spawn_with(false).await;
    let tick: Value = serde_json::from_str(&fixture("schedule-tick.json")).unwrap();
    helpdesk_functions::consumers::sla_checker(app.table(), tick)
        .await
        .unwrap();
    let batch: Value = serde_json::from_str(&fixture("sqs-ticket-created.json")).unwrap();
    let out = helpdesk_functions::consumers::sla_checker(app.table(), batch)
        .await
        .unwrap();
    assert_eq!(out["batchItemFailures"], serde_json::json!([]));
}
