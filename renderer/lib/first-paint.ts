import { useSyncExternalStore } from 'react';

/*
 * What the window opens on is drawn before anything it does not show is asked for: the stepper's plan, the
 * overview's figures on another section, the OCR line, the rest of a long timeline, the search results' code.
 * Asked with the first screen, the locker's answers to them and their code share the machine with the first
 * rows' layout and paint (on two busy cores, about 100 ms of it). Once that frame is drawn, they go at once.
 */

let isDrawn = false;
let isWaiting = false;
const listeners = new Set<() => void>();

function drawn(): void {
  if (isDrawn) return;
  isDrawn = true;
  for (const listener of listeners) listener();
}

/**
 * Called once the app has committed its first screen: the later questions wait for the frame that draws it
 * (a task after the next animation frame), or a moment at most, as a hidden window draws no frames.
 */
export function firstScreenCommitted(): void {
  if (isWaiting || isDrawn) return;
  isWaiting = true;
  requestAnimationFrame(() => setTimeout(drawn, 0));
  setTimeout(drawn, 250);
}

/** Runs `callback` once the first screen has been drawn (at once when it already has). */
export function afterFirstScreen(callback: () => void): void {
  if (isDrawn) {
    callback();
    return;
  }
  const once = () => {
    listeners.delete(once);
    callback();
  };
  listeners.add(once);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** False until the window's first screen has been drawn; true from then on. */
export function useFirstScreenDrawn(): boolean {
  return useSyncExternalStore(subscribe, () => isDrawn);
}
