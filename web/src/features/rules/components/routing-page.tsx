import { useState } from 'react';
import { Link } from 'react-router';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  CloseButton,
  Group,
  Loader,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { PriorityBadge } from '@/components/badges';
import { Time } from '@/components/time';
import { isApiError } from '@/lib/api';
import { useSession } from '@/lib/session';
import { useTeams } from '@/features/agents/hooks/use-agents';
import { useRouting, useRoutingQueue, useSaveRouting } from '@/features/rules/hooks/use-rules';
import type { VersionedRouting } from '@/features/rules/api/rules';
import {
  MODE_LABELS,
  duplicateSkillRows,
  newSkillRow,
  routingBody,
  routingToForm,
  type PolicyForm,
  type RoutingForm,
} from '@/features/rules/routing';
import { ROUTING_MODES, type RoutingMode, type Team } from '@/types/api';

/** Routing settings (admins edit, managers read) and the live queue of tickets waiting for an agent. */
export function RoutingPage() {
  const session = useSession();
  const canEdit = session?.user.role === 'admin';
  const routing = useRouting();
  const teams = useTeams();
  const teamName = (id: string | null | undefined) =>
    id ? (teams.data?.find((t) => t.id === id)?.name ?? id) : 'No team';

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Routing
      </Title>
      <Text size="sm" c="dimmed">
        How new and unassigned tickets are handed to agents who are online.
        {!canEdit && ' Read-only: only admins can change the routing settings.'}
      </Text>
      {(routing.isPending || teams.isPending) && <Loader aria-label="Loading the routing settings" />}
      {routing.isError && <ErrorAlert error={routing.error} title="Could not load the routing settings" />}
      {routing.data && teams.data && (
        <RoutingEditor
          initial={routing.data}
          teams={teams.data}
          canEdit={canEdit}
        />
      )}
      <QueueView teamName={teamName} />
    </Stack>
  );
}

function RoutingEditor({ initial, teams, canEdit }: { initial: VersionedRouting; teams: Team[]; canEdit: boolean }) {
  const save = useSaveRouting();
  const [form, setForm] = useState<RoutingForm>(() => routingToForm(initial.routing, teams));
  const [saved, setSaved] = useState(false);
  // The version the form started from (then the one it saved): a change made elsewhere
  // meanwhile is a 412, never overwritten unseen.
  const [version, setVersion] = useState(initial.version);
  const dups = duplicateSkillRows(form.skills);
  const change = (patch: Partial<RoutingForm>) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };
  const teamName = (id: string) => teams.find((t) => t.id === id)?.name ?? id;
  const fieldErrors = isApiError(save.error) ? save.error.fieldErrors() : {};

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (dups.size > 0) return;
        save.mutate(
          { routing: routingBody(form), version },
          {
            onSuccess: (res) => {
              setVersion(res.version);
              setSaved(true);
            },
          },
        );
      }}
    >
      <Stack gap="md">
        <Paper withBorder p="sm" component="section" aria-labelledby="default-policy-heading">
          <Title order={2} size="h4" id="default-policy-heading" mb={4}>
            Default policy
          </Title>
          <Text size="xs" c="dimmed" mb="xs">
            For tickets without a team, and teams without their own policy.
          </Text>
          <PolicyFields
            name="Default"
            policy={form.default}
            canEdit={canEdit}
            error={fieldErrors['default.capacity'] ?? fieldErrors['default.mode']}
            onChange={(p) =>
              change({
                default: { ...form.default, ...p },
                // Teams that follow the default show what they follow.
                teams: form.teams.map((t) => (t.own ? t : { ...t, ...form.default, ...p })),
              })
            }
          />
        </Paper>

        <Paper withBorder p="sm" component="section" aria-labelledby="team-policies-heading">
          <Title order={2} size="h4" id="team-policies-heading" mb="xs">
            Team policies
          </Title>
          {form.teams.length === 0 && <Text c="dimmed">No teams yet.</Text>}
          <Stack gap="sm">
            {form.teams.map((t, i) => {
              const set = (patch: Partial<typeof t>) =>
                change({ teams: form.teams.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
              const name = teamName(t.team_id);
              return (
                <div key={t.team_id} role="group" aria-label={`Team ${name}`}>
                  <Group gap="sm" mb={4}>
                    <Text fw={600}>{name}</Text>
                    <Switch
                      label="Own policy"
                      aria-label={`${name}: own policy`}
                      checked={t.own}
                      disabled={!canEdit}
                      onChange={(e) => {
                        const own = e.currentTarget.checked;
                        set(own ? { own } : { own, ...form.default });
                      }}
                    />
                    {!t.own && (
                      <Text size="xs" c="dimmed">
                        follows the default
                      </Text>
                    )}
                  </Group>
                  {t.own && (
                    <PolicyFields
                      name={name}
                      policy={t}
                      canEdit={canEdit}
                      error={fieldErrors[`teams.${t.team_id}.capacity`] ?? fieldErrors[`teams.${t.team_id}`]}
                      onChange={set}
                    />
                  )}
                </div>
              );
            })}
          </Stack>
        </Paper>

        <Paper withBorder p="sm" component="section" aria-labelledby="skills-heading">
          <Title order={2} size="h4" id="skills-heading" mb={4}>
            Skills
          </Title>
          <Text size="xs" c="dimmed" mb="xs">
            A ticket with this category or tag needs agents with these skills (where the policy matches skills).
          </Text>
          <Stack gap={6}>
            {form.skills.length === 0 && (
              <Text size="sm" c="dimmed">
                None.
              </Text>
            )}
            {form.skills.map((row, i) => {
              const label = `Skills row ${i + 1}`;
              const set = (patch: Partial<typeof row>) =>
                change({ skills: form.skills.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
              return (
                <Group key={row.key} role="group" aria-label={label} gap="xs" align="flex-start" wrap="wrap">
                  <TextInput
                    aria-label={`${label}: category or tag`}
                    placeholder="category or tag"
                    readOnly={!canEdit}
                    value={row.name}
                    onChange={(e) => set({ name: e.currentTarget.value })}
                    error={dups.has(row.key) ? 'Already listed above' : fieldErrors[`skills.${row.name.trim()}`]}
                    w={220}
                  />
                  <TagsInput
                    aria-label={`${label}: skills`}
                    placeholder="skill, then Enter"
                    readOnly={!canEdit}
                    value={row.skills}
                    onChange={(skills) => set({ skills })}
                    style={{ flex: 1, minWidth: 220 }}
                  />
                  {canEdit && (
                    <CloseButton
                      aria-label={`Remove skills row ${i + 1}`}
                      onClick={() => change({ skills: form.skills.filter((_, j) => j !== i) })}
                      mt={6}
                    />
                  )}
                </Group>
              );
            })}
          </Stack>
          {canEdit && (
            <Button variant="subtle" size="compact-sm" mt={4} onClick={() => change({ skills: [...form.skills, newSkillRow()] })}>
              Add skills for a category or tag
            </Button>
          )}
        </Paper>

        {save.isError && isApiError(save.error, 412) && (
          <Alert color="yellow" role="status" title="Not saved">
            Someone changed the routing settings meanwhile. Reload the page to see their change, then try again.
          </Alert>
        )}
        {save.isError && !isApiError(save.error, 412) && (
          <ErrorAlert error={save.error} title="Could not save the routing settings" />
        )}
        {saved && (
          <Text size="sm" c="green" role="status">
            Routing saved.
          </Text>
        )}
        {canEdit && (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={dups.size > 0}>
              Save routing
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

function PolicyFields({
  name,
  policy,
  canEdit,
  error,
  onChange,
}: {
  name: string;
  policy: PolicyForm;
  canEdit: boolean;
  error?: string;
  onChange: (p: Partial<PolicyForm>) => void;
}) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
      <Select
        label="Mode"
        aria-label={`${name}: mode`}
        data={ROUTING_MODES.map((m) => ({ value: m, label: MODE_LABELS[m] }))}
        value={policy.mode}
        onChange={(v) => v && onChange({ mode: v as RoutingMode })}
        allowDeselect={false}
        readOnly={!canEdit}
      />
      <NumberInput
        label="Capacity"
        aria-label={`${name}: capacity`}
        description="Open tickets per agent; empty is no limit"
        min={1}
        allowDecimal={false}
        readOnly={!canEdit}
        value={policy.capacity}
        onChange={(v) => onChange({ capacity: typeof v === 'number' ? v : '' })}
        error={error}
        placeholder="no limit"
      />
      <Switch
        label="Match skills"
        aria-label={`${name}: match skills`}
        description="Agents need every skill the ticket needs"
        checked={policy.match_skills}
        disabled={!canEdit}
        onChange={(e) => onChange({ match_skills: e.currentTarget.checked })}
        mt={{ sm: 24 }}
      />
    </SimpleGrid>
  );
}

/** The tickets waiting for an agent, per team, oldest first; refreshed every few seconds. */
function QueueView({ teamName }: { teamName: (id: string | null | undefined) => string }) {
  const queue = useRoutingQueue();
  const queues = (queue.data?.items ?? []).filter((q) => q.tickets.length > 0);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="queue-heading">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="queue-heading">
          Waiting for an agent
        </Title>
        {queue.isFetching && <Loader size="xs" aria-label="Refreshing the queue" />}
      </Group>
      {queue.isPending && <Loader aria-label="Loading the queue" />}
      {queue.isError && <ErrorAlert error={queue.error} title="Could not load the queue" />}
      {queue.data && queues.length === 0 && (
        <Text c="dimmed" size="sm">
          No ticket is waiting.
        </Text>
      )}
      <Stack gap="sm">
        {queues.map((q) => {
          const name = teamName(q.team_id);
          const id = `queue-${q.team_id ?? 'none'}`;
          return (
            <div key={q.team_id ?? ''}>
              <Group gap="xs" mb={4}>
                <Text fw={600} id={id}>
                  {name}
                </Text>
                <Badge variant="light" color="gray" size="sm">
                  {MODE_LABELS[q.mode].split(' (')[0]}
                </Badge>
                <Text size="sm" c="dimmed">
                  {q.tickets.length} waiting
                </Text>
              </Group>
              <Table.ScrollContainer minWidth={420}>
                <Table aria-labelledby={id} striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Ticket</Table.Th>
                      <Table.Th>Subject</Table.Th>
                      <Table.Th>Priority</Table.Th>
                      <Table.Th>Opened</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {q.tickets.map((t) => (
                      <Table.Tr key={t.ticket_id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/tickets/${t.ticket_id}`} size="sm">
                            {t.number}
                          </Anchor>
                        </Table.Td>
                        <Table.Td style={{ overflowWrap: 'anywhere' }}>{t.subject}</Table.Td>
                        <Table.Td>
                          <PriorityBadge priority={t.priority} />
                        </Table.Td>
                        <Table.Td>
                          <Time value={t.created_at} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </div>
          );
        })}
      </Stack>
    </Paper>
  );
}
