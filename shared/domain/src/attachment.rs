//! What a file on a ticket may be, and how it is served (issue #15): limits, the type
//! a file really has (from its first bytes, never its name or the client's word), safe
//! file names and download headers. Pure: the use cases read the bytes from S3.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use thiserror::Error;
use time::OffsetDateTime;

use crate::{AttachmentId, Caller, DomainError, InteractionId, OrgId, TicketId, UserId};

/// How long a presigned upload or download stays valid.
pub const URL_TTL_SECS: i64 = 300;

/// How long an upload waits to be attached before it (item and object) expires.
pub const PENDING_TTL_SECS: i64 = 24 * 3600;

/// The most a reply's mail carries as attachments (bytes before encoding); files past
/// it are listed with a link to the ticket. SES takes 40 MB of raw mail, base64 adds a third.
pub const MAIL_FILES_MAX: u64 = 10 * 1024 * 1024;

/// The tag GuardDuty Malware Protection for S3 puts on each object it scanned.
pub const SCAN_TAG: &str = "GuardDutyMalwareScanStatus";

/// What a file's malware scan allows, when the org's bucket is scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scan {
    /// `NO_THREATS_FOUND`: it may be downloaded.
    Clean,
    /// No verdict yet.
    Pending,
    /// A threat, or a file the scanner could not read (`UNSUPPORTED`, `ACCESS_DENIED`,
    /// `FAILED`): never served.
    Blocked(String),
}

/// The verdict of a scan tag: only `NO_THREATS_FOUND` lets a file out.
pub fn scan_verdict(tag: Option<&str>) -> Scan {
    match tag {
        Some("NO_THREATS_FOUND") => Scan::Clean,
        None => Scan::Pending,
        Some(other) => Scan::Blocked(other.to_owned()),
    }
}

/// Longest file name kept (characters).
pub const NAME_MAX: usize = 100;

/// The first bytes of a file that [`sniff`] needs (ZIP-based office files name their
/// parts within the first few KB).
pub const SNIFF_BYTES: usize = 8 * 1024;

/// Raster images: the only types a browser may show inline. Never SVG (script), HTML,
/// XML or PDF (a viewer with its own script engine).
const RASTER: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];

/// Types without magic bytes: accepted when the bytes are text and not markup.
const TEXT: &[&str] = &["text/plain", "text/csv", "text/calendar", "message/rfc822"];

/// The types an org accepts unless it narrows them.
pub const DEFAULT_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "text/plain",
    "text/csv",
    "text/calendar",
    "message/rfc822",
    "application/zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
];

/// An org's limits for files (`GET/PUT /attachment-limits`). An org may narrow the
/// defaults, never widen the types: [`DEFAULT_TYPES`] is every type we serve safely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Limits {
    /// Bytes per file.
    #[serde(deserialize_with = "crate::input::whole::u64")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 104_857_600))]
    pub size_max: u64,
    /// Files per message.
    #[serde(deserialize_with = "crate::input::whole::usize")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10))]
    pub count_max: usize,
    /// Accepted types (lower case, no parameters).
    #[cfg_attr(feature = "openapi", schema(schema_with = file_types_schema))]
    pub types: Vec<String>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            size_max: 20 * 1024 * 1024,
            count_max: crate::input::ATTACHMENTS_MAX,
            types: DEFAULT_TYPES.iter().map(|t| (*t).to_owned()).collect(),
        }
    }
}

/// Why a file is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Refusal {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes; at most {max} are accepted")]
    TooLarge { size: u64, max: u64 },
    #[error("at most {max} files go with one message")]
    TooMany { max: usize },
    #[error("files of type {0} are not accepted")]
    TypeNotAccepted(String),
    #[error("the file is a program or a script ({0}), which is never accepted")]
    Executable(String),
    #[error("the file was declared as {declared} but its content is {found}")]
    Mismatch { declared: String, found: String },
}

/// The type part of a `Content-Type` value, lower case, without parameters.
pub fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// One or more of [`DEFAULT_TYPES`] (the schema of [`Limits::types`]).
#[cfg(feature = "openapi")]
fn file_types_schema() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    let item = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(DEFAULT_TYPES.iter().copied()))
        .build();
    ArrayBuilder::new()
        .items(item)
        .min_items(Some(1))
        .max_items(Some(DEFAULT_TYPES.len()))
        .build()
}

/// The largest file an org may allow.
pub const SIZE_CEILING: u64 = 100 * 1024 * 1024;

impl Limits {
    /// An admin's limits: 1 byte to [`SIZE_CEILING`], 1 to 10 files, 1 or more of the
    /// default types (stored lower case, without parameters, once each).
    pub fn parse(mut self) -> Result<Self, DomainError> {
        let mut errors = Vec::new();
        if !(1..=SIZE_CEILING).contains(&self.size_max) {
            errors.push(crate::FieldError::new("size_max", format!("1 to {SIZE_CEILING} bytes")));
        }
        if !(1..=crate::input::ATTACHMENTS_MAX).contains(&self.count_max) {
            errors.push(crate::FieldError::new(
                "count_max",
                format!("1 to {} files", crate::input::ATTACHMENTS_MAX),
            ));
        }
        let mut types = Vec::new();
        for t in &self.types {
            let t = essence(t);
            if !DEFAULT_TYPES.contains(&t.as_str()) {
                errors.push(crate::FieldError::new(
                    "types",
                    format!("{t} is not a type we serve safely"),
                ));
            } else if !types.contains(&t) {
                types.push(t);
            }
        }
        if types.is_empty() && errors.is_empty() {
            errors.push(crate::FieldError::new("types", "at least one type"));
        }
        if !errors.is_empty() {
            return Err(DomainError::Unprocessable(errors));
        }
        self.types = types;
        Ok(self)
    }

    /// What an upload request declares, before any byte is sent.
    pub fn check_declared(&self, content_type: &str, size: u64) -> Result<String, Refusal> {
        let t = essence(content_type);
        if size == 0 {
            return Err(Refusal::Empty);
        }
        if size > self.size_max {
            return Err(Refusal::TooLarge {
                size,
                max: self.size_max,
            });
        }
        if !self.types.contains(&t) {
            return Err(Refusal::TypeNotAccepted(t));
        }
        Ok(t)
    }

    /// The number of files one message carries.
    pub fn check_count(&self, count: usize) -> Result<(), Refusal> {
        if count > self.count_max {
            return Err(Refusal::TooMany { max: self.count_max });
        }
        Ok(())
    }

    /// The stored object: its real size (from S3) and its first bytes, against what its
    /// upload declared. Answers the type it is served as.
    pub fn verify(&self, declared: &str, size: u64, head: &[u8]) -> Result<String, Refusal> {
        let declared = self.check_declared(declared, size)?;
        match sniff(head) {
            Sniffed::Executable(t) => Err(Refusal::Executable(t.to_owned())),
            Sniffed::Type(t) if t == declared => Ok(declared),
            Sniffed::Text if TEXT.contains(&declared.as_str()) => Ok(declared),
            found => Err(Refusal::Mismatch {
                declared,
                found: found.describe().to_owned(),
            }),
        }
    }
}

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A type with magic bytes.
    Type(&'static str),
    /// UTF-8 text that is not markup.
    Text,
    /// HTML, SVG or XML: script in a browser, never accepted as a file.
    Markup(&'static str),
    /// A program or a script.
    Executable(&'static str),
    /// Binary data of no known type.
    Unknown,
}

impl Sniffed {
    fn describe(self) -> &'static str {
        match self {
            Self::Type(t) | Self::Markup(t) | Self::Executable(t) => t,
            Self::Text => "text",
            Self::Unknown => "of an unknown type",
        }
    }
}

/// Starts of a document a browser would run as markup, after whitespace and a BOM.
const MARKUP: &[(&str, &str)] = &[
    ("<svg", "image/svg+xml"),
    ("<?xml", "text/xml"),
    ("<!doctype", "text/html"),
    ("<html", "text/html"),
    ("<head", "text/html"),
    ("<body", "text/html"),
    ("<script", "text/html"),
    ("<iframe", "text/html"),
    ("<!--", "text/html"),
];

/// The type of a file from its first bytes (`infer`'s magic numbers, then a text and
/// markup check of our own: SVG has no magic number).
pub fn sniff(head: &[u8]) -> Sniffed {
    // `infer` takes any "MZ" start for a Windows program; a real one has NULs in its
    // DOS header, a text that starts with "MZ" has none.
    let text_not_program =
        |t: &str| t == "application/vnd.microsoft.portable-executable" && !head.iter().take(64).any(|&b| b == 0);
    if let Some(kind) = infer::get(head).filter(|k| !text_not_program(k.mime_type())) {
        let t = kind.mime_type();
        return match kind.matcher_type() {
            infer::MatcherType::App => Sniffed::Executable(t),
            infer::MatcherType::Text if t == "text/x-shellscript" => Sniffed::Executable(t),
            // HTML and XML: infer names them as they are.
            infer::MatcherType::Text => Sniffed::Markup(t),
            _ => Sniffed::Type(t),
        };
    }
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    // A cut multi-byte character at the end of the head is still text.
    let text = match std::str::from_utf8(body) {
        Ok(s) => s,
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&body[..e.valid_up_to()]).unwrap_or_default(),
        Err(_) => return Sniffed::Unknown,
    };
    if text.contains('\0') {
        return Sniffed::Unknown;
    }
    let start = text
        .trim_start()
        .get(..16)
        .unwrap_or(text.trim_start())
        .to_ascii_lowercase();
    if let Some((_, t)) = MARKUP.iter().find(|(p, _)| start.starts_with(p)) {
        return Sniffed::Markup(t);
    }
    Sniffed::Text
}

/// Whether a verified type may be shown inline (`?inline=1`): raster images only.
pub fn may_inline(content_type: &str) -> bool {
    RASTER.contains(&essence(content_type).as_str())
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// One line of text without control or bidirectional-override characters, at most
/// `max` characters.
pub fn one_line(s: &str, max: usize) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .filter(|c| !is_bidi_control(*c))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(max)
        .collect()
}

/// A filename safe for a storage key and a download header: the last path component,
/// letters, digits and `._-()` and spaces only, no leading dots, at most 100 characters
/// (the extension kept).
pub fn safe_name(raw: &str, content_type: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = one_line(last, usize::MAX)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '(' | ')' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned
        .trim_start_matches(['.', ' '])
        .trim_end_matches([' ', '.'])
        .to_owned();
    let cleaned = if cleaned.chars().count() > 100 {
        let (stem, ext) = match cleaned.rsplit_once('.') {
            Some((s, e)) if e.chars().count() <= 10 => (s.to_owned(), format!(".{e}")),
            _ => (cleaned.clone(), String::new()),
        };
        format!(
            "{}{ext}",
            stem.chars().take(100 - ext.chars().count()).collect::<String>()
        )
    } else {
        cleaned
    };
    if cleaned.is_empty() {
        let ext = match essence(content_type).as_str() {
            "image/png" => ".png",
            "image/jpeg" => ".jpg",
            "image/gif" => ".gif",
            "image/webp" => ".webp",
            "application/pdf" => ".pdf",
            "text/calendar" => ".ics",
            "message/rfc822" => ".eml",
            t if t.starts_with("text/") => ".txt",
            _ => ".bin",
        };
        format!("attachment{ext}")
    } else {
        cleaned
    }
}

/// The `Content-Disposition` a download is served with (RFC 6266): `attachment`
/// unless `inline` (which the caller allows for raster images only), an ASCII
/// `filename` for old clients and the exact UTF-8 name in `filename*` (RFC 8187).
pub fn content_disposition(name: &str, content_type: &str, inline: bool) -> String {
    let name = safe_name(name, content_type);
    let ascii: String = name
        .chars()
        .map(|c| if c.is_ascii() && c != '"' && c != '\\' { c } else { '_' })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            let _ = write!(encoded, "%{b:02X}");
        }
    }
    let kind = if inline && may_inline(content_type) {
        "inline"
    } else {
        "attachment"
    };
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// The type a verified file is served as.
pub fn served_type(verified: Option<&str>) -> String {
    verified.map_or_else(|| "application/octet-stream".to_owned(), essence)
}

/// A file on a message, as the thread lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileRef {
    pub id: AttachmentId,
    /// A safe file name (see [`safe_name`]).
    pub name: String,
    /// The verified type.
    pub content_type: String,
    /// The real size in bytes.
    pub size: u64,
    /// A mail part's `Content-ID`: its HTML shows it as `<img src="cid:…">`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_id: Option<String>,
    /// A mail part sent for display in the message (`Content-Disposition: inline`), such
    /// as a signature's logo, rather than as a file.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inline: bool,
}

/// Where an upload stands: `pending` until its bytes are checked, then `ready` (checked,
/// not yet on a message) or `refused`; `attached` once a message carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FileState {
    Pending,
    Ready,
    Refused,
    Attached,
}

/// An uploaded file, from its upload request to the message that carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: AttachmentId,
    pub org_id: OrgId,
    pub uploaded_by: UserId,
    /// The ticket it was uploaded for; `None` for a ticket not yet opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_id: Option<TicketId>,
    pub name: String,
    /// Declared by the upload, then the verified type.
    pub content_type: String,
    /// Declared by the upload, then the real size.
    pub size: u64,
    pub state: FileState,
    /// Its object: the pending upload, then the checked copy.
    pub key: String,
    /// The message that carries it (and whether that message is an internal note).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction_id: Option<InteractionId>,
    #[serde(default)]
    pub internal: bool,
    /// Why it was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
    /// A mail part's `Content-ID` and whether it was sent inline (see [`FileRef`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_id: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inline_part: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl Attachment {
    /// An upload request's file: checked against `limits` before any byte is sent.
    /// `key` is where its bytes go (`blobs::keys::pending_upload`).
    #[allow(clippy::too_many_arguments)]
    pub fn requested(
        limits: &Limits,
        caller: &Caller,
        id: AttachmentId,
        ticket_id: Option<TicketId>,
        filename: &str,
        content_type: &str,
        size: u64,
        key: String,
        now: OffsetDateTime,
    ) -> Result<Self, DomainError> {
        use crate::input::{CONTENT_TYPE_MAX, FILENAME_MAX, text};
        let mut errors = Vec::new();
        if !text(filename, FILENAME_MAX) {
            errors.push(crate::FieldError::new(
                "filename",
                format!("1 to {FILENAME_MAX} characters, not all blank"),
            ));
        }
        if !text(content_type, CONTENT_TYPE_MAX) {
            errors.push(crate::FieldError::new(
                "content_type",
                format!("1 to {CONTENT_TYPE_MAX} characters, not all blank"),
            ));
        }
        if !errors.is_empty() {
            return Err(DomainError::Validation(errors));
        }
        let content_type = limits.check_declared(content_type, size).map_err(|r| {
            let field = match r {
                Refusal::Empty | Refusal::TooLarge { .. } => "size",
                _ => "content_type",
            };
            DomainError::unprocessable(field, &r.to_string())
        })?;
        Ok(Self {
            id,
            org_id: caller.org_id.clone(),
            uploaded_by: caller.user_id.clone(),
            ticket_id,
            name: safe_name(filename, &content_type),
            content_type,
            size,
            state: FileState::Pending,
            key,
            interaction_id: None,
            internal: false,
            refusal: None,
            content_id: None,
            inline_part: false,
            created_at: now,
        })
    }

    /// Whether `caller` may put it on a message of `ticket` (`None`: a ticket being
    /// opened). Only its uploader may, once, on the ticket it was uploaded for. Someone
    /// else's upload is not found.
    pub fn may_attach(&self, caller: &Caller, ticket: Option<TicketId>) -> Result<(), DomainError> {
        let field = "attachment_ids";
        if self.org_id != caller.org_id || self.uploaded_by != caller.user_id {
            return Err(DomainError::unprocessable(field, &format!("no upload {}", self.id)));
        }
        match self.state {
            FileState::Pending | FileState::Ready if self.ticket_id != ticket => Err(DomainError::unprocessable(
                field,
                &format!("{} was uploaded for another ticket", self.id),
            )),
            FileState::Pending | FileState::Ready => Ok(()),
            FileState::Attached => Err(DomainError::unprocessable(
                field,
                &format!("{} is already on a message", self.id),
            )),
            FileState::Refused => Err(DomainError::unprocessable(
                field,
                &format!(
                    "{} was refused: {}",
                    self.id,
                    self.refusal.as_deref().unwrap_or("not accepted")
                ),
            )),
        }
    }

    /// The thread's entry for it.
    pub fn file_ref(&self) -> FileRef {
        FileRef {
            id: self.id,
            name: self.name.clone(),
            content_type: self.content_type.clone(),
            size: self.size,
            content_id: self.content_id.clone(),
            inline: self.inline_part,
        }
    }

    /// Whether `caller` may download it: attached to a message they may read (the
    /// ticket's visibility is checked by the caller of this).
    pub fn may_download(&self, caller: &Caller) -> bool {
        self.org_id == caller.org_id && self.state == FileState::Attached && (caller.is_staff() || !self.internal)
    }
}

/// The `attachment_ids` of a message: at most `limits.count_max`, no repeats (422: the
/// schema says the shape, the ids' meaning is a rule).
pub fn parse_ids(limits: &Limits, raw: &[String]) -> Result<Vec<AttachmentId>, DomainError> {
    limits
        .check_count(raw.len())
        .map_err(|r| DomainError::unprocessable("attachment_ids", &r.to_string()))?;
    let mut ids = Vec::with_capacity(raw.len());
    for r in raw {
        // A ULID-shaped id that names nothing is the same as an unknown one.
        let id = AttachmentId::parse(r)
            .map_err(|_| DomainError::unprocessable("attachment_ids", &format!("no upload {}", one_line(r, 40))))?;
        if ids.contains(&id) {
            return Err(DomainError::unprocessable(
                "attachment_ids",
                &format!("{id} is listed twice"),
            ));
        }
        ids.push(id);
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(user: &str, role: crate::Role) -> Caller {
        Caller {
            user_id: UserId::parse(user).unwrap(),
            org_id: OrgId::parse("10001").unwrap(),
            role,
            email: None,
        }
    }

    fn upload(by: &Caller, ticket: Option<TicketId>) -> Attachment {
        Attachment::requested(
            &Limits::default(),
            by,
            AttachmentId::new(),
            ticket,
            "../a\"b.txt",
            "text/plain; charset=utf-8",
            5,
            "pending/x".into(),
            OffsetDateTime::UNIX_EPOCH,
        )
        .unwrap()
    }

    #[test]
    fn an_upload_goes_on_one_message_of_its_uploader_on_its_ticket() {
        let cara = caller("cara", crate::Role::Customer);
        let agent = caller("sam", crate::Role::Agent);
        let t = TicketId::new();
        let a = upload(&cara, Some(t));
        assert_eq!((a.name.as_str(), a.content_type.as_str()), ("a_b.txt", "text/plain"));
        assert!(a.may_attach(&cara, Some(t)).is_ok());
        assert!(a.may_attach(&agent, Some(t)).is_err(), "someone else's upload");
        assert!(a.may_attach(&cara, Some(TicketId::new())).is_err(), "another ticket");
        assert!(a.may_attach(&cara, None).is_err(), "a new ticket");
        let attached = Attachment {
            state: FileState::Attached,
            ..a.clone()
        };
        let err = attached.may_attach(&cara, Some(t)).unwrap_err().to_string();
        assert!(err.contains("already on a message"), "{err}");
        assert!(!a.may_download(&cara), "not on a message yet");
        assert!(attached.may_download(&cara));
        let note = Attachment {
            internal: true,
            ..attached
        };
        assert!(!note.may_download(&cara) && note.may_download(&agent));
    }

    #[test]
    fn an_org_narrows_the_limits_and_never_widens_the_types() {
        let narrowed = Limits {
            size_max: 1024,
            count_max: 2,
            types: vec!["IMAGE/PNG".into(), "image/png; x=1".into(), "application/pdf".into()],
        }
        .parse()
        .unwrap();
        assert_eq!(narrowed.types, ["image/png", "application/pdf"]);
        for bad in [
            Limits {
                size_max: 0,
                ..Limits::default()
            },
            Limits {
                size_max: SIZE_CEILING + 1,
                ..Limits::default()
            },
            Limits {
                count_max: 11,
                ..Limits::default()
            },
            Limits {
                types: vec!["image/svg+xml".into()],
                ..Limits::default()
            },
            Limits {
                types: vec![],
                ..Limits::default()
            },
        ] {
            assert!(bad.clone().parse().is_err(), "{bad:?}");
        }
        assert_eq!(
            narrowed.check_declared("image/gif", 10),
            Err(Refusal::TypeNotAccepted("image/gif".into()))
        );
    }

    #[test]
    fn only_a_clean_scan_lets_a_file_out() {
        assert_eq!(scan_verdict(Some("NO_THREATS_FOUND")), Scan::Clean);
        assert_eq!(scan_verdict(None), Scan::Pending);
        for t in ["THREATS_FOUND", "UNSUPPORTED", "ACCESS_DENIED", "FAILED"] {
            assert_eq!(scan_verdict(Some(t)), Scan::Blocked(t.into()));
        }
    }

    #[test]
    fn declared_files_are_checked_before_any_byte_is_sent() {
        let cara = caller("cara", crate::Role::Customer);
        let l = Limits::default();
        let ask = |ct: &str, size: u64| {
            Attachment::requested(
                &l,
                &cara,
                AttachmentId::new(),
                None,
                "f",
                ct,
                size,
                String::new(),
                OffsetDateTime::UNIX_EPOCH,
            )
        };
        for (ct, size, field) in [
            ("image/svg+xml", 5, "content_type"),
            ("text/plain", 0, "size"),
            ("application/pdf", l.size_max + 1, "size"),
        ] {
            match ask(ct, size) {
                Err(DomainError::Unprocessable(e)) => assert_eq!(e[0].field, field, "{ct} {size}"),
                other => panic!("{ct} {size}: {other:?}"),
            }
        }
        let ids: Vec<String> = (0..11).map(|_| AttachmentId::new().to_string()).collect();
        assert!(parse_ids(&l, &ids).is_err(), "more than ten");
        assert!(parse_ids(&l, &[ids[0].clone(), ids[0].clone()]).is_err(), "twice");
        assert_eq!(parse_ids(&l, &ids[..2]).unwrap().len(), 2);
    }

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
    const PDF: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj";

    #[test]
    fn the_bytes_decide_the_type_not_the_name_or_the_client() {
        let l = Limits::default();
        assert_eq!(l.verify("image/png", 100, PNG).as_deref(), Ok("image/png"));
        assert_eq!(
            l.verify("application/pdf; x=y", 100, PDF).as_deref(),
            Ok("application/pdf")
        );
        assert_eq!(l.verify("text/csv", 10, b"a,b\n1,2\n").as_deref(), Ok("text/csv"));
        let zip = b"PK\x03\x04\x14\0\0\0\x08\0\0\0!\0\0\0\0\0\0\0\0\0\0\0\0\0\x05\0\0\0a.txt";
        assert_eq!(l.verify("application/zip", 100, zip).as_deref(), Ok("application/zip"));
        // An HTML page or an SVG with script, uploaded as a PNG.
        for hostile in [
            &b"<html><script>alert(1)</script>"[..],
            b"\xEF\xBB\xBF  <svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
            b"<?xml version=\"1.0\"?><svg><script>alert(1)</script></svg>",
            b"<!DOCTYPE html><p>hi",
        ] {
            assert!(
                matches!(l.verify("image/png", 100, hostile), Err(Refusal::Mismatch { .. })),
                "{}",
                String::from_utf8_lossy(hostile)
            );
            assert!(l.verify("text/plain", 100, hostile).is_err(), "markup is never text");
        }
        // A PDF that says it is a PNG, a PNG that says it is text.
        assert!(matches!(l.verify("image/png", 100, PDF), Err(Refusal::Mismatch { .. })));
        assert!(matches!(
            l.verify("text/plain", 100, PNG),
            Err(Refusal::Mismatch { .. })
        ));
    }

    #[test]
    fn programs_scripts_unknown_types_empty_and_oversized_files_are_refused() {
        let l = Limits::default();
        let mut elf = b"\x7FELF\x02\x01\x01".to_vec();
        elf.resize(64, 0);
        assert!(matches!(
            l.verify("application/zip", 100, &elf),
            Err(Refusal::Executable(_))
        ));
        assert!(matches!(
            l.verify("text/plain", 100, b"#!/bin/sh\nrm -rf /"),
            Err(Refusal::Executable(_))
        ));
        assert!(matches!(
            l.verify("text/plain", 100, b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF"),
            Err(Refusal::Executable(_))
        ));
        assert_eq!(
            l.check_declared("application/x-msdownload", 10),
            Err(Refusal::TypeNotAccepted("application/x-msdownload".into()))
        );
        assert_eq!(
            l.check_declared("image/svg+xml", 10),
            Err(Refusal::TypeNotAccepted("image/svg+xml".into()))
        );
        assert_eq!(l.check_declared("image/png", 0), Err(Refusal::Empty));
        assert_eq!(
            l.check_declared("image/png", l.size_max + 1),
            Err(Refusal::TooLarge {
                size: l.size_max + 1,
                max: l.size_max
            })
        );
        assert_eq!(l.check_declared("IMAGE/PNG", l.size_max).as_deref(), Ok("image/png"));
        assert_eq!(l.check_count(10), Ok(()));
        assert_eq!(l.check_count(11), Err(Refusal::TooMany { max: 10 }));
        assert_eq!(sniff(b"MZ is where we ship from"), Sniffed::Text);
        // Binary data with no magic number is not text.
        assert!(matches!(sniff(b"\x01\x02\0\xFF\xFE"), Sniffed::Unknown));
        // A head cut inside a multi-byte character is still text.
        assert_eq!(sniff("caf\u{e9}".as_bytes().split_last().unwrap().1), Sniffed::Text);
    }

    #[test]
    fn only_raster_images_are_shown_inline() {
        for t in ["image/png", "image/jpeg", "image/gif", "image/webp; q=1"] {
            assert!(may_inline(t), "{t}");
        }
        for t in [
            "image/svg+xml",
            "text/html",
            "application/pdf",
            "text/xml",
            "application/xml",
        ] {
            assert!(!may_inline(t), "{t}");
        }
        assert!(content_disposition("x.svg", "image/svg+xml", true).starts_with("attachment;"));
        assert!(content_disposition("x.png", "image/png", true).starts_with("inline;"));
        assert_eq!(served_type(None), "application/octet-stream");
    }

    #[test]
    fn download_names_cannot_escape_break_headers_or_hide_their_extension() {
        let d = content_disposition("../../etc/pa\"ss\r\nSet-Cookie: x.pdf", "application/pdf", false);
        assert!(!d.contains(['\r', '\n']) && !d.contains(".."), "{d}");
        assert_eq!(d.matches('"').count(), 2, "only the quotes around the name: {d}");
        assert!(d.starts_with("attachment; filename=\""), "{d}");
        let rtl = content_disposition("invoice\u{202E}fdp.exe", "application/pdf", false);
        assert!(!rtl.contains('\u{202E}') && rtl.contains("invoicefdp.exe"), "{rtl}");
        let utf8 = content_disposition("Größe Ü.pdf", "application/pdf", false);
        assert_eq!(
            utf8,
            "attachment; filename=\"Gr__e _.pdf\"; filename*=UTF-8''Gr%C3%B6%C3%9Fe%20%C3%9C.pdf"
        );
        assert_eq!(
            content_disposition("", "image/png", false),
            "attachment; filename=\"attachment.png\"; filename*=UTF-8''attachment.png"
        );
    }

    #[test]
    fn safe_names_keep_the_last_component_and_the_extension() {
        assert_eq!(
            safe_name("../../etc/<script>passwd.html", "text/html"),
            "_script_passwd.html"
        );
        assert_eq!(safe_name("evil\u{202E}txt.exe", "x"), "eviltxt.exe");
        assert_eq!(safe_name("C:\\Users\\jo\\invoice 2026.pdf", "x"), "invoice 2026.pdf");
        assert_eq!(safe_name("...", "image/png"), "attachment.png");
        assert_eq!(safe_name("", "text/calendar"), "attachment.ics");
        let long = format!("{}.pdf", "a".repeat(300));
        let s = safe_name(&long, "x");
        assert!(s.ends_with(".pdf") && s.chars().count() == 100, "{s}");
    }
}
