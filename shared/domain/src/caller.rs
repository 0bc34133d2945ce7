//! Who is asking, and what their role lets them do. The caller is built only from the
//! claims the API's JWT authorizer validated (see `helpdesk-platform`), never from the
//! request body, so the org and role cannot be forged by a client.

use serde::{Deserialize, Serialize};

use crate::{OrgId, UserId};

/// Roles, from the identity provider's groups. Ordered by reach: an admin can do what
/// a manager can, a manager what an agent can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    Customer,
    Agent,
    Manager,
    Admin,
}

impl Role {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admin" => Some(Self::Admin),
            "manager" => Some(Self::Manager),
            "agent" => Some(Self::Agent),
            "customer" => Some(Self::Customer),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Manager => "manager",
            Self::Agent => "agent",
            Self::Customer => "customer",
        }
    }

    /// Staff work tickets of the whole org; customers only see their own.
    pub fn is_staff(self) -> bool {
        self >= Self::Agent
    }
}

/// The authenticated caller of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub user_id: UserId,
    pub org_id: OrgId,
    pub role: Role,
    pub email: Option<String>,
}

impl Caller {
    /// The helpdesk itself, acting on an org's ticket (SLA escalations). Audited as `system`.
    pub fn system(org: OrgId) -> Self {
        Self {
            user_id: UserId::parse("system").unwrap_or_else(|_| unreachable!("a valid id")),
            org_id: org,
            role: Role::Admin,
            email: None,
        }
    }

    pub fn is_staff(&self) -> bool {
        self.role.is_staff()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_are_agents_and_above() {
        assert!(!Role::Customer.is_staff());
        assert!(Role::Agent.is_staff());
        assert!(Role::Manager.is_staff());
        assert!(Role::Admin.is_staff());
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for r in [Role::Admin, Role::Manager, Role::Agent, Role::Customer] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
