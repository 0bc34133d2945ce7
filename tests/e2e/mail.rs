//! Mail to customers through SESv2 (moto): acknowledgements, replies, threading headers,
//! signed Message-IDs, never an internal note, and never twice for one event.

#[allow(unused_imports)]
use helpdesk_store::prelude::*;
use std::time::Duration;

use helpdesk_tests::{TestApp, eventually, json};
use serde_json::json;

/// Every mail moto's SES accepted, as one text to search.
async fn sent_mail_once() -> String {
    let url = format!("{}/moto-api/data.json", std::env::var("HELPDESK_TEST_AWS").unwrap());
    reqwest::get(url).await.unwrap().text().await.unwrap()
}

/// moto's data, as JSON text: its data API answers with an error page now and then
/// while it is busy, so ask again until it is JSON.
async fn sent_mail() -> String {
    for _ in 0..20 {
        let text = sent_mail_once().await;
        if serde_json::from_str::<serde_json::Value>(&text).is_ok() {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("moto's data API kept failing");
}

pub(crate) use local_gateway::mailbox::SentMail as Sent;

/// Every mail moto's SES accepted, parsed (the same view as `GET /local/mail`).
pub(crate) async fn sent_messages() -> Vec<Sent> {
    let data = serde_json::from_str(&sent_mail().await).expect("sent_mail returns JSON");
    local_gateway::mailbox::from_moto(&data)
}

#[tokio::test]
async fn customers_get_threaded_mail_for_their_ticket_and_agent_replies_once() {
    let app = TestApp::spawn().await;
    let cara = app.login("customer1@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    let tag = ulid::Ulid::new().to_string();
    let t = json(
        app.post(
            "/api/v1/tickets",
            &cara,
            &json!({"subject": format!("Mail test {tag}"), "description": "d"}),
        )
        .await,
        201,
    )
    .await;
    let id = t["id"].as_str().unwrap().to_owned();
    let number = t["number"].as_str().unwrap().to_owned();

    let ack = format!("[{number}] Mail test {tag}");
    eventually("the acknowledgement", Duration::from_secs(30), || async {
        Ok(sent_mail().await.contains(&ack).then_some(()))
    })
    .await
    .unwrap();

    // The local sent-mail view shows it, newest first.
    let local = app.http.get(app.url("/local/mail")).send().await.unwrap();
    let local = json(local, 200).await;
    let mine = local["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["subject"] == ack.as_str())
        .cloned()
        .unwrap();
    assert_eq!(mine["to"], "customer1@acme.test");
    assert_eq!(mine["auto_submitted"], "auto-generated");

    let path = format!("/api/v1/tickets/{id}");
    json(
        app.post(
            &format!("{path}/interactions"),
            &agent,
            &json!({"body": format!("secret note {tag}"), "internal": true}),
        )
        .await,
        201,
    )
    .await;
    json(
        app.post(
            &format!("{path}/interactions"),
            &agent,
            &json!({"body": format!("Please restart it {tag}")}),
        )
        .await,
        201,
    )
    .await;
    let reply = format!("Re: [{number}] Mail test {tag}");
    let mail = eventually("the reply mail", Duration::from_secs(30), || async {
        let m = sent_mail().await;
        Ok((m.contains(&reply) && m.contains(&format!("Please restart it {tag}"))).then_some(m))
    })
    .await
    .unwrap();
    assert!(
        !mail.contains(&format!("secret note {tag}")),
        "internal notes are never mailed"
    );
    // Threading: every mail of the ticket refers to its signed root id.
    let root = format!("h.10001.{id}.root.");
    assert!(
        mail.matches(&root).count() >= 4,
        "In-Reply-To and References on both mails"
    );

    // A redelivery of every event sends nothing new.
    let before = mail.matches(&format!("h.10001.{id}.")).count();
    let events = app
        .table()
        .client()
        .query()
        .table_name(app.table().name())
        .key_condition_expression("PK = :pk AND begins_with(SK, :e)")
        .expression_attribute_values(
            ":pk",
            aws_sdk_dynamodb::types::AttributeValue::S(helpdesk_store::keys::ticket_pk(
                &helpdesk_domain::OrgId::parse("10001").expect("an org id"),
                helpdesk_domain::TicketId::parse(&id).expect("a ticket id"),
            )),
        )
        .expression_attribute_values(
            ":e",
            aws_sdk_dynamodb::types::AttributeValue::S(helpdesk_store::keys::EVENT_PREFIX.into()),
        )
        .send()
        .await
        .unwrap();
    let mut batch = aws_lambda_events::event::sqs::SqsEvent::default();
    for (i, item) in events.items().iter().enumerate() {
        let detail: serde_json::Value = serde_json::from_str(item["detail"].as_s().unwrap()).unwrap();
        let envelope = json!({"version": "0", "id": "x", "detail-type": detail["type"], "source": "helpdesk", "account": "1",
            "time": "2026-01-01T00:00:00Z", "region": "us-east-1", "resources": [], "detail": detail});
        batch
            .records
            .push(serde_json::from_value(json!({"messageId": format!("m{i}"), "body": envelope.to_string()})).unwrap());
    }
    let out = helpdesk_functions::consumers::notifier(&app.gateway.functions.notifier, batch)
        .await
        .unwrap();
    assert!(out.batch_item_failures.is_empty());
    assert_eq!(sent_mail().await.matches(&format!("h.10001.{id}.")).count(), before);
}

#[tokio::test]
async fn orgs_word_their_mail_with_checked_templates_and_agents_get_assignment_mail() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    let tag = ulid::Ulid::new().to_string();
    let put = |body: serde_json::Value| {
        let (app, admin) = (&app, &admin);
        async move {
            app.request(reqwest::Method::PUT, "/api/v1/mail-templates", Some(admin), Some(&body))
                .await
        }
    };
    // A typo in a variable is refused with its field, and nothing is stored.
    let bad = json(
        put(json!({"templates": {"reply": {"subject": "Re", "text": "{{ replly }}"}}})).await,
        422,
    )
    .await;
    assert_eq!(bad["errors"][0]["field"], "templates.reply.text");
    let custom = json!({"templates": {"reply": {
        "subject": format!("Answer from {{{{ org_name }}}} {tag}"),
        "text": format!("Hi {{{{ customer_name }}}}: {{{{ reply }}}} -- {{{{ agent_name }}}} {tag}"),
        "html": "<p>{{ reply }}</p>"}}});
    json(put(custom).await, 200).await;
    let view = json(app.get("/api/v1/mail-templates", &agent).await, 200).await;
    assert_eq!(view["customized"], json!(["reply"]));
    let globex = app.login("admin@globex.test").await;
    let theirs = json(app.get("/api/v1/mail-templates", &globex).await, 200).await;
    assert_eq!(theirs["customized"], json!([]), "another org keeps its defaults");
    assert!(
        view["templates"]["acknowledgement"]["text"]
            .as_str()
            .unwrap()
            .contains("we received your request"),
        "other kinds keep the default"
    );

    let t = json(
        app.post(
            "/api/v1/tickets",
            &agent,
            &json!({"subject": format!("Templated {tag}"), "description": "d", "customer_email": "customer1@acme.test"}),
        )
        .await,
        201,
    )
    .await;
    let (id, number) = (t["id"].as_str().unwrap(), t["number"].as_str().unwrap());
    let path = format!("/api/v1/tickets/{id}");
    json(
        app.post(
            &format!("{path}/interactions"),
            &agent,
            &json!({"body": format!("<b>bold</b> {tag}")}),
        )
        .await,
        201,
    )
    .await;
    let reply = eventually("the templated reply", Duration::from_secs(30), || async {
        Ok(sent_messages()
            .await
            .into_iter()
            .find(|m| m.subject.contains(&format!("Answer from Acme Support {tag}"))))
    })
    .await
    .unwrap();
    // The number is added to a subject that left it out, so replies still thread.
    assert_eq!(reply.subject, format!("Answer from Acme Support {tag} [{number}]"));
    assert_eq!(
        reply.text.trim(),
        format!("Hi Cara Customer: <b>bold</b> {tag} -- Alex Agent {tag}")
    );
    assert_eq!(
        reply.html.trim(),
        format!("<p>&lt;b&gt;bold&lt;&#x2f;b&gt; {tag}</p>"),
        "variables are escaped in HTML"
    );
    assert!(
        reply.reply_to.unwrap().starts_with("10001+"),
        "customers reply to the signed address"
    );
    assert_eq!(reply.auto_submitted, None, "a person's reply is not automatic mail");

    // Assignment mails the new assignee, once, as automatic mail with the app's link.
    let manager = app.login("manager@acme.test").await;
    let assigned = app
        .request(
            reqwest::Method::PUT,
            &format!("{path}/assign"),
            Some(&manager),
            Some(&json!({"assignee_id": "acme-agent2"})),
        )
        .await;
    json(assigned, 200).await;
    let subject = format!("[{number}] Assigned to you: Templated {tag}");
    let mail = eventually("the assignment mail", Duration::from_secs(30), || async {
        let all = sent_messages().await;
        Ok(all.iter().any(|m| m.subject == subject).then_some(all))
    })
    .await
    .unwrap();
    let to_agent: Vec<&Sent> = mail.iter().filter(|m| m.subject == subject).collect();
    assert_eq!(to_agent.len(), 1);
    let m = to_agent[0];
    assert_eq!(m.to, "agent2@acme.test");
    assert_eq!(m.auto_submitted.as_deref(), Some("auto-generated"));
    assert_eq!(m.reply_to, None, "agents answer in the app, not by mail");
    assert!(m.text.contains(&format!("/tickets/{id}")) && !m.text.contains("/portal/"));
    assert!(m.text.contains("Hello Sam Agent"));
}
