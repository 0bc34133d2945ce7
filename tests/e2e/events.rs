//! The outbox path: a command's event goes table → stream → event-publisher → bus →
//! rules → queues → consumers, and each consumer does its effect once per event.

#[allow(unused_imports)]
use helpdesk_store::prelude::*;
use std::time::Duration;

use aws_lambda_events::event::dynamodb::{Event as StreamEvent, EventRecord};
use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_sqs::types::QueueAttributeName;
use helpdesk_domain::events::Event;
use helpdesk_domain::reports::{Dimension, counter};
use helpdesk_domain::{OrgId, TicketId};
use helpdesk_store::keys;
use helpdesk_tests::{TestApp, eventually, json};
use serde_json::json;

const CONSUMERS: [&str; 3] = ["sla-checker", "notifier", "report-aggregator"];
const WAIT: Duration = Duration::from_secs(30);

fn acme() -> OrgId {
    OrgId::parse("10001").unwrap()
}

fn today() -> String {
    helpdesk_domain::hours::local_day(time::OffsetDateTime::now_utc(), None)
}

/// The outbox item a create wrote, as raw attributes.
async fn outbox_item(app: &TestApp, ticket: TicketId) -> std::collections::HashMap<String, AttributeValue> {
    let out = app
        .table()
        .client()
        .query()
        .table_name(app.table().name())
        .key_condition_expression("PK = :pk AND begins_with(SK, :event)")
        .expression_attribute_values(":pk", AttributeValue::S(keys::ticket_pk(&acme(), ticket)))
        .expression_attribute_values(":event", AttributeValue::S(keys::EVENT_PREFIX.into()))
        .send()
        .await
        .unwrap();
    assert_eq!(out.items().len(), 1, "one TicketCreated outbox item");
    out.items()[0].clone()
}

fn event_of(item: &std::collections::HashMap<String, AttributeValue>) -> Event {
    serde_json::from_str(item["detail"].as_s().unwrap()).unwrap()
}

async fn create_ticket(app: &TestApp) -> TicketId {
    let agent = app.login("agent1@acme.test").await;
    let body = json!({"subject": "Fan-out", "description": "d", "customer_email": "fan@example.com"});
    let created = json(app.post("/api/v1/tickets", &agent, &body).await, 201).await;
    TicketId::parse(created["id"].as_str().unwrap()).unwrap()
}

async fn wait_until_consumed(app: &TestApp, event: &Event) {
    for consumer in CONSUMERS {
        eventually(&format!("{consumer} to process {}", event.event_id), WAIT, || async {
            Ok(app.table().was_processed(consumer, event).await?.then_some(()))
        })
        .await
        .unwrap();
    }
}

async fn wait_until_drained(app: &TestApp, queue: &str) {
    let url = app.gateway.stack.queue_urls[queue].clone();
    eventually(&format!("{queue} to drain"), WAIT, || async {
        let attrs = app
            .gateway
            .clients
            .sqs
            .get_queue_attributes()
            .queue_url(&url)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
            .send()
            .await?;
        let n: u64 = attrs
            .attributes()
            .map(|a| a.values().filter_map(|v| v.parse::<u64>().ok()).sum())
            .unwrap_or(0);
        Ok((n == 0).then_some(()))
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn a_new_ticket_reaches_every_consumer_through_stream_bus_and_queues() {
    let app = TestApp::spawn().await;
    let ticket = create_ticket(&app).await;
    let item = outbox_item(&app, ticket).await;
    let event = event_of(&item);
    assert_eq!(item["detail_type"].as_s().unwrap(), "TicketCreated");
    assert_eq!(event.ticket_id, ticket);
    assert!(item["expires_at"].as_n().is_ok(), "outbox items expire (TTL)");

    wait_until_consumed(&app, &event).await;
    // Acme's three seeded tickets and this one, each counted once.
    let count = eventually("four tickets counted today", WAIT, || async {
        let n = app
            .table()
            .report_count(&acme(), &today(), &Dimension::all(), counter::TICKETS_CREATED)
            .await?;
        Ok((n == 4).then_some(n))
    })
    .await
    .unwrap();
    assert_eq!(count, 4);
    // Globex's events were counted for Globex only.
    let globex = app
        .table()
        .report_count(
            &OrgId::parse("10002").unwrap(),
            &today(),
            &Dimension::all(),
            counter::TICKETS_CREATED,
        )
        .await
        .unwrap();
    assert_eq!(globex, 1);
}

#[tokio::test]
async fn a_redelivered_stream_record_republishes_the_same_event_and_is_counted_once() {
    let app = TestApp::spawn().await;
    let ticket = create_ticket(&app).await;
    let item = outbox_item(&app, ticket).await;
    let event = event_of(&item);
    wait_until_consumed(&app, &event).await;
    wait_until_drained(&app, "ReportAggregatorQueue").await;
    let before = app
        .table()
        .report_count(&acme(), &today(), &Dimension::all(), counter::TICKETS_CREATED)
        .await
        .unwrap();

    // The stream delivers the same record again (a retried batch), twice.
    let mut record = EventRecord::default();
    record.event_name = "INSERT".into();
    record.change.keys = serde_dynamo::Item::from(
        item.iter()
            .filter(|(k, _)| *k == "PK" || *k == "SK")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<std::collections::HashMap<_, _>>(),
    );
    record.change.new_image = serde_dynamo::Item::from(item.clone());
    record.change.sequence_number = Some("1".into());
    for _ in 0..2 {
        let mut batch = StreamEvent::default();
        batch.records = vec![record.clone()];
        let response = helpdesk_functions::consumers::event_publisher(&app.gateway.functions.bus, batch)
            .await
            .unwrap();
        assert!(
            response.batch_item_failures.is_empty(),
            "the bus accepted the event again"
        );
    }
    wait_until_drained(&app, "ReportAggregatorQueue").await;
    let after = app
        .table()
        .report_count(&acme(), &today(), &Dimension::all(), counter::TICKETS_CREATED)
        .await
        .unwrap();
    assert_eq!(after, before, "the same event id is not counted twice");
}

/// An SQS message as Lambda's event source hands it over.
pub(crate) fn sqs_message(id: &str, body: String) -> SqsMessage {
    serde_json::from_value(json!({"messageId": id, "receiptHandle": id, "body": body, "eventSource": "aws:sqs"}))
        .unwrap()
}

#[tokio::test]
async fn a_consumer_counts_an_event_once_even_when_two_copies_run_at_once_and_reports_poison_messages() {
    let app = TestApp::spawn_with(false).await;
    let ticket = create_ticket(&app).await;
    let event = event_of(&outbox_item(&app, ticket).await);
    let before = app
        .table()
        .report_count(&acme(), &today(), &Dimension::all(), counter::TICKETS_CREATED)
        .await
        .unwrap();
    assert_eq!(before, 0, "no event sources run in this test");

    let envelope = json!({"version": "0", "id": "x", "detail-type": "TicketCreated", "source": "helpdesk",
        "account": "123456789012", "time": "2026-01-01T00:00:00Z", "region": "us-east-1", "resources": [],
        "detail": serde_json::to_value(&event).unwrap()})
    .to_string();
    let batch = |poison: bool| {
        let mut b = SqsEvent::default();
        b.records = vec![sqs_message("m1", envelope.clone()), sqs_message("m2", envelope.clone())];
        if poison {
            b.records.push(sqs_message("bad", "{not an event".into()));
        }
        b
    };
    let table = app.table();
    let (a, b) = tokio::join!(
        async {
            helpdesk_functions::consumers::report_aggregator(table, batch(true))
                .await
                .unwrap()
        },
        async {
            helpdesk_functions::consumers::report_aggregator(table, batch(false))
                .await
                .unwrap()
        }
    );
    let failed: Vec<_> = a
        .batch_item_failures
        .iter()
        .chain(&b.batch_item_failures)
        .map(|f| f.item_identifier.clone())
        .collect();
    assert!(
        failed.contains(&"bad".to_owned()),
        "the poison message is reported for redelivery"
    );
    // Copies that lost a transaction race were reported too; SQS would redeliver them.
    let redelivered = helpdesk_functions::consumers::report_aggregator(table, batch(false))
        .await
        .unwrap();
    assert!(
        redelivered.batch_item_failures.is_empty(),
        "a redelivery of a counted event succeeds"
    );
    let after = table
        .report_count(&acme(), &today(), &Dimension::all(), counter::TICKETS_CREATED)
        .await
        .unwrap();
    assert_eq!(after, 1, "four deliveries of one event count once");
}

#[tokio::test]
async fn lifecycle_events_travel_the_bus_to_the_report_aggregator() {
    let app = TestApp::spawn().await;
    let agent = app.login("agent1@acme.test").await;
    let ticket = create_ticket(&app).await;
    let path = format!("/api/v1/tickets/{ticket}");
    json(
        app.post(&format!("{path}/interactions"), &agent, &json!({"body": "Fixed it"}))
            .await,
        201,
    )
    .await;
    json(
        app.post(
            &format!("{path}/interactions"),
            &agent,
            &json!({"body": "internal only", "internal": true}),
        )
        .await,
        201,
    )
    .await;
    let resolved = app
        .http
        .put(app.url(&format!("{path}/status")))
        .bearer_auth(&agent)
        .json(&json!({"status": "resolved"}))
        .send()
        .await
        .unwrap();
    json(resolved, 200).await;
    // InteractionAdded (public agent reply) and TicketStatusChanged (to resolved) went
    // stream → bus → rule → queue → consumer; the internal note is not a reply sent.
    for (counter, want) in [(counter::REPLIES_SENT, 1), (counter::TICKETS_RESOLVED, 1)] {
        eventually(&format!("{counter} = {want}"), WAIT, || async {
            let n = app
                .table()
                .report_count(&acme(), &today(), &Dimension::all(), counter)
                .await?;
            Ok((n == want).then_some(()))
        })
        .await
        .unwrap();
    }
    // The reports API answers from those aggregates.
    let manager = app.login("manager@acme.test").await;
    let d = today();
    let overview = json(
        app.get(&format!("/api/v1/reports/overview?from={d}&to={d}"), &manager)
            .await,
        200,
    )
    .await;
    assert_eq!(overview["totals"]["replies_sent"], 1);
    assert_eq!(overview["totals"]["tickets_resolved"], 1);
    assert_eq!(overview["days"][0]["day"], d);
    json(
        app.get("/api/v1/reports/overview?from=2026-01-01&to=2026-12-31", &manager)
            .await,
        422,
    )
    .await;
    json(
        app.get(&format!("/api/v1/reports/overview?from={d}&to={d}"), &agent)
            .await,
        403,
    )
    .await;
}

#[tokio::test]
async fn a_poison_message_in_a_batch_of_ten_ends_in_the_dlq_and_the_other_nine_count_once() {
    let app = TestApp::spawn_with(false).await;
    let stack = &app.gateway.stack;
    let sqs = &app.gateway.clients.sqs;
    let (url, arn) = (
        &stack.queue_urls["ReportAggregatorQueue"],
        &stack.queue_arns["ReportAggregatorQueue"],
    );
    // Nine real TicketCreated events (no event sources run: they wait in the outbox).
    let mut bodies = Vec::new();
    for _ in 0..9 {
        let event = event_of(&outbox_item(&app, create_ticket(&app).await).await);
        bodies.push(
            json!({"version": "0", "id": event.event_id.to_string(), "detail-type": "TicketCreated",
                "source": "helpdesk", "account": "123456789012", "time": "2026-01-01T00:00:00Z",
                "region": "us-east-1", "resources": [], "detail": event})
            .to_string(),
        );
    }
    bodies.push("{not an event".to_owned());
    let entries = bodies.iter().enumerate().map(|(i, b)| {
        aws_sdk_sqs::types::SendMessageBatchRequestEntry::builder()
            .id(i.to_string())
            .message_body(b)
            .build()
            .unwrap()
    });
    let sent = sqs
        .send_message_batch()
        .queue_url(url)
        .set_entries(Some(entries.collect()))
        .send()
        .await
        .unwrap();
    assert!(sent.failed().is_empty());
    // Redeliver at once instead of after the 60 s visibility timeout.
    sqs.set_queue_attributes()
        .queue_url(url)
        .attributes(QueueAttributeName::VisibilityTimeout, "0")
        .send()
        .await
        .unwrap();

    // Poll like the event source mapping until the queue is empty: the poison message
    // is received maxReceiveCount (5) times, then the queue moves it to the DLQ.
    let functions = &app.gateway.functions;
    let mut received = Vec::new();
    for _ in 0..12 {
        let n = local_gateway::sources::poll_queue_once(functions, sqs, url, arn, "ReportAggregatorFunction")
            .await
            .unwrap();
        received.push(n);
        if n == 0 {
            break;
        }
    }
    assert_eq!(received[0], 10, "one batch of ten");
    assert_eq!(
        &received[1..6],
        [1, 1, 1, 1, 0],
        "only the poison message comes back: {received:?}"
    );

    let dlq = &stack.queue_urls["ReportAggregatorDlq"];
    let dead = sqs
        .receive_message()
        .queue_url(dlq)
        .max_number_of_messages(10)
        .send()
        .await
        .unwrap();
    let dead: Vec<&str> = dead.messages().iter().filter_map(|m| m.body()).collect();
    assert_eq!(dead, ["{not an event"]);
    let counted = app
        .table()
        .report_count(&acme(), &today(), &Dimension::all(), counter::TICKETS_CREATED)
        .await
        .unwrap();
    assert_eq!(counted, 9, "the nine are counted once each");
}
