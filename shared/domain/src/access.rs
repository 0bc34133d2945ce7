//! Who may do what, by role: the one place the role rules are written. The use cases
//! ask these (and [`crate::lifecycle`] for ticket changes); handlers never look at a
//! role. Admins can do what managers can, managers what agents can.

use crate::kb::{Article, ArticleStatus};
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

/// Customers only: what the portal does on a customer's behalf.
pub fn require_customer(caller: &Caller, why: &'static str) -> Result<(), DomainError> {
    if caller.is_staff() {
        Err(DomainError::Forbidden(why))
    } else {
        Ok(())
    }
}

/// Staff see every customer of the org; a customer sees only themself.
pub fn may_see_customer(caller: &Caller, customer: &CustomerId) -> bool {
    caller.is_staff() || caller.user_id == *customer
}

/// Who is told about the org's SLA trouble besides the assignee.
pub fn hears_of_sla_trouble(role: Role) -> bool {
    role >= Role::Manager
}

/// Who may change an article: managers and admins any; an agent only their own
/// article while it was never published.
pub fn may_edit_article(caller: &Caller, a: &Article) -> bool {
    caller.role >= Role::Manager
        || (caller.role == Role::Agent
            && a.author_id == caller.user_id
            && a.status == ArticleStatus::Draft
            && a.published.is_none())
}

/// Drafts, archived articles and versions: staff only; others see published articles.
pub fn reads_drafts(caller: &Caller) -> bool {
    caller.is_staff()
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

    fn caller_as(role: Role, id: &str) -> Caller {
        Caller {
            user_id: UserId::parse(id).unwrap(),
            org_id: OrgId::parse("10001").unwrap(),
            role,
            email: None,
        }
    }

    #[test]
    fn agents_edit_only_their_own_unpublished_drafts() {
        let n = crate::kb::NewArticle {
            title: "T",
            body: "B",
            slug: None,
            category_id: None,
            tags: &[],
        };
        let now = time::OffsetDateTime::UNIX_EPOCH;
        let (a, _) = crate::kb::draft(&OrgId::parse("10001").unwrap(), &UserId::parse("a-1").unwrap(), n, now).unwrap();
        assert!(may_edit_article(&caller_as(Role::Agent, "a-1"), &a));
        assert!(!may_edit_article(&caller_as(Role::Agent, "a-2"), &a));
        assert!(!may_edit_article(&caller_as(Role::Customer, "a-1"), &a));
        assert!(may_edit_article(&caller_as(Role::Manager, "m-9"), &a));
        let live = a.publish(now).unwrap();
        assert!(!may_edit_article(&caller_as(Role::Agent, "a-1"), &live));
    }
}
