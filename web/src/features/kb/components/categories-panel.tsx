import { useState } from 'react';
import { Alert, Button, Group, Loader, Modal, NumberInput, Paper, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { ErrorAlert } from '@/components/error-alert';
import { isApiError } from '@/lib/api';
import { useSession } from '@/lib/session';
import { managesKb } from '@/features/kb/permissions';
import { categoryTree } from '@/features/kb/categories';
import { useCategories, useCreateCategory, useUpdateCategory } from '@/features/kb/hooks/use-kb';
import type { Category, CategoryPatch, NewCategory } from '@/types/api';

export const STALE_CATEGORY = 'Someone else changed this category; reloaded. Open it again to edit it.';

const FIELDS = ['name', 'description', 'parent_id', 'position'];

/** The categories and their sections; managers and admins create, rename and reorder them. */
export function CategoriesPanel() {
  const session = useSession();
  const manager = managesKb(session?.user);
  const categories = useCategories();
  const [editing, setEditing] = useState<Category | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const tree = categoryTree(categories.data ?? []);
  const edit = (c: Category) => {
    setSaved(null);
    setEditing(c);
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="categories-heading">
      <Title order={2} size="h4" id="categories-heading">
        Categories
      </Title>
      {saved && (
        <Text size="sm" c="green" role="status">
          {saved}
        </Text>
      )}
      {categories.isPending && <Loader aria-label="Loading categories" />}
      {categories.isError && <ErrorAlert error={categories.error} title="Could not load categories" />}
      {categories.data && tree.length === 0 && <Text c="dimmed">No categories yet.</Text>}
      {tree.length > 0 && (
        <ul aria-label="Categories" style={{ margin: 0, paddingLeft: 18 }}>
          {tree.map(({ category, sections }) => (
            <li key={category.id}>
              <CategoryLine category={category} onEdit={manager ? edit : undefined} />
              {sections.length > 0 && (
                <ul aria-label={`Sections of ${category.name}`} style={{ margin: 0, paddingLeft: 18 }}>
                  {sections.map((s) => (
                    <li key={s.id}>
                      <CategoryLine category={s} onEdit={manager ? edit : undefined} />
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {manager ? (
        <>
          <NewCategoryForm categories={categories.data ?? []} />
          <EditCategoryDialog
            category={editing}
            categories={categories.data ?? []}
            onClose={() => setEditing(null)}
            onSaved={(c) => {
              setEditing(null);
              setSaved(`${c.name} saved.`);
            }}
          />
        </>
      ) : (
        <Text size="sm" c="dimmed">
          Managers and admins keep the categories.
        </Text>
      )}
    </Stack>
  );
}

function CategoryLine({ category, onEdit }: { category: Category; onEdit?: (c: Category) => void }) {
  return (
    <>
      <Text span fw={600} size="sm">
        {category.name}
      </Text>
      {category.description && (
        <Text span size="xs" c="dimmed">
          {' '}
          — {category.description}
        </Text>
      )}
      {onEdit && (
        <>
          {' '}
          <Button variant="subtle" size="compact-xs" aria-label={`Edit ${category.name}`} onClick={() => onEdit(category)}>
            Edit
          </Button>
        </>
      )}
    </>
  );
}

/** Parents a category may have: top-level categories other than itself. */
function parentOptions(categories: readonly Category[], self?: Category) {
  return [
    { value: '', label: 'None (a top-level category)' },
    ...categories.filter((c) => !c.parent_id && c.id !== self?.id).map((c) => ({ value: c.id, label: c.name })),
  ];
}

function positionOf(v: string | number): number | undefined {
  const n = typeof v === 'number' ? v : Number.parseInt(v, 10);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;
}

function NewCategoryForm({ categories }: { categories: Category[] }) {
  const create = useCreateCategory();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [parent, setParent] = useState('');
  const [position, setPosition] = useState<string | number>('');
  const [done, setDone] = useState<string | null>(null);
  const fieldErrors = isApiError(create.error) ? create.error.fieldErrors() : {};

  return (
    <Paper withBorder p="sm">
      <form
        aria-labelledby="new-category-heading"
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          const body: NewCategory = { name: name.trim() };
          if (description.trim()) body.description = description.trim();
          if (parent) body.parent_id = parent;
          const pos = positionOf(position);
          if (pos !== undefined) body.position = pos;
          create.mutate(body, {
            onSuccess: (c) => {
              setDone(`${c.parent_id ? 'Section' : 'Category'} ${c.name} created.`);
              setName('');
              setDescription('');
              setParent('');
              setPosition('');
            },
          });
        }}
      >
        <Stack gap="xs">
          <Title order={3} size="h5" id="new-category-heading">
            New category
          </Title>
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldErrors.name} />
          <Textarea
            label="Description"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={fieldErrors.description}
            autosize
            minRows={1}
          />
          <Select
            label="Parent"
            description="A category with a parent is a section of it"
            value={parent}
            onChange={(v) => setParent(v ?? '')}
            data={parentOptions(categories)}
            allowDeselect={false}
            error={fieldErrors.parent_id}
          />
          <NumberInput
            label="Position"
            description="Ascending among its siblings; 0 when empty"
            min={0}
            allowDecimal={false}
            allowNegative={false}
            value={position}
            onChange={setPosition}
            error={fieldErrors.position}
          />
          {create.isError && <ErrorAlert error={create.error} title="Could not create the category" hideFields={FIELDS} />}
          {done && (
            <Text size="sm" c="green" role="status">
              {done}
            </Text>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              Create category
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

interface DialogProps {
  category: Category | null;
  categories: Category[];
  onClose: () => void;
  onSaved: (c: Category) => void;
}

/** Rename, describe, move or reorder a category (`PATCH` with `If-Match`, only what changed). */
function EditCategoryDialog({ category, categories, onClose, onSaved }: DialogProps) {
  return (
    <Modal opened={category !== null} onClose={onClose} title={category ? `Edit ${category.name}` : 'Edit category'}>
      {category && <EditCategoryForm key={category.id} category={category} categories={categories} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function EditCategoryForm({ category, categories, onClose, onSaved }: { category: Category } & Omit<DialogProps, 'category'>) {
  const update = useUpdateCategory();
  const [name, setName] = useState(category.name);
  // The schema leaves these out when unset: no description, top level, position 0.
  const [description, setDescription] = useState(category.description ?? '');
  const [parent, setParent] = useState(category.parent_id ?? '');
  const [position, setPosition] = useState<string | number>(category.position ?? 0);
  const stale = isApiError(update.error, 412);
  const fieldErrors = isApiError(update.error) ? update.error.fieldErrors() : {};
  const hasSections = categories.some((c) => c.parent_id === category.id);

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const patch: CategoryPatch = {};
        if (name.trim() !== category.name) patch.name = name.trim();
        if (description.trim() !== (category.description ?? '')) patch.description = description.trim();
        if (parent !== (category.parent_id ?? '')) patch.parent_id = parent || null;
        const pos = positionOf(position);
        if (pos !== undefined && pos !== (category.position ?? 0)) patch.position = pos;
        if (Object.keys(patch).length === 0) return onClose();
        update.mutate({ id: category.id, version: category.version, patch }, { onSuccess: onSaved });
      }}
    >
      <Stack gap="sm">
        <TextInput label="Name" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldErrors.name} />
        <Textarea
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={fieldErrors.description}
          autosize
          minRows={1}
        />
        <Select
          label="Parent"
          description={hasSections ? 'It has sections, so it stays a top-level category' : 'A category with a parent is a section of it'}
          value={parent}
          onChange={(v) => setParent(v ?? '')}
          data={parentOptions(categories, category)}
          allowDeselect={false}
          disabled={hasSections}
          error={fieldErrors.parent_id}
        />
        <NumberInput
          label="Position"
          min={0}
          allowDecimal={false}
          allowNegative={false}
          value={position}
          onChange={setPosition}
          error={fieldErrors.position}
        />
        {stale ? (
          <Alert color="yellow" role="status" title="Category changed">
            {STALE_CATEGORY}
          </Alert>
        ) : (
          update.isError && <ErrorAlert error={update.error} title="Could not save the category" hideFields={FIELDS} />
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={stale}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
