//! `/api/v1/tickets/{id}/attachments` and `/api/v1/attachments…`: presigned uploads
//! and downloads of files on tickets (see `helpdesk_app::attachments`).

use std::collections::BTreeMap;

use helpdesk_app::attachments::{self as uc, Declared, Download, Upload};
use helpdesk_app::tickets::TicketRef;
use helpdesk_domain::AttachmentId;
use helpdesk_domain::attachment::{FileState, Limits, served_type};
use helpdesk_platform::http::{json, json_body, path, query, respond};
use helpdesk_platform::{Problem, auth};
use helpdesk_store::Table;
use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::deps::WithFiles;
use crate::wire::with_header;

/// What a file to upload is: checked against the org's limits before any byte is sent.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadRequest {
    /// The file's name as the user's machine has it (made safe for storage and download).
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::filename))]
    pub filename: String,
    /// Its type, e.g. `image/png`: one of the accepted types.
    #[cfg_attr(feature = "openapi", schema(schema_with = helpdesk_domain::input::schema::content_type))]
    pub content_type: String,
    /// Its exact size in bytes (1 to the limit, 20 MB by default).
    #[serde(deserialize_with = "helpdesk_domain::input::whole::u64")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub size: u64,
}

/// The presigned request that sends a file's bytes (or fetches them): send `method` to
/// `url` with exactly `headers`; it stops working at `expires_at`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PresignedRequest {
    pub url: String,
    pub method: String,
    pub headers: BTreeMap<String, String>,
}

impl From<helpdesk_blobs::Presigned> for PresignedRequest {
    fn from(p: helpdesk_blobs::Presigned) -> Self {
        Self {
            url: p.url,
            method: p.method,
            headers: p.headers,
        }
    }
}

/// A requested upload: PUT the bytes with `upload`, then name `id` in a message's
/// `attachment_ids`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadCreated {
    pub id: AttachmentId,
    /// The file name as it will be stored and served.
    pub filename: String,
    pub content_type: String,
    pub size: u64,
    pub upload: PresignedRequest,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: OffsetDateTime,
}

impl From<Upload> for UploadCreated {
    fn from(u: Upload) -> Self {
        Self {
            id: u.attachment.id,
            filename: u.attachment.name,
            content_type: u.attachment.content_type,
            size: u.attachment.size,
            upload: u.request.into(),
            expires_at: u.expires_at,
        }
    }
}

/// A file on a message, with a download link valid for five minutes.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentView {
    pub id: AttachmentId,
    pub filename: String,
    /// The type its bytes were verified to be.
    pub content_type: String,
    pub size: u64,
    pub ticket_id: Option<helpdesk_domain::TicketId>,
    pub interaction_id: Option<helpdesk_domain::InteractionId>,
    pub state: FileState,
    /// Whether the link shows the file in the browser (raster images asked `?inline=1`)
    /// rather than downloading it.
    pub inline: bool,
    /// A GET that serves the file with a safe name, its verified type and
    /// `Content-Disposition: attachment` (or `inline`).
    pub download: PresignedRequest,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: OffsetDateTime,
}

impl From<Download> for AttachmentView {
    fn from(d: Download) -> Self {
        Self {
            id: d.attachment.id,
            filename: d.attachment.name,
            content_type: served_type(Some(&d.attachment.content_type)),
            size: d.attachment.size,
            ticket_id: d.attachment.ticket_id,
            interaction_id: d.attachment.interaction_id,
            state: d.attachment.state,
            inline: d.inline,
            download: d.request.into(),
            expires_at: d.expires_at,
        }
    }
}

async fn upload(deps: &WithFiles, req: &Request, ticket: Option<TicketRef>) -> Result<Response<Body>, Problem> {
    let caller = auth::caller(req)?;
    let b: UploadRequest = json_body(req)?;
    let declared = Declared {
        filename: &b.filename,
        content_type: &b.content_type,
        size: b.size,
    };
    let up = uc::request_upload(&deps.table, &deps.files, &caller, ticket, declared).await?;
    let location = format!("/api/v1/attachments/{}", up.attachment.id);
    Ok(with_header(
        json(StatusCode::CREATED, &UploadCreated::from(up)),
        lambda_http::http::header::LOCATION,
        &location,
    ))
}

/// Ask to upload a file for a ticket: a presigned PUT (five minutes) of exactly the
/// declared size and type. The file is checked (real size, type from its bytes) when a
/// message names it in `attachment_ids`; uploads on no message expire after a day.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/tickets/{id}/attachments", tag = "attachments",
    request_body = UploadRequest,
    params(("id" = String, Path, description = "A ticket id (ULID) or number (TKT-000123)")),
    responses((status = 201, body = UploadCreated, description = "PUT the bytes to `upload.url` with `upload.headers`"),
        (status = 404, body = Problem, description = "no such ticket for the caller"),
        (status = 422, body = Problem, description = "empty, too large, or a type not accepted (programs and scripts never are)"))))]
pub async fn create_ticket_attachment(deps: &WithFiles, req: Request) -> Response<Body> {
    respond(
        async {
            let r = TicketRef::parse(path(&req, "id"))?;
            upload(deps, &req, Some(r)).await
        }
        .await,
    )
}

/// Ask to upload a file for a ticket not opened yet: name its id in `POST /tickets`'s
/// `attachment_ids`. Otherwise as `POST /tickets/{id}/attachments`.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/api/v1/attachments", tag = "attachments",
    request_body = UploadRequest,
    responses((status = 201, body = UploadCreated, description = "PUT the bytes to `upload.url` with `upload.headers`"),
        (status = 422, body = Problem, description = "empty, too large, or a type not accepted (programs and scripts never are)"))))]
pub async fn create_attachment(deps: &WithFiles, req: Request) -> Response<Body> {
    respond(upload(deps, &req, None).await)
}

/// A file on a message the caller may read, with a presigned download (five minutes):
/// always `Content-Disposition: attachment`, a safe file name and the verified type;
/// `?inline=1` shows raster images (PNG, JPEG, GIF, WebP) in the browser, never SVG,
/// HTML, XML or PDF. Each call is in the ticket's audit trail.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "attachments",
    params(("id" = String, Path), ("inline" = Option<bool>, Query, description = "`true` (or `1`): show a raster image inline")),
    responses((status = 200, body = AttachmentView),
        (status = 404, body = Problem, description = "no such file on a message the caller may read"),
        (status = 409, body = Problem, description = "with malware scanning on: the file waits for its scan, or is blocked (a threat, or unreadable to the scanner)"),
        (status = 422, body = Problem, description = "`inline` asked for a file that is not a raster image"))))]
pub async fn get_attachment(deps: &WithFiles, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let inline = match query(&req, "inline").as_deref() {
                None | Some("0" | "false") => false,
                Some("1" | "true") => true,
                Some(_) => return Err(Problem::bad_request("inline is true or false (1 or 0)")),
            };
            let d = uc::download(
                &deps.table,
                &deps.files,
                deps.scanning,
                &caller,
                path(&req, "id"),
                inline,
            )
            .await?;
            Ok(json(StatusCode::OK, &AttachmentView::from(d)))
        }
        .await,
    )
}

/// What the org accepts as files: size per file, files per message, types. Anyone of
/// the org (the portal checks files before uploading them).
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/api/v1/attachment-limits", tag = "attachments",
    responses((status = 200, body = Limits))))]
pub async fn get_attachment_limits(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            Ok(json(StatusCode::OK, &uc::limits(table, &caller).await?))
        }
        .await,
    )
}

/// Narrow the org's limits: 1 byte to 100 MB per file, 1 to 10 files, any of the
/// default types (never others: they are every type served safely). Admins only.
#[cfg_attr(feature = "openapi", utoipa::path(put, path = "/api/v1/attachment-limits", tag = "attachments",
    request_body = Limits,
    responses((status = 200, body = Limits), (status = 403, body = Problem),
        (status = 422, body = Problem, description = "out of range, or a type that is not one of the defaults"))))]
pub async fn put_attachment_limits(table: &Table, req: Request) -> Response<Body> {
    respond(
        async {
            let caller = auth::caller(&req)?;
            let limits: Limits = json_body(&req)?;
            Ok(json(StatusCode::OK, &uc::set_limits(table, &caller, limits).await?))
        }
        .await,
    )
}
