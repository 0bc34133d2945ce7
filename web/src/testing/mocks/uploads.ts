/**
 * Files on tickets in memory (issue #15), for the mock API in ./handlers: the uploads asked
 * for, whether their bytes arrived at the stand-in for S3 (`FILES_ORIGIN`, another origin like
 * the real presigned links), and the files on messages. The limits are the API's.
 */
import type { AttachmentView, FieldError, FileRef, Interaction, UploadCreated, UploadRequest, User } from '@/types/api';
import { ACCEPTED_TYPES, MAX_FILE_BYTES, MAX_FILES, isRaster } from '@/features/attachments/limits';

/** Where the presigned links point: S3 is another origin than the app. */
export const FILES_ORIGIN = 'https://files.test';

export interface StoredUpload {
  view: UploadCreated;
  uploaded_by: string;
  /** The ticket it was asked for; null for a ticket not opened yet. */
  ticket_id: string | null;
  /** The bytes that arrived with the PUT, if any. */
  bytes?: number;
  /** The message that carries it. */
  interaction_id?: string;
  internal?: boolean;
  /** Set by a test: the check of the bytes refuses it (as the API does when they are not the declared type). */
  refuse?: string;
  /** What the presigned GET serves (else `bytes` zeros). */
  content?: Uint8Array;
}

export const uploadsDb = { uploads: [] as StoredUpload[] };

export function resetUploadsDb(): void {
  uploadsDb.uploads = [];
}

let next = 0;

/** What `POST /attachments` checks before any byte is sent; the API's words. */
export function declaredProblem(file: UploadRequest): string | null {
  if (file.size <= 0) return 'the file is empty';
  if (file.size > MAX_FILE_BYTES) return `the file is ${file.size} bytes; at most ${MAX_FILE_BYTES} are accepted`;
  if (!ACCEPTED_TYPES.includes(file.content_type)) return `files of type ${file.content_type} are not accepted`;
  return null;
}

export function createUpload(file: UploadRequest, user: User, ticketId: string | null): UploadCreated {
  next += 1;
  const id = `01FILE${String(next).padStart(6, '0')}`;
  const view: UploadCreated = {
    id,
    filename: file.filename,
    content_type: file.content_type,
    size: file.size,
    upload: {
      url: `${FILES_ORIGIN}/pending/${id}?X-Amz-Signature=mock`,
      method: 'PUT',
      headers: { 'content-type': file.content_type, 'content-length': String(file.size) },
    },
    expires_at: new Date(Date.now() + 300_000).toISOString(),
  };
  uploadsDb.uploads.push({ view, uploaded_by: user.id, ticket_id: ticketId });
  return view;
}

/** The PUT of an upload's bytes; false when no such upload was asked for. */
export function receiveBytes(id: string, bytes: number): boolean {
  const u = uploadsDb.uploads.find((x) => x.view.id === id);
  if (!u) return false;
  u.bytes = bytes;
  return true;
}

/**
 * The files `ids` names for a message by `user` on `ticketId` (null: a ticket being opened),
 * checked as the API does: a field error refuses the whole message.
 */
export function filesFor(ids: readonly string[] | undefined, user: User | undefined, ticketId: string | null): FileRef[] | FieldError {
  if (!ids || ids.length === 0) return [];
  const field = 'attachment_ids';
  if (ids.length > MAX_FILES) return { field, message: `at most ${MAX_FILES} files go with one message` };
  const out: FileRef[] = [];
  for (const id of ids) {
    const u = uploadsDb.uploads.find((x) => x.view.id === id && x.uploaded_by === user?.id);
    if (!u) return { field, message: `no upload ${id}` };
    if (u.interaction_id) return { field, message: `${id} is already on a message` };
    if (u.ticket_id !== ticketId) return { field, message: `${id} was uploaded for another ticket` };
    const name = `${u.view.filename} (${id})`;
    if (u.bytes === undefined) return { field, message: `${name}: nothing was uploaded yet` };
    if (u.refuse) return { field, message: `${name}: ${u.refuse}` };
    out.push({ id, name: u.view.filename, content_type: u.view.content_type, size: u.view.size });
  }
  return out;
}

/** Puts checked files on a message. */
export function attachTo(files: readonly FileRef[], message: Interaction): void {
  for (const f of files) {
    const u = uploadsDb.uploads.find((x) => x.view.id === f.id);
    if (!u) continue;
    u.ticket_id = message.ticket_id;
    u.interaction_id = message.id;
    u.internal = message.internal;
  }
}

/** `GET /attachments/{id}`: a file on a message the user may read, else undefined (a 404). */
export function downloadOf(id: string, user: User | undefined, inline: boolean): AttachmentView | undefined {
  const u = uploadsDb.uploads.find((x) => x.view.id === id);
  if (!u?.interaction_id || !user) return undefined;
  if (u.internal && user.role === 'customer') return undefined;
  const { view } = u;
  const disposition = inline && isRaster(view.content_type) ? 'inline' : 'attachment';
  return {
    id,
    filename: view.filename,
    content_type: view.content_type,
    size: view.size,
    ticket_id: u.ticket_id,
    interaction_id: u.interaction_id,
    state: 'attached',
    inline: disposition === 'inline',
    download: { url: `${FILES_ORIGIN}/files/${id}?disposition=${disposition}`, method: 'GET', headers: {} },
    expires_at: new Date(Date.now() + 300_000).toISOString(),
  };
}

/** The bytes the presigned GET of file `id` serves, with its type; undefined for no such file (S3's 404). */
export function bytesOf(id: string): { content: Uint8Array; type: string } | undefined {
  const u = uploadsDb.uploads.find((x) => x.view.id === id);
  if (!u?.interaction_id) return undefined;
  return { content: u.content ?? new Uint8Array(u.bytes ?? 0), type: u.view.content_type };
}

/**
 * A file already on a message (for tests of the thread): listed on `message` and downloadable,
 * its presigned GET serving `content` when given.
 */
export function fileOn(message: Interaction, file: FileRef, uploadedBy = 'c-1', content?: Uint8Array): Interaction {
  uploadsDb.uploads.push({
    view: {
      id: file.id,
      filename: file.name,
      content_type: file.content_type,
      size: file.size,
      upload: { url: `${FILES_ORIGIN}/pending/${file.id}`, method: 'PUT', headers: {} },
      expires_at: new Date().toISOString(),
    },
    uploaded_by: uploadedBy,
    ticket_id: message.ticket_id,
    bytes: file.size,
    interaction_id: message.id,
    internal: message.internal,
    ...(content ? { content } : {}),
  });
  return { ...message, attachments: [...(message.attachments ?? []), file] };
}
