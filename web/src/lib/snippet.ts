/**
 * Search snippets. The API sends them as HTML of one shape only: HTML-escaped text with the
 * matches wrapped in `<mark>…</mark>`. They are never rendered as HTML: this splits one into
 * text and mark segments, and components/snippet renders those as React text and `<mark>`.
 * Anything else that looks like a tag stays text, shown as typed.
 */

export interface SnippetSegment {
  text: string;
  /** Inside `<mark>…</mark>`: a match. */
  mark: boolean;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
};

/** Undoes the API's escaping, in one pass: `&amp;lt;` is the text `&lt;`. Other entities stay as they are. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (entity) => ENTITIES[entity] ?? entity);
}

/**
 * The segments of a snippet, in order; adjacent ones of the same kind are joined and empty
 * ones left out. Only the exact tags `<mark>` and `</mark>` count; a `<mark>` inside a mark
 * or a `</mark>` outside one is dropped.
 */
export function parseSnippet(html: string): SnippetSegment[] {
  const segments: SnippetSegment[] = [];
  let mark = false;
  for (const part of html.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') {
      mark = true;
    } else if (part === '</mark>') {
      mark = false;
    } else if (part !== '') {
      const text = unescapeHtml(part);
      const last = segments.at(-1);
      if (last && last.mark === mark) last.text += text;
      else segments.push({ text, mark });
    }
  }
  return segments;
}

/** The snippet as plain text (for labels and titles). */
export function snippetText(html: string): string {
  return parseSnippet(html)
    .map((s) => s.text)
    .join('');
}
