//! The index of Message-IDs we sent: it makes each outbound mail go out once per event
//! and lets the email channel find the ticket a reply belongs to.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | claim an outbound Message-ID before sending | `PutItem attribute_not_exists` (else `GetItem`) | `PK = ORG#<org>#MSGID#<sha256(message-id)>`, `SK = MSGID` |
//! | mark it sent | `UpdateItem` | same |
//! | the org's name (for mail) | `GetItem` | `ORG#<org>` / `ORG` |

use aws_sdk_dynamodb::types::AttributeValue;
use helpdesk_domain::{EventId, OrgId, TicketId};
use sha2::{Digest, Sha256};

use crate::keys::{self, PK, SK};
use crate::{StoreError, Table};

/// Where an outbound mail stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// First attempt: send it.
    Fresh,
    /// An earlier attempt may have failed after claiming: send again (same Message-ID,
    /// so a client that got both shows one).
    Retry,
    /// Sent already: do nothing.
    Sent,
}

fn msgid_pk(org: &OrgId, message_id: &str) -> String {
    let hash: String = Sha256::digest(message_id.as_bytes())
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("ORG#{org}#MSGID#{hash}")
}

impl Table {
    pub async fn claim_outbound(
        &self,
        org: &OrgId,
        ticket: TicketId,
        event: EventId,
        message_id: &str,
    ) -> Result<Claim, StoreError> {
        let put = self
            .client()
            .put_item()
            .table_name(self.name())
            .item(PK, AttributeValue::S(msgid_pk(org, message_id)))
            .item(SK, AttributeValue::S("MSGID".into()))
            .item("entity", AttributeValue::S("message-id".into()))
            .item("direction", AttributeValue::S("out".into()))
            .item("message_id", AttributeValue::S(message_id.to_owned()))
            .item("ticket_id", AttributeValue::S(ticket.to_string()))
            .item("event_id", AttributeValue::S(event.to_string()))
            .item("status", AttributeValue::S("sending".into()))
            .condition_expression("attribute_not_exists(PK)")
            .send()
            .await;
        match put {
            Ok(_) => Ok(Claim::Fresh),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_conditional_check_failed_exception()) =>
            {
                let out = self
                    .client()
                    .get_item()
                    .table_name(self.name())
                    .key(PK, AttributeValue::S(msgid_pk(org, message_id)))
                    .key(SK, AttributeValue::S("MSGID".into()))
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

    pub async fn mark_outbound_sent(&self, org: &OrgId, message_id: &str, provider_id: &str) -> Result<(), StoreError> {
        self.client()
            .update_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(msgid_pk(org, message_id)))
            .key(SK, AttributeValue::S("MSGID".into()))
            .update_expression("SET #status = :sent, provider_id = :id")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":sent", AttributeValue::S("sent".into()))
            .expression_attribute_values(":id", AttributeValue::S(provider_id.to_owned()))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(())
    }

    /// The org's display name, if it has a profile.
    pub async fn org_name(&self, org: &OrgId) -> Result<Option<String>, StoreError> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::org_pk(org)))
            .key(SK, AttributeValue::S(keys::ORG_SK.into()))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(out
            .item()
            .and_then(|i| i.get("name"))
            .and_then(|v| v.as_s().ok())
            .cloned())
    }
}
