/*
 * Every error and warning the locker can give, in English and Chinese (zh-CN), by code. Plain data: the app,
 * the `locker` command and the tests read it. Terms follow renderer/i18n/messages.ts: 保管箱 locker,
 * 证据 evidence, 扣款 charge, 退款 refund, 案件 case, 密码短语 passphrase, 恢复密钥 recovery key.
 * A code is stable once shipped (stored warnings and `--json` output carry it); the words may change.
 */

type Words = Record<string, string | number>;

function m<P extends Words = Record<string, never>>(en: (p: P) => string, zh: (p: P) => string) {
  return { en, 'zh-CN': zh };
}

/** The kinds of value an input problem names (`expected`, `received`), as a reader says them. */
const TYPE_WORDS: { en: Record<string, string>; zh: Record<string, string> } = {
  en: {
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    object: 'an object',
    array: 'a list',
    null: 'null',
    undefined: 'nothing',
    date: 'a date',
    other: 'something else',
  },
  zh: {
    string: '文本',
    number: '数字',
    int: '整数',
    boolean: 'true 或 false',
    object: '对象',
    array: '列表',
    null: '空值（null）',
    undefined: '空',
    date: '日期',
    other: '其他类型的值',
  },
};

const thing = (en: string, zh: string) =>
  m(
    () => en,
    () => zh,
  );

const FAMILY_NOUNS: Record<string, string> = {
  image: '图片',
  pdf: '文档',
  archive: '压缩包',
  office: '文档',
  video: '视频',
  audio: '音频',
  email: '邮件',
  text: '文本',
};

/** A file type in Chinese from its format's name (`PNG`, `ZIP`) and family: `PNG 图片`, `ZIP 压缩包`. */
function kindInChinese(token: string, family: string): string {
  if (token === 'empty') return '空文件';
  const noun = FAMILY_NOUNS[family];
  if (!noun) return '无法识别的二进制数据';
  // A lower-case first word is English prose (`plain text`, `email message`), not a format's name.
  return /^[A-Z0-9]/.test(token) ? `${token} ${noun}` : noun;
}

/** What a bill's header was looked for as (`Alipay`, `bank statement`, `JD (京东) bill`), in Chinese. */
function billInChinese(what: string): string {
  const known: Record<string, string> = {
    Alipay: '支付宝账单',
    'bank statement': '银行流水',
    'WeChat Pay': '微信支付账单',
    'JD (京东) bill': '京东账单',
    'Meituan (美团) bill': '美团账单',
  };
  return known[what] ?? what;
}

/** What an importer looked for and did not find, in Chinese. */
const FOUND_IN_CHINESE: Record<string, string> = {
  'BkToCstmrStmt element': ' BkToCstmrStmt 元素',
  'MT940 fields (:20:, :61: …)': ' MT940 字段（:20:、:61: …）',
  'OFX statement (STMTRS or CCSTMTRS)': ' OFX 对账单（STMTRS 或 CCSTMTRS）',
  'bank, cash or card QIF records': '银行、现金或信用卡的 QIF 记录',
  'chats with messages': '有消息的聊天',
  'messages.html': ' messages.html',
  'chat text (_chat.txt or WhatsApp Chat … .txt)': '聊天文字（_chat.txt 或 WhatsApp Chat … .txt）',
};

/**
 * A rule change's problems (`days must be a whole number from 1 to 3650; note must be text`, as
 * dispute/rules.ts says them, in English in the `problems` parameter), in Chinese; one not known here stays as is.
 */
function ruleProblemsInChinese(problems: string): string {
  const field: Record<string, string> = {
    days: '天数（days）',
    extendableTo: '可延长到的天数（extendableTo）',
    count: '计日方式（count）',
    enabled: '开关（enabled）',
    parties: '对象（parties）',
    agencies: '机构（agencies）',
    note: '说明（note）',
  };
  const say: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/^not an object$/, () => '修改的内容不是一个对象'],
    [/^"(.+)" cannot be changed$/, (m) => `“${m[1]}”不能修改`],
    [
      /^(\w+) must be a whole number from (\d+) to (\d+)$/,
      (m) => `${field[m[1]!] ?? m[1]}必须是 ${m[2]} 到 ${m[3]} 之间的整数`,
    ],
    [
      /^count must be calendar or china-working$/,
      () => `${field.count}只能是 calendar（自然日）或 china-working（中国工作日）`,
    ],
    [/^enabled must be true or false$/, () => `${field.enabled}只能是 true 或 false`],
    [/^(\w+) must be a list of (.+)$/, (m) => `${field[m[1]!] ?? m[1]}必须是以下各项组成的列表：${m[2]}`],
    [/^note must be text$/, () => `${field.note}必须是文本`],
  ];
  return problems
    .split('; ')
    .map((one) => {
      for (const [re, zh] of say) {
        const hit = one.match(re);
        if (hit) return zh(hit);
      }
      return one;
    })
    .join('；');
}

export const MESSAGES = {
  // A sentence kept as it was written (a stored warning from before codes): no translation is possible.
  text: m<{ text: string }>(
    (p) => p.text,
    (p) => p.text,
  ),

  // ── Things, named inside other messages ───────────────────────────────────────────────────────────────
  'thing.case': thing('case', '案件'),
  'thing.evidence': thing('evidence item', '证据'),
  'thing.evidence-in-case': thing('evidence item in this case', '本案件中的证据'),
  'thing.agreement': thing('agreement', '扣款协议'),
  'thing.agreement-in-case': thing('agreement in this case', '本案件中的扣款协议'),
  'thing.deadline': thing('deadline', '截止日期'),
  'thing.contact': thing('logged contact', '联系记录'),
  'thing.transaction': thing('transaction', '账单记录'),
  'thing.transaction-in-case': thing('transaction in this case', '本案件中的账单记录'),
  'thing.charge-in-case': thing('charge in this case', '本案件中的扣款'),
  'thing.suggestion': thing('suggestion between these rows', '这两行之间的匹配建议'),
  'thing.column-map': thing('column map', '列映射'),
  'thing.message': thing('message', '消息'),
  'thing.event': thing('event', '事件'),
  'thing.locked-file': thing('file waiting for its password', '等待密码的文件'),
  'thing.upload-batch': thing('upload batch', '上传批次'),
  'thing.restored-locker': thing('restored locker', '恢复出的保管箱'),
  'thing.exported-file': thing('exported file', '导出的文件'),

  // ── General ──────────────────────────────────────────────────────────────────────────────────────────
  'not-found': m<{ thing: string; id: string }>(
    (p) => `No ${p.thing} with the id "${p.id}".`,
    (p) => `找不到编号为“${p.id}”的${p.thing}。`,
  ),
  'ambiguous-id': m<{ thing: string; id: string }>(
    (p) => `"${p.id}" matches more than one ${p.thing}; give more of the id.`,
    (p) => `“${p.id}”对应不止一个${p.thing}，请多给出几位编号。`,
  ),
  'nul-in-field': m<{ field: string }>(
    (p) => `The ${p.field} must not contain a NUL character (U+0000).`,
    (p) => `${p.field} 中不能含有空字符（U+0000）。`,
  ),
  'unknown-value': m<{ what: string; value: string; list: string }>(
    (p) => `Unknown ${p.what} "${p.value}"; use one of ${p.list}.`,
    (p) => `未知的${p.what}“${p.value}”，可用的有：${p.list}。`,
  ),
  'what.recipient': thing('recipient', '收件方'),
  'what.language': thing('language', '语言'),
  'what.complaint-channel': thing('complaint channel', '投诉渠道'),
  'what.party': thing('party', '对象'),
  'what.channel': thing('channel', '联系方式'),
  'what.agency': thing('agency', '监管机构'),
  'what.status': thing('status', '状态'),
  'what.step': thing('step', '步骤'),
  'what.rail': thing('rail', '支付渠道'),
  'what.kind': thing('kind', '类型'),
  'what.event-kind': thing('event kind', '事件类型'),
  internal: m(
    () => 'Something went wrong inside the locker. Nothing was changed by this request.',
    () => '保管箱内部出了问题。这次操作没有改动任何内容。',
  ),
  'not-from-app': m(
    () => 'This request did not come from the app.',
    () => '这个请求不是来自本应用。',
  ),
  'no-such-call': m(
    () => 'There is no such call.',
    () => '没有这个调用。',
  ),
  'host.stopped': m(
    () => 'The locker stopped before it answered. Nothing else was changed; try again.',
    () => '保管箱在回答之前停止了运行。没有改动其他内容，请再试一次。',
  ),
  'host.keychain-refused': m(
    () => 'The keychain refused.',
    () => '系统钥匙串拒绝了这个请求。',
  ),
  'bad-request-json': m(
    () => 'The request body is not valid JSON.',
    () => '请求内容不是有效的 JSON。',
  ),
  'bad-input': m<{ where: string; problem: string }>(
    (p) => `${p.where}: ${p.problem}`,
    (p) => `输入有误（${p.where === 'input' ? '输入' : p.where}）：${p.problem}`,
  ),
  // What is wrong with one field of an input (services/input-problems.ts), inside `bad-input`.
  'input.missing': m<{ expected: string }>(
    (p) => `missing; expected ${TYPE_WORDS.en[p.expected] ?? TYPE_WORDS.en.other}`,
    (p) => `缺少这一项，应为${TYPE_WORDS.zh[p.expected] ?? TYPE_WORDS.zh.other}`,
  ),
  'input.wrong-type': m<{ expected: string; received: string }>(
    (p) =>
      `expected ${TYPE_WORDS.en[p.expected] ?? TYPE_WORDS.en.other}, got ${TYPE_WORDS.en[p.received] ?? TYPE_WORDS.en.other}`,
    (p) =>
      `应为${TYPE_WORDS.zh[p.expected] ?? TYPE_WORDS.zh.other}，收到的是${TYPE_WORDS.zh[p.received] ?? TYPE_WORDS.zh.other}`,
  ),
  'input.too-big': m<{ origin: string; limit: number }>(
    (p) =>
      p.origin === 'string'
        ? `too long: at most ${p.limit} characters`
        : p.origin === 'array' || p.origin === 'set'
          ? `too many: at most ${p.limit}`
          : p.origin === 'file'
            ? `too large: at most ${p.limit} bytes`
            : `too big: at most ${p.limit}`,
    (p) =>
      p.origin === 'string'
        ? `太长：最多 ${p.limit} 个字符`
        : p.origin === 'array' || p.origin === 'set'
          ? `太多：最多 ${p.limit} 项`
          : p.origin === 'file'
            ? `太大：最多 ${p.limit} 字节`
            : `太大：不能超过 ${p.limit}`,
  ),
  'input.too-small': m<{ origin: string; limit: number }>(
    (p) =>
      p.origin === 'string'
        ? p.limit <= 1
          ? 'must not be empty'
          : `too short: at least ${p.limit} characters`
        : p.origin === 'array' || p.origin === 'set'
          ? `too few: at least ${p.limit}`
          : `too small: at least ${p.limit}`,
    (p) =>
      p.origin === 'string'
        ? p.limit <= 1
          ? '不能为空'
          : `太短：至少 ${p.limit} 个字符`
        : p.origin === 'array' || p.origin === 'set'
          ? `太少：至少 ${p.limit} 项`
          : `太小：不能小于 ${p.limit}`,
  ),
  'input.bad-format': m<{ format: string }>(
    (p) => (p.format === 'regex' ? 'not in the form expected here' : `not a valid ${p.format}`),
    (p) => (p.format === 'regex' ? '格式不符合要求' : `不是有效的 ${p.format}`),
  ),
  'input.not-a-choice': m<{ choices: string }>(
    (p) => `must be one of: ${p.choices}`,
    (p) => `必须是以下之一：${p.choices}`,
  ),
  'input.unknown-keys': m<{ keys: string }>(
    (p) => `not a field of this input: ${p.keys}`,
    (p) => `不是这项输入的字段：${p.keys}`,
  ),
  'input.has-nul': thing('must not contain a NUL character (U+0000)', '不能包含空字符（U+0000）'),
  'input.invalid': thing('not valid here', '在这里无效'),
  cancelled: m(
    () => 'Cancelled.',
    () => '已取消。',
  ),

  // ── The locker command's own words (electron/cli/commands/*; --json output never carries them) ───────
  'cli.case.created': m<{ id: string; title: string }>(
    (p) => `Created case ${p.id}: ${p.title}`,
    (p) => `已创建案件 ${p.id}：${p.title}`,
  ),
  'cli.case.updated': m<{ id: string; title: string; status: string }>(
    (p) => `Updated case ${p.id}: ${p.title} (${p.status})`,
    (p) => `已更新案件 ${p.id}：${p.title}（${p.status}）`,
  ),
  'cli.case.archived': thing('archived', '已归档'),
  'cli.case.none': thing(
    'No cases yet. Start one with: locker case new "What happened"',
    '还没有案件。新建一个：locker case new "发生了什么"',
  ),
  'cli.case.details': m<{ counterparty: string; status: string; currency: string; timezone: string }>(
    (p) =>
      `counterparty: ${p.counterparty}   status: ${p.status}   currency: ${p.currency}   time zone: ${p.timezone}`,
    (p) => `对方：${p.counterparty}   状态：${p.status}   币种：${p.currency}   时区：${p.timezone}`,
  ),
  'cli.case.counts': m<{ items: number; events: number }>(
    (p) => `${p.items} evidence item(s), ${p.events} event(s)`,
    (p) => `${p.items} 项证据，${p.events} 个事件`,
  ),
  'cli.case.notes': m<{ notes: string }>(
    (p) => `notes: ${p.notes}`,
    (p) => `备注：${p.notes}`,
  ),

  'cli.evidence.none': thing('Nothing here yet.', '这里还没有内容。'),
  'cli.evidence.updated': m<{ id: string; title: string; at: string }>(
    (p) => `Updated ${p.id}: ${p.title} (${p.at})`,
    (p) => `已更新 ${p.id}：${p.title}（${p.at}）`,
  ),
  'cli.evidence.trashed': m<{ id: string }>(
    (p) =>
      `Moved ${p.id} to the trash. It no longer shows on the timeline or in packets; the original and its history are kept, and "locker evidence restore ${p.id}" brings it back.`,
    (p) =>
      `已将 ${p.id} 移到回收站。它不再出现在时间线和材料包中；原件和它的记录都保留着，“locker evidence restore ${p.id}”可以恢复它。`,
  ),
  'cli.evidence.restored': m<{ id: string }>(
    (p) => `Restored ${p.id}.`,
    (p) => `已恢复 ${p.id}。`,
  ),
  'cli.evidence.kind-when': m<{ kind: string; at: string; source: string }>(
    (p) => `kind: ${p.kind}   when: ${p.at} (from ${p.source})`,
    (p) => `类型：${p.kind}   时间：${p.at}（来自 ${p.source}）`,
  ),
  'cli.evidence.original': m<{ name: string; size: number; mime: string }>(
    (p) => `original: ${p.name}, ${p.size} bytes, ${p.mime}`,
    (p) => `原件：${p.name}，${p.size} 字节，${p.mime}`,
  ),
  'cli.evidence.filed': m<{ at: string; method: string }>(
    (p) => `filed: ${p.at} by ${p.method}`,
    (p) => `存入：${p.at}，方式 ${p.method}`,
  ),
  'cli.evidence.in-trash-since': m<{ at: string }>(
    (p) => `IN TRASH since ${p.at}`,
    (p) => `自 ${p.at} 起在回收站中`,
  ),
  'cli.evidence.tags': m<{ tags: string }>(
    (p) => `tags: ${p.tags}`,
    (p) => `标签：${p.tags}`,
  ),
  'cli.event.added': m<{ kind: string; id: string; at: string; title: string }>(
    (p) => `Added ${p.kind} ${p.id} at ${p.at}: ${p.title}`,
    (p) => `已添加 ${p.kind} ${p.id}，时间 ${p.at}：${p.title}`,
  ),
  // `locker add`: one line per file, its label padded to a column.
  'cli.intake.added': thing('added', '已存入'),
  'cli.intake.already-in': thing('already in', '已存在'),
  'cli.intake.not-added': thing('NOT ADDED', '未存入'),
  'cli.intake.locked': thing('LOCKED', '已加密'),
  'cli.intake.skipped': thing('skipped', '已跳过'),
  'cli.intake.in-trash': thing('in the trash', '在回收站中'),
  'cli.intake.when': m<{ kind: string; at: string; source: string }>(
    (p) => `${p.kind}, ${p.at} from ${p.source}`,
    (p) => `${p.kind}，${p.at}，时间来自 ${p.source}`,
  ),
  'cli.intake.read-as': m<{ format: string; transactions: number; messages: number; problemCount: number }>(
    (p) =>
      `read as ${p.format}: ${p.transactions} transaction(s), ${p.messages} message(s)` +
      (p.problemCount ? `, ${p.problemCount} line(s) not readable` : ''),
    (p) =>
      `按 ${p.format} 读取：${p.transactions} 笔交易，${p.messages} 条消息` +
      (p.problemCount ? `，${p.problemCount} 行无法读取` : ''),
  ),
  'cli.intake.read-with-map': m<{ name: string }>(
    (p) => `read with the column map "${p.name}"`,
    (p) => `用列映射“${p.name}”读取`,
  ),
  'cli.intake.note': m<{ note: string }>(
    (p) => `note: ${p.note}`,
    (p) => `注意：${p.note}`,
  ),
  'cli.intake.can-map': m<{ path: string }>(
    (p) => `map its columns: locker layout guess ${p.path}`,
    (p) => `映射它的列：locker layout guess ${p.path}`,
  ),
  'cli.intake.summary': m<{ added: number; duplicates: number; errors: number }>(
    (p) => `${p.added} added, ${p.duplicates} already there, ${p.errors} could not be read.`,
    (p) => `存入 ${p.added} 个，已存在 ${p.duplicates} 个，${p.errors} 个无法读取。`,
  ),
  'cli.intake.progress': m<{ done: number; total: number }>(
    (p) => `${p.done}/${p.total} filed…`,
    (p) => `已存入 ${p.done}/${p.total}…`,
  ),
  'cli.intake.ask-password': m<{ count: number }>(
    (p) => `Password of the protected file(s) (${p.count}; Enter to skip):`,
    (p) => `受保护文件的密码（${p.count} 个；按回车跳过）：`,
  ),
  'cli.intake.password-visible': thing(
    'warning: --password shows in the process list to every user of this machine; use --password-file FILE or LOCKER_BILL_PASSWORD instead.',
    '警告：--password 会在进程列表中被本机的每个用户看到；请改用 --password-file FILE 或 LOCKER_BILL_PASSWORD。',
  ),
  // `locker export`, `backup`, `encrypt` and `passphrase` (the disk calls).
  'cli.export.wrote': m<{ path: string; bytes: number; sha256: string }>(
    (p) => `wrote ${p.path}  (${p.bytes} bytes, SHA-256 ${p.sha256})`,
    (p) => `已写入 ${p.path}（${p.bytes} 字节，SHA-256 ${p.sha256}）`,
  ),
  'cli.export.summary': m<{ pages: number; exhibits: number; volumes: number; reference: string }>(
    (p) =>
      `${p.pages} page(s), ${p.exhibits} exhibit(s)${p.volumes ? ` in ${p.volumes} volumes` : ''}; reference ${p.reference}`,
    (p) =>
      `共 ${p.pages} 页，${p.exhibits} 份证据${p.volumes ? `，分为 ${p.volumes} 册` : ''}；编号 ${p.reference}`,
  ),
  'cli.backup.wrote': m<{ path: string; objects: number; bytes: number; sha256: string }>(
    (p) =>
      `Wrote ${p.path}: ${p.objects} original(s), ${p.bytes} bytes, SHA-256 ${p.sha256}; every entry read back and checked.`,
    (p) =>
      `已写入 ${p.path}：${p.objects} 个原件，${p.bytes} 字节，SHA-256 ${p.sha256}；每一项都已读回核对。`,
  ),
  'cli.encrypt.done': m<{ objects: number; thumbnails: number; recoveryKey: string }>(
    (p) =>
      [
        `The locker is now encrypted: its database, ${p.objects} original(s) and ${p.thumbnails} thumbnail(s).`,
        '',
        `  Recovery key:  ${p.recoveryKey}`,
        '',
        'Write the recovery key down on paper and keep it apart from this computer. It opens the locker if the',
        'passphrase is forgotten (locker passphrase --recovery-key-file FILE). Without the passphrase and the',
        'recovery key nobody can open this locker again, not even with this program.',
        '',
        'From now on every locker command needs the passphrase: it asks for it, or reads --passphrase-file FILE',
        "or $LOCKER_PASSPHRASE. The locker command does not use this computer's keychain; the app offers that",
        'where the system has a real one.',
      ].join('\n'),
    (p) =>
      [
        `保管箱现已加密：它的数据库、${p.objects} 个原件和 ${p.thumbnails} 张缩略图。`,
        '',
        `  恢复密钥：${p.recoveryKey}`,
        '',
        '请把恢复密钥抄在纸上，和这台电脑分开保管。忘记密码短语时，它能打开保管箱',
        '（locker passphrase --recovery-key-file 文件）。没有密码短语也没有恢复密钥，',
        '任何人都无法再打开这个保管箱，用本程序也不行。',
        '',
        '从现在起，每个 locker 命令都需要密码短语：它会询问，或读取 --passphrase-file 文件',
        '或 $LOCKER_PASSPHRASE。locker 命令不使用这台电脑的钥匙串；系统有真正的钥匙串时，应用会提供这个选项。',
      ].join('\n'),
  ),
  'cli.passphrase.changed': thing(
    'The passphrase is changed. The recovery key stays the same.',
    '密码短语已更改。恢复密钥保持不变。',
  ),
  'cli.passphrase.new': thing('New passphrase:', '新的密码短语：'),
  'cli.passphrase.again': thing('The same passphrase again:', '再输入一次同样的密码短语：'),

  'cli.plan.set-by-you': thing('set by you', '由你设置'),
  'cli.plan.deadlines': thing('Deadlines:', '期限：'),
  'cli.plan.overdue': thing('OVERDUE', '已逾期'),
  'cli.plan.met': thing('met', '已完成'),
  'cli.nothing-found': thing('Nothing found.', '没有找到。'),
  'cli.timeline.none': thing(
    'Nothing on the timeline yet. Add files with: locker add CASE FILE...',
    '时间线上还没有内容。添加文件：locker add CASE FILE...',
  ),

  'cli.messages.system': thing('system', '系统'),
  'cli.messages.none': thing(
    'No messages yet. File a chat export or an email with: locker add CASE FILE',
    '还没有消息。存入聊天记录导出或邮件：locker add CASE FILE',
  ),
  'cli.message.keyed': m<{ id: string }>(
    (p) => `Marked ${p.id} as a key event.`,
    (p) => `已将 ${p.id} 标为关键事件。`,
  ),
  'cli.message.unkeyed': m<{ id: string }>(
    (p) => `Unmarked ${p.id} as a key event.`,
    (p) => `已取消 ${p.id} 的关键事件标记。`,
  ),

  'cli.ocr.on': thing('Reading text from images is on.', '已开启从图片中读取文字。'),
  'cli.ocr.off': thing('Reading text from images is off.', '已关闭从图片中读取文字。'),
  'cli.ocr.is-off': thing(
    'Reading text from images is off (turn it on with: locker ocr on).',
    '从图片中读取文字的功能已关闭（开启：locker ocr on）。',
  ),
  'cli.ocr.status.done': thing('done', '已读取'),
  'cli.ocr.status.failed': thing('failed', '失败'),
  'cli.ocr.status.skipped': thing('skipped', '已跳过'),
  'cli.ocr.status.pending': thing('pending', '等待中'),
  'cli.ocr.report': m<{ read: number; pending: number; failed: number }>(
    (p) => `${p.read} read; still waiting: ${p.pending}, failed: ${p.failed}.`,
    (p) => `已读取 ${p.read} 个；仍在等待：${p.pending} 个，失败：${p.failed} 个。`,
  ),
  'cli.transactions.disputed': thing('DISPUTED', '有争议'),
  'cli.transactions.none': thing(
    'No transactions yet. File a bill export (Alipay, WeChat Pay, bank) with: locker add CASE FILE',
    '还没有交易记录。存入账单导出（支付宝、微信支付、银行）：locker add CASE FILE',
  ),
  'cli.payments.none': thing(
    'No payments yet. File a bill export (Alipay, WeChat Pay, bank) with: locker add CASE FILE',
    '还没有付款。存入账单导出（支付宝、微信支付、银行）：locker add CASE FILE',
  ),
  'cli.series.none': thing(
    'No recurring charges found (a series needs the same payee at a regular interval, usually 3 times).',
    '没有找到周期性扣款（同一收款方按固定间隔扣款，通常至少 3 次，才算一个系列）。',
  ),
  'cli.dispute.disputed': m<{ count: number; changed: number }>(
    (p) => `Disputed ${p.count} charge(s) (${p.changed} changed).`,
    (p) => `已将 ${p.count} 笔扣款标为有争议（改动 ${p.changed} 笔）。`,
  ),
  'cli.dispute.undisputed': m<{ count: number; changed: number }>(
    (p) => `Undisputed ${p.count} charge(s) (${p.changed} changed).`,
    (p) => `已取消 ${p.count} 笔扣款的争议标记（改动 ${p.changed} 笔）。`,
  ),
  'cli.dispute.refunds-linked': m<{ count: number }>(
    (p) => `Linked ${p.count} refund(s) to their charges.`,
    (p) => `已将 ${p.count} 笔退款关联到对应的扣款。`,
  ),
  'cli.refund.linked': m<{ id: string; charge: string }>(
    (p) => `Linked refund ${p.id} to charge ${p.charge}.`,
    (p) => `已将退款 ${p.id} 关联到扣款 ${p.charge}。`,
  ),
  'cli.payment.confirmed': m<{ count: number }>(
    (p) => `Confirmed ${p.count} match(es) as the same payment.`,
    (p) => `已确认 ${p.count} 组匹配为同一笔付款。`,
  ),
  'cli.refund.unlinked': m<{ id: string }>(
    (p) => `Unlinked refund ${p.id}.`,
    (p) => `已取消退款 ${p.id} 的关联。`,
  ),
  'cli.payments.seen-in': m<{ rail: string; sources: string }>(
    (p) => `${p.rail}; seen in ${p.sources}`,
    (p) => `${p.rail}；见于 ${p.sources}`,
  ),
  'cli.payments.refunded': m<{ amount: string }>(
    (p) => `; refunded ${p.amount}`,
    (p) => `；已退 ${p.amount}`,
  ),
  'cli.payments.to-confirm': m<{ count: number }>(
    (p) => `; ${p.count} to confirm`,
    (p) => `；${p.count} 项待确认`,
  ),
  'cli.payment.joined': m<{ id: string; count: number }>(
    (p) => `Joined: ${p.id} is now seen in ${p.count} rows.`,
    (p) => `已合并：${p.id} 现见于 ${p.count} 条记录。`,
  ),
  'cli.payment.split': m<{ tx: string; id: string }>(
    (p) => `Split: ${p.tx} is now payment ${p.id} on its own.`,
    (p) => `已拆分：${p.tx} 现为单独的付款 ${p.id}。`,
  ),
  'cli.payment.rejected': m<{ a: string; b: string; kind: string }>(
    (p) => `Kept apart: ${p.a} and ${p.b} (${p.kind}).`,
    (p) => `已分开：${p.a} 与 ${p.b}（${p.kind}）。`,
  ),
  'cli.payment.rail': m<{ id: string; rail: string; source: string }>(
    (p) => `${p.id} moved by ${p.rail} (${p.source}).`,
    (p) => `${p.id} 的支付方式：${p.rail}（${p.source}）。`,
  ),
  'cli.summary.counts': m<{
    items: number;
    events: number;
    transactions: number;
    messages: number;
    key: number;
  }>(
    (p) =>
      `${p.items} item(s), ${p.events} event(s), ${p.transactions} transaction(s), ${p.messages} message(s) (${p.key} key)`,
    (p) =>
      `${p.items} 项证据，${p.events} 个事件，${p.transactions} 笔交易，${p.messages} 条消息（${p.key} 条关键）`,
  ),
  'cli.summary.all-charges': m<{ total: string; currency: string; count: number }>(
    (p) => `all charges: ${p.total} ${p.currency} in ${p.count}`,
    (p) => `全部扣款：${p.count} 笔，共 ${p.total} ${p.currency}`,
  ),
  'cli.summary.disputed': m<{ count: number }>(
    (p) => `disputed: ${p.count} charge(s)`,
    (p) => `有争议：${p.count} 笔扣款`,
  ),
  'cli.summary.none-disputed': thing(
    'nothing disputed yet (locker dispute CASE --match TEXT)',
    '还没有标为有争议的扣款（locker dispute CASE --match TEXT）',
  ),
  'cli.summary.totals': m<{ currency: string; charged: string; refunded: string; outstanding: string }>(
    (p) => `${p.currency}: charged ${p.charged}, refunded ${p.refunded}, still owed ${p.outstanding}`,
    (p) => `${p.currency}：扣款 ${p.charged}，已退 ${p.refunded}，仍欠 ${p.outstanding}`,
  ),

  'cli.nothing-changed': thing('Nothing changed.', '没有改动。'),
  'cli.contact.recorded': m<{ id: string; party: string }>(
    (p) => `Recorded contact ${p.id} with ${p.party}.`,
    (p) => `已记录与 ${p.party} 的联系 ${p.id}。`,
  ),
  'cli.deadline.line': m<{ at: string; title: string; rule: string }>(
    (p) => `deadline ${p.at}: ${p.title} (${p.rule})`,
    (p) => `期限 ${p.at}：${p.title}（${p.rule}）`,
  ),
  'cli.deadline.added': m<{ id: string; at: string; title: string }>(
    (p) => `Added deadline ${p.id} at ${p.at}: ${p.title}`,
    (p) => `已添加期限 ${p.id}，时间 ${p.at}：${p.title}`,
  ),
  'cli.deadline.met': m<{ id: string }>(
    (p) => `Marked ${p.id} as met.`,
    (p) => `已将 ${p.id} 标为已完成。`,
  ),
  'cli.deadline.not-met': m<{ id: string }>(
    (p) => `Unmarked ${p.id} as met.`,
    (p) => `已取消 ${p.id} 的已完成标记。`,
  ),
  'cli.agreement.none': thing(
    'No agreement recorded yet. Add one with: locker agreement CASE --merchant NAME',
    '还没有记录任何协议。添加一个：locker agreement CASE --merchant NAME',
  ),
  'cli.agreement.recorded': m<{ id: string; merchant: string; status: string }>(
    (p) => `Recorded agreement ${p.id} with ${p.merchant} (${p.status}).`,
    (p) => `已记录与 ${p.merchant} 的协议 ${p.id}（${p.status}）。`,
  ),
  'cli.agreement.updated': m<{ id: string; merchant: string; status: string }>(
    (p) => `Updated agreement ${p.id} with ${p.merchant} (${p.status}).`,
    (p) => `已更新与 ${p.merchant} 的协议 ${p.id}（${p.status}）。`,
  ),
  'cli.agreement.recorded-from': m<{
    id: string;
    merchant: string;
    status: string;
    from: string;
    read: string;
    series: string;
  }>(
    (p) =>
      `Recorded agreement ${p.id} with ${p.merchant} (${p.status}) from ${p.from}` +
      (p.read ? `; read: ${p.read}` : '') +
      (p.series ? `; behind series ${p.series}` : '') +
      '.',
    (p) =>
      `已根据 ${p.from} 记录与 ${p.merchant} 的协议 ${p.id}（${p.status}）` +
      (p.read ? `；读到：${p.read}` : '') +
      (p.series ? `；对应扣款系列 ${p.series}` : '') +
      '。',
  ),
  'cli.agreement.updated-from': m<{
    id: string;
    merchant: string;
    status: string;
    from: string;
    read: string;
    series: string;
  }>(
    (p) =>
      `Updated agreement ${p.id} with ${p.merchant} (${p.status}) from ${p.from}` +
      (p.read ? `; read: ${p.read}` : '') +
      (p.series ? `; behind series ${p.series}` : '') +
      '.',
    (p) =>
      `已根据 ${p.from} 更新与 ${p.merchant} 的协议 ${p.id}（${p.status}）` +
      (p.read ? `；读到：${p.read}` : '') +
      (p.series ? `；对应扣款系列 ${p.series}` : '') +
      '。',
  ),
  'cli.agreement.closed': m<{ at: string }>(
    (p) => `closed ${p.at}`,
    (p) => `${p.at} 已关闭`,
  ),
  'cli.claimant.saved': m<{ fields: string; scope: string }>(
    (p) => `Saved ${p.fields} for ${p.scope}.`,
    (p) => `已为${p.scope}保存 ${p.fields}。`,
  ),
  'cli.claimant.every-case': thing('every case', '所有案件'),
  // A deadline rule: `off`, `edited` and `working` are 'yes' or ''.
  'cli.rule.summary': m<{ key: string; days: number; off: string; edited: string; working: string }>(
    (p) =>
      `${p.key}${p.off ? ' (off)' : ''}${p.edited ? ' (changed by you)' : ''}: ${p.days} ` +
      (p.working ? 'working day(s)' : 'day(s)'),
    (p) =>
      `${p.key}${p.off ? '（已关闭）' : ''}${p.edited ? '（已由你修改）' : ''}：${p.days} ` +
      (p.working ? '个工作日' : '天'),
  ),
  // A rule as changed or reset: `count` is calendar or china-working; `off` is 'yes' or ''.
  'cli.rule.changed': m<{ key: string; days: number; count: string; off: string }>(
    (p) => `${p.key}: ${p.days} ${p.count} day(s)${p.off ? ' (off)' : ''}`,
    (p) =>
      `${p.key}：${p.days} 天（${p.count === 'calendar' ? '自然日' : p.count === 'china-working' ? '中国工作日' : p.count}）` +
      (p.off ? '（已关闭）' : ''),
  ),

  // ── Files and the file system ────────────────────────────────────────────────────────────────────────
  'fs.enoent': thing('no file or folder at this path', '这个路径下没有文件或文件夹'),
  'fs.eacces': thing('permission denied: this file cannot be read', '没有权限：无法读取这个文件'),
  'fs.eisdir': thing('this is a folder, not a file', '这是一个文件夹，不是文件'),
  'fs.enotdir': thing('a part of this path is not a folder', '这个路径中有一部分不是文件夹'),
  'fs.eloop': thing('this path loops back on itself through links', '这个路径通过链接绕回了自身'),
  'fs.enametoolong': thing('the path is too long', '路径太长'),
  'fs.eio': thing(
    'the disk reported an input/output error for this file',
    '读写这个文件时磁盘报告了输入/输出错误',
  ),
  'fs.enospc': thing(
    'the disk is full: nothing of this file was kept; free some space and add it again',
    '磁盘已满：这个文件没有保存任何内容；请腾出空间后重新添加',
  ),
  'fs.emfile': thing(
    'too many files are open; try again with fewer at once',
    '同时打开的文件太多；请减少一次添加的数量后再试',
  ),
  'fs.other': m<{ detail: string }>(
    (p) => p.detail,
    (p) => `系统错误：${p.detail}`,
  ),
  'file.cannot-read': m<{ file: string; reason: string }>(
    (p) => `Cannot read "${p.file}": ${p.reason}.`,
    (p) => `无法读取“${p.file}”：${p.reason}。`,
  ),
  'file.cannot-read-what': m<{ what: string; file: string; reason: string }>(
    (p) => `Cannot read the ${p.what} "${p.file}": ${p.reason}.`,
    (p) => `无法读取${p.what}“${p.file}”：${p.reason}。`,
  ),
  'what.recovery-key-file': thing('recovery key file', '恢复密钥文件'),
  'what.password-file': thing('password file', '密码文件'),
  'what.passphrase-file': thing('passphrase file', '密码短语文件'),
  'what.letter': thing('letter', '信件'),
  'what.layout-file': thing('map file', '列映射文件'),
  'letter.empty': m<{ file: string }>(
    (p) => `The letter "${p.file}" is empty.`,
    (p) => `信件“${p.file}”是空的。`,
  ),
  'letter.too-long': m<{ file: string }>(
    (p) => `The letter "${p.file}" is longer than 100,000 characters.`,
    (p) => `信件“${p.file}”超过 100,000 个字符。`,
  ),

  // ── Files that cannot be filed, or are filed with a note ─────────────────────────────────────────────
  'intake.not-regular': thing(
    'not a regular file (a device, socket or pipe cannot be filed)',
    '不是普通文件（设备、套接字或管道无法保存）',
  ),
  'intake.empty': thing(
    'the file is empty (0 bytes): there is nothing in it to keep',
    '文件是空的（0 字节）：里面没有可以保存的内容',
  ),
  'intake.too-deep': m<{ depth: number }>(
    (p) =>
      `it holds files nested more than ${p.depth} archives deep: it is filed as it is, but what is inside was not unpacked`,
    (p) => `里面的文件嵌套超过 ${p.depth} 层压缩包：文件已原样保存，但里面的内容没有解开`,
  ),
  'intake.too-many-embedded': m<{ max: number }>(
    (p) =>
      `more than ${p.max} files came out of archives and attachments in this import: it is filed as it is, but what is inside was not unpacked`,
    (p) => `这次导入从压缩包和附件中取出的文件超过 ${p.max} 个：文件已原样保存，但里面的内容没有解开`,
  ),
  'intake.password-needed': thing(
    'the file is password-protected: it was filed as it is, but to read what is inside add it again with its password',
    '文件有密码保护：文件已原样保存；要读取里面的内容，请用密码重新添加',
  ),
  'intake.password-wrong': thing(
    'the password is wrong: the file was filed as it is, but nothing inside could be read',
    '密码不对：文件已原样保存，但里面的内容无法读取',
  ),
  'skip.hidden': thing('hidden or system file', '隐藏文件或系统文件'),
  'skip.link-nowhere': thing('link to a folder or to nothing', '指向文件夹或不存在目标的链接'),
  'skip.link-outside': thing(
    'link to a file outside the folder given; not followed',
    '指向所给文件夹以外文件的链接，未跟随',
  ),
  'skip.not-regular': thing('not a regular file', '不是普通文件'),
  'skip.mac-clutter': thing(
    'macOS clutter in the archive (__MACOSX, .DS_Store), not evidence',
    '压缩包里的 macOS 附带文件（__MACOSX、.DS_Store），不是证据',
  ),
  'type.not-what-named': m<{ name: string; expected: string; actual: string }>(
    (p) => `named "${p.name}" but its content is not ${p.expected} (it is ${p.actual})`,
    (p) => `文件名为“${p.name}”，但内容不是${p.expected}（实际是${p.actual}）`,
  ),
  'type.really-other': m<{ name: string; actual: string; filedAs: string }>(
    (p) => `named "${p.name}" but it is really ${p.actual}; filed as ${p.filedAs}`,
    (p) => `文件名为“${p.name}”，但实际是${p.actual}；已按${p.filedAs}保存`,
  ),
  'image.unreadable': m<{ detail: string }>(
    (p) => `the image cannot be read (${p.detail})`,
    (p) => `图片无法读取（${p.detail}）`,
  ),
  'image.no-size': thing('the image has no size: it is damaged', '图片没有尺寸：文件已损坏'),
  'image.too-many-pixels': m<{ width: number; height: number; limit: number }>(
    (p) =>
      `the image claims ${p.width}×${p.height} pixels, more than the ${p.limit}-megapixel safety limit (a decompression bomb or a damaged file)`,
    (p) =>
      `图片声称有 ${p.width}×${p.height} 像素，超过 ${p.limit} 百万像素的安全上限（解压炸弹或损坏的文件）`,
  ),
  'image.over-limit': m<{ limit: number }>(
    (p) => `the image is larger than the ${p.limit}-megapixel safety limit`,
    (p) => `图片超过 ${p.limit} 百万像素的安全上限`,
  ),
  'image.damaged': m<{ detail: string }>(
    (p) => `the image is damaged or incomplete and cannot be shown (${p.detail})`,
    (p) => `图片已损坏或不完整，无法显示（${p.detail}）`,
  ),
  'pdf.truncated': thing(
    'the PDF is incomplete: it stops before its end marker (%%EOF), as if cut off while downloading',
    'PDF 不完整：在结束标记（%%EOF）之前就断了，像是下载时被中断',
  ),
  'pdf.damaged': m<{ detail: string }>(
    (p) => `the PDF is damaged and cannot be opened (${p.detail})`,
    (p) => `PDF 已损坏，无法打开（${p.detail}）`,
  ),
  'pdf.page-damaged': m<{ page: number; pages: number; detail: string }>(
    (p) => `the PDF is damaged: page ${p.page} of ${p.pages} cannot be read (${p.detail})`,
    (p) => `PDF 已损坏：共 ${p.pages} 页，第 ${p.page} 页无法读取（${p.detail}）`,
  ),
  'pdf.bomb': m<{ stream: number; total: number }>(
    (p) =>
      `the PDF holds compressed data that unpacks to more than ${p.stream} MB in one stream or ${p.total} MB in all (a decompression bomb); it was not opened`,
    (p) => `PDF 中的压缩数据解开后单个超过 ${p.stream} MB 或合计超过 ${p.total} MB（解压炸弹），没有打开`,
  ),
  'warn.too-large': thing(
    'too large to read for dates and text; the original is kept as it is',
    '文件太大，无法读取日期和文字；原件已原样保存',
  ),
  'warn.image-mtime': thing(
    "no time in the picture or its name: its time is the file's modified time, which changes when a file is copied or re-saved",
    '图片和文件名里都没有时间：所用时间是文件的修改时间，文件被复制或另存时会改变',
  ),
  'warn.no-preview': thing(
    'no preview for this image format yet; the original is kept as it is',
    '暂时无法预览这种图片格式；原件已原样保存',
  ),
  'warn.photo-zone': m<{ zone: string }>(
    (p) => `the photo's time has no time zone; read as ${p.zone}`,
    (p) => `照片的时间没有时区，按 ${p.zone} 读取`,
  ),
  'warn.pdf-no-text': thing(
    'the PDF has no text layer (a scan or photo): its words cannot be searched yet',
    'PDF 没有文字层（扫描件或照片）：暂时无法搜索其中的文字',
  ),
  'warn.lines-unreadable': m<{ count: number; where: string; first: string }>(
    (p) => `${p.count} line(s) could not be read (first: ${p.where}: ${p.first})`,
    (p) => `有 ${p.count} 行无法读取（第一处：${p.where}：${p.first}）`,
  ),
  'where.line': m<{ line: number }>(
    (p) => `line ${p.line}`,
    (p) => `第 ${p.line} 行`,
  ),
  'where.page-line': m<{ page: number; line: number }>(
    (p) => `page ${p.page}, line ${p.line}`,
    (p) => `第 ${p.page} 页第 ${p.line} 行`,
  ),
  // ── Lines of a file an importer could not read (alipay helper) ────────────────────────────────────────
  // Each problem an importer reports about a line (or about the whole file, line 0), as `warn.lines-unreadable`
  // quotes the first one and an import result lists them. The English words are the sentences importers wrote
  // before these codes, so a stored one reads exactly as before (see services/import-problems.ts).
  'problem.unreadable-amount': m<{ value: string }>(
    (p) => `unreadable amount "${p.value}"`,
    (p) => `金额无法读取：“${p.value}”`,
  ),
  'problem.no-amount': thing('no amount', '没有金额'),
  'problem.unreadable-time': m<{ value: string }>(
    (p) => `unreadable time "${p.value}"`,
    (p) => `时间无法读取：“${p.value}”`,
  ),
  'problem.unreadable-date': m<{ value: string }>(
    (p) => `unreadable date "${p.value}"`,
    (p) => `日期无法读取：“${p.value}”`,
  ),
  'problem.unreadable-booking-date': m<{ value: string }>(
    (p) => `unreadable booking date "${p.value}"`,
    (p) => `记账日期无法读取：“${p.value}”`,
  ),
  'problem.unreadable-field': m<{ field: string; value: string }>(
    (p) => `unreadable ${p.field} "${p.value}"`,
    (p) => `${p.field} 无法读取：“${p.value}”`,
  ),
  'problem.impossible-date': m<{ value: string }>(
    (p) => `impossible date "${p.value}"`,
    (p) => `不可能的日期：“${p.value}”`,
  ),
  'problem.impossible-time': m<{ value: string }>(
    (p) => `impossible time in "${p.value}"`,
    (p) => `时间不可能成立：“${p.value}”`,
  ),
  'problem.impossible-date-time': m<{ value: string; order: string }>(
    (p) => `impossible date or time${p.order ? ` (${p.order})` : ''} in "${p.value}"`,
    (p) => `日期或时间不可能成立${p.order ? `（${p.order}）` : ''}：“${p.value}”`,
  ),
  'problem.no-time-for': m<{ value: string }>(
    (p) => `no time for "${p.value}"`,
    (p) => `没有时间：“${p.value}”`,
  ),
  'problem.unknown-currency': m<{ value: string }>(
    (p) => `unknown currency "${p.value}"`,
    (p) => `无法识别的币种：“${p.value}”`,
  ),
  'problem.no-currency-for-zone': m<{ zone: string }>(
    (p) => `no currency column and none known for time zone "${p.zone}"; amounts marked XXX`,
    (p) => `没有币种列，时区“${p.zone}”也对应不到币种；金额标为 XXX`,
  ),
  'problem.qif-no-currency': m<{ zone: string }>(
    (p) => `QIF names no currency and none is known for "${p.zone}"; amounts marked XXX`,
    (p) => `QIF 文件没有写币种，“${p.zone}”也对应不到币种；金额标为 XXX`,
  ),
  'problem.ofx-no-currency': thing(
    'no CURDEF currency in the statement; amounts marked XXX',
    '对账单里没有 CURDEF 币种；金额标为 XXX',
  ),
  'problem.camt-no-currency': thing('entry has no currency (Amt@Ccy)', '这笔记录没有币种（Amt@Ccy）'),
  'problem.mt940-no-opening': thing(
    'no :60F: opening balance before :61:, so no currency',
    ':61: 之前没有 :60F: 期初余额，因此没有币种',
  ),
  'problem.no-year': thing(
    'dates are written without a year (MM/DD) and the statement says no period or year',
    '日期没有写年份（MM/DD），账单里也没有写期间或年份',
  ),
  'problem.unknown-zone': m<{ zone: string }>(
    (p) => `unknown time zone "${p.zone}"; times read as UTC`,
    (p) => `无法识别的时区“${p.zone}”；时间按 UTC 读取`,
  ),
  'problem.header-no-time-amount': thing(
    'the header has no time or amount column',
    '表头里没有时间列或金额列',
  ),
  'problem.no-header': m<{ what: string; columns: string }>(
    (p) => `no ${p.what} header row${p.columns ? ` (${p.columns})` : ''} found`,
    (p) => `没有找到${billInChinese(p.what)}的表头行${p.columns ? `（${p.columns}）` : ''}`,
  ),
  'problem.no-wechat-chat-header': thing(
    'no WeChat chat header (Type, IsSender, StrContent …) found',
    '没有找到微信聊天记录的表头（Type, IsSender, StrContent …）',
  ),
  'problem.direction-not-mapped': m<{ value: string }>(
    (p) => `direction "${p.value}" is not in the map`,
    (p) => `收支方向“${p.value}”不在列映射里`,
  ),
  'problem.map-misfit': m<{ issues: string }>(
    (p) => `map: ${p.issues}`,
    (p) => `列映射：${p.issues}`,
  ),
  'problem.text-before-first': thing('text before the first message', '第一条消息之前的文字'),
  'problem.before-date-line': thing('message before any date line', '日期行之前的消息'),
  'problem.mail-no-time': m<{ missing: string }>(
    (p) => `${p.missing}; the e-mail has no time`,
    (p) => `${p.missing}；这封邮件没有时间`,
  ),
  'problem.mail-unreadable': m<{ detail: string }>(
    (p) => `unreadable e-mail: ${p.detail}`,
    (p) => `邮件无法读取：${p.detail}`,
  ),
  'problem.msg-unopenable': m<{ detail: string }>(
    (p) => `the Outlook message cannot be opened: ${p.detail}`,
    (p) => `Outlook 邮件无法打开：${p.detail}`,
  ),
  'problem.msg-not-outlook': thing(
    'a compound file, but not an Outlook message (no message properties)',
    '是复合文件，但不是 Outlook 邮件（没有邮件属性）',
  ),
  'problem.msg-no-time': thing('the message carries no time of its own', '邮件本身没有时间'),
  'problem.reader-failed': m<{ format: string; detail: string }>(
    (p) => `the ${p.format} reader failed: ${p.detail}`,
    (p) => `读取“${p.format}”时出错：${p.detail}`,
  ),
  'problem.workbook-unreadable': m<{ format: string; detail: string }>(
    (p) => `not a readable ${p.format} workbook: ${p.detail}`,
    (p) => `不是可以读取的 ${p.format} 工作簿：${p.detail}`,
  ),
  'problem.malformed-xml': m<{ detail: string }>(
    (p) => `malformed XML: ${p.detail}`,
    (p) => `XML 格式错误：${p.detail}`,
  ),
  'problem.bad-json': m<{ detail: string }>(
    (p) => `not valid JSON: ${p.detail}`,
    (p) => `不是有效的 JSON：${p.detail}`,
  ),
  'problem.not-found': m<{ what: string }>(
    (p) => `no ${p.what} found`,
    (p) => `没有找到${FOUND_IN_CHINESE[p.what] ?? p.what}`,
  ),
  'problem.zip-password': m<{ app: string }>(
    (p) => `the zip is password-protected; ${p.app} exports are not`,
    (p) => `压缩包有密码保护；${p.app} 导出的压缩包不会有密码`,
  ),
  'problem.not-in-zip': m<{ what: string }>(
    (p) => `no ${p.what} in the zip`,
    (p) => `压缩包里没有${FOUND_IN_CHINESE[p.what] ?? p.what}`,
  ),
  'problem.ofd-password': thing('the OFD package is password-protected', 'OFD 文件包有密码保护'),
  'problem.telegram-not-export': thing(
    'not a Telegram export (no top-level object)',
    '不是 Telegram 导出文件（没有顶层对象）',
  ),
  'problem.mt940-balance': m<{ tag: string; value: string }>(
    (p) => `unreadable balance :${p.tag}: "${p.value}"`,
    (p) => `余额 :${p.tag}: 无法读取：“${p.value}”`,
  ),
  'problem.mt940-line': m<{ value: string }>(
    (p) => `unreadable :61: "${p.value}"`,
    (p) => `:61: 无法读取：“${p.value}”`,
  ),
  'problem.tnef-inside': m<{ at: number }>(
    (p) => `the TNEF stream ends inside an attribute at byte ${p.at}`,
    (p) => `TNEF 数据在第 ${p.at} 字节处的属性中间结束`,
  ),
  'problem.tnef-cut': m<{ at: number }>(
    (p) => `the TNEF stream is cut short at byte ${p.at}`,
    (p) => `TNEF 数据在第 ${p.at} 字节处被截断`,
  ),
  'problem.attachment-empty': m<{ name: string }>(
    (p) => `attachment "${p.name}" holds no data that can be read`,
    (p) => `附件“${p.name}”中没有可读取的数据`,
  ),
  'problem.in-file': m<{ file: string; problem: string }>(
    (p) => `${p.file}: ${p.problem}`,
    (p) => `${p.file} 中：${p.problem}`,
  ),
  kind: m<{ en: string; token: string; family: string }>(
    (p) => p.en,
    (p) => kindInChinese(p.token, p.family),
  ),
  'warn.archive-partly': m<{ first: string; more: number }>(
    (p) =>
      `the archive is filed as it is, but not everything in it was unpacked: ${p.first}` +
      (p.more > 0 ? ` (and ${p.more} more)` : ''),
    (p) => `压缩包已原样保存，但其中有内容没有解开：${p.first}` + (p.more > 0 ? `（另有 ${p.more} 处）` : ''),
  ),
  'warn.not-a-bill-mappable': thing(
    'not a bill or chat layout Evidence Locker can read rows from yet; filed as a plain document — map its columns to read its rows',
    '暂时无法从这种账单或聊天格式中读取记录，已作为普通文件保存——可以映射它的列来读取记录',
  ),
  'warn.not-a-bill': thing(
    'not a bill or chat layout Evidence Locker can read rows from yet; filed as a plain document',
    '暂时无法从这种账单或聊天格式中读取记录，已作为普通文件保存',
  ),
  'warn.layout-not-table': m<{ name: string }>(
    (p) => `not a table: the column map "${p.name}" was not used`,
    (p) => `不是表格：没有使用列映射“${p.name}”`,
  ),
  'warn.layout-misfit': m<{ name: string; issues: string }>(
    (p) => `the column map "${p.name}" does not fit this file (${p.issues})`,
    (p) => `列映射“${p.name}”不适用于这个文件（${p.issues}）`,
  ),
  'warn.alipay-resaved': m<{ signs: string }>(
    (p) =>
      `This bill looks opened and re-saved in a spreadsheet program (${p.signs}): it is not the file ` +
      'as Alipay issued it. Everything readable was imported; file the original from Alipay’s email too.',
    (p) =>
      `这份账单看起来被电子表格软件打开并另存过（${p.signs}）：已不是支付宝发出的原文件。` +
      '能读取的内容都已导入；请把支付宝邮件里的原文件也一并保存。',
  ),
  'warn.qif-investments': m<{ line: number; records: number }>(
    (p) =>
      `investment section (!Type:Invst) at line ${p.line} skipped: ${p.records} record(s) of holdings and trades are not payments`,
    (p) => `已跳过第 ${p.line} 行的投资部分（!Type:Invst）：其中 ${p.records} 条持仓和交易记录不是付款`,
  ),
  'warn.mail-time': m<{ subject: string; missing: string; said: string }>(
    (p) => `${p.subject ? `"${p.subject}": ` : ''}${p.missing}; its time is ${p.said}`,
    (p) => `${p.subject ? `“${p.subject}”：` : ''}${p.missing}；所用时间是${p.said}`,
  ),
  'warn.msg-no-time': m<{ said: string }>(
    (p) => `the message carries no time of its own; its time is ${p.said}`,
    (p) => `邮件本身没有时间；所用时间是${p.said}`,
  ),
  'warn.msg-attached-message': m<{ title: string }>(
    (p) =>
      `the attached message "${p.title}" is read into this one's text; it stays inside the original .msg`,
    (p) => `附带的邮件“${p.title}”已并入这封邮件的文字；它仍保存在原 .msg 文件里`,
  ),
  'warn.msg-empty-attachment': m<{ name: string }>(
    (p) => `attachment "${p.name}" holds no data that can be read (an OLE object or a link)`,
    (p) => `附件“${p.name}”中没有可读取的数据（OLE 对象或链接）`,
  ),
  'said.file-mtime': thing("the file's modified time", '文件的修改时间'),
  'said.container-time': thing('the time of the file it came in', '所在文件的时间'),
  'said.mail-time': thing('the time of the e-mail it came in', '所在邮件的时间'),

  // ── Cases, evidence, events ──────────────────────────────────────────────────────────────────────────
  'case.needs-title': thing(
    'A case needs a title, e.g. "Yuanbao insurance auto-debit".',
    '案件需要一个标题，例如“元保自动扣款”。',
  ),
  'case.title-empty': thing('A case title cannot be empty.', '案件标题不能为空。'),
  'case.unknown-zone': m<{ zone: string }>(
    (p) => `Unknown time zone "${p.zone}".`,
    (p) => `未知的时区“${p.zone}”。`,
  ),
  'case.bad-currency': m<{ currency: string }>(
    (p) => `"${p.currency}" is not a currency code like CNY or USD.`,
    (p) => `“${p.currency}”不是货币代码（例如 CNY 或 USD）。`,
  ),
  'evidence.title-empty': thing('A title cannot be empty.', '标题不能为空。'),
  'evidence.in-trash': m<{ title: string }>(
    (p) => `"${p.title}" is in the trash: restore it first.`,
    (p) => `“${p.title}”在回收站里：请先恢复它。`,
  ),
  'event.needs-title': thing(
    'An event needs a title, e.g. "Called 95188, ticket 12345".',
    '事件需要一个标题，例如“致电 95188，工单号 12345”。',
  ),
  'time.unreadable': m<{ text: string }>(
    (p) => `"${p.text}" is not a date and time like 2025-08-27 08:01 or 2025-08-27T08:01:12+08:00.`,
    (p) => `“${p.text}”不是日期和时间（例如 2025-08-27 08:01 或 2025-08-27T08:01:12+08:00）。`,
  ),
  'search.too-long': thing(
    'The search is too long (over 1,000 characters).',
    '搜索内容太长（超过 1,000 个字符）。',
  ),

  // ── Charges and the ledger ───────────────────────────────────────────────────────────────────────────
  'dispute.which': thing(
    'Say which charges: a text to match (e.g. 元保) or transaction ids.',
    '请说明是哪些扣款：要匹配的文字（例如“元保”）或账单记录编号。',
  ),
  'dispute.not-a-charge': m<{ id: string }>(
    (p) => `${p.id} is not a charge (money out), so it cannot be disputed.`,
    (p) => `${p.id} 不是扣款（支出），不能标记为有异议。`,
  ),
  'dispute.only-charges': thing(
    'Only charges (money out) can be disputed.',
    '只有扣款（支出）才能标记为有异议。',
  ),
  'refund.not-a-charge': m<{ id: string }>(
    (p) => `${p.id} is not a charge (money out).`,
    (p) => `${p.id} 不是扣款（支出）。`,
  ),
  'refund.is-money-out': m<{ id: string }>(
    (p) => `${p.id} is money out, not a refund.`,
    (p) => `${p.id} 是支出，不是退款。`,
  ),
  'series.not-found': m<{ id: string }>(
    (p) => `No recurring series "${p.id}" in this case; see: locker series CASE`,
    (p) => `本案件中没有周期扣款“${p.id}”；查看：locker series CASE`,
  ),
  'ledger.join-differ': thing(
    'These two rows move different amounts or in different directions, so they cannot be one payment.',
    '这两行的金额或方向不同，不可能是同一笔付款。',
  ),
  'ledger.join-same-file': thing(
    'These two rows are in the same file, so they are two payments (possibly a double charge), not one.',
    '这两行在同一个文件里，所以是两笔付款（可能是重复扣款），不是一笔。',
  ),
  'ledger.split-alone': thing(
    'This row is a payment of its own already; there is nothing to split.',
    '这一行本来就是单独的一笔付款，无需拆分。',
  ),

  // ── The dispute: deadlines, agreements, contacts, the plan ───────────────────────────────────────────
  'rule.not-found': m<{ key: string; list: string }>(
    (p) => `No deadline rule "${p.key}"; the rules are ${p.list}.`,
    (p) => `没有期限规则“${p.key}”；现有的规则：${p.list}。`,
  ),
  'rule.cannot-keep': m<{ problems: string }>(
    (p) => `That rule change cannot be kept: ${p.problems}.`,
    (p) => `这项规则修改无法保存：${ruleProblemsInChinese(p.problems)}。`,
  ),
  'deadline.needs-title': thing(
    'A deadline needs a title, e.g. "Bank promised an answer".',
    '截止日期需要一个标题，例如“银行承诺答复”。',
  ),
  'deadline.title-empty': thing('A deadline title cannot be empty.', '截止日期的标题不能为空。'),
  'agreement.needs-merchant': thing(
    'An agreement needs the merchant it was made with.',
    '扣款协议需要填写签约的商家。',
  ),
  'agreement.not-found-cli': m<{ id: string }>(
    (p) => `No agreement "${p.id}" in this case; see: locker agreement CASE`,
    (p) => `本案件中没有扣款协议“${p.id}”；查看：locker agreement CASE`,
  ),
  'agreement.not-read-yet': m<{ id: string; caseId: string }>(
    (p) =>
      `${p.id} has not been read yet; read it first with: locker ocr ${p.caseId} (or give the fields yourself).`,
    (p) => `${p.id} 还没有识别文字；请先运行：locker ocr ${p.caseId}（或自己填写各项）。`,
  ),
  'agreement.not-an-agreement': m<{ id: string }>(
    (p) =>
      `${p.id} does not read as an auto-debit agreement page (免密支付/自动扣款/自动续费); give --merchant NAME to record it anyway.`,
    (p) =>
      `${p.id} 看起来不是自动扣款协议页面（免密支付/自动扣款/自动续费）；如仍要记录，请用 --merchant 商家名。`,
  ),
  'chat.not-a-chat': m<{ id: string }>(
    (p) => `${p.id} does not read as a chat (no bubbles taking turns were found in the text read from it).`,
    (p) => `${p.id} 看起来不是聊天截图（识别出的文字里没有一来一往的对话）。`,
  ),
  'chat.already-filed': m<{ id: string }>(
    (p) => `${p.id} is already filed as a contact with the platform.`,
    (p) => `${p.id} 已经记为与平台的联系记录。`,
  ),

  // ── Export and redaction ─────────────────────────────────────────────────────────────────────────────
  'export.size-limit': thing(
    'A size limit under 100 KB cannot hold a packet; give at least 1MB.',
    '小于 100 KB 的大小限制放不下材料包；请至少给 1MB。',
  ),
  'redact.boxes-missing': m<{ id: string; seq: number }>(
    (p) =>
      `Item ${p.id} was redacted (custody log entry ${p.seq}), but its redaction boxes are missing from the ` +
      'locker or differ from what the log recorded: it will not go out unredacted. Restore the locker from a ' +
      'backup, or draw the boxes again, then export.',
    (p) =>
      `证据 ${p.id} 曾被遮盖（保管记录第 ${p.seq} 条），但它的遮盖框在保管箱中缺失或与记录不符：不会未经遮盖就导出。` +
      '请从备份恢复保管箱，或重新画出遮盖框，再导出。',
  ),
  'export.no-such-exhibit': m<{ id: string }>(
    (p) => `No item ${p.id} in this case (trashed items cannot be exhibits).`,
    (p) => `本案件中没有证据 ${p.id}（回收站里的证据不能放进材料包）。`,
  ),
  'export.needs-exhibit': thing(
    'A packet needs at least one exhibit: keep one item in.',
    '材料包至少需要一份证据：请至少保留一项。',
  ),
  'export.image-undecodable': m<{ name: string; detail: string }>(
    (p) => `${p.name}: the image could not be decoded (${p.detail}); described instead`,
    (p) => `${p.name}：图片无法解码（${p.detail}），改为文字说明`,
  ),
  'export.volume-over': m<{ volume: number; bytes: number; max: number; exhibit: string }>(
    (p) =>
      `volume ${p.volume} is ${p.bytes} bytes, over the ${p.max}-byte limit: exhibit ${p.exhibit} alone is larger than the limit`,
    (p) =>
      `第 ${p.volume} 册有 ${p.bytes} 字节，超过 ${p.max} 字节的上限：单是证据 ${p.exhibit} 就超过了上限`,
  ),
  'redact.images-only': thing('Only images can carry redaction boxes.', '只有图片可以添加遮盖框。'),
  'redact.bad-box': thing(
    'A redaction box needs numbers x, y, width and height.',
    '遮盖框需要 x、y、宽度和高度这几个数字。',
  ),

  // ── The column map ───────────────────────────────────────────────────────────────────────────────────
  'columns.not-a-table': m<{ name: string }>(
    (p) => `"${p.name}" is not a table Evidence Locker can read columns from.`,
    (p) => `“${p.name}”不是可以读取列的表格。`,
  ),
  'columns.unreadable': m<{ name: string; detail: string }>(
    (p) => `"${p.name}" could not be read as a table: ${p.detail}`,
    (p) => `“${p.name}”无法作为表格读取：${p.detail}`,
  ),
  'columns.too-few': m<{ name: string }>(
    (p) => `"${p.name}" holds no rows with two or more columns to map.`,
    (p) => `“${p.name}”中没有两列或以上、可以映射的行。`,
  ),
  'columns.needs-name': thing('A saved column map needs a name.', '保存的列映射需要一个名称。'),
  'columns.name-too-long': thing(
    'A column map name is at most 100 characters.',
    '列映射名称最多 100 个字符。',
  ),
  'columns.name-taken': m<{ name: string }>(
    (p) => `A column map named "${p.name}" already exists for another layout.`,
    (p) => `已有另一种格式使用了名为“${p.name}”的列映射。`,
  ),
  'columns.already-read': m<{ title: string }>(
    (p) => `Rows were already read from "${p.title}": undo that first, then map its columns again.`,
    (p) => `已经从“${p.title}”读取过记录：请先撤销，再重新映射它的列。`,
  ),
  'columns.incomplete': m<{ issues: string }>(
    (p) => `The column map is not complete: ${p.issues}.`,
    (p) => `列映射还不完整：${p.issues}。`,
  ),
  'columns.no-rows': thing(
    'The column map reads no rows from this file.',
    '这个列映射从文件中读不出任何记录。',
  ),
  'columns.confirm-signs': thing(
    'Confirm money in and out on the preview rows first: the rows shown were not the ones confirmed, or their sign changed.',
    '请先在预览行上确认收入和支出：显示的行不是已确认的那些，或者它们的正负号变了。',
  ),
  'columns.not-mapped': m<{ title: string }>(
    (p) => `"${p.title}" was not read with a column map: only rows a column map gave can be removed.`,
    (p) => `“${p.title}”不是用列映射读取的：只有列映射读出的记录可以移除。`,
  ),
  'columns.file-not-json': thing(
    'This is not a column map file (it is not JSON).',
    '这不是列映射文件（不是 JSON）。',
  ),
  'columns.file-unreadable': m<{ where: string; problem: string }>(
    (p) => `This is not a column map file Evidence Locker can read (${p.where}: ${p.problem}).`,
    (p) => `这不是可以读取的列映射文件（${p.where}：${p.problem}）。`,
  ),

  // ── Backups ──────────────────────────────────────────────────────────────────────────────────────────
  'backup.no-manifest': thing(
    'This is not an Evidence Locker backup (no manifest).',
    '这不是证据保管箱的备份（没有清单）。',
  ),
  'backup.not-ours': thing('This is not an Evidence Locker backup.', '这不是证据保管箱的备份。'),
  'backup.stray-entry': m<{ name: string }>(
    (p) => `The backup holds an entry it should not: "${p.name}".`,
    (p) => `备份里有不该有的内容：“${p.name}”。`,
  ),
  'backup.entry-unreadable': m<{ name: string; detail: string }>(
    (p) => `The backup is damaged: "${p.name}" cannot be read (${p.detail}).`,
    (p) => `备份已损坏：“${p.name}”无法读取（${p.detail}）。`,
  ),
  'backup.entry-mismatch': m<{ name: string }>(
    (p) => `The backup is damaged: "${p.name}" does not match its fingerprint.`,
    (p) => `备份已损坏：“${p.name}”与它的指纹不符。`,
  ),
  'backup.incomplete': m<{ name: string }>(
    (p) => `The backup is incomplete: ${p.name} is missing.`,
    (p) => `备份不完整：缺少 ${p.name}。`,
  ),
  'backup.target-not-empty': m<{ dir: string }>(
    (p) => `"${p.dir}" is not empty; restore into a new, empty folder.`,
    (p) => `“${p.dir}”不是空的；请恢复到一个新的空文件夹。`,
  ),
  'backup.no-file': m<{ file: string }>(
    (p) => `No backup file at "${p.file}".`,
    (p) => `“${p.file}”处没有备份文件。`,
  ),
  'backup.no-job': thing('No such backup in this session.', '本次运行中没有这个备份。'),

  // ── Backup jobs and verify's findings (issue 16 item 4) ──────────────────────────────────────────────
  // What a backup or restore that failed says, and every difference `verify` names (problem, note, summary),
  // worded here once for the app (its language), the `locker` command (its locale) and `verify --json`
  // (`code` and `params` beside the English `message`).
  'backup.write-failed': m<{ file: string; reason: string }>(
    (p) => `The backup could not be written to "${p.file}": ${p.reason}. Nothing in the locker was changed.`,
    (p) => `无法把备份写到“${p.file}”：${p.reason}。保管箱里的内容没有任何改动。`,
  ),
  'backup.restore-failed': m<{ file: string; reason: string }>(
    (p) => `The backup "${p.file}" could not be restored: ${p.reason}.`,
    (p) => `无法恢复备份“${p.file}”：${p.reason}。`,
  ),
  'verify.an-item': thing('an item', '某项证据'),
  'verify.part.pages': thing('its pages', '数据页'),
  'verify.part.safeguards': thing('its safeguards', '保护触发器'),
  'verify.part.originals': thing('the list of originals', '原件清单'),
  'verify.part.log': thing('the custody log', '保管记录'),
  'verify.part.records': thing('the records held against the log', '与保管记录核对的记录'),
  'verify.part.redactions': thing('the redactions', '遮盖'),
  'verify.fact.original-name': thing('original name', '原始文件名'),
  'verify.fact.size': thing('size', '大小'),
  'verify.fact.type': thing('type', '类型'),
  'verify.fact.acquired-at': thing('time of filing', '归档时间'),
  'verify.db-damaged': m<{ line: string }>(
    (p) => `the database file is damaged: ${p.line}`,
    (p) => `数据库文件已损坏：${p.line}`,
  ),
  'verify.db-part-unreadable': m<{ part: string; detail: string }>(
    (p) => `the database file is damaged: ${p.part} could not be read (${p.detail})`,
    (p) => `数据库文件已损坏：无法读取${p.part}（${p.detail}）`,
  ),
  'verify.db-uncheckable': m<{ detail: string }>(
    (p) => `the database file cannot be checked: ${p.detail}`,
    (p) => `无法检查数据库文件：${p.detail}`,
  ),
  'verify.db-cannot-open': m<{ detail: string }>(
    (p) => `the database file is damaged and cannot be opened to check it: ${p.detail}`,
    (p) => `数据库文件已损坏，无法打开进行检查：${p.detail}`,
  ),
  'verify.db-dangling': m<{ table: string; rowid: number; parent: string }>(
    (p) =>
      `the database is inconsistent: a row of ${p.table} (rowid ${p.rowid}) points at a missing row of ${p.parent}`,
    (p) => `数据库前后不一致：${p.table} 的一行（rowid ${p.rowid}）指向 ${p.parent} 中不存在的一行`,
  ),
  'verify.safeguard-removed': m<{ name: string }>(
    (p) =>
      `the safeguard "${p.name}" was removed from the database: records could have been changed without a trace`,
    (p) => `数据库中的保护触发器“${p.name}”被删除了：记录可能已被不留痕迹地改动`,
  ),
  'verify.safeguard-replaced': m<{ name: string }>(
    (p) =>
      `the safeguard "${p.name}" was replaced by a different one: records could have been changed without a trace`,
    (p) => `保护触发器“${p.name}”被换成了另一个：记录可能已被不留痕迹地改动`,
  ),
  'verify.object-missing': m<{ items: string; sha256: string }>(
    (p) => `the original of ${p.items} is missing from the store (${p.sha256})`,
    (p) => `${p.items}的原件不在存储中（${p.sha256}）`,
  ),
  'verify.object-unreadable': m<{ items: string; sha256: string }>(
    (p) =>
      `the original of ${p.items} cannot be read back: it was altered or cut short on disk (${p.sha256})`,
    (p) => `${p.items}的原件无法读回：它在磁盘上被改动或截短了（${p.sha256}）`,
  ),
  'verify.object-changed': m<{ items: string; now: string; was: string }>(
    (p) => `the original of ${p.items} was changed on disk: its fingerprint is now ${p.now}, not ${p.was}`,
    (p) => `${p.items}的原件在磁盘上被改动了：它的指纹现在是 ${p.now}，而不是 ${p.was}`,
  ),
  'verify.log-gap': m<{ from: number; to: number; before: number }>(
    (p) =>
      `custody log entry ${p.from}${p.to > p.from ? `–${p.to}` : ''} is missing before entry ${p.before}`,
    (p) => `保管记录第 ${p.from}${p.to > p.from ? `–${p.to}` : ''} 条在第 ${p.before} 条之前缺失`,
  ),
  'verify.log-chain-broken': m<{ seq: number }>(
    (p) => `custody log entry ${p.seq} does not follow the entry before it (its previous-hash link is wrong)`,
    (p) => `保管记录第 ${p.seq} 条与前一条接不上（它指向前一条的哈希不对）`,
  ),
  'verify.log-entry-altered': m<{ seq: number; action: string }>(
    (p) =>
      `custody log entry ${p.seq} (${p.action}) was changed after it was written: its contents no longer match its hash`,
    (p) => `保管记录第 ${p.seq} 条（${p.action}）在写入后被改动了：内容与它的哈希不符`,
  ),
  'verify.log-truncated': m<{ seq: number }>(
    (p) =>
      `the custody log no longer holds entry ${p.seq} as it was last written: entries were removed or replaced`,
    (p) => `保管记录中已没有最后写入时的第 ${p.seq} 条：有记录被删除或替换了`,
  ),
  'verify.evidence-unlogged': m<{ id: string }>(
    (p) => `item ${p.id} has no record of being filed in the custody log`,
    (p) => `保管记录中没有证据 ${p.id} 的归档记录`,
  ),
  'verify.evidence-repointed': m<{ id: string; now: string; was: string }>(
    (p) => `item ${p.id} now points at different bytes (${p.now}) than were filed (${p.was})`,
    (p) => `证据 ${p.id} 现在指向的内容（${p.now}）与归档时（${p.was}）不同`,
  ),
  'verify.evidence-fact-changed': m<{ id: string; fact: string; now: string; was: string; seq: number }>(
    (p) => `item ${p.id}'s ${p.fact} is now ${p.now}, not ${p.was} as filed (custody log entry ${p.seq})`,
    (p) => `证据 ${p.id} 的${p.fact}现在是 ${p.now}，而不是归档时的 ${p.was}（保管记录第 ${p.seq} 条）`,
  ),
  'verify.rows-counted': m<{
    id: string;
    loggedTransactions: number;
    loggedMessages: number;
    transactions: number;
    messages: number;
  }>(
    (p) =>
      `the rows read from item ${p.id} were removed or added: the log recorded ${p.loggedTransactions} transaction(s) and ${p.loggedMessages} message(s), the locker holds ${p.transactions} and ${p.messages}`,
    (p) =>
      `从证据 ${p.id} 读出的记录被删除或增加了：保管记录记下 ${p.loggedTransactions} 条账单记录和 ${p.loggedMessages} 条消息，保管箱现有 ${p.transactions} 条和 ${p.messages} 条`,
  ),
  'verify.row-changed': m<{ id: string }>(
    (p) =>
      `a row read from item ${p.id} (a transaction's amount, a message's text …) was changed after it was filed: the rows no longer match the fingerprint the log recorded`,
    (p) =>
      `从证据 ${p.id} 读出的某一行（账单金额、消息文字……）在归档后被改动了：这些记录与保管记录记下的指纹不再相符`,
  ),
  'verify.evidence-missing': m<{ id: string; seq: number }>(
    (p) => `item ${p.id} was filed (custody log entry ${p.seq}) but its record is gone from the database`,
    (p) => `证据 ${p.id} 曾经归档（保管记录第 ${p.seq} 条），但它的记录已从数据库中消失`,
  ),
  'verify.record-unlogged': m<{ what: string; id: string }>(
    (p) => `${p.what} ${p.id} has no record of being created in the custody log`,
    (p) => `保管记录中没有${p.what} ${p.id} 的创建记录`,
  ),
  'verify.contact-changed': m<{ id: string; fields: string; seq: number }>(
    (p) =>
      `logged contact ${p.id} was changed outside the app: ${p.fields} no longer match what the custody log recorded (entry ${p.seq})`,
    (p) => `联系记录 ${p.id} 在本应用之外被改动了：${p.fields} 与保管记录（第 ${p.seq} 条）记下的不再相符`,
  ),
  'verify.record-missing': m<{ what: string; id: string; seq: number }>(
    (p) =>
      `${p.what} ${p.id} was created (custody log entry ${p.seq}) but its record is gone from the database`,
    (p) => `${p.what} ${p.id} 曾经创建（保管记录第 ${p.seq} 条），但它的记录已从数据库中消失`,
  ),
  'verify.redaction-missing': m<{ id: string; boxes: number; seq: number }>(
    (p) =>
      `the redaction of item ${p.id} (${p.boxes} box(es), custody log entry ${p.seq}) is missing from the locker: a packet would refuse to go out without it`,
    (p) =>
      `证据 ${p.id} 的遮盖（${p.boxes} 个遮盖框，保管记录第 ${p.seq} 条）在保管箱中缺失：没有它，材料包将拒绝导出`,
  ),
  'verify.redaction-altered': m<{ id: string; boxes: number; logged: number; seq: number }>(
    (p) =>
      `the redaction of item ${p.id} holds ${p.boxes} box(es), not the ${p.logged} the custody log recorded (entry ${p.seq}): it was changed without a trace`,
    (p) =>
      `证据 ${p.id} 的遮盖有 ${p.boxes} 个遮盖框，而不是保管记录（第 ${p.seq} 条）记下的 ${p.logged} 个：它被不留痕迹地改动了`,
  ),
  'verify.redaction-unlogged': m<{ id: string }>(
    (p) => `item ${p.id} carries redaction boxes the custody log never recorded`,
    (p) => `证据 ${p.id} 带有保管记录从未记下的遮盖框`,
  ),
  'verify.note-undigested': m<{ count: number }>(
    (p) =>
      `${p.count} item(s) were filed by an older version whose log entry carries no fingerprint of the ` +
      'rows read from them: their transactions and messages could not be held against the log.',
    (p) =>
      `有 ${p.count} 项证据由旧版本归档，其保管记录没有从中读出的记录的指纹：它们的账单记录和消息无法与保管记录核对。`,
  ),
  'verify.note-orphans': m<{ count: number; bytes: number; dir: string }>(
    (p) =>
      `${p.count} original(s) (${p.bytes} bytes) no record points at are kept in ${p.dir}: ` +
      'left by an interrupted import, or filed with a newer copy of the database than this one. Putting that ' +
      'database back moves them home the next time the locker opens.',
    (p) =>
      `有 ${p.count} 个原件（${p.bytes} 字节）没有任何记录指向，保存在 ${p.dir}：它们是被中断的导入留下的，` +
      '或是用比这个更新的数据库副本归档的。放回那个数据库后，下次打开保管箱时它们会回到原位。',
  ),
  'verify.note-not-swept': m<{ why: string }>(
    (p) => `Originals were not tidied at opening: ${p.why}.`,
    (p) => `打开时没有整理原件：${p.why}。`,
  ),
  'verify.head-unreadable': thing('custody-head.json cannot be read', '无法读取 custody-head.json'),
  'verify.head-ahead': m<{ seq: number }>(
    (p) =>
      `custody-head.json names custody log entry ${p.seq}, which this database does not hold (it is older)`,
    (p) => `custody-head.json 指向保管记录第 ${p.seq} 条，而这个数据库中没有它（数据库更旧）`,
  ),
  'verify.head-differs': m<{ seq: number }>(
    (p) => `custody log entry ${p.seq} differs from the one custody-head.json names`,
    (p) => `保管记录第 ${p.seq} 条与 custody-head.json 指向的那条不同`,
  ),
  'verify.intact': m<{ objects: number; bytes: number; entries: number }>(
    (p) =>
      `Intact: ${p.objects} original(s) (${p.bytes} bytes) match their fingerprints; the custody log's ${p.entries} entries are unbroken.`,
    (p) => `完好：${p.objects} 个原件（${p.bytes} 字节）与指纹相符；保管记录的 ${p.entries} 条记录没有断开。`,
  ),
  'verify.damage-found': m<{ count: number }>(
    (p) => `DAMAGE FOUND — ${p.count} problem(s):`,
    (p) => `发现损坏——${p.count} 个问题：`,
  ),
  'verify.note': m<{ note: string }>(
    (p) => `Note: ${p.note}`,
    (p) => `说明：${p.note}`,
  ),
  'verify.restore-last': m<{ path: string; at: string }>(
    (p) =>
      `Nothing was changed. The most recent backup is ${p.path} (${p.at}); restore it into a new folder with: locker restore FILE --store NEW_FOLDER`,
    (p) =>
      `没有改动任何内容。最近一次备份是 ${p.path}（${p.at}）；把它恢复到一个新文件夹：locker restore 文件 --store 新文件夹`,
  ),
  'verify.restore-any': thing(
    'Nothing was changed. Restore the most recent backup into a new folder with: locker restore FILE --store NEW_FOLDER',
    '没有改动任何内容。把最近一次备份恢复到一个新文件夹：locker restore 文件 --store 新文件夹',
  ),
  'verify.no-backup': thing(
    'Nothing was changed. No backup of this locker is known; make copies of the folder before anything else.',
    '没有改动任何内容。不知道这个保管箱有任何备份；请先把整个文件夹复制几份，再做别的。',
  ),
  'verify.restored': m<{ dir: string; objects: number; entries: number }>(
    (p) =>
      `Restored into ${p.dir}: ${p.objects} original(s) and the custody log's ${p.entries} entries check out.`,
    (p) => `已恢复到 ${p.dir}：${p.objects} 个原件和保管记录的 ${p.entries} 条记录都核对无误。`,
  ),
  'verify.restored-damaged': thing('Restored, but DAMAGE FOUND:', '已恢复，但发现损坏：'),

  // ── Encryption ───────────────────────────────────────────────────────────────────────────────────────
  'crypto.short-passphrase': m<{ min: number }>(
    (p) =>
      `A passphrase needs at least ${p.min} characters; a few ordinary words in a row are easy to remember and hard to guess.`,
    (p) => `密码短语至少需要 ${p.min} 个字符；把几个普通的词连在一起，好记又难猜。`,
  ),
  'crypto.key-file-damaged': m<{ name: string }>(
    (p) => `${p.name} is damaged (not JSON): the locker cannot be unlocked without it.`,
    (p) => `${p.name} 已损坏（不是 JSON）：没有它就无法打开保管箱。`,
  ),
  'crypto.key-file-unknown': m<{ name: string }>(
    (p) => `${p.name} is not a key file this version of Evidence Locker can read.`,
    (p) => `${p.name} 不是这个版本的证据保管箱能读取的密钥文件。`,
  ),
  'crypto.already-encrypted': thing('This locker is already encrypted.', '这个保管箱已经加密了。'),
  'crypto.already-encrypted-cli': thing(
    'This locker is already encrypted. To change its passphrase: locker passphrase.',
    '这个保管箱已经加密了。要更改密码短语：locker passphrase。',
  ),
  'crypto.not-encrypted': thing(
    'This locker is not encrypted; turn encryption on with: locker encrypt.',
    '这个保管箱没有加密；开启加密：locker encrypt。',
  ),
  'crypto.in-use': thing(
    'The locker is open in another program (the app, or another locker command). Close it, then try again; nothing was changed.',
    '保管箱正被另一个程序（本应用或另一个 locker 命令）打开。请先关闭它再试；没有改动任何内容。',
  ),
  'crypto.legacy-redactions': m<{ count: number }>(
    (p) =>
      `The folder "redactions" holds ${p.count} redaction file(s) this locker's database does not know ` +
      '(left by an older version, for items not in this database). Move them out of the locker folder, then ' +
      'turn encryption on; nothing was changed.',
    (p) =>
      `“redactions”文件夹里有 ${p.count} 个遮盖文件不在这个保管箱的数据库中（旧版本留下的，对应的证据不在数据库里）。` +
      '请先把它们移出保管箱文件夹，再开启加密；没有改动任何内容。',
  ),
  'crypto.new-passphrase-needed': m<{ option: string; orEnv: string }>(
    (p) =>
      `A new passphrase is needed: type it when asked, or use --${p.option} FILE${p.orEnv ? ` or ${p.orEnv}` : ''}.`,
    (p) => `需要新的密码短语：在提示时输入，或使用 --${p.option} 文件${p.orEnv ? `，或 ${p.orEnv}` : ''}。`,
  ),
  'crypto.passphrases-differ': thing(
    'The two passphrases differ; nothing was changed.',
    '两次输入的密码短语不一致；没有改动任何内容。',
  ),
  'crypto.encrypt-elsewhere': thing(
    'Turn encryption on from the app window, or with the locker command: locker encrypt.',
    '请在应用窗口中开启加密，或使用 locker 命令：locker encrypt。',
  ),
  'crypto.open-first': thing('Open the locker first.', '请先打开保管箱。'),
  'crypto.no-keychain': thing(
    'This computer offers no real keychain to keep the key in, so the passphrase will be asked each time.',
    '这台电脑没有可靠的系统钥匙串来保存密钥，因此每次都需要输入密码短语。',
  ),
  'crypto.locked': thing(
    'This locker is encrypted. Give its passphrase: type it when asked, or use --passphrase-file FILE or the LOCKER_PASSPHRASE variable.',
    '这个保管箱已加密。请提供密码短语：在提示时输入，或使用 --passphrase-file 文件或 LOCKER_PASSPHRASE 变量。',
  ),
  'crypto.locked-bridge': thing(
    'The locker is locked: give its passphrase first.',
    '保管箱已锁定：请先提供密码短语。',
  ),
  'crypto.other-locker-backup': thing(
    'This backup was made from another encrypted locker: restore it with its own passphrase (locker restore FILE --store DIR).',
    '这个备份来自另一个加密的保管箱：请用它自己的密码短语恢复（locker restore 文件 --store 文件夹）。',
  ),
  'crypto.wrong-recovery-key': thing(
    'That recovery key does not unlock this locker.',
    '这个恢复密钥打不开这个保管箱。',
  ),
  'crypto.wrong-passphrase': thing(
    'That passphrase does not unlock this locker. Check it (capital letters count), or use the recovery key.',
    '这个密码短语打不开这个保管箱。请核对（区分大小写），或使用恢复密钥。',
  ),
  'locker.too-new': m<{ found: number; supported: number }>(
    (p) =>
      `This locker was written by a newer version of Evidence Locker (schema ${p.found}; this version knows up to ${p.supported}). ` +
      'It has not been changed. Update Evidence Locker to open it.',
    (p) =>
      `这个保管箱由更新版本的证据保管箱写入（数据结构版本 ${p.found}；本版本最多支持 ${p.supported}）。` +
      '它没有被改动。请更新证据保管箱后再打开。',
  ),
  'locker.db-damaged-key': m<{ name: string }>(
    (p) =>
      `${p.name} cannot be read with this locker's key: the file is damaged. Nothing was changed; restore the last good backup.`,
    (p) => `无法用这个保管箱的密钥读取 ${p.name}：文件已损坏。没有改动任何内容；请恢复最近一次完好的备份。`,
  ),
  'locker.db-unreadable': m<{ name: string }>(
    (p) =>
      `${p.name} is not a readable database: it is damaged, or it is encrypted and its key file (locker-key.json) is missing. Nothing was changed.`,
    (p) =>
      `${p.name} 不是可读的数据库：它已损坏，或者已加密但缺少密钥文件（locker-key.json）。没有改动任何内容。`,
  ),

  // ── Uploads from the window ──────────────────────────────────────────────────────────────────────────
  'upload.too-many': m<{ max: number }>(
    (p) => `At most ${p.max} files can be added at once.`,
    (p) => `一次最多添加 ${p.max} 个文件。`,
  ),
  'upload.still-receiving': thing(
    'Some files are still being received; try again.',
    '还有文件正在接收；请稍后再试。',
  ),
  'upload.too-large': m<{ name: string }>(
    (p) => `${p.name} is larger than the upload limit.`,
    (p) => `${p.name} 超过了上传大小限制。`,
  ),
  'upload.busy': thing('That file is being opened already; wait a moment.', '这个文件正在打开；请稍等。'),

  // ── `locker layout …` and `locker series`: the command's lines (issue 16) ─────────────────────────────
  'cli.layout.header': m<{ header: string }>(
    (p) => `header: ${p.header}`,
    (p) => `表头：${p.header}`,
  ),
  'cli.layout.fits': m<{ name: string }>(
    (p) => `a kept map fits this header: ${p.name}`,
    (p) => `已保存的列映射与这个表头相符：${p.name}`,
  ),
  'cli.layout.columns': thing('columns:', '列：'),
  'cli.layout.value-means': m<{ value: string; direction: string }>(
    (p) => `"${p.value}" means ${p.direction}`,
    (p) => `“${p.value}”表示 ${p.direction}`,
  ),
  'cli.layout.written': m<{ file: string }>(
    (p) => `map written to ${p.file}`,
    (p) => `列映射已写入 ${p.file}`,
  ),
  'cli.layout.write-hint': thing(
    'write it to a file with --out MAP.json, check it, then: locker layout import MAP.json',
    '用 --out MAP.json 把它写入文件，检查后执行：locker layout import MAP.json',
  ),
  'cli.layout.reads': m<{ count: number }>(
    (p) => `reads ${p.count} row(s)`,
    (p) => `读出 ${p.count} 行`,
  ),
  'cli.layout.not-complete': m<{ issue: string }>(
    (p) => `not complete: ${p.issue}`,
    (p) => `还不完整：${p.issue}`,
  ),
  'cli.layout.row': m<{
    line: number;
    at: string;
    amount: string;
    currency: string;
    counterparty: string;
    description: string;
  }>(
    (p) =>
      `line ${String(p.line).padEnd(5)} ${p.at}  ${p.amount} ${p.currency}  ${p.counterparty}  ${p.description}`,
    (p) => `第 ${p.line} 行  ${p.at}  ${p.amount} ${p.currency}  ${p.counterparty}  ${p.description}`,
  ),
  'cli.layout.unreadable': m<{ count: number; line: string; error: string }>(
    (p) => `${p.count} line(s) not readable (first: line ${p.line}: ${p.error})`,
    (p) => `${p.count} 行无法读取（第一处：第 ${p.line} 行：${p.error}）`,
  ),
  'cli.layout.check-sign': thing(
    'check the sign of these rows, then confirm them with --confirm:',
    '请检查这几行的收支方向，然后用 --confirm 确认：',
  ),
  'cli.layout.sign-sample': m<{
    line: number;
    amount: string;
    currency: string;
    what: string;
    direction: string;
  }>(
    (p) => `line ${p.line}: ${p.amount} ${p.currency} ${p.what} → ${p.direction}`,
    (p) => `第 ${p.line} 行：${p.amount} ${p.currency} ${p.what} → ${p.direction}`,
  ),
  'cli.layout.roles': m<{ roles: string }>(
    (p) => `columns: ${p.roles}`,
    (p) => `列：${p.roles}`,
  ),
  'cli.layout.format': m<{ currency: string; encoding: string }>(
    (p) => `currency ${p.currency}, encoding ${p.encoding}`,
    (p) => `币种 ${p.currency}，编码 ${p.encoding}`,
  ),
  'cli.layout.format-swapped': m<{ currency: string; encoding: string }>(
    (p) => `currency ${p.currency}, encoding ${p.encoding}, in and out swapped`,
    (p) => `币种 ${p.currency}，编码 ${p.encoding}，收入和支出对调`,
  ),
  'cli.layout.kept': thing('Kept the column map', '已保存列映射'),
  'cli.layout.applied': m<{ count: number; title: string; name: string; problemCount: number }>(
    (p) =>
      `Read ${p.count} row(s) from ${p.title} with the column map "${p.name}"` +
      (p.problemCount ? `; ${p.problemCount} line(s) not readable` : '') +
      '.',
    (p) =>
      `已用列映射“${p.name}”从 ${p.title} 读取 ${p.count} 行` +
      (p.problemCount ? `；${p.problemCount} 行无法读取` : '') +
      '。',
  ),
  'cli.layout.undone': m<{ count: number; title: string }>(
    (p) => `Removed ${p.count} row(s) read from ${p.title}; the file itself is kept as it was.`,
    (p) => `已移除从 ${p.title} 读取的 ${p.count} 行；文件本身原样保留。`,
  ),
  'cli.layout.none': thing(
    'No column maps yet. Map a table with: locker layout guess FILE',
    '还没有列映射。映射一个表格：locker layout guess FILE',
  ),
  'cli.layout.exported': m<{ name: string; file: string }>(
    (p) => `Wrote the column map "${p.name}" to ${p.file}`,
    (p) => `已将列映射“${p.name}”写入 ${p.file}`,
  ),
  'cli.layout.deleted': m<{ name: string }>(
    (p) => `Deleted the column map "${p.name}". Rows it read stay until you undo them.`,
    (p) => `已删除列映射“${p.name}”。它读出的记录会保留，直到你撤销它们。`,
  ),
  'cli.series.line': m<{
    id: string;
    counterparty: string;
    count: number;
    interval: string;
    amount: string;
    currency: string;
    first: string;
    last: string;
    total: string;
    next: string;
  }>(
    (p) =>
      `${p.id}  ${p.counterparty}: ${p.count}× ${p.interval}, ${p.amount} ${p.currency}, ${p.first} → ${p.last}, total ${p.total}, next expected ${p.next}`,
    (p) =>
      `${p.id}  ${p.counterparty}：${p.count} 次 ${p.interval}，${p.amount} ${p.currency}，${p.first} → ${p.last}，合计 ${p.total}，预计下次 ${p.next}`,
  ),
  'cli.series.price-changed': m<{ count: number }>(
    (p) => `(price changed ${p.count}×)`,
    (p) => `（价格变过 ${p.count} 次）`,
  ),
  'cli.series.disputed': m<{ count: number }>(
    (p) => `[${p.count} disputed]`,
    (p) => `[${p.count} 笔有争议]`,
  ),
  'cli.ocr.progress': m<{ done: number; total: number }>(
    (p) => `${p.done}/${p.total} read…`,
    (p) => `已读取 ${p.done}/${p.total}…`,
  ),
  'cli.series.agreement-closed': m<{ id: string }>(
    (p) => `[agreement ${p.id} closed]`,
    (p) => `[协议 ${p.id} 已终止]`,
  ),

  // ── Bad usage of the locker command (exit 2): its own checks (UsageError) and commander's ──────────────
  'usage.hint': m<{ command: string }>(
    (p) => `Run "${p.command} --help" for usage.`,
    (p) => `用法请看 "${p.command} --help"。`,
  ),
  'usage.must-be-one-of': m<{ option: string; choices: string }>(
    (p) => `${p.option} must be one of ${p.choices}`,
    (p) => `${p.option} 必须是以下之一：${p.choices}`,
  ),
  'usage.limit-above-zero': m<{ option: string }>(
    (p) => `${p.option} must be a whole number above 0`,
    (p) => `${p.option} 必须是大于 0 的整数`,
  ),
  'usage.search-needs-query': thing(
    'missing argument: search CASE|--all QUERY',
    '缺少参数：search CASE|--all QUERY（要搜索的词）',
  ),
  'usage.out-required': m<{ option: string }>(
    (p) => `${p.option} is required`,
    (p) => `必须给出 ${p.option}`,
  ),
  'usage.restore-needs-store': thing(
    'restore needs --store DIR: the new, empty folder to restore into',
    'restore 需要 --store DIR：恢复到的新的空文件夹',
  ),
  'usage.not-a-size': m<{ text: string }>(
    (p) => `--max-size "${p.text}" is not a size like 10MB or 500KB`,
    (p) => `--max-size “${p.text}”不是 10MB 或 500KB 这样的大小`,
  ),
  'usage.give-one-of': m<{ options: string }>(
    (p) => `give ${p.options}`,
    (p) => `请给出 ${p.options}`,
  ),
  'usage.not-a-header-line': m<{ text: string }>(
    (p) => `--header-line "${p.text}" is not a line number or none`,
    (p) => `--header-line “${p.text}”不是行号，也不是 none`,
  ),
  'usage.not-a-confirm': m<{ text: string }>(
    (p) => `--confirm "${p.text}" is not LINE:out, LINE:in or LINE:neutral`,
    (p) => `--confirm “${p.text}”不是 LINE:out、LINE:in 或 LINE:neutral 的形式`,
  ),
  'usage.confirm-signs-first': m<{ next: string }>(
    (p) => `confirm the sign of the rows first: ${p.next}`,
    (p) => `请先确认这几行的收支方向：${p.next}`,
  ),
  'usage.layout-apply-needs': thing(
    'layout apply ITEM needs --layout NAME, or --map MAP.json --confirm …',
    'layout apply ITEM 需要 --layout NAME，或 --map MAP.json --confirm …',
  ),
  'usage.unknown-option': m<{ option: string; suggestion: string }>(
    (p) => `unknown option '${p.option}'${p.suggestion && `\n${p.suggestion}`}`,
    (p) => `未知的选项“${p.option}”${p.suggestion && `\n${p.suggestion}`}`,
  ),
  'usage.unknown-command': m<{ command: string; suggestion: string }>(
    (p) => `unknown command '${p.command}'${p.suggestion && `\n${p.suggestion}`}`,
    (p) => `未知的命令“${p.command}”${p.suggestion && `\n${p.suggestion}`}`,
  ),
  'usage.did-you-mean': m<{ words: string; count: number }>(
    (p) => (p.count > 1 ? `(Did you mean one of ${p.words}?)` : `(Did you mean ${p.words}?)`),
    (p) => (p.count > 1 ? `（是不是想用以下之一：${p.words}？）` : `（是不是想用 ${p.words}？）`),
  ),
  'usage.missing-argument': m<{ argument: string; usage: string }>(
    (p) => `missing argument ${p.argument}: ${p.usage}`,
    (p) => `缺少参数 ${p.argument}：${p.usage}`,
  ),
  'usage.too-many-arguments': m<{ command: string; expected: number; got: number }>(
    (p) =>
      `too many arguments${p.command && ` for '${p.command}'`}. Expected ${p.expected} argument${p.expected === 1 ? '' : 's'} but got ${p.got}.`,
    (p) => `${p.command && `“${p.command}”的`}参数太多：应为 ${p.expected} 个，收到 ${p.got} 个。`,
  ),
  'usage.option-needs-value': m<{ option: string }>(
    (p) => `option '${p.option}' argument missing`,
    (p) => `选项“${p.option}”缺少取值`,
  ),
  'usage.option-required': m<{ option: string }>(
    (p) => `required option '${p.option}' not specified`,
    (p) => `缺少必需的选项“${p.option}”`,
  ),
  'usage.options-conflict': m<{ option: string; other: string }>(
    (p) => `${p.option} cannot be used with ${p.other}`,
    (p) => `${p.option}不能与${p.other}一起使用`,
  ),
  'usage.the-option': m<{ option: string }>(
    (p) => `option '${p.option}'`,
    (p) => `选项“${p.option}”`,
  ),
  'usage.the-env': m<{ name: string }>(
    (p) => `environment variable '${p.name}'`,
    (p) => `环境变量“${p.name}”`,
  ),
  'usage.not-a-choice': m<{ option: string; value: string; choices: string }>(
    (p) => `option '${p.option}' argument '${p.value}' is invalid. Allowed choices are ${p.choices}.`,
    (p) => `选项“${p.option}”的取值“${p.value}”无效。可用的有：${p.choices}。`,
  ),
  'cli.passphrase.ask': thing('Passphrase of this locker:', '这个保管箱的密码短语：'),

  // ── Why a picture was not read by OCR (stored per item in ocr_queue.problem) ──────────────────────────
  'ocr.image-undecodable': m<{ reason: string }>(
    (p) => `the image cannot be decoded for reading (${p.reason})`,
    (p) => `无法解码这张图片来识别文字（${p.reason}）`,
  ),
  'ocr.image-too-small': thing(
    'the image is too small to hold readable text',
    '图片太小，容不下可以识别的文字',
  ),
  'ocr.pdf-password': thing(
    'the PDF is password-protected: its pages cannot be read',
    '这个 PDF 有密码保护：无法读取它的页面',
  ),
  'ocr.pdf-unopenable': m<{ reason: string }>(
    (p) => `the PDF cannot be opened (${p.reason})`,
    (p) => `无法打开这个 PDF（${p.reason}）`,
  ),
  'ocr.pdf-no-pages': thing('the PDF has no pages', '这个 PDF 没有页面'),
  'ocr.not-a-picture': m<{ mime: string }>(
    (p) => `${p.mime} is not an image or a scanned PDF`,
    (p) => `${p.mime} 不是图片，也不是扫描的 PDF`,
  ),
  'ocr.given-up': m<{ count: number }>(
    (p) => `reading stopped ${p.count} times before it finished; given up`,
    (p) => `识别在完成前中断了 ${p.count} 次，已放弃`,
  ),
  'ocr.data-unreadable': m<{ lang: string; file: string; reason: string }>(
    (p) =>
      `The picture reader's ${p.lang} language data cannot be read at ${p.file} (${p.reason}). Reinstall Evidence Locker to put it back.`,
    (p) =>
      `无法读取文字识别的 ${p.lang} 语言数据：${p.file}（${p.reason}）。请重新安装 Evidence Locker 来恢复它。`,
  ),
  'ocr.data-damaged': m<{ lang: string; reason: string }>(
    (p) =>
      `The picture reader could not start: its ${p.lang} language data is damaged (${p.reason}). Reinstall Evidence Locker to put it back.`,
    (p) =>
      `文字识别无法启动：它的 ${p.lang} 语言数据已损坏（${p.reason}）。请重新安装 Evidence Locker 来恢复它。`,
  ),
  'ocr.start-failed': m<{ reason: string }>(
    (p) => `The picture reader could not start: ${p.reason}`,
    (p) => `文字识别无法启动：${p.reason}`,
  ),
  'ocr.read-failed': m<{ reason: string }>(
    (p) => `The picture reader failed: ${p.reason}`,
    (p) => `文字识别出错：${p.reason}`,
  ),
  'ocr.no-answer': m<{ limit: string }>(
    (p) => `no answer within ${p.limit}; it was stopped`,
    (p) => `${p.limit} 内没有回应，已停止`,
  ),
  'ocr.worker-failed': m<{ reason: string }>(
    (p) => `its worker failed (${p.reason})`,
    (p) => `它的工作线程出错（${p.reason}）`,
  ),
  'ocr.worker-ended': m<{ code: string }>(
    (p) => `its worker ended (exit code ${p.code})`,
    (p) => `它的工作线程已退出（退出码 ${p.code}）`,
  ),
};
