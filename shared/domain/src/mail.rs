//! Mail an org sends, and the templates it may override.
//!
//! Which mail an event causes is decided here ([`MailKind`]); the wording comes from
//! the org's template for that kind, or a safe default (`helpdesk_mail` renders both).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{DomainError, FieldError};

/// What a mail is about, and so who gets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MailKind {
    /// To the customer: "we received your request" on a ticket they opened.
    Acknowledgement,
    /// To the customer: an agent's public reply.
    Reply,
    /// To the customer: the ticket was resolved.
    Resolved,
    /// To an agent: a ticket was assigned to them.
    Assigned,
    /// To the assignee and managers: an SLA clock is close to its deadline.
    SlaWarning,
    /// To the assignee and managers: an SLA clock passed its deadline.
    SlaBreached,
}

impl MailKind {
    pub const ALL: [Self; 6] = [
        Self::Acknowledgement,
        Self::Reply,
        Self::Resolved,
        Self::Assigned,
        Self::SlaWarning,
        Self::SlaBreached,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Acknowledgement => "acknowledgement",
            Self::Reply => "reply",
            Self::Resolved => "resolved",
            Self::Assigned => "assigned",
            Self::SlaWarning => "sla_warning",
            Self::SlaBreached => "sla_breached",
        }
    }

    pub fn to_customer(self) -> bool {
        matches!(self, Self::Acknowledgement | Self::Reply | Self::Resolved)
    }

    /// A person's reply is not automatic mail; everything else is (`Auto-Submitted`).
    pub fn automatic(self) -> bool {
        self != Self::Reply
    }

    /// The variables a template of this kind may use: the common ones, then the kind's.
    pub fn variables(self) -> Vec<&'static str> {
        const COMMON: [&str; 6] = [
            "org_name",
            "recipient_name",
            "customer_name",
            "ticket_number",
            "ticket_subject",
            "link",
        ];
        let own: &[&str] = match self {
            Self::Acknowledgement => &[],
            // The survey's one-click rating links (empty when no survey is asked).
            Self::Resolved => &["satisfaction.links"],
            Self::Reply => &["agent_name", "reply"],
            Self::Assigned => &["agent_name", "priority"],
            Self::SlaWarning | Self::SlaBreached => &["agent_name", "priority", "metric", "due_at"],
        };
        COMMON.iter().chain(own).copied().collect()
    }
}

pub use crate::input::{BODY_MAX, SUBJECT_MAX};

/// One kind's wording: Jinja-style `{{ variable }}` templates. Without `html`, the HTML
/// part is the text, escaped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailTemplate {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::input::schema::subject))]
    pub subject: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::input::schema::body))]
    pub text: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = html_schema))]
    pub html: Option<String>,
}

#[cfg(feature = "openapi")]
fn html_schema() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    crate::input::schema::nullable(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(BODY_MAX))
            .build(),
    )
}

/// An org's overrides; a kind not listed uses the default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailTemplates {
    pub templates: BTreeMap<MailKind, MailTemplate>,
}

impl MailTemplates {
    /// Sizes and single-line subjects; the template syntax is checked where it renders.
    pub fn validate(&self) -> Result<(), DomainError> {
        let mut errors = Vec::new();
        for (kind, t) in &self.templates {
            let at = |f: &str| format!("templates.{}.{f}", kind.as_str());
            // A rendered subject is made one line when it is sent.
            if !crate::input::text(&t.subject, SUBJECT_MAX) {
                errors.push(FieldError::new(
                    at("subject"),
                    format!("1 to {SUBJECT_MAX} characters, not all blank"),
                ));
            }
            if !crate::input::text(&t.text, BODY_MAX) {
                errors.push(FieldError::new(
                    at("text"),
                    format!("1 to {BODY_MAX} characters, not all blank"),
                ));
            }
            if t.html.as_ref().is_some_and(|h| !crate::input::at_most(h, BODY_MAX)) {
                errors.push(FieldError::new(at("html"), format!("at most {BODY_MAX} characters")));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Validation(errors))
        }
    }
}

/// `GET/PUT /mail-templates`: the wording in force for every kind, which of them the
/// org customised, and the variables each may use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailTemplatesView {
    pub templates: BTreeMap<MailKind, MailTemplate>,
    pub customized: Vec<MailKind>,
    pub variables: BTreeMap<MailKind, Vec<String>>,
}

impl MailTemplatesView {
    pub fn new(overrides: &MailTemplates, default: impl Fn(MailKind) -> MailTemplate) -> Self {
        Self {
            templates: MailKind::ALL
                .iter()
                .map(|k| (*k, overrides.templates.get(k).cloned().unwrap_or_else(|| default(*k))))
                .collect(),
            customized: overrides.templates.keys().copied().collect(),
            variables: MailKind::ALL
                .iter()
                .map(|k| (*k, k.variables().iter().map(|v| (*v).to_owned()).collect()))
                .collect(),
        }
    }
}
