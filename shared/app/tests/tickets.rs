//! Ticket use cases against the in-memory store.

// A failed setup step should stop the test where it happened.
#![allow(clippy::unwrap_used)]

mod support;

use helpdesk_app::AppError;
use helpdesk_app::retry::ATTEMPTS;
use helpdesk_app::tickets::{self, Changed, Replied, ReplyInput, TicketRef};
use helpdesk_domain::lifecycle::PatchInput;
use helpdesk_domain::views::ListParams;
use helpdesk_domain::{Priority, Status};
use support::*;

fn id(t: &helpdesk_domain::Ticket) -> TicketRef {
    TicketRef::Id(t.id)
}

fn high() -> PatchInput {
    PatchInput {
        priority: Some(Priority::High),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_customer_opens_a_ticket_and_the_first_agent_reply_opens_it_with_one_event_each() {
    let m = seeded().await;
    let t = ticket(&m).await;
    assert_eq!((t.status, t.number.to_string().as_str()), (Status::New, "TKT-000001"));
    let replied = tickets::reply(
        &m,
        files(),
        &agent(),
        id(&t),
        None,
        ReplyInput::text("Have you tried turning it off?", false),
    )
    .await
    .unwrap();
    let Replied::Added { ticket, interaction } = replied else {
        panic!("a reply, not a follow-up")
    };
    assert_eq!((ticket.status, ticket.version), (Status::Open, t.version + 1));
    assert!(!interaction.internal);
    let types: Vec<&str> = m.events().iter().map(|e| e.detail_type()).collect();
    assert_eq!(types, ["TicketCreated", "InteractionAdded", "TicketStatusChanged"]);
}

#[tokio::test]
async fn a_change_that_loses_races_is_decided_again_on_the_fresh_ticket() {
    let m = seeded().await;
    let t = ticket(&m).await;
    m.interfere(3);
    let changed = tickets::edit(&m, &agent(), id(&t), None, high()).await.unwrap();
    let Changed::Changed(outcome) = changed else {
        panic!("changed")
    };
    // Three writes by "someone else", then ours, on the version it last read.
    assert_eq!(outcome.ticket.version, t.version + 4);
    assert_eq!(m.ticket(&org(), t.id).unwrap().priority, Priority::High);
    let edits = m.events().iter().filter(|e| e.detail_type() == "TicketUpdated").count();
    assert_eq!(edits, 1, "one change, one event");
}

#[tokio::test]
async fn a_change_that_names_its_version_is_stale_when_the_ticket_moved_and_never_retried() {
    let m = seeded().await;
    let t = ticket(&m).await;
    m.interfere(1);
    let err = tickets::edit(&m, &agent(), id(&t), Some(t.version), high())
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Stale("ticket")), "{err:?}");
    assert_eq!(m.ticket(&org(), t.id).unwrap().priority, Priority::Normal);
    let err = tickets::edit(&m, &agent(), id(&t), Some(t.version), high())
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Stale("ticket")), "the old version stays stale");
}

#[tokio::test]
async fn a_ticket_that_keeps_changing_is_given_up_after_the_policys_attempts() {
    let m = seeded().await;
    let t = ticket(&m).await;
    m.interfere(100);
    let err = tickets::set_status(&m, &agent(), id(&t), None, Status::Pending, true)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Busy("ticket")), "{err:?}");
    let after = m.ticket(&org(), t.id).unwrap();
    assert_eq!(
        after.version,
        t.version + u64::from(ATTEMPTS),
        "one lost race per attempt"
    );
    assert_eq!(after.status, Status::New);
}

#[tokio::test]
async fn tickets_of_other_customers_and_orgs_are_not_found_by_id_or_number() {
    let m = seeded().await;
    let t = ticket(&m).await;
    for who in [customer2(), stranger()] {
        for r in [id(&t), TicketRef::Number(t.number)] {
            let err = tickets::get(&m, &who, r).await.unwrap_err();
            assert!(matches!(err, AppError::NotFound("ticket")), "{who:?}: {err:?}");
        }
    }
    assert_eq!(
        tickets::get(&m, &customer(), TicketRef::Number(t.number))
            .await
            .unwrap()
            .ticket
            .id,
        t.id
    );
    // Customers list only their own tickets, whatever view they ask for.
    let all = ListParams {
        view: Some("all".into()),
        ..Default::default()
    };
    assert!(
        tickets::list(&m, &customer2(), all, None)
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn a_reply_to_a_ticket_that_moved_since_its_author_saw_it_collides_unless_confirmed() {
    let m = seeded().await;
    let t = ticket(&m).await;
    tickets::edit(&m, &agent2(), id(&t), None, high()).await.unwrap();
    let err = tickets::reply(
        &m,
        files(),
        &agent(),
        id(&t),
        Some(t.version),
        ReplyInput::text("Hello", false),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::Collision { current_version } if current_version == t.version + 1));
    let sent = tickets::reply(
        &m,
        files(),
        &agent(),
        id(&t),
        Some(t.version),
        ReplyInput {
            confirm: true,
            ..ReplyInput::text("Hello", false)
        },
    )
    .await;
    assert!(matches!(sent, Ok(Replied::Added { .. })));
}

#[tokio::test]
async fn a_customer_reply_never_collides_with_changes_they_cannot_see() {
    let m = seeded().await;
    let t = ticket(&m).await;
    // Routed (or assigned by hand) while the customer was writing.
    tickets::assign(&m, &manager(), id(&t), None, Some(Some("agent-1".into())), None)
        .await
        .unwrap();
    let sent = tickets::reply(
        &m,
        files(),
        &customer(),
        id(&t),
        Some(t.version),
        ReplyInput::text("Any news?", false),
    )
    .await;
    assert!(matches!(sent, Ok(Replied::Added { .. })), "{sent:?}");
}

#[tokio::test]
async fn a_customer_reply_to_a_closed_ticket_opens_one_linked_follow_up() {
    let m = seeded().await;
    let t = ticket(&m).await;
    tickets::set_status(&m, &agent(), id(&t), None, Status::Closed, true)
        .await
        .unwrap();
    let Replied::FollowUp(opened) = tickets::reply(
        &m,
        files(),
        &customer(),
        id(&t),
        None,
        ReplyInput::text("It broke again", false),
    )
    .await
    .unwrap() else {
        panic!("a follow-up");
    };
    assert_eq!(opened.ticket.follow_up_of, Some(t.id));
    assert_eq!(m.ticket(&org(), t.id).unwrap().status, Status::Closed);
    assert_eq!(m.tickets(&org()).len(), 2);
}

#[tokio::test]
async fn assignment_to_an_agent_or_team_of_another_org_is_not_found_and_changes_nothing() {
    let m = seeded().await;
    let t = ticket(&m).await;
    let err = tickets::assign(&m, &manager(), id(&t), None, Some(Some("nobody".into())), None)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::NotFound("agent")), "{err:?}");
    let err = tickets::assign(&m, &manager(), id(&t), None, None, Some(Some("tier2".into())))
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::NotFound("team")), "{err:?}");
    assert_eq!(m.ticket(&org(), t.id).unwrap().version, t.version);
    // Agents take tickets for themselves only.
    let err = tickets::assign(&m, &agent(), id(&t), None, Some(Some("agent-2".into())), None)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Rule(_)), "{err:?}");
    let taken = tickets::assign(&m, &agent(), id(&t), None, Some(Some("agent-1".into())), None)
        .await
        .unwrap();
    assert_eq!(taken.ticket().assignee_id.as_ref().map(|a| a.as_str()), Some("agent-1"));
}

#[tokio::test]
async fn a_merge_closes_the_source_into_the_target_in_one_write() {
    let m = seeded().await;
    let a = ticket(&m).await;
    let b = ticket(&m).await;
    let closed = tickets::merge(&m, &agent(), id(&a), &b.number.to_string(), None)
        .await
        .unwrap();
    assert_eq!((closed.status, closed.merged_into), (Status::Closed, Some(b.id)));
    assert_eq!(
        m.ticket(&org(), b.id).unwrap().version,
        b.version + 1,
        "the target got its note"
    );
    let err = tickets::merge(&m, &agent(), id(&b), "TKT-999999", None)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::NotFound("target ticket")));
    let err = tickets::merge(&m, &customer(), id(&b), &a.id.to_string(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Rule(_)), "customers do not merge");
}

#[tokio::test]
async fn the_audit_trail_is_for_managers_and_admins() {
    let m = seeded().await;
    let t = ticket(&m).await;
    tickets::edit(&m, &agent(), id(&t), None, high()).await.unwrap();
    assert!(matches!(
        tickets::audit(&m, &agent(), id(&t)).await,
        Err(AppError::Rule(_))
    ));
    let trail = tickets::audit(&m, &manager(), id(&t)).await.unwrap();
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["create", "edit"]);
    assert!(matches!(
        tickets::audit(&m, &stranger(), id(&t)).await,
        Err(AppError::NotFound(_))
    ));
}

#[test]
fn ticket_references_are_ids_or_numbers() {
    assert!(matches!(TicketRef::parse("TKT-000042"), Ok(TicketRef::Number(n)) if n.get() == 42));
    assert!(matches!(TicketRef::parse("nope"), Err(AppError::BadRequest(_))));
}

mod files {
    use super::*;
    use helpdesk_app::attachments::{self, Declared};
    use helpdesk_blobs::{Blobs, Bucket};

    /// An upload of `bytes` declared as `ct`, sent to where its presigned PUT points.
    async fn upload(
        m: &helpdesk_store::memory::Memory,
        who: &helpdesk_domain::Caller,
        t: &helpdesk_domain::Ticket,
        ct: &str,
        bytes: &[u8],
    ) -> String {
        let up = attachments::request_upload(
            m,
            files(),
            who,
            Some(id(t)),
            Declared {
                filename: "f",
                content_type: ct,
                size: bytes.len() as u64,
            },
        )
        .await
        .unwrap();
        files()
            .put(Bucket::Attachments, &up.attachment.key, bytes.to_vec(), ct)
            .await
            .unwrap();
        up.attachment.id.to_string()
    }

    #[tokio::test]
    async fn a_checked_upload_goes_on_one_message_and_a_refused_one_on_none() {
        let m = seeded().await;
        let t = ticket(&m).await;
        let ok = upload(&m, &customer(), &t, "text/plain", b"hello").await;
        let svg = upload(&m, &customer(), &t, "image/png", b"<svg onload=alert(1)>").await;
        let ids = [ok.clone()];
        let sent = tickets::reply(
            &m,
            files(),
            &customer(),
            id(&t),
            None,
            ReplyInput {
                attachment_ids: &ids,
                ..ReplyInput::text("see file", false)
            },
        )
        .await
        .unwrap();
        let Replied::Added { interaction, .. } = sent else {
            panic!("added")
        };
        assert_eq!(interaction.attachments.len(), 1);
        assert_eq!(interaction.attachments[0].content_type, "text/plain");
        // Again: already on a message.
        let err = tickets::reply(
            &m,
            files(),
            &customer(),
            id(&t),
            None,
            ReplyInput {
                attachment_ids: &ids,
                ..ReplyInput::text("again", false)
            },
        )
        .await
        .unwrap_err();
        assert!(err.to_string().contains("already on a message"), "{err}");
        // Markup declared as PNG: refused, and the message is not saved.
        let before = m.events().len();
        let bad = [svg];
        let err = tickets::reply(
            &m,
            files(),
            &customer(),
            id(&t),
            None,
            ReplyInput {
                attachment_ids: &bad,
                ..ReplyInput::text("svg", false)
            },
        )
        .await
        .unwrap_err();
        assert!(err.to_string().contains("image/png"), "{err}");
        assert_eq!(m.events().len(), before);
        // The agent downloads the good one; the audit trail says so.
        let d = attachments::download(&m, files(), attachments::Scanning::Off, &agent(), &ok, false)
            .await
            .unwrap();
        assert!(d.request.url.contains("disposition=attachment"), "{}", d.request.url);
    }
}
