/** The names main's save dialogs offer; plain functions, so main names files without loading a service. */

/** `evidence-locker-2025-09-01.backup`: the date says which one is newest. */
export function backupFileName(now: Date): string {
  return `evidence-locker-${now.toISOString().slice(0, 10)}.backup`;
}

export function packetFileName(lang: string): string {
  return `evidence-packet-${lang}.pdf`;
}
