//! The SLA clocks stored on tickets, the scheduler's work list, and SLA events emitted
//! once per clock and cycle.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | store a ticket's SLA clocks | `UpdateItem` (`version = :seen`) | `ORG#<org>#TICKET#<id>` / `TICKET`; sets `GSI5PK = ORG#<org>#SLA`, `GSI5SK = <next check>#<id>`, `GSI6PK = SLA#<shard>`, `GSI6SK = <next check>#<id>#<org>` |
//! | tickets due for a check | `Query` on `SlaSchedule` | `GSI6PK = SLA#<shard> AND GSI6SK <= <now>~` |
//! | emit an SLA event once | `TransactWriteItems` (record `attribute_not_exists` + outbox item) | `PK = ORG#<org>#SLAEVT#<ticket>#<key>`, `SK = SLAEVT` |

use helpdesk_domain::clock::SlaState;
use helpdesk_domain::events::Event;
use helpdesk_domain::{OrgId, Ticket, TicketId};
use time::OffsetDateTime;

use crate::items::{self, ENTITY, OutboxItem, n, s};
use crate::keys::{self, PK, SK};
use crate::ports::{SlaWork, StoreResult, Written};
use crate::tx::{Failure, Tx};
use crate::{StoreError, Table};

/// How long the record that an SLA event was emitted is kept.
const SLA_EVENT_TTL_SECS: i64 = 400 * 24 * 3600;

impl SlaWork for Table {
    async fn save_sla(&self, ticket: &Ticket, state: Option<&SlaState>) -> StoreResult<Written> {
        let mut t = ticket.clone();
        t.sla = state.cloned();
        let due = items::sla_due(&t);
        let mut update = self
            .client()
            .update_item()
            .table_name(self.name())
            .key(PK, s(keys::ticket_pk(&t.org_id, t.id)))
            .key(SK, s(keys::TICKET_SK))
            .condition_expression("#version = :seen")
            .expression_attribute_names("#version", "version")
            .expression_attribute_values(":seen", n(t.version));
        update = match (state, due) {
            (Some(st), Some(due)) => update
                .update_expression("SET sla = :sla, GSI5PK = :pk, GSI5SK = :sk, GSI6PK = :shard, GSI6SK = :work")
                .expression_attribute_values(":sla", serde_dynamo::to_attribute_value(st)?)
                .expression_attribute_values(":pk", s(keys::sla_gsi_pk(&t.org_id)))
                .expression_attribute_values(":shard", s(keys::sla_schedule_pk(keys::sla_shard(t.id))))
                .expression_attribute_values(":work", s(keys::sla_work_sk(&due, &t.org_id)))
                .expression_attribute_values(":sk", s(due)),
            (Some(st), None) => update
                .update_expression("SET sla = :sla REMOVE GSI5PK, GSI5SK, GSI6PK, GSI6SK")
                .expression_attribute_values(":sla", serde_dynamo::to_attribute_value(st)?),
            (None, _) => update.update_expression("REMOVE sla, GSI5PK, GSI5SK, GSI6PK, GSI6SK"),
        };
        match update.send().await {
            Ok(_) => Ok(Written::Yes),
            Err(e) if crate::error::condition_failed(&e) => Ok(Written::Stale),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }

    async fn due_sla_checks(&self, shard: u32, now: OffsetDateTime, limit: i32) -> StoreResult<Vec<(OrgId, TicketId)>> {
        let out = self
            .client()
            .query()
            .table_name(self.name())
            .index_name(keys::SLA_SCHEDULE)
            .key_condition_expression("GSI6PK = :shard AND GSI6SK <= :now")
            .expression_attribute_values(":shard", s(keys::sla_schedule_pk(shard)))
            .expression_attribute_values(":now", s(keys::sla_work_due_by(now)))
            .limit(limit)
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(out
            .items()
            .iter()
            .filter_map(|i| keys::parse_ticket_pk(i.get(PK)?.as_s().ok()?))
            .collect())
    }

    async fn emit_sla_event_once(&self, event: &Event, key: &str) -> StoreResult<bool> {
        let record = items::fields([
            (PK, s(keys::sla_event_pk(&event.org_id, event.ticket_id, key))),
            (SK, s(keys::SLA_EVENT_SK)),
            (ENTITY, s("sla-event")),
            ("event_id", s(event.event_id.to_string())),
            ("expires_at", n(event.occurred_at.unix_timestamp() + SLA_EVENT_TTL_SECS)),
        ]);
        let mut tx = Tx::new(self);
        tx.put_new(record, Failure::Duplicate)?;
        tx.put_item(OutboxItem::item(event)?, None)?;
        match tx.commit().await {
            Ok(()) => Ok(true),
            Err(StoreError::Duplicate) => Ok(false),
            Err(e) => Err(e),
        }
    }
}
