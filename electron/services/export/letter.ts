import { contactPartyName, maskValue } from '../dispute/records.ts';
import { CHANNEL_WORDS, contactWho } from '../dispute/words.ts';
import type { Payment } from '../ledger/index.ts';
import { formatAmount } from '../util/money.ts';
import { formatInstant } from '../util/time.ts';
import { formatMoney, shortTime, type Lang, type Recipient } from './i18n.ts';
import type { CaseData } from './model.ts';

export type LetterOptions = {
  /** Cite the rules that give the ask its weight, where they fit how the money moved (off unless asked). */
  citeRules?: boolean;
};

const day = (p: { utc: string; offset: number }) => shortTime(formatInstant(p)).slice(0, 10);
const dayOf = (x: Payment) => day({ utc: x.anchor.tx.occurredUtc, offset: x.anchor.tx.occurredOffset });

/**
 * The cover letter as editable plain text: blocks separated by a blank line, lines inside a block kept.
 * The app shows this draft for the user to change; whatever text comes back is what the packet prints.
 *
 * Everything the locker knows is filled in — the claimant, the bank and account, the merchant's legal name and
 * agreement — and the amounts come from the recipient's claim: the bank is asked only for what moved through
 * its account or card, and the rest is listed apart with whom it is raised. The words follow how the money
 * moved: "chargeback" only for card-network payments, never for a quick-pay debit from a bank account.
 */
export function draftLetter(
  data: CaseData,
  recipient: Recipient,
  lang: Lang,
  exportedAt: Date,
  options: LetterOptions = {},
): string {
  const c = data.case;
  const zh = lang === 'zh-CN';
  const pick = (zhText: string, enText: string) => (zh ? zhText : enText);
  const claim = data.claims[recipient];
  const parties = data.parties;
  const who = parties.merchant || pick('对方', 'the merchant');
  const legal = parties.legalName && parties.legalName !== who ? parties.legalName : '';
  const bank = claim.bank ?? data.claims.bank.bank;
  const payments = claim.payments;
  const isCard = payments.length > 0 && payments.every((x) => x.rail === 'card');
  const isQuickPay = payments.some((x) => x.rail === 'quickpay');
  const blank = '____________';
  const signedDay = day({ utc: exportedAt.toISOString(), offset: 0 });
  const blocks: string[] = [];

  // ── Title and addressee ──
  const titles: Record<Recipient, [string, string]> = {
    bank: isCard
      ? [
          '关于未经授权银行卡交易的争议（拒付）申请',
          'Dispute of unauthorised card transactions (chargeback request)',
        ]
      : isQuickPay
        ? [
            '关于未经授权的快捷支付扣款的调查及退款申请',
            'Request to investigate and refund unauthorised debits from my account',
          ]
        : ['关于未经授权扣款的退款申请', 'Request to investigate and refund unauthorised charges'],
    regulator: ['关于自动扣款问题的投诉', 'Complaint about unauthorised recurring charges'],
    platform: ['关于取消自动扣款并退款的申请', 'Request to stop recurring charges and refund them'],
    plain: ['证据材料说明', 'Summary of the evidence'],
  };
  blocks.push(`# ${pick(...titles[recipient])}`);
  const bankName = bank?.name || blank;
  const to: Record<Recipient, [string, string]> = {
    bank: [`致：${bankName} 客户服务中心（争议交易处理）`, `To: ${bankName}, disputed transactions`],
    regulator: [
      `致：${blank}（金融监管部门 / 消费者协会）`,
      `To: ${blank} (financial regulator / consumer association)`,
    ],
    platform: [`致：${legal || who} 客户服务部`, `To: ${legal || who}, customer service`],
    plain: ['致：有关单位', 'To whom it may concern'],
  };
  blocks.push(pick(...to[recipient]));

  // ── Claimant ──
  const cl = data.claimant;
  blocks.push(
    [
      `${pick('申请人', 'Claimant')}${pick('：', ': ')}${cl.name || blank}`,
      `${pick('身份证号', 'ID number')}${pick('：', ': ')}${cl.idNumber ? maskValue(cl.idNumber) : blank}`,
      `${pick('联系电话', 'Phone')}${pick('：', ': ')}${cl.phone || blank}`,
    ].join('\n'),
  );

  // ── Respondent, account, agreement ──
  const lines = [
    `${pick('被申请人（扣款方）', 'Respondent (the party charging)')}${pick('：', ': ')}${legal ? `${legal}${pick(`（${who}）`, ` (${who})`)}` : who}`,
  ];
  if (bank && (bank.name || bank.digits)) {
    const account = [bank.name, bank.digits ? pick(`尾号 ${bank.digits}`, `ending ${bank.digits}`) : '']
      .filter(Boolean)
      .join(' ');
    lines.push(`${pick('扣款账户/卡', 'Account or card debited')}${pick('：', ': ')}${account}`);
  } else if (c.account) {
    lines.push(`${pick('扣款账户/卡', 'Account or card debited')}${pick('：', ': ')}${c.account}`);
  }
  const a = parties.agreement;
  if (a) {
    const parts = [
      a.number ? pick(`协议号 ${a.number}`, `agreement no. ${a.number}`) : '',
      a.signedUtc
        ? pick(
            `签约时间 ${day({ utc: a.signedUtc, offset: a.signedOffset ?? 0 })}`,
            `signed ${day({ utc: a.signedUtc, offset: a.signedOffset ?? 0 })}`,
          )
        : '',
      a.service ? pick(`服务 ${a.service}`, `service ${a.service}`) : '',
    ].filter(Boolean);
    if (parts.length)
      lines.push(
        `${pick('自动扣款协议', 'Auto-debit agreement')}${pick('：', ': ')}${parts.join(pick('，', ', '))}`,
      );
  }
  blocks.push(lines.join('\n'));

  // ── The facts: what is claimed, from the recipient's claim ──
  const money = (amount: string, currency: string) => formatMoney(amount, currency, lang);
  if (payments.length) {
    const first = dayOf(payments[0]!);
    const last = dayOf(payments.at(-1)!);
    const sums = claim.totals
      .map((t) =>
        zh
          ? `扣款合计 ${money(t.charged, t.currency)}，已退款 ${money(t.refunded, t.currency)}，尚有 ${money(t.outstanding, t.currency)} 未退还`
          : `${money(t.charged, t.currency)} charged, ${money(t.refunded, t.currency)} refunded, ${money(t.outstanding, t.currency)} still outstanding`,
      )
      .join(pick('；', '; '));
    const via =
      recipient === 'bank' && bank
        ? pick(
            `从本人在贵行的账户/卡${bank.digits ? `（尾号 ${bank.digits}）` : ''}`,
            `from my account or card with you${bank.digits ? ` (ending ${bank.digits})` : ''}`,
          )
        : pick('从本人账户', 'from my account');
    blocks.push(
      zh
        ? `${first} 至 ${last} 期间，${who}${via}扣款共 ${payments.length} 笔：${sums}。本人从未同意或已明确拒绝上述扣款。每一笔扣款的时间、金额、订单号及其在证据中的位置见后附“争议扣款”表。`
        : `Between ${first} and ${last}, ${who} took ${payments.length} payment${payments.length === 1 ? '' : 's'} ${via}: ${sums}. I never agreed to these charges, or I had refused them. Each one, with its time, amount, order number and where it appears in the evidence, is listed in the table of disputed charges.`,
    );
  } else {
    blocks.push(
      zh
        ? `本人与 ${who} 之间存在款项争议，相关证据按时间顺序整理如下。`
        : `I am in a payment dispute with ${who}. The evidence is set out below in time order.`,
    );
  }
  if (claim.apart.length) {
    const list = claim.apart
      .map((x) => {
        const p = x.payment;
        const whom =
          x.raiseWith === 'platform'
            ? pick('向支付平台主张', 'raised with the payment platform')
            : x.raiseWith === 'other-bank'
              ? pick(`向${p.bank?.name || '其他银行'}主张`, `raised with ${p.bank?.name || 'the other bank'}`)
              : pick('扣款方式待核实', 'how it was paid is still being checked');
        return `- ${dayOf(p)}  ${p.counterparty}  ${money(formatAmount(p.amountMinor, p.currency), p.currency)}${pick(`（${whom}）`, ` (${whom})`)}`;
      })
      .join('\n');
    blocks.push(
      `${pick(
        '以下扣款未经过本账户或本卡（例如微信零钱、支付宝余额），不在本次申请金额之内：',
        'These charges did not move through this account or card (for example a WeChat or Alipay balance) and are not part of the amount asked for here:',
      )}\n${list}`,
    );
  }
  if (c.notes.trim()) blocks.push(c.notes.trim());

  // ── What happened, in time order ──
  const story: { utc: string; text: string }[] = [];
  if (a?.signedUtc)
    story.push({
      utc: a.signedUtc,
      text: pick(
        `据记录，自动扣款协议于此日开通${a.number ? `（协议号 ${a.number}）` : ''}，本人不知情或未同意。`,
        `According to the records, the auto-debit agreement was set up${a.number ? ` (no. ${a.number})` : ''}; I did not know of it or did not agree.`,
      ),
    });
  const all = data.disputed;
  if (all.length) {
    const f = all[0]!;
    story.push({
      utc: f.anchor.tx.occurredUtc,
      text: pick(
        `${who} 开始扣款（首笔 ${money(formatAmount(f.amountMinor, f.currency), f.currency)}），此后共扣款 ${all.length} 笔。`,
        `${who} began charging me (first charge ${money(formatAmount(f.amountMinor, f.currency), f.currency)}); ${all.length} charge${all.length === 1 ? '' : 's'} in all.`,
      ),
    });
  }
  // The platform and the bank by name where the locker knows it, as the contacts' own titles name them.
  const bankOfContacts = data.claims.bank.bank?.name ?? '';
  for (const x of data.contacts) {
    const named = x.party === 'platform' || x.party === 'bank';
    const name = named ? contactPartyName(c, x.party, x.agency, bankOfContacts, lang) : '';
    const party = contactWho(lang, x.party, x.agency, name);
    const how = CHANNEL_WORDS[lang][x.channel];
    const ticket = x.ticket ? pick(`，工单号 ${x.ticket}`, `, ticket ${x.ticket}`) : '';
    const note = x.note ? pick(`：${x.note}`, `: ${x.note}`) : '';
    story.push({
      utc: x.occurredUtc,
      text:
        x.direction === 'in'
          ? pick(`${party}以${how}答复${ticket}${note}`, `${party} replied by ${how}${ticket}${note}`)
          : pick(
              `本人以${how}联系${party}${ticket}${note}`,
              `I contacted ${party} by ${how}${ticket}${note}`,
            ),
    });
  }
  if (story.length) {
    story.sort((x, y) => (x.utc < y.utc ? -1 : x.utc > y.utc ? 1 : 0));
    blocks.push(pick('## 经过', '## What happened'));
    blocks.push(
      story
        .map((s) => {
          const offset = all[0]?.anchor.tx.occurredOffset ?? 480;
          return `- ${day({ utc: s.utc, offset })}  ${s.text}`;
        })
        .join('\n'),
    );
  }

  // ── The ask ──
  const outstanding = claim.totals
    .filter((t) => !/^0(\.0+)?$/.test(t.outstanding))
    .map((t) => money(t.outstanding, t.currency))
    .join(pick('、', ' and '));
  const bankAsk: [string[], string[]] = isCard
    ? [
        [
          `请贵行按银行卡争议交易处理上述未经本人授权的交易，办理拒付（chargeback）并退回款项${outstanding ? `，金额 ${outstanding}` : ''}；`,
          `请停止 ${who} 对本卡的后续扣款；`,
          '请在规定期限内书面答复处理结果。',
        ],
        [
          `Treat the transactions above as unauthorised card transactions, raise a chargeback and return the money${outstanding ? ` (${outstanding})` : ''};`,
          `Stop further charges by ${who} to this card;`,
          'Reply in writing within the time the rules allow.',
        ],
      ]
    : [
        [
          `请贵行核查上述通过第三方支付（快捷支付/代扣）从本人账户发起的扣款，对未经本人授权的部分办理退款${outstanding ? `，金额 ${outstanding}` : ''}；`,
          `请解除本人账户与 ${isQuickPay ? '第三方支付平台及 ' : ''}${who} 之间的快捷支付 / 代扣授权，停止后续扣款；`,
          '请在规定期限内书面答复处理结果。',
        ],
        [
          `Investigate the debits above, taken from my account through a payment app's quick-pay link, and refund those I did not authorise${outstanding ? ` (${outstanding})` : ''};`,
          `Revoke the quick-pay / direct-debit authorisation between my account and ${isQuickPay ? 'the payment app and ' : ''}${who}, so no further debits are taken;`,
          'Reply in writing within the time the rules allow.',
        ],
      ];
  const asks: Record<Recipient, [string[], string[]]> = {
    bank: bankAsk,
    regulator: [
      [
        `请依法调查 ${legal || who} 未经同意持续扣款的行为；`,
        `责令其退还上述款项${outstanding ? `（${outstanding}）` : ''}并停止扣款；`,
        '请告知受理编号及处理结果。',
      ],
      [
        `Investigate how ${legal || who} kept charging me without my consent;`,
        `Require it to refund the charges${outstanding ? ` (${outstanding})` : ''} and stop charging;`,
        'Tell me the reference of this complaint and its outcome.',
      ],
    ],
    platform: [
      [
        '立即关闭本人账户的自动续费 / 自动扣款；',
        `退还上述扣款${outstanding ? `（${outstanding}）` : ''}；`,
        '书面确认已关闭并说明退款时间。',
      ],
      [
        'Switch off the automatic renewal / recurring payment on my account now;',
        `Refund the charges above${outstanding ? ` (${outstanding})` : ''};`,
        'Confirm in writing that it is switched off and when the refund will arrive.',
      ],
    ],
    plain: [[], []],
  };
  const ask = zh ? asks[recipient][0] : asks[recipient][1];
  if (ask.length) {
    blocks.push(pick('## 请求事项', '## What I ask for'));
    blocks.push(ask.map((x, i) => `${i + 1}. ${x}`).join('\n'));
  }

  // ── Rules, where they fit the rail and the user asked for them ──
  if (options.citeRules && recipient !== 'plain') {
    const cites: string[] = [];
    if (isQuickPay && recipient !== 'platform')
      cites.push(
        pick(
          '《中国人民银行关于发布〈非银行支付机构网络支付业务管理办法〉的公告》（中国人民银行公告〔2015〕第43号）第十条：银行为支付机构开通快捷支付等业务，应取得客户的授权，并在客户因此遭受资金损失时按约定先行承担责任。',
          'PBOC Announcement [2015] No. 43 (Measures on Online Payment Services of Non-bank Payment Institutions), Art. 10: a bank linking an account to a payment institution needs the customer’s authorisation, and where the customer suffers a loss the bank is to bear it first as agreed.',
        ),
        pick(
          '《中国银监会 中国人民银行关于加强商业银行与第三方支付机构合作业务管理的通知》（银监发〔2014〕10号）第十三条：客户有权随时撤销对第三方支付机构的授权。',
          'CBRC/PBOC Notice Yinjianfa [2014] No. 10, Art. 13: the customer may revoke the authorisation given to a payment institution at any time.',
        ),
      );
    if (all.some((x) => x.seriesId))
      cites.push(
        pick(
          '《网络交易监督管理办法》第十八条：采取自动展期、自动续费等方式提供服务的，应当在每次续费前5日以显著方式提请消费者注意。',
          'Measures for the Supervision of Online Transactions, Art. 18: a service that renews itself must remind the consumer prominently 5 days before each renewal.',
        ),
      );
    if (isCard)
      cites.push(
        pick(
          '银行卡组织争议处理规则：持卡人撤销了继续扣款的授权后，或交易从未获得持卡人授权时，可就相应交易提出争议。',
          'Card scheme dispute rules: a cardholder may dispute charges taken after permission to keep charging was revoked, or that were never authorised.',
        ),
      );
    if (cites.length) {
      blocks.push(pick('## 相关规定', '## Rules that apply'));
      blocks.push(cites.map((x) => `- ${x}`).join('\n'));
    }
  }

  blocks.push(
    pick(
      '随附争议扣款表、事件时间线、证据目录及全部证据；每份证据的 SHA-256 指纹列于附录，可用随附归档核对原件。',
      'Enclosed: the table of disputed charges, a timeline, an index of exhibits and every exhibit; the SHA-256 fingerprint of each is listed in the appendix and can be checked against the originals in the accompanying archive.',
    ),
  );
  blocks.push(
    zh
      ? `此致\n敬礼\n\n申请人（签名）：____________\u3000\u3000日期：${signedDay}`
      : `Yours faithfully,\n\n\nSigned: ____________________    Date: ${signedDay}`,
  );
  return blocks.join('\n\n');
}
