/**
 * `cid:` images (issue #15): a mail's HTML shows the parts sent for display in it, such as a
 * signature's logo or a pasted screenshot, as `<img src="cid:…">`, naming the part by its
 * `Content-ID` (RFC 2392). The API keeps a part's Content-ID without its angle brackets on the
 * message's file (`FileRef.content_id`). These functions match the two and put images into the
 * HTML; they only parse it (in an inert `<template>`, which loads and runs nothing) and never
 * put it in the page.
 */
import type { FileRef } from '@/types/api';

/**
 * The key a Content-ID is compared by: trimmed, without the optional `<>`, in lower case (a
 * mail client may write either case, and some write the brackets into the URL too).
 */
export function contentIdKey(contentId: string): string {
  let id = contentId.trim();
  if (id.startsWith('<') && id.endsWith('>')) id = id.slice(1, -1).trim();
  return id.toLowerCase();
}

/**
 * The Content-ID key a `cid:` URL names (the scheme in any case, the id percent-decoded as RFC
 * 2392 writes it), or null for any other URL and for `cid:` alone.
 */
export function cidOf(src: string): string | null {
  const url = src.trim();
  if (!/^cid:/i.test(url)) return null;
  let id = url.slice(4);
  try {
    id = decodeURIComponent(id);
  } catch {
    // A lone `%` is no escape: the id as written.
  }
  const key = contentIdKey(id);
  return key === '' ? null : key;
}

/** The HTML parsed inert: a template's content is a document without a window. */
function parse(html: string): HTMLTemplateElement {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template;
}

/** The `<img>` elements of `root` that show a `cid:` URL, with the key each names. */
function cidImages(root: HTMLTemplateElement): { img: Element; key: string }[] {
  const out: { img: Element; key: string }[] = [];
  for (const img of root.content.querySelectorAll('img[src]')) {
    const key = cidOf(img.getAttribute('src') ?? '');
    if (key) out.push({ img, key });
  }
  return out;
}

/** The Content-ID keys the HTML's images name with `cid:`. */
export function referencedCids(html: string): Set<string> {
  return new Set(cidImages(parse(html)).map((i) => i.key));
}

/**
 * The files of a message that its HTML shows as `cid:` images, by Content-ID key (the first
 * file with an id, should two share one). Files without a Content-ID, and Content-IDs the HTML
 * does not name, are left out.
 */
export function cidFiles(html: string, files: readonly FileRef[]): Map<string, FileRef> {
  const named = referencedCids(html);
  const out = new Map<string, FileRef>();
  for (const f of files) {
    if (!f.content_id) continue;
    const key = contentIdKey(f.content_id);
    if (named.has(key) && !out.has(key)) out.set(key, f);
  }
  return out;
}

/**
 * A message's files in two: those the sender attached, and the parts sent for display in the
 * HTML (`inline`) that the HTML shows by `cid:`. Without HTML (a text-only mail, or HTML too
 * large to be on the message), every file is an attached one.
 */
export function splitInlineParts(
  files: readonly FileRef[],
  html: string | null | undefined,
): { attached: FileRef[]; inMessage: FileRef[] } {
  const shown = html ? new Set(cidFiles(html, files.filter((f) => f.inline)).values()) : new Set<FileRef>();
  return {
    attached: files.filter((f) => !shown.has(f)),
    inMessage: files.filter((f) => shown.has(f)),
  };
}

/**
 * The HTML with each `cid:` image whose key `images` has showing that URL instead (a `data:`
 * URL, so that a document that may fetch nothing shows it). Images without one stay as they are
 * (a broken image). With nothing to replace, the HTML comes back untouched, else re-serialised.
 */
export function withInlineImages(html: string, images: ReadonlyMap<string, string>): string {
  if (images.size === 0) return html;
  const root = parse(html);
  let replaced = false;
  for (const { img, key } of cidImages(root)) {
    const url = images.get(key);
    if (url === undefined) continue;
    img.setAttribute('src', url);
    replaced = true;
  }
  return replaced ? root.innerHTML : html;
}
