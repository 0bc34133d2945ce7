import { Link } from 'react-router';
import { Anchor, Stack, Text, Title } from '@mantine/core';

export function NotFound() {
  return (
    <Stack p="xl" align="center">
      <Title order={1}>Page not found</Title>
      <Text>
        <Anchor component={Link} to="/">
          Go to the start page
        </Anchor>
      </Text>
    </Stack>
  );
}
