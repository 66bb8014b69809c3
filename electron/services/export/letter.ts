import { formatMoney, shortTime, WORDS, type Lang, type Recipient } from './i18n.ts';
import type { CaseData } from './model.ts';
import { formatInstant } from '../util/time.ts';

/** Event kinds that count as "already tried" (contact with the merchant or a platform). */
const TRIED: string[] = ['call', 'ticket', 'letter', 'visit', 'message'];

/**
 * The cover letter as editable plain text: blocks separated by a blank line, lines inside a block kept.
 * The app shows this draft for the user to change; whatever text comes back is what the packet prints.
 */
export function draftLetter(data: CaseData, recipient: Recipient, lang: Lang, exportedAt: Date): string {
  const c = data.case;
  const zh = lang === 'zh-CN';
  const w = WORDS[lang];
  const who = c.counterparty || (zh ? '对方' : 'the merchant');
  const method = c.paymentMethod || (zh ? '本人账户' : 'my account');
  const day = formatInstant({ utc: exportedAt.toISOString(), offset: 0 }).slice(0, 10);
  const blocks: string[] = [];

  const titles: Record<Recipient, [string, string]> = {
    bank: ['关于未经授权扣款的退款（拒付）申请', 'Request to refund (charge back) unauthorised charges'],
    regulator: ['关于自动扣款问题的投诉', 'Complaint about unauthorised recurring charges'],
    platform: ['关于取消自动扣款并退款的申请', 'Request to stop recurring charges and refund them'],
    plain: ['证据材料说明', 'Summary of the evidence'],
  };
  const to: Record<Recipient, [string, string]> = {
    bank: [
      '致：____________银行 客户服务中心（信用卡/借记卡争议处理）',
      'To: ____________ Bank, card disputes',
    ],
    regulator: [
      '致：____________（金融监管部门 / 消费者协会）',
      'To: ____________ (financial regulator / consumer association)',
    ],
    platform: [`致：${who} 客户服务部`, `To: ${who}, customer service`],
    plain: ['致：有关单位', 'To whom it may concern'],
  };
  const pick = (p: [string, string]) => (zh ? p[0] : p[1]);
  blocks.push(`# ${pick(titles[recipient])}`);
  blocks.push(pick(to[recipient]));
  blocks.push(
    zh
      ? [
          '申请人：____________________',
          '联系电话：____________________',
          '身份证号（后四位）：________',
          '联系地址：____________________',
        ].join('\n')
      : [
          'Claimant: ____________________',
          'Phone: ____________________',
          'ID / customer number (last 4): ________',
          'Address: ____________________',
        ].join('\n'),
  );
  const account = c.account ? (zh ? `，账户/卡号：${c.account}` : `, account/card: ${c.account}`) : '';
  blocks.push(
    zh
      ? `被申请人（扣款方）：${who}\n付款方式：${method}${account}`
      : `Respondent (the party charging): ${who}\nPayment method: ${method}${account}`,
  );

  // The facts, in one paragraph: how many charges, from when to when, how much, what came back.
  const d = data.disputed;
  const totals = data.summary.disputed.totals;
  if (d.length) {
    const first = shortTime(formatInstant({ utc: d[0]!.occurredUtc, offset: d[0]!.occurredOffset })).slice(
      0,
      10,
    );
    const lastTx = d[d.length - 1]!;
    const last = shortTime(formatInstant({ utc: lastTx.occurredUtc, offset: lastTx.occurredOffset })).slice(
      0,
      10,
    );
    const money = totals
      .map((t) =>
        zh
          ? `扣款合计 ${formatMoney(t.charged, t.currency, lang)}，已退款 ${formatMoney(t.refunded, t.currency, lang)}，尚有 ${formatMoney(t.outstanding, t.currency, lang)} 未退还`
          : `${formatMoney(t.charged, t.currency, lang)} charged, ${formatMoney(t.refunded, t.currency, lang)} refunded, ${formatMoney(t.outstanding, t.currency, lang)} still outstanding`,
      )
      .join(zh ? '；' : '; ');
    blocks.push(
      zh
        ? `本人发现，${first} 至 ${last} 期间，${who} 通过${method}从本人账户扣款共 ${d.length} 笔：${money}。本人从未同意或已明确拒绝上述扣款。每一笔扣款的时间、金额和来源见后附“争议扣款”表及账单证据。`
        : `Between ${first} and ${last}, ${who} took ${d.length} payment(s) from my ${method}: ${money}. I never agreed to these charges, or I had refused them. Each charge, with its time, amount and source, is listed in the table of disputed charges and in the statement exhibits that follow.`,
    );
  } else {
    blocks.push(
      zh
        ? `本人与 ${who} 之间存在款项争议，相关证据按时间顺序整理如下。`
        : `I am in a payment dispute with ${who}. The evidence is set out below in time order.`,
    );
  }
  if (c.notes.trim()) blocks.push(c.notes.trim());

  // The story in short: the events and key messages of the timeline, in time order.
  const story = data.timeline
    .filter((e) => e.type === 'message' || (e.type === 'event' && !TRIED.includes(e.kind)))
    .slice(0, 8);
  if (story.length) {
    blocks.push(zh ? '## 经过' : '## What happened');
    blocks.push(
      story
        .map((e) => {
          const kind = e.type === 'event' ? w.eventKinds[e.kind as keyof typeof w.eventKinds] : w.message;
          const ref = e.reference ? (zh ? `（编号 ${e.reference}）` : ` (ref. ${e.reference})`) : '';
          return `- ${shortTime(e.at).slice(0, 16)}  ${kind ?? e.kind}${zh ? '：' : ': '}${e.title}${ref}`;
        })
        .join('\n'),
    );
  }

  // What was already tried: calls, tickets, letters, visits — a bank and a regulator both ask for this.
  const tried = data.events.filter((e) => TRIED.includes(e.kind));
  blocks.push(zh ? '## 已采取的措施' : '## What I have already done');
  blocks.push(
    tried.length
      ? tried
          .map((e) => {
            const at = shortTime(formatInstant({ utc: e.occurredUtc, offset: e.occurredOffset })).slice(
              0,
              16,
            );
            const ref = e.reference ? (zh ? `（编号 ${e.reference}）` : ` (ref. ${e.reference})`) : '';
            return `- ${at}  ${w.eventKinds[e.kind]}${zh ? '：' : ': '}${e.title}${ref}`;
          })
          .join('\n')
      : zh
        ? '- 尚未与对方取得有效沟通。'
        : '- No contact with the merchant has resolved this yet.',
  );

  const outstanding = totals
    .filter((t) => t.outstanding !== '0.00' && !/^0(\.0+)?$/.test(t.outstanding))
    .map((t) => formatMoney(t.outstanding, t.currency, lang))
    .join(zh ? '、' : ' and ');
  const asks: Record<Recipient, [string[], string[]]> = {
    bank: [
      [
        `请贵行核查上述扣款，对未经本人授权的扣款办理退款或拒付（chargeback）${outstanding ? `，金额 ${outstanding}` : ''}；`,
        `请解除本人账户与 ${who} 之间的代扣 / 免密支付协议，停止后续扣款；`,
        '请在法定期限内书面答复处理结果。',
      ],
      [
        `Investigate the charges above and refund or charge back those I did not authorise${outstanding ? ` (${outstanding})` : ''};`,
        `Cancel any direct-debit or password-free payment agreement between my account and ${who}, so no further charges are taken;`,
        'Reply in writing within the time the rules allow.',
      ],
    ],
    regulator: [
      [
        `请依法调查 ${who} 未经同意持续扣款的行为；`,
        `责令其退还上述款项${outstanding ? `（${outstanding}）` : ''}并停止扣款；`,
        '请告知受理编号及处理结果。',
      ],
      [
        `Investigate how ${who} kept charging me without my consent;`,
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
    blocks.push(zh ? '## 请求事项' : '## What I ask for');
    blocks.push(ask.map((a, i) => `${i + 1}. ${a}`).join('\n'));
  }
  blocks.push(
    zh
      ? '随附事件时间线、证据目录及全部证据，每份证据均附 SHA-256 指纹，可用随附归档核对原件。'
      : 'Enclosed: a timeline, an index of exhibits and every exhibit, each with its SHA-256 fingerprint, which can be checked against the originals in the accompanying archive.',
  );
  blocks.push(
    zh
      ? `此致\n敬礼\n\n申请人（签名）：____________\u3000\u3000日期：${day}`
      : `Yours faithfully,\n\n\nSigned: ____________________    Date: ${day}`,
  );
  return blocks.join('\n\n');
}
