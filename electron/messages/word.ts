import type { Coded, Locale } from './say.ts';

/*
 * Wording a coded message from a catalogue given to it: `say` (say.ts) words from the whole catalogue, which
 * the services and the CLI import; the page loads the catalogue as a script of its own after its first screen
 * (renderer/i18n/said.ts) and words with this, so its first scripts do not carry every message in two languages.
 */

/** The catalogue's shape as wording reads it: each code's words in each language. */
export type Catalogue = Readonly<
  Record<string, Readonly<Record<Locale, (params: Record<string, string | number>) => string>>>
>;

/** The words for a message in `locale`. An unknown code (from a newer version) shows its text or the code. */
export function sayFrom(catalogue: Catalogue, message: Coded | string, locale: Locale): string {
  if (typeof message === 'string') return message;
  const flat: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.params)) {
    flat[name] = typeof value === 'object' ? sayFrom(catalogue, value, locale) : value;
  }
  if (!Object.hasOwn(catalogue, message.code)) {
    return typeof flat.text === 'string' ? flat.text : message.code;
  }
  return catalogue[message.code]![locale](flat);
}
