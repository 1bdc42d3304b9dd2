/**
 * Countries by their ISO 3166-1 alpha-2 code (J5), named in each reader's language by
 * `Intl.DisplayNames`, so "Germany", "germany" and "Deutschland" are one country. The codes
 * are one string, two letters each, to keep the participant's page small; XK (Kosovo) is a
 * user-assigned code that every browser names.
 */
const CODES =
  'ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSXKYEYTZAZMZW';

/** Every country code, in code order. */
export const COUNTRY_CODES: readonly string[] = CODES.match(/../g) ?? [];

const KNOWN = new Set(COUNTRY_CODES);

/** Is `value` a country code of the list (upper case, as stored)? */
export function isCountryCode(value: string): boolean {
  return value.length === 2 && KNOWN.has(value);
}

const namers = new Map<string, Intl.DisplayNames>();

/**
 * A registration's country as `locale` names it: a code by its name in that language; free
 * text (an older registration, or an API client's) as it was typed.
 */
export function countryName(value: string, locale: string): string {
  if (!isCountryCode(value)) return value;
  let namer = namers.get(locale);
  if (!namer) {
    namer = new Intl.DisplayNames([locale, 'en'], { type: 'region', fallback: 'code' });
    namers.set(locale, namer);
  }
  return namer.of(value) ?? value;
}
