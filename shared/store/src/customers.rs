//! Organisations, agents and customers.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | an org's profile | `PutItem`/`GetItem` | `PK = ORG#<org>`, `SK = ORG` |
//! | an agent | `PutItem`/`GetItem` | `PK = ORG#<org>`, `SK = AGENT#<id>` |
//! | a customer | `UpdateItem` (upsert) / `GetItem` | `PK = ORG#<org>`, `SK = CUSTOMER#<id>` |
//! | the customer owning an email (unique per org) | `GetItem` | `PK = ORG#<org>#EMAIL#<email>`, `SK = CUSTOMER` |

use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};
use helpdesk_domain::ticket::Email;
use helpdesk_domain::{CustomerId, OrgId};
use time::OffsetDateTime;

use crate::keys::{self, PK, SK};
use crate::{StoreError, Table};

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

impl Table {
    /// The two updates that create a customer if missing and claim their email; the
    /// second fails its condition when the email already belongs to someone else.
    pub(crate) fn upsert_customer_items(
        &self,
        org: &OrgId,
        id: &CustomerId,
        email: &Email,
        name: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<[TransactWriteItem; 2], StoreError> {
        let name = name
            .map(str::to_owned)
            .unwrap_or_else(|| email.as_str().split('@').next().unwrap_or_default().to_owned());
        let customer = Update::builder()
            .table_name(self.name())
            .key(PK, s(keys::org_pk(org)))
            .key(SK, s(keys::customer_sk(id)))
            .update_expression("SET entity = :entity, id = :id, org_id = :org, email = if_not_exists(email, :email), #name = if_not_exists(#name, :name), name_lc = if_not_exists(name_lc, :name_lc), created_at = if_not_exists(created_at, :now), GSI4PK = :customers, GSI4SK = if_not_exists(GSI4SK, :email)")
            .expression_attribute_values(":name_lc", s(name.to_lowercase()))
            .expression_attribute_values(":customers", s(keys::customers_gsi_pk(org)))
            .expression_attribute_names("#name", "name")
            // The derived id must still belong to this email (a customer may have moved).
            .condition_expression("attribute_not_exists(email) OR email = :email")
            .expression_attribute_values(":entity", s("customer"))
            .expression_attribute_values(":id", s(id.as_str()))
            .expression_attribute_values(":org", s(org.as_str()))
            .expression_attribute_values(":email", s(email.as_str()))
            .expression_attribute_values(":name", s(name))
            .expression_attribute_values(":now", s(keys::sortable(now)))
            .build()
            .map_err(|e| StoreError::Sdk(Box::new(e)))?;
        let claim = Update::builder()
            .table_name(self.name())
            .key(PK, s(keys::customer_email_pk(org, email)))
            .key(SK, s(keys::EMAIL_SK))
            .update_expression("SET entity = :entity, customer_id = :id")
            .condition_expression("attribute_not_exists(customer_id) OR customer_id = :id")
            .expression_attribute_values(":entity", s("customer-email"))
            .expression_attribute_values(":id", s(id.as_str()))
            .build()
            .map_err(|e| StoreError::Sdk(Box::new(e)))?;
        Ok([
            TransactWriteItem::builder().update(customer).build(),
            TransactWriteItem::builder().update(claim).build(),
        ])
    }

    /// Creates (or keeps) a customer with a known id and email, claiming the email.
    pub async fn upsert_customer(
        &self,
        org: &OrgId,
        id: &CustomerId,
        email: &Email,
        name: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let items = self.upsert_customer_items(org, id, email, Some(name), now)?;
        self.client()
            .transact_write_items()
            .set_transact_items(Some(items.to_vec()))
            .send()
            .await
            .map_err(|e| {
                if e.as_service_error()
                    .is_some_and(|s| s.is_transaction_canceled_exception())
                {
                    StoreError::Conflict("email belongs to another customer")
                } else {
                    StoreError::sdk(e)
                }
            })?;
        Ok(())
    }

    /// The customer who owns an email in the org.
    pub async fn customer_id_by_email(&self, org: &OrgId, email: &Email) -> Result<Option<CustomerId>, StoreError> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(keys::customer_email_pk(org, email)))
            .key(SK, s(keys::EMAIL_SK))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(out
            .item()
            .and_then(|i| i.get("customer_id"))
            .and_then(|v| v.as_s().ok())
            .and_then(|id| CustomerId::parse(id).ok()))
    }

    /// Creates or replaces an org's profile.
    pub async fn put_org(&self, org: &OrgId, name: &str) -> Result<(), StoreError> {
        self.client()
            .put_item()
            .table_name(self.name())
            .item(PK, s(keys::org_pk(org)))
            .item(SK, s(keys::ORG_SK))
            .item("entity", s("org"))
            .item("org_id", s(org.as_str()))
            .item("name", s(name))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(())
    }
}
