/**
 * What anything public shows of a person (O2, S17): the projected stage and its livestream
 * overlay, and the public outcome document. People on the programme are public. A participant
 * is named only if they agreed to be named there (one question on the form for the stage, one
 * for the outcome); whoever declined is "A participant". Their community and country are shown
 * only where at least k registrants share both (k per event, 5 by default), else their region
 * alone: in a small diaspora, "Senegalese diaspora, France" can name the one person it fits.
 */
import type { Entry } from './protocol.ts';
import type { EventState, PersonRef } from './state.ts';

/** How the public sees a participant who did not agree to be named there. */
export const UNNAMED = 'A participant';

/** Which consent a public place asks for: the stage and livestream, or the published outcome document. */
export type PublicPlace = 'stage' | 'outcome';

/** The key of a registrant's group: their community and country as people type them ("senegalese  diaspora" is "Senegalese diaspora"). */
export function groupKey(community: string, country: string): string {
  const tidy = (x: string) => x.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  return `${tidy(community)}\n${tidy(country)}`;
}

/**
 * Does this applied join, fold of joins or forget change what the public may see of anyone: did
 * a group reach k, or fall below it? (`state` is the state right after it.) The stage then gets
 * a new snapshot; the new joiner alone (k = 1) appears nowhere yet.
 */
export function crossesPublicThreshold(entry: Entry, state: EventState): boolean {
  const { command } = entry;
  const { k, groups } = state.privacy;
  if (command.type === 'people.joined') {
    const joined = new Map<string, number>();
    for (const { community, country } of command.payload.people) {
      if (community === undefined) continue;
      const key = groupKey(community, country);
      joined.set(key, (joined.get(key) ?? 0) + 1);
    }
    // Each group grew by its joins in the fold: from below k to k or more?
    return k > 1 && [...joined].some(([key, n]) => (groups[key] ?? 0) >= k && (groups[key] ?? 0) - n < k);
  }
  if ((command.type !== 'people.join' && command.type !== 'people.forget') || command.payload.community === undefined) return false;
  const size = groups[groupKey(command.payload.community, command.payload.country ?? '')] ?? 0;
  return command.type === 'people.join' ? size === k && k > 1 : size === k - 1 && size > 0;
}

/** What a public place needs to show a person: who is on the programme, the groups and their threshold. */
export interface PublicView {
  place: PublicPlace;
  roster: ReadonlySet<string>;
  groups: Readonly<Record<string, number>>;
  k: number;
  /** People who erased their registration: shown as everywhere, "Former participant" (S9). */
  forgotten: ReadonlySet<string>;
}

/**
 * The ids on each roster seen, by the roster itself: a node projects every participant's entry
 * for the stage, and the roster, which the reducer never changes in place, seldom changes.
 */
const rosterIds = new WeakMap<EventState['roster'], ReadonlySet<string>>();

export function publicView(state: EventState, place: PublicPlace, forgotten: ReadonlySet<string> = new Set()): PublicView {
  let roster = rosterIds.get(state.roster);
  if (!roster) {
    roster = new Set(state.roster.map((p) => p.id));
    rosterIds.set(state.roster, roster);
  }
  return { place, roster, groups: state.privacy.groups, k: state.privacy.k, forgotten };
}

/** Did this person agree to be named in `place`? People on the programme are public. */
export function isNamedIn(ref: PersonRef, view: PublicView): boolean {
  if (view.roster.has(ref.id)) return true;
  return (view.place === 'stage' ? ref.stageConsent : ref.consent) === true;
}

/** The person as `view`'s place shows them: a name only if they agreed, a community and country only in a group of k or more. */
export function asShownInPublic<T extends PersonRef>(ref: T, view: PublicView): T {
  if (view.roster.has(ref.id) || view.forgotten.has(ref.id)) return ref;
  const name = isNamedIn(ref, view) ? ref.name : UNNAMED;
  const grouped = ref.community !== '' && (view.groups[groupKey(ref.community, ref.country)] ?? 0) >= view.k;
  if (name === ref.name && grouped) return ref;
  return { ...ref, name, community: grouped ? ref.community : '', country: grouped ? ref.country : '' };
}
