/**
 * What a file must be to go with a message (issue #15), checked in the browser before any
 * byte is sent so that the user hears at once; the API checks all of it again, and the bytes
 * themselves when the message is sent. Hand-written: the API document names the limits in
 * words only. They follow `Limits::default()` and `DEFAULT_TYPES` in
 * shared/domain/src/attachment.rs.
 */
import { humanSize } from '@/lib/format';

/** Bytes per file: 20 MB. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Files per message. */
export const MAX_FILES = 10;

/** The raster images, the only files shown inline (thumbnails). */
export const RASTER_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

const OOXML = 'application/vnd.openxmlformats-officedocument';
const ODF = 'application/vnd.oasis.opendocument';

/** The types an org accepts by default. */
export const ACCEPTED_TYPES: readonly string[] = [
  ...RASTER_TYPES,
  'application/pdf',
  'text/plain',
  'text/csv',
  'text/calendar',
  'message/rfc822',
  'application/zip',
  `${OOXML}.wordprocessingml.document`,
  `${OOXML}.spreadsheetml.sheet`,
  `${OOXML}.presentationml.presentation`,
  `${ODF}.text`,
  `${ODF}.spreadsheet`,
  `${ODF}.presentation`,
];

/** The type part of a `Content-Type` value, lower case, without parameters (as the API reads it). */
export function essence(type: string): string {
  return (type.split(';', 1)[0] ?? '').trim().toLowerCase();
}

/** What the checks need of a file (a `File` has it). */
export interface FileFacts {
  name: string;
  size: number;
  type: string;
}

/** Other names some systems give accepted types (Windows calls a ZIP `application/x-zip-compressed`). */
const ALIASES: Readonly<Record<string, string>> = {
  'application/x-zip-compressed': 'application/zip',
  'application/x-zip': 'application/zip',
};

/**
 * The type to declare for a file: the browser's, as the API reads it, under its accepted name.
 * A `.csv` that Windows types as an Excel sheet (`application/vnd.ms-excel`) is text/csv. The API
 * checks the bytes against it when the message is sent.
 */
export function declaredType(file: FileFacts): string {
  const type = essence(file.type);
  if (type === 'application/vnd.ms-excel' && /\.csv$/i.test(file.name)) return 'text/csv';
  return ALIASES[type] ?? type;
}

/** Why this file cannot be attached, or null when it may be uploaded. */
export function fileProblem(file: FileFacts): string | null {
  if (file.size <= 0) return 'The file is empty.';
  if (file.size > MAX_FILE_BYTES) {
    const max = humanSize(MAX_FILE_BYTES);
    // Just over the limit rounds to it: then the bytes say why.
    const size = humanSize(file.size) === max ? `${file.size.toLocaleString('en')} bytes` : humanSize(file.size);
    return `The file is ${size}; at most ${max} are accepted.`;
  }
  const type = declaredType(file);
  if (!type) return 'Unknown type: the browser cannot tell what this file is, so it cannot be attached.';
  if (!ACCEPTED_TYPES.includes(type)) return `Files of type ${type} are not accepted.`;
  return null;
}

/** The message for files beyond {@link MAX_FILES}. */
export const TOO_MANY_FILES = `At most ${MAX_FILES} files go with one message.`;

export function isRaster(type: string): boolean {
  return (RASTER_TYPES as readonly string[]).includes(essence(type));
}

/** What a file is, for its icon. */
export type FileKind =
  | 'image'
  | 'pdf'
  | 'text'
  | 'table'
  | 'calendar'
  | 'email'
  | 'archive'
  | 'document'
  | 'spreadsheet'
  | 'presentation'
  | 'other';

export function fileKind(type: string): FileKind {
  const t = essence(type);
  if (t.startsWith('image/')) return 'image';
  if (t === 'application/pdf') return 'pdf';
  if (t === 'text/csv') return 'table';
  if (t === 'text/calendar') return 'calendar';
  if (t === 'message/rfc822') return 'email';
  if (t.startsWith('text/')) return 'text';
  if (t === 'application/zip') return 'archive';
  if (t === `${OOXML}.wordprocessingml.document` || t === `${ODF}.text`) return 'document';
  if (t === `${OOXML}.spreadsheetml.sheet` || t === `${ODF}.spreadsheet`) return 'spreadsheet';
  if (t === `${OOXML}.presentationml.presentation` || t === `${ODF}.presentation`) return 'presentation';
  return 'other';
}
