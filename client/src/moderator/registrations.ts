/**
 * What the staff read of a registration in the lobby and the flags (S46, S47), as pure
 * functions: the words come in as arguments, so tests need no page and no language table.
 */
import type { Flag, RegistrationDetails } from '../../../shared/api.ts';
import type { Region } from '../../../shared/constants.ts';

/** The form's details after the name, in the form's order; an organisation left empty is skipped. */
export function detailsLine(
  person: Pick<RegistrationDetails, 'community' | 'region' | 'country' | 'organisation'>,
  regionName: (r: Region) => string,
  countryName: (country: string) => string = (country) => country,
): string {
  return [person.community, regionName(person.region), countryName(person.country), person.organisation]
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' · ');
}

/** "same network as Besim, removed": the message key for the flag's reason, and who it names. */
export function flagWords(flag: Flag): { key: 'flag.removed' | 'flag.muted'; name: string } {
  return { key: flag.why === 'removed' ? 'flag.removed' : 'flag.muted', name: flag.like.name };
}

/**
 * Where the focus goes when a row leaves a list after its own button was used (admitted,
 * declined, unblocked): the row that took its place, else the one before it, else null (the
 * list is empty, and the caller focuses the section).
 */
export function focusAfterLeaving(ids: readonly string[], leaving: string): string | null {
  const at = ids.indexOf(leaving);
  if (at === -1) return null;
  return ids[at + 1] ?? ids[at - 1] ?? null;
}
