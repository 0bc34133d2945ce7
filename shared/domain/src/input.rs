//! The shape of the API's input: for each kind of field, the check the domain runs and
//! the JSON Schema that documents it in the OpenAPI document, side by side, so that a
//! request the document calls valid is one the API takes, and the other way round. A
//! property test below compares every check with its pattern on random strings.
//!
//! Shape is what a schema can say (lengths, character sets, formats); a request that
//! breaks it is 400. A request of the right shape that breaks a rule no schema can state
//! (two fields that exclude each other, an unknown time zone, a date range too long) is
//! 422 ([`crate::DomainError::Unprocessable`]).
//!
//! Character classes are ASCII and spelled out, so every regex engine (JSON Schema's
//! ECMA dialect, Python's, Rust's) reads them alike; whitespace is ASCII whitespace as
//! Rust's `is_ascii_whitespace` sees it (space, tab, line feed, form feed, carriage return).

/// Limits of the API's fields, in characters (or entries).
pub const SUBJECT_MAX: usize = 200;
pub const BODY_MAX: usize = 20_000;
pub const CATEGORY_MAX: usize = 60;
pub const NAME_MAX: usize = 120;
pub const TAGS_MAX: usize = 20;
pub const SKILLS_MAX: usize = 20;
pub const MEMBERS_MAX: usize = 200;
pub const CUSTOM_FIELDS_MAX: usize = 20;
pub const CUSTOM_KEY_MAX: usize = 40;
pub const CUSTOM_VALUE_MAX: usize = 500;

/// Some character that is not ASCII whitespace (an unanchored pattern).
pub const NOT_BLANK: &str = "[^ \\t\\n\\f\\r]";
/// A user (agent or customer) id.
pub const USER_ID: &str = "^[A-Za-z0-9_-]{1,64}$";
/// A team id: a slug.
pub const TEAM_ID: &str = "^[a-z0-9-]{1,40}$";
/// A ULID (Crockford base32, either case): ticket, event and notification ids.
pub const ULID: &str = "^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$";
/// A ticket named by id or by number.
pub const TICKET_REF: &str = "^([0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}|TKT-[0-9]{1,12})$";
/// A tag or skill: letters, digits, `.`, `_`, `-` (stored lower-cased).
pub const TAG: &str = "^[A-Za-z0-9._-]{1,40}$";
pub const TAG_MAX: usize = 40;
/// A custom field's key.
pub const CUSTOM_KEY: &str = "^[a-z0-9_]{1,40}$";
/// An email address: printable ASCII but `"#,;<>@` around one `@`, and a domain with a
/// dot inside it. At most [`EMAIL_MAX`] characters.
pub const EMAIL: &str = "^[!$-+\\--:=?A-~]+@[!$-+\\-/-:=?A-~][!$-+\\--:=?A-~]*\\.[!$-+\\--:=?A-~]*[!$-+\\-/-:=?A-~]$";
pub const EMAIL_MAX: usize = 254;
/// A time of day, `HH:MM`.
pub const TIME: &str = "^([01][0-9]|2[0-3]):[0-5][0-9]$";
/// A calendar date, `YYYY-MM-DD` (one that exists, years 0001 to 9999).
pub const DATE: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
/// An IANA time zone name's shape (whether the zone exists is a rule: 422).
pub const TIME_ZONE: &str = "^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$";
/// An `If-Match` header: an ETag as we send them (`"3"`), weak or bare forms too.
pub const ETAG: &str = "^(W/)?\"?[0-9]{1,19}\"?$";
/// An article's slug: lower-case words of letters and digits joined by single `-`.
pub const SLUG: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
pub const SLUG_MAX: usize = 80;
/// An org named in a public URL: its id, or its slug (which starts with a letter, so the
/// two never collide).
pub const ORG_REF: &str = "^([1-9][0-9]{3,4}|[a-z][a-z0-9-]{1,39})$";
/// A browser's anonymous session (one help-center vote per session).
pub const SESSION: &str = "^[A-Za-z0-9_-]{16,64}$";
/// An article's Markdown source, in characters.
pub const ARTICLE_BODY_MAX: usize = 100_000;
/// A category's description.
pub const DESCRIPTION_MAX: usize = 500;

/// A file name as an upload declares it (stored made safe, see `attachment::safe_name`).
pub const FILENAME_MAX: usize = 1000;
/// A `Content-Type` as an upload declares it.
pub const CONTENT_TYPE_MAX: usize = 255;
/// Files on one message.
pub const ATTACHMENTS_MAX: usize = 10;

/// Free text of 1 to `max` characters (as sent) that is not all whitespace.
pub fn text(raw: &str, max: usize) -> bool {
    let n = raw.chars().count();
    (1..=max).contains(&n) && raw.chars().any(|c| !c.is_ascii_whitespace())
}

/// Whether `raw` has at most `max` characters.
pub fn at_most(raw: &str, max: usize) -> bool {
    raw.chars().count() <= max
}

/// One line: ASCII whitespace runs become one space, none at the ends.
pub fn one_line(raw: &str) -> String {
    raw.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn tag(raw: &str) -> bool {
    (1..=TAG_MAX).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

pub fn custom_key(raw: &str) -> bool {
    (1..=40).contains(&raw.len())
        && raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A character of an address (see [`EMAIL`]).
fn address_char(c: char) -> bool {
    c.is_ascii_graphic() && !matches!(c, '"' | '#' | ',' | ';' | '<' | '>' | '@')
}

pub fn email(raw: &str) -> bool {
    let Some((local, domain)) = raw.split_once('@') else {
        return false;
    };
    raw.len() <= EMAIL_MAX
        && !local.is_empty()
        && local.chars().all(address_char)
        && domain.chars().all(address_char)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        // The dot must sit between two characters.
        && domain.len() >= 3
}

/// Minutes since midnight of an `HH:MM` time.
pub fn time(raw: &str) -> Option<u16> {
    let b = raw.as_bytes();
    let digits = b.len() == 5 && b[2] == b':' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit());
    if !digits {
        return None;
    }
    let d = |i: usize| u16::from(b[i] - b'0');
    let (h, m) = (d(0) * 10 + d(1), d(3) * 10 + d(4));
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Whether `raw` has the shape of a date (see [`DATE`]).
pub fn date_shape(raw: &str) -> bool {
    let b = raw.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A date of the right shape that exists (year 0001 or later).
pub fn date(raw: &str) -> Option<jiff::civil::Date> {
    if !date_shape(raw) {
        return None;
    }
    raw.parse::<jiff::civil::Date>().ok().filter(|d| d.year() >= 1)
}

pub fn time_zone_shape(raw: &str) -> bool {
    !raw.is_empty()
        && raw.split('/').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-'))
        })
}

pub fn slug(raw: &str) -> bool {
    (1..=SLUG_MAX).contains(&raw.len())
        && raw
            .split('-')
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// An org id or an org slug (see [`ORG_REF`]).
pub fn org_ref(raw: &str) -> bool {
    let b = raw.as_bytes();
    let id = (4..=5).contains(&b.len()) && b[0] != b'0' && b.iter().all(u8::is_ascii_digit);
    let slug = (2..=40).contains(&b.len())
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-');
    id || slug
}

pub fn session(raw: &str) -> bool {
    (16..=64).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The version an `If-Match` value names (see [`ETAG`]).
pub fn etag(raw: &str) -> Option<u64> {
    let raw = raw.strip_prefix("W/").unwrap_or(raw);
    let raw = raw.strip_prefix('"').unwrap_or(raw);
    let raw = raw.strip_suffix('"').unwrap_or(raw);
    ((1..=19).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_digit()))
        .then(|| raw.parse().ok())
        .flatten()
}

/// Whole numbers as JSON Schema reads `integer`: `68.0` is one. (serde alone would
/// refuse it for an integer field.)
pub mod whole {
    use serde::{Deserialize, Deserializer};

    fn whole<'de, D: Deserializer<'de>, T: TryFrom<u64>>(v: f64) -> Result<T, D::Error> {
        let ok = v.is_finite() && v.fract() == 0.0 && v >= 0.0 && v <= u64::MAX as f64;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // Checked just above.
        let n = ok.then_some(v as u64);
        n.and_then(|n| T::try_from(n).ok())
            .ok_or_else(|| serde::de::Error::custom(format!("{v} is not a whole number in range")))
    }

    pub fn u8<'de, D: Deserializer<'de>>(d: D) -> Result<u8, D::Error> {
        whole::<D, u8>(f64::deserialize(d)?)
    }

    pub fn usize<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
        whole::<D, usize>(f64::deserialize(d)?)
    }

    pub fn u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        whole::<D, u64>(f64::deserialize(d)?)
    }

    pub fn opt_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        Option::<f64>::deserialize(d)?.map(whole::<D, u32>).transpose()
    }

    /// A map of whole numbers (`{"a": 3.0}` is `{"a": 3}`, as JSON Schema counts it).
    pub fn map_u64<'de, D: Deserializer<'de>>(d: D) -> Result<std::collections::BTreeMap<String, u64>, D::Error> {
        std::collections::BTreeMap::<String, f64>::deserialize(d)?
            .into_iter()
            .map(|(k, v)| Ok((k, whole::<D, u64>(v)?)))
            .collect()
    }
}

/// The JSON Schemas of the shapes above, for the OpenAPI document.
#[cfg(feature = "openapi")]
pub mod schema {
    use utoipa::openapi::schema::{Object, ObjectBuilder, Schema, SchemaFormat, Type};
    use utoipa::openapi::{KnownFormat, Required};

    fn string() -> ObjectBuilder {
        ObjectBuilder::new().schema_type(Type::String)
    }

    /// Text of 1 to `max` characters, not all whitespace.
    pub fn text(max: usize) -> Object {
        string()
            .min_length(Some(1))
            .max_length(Some(max))
            .pattern(Some(super::NOT_BLANK))
            .build()
    }

    fn pattern(p: &str) -> Object {
        string().pattern(Some(p)).build()
    }

    pub fn subject() -> Object {
        text(super::SUBJECT_MAX)
    }
    pub fn body() -> Object {
        text(super::BODY_MAX)
    }
    pub fn name() -> Object {
        text(super::NAME_MAX)
    }
    pub fn category() -> Object {
        string().max_length(Some(super::CATEGORY_MAX)).build()
    }
    pub fn email() -> Object {
        string()
            .max_length(Some(super::EMAIL_MAX))
            .pattern(Some(super::EMAIL))
            .build()
    }
    pub fn user_id() -> Object {
        pattern(super::USER_ID)
    }
    pub fn team_id() -> Object {
        pattern(super::TEAM_ID)
    }
    pub fn ulid() -> Object {
        pattern(super::ULID)
    }
    pub fn ticket_ref() -> Object {
        pattern(super::TICKET_REF)
    }
    pub fn tag() -> Object {
        pattern(super::TAG)
    }
    pub fn time() -> Object {
        pattern(super::TIME)
    }
    pub fn date() -> Object {
        string()
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
            .pattern(Some(super::DATE))
            .build()
    }
    pub fn time_zone() -> Object {
        pattern(super::TIME_ZONE)
    }
    pub fn etag() -> Object {
        pattern(super::ETAG)
    }
    pub fn slug() -> Object {
        string()
            .max_length(Some(super::SLUG_MAX))
            .pattern(Some(super::SLUG))
            .build()
    }
    pub fn opt_slug() -> Schema {
        nullable(slug())
    }
    pub fn org_ref() -> Object {
        pattern(super::ORG_REF)
    }
    pub fn session() -> Object {
        pattern(super::SESSION)
    }
    pub fn title() -> Object {
        text(super::SUBJECT_MAX)
    }
    pub fn opt_title() -> Schema {
        nullable(title())
    }
    pub fn article_body() -> Object {
        text(super::ARTICLE_BODY_MAX)
    }
    pub fn opt_article_body() -> Schema {
        nullable(article_body())
    }
    pub fn description() -> Object {
        string().max_length(Some(super::DESCRIPTION_MAX)).build()
    }
    pub fn opt_description() -> Schema {
        nullable(description())
    }
    pub fn opt_ulid() -> Schema {
        nullable(ulid())
    }

    /// A list of `item` with at most `max` entries.
    pub fn list(item: Object, max: usize) -> utoipa::openapi::schema::Array {
        utoipa::openapi::schema::ArrayBuilder::new()
            .items(item)
            .max_items(Some(max))
            .build()
    }

    pub fn filename() -> Object {
        text(super::FILENAME_MAX)
    }
    pub fn content_type() -> Object {
        text(super::CONTENT_TYPE_MAX)
    }
    pub fn attachment_ids() -> utoipa::openapi::schema::Array {
        list(ulid(), super::ATTACHMENTS_MAX)
    }

    pub fn tags() -> utoipa::openapi::schema::Array {
        list(tag(), super::TAGS_MAX)
    }
    pub fn skills() -> utoipa::openapi::schema::Array {
        list(tag(), super::SKILLS_MAX)
    }
    pub fn members() -> utoipa::openapi::schema::Array {
        list(user_id(), super::MEMBERS_MAX)
    }

    /// `schema`, or `null`.
    pub fn nullable(schema: Object) -> Schema {
        Schema::OneOf(
            utoipa::openapi::schema::OneOfBuilder::new()
                .item(schema)
                .item(ObjectBuilder::new().schema_type(Type::Null))
                .build(),
        )
    }

    /// Whether a property may be left out (for hand-built objects).
    pub fn optional() -> Required {
        Required::False
    }

    fn nullable_list(items: utoipa::openapi::schema::Array) -> Schema {
        Schema::OneOf(
            utoipa::openapi::schema::OneOfBuilder::new()
                .item(items)
                .item(ObjectBuilder::new().schema_type(Type::Null))
                .build(),
        )
    }

    pub fn opt_subject() -> Schema {
        nullable(subject())
    }
    pub fn opt_name() -> Schema {
        nullable(name())
    }
    pub fn opt_category() -> Schema {
        nullable(category())
    }
    pub fn opt_email() -> Schema {
        nullable(email())
    }
    pub fn opt_user_id() -> Schema {
        nullable(user_id())
    }
    pub fn opt_team_id() -> Schema {
        nullable(team_id())
    }
    pub fn opt_tags() -> Schema {
        nullable_list(tags())
    }
    pub fn opt_skills() -> Schema {
        nullable_list(skills())
    }
    pub fn opt_members() -> Schema {
        nullable_list(members())
    }

    /// A staff role: what an agent may be.
    pub fn staff_role() -> Object {
        string().enum_values(Some(["admin", "manager", "agent"])).build()
    }
    pub fn opt_staff_role() -> Schema {
        nullable(staff_role())
    }

    /// Custom fields: at most 20, keys [`super::CUSTOM_KEY`], values of at most 500
    /// characters; `null` keeps them.
    pub fn opt_custom_fields() -> Schema {
        use utoipa::openapi::schema::AdditionalProperties;
        let value = string().max_length(Some(super::CUSTOM_VALUE_MAX)).build();
        let fields = ObjectBuilder::new()
            .schema_type(Type::Object)
            .max_properties(Some(super::CUSTOM_FIELDS_MAX))
            .property_names(Some(string().pattern(Some(super::CUSTOM_KEY))))
            .additional_properties(Some(AdditionalProperties::RefOr(value.into())))
            .build();
        nullable(fields)
    }

    /// The statuses that may pause a clock.
    pub fn pause_statuses() -> utoipa::openapi::schema::Array {
        utoipa::openapi::schema::ArrayBuilder::new()
            .items(string().enum_values(Some(["pending", "on_hold"])))
            .build()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use regex::Regex;

    use super::*;

    /// Strings from an alphabet with every character the rules treat specially, and
    /// some they must not (non-ASCII whitespace and letters, controls).
    fn strings(len: usize) -> impl Strategy<Value = String> {
        let alphabet = prop::sample::select(vec![
            'a', 'Z', '0', '9', '-', '_', '.', '@', '#', '"', ',', ';', '<', '>', '+', '/', ':', '!', '~', ' ', '\t',
            '\n', '\r', '\x0b', '\x0c', '\x1c', '\u{a0}', '\u{3000}', 'é', 'T', 'K', 'W', 'I', 'L', 'O', 'U',
        ]);
        prop::collection::vec(alphabet, 0..len).prop_map(|v| v.into_iter().collect())
    }

    fn agree(pattern: &str, check: impl Fn(&str) -> bool, s: &str) -> Result<(), TestCaseError> {
        let re = Regex::new(pattern).expect("a valid pattern");
        prop_assert_eq!(re.is_match(s), check(s), "{:?} against {}", s, pattern);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn every_check_takes_exactly_what_its_pattern_documents(s in strings(30)) {
            agree(NOT_BLANK, |s| s.chars().any(|c| !c.is_ascii_whitespace()), &s)?;
            agree(USER_ID, |s| crate::UserId::parse(s).is_ok(), &s)?;
            agree(TEAM_ID, |s| crate::TeamId::parse(s).is_ok(), &s)?;
            agree(TAG, tag, &s)?;
            agree(CUSTOM_KEY, custom_key, &s)?;
            agree(EMAIL, email, &s)?;
            agree(TIME, |s| time(s).is_some(), &s)?;
            agree(DATE, date_shape, &s)?;
            agree(TIME_ZONE, time_zone_shape, &s)?;
            agree(ETAG, |s| etag(s).is_some(), &s)?;
            agree(SESSION, session, &s)?;
        }

        #[test]
        fn slugs_and_org_refs_parse_exactly_as_documented(s in "[a-z0-9A-]{0,3}[a-z0-9-]{0,5}[a-z0-9#]?") {
            agree(SLUG, slug, &s)?;
            agree(ORG_REF, org_ref, &s)?;
        }

        #[test]
        fn ids_and_numbers_parse_exactly_as_documented(
            s in prop_oneof!["[0-9A-Za-z]{0,3}[0-9A-Za-z-]{0,27}", "(TKT|tkt|TKT-)?-?[0-9]{0,14}[a ]?"]
        ) {
            agree(ULID, |s| crate::TicketId::parse(s).is_ok(), &s)?;
            agree(TICKET_REF, |s| crate::TicketId::parse(s).is_ok() || crate::TicketNumber::parse(s).is_ok(), &s)?;
        }

        #[test]
        fn text_is_what_the_schema_says(s in strings(12), max in 1usize..10) {
            let n = s.chars().count();
            let documented = (1..=max).contains(&n) && Regex::new(NOT_BLANK).unwrap().is_match(&s);
            prop_assert_eq!(text(&s, max), documented);
            prop_assert!(!text(&s, max) || !one_line(&s).is_empty(), "valid text stays non-empty");
        }
    }

    #[test]
    fn emails_times_dates_and_etags_read_as_people_write_them() {
        assert!(email("jo.doe+help@mail.example.com"));
        assert!(!email("jo@localhost") && !email("@x.test") && !email("jo@.x.test") && !email("jo@x.test."));
        assert!(!email("jo doe@x.test") && !email("Jö@x.test"));
        assert_eq!(time("09:30"), Some(570));
        assert_eq!(time("+9:00"), None);
        assert!(date("2024-02-29").is_some());
        assert!(date("2023-02-29").is_none() && date("0000-01-01").is_none() && date("2024-2-01").is_none());
        assert_eq!(etag("W/\"3\""), Some(3));
        assert_eq!(etag("99999999999999999999"), None);
    }
}
