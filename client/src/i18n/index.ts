/** `t()` for components: reads the language signal, so a switch re-renders every text. */
import { lang } from '../store.ts';
import type { CountedKey, MessageKey } from './messages.ts';
import { ordinal as ordinalIn, plural as pluralIn, translate, translateCode, type Vars } from './translate.ts';

export type { MessageKey } from './messages.ts';

export function t(key: MessageKey, vars?: Vars): string {
  return translate(lang.value, key, vars);
}

export function ordinal(n: number): string {
  return ordinalIn(lang.value, n);
}

export function plural(n: number, one: MessageKey, other: CountedKey, vars?: Vars): string {
  return pluralIn(lang.value, n, one, other, vars);
}

/** The title of a refusal: the code's own words when the table has them (a newer server may send a code this build does not know). */
export function errorTitle(code: string): string {
  return translateCode(lang.value, code) ?? t('error.refused');
}

/** A refusal as the reader sees it: a title and, when it helps, what to do next. */
export interface RefusalWords {
  title: string;
  detail?: string;
}

/**
 * A refusal in the reader's words, from its code alone (WD1): the server's own message is
 * English written for logs and developers, so it never reaches the page.
 */
export function describeRefusal(error: { code: string; retryAfterMs?: number }): RefusalWords {
  const title = errorTitle(error.code);
  if (error.code === 'rate_limited') {
    const detail = error.retryAfterMs ? t('error.retryIn', { seconds: Math.max(1, Math.ceil(error.retryAfterMs / 1000)) }) : t('error.retrySoon');
    return { title, detail };
  }
  if (error.code === 'unavailable' || error.code === 'internal') return { title, detail: t('error.tryAgain') };
  return { title };
}

/** A refusal's words on one line, for one shown inside a form. */
export function oneLine({ title, detail }: RefusalWords): string {
  return detail ? `${title}. ${detail}` : title;
}

export const refusalText = (error: { code: string; retryAfterMs?: number }): string => oneLine(describeRefusal(error));
