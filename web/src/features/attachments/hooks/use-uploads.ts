/**
 * The files chosen for one message: each is checked against the limits at once (a refused
 * file is listed with why, and never sent), then uploaded straight away, so that sending the
 * message is quick. The message names the finished ones (`ids`) in `attachment_ids`.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isApiError } from '@/lib/api';
import { putFile, requestUpload } from '@/features/attachments/api/attachments';
import { MAX_FILES, TOO_MANY_FILES, declaredType, fileProblem } from '@/features/attachments/limits';

export type UploadStatus = 'uploading' | 'done' | 'error';

export interface UploadItem {
  /** This list's own key (the attachment id comes later, from the API). */
  key: string;
  file: File;
  status: UploadStatus;
  /** 0 to 1 while uploading. */
  progress: number;
  /** The attachment's id, once the API granted the upload. */
  id?: string;
  /** Why it will not go with the message: refused by the limits, the API or the storage. */
  error?: string;
}

/** What a failed upload says to the user: the API's reason for a refused file, else the error. */
export function reasonOf(e: unknown): string {
  if (isApiError(e)) return e.errors[0]?.message ?? e.detail ?? e.title;
  return e instanceof Error ? e.message : String(e);
}

/**
 * The reasons a `422` on sending gives for files in `items` (by attachment id): the API names
 * the refused file (`name (id): why`) in an `attachment_ids` error, and saves nothing.
 */
export function refusedFiles(error: unknown, items: readonly UploadItem[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!isApiError(error, 422)) return out;
  for (const e of error.errors) {
    if (e.field !== 'attachment_ids') continue;
    const item = items.find((i) => i.id && e.message.includes(i.id));
    if (item?.id) out.set(item.key, e.message.replace(` (${item.id})`, '').replace(item.id, item.file.name));
  }
  return out;
}

/** True when every `attachment_ids` error of `error` names one of `items` (so it is shown at the file). */
export function allRefusalsShown(error: unknown, items: readonly UploadItem[]): boolean {
  if (!isApiError(error, 422)) return false;
  const named = error.errors.filter((e) => e.field === 'attachment_ids');
  return named.length > 0 && named.length === refusedFiles(error, items).size;
}

let counter = 0;
const nextKey = () => `upload-${++counter}`;

/** `ticketId`: files for a message on that ticket; without it, for a ticket being opened. */
export function useUploads(ticketId?: string) {
  const [items, setItems] = useState<UploadItem[]>([]);
  // The list as of the last change, for changes made before React renders again.
  const list = useRef<UploadItem[]>([]);
  const controllers = useRef(new Map<string, AbortController>());

  const update = useCallback((change: (l: UploadItem[]) => UploadItem[]) => {
    list.current = change(list.current);
    setItems(list.current);
  }, []);
  const patch = useCallback(
    (key: string, changes: Partial<UploadItem>) =>
      update((l) => (l.some((i) => i.key === key) ? l.map((i) => (i.key === key ? { ...i, ...changes } : i)) : l)),
    [update],
  );

  const start = useCallback(
    async (item: UploadItem) => {
      const controller = new AbortController();
      controllers.current.set(item.key, controller);
      const { file } = item;
      try {
        const created = await requestUpload(
          { filename: file.name, content_type: declaredType(file), size: file.size },
          ticketId,
          controller.signal,
        );
        patch(item.key, { id: created.id });
        await putFile(created.upload, file, {
          signal: controller.signal,
          onProgress: (progress) => patch(item.key, { progress }),
        });
        patch(item.key, { status: 'done', progress: 1 });
      } catch (e) {
        if (!controller.signal.aborted) patch(item.key, { status: 'error', error: reasonOf(e) });
      } finally {
        controllers.current.delete(item.key);
      }
    },
    [patch, ticketId],
  );

  /** Lists `files`; those within the limits start uploading. */
  const add = useCallback(
    (files: readonly File[]) => {
      let room = MAX_FILES - list.current.filter((i) => i.status !== 'error').length;
      const added = files.map((file): UploadItem => {
        const problem = fileProblem(file) ?? (room <= 0 ? TOO_MANY_FILES : null);
        if (!problem) room -= 1;
        return problem
          ? { key: nextKey(), file, status: 'error', progress: 0, error: problem }
          : { key: nextKey(), file, status: 'uploading', progress: 0 };
      });
      if (added.length === 0) return;
      update((l) => [...l, ...added]);
      for (const item of added) if (item.status === 'uploading') void start(item);
    },
    [start, update],
  );

  /** Takes a file off the list (cancelling its upload). */
  const remove = useCallback(
    (key: string) => {
      controllers.current.get(key)?.abort();
      update((l) => l.filter((i) => i.key !== key));
    },
    [update],
  );

  /** Empties the list, after the message went out. */
  const clear = useCallback(() => {
    for (const c of controllers.current.values()) c.abort();
    update(() => []);
  }, [update]);

  /** After a 422 on sending: the files the API refused show why, and are left out of the next try. */
  const markRefused = useCallback(
    (error: unknown) => {
      for (const [key, reason] of refusedFiles(error, list.current)) patch(key, { status: 'error', error: reason });
    },
    [patch],
  );

  // Uploads still running when the composer goes away are cancelled.
  useEffect(() => {
    const running = controllers.current;
    return () => {
      for (const c of running.values()) c.abort();
    };
  }, []);

  const ids = useMemo(() => items.flatMap((i) => (i.status === 'done' && i.id ? [i.id] : [])), [items]);
  const uploading = items.some((i) => i.status === 'uploading');
  return { items, ids, uploading, add, remove, clear, markRefused };
}

export type Uploads = ReturnType<typeof useUploads>;
