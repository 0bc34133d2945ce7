//! Canned responses and macros.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | an org's canned responses | `Query` | `PK = ORG#<org> AND begins_with(SK, CANNED#)` |
//! | one, create / replace | `GetItem` / `PutItem` (`attribute_not_exists` / `version = :seen`) | `PK = ORG#<org>`, `SK = CANNED#<id>` |
//! | delete one | `DeleteItem`, `version = :seen` | same |
//! | count a use | `UpdateItem` `ADD usage_count :one`, `attribute_exists(PK)` | same |
//! | an org's macros, one, create / replace / delete / count a use | as above | `PK = ORG#<org>`, `SK = MACRO#<id>` |

use helpdesk_domain::canned::CannedResponse;
use helpdesk_domain::macros::Macro;
use helpdesk_domain::{CannedId, MacroId, OrgId};

use crate::items::{n, s};
use crate::keys::{self, PK, SK};
use crate::ports::{Expect, LibraryStore, StoreResult};
use crate::{StoreError, Table};

impl Table {
    async fn delete_versioned(&self, pk: String, sk: String, version: u64, what: &'static str) -> StoreResult<()> {
        let out = self
            .client()
            .delete_item()
            .table_name(self.name())
            .key(PK, s(pk))
            .key(SK, s(sk))
            .condition_expression("version = :seen")
            .expression_attribute_values(":seen", n(version))
            .return_values_on_condition_check_failure(
                aws_sdk_dynamodb::types::ReturnValuesOnConditionCheckFailure::AllOld,
            )
            .send()
            .await;
        match out {
            Ok(_) => Ok(()),
            Err(e) if crate::error::condition_failed(&e) => {
                // Gone is 404; there at another version is a stale If-Match.
                let exists = e
                    .as_service_error()
                    .and_then(|se| match se {
                        aws_sdk_dynamodb::operation::delete_item::DeleteItemError::ConditionalCheckFailedException(
                            c,
                        ) => c.item.as_ref(),
                        _ => None,
                    })
                    .is_some();
                Err(if exists {
                    StoreError::Stale
                } else {
                    StoreError::NotFound(what)
                })
            }
            Err(e) => Err(StoreError::sdk(e)),
        }
    }

    async fn count_use(&self, pk: String, sk: String, what: &'static str) -> StoreResult<()> {
        let out = self
            .client()
            .update_item()
            .table_name(self.name())
            .key(PK, s(pk))
            .key(SK, s(sk))
            .update_expression("ADD usage_count :one")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_values(":one", n(1))
            .send()
            .await;
        match out {
            Ok(_) => Ok(()),
            Err(e) if crate::error::condition_failed(&e) => Err(StoreError::NotFound(what)),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }
}

impl LibraryStore for Table {
    async fn canned(&self, org: &OrgId) -> StoreResult<Vec<CannedResponse>> {
        self.query_prefix(keys::org_pk(org), keys::CANNED_PREFIX).await
    }

    async fn get_canned(&self, org: &OrgId, id: CannedId) -> StoreResult<Option<CannedResponse>> {
        self.get_keyed(keys::org_pk(org), keys::canned_sk(id)).await
    }

    async fn put_canned(&self, org: &OrgId, c: &CannedResponse, expect: Expect) -> StoreResult<()> {
        self.put_versioned(keys::org_pk(org), keys::canned_sk(c.id), "canned", c, expect)
            .await
    }

    async fn delete_canned(&self, org: &OrgId, id: CannedId, version: u64) -> StoreResult<()> {
        self.delete_versioned(keys::org_pk(org), keys::canned_sk(id), version, "canned response")
            .await
    }

    async fn count_canned_use(&self, org: &OrgId, id: CannedId) -> StoreResult<()> {
        self.count_use(keys::org_pk(org), keys::canned_sk(id), "canned response")
            .await
    }

    async fn macros(&self, org: &OrgId) -> StoreResult<Vec<Macro>> {
        self.query_prefix(keys::org_pk(org), keys::MACRO_PREFIX).await
    }

    async fn get_macro(&self, org: &OrgId, id: MacroId) -> StoreResult<Option<Macro>> {
        self.get_keyed(keys::org_pk(org), keys::macro_sk(id)).await
    }

    async fn put_macro(&self, org: &OrgId, m: &Macro, expect: Expect) -> StoreResult<()> {
        self.put_versioned(keys::org_pk(org), keys::macro_sk(m.id), "macro", m, expect)
            .await
    }

    async fn delete_macro(&self, org: &OrgId, id: MacroId, version: u64) -> StoreResult<()> {
        self.delete_versioned(keys::org_pk(org), keys::macro_sk(id), version, "macro")
            .await
    }

    async fn count_macro_use(&self, org: &OrgId, id: MacroId) -> StoreResult<()> {
        self.count_use(keys::org_pk(org), keys::macro_sk(id), "macro").await
    }
}
