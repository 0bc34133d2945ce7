import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api';
import { UploadFailed } from '@/features/attachments/api/attachments';
import { allRefusalsShown, reasonOf, refusedFiles, type UploadItem } from '@/features/attachments/hooks/use-uploads';

const item = (key: string, name: string, id?: string): UploadItem => ({
  key,
  file: new File(['x'], name, { type: 'image/png' }),
  status: 'done',
  progress: 1,
  id,
});

const unprocessable = (...messages: [field: string, message: string][]) =>
  new ApiError({
    type: 'about:blank#unprocessable',
    title: 'Unprocessable content',
    status: 422,
    detail: 'the request is well formed but breaks a rule',
    errors: messages.map(([field, message]) => ({ field, message })),
  });

describe('refusedFiles', () => {
  const items = [item('a', 'fake.png', '01HFAKE'), item('b', 'real.png', '01HREAL'), item('c', 'local.png')];

  it("finds the file a 422 names by its id, and says why in the file's own name", () => {
    const e = unprocessable(['attachment_ids', 'fake.png (01HFAKE): the file was declared as image/png but its content is text']);
    expect(refusedFiles(e, items)).toEqual(new Map([['a', 'fake.png: the file was declared as image/png but its content is text']]));
    expect(allRefusalsShown(e, items)).toBe(true);
  });

  it('names a file the message gives by id only', () => {
    const e = unprocessable(['attachment_ids', '01HREAL is already on a message']);
    expect(refusedFiles(e, items).get('b')).toBe('real.png is already on a message');
  });

  it('leaves the alert to say what names no listed file', () => {
    const e = unprocessable(['attachment_ids', 'at most 10 files go with one message']);
    expect(refusedFiles(e, items).size).toBe(0);
    expect(allRefusalsShown(e, items)).toBe(false);
    expect(allRefusalsShown(unprocessable(['body', 'must not be empty']), items)).toBe(false);
  });

  it('ignores other errors', () => {
    expect(refusedFiles(new Error('boom'), items).size).toBe(0);
    const conflict = new ApiError({ type: 'about:blank', title: 'Conflict', status: 409, errors: [{ field: 'attachment_ids', message: '01HFAKE' }] });
    expect(refusedFiles(conflict, items).size).toBe(0);
  });
});

describe('reasonOf', () => {
  it("gives the API's first field message, else its detail or title, else the error's message", () => {
    expect(reasonOf(unprocessable(['size', 'the file is empty']))).toBe('the file is empty');
    expect(reasonOf(new ApiError({ type: 'about:blank', title: 'Not found', status: 404, detail: 'no such ticket' }))).toBe('no such ticket');
    expect(reasonOf(new ApiError({ type: 'about:blank', title: 'Network error', status: 0 }))).toBe('Network error');
    expect(reasonOf(new UploadFailed(0))).toBe('The upload failed: the file storage could not be reached.');
    expect(reasonOf(new UploadFailed(403))).toBe('The upload failed (the file storage answered 403).');
  });
});
