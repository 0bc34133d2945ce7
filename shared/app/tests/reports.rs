//! Reports: what the aggregator counts, read back.

// A failed setup step should stop the test where it happened.
#![allow(clippy::unwrap_used)]

mod support;

use helpdesk_app::AppError;
use helpdesk_app::reports::{aggregate, counts, overview};
use support::*;

#[tokio::test]
async fn each_event_counts_once_however_often_it_is_delivered() {
    let m = seeded().await;
    ticket(&m).await;
    ticket(&m).await;
    for e in m.events() {
        aggregate(&m, &e).await.unwrap();
        aggregate(&m, &e).await.unwrap();
    }
    let c = counts(&m, &agent()).await.unwrap();
    assert_eq!((c.all, c.unassigned), (2, 2));
    let today = helpdesk_domain::hours::local_day(time::OffsetDateTime::now_utc(), None);
    let o = overview(&m, &manager(), Some(&today), Some(&today)).await.unwrap();
    let json = serde_json::to_value(&o).unwrap();
    assert_eq!(json["totals"]["tickets_created"], 2, "{json}");
    assert!(matches!(
        overview(&m, &agent(), None, None).await,
        Err(AppError::Rule(_))
    ));
}
