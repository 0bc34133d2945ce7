//! One set of changes for many tickets (`POST /tickets/bulk`): each ticket gets it as
//! one change of its own, under the same rules as a single edit, status change and
//! assignment ([`crate::lifecycle::Command::Bulk`]).

use crate::error::{DomainError, FieldError};
use crate::ticket::{Ticket, parse_tags};
use crate::{Priority, Status, TeamId, UserId};

/// At most this many tickets per request: a page of the inbox.
pub const BULK_MAX: usize = 100;

/// What a client sends: every part optional, at least one given.
#[derive(Debug, Clone, Default)]
pub struct BulkInput {
    pub status: Option<Status>,
    pub priority: Option<Priority>,
    /// `Some(None)` unassigns.
    pub assignee: Option<Option<UserId>>,
    /// `Some(None)` clears the team.
    pub team: Option<Option<TeamId>>,
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
}

/// Checked changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkChanges {
    pub status: Option<Status>,
    pub priority: Option<Priority>,
    pub assignee: Option<Option<UserId>>,
    pub team: Option<Option<TeamId>>,
    add_tags: Vec<String>,
    remove_tags: Vec<String>,
}

impl BulkChanges {
    /// 400 for a malformed tag (named `changes.add_tags[0]`), 422 for nothing to change.
    pub fn parse(input: BulkInput) -> Result<Self, DomainError> {
        let tags = |raw: &[String], field: &str, errors: &mut Vec<FieldError>| {
            let mut found = Vec::new();
            let parsed = parse_tags(raw, &mut found);
            errors.extend(found.into_iter().map(|e| FieldError {
                field: format!("changes.{}", e.field.replacen("tags", field, 1)),
                message: e.message,
            }));
            parsed
        };
        let mut errors = Vec::new();
        let add_tags = tags(&input.add_tags, "add_tags", &mut errors);
        let remove_tags = tags(&input.remove_tags, "remove_tags", &mut errors);
        if !errors.is_empty() {
            return Err(DomainError::Validation(errors));
        }
        let changes = Self {
            status: input.status,
            priority: input.priority,
            assignee: input.assignee,
            team: input.team,
            add_tags,
            remove_tags,
        };
        if changes == Self::default() {
            return Err(DomainError::unprocessable("changes", "nothing to change"));
        }
        Ok(changes)
    }

    /// The ticket's tags after the change, when they change: added ones last, up to
    /// the ticket's limit.
    pub fn tags_for(&self, ticket: &Ticket) -> Option<Vec<String>> {
        if self.add_tags.is_empty() && self.remove_tags.is_empty() {
            return None;
        }
        let mut tags: Vec<String> = ticket
            .tags
            .iter()
            .filter(|t| !self.remove_tags.contains(t))
            .cloned()
            .collect();
        for t in &self.add_tags {
            if !tags.contains(t) && !self.remove_tags.contains(t) && tags.len() < crate::input::TAGS_MAX {
                tags.push(t.clone());
            }
        }
        (tags != ticket.tags).then_some(tags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(add: &[&str], remove: &[&str]) -> BulkInput {
        BulkInput {
            add_tags: add.iter().map(|s| (*s).to_owned()).collect(),
            remove_tags: remove.iter().map(|s| (*s).to_owned()).collect(),
            ..BulkInput::default()
        }
    }

    #[test]
    fn nothing_to_change_is_refused_and_bad_tags_are_named_by_their_place() {
        assert!(matches!(
            BulkChanges::parse(BulkInput::default()),
            Err(DomainError::Unprocessable(_))
        ));
        let Err(DomainError::Validation(errors)) = BulkChanges::parse(input(&["ok", "not ok"], &[])) else {
            panic!("a bad tag is a 400")
        };
        assert_eq!(errors[0].field, "changes.add_tags[1]");
    }
}
