import { useState } from 'react';
import { Alert, Badge, Box, Button, Group, Loader, Stack, Text, Title, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { Time } from '@/components/time';
import { isApiError } from '@/lib/api';
import { useSession } from '@/lib/session';
import { useAgentNames } from '@/features/agents/hooks/use-agents';
import { diffStats, lineDiff, type DiffLine } from '@/features/kb/line-diff';
import { managesKb } from '@/features/kb/permissions';
import { useRestoreVersion, useVersion, useVersions } from '@/features/kb/hooks/use-kb';
import type { Article } from '@/types/api';

interface Props {
  article: Article;
  /** Called with the article after a restore, whose draft is now the restored content. */
  onRestored: (article: Article) => void;
}

/** An article's versions, newest first; one opens with its diff to the current draft. */
export function VersionsPanel({ article, onRestored }: Props) {
  const versions = useVersions(article.id);
  const agentName = useAgentNames();
  const [selected, setSelected] = useState<number | null>(null);

  return (
    <Stack gap="sm" component="section" aria-labelledby="versions-heading">
      <Title order={2} size="h4" id="versions-heading">
        Versions
      </Title>
      {versions.isPending && <Loader size="sm" aria-label="Loading versions" />}
      {versions.isError && <ErrorAlert error={versions.error} title="Could not load the versions" />}
      {versions.data && (
        <Stack component="ol" gap={4} aria-label="Versions" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {versions.data.map((v) => (
            <li key={v.number}>
              <UnstyledButton
                onClick={() => setSelected(v.number === selected ? null : v.number)}
                aria-pressed={v.number === selected}
                aria-label={`Version ${v.number}: ${v.title}`}
                p={6}
                w="100%"
                style={{
                  borderRadius: 'var(--mantine-radius-sm)',
                  background: v.number === selected ? 'var(--mantine-color-blue-light)' : undefined,
                }}
              >
                <Group gap={6} wrap="wrap">
                  <Text size="sm" fw={600}>
                    v{v.number}
                  </Text>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {v.title}
                  </Text>
                  {v.number === article.draft_version && (
                    <Badge size="xs" variant="light">
                      current draft
                    </Badge>
                  )}
                  {v.published && (
                    <Badge size="xs" variant="light" color="green">
                      published
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed">
                  {agentName(v.author_id)} · <Time value={v.created_at} />
                </Text>
              </UnstyledButton>
            </li>
          ))}
        </Stack>
      )}
      {selected !== null && <VersionDetails key={selected} article={article} n={selected} onRestored={onRestored} />}
    </Stack>
  );
}

function VersionDetails({ article, n, onRestored }: { article: Article; n: number; onRestored: (a: Article) => void }) {
  const session = useSession();
  const version = useVersion(article.id, n);
  const restore = useRestoreVersion();

  if (version.isPending) return <Loader size="sm" aria-label={`Loading version ${n}`} />;
  if (version.isError) return <ErrorAlert error={version.error} title={`Could not load version ${n}`} />;
  const v = version.data;
  const diff = lineDiff(v.body, article.body);
  const { added, removed } = diffStats(diff);
  const same = added === 0 && removed === 0 && v.title === article.title;

  return (
    <Stack gap="xs" component="section" aria-label={`Version ${n}`}>
      <Title order={3} size="h5">
        Version {n}: {v.title}
      </Title>
      <Box
        component="pre"
        m={0}
        p="xs"
        fz="xs"
        style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', background: 'var(--mantine-color-gray-0)', maxHeight: 240, overflow: 'auto' }}
        aria-label={`Body of version ${n}`}
      >
        {v.body}
      </Box>
      <Title order={4} size="h6">
        Compared with the current draft (v{article.draft_version})
      </Title>
      {same ? (
        <Text size="sm" c="dimmed">
          Same title and body as the current draft.
        </Text>
      ) : (
        <>
          {v.title !== article.title && (
            <Text size="sm">
              Title: “{v.title}” → “{article.title}”
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {added} line{added === 1 ? '' : 's'} added, {removed} removed since version {n}
          </Text>
          <DiffView diff={diff} label={`Changes from version ${n} to the current draft`} />
        </>
      )}
      {managesKb(session?.user) && n !== article.draft_version && (
        <Stack gap={4} align="flex-start">
          <Button
            size="compact-sm"
            variant="light"
            loading={restore.isPending}
            onClick={() =>
              restore.mutate({ id: article.id, n, version: article.version }, { onSuccess: (restored) => onRestored(restored) })
            }
          >
            Restore version {n}
          </Button>
          <Text size="xs" c="dimmed">
            Makes a new draft version with this content; unsaved edits in the editor are replaced.
          </Text>
        </Stack>
      )}
      {restore.isError &&
        (isApiError(restore.error, 412) ? (
          <Alert color="yellow" role="alert">
            Someone else changed this article; reload it before restoring.
          </Alert>
        ) : (
          <ErrorAlert error={restore.error} title="Not restored" />
        ))}
    </Stack>
  );
}

const MARK: Record<DiffLine['op'], string> = { same: ' ', added: '+', removed: '−' };
const SPOKEN: Record<DiffLine['op'], string> = { same: '', added: 'Added: ', removed: 'Removed: ' };
const BACKGROUND: Record<DiffLine['op'], string | undefined> = {
  same: undefined,
  added: 'var(--mantine-color-green-light)',
  removed: 'var(--mantine-color-red-light)',
};

/** A unified line diff; the marks are spoken as words. */
export function DiffView({ diff, label }: { diff: DiffLine[]; label: string }) {
  return (
    <Box
      component="ol"
      aria-label={label}
      m={0}
      p={0}
      fz="xs"
      ff="monospace"
      style={{ listStyle: 'none', maxHeight: 320, overflow: 'auto', border: '1px solid var(--mantine-color-default-border)' }}
    >
      {diff.map((line, i) => (
        <li
          key={i}
          data-op={line.op}
          style={{ background: BACKGROUND[line.op], whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', padding: '0 6px' }}
        >
          <span aria-hidden>{MARK[line.op]} </span>
          {SPOKEN[line.op] && <VisuallyHidden>{SPOKEN[line.op]}</VisuallyHidden>}
          {line.text || '\u00a0'}
        </li>
      ))}
    </Box>
  );
}
