import { Kbd, Modal, Table } from '@mantine/core';

export interface ShortcutHelp {
  keys: string[];
  description: string;
}

export const SHORTCUTS: { section: string; items: ShortcutHelp[] }[] = [
  {
    section: 'Inbox',
    items: [
      { keys: ['j'], description: 'Next ticket' },
      { keys: ['k'], description: 'Previous ticket' },
      { keys: ['o', 'Enter'], description: 'Open the selected ticket' },
      { keys: ['c'], description: 'New ticket' },
    ],
  },
  {
    section: 'Ticket',
    items: [
      { keys: ['r'], description: 'Write a public reply' },
      { keys: ['n'], description: 'Write an internal note' },
      { keys: ['u'], description: 'Back to the inbox' },
    ],
  },
  { section: 'Anywhere', items: [{ keys: ['?'], description: 'Show this help' }] },
];

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="md">
      {SHORTCUTS.map((group) => (
        <Table key={group.section} mb="md" aria-label={`${group.section} shortcuts`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th colSpan={2}>{group.section}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {group.items.map((s) => (
              <Table.Tr key={s.description}>
                <Table.Td width={120}>
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && ' or '}
                      <Kbd>{k}</Kbd>
                    </span>
                  ))}
                </Table.Td>
                <Table.Td>{s.description}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ))}
    </Modal>
  );
}
