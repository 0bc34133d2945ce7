import { useState } from 'react';
import { Button, Checkbox, Group, Loader, NumberInput, Paper, Stack, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { useSession } from '@/lib/session';
import { useBusinessHours, useSaveBusinessHours, useSaveSlaPolicies, useSlaPolicies } from '@/features/sla/hooks/use-sla';
import { textToIntervals, weekToText, type WeekText } from '@/features/sla/business-hours';
import { PRIORITIES, WEEKDAYS, type BusinessHours, type Priority, type SlaPolicy } from '@/types/api';

/** SLA policies per priority and the business hours they count in; admins edit, others read. */
export function SlaPage() {
  const session = useSession();
  const canEdit = session?.user.role === 'admin';
  const policies = useSlaPolicies();
  const hours = useBusinessHours();

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        SLA
      </Title>
      {!canEdit && (
        <Text size="sm" c="dimmed">
          Read-only: only admins can change SLA policies and business hours.
        </Text>
      )}
      <Paper withBorder p="sm" component="section" aria-labelledby="policies-heading">
        <Title order={2} size="h4" id="policies-heading" mb="xs">
          Policies
        </Title>
        {policies.isPending && <Loader aria-label="Loading SLA policies" />}
        {policies.isError && <ErrorAlert error={policies.error} title="Could not load SLA policies" />}
        {policies.data && <PoliciesEditor initial={policies.data} canEdit={canEdit} />}
      </Paper>
      <Paper withBorder p="sm" component="section" aria-labelledby="hours-heading">
        <Title order={2} size="h4" id="hours-heading" mb="xs">
          Business hours
        </Title>
        {hours.isPending && <Loader aria-label="Loading business hours" />}
        {hours.isError && <ErrorAlert error={hours.error} title="Could not load business hours" />}
        {hours.data && <HoursEditor initial={hours.data} canEdit={canEdit} />}
      </Paper>
    </Stack>
  );
}

type MinuteField = 'first_response_minutes' | 'next_response_minutes' | 'resolution_minutes';
const MINUTE_FIELDS: { field: MinuteField; label: string }[] = [
  { field: 'first_response_minutes', label: 'First response' },
  { field: 'next_response_minutes', label: 'Next response' },
  { field: 'resolution_minutes', label: 'Resolution' },
];

function withDefaults(priority: Priority, p: SlaPolicy | undefined): SlaPolicy {
  return {
    priority,
    first_response_minutes: p?.first_response_minutes ?? null,
    next_response_minutes: p?.next_response_minutes ?? null,
    resolution_minutes: p?.resolution_minutes ?? null,
    business_hours: p?.business_hours ?? true,
    warn_at_percent: p?.warn_at_percent ?? 75,
    pause_on: p?.pause_on ?? ['pending', 'on_hold'],
    escalation: p?.escalation ?? { raise_priority: false },
  };
}

function PoliciesEditor({ initial, canEdit }: { initial: SlaPolicy[]; canEdit: boolean }) {
  const save = useSaveSlaPolicies();
  const [rows, setRows] = useState<SlaPolicy[]>(() =>
    PRIORITIES.map((pr) => withDefaults(pr, initial.find((p) => p.priority === pr))),
  );
  const [saved, setSaved] = useState(false);
  const set = (priority: Priority, patch: Partial<SlaPolicy>) => {
    setSaved(false);
    setRows((rs) => rs.map((r) => (r.priority === priority ? { ...r, ...patch } : r)));
  };
  const hadPolicy = (pr: Priority) => initial.some((p) => p.priority === pr);
  // A priority without any target and without a stored policy is left out.
  const toSave = () =>
    rows.filter((r) => hadPolicy(r.priority) || MINUTE_FIELDS.some(({ field }) => r[field] != null));

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(toSave(), { onSuccess: () => setSaved(true) });
      }}
    >
      <Stack gap="xs">
        <Table.ScrollContainer minWidth={720}>
          <Table aria-labelledby="policies-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Priority</Table.Th>
                {MINUTE_FIELDS.map(({ field, label }) => (
                  <Table.Th key={field}>{label} (min)</Table.Th>
                ))}
                <Table.Th>Business hours</Table.Th>
                <Table.Th>Warn at %</Table.Th>
                <Table.Th>Raise priority on breach</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.priority}>
                  <Table.Th scope="row">{r.priority}</Table.Th>
                  {MINUTE_FIELDS.map(({ field, label }) => (
                    <Table.Td key={field}>
                      <NumberInput
                        aria-label={`${r.priority}: ${label} minutes`}
                        min={0}
                        allowDecimal={false}
                        readOnly={!canEdit}
                        placeholder="none"
                        value={r[field] ?? ''}
                        onChange={(v) => set(r.priority, { [field]: typeof v === 'number' ? v : null })}
                        w={110}
                      />
                    </Table.Td>
                  ))}
                  <Table.Td>
                    <Checkbox
                      aria-label={`${r.priority}: business hours only`}
                      disabled={!canEdit}
                      checked={r.business_hours ?? true}
                      onChange={(e) => set(r.priority, { business_hours: e.currentTarget.checked })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`${r.priority}: warn at percent`}
                      min={1}
                      max={100}
                      allowDecimal={false}
                      readOnly={!canEdit}
                      value={r.warn_at_percent ?? 75}
                      onChange={(v) => set(r.priority, { warn_at_percent: typeof v === 'number' ? v : 75 })}
                      w={80}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Checkbox
                      aria-label={`${r.priority}: raise priority on breach`}
                      disabled={!canEdit}
                      checked={r.escalation?.raise_priority ?? false}
                      onChange={(e) =>
                        set(r.priority, { escalation: { ...r.escalation, raise_priority: e.currentTarget.checked } })
                      }
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {save.isError && <ErrorAlert error={save.error} title="Could not save the policies" />}
        {saved && (
          <Text size="sm" c="green" role="status">
            Policies saved.
          </Text>
        )}
        {canEdit && (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              Save policies
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

function HoursEditor({ initial, canEdit }: { initial: BusinessHours; canEdit: boolean }) {
  const save = useSaveBusinessHours();
  const [timeZone, setTimeZone] = useState(initial.time_zone);
  const [week, setWeek] = useState<WeekText>(() => weekToText(initial.week, WEEKDAYS));
  const [holidays, setHolidays] = useState<string[]>(initial.holidays ?? []);
  const [saved, setSaved] = useState(false);
  const parsed = Object.fromEntries(WEEKDAYS.map((d) => [d, textToIntervals(week[d])]));
  const dayError = (d: string) => (typeof parsed[d] === 'string' ? (parsed[d] as string) : undefined);
  const badHoliday = holidays.find((h) => !/^\d{4}-\d{2}-\d{2}$/.test(h));
  const valid = WEEKDAYS.every((d) => !dayError(d)) && !badHoliday && timeZone.trim() !== '';

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        setSaved(false);
        const body: BusinessHours = {
          time_zone: timeZone.trim(),
          week: Object.fromEntries(WEEKDAYS.map((d) => [d, parsed[d]])) as BusinessHours['week'],
          holidays,
        };
        save.mutate(body, { onSuccess: () => setSaved(true) });
      }}
    >
      <Stack gap="xs">
        <TextInput
          label="Time zone"
          description="IANA name, e.g. Europe/Berlin"
          required
          readOnly={!canEdit}
          value={timeZone}
          onChange={(e) => setTimeZone(e.currentTarget.value)}
          maw={320}
        />
        {WEEKDAYS.map((d) => (
          <TextInput
            key={d}
            label={d[0]!.toUpperCase() + d.slice(1)}
            description={d === 'monday' ? 'e.g. 09:00-17:00 or 09:00-12:00, 13:00-17:00; empty means closed' : undefined}
            placeholder="closed"
            readOnly={!canEdit}
            value={week[d]}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setSaved(false);
              setWeek((w) => ({ ...w, [d]: value }));
            }}
            error={dayError(d)}
            maw={420}
          />
        ))}
        <TagsInput
          label="Holidays"
          description="YYYY-MM-DD, press Enter after each"
          readOnly={!canEdit}
          value={holidays}
          onChange={setHolidays}
          error={badHoliday ? `“${badHoliday}” is not a YYYY-MM-DD date` : undefined}
          maw={420}
        />
        {save.isError && <ErrorAlert error={save.error} title="Could not save business hours" />}
        {saved && (
          <Text size="sm" c="green" role="status">
            Business hours saved.
          </Text>
        )}
        {canEdit && (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!valid}>
              Save business hours
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
