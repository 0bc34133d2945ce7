import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Tabs,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
  Typography,
} from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { Time } from '@/components/time';
import { isApiError } from '@/lib/api';
import { useSession } from '@/lib/session';
import { ArticleStatusBadge, UnpublishedChangesBadge } from '@/features/kb/components/article-status-badge';
import { VersionsPanel } from '@/features/kb/components/versions-panel';
import { categoryOptions } from '@/features/kb/categories';
import { managesKb, mayEditArticle } from '@/features/kb/permissions';
import {
  useArchiveArticle,
  useArticle,
  useCategories,
  useCreateArticle,
  usePublishArticle,
  useUpdateArticle,
} from '@/features/kb/hooks/use-kb';
import type { Article, ArticlePatch, NewArticle } from '@/types/api';

export const STALE_ARTICLE = 'Someone else changed this article; reload to see their version.';

type Tab = 'write' | 'preview';

/** `/kb/new` and `/kb/:id`: the editor, and for a saved article its versions. */
export function ArticleEditorPage() {
  const { id } = useParams();
  const article = useArticle(id);
  // Bumped to start the editor over from the article as the API has it now (reload, restore).
  const [generation, setGeneration] = useState(0);

  const back = (
    <Anchor component={Link} to="/kb" size="sm">
      ← Knowledge base
    </Anchor>
  );

  if (!id) {
    return (
      <Stack gap="sm">
        {back}
        <ArticleEditor key="new" article={null} />
      </Stack>
    );
  }
  if (article.isPending) return <Loader aria-label="Loading article" />;
  if (article.isError) {
    return (
      <Stack gap="sm">
        {back}
        {isApiError(article.error, 404) ? (
          <Title order={1} size="h2">
            Article not found
          </Title>
        ) : (
          <ErrorAlert error={article.error} title="Could not load the article" />
        )}
      </Stack>
    );
  }

  const startOver = () => setGeneration((g) => g + 1);
  return (
    <Stack gap="sm">
      {back}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <ArticleEditor
            key={`${id}:${generation}`}
            article={article.data}
            onReload={async () => {
              await article.refetch();
              startOver();
            }}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="sm">
            <VersionsPanel article={article.data} onRestored={startOver} />
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

interface EditorProps {
  /** The article as the editor starts from it; null for a new one. */
  article: Article | null;
  /** Fetches the article again and starts the editor over from it. */
  onReload?: () => Promise<void>;
}

const tagsOf = (tags: string[]) => tags.map((t) => t.trim().toLowerCase()).filter(Boolean);
const sameTags = (a: readonly string[], b: readonly string[]) => a.join('\n') === b.join('\n');

function ArticleEditor({ article, onReload }: EditorProps) {
  const navigate = useNavigate();
  const location = useLocation();
  const session = useSession();
  const categories = useCategories();
  const create = useCreateArticle();
  const update = useUpdateArticle();
  const publish = usePublishArticle();
  const archive = useArchiveArticle();

  // What the form started from, and after each save what the API answered: its version is the If-Match.
  const [base, setBase] = useState<Article | null>(article);
  const [title, setTitle] = useState(article?.title ?? '');
  const [slug, setSlug] = useState(article?.slug ?? '');
  const [categoryId, setCategoryId] = useState<string | null>(article?.category_id ?? null);
  const [tags, setTags] = useState<string[]>(article?.tags ?? []);
  const [body, setBody] = useState(article?.body ?? '');
  const [tab, setTab] = useState<Tab>((location.state as { tab?: Tab } | null)?.tab ?? 'write');
  const [stale, setStale] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reloading, setReloading] = useState(false);

  const manager = managesKb(session?.user);
  const editable = base ? mayEditArticle(session?.user, base) : true;
  const busy = create.isPending || update.isPending || publish.isPending || archive.isPending;
  const fieldErrors = isApiError(error) ? error.fieldErrors() : {};

  /** What changed since `base`: only that is sent, so a concurrent change of another field is kept. */
  const patch = (): ArticlePatch => {
    if (!base) return {};
    const p: ArticlePatch = {};
    if (title.trim() !== base.title) p.title = title.trim();
    if (body !== base.body) p.body = body;
    if (slug.trim() && slug.trim() !== base.slug) p.slug = slug.trim();
    if (categoryId !== (base.category_id ?? null)) p.category_id = categoryId;
    if (!sameTags(tagsOf(tags), base.tags)) p.tags = tagsOf(tags);
    return p;
  };
  const dirty = base ? Object.keys(patch()).length > 0 : title.trim() !== '' || body.trim() !== '';

  const failed = (e: unknown) => {
    if (isApiError(e, 412)) {
      setStale(true);
      setError(null);
    } else {
      setStale(false);
      setError(e);
    }
  };

  /** Saves the draft when it changed; the saved article, or null when it could not be saved. */
  const save = async (thenTab: Tab = tab): Promise<Article | null> => {
    setNotice(null);
    if (!base) {
      if (!title.trim() || !body.trim()) {
        setError(new Error('Write a title and a body first.'));
        return null;
      }
      const draft: NewArticle = { title: title.trim(), body };
      if (slug.trim()) draft.slug = slug.trim();
      if (categoryId) draft.category_id = categoryId;
      if (tagsOf(tags).length) draft.tags = tagsOf(tags);
      try {
        const created = await create.mutateAsync(draft);
        setError(null);
        navigate(`/kb/${created.id}`, { replace: true, state: { tab: thenTab } });
        return created;
      } catch (e) {
        failed(e);
        return null;
      }
    }
    const changes = patch();
    if (Object.keys(changes).length === 0) return base;
    try {
      const saved = await update.mutateAsync({ id: base.id, version: base.version, patch: changes });
      setBase(saved);
      setSlug(saved.slug);
      setStale(false);
      setError(null);
      return saved;
    } catch (e) {
      failed(e);
      return null;
    }
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !editable) return;
    const saved = await save();
    if (saved && base) setNotice('Draft saved.');
  };

  const onPublish = async () => {
    const saved = editable ? await save() : base;
    if (!saved) return;
    try {
      setBase(await publish.mutateAsync({ id: saved.id, version: saved.version }));
      setNotice('Published: customers now see this version.');
    } catch (e) {
      failed(e);
    }
  };

  const onArchive = async () => {
    if (!base) return;
    setNotice(null);
    try {
      setBase(await archive.mutateAsync({ id: base.id, version: base.version }));
      setNotice('Archived: customers no longer see it.');
    } catch (e) {
      failed(e);
    }
  };

  const onTab = (value: string | null) => {
    const next = (value as Tab | null) ?? 'write';
    setTab(next);
    // The preview is the API's rendering of the saved draft, so the draft is saved first.
    if (next === 'preview' && editable && dirty) void save('preview');
  };

  const live = base?.status === 'published' && !base.has_unpublished_changes;
  const orgId = session?.user.org_id;

  return (
    <form onSubmit={(e) => void onSubmit(e)} aria-label="Article">
      <Stack gap="sm">
        <div>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {base ? base.title : 'New article'}
          </Title>
          {base && <ArticleInfo article={base} helpCenter={orgId && base.status === 'published' ? `/help/${orgId}/articles/${base.slug}` : null} />}
        </div>
        {!editable && base && (
          <Alert color="gray" role="note" py={6}>
            {base.status === 'draft' && base.published_version == null
              ? 'Only its author, a manager or an admin edits this draft.'
              : 'Only managers and admins edit a published or archived article.'}
          </Alert>
        )}
        {stale && (
          <Alert color="yellow" role="alert" title="Not saved">
            <Stack gap="xs" align="flex-start">
              <div>{STALE_ARTICLE}</div>
              <Text size="sm">Reloading replaces what you typed here; copy anything you want to keep first.</Text>
              {onReload && (
                <Button
                  size="compact-sm"
                  variant="default"
                  loading={reloading}
                  onClick={() => {
                    setReloading(true);
                    void onReload().finally(() => setReloading(false));
                  }}
                >
                  Reload
                </Button>
              )}
            </Stack>
          </Alert>
        )}
        {error !== null && (
          <ErrorAlert error={error} title="Not saved" hideFields={['title', 'slug', 'body', 'category_id', 'tags']} />
        )}
        {notice && (
          <Alert color="green" role="status" py={6}>
            {notice}
          </Alert>
        )}

        <TextInput
          label="Title"
          required
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          readOnly={!editable}
          error={fieldErrors.title}
        />
        <Group grow align="flex-start" wrap="wrap" gap="xs">
          <TextInput
            label="Slug"
            description="Lower-case letters, digits and -; made from the title when empty"
            value={slug}
            onChange={(e) => setSlug(e.currentTarget.value)}
            readOnly={!editable}
            error={fieldErrors.slug}
            miw={200}
          />
          <Select
            label="Category"
            placeholder="No category"
            clearable
            searchable
            value={categoryId}
            onChange={setCategoryId}
            data={categoryOptions(categories.data).concat(
              categoryId && !categories.data?.some((c) => c.id === categoryId) ? [{ value: categoryId, label: categoryId }] : [],
            )}
            readOnly={!editable}
            error={fieldErrors.category_id}
            miw={200}
          />
        </Group>
        <TagsInput
          label="Tags"
          value={tags}
          onChange={setTags}
          readOnly={!editable}
          clearable={editable}
          placeholder={editable ? 'Add a tag and press Enter' : undefined}
          error={fieldErrors.tags}
        />

        <Tabs value={tab} onChange={onTab} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="write">Write</Tabs.Tab>
            <Tabs.Tab value="preview">Preview</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="write" pt="xs">
            <Textarea
              label="Body (Markdown)"
              description="CommonMark with tables, strikethrough and task lists"
              required
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              readOnly={!editable}
              error={fieldErrors.body}
              autosize
              minRows={10}
              maxRows={30}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
          </Tabs.Panel>
          <Tabs.Panel value="preview" pt="xs">
            <Preview article={base} saving={create.isPending || update.isPending} unsaved={dirty} />
          </Tabs.Panel>
        </Tabs>

        <Group justify="flex-end" gap="xs" wrap="wrap">
          {base && manager && base.status !== 'archived' && (
            <Button variant="default" color="orange" onClick={() => void onArchive()} loading={archive.isPending} disabled={busy}>
              Archive
            </Button>
          )}
          {base && manager && (
            <Button
              variant="light"
              color="green"
              onClick={() => void onPublish()}
              loading={publish.isPending}
              disabled={busy || (live && !dirty)}
            >
              {base.published_version != null && base.status === 'published' ? 'Publish changes' : 'Publish'}
            </Button>
          )}
          {editable && (
            <Button type="submit" loading={create.isPending || update.isPending} disabled={busy || !dirty}>
              Save draft
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

/** Status, versions, counts, and where customers read it. */
function ArticleInfo({ article, helpCenter }: { article: Article; helpCenter: string | null }) {
  return (
    <Stack gap={4} mt={4}>
      <Group gap="xs" wrap="wrap">
        <ArticleStatusBadge status={article.status} />
        <UnpublishedChangesBadge show={article.has_unpublished_changes} />
        <Text size="sm" c="dimmed">
          Draft version {article.draft_version} ·{' '}
          {article.published_version != null ? `published version ${article.published_version}` : 'not published'}
        </Text>
      </Group>
      <Text size="xs" c="dimmed">
        Updated <Time value={article.updated_at} />
        {article.published_at && (
          <>
            {' '}
            · published <Time value={article.published_at} />
          </>
        )}{' '}
        · {article.views} views · {article.helpful} found it helpful, {article.not_helpful} did not
        {helpCenter && (
          <>
            {' '}
            ·{' '}
            <Anchor component={Link} to={helpCenter} size="xs">
              View in the help center
            </Anchor>
          </>
        )}
      </Text>
    </Stack>
  );
}

/** The saved draft as the API rendered and sanitised it (`body_html`); nothing is rendered here. */
function Preview({ article, saving, unsaved }: { article: Article | null; saving: boolean; unsaved: boolean }) {
  if (saving) return <Loader size="sm" aria-label="Saving the draft for the preview" />;
  if (!article) {
    return <Text c="dimmed">Write a title and a body: the preview shows the saved draft as customers will see it.</Text>;
  }
  return (
    <Stack gap="xs">
      {unsaved && (
        <Text size="sm" c="orange">
          The draft could not be saved, so this is the last saved version.
        </Text>
      )}
      <Paper withBorder p="sm">
        <Typography>
          {/* HTML from the API only: rendered from Markdown and cleaned by its allow-list sanitiser. */}
          <div data-testid="article-preview" dangerouslySetInnerHTML={{ __html: article.body_html }} />
        </Typography>
      </Paper>
    </Stack>
  );
}
