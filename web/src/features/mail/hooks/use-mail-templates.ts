import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getMailTemplates, mailKeys, putMailTemplates } from '@/features/mail/api/mail';

export function useMailTemplates() {
  return useQuery({ queryKey: mailKeys.templates, queryFn: ({ signal }) => getMailTemplates(signal) });
}

/** One mutation key for every editor, so the page can keep two PUTs from overlapping. */
export function useSaveMailTemplates() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: mailKeys.templates,
    mutationFn: putMailTemplates,
    onSuccess: (view) => {
      // The answer is the whole view: shown at once, then confirmed by a refetch.
      queryClient.setQueryData(mailKeys.templates, view);
      return queryClient.invalidateQueries({ queryKey: mailKeys.templates });
    },
  });
}
