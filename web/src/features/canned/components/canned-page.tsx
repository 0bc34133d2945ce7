import { useRef, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  CloseButton,
  Group,
  Loader,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { useSession } from '@/lib/session';
import { useTeams } from '@/features/agents/hooks/use-agents';
import { canEdit, sharedLabel } from '@/features/canned/folders';
import {
  useCannedResponses,
  useCreateCanned,
  useDeleteCanned,
  useUpdateCanned,
} from '@/features/canned/hooks/use-canned';
import { SHARED, type CannedResponse, type NewCanned, type Shared } from '@/types/api';

type Editing = { canned?: CannedResponse } | null;

const SHARED_LABELS: Record<Shared, string> = {
  personal: 'Only me',
  team: 'A team',
  org: 'Everyone in the org',
};

/**
 * `/canned-responses`: the saved answers the agent sees, with how often each was used.
 * Everyone may keep personal ones; managers and admins may share with a team or the org.
 */
export function CannedPage() {
  const session = useSession();
  const canShare = session?.user.role === 'admin' || session?.user.role === 'manager';
  const list = useCannedResponses('');
  const remove = useDeleteCanned();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<CannedResponse | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const teams = useTeams();
  const items = [...(list.data?.items ?? [])].sort(
    (a, b) => (a.folder ?? '').localeCompare(b.folder ?? '') || a.title.localeCompare(b.title),
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Canned responses
        </Title>
        <Button
          onClick={() => {
            setSaved(null);
            setEditing({});
          }}
        >
          New canned response
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Saved answers to insert into a reply or a note (the composer&apos;s “Canned responses”, or type / in an empty box).
        They are templates: {'{{ customer.first_name | default("there") }}'} reads the ticket, {'{{ ask("order number") }}'}{' '}
        asks you before inserting.
      </Text>
      {saved && (
        <Alert color="green" role="status" py={6} withCloseButton onClose={() => setSaved(null)}>
          {saved}
        </Alert>
      )}
      {editing && (
        <CannedEditor
          key={editing.canned?.id ?? 'new'}
          canned={editing.canned}
          canShare={canShare}
          variables={list.data?.variables ?? []}
          onClose={() => setEditing(null)}
          onSaved={(c) => {
            setEditing(null);
            setSaved(`Canned response ${c.title} saved.`);
          }}
        />
      )}
      {list.isPending && <Loader aria-label="Loading canned responses" />}
      {list.isError && <ErrorAlert error={list.error} title="Could not load the canned responses" />}
      {remove.isError && <ErrorAlert error={remove.error} title="Could not delete it" />}
      {list.data && items.length === 0 && <Text c="dimmed">No canned responses yet.</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped verticalSpacing={6} aria-label="Canned responses">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Title</Table.Th>
                <Table.Th scope="col">Folder</Table.Th>
                <Table.Th scope="col">Shared with</Table.Th>
                <Table.Th scope="col">Used</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Th scope="row" fw={500}>
                    {c.title}
                  </Table.Th>
                  <Table.Td>{c.folder || '—'}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color="gray" size="sm">
                      {c.shared === 'team'
                        ? `Team ${teams.data?.find((t) => t.id === c.team_id)?.name ?? c.team_id ?? ''}`
                        : sharedLabel(c.shared)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{c.usage_count ?? 0}</Table.Td>
                  <Table.Td>
                    {canEdit(c, session?.user) ? (
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          aria-label={`Edit ${c.title}`}
                          onClick={() => {
                            setSaved(null);
                            setEditing({ canned: c });
                          }}
                        >
                          Edit
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="red"
                          aria-label={`Delete ${c.title}`}
                          onClick={() => setDeleting(c)}
                        >
                          Delete
                        </Button>
                      </Group>
                    ) : (
                      <Text size="xs" c="dimmed" ta="right">
                        Read-only
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete canned response">
        <Stack gap="sm">
          <Text size="sm">Delete “{deleting?.title}”? This cannot be undone.</Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setDeleting(null)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => {
                const c = deleting;
                if (!c) return;
                remove.mutate(c, {
                  onSuccess: () => setSaved(`Canned response ${c.title} deleted.`),
                  onSettled: () => setDeleting(null),
                });
              }}
            >
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

interface EditorProps {
  canned?: CannedResponse;
  canShare: boolean;
  variables: readonly string[];
  onClose: () => void;
  onSaved: (c: CannedResponse) => void;
}

function CannedEditor({ canned, canShare, variables, onClose, onSaved }: EditorProps) {
  const teams = useTeams();
  const create = useCreateCanned();
  const update = useUpdateCanned();
  const save = canned ? update : create;
  const [title, setTitle] = useState(canned?.title ?? '');
  const [folder, setFolder] = useState(canned?.folder ?? '');
  const [shared, setShared] = useState<Shared>(canned?.shared ?? 'personal');
  const [teamId, setTeamId] = useState<string | null>(canned?.team_id ?? null);
  const [body, setBody] = useState(canned?.body ?? '');
  const bodyRef = useRef<HTMLTextAreaElement | null>(null);
  const errors = isApiError(save.error) ? save.error.fieldErrors() : {};
  const shown = ['title', 'body', 'folder', 'shared', 'team_id'];
  const headingId = 'canned-editor-heading';

  const insertVariable = (v: string) => {
    const text = `{{ ${v} }}`;
    const el = bodyRef.current;
    const start = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? start;
    setBody(body.slice(0, start) + text + body.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + text.length, start + text.length);
    });
  };

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const payload: NewCanned = {
            title: title.trim(),
            body,
            folder: folder.trim() || null,
            shared,
            team_id: shared === 'team' ? teamId : null,
          };
          if (canned) update.mutate({ canned, patch: payload }, { onSuccess: onSaved });
          else create.mutate(payload, { onSuccess: onSaved });
        }}
      >
        <Stack gap="sm">
          <Group justify="space-between" wrap="nowrap">
            <Title order={2} size="h4" id={headingId}>
              {canned ? `Edit ${canned.title}` : 'New canned response'}
            </Title>
            <CloseButton aria-label="Close the editor" onClick={onClose} />
          </Group>
          <Group gap="sm" align="flex-start" wrap="wrap">
            <TextInput
              label="Title"
              required
              data-autofocus
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={errors.title}
              style={{ flex: 2, minWidth: 220 }}
            />
            <TextInput
              label="Folder"
              placeholder="e.g. Billing"
              value={folder}
              onChange={(e) => setFolder(e.currentTarget.value)}
              error={errors.folder}
              style={{ flex: 1, minWidth: 160 }}
            />
          </Group>
          <Group gap="sm" align="flex-start" wrap="wrap">
            <Select
              label="Shared with"
              data={SHARED.map((s) => ({ value: s, label: SHARED_LABELS[s], disabled: s !== 'personal' && !canShare }))}
              value={shared}
              onChange={(v) => v && setShared(v as Shared)}
              allowDeselect={false}
              description={canShare ? undefined : 'Only managers and admins can share with a team or the org.'}
              error={errors.shared}
              w={240}
            />
            {shared === 'team' && (
              <Select
                label="Team"
                required
                data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
                value={teamId}
                onChange={setTeamId}
                error={errors.team_id}
                w={220}
              />
            )}
          </Group>
          <Textarea
            ref={bodyRef}
            label="Text"
            required
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            error={errors.body}
            autosize
            minRows={5}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          {variables.length > 0 && (
            <Group gap={4} wrap="wrap" aria-label="Insert a variable" role="group">
              {variables.map((v) => (
                <Button key={v} size="compact-xs" variant="light" color="gray" onClick={() => insertVariable(v)}>
                  {v}
                </Button>
              ))}
            </Group>
          )}
          {save.isError && isApiError(save.error, 412) && (
            <Alert color="yellow" role="status" title="Not saved">
              Someone changed this canned response meanwhile. Close the editor and open it again to see their change.
            </Alert>
          )}
          {save.isError && !isApiError(save.error, 412) && (
            <ErrorAlert error={save.error} title="Could not save the canned response" hideFields={shown} />
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!title.trim() || !body.trim()}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
