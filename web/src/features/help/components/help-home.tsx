import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Anchor, Button, CloseButton, Grid, Group, Loader, Paper, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { ErrorAlert } from '@/components/error-alert';
import { Snippet } from '@/components/snippet';
import { Time } from '@/components/time';
import { isApiError } from '@/lib/api';
import { categoryTree } from '@/features/kb/categories';
import { helpArticlePath } from '@/features/kb/links';
import { useHelpArticles, useHelpCenter, useHelpSearch } from '@/features/help/hooks/use-help';
import type { Category } from '@/types/api';

/** How long typing in the help-center search must pause before it asks the API. */
export const HELP_SEARCH_DEBOUNCE_MS = 250;

/**
 * `/help/:org`: a search box, and the categories with their sections and the articles of the
 * one chosen (`?category=`); with a query (`?q=`, typos forgiven by the API), its matches instead.
 */
export function HelpHome() {
  const { org = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const center = useHelpCenter(org);
  const selectedId = search.get('category') ?? undefined;
  const q = search.get('q')?.trim() ?? '';

  if (center.isPending) return <Loader aria-label="Loading the help center" />;
  if (center.isError) {
    return isApiError(center.error, 404) ? (
      <Stack>
        <Title order={1} size="h2">
          No such help center
        </Title>
        <Text>Check the address you were given.</Text>
      </Stack>
    ) : (
      <ErrorAlert error={center.error} title="Could not load the help center" />
    );
  }

  const categories = center.data.categories;
  const tree = categoryTree(categories);
  const selected = categories.find((c) => c.id === selectedId);
  const choose = (c: Category | null) => {
    const next = new URLSearchParams(search);
    if (c) next.set('category', c.id);
    else next.delete('category');
    setSearch(next);
  };
  const sectionsOfSelected = selected ? categories.filter((c) => c.parent_id === selected.id) : [];

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {center.data.org.name} help center
      </Title>
      <HelpSearchBox q={q} />
      {q ? (
        <HelpSearchResults org={org} q={q} />
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <nav aria-labelledby="help-categories-heading">
              <Title order={2} size="h4" id="help-categories-heading" mb="xs">
                Categories
              </Title>
              {tree.length === 0 ? (
                <Text c="dimmed">No categories yet.</Text>
              ) : (
                <Stack component="ul" gap={4} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                  <li>
                    <CategoryButton label="All articles" current={!selected} onClick={() => choose(null)} />
                  </li>
                  {tree.map(({ category, sections }) => (
                    <li key={category.id}>
                      <CategoryButton label={category.name} current={selected?.id === category.id} onClick={() => choose(category)} />
                      {sections.length > 0 && (
                        <Stack component="ul" gap={2} style={{ listStyle: 'none', paddingLeft: 16, margin: 0 }}>
                          {sections.map((s) => (
                            <li key={s.id}>
                              <CategoryButton label={s.name} current={selected?.id === s.id} onClick={() => choose(s)} small />
                            </li>
                          ))}
                        </Stack>
                      )}
                    </li>
                  ))}
                </Stack>
              )}
            </nav>
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 8 }}>
            <Stack gap="sm" component="section" aria-labelledby="help-articles-heading">
              <div>
                <Title order={2} size="h3" id="help-articles-heading">
                  {selected ? selected.name : 'All articles'}
                </Title>
                {selected?.description && <Text c="dimmed">{selected.description}</Text>}
              </div>
              {sectionsOfSelected.length > 0 && (
                <Text size="sm">
                  Sections:{' '}
                  {sectionsOfSelected.map((s, i) => (
                    <span key={s.id}>
                      {i > 0 && ', '}
                      <Anchor component="button" type="button" size="sm" onClick={() => choose(s)}>
                        {s.name}
                      </Anchor>
                    </span>
                  ))}
                </Text>
              )}
              {/* A new key starts paging over for another category. */}
              <HelpArticleList key={selected?.id ?? 'all'} org={org} category={selected?.id} label={selected?.name ?? 'All articles'} />
            </Stack>
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

/** The search box; what is typed goes to `?q=` once typing pauses (at once on Enter). */
function HelpSearchBox({ q }: { q: string }) {
  const [, setSearch] = useSearchParams();
  const [draft, setDraft] = useState(q);
  // `?q=` changed by other means (back, forward, a link): the box follows.
  const [seen, setSeen] = useState(q);
  if (q !== seen) {
    setSeen(q);
    if (q !== draft.trim()) setDraft(q);
  }
  const commit = useDebouncedCallback((value: string) => {
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value.trim()) next.set('q', value.trim());
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, HELP_SEARCH_DEBOUNCE_MS);
  const change = (value: string) => {
    setDraft(value);
    commit(value);
  };

  return (
    <form
      role="search"
      aria-label="Help center"
      onSubmit={(e) => {
        e.preventDefault();
        commit.flush();
      }}
    >
      <TextInput
        type="search"
        label="Search the help center"
        placeholder="Describe your question, e.g. reset password"
        value={draft}
        onChange={(e) => change(e.currentTarget.value)}
        maxLength={200}
        rightSection={
          draft ? (
            <CloseButton
              aria-label="Clear the search"
              size="sm"
              onClick={() => {
                change('');
                commit.flush();
              }}
            />
          ) : null
        }
      />
    </form>
  );
}

/** The matches of `q`, best first, each with where it matched. */
function HelpSearchResults({ org, q }: { org: string; q: string }) {
  const results = useHelpSearch(org, q);
  if (results.isPending) return <Loader aria-label="Searching the help center" />;
  if (results.isError) return <ErrorAlert error={results.error} title="Could not search the help center" />;
  const items = results.data.items;

  return (
    <Stack gap="sm" component="section" aria-labelledby="help-results-heading">
      <div>
        <Title order={2} size="h3" id="help-results-heading" style={{ overflowWrap: 'anywhere' }}>
          Results for “{q}”
        </Title>
        <Text size="sm" c="dimmed" aria-live="polite">
          {items.length === 0
            ? 'No articles match. Try other words, or clear the search to browse the categories.'
            : `${items.length} article${items.length === 1 ? '' : 's'}`}
        </Text>
      </div>
      {items.length > 0 && (
        <Stack
          component="ul"
          gap="xs"
          aria-label="Search results"
          style={{ listStyle: 'none', padding: 0, margin: 0, opacity: results.isPlaceholderData ? 0.6 : 1 }}
        >
          {items.map((a) => (
            <li key={a.id}>
              <Paper withBorder p="sm">
                <Anchor component={Link} to={helpArticlePath(org, a.slug)} fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {a.title}
                </Anchor>
                <Text size="sm" c="dimmed" lineClamp={3}>
                  {a.snippet != null ? <Snippet html={a.snippet} /> : a.excerpt}
                </Text>
              </Paper>
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function CategoryButton({ label, current, onClick, small }: { label: string; current: boolean; onClick: () => void; small?: boolean }) {
  return (
    <UnstyledButton
      onClick={onClick}
      aria-current={current ? 'true' : undefined}
      px={8}
      py={4}
      w="100%"
      fz={small ? 'sm' : undefined}
      fw={current ? 700 : small ? undefined : 600}
      style={{ borderRadius: 'var(--mantine-radius-sm)', background: current ? 'var(--mantine-color-blue-light)' : undefined }}
    >
      {label}
    </UnstyledButton>
  );
}

function HelpArticleList({ org, category, label }: { org: string; category: string | undefined; label: string }) {
  const articles = useHelpArticles(org, category);
  if (articles.isPending) return <Loader aria-label="Loading articles" />;
  if (articles.isError) return <ErrorAlert error={articles.error} title="Could not load the articles" />;
  const items = articles.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <Text c="dimmed">No articles here yet.</Text>;

  return (
    <Stack gap="xs">
      <Stack component="ul" gap="xs" aria-label={`Articles: ${label}`} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {items.map((a) => (
          <li key={a.id}>
            <Paper withBorder p="sm">
              <Anchor component={Link} to={helpArticlePath(org, a.slug)} fw={600} style={{ overflowWrap: 'anywhere' }}>
                {a.title}
              </Anchor>
              {a.excerpt && (
                <Text size="sm" c="dimmed" lineClamp={3}>
                  {a.excerpt}
                </Text>
              )}
              <Text size="xs" c="dimmed">
                Published <Time value={a.published_at} />
              </Text>
            </Paper>
          </li>
        ))}
      </Stack>
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
