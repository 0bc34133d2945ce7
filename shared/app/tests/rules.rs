//! Triggers and routing use cases against the memory store: the router's one write per
//! run, exactly once per event, fair turns, capacity and the queue's order.

// A failed setup step should stop the test where it happened.
#![allow(clippy::unwrap_used)]

mod support;

use helpdesk_app::rules::{self as uc, RulePatch};
use helpdesk_app::{AppError, router};
use helpdesk_domain::events::{Event, EventPayload, Origin};
use helpdesk_domain::people::Availability;
use helpdesk_domain::routing::{Mode, Policy, Routing};
use helpdesk_domain::rules::{Action, ActionType, Condition, Conditions, Field, Kind, Op, Operand, RuleInput};
use helpdesk_domain::{DomainError, Priority, Status, Ticket};
use helpdesk_store::memory::Memory;
use support::*;

fn refunds() -> RuleInput {
    RuleInput {
        name: "refunds".into(),
        enabled: true,
        conditions: Conditions {
            all: vec![Condition {
                field: Field::Subject,
                op: Op::Contains,
                value: Some(Operand::Text("refund".into())),
            }],
            any: vec![],
        },
        actions: vec![
            Action {
                kind: ActionType::AddTag,
                value: Some("refund".into()),
            },
            Action {
                kind: ActionType::SetPriority,
                value: Some("high".into()),
            },
        ],
    }
}

async fn open(m: &Memory, subject: &str) -> Ticket {
    helpdesk_app::tickets::open(m, files(), &customer(), input(subject), &[])
        .await
        .unwrap()
        .ticket
}

/// The events the router has not seen yet, through the router, until none are left.
async fn route_all(m: &Memory, seen: &mut usize) {
    loop {
        let events = m.events();
        if *seen >= events.len() {
            return;
        }
        for e in &events[*seen..] {
            router::on_event(m, e).await.unwrap();
        }
        *seen = events.len();
    }
}

async fn round_robin(m: &Memory, capacity: Option<u32>) {
    let routing = Routing {
        default: Policy {
            mode: Mode::RoundRobin,
            match_skills: false,
            capacity,
        },
        ..Routing::default()
    };
    uc::put_routing(m, &admin(), None, routing).await.unwrap();
}

#[tokio::test]
async fn a_trigger_s_actions_are_one_write_once_per_event_and_start_no_run() {
    let m = seeded().await;
    uc::create(&m, &admin(), Kind::Trigger, refunds(), None).await.unwrap();
    let t = open(&m, "Refund for order 7").await;
    let created = m.events()[0].clone();
    router::on_event(&m, &created).await.unwrap();
    // Redelivered: nothing more.
    router::on_event(&m, &created).await.unwrap();
    let after = m.ticket(&org(), t.id).unwrap();
    assert_eq!(after.priority, Priority::High);
    assert_eq!(after.tags, ["refund"]);
    assert_eq!(after.version, t.version + 1, "one write");
    let events = m.events();
    let rules_events: Vec<&Event> = events.iter().filter(|e| e.origin == Origin::Rules).collect();
    assert_eq!(rules_events.len(), 1);
    assert!(matches!(rules_events[0].payload, EventPayload::TicketUpdated { .. }));
    // The rules' own event starts no run: routing it writes nothing.
    router::on_event(&m, rules_events[0]).await.unwrap();
    assert_eq!(m.ticket(&org(), t.id).unwrap().version, after.version);
    let audit = helpdesk_app::tickets::audit(&m, &admin(), helpdesk_app::tickets::TicketRef::Id(t.id))
        .await
        .unwrap();
    let by_rules = audit.iter().find(|a| a.action == "rules").unwrap();
    assert_eq!(by_rules.reason.as_deref(), Some("trigger refunds"));
}

#[tokio::test]
async fn only_admins_change_triggers_managers_read_and_bad_rules_name_their_field() {
    let m = seeded().await;
    let err = uc::create(&m, &manager(), Kind::Trigger, refunds(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Rule(DomainError::Forbidden(_))), "{err:?}");
    let mut bad = refunds();
    bad.actions[0] = Action {
        kind: ActionType::SetTeam,
        value: Some("no-such-team".into()),
    };
    let Err(AppError::Rule(DomainError::Unprocessable(errors))) =
        uc::create(&m, &admin(), Kind::Trigger, bad, None).await
    else {
        panic!("expected 422");
    };
    assert_eq!(errors[0].field, "actions[0].value");
    let first = uc::create(&m, &admin(), Kind::Trigger, refunds(), None).await.unwrap();
    let mut second = refunds();
    second.name = "first now".into();
    let second = uc::create(&m, &admin(), Kind::Trigger, second, Some(0)).await.unwrap();
    let list = uc::list(&m, &manager(), Kind::Trigger).await.unwrap();
    assert_eq!(
        list.rules.iter().map(|r| r.id).collect::<Vec<_>>(),
        [second.id, first.id]
    );
    assert!(uc::list(&m, &agent(), Kind::Trigger).await.is_err());
    // Moving and disabling go through If-Match on the trigger's own version.
    let moved = RulePatch {
        position: Some(0),
        enabled: Some(false),
        ..RulePatch::default()
    };
    let err = uc::update(
        &m,
        &admin(),
        Kind::Trigger,
        &first.id.to_string(),
        Some(7),
        moved.clone(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::Stale(_)), "{err:?}");
    let first = uc::update(&m, &admin(), Kind::Trigger, &first.id.to_string(), Some(1), moved)
        .await
        .unwrap();
    assert!(!first.enabled && first.version == 2);
    assert_eq!(
        uc::list(&m, &admin(), Kind::Trigger).await.unwrap().rules[0].id,
        first.id
    );
    uc::delete(&m, &admin(), Kind::Trigger, &first.id.to_string(), Some(2))
        .await
        .unwrap();
    assert_eq!(uc::list(&m, &admin(), Kind::Trigger).await.unwrap().rules.len(), 1);
}

#[tokio::test]
async fn round_robin_skips_offline_agents_and_the_queue_drains_oldest_first() {
    let m = seeded().await;
    round_robin(&m, Some(1)).await;
    // Only agent-1 is online: admin, manager and agent-2 are away.
    for c in [admin(), manager(), agent2()] {
        helpdesk_app::people::set_availability(&m, &c, Availability::Away)
            .await
            .unwrap();
    }
    let mut seen = 0;
    let first = open(&m, "First").await;
    route_all(&m, &mut seen).await;
    assert_eq!(
        m.ticket(&org(), first.id).unwrap().assignee_id.unwrap().as_str(),
        "agent-1"
    );
    // agent-1 is at capacity: the next two wait, oldest first.
    let second = open(&m, "Second").await;
    let third = open(&m, "Third").await;
    route_all(&m, &mut seen).await;
    let queue = uc::queue(&m, &manager()).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(
        queue[0].tickets.iter().map(|w| w.ticket_id).collect::<Vec<_>>(),
        [second.id, third.id]
    );
    // agent-2 comes online: the oldest waiting ticket is theirs, not the newest.
    helpdesk_app::people::set_availability(&m, &agent2(), Availability::Online)
        .await
        .unwrap();
    let online = m.agent_events().pop().unwrap();
    router::on_agent_online(&m, &online).await.unwrap();
    route_all(&m, &mut seen).await;
    assert_eq!(
        m.ticket(&org(), second.id).unwrap().assignee_id.unwrap().as_str(),
        "agent-2"
    );
    assert!(m.ticket(&org(), third.id).unwrap().assignee_id.is_none());
    // agent-1 resolves theirs: capacity frees and the last one goes to them.
    helpdesk_app::tickets::set_status(
        &m,
        &agent(),
        helpdesk_app::tickets::TicketRef::Id(first.id),
        None,
        Status::Resolved,
        true,
    )
    .await
    .unwrap();
    route_all(&m, &mut seen).await;
    assert_eq!(
        m.ticket(&org(), third.id).unwrap().assignee_id.unwrap().as_str(),
        "agent-1"
    );
    let audit = helpdesk_app::tickets::audit(&m, &admin(), helpdesk_app::tickets::TicketRef::Id(third.id))
        .await
        .unwrap();
    assert_eq!(audit.last().unwrap().reason.as_deref(), Some("round robin"));
}

#[tokio::test]
async fn round_robin_is_fair_over_many_tickets() {
    let m = seeded().await;
    round_robin(&m, None).await;
    let mut seen = 0;
    let mut tickets = Vec::new();
    for i in 0..14 {
        tickets.push(open(&m, &format!("Ticket {i}")).await);
    }
    route_all(&m, &mut seen).await;
    let mut counts = std::collections::BTreeMap::<String, u32>::new();
    for t in &tickets {
        let who = m.ticket(&org(), t.id).unwrap().assignee_id.unwrap();
        *counts.entry(who.to_string()).or_default() += 1;
    }
    // Four online staff: 14 tickets are 4, 4, 3, 3.
    assert_eq!(counts.len(), 4, "{counts:?}");
    let (min, max) = (counts.values().min().unwrap(), counts.values().max().unwrap());
    assert!(max - min <= 1, "{counts:?}");
}

#[tokio::test]
async fn a_dry_run_shows_matches_and_changes_and_writes_nothing() {
    let m = seeded().await;
    let refund = open(&m, "Refund me").await;
    open(&m, "Printer jam").await;
    let before = m.events().len();
    let run = uc::dry_run(&m, &manager(), Kind::Trigger, refunds(), None)
        .await
        .unwrap();
    assert_eq!(run.checked, 2);
    assert_eq!(run.matches.len(), 1);
    assert_eq!(run.matches[0].ticket_id, refund.id);
    let fields: Vec<&str> = run.matches[0].changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["priority", "tags"]);
    assert_eq!(m.events().len(), before);
    assert_eq!(m.ticket(&org(), refund.id).unwrap().version, refund.version);
}

#[tokio::test]
async fn automations_act_once_when_their_hours_have_passed() {
    let m = seeded().await;
    let tag_stale = RuleInput {
        name: "stale".into(),
        enabled: true,
        conditions: Conditions {
            all: vec![
                Condition {
                    field: Field::Tags,
                    op: Op::NotContains,
                    value: Some(Operand::Text("stale".into())),
                },
                Condition {
                    field: Field::HoursSinceCreated,
                    op: Op::Gt,
                    value: Some(Operand::Number(24.0)),
                },
            ],
            any: vec![],
        },
        actions: vec![Action {
            kind: ActionType::AddTag,
            value: Some("stale".into()),
        }],
    };
    uc::create(&m, &admin(), Kind::Automation, tag_stale, None)
        .await
        .unwrap();
    let t = open(&m, "Old one").await;
    let now = time::OffsetDateTime::now_utc();
    let ran = helpdesk_app::automations::tick(&m, now).await.unwrap();
    assert_eq!((ran.orgs, ran.changed), (1, 0), "not 24 hours old yet");
    let ran = helpdesk_app::automations::tick(&m, now + time::Duration::hours(25))
        .await
        .unwrap();
    assert_eq!(ran.changed, 1);
    let tagged = m.ticket(&org(), t.id).unwrap();
    assert_eq!(tagged.tags, ["stale"]);
    let ran = helpdesk_app::automations::tick(&m, now + time::Duration::hours(26))
        .await
        .unwrap();
    assert_eq!(ran.changed, 0, "once per ticket");
    assert_eq!(m.ticket(&org(), t.id).unwrap().version, tagged.version);
}
