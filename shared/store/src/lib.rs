//! The single DynamoDB table.
//!
//! This crate owns every key ([`keys`]), the mapping between domain types and items
//! ([`items`]), the one way to write several items at once ([`tx`]), and every access
//! pattern as a method of a capability trait ([`ports`]) that [`Table`] implements.
//! Nothing else in the workspace builds a key or an expression. It never decides a
//! business rule: it stores what the domain decided, with the conditions that keep
//! concurrent writers honest. No access pattern scans the table; each is a `GetItem`, a
//! `Query` on the table or on a GSI whose partition key starts with the org (two
//! documented exceptions in [`keys`]), or a write.
//!
//! Layers inside the crate, bottom up: `keys`, `error`, `tx`, `items`, `ports`, `views`,
//! then one module per group of access patterns. [`memory`] (feature `memory`) is the
//! in-memory twin for unit tests of the use cases.

pub mod attachments;
pub mod changes;
pub mod csat;
pub mod error;
pub mod items;
pub mod kb;
pub mod keys;
pub mod library;
pub mod mail;
#[cfg(feature = "memory")]
pub mod memory;
pub mod metrics;
pub mod notifications;
pub mod people;
pub mod ports;
pub mod processed;
pub mod reports;
pub mod rules;
pub mod settings;
pub mod sla;
pub mod tickets;
pub mod tx;
pub mod views;

use aws_sdk_dynamodb::Client;

pub use error::StoreError;
pub use ports::*;

/// The table and the client that reaches it. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Table {
    client: Client,
    name: String,
}

impl Table {
    pub fn new(client: Client, name: impl Into<String>) -> Self {
        Self {
            client,
            name: name.into(),
        }
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The items of `keys` that exist (any order), 100 keys a request; keys DynamoDB
    /// leaves unprocessed (throttling, 16 MB) are asked again, a few times.
    pub(crate) async fn batch_get(&self, keys: Vec<tx::Item>, consistent: bool) -> Result<Vec<tx::Item>, StoreError> {
        use aws_sdk_dynamodb::types::KeysAndAttributes;
        let mut found = Vec::with_capacity(keys.len());
        for chunk in keys.chunks(100) {
            let mut pending = Some(
                KeysAndAttributes::builder()
                    .set_keys(Some(chunk.to_vec()))
                    .consistent_read(consistent)
                    .build()
                    .map_err(|e| StoreError::Sdk(Box::new(e)))?,
            );
            let mut tries = 0;
            while let Some(request) = pending.take() {
                tries += 1;
                let out = self
                    .client
                    .batch_get_item()
                    .request_items(&self.name, request)
                    .send()
                    .await
                    .map_err(StoreError::sdk)?;
                found.extend(out.responses.and_then(|mut r| r.remove(&self.name)).unwrap_or_default());
                pending = out
                    .unprocessed_keys
                    .and_then(|mut u| u.remove(&self.name))
                    .filter(|_| tries < 5);
            }
        }
        Ok(found)
    }

    /// Every item of one partition whose sort key matches, through all pages.
    pub(crate) async fn partition(&self, pk: String, sk: SortKey<'_>) -> Result<Vec<tx::Item>, StoreError> {
        let q = self
            .client
            .query()
            .table_name(&self.name)
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_values(":pk", aws_sdk_dynamodb::types::AttributeValue::S(pk));
        let s = |v: &str| aws_sdk_dynamodb::types::AttributeValue::S(v.to_owned());
        let q = match sk {
            SortKey::BeginsWith(p) => q
                .key_condition_expression("#pk = :pk AND begins_with(#sk, :a)")
                .expression_attribute_values(":a", s(p)),
            SortKey::From(from) => q
                .key_condition_expression("#pk = :pk AND #sk >= :a")
                .expression_attribute_values(":a", s(from)),
            SortKey::Between(from, to) => q
                .key_condition_expression("#pk = :pk AND #sk BETWEEN :a AND :b")
                .expression_attribute_values(":a", s(from))
                .expression_attribute_values(":b", s(to)),
        }
        .expression_attribute_names("#sk", keys::SK);
        q.into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(StoreError::sdk)
    }
}

/// How a partition's sort keys are narrowed.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SortKey<'a> {
    BeginsWith(&'a str),
    From(&'a str),
    Between(&'a str, &'a str),
}
