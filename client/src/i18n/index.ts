/** `t()` for components: reads the language signal, so a switch re-renders every text. */
import { lang } from '../store.ts';
import type { MessageKey } from './messages.ts';
import { ordinal as ordinalIn, plural as pluralIn, translate, translateCode, type Vars } from './translate.ts';

export type { MessageKey } from './messages.ts';

export function t(key: MessageKey, vars?: Vars): string {
  return translate(lang.value, key, vars);
}

export function ordinal(n: number): string {
  return ordinalIn(lang.value, n);
}

export function plural(n: number, one: MessageKey, other: MessageKey, vars?: Vars): string {
  return pluralIn(lang.value, n, one, other, vars);
}

/** The title of a refusal: the code's own words when the table has them (a newer server may send a code this build does not know). */
export function errorTitle(code: string): string {
  return translateCode(lang.value, code) ?? t('error.refused');
}
