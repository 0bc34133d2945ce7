import { useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { Badge, Combobox, Group, Kbd, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Snippet } from '@/components/snippet';
import { useShortcuts } from '@/hooks/use-shortcuts';
import { hitPath } from '@/features/search/api/search';
import { SEARCH_MIN_CHARS, useGlobalSearch } from '@/features/search/hooks/use-search';
import { isSearchKind, type SearchHit, type SearchKind } from '@/types/api';

/** How long typing must pause before the header search asks the API. */
export const SEARCH_DEBOUNCE_MS = 150;

const KINDS: Record<SearchKind, { label: string; color: string }> = {
  ticket: { label: 'Ticket', color: 'blue' },
  article: { label: 'Article', color: 'grape' },
};
const kindOf = (hit: SearchHit) => (isSearchKind(hit.kind) ? KINDS[hit.kind] : { label: hit.kind, color: 'gray' });

const valueOf = (hit: SearchHit) => `${hit.kind}:${hit.id}`;

/**
 * The staff header's search over tickets and articles, keyboard first: `/` focuses it, results
 * come as you type (debounced), Up/Down move through them, Enter opens the selected one (the
 * first when none is), Escape closes the list (and, when it is closed, leaves the box).
 */
export function GlobalSearch() {
  const navigate = useNavigate();
  const inputRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), SEARCH_DEBOUNCE_MS);
  const results = useGlobalSearch(debounced);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  useShortcuts({ '/': () => inputRef.current?.focus() });

  const typed = query.trim();
  const active = typed.length >= SEARCH_MIN_CHARS;
  const hits = active ? (results.data ?? []) : [];
  // The results are of what is in the box (not of an earlier query still on screen).
  const current = active && debounced === typed && results.isSuccess && !results.isPlaceholderData;

  const open = (hit: SearchHit) => {
    const path = hitPath(hit);
    if (!path) return;
    combobox.closeDropdown();
    setQuery('');
    inputRef.current?.blur();
    void navigate(path);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && combobox.getSelectedOptionIndex() === -1) {
      e.preventDefault();
      if (current && hits[0]) open(hits[0]);
    } else if (e.key === 'Escape' && !combobox.dropdownOpened) {
      setQuery('');
      inputRef.current?.blur();
    }
  };

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(value) => {
        const hit = hits.find((h) => valueOf(h) === value);
        if (hit) open(hit);
      }}
      width={420}
      position="bottom-start"
    >
      <Combobox.Target withExpandedAttribute>
        <TextInput
          ref={inputRef}
          type="search"
          size="xs"
          w={{ base: '100%', xs: 260 }}
          aria-label="Search tickets and articles"
          placeholder="Search tickets and articles"
          rightSection={results.isFetching ? <Loader size={12} aria-label="Searching" /> : <Kbd size="xs">/</Kbd>}
          rightSectionPointerEvents="none"
          value={query}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setQuery(value);
            combobox.resetSelectedOption();
            if (value.trim()) combobox.openDropdown();
            else combobox.closeDropdown();
          }}
          onFocus={() => {
            if (query.trim()) combobox.openDropdown();
          }}
          onBlur={() => combobox.closeDropdown()}
          onKeyDown={onKeyDown}
        />
      </Combobox.Target>
      {/* At most the viewport's width on a phone; the popover shifts it into view. */}
      <Combobox.Dropdown hidden={!active} maw="calc(100vw - 1rem)">
        <Combobox.Options aria-label="Search results" mah={420} style={{ overflowY: 'auto' }}>
          {results.isError ? (
            <Combobox.Empty>Search failed. Try again in a moment.</Combobox.Empty>
          ) : !results.data ? (
            <Combobox.Empty>Searching…</Combobox.Empty>
          ) : hits.length === 0 ? (
            <Combobox.Empty>{current ? 'No matches.' : 'Searching…'}</Combobox.Empty>
          ) : (
            hits.map((hit) => (
              <Combobox.Option value={valueOf(hit)} key={valueOf(hit)}>
                <Group gap={6} wrap="nowrap">
                  <Badge size="xs" variant="light" color={kindOf(hit).color} style={{ flexShrink: 0 }}>
                    {kindOf(hit).label}
                  </Badge>
                  <Text size="xs" c="dimmed" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                    {hit.reference}
                  </Text>
                </Group>
                <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {hit.title}
                </Text>
                {hit.snippet && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    <Snippet html={hit.snippet} />
                  </Text>
                )}
              </Combobox.Option>
            ))
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
