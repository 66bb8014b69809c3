import { useEffect, useSyncExternalStore } from 'react';
import type { PlanDto, PlanStepKey, StepStatus } from '../../electron/ipc/contract.ts';
import type { Locale } from '../i18n/messages.ts';
import { api } from './api.ts';

/*
 * The case's plan, read once and shared: the header's stepper and the overview's next step, steps and deadlines
 * all show this one object, so they cannot disagree. It is read again whenever the case is (`token` is the case
 * object the overview was read with) and replaced by what the services answer when the user sets a step.
 */

type Snapshot = { caseId: string; lang: Locale; plan: PlanDto } | null;

let snapshot: Snapshot = null;
let lastToken: unknown = null;
let lastKey = '';
const listeners = new Set<() => void>();

function publish(next: Snapshot): void {
  snapshot = next;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function load(caseId: string, lang: Locale, token: unknown, onError?: (e: unknown) => void): void {
  const key = `${caseId}|${lang}`;
  // The header and the overview ask with the same token: one read serves both.
  if (token === lastToken && key === lastKey) return;
  lastToken = token;
  lastKey = key;
  api.getPlan({ caseId, lang }).then(
    (plan) => {
      if (lastKey === key) publish({ caseId, lang, plan });
    },
    (e: unknown) => onError?.(e),
  );
}

/** The plan of `caseId` in `lang`, or null while it is read. */
export function usePlan(
  caseId: string,
  lang: Locale,
  token: unknown,
  onError?: (e: unknown) => void,
): PlanDto | null {
  const current = useSyncExternalStore(subscribe, () => snapshot);
  useEffect(() => load(caseId, lang, token, onError), [caseId, lang, token, onError]);
  return current && current.caseId === caseId && current.lang === lang ? current.plan : null;
}

/** The user's word over the evidence for one step (`null` hands it back to the evidence). */
export async function setPlanStep(
  caseId: string,
  lang: Locale,
  step: PlanStepKey,
  status: StepStatus | null,
): Promise<void> {
  const plan = await api.setPlanStep({ caseId, lang, step, status });
  publish({ caseId, lang, plan });
}
