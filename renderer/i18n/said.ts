import type { Coded } from '../../electron/messages/say.ts';
import { sayFrom, type Catalogue } from '../../electron/messages/word.ts';
import type { Locale } from './messages.ts';

/*
 * Errors and warnings arrive from the locker as codes with parameters (electron/messages/catalogue.ts) and are
 * worded here, in the language the page shows. The provider keeps `current` in step with the chosen language
 * so an error raised outside React (lib/api.ts) reads in it too.
 *
 * The catalogue (every message, in both languages) is a script of its own, loaded once the first screen is
 * drawn (I18nProvider) rather than with the window's first scripts. An error from the locker waits for it
 * (lib/api.ts), and a component that words a message before it is in waits too (it suspends, as a lazy one
 * does, and is drawn once the words are here).
 */

let current: Locale = 'en';
let catalogue: Catalogue | undefined;
let loading: Promise<Catalogue> | undefined;

export function setSaidLocale(locale: Locale): void {
  current = locale;
}

/** Loads the catalogue, once (again after a failed load). */
export function loadSaid(): Promise<Catalogue> {
  loading ??= import('../../electron/messages/catalogue.ts').then(
    (m) => (catalogue = m.MESSAGES as unknown as Catalogue),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * A coded message in the page's language; a plain string (an older locker's words) as it is. Before the
 * catalogue is in, a coded message suspends the component rendering it (the load is thrown, as a lazy
 * component's is); outside a render, call it only once `loadSaid()` has settled.
 */
export function sayInPage(message: Coded | string, locale: Locale = current): string {
  if (typeof message === 'string') return message;
  if (!catalogue) {
    // Suspense's way of waiting: React draws the component again once the thrown load has settled.
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw loadSaid();
  }
  return sayFrom(catalogue, message, locale);
}
