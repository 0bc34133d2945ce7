import { RATINGS, type CsatCounts, type CsatReason, type Rating } from '@/types/api';

export const RATING_LABELS: Record<Rating, string> = { good: 'Good', okay: 'Okay', bad: 'Bad' };
export const RATING_COLORS: Record<Rating, string> = { good: 'teal', okay: 'yellow', bad: 'red' };

export const REASON_LABELS: Record<CsatReason, string> = {
  took_too_long: 'It took too long',
  not_resolved: 'My problem was not resolved',
  unhelpful: 'The answer was not helpful',
  unfriendly: 'The agent was unfriendly',
  other: 'Something else',
};

/** A rating from the link's `?rating=` (anything else: none). */
export function ratingParam(value: string | null): Rating | undefined {
  return RATINGS.find((r) => r === value);
}

/** "83% (6 ratings)", or "No ratings yet". */
export function satisfactionText(counts: CsatCounts | null | undefined): string {
  if (!counts || counts.count === 0 || counts.score == null) return 'No ratings yet';
  return `${counts.score}% (${counts.count} ${counts.count === 1 ? 'rating' : 'ratings'})`;
}
