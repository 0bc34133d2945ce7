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
                .update_expression("SET sla = :sla, GSI5PK = :pk, GSI5SK = :sk")
                .expression_attribute_values(":sla", serde_dynamo::to_attribute_value(s)?)
                .expression_attribute_values(":pk", AttributeValue::S(keys::sla_gsi_pk(&t.org_id)))
                .expression_attribute_values(":sk", AttributeValue::S(due)),
            (Some(s), None) => update
                .update_expression("SET sla = :sla REMOVE GSI5PK, GSI5SK")
                .expression_attribute_values(":sla", serde_dynamo::to_attribute_value(s)?),
            (None, _) => update.update_expression("REMOVE sla, GSI5PK, GSI5SK"),
        };
        match update.send().await {
            Ok(_) => Ok(Written::Yes),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_conditional_check_failed_exception()) =>
            {
                Ok(Written::Stale)
            }
            Err(e) => Err(StoreError::sdk(e)),
        }
    }
}
