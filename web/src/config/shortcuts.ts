/** The keyboard shortcuts, as listed in the `?` help overlay. */
export interface ShortcutHelp {
  keys: string[];
  description: string;
}

export const SHORTCUTS: { section: string; items: ShortcutHelp[] }[] = [
  {
    section: 'Inbox',
    items: [
      { keys: ['j'], description: 'Highlight the next ticket' },
      { keys: ['k'], description: 'Highlight the previous ticket' },
      { keys: ['o', 'Enter'], description: 'Open the highlighted ticket' },
      { keys: ['x'], description: 'Select or unselect the highlighted ticket (for bulk actions)' },
      { keys: ['e'], description: 'Resolve the highlighted ticket' },
      { keys: ['c'], description: 'New ticket' },
    ],
  },
  {
    section: 'Ticket',
    items: [
      { keys: ['r'], description: 'Write a public reply' },
      { keys: ['n'], description: 'Write an internal note' },
      { keys: ['/', 'Ctrl+Shift+K'], description: 'Insert a canned response (/ in an empty reply or note)' },
      { keys: ['u'], description: 'Back to the inbox' },
    ],
  },
  {
    section: 'Search',
    items: [
      { keys: ['/'], description: 'Search tickets and articles' },
      { keys: ['↑', '↓'], description: 'Move through the results' },
      { keys: ['Enter'], description: 'Open the selected result (the first when none is)' },
      { keys: ['Esc'], description: 'Close the results; again to leave the search box' },
    ],
  },
  { section: 'Anywhere', items: [{ keys: ['?'], description: 'Show this help' }] },
];
