import { AGENCIES, CONTACT_PARTIES } from '../../ipc/words.ts';

/**
 * The deadline rules, shipped as data. Each says what starts it (a contact with someone, a disputed charge, the
 * statement that showed it), how many days it runs and how they are counted, and the text it comes from.
 * The user can change any rule (days, counting, who it applies to, on or off): their changes are kept in the
 * locker (`rule_overrides`) and laid over these defaults by `effectiveRules`.
 *
 * Periods are counted the way Chinese law counts them (民法典 第二百零一条): the day the period starts on is not
 * counted; the period ends at the end of its last day. The app organises evidence; it does not give legal
 * advice, and each rule's `note` says where its reading is uncertain.
 */

export { AGENCIES, CONTACT_PARTIES };
export type ContactParty = (typeof CONTACT_PARTIES)[number];

export type Agency = (typeof AGENCIES)[number];

export type DayCount = 'calendar' | 'china-working';

export type DeadlineRule = {
  key: string;
  title: { 'zh-CN': string; en: string };
  /**
   * The deadline said with the party it concerns (`{party}` is replaced by the bank's, the platform's or the
   * agency's name): "向中国银行申请退款", "元保应答复你的投诉". Two deadlines from one rule never share a title.
   */
  act: { 'zh-CN': string; en: string };
  /** Where the period comes from, in a few words ("卡组织规则"), shown beside its length. */
  ruleName: { 'zh-CN': string; en: string };
  /** Who `{party}` is when the locker knows no name. */
  partyFallback: { 'zh-CN': string; en: string };
  /** What starts the period: a contact (the day it happened), a disputed charge, or the statement showing it. */
  trigger: 'contact' | 'charge' | 'statement';
  /** For contact rules: with whom (and, where set, which agency) the contact must be. */
  parties?: ContactParty[];
  agencies?: Agency[];
  /** For charge and statement rules: a pattern the charge's payment method must match, or a currency. */
  methodPattern?: string;
  currency?: string;
  days: number;
  count: DayCount;
  /** How long the other side may extend it to, where the source allows one (same counting). */
  extendableTo?: number;
  /** Who must act by the deadline: the institution (a reply is due) or the user (a claim must be raised). */
  whoActs: 'them' | 'you';
  /** The time zone the last day ends in; the case's own when absent. */
  zone?: string;
  enabled: boolean;
  source: { title: string; reference: string; text: string };
  note?: string;
};

export const DEFAULT_RULES: readonly DeadlineRule[] = [
  {
    key: 'cn-bank-insurer-complaint',
    title: {
      'zh-CN': '银行保险机构应作出投诉处理决定',
      en: 'The bank or insurer must decide on the complaint',
    },
    act: { 'zh-CN': '{party}应答复你的投诉', en: '{party} must answer your complaint' },
    ruleName: { 'zh-CN': '银行业保险业投诉处理办法', en: 'banking and insurance complaint rules' },
    partyFallback: { 'zh-CN': '对方', en: 'They' },
    trigger: 'contact',
    // An insurance platform such as 元保 is an insurance intermediary: its complaints fall under the same measures.
    parties: ['bank', 'platform'],
    days: 15,
    count: 'calendar',
    extendableTo: 30,
    whoActs: 'them',
    zone: 'Asia/Shanghai',
    enabled: true,
    source: {
      title: '银行业保险业消费投诉处理管理办法（中国银保监会令2020年第3号）',
      reference: '第三章 消费投诉处理（处理时限）',
      text:
        '对于事实清楚、争议情况简单的消费投诉，应当自收到消费投诉之日起15日内作出处理决定并告知投诉人，' +
        '情况复杂的可以延长至30日；情况特别复杂或者有其他特殊原因的，经其上级机构或者总行、总公司高级管理人员' +
        '审批并告知投诉人，可以再延长30日。',
    },
    note:
      'The measures say "15日" and "30日", not "工作日" (where Chinese rules mean working days they say so, as the ' +
      '12315 rule does), so the days are counted as calendar days. No definition of "日" was found in the text ' +
      'consulted, and the article number was not checked against the official gazette: confirm both there. ' +
      'A platform counts only where it is an insurer or insurance intermediary; switch the platform off otherwise.',
  },
  {
    key: 'cn-12315-acceptance',
    title: {
      'zh-CN': '市场监管部门（12315）应决定是否受理投诉',
      en: 'Market regulation (12315) must decide whether to accept the complaint',
    },
    act: {
      'zh-CN': '{party}应决定是否受理你的投诉',
      en: '{party} must decide whether to take up your complaint',
    },
    ruleName: { 'zh-CN': '市场监管投诉处理办法', en: 'market regulation complaint rules' },
    partyFallback: { 'zh-CN': '市场监管部门（12315）', en: 'Market regulation (12315)' },
    trigger: 'contact',
    parties: ['regulator'],
    agencies: ['12315'],
    days: 7,
    count: 'china-working',
    whoActs: 'them',
    zone: 'Asia/Shanghai',
    enabled: true,
    source: {
      title: '市场监督管理投诉举报处理暂行办法（国家市场监督管理总局令第20号）',
      reference: '第十四条',
      text: '……应当自收到投诉之日起七个工作日内作出受理或者不予受理的决定，并告知投诉人。',
    },
    note: 'Working days follow the State Council holiday notices (see china-calendar.ts).',
  },
  {
    key: 'card-network-chargeback',
    title: {
      'zh-CN': '向发卡行申请拒付（退单）的期限',
      en: 'Last day to raise a card chargeback with your card issuer',
    },
    act: { 'zh-CN': '向{party}申请拒付退款', en: 'Ask {party} for a chargeback' },
    ruleName: { 'zh-CN': '卡组织规则', en: 'card scheme rules' },
    partyFallback: { 'zh-CN': '发卡行', en: 'your card issuer' },
    trigger: 'charge',
    methodPattern:
      '信用卡|借记卡|储蓄卡|银行卡|credit ?card|debit ?card|visa|master ?card|amex|american express|jcb|discover',
    days: 120,
    count: 'calendar',
    whoActs: 'you',
    enabled: true,
    source: {
      title: 'Card network dispute rules (Visa, Mastercard)',
      reference: 'Dispute time limit for most reason codes',
      text: 'A cardholder dispute must generally be raised within 120 days of the transaction processing date.',
    },
    note:
      'Counted from the earliest disputed card charge. Networks differ by reason code and issuers often want it ' +
      'sooner; ask your issuer. Applies only where a disputed charge was paid by card.',
  },
  {
    key: 'us-regulation-e',
    title: {
      'zh-CN': '美国 E 条例：通知银行的期限（结单后60日）',
      en: 'US Regulation E: notify your bank within 60 days of the statement',
    },
    act: { 'zh-CN': '通知{party}这笔扣款有误', en: 'Tell {party} the charge is an error' },
    ruleName: { 'zh-CN': '美国 E 条例', en: 'US Regulation E' },
    partyFallback: { 'zh-CN': '银行', en: 'your bank' },
    trigger: 'statement',
    currency: 'USD',
    days: 60,
    count: 'calendar',
    whoActs: 'you',
    enabled: true,
    source: {
      title: '12 CFR 1005.11 (Regulation E), procedures for resolving errors',
      reference: '§ 1005.11(b)(1)(i)',
      text:
        'A notice of error is an oral or written notice from the consumer that the institution receives no later ' +
        'than 60 days after the institution sends the periodic statement on which the alleged error is first reflected.',
    },
    note:
      'Counted from the date of the filed statement that first shows a disputed USD charge; if the bank sent it ' +
      'later than that date, edit the deadline.',
  },
];

/** What the user may change about a rule. */
export type RulePatch = Partial<
  Pick<DeadlineRule, 'days' | 'count' | 'extendableTo' | 'enabled' | 'parties' | 'agencies' | 'note'>
>;

const PATCH_KEYS = ['days', 'count', 'extendableTo', 'enabled', 'parties', 'agencies', 'note'] as const;

/** Checks a user's patch (from the command line, the app or the database) and keeps only what is valid. */
export function parseRulePatch(input: unknown): { patch: RulePatch; problems: string[] } {
  const patch: RulePatch = {};
  const problems: string[] = [];
  if (!input || typeof input !== 'object' || Array.isArray(input))
    return { patch, problems: ['not an object'] };
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!(PATCH_KEYS as readonly string[]).includes(key)) problems.push(`"${key}" cannot be changed`);
  }
  const whole = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 3650;
  if (o.days !== undefined) {
    if (whole(o.days)) patch.days = o.days as number;
    else problems.push('days must be a whole number from 1 to 3650');
  }
  if (o.extendableTo !== undefined) {
    if (whole(o.extendableTo)) patch.extendableTo = o.extendableTo as number;
    else problems.push('extendableTo must be a whole number from 1 to 3650');
  }
  if (o.count !== undefined) {
    if (o.count === 'calendar' || o.count === 'china-working') patch.count = o.count;
    else problems.push('count must be calendar or china-working');
  }
  if (o.enabled !== undefined) {
    if (typeof o.enabled === 'boolean') patch.enabled = o.enabled;
    else problems.push('enabled must be true or false');
  }
  if (o.parties !== undefined) {
    if (
      Array.isArray(o.parties) &&
      o.parties.every((p) => (CONTACT_PARTIES as readonly unknown[]).includes(p))
    )
      patch.parties = o.parties as ContactParty[];
    else problems.push(`parties must be a list of ${CONTACT_PARTIES.join(', ')}`);
  }
  if (o.agencies !== undefined) {
    if (Array.isArray(o.agencies) && o.agencies.every((p) => (AGENCIES as readonly unknown[]).includes(p)))
      patch.agencies = o.agencies as Agency[];
    else problems.push(`agencies must be a list of ${AGENCIES.join(', ')}`);
  }
  if (o.note !== undefined) {
    if (typeof o.note === 'string') patch.note = o.note;
    else problems.push('note must be text');
  }
  return { patch, problems };
}

/** The shipped rules with the user's changes laid over them; a stored patch that no longer parses is ignored. */
export function applyRulePatches(
  rules: readonly DeadlineRule[],
  patches: ReadonlyMap<string, unknown>,
): (DeadlineRule & { isEdited: boolean })[] {
  return rules.map((r) => {
    const raw = patches.get(r.key);
    if (raw === undefined) return { ...r, isEdited: false };
    const { patch } = parseRulePatch(raw);
    return { ...r, ...patch, isEdited: Object.keys(patch).length > 0 };
  });
}

export function ruleByKey(rules: readonly DeadlineRule[], key: string): DeadlineRule | undefined {
  return rules.find((r) => r.key === key);
}

type Lang = 'zh-CN' | 'en';

/** "卡组织规则 120 天", "market regulation complaint rules, 7 working days". */
export function ruleLength(rule: DeadlineRule, lang: Lang): string {
  const working = rule.count === 'china-working';
  if (lang === 'zh-CN') return `${rule.ruleName[lang]} ${rule.days} ${working ? '个工作日' : '天'}`;
  const unit = new Intl.PluralRules('en').select(rule.days) === 'one' ? 'day' : 'days';
  return `${rule.ruleName[lang]}, ${rule.days} ${working ? `working ${unit}` : unit}`;
}

/** The rule's deadline said with its party's name ("中国银行应答复你的投诉"), or the rule's own word for the party. */
export function ruleAct(rule: DeadlineRule, party: string, lang: Lang): string {
  const text = rule.act[lang].replace('{party}', party || rule.partyFallback[lang]);
  return text.charAt(0).toUpperCase() + text.slice(1);
}
