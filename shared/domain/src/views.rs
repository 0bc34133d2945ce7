//! Ticket views: which index answers a list request and which filters apply, for the
//! caller's role. Customers only ever list their own tickets, whatever they ask for.

use crate::ticket::parse_tags;
use crate::{Caller, CustomerId, DomainError, FieldError, Priority, Status, TeamId, UserId};

/// The views a list may name.
pub const VIEWS: [&str; 7] = ["all", "mine", "unassigned", "open", "pending", "resolved", "breaching"];
pub const PAGE_DEFAULT: u16 = 25;
pub const PAGE_MAX: u16 = 100;
/// Statuses of tickets that still need work.
pub const UNSOLVED: [Status; 4] = [Status::New, Status::Open, Status::Pending, Status::OnHold];

/// The GSI partition a list reads, named after the access pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketIndex {
    ByStatus(Status),
    /// `None`: the unassigned tickets.
    ByAssignee(Option<UserId>),
    ByCustomer(CustomerId),
    ByOrg,
    /// Open SLA clocks, soonest warning or deadline first.
    BySlaDue,
}

/// Conditions on top of the index (applied by DynamoDB after reading the page).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketFilter {
    pub statuses: Vec<Status>,
    pub priority: Option<Priority>,
    pub tag: Option<String>,
    pub team: Option<TeamId>,
    pub category: Option<String>,
    pub customer: Option<CustomerId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketQuery {
    pub index: TicketIndex,
    pub filter: TicketFilter,
    pub limit: u16,
}

/// The raw query string of a list request.
#[derive(Debug, Clone, Default)]
pub struct ListParams {
    pub view: Option<String>,
    pub status: Option<String>,
    pub priority: Option<String>,
    pub assignee: Option<String>,
    pub team: Option<String>,
    pub customer: Option<String>,
    pub tag: Option<String>,
    pub category: Option<String>,
    pub limit: Option<String>,
}

fn parse_enum<T: serde::de::DeserializeOwned>(field: &str, raw: &str, errors: &mut Vec<FieldError>) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(raw.to_owned()))
        .map_err(|_| errors.push(FieldError::new(field, format!("unknown value {raw:?}"))))
        .ok()
}

impl TicketQuery {
    pub fn for_caller(p: ListParams, caller: &Caller) -> Result<Self, DomainError> {
        let mut errors = Vec::new();
        let limit = match p.limit.as_deref().map(str::parse::<u16>) {
            None => PAGE_DEFAULT,
            Some(Ok(n)) if (1..=PAGE_MAX).contains(&n) => n,
            Some(_) => {
                errors.push(FieldError::new("limit", format!("1 to {PAGE_MAX}")));
                PAGE_DEFAULT
            }
        };
        let status: Option<Status> = p.status.as_deref().and_then(|s| parse_enum("status", s, &mut errors));
        let priority = p
            .priority
            .as_deref()
            .and_then(|s| parse_enum("priority", s, &mut errors));
        let tag = p.tag.map(|t| parse_tags(&[t], &mut errors).pop()).unwrap_or_default();
        let team = p.team.as_deref().and_then(|t| {
            TeamId::parse(t)
                .map_err(|_| errors.push(FieldError::new("team", "not a valid team id")))
                .ok()
        });
        let category = p.category.filter(|c| !c.trim().is_empty());
        let assignee = match p.assignee.as_deref() {
            None => None,
            Some("none") => Some(None),
            Some("me") => Some(Some(caller.user_id.clone())),
            Some(a) => UserId::parse(a)
                .map_err(|_| errors.push(FieldError::new("assignee", "not a valid agent id")))
                .ok()
                .map(Some),
        };
        let customer = p.customer.as_deref().and_then(|c| {
            UserId::parse(c)
                .map_err(|_| errors.push(FieldError::new("customer", "not a valid customer id")))
                .ok()
        });
        let mut filter = TicketFilter {
            statuses: status.into_iter().collect(),
            priority,
            tag,
            team,
            category,
            customer: None,
        };

        // Every caller gets an unknown view refused, customers too (whose list is theirs).
        if let Some(v) = p.view.as_deref().filter(|v| !VIEWS.contains(v)) {
            errors.push(FieldError::new(
                "view",
                format!("unknown view {v:?}; use all, mine, unassigned, open, pending, resolved or breaching"),
            ));
        }
        let index = if !caller.is_staff() {
            // The portal: only the caller's own tickets, whatever was asked.
            TicketIndex::ByCustomer(caller.user_id.clone())
        } else {
            match p.view.as_deref().unwrap_or("all") {
                "mine" => {
                    default_unsolved(&mut filter);
                    TicketIndex::ByAssignee(Some(caller.user_id.clone()))
                }
                "unassigned" => {
                    default_unsolved(&mut filter);
                    TicketIndex::ByAssignee(None)
                }
                "open" => {
                    if filter.statuses.is_empty() {
                        filter.statuses = vec![Status::New, Status::Open];
                    }
                    TicketIndex::ByOrg
                }
                "pending" => TicketIndex::ByStatus(Status::Pending),
                "resolved" => TicketIndex::ByStatus(Status::Resolved),
                "breaching" => TicketIndex::BySlaDue,
                "all" => match (assignee, customer.clone(), status) {
                    (Some(a), c, _) => {
                        filter.customer = c;
                        TicketIndex::ByAssignee(a)
                    }
                    (None, Some(c), _) => TicketIndex::ByCustomer(c),
                    (None, None, Some(s)) => {
                        filter.statuses.clear();
                        TicketIndex::ByStatus(s)
                    }
                    (None, None, None) => TicketIndex::ByOrg,
                },
                // Refused above.
                _ => TicketIndex::ByOrg,
            }
        };
        if errors.is_empty() {
            Ok(Self { index, filter, limit })
        } else {
            Err(DomainError::Validation(errors))
        }
    }
}

fn default_unsolved(filter: &mut TicketFilter) {
    if filter.statuses.is_empty() {
        filter.statuses = UNSOLVED.to_vec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OrgId, Role};

    fn caller(role: Role) -> Caller {
        Caller {
            user_id: UserId::parse("u-1").unwrap(),
            org_id: OrgId::parse("10001").unwrap(),
            role,
            email: None,
        }
    }

    #[test]
    fn customers_always_read_their_own_tickets() {
        let p = ListParams {
            view: Some("unassigned".into()),
            customer: Some("someone-else".into()),
            ..Default::default()
        };
        let q = TicketQuery::for_caller(p, &caller(Role::Customer)).unwrap();
        assert_eq!(q.index, TicketIndex::ByCustomer(UserId::parse("u-1").unwrap()));
    }

    #[test]
    fn views_pick_the_index_that_serves_them() {
        let staff = caller(Role::Agent);
        let q = |view: &str| {
            TicketQuery::for_caller(
                ListParams {
                    view: Some(view.into()),
                    ..Default::default()
                },
                &staff,
            )
            .unwrap()
        };
        assert_eq!(q("mine").index, TicketIndex::ByAssignee(Some(staff.user_id.clone())));
        assert_eq!(q("mine").filter.statuses, UNSOLVED.to_vec());
        assert_eq!(q("unassigned").index, TicketIndex::ByAssignee(None));
        assert_eq!(q("pending").index, TicketIndex::ByStatus(Status::Pending));
        assert_eq!(q("all").index, TicketIndex::ByOrg);
        let by_status = TicketQuery::for_caller(
            ListParams {
                status: Some("on_hold".into()),
                ..Default::default()
            },
            &staff,
        )
        .unwrap();
        assert_eq!(by_status.index, TicketIndex::ByStatus(Status::OnHold));
    }

    #[test]
    fn bad_parameters_are_reported_by_name() {
        let p = ListParams {
            view: Some("everything".into()),
            status: Some("done".into()),
            limit: Some("1000".into()),
            ..Default::default()
        };
        let DomainError::Validation(errors) = TicketQuery::for_caller(p, &caller(Role::Agent)).unwrap_err() else {
            panic!()
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["limit", "status", "view"]);
    }
}
