/** The shapes the helpdesk API sends and accepts (see docs/api.md). */

export const ROLES = ['admin', 'manager', 'agent', 'customer'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES: readonly Role[] = ['admin', 'manager', 'agent'];

export const STATUSES = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof STATUSES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export type Channel = 'email' | 'web' | 'portal' | 'api' | 'chat' | 'phone';

export interface User {
  id: string;
  email: string;
  name: string;
  org_id: string;
  role: Role;
}

export interface Interaction {
  id: string;
  ticket_id: string;
  author: { kind: 'agent' | 'customer' | 'system'; id: string | null };
  body: string;
  internal: boolean;
  channel: Channel;
  created_at: string;
  /** Only on a message that came in by email (staff see it; the portal leaves it out). */
  email?: EmailMeta | null;
}

/** A file stored with an inbound email (in the attachments bucket under `key`). */
export interface AttachmentMeta {
  name: string;
  content_type: string;
  size: number;
  key: string;
  inline?: boolean;
  content_id?: string | null;
}

/** What an inbound email adds to its interaction. `body` holds only the new text. */
export interface EmailMeta {
  message_id: string;
  from: string;
  from_name?: string | null;
  to?: string[];
  cc?: string[];
  subject: string;
  /** The whole text, quoted history included, when it differs from `body` and fits. */
  full_text?: string | null;
  /** Sanitised server-side (ammonia); still shown only in a sandboxed iframe. */
  html?: string | null;
  /** Where the parts too big for the item are kept: the full text and the HTML. */
  overflow_key?: string | null;
  raw_key: string;
  attachments?: AttachmentMeta[];
  /** Attachments left out by the size and count limits. */
  dropped_attachments?: number;
  /** Why no automatic reply went out (loop signals, spam); empty when one could. */
  auto_reply_blocked?: string[];
}

/** The tag inbound mail with a spam verdict gets; removing it releases the ticket. */
export const SPAM_TAG = 'spam';

/** `GET /quarantine` (admins): a message kept aside instead of ticketed. */
export interface Quarantined {
  id: string;
  from: string;
  subject: string;
  /** `virus`, `dmarc`, `spf-and-dkim`, `bounce`, `no-sender`. */
  reasons: string[];
  raw_key: string;
  received_at: string;
}

export interface Ticket {
  id: string;
  number: string;
  subject: string;
  status: TicketStatus;
  priority: Priority;
  channel: Channel;
  category: string | null;
  tags: string[];
  customer_id: string;
  assignee_id: string | null;
  team_id: string | null;
  created_at: string;
  updated_at: string;
  first_response_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  version: number;
  thread?: Interaction[];
  /** Set on a ticket closed by a merge: the id of the ticket it was merged into. */
  merged_into?: string | null;
  /** SLA clocks, staff only; absent until the sla-checker has run. */
  sla?: SlaState | null;
}

/** One SLA clock of a ticket. `due_at` is absent while the clock is paused. */
export interface SlaTarget {
  due_at?: string | null;
  warn_at?: string | null;
  met_at?: string | null;
  paused: boolean;
  breached: boolean;
}

export interface SlaState {
  first_response?: SlaTarget | null;
  next_response?: SlaTarget | null;
  resolution?: SlaTarget | null;
  next_check_at?: string | null;
  computed_at: string;
}

export interface Notification {
  id: string;
  kind: string;
  ticket_id: string;
  ticket_number: string;
  text: string;
  created_at: string;
  read?: boolean;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export const VIEWS = ['all', 'mine', 'unassigned', 'open', 'pending', 'resolved', 'breaching'] as const;
export type TicketView = (typeof VIEWS)[number];

/** The views `GET /ticket-counts` counts: all but "breaching". */
export type CountedView = Exclude<TicketView, 'breaching'>;

/** `GET /ticket-counts` (staff): tickets per inbox view, eventually consistent (seconds behind). */
export type TicketCounts = Record<CountedView, number>;

export interface TicketListParams {
  view?: TicketView;
  status?: TicketStatus;
  priority?: Priority;
  assignee?: string;
  team?: string;
  tag?: string;
  customer?: string;
  limit?: number;
  cursor?: string;
}

export type AgentStatus = 'online' | 'away' | 'offline';

export interface Agent {
  id: string;
  email: string;
  name: string;
  role: Role;
  skills?: string[];
  status: AgentStatus;
}

export interface NewAgent {
  id?: string;
  email: string;
  name: string;
  role: Role;
  skills?: string[];
}

/** `PATCH /agents/{id}` (admins): only the fields sent change. */
export interface AgentPatch {
  name?: string;
  role?: Role;
  skills?: string[];
}

export interface Team {
  id: string;
  org_id: string;
  name: string;
  members: string[];
}

export interface NewTeam {
  id: string;
  name: string;
  members?: string[];
}

/** `PATCH /teams/{id}` (admins): only the fields sent change; `members` replaces the list. */
export interface TeamPatch {
  name?: string;
  members?: string[];
}

export interface SlaPolicy {
  priority: Priority;
  first_response_minutes?: number | null;
  next_response_minutes?: number | null;
  resolution_minutes?: number | null;
  business_hours?: boolean;
  warn_at_percent?: number;
  pause_on?: TicketStatus[];
  escalation?: { raise_priority: boolean; assign_team?: string | null };
}

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface BusinessHours {
  time_zone: string;
  week: Partial<Record<Weekday, { start: string; end: string }[]>>;
  holidays: string[];
}

export interface ReportDay {
  day: string;
  tickets_created: number;
  tickets_resolved: number;
  tickets_reopened: number;
  replies_sent: number;
  sla_breached: number;
  /** Unsolved tickets at the end of the day. */
  backlog: number;
}

/**
 * Durations in minutes over `count` tickets. `median` and `p90` are the upper bounds of
 * the buckets they fall in ("at most"), null when `count` is 0.
 */
export interface DurationStats {
  count: number;
  median: number | null;
  p90: number | null;
}

/** `GET /reports/overview`: days in the org's time zone. */
export interface ReportOverview {
  from: string;
  to: string;
  time_zone: string;
  days: ReportDay[];
  /** Sums over the range, except `backlog`: the backlog at the end of the range. */
  totals: Omit<ReportDay, 'day'>;
  first_response_minutes: DurationStats;
  resolution_minutes: DurationStats;
}

export interface SlaReportDay {
  day: string;
  first_response_breached: number;
  next_response_breached: number;
  resolution_breached: number;
}

export interface SlaOutcome {
  achieved: number;
  breached: number;
}

export interface SlaPriorityReport {
  priority: Priority;
  tickets_solved: number;
  first_response: SlaOutcome;
  resolution: SlaOutcome;
}

/** `GET /reports/sla`: `priorities` always lists all four, urgent first. */
export interface SlaReport {
  from: string;
  to: string;
  time_zone: string;
  days: SlaReportDay[];
  priorities: SlaPriorityReport[];
  /** `achieved_percent` is null when nothing was measured. */
  totals: Omit<SlaPriorityReport, 'priority'> & { achieved_percent: number | null };
}

export interface AgentReport {
  agent_id: string;
  name: string;
  tickets_resolved: number;
  replies_sent: number;
  sla_breached: number;
  first_response_minutes: DurationStats;
  resolution_minutes: DurationStats;
}

/** `GET /reports/agents`: agents sorted by name. */
export interface AgentsReport {
  from: string;
  to: string;
  time_zone: string;
  agents: AgentReport[];
}

export interface Customer {
  id: string;
  email: string;
  name: string;
  tickets: Ticket[];
}

export interface NewTicket {
  subject: string;
  description: string;
  priority?: Priority;
  category?: string;
  tags?: string[];
  customer_email?: string;
  customer_id?: string;
  channel?: Channel;
}

export interface TicketPatch {
  subject?: string;
  priority?: Priority;
  category?: string | null;
  tags?: string[];
}

/** `201` of `POST /tickets/{id}/interactions`: the message and the ticket after it. */
export interface InteractionCreated {
  interaction: Interaction;
  ticket: Ticket;
}

/** `201` when a customer replied to a closed ticket: a linked follow-up was opened instead. */
export interface FollowUpCreated {
  follow_up: Ticket;
}

export type InteractionResult = InteractionCreated | FollowUpCreated;

export function isFollowUp(r: unknown): r is FollowUpCreated {
  return typeof r === 'object' && r !== null && 'follow_up' in r;
}

export interface NewInteraction {
  body: string;
  internal?: boolean;
  confirm?: boolean;
}

/** What a mail is about, and so who gets it (customer: the first three; staff: the rest). */
export const MAIL_KINDS = ['acknowledgement', 'reply', 'resolved', 'assigned', 'sla_warning', 'sla_breached'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** One kind's wording, MiniJinja (`{{ variable }}`). Without `html` the HTML part is the text, escaped. */
export interface MailTemplate {
  subject: string;
  text: string;
  html?: string | null;
}

/** `PUT /mail-templates` (admins): replaces the org's overrides; a kind left out goes back to the default. */
export interface MailTemplates {
  templates: Partial<Record<MailKind, MailTemplate>>;
}

/** `GET`/`PUT /mail-templates`: the wording in force for every kind, the customised kinds, each kind's variables. */
export interface MailTemplatesView {
  templates: Record<MailKind, MailTemplate>;
  customized: MailKind[];
  variables: Record<MailKind, string[]>;
}
