//! `/api/v1/csat/{token}` (the survey links: no sign-in, the token is the key),
//! `/api/v1/tickets/{id}/satisfaction` (the portal), `/api/v1/settings/csat` and
//! `/api/v1/reports/csat`.

use helpdesk_app::csat::{self as uc, Survey};
use helpdesk_app::tickets::TicketRef;
#[cfg(feature = "openapi")]
use helpdesk_domain::csat::CsatReport;
use helpdesk_domain::csat::{CsatInput, CsatSettings, Rating, Reason};
use helpdesk_domain::{Status, TicketNumber};
#[cfg(feature = "openapi")]
use helpdesk_platform::Problem;
use helpdesk_platform::auth;
use helpdesk_platform::http::{if_match, json, json_body, path, query, respond};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::deps::Surveys;
use crate::wire;

/// A survey as its page shows it: nothing a customer of the ticket could not see.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyView {
    pub org_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub ticket_number: TicketNumber,
    pub subject: String,
    pub status: Status,
    /// The rating so far (`null`: none yet).
    pub rating: Option<Rating>,
    pub comment: Option<String>,
    pub reason: Option<Reason>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub rated_at: Option<OffsetDateTime>,
    /// Until when a rating may be given or changed.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: OffsetDateTime,
    pub open: bool,
}

impl From<Survey> for SurveyView {
    fn from(s: Survey) -> Self {
        let r = s.record.as_ref();
        Self {
            org_name: s.org_name,
            ticket_number: s.ticket.number,
            subject: s.ticket.subject,
            status: s.ticket.status,
            rating: r.map(|r| r.rating),
            comment: r.and_then(|r| r.comment.clone()),
            reason: r.and_then(|r| r.reason),
            rated_at: r.map(|r| r.rated_at),
            expires_at: s.expires_at,
            open: s.open,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RateRequest {
    /// Needed with the first rating; later, absent keeps it.
    #[serde(default)]
    pub rating: Option<Rating>,
    /// `""` clears it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub comment: Option<String>,
    #[serde(default)]
    pub reason: Option<Reason>,
}

impl From<RateRequest> for CsatInput {
    fn from(b: RateRequest) -> Self {
        Self {
            rating: b.rating,
            comment: b.comment,
            reason: b.reason,
        }
    }
}

fn rating_param(req: &Request) -> Result<Option<CsatInput>, helpdesk_platform::Problem> {
    match query(req, "rating") {
        None => Ok(None),
        Some(r) => Rating::parse(&r)
            .map(|rating| {
                Some(CsatInput {
                    rating: Some(rating),
                    ..CsatInput::default()
                })
            })
            .ok_or_else(|| helpdesk_platform::Problem::bad_request("rating is good, okay or bad")),
    }
}

/// A survey link: the ticket it rates and the rating so far; with `rating`, records it
/// first (the mail's one-click links). No sign-in: the signed token names the org,
/// ticket and resolution. The latest rating of a resolution counts.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/csat/{token}", tag = "csat", security(()),
    params(("token" = String, Path), ("rating" = Option<Rating>, Query)),
    responses((status = 200, body = SurveyView), (status = 400, body = Problem, description = "a rating that is not good, okay or bad"),
        (status = 404, body = Problem, description = "a forged or mangled link"),
        (status = 410, body = Problem, description = "the link expired (28 days after the resolution)"))))]
pub async fn get_csat(s: &Surveys, req: Request) -> Response<Body> {
    respond(
        async {
            let input = rating_param(&req)?;
            let survey = uc::by_token(&s.table, &s.signer, path(&req, "token"), input).await?;
            Ok(json(StatusCode::OK, &SurveyView::from(survey)))
        }
        .await,
    )
}

/// Add a comment and a reason to the rating (or change it) from the survey page.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/csat/{token}", tag = "csat", security(()),
    request_body = RateRequest,
    params(("token" = String, Path)),
    responses((status = 200, body = SurveyView), (status = 400, body = Problem), (status = 404, body = Problem, description = "a forged or mangled link"),
        (status = 410, body = Problem, description = "the link expired"),
        (status = 422, body = Problem, description = "a comment before any rating"))))]
pub async fn rate_csat(s: &Surveys, req: Request) -> Response<Body> {
    respond(
        async {
            let b: RateRequest = json_body(&req)?;
            let survey = uc::by_token(&s.table, &s.signer, path(&req, "token"), Some(b.into())).await?;
            Ok(json(StatusCode::OK, &SurveyView::from(survey)))
        }
        .await,
    )
}

fn ticket_ref(req: &Request) -> Result<TicketRef, helpdesk_platform::Problem> {
    Ok(TicketRef::parse(path(req, "id"))?)
}

/// The rating of a resolved ticket's current resolution: its customer (the portal) and
/// staff.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/tickets/{id}/satisfaction", tag = "csat",
    params(("id" = String, Path, description = "A ticket id (ULID) or number (TKT-000123)")),
    responses((status = 200, body = SurveyView), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "the ticket is not resolved"))))]
pub async fn get_ticket_satisfaction(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let survey = uc::of_ticket(table, &caller, ticket_ref(&req)?).await?;
            Ok(json(StatusCode::OK, &SurveyView::from(survey)))
        }
        .await,
    )
}

/// The customer rates their resolved ticket in the portal, as the mail's links would.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/tickets/{id}/satisfaction", tag = "csat",
    request_body = RateRequest,
    params(("id" = String, Path, description = "A ticket id (ULID) or number (TKT-000123)")),
    responses((status = 200, body = SurveyView), (status = 400, body = Problem),
        (status = 403, body = Problem, description = "staff do not rate"), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "the ticket is not resolved"),
        (status = 410, body = Problem, description = "more than 28 days after the resolution"),
        (status = 422, body = Problem, description = "a comment before any rating"))))]
pub async fn rate_ticket(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let b: RateRequest = json_body(&req)?;
            let survey = uc::rate_ticket(table, &caller, ticket_ref(&req)?, b.into()).await?;
            Ok(json(StatusCode::OK, &SurveyView::from(survey)))
        }
        .await,
    )
}

/// The survey settings: whether resolving asks for a rating, and also when a rule
/// resolved it. Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/settings/csat", tag = "csat",
    responses((status = 200, body = CsatSettings, description = "`ETag` is their version"), (status = 403, body = Problem))))]
pub async fn get_csat_settings(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let (settings, version) = uc::settings(table, &caller).await?;
            Ok(wire::versioned(StatusCode::OK, &settings, version))
        }
        .await,
    )
}

/// Replace the survey settings. Admins.
#[cfg_attr(feature = "openapi", utoipa::path(put, path = "/api/v1/settings/csat", tag = "csat",
    request_body = CsatSettings,
    params(("If-Match" = Option<String>, Header, description = "ETag of the version replaced")),
    responses((status = 200, body = CsatSettings, description = "`ETag` is the new version"), (status = 403, body = Problem),
        (status = 412, body = Problem, description = "stale If-Match"))))]
pub async fn put_csat_settings(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let settings: CsatSettings = json_body(&req)?;
            let (settings, version) = uc::put_settings(table, &caller, if_match(&req)?, settings).await?;
            Ok(wire::versioned(StatusCode::OK, &settings, version))
        }
        .await,
    )
}

/// Ratings per day (the day they were given, in the org's time zone), per agent, team
/// and category, with the comments. Managers and admins.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/reports/csat", tag = "reports",
    params(("from" = String, Query, description = "YYYY-MM-DD"), ("to" = String, Query, description = "YYYY-MM-DD")),
    responses((status = 200, body = CsatReport), (status = 400, body = Problem), (status = 403, body = Problem))))]
pub async fn get_report_csat(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let (from, to) = (query(&req, "from"), query(&req, "to"));
            let report = uc::report(table, &caller, from.as_deref(), to.as_deref()).await?;
            Ok(json(StatusCode::OK, &report))
        }
        .await,
    )
}
