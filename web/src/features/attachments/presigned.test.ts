import { describe, expect, it } from 'vitest';
import { uploadHeaders } from '@/features/attachments/presigned';

describe('uploadHeaders', () => {
  it('sends the signed headers but content-length, which the browser sets from the file', () => {
    const signed = { 'content-length': '70', 'content-type': 'image/png' };
    expect(uploadHeaders(signed)).toEqual({ 'content-type': 'image/png' });
    // The API's answer is left as it was.
    expect(signed).toEqual({ 'content-length': '70', 'content-type': 'image/png' });
  });

  it('leaves out every header a page may not set, in any case', () => {
    expect(
      uploadHeaders({
        'Content-Length': '70',
        Host: 'bucket.s3.amazonaws.com',
        'Transfer-Encoding': 'chunked',
        Connection: 'keep-alive',
        Origin: 'https://app.example.com',
        'Proxy-Authorization': 'x',
        'Sec-Fetch-Mode': 'cors',
        'Content-Type': 'application/pdf',
        'x-amz-server-side-encryption': 'AES256',
        'x-amz-checksum-crc32': 'AAAAAA==',
      }),
    ).toEqual({
      'Content-Type': 'application/pdf',
      'x-amz-server-side-encryption': 'AES256',
      'x-amz-checksum-crc32': 'AAAAAA==',
    });
  });

  it('answers nothing for nothing', () => {
    expect(uploadHeaders({})).toEqual({});
  });
});
