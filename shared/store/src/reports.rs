//! Report aggregates: daily rows per org, priority and agent, and the live view counts.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | add one event's deltas, once | `TransactWriteItems` (idempotency record + one `ADD` per row) | rows below |
//! | a day's row of a dimension | item | `PK = ORG#<org>#REPORT#<all\|priority\|agent>`, `SK = <day>#<value>` |
//! | the rows of a kind over a date range | `Query` | `PK = ORG#<org>#REPORT#<kind>`, `SK BETWEEN <from># AND <to>#~` |
//! | live view counts (status, backlog, per holder) | `GetItem` | `PK = ORG#<org>#REPORT#live`, `SK = LIVE` |
//! | a form's outcome, a search without a result | `UpdateItem` (`ADD`) | `PK = ORG#<org>#REPORT#<help\|gap>`, `SK = <day>#<query>` |
//!
//! One partition per kind keeps a range read to the rows it needs (the overview never
//! reads agents), and spreads an org's report writes over four keys.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_dynamodb::types::{AttributeValue, Put, Update};
use helpdesk_domain::OrgId;
use helpdesk_domain::events::Event;
use helpdesk_domain::reports::{Contribution, Dimension, DimensionKind};
use time::OffsetDateTime;

use crate::items::{ENTITY, processed_record};
use crate::keys::{self, PK, SK};
use crate::ports::{Once, ReportRow, Reports, StoreResult};
use crate::tx::{Failure, Tx, TxItem};
use crate::{SortKey, StoreError, Table};

/// Attributes of a row that are not counters.
const NOT_COUNTERS: [&str; 3] = [PK, SK, ENTITY];

fn counters(item: &HashMap<String, AttributeValue>) -> BTreeMap<String, i64> {
    item.iter()
        .filter(|(k, _)| !NOT_COUNTERS.contains(&k.as_str()))
        .filter_map(|(k, v)| Some((k.clone(), v.as_n().ok()?.parse().ok()?)))
        .collect()
}

/// The `ADD` of each counter of `deltas`, and its names and values.
struct Adds {
    expression: String,
    names: HashMap<String, String>,
    values: HashMap<String, AttributeValue>,
}

fn adds(deltas: &BTreeMap<String, i64>) -> Adds {
    let mut names = HashMap::from([("#entity".to_owned(), ENTITY.to_owned())]);
    let mut values = HashMap::from([(":entity".to_owned(), AttributeValue::S("report".into()))]);
    let mut parts = Vec::with_capacity(deltas.len());
    for (i, (name, by)) in deltas.iter().enumerate() {
        parts.push(format!("#c{i} :c{i}"));
        names.insert(format!("#c{i}"), name.clone());
        values.insert(format!(":c{i}"), AttributeValue::N(by.to_string()));
    }
    Adds {
        expression: format!("SET #entity = :entity ADD {}", parts.join(", ")),
        names,
        values,
    }
}

impl Table {
    /// `ADD`s each counter of `deltas` to one row, creating it on first use.
    fn add_update(&self, pk: String, sk: String, deltas: &BTreeMap<String, i64>) -> StoreResult<TxItem> {
        let a = adds(deltas);
        let b = Update::builder()
            .key(PK, AttributeValue::S(pk))
            .key(SK, AttributeValue::S(sk))
            .set_expression_attribute_names(Some(a.names))
            .set_expression_attribute_values(Some(a.values));
        TxItem::update(self, b.update_expression(a.expression), None)
    }
}

impl Reports for Table {
    /// Exactly once: the idempotency record and every row's `ADD` commit together or not
    /// at all.
    async fn add_contribution(
        &self,
        consumer: &str,
        event: &Event,
        contribution: &Contribution,
        now: OffsetDateTime,
    ) -> StoreResult<Once> {
        let org = &event.org_id;
        let mut tx = Tx::new(self);
        tx.put(
            Put::builder()
                .set_item(Some(processed_record(consumer, event, now)))
                .condition_expression("attribute_not_exists(PK)"),
            Some(Failure::Duplicate),
        )?;
        for (dim, deltas) in &contribution.daily {
            let sk = keys::report_sk(&contribution.day, &dim.value);
            tx.add(self.add_update(keys::report_pk(org, dim.kind.as_str()), sk, deltas)?);
        }
        if !contribution.live.is_empty() {
            tx.add(self.add_update(
                keys::report_pk(org, keys::REPORT_LIVE),
                keys::REPORT_LIVE_SK.into(),
                &contribution.live,
            )?);
        }
        match tx.commit().await {
            Ok(()) => Ok(Once::Done),
            Err(StoreError::Duplicate) => Ok(Once::AlreadyDone),
            Err(e) => Err(e),
        }
    }

    /// The rows of one kind from `from` to `to` (days `YYYY-MM-DD`, inclusive), in day
    /// order: one `Query` page per ~1 MB, so reads grow with days and agents, never tickets.
    async fn report_rows(&self, org: &OrgId, kind: DimensionKind, from: &str, to: &str) -> StoreResult<Vec<ReportRow>> {
        let (lo, hi) = keys::report_range(from, to);
        let items = self
            .partition(keys::report_pk(org, kind.as_str()), SortKey::Between(&lo, &hi))
            .await?;
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
    async fn report_count(&self, org: &OrgId, day: &str, dim: &Dimension, counter: &str) -> StoreResult<i64> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::report_pk(org, dim.kind.as_str())))
            .key(SK, AttributeValue::S(keys::report_sk(day, &dim.value)))
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
    async fn live_counts(&self, org: &OrgId) -> StoreResult<BTreeMap<String, i64>> {
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

    async fn add_counts(
        &self,
        org: &OrgId,
        day: &str,
        dim: &Dimension,
        deltas: &BTreeMap<String, i64>,
    ) -> StoreResult<()> {
        if deltas.is_empty() {
            return Ok(());
        }
        let a = adds(deltas);
        self.client()
            .update_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::report_pk(org, dim.kind.as_str())))
            .key(SK, AttributeValue::S(keys::report_sk(day, &dim.value)))
            .update_expression(a.expression)
            .set_expression_attribute_names(Some(a.names))
            .set_expression_attribute_values(Some(a.values))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(())
    }
}
