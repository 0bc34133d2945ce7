//! Satisfaction surveys.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | survey settings | `GetItem` / `PutItem`, `version = :seen` | `PK = ORG#<org>`, `SK = SETTINGS#CSAT` |
//! | a resolution's rating | `GetItem` | `PK = ORG#<org>#CSAT`, `SK = <resolved, unix s>#<ticket>` |
//! | rate (or re-rate) | `TransactWriteItems`: the rating (`attribute_not_exists` / `version = :seen`), `ADD` to the customer's counts, the `CsatReceived` event in the ticket's outbox | same; `PK = ORG#<org>`, `SK = CSATCUST#<customer>`; `PK = ORG#<org>#TICKET#<id>`, `SK = EVENT#…` |
//! | ratings of resolutions in a range (a report's comments) | `Query`, `SK BETWEEN` | `PK = ORG#<org>#CSAT` |
//! | a customer's counts | `GetItem` | `PK = ORG#<org>`, `SK = CSATCUST#<customer>` |

use aws_sdk_dynamodb::types::{Put, Update};
use helpdesk_domain::csat::{CsatCounts, CsatRecord, CsatSettings, Rating};
use helpdesk_domain::events::Event;
use helpdesk_domain::{OrgId, TicketId, UserId};
use serde::{Deserialize, Serialize};

use crate::items::{Keyed, OutboxItem, n, s};
use crate::keys::{self, PK, SK};
use crate::ports::{CsatStore, StoreResult};
use crate::tx::{Failure, Tx};
use crate::{SortKey, StoreError, Table};

/// The settings with their version, nested: `CsatSettings` refuses unknown fields.
#[derive(Serialize, Deserialize)]
struct SettingsValue {
    settings: CsatSettings,
    version: u64,
}

/// A customer's counts as stored (`ADD` keeps them).
#[derive(Deserialize, Default)]
struct Counts {
    #[serde(default)]
    csat_good: i64,
    #[serde(default)]
    csat_okay: i64,
    #[serde(default)]
    csat_bad: i64,
}

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

impl CsatStore for Table {
    async fn csat_settings(&self, org: &OrgId) -> StoreResult<(CsatSettings, u64)> {
        Ok(self
            .get_keyed::<SettingsValue>(keys::org_pk(org), keys::CSAT_SETTINGS_SK.to_owned())
            .await?
            .map_or((CsatSettings::default(), 0), |v| (v.settings, v.version)))
    }

    async fn put_csat_settings(&self, org: &OrgId, settings: &CsatSettings, version: u64) -> StoreResult<()> {
        let expect = if version <= 1 {
            crate::ports::Expect::New
        } else {
            crate::ports::Expect::Version(version - 1)
        };
        let value = SettingsValue {
            settings: *settings,
            version,
        };
        match self
            .put_versioned(
                keys::org_pk(org),
                keys::CSAT_SETTINGS_SK.to_owned(),
                "csat-settings",
                &value,
                expect,
            )
            .await
        {
            // Two first saves: the loser read version 0 like the winner; it is stale.
            Err(StoreError::Conflict(_)) => Err(StoreError::Stale),
            other => other,
        }
    }

    async fn csat_record(&self, org: &OrgId, ticket: TicketId, cycle: i64) -> StoreResult<Option<CsatRecord>> {
        self.get_keyed(keys::csat_pk(org), keys::csat_sk(cycle, ticket)).await
    }

    async fn save_csat(
        &self,
        org: &OrgId,
        record: &CsatRecord,
        previous: Option<Rating>,
        event: &Event,
    ) -> StoreResult<()> {
        let item = serde_dynamo::to_item(Keyed {
            pk: keys::csat_pk(org),
            sk: keys::csat_sk(record.cycle, record.ticket_id),
            entity: "csat".to_owned(),
            value: record,
        })?;
        let put = Put::builder().set_item(Some(item));
        let put = if record.version <= 1 {
            put.condition_expression("attribute_not_exists(PK)")
        } else {
            put.condition_expression("version = :seen")
                .expression_attribute_values(":seen", n(record.version - 1))
        };
        let mut tx = Tx::new(self);
        tx.put(put, Some(Failure::Stale))?;
        if previous != Some(record.rating) {
            let mut update = Update::builder()
                .key(PK, s(keys::org_pk(org)))
                .key(SK, s(keys::customer_csat_sk(&record.customer_id)))
                .expression_attribute_names("#new", record.rating.counter())
                .expression_attribute_values(":one", n(1));
            let expr = match previous {
                Some(p) => {
                    update = update
                        .expression_attribute_names("#old", p.counter())
                        .expression_attribute_values(":minus", aws_sdk_dynamodb::types::AttributeValue::N("-1".into()));
                    "ADD #new :one, #old :minus"
                }
                None => "ADD #new :one",
            };
            tx.update(update.update_expression(expr), None)?;
        }
        tx.put_item(OutboxItem::item(event)?, Some(Failure::Duplicate))?;
        tx.commit().await
    }

    async fn csat_records(&self, org: &OrgId, from: i64, to: i64) -> StoreResult<Vec<CsatRecord>> {
        let (a, b) = keys::csat_range(from, to);
        let items = self.partition(keys::csat_pk(org), SortKey::Between(&a, &b)).await?;
        items
            .into_iter()
            .map(|item| Ok(serde_dynamo::from_item::<_, Keyed<CsatRecord>>(item)?.value))
            .collect()
    }

    async fn customer_csat(&self, org: &OrgId, customer: &UserId) -> StoreResult<CsatCounts> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(keys::org_pk(org)))
            .key(SK, s(keys::customer_csat_sk(customer)))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        let c: Counts = match out.item {
            Some(item) => serde_dynamo::from_item(item)?,
            None => Counts::default(),
        };
        Ok(CsatCounts::new(
            count(c.csat_good),
            count(c.csat_okay),
            count(c.csat_bad),
        ))
    }
}
