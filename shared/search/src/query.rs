//! From what a user typed to a tantivy query: words with their typo budget, phrases,
//! who is asking, and which fields and documents that lets them reach.

use std::collections::{BTreeMap, HashSet};

use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use crate::schema::{self, Fields};

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Ticket,
    Article,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ticket => "ticket",
            Self::Article => "article",
        }
    }

    pub(crate) fn prefix(self) -> &'static str {
        match self {
            Self::Ticket => "t",
            Self::Article => "a",
        }
    }
}

/// Who searches, which decides what they may find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Every ticket (internal notes too) and every article (drafts too).
    Staff,
    /// Their own tickets' public messages, and published articles.
    Customer(String),
    /// Published articles only (the help center, suggestions).
    Public,
}

/// A word of the query as typed, and how it may match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Lower-cased and folded, not stemmed.
    pub typed: String,
    /// As the index holds it; `None` for a stop word.
    pub stem: Option<String>,
    /// The edits a match may be away (by the typed word's length).
    pub distance: u8,
    /// Still being typed: a prefix of the word meant.
    pub prefix: bool,
}

/// A query's words and phrases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    pub words: Vec<Word>,
    /// Quoted phrases, as stems with their positions.
    pub phrases: Vec<Vec<(usize, String)>>,
    /// Ticket numbers the query names (`123` for `TKT-000123` or `123`).
    pub numbers: Vec<String>,
}

impl Words {
    /// Whether a word may match with typos (so a second pass could find more).
    pub fn allows_typos(&self) -> bool {
        self.words.iter().any(|w| w.distance > 0)
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| w.stem.is_none() && !w.prefix) && self.phrases.is_empty() && self.numbers.is_empty()
    }
}

/// A search: the words, who asks, and filters.
#[derive(Debug, Clone)]
pub struct Search {
    pub words: Words,
    pub audience: Audience,
    pub kind: Option<Kind>,
    pub status: Option<String>,
    /// Every word must match (search), or any word may (suggestions while typing).
    pub all_words: bool,
}

/// The typo budget of a word of `chars` characters.
pub fn distance(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        out.push((t.position, t.text.clone()));
    }
    out
}

/// The words and phrases of `q`.
pub fn words(q: &str) -> Words {
    let mut stems = schema::analyzer();
    let mut plain = schema::plain();
    let mut out = Words::default();
    let still_typing = !q.ends_with(|c: char| c.is_whitespace() || c == '"');
    // Odd pieces are inside quotes; the last piece is free text even after an open quote.
    let pieces: Vec<&str> = q.split('"').collect();
    let last_free = pieces.len() - 1;
    for (i, piece) in pieces.iter().enumerate() {
        if i % 2 == 1 && i != pieces.len() - 1 {
            let phrase = tokens(&mut stems, piece);
            match phrase.len() {
                0 => {}
                1 => out.words.push(Word {
                    typed: phrase[0].1.clone(),
                    stem: Some(phrase[0].1.clone()),
                    distance: 0,
                    prefix: false,
                }),
                _ => out.phrases.push(phrase),
            }
            continue;
        }
        let typed = tokens(&mut plain, piece);
        let n = typed.len();
        let mut skip_next_tkt = false;
        for (j, (_, w)) in typed.iter().enumerate() {
            let digits = w.bytes().all(|b| b.is_ascii_digit());
            let after_tkt = skip_next_tkt;
            skip_next_tkt = false;
            if w == "tkt"
                && typed
                    .get(j + 1)
                    .is_some_and(|(_, n)| n.bytes().all(|b| b.is_ascii_digit()))
            {
                skip_next_tkt = true;
                continue;
            }
            if digits {
                let trimmed = w.trim_start_matches('0');
                if !trimmed.is_empty() {
                    out.numbers.push(trimmed.to_owned());
                }
                if after_tkt {
                    continue;
                }
            }
            let stem = tokens(&mut stems, w).into_iter().next().map(|(_, s)| s);
            let last = i == last_free && j + 1 == n && still_typing;
            out.words.push(Word {
                typed: w.clone(),
                stem,
                distance: distance(w.chars().count()),
                prefix: last,
            });
        }
    }
    out
}

/// Field weights: titles outweigh bodies.
const TITLE: f32 = 3.0;
const BODY: f32 = 1.0;
const PEOPLE: f32 = 2.0;
const TAGS: f32 = 2.0;
const NUMBER: f32 = 10.0;
/// Fuzzy and prefix matches score flat (1.0 each) times this and their field weight:
/// far below an exact BM25 match.
const FUZZY: f32 = 0.2;

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, boost))
}

fn term(field: Field, text: &str) -> Term {
    Term::from_field_text(field, text)
}

fn exact(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(term(field, text), IndexRecordOption::WithFreqs))
}

/// A text field, its unstemmed twin, and its weight.
type TextField = (Field, Field, f32);

/// The ways one word may match in `fields`: its stem exactly (BM25), the word as typed
/// within its typo budget (when `typos`), or (the last word) as a prefix.
fn word_query(w: &Word, fields: &[TextField], tags: Option<Field>, typos: bool) -> Option<Box<dyn Query>> {
    let distance = if typos { w.distance } else { 0 };
    let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for &(field, raw, weight) in fields {
        if let Some(stem) = &w.stem {
            alternatives.push((Occur::Should, boosted(exact(field, stem), weight)));
            if distance > 0 {
                let fuzzy = FuzzyTermQuery::new(term(raw, &w.typed), w.distance, true);
                alternatives.push((Occur::Should, boosted(Box::new(fuzzy), weight * FUZZY)));
            }
        }
        if w.prefix {
            let prefix = FuzzyTermQuery::new_prefix(term(raw, &w.typed), distance, true);
            alternatives.push((Occur::Should, boosted(Box::new(prefix), weight * FUZZY)));
        }
    }
    if let Some(tags) = tags
        && w.stem.is_some()
    {
        alternatives.push((Occur::Should, boosted(exact(tags, &w.typed), TAGS)));
    }
    (!alternatives.is_empty()).then(|| Box::new(BooleanQuery::new(alternatives)) as Box<dyn Query>)
}

fn phrase_query(phrase: &[(usize, String)], fields: &[TextField]) -> Box<dyn Query> {
    let alternatives = fields
        .iter()
        .map(|&(field, _, weight)| {
            let terms = phrase.iter().map(|(pos, t)| (*pos, term(field, t))).collect();
            (
                Occur::Should,
                boosted(Box::new(PhraseQuery::new_with_offset(terms)), weight),
            )
        })
        .collect();
    Box::new(BooleanQuery::new(alternatives))
}

/// A clause that only narrows: it adds nothing to the score, so which kind, customer
/// or status a document has never changes how it ranks.
fn filter(q: Box<dyn Query>) -> (Occur, Box<dyn Query>) {
    (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)))
}

/// The documents (of one kind, or of both) an audience may reach, matching the words.
fn part(
    f: &Fields,
    s: &Search,
    kind: Option<Kind>,
    text: &[TextField],
    filters: Vec<Box<dyn Query>>,
    typos: bool,
) -> Option<Box<dyn Query>> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    clauses.extend(kind.map(|k| filter(exact(f.kind, k.as_str()))));
    clauses.extend(filters.into_iter().map(filter));
    if let Some(status) = &s.status {
        clauses.push(filter(exact(f.status, status)));
    }
    // Search: every word must match; suggestions: any (a query of only `Should`
    // clauses matches documents that match at least one).
    let word_occur = if s.all_words { Occur::Must } else { Occur::Should };
    let mut words: Vec<(Occur, Box<dyn Query>)> = s
        .words
        .words
        .iter()
        .filter_map(|w| word_query(w, text, Some(f.tags), typos))
        .map(|q| (word_occur, q))
        .collect();
    words.extend(s.words.phrases.iter().map(|p| (word_occur, phrase_query(p, text))));
    let words = (!words.is_empty()).then(|| Box::new(BooleanQuery::new(words)) as Box<dyn Query>);
    // Only tickets have numbers.
    let numbers = (kind != Some(Kind::Article) && !s.words.numbers.is_empty()).then(|| {
        let any = s
            .words
            .numbers
            .iter()
            .map(|n| (Occur::Should, boosted(exact(f.number, n), NUMBER)))
            .collect();
        Box::new(BooleanQuery::new(any)) as Box<dyn Query>
    });
    let matcher: Box<dyn Query> = match (words, numbers) {
        (None, None) => return None,
        (Some(q), None) | (None, Some(q)) => q,
        // A number finds its ticket even when the words do not.
        (Some(w), Some(n)) => Box::new(BooleanQuery::new(vec![(Occur::Should, w), (Occur::Should, n)])),
    };
    clauses.push((Occur::Must, matcher));
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// The query for `s`, or `None` when it has nothing to look for. Without `typos`, words
/// match only exactly (and the last one as an exact prefix): the first, cheaper pass.
pub(crate) fn build(f: &Fields, s: &Search, typos: bool) -> Option<Box<dyn Query>> {
    if s.words.is_empty() {
        return None;
    }
    let wants = |k: Kind| s.kind.is_none_or(|want| want == k);
    let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    match &s.audience {
        Audience::Staff => {
            // Staff reach every document, and articles and tickets share the title and
            // body fields (articles have no notes or people): one part for both kinds
            // walks each field's postings and term dictionary once, not twice.
            let fields = [
                (f.title, f.title_raw, TITLE),
                (f.body, f.body_raw, BODY),
                (f.notes, f.notes_raw, BODY),
                (f.people, f.people_raw, PEOPLE),
            ];
            parts.extend(part(f, s, s.kind, &fields, vec![], typos).map(|q| (Occur::Should, q)));
        }
        Audience::Customer(me) => {
            if wants(Kind::Ticket) {
                let fields = [(f.title, f.title_raw, TITLE), (f.body, f.body_raw, BODY)];
                let mine = vec![exact(f.customer, me)];
                parts.extend(part(f, s, Some(Kind::Ticket), &fields, mine, typos).map(|q| (Occur::Should, q)));
            }
            if wants(Kind::Article) {
                let fields = [
                    (f.public_title, f.public_title_raw, TITLE),
                    (f.public_body, f.public_body_raw, BODY),
                ];
                let live = vec![exact(f.public, "1")];
                parts.extend(part(f, s, Some(Kind::Article), &fields, live, typos).map(|q| (Occur::Should, q)));
            }
        }
        Audience::Public => {
            if wants(Kind::Article) {
                let fields = [
                    (f.public_title, f.public_title_raw, TITLE),
                    (f.public_body, f.public_body_raw, BODY),
                ];
                let live = vec![exact(f.public, "1")];
                parts.extend(part(f, s, Some(Kind::Article), &fields, live, typos).map(|q| (Occur::Should, q)));
            }
        }
    }
    (!parts.is_empty()).then(|| Box::new(BooleanQuery::new(parts)) as Box<dyn Query>)
}

/// Optimal string alignment distance (a transposition counts one edit).
fn edits(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// Whether a word of a text (as written, and its stem) matches a query word the way
/// the query lets it.
fn matches(token: &str, stem: Option<&str>, w: &Word) -> bool {
    let d = usize::from(w.distance);
    let n = w.typed.chars().count();
    // Lengths further apart than the budget can never be within it: skip the edit count.
    let near = |a: &str| d > 0 && a.chars().count().abs_diff(n) <= d && edits(a, &w.typed) <= d;
    if w.stem.is_some() && (stem == w.stem.as_deref() || near(token)) {
        return true;
    }
    if w.prefix {
        // Any prefix of the token within the word's budget of the typed word.
        let head: String = token.chars().take(n).collect();
        return token.starts_with(&w.typed) || near(&head);
    }
    false
}

/// The words of `text` (as the plain analyzer cuts them) that a snippet should mark.
/// Each distinct word is judged once: a hit's text repeats its words many times, and
/// this runs for every hit of every query.
pub(crate) fn matching_terms(words: &Words, text: &str) -> BTreeMap<String, f32> {
    let mut plain = schema::plain();
    let mut stems = schema::analyzer();
    let mut out = BTreeMap::new();
    let mut judged = HashSet::new();
    let phrase_terms: Vec<&String> = words.phrases.iter().flatten().map(|(_, t)| t).collect();
    for (_, token) in tokens(&mut plain, text) {
        if judged.contains(&token) {
            continue;
        }
        let stem = tokens(&mut stems, &token).into_iter().next().map(|(_, s)| s);
        let phrase = stem.as_ref().is_some_and(|s| phrase_terms.contains(&s));
        if phrase || words.words.iter().any(|w| matches(&token, stem.as_deref(), w)) {
            out.insert(token.clone(), 1.0);
        }
        judged.insert(token);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_exact_stems_typos_within_budget_and_the_prefix() {
        // "refnd" is one edit from "refund", "dashbord" one from "dashboard" (and far
        // from "dash"); "invoices" two from "invoce"; "pass" is the prefix.
        let w = words("refnd invoce dashbord pass");
        let marked = matching_terms(
            &w,
            "Refund the invoices? My dash dashboard password, refund again, passport",
        );
        let marked: Vec<&str> = marked.keys().map(String::as_str).collect();
        assert_eq!(marked, ["dashboard", "passport", "password", "refund"]);
        let w = words("invoices ");
        assert_eq!(
            matching_terms(&w, "one invoice, two invoices")
                .keys()
                .collect::<Vec<_>>(),
            ["invoice", "invoices"],
            "one stem"
        );
    }

    #[test]
    fn typo_budgets_follow_the_word_length() {
        assert_eq!([1, 4, 5, 8, 9, 20].map(distance), [0, 0, 1, 1, 2, 2]);
    }

    #[test]
    fn words_are_folded_stemmed_and_the_last_one_is_a_prefix() {
        let w = words("Printers Café passw");
        let typed: Vec<_> = w
            .words
            .iter()
            .map(|w| (w.typed.as_str(), w.stem.as_deref(), w.prefix))
            .collect();
        assert_eq!(
            typed,
            [
                ("printers", Some("printer"), false),
                ("cafe", Some("cafe"), false),
                ("passw", Some("passw"), true)
            ]
        );
        let done = words("reset password ");
        assert!(done.words.iter().all(|w| !w.prefix), "a space ends the last word");
        assert_eq!(words("the printer").words[0].stem, None, "stop words match nothing");
    }

    #[test]
    fn quotes_make_phrases_and_ticket_numbers_are_recognised() {
        let w = words("\"paper jam\" error");
        assert_eq!(w.phrases.len(), 1);
        assert_eq!(
            w.phrases[0].iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>(),
            ["paper", "jam"]
        );
        assert_eq!(w.words.len(), 1);
        let n = words("TKT-000123");
        assert_eq!(n.numbers, ["123"]);
        assert!(n.words.is_empty(), "the number stands for itself: {n:?}");
    }
}
