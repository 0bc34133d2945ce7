import { Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { useSlaReport } from '@/features/reports/hooks/use-reports';
import { formatPercent } from '@/features/reports/format';
import { StatCard } from '@/features/reports/components/stat-card';
import type { SlaPriorityReport, SlaReport } from '@/types/api';

/** SLA for the range: achievement, per priority, breaches per day. Hidden without the API (404). */
export function SlaReportSection({ from, to }: { from: string; to: string }) {
  const sla = useSlaReport(from, to);
  if (isApiError(sla.error, 404)) return null;

  return (
    <Stack gap="xs" component="section" aria-labelledby="sla-report-heading">
      <Title order={2} size="h3" id="sla-report-heading">
        SLA
      </Title>
      {sla.isPending && <Loader aria-label="Loading the SLA report" />}
      {sla.isError && <ErrorAlert error={sla.error} title="Could not load the SLA report" />}
      {sla.data && <SlaReportBody report={sla.data} />}
    </Stack>
  );
}

function SlaReportBody({ report }: { report: SlaReport }) {
  const { totals } = report;
  const breachDays = report.days.filter(
    (d) => d.first_response_breached + d.next_response_breached + d.resolution_breached > 0,
  );
  return (
    <>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        <StatCard
          label="SLA achieved"
          value={formatPercent(totals.achieved_percent)}
          note={totals.achieved_percent == null ? 'Nothing measured in this range' : 'Of the targets measured'}
        />
        <StatCard label="Tickets solved" value={totals.tickets_solved} />
        <StatCard
          label="First responses breached"
          value={totals.first_response.breached}
          note={`${totals.first_response.achieved} achieved`}
        />
        <StatCard
          label="Resolutions breached"
          value={totals.resolution.breached}
          note={`${totals.resolution.achieved} achieved`}
        />
      </SimpleGrid>

      <Paper withBorder p="sm">
        <Table.ScrollContainer minWidth={600}>
          <Table striped captionSide="top">
            <Table.Caption>SLA by priority: targets achieved and breached</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Priority</Table.Th>
                <Table.Th scope="col">Tickets solved</Table.Th>
                <Table.Th scope="col">First response achieved</Table.Th>
                <Table.Th scope="col">First response breached</Table.Th>
                <Table.Th scope="col">Resolution achieved</Table.Th>
                <Table.Th scope="col">Resolution breached</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.priorities.map((p) => (
                <PriorityRow key={p.priority} label={p.priority} row={p} capitalize />
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <PriorityRow label="All priorities" row={totals} />
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      </Paper>

      <Paper withBorder p="sm">
        {breachDays.length === 0 ? (
          <Text size="sm" c="dimmed">
            No SLA breaches in this range.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={420}>
            <Table striped captionSide="top">
              <Table.Caption>SLA breaches per day (days without breaches are left out)</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Day</Table.Th>
                  <Table.Th scope="col">First response</Table.Th>
                  <Table.Th scope="col">Next response</Table.Th>
                  <Table.Th scope="col">Resolution</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {breachDays.map((d) => (
                  <Table.Tr key={d.day}>
                    <Table.Th scope="row">{d.day}</Table.Th>
                    <Table.Td>{d.first_response_breached}</Table.Td>
                    <Table.Td>{d.next_response_breached}</Table.Td>
                    <Table.Td>{d.resolution_breached}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </>
  );
}

interface PriorityRowProps {
  label: string;
  row: Omit<SlaPriorityReport, 'priority'>;
  capitalize?: boolean;
}

function PriorityRow({ label, row, capitalize = false }: PriorityRowProps) {
  return (
    <Table.Tr>
      <Table.Th scope="row" tt={capitalize ? 'capitalize' : undefined}>
        {label}
      </Table.Th>
      <Table.Td>{row.tickets_solved}</Table.Td>
      <Table.Td>{row.first_response.achieved}</Table.Td>
      <Table.Td>{row.first_response.breached}</Table.Td>
      <Table.Td>{row.resolution.achieved}</Table.Td>
      <Table.Td>{row.resolution.breached}</Table.Td>
    </Table.Tr>
  );
}
