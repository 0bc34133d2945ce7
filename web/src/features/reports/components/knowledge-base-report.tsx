import { Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { useKnowledgeBaseReport } from '@/features/reports/hooks/use-reports';
import { formatRate } from '@/features/reports/format';
import { StatCard } from '@/features/reports/components/stat-card';
import type { KnowledgeBaseReport } from '@/types/api';

/**
 * Self-service for the range: new-ticket forms in the portal that showed suggested articles,
 * how many were left without a ticket (deflected) and the rate, per day; and the help-center
 * searches that found nothing (what to write next). Hidden without the API (404).
 */
export function KnowledgeBaseReportSection({ from, to }: { from: string; to: string }) {
  const report = useKnowledgeBaseReport(from, to);
  if (isApiError(report.error, 404)) return null;

  return (
    <Stack gap="xs" component="section" aria-labelledby="kb-report-heading">
      <Title order={2} size="h3" id="kb-report-heading">
        Self-service
      </Title>
      {report.isPending && <Loader aria-label="Loading the self-service report" />}
      {report.isError && <ErrorAlert error={report.error} title="Could not load the self-service report" />}
      {report.data && <KnowledgeBaseReportBody report={report.data} />}
    </Stack>
  );
}

function KnowledgeBaseReportBody({ report }: { report: KnowledgeBaseReport }) {
  const { totals } = report;
  const formDays = report.days.filter((d) => d.suggested > 0);
  const gaps = report.unanswered_searches;
  return (
    <>
      <Text size="xs" c="dimmed">
        New-ticket forms in the portal that suggested at least one article, and how they ended.
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        <StatCard label="Forms with suggestions" value={totals.suggested} />
        <StatCard label="Deflected" value={totals.abandoned} note="Left without a ticket" />
        <StatCard label="Submitted" value={totals.submitted} note="Filed a ticket anyway" />
        <StatCard
          label="Deflection rate"
          value={formatRate(totals.deflection_rate)}
          note={totals.deflection_rate == null ? 'No forms with suggestions in this range' : 'Deflected of the forms with suggestions'}
        />
      </SimpleGrid>

      <Paper withBorder p="sm">
        {formDays.length === 0 ? (
          <Text size="sm" c="dimmed">
            No new-ticket form showed suggestions in this range.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table striped captionSide="top">
              <Table.Caption>Forms with suggestions per day (days without any are left out)</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Day</Table.Th>
                  <Table.Th scope="col">Forms with suggestions</Table.Th>
                  <Table.Th scope="col">Deflected</Table.Th>
                  <Table.Th scope="col">Submitted</Table.Th>
                  <Table.Th scope="col">Deflection rate</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {formDays.map((d) => (
                  <Table.Tr key={d.day}>
                    <Table.Th scope="row">{d.day}</Table.Th>
                    <Table.Td>{d.suggested}</Table.Td>
                    <Table.Td>{d.abandoned}</Table.Td>
                    <Table.Td>{d.submitted}</Table.Td>
                    <Table.Td>{formatRate(d.deflection_rate)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>

      <Paper withBorder p="sm" component="section" aria-labelledby="kb-gaps-heading">
        <Title order={3} size="h5" id="kb-gaps-heading">
          Searches without results
        </Title>
        <Text size="xs" c="dimmed" id="kb-gaps-hint" mb="xs">
          Help-center searches that found nothing, most frequent first: articles worth writing.
        </Text>
        {gaps.length === 0 ? (
          <Text size="sm" c="dimmed">
            No unanswered searches in this range.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={320}>
            <Table striped aria-labelledby="kb-gaps-heading" aria-describedby="kb-gaps-hint">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Query</Table.Th>
                  <Table.Th scope="col">Searches</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {gaps.map((g) => (
                  <Table.Tr key={g.query}>
                    <Table.Th scope="row" fw={400} style={{ overflowWrap: 'anywhere' }}>
                      {g.query}
                    </Table.Th>
                    <Table.Td>{g.searches}</Table.Td>
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
