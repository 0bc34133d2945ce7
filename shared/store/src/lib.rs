//! The single DynamoDB table.
//!
//! This crate owns every key ([`keys`]), the mapping between domain types and items
//! ([`items`]), the one way to write several items at once ([`tx`]), and every access
//! pattern as a method of a capability trait ([`ports`]) that [`Table`] implements.
//! Nothing else in the workspace builds a key or an expression. It never decides a
//! business rule: it stores what the domain decided, with the conditions that keep
//! concurrent writers honest. No access pattern scans the table; each is a `GetItem`, a
//! `Query` on the table or on a GSI whose partition key starts with the org (two
//! documented exceptions in [`keys`]), or a write.
//!
//! Layers inside the crate, bottom up: `keys`, `error`, `tx`, `items`, `ports`, `views`,
//! then one module per group of access patterns. [`memory`] (feature `memory`) is the
//! in-memory twin for unit tests of the use cases.

pub mod changes;
pub mod error;
pub mod items;
pub mod keys;
pub mod mail;
#[cfg(feature = "memory")]
pub mod memory;
pub mod metrics;
pub mod notifications;
pub mod people;
pub mod ports;
pub mod processed;
pub mod reports;
pub mod settings;
pub mod sla;
pub mod tickets;
pub mod tx;
pub mod views;

use aws_sdk_dynamodb::Client;

pub use error::StoreError;
pub use ports::*;

/// The table and the client that reaches it. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Table {
    client: Client,
    name: String,
}

impl Table {
    pub fn new(client: Client, name: impl Into<String>) -> Self {
        Self {
            client,
            name: name.into(),
        }
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}
