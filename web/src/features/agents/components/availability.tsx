import { NativeSelect } from '@mantine/core';
import { isApiError } from '@/lib/api';
import { useSession } from '@/lib/session';
import { useAgents, useSetMyStatus } from '@/features/agents/hooks/use-agents';
import type { AgentStatus } from '@/types/api';

/** The signed-in agent's availability (online, away, offline), used by routing. */
export function Availability() {
  const session = useSession();
  const agents = useAgents();
  const set = useSetMyStatus();
  // Without the agents API (a 404) there is no availability to show or change.
  if (isApiError(agents.error, 404)) return null;
  const me = agents.data?.find((a) => a.id === session?.user.id);
  const value: AgentStatus = set.variables ?? me?.status ?? 'offline';
  return (
    <NativeSelect
      aria-label="My availability"
      size="xs"
      value={value}
      onChange={(e) => set.mutate(e.currentTarget.value as AgentStatus)}
      data={[
        { value: 'online', label: '● Online' },
        { value: 'away', label: '◐ Away' },
        { value: 'offline', label: '○ Offline' },
      ]}
      error={set.isError ? true : undefined}
      title={set.isError ? 'Could not change your availability' : undefined}
    />
  );
}
