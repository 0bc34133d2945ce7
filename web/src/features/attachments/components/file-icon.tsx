import { fileKind, type FileKind } from '@/features/attachments/limits';
import classes from '@/features/attachments/components/attachments.module.css';

/** How each kind of file looks: a short label on a sheet, in a colour of its own. */
const LOOK: Record<FileKind, { label: string; color: string }> = {
  image: { label: 'IMG', color: 'grape' },
  pdf: { label: 'PDF', color: 'red' },
  text: { label: 'TXT', color: 'gray' },
  table: { label: 'CSV', color: 'teal' },
  calendar: { label: 'ICS', color: 'cyan' },
  email: { label: 'EML', color: 'indigo' },
  archive: { label: 'ZIP', color: 'yellow' },
  document: { label: 'DOC', color: 'blue' },
  spreadsheet: { label: 'XLS', color: 'green' },
  presentation: { label: 'PPT', color: 'orange' },
  other: { label: 'FILE', color: 'gray' },
};

/**
 * A file type's icon, drawn here (the kit has no icon set). Decorative: the file's name,
 * beside it, says what it is.
 */
export function FileIcon({ type, size = 28 }: { type: string; size?: number }) {
  const kind = fileKind(type);
  const { label, color } = LOOK[kind];
  const ink = `var(--mantine-color-${color}-8)`;
  return (
    <svg
      className={classes.icon}
      width={size}
      height={(size * 5) / 4}
      viewBox="0 0 32 40"
      aria-hidden="true"
      focusable="false"
      data-kind={kind}
    >
      <path d="M5 1h16l10 10v25a3 3 0 0 1-3 3H5a3 3 0 0 1-3-3V4a3 3 0 0 1 3-3z" fill="white" stroke={ink} strokeWidth="2" />
      <path d="M21 1v10h10" fill="none" stroke={ink} strokeWidth="2" strokeLinejoin="round" />
      <rect x="0" y="21" width="28" height="12" rx="2" fill={ink} />
      <text
        x="14"
        y="30"
        textAnchor="middle"
        fontSize={label.length > 3 ? 7 : 8.5}
        fontWeight="700"
        fontFamily="system-ui, sans-serif"
        fill="white"
      >
        {label}
      </text>
    </svg>
  );
}
