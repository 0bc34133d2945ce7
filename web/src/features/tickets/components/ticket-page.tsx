import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Anchor, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { PriorityBadge, SpamBadge, StatusBadge } from '@/components/badges';
import { Time } from '@/components/time';
import { useShortcuts } from '@/hooks/use-shortcuts';
import { useSession } from '@/lib/session';
import { useAgentNames, useTeams } from '@/features/agents/hooks/use-agents';
import { useCustomer } from '@/features/customers/hooks/use-customer';
import { CustomerSidebar } from '@/features/customers/components/customer-sidebar';
import { useTicket, useTicketAudit } from '@/features/tickets/hooks/use-tickets';
import { TicketHistory } from '@/features/tickets/components/ticket-history';
import { autoAssignment } from '@/features/tickets/audit';
import { changeText } from '@/features/rules/rules';
import { Thread } from '@/features/tickets/components/thread';
import { Composer, type ComposerMode } from '@/features/tickets/components/composer';
import { TicketControls } from '@/features/tickets/components/ticket-controls';
import { MacroMenu } from '@/features/macros/components/macro-menu';
import { MergeButton } from '@/features/tickets/components/merge-dialog';
import { CreateArticleFromTicket } from '@/features/kb/components/create-article-from-ticket';
import { SlaBadge } from '@/features/sla/components/sla-badge';
import { useNow } from '@/hooks/use-now';
import type { AuditEntry, Interaction } from '@/types/api';

/** The agent's view of one ticket: everything, internal notes included. */
export function TicketPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const ticket = useTicket(id);
  const session = useSession();
  const agentName = useAgentNames();
  const customer = useCustomer(ticket.data?.customer_id);
  const teams = useTeams();
  const audit = useTicketAudit(id);
  const [mode, setMode] = useState<ComposerMode>('reply');
  const textarea = useRef<HTMLTextAreaElement | null>(null);
  const now = useNow();

  const focusComposer = (m: ComposerMode) => {
    setMode(m);
    // Wait for the mode switch to render before moving focus.
    requestAnimationFrame(() => textarea.current?.focus());
  };
  useShortcuts({ r: () => focusComposer('reply'), n: () => focusComposer('note'), u: () => navigate('/inbox') });

  if (ticket.isPending) return <Loader aria-label="Loading ticket" />;
  if (ticket.isError) return <ErrorAlert error={ticket.error} title="Could not load the ticket" />;
  const t = ticket.data;

  const authorName = (i: Interaction): string => {
    if (i.author.kind === 'system') return 'System';
    if (i.author.kind === 'customer') return customer.data?.name ?? 'Customer';
    if (i.author.id && i.author.id === session?.user.id) return `${session.user.name} (you)`;
    return agentName(i.author.id) ?? 'Agent';
  };
  const assigneeName = (aid: string | null) => agentName(aid) ?? 'nobody';
  const teamName = (tid: string) => teams.data?.find((x) => x.id === tid)?.name ?? tid;
  const actorName = (e: AuditEntry): string => {
    if (e.actor_role === 'customer') return customer.data?.name ?? 'Customer';
    if (e.actor === session?.user.id) return `${session.user.name} (you)`;
    return agentName(e.actor) ?? e.actor;
  };
  const valueName = (field: string, value: unknown): string => {
    if (typeof value === 'string' && (field === 'assignee_id' || field === 'assignee')) return agentName(value) ?? value;
    if (typeof value === 'string' && (field === 'team_id' || field === 'team')) return teamName(value);
    return changeText(value);
  };
  // The audit trail is for managers and admins (agents get 403).
  const canSeeHistory = session?.user.role === 'admin' || session?.user.role === 'manager';
  const auto = audit.data ? autoAssignment(audit.data, t.assignee_id) : null;

  return (
    <Stack gap="sm">
      <Anchor component={Link} to="/inbox" size="sm">
        ← Inbox
      </Anchor>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <div>
              <Text size="sm" c="dimmed">
                {t.number} · via {t.channel} · opened <Time value={t.created_at} />
              </Text>
              <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
                {t.subject}
              </Title>
              <Group gap="xs" mt={4}>
                <StatusBadge status={t.status} />
                <PriorityBadge priority={t.priority} />
                <SpamBadge tags={t.tags} />
                <SlaBadge sla={t.status === 'closed' ? null : t.sla} now={now} />
                {t.team_id && (
                  <Text size="sm" data-testid="ticket-team">
                    Team: {teamName(t.team_id)}
                  </Text>
                )}
                {t.category && (
                  <Text size="sm" c="dimmed">
                    {t.category}
                  </Text>
                )}
                <MacroMenu ticket={t} />
                <MergeButton ticket={t} />
                <CreateArticleFromTicket ticket={t} authorName={authorName} />
              </Group>
            </div>
            {t.merged_into && <MergedNotice targetId={t.merged_into} />}
            <Paper withBorder p="sm">
              <TicketControls ticket={t} autoAssigned={auto?.reason ?? (auto ? 'by the routing rules' : undefined)} />
            </Paper>
            <section aria-labelledby="thread-heading">
              <Title order={2} size="h4" id="thread-heading" mb="xs">
                Conversation
              </Title>
              <Thread thread={t.thread ?? []} authorName={authorName} showEmail />
            </section>
            <Paper withBorder p="sm">
              <Composer
                // A draft (its text and files) belongs to its ticket.
                key={t.id}
                ticket={t}
                allowNotes
                mode={mode}
                onModeChange={setMode}
                textareaRef={textarea}
                authorName={authorName}
                assigneeName={assigneeName}
                articleLinks
                cannedResponses
              />
            </Paper>
            {canSeeHistory && (
              <Paper withBorder p="sm">
                <TicketHistory
                  entries={audit.data}
                  isPending={audit.isPending}
                  error={audit.error}
                  actorName={actorName}
                  valueName={valueName}
                />
              </Paper>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <CustomerSidebar customerId={t.customer_id} current={t} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** A merged ticket is closed; this says where the conversation went on. */
function MergedNotice({ targetId }: { targetId: string }) {
  const target = useTicket(targetId);
  return (
    <Alert color="gray" title="Merged" role="status">
      This ticket was closed and merged into{' '}
      <Anchor component={Link} to={`/tickets/${targetId}`}>
        {target.data ? `${target.data.number} · ${target.data.subject}` : 'the target ticket'}
      </Anchor>
      .
    </Alert>
  );
}
