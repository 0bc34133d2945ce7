//! The HTTP handlers, by area. Each extracts its input, calls one use case of
//! `helpdesk_app` and answers; errors are `application/problem+json`.

pub mod attachments;
pub mod csat;
pub mod help;
pub mod kb;
pub mod library;
pub mod mail;
pub mod meta;
pub mod notifications;
pub mod people;
pub mod reports;
pub mod rules;
pub mod search;
pub mod settings;
pub mod tickets;
