//! The index of Message-IDs we sent: it makes each outbound mail go out once per event
//! and lets the email channel find the ticket a reply belongs to.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | claim an outbound Message-ID before sending | `PutItem attribute_not_exists` (else `GetItem`) | `PK = ORG#<org>#MSGID#<sha256(message-id)>`, `SK = MSGID` |
//! | mark it sent | `UpdateItem` | same |
//! | the org's name and mail templates | `GetItem` | `ORG#<org>` / `ORG` |
//! | replace the org's mail templates | `UpdateItem attribute_exists` | same |

use aws_sdk_dynamodb::types::AttributeValue;
use helpdesk_domain::mail::MailTemplates;
use helpdesk_domain::{EventId, OrgId, TicketId};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::keys::{self, PK, SK};
use crate::{StoreError, Table};

/// An org's profile as mail sees it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OrgMail {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub mail_templates: MailTemplates,
}

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

pub(crate) fn msgid_pk(org: &OrgId, message_id: &str) -> String {
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
            Err(e) if crate::error::condition_failed(&e) => {
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

    /// What mail of an org needs from its profile: its name and its template overrides
    /// (one `GetItem`). `None` when the org has no profile.
    pub async fn org_mail(&self, org: &OrgId) -> Result<Option<OrgMail>, StoreError> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::org_pk(org)))
            .key(SK, AttributeValue::S(keys::ORG_SK.into()))
            .projection_expression("#name, mail_templates")
            .expression_attribute_names("#name", "name")
            .send()
            .await
            .map_err(StoreError::sdk)?;
        out.item.map(serde_dynamo::from_item).transpose().map_err(Into::into)
    }

    /// Replaces the org's template overrides (the org must exist).
    pub async fn put_mail_templates(&self, org: &OrgId, templates: &MailTemplates) -> Result<(), StoreError> {
        let result = self
            .client()
            .update_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::org_pk(org)))
            .key(SK, AttributeValue::S(keys::ORG_SK.into()))
            .update_expression("SET mail_templates = :t")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_values(":t", serde_dynamo::to_attribute_value(templates)?)
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) if crate::error::condition_failed(&e) => Err(StoreError::NotFound("org")),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }
}
