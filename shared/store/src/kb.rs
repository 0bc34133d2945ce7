//! The knowledge base: articles with their versions and votes, categories, and the orgs'
//! public names.
//!
//! | access pattern | request | key condition |
//! |---|---|---|
//! | an article | `GetItem` | `PK = ORG#<org>#ARTICLE#<id>`, `SK = ARTICLE` |
//! | articles by id (search hits) | `BatchGetItem` | the articles' keys, 100 at a time |
//! | the article a slug names (unique per org) | `GetItem` | `PK = ORG#<org>#ARTSLUG#<slug>`, `SK = ARTSLUG` |
//! | an org's articles, newest change first | `Query` on `ByOrg` | `GSI4PK = ORG#<org>#ARTICLES`, filters on status, category, tag |
//! | an article's versions / one version | `Query` / `GetItem` | `PK = ORG#<org>#ARTICLE#<id>`, `begins_with(SK, VER#)` / `SK = VER#<n>` |
//! | a voter's vote | `GetItem` | same `PK`, `SK = VOTE#<hash of the voter>` |
//! | create an article | `TransactWriteItems` | article, version 1, slug claim (`attribute_not_exists` each), category check, outbox |
//! | change an article | `TransactWriteItems` | `UpdateItem` of the article (`version = :seen`, counters untouched), new version, slug move, category check, outbox |
//! | count a view | `UpdateItem` (`ADD views`, published only), returns the article | the article |
//! | vote | `TransactWriteItems` | the vote (`attribute_not_exists` / `helpful = :previous`), `ADD` on the article's counters |
//! | categories of an org / one | `Query` / `GetItem` | `PK = ORG#<org>`, `begins_with(SK, KBCAT#)` / `SK = KBCAT#<id>` |
//! | create / change a category | `PutItem` (`attribute_not_exists` / `version = :seen`) | same |
//! | the org a help-center slug names | `GetItem` | `PK = ORGSLUG#<slug>`, `SK = ORGSLUG` (cross-org, see `keys`) |
//! | give an org a slug | `TransactWriteItems` | the claim (free or the org's), the org profile's `slug` |
//! | an org's search manifest / commit one | `GetItem` (consistent) / `PutItem` (`generation = :previous`) | `PK = ORG#<org>#SEARCH`, `SK = MANIFEST` |

use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Delete, Put, Update};
use helpdesk_domain::events::ArticleEvent;
use helpdesk_domain::kb::{Article, ArticleStatus, ArticleVersion, Category, Slug};
use helpdesk_domain::{ArticleId, CategoryId, OrgId};
use serde::{Deserialize, Serialize};

use crate::items::{self, ENTITY, Keyed, OutboxItem, fields, n, s};
use crate::keys::{self, PK, SK};
use crate::ports::{
    ArticleFilter, Expect, KbReads, KbWrites, OrgProfile, Page, SearchManifest, SearchManifests, StoreResult,
};
use crate::tx::{Failure, Item, Tx};
use crate::{SortKey, StoreError, Table};

/// The counters that views and votes move; a change of the article leaves them alone.
const COUNTERS: [&str; 3] = ["views", "helpful", "not_helpful"];

#[derive(Serialize, Deserialize)]
struct ArticleItem {
    #[serde(rename = "PK")]
    pk: String,
    #[serde(rename = "SK")]
    sk: String,
    #[serde(rename = "GSI4PK")]
    gsi4pk: String,
    #[serde(rename = "GSI4SK")]
    gsi4sk: String,
    entity: String,
    #[serde(flatten)]
    article: Article,
}

impl ArticleItem {
    fn item(a: &Article) -> Result<Item, StoreError> {
        Ok(serde_dynamo::to_item(Self {
            pk: keys::article_pk(&a.org_id, a.id),
            sk: keys::ARTICLE_SK.into(),
            gsi4pk: keys::articles_gsi_pk(&a.org_id),
            gsi4sk: keys::article_gsi_sk(a.updated_at, a.id),
            entity: "article".into(),
            article: a.clone(),
        })?)
    }

    fn article(item: Item) -> Result<Article, StoreError> {
        Ok(serde_dynamo::from_item::<_, Self>(item)?.article)
    }
}

fn version_item(org: &OrgId, v: &ArticleVersion) -> Result<Item, StoreError> {
    Ok(serde_dynamo::to_item(Keyed {
        pk: keys::article_pk(org, v.article_id),
        sk: keys::article_version_sk(v.number),
        entity: "article-version".into(),
        value: v,
    })?)
}

fn slug_claim(org: &OrgId, slug: &Slug, id: ArticleId) -> Item {
    fields([
        (PK, s(keys::article_slug_pk(org, slug))),
        (SK, s(keys::ARTICLE_SLUG_SK)),
        (ENTITY, s("article-slug")),
        ("article_id", s(id.to_string())),
    ])
}

fn article_outbox(event: &ArticleEvent) -> Result<Item, StoreError> {
    Ok(serde_dynamo::to_item(OutboxItem::article(event)?)?)
}

const TAKEN: Failure = Failure::Conflict("another article of the org has this slug");

impl Table {
    fn category_exists(&self, tx: &mut Tx<'_>, org: &OrgId, id: CategoryId) -> Result<(), StoreError> {
        tx.check(
            ConditionCheck::builder()
                .key(PK, s(keys::org_pk(org)))
                .key(SK, s(keys::category_sk(id)))
                .condition_expression("attribute_exists(PK)"),
            Failure::NotFound("category"),
        )?;
        Ok(())
    }
}

/// `SET` of every attribute of `item` but its keys and `except`, as one update.
fn set_all(
    mut b: aws_sdk_dynamodb::types::builders::UpdateBuilder,
    item: Item,
    except: &[&str],
) -> aws_sdk_dynamodb::types::builders::UpdateBuilder {
    let mut sets = Vec::new();
    let mut attrs: Vec<_> = item
        .into_iter()
        .filter(|(k, _)| k != PK && k != SK && !except.contains(&k.as_str()))
        .collect();
    attrs.sort_by(|a, b| a.0.cmp(&b.0));
    for (i, (name, value)) in attrs.into_iter().enumerate() {
        sets.push(format!("#a{i} = :a{i}"));
        b = b
            .expression_attribute_names(format!("#a{i}"), name)
            .expression_attribute_values(format!(":a{i}"), value);
    }
    b.update_expression(format!("SET {}", sets.join(", ")))
}

impl KbReads for Table {
    async fn get_article(&self, org: &OrgId, id: ArticleId) -> StoreResult<Option<Article>> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(keys::article_pk(org, id)))
            .key(SK, s(keys::ARTICLE_SK))
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::sdk)?;
        out.item.map(ArticleItem::article).transpose()
    }

    async fn get_articles(&self, org: &OrgId, ids: &[ArticleId]) -> StoreResult<Vec<Article>> {
        let keys = ids
            .iter()
            .map(|id| fields([(PK, s(keys::article_pk(org, *id))), (SK, s(keys::ARTICLE_SK))]))
            .collect();
        let mut found = std::collections::HashMap::new();
        for item in self.batch_get(keys, false).await? {
            let a = ArticleItem::article(item)?;
            found.insert(a.id, a);
        }
        Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
    }

    async fn article_id_by_slug(&self, org: &OrgId, slug: &Slug) -> StoreResult<Option<ArticleId>> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(keys::article_slug_pk(org, slug)))
            .key(SK, s(keys::ARTICLE_SLUG_SK))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        let id = out
            .item
            .as_ref()
            .and_then(|i| i.get("article_id"))
            .and_then(|v| v.as_s().ok());
        id.map(|id| ArticleId::parse(id).map_err(|e| StoreError::Corrupt(e.to_string())))
            .transpose()
    }

    async fn list_articles(
        &self,
        org: &OrgId,
        filter: &ArticleFilter,
        limit: u16,
        cursor: Option<&str>,
    ) -> StoreResult<Page<Article>> {
        let start = match cursor {
            Some(c) => Some(crate::views::decode_plain_cursor(
                c,
                org,
                "GSI4PK",
                &keys::articles_gsi_pk(org),
                &["PK", "SK", "GSI4PK", "GSI4SK"],
            )?),
            None => None,
        };
        let mut q = self
            .client()
            .query()
            .table_name(self.name())
            .index_name(keys::BY_ORG)
            .key_condition_expression("GSI4PK = :pk")
            .expression_attribute_values(":pk", s(keys::articles_gsi_pk(org)))
            .scan_index_forward(false)
            .limit(i32::from(limit))
            .set_exclusive_start_key(start);
        let mut conditions = Vec::new();
        if let Some(st) = filter.status {
            conditions.push("#status = :status");
            q = q
                .expression_attribute_names("#status", "status")
                .expression_attribute_values(":status", s(st.as_str()));
        }
        if let Some(c) = filter.category {
            conditions.push("category_id = :category");
            q = q.expression_attribute_values(":category", s(c.to_string()));
        }
        if let Some(t) = &filter.tag {
            conditions.push("contains(tags, :tag)");
            q = q.expression_attribute_values(":tag", s(t.to_ascii_lowercase()));
        }
        if !conditions.is_empty() {
            q = q.filter_expression(conditions.join(" AND "));
        }
        let out = q.send().await.map_err(StoreError::sdk)?;
        let items = out
            .items()
            .iter()
            .map(|i| ArticleItem::article(i.clone()))
            .collect::<Result<_, _>>()?;
        Ok(Page {
            items,
            next_cursor: out.last_evaluated_key().and_then(crate::views::encode_plain_cursor),
        })
    }

    async fn article_versions(&self, org: &OrgId, id: ArticleId) -> StoreResult<Vec<ArticleVersion>> {
        let items = self
            .partition(
                keys::article_pk(org, id),
                SortKey::BeginsWith(keys::ARTICLE_VERSION_PREFIX),
            )
            .await?;
        let mut versions = items
            .into_iter()
            .map(|i| Ok(serde_dynamo::from_item::<_, Keyed<ArticleVersion>>(i)?.value))
            .collect::<Result<Vec<_>, StoreError>>()?;
        versions.reverse();
        Ok(versions)
    }

    async fn article_version(&self, org: &OrgId, id: ArticleId, number: u32) -> StoreResult<Option<ArticleVersion>> {
        self.get_keyed(keys::article_pk(org, id), keys::article_version_sk(number))
            .await
    }

    async fn article_vote(&self, org: &OrgId, id: ArticleId, voter: &str) -> StoreResult<Option<bool>> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(keys::article_pk(org, id)))
            .key(SK, s(keys::article_vote_sk(voter)))
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::sdk)?;
        Ok(out
            .item
            .as_ref()
            .and_then(|i| i.get("helpful"))
            .and_then(|v| v.as_bool().ok())
            .copied())
    }

    async fn list_categories(&self, org: &OrgId) -> StoreResult<Vec<Category>> {
        self.query_prefix(keys::org_pk(org), keys::CATEGORY_PREFIX).await
    }

    async fn get_category(&self, org: &OrgId, id: CategoryId) -> StoreResult<Option<Category>> {
        self.get_keyed(keys::org_pk(org), keys::category_sk(id)).await
    }

    async fn org_by_slug(&self, slug: &str) -> StoreResult<Option<OrgId>> {
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(keys::org_slug_pk(slug)))
            .key(SK, s(keys::ORG_SLUG_SK))
            .send()
            .await
            .map_err(StoreError::sdk)?;
        let org = out
            .item
            .as_ref()
            .and_then(|i| i.get("org_id"))
            .and_then(|v| v.as_s().ok());
        org.map(|o| OrgId::parse(o).map_err(|e| StoreError::Corrupt(e.to_string())))
            .transpose()
    }

    async fn org_profile(&self, org: &OrgId) -> StoreResult<Option<OrgProfile>> {
        #[derive(Deserialize)]
        struct Profile {
            #[serde(default)]
            name: Option<String>,
            #[serde(default)]
            slug: Option<String>,
        }
        let out = self
            .client()
            .get_item()
            .table_name(self.name())
            .key(PK, s(keys::org_pk(org)))
            .key(SK, s(keys::ORG_SK))
            .projection_expression("#name, slug")
            .expression_attribute_names("#name", "name")
            .send()
            .await
            .map_err(StoreError::sdk)?;
        let Some(item) = out.item else { return Ok(None) };
        let p: Profile = serde_dynamo::from_item(item)?;
        Ok(Some(OrgProfile {
            id: org.clone(),
            name: p.name.unwrap_or_else(|| org.to_string()),
            slug: p.slug,
        }))
    }
}

impl KbWrites for Table {
    async fn create_article(&self, a: &Article, v: &ArticleVersion, event: &ArticleEvent) -> StoreResult<()> {
        let org = &a.org_id;
        let mut tx = Tx::new(self);
        if let Some(c) = a.category_id {
            self.category_exists(&mut tx, org, c)?;
        }
        tx.put_new(slug_claim(org, &a.slug, a.id), TAKEN)?;
        tx.put_new(ArticleItem::item(a)?, Failure::Conflict("the article exists"))?;
        tx.put_new(version_item(org, v)?, Failure::Conflict("the version exists"))?;
        tx.put_item(article_outbox(event)?, None)?;
        tx.commit().await
    }

    async fn save_article(
        &self,
        before: &Article,
        after: &Article,
        version: Option<&ArticleVersion>,
        event: &ArticleEvent,
    ) -> StoreResult<()> {
        let org = &after.org_id;
        let mut tx = Tx::new(self);
        if let Some(c) = after.category_id.filter(|c| before.category_id != Some(*c)) {
            self.category_exists(&mut tx, org, c)?;
        }
        let update = Update::builder()
            .key(PK, s(keys::article_pk(org, after.id)))
            .key(SK, s(keys::ARTICLE_SK))
            .condition_expression("#v = :seen")
            .expression_attribute_names("#v", "version")
            .expression_attribute_values(":seen", n(before.version));
        tx.update(
            set_all(update, ArticleItem::item(after)?, &COUNTERS),
            Some(Failure::Stale),
        )?;
        if let Some(v) = version {
            // Someone else made this version number first: the article moved on.
            tx.put_new(version_item(org, v)?, Failure::Stale)?;
        }
        if before.slug != after.slug {
            tx.put_new(slug_claim(org, &after.slug, after.id), TAKEN)?;
            tx.delete(
                Delete::builder()
                    .key(PK, s(keys::article_slug_pk(org, &before.slug)))
                    .key(SK, s(keys::ARTICLE_SLUG_SK)),
            )?;
        }
        tx.put_item(article_outbox(event)?, None)?;
        tx.commit().await
    }

    async fn count_view(&self, org: &OrgId, id: ArticleId) -> StoreResult<Option<Article>> {
        let out = self
            .client()
            .update_item()
            .table_name(self.name())
            .key(PK, s(keys::article_pk(org, id)))
            .key(SK, s(keys::ARTICLE_SK))
            .update_expression("ADD #views :one")
            .condition_expression("attribute_exists(PK) AND #status = :published")
            .expression_attribute_names("#views", "views")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":published", s(ArticleStatus::Published.as_str()))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::AllNew)
            .send()
            .await;
        match out {
            Ok(out) => out.attributes.map(ArticleItem::article).transpose(),
            Err(e) if crate::error::condition_failed(&e) => Ok(None),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }

    async fn record_vote(
        &self,
        org: &OrgId,
        id: ArticleId,
        voter: &str,
        previous: Option<bool>,
        helpful: bool,
    ) -> StoreResult<()> {
        let (dh, dn) = helpdesk_domain::kb::vote_delta(previous, helpful);
        if (dh, dn) == (0, 0) {
            return Ok(());
        }
        let pk = keys::article_pk(org, id);
        let vote = fields([
            (PK, s(pk.clone())),
            (SK, s(keys::article_vote_sk(voter))),
            (ENTITY, s("article-vote")),
            ("helpful", AttributeValue::Bool(helpful)),
        ]);
        let put = Put::builder().set_item(Some(vote));
        let put = match previous {
            None => put.condition_expression("attribute_not_exists(PK)"),
            Some(p) => put
                .condition_expression("helpful = :previous")
                .expression_attribute_values(":previous", AttributeValue::Bool(p)),
        };
        let mut tx = Tx::new(self);
        tx.update(
            Update::builder()
                .key(PK, s(pk))
                .key(SK, s(keys::ARTICLE_SK))
                .update_expression("ADD helpful :h, not_helpful :n")
                .condition_expression("attribute_exists(PK)")
                .expression_attribute_values(":h", n(dh))
                .expression_attribute_values(":n", n(dn)),
            Some(Failure::NotFound("article")),
        )?;
        tx.put(put, Some(Failure::Stale))?;
        tx.commit().await
    }

    async fn put_category(&self, c: &Category, expect: Expect) -> StoreResult<()> {
        self.put_versioned(keys::org_pk(&c.org_id), keys::category_sk(c.id), "category", c, expect)
            .await
    }

    async fn put_org_slug(&self, org: &OrgId, slug: &str) -> StoreResult<()> {
        let claim = (keys::org_slug_pk(slug), keys::ORG_SLUG_SK, "org-slug");
        let mut tx = Tx::new(self);
        tx.extend(items::org_claim(
            self,
            org,
            claim,
            "slug",
            slug,
            "another org has this slug",
        )?);
        tx.commit().await
    }
}

impl SearchManifests for Table {
    async fn search_manifest(&self, org: &OrgId) -> StoreResult<Option<SearchManifest>> {
        self.get_keyed(keys::search_pk(org), keys::SEARCH_MANIFEST_SK.to_owned())
            .await
    }

    async fn put_search_manifest(&self, org: &OrgId, m: &SearchManifest) -> StoreResult<()> {
        let expect = match m.generation {
            0 | 1 => Expect::New,
            g => Expect::Version(g - 1),
        };
        let item = serde_dynamo::to_item(Keyed {
            pk: keys::search_pk(org),
            sk: keys::SEARCH_MANIFEST_SK.to_owned(),
            entity: "search-manifest".into(),
            value: m,
        })?;
        let put = self.client().put_item().table_name(self.name()).set_item(Some(item));
        let put = match expect {
            Expect::New => put.condition_expression("attribute_not_exists(PK)"),
            Expect::Version(g) => put
                .condition_expression("generation = :previous")
                .expression_attribute_values(":previous", n(g)),
        };
        match put.send().await {
            Ok(_) => Ok(()),
            Err(e) if crate::error::condition_failed(&e) => Err(StoreError::Stale),
            Err(e) => Err(StoreError::sdk(e)),
        }
    }
}
