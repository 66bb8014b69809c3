import type { Db } from '../../db/open.ts';
import { hasChildren, type EvidenceRecord } from '../../db/queries/evidence.ts';

/**
 * Whether an item was filed without its password and what is inside is still unread: an encrypted ZIP nothing
 * was taken out of, or an encrypted PDF whose text was never read. The one place this state is worked out:
 * the item, the overview and the import results all say "waiting for its password" from it.
 */
export function waitsForPassword(db: Db, e: EvidenceRecord): boolean {
  if (e.mime === 'application/pdf')
    return (e.facts.pdf as { encrypted?: boolean } | undefined)?.encrypted === true;
  if (e.mime !== 'application/zip') return false;
  const archive = e.facts.archive as { encrypted?: boolean } | undefined;
  return archive?.encrypted === true && !hasChildren(db, e.id);
}
