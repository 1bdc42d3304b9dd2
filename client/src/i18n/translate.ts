/** Message lookup: loading a language, the language choice, interpolation and ordinals. */
import {
  type CountedKey,
  ENGLISH,
  type ExtraPlurals,
  LANGUAGES,
  type Language,
  type LanguageTables,
  type MessageKey,
  type TranslatedTables,
} from './messages.ts';

export type Vars = Record<string, string | number>;

/** Every language but English (built in) is a chunk of its own: a participant downloads the one they read (WD11). */
const LOADERS: Record<Exclude<Language, 'en'>, () => Promise<TranslatedTables>> = {
  fr: () => import('./messages.fr.ts').then((m) => m.FRENCH),
  es: () => import('./messages.es.ts').then((m) => m.SPANISH),
  pt: () => import('./messages.pt.ts').then((m) => m.PORTUGUESE),
  ar: () => import('./messages.ar.ts').then((m) => m.ARABIC),
};

const loaded = new Map<Language, LanguageTables>([['en', ENGLISH]]);

/** The tables of `lang`, fetched once. Rejects when its chunk cannot be fetched (offline); English never does. */
export async function loadLanguage(lang: Language): Promise<LanguageTables> {
  const known = loaded.get(lang);
  if (known) return known;
  const tables = await LOADERS[lang as Exclude<Language, 'en'>]();
  loaded.set(lang, tables);
  return tables;
}

/** The message in `lang` with `{name}` placeholders filled. An unknown placeholder stays visible, so it gets noticed. */
export function translate(lang: Language, key: MessageKey, vars?: Vars): string {
  // A language not loaded yet, or a key missing at run time (a server error code newer than this build), falls back to English, never throws.
  const template = loaded.get(lang)?.messages[key] ?? ENGLISH.messages[key] ?? key;
  return vars ? fill(template, vars) : template;
}

/** `template` with its `{name}` placeholders filled; an unknown one stays visible, so it gets noticed. */
export function fill(template: string, vars: Vars): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The tables of `lang` if its chunk is in (English always is). */
export function loadedTables(lang: Language): LanguageTables | undefined {
  return loaded.get(lang);
}

/** The first of the browser's languages Gavel speaks, else English. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    const found = LANGUAGES.find((l) => l === base);
    if (found) return found;
  }
  return 'en';
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

const ordinalRules = new Map<Language, Intl.PluralRules>();

/** "3rd" in English, "3e" in French: the plural category picks the suffix from the message table. */
export function ordinal(lang: Language, n: number): string {
  let rules = ordinalRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang, { type: 'ordinal' });
    ordinalRules.set(lang, rules);
  }
  const category = rules.select(n);
  const key: MessageKey = category === 'one' ? 'ordinal.one' : category === 'two' ? 'ordinal.two' : category === 'few' ? 'ordinal.few' : 'ordinal.other';
  return translate(lang, key, { n });
}

const pluralRules = new Map<Language, Intl.PluralRules>();

/** The plural category of `n` in `lang`: one of zero, one, two, few, many, other. */
export function pluralCategory(lang: Language, n: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return rules.select(n);
}

/**
 * The form of a counted message for `category` (WD24): `one` is its own key, zero, two, few
 * and many come from the language's extra forms when it has them, and all else is `other`.
 */
export function pluralForm<K extends string>(
  category: Intl.LDMLPluralRule,
  one: K,
  other: K,
  extras: ExtraPlurals | undefined,
): { key: K } | { template: string } {
  if (category === 'one') return { key: one };
  const extra = category === 'other' ? undefined : extras?.[category];
  return extra ? { template: extra } : { key: other };
}

/** A counted message pair in `lang`, in the form its plural rules pick for `n` (WD24). */
export function plural(lang: Language, n: number, one: MessageKey, other: CountedKey, vars: Vars = {}): string {
  const all = { n, ...vars };
  const form = pluralForm(pluralCategory(lang, n), one, other, loaded.get(lang)?.plurals?.[other]);
  return 'template' in form ? fill(form.template, all) : translate(lang, form.key, all);
}

/** The words for an error code, or null for a code this build does not know. */
export function translateCode(lang: Language, code: string): string | null {
  return ((loaded.get(lang) ?? ENGLISH).codes as Record<string, string | undefined>)[code] ?? null;
}
