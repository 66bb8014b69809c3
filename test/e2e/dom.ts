import type { Locator, Page } from 'playwright-core';

/*
 * Small probes run inside the page. The tests are typed for Node (no DOM lib), so the few browser globals they
 * touch are declared here by shape; the functions themselves run in Chromium.
 */

type Style = Record<string, string>;
type El = {
  getBoundingClientRect(): { left: number; right: number };
  hasAttribute(name: string): boolean;
  textContent: string | null;
  dataset: Record<string, string | undefined>;
};
type Win = {
  getComputedStyle(e: unknown): Style;
  document: {
    activeElement: El | null;
    createElement(tag: string): El & { style: Style; remove(): void };
    body: { append(e: unknown): void };
  };
};

/** A computed style property of the element (`color`, `outlineStyle`, …). */
export function styleOf(l: Locator, property: string): Promise<string> {
  return l.evaluate((e, p) => (globalThis as unknown as Win).getComputedStyle(e)[p] ?? '', property);
}

/** Whether the element has the keyboard focus. */
export function isFocused(l: Locator): Promise<boolean> {
  return l.evaluate((e) => e === (globalThis as unknown as Win).document.activeElement);
}

/** The focused element: its test id, text, outline, and whether it is the page's primary action. */
export function focused(
  page: Page,
): Promise<{ testid: string; text: string; outline: string; width: string; isPrimary: boolean }> {
  return page.evaluate(() => {
    const w = globalThis as unknown as Win;
    const e = w.document.activeElement;
    if (!e) return { testid: '', text: '', outline: '', width: '', isPrimary: false };
    const s = w.getComputedStyle(e);
    return {
      testid: e.dataset.testid ?? '',
      text: e.textContent ?? '',
      outline: s.outlineStyle ?? '',
      width: s.outlineWidth ?? '',
      isPrimary: e.hasAttribute('data-primary-action'),
    };
  });
}

/** The left and right edges of each element. */
export function edges(l: Locator): Promise<[number, number][]> {
  return l.evaluateAll((els) =>
    els.map((e) => {
      const r = (e as unknown as El).getBoundingClientRect();
      return [r.left, r.right] as [number, number];
    }),
  );
}

/** What a CSS colour value (`var(--danger-soft)`) computes to as a background on this page. */
export function backgroundOf(page: Page, value: string): Promise<string> {
  return page.evaluate((v) => {
    const w = globalThis as unknown as Win;
    const probe = w.document.createElement('div');
    probe.style.background = v;
    w.document.body.append(probe);
    const computed = w.getComputedStyle(probe).backgroundColor ?? '';
    probe.remove();
    return computed;
  }, value);
}
