//! Request budgets: how many DynamoDB requests each endpoint makes, counted by an SDK
//! interceptor on the real client, calling each handler as Lambda would. The e2e test
//! asserts the budgets; the benchmark prints them and fails over budget.

#[allow(unused_imports)]
use helpdesk_store::prelude::*;
use std::collections::BTreeMap;

use helpdesk_store::Table;
use helpdesk_store::metrics::RequestCounter;
use serde_json::{Value, json};

use crate::TestApp;

/// One operation's requests against its budget.
#[derive(Debug, Clone)]
pub struct Budget {
    pub name: &'static str,
    pub budget: u32,
    /// Requests per DynamoDB operation (`GetItem`, `Query`, ...).
    pub counts: BTreeMap<String, u32>,
}

impl Budget {
    pub fn total(&self) -> u32 {
        self.counts.values().sum()
    }
    pub fn scans(&self) -> u32 {
        self.counts.get("Scan").copied().unwrap_or(0)
    }
    pub fn within(&self) -> bool {
        self.total() <= self.budget && self.scans() == 0
    }
}

/// Runs create (staff and customer), get with thread, list, reply, an upload, a reply
/// with a file and its download, edit, status, assign and get article once each on a seeded stack and counts their requests. Panics when a handler
/// answers an unexpected status.
pub async fn measure(app: &TestApp) -> Vec<Budget> {
    let mut out = Vec::new();
    let mut check = |name: &'static str, budget: u32, counter: &RequestCounter| {
        out.push(Budget {
            name,
            budget,
            counts: counter.snapshot(),
        });
        counter.reset();
    };
    let counter = RequestCounter::default();
    let table = Table::new(counter.instrument(app.table().client()), app.table().name());
    let with_files = helpdesk_functions::deps::WithFiles {
        table: table.clone(),
        ..app.with_files().clone()
    };

    let body = json!({"subject": "Budget", "description": "d", "customer_email": "b@example.com"});
    let req = app.lambda_request(
        "POST",
        "/api/v1/tickets",
        "POST /api/v1/tickets",
        &[],
        "agent1@acme.test",
        Some(&body),
    );
    let resp = helpdesk_functions::http::tickets::create_ticket(&with_files, req).await;
    assert_eq!(resp.status(), 201);
    check("create ticket (staff)", 2, &counter);
    let created: Value = serde_json::from_slice(resp.body().as_ref()).expect("a ticket as JSON");
    let id = created["id"].as_str().expect("the ticket id").to_owned();

    let own = json!({"subject": "Mine", "description": "d"});
    let req = app.lambda_request(
        "POST",
        "/api/v1/tickets",
        "POST /api/v1/tickets",
        &[],
        "customer1@acme.test",
        Some(&own),
    );
    assert_eq!(
        helpdesk_functions::http::tickets::create_ticket(&with_files, req)
            .await
            .status(),
        201
    );
    check("create ticket (customer)", 2, &counter);

    let path = format!("/api/v1/tickets/{id}");
    let req = app.lambda_request(
        "GET",
        &path,
        "GET /api/v1/tickets/{id}",
        &[("id", &id)],
        "agent1@acme.test",
        None,
    );
    assert_eq!(
        helpdesk_functions::http::tickets::get_ticket(&table, req)
            .await
            .status(),
        200
    );
    check("get ticket with thread", 1, &counter);

    let req = app.lambda_request(
        "GET",
        "/api/v1/tickets?view=open",
        "GET /api/v1/tickets",
        &[],
        "agent1@acme.test",
        None,
    );
    assert_eq!(
        helpdesk_functions::http::tickets::list_tickets(&table, req)
            .await
            .status(),
        200
    );
    check("list a page", 1, &counter);

    let reply = json!({"body": "On it"});
    let ipath = format!("{path}/interactions");
    let req = app.lambda_request(
        "POST",
        &ipath,
        "POST /api/v1/tickets/{id}/interactions",
        &[("id", &id)],
        "agent1@acme.test",
        Some(&reply),
    );
    assert_eq!(
        helpdesk_functions::http::tickets::add_interaction(&with_files, req)
            .await
            .status(),
        201
    );
    check("reply", 2, &counter);

    // Files: ask to upload one, a reply that checks and attaches it, a download. S3
    // adds: the browser's PUT; HeadObject, a ranged GetObject, CopyObject, DeleteObject
    // on the check; the browser's GET.
    let upload = json!({"filename": "budget.txt", "content_type": "text/plain", "size": 6});
    let upath = format!("{path}/attachments");
    let req = app.lambda_request(
        "POST",
        &upath,
        "POST /api/v1/tickets/{id}/attachments",
        &[("id", &id)],
        "agent1@acme.test",
        Some(&upload),
    );
    let resp = helpdesk_functions::http::attachments::create_ticket_attachment(&with_files, req).await;
    assert_eq!(resp.status(), 201);
    check("request an upload", 3, &counter);
    let created: Value = serde_json::from_slice(resp.body().as_ref()).expect("an upload as JSON");
    app.put_upload(&created, b"budget".to_vec()).await;
    let file_id = created["id"].as_str().expect("the upload's id").to_owned();
    let with_file = json!({"body": "With a file", "attachment_ids": [file_id]});
    let req = app.lambda_request(
        "POST",
        &ipath,
        "POST /api/v1/tickets/{id}/interactions",
        &[("id", &id)],
        "agent1@acme.test",
        Some(&with_file),
    );
    assert_eq!(
        helpdesk_functions::http::tickets::add_interaction(&with_files, req)
            .await
            .status(),
        201
    );
    check("reply with a file", 5, &counter);
    let fpath = format!("/api/v1/attachments/{file_id}");
    let req = app.lambda_request(
        "GET",
        &fpath,
        "GET /api/v1/attachments/{id}",
        &[("id", &file_id)],
        "agent1@acme.test",
        None,
    );
    assert_eq!(
        helpdesk_functions::http::attachments::get_attachment(&with_files, req)
            .await
            .status(),
        200
    );
    check("download a file", 3, &counter);

    let patch = json!({"priority": "high"});
    let req = app.lambda_request(
        "PATCH",
        &path,
        "PATCH /api/v1/tickets/{id}",
        &[("id", &id)],
        "agent1@acme.test",
        Some(&patch),
    );
    assert_eq!(
        helpdesk_functions::http::tickets::update_ticket(&table, req)
            .await
            .status(),
        200
    );
    check("edit", 2, &counter);

    let status = json!({"status": "pending"});
    let spath = format!("{path}/status");
    let req = app.lambda_request(
        "PUT",
        &spath,
        "PUT /api/v1/tickets/{id}/status",
        &[("id", &id)],
        "agent1@acme.test",
        Some(&status),
    );
    assert_eq!(
        helpdesk_functions::http::tickets::set_ticket_status(&table, req)
            .await
            .status(),
        200
    );
    check("status change", 2, &counter);

    let assign = json!({"assignee_id": "acme-agent2"});
    let apath = format!("{path}/assign");
    let req = app.lambda_request(
        "PUT",
        &apath,
        "PUT /api/v1/tickets/{id}/assign",
        &[("id", &id)],
        "manager@acme.test",
        Some(&assign),
    );
    assert_eq!(
        helpdesk_functions::http::tickets::assign_ticket(&table, req)
            .await
            .status(),
        200
    );
    check("assign", 2, &counter);

    // The knowledge base: an article read by staff is one GetItem.
    let article = json!({"title": "Budget article", "body": "Read **me**."});
    let req = app.lambda_request(
        "POST",
        "/api/v1/knowledge-base/articles",
        "POST /api/v1/knowledge-base/articles",
        &[],
        "manager@acme.test",
        Some(&article),
    );
    let resp = helpdesk_functions::http::kb::create_article(&table, req).await;
    assert_eq!(resp.status(), 201);
    let created: Value = serde_json::from_slice(resp.body().as_ref()).expect("an article as JSON");
    let article_id = created["id"].as_str().expect("the article id").to_owned();
    counter.reset();
    let apath = format!("/api/v1/knowledge-base/articles/{article_id}");
    let req = app.lambda_request(
        "GET",
        &apath,
        "GET /api/v1/knowledge-base/articles/{id}",
        &[("id", &article_id)],
        "agent1@acme.test",
        None,
    );
    assert_eq!(
        helpdesk_functions::http::kb::get_article(&table, req).await.status(),
        200
    );
    check("get article", 1, &counter);

    out
}
