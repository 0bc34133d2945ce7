/**
 * The knowledge base, the public help center and search in memory (docs/knowledge-base.md),
 * for component tests. Like the other mocks, each route is declared with `route()` as the API
 * document names it, so its request body and answer are the generated schemas. Tests script
 * errors with `server.use(...)` as for the other routes.
 */
import { HttpResponse, type JsonBodyType } from 'msw';
import { caller, db as ticketDb, invalid, problem, route } from '@/testing/mocks/handlers';
import {
  FORM_OUTCOMES,
  isStaffRole,
  type Article,
  type ArticlePatch,
  type ArticleStatus,
  type ArticleVersion,
  type ArticleVersionSummary,
  type Category,
  type Feedback,
  type FormOutcome,
  type HelpOrg,
  type Page,
  type PublishedArticle,
  type PublishedArticleSummary,
  type SearchHit,
  type Suggestion,
  type Ticket,
  type User,
} from '@/types/api';

/** The org of the seeded users (users.* in ./db). */
const ORG = '10001';

const at = (min: number) => new Date(Date.UTC(2026, 10, 20, 9, min)).toISOString();

/** A stand-in for the API's Markdown rendering: escaped text, paragraphs and **bold**, marked as the server's. */
export function renderMarkdown(body: string): string {
  const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return body
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((p) => `<p>${escape(p).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')}</p>`)
    .join('\n');
}

interface StoredArticle {
  article: Article;
  /** Oldest first. */
  versions: ArticleVersion[];
  /** Votes by `user:<id>` or `session:<id>`, on top of the seeded counts. */
  votes: Map<string, boolean>;
  seedCounts: Feedback;
}

function version(number: number, title: string, body: string, author_id: string, created_at: string): ArticleVersion {
  return { number, title, body, body_html: renderMarkdown(body), author_id, created_at };
}

function stored(article: Omit<Article, 'body_html'>, versions: ArticleVersion[]): StoredArticle {
  return {
    article: { ...article, body_html: renderMarkdown(article.body) },
    versions,
    votes: new Map(),
    seedCounts: { helpful: article.helpful, not_helpful: article.not_helpful },
  };
}

export function seedCategories(): Category[] {
  return [
    { id: 'c-account', org_id: ORG, name: 'Account', description: 'Signing in, your profile and security.', parent_id: null, position: 0, version: 1 },
    { id: 'c-signin', org_id: ORG, name: 'Signing in', description: '', parent_id: 'c-account', position: 0, version: 1 },
    { id: 'c-billing', org_id: ORG, name: 'Billing', description: 'Invoices and payment methods.', parent_id: null, position: 1, version: 1 },
    { id: 'c-invoices', org_id: ORG, name: 'Invoices', description: '', parent_id: 'c-billing', position: 0, version: 1 },
    { id: 'c-printers', org_id: ORG, name: 'Printers', description: 'Setting up and fixing the office printers.', parent_id: null, position: 2, version: 2 },
  ];
}

const RESET_BODY = 'If you forgot your password:\n\nOpen the sign-in page and choose **Forgot password**.';
const INVOICE_V1 = 'Every invoice is in **Billing → Invoices**.\n\nChoose an invoice.';
const INVOICE_V2 = 'Every invoice is in **Billing → Invoices**.\n\nChoose an invoice, then Download PDF.\n\nNEW DRAFT TEXT';

/**
 * Four articles: one published, one published with a newer draft (customers still see v1),
 * an agent's draft, and an archived one.
 */
export function seedArticles(): StoredArticle[] {
  const base = { org_id: ORG, views: 0, helpful: 0, not_helpful: 0, created_at: at(0) };
  return [
    stored(
      {
        ...base,
        id: 'a-reset',
        slug: 'reset-your-password',
        title: 'Reset your password',
        body: RESET_BODY,
        category_id: 'c-signin',
        tags: ['password', 'login'],
        author_id: 'acme-manager',
        status: 'published',
        views: 41,
        helpful: 7,
        not_helpful: 1,
        updated_at: at(30),
        published_at: at(30),
        version: 3,
        draft_version: 1,
        published_version: 1,
        has_unpublished_changes: false,
      },
      [version(1, 'Reset your password', RESET_BODY, 'acme-manager', at(0))],
    ),
    stored(
      {
        ...base,
        id: 'a-invoice',
        slug: 'download-an-invoice',
        title: 'Download an invoice',
        body: INVOICE_V2,
        category_id: 'c-invoices',
        tags: ['invoice', 'billing'],
        author_id: 'acme-agent1',
        status: 'published',
        helpful: 2,
        updated_at: at(50),
        published_at: at(20),
        version: 5,
        draft_version: 2,
        published_version: 1,
        has_unpublished_changes: true,
      },
      [
        version(1, 'Download an invoice', INVOICE_V1, 'acme-agent1', at(10)),
        version(2, 'Download an invoice', INVOICE_V2, 'acme-manager', at(50)),
      ],
    ),
    stored(
      {
        ...base,
        id: 'a-toner',
        slug: 'replacing-the-toner',
        title: 'Replacing the toner',
        body: 'Open the front cover and pull out the cartridge.',
        category_id: 'c-printers',
        tags: ['printer'],
        author_id: 'acme-agent1',
        status: 'draft',
        updated_at: at(40),
        published_at: null,
        version: 1,
        draft_version: 1,
        published_version: null,
        has_unpublished_changes: false,
      },
      [version(1, 'Replacing the toner', 'Open the front cover and pull out the cartridge.', 'acme-agent1', at(40))],
    ),
    stored(
      {
        ...base,
        id: 'a-fax',
        slug: 'fax-setup',
        title: 'Fax setup',
        body: 'Plug the fax into the phone line.',
        category_id: 'c-printers',
        tags: [],
        author_id: 'acme-manager',
        status: 'archived',
        updated_at: at(5),
        published_at: null,
        version: 4,
        draft_version: 1,
        published_version: null,
        has_unpublished_changes: false,
      },
      [version(1, 'Fax setup', 'Plug the fax into the phone line.', 'acme-manager', at(1))],
    ),
  ];
}

export const kbDb = {
  categories: seedCategories(),
  articles: seedArticles(),
  /** `POST /knowledge-base/deflections` received, oldest first. */
  deflections: [] as { user: string; outcome: FormOutcome; keepalive: boolean }[],
};

export function resetKbDb(): void {
  kbDb.categories = seedCategories();
  kbDb.articles = seedArticles();
  kbDb.deflections = [];
}

/** The stored article by id, for tests that arrange or inspect it. */
export function kbArticle(id: string): Article {
  const a = kbDb.articles.find((s) => s.article.id === id);
  if (!a) throw new Error(`no article ${id} in the KB mock`);
  return a.article;
}

const isStaff = (u: User | undefined) => !!u && u.role !== 'customer';
const manages = (u: User | undefined) => u?.role === 'admin' || u?.role === 'manager';
function mayEdit(u: User | undefined, a: Article): boolean {
  return (
    manages(u) ||
    (u?.role === 'agent' && a.author_id === u.id && a.status === 'draft' && a.published_version == null)
  );
}

const etag = (version: number) => ({ etag: `"${version}"` });

function versioned<T extends JsonBodyType>(body: T, version: number) {
  return HttpResponse.json<T>(body, { headers: etag(version) });
}

/** `If-Match` is optional; when sent it must name the current version. */
function stale(request: Request, version: number) {
  const ifMatch = request.headers.get('if-match');
  return ifMatch !== null && ifMatch !== `"${version}"`
    ? problem(412, 'Precondition Failed', { detail: `the article is at version ${version}` })
    : null;
}

function tally(s: StoredArticle): Feedback {
  let { helpful, not_helpful } = s.seedCounts;
  for (const v of s.votes.values()) {
    if (v) helpful++;
    else not_helpful++;
  }
  return { helpful, not_helpful };
}

function publishedOf(s: StoredArticle): PublishedArticle | null {
  const a = s.article;
  const v = s.versions.find((x) => x.number === a.published_version);
  if (a.status !== 'published' || !v || !a.published_at) return null;
  return {
    id: a.id,
    slug: a.slug,
    title: v.title,
    body_html: v.body_html,
    category_id: a.category_id,
    tags: a.tags,
    published_at: a.published_at,
    updated_at: a.published_at,
    views: a.views,
    ...tally(s),
  };
}

function summaryOf(s: StoredArticle): PublishedArticleSummary | null {
  const p = publishedOf(s);
  const v = s.versions.find((x) => x.number === s.article.published_version);
  if (!p || !v) return null;
  return {
    id: p.id,
    slug: p.slug,
    title: p.title,
    excerpt: v.body.replace(/\*\*/g, '').slice(0, 200),
    category_id: p.category_id,
    tags: p.tags,
    published_at: p.published_at,
  };
}

/** Newest change first, `limit` at a time; the cursor is the offset. */
function paged<T>(items: T[], url: URL): Page<T> {
  const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 25) || 25));
  const offset = Number(url.searchParams.get('cursor') ?? 0) || 0;
  const next = offset + limit;
  return { items: items.slice(offset, next), next_cursor: next < items.length ? String(next) : null };
}

const newestFirst = (a: StoredArticle, b: StoredArticle) => b.article.updated_at.localeCompare(a.article.updated_at);

function findArticle(id: string | readonly string[] | undefined) {
  return kbDb.articles.find((s) => s.article.id === id);
}

function slugFrom(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'article'
  );
}

/** A change by `user` at `now`: the article after it, a new version when the title or body changed. */
function apply(s: StoredArticle, user: User, patch: ArticlePatch) {
  const a = s.article;
  const now = new Date().toISOString();
  const title = patch.title ?? a.title;
  const body = patch.body ?? a.body;
  const content = title !== a.title || body !== a.body;
  const draft_version = content ? a.draft_version + 1 : a.draft_version;
  if (content) s.versions.push(version(draft_version, title, body, user.id, now));
  s.article = {
    ...a,
    title,
    body,
    body_html: renderMarkdown(body),
    slug: patch.slug ?? a.slug,
    // null clears the category; for the other fields null is "unchanged".
    category_id: patch.category_id === undefined ? a.category_id : patch.category_id,
    tags: patch.tags ?? a.tags,
    draft_version,
    has_unpublished_changes: a.published_version != null && draft_version > a.published_version,
    version: a.version + 1,
    updated_at: now,
  };
  return s.article;
}

const SLUG = /^[a-z0-9-]{1,80}$/;
const SESSION = /^[A-Za-z0-9_-]{16,64}$/;

const HELP_ORG: HelpOrg = { id: ORG, name: 'Acme', slug: 'acme' };
const helpOrg = (org: string | readonly string[] | undefined) => org === HELP_ORG.id || org === HELP_ORG.slug;

// Search, roughly as the API does it (docs/knowledge-base.md, "Search": typos forgiven, the last
// word a prefix), over this mock's data. No stemming, stop words or BM25: plain counts.

const WORD = /[\p{L}\p{N}]+/gu;
const wordsOf = (text: string) => text.toLowerCase().match(WORD) ?? [];

/** Edit distance, a transposition counting one (optimal string alignment). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * Like the API: a query word of 1-4 characters matches only the same word, of 5-8 a word
 * within one edit, of 9 or more within two; the last one (`prefix`) also the words it starts.
 */
function wordMatches(term: string, word: string, prefix: boolean): boolean {
  if (word === term || (prefix && word.startsWith(term))) return true;
  const allowed = term.length >= 9 ? 2 : term.length >= 5 ? 1 : 0;
  return allowed > 0 && Math.abs(word.length - term.length) <= allowed && distance(term, word) <= allowed;
}

interface Query {
  readonly terms: readonly string[];
  /** Whether `word` matches one of the terms (or `only` that one). */
  hits: (word: string, only?: string) => boolean;
}

/** The query's words (of `minLength` characters or more). */
function queryOf(q: string | null, minLength = 1): Query {
  const terms = wordsOf(q ?? '').filter((t) => t.length >= minLength);
  // The last word is a prefix unless the query ends with a space.
  const prefixOf = (i: number) => i === terms.length - 1 && !/\s$/.test(q ?? '');
  return { terms, hits: (word, only) => terms.some((t, i) => (only === undefined || t === only) && wordMatches(t, word, prefixOf(i))) };
}

/** How many of the query's terms `text` matches. */
function matched(query: Query, text: string): number {
  const words = wordsOf(text);
  return query.terms.filter((t) => words.some((w) => query.hits(w, t))).length;
}

const escapeHtml = (t: string) =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** What the API sends as a snippet: up to 160 characters around the first match, escaped, each matching word in `<mark>`. */
function snippetOf(text: string, query: Query): string {
  const tokens = [...text.matchAll(WORD)];
  const first = tokens.find((m) => query.hits(m[0].toLowerCase()));
  const start = first ? Math.max(0, first.index - 60) : 0;
  const end = Math.min(text.length, start + 160);
  let out = start > 0 ? '…' : '';
  let pos = start;
  for (const m of tokens) {
    if (m.index < start || m.index + m[0].length > end) continue;
    out += escapeHtml(text.slice(pos, m.index));
    out += query.hits(m[0].toLowerCase()) ? `<mark>${escapeHtml(m[0])}</mark>` : escapeHtml(m[0]);
    pos = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(pos, end)) + (end < text.length ? '…' : '');
}

/** Markdown as searchable text. */
const plain = (markdown: string) => markdown.replace(/[*_#`>|]/g, '').replace(/\s+/g, ' ').trim();

interface Doc {
  title: string;
  text: string;
  tags: readonly string[];
}

/** A document's score for a query where every term must match (0: no match): title words count double. */
function scoreAll(query: Query, doc: Doc): number {
  const all = `${doc.title} ${doc.text} ${doc.tags.join(' ')}`;
  if (query.terms.length === 0 || matched(query, all) < query.terms.length) return 0;
  return 2 * matched(query, doc.title) + matched(query, doc.text) + matched(query, doc.tags.join(' '));
}

/** The snippet of a matching document: from its text where it matches there, else its title where that matches, else its text's start. */
function docSnippet(query: Query, doc: Doc): string {
  const inTitle = matched(query, doc.title) > 0 && matched(query, doc.text) === 0;
  return snippetOf(inTitle ? doc.title : doc.text, query);
}

/** What customers and visitors search in a published article: its published title and body. */
function publishedDoc(s: StoredArticle): Doc | null {
  const v = s.versions.find((x) => x.number === s.article.published_version);
  return publishedOf(s) && v ? { title: v.title, text: plain(v.body), tags: s.article.tags } : null;
}

/** A ticket: its subject, its messages (notes for staff only), its tags and its number (`TKT-000123` or `123`). */
function ticketDoc(t: Ticket, internal: boolean): Doc {
  const thread = (t.thread ?? []).filter((i) => internal || !i.internal).map((i) => i.body);
  const n = String(Number(t.number.replace(/\D/g, '')));
  return { title: t.subject, text: plain(thread.join(' ')), tags: [...(t.tags ?? []), t.number, n] };
}

const bestFirst = <T extends { score: number; title: string }>(a: T, b: T) => b.score - a.score || a.title.localeCompare(b.title);

/** `GET /search`: staff every ticket (notes too) and article (drafts too); customers their own tickets' public messages and published articles. */
function searchHits(user: User, url: URL): SearchHit[] {
  const query = queryOf(url.searchParams.get('q'));
  const kind = url.searchParams.get('kind');
  const status = url.searchParams.get('status');
  const limit = Math.min(50, Math.max(1, Number(url.searchParams.get('limit') ?? 20) || 20));
  const staff = isStaffRole(user.role);
  const hits: SearchHit[] = [];
  if (!kind || kind === 'ticket') {
    for (const t of ticketDb.tickets) {
      if ((!staff && t.customer_id !== user.id) || (status && t.status !== status)) continue;
      const doc = ticketDoc(t, staff);
      const score = scoreAll(query, doc);
      if (score > 0) hits.push({ kind: 'ticket', id: t.id, reference: t.number, title: t.subject, snippet: docSnippet(query, doc), score });
    }
  }
  if (!kind || kind === 'article') {
    for (const s of kbDb.articles) {
      const a = s.article;
      if (status && a.status !== status) continue;
      const doc = staff ? { title: a.title, text: plain(a.body), tags: a.tags } : publishedDoc(s);
      const score = doc ? scoreAll(query, doc) : 0;
      if (doc && score > 0) hits.push({ kind: 'article', id: a.id, reference: a.slug, title: doc.title, snippet: docSnippet(query, doc), score });
    }
  }
  return hits.sort((a, b) => bestFirst(a, b) || (a.kind === 'ticket' ? -1 : 1)).slice(0, limit);
}

/** `GET /knowledge-base/suggestions`: published articles matching any word (of two letters or more), best first, five at most. */
function suggestions(q: string | null): Suggestion[] {
  const query = queryOf(q, 2);
  return kbDb.articles
    .flatMap((s) => {
      const doc = publishedDoc(s);
      const score = doc ? 2 * matched(query, doc.title) + matched(query, `${doc.text} ${doc.tags.join(' ')}`) : 0;
      return doc && score > 0
        ? [{ id: s.article.id, slug: s.article.slug, title: doc.title, snippet: docSnippet(query, doc), score }]
        : [];
    })
    .sort(bestFirst)
    .slice(0, 5)
    .map(({ score: _score, ...suggestion }) => suggestion);
}

const versions = (s: StoredArticle): ArticleVersionSummary[] =>
  [...s.versions].reverse().map(({ number, title, author_id, created_at }) => ({
    number,
    title,
    author_id,
    created_at,
    published: number === s.article.published_version,
  }));

/** `POST …/publish` and `…/archive` (managers, admins). */
function publishOrArchive(action: 'publish' | 'archive') {
  return ({ request, params }: { request: Request; params: { id?: string | readonly string[] } }) => {
    const user = caller(request);
    if (!user) return problem(401, 'Unauthorized');
    const s = findArticle(params.id);
    if (!s || !isStaff(user)) return problem(404, 'Not found', { detail: 'article not found' });
    if (!manages(user)) return problem(403, 'Forbidden', { detail: 'managers and admins only' });
    const conflict = stale(request, s.article.version);
    if (conflict) return conflict;
    const now = new Date().toISOString();
    const a = s.article;
    s.article =
      action === 'publish'
        ? {
            ...a,
            status: 'published',
            published_version: a.draft_version,
            published_at: now,
            has_unpublished_changes: false,
            version: a.version + 1,
            updated_at: now,
          }
        : {
            ...a,
            status: 'archived',
            published_version: null,
            has_unpublished_changes: false,
            version: a.version + 1,
            updated_at: now,
          };
    return versioned<Article>(s.article, s.article.version);
  };
}

export const kbHandlers = [
  route('get', '/api/v1/knowledge-base/articles', ({ request }) => {
    const user = caller(request);
    if (!user) return problem(401, 'Unauthorized');
    const url = new URL(request.url);
    const status = url.searchParams.get('status') as ArticleStatus | null;
    const category = url.searchParams.get('category');
    const tag = url.searchParams.get('tag');
    const matching = kbDb.articles
      .filter((s) => !status || s.article.status === status)
      .filter((s) => !category || s.article.category_id === category)
      .filter((s) => !tag || s.article.tags.includes(tag))
      .sort(newestFirst);
    if (isStaff(user)) return HttpResponse.json<Page<Article>>(paged(matching.map((s) => s.article), url));
    if (status && status !== 'published') return problem(403, 'Forbidden', { detail: 'customers read published articles' });
    const published = matching.map(publishedOf).filter((p): p is PublishedArticle => p !== null);
    return HttpResponse.json<Page<PublishedArticle>>(paged(published, url));
  }),

  route('post', '/api/v1/knowledge-base/articles', async ({ request }) => {
    const user = caller(request);
    if (!user) return problem(401, 'Unauthorized');
    if (!isStaff(user)) return problem(403, 'Forbidden', { detail: 'staff only' });
    const body = await request.json();
    const fromTicket = body.ticket_id != null || body.interaction_id != null;
    if (fromTicket && (body.title != null || body.body != null)) {
      return problem(422, 'Unprocessable', { detail: 'either title and body or ticket_id and interaction_id, not both' });
    }
    let title: string;
    let text: string;
    if (fromTicket) {
      const t = ticketDb.tickets.find((x) => x.id === body.ticket_id);
      const reply = t?.thread?.find((i) => i.id === body.interaction_id);
      if (!t || !reply) return problem(404, 'Not found', { detail: 'no such ticket or reply' });
      if (reply.internal) {
        return problem(422, 'Unprocessable', {
          detail: 'an internal note cannot become a customer-facing article; pick a public reply',
        });
      }
      title = t.subject;
      text = reply.body;
    } else {
      if (!body.title?.trim() || !body.body?.trim()) {
        return invalid([
          ...(!body.title?.trim() ? [{ field: 'title', message: 'must not be empty' }] : []),
          ...(!body.body?.trim() ? [{ field: 'body', message: 'must not be empty' }] : []),
        ]);
      }
      title = body.title;
      text = body.body;
    }
    if (body.slug != null && !SLUG.test(body.slug)) {
      return invalid([{ field: 'slug', message: 'lower-case letters, digits and -, 1 to 80' }]);
    }
    const slug = body.slug ?? slugFrom(title);
    if (kbDb.articles.some((s) => s.article.slug === slug)) return problem(409, 'Conflict', { detail: 'another article has this slug' });
    const now = new Date().toISOString();
    const s = stored(
      {
        id: `a-new-${kbDb.articles.length + 1}`,
        org_id: user.org_id,
        slug,
        title,
        body: text,
        category_id: body.category_id ?? null,
        tags: body.tags ?? [],
        author_id: user.id,
        status: 'draft',
        views: 0,
        helpful: 0,
        not_helpful: 0,
        created_at: now,
        updated_at: now,
        published_at: null,
        version: 1,
        draft_version: 1,
        published_version: null,
        has_unpublished_changes: false,
      },
      [version(1, title, text, user.id, now)],
    );
    kbDb.articles.push(s);
    return HttpResponse.json<Article>(s.article, {
      status: 201,
      headers: { ...etag(1), location: `/api/v1/knowledge-base/articles/${s.article.id}` },
    });
  }),

  route('get', '/api/v1/knowledge-base/articles/{id}', ({ request, params }) => {
    const user = caller(request);
    if (!user) return problem(401, 'Unauthorized');
    const s = findArticle(params.id);
    if (!s) return problem(404, 'Not found', { detail: 'article not found' });
    if (isStaff(user)) return versioned<Article>(s.article, s.article.version);
    const p = publishedOf(s);
    return p ? HttpResponse.json<PublishedArticle>(p) : problem(404, 'Not found', { detail: 'article not found' });
  }),

  route('patch', '/api/v1/knowledge-base/articles/{id}', async ({ request, params }) => {
    const user = caller(request);
    if (!user) return problem(401, 'Unauthorized');
    const s = findArticle(params.id);
    if (!s || !isStaff(user)) return problem(404, 'Not found', { detail: 'article not found' });
    if (!mayEdit(user, s.article)) return problem(403, 'Forbidden', { detail: 'managers and admins edit this article' });
    const conflict = stale(request, s.article.version);
    if (conflict) return conflict;
    const patch: ArticlePatch = await request.json();
    const extra = Object.keys(patch).find((k) => !['title', 'body', 'slug', 'category_id', 'tags'].includes(k));
    if (extra) return problem(400, 'Bad request', { detail: `unknown field \`${extra}\`` });
    if (Object.keys(patch).length === 0) return problem(422, 'Unprocessable', { detail: 'nothing to change' });
    if (patch.title != null && !patch.title.trim()) return invalid([{ field: 'title', message: 'must not be empty' }]);
    if (patch.slug != null && !SLUG.test(patch.slug)) {
      return invalid([{ field: 'slug', message: 'lower-case letters, digits and -, 1 to 80' }]);
    }
    const a = apply(s, user, patch);
    return versioned<Article>(a, a.version);
  }),

  route('post', '/api/v1/knowledge-base/articles/{id}/publish', publishOrArchive('publish')),
  route('post', '/api/v1/knowledge-base/articles/{id}/archive', publishOrArchive('archive')),

  route('get', '/api/v1/knowledge-base/articles/{id}/versions', ({ request, params }) => {
    const s = findArticle(params.id);
    if (!s || !isStaff(caller(request))) return problem(404, 'Not found', { detail: 'article not found' });
    return HttpResponse.json({ items: versions(s) });
  }),

  route('get', '/api/v1/knowledge-base/articles/{id}/versions/{n}', ({ request, params }) => {
    const s = findArticle(params.id);
    const v = s?.versions.find((x) => String(x.number) === params.n);
    if (!v || !isStaff(caller(request))) return problem(404, 'Not found', { detail: 'version not found' });
    return HttpResponse.json<ArticleVersion>(v);
  }),

  route('post', '/api/v1/knowledge-base/articles/{id}/versions/{n}/restore', ({ request, params }) => {
    const user = caller(request);
    const s = findArticle(params.id);
    const v = s?.versions.find((x) => String(x.number) === params.n);
    if (!user || !s || !v || !isStaff(user)) return problem(404, 'Not found', { detail: 'version not found' });
    if (!manages(user)) return problem(403, 'Forbidden', { detail: 'managers and admins only' });
    const conflict = stale(request, s.article.version);
    if (conflict) return conflict;
    const now = new Date().toISOString();
    const a = s.article;
    const n = a.draft_version + 1;
    s.versions.push(version(n, v.title, v.body, user.id, now));
    s.article = {
      ...a,
      title: v.title,
      body: v.body,
      body_html: v.body_html,
      draft_version: n,
      has_unpublished_changes: a.published_version != null,
      version: a.version + 1,
      updated_at: now,
    };
    return versioned<Article>(s.article, s.article.version);
  }),

  route('post', '/api/v1/knowledge-base/articles/{id}/feedback', async ({ request, params }) => {
    const user = caller(request);
    const s = findArticle(params.id);
    if (!user) return problem(401, 'Unauthorized');
    if (!s || !publishedOf(s)) return problem(404, 'Not found', { detail: 'no published article' });
    const { helpful } = await request.json();
    s.votes.set(`user:${user.id}`, helpful);
    return HttpResponse.json<Feedback>(tally(s));
  }),

  route('get', '/api/v1/knowledge-base/categories', ({ request }) => {
    if (!caller(request)) return problem(401, 'Unauthorized');
    return HttpResponse.json({ items: kbDb.categories });
  }),

  route('post', '/api/v1/knowledge-base/categories', async ({ request }) => {
    const user = caller(request);
    if (!user) return problem(401, 'Unauthorized');
    if (!manages(user)) return problem(403, 'Forbidden', { detail: 'managers and admins only' });
    const body = await request.json();
    if (!body.name?.trim()) return invalid([{ field: 'name', message: 'must not be empty' }]);
    const parent = body.parent_id ? kbDb.categories.find((c) => c.id === body.parent_id) : undefined;
    if (body.parent_id && (!parent || parent.parent_id)) {
      return problem(422, 'Unprocessable', { detail: 'the parent is not a top-level category of the org' });
    }
    const c: Category = {
      id: `c-new-${kbDb.categories.length + 1}`,
      org_id: user.org_id,
      name: body.name.trim(),
      description: body.description ?? '',
      parent_id: body.parent_id ?? null,
      position: body.position ?? 0,
      version: 1,
    };
    kbDb.categories.push(c);
    return HttpResponse.json<Category>(c, { status: 201, headers: etag(1) });
  }),

  route('patch', '/api/v1/knowledge-base/categories/{id}', async ({ request, params }) => {
    const user = caller(request);
    if (!user) return problem(401, 'Unauthorized');
    if (!manages(user)) return problem(403, 'Forbidden', { detail: 'managers and admins only' });
    const i = kbDb.categories.findIndex((c) => c.id === params.id);
    if (i < 0) return problem(404, 'Not found', { detail: 'category not found' });
    const before = kbDb.categories[i]!;
    const ifMatch = request.headers.get('if-match');
    if (ifMatch !== null && ifMatch !== `"${before.version}"`) return problem(412, 'Precondition Failed');
    const patch = await request.json();
    if (Object.keys(patch).length === 0) return problem(422, 'Unprocessable', { detail: 'nothing to change' });
    if (patch.name != null && !patch.name.trim()) return invalid([{ field: 'name', message: 'must not be empty' }]);
    // null: parent_id makes it top level; the other fields stay.
    const c: Category = {
      ...before,
      name: patch.name ?? before.name,
      description: patch.description ?? before.description,
      parent_id: patch.parent_id === undefined ? before.parent_id : patch.parent_id,
      position: patch.position ?? before.position,
      version: before.version + 1,
    };
    kbDb.categories[i] = c;
    return versioned<Category>(c, c.version);
  }),

  // The public help center and suggestions: no sign-in.

  route('get', '/api/v1/help/{org}/categories', ({ params }) => {
    if (!helpOrg(params.org)) return problem(404, 'Not found', { detail: 'no such help center' });
    return HttpResponse.json({ org: HELP_ORG, categories: kbDb.categories });
  }),

  route('get', '/api/v1/help/{org}/articles', ({ request, params }) => {
    if (!helpOrg(params.org)) return problem(404, 'Not found', { detail: 'no such help center' });
    const url = new URL(request.url);
    const category = url.searchParams.get('category');
    const articles = kbDb.articles.filter((s) => !category || s.article.category_id === category);
    const q = url.searchParams.get('q');
    if (q?.trim()) {
      // The best matches, each with a snippet, in one page.
      const query = queryOf(q);
      const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 25) || 25));
      const items = articles
        .flatMap((s) => {
          const doc = publishedDoc(s);
          const summary = summaryOf(s);
          const score = doc ? scoreAll(query, doc) : 0;
          return doc && summary && score > 0 ? [{ ...summary, snippet: docSnippet(query, doc), score }] : [];
        })
        .sort(bestFirst)
        .slice(0, limit)
        .map(({ score: _score, ...summary }): PublishedArticleSummary => summary);
      return HttpResponse.json({ items, next_cursor: null });
    }
    const items = articles
      .sort(newestFirst)
      .map(summaryOf)
      .filter((x): x is PublishedArticleSummary => x !== null);
    return HttpResponse.json(paged(items, url));
  }),

  route('get', '/api/v1/help/{org}/articles/{slug}', ({ params }) => {
    const s = kbDb.articles.find((x) => x.article.slug === params.slug);
    const p = s && helpOrg(params.org) ? publishedOf(s) : null;
    if (!s || !p) return problem(404, 'Not found', { detail: 'no published article' });
    s.article = { ...s.article, views: s.article.views + 1 };
    return HttpResponse.json<PublishedArticle>({ ...p, views: s.article.views });
  }),

  route('post', '/api/v1/help/{org}/articles/{slug}/feedback', async ({ request, params }) => {
    const s = kbDb.articles.find((x) => x.article.slug === params.slug);
    if (!s || !helpOrg(params.org) || !publishedOf(s)) return problem(404, 'Not found', { detail: 'no published article' });
    const { helpful, session } = await request.json();
    if (typeof session !== 'string' || !SESSION.test(session)) {
      return invalid([{ field: 'session', message: '16 to 64 letters, digits, - and _' }]);
    }
    s.votes.set(`session:${session}`, helpful);
    return HttpResponse.json<Feedback>(tally(s));
  }),

  route('get', '/api/v1/knowledge-base/suggestions', ({ request }) => {
    const url = new URL(request.url);
    const org = url.searchParams.get('org');
    if (!org) return problem(400, 'Bad request', { detail: 'missing query parameter `org`' });
    if (!helpOrg(org)) return problem(404, 'Not found', { detail: 'no such help center' });
    return HttpResponse.json({ items: suggestions(url.searchParams.get('q')) });
  }),

  route('post', '/api/v1/knowledge-base/deflections', async ({ request }) => {
    const user = caller(request);
    if (!user) return problem(401, 'Unauthorized');
    if (user.role !== 'customer') {
      return problem(403, 'Forbidden', { detail: "only the portal's customers record how a new-ticket form ended" });
    }
    const body = (await request.json()) as Record<string, unknown>;
    const extra = Object.keys(body).find((k) => k !== 'outcome');
    if (extra) return problem(400, 'Bad request', { detail: `unknown field \`${extra}\`` });
    const outcome = FORM_OUTCOMES.find((o) => o === body.outcome);
    if (!outcome) return problem(400, 'Bad request', { detail: 'outcome: unknown variant' });
    kbDb.deflections.push({ user: user.id, outcome, keepalive: request.keepalive });
    return new HttpResponse(null, { status: 204 });
  }),

  route('get', '/api/v1/search', ({ request }) => {
    const user = caller(request);
    if (!user) return problem(401, 'Unauthorized');
    return HttpResponse.json({ items: searchHits(user, new URL(request.url)) });
  }),
];
