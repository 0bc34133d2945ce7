//! An org's SLA settings: policies per priority and business hours, in one item so the
//! sla-checker reads both with one `GetItem`; and the SLA clocks stored on tickets.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | the org's SLA settings | `GetItem` | `PK = ORG#<org>`, `SK = SETTINGS#SLA` |
//! | replace the policies / the business hours | `UpdateItem SET` | same |
//! | store a ticket's SLA clocks | `UpdateItem` (`version = :seen`) | `ORG#<org>#TICKET#<id>` / `TICKET`; sets `GSI5PK = ORG#<org>#SLA`, `GSI5SK = <next check>#<id>` |

use aws_sdk_dynamodb::types::AttributeValue;
use helpdesk_domain::sla::{BusinessHours, SlaPolicies, SlaState};
use helpdesk_domain::{OrgId, Ticket};
use serde::{Deserialize, Serialize};

use crate::keys::{self, PK, SK};
use crate::{StoreError, Table};

/// Whether a write happened, or the item had moved on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Yes,
    Stale,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SlaSettings {
    #[serde(default)]
    pub policies: Option<SlaPolicies>,
    #[serde(default)]
    pub business_hours: Option<BusinessHours>,
}

impl Table {
    pub async fn sla_settings(&self, org: &OrgId) -> Result<SlaSettings, StoreError> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::org_pk(org)))
            .key(SK, AttributeValue::S(keys::SLA_SETTINGS_SK.into()))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(match out.item {
            Some(item) => serde_dynamo::from_item(item)?,
            None => SlaSettings::default(),
        })
    }

    async fn set_setting<T: Serialize>(&self, org: &OrgId, attr: &str, value: &T) -> Result<(), StoreError> {
        self.client()
            .update_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::org_pk(org)))
            .key(SK, AttributeValue::S(keys::SLA_SETTINGS_SK.into()))
            .update_expression("SET #attr = :value, entity = :entity")
            .expression_attribute_names("#attr", attr)
            .expression_attribute_values(":value", serde_dynamo::to_attribute_value(value)?)
            .expression_attribute_values(":entity", AttributeValue::S("sla-settings".into()))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(())
    }

    pub async fn put_sla_policies(&self, org: &OrgId, policies: &SlaPolicies) -> Result<(), StoreError> {
        self.set_setting(org, "policies", policies).await
    }

    pub async fn put_business_hours(&self, org: &OrgId, hours: &BusinessHours) -> Result<(), StoreError> {
        self.set_setting(org, "business_hours", hours).await
    }

    /// Stores the clocks computed for `ticket` (at the version they were computed from);
    /// `Stale` when the ticket changed since, whose own event recomputes them.
    pub async fn save_sla(&self, ticket: &Ticket, state: Option<&SlaState>) -> Result<Written, StoreError> {
        let mut t = ticket.clone();
        t.sla = state.cloned();
        let due = crate::tickets::sla_due(&t);
        let mut update = self
            .client()
            .update_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::ticket_pk(&t.org_id, t.id)))
            .key(SK, AttributeValue::S(keys::TICKET_SK.into()))
            .condition_expression("#version = :seen")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":seen", AttributeValue::N(t.version.to_string()));
        update = match (state, due) {
            (Some(s), Some(due)) => update
                .update_expression("SET sla = :sla, GSI5PK = :pk, GSI5SK = :sk, GSI6PK = :shard, GSI6SK = :work")
                .expression_attribute_values(":sla", serde_dynamo::to_attribute_value(s)?)
                .expression_attribute_values(":pk", AttributeValue::S(keys::sla_gsi_pk(&t.org_id)))
                .expression_attribute_values(
                    ":shard",
                    AttributeValue::S(keys::sla_schedule_pk(keys::sla_shard(t.id))),
                )
                .expression_attribute_values(":work", AttributeValue::S(format!("{due}#{}", t.org_id)))
                .expression_attribute_values(":sk", AttributeValue::S(due)),
            (Some(s), None) => update
                .update_expression("SET sla = :sla REMOVE GSI5PK, GSI5SK, GSI6PK, GSI6SK")
                .expression_attribute_values(":sla", serde_dynamo::to_attribute_value(s)?),
            (None, _) => update.update_expression("REMOVE sla, GSI5PK, GSI5SK, GSI6PK, GSI6SK"),
        };
        match update.send().await {
            Ok(_) => Ok(Written::Yes),
            Err(e) if crate::error::condition_failed(&e) => Ok(Written::Stale),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }
}

impl Table {
    /// Tickets whose next SLA check is due by `now`, from one shard of the scheduler's
    /// work list (one Query), as (org, ticket).
    pub async fn due_sla_checks(
        &self,
        shard: u32,
        now: time::OffsetDateTime,
        limit: i32,
    ) -> Result<Vec<(OrgId, helpdesk_domain::TicketId)>, StoreError> {
        let out = self
            .client()
            .query()
            .table_name(self.name())
            .index_name(keys::SLA_SCHEDULE)
            .key_condition_expression("GSI6PK = :shard AND GSI6SK <= :now")
            .expression_attribute_values(":shard", AttributeValue::S(keys::sla_schedule_pk(shard)))
            // `~` sorts after the `#` that follows the timestamp.
            .expression_attribute_values(":now", AttributeValue::S(format!("{}~", keys::sortable(now))))
            .limit(limit)
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(out
            .items()
            .iter()
            .filter_map(|i| {
                let pk = i.get(PK)?.as_s().ok()?;
                let rest = pk.strip_prefix("ORG#")?;
                let (org, ticket) = rest.split_once("#TICKET#")?;
                Some((OrgId::parse(org).ok()?, helpdesk_domain::TicketId::parse(ticket).ok()?))
            })
            .collect())
    }

    /// Writes an SLA event to the ticket's outbox once per `key` (clock, kind and cycle):
    /// the record and the event commit together; `false` when it was already emitted.
    pub async fn emit_sla_event_once(
        &self,
        event: &helpdesk_domain::events::Event,
        key: &str,
    ) -> Result<bool, StoreError> {
        use aws_sdk_dynamodb::types::{Put, TransactWriteItem};
        let record = Put::builder()
            .table_name(self.name())
            .item(
                PK,
                AttributeValue::S(keys::sla_event_pk(&event.org_id, event.ticket_id, key)),
            )
            .item(SK, AttributeValue::S("SLAEVT".into()))
            .item("entity", AttributeValue::S("sla-event".into()))
            .item("event_id", AttributeValue::S(event.event_id.to_string()))
            .item(
                "expires_at",
                AttributeValue::N((event.occurred_at.unix_timestamp() + 400 * 24 * 3600).to_string()),
            )
            .condition_expression("attribute_not_exists(PK)")
            .build()
            .map_err(|e| StoreError::Sdk(Box::new(e)))?;
        let outbox = crate::tickets::OutboxItem::new(keys::ticket_pk(&event.org_id, event.ticket_id), event)?;
        let result = self
            .client()
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().put(record).build())
            .transact_items(crate::tickets::put(self, serde_dynamo::to_item(outbox)?, None)?)
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(e) if crate::tickets::cancelled_at(&e) == Some(0) => Ok(false),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }
}
