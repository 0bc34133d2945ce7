import { useEffect, useState, type RefObject } from 'react';

/**
 * Whether the element has come near the viewport (and stays true after): for work worth doing
 * only for what the user can see. Without IntersectionObserver (jsdom), at once.
 */
export function useInView(ref: RefObject<Element | null>, rootMargin = '200px'): boolean {
  const supported = typeof IntersectionObserver !== 'undefined';
  const [seen, setSeen] = useState(!supported);
  useEffect(() => {
    const el = ref.current;
    if (seen || !supported || !el) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setSeen(true);
      },
      { rootMargin },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, rootMargin, seen, supported]);
  return seen;
}
