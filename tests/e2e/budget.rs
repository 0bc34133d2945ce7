//! Request budgets: every measured endpoint stays within its DynamoDB request budget
//! and nothing scans (see `helpdesk_tests::budget`).

use helpdesk_tests::TestApp;

#[tokio::test]
async fn endpoints_stay_within_their_dynamodb_request_budgets() {
    let app = TestApp::spawn_with(false).await;
    let budgets = helpdesk_tests::budget::measure(&app).await;
    for b in &budgets {
        println!(
            "{:<28} {:>2} request(s)  (budget {})  {:?}",
            b.name,
            b.total(),
            b.budget,
            b.counts
        );
    }
    assert_eq!(budgets.len(), 12);
    for b in &budgets {
        assert_eq!(b.scans(), 0, "{} scanned the table", b.name);
        assert!(
            b.within(),
            "{}: {} requests, budget {}: {:?}",
            b.name,
            b.total(),
            b.budget,
            b.counts
        );
    }
}
