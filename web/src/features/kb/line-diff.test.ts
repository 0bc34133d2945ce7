import { describe, expect, it } from 'vitest';
import { MAX_CELLS, diffStats, lineDiff, splitLines, type DiffLine } from '@/features/kb/line-diff';

const side = (diff: DiffLine[], keep: 'removed' | 'added') =>
  diff.filter((l) => l.op === 'same' || l.op === keep).map((l) => l.text);

/** The LCS length by the textbook recursion (memoised), to check the diff against. */
function lcsLength(a: string[], b: string[]): number {
  const memo = new Map<string, number>();
  const go = (i: number, j: number): number => {
    if (i === a.length || j === b.length) return 0;
    const key = `${i},${j}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const v = a[i] === b[j] ? 1 + go(i + 1, j + 1) : Math.max(go(i + 1, j), go(i, j + 1));
    memo.set(key, v);
    return v;
  };
  return go(0, 0);
}

/** A small deterministic pseudo-random generator (mulberry32), so failures repeat. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('splitLines', () => {
  it('splits on \\n and \\r\\n and ignores one trailing newline', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a')).toEqual(['a']);
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\r\nb')).toEqual(['a', 'b']);
    expect(splitLines('a\n\n')).toEqual(['a', '']);
  });
});

describe('lineDiff', () => {
  it('marks every line the same when nothing changed', () => {
    expect(lineDiff('one\ntwo', 'one\ntwo')).toEqual([
      { op: 'same', text: 'one' },
      { op: 'same', text: 'two' },
    ]);
    expect(lineDiff('', '')).toEqual([]);
  });

  it('finds a line added in the middle and one removed', () => {
    expect(lineDiff('a\nb\nc', 'a\nb\nnew\nc')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'same', text: 'b' },
      { op: 'added', text: 'new' },
      { op: 'same', text: 'c' },
    ]);
    expect(lineDiff('a\nb\nc', 'a\nc')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'removed', text: 'b' },
      { op: 'same', text: 'c' },
    ]);
  });

  it('shows a replaced line as removed, then added', () => {
    expect(lineDiff('Title\nold text\nend', 'Title\nnew text\nend')).toEqual([
      { op: 'same', text: 'Title' },
      { op: 'removed', text: 'old text' },
      { op: 'added', text: 'new text' },
      { op: 'same', text: 'end' },
    ]);
  });

  it('handles empty sides', () => {
    expect(lineDiff('', 'x\ny')).toEqual([
      { op: 'added', text: 'x' },
      { op: 'added', text: 'y' },
    ]);
    expect(lineDiff('x', '')).toEqual([{ op: 'removed', text: 'x' }]);
  });

  it('ignores line-ending style and a final newline', () => {
    expect(lineDiff('a\r\nb\r\n', 'a\nb')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'same', text: 'b' },
    ]);
  });

  it('keeps the longest common subsequence (the classic ABCABBA / CBABAC)', () => {
    const diff = lineDiff('A\nB\nC\nA\nB\nB\nA', 'C\nB\nA\nB\nA\nC');
    expect(diff.filter((l) => l.op === 'same')).toHaveLength(4);
    expect(diffStats(diff)).toEqual({ added: 2, removed: 3 });
    expect(side(diff, 'removed')).toEqual(['A', 'B', 'C', 'A', 'B', 'B', 'A']);
    expect(side(diff, 'added')).toEqual(['C', 'B', 'A', 'B', 'A', 'C']);
  });

  it('always rebuilds both sides and keeps a longest common subsequence (random inputs)', () => {
    const rand = random(14);
    for (let round = 0; round < 200; round++) {
      const lines = (n: number) => Array.from({ length: Math.floor(rand() * n) }, () => 'abcd'[Math.floor(rand() * 4)]!);
      const a = lines(12);
      const b = lines(12);
      const diff = lineDiff(a.join('\n'), b.join('\n'));
      expect(side(diff, 'removed')).toEqual(a);
      expect(side(diff, 'added')).toEqual(b);
      expect(diff.filter((l) => l.op === 'same')).toHaveLength(lcsLength(a, b));
    }
  });

  it('compares very long texts as blocks instead of building a huge table', () => {
    const n = Math.ceil(Math.sqrt(MAX_CELLS));
    const a = ['same head', ...Array.from({ length: n }, (_, i) => `old ${i}`), 'same tail'];
    const b = ['same head', ...Array.from({ length: n }, (_, i) => `new ${i}`), 'same tail'];
    const diff = lineDiff(a.join('\n'), b.join('\n'));
    expect(diff[0]).toEqual({ op: 'same', text: 'same head' });
    expect(diff.at(-1)).toEqual({ op: 'same', text: 'same tail' });
    expect(diffStats(diff)).toEqual({ added: n, removed: n });
    expect(diff[1]).toEqual({ op: 'removed', text: 'old 0' });
    expect(diff[n + 1]).toEqual({ op: 'added', text: 'new 0' });
  });
});
