//! What the email channel keeps: inbound addresses, the Message-IDs of delivered mail
//! (threading and de-duplication), quarantined mail, and the daily auto-reply limit.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | the org an inbound address belongs to | `GetItem` | `PK = INBOUND#<address>`, `SK = INBOUND` |
//! | give an org an inbound address | `TransactWriteItems` (address item + org item) | same, and `ORG#<org>` / `ORG` |
//! | the ticket a Message-ID belongs to | `GetItem` | `PK = ORG#<org>#MSGID#<sha256(message-id)>`, `SK = MSGID` |
//! | record a delivered message, once | `Put attribute_not_exists`, in the ticket's transaction | same |
//! | quarantine a message | `PutItem` | `PK = ORG#<org>#QUARANTINE`, `SK = <received>#<id>` |
//! | the org's quarantined mail, newest first | `Query` | `PK = ORG#<org>#QUARANTINE` |
//! | one auto-reply per sender, org and day | `PutItem attribute_not_exists` | `PK = ORG#<org>#AUTOREPLY#<sha256(email)>#<day>`, `SK = AUTOREPLY` |

use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};
use helpdesk_domain::ticket::Email;
use helpdesk_domain::{EventId, OrgId, TicketId};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::keys::{self, PK, SK};
use crate::mail::msgid_pk;
use crate::tickets::epoch;
use crate::{StoreError, Table};

const QUARANTINE_TTL_SECS: i64 = 90 * 24 * 3600;
const AUTOREPLY_TTL_SECS: i64 = 2 * 24 * 3600;

fn inbound_pk(address: &str) -> String {
    format!("INBOUND#{}", address.to_lowercase())
}

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

/// A write that rides along in a ticket's transaction, so an inbound message is stored
/// completely or not at all.
#[derive(Debug, Clone)]
pub enum Also<'a> {
    /// Records the delivered message's Message-ID for the ticket; the whole write fails
    /// with [`StoreError::Duplicate`] when it was delivered before.
    InboundMessage {
        message_id: &'a str,
        /// [`helpdesk_mail::Signer::reference_sig`]-style signature over org, ticket, id.
        sig: &'a str,
        received_at: OffsetDateTime,
    },
}

/// Where a Message-ID was seen.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct IndexedMessage {
    pub ticket_id: TicketId,
    /// `in` (mail we received) or `out` (mail we sent).
    pub direction: String,
    /// For `in`: the signature written with it.
    #[serde(default)]
    pub sig: Option<String>,
}

/// A message kept aside, not ticketed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quarantined {
    pub id: String,
    pub from: String,
    pub subject: String,
    pub reasons: Vec<String>,
    /// The raw message in the inbound-mail bucket.
    pub raw_key: String,
    pub received_at: String,
}

impl Table {
    pub(crate) fn also_items(
        &self,
        org: &OrgId,
        ticket: TicketId,
        also: &[Also<'_>],
    ) -> Result<Vec<TransactWriteItem>, StoreError> {
        let mut items = Vec::new();
        for a in also {
            match a {
                Also::InboundMessage {
                    message_id,
                    sig,
                    received_at,
                } => {
                    let put = Put::builder()
                        .table_name(self.name())
                        .item(PK, s(msgid_pk(org, message_id)))
                        .item(SK, s("MSGID"))
                        .item("entity", s("message-id"))
                        .item("direction", s("in"))
                        .item("message_id", s(*message_id))
                        .item("ticket_id", s(ticket.to_string()))
                        .item("sig", s(*sig))
                        .item("received_at", s(keys::sortable(*received_at)))
                        .condition_expression("attribute_not_exists(PK)")
                        .build()
                        .map_err(|e| StoreError::Sdk(Box::new(e)))?;
                    items.push(TransactWriteItem::builder().put(put).build());
                }
            }
        }
        Ok(items)
    }

    /// The org that receives mail at `address` (lower-cased, without a plus tag).
    pub async fn org_for_address(&self, address: &str) -> Result<Option<OrgId>, StoreError> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(inbound_pk(address)))
            .key(SK, s("INBOUND"))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(out
            .item()
            .and_then(|i| i.get("org_id"))
            .and_then(|v| v.as_s().ok())
            .and_then(|o| OrgId::parse(o).ok()))
    }

    /// Gives the org an inbound address; an address another org holds is `Conflict`.
    pub async fn put_inbound_address(&self, org: &OrgId, address: &Email) -> Result<(), StoreError> {
        let claim = Put::builder()
            .table_name(self.name())
            .item(PK, s(inbound_pk(address.as_str())))
            .item(SK, s("INBOUND"))
            .item("entity", s("inbound-address"))
            .item("org_id", s(org.as_str()))
            .condition_expression("attribute_not_exists(PK) OR org_id = :org")
            .expression_attribute_values(":org", s(org.as_str()))
            .build()
            .map_err(|e| StoreError::Sdk(Box::new(e)))?;
        let profile = Update::builder()
            .table_name(self.name())
            .key(PK, s(keys::org_pk(org)))
            .key(SK, s(keys::ORG_SK))
            .update_expression("SET inbound_address = :a")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_values(":a", s(address.as_str()))
            .build()
            .map_err(|e| StoreError::Sdk(Box::new(e)))?;
        let result = self
            .client()
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().put(claim).build())
            .transact_items(TransactWriteItem::builder().update(profile).build())
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) => Err(match crate::tickets::cancelled_at(&e) {
                Some(0) => StoreError::Conflict("the address belongs to another org"),
                Some(1) => StoreError::NotFound("org"),
                _ => StoreError::sdk(e),
            }),
        }
    }

    /// The ticket a Message-ID (ours or a delivered one) was recorded for in the org.
    pub async fn message_ticket(&self, org: &OrgId, message_id: &str) -> Result<Option<IndexedMessage>, StoreError> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(msgid_pk(org, message_id)))
            .key(SK, s("MSGID"))
            .projection_expression("ticket_id, direction, sig")
            .send()
            .await
            .map_err(StoreError::sdk)?;
        out.item.map(serde_dynamo::from_item).transpose().map_err(Into::into)
    }

    /// Keeps a message aside for the org's admins.
    pub async fn quarantine(&self, org: &OrgId, q: &Quarantined, now: OffsetDateTime) -> Result<(), StoreError> {
        let mut item: std::collections::HashMap<String, AttributeValue> = serde_dynamo::to_item(q)?;
        item.insert(PK.into(), s(format!("ORG#{org}#QUARANTINE")));
        item.insert(SK.into(), s(format!("{}#{}", q.received_at, q.id)));
        item.insert("entity".into(), s("quarantined"));
        item.insert(
            "expires_at".into(),
            AttributeValue::N((epoch(now) + QUARANTINE_TTL_SECS).to_string()),
        );
        self.client()
            .put_item()
            .table_name(self.name())
            .set_item(Some(item))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(())
    }

    /// The org's quarantined mail, newest first (at most `limit`).
    pub async fn list_quarantine(&self, org: &OrgId, limit: i32) -> Result<Vec<Quarantined>, StoreError> {
        let out = self
            .client()
            .query()
            .table_name(self.name())
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_values(":pk", s(format!("ORG#{org}#QUARANTINE")))
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

    /// Takes the one automatic reply `email` may get from the org on `day`
    /// (`2026-11-22`) for `event`; false when another event took it. A redelivered
    /// event keeps its claim.
    pub async fn claim_auto_reply(
        &self,
        org: &OrgId,
        email: &str,
        day: &str,
        event: EventId,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let hash: String = Sha256::digest(email.to_lowercase().as_bytes())
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect();
        let result = self
            .client()
            .put_item()
            .table_name(self.name())
            .item(PK, s(format!("ORG#{org}#AUTOREPLY#{hash}#{day}")))
            .item(SK, s("AUTOREPLY"))
            .item("entity", s("auto-reply"))
            .item("event_id", s(event.to_string()))
            .item(
                "expires_at",
                AttributeValue::N((epoch(now) + AUTOREPLY_TTL_SECS).to_string()),
            )
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
}
