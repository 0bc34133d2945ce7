import { Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { useAgentsReport } from '@/features/reports/hooks/use-reports';
import { atMost } from '@/features/reports/format';

/** Per agent for the range: resolved, replies, breaches, response times. Hidden without the API (404). */
export function AgentsReportSection({ from, to }: { from: string; to: string }) {
  const report = useAgentsReport(from, to);
  if (isApiError(report.error, 404)) return null;

  return (
    <Stack gap="xs" component="section" aria-labelledby="agents-report-heading">
      <Title order={2} size="h3" id="agents-report-heading">
        Agents
      </Title>
      {report.isPending && <Loader aria-label="Loading the agents report" />}
      {report.isError && <ErrorAlert error={report.error} title="Could not load the agents report" />}
      {report.data && report.data.agents.length === 0 && (
        <Text size="sm" c="dimmed">
          No agent activity in this range.
        </Text>
      )}
      {report.data && report.data.agents.length > 0 && (
        <Paper withBorder p="sm">
          <Table.ScrollContainer minWidth={820}>
            <Table striped captionSide="top">
              <Table.Caption>Per agent: work done and response times (≤ is an upper bound)</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Agent</Table.Th>
                  <Table.Th scope="col">Tickets resolved</Table.Th>
                  <Table.Th scope="col">Replies sent</Table.Th>
                  <Table.Th scope="col">SLA breaches</Table.Th>
                  <Table.Th scope="col">First response, median</Table.Th>
                  <Table.Th scope="col">First response, 90th percentile</Table.Th>
                  <Table.Th scope="col">Resolution, median</Table.Th>
                  <Table.Th scope="col">Resolution, 90th percentile</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.data.agents.map((a) => (
                  <Table.Tr key={a.agent_id}>
                    <Table.Th scope="row">{a.name}</Table.Th>
                    <Table.Td>{a.tickets_resolved}</Table.Td>
                    <Table.Td>{a.replies_sent}</Table.Td>
                    <Table.Td>{a.sla_breached}</Table.Td>
                    <Table.Td>{atMost(a.first_response_minutes.median)}</Table.Td>
                    <Table.Td>{atMost(a.first_response_minutes.p90)}</Table.Td>
                    <Table.Td>{atMost(a.resolution_minutes.median)}</Table.Td>
                    <Table.Td>{atMost(a.resolution_minutes.p90)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}
