import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
  useMatches,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { ErrorAlert } from '@/components/error-alert';
import { PriorityBadge, SpamBadge, StatusBadge } from '@/components/badges';
import { statusLabel } from '@/lib/format';
import { Time } from '@/components/time';
import { useShortcuts } from '@/hooks/use-shortcuts';
import { useNow } from '@/hooks/use-now';
import { SlaBadge } from '@/features/sla/components/sla-badge';
import { useAgentNames, useAgents, useTeams } from '@/features/agents/hooks/use-agents';
import { useBulkTickets, useTicketCounts, useTickets } from '@/features/tickets/hooks/use-tickets';
import { BulkBar } from '@/features/tickets/components/bulk-bar';
import { bulkRequest, bulkSummary, succeeded } from '@/features/tickets/bulk';
import {
  PRIORITIES,
  STATUSES,
  type BulkChanges,
  type Priority,
  type TicketCounts,
  type TicketListParams,
  type TicketStatus,
  type Ticket,
  type TicketView,
} from '@/types/api';
import classes from '@/features/tickets/components/inbox.module.css';

const INBOX_VIEWS: { value: TicketView; label: string }[] = [
  { value: 'mine', label: 'My open' },
  { value: 'unassigned', label: 'Unassigned' },
  { value: 'open', label: 'All open' },
  { value: 'pending', label: 'Pending' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
  { value: 'breaching', label: 'Breaching soon' },
];

const compact = new Intl.NumberFormat(undefined, { notation: 'compact' });

/** A view's name and, when known, how many tickets it holds ("Breaching soon" has no count). */
function viewLabel(view: TicketView, label: string, counts: TicketCounts | undefined) {
  const count = view === 'breaching' ? undefined : counts?.[view];
  if (typeof count !== 'number') return label;
  return (
    <span className={classes.viewLabel}>
      <span>{label}</span>
      <Badge size="sm" variant="light" color="gray" aria-hidden>
        {compact.format(count)}
      </Badge>
      <VisuallyHidden>{` (${count} ${count === 1 ? 'ticket' : 'tickets'})`}</VisuallyHidden>
    </span>
  );
}

/** The assignee filter's value for tickets nobody is assigned to (the API's `assignee=none`). */
const NO_ASSIGNEE = 'none';

function paramsFrom(search: URLSearchParams): TicketListParams {
  const assignee = search.get('assignee') ?? undefined;
  // The API honours `assignee` in the "all" view only, so an assignee filter means that view.
  const view = assignee ? 'all' : ((search.get('view') as TicketView | null) ?? 'mine');
  return {
    view,
    status: (search.get('status') as TicketStatus | null) ?? undefined,
    priority: (search.get('priority') as Priority | null) ?? undefined,
    assignee,
    team: search.get('team') ?? undefined,
    tag: search.get('tag') ?? undefined,
  };
}

/** The agent inbox: views, filters, cursor paging, 15-second polling and j/k navigation. */
export function InboxPage() {
  const [search, setSearch] = useSearchParams();
  const filters = paramsFrom(search);
  const filterKey = JSON.stringify(filters);

  const setParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setSearch(next, { replace: true });
  };
  const setParam = (key: string, value: string | null) => setParams({ [key]: value });

  const [tagDraft, setTagDraft] = useState(filters.tag ?? '');
  const [tag] = useDebouncedValue(tagDraft.trim().toLowerCase(), 400);
  useEffect(() => {
    if ((filters.tag ?? '') !== tag) setParam('tag', tag || null);
    // Only the debounced tag drives this; the other params come along unchanged.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tag]);

  // Small at phone width; the views scroll sideways when they do not fit.
  const viewSize = useMatches({ base: 'xs', xs: 'sm' });
  // Counts lag the list by a few seconds at most; without the endpoint there are none.
  const counts = useTicketCounts();

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Inbox
        </Title>
        <Button component={Link} to="/tickets/new">
          New ticket
        </Button>
      </Group>

      <div className={classes.views}>
        <SegmentedControl
          aria-label="View"
          value={filters.view ?? 'mine'}
          // Another view drops the assignee filter, which only the "all" view applies.
          onChange={(v) => setParams({ view: v, assignee: v === 'all' ? (filters.assignee ?? null) : null })}
          data={INBOX_VIEWS.map(({ value, label }) => ({ value, label: viewLabel(value, label, counts.data) }))}
          size={viewSize}
          classNames={{ control: classes.viewControl }}
        />
      </div>

      <Group gap="xs" wrap="wrap" role="search" aria-label="Filters" align="flex-end">
        <Select
          label="Status"
          placeholder="Any"
          clearable
          value={filters.status ?? null}
          onChange={(v) => setParam('status', v)}
          data={STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))}
          w={{ base: '48%', sm: 160 }}
        />
        <Select
          label="Priority"
          placeholder="Any"
          clearable
          value={filters.priority ?? null}
          onChange={(v) => setParam('priority', v)}
          data={[...PRIORITIES]}
          w={{ base: '48%', sm: 160 }}
        />
        <AssigneeFilter value={filters.assignee ?? null} onChange={(v) => setParams({ assignee: v, view: 'all' })} />
        <TeamFilter value={filters.team ?? null} onChange={(v) => setParam('team', v)} />
        <TextInput
          label="Tag"
          placeholder="e.g. billing"
          value={tagDraft}
          onChange={(e) => setTagDraft(e.currentTarget.value)}
          w={{ base: '100%', sm: 200 }}
        />
      </Group>

      {/* A new key resets paging whenever the filters change. */}
      <TicketList key={filterKey} filters={filters} />
    </Stack>
  );
}

/** Anyone, nobody (`none`) or one agent; choosing one switches to the "all" view. */
function AssigneeFilter({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const agents = useAgents();
  const data = [
    { value: NO_ASSIGNEE, label: 'Unassigned' },
    ...(agents.data ?? []).map((a) => ({ value: a.id, label: a.name })),
  ];
  // An id from the URL that the agent list does not know (or no list at all) still shows.
  if (value && !data.some((d) => d.value === value)) data.push({ value, label: value });
  return (
    <Select
      label="Assignee"
      placeholder="Anyone"
      clearable
      searchable
      value={value}
      onChange={onChange}
      data={data}
      w={{ base: '48%', sm: 180 }}
    />
  );
}

/** Filters by team; hidden when the teams cannot be listed. */
function TeamFilter({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const teams = useTeams();
  if (teams.isError && !value) return null;
  const data = (teams.data ?? []).map((t) => ({ value: t.id, label: t.name }));
  if (value && !data.some((d) => d.value === value)) data.push({ value, label: value });
  return (
    <Select
      label="Team"
      placeholder="Any"
      clearable
      value={value}
      onChange={onChange}
      data={data}
      w={{ base: '48%', sm: 160 }}
    />
  );
}

/** Whether a key press came from a row of the list (or from nowhere in particular). */
function fromRowOrPage(target: EventTarget | null): boolean {
  return !(target instanceof HTMLElement) || target === document.body || target.dataset.inboxRow !== undefined;
}

function TicketList({ filters }: { filters: TicketListParams }) {
  const navigate = useNavigate();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const query = useTickets({ ...filters, cursor });
  const agentName = useAgentNames();
  // `current` is the highlighted row (j/k), `picked` the ids ticked for bulk actions.
  const [current, setCurrent] = useState(0);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const rows = useRef<(HTMLAnchorElement | null)[]>([]);
  const items = query.data?.items ?? [];
  const now = useNow();
  const bulk = useBulkTickets();
  // Only what this page lists counts as selected (a refresh may drop a ticket from the view).
  const selected = items.filter((t) => picked.has(t.id));
  const allPicked = items.length > 0 && selected.length === items.length;

  const move = (delta: number) => {
    if (items.length === 0) return;
    const next = Math.min(items.length - 1, Math.max(0, current + delta));
    setCurrent(next);
    rows.current[next]?.focus();
  };

  const toggle = (id: string) =>
    setPicked((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const apply = (tickets: Ticket[], changes: BulkChanges) => {
    if (tickets.length === 0) return;
    const numbers = new Map(items.map((t) => [t.id, t.number]));
    bulk.mutate(bulkRequest(tickets, changes), {
      onSuccess: ({ results }) => {
        const done = succeeded(results);
        const failed = results.length - done.size;
        notifications.show({
          title: failed === 0 ? 'Tickets updated' : 'Some tickets were not changed',
          message: bulkSummary(results, (id) => numbers.get(id)),
          color: failed === 0 ? 'green' : 'orange',
          autoClose: failed === 0 ? 5000 : 10_000,
        });
        // The failed ones stay selected, to try again; a merge's target keeps its tick too.
        setPicked((prev) => new Set([...prev].filter((id) => !done.has(id))));
      },
      onError: (e) => {
        notifications.show({ title: 'Bulk change not saved', message: e instanceof Error ? e.message : 'Something went wrong', color: 'red' });
      },
    });
  };

  const open = () => {
    const t = items[current];
    if (t) void navigate(`/tickets/${t.id}`);
  };

  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    o: open,
    // Enter on a button or a field of the page is theirs; on a row or the page it opens the row.
    Enter: (event) => {
      if (!fromRowOrPage(event.target)) return false;
      open();
    },
    x: () => {
      const t = items[current];
      if (t) toggle(t.id);
    },
    e: () => {
      const t = items[current];
      if (t && !bulk.isPending && t.status !== 'resolved' && t.status !== 'closed') apply([t], { status: 'resolved' });
    },
    c: () => void navigate('/tickets/new'),
  });

  if (query.isPending) return <Loader aria-label="Loading tickets" />;
  if (query.isError) return <ErrorAlert error={query.error} title="Could not load tickets" />;

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Group gap="xs">
          {items.length > 0 && (
            <Checkbox
              aria-label="Select all on this page"
              checked={allPicked}
              indeterminate={selected.length > 0 && !allPicked}
              onChange={() => setPicked(allPicked ? new Set() : new Set(items.map((t) => t.id)))}
            />
          )}
          <Text size="sm" c="dimmed" aria-live="polite">
            {items.length === 0 ? 'No tickets here.' : `${items.length} ticket${items.length === 1 ? '' : 's'} on this page`}
            {query.isFetching && ' · refreshing…'}
          </Text>
        </Group>
      </Group>
      {selected.length > 0 && (
        <BulkBar selected={selected} busy={bulk.isPending} onApply={apply} onClear={() => setPicked(new Set())} />
      )}
      <ul className={classes.list} aria-label="Tickets">
        {items.map((t, i) => (
          <li key={t.id} className={classes.item}>
            <Checkbox
              aria-label={`Select ${t.number}`}
              checked={picked.has(t.id)}
              onChange={() => toggle(t.id)}
              className={classes.check}
            />
            <Paper
              component={Link}
              to={`/tickets/${t.id}`}
              ref={(el: HTMLAnchorElement | null) => {
                rows.current[i] = el;
              }}
              withBorder
              p="sm"
              className={classes.row}
              data-inbox-row=""
              data-selected={i === current || undefined}
              data-picked={picked.has(t.id) || undefined}
              onFocus={() => setCurrent(i)}
            >
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <div className={classes.main}>
                  <Text size="xs" c="dimmed">
                    {t.number}
                  </Text>
                  <Text fw={600} className={classes.subject}>
                    {t.subject}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {agentName(t.assignee_id) ?? 'Unassigned'} · updated <Time value={t.updated_at} />
                    {t.tags.length > 0 && <> · {t.tags.map((tag) => `#${tag}`).join(' ')}</>}
                  </Text>
                </div>
                <Stack gap={4} align="flex-end" style={{ flexShrink: 0 }}>
                  <StatusBadge status={t.status} />
                  <PriorityBadge priority={t.priority} />
                  <SpamBadge tags={t.tags} />
                  <SlaBadge sla={t.sla} now={now} />
                </Stack>
              </Group>
            </Paper>
          </li>
        ))}
      </ul>
      <Group justify="space-between">
        <Button
          variant="default"
          disabled={cursors.length <= 1}
          onClick={() => {
            setCursors((c) => c.slice(0, -1));
            setCurrent(0);
          }}
        >
          Previous page
        </Button>
        <VisuallyHidden>Page {cursors.length}</VisuallyHidden>
        <Button
          variant="default"
          disabled={!query.data?.next_cursor}
          onClick={() => {
            const next = query.data?.next_cursor;
            if (next) setCursors((c) => [...c, next]);
            setCurrent(0);
          }}
        >
          Next page
        </Button>
      </Group>
    </Stack>
  );
}
