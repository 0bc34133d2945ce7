import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { server } from '@/testing/mocks/server';
import { FILES_ORIGIN } from '@/testing/mocks/uploads';
import { UploadFailed, base64, fetchDataUrl, putFile } from '@/features/attachments/api/attachments';

const presigned = {
  url: `${FILES_ORIGIN}/pending/01HTEST?X-Amz-Signature=abc`,
  method: 'PUT',
  headers: { 'content-type': 'image/png', 'content-length': '4' },
};

describe('putFile', () => {
  it('PUTs the file with the signed type, without the token', async () => {
    let seen: { method: string; type: string | null; auth: string | null } | undefined;
    server.use(
      http.put(`${FILES_ORIGIN}/pending/:id`, async ({ request }) => {
        seen = {
          method: request.method,
          type: request.headers.get('content-type'),
          auth: request.headers.get('authorization'),
        };
        return new HttpResponse(null, { status: 200 });
      }),
    );
    // (Not the bytes: MSW's stand-in for XMLHttpRequest reads jsdom's Blob as "[object Blob]";
    // e2e/attachments.spec.ts downloads what a real browser uploaded.)
    await putFile(presigned, new Blob([new Uint8Array(4)], { type: 'image/png' }));
    expect(seen).toEqual({ method: 'PUT', type: 'image/png', auth: null });
  });

  it('fails with the status the storage answered', async () => {
    server.use(http.put(`${FILES_ORIGIN}/pending/:id`, () => new HttpResponse('<Error>SignatureDoesNotMatch</Error>', { status: 403 })));
    const e = await putFile(presigned, new Blob(['abcd'])).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UploadFailed);
    expect((e as UploadFailed).status).toBe(403);
  });

  it('fails when the storage cannot be reached', async () => {
    server.use(http.put(`${FILES_ORIGIN}/pending/:id`, () => HttpResponse.error()));
    const e = await putFile(presigned, new Blob(['abcd'])).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UploadFailed);
    expect((e as UploadFailed).status).toBe(0);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(putFile(presigned, new Blob(['abcd']), { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('fetchDataUrl', () => {
  it("reads a presigned GET's bytes into a data: URL of the checked type, without the token", async () => {
    let auth: string | null = 'unset';
    server.use(
      http.get(`${FILES_ORIGIN}/files/:id`, ({ request }) => {
        auth = request.headers.get('authorization');
        return new HttpResponse(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { headers: { 'content-type': 'binary/octet-stream' } });
      }),
    );
    expect(await fetchDataUrl(`${FILES_ORIGIN}/files/f-1?X-Amz-Signature=abc`, 'image/png')).toBe('data:image/png;base64,iVBORw==');
    expect(auth).toBeNull();
  });

  it('fails when the storage refuses (an expired link)', async () => {
    server.use(http.get(`${FILES_ORIGIN}/files/:id`, () => new HttpResponse('<Error>AccessDenied</Error>', { status: 403 })));
    await expect(fetchDataUrl(`${FILES_ORIGIN}/files/f-1`, 'image/png')).rejects.toThrow('The file storage answered 403.');
  });
});

describe('base64', () => {
  it('encodes any bytes, larger than one chunk too', () => {
    expect(base64(new Uint8Array())).toBe('');
    expect(base64(new TextEncoder().encode('Man'))).toBe('TWFu');
    const big = new Uint8Array(0x8000 * 2 + 5).map((_, i) => i % 256);
    expect(atob(base64(big))).toBe(String.fromCharCode(...big));
  });
});
