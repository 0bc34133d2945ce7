import { describe, expect, it, vi } from 'vitest';
import { VISITOR_KEY, VISITOR_PATTERN, newVisitorId, visitorId } from '@/features/help/visitor-session';

describe('the help center visitor id', () => {
  it('is 16-64 of [A-Za-z0-9_-], random each time it is made', () => {
    const ids = Array.from({ length: 50 }, newVisitorId);
    for (const id of ids) expect(id).toMatch(VISITOR_PATTERN);
    expect(new Set(ids).size).toBe(50);
  });

  it('is made once and then kept in localStorage', () => {
    const first = visitorId();
    expect(localStorage.getItem(VISITOR_KEY)).toBe(first);
    expect(visitorId()).toBe(first);
  });

  it('replaces a stored value the API would refuse', () => {
    localStorage.setItem(VISITOR_KEY, 'short!');
    const id = visitorId();
    expect(id).not.toBe('short!');
    expect(id).toMatch(VISITOR_PATTERN);
    expect(localStorage.getItem(VISITOR_KEY)).toBe(id);
  });

  it('still gives one id for the page when storage is blocked', () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    const id = visitorId();
    expect(id).toMatch(VISITOR_PATTERN);
    expect(visitorId()).toBe(id);
  });
});
