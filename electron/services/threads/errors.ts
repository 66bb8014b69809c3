import { LockerTooNewError } from '../../../db/version.ts';
import { LockerLockedError } from '../crypto/keys.ts';
import { LockerInputError, NotFoundError } from '../errors.ts';

/** An error as it crosses to another thread or process: its class by name, its message and its own fields. */
export type TransferredError = { name: string; message: string; fields: Record<string, unknown> };

// Most specific first: a NotFoundError is a LockerInputError too.
const KNOWN = [NotFoundError, LockerLockedError, LockerTooNewError, LockerInputError] as const;

export function transferError(error: unknown): TransferredError {
  const e = error instanceof Error ? error : new Error(String(error));
  const known = KNOWN.find((k) => e instanceof k);
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k !== 'stack' && isPlain(v)) fields[k] = v;
  }
  return { name: known?.name ?? e.name, message: e.message, fields };
}

/**
 * The same error on this side: our own kinds come back as instances of their class (so the door words them as
 * it would have), anything else as a plain Error keeping its name.
 */
export function receiveError(t: TransferredError): Error {
  const known = KNOWN.find((k) => k.name === t.name);
  const error = Object.create((known ?? Error).prototype) as Error;
  Object.assign(error, t.fields, { name: t.name, message: t.message });
  return error;
}

function isPlain(v: unknown): boolean {
  if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return true;
  if (Array.isArray(v)) return v.every(isPlain);
  if (typeof v === 'object') return Object.values(v).every(isPlain);
  return false;
}
