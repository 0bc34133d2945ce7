//! Organisations, agents, teams and customers.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | an org's profile | `PutItem` | `PK = ORG#<org>`, `SK = ORG` |
//! | create / replace / read an agent | `PutItem` (`attribute_not_exists` / `version = :seen`) / `GetItem` | `PK = ORG#<org>`, `SK = AGENT#<id>` |
//! | set an agent's availability | `UpdateItem` (`ADD version`) | same |
//! | all agents of an org | `Query` | `PK = ORG#<org> AND begins_with(SK, AGENT#)` |
//! | create / replace / read a team | `PutItem` (`attribute_not_exists` / `version = :seen`) / `GetItem` | `PK = ORG#<org>`, `SK = TEAM#<id>` |
//! | all teams of an org | `Query` | `PK = ORG#<org> AND begins_with(SK, TEAM#)` |
//! | create a customer (email unique per org) | `TransactWriteItems` | `ORG#<org>`/`CUSTOMER#<id>` + `ORG#<org>#EMAIL#<email>`/`CUSTOMER`, both `attribute_not_exists` |
//! | create a customer if missing, claiming the email | `TransactWriteItems` (two `UpdateItem`) | same two items |
//! | a customer | `GetItem` | `PK = ORG#<org>`, `SK = CUSTOMER#<id>` |
//! | the customer owning an email (unique per org) | `GetItem` | `PK = ORG#<org>#EMAIL#<email>`, `SK = CUSTOMER` |
//! | customers by email prefix (and name) | `Query` on `ByOrg` | `GSI4PK = ORG#<org>#CUSTOMERS AND begins_with(GSI4SK, <prefix>)`, filter `contains(name_lc, <q>)` |
//! | change a customer's name or email | `TransactWriteItems` | update the customer (`email = :old`), delete the old claim, put the new one (`attribute_not_exists`) |

use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put};
use helpdesk_domain::people::{Agent, Availability, Customer, Team};
use helpdesk_domain::{CustomerId, Email, OrgId, TeamId, UserId};
use serde::Serialize;
use serde::de::DeserializeOwned;
use time::OffsetDateTime;

use crate::items::{self, CustomerItem, ENTITY, Keyed, n, s};
use crate::keys::{self, PK, SK};
use crate::ports::{Expect, Page, PeopleReads, PeopleWrites, StoreResult};
use crate::tx::Item;
use crate::tx::{Failure, Tx};
use crate::{SortKey, StoreError, Table};

impl Table {
    pub(crate) async fn get_keyed<T: DeserializeOwned>(&self, pk: String, sk: String) -> StoreResult<Option<T>> {
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

    /// Puts a versioned item: new, or replacing the version the caller read.
    pub(crate) async fn put_versioned<T: Serialize>(
        &self,
        pk: String,
        sk: String,
        entity: &str,
        value: &T,
        expect: Expect,
    ) -> StoreResult<()> {
        let item = serde_dynamo::to_item(Keyed {
            pk,
            sk,
            entity: entity.to_owned(),
            value,
        })?;
        let put = self.client().put_item().table_name(self.name()).set_item(Some(item));
        let put = match expect {
            Expect::New => put.condition_expression("attribute_not_exists(PK)"),
            // Items stored before versions have none: version 0.
            Expect::Version(0) => put.condition_expression("attribute_exists(PK) AND attribute_not_exists(version)"),
            Expect::Version(v) => put
                .condition_expression("version = :seen")
                .expression_attribute_values(":seen", n(v)),
        };
        match put.send().await {
            Ok(_) => Ok(()),
            Err(e) if crate::error::condition_failed(&e) => Err(match expect {
                Expect::New => StoreError::Conflict("it already exists"),
                Expect::Version(_) => StoreError::Stale,
            }),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }

    pub(crate) async fn query_prefix<T: DeserializeOwned>(&self, pk: String, prefix: &str) -> StoreResult<Vec<T>> {
        let items = self.partition(pk, SortKey::BeginsWith(prefix)).await?;
        items
            .into_iter()
            .map(|item| Ok(serde_dynamo::from_item::<_, Keyed<T>>(item)?.value))
            .collect()
    }

    fn email_claim(org: &OrgId, email: &Email, id: &UserId) -> Item {
        items::fields([
            (PK, s(keys::customer_email_pk(org, email))),
            (SK, s(keys::EMAIL_SK)),
            (ENTITY, s("customer-email")),
            ("customer_id", s(id.as_str())),
        ])
    }

    /// `Stale` when the id is taken (by a customer who moved to another email).
    async fn create_customer_as(&self, c: &Customer) -> StoreResult<()> {
        let mut tx = Tx::new(self);
        // The email's claim first: a taken email is the error to report.
        tx.put_new(
            Self::email_claim(&c.org_id, &c.email, &c.id),
            Failure::Conflict("a customer with this email already exists"),
        )?;
        tx.put_new(CustomerItem::item(c)?, Failure::Stale)?;
        tx.commit().await
    }
}

impl PeopleReads for Table {
    async fn get_agent(&self, org: &OrgId, id: &UserId) -> StoreResult<Option<Agent>> {
        self.get_keyed(keys::org_pk(org), keys::agent_sk(id)).await
    }

    /// Small: one partition.
    async fn list_agents(&self, org: &OrgId) -> StoreResult<Vec<Agent>> {
        self.query_prefix(keys::org_pk(org), keys::AGENT_PREFIX).await
    }

    async fn get_team(&self, org: &OrgId, id: &TeamId) -> StoreResult<Option<Team>> {
        self.get_keyed(keys::org_pk(org), keys::team_sk(id)).await
    }

    async fn list_teams(&self, org: &OrgId) -> StoreResult<Vec<Team>> {
        self.query_prefix(keys::org_pk(org), keys::TEAM_PREFIX).await
    }

    async fn get_customer(&self, org: &OrgId, id: &CustomerId) -> StoreResult<Option<Customer>> {
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

    /// Sorted by email.
    async fn list_customers(
        &self,
        org: &OrgId,
        email_prefix: &str,
        name: Option<&str>,
        limit: u16,
        cursor: Option<&str>,
    ) -> StoreResult<Page<Customer>> {
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

    async fn customer_id_by_email(&self, org: &OrgId, email: &Email) -> StoreResult<Option<CustomerId>> {
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
}

impl PeopleWrites for Table {
    async fn put_agent(&self, agent: &Agent, expect: Expect) -> StoreResult<()> {
        self.put_versioned(
            keys::org_pk(&agent.org_id),
            keys::agent_sk(&agent.id),
            "agent",
            agent,
            expect,
        )
        .await
    }

    async fn set_agent_status(
        &self,
        org: &OrgId,
        id: &UserId,
        status: Availability,
        online: Option<&helpdesk_domain::events::AgentEvent>,
    ) -> StoreResult<()> {
        let update = aws_sdk_dynamodb::types::Update::builder()
            .key(PK, s(keys::org_pk(org)))
            .key(SK, s(keys::agent_sk(id)))
            .update_expression("SET #status = :status ADD version :one")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":status", s(status.as_str()))
            .expression_attribute_values(":one", n(1));
        let mut tx = Tx::new(self);
        tx.update(update, Some(Failure::NotFound("agent")))?;
        if let Some(event) = online {
            tx.put_item(serde_dynamo::to_item(items::OutboxItem::agent(event)?)?, None)?;
        }
        tx.commit().await
    }

    async fn put_team(&self, team: &Team, expect: Expect) -> StoreResult<()> {
        self.put_versioned(
            keys::org_pk(&team.org_id),
            keys::team_sk(&team.id),
            "team",
            team,
            expect,
        )
        .await
    }

    async fn create_customer(&self, c: &Customer) -> StoreResult<Customer> {
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

    async fn update_customer(&self, current: &Customer, updated: &Customer) -> StoreResult<()> {
        let org = &current.org_id;
        let mut tx = Tx::new(self);
        tx.put(
            Put::builder()
                .set_item(Some(CustomerItem::item(updated)?))
                .condition_expression("attribute_exists(PK) AND email = :old")
                .expression_attribute_values(":old", s(current.email.as_str())),
            Some(Failure::Stale),
        )?;
        if current.email != updated.email {
            tx.delete(
                Delete::builder()
                    .key(PK, s(keys::customer_email_pk(org, &current.email)))
                    .key(SK, s(keys::EMAIL_SK)),
            )?;
            tx.put_new(
                Self::email_claim(org, &updated.email, &updated.id),
                Failure::Conflict("another customer has this email"),
            )?;
        }
        tx.commit().await
    }

    async fn upsert_customer(
        &self,
        org: &OrgId,
        id: &CustomerId,
        email: &Email,
        name: &str,
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        let mut tx = Tx::new(self);
        tx.extend(items::customer_upsert(self, org, id, email, Some(name), now)?);
        tx.commit().await.map_err(|e| match e {
            StoreError::EmailTaken => StoreError::Conflict("email belongs to another customer"),
            e => e,
        })
    }

    async fn put_org(&self, org: &OrgId, name: &str) -> StoreResult<()> {
        self.client()
            .put_item()
            .table_name(self.name())
            .item(PK, s(keys::org_pk(org)))
            .item(SK, s(keys::ORG_SK))
            .item(ENTITY, s("org"))
            .item("org_id", s(org.as_str()))
            .item("name", AttributeValue::S(name.to_owned()))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(())
    }
}
