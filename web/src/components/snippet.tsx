import { parseSnippet } from '@/lib/snippet';

/**
 * A search snippet from the API (escaped text, matches in `<mark>`), rendered as React text
 * and `<mark>` elements only: never as HTML, so nothing in it can become markup. Put it inside
 * the element that styles it (a `Text`).
 */
export function Snippet({ html }: { html: string }) {
  return (
    <>
      {parseSnippet(html).map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : s.text))}
    </>
  );
}
