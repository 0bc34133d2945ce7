/**
 * Single-key keyboard shortcuts (`r`, `n`, `j`, `k`, `?`). They are ignored while the
 * user types in a field or holds Ctrl/Alt/Meta, so they never steal text input.
 */
import { useEffect, useRef } from 'react';

/** A handler that returns `false` leaves the key alone (not handled, its default kept). */
export type ShortcutMap = Record<string, (event: KeyboardEvent) => unknown>;

/** Inputs that take no text: a key pressed on them is no typing (a ticked row checkbox, say). */
const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  if (tag === 'INPUT') return !NOT_TEXT.has((target as HTMLInputElement).type);
  return tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

export function useShortcuts(map: ShortcutMap, enabled = true): void {
  const ref = useRef(map);
  useEffect(() => {
    ref.current = map;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (isTyping(event.target)) return;
      const handler = ref.current[event.key];
      if (handler && handler(event) !== false) event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}
