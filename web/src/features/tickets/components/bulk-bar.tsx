import { useState } from 'react';
import { Button, Group, Paper, Select, Text, TextInput } from '@mantine/core';
import { statusLabel } from '@/lib/format';
import { useSession } from '@/lib/session';
import { useAgents, useTeams } from '@/features/agents/hooks/use-agents';
import { PRIORITIES, STATUSES, type BulkChanges, type Priority, type Ticket, type TicketStatus } from '@/types/api';

interface Props {
  /** The selected tickets as listed (their versions go along as `If-Match`). */
  selected: Ticket[];
  busy: boolean;
  /** Sends `changes` for `tickets` (all selected ones, or for a merge those but the target). */
  onApply: (tickets: Ticket[], changes: BulkChanges) => void;
  onClear: () => void;
}

/**
 * The inbox's bulk actions on the selection: assign (to an agent; to a team for managers and
 * admins, while agents may only take tickets themselves, as the API enforces), status, priority,
 * add or remove a tag, and merge into one of the selected. Each choice is sent at once.
 */
export function BulkBar({ selected, busy, onApply, onClear }: Props) {
  const session = useSession();
  const manages = session?.user.role === 'admin' || session?.user.role === 'manager';
  const agents = useAgents();
  const teams = useTeams();
  const [tag, setTag] = useState('');
  const [target, setTarget] = useState<string | null>(null);
  const cleanTag = tag.trim().toLowerCase();

  const apply = (changes: BulkChanges) => onApply(selected, changes);

  const me = session?.user;
  const agentOptions = manages
    ? [{ value: '', label: 'Unassigned' }, ...(agents.data ?? []).map((a) => ({ value: a.id, label: a.name }))]
    : me
      ? [{ value: me.id, label: `Me (${me.name})` }]
      : [];
  const targetTicket = selected.find((t) => t.id === target);

  return (
    <Paper withBorder p="xs" role="region" aria-label="Bulk actions" bg="blue.0">
      <Group gap="xs" wrap="wrap" align="flex-end">
        <Text fw={600} size="sm" aria-live="polite" style={{ alignSelf: 'center' }}>
          {selected.length} selected
        </Text>
        <Select
          label="Assign to agent"
          placeholder="Choose"
          value={null}
          data={agentOptions}
          onChange={(v) => v !== null && apply({ assignee_id: v || null })}
          disabled={busy}
          searchable={manages}
          w={180}
          size="xs"
        />
        {manages && (
          <Select
            label="Assign to team"
            placeholder="Choose"
            value={null}
            data={[{ value: '', label: 'No team' }, ...(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))]}
            onChange={(v) => v !== null && apply({ team_id: v || null })}
            disabled={busy}
            w={160}
            size="xs"
          />
        )}
        <Select
          label="Set status"
          placeholder="Choose"
          value={null}
          data={STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))}
          onChange={(v) => v && apply({ status: v as TicketStatus })}
          disabled={busy}
          w={140}
          size="xs"
        />
        <Select
          label="Set priority"
          placeholder="Choose"
          value={null}
          data={[...PRIORITIES]}
          onChange={(v) => v && apply({ priority: v as Priority })}
          disabled={busy}
          w={130}
          size="xs"
        />
        <TextInput
          label="Tag"
          placeholder="e.g. billing"
          value={tag}
          onChange={(e) => setTag(e.currentTarget.value)}
          disabled={busy}
          w={130}
          size="xs"
        />
        <Button size="xs" variant="default" disabled={busy || !cleanTag} onClick={() => apply({ add_tags: [cleanTag] })}>
          Add tag
        </Button>
        <Button
          size="xs"
          variant="default"
          disabled={busy || !cleanTag}
          onClick={() => apply({ remove_tags: [cleanTag] })}
        >
          Remove tag
        </Button>
        {selected.length >= 2 && (
          <>
            <Select
              label="Merge into"
              placeholder="Choose a ticket"
              value={targetTicket ? target : null}
              data={selected.map((t) => ({ value: t.id, label: `${t.number} ${t.subject}` }))}
              onChange={setTarget}
              disabled={busy}
              w={200}
              size="xs"
            />
            <Button
              size="xs"
              color="red"
              variant="light"
              disabled={busy || !targetTicket}
              onClick={() => {
                if (!targetTicket) return;
                // The others close into the target, which is not sent as one of them.
                onApply(
                  selected.filter((t) => t.id !== targetTicket.id),
                  { merge_into: targetTicket.id },
                );
                setTarget(null);
              }}
            >
              Merge
            </Button>
          </>
        )}
        <Button size="xs" variant="subtle" onClick={onClear} disabled={busy}>
          Clear selection
        </Button>
      </Group>
    </Paper>
  );
}
