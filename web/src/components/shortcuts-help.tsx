import { Kbd, Modal, Table } from '@mantine/core';
import { SHORTCUTS } from '@/config/shortcuts';

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
