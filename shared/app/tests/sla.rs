//! The SLA checker: replanning on events, the tick, escalation.

// A failed setup step should stop the test where it happened.
#![allow(clippy::unwrap_used)]

mod support;

use helpdesk_app::sla::{replan, tick};
use helpdesk_app::tickets::{self, ReplyInput, TicketRef};
use helpdesk_domain::sla::{Escalation, SlaPolicies, SlaPolicy};
use helpdesk_domain::{Priority, Status, TeamId};
use helpdesk_store::SettingsWrites;
use support::*;
use time::{Duration, OffsetDateTime};

fn policies(team: Option<&str>) -> SlaPolicies {
    SlaPolicies {
        policies: vec![SlaPolicy {
            priority: Priority::Normal,
            first_response_minutes: Some(60),
            next_response_minutes: None,
            resolution_minutes: None,
            business_hours: false,
            warn_at_percent: 75,
            pause_on: vec![Status::Pending, Status::OnHold],
            escalation: Escalation {
                raise_priority: true,
                assign_team: team.map(|t| TeamId::parse(t).unwrap()),
            },
        }],
    }
}

#[tokio::test]
async fn a_breach_is_emitted_once_and_escalates_once_even_when_the_ticket_races() {
    let m = seeded().await;
    helpdesk_app::people::create_team(&m, &admin(), "tier2", "Tier 2", &[])
        .await
        .unwrap();
    m.put_sla_policies(&org(), &policies(Some("tier2"))).await.unwrap();
    let t = ticket(&m).await;
    for e in m.events() {
        replan(&m, &e).await.unwrap();
    }
    let planned = m.ticket(&org(), t.id).unwrap();
    assert!(
        planned.sla.as_ref().and_then(|s| s.next_check_at).is_some(),
        "the clock runs"
    );

    let later = OffsetDateTime::now_utc() + Duration::hours(3);
    // The raise goes through, the hand-over to the team loses a race and is tried again.
    m.interfere_after(1, 1);
    let emitted = tick(&m, later).await.unwrap();
    assert_eq!(emitted, 1, "one breach of the first-response clock");
    let after = m.ticket(&org(), t.id).unwrap();
    assert_eq!(
        after.priority,
        Priority::High,
        "raised one step, not two, after the lost race"
    );
    assert_eq!(after.team_id.as_ref().map(|t| t.as_str()), Some("tier2"));
    assert_eq!(
        tick(&m, later).await.unwrap(),
        0,
        "the same breach is not emitted again"
    );
    let types: Vec<&str> = m.events().iter().map(|e| e.detail_type()).collect();
    assert_eq!(types.iter().filter(|t| **t == "SlaBreached").count(), 1, "{types:?}");
}

#[tokio::test]
async fn an_escalation_to_a_missing_team_changes_only_what_it_can() {
    let m = seeded().await;
    m.put_sla_policies(&org(), &policies(Some("nobody"))).await.unwrap();
    let t = ticket(&m).await;
    for e in m.events() {
        replan(&m, &e).await.unwrap();
    }
    tick(&m, OffsetDateTime::now_utc() + Duration::hours(3)).await.unwrap();
    let after = m.ticket(&org(), t.id).unwrap();
    assert_eq!((after.priority, after.team_id), (Priority::High, None));
}

#[tokio::test]
async fn a_first_response_stops_the_clock() {
    let m = seeded().await;
    m.put_sla_policies(&org(), &policies(None)).await.unwrap();
    let t = ticket(&m).await;
    tickets::reply(
        &m,
        files(),
        &agent(),
        TicketRef::Id(t.id),
        None,
        ReplyInput::text("On it", false),
    )
    .await
    .unwrap();
    for e in m.events() {
        replan(&m, &e).await.unwrap();
    }
    assert_eq!(
        tick(&m, OffsetDateTime::now_utc() + Duration::hours(3)).await.unwrap(),
        0
    );
}
