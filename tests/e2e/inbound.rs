//! Inbound email end to end: raw MIME delivered the way SES delivers it (the raw
//! message in the inbound bucket, the function invoked with a receipt event) through
//! `POST /local/inbound-email`, then the tickets, threads, customers, quarantine and
//! outbound mail as users see them through the API.

use std::time::Duration;

use helpdesk_tests::{TestApp, eventually, json, root};
use serde_json::{Value, json};

use crate::mail::sent_messages;

/// A corpus message with its placeholders filled.
fn corpus(name: &str, fill: &[(&str, &str)]) -> Vec<u8> {
    let mut text = std::fs::read_to_string(root().join("tests/mail/corpus").join(name)).unwrap();
    for (k, v) in fill {
        text = text.replace(&format!("{{{{{k}}}}}"), v);
    }
    text.into_bytes()
}

/// A plain message in the shape a mail client writes.
fn message(from: &str, to: &str, subject: &str, message_id: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{message_id}>\r\nDate: Sun, 22 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n{extra}\r\n{body}\r\n"
    )
    .into_bytes()
}

async fn deliver(app: &TestApp, raw: Vec<u8>, query: &str) -> Value {
    let resp = app
        .http
        .post(app.url(&format!("/local/inbound-email{query}")))
        .header("content-type", "message/rfc822")
        .body(raw)
        .send()
        .await
        .unwrap();
    json(resp, 202).await
}

/// The one delivery of a message, with its outcome checked.
async fn deliver_one(app: &TestApp, raw: Vec<u8>, query: &str, outcome: &str) -> Value {
    let out = deliver(app, raw, query).await;
    let d = &out["deliveries"];
    assert_eq!(d.as_array().unwrap().len(), 1, "{out}");
    assert_eq!(d[0]["outcome"], outcome, "{out}");
    d[0].clone()
}

async fn ticket(app: &TestApp, token: &str, id: &str) -> Value {
    json(app.get(&format!("/api/v1/tickets/{id}"), token).await, 200).await
}

fn id(d: &Value) -> String {
    d["ticket_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn real_world_shapes_become_tickets_with_their_new_text_safe_html_and_attachments() {
    let app = TestApp::spawn_with(false).await;
    let agent = app.login("agent1@acme.test").await;

    // (file, subject, the thread's first message, sender)
    let cases = [
        (
            "multipart-alternative.eml",
            "Printer is on fire",
            "Our printer caught fire this morning.\n\nCan someone come by?",
            "jo@customer.test",
        ),
        (
            "html-only.eml",
            "Invoice question",
            "Why was I charged twice for November?",
            "jo@customer.test",
        ),
        (
            "nested-inline-image.eml",
            "Broken invoice attached",
            "The attached invoice does not open.",
            "sam@buyer.test",
        ),
        (
            "latin1-encoded-words.eml",
            "Rechnung für März",
            "Grüße aus Köln.\nDie Rechnung für März fehlt.",
            "jurgen@kunde.test",
        ),
        (
            "forwarded.eml",
            "Fwd: Order 1234 never arrived",
            "My order 1234 never arrived.",
            "pat@customer.test",
        ),
        (
            "calendar-invite.eml",
            "Invitation: Ticket review @ Fri 27 Nov 2026",
            "Let's review the open tickets on Friday.",
            "jo@customer.test",
        ),
        (
            "hostile.eml",
            "<script>alert(1)</script> Urgent",
            "Click the link.",
            "mallory@evil.test",
        ),
    ];
    for (file, subject, body, sender) in cases {
        let d = deliver_one(&app, corpus(file, &[]), "", "opened").await;
        assert_eq!(d["org_id"], "10001");
        let t = ticket(&app, &agent, &id(&d)).await;
        assert_eq!(t["subject"], subject, "{file}");
        assert_eq!(t["channel"], "email", "{file}");
        assert_eq!(t["status"], "new");
        let first = &t["thread"][0];
        assert!(
            first["body"].as_str().unwrap().contains(body),
            "{file}: {}",
            first["body"]
        );
        assert_eq!(first["author"]["kind"], "customer");
        assert_eq!(first["email"]["from"], sender, "{file}");
        // The sender is now a customer of the org, found by address.
        let customer = json(
            app.get(
                &format!("/api/v1/customers/{}", t["customer_id"].as_str().unwrap()),
                &agent,
            )
            .await,
            200,
        )
        .await;
        assert_eq!(customer["email"], sender);
    }

    // Signatures are cut from the thread but the full text stays available.
    let d = deliver_one(&app, corpus("multipart-alternative.eml", &[]), "", "duplicate").await;
    assert_eq!(d["org_id"], "10001", "the same Message-ID again adds nothing");

    let inline = deliver_one(
        &app,
        corpus("nested-inline-image.eml", &[]),
        "?to=10001@mail.helpdesk.example",
        "duplicate",
    )
    .await;
    assert_eq!(
        inline["org_id"], "10001",
        "another address of the same org: still one interaction"
    );

    // Attachments: stored in the attachments bucket under safe names, described on the message.
    let attached = deliver_one(
        &app,
        corpus("nested-inline-image.eml", &[]).replace_id("nested-1@buyer.test", "nested-2@buyer.test"),
        "",
        "opened",
    )
    .await;
    let t = ticket(&app, &agent, &id(&attached)).await;
    let files = t["thread"][0]["email"]["attachments"].as_array().unwrap().clone();
    let names: Vec<_> = files.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["logo.png", "invoice 2026.pdf"]);
    assert_eq!(files[0]["inline"], true);
    assert_eq!(files[1]["content_type"], "application/pdf");
    let bucket = app.gateway.stack.bucket("AttachmentsBucket").unwrap().to_owned();
    let pdf = app
        .gateway
        .clients
        .s3
        .get_object()
        .bucket(&bucket)
        .key(files[1]["key"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .body
        .collect()
        .await
        .unwrap()
        .into_bytes();
    assert!(pdf.starts_with(b"%PDF-1.4"));
    assert_eq!(files[1]["size"], pdf.len());
    assert!(files[1]["key"].as_str().unwrap().starts_with("org/10001/"));
    // Mail files download like uploads: listed on the message by id, served by
    // `GET /attachments/{id}` with the checked type.
    let listed = &t["thread"][0]["attachments"];
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
    assert_eq!(listed[1]["id"], files[1]["id"]);
    // The logo is a part of the message's HTML (`cid:`), not a file the sender attached.
    assert_eq!(listed[0]["inline"], true);
    assert_eq!(listed[0]["content_id"], files[0]["content_id"]);
    assert!(listed[0]["content_id"].is_string(), "{listed}");
    assert!(listed[1].get("inline").is_none());
    let view = json(
        app.get(
            &format!("/api/v1/attachments/{}", files[1]["id"].as_str().unwrap()),
            &agent,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(view["content_type"], "application/pdf");
    let resp = app
        .http
        .get(view["download"]["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .split(';')
            .next(),
        Some("attachment")
    );
    assert_eq!(resp.bytes().await.unwrap(), pdf);

    // Hostile mail: inert HTML, harmless filenames, the subject kept as text.
    let hostile = sent_safely(&app, &agent).await;
    assert!(hostile.contains("_script_passwd.html") && hostile.contains("eviltxt.exe"));
    // A mail part whose bytes are markup is only ever a download of unknown type.
    let list = json(app.get("/api/v1/tickets?view=all", &agent).await, 200).await;
    let evil = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["subject"] == "<script>alert(1)</script> Urgent")
        .unwrap();
    let evil = ticket(&app, &agent, evil["id"].as_str().unwrap()).await;
    let html = evil["thread"][0]["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"].as_str().unwrap().ends_with(".html"))
        .unwrap()
        .clone();
    assert_eq!(html["content_type"], "application/octet-stream");
    let path = format!("/api/v1/attachments/{}", html["id"].as_str().unwrap());
    json(app.get(&format!("{path}?inline=1"), &agent).await, 422).await;
    let view = json(app.get(&path, &agent).await, 200).await;
    let resp = app
        .http
        .get(view["download"]["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["content-type"], "application/octet-stream");
}

/// The hostile message's HTML and attachment names, checked for anything active.
async fn sent_safely(app: &TestApp, agent: &str) -> String {
    let list = json(app.get("/api/v1/tickets?view=all", agent).await, 200).await;
    let hostile = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["subject"] == "<script>alert(1)</script> Urgent")
        .cloned()
        .unwrap();
    let t = ticket(app, agent, hostile["id"].as_str().unwrap()).await;
    let email = &t["thread"][0]["email"];
    let html = email["html"].as_str().unwrap().to_lowercase();
    for bad in [
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "<iframe",
        "tracker.evil.test",
        "onclick",
        "<form",
    ] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    email["attachments"].to_string()
}

trait ReplaceId {
    fn replace_id(self, from: &str, to: &str) -> Vec<u8>;
}

impl ReplaceId for Vec<u8> {
    fn replace_id(self, from: &str, to: &str) -> Vec<u8> {
        String::from_utf8(self).unwrap().replace(from, to).into_bytes()
    }
}

#[tokio::test]
async fn replies_by_mail_thread_by_signed_id_token_or_number_and_never_by_forgery() {
    let app = TestApp::spawn().await;
    let agent = app.login("agent1@acme.test").await;
    let tag = ulid::Ulid::new().to_string();
    let jo = format!("jo-{tag}@customer.test").to_lowercase();

    // Jo writes in; the agent answers; the answer goes out by mail.
    let first = message(
        &jo,
        "support@acme.test",
        &format!("Toner {tag}"),
        &format!("first-{tag}@customer.test"),
        "",
        "The toner is empty.",
    );
    let opened = deliver_one(&app, first, "", "opened").await;
    let ticket_id = id(&opened);
    let number = opened["number"].as_str().unwrap().to_owned();
    json(
        app.post(
            &format!("/api/v1/tickets/{ticket_id}/interactions"),
            &agent,
            &json!({"body": format!("We replaced the toner {tag}")}),
        )
        .await,
        201,
    )
    .await;
    let reply = eventually("the agent's reply by mail", Duration::from_secs(30), || async {
        Ok(sent_messages()
            .await
            .into_iter()
            .find(|m| m.to == jo && m.text.contains(&format!("We replaced the toner {tag}"))))
    })
    .await
    .unwrap();

    // 1. Gmail reply to that mail: threads by its signed Message-ID (the round trip).
    let gmail = corpus(
        "gmail-reply.eml",
        &[
            ("SUBJECT", &reply.subject.replace("Re: ", "")),
            ("IN_REPLY_TO", reply.message_id.trim_matches(|c| c == '<' || c == '>')),
            ("TO", "support@acme.test"),
        ],
    )
    .replace_id("jo@customer.test", &jo);
    let d = deliver_one(&app, gmail, "", "threaded").await;
    assert_eq!(id(&d), ticket_id);
    let t = ticket(&app, &agent, &ticket_id).await;
    let last = t["thread"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["body"], "Thanks, that fixed it!");
    assert_eq!(last["channel"], "email");
    assert_eq!(last["author"]["kind"], "customer");
    assert_eq!(last["author"]["id"], t["customer_id"]);

    // 2. Outlook reply to the signed reply address, no usable references: the token threads.
    let reply_to = reply.reply_to.clone().unwrap();
    let outlook = corpus(
        "outlook-reply.eml",
        &[
            ("SUBJECT", "something else"),
            ("IN_REPLY_TO", "unknown@elsewhere.test"),
            ("TO", &reply_to),
        ],
    )
    .replace_id("jo@customer.test", &jo);
    let d = deliver_one(
        &app,
        outlook,
        &format!("?to={}", reply_to.replace('+', "%2B")),
        "threaded",
    )
    .await;
    assert_eq!(id(&d), ticket_id);

    // 3. The number in the subject threads for the customer...
    let by_number = message(
        &jo,
        "support@acme.test",
        &format!("Re: [{number}] again"),
        &format!("num-{tag}@customer.test"),
        "",
        "One more thing.",
    );
    assert_eq!(id(&deliver_one(&app, by_number, "", "threaded").await), ticket_id);
    // ...but not for a stranger, who gets a ticket of their own.
    let stranger = message(
        "mallory@evil.test",
        "support@acme.test",
        &format!("Re: [{number}] give me the thread"),
        &format!("m1-{tag}@evil.test"),
        "",
        "Let me in.",
    );
    let other = deliver_one(&app, stranger, "", "opened").await;
    assert_ne!(id(&other), ticket_id);

    // 4. A forged Message-ID (right shape, wrong signature) threads nowhere.
    let forged_ref = format!("h.10001.{ticket_id}.root.00000000000000000000@mail.helpdesk.example");
    let forged = message(
        "mallory@evil.test",
        "support@acme.test",
        "Re: hello",
        &format!("m2-{tag}@evil.test"),
        &format!("In-Reply-To: <{forged_ref}>\r\nReferences: <{forged_ref}>\r\n"),
        "Forged.",
    );
    assert_ne!(id(&deliver_one(&app, forged, "", "opened").await), ticket_id);

    // 5. A genuine id of Acme's ticket sent to Globex opens a Globex ticket: orgs never meet.
    let real_ref = reply.message_id.trim_matches(|c| c == '<' || c == '>').to_owned();
    let cross = message(
        &jo,
        "support@globex.test",
        "Re: toner",
        &format!("x-{tag}@customer.test"),
        &format!("In-Reply-To: <{real_ref}>\r\n"),
        "Wrong org.",
    );
    let g = deliver_one(&app, cross, "", "opened").await;
    assert_eq!(g["org_id"], "10002");
    let globex = app.login("agent1@globex.test").await;
    let theirs = ticket(&app, &globex, &id(&g)).await;
    assert_eq!(theirs["thread"].as_array().unwrap().len(), 1);
    let resp = app.get(&format!("/api/v1/tickets/{}", id(&g)), &agent).await;
    assert_eq!(resp.status(), 404, "Acme cannot see Globex's ticket");

    // The thread holds exactly the customer's messages and the agent's reply.
    let t = ticket(&app, &agent, &ticket_id).await;
    let bodies: Vec<_> = t["thread"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(bodies.len(), 5, "{bodies:?}");

    // 6. A reply to a closed ticket opens a linked follow-up.
    for status in ["resolved", "closed"] {
        let r = app
            .request(
                reqwest::Method::PUT,
                &format!("/api/v1/tickets/{ticket_id}/status"),
                Some(&agent),
                Some(&json!({"status": status})),
            )
            .await;
        json(r, 200).await;
    }
    let late = message(
        &jo,
        "support@acme.test",
        &format!("Re: [{number}] it broke again"),
        &format!("late-{tag}@customer.test"),
        "",
        "Broken again.",
    );
    let f = deliver_one(&app, late, "", "opened").await;
    assert_eq!(f["follow_up_of"], ticket_id.as_str());
    let follow = ticket(&app, &agent, &id(&f)).await;
    assert_eq!(follow["follow_up_of"], ticket_id.as_str());
    assert_eq!(follow["channel"], "email");
}

#[tokio::test]
async fn copied_people_are_participants_and_may_reply_into_the_ticket() {
    let app = TestApp::spawn_with(false).await;
    let agent = app.login("agent1@acme.test").await;
    let d = deliver_one(&app, corpus("cc-participants.eml", &[]), "", "opened").await;
    let ticket_id = id(&d);
    let number = d["number"].as_str().unwrap();
    // Lee answers Jo's original mail (not ours): the delivered Message-ID threads it.
    let lee = corpus(
        "cc-reply.eml",
        &[("SUBJECT", "Office move next week"), ("TO", "support@acme.test")],
    );
    assert_eq!(id(&deliver_one(&app, lee, "", "threaded").await), ticket_id);
    let t = ticket(&app, &agent, &ticket_id).await;
    let last = t["thread"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["body"], "New address: 1 Main Street.");
    assert_eq!(last["email"]["from"], "lee@customer.test");
    assert_ne!(last["author"]["id"], t["customer_id"], "Lee wrote it, not Jo");
    // As a participant, Lee's mail with the number in the subject threads too.
    let by_number = message(
        "Lee <lee@customer.test>",
        "support@acme.test",
        &format!("[{number}] parking"),
        "lee-2@customer.test",
        "",
        "Where do we park?",
    );
    assert_eq!(id(&deliver_one(&app, by_number, "", "threaded").await), ticket_id);
}

#[tokio::test]
async fn verdicts_quarantine_or_flag_mail_and_unknown_recipients_are_dropped() {
    let app = TestApp::spawn_with(false).await;
    let admin = app.login("admin@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    let msg = |n: &str| {
        message(
            "jo@customer.test",
            "support@acme.test",
            &format!("Verdict {n}"),
            &format!("v-{n}@customer.test"),
            "",
            "Body.",
        )
    };

    let virus = deliver_one(&app, msg("virus"), "?virus=FAIL", "quarantined").await;
    assert_eq!(virus["reasons"], json!(["virus"]));
    let dmarc = deliver_one(&app, msg("dmarc"), "?dmarc=FAIL&dmarc_policy=reject", "quarantined").await;
    assert_eq!(dmarc["reasons"], json!(["dmarc"]));
    deliver_one(&app, msg("dmarc-none"), "?dmarc=FAIL&dmarc_policy=none", "opened").await;
    let both = deliver_one(&app, msg("auth"), "?spf=FAIL&dkim=FAIL", "quarantined").await;
    assert_eq!(both["reasons"], json!(["spf-and-dkim"]));
    deliver_one(&app, msg("spf-only"), "?spf=FAIL", "opened").await;
    let bounce = corpus(
        "bounce.eml",
        &[
            ("TO", "support@acme.test"),
            ("IN_REPLY_TO", "x@y.test"),
            ("SUBJECT", "s"),
        ],
    );
    assert_eq!(
        deliver_one(&app, bounce, "", "quarantined").await["reasons"],
        json!(["bounce"])
    );

    // Admins see what was kept aside; agents may not; another org sees none of it.
    let q = json(app.get("/api/v1/quarantine", &admin).await, 200).await;
    let subjects: Vec<_> = q["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["subject"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(subjects.len(), 4, "{subjects:?}");
    assert!(subjects.contains(&"Verdict virus".to_owned()));
    assert!(q["items"][0]["raw_key"].as_str().unwrap().starts_with("inbound/"));
    assert_eq!(app.get("/api/v1/quarantine", &agent).await.status(), 403);
    let globex = app.login("admin@globex.test").await;
    let theirs = json(app.get("/api/v1/quarantine", &globex).await, 200).await;
    assert_eq!(theirs["items"], json!([]));

    // Spam is ticketed, tagged, and never answered automatically.
    let spam = deliver_one(&app, msg("spam"), "?spam=FAIL", "opened").await;
    let t = ticket(&app, &agent, &id(&spam)).await;
    assert_eq!(t["tags"], json!(["spam"]));
    assert_eq!(t["thread"][0]["email"]["auto_reply_blocked"], json!(["spam"]));

    // Mail for nobody we know is dropped, never ticketed into some org.
    let nobody = message(
        "jo@customer.test",
        "sales@unknown.test",
        "Hello",
        "n-1@customer.test",
        "",
        "Hi",
    );
    let out = deliver(&app, nobody, "").await;
    assert_eq!(out["deliveries"][0]["outcome"], "dropped");
    // Not mail at all is refused.
    let resp = app
        .http
        .post(app.url("/local/inbound-email"))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 415);
}

#[tokio::test]
async fn automatic_mail_gets_no_automatic_reply_and_two_helpdesks_stop_after_one_exchange() {
    let app = TestApp::spawn().await;
    let tag = ulid::Ulid::new().to_string().to_lowercase();
    let acks_to = |to: String| async move {
        sent_messages()
            .await
            .into_iter()
            .filter(|m| m.to == to && m.auto_submitted.is_some())
            .count()
    };

    // An out-of-office opens a ticket but gets no acknowledgement.
    let ooo_sender = format!("ooo-{tag}@customer.test");
    let ooo = corpus("auto-reply.eml", &[])
        .replace_id("jo@customer.test", &ooo_sender)
        .replace_id("ooo-1@", &format!("ooo-{tag}@"));
    deliver_one(&app, ooo, "", "opened").await;

    // Another helpdesk that acknowledges without marking its mail automatic: we
    // acknowledge its first mail, its acknowledgement of ours threads (no new ticket, no
    // mail), and its next unthreaded acknowledgement hits the daily limit.
    let robot = format!("robot-{tag}@other-helpdesk.test");
    let first = message(
        &robot,
        "support@acme.test",
        "Your request 1",
        &format!("r1-{tag}@other-helpdesk.test"),
        "",
        "We got it.",
    );
    deliver_one(&app, first, "", "opened").await;
    let ack = eventually("our acknowledgement to the robot", Duration::from_secs(30), || async {
        Ok(sent_messages().await.into_iter().find(|m| m.to == robot))
    })
    .await
    .unwrap();
    let answer = message(
        &robot,
        "support@acme.test",
        &format!("Re: {}", ack.subject),
        &format!("r2-{tag}@other-helpdesk.test"),
        &format!("In-Reply-To: {}\r\n", ack.message_id),
        "We got your mail.",
    );
    deliver_one(&app, answer, "", "threaded").await;
    let again = message(
        &robot,
        "support@acme.test",
        "Your request 2",
        &format!("r3-{tag}@other-helpdesk.test"),
        "",
        "We got it.",
    );
    deliver_one(&app, again, "", "opened").await;

    // A human's mail after all that is acknowledged: the pipeline is not stuck.
    let human = format!("human-{tag}@customer.test");
    let hello = message(
        &human,
        "support@acme.test",
        "Hello",
        &format!("h-{tag}@customer.test"),
        "",
        "Hi there.",
    );
    deliver_one(&app, hello, "", "opened").await;
    eventually("the human's acknowledgement", Duration::from_secs(30), || async {
        Ok((acks_to(human.clone()).await == 1).then_some(()))
    })
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(acks_to(ooo_sender).await, 0, "no acknowledgement to an out-of-office");
    assert_eq!(acks_to(robot).await, 1, "one acknowledgement to the other helpdesk");
}

#[tokio::test]
async fn the_webhook_takes_signed_fresh_requests_only() {
    let app = TestApp::spawn_with(false).await;
    let raw = message(
        "jo@customer.test",
        "support@acme.test",
        "By webhook",
        "wh-1@customer.test",
        "",
        "Via a provider.",
    );
    let secret = local_gateway::LOCAL_WEBHOOK_SECRET.as_bytes();
    let post = |sig: Option<String>, content_type: &'static str, body: Vec<u8>| {
        let app = &app;
        async move {
            let mut req = app
                .http
                .post(app.url("/api/v1/webhooks/inbound-email"))
                .header("content-type", content_type)
                .body(body);
            if let Some(sig) = sig {
                req = req.header("x-helpdesk-signature", sig);
            }
            req.send().await.unwrap()
        }
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let problem = |r: reqwest::Response, status: u16| async move {
        assert_eq!(r.status(), status);
        assert_eq!(r.headers()["content-type"], "application/problem+json");
    };
    problem(post(None, "message/rfc822", raw.clone()).await, 401).await;
    let stale = helpdesk_inbound::webhook::sign(secret, now - 3600, &raw);
    problem(post(Some(stale), "message/rfc822", raw.clone()).await, 401).await;
    let wrong = helpdesk_inbound::webhook::sign(b"guess", now, &raw);
    problem(post(Some(wrong), "message/rfc822", raw.clone()).await, 401).await;
    let good = helpdesk_inbound::webhook::sign(secret, now, &raw);
    problem(post(Some(good.clone()), "text/plain", raw.clone()).await, 415).await;
    let ok = json(post(Some(good.clone()), "message/rfc822", raw.clone()).await, 202).await;
    assert_eq!(ok["deliveries"][0]["outcome"], "opened");
    let agent = app.login("agent1@acme.test").await;
    let t = ticket(&app, &agent, ok["deliveries"][0]["ticket_id"].as_str().unwrap()).await;
    assert_eq!(t["subject"], "By webhook");
    // A replay inside the window is the same message: nothing is added.
    let again = json(post(Some(good), "message/rfc822", raw).await, 202).await;
    assert_eq!(again["deliveries"][0]["outcome"], "duplicate");
}

#[tokio::test]
async fn concurrent_deliveries_of_one_message_converge_on_one_ticket_and_big_bodies_move_to_s3() {
    let app = TestApp::spawn_with(false).await;
    let agent = app.login("agent1@acme.test").await;
    // SES retries, the webhook replays, two addresses: the same message five times at once.
    let raw = message(
        "jo@customer.test",
        "support@acme.test",
        "Race",
        "race-1@customer.test",
        "",
        "Once only.",
    );
    let outs = futures::future::join_all((0..5).map(|_| deliver(&app, raw.clone(), ""))).await;
    let outcomes: Vec<_> = outs
        .iter()
        .map(|o| o["deliveries"][0]["outcome"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(outcomes.iter().filter(|o| *o == "opened").count(), 1, "{outcomes:?}");
    assert_eq!(outcomes.iter().filter(|o| *o == "duplicate").count(), 4, "{outcomes:?}");
    let list = json(app.get("/api/v1/tickets?view=all", &agent).await, 200).await;
    let races: Vec<_> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["subject"] == "Race")
        .collect();
    assert_eq!(races.len(), 1);

    // A body past the item budget: the thread keeps the start and a note, S3 keeps it all.
    let long: String = "All work and no play makes Jo a dull customer. ".repeat(1000);
    let big = message(
        "jo@customer.test",
        "support@acme.test",
        "Long",
        "long-1@customer.test",
        "",
        &long,
    );
    let d = deliver_one(&app, big, "", "opened").await;
    let t = ticket(&app, &agent, &id(&d)).await;
    let first = &t["thread"][0];
    let body = first["body"].as_str().unwrap();
    assert!(body.chars().count() <= 20_000 && body.ends_with("the full text is kept with the email."));
    let key = first["email"]["overflow_key"].as_str().unwrap();
    let bucket = app.gateway.stack.bucket("AttachmentsBucket").unwrap().to_owned();
    let kept = app
        .gateway
        .clients
        .s3
        .get_object()
        .bucket(&bucket)
        .key(key)
        .send()
        .await
        .unwrap();
    let kept: Value = serde_json::from_slice(&kept.body.collect().await.unwrap().into_bytes()).unwrap();
    assert_eq!(kept["text"].as_str().unwrap().trim(), long.trim());
}
