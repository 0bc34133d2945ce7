//! Triggers and routing.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | an org's triggers or automations, in order | `GetItem` | `PK = ORG#<org>`, `SK = RULES#TRIGGERS` / `RULES#AUTOMATIONS` |
//! | replace them | `PutItem`, `version = :seen`; automations in a `TransactWriteItems` with the org's entry in the runner's list | same; `PK = AUTOMATIONS`, `SK = ORG#<org>` |
//! | the orgs with automations | `Query` | `PK = AUTOMATIONS` |
//! | an automation's candidates | `Query` on `ByStatus`, `GSI1SK < <updated before>` when an `hours_since_updated gt` condition allows | `GSI1PK = ORG#<org>#STATUS#<status>` |
//! | routing settings | `GetItem` / `PutItem`, `version = :seen` | `PK = ORG#<org>`, `SK = SETTINGS#ROUTING` |
//! | a team's routing counter | `GetItem`; advanced in the assignment's transaction ([`crate::Also::Turn`]) | `PK = ORG#<org>`, `SK = ROUTING#TURN#<team or ->` |
//! | an agent's load | `Query` on `ByAssignee`, `Select = COUNT`, status in new, open | `GSI2PK = ORG#<org>#ASSIGNEE#<agent>` |
//! | tickets waiting for routing | `Query` on `ByAssignee`, status in new, open | `GSI2PK = ORG#<org>#ASSIGNEE#-` |

use std::collections::BTreeMap;

use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use aws_sdk_dynamodb::types::{Delete, Put, Select};
use helpdesk_domain::routing::{LOAD_STATUSES, Routing};
use helpdesk_domain::rules::{Kind, RuleSet};
use helpdesk_domain::{OrgId, Status, TeamId, Ticket, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::items::{ENTITY, Keyed, TURN_AT_PREFIX, TicketItem, fields, n, s};
use crate::keys::{self, PK, SK};
use crate::ports::{Expect, RuleStore, StoreResult, Turn};
use crate::tx::{Failure, Tx};
use crate::{StoreError, Table};

/// The routing settings with their version, nested: `Routing` refuses unknown fields.
#[derive(Serialize, Deserialize)]
struct RoutingValue {
    routing: Routing,
    version: u64,
}

/// Waiting tickets read at most, to find the oldest.
const WAITING_READ_MAX: usize = 5000;

fn expect(version: u64) -> Expect {
    if version <= 1 {
        Expect::New
    } else {
        Expect::Version(version - 1)
    }
}

/// The `ByAssignee` view of an agent (`None`: nobody), tickets in `new` or `open` only.
fn load_query(table: &Table, org: &OrgId, assignee: Option<&UserId>) -> QueryFluentBuilder {
    let mut q = table
        .client()
        .query()
        .table_name(table.name())
        .index_name(keys::BY_ASSIGNEE)
        .key_condition_expression("#pk = :pk")
        .expression_attribute_names("#pk", "GSI2PK")
        .expression_attribute_names("#status", "status")
        .expression_attribute_values(":pk", s(keys::assignee_gsi_pk(org, assignee)));
    let mut placeholders = Vec::new();
    for (i, st) in LOAD_STATUSES.iter().enumerate() {
        placeholders.push(format!(":s{i}"));
        q = q.expression_attribute_values(format!(":s{i}"), s(st.as_str()));
    }
    q.filter_expression(format!("#status IN ({})", placeholders.join(", ")))
}

/// The tickets a Query on a ticket view finds, through its pages, at most `max`.
async fn tickets_of(q: QueryFluentBuilder, max: usize) -> StoreResult<Vec<Ticket>> {
    let mut items = q.into_paginator().items().send();
    let mut tickets = Vec::new();
    while tickets.len() < max
        && let Some(item) = items.next().await
    {
        tickets.push(serde_dynamo::from_item::<_, TicketItem>(item.map_err(StoreError::sdk)?)?.ticket);
    }
    Ok(tickets)
}

impl RuleStore for Table {
    async fn rules(&self, org: &OrgId, kind: Kind) -> StoreResult<RuleSet> {
        Ok(self
            .get_keyed(keys::org_pk(org), keys::rules_sk(kind).to_owned())
            .await?
            .unwrap_or_default())
    }

    async fn put_rules(&self, org: &OrgId, kind: Kind, set: &RuleSet) -> StoreResult<()> {
        let item = serde_dynamo::to_item(Keyed {
            pk: keys::org_pk(org),
            sk: keys::rules_sk(kind).to_owned(),
            entity: "rules".to_owned(),
            value: set,
        })?;
        let put = Put::builder().set_item(Some(item));
        // The first save of a list races other first saves; later ones name the version.
        let put = if set.version <= 1 {
            put.condition_expression("attribute_not_exists(PK)")
        } else {
            put.condition_expression("version = :seen")
                .expression_attribute_values(":seen", n(set.version - 1))
        };
        let mut tx = Tx::new(self);
        tx.put(put, Some(Failure::Stale))?;
        if kind == Kind::Automation {
            let entry = (keys::AUTOMATION_ORGS_PK, keys::org_pk(org));
            if set.rules.iter().any(|r| r.enabled) {
                tx.put_item(
                    fields([
                        (PK, s(entry.0)),
                        (SK, s(entry.1)),
                        (ENTITY, s("automation-org")),
                        ("org_id", s(org.as_str())),
                    ]),
                    None,
                )?;
            } else {
                tx.delete(Delete::builder().key(PK, s(entry.0)).key(SK, s(entry.1)))?;
            }
        }
        tx.commit().await
    }

    async fn automation_orgs(&self) -> StoreResult<Vec<OrgId>> {
        let items = self
            .partition(
                keys::AUTOMATION_ORGS_PK.to_owned(),
                crate::SortKey::BeginsWith(keys::ORG_PREFIX),
            )
            .await?;
        Ok(items
            .iter()
            .filter_map(|i| i.get("org_id").and_then(|v| v.as_s().ok()))
            .filter_map(|o| OrgId::parse(o).ok())
            .collect())
    }

    async fn tickets_in_status(
        &self,
        org: &OrgId,
        status: Status,
        updated_before: Option<OffsetDateTime>,
    ) -> StoreResult<Vec<Ticket>> {
        let mut q = self
            .client()
            .query()
            .table_name(self.name())
            .index_name(keys::BY_STATUS)
            .expression_attribute_names("#pk", "GSI1PK")
            .expression_attribute_values(":pk", s(keys::status_gsi_pk(org, status)));
        q = match updated_before {
            Some(before) => q
                .key_condition_expression("#pk = :pk AND #sk < :before")
                .expression_attribute_names("#sk", "GSI1SK")
                .expression_attribute_values(":before", s(keys::sortable(before))),
            None => q.key_condition_expression("#pk = :pk"),
        };
        tickets_of(q, usize::MAX).await
    }

    async fn routing(&self, org: &OrgId) -> StoreResult<(Routing, u64)> {
        Ok(self
            .get_keyed::<RoutingValue>(keys::org_pk(org), keys::ROUTING_SK.to_owned())
            .await?
            .map(|v| (v.routing, v.version))
            .unwrap_or_default())
    }

    async fn put_routing(&self, org: &OrgId, routing: &Routing, version: u64) -> StoreResult<()> {
        let value = RoutingValue {
            routing: routing.clone(),
            version,
        };
        let written = self
            .put_versioned(
                keys::org_pk(org),
                keys::ROUTING_SK.to_owned(),
                "routing",
                &value,
                expect(version),
            )
            .await;
        match written {
            Err(StoreError::Conflict(_)) => Err(StoreError::Stale),
            other => other,
        }
    }

    async fn routing_turn(&self, org: &OrgId, team: Option<&TeamId>) -> StoreResult<Turn> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(keys::org_pk(org)))
            .key(SK, s(keys::routing_turn_sk(team)))
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::sdk)?;
        let Some(item) = out.item else {
            return Ok(Turn::default());
        };
        let turn = item
            .get("turn")
            .and_then(|v| v.as_n().ok())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let last_assigned: BTreeMap<UserId, OffsetDateTime> = item
            .iter()
            .filter_map(|(k, v)| {
                let agent = UserId::parse(k.strip_prefix(TURN_AT_PREFIX)?).ok()?;
                let at = OffsetDateTime::parse(v.as_s().ok()?, &time::format_description::well_known::Rfc3339).ok()?;
                Some((agent, at))
            })
            .collect();
        Ok(Turn { turn, last_assigned })
    }

    async fn agent_load(&self, org: &OrgId, agent: &UserId) -> StoreResult<u32> {
        let mut pages = load_query(self, org, Some(agent))
            .select(Select::Count)
            .into_paginator()
            .send();
        let mut count = 0u32;
        while let Some(page) = pages.next().await {
            count += u32::try_from(page.map_err(StoreError::sdk)?.count).unwrap_or(0);
        }
        Ok(count)
    }

    async fn waiting(&self, org: &OrgId, limit: usize) -> StoreResult<Vec<Ticket>> {
        // The view is newest first: read it all (bounded) to find the oldest.
        let mut tickets = tickets_of(load_query(self, org, None), WAITING_READ_MAX).await?;
        tickets.sort_by_key(|t| (t.created_at, t.id));
        tickets.truncate(limit);
        Ok(tickets)
    }
}
