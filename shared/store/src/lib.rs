//! The single DynamoDB table.
//!
//! This crate owns every key ([`keys`]), the mapping between domain types and items, and
//! every access pattern as a named function on [`Table`]. Nothing else in the workspace
//! builds a key or an expression. It never decides a business rule: it stores what the
//! domain decided, with the conditions that keep concurrent writers honest. No access
//! pattern scans the table; each is a `GetItem`, a `Query` on the table or on a GSI whose
//! partition key starts with the org, or a write.

pub mod changes;
pub mod customers;
pub mod error;
pub mod inbound;
pub mod keys;
pub mod mail;
pub mod metrics;
pub mod notifications;
pub mod people;
pub mod processed;
pub mod reports;
pub mod settings;
pub mod tickets;
pub mod views;

use aws_sdk_dynamodb::Client;

pub use error::StoreError;

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

/// Attribute names of the entity type stored on every item, used to tell items of one
/// partition apart when a single Query reads a ticket and its thread.
pub(crate) const ENTITY: &str = "entity";
