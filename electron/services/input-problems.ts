import type { z } from 'zod';
import { coded, isMessageCode, type Coded } from '../messages/say.ts';

/*
 * What is wrong with an input, as a code with parameters rather than zod's English sentence ("Invalid input:
 * expected string, received number"): the field's path and the kind of problem, worded by the message
 * catalogue in the reader's language. Shared by the calls (IPC, the bridge, the `locker` command), IPC's
 * channels and the column map files.
 */

/** The zod type names a problem may carry (`expected`, `received`); anything else is `other`. */
const TYPES = new Set(['string', 'number', 'int', 'boolean', 'object', 'array', 'null', 'undefined', 'date']);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'other';
  const t = typeof value;
  return TYPES.has(t) ? t : 'other';
}

/** The value at `path` inside `raw` (undefined where the path leads nowhere). */
function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let v = raw;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** One zod issue as a message; `raw` is the input that was parsed (to say what was received). */
export function problemOf(issue: z.core.$ZodIssue, raw: unknown): Coded {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPES.has(issue.expected) ? issue.expected : 'other';
      const received = typeOf(valueAt(raw, issue.path));
      return received === 'undefined'
        ? coded('input.missing', { expected })
        : coded('input.wrong-type', { expected, received });
    }
    case 'too_big':
      return coded('input.too-big', { origin: originOf(issue.origin), limit: Number(issue.maximum) });
    case 'too_small':
      return coded('input.too-small', { origin: originOf(issue.origin), limit: Number(issue.minimum) });
    case 'invalid_format':
      return coded('input.bad-format', { format: issue.format });
    case 'invalid_value':
      return coded('input.not-a-choice', { choices: issue.values.map((v) => String(v)).join(', ') });
    case 'unrecognized_keys':
      return coded('input.unknown-keys', { keys: issue.keys.join(', ') });
    case 'custom': {
      // A refinement names its own message with `params: { code }` (see calls/inputs.ts).
      const code = (issue.params as { code?: unknown } | undefined)?.code;
      return typeof code === 'string' && isMessageCode(code) ? { code, params: {} } : coded('input.invalid');
    }
    default:
      return coded('input.invalid');
  }
}

function originOf(origin: string): string {
  return ['string', 'array', 'number', 'set', 'file'].includes(origin) ? origin : 'number';
}

/** The first problem of a failed parse: where (`patch.title`, `input` for the whole) and what. */
export function firstProblem(error: z.ZodError, raw: unknown): { where: string; problem: Coded } {
  const issue = error.issues[0];
  const where = issue?.path.length ? issue.path.map(String).join('.') : 'input';
  return { where, problem: issue ? problemOf(issue, raw) : coded('input.invalid') };
}
