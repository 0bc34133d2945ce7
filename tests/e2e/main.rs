// Tests unwrap on purpose: a panic with the value is the clearest failure report.
#![allow(clippy::unwrap_used)]

//! End-to-end tests: HTTP through the local gateway, the real handlers, DynamoDB Local
//! and moto. One binary, one fresh stack per test, so tests run in parallel.

mod attachments;
mod auth;
mod budget;
mod bulk;
mod csat;
mod events;
mod fixtures;
mod inbound;
mod kb;
mod library;
mod lifecycle;
mod mail;
mod matrix;
mod notifications;
mod people;
mod reports;
mod rules;
mod search;
mod sla;
mod template;
mod tickets;
