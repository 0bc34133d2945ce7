import { relativeTime } from '@/lib/format';

const fmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
/** A <time> element: relative text, the exact moment on hover and for assistive tech. */
export function Time({ value }: { value: string }) {
  const exact = fmt.format(new Date(value));
  return (
    <time dateTime={value} title={exact}>
      {relativeTime(value)}
    </time>
  );
}
