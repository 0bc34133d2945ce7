import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getBusinessHours, getSlaPolicies, putBusinessHours, putSlaPolicies, slaKeys } from '@/features/sla/api/sla';

export function useSlaPolicies() {
  return useQuery({ queryKey: slaKeys.policies, queryFn: ({ signal }) => getSlaPolicies(signal) });
}

export function useSaveSlaPolicies() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: putSlaPolicies,
    onSuccess: (policies) => queryClient.setQueryData(slaKeys.policies, policies),
  });
}

export function useBusinessHours() {
  return useQuery({ queryKey: slaKeys.businessHours, queryFn: ({ signal }) => getBusinessHours(signal) });
}

export function useSaveBusinessHours() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: putBusinessHours,
    onSuccess: (hours) => queryClient.setQueryData(slaKeys.businessHours, hours),
  });
}
