//! Report aggregates: daily rows per org, priority and agent, and the live view counts.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | add one event's deltas, once | `TransactWriteItems` (idempotency record + one `ADD` per row) | rows below |
//! | a day's row of a dimension | item | `PK = ORG#<org>#REPORT#<all\|priority\|agent>`, `SK = <day>#<value>` |
//! | the rows of a kind over a date range | `Query` | `PK = ORG#<org>#REPORT#<kind>`, `SK BETWEEN <from># AND <to>#~` |
//! | live view counts (status, backlog, per holder) | `GetItem` | `PK = ORG#<org>#REPORT#live`, `SK = LIVE` |
//!
//! One partition per kind keeps a range read to the rows it needs (the overview never
//! reads agents), and spreads an org's report writes over four keys.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};
use helpdesk_domain::OrgId;
use helpdesk_domain::events::Event;
use helpdesk_domain::reports::{Contribution, Dimension, DimensionKind};
use time::OffsetDateTime;

use crate::keys::{self, PK, SK};
use crate::processed::Once;
use crate::{StoreError, Table};

/// One day's row of one dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub day: String,
    /// The priority or agent id; empty for the org row.
    pub value: String,
    pub counters: BTreeMap<String, i64>,
}

/// Attributes of a row that are not counters.
const NOT_COUNTERS: [&str; 3] = [PK, SK, crate::ENTITY];

fn counters(item: &HashMap<String, AttributeValue>) -> BTreeMap<String, i64> {
    item.iter()
        .filter(|(k, _)| !NOT_COUNTERS.contains(&k.as_str()))
        .filter_map(|(k, v)| Some((k.clone(), v.as_n().ok()?.parse().ok()?)))
        .collect()
}

impl Table {
    /// `ADD`s each counter of `deltas` to one row, creating it on first use.
    fn add_update(&self, pk: String, sk: String, deltas: &BTreeMap<String, i64>) -> Result<Update, StoreError> {
        let mut b = Update::builder()
            .table_name(self.name())
            .key(PK, AttributeValue::S(pk))
            .key(SK, AttributeValue::S(sk))
            .expression_attribute_names("#entity", crate::ENTITY)
            .expression_attribute_values(":entity", AttributeValue::S("report".into()));
        let mut adds = Vec::with_capacity(deltas.len());
        for (i, (name, by)) in deltas.iter().enumerate() {
            adds.push(format!("#c{i} :c{i}"));
            b = b
                .expression_attribute_names(format!("#c{i}"), name)
                .expression_attribute_values(format!(":c{i}"), AttributeValue::N(by.to_string()));
        }
        b.update_expression(format!("SET #entity = :entity ADD {}", adds.join(", ")))
            .build()
            .map_err(|e| StoreError::Sdk(Box::new(e)))
    }

    /// Adds what `event` contributes to the aggregates, exactly once: the idempotency
    /// record and every row's `ADD` commit together or not at all. A race with another
    /// event's transaction on the same rows answers `Conflict`, which is worth a retry.
    pub async fn add_contribution(
        &self,
        consumer: &str,
        event: &Event,
        contribution: &Contribution,
        now: OffsetDateTime,
    ) -> Result<Once, StoreError> {
        let org = &event.org_id;
        let mut items = vec![
            TransactWriteItem::builder()
                .put(self.processed_put(consumer, event, now)?)
                .build(),
        ];
        for (dim, deltas) in &contribution.daily {
            let sk = format!("{}#{}", contribution.day, dim.value);
            let update = self.add_update(keys::report_pk(org, dim.kind.as_str()), sk, deltas)?;
            items.push(TransactWriteItem::builder().update(update).build());
        }
        if !contribution.live.is_empty() {
            let update = self.add_update(
                keys::report_pk(org, keys::REPORT_LIVE),
                keys::REPORT_LIVE_SK.into(),
                &contribution.live,
            )?;
            items.push(TransactWriteItem::builder().update(update).build());
        }
        let result = self
            .client()
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await;
        match result {
            Ok(_) => Ok(Once::Done),
            // Only the record's own condition means "seen before".
            Err(e) if crate::tickets::cancelled_at(&e) == Some(0) => Ok(Once::AlreadyDone),
            Err(e) if crate::tickets::cancelled_for(&e, "TransactionConflict") => {
                Err(StoreError::Conflict("a concurrent report update"))
            }
            Err(e) => Err(StoreError::sdk(e)),
        }
    }

    /// The rows of one kind from `from` to `to` (days `YYYY-MM-DD`, inclusive), in day
    /// order: one `Query` page per ~1 MB, so reads grow with days and agents, never tickets.
    pub async fn report_rows(
        &self,
        org: &OrgId,
        kind: DimensionKind,
        from: &str,
        to: &str,
    ) -> Result<Vec<ReportRow>, StoreError> {
        let items: Vec<_> = self
            .client()
            .query()
            .table_name(self.name())
            .key_condition_expression("#pk = :pk AND #sk BETWEEN :from AND :to")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_names("#sk", SK)
            .expression_attribute_values(":pk", AttributeValue::S(keys::report_pk(org, kind.as_str())))
            .expression_attribute_values(":from", AttributeValue::S(format!("{from}#")))
            .expression_attribute_values(":to", AttributeValue::S(format!("{to}#~")))
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(StoreError::sdk)?;
        Ok(items
            .iter()
            .filter_map(|item| {
                let (day, value) = item.get(SK)?.as_s().ok()?.split_once('#')?;
                Some(ReportRow {
                    day: day.to_owned(),
                    value: value.to_owned(),
                    counters: counters(item),
                })
            })
            .collect())
    }

    /// One counter of one day's row (0 when never counted).
    pub async fn report_count(
        &self,
        org: &OrgId,
        day: &str,
        dim: &Dimension,
        counter: &str,
    ) -> Result<i64, StoreError> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::report_pk(org, dim.kind.as_str())))
            .key(SK, AttributeValue::S(format!("{day}#{}", dim.value)))
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(out
            .item()
            .map(counters)
            .and_then(|c| c.get(counter).copied())
            .unwrap_or(0))
    }

    /// The org's live counts (status, backlog, unassigned, per assignee); empty before
    /// the first event. Eventually consistent with the tickets: the aggregator keeps it.
    pub async fn live_counts(&self, org: &OrgId) -> Result<BTreeMap<String, i64>, StoreError> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::report_pk(org, keys::REPORT_LIVE)))
            .key(SK, AttributeValue::S(keys::REPORT_LIVE_SK.into()))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(out.item().map(counters).unwrap_or_default())
    }
}
