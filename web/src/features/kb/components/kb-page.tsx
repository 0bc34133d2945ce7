import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Grid, Group, Loader, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { ErrorAlert } from '@/components/error-alert';
import { Time } from '@/components/time';
import { ArticleStatusBadge, UnpublishedChangesBadge } from '@/features/kb/components/article-status-badge';
import { CategoriesPanel } from '@/features/kb/components/categories-panel';
import { categoryLabel, categoryOptions } from '@/features/kb/categories';
import { useArticles, useCategories } from '@/features/kb/hooks/use-kb';
import { ARTICLE_STATUSES, type ArticleListParams, type ArticleStatus } from '@/types/api';

type Filters = Omit<ArticleListParams, 'cursor' | 'limit'>;

function filtersFrom(search: URLSearchParams): Filters {
  return {
    status: (search.get('status') as ArticleStatus | null) ?? undefined,
    category: search.get('category') ?? undefined,
    tag: search.get('tag') ?? undefined,
  };
}

/** Staff: the articles (every status) with filters in the URL, and the categories. */
export function KbPage() {
  const [search, setSearch] = useSearchParams();
  const filters = filtersFrom(search);
  const categories = useCategories();

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };

  const [tagDraft, setTagDraft] = useState(filters.tag ?? '');
  const [tag] = useDebouncedValue(tagDraft.trim().toLowerCase(), 400);
  useEffect(() => {
    if ((filters.tag ?? '') !== tag) setParam('tag', tag || null);
    // Only the debounced tag drives this; the other params come along unchanged.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tag]);

  const options = categoryOptions(categories.data);
  if (filters.category && !options.some((o) => o.value === filters.category)) {
    options.push({ value: filters.category, label: filters.category });
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Knowledge base
        </Title>
        <Button component={Link} to="/kb/new">
          New article
        </Button>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="sm">
            <Group gap="xs" wrap="wrap" role="search" aria-label="Filters" align="flex-end">
              <Select
                label="Status"
                placeholder="Any"
                clearable
                value={filters.status ?? null}
                onChange={(v) => setParam('status', v)}
                data={[...ARTICLE_STATUSES]}
                w={{ base: '48%', sm: 160 }}
              />
              <Select
                label="Category"
                placeholder="Any"
                clearable
                searchable
                value={filters.category ?? null}
                onChange={(v) => setParam('category', v)}
                data={options}
                w={{ base: '48%', sm: 220 }}
              />
              <TextInput
                label="Tag"
                placeholder="e.g. billing"
                value={tagDraft}
                onChange={(e) => setTagDraft(e.currentTarget.value)}
                w={{ base: '100%', sm: 180 }}
              />
            </Group>
            {/* A new key starts paging over whenever the filters change. */}
            <ArticleList key={JSON.stringify(filters)} filters={filters} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="sm">
            <CategoriesPanel />
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function ArticleList({ filters }: { filters: Filters }) {
  const articles = useArticles(filters);
  const categories = useCategories();

  if (articles.isPending) return <Loader aria-label="Loading articles" />;
  if (articles.isError) return <ErrorAlert error={articles.error} title="Could not load articles" />;
  const items = articles.data.pages.flatMap((p) => p.items);

  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed" aria-live="polite">
        {items.length === 0 ? 'No articles here.' : `${items.length} article${items.length === 1 ? '' : 's'}`}
        {articles.hasNextPage && ' so far'}
      </Text>
      {items.length > 0 && (
        <Stack component="ul" gap="xs" aria-label="Articles" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((a) => (
            <li key={a.id}>
              <Paper
                component={Link}
                to={`/kb/${a.id}`}
                withBorder
                p="sm"
                style={{ display: 'block', color: 'inherit', textDecoration: 'none' }}
              >
                <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                  <div style={{ flex: 1, minWidth: 0 }}>
                    <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                      {a.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {categoryLabel(categories.data, a.category_id) ?? 'No category'} · updated <Time value={a.updated_at} />
                      {a.tags.length > 0 && <> · {a.tags.map((t) => `#${t}`).join(' ')}</>}
                    </Text>
                  </div>
                  <Stack gap={4} align="flex-end" style={{ flexShrink: 0 }}>
                    <ArticleStatusBadge status={a.status} />
                    <UnpublishedChangesBadge show={a.has_unpublished_changes} />
                  </Stack>
                </Group>
              </Paper>
            </li>
          ))}
        </Stack>
      )}
      {articles.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void articles.fetchNextPage()} loading={articles.isFetchingNextPage}>
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}
