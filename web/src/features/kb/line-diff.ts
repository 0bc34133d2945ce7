/**
 * A line diff by longest common subsequence: what turns `before` into `after`, line by line.
 * Small and exact (O(n·m) time and memory), which suits article bodies; very long inputs are
 * compared as two blocks instead (see {@link MAX_CELLS}).
 */

export type DiffOp = 'same' | 'added' | 'removed';

export interface DiffLine {
  op: DiffOp;
  text: string;
}

/** Above this many table cells (lines before × lines after) the diff is "all removed, all added". */
export const MAX_CELLS = 4_000_000;

/** Splits text into lines; `\r\n` and `\n` both end a line; one trailing newline adds no empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The lines of `before` and `after` in order, each marked `same`, `removed` (only in `before`)
 * or `added` (only in `after`). Where lines were replaced, the removed ones come first.
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);

  // The common head and tail need no table.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head: DiffLine[] = a.slice(0, start).map((text) => ({ op: 'same', text }));
  const tail: DiffLine[] = a.slice(endA).map((text) => ({ op: 'same', text }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;

  if ((n + 1) * (m + 1) > MAX_CELLS) {
    return [
      ...head,
      ...midA.map((text): DiffLine => ({ op: 'removed', text })),
      ...midB.map((text): DiffLine => ({ op: 'added', text })),
      ...tail,
    ];
  }

  // lcs[i * (m + 1) + j]: the length of the longest common subsequence of midA[i..] and midB[j..].
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        midA[i] === midB[j]
          ? lcs[(i + 1) * width + j + 1]! + 1
          : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }

  const middle: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (midA[i] === midB[j]) {
      middle.push({ op: 'same', text: midA[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
      middle.push({ op: 'removed', text: midA[i]! });
      i++;
    } else {
      middle.push({ op: 'added', text: midB[j]! });
      j++;
    }
  }
  while (i < n) middle.push({ op: 'removed', text: midA[i++]! });
  while (j < m) middle.push({ op: 'added', text: midB[j++]! });

  return [...head, ...middle, ...tail];
}

/** How many lines were added and removed. */
export function diffStats(diff: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diff) {
    if (line.op === 'added') added++;
    else if (line.op === 'removed') removed++;
  }
  return { added, removed };
}
