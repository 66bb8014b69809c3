/**
 * The dispute ledger's words, shared by the database, the services and the renderer (plain TypeScript only).
 */
export const LINK_KINDS = ['same', 'refund', 'retry', 'duplicate'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
export const LINK_STATES = ['linked', 'suggested', 'rejected'] as const;
export type LinkState = (typeof LINK_STATES)[number];
export const RAILS = ['card', 'quickpay', 'wallet', 'bank', 'unknown'] as const;
export type Rail = (typeof RAILS)[number];

/** Why two rows were linked, as a code and its values; the words live with the reader (UI, letter, CLI). */
export type LinkReason =
  | { code: 'same-order-id'; id: string }
  | { code: 'same-reference'; id: string }
  | { code: 'same-account'; digits: string }
  | { code: 'minutes-apart'; minutes: number }
  | { code: 'same-day' }
  | { code: 'names-agree'; name: string }
  | { code: 'platform-line' }
  | { code: 'several-candidates'; count: number }
  | { code: 'refund-names-order'; id: string }
  | { code: 'refund-same-payee'; name: string }
  | { code: 'same-source-same-day' }
  | { code: 'failed-then-paid'; minutes: number }
  | { code: 'user' };
