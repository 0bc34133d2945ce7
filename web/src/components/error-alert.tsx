import { Alert, List } from '@mantine/core';
import { isApiError } from '@/lib/api';

interface Props {
  error: unknown;
  title?: string;
  /** Field errors already shown beside their inputs are not repeated here. */
  hideFields?: readonly string[];
}

/** Shows an API problem (title, detail, field errors) or any other error, for screen readers too. */
export function ErrorAlert({ error, title, hideFields = [] }: Props) {
  if (!error) return null;
  if (isApiError(error)) {
    const rest = error.errors.filter((e) => !hideFields.includes(e.field));
    return (
      <Alert color="red" title={title ?? error.title} role="alert">
        {error.detail && <div>{error.detail}</div>}
        {rest.length > 0 && (
          <List size="sm" mt={4}>
            {rest.map((e) => (
              <List.Item key={e.field + e.message}>
                {e.field}: {e.message}
              </List.Item>
            ))}
          </List>
        )}
        {!error.detail && rest.length === 0 && title && error.title}
      </Alert>
    );
  }
  return (
    <Alert color="red" title={title ?? 'Something went wrong'} role="alert">
      {error instanceof Error ? error.message : String(error)}
    </Alert>
  );
}
