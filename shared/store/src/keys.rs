//! Every partition key, sort key and GSI key of the table, built in one place: no other
//! file of the workspace spells a key (a test in `infra/architecture` checks).
//!
//! Every key starts with `ORG#<org>`, so no access pattern can reach another tenant's
//! items without naming that tenant. Ids inside keys are checked types whose alphabet
//! cannot contain `#`; free text (addresses, Message-IDs) enters a key only hashed.
//! Timestamps in sort keys use a fixed-width UTC format so that string order is time
//! order.
//!
//! Two kinds of key deliberately do not start with an org, because their very purpose
//! is to find one:
//! - [`inbound_address_pk`] (`INBOUND#<address>`): which org receives mail at an
//!   address, read before any org is known. The item only names the org.
//! - [`org_slug_pk`] (`ORGSLUG#<slug>`): which org a public help-center URL names, read
//!   before any org is known. The item only names the org.
//! - [`sla_schedule_pk`] (`SLA#<shard>`, the `SlaSchedule` index): the one-minute
//!   scheduler's work list across orgs. It is keys only, and each entry is re-read
//!   under its own org's key before anything is done.
//! - [`AUTOMATION_ORGS_PK`] (`AUTOMATIONS`): the orgs with an enabled automation, the
//!   hourly runner's work list. Each entry only names an org, whose automations are then
//!   read under its own key.

use helpdesk_domain::Email;
use helpdesk_domain::kb::Slug;
use helpdesk_domain::{
    ArticleId, AttachmentId, CategoryId, CustomerId, EventId, InteractionId, OrgId, Status, TeamId, TicketId,
    TicketNumber, UserId,
};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::FormatItem;
use time::macros::format_description;

pub const PK: &str = "PK";
pub const SK: &str = "SK";

/// GSI names, each named after the access pattern it serves.
pub const BY_STATUS: &str = "ByStatus";
pub const BY_ASSIGNEE: &str = "ByAssignee";
pub const BY_CUSTOMER: &str = "ByCustomer";
pub const BY_ORG: &str = "ByOrg";
pub const BY_SLA_DUE: &str = "BySlaDue";

/// Sort key of the ticket item itself. Sorts after `MSG#` so that the Query
/// `SK >= "MSG#"` reads the thread and the ticket, and skips `AUDIT#` and `EVENT#`.
pub const TICKET_SK: &str = "TICKET";
/// Lower bound of the thread query (see [`TICKET_SK`]).
pub const THREAD_FROM: &str = "MSG#";
pub const COUNTER_TICKET_SK: &str = "COUNTER#TICKET";
pub const ORG_SK: &str = "ORG";
pub const EMAIL_SK: &str = "CUSTOMER";
pub const PROCESSED_SK: &str = "PROCESSED";
pub const MSGID_SK: &str = "MSGID";
pub const INBOUND_SK: &str = "INBOUND";
pub const AUTOREPLY_SK: &str = "AUTOREPLY";
pub const SLA_EVENT_SK: &str = "SLAEVT";
/// Sort keys of outbox items start with this (the publisher forwards only those).
pub const EVENT_PREFIX: &str = "EVENT#";

const SORTABLE: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// A timestamp whose string order is its time order.
pub fn sortable(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC).format(SORTABLE).unwrap_or_default()
}

pub fn org_pk(org: &OrgId) -> String {
    format!("ORG#{org}")
}
pub fn ticket_pk(org: &OrgId, ticket: TicketId) -> String {
    format!("ORG#{org}#TICKET#{ticket}")
}
pub fn ticket_number_pk(org: &OrgId, number: TicketNumber) -> String {
    format!("ORG#{org}#TKTNO#{}", number.get())
}
pub fn audit_sk(id: &str) -> String {
    format!("AUDIT#{id}")
}
pub const AUDIT_PREFIX: &str = "AUDIT#";
pub fn team_sk(id: &TeamId) -> String {
    format!("TEAM#{id}")
}
pub const AGENT_PREFIX: &str = "AGENT#";
pub const TEAM_PREFIX: &str = "TEAM#";
/// GSI4 partition of an org's customers, sorted by email (prefix search).
pub fn customers_gsi_pk(org: &OrgId) -> String {
    format!("ORG#{org}#CUSTOMERS")
}
pub fn message_sk(id: InteractionId) -> String {
    format!("MSG#{id}")
}
pub fn event_sk(id: EventId) -> String {
    format!("{EVENT_PREFIX}{id}")
}
/// Whether a sort key is an outbox item's.
pub fn is_event_sk(sk: &str) -> bool {
    sk.starts_with(EVENT_PREFIX)
}
pub fn agent_sk(id: &UserId) -> String {
    format!("AGENT#{id}")
}
pub fn customer_sk(id: &CustomerId) -> String {
    format!("CUSTOMER#{id}")
}
/// The unique-email item: one per (org, email), pointing at the customer.
pub fn customer_email_pk(org: &OrgId, email: &Email) -> String {
    format!("ORG#{org}#EMAIL#{}", email.as_str())
}
pub fn processed_pk(org: &OrgId, consumer: &str, event: EventId) -> String {
    format!("ORG#{org}#PROCESSED#{consumer}#{event}")
}
/// A report partition: `all`, `priority`, `agent` (rows by day) or [`REPORT_LIVE`].
pub fn report_pk(org: &OrgId, kind: &str) -> String {
    format!("ORG#{org}#REPORT#{kind}")
}
pub const REPORT_LIVE: &str = "live";
pub const REPORT_LIVE_SK: &str = "LIVE";

/// The first 16 bytes of SHA-256, in hex: free text made fit for a key.
fn digest(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}
/// A Message-ID seen in an org (ours sent, or delivered to it): threading and
/// de-duplication. Message-IDs are hashed: they are free text.
pub fn msgid_pk(org: &OrgId, message_id: &str) -> String {
    format!("ORG#{org}#MSGID#{}", digest(message_id))
}
/// Cross-org by design (see the module docs): the org that receives mail at an address.
pub fn inbound_address_pk(address: &str) -> String {
    format!("INBOUND#{}", address.to_lowercase())
}
/// An org's quarantined mail, newest last by its sort key.
pub fn quarantine_pk(org: &OrgId) -> String {
    format!("ORG#{org}#QUARANTINE")
}
pub fn quarantine_sk(received_at: &str, id: &str) -> String {
    format!("{received_at}#{id}")
}
/// The one automatic reply an address may get from an org on a day (`2026-11-22`).
pub fn auto_reply_pk(org: &OrgId, email: &str, day: &str) -> String {
    format!("ORG#{org}#AUTOREPLY#{}#{day}", digest(&email.to_lowercase()))
}

/// GSI keys of a ticket: its status view, its assignee's view, its customer's history
/// and the org-wide view, each sorted by time.
pub fn status_gsi_pk(org: &OrgId, status: Status) -> String {
    format!("ORG#{org}#STATUS#{}", status.as_str())
}
pub fn assignee_gsi_pk(org: &OrgId, assignee: Option<&UserId>) -> String {
    match assignee {
        Some(a) => format!("ORG#{org}#ASSIGNEE#{a}"),
        None => format!("ORG#{org}#ASSIGNEE#-"),
    }
}
pub fn customer_gsi_pk(org: &OrgId, customer: &CustomerId) -> String {
    format!("ORG#{org}#CUSTOMER#{customer}")
}
/// GSI5 partition of an org's tickets with open SLA clocks, sorted by next check.
pub fn sla_gsi_pk(org: &OrgId) -> String {
    format!("ORG#{org}#SLA")
}
/// An agent's in-app notifications, newest last by event id.
pub fn notifications_pk(org: &OrgId, user: &UserId) -> String {
    format!("ORG#{org}#USER#{user}#NOTIF")
}
pub fn notification_sk(event: EventId) -> String {
    format!("NOTIF#{event}")
}
pub const SLA_SETTINGS_SK: &str = "SETTINGS#SLA";
/// An org's attachment limits (in the org partition, `PK = ORG#<org>`).
pub const FILE_LIMITS_SK: &str = "SETTINGS#FILES";
/// The org's triggers (or automations), in order, in one item of the org partition.
pub fn rules_sk(kind: helpdesk_domain::rules::Kind) -> &'static str {
    match kind {
        helpdesk_domain::rules::Kind::Trigger => "RULES#TRIGGERS",
        helpdesk_domain::rules::Kind::Automation => "RULES#AUTOMATIONS",
    }
}
/// The orgs with enabled automations: one item per org, `SK = ORG#<org>`
/// ([`org_pk`]), all of them under [`ORG_PREFIX`].
pub const AUTOMATION_ORGS_PK: &str = "AUTOMATIONS";
pub const ORG_PREFIX: &str = "ORG#";
pub const ROUTING_SK: &str = "SETTINGS#ROUTING";
/// A team's routing counter (`-`: tickets without a team); team ids never are `-`.
pub fn routing_turn_sk(team: Option<&TeamId>) -> String {
    format!("ROUTING#TURN#{}", team.map_or("-", TeamId::as_str))
}
pub const CANNED_PREFIX: &str = "CANNED#";
pub fn canned_sk(id: helpdesk_domain::CannedId) -> String {
    format!("{CANNED_PREFIX}{id}")
}
pub const MACRO_PREFIX: &str = "MACRO#";
pub fn macro_sk(id: helpdesk_domain::MacroId) -> String {
    format!("{MACRO_PREFIX}{id}")
}
pub const CSAT_SETTINGS_SK: &str = "SETTINGS#CSAT";
/// An org's ratings, one partition sorted by the resolution they rate.
pub fn csat_pk(org: &OrgId) -> String {
    format!("ORG#{org}#CSAT")
}
/// A rating: its resolution (Unix seconds, zero-padded to sort), then its ticket.
pub fn csat_sk(cycle: i64, ticket: TicketId) -> String {
    format!("{cycle:012}#{ticket}")
}
/// The bounds of the ratings of resolutions from `from` to `to` (Unix seconds).
pub fn csat_range(from: i64, to: i64) -> (String, String) {
    (format!("{:012}#", from.max(0)), format!("{:012}#~", to.max(0)))
}
/// A customer's rating counts, beside their profile.
pub fn customer_csat_sk(customer: &UserId) -> String {
    format!("CSATCUST#{customer}")
}
pub const SLA_SCHEDULE: &str = "SlaSchedule";
/// Shards of the scheduler's work list (spreads writes; the tick reads them all).
pub const SLA_SHARDS: u32 = 4;
pub fn sla_schedule_pk(shard: u32) -> String {
    format!("SLA#{shard}")
}
/// A ticket's entry in its shard of the work list: its next check, then its org.
pub fn sla_work_sk(due: &str, org: &OrgId) -> String {
    format!("{due}#{org}")
}
/// The upper bound of the work list's entries due by `now` (`~` sorts after `#`).
pub fn sla_work_due_by(now: OffsetDateTime) -> String {
    format!("{}~", sortable(now))
}
/// The org and ticket of a ticket partition's key (as the work list returns it).
pub fn parse_ticket_pk(pk: &str) -> Option<(OrgId, TicketId)> {
    let rest = pk.strip_prefix("ORG#")?;
    let (org, ticket) = rest.split_once("#TICKET#")?;
    Some((OrgId::parse(org).ok()?, TicketId::parse(ticket).ok()?))
}
/// The shard of a ticket: a stable hash of its id.
pub fn sla_shard(ticket: TicketId) -> u32 {
    ticket
        .to_string()
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        % SLA_SHARDS
}
/// A record that an SLA event (warning or breach of one clock's cycle) was emitted.
pub fn sla_event_pk(org: &OrgId, ticket: TicketId, key: &str) -> String {
    format!("ORG#{org}#SLAEVT#{ticket}#{key}")
}
/// A report row's sort key: its day, then the dimension's value (empty for the org).
pub fn report_sk(day: &str, value: &str) -> String {
    format!("{day}#{value}")
}
/// The bounds of a day range's report rows (`from` and `to` inclusive).
pub fn report_range(from: &str, to: &str) -> (String, String) {
    (format!("{from}#"), format!("{to}#~"))
}
/// An article's partition: the article, its versions, its votes and its outbox.
pub fn article_pk(org: &OrgId, id: ArticleId) -> String {
    format!("ORG#{org}#ARTICLE#{id}")
}
pub const ARTICLE_SK: &str = "ARTICLE";
/// Versions sort by number (zero-padded).
pub fn article_version_sk(number: u32) -> String {
    format!("{ARTICLE_VERSION_PREFIX}{number:010}")
}
pub const ARTICLE_VERSION_PREFIX: &str = "VER#";
/// One voter's vote on an article; the voter (a user or a browser session) is hashed.
pub fn article_vote_sk(voter: &str) -> String {
    format!("VOTE#{}", digest(voter))
}
/// The unique-slug item: one per (org, slug), naming the article.
pub fn article_slug_pk(org: &OrgId, slug: &Slug) -> String {
    format!("ORG#{org}#ARTSLUG#{slug}")
}
pub const ARTICLE_SLUG_SK: &str = "ARTSLUG";
/// `ByOrg` partition of an org's articles, newest change first by [`time_gsi_sk`].
pub fn articles_gsi_pk(org: &OrgId) -> String {
    format!("ORG#{org}#ARTICLES")
}
/// An article's place in [`articles_gsi_pk`]: its last change, then its id.
pub fn article_gsi_sk(updated: OffsetDateTime, id: ArticleId) -> String {
    format!("{}#{id}", sortable(updated))
}
/// A knowledge-base category, in the org partition.
pub fn category_sk(id: CategoryId) -> String {
    format!("{CATEGORY_PREFIX}{id}")
}
pub const CATEGORY_PREFIX: &str = "KBCAT#";
/// Cross-org by design (see the module docs): the org a help-center slug names.
pub fn org_slug_pk(slug: &str) -> String {
    format!("ORGSLUG#{slug}")
}
pub const ORG_SLUG_SK: &str = "ORGSLUG";

/// An org's search index manifest.
pub fn search_pk(org: &OrgId) -> String {
    format!("ORG#{org}#SEARCH")
}
pub const SEARCH_MANIFEST_SK: &str = "MANIFEST";

/// An uploaded file (its own partition: read by id alone, on every download).
pub fn attachment_pk(org: &OrgId, id: AttachmentId) -> String {
    format!("ORG#{org}#ATTACH#{id}")
}
pub const ATTACHMENT_SK: &str = "ATTACH";

pub fn org_gsi_pk(org: &OrgId) -> String {
    format!("ORG#{org}#TICKETS")
}
pub fn time_gsi_sk(t: OffsetDateTime, ticket: TicketId) -> String {
    format!("{}#{ticket}", sortable(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_starts_with_the_org() {
        let org = OrgId::parse("10001").unwrap();
        let t = TicketId::new();
        for key in [
            org_pk(&org),
            ticket_pk(&org, t),
            status_gsi_pk(&org, Status::Open),
            org_gsi_pk(&org),
            report_pk(&org, "all"),
            msgid_pk(&org, "<x@y>"),
            quarantine_pk(&org),
            auto_reply_pk(&org, "a@b.test", "2026-01-01"),
            processed_pk(&org, "notifier", EventId::new()),
            article_pk(&org, ArticleId::new()),
            article_slug_pk(&org, &Slug::parse("reset").unwrap()),
            articles_gsi_pk(&org),
            attachment_pk(&org, AttachmentId::new()),
        ] {
            assert!(key.starts_with("ORG#10001"), "{key}");
        }
    }

    #[test]
    fn the_thread_query_reads_messages_and_the_ticket_but_not_events() {
        let in_range = |sk: &str| sk >= THREAD_FROM;
        assert!(in_range(&message_sk(InteractionId::new())));
        assert!(in_range(TICKET_SK));
        assert!(!in_range(&event_sk(EventId::new())));
        assert!(!in_range("AUDIT#x"));
    }

    #[test]
    fn ticket_keys_parse_back_and_free_text_is_hashed() {
        let org = OrgId::parse("10001").unwrap();
        let t = TicketId::new();
        assert_eq!(parse_ticket_pk(&ticket_pk(&org, t)), Some((org.clone(), t)));
        assert_eq!(parse_ticket_pk("SLA#1"), None);
        let k = msgid_pk(&org, "<a#b@example.com>");
        assert!(k.starts_with("ORG#10001#MSGID#") && k.matches('#').count() == 3, "{k}");
        assert_eq!(
            auto_reply_pk(&org, "Jo@X.test", "2026-11-22"),
            auto_reply_pk(&org, "jo@x.test", "2026-11-22")
        );
        assert!(is_event_sk(&event_sk(EventId::new())) && !is_event_sk(TICKET_SK));
    }

    #[test]
    fn sortable_timestamps_sort_as_time() {
        let a = OffsetDateTime::UNIX_EPOCH + time::Duration::milliseconds(999);
        let b = OffsetDateTime::UNIX_EPOCH + time::Duration::seconds(10);
        assert!(sortable(a) < sortable(b));
        assert_eq!(sortable(a).len(), sortable(b).len());
    }
}
