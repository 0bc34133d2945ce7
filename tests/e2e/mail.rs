//! Mail to customers through SESv2 (moto): acknowledgements, replies, threading headers,
//! signed Message-IDs, never an internal note, and never twice for one event.

use std::time::Duration;

use helpdesk_tests::{TestApp, eventually, json};
use serde_json::json;

/// Every mail moto's SES accepted, as one text to search.
async fn sent_mail() -> String {
    let url = format!("{}/moto-api/data.json", std::env::var("HELPDESK_TEST_AWS").unwrap());
    reqwest::get(url).await.unwrap().text().await.unwrap()
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
            aws_sdk_dynamodb::types::AttributeValue::S(format!("ORG#10001#TICKET#{id}")),
        )
        .expression_attribute_values(":e", aws_sdk_dynamodb::types::AttributeValue::S("EVENT#".into()))
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
    let out = notifier::handle(&app.gateway.functions.notifier, batch).await;
    assert!(out.batch_item_failures.is_empty());
    assert_eq!(sent_mail().await.matches(&format!("h.10001.{id}.")).count(), before);
}
