/** The category tree: top-level categories, each with its sections (one level only). */
import type { Category } from '@/types/api';

export interface CategoryNode {
  category: Category;
  sections: Category[];
}

function byPosition(a: Category, b: Category): number {
  return (a.position ?? 0) - (b.position ?? 0) || a.name.localeCompare(b.name);
}

/**
 * Top-level categories with their sections, each level by position, then name. A section whose
 * parent is not in the list is shown at the top level rather than lost.
 */
export function categoryTree(categories: readonly Category[]): CategoryNode[] {
  const ids = new Set(categories.map((c) => c.id));
  const tops = categories.filter((c) => !c.parent_id || !ids.has(c.parent_id)).sort(byPosition);
  return tops.map((category) => ({
    category,
    sections: categories.filter((c) => c.parent_id === category.id).sort(byPosition),
  }));
}

/** "Billing › Invoices" for a section, "Billing" for a category; the id when it is unknown. */
export function categoryLabel(categories: readonly Category[] | undefined, id: string | null | undefined): string | null {
  if (!id) return null;
  const c = categories?.find((x) => x.id === id);
  if (!c) return id;
  const parent = c.parent_id ? categories?.find((x) => x.id === c.parent_id) : undefined;
  return parent ? `${parent.name} › ${c.name}` : c.name;
}

/** Options for a category picker: each category followed by its sections. */
export function categoryOptions(categories: readonly Category[] | undefined): { value: string; label: string }[] {
  return categoryTree(categories ?? []).flatMap(({ category, sections }) => [
    { value: category.id, label: category.name },
    ...sections.map((s) => ({ value: s.id, label: `${category.name} › ${s.name}` })),
  ]);
}
