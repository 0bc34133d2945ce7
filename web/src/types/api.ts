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
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export const VIEWS = ['all', 'mine', 'unassigned', 'open', 'pending', 'resolved', 'breaching'] as const;
export type TicketView = (typeof VIEWS)[number];

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
  status: AgentStatus;
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
