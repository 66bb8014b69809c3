import type { Locker } from './locker.ts';
import { localDate } from './dispute/deadlines.ts';
import { caseLedger } from './ledger/index.ts';
import { bankNameIn } from './ledger/build.ts';
import type { SourceKind } from './ledger/sightings.ts';
import { ocrPages } from './ocr/runner.ts';
import { caseTransactions } from './records.ts';

/**
 * A title for an item from what was read from it, offered to the user (never applied alone): a bill by whose
 * bill it is and the days it covers ("支付宝账单 2025-01-01 至 2025-11-20"), a screenshot whose text reads as
 * a customer-service chat by whom it is with ("截图 · 元保客服聊天"). Structured, so the screens word it in
 * the interface's language.
 */
export type TitleSuggestion =
  | { kind: 'bill'; source: SourceKind | 'other'; bank: string; from: string; to: string }
  | { kind: 'chat-screenshot'; with: string };

/** Words a support chat shows (Alipay's and WeChat's service windows, a merchant's in-app chat). */
const CHAT_RE = /客服|人工服务|在线咨询|转人工|您好[，,]?\s*请问|很高兴为您服务|亲[，,]|发送|聊天/u;

export function suggestTitle(locker: Locker, evidenceId: string): TitleSuggestion | null {
  const item = locker.getEvidence(evidenceId);
  const c = locker.getCase(item.caseId);
  const rows = caseTransactions(locker, c.id).filter((t) => t.evidenceId === item.id);
  if (rows.length > 0) {
    const ledger = caseLedger(locker, c.id);
    const sources = new Set(
      rows.map((t) => ledger.byTransaction.get(t.id)?.sightings.find((s) => s.tx.id === t.id)?.source),
    );
    const source = sources.size === 1 ? ([...sources][0] ?? 'other') : 'other';
    const days = rows
      .map((t) => localDate({ utc: t.occurredUtc, offset: t.occurredOffset }, c.timezone))
      .sort();
    const bank =
      source === 'bank' ? (rows.map((t) => bankNameIn(t.method)).find(Boolean) ?? bankNameIn(c.account)) : '';
    return { kind: 'bill', source, bank, from: days[0]!, to: days.at(-1)! };
  }
  if (item.mime.startsWith('image/')) {
    const text = ocrPages(locker, item.id)
      .map((p) => p.text.replace(/\s+/gu, ''))
      .join('\n');
    if (text && CHAT_RE.test(text)) {
      const who = c.counterparty && text.includes(c.counterparty) ? c.counterparty : c.counterparty || '';
      return { kind: 'chat-screenshot', with: who };
    }
  }
  return null;
}
