import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
  Loader,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { useSession } from '@/lib/session';
import { useAgents, useCreateAgent, useCreateTeam, useTeams } from '@/features/agents/hooks/use-agents';
import { EditAgentDialog } from '@/features/agents/components/edit-agent-dialog';
import { EditTeamDialog } from '@/features/agents/components/edit-team-dialog';
import type { Agent, AgentStatus, StaffRole, Team } from '@/types/api';

const STATUS_COLORS: Record<AgentStatus, string> = { online: 'green', away: 'yellow', offline: 'gray' };

/** Agents (role, skills, availability) and teams; admins add, create and edit them. */
export function TeamPage() {
  const session = useSession();
  const isAdmin = session?.user.role === 'admin';
  const agents = useAgents();
  const teams = useTeams();
  const nameOf = (id: string) => agents.data?.find((a) => a.id === id)?.name ?? id;
  const [editingAgent, setEditingAgent] = useState<Agent | null>(null);
  const [editingTeam, setEditingTeam] = useState<Team | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Team
      </Title>
      {saved && (
        <Text size="sm" c="green" role="status">
          {saved}
        </Text>
      )}

      <section aria-labelledby="agents-heading">
        <Title order={2} size="h4" id="agents-heading" mb="xs">
          Agents
        </Title>
        {agents.isPending && <Loader aria-label="Loading agents" />}
        {agents.isError && <ErrorAlert error={agents.error} title="Could not load agents" />}
        {agents.data && (
          <Table.ScrollContainer minWidth={360}>
            <Table striped aria-labelledby="agents-heading">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Availability</Table.Th>
                  <Table.Th>Skills</Table.Th>
                  {isAdmin && (
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {agents.data.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {a.name}
                      </Text>
                      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                        {a.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>{a.role}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLORS[a.status ?? 'offline'] ?? 'gray'} variant="light">
                        {a.status ?? 'offline'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{(a.skills ?? []).join(', ') || '—'}</Table.Td>
                    {isAdmin && (
                      <Table.Td>
                        <Button
                          variant="default"
                          size="compact-sm"
                          aria-label={`Edit ${a.name}`}
                          onClick={() => {
                            setSaved(null);
                            setEditingAgent(a);
                          }}
                        >
                          Edit
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>

      <section aria-labelledby="teams-heading">
        <Title order={2} size="h4" id="teams-heading" mb="xs">
          Teams
        </Title>
        {teams.isPending && <Loader aria-label="Loading teams" />}
        {teams.isError && !isApiError(teams.error, 404) && (
          <ErrorAlert error={teams.error} title="Could not load teams" />
        )}
        {teams.data && teams.data.length === 0 && <Text c="dimmed">No teams yet.</Text>}
        {teams.data && teams.data.length > 0 && (
          <ul aria-labelledby="teams-heading" style={{ margin: 0, paddingLeft: 18 }}>
            {teams.data.map((t) => (
              <li key={t.id}>
                <Text span fw={600}>
                  {t.name}
                </Text>{' '}
                <Text span size="sm" c="dimmed">
                  ({!t.members?.length ? 'no members' : t.members.map(nameOf).join(', ')})
                </Text>
                {isAdmin && (
                  <>
                    {' '}
                    <Button
                      variant="subtle"
                      size="compact-xs"
                      aria-label={`Edit team ${t.name}`}
                      onClick={() => {
                        setSaved(null);
                        setEditingTeam(t);
                      }}
                    >
                      Edit
                    </Button>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      {isAdmin && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <AddAgentForm />
          <CreateTeamForm agents={agents.data ?? []} />
        </SimpleGrid>
      )}
      {isAdmin && (
        <>
          <EditAgentDialog
            agent={editingAgent}
            onClose={() => setEditingAgent(null)}
            onSaved={(a) => {
              setEditingAgent(null);
              setSaved(`${a.name} saved.`);
            }}
          />
          <EditTeamDialog
            team={editingTeam}
            agents={agents.data ?? []}
            onClose={() => setEditingTeam(null)}
            onSaved={(t) => {
              setEditingTeam(null);
              setSaved(`Team ${t.name} saved.`);
            }}
          />
        </>
      )}
    </Stack>
  );
}

function AddAgentForm() {
  const create = useCreateAgent();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('agent');
  const [skills, setSkills] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const fieldErrors = isApiError(create.error) ? create.error.fieldErrors() : {};

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="add-agent-heading">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          create.mutate(
            { email: email.trim(), name: name.trim(), role, skills },
            {
              onSuccess: (a) => {
                setDone(`${a.name} added.`);
                setEmail('');
                setName('');
                setSkills([]);
              },
            },
          );
        }}
      >
        <Stack gap="xs">
          <Title order={2} size="h4" id="add-agent-heading">
            Add an agent
          </Title>
          <TextInput label="Email" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldErrors.email} />
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldErrors.name} />
          <Select
            label="Role"
            value={role}
            onChange={(v) => v && setRole(v as StaffRole)}
            data={['agent', 'manager', 'admin']}
            allowDeselect={false}
          />
          <TagsInput label="Skills" value={skills} onChange={setSkills} placeholder="Type and press Enter" />
          {create.isError && <ErrorAlert error={create.error} title="Could not add the agent" hideFields={['email', 'name']} />}
          {done && (
            <Text size="sm" c="green" role="status">
              {done}
            </Text>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              Add agent
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function CreateTeamForm({ agents }: { agents: Agent[] }) {
  const create = useCreateTeam();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const fieldErrors = isApiError(create.error) ? create.error.fieldErrors() : {};

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="create-team-heading">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          create.mutate(
            { id: id.trim(), name: name.trim(), members },
            {
              onSuccess: (t) => {
                setDone(`Team ${t.name} created.`);
                setId('');
                setName('');
                setMembers([]);
              },
            },
          );
        }}
      >
        <Stack gap="xs">
          <Title order={2} size="h4" id="create-team-heading">
            Create a team
          </Title>
          <TextInput
            label="Team id"
            description="Short, lowercase, e.g. billing"
            required
            value={id}
            onChange={(e) => setId(e.currentTarget.value)}
            error={fieldErrors.id}
          />
          <TextInput label="Team name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldErrors.name} />
          <MultiSelect
            label="Members"
            value={members}
            onChange={setMembers}
            data={agents.map((a) => ({ value: a.id, label: a.name }))}
            searchable
          />
          {create.isError && <ErrorAlert error={create.error} title="Could not create the team" hideFields={['id', 'name']} />}
          {done && (
            <Text size="sm" c="green" role="status">
              {done}
            </Text>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              Create team
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
