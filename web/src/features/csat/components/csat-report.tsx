import { Alert, Group, Loader, Paper, SimpleGrid, Stack, Switch, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { Time } from '@/components/time';
import { isApiError } from '@/lib/api';
import { useSession } from '@/lib/session';
import { StatCard } from '@/features/reports/components/stat-card';
import { RATING_LABELS, REASON_LABELS } from '@/features/csat/labels';
import { useCsatReport, useCsatSettings, useSaveCsatSettings } from '@/features/csat/hooks/use-csat';
import type { CsatCounts, CsatDay, CsatGroup } from '@/types/api';

const GOOD = 'var(--mantine-color-teal-6)';
const OKAY = 'var(--mantine-color-yellow-5)';
const BAD = 'var(--mantine-color-red-6)';

const score = (c: CsatCounts) => (c.score == null ? '—' : `${c.score}%`);

/**
 * Customer satisfaction for the range: the score (good 100, okay 50, bad 0), ratings per
 * day (a stacked bar chart with a hidden table), per agent, per team and per category (tables
 * with a bar each), and the latest comments; the survey settings above it
 * (admins change them). Hidden without the API (404).
 */
export function CsatReportSection({ from, to }: { from: string; to: string }) {
  const report = useCsatReport(from, to);
  if (isApiError(report.error, 404)) return null;
  const data = report.data;

  return (
    <Stack gap="xs" component="section" aria-labelledby="csat-report-heading">
      <Title order={2} size="h3" id="csat-report-heading">
        Customer satisfaction
      </Title>
      <CsatSettingsPanel />
      {report.isPending && <Loader aria-label="Loading the satisfaction report" />}
      {report.isError && <ErrorAlert error={report.error} title="Could not load the satisfaction report" />}
      {data && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
            <StatCard
              label="Satisfaction score"
              value={score(data.total)}
              note={
                data.total.count === 0
                  ? 'No ratings in this range'
                  : `Over ${data.total.count} ${data.total.count === 1 ? 'rating' : 'ratings'}`
              }
            />
            <StatCard label="Ratings" value={data.total.count} />
            <StatCard label="Good" value={data.total.good} />
            <StatCard label="Okay" value={data.total.okay} />
            <StatCard label="Bad" value={data.total.bad} />
          </SimpleGrid>
          {data.total.count > 0 && (
            <Paper withBorder p="sm" component="section" aria-labelledby="csat-chart-heading">
              <Title order={3} size="h4" id="csat-chart-heading" mb="xs">
                Ratings per day
              </Title>
              <Group gap="md" mb="xs" aria-hidden>
                {(
                  [
                    ['Good', GOOD],
                    ['Okay', OKAY],
                    ['Bad', BAD],
                  ] as const
                ).map(([label, color]) => (
                  <Text size="sm" key={label}>
                    <span style={{ display: 'inline-block', width: 10, height: 10, background: color }} /> {label}
                  </Text>
                ))}
              </Group>
              <StackedChart days={data.days} />
            </Paper>
          )}
          <GroupTable title="Per agent" caption="Ratings per agent (the ticket's assignee when it was resolved)" rows={data.agents} who="Agent" />
          <GroupTable title="Per team" caption="Ratings per team" rows={data.teams} who="Team" />
          <GroupTable title="Per category" caption="Ratings per category" rows={data.categories} who="Category" />
          <Paper withBorder p="sm" component="section" aria-labelledby="csat-comments-heading">
            <Title order={3} size="h4" id="csat-comments-heading" mb="xs">
              Comments
            </Title>
            {data.comments.length === 0 ? (
              <Text size="sm" c="dimmed">
                No comments in this range.
              </Text>
            ) : (
              <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {data.comments.map((c) => (
                  <li key={`${c.ticket_id}-${c.rated_at}`}>
                    <Text size="sm">
                      <Text span fw={600}>
                        {RATING_LABELS[c.rating]}
                      </Text>{' '}
                      · {c.ticket_number} {c.subject} · <Time value={c.rated_at} />
                      {c.reason && <> · {REASON_LABELS[c.reason]}</>}
                    </Text>
                    {/* Customers' words: plain text, never HTML. */}
                    {c.comment && (
                      <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                        “{c.comment}”
                      </Text>
                    )}
                  </li>
                ))}
              </Stack>
            )}
          </Paper>
        </>
      )}
    </Stack>
  );
}

function GroupTable({ title, caption, rows, who }: { title: string; caption: string; rows: CsatGroup[]; who: string }) {
  if (rows.length === 0) return null;
  return (
    <Paper withBorder p="sm">
      <Table.ScrollContainer minWidth={480}>
        <Table striped captionSide="top" aria-label={`Satisfaction ${title.toLowerCase()}`}>
          <Table.Caption>{caption}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{who}</Table.Th>
              <Table.Th scope="col">Score</Table.Th>
              <Table.Th scope="col">Ratings</Table.Th>
              <Table.Th scope="col">Good</Table.Th>
              <Table.Th scope="col">Okay</Table.Th>
              <Table.Th scope="col">Bad</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Good, okay and bad as a bar</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Th scope="row">{r.name}</Table.Th>
                <Table.Td>{score(r)}</Table.Td>
                <Table.Td>{r.count}</Table.Td>
                <Table.Td>{r.good}</Table.Td>
                <Table.Td>{r.okay}</Table.Td>
                <Table.Td>{r.bad}</Table.Td>
                <Table.Td w={140}>
                  <ShareBar counts={r} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/** Good, okay and bad side by side in one bar (decorative: the row's cells say it). */
function ShareBar({ counts }: { counts: CsatCounts }) {
  const total = Math.max(1, counts.count);
  const width = 120;
  const parts: [number, string][] = [
    [counts.good, GOOD],
    [counts.okay, OKAY],
    [counts.bad, BAD],
  ];
  let x = 0;
  return (
    <svg width={width} height={10} viewBox={`0 0 ${width} 10`} aria-hidden data-testid="csat-share-bar">
      <rect x={0} y={0} width={width} height={10} fill="var(--mantine-color-gray-2)" />
      {parts.map(([n, color]) => {
        const w = (n / total) * width;
        const rect = <rect key={color} x={x} y={0} width={w} height={10} fill={color} />;
        x += w;
        return rect;
      })}
    </svg>
  );
}

/** Good, okay and bad stacked per day: plain SVG (decorative), then a hidden table for screen readers. */
function StackedChart({ days }: { days: CsatDay[] }) {
  const height = 120;
  const slot = 28;
  const bar = 16;
  const max = Math.max(1, ...days.map((d) => d.count));
  const width = Math.max(1, days.length) * slot;
  const h = (n: number) => (n / max) * (height - 10);
  return (
    <>
      <div style={{ overflowX: 'auto' }}>
        <svg viewBox={`0 0 ${width} ${height + 18}`} width={Math.max(width, 300)} height={height + 18} aria-hidden data-testid="csat-chart">
          <line x1={0} y1={height} x2={width} y2={height} stroke="var(--mantine-color-gray-4)" />
          {days.map((d, i) => {
            const bad = h(d.bad);
            const okay = h(d.okay);
            const good = h(d.good);
            return (
              <g key={d.day} transform={`translate(${i * slot + 6},0)`}>
                <rect x={0} y={height - bad} width={bar} height={bad} fill={BAD} />
                <rect x={0} y={height - bad - okay} width={bar} height={okay} fill={OKAY} />
                <rect x={0} y={height - bad - okay - good} width={bar} height={good} fill={GOOD}>
                  <title>{`${d.day}: ${d.good} good, ${d.okay} okay, ${d.bad} bad`}</title>
                </rect>
                {i % Math.ceil(days.length / 10) === 0 && (
                  <text x={bar / 2} y={height + 13} fontSize={9} textAnchor="middle" fill="currentColor">
                    {d.day.slice(5)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <VisuallyHidden>
        <Table>
          <caption>Ratings per day: good, okay, bad and the score</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Day</Table.Th>
              <Table.Th scope="col">Good</Table.Th>
              <Table.Th scope="col">Okay</Table.Th>
              <Table.Th scope="col">Bad</Table.Th>
              <Table.Th scope="col">Score</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {days.map((d) => (
              <Table.Tr key={d.day}>
                <Table.Th scope="row">{d.day}</Table.Th>
                <Table.Td>{d.good}</Table.Td>
                <Table.Td>{d.okay}</Table.Td>
                <Table.Td>{d.bad}</Table.Td>
                <Table.Td>{score(d)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </>
  );
}

/** The two survey switches: admins change them (with `If-Match`), managers read them. */
function CsatSettingsPanel() {
  const session = useSession();
  const canEdit = session?.user.role === 'admin';
  const settings = useCsatSettings();
  const save = useSaveCsatSettings();
  if (isApiError(settings.error, 404)) return null;
  const current = settings.data;
  const enabled = current?.settings.enabled ?? true;
  const afterRules = current?.settings.after_rules ?? false;
  const put = (next: { enabled: boolean; after_rules: boolean }) => {
    if (current) save.mutate({ settings: next, version: current.version });
  };
  return (
    <Paper withBorder p="sm" aria-label="Survey settings" component="section">
      <Stack gap={6}>
        <Switch
          label="Ask customers for a rating when a ticket is resolved"
          checked={enabled}
          disabled={!canEdit || !current || save.isPending}
          onChange={(e) => put({ enabled: e.currentTarget.checked, after_rules: afterRules })}
        />
        <Switch
          label="Also when a trigger or an automation resolved it"
          checked={afterRules}
          disabled={!canEdit || !current || !enabled || save.isPending}
          onChange={(e) => put({ enabled, after_rules: e.currentTarget.checked })}
        />
        <Text size="xs" c="dimmed">
          The rating links go in the resolved mail ({'{{ satisfaction.links }}'}); an agent may also choose “Resolve
          without survey”.{!canEdit && ' Only admins can change these settings.'}
        </Text>
        {settings.isError && <ErrorAlert error={settings.error} title="Could not load the survey settings" />}
        {save.isError &&
          (isApiError(save.error, 412) ? (
            <Alert color="yellow" role="status" py={6}>
              Someone changed the survey settings meanwhile: reloaded. Check them and try again.
            </Alert>
          ) : (
            <ErrorAlert error={save.error} title="Not saved" />
          ))}
      </Stack>
    </Paper>
  );
}
