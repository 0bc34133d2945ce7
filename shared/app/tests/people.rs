//! People use cases: versions on agents and teams, unique customer emails.

// A failed setup step should stop the test where it happened.
#![allow(clippy::unwrap_used)]

mod support;

use helpdesk_app::AppError;
use helpdesk_app::people::{self, AgentChangeInput};
use helpdesk_domain::Role;
use helpdesk_domain::people::Availability;
use support::*;

#[tokio::test]
async fn an_agent_update_checks_the_version_it_names_and_moves_it_on() {
    let m = seeded().await;
    let promote = AgentChangeInput {
        role: Some(Role::Manager),
        ..Default::default()
    };
    let a = people::update_agent(&m, &admin(), "agent-1", Some(1), promote)
        .await
        .unwrap();
    assert_eq!((a.role, a.version), (Role::Manager, 2));
    let err = people::update_agent(&m, &admin(), "agent-1", Some(1), AgentChangeInput::default())
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Stale("agent")), "{err:?}");
    // The agent's own availability moves the version too, so an edit made on the old
    // one cannot overwrite it.
    people::set_availability(&m, &agent2(), Availability::Away)
        .await
        .unwrap();
    let rename = AgentChangeInput {
        name: Some("Two"),
        ..Default::default()
    };
    assert!(matches!(
        people::update_agent(&m, &admin(), "agent-2", Some(1), rename).await,
        Err(AppError::Stale("agent"))
    ));
    let renamed = people::update_agent(&m, &admin(), "agent-2", None, rename)
        .await
        .unwrap();
    assert_eq!((renamed.name.as_str(), renamed.status), ("Two", Availability::Away));
    assert!(matches!(
        people::update_agent(&m, &manager(), "agent-2", None, rename).await,
        Err(AppError::Rule(_))
    ));
}

#[tokio::test]
async fn teams_take_only_agents_of_their_org_and_are_versioned() {
    let m = seeded().await;
    let err = people::create_team(&m, &admin(), "tier2", "Tier 2", &["ghost".into()])
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::NotFound("agent")));
    let t = people::create_team(&m, &admin(), "tier2", "Tier 2", &["agent-1".into()])
        .await
        .unwrap();
    assert_eq!(t.version, 1);
    let again = people::create_team(&m, &admin(), "tier2", "Again", &[])
        .await
        .unwrap_err();
    assert!(matches!(again, AppError::Conflict(_)));
    let t = people::update_team(&m, &admin(), "tier2", Some(1), Some("Second line"), None)
        .await
        .unwrap();
    assert_eq!((t.name.as_str(), t.version), ("Second line", 2));
    assert!(matches!(
        people::update_team(&m, &admin(), "tier2", Some(1), Some("x"), None).await,
        Err(AppError::Stale("team"))
    ));
    assert!(people::list_teams(&m, &stranger()).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_customer_email_belongs_to_one_customer_of_the_org() {
    let m = seeded().await;
    let err = people::create_customer(&m, &agent(), "Copy", "cust-1@acme.test")
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Conflict(_)));
    let c = people::create_customer(&m, &agent(), "New", "new@acme.test")
        .await
        .unwrap();
    let err = people::update_customer(&m, &agent(), c.id.as_str(), None, Some("cust-2@acme.test"))
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Conflict(_)));
    let moved = people::update_customer(&m, &agent(), c.id.as_str(), None, Some("moved@acme.test"))
        .await
        .unwrap();
    assert_eq!(moved.email.as_str(), "moved@acme.test");
    // The old address is free again; customers see only themselves.
    people::create_customer(&m, &agent(), "Reuse", "new@acme.test")
        .await
        .unwrap();
    assert!(matches!(
        people::customer_profile(&m, &customer2(), "cust-1").await,
        Err(AppError::NotFound("customer"))
    ));
    assert!(people::customer_profile(&m, &customer(), "cust-1").await.is_ok());
}
