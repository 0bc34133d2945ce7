//! The one loop every SQS consumer uses: parse each message as an EventBridge envelope
//! around a domain [`Event`], run the consumer on it, and report the messages that
//! failed so SQS redelivers only those (`ReportBatchItemFailures`). A message that keeps
//! failing, including one that does not parse, ends in the queue's dead-letter queue.

use std::future::Future;

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use aws_lambda_events::event::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent};
use helpdesk_domain::events::Event;
use tracing::Instrument;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Runs `consume` on every message of the batch, one after another, and returns the ids
/// of the messages that failed.
pub async fn process_batch<F, Fut>(consumer: &'static str, batch: SqsEvent, consume: F) -> SqsBatchResponse
where
    F: Fn(Event) -> Fut,
    Fut: Future<Output = Result<(), BoxError>>,
{
    let mut response = SqsBatchResponse::default();
    for message in batch.records {
        let id = message.message_id.clone().unwrap_or_default();
        let span = tracing::info_span!("message", consumer, message_id = %id);
        let outcome = async {
            let body = message.body.as_deref().ok_or("message has no body")?;
            let envelope: EventBridgeEvent<Event> = serde_json::from_str(body)?;
            let event = envelope.detail;
            tracing::info!(event_id = %event.event_id, org_id = %event.org_id, detail_type = event.detail_type(), "consuming");
            consume(event).await
        }
        .instrument(span)
        .await;
        if let Err(e) = outcome {
            tracing::warn!(consumer, message_id = %id, error = %e, "message failed; SQS will redeliver it");
            let mut failure = BatchItemFailure::default();
            failure.item_identifier = id;
            response.batch_item_failures.push(failure);
        }
    }
    response
}
