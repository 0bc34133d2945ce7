import { useState } from 'react';
import { Group, Loader, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { useOverview } from '@/features/reports/hooks/use-reports';
import { lastDays, rangeError } from '@/features/reports/dates';
import { atMost } from '@/features/reports/format';
import { StatCard } from '@/features/reports/components/stat-card';
import { SlaReportSection } from '@/features/reports/components/sla-report';
import { AgentsReportSection } from '@/features/reports/components/agents-report';
import { KnowledgeBaseReportSection } from '@/features/reports/components/knowledge-base-report';
import { CsatReportSection } from '@/features/csat/components/csat-report';
import type { DurationStats, ReportDay } from '@/types/api';

const TOTALS: { key: keyof Omit<ReportDay, 'day'>; label: string }[] = [
  { key: 'tickets_created', label: 'Tickets created' },
  { key: 'tickets_resolved', label: 'Tickets resolved' },
  { key: 'tickets_reopened', label: 'Tickets reopened' },
  { key: 'replies_sent', label: 'Replies sent' },
  { key: 'sla_breached', label: 'SLA breaches' },
  { key: 'backlog', label: 'Backlog at the end' },
];

/** "over 5 tickets", or why there is no figure. */
function measuredOver(stats: DurationStats | undefined, one: string, many: string): string {
  if (!stats || stats.count === 0) return 'None in this range';
  return `Over ${stats.count} ${stats.count === 1 ? one : many}`;
}

const CREATED = 'var(--mantine-color-blue-6)';
const RESOLVED = 'var(--mantine-color-teal-6)';

/**
 * Reports for managers and admins. One date range drives the overview (totals, response
 * times, created vs resolved per day), the SLA section, the agents table and self-service
 * (deflected new-ticket forms, searches without results).
 */
export function ReportsPage() {
  const [range, setRange] = useState(() => lastDays(14));
  const error = rangeError(range.from, range.to);
  const overview = useOverview(range.from, range.to, !error);
  const firstResponse = overview.data?.first_response_minutes;
  const resolution = overview.data?.resolution_minutes;

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Reports
      </Title>
      <Group gap="xs" align="flex-start" wrap="wrap" role="group" aria-label="Date range">
        <TextInput
          type="date"
          label="From"
          value={range.from}
          onChange={(e) => {
            const from = e.currentTarget.value;
            setRange((r) => ({ ...r, from }));
          }}
          w={{ base: '48%', sm: 180 }}
        />
        <TextInput
          type="date"
          label="To"
          value={range.to}
          onChange={(e) => {
            const to = e.currentTarget.value;
            setRange((r) => ({ ...r, to }));
          }}
          w={{ base: '48%', sm: 180 }}
        />
      </Group>
      {error && (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      )}
      {!error && overview.isPending && <Loader aria-label="Loading the report" />}
      {!error && overview.isError && <ErrorAlert error={overview.error} title="Could not load the report" />}
      {!error && overview.data && (
        <>
          {overview.data.time_zone && (
            <Text size="xs" c="dimmed">
              Days are counted in {overview.data.time_zone} time.
            </Text>
          )}
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="xs">
            {TOTALS.map(({ key, label }) => (
              <StatCard key={key} label={label} value={overview.data.totals[key] ?? '—'} />
            ))}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
            <StatCard
              label="First response, median"
              value={atMost(firstResponse?.median)}
              note={measuredOver(firstResponse, 'first response', 'first responses')}
            />
            <StatCard
              label="First response, 90th percentile"
              value={atMost(firstResponse?.p90)}
              note={measuredOver(firstResponse, 'first response', 'first responses')}
            />
            <StatCard
              label="Resolution, median"
              value={atMost(resolution?.median)}
              note={measuredOver(resolution, 'resolved ticket', 'resolved tickets')}
            />
            <StatCard
              label="Resolution, 90th percentile"
              value={atMost(resolution?.p90)}
              note={measuredOver(resolution, 'resolved ticket', 'resolved tickets')}
            />
          </SimpleGrid>
          <Paper withBorder p="sm" component="section" aria-labelledby="chart-heading">
            <Title order={2} size="h4" id="chart-heading" mb="xs">
              Created vs resolved per day
            </Title>
            <Group gap="md" mb="xs" aria-hidden>
              <Text size="sm">
                <span style={{ display: 'inline-block', width: 10, height: 10, background: CREATED }} /> Created
              </Text>
              <Text size="sm">
                <span style={{ display: 'inline-block', width: 10, height: 10, background: RESOLVED }} /> Resolved
              </Text>
            </Group>
            <BarChart days={overview.data.days} />
          </Paper>
        </>
      )}
      {!error && <SlaReportSection from={range.from} to={range.to} />}
      {!error && <AgentsReportSection from={range.from} to={range.to} />}
      {!error && <KnowledgeBaseReportSection from={range.from} to={range.to} />}
      {!error && <CsatReportSection from={range.from} to={range.to} />}
    </Stack>
  );
}

/** A plain SVG chart (decorative for screen readers, which get the table after it). */
function BarChart({ days }: { days: ReportDay[] }) {
  const height = 160;
  const slot = 24;
  const bar = 9;
  const max = Math.max(1, ...days.flatMap((d) => [d.tickets_created, d.tickets_resolved]));
  const width = Math.max(1, days.length) * slot;
  const h = (n: number) => (n / max) * (height - 20);
  return (
    <>
      <div style={{ overflowX: 'auto' }}>
        <svg
          viewBox={`0 0 ${width} ${height + 18}`}
          width={Math.max(width, 300)}
          height={height + 18}
          aria-hidden
          data-testid="report-chart"
        >
          <line x1={0} y1={height} x2={width} y2={height} stroke="var(--mantine-color-gray-4)" />
          {days.map((d, i) => (
            <g key={d.day} transform={`translate(${i * slot + 2},0)`}>
              <rect x={0} y={height - h(d.tickets_created)} width={bar} height={h(d.tickets_created)} fill={CREATED}>
                <title>{`${d.day}: ${d.tickets_created} created`}</title>
              </rect>
              <rect x={bar + 1} y={height - h(d.tickets_resolved)} width={bar} height={h(d.tickets_resolved)} fill={RESOLVED}>
                <title>{`${d.day}: ${d.tickets_resolved} resolved`}</title>
              </rect>
              {(i % Math.ceil(days.length / 10) === 0) && (
                <text x={bar} y={height + 13} fontSize={9} textAnchor="middle" fill="currentColor">
                  {d.day.slice(5)}
                </text>
              )}
            </g>
          ))}
        </svg>
      </div>
      <VisuallyHidden>
        <Table>
          <caption>Tickets per day: created, resolved, reopened and the backlog</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Day</Table.Th>
              <Table.Th scope="col">Created</Table.Th>
              <Table.Th scope="col">Resolved</Table.Th>
              <Table.Th scope="col">Reopened</Table.Th>
              <Table.Th scope="col">Backlog</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {days.map((d) => (
              <Table.Tr key={d.day}>
                <Table.Th scope="row">{d.day}</Table.Th>
                <Table.Td>{d.tickets_created}</Table.Td>
                <Table.Td>{d.tickets_resolved}</Table.Td>
                <Table.Td>{d.tickets_reopened ?? '—'}</Table.Td>
                <Table.Td>{d.backlog ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </>
  );
}
