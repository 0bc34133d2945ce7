//! Reading tickets.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | a ticket (for a change) | `GetItem` (consistent) | `PK = ORG#<org>#TICKET#<id>`, `SK = TICKET` |
//! | the ticket with a number | `GetItem` | `PK = ORG#<org>#TKTNO#<n>`, `SK = TICKET` |
//! | a ticket with its thread | `Query` | `PK = ORG#<org>#TICKET#<id> AND SK >= MSG#` |
//! | a page of a ticket view | `Query` on a GSI | see [`crate::views`] |
//! | a ticket's audit trail | `Query` | `PK = ORG#<org>#TICKET#<id> AND begins_with(SK, AUDIT#)` |

use aws_sdk_dynamodb::types::AttributeValue;
use helpdesk_domain::audit::AuditEntry;
use helpdesk_domain::views::TicketQuery;
use helpdesk_domain::{OrgId, Ticket, TicketId, TicketNumber};

use crate::items::{AuditItem, ENTITY, MessageItem, TicketItem};
use crate::keys::{self, PK, SK};
use crate::ports::{Page, StoreResult, TicketReads, TicketWithThread};
use crate::{SortKey, StoreError, Table};

impl TicketReads for Table {
    async fn get_ticket(&self, org: &OrgId, id: TicketId) -> StoreResult<Option<Ticket>> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::ticket_pk(org, id)))
            .key(SK, AttributeValue::S(keys::TICKET_SK.into()))
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(match out.item {
            Some(item) => Some(serde_dynamo::from_item::<_, TicketItem>(item)?.ticket),
            None => None,
        })
    }

    async fn ticket_id_by_number(&self, org: &OrgId, number: TicketNumber) -> StoreResult<Option<TicketId>> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::ticket_number_pk(org, number)))
            .key(SK, AttributeValue::S(keys::TICKET_SK.into()))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(out
            .item()
            .and_then(|i| i.get("ticket_id"))
            .and_then(|v| v.as_s().ok())
            .and_then(|s| TicketId::parse(s).ok()))
    }

    /// One Query (more only for threads over 1 MB).
    async fn ticket_with_thread(&self, org: &OrgId, id: TicketId) -> StoreResult<Option<TicketWithThread>> {
        let items = self
            .partition(keys::ticket_pk(org, id), SortKey::From(keys::THREAD_FROM))
            .await?;
        let mut ticket = None;
        let mut thread = Vec::new();
        for item in items {
            match item.get(ENTITY).and_then(|v| v.as_s().ok()).map(String::as_str) {
                Some("ticket") => ticket = Some(serde_dynamo::from_item::<_, TicketItem>(item)?.ticket),
                Some("message") => thread.push(serde_dynamo::from_item::<_, MessageItem>(item)?.message),
                _ => {}
            }
        }
        Ok(ticket.map(|ticket| TicketWithThread { ticket, thread }))
    }

    async fn list_tickets(&self, org: &OrgId, q: &TicketQuery, cursor: Option<&str>) -> StoreResult<Page<Ticket>> {
        crate::views::list_tickets(self, org, q, cursor).await
    }

    /// Oldest first.
    async fn ticket_audit(&self, org: &OrgId, id: TicketId) -> StoreResult<Vec<AuditEntry>> {
        let items = self
            .partition(keys::ticket_pk(org, id), SortKey::BeginsWith(keys::AUDIT_PREFIX))
            .await?;
        items
            .into_iter()
            .map(|item| Ok(serde_dynamo::from_item::<_, AuditItem>(item)?.entry))
            .collect()
    }
}
