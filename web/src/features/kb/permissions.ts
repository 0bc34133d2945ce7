/**
 * Who may do what in the knowledge base (docs/knowledge-base.md, "Who may do what"). The API
 * enforces all of it again; these only decide which controls are shown.
 */
import type { Article, User } from '@/types/api';

/** Managers and admins publish, archive, restore, edit any article and keep the categories. */
export function managesKb(user: User | null | undefined): boolean {
  return user?.role === 'admin' || user?.role === 'manager';
}

/** Managers and admins any article; an agent only their own, while it was never published. */
export function mayEditArticle(user: User | null | undefined, article: Article): boolean {
  if (managesKb(user)) return true;
  return (
    user?.role === 'agent' &&
    article.author_id === user.id &&
    article.status === 'draft' &&
    article.published_version == null
  );
}
