import { Badge } from '@mantine/core';
import type { ArticleStatus } from '@/types/api';

const COLORS: Record<ArticleStatus, string> = { draft: 'gray', published: 'green', archived: 'orange' };

export function ArticleStatusBadge({ status }: { status: ArticleStatus }) {
  return (
    <Badge color={COLORS[status]} variant="light" aria-label={`Status: ${status}`} style={{ flexShrink: 0 }}>
      {status}
    </Badge>
  );
}

/** The draft is newer than what customers see. */
export function UnpublishedChangesBadge({ show }: { show: boolean }) {
  if (!show) return null;
  return (
    <Badge color="yellow" variant="outline" style={{ flexShrink: 0 }} title="The draft is newer than the published version">
      Unpublished changes
    </Badge>
  );
}
