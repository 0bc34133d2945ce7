//! What the email channel records: outbound Message-IDs (each mail goes out once per
//! event, and replies find their ticket), delivered Message-IDs (written with the
//! ticket change, see [`crate::ports::Also`]), quarantined mail, and the daily limit of
//! automatic replies.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | claim an outbound Message-ID before sending | `PutItem attribute_not_exists` (else `GetItem`) | `PK = ORG#<org>#MSGID#<sha256(message-id)>`, `SK = MSGID` |
//! | mark it sent | `UpdateItem` | same |
//! | the ticket a Message-ID belongs to | `GetItem` | same |
//! | record a delivered message, once | `Put attribute_not_exists`, in the ticket's transaction | same |
//! | quarantine a message | `PutItem` | `PK = ORG#<org>#QUARANTINE`, `SK = <received>#<id>` |
//! | the org's quarantined mail, newest first | `Query` | `PK = ORG#<org>#QUARANTINE` |
//! | one auto-reply per sender, org and day | `PutItem attribute_not_exists` | `PK = ORG#<org>#AUTOREPLY#<sha256(email)>#<day>`, `SK = AUTOREPLY` |

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use helpdesk_domain::{EventId, OrgId, TicketId};
use time::OffsetDateTime;

use crate::items::{ENTITY, epoch, n, s};
use crate::keys::{self, PK, SK};
use crate::ports::{Claim, IndexedMessage, MailLog, Quarantined, StoreResult};
use crate::{StoreError, Table};

const QUARANTINE_TTL_SECS: i64 = 90 * 24 * 3600;
const AUTOREPLY_TTL_SECS: i64 = 2 * 24 * 3600;

impl MailLog for Table {
    async fn claim_outbound(
        &self,
        org: &OrgId,
        ticket: TicketId,
        event: EventId,
        message_id: &str,
    ) -> StoreResult<Claim> {
        let put = self
            .client()
            .put_item()
            .table_name(self.name())
            .item(PK, s(keys::msgid_pk(org, message_id)))
            .item(SK, s(keys::MSGID_SK))
            .item(ENTITY, s("message-id"))
            .item("direction", s("out"))
            .item("message_id", s(message_id))
            .item("ticket_id", s(ticket.to_string()))
            .item("event_id", s(event.to_string()))
            .item("status", s("sending"))
            .condition_expression("attribute_not_exists(PK)")
            .send()
            .await;
        match put {
            Ok(_) => Ok(Claim::Fresh),
            Err(e) if crate::error::condition_failed(&e) => {
                let out = self
                    .client()
                    .get_item()
                    .table_name(self.name())
                    .key(PK, s(keys::msgid_pk(org, message_id)))
                    .key(SK, s(keys::MSGID_SK))
                    .consistent_read(true)
                    .send()
                    .await
                    .map_err(StoreError::sdk)?;
                let sent = out
                    .item()
                    .and_then(|i| i.get("status"))
                    .and_then(|v| v.as_s().ok())
                    .is_some_and(|s| s == "sent");
                Ok(if sent { Claim::Sent } else { Claim::Retry })
            }
            Err(e) => Err(StoreError::sdk(e)),
        }
    }

    async fn mark_outbound_sent(&self, org: &OrgId, message_id: &str, provider_id: &str) -> StoreResult<()> {
        self.client()
            .update_item()
            .table_name(self.name())
            .key(PK, s(keys::msgid_pk(org, message_id)))
            .key(SK, s(keys::MSGID_SK))
            .update_expression("SET #status = :sent, provider_id = :id")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":sent", s("sent"))
            .expression_attribute_values(":id", s(provider_id))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(())
    }

    async fn claim_auto_reply(
        &self,
        org: &OrgId,
        email: &str,
        day: &str,
        event: EventId,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let result = self
            .client()
            .put_item()
            .table_name(self.name())
            .item(PK, s(keys::auto_reply_pk(org, email, day)))
            .item(SK, s(keys::AUTOREPLY_SK))
            .item(ENTITY, s("auto-reply"))
            .item("event_id", s(event.to_string()))
            .item("expires_at", n(epoch(now) + AUTOREPLY_TTL_SECS))
            .condition_expression("attribute_not_exists(PK) OR event_id = :e")
            .expression_attribute_values(":e", s(event.to_string()))
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(e) if crate::error::condition_failed(&e) => Ok(false),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }

    async fn message_ticket(&self, org: &OrgId, message_id: &str) -> StoreResult<Option<IndexedMessage>> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(keys::msgid_pk(org, message_id)))
            .key(SK, s(keys::MSGID_SK))
            .projection_expression("ticket_id, direction, sig")
            .send()
            .await
            .map_err(StoreError::sdk)?;
        out.item.map(serde_dynamo::from_item).transpose().map_err(Into::into)
    }

    async fn quarantine(&self, org: &OrgId, q: &Quarantined, now: OffsetDateTime) -> StoreResult<()> {
        let mut item: HashMap<String, AttributeValue> = serde_dynamo::to_item(q)?;
        item.insert(PK.into(), s(keys::quarantine_pk(org)));
        item.insert(SK.into(), s(keys::quarantine_sk(&q.received_at, &q.id)));
        item.insert(ENTITY.into(), s("quarantined"));
        item.insert("expires_at".into(), n(epoch(now) + QUARANTINE_TTL_SECS));
        self.client()
            .put_item()
            .table_name(self.name())
            .set_item(Some(item))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(())
    }

    async fn list_quarantine(&self, org: &OrgId, limit: i32) -> StoreResult<Vec<Quarantined>> {
        let out = self
            .client()
            .query()
            .table_name(self.name())
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_values(":pk", s(keys::quarantine_pk(org)))
            .scan_index_forward(false)
            .limit(limit)
            .send()
            .await
            .map_err(StoreError::sdk)?;
        out.items
            .unwrap_or_default()
            .into_iter()
            .map(|i| serde_dynamo::from_item(i).map_err(Into::into))
            .collect()
    }
}
