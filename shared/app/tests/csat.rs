//! Satisfaction surveys against the memory store: one rating per resolution (the latest
//! counts), a reopened ticket's second survey, tokens that are forged, foreign or
//! expired, and the counts the report and the customer's score read.

// A failed setup step should stop the test where it happened.
#![allow(clippy::unwrap_used)]

mod support;

use std::time::Duration;

use helpdesk_app::AppError;
use helpdesk_app::csat as uc;
use helpdesk_app::tickets::{self, ReplyInput, TicketRef};
use helpdesk_domain::csat::{self, CsatInput, Rating, Reason};
use helpdesk_domain::{Status, Ticket, UserId};
use helpdesk_mail::Signer;
use helpdesk_store::memory::Memory;
use support::*;

fn signer() -> Signer {
    Signer::new(b"survey-key".to_vec(), "mail.helpdesk.test")
}

fn rate(r: Rating) -> Option<CsatInput> {
    Some(CsatInput {
        rating: Some(r),
        ..CsatInput::default()
    })
}

async fn resolve(m: &Memory, t: &Ticket, survey: bool) -> Ticket {
    tickets::set_status(m, &agent(), TicketRef::Id(t.id), None, Status::Resolved, survey)
        .await
        .unwrap()
        .ticket()
        .clone()
}

fn token_of(t: &Ticket) -> String {
    signer().csat_token(&t.org_id, t.id, csat::cycle(t).unwrap())
}

fn customer_id() -> UserId {
    UserId::parse("cust-1").unwrap()
}

#[tokio::test]
async fn a_resolution_is_rated_once_the_latest_counting_and_a_reopen_is_a_new_survey() {
    let m = seeded().await;
    let t = resolve(&m, &ticket(&m).await, true).await;
    let token = token_of(&t);

    let first = uc::by_token(&m, &signer(), &token, rate(Rating::Good)).await.unwrap();
    assert_eq!(first.record.unwrap().rating, Rating::Good);
    // Changed from the survey page, with a reason and a comment: still one rating.
    let input = CsatInput {
        rating: Some(Rating::Bad),
        comment: Some("  Slow  ".into()),
        reason: Some(Reason::TookTooLong),
    };
    let second = uc::by_token(&m, &signer(), &token, Some(input)).await.unwrap();
    let record = second.record.unwrap();
    assert_eq!((record.rating, record.comment.as_deref()), (Rating::Bad, Some("Slow")));
    let counts = uc::of_customer(&m, &agent(), &customer_id()).await.unwrap();
    assert_eq!(
        (counts.good, counts.bad, counts.count, counts.score),
        (0, 1, 1, Some(0))
    );
    let ratings: Vec<_> = m
        .events()
        .into_iter()
        .filter(|e| e.detail_type() == "CsatReceived")
        .collect();
    assert_eq!(ratings.len(), 2, "an event per rating given");

    // Reopened by the customer and resolved again (a later second): a survey of its own.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    tickets::reply(
        &m,
        files(),
        &customer(),
        TicketRef::Id(t.id),
        None,
        ReplyInput::text("Still broken", false),
    )
    .await
    .unwrap();
    let again = resolve(&m, &t, true).await;
    let token2 = token_of(&again);
    assert_ne!(token, token2);
    let fresh = uc::by_token(&m, &signer(), &token2, None).await.unwrap();
    assert!(fresh.record.is_none(), "the new resolution is not rated yet");
    uc::rate_ticket(&m, &customer(), TicketRef::Id(t.id), rate(Rating::Good).unwrap())
        .await
        .unwrap();
    let counts = uc::of_customer(&m, &agent(), &customer_id()).await.unwrap();
    assert_eq!(
        (counts.good, counts.bad, counts.count, counts.score),
        (1, 1, 2, Some(50))
    );

    // The report counts each resolution once, with the comment.
    for e in m.events() {
        helpdesk_app::reports::aggregate(&m, &e).await.unwrap();
    }
    let today = helpdesk_domain::hours::local_day(time::OffsetDateTime::now_utc(), None);
    let report = uc::report(&m, &manager(), Some(&today), Some(&today)).await.unwrap();
    assert_eq!((report.total.good, report.total.bad, report.total.count), (1, 1, 2));
    assert_eq!(report.comments.len(), 1);
    assert_eq!(report.comments[0].comment.as_deref(), Some("Slow"));
    assert!(matches!(
        uc::report(&m, &agent(), None, None).await,
        Err(AppError::Rule(_))
    ));
}

#[tokio::test]
async fn forged_foreign_and_expired_tokens_record_nothing() {
    let m = seeded().await;
    let t = resolve(&m, &ticket(&m).await, true).await;
    let token = token_of(&t);
    let mut forged = token.clone();
    let last = if forged.ends_with('0') { '1' } else { '0' };
    forged.pop();
    forged.push(last);
    let other_key = Signer::new(b"another-key".to_vec(), "mail.helpdesk.test");
    let foreign = signer().csat_token(&other_org(), t.id, csat::cycle(&t).unwrap());
    for bad in [
        forged,
        other_key.csat_token(&t.org_id, t.id, csat::cycle(&t).unwrap()),
        foreign,
        "not-a-token".to_owned(),
    ] {
        assert!(
            matches!(
                uc::by_token(&m, &signer(), &bad, rate(Rating::Bad)).await,
                Err(AppError::NotFound(_))
            ),
            "{bad}"
        );
    }
    let old = csat::cycle(&t).unwrap() - 29 * 86_400;
    let expired = signer().csat_token(&t.org_id, t.id, old);
    assert!(matches!(
        uc::by_token(&m, &signer(), &expired, rate(Rating::Good)).await,
        Err(AppError::Expired(_))
    ));
    assert!(m.events().iter().all(|e| e.detail_type() != "CsatReceived"));
}

#[tokio::test]
async fn only_the_ticket_s_customer_rates_it_and_only_once_resolved() {
    let m = seeded().await;
    let t = ticket(&m).await;
    let good = || rate(Rating::Good).unwrap();
    assert!(matches!(
        uc::rate_ticket(&m, &customer(), TicketRef::Id(t.id), good()).await,
        Err(AppError::Rule(helpdesk_domain::DomainError::Conflict(_)))
    ));
    let t = resolve(&m, &t, false).await;
    assert!(t.survey_skipped, "resolved without a survey");
    assert!(matches!(
        uc::rate_ticket(&m, &customer2(), TicketRef::Id(t.id), good()).await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        uc::rate_ticket(&m, &agent(), TicketRef::Id(t.id), good()).await,
        Err(AppError::Rule(_))
    ));
    // A comment alone needs a rating first.
    let comment = CsatInput {
        comment: Some("Thanks".into()),
        ..CsatInput::default()
    };
    assert!(matches!(
        uc::rate_ticket(&m, &customer(), TicketRef::Id(t.id), comment).await,
        Err(AppError::Rule(helpdesk_domain::DomainError::Unprocessable(_)))
    ));
}
