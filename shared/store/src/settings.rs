//! An org's settings: SLA policies and business hours (one item, so the sla-checker
//! reads both with one `GetItem`), its profile with mail templates, inbound addresses.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | the org's SLA settings | `GetItem` | `PK = ORG#<org>`, `SK = SETTINGS#SLA` |
//! | replace the policies / the business hours | `UpdateItem SET` | same |
//! | the org's name and mail templates | `GetItem` | `ORG#<org>` / `ORG` |
//! | replace the org's mail templates | `UpdateItem attribute_exists` | same |
//! | the org an inbound address belongs to | `GetItem` | `PK = INBOUND#<address>`, `SK = INBOUND` |
//! | give an org an inbound address | `TransactWriteItems` (address item + org item) | same, and `ORG#<org>` / `ORG` |

use helpdesk_domain::hours::BusinessHours;
use helpdesk_domain::mail::MailTemplates;
use helpdesk_domain::sla::SlaPolicies;
use helpdesk_domain::{Email, OrgId};
use serde::Serialize;

use crate::items::{self, ENTITY, s};
use crate::keys::{self, PK, SK};
use crate::ports::{OrgMail, SettingsReads, SettingsWrites, SlaSettings, StoreResult};
use crate::tx::Tx;
use crate::{StoreError, Table};

impl Table {
    async fn set_setting<T: Serialize>(&self, org: &OrgId, attr: &str, value: &T) -> StoreResult<()> {
        self.client()
            .update_item()
            .table_name(self.name())
            .key(PK, s(keys::org_pk(org)))
            .key(SK, s(keys::SLA_SETTINGS_SK))
            .update_expression("SET #attr = :value, #entity = :entity")
            .expression_attribute_names("#attr", attr)
            .expression_attribute_names("#entity", ENTITY)
            .expression_attribute_values(":value", serde_dynamo::to_attribute_value(value)?)
            .expression_attribute_values(":entity", s("sla-settings"))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(())
    }
}

impl SettingsReads for Table {
    async fn sla_settings(&self, org: &OrgId) -> StoreResult<SlaSettings> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(keys::org_pk(org)))
            .key(SK, s(keys::SLA_SETTINGS_SK))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(match out.item {
            Some(item) => serde_dynamo::from_item(item)?,
            None => SlaSettings::default(),
        })
    }

    async fn org_mail(&self, org: &OrgId) -> StoreResult<Option<OrgMail>> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(keys::org_pk(org)))
            .key(SK, s(keys::ORG_SK))
            .projection_expression("#name, mail_templates")
            .expression_attribute_names("#name", "name")
            .send()
            .await
            .map_err(StoreError::sdk)?;
        out.item.map(serde_dynamo::from_item).transpose().map_err(Into::into)
    }

    async fn org_for_address(&self, address: &str) -> StoreResult<Option<OrgId>> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(keys::inbound_address_pk(address)))
            .key(SK, s(keys::INBOUND_SK))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(out
            .item()
            .and_then(|i| i.get("org_id"))
            .and_then(|v| v.as_s().ok())
            .and_then(|o| OrgId::parse(o).ok()))
    }
}

impl SettingsWrites for Table {
    async fn put_sla_policies(&self, org: &OrgId, policies: &SlaPolicies) -> StoreResult<()> {
        self.set_setting(org, "policies", policies).await
    }

    async fn put_business_hours(&self, org: &OrgId, hours: &BusinessHours) -> StoreResult<()> {
        self.set_setting(org, "business_hours", hours).await
    }

    async fn put_mail_templates(&self, org: &OrgId, templates: &MailTemplates) -> StoreResult<()> {
        let result = self
            .client()
            .update_item()
            .table_name(self.name())
            .key(PK, s(keys::org_pk(org)))
            .key(SK, s(keys::ORG_SK))
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

    async fn put_inbound_address(&self, org: &OrgId, address: &Email) -> StoreResult<()> {
        let claim = (
            keys::inbound_address_pk(address.as_str()),
            keys::INBOUND_SK,
            "inbound-address",
        );
        let mut tx = Tx::new(self);
        tx.extend(items::org_claim(
            self,
            org,
            claim,
            "inbound_address",
            address.as_str(),
            "the address belongs to another org",
        )?);
        tx.commit().await
    }
}
