import { describe, expect, it } from 'vitest';
import {
  ACCEPTED_TYPES,
  MAX_FILE_BYTES,
  MAX_FILES,
  TOO_MANY_FILES,
  declaredType,
  essence,
  fileKind,
  fileProblem,
  isRaster,
} from '@/features/attachments/limits';

const file = (size: number, type: string, name = 'f') => ({ name, size, type });

describe('fileProblem', () => {
  it('takes files of 1 byte to 20 MB of an accepted type', () => {
    expect(MAX_FILE_BYTES).toBe(20 * 1024 * 1024);
    expect(fileProblem(file(1, 'image/png'))).toBeNull();
    expect(fileProblem(file(MAX_FILE_BYTES, 'application/pdf'))).toBeNull();
  });

  it('refuses an empty file and one byte over the limit, saying the sizes', () => {
    expect(fileProblem(file(0, 'text/plain'))).toBe('The file is empty.');
    expect(fileProblem(file(MAX_FILE_BYTES + 1, 'text/plain'))).toBe(
      'The file is 20,971,521 bytes; at most 20 MB are accepted.',
    );
    expect(fileProblem(file(25 * 1024 * 1024, 'image/png'))).toBe('The file is 25 MB; at most 20 MB are accepted.');
  });

  it('refuses a file whose type the browser does not know', () => {
    expect(fileProblem(file(10, ''))).toMatch(/^Unknown type/);
    expect(fileProblem(file(10, '  '))).toMatch(/^Unknown type/);
  });

  it('refuses types outside the list, programs and markup included', () => {
    expect(fileProblem(file(10, 'application/x-msdownload'))).toBe('Files of type application/x-msdownload are not accepted.');
    expect(fileProblem(file(10, 'image/svg+xml'))).toBe('Files of type image/svg+xml are not accepted.');
    expect(fileProblem(file(10, 'text/html'))).toBe('Files of type text/html are not accepted.');
    expect(fileProblem(file(10, 'application/msword'))).not.toBeNull();
  });

  it('reads the type as the API does: lower case, without parameters', () => {
    expect(essence(' Text/Plain; charset=utf-8')).toBe('text/plain');
    expect(fileProblem(file(10, 'TEXT/CSV;charset=utf-8'))).toBeNull();
  });

  it('declares the accepted name of a type some systems name otherwise', () => {
    expect(declaredType(file(10, 'application/x-zip-compressed', 'logs.zip'))).toBe('application/zip');
    expect(fileProblem(file(10, 'application/x-zip-compressed', 'logs.zip'))).toBeNull();
    expect(declaredType(file(10, 'application/vnd.ms-excel', 'export.CSV'))).toBe('text/csv');
    // A real old Excel sheet stays what it is, and is not accepted.
    expect(declaredType(file(10, 'application/vnd.ms-excel', 'budget.xls'))).toBe('application/vnd.ms-excel');
    expect(fileProblem(file(10, 'application/vnd.ms-excel', 'budget.xls'))).not.toBeNull();
    expect(declaredType(file(10, 'Image/PNG', 'a.png'))).toBe('image/png');
  });

  it("accepts the API's sixteen default types", () => {
    expect(ACCEPTED_TYPES).toHaveLength(16);
    for (const t of [
      'image/webp',
      'text/calendar',
      'message/rfc822',
      'application/zip',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'application/vnd.oasis.opendocument.text',
      'application/vnd.oasis.opendocument.spreadsheet',
      'application/vnd.oasis.opendocument.presentation',
    ]) {
      expect(fileProblem(file(10, t)), t).toBeNull();
    }
  });

  it('names the count limit', () => {
    expect(MAX_FILES).toBe(10);
    expect(TOO_MANY_FILES).toBe('At most 10 files go with one message.');
  });
});

describe('isRaster and fileKind', () => {
  it('shows only PNG, JPEG, GIF and WebP inline', () => {
    expect(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'IMAGE/PNG'].every(isRaster)).toBe(true);
    expect(['image/svg+xml', 'application/pdf', 'text/html', ''].some(isRaster)).toBe(false);
  });

  it('tells the kinds apart for their icons', () => {
    expect(fileKind('image/gif')).toBe('image');
    expect(fileKind('application/pdf')).toBe('pdf');
    expect(fileKind('text/plain')).toBe('text');
    expect(fileKind('text/csv')).toBe('table');
    expect(fileKind('text/calendar')).toBe('calendar');
    expect(fileKind('message/rfc822')).toBe('email');
    expect(fileKind('application/zip')).toBe('archive');
    expect(fileKind('application/vnd.oasis.opendocument.text')).toBe('document');
    expect(fileKind('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('spreadsheet');
    expect(fileKind('application/vnd.oasis.opendocument.presentation')).toBe('presentation');
    expect(fileKind('application/octet-stream')).toBe('other');
  });
});
