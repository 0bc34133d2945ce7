import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { Snippet } from '@/components/snippet';
import { parseSnippet, snippetText, unescapeHtml } from '@/lib/snippet';

/** Renders a snippet into a fresh root and returns that root. */
function rendered(html: string): HTMLElement {
  const { getByTestId } = render(
    <p data-testid="root">
      <Snippet html={html} />
    </p>,
  );
  return getByTestId('root');
}

/** Every element the snippet made, and every node kind. */
function shape(root: HTMLElement) {
  const elements = [...root.querySelectorAll('*')];
  const nodes: string[] = [];
  const walk = (n: Node) => {
    for (const c of n.childNodes) {
      nodes.push(c.nodeType === Node.TEXT_NODE ? '#text' : c.nodeName);
      walk(c);
    }
  };
  walk(root);
  return { tags: elements.map((e) => e.tagName), attributes: elements.flatMap((e) => e.getAttributeNames()), nodes };
}

describe('search snippets', () => {
  it('renders the matches as <mark> and the rest as text', () => {
    const root = rendered('If you forgot your <mark>password</mark>: open the <mark>sign</mark>-in page');
    expect(root).toHaveTextContent('If you forgot your password: open the sign-in page');
    expect([...root.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['password', 'sign']);
    expect(shape(root)).toEqual({
      tags: ['MARK', 'MARK'],
      attributes: [],
      nodes: ['#text', 'MARK', '#text', '#text', 'MARK', '#text', '#text'],
    });
  });

  it('shows escaped markup as the text it stands for, never as elements', () => {
    const root = rendered(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; Tom &amp; Jerry&#39;s <mark>&lt;b&gt;bold&lt;/b&gt;</mark>',
    );
    expect(root.textContent).toBe('<script>alert("x")</script> <img src=x onerror=alert(1)> Tom & Jerry\'s <b>bold</b>');
    expect(shape(root).tags).toEqual(['MARK']);
    expect(shape(root).attributes).toEqual([]);
    expect(root.querySelector('script, img, b')).toBeNull();
    expect(root.querySelector('mark')).toHaveTextContent('<b>bold</b>');
  });

  it('keeps raw tags other than <mark> as visible text', () => {
    const html =
      'a <script>alert(1)</script> b <img src=x onerror="alert(1)"> <mark onclick="alert(1)">c</mark> <MARK>d</MARK> <a href="javascript:alert(1)">e</a> <mark>f</mark>';
    const root = rendered(html);
    const { tags, attributes } = shape(root);
    expect(tags).toEqual(['MARK']);
    expect(attributes).toEqual([]);
    expect(root.querySelector('mark')).toHaveTextContent(/^f$/);
    expect(root.textContent).toBe(
      'a <script>alert(1)</script> b <img src=x onerror="alert(1)"> <mark onclick="alert(1)">c <MARK>d</MARK> <a href="javascript:alert(1)">e</a> f',
    );
    expect(document.querySelector('script, img, a[href^="javascript"]')).toBeNull();
  });

  it('unescapes once, in one pass, and leaves other entities alone', () => {
    expect(unescapeHtml('&amp;lt;mark&amp;gt;')).toBe('&lt;mark&gt;');
    expect(unescapeHtml('&lt;&gt;&quot;&#39;&#x27;&amp;')).toBe('<>"\'\'&');
    expect(unescapeHtml('&nbsp;&copy;&#60;')).toBe('&nbsp;&copy;&#60;');
    // An escaped <mark> is text, not a match.
    expect(parseSnippet('&lt;mark&gt;x&lt;/mark&gt;')).toEqual([{ text: '<mark>x</mark>', mark: false }]);
  });

  it('copes with unbalanced and nested marks', () => {
    expect(parseSnippet('<mark>a<mark>b</mark>c</mark>d')).toEqual([
      { text: 'ab', mark: true },
      { text: 'cd', mark: false },
    ]);
    expect(parseSnippet('a</mark>b<mark>c')).toEqual([
      { text: 'ab', mark: false },
      { text: 'c', mark: true },
    ]);
    expect(parseSnippet('')).toEqual([]);
    expect(snippetText('x <mark>y</mark> &amp; z')).toBe('x y & z');
  });
});
