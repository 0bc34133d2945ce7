import type { ReactNode } from 'react';
import { Paper, Text } from '@mantine/core';

interface Props {
  label: string;
  value: string | number;
  /** A line under the value (how many tickets it is measured over). */
  note?: ReactNode;
}

/** One figure with its label; screen readers get "label: value" as one name. */
export function StatCard({ label, value, note }: Props) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" aria-label={`${label}: ${value}`}>
        {value}
      </Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Paper>
  );
}
