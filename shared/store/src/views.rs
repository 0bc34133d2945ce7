//! Pages of ticket views: one `Query` on the GSI the view names, newest first.
//!
//! | view | index | key condition |
//! |---|---|---|
//! | by status | `ByStatus` | `GSI1PK = ORG#<org>#STATUS#<status>` |
//! | by assignee / unassigned | `ByAssignee` | `GSI2PK = ORG#<org>#ASSIGNEE#<agent or ->` |
//! | a customer's tickets | `ByCustomer` | `GSI3PK = ORG#<org>#CUSTOMER#<customer>` |
//! | all tickets of the org | `ByOrg` | `GSI4PK = ORG#<org>#TICKETS` |
//!
//! Other filters (status set, priority, tag, team, category, customer) are a
//! `FilterExpression`, so a page may hold fewer than `limit` tickets while a cursor
//! still follows. Cursors are the query's `LastEvaluatedKey`, encoded; a cursor is only
//! accepted for the same org and the same index partition, so it cannot reach other
//! tenants' data, and a tampered one is refused.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use helpdesk_domain::views::{TicketIndex, TicketQuery};
use helpdesk_domain::{OrgId, Ticket};

use crate::items::TicketItem;
use crate::keys;
use crate::ports::{Page, StoreResult};
use crate::{StoreError, Table};

struct IndexKey {
    name: &'static str,
    pk_attr: &'static str,
    sk_attr: &'static str,
    pk: String,
}

fn index_key(org: &OrgId, index: &TicketIndex) -> IndexKey {
    match index {
        TicketIndex::ByStatus(s) => IndexKey {
            name: keys::BY_STATUS,
            pk_attr: "GSI1PK",
            sk_attr: "GSI1SK",
            pk: keys::status_gsi_pk(org, *s),
        },
        TicketIndex::ByAssignee(a) => IndexKey {
            name: keys::BY_ASSIGNEE,
            pk_attr: "GSI2PK",
            sk_attr: "GSI2SK",
            pk: keys::assignee_gsi_pk(org, a.as_ref()),
        },
        TicketIndex::ByCustomer(c) => IndexKey {
            name: keys::BY_CUSTOMER,
            pk_attr: "GSI3PK",
            sk_attr: "GSI3SK",
            pk: keys::customer_gsi_pk(org, c),
        },
        TicketIndex::BySlaDue => IndexKey {
            name: keys::BY_SLA_DUE,
            pk_attr: "GSI5PK",
            sk_attr: "GSI5SK",
            pk: keys::sla_gsi_pk(org),
        },
        TicketIndex::ByOrg => IndexKey {
            name: keys::BY_ORG,
            pk_attr: "GSI4PK",
            sk_attr: "GSI4SK",
            pk: keys::org_gsi_pk(org),
        },
    }
}

/// Why a cursor was refused.
#[derive(Debug, thiserror::Error)]
#[error("invalid cursor")]
pub struct InvalidCursor;

/// Encodes a `LastEvaluatedKey` as an opaque cursor.
pub(crate) fn encode_plain_cursor(key: &HashMap<String, AttributeValue>) -> Option<String> {
    encode_cursor(key)
}

/// Decodes a cursor of an index partition other than tickets' (e.g. customers), checking
/// its attributes, its partition and that the table key stays in the org.
pub(crate) fn decode_plain_cursor(
    cursor: &str,
    org: &OrgId,
    pk_attr: &str,
    pk: &str,
    attrs: &[&str],
) -> Result<HashMap<String, AttributeValue>, StoreError> {
    let json = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| StoreError::InvalidCursor)?;
    let plain: HashMap<String, String> = serde_json::from_slice(&json).map_err(|_| StoreError::InvalidCursor)?;
    let mut expected: Vec<&str> = attrs.to_vec();
    expected.sort_unstable();
    let mut got: Vec<&str> = plain.keys().map(String::as_str).collect();
    got.sort_unstable();
    let own = keys::org_pk(org);
    let valid = got == expected
        && plain.get(pk_attr).map(String::as_str) == Some(pk)
        && plain
            .get(keys::PK)
            .is_some_and(|p| *p == own || p.starts_with(&format!("{own}#")));
    if !valid {
        return Err(StoreError::InvalidCursor);
    }
    Ok(plain.into_iter().map(|(k, v)| (k, AttributeValue::S(v))).collect())
}

fn encode_cursor(key: &HashMap<String, AttributeValue>) -> Option<String> {
    let plain: HashMap<&str, &str> = key
        .iter()
        .filter_map(|(k, v)| v.as_s().ok().map(|s| (k.as_str(), s.as_str())))
        .collect();
    serde_json::to_vec(&plain).ok().map(|json| URL_SAFE_NO_PAD.encode(json))
}

/// Decodes a cursor and checks it belongs to this org and this index partition.
fn decode_cursor(cursor: &str, org: &OrgId, ix: &IndexKey) -> Result<HashMap<String, AttributeValue>, InvalidCursor> {
    let json = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| InvalidCursor)?;
    let plain: HashMap<String, String> = serde_json::from_slice(&json).map_err(|_| InvalidCursor)?;
    let mut expected = [keys::PK, keys::SK, ix.pk_attr, ix.sk_attr];
    expected.sort_unstable();
    let mut got: Vec<&str> = plain.keys().map(String::as_str).collect();
    got.sort_unstable();
    let own = format!("{}#", keys::org_pk(org));
    let valid = got == expected
        && plain.get(ix.pk_attr) == Some(&ix.pk)
        && plain.get(keys::PK).is_some_and(|pk| pk.starts_with(&own))
        && plain.get(keys::SK).is_some_and(|sk| sk == keys::TICKET_SK);
    if !valid {
        return Err(InvalidCursor);
    }
    Ok(plain.into_iter().map(|(k, v)| (k, AttributeValue::S(v))).collect())
}

/// One page of a ticket view.
pub(crate) async fn list_tickets(
    table: &Table,
    org: &OrgId,
    q: &TicketQuery,
    cursor: Option<&str>,
) -> StoreResult<Page<Ticket>> {
    let ix = index_key(org, &q.index);
    let start = match cursor {
        Some(c) => Some(decode_cursor(c, org, &ix).map_err(|_| StoreError::InvalidCursor)?),
        None => None,
    };
    let mut filters = Vec::new();
    let mut names: HashMap<String, String> = HashMap::from([("#pk".into(), ix.pk_attr.into())]);
    let mut values: HashMap<String, AttributeValue> = HashMap::from([(":pk".into(), AttributeValue::S(ix.pk.clone()))]);
    let f = &q.filter;
    if !f.statuses.is_empty() {
        let placeholders: Vec<String> = (0..f.statuses.len()).map(|i| format!(":s{i}")).collect();
        for (p, s) in placeholders.iter().zip(&f.statuses) {
            values.insert(p.clone(), AttributeValue::S(s.as_str().into()));
        }
        names.insert("#status".into(), "status".into());
        filters.push(format!("#status IN ({})", placeholders.join(", ")));
    }
    let mut eq = |attr: &str, value: Option<String>| {
        if let Some(v) = value {
            names.insert(format!("#{attr}"), attr.to_owned());
            values.insert(format!(":{attr}"), AttributeValue::S(v));
            filters.push(format!("#{attr} = :{attr}"));
        }
    };
    eq(
        "priority",
        f.priority.map(|p| {
            serde_json::to_value(p)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        }),
    );
    eq("team_id", f.team.as_ref().map(|t| t.to_string()));
    eq("category", f.category.clone());
    eq("customer_id", f.customer.as_ref().map(|c| c.to_string()));
    if let Some(tag) = &f.tag {
        names.insert("#tags".into(), "tags".into());
        values.insert(":tag".into(), AttributeValue::S(tag.clone()));
        filters.push("contains(#tags, :tag)".into());
    }
    let out = table
        .client()
        .query()
        .table_name(table.name())
        .index_name(ix.name)
        .key_condition_expression("#pk = :pk")
        .set_filter_expression((!filters.is_empty()).then(|| filters.join(" AND ")))
        .set_expression_attribute_names(Some(names))
        .set_expression_attribute_values(Some(values))
        .scan_index_forward(q.index == TicketIndex::BySlaDue)
        .limit(i32::from(q.limit))
        .set_exclusive_start_key(start)
        .send()
        .await
        .map_err(StoreError::sdk)?;
    let items = out
        .items()
        .iter()
        .map(|i| Ok(serde_dynamo::from_item::<_, TicketItem>(i.clone())?.ticket))
        .collect::<Result<_, StoreError>>()?;
    Ok(Page {
        items,
        next_cursor: out.last_evaluated_key().and_then(encode_cursor),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_only_within_their_org_and_partition() {
        let org = OrgId::parse("10001").unwrap();
        let other = OrgId::parse("10002").unwrap();
        let ix = index_key(&org, &TicketIndex::ByOrg);
        let key: HashMap<String, AttributeValue> = [
            ("PK", "ORG#10001#TICKET#01J0000000000000000000000".to_owned()),
            ("SK", "TICKET".to_owned()),
            ("GSI4PK", ix.pk.clone()),
            (
                "GSI4SK",
                "2026-01-01T00:00:00.000000Z#01J0000000000000000000000".to_owned(),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), AttributeValue::S(v)))
        .collect();
        let cursor = encode_cursor(&key).unwrap();
        assert_eq!(decode_cursor(&cursor, &org, &ix).unwrap(), key);
        // Another org, another view, or a changed byte: refused.
        assert!(decode_cursor(&cursor, &other, &index_key(&other, &TicketIndex::ByOrg)).is_err());
        assert!(decode_cursor(&cursor, &org, &index_key(&org, &TicketIndex::ByAssignee(None))).is_err());
        let mut tampered: HashMap<String, String> =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&cursor).unwrap()).unwrap();
        tampered.insert("PK".into(), "ORG#10002#TICKET#x".into());
        let tampered = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&tampered).unwrap());
        assert!(decode_cursor(&tampered, &org, &ix).is_err());
        assert!(decode_cursor("not base64!", &org, &ix).is_err());
    }
}
