//! Customers, agents and teams.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | create a customer (email unique per org) | `TransactWriteItems` | `ORG#<org>`/`CUSTOMER#<id>` + `ORG#<org>#EMAIL#<email>`/`CUSTOMER`, both `attribute_not_exists` |
//! | a customer | `GetItem` | `PK = ORG#<org>`, `SK = CUSTOMER#<id>` |
//! | customers by email prefix (and name) | `Query` on `ByOrg` | `GSI4PK = ORG#<org>#CUSTOMERS AND begins_with(GSI4SK, <prefix>)`, filter `contains(name_lc, <q>)` |
//! | rename a customer | `UpdateItem` | `attribute_exists(PK)` |
//! | change a customer's email | `TransactWriteItems` | update the customer (`email = :old`), delete the old claim, put the new one (`attribute_not_exists`) |
//! | create / replace / read an agent | `PutItem` / `GetItem` | `PK = ORG#<org>`, `SK = AGENT#<id>` |
//! | all agents of an org | `Query` | `PK = ORG#<org> AND begins_with(SK, AGENT#)` |
//! | create / replace / read a team | `PutItem` / `GetItem` | `PK = ORG#<org>`, `SK = TEAM#<id>` |
//! | all teams of an org | `Query` | `PK = ORG#<org> AND begins_with(SK, TEAM#)` |

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem};
use helpdesk_domain::people::{Agent, Customer, Team};
use helpdesk_domain::ticket::Email;
use helpdesk_domain::{OrgId, TeamId, UserId};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::keys::{self, PK, SK};
use crate::tickets::cancelled_at;
use crate::views::Page;
use crate::{StoreError, Table};

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn sdk_build<T, E: std::error::Error + Send + Sync + 'static>(r: Result<T, E>) -> Result<T, StoreError> {
    r.map_err(|e| StoreError::Sdk(Box::new(e)))
}

#[derive(Serialize, Deserialize)]
struct Keyed<T> {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity: String,
    #[serde(flatten)]
    value: T,
}

#[derive(Serialize, Deserialize)]
struct CustomerItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity: String,
    #[serde(rename = "GSI4PK")]
    gsi4pk: String,
    #[serde(rename = "GSI4SK")]
    gsi4sk: String,
    name_lc: String,
    #[serde(flatten)]
    customer: Customer,
}

impl Table {
    async fn get_keyed<T: DeserializeOwned>(&self, pk: String, sk: String) -> Result<Option<T>, StoreError> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(pk))
            .key(SK, s(sk))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(match out.item {
            Some(item) => Some(serde_dynamo::from_item::<_, Keyed<T>>(item)?.value),
            None => None,
        })
    }

    async fn put_keyed<T: Serialize>(
        &self,
        pk: String,
        sk: String,
        entity: &str,
        value: &T,
        create_only: bool,
    ) -> Result<(), StoreError> {
        let item = serde_dynamo::to_item(Keyed {
            pk,
            sk,
            entity: entity.to_owned(),
            value,
        })?;
        let result = self
            .client()
            .put_item()
            .table_name(self.name())
            .set_item(Some(item))
            .set_condition_expression(create_only.then(|| "attribute_not_exists(PK)".to_owned()))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) if crate::error::condition_failed(&e) => Err(StoreError::Conflict("it already exists")),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }

    async fn query_prefix<T: DeserializeOwned>(&self, pk: String, prefix: &str) -> Result<Vec<T>, StoreError> {
        let items = self
            .client()
            .query()
            .table_name(self.name())
            .key_condition_expression("PK = :pk AND begins_with(SK, :prefix)")
            .expression_attribute_values(":pk", s(pk))
            .expression_attribute_values(":prefix", s(prefix))
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(StoreError::sdk)?;
        items
            .into_iter()
            .map(|item| Ok(serde_dynamo::from_item::<_, Keyed<T>>(item)?.value))
            .collect()
    }

    /// Creates or replaces an agent; `create_only` refuses an existing id.
    pub async fn put_agent(&self, agent: &Agent, create_only: bool) -> Result<(), StoreError> {
        self.put_keyed(
            keys::org_pk(&agent.org_id),
            keys::agent_sk(&agent.id),
            "agent",
            agent,
            create_only,
        )
        .await
    }

    pub async fn get_agent(&self, org: &OrgId, id: &UserId) -> Result<Option<Agent>, StoreError> {
        self.get_keyed(keys::org_pk(org), keys::agent_sk(id)).await
    }

    /// Every agent of the org (small: one partition).
    pub async fn list_agents(&self, org: &OrgId) -> Result<Vec<Agent>, StoreError> {
        self.query_prefix(keys::org_pk(org), keys::AGENT_PREFIX).await
    }

    /// The first of `ids` that is not an agent of the org, if any.
    pub async fn first_unknown_agent<'a>(
        &self,
        org: &OrgId,
        ids: &'a [UserId],
    ) -> Result<Option<&'a UserId>, StoreError> {
        if ids.is_empty() {
            return Ok(None);
        }
        let agents = self.list_agents(org).await?;
        Ok(ids.iter().find(|id| !agents.iter().any(|a| a.id == **id)))
    }

    pub async fn put_team(&self, team: &Team, create_only: bool) -> Result<(), StoreError> {
        self.put_keyed(
            keys::org_pk(&team.org_id),
            keys::team_sk(&team.id),
            "team",
            team,
            create_only,
        )
        .await
    }

    pub async fn get_team(&self, org: &OrgId, id: &TeamId) -> Result<Option<Team>, StoreError> {
        self.get_keyed(keys::org_pk(org), keys::team_sk(id)).await
    }

    pub async fn list_teams(&self, org: &OrgId) -> Result<Vec<Team>, StoreError> {
        self.query_prefix(keys::org_pk(org), keys::TEAM_PREFIX).await
    }

    fn customer_item(c: &Customer) -> Result<HashMap<String, AttributeValue>, StoreError> {
        Ok(serde_dynamo::to_item(CustomerItem {
            pk: keys::org_pk(&c.org_id),
            sk: keys::customer_sk(&c.id),
            entity: "customer".into(),
            gsi4pk: keys::customers_gsi_pk(&c.org_id),
            gsi4sk: c.email.as_str().to_owned(),
            name_lc: c.name.to_lowercase(),
            customer: c.clone(),
        })?)
    }

    fn claim(org: &OrgId, email: &Email, id: &UserId) -> HashMap<String, AttributeValue> {
        HashMap::from([
            (PK.to_owned(), s(keys::customer_email_pk(org, email))),
            (SK.to_owned(), s(keys::EMAIL_SK)),
            ("entity".to_owned(), s("customer-email")),
            ("customer_id".to_owned(), s(id.as_str())),
        ])
    }

    /// Creates a customer and claims their email; `Conflict` when the email is claimed.
    /// When the id is taken (the customer who had it moved to another email), the
    /// customer gets a fresh id instead. Returns the customer as stored.
    pub async fn create_customer(&self, c: &Customer) -> Result<Customer, StoreError> {
        match self.create_customer_as(c).await {
            Err(StoreError::Stale) => {
                let mut fresh = c.clone();
                fresh.id = UserId::parse(&format!("c-{}", ulid::Ulid::new().to_string().to_lowercase()))
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                self.create_customer_as(&fresh).await?;
                Ok(fresh)
            }
            Err(e) => Err(e),
            Ok(()) => Ok(c.clone()),
        }
    }

    async fn create_customer_as(&self, c: &Customer) -> Result<(), StoreError> {
        let customer = sdk_build(
            Put::builder()
                .table_name(self.name())
                .set_item(Some(Self::customer_item(c)?))
                .condition_expression("attribute_not_exists(PK)")
                .build(),
        )?;
        let claim = sdk_build(
            Put::builder()
                .table_name(self.name())
                .set_item(Some(Self::claim(&c.org_id, &c.email, &c.id)))
                .condition_expression("attribute_not_exists(PK)")
                .build(),
        )?;
        let result = self
            .client()
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().put(customer).build())
            .transact_items(TransactWriteItem::builder().put(claim).build())
            .send()
            .await;
        result.map(|_| ()).map_err(|e| match cancelled_at(&e) {
            Some(0) if !Self::claim_failed(&e) => StoreError::Stale,
            Some(_) => StoreError::Conflict("a customer with this email already exists"),
            None => StoreError::sdk(e),
        })
    }

    /// Whether the email claim (the second item) failed too.
    fn claim_failed<R>(
        e: &aws_sdk_dynamodb::error::SdkError<
            aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError,
            R,
        >,
    ) -> bool {
        use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
        match e.as_service_error() {
            Some(TransactWriteItemsError::TransactionCanceledException(c)) => c
                .cancellation_reasons()
                .get(1)
                .is_some_and(|r| r.code() == Some("ConditionalCheckFailed")),
            _ => false,
        }
    }

    pub async fn get_customer(&self, org: &OrgId, id: &UserId) -> Result<Option<Customer>, StoreError> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(keys::org_pk(org)))
            .key(SK, s(keys::customer_sk(id)))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(match out.item {
            Some(item) => Some(serde_dynamo::from_item::<_, CustomerItem>(item)?.customer),
            None => None,
        })
    }

    /// A page of customers whose email starts with `email_prefix` (all when empty) and
    /// whose name contains `name` (lower-cased), sorted by email.
    pub async fn list_customers(
        &self,
        org: &OrgId,
        email_prefix: &str,
        name: Option<&str>,
        limit: u16,
        cursor: Option<&str>,
    ) -> Result<Page<Customer>, StoreError> {
        let start = match cursor {
            Some(c) => Some(crate::views::decode_plain_cursor(
                c,
                org,
                "GSI4PK",
                &keys::customers_gsi_pk(org),
                &["PK", "SK", "GSI4PK", "GSI4SK"],
            )?),
            None => None,
        };
        let mut q = self
            .client()
            .query()
            .table_name(self.name())
            .index_name(keys::BY_ORG)
            .key_condition_expression(if email_prefix.is_empty() {
                "GSI4PK = :pk"
            } else {
                "GSI4PK = :pk AND begins_with(GSI4SK, :prefix)"
            })
            .expression_attribute_values(":pk", s(keys::customers_gsi_pk(org)))
            .limit(i32::from(limit))
            .set_exclusive_start_key(start);
        if !email_prefix.is_empty() {
            q = q.expression_attribute_values(":prefix", s(email_prefix.to_lowercase()));
        }
        if let Some(n) = name.filter(|n| !n.is_empty()) {
            q = q
                .filter_expression("contains(name_lc, :name)")
                .expression_attribute_values(":name", s(n.to_lowercase()));
        }
        let out = q.send().await.map_err(StoreError::sdk)?;
        let items = out
            .items()
            .iter()
            .map(|i| Ok(serde_dynamo::from_item::<_, CustomerItem>(i.clone())?.customer))
            .collect::<Result<_, StoreError>>()?;
        Ok(Page {
            items,
            next_cursor: out.last_evaluated_key().and_then(crate::views::encode_plain_cursor),
        })
    }

    /// Renames a customer and/or moves them to a new email (the old email is released,
    /// the new one claimed; `Conflict` when another customer has it).
    pub async fn update_customer(&self, current: &Customer, updated: &Customer) -> Result<(), StoreError> {
        let org = &current.org_id;
        let put = sdk_build(
            Put::builder()
                .table_name(self.name())
                .set_item(Some(Self::customer_item(updated)?))
                .condition_expression("attribute_exists(PK) AND email = :old")
                .expression_attribute_values(":old", s(current.email.as_str()))
                .build(),
        )?;
        let mut items = vec![TransactWriteItem::builder().put(put).build()];
        if current.email != updated.email {
            let release = sdk_build(
                Delete::builder()
                    .table_name(self.name())
                    .key(PK, s(keys::customer_email_pk(org, &current.email)))
                    .key(SK, s(keys::EMAIL_SK))
                    .build(),
            )?;
            let claim = sdk_build(
                Put::builder()
                    .table_name(self.name())
                    .set_item(Some(Self::claim(org, &updated.email, &updated.id)))
                    .condition_expression("attribute_not_exists(PK)")
                    .build(),
            )?;
            items.push(TransactWriteItem::builder().delete(release).build());
            items.push(TransactWriteItem::builder().put(claim).build());
        }
        let result = self
            .client()
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await;
        result.map(|_| ()).map_err(|e| match cancelled_at(&e) {
            Some(0) => StoreError::Stale,
            Some(_) => StoreError::Conflict("another customer has this email"),
            None => StoreError::sdk(e),
        })
    }

    /// Sets an agent's availability.
    pub async fn set_agent_status(&self, org: &OrgId, id: &UserId, status: &str) -> Result<(), StoreError> {
        let update = self
            .client()
            .update_item()
            .table_name(self.name())
            .key(PK, s(keys::org_pk(org)))
            .key(SK, s(keys::agent_sk(id)))
            .update_expression("SET #status = :status")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":status", s(status))
            .send()
            .await;
        match update {
            Ok(_) => Ok(()),
            Err(e) if crate::error::condition_failed(&e) => Err(StoreError::NotFound("agent")),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }
}
