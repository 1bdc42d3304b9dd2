/**
 * Registration figures and the outcome's publication switch. The server stamps one
 * `people.join` per registration; the state keeps counts only, never a list of people, so a
 * join snapshot stays small with thousands registered (J1–J3).
 */
import { LIMITS, type Region } from '../constants.ts';
import type { Join } from '../protocol.ts';
import { groupKey } from '../public.ts';
import type { EventState } from '../state.ts';
import { type EntryOf, type Outcome, reject } from './common.ts';

/** Counted under this label once `LIMITS.countries` distinct countries have been seen. */
export const OTHER_COUNTRIES = 'Other countries';

/**
 * The label a country is counted under: spaces collapsed; an all-lowercase name capitalised
 * ("united kingdom" → "United Kingdom"), other spellings kept ("USA"); spellings that differ
 * only by case count together under the first one seen (J2).
 */
export function countryLabel(country: string, known: Readonly<Record<string, number>>): string {
  const tidy = country.replace(/\s+/g, ' ').trim();
  const label = tidy === tidy.toLowerCase() ? tidy.replace(/(^|[\s-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase()) : tidy;
  const key = label.toLowerCase();
  // A name that is a special property of every object would corrupt the counts.
  if (key === '__proto__') return OTHER_COUNTRIES;
  return Object.keys(known).find((k) => k.toLowerCase() === key) ?? label;
}

export function joinPeople(state: EventState, entry: EntryOf<'people.join'>): Outcome {
  return withJoins(state, [entry.command.payload]);
}

/** J1: the registrations a node folded into one entry, counted as a `people.join` each. */
export function joinedPeople(state: EventState, entry: EntryOf<'people.joined'>): Outcome {
  return withJoins(state, entry.command.payload.people);
}

/** B4: a `people.joined` as a browser receives it, counts by region and by the label each country was counted under. */
export function countedPeople(state: EventState, entry: EntryOf<'people.counted'>): Outcome {
  const { byRegion, byCountry } = entry.command.payload;
  return withCounts(state, byRegion, Object.entries(byCountry));
}

function withJoins(state: EventState, joins: readonly Join[]): EventState {
  const byRegion: Partial<Record<Region, number>> = {};
  // By spelling, in the order seen: the first spelling of a country names its count (J2).
  const byCountry = new Map<string, number>();
  let { privacy } = state;
  for (const { region, country, community } of joins) {
    byRegion[region] = (byRegion[region] ?? 0) + 1;
    byCountry.set(country, (byCountry.get(country) ?? 0) + 1);
    privacy = withGroupMoved(privacy, community, country, +1);
  }
  return { ...withCounts(state, byRegion, byCountry), privacy };
}

/** The figures with so many more registrants by region, and by country as spelt (J2). */
function withCounts(state: EventState, byRegion: Partial<Record<Region, number>>, countries: Iterable<[string, number]>): EventState {
  const figures = state.registrations;
  const regions = { ...figures.byRegion };
  let { total } = figures;
  for (const [region, n] of Object.entries(byRegion) as Array<[Region, number]>) {
    regions[region] += n;
    total += n;
  }
  const counts = { ...figures.byCountry };
  for (const [country, n] of countries) {
    let label = countryLabel(country, counts);
    if (!Object.hasOwn(counts, label) && Object.keys(counts).length >= LIMITS.countries) label = OTHER_COUNTRIES;
    counts[label] = (Object.hasOwn(counts, label) ? counts[label]! : 0) + n;
  }
  return { ...state, registrations: { total, byRegion: regions, byCountry: counts } };
}

/**
 * O2: a registrant's group grows at their join and shrinks at their forget. Both carry the
 * community only while its person's key opens them (ER1), so a replay after an erasure counts
 * the person in no group, as it counts their country in no country (J4).
 */
export function withGroupMoved(privacy: EventState['privacy'], community: string | undefined, country: string | undefined, by: 1 | -1): EventState['privacy'] {
  if (community === undefined || community === '') return privacy;
  const key = groupKey(community, country ?? '');
  // A group beyond the limit counts as too small (the key always holds a newline: never `__proto__`).
  const known = Object.hasOwn(privacy.groups, key);
  if (!known && (by < 0 || Object.keys(privacy.groups).length >= LIMITS.publicGroups)) return privacy;
  const groups = { ...privacy.groups };
  const size = (known ? groups[key]! : 0) + by;
  if (size > 0) groups[key] = size;
  else delete groups[key];
  return { ...privacy, groups };
}

/**
 * J4: a forgotten person's count leaves the country they registered with for "Other countries",
 * so a country only they came from is no longer in the figures. A sealed join whose key is gone
 * already counts there, and its forget then carries no country: a replay ends with the same counts.
 */
export function withoutCountryOf(state: EventState, country: string | undefined): EventState {
  const figures = state.registrations;
  if (country === undefined) return state;
  const label = countryLabel(country, figures.byCountry);
  if (label === OTHER_COUNTRIES || !Object.hasOwn(figures.byCountry, label)) return state;
  const byCountry = { ...figures.byCountry };
  const left = byCountry[label]! - 1;
  if (left > 0) byCountry[label] = left;
  else delete byCountry[label];
  byCountry[OTHER_COUNTRIES] = (Object.hasOwn(byCountry, OTHER_COUNTRIES) ? byCountry[OTHER_COUNTRIES]! : 0) + 1;
  return { ...state, registrations: { ...figures, byCountry } };
}

/** Serve the public outcome document (consented names only) without a token, or stop (O7). */
export function setOutcomePublic(state: EventState, entry: EntryOf<'outcome.setPublic'>): Outcome {
  const { public: isPublic } = entry.command.payload;
  if (state.outcome.public === isPublic) return reject('conflict', isPublic ? 'the outcome document is already public' : 'the outcome document is not public');
  return { ...state, outcome: { public: isPublic } };
}
