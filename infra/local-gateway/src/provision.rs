//! Creates, in the local emulators, the resources `template.yaml` declares: the table
//! (keys, GSIs, stream), the bus and its rules with SQS targets, the queues with their
//! dead-letter redrive, and the buckets. Physical names are `<prefix>-<LogicalId>` so
//! several stacks (dev, and one per test) share one emulator without meeting.

use std::collections::HashMap;

use anyhow::{Context, Result, anyhow};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection, ProjectionType,
    ScalarAttributeType, StreamSpecification, StreamViewType,
};
use aws_sdk_eventbridge::types::Target;
use aws_sdk_sqs::types::QueueAttributeName;
use serde_json::Value;

use crate::Clients;
use crate::template::Template;

/// What was created, by logical id.
#[derive(Debug, Clone)]
pub struct Stack {
    pub prefix: String,
    pub tables: HashMap<String, String>,
    pub stream_arns: HashMap<String, String>,
    pub buses: HashMap<String, String>,
    pub queue_urls: HashMap<String, String>,
    pub queue_arns: HashMap<String, String>,
    pub buckets: HashMap<String, String>,
}

impl Stack {
    pub fn table(&self, logical_id: &str) -> Result<&str> {
        self.tables
            .get(logical_id)
            .map(String::as_str)
            .ok_or_else(|| anyhow!("no table {logical_id}"))
    }
    pub fn bucket(&self, logical_id: &str) -> Result<&str> {
        self.buckets
            .get(logical_id)
            .map(String::as_str)
            .ok_or_else(|| anyhow!("no bucket {logical_id}"))
    }
    pub fn bus(&self, logical_id: &str) -> Result<&str> {
        self.buses
            .get(logical_id)
            .map(String::as_str)
            .ok_or_else(|| anyhow!("no bus {logical_id}"))
    }
}

pub async fn provision(clients: &Clients, template: &Template, prefix: &str) -> Result<Stack> {
    let mut stack = Stack {
        prefix: prefix.to_owned(),
        tables: HashMap::new(),
        stream_arns: HashMap::new(),
        buses: HashMap::new(),
        queue_urls: HashMap::new(),
        queue_arns: HashMap::new(),
        buckets: HashMap::new(),
    };
    for t in &template.tables {
        let name = format!("{prefix}-{}", t.logical_id);
        let stream_arn = create_table(&clients.dynamodb, &name, &t.properties)
            .await
            .with_context(|| format!("creating table {}", t.logical_id))?;
        stack.tables.insert(t.logical_id.clone(), name);
        if let Some(arn) = stream_arn {
            stack.stream_arns.insert(t.logical_id.clone(), arn);
        }
    }
    // Dead-letter queues first: the queues that redrive into them need their ARNs.
    let mut queues = template.queues.clone();
    queues.sort_by_key(|q| q.redrive.is_some());
    for q in &queues {
        let name = format!("{prefix}-{}", q.logical_id);
        let mut req = clients.sqs.create_queue().queue_name(&name);
        if let Some(v) = q.visibility_timeout {
            req = req.attributes(QueueAttributeName::VisibilityTimeout, v.to_string());
        }
        if let Some((dlq, max)) = &q.redrive {
            let arn = stack
                .queue_arns
                .get(dlq)
                .ok_or_else(|| anyhow!("{}: dead-letter queue {dlq} unknown", q.logical_id))?;
            let policy = serde_json::json!({"deadLetterTargetArn": arn, "maxReceiveCount": max});
            req = req.attributes(QueueAttributeName::RedrivePolicy, policy.to_string());
        }
        let url = req
            .send()
            .await
            .with_context(|| format!("creating queue {}", q.logical_id))?
            .queue_url()
            .unwrap_or_default()
            .to_owned();
        let attrs = clients
            .sqs
            .get_queue_attributes()
            .queue_url(&url)
            .attribute_names(QueueAttributeName::QueueArn)
            .send()
            .await?;
        let arn = attrs
            .attributes()
            .and_then(|a| a.get(&QueueAttributeName::QueueArn))
            .cloned()
            .ok_or_else(|| anyhow!("queue without ARN"))?;
        stack.queue_urls.insert(q.logical_id.clone(), url);
        stack.queue_arns.insert(q.logical_id.clone(), arn);
    }
    for b in &template.buses {
        let name = format!("{prefix}-{b}");
        clients
            .eventbridge
            .create_event_bus()
            .name(&name)
            .send()
            .await
            .with_context(|| format!("creating bus {b}"))?;
        stack.buses.insert(b.clone(), name);
    }
    for r in &template.rules {
        let bus = stack.bus(&r.bus)?.to_owned();
        let name = format!("{prefix}-{}", r.logical_id);
        clients
            .eventbridge
            .put_rule()
            .name(&name)
            .event_bus_name(&bus)
            .event_pattern(r.pattern.to_string())
            .send()
            .await
            .with_context(|| format!("creating rule {}", r.logical_id))?;
        let mut targets = clients.eventbridge.put_targets().rule(&name).event_bus_name(&bus);
        for q in &r.target_queues {
            let arn = stack
                .queue_arns
                .get(q)
                .ok_or_else(|| anyhow!("{}: target queue {q} unknown", r.logical_id))?;
            targets = targets.targets(Target::builder().id(q).arn(arn).build()?);
        }
        targets
            .send()
            .await
            .with_context(|| format!("adding targets to {}", r.logical_id))?;
    }
    for identity in &template.mail_identities {
        clients
            .ses
            .create_email_identity()
            .email_identity(identity)
            .send()
            .await
            .with_context(|| format!("creating the SES identity {identity}"))?;
    }
    for b in &template.buckets {
        let name = format!("{prefix}-{b}").to_lowercase();
        clients
            .s3
            .create_bucket()
            .bucket(&name)
            .send()
            .await
            .with_context(|| format!("creating bucket {b}"))?;
        if let Some(rules) = template.bucket_cors.get(b) {
            put_cors(&clients.s3, &name, rules)
                .await
                .with_context(|| format!("setting the CORS rules of bucket {b}"))?;
        }
        stack.buckets.insert(b.clone(), name);
    }
    Ok(stack)
}

/// A bucket's CORS rules from their CloudFormation properties.
async fn put_cors(s3: &aws_sdk_s3::Client, bucket: &str, rules: &Value) -> Result<()> {
    use aws_sdk_s3::types::{CorsConfiguration, CorsRule};
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect()
    };
    let mut config = CorsConfiguration::builder();
    for r in rules.as_array().into_iter().flatten() {
        config = config.cors_rules(
            CorsRule::builder()
                .set_allowed_methods(Some(strings(&r["AllowedMethods"])))
                .set_allowed_origins(Some(strings(&r["AllowedOrigins"])))
                .set_allowed_headers(Some(strings(&r["AllowedHeaders"])))
                .set_expose_headers(Some(strings(&r["ExposedHeaders"])))
                .set_max_age_seconds(r["MaxAge"].as_i64().and_then(|n| i32::try_from(n).ok()))
                .build()?,
        );
    }
    s3.put_bucket_cors()
        .bucket(bucket)
        .cors_configuration(config.build()?)
        .send()
        .await?;
    Ok(())
}

/// Creates a table from its CloudFormation properties; returns its stream ARN.
async fn create_table(client: &aws_sdk_dynamodb::Client, name: &str, props: &Value) -> Result<Option<String>> {
    let key_schema = |v: &Value| -> Result<Vec<KeySchemaElement>> {
        v.as_array()
            .ok_or_else(|| anyhow!("KeySchema must be a list"))?
            .iter()
            .map(|k| {
                Ok(KeySchemaElement::builder()
                    .attribute_name(k["AttributeName"].as_str().unwrap_or_default())
                    .key_type(KeyType::from(k["KeyType"].as_str().unwrap_or_default()))
                    .build()?)
            })
            .collect()
    };
    let mut req = client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .set_key_schema(Some(key_schema(&props["KeySchema"])?));
    for a in props["AttributeDefinitions"].as_array().into_iter().flatten() {
        req = req.attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name(a["AttributeName"].as_str().unwrap_or_default())
                .attribute_type(ScalarAttributeType::from(
                    a["AttributeType"].as_str().unwrap_or_default(),
                ))
                .build()?,
        );
    }
    for g in props["GlobalSecondaryIndexes"].as_array().into_iter().flatten() {
        let projection = Projection::builder()
            .projection_type(ProjectionType::from(
                g["Projection"]["ProjectionType"].as_str().unwrap_or("ALL"),
            ))
            .set_non_key_attributes(
                g["Projection"]["NonKeyAttributes"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect()),
            )
            .build();
        req = req.global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name(g["IndexName"].as_str().unwrap_or_default())
                .set_key_schema(Some(key_schema(&g["KeySchema"])?))
                .projection(projection)
                .build()?,
        );
    }
    if let Some(view) = props["StreamSpecification"]["StreamViewType"].as_str() {
        req = req.stream_specification(
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::from(view))
                .build()?,
        );
    }
    let out = req.send().await?;
    Ok(out
        .table_description()
        .and_then(|d| d.latest_stream_arn())
        .map(str::to_owned))
}
