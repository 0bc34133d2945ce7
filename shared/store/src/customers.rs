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
use helpdesk_domain::{CustomerId, OrgId, Role, UserId};
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
            .update_expression("SET entity = :entity, id = :id, org_id = :org, email = if_not_exists(email, :email), #name = if_not_exists(#name, :name), created_at = if_not_exists(created_at, :now)")
            .expression_attribute_names("#name", "name")
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

    /// Creates or replaces an agent (admins and managers are agents with wider roles).
    pub async fn put_agent(
        &self,
        org: &OrgId,
        id: &UserId,
        email: &Email,
        name: &str,
        role: Role,
    ) -> Result<(), StoreError> {
        self.client()
            .put_item()
            .table_name(self.name())
            .item(PK, s(keys::org_pk(org)))
            .item(SK, s(keys::agent_sk(id)))
            .item("entity", s("agent"))
            .item("id", s(id.as_str()))
            .item("org_id", s(org.as_str()))
            .item("email", s(email.as_str()))
            .item("name", s(name))
            .item("role", s(role.as_str()))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(())
    }
}
