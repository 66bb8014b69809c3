import type { Recipient } from '../export/i18n.ts';
import { chosenExhibits } from '../export/selection.ts';
import { caseLedger, claimFor, disputedPayments } from '../ledger/index.ts';
import type { Locker } from '../locker.ts';
import { partiesOf } from './parties.ts';
import { caseContacts, claimantFor } from './records.ts';
import type { DisputeLang } from './words.ts';

/** Where in the app a gap is fixed. */
export type FixScreen = 'claimant' | 'case' | 'agreements' | 'contacts' | 'charges' | 'export';

export type ReadinessItem = {
  code:
    | 'no-disputed'
    | 'no-claimant-name'
    | 'no-claimant-id'
    | 'no-claimant-phone'
    | 'no-account'
    | 'no-agreement'
    | 'no-platform-contact'
    | 'unconfirmed-matches'
    | 'charge-not-in-packet'
    | 'sign-by-hand';
  /** `block`: an officer sends the packet back for it; `note`: worth doing, not a reason to refuse. */
  severity: 'block' | 'note';
  screen: FixScreen;
  text: string;
};

const WORDS: Record<DisputeLang, Record<ReadinessItem['code'], string>> = {
  'zh-CN': {
    'no-disputed': '还没有标记有异议的扣款：在“扣款”页勾选要追回的扣款。',
    'no-claimant-name': '缺少申请人姓名：在“投诉”页的“投诉人信息”中填写。',
    'no-claimant-id': '缺少身份证号：银行和监管部门据此核实身份，在“投诉”页的“投诉人信息”中填写。',
    'no-claimant-phone': '缺少联系电话：在“投诉”页的“投诉人信息”中填写，方便对方回复。',
    'no-account': '缺少被扣款的银行账户或卡号：在案件信息中填写“账户/卡号”（可只填尾号）。',
    'no-agreement': '还没有记录扣款协议：在“扣款协议”中添加（协议号、签约时间可从截图读取）。',
    'no-platform-contact': '还没有联系过平台的记录：银行通常要求先向商户或平台交涉，用“记录联系”登记。',
    'unconfirmed-matches': '有待确认的匹配（同一笔扣款可能出现在两份账单中）：在“扣款”页确认或拒绝。',
    'charge-not-in-packet': '有异议的扣款所在的账单没有收入材料包：在“导出”页的证据清单中勾选它。',
    'sign-by-hand': '打印后请在申请函末尾签名并填写日期。',
  },
  en: {
    'no-disputed': 'No charge is marked as disputed yet: tick the charges to recover on the Charges page.',
    'no-claimant-name':
      'Your name is missing: add it on the Complaint page, under Your details for the forms.',
    'no-claimant-id':
      'Your ID number is missing: banks and regulators use it to identify you (Complaint page, Your details for the forms).',
    'no-claimant-phone': 'Your phone number is missing: add it on the Complaint page so they can reply.',
    'no-account':
      'The bank account or card that was charged is missing: add it to the case (the last digits are enough).',
    'no-agreement':
      'No auto-debit agreement is recorded: add it under Agreements (number and date can be read from a screenshot).',
    'no-platform-contact':
      'No contact with the platform is recorded: banks usually ask that you tried the merchant first (Log a contact).',
    'unconfirmed-matches':
      'Some matches are waiting for you (one charge may be in two files): confirm or reject them on the Charges page.',
    'charge-not-in-packet':
      'A disputed charge is only in a file left out of the packet: tick that file in the list of exhibits on the Export page.',
    'sign-by-hand': 'After printing, sign and date the letter.',
  },
};

/**
 * What an officer would send the packet back for, before it is exported: each gap with the screen where it is
 * fixed. The same list in the app's export page and from `locker ready`.
 */
export function packetReadiness(
  locker: Locker,
  caseId: string,
  recipient: Recipient,
  lang: DisputeLang = 'zh-CN',
): ReadinessItem[] {
  const c = locker.getCase(caseId);
  const ledger = caseLedger(locker, c.id);
  const claimant = claimantFor(locker, c.id);
  const parties = partiesOf(locker, c.id);
  const contacts = caseContacts(locker, c.id).filter((x) => !x.deletedAt);
  const out: ReadinessItem[] = [];
  const add = (code: ReadinessItem['code'], severity: ReadinessItem['severity'], screen: FixScreen) =>
    out.push({ code, severity, screen, text: WORDS[lang][code] });
  if (recipient === 'plain') return out;
  if (!disputedPayments(ledger).length) add('no-disputed', 'block', 'charges');
  if (!claimant.name) add('no-claimant-name', 'block', 'claimant');
  if (!claimant.idNumber) add('no-claimant-id', recipient === 'platform' ? 'note' : 'block', 'claimant');
  if (!claimant.phone) add('no-claimant-phone', 'note', 'claimant');
  if (recipient === 'bank') {
    const bank = claimFor(ledger, 'bank', { paymentMethod: c.paymentMethod, account: c.account }).bank;
    if (!bank?.digits && !c.account.trim()) add('no-account', 'block', 'case');
  }
  if (!parties.agreement) add('no-agreement', recipient === 'platform' ? 'note' : 'block', 'agreements');
  if (recipient !== 'platform' && !contacts.some((x) => x.party === 'platform' && x.direction === 'out'))
    add('no-platform-contact', 'block', 'contacts');
  if (ledger.payments.some((p) => p.pending.some((x) => x.state === 'suggested' && x.kind === 'same')))
    add('unconfirmed-matches', 'block', 'charges');
  // Every charge asked for is proved by a file in the packet.
  const inPacket = new Set(
    chosenExhibits(locker, c.id, locker.listEvidence(c.id), recipient).map((e) => e.id),
  );
  const claim = claimFor(ledger, recipient, { paymentMethod: c.paymentMethod, account: c.account });
  if (claim.payments.some((p) => !p.sightings.some((s) => inPacket.has(s.tx.evidenceId))))
    add('charge-not-in-packet', 'block', 'export');
  add('sign-by-hand', 'note', 'export');
  return out;
}
