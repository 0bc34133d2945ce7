import { useState } from 'react';
import { Group, Loader, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { useOverview } from '@/features/reports/hooks/use-reports';
import { lastDays, rangeError } from '@/features/reports/dates';
import type { ReportDay } from '@/types/api';

const TOTALS: { key: keyof Omit<ReportDay, 'day'>; label: string }[] = [
  { key: 'tickets_created', label: 'Tickets created' },
  { key: 'tickets_resolved', label: 'Tickets resolved' },
  { key: 'replies_sent', label: 'Replies sent' },
  { key: 'sla_breached', label: 'SLA breaches' },
];

const CREATED = 'var(--mantine-color-blue-6)';
const RESOLVED = 'var(--mantine-color-teal-6)';

/** Overview for managers and admins: a date range, the totals, created vs resolved per day. */
export function ReportsPage() {
  const [range, setRange] = useState(() => lastDays(14));
  const error = rangeError(range.from, range.to);
  const overview = useOverview(range.from, range.to, !error);

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
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
            {TOTALS.map(({ key, label }) => (
              <Paper key={key} withBorder p="sm">
                <Text size="xs" c="dimmed">
                  {label}
                </Text>
                <Text fw={700} size="xl" aria-label={`${label}: ${overview.data.totals[key]}`}>
                  {overview.data.totals[key]}
                </Text>
              </Paper>
            ))}
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
          <caption>Tickets created and resolved per day</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Day</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Resolved</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {days.map((d) => (
              <Table.Tr key={d.day}>
                <Table.Td>{d.day}</Table.Td>
                <Table.Td>{d.tickets_created}</Table.Td>
                <Table.Td>{d.tickets_resolved}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </>
  );
}
