import { useState } from 'react';
import { Select } from '@mantine/core';
import { useSession } from '@/lib/session';
import { articleLinkText } from '@/features/kb/links';
import { usePublishedArticles } from '@/features/kb/hooks/use-kb';

/**
 * Picks a published article and hands its link text to `onInsert` (the reply composer puts it
 * at the cursor). The articles are asked for when the list first opens.
 */
export function InsertArticleLink({ onInsert, disabled }: { onInsert: (text: string) => void; disabled?: boolean }) {
  const session = useSession();
  const [opened, setOpened] = useState(false);
  const [search, setSearch] = useState('');
  const articles = usePublishedArticles(opened);
  const items = articles.data?.items ?? [];
  const orgId = session?.user.org_id;
  if (!orgId) return null;

  return (
    <Select
      aria-label="Insert article link"
      placeholder="Insert article link…"
      searchable
      value={null}
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      data={items.map((a) => ({ value: a.id, label: a.title }))}
      nothingFoundMessage={
        articles.isPending ? 'Loading articles…' : articles.isError ? 'Could not load the articles' : 'No published article matches'
      }
      onChange={(id) => {
        const article = items.find((a) => a.id === id);
        setSearch('');
        if (article) onInsert(articleLinkText(article, orgId));
      }}
      disabled={disabled}
      size="xs"
      w={{ base: '100%', xs: 260 }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
