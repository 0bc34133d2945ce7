//! Files on tickets (issue #15), through the gateway, the real SDK and moto's S3:
//! upload through the presigned PUT, check on first use, download through the
//! presigned GET; and every hostile file refused or served as a harmless download.

use helpdesk_tests::{TestApp, json};
use reqwest::Url;
use serde_json::{Value, json};

/// A 1×1 PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82";

async fn ticket_of(app: &TestApp, token: &str) -> String {
    let t = json(
        app.post(
            "/api/v1/tickets",
            token,
            &json!({"subject": "Files", "description": "See the files."}),
        )
        .await,
        201,
    )
    .await;
    t["id"].as_str().unwrap().to_owned()
}

fn query(url: &str, name: &str) -> Option<String> {
    Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.into_owned())
}

/// Fetches a download link as the browser would: the response's headers and bytes.
async fn fetch(app: &TestApp, view: &Value) -> (reqwest::header::HeaderMap, Vec<u8>) {
    let resp = app
        .http
        .get(view["download"]["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "download of {view}");
    let headers = resp.headers().clone();
    (headers, resp.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn a_customer_attaches_an_image_to_a_new_ticket_and_the_agent_downloads_it() {
    let app = TestApp::spawn_with(false).await;
    let cara = app.login("customer1@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    let manager = app.login("manager@acme.test").await;

    let body = json!({"filename": "screen shot.png", "content_type": "image/png", "size": PNG.len()});
    let created = json(app.post("/api/v1/attachments", &cara, &body).await, 201).await;
    // The signature binds the size, the type and the key, for five minutes at most.
    let url = created["upload"]["url"].as_str().unwrap().to_owned();
    let signed = query(&url, "X-Amz-SignedHeaders").unwrap();
    for h in ["content-length", "content-type", "host"] {
        assert!(signed.split(';').any(|s| s == h), "{h} is not signed: {signed}");
    }
    let expires: u64 = query(&url, "X-Amz-Expires").unwrap().parse().unwrap();
    assert!(expires <= 300, "{expires}");
    assert!(url.contains("/pending/org/10001/new/"), "{url}");
    assert_eq!(created["upload"]["headers"]["content-type"], "image/png");
    app.put_upload(&created, PNG.to_vec()).await;

    let id = created["id"].as_str().unwrap();
    let t = json(
        app.post(
            "/api/v1/tickets",
            &cara,
            &json!({"subject": "Error on screen", "description": "See the screenshot.", "attachment_ids": [id]}),
        )
        .await,
        201,
    )
    .await;
    let files = &t["thread"][0]["attachments"];
    assert_eq!(
        files,
        &json!([{"id": id, "name": "screen shot.png", "content_type": "image/png", "size": PNG.len()}])
    );
    // The same upload goes on one message only.
    let again = app
        .post(
            "/api/v1/tickets",
            &cara,
            &json!({"subject": "Again", "description": "d", "attachment_ids": [id]}),
        )
        .await;
    let problem = json(again, 422).await;
    assert!(problem.to_string().contains("already on a message"), "{problem}");

    let view = json(app.get(&format!("/api/v1/attachments/{id}"), &agent).await, 200).await;
    assert_eq!(view["content_type"], "image/png");
    assert_eq!(view["inline"], false);
    let (headers, bytes) = fetch(&app, &view).await;
    assert_eq!(bytes, PNG);
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"screen shot.png\"; filename*=UTF-8''screen%20shot.png"
    );
    // Thumbnails: raster images may be shown inline.
    let view = json(app.get(&format!("/api/v1/attachments/{id}?inline=1"), &cara).await, 200).await;
    let (headers, _) = fetch(&app, &view).await;
    assert!(headers["content-disposition"].to_str().unwrap().starts_with("inline;"));

    // Every download is in the ticket's audit trail, with who fetched it.
    let audit = json(
        app.get(
            &format!("/api/v1/tickets/{}/audit", t["id"].as_str().unwrap()),
            &manager,
        )
        .await,
        200,
    )
    .await;
    let downloads: Vec<&Value> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "attachment.download")
        .collect();
    assert_eq!(downloads.len(), 2, "{audit}");
    assert_eq!(downloads[0]["actor_role"], "agent");
    assert_eq!(downloads[1]["actor_role"], "customer");
}

#[tokio::test]
async fn internal_note_files_are_staff_only_and_other_tenants_get_404() {
    let app = TestApp::spawn_with(false).await;
    let cara = app.login("customer1@acme.test").await;
    let cody = app.login("customer2@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    let globex = app.login("admin@globex.test").await;
    let ticket = ticket_of(&app, &cara).await;
    let path = format!("/api/v1/tickets/{ticket}/attachments");

    let note_file = app
        .upload(
            &agent,
            &path,
            "internal.pdf",
            "application/pdf",
            b"%PDF-1.7\n%\xe2\xe3\n1 0 obj",
        )
        .await;
    let reply_file = app
        .upload(&agent, &path, "invoice.txt", "text/plain", b"Total: 12 EUR")
        .await;
    let note_id = note_file["id"].as_str().unwrap();
    let reply_id = reply_file["id"].as_str().unwrap();
    let interactions = format!("/api/v1/tickets/{ticket}/interactions");
    json(
        app.post(
            &interactions,
            &agent,
            &json!({"body": "Fraud check", "internal": true, "attachment_ids": [note_id]}),
        )
        .await,
        201,
    )
    .await;
    json(
        app.post(
            &interactions,
            &agent,
            &json!({"body": "Your invoice", "attachment_ids": [reply_id]}),
        )
        .await,
        201,
    )
    .await;

    // The customer's thread shows the reply's file and not the note's.
    let seen = json(app.get(&format!("/api/v1/tickets/{ticket}"), &cara).await, 200).await;
    let text = seen.to_string();
    assert!(text.contains(reply_id) && !text.contains(note_id), "{text}");
    json(app.get(&format!("/api/v1/attachments/{reply_id}"), &cara).await, 200).await;
    json(app.get(&format!("/api/v1/attachments/{note_id}"), &cara).await, 404).await;
    json(app.get(&format!("/api/v1/attachments/{note_id}"), &agent).await, 200).await;
    // Another customer, another org, a made-up id: all the same 404.
    json(app.get(&format!("/api/v1/attachments/{reply_id}"), &cody).await, 404).await;
    json(app.get(&format!("/api/v1/attachments/{reply_id}"), &globex).await, 404).await;
    json(
        app.get(&format!("/api/v1/attachments/{}", ulid::Ulid::new()), &agent)
            .await,
        404,
    )
    .await;
    json(app.get("/api/v1/attachments/..%2F..%2Fetc", &agent).await, 404).await;

    // Globex cannot put Acme's upload on its own ticket, nor upload to Acme's ticket.
    let stray = app.upload(&agent, &path, "a.txt", "text/plain", b"abc").await;
    let globex_ticket = json(
        app.post(
            "/api/v1/tickets",
            &globex,
            &json!({"subject": "g", "description": "d", "customer_email": "g@example.com"}),
        )
        .await,
        201,
    )
    .await;
    let resp = app
        .post(
            &format!("/api/v1/tickets/{}/interactions", globex_ticket["id"].as_str().unwrap()),
            &globex,
            &json!({"body": "mine now", "attachment_ids": [stray["id"]]}),
        )
        .await;
    json(resp, 422).await;
    let body = json!({"filename": "x.txt", "content_type": "text/plain", "size": 3});
    json(app.post(&path, &globex, &body).await, 404).await;
    // Nor can another Acme user use the agent's upload: it is the uploader's.
    let resp = app
        .post(
            &interactions,
            &cara,
            &json!({"body": "taking it", "attachment_ids": [stray["id"]]}),
        )
        .await;
    json(resp, 422).await;
}

/// Requests an upload for `ticket`, sends `bytes`, and names it in a reply: the reply's answer.
async fn attach(
    app: &TestApp,
    token: &str,
    ticket: &str,
    name: &str,
    declared: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let f = app
        .upload(
            token,
            &format!("/api/v1/tickets/{ticket}/attachments"),
            name,
            declared,
            bytes,
        )
        .await;
    app.post(
        &format!("/api/v1/tickets/{ticket}/interactions"),
        token,
        &json!({"body": "file", "attachment_ids": [f["id"]]}),
    )
    .await
}

#[tokio::test]
async fn hostile_files_are_refused_or_served_as_harmless_downloads() {
    let app = TestApp::spawn_with(false).await;
    let cara = app.login("customer1@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    let ticket = ticket_of(&app, &cara).await;
    let path = format!("/api/v1/tickets/{ticket}/attachments");
    let declare = |name: &str, ct: &str, size: u64| json!({"filename": name, "content_type": ct, "size": size});

    // Refused before a byte is sent: SVG and HTML types, programs, unknown types,
    // too large, empty.
    for (body, field) in [
        (declare("x.svg", "image/svg+xml", 100), "content_type"),
        (declare("x.html", "text/html", 100), "content_type"),
        (declare("setup.exe", "application/x-msdownload", 100), "content_type"),
        (declare("x.bin", "application/octet-stream", 100), "content_type"),
        (declare("big.pdf", "application/pdf", 20 * 1024 * 1024 + 1), "size"),
        (declare("empty.txt", "text/plain", 0), "size"),
    ] {
        let problem = json(app.post(&path, &cara, &body).await, 422).await;
        assert_eq!(problem["errors"][0]["field"], field, "{body}: {problem}");
    }

    // Refused on their check: bytes that are not what the upload declared.
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>"#;
    let html = b"<!DOCTYPE html><html><body><script>fetch('/api/v1/tickets')</script></body></html>";
    let program = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0\xb8\0\0\0\0\0\0\0@\0\0\0\0\0\0\0";
    for (name, declared, bytes) in [
        ("cat.png", "image/png", &svg[..]),
        ("photo.png", "image/png", &html[..]),
        ("notes.txt", "text/plain", &html[..]),
        ("report.pdf", "application/pdf", &program[..]),
    ] {
        let problem = json(attach(&app, &cara, &ticket, name, declared, bytes).await, 422).await;
        assert!(problem.to_string().contains(name), "{name}: {problem}");
    }
    // The refusal loses nothing: the same message goes without the file.
    let resp = app
        .post(
            &format!("/api/v1/tickets/{ticket}/interactions"),
            &cara,
            &json!({"body": "file"}),
        )
        .await;
    json(resp, 201).await;

    // More bytes than declared (real S3 refuses the signature; moto does not check
    // it): the check measures the object and refuses it.
    let body = declare("short.txt", "text/plain", 5);
    let created = json(app.post(&path, &cara, &body).await, 201).await;
    app.put_upload(&created, b"hello, and much more".to_vec()).await;
    let resp = app
        .post(
            &format!("/api/v1/tickets/{ticket}/interactions"),
            &cara,
            &json!({"body": "file", "attachment_ids": [created["id"]]}),
        )
        .await;
    let problem = json(resp, 422).await;
    assert!(problem.to_string().contains("bytes"), "{problem}");
    // Named before its bytes arrived: refused, and usable once they are.
    let created = json(app.post(&path, &cara, &body).await, 201).await;
    let send = json!({"body": "file", "attachment_ids": [created["id"]]});
    let interactions = format!("/api/v1/tickets/{ticket}/interactions");
    let problem = json(app.post(&interactions, &cara, &send).await, 422).await;
    assert!(problem.to_string().contains("nothing was uploaded"), "{problem}");
    app.put_upload(&created, b"hello".to_vec()).await;
    json(app.post(&interactions, &cara, &send).await, 201).await;

    // A name with a path, quotes, CR/LF and a right-to-left override becomes a plain
    // name; the download header cannot be split or spoofed.
    let evil = "../../etc/\"pass\r\nX-Evil: 1\u{202e}txt.exe";
    let f = app.upload(&cara, &path, evil, "text/plain", b"just text").await;
    let name = f["filename"].as_str().unwrap();
    assert!(
        !name.contains(['/', '\\', '"', '\r', '\n', '\u{202e}']) && !name.starts_with('.'),
        "{name:?}"
    );
    json(
        app.post(
            &interactions,
            &cara,
            &json!({"body": "evil name", "attachment_ids": [f["id"]]}),
        )
        .await,
        201,
    )
    .await;
    let view = json(
        app.get(&format!("/api/v1/attachments/{}", f["id"].as_str().unwrap()), &agent)
            .await,
        200,
    )
    .await;
    let (headers, bytes) = fetch(&app, &view).await;
    assert_eq!(bytes, b"just text");
    assert_eq!(headers["content-type"], "text/plain");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment; filename=\""), "{disposition}");
    assert!(headers.get("x-evil").is_none());
    // Text is never shown inline, whatever is asked.
    let problem = json(
        app.get(
            &format!("/api/v1/attachments/{}?inline=1", f["id"].as_str().unwrap()),
            &agent,
        )
        .await,
        422,
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "inline");

    // A pending upload's URL cannot reach the checked copy: presigned PUTs write only
    // under pending/, and what is served is the copy made from the checked version.
    assert!(view["download"]["url"].as_str().unwrap().contains("/org/10001/files/"));
    assert!(
        f["upload"]["url"]
            .as_str()
            .unwrap()
            .contains("/pending/org/10001/ticket/")
    );
}

#[tokio::test]
async fn an_agents_reply_mails_its_files_to_the_customer_and_a_note_mails_none() {
    let app = TestApp::spawn().await;
    let cara = app.login("customer1@acme.test").await;
    let agent = app.login("agent1@acme.test").await;
    let ticket = ticket_of(&app, &cara).await;
    let path = format!("/api/v1/tickets/{ticket}/attachments");
    let tag = ulid::Ulid::new().to_string();
    let file = app
        .upload(&agent, &path, &format!("label {tag}.png"), "image/png", PNG)
        .await;
    let note = app
        .upload(&agent, &path, &format!("secret {tag}.txt"), "text/plain", b"internal")
        .await;
    let interactions = format!("/api/v1/tickets/{ticket}/interactions");
    json(
        app.post(
            &interactions,
            &agent,
            &json!({"body": format!("Internal {tag}"), "internal": true, "attachment_ids": [note["id"]]}),
        )
        .await,
        201,
    )
    .await;
    json(
        app.post(
            &interactions,
            &agent,
            &json!({"body": format!("Here is your label {tag}"), "attachment_ids": [file["id"]]}),
        )
        .await,
        201,
    )
    .await;
    let mail = helpdesk_tests::eventually("the reply's mail", std::time::Duration::from_secs(30), || async {
        Ok(crate::mail::sent_messages()
            .await
            .into_iter()
            .find(|m| m.text.contains(&format!("Here is your label {tag}"))))
    })
    .await
    .unwrap();
    assert_eq!(mail.to, "customer1@acme.test");
    let files: Vec<_> = mail
        .attachments
        .iter()
        .map(|f| (f.name.as_str(), f.content_type.as_str(), f.size))
        .collect();
    let name = format!("label {tag}.png");
    assert_eq!(files, [(name.as_str(), "image/png", PNG.len())]);
    // The note's file was never mailed to anyone.
    let all = crate::mail::sent_messages().await;
    assert!(
        all.iter()
            .all(|m| m.attachments.iter().all(|f| !f.name.contains("secret")))
    );
}

#[tokio::test]
async fn the_demo_seed_has_files_on_its_tickets() {
    let app = TestApp::spawn_with(false).await;
    let cara = app.login("customer1@acme.test").await;
    let list = json(app.get("/api/v1/tickets", &cara).await, 200).await;
    let id = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["subject"] == "Cannot log in after password reset")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let t = json(app.get(&format!("/api/v1/tickets/{id}"), &cara).await, 200).await;
    let file = &t["thread"][0]["attachments"][0];
    assert_eq!(file["name"], "locked-account.png");
    let view = json(
        app.get(
            &format!("/api/v1/attachments/{}?inline=1", file["id"].as_str().unwrap()),
            &cara,
        )
        .await,
        200,
    )
    .await;
    let (headers, bytes) = fetch(&app, &view).await;
    assert_eq!(headers["content-type"], "image/png");
    assert!(bytes.starts_with(b"\x89PNG"));
}

#[tokio::test]
async fn with_malware_scanning_only_files_found_clean_are_served() {
    use helpdesk_app::attachments::Scanning;
    use helpdesk_domain::attachment::SCAN_TAG;
    let app = TestApp::spawn_with(false).await;
    let cara = app.login("customer1@acme.test").await;
    let ticket = ticket_of(&app, &cara).await;
    let f = app
        .upload(
            &cara,
            &format!("/api/v1/tickets/{ticket}/attachments"),
            "scan.txt",
            "text/plain",
            b"scan me",
        )
        .await;
    let id = f["id"].as_str().unwrap().to_owned();
    json(
        app.post(
            &format!("/api/v1/tickets/{ticket}/interactions"),
            &cara,
            &json!({"body": "scan", "attachment_ids": [id]}),
        )
        .await,
        201,
    )
    .await;
    // The function as deployed with MALWARE_SCAN=required (moto has no GuardDuty: the
    // test puts the scanner's tag itself).
    let deps = helpdesk_functions::deps::WithFiles {
        scanning: Scanning::Required,
        ..app.with_files().clone()
    };
    let get = || async {
        let path = format!("/api/v1/attachments/{id}");
        let req = app.lambda_request(
            "GET",
            &path,
            "GET /api/v1/attachments/{id}",
            &[("id", &id)],
            "agent1@acme.test",
            None,
        );
        let resp = helpdesk_functions::http::attachments::get_attachment(&deps, req).await;
        let body: Value = serde_json::from_slice(resp.body().as_ref()).unwrap();
        (resp.status().as_u16(), body)
    };
    let (status, body) = get().await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("waiting for its malware scan"),
        "{body}"
    );
    let key = format!("org/10001/files/{id}");
    let tag = |value: &'static str| {
        let s3 = app.gateway.clients.s3.clone();
        let bucket = app.files().bucket.clone();
        let key = key.clone();
        async move {
            let tagging = aws_sdk_s3::types::Tagging::builder()
                .tag_set(
                    aws_sdk_s3::types::Tag::builder()
                        .key(SCAN_TAG)
                        .value(value)
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap();
            s3.put_object_tagging()
                .bucket(bucket)
                .key(key)
                .tagging(tagging)
                .send()
                .await
                .unwrap();
        }
    };
    tag("THREATS_FOUND").await;
    let (status, body) = get().await;
    assert_eq!(status, 409, "{body}");
    assert!(body["detail"].as_str().unwrap().contains("blocked"), "{body}");
    assert!(body.get("download").is_none());
    tag("NO_THREATS_FOUND").await;
    let (status, body) = get().await;
    assert_eq!(status, 200, "{body}");
    assert!(body["download"]["url"].as_str().is_some());
}

#[tokio::test]
async fn an_admin_narrows_the_orgs_limits_and_uploads_follow_them() {
    let app = TestApp::spawn_with(false).await;
    let admin = app.login("admin@acme.test").await;
    let cara = app.login("customer1@acme.test").await;
    let defaults = json(app.get("/api/v1/attachment-limits", &cara).await, 200).await;
    assert_eq!(defaults["size_max"], 20 * 1024 * 1024);
    assert_eq!(defaults["count_max"], 10);
    let narrowed = json!({"size_max": 1000, "count_max": 1, "types": ["image/png", "TEXT/PLAIN"]});
    let resp = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/attachment-limits",
            Some(&admin),
            Some(&narrowed),
        )
        .await;
    assert_eq!(json(resp, 200).await["types"], json!(["image/png", "text/plain"]));
    // Never a type outside the safe defaults.
    let widened = json!({"size_max": 1000, "count_max": 1, "types": ["image/svg+xml"]});
    let resp = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/attachment-limits",
            Some(&admin),
            Some(&widened),
        )
        .await;
    json(resp, 422).await;
    // The portal reads them; uploads follow them.
    let seen = json(app.get("/api/v1/attachment-limits", &cara).await, 200).await;
    assert_eq!(seen["count_max"], 1);
    let body = |ct: &str, size: u64| json!({"filename": "f", "content_type": ct, "size": size});
    json(
        app.post("/api/v1/attachments", &cara, &body("application/pdf", 10))
            .await,
        422,
    )
    .await;
    json(
        app.post("/api/v1/attachments", &cara, &body("text/plain", 1001)).await,
        422,
    )
    .await;
    let a = app
        .upload(&cara, "/api/v1/attachments", "a.txt", "text/plain", b"a")
        .await;
    let b = app
        .upload(&cara, "/api/v1/attachments", "b.txt", "text/plain", b"b")
        .await;
    let resp = app
        .post(
            "/api/v1/tickets",
            &cara,
            &json!({"subject": "two", "description": "d", "attachment_ids": [a["id"], b["id"]]}),
        )
        .await;
    let problem = json(resp, 422).await;
    assert!(problem.to_string().contains("at most 1"), "{problem}");
}
