//! Who may do what, by role: the one place the role rules are written. The use cases
//! ask these (and [`crate::lifecycle`] for ticket changes); handlers never look at a
//! role. Admins can do what managers can, managers what agents can.

use crate::{Caller, CustomerId, DomainError, Role};

fn require(caller: &Caller, at_least: Role, why: &'static str) -> Result<(), DomainError> {
    if caller.role >= at_least {
        Ok(())
    } else {
        Err(DomainError::Forbidden(why))
    }
}

/// Agents, managers and admins: the org's staff.
pub fn require_staff(caller: &Caller, why: &'static str) -> Result<(), DomainError> {
    require(caller, Role::Agent, why)
}

/// Managers and admins.
pub fn require_manager(caller: &Caller, why: &'static str) -> Result<(), DomainError> {
    require(caller, Role::Manager, why)
}

/// Admins only.
pub fn require_admin(caller: &Caller, why: &'static str) -> Result<(), DomainError> {
    require(caller, Role::Admin, why)
}

/// Staff see every customer of the org; a customer sees only themself.
pub fn may_see_customer(caller: &Caller, customer: &CustomerId) -> bool {
    caller.is_staff() || caller.user_id == *customer
}

/// Who is told about the org's SLA trouble besides the assignee.
pub fn hears_of_sla_trouble(role: Role) -> bool {
    role >= Role::Manager
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OrgId, UserId};

    fn caller(role: Role) -> Caller {
        Caller {
            user_id: UserId::parse("u-1").unwrap(),
            org_id: OrgId::parse("10001").unwrap(),
            role,
            email: None,
        }
    }

    #[test]
    fn each_role_can_do_what_the_roles_below_it_can() {
        let why = "because";
        for (role, staff, manager, admin) in [
            (Role::Customer, false, false, false),
            (Role::Agent, true, false, false),
            (Role::Manager, true, true, false),
            (Role::Admin, true, true, true),
        ] {
            let c = caller(role);
            assert_eq!(require_staff(&c, why).is_ok(), staff, "{role:?}");
            assert_eq!(require_manager(&c, why).is_ok(), manager, "{role:?}");
            assert_eq!(require_admin(&c, why).is_ok(), admin, "{role:?}");
            assert_eq!(hears_of_sla_trouble(role), manager, "{role:?}");
        }
        assert_eq!(
            require_admin(&caller(Role::Agent), why),
            Err(DomainError::Forbidden(why))
        );
    }

    #[test]
    fn customers_see_only_themselves() {
        let me = UserId::parse("u-1").unwrap();
        let other = UserId::parse("u-2").unwrap();
        assert!(may_see_customer(&caller(Role::Customer), &me));
        assert!(!may_see_customer(&caller(Role::Customer), &other));
        assert!(may_see_customer(&caller(Role::Agent), &other));
    }
}
