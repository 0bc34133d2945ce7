//! What every report endpoint reads first: who asks, which days, in which zone.

use helpdesk_domain::Caller;
use helpdesk_domain::reports::DateRange;
use helpdesk_store::Table;
use lambda_http::{Request, RequestExt};

use crate::{Problem, auth};

/// A manager's or admin's report request over `from`..`to` (query parameters).
pub struct ReportRequest {
    pub caller: Caller,
    pub range: DateRange,
    /// The org's zone (its business hours), `UTC` when unset: report days are its days.
    pub time_zone: String,
}

pub async fn report_request(table: &Table, req: &Request) -> Result<ReportRequest, Problem> {
    let caller = auth::caller(req)?;
    helpdesk_domain::people::require_manager(&caller)?;
    let query = req.query_string_parameters_ref();
    let param = |name: &str| query.and_then(|q| q.first(name));
    let range = DateRange::parse(param("from"), param("to"))?;
    let time_zone = table
        .sla_settings(&caller.org_id)
        .await?
        .business_hours
        .map_or_else(|| "UTC".to_owned(), |h| h.time_zone);
    Ok(ReportRequest {
        caller,
        range,
        time_zone,
    })
}
