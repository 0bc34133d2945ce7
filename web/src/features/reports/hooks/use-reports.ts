import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getOverview, reportKeys } from '@/features/reports/api/reports';

export function useOverview(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: reportKeys.overview(from, to),
    queryFn: ({ signal }) => getOverview(from, to, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}
