//! Inbound delivery and its threading decisions, from real MIME, in memory.

// A failed setup step should stop the test where it happened.
#![allow(clippy::unwrap_used)]

mod support;

use helpdesk_app::inbound::{Delivery, Incoming, Mailroom, deliver};
use helpdesk_app::tickets::{self, TicketRef};
use helpdesk_blobs::{Bucket, Memory as Buckets};
use helpdesk_domain::Status;
use helpdesk_inbound::{Limits, Verdict, Verdicts};
use helpdesk_mail::Signer;
use helpdesk_store::memory::Memory;
use support::*;

const DOMAIN: &str = "mail.helpdesk.test";

async fn room() -> Mailroom<Memory, Buckets> {
    Mailroom {
        store: seeded().await,
        blobs: Buckets::default(),
        signer: Signer::new(b"secret".to_vec(), DOMAIN),
        limits: Limits::default(),
    }
}

fn mail(id: &str, from: &str, subject: &str, headers: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: 10001@{DOMAIN}\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n{headers}Content-Type: text/plain\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

fn incoming(raw: Vec<u8>, to: &str) -> Incoming {
    Incoming {
        id: format!("ses-{}", raw.len()),
        raw_key: "inbound/x".into(),
        raw,
        verdicts: Verdicts::default(),
        recipients: vec![to.to_owned()],
    }
}

async fn one(room: &Mailroom<Memory, Buckets>, raw: Vec<u8>) -> Delivery {
    let mut d = deliver(room, &incoming(raw, &format!("10001@{DOMAIN}"))).await.unwrap();
    assert_eq!(d.len(), 1, "{d:?}");
    d.remove(0)
}

fn opened(d: &Delivery) -> helpdesk_domain::TicketId {
    match d {
        Delivery::Opened { ticket_id, .. } => *ticket_id,
        other => panic!("expected a new ticket, got {other:?}"),
    }
}

#[tokio::test]
async fn a_new_message_opens_a_ticket_and_its_redelivery_adds_nothing() {
    let r = room().await;
    let raw = mail("m1@x.test", "Jo <jo@x.test>", "Help", "", "My printer is on fire");
    let first = one(&r, raw.clone()).await;
    let id = opened(&first);
    let t = r.store.ticket(&org(), id).unwrap();
    assert_eq!(t.subject, "Help");
    assert_eq!(one(&r, raw).await, Delivery::Duplicate { org_id: "10001".into() });
    assert_eq!(r.store.tickets(&org()).len(), 1);
}

#[tokio::test]
async fn a_reply_to_our_mail_threads_by_its_signed_message_id_and_a_forged_one_does_not() {
    let r = room().await;
    let t = ticket(&r.store).await;
    let ours = r.signer.message_id(&org(), t.id, "01J0000000000000000000000");
    let reply = mail(
        "m2@x.test",
        "cust-1@acme.test",
        "Re: Printer",
        &format!("In-Reply-To: <{ours}>\r\n"),
        "Still broken",
    );
    assert!(matches!(one(&r, reply).await, Delivery::Threaded { ticket_id, .. } if ticket_id == t.id));
    // The same id with another ticket in it: its signature fails, so it opens a ticket.
    let forged = ours.replace(&t.id.to_string(), &helpdesk_domain::TicketId::new().to_string());
    let reply = mail(
        "m3@x.test",
        "cust-1@acme.test",
        "Re: Printer",
        &format!("In-Reply-To: <{forged}>\r\n"),
        "Hi",
    );
    assert_ne!(opened(&one(&r, reply).await), t.id);
    // Another org's signed id names a ticket of that org: not this one's.
    let theirs = r.signer.message_id(&other_org(), t.id, "x");
    let reply = mail(
        "m4@x.test",
        "cust-1@acme.test",
        "Re: Printer",
        &format!("References: <{theirs}>\r\n"),
        "Hi",
    );
    assert_ne!(opened(&one(&r, reply).await), t.id);
}

#[tokio::test]
async fn the_subject_number_threads_only_for_the_tickets_participants() {
    let r = room().await;
    let t = ticket(&r.store).await;
    let subject = format!("About {}", t.number);
    let stranger = mail("m5@x.test", "eve@evil.test", &subject, "", "Let me in");
    assert_ne!(opened(&one(&r, stranger).await), t.id);
    let own = mail("m6@x.test", "cust-1@acme.test", &subject, "", "More details");
    assert!(matches!(one(&r, own).await, Delivery::Threaded { ticket_id, .. } if ticket_id == t.id));
}

#[tokio::test]
async fn a_reply_token_threads_a_closed_ticket_follows_up_and_a_merged_one_forwards() {
    let r = room().await;
    let t = ticket(&r.store).await;
    let token = r.signer.reply_token(&org(), t.id);
    let to = format!("10001+{token}@{DOMAIN}");
    let raw = mail("m7@x.test", "cust-1@acme.test", "Hello", "", "By token");
    let d = deliver(&r, &incoming(raw, &to)).await.unwrap();
    assert!(
        matches!(&d[0], Delivery::Threaded { ticket_id, .. } if *ticket_id == t.id),
        "{d:?}"
    );

    tickets::set_status(&r.store, &agent(), TicketRef::Id(t.id), None, Status::Closed, true)
        .await
        .unwrap();
    let raw = mail("m8@x.test", "cust-1@acme.test", "Hello", "", "Back again");
    let d = deliver(&r, &incoming(raw, &to)).await.unwrap();
    assert!(
        matches!(&d[0], Delivery::Opened { follow_up_of: Some(of), .. } if *of == t.id),
        "{d:?}"
    );

    let a = ticket(&r.store).await;
    let b = ticket(&r.store).await;
    tickets::merge(&r.store, &agent(), TicketRef::Id(a.id), &b.id.to_string(), None)
        .await
        .unwrap();
    let to_a = format!("10001+{}@{DOMAIN}", r.signer.reply_token(&org(), a.id));
    let raw = mail("m9@x.test", "cust-1@acme.test", "Hello", "", "To the merged one");
    let d = deliver(&r, &incoming(raw, &to_a)).await.unwrap();
    assert!(
        matches!(&d[0], Delivery::Threaded { ticket_id, .. } if *ticket_id == b.id),
        "{d:?}"
    );
}

#[tokio::test]
async fn viruses_are_quarantined_spam_is_tagged_and_unknown_recipients_dropped() {
    let r = room().await;
    let mut virus = incoming(
        mail("v@x.test", "a@x.test", "Invoice", "", "open me"),
        &format!("10001@{DOMAIN}"),
    );
    virus.verdicts = Verdicts {
        virus: Verdict::Fail,
        ..Verdicts::default()
    };
    let d = deliver(&r, &virus).await.unwrap();
    assert!(matches!(&d[0], Delivery::Quarantined { reasons, .. } if reasons == &["virus"]));
    assert!(r.store.tickets(&org()).is_empty());
    let quarantined = helpdesk_app::inbound::quarantined(&r.store, &admin()).await.unwrap();
    assert_eq!(quarantined.len(), 1);
    assert!(helpdesk_app::inbound::quarantined(&r.store, &agent()).await.is_err());

    let mut spam = incoming(
        mail("s@x.test", "a@x.test", "Cheap", "", "buy"),
        &format!("10001@{DOMAIN}"),
    );
    spam.verdicts.spam = Verdict::Fail;
    let id = opened(&deliver(&r, &spam).await.unwrap()[0]);
    let t = r.store.ticket(&org(), id).unwrap();
    assert!(t.tags.contains(&"spam".to_owned()) && t.mute_auto_replies);

    let nowhere = incoming(mail("n@x.test", "a@x.test", "Hi", "", "x"), "99999@mail.helpdesk.test");
    assert!(matches!(
        &deliver(&r, &nowhere).await.unwrap()[0],
        Delivery::Dropped { .. }
    ));
}

#[tokio::test]
async fn attachments_go_to_the_bucket_under_the_orgs_prefix() {
    let r = room().await;
    let raw = format!(
        "From: jo@x.test\r\nTo: 10001@{DOMAIN}\r\nSubject: Log\r\nMessage-ID: <a1@x.test>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee attached\r\n\
--b\r\nContent-Type: text/plain; name=log.txt\r\nContent-Disposition: attachment; filename=log.txt\r\n\r\nline 1\r\n--b--\r\n"
    );
    opened(&one(&r, raw.into_bytes()).await);
    let keys = r.blobs.keys(Bucket::Attachments);
    assert_eq!(keys.len(), 1);
    assert!(
        keys[0].starts_with("org/10001/mail/") && keys[0].ends_with("-log.txt"),
        "{keys:?}"
    );
}
