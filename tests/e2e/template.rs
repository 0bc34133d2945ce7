//! Local and cloud cannot drift: the gateway plays exactly what template.yaml declares.

use helpdesk_functions::routes::{CONSUMERS, ROUTES};
#[allow(unused_imports)]
use helpdesk_store::prelude::*;
use helpdesk_tests::local_gateway::functions::check_against;
use helpdesk_tests::local_gateway::template::{Route, Template};
use helpdesk_tests::{TestApp, root};

#[test]
fn every_template_function_has_a_local_handler_and_the_same_triggers() {
    let template = Template::load(&root().join("template.yaml")).unwrap();
    check_against(&template).unwrap();
    assert_eq!(template.functions.len(), ROUTES.len() + CONSUMERS.len());
    let create = template.function("CreateTicketFunction").unwrap();
    assert_eq!(
        create.routes,
        [Route {
            method: "POST".into(),
            path: "/api/v1/tickets".into(),
            public: false,
        }]
    );
    assert_eq!(create.binary, "create-ticket");
    let public: Vec<_> = template
        .functions
        .iter()
        .flat_map(|f| &f.routes)
        .filter(|r| r.public)
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(
        public,
        [
            "/api/v1/help/{org}/categories",
            "/api/v1/help/{org}/articles",
            "/api/v1/help/{org}/articles/{slug}",
            "/api/v1/help/{org}/articles/{slug}/feedback",
            "/api/v1/knowledge-base/suggestions",
            "/api/v1/openapi.json",
            "/api/v1/csat/{token}",
            "/api/v1/csat/{token}",
            "/api/v1/webhooks/inbound-email"
        ],
        "only the help center (published articles), the API document, the signed survey links and the HMAC-signed mail webhook are public"
    );
    // SES invokes the inbound-email function after storing the raw mail.
    let rule = &template.receipt_rules[0];
    assert_eq!(
        (rule.function.as_str(), rule.bucket.as_str(), rule.prefix.as_str()),
        ("InboundEmailFunction", "InboundMailBucket", "inbound/")
    );
    assert!(template.function("InboundEmailFunction").unwrap().ses);
    // Every function's binary is one of helpdesk-functions' `src/bin`.
    for f in &template.functions {
        let bin = root().join("functions/src/bin").join(format!("{}.rs", f.binary));
        assert!(bin.is_file(), "{} has no binary at {}", f.logical_id, bin.display());
    }
}

#[test]
fn a_template_function_without_a_local_handler_is_refused() {
    let mut template = Template::load(&root().join("template.yaml")).unwrap();
    let mut extra = template.functions[0].clone();
    extra.logical_id = "NewFunction".into();
    template.functions.push(extra);
    let err = check_against(&template).unwrap_err();
    assert!(err.contains("NewFunction"), "{err}");
}

#[tokio::test]
async fn the_provisioned_table_matches_the_template() {
    let app = TestApp::spawn_with(false).await;
    let desc = app
        .table()
        .client()
        .describe_table()
        .table_name(app.table().name())
        .send()
        .await
        .unwrap();
    let table = desc.table().unwrap();
    let mut gsis: Vec<&str> = table
        .global_secondary_indexes()
        .iter()
        .filter_map(|g| g.index_name())
        .collect();
    gsis.sort_unstable();
    assert_eq!(
        gsis,
        [
            "ByAssignee",
            "ByCustomer",
            "ByOrg",
            "BySlaDue",
            "ByStatus",
            "SlaSchedule"
        ]
    );
    assert_eq!(
        table
            .stream_specification()
            .and_then(|s| s.stream_view_type())
            .map(|v| v.as_str()),
        Some("NEW_IMAGE")
    );
    for queue in [
        "SlaCheckerQueue",
        "NotifierQueue",
        "ReportAggregatorQueue",
        "SlaCheckerDlq",
        "NotifierDlq",
        "ReportAggregatorDlq",
    ] {
        assert!(app.gateway.stack.queue_urls.contains_key(queue), "{queue}");
    }
}
