import { describe, expect, it } from 'vitest';
import { cidFiles, cidOf, contentIdKey, referencedCids, splitInlineParts, withInlineImages } from '@/features/attachments/cid';
import type { FileRef } from '@/types/api';

const file = (id: string, partial: Partial<FileRef> = {}): FileRef => ({
  id,
  name: `${id}.png`,
  content_type: 'image/png',
  size: 70,
  ...partial,
});

/** The signature of tests/mail/corpus/nested-inline-image.eml as the API sanitises it. */
const SIGNATURE =
  '<div>The attached invoice does not open.</div>' +
  '<div id="Signature"><img style="width:1px;height:1px" src="cid:logo@customer.test"></div>';
const PNG = 'data:image/png;base64,iVBORw0KGgo=';

describe('contentIdKey and cidOf', () => {
  it('compare Content-IDs without their angle brackets and case', () => {
    expect(contentIdKey('logo@customer.test')).toBe('logo@customer.test');
    expect(contentIdKey('<Logo@Customer.TEST>')).toBe('logo@customer.test');
    expect(contentIdKey('  <ii_abc123> ')).toBe('ii_abc123');
    // Only a pair of brackets is stripped.
    expect(contentIdKey('<half@x')).toBe('<half@x');
  });

  it('read the id of a cid: URL, in any case, percent-decoded, brackets and all', () => {
    expect(cidOf('cid:logo@customer.test')).toBe('logo@customer.test');
    expect(cidOf('CID:Logo@Customer.test')).toBe('logo@customer.test');
    expect(cidOf(' cid:image001.png@01DA1234.56789ABC ')).toBe('image001.png@01da1234.56789abc');
    expect(cidOf('cid:part%201@x.test')).toBe('part 1@x.test');
    expect(cidOf('cid:%3Clogo@x.test%3E')).toBe('logo@x.test');
    expect(cidOf('cid:<logo@x.test>')).toBe('logo@x.test');
    // A lone % is not an escape.
    expect(cidOf('cid:100%@x.test')).toBe('100%@x.test');
  });

  it('are null for other URLs and an empty id', () => {
    expect(cidOf('https://evil.test/logo.png')).toBeNull();
    expect(cidOf('data:image/png;base64,AAAA')).toBeNull();
    expect(cidOf('logo@customer.test')).toBeNull();
    expect(cidOf('cid:')).toBeNull();
    expect(cidOf('cid:<>')).toBeNull();
  });
});

describe('referencedCids and cidFiles', () => {
  it("find the images' Content-IDs, not those of links or other attributes", () => {
    const html =
      SIGNATURE +
      '<a href="cid:not-an-image@x">x</a><p title="cid:nope@x">t</p><img src="https://x.test/y.png"><img alt="no src">' +
      '<img src="CID:Second@X.test">';
    expect([...referencedCids(html)]).toEqual(['logo@customer.test', 'second@x.test']);
  });

  it("match the message's files by Content-ID, in any case and with or without brackets", () => {
    const logo = file('f-logo', { content_id: '<LOGO@customer.test>', inline: true });
    const second = file('f-2', { content_id: 'second@x.test' });
    const unnamed = file('f-3', { content_id: 'elsewhere@x.test', inline: true });
    const plain = file('f-4');
    const html = `${SIGNATURE}<img src="cid:Second@X.test">`;
    const found = cidFiles(html, [logo, second, unnamed, plain]);
    expect([...found.entries()]).toEqual([
      ['logo@customer.test', logo],
      ['second@x.test', second],
    ]);
  });

  it('take the first of two files with one Content-ID', () => {
    const a = file('f-a', { content_id: 'logo@customer.test' });
    const b = file('f-b', { content_id: 'logo@customer.test' });
    expect([...cidFiles(SIGNATURE, [a, b]).values()]).toEqual([a]);
  });
});

describe('splitInlineParts', () => {
  const logo = file('f-logo', { content_id: 'logo@customer.test', inline: true });
  const pdf = file('f-pdf', { name: 'invoice 2026.pdf', content_type: 'application/pdf', size: 148 });

  it("puts the inline parts the HTML shows after the sender's files", () => {
    expect(splitInlineParts([logo, pdf], SIGNATURE)).toEqual({ attached: [pdf], inMessage: [logo] });
  });

  it('keeps as attached files: parts not sent inline, inline parts the HTML does not show, any file without HTML', () => {
    const named = file('f-named', { content_id: 'logo@customer.test' });
    expect(splitInlineParts([named, pdf], SIGNATURE)).toEqual({ attached: [named, pdf], inMessage: [] });
    const orphan = file('f-orphan', { content_id: 'gone@x.test', inline: true });
    expect(splitInlineParts([orphan], SIGNATURE)).toEqual({ attached: [orphan], inMessage: [] });
    expect(splitInlineParts([logo, pdf], null)).toEqual({ attached: [logo, pdf], inMessage: [] });
    expect(splitInlineParts([logo, pdf], undefined)).toEqual({ attached: [logo, pdf], inMessage: [] });
  });
});

describe('withInlineImages', () => {
  it('puts each data: URL in place of its cid: image, keeping the other attributes', () => {
    const out = withInlineImages(SIGNATURE, new Map([['logo@customer.test', PNG]]));
    expect(out).toBe(
      '<div>The attached invoice does not open.</div>' +
        `<div id="Signature"><img style="width:1px;height:1px" src="${PNG}"></div>`,
    );
  });

  it('matches the images by key, in any case, every image of the same part', () => {
    const html = '<p><img src="CID:Logo@Customer.Test" alt="a"> and <img src="cid:%3Clogo@customer.test%3E" alt="b"></p>';
    const out = withInlineImages(html, new Map([['logo@customer.test', PNG]]));
    expect(out).toBe(`<p><img src="${PNG}" alt="a"> and <img src="${PNG}" alt="b"></p>`);
  });

  it('leaves images without a data: URL as they are, and the HTML untouched when nothing matches', () => {
    const html = `${SIGNATURE}<img src="cid:missing@x.test"><img src="https://x.test/y.png">`;
    const out = withInlineImages(html, new Map([['logo@customer.test', PNG]]));
    expect(out).toContain(`src="${PNG}"`);
    expect(out).toContain('src="cid:missing@x.test"');
    expect(out).toContain('src="https://x.test/y.png"');
    const untouched = '<p>a &amp; b<br>c</p><img src="cid:missing@x.test">';
    expect(withInlineImages(untouched, new Map([['logo@customer.test', PNG]]))).toBe(untouched);
    expect(withInlineImages(untouched, new Map())).toBe(untouched);
  });

  it('never runs what it parses, and writes a URL only as an attribute value', () => {
    const html = '<img src="cid:logo@customer.test" onerror="window.parent.cidPwned = true"><script>window.cidPwned = true</script>';
    const odd = 'data:image/png;base64,"><script>x</script>';
    const out = withInlineImages(html, new Map([['logo@customer.test', odd]]));
    const parsed = document.createElement('template');
    parsed.innerHTML = out;
    // Still the one image (its URL as written) and the one script of the mail, never another element.
    expect(parsed.content.querySelectorAll('img')).toHaveLength(1);
    expect(parsed.content.querySelector('img')!.getAttribute('src')).toBe(odd);
    expect(parsed.content.querySelectorAll('script')).toHaveLength(1);
    expect((window as { cidPwned?: boolean }).cidPwned).toBeUndefined();
    expect(document.querySelectorAll('script')).toHaveLength(0);
  });
});
