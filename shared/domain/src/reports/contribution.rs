//! The write side: what one event adds to the daily rows and the live counts.

use std::collections::BTreeMap;

use super::{Dimension, bucket_of, counter, is_unsolved, live};
use crate::clock::SlaTarget;
use crate::events::{Event, EventPayload};
use crate::hours::{instant, local_day};
use crate::{AuthorKind, Status, Ticket, UserId};

/// What one event adds: per-dimension counters of its day, and live counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contribution {
    /// The org's calendar day of the event.
    pub day: String,
    pub daily: BTreeMap<Dimension, BTreeMap<String, i64>>,
    pub live: BTreeMap<String, i64>,
}

impl Contribution {
    pub fn is_empty(&self) -> bool {
        self.daily.is_empty() && self.live.is_empty()
    }

    fn add(&mut self, dims: &[Dimension], counter: &str, by: i64) {
        for d in dims {
            *self
                .daily
                .entry(d.clone())
                .or_default()
                .entry(counter.to_owned())
                .or_default() += by;
        }
    }

    fn sample(&mut self, dims: &[Dimension], distribution: &str, minutes: u32) {
        self.add(dims, &counter::samples(distribution), 1);
        self.add(dims, &counter::bucket(distribution, bucket_of(minutes)), 1);
    }

    fn live(&mut self, name: String, by: i64) {
        let v = self.live.entry(name).or_default();
        *v += by;
        if *v == 0 {
            // Opposite moves of one event (e.g. reassigned to the same holder) cancel.
            self.live.retain(|_, v| *v != 0);
        }
    }

    /// The ticket left (-1) or joined (+1) the unsolved set: backlog and its holder.
    fn unsolved(&mut self, holder: Option<&UserId>, by: i64) {
        self.add(&[Dimension::all()], counter::BACKLOG_DELTA, by);
        self.live(live::BACKLOG.to_owned(), by);
        self.live(live::holder(holder), by);
    }
}

fn minutes_between(from: time::OffsetDateTime, to: time::OffsetDateTime) -> u32 {
    u32::try_from((to - from).whole_seconds().max(0).unsigned_abs().div_ceil(60)).unwrap_or(u32::MAX)
}

/// Whether a clock was met by `met_at` (the first response, the solve); `None` when
/// it was not measured (no policy, or the clock was never planned).
fn outcome(target: Option<&SlaTarget>, met_at: Option<time::OffsetDateTime>) -> Option<bool> {
    let t = target?;
    if t.breached {
        return Some(false);
    }
    let met = met_at.map(instant)?;
    Some(t.due_at.is_none_or(|due| met <= due))
}

/// Everything `event` adds to the aggregates, on its day in `time_zone`.
pub fn contribution(event: &Event, time_zone: Option<&str>) -> Contribution {
    let mut c = Contribution {
        day: local_day(event.occurred_at, time_zone),
        ..Contribution::default()
    };
    let Some(ticket) = event.ticket() else {
        return c;
    };
    let all = Dimension::all();
    let prio = Dimension::priority(ticket.priority);
    let assignee = ticket.assignee_id.as_ref().map(Dimension::agent);
    let org_and_priority = [all.clone(), prio.clone()];
    let with_assignee: Vec<Dimension> = org_and_priority.iter().cloned().chain(assignee.clone()).collect();
    match &event.payload {
        EventPayload::TicketCreated { .. } => {
            c.add(&org_and_priority, counter::TICKETS_CREATED, 1);
            c.live(live::status(ticket.status), 1);
            if is_unsolved(ticket.status) {
                c.unsolved(ticket.assignee_id.as_ref(), 1);
            }
        }
        EventPayload::TicketStatusChanged { from, to, .. } => {
            status_moved(
                &mut c,
                ticket,
                *from,
                *to,
                event.occurred_at,
                &with_assignee,
                &org_and_priority,
            );
        }
        EventPayload::TicketMerged { from, .. } => {
            status_moved(
                &mut c,
                ticket,
                *from,
                ticket.status,
                event.occurred_at,
                &with_assignee,
                &org_and_priority,
            );
        }
        EventPayload::CsatReceived { rating, previous, .. } => {
            // A changed rating moves from the old value to the new on the day it changed.
            let dims: Vec<Dimension> = std::iter::once(all.clone())
                .chain(assignee.clone())
                .chain(ticket.team_id.as_ref().map(Dimension::team))
                .chain(ticket.category.as_deref().map(Dimension::category))
                .collect();
            if *previous != Some(*rating) {
                c.add(&dims, &rating.counter(), 1);
                if let Some(p) = previous {
                    c.add(&dims, &p.counter(), -1);
                }
            }
        }
        EventPayload::TicketAssigned {
            previous_assignee_id, ..
        } if is_unsolved(ticket.status) && *previous_assignee_id != ticket.assignee_id => {
            c.live(live::holder(previous_assignee_id.as_ref()), -1);
            c.live(live::holder(ticket.assignee_id.as_ref()), 1);
        }
        EventPayload::InteractionAdded { interaction, .. }
            if interaction.author.kind == AuthorKind::Agent && !interaction.internal =>
        {
            let author = interaction.author.id.as_ref().map(Dimension::agent);
            let dims: Vec<Dimension> = org_and_priority.iter().cloned().chain(author).collect();
            c.add(&dims, counter::REPLIES_SENT, 1);
            if ticket.first_response_at == Some(interaction.created_at) {
                c.sample(
                    &dims,
                    counter::FIRST_RESPONSE,
                    minutes_between(ticket.created_at, interaction.created_at),
                );
                let target = ticket.sla.as_ref().and_then(|s| s.first_response.as_ref());
                if let Some(achieved) = outcome(target, Some(interaction.created_at)) {
                    c.add(&org_and_priority, &counter::outcome("first_response", achieved), 1);
                }
            }
        }
        EventPayload::SlaBreached { metric, .. } => {
            c.add(&with_assignee, counter::SLA_BREACHED, 1);
            c.add(&org_and_priority, &counter::breached(metric), 1);
        }
        _ => {}
    }
    c
}

fn status_moved(
    c: &mut Contribution,
    ticket: &Ticket,
    from: Status,
    to: Status,
    at: time::OffsetDateTime,
    with_assignee: &[Dimension],
    org_and_priority: &[Dimension],
) {
    if from == to {
        return;
    }
    c.live(live::status(from), -1);
    c.live(live::status(to), 1);
    match (is_unsolved(from), is_unsolved(to)) {
        (true, false) => {
            c.unsolved(ticket.assignee_id.as_ref(), -1);
            c.add(with_assignee, counter::TICKETS_RESOLVED, 1);
            c.sample(
                with_assignee,
                counter::RESOLUTION,
                minutes_between(ticket.created_at, at),
            );
            // Each solve ends a resolution cycle (a reopened ticket starts another).
            if let Some(achieved) = outcome(ticket.sla.as_ref().and_then(|s| s.resolution.as_ref()), Some(at)) {
                c.add(org_and_priority, &counter::outcome("resolution", achieved), 1);
            }
        }
        (false, true) => {
            c.unsolved(ticket.assignee_id.as_ref(), 1);
            c.add(with_assignee, counter::TICKETS_REOPENED, 1);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SlaState;
    use crate::events::InteractionSummary;
    use crate::{Author, Caller, Channel, EventId, InteractionId, OrgId, Role, TicketId, TicketNumber};
    use proptest::prelude::*;
    use time::macros::datetime;

    fn ticket(status: Status, assignee: Option<&str>) -> Ticket {
        let caller = Caller {
            org_id: OrgId::parse("10001").unwrap(),
            user_id: UserId::parse("bob").unwrap(),
            role: Role::Agent,
            email: None,
        };
        let input = crate::ticket::NewTicketInput {
            subject: "Printer".into(),
            description: "Jammed".into(),
            customer_id: Some("c1".into()),
            priority: Some(Priority::High),
            ..Default::default()
        };
        let mut t = crate::NewTicket::parse(input, &caller)
            .unwrap()
            .open(
                &caller,
                TicketId::new(),
                TicketNumber::new(1),
                datetime!(2026-11-02 08:00 UTC),
            )
            .ticket;
        t.status = status;
        t.assignee_id = assignee.map(|a| UserId::parse(a).unwrap());
        t
    }

    fn event(payload: EventPayload, at: time::OffsetDateTime) -> Event {
        Event {
            event_id: EventId::new(),
            org_id: OrgId::parse("10001").unwrap(),
            occurred_at: at,
            ticket_id: TicketId::new(),
            origin: crate::events::Origin::Person,
            payload,
        }
    }

    fn daily(c: &Contribution, d: &Dimension, counter: &str) -> i64 {
        c.daily.get(d).and_then(|m| m.get(counter)).copied().unwrap_or(0)
    }
    use crate::Priority;

    #[test]
    fn a_new_ticket_counts_as_created_in_the_orgs_day_and_joins_the_backlog() {
        let t = ticket(Status::New, None);
        // 23:30 UTC is already the next day in Berlin.
        let e = event(
            EventPayload::TicketCreated { ticket: Box::new(t) },
            datetime!(2026-11-02 23:30 UTC),
        );
        let c = contribution(&e, Some("Europe/Berlin"));
        assert_eq!(c.day, "2026-11-03");
        assert_eq!(daily(&c, &Dimension::all(), counter::TICKETS_CREATED), 1);
        assert_eq!(
            daily(&c, &Dimension::priority(Priority::High), counter::TICKETS_CREATED),
            1
        );
        assert_eq!(daily(&c, &Dimension::all(), counter::BACKLOG_DELTA), 1);
        assert_eq!(c.live.get("status_new"), Some(&1));
        assert_eq!(c.live.get(live::UNASSIGNED), Some(&1));
    }

    #[test]
    fn solving_records_resolution_time_sla_outcomes_and_the_assignees_share() {
        let mut t = ticket(Status::Resolved, Some("alice"));
        t.first_response_at = Some(datetime!(2026-11-02 08:20 UTC));
        t.sla = Some(SlaState {
            first_response: Some(SlaTarget {
                due_at: Some(instant(datetime!(2026-11-02 08:30 UTC))),
                warn_at: None,
                met_at: None,
                paused: false,
                breached: false,
            }),
            next_response: None,
            resolution: Some(SlaTarget {
                due_at: Some(instant(datetime!(2026-11-02 10:00 UTC))),
                warn_at: None,
                met_at: None,
                paused: false,
                breached: false,
            }),
            next_check_at: None,
            computed_at: instant(datetime!(2026-11-02 08:20 UTC)),
        });
        let e = event(
            EventPayload::TicketStatusChanged {
                ticket: Box::new(t),
                from: Status::Open,
                to: Status::Resolved,
            },
            datetime!(2026-11-02 11:00 UTC),
        );
        let c = contribution(&e, None);
        let alice = Dimension::agent(&UserId::parse("alice").unwrap());
        assert_eq!(daily(&c, &alice, counter::TICKETS_RESOLVED), 1);
        assert_eq!(
            daily(&c, &alice, "res_b10"),
            1,
            "three hours fall in the (120, 180] min bucket"
        );
        assert_eq!(daily(&c, &Dimension::all(), "sla_resolution_missed"), 1);
        assert_eq!(
            daily(&c, &Dimension::all(), "sla_first_response_achieved"),
            0,
            "counted when sent"
        );
        assert_eq!(
            daily(&c, &alice, "sla_resolution_missed"),
            0,
            "outcomes are per org and priority"
        );
        assert_eq!(daily(&c, &Dimension::all(), counter::BACKLOG_DELTA), -1);
        assert_eq!(c.live.get("assignee_alice"), Some(&-1));
        assert_eq!(c.live.get("status_open"), Some(&-1));
        assert_eq!(c.live.get("status_resolved"), Some(&1));
    }

    #[test]
    fn reopening_counts_once_and_resolved_to_closed_moves_only_the_status() {
        let t = ticket(Status::Open, None);
        let reopened = event(
            EventPayload::TicketStatusChanged {
                ticket: Box::new(t.clone()),
                from: Status::Resolved,
                to: Status::Open,
            },
            datetime!(2026-11-03 09:00 UTC),
        );
        let c = contribution(&reopened, None);
        assert_eq!(daily(&c, &Dimension::all(), counter::TICKETS_REOPENED), 1);
        assert_eq!(daily(&c, &Dimension::all(), counter::BACKLOG_DELTA), 1);
        let closed = event(
            EventPayload::TicketStatusChanged {
                ticket: Box::new(ticket(Status::Closed, None)),
                from: Status::Resolved,
                to: Status::Closed,
            },
            datetime!(2026-11-03 09:00 UTC),
        );
        let c = contribution(&closed, None);
        assert!(c.daily.is_empty(), "{c:?}");
        assert_eq!(c.live.len(), 2);
    }

    #[test]
    fn the_first_public_agent_reply_is_a_first_response_sample_and_notes_count_nothing() {
        let mut t = ticket(Status::Open, Some("alice"));
        let at = datetime!(2026-11-02 08:14 UTC);
        t.first_response_at = Some(at);
        t.sla = Some(SlaState {
            first_response: Some(SlaTarget {
                due_at: Some(instant(datetime!(2026-11-02 08:10 UTC))),
                warn_at: None,
                met_at: None,
                paused: false,
                breached: false,
            }),
            next_response: None,
            resolution: None,
            next_check_at: None,
            computed_at: instant(datetime!(2026-11-02 08:00 UTC)),
        });
        let reply = |internal: bool| InteractionSummary {
            id: InteractionId::new(),
            author: Author {
                kind: AuthorKind::Agent,
                id: Some(UserId::parse("bob").unwrap()),
            },
            internal,
            body: None,
            channel: Channel::Web,
            created_at: at,
            attachments: Vec::new(),
        };
        let c = contribution(
            &event(
                EventPayload::InteractionAdded {
                    ticket: Box::new(t.clone()),
                    interaction: reply(false),
                },
                at,
            ),
            None,
        );
        let bob = Dimension::agent(&UserId::parse("bob").unwrap());
        assert_eq!(daily(&c, &bob, counter::REPLIES_SENT), 1);
        assert_eq!(daily(&c, &bob, "frt_n"), 1);
        assert_eq!(
            daily(&c, &bob, "frt_b04"),
            1,
            "14 minutes fall in the (10, 15] min bucket"
        );
        assert_eq!(
            daily(&c, &Dimension::all(), "sla_first_response_missed"),
            1,
            "due at 08:10"
        );
        let note = contribution(
            &event(
                EventPayload::InteractionAdded {
                    ticket: Box::new(t),
                    interaction: reply(true),
                },
                at,
            ),
            None,
        );
        assert!(note.is_empty());
    }

    fn any_status() -> impl Strategy<Value = Status> {
        prop::sample::select(vec![
            Status::New,
            Status::Open,
            Status::Pending,
            Status::OnHold,
            Status::Resolved,
            Status::Closed,
        ])
    }

    proptest! {
        /// Whatever path a ticket takes, the live counts summed over its events equal the
        /// counts of where it ended: one status, and backlog/holder only when unsolved.
        #[test]
        fn live_counts_follow_any_path(path in prop::collection::vec((any_status(), prop::option::of(0..3usize)), 1..12)) {
            let agents = ["alice", "bob", "carol"];
            let mut t = ticket(Status::New, None);
            let mut sum: BTreeMap<String, i64> = BTreeMap::new();
            let mut apply = |c: Contribution| for (k, v) in c.live { *sum.entry(k).or_default() += v; };
            apply(contribution(&event(EventPayload::TicketCreated { ticket: Box::new(t.clone()) }, t.created_at), None));
            for (status, assignee) in path {
                let previous = t.assignee_id.clone();
                t.assignee_id = assignee.map(|i| UserId::parse(agents[i]).unwrap());
                apply(contribution(&event(EventPayload::TicketAssigned {
                    ticket: Box::new(t.clone()), previous_assignee_id: previous, previous_team_id: None,
                }, t.created_at), None));
                let from = t.status;
                t.status = status;
                if from != status {
                    apply(contribution(&event(EventPayload::TicketStatusChanged {
                        ticket: Box::new(t.clone()), from, to: status,
                    }, t.created_at), None));
                }
            }
            sum.retain(|_, v| *v != 0);
            let mut expected = BTreeMap::from([(live::status(t.status), 1)]);
            if is_unsolved(t.status) {
                expected.insert(live::BACKLOG.to_owned(), 1);
                expected.insert(live::holder(t.assignee_id.as_ref()), 1);
            }
            prop_assert_eq!(sum, expected);
        }
    }
}
