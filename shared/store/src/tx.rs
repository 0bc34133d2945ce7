//! The one way the store writes several items at once (`TransactWriteItems`).
//!
//! Each item carries what its failed condition means to the caller ([`Failure`]), so
//! the error a user sees never depends on where an item sits in the transaction:
//! adding an item cannot silently change it. When several conditions fail, the first
//! item added wins, so callers add the items whose failure they want reported first.

use std::collections::HashMap;

use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::builders::{ConditionCheckBuilder, DeleteBuilder, PutBuilder, UpdateBuilder};
use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem};

use crate::{StoreError, Table};

/// An item as DynamoDB stores it.
pub type Item = HashMap<String, AttributeValue>;

/// What a failed condition on one item means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The item moved on since it was read (optimistic locking).
    Stale,
    /// Something the write depends on does not exist (in this org).
    NotFound(&'static str),
    /// Someone else holds it.
    Conflict(&'static str),
    /// A customer's email belongs to another customer.
    EmailTaken,
    /// The record of this very write exists: it happened before.
    Duplicate,
}

impl Failure {
    fn error(self) -> StoreError {
        match self {
            Self::Stale => StoreError::Stale,
            Self::NotFound(what) => StoreError::NotFound(what),
            Self::Conflict(why) => StoreError::Conflict(why),
            Self::EmailTaken => StoreError::EmailTaken,
            Self::Duplicate => StoreError::Duplicate,
        }
    }
}

/// A write of one transaction, built before it is added (e.g. by [`crate::items`]).
#[derive(Debug, Clone)]
pub struct TxItem {
    item: TransactWriteItem,
    fails: Option<Failure>,
}

/// A transaction being built.
#[derive(Debug)]
pub struct Tx<'t> {
    table: &'t Table,
    items: Vec<TxItem>,
}

fn built<T, E: std::error::Error + Send + Sync + 'static>(r: Result<T, E>) -> Result<T, StoreError> {
    r.map_err(|e| StoreError::Sdk(Box::new(e)))
}

impl TxItem {
    /// A put; `fails` is what a failed condition on it means (`None`: unconditional).
    pub(crate) fn put(table: &Table, b: PutBuilder, fails: Option<Failure>) -> Result<Self, StoreError> {
        let put = built(b.table_name(table.name()).build())?;
        Ok(Self {
            item: TransactWriteItem::builder().put(put).build(),
            fails,
        })
    }

    pub(crate) fn put_item(table: &Table, item: Item, fails: Option<Failure>) -> Result<Self, StoreError> {
        Self::put(
            table,
            aws_sdk_dynamodb::types::Put::builder().set_item(Some(item)),
            fails,
        )
    }

    /// A put of an item that must not exist yet.
    pub(crate) fn put_new(table: &Table, item: Item, fails: Failure) -> Result<Self, StoreError> {
        Self::put(
            table,
            aws_sdk_dynamodb::types::Put::builder()
                .set_item(Some(item))
                .condition_expression("attribute_not_exists(PK)"),
            Some(fails),
        )
    }

    pub(crate) fn update(table: &Table, b: UpdateBuilder, fails: Option<Failure>) -> Result<Self, StoreError> {
        let update = built(b.table_name(table.name()).build())?;
        Ok(Self {
            item: TransactWriteItem::builder().update(update).build(),
            fails,
        })
    }

    pub(crate) fn delete(table: &Table, b: DeleteBuilder) -> Result<Self, StoreError> {
        let delete = built(b.table_name(table.name()).build())?;
        Ok(Self {
            item: TransactWriteItem::builder().delete(delete).build(),
            fails: None,
        })
    }

    /// A condition on an item that is not written.
    pub(crate) fn check(table: &Table, b: ConditionCheckBuilder, fails: Failure) -> Result<Self, StoreError> {
        let check = built(b.table_name(table.name()).build())?;
        Ok(Self {
            item: TransactWriteItem::builder().condition_check(check).build(),
            fails: Some(fails),
        })
    }
}

impl<'t> Tx<'t> {
    pub(crate) fn new(table: &'t Table) -> Self {
        Self {
            table,
            items: Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, item: TxItem) -> &mut Self {
        self.items.push(item);
        self
    }

    pub(crate) fn extend(&mut self, items: impl IntoIterator<Item = TxItem>) -> &mut Self {
        self.items.extend(items);
        self
    }

    pub(crate) fn put(&mut self, b: PutBuilder, fails: Option<Failure>) -> Result<&mut Self, StoreError> {
        let item = TxItem::put(self.table, b, fails)?;
        Ok(self.add(item))
    }

    pub(crate) fn put_item(&mut self, item: Item, fails: Option<Failure>) -> Result<&mut Self, StoreError> {
        let item = TxItem::put_item(self.table, item, fails)?;
        Ok(self.add(item))
    }

    pub(crate) fn put_new(&mut self, item: Item, fails: Failure) -> Result<&mut Self, StoreError> {
        let item = TxItem::put_new(self.table, item, fails)?;
        Ok(self.add(item))
    }

    pub(crate) fn update(&mut self, b: UpdateBuilder, fails: Option<Failure>) -> Result<&mut Self, StoreError> {
        let item = TxItem::update(self.table, b, fails)?;
        Ok(self.add(item))
    }

    pub(crate) fn delete(&mut self, b: DeleteBuilder) -> Result<&mut Self, StoreError> {
        let item = TxItem::delete(self.table, b)?;
        Ok(self.add(item))
    }

    pub(crate) fn check(&mut self, b: ConditionCheckBuilder, fails: Failure) -> Result<&mut Self, StoreError> {
        let item = TxItem::check(self.table, b, fails)?;
        Ok(self.add(item))
    }

    /// Writes every item or none. A failed condition answers the error its item
    /// carries; a concurrent transaction on the same items is [`StoreError::Contended`]
    /// (worth a retry), throttling is [`StoreError::Throttled`].
    pub(crate) async fn commit(self) -> Result<(), StoreError> {
        let (items, meanings): (Vec<_>, Vec<_>) = self.items.into_iter().map(|i| (i.item, i.fails)).unzip();
        let result = self
            .table
            .client()
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await;
        let Err(e) = result else { return Ok(()) };
        let codes: Vec<Option<String>> = match e.as_service_error() {
            Some(TransactWriteItemsError::TransactionCanceledException(c)) => c
                .cancellation_reasons()
                .iter()
                .map(|r| r.code().map(str::to_owned))
                .collect(),
            _ => return Err(StoreError::sdk(e)),
        };
        Err(cancelled(&codes, &meanings).unwrap_or_else(|| StoreError::sdk(e)))
    }
}

/// The error of a cancelled transaction from its per-item reason codes.
fn cancelled(codes: &[Option<String>], meanings: &[Option<Failure>]) -> Option<StoreError> {
    let code = |c: &Option<String>, want: &str| c.as_deref() == Some(want);
    if let Some(i) = codes.iter().position(|c| code(c, "ConditionalCheckFailed")) {
        return Some(match meanings.get(i).copied().flatten() {
            Some(f) => f.error(),
            None => StoreError::Conflict("a condition of the write failed"),
        });
    }
    if codes.iter().any(|c| code(c, "TransactionConflict")) {
        return Some(StoreError::Contended);
    }
    if codes
        .iter()
        .any(|c| code(c, "ThrottlingError") || code(c, "ProvisionedThroughputExceeded"))
    {
        return Some(StoreError::Throttled);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(list: &[Option<&str>]) -> Vec<Option<String>> {
        list.iter().map(|c| c.map(str::to_owned)).collect()
    }

    #[test]
    fn a_failed_condition_answers_what_its_own_item_means_wherever_it_sits() {
        let meanings = [None, Some(Failure::NotFound("customer")), Some(Failure::Duplicate)];
        let e = cancelled(
            &codes(&[Some("None"), Some("ConditionalCheckFailed"), Some("None")]),
            &meanings,
        );
        assert!(matches!(e, Some(StoreError::NotFound("customer"))));
        // The same item one place later (another item added before it): same error.
        let meanings = [None, None, Some(Failure::NotFound("customer"))];
        let e = cancelled(&codes(&[None, None, Some("ConditionalCheckFailed")]), &meanings);
        assert!(matches!(e, Some(StoreError::NotFound("customer"))));
    }

    #[test]
    fn the_first_failed_item_wins_and_races_are_contended() {
        let meanings = [Some(Failure::Stale), Some(Failure::Duplicate)];
        let both = codes(&[Some("ConditionalCheckFailed"), Some("ConditionalCheckFailed")]);
        assert!(matches!(cancelled(&both, &meanings), Some(StoreError::Stale)));
        let race = codes(&[Some("None"), Some("TransactionConflict")]);
        assert!(matches!(cancelled(&race, &meanings), Some(StoreError::Contended)));
        assert!(cancelled(&codes(&[Some("ValidationError")]), &meanings).is_none());
    }
}
