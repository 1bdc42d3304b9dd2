/**
 * The words only staff screens show: the lobby, the flags and blocked networks, invite links,
 * registration settings, removing someone, the agenda, announcement and call link editors. They
 * load with those screens, so a participant's page never downloads them (its 60 KB budget);
 * every other language has them in its own chunk (`frStaff` in `messages.fr.ts`, …). Typed like the main table: a missing or extra
 * key in any language fails the type check.
 */
import type { CountedStaffKey } from '../i18n/messages.ts';
import { fill, loadedTables, pluralCategory, pluralForm, type Vars } from '../i18n/translate.ts';
import { lang } from '../store.ts';

import { STAFF_EN, type StaffKey } from './staffWords.ts';

export type { StaffKey } from './staffWords.ts';
export { STAFF_EN } from './staffWords.ts';

/** `t()` for the staff words: in the reader's language once its chunk is in, else English. */
export function ts(key: StaffKey, vars?: Vars): string {
  const template = loadedTables(lang.value)?.staff?.[key] ?? STAFF_EN[key];
  return vars ? fill(template, vars) : template;
}

/** Pick the form of a counted staff message pair by the reader's language's rules, Arabic's six included (WD24). */
export function tsPlural(n: number, one: StaffKey, other: CountedStaffKey, vars: Vars = {}): string {
  const all = { n, ...vars };
  const form = pluralForm(pluralCategory(lang.value, n), one, other, loadedTables(lang.value)?.staffPlurals?.[other]);
  return 'template' in form ? fill(form.template, all) : ts(form.key, all);
}
