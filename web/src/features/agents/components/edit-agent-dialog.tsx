import { useState } from 'react';
import { Button, Group, Modal, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { useUpdateAgent } from '@/features/agents/hooks/use-agents';
import { isStaffRole, type Agent, type AgentPatch, type Role, type StaffRole } from '@/types/api';

interface Props {
  /** The agent being edited; the dialog is closed when null. */
  agent: Agent | null;
  onClose: () => void;
  onSaved: (agent: Agent) => void;
}

/** Admins change an agent's name, role and skills (`PATCH /agents/{id}`). */
export function EditAgentDialog({ agent, onClose, onSaved }: Props) {
  return (
    <Modal opened={agent !== null} onClose={onClose} title={agent ? `Edit ${agent.name}` : 'Edit agent'}>
      {/* A new key starts the form from the agent's current values. */}
      {agent && <EditAgentForm key={agent.id} agent={agent} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function EditAgentForm({ agent, onClose, onSaved }: { agent: Agent } & Omit<Props, 'agent'>) {
  const update = useUpdateAgent();
  const [name, setName] = useState(agent.name);
  const [role, setRole] = useState<Role>(agent.role);
  const [skills, setSkills] = useState<string[]>(agent.skills ?? []);
  const errors = isApiError(update.error) ? update.error.errors : [];
  // The API names list items `skills[0]`; they are shown under the one input.
  const errorFor = (field: string) =>
    errors.find((e) => e.field === field || e.field.startsWith(`${field}[`))?.message;
  const shown = errors.map((e) => e.field).filter((f) => ['name', 'role', 'skills'].some((k) => f === k || f.startsWith(`${k}[`)));

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        // Only what changed is sent, so a concurrent edit of another field is kept.
        const patch: AgentPatch = {};
        if (name.trim() !== agent.name) patch.name = name.trim();
        if (role !== agent.role && isStaffRole(role)) patch.role = role;
        if (skills.join('\n') !== (agent.skills ?? []).join('\n')) patch.skills = skills;
        if (Object.keys(patch).length === 0) return onClose();
        update.mutate({ id: agent.id, patch }, { onSuccess: onSaved });
      }}
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {agent.email}
        </Text>
        <TextInput
          label="Name"
          required
          data-autofocus
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errorFor('name')}
        />
        <Select
          label="Role"
          value={role}
          onChange={(v) => v && setRole(v as StaffRole)}
          data={['agent', 'manager', 'admin']}
          allowDeselect={false}
          error={errorFor('role')}
        />
        <TagsInput
          label="Skills"
          value={skills}
          onChange={setSkills}
          placeholder="Type and press Enter"
          error={errorFor('skills')}
        />
        {update.isError && <ErrorAlert error={update.error} title="Could not save the agent" hideFields={shown} />}
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
