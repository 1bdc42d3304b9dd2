/**
 * The words only staff screens show: the lobby, the flags and blocked networks, invite links,
 * registration settings, removing someone, the agenda, announcement and call link editors. They
 * load with those screens, so a participant's page never downloads them (its 60 KB budget);
 * every other language has them in its own chunk (`frStaff` in `messages.fr.ts`, …). Typed like the main table: a missing or extra
 * key in any language fails the type check.
 */
import { fill, loadedTables, type Vars } from '../i18n/translate.ts';
import { lang } from '../store.ts';

import { STAFF_EN, type StaffKey } from './staffWords.ts';

export type { StaffKey } from './staffWords.ts';
export { STAFF_EN } from './staffWords.ts';

/** `t()` for the staff words: in the reader's language once its chunk is in, else English. */
export function ts(key: StaffKey, vars?: Vars): string {
  const template = loadedTables(lang.value)?.staff?.[key] ?? STAFF_EN[key];
  return vars ? fill(template, vars) : template;
}

const pluralRules = new Map<string, Intl.PluralRules>();

/** Pick `one` or `other` of a counted staff message pair, by the reader's language's rules. */
export function tsPlural(n: number, one: StaffKey, other: StaffKey, vars: Vars = {}): string {
  let rules = pluralRules.get(lang.value);
  if (!rules) {
    rules = new Intl.PluralRules(lang.value);
    pluralRules.set(lang.value, rules);
  }
  return ts(rules.select(n) === 'one' ? one : other, { n, ...vars });
}
