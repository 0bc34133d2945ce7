//! The event sources Lambda would run: the table's stream into `event-publisher`, each
//! SQS queue into its consumer, and the schedule. Each source builds the same
//! `aws_lambda_events` payloads Lambda sends and honours partial batch failures.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use aws_lambda_events::event::dynamodb::{Event as StreamEvent, EventRecord};
use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use aws_sdk_dynamodbstreams::types::ShardIteratorType;
use aws_sdk_sqs::types::{DeleteMessageBatchRequestEntry, MessageSystemAttributeName};
use serde_json::json;

use crate::functions::Functions;

const STREAM_POLL: Duration = Duration::from_millis(200);
/// Like the template's `MaximumRetryAttempts` for the stream mapping.
const STREAM_MAX_RETRIES: u32 = 10;

/// Polls every shard of a table's stream and hands each batch of records to `function`.
/// When the function reports failed records, the batch is retried from the first failed
/// one (Lambda's checkpoint semantics) up to [`STREAM_MAX_RETRIES`] times.
pub async fn run_stream(
    functions: Arc<Functions>,
    client: aws_sdk_dynamodbstreams::Client,
    stream_arn: String,
    function: String,
) {
    let mut iterators: HashMap<String, Option<String>> = HashMap::new();
    let mut finished: HashSet<String> = HashSet::new();
    loop {
        if let Err(e) = discover_shards(&client, &stream_arn, &mut iterators, &finished).await {
            tracing::warn!(error = %aws_sdk_dynamodbstreams::error::DisplayErrorContext(&e), "describing the stream failed");
        }
        let shards: Vec<String> = iterators.keys().cloned().collect();
        for shard in shards {
            let Some(Some(iterator)) = iterators.get(&shard).cloned() else {
                continue;
            };
            let out = match client.get_records().shard_iterator(iterator).limit(100).send().await {
                Ok(out) => out,
                Err(e) => {
                    tracing::warn!(shard, error = %aws_sdk_dynamodbstreams::error::DisplayErrorContext(&e), "reading the stream failed");
                    iterators.insert(shard, None);
                    continue;
                }
            };
            let records: Vec<EventRecord> = out.records().iter().map(|r| to_event_record(r, &stream_arn)).collect();
            if !records.is_empty() {
                deliver_stream_batch(&functions, &function, records).await;
            }
            match out.next_shard_iterator() {
                Some(next) => {
                    iterators.insert(shard, Some(next.to_owned()));
                }
                None => {
                    finished.insert(shard.clone());
                    iterators.remove(&shard);
                }
            }
        }
        tokio::time::sleep(STREAM_POLL).await;
    }
}

async fn discover_shards(
    client: &aws_sdk_dynamodbstreams::Client,
    stream_arn: &str,
    iterators: &mut HashMap<String, Option<String>>,
    finished: &HashSet<String>,
) -> Result<
    (),
    aws_sdk_dynamodbstreams::error::SdkError<aws_sdk_dynamodbstreams::operation::describe_stream::DescribeStreamError>,
> {
    let out = client.describe_stream().stream_arn(stream_arn).send().await?;
    for shard in out.stream_description().map(|d| d.shards()).unwrap_or_default() {
        let Some(id) = shard.shard_id() else { continue };
        if finished.contains(id) || matches!(iterators.get(id), Some(Some(_))) {
            continue;
        }
        let it = client
            .get_shard_iterator()
            .stream_arn(stream_arn)
            .shard_id(id)
            .shard_iterator_type(ShardIteratorType::TrimHorizon)
            .send()
            .await;
        match it {
            Ok(it) => {
                iterators.insert(id.to_owned(), it.shard_iterator().map(str::to_owned));
            }
            Err(e) => {
                tracing::warn!(shard = id, error = %aws_sdk_dynamodbstreams::error::DisplayErrorContext(&e), "no shard iterator")
            }
        }
    }
    Ok(())
}

async fn deliver_stream_batch(functions: &Functions, function: &str, mut records: Vec<EventRecord>) {
    for attempt in 0..=STREAM_MAX_RETRIES {
        let mut event = StreamEvent::default();
        event.records = records.clone();
        let Some(response) = functions.stream(function, event).await else {
            return;
        };
        let failed: HashSet<String> = response
            .batch_item_failures
            .into_iter()
            .filter_map(|f| f.item_identifier)
            .collect();
        let Some(first) = records
            .iter()
            .position(|r| r.change.sequence_number.as_ref().is_some_and(|s| failed.contains(s)))
        else {
            return;
        };
        tracing::warn!(
            function,
            attempt,
            failed = failed.len(),
            "stream batch partly failed; retrying from the first failure"
        );
        records.drain(..first);
        tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt + 1))).await;
    }
    tracing::error!(
        function,
        records = records.len(),
        "stream records dropped after retries (the on-failure queue on AWS)"
    );
}

fn to_event_record(r: &aws_sdk_dynamodbstreams::types::Record, stream_arn: &str) -> EventRecord {
    let mut rec = EventRecord::default();
    rec.aws_region = "us-east-1".into();
    rec.event_id = r.event_id().unwrap_or_default().to_owned();
    rec.event_name = r.event_name().map(|n| n.as_str().to_owned()).unwrap_or_default();
    rec.event_source = Some("aws:dynamodb".into());
    rec.event_source_arn = Some(stream_arn.to_owned());
    if let Some(s) = r.dynamodb() {
        rec.change.keys = serde_dynamo::Item::from(s.keys().cloned().unwrap_or_default());
        rec.change.new_image = serde_dynamo::Item::from(s.new_image().cloned().unwrap_or_default());
        rec.change.old_image = serde_dynamo::Item::from(s.old_image().cloned().unwrap_or_default());
        rec.change.sequence_number = s.sequence_number().map(str::to_owned);
        rec.change.size_bytes = s.size_bytes().unwrap_or_default();
    }
    rec
}

/// Long-polls a queue and hands each batch to `function`, like Lambda's event source
/// mapping, until the gateway stops.
pub async fn run_queue(
    functions: Arc<Functions>,
    sqs: aws_sdk_sqs::Client,
    queue_url: String,
    queue_arn: String,
    function: String,
) {
    while poll_queue_once(&functions, &sqs, &queue_url, &queue_arn, &function)
        .await
        .is_ok()
    {}
}

/// The function has no SQS handler: polling it is pointless.
#[derive(Debug)]
pub struct Stop;

/// One receive (up to 10 messages, 1 s long poll) and one invocation. Deletes the
/// messages that succeeded; the failed ones become visible again after the visibility
/// timeout, and after `maxReceiveCount` receives the queue moves them to its DLQ.
/// Answers how many messages it received.
pub async fn poll_queue_once(
    functions: &Functions,
    sqs: &aws_sdk_sqs::Client,
    queue_url: &str,
    queue_arn: &str,
    function: &str,
) -> Result<usize, Stop> {
    let out = sqs
        .receive_message()
        .queue_url(queue_url)
        .max_number_of_messages(10)
        .wait_time_seconds(1)
        .message_system_attribute_names(MessageSystemAttributeName::All)
        .send()
        .await;
    let messages = match out {
        Ok(out) => out.messages.unwrap_or_default(),
        Err(e) => {
            tracing::warn!(queue = queue_url, error = %aws_sdk_sqs::error::DisplayErrorContext(&e), "receiving failed");
            tokio::time::sleep(Duration::from_secs(1)).await;
            return Ok(0);
        }
    };
    if messages.is_empty() {
        return Ok(0);
    }
    let mut batch = SqsEvent::default();
    batch.records = messages.iter().map(|m| to_sqs_message(m, queue_arn)).collect();
    let Some(response) = functions.sqs(function, batch).await else {
        tracing::error!(function, "no SQS handler");
        return Err(Stop);
    };
    let failed: HashSet<String> = response
        .batch_item_failures
        .into_iter()
        .map(|f| f.item_identifier)
        .collect();
    let done: Vec<DeleteMessageBatchRequestEntry> = messages
        .iter()
        .filter(|m| !m.message_id().is_some_and(|id| failed.contains(id)))
        .enumerate()
        .filter_map(|(i, m)| {
            DeleteMessageBatchRequestEntry::builder()
                .id(i.to_string())
                .set_receipt_handle(m.receipt_handle().map(str::to_owned))
                .build()
                .ok()
        })
        .collect();
    if !done.is_empty()
        && let Err(e) = sqs
            .delete_message_batch()
            .queue_url(queue_url)
            .set_entries(Some(done))
            .send()
            .await
    {
        tracing::warn!(error = %aws_sdk_sqs::error::DisplayErrorContext(&e), "deleting processed messages failed; they will be redelivered");
    }
    Ok(messages.len())
}

fn to_sqs_message(m: &aws_sdk_sqs::types::Message, queue_arn: &str) -> SqsMessage {
    let attributes: HashMap<String, String> = m
        .attributes()
        .map(|a| a.iter().map(|(k, v)| (k.as_str().to_owned(), v.clone())).collect())
        .unwrap_or_default();
    let value = json!({
        "messageId": m.message_id(),
        "receiptHandle": m.receipt_handle(),
        "body": m.body(),
        "md5OfBody": m.md5_of_body(),
        "attributes": attributes,
        "messageAttributes": {},
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": "us-east-1",
    });
    serde_json::from_value(value).unwrap_or_default()
}

/// Invokes `function` with a scheduled event every `period`, like an EventBridge
/// schedule `rate(...)`.
pub async fn run_schedule(functions: Arc<Functions>, function: String, period: Duration) {
    let mut ticker = tokio::time::interval(period);
    ticker.tick().await;
    loop {
        ticker.tick().await;
        let now = time::OffsetDateTime::now_utc();
        let event = json!({
            "version": "0",
            "id": ulid::Ulid::new().to_string(),
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "account": "123456789012",
            "time": now.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
            "region": "us-east-1",
            "resources": [format!("arn:aws:events:us-east-1:123456789012:rule/{function}-Tick")],
            "detail": {},
        });
        if functions.schedule(&function, event).await.is_none() {
            tracing::warn!(function, "scheduled invocation failed");
        }
    }
}

/// `rate(1 minute)`, `rate(5 minutes)`, `rate(1 hour)` → a period.
pub fn parse_rate(expr: &str) -> Option<Duration> {
    let inner = expr.strip_prefix("rate(")?.strip_suffix(')')?;
    let (n, unit) = inner.split_once(' ')?;
    let n: u64 = n.parse().ok()?;
    let secs = match unit.trim_end_matches('s') {
        "minute" => 60,
        "hour" => 3600,
        "day" => 86_400,
        _ => return None,
    };
    Some(Duration::from_secs(n * secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_rates_parse_like_eventbridge() {
        assert_eq!(parse_rate("rate(1 minute)"), Some(Duration::from_secs(60)));
        assert_eq!(parse_rate("rate(5 minutes)"), Some(Duration::from_secs(300)));
        assert_eq!(parse_rate("rate(2 hours)"), Some(Duration::from_secs(7200)));
        assert_eq!(parse_rate("cron(0 * * * ? *)"), None);
    }
}
