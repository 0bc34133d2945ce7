/** Attachment endpoints (issue #15), and the presigned S3 PUT that sends a file's bytes. */
import { API_PREFIX, api } from '@/lib/api';
import { uploadHeaders } from '@/features/attachments/presigned';
import type { AttachmentView, PresignedRequest, UploadCreated, UploadRequest } from '@/types/api';

export const attachmentKeys = {
  all: ['attachments'] as const,
  /** `GET /attachments/{id}?inline=1`: a thumbnail's link. */
  inline: (id: string) => [...attachmentKeys.all, id, 'inline'] as const,
  /** A raster image's bytes as a `data:` URL, for a `cid:` image in the original formatting. */
  dataUrl: (id: string) => [...attachmentKeys.all, id, 'data-url'] as const,
};

/**
 * `POST /tickets/{id}/attachments` (a message on that ticket), or `POST /attachments` without
 * a ticket (its first message): the attachment's id and the presigned PUT for its bytes. A
 * refused file (empty, too large, a type not accepted) is a 422 naming why.
 */
export function requestUpload(file: UploadRequest, ticketId?: string, signal?: AbortSignal): Promise<UploadCreated> {
  const path = ticketId
    ? `${API_PREFIX}/tickets/${encodeURIComponent(ticketId)}/attachments`
    : `${API_PREFIX}/attachments`;
  return api.post<UploadCreated>(path, file, { signal });
}

/**
 * `GET /attachments/{id}`: the file and a download link valid for five minutes (ask for it
 * when it is used). `inline` (raster images only, else 422) gives a link the browser shows.
 */
export function getAttachment(id: string, options: { inline?: boolean; signal?: AbortSignal } = {}): Promise<AttachmentView> {
  return api.get<AttachmentView>(`${API_PREFIX}/attachments/${encodeURIComponent(id)}`, {
    query: { inline: options.inline ? 1 : undefined },
    signal: options.signal,
  });
}

/** Base64 of `bytes`, a chunk at a time (`String.fromCharCode` takes its arguments on the stack). */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The bytes behind a presigned GET (S3, another origin, which allows GET from any: sent without
 * the token, cookies or referrer) as a `data:` URL of `type`, the type the API checked them to
 * be. Rejects when the storage answers other than 2xx (an expired link is a 403).
 */
export async function fetchDataUrl(url: string, type: string, signal?: AbortSignal): Promise<string> {
  const response = await fetch(url, { signal, credentials: 'omit', referrerPolicy: 'no-referrer' });
  if (!response.ok) throw new Error(`The file storage answered ${response.status}.`);
  return `data:${type};base64,${base64(new Uint8Array(await response.arrayBuffer()))}`;
}

/** The file storage refused the bytes or could not be reached (`status` 0). */
export class UploadFailed extends Error {
  readonly status: number;
  constructor(status: number) {
    super(
      status === 0
        ? 'The upload failed: the file storage could not be reached.'
        : `The upload failed (the file storage answered ${status}).`,
    );
    this.name = 'UploadFailed';
    this.status = status;
  }
}

/**
 * Sends `file` with the presigned PUT (to S3, another origin, so without the token). An
 * XMLHttpRequest rather than fetch, for its upload progress: `onProgress` gets 0 to 1. Rejects
 * with {@link UploadFailed}, or an `AbortError` when `signal` aborts.
 */
export function putFile(
  request: PresignedRequest,
  file: Blob,
  { onProgress, signal }: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open(request.method || 'PUT', request.url);
    for (const [name, value] of Object.entries(uploadHeaders(request.headers))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(Math.min(1, e.loaded / e.total));
    };
    const abort = () => xhr.abort();
    signal?.addEventListener('abort', abort, { once: true });
    const done = () => signal?.removeEventListener('abort', abort);
    xhr.onload = () => {
      done();
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(new UploadFailed(xhr.status));
    };
    xhr.onerror = () => {
      done();
      reject(new UploadFailed(0));
    };
    xhr.onabort = () => {
      done();
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
    };
    xhr.send(file);
  });
}
