import { say, type Coded } from '../../electron/messages/say.ts';
import type { Locale } from './messages.ts';

/*
 * Errors and warnings arrive from the locker as codes with parameters (electron/messages/catalogue.ts) and are
 * worded here, in the language the page shows. The provider keeps `current` in step with the chosen language
 * so an error raised outside React (lib/api.ts) reads in it too.
 */

let current: Locale = 'en';

export function setSaidLocale(locale: Locale): void {
  current = locale;
}

/** A coded message in the page's language; a plain string (an older locker's words) as it is. */
export function sayInPage(message: Coded | string, locale: Locale = current): string {
  return say(message, locale);
}
