import { Badge, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { Time } from '@/components/time';
import { auditActionLabel, isRulesEntry } from '@/features/tickets/audit';
import type { AuditEntry, FieldChange } from '@/types/api';

interface Props {
  entries: AuditEntry[] | undefined;
  isPending: boolean;
  error: unknown;
  /** A person's name by user id (agents; the customer). */
  actorName: (entry: AuditEntry) => string;
  /** Team and agent ids as names in the changes. */
  valueName: (field: string, value: unknown) => string;
}

/**
 * Who changed what on the ticket, oldest first (managers and admins). What the triggers,
 * automations and routing did shows as "Auto", with their reason ("trigger refunds; round
 * robin, team Billing", "automation close resolved").
 */
export function TicketHistory({ entries, isPending, error, actorName, valueName }: Props) {
  const change = (c: FieldChange) => `${c.field.replace(/_id$/, '')}: ${valueName(c.field, c.from)} → ${valueName(c.field, c.to)}`;
  return (
    <section aria-labelledby="history-heading">
      <Title order={2} size="h4" id="history-heading" mb="xs">
        History
      </Title>
      {isPending && <Loader size="sm" aria-label="Loading the history" />}
      {error != null && <ErrorAlert error={error} title="Could not load the history" />}
      {entries && entries.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing recorded yet.
        </Text>
      )}
      {entries && entries.length > 0 && (
        <Stack component="ol" aria-labelledby="history-heading" gap={6} p={0} m={0} style={{ listStyle: 'none' }}>
          {entries.map((e) => {
            const auto = isRulesEntry(e);
            return (
              <li key={e.id} data-testid={auto ? 'audit-auto' : undefined}>
                <Group gap={6} wrap="wrap">
                  {auto && (
                    <Badge color="grape" variant="light" size="sm" aria-label="Automatic change">
                      Auto
                    </Badge>
                  )}
                  <Text size="sm" fw={600}>
                    {auto ? 'Automation' : actorName(e)}
                  </Text>
                  <Text size="sm">{auditActionLabel(e.action, e.reason)}</Text>
                  <Text size="xs" c="dimmed">
                    <Time value={e.at} />
                  </Text>
                </Group>
                {auto && e.reason && (
                  <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {e.reason}
                  </Text>
                )}
                {e.changes.length > 0 && (
                  <List size="sm" spacing={0} withPadding>
                    {e.changes.map((c) => (
                      <List.Item key={c.field} style={{ overflowWrap: 'anywhere' }}>
                        {change(c)}
                      </List.Item>
                    ))}
                  </List>
                )}
              </li>
            );
          })}
        </Stack>
      )}
    </section>
  );
}

