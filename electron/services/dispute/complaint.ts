import type { EvidenceRecord } from '../../../db/queries/evidence.ts';
import { LockerInputError } from '../errors.ts';
import { coded } from '../../messages/say.ts';
import { formatMoney } from '../export/i18n.ts';
import { chosenExhibits } from '../export/selection.ts';
import type { Recipient } from '../export/i18n.ts';
import type { Locker } from '../locker.ts';
import { caseLedger, claimFor, type Payment } from '../ledger/index.ts';
import { formatAmount } from '../util/money.ts';
import { formatInstant, zoneOffsetAt } from '../util/time.ts';
import { partiesOf } from './parties.ts';
import { caseAgreements, caseBankName, caseContacts, claimantFor, contactPartyName } from './records.ts';
import { CHANNEL_WORDS, contactWho, type DisputeLang } from './words.ts';
import { COMPLAINT_TARGETS } from '../../ipc/words.ts';

export { COMPLAINT_TARGETS };
export type ComplaintTarget = (typeof COMPLAINT_TARGETS)[number];

export type ComplaintField = { key: string; label: string; value: string };

/** The packet's exhibit order for the reader each complaint goes to (see export/model.ts). */
const RECIPIENT: Record<ComplaintTarget, Recipient> = {
  platform: 'platform',
  bank: 'bank',
  '12378': 'regulator',
  '12363': 'regulator',
  '12315': 'regulator',
  'consumer-association': 'regulator',
};

const LABELS: Record<DisputeLang, Record<string, string>> = {
  'zh-CN': {
    complainant: '投诉人',
    respondent: '被投诉人',
    request: '诉求',
    facts: '事实与理由',
    evidence: '证据清单',
  },
  en: {
    complainant: 'Complainant',
    respondent: 'Respondent',
    request: 'What I ask for',
    facts: 'Facts and reasons',
    evidence: 'Evidence',
  },
};

const PAYMENT_INSTITUTIONS: { re: RegExp; zh: string; en: string }[] = [
  {
    re: /alipay|支付宝/i,
    zh: '支付宝（中国）网络技术有限公司',
    en: 'Alipay (China) Network Technology Co., Ltd.',
  },
  {
    re: /wechat|微信|财付通|tenpay/i,
    zh: '财付通支付科技有限公司（微信支付）',
    en: 'Tenpay Payment Technology Co., Ltd. (WeChat Pay)',
  },
];

function importFormat(e: EvidenceRecord): string {
  const imp = (e.facts as { import?: { format?: unknown } }).import;
  return typeof imp?.format === 'string' ? imp.format : '';
}

/**
 * The text a complaint form asks for, field by field, filled from the case: complainant, respondent, what is
 * asked for, facts and reasons (the disputed charges and their totals net of refunds, the agreement, the
 * contacts so far in order), and the evidence list numbered as the packet numbers its exhibits. Plain text;
 * counting characters against a form's limit is the app's job.
 */
export function complaintFields(
  locker: Locker,
  caseId: string,
  options: { to: ComplaintTarget; lang?: DisputeLang },
): { to: ComplaintTarget; lang: DisputeLang; fields: ComplaintField[] } {
  const { to } = options;
  if (!COMPLAINT_TARGETS.includes(to))
    throw new LockerInputError('unknown-value', {
      what: coded('what.complaint-channel'),
      value: String(to),
      list: COMPLAINT_TARGETS.join(', '),
    });
  const lang = options.lang ?? 'zh-CN';
  const zh = lang === 'zh-CN';
  const c = locker.getCase(caseId);
  const label = LABELS[lang];
  const when = (utc: string, withTime = true) => {
    const ms = Date.parse(utc);
    const iso = formatInstant({ utc, offset: zoneOffsetAt(c.timezone, ms) });
    return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
  };
  const money = (amount: string, currency: string) => formatMoney(amount, currency, lang);
  const paymentLine = (p: Payment) => {
    const ids = p.orderIds[0] ? (zh ? `（订单号 ${p.orderIds[0]}）` : ` (order ${p.orderIds[0]})`) : '';
    return `${when(p.anchor.tx.occurredUtc)} ${p.counterparty || c.counterparty} ${money(formatAmount(p.amountMinor, p.currency), p.currency)}${ids}`;
  };
  const sep = zh ? '；' : '; ';

  const evidence = locker.listEvidence(c.id);
  // The bank is asked only for what moved through it; every other reader gets the whole dispute.
  const ledger = caseLedger(locker, c.id);
  const claim = claimFor(ledger, to === 'bank' ? 'bank' : 'regulator', {
    paymentMethod: c.paymentMethod,
    account: c.account,
  });
  const disputed = claim.payments;
  const agreements = caseAgreements(locker, c.id);
  const contacts = caseContacts(locker, c.id);
  const claimant = claimantFor(locker, c.id);
  const parties = partiesOf(locker, c.id);

  const merchant = parties.legalName
    ? parties.merchant && !parties.legalName.includes(parties.merchant)
      ? `${parties.legalName}（${parties.merchant}）`
      : parties.legalName
    : parties.merchant;
  const method = methodName(agreements.find((a) => a.paymentMethod)?.paymentMethod || c.paymentMethod, zh);
  const unknown = zh ? '（未填写）' : '(not entered)';

  // ── Complainant ──
  const complainant = [
    `${zh ? '姓名' : 'Name'}${zh ? '：' : ': '}${claimant.name || unknown}`,
    `${zh ? '身份证号' : 'ID number'}${zh ? '：' : ': '}${claimant.idNumber || unknown}`,
    `${zh ? '联系电话' : 'Phone'}${zh ? '：' : ': '}${claimant.phone || unknown}`,
  ].join('\n');

  // ── Respondent ──
  let respondent = merchant || unknown;
  if (to === 'bank') {
    const bank = claim.bank;
    respondent = bank?.name
      ? `${bank.name}${bank.digits ? (zh ? `（账户/卡尾号 ${bank.digits}）` : ` (account/card ending ${bank.digits})`) : ''}`
      : method || (zh ? '（请填写银行或发卡行名称）' : '(the name of your bank or card issuer)');
  } else if (to === '12363') {
    const hint = [
      method,
      ...evidence.map(importFormat),
      ...disputed.flatMap((p) => p.sightings.map((x) => x.tx.method)),
    ].join(' ');
    const pi = PAYMENT_INSTITUTIONS.find((p) => p.re.test(hint));
    const name = pi ? (zh ? pi.zh : pi.en) : zh ? '（请填写支付机构名称）' : '(the payment institution)';
    respondent = merchant ? `${name}${zh ? `（商户：${merchant}）` : ` (merchant: ${merchant})`}` : name;
  }

  // ── Request ──
  const owed = claim.totals.map((t) => money(t.outstanding, t.currency));
  const owedText = owed.join(zh ? '、' : ', ');
  // `（尚未退还的共计¥159.60）` / ` (CN¥159.60 still outstanding)`; nothing when no charge is disputed yet.
  const owedZh = owed.length ? `（尚未退还的共计${owedText}）` : '';
  const owedEn = owed.length ? ` (${owedText} still outstanding)` : '';
  const who = merchant || (zh ? '商户' : 'the merchant');
  const requests: Record<ComplaintTarget, [string, string]> = {
    platform: [
      `退还未经我同意扣取的款项${owedZh}；立即关闭自动扣款（免密支付/自动续费）协议，停止任何后续扣款；书面说明该协议的签约时间、签约方式及授权依据。`,
      `Refund the charges I did not agree to${owedEn}; close the auto-debit agreement and stop any further charges at once; explain in writing when, how and on what authority the agreement was signed.`,
    ],
    bank: [
      `对${who}的上述扣款展开调查，按争议交易处理并退回款项${owedZh}；协助阻止该商户的后续扣款。`,
      `Investigate the charges by ${who}, treat them as disputed transactions and return the money${owedEn}; help block further charges by this merchant.`,
    ],
    '12378': [
      `请依法督促${who}退还未经我同意扣取的保费及相关款项${owedZh}，关闭自动扣款协议，并核查其在未经明确同意的情况下开通自动扣款的行为。`,
      `Please require ${who} to refund the premiums and charges taken without my consent${owedEn}, close the auto-debit agreement, and examine how auto-debit was set up without my clear consent.`,
    ],
    '12363': [
      `请督促支付机构核查并向我提供${who}自动扣款（代扣/免密支付）协议的签约记录与授权依据，协助解除该协议、停止后续扣款，并协调退还未经同意扣取的款项${owedZh}。`,
      `Please require the payment institution to check and give me the signing record and authorisation of the auto-debit agreement with ${who}, help close it and stop further debits, and help recover the money taken without my consent${owedEn}.`,
    ],
    '12315': [
      `请依法处理并组织调解：要求${who}退还未经我同意扣取的款项${owedZh}，关闭自动续费/自动扣款服务。`,
      `Please handle this complaint and mediate: require ${who} to refund the charges taken without my consent${owedEn} and end the automatic renewal.`,
    ],
    'consumer-association': [
      `请协助调解：要求${who}退还未经我同意扣取的款项${owedZh}，关闭自动续费/自动扣款服务。`,
      `Please help mediate: require ${who} to refund the charges taken without my consent${owedEn} and end the automatic renewal.`,
    ],
  };
  const request = requests[to][zh ? 0 : 1];

  // ── Facts and reasons ──
  const paragraphs: string[] = [];
  if (disputed.length) {
    const first = when(disputed[0]!.anchor.tx.occurredUtc, false);
    const last = when(disputed.at(-1)!.anchor.tx.occurredUtc, false);
    const totals = claim.totals
      .map((t) =>
        zh
          ? `合计${money(t.charged, t.currency)}，已退款${money(t.refunded, t.currency)}，尚未退还${money(t.outstanding, t.currency)}`
          : `${money(t.charged, t.currency)} in total, ${money(t.refunded, t.currency)} refunded, ${money(t.outstanding, t.currency)} still outstanding`,
      )
      .join(sep);
    const via = method ? (zh ? `通过${method}` : ` through ${method}`) : '';
    paragraphs.push(
      zh
        ? `${first}至${last}，${who}${via}从我的账户扣款${disputed.length}笔，${totals}。这些扣款未经我同意。`
        : `Between ${first} and ${last}, ${who} took ${disputed.length} ${disputed.length === 1 ? 'payment' : 'payments'} from my account${via}: ${totals}. I did not agree to these charges.`,
    );
    paragraphs.push(disputed.map((p, i) => `${i + 1}. ${paymentLine(p)}`).join('\n'));
    if (claim.apart.length) {
      paragraphs.push(
        (zh
          ? '以下扣款未经过本行账户或卡（例如微信零钱、支付宝余额），不在本次申请金额之内，另行向支付平台主张：'
          : 'These charges did not move through this bank’s account or card (e.g. a WeChat or Alipay balance), are not part of the amount asked for here, and are raised with the payment platform:') +
          '\n' +
          claim.apart.map((a, i) => `${i + 1}. ${paymentLine(a.payment)}`).join('\n'),
      );
    }
  } else {
    paragraphs.push(zh ? '（尚未标记有异议的扣款）' : '(no charge has been marked as disputed yet)');
  }
  for (const a of agreements) {
    const parts = [
      zh
        ? `扣款协议：${a.merchant}${a.service ? `（${a.service}）` : ''}`
        : `Auto-debit agreement: ${a.merchant}${a.service ? ` (${a.service})` : ''}`,
      a.number ? (zh ? `服务协议号 ${a.number}` : `agreement number ${a.number}`) : '',
      a.signedUtc ? (zh ? `签约时间 ${when(a.signedUtc)}` : `signed ${when(a.signedUtc)}`) : '',
      a.paymentMethod ? (zh ? `扣款方式 ${a.paymentMethod}` : `paid by ${a.paymentMethod}`) : '',
      a.closedUtc
        ? zh
          ? `已于 ${when(a.closedUtc)} 关闭`
          : `closed ${when(a.closedUtc)}`
        : a.status === 'closed'
          ? zh
            ? '已关闭'
            : 'closed'
          : zh
            ? '目前仍有效'
            : 'still active',
    ];
    paragraphs.push(parts.filter(Boolean).join(zh ? '，' : ', ') + (zh ? '。' : '.'));
  }
  if (contacts.length) {
    // The platform and the bank by name where the locker knows it, as the contacts' own titles name them.
    const bankName = contacts.some((x) => x.party === 'bank') ? caseBankName(locker, c.id) : '';
    const lines = contacts.map((x, i) => {
      const named = x.party === 'platform' || x.party === 'bank';
      const name = named ? contactPartyName(c, x.party, x.agency, bankName, lang) : '';
      const party = contactWho(lang, x.party, x.agency, name);
      const how = CHANNEL_WORDS[lang][x.channel];
      const head = zh
        ? x.direction === 'in'
          ? `${party}以${how}答复`
          : `以${how}联系${party}`
        : x.direction === 'in'
          ? `${party} replied (${how})`
          : `contacted ${party} (${how})`;
      const ticket = x.ticket ? (zh ? `，工单号 ${x.ticket}` : `, ticket ${x.ticket}`) : '';
      const note = x.note ? `${zh ? '：' : ': '}${x.note}` : '';
      return `${i + 1}. ${when(x.occurredUtc)} ${head}${ticket}${note}`;
    });
    paragraphs.push(`${zh ? '此前的沟通：' : 'Contacts so far:'}\n${lines.join('\n')}`);
  }
  const facts = paragraphs.join('\n\n');

  // ── Evidence list, in the packet's exhibit order ──
  const exhibits = chosenExhibits(locker, c.id, evidence, RECIPIENT[to]);
  const evidenceList = exhibits.length
    ? exhibits
        .map((e, i) =>
          zh
            ? `证据${i + 1}：${e.title}（${when(e.occurredUtc, false)}）`
            : `Exhibit ${i + 1}: ${e.title} (${when(e.occurredUtc, false)})`,
        )
        .join('\n')
    : zh
      ? '（尚无证据）'
      : '(no evidence filed yet)';

  const fields: ComplaintField[] = [
    { key: 'complainant', label: label.complainant!, value: complainant },
    { key: 'respondent', label: label.respondent!, value: respondent },
    { key: 'request', label: label.request!, value: request },
    { key: 'facts', label: label.facts!, value: facts },
    { key: 'evidence', label: label.evidence!, value: evidenceList },
  ];
  return { to, lang, fields };
}

/** The app stores how a case was paid as a code (`alipay`, `wechat_pay`, `bank_card`); a form wants its name. */
const METHOD_NAMES: Record<string, [zh: string, en: string]> = {
  alipay: ['支付宝', 'Alipay'],
  wechat_pay: ['微信支付', 'WeChat Pay'],
  bank_card: ['银行卡', 'bank card'],
  other: ['', ''],
};

function methodName(method: string, zh: boolean): string {
  const names = METHOD_NAMES[method.trim().toLowerCase()];
  return names ? names[zh ? 0 : 1] : method;
}
