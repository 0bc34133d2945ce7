//! Who hears of an event, and how: the one plan for in-app notifications and mail, to
//! customers and staff. The notifier only carries it out.
//!
//! - In the app: the new assignee of an assignment; the assignee of a ticket a customer
//!   wrote on; for SLA warnings and breaches the assignee and every manager and admin.
//! - Mail to agents: the same people, for assignments and SLA warnings and breaches.
//! - Mail to the customer: an acknowledgement of a ticket they opened themselves (of
//!   mail, at most one per address, org and day), every public agent reply, and a
//!   notice when the ticket is resolved. Tickets from automatic mail or spam get no
//!   automatic mail back (no loops). Internal notes never produce mail: their events
//!   carry no text.

use crate::access::hears_of_sla_trouble;
use crate::events::{Event, EventPayload};
use crate::mail::MailKind;
use crate::people::Agent;
use crate::{AuthorKind, Channel, Status, UserId};

/// Who a mail goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailTo {
    /// The ticket's customer.
    Customer,
    /// An agent of the org (their profile's address).
    Agent(UserId),
}

/// One mail the event calls for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: MailTo,
    pub kind: MailKind,
    /// The text of the agent's public reply, and its author.
    pub reply: Option<String>,
    pub author: Option<UserId>,
    /// The SLA clock (`first_response`, ...) and its deadline (RFC 3339).
    pub clock: Option<(String, String)>,
    /// Only if the address has had no automatic reply from the org that day.
    pub once_a_day: bool,
}

/// An in-app notification: who, and what they read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InApp {
    pub user: UserId,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub in_app: Vec<InApp>,
    pub mail: Vec<Mail>,
}

fn is_sla(event: &Event) -> bool {
    matches!(
        event.payload,
        EventPayload::SlaWarning { .. } | EventPayload::SlaBreached { .. }
    )
}

/// Whether the plan needs the org's staff (for managers, names and addresses): only
/// when someone is mailed or managers are told.
pub fn needs_staff(event: &Event) -> bool {
    is_sla(event) || customer_mail(event).is_some() || agent_mail(event).is_some()
}

/// The plan for `event`, given the org's staff (empty when [`needs_staff`] is false).
pub fn plan(event: &Event, staff: &[Agent]) -> Plan {
    let Some(ticket) = event.ticket() else {
        return Plan::default();
    };
    let (n, subject) = (ticket.number, &ticket.subject);
    let mut in_app: Vec<InApp> = match &event.payload {
        EventPayload::TicketAssigned { .. } => ticket
            .assignee_id
            .iter()
            .map(|a| InApp {
                user: a.clone(),
                text: format!("{n} was assigned to you: {subject}"),
            })
            .collect(),
        EventPayload::InteractionAdded { interaction, .. } if interaction.author.kind == AuthorKind::Customer => ticket
            .assignee_id
            .iter()
            .map(|a| InApp {
                user: a.clone(),
                text: format!("The customer replied on {n}: {subject}"),
            })
            .collect(),
        EventPayload::SlaWarning { metric, .. } | EventPayload::SlaBreached { metric, .. } => {
            let what = if matches!(event.payload, EventPayload::SlaBreached { .. }) {
                "breached"
            } else {
                "is close to breaching"
            };
            let text = format!("{n}: the {} target {what} ({subject})", metric.replace('_', " "));
            let managers = staff.iter().filter(|a| hears_of_sla_trouble(a.role)).map(|a| &a.id);
            ticket
                .assignee_id
                .iter()
                .chain(managers)
                .map(|u| InApp {
                    user: u.clone(),
                    text: text.clone(),
                })
                .collect()
        }
        _ => Vec::new(),
    };
    in_app.sort();
    in_app.dedup_by(|a, b| a.user == b.user);

    let mut mail = Vec::new();
    if let Some(m) = customer_mail(event) {
        mail.push(m);
    }
    if let Some((kind, clock)) = agent_mail(event) {
        for r in &in_app {
            if staff.iter().any(|a| a.id == r.user) {
                mail.push(Mail {
                    to: MailTo::Agent(r.user.clone()),
                    kind,
                    reply: None,
                    author: None,
                    clock: clock.clone(),
                    once_a_day: false,
                });
            }
        }
    }
    Plan { in_app, mail }
}

fn customer_mail(event: &Event) -> Option<Mail> {
    let ticket = event.ticket()?;
    let (kind, reply, author) = match &event.payload {
        EventPayload::TicketCreated { .. } if ticket.created_by == ticket.customer_id => {
            (MailKind::Acknowledgement, None, None)
        }
        EventPayload::InteractionAdded { interaction, .. }
            if interaction.author.kind == AuthorKind::Agent && !interaction.internal =>
        {
            (MailKind::Reply, interaction.body.clone(), interaction.author.id.clone())
        }
        EventPayload::TicketStatusChanged {
            to: Status::Resolved, ..
        } => (MailKind::Resolved, None, None),
        _ => return None,
    };
    if kind.automatic() && ticket.mute_auto_replies {
        return None;
    }
    Some(Mail {
        to: MailTo::Customer,
        kind,
        reply,
        author,
        clock: None,
        // Two helpdesks that acknowledge each other's mail stop after one exchange.
        once_a_day: kind == MailKind::Acknowledgement && ticket.channel == Channel::Email,
    })
}

fn agent_mail(event: &Event) -> Option<(MailKind, Option<(String, String)>)> {
    match &event.payload {
        EventPayload::TicketAssigned { .. } => Some((MailKind::Assigned, None)),
        EventPayload::SlaWarning { metric, due_at, .. } => {
            Some((MailKind::SlaWarning, Some((metric.clone(), due_at.clone()))))
        }
        EventPayload::SlaBreached { metric, due_at, .. } => {
            Some((MailKind::SlaBreached, Some((metric.clone(), due_at.clone()))))
        }
        _ => None,
    }
}

/// Whether the event's resolution asks the customer for a rating: an agent resolved it
/// (a rule only if the org says so) without choosing "no survey", and the ticket takes
/// automatic mail.
pub fn surveys(event: &Event, settings: &crate::csat::CsatSettings) -> bool {
    let EventPayload::TicketStatusChanged {
        ticket,
        to: Status::Resolved,
        ..
    } = &event.payload
    else {
        return false;
    };
    settings.enabled
        && !ticket.survey_skipped
        && !ticket.mute_auto_replies
        && (event.origin == crate::events::Origin::Person || settings.after_rules)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::InteractionSummary;
    use crate::people::Availability;
    use crate::ticket::{NewTicket, NewTicketInput};
    use crate::{Author, Caller, Email, InteractionId, OrgId, Role, Ticket, TicketId, TicketNumber};
    use time::OffsetDateTime;

    fn org() -> OrgId {
        OrgId::parse("10001").unwrap()
    }

    fn agent(id: &str, role: Role) -> Agent {
        Agent {
            id: UserId::parse(id).unwrap(),
            org_id: org(),
            email: Email::parse(&format!("{id}@acme.test")).unwrap(),
            name: id.into(),
            role,
            skills: Vec::new(),
            status: Availability::Online,
            version: 1,
        }
    }

    fn ticket(by_customer: bool, assignee: Option<&str>) -> Ticket {
        let customer = Caller {
            user_id: UserId::parse("cust-1").unwrap(),
            org_id: org(),
            role: Role::Customer,
            email: Some("cust@x.test".into()),
        };
        let staff = Caller {
            role: Role::Agent,
            user_id: UserId::parse("amy").unwrap(),
            ..customer.clone()
        };
        let by = if by_customer { &customer } else { &staff };
        let input = NewTicketInput {
            subject: "Printer".into(),
            description: "Jammed".into(),
            customer_id: (!by_customer).then(|| "cust-1".into()),
            ..Default::default()
        };
        let mut t = NewTicket::parse(input, by)
            .unwrap()
            .open(by, TicketId::new(), TicketNumber::new(7), OffsetDateTime::UNIX_EPOCH)
            .ticket;
        t.assignee_id = assignee.map(|a| UserId::parse(a).unwrap());
        t
    }

    fn event(t: &Ticket, payload: EventPayload) -> Event {
        Event::new(org(), t.id, OffsetDateTime::UNIX_EPOCH, payload)
    }

    fn staff() -> Vec<Agent> {
        vec![
            agent("amy", Role::Agent),
            agent("max", Role::Manager),
            agent("ada", Role::Admin),
        ]
    }

    #[test]
    fn sla_trouble_reaches_the_assignee_managers_and_admins_in_the_app_and_by_mail() {
        let t = ticket(true, Some("amy"));
        let e = event(
            &t,
            EventPayload::SlaBreached {
                ticket: Box::new(t.clone()),
                metric: "first_response".into(),
                due_at: "2026-01-01T10:00:00Z".into(),
            },
        );
        assert!(needs_staff(&e));
        let p = plan(&e, &staff());
        let users: Vec<&str> = p.in_app.iter().map(|n| n.user.as_str()).collect();
        assert_eq!(users, ["ada", "amy", "max"]);
        assert!(p.in_app[0].text.contains("first response target breached"));
        let mailed: Vec<&MailTo> = p.mail.iter().map(|m| &m.to).collect();
        assert_eq!(mailed.len(), 3, "{mailed:?}");
        assert!(
            p.mail
                .iter()
                .all(|m| m.kind == MailKind::SlaBreached && m.clock.is_some())
        );
    }

    #[test]
    fn customers_hear_of_their_own_tickets_replies_and_resolution_only() {
        let mine = ticket(true, None);
        let created = event(
            &mine,
            EventPayload::TicketCreated {
                ticket: Box::new(mine.clone()),
            },
        );
        let p = plan(&created, &staff());
        assert_eq!(p.mail.len(), 1);
        assert_eq!(
            (&p.mail[0].to, p.mail[0].kind),
            (&MailTo::Customer, MailKind::Acknowledgement)
        );
        // Opened by staff for the customer: no acknowledgement.
        let theirs = ticket(false, None);
        let created = event(
            &theirs,
            EventPayload::TicketCreated {
                ticket: Box::new(theirs.clone()),
            },
        );
        assert!(plan(&created, &staff()).mail.is_empty());

        let reply = |internal: bool| InteractionSummary {
            id: InteractionId::new(),
            author: Author {
                kind: AuthorKind::Agent,
                id: Some(UserId::parse("amy").unwrap()),
            },
            internal,
            body: (!internal).then(|| "Try turning it off".into()),
            channel: Channel::Web,
            created_at: OffsetDateTime::UNIX_EPOCH,
            attachments: Vec::new(),
        };
        let public = event(
            &mine,
            EventPayload::InteractionAdded {
                ticket: Box::new(mine.clone()),
                interaction: reply(false),
            },
        );
        let m = &plan(&public, &[]).mail[0];
        assert_eq!(
            (m.kind, m.reply.as_deref()),
            (MailKind::Reply, Some("Try turning it off"))
        );
        let note = event(
            &mine,
            EventPayload::InteractionAdded {
                ticket: Box::new(mine.clone()),
                interaction: reply(true),
            },
        );
        assert_eq!(plan(&note, &staff()), Plan::default());
    }

    #[test]
    fn automatic_mail_is_muted_for_tickets_from_automatic_senders_and_limited_for_mail() {
        let mut t = ticket(true, None);
        t.channel = Channel::Email;
        let created = event(
            &t,
            EventPayload::TicketCreated {
                ticket: Box::new(t.clone()),
            },
        );
        assert!(plan(&created, &[]).mail[0].once_a_day);
        t.mute_auto_replies = true;
        let created = event(
            &t,
            EventPayload::TicketCreated {
                ticket: Box::new(t.clone()),
            },
        );
        assert!(plan(&created, &[]).mail.is_empty());
    }

    #[test]
    fn assignments_tell_and_mail_the_new_assignee_only_when_known() {
        let t = ticket(false, Some("amy"));
        let e = event(
            &t,
            EventPayload::TicketAssigned {
                ticket: Box::new(t.clone()),
                previous_assignee_id: None,
                previous_team_id: None,
            },
        );
        let p = plan(&e, &staff());
        assert_eq!(p.in_app.len(), 1);
        assert_eq!(p.mail[0].to, MailTo::Agent(UserId::parse("amy").unwrap()));
        // Without the staff list nobody can be mailed; the in-app notice stays.
        let p = plan(&e, &[]);
        assert_eq!((p.in_app.len(), p.mail.len()), (1, 0));
    }
}
