//! The notifier carries out the domain's plan: in-app and mail, once per event.

// A failed setup step should stop the test where it happened.
#![allow(clippy::unwrap_used)]

mod support;

use helpdesk_app::attachments::Scanning;
use helpdesk_app::notify::{Mailer, carry_out};
use helpdesk_app::tickets::{self, ReplyInput, TicketRef};
use helpdesk_domain::events::{Event, EventPayload};
use helpdesk_domain::notify::MailTo;
use helpdesk_mail::Signer;
use helpdesk_mail::send::Outbox;
use helpdesk_store::{Notifications, Processed};
use support::*;
use time::OffsetDateTime;

fn mailer() -> Mailer<Outbox> {
    Mailer {
        sender: Outbox::default(),
        signer: Signer::new(b"k".to_vec(), "mail.helpdesk.test"),
        from: "support@mail.helpdesk.test".into(),
        portal_url: "https://help.example/".into(),
    }
}

#[tokio::test]
async fn a_breach_tells_and_mails_the_assignee_managers_and_admins_once_however_often_it_arrives() {
    let m = seeded().await;
    let t = ticket(&m).await;
    let assigned = tickets::assign(
        &m,
        &agent(),
        TicketRef::Id(t.id),
        None,
        Some(Some("agent-1".into())),
        None,
    )
    .await
    .unwrap();
    let breach = Event::new(
        org(),
        t.id,
        OffsetDateTime::now_utc(),
        EventPayload::SlaBreached {
            ticket: Box::new(assigned.ticket().clone()),
            metric: "first_response".into(),
            due_at: "2026-11-22T14:05:00Z".into(),
        },
    );
    let mail = mailer();
    carry_out(&m, &mail, (files(), Scanning::Off), &breach).await.unwrap();
    carry_out(&m, &mail, (files(), Scanning::Off), &breach).await.unwrap();
    let mut to = mail.sender.recipients();
    to.sort();
    assert_eq!(to, ["admin@acme.test", "agent-1@acme.test", "manager@acme.test"]);
    for who in [admin(), manager(), agent()] {
        let n = m.notifications(&org(), &who.user_id, false, 10).await.unwrap();
        assert_eq!(n.len(), 1, "{}", who.user_id);
        assert!(n[0].text.contains("first response target breached"));
    }
    assert!(
        m.notifications(&org(), &agent2().user_id, false, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(m.was_processed(helpdesk_app::notify::CONSUMER, &breach).await.unwrap());
}

#[tokio::test]
async fn an_agents_public_reply_is_mailed_to_the_customer_with_its_text_and_a_note_is_not() {
    let m = seeded().await;
    let t = ticket(&m).await;
    tickets::reply(
        &m,
        files(),
        &agent(),
        TicketRef::Id(t.id),
        None,
        ReplyInput::text("Unplug it, then plug it in.", false),
    )
    .await
    .unwrap();
    tickets::reply(
        &m,
        files(),
        &agent(),
        TicketRef::Id(t.id),
        None,
        ReplyInput::text("Customer seems upset", true),
    )
    .await
    .unwrap();
    let mail = mailer();
    for e in m.events() {
        carry_out(&m, &mail, (files(), Scanning::Off), &e).await.unwrap();
    }
    // The acknowledgement of the new ticket, then the reply; nothing for the note.
    let sent = mail.sender.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 2, "{:?}", sent.iter().map(|s| &s.1).collect::<Vec<_>>());
    let reply = String::from_utf8_lossy(&sent[1].2).to_string();
    assert!(reply.contains("Unplug it, then plug it in."));
    assert!(!sent.iter().any(|s| String::from_utf8_lossy(&s.2).contains("upset")));
    assert!(sent.iter().all(|s| s.1 == "cust-1@acme.test"));
}

#[tokio::test]
async fn the_plan_names_mail_to_agents_only_when_they_are_staff_of_the_org() {
    // The domain's plan, as the notifier reads it: an assignee unknown to the org is
    // told in the app but not mailed.
    let m = seeded().await;
    let mut t = ticket(&m).await;
    t.assignee_id = Some(helpdesk_domain::UserId::parse("ghost").unwrap());
    let e = Event::new(
        org(),
        t.id,
        OffsetDateTime::now_utc(),
        EventPayload::TicketAssigned {
            ticket: Box::new(t),
            previous_assignee_id: None,
            previous_team_id: None,
        },
    );
    let plan = helpdesk_domain::notify::plan(&e, &[]);
    assert_eq!(plan.in_app.len(), 1);
    assert!(!plan.mail.iter().any(|m| matches!(m.to, MailTo::Agent(_))));
    let mail = mailer();
    carry_out(&m, &mail, (files(), Scanning::Off), &e).await.unwrap();
    assert!(mail.sender.recipients().is_empty());
}
