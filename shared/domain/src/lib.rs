//! The helpdesk's domain rules.
//!
//! This crate owns what a ticket is and what may happen to it: identifiers, statuses,
//! priorities, roles and who may do what, input validation, and the typed contracts of
//! the domain events. It is pure: it must never depend on AWS, HTTP or DynamoDB, so its
//! rules are unit- and property-tested without any service.

pub mod access;
pub mod attachment;
pub mod audit;
pub mod bulk;
pub mod caller;
pub mod canned;
pub mod clock;
pub mod csat;
pub mod email;
pub mod error;
pub mod events;
pub mod hours;
pub mod html;
pub mod ids;
pub mod input;
pub mod kb;
pub mod kb_view;
pub mod lifecycle;
pub mod macros;
pub mod mail;
pub mod notify;
pub mod people;
pub mod rating;
pub mod reports;
pub mod routing;
pub mod rules;
pub mod sla;
pub mod ticket;
pub mod view;
pub mod views;

pub use caller::{Caller, Role};
pub use email::Email;
pub use error::{DomainError, FieldError};
pub use ids::{
    ArticleId, AttachmentId, CannedId, CategoryId, CustomerId, EventId, InteractionId, MacroId, OrgId, RuleId, TeamId,
    TicketId, UserId,
};
pub use ticket::{
    Author, AuthorKind, Channel, CustomerRef, Interaction, NewTicket, Priority, Status, Ticket, TicketNumber,
};
