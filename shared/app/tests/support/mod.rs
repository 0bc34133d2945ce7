//! A seeded in-memory store: one org (10001) with an admin, a manager, two agents and
//! a customer; and a second org (10002) with its own admin.

#![allow(dead_code)] // Each test binary uses its share.

use helpdesk_domain::people::{Agent, Availability, Customer};
use helpdesk_domain::ticket::NewTicketInput;
use helpdesk_domain::{Caller, Email, OrgId, Role, Ticket, UserId};
use helpdesk_store::memory::Memory;
use helpdesk_store::{Expect, PeopleWrites};

/// The attachments bucket, in memory, shared by a test binary's tests (keys are unique).
pub fn files() -> &'static helpdesk_blobs::Memory {
    static FILES: std::sync::LazyLock<helpdesk_blobs::Memory> = std::sync::LazyLock::new(Default::default);
    &FILES
}

pub fn org() -> OrgId {
    OrgId::parse("10001").unwrap()
}

pub fn other_org() -> OrgId {
    OrgId::parse("10002").unwrap()
}

pub fn caller(org: &OrgId, id: &str, role: Role) -> Caller {
    Caller {
        user_id: UserId::parse(id).unwrap(),
        org_id: org.clone(),
        role,
        email: Some(format!("{id}@acme.test")),
    }
}

pub fn admin() -> Caller {
    caller(&org(), "admin", Role::Admin)
}
pub fn manager() -> Caller {
    caller(&org(), "manager", Role::Manager)
}
pub fn agent() -> Caller {
    caller(&org(), "agent-1", Role::Agent)
}
pub fn agent2() -> Caller {
    caller(&org(), "agent-2", Role::Agent)
}
pub fn customer() -> Caller {
    caller(&org(), "cust-1", Role::Customer)
}
pub fn customer2() -> Caller {
    caller(&org(), "cust-2", Role::Customer)
}
pub fn stranger() -> Caller {
    caller(&other_org(), "admin", Role::Admin)
}

fn staff(org: &OrgId, id: &str, role: Role) -> Agent {
    Agent {
        id: UserId::parse(id).unwrap(),
        org_id: org.clone(),
        email: Email::parse(&format!("{id}@acme.test")).unwrap(),
        name: id.replace('-', " "),
        role,
        skills: Vec::new(),
        status: Availability::Online,
        version: 1,
    }
}

pub async fn seeded() -> Memory {
    let m = Memory::new();
    m.put_org(&org(), "Acme Support").await.unwrap();
    m.put_org(&other_org(), "Globex").await.unwrap();
    for (id, role) in [
        ("admin", Role::Admin),
        ("manager", Role::Manager),
        ("agent-1", Role::Agent),
        ("agent-2", Role::Agent),
    ] {
        m.put_agent(&staff(&org(), id, role), Expect::New).await.unwrap();
    }
    m.put_agent(&staff(&other_org(), "admin", Role::Admin), Expect::New)
        .await
        .unwrap();
    for (id, email) in [("cust-1", "cust-1@acme.test"), ("cust-2", "cust-2@acme.test")] {
        m.create_customer(&Customer {
            id: UserId::parse(id).unwrap(),
            org_id: org(),
            email: Email::parse(email).unwrap(),
            name: format!("Customer {id}"),
            created_at: String::new(),
        })
        .await
        .unwrap();
    }
    m
}

pub fn input(subject: &str) -> NewTicketInput {
    NewTicketInput {
        subject: subject.into(),
        description: "It does not print".into(),
        ..Default::default()
    }
}

/// A ticket the customer opened.
pub async fn ticket(m: &Memory) -> Ticket {
    helpdesk_app::tickets::open(m, files(), &customer(), input("Printer"), &[])
        .await
        .unwrap()
        .ticket
}
