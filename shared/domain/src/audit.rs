//! The audit trail: who changed which fields of a ticket, and when.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::{Caller, Role, TicketId, UserId};

/// One field's change, for audit entries and `TicketUpdated` events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    pub from: Value,
    pub to: Value,
}

impl FieldChange {
    pub fn new<T: Serialize>(field: &str, from: &T, to: &T) -> Self {
        Self {
            field: field.to_owned(),
            from: json!(from),
            to: json!(to),
        }
    }
}

/// Who did what to a ticket, and when. Admins list them per ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: String,
    pub ticket_id: TicketId,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub actor: UserId,
    pub actor_role: Role,
    pub action: String,
    pub changes: Vec<FieldChange>,
    /// Why an automatic change was made ("trigger refunds; round robin, team Billing").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl AuditEntry {
    pub fn new(ticket: TicketId, caller: &Caller, action: &str, changes: Vec<FieldChange>, at: OffsetDateTime) -> Self {
        Self {
            id: ulid::Ulid::new().to_string(),
            ticket_id: ticket,
            at,
            actor: caller.user_id.clone(),
            actor_role: caller.role,
            action: action.to_owned(),
            changes,
            reason: None,
        }
    }
}
