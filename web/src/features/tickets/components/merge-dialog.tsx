import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { useMergeTicket } from '@/features/tickets/hooks/use-tickets';
import type { Ticket } from '@/types/api';

function mergeErrorTitle(error: unknown): string {
  if (isApiError(error, 404)) return 'No such ticket';
  if (isApiError(error, 409)) return 'These tickets cannot be merged';
  if (isApiError(error, 412)) return 'Someone changed this ticket — reloaded';
  return 'Could not merge';
}

/** A button and a small dialog: close this ticket into another one, by its number. */
export function MergeButton({ ticket }: { ticket: Ticket }) {
  const [opened, setOpened] = useState(false);
  const [target, setTarget] = useState('');
  const merge = useMergeTicket(ticket);

  const close = () => {
    setOpened(false);
    setTarget('');
    merge.reset();
  };

  if (ticket.status === 'closed') return null;

  return (
    <>
      <Button variant="default" size="compact-sm" onClick={() => setOpened(true)}>
        Merge…
      </Button>
      <Modal opened={opened} onClose={close} title={`Merge ${ticket.number} into another ticket`}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const value = target.trim();
            if (value) merge.mutate(value, { onSuccess: close });
          }}
        >
          <Stack gap="sm">
            <Text size="sm">
              This ticket will be closed and its conversation linked to the target. This cannot be undone.
            </Text>
            <TextInput
              label="Target ticket number"
              placeholder="TKT-000123"
              required
              data-autofocus
              value={target}
              onChange={(e) => setTarget(e.currentTarget.value)}
            />
            {merge.isError && <ErrorAlert error={merge.error} title={mergeErrorTitle(merge.error)} />}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={merge.isPending} disabled={!target.trim()}>
                Merge
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
