import { useQuery } from '@tanstack/react-query';
import { listQuarantine, quarantineKeys } from '@/features/quarantine/api/quarantine';

export function useQuarantine() {
  return useQuery({ queryKey: quarantineKeys.all, queryFn: ({ signal }) => listQuarantine(signal) });
}
