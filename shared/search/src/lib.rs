//! Full-text search over one org's tickets and articles, with `tantivy`.
//!
//! One index per org, in a local directory: it holds each document's id and the text
//! needed to rank it and cut a snippet; the documents themselves stay in DynamoDB. This
//! crate knows nothing of AWS: the application layer moves the index's immutable files
//! to and from S3 ([`OrgIndex::files`]) and keeps the manifest in the table.
//!
//! Queries are typo-tolerant the way Meilisearch's are: a word of 1-4 characters must
//! match exactly, 5-8 characters within one edit, 9 or more within two (a transposition
//! counts one); the last word is a prefix while the user is still typing it. Hits
//! without typos come first (the fuzzy pass runs only when they are fewer than asked
//! for); exact matches score by BM25, fuzzy ones low and flat; titles
//! outweigh bodies. Text is cut on Unicode word boundaries, lower-cased, folded to ASCII
//! (`café` finds `cafe`), English stop words dropped and words stemmed.

mod query;
mod schema;

use std::path::{Path, PathBuf};

use std::collections::HashSet;
use std::sync::OnceLock;
use tantivy::collector::TopDocs;
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;

use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

pub use query::{Audience, Kind, Search, Words, words};
pub use schema::Fields;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index files: {0}")]
    Io(#[from] std::io::Error),
    #[error("search index: {0}")]
    Corrupt(String),
}

pub type SearchResult<T> = Result<T, SearchError>;

/// A ticket as the index holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketDoc {
    pub id: String,
    /// `TKT-000123`.
    pub number: String,
    pub subject: String,
    pub status: String,
    pub customer_id: String,
    pub customer_name: String,
    pub customer_email: String,
    pub tags: Vec<String>,
    /// Public messages (customers may find their own tickets by them).
    pub messages: Vec<String>,
    /// Internal notes: staff only.
    pub notes: Vec<String>,
    /// Seconds since the epoch: newer wins ties.
    pub updated_at: i64,
}

/// An article as the index holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleDoc {
    pub id: String,
    pub slug: String,
    /// The newest draft's title and text (what staff search).
    pub title: String,
    pub body: String,
    pub status: String,
    pub category_id: Option<String>,
    pub tags: Vec<String>,
    /// The published version's title and text, if it is published (what customers search).
    pub published: Option<(String, String)>,
    pub updated_at: i64,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub kind: Kind,
    pub id: String,
    /// A ticket's number, an article's slug.
    pub reference: String,
    pub title: String,
    /// A fragment of the best-matching text, HTML-escaped, matches in `<mark>`.
    pub snippet: String,
    pub score: f32,
}

/// An org's index in a local directory.
pub struct OrgIndex {
    index: Index,
    fields: Fields,
    dir: PathBuf,
    /// Opened on the first search and kept: an opened index is one generation, and a
    /// reader costs its segments' opening (and, reloading on its own, a watcher thread).
    reader: OnceLock<IndexReader>,
}

impl std::fmt::Debug for OrgIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OrgIndex")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// Memory the writer may buffer before it flushes a segment.
const WRITER_BYTES: usize = 32 << 20;

/// How long a snippet is, in characters.
const SNIPPET_CHARS: usize = 160;

impl OrgIndex {
    /// Opens the index in `dir`, creating an empty one if there is none.
    pub fn open_or_create(dir: &Path) -> SearchResult<Self> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema::build();
        let mmap = tantivy::directory::MmapDirectory::open(dir).map_err(|e| SearchError::Corrupt(e.to_string()))?;
        let index = Index::open_or_create(mmap, schema)?;
        schema::register(&index);
        Ok(Self {
            index,
            fields,
            dir: dir.to_owned(),
            reader: OnceLock::new(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Adds or replaces documents and deletes others, in one commit; `None` when
    /// nothing was asked. Returns the files of the index after it.
    pub fn apply(&self, changes: &Changes) -> SearchResult<Option<Files>> {
        if changes.is_empty() {
            return Ok(None);
        }
        let mut writer: IndexWriter<TantivyDocument> = self.index.writer_with_num_threads(1, WRITER_BYTES)?;
        if changes.replace_all {
            writer.delete_all_documents()?;
        }
        for t in &changes.tickets {
            let key = schema::key(Kind::Ticket, &t.id);
            writer.delete_term(Term::from_field_text(self.fields.key, &key));
            writer.add_document(self.fields.ticket(t))?;
        }
        for a in &changes.articles {
            let key = schema::key(Kind::Article, &a.id);
            writer.delete_term(Term::from_field_text(self.fields.key, &key));
            writer.add_document(self.fields.article(a))?;
        }
        for (kind, id) in &changes.deleted {
            writer.delete_term(Term::from_field_text(self.fields.key, &schema::key(*kind, id)));
        }
        writer.commit()?;
        if changes.replace_all {
            // A rebuild leaves one segment per flushed buffer: merged into one, a query
            // walks one term dictionary per field instead of one per segment.
            let segments = self.index.searchable_segment_ids()?;
            if segments.len() > 1 {
                writer.merge(&segments).wait()?;
            }
        }
        writer.wait_merging_threads()?;
        // The cached reader reloads only when told: this process's own writes show at once.
        if let Some(reader) = self.reader.get() {
            reader.reload()?;
        }
        self.files().map(Some)
    }

    /// The files that make up the index now: each segment's immutable files, and the
    /// contents of `meta.json` (which names them).
    pub fn files(&self) -> SearchResult<Files> {
        let metas = self.index.load_metas()?;
        let mut names = Vec::new();
        use tantivy::index::SegmentComponent as C;
        for segment in &metas.segments {
            for component in [
                C::Postings,
                C::Positions,
                C::FastFields,
                C::FieldNorms,
                C::Terms,
                C::Store,
                C::Delete,
            ] {
                let path = segment.relative_path(component);
                // A segment without deletes has no delete file, and so on.
                if self.dir.join(&path).exists() {
                    names.push(path.to_string_lossy().into_owned());
                }
            }
        }
        names.sort();
        let meta = std::fs::read_to_string(self.dir.join("meta.json"))?;
        Ok(Files { names, meta })
    }

    fn reader(&self) -> SearchResult<&IndexReader> {
        if let Some(r) = self.reader.get() {
            return Ok(r);
        }
        let reader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(self.reader.get_or_init(|| reader))
    }

    /// The number of segments (each is searched apart).
    pub fn segments(&self) -> SearchResult<usize> {
        Ok(self.index.searchable_segment_ids()?.len())
    }

    /// The number of documents the index holds.
    pub fn len(&self) -> SearchResult<u64> {
        Ok(self.reader()?.searcher().num_docs())
    }

    pub fn is_empty(&self) -> SearchResult<bool> {
        Ok(self.len()? == 0)
    }

    /// The best `limit` hits for `search`, each with a snippet.
    pub fn search(&self, search: &Search, limit: usize) -> SearchResult<Vec<Hit>> {
        let Some(exact) = query::build(&self.fields, search, false) else {
            return Ok(Vec::new());
        };
        let searcher = self.reader()?.searcher();
        let top_docs = TopDocs::with_limit(limit).order_by_score();
        let mut top = searcher.search(&exact, &top_docs)?;
        // Meilisearch's typo rule: hits without typos first. The fuzzy pass (the costly
        // one: automata over the term dictionaries) runs only when those are too few.
        if top.len() < limit
            && search.words.allows_typos()
            && let Some(fuzzy) = query::build(&self.fields, search, true)
        {
            let more = searcher.search(&fuzzy, &top_docs)?;
            let seen: HashSet<_> = top.iter().map(|(_, a)| *a).collect();
            let room = limit - top.len();
            top.extend(more.into_iter().filter(|(_, a)| !seen.contains(a)).take(room));
        }
        let plain = schema::plain();
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| {
                doc.get_all(field)
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect::<Vec<_>>()
                    .join(" … ")
            };
            let (kind, id) = schema::parse_key(&text(self.fields.key))
                .ok_or_else(|| SearchError::Corrupt("a document without a key".into()))?;
            let (title, body) = match (kind, &search.audience) {
                (Kind::Article, Audience::Staff) => (text(self.fields.title), text(self.fields.body)),
                (Kind::Article, _) => (text(self.fields.public_title), text(self.fields.public_body)),
                (Kind::Ticket, Audience::Staff) => {
                    let body = text(self.fields.body);
                    let notes = text(self.fields.notes);
                    (
                        text(self.fields.title),
                        if notes.is_empty() {
                            body
                        } else {
                            format!("{body} … {notes}")
                        },
                    )
                }
                (Kind::Ticket, _) => (text(self.fields.title), text(self.fields.body)),
            };
            let terms = query::matching_terms(&search.words, &format!("{title} {body}"));
            let mut generator = SnippetGenerator::new(terms, plain.clone(), self.fields.body, SNIPPET_CHARS);
            generator.set_max_num_chars(SNIPPET_CHARS);
            let mut snippet = generator.snippet(&body);
            if snippet.is_empty() {
                snippet = generator.snippet(&title);
            }
            snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            let snippet = if snippet.fragment().is_empty() {
                escape(&body.chars().take(SNIPPET_CHARS).collect::<String>())
            } else {
                snippet.to_html()
            };
            hits.push(Hit {
                kind,
                id,
                reference: text(self.fields.reference),
                title,
                snippet,
                score,
            });
        }
        Ok(hits)
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// What one commit changes.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// Drop every document first (a rebuild).
    pub replace_all: bool,
    pub tickets: Vec<TicketDoc>,
    pub articles: Vec<ArticleDoc>,
    pub deleted: Vec<(Kind, String)>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        !self.replace_all && self.tickets.is_empty() && self.articles.is_empty() && self.deleted.is_empty()
    }
}

/// An index's files: segment files (immutable, named by segment) and `meta.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Files {
    pub names: Vec<String>,
    pub meta: String,
}
