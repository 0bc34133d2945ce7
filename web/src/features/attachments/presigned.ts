/**
 * The presigned S3 requests the API hands out (`upload` of `POST …/attachments`, `download` of
 * `GET /attachments/{id}`), as a browser can send them.
 */

/**
 * Headers a page may not set (the Fetch standard's forbidden request headers): the browser
 * sets them itself, and refuses (with a console error) or ignores a script that tries.
 * `content-length` is the one the API signs: the browser sends the file's own length, which
 * is the size the upload declared.
 */
const FORBIDDEN = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);

function forbidden(name: string): boolean {
  const n = name.toLowerCase();
  return FORBIDDEN.has(n) || n.startsWith('proxy-') || n.startsWith('sec-');
}

/** The headers to send with a presigned PUT: the signed ones, less those only the browser sets. */
export function uploadHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !forbidden(name)));
}
