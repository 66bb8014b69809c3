import type { ImportOutcome } from '../../electron/ipc/contract.ts';

/** A file of an import that waits for its password: the name the user knows and the item the password opens. */
export type LockedFile = { name: string; lockedId: string };

const idOf = (f: ImportOutcome): string | null => ('evidenceId' in f ? f.evidenceId : null);

/** The files of an import result that wait for their password (each once). */
export function lockedFilesOf(files: readonly ImportOutcome[]): LockedFile[] {
  const seen = new Set<string>();
  const out: LockedFile[] = [];
  for (const f of files) {
    if (f.outcome !== 'added' && f.outcome !== 'duplicate') continue;
    if (!f.needsPassword || !f.lockedId || seen.has(f.lockedId)) continue;
    seen.add(f.lockedId);
    out.push({ name: f.name, lockedId: f.lockedId });
  }
  return out;
}

/**
 * One batch keeps one result list: what a password opened updates the line of the file it opened in place
 * (its state and what was read from it) and lists what came out of it right under that line. A file opened
 * from outside this list (the item's panel, the overview) is added to the end with what came out of it.
 */
export function mergeOpened(
  files: readonly ImportOutcome[],
  lockedId: string,
  opened: readonly ImportOutcome[],
): ImportOutcome[] {
  const self = opened.find((f) => idOf(f) === lockedId);
  const inside = opened.filter((f) => f !== self);
  const at = files.findIndex((f) => idOf(f) === lockedId);
  if (at < 0) return [...files, ...opened];
  const before = files[at]!;
  let line: ImportOutcome = before;
  if ((before.outcome === 'added' || before.outcome === 'duplicate') && self && 'evidenceId' in self) {
    const { needsPassword: _n, lockedId: _l, read: _r, ...rest } = before;
    line = {
      ...rest,
      ...(self.outcome === 'added' || self.outcome === 'duplicate'
        ? {
            ...(self.needsPassword ? { needsPassword: true, lockedId } : {}),
            ...(self.read ? { read: self.read } : {}),
          }
        : {}),
    };
  }
  // Lines of entries opened before (a second try) are replaced, never listed twice.
  const replaced = new Set(inside.map(idOf).filter((id): id is string => id !== null));
  const keep = (f: ImportOutcome) => !replaced.has(idOf(f) ?? '');
  return [...files.slice(0, at).filter(keep), line, ...inside, ...files.slice(at + 1).filter(keep)];
}
