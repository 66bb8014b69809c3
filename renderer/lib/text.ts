/**
 * Bidi overrides and isolates, invisible marks and zero-width spaces in a name or title (`photo\u202Egpj.exe`
 * shows as `photoexe.jpg`) are shown as visible codes: the name itself is kept as filed, but the screen shows
 * what it really is. Joiners (U+200C, U+200D) stay: scripts and emoji need them.
 */
const HIDDEN = /[\u061C\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

export function showHidden(text: string): string {
  return text.replace(
    HIDDEN,
    (ch) => `⟦U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟧`,
  );
}
