import { describe, expect, it } from 'vitest';
import { humanSize } from '@/lib/format';

describe('humanSize', () => {
  it('reads bytes, then powers of 1024 with one decimal at most', () => {
    expect(humanSize(0)).toBe('0 B');
    expect(humanSize(1023)).toBe('1,023 B');
    expect(humanSize(1024)).toBe('1 KB');
    expect(humanSize(1536)).toBe('1.5 KB');
    expect(humanSize(10 * 1024 * 1024)).toBe('10 MB');
    expect(humanSize(25 * 1024 * 1024 - 1)).toBe('25 MB');
    expect(humanSize(3 * 1024 ** 4)).toBe('3,072 GB');
  });

  it('reads the attachment limits and small files plainly', () => {
    expect(humanSize(1)).toBe('1 B');
    expect(humanSize(70)).toBe('70 B');
    expect(humanSize(20 * 1024 * 1024)).toBe('20 MB');
    // One byte over still reads 20 MB (so the refusal gives the bytes).
    expect(humanSize(20 * 1024 * 1024 + 1)).toBe('20 MB');
  });
});
