import { useQuery } from '@tanstack/react-query';
import { customerKeys, getCustomer } from '@/features/customers/api/customers';

export function useCustomer(id: string | null | undefined) {
  return useQuery({
    queryKey: customerKeys.detail(id ?? ''),
    queryFn: ({ signal }) => getCustomer(id as string, signal),
    enabled: !!id,
    staleTime: 60_000,
  });
}
