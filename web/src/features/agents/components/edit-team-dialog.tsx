import { useState } from 'react';
import { Button, Group, Modal, MultiSelect, Stack, Text, TextInput } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { useUpdateTeam } from '@/features/agents/hooks/use-agents';
import type { Agent, Team, TeamPatch } from '@/types/api';

interface Props {
  /** The team being edited; the dialog is closed when null. */
  team: Team | null;
  agents: Agent[];
  onClose: () => void;
  onSaved: (team: Team) => void;
}

/** Admins rename a team and change its members (`PATCH /teams/{id}`). */
export function EditTeamDialog({ team, agents, onClose, onSaved }: Props) {
  return (
    <Modal opened={team !== null} onClose={onClose} title={team ? `Edit team ${team.name}` : 'Edit team'}>
      {/* A new key starts the form from the team's current values. */}
      {team && <EditTeamForm key={team.id} team={team} agents={agents} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function EditTeamForm({ team, agents, onClose, onSaved }: { team: Team } & Omit<Props, 'team'>) {
  const update = useUpdateTeam();
  const [name, setName] = useState(team.name);
  const [members, setMembers] = useState<string[]>(team.members ?? []);
  const errors = isApiError(update.error) ? update.error.errors : [];
  // The API names list items `members[0]`; they are shown under the one input.
  const errorFor = (field: string) =>
    errors.find((e) => e.field === field || e.field.startsWith(`${field}[`))?.message;
  const shown = errors.map((e) => e.field).filter((f) => ['name', 'members'].some((k) => f === k || f.startsWith(`${k}[`)));
  // Members the agent list does not know (or no list at all) still show, by id.
  const data = [
    ...agents.map((a) => ({ value: a.id, label: a.name })),
    ...(team.members ?? []).filter((id) => !agents.some((a) => a.id === id)).map((id) => ({ value: id, label: id })),
  ];

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        // Only what changed is sent, so a concurrent edit of another field is kept.
        const patch: TeamPatch = {};
        if (name.trim() !== team.name) patch.name = name.trim();
        if (members.join('\n') !== (team.members ?? []).join('\n')) patch.members = members;
        if (Object.keys(patch).length === 0) return onClose();
        update.mutate({ id: team.id, patch }, { onSuccess: onSaved });
      }}
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Team id: {team.id}
        </Text>
        <TextInput
          label="Team name"
          required
          data-autofocus
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errorFor('name')}
        />
        <MultiSelect
          label="Members"
          value={members}
          onChange={setMembers}
          data={data}
          searchable
          error={errorFor('members')}
        />
        {update.isError && <ErrorAlert error={update.error} title="Could not save the team" hideFields={shown} />}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
