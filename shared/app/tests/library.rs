//! Canned responses and macros against the memory store: who sees what, rendering with
//! the values of the moment, and a macro as one change.

// A failed setup step should stop the test where it happened.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;

use helpdesk_app::AppError;
use helpdesk_app::library::{self as uc, CannedInput, MacroInput, ShareInput};
use helpdesk_app::tickets::{self, Changed, TicketRef};
use helpdesk_domain::canned::Shared;
use helpdesk_domain::rules::{Action, ActionType};
use helpdesk_domain::view::TicketView;
use helpdesk_domain::{DomainError, Priority, Status};
use support::*;

fn canned(title: &str, body: &str, shared: Option<Shared>) -> CannedInput {
    CannedInput {
        title: Some(title.into()),
        body: Some(body.into()),
        folder: None,
        share: ShareInput { shared, team_id: None },
    }
}

fn action(kind: ActionType, value: &str) -> Action {
    Action {
        kind,
        value: Some(value.into()),
    }
}

fn macro_(name: &str, actions: Vec<Action>, shared: Option<Shared>) -> MacroInput {
    MacroInput {
        name: Some(name.into()),
        actions: Some(actions),
        share: ShareInput { shared, team_id: None },
    }
}

fn field_of(e: &AppError) -> Vec<String> {
    match e {
        AppError::Rule(DomainError::Unprocessable(errors) | DomainError::Validation(errors)) => {
            errors.iter().map(|f| f.field.clone()).collect()
        }
        other => panic!("a field error, not {other:?}"),
    }
}

#[tokio::test]
async fn a_personal_canned_response_is_its_author_s_only_and_only_managers_share() {
    let m = seeded().await;
    let mine = uc::create_canned(&m, &agent(), canned("Mine", "Hello", None))
        .await
        .unwrap();
    assert_eq!(mine.shared, Shared::Personal);
    let id = mine.id.to_string();
    for other in [agent2(), manager(), admin(), stranger()] {
        assert!(
            matches!(uc::get_canned(&m, &other, &id).await, Err(AppError::NotFound(_))),
            "{:?} sees another's personal response",
            other.role
        );
        assert!(uc::list_canned(&m, &other, None).await.unwrap_or_default().is_empty());
    }
    assert!(
        uc::create_canned(&m, &agent(), canned("Ours", "Hello", Some(Shared::Org)))
            .await
            .is_err()
    );
    uc::create_canned(&m, &manager(), canned("Ours", "Hello", Some(Shared::Org)))
        .await
        .unwrap();
    let seen: Vec<String> = uc::list_canned(&m, &agent2(), None)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.title)
        .collect();
    assert_eq!(seen, ["Ours"]);
    assert!(matches!(
        uc::list_canned(&m, &customer(), None).await,
        Err(AppError::Rule(_))
    ));
}

#[tokio::test]
async fn a_body_that_reads_outside_its_variables_or_does_not_parse_is_refused_on_save() {
    let m = seeded().await;
    for body in ["{{ secret }}", "{{ ticket.internal_notes }}", "Hi {{ customer.name"] {
        let err = uc::create_canned(&m, &manager(), canned("Bad", body, Some(Shared::Org)))
            .await
            .unwrap_err();
        assert_eq!(field_of(&err), ["body"], "{body}");
    }
    assert!(uc::list_canned(&m, &manager(), None).await.unwrap().is_empty());
}

#[tokio::test]
async fn rendering_uses_the_values_of_the_moment_fallbacks_and_the_agent_s_answers() {
    let m = seeded().await;
    let t = ticket(&m).await;
    let c = uc::create_canned(
        &m,
        &manager(),
        canned(
            "Order",
            "Hi {{ customer.first_name | default(\"there\") }}, {{ ticket.number }} is about order \
             {{ ask(\"order number\") }}. {{ agent.first_name }}",
            Some(Shared::Org),
        ),
    )
    .await
    .unwrap();
    assert_eq!(c.asks, ["order number"]);
    let id = c.id.to_string();
    let answers = BTreeMap::from([("order number".to_owned(), "A-17".to_owned())]);
    let r = uc::render_canned(&m, &agent(), &id, TicketRef::Id(t.id), &answers, false)
        .await
        .unwrap();
    assert_eq!(r.text, "Hi Customer, TKT-000001 is about order A-17. agent");
    assert!(r.missing.is_empty());
    // Unanswered, the prompt shows where the value goes; a preview counts no use.
    let r = uc::render_canned(&m, &agent(), &id, TicketRef::Id(t.id), &BTreeMap::new(), true)
        .await
        .unwrap();
    assert!(r.text.contains("order [order number]."), "{}", r.text);
    assert_eq!(r.missing, ["order number"]);
    assert_eq!(uc::get_canned(&m, &agent(), &id).await.unwrap().usage_count, 1);
    // Another org's ticket is not found, whatever the response.
    assert!(matches!(
        uc::render_canned(&m, &stranger(), &id, TicketRef::Id(t.id), &answers, true).await,
        Err(AppError::NotFound(_))
    ));
}

#[tokio::test]
async fn a_macro_is_one_change_one_version_one_audit_entry_and_a_preview_writes_nothing() {
    let m = seeded().await;
    let t = ticket(&m).await;
    let mac = uc::create_macro(
        &m,
        &manager(),
        macro_(
            "Escalate",
            vec![
                action(ActionType::AddTag, "vip"),
                action(ActionType::SetPriority, "high"),
                action(ActionType::AddNote, "Checked for {{ customer.first_name }}"),
                action(ActionType::SetStatus, "pending"),
            ],
            Some(Shared::Org),
        ),
    )
    .await
    .unwrap();
    let id = mac.id.to_string();
    let events = m.events().len();

    let preview = uc::apply_macro(&m, &agent(), TicketRef::Id(t.id), &id, None, true)
        .await
        .unwrap();
    assert_eq!(preview.ticket().priority, Priority::High);
    let stored = m.ticket(&org(), t.id).unwrap();
    assert_eq!((stored.version, stored.priority), (t.version, t.priority));
    assert_eq!(m.events().len(), events, "a preview emits nothing");

    let Changed::Changed(out) = uc::apply_macro(&m, &agent(), TicketRef::Id(t.id), &id, Some(t.version), false)
        .await
        .unwrap()
    else {
        panic!("the macro changes the ticket")
    };
    let after = m.ticket(&org(), t.id).unwrap();
    assert_eq!(after.version, t.version + 1);
    assert_eq!((after.status, after.priority), (Status::Pending, Priority::High));
    assert!(after.tags.iter().any(|g| g == "vip"));
    let note = out.interaction.as_ref().unwrap();
    assert!(note.internal);
    assert_eq!(note.body, "Checked for Customer");
    let new: Vec<_> = m.events()[events..].to_vec();
    assert!(new.len() >= 3, "updated, status and interaction events");
    assert!(new.iter().all(|e| e.ticket().map(|t| t.version) == Some(after.version)));
    let audit = tickets::audit(&m, &manager(), TicketRef::Id(t.id)).await.unwrap();
    let macros: Vec<_> = audit.iter().filter(|a| a.action == "macro").collect();
    assert_eq!(macros.len(), 1);
    assert_eq!(macros[0].reason.as_deref(), Some("macro Escalate"));
    // The note never reaches the customer: not in their view, not in an event's body.
    let seen = tickets::get(&m, &customer(), TicketRef::Id(t.id)).await.unwrap();
    let view = TicketView::for_caller(&seen.ticket, Some(&seen.thread), &customer());
    let json = serde_json::to_string(&view).unwrap();
    assert!(!json.contains("Checked for"), "{json}");
    assert!(
        new.iter()
            .all(|e| !serde_json::to_string(e).unwrap().contains("Checked for"))
    );
    // Applied on a version that moved: refused, nothing written.
    assert!(matches!(
        uc::apply_macro(&m, &agent(), TicketRef::Id(t.id), &id, Some(t.version), false).await,
        Err(AppError::Stale(_))
    ));
    assert_eq!(uc::get_macro(&m, &agent(), &id).await.unwrap().usage_count, 1);
}

#[tokio::test]
async fn an_agent_s_macro_assigns_only_themselves() {
    let m = seeded().await;
    let t = ticket(&m).await;
    let err = uc::create_macro(
        &m,
        &agent(),
        macro_("Give away", vec![action(ActionType::SetAssignee, "agent-2")], None),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::Rule(_)), "{err:?}");
    let take = uc::create_macro(
        &m,
        &agent(),
        macro_(
            "Take",
            vec![
                action(ActionType::SetAssignee, "me"),
                action(ActionType::AddReply, "On it, {{ customer.first_name }}."),
            ],
            None,
        ),
    )
    .await
    .unwrap();
    let out = uc::apply_macro(&m, &agent(), TicketRef::Id(t.id), &take.id.to_string(), None, false)
        .await
        .unwrap();
    assert_eq!(
        out.ticket().assignee_id.as_ref().map(ToString::to_string).as_deref(),
        Some("agent-1")
    );
    let seen = tickets::get(&m, &customer(), TicketRef::Id(t.id)).await.unwrap();
    assert!(seen.thread.iter().any(|i| i.body == "On it, Customer." && !i.internal));
    // Another agent does not see it at all.
    assert!(matches!(
        uc::apply_macro(&m, &agent2(), TicketRef::Id(t.id), &take.id.to_string(), None, false).await,
        Err(AppError::NotFound(_))
    ));
}
