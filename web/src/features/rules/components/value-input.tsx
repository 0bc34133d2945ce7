import { NumberInput, Select, TextInput, Textarea } from '@mantine/core';
import { statusLabel } from '@/lib/format';
import { ACTION_STATUSES, type ValueKind } from '@/features/rules/rules';
import { CHANNELS, PRIORITIES, STATUSES, type Agent, type Team } from '@/types/api';

interface Props {
  kind: ValueKind;
  value: string;
  onChange: (value: string) => void;
  /** The accessible name, e.g. "All condition 1 value". */
  label: string;
  error?: string;
  disabled?: boolean;
  /** An action's value, which may be left empty (clears or unassigns). */
  optional?: boolean;
  /** Actions never set a ticket back to `new`. */
  forAction?: boolean;
  teams: readonly Team[];
  agents: readonly Agent[];
  /** A macro's assignee may be "me": whoever applies it. */
  me?: boolean;
  /** A text's placeholder (a note's, by default). */
  placeholder?: string;
}

/** The input a condition's or action's value needs: a choice, a number of hours, or text. */
export function ValueInput({ kind, value, onChange, label, error, disabled, optional, forAction, teams, agents, me, placeholder }: Props) {
  const common = { 'aria-label': label, error, disabled, style: { flex: 1, minWidth: 160 } };
  const choice = (data: { value: string; label: string }[]) => {
    // A value the lists do not know (a deleted team, say) still shows, by id.
    const all = value && !data.some((d) => d.value === value) ? [...data, { value, label: value }] : data;
    return (
      <Select
        {...common}
        data={all}
        value={value || null}
        onChange={(v) => onChange(v ?? '')}
        placeholder={optional ? 'None (clears it)' : 'Choose…'}
        allowDeselect={!!optional}
        clearable={!!optional}
        searchable={kind === 'agent' || kind === 'team'}
      />
    );
  };
  switch (kind) {
    case 'none':
      return null;
    case 'status':
      return choice((forAction ? ACTION_STATUSES : STATUSES).map((s) => ({ value: s, label: statusLabel(s) })));
    case 'priority':
      return choice(PRIORITIES.map((p) => ({ value: p, label: p })));
    case 'channel':
      return choice(CHANNELS.map((c) => ({ value: c, label: c })));
    case 'team':
      return choice(teams.map((t) => ({ value: t.id, label: t.name })));
    case 'agent':
      return choice([
        ...(me ? [{ value: 'me', label: 'Me (whoever applies it)' }] : []),
        ...agents.map((a) => ({ value: a.id, label: a.name })),
      ]);
    case 'number':
      return (
        <NumberInput
          {...common}
          min={0}
          value={value}
          onChange={(v) => onChange(String(v))}
          placeholder="hours"
        />
      );
    case 'note':
      return (
        <Textarea
          {...common}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          autosize
          minRows={2}
          placeholder={placeholder ?? "The internal note's text"}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          placeholder={optional ? 'Empty clears it' : undefined}
        />
      );
  }
}
