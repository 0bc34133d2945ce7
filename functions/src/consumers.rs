//! The functions that are not HTTP: the outbox publisher on the table's stream, the SQS
//! consumers on the bus, and inbound mail from SES. Each parses its event, calls one use
//! case of `helpdesk_app` per event, and reports partial failures so only the failed
//! messages come back.

use aws_lambda_events::event::dynamodb::{Event as StreamEvent, EventRecord};
use aws_lambda_events::event::ses::SimpleEmailEvent;
use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use aws_sdk_eventbridge::types::PutEventsRequestEntry;
use helpdesk_app::inbound::{Delivery, Mailroom};
use helpdesk_blobs::S3;
use helpdesk_domain::events::SOURCE;
use helpdesk_inbound::{Verdict, Verdicts};
use helpdesk_platform::lambda::Error;
use helpdesk_platform::sqs::process_batch;
use helpdesk_store::items::OutboxItem;
use helpdesk_store::{Table, keys};
use serde_json::Value;
use time::OffsetDateTime;

use crate::deps::Bus;

/// `SlaCheckerFunction`: one function, two triggers. An SQS batch (ticket events) has
/// `Records`: each ticket's clocks are re-planned. A scheduled event does not: the tick
/// emits the warnings and breaches due at the event's own time (so a late or replayed
/// tick judges the minute it stands for).
pub async fn sla_checker(table: &Table, payload: Value) -> Result<Value, Error> {
    if payload.get("Records").is_some() {
        let batch: SqsEvent = serde_json::from_value(payload)?;
        let response = process_batch(helpdesk_app::sla::CONSUMER, batch, |event| async move {
            Ok(helpdesk_app::sla::replan(table, &event).await?)
        })
        .await;
        return Ok(serde_json::to_value(response)?);
    }
    let now = scheduled_time(&payload);
    let emitted = helpdesk_app::sla::tick(table, now).await?;
    Ok(serde_json::json!({ "emitted": emitted }))
}

/// `AutomationsFunction`: the hourly schedule runs every org's automations at the
/// event's own time (a late or replayed tick judges the hour it stands for).
pub async fn automations(table: &Table, event: Value) -> Result<Value, Error> {
    let ran = helpdesk_app::automations::tick(table, scheduled_time(&event)).await?;
    Ok(serde_json::json!({ "orgs": ran.orgs, "checked": ran.checked, "changed": ran.changed }))
}

/// A scheduled event's `time`, else now.
fn scheduled_time(event: &Value) -> OffsetDateTime {
    event
        .get("time")
        .and_then(|t| t.as_str())
        .and_then(|t| OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(OffsetDateTime::now_utc)
}

/// `NotifierFunction`: in-app notifications and mail for each event.
pub async fn notifier(deps: &crate::deps::Notifier, batch: SqsEvent) -> Result<SqsBatchResponse, Error> {
    let crate::deps::Notifier {
        table,
        mailer,
        files,
        scanning,
    } = deps;
    Ok(
        process_batch(helpdesk_app::notify::CONSUMER, batch, |event| async move {
            Ok(helpdesk_app::notify::carry_out(table, mailer, (files, *scanning), &event).await?)
        })
        .await,
    )
}

/// `SearchIndexerFunction`: keeps each org's search index current. The batch's events
/// name what changed; each org's documents are re-read and committed once. A failed
/// org fails its messages only (SQS redelivers them).
pub async fn search_indexer(indexes: &crate::deps::Search, batch: SqsEvent) -> Result<SqsBatchResponse, Error> {
    use aws_lambda_events::event::eventbridge::EventBridgeEvent;
    use aws_lambda_events::event::sqs::BatchItemFailure;
    use helpdesk_app::search::Changed;
    let mut response = SqsBatchResponse::default();
    let mut by_org: std::collections::BTreeMap<String, (Vec<Changed>, Vec<String>)> = Default::default();
    for message in batch.records {
        let id = message.message_id.clone().unwrap_or_default();
        let parsed = message
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str::<EventBridgeEvent<Changed>>(b).ok());
        match parsed {
            Some(e) => {
                let entry = by_org.entry(e.detail.org_id.to_string()).or_default();
                entry.0.push(e.detail);
                entry.1.push(id);
            }
            None => {
                // Not an event this consumer reads: retrying cannot help; let the DLQ keep it.
                tracing::warn!(message_id = %id, "unreadable search event");
                let mut failure = BatchItemFailure::default();
                failure.item_identifier = id;
                response.batch_item_failures.push(failure);
            }
        }
    }
    for (org, (events, ids)) in by_org {
        if let Err(e) = helpdesk_app::search::index_events(indexes.as_ref(), &events).await {
            tracing::warn!(org_id = %org, error = %e, "indexing failed; SQS will redeliver");
            for id in ids {
                let mut failure = BatchItemFailure::default();
                failure.item_identifier = id;
                response.batch_item_failures.push(failure);
            }
        }
    }
    Ok(response)
}

/// `RouterFunction`: triggers and routing for each ticket event, and a drain of the
/// routing queue when an agent comes online. A failed message fails alone.
pub async fn router(table: &Table, batch: SqsEvent) -> Result<SqsBatchResponse, Error> {
    use aws_lambda_events::event::eventbridge::EventBridgeEvent;
    use aws_lambda_events::event::sqs::BatchItemFailure;
    use helpdesk_domain::events::{AgentEvent, Event};
    let mut response = SqsBatchResponse::default();
    for message in batch.records {
        let id = message.message_id.clone().unwrap_or_default();
        let outcome: Result<(), Box<dyn std::error::Error + Send + Sync>> = async {
            let body = message.body.as_deref().ok_or("message has no body")?;
            let envelope: EventBridgeEvent<Value> = serde_json::from_str(body)?;
            if envelope.detail_type == AgentEvent::DETAIL_TYPE {
                let event: AgentEvent = serde_json::from_value(envelope.detail)?;
                helpdesk_app::router::on_agent_online(table, &event).await?;
            } else {
                let event: Event = serde_json::from_value(envelope.detail)?;
                tracing::info!(event_id = %event.event_id, org_id = %event.org_id, detail_type = event.detail_type(), "routing");
                helpdesk_app::router::on_event(table, &event).await?;
            }
            Ok(())
        }
        .await;
        if let Err(e) = outcome {
            tracing::warn!(consumer = helpdesk_app::router::CONSUMER, message_id = %id, error = %e, "message failed; SQS will redeliver it");
            let mut failure = BatchItemFailure::default();
            failure.item_identifier = id;
            response.batch_item_failures.push(failure);
        }
    }
    Ok(response)
}

/// `ReportAggregatorFunction`: the daily rows and live counts.
pub async fn report_aggregator(table: &Table, batch: SqsEvent) -> Result<SqsBatchResponse, Error> {
    Ok(
        process_batch(helpdesk_app::reports::CONSUMER, batch, |event| async move {
            Ok(helpdesk_app::reports::aggregate(table, &event).await?)
        })
        .await,
    )
}

/// `InboundEmailFunction`: the SES receipt rule stored the raw message and invokes this
/// with the receipt (verdicts, recipients). An error makes Lambda retry the event
/// (twice), then hand it to the function's on-failure destination; a retry converges.
pub async fn inbound_email(room: &Mailroom<Table, S3>, event: SimpleEmailEvent) -> Result<Vec<Delivery>, Error> {
    let mut out = Vec::new();
    for record in event.records {
        let ses = record.ses;
        let Some(id) = ses.mail.message_id.clone() else {
            tracing::warn!("SES record without a message id; dropped");
            continue;
        };
        let r = &ses.receipt;
        let verdicts = Verdicts {
            spam: Verdict::parse(r.spam_verdict.status.as_deref()),
            virus: Verdict::parse(r.virus_verdict.status.as_deref()),
            spf: Verdict::parse(r.spf_verdict.status.as_deref()),
            dkim: Verdict::parse(r.dkim_verdict.status.as_deref()),
            dmarc: Verdict::parse(r.dmarc_verdict.status.as_deref()),
            dmarc_policy: r.dmarc_policy.clone(),
        };
        out.extend(helpdesk_app::inbound::receive_ses(room, &id, verdicts, r.recipients.clone()).await?);
    }
    Ok(out)
}

/// PutEvents takes at most ten entries.
const PUT_EVENTS_MAX: usize = 10;

/// `EventPublisherFunction`: new outbox items from the table's stream onto the bus, so
/// a command's change and its event commit together. At least once: a retried batch
/// publishes the same event again with the same `event_id`, and consumers de-duplicate
/// by it. Failed records are reported so the stream retries from the first of them.
pub async fn event_publisher(bus: &Bus, event: StreamEvent) -> Result<DynamoDbEventResponse, Error> {
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
    Ok(response)
}

/// The bus entry for an outbox INSERT; `None` for any other stream record.
fn outbox_entry(bus: &Bus, record: &EventRecord) -> Result<Option<PutEventsRequestEntry>, serde_dynamo::Error> {
    let is_outbox = record.event_name == "INSERT"
        && matches!(record.change.keys.get(keys::SK), Some(serde_dynamo::AttributeValue::S(sk)) if keys::is_event_sk(sk));
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
