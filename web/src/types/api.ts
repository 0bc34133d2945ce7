/**
 * The shapes the helpdesk API sends and accepts, derived from `./openapi.ts`, which
 * `npm run gen:api` generates from docs/openapi.json (`npm run check:api` fails when it is
 * stale). The rest of the app imports from this module only, never from `./openapi`.
 *
 * Every request and response body is an alias of (or, where marked, a narrowing of) a
 * generated schema, so a change to the API contract breaks the build where it matters.
 * What is still written by hand is marked "Hand-written" and says why.
 */
import type { components, operations, paths } from './openapi';

type Schemas = components['schemas'];

/**
 * Compile-time only: takes no argument exactly when `List` names every member of `Union`.
 * A value the API adds to an enum then fails the build ("an argument for 'missing' was not
 * provided") until the runtime list has it; `satisfies` catches a value it drops.
 */
function exhaustive<Union, List extends readonly Union[]>(
  ..._missing: [Exclude<Union, List[number]>] extends [never] ? [] : [missing: Exclude<Union, List[number]>]
): void {}

/**
 * `Narrow`, checked to still fit the generated `Wide`. Used where openapi-typescript cannot
 * say what the schema says: it drops JSON Schema's `propertyNames`, so maps keyed by an enum
 * (mail kinds) come out as `{ [key: string]: … }`; and where the API's rules allow less than
 * the schema (a new article is either written or made from a ticket, never both).
 */
type Narrowed<Wide, Narrow extends Wide> = Narrow;

// Enums and the runtime lists the UI iterates.

export type Role = Schemas['Role'];
/** Every role, most powerful first (`roleFromGroups` takes the first one a user has). */
export const ROLES = ['admin', 'manager', 'agent', 'customer'] as const satisfies readonly Role[];
exhaustive<Role, typeof ROLES>();

/** The roles an agent can have (`POST` and `PATCH /agents`). */
export type StaffRole = Schemas['CreateAgentRequest']['role'];
const STAFF = ['admin', 'manager', 'agent'] as const satisfies readonly StaffRole[];
exhaustive<StaffRole, typeof STAFF>();
export const STAFF_ROLES: readonly Role[] = STAFF;
export function isStaffRole(role: Role): role is StaffRole {
  return STAFF_ROLES.includes(role);
}

export type TicketStatus = Schemas['Status'];
export const STATUSES = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'] as const satisfies readonly TicketStatus[];
exhaustive<TicketStatus, typeof STATUSES>();

export type Priority = Schemas['Priority'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly Priority[];
exhaustive<Priority, typeof PRIORITIES>();

export type Channel = Schemas['Channel'];

/** An agent's availability (`PUT /agents/me/status`). Not the generated `AgentStatus`, which is that route's answer. */
export type AgentStatus = Schemas['Availability'];

/** What a mail is about, and so who gets it (customer: the first three; staff: the rest). */
export type MailKind = Schemas['MailKind'];
export const MAIL_KINDS = [
  'acknowledgement',
  'reply',
  'resolved',
  'assigned',
  'sla_warning',
  'sla_breached',
] as const satisfies readonly MailKind[];
exhaustive<MailKind, typeof MAIL_KINDS>();

/**
 * Hand-written: the keys of `BusinessHours.week`. The schema lists them only as the map's
 * `propertyNames`, which openapi-typescript does not turn into a type.
 */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The tag inbound mail with a spam verdict gets; removing it releases the ticket. */
export const SPAM_TAG = 'spam';

// The signed-in user.

/**
 * Hand-written, UI-side: the signed-in user as the session keeps it, from `POST /local/login`
 * (a local-only route outside the API document) or from a Cognito id_token's claims.
 */
export interface User {
  id: Schemas['UserId'];
  email: string;
  name: string;
  org_id: Schemas['OrgId'];
  role: Role;
}

// Errors.

/** An `application/problem+json` error body; `errors` names invalid fields. */
export type Problem = Schemas['Problem'];
export type FieldError = Schemas['FieldError'];

// Tickets and their threads.

export type Ticket = Schemas['TicketView'];
export type Interaction = Schemas['Interaction'];
/** What an inbound email adds to its interaction. `body` holds only the new text. */
export type EmailMeta = Schemas['EmailMeta'];
/** A file stored with an inbound email (in the attachments bucket under `key`). */
export type AttachmentMeta = Schemas['AttachmentMeta'];
/** A ticket's SLA clocks, staff only; absent until the sla-checker has run. */
export type SlaState = Schemas['SlaState'];
/** One SLA clock of a ticket. `due_at` is absent while the clock is paused. */
export type SlaTarget = Schemas['SlaTarget'];
/** Who did what to a ticket (`GET /tickets/{id}/audit`, admins). */
export type AuditEntry = Schemas['AuditEntry'];

/** One page of a list (`Page_TicketView`, `Page_Customer`): the items and the next cursor (absent on the last page). */
export type Page<T> = Omit<Schemas['Page_TicketView'], 'items'> & { items: T[] };
export type TicketPage = Schemas['Page_TicketView'];

/** The query of `GET /tickets`. */
export type TicketListParams = NonNullable<operations['list_tickets']['parameters']['query']>;

/** The inbox views (`view` of `GET /tickets`). Not the generated `TicketView`, which is `Ticket` here. */
export type TicketView = NonNullable<TicketListParams['view']>;
export const VIEWS = [
  'all',
  'mine',
  'unassigned',
  'open',
  'pending',
  'resolved',
  'breaching',
] as const satisfies readonly TicketView[];
exhaustive<TicketView, typeof VIEWS>();

/** `GET /ticket-counts` (staff): tickets per inbox view, eventually consistent (seconds behind). */
export type TicketCounts = Schemas['ViewCounts'];
/** The views `GET /ticket-counts` counts: all but "breaching". */
export type CountedView = keyof TicketCounts & TicketView;

/** `POST /tickets` */
export type NewTicket = Schemas['CreateTicketRequest'];
/** `PATCH /tickets/{id}`: only the fields sent change. */
export type TicketPatch = Schemas['PatchTicketRequest'];
/** `PUT /tickets/{id}/status` */
export type SetStatusRequest = Schemas['SetStatusRequest'];
/** `PUT /tickets/{id}/assign`: null unassigns. */
export type AssignRequest = Schemas['AssignRequest'];
/** `POST /tickets/{id}/merge`: the target, by id or number. */
export type MergeRequest = Schemas['MergeRequest'];
/** `POST /tickets/bulk`: the ids, the changes (or `merge_into` alone) and each ticket's version as listed. */
export type BulkRequest = Schemas['BulkRequest'];
export type BulkChanges = Schemas['BulkChangesRequest'];
/** `200` of `POST /tickets/bulk`: one result per id, in the order of `ids`. */
export type BulkResponse = Schemas['BulkResponse'];
/** One ticket's outcome: `status` as the single route would answer, with the ticket or the problem. */
export type BulkResult = Schemas['BulkResult'];
/** `POST /tickets/{id}/interactions` */
export type NewInteraction = Schemas['AddInteractionRequest'];
/** `201` of `POST /tickets/{id}/interactions`: the message and the ticket after it. */
export type InteractionCreated = Schemas['InteractionCreated'];

/** A customer's reply to a closed ticket: the follow-up ticket that was opened instead. */
export type FollowUpCreated = Schemas['FollowUpCreated'];

/** What `POST /tickets/{id}/interactions` answers. */
export type InteractionResult = Schemas['ReplyCreated'];

export function isFollowUp(r: unknown): r is FollowUpCreated {
  return typeof r === 'object' && r !== null && 'follow_up' in r;
}

// Files on tickets (issue #15).

/** `POST /attachments` (a ticket not opened yet), `POST /tickets/{id}/attachments`: the file to upload. */
export type UploadRequest = Schemas['UploadRequest'];
/** What an upload request answers: the attachment's id and the presigned PUT that sends its bytes. */
export type UploadCreated = Schemas['UploadCreated'];
/** A presigned S3 request (another origin): send `method` to `url` with `headers`, before it expires. */
export type PresignedRequest = Schemas['PresignedRequest'];
/** `GET /attachments/{id}[?inline=1]`: the file and a download link valid for five minutes. */
export type AttachmentView = Schemas['AttachmentView'];
/** A file on a message, as the thread lists it (`Interaction.attachments`). */
export type FileRef = Schemas['FileRef'];

/** `GET /quarantine` (admins): a message kept aside instead of ticketed. */
export type QuarantineEntry = Schemas['QuarantineEntry'];
/** @deprecated The earlier name of {@link QuarantineEntry}. */
export type Quarantined = QuarantineEntry;
export type QuarantineList = Schemas['Items_QuarantineEntry'];

/** What the inbound-mail webhook answers: what became of the message in each org. */
export type Deliveries = Schemas['Deliveries'];

export type Notification = Schemas['Notification'];
/** `GET /notifications` */
export type NotificationList = Schemas['Items_Notification'];

// People.

export type Agent = Schemas['Agent'];
/** `GET /agents` (staff) */
export type AgentList = Schemas['Items_Agent'];
/** `PUT /agents/me/status` */
export type SetAvailabilityRequest = Schemas['SetAvailabilityRequest'];
/** What `PUT /agents/me/status` answers (the generated `AgentStatus`). */
export type AgentAvailability = Schemas['AgentStatus'];
/** `POST /agents` (admins). */
export type NewAgent = Schemas['CreateAgentRequest'];
/** `PATCH /agents/{id}` (admins): only the fields sent change. */
export type AgentPatch = Schemas['UpdateAgentRequest'];

export type Team = Schemas['Team'];
/** `GET /teams` (staff) */
export type TeamList = Schemas['Items_Team'];
/** `POST /teams` (admins). */
export type NewTeam = Schemas['CreateTeamRequest'];
/** `PATCH /teams/{id}` (admins): only the fields sent change; `members` replaces the list. */
export type TeamPatch = Schemas['UpdateTeamRequest'];

export type Customer = Schemas['Customer'];
/** `GET /customers/{id}` (staff): the customer and their latest tickets. */
export type CustomerProfile = Schemas['CustomerProfile'];

// SLA.

export type SlaPolicy = Schemas['SlaPolicy'];
/** `GET`/`PUT /sla-policies`: at most one policy per priority. */
export type SlaPolicies = Schemas['SlaPolicies'];
export type BusinessHours = Schemas['BusinessHours'];
/** One opening interval of a day, `HH:MM`. */
export type Period = Schemas['Period'];

// Triggers, automations and routing (issue #16).

/** What a condition looks at. */
export type RuleField = Schemas['Field'];
export const RULE_FIELDS = [
  'status',
  'priority',
  'channel',
  'category',
  'tags',
  'subject',
  'description',
  'customer_email_domain',
  'assignee',
  'team',
  'hours_since_created',
  'hours_since_updated',
] as const satisfies readonly RuleField[];
exhaustive<RuleField, typeof RULE_FIELDS>();

/** How a condition compares (which a field allows: `features/rules/rules.ts`). */
export type RuleOp = Schemas['Op'];
export const RULE_OPS = [
  'is',
  'is_not',
  'contains',
  'not_contains',
  'is_set',
  'not_set',
  'gt',
  'lt',
  'changed',
  'changed_from',
  'changed_to',
] as const satisfies readonly RuleOp[];
exhaustive<RuleOp, typeof RULE_OPS>();

export type RuleActionType = Schemas['ActionType'];
export const RULE_ACTION_TYPES = [
  'set_status',
  'set_priority',
  'set_category',
  'set_team',
  'set_assignee',
  'add_tag',
  'remove_tag',
  'add_note',
  'route',
] as const satisfies readonly RuleActionType[];
/** What only a macro may do (issue #17): post a public reply, whose value is a canned body. */
export const MACRO_ONLY_ACTION_TYPES = ['add_reply'] as const satisfies readonly RuleActionType[];
exhaustive<RuleActionType, readonly [...typeof RULE_ACTION_TYPES, ...typeof MACRO_ONLY_ACTION_TYPES]>();
/** A macro's actions: the triggers' (but `route`), plus `add_reply`. */
export const MACRO_ACTION_TYPES = [
  'set_status',
  'set_priority',
  'set_category',
  'set_team',
  'set_assignee',
  'add_tag',
  'remove_tag',
  'add_note',
  'add_reply',
] as const satisfies readonly RuleActionType[];

/** Where a ticket came from. */
export const CHANNELS = ['email', 'web', 'portal', 'api', 'chat', 'phone'] as const satisfies readonly Channel[];
exhaustive<Channel, typeof CHANNELS>();

/** How a team (or the org) hands out tickets. */
export type RoutingMode = Schemas['Mode'];
export const ROUTING_MODES = ['manual', 'round_robin', 'load_balanced'] as const satisfies readonly RoutingMode[];
exhaustive<RoutingMode, typeof ROUTING_MODES>();

/** One test of a ticket; `value` is absent for `is_set`, `not_set` and `changed`. */
export type Condition = Schemas['Condition'];
/** Every `all` condition and at least one `any` condition (when there are any) must hold. */
export type Conditions = Schemas['Conditions'];
/** One change a trigger makes; `value` is absent for `route` (and clears for `set_category`, `set_team`, `set_assignee`). */
export type RuleAction = Schemas['Action'];
/** A saved trigger or automation; `version` is the `ETag`. The list's order is the order they run in. */
export type Rule = Schemas['Rule'];
/** `GET /triggers`, `GET /automations` */
export type RuleList = Schemas['RuleList'];
/** `POST /triggers`, `POST /automations` (admins) */
export type NewRule = Schemas['RuleRequest'];
/** `PATCH /triggers/{id}`, `/automations/{id}` (admins): only the fields sent change; `position` moves it (0 first). */
export type RulePatch = Schemas['UpdateRuleRequest'];
/** @deprecated The earlier name of {@link RuleList}. */
export type TriggerList = RuleList;
/** @deprecated The earlier name of {@link NewRule}. */
export type NewTrigger = NewRule;
/** @deprecated The earlier name of {@link RulePatch}. */
export type TriggerPatch = RulePatch;
/** `POST /triggers/dry-run`, `/automations/dry-run`: a saved rule (`id`) or one as given. */
export type DryRunRequest = Schemas['DryRunRequest'];
/** What a dry run answers: the tickets it looked at and what it would change on those it matches. */
export type DryRun = Schemas['DryRun'];
export type DryRunMatch = Schemas['DryRunMatch'];
/** One field an audited change or a dry run changes, from and to. */
export type FieldChange = Schemas['FieldChange'];
/** How one team (or the org) routes. */
export type RoutingPolicy = Schemas['Policy'];
/** `GET`/`PUT /routing`; the `ETag` is its version. */
export type Routing = Schemas['Routing'];
/** One team's waiting tickets (`team_id` null: tickets without a team), oldest first. */
export type RoutingQueue = Schemas['Queue'];
export type WaitingTicket = Schemas['Waiting'];
/** `GET /routing/queue` */
export type RoutingQueueList = Schemas['Items_Queue'];
/** `GET /tickets/{id}/audit` (managers, admins), oldest first. */
export type AuditList = Schemas['Items_AuditEntry'];

// Canned responses, macros and satisfaction surveys (issue #17).

/** Who sees a canned response or a macro: the whole org, one team, or its author only. */
export type Shared = Schemas['Shared'];
export const SHARED = ['personal', 'team', 'org'] as const satisfies readonly Shared[];
exhaustive<Shared, typeof SHARED>();

/** A saved answer: a MiniJinja body, with `asks` (its `ask("label")` prompts); `version` is the `ETag`. */
export type CannedResponse = Schemas['CannedResponse'];
/** `GET /canned-responses?q=`: those the caller sees, and the variables a body may read. */
export type CannedList = Schemas['CannedList'];
/** `POST /canned-responses` (agents: personal only). */
export type NewCanned = Schemas['CannedRequest'];
/** `PATCH /canned-responses/{id}` with `If-Match`. */
export type CannedPatch = Schemas['UpdateCannedRequest'];
/** `POST /canned-responses/{id}/render` */
export type RenderRequest = Schemas['RenderRequest'];
/** What a render answers: the text (unanswered asks as `[label]`), the asks and those missing. */
export type RenderedResponse = Schemas['RenderedResponse'];

export type Macro = Schemas['Macro'];
/** `GET /macros` */
export type MacroList = Schemas['Items_Macro'];
/** `POST /macros` */
export type NewMacro = Schemas['MacroRequest'];
/** `PATCH /macros/{id}` with `If-Match`. */
export type MacroPatch = Schemas['UpdateMacroRequest'];
/** `POST /tickets/{id}/macros/{macro_id}[?preview=1]`: the ticket after it, and the message it added. */
export type MacroApplied = Schemas['MacroApplied'];

export type Rating = Schemas['Rating'];
export const RATINGS = ['good', 'okay', 'bad'] as const satisfies readonly Rating[];
exhaustive<Rating, typeof RATINGS>();
/** Why a customer was not happy. */
export type CsatReason = Schemas['Reason'];
export const CSAT_REASONS = [
  'took_too_long',
  'not_resolved',
  'unhelpful',
  'unfriendly',
  'other',
] as const satisfies readonly CsatReason[];
exhaustive<CsatReason, typeof CSAT_REASONS>();
/** `GET /csat/{token}` (public) and `GET /tickets/{id}/satisfaction` (the customer): the survey. */
export type SurveyView = Schemas['SurveyView'];
/** `POST /csat/{token}`, `POST /tickets/{id}/satisfaction` */
export type RateRequest = Schemas['RateRequest'];
/** Ratings counted, with their score (0–100, none without ratings). */
export type CsatCounts = Schemas['CsatCounts'];
export type CsatDay = Schemas['CsatDay'];
export type CsatGroup = Schemas['CsatGroup'];
export type CsatComment = Schemas['CsatComment'];
/** `GET /reports/csat?from=&to=` (managers, admins). */
export type CsatReport = Schemas['CsatReport'];
/** `GET`/`PUT /settings/csat` (admins change, managers read). */
export type CsatSettings = Schemas['CsatSettings'];

// Reports.

export type ReportDay = Schemas['OverviewDay'];
/**
 * Durations in minutes over `count` tickets. `median` and `p90` are the upper bounds of
 * the buckets they fall in ("at most"), absent or null when `count` is 0.
 */
export type DurationStats = Schemas['Distribution'];
/** `GET /reports/overview`: days in the org's time zone. */
export type ReportOverview = Schemas['Overview'];
export type SlaReportDay = Schemas['SlaDay'];
export type SlaOutcome = Schemas['Outcomes'];
export type SlaPriorityReport = Schemas['SlaPriority'];
/** `GET /reports/sla`: `priorities` always lists all four, urgent first. */
export type SlaReport = Schemas['SlaReport'];
export type AgentReport = Schemas['AgentRow'];
/** `GET /reports/agents`: agents sorted by name. */
export type AgentsReport = Schemas['AgentsReport'];
/**
 * New-ticket forms in the portal that showed suggested articles (`suggested`), and how they
 * ended: `abandoned` (left without a ticket: deflected) or `submitted`. `deflection_rate` is
 * `abandoned ÷ suggested`, from 0 to 1, absent or null before the first form.
 */
export type DeflectionCounts = Schemas['DeflectionCounts'];
export type DeflectionDay = Schemas['DeflectionDay'];
/** A help-center search that found nothing (normalised: lower case, single spaces), and how often. */
export type ContentGap = Schemas['ContentGap'];
/** `GET /reports/knowledge-base`: days in the org's time zone; `unanswered_searches` most frequent first, at most 20. */
export type KnowledgeBaseReport = Schemas['KnowledgeBaseReport'];

// Mail templates.

/** One kind's wording, MiniJinja (`{{ variable }}`). Without `html` the HTML part is the text, escaped. */
export type MailTemplate = Schemas['MailTemplate'];

/**
 * `PUT /mail-templates` (admins): replaces the org's overrides; a kind left out goes back to
 * the default. Narrowed: the schema keys `templates` by mail kind (`propertyNames`).
 */
export type MailTemplates = Narrowed<
  Schemas['MailTemplates'],
  Omit<Schemas['MailTemplates'], 'templates'> & { templates: Partial<Record<MailKind, MailTemplate>> }
>;

/**
 * `GET`/`PUT /mail-templates`: the wording in force for every kind, the customised kinds, each
 * kind's variables. Narrowed: the API answers every kind in both maps (`propertyNames`).
 */
export type MailTemplatesView = Narrowed<
  Schemas['MailTemplatesView'],
  Omit<Schemas['MailTemplatesView'], 'templates' | 'variables'> & {
    templates: Record<MailKind, MailTemplate>;
    variables: Record<MailKind, string[]>;
  }
>;

// The knowledge base and the public help center (docs/knowledge-base.md).

export type ArticleStatus = Schemas['ArticleStatus'];
export const ARTICLE_STATUSES = ['draft', 'published', 'archived'] as const satisfies readonly ArticleStatus[];
exhaustive<ArticleStatus, typeof ARTICLE_STATUSES>();

/**
 * An article as staff see it: the draft (`title`, `body`, `body_html`) and what is published.
 * `body_html` is rendered from Markdown and sanitised by the API; `version` is the `ETag`.
 * The API always sends `category_id`, `published_at` and `published_version` (null when
 * unset), but the schema leaves them optional, so test them with `== null` (or `?? null`).
 */
export type Article = Schemas['ArticleView'];
/** What customers and visitors see of an article: the published version only, never the draft. */
export type PublishedArticle = Schemas['PublishedArticle'];
/** `GET /knowledge-base/articles[/{id}]`: staff get an {@link Article}, customers a {@link PublishedArticle}. */
export type ArticleFor = Schemas['ArticleFor'];
/** A published article in the help center's lists: no body, an excerpt; with `q`, a `snippet`. */
export type PublishedArticleSummary = Schemas['PublishedArticleSummary'];
/** `GET /knowledge-base/articles/{id}/versions`: newest first; `published` marks the one customers see. */
export type ArticleVersionSummary = Schemas['ArticleVersionSummary'];
export type ArticleVersionList = Schemas['Items_ArticleVersionSummary'];
/** `GET /knowledge-base/articles/{id}/versions/{n}`: one version, whole. */
export type ArticleVersion = Schemas['ArticleVersionView'];
/**
 * A category, or a section when it has a parent (they nest one level). `position` orders
 * siblings ascending (0 when absent); `version` is the `ETag`.
 */
export type Category = Schemas['Category'];
/** `GET /knowledge-base/categories`, ordered by parent, position, name. */
export type CategoryList = Schemas['Items_Category'];
/** What a vote answers: the article's counts after it. */
export type Feedback = Schemas['Feedback'];
/** `GET /help/{org}/categories`: the org (its `slug` may be null) and its categories. */
export type HelpCenter = Schemas['HelpCenter'];
export type HelpOrg = Schemas['HelpOrg'];
/** `GET /help/{org}/articles` */
export type HelpArticlePage = Schemas['Page_PublishedArticleSummary'];

/** The query of `GET /knowledge-base/articles`. */
export type ArticleListParams = NonNullable<operations['list_articles']['parameters']['query']>;
/** The query of `GET /help/{org}/articles`; with `q`, the best matches (typos forgiven) in one page. */
export type HelpArticleListParams = NonNullable<operations['help_articles']['parameters']['query']>;

/**
 * `POST /knowledge-base/articles`, the two shapes the API accepts: a written article, or one
 * made from a ticket's public reply (title = the ticket's subject, body = that reply's text).
 * Narrowed: the schema is one object with every field optional and the API answers 422 for
 * neither or both.
 */
export type NewArticle = Narrowed<
  Schemas['CreateArticleRequest'],
  { title: string; body: string; slug?: string; category_id?: string; tags?: string[] }
>;
export type NewArticleFromTicket = Narrowed<
  Schemas['CreateArticleRequest'],
  { ticket_id: string; interaction_id: string; slug?: string; category_id?: string; tags?: string[] }
>;
export type CreateArticleRequest = NewArticle | NewArticleFromTicket;
/** `PATCH /knowledge-base/articles/{id}`: only the fields sent change; `category_id: null` clears it. */
export type ArticlePatch = Schemas['UpdateArticleRequest'];
/** `POST /knowledge-base/categories` (managers, admins). */
export type NewCategory = Schemas['CreateCategoryRequest'];
/** `PATCH /knowledge-base/categories/{id}`: only the fields sent change; `parent_id: null` makes it top level. */
export type CategoryPatch = Schemas['UpdateCategoryRequest'];
/** `POST /knowledge-base/articles/{id}/feedback` */
export type FeedbackRequest = Schemas['FeedbackRequest'];
/** `POST /help/{org}/articles/{slug}/feedback`; `session` is 16-64 of `[A-Za-z0-9_-]`. */
export type HelpFeedbackRequest = Schemas['HelpFeedbackRequest'];

// Search.

/**
 * One result of `GET /search`. `snippet` is HTML: escaped text with the matches in `<mark>`
 * (render it with `components/snippet`, never as HTML). `reference` is a ticket's number or
 * an article's slug.
 */
export type SearchHit = Schemas['SearchHit'];
export type SearchResults = Schemas['Items_SearchHit'];
/** The query of `GET /search`. */
export type SearchParams = NonNullable<operations['search']['parameters']['query']>;
/**
 * Hand-written: what `SearchHit.kind` (and the `kind` filter) can be. The schema types the
 * field as a string and the parameter by a pattern, `^(ticket|article)$`.
 */
export const SEARCH_KINDS = ['ticket', 'article'] as const satisfies readonly NonNullable<SearchParams['kind']>[];
export type SearchKind = (typeof SEARCH_KINDS)[number];
export function isSearchKind(kind: string): kind is SearchKind {
  return (SEARCH_KINDS as readonly string[]).includes(kind);
}

/** A published article suggested for what someone is typing (`GET /knowledge-base/suggestions`, no sign-in). */
export type Suggestion = Schemas['Suggestion'];
export type SuggestionList = Schemas['Items_Suggestion'];
/** The query of `GET /knowledge-base/suggestions`: `org` is the org's id or slug. */
export type SuggestionParams = NonNullable<operations['suggestions']['parameters']['query']>;
/** How a new-ticket form that showed suggested articles ended: left without a ticket (deflected) or filed. */
export type FormOutcome = Schemas['FormOutcome'];
export const FORM_OUTCOMES = ['abandoned', 'submitted'] as const satisfies readonly FormOutcome[];
exhaustive<FormOutcome, typeof FORM_OUTCOMES>();
/** `POST /knowledge-base/deflections` (customers): how one new-ticket form ended, sent once. */
export type DeflectionRequest = Schemas['DeflectionRequest'];

// Whole routes, for code that stands in for the API (the MSW mocks in src/testing).

/** A route of docs/openapi.json, e.g. `/api/v1/tickets/{id}`. */
export type ApiRoute = keyof paths;
type HttpMethod = 'get' | 'put' | 'post' | 'patch' | 'delete';
/** The methods `P` has. */
export type RouteMethod<P extends ApiRoute> = {
  [M in HttpMethod]: paths[P][M] extends undefined ? never : M;
}[HttpMethod];
type Operation<P extends ApiRoute, M extends RouteMethod<P>> = NonNullable<paths[P][M]>;
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
/** The JSON a route answers on success (2xx); `never` for a `204`. */
export type RouteResponse<P extends ApiRoute, M extends RouteMethod<P>> =
  Operation<P, M> extends { responses: infer R } ? JsonOf<R[Extract<keyof R, 200 | 201 | 202>]> : never;
/** The JSON body a route accepts; `never` when it takes none. */
export type RouteRequest<P extends ApiRoute, M extends RouteMethod<P>> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;
