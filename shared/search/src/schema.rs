//! The index's fields and its text analyzer.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
};
use tantivy::{Index, TantivyDocument};

use crate::query::Kind;
use crate::{ArticleDoc, TicketDoc};

/// The analyzer of the text fields (and of queries): stemmed, no stop words.
pub(crate) const ANALYZER: &str = "helpdesk";
/// The analyzer of their `_raw` twins, which fuzzy and prefix matches use: the words as
/// written (a typo is measured against what people type, not against a stem).
pub(crate) const PLAIN: &str = "helpdesk_plain";

/// Words longer than this are not indexed (hashes, base64).
const LONGEST_WORD: usize = 40;

pub(crate) fn analyzer() -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .dynamic();
    let builder = match StopWordFilter::new(Language::English) {
        Some(stop) => builder.filter_dynamic(stop),
        None => builder,
    };
    builder.filter_dynamic(Stemmer::new(Language::English)).build()
}

/// The same cut, case and folding without stop words or stems: the words as typed.
pub(crate) fn plain() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Every field of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `t:<ticket id>` or `a:<article id>`: what a hit names, and what a change replaces.
    pub key: Field,
    /// `ticket` or `article`.
    pub kind: Field,
    /// What people call it: a ticket's number, an article's slug (stored only).
    pub reference: Field,
    /// A ticket's subject; an article's draft title.
    pub title: Field,
    /// A ticket's public messages; an article's draft text.
    pub body: Field,
    /// A ticket's internal notes.
    pub notes: Field,
    /// A published article's live title and text (what customers search).
    pub public_title: Field,
    pub public_body: Field,
    /// A ticket's customer's name and email.
    pub people: Field,
    /// The same texts, unstemmed.
    pub title_raw: Field,
    pub body_raw: Field,
    pub notes_raw: Field,
    pub public_title_raw: Field,
    pub public_body_raw: Field,
    pub people_raw: Field,
    /// `tkt-000123` and `123`.
    pub number: Field,
    pub tags: Field,
    pub status: Field,
    /// Whose ticket it is (customers find only their own).
    pub customer: Field,
    /// `1` for an article customers may read.
    pub public: Field,
    pub updated_at: Field,
}

fn raw() -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(PLAIN)
        .set_index_option(IndexRecordOption::Basic);
    TextOptions::default().set_indexing_options(indexing)
}

fn text(stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(ANALYZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored { options.set_stored() } else { options }
}

pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        key: b.add_text_field("key", STRING | STORED),
        kind: b.add_text_field("kind", STRING),
        reference: b.add_text_field("reference", STORED),
        title: b.add_text_field("title", text(true)),
        body: b.add_text_field("body", text(true)),
        notes: b.add_text_field("notes", text(true)),
        public_title: b.add_text_field("public_title", text(true)),
        public_body: b.add_text_field("public_body", text(true)),
        people: b.add_text_field("people", text(false)),
        title_raw: b.add_text_field("title_raw", raw()),
        body_raw: b.add_text_field("body_raw", raw()),
        notes_raw: b.add_text_field("notes_raw", raw()),
        public_title_raw: b.add_text_field("public_title_raw", raw()),
        public_body_raw: b.add_text_field("public_body_raw", raw()),
        people_raw: b.add_text_field("people_raw", raw()),
        number: b.add_text_field("number", STRING),
        tags: b.add_text_field("tags", STRING),
        status: b.add_text_field("status", STRING),
        customer: b.add_text_field("customer", STRING),
        public: b.add_text_field("public", STRING),
        updated_at: b.add_i64_field("updated_at", INDEXED | FAST),
    };
    (b.build(), fields)
}

pub(crate) fn register(index: &Index) {
    index.tokenizers().register(ANALYZER, analyzer());
    index.tokenizers().register(PLAIN, plain());
}

pub(crate) fn key(kind: Kind, id: &str) -> String {
    format!("{}:{id}", kind.prefix())
}

pub(crate) fn parse_key(key: &str) -> Option<(Kind, String)> {
    let (prefix, id) = key.split_once(':')?;
    let kind = [Kind::Ticket, Kind::Article]
        .into_iter()
        .find(|k| k.prefix() == prefix)?;
    Some((kind, id.to_owned()))
}

impl Fields {
    pub(crate) fn ticket(&self, t: &TicketDoc) -> TantivyDocument {
        let mut d = TantivyDocument::default();
        d.add_text(self.key, key(Kind::Ticket, &t.id));
        d.add_text(self.kind, Kind::Ticket.as_str());
        d.add_text(self.reference, &t.number);
        d.add_text(self.title, &t.subject);
        d.add_text(self.title_raw, &t.subject);
        for m in &t.messages {
            d.add_text(self.body, m);
            d.add_text(self.body_raw, m);
        }
        for n in &t.notes {
            d.add_text(self.notes, n);
            d.add_text(self.notes_raw, n);
        }
        let people = format!("{} {}", t.customer_name, t.customer_email);
        d.add_text(self.people, &people);
        d.add_text(self.people_raw, &people);
        d.add_text(self.number, t.number.to_ascii_lowercase());
        if let Some(n) = t.number.rsplit('-').next().map(|n| n.trim_start_matches('0'))
            && !n.is_empty()
        {
            d.add_text(self.number, n);
        }
        for tag in &t.tags {
            d.add_text(self.tags, tag.to_ascii_lowercase());
        }
        d.add_text(self.status, &t.status);
        d.add_text(self.customer, &t.customer_id);
        d.add_i64(self.updated_at, t.updated_at);
        d
    }

    pub(crate) fn article(&self, a: &ArticleDoc) -> TantivyDocument {
        let mut d = TantivyDocument::default();
        d.add_text(self.key, key(Kind::Article, &a.id));
        d.add_text(self.kind, Kind::Article.as_str());
        d.add_text(self.reference, &a.slug);
        d.add_text(self.title, &a.title);
        d.add_text(self.title_raw, &a.title);
        d.add_text(self.body, &a.body);
        d.add_text(self.body_raw, &a.body);
        if let Some((title, body)) = &a.published {
            d.add_text(self.public_title, title);
            d.add_text(self.public_title_raw, title);
            d.add_text(self.public_body, body);
            d.add_text(self.public_body_raw, body);
            d.add_text(self.public, "1");
        }
        for tag in &a.tags {
            d.add_text(self.tags, tag.to_ascii_lowercase());
        }
        d.add_text(self.status, &a.status);
        d.add_i64(self.updated_at, a.updated_at);
        d
    }
}
