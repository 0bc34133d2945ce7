/**
 * Fixtures for component tests: a small Acme org with agents, customers and tickets. They are
 * typed with the API's generated schemas (via @/types/api), so they cannot drift from the contract.
 */
import type {
  Agent,
  CustomerProfile,
  EmailMeta,
  Interaction,
  MailKind,
  MailTemplate,
  Notification,
  QuarantineEntry,
  SlaState,
  Ticket,
  User,
} from '@/types/api';

export const users = {
  manager: { id: 'acme-manager', email: 'manager@acme.test', name: 'Max Manager', org_id: '10001', role: 'manager' },
  agent: { id: 'acme-agent1', email: 'agent1@acme.test', name: 'Alice Agent', org_id: '10001', role: 'agent' },
  admin: { id: 'acme-admin', email: 'admin@acme.test', name: 'Ada Admin', org_id: '10001', role: 'admin' },
  customer: { id: 'c-1', email: 'customer1@acme.test', name: 'Carl Customer', org_id: '10001', role: 'customer' },
} satisfies Record<string, User>;

export const agents: Agent[] = [
  { id: 'acme-agent1', org_id: '10001', email: 'agent1@acme.test', name: 'Alice Agent', role: 'agent', status: 'online', version: 1 },
  { id: 'acme-agent2', org_id: '10001', email: 'agent2@acme.test', name: 'Bob Agent', role: 'agent', status: 'away', version: 1 },
];

const at = (min: number) => new Date(Date.UTC(2026, 10, 20, 9, min)).toISOString();

export function interaction(partial: Partial<Interaction> & Pick<Interaction, 'id' | 'body'>): Interaction {
  return {
    ticket_id: 't-1',
    author: { kind: 'customer', id: 'c-1' },
    internal: false,
    channel: 'web',
    created_at: at(0),
    ...partial,
  };
}

export function ticket(partial: Partial<Ticket> & Pick<Ticket, 'id'>): Ticket {
  return {
    number: 'TKT-000001',
    subject: 'Printer on fire',
    status: 'open',
    priority: 'normal',
    channel: 'web',
    category: null,
    tags: [],
    custom_fields: {},
    customer_id: 'c-1',
    assignee_id: null,
    team_id: null,
    created_at: at(0),
    updated_at: at(5),
    first_response_at: null,
    resolved_at: null,
    closed_at: null,
    version: 1,
    ...partial,
  };
}

/** SLA clocks relative to now: a first response due in 35 minutes, already past its warning. */
export function slaDueSoon(now = Date.now()): SlaState {
  const min = (m: number) => new Date(now + m * 60_000).toISOString();
  return {
    first_response: { due_at: min(35), warn_at: min(-5), paused: false, breached: false },
    resolution: { due_at: min(600), warn_at: min(450), paused: false, breached: false },
    next_check_at: min(35),
    computed_at: min(-1),
  };
}

export function seedNotifications(): Notification[] {
  return [
    {
      id: 'n-1',
      kind: 'TicketAssigned',
      ticket_id: 't-2',
      ticket_number: 'TKT-000002',
      text: 'TKT-000002 was assigned to you',
      created_at: at(10),
      read: false,
    },
    {
      id: 'n-2',
      kind: 'SlaBreached',
      ticket_id: 't-1',
      ticket_number: 'TKT-000001',
      text: 'TKT-000001 breached its first response target',
      created_at: at(20),
      read: false,
    },
  ];
}

export function seedTickets(): Ticket[] {
  return [
    ticket({
      id: 't-1',
      number: 'TKT-000001',
      subject: 'Printer on fire',
      priority: 'urgent',
      assignee_id: 'acme-agent1',
      tags: ['hardware'],
      version: 3,
      sla: slaDueSoon(),
      thread: [
        interaction({ id: 'm-1', body: 'Smoke everywhere' }),
        interaction({
          id: 'm-2',
          body: 'Checked with facilities, they are on it.',
          author: { kind: 'agent', id: 'acme-agent1' },
          internal: true,
          created_at: at(2),
        }),
        interaction({
          id: 'm-3',
          body: 'We are sending someone now.',
          author: { kind: 'agent', id: 'acme-agent1' },
          created_at: at(3),
        }),
      ],
    }),
    ticket({ id: 't-2', number: 'TKT-000002', subject: 'Cannot log in', status: 'new', thread: [] }),
    ticket({
      id: 't-3',
      number: 'TKT-000003',
      subject: 'Refund please',
      status: 'pending',
      priority: 'low',
      thread: [],
      sla: { resolution: { paused: true, breached: false }, computed_at: at(0) },
    }),
  ];
}

/** What an inbound mail adds to its interaction: a reply with quoted history, HTML, two files. */
export function emailMeta(partial: Partial<EmailMeta> = {}): EmailMeta {
  return {
    message_id: '<CAF=abc123@mail.gmail.com>',
    from: 'jane@example.com',
    from_name: 'Jane Doe',
    to: ['support@acme.test'],
    cc: ['boss@example.com', 'it@example.com'],
    subject: 'Re: Printer on fire',
    full_text: 'Still smoking.\n\nOn Fri, Nov 20, 2026 at 9:00 Support wrote:\n> We are sending someone now.',
    html: '<p>Still <b>smoking</b>.</p>',
    raw_key: 'inbound/0001abcd',
    attachments: [
      { name: 'smoke.jpg', content_type: 'image/jpeg', size: 1536, key: 'org/10001/mail/h/1-smoke.jpg', inline: false },
      {
        name: 'logo.png',
        content_type: 'image/png',
        size: 512,
        key: 'org/10001/mail/h/2-logo.png',
        inline: true,
        content_id: 'logo@acme',
      },
    ],
    dropped_attachments: 0,
    auto_reply_blocked: [],
    ...partial,
  };
}

/** A ticket that came in by mail, its first message and a reply by mail. */
export function emailTicket(partial: Partial<Ticket> = {}, email: Partial<EmailMeta> = {}): Ticket {
  return ticket({
    id: 't-mail',
    number: 'TKT-000009',
    subject: 'Printer on fire',
    channel: 'email',
    thread: [
      interaction({
        id: 'm-mail-1',
        ticket_id: 't-mail',
        body: 'Still smoking.',
        channel: 'email',
        email: emailMeta(email),
      }),
    ],
    ...partial,
  });
}

/** Two messages kept aside, newest first. */
export function seedQuarantine(): QuarantineEntry[] {
  return [
    {
      id: 'ses-0002',
      from: 'mailer-daemon@example.net',
      subject: 'Undelivered Mail Returned to Sender',
      reasons: ['bounce'],
      raw_key: 'inbound/ses-0002',
      received_at: at(30),
    },
    {
      id: 'ses-0001',
      from: 'billing@evil.example',
      subject: 'Invoice <script>alert(1)</script>',
      reasons: ['virus', 'dmarc'],
      raw_key: 'inbound/ses-0001',
      received_at: at(10),
    },
  ];
}

export function customer(tickets: Ticket[]): CustomerProfile {
  return { id: 'c-1', org_id: '10001', email: 'customer1@acme.test', name: 'Carl Customer', tickets };
}

const COMMON_VARIABLES = ['org_name', 'recipient_name', 'customer_name', 'ticket_number', 'ticket_subject', 'link'];

/** Each kind's template variables, as `GET /mail-templates` lists them. */
export const mailVariables: Record<MailKind, string[]> = {
  acknowledgement: COMMON_VARIABLES,
  reply: [...COMMON_VARIABLES, 'agent_name', 'reply'],
  resolved: COMMON_VARIABLES,
  assigned: [...COMMON_VARIABLES, 'agent_name', 'priority'],
  sla_warning: [...COMMON_VARIABLES, 'agent_name', 'priority', 'metric', 'due_at'],
  sla_breached: [...COMMON_VARIABLES, 'agent_name', 'priority', 'metric', 'due_at'],
};

/** The default wording (shortened from the backend's). */
export const defaultMailTemplates: Record<MailKind, MailTemplate> = {
  acknowledgement: {
    subject: '[{{ ticket_number }}] {{ ticket_subject }}',
    text: 'Hello {{ customer_name }},\n\nwe received your request.\n{{ link }}\n\n{{ org_name }}\n',
    html: null,
  },
  reply: {
    subject: 'Re: [{{ ticket_number }}] {{ ticket_subject }}',
    text: '{{ reply }}\n\n-- \n{{ agent_name }}, {{ org_name }}\n',
    html: null,
  },
  resolved: {
    subject: '[{{ ticket_number }}] Resolved: {{ ticket_subject }}',
    text: 'Hello {{ customer_name }},\n\nyour request {{ ticket_number }} has been resolved.\n{{ link }}\n',
    html: null,
  },
  assigned: {
    subject: '[{{ ticket_number }}] Assigned to you: {{ ticket_subject }}',
    text: 'Hello {{ recipient_name }},\n\n{{ ticket_number }} is now yours.\nOpen it: {{ link }}\n',
    html: null,
  },
  sla_warning: {
    subject: '[{{ ticket_number }}] SLA warning: {{ metric }} due {{ due_at }}',
    text: 'Hello {{ recipient_name }},\n\nthe {{ metric }} target of {{ ticket_number }} is due at {{ due_at }}.\n',
    html: null,
  },
  sla_breached: {
    subject: '[{{ ticket_number }}] SLA breached: {{ metric }}',
    text: 'Hello {{ recipient_name }},\n\nthe {{ metric }} target of {{ ticket_number }} is breached.\n',
    html: null,
  },
};

/** The org's overrides: Acme customised the reply. */
export function seedMailOverrides(): Partial<Record<MailKind, MailTemplate>> {
  return {
    reply: {
      subject: 'Acme: {{ ticket_subject }}',
      text: '{{ reply }}\n\nThe Acme support team',
      html: '<p>{{ reply }}</p>',
    },
  };
}
