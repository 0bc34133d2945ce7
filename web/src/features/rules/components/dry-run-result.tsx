import { Link } from 'react-router';
import { Anchor, Badge, Group, List, Paper, Table, Text, Title } from '@mantine/core';
import { changeText } from '@/features/rules/rules';
import type { DryRun } from '@/types/api';

/** What a dry run found: how many tickets it looked at, and what it would change on those it matches. */
export function DryRunResult({ result }: { result: DryRun }) {
  const n = result.matches.length;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="dry-run-heading" bg="var(--mantine-color-gray-0)">
      <Title order={3} size="h5" id="dry-run-heading">
        Dry run result
      </Title>
      <Text size="sm" role="status" mb={n ? 'xs' : 0}>
        Checked {result.checked} {result.checked === 1 ? 'ticket' : 'tickets'}: {n === 0 ? 'none match' : `${n} ${n === 1 ? 'matches' : 'match'}`}. Nothing was changed.
      </Text>
      {n > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table aria-labelledby="dry-run-heading" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Ticket</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Would change</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.matches.map((m) => (
                <Table.Tr key={m.ticket_id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/tickets/${m.ticket_id}`} size="sm">
                      {m.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{m.subject}</Table.Td>
                  <Table.Td>
                    {m.changes.length > 0 && (
                      <List size="sm" spacing={0}>
                        {m.changes.map((c) => (
                          <List.Item key={c.field}>
                            {c.field}: {changeText(c.from)} → {changeText(c.to)}
                          </List.Item>
                        ))}
                      </List>
                    )}
                    <Group gap={4}>
                      {m.note && (
                        <Badge variant="light" color="gray" size="sm">
                          adds a note
                        </Badge>
                      )}
                      {m.route && (
                        <Badge variant="light" color="grape" size="sm">
                          routes it
                        </Badge>
                      )}
                      {m.changes.length === 0 && !m.note && !m.route && (
                        <Text size="sm" c="dimmed">
                          nothing (already so)
                        </Text>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
