import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BRIDGE_CHANNELS, CALL_CHANNEL, ELECTRON_CHANNELS } from '../../electron/ipc/channels.ts';
import { ExportDownloads } from '../../electron/bridge/exports.ts';
import { dispatch, parseInput, schemas } from '../../electron/ipc/dispatch.ts';
import { bindCalls, callNames, isCallName, type BoundCalls } from '../../electron/services/calls/index.ts';
import { importPaths } from '../../electron/services/calls/imports.ts';
import { UploadStaging } from '../../electron/ipc/uploads.ts';
import { Locker } from '../../electron/services/locker.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { makePng } from '../helpers/images.ts';
import { gbkFixture, readFixture } from '../importers/helpers.ts';
import { useTempDirs } from '../helpers/temp.ts';

describe('the IPC contract', () => {
  it('has one schema per name, every name noun:verb, and no route of one transport named like a call', () => {
    const routes = [...ELECTRON_CHANNELS, ...BRIDGE_CHANNELS];
    const all = [...callNames, ...routes];
    expect(new Set(all).size).toBe(all.length);
    expect(Object.keys(schemas).sort()).toEqual([...all].sort());
    for (const name of all) expect(name).toMatch(/^[a-z]+:[a-z]+$/);
    // The page's generic invoke reaches declared calls only: never main's paths and dialogs, never the call
    // channel itself, never an inherited property.
    for (const name of [...routes, CALL_CHANNEL, '__proto__', 'constructor', 'toString', 'hasOwnProperty'])
      expect(isCallName(name)).toBe(false);
  });

  it('accepts well-formed inputs', () => {
    expect(
      parseInput('case:create', { title: ' 元保扣款 ', counterparty: '元保', paymentMethod: 'alipay' }),
    ).toEqual({
      ok: true,
      value: { title: '元保扣款', counterparty: '元保', paymentMethod: 'alipay' },
    });
    expect(
      parseInput('evidence:update', {
        id: 'ev_000001',
        patch: { occurredAt: '2025-08-20T10:00:00', tags: ['bill'] },
      }).ok,
    ).toBe(true);
    expect(
      parseInput('import:paths', { caseId: 'case_000001', paths: ['/home/me/a.png', 'C:\\Users\\me\\b.png'] })
        .ok,
    ).toBe(true);
  });

  const hostile: [string, keyof typeof schemas, unknown][] = [
    ['no input', 'case:list', undefined],
    ['null', 'case:get', null],
    ['an array', 'case:get', ['case_000001']],
    ['a string', 'case:get', 'case_000001'],
    ['an unknown key', 'case:list', { includeArchived: true, sql: 'DROP TABLE cases' }],
    ['a __proto__ key', 'case:create', JSON.parse('{"title":"x","__proto__":{"isAdmin":true}}')],
    ['a constructor key', 'case:update', { id: 'case_000001', patch: { constructor: { prototype: {} } } }],
    ['an id prefix', 'case:get', { id: 'case_' }],
    ['a LIKE wildcard id', 'evidence:get', { id: 'ev_%' }],
    ['a path as id', 'evidence:get', { id: '../../locker.db' }],
    ['an evidence id for a case', 'case:get', { id: 'ev_000001' }],
    ['an empty title', 'case:create', { title: '   ' }],
    ['a huge title', 'case:create', { title: 'x'.repeat(301) }],
    ['a number for a title', 'case:create', { title: 42 }],
    ['an unknown status', 'case:update', { id: 'case_000001', patch: { status: 'won' } }],
    [
      'an unknown kind',
      'event:add',
      { caseId: 'case_000001', kind: 'hack', title: 'x', occurredAt: '2025-08-20' },
    ],
    ['a huge notes field', 'evidence:update', { id: 'ev_000001', patch: { notes: 'x'.repeat(20_001) } }],
    ['too many tags', 'evidence:update', { id: 'ev_000001', patch: { tags: Array(51).fill('t') } }],
    ['a tag that is not a string', 'evidence:update', { id: 'ev_000001', patch: { tags: [{}] } }],
    ['a relative path', 'import:paths', { caseId: 'case_000001', paths: ['../../etc/passwd'] }],
    ['a path with NUL', 'import:paths', { caseId: 'case_000001', paths: ['/tmp/a\0.png'] }],
    ['no paths', 'import:paths', { caseId: 'case_000001', paths: [] }],
    [
      'bytes as a string',
      'import:bytes',
      { caseId: 'case_000001', files: [{ name: 'a.png', bytes: 'AAAA' }] },
    ],
    ['a bad batch id', 'import:commit', { batchId: '../../tmp' }],
    ['a trash flag as a string', 'evidence:trash', { id: 'ev_000001', trashed: 'yes' }],
  ];

  it.each(hostile)('refuses %s with a bad_input envelope', (_what, channel, input) => {
    const result = parseInput(channel, input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('bad_input');
  });
});

describe('the handlers over a real locker', () => {
  const tempDir = useTempDirs();
  let locker: Locker;
  let handlers: BoundCalls;

  beforeEach(async () => {
    locker = await Locker.open(tempDir(), { ids: sequentialIds(), actor: 'app' });
    handlers = bindCalls({ locker });
  });
  afterEach(() => locker.close());

  const call = <C extends keyof BoundCalls>(channel: C, input: unknown) =>
    dispatch(channel, input, handlers[channel] as never, () => undefined);

  it('wraps results and the user’s mistakes in envelopes', async () => {
    const created = await call('case:create', {
      title: 'Yuanbao',
      counterparty: '元保',
      paymentMethod: 'alipay',
    });
    expect(created).toMatchObject({ ok: true, value: { id: 'case_000001', status: 'collecting' } });
    expect(await call('case:get', { id: 'case_000002' })).toEqual({
      ok: false,
      error: {
        code: 'not_found',
        message: 'No case with the id "case_000002".',
        coded: {
          code: 'not-found',
          params: { thing: { code: 'thing.case', params: {} }, id: 'case_000002' },
        },
      },
    });
    expect(
      await call('event:add', { caseId: 'case_000001', kind: 'call', title: 'x', occurredAt: '2025-02-30' }),
    ).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });

  it('looks items up by their exact id only, never by a prefix', async () => {
    await call('case:create', { title: 'Yuanbao' });
    // `case_0000` is a valid-looking id that the Locker would resolve as a prefix of case_000001.
    expect(await call('case:get', { id: 'case_0000' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('hides internal errors behind a sentence', async () => {
    const logged: unknown[] = [];
    const result = await dispatch(
      'case:list',
      {},
      () => Promise.reject(new Error('SQLITE_CORRUPT at /home/me/.config/locker.db')),
      (e) => logged.push(e),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('/home/me');
    expect(logged).toHaveLength(1);
  });

  it('files uploads under sanitised names, reports them by name, and leaves no temp files', async () => {
    const tmpRoot = tempDir();
    const staging = new UploadStaging(locker, { tmpRoot });
    await locker.createCase({ title: 'Yuanbao' });
    const { batchId } = await staging.begin('case_000001');
    await staging.receive(batchId, '../../Screenshot_20250827-080112.png', Date.UTC(2025, 7, 27), [
      await makePng(20, 40),
    ]);
    await staging.receive(batchId, 'empty.png', null, []);
    const summary = await staging.commit(batchId);
    expect(summary.files).toEqual([
      {
        name: 'Screenshot_20250827-080112.png',
        outcome: 'added',
        evidenceId: 'ev_000001',
        warnings: [],
        warningCodes: [],
      },
      {
        name: 'empty.png',
        outcome: 'failed',
        reason: 'the file is empty (0 bytes): there is nothing in it to keep',
        code: 'intake.empty',
        params: {},
      },
    ]);
    expect(locker.getEvidence('ev_000001')).toMatchObject({
      occurredUtc: '2025-08-27T00:01:12.000Z',
      acquisitionMethod: 'upload',
    });
    expect(readdirSync(tmpRoot)).toEqual([]);
    await expect(staging.commit(batchId)).rejects.toThrow(/No upload batch/);
  });

  it('refuses an upload past the size limit and keeps nothing of it', async () => {
    const tmpRoot = tempDir();
    const staging = new UploadStaging(locker, { tmpRoot, maxFileBytes: 10 });
    await locker.createCase({ title: 'Yuanbao' });
    const { batchId } = await staging.begin('case_000001');
    await expect(staging.receive(batchId, 'big.png', null, [new Uint8Array(11)])).rejects.toThrow(
      /larger than/,
    );
    await staging.close();
    expect(readdirSync(tmpRoot)).toEqual([]);
    expect(existsSync(path.join(tmpRoot, 'x'))).toBe(false);
  });
});

describe('the records, redaction and export channels', () => {
  it('accept well-formed inputs', () => {
    expect(
      parseInput('transaction:dispute', { caseId: 'case_000001', ids: ['tx_000001'], disputed: true }).ok,
    ).toBe(true);
    expect(parseInput('message:mark', { id: 'msg_000001', isKey: true }).ok).toBe(true);
    expect(
      parseInput('redaction:set', {
        evidenceId: 'ev_000001',
        boxes: [{ x: 0, y: 10.5, width: 20, height: 30, note: 'account number' }],
      }).ok,
    ).toBe(true);
    expect(parseInput('redaction:set', { evidenceId: 'ev_000001', boxes: [] }).ok).toBe(true);
    expect(
      parseInput('export:run', {
        caseId: 'case_000001',
        recipient: 'bank',
        lang: 'zh-CN',
        letter: '尊敬的银行：',
        maxBytes: 10 * 1024 * 1024,
        withArchive: true,
      }).ok,
    ).toBe(true);
  });

  const box = { x: 1, y: 1, width: 10, height: 10 };
  const exportOk = { caseId: 'case_000001', recipient: 'bank', lang: 'en' };
  const hostile: [string, keyof typeof schemas, unknown][] = [
    [
      'a case id for a transaction',
      'transaction:dispute',
      { caseId: 'case_000001', ids: ['case_000001'], disputed: true },
    ],
    [
      'a LIKE wildcard transaction id',
      'transaction:dispute',
      { caseId: 'case_000001', ids: ['tx_%'], disputed: true },
    ],
    ['no transaction ids', 'transaction:dispute', { caseId: 'case_000001', ids: [], disputed: true }],
    [
      'a disputed flag as a string',
      'transaction:dispute',
      { caseId: 'case_000001', ids: ['tx_000001'], disputed: 'true' },
    ],
    [
      'an unbounded match text',
      'transaction:dispute',
      { caseId: 'case_000001', match: '元保'.repeat(101), disputed: true },
    ],
    [
      'a series id as a number',
      'transaction:dispute',
      { caseId: 'case_000001', seriesId: 1, disputed: true },
    ],
    [
      'too many ids',
      'transaction:dispute',
      { caseId: 'case_000001', ids: Array(100_001).fill('tx_000001'), disputed: true },
    ],
    ['a path as message id', 'message:mark', { id: '../../locker.db', isKey: true }],
    ['a message id prefix', 'message:mark', { id: 'msg_', isKey: true }],
    ['an isKey as a number', 'message:mark', { id: 'msg_000001', isKey: 1 }],
    ['a negative box', 'redaction:set', { evidenceId: 'ev_000001', boxes: [{ ...box, x: -5 }] }],
    ['a zero-width box', 'redaction:set', { evidenceId: 'ev_000001', boxes: [{ ...box, width: 0 }] }],
    ['an infinite box', 'redaction:set', { evidenceId: 'ev_000001', boxes: [{ ...box, height: Infinity }] }],
    ['a NaN box', 'redaction:set', { evidenceId: 'ev_000001', boxes: [{ ...box, y: NaN }] }],
    ['a huge box', 'redaction:set', { evidenceId: 'ev_000001', boxes: [{ ...box, width: 1e9 }] }],
    [
      'a box with numbers as strings',
      'redaction:set',
      { evidenceId: 'ev_000001', boxes: [{ ...box, x: '1' }] },
    ],
    [
      'a box with an extra key',
      'redaction:set',
      { evidenceId: 'ev_000001', boxes: [{ ...box, fill: 'red' }] },
    ],
    ['too many boxes', 'redaction:set', { evidenceId: 'ev_000001', boxes: Array(501).fill(box) }],
    ['a path as evidence id', 'redaction:get', { evidenceId: '../redactions/x' }],
    ['an unknown recipient', 'export:draft', { ...exportOk, recipient: 'police' }],
    ['an unknown language', 'export:draft', { ...exportOk, lang: 'fr' }],
    ['an output path', 'export:run', { ...exportOk, out: '/etc/cron.d/x.pdf' }],
    ['a zip path', 'export:save', { ...exportOk, zip: '/tmp/x.zip' }],
    ['a size under 100 KB', 'export:run', { ...exportOk, maxBytes: 99_999 }],
    ['a fractional size', 'export:run', { ...exportOk, maxBytes: 1e6 + 0.5 }],
    ['a size as a string', 'export:run', { ...exportOk, maxBytes: '10MB' }],
    ['a huge letter', 'export:run', { ...exportOk, letter: 'x'.repeat(50_001) }],
    ['a letter that is not a string', 'export:save', { ...exportOk, letter: { toString: 1 } }],
    ['a path to reveal', 'export:reveal', { downloadId: '/home/me/.ssh/id_rsa' }],
    ['an upper-case download id', 'export:reveal', { downloadId: 'A'.repeat(32) }],
  ];

  it.each(hostile)('refuses %s with a bad_input envelope', (_what, channel, input) => {
    const result = parseInput(channel, input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('bad_input');
  });
});

describe('the records, redaction and export handlers over a real locker', () => {
  const tempDir = useTempDirs();
  let locker: Locker;
  let handlers: BoundCalls;

  beforeEach(async () => {
    locker = await Locker.open(tempDir(), { ids: sequentialIds(), actor: 'app' });
    handlers = bindCalls({ locker });
  });
  afterEach(() => locker.close());

  const call = <C extends keyof BoundCalls>(channel: C, input: unknown) =>
    dispatch(channel, input, handlers[channel] as never, () => undefined);

  async function caseWithBill(): Promise<string> {
    const c = await locker.createCase({ title: 'Yuanbao' });
    const dir = tempDir();
    const bill = path.join(dir, 'alipay.csv');
    const chat = path.join(dir, 'WhatsApp Chat with Ana.txt');
    const shot = path.join(dir, 'Screenshot_20250827-080112.png');
    writeFileSync(bill, gbkFixture('alipay-2023.utf8.csv'));
    writeFileSync(chat, readFixture('whatsapp-android-dmy.txt'));
    writeFileSync(shot, await makePng(40, 80));
    await importPaths(locker, c.id, [bill, chat, shot], 'upload');
    return c.id;
  }

  it('lists charges with their source and disputes only money out, by exact ids of this case', async () => {
    const caseId = await caseWithBill();
    const listed = await call('transaction:list', { caseId });
    if (!listed.ok) throw new Error(listed.error.message);
    const lunch = listed.value.transactions.find((t) => t.counterparty === '某某餐厅')!;
    const income = listed.value.transactions.find((t) => t.direction === 'in')!;
    expect(lunch).toMatchObject({ amount: '38.50', currency: 'CNY', direction: 'out', isDisputed: false });
    expect(lunch.source.title).toBe('alipay.csv');
    expect(await call('transaction:dispute', { caseId, ids: [income.id], disputed: true })).toMatchObject({
      ok: false,
      error: { code: 'bad_input' },
    });
    expect(await call('transaction:dispute', { caseId, ids: ['tx_999999'], disputed: true })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const other = await locker.createCase({ title: 'Other' });
    expect(
      await call('transaction:dispute', { caseId: other.id, ids: [lunch.id], disputed: true }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const disputed = await call('transaction:dispute', { caseId, ids: [lunch.id], disputed: true });
    expect(disputed).toMatchObject({
      ok: true,
      value: {
        disputed: { count: 1, totals: [{ currency: 'CNY', charged: '38.50', outstanding: '38.50' }] },
      },
    });
    const timeline = await call('timeline:get', { caseId });
    expect(timeline.ok && timeline.value.rows.find((r) => r.id === lunch.id)).toMatchObject({
      type: 'transaction',
      kind: 'charge',
      amount: '38.50',
      isDisputed: true,
    });
  });

  it('lists the payments alone when asked to leave out the rows, the series and the totals', async () => {
    const caseId = await caseWithBill();
    const whole = await call('transaction:list', { caseId, pending: 'all' });
    if (!whole.ok) throw new Error(whole.error.message);
    expect(whole.value.transactions.length).toBeGreaterThan(0);
    const light = await call('transaction:list', {
      caseId,
      pending: 'all',
      omit: ['transactions', 'series', 'totals'],
    });
    if (!light.ok) throw new Error(light.error.message);
    // The payments are those of the whole call, every field; what was left out comes back empty.
    expect(light.value.payments).toEqual(whole.value.payments);
    expect(light.value).toMatchObject({ caseId, transactions: [], series: [], charges: [], toConfirm: 0 });
    const matched = await call('transaction:list', { caseId, match: '某某餐厅', omit: ['transactions'] });
    expect(matched.ok && matched.value.payments.map((p) => p.counterparty)).toEqual(['某某餐厅']);
    expect(await call('transaction:list', { caseId, omit: ['payments'] })).toMatchObject({
      ok: false,
      error: { code: 'bad_input' },
    });
  });

  it('marks a message key and it stands on the timeline', async () => {
    const caseId = await caseWithBill();
    const list = await call('message:list', { caseId });
    if (!list.ok) throw new Error(list.error.message);
    const m = list.value.messages.find((x) => x.text === 'Did you get the receipt?')!;
    expect(await call('message:mark', { id: m.id, isKey: true })).toMatchObject({
      ok: true,
      value: { isKey: true, source: { title: 'WhatsApp Chat with Ana.txt' } },
    });
    expect(await call('message:mark', { id: 'msg_999999', isKey: true })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const timeline = await call('timeline:get', { caseId });
    expect(timeline.ok && timeline.value.rows.filter((r) => r.type === 'message')).toMatchObject([
      { id: m.id, title: 'Ana: Did you get the receipt?', utc: '2019-01-30T12:49:00.000Z' },
    ]);
  });

  it('gives the first rows of the timeline as the whole orders them, with the count and facets of the whole', async () => {
    const caseId = await caseWithBill();
    const listed = await call('transaction:list', { caseId });
    if (!listed.ok) throw new Error(listed.error.message);
    const lunch = listed.value.transactions.find((t) => t.counterparty === '某某餐厅')!;
    await call('transaction:dispute', { caseId, ids: [lunch.id], disputed: true });
    const messages = await call('message:list', { caseId });
    if (!messages.ok) throw new Error(messages.error.message);
    await call('message:mark', { id: messages.value.messages[0]!.id, isKey: true });
    const shot = locker.listEvidence(caseId).find((e) => e.mime === 'image/png')!;
    await locker.updateEvidence(shot.id, { tags: ['charge', 'app'] });
    // Events on either side of the records and the item, two at the same instant (ordered by id).
    for (const at of ['2010-01-01 09:00', '2019-01-30 12:49', '2019-01-30 12:49', '2030-06-01 08:00']) {
      await locker.addEvent(caseId, { kind: 'call', occurredAt: at, title: `Call ${at}` });
    }
    const whole = await call('timeline:get', { caseId });
    if (!whole.ok) throw new Error(whole.error.message);
    const all = whole.value;
    expect(all.total).toBe(all.rows.length);
    const instantThenId = (r: { utc: string; id: string }) => `${r.utc} ${r.id}`;
    expect(all.rows.map(instantThenId)).toEqual(all.rows.map(instantThenId).sort());
    expect(all.facets).toEqual({
      types: ['evidence', 'event', 'transaction', 'message'],
      hasDisputed: true,
      tags: ['app', 'charge'],
      sources: expect.arrayContaining([
        { id: 'manual', title: null },
        { id: shot.id, title: shot.title },
        { id: lunch.source.evidenceId, title: 'alipay.csv' },
      ]) as unknown,
    });
    for (const first of [1, 2, 4, all.total - 1, all.total, 1000]) {
      const page = await call('timeline:get', { caseId, first });
      expect(page).toMatchObject({ ok: true });
      if (!page.ok) continue;
      expect(page.value.rows).toEqual(all.rows.slice(0, first));
      expect(page.value.total).toBe(all.total);
      expect(page.value.facets).toEqual(all.facets);
    }
    for (const first of [0, 1001, 2.5]) {
      expect(await call('timeline:get', { caseId, first })).toMatchObject({
        ok: false,
        error: { code: 'bad_input' },
      });
    }
  });

  it('keeps redaction boxes for images only, by exact id, clipped and logged', async () => {
    const caseId = await caseWithBill();
    const items = locker.listEvidence(caseId);
    const png = items.find((e) => e.mime === 'image/png')!;
    const csv = items.find((e) => e.originalName === 'alipay.csv')!;
    expect(
      await call('redaction:set', { evidenceId: png.id, boxes: [{ x: 30, y: 70, width: 50, height: 50 }] }),
    ).toEqual({ ok: true, value: { evidenceId: png.id, boxes: [{ x: 30, y: 70, width: 10, height: 10 }] } });
    expect(await call('redaction:get', { evidenceId: png.id })).toMatchObject({
      ok: true,
      value: { boxes: [{ x: 30, y: 70, width: 10, height: 10 }] },
    });
    expect(
      await call('redaction:set', { evidenceId: csv.id, boxes: [{ x: 1, y: 1, width: 1, height: 1 }] }),
    ).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    // `ev_0000` starts every id here: the Locker would try it as a prefix; the API answers no item.
    expect((await call('redaction:get', { evidenceId: 'ev_0000' })).ok).toBe(false);
    expect(locker.custodyLog({ subjectId: png.id }).map((e) => e.action)).toEqual([
      'evidence.add',
      'evidence.redact',
    ]);
    const draft = await call('export:draft', { caseId, recipient: 'bank', lang: 'zh-CN' });
    expect(draft.ok && draft.value.exhibits.find((x) => x.evidenceId === png.id)?.isRedacted).toBe(true);
    expect(draft.ok && draft.value.letter.length).toBeGreaterThan(50);
  });

  it('exports through the bridge’s download folder inside the locker and forgets it on close', async () => {
    const caseId = await caseWithBill();
    const downloads = new ExportDownloads(locker);
    const summary = await downloads.run({ caseId, recipient: 'plain', lang: 'en', withArchive: true });
    expect(summary.files.map((f) => f.kind)).toEqual(['packet', 'archive']);
    expect(summary.files[0]!.name).toBe(`${summary.reference}.pdf`);
    expect(path.relative(locker.dir, downloads.root).startsWith('exports')).toBe(true);
    const found = await downloads.find(summary.files[0]!.downloadId!);
    expect(found).toMatchObject({ contentType: 'application/pdf', name: `${summary.reference}.pdf` });
    expect(found!.size).toBe(summary.files[0]!.bytes);
    expect((await downloads.find(summary.files[1]!.downloadId!))?.contentType).toBe('application/zip');
    expect(await downloads.find('../../locker.db')).toBeNull();
    expect(await downloads.find('0'.repeat(32))).toBeNull();
    await downloads.close();
    expect(existsSync(downloads.root)).toBe(false);
    expect(await downloads.find(summary.files[0]!.downloadId!)).toBeNull();
  });
});
