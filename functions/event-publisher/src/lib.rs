//! The outbox publisher: reads new outbox items from the table's stream and puts them on
//! the EventBridge bus, so a command's change and its event commit together.
//!
//! Delivery is at least once: a retried stream batch publishes the same event again with
//! the same `event_id`, and consumers de-duplicate by it. Failed records are reported as
//! batch item failures so the stream retries from the first of them.

use aws_lambda_events::event::dynamodb::{Event as StreamEvent, EventRecord};
use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use aws_sdk_eventbridge::types::PutEventsRequestEntry;
use helpdesk_domain::events::SOURCE;
use helpdesk_store::tickets::OutboxItem;

/// PutEvents takes at most ten entries.
const PUT_EVENTS_MAX: usize = 10;

/// The bus and the client that reaches it.
#[derive(Debug, Clone)]
pub struct Bus {
    pub client: aws_sdk_eventbridge::Client,
    pub name: String,
}

pub async fn handle(bus: &Bus, event: StreamEvent) -> DynamoDbEventResponse {
    let mut response = DynamoDbEventResponse::default();
    let mut pending: Vec<(String, PutEventsRequestEntry)> = Vec::new();
    for record in &event.records {
        let sequence = record.change.sequence_number.clone().unwrap_or_default();
        match outbox_entry(bus, record) {
            Ok(Some(entry)) => pending.push((sequence, entry)),
            Ok(None) => {}
            Err(e) => {
                tracing::error!(sequence, error = %e, "unreadable outbox item");
                response.batch_item_failures.push(failure(sequence));
            }
        }
    }
    for chunk in pending.chunks(PUT_EVENTS_MAX) {
        let entries = chunk.iter().map(|(_, e)| e.clone()).collect();
        match bus.client.put_events().set_entries(Some(entries)).send().await {
            Ok(out) => {
                for ((sequence, _), result) in chunk.iter().zip(out.entries()) {
                    if let Some(code) = result.error_code() {
                        tracing::warn!(
                            sequence,
                            code,
                            message = result.error_message(),
                            "event not accepted by the bus"
                        );
                        response.batch_item_failures.push(failure(sequence.clone()));
                    }
                }
            }
            Err(e) => {
                tracing::error!(error = %aws_sdk_eventbridge::error::DisplayErrorContext(&e), "PutEvents failed");
                response
                    .batch_item_failures
                    .extend(chunk.iter().map(|(s, _)| failure(s.clone())));
            }
        }
    }
    let published = pending.len() - response.batch_item_failures.len().min(pending.len());
    tracing::info!(
        records = event.records.len(),
        published,
        failed = response.batch_item_failures.len(),
        "stream batch done"
    );
    response
}

/// The bus entry for an outbox INSERT; `None` for any other stream record.
fn outbox_entry(bus: &Bus, record: &EventRecord) -> Result<Option<PutEventsRequestEntry>, serde_dynamo::Error> {
    let is_outbox = record.event_name == "INSERT"
        && matches!(record.change.keys.get("SK"), Some(serde_dynamo::AttributeValue::S(sk)) if sk.starts_with("EVENT#"));
    if !is_outbox {
        return Ok(None);
    }
    let item: OutboxItem = serde_dynamo::from_item(record.change.new_image.clone())?;
    Ok(Some(
        PutEventsRequestEntry::builder()
            .event_bus_name(&bus.name)
            .source(SOURCE)
            .detail_type(item.detail_type)
            .detail(item.detail)
            .build(),
    ))
}

fn failure(sequence: String) -> DynamoDbBatchItemFailure {
    let mut f = DynamoDbBatchItemFailure::default();
    f.item_identifier = Some(sequence);
    f
}
