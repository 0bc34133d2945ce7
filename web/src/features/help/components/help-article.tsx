import { Link, useParams } from 'react-router';
import { Anchor, Badge, Button, Group, Loader, Paper, Stack, Text, Title, Typography } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { Time } from '@/components/time';
import { isApiError } from '@/lib/api';
import { categoryLabel } from '@/features/kb/categories';
import { useHelpArticle, useHelpCenter, useHelpFeedback } from '@/features/help/hooks/use-help';

/** `/help/:org/articles/:slug`: the published article (the API's sanitised HTML) and "Was this helpful?". */
export function HelpArticlePage() {
  const { org = '', slug = '' } = useParams();
  const article = useHelpArticle(org, slug);
  const center = useHelpCenter(org);
  const back = (
    <Anchor component={Link} to={`/help/${encodeURIComponent(org)}`} size="sm">
      ← All help articles
    </Anchor>
  );

  if (article.isPending) return <Loader aria-label="Loading the article" />;
  if (article.isError) {
    return (
      <Stack gap="sm">
        {back}
        {isApiError(article.error, 404) ? (
          <>
            <Title order={1} size="h2">
              Article not found
            </Title>
            <Text>It may have been moved or taken down.</Text>
          </>
        ) : (
          <ErrorAlert error={article.error} title="Could not load the article" />
        )}
      </Stack>
    );
  }
  const a = article.data;
  const category = categoryLabel(center.data?.categories, a.category_id);

  return (
    <Stack gap="md">
      {back}
      <article aria-labelledby="help-article-title">
        <Stack gap="sm">
          <div>
            {category && center.data && (
              <Text size="sm" c="dimmed">
                {category}
              </Text>
            )}
            <Title order={1} size="h2" id="help-article-title" style={{ overflowWrap: 'anywhere' }}>
              {a.title}
            </Title>
            <Text size="xs" c="dimmed">
              Updated <Time value={a.updated_at} />
            </Text>
          </div>
          <Typography>
            {/* HTML from the API only: the published Markdown, rendered and cleaned by its allow-list sanitiser. */}
            <div data-testid="help-article-body" dangerouslySetInnerHTML={{ __html: a.body_html }} />
          </Typography>
          {a.tags.length > 0 && (
            <Group gap={4}>
              {a.tags.map((t) => (
                <Badge key={t} variant="light" color="gray">
                  {t}
                </Badge>
              ))}
            </Group>
          )}
        </Stack>
      </article>
      <Feedback org={org} slug={slug} />
    </Stack>
  );
}

/** Yes/No, one vote per browser (the latest counts); the counts show once this browser voted. */
function Feedback({ org, slug }: { org: string; slug: string }) {
  const vote = useHelpFeedback(org, slug);
  const voted = vote.isSuccess ? vote.variables : undefined;
  const counts = vote.data;

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="feedback-heading">
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap">
          <Text fw={600} id="feedback-heading">
            Was this helpful?
          </Text>
          <Button
            size="compact-sm"
            variant={voted === true ? 'filled' : 'default'}
            aria-pressed={voted === true}
            onClick={() => vote.mutate(true)}
            loading={vote.isPending && vote.variables === true}
            disabled={vote.isPending}
          >
            Yes
          </Button>
          <Button
            size="compact-sm"
            variant={voted === false ? 'filled' : 'default'}
            aria-pressed={voted === false}
            onClick={() => vote.mutate(false)}
            loading={vote.isPending && vote.variables === false}
            disabled={vote.isPending}
          >
            No
          </Button>
        </Group>
        {counts && (
          <Text size="sm" role="status">
            Thanks for your feedback. {counts.helpful} {counts.helpful === 1 ? 'person' : 'people'} found this helpful,{' '}
            {counts.not_helpful} did not.
          </Text>
        )}
        {vote.isError && <ErrorAlert error={vote.error} title="Your vote was not counted" />}
      </Stack>
    </Paper>
  );
}
