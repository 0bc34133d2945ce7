//! Uploaded files (issue #15): one item per upload, in a partition of its own, so a
//! download reads it by id alone and a guessed id of another org names another key.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | an upload is requested | `PutItem` (`attribute_not_exists`) | `PK = ORG#<org>#ATTACH#<id>`, `SK = ATTACH` |
//! | an upload / the uploads of a message | `GetItem` / `BatchGetItem` | same |
//! | checked (ready) or refused | `PutItem` (`state = :pending`) | same |
//! | put on a message | in the message's `TransactWriteItems`: `PutItem` (`state = :ready`), see [`crate::Also::Attach`] |
//! | a download in the audit trail | `PutItem` | `PK = ORG#<org>#TICKET#<id>`, `SK = AUDIT#<id>` |
//! | the org's limits / set them | `GetItem` / `PutItem` | `PK = ORG#<org>`, `SK = SETTINGS#FILES` |
//!
//! Uploads not yet on a message carry `expires_at` (a day): DynamoDB's TTL removes
//! them, as the bucket's lifecycle rule removes their pending objects. The item itself
//! is built in [`crate::items`] (a ride-along write of a message's transaction too).

use helpdesk_domain::attachment::{Attachment, FileState, Limits};
use helpdesk_domain::audit::AuditEntry;
use helpdesk_domain::{AttachmentId, OrgId};

use crate::items::{AuditItem, Keyed, attachment_from_item, attachment_item, attachment_state, fields, s};
use crate::keys::{self, PK, SK};
use crate::ports::{AttachmentStore, StoreResult};
use crate::{StoreError, Table};

impl AttachmentStore for Table {
    async fn create_attachment(&self, a: &Attachment) -> StoreResult<()> {
        let out = self
            .client()
            .put_item()
            .table_name(self.name())
            .set_item(Some(attachment_item(a)?))
            .condition_expression("attribute_not_exists(PK)")
            .send()
            .await;
        match out {
            Ok(_) => Ok(()),
            Err(e) if crate::error::condition_failed(&e) => Err(StoreError::Conflict("the upload exists")),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }

    async fn get_attachment(&self, org: &OrgId, id: AttachmentId) -> StoreResult<Option<Attachment>> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(keys::attachment_pk(org, id)))
            .key(SK, s(keys::ATTACHMENT_SK))
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::sdk)?;
        out.item.map(attachment_from_item).transpose()
    }

    async fn get_attachments(&self, org: &OrgId, ids: &[AttachmentId]) -> StoreResult<Vec<Attachment>> {
        let keys = ids
            .iter()
            .map(|id| fields([(PK, s(keys::attachment_pk(org, *id))), (SK, s(keys::ATTACHMENT_SK))]))
            .collect();
        let mut found = self
            .batch_get(keys, true)
            .await?
            .into_iter()
            .map(attachment_from_item)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids
            .iter()
            .filter_map(|id| found.iter().position(|a| a.id == *id).map(|i| found.swap_remove(i)))
            .collect())
    }

    async fn settle_attachment(&self, a: &Attachment) -> StoreResult<()> {
        let out = self
            .client()
            .put_item()
            .table_name(self.name())
            .set_item(Some(attachment_item(a)?))
            .condition_expression("#state = :pending")
            .expression_attribute_names("#state", "state")
            .expression_attribute_values(":pending", s(attachment_state(FileState::Pending)))
            .send()
            .await;
        match out {
            Ok(_) => Ok(()),
            Err(e) if crate::error::condition_failed(&e) => Err(StoreError::Stale),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }

    async fn record_download(&self, org: &OrgId, entry: &AuditEntry) -> StoreResult<()> {
        self.client()
            .put_item()
            .table_name(self.name())
            .set_item(Some(AuditItem::item(org, entry)?))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(())
    }

    async fn file_limits(&self, org: &OrgId) -> StoreResult<Limits> {
        Ok(self
            .get_keyed(keys::org_pk(org), keys::FILE_LIMITS_SK.to_owned())
            .await?
            .unwrap_or_default())
    }

    async fn put_file_limits(&self, org: &OrgId, limits: &Limits) -> StoreResult<()> {
        let item = serde_dynamo::to_item(Keyed {
            pk: keys::org_pk(org),
            sk: keys::FILE_LIMITS_SK.to_owned(),
            entity: "file-limits".to_owned(),
            value: limits,
        })?;
        self.client()
            .put_item()
            .table_name(self.name())
            .set_item(Some(item))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(())
    }
}
