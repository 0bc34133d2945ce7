import { Badge, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { Time } from '@/components/time';
import { useQuarantine } from '@/features/quarantine/hooks/use-quarantine';

/** Why the API kept a message aside, in words; an unknown reason shows as sent. */
const REASONS: Record<string, { label: string; color: string }> = {
  virus: { label: 'Virus', color: 'red' },
  dmarc: { label: 'DMARC failed', color: 'orange' },
  'spf-and-dkim': { label: 'SPF and DKIM failed', color: 'orange' },
  bounce: { label: 'Bounce', color: 'gray' },
  'no-sender': { label: 'No sender', color: 'gray' },
};

function ReasonBadge({ reason }: { reason: string }) {
  const known = REASONS[reason];
  return (
    <Badge color={known?.color ?? 'gray'} variant="light" title={reason}>
      {known?.label ?? reason}
    </Badge>
  );
}

/** Admins: inbound mail that was not ticketed (virus, failing DMARC, SPF and DKIM, bounces), newest first. */
export function QuarantinePage() {
  const quarantine = useQuarantine();

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2" id="quarantine-heading">
          Quarantine
        </Title>
        <Text size="sm" c="dimmed">
          Inbound mail kept aside instead of ticketed. The raw messages stay in the inbound mail bucket for 90 days.
        </Text>
      </div>
      {quarantine.isPending && <Loader aria-label="Loading quarantine" />}
      {quarantine.isError && <ErrorAlert error={quarantine.error} title="Could not load the quarantine" />}
      {quarantine.data && quarantine.data.length === 0 && <Text c="dimmed">Nothing in quarantine.</Text>}
      {quarantine.data && quarantine.data.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped aria-labelledby="quarantine-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Received</Table.Th>
                <Table.Th>From</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Reasons</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {quarantine.data.map((q) => (
                <Table.Tr key={q.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Time value={q.received_at} />
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{q.from || '—'}</Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {q.subject || '(no subject)'}
                    </Text>
                    <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {q.raw_key}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {q.reasons.map((r) => (
                        <ReasonBadge key={r} reason={r} />
                      ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
