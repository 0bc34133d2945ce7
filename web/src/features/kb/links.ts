/** Where customers and visitors read an article: the org's public help center. */

/** `/help/<org>/articles/<slug>` (org: its id or slug). */
export function helpArticlePath(org: string, slug: string): string {
  return `/help/${encodeURIComponent(org)}/articles/${encodeURIComponent(slug)}`;
}

/** The text a reply gets for an article: `<title>: <portal origin>/help/<org id>/articles/<slug>`. */
export function articleLinkText(
  article: { title: string; slug: string },
  orgId: string,
  origin: string = window.location.origin,
): string {
  return `${article.title}: ${origin}${helpArticlePath(orgId, article.slug)}`;
}
