//! In-app notifications for agents.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | notify an agent of an event, once | `PutItem attribute_not_exists` | `PK = ORG#<org>#USER#<agent>#NOTIF`, `SK = NOTIF#<event id>` |
//! | an agent's latest notifications | `Query`, newest first | `PK = ORG#<org>#USER#<agent>#NOTIF` |
//! | mark one read | `UpdateItem attribute_exists` | same item |
//!
//! The sort key is the event id (a ULID), so a redelivered event cannot notify twice
//! and the partition reads in time order. Items expire after 90 days.

use aws_sdk_dynamodb::types::AttributeValue;
use helpdesk_domain::people::Notification;
use helpdesk_domain::{EventId, OrgId, UserId};
use serde::{Deserialize, Serialize};

use crate::keys::{self, PK, SK};
use crate::ports::{Notifications, StoreResult};
use crate::{StoreError, Table};

const TTL_SECS: i64 = 90 * 24 * 3600;

#[derive(Serialize, Deserialize)]
struct NotificationItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    entity: String,
    expires_at: i64,
    #[serde(flatten)]
    notification: Notification,
}

impl Notifications for Table {
    /// Stores a notification; `false` when this event already notified this agent.
    async fn notify_once(
        &self,
        org: &OrgId,
        user: &UserId,
        n: &Notification,
        now: time::OffsetDateTime,
    ) -> StoreResult<bool> {
        let item = NotificationItem {
            pk: keys::notifications_pk(org, user),
            sk: keys::notification_sk(n.id),
            entity: "notification".into(),
            expires_at: now.unix_timestamp() + TTL_SECS,
            notification: n.clone(),
        };
        let result = self
            .client()
            .put_item()
            .table_name(self.name())
            .set_item(Some(serde_dynamo::to_item(item)?))
            .condition_expression("attribute_not_exists(PK)")
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(e) if crate::error::condition_failed(&e) => Ok(false),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }

    /// The agent's latest notifications, newest first; only unread ones if asked.
    async fn notifications(
        &self,
        org: &OrgId,
        user: &UserId,
        unread_only: bool,
        limit: i32,
    ) -> StoreResult<Vec<Notification>> {
        let mut q = self
            .client()
            .query()
            .table_name(self.name())
            .key_condition_expression("PK = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(keys::notifications_pk(org, user)))
            .scan_index_forward(false)
            .limit(limit);
        if unread_only {
            q = q
                .filter_expression("#read = :no")
                .expression_attribute_names("#read", "read")
                .expression_attribute_values(":no", AttributeValue::Bool(false));
        }
        let out = q.send().await.map_err(StoreError::sdk)?;
        out.items()
            .iter()
            .map(|i| Ok(serde_dynamo::from_item::<_, NotificationItem>(i.clone())?.notification))
            .collect()
    }

    /// Marks a notification read; `NotFound` if the agent has no such notification.
    async fn mark_notification_read(&self, org: &OrgId, user: &UserId, id: EventId) -> StoreResult<()> {
        let result = self
            .client()
            .update_item()
            .table_name(self.name())
            .key(PK, AttributeValue::S(keys::notifications_pk(org, user)))
            .key(SK, AttributeValue::S(keys::notification_sk(id)))
            .update_expression("SET #read = :yes")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_names("#read", "read")
            .expression_attribute_values(":yes", AttributeValue::Bool(true))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) if crate::error::condition_failed(&e) => Err(StoreError::NotFound("notification")),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }
}
