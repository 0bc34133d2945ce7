//! What a caller may see of a ticket. The one place that hides internal notes and
//! internal statuses from customers; every response that shows a ticket goes through it.

use serde::Serialize;
use std::collections::BTreeMap;
use time::OffsetDateTime;

use crate::{
    Caller, Channel, CustomerId, Interaction, Priority, Status, TeamId, Ticket, TicketId, TicketNumber, UserId,
};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketView {
    pub id: TicketId,
    pub number: TicketNumber,
    pub subject: String,
    pub status: Status,
    pub priority: Priority,
    pub channel: Channel,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub customer_id: CustomerId,
    pub assignee_id: Option<UserId>,
    pub team_id: Option<TeamId>,
    /// Staff only.
    pub custom_fields: BTreeMap<String, String>,
    pub follow_up_of: Option<TicketId>,
    pub merged_into: Option<TicketId>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub first_response_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub resolved_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub closed_at: Option<OffsetDateTime>,
    pub version: u64,
    /// SLA clocks (staff only), as the sla-checker last computed them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sla: Option<crate::clock::SlaState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread: Option<Vec<Interaction>>,
}

impl TicketView {
    /// The ticket as `caller` may see it, with the thread when given.
    pub fn for_caller(ticket: &Ticket, thread: Option<&[Interaction]>, caller: &Caller) -> Self {
        let staff = caller.is_staff();
        let status = if staff {
            ticket.status
        } else {
            ticket.status.as_seen_by_customer()
        };
        let thread = thread.map(|t| t.iter().filter(|m| staff || !m.internal).cloned().collect());
        Self {
            id: ticket.id,
            number: ticket.number,
            subject: ticket.subject.clone(),
            status,
            priority: ticket.priority,
            channel: ticket.channel,
            category: ticket.category.clone(),
            tags: ticket.tags.clone(),
            customer_id: ticket.customer_id.clone(),
            assignee_id: ticket.assignee_id.clone(),
            team_id: if staff { ticket.team_id.clone() } else { None },
            custom_fields: if staff {
                ticket.custom_fields.clone()
            } else {
                BTreeMap::new()
            },
            follow_up_of: ticket.follow_up_of,
            merged_into: ticket.merged_into,
            created_at: ticket.created_at,
            updated_at: ticket.updated_at,
            first_response_at: ticket.first_response_at,
            resolved_at: ticket.resolved_at,
            closed_at: ticket.closed_at,
            version: ticket.version,
            sla: if staff { ticket.sla.clone() } else { None },
            thread,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket::{NewTicket, NewTicketInput};
    use crate::{Author, AuthorKind, InteractionId, OrgId, Role};

    fn setup() -> (Ticket, Vec<Interaction>, Caller, Caller) {
        let org = OrgId::parse("10001").unwrap();
        let agent = Caller {
            user_id: UserId::parse("agent-1").unwrap(),
            org_id: org.clone(),
            role: Role::Agent,
            email: None,
        };
        let customer = Caller {
            user_id: UserId::parse("cust-1").unwrap(),
            org_id: org,
            role: Role::Customer,
            email: None,
        };
        let input = NewTicketInput {
            subject: "s".into(),
            description: "d".into(),
            customer_id: Some("cust-1".into()),
            ..Default::default()
        };
        let mut opened = NewTicket::parse(input, &agent).unwrap().open(
            &agent,
            TicketId::new(),
            TicketNumber::new(1),
            OffsetDateTime::UNIX_EPOCH,
        );
        opened.ticket.status = Status::OnHold;
        let note = Interaction {
            id: InteractionId::new(),
            ticket_id: opened.ticket.id,
            author: Author {
                kind: AuthorKind::Agent,
                id: Some(agent.user_id.clone()),
            },
            body: "internal: customer is difficult".into(),
            internal: true,
            channel: Channel::Web,
            created_at: OffsetDateTime::UNIX_EPOCH,
            email: None,
            attachments: Vec::new(),
        };
        (opened.ticket, vec![opened.first_message, note], agent, customer)
    }

    #[test]
    fn customers_never_see_internal_notes_or_on_hold() {
        let (ticket, thread, _, customer) = setup();
        let v = TicketView::for_caller(&ticket, Some(&thread), &customer);
        assert_eq!(v.thread.as_ref().unwrap().len(), 1);
        assert!(v.thread.unwrap().iter().all(|m| !m.internal));
        assert_eq!(v.status, Status::Open);
    }

    #[test]
    fn staff_see_the_whole_thread_and_true_status() {
        let (ticket, thread, agent, _) = setup();
        let v = TicketView::for_caller(&ticket, Some(&thread), &agent);
        assert_eq!(v.thread.unwrap().len(), 2);
        assert_eq!(v.status, Status::OnHold);
    }
}
